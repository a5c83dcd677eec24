"""Features built and joined in fewer steps: the same matrices, less work.

Two of Rasa's functions are replaced by versions that give the same matrices
(tests/components/test_fast_features.py).

**Count vectors of many messages at once.** ``CountVectorsFeaturizer.process`` called
scikit-learn's ``transform`` twice per message and attribute (its tokens, then its
sentence): with ~3,700 training messages, two featurizers and three attributes, about
10 s of a training (py-spy, 2026-12-07), mostly the fixed cost of each call. With more
than one message, each attribute now gets one ``transform`` of all the messages' tokens
and one of all their sentences, cut into each message's rows. ``transform`` counts each
token (row) on its own, so the rows are the rows one message alone gets; the features
are added to each message in Rasa's order. One message at a time (a conversation) goes
through Rasa's own function.

**Batches of sparse features.** Each batch DIET, the ResponseSelector and TED train
on is turned from one SciPy matrix per example into (example, row, column) indices,
values and a shape by ``RasaDataGenerator._scipy_matrix_to_values``: a ``vstack`` per
example, then an ``hstack``; 15 s of a training in py-spy (2026-12-07), every epoch
again. One ``repeat`` and three concatenations build the same arrays (same order, same
types); dialogue features of four dimensions still go through Rasa's function.

**Joining a message's features.**

Before DIET and the ResponseSelector train, Rasa gathers each message's features per
attribute (``Message.get_sparse_features`` / ``get_dense_features``), joining those of
the different featurizers with ``Message._combine_features``: a deep copy of the first
(``copy.deepcopy`` of a SciPy matrix), then one ``scipy.sparse.hstack`` per further
featurizer, each building a new matrix. With ~3,700 messages, several attributes and
five featurizers that took about 12 s of a training (py-spy, 2026-12-07; DIET and the
ResponseSelector each do it).

Here the matrices are joined with one ``hstack`` (or ``numpy.concatenate``). That is the
matrix the chain builds: the same blocks, values and order; a chain of ``hstack``
calls returns COO, as one call does, and the value type is promoted the same way. One
featurizer alone gives a copy of its matrix in its own format, as the deep copy did.
Features that the chain would refuse (sparse beside dense, different numbers of rows)
still go through Rasa's function, which raises its error
(tests/components/test_fast_features.py).
"""
from __future__ import annotations

from typing import Any, List, Optional

import numpy as np
from rasa.shared.nlu.training_data.message import Message

from components.patching import replace

_ORIGINAL = None
_ORIGINAL_CVF_PROCESS = None
_ORIGINAL_TO_VALUES = None


def combine_features(features: List[Any], featurizers: List[str]) -> Optional[Any]:
    from rasa.shared.nlu.training_data.features import Features

    if not features:
        return None
    first = features[0]
    dense = {f.is_dense() for f in features}
    if (len(dense) != 1 or len({f.features.shape[0] for f in features}) != 1
            or (dense == {True} and len({f.features.ndim for f in features}) != 1)):
        return _ORIGINAL(features, featurizers)  # raises Rasa's error
    if len(features) == 1:
        matrix = first.features.copy()
    elif dense == {True}:
        matrix = np.concatenate([f.features for f in features], axis=-1)
    else:
        from scipy.sparse import hstack

        matrix = hstack([f.features for f in features])
    return Features(matrix, first.type, first.attribute, featurizers)


# The signature of Rasa's method, annotations included: ``rasa train`` checks a
# component's run method by them (an annotated ``self`` made it refuse the graph;
# tests/components/test_patches_keep_rasa_valid.py).
def count_vectors_process(self, messages: List[Message]) -> List[Message]:  # noqa: ANN001
    """``CountVectorsFeaturizer.process`` for many messages: one ``transform`` per
    attribute for all their tokens (and one for all their sentences), cut into the
    messages' rows, instead of two per message and attribute."""
    from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES

    if self.vectorizers is None or len(messages) < 2:
        return _ORIGINAL_CVF_PROCESS(self, messages)
    cut = {}  # attribute -> per message (sequence matrix, sentence matrix) or None
    for attribute in self._attributes:
        vectorizer = self.vectorizers.get(attribute)
        if not vectorizer:
            continue
        tokens = [self._get_processed_message_tokens_by_attribute(m, attribute) for m in messages]
        flat = [token for message_tokens in tokens for token in message_tokens]
        sequences = vectorizer.transform(flat) if flat else None
        sentences = None
        if attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            texts = [" ".join(t) for t in tokens if t]
            sentences = vectorizer.transform(texts) if texts else None
        per_message, row, sentence_row = [], 0, 0
        for message_tokens in tokens:
            if not message_tokens:
                per_message.append(None)
                continue
            sequence = sequences[row:row + len(message_tokens)]
            sequence.sort_indices()
            row += len(message_tokens)
            sentence = None
            if sentences is not None:
                sentence = sentences[sentence_row:sentence_row + 1]
                sentence.sort_indices()
                sentence = sentence.tocoo()
                sentence_row += 1
            per_message.append((sequence.tocoo(), sentence))
        cut[attribute] = per_message
    for i, message in enumerate(messages):  # the order Rasa adds them in
        for attribute in self._attributes:
            if attribute in cut and cut[attribute][i] is not None:
                sequence, sentence = cut[attribute][i]
                self.add_features_to_message(sequence, sentence, attribute, message)
    return messages


def scipy_matrix_to_values(array_of_sparse: Any) -> List[np.ndarray]:
    """``RasaDataGenerator._scipy_matrix_to_values`` for a batch of 3-D sparse features:
    the (example, row, column) indices, values and shape, built with one concatenation
    instead of a ``vstack`` per example and an ``hstack`` of them all."""
    import scipy.sparse

    if array_of_sparse.number_of_dimensions == 4:
        return _ORIGINAL_TO_VALUES(array_of_sparse)
    matrices = list(array_of_sparse)
    if not isinstance(matrices[0], scipy.sparse.coo_matrix):
        matrices = [x.tocoo() for x in matrices]
    max_seq_len = max([x.shape[0] for x in matrices])
    rows = [x.row for x in matrices]
    examples = np.repeat(np.arange(len(matrices)), [len(r) for r in rows])
    indices = np.stack([examples, np.concatenate(rows),
                        np.concatenate([x.col for x in matrices])], axis=1)
    data = np.concatenate([x.data for x in matrices])
    shape = np.array((len(matrices), max_seq_len, matrices[0].shape[-1]))
    return [indices.astype(np.int64), data.astype(np.float32), shape.astype(np.int64)]


def install() -> None:
    global _ORIGINAL, _ORIGINAL_CVF_PROCESS, _ORIGINAL_TO_VALUES
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
        CountVectorsFeaturizer,
    )
    from rasa.utils.tensorflow.data_generator import RasaDataGenerator

    _ORIGINAL_TO_VALUES = replace(RasaDataGenerator, "_scipy_matrix_to_values",
                                  scipy_matrix_to_values, static=True)
    _ORIGINAL_CVF_PROCESS = replace(CountVectorsFeaturizer, "process", count_vectors_process)
    _ORIGINAL = replace(Message, "_combine_features", combine_features, static=True)
