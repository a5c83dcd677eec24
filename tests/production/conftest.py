"""Real PostgreSQL and Redis (Debian's packages, loopback, free ports) and the whole
stack against them, started once per session: see scripts/local_servers.py.

Stacks: ``prod_stack`` (PostgreSQL + Redis, 2 Rasa workers, API token, the
supervisor restarting crashed processes) is shared by every test that needs it;
``tests/production/test_sqlite_production.py`` starts one more (RASA_ENV=production,
SQLite, no API token) for its module only.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import requests

from scripts.local_servers import PostgresServer, RedisServer
from scripts.runtime_config import RuntimeConfig
from scripts.stack import DEFAULT_MODEL, Stack
from scripts.supervisor import Supervisor

MODEL = Path(os.environ.get("TWITCH_MODEL") or DEFAULT_MODEL)
API_TOKEN = "api-token-for-tests"
# generous enough for a conversation, small enough to test the flood limit
RATE_ENV = {"RATE_LIMIT_PER_MINUTE": "30", "RATE_LIMIT_BURST": "10", "MAX_BODY_BYTES": "65536",
            # a lock held by a killed worker frees itself after this (Rasa's default: 60 s)
            "TICKET_LOCK_LIFETIME": "20"}


def _need(binary: str, package: str) -> None:
    if not (shutil.which(binary) or list(Path("/usr/lib/postgresql").glob(f"*/bin/{binary}"))):
        pytest.fail(f"{binary} is missing: apt-get install {package} (.ci/run does it)")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    _need("pg_ctl", "postgresql")
    server = PostgresServer.launch()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    _need("redis-server", "redis-server")
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def prod_stack(postgres: PostgresServer, redis_server: RedisServer, tmp_path_factory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: set TWITCH_MODEL or run `make train`.")
    runtime = RuntimeConfig.from_env({
        "TRACKER_STORE_URL": postgres.url, "LOCK_STORE_URL": redis_server.url,
        "RASA_WORKERS": "2", "RASA_API_TOKEN": API_TOKEN,
    })
    runtime.extra_env.update(RATE_ENV)
    stack = Stack(model=MODEL, runtime=runtime, log_dir=tmp_path_factory.mktemp("prod-logs"))
    stack.start(timeout=420)
    supervisor = Supervisor(stack, base_delay=0.5, max_crashes=10, log=lambda _: None).start()
    stack.supervisor = supervisor  # type: ignore[attr-defined]
    try:
        yield stack
    finally:
        supervisor.stop()
        stack.stop()


class Person:
    """One person on the REST channel; ``send`` returns (status, replies)."""

    def __init__(self, stack: Stack, sender: str = "") -> None:
        self.stack = stack
        self.sender = sender or f"prod-{uuid.uuid4().hex[:10]}"

    def post(self, message: Any, timeout: float = 90) -> Tuple[int, Any]:
        response = requests.post(f"{self.stack.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": self.sender, "message": message}, timeout=timeout)
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return response.status_code, body

    def say(self, message: str) -> str:
        status, replies = self.post(message)
        assert status == 200, (status, replies)
        assert isinstance(replies, list) and replies, f"no reply to {message!r}"
        return "\n".join(r.get("text", "") for r in replies if r.get("text"))

    def tracker(self) -> Dict[str, Any]:
        response = requests.get(self.stack.api_url(f"/conversations/{self.sender}/tracker"), timeout=30)
        response.raise_for_status()
        return response.json()

    def user_texts(self) -> List[str]:
        return [e.get("text") for e in self.tracker()["events"] if e.get("event") == "user"]


def turn_structure_ok(events: List[Dict[str, Any]]) -> Tuple[bool, str]:
    """Every user message is followed by its own answer (an action and the next
    action_listen) before the next user message: turns were not interleaved."""
    waiting = False
    for index, event in enumerate(events):
        kind = event.get("event")
        if kind == "user":
            if waiting:
                return False, f"user message at {index} before the previous turn ended"
            waiting = True
        elif kind == "action" and event.get("name") == "action_listen":
            waiting = False
    return (not waiting), "last turn did not end with action_listen" if waiting else ""
