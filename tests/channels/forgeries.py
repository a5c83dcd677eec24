"""Forged, unsigned, altered and stale variants of a genuine webhook request, per platform.

Each forgery is ``(name, mutate)`` where ``mutate(genuine: Req) -> Req``. The same lists
drive the verifier unit tests (tests/channels/test_verify.py) and the requests sent to
the running server (tests/channels/test_platforms.py)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import replace
from typing import Callable, Dict, List, Tuple
from urllib.parse import urlencode

from tests.channels.clients import (
    FACEBOOK_PAGE_TOKEN,
    FACEBOOK_SECRET,
    FACEBOOK_VERIFY,
    SLACK_SIGNING_SECRET,
    SLACK_TOKEN,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TWILIO_AUTH_TOKEN,
    TWILIO_WEBHOOK_URL,
    FacebookClient,
    Req,
    SlackClient,
    TwilioClient,
)
from twilio.request_validator import RequestValidator

Forgery = Tuple[str, Callable[[Req], Req]]

SLACK_SIG, SLACK_TS = "X-Slack-Signature", "X-Slack-Request-Timestamp"


def _slack_sig(secret: bytes, base: bytes, algo=hashlib.sha256, prefix: str = "v0=") -> str:
    return prefix + hmac.new(secret, base, algo).hexdigest()


def _slack_resign(req: Req, ts: int, sign_ts: int = None) -> Req:
    base = f"v0:{ts if sign_ts is None else sign_ts}:".encode() + req.body
    return req.with_headers(**{SLACK_TS: str(ts), SLACK_SIG: _slack_sig(SLACK_SIGNING_SECRET.encode(), base)})


def _other_slack_body(req: Req) -> bytes:
    body = json.loads(req.body)
    body["event"]["text"] = "a different message"
    return json.dumps(body).encode()


def _slack_altered(req: Req) -> Req:
    return replace(req, body=_other_slack_body(req))


SLACK: List[Forgery] = [
    ("no signature header", lambda r: r.with_headers(**{SLACK_SIG: None})),
    ("no timestamp header", lambda r: r.with_headers(**{SLACK_TS: None})),
    ("no headers at all", lambda r: r.with_headers(**{SLACK_SIG: None, SLACK_TS: None})),
    ("empty signature", lambda r: r.with_headers(**{SLACK_SIG: ""})),
    ("empty timestamp", lambda r: r.with_headers(**{SLACK_TS: ""})),
    ("wrong secret", lambda r: SlackClient.sign(r.body, secret="not-the-signing-secret")),
    ("altered body", _slack_altered),
    ("body with a space added", lambda r: replace(r, body=r.body + b" ")),
    ("old timestamp, correctly signed", lambda r: _slack_resign(r, int(time.time()) - 301)),
    ("an hour old replay, correctly signed", lambda r: _slack_resign(r, int(time.time()) - 3600)),
    ("future timestamp, correctly signed", lambda r: _slack_resign(r, int(time.time()) + 301)),
    ("timestamp header not the signed one", lambda r: _slack_resign(r, int(time.time()), int(time.time()) - 10)),
    ("signature of another body", lambda r: r.with_headers(**{SLACK_SIG: SlackClient.sign(_other_slack_body(r)).headers[SLACK_SIG]})),
    ("truncated signature", lambda r: r.with_headers(**{SLACK_SIG: r.headers[SLACK_SIG][:-8]})),
    ("signature with extra characters", lambda r: r.with_headers(**{SLACK_SIG: r.headers[SLACK_SIG] + "00"})),
    ("wrong version prefix v1=", lambda r: r.with_headers(**{SLACK_SIG: "v1=" + r.headers[SLACK_SIG][3:]})),
    ("no version prefix", lambda r: r.with_headers(**{SLACK_SIG: r.headers[SLACK_SIG][3:]})),
    ("sha1 instead of sha256", lambda r: r.with_headers(**{SLACK_SIG: _slack_sig(
        SLACK_SIGNING_SECRET.encode(), f"v0:{r.headers[SLACK_TS]}:".encode() + r.body, hashlib.sha1)})),
    ("signature upper-cased", lambda r: r.with_headers(**{SLACK_SIG: "v0=" + r.headers[SLACK_SIG][3:].upper()})),
    ("non-numeric timestamp", lambda r: r.with_headers(**{SLACK_TS: "yesterday"})),
    ("fractional timestamp", lambda r: r.with_headers(**{SLACK_TS: r.headers[SLACK_TS] + ".5"})),
    ("HMAC of the body alone", lambda r: r.with_headers(**{SLACK_SIG: _slack_sig(SLACK_SIGNING_SECRET.encode(), r.body)})),
    ("signed with the bot token", lambda r: SlackClient.sign(r.body, secret=SLACK_TOKEN)),
    ("signed with an empty secret", lambda r: SlackClient.sign(r.body, secret="")),
    ("non-ASCII signature", lambda r: r.with_headers(**{SLACK_SIG: "v0=\u00e9" + r.headers[SLACK_SIG][4:]})),
]

TG = "X-Telegram-Bot-Api-Secret-Token"

TELEGRAM: List[Forgery] = [
    ("no secret header", lambda r: r.with_headers(**{TG: None})),
    ("empty secret header", lambda r: r.with_headers(**{TG: ""})),
    ("wrong secret", lambda r: r.with_headers(**{TG: "some-other-secret"})),
    ("one character changed", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET[:-1] + "3"})),
    ("truncated secret", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET[:-4]})),
    ("secret plus a character", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET + "x"})),
    ("secret upper-cased", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET.upper()})),
    ("secret lower-cased", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET.lower()})),
    ("the bot token instead", lambda r: r.with_headers(**{TG: TELEGRAM_TOKEN})),
    ("the bot token's secret part", lambda r: r.with_headers(**{TG: TELEGRAM_TOKEN.split(":")[1]})),
    ("secret under another header name", lambda r: r.with_headers(**{TG: None, "X-Telegram-Secret-Token": TELEGRAM_SECRET})),
    ("secret as a bearer token", lambda r: r.with_headers(**{TG: None, "Authorization": f"Bearer {TELEGRAM_SECRET}"})),
    ("secret inside the body only", lambda r: replace(r.with_headers(**{TG: None}), body=json.dumps(
        dict(json.loads(r.body), secret_token=TELEGRAM_SECRET)).encode())),
    ("'Bearer ' prefix", lambda r: r.with_headers(**{TG: f"Bearer {TELEGRAM_SECRET}"})),
    ("base64 of the secret", lambda r: r.with_headers(**{TG: base64.b64encode(TELEGRAM_SECRET.encode()).decode()})),
    ("sha256 of the secret", lambda r: r.with_headers(**{TG: hashlib.sha256(TELEGRAM_SECRET.encode()).hexdigest()})),
    ("reversed secret", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET[::-1]})),
    ("first character only", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET[0]})),
    ("'null'", lambda r: r.with_headers(**{TG: "null"})),
    ("'*'", lambda r: r.with_headers(**{TG: "*"})),
    ("non-ASCII secret", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET[:-1] + "\u00e9"})),
    ("secret repeated twice", lambda r: r.with_headers(**{TG: TELEGRAM_SECRET * 2})),
]

TW = "X-Twilio-Signature"


def _twilio_form_change(**changes: str) -> Callable[[Req], Req]:
    def mutate(req: Req) -> Req:
        form = dict(req.form or {}, **changes)
        return replace(req, body=urlencode(form).encode(), form=form)
    return mutate


def _twilio_sig(req: Req, url: str = TWILIO_WEBHOOK_URL, token: str = TWILIO_AUTH_TOKEN,
                form: Dict[str, str] = None) -> str:
    return RequestValidator(token).compute_signature(url, req.form if form is None else form)


def _twilio_without(name: str) -> Callable[[Req], Req]:
    def mutate(req: Req) -> Req:
        form = {k: v for k, v in (req.form or {}).items() if k != name}
        return replace(req, body=urlencode(form).encode(), form=form)
    return mutate


def _twilio_digest(req: Req, algo) -> str:
    s = TWILIO_WEBHOOK_URL + "".join(k + v for k, v in sorted((req.form or {}).items()))
    return base64.b64encode(hmac.new(TWILIO_AUTH_TOKEN.encode(), s.encode(), algo).digest()).decode()


TWILIO: List[Forgery] = [
    ("no signature header", lambda r: r.with_headers(**{TW: None})),
    ("empty signature", lambda r: r.with_headers(**{TW: ""})),
    ("wrong auth token", lambda r: r.with_headers(**{TW: _twilio_sig(r, token="0" * 32)})),
    ("altered Body", _twilio_form_change(Body="a different message")),
    ("altered From", _twilio_form_change(From="+15559999999")),
    ("altered MessageSid", _twilio_form_change(MessageSid="SM" + "f" * 32)),
    ("parameter added", _twilio_form_change(Extra="1")),
    ("parameter removed", _twilio_without("NumMedia")),
    ("signed over http:// instead of https://", lambda r: r.with_headers(**{TW: _twilio_sig(
        r, url=TWILIO_WEBHOOK_URL.replace("https://", "http://"))})),
    ("signed over the local address", lambda r: r.with_headers(**{TW: _twilio_sig(
        r, url="http://127.0.0.1:5005/webhooks/twilio/webhook")})),
    ("signed over another path", lambda r: r.with_headers(**{TW: _twilio_sig(
        r, url=TWILIO_WEBHOOK_URL.replace("twilio", "sms"))})),
    ("signed over the URL with a query", lambda r: r.with_headers(**{TW: _twilio_sig(r, url=TWILIO_WEBHOOK_URL + "?a=1")})),
    ("signed over the URL with a trailing slash", lambda r: r.with_headers(**{TW: _twilio_sig(r, url=TWILIO_WEBHOOK_URL + "/")})),
    ("signed over another host", lambda r: r.with_headers(**{TW: _twilio_sig(
        r, url=TWILIO_WEBHOOK_URL.replace("bot.example.org", "evil.example.org"))})),
    ("signature of another body", lambda r: r.with_headers(**{TW: _twilio_sig(r, form=dict(r.form, Body="other"))})),
    ("signature of the parameters without the URL", lambda r: r.with_headers(**{TW: _twilio_sig(r, url="")})),
    ("truncated signature", lambda r: r.with_headers(**{TW: r.headers[TW][:-6]})),
    ("signature with an extra character", lambda r: r.with_headers(**{TW: r.headers[TW] + "A"})),
    ("signature lower-cased", lambda r: r.with_headers(**{TW: r.headers[TW].lower()})),
    ("HMAC-SHA256 instead of SHA1", lambda r: r.with_headers(**{TW: _twilio_digest(r, hashlib.sha256)})),
    ("hex digest instead of base64", lambda r: r.with_headers(**{TW: hmac.new(
        TWILIO_AUTH_TOKEN.encode(), b"x", hashlib.sha1).hexdigest()})),
    ("signed with the account SID", lambda r: r.with_headers(**{TW: _twilio_sig(r, token="AC0123456789abcdef")})),
    ("non-ASCII signature", lambda r: r.with_headers(**{TW: "\u00e9" + r.headers[TW][1:]})),
]

FB = "X-Hub-Signature-256"


def _fb_sig(body: bytes, key: str = FACEBOOK_SECRET, algo=hashlib.sha256, prefix: str = "sha256=") -> str:
    return prefix + hmac.new(key.encode(), body, algo).hexdigest()


def _other_fb_body(req: Req) -> bytes:
    body = json.loads(req.body)
    body["entry"][0]["messaging"][0]["message"]["text"] = "a different message"
    return json.dumps(body).encode()


FACEBOOK: List[Forgery] = [
    ("no signature header", lambda r: r.with_headers(**{FB: None})),
    ("empty signature", lambda r: r.with_headers(**{FB: ""})),
    ("wrong app secret", lambda r: FacebookClient.sign(r.body, secret="not-the-app-secret")),
    ("altered body", lambda r: replace(r, body=_other_fb_body(r))),
    ("body with a newline added", lambda r: replace(r, body=r.body + b"\n")),
    ("body re-serialised with other spacing", lambda r: replace(r, body=json.dumps(json.loads(r.body), indent=1).encode())),
    ("signature of another body", lambda r: r.with_headers(**{FB: _fb_sig(_other_fb_body(r))})),
    ("old SHA-1 header only, correctly signed", lambda r: r.with_headers(**{FB: None, "X-Hub-Signature": _fb_sig(
        r.body, algo=hashlib.sha1, prefix="sha1=")})),
    ("SHA-1 digest in the SHA-256 header", lambda r: r.with_headers(**{FB: _fb_sig(r.body, algo=hashlib.sha1, prefix="sha1=")})),
    ("sha1= prefix on the SHA-256 digest", lambda r: r.with_headers(**{FB: "sha1=" + r.headers[FB][7:]})),
    ("sha512", lambda r: r.with_headers(**{FB: _fb_sig(r.body, algo=hashlib.sha512, prefix="sha512=")})),
    ("no prefix", lambda r: r.with_headers(**{FB: r.headers[FB][7:]})),
    ("prefix only", lambda r: r.with_headers(**{FB: "sha256="})),
    ("truncated signature", lambda r: r.with_headers(**{FB: r.headers[FB][:-10]})),
    ("signature with extra characters", lambda r: r.with_headers(**{FB: r.headers[FB] + "ff"})),
    ("signature upper-cased", lambda r: r.with_headers(**{FB: "sha256=" + r.headers[FB][7:].upper()})),
    ("base64 digest", lambda r: r.with_headers(**{FB: "sha256=" + base64.b64encode(
        hmac.new(FACEBOOK_SECRET.encode(), r.body, hashlib.sha256).digest()).decode()})),
    ("signed with the page access token", lambda r: FacebookClient.sign(r.body, secret=FACEBOOK_PAGE_TOKEN)),
    ("signed with the verify token", lambda r: FacebookClient.sign(r.body, secret=FACEBOOK_VERIFY)),
    ("two signatures, one right", lambda r: r.with_headers(**{FB: "sha256=" + "0" * 64 + "," + r.headers[FB]})),
    ("plain SHA-256 of the body, no key", lambda r: r.with_headers(**{FB: "sha256=" + hashlib.sha256(r.body).hexdigest()})),
    ("non-ASCII signature", lambda r: r.with_headers(**{FB: "sha256=\u00e9" + r.headers[FB][8:]})),
]

ALL = {"slack": SLACK, "telegram": TELEGRAM, "twilio": TWILIO, "facebook": FACEBOOK}
