"""Slack, Telegram, Twilio (SMS and WhatsApp) and Facebook Messenger channels.

Switched on by environment variables (channels/platforms.py, docs/CHANNELS.md); each
answers on ``/webhooks/{name}/webhook``. Every channel does the same, in this order:

1. **verify** the request (channels/verify.py): Slack signing secret and timestamp,
   Telegram's secret token header, Twilio's signature over TWILIO_WEBHOOK_URL,
   Messenger's ``X-Hub-Signature-256``. A missing signature is a 401, a wrong one a 403,
   logged with the reason and never the text; nothing reaches the tracker store;
2. **read** the platform's message (a malformed body is a 400, never a 500);
3. **claim** the delivery in the shared store (channels/store.py: SQLite or Redis,
   shared by every worker): a re-delivery (Slack retry, same Telegram ``update_id``,
   Twilio ``MessageSid``, Messenger ``mid``) is acknowledged with a 200 and dropped;
4. **acknowledge** at once and handle the message in the background (Slack re-sends
   after 3 seconds without an answer), collecting the whole turn's replies;
5. **render** the turn natively (channels/render.py: emergency first and alone, the
   assessment as one text, buttons as the platform's own) and **send** it with retries
   (channels/delivery.py). If a reply cannot be delivered, the rest of that turn is not
   sent (so nothing ever arrives before an emergency it should follow); the
   conversation is in the tracker store either way.

Why not Rasa's own connectors (rasa.core.channels.slack, telegram, twilio, facebook):
they answer inside the request, send each message as it comes (text and assessment
twice, the emergency not first), do not verify Telegram or Twilio requests, check
Messenger with SHA-1, have no shared memory of deliveries, and call fixed platform URLs
(Telegram's at start-up). These channels share only Rasa's ``InputChannel`` interface.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from channels import render, store, verify
from channels.delivery import RetryPolicy, post
from channels.rest import MAX_MESSAGE_CHARS, clean_text

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
GRAPH_API_VERSION = "v18.0"


class TurnCollector(OutputChannel):
    """Keeps each reply of a turn whole (Rasa's CollectingOutputChannel splits a reply
    with text and a custom payload into two messages)."""

    def __init__(self) -> None:
        self.messages: List[Dict[Text, Any]] = []

    @classmethod
    def name(cls) -> Text:
        return "collector"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.messages.append(dict(message))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        self.messages.append({"text": text})


@dataclass
class Inbound:
    """One message taken from a platform request."""

    key: str  # what makes a re-delivery recognisable
    sender_id: str  # the conversation in the tracker store
    reply_to: Dict[str, str]  # where the replies go (chat, channel, number...)
    text: str
    metadata: Dict[str, Any] = field(default_factory=dict)


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


class PlatformInput(InputChannel):
    """What the four platforms share (see the module docstring)."""

    platform = ""

    def __init__(self, api_url: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.policy = RetryPolicy.from_env()
        self._store: Optional[store.SharedStore] = None
        self._store_pid = 0
        self._session: Optional[aiohttp.ClientSession] = None
        self._tasks: Set[asyncio.Task] = set()

    @classmethod
    def name(cls) -> Text:
        return cls.platform

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "InputChannel":
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(**{k: str(v) for k, v in credentials.items()})

    # ------------------------------------------------------------------ shared pieces
    @property
    def store(self) -> store.SharedStore:
        if self._store is None or self._store_pid != os.getpid():  # one per worker process
            self._store, self._store_pid = store.from_env(), os.getpid()
        return self._store

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    def buttons_key(self, inbound: Inbound) -> str:
        return f"buttons:{inbound.sender_id}"

    def remember_buttons(self, inbound: Inbound, buttons: List[Dict[str, str]]) -> None:
        if buttons:
            self.store.put(self.buttons_key(inbound), json.dumps(buttons))

    def offered_buttons(self, inbound: Inbound) -> List[Dict[str, str]]:
        try:
            value = json.loads(self.store.get(self.buttons_key(inbound)) or "[]")
        except ValueError:
            return []
        return value if isinstance(value, list) else []

    # ------------------------------------------------------------------ per platform
    def check(self, request: Request) -> str:
        """"" if the request is genuine, else why not."""
        raise NotImplementedError

    def read(self, request: Request) -> List[Inbound]:
        raise NotImplementedError

    def acknowledge(self, request: Request) -> HTTPResponse:
        return response.json({"ok": True})

    def special(self, request: Request) -> Optional[HTTPResponse]:
        """An answer to a verified request that is not a message (URL checks)."""
        return None

    async def render_and_send(self, inbound: Inbound, messages: List[Dict[str, Any]]) -> None:
        raise NotImplementedError

    async def before_rasa(self, inbound: Inbound) -> Optional[str]:
        """The text to give Rasa (None: the channel answered it itself)."""
        return inbound.text

    async def on_start(self) -> None:
        """Called once the server runs (Telegram registers its webhook)."""

    # ------------------------------------------------------------------ the webhook
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint(f"twitch_{self.platform}_webhook", __name__)

        @hook.listener("after_server_start")
        async def _started(app: Any, loop: Any) -> None:
            task = asyncio.ensure_future(self.on_start())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

        @hook.listener("before_server_stop")
        async def _stopping(app: Any, loop: Any) -> None:
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=5)
            if self._session is not None and not self._session.closed:
                await self._session.close()

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        return hook

    async def receive(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        try:
            if len(request.body or b"") > MAX_BODY_BYTES:
                raise Refused(413, "request body too large")
            reason = self.check(request)
            if reason:
                missing = reason.startswith("missing")
                raise Refused(401 if missing else 403, reason)
            special = self.special(request)
            if special is not None:
                return special
            if request.method != "POST":
                raise Refused(405, "only POST carries messages")
            try:
                inbound = self.read(request)
            except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
                raise Refused(400, f"unreadable {self.platform} request ({type(error).__name__})") from error
        except Refused as refusal:
            logger.warning("%s: refused a request from %s with %d: %s",
                           self.platform, request.remote_addr or request.ip, refusal.status, refusal.reason)
            return response.text(refusal.reason, status=refusal.status)
        for message in inbound:
            if not self.store.claim(f"{self.platform}:{message.key}"):
                logger.info("%s: %s delivered again; acknowledged, not answered twice",
                            self.platform, message.key)
                continue
            task = asyncio.ensure_future(self.handle(message, on_new_message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return self.acknowledge(request)

    async def handle(self, inbound: Inbound, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        try:
            text = await self.before_rasa(inbound)
            if text is None:
                return
            collector = TurnCollector()
            await on_new_message(UserMessage(
                clean_text(text)[:MAX_MESSAGE_CHARS], collector, inbound.sender_id,
                input_channel=self.name(), metadata=inbound.metadata or None,
            ))
            await self.render_and_send(inbound, collector.messages)
        except Exception:  # noqa: BLE001 (logged; the next message starts afresh)
            logger.exception("%s: could not handle message %s", self.platform, inbound.key)

    async def send_all(self, inbound: Inbound, bodies: List[Any],
                       send: Callable[[Any], Awaitable[bool]]) -> int:
        """Sends the bodies in order; stops at the first undelivered one. Returns how
        many were delivered."""
        for count, body in enumerate(bodies):
            if not await send(body):
                logger.error("%s: %d of %d replies to %s not sent (conversation kept in the tracker)",
                             self.platform, len(bodies) - count, len(bodies), inbound.sender_id)
                return count
        return len(bodies)


def _header(request: Request, name: str) -> Optional[str]:
    value = request.headers.get(name)
    return value if isinstance(value, str) else None


# =========================================================================== Slack
class SlackInput(PlatformInput):
    """Slack Events API (messages to the app, mentions) and interactivity (button
    clicks), both on /webhooks/slack/webhook."""

    platform = "slack"

    def __init__(self, token: str, signing_secret: str, api_url: str = "https://slack.com/api") -> None:
        super().__init__(api_url)
        self.token, self.signing_secret = token, signing_secret.encode()

    def check(self, request: Request) -> str:
        if request.method != "POST":
            return "missing X-Slack-Signature"  # Slack only POSTs
        return verify.slack(self.signing_secret, _header(request, "X-Slack-Request-Timestamp"),
                            request.body or b"", _header(request, "X-Slack-Signature"), time.time())

    def _json(self, request: Request) -> Dict[str, Any]:
        if "application/x-www-form-urlencoded" in (request.content_type or ""):
            body = json.loads(request.form.get("payload") or "")  # interactivity
        else:
            body = json.loads((request.body or b"").decode("utf-8"))
        if not isinstance(body, dict):
            raise ValueError("not an object")
        return body

    def special(self, request: Request) -> Optional[HTTPResponse]:
        try:
            body = self._json(request)
        except (ValueError, TypeError, UnicodeDecodeError):
            return None  # read() answers 400
        if body.get("type") == "url_verification":
            return response.json({"challenge": str(body.get("challenge", ""))})
        return None

    def acknowledge(self, request: Request) -> HTTPResponse:
        return response.text("", status=200, headers={"X-Slack-No-Retry": "1"})

    def read(self, request: Request) -> List[Inbound]:
        body = self._json(request)
        if body.get("type") == "block_actions":
            user, channel = body["user"]["id"], body["channel"]["id"]
            action = body["actions"][0]
            return [Inbound(key=f"action:{user}:{action['action_ts']}", sender_id=f"slack:{user}",
                            reply_to={"channel": channel}, text=str(action["value"]))]
        if body.get("type") != "event_callback":
            return []
        event = body["event"]
        # direct messages, and mentions elsewhere: never every message of a channel
        wanted = event.get("type") == "app_mention" or (
            event.get("type") == "message" and event.get("channel_type") == "im")
        if (not wanted or event.get("subtype") or event.get("bot_id") or not event.get("user")
                or not isinstance(event.get("text"), str)):
            return []
        text = " ".join(w for w in event["text"].split() if not (w.startswith("<@") and w.endswith(">")))
        # channel + ts: a retry, and the message and app_mention events of one message, share it
        return [Inbound(key=f"{body.get('team_id', '')}:{event['channel']}:{event['ts']}",
                        sender_id=f"slack:{event['user']}", reply_to={"channel": event["channel"]},
                        text=text)]

    async def render_and_send(self, inbound: Inbound, messages: List[Dict[str, Any]]) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}

        async def send(body: Dict[str, Any]) -> bool:
            return await post(self.session(), f"{self.api_url}/chat.postMessage", platform=self.platform,
                              recipient=inbound.sender_id, policy=self.policy, headers=headers,
                              json={"channel": inbound.reply_to["channel"], **body},
                              accept=lambda _, answer: isinstance(answer, dict) and answer.get("ok") is True)

        await self.send_all(inbound, render.slack_messages(messages), send)


# =========================================================================== Telegram
class TelegramInput(PlatformInput):
    """Telegram Bot API webhook; registers itself with setWebhook and secret_token at
    start-up, against TELEGRAM_API_URL."""

    platform = "telegram"

    def __init__(self, token: str, bot_name: str, secret_token: str, webhook_url: str,
                 api_url: str = "https://api.telegram.org") -> None:
        super().__init__(api_url)
        self.token, self.bot_name = token, bot_name.lstrip("@")
        self.secret_token, self.webhook_url = secret_token, webhook_url

    def method_url(self, method: str) -> str:
        return f"{self.api_url}/bot{self.token}/{method}"

    async def on_start(self) -> None:
        body = {"url": self.webhook_url, "secret_token": self.secret_token,
                "allowed_updates": ["message", "callback_query"]}
        ok = await post(self.session(), self.method_url("setWebhook"), platform=self.platform,
                        recipient="setWebhook", policy=self.policy, json=body,
                        accept=lambda _, answer: isinstance(answer, dict) and answer.get("ok") is True)
        if ok:
            logger.info("telegram: webhook registered with its secret token")
        else:
            logger.error("telegram: setWebhook failed; Telegram will not deliver messages until it succeeds")

    def check(self, request: Request) -> str:
        return verify.telegram(self.secret_token, _header(request, "X-Telegram-Bot-Api-Secret-Token"))

    def read(self, request: Request) -> List[Inbound]:
        update = json.loads((request.body or b"").decode("utf-8"))
        update_id = update["update_id"]
        if not isinstance(update_id, int):
            raise ValueError("update_id")
        if isinstance(update.get("callback_query"), dict):
            query = update["callback_query"]
            chat = query["message"]["chat"]["id"]
            return [Inbound(key=str(update_id), sender_id=f"telegram:{chat}",
                            reply_to={"chat_id": str(chat), "callback_query_id": str(query.get("id", ""))},
                            text=str(query.get("data") or ""), metadata={"button": True})]
        message = update.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("text"), str):
            return []  # edits, stickers, photos, joins: nothing to answer
        chat = message["chat"]["id"]
        text = message["text"]
        if text.split("@")[0] == "/start":
            text = "/greet"
        elif text.endswith(f"@{self.bot_name}"):
            text = text[: -len(self.bot_name) - 1]
        return [Inbound(key=str(update_id), sender_id=f"telegram:{chat}", reply_to={"chat_id": str(chat)},
                        text=text)]

    async def before_rasa(self, inbound: Inbound) -> Optional[str]:
        if inbound.metadata.get("button"):
            query_id = inbound.reply_to.get("callback_query_id")
            if query_id:  # stops the button's spinner; not worth retrying
                await post(self.session(), self.method_url("answerCallbackQuery"), platform=self.platform,
                           recipient=inbound.sender_id, policy=RetryPolicy(attempts=1),
                           json={"callback_query_id": query_id})
            if inbound.text.startswith("#") and inbound.text[1:].isdigit():
                offered = self.offered_buttons(inbound)
                index = int(inbound.text[1:])
                if 0 <= index < len(offered):
                    return offered[index]["payload"]
        return inbound.text

    async def render_and_send(self, inbound: Inbound, messages: List[Dict[str, Any]]) -> None:
        offered = [render.buttons_of(m) for m in messages if render.buttons_of(m)]
        if offered:  # "#n" callback data (payloads over 64 bytes) refers to these
            self.remember_buttons(inbound, offered[-1])

        async def send(body: Dict[str, Any]) -> bool:
            return await post(self.session(), self.method_url("sendMessage"), platform=self.platform,
                              recipient=inbound.sender_id, policy=self.policy,
                              json={"chat_id": inbound.reply_to["chat_id"], **body},
                              accept=lambda _, answer: isinstance(answer, dict) and answer.get("ok") is True)

        await self.send_all(inbound, render.telegram_messages(messages), send)


# =========================================================================== Twilio
class TwilioInput(PlatformInput):
    """Twilio Messaging webhook for SMS and WhatsApp (senders ``whatsapp:+...``); replies
    with the Messages REST API, options numbered, the assessment short on SMS with the
    full text on "DETAILS"."""

    platform = "twilio"

    def __init__(self, account_sid: str, auth_token: str, number: str, webhook_url: str,
                 api_url: str = "https://api.twilio.com") -> None:
        super().__init__(api_url)
        self.account_sid, self.auth_token, self.number = account_sid, auth_token, number
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token)

    def check(self, request: Request) -> str:
        if request.method != "POST":
            return "missing X-Twilio-Signature"
        try:
            form = request.form
        except Exception:  # noqa: BLE001 (an unreadable form cannot be signed)
            return "wrong signature"
        return verify.twilio(self.validator, self.webhook_url, form, _header(request, "X-Twilio-Signature"))

    def acknowledge(self, request: Request) -> HTTPResponse:
        return response.text(EMPTY_TWIML, content_type="text/xml")

    def read(self, request: Request) -> List[Inbound]:
        form = request.form
        sid, sender, to = form.get("MessageSid") or form.get("SmsSid"), form.get("From"), form.get("To")
        if not sid or not sender:
            raise ValueError("MessageSid and From are required")
        whatsapp = sender.startswith("whatsapp:")
        ours = to or (f"whatsapp:{self.number}" if whatsapp else self.number)
        return [Inbound(key=sid, sender_id=sender if whatsapp else f"sms:{sender}",
                        reply_to={"to": sender, "from": ours, "whatsapp": "1" if whatsapp else ""},
                        text=form.get("Body") or "")]

    def _send(self, inbound: Inbound) -> Callable[[str], Awaitable[bool]]:
        url = f"{self.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        auth = aiohttp.BasicAuth(self.account_sid, self.auth_token)

        async def send(text: str) -> bool:
            return await post(self.session(), url, platform=self.platform, recipient=inbound.sender_id,
                              policy=self.policy, auth=auth,
                              data={"To": inbound.reply_to["to"], "From": inbound.reply_to["from"], "Body": text})

        return send

    async def before_rasa(self, inbound: Inbound) -> Optional[str]:
        if render.is_details_request(inbound.text):
            details = self.store.get(f"details:{inbound.sender_id}")
            if details:
                await self.send_all(inbound, render.details_bodies(details), self._send(inbound))
                return None
        payload = render.match_reply(inbound.text, self.offered_buttons(inbound))
        return payload if payload is not None else inbound.text

    async def render_and_send(self, inbound: Inbound, messages: List[Dict[str, Any]]) -> None:
        turn = render.sms_turn(messages, whatsapp=bool(inbound.reply_to.get("whatsapp")))
        # always replaced: a bare "2" must not pick an option offered turns ago
        self.store.put(self.buttons_key(inbound), json.dumps(turn.buttons))
        if turn.details:
            self.store.put(f"details:{inbound.sender_id}", turn.details)
        await self.send_all(inbound, turn.bodies, self._send(inbound))


# =========================================================================== Messenger
class FacebookInput(PlatformInput):
    """Facebook Messenger webhook (hub.challenge check, X-Hub-Signature-256) and the
    Send API at FACEBOOK_API_URL."""

    platform = "facebook"

    def __init__(self, verify: str, secret: str, page_access_token: str,
                 api_url: str = "https://graph.facebook.com") -> None:
        super().__init__(api_url)
        self.verify_token, self.secret = verify, secret.encode()
        self.page_access_token = page_access_token

    def check(self, request: Request) -> str:
        if request.method == "GET":
            args = request.args
            if args.get("hub.mode") != "subscribe" or not args.get("hub.verify_token"):
                return "missing hub.verify_token"
            return verify.same_secret(self.verify_token, args.get("hub.verify_token"), "hub.verify_token")
        return verify.messenger(self.secret, request.body or b"", _header(request, "X-Hub-Signature-256"))

    def special(self, request: Request) -> Optional[HTTPResponse]:
        if request.method == "GET":  # verified in check()
            return response.text(str(request.args.get("hub.challenge", "")))
        return None

    def acknowledge(self, request: Request) -> HTTPResponse:
        return response.text("EVENT_RECEIVED")

    def read(self, request: Request) -> List[Inbound]:
        body = json.loads((request.body or b"").decode("utf-8"))
        if body.get("object") != "page":
            raise ValueError("not a page event")
        found = []
        for entry in body["entry"]:
            for event in entry.get("messaging") or []:
                psid = str(event["sender"]["id"])
                message, postback = event.get("message"), event.get("postback")
                if isinstance(message, dict) and not message.get("is_echo"):
                    quick = message.get("quick_reply")
                    text = quick.get("payload") if isinstance(quick, dict) else message.get("text")
                    if isinstance(text, str) and message.get("mid"):
                        found.append(Inbound(key=str(message["mid"]), sender_id=f"facebook:{psid}",
                                             reply_to={"psid": psid}, text=text))
                elif isinstance(postback, dict) and isinstance(postback.get("payload"), str):
                    key = postback.get("mid") or f"postback:{psid}:{event.get('timestamp')}"
                    found.append(Inbound(key=str(key), sender_id=f"facebook:{psid}",
                                         reply_to={"psid": psid}, text=postback["payload"]))
        return found

    async def render_and_send(self, inbound: Inbound, messages: List[Dict[str, Any]]) -> None:
        url = f"{self.api_url}/{GRAPH_API_VERSION}/me/messages"

        async def send(message: Dict[str, Any]) -> bool:
            return await post(self.session(), f"{url}?access_token={self.page_access_token}",
                              platform=self.platform, recipient=inbound.sender_id, policy=self.policy,
                              json={"recipient": {"id": inbound.reply_to["psid"]},
                                    "messaging_type": "RESPONSE", "message": message})

        await self.send_all(inbound, render.messenger_messages(messages), send)
