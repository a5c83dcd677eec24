"""The platforms' side of the conversation: genuine, correctly signed webhook requests
(as Slack, Telegram, Twilio and Facebook send them) and reading what the bot posted
back to the stand-in. The secrets are test values, set only for the test stack."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Optional
from urllib.parse import quote, urlencode

import requests
from twilio.request_validator import RequestValidator

from tests.channels.standin import Recorded, StandIn

SLACK_TOKEN = "xoxb-standin-token"
SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TELEGRAM_TOKEN = "123456:standin-token"
TELEGRAM_SECRET = "tg_secret-Token_42"
TELEGRAM_WEBHOOK_URL = "https://bot.example.org/webhooks/telegram/webhook"
TWILIO_SID = "AC0123456789abcdef0123456789abcdef"
TWILIO_AUTH_TOKEN = "12345678901234567890123456789012"
TWILIO_NUMBER = "+15550001111"
TWILIO_WEBHOOK_URL = "https://bot.example.org/webhooks/twilio/webhook"
FACEBOOK_VERIFY = "verify-me-please"
FACEBOOK_SECRET = "fb-app-secret-0123456789"
FACEBOOK_PAGE_TOKEN = "EAAB-standin-page-token"

_ids = itertools.count(1)


def platform_env(standin: StandIn) -> Dict[str, str]:
    """All four platforms switched on, talking to the stand-in."""
    return {
        "SLACK_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": f"{standin.url}/slack/api",
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BOT_NAME": "twitch_standin_bot",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET, "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL,
        "TELEGRAM_API_URL": f"{standin.url}/telegram",
        "TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "TWILIO_NUMBER": TWILIO_NUMBER, "TWILIO_WEBHOOK_URL": TWILIO_WEBHOOK_URL,
        "TWILIO_API_URL": f"{standin.url}/twilio",
        "FACEBOOK_VERIFY": FACEBOOK_VERIFY, "FACEBOOK_SECRET": FACEBOOK_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": FACEBOOK_PAGE_TOKEN,
        "FACEBOOK_API_URL": f"{standin.url}/facebook",
    }


@dataclass
class Req:
    """A webhook request: headers, raw body and (Twilio) the form it encodes."""

    headers: Dict[str, str]
    body: bytes
    form: Optional[Dict[str, str]] = None
    meta: Dict[str, Any] = field(default_factory=dict)

    def with_headers(self, **changes: Optional[str]) -> "Req":
        headers = dict(self.headers)
        for name, value in changes.items():
            name = name.replace("_", "-")
            if value is None:
                headers.pop(name, None)
            else:
                headers[name] = value
        return replace(self, headers=headers)


class Client:
    name = ""

    def __init__(self, rasa_url: str, standin: StandIn) -> None:
        self.rasa_url, self.standin = rasa_url, standin
        self.said: List[tuple] = []  # (time, user, what the person sent or pressed)

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/{self.name}/webhook"

    def new_user(self) -> str:
        return f"{next(_ids)}{uuid.uuid4().int % 10**6:06d}"

    def post(self, req: Req) -> requests.Response:
        return requests.post(self.webhook, data=req.body, headers=req.headers, timeout=30)

    def send(self, user: str, text: str) -> requests.Response:
        req = self.build(user, text)
        self.said.append((time.monotonic(), user, text))
        response = self.post(req)
        assert response.status_code == 200, (response.status_code, response.text[:300])
        return response

    # to implement
    def build(self, user: str, text: str, **kw: Any) -> Req:
        raise NotImplementedError

    def sender_id(self, user: str) -> str:
        raise NotImplementedError

    def replies(self, user: str) -> List[Recorded]:
        """Successful sends to this user, in order."""
        raise NotImplementedError

    @staticmethod
    def text_of(r: Recorded) -> str:
        raise NotImplementedError

    @classmethod
    def show(cls, r: Recorded) -> str:
        """A sent message as the person would see it, for transcripts."""
        return cls.text_of(r)

    def transcript(self, user: str) -> List[str]:
        """The conversation in order: what the person sent, what arrived on the platform."""
        items = [(at, f"> {text}") for at, who, text in self.said if who == user]
        items += [(r.at, self.show(r)) for r in self.replies(user)]
        return [line for _, line in sorted(items, key=lambda item: item[0])]

    # shared
    def texts(self, user: str) -> List[str]:
        return [self.text_of(r) for r in self.replies(user)]

    def attempts(self, user: str) -> List[Recorded]:
        """Every send to this user, failed ones included."""
        return [r for r in self._all(user)]

    def _all(self, user: str) -> List[Recorded]:
        raise NotImplementedError

    def tracker(self, user: str) -> Dict[str, Any]:
        response = requests.get(f"{self.rasa_url}/conversations/{quote(self.sender_id(user), safe=':+')}/tracker",
                                timeout=30)
        response.raise_for_status()
        return response.json()

    def user_events(self, user: str) -> List[Dict[str, Any]]:
        return [e for e in self.tracker(user).get("events") or [] if e.get("event") == "user"]

    def wait_turn(self, user: str, user_messages: int, timeout: float = 90.0, settle: float = 0.6) -> List[str]:
        """Waits until Rasa has answered the ``user_messages``-th message and the replies
        stopped arriving; returns all texts sent to the user so far."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events = self.tracker(user).get("events") or []
            users = sum(1 for e in events if e.get("event") == "user")
            if users >= user_messages and events and events[-1].get("event") == "action" \
                    and events[-1].get("name") == "action_listen":
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"{self.name}: no answer to message {user_messages} within {timeout}s")
        count, stable_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            now = len(self._all(user))
            if now != count:
                count, stable_since = now, time.monotonic()
            elif time.monotonic() - stable_since >= settle:
                return self.texts(user)
            time.sleep(0.1)
        return self.texts(user)


