"""How the assistant runs, read from the environment and checked before anything starts.

No variables: embedded, as in development (SQLite in build/conversations.db, one
worker, the HTTP API open on localhost). The variables (a contract: docs/DEPLOY.md,
docker-compose.yml and deploy/k8s use the same names):

| variable | effect |
| --- | --- |
| ``TRACKER_STORE_URL`` | ``postgresql://user:pass@host:port/db``: conversations in PostgreSQL (also ``sqlite:///path``) |
| ``LOCK_STORE_URL`` | ``redis://host:port/db``: Rasa's Redis lock store (needed for more than one worker) |
| ``RASA_WORKERS`` | N Sanic workers (Rasa reads ``SANIC_WORKERS``); refused unless ``LOCK_STORE_URL`` is set |
| ``RASA_API_TOKEN`` | every HTTP API route needs ``?token=`` (Rasa's ``--auth-token``) |
| ``RASA_ENV`` | ``development`` (default) or ``production``: in production the HTTP API is off unless ``RASA_API_TOKEN`` is set, and ``ACTION_SERVER_TOKEN`` is required |
| ``ACTION_SERVER_TOKEN`` | the token Rasa sends to the action server; generated for each start when unset in development |
| ``ACTION_SERVER_URL`` | where Rasa finds the action server (deployments; the embedded stack sets it) |
| ``RATE_LIMIT_PER_MINUTE``, ``RATE_LIMIT_BURST``, ``MAX_BODY_BYTES`` | production/limits.py (the flood limit is off in development unless set) |

``RuntimeConfig.from_env()`` raises ``ConfigError`` with a sentence for the operator;
``check_reachable()`` fails fast when a store cannot be reached (Rasa itself would
retry PostgreSQL every 5 s forever).
"""
from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
SQLITE_DB = ROOT / "build" / "conversations.db"
ENVIRONMENTS = ("development", "production")

TRACKER_CLASS = "production.tracker_store.ForgettingSQLTrackerStore"
MEMORY_TRACKER_CLASS = "production.tracker_store.ForgettingInMemoryTrackerStore"
LOCK_CLASS = "production.lock_store.RedisUrlLockStore"


class ConfigError(ValueError):
    """A configuration that must not start, with what to do about it."""


def redact(url: str) -> str:
    """The URL without its password."""
    parsed = urlparse(url)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return url


