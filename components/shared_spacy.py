"""One spaCy pipeline per process: Rasa's SpacyNLP and our own code share it.

``SpacyNLP`` loads ``build/spacy/en_twitch`` with ``spacy.load``, and our code
(`twitch_knowledge.nlp.load_pipeline`: the annotator's reading of each message,
medspaCy's ConText) loaded the same directory a second time: two copies of the
same lookups and patterns in the Rasa process. Here ``SpacyNLP.load_model`` takes
the project's pipeline from `load_pipeline` when it names that directory, so both
hold one object. Any other model name is loaded by Rasa as before.

Rasa loads it with ``disable=["parser"]``; ours has no parser, so that changes
nothing. :func:`install` is called when the ``components`` package is imported.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

_ORIGINAL = None


def _shared_load_model(spacy_model_name):  # noqa: ANN001, ANN202 - Rasa's signature
    from rasa.nlu.utils.spacy_utils import SpacyModel

    from twitch_knowledge.nlp import DEFAULT_PIPELINE_PATH, load_pipeline

    try:
        ours = spacy_model_name and Path(spacy_model_name).resolve() == DEFAULT_PIPELINE_PATH.resolve()
    except (OSError, TypeError, ValueError):
        ours = False
    if ours and (DEFAULT_PIPELINE_PATH / "config.cfg").exists():
        logger.debug("SpacyNLP shares the project's spaCy pipeline (%s)", DEFAULT_PIPELINE_PATH)
        return SpacyModel(model=load_pipeline(), model_name=spacy_model_name)
    return _ORIGINAL(spacy_model_name)


def install() -> None:
    """Make ``SpacyNLP.load_model`` share the project's pipeline (idempotent)."""
    global _ORIGINAL
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    if _ORIGINAL is None:
        _ORIGINAL = SpacyNLP.__dict__["load_model"].__func__
        SpacyNLP.load_model = staticmethod(functools.wraps(_ORIGINAL)(_shared_load_model))


def uninstall() -> None:
    global _ORIGINAL
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    if _ORIGINAL is not None:
        SpacyNLP.load_model = staticmethod(_ORIGINAL)
        _ORIGINAL = None
