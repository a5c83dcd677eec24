"""Understanding a message once: the NLU's readings, adopted by the action server,
give the same facts as reading the message again, and the action server needs no spaCy."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from twitch_knowledge import analysis, context, extract, interview

ROOT = Path(__file__).resolve().parents[2]

MESSAGES = [
    "the muscle under my right knee has been jumping since Sunday, never any weakness",
    "years ago my arm went weak after a fall but that healed, now my thumb flickers",
    "my brother's calf twitches and he can't grip a cup any more",
    "done, no other symptoms",
    "/affirm",
]
LEARNED = [{"entity": "onset", "value": "since Sunday", "start": 45, "end": 57, "extractor": "DIETClassifier"}]


def _forget_everything() -> None:
    extract._KNOWN_ENTITIES.clear()
    context._KNOWN.clear()


@pytest.fixture
def no_spacy(monkeypatch):
    """The action server's situation: reading a message with spaCy is not possible."""
    _forget_everything()

    def refuse(*args, **kwargs):
        raise RuntimeError("spaCy is not loaded in this process")

    monkeypatch.setattr("twitch_knowledge.nlp.load_pipeline", refuse)
    monkeypatch.setattr(context, "_context_component", refuse)
    yield
    _forget_everything()


@pytest.mark.parametrize("text", MESSAGES)
def test_adopted_readings_give_the_same_facts_and_interview_update(text, monkeypatch):
    _forget_everything()  # the NLU's side: spaCy available
    expected_facts = extract.extract_facts(text).to_dict()
    expected_update = interview.update(None, text, "describe_twitch", LEARNED, "twitch_onset")
    sent = json.loads(json.dumps(analysis.analyse(text, LEARNED)))  # as it travels in the tracker
    _forget_everything()

    def refuse(*args, **kwargs):
        raise RuntimeError("spaCy is not loaded in this process")

    monkeypatch.setattr("twitch_knowledge.nlp.load_pipeline", refuse)
    monkeypatch.setattr(context, "_context_component", refuse)
    assert analysis.adopt(sent, text)
    assert extract.extract_facts(text).to_dict() == expected_facts
    update = interview.update(None, text, "describe_twitch", LEARNED, "twitch_onset")
    assert update.facts.to_dict() == expected_update.facts.to_dict()
    assert update.slots == expected_update.slots and update.understood == expected_update.understood
    _forget_everything()


def test_without_the_readings_the_message_is_read_again(no_spacy):
    # the counterpart of the test above: nothing adopted, so extraction has to read
    # the message itself (here it cannot, and finds nothing)
    assert extract.extract_facts(MESSAGES[0]).locations == []


def test_readings_of_another_text_or_a_malformed_analysis_are_ignored(no_spacy):
    assert analysis.adopt({"version": analysis.VERSION, "text": "something else", "entities": []}, MESSAGES[0]) is False
    assert analysis.adopt({"version": analysis.VERSION, "text": MESSAGES[0], "entities": [{"oops": 1}]},
                          MESSAGES[0]) is False
    assert analysis.adopt("not a dict", MESSAGES[0]) is False
    assert analysis.adopt({"version": 999, "text": MESSAGES[0]}, MESSAGES[0]) is False
    assert extract.extract_facts(MESSAGES[0]).locations == []


def test_negation_and_history_travel_with_the_readings(monkeypatch):
    _forget_everything()
    text = MESSAGES[1]
    sent = json.loads(json.dumps(analysis.analyse(text)))
    _forget_everything()
    monkeypatch.setattr("twitch_knowledge.nlp.load_pipeline", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(context, "_context_component", lambda *a, **k: 1 / 0)
    analysis.adopt(sent, text)
    facts = extract.extract_facts(text)
    assert facts.symptoms.get("weakness") != "present"  # over and healed: history
    assert any("weak" in h for h in facts.history)
    _forget_everything()


def test_an_empty_message_has_no_analysis():
    assert analysis.analyse("   ") is None
    assert analysis.analyse(None) is None  # type: ignore[arg-type]


def test_the_action_server_code_loads_without_spacy():
    code = ("import sys; import actions; "
            "print(json.dumps(sorted(m for m in ('spacy', 'medspacy', 'tensorflow', 'rasa') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", "import json; " + code], cwd=ROOT, capture_output=True,
                         text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_forget_me_drops_every_remembered_text():
    _forget_everything()
    analysis.analyse("my left calf has twitched since Monday")
    assert extract._KNOWN_ENTITIES and context._KNOWN
    analysis.forget_readings()
    assert not extract._KNOWN_ENTITIES and not context._KNOWN