class SlackClient(Client):
    name = "slack"

    def build(self, user: str, text: str, *, ts: Optional[int] = None, event_ts: Optional[str] = None,
              secret: str = SLACK_SIGNING_SECRET, retry: Optional[int] = None) -> Req:
        n = next(_ids)
        body = json.dumps({
            "token": "legacy-verification-token", "team_id": "T0STANDIN", "api_app_id": "A0STANDIN",
            "type": "event_callback", "event_id": f"Ev{n:08d}", "event_time": int(time.time()),
            "event": {"type": "message", "channel_type": "im", "user": f"U{user}", "text": text,
                      "ts": event_ts or f"{time.time():.6f}", "channel": f"D{user}"},
        }).encode()
        return self.sign(body, ts=ts, secret=secret, retry=retry)

    @staticmethod
    def sign(body: bytes, *, ts: Optional[int] = None, secret: str = SLACK_SIGNING_SECRET,
             retry: Optional[int] = None, content_type: str = "application/json") -> Req:
        ts = int(time.time()) if ts is None else ts
        signature = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(ts),
                   "X-Slack-Signature": signature}
        if retry is not None:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        return Req(headers, body, meta={"ts": ts})

    def click(self, user: str, payload: str) -> requests.Response:
        """A Block Kit button press (interactivity request, form-encoded ``payload``)."""
        action = {"type": "block_actions", "user": {"id": f"U{user}"}, "channel": {"id": f"D{user}"},
                  "actions": [{"action_id": "twitch_button_0", "value": payload, "type": "button",
                               "action_ts": f"{time.time():.6f}"}]}
        body = urlencode({"payload": json.dumps(action)}).encode()
        self.said.append((time.monotonic(), user, f"[presses the button with value {payload}]"))
        return self.post(self.sign(body, content_type="application/x-www-form-urlencoded"))

    def sender_id(self, user: str) -> str:
        return f"slack:U{user}"

    def press(self, user: str, r: Recorded, index: int) -> None:
        assert self.click(user, self.buttons(r)[index]["payload"]).status_code == 200

    def _all(self, user: str) -> List[Recorded]:
        return self.standin.of("slack", "chat.postMessage", channel=f"D{user}")

    def replies(self, user: str) -> List[Recorded]:
        return [r for r in self._all(user) if r.status == 200]

    @staticmethod
    def text_of(r: Recorded) -> str:
        return "\n\n".join(b["text"]["text"] for b in r.body.get("blocks", []) if b.get("type") == "section")

    @staticmethod
    def buttons(r: Recorded) -> List[Dict[str, str]]:
        return [{"title": e["text"]["text"], "payload": e["value"]}
                for b in r.body.get("blocks", []) if b.get("type") == "actions" for e in b["elements"]]

    @classmethod
    def show(cls, r: Recorded) -> str:
        buttons = "  ".join(f"[ {b['title']} ]" for b in cls.buttons(r))
        return cls.text_of(r) + (f"\n{buttons}" if buttons else "")


