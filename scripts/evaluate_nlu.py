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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bin" / "rasa"


def _f1(report: dict, key: str) -> float:
    return float(report.get(key, {}).get("f1-score", float("nan")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "results" / "nlu_cv"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
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
            ("intent weighted F1", _f1(intents, "weighted avg"), None)]
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
        print(f"  {label:<42} {value:.3f}{verdict}")
    worst = sorted(((k, v["f1-score"]) for k, v in intents.items()
                    if isinstance(v, dict) and "support" in v and "avg" not in k), key=lambda kv: kv[1])[:5]
    print("  weakest intents: " + ", ".join(f"{k} {v:.2f}" for k, v in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
