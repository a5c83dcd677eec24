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
