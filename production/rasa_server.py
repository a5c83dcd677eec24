"""Rasa's command line with this project's production hardening installed.

    python -m production.rasa_server run -m models/... --endpoints ... [rasa run options]

Same arguments as ``rasa``. Before Rasa builds its Sanic app this installs:
production.limits (body size 413, per-sender 429) on the app, and
production.resilience (a kind reply when the action server, the tracker store or the
lock store is down, and no message text in the logs when that happens). Used by
scripts/stack.py, the Dockerfile and the Kubernetes manifests.
"""
from __future__ import annotations

import sys


def install() -> None:
    import rasa.core.run as rasa_run

    from production import limits, resilience

    resilience.install()
    resilience.install_channel_guard()
    original = rasa_run.configure_app
    if getattr(original, "_twitch_limits", False):
        return

    def configure_app(*args, **kwargs):  # noqa: ANN002, ANN003 (Rasa's signature)
        app = original(*args, **kwargs)
        limits.install_on(app)
        return app

    configure_app._twitch_limits = True  # type: ignore[attr-defined]
    rasa_run.configure_app = configure_app


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
