#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (no browser download). Installs it with
# apt-get when it is missing and we are allowed to (root); otherwise explains.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium from Debian's packages for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is not installed. Install it (Debian/Ubuntu: sudo apt-get install chromium) to run the browser tests." >&2
exit 1
