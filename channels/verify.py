"""Is this request really from the platform? One pure function per platform.

Each returns a reason ("" when the request is genuine) so that the channel can log why
it refused a request without logging the request. Secrets and signatures are compared
in constant time (``hmac.compare_digest`` on bytes, so a non-ASCII header is a mismatch,
not a TypeError). Unit-tested in tests/channels/test_verify.py, timed by
scripts/benchmark_signatures.py.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any, Mapping, Optional, Union

from twilio.request_validator import RequestValidator

SLACK_WINDOW_SECONDS = 300
OK = ""


def _bytes(value: Union[str, bytes]) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")


def slack(secret: Union[str, bytes], timestamp: Optional[str], body: bytes,
          signature: Optional[str], now: float, window: int = SLACK_WINDOW_SECONDS) -> str:
    """Slack's signing secret: ``v0=`` + HMAC-SHA256 of ``v0:{timestamp}:{body}``, and the
    timestamp within ``window`` seconds of now (either way: no replay, no clock games)."""
    if not signature:
        return "missing X-Slack-Signature"
    if not timestamp:
        return "missing X-Slack-Request-Timestamp"
    if not timestamp.isdigit() or len(timestamp) > 12:
        return "malformed timestamp"
    if abs(now - int(timestamp)) > window:
        return "timestamp outside the 5-minute window"
    expected = "v0=" + hmac.new(_bytes(secret), b"v0:" + timestamp.encode() + b":" + body,
                                hashlib.sha256).hexdigest()
    return OK if hmac.compare_digest(expected.encode(), _bytes(signature)) else "wrong signature"


def same_secret(expected: str, given: Optional[str], what: str) -> str:
    if not given:
        return f"missing {what}"
    return OK if hmac.compare_digest(_bytes(expected), _bytes(given)) else f"wrong {what}"


def telegram(secret_token: str, header: Optional[str]) -> str:
    """The ``X-Telegram-Bot-Api-Secret-Token`` header equals the secret given to setWebhook."""
    return same_secret(secret_token, header, "X-Telegram-Bot-Api-Secret-Token")


def twilio(validator: RequestValidator, url: str, params: Mapping[str, Any],
           signature: Optional[str]) -> str:
    """``X-Twilio-Signature`` checked by the official ``twilio`` package over the public
    URL Twilio posted to (TWILIO_WEBHOOK_URL) and the form parameters."""
    if not signature:
        return "missing X-Twilio-Signature"
    try:
        return OK if validator.validate(url, params, signature) else "wrong signature"
    except Exception:  # noqa: BLE001 (a malformed header must be a refusal, not a 500)
        return "malformed signature"


def messenger(app_secret: Union[str, bytes], body: bytes, header: Optional[str]) -> str:
    """``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with the app secret>``."""
    if not header:
        return "missing X-Hub-Signature-256"
    expected = "sha256=" + hmac.new(_bytes(app_secret), body, hashlib.sha256).hexdigest()
    return OK if hmac.compare_digest(expected.encode(), _bytes(header)) else "wrong signature"
