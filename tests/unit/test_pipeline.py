"""The saved spaCy pipeline loads with plain spacy.load (what Rasa's SpacyNLP does)."""
import socket

import pytest
import spacy

from twitch_knowledge import nlp as twitch_nlp

BUILT_IN = {"sentencizer", "lemmatizer", "entity_ruler"}
TEXTS = [
    "my left calf has been twitching for 2 weeks, no weakness",
    "My eyelid flickers every few minutes for a second or two since Monday",
    "I cant grip my cup, I'm stressed and drink loads of coffee",
]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def ents(doc):
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


def test_saved_pipeline_loads_with_plain_spacy(tmp_path, no_network):
    path = twitch_nlp.save_pipeline(tmp_path / "en_twitch")
    loaded = spacy.load(path)
    assert loaded.pipe_names == ["sentencizer", "lemmatizer", "entity_ruler"]
    factories = {loaded.get_pipe_meta(name).factory for name in loaded.pipe_names}
    assert factories <= BUILT_IN
    fresh = twitch_nlp.build_pipeline()
    for text in TEXTS:
        assert ents(loaded(text)) == ents(fresh(text))
    assert ents(loaded(TEXTS[0])) == [
        ("left calf", "body_location", ""),
        ("twitching", "movement", "flicker"),
        ("for 2 weeks", "onset", ""),
        ("weakness", "symptom", "weakness"),
    ]
    # lookup lemmatizer tables travel with the pipeline
    assert [t.lemma_ for t in loaded("twitches calves")][0] == "twitch"


def test_load_pipeline_falls_back_to_memory(tmp_path):
    nlp = twitch_nlp.load_pipeline(tmp_path / "missing")
    assert "entity_ruler" in nlp.pipe_names
    assert twitch_nlp.load_pipeline(tmp_path / "missing") is nlp  # cached


def test_build_script(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "pipe"
    result = subprocess.run(
        [sys.executable, str(twitch_nlp.PROJECT_ROOT / "scripts" / "build_spacy_pipeline.py"),
         "--output", str(out)],
        capture_output=True, text=True, check=True,
    )
    assert "Saved spaCy pipeline" in result.stdout
    assert spacy.load(out).pipe_names == ["sentencizer", "lemmatizer", "entity_ruler"]


def test_pipeline_knows_everyday_and_misspelt_words():
    nlp = twitch_nlp.build_pipeline()
    found = {(e.text, e.label_, e.ent_id_) for text in (
        "my ankel does a rythmic jerkin thing",
        "my tung wriggles like worms",
        "twitching for 6 mths, the calf looks thinner than the other one",
        "since the water tablets the cramps wake me up",
    ) for e in nlp(text).ents}
    assert {("ankel", "body_location", ""), ("rythmic", "movement", "rhythmic_jerking"),
            ("jerkin", "movement", "rhythmic_jerking"), ("tung", "body_location", ""),
            ("wriggles", "movement", "flicker"), ("like worms", "movement", "flicker"),
            ("for 6 mths", "onset", ""), ("water tablets", "trigger", "medication"),
            ("wake me up", "impact", "sleep")} <= found
    assert any(label == "symptom" and code == "muscle_wasting" for _t, label, code in found)


def test_phrase_patterns_find_what_the_token_patterns_found():
    """Plain word sequences run on the faster phrase matcher; the spans stay the same."""
    from pathlib import Path

    import yaml

    from twitch_knowledge.vocabulary import entity_patterns

    tokens_only = spacy.blank("en")
    tokens_only.add_pipe("sentencizer")
    tokens_only.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = tokens_only.add_pipe("entity_ruler", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    tokens_only.initialize()
    ruler.add_patterns(entity_patterns())
    built = twitch_nlp.build_pipeline()
    assert sum(isinstance(p["pattern"], str) for p in built.get_pipe("entity_ruler").patterns) > 5000
    texts = list(TEXTS) + ["my calf won't stop shaking", "I can't swallow properly and my legs are tight"]
    root = Path(__file__).resolve().parents[2]
    for case in yaml.safe_load((root / "evaluation" / "holdout.yml").read_text())["conversations"]:
        texts.append(case["opening"])
        texts.extend(str(a) for a in case["answers"].values())
    assert len(texts) > 200
    for text in texts:
        assert ents(built(text)) == ents(tokens_only(text)), text