class TelegramClient(Client):
    name = "telegram"

    def build(self, user: str, text: str, *, update_id: Optional[int] = None,
              secret: Optional[str] = TELEGRAM_SECRET) -> Req:
        n = next(_ids)
        update = {"update_id": update_id or 700000000 + n, "message": {
            "message_id": n, "date": int(time.time()), "text": text,
            "from": {"id": int(user), "is_bot": False, "first_name": "Sam", "language_code": "en"},
            "chat": {"id": int(user), "first_name": "Sam", "type": "private"}}}
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return Req(headers, json.dumps(update).encode(), meta={"update_id": update["update_id"]})

    def click(self, user: str, data: str) -> requests.Response:
        n = next(_ids)
        update = {"update_id": 700000000 + n, "callback_query": {
            "id": f"cb{n}", "from": {"id": int(user), "is_bot": False, "first_name": "Sam"},
            "message": {"message_id": n, "date": int(time.time()), "chat": {"id": int(user), "type": "private"}},
            "chat_instance": "1", "data": data}}
        self.said.append((time.monotonic(), user, f"[taps the inline button {data}]"))
        return self.post(Req({"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
                             json.dumps(update).encode()))

    def sender_id(self, user: str) -> str:
        return f"telegram:{user}"

    def press(self, user: str, r: Recorded, index: int) -> None:
        data = r.body["reply_markup"]["inline_keyboard"][index][0]["callback_data"]
        assert self.click(user, data).status_code == 200

    @classmethod
    def show(cls, r: Recorded) -> str:
        rows = (r.body.get("reply_markup") or {}).get("inline_keyboard") or []
        keyboard = "\n".join(f"[ {row[0]['text']} ]" for row in rows)
        return r.body.get("text", "") + (f"\n{keyboard}" if keyboard else "")

    def _all(self, user: str) -> List[Recorded]:
        return self.standin.of("telegram", "sendMessage", chat_id=user)

    def replies(self, user: str) -> List[Recorded]:
        return [r for r in self._all(user) if r.status == 200]

    @staticmethod
    def text_of(r: Recorded) -> str:
        return r.body.get("text", "")


class TwilioClient(Client):
    name = "twilio"

    def build(self, user: str, text: str, *, whatsapp: bool = False, sid: Optional[str] = None,
              url: str = TWILIO_WEBHOOK_URL, token: str = TWILIO_AUTH_TOKEN) -> Req:
        n = next(_ids)
        sender = self.number(user, whatsapp)
        form = {"ToCountry": "US", "SmsMessageSid": sid or f"SM{n:032d}", "NumMedia": "0",
                "MessageSid": sid or f"SM{n:032d}", "AccountSid": TWILIO_SID, "From": sender,
                "To": f"whatsapp:{TWILIO_NUMBER}" if whatsapp else TWILIO_NUMBER, "Body": text,
                "NumSegments": "1", "ApiVersion": "2010-04-01"}
        return self.sign(form, url=url, token=token)

    @staticmethod
    def sign(form: Dict[str, str], *, url: str = TWILIO_WEBHOOK_URL, token: str = TWILIO_AUTH_TOKEN) -> Req:
        signature = RequestValidator(token).compute_signature(url, form)
        return Req({"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
                   urlencode(form).encode(), form=dict(form))

    def press(self, user: str, r: Recorded, index: int) -> None:
        self.send(user, str(index + 1))  # "Reply 1 or 2"

    @staticmethod
    def number(user: str, whatsapp: bool = False) -> str:
        return f"{'whatsapp:' if whatsapp else ''}+1555{int(user) % 10**7:07d}"

    def sender_id(self, user: str, whatsapp: bool = False) -> str:
        number = self.number(user, whatsapp)
        return number if whatsapp else f"sms:{number}"

    def _all(self, user: str) -> List[Recorded]:
        return [r for r in self.standin.of("twilio") if r.body.get("To", "").endswith(self.number(user))]

    def replies(self, user: str) -> List[Recorded]:
        return [r for r in self._all(user) if r.status == 201]

    @staticmethod
    def text_of(r: Recorded) -> str:
        return r.body.get("Body", "")


class WhatsAppClient(TwilioClient):
    """Twilio's WhatsApp sender: the same webhook, numbers prefixed ``whatsapp:``."""

    def build(self, user: str, text: str, **kw: Any) -> Req:
        return super().build(user, text, whatsapp=True, **kw)

    def sender_id(self, user: str, whatsapp: bool = True) -> str:
        return super().sender_id(user, whatsapp=True)


class FacebookClient(Client):
    name = "facebook"

    def build(self, user: str, text: str, *, mid: Optional[str] = None, secret: str = FACEBOOK_SECRET,
              quick_reply: Optional[str] = None) -> Req:
        n = next(_ids)
        message: Dict[str, Any] = {"mid": mid or f"m_standin_{n}_{uuid.uuid4().hex[:8]}", "text": text}
        if quick_reply:
            message["quick_reply"] = {"payload": quick_reply}
        body = json.dumps({"object": "page", "entry": [{"id": "PAGE1", "time": int(time.time() * 1000), "messaging": [
            {"sender": {"id": user}, "recipient": {"id": "PAGE1"}, "timestamp": int(time.time() * 1000),
             "message": message}]}]}).encode()
        return self.sign(body, secret=secret, meta={"mid": message["mid"]})

    @staticmethod
    def sign(body: bytes, *, secret: str = FACEBOOK_SECRET, meta: Optional[Dict[str, Any]] = None) -> Req:
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return Req({"Content-Type": "application/json", "X-Hub-Signature-256": signature}, body, meta=meta or {})

    def sender_id(self, user: str) -> str:
        return f"facebook:{user}"

    def press(self, user: str, r: Recorded, index: int) -> None:
        quick = r.body["message"]["quick_replies"][index]
        self.said.append((time.monotonic(), user, f"[taps the quick reply '{quick['title']}']"))
        assert self.post(self.build(user, quick["title"], quick_reply=quick["payload"])).status_code == 200

    def _all(self, user: str) -> List[Recorded]:
        return [r for r in self.standin.of("facebook") if (r.body.get("recipient") or {}).get("id") == user]

    def replies(self, user: str) -> List[Recorded]:
        return [r for r in self._all(user) if r.status == 200]

    @staticmethod
    def text_of(r: Recorded) -> str:
        return (r.body.get("message") or {}).get("text", "")

    @classmethod
    def show(cls, r: Recorded) -> str:
        quick = (r.body.get("message") or {}).get("quick_replies") or []
        chips = "  ".join(f"( {q['title']} )" for q in quick)
        return cls.text_of(r) + (f"\n{chips}" if chips else "")


ANSWERS = {
    "twitch_location": "my left calf",
    "twitch_onset": "about two weeks ago, it came on gradually",
    "twitch_frequency": "a few times a day",
    "twitch_duration": "a few seconds",
    "weakness": "no",
    "other_symptoms": "no, nothing else",
    "which_symptoms": "none",
    "same_muscle": "no, it moves around",
}
OPENING = "my calf has been twitching for two weeks"
NOT_A_DIAGNOSIS = "This is general information, not a diagnosis."


def platform_of(client: Client) -> str:
    return client.name  # sms and whatsapp are both "twilio"


def requested_slot(client: Client, user: str) -> Any:
    return client.tracker(user)["slots"].get("requested_slot")


def interview(client: Client, user: str, opening: str = OPENING,
              answers: Optional[Dict[str, str]] = None) -> List[str]:
    """The opening, then whatever is asked answered; returns the texts of the final turn."""
    answers = ANSWERS if answers is None else answers
    client.send(user, opening)
    turns, seen = 1, 0
    for _ in range(9):
        texts = client.wait_turn(user, turns)
        new, seen = texts[seen:], len(texts)
        if any(t.startswith("Advice:") for t in new):
            return new
        slot = requested_slot(client, user)
        assert slot, f"no question and no assessment: {new}"
        client.send(user, answers[slot])
        turns += 1
    raise AssertionError(f"no assessment: {client.texts(user)}")
