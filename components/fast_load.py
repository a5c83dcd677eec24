"""Load the trained TensorFlow models (DIET, ResponseSelector, TED) without a training step.

Rasa 3.6 rebuilds each model at start-up by running ``model.fit`` on one example,
so that every weight exists before the saved weights are read
(``rasa.utils.tensorflow.models.RasaModel.load``). ``fit`` traces the whole
training graph (forward pass, gradients, optimizer) with ``tf.function``. On two
slow cores that took about 130 of the 160 seconds the server needed to load the
model: DIET 88 s, TED 30 s, ResponseSelector 11 s.

Here the weights are created by one *eager* forward pass of the same training loss
on the same example: the same layers run, so the same weights exist, and nothing is
traced. The saved weights are then read as before. Only the optimizer's own state
(Adam's moments) is not rebuilt; it serves training only, so it is skipped with
``expect_partial``. Prediction is traced once afterwards, as Rasa does. Fine-tuning
(``rasa train --finetune``) needs the optimizer, so it keeps Rasa's own path.

``tests/e2e/test_fast_load.py`` loads the trained model both ways and checks that
the weights and the predictions are identical.

:func:`install` is called when the ``components`` package is imported, which Rasa
does before it loads any model whose config names a component of this project.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

logger = logging.getLogger(__name__)

_ORIGINAL_LOAD = None


def _eager_load(
    cls,
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Optional[Any] = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
):
    if finetune_mode:
        return _ORIGINAL_LOAD.__func__(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
            *args, **kwargs,
        )
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    config = kwargs.get("config", {})
    model = cls(*args, **kwargs)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
        run_eagerly=config.get(RUN_EAGERLY),
    )
    batch_in, _ = RasaBatchDataGenerator(model_data_example, batch_size=1, shuffle=False)[0]
    model._training = True  # as in RasaModel.train_step: the training branch builds every layer
    model.batch_loss(batch_in)
    model._training = None
    status = model.load_weights(model_file_name)
    if status is not None and hasattr(status, "expect_partial"):
        status.expect_partial()
    if predict_data_example:
        model.run_inference(predict_data_example)
    logger.debug("Loaded %s from %s without a training step.", cls.__name__, model_file_name)
    return model


def install() -> None:
    """Make ``RasaModel.load`` build weights eagerly (idempotent)."""
    global _ORIGINAL_LOAD
    from rasa.utils.tensorflow.models import RasaModel

    if _ORIGINAL_LOAD is None:
        _ORIGINAL_LOAD = RasaModel.__dict__["load"]
        RasaModel.load = classmethod(_eager_load)


def uninstall() -> None:
    """Restore Rasa's own ``RasaModel.load`` (used by the tests to compare)."""
    global _ORIGINAL_LOAD
    from rasa.utils.tensorflow.models import RasaModel

    if _ORIGINAL_LOAD is not None:
        RasaModel.load = _ORIGINAL_LOAD
        _ORIGINAL_LOAD = None
