"""Runs a command against a freshly started assistant (free ports), then stops it.

    python scripts/with_stack.py -- python evaluation/run_safety_eval.py --url {rasa_url}

`{rasa_url}` in the command is replaced, and RASA_URL is set in its environment.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.stack import Stack  # noqa: E402


def main(argv: list) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    with Stack() as stack:
        print(f"Assistant ready at {stack.rasa_url} in {stack.ready_seconds:.1f}s", flush=True)
        command = [part.replace("{rasa_url}", stack.rasa_url) for part in argv]
        env = dict(os.environ, RASA_URL=stack.rasa_url)
        return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
