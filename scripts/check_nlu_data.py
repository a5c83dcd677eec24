#!/usr/bin/env python
"""Sanity checks for the NLU training data (data/nlu/*.yml).

Loads every file with Rasa's own loader, prints the number of examples per
intent, per entity and per entity value, and exits non-zero when

* ``describe_twitch`` has fewer than 350 examples,
* an entity name is not part of the NLU contract (docs/DESIGN.md),
* a coded entity (movement, symptom, trigger, condition, impact) carries a
  value that is not a code of ``twitch_knowledge/facts.py``, or a synonym maps
  to something that is not such a code,
* one surface word is mapped to two different values (Rasa synonyms are
  entity-agnostic, so this would silently corrupt one of them),
* the same example (case/whitespace/final punctuation insensitive) appears
  under two different intents.

Lower-than-planned counts for the other intents are reported as warnings.

Usage: python scripts/check_nlu_data.py [data_dir]   (default: data/nlu)
"""
from __future__ import annotations

import collections
import logging
import os
import re
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from twitch_knowledge import facts  # noqa: E402

CODED = {
    "movement": set(facts.MOVEMENTS),
    "symptom": set(facts.SYMPTOMS),
    "trigger": set(facts.TRIGGERS),
    "condition": set(facts.CONDITIONS),
    "impact": set(facts.IMPACTS),
}
FREE = {"body_location", "onset", "frequency", "duration"}
ALLOWED_ENTITIES = set(CODED) | FREE
ALL_CODES = set().union(*CODED.values())

MIN_DESCRIBE = 350
# planned minimums: warnings only
PLANNED = {
    "affirm": 30, "deny": 30, "dont_know": 30, "stop": 25,
    "greet": 20, "goodbye": 20, "thank": 20, "bot_challenge": 20,
    "out_of_scope": 40, "report_emergency": 50,
}


def _norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower())
    return text.rstrip(" .!?,;")


def _rel(path: Path) -> Path:
    try:
        return path.resolve().relative_to(ROOT)
    except ValueError:
        return path


def main(argv: List[str]) -> int:
    logging.getLogger("rasa").setLevel(logging.ERROR)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from rasa.shared.nlu.training_data.loading import load_data

    data_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "data" / "nlu"
    files = sorted(data_dir.glob("*.yml")) + sorted(data_dir.glob("*.yaml"))
    if not files:
        print(f"ERROR: no NLU files in {data_dir}")
        return 1

    errors: List[str] = []
    warnings: List[str] = []
    intents: Dict[str, int] = collections.Counter()
    entities: Dict[str, int] = collections.Counter()
    values: Dict[Tuple[str, str], int] = collections.Counter()
    per_text: Dict[str, List[Tuple[str, str]]] = collections.defaultdict(list)  # norm text -> [(intent, file)]
    surface_map: Dict[str, Set[Tuple[str, str]]] = collections.defaultdict(set)  # surface -> {(value, where)}

    for path in files:
        td = load_data(str(path))
        rel = _rel(path)
        for msg in td.intent_examples:
            intent = msg.get("intent")
            full = msg.get("intent_response_key") or intent
            text = msg.get("text")
            intents[full] += 1
            per_text[_norm(text)].append((full, str(rel)))
            for ent in msg.get("entities") or []:
                name, value = ent["entity"], str(ent.get("value"))
                surface = text[ent["start"]:ent["end"]]
                entities[name] += 1
                if name not in ALLOWED_ENTITIES:
                    errors.append(f"{rel}: entity '{name}' is not in the NLU contract: {text!r}")
                    continue
                if name in CODED:
                    values[(name, value)] += 1
                    if value not in CODED[name]:
                        errors.append(f"{rel}: {name} value '{value}' is not a code of facts.py: {text!r}")
                    surface_map[surface.lower()].add((value, f"{rel}: {text!r}"))
        for surface, value in td.entity_synonyms.items():
            if value not in ALL_CODES:
                errors.append(f"{rel}: synonym '{surface}' -> '{value}' is not a code of facts.py")
            surface_map[surface.lower()].add((value, f"{rel}: synonym"))

    # the same example under several intents (within one intent: warning)
    for text, where in sorted(per_text.items()):
        distinct = {i for i, _ in where}
        if len(distinct) > 1:
            errors.append(f"duplicate example across intents {sorted(distinct)}: {text!r}")
        elif len(where) > 1:
            warnings.append(f"duplicate example within {where[0][0]} ({len(where)}x): {text!r}")

    for surface, vals in sorted(surface_map.items()):
        codes = {v for v, _ in vals}
        if len(codes) > 1:
            errors.append(f"surface '{surface}' is mapped to several values {sorted(codes)}")

    # ------------------------------------------------------------ report
    print("Examples per intent:")
    for name, n in sorted(intents.items()):
        print(f"  {name:40s} {n:5d}")
    print(f"  {'TOTAL':40s} {sum(intents.values()):5d}")
    print("\nAnnotations per entity:")
    for name, n in sorted(entities.items()):
        print(f"  {name:40s} {n:5d}")
    print("\nAnnotations per coded entity value:")
    for (name, value), n in sorted(values.items()):
        print(f"  {name + ':' + value:40s} {n:5d}")
    for name, codes in CODED.items():
        missing = sorted(c for c in codes if (name, c) not in values)
        if missing:
            warnings.append(f"no training annotation for {name} codes {missing}")

    base = collections.Counter()
    for name, n in intents.items():
        base[name.split("/")[0]] += n
    if base["describe_twitch"] < MIN_DESCRIBE:
        errors.append(f"describe_twitch has {base['describe_twitch']} examples (< {MIN_DESCRIBE})")
    for name, minimum in PLANNED.items():
        if base[name] < minimum:
            warnings.append(f"{name} has {base[name]} examples (planned >= {minimum})")

    for w in warnings:
        print(f"WARNING: {w}")
    for e in errors:
        print(f"ERROR: {e}")
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
