"""HTTP limits for the Rasa server: body size and a per-sender token bucket.

* ``MAX_BODY_BYTES`` (default 64 KiB): a larger request body gets 413 from Sanic
  before any channel reads it (the REST channel separately refuses a *message* over
  50,000 characters).
* ``RATE_LIMIT_PER_MINUTE`` (default 30) and ``RATE_LIMIT_BURST`` (default 10): each
  sender of a channel webhook (``POST /webhooks/<channel>/webhook``) has a token
  bucket; a message when it is empty gets 429 with ``Retry-After``, and only that
  sender is slowed down. The key is the JSON body's ``sender`` (else the client
  address). ``RATE_LIMIT_PER_MINUTE=0`` turns it off.

Buckets live in each worker's memory: with N Sanic workers a flood can get up to N
times the allowance (documented in docs/DEPLOY.md). socket.io messages do not pass
through HTTP middleware and are not limited here.
"""
from __future__ import annotations

import json
import math
import os
import time
from collections import OrderedDict
from typing import Optional, Tuple

MAX_TRACKED_SENDERS = 50_000


class TokenBuckets:
    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self._buckets: "OrderedDict[str, Tuple[float, float]]" = OrderedDict()

    def take(self, key: str, now: Optional[float] = None) -> float:
        """0 if allowed, else the seconds until the next token."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            wait = 0.0
        else:
            self._buckets[key] = (tokens, now)
            wait = (1 - tokens) / self.rate
        while len(self._buckets) > MAX_TRACKED_SENDERS:
            self._buckets.popitem(last=False)
        return wait


def _sender_of(request) -> str:
    try:
        body = json.loads(request.body or b"{}")
        sender = body.get("sender") if isinstance(body, dict) else None
    except (ValueError, UnicodeDecodeError):
        sender = None
    if isinstance(sender, (str, int)) and not isinstance(sender, bool) and str(sender):
        return f"s:{request.path}:{sender}"
    return f"ip:{request.ip}"


def install_on(app) -> None:
    """Adds the limits to a Sanic app (called for Rasa's app by production.rasa_server)."""
    from sanic import response

    app.config.REQUEST_MAX_SIZE = int(os.environ.get("MAX_BODY_BYTES", 64 * 1024))
    per_minute = float(os.environ.get("RATE_LIMIT_PER_MINUTE", 30))
    burst = int(os.environ.get("RATE_LIMIT_BURST", 10))
    if per_minute <= 0:
        return
    buckets = TokenBuckets(per_minute, burst)

    @app.middleware("request")
    async def _per_sender_limit(request):  # noqa: ANN001
        if request.method != "POST" or not request.path.startswith("/webhooks/"):
            return None
        wait = buckets.take(_sender_of(request))
        if wait > 0:
            return response.json(
                {"error": "Too many messages from this sender; please wait a moment.",
                 "retry_after_seconds": math.ceil(wait)},
                status=429, headers={"Retry-After": str(math.ceil(wait))},
            )
        return None
