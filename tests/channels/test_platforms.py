"""Each platform end to end: the real Rasa and action servers behind our channels, the
platform replaced only by the local stand-in (tests/channels/standin.py)."""
from __future__ import annotations

import concurrent.futures
import json
import time

import pytest
import requests

from tests.channels import forgeries
from tests.channels.clients import (
    NOT_A_DIAGNOSIS,
    OPENING,
    FACEBOOK_VERIFY,
    TELEGRAM_SECRET,
    TELEGRAM_WEBHOOK_URL,
    Client,
    FacebookClient,
    SlackClient,
    TelegramClient,
    TwilioClient,
    WhatsAppClient,
    interview,
    platform_of,
)

# --------------------------------------------------------------------------- genuine messages
def test_a_signed_message_is_answered_in_the_platforms_own_shape(client: Client, standin):
    user = client.new_user()
    client.send(user, "hello")
    texts = client.wait_turn(user, 1)
    assert texts and all(texts)
    reply = client.replies(user)[0]
    if isinstance(client, SlackClient):
        assert reply.headers["Authorization"] == "Bearer xoxb-standin-token"
        assert reply.body["channel"] == f"D{user}" and reply.body["blocks"][0]["type"] == "section"
    elif isinstance(client, TelegramClient):
        assert reply.path == "/telegram/bot123456:standin-token/sendMessage"
        assert reply.body["chat_id"] == user and "parse_mode" not in reply.body
    elif isinstance(client, TwilioClient):
        assert reply.headers["Authorization"].startswith("Basic ")
        assert reply.path.endswith("/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json")
        whatsapp = isinstance(client, WhatsAppClient)
        assert reply.body["To"] == client.number(user, whatsapp)
        assert reply.body["From"] == ("whatsapp:+15550001111" if whatsapp else "+15550001111")
    else:
        assert reply.query == {"access_token": "EAAB-standin-page-token"}
        assert reply.body["recipient"] == {"id": user} and reply.body["messaging_type"] == "RESPONSE"
    events = client.user_events(user)
    assert [e["text"] for e in events] == ["hello"]
    assert events[0]["input_channel"] == platform_of(client)


def test_a_whole_interview_ends_in_the_assessment_and_buttons_work_natively(client: Client, standin):
    user = client.new_user()
    final = interview(client, user)
    assessment = next(t for t in final if t.startswith("Advice:"))
    assert "not a diagnosis" in assessment
    assert not client.tracker(user)["slots"].get("requested_slot")
    last = client.replies(user)[-1]
    turns = len(client.user_events(user)) + 1  # the button press below is one more message
    # the "summary?" question's two buttons, as the platform shows them; press "No thanks"
    if isinstance(client, SlackClient):
        assert "What to do:" in assessment and "Sources:" in assessment
        buttons = SlackClient.buttons(last)
        assert [b["payload"] for b in buttons] == ["/request_summary", "/deny"]
        assert client.click(user, buttons[1]["payload"]).status_code == 200
    elif isinstance(client, TelegramClient):
        assert "What to do:" in assessment and "Sources:" in assessment and len(assessment) <= 4096
        keyboard = last.body["reply_markup"]["inline_keyboard"]
        assert [row[0]["callback_data"] for row in keyboard] == ["/request_summary", "/deny"]
        assert client.click(user, keyboard[1][0]["callback_data"]).status_code == 200
    elif isinstance(client, FacebookClient):
        assert "What to do:" in assessment and len(assessment) <= 2000
        quick = last.body["message"]["quick_replies"]
        assert [q["payload"] for q in quick] == ["/request_summary", "/deny"]
        req = client.build(user, quick[1]["title"], quick_reply=quick[1]["payload"])
        assert client.post(req).status_code == 200
    elif isinstance(client, WhatsAppClient):
        assert "What to do:" in assessment and "Sources:" in assessment
        assert "Reply 1 or 2:\n1 Yes, show the summary\n2 No thanks" in last.body["Body"]
        client.send(user, "2")
    else:  # SMS: short, the rest on request
        assert assessment.endswith("Reply DETAILS for the full explanation.") and len(assessment) <= 459
        assert "Reply 1 or 2:" in last.body["Body"]
        before = len(client.replies(user))
        client.send(user, "DETAILS")
        deadline = time.monotonic() + 20
        while len(client.replies(user)) == before and time.monotonic() < deadline:
            time.sleep(0.1)
        details = client.texts(user)[before]
        assert details.startswith("Advice:") and "What to do:" in details and "Sources:" in details
        assert NOT_A_DIAGNOSIS in client.texts(user)[-1]
        client.send(user, "no thanks")  # the option's words work too
    client.wait_turn(user, turns)
    latest = client.user_events(user)[-1]
    assert latest["parse_data"]["intent"]["name"] == "deny"


