"""TED predicts only when its prediction can be chosen.

Rasa runs every policy for every prediction and then picks one
(`DefaultPolicyPredictionEnsemble`): the highest confidence wins, ties go to the
higher priority, and a "no user" prediction (a form's happy path) overrules the
others. TED has the lowest priority (1), and a rule, a memorised story or our
emergency policy predict with confidence 1.0, so whenever one of them does, TED's
prediction cannot be chosen. TED's prediction is still the most expensive part of a
turn: a TensorFlow call per prediction, two to three predictions per message (the
profile of one message, docs/PERFORMANCE.md).

Here TED's node in the prediction graph is also given the other policies'
predictions (the graph schema is extended when the model is loaded; nothing in the
trained model changes), and TED returns an empty prediction without running its model
when one of them

* is a "no user" prediction, or
* has confidence 1.0 and a higher priority than TED, is not end-to-end,

unless the last action was rejected: the ensemble then sets that action's confidence
to 0 in every prediction, and TED may be needed after all. In every other case TED
runs as before. The chosen action is the same by construction, and the test stories,
the e2e tests and the safety sets check it. :func:`install` is called when the
``components`` package is imported.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
from typing import Any, Dict, Optional

logger = logging.getLogger(__name__)

PREFIX = "twitch_other_prediction_"
PREDICT = "predict_action_probabilities"

_ORIGINAL_INIT = None
_ORIGINAL_PREDICT = None


def overrules(prediction: Any, priority: int) -> bool:
    """Whether ``prediction`` wins over any prediction of a policy of ``priority``."""
    from rasa.core.policies.policy import PolicyPrediction

    if not isinstance(prediction, PolicyPrediction):
        return False
    if prediction.is_no_user_prediction:
        return True
    return (not prediction.is_end_to_end_prediction and prediction.max_confidence >= 1.0
            and prediction.policy_priority > priority)


def last_action_was_rejected(tracker: Any) -> bool:
    from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected

    for event in reversed(tracker.events):
        if isinstance(event, (ActionExecutionRejected, ActionExecuted)):
            return isinstance(event, ActionExecutionRejected)
    return False


def with_other_predictions(schema: Any) -> Any:
    """The prediction graph, with every TED node also given the other policies' outputs."""
    from rasa.core.policies.ted_policy import TEDPolicy
    from rasa.engine.graph import GraphSchema

    nodes = dict(schema.nodes)
    policies = sorted(name for name, node in nodes.items() if node.fn == PREDICT)
    changed = False
    for name in policies:
        node = nodes[name]
        if isinstance(node.uses, type) and issubclass(node.uses, TEDPolicy):
            others = {f"{PREFIX}{i}": other for i, other in enumerate(policies) if other != name}
            nodes[name] = dataclasses.replace(node, needs={**node.needs, **others})
            changed = True
    return GraphSchema(nodes) if changed else schema


def _init(self, graph_schema, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
    try:
        graph_schema = with_other_predictions(graph_schema)
    except Exception:  # noqa: BLE001 - Rasa's own graph, TED always runs
        logger.exception("could not give TED the other predictions; it runs for every prediction")
    _ORIGINAL_INIT(self, graph_schema, *args, **kwargs)


def _predict(self, tracker, domain, rule_only_data: Optional[Dict[str, Any]] = None,  # noqa: ANN001
             precomputations: Any = None, **kwargs: Any):
    # installed with functools.wraps: Rasa validates a graph component's run method by
    # its signature and type annotations (rasa.engine.validation), which stay TED's own
    others = [kwargs.pop(key) for key in [k for k in kwargs if k.startswith(PREFIX)]]
    if others and any(overrules(p, self.priority) for p in others) and not last_action_was_rejected(tracker):
        return self._prediction(self._default_predictions(domain))
    return _ORIGINAL_PREDICT(self, tracker, domain, rule_only_data, precomputations, **kwargs)


def install() -> None:
    """Extend prediction graphs as they are loaded, and let TED skip (idempotent)."""
    global _ORIGINAL_INIT, _ORIGINAL_PREDICT
    from rasa.core.policies.ted_policy import TEDPolicy
    from rasa.engine.runner.dask import DaskGraphRunner

    if _ORIGINAL_INIT is None:
        _ORIGINAL_INIT = DaskGraphRunner.__init__
        DaskGraphRunner.__init__ = functools.wraps(_ORIGINAL_INIT)(_init)
    if _ORIGINAL_PREDICT is None:
        _ORIGINAL_PREDICT = TEDPolicy.predict_action_probabilities
        TEDPolicy.predict_action_probabilities = functools.wraps(_ORIGINAL_PREDICT)(_predict)


def uninstall() -> None:
    """Rasa's own behaviour again (the tests compare both)."""
    global _ORIGINAL_INIT, _ORIGINAL_PREDICT
    from rasa.core.policies.ted_policy import TEDPolicy
    from rasa.engine.runner.dask import DaskGraphRunner

    if _ORIGINAL_INIT is not None:
        DaskGraphRunner.__init__ = _ORIGINAL_INIT
        _ORIGINAL_INIT = None
    if _ORIGINAL_PREDICT is not None:
        TEDPolicy.predict_action_probabilities = _ORIGINAL_PREDICT
        _ORIGINAL_PREDICT = None
