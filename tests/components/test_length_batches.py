"""Length-grouped training batches (components/length_batches.py).

The batches must hold exactly the examples Rasa's own generator would put in the
epoch, and be padded to much less than a random batch is.
"""
from collections import Counter

import numpy as np
import pytest
import scipy.sparse
from rasa.shared.nlu.constants import TEXT
from rasa.utils.tensorflow.constants import LABEL, SEQUENCE, SEQUENCE_LENGTH
from rasa.nlu.classifiers.diet_classifier import LABEL_SUB_KEY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.feature_array import FeatureArray
from rasa.utils.tensorflow.model_data import RasaModelData

from components.length_batches import (
    LengthBatchedDataGenerator,
    LengthBatchedDIETClassifier,
    LengthBatchedResponseSelector,
    length_batched_order,
)


def _lengths(n=400, seed=0):
    # like our NLU data: mostly short replies and descriptions, a few rambling messages
    rng = np.random.default_rng(seed)
    short = rng.integers(1, 12, size=int(n * 0.9))
    long = rng.integers(20, 60, size=n - len(short))
    return rng.permutation(np.concatenate([short, long]))


def _model_data(lengths, labels):
    sequences = np.array([scipy.sparse.coo_matrix(np.full((length, 3), float(i)))
                          for i, length in enumerate(lengths)], dtype=object)
    return RasaModelData(label_key=LABEL, label_sub_key=LABEL_SUB_KEY, data={
        TEXT: {SEQUENCE: [FeatureArray(sequences, number_of_dimensions=3)],
               SEQUENCE_LENGTH: [FeatureArray(np.array(lengths), number_of_dimensions=1)]},
        LABEL: {LABEL_SUB_KEY: [FeatureArray(np.array([[label] for label in labels]),
                                             number_of_dimensions=2)]},
    })


def _epoch_examples(generator):
    """(example id, padded length) of every example of one epoch's batches."""
    seen, padded = [], []
    for index in range(len(generator)):
        batch, _ = generator[index]
        # the sparse sequence feature comes as (indices, data, shape): ids are the values
        indices, values, shape = batch[0], batch[1], batch[2]
        rows = {}
        for (row, _token, _col), value in zip(indices, values):
            rows[row] = int(value)
        seen.extend(rows[r] for r in sorted(rows))
        padded.append(shape[1] * shape[0])
    return seen, sum(padded)


def test_the_order_is_a_permutation_cut_into_batches_of_similar_length():
    lengths = _lengths()
    np.random.seed(1)
    order = length_batched_order(lengths, 32)
    assert sorted(order.tolist()) == list(range(len(lengths)))
    window = 8 * 32
    for start in range(0, len(order) - len(order) % 32, 32):
        batch = order[start:start + 32]
        # every full batch comes from one window of Rasa's order
        assert len({i // window for i in batch}) == 1
    # only the last slice may be short, as when Rasa cuts an epoch
    assert len(order) % 32 == len(lengths) % window % 32


@pytest.mark.parametrize("strategy", ["balanced", "sequence"])
def test_an_epoch_holds_the_same_examples_as_rasas_with_far_less_padding(strategy):
    lengths = _lengths()
    labels = [i % 5 if i % 7 else 5 for i in range(len(lengths))]  # one rarer intent
    data = _model_data(lengths, labels)

    np.random.seed(3)
    rasa = RasaBatchDataGenerator(data, batch_size=32, epochs=2, batch_strategy=strategy)
    np.random.seed(3)
    ours = LengthBatchedDataGenerator(data, batch_size=32, epochs=2, batch_strategy=strategy)

    rasa_ids, rasa_padded = _epoch_examples(rasa)
    our_ids, our_padded = _epoch_examples(ours)
    assert len(set(rasa_ids)) == len(lengths) - 1  # all but example 0 (no non-zero value)
    assert Counter(our_ids) == Counter(rasa_ids)  # same examples, same repeats
    assert len(ours) == len(rasa)
    assert our_padded < 0.5 * rasa_padded
    # and the batches are not simply sorted across the epoch
    firsts = [lengths[i] for i in our_ids[::32]]
    assert firsts != sorted(firsts)


def test_without_shuffling_the_order_is_rasas():
    lengths = _lengths(100)
    data = _model_data(lengths, [i % 3 for i in range(100)])
    rasa = RasaBatchDataGenerator(data, batch_size=16, epochs=1, shuffle=False)
    ours = LengthBatchedDataGenerator(data, batch_size=16, epochs=1, shuffle=False)
    assert _epoch_examples(ours) == _epoch_examples(rasa)


def test_the_components_are_rasas_apart_from_their_batches():
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.nlu.selectors.response_selector import ResponseSelector

    assert issubclass(LengthBatchedDIETClassifier, DIETClassifier)
    assert issubclass(LengthBatchedResponseSelector, ResponseSelector)
    assert LengthBatchedDIETClassifier.get_default_config() == DIETClassifier.get_default_config()
    assert LengthBatchedResponseSelector.get_default_config() == ResponseSelector.get_default_config()


def test_diet_trains_on_the_same_entity_loss_without_decoding():
    import tensorflow as tf
    from rasa.utils.tensorflow.layers import CRF
    from rasa.utils.tensorflow.models import TransformerRasaModel

    from components.length_batches import DIETWithoutTrainingDecode

    class Layers:  # stands in for the model: only its layers are used
        def __init__(self, seed):
            tf.random.set_seed(seed)
            self._tf_layers = {"embed.entity.logits": tf.keras.layers.Dense(5),
                               "crf.entity": CRF(5, 0.001, scale_loss=False)}

    tf.random.set_seed(0)
    inputs = tf.random.normal((3, 4, 8))
    tag_ids = tf.constant([[[1], [2], [0], [0]], [[0], [3], [4], [0]], [[2], [0], [0], [0]]], tf.float32)
    lengths = tf.constant([2, 3, 1])
    mask = tf.sequence_mask(lengths, 4, dtype=tf.float32)[:, :, tf.newaxis]

    layers = Layers(7)
    rasa_loss, _, rasa_logits = TransformerRasaModel._calculate_entity_loss(
        layers, inputs, tag_ids, mask, lengths, "entity")
    ours_loss, ours_f1, ours_logits = DIETWithoutTrainingDecode._calculate_entity_loss(
        layers, inputs, tag_ids, mask, lengths, "entity")
    # the same weights give the same loss to train on
    np.testing.assert_allclose(ours_logits.numpy(), rasa_logits.numpy())
    np.testing.assert_allclose(ours_loss.numpy(), rasa_loss.numpy(), rtol=1e-6)
    assert 0.0 <= float(ours_f1) <= 1.0

    # and, on a fresh model, the CRF's weights are still created, with Rasa's shape
    fresh = Layers(8)
    DIETWithoutTrainingDecode._calculate_entity_loss(fresh, inputs, tag_ids, mask, lengths, "entity")
    assert fresh._tf_layers["crf.entity"].built
    assert fresh._tf_layers["crf.entity"].transition_params.shape == (5, 5)


def test_while_training_rasas_factory_builds_the_length_batched_generator():
    from rasa.utils import train_utils

    from components.length_batches import _length_batches

    data = _model_data(_lengths(64), [i % 3 for i in range(64)])
    with _length_batches():
        training, _ = train_utils.create_data_generators(data, 16, 2, "balanced")
    assert isinstance(training, LengthBatchedDataGenerator)
    outside, _ = train_utils.create_data_generators(data, 16, 2, "balanced")
    assert type(outside) is RasaBatchDataGenerator
