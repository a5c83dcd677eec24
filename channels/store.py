"""A small store shared by every Rasa worker: "seen this delivery?" and a few notes.

Platforms deliver a message again when they think we missed it (Slack after 3 seconds,
Telegram, Twilio and Messenger after an error or a timeout). With several worker
processes, remembering in process memory is not enough, so:

* SQLite (default): one file, ``build/channels.db`` or CHANNEL_STORE_PATH, WAL mode;
  ``claim`` is ``INSERT OR IGNORE`` on a unique key, atomic across processes.
* Redis, when LOCK_STORE_URL is ``redis://host:port/db`` (the variable of the lock
  store): ``SET key value NX EX ttl``.

Besides the claims, the SMS channel keeps per sender the options it offered last and
the full text of the last assessment (``put``/``get``, with a time to live).
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Mapping, Optional, Protocol

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = ROOT / "build" / "channels.db"
CLAIM_TTL = 2 * 24 * 3600  # platforms stop re-delivering long before this
NOTE_TTL = 24 * 3600


class SharedStore(Protocol):
    def claim(self, key: str, ttl: int = CLAIM_TTL) -> bool:
        """True the first time ``key`` is claimed (within ``ttl`` seconds), else False."""

    def release(self, key: str) -> None:
        """Forget a claim (the message could not be taken in, so a retry may be)."""

    def put(self, key: str, value: str, ttl: int = NOTE_TTL) -> None: ...

    def get(self, key: str) -> Optional[str]: ...


class SQLiteStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), timeout=10, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires REAL NOT NULL)")
        self._db.execute("CREATE TABLE IF NOT EXISTS notes (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                         "expires REAL NOT NULL)")
        self._claims = 0

    def claim(self, key: str, ttl: int = CLAIM_TTL) -> bool:
        now = time.time()
        with self._lock:
            self._claims += 1
            if self._claims % 1000 == 0:
                self._db.execute("DELETE FROM claims WHERE expires < ?", (now,))
                self._db.execute("DELETE FROM notes WHERE expires < ?", (now,))
            if self._db.execute("INSERT OR IGNORE INTO claims VALUES (?, ?)", (key, now + ttl)).rowcount:
                return True
            # an expired claim may be taken again, by exactly one process
            return bool(self._db.execute("UPDATE claims SET expires = ? WHERE key = ? AND expires < ?",
                                         (now + ttl, key, now)).rowcount)

    def release(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM claims WHERE key = ?", (key,))

    def put(self, key: str, value: str, ttl: int = NOTE_TTL) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO notes VALUES (?, ?, ?)", (key, value, time.time() + ttl))

    def get(self, key: str) -> Optional[str]:
        with self._lock:
            row = self._db.execute("SELECT value FROM notes WHERE key = ? AND expires >= ?",
                                   (key, time.time())).fetchone()
        return row[0] if row else None


class RedisStore:
    PREFIX = "twitch:channels:"

    def __init__(self, url: str) -> None:
        import redis  # a dependency of Rasa

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def claim(self, key: str, ttl: int = CLAIM_TTL) -> bool:
        return bool(self._redis.set(self.PREFIX + "claim:" + key, b"1", nx=True, ex=ttl))

    def release(self, key: str) -> None:
        self._redis.delete(self.PREFIX + "claim:" + key)

    def put(self, key: str, value: str, ttl: int = NOTE_TTL) -> None:
        self._redis.set(self.PREFIX + "note:" + key, value.encode("utf-8"), ex=ttl)

    def get(self, key: str) -> Optional[str]:
        value = self._redis.get(self.PREFIX + "note:" + key)
        return value.decode("utf-8") if value is not None else None


def from_env(env: Optional[Mapping[str, str]] = None) -> SharedStore:
    """Redis when LOCK_STORE_URL is a redis:// URL, otherwise SQLite at
    CHANNEL_STORE_PATH (default build/channels.db)."""
    env = os.environ if env is None else env
    url = env.get("LOCK_STORE_URL", "")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    return SQLiteStore(Path(env.get("CHANNEL_STORE_PATH") or DEFAULT_PATH))
