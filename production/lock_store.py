"""Rasa's Redis lock store, configured by one URL (``LOCK_STORE_URL``).

Rasa passes the endpoints' ``url`` as ``host``; this class accepts a full
``redis://[:password@]host:port/db`` URL there (and ``rediss://`` for TLS).
"""
from __future__ import annotations

from typing import Any, Optional, Text
from urllib.parse import unquote, urlparse

from rasa.core.lock_store import RedisLockStore


class RedisUrlLockStore(RedisLockStore):
    def __init__(self, host: Optional[Text] = None, **kwargs: Any) -> None:
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
