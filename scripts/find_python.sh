#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or explains how to get one.
# Rasa 3.6 supports Python 3.8-3.10; this project is tested on 3.10 (see .python-version).
set -u
want="3.10"
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for p in "$root"/versions/"$want"*/bin/python"$want"; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/"$want"*/bin/python"$want"; do [ -x "$p" ] && candidates+=("$p"); done
candidates+=("python$want" "/usr/bin/python$want" "/usr/local/bin/python$want" "python3" "python")
for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || continue
  ver=$("$path" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
  if [ "$ver" = "$want" ]; then echo "$path"; exit 0; fi
done
cat >&2 <<MSG
Python $want was not found, and Rasa 3.6 needs Python 3.8-3.10 (this project uses $want).
Install it, then run the command again. For example:
  - with pyenv:      pyenv install 3.10.13   (the version in .python-version)
  - Debian/Ubuntu:   apt-get install python3.10 python3.10-venv   (where your release has it)
  - or point to one: make run PYTHON=/path/to/python3.10
MSG
exit 1
