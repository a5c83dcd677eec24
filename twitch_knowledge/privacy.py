"""Whether a message really asks to delete the conversation ("forget me", issue 16).

The classifier's ``forget_me`` / ``forget_me_confirmed`` are only trusted when the
words say so: an answer misread as a deletion request must never end the interview,
and never delete anything. The buttons' payloads (``/forget_me...``) always count.
"""
from __future__ import annotations

import re

_WORDS = re.compile(
    r"\b(delete|deleted|erase|erased|wipe|wiped|remove|removed|forget|forgotten|clear|"
    r"purge|gdpr|scrub)\b", re.IGNORECASE)
_KEEP = re.compile(r"\b(don'?t|do not|never)\s+(keep|store|save|record)\b", re.IGNORECASE)


# "forget it", "oh forget about that": giving up on the question, not deleting anything
# ("forget this conversation" still asks to delete).
_GIVING_UP = re.compile(
    r"\bforget\s+(?:about\s+)?(?:it|that|this)\b(?!\s+(?:whole\s+)?(?:conversation|convo|chat|data))",
    re.IGNORECASE)


def asks_to_forget(text: str) -> bool:
    text = (text or "").strip()
    if text.startswith("/forget_me"):
        return True
    text = _GIVING_UP.sub(" ", text)
    return bool(_WORDS.search(text) or _KEEP.search(text))
