#!/usr/bin/env bash
# Container entry point: `rasa` (default), `actions`, `web` or `purge`.
# Configuration is the same environment contract as scripts/runtime_config.py.
set -euo pipefail
cd /app
case "${1:-rasa}" in
  rasa)
    shift || true
    exec python -m production.container rasa "$@" ;;
  actions)
    exec python -m production.action_server --host 0.0.0.0 --port "${ACTION_PORT:-5055}" ;;
  web)
    exec python scripts/serve_web.py --host 0.0.0.0 --port "${WEB_PORT:-8080}" \
      --rasa-url "${PUBLIC_RASA_URL:-http://localhost:5005}" ;;
  purge)
    shift || true
    exec python scripts/purge.py "$@" ;;
  *)
    exec "$@" ;;
esac
