"""Starts Rasa in a container from the environment contract (scripts/runtime_config.py).

    python -m production.container rasa [extra rasa run arguments]

Prints the stores, workers and API state, fails fast (exit 2, one sentence) when the
configuration is refused or a store cannot be reached, writes the endpoints file
(only ${VARIABLE} references, no secret on disk), and execs production.rasa_server.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from scripts.runtime_config import ConfigError, RuntimeConfig

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "rasa":
        print("usage: python -m production.container rasa [rasa run arguments]", file=sys.stderr)
        return 2
    try:
        config = RuntimeConfig.from_env()
        if config.action_token_generated:
            raise ConfigError("ACTION_SERVER_TOKEN must be set for Rasa and the action server alike.")
        if not os.environ.get("ACTION_SERVER_URL"):
            raise ConfigError("ACTION_SERVER_URL must say where the action server is, "
                              "e.g. http://actions:5055/webhook")
        config.check_reachable(timeout=float(os.environ.get("STORE_CHECK_TIMEOUT", 10)))
    except ConfigError as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 2
    for line in config.summary():
        print(line, flush=True)
    endpoints = Path(tempfile.mkdtemp(prefix="rasa-")) / "endpoints.yml"
    endpoints.write_text(config.endpoints_yaml())
    env = dict(os.environ, **config.process_env(os.environ["ACTION_SERVER_URL"]))
    model = os.environ.get("MODEL", str(ROOT / "models" / "twitch-assistant.tar.gz"))
    cors = os.environ.get("CORS_ORIGINS", "").split() or ["http://localhost:8080"]
    args = [sys.executable, "-m", "production.rasa_server", "run", "-m", model,
            *config.rasa_api_args(), "-i", "0.0.0.0", "--port", os.environ.get("RASA_PORT", "5005"),
            "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints),
            "--cors", *cors, *argv[1:]]
    os.execve(sys.executable, args, env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
