"""How one turn of the bot's replies looks on each messaging platform. Pure functions.

Input: the messages Rasa produced for one user message, as dicts like those of Rasa's
``CollectingOutputChannel`` (``text``, ``buttons``, ``custom``, ...). Output: the bodies
to post to the platform, in order. No Rasa import, no network: unit-tested in
tests/channels/test_render.py.

Rules, the same on every platform:

* An emergency (a custom message whose ``type`` contains "emergency", or an assessment
  with ``triage: emergency``) is sent first and alone: its own message, before anything
  else of that turn.
* The assessment (custom ``type: twitch_assessment``, see docs/DESIGN.md "The payload")
  becomes ONE readable text: triage level, what to do, the red flags in the person's
  own words, the sources and the not-a-diagnosis line. The message's own ``text`` (the
  long web version) is not sent as well. Where a platform limits the length, the text
  is split on paragraph, then line, then sentence boundaries.
* Buttons become the platform's own: Slack Block Kit buttons, Telegram inline keyboard,
  Messenger quick replies; on SMS and WhatsApp numbered options ("Reply 1, 2 or 3"),
  at most 3 on WhatsApp. ``match_reply`` maps "2" or "ask a question" back to the payload.
* SMS: the assessment is a short text (at most 3 segments) ending "Reply DETAILS for the
  full explanation"; the full text is returned as ``SmsTurn.details`` for the channel to
  keep and send on request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence

ASSESSMENT_TYPE = "twitch_assessment"

TELEGRAM_LIMIT = 4096
MESSENGER_LIMIT = 2000
SLACK_SECTION_LIMIT = 3000  # characters of one section block's text
SLACK_MAX_BLOCKS = 50
SLACK_BUTTON_TITLE = 75
MESSENGER_QUICK_REPLY_TITLE = 20
MESSENGER_MAX_QUICK_REPLIES = 13
TELEGRAM_CALLBACK_BYTES = 64
TWILIO_BODY_LIMIT = 1600  # Twilio refuses longer bodies (SMS and WhatsApp)
SMS_SHORT_LIMIT = 459  # 3 GSM-7 segments of 153 characters
WHATSAPP_MAX_BUTTONS = 3
DETAILS_WORD = "DETAILS"
DETAILS_PROMPT = f"Reply {DETAILS_WORD} for the full explanation."


# --------------------------------------------------------------------------- reading
def custom_of(message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The custom payload, unwrapped from socket.io's ``{"data": ...}`` if needed."""
    custom = message.get("custom")
    if isinstance(custom, dict) and "type" not in custom and isinstance(custom.get("data"), dict):
        custom = custom["data"]
    return custom if isinstance(custom, dict) else None


def is_emergency(message: Dict[str, Any]) -> bool:
    custom = custom_of(message)
    if not custom:
        return False
    kind = str(custom.get("type", ""))
    return "emergency" in kind or (kind == ASSESSMENT_TYPE and custom.get("triage") == "emergency")