def test_an_emergency_is_sent_first_and_alone(client: Client):
    user = client.new_user()
    client.send(user, OPENING)
    client.wait_turn(user, 1)
    before = len(client.replies(user))
    client.send(user, "my face is drooping on one side and I can't speak properly")
    texts = client.wait_turn(user, 2)[before:]
    assert texts[0].startswith("Advice: Call emergency services now."), texts
    assert "face is drooping" in texts[0]
    assert all("Advice: Call emergency" not in t for t in texts[1:])


# --------------------------------------------------------------------------- forgeries
@pytest.mark.parametrize("platform", sorted(forgeries.ALL))
def test_every_forgery_is_refused_over_http_and_leaves_no_trace(platform, platform_stack, standin, caplog):
    cls = {"slack": SlackClient, "telegram": TelegramClient, "twilio": TwilioClient, "facebook": FacebookClient}[platform]
    client = cls(platform_stack.rasa_url, standin)
    users = []
    for name, mutate in forgeries.ALL[platform]:
        user = client.new_user()
        users.append(user)
        response = client.post(mutate(client.build(user, f"forged message {user}")))
        assert response.status_code in (401, 403), (name, response.status_code, response.text)
    time.sleep(1.0)
    for user in users:
        assert client.user_events(user) == [], "a forged message reached the tracker"
        assert client._all(user) == [], "a forged message was answered"
    log = platform_stack.log("rasa")
    assert "refused a request" in log
    assert not any(f"forged message {user}" in log for user in users)  # never the text


def test_messenger_subscription_check(platform_stack):
    url = f"{platform_stack.rasa_url}/webhooks/facebook/webhook"
    ok = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": FACEBOOK_VERIFY,
                                   "hub.challenge": "1158201444"}, timeout=10)
    assert (ok.status_code, ok.text) == (200, "1158201444")
    wrong = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "guess",
                                      "hub.challenge": "1"}, timeout=10)
    assert wrong.status_code == 403 and "1" != wrong.text
    assert requests.get(url, params={"hub.challenge": "1"}, timeout=10).status_code == 401


def test_slack_url_verification_needs_a_signature(platform_stack, standin):
    client = SlackClient(platform_stack.rasa_url, standin)
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"}).encode()
    ok = client.post(client.sign(body))
    assert ok.status_code == 200 and ok.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert requests.post(client.webhook, data=body, timeout=10).status_code == 401


def test_telegram_registered_its_webhook_with_the_secret_token_at_start(platform_stack, standin):
    calls = standin.of("telegram", "setWebhook")
    assert calls and calls[0].body["url"] == TELEGRAM_WEBHOOK_URL
    assert calls[0].body["secret_token"] == TELEGRAM_SECRET


@pytest.mark.parametrize("platform,body", [
    ("slack", b"not json"), ("slack", b"[1, 2]"), ("slack", b'{"type": "event_callback"}'),
    ("slack", b'{"type": "event_callback", "event": {"type": "message", "channel_type": "im", "user": "U1", "text": "hi"}}'),
    ("telegram", b"not json"), ("telegram", b'{"update_id": "x"}'), ("telegram", b"[]"),
    ("telegram", b'{"update_id": 5, "message": {"text": "hi"}}'),
    ("twilio", b"Body=hi"), ("twilio", b""),
    ("facebook", b"not json"), ("facebook", b'{"object": "page"}'), ("facebook", b'{"object": "user"}'),
    ("facebook", b'{"object": "page", "entry": [{"messaging": [{"message": {"text": "hi", "mid": "m"}}]}]}'),
])
def test_signed_but_malformed_requests_get_400_not_500(platform, body, platform_stack, standin):
    cls = {"slack": SlackClient, "telegram": TelegramClient, "twilio": TwilioClient, "facebook": FacebookClient}[platform]
    client = cls(platform_stack.rasa_url, standin)
    if platform == "slack":
        req = client.sign(body)
    elif platform == "telegram":
        req = client.build("1", "x")
        req = type(req)(req.headers, body)
    elif platform == "twilio":
        from urllib.parse import parse_qsl
        req = client.sign(dict(parse_qsl(body.decode())))
    else:
        req = client.sign(body)
    assert client.post(req).status_code == 400


