"""RASA_ENV=production with the embedded SQLite store: the HTTP API is off without a
token, "forget me" deletes every SQLite row of that sender and nothing else, and the
logs never contain what people wrote."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

import pytest
import requests

from scripts.runtime_config import RuntimeConfig
from scripts.stack import Stack
from tests.production.conftest import MODEL, RATE_ENV, Person

SECRET_PHRASE = "zebra-crossing-marmalade"  # unlikely anywhere but in our messages


@pytest.fixture(scope="module")
def sqlite_stack(tmp_path_factory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: set TWITCH_MODEL or run `make train`.")
    folder = tmp_path_factory.mktemp("sqlite-prod")
    runtime = RuntimeConfig.from_env({
        "RASA_ENV": "production", "ACTION_SERVER_TOKEN": "t" * 40,
        "TRACKER_STORE_URL": f"sqlite:///{folder / 'conversations.db'}"})
    runtime.extra_env.update(RATE_ENV)
    stack = Stack(model=MODEL, runtime=runtime, log_dir=folder / "logs")
    stack.db = folder / "conversations.db"  # type: ignore[attr-defined]
    stack.start(timeout=420)
    try:
        yield stack
    finally:
        stack.stop()


def _rows(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_http_api_is_off_in_production_without_a_token(sqlite_stack):
    person = Person(sqlite_stack)
    person.say("hello")
    for path in ("/status", f"/conversations/{person.sender}/tracker", "/domain"):
        response = requests.get(sqlite_stack.rasa_url + path, timeout=10)
        assert response.status_code == 404, (path, response.status_code)


def test_forget_me_in_sqlite(sqlite_stack):
    db = sqlite_stack.db
    other, person = Person(sqlite_stack), Person(sqlite_stack)
    other.say("my eyelid has been jumping for a few days")
    other_rows = _rows(db, other.sender)
    person.say("my left calf has been twitching for a week")
    assert _rows(db, person.sender) > 0
    assert "delete this whole conversation" in person.say("delete my data")
    done = person.say("yes")
    assert "I've deleted this conversation" in done and "calf" not in done
    assert _rows(db, person.sender) == 0
    assert _rows(db, other.sender) == other_rows > 0


def test_kill_action_server_kind_reply_then_continue(sqlite_stack):
    person = Person(sqlite_stack)
    person.say("my left calf has been twitching for a week")
    sqlite_stack.kill("actions")
    status, replies = person.post("what causes twitching?")
    assert status == 200
    text = " ".join(r.get("text", "") for r in replies)
    assert "I'm having trouble, please try again in a minute" in text
    assert "emergency number" in text
    sqlite_stack.restart("actions")
    assert "trouble" not in person.say("what causes twitching?")


def test_logs_never_contain_message_text(sqlite_stack):
    person = Person(sqlite_stack)
    person.say(f"my calf twitches when I eat {SECRET_PHRASE}")
    person.say(f"delete my data {SECRET_PHRASE}")
    person.say("no")
    requests.post(f"{sqlite_stack.rasa_url}/webhooks/rest/webhook", timeout=30,
                  json={"sender": person.sender, "message": {"bad": SECRET_PHRASE}})
    sqlite_stack.kill("actions")  # the failure path logs too
    person.post(f"what causes twitching {SECRET_PHRASE}?")
    sqlite_stack.restart("actions")
    logs = sqlite_stack.log("rasa") + sqlite_stack.log("actions")
    assert "Could not handle" in logs or "Action server unavailable" in logs  # logs were written
    assert SECRET_PHRASE not in logs
