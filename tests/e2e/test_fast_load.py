"""The server's model loading (components.fast_load) gives the same model as Rasa's own.

Both ways load the trained model in a fresh process (scripts/model_fingerprint.py):
the weights of DIET, the ResponseSelector and TED must be identical, and so must
every intent ranking, entity, FAQ ranking and next-action prediction.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.stack import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[2]


def _fingerprint(*flags: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "model_fingerprint.py"), str(DEFAULT_MODEL), *flags],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def both() -> tuple:
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"No trained model at {DEFAULT_MODEL}: run `make train` (make test does).")
    return _fingerprint(), _fingerprint("--rasa-load")


def test_same_weights(both):
    fast, rasa = both
    # node names are "train_<component class, with its module for ours><index>"
    kinds = sorted(name.split("_", 1)[1].rstrip("0123456789").rsplit(".", 1)[-1]
                   for name in fast["weights"])
    assert kinds == ["LengthBatchedDIETClassifier", "LengthBatchedResponseSelector", "TEDPolicy"]
    assert fast["weights"] == rasa["weights"]


def test_same_predictions(both):
    fast, rasa = both
    for mine, theirs in zip(fast["predictions"], rasa["predictions"]):
        assert mine == theirs, mine["text"]
    assert len(fast["predictions"]) == len(rasa["predictions"]) >= 8
    # and the predictions are real ones, not an empty model's
    by_text = {p["text"]: p for p in fast["predictions"]}
    assert by_text["hi"]["intents"][0][0] == "greet"
    assert by_text["what is clonus?"]["faq"][0][0] == "faq/what_is_clonus"
