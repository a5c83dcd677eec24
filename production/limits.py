"""HTTP limits for the Rasa server: body size and a per-sender token bucket.

* ``MAX_BODY_BYTES`` (default 64 KiB): a larger request body gets 413 from Sanic
  before any channel reads it (the REST channel separately refuses a *message* over
  50,000 characters).
* ``RATE_LIMIT_PER_MINUTE`` (default 30) and ``RATE_LIMIT_BURST`` (default 10): each
  sender of a channel webhook (``POST /webhooks/<channel>/webhook``) has a token
  bucket; a message when it is empty gets 429 with ``Retry-After``, and only that
  sender is slowed down. The key is the JSON body's ``sender`` (else the client
  address). ``RATE_LIMIT_PER_MINUTE=0`` turns it off.

With a Redis lock store (``LOCK_STORE_URL``, which more than one worker requires) the
buckets live in that Redis, so all workers share one allowance per sender
(``RedisTokenBuckets``: one atomic script per message, the sender hashed in the key).
Without it they live in the worker's memory. When Redis cannot be reached, each worker
falls back to its own buckets: a flood limit must never turn into an error for the
person writing. socket.io messages do not pass through HTTP middleware and are not
limited here.
"""
from __future__ import annotations

import hashlib
import json
import logging
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


class RedisTokenBuckets:
    """The same token buckets, shared by every worker through Redis.

    ``take`` has TokenBuckets' contract. Any Redis error falls back to ``local`` (this
    worker's own buckets) and is logged once per outage.
    """

    # KEYS[1] the bucket; ARGV rate (tokens/s), burst, now (s). Returns the wait, as text.
    _SCRIPT = """
local v = redis.call('HMGET', KEYS[1], 't', 'l')
local rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(v[1]) or burst
local last = tonumber(v[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'l', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""

    def __init__(self, url: str, per_minute: float, burst: int, prefix: str = "twitch:rate:") -> None:
        import redis

        self.local = TokenBuckets(per_minute, burst)
        self.rate, self.burst, self.prefix = self.local.rate, self.local.burst, prefix
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self._redis.register_script(self._SCRIPT)
        self._down = False

    def take(self, key: str, now: Optional[float] = None) -> float:
        bucket = self.prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        try:
            wait = float(self._script(keys=[bucket], args=[self.rate, self.burst,
                                                           time.time() if now is None else now]))
        except Exception:  # noqa: BLE001 - Redis down or slow: this worker's own buckets
            if not self._down:
                logging.getLogger(__name__).warning(
                    "flood limit: Redis unreachable, each worker counts on its own until it is back")
            self._down = True
            return self.local.take(key, now=now)
        self._down = False
        return wait


def buckets_from_env(per_minute: float, burst: int):
    """Shared buckets when a Redis lock store is configured, else this worker's own."""
    url = os.environ.get("LOCK_STORE_URL", "").strip()
    if url.startswith(("redis://", "rediss://")):
        return RedisTokenBuckets(url, per_minute, burst)
    return TokenBuckets(per_minute, burst)


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
    buckets = buckets_from_env(per_minute, burst)

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
