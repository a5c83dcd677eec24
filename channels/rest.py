"""The REST channel, hardened: malformed requests get a 4xx, never a 500.

Rasa's own `RestInput` reads `request.json.get(...)`, so a body that is a list or a
string, or a message that is not text, ends in a server error. This channel keeps the
same URL (`/webhooks/rest/webhook`) and behaviour, and:

* answers 400 with a plain explanation when the body is not a JSON object, when
  `sender` is missing or not text/number, or when `message` is missing or not text;
* answers 413 when the message is longer than MAX_MESSAGE_CHARS;
* removes control characters (NUL, escape sequences, bidi overrides) from the text,
  so that they reach neither the model nor the tracker store (PostgreSQL refuses NUL).

Enabled in credentials.yml as `channels.rest.ValidatingRestInput`.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage, PayloadTooLarge
from sanic.request import Request

MAX_MESSAGE_CHARS = 50_000
MAX_SENDER_CHARS = 255
# C0/C1 controls except tab and newline, plus bidirectional overrides/isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def clean_text(text: Text) -> Text:
    """The message without terminal escape sequences and control characters."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def _body(request: Request) -> Dict[Text, Any]:
    try:
        body = request.json
    except Exception as error:  # sanic raises its own InvalidUsage for bad JSON
        raise InvalidUsage("The request body must be JSON.") from error
    if not isinstance(body, dict):
        raise InvalidUsage('The request body must be a JSON object: {"sender": ..., "message": ...}.')
    return body


class ValidatingRestInput(RestInput):
    """Rasa's REST channel with input validation (see the module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if isinstance(sender, bool) or not isinstance(sender, (str, int)):
            raise InvalidUsage('"sender" is required: a text or a number that identifies the conversation.')
        sender = clean_text(str(sender)).strip()
        if not sender or len(sender) > MAX_SENDER_CHARS:
            raise InvalidUsage(f'"sender" must be 1 to {MAX_SENDER_CHARS} characters.')
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage('"message" is required and must be text.')
        if len(message) > MAX_MESSAGE_CHARS:
            raise PayloadTooLarge(f"Messages are limited to {MAX_MESSAGE_CHARS} characters.")
        return clean_text(message)

    def _extract_input_channel(self, req: Request) -> Text:
        channel = _body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None
