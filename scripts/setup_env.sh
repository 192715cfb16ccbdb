#!/usr/bin/env bash
# Create .venv and install requirements.txt into it: once, and again whenever requirements.txt
# changes. Sourced by run_app.sh and run_tests.sh; needs Python 3.11+ and the package index once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing requirements into .venv ..." >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
  # uv installs the stack in seconds; --compile-bytecode makes every later start fast.
  .venv/bin/python -m uv pip install --quiet --python .venv/bin/python --compile-bytecode -r requirements.txt
  echo "$want" > "$stamp"
fi
