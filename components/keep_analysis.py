"""Keep the NLU's reading of a button payload ("/affirm") through Rasa's RegexMessageHandler.

For a message that starts with "/", Rasa's last NLU step replaces the message with a
new one holding only the text, the intent and the entities, so the readings that
`components.safety` added for the action server (``twitch_analysis``, see
`twitch_knowledge.analysis`) were dropped, and the action server loaded spaCy to read
"/describe_twitch" itself. This copies them onto the new message. :func:`install` is
called when the ``components`` package is imported.
"""
from __future__ import annotations

import functools
from typing import Any, List, Optional

from twitch_knowledge.analysis import KEY

_ORIGINAL = None


def _process(self, messages: List[Any], domain: Optional[Any] = None) -> List[Any]:  # noqa: ANN001
    processed = _ORIGINAL(self, messages, domain)
    for before, after in zip(messages, processed):
        reading = before.get(KEY)
        if after is not before and reading is not None and after.get(KEY) is None:
            after.set(KEY, reading, add_to_output=True)
    return processed


def install() -> None:
    """Wrap ``RegexMessageHandler.process`` (idempotent)."""
    global _ORIGINAL
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler

    if _ORIGINAL is None:
        _ORIGINAL = RegexMessageHandler.process
        # functools.wraps: Rasa validates the NLU's last component by its signature and
        # return annotation (rasa.engine.validation), which stay Rasa's own
        RegexMessageHandler.process = functools.wraps(_ORIGINAL)(_process)