def test_messages_not_for_the_bot_are_acknowledged_and_ignored(platform_stack, standin):
    slack = SlackClient(platform_stack.rasa_url, standin)
    telegram = TelegramClient(platform_stack.rasa_url, standin)
    facebook = FacebookClient(platform_stack.rasa_url, standin)
    users = {"slack": slack.new_user(), "telegram": telegram.new_user(), "facebook": facebook.new_user()}

    def slack_event(**changes):
        body = json.loads(slack.build(users["slack"], "my calf twitches").body)
        body["event"].update(changes)
        return slack.sign(json.dumps(body).encode())

    requests_ = [
        (slack, slack_event(channel_type="channel")),  # a channel message without a mention
        (slack, slack_event(subtype="bot_message", bot_id="B1")),  # a bot's (our own) message
        (slack, slack_event(subtype="message_changed")),  # an edit
    ]
    sticker = json.loads(telegram.build(users["telegram"], "x").body)
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "abc", "emoji": "\U0001f44d"}
    requests_.append((telegram, type(slack_event())({"Content-Type": "application/json",
                                                     "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
                                                    json.dumps(sticker).encode())))
    echo = json.loads(facebook.build(users["facebook"], "our own reply").body)
    echo["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    requests_.append((facebook, FacebookClient.sign(json.dumps(echo).encode())))
    for client, req in requests_:
        assert client.post(req).status_code == 200
    time.sleep(1.0)
    for name, client in (("slack", slack), ("telegram", telegram), ("facebook", facebook)):
        assert client.user_events(users[name]) == [] and client._all(users[name]) == []


def test_a_slack_mention_in_a_channel_is_answered_in_that_channel(platform_stack, standin):
    slack = SlackClient(platform_stack.rasa_url, standin)
    user = slack.new_user()
    body = json.loads(slack.build(user, "x").body)
    body["event"].update(type="app_mention", channel_type="channel", text="<@U0BOT> hello")
    assert slack.post(slack.sign(json.dumps(body).encode())).status_code == 200
    slack.wait_turn(user, 1)
    assert [e["text"] for e in slack.user_events(user)] == ["hello"]  # the mention removed
    assert slack.replies(user)  # D{user} is the event's channel here


# --------------------------------------------------------------------------- re-deliveries
def test_a_redelivered_message_is_answered_once(client: Client):
    user = client.new_user()
    if isinstance(client, SlackClient):
        original = client.build(user, "hello")
        retry = original.with_headers(**{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    else:
        original = retry = client.build(user, "hello")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:  # the retry races the original
        statuses = [f.result().status_code for f in [pool.submit(client.post, original), pool.submit(client.post, retry)]]
    assert statuses == [200, 200]
    client.wait_turn(user, 1)
    answered = len(client.replies(user))
    bot_messages = [e for e in client.tracker(user)["events"] if e.get("event") == "bot"]
    assert answered == len(bot_messages) > 0
    assert client.post(retry).status_code == 200  # a late re-delivery
    time.sleep(1.0)
    assert len(client.user_events(user)) == 1
    assert len(client.replies(user)) == answered


# --------------------------------------------------------------------------- outages
def test_a_platform_answering_429_is_retried_then_given_up_with_the_conversation_kept(client: Client, standin,
                                                                                       platform_stack):
    platform = "twilio" if isinstance(client, TwilioClient) else client.name
    user = client.new_user()
    standin.fail(platform, 429, retry_after="0")
    try:
        client.send(user, "hello there, marmalade sandwich")
        client.wait_turn(user, 1, settle=1.0)
    finally:
        standin.heal(platform)
    attempts = client._all(user)
    assert [a.status for a in attempts] == [429] * 4  # 4 attempts, then the turn stops
    assert client.replies(user) == []
    events = client.tracker(user)["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == ["hello there, marmalade sandwich"]
    assert any(e["event"] == "bot" for e in events)
    log = platform_stack.log("rasa")
    assert f"reply to {client.sender_id(user)} undelivered after 4 attempts" in log
    assert "marmalade" not in log
    # the platform is back: the next message is answered normally
    client.send(user, "hello")
    assert client.wait_turn(user, 2)


def test_a_temporary_500_is_retried_and_delivered(client: Client, standin):
    platform = "twilio" if isinstance(client, TwilioClient) else client.name
    user = client.new_user()
    standin.fail(platform, 500, times=2)
    try:
        client.send(user, "hello")
        texts = client.wait_turn(user, 1)
    finally:
        standin.heal(platform)
    assert texts
    statuses = [a.status for a in client._all(user)]
    assert statuses[:3] == [500, 500, 201 if platform == "twilio" else 200]
