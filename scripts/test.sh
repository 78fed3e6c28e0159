#!/usr/bin/env bash
# Set up a virtual environment (once) and run the whole test suite.
# Usage: scripts/test.sh [pytest args...]     (CI runs exactly this through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
# Browser tests drive Debian's Chromium (never a downloaded browser). Install it when missing and
# we may (root with apt); without it those tests skip with a message.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian chromium for the browser tests..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# Two processes (CI has 2 cores), each running whole test files (module fixtures built once):
# SEASENTRY_TEST_WORKERS=1 runs everything in one process (as needed with -x or --pdb).
WORKERS="${SEASENTRY_TEST_WORKERS:-2}"
if [ "$WORKERS" -gt 1 ]; then
  exec .venv/bin/python -m pytest -n "$WORKERS" --dist loadfile "$@"
fi
exec .venv/bin/python -m pytest "$@"
