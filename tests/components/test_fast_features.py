"""components.fast_features: the joined features are the matrices Rasa's chain builds."""
import numpy as np
import pytest
import scipy.sparse

import components  # noqa: F401  (installs the faster function)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

ORIGINAL = Message._combine_features._original


def _sparse(rows, cols, seed, fmt="coo", dtype=np.float64):
    return scipy.sparse.random(rows, cols, density=0.3, format=fmt, random_state=seed, dtype=dtype)


def _same(a, b):
    assert type(a.features) is type(b.features)
    assert a.features.dtype == b.features.dtype and a.features.shape == b.features.shape
    if scipy.sparse.issparse(a.features):
        for part in ("row", "col", "data"):
            assert np.array_equal(getattr(a.features.tocoo(), part), getattr(b.features.tocoo(), part))
        if a.features.format == "coo":
            assert np.array_equal(a.features.row, b.features.row)
            assert np.array_equal(a.features.data, b.features.data)
    else:
        assert np.array_equal(a.features, b.features)
    assert (a.type, a.attribute, a.origin) == (b.type, b.attribute, b.origin)
    assert a.fingerprint() == b.fingerprint()


def test_installed():
    assert Message._combine_features is not ORIGINAL and Message._combine_features._fast


@pytest.mark.parametrize("blocks", [
    [("coo", np.float64, 5)],
    [("csr", np.float64, 5)],
    [("coo", np.float64, 5), ("coo", np.float64, 40)],
    [("coo", np.float64, 5), ("csr", np.float32, 40), ("coo", np.int64, 7), ("coo", np.float64, 1)],
    [("csr", np.int32, 3), ("csr", np.int32, 3)],
])
def test_sparse_features_join_as_in_rasa(blocks):
    names = [f"featurizer{i}" for i in range(len(blocks))]
    features = [Features(_sparse(6, cols, i, fmt, dtype), "sequence", "text", name)
                for i, ((fmt, dtype, cols), name) in enumerate(zip(blocks, names))]
    _same(Message._combine_features(features, names), ORIGINAL(features, names))
    # the originals are left as they were
    assert [f.features.shape[1] for f in features] == [cols for _, _, cols in blocks]


def test_dense_features_join_as_in_rasa():
    rng = np.random.default_rng(0)
    features = [Features(rng.random((1, n)), "sentence", "text", f"f{n}") for n in (3, 5, 2)]
    _same(Message._combine_features(features, ["a", "b", "c"]), ORIGINAL(features, ["a", "b", "c"]))


def test_nothing_gives_nothing():
    assert Message._combine_features([], []) is None


@pytest.mark.parametrize("second", [
    Features(np.ones((6, 3)), "sequence", "text", "dense"),           # sparse beside dense
    Features(_sparse(4, 3, 1), "sequence", "text", "fewer rows"),    # other number of tokens
])
def test_what_rasa_refuses_is_still_refused(second):
    first = Features(_sparse(6, 3, 0), "sequence", "text", "sparse")
    with pytest.raises(ValueError):
        Message._combine_features([first, second], ["a", "b"])


def test_a_messages_features_are_the_same():
    message = Message(data={"text": "my calf twitches"})
    for i, cols in enumerate((10, 20, 5)):
        message.add_features(Features(_sparse(3, cols, i), "sequence", "text", f"f{i}"))
        message.add_features(Features(_sparse(1, cols, 10 + i), "sentence", "text", f"f{i}"))
    fast = message.get_sparse_features("text")
    Message._combine_features = staticmethod(ORIGINAL)
    try:
        slow = message.get_sparse_features("text")
    finally:
        components.fast_features.install()
    for a, b in zip(fast, slow):
        _same(a, b)


# ------------------------------------------------------------- count vectors, many at once
from rasa.engine.graph import ExecutionContext  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (  # noqa: E402
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

TEXTS = [("my left calf has been twitching for a week", "describe_twitch", "utter_faq/x"),
         ("no weakness", "deny", None), ("Is it ALS?", "faq/als", "ALS is rare"),
         ("eyelid jumping jumping jumping", "describe_twitch", None), ("ok", "affirm", None),
         ("Zuckungen im Augenlid seit gestern", "describe_twitch", None)]


def _messages(with_response=True):
    out = []
    for text, intent, response in TEXTS:
        data = {"text": text, "intent": intent}
        if response and with_response:
            data["response"] = response
        out.append(Message(data=data))
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process(out)
    return out


@pytest.mark.parametrize("config", [{}, {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
                                    {"OOV_token": "oov", "OOV_words": ["twitching"]}])
def test_count_vectors_of_many_messages_are_those_of_each(tmp_path, config):
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), **config},
        LocalModelStorage(tmp_path), Resource("cvf"), ExecutionContext(None))
    featurizer.train(TrainingData(_messages()))
    together = _messages()
    featurizer.process(together)
    one_by_one = _messages()
    for message in one_by_one:
        count_vectors_original(featurizer, [message])
    for a, b in zip(together, one_by_one):
        assert len(a.features) == len(b.features) > 0
        for fa, fb in zip(a.features, b.features):
            _same(fa, fb)
        assert a.fingerprint() == b.fingerprint()


def count_vectors_original(featurizer, messages):
    return CountVectorsFeaturizer.process._original(featurizer, messages)


def test_count_vectors_patch_is_installed():
    assert CountVectorsFeaturizer.process._fast


# ------------------------------------------------------------------ batches of sparse features
from rasa.utils.tensorflow.data_generator import RasaDataGenerator  # noqa: E402
from rasa.utils.tensorflow.model_data import FeatureArray  # noqa: E402


def _batch(matrices):
    array = np.empty(len(matrices), dtype=object)
    for i, m in enumerate(matrices):
        array[i] = m
    return FeatureArray(array, number_of_dimensions=3)


@pytest.mark.parametrize("matrices", [
    [_sparse(3, 20, 1), _sparse(7, 20, 2), _sparse(1, 20, 3)],
    [_sparse(4, 9, 4, "csr"), _sparse(2, 9, 5, "csr", np.int64)],
    [scipy.sparse.coo_matrix((2, 5)), _sparse(3, 5, 6), scipy.sparse.coo_matrix((1, 5))],
    [scipy.sparse.coo_matrix((2, 5)), scipy.sparse.coo_matrix((1, 5))],  # nothing at all
])
def test_batch_values_are_rasas(matrices):
    original = RasaDataGenerator._scipy_matrix_to_values._original
    assert RasaDataGenerator._scipy_matrix_to_values._fast
    fast = RasaDataGenerator._scipy_matrix_to_values(_batch(matrices))
    slow = original(_batch(matrices))
    for a, b in zip(fast, slow):
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