def assessment_of(message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    custom = custom_of(message)
    if custom and custom.get("type") == ASSESSMENT_TYPE:
        return custom
    return None


def order_turn(messages: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The turn's messages with the emergency ones first (otherwise in order)."""
    messages = list(messages)
    return [m for m in messages if is_emergency(m)] + [m for m in messages if not is_emergency(m)]


def buttons_of(message: Dict[str, Any]) -> List[Dict[str, str]]:
    """The message's buttons (or quick replies) that have a title and a payload."""
    raw = message.get("buttons") or message.get("quick_replies") or []
    buttons = []
    for button in raw if isinstance(raw, list) else []:
        if isinstance(button, dict) and button.get("title") and button.get("payload"):
            buttons.append({"title": str(button["title"]), "payload": str(button["payload"])})
    return buttons


# --------------------------------------------------------------------------- the assessment
def _sources(payload: Dict[str, Any]) -> List[str]:
    lines = []
    for source in payload.get("sources") or []:
        if isinstance(source, dict) and source.get("title"):
            section = f", {source['section']}" if source.get("section") else ""
            lines.append(f"- {source['title']}{section}")
    return lines


def _evidence(payload: Dict[str, Any]) -> List[str]:
    quotes: List[str] = []
    for flag in payload.get("red_flags") or []:
        for words in (flag.get("evidence") or []) if isinstance(flag, dict) else []:
            quote = f'- "{words}"'
            if quote not in quotes:
                quotes.append(quote)
    return quotes


def headline(payload: Dict[str, Any]) -> str:
    label = str(payload.get("triage_label") or payload.get("triage") or "").strip()
    label = label[:1].upper() + label[1:]
    return f"Advice: {label}." if label and not label.endswith(".") else f"Advice: {label}"


def _steps(payload: Dict[str, Any]) -> List[str]:
    """next_steps without the one that only repeats the headline's advice."""
    label = _normalise(str(payload.get("triage_label") or ""))
    return [str(s) for s in payload.get("next_steps") or [] if s and _normalise(str(s)) != label]


def assessment_text(payload: Dict[str, Any]) -> str:
    """The assessment as one readable text, paragraphs separated by blank lines."""
    paragraphs = [headline(payload)]
    if payload.get("twitch_type_label") and payload.get("triage") != "emergency":
        paragraphs.append(f"What it looks like: {payload['twitch_type_label']}.")
    steps = _steps(payload)
    if steps:
        paragraphs.append("What to do:\n" + "\n".join(f"- {s}" for s in steps))
    quotes = _evidence(payload)
    if quotes:
        paragraphs.append("What made me say this, in your words:\n" + "\n".join(quotes))
    sources = _sources(payload)
    if sources:
        paragraphs.append("Sources:\n" + "\n".join(sources))
    paragraphs.append(str(payload.get("not_a_diagnosis") or "This is general information, not a diagnosis."))
    return "\n\n".join(paragraphs)


def message_text(message: Dict[str, Any]) -> str:
    """What a message says as plain text: the rendered assessment, or its text."""
    payload = assessment_of(message)
    if payload:
        return assessment_text(payload)
    text = message.get("text")
    return text if isinstance(text, str) else ""


# --------------------------------------------------------------------------- splitting
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _pieces(text: str, limit: int) -> List[str]:
    """Cut text into pieces no longer than ``limit``, at the coarsest boundary possible."""
    if len(text) <= limit:
        return [text]
    for separator, pattern in (("\n\n", None), ("\n", None), (" ", _SENTENCE_END), (" ", None)):
        parts = pattern.split(text) if pattern else text.split(separator)
        if len(parts) > 1:
            out: List[str] = []
            for part in parts:
                out.extend(_pieces(part, limit) if len(part) > limit else [part])
            return _pack(out, separator, limit)
    return [text[i:i + limit] for i in range(0, len(text), limit)]  # one word longer than limit


def _pack(parts: List[str], separator: str, limit: int) -> List[str]:
    chunks: List[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def split_text(text: str, limit: int) -> List[str]:
    """The text in chunks of at most ``limit`` characters, cut on paragraph, line,
    sentence or word boundaries (in that order of preference), never mid-word unless
    a single word is longer than the limit. Empty text gives no chunk."""
    text = text.strip()
    if not text:
        return []
    return [chunk.strip() for chunk in _pieces(text, limit) if chunk.strip()]


# --------------------------------------------------------------------------- Slack
def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_messages(messages: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """chat.postMessage bodies (without ``channel``): ``text`` for notifications and
    Block Kit ``blocks``: sections of at most 3,000 characters, an ``actions`` block of
    buttons whose ``value`` is the payload."""
    out = []
    for message in order_turn(messages):
        text = message_text(message)
        buttons = buttons_of(message)
        if not text and not buttons:
            continue
        blocks: List[Dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(chunk)}}
            for chunk in split_text(text, SLACK_SECTION_LIMIT)
        ]
        if buttons:
            blocks.append({"type": "actions", "elements": [
                {"type": "button", "action_id": f"twitch_button_{i}", "value": b["payload"][:2000],
                 "text": {"type": "plain_text", "text": b["title"][:SLACK_BUTTON_TITLE]}}
                for i, b in enumerate(buttons[:25])
            ]})
        fallback = (split_text(text, 150) or [buttons[0]["title"] if buttons else ""])[0]
        out.append({"text": fallback, "blocks": blocks[:SLACK_MAX_BLOCKS]})
    return out


# --------------------------------------------------------------------------- Telegram
def telegram_callback(button: Dict[str, str], index: int) -> str:
    """callback_data: the payload when it fits Telegram's 64 bytes, else ``#index``
    (the channel keeps the offered buttons to map it back)."""
    payload = button["payload"]
    return payload if len(payload.encode("utf-8")) <= TELEGRAM_CALLBACK_BYTES else f"#{index}"


def telegram_messages(messages: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """sendMessage bodies (without ``chat_id``), plain text (no parse_mode, nothing to
    escape), at most 4,096 characters each; buttons as an inline keyboard (one per row)
    on the last chunk of their message."""
    out = []
    for message in order_turn(messages):
        buttons = buttons_of(message)
        chunks = split_text(message_text(message), TELEGRAM_LIMIT) or (["Choose an option:"] if buttons else [])
        bodies: List[Dict[str, Any]] = [{"text": chunk} for chunk in chunks]
        if buttons and bodies:
            bodies[-1]["reply_markup"] = {"inline_keyboard": [
                [{"text": b["title"], "callback_data": telegram_callback(b, i)}]
                for i, b in enumerate(buttons)
            ]}
        out.extend(bodies)
    return out


# --------------------------------------------------------------------------- Messenger
def messenger_messages(messages: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Send API ``message`` objects: text of at most 2,000 characters, buttons as quick
    replies (at most 13, titles cut to 20 characters) on the last chunk."""
    out = []
    for message in order_turn(messages):
        buttons = buttons_of(message)
        chunks = split_text(message_text(message), MESSENGER_LIMIT) or (["Choose an option:"] if buttons else [])
        bodies: List[Dict[str, Any]] = [{"text": chunk} for chunk in chunks]
        if buttons and bodies:
            bodies[-1]["quick_replies"] = [
                {"content_type": "text", "payload": b["payload"][:1000],
                 "title": b["title"] if len(b["title"]) <= MESSENGER_QUICK_REPLY_TITLE
                 else b["title"][:MESSENGER_QUICK_REPLY_TITLE - 1].rstrip() + "…"}
                for b in buttons[:MESSENGER_MAX_QUICK_REPLIES]
            ]
        out.extend(bodies)
    return out


# --------------------------------------------------------------------------- SMS / WhatsApp
_GSM_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2026": "...", "\u00a0": " ", "\u2022": "-",
}


def gsm_safe(text: str) -> str:
    """Typographic punctuation replaced by plain ASCII, so that an SMS stays in the GSM-7
    alphabet (160 characters a segment, not 70)."""
    for fancy, plain in _GSM_REPLACEMENTS.items():
        text = text.replace(fancy, plain)
    return text


def sms_segments(text: str) -> int:
    """How many SMS segments a text takes (GSM-7 if it is plain ASCII, else UCS-2)."""
    single, multi = (160, 153) if all(ord(c) < 128 for c in text) else (70, 67)
    return 1 if len(text) <= single else -(-len(text) // multi)


def options_text(buttons: Sequence[Dict[str, str]]) -> str:
    numbers = [str(i) for i in range(1, len(buttons) + 1)]
    which = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " or " + numbers[-1]
    lines = [f"Reply {which}:"] + [f"{i} {b['title']}" for i, b in enumerate(buttons, 1)]
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    """The text cut to ``limit`` characters at a sentence or word boundary, marked "..."."""
    if len(text) <= limit:
        return text
    sentences = _pack(_SENTENCE_END.split(text), " ", limit)
    if sentences and len(sentences[0]) <= limit and sentences[0] != text:
        return sentences[0]
    cut = text[: limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


def sms_short_assessment(payload: Dict[str, Any], limit: int = SMS_SHORT_LIMIT) -> str:
    """The assessment in at most ``limit`` characters: the advice, the first thing to do,
    the not-a-diagnosis line and how to get the rest."""
    head = gsm_safe(headline(payload))
    tail = gsm_safe(str(payload.get("not_a_diagnosis") or "")) + "\n" + DETAILS_PROMPT
    steps = [gsm_safe(s) for s in _steps(payload)]
    room = limit - len(head) - len(tail) - 2
    middle = _shorten(steps[0], room) if steps and room > 20 else ""
    return "\n".join(part for part in (head, middle, tail) if part)[:limit]


@dataclass
class SmsTurn:
    bodies: List[str] = field(default_factory=list)
    buttons: List[Dict[str, str]] = field(default_factory=list)  # the numbered options offered last
    details: Optional[str] = None  # the full assessment, sent when the person replies DETAILS


def sms_turn(messages: Iterable[Dict[str, Any]], whatsapp: bool = False) -> SmsTurn:
    """Twilio message bodies for one turn. SMS: the assessment short, with DETAILS;
    WhatsApp: the assessment in full. Buttons as numbered options (WhatsApp: 3 at most)."""
    turn = SmsTurn()
    for message in order_turn(messages):
        payload = assessment_of(message)
        if payload and not whatsapp and not is_emergency(message):
            turn.details = gsm_safe(assessment_text(payload))
            text = sms_short_assessment(payload)
        else:
            text = gsm_safe(message_text(message))
        buttons = buttons_of(message)
        if whatsapp:
            buttons = buttons[:WHATSAPP_MAX_BUTTONS]
        if buttons:
            turn.buttons = buttons
            text = f"{text}\n\n{options_text(buttons)}" if text else options_text(buttons)
        turn.bodies.extend(split_text(text, TWILIO_BODY_LIMIT))
    return turn


def details_bodies(details: str) -> List[str]:
    return split_text(details, TWILIO_BODY_LIMIT)


_NON_WORD = re.compile(r"[^\w\s]")


def _normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def is_details_request(text: str) -> bool:
    return _normalise(text) in ("details", "detail", "more details", "full details")


def match_reply(text: str, buttons: Sequence[Dict[str, str]]) -> Optional[str]:
    """The payload of the offered option the reply names: its number ("2", "2.",
    "option 2", "#2") or its words ("ask a question"). None if it names none."""
    if not buttons or not isinstance(text, str):
        return None
    words = _normalise(text)
    number = re.fullmatch(r"(?:option |number |no )?(\d{1,2})", words)
    if number:
        index = int(number.group(1))
        return buttons[index - 1]["payload"] if 1 <= index <= len(buttons) else None
    for button in buttons:
        if words and words == _normalise(button["title"]):
            return button["payload"]
    return None
