"""Short replies and the shape of a message, read without a model.

``short_reply("cheerio!")`` is ``"goodbye"``: a message that is one of the phrases in
``replies.yml`` and nothing else has one reading, whatever a classifier trained on a
few hundred examples makes of a word it has never seen. ``asks(text)`` tells a
question ("my ankle bounces, what is that called") from a statement ("hip twitches")
even without a question mark. The NLU component (``components.safety``) uses both.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import List, Mapping, Optional

import yaml

from .interview import is_question
from .negation import normalise

REPLIES_PATH = Path(__file__).with_name("replies.yml")
REPLY_INTENTS = ("greet", "goodbye", "thank", "affirm", "deny", "dont_know", "stop")

# Set aside before a message is looked up: "ok bye", "bye then", "thanks mate".
_LEADING = ("ok", "okay", "oh", "well", "right", "erm", "um", "so")
_TRAILING = ("then", "now", "for now", "mate", "x", "xx", "lol", "haha", "bot")

# A word, or a run of symbols such as an emoji; punctuation is dropped.
_TOKEN = re.compile(r"[\w']+|[^\w\s'.,!?;:()\[\]{}\"*~_-]+")
_LONG_RUN = re.compile(r"([a-z])\1{2,}")
_VARIATION = re.compile("[\ufe0e\ufe0f]")


def normalise_reply(text: str) -> str:
    """The form a message is looked up in: "Byeee!!" is "bye", "Ta-ra" is "ta ra"."""
    low = _VARIATION.sub("", normalise(text or ""))
    words = " ".join(_TOKEN.findall(low)).strip("'")
    return _LONG_RUN.sub(r"\1", words)


class RepliesError(ValueError):
    """replies.yml is malformed; the message says where."""


@lru_cache(maxsize=1)
def phrases() -> Mapping[str, str]:
    """Every listed phrase (normalised) and its intent."""
    with REPLIES_PATH.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    unknown = set(data) - set(REPLY_INTENTS)
    if unknown:
        raise RepliesError(f"{REPLIES_PATH.name}: unknown intents {sorted(unknown)}")
    table = {}
    for intent in REPLY_INTENTS:
        for phrase in data.get(intent) or []:
            key = normalise_reply(str(phrase))
            if not key:
                raise RepliesError(f"{REPLIES_PATH.name}: an empty phrase under {intent}")
            if key in table:
                raise RepliesError(
                    f"{REPLIES_PATH.name}: {phrase!r} is listed under {table[key]} and {intent}")
            table[key] = intent
    return MappingProxyType(table)


def _candidates(plain: str) -> List[str]:
    out = [plain]
    for lead in _LEADING:
        if plain.startswith(lead + " "):
            out.append(plain[len(lead) + 1:])
    for form in list(out):
        for tail in _TRAILING:
            if form.endswith(" " + tail):
                out.append(form[: -len(tail) - 1])
    return out


def short_reply(text: str) -> Optional[str]:
    """The intent of a message that is only a listed short reply, else None."""
    plain = normalise_reply(text)
    if not plain or len(plain) > 40:
        return None
    table = phrases()
    for form in _candidates(plain):
        if form in table:
            return table[form]
    return None


# A question, wherever a clause starts: "my ankle bounces, what is that called",
# "i have ms and my legs twitch, is that the ms". A question word inside a clause
# ("my eyelid twitches when I've had coffee", "when I'm stressed my eye jumps") is not.
_CLAUSE_START = r"(?:^|[,;:.!?]\s*|\b(?:and|but|so|or)\s+)"
_ASKING = re.compile(
    _CLAUSE_START
    + r"(?:why\s|(?:what|wat|wot|how|where|who)(?:'s|s)\b"
    r"|(?:what|wat|wot|how|which|who|where|when)\s+(?:is|are|am|was|were|do|does|did|can|could|"
    r"should|shud|would|will|causes?|makes?|happens?|to)\b"
    r"|(?:is|are|am|was|can|could|does|do|did|should|shud|would|will|has|have|isn't|aren't|"
    r"doesn't|don't)\s+(?:it|this|that|these|those|i|my|they|there|the|a|an|you|twitch\w*|"
    r"ms|als|bfs|cramps?|spasms?|caffeine|stress|anxiety)\b)"
    # a request for information rather than a report
    r"|\b(?:vs|versus|difference between|definition|define|meaning|explain\w*|describe (?:what|how)|"
    r"tell me|tips|ways? to|causes? of|symptoms of|is that a thing|what'?s that)\b",
)


def asks(text: str) -> bool:
    """Whether the message asks something, with or without a question mark."""
    return is_question(text) or bool(_ASKING.search(normalise(text or "").strip()))


# "help", "pls help me", "SOS": someone asking for help, never a message to be sorry about
_PLEA = re.compile(r"^(?:(?:please|pls|plz|plse|can you|could you|someone|somebody|i need|need|i want)\s+)*"
                   r"(?:help|halp|hlep|sos)(?:\s+(?:me|us|please|pls|plz|now|asap|quick|quickly))*$")


def is_plea_for_help(text: str) -> bool:
    """Whether the message is only a plea for help (actions.fallback answers it with the
    emergency signs and starts the interview)."""
    return bool(_PLEA.match(" ".join(re.findall(r"[a-z]+", normalise(text or "")))))
