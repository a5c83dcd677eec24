"""The pattern featurizer on real Rasa messages, through Rasa's own SpacyNLP and tokenizer."""
from __future__ import annotations

from typing import List

import numpy as np
import pytest
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP, SpacyModel
from rasa.shared.nlu.training_data.message import Message

from components.pattern_features import FEATURE_NAMES, pattern_features
from twitch_knowledge import nlp as twitch_nlp


@pytest.fixture(scope="module")
def prepare():
    model = SpacyModel(model=twitch_nlp.load_pipeline(), model_name="en_twitch")
    spacy_nlp = SpacyNLP(model, {**SpacyNLP.get_default_config(), "case_sensitive": False})
    tokenizer = SpacyTokenizer(SpacyTokenizer.get_default_config())

    def run(text: str) -> Message:
        message = Message(data={"text": text})
        spacy_nlp.process([message], model)
        tokenizer.process([message])
        return message

    return run


def _marks(message: Message) -> List[List[str]]:
    sequence, _ = pattern_features(message)
    dense = sequence.toarray()
    return [[FEATURE_NAMES[i] for i in np.flatnonzero(row)] for row in dense]


def _by_token(message: Message):
    tokens = [t.text for t in message.get("text_tokens")]
    return dict(zip(tokens, _marks(message)))


def test_time_phrases_are_marked_with_their_boundaries(prepare):
    message = prepare("my left calf has been twitching for about 2 weeks")
    tokens = [t.text for t in message.get("text_tokens")]
    marks = _marks(message)
    start = tokens.index("for")
    assert marks[start] == ["B-onset"]
    assert [m for m in marks[start + 1:start + 4]] == [["I-onset"]] * 3
    assert _by_token(message)["my"] == [], "words outside any pattern get no feature"


def test_vocabulary_words_the_training_data_may_lack(prepare):
    marks = _by_token(prepare("my hamstring flickers since I started water pills"))
    assert marks["hamstring"] == ["B-body_location"]
    assert marks["flickers"] == ["B-movement"]
    assert "B-trigger" in marks["water"] and "I-trigger" in marks["pills"]


def test_sentence_vector_says_which_labels_occur(prepare):
    _, sentence = pattern_features(prepare("coffee"))
    named = {FEATURE_NAMES[i] for i in np.flatnonzero(sentence.toarray()[0])}
    assert named == {"B-trigger"}
    _, sentence = pattern_features(prepare("what time is it?"))
    assert not sentence.toarray().any(), "small talk carries no vocabulary feature"


def test_message_without_a_doc_is_left_alone():
    assert pattern_features(Message(data={"text": "hello"})) is None


def test_the_training_cache_key_follows_the_patterns(tmp_path, monkeypatch):
    from components.pattern_features import PatternEntityFeaturizer
    from twitch_knowledge import nlp as twitch_nlp

    (tmp_path / "entity_ruler").mkdir()
    patterns = tmp_path / "entity_ruler" / "patterns.jsonl"
    monkeypatch.setattr(twitch_nlp, "DEFAULT_PIPELINE_PATH", tmp_path)
    patterns.write_text('{"label": "movement", "pattern": "twitch"}\n')
    before = PatternEntityFeaturizer.fingerprint_addon({})
    patterns.write_text('{"label": "movement", "pattern": "jackhammer"}\n')
    assert PatternEntityFeaturizer.fingerprint_addon({}) != before
