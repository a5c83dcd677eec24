#!/usr/bin/env python
"""Do two trained models hold the same components? File by file, weight by weight.

    python scripts/compare_models.py models/a.tar.gz models/b.tar.gz

For each component directory of the two archives: ``identical`` when every file has
the same bytes; otherwise JSON files are compared by content (Rasa writes some sets as
lists, whose order changes from run to run with Python's string hashing: the
RulePolicy's ``rules_not_in_stories`` differs so between two one-process trainings of
the same data), TensorFlow checkpoints by their variables (``same weights`` when every
variable is equal, else the largest difference), and any other file that differs is
named. Exit status 0 when every component is identical or has the same
weights, 1 otherwise.

Used to check that training in two processes (components/parallel_training.py) gives
the model one process gives.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple


def _extract(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(into)  # nosec: our own model archives
    return into


def _checkpoints(directory: Path) -> List[Path]:
    return sorted(p.with_suffix("") for p in directory.rglob("*.index"))


def _weights(prefix: Path) -> Dict[str, "object"]:
    import tensorflow as tf

    reader = tf.train.load_checkpoint(str(prefix))
    return {name: reader.get_tensor(name) for name in reader.get_variable_to_shape_map()
            if "optimizer" not in name.lower() and "save_counter" not in name}


def _is_checkpoint(f: Path) -> bool:
    return ".data-" in f.name or f.suffix == ".index"


def _same_weights(a: Path, b: Path) -> Tuple[bool, str]:
    """The TensorFlow checkpoints of two component directories, variable by variable."""
    import numpy as np

    largest = 0.0
    for prefix in _checkpoints(a):
        wa, wb = _weights(prefix), _weights(b / prefix.relative_to(a))
        if wa.keys() != wb.keys():
            return False, f"different variables in {prefix.name}"
        for name in wa:
            x, y = np.asarray(wa[name]), np.asarray(wb[name])
            if x.shape != y.shape:
                return False, f"{name}: shapes {x.shape} and {y.shape}"
            if x.dtype.kind in "fc":
                largest = max(largest, float(np.max(np.abs(x - y))) if x.size else 0.0)
            elif not np.array_equal(x, y):
                return False, f"{name} differs"
    if largest == 0.0:
        return True, "same weights (checkpoint files differ only in bookkeeping)"
    return False, f"weights differ by up to {largest:.3g}"


def compare_component(a: Path, b: Path) -> Tuple[bool, str]:
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    if files_a != files_b:
        return False, f"different files: {sorted(map(str, files_a ^ files_b))[:5]}"
    differing = [f for f in sorted(files_a) if not filecmp.cmp(a / f, b / f, shallow=False)]
    if not differing:
        return True, "identical"
    notes, others = [], []
    for f in differing:
        if f.suffix == ".json":
            same, note = _same_json(a / f, b / f)
            if not same:
                return False, f"{f}: {note}"
            notes.append(f"{f}: {note}")
        elif not (_is_checkpoint(f) or f.name == "checkpoint"):
            others.append(str(f))
    if others:
        return False, f"files differ: {others[:5]}"
    if any(_is_checkpoint(f) for f in differing):
        same, note = _same_weights(a, b)
        if not same:
            return False, note
        notes.append(note)
    return True, "; ".join(notes)


def _unordered(value):
    """A JSON value with every list taken as a multiset (Rasa writes some sets as lists,
    in an order that changes with Python's string hashing from run to run)."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted(json.dumps(_unordered(v), sort_keys=True) for v in value)
    return value


def _same_json(a: Path, b: Path) -> Tuple[bool, str]:
    x, y = json.loads(a.read_text()), json.loads(b.read_text())
    if x == y:
        return True, "same content, keys in another order"
    if _unordered(x) == _unordered(y):
        return True, "same items, lists in another order"
    return False, "different content"


def compare(archive_a: Path, archive_b: Path) -> Dict[str, Tuple[bool, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        a = _extract(archive_a, Path(tmp) / "a")
        b = _extract(archive_b, Path(tmp) / "b")
        comps_a = {p.name for p in (a / "components").iterdir()}
        comps_b = {p.name for p in (b / "components").iterdir()}
        result = {}
        for name in sorted(comps_a | comps_b):
            if name not in comps_a or name not in comps_b:
                result[name] = (False, "only in " + ("the first" if name in comps_a else "the second"))
            else:
                result[name] = compare_component(a / "components" / name, b / "components" / name)
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    result = compare(args.first, args.second)
    for name, (same, how) in result.items():
        print(f"{'same' if same else 'DIFFERENT':9}  {name}: {how}")
    alike = all(same for same, _ in result.values())
    print(f"{sum(s for s, _ in result.values())}/{len(result)} components alike")
    return 0 if alike else 1


if __name__ == "__main__":
    sys.exit(main())
