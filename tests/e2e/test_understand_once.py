"""The action server uses what the NLU read of each message: whole conversations,
with negation, history and an emergency, are handled without it ever loading spaCy."""
from __future__ import annotations

from pathlib import Path

from tests.e2e.test_conversations import ALL_ANSWERS


def _loaded_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_the_action_server_never_loads_spacy_during_whole_conversations(chat, stack):
    payload = chat.answer_until_assessed(
        dict(ALL_ANSWERS, weakness="no, strength is fine"),
        "years ago my arm went weak after a fall but that healed; now my eyelid jumps")
    assert payload["triage"] == "self_care"  # the old, healed weakness is history
    assert "weakness" not in [flag["code"] for flag in payload["red_flags"]]

    replies = chat.send("/affirm")  # a button, read by Rasa's own intent syntax
    assert replies, "a button press is answered"
    replies = chat.send("my face is drooping on one side and my arm went numb just now")
    assert "emergency" in chat.texts(replies).lower() or chat.assessment(replies)

    maps = _loaded_libraries(stack._procs["actions"].pid)
    assert "/spacy/" not in maps and "/thinc/" not in maps and "/tensorflow/" not in maps
    # the Rasa server, by contrast, holds spaCy (SpacyNLP): the check can see it
    assert "/spacy/" in _loaded_libraries(stack._procs["rasa"].pid)
