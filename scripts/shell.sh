#!/usr/bin/env bash
# `make shell`: chat with the assistant in the terminal. Starts the action server
# in the background for the duration of the chat.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${ACTION_PORT:-5055}"
model="${MODEL:-models/twitch-assistant.tar.gz}"
mkdir -p build/logs
.venv/bin/rasa run actions --actions actions --port "$port" > build/logs/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$port/health" >/dev/null 2>&1 && break
  kill -0 "$actions" 2>/dev/null || { echo "The action server failed; see build/logs/actions-shell.log" >&2; exit 1; }
  sleep 0.5
done
endpoints=$(mktemp)
printf 'action_endpoint:\n  url: "http://localhost:%s/webhook"\n' "$port" > "$endpoints"
echo "Type your message and press Enter. /stop ends the chat."
.venv/bin/rasa shell -m "$model" --endpoints "$endpoints"
