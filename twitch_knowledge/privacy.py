"""Whether a message really asks to delete the conversation ("forget me", issue 16).

The classifier's ``forget_me`` / ``forget_me_confirmed`` are only trusted when the
words say so: an answer misread as a deletion request must never end the interview,
and never delete anything. The buttons' payloads (``/forget_me...``) always count.
"""
from __future__ import annotations

import re

# The intents that ask to delete the conversation: typed words are always the first; the
# second is only the payload of the "Yes, delete it" button and of the widget's button.
FORGET_INTENTS = ("forget_me", "forget_me_confirmed")

# A deletion needs its object: "delete my data", "wipe this chat", "forget me", "clear my
# history". A verb alone is not enough ("just wiped out", "clear my throat", "how do
# I get rid of it" are about the person, not their data).
_DATA = (r"(?:data|chats?|conversations?|convos?|messages?|history|information|info|details|"
         r"account|records?|everything|all of (?:it|this)|what i (?:said|told you|wrote|typed))")
_DETERMINERS = r"(?:(?:my|this|the|our|your|all|of|whole|entire|personal|chat|these|those)\s+){0,3}"
_ASKS = re.compile(
    r"\b(?:delete|erase|wipe|remove|clear|purge|scrub|forget|get rid of)\s+" + _DETERMINERS + _DATA + r"\b"
    # "delete it", "wipe this", "forget me": only with the verbs that mean nothing else
    r"|\b(?:delete|erase|wipe|forget)\s+(?:it|this|that|them|me)\b"
    # "I want my data deleted", "can my chat be erased"
    r"|\b(?:my|this|the|our)\s+" + _DATA + r"\s+(?:\w+\s+){0,2}?"
    r"(?:deleted|erased|wiped|removed|cleared|forgotten|purged)\b"
    r"|\bright to be forgotten\b|\bgdpr\b"
    # the verb on its own: "delete", "erase please"
    r"|^\W*(?:please\s+)?(?:delete|erase|wipe|forget me)\W*(?:please|pls|plz|now)?\W*$",
    re.IGNORECASE)
_KEEP = re.compile(r"\b(?:don'?t|do not|never)\s+(?:want\s+you\s+to\s+)?(?:keep|store|save|record)\b",
                   re.IGNORECASE)


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
    return bool(_ASKS.search(text) or _KEEP.search(text))
