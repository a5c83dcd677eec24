"""A local stand-in for the Slack, Telegram, Twilio and Graph APIs (127.0.0.1, free port).

It answers like each platform's documented success response and records every request
it receives. ``fail(platform, status, times)`` makes it answer errors instead, to test
the retries. Only the remote platforms are replaced: our channels run for real.

    base = standin.url            # SLACK_API_URL = base + "/slack/api", etc.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs

from aiohttp import web

from scripts.stack import free_port


@dataclass
class Recorded:
    platform: str
    method: str  # the API method: chat.postMessage, sendMessage, Messages.json, me/messages
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]
    body: Any  # JSON object, or the form as a dict
    status: int
    at: float = field(default_factory=time.monotonic)


class StandIn:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: List[Recorded] = []
        self._failures: Dict[str, List[Any]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1000)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    # ------------------------------------------------------------------ control
    def start(self) -> "StandIn":
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("stand-in did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def fail(self, platform: str, status: int, times: int = 1_000_000,
             retry_after: Optional[str] = None) -> None:
        """The next ``times`` requests of ``platform`` get ``status``."""
        with self._lock:
            self._failures[platform] = [status, times, retry_after]

    def heal(self, platform: Optional[str] = None) -> None:
        with self._lock:
            if platform:
                self._failures.pop(platform, None)
            else:
                self._failures.clear()

    def of(self, platform: str, method: Optional[str] = None, **match: str) -> List[Recorded]:
        """Recorded requests of a platform (and API method) whose body has these values."""
        with self._lock:
            found = [r for r in self.requests if r.platform == platform and (method is None or r.method == method)]
        return [r for r in found if all(str(r.body.get(k)) == v for k, v in match.items())]

    # ------------------------------------------------------------------ the server
    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/slack/api/{method}", self._slack)
        app.router.add_post("/telegram/bot{token}/{method}", self._telegram)
        app.router.add_post("/twilio/2010-04-01/Accounts/{sid}/Messages.json", self._twilio)
        app.router.add_post("/facebook/{version}/me/messages", self._facebook)
        runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())

    async def _record(self, platform: str, method: str, request: web.Request,
                      ok_status: int) -> tuple:
        raw = await request.read()
        if request.content_type == "application/x-www-form-urlencoded":
            body: Any = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
        else:
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_raw": raw.decode(errors="replace")}
        with self._lock:
            failure = self._failures.get(platform)
            status, retry_after = ok_status, None
            if failure and failure[1] > 0:
                status, retry_after = failure[0], failure[2]
                failure[1] -= 1
            self.requests.append(Recorded(platform, method, request.path, dict(request.query),
                                          dict(request.headers), body, status))
        return body, status, retry_after

    @staticmethod
    def _error(status: int, retry_after: Optional[str], payload: Dict[str, Any]) -> web.Response:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return web.json_response(payload, status=status, headers=headers)

    async def _slack(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body, status, retry_after = await self._record("slack", method, request, 200)
        if status != 200:
            return self._error(status, retry_after, {"ok": False, "error": "ratelimited" if status == 429 else "fatal_error"})
        if request.headers.get("Authorization", "") != "Bearer xoxb-standin-token":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        ts = f"{time.time():.6f}"
        return web.json_response({"ok": True, "channel": body.get("channel"), "ts": ts,
                                  "message": {"type": "message", "text": body.get("text"), "ts": ts}})

    async def _telegram(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body, status, retry_after = await self._record("telegram", method, request, 200)
        if status != 200:
            return self._error(status, retry_after, {"ok": False, "error_code": status, "description": "Too Many Requests: retry later" if status == 429 else "Internal Server Error"})
        if request.match_info["token"] != "123456:standin-token":
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        if method == "setWebhook":
            return web.json_response({"ok": True, "result": True, "description": "Webhook was set"})
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": 123456, "is_bot": True, "first_name": "Twitch", "username": "twitch_standin_bot"}})
        if method == "answerCallbackQuery":
            return web.json_response({"ok": True, "result": True})
        return web.json_response({"ok": True, "result": {
            "message_id": next(self._ids), "date": int(time.time()),
            "chat": {"id": int(body.get("chat_id", 0)), "type": "private"}, "text": body.get("text")}})

    async def _twilio(self, request: web.Request) -> web.Response:
        body, status, retry_after = await self._record("twilio", "Messages.json", request, 201)
        if status != 201:
            return self._error(status, retry_after, {"code": 20429 if status == 429 else 20500, "message": "Too Many Requests" if status == 429 else "Internal Server Error", "status": status})
        sid = request.match_info["sid"]
        return web.json_response({
            "sid": f"SM{next(self._ids):032d}", "account_sid": sid, "to": body.get("To"), "from": body.get("From"),
            "body": body.get("Body"), "status": "queued", "num_segments": "1", "direction": "outbound-api",
            "uri": f"/2010-04-01/Accounts/{sid}/Messages/SM.json"}, status=201)

    async def _facebook(self, request: web.Request) -> web.Response:
        body, status, retry_after = await self._record("facebook", "me/messages", request, 200)
        if status != 200:
            return self._error(status, retry_after, {"error": {"message": "(#4) Application request limit reached" if status == 429 else "An unexpected error has occurred.", "code": 4 if status == 429 else 2}})
        recipient = (body.get("recipient") or {}).get("id")
        return web.json_response({"recipient_id": recipient, "message_id": f"m_{next(self._ids)}"})
