"""components.fast_candidates: the same negative samples and gradients as Rasa's function."""
import numpy as np
import pytest
import tensorflow as tf

import components  # noqa: F401  (installs the faster function)
from components import fast_candidates
from rasa.utils.tensorflow import layers, layers_utils

ORIGINAL = fast_candidates._ORIGINAL


def test_the_faster_function_is_installed_where_the_losses_look_it_up():
    assert ORIGINAL is not None and ORIGINAL is not fast_candidates.get_candidate_values
    assert layers.layers_utils.get_candidate_values is fast_candidates.get_candidate_values


@pytest.mark.parametrize("shape, n", [((5, 3), 4), ((64, 20), 20), ((8, 7, 16), 20), ((32, 401), 20)])
def test_values_and_gradients_are_rasas(shape, n):
    rng = np.random.default_rng(1)
    x = tf.Variable(rng.random(shape).astype(np.float32))
    rows = int(np.prod(shape[:-1]))
    ids = tf.constant(rng.integers(0, rows, size=(rows, n)), dtype=tf.int32)
    weights = tf.constant(rng.random((rows, n, shape[-1])).astype(np.float32))
    results = []
    for function in (ORIGINAL, fast_candidates.get_candidate_values):
        with tf.GradientTape() as tape:
            values = function(x, ids)
            loss = tf.reduce_sum(values * weights)
        results.append((values.numpy(), tf.convert_to_tensor(tape.gradient(loss, x)).numpy()))
    (rasa_values, rasa_grad), (our_values, our_grad) = results
    assert our_values.shape == (rows, n, shape[-1])
    assert np.array_equal(our_values, rasa_values)
    np.testing.assert_allclose(our_grad, rasa_grad, rtol=1e-5, atol=1e-6)


def test_a_dot_product_loss_gives_rasas_loss():
    # The whole loss DIET trains on, with the sampling seeded the same way.
    rng = np.random.default_rng(2)
    inputs = tf.constant(rng.random((16, 1, 20)).astype(np.float32))
    labels = tf.constant(rng.random((16, 1, 20)).astype(np.float32))
    label_ids = tf.constant(rng.integers(0, 5, size=(16, 1, 1)).astype(np.float32))
    all_labels = tf.constant(rng.random((5, 20)).astype(np.float32))
    all_ids = tf.constant(np.arange(5, dtype=np.float32).reshape(5, 1))
    loss_layer = layers.SingleLabelDotProductLoss(num_candidates=4, constrain_similarities=True)


    def loss_and_accuracy():
        tf.random.set_seed(7)
        loss, accuracy = loss_layer(inputs, labels, label_ids, all_labels, all_ids)
        return float(loss), float(accuracy)

    fast_candidates.uninstall()
    try:
        assert layers_utils.get_candidate_values is ORIGINAL
        rasas = loss_and_accuracy()
    finally:
        fast_candidates.install()
    assert layers_utils.get_candidate_values is fast_candidates.get_candidate_values
    assert loss_and_accuracy() == pytest.approx(rasas, rel=1e-6)
