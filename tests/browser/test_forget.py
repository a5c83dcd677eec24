"""The widget's "Delete this conversation" (issue 16): the server forgets every event
of the conversation and the browser forgets its session."""
from __future__ import annotations

import json

import requests

from browser_chat import BOT_MESSAGES, USER_MESSAGES, count, open_chat, send


def _user_events(rasa_url: str, sender: str) -> int:
    tracker = requests.get(f"{rasa_url}/conversations/{sender}/tracker", timeout=30).json()
    return sum(1 for e in tracker.get("events") or [] if e.get("event") == "user")


def _session_id(page):
    raw = page.evaluate("() => localStorage.getItem('chat_session')")
    return (json.loads(raw) or {}).get("session_id") if raw else None


def test_delete_this_conversation(stack, new_page):
    page, watch = new_page()
    open_chat(page, stack["web"])
    send(page, "my left calf has been twitching for a week")
    sender = _session_id(page)
    assert sender, "the widget keeps no session id"
    assert _user_events(stack["rasa"], sender) >= 1

    page.click("[data-testid=forget-start]")
    # asked inline first; Cancel keeps everything
    page.click("[data-testid=forget-no]")
    assert _user_events(stack["rasa"], sender) >= 1 and _session_id(page) == sender

    page.click("[data-testid=forget-start]")
    page.click("[data-testid=forget-yes]")
    page.wait_for_function(
        "(old) => { const s = localStorage.getItem('chat_session'); return !s || !s.includes(old); }",
        arg=sender, timeout=25000)
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # the reloaded widget has connected (with a new session)
    assert _session_id(page) != sender
    events = requests.get(f"{stack['rasa']}/conversations/{sender}/tracker", timeout=30).json()["events"]
    assert _user_events(stack["rasa"], sender) == 0, \
        [(e["event"], e.get("text") or e.get("name")) for e in events if e["event"] == "user"]

    # the reloaded chat starts empty: none of the old messages
    open_chat(page, stack["web"])
    assert "calf" not in " ".join(page.locator(USER_MESSAGES).all_inner_texts())
    assert count(page, BOT_MESSAGES) >= 0
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
