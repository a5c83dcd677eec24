"""components.fast_fingerprint: the same text, and so the same fingerprints, as Rasa's."""
import numpy as np
import pytest
import scipy.sparse

import components  # noqa: F401  (installs the faster function)
from rasa.shared.nlu.training_data import util
from rasa.shared.nlu.training_data.features import Features

ORIGINAL = util.sparse_matrix_to_string._original


def test_the_faster_function_is_installed():
    assert util.sparse_matrix_to_string is not ORIGINAL
    assert util.sparse_matrix_to_string._fast


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32, np.uint8, np.float32, np.bool_])
def test_the_text_is_rasas(dtype):
    rng = np.random.default_rng(0)
    dense = rng.random((7, 300))
    dense[dense < 0.9] = 0
    values = np.array([0.1, 1 / 3, 1e-5, 2.5e-7, 1e16, 1e20, 12345.678, 1.0, 3.0, 1e-4, 0.5])
    dense[0, :len(values)] = values
    matrix = scipy.sparse.coo_matrix((dense * (1 if dtype not in (np.int64, np.int32, np.uint8) else 50)).astype(dtype))
    for form in (matrix, matrix.tocsr()):
        assert util.sparse_matrix_to_string(form) == ORIGINAL(form)
    assert util.sparse_matrix_to_string(matrix).count("\n") == matrix.nnz - 1


def test_feature_fingerprints_are_unchanged():
    matrix = scipy.sparse.random(5, 1000, density=0.05, format="coo", random_state=3)
    fast = Features(matrix, "sequence", "text", "CountVectorsFeaturizer").fingerprint()
    util.sparse_matrix_to_string = ORIGINAL
    try:
        slow = Features(matrix, "sequence", "text", "CountVectorsFeaturizer").fingerprint()
    finally:
        components.fast_fingerprint.install()
    assert fast == slow


# ---------------------------------------------------------------- container fingerprints
import rasa.shared.utils.io as rasa_io  # noqa: E402
from rasa.nlu.tokenizers.tokenizer import Token  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

ORIGINAL_DEEP = rasa_io.deep_container_fingerprint._original


class _OddFingerprint:
    """A ``fingerprint()`` that is not a hex digest: must go through json.dumps."""

    def __init__(self, text):
        self.text = text

    def fingerprint(self):
        return self.text


def _originals(obj):
    """Rasa's own function all the way down (it calls the module's name recursively)."""
    fast = rasa_io.deep_container_fingerprint
    rasa_io.deep_container_fingerprint = ORIGINAL_DEEP
    try:
        return ORIGINAL_DEEP(obj)
    finally:
        rasa_io.deep_container_fingerprint = fast


def _message(text, intent):
    message = Message(data={"text": text, "intent": intent,
                            "entities": [{"start": 0, "end": 2, "entity": "body_location",
                                          "value": "calf"}]})
    tokens = []
    for i, word in enumerate(text.split()):
        token = Token(word, i * 5, i * 5 + len(word), lemma=word.lower())
        token.set("pos", "NOUN" if i % 2 else "VERB")
        tokens.append(token)
    message.set("text_tokens", tokens)
    matrix = scipy.sparse.random(len(tokens), 50, density=0.2, format="coo", random_state=len(text))
    message.add_features(Features(matrix, "sequence", "text", "CountVectorsFeaturizer"))
    return message


def test_the_faster_container_function_is_installed():
    assert rasa_io.deep_container_fingerprint is not ORIGINAL_DEEP
    assert rasa_io.deep_container_fingerprint._fast


@pytest.mark.parametrize("obj", [
    {}, [], "", None, 0, 1.5, True, ("a", 1), "ümlaut ✓ \"quoted\"\n",
    {"b": 1, "a": [1, 2, {"c": None}], 3: "x"},
    {1: "int key", "1": "same text, another key"},  # two keys with one digest
    [[], {}, [[]], {"k": {}}],
    [_OddFingerprint("not hex"), {"k": _OddFingerprint('with "quotes"')}],
    {"x": _OddFingerprint("0" * 32), "y": _OddFingerprint("A" * 32)},
    np.arange(5), [np.float64(0.1), np.int64(7)],
])
def test_container_digests_are_rasas(obj):
    assert rasa_io.deep_container_fingerprint(obj) == _originals(obj)


def test_messages_and_training_data_keep_their_fingerprints():
    messages = [_message(text, intent) for text, intent in [
        ("my left calf twitches", "describe_twitch"), ("no weakness at all", "deny"),
        ("Is it ALS?", "faq/als"), ("Zuckungen im Augenlid", "describe_twitch")]]
    data = TrainingData(messages, entity_synonyms={"calves": "calf"},
                        responses={"utter_faq/als": [{"text": "..."}]})
    fast = [m.fingerprint() for m in messages] + [data.fingerprint()]
    for m in messages:
        m._cached_fingerprint = None
        for f in m.features:
            f._cached_fingerprint = None
    assert fast == [_originals(m) for m in messages] + [_originals(data)]
    # a change anywhere changes the digest
    messages[0].get("text_tokens")[1].set("pos", "ADJ")
    messages[0]._cached_fingerprint = None
    assert messages[0].fingerprint() != fast[0]


def test_another_encoding_goes_to_rasas_function():
    obj = {"text": "ümlaut"}
    assert rasa_io.deep_container_fingerprint(obj, "latin-1") == ORIGINAL_DEEP(obj, "latin-1")


def test_token_digests_are_rasas_and_follow_changes():
    original = Token.fingerprint._original
    assert Token.fingerprint._fast
    token = Token("Calf", 3, 7, lemma="calf", data={"pos": "NOUN", "n": 1})
    assert token.fingerprint() == original(token)
    token.set("n", True)  # 1 and True hash alike but print differently
    assert token.fingerprint() == original(token)
    token.set("n", 1.0)
    assert token.fingerprint() == original(token)
    token.set("vector", np.ones(3))  # not a plain value: Rasa's function
    assert token.fingerprint() == original(token)
    other = Token("Calf", 3, 7, lemma=None, data={})
    assert other.fingerprint() == original(other) != token.fingerprint()
    assert Token("calf", 3, 7, lemma="calf", data={"pos": "NOUN", "n": 1}).fingerprint() \
        != Token("Calf", 3, 7, lemma="calf", data={"pos": "NOUN", "n": 1}).fingerprint()
