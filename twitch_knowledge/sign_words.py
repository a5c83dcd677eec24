"""Words that look like a sign but, in their sentence, are not one (issue 14, item 7).

Small, separate checks for `extract.context_veto` to call; the phrases live in
`vocabulary.yml` (section ``tight_not_spasticity``). No Rasa import, never raises.

* `tight_not_spasticity(text, start, end)`: a lone "tight" (or "tightness",
  "tightening") is not spasticity when its sentence names effort or exercise ("my
  calf felt tight after my run") or a cramp ("it went tight with a cramp"). With a
  stiffness word in the same sentence ("tight and stiff after the gym") it still
  counts: in MS spasticity can get worse with activity, so the assistant does not
  explain stiffness away.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Pattern

from .negation import normalise
from .vocabulary import expand, load_vocabulary

_TIGHT = re.compile(r"^(?:tight|tightly|tighter|tightness|tighten|tightens|tightening)$")
_SENTENCE = re.compile(r"[.!?\n;]")


def _alternation(phrases) -> str:
    words = {w for phrase in phrases for w in expand(phrase)}
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _cues() -> tuple:
    section = load_vocabulary()["tight_not_spasticity"]
    def rx(phrases) -> Pattern[str]:
        return re.compile(rf"\b(?:{_alternation(phrases)})\b")
    return rx(section["stiffness_words"]), rx(section["effort"]), rx(section["cramp"])


def _sentence(norm: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE.finditer(norm, 0, start)), default=0)
    right = _SENTENCE.search(norm, end)
    return norm[left:right.start() if right else len(norm)]


def tight_not_spasticity(text: str, start: int, end: int) -> bool:
    """Is the "tight" at ``text[start:end]`` effort or a cramp rather than spasticity?"""
    try:
        if not text or not 0 <= start < end <= len(text):
            return False
        lo = max(0, start - 300)
        norm = normalise(text[lo:end + 300])
        start, end = start - lo, end - lo
        if not _TIGHT.match(norm[start:end].strip()):
            return False
        sentence = _sentence(norm, start, end)
        stiff, effort, cramp = _cues()
        if stiff.search(sentence):
            return False
        return bool(effort.search(sentence) or cramp.search(sentence))
    except Exception:  # pragma: no cover - defensive: a check never breaks a conversation
        return False
