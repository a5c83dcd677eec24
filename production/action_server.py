"""rasa-sdk's action server, requiring a token from Rasa.

rasa-sdk 3.6 has no authentication: anyone who can reach port 5055 could run our
actions with a made-up conversation. This starts the same server
(``rasa_sdk.endpoint.create_app``) with a request middleware: ``POST /webhook`` needs
``Authorization: Bearer $ACTION_SERVER_TOKEN`` (Rasa sends it: the endpoints'
``action_endpoint.headers``), else 401. ``/health`` stays open for probes.

Without ``ACTION_SERVER_TOKEN`` it refuses to start, unless ``RASA_ENV`` is
``development`` (the default) and ``--allow-no-token`` is given (``make shell``).
scripts/stack.py generates a fresh token for each start when none is set.

    python -m production.action_server --port 5055 [--actions actions]
"""
from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys

logger = logging.getLogger(__name__)


def create_app(actions: str, token: str | None):
    from rasa_sdk.endpoint import create_app as sdk_create_app
    from sanic import response

    app = sdk_create_app(actions, cors_origins=[], auto_reload=False)
    app.config.REQUEST_MAX_SIZE = 4 * 1024 * 1024  # a tracker with a long conversation

    if token:
        expected = f"Bearer {token}".encode()

        @app.middleware("request")
        async def _require_token(request):  # noqa: ANN001
            if request.path.rstrip("/") == "/health":
                return None
            given = (request.headers.get("Authorization") or "").encode()
            if not hmac.compare_digest(given, expected):
                return response.json({"error": "unauthorized"}, status=401)
            return None

    return app


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "0.0.0.0"))
    parser.add_argument("--actions", default="actions")
    parser.add_argument("--allow-no-token", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s - %(message)s")
    if os.environ.get("ACTION_CALLS_LOG") == "1":
        # scripts/profile_message.py counts the calls ("Received request to run '...'");
        # rasa-sdk logs them at DEBUG only. Off by default: that logger can also print events.
        logging.getLogger("rasa_sdk.executor").setLevel(logging.DEBUG)
    token = os.environ.get("ACTION_SERVER_TOKEN") or None
    development = os.environ.get("RASA_ENV", "development") == "development"
    if not token and not (development and args.allow_no_token):
        print("ACTION_SERVER_TOKEN is not set: the action server will not accept requests "
              "without a token. Set ACTION_SERVER_TOKEN (the same value for Rasa).", file=sys.stderr)
        return 2
    app = create_app(args.actions, token)
    logger.info("Action server on port %d (token %s)", args.port, "required" if token else "NOT required")
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
