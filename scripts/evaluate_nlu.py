"""NLU quality: k-fold cross-validation of the whole NLU pipeline, printed as numbers.

    python scripts/evaluate_nlu.py --folds 5

Targets (issue 2): intent macro F1 >= 0.95, entity F1 >= 0.90 (DIET, micro average).
Full reports: results/nlu_cv/.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bin" / "rasa"


def _f1(report: dict, key: str) -> float:
    return float(report.get(key, {}).get("f1-score", float("nan")))


def _macro_f1(examples, errors) -> float:
    """Intent macro F1 from the examples (text, intent) and the run's errors."""
    support = Counter(intent for _, intent in examples)
    missed = Counter(e["intent"] for e in errors)
    taken = Counter(e["intent_prediction"]["name"] for e in errors)
    scores = []
    for intent, n in support.items():
        hits = n - missed[intent]
        precision = hits / (hits + taken[intent]) if hits + taken[intent] else 0.0
        recall = hits / n
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def _without_short_replies(out: Path) -> float:
    """Intent macro F1 with the messages that are listed short replies left out.

    Those are read by a list, not by DIET (twitch_knowledge/replies.yml), and most of
    the list also occurs in the NLU data: a held-out "cheerio" is right whatever DIET
    learned. This figure says how the classifier and the other rules do on the rest.
    """
    sys.path.insert(0, str(ROOT))
    from rasa.shared.nlu.training_data.loading import load_data

    from twitch_knowledge.replies import short_reply

    examples = [(m.get("text"), m.get("intent")) for m in load_data(str(ROOT / "data" / "nlu")).intent_examples]
    errors = json.loads((out / "intent_errors.json").read_text())
    return _macro_f1([x for x in examples if not short_reply(x[0])],
                     [e for e in errors if not short_reply(e["text"])])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "results" / "nlu_cv"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # Reports of an earlier run must not be read as this one's: a component that was
    # renamed (DIETClassifier -> LengthBatchedDIETClassifier) left its old report here.
    for stale in list(out.glob("*.json")) + list(out.glob("*.png")):
        stale.unlink()
    rasa = str(RASA if RASA.exists() else "rasa")
    started = time.monotonic()
    cmd = [rasa, "test", "nlu", "--config", "config.yml", "--nlu", "data/nlu",
           "--cross-validation", "--folds", str(args.folds), "--out", str(out)]
    print("$", " ".join(cmd), flush=True)
    code = subprocess.call(cmd, cwd=ROOT)
    if code != 0:
        return code
    minutes = (time.monotonic() - started) / 60
    intents = json.loads((out / "intent_report.json").read_text())
    rows = [("intent macro F1", _f1(intents, "macro avg"), 0.95),
            ("intent weighted F1", _f1(intents, "weighted avg"), None),
            ("intent macro F1 without listed short replies", _without_short_replies(out), None)]
    for report in sorted(out.glob("*Extractor_report.json")) + sorted(out.glob("*DIETClassifier_report.json")):
        data = json.loads(report.read_text())
        name = report.name.replace("_report.json", "")
        target = 0.90 if name.endswith("DIETClassifier") else None
        rows.append((f"entity micro F1 ({name})", _f1(data, "micro avg"), target))
        rows.append((f"entity macro F1 ({name})", _f1(data, "macro avg"), None))
    selector = out / "response_selection_report.json"
    if selector.exists():
        rows.append(("faq response macro F1", _f1(json.loads(selector.read_text()), "macro avg"), None))
    print(f"\nNLU {args.folds}-fold cross-validation ({minutes:.1f} min)")
    for label, value, target in rows:
        verdict = "" if target is None else ("  target >= %.2f: %s" % (target, "met" if value >= target else "NOT MET"))
        print(f"  {label:<46} {value:.3f}{verdict}")
    worst = sorted(((k, v["f1-score"]) for k, v in intents.items()
                    if isinstance(v, dict) and "support" in v and "avg" not in k), key=lambda kv: kv[1])[:5]
    print("  weakest intents: " + ", ".join(f"{k} {v:.2f}" for k, v in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
