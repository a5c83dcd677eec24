#!/usr/bin/env bash
# Installs the pinned chat widget from the npm registry and builds the demo page's
# assets into web/public (served by scripts/serve_web.py; nothing comes from a CDN).
# Re-runs only when the widget's sources or pinned packages changed, or the bundle is missing.
set -euo pipefail
cd "$(dirname "$0")/../web"
[ -f package.json ] || { echo "web/: no package.json, nothing to build"; exit 0; }
stamp=node_modules/.twitch-build-stamp
inputs=$(cat package.json package-lock.json build.js src/* 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ] && [ -f public/vendor/twitch-chat.js ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || {
  echo "npm is needed to install the chat widget (Debian: apt-get install nodejs npm)." >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
echo "$inputs" > "$stamp"
