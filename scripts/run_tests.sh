#!/usr/bin/env bash
# Set up (first time only), check the code with ruff (lint and format), and run the test suite.
#   ./scripts/run_tests.sh                 ruff, then every test (what CI runs)
#   ./scripts/run_tests.sh --quick         ruff, then the fast lane: no browser, AppTest, PostgreSQL,
#                                          subprocess or slow tests (lanes: tests/conftest.py)
# Other arguments go to pytest (./scripts/run_tests.sh --quick tests/test_scoring.py -x).
# The tests run even when ruff finds something; the command fails if either fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup_env.sh
lint=0
.venv/bin/python -m ruff check . || lint=$?
.venv/bin/python -m ruff format --check . || lint=$?
set +e
.venv/bin/python -m pytest --durations=15 "$@"
tests=$?
set -e
if [ "$lint" -ne 0 ]; then
  echo "ruff found problems (above): \`.venv/bin/python -m ruff format .\` formats, \`.venv/bin/python -m ruff check --fix .\` fixes the ones marked [*]" >&2
fi
[ "$tests" -ne 0 ] && exit "$tests"
exit "$lint"
