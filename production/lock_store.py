"""Rasa's Redis lock store, configured by one URL (``LOCK_STORE_URL``).

Rasa passes a custom lock store its endpoint config (``endpoint_config=``); this class
reads a full
``redis://[:password@]host:port/db`` URL there (and ``rediss://`` for TLS).
"""
from __future__ import annotations

import asyncio
import logging
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any, Optional, Text
from urllib.parse import unquote, urlparse

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

logger = logging.getLogger(__name__)


class RedisUrlLockStore(RedisLockStore):
    def __init__(self, host: Optional[Text] = None, endpoint_config: Any = None,
                 **kwargs: Any) -> None:
        # Rasa 3.6 creates a custom lock store with `endpoint_config=` only
        if endpoint_config is not None:
            host = host or endpoint_config.url
            kwargs = {**endpoint_config.kwargs, **kwargs}
        url = urlparse(host or "redis://localhost:6379/1")
        if url.scheme not in ("redis", "rediss"):
            raise ValueError("LOCK_STORE_URL must look like redis://host:port/db")
        db = (url.path or "/1").lstrip("/") or "1"
        super().__init__(
            host=url.hostname or "localhost",
            port=url.port or 6379,
            db=int(db),
            username=unquote(url.username) if url.username else None,
            password=unquote(url.password) if url.password else None,
            use_ssl=url.scheme == "rediss",
            key_prefix=kwargs.get("key_prefix"),
            socket_timeout=float(kwargs.get("socket_timeout", 10)),
        )

    # ------------------------------------------------------------------ the lock
    # Rasa 3.6's RedisLockStore issues "tickets" by reading a JSON lock from Redis,
    # adding a ticket and writing it back: not atomic. With two workers and concurrent
    # messages to one conversation, one worker's write overwrites the other's ticket
    # or deletes the lock while it waits ("Could not acquire lock for conversation_id",
    # seen in tests/production/test_stack_1_stores.py). This replaces it with Redis's
    # own atomic primitive: SET key token NX PX lifetime to take the lock, and a
    # compare-and-delete script to release only our own lock. A worker that dies
    # holding a lock loses it after the lifetime (TICKET_LOCK_LIFETIME, 60 s).
    _RELEASE = ("if redis.call('get', KEYS[1]) == ARGV[1] then "
                "return redis.call('del', KEYS[1]) else return 0 end")

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 0.05):
        key = f"{self.key_prefix}mutex:{conversation_id}"
        token = uuid.uuid4().hex
        deadline = time.monotonic() + max(float(lock_lifetime), 1.0)
        try:
            while not self.red.set(key, token, nx=True, px=int(float(lock_lifetime) * 1000)):
                if time.monotonic() > deadline:
                    raise LockError(f"Timed out waiting for the lock of a conversation "
                                    f"({lock_lifetime:.0f}s).")
                await asyncio.sleep(min(float(wait_time_in_seconds), 0.05))
        except LockError:
            raise
        except Exception as error:  # Redis unreachable
            raise LockError(f"Could not take a conversation lock: {type(error).__name__}: {error}") from error
        try:
            yield self
        finally:
            try:
                self.red.eval(self._RELEASE, 1, key, token)
            except Exception:  # noqa: BLE001 (Redis gone: the lock expires by itself)
                logger.warning("Could not release a conversation lock; it expires by itself.")
