"""Conversations in PostgreSQL, two Rasa workers sharing them through the Redis lock,
and "forget me" deleting every row of one sender and nothing else."""
from __future__ import annotations

import concurrent.futures

from tests.production.conftest import Person, turn_structure_ok

FORGET_ASK = "delete this whole conversation"
FORGOTTEN = "I've deleted this conversation"


def rows(postgres, sender):
    return postgres.query("SELECT count(*) FROM events WHERE sender_id = %s", sender)[0][0]


def test_a_conversation_lands_in_postgres(prod_stack, postgres):
    person = Person(prod_stack)
    person.say("my left calf has been twitching for a week")
    stored = postgres.query(
        "SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", person.sender)
    assert [t for t, _ in stored].count("user") == 1
    assert any("my left calf has been twitching for a week" in data for _, data in stored)
    assert any(t == "bot" for t, _ in stored)


def test_two_workers_share_one_conversation_without_losing_or_reordering(prod_stack):
    person = Person(prod_stack)
    messages = [f"question number {i}: what causes twitching?" for i in range(8)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(person.post, messages))
    assert [status for status, _ in results] == [200] * 8
    assert all(replies for _, replies in results), "an empty answer"
    for _, replies in results:
        assert "I'm having trouble" not in str(replies), "a message was not handled"
    events = person.tracker()["events"]
    texts = [e["text"] for e in events if e.get("event") == "user"]
    assert sorted(texts) == sorted(messages), "a message was lost or stored twice"
    ok, why = turn_structure_ok(events)
    assert ok, why
    # the lock serialised them; timestamps increase in the order stored
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps)


def test_both_workers_answer(prod_stack):
    import subprocess

    rasa_pid = prod_stack._procs["rasa"].pid
    children = subprocess.run(["pgrep", "-P", str(rasa_pid)], capture_output=True, text=True).stdout.split()
    assert len(children) >= 2, f"expected 2 Sanic workers under {rasa_pid}, found {children}"


def test_forget_me_deletes_every_row_of_that_sender_only_in_postgres(prod_stack, postgres):
    other = Person(prod_stack)
    other.say("my eyelid has been jumping for a few days")
    other_rows = rows(postgres, other.sender)
    assert other_rows > 0

    person = Person(prod_stack)
    person.say("my right thigh has been twitching for two weeks")
    assert "delete" not in person.say("hello").lower()
    assert rows(postgres, person.sender) > 0
    ask = person.say("delete my data")
    assert FORGET_ASK in ask, ask
    done = person.say("yes")
    assert FORGOTTEN in done, done
    for word in ("thigh", "twitch", "weeks"):
        assert word not in done.lower()  # the confirmation quotes no health detail
    assert rows(postgres, person.sender) == 0
    assert rows(postgres, other.sender) == other_rows  # untouched

    # a new message starts from the beginning
    person.say("hello")
    assert person.user_texts() == ["hello"]


def test_no_keeps_the_conversation(prod_stack, postgres):
    person = Person(prod_stack)
    person.say("my eyelid has been twitching for a week")
    assert FORGET_ASK in person.say("forget me")
    kept = person.say("no")
    assert "nothing was deleted" in kept
    assert rows(postgres, person.sender) > 0
    assert "my eyelid has been twitching for a week" in person.user_texts()


def test_forget_button_payload_deletes_at_once(prod_stack, postgres):
    person = Person(prod_stack)
    person.say("my calf twitches at night")
    assert FORGOTTEN in person.say("/forget_me_confirmed")
    assert rows(postgres, person.sender) == 0
