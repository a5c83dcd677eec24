"""Negative samples gathered directly, not from a copy of the batch for every example.

DIET, the ResponseSelector and TED learn by comparing each message with about 20
other labels drawn from the same batch (Rasa's ``DotProductLoss``). Rasa picks those
with ``rasa.utils.tensorflow.layers_utils.get_candidate_values``, which first tiles
the whole batch once per example, a ``(batch, batch, features)`` tensor, and then
gathers 20 rows from each copy. The ResponseSelector's labels are the answers' bag
of words and characters (about 3,400 features here), so at a batch of 256 that is a
tensor of 220 million numbers, built on every training step, and its gradient too.

``tf.gather(x, ids)`` on the batch itself returns the same ``(batch, 20, features)``
values without the copy. On this machine (2 cores) one step of the two functions,
with the gradient, took (tests/components/test_fast_candidates.py checks that the
values and the gradients are the same):

    batch x features     Rasa        here
    64 x 20              0.8 ms      0.6 ms
    256 x 128           72 ms        3.6 ms
    256 x 3,359       1,567 ms      149 ms

Installed when the ``components`` package is imported, which Rasa does before it
trains or loads a model whose config names one of our components.
"""
from __future__ import annotations

_ORIGINAL = None


def get_candidate_values(x, candidate_ids):
    """Rows of ``x`` (batch, ..., features) picked by ``candidate_ids`` (batch, n).

    Same result as Rasa's function: shape ``(batch, n, features)``.
    """
    import tensorflow as tf

    from rasa.utils.tensorflow.layers_utils import batch_flatten

    return tf.gather(batch_flatten(x), candidate_ids)


get_candidate_values._fast = True


def install() -> None:
    global _ORIGINAL
    from rasa.utils.tensorflow import layers_utils

    if getattr(layers_utils.get_candidate_values, "_fast", False):
        return
    _ORIGINAL = layers_utils.get_candidate_values
    layers_utils.get_candidate_values = get_candidate_values


def uninstall() -> None:
    from rasa.utils.tensorflow import layers_utils

    if _ORIGINAL is not None:
        layers_utils.get_candidate_values = _ORIGINAL
