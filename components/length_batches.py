"""DIET and the ResponseSelector, trained on batches of messages of similar length.

Rasa pads every message of a batch to the longest one in it. Our messages are short
(6 or 7 tokens on average) but a few rambling ones run to 60, so a batch of 64 picked
at random is padded to about 30 tokens: most of what the transformer and the entity
tagger compute is padding.

Here, each epoch's examples are first ordered exactly as Rasa orders them (shuffled,
and with the ``balanced`` strategy mixed so that rare intents come often). That order
is then cut into windows of a few batches; within a window the examples are sorted
by length and cut into batches, and the batches of the whole epoch are shuffled. An
epoch still holds the same examples, each batch still comes from a stretch of Rasa's
balanced order, but a batch is padded only to about its own length.

DIET also skips one step of training that only fed the progress bar: after the
entity tagger's loss it ran the CRF's Viterbi decoding on every batch, a loop over the
tokens, to show ``e_f1``. That loop was the larger part of the minute spent preparing
DIET's training step. The loss, and so the trained weights, do not depend on it; the
bar's ``e_f1`` is now computed from the tagger's best tag per token. Prediction still
decodes with the CRF, as Rasa does.

Everything else (model, loss, prediction, saving and loading) is Rasa's, so a trained
model is loaded and served exactly as Rasa's is.
"""
from __future__ import annotations

import contextlib
from typing import Iterator, Optional

import numpy as np
import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils import train_utils
from rasa.utils.tensorflow.constants import SEQUENCE_LENGTH
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import Data, RasaModelData

# How many batches are sorted together: more gives tighter padding, fewer keeps
# each batch closer to a random draw.
WINDOW_BATCHES = 8


def sequence_lengths(data: Data) -> Optional[np.ndarray]:
    """The number of tokens of each example of ``data`` (None when it has none)."""
    arrays = (data.get(TEXT) or {}).get(SEQUENCE_LENGTH) or []
    if not arrays:
        return None
    return np.asarray(arrays[0], dtype=np.int64).reshape(-1)


def length_batched_order(lengths: np.ndarray, batch_size: int,
                         window_batches: int = WINDOW_BATCHES) -> np.ndarray:
    """An order of ``range(len(lengths))`` whose consecutive ``batch_size`` slices are
    batches of similar length, taken from windows of consecutive examples.

    Only the very last slice can be short, as when Rasa cuts an epoch.
    """
    n = len(lengths)
    if n == 0 or batch_size <= 0:
        return np.arange(n)
    window = max(1, window_batches) * batch_size
    full, rest = [], []
    for start in range(0, n, window):
        ids = np.arange(start, min(start + window, n))
        ids = ids[np.argsort(lengths[ids], kind="stable")]
        for b in range(0, len(ids), batch_size):
            (full if len(ids[b:b + batch_size]) == batch_size else rest).append(ids[b:b + batch_size])
    batches = [full[i] for i in np.random.permutation(len(full))] + rest
    return np.concatenate(batches) if batches else np.arange(n)


class LengthBatchedDataGenerator(RasaBatchDataGenerator):
    """Rasa's batch generator, with each epoch's batches grouped by length."""

    def _shuffle_and_balance(self, batch_size: int) -> Data:
        data = super()._shuffle_and_balance(batch_size)
        if not self.shuffle or batch_size <= 1:
            return data
        lengths = sequence_lengths(data)
        if lengths is None or len(lengths) != self.model_data.number_of_examples(data):
            return data
        return RasaModelData._data_for_ids(data, length_batched_order(lengths, batch_size))


@contextlib.contextmanager
def _length_batches() -> Iterator[None]:
    """While training: Rasa's ``train_utils.create_data_generators`` builds our generator.

    (With ``evaluate_on_number_of_examples`` set, its validation generator is one too;
    the order of validation batches does not change what they measure.)
    """
    original = train_utils.RasaBatchDataGenerator
    train_utils.RasaBatchDataGenerator = LengthBatchedDataGenerator
    try:
        yield
    finally:
        train_utils.RasaBatchDataGenerator = original


class DIETWithoutTrainingDecode(DIET):
    """Rasa's DIET model; in training, no Viterbi decoding for the progress bar."""

    def _calculate_entity_loss(self, inputs: tf.Tensor, tag_ids: tf.Tensor, mask: tf.Tensor,
                               sequence_lengths: tf.Tensor, tag_name: str,
                               entity_tags: Optional[tf.Tensor] = None):
        # as TransformerRasaModel._calculate_entity_loss, without the decoding call
        tag_ids = tf.cast(tag_ids[:, :, 0], tf.int32)
        if entity_tags is not None:
            tags = self._tf_layers[f"embed.{tag_name}.tags"](entity_tags)
            inputs = tf.concat([inputs, tags], axis=-1)
        logits = self._tf_layers[f"embed.{tag_name}.logits"](inputs)
        crf = self._tf_layers[f"crf.{tag_name}"]
        if not crf.built:  # Rasa built the transition weights by decoding once
            crf.build(logits.shape)
        loss = crf.loss(logits, tag_ids, sequence_lengths)
        best_tags = tf.argmax(logits, axis=-1, output_type=tf.int32)
        f1 = crf.f1_score(tag_ids, best_tags, mask)
        return loss, f1, logits


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class LengthBatchedDIETClassifier(DIETClassifier):
    """Rasa's DIETClassifier, trained on length-grouped batches (see module doc)."""

    @staticmethod
    def model_class():
        return DIETWithoutTrainingDecode

    def train(self, training_data: TrainingData) -> Resource:
        with _length_batches():
            return super().train(training_data)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LengthBatchedResponseSelector(ResponseSelector):
    """Rasa's ResponseSelector, trained on length-grouped batches (see module doc)."""

    def train(self, training_data: TrainingData) -> Resource:
        with _length_batches():
            return super().train(training_data)