@dataclass
class RuntimeConfig:
    environment: str = "development"
    tracker_store: str = "sqlite"  # "sqlite", "postgresql" or "memory"
    tracker_store_url: Optional[str] = None
    lock_store_url: Optional[str] = None
    workers: int = 1
    api_token: Optional[str] = None
    action_token: str = ""
    action_token_generated: bool = False
    extra_env: Dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ reading
    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None,
                 default_store: str = "sqlite") -> "RuntimeConfig":
        env = os.environ if env is None else env
        get = lambda name: (env.get(name) or "").strip() or None  # noqa: E731
        environment = (get("RASA_ENV") or "development").lower()
        if environment not in ENVIRONMENTS:
            raise ConfigError(f"RASA_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}.")

        url = get("TRACKER_STORE_URL")
        if url:
            scheme = urlparse(url).scheme.split("+")[0]
            if scheme in ("postgresql", "postgres"):
                store = "postgresql"
                parsed = urlparse(url)
                if not parsed.hostname or not parsed.path.strip("/"):
                    raise ConfigError("TRACKER_STORE_URL must name a host and a database: "
                                      "postgresql://user:pass@host:5432/dbname")
            elif scheme == "sqlite":
                store = "sqlite"
            else:
                raise ConfigError(f"TRACKER_STORE_URL must start with postgresql:// or sqlite:///, "
                                  f"not {redact(url)!r}.")
        else:
            store = default_store
            url = f"sqlite:///{SQLITE_DB}" if store == "sqlite" else None

        lock = get("LOCK_STORE_URL")
        if lock:
            parsed = urlparse(lock)
            if parsed.scheme not in ("redis", "rediss") or not parsed.hostname:
                raise ConfigError(f"LOCK_STORE_URL must look like redis://host:6379/1, not {redact(lock)!r}.")
            db = parsed.path.strip("/") or "1"
            if not db.isdigit():
                raise ConfigError("LOCK_STORE_URL's database must be a number: redis://host:6379/1")

        raw_workers = get("RASA_WORKERS") or "1"
        try:
            workers = int(raw_workers)
        except ValueError:
            raise ConfigError(f"RASA_WORKERS must be a whole number, not {raw_workers!r}.") from None
        if workers < 1:
            raise ConfigError("RASA_WORKERS must be at least 1.")
        if workers > 1 and not lock:
            raise ConfigError(
                f"RASA_WORKERS={workers} needs a Redis lock store: set LOCK_STORE_URL=redis://host:6379/1. "
                "Without it two workers could answer the same conversation at once and lose or "
                "reorder its events.")
        if workers > 1 and store == "memory":
            raise ConfigError("RASA_WORKERS > 1 needs a shared tracker store (TRACKER_STORE_URL): "
                              "in-memory conversations are not shared between workers.")
        if workers > 1 and store == "sqlite":
            raise ConfigError("RASA_WORKERS > 1 needs PostgreSQL (TRACKER_STORE_URL=postgresql://...): "
                              "SQLite does not take concurrent writers from several processes well.")

        action_token = get("ACTION_SERVER_TOKEN")
        generated = False
        if not action_token:
            if environment == "production":
                raise ConfigError("RASA_ENV=production needs ACTION_SERVER_TOKEN (any long random "
                                  "string, the same for Rasa and the action server).")
            action_token, generated = secrets.token_urlsafe(32), True

        return cls(environment=environment, tracker_store=store, tracker_store_url=url,
                   lock_store_url=lock, workers=workers, api_token=get("RASA_API_TOKEN"),
                   action_token=action_token, action_token_generated=generated)

    # ------------------------------------------------------------------ derived
    @property
    def api_enabled(self) -> bool:
        return self.environment == "development" or bool(self.api_token)

    def endpoints_yaml(self) -> str:
        """The endpoints file: secrets are ${VARIABLES}, filled in by Rasa from process_env()."""
        lines = [
            "# Written by scripts/runtime_config.py; values come from the environment.",
            "action_endpoint:",
            # unquoted: Rasa expands ${VARIABLES} only in plain YAML scalars
            "  url: ${ACTION_SERVER_URL}",
            "  headers:",
            "    Authorization: Bearer ${ACTION_SERVER_TOKEN}",
            "tracker_store:",
        ]
        if self.tracker_store == "memory":
            lines += [f"  type: {MEMORY_TRACKER_CLASS}"]
        else:
            lines += [f"  type: {TRACKER_CLASS}", "  url: ${TRACKER_STORE_URL}"]
        if self.lock_store_url:
            lines += ["lock_store:", f"  type: {LOCK_CLASS}", "  url: ${LOCK_STORE_URL}"]
        return "\n".join(lines) + "\n"

    def process_env(self, action_url: str) -> Dict[str, str]:
        """Variables for the Rasa and action server processes."""
        env = {
            "ACTION_SERVER_URL": action_url,
            "ACTION_SERVER_TOKEN": self.action_token,
            "SANIC_WORKERS": str(self.workers),
            "RASA_ENV": self.environment,
        }
        if self.tracker_store_url:
            env["TRACKER_STORE_URL"] = self.tracker_store_url
        if self.lock_store_url:
            env["LOCK_STORE_URL"] = self.lock_store_url
        if self.environment == "development" and not os.environ.get("RATE_LIMIT_PER_MINUTE"):
            # the flood limit is for the public: off on a developer's machine (tests and
            # evaluations send whole conversations in seconds), on in production (30/min)
            env["RATE_LIMIT_PER_MINUTE"] = "0"
        env.update(self.extra_env)
        return env

    def rasa_api_args(self) -> List[str]:
        if not self.api_enabled:
            return []
        args = ["--enable-api"]
        if self.api_token:
            args += ["--auth-token", self.api_token]
        return args

    def summary(self) -> List[str]:
        if self.tracker_store == "postgresql":
            store = f"PostgreSQL {redact(self.tracker_store_url or '')}"
        elif self.tracker_store == "sqlite":
            store = f"SQLite {(self.tracker_store_url or '').replace('sqlite:///', '')}"
        else:
            store = "in memory (lost on restart)"
        lock = f"Redis {redact(self.lock_store_url)}" if self.lock_store_url else "in-process (one worker)"
        if not self.api_enabled:
            api = "off (RASA_ENV=production and no RASA_API_TOKEN)"
        elif self.api_token:
            api = "on, token required"
        else:
            api = "on, no token (development only)"
        token = "generated for this start" if self.action_token_generated else "from ACTION_SERVER_TOKEN"
        return [
            f"Environment:  {self.environment}",
            f"Conversations: {store}",
            f"Locks:        {lock}",
            f"Workers:      {self.workers}",
            f"HTTP API:     {api}",
            f"Action server token: {token}",
        ]

    # ------------------------------------------------------------------ checks
    def check_reachable(self, timeout: float = 5.0) -> None:
        """Raises ConfigError if PostgreSQL or Redis cannot be reached."""
        if self.tracker_store == "postgresql" and self.tracker_store_url:
            _check_postgres(self.tracker_store_url, timeout)
        if self.lock_store_url:
            _check_redis(self.lock_store_url, timeout)


def _check_postgres(url: str, timeout: float) -> None:
    import psycopg2

    parsed = urlparse(url)
    try:
        conn = psycopg2.connect(host=parsed.hostname, port=parsed.port or 5432,
                                dbname=parsed.path.strip("/"),
                                user=unquote(parsed.username or "") or None,
                                password=unquote(parsed.password or "") or None,
                                connect_timeout=max(1, int(timeout)))
        conn.close()
    except psycopg2.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ConfigError(f"Cannot reach PostgreSQL at {redact(url)} (TRACKER_STORE_URL): {reason}") from None


def _check_redis(url: str, timeout: float) -> None:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
        client.close()
    except (redis.RedisError, OSError, socket.error) as error:
        raise ConfigError(f"Cannot reach Redis at {redact(url)} (LOCK_STORE_URL): {error}") from None
