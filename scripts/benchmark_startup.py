"""Speed targets, printed: training from scratch, and how soon the server is ready.

    python scripts/benchmark_startup.py

Targets (issue 2): training from scratch under 5 minutes on 2 cores; Rasa server ready
within 60 seconds of start.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.stack import Stack  # noqa: E402


def main() -> int:
    rasa = str(ROOT / ".venv" / "bin" / "rasa")
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        # An empty training cache: nothing is reused from an earlier `make train`.
        code = subprocess.call(
            [rasa, "train", "--force", "--config", "config.yml", "--domain", "domain.yml",
             "--data", "data", "--out", out, "--fixed-model-name", "bench"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
                     RASA_CACHE_DIRECTORY=str(Path(out) / "cache")))
        train_s = time.monotonic() - started
        if code != 0:
            print("training failed", file=sys.stderr)
            return code
        model = Path(out) / "bench.tar.gz"
        with Stack(model=model) as stack:
            ready_s = stack.ready_seconds
    print(f"cores: {os.cpu_count()}")
    print(f"training from scratch:   {train_s:6.1f} s   (target < 300 s: {'met' if train_s < 300 else 'NOT MET'})")
    print(f"servers ready after:     {ready_s:6.1f} s   (target < 60 s: {'met' if ready_s < 60 else 'NOT MET'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
