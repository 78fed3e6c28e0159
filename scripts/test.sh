#!/usr/bin/env bash
# Set up a virtual environment (once) and run the whole test suite.
# Usage: scripts/test.sh [pytest args...]     (CI runs exactly this through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
exec .venv/bin/python -m pytest "$@"
