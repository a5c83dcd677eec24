"""The HTTP API needs the token; the action server needs Rasa's token; oversized
bodies and floods are refused without affecting other people."""
from __future__ import annotations

import concurrent.futures
import uuid

import requests

from tests.production.conftest import API_TOKEN, Person

# Every route of Rasa 3.6's HTTP API (rasa/server.py) that exposes or changes data.
API_ROUTES = [
    ("GET", "/status"),
    ("GET", "/domain"),
    ("GET", "/conversations/{s}/tracker"),
    ("POST", "/conversations/{s}/tracker/events"),
    ("PUT", "/conversations/{s}/tracker/events"),
    ("GET", "/conversations/{s}/story"),
    ("POST", "/conversations/{s}/execute"),
    ("POST", "/conversations/{s}/trigger_intent"),
    ("POST", "/conversations/{s}/predict"),
    ("POST", "/conversations/{s}/messages"),
    ("POST", "/model/train"),
    ("POST", "/model/test/stories"),
    ("POST", "/model/test/intents"),
    ("POST", "/model/predict"),
    ("POST", "/model/parse"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
]


def test_every_api_route_needs_the_token(prod_stack):
    person = Person(prod_stack)
    person.say("my eyelid has been twitching for a week")
    for method, route in API_ROUTES:
        url = prod_stack.rasa_url + route.format(s=person.sender)
        for token in (None, "wrong-token"):
            params = {"token": token} if token else None
            response = requests.request(method, url, params=params, json={}, timeout=30)
            assert response.status_code in (401, 403), (method, route, token, response.status_code)
    # with the token the same conversation is readable (the test above is not vacuous)
    assert requests.get(prod_stack.rasa_url + f"/conversations/{person.sender}/tracker",
                        params={"token": API_TOKEN}, timeout=30).status_code == 200


def test_another_user_cannot_read_or_continue_a_conversation(prod_stack):
    alice = Person(prod_stack)
    alice.say("my left calf has been twitching for a week")
    # without the API token there is no way to read it
    response = requests.get(prod_stack.rasa_url + f"/conversations/{alice.sender}/tracker", timeout=30)
    assert response.status_code == 401
    # injecting events into it needs the token too
    response = requests.post(prod_stack.rasa_url + f"/conversations/{alice.sender}/messages",
                             json={"text": "hi", "sender": "user"}, timeout=30)
    assert response.status_code == 401
    assert alice.user_texts() == ["my left calf has been twitching for a week"]


def test_another_channels_conversation_cannot_be_continued_over_rest(prod_stack):
    """A Telegram chat is the conversation ``telegram:<chat>``; writing as that id over
    REST must not reach it (channels/ownership.py)."""
    chat = f"telegram:{uuid.uuid4().int % 10**9}"

    def user_texts(sender):
        response = requests.get(prod_stack.rasa_url + f"/conversations/{sender}/tracker",
                                params={"token": API_TOKEN}, timeout=30)
        response.raise_for_status()
        return [e["text"] for e in response.json()["events"] if e.get("event") == "user"]

    response = requests.post(prod_stack.rasa_url + "/webhooks/rest/webhook",
                             json={"sender": chat, "message": "my calf twitches"}, timeout=60)
    assert response.status_code == 200 and response.json(), response.text[:300]
    assert user_texts(chat) == []
    assert user_texts(f"rest:{chat}") == ["my calf twitches"]


def test_action_server_refuses_requests_without_rasas_token(prod_stack):
    body = {"next_action": "action_forget_me", "sender_id": "x", "tracker": {"sender_id": "x", "events": [], "slots": {}, "latest_message": {}, "active_loop": {}}, "domain": {}}
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = requests.post(f"{prod_stack.action_url}/webhook", json=body, headers=headers, timeout=30)
        assert response.status_code == 401
    assert requests.get(f"{prod_stack.action_url}/health", timeout=10).status_code == 200


def test_oversized_body_is_413_not_500(prod_stack):
    person = Person(prod_stack)
    response = requests.post(f"{prod_stack.rasa_url}/webhooks/rest/webhook",
                             data=b'{"sender": "big", "message": "' + b"a" * 200_000 + b'"}',
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 413
    for body in (b"not json", b"[1, 2]", b'{"sender": "x"}', b'{"message": "hi"}'):
        response = requests.post(f"{prod_stack.rasa_url}/webhooks/rest/webhook", data=body, timeout=30)
        assert response.status_code == 400, (body, response.status_code)
    person.say("hello")  # still serving


def test_a_flood_from_one_sender_is_limited_without_affecting_others(prod_stack):
    flooder, bystander = Person(prod_stack), Person(prod_stack)
    # 40 at once: more than the burst (10) of both workers' buckets together
    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        statuses = [s for s, _ in pool.map(lambda i: flooder.post("/greet"), range(40))]
    assert statuses.count(429) > 0, statuses
    assert set(statuses) <= {200, 429}, statuses
    # the bystander is not slowed down
    assert bystander.post("hello")[0] == 200
    # every message that was accepted is in the flooder's conversation exactly once
    assert len(flooder.user_texts()) == statuses.count(200)
    response = requests.post(f"{prod_stack.rasa_url}/webhooks/rest/webhook",
                             json={"sender": flooder.sender, "message": "hi"}, timeout=30)
    if response.status_code == 429:
        assert int(response.headers["Retry-After"]) >= 1
