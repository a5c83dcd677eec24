"""TED skips only predictions it cannot win: the ensemble's choice is the same."""
from __future__ import annotations

import json
import random
import tarfile
from pathlib import Path

import pytest
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.graph import GraphSchema
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import components  # noqa: F401 - installs the patches, as Rasa's import of the package does
from components import lazy_ted

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
responses:
  utter_a: [{text: a}]
  utter_b: [{text: b}]
  utter_c: [{text: c}]
""")
N = len(DOMAIN.action_names_or_texts)
TED_PRIORITY = 1


def _prediction(probabilities, priority, name, **flags) -> PolicyPrediction:
    return PolicyPrediction(list(probabilities), name, priority, **flags)


def _tracker(rejected: bool = False) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})]
    if rejected:
        events += [ActionExecuted("utter_a"), ActionExecutionRejected("utter_b")]
    return DialogueStateTracker.from_events("t", events)


def _chosen(predictions, tracker):
    best = DefaultPolicyPredictionEnsemble().combine_predictions(
        [PolicyPrediction(list(p.probabilities), p.policy_name, p.policy_priority,
                          is_no_user_prediction=p.is_no_user_prediction) for p in predictions],
        tracker, DOMAIN)
    return best.policy_name, best.max_confidence_index


def _random_others(rng):
    others = []
    for name, priority in (("memo", 3), ("rule", 6), ("emergency", 7)):
        probabilities = [0.0] * N
        kind = rng.choice(["none", "sure", "fallback", "no_user"])
        if kind != "none":
            probabilities[rng.randrange(N)] = 0.3 if kind == "fallback" else 1.0
        others.append(_prediction(probabilities, priority, name, is_no_user_prediction=kind == "no_user"))
    return others


@pytest.mark.parametrize("seed", range(300))
def test_skipping_ted_never_changes_the_ensembles_choice(seed):
    rng = random.Random(seed)
    others = _random_others(rng)
    ted = _prediction([rng.random() for _ in range(N)], TED_PRIORITY, "ted")
    tracker = _tracker(rejected=rng.random() < 0.3)
    skips = any(lazy_ted.overrules(p, TED_PRIORITY) for p in others) and not lazy_ted.last_action_was_rejected(tracker)
    if skips:
        empty = _prediction([0.0] * N, TED_PRIORITY, "ted")
        assert _chosen(others + [empty], tracker) == _chosen(others + [ted], tracker)


def test_a_sure_rule_overrules_ted_but_a_fallback_guess_does_not():
    sure, guess = [0.0] * N, [0.0] * N
    sure[2], guess[2] = 1.0, 0.3
    assert lazy_ted.overrules(_prediction(sure, 6, "rule"), TED_PRIORITY)
    assert not lazy_ted.overrules(_prediction(guess, 6, "rule"), TED_PRIORITY)
    assert not lazy_ted.overrules(_prediction(sure, 1, "same priority"), TED_PRIORITY)
    assert lazy_ted.overrules(_prediction([0.0] * N, 6, "form", is_no_user_prediction=True), TED_PRIORITY)


def test_after_a_rejected_action_ted_always_runs():
    assert lazy_ted.last_action_was_rejected(_tracker(rejected=True))
    assert not lazy_ted.last_action_was_rejected(_tracker(rejected=False))


def test_the_trained_models_ted_node_is_given_the_other_policies():
    model = ROOT / "models" / "twitch-assistant.tar.gz"
    if not model.exists():
        pytest.skip("no trained model yet (make train)")
    with tarfile.open(model) as archive:
        member = next(m for m in archive.getmembers() if m.name.lstrip("/") == "metadata.json")
        metadata = json.load(archive.extractfile(member))
    schema = lazy_ted.with_other_predictions(GraphSchema.from_dict(metadata["predict_schema"]))
    ted = next(node for name, node in schema.nodes.items() if name.startswith("run_TEDPolicy"))
    given = sorted(v for k, v in ted.needs.items() if k.startswith(lazy_ted.PREFIX))
    assert any(name.startswith("run_RulePolicy") for name in given)
    assert any(name.startswith("run_MemoizationPolicy") for name in given)
    assert not any(name.startswith("run_TEDPolicy") for name in given)
