"""Load a trained model and print, as JSON, what it predicts and a digest of its weights.

    python scripts/model_fingerprint.py MODEL.tar.gz [--rasa-load]

By default the model loads the way the server loads it (with
``components.fast_load`` installed by the ``components`` package); ``--rasa-load``
uses Rasa's own ``RasaModel.load``. ``tests/e2e/test_fast_load.py`` runs both and
compares them.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXTS = [
    "hi",
    "my eyelid has been jumping for a week",
    "my calf flickers and I keep tripping",
    "what is clonus?",
    "can MS cause twitching",
    "no weakness, no trouble swallowing",
    "not sure",
    "bye",
]


def _weights_digest(agent) -> dict:
    digests = {}
    for name, node in agent.processor.graph_runner._instantiated_nodes.items():
        model = getattr(node._component, "model", None)
        if model is None or not hasattr(model, "trainable_variables"):
            continue
        h = hashlib.sha256()
        for var in sorted(model.trainable_variables, key=lambda v: v.name):
            h.update(var.name.encode())
            h.update(var.numpy().tobytes())
        digests[name] = [len(model.trainable_variables), h.hexdigest()]
    return digests


async def _predictions(agent) -> list:
    from rasa.core.channels.channel import UserMessage

    out = []
    for i, text in enumerate(TEXTS):
        parsed = await agent.parse_message(text)
        out.append({
            "text": text,
            "intents": [(r["name"], round(r["confidence"], 6)) for r in parsed.get("intent_ranking", [])],
            "entities": sorted((e["entity"], e["value"], e.get("extractor")) for e in parsed["entities"]),
            "faq": [(r["intent_response_key"], round(r["confidence"], 6))
                    for r in parsed.get("response_selector", {}).get("faq", {}).get("ranking", [])],
        })
        sender = f"fingerprint-{i}"
        await agent.processor.log_message(UserMessage(text, sender_id=sender))
        nxt = await agent.processor.predict_next_for_sender_id(sender)
        out[-1]["next_action"] = {"policy": nxt["policy"], "confidence": round(nxt["confidence"], 6),
                                  "scores": [(s["action"], round(s["score"], 6)) for s in nxt["scores"][:5]]}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--rasa-load", action="store_true", help="use Rasa's own RasaModel.load")
    args = parser.parse_args()
    import components  # noqa: F401  (installs the fast load, as the server does)
    from components import fast_load

    if args.rasa_load:
        fast_load.uninstall()
    from rasa.core.agent import Agent

    started = time.monotonic()
    agent = Agent.load(args.model)
    load_s = time.monotonic() - started
    result = {"load_seconds": round(load_s, 1), "weights": _weights_digest(agent),
              "predictions": asyncio.run(_predictions(agent))}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
