#!/usr/bin/env bash
# Set up (once) and run seasentry's main job on the bundled data, with an embedded store.
# Usage: scripts/demo.sh [output folder, default ./demo-out]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
OUT="${1:-demo-out}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
mkdir -p "$OUT"
DB="$OUT/seasentry.duckdb"
rm -f "$DB" "$DB.wal"
.venv/bin/seasentry ingest tests/fixtures/ais --db "$DB"
.venv/bin/seasentry vessels --db "$DB" --limit 10
echo
echo "Store: $DB   (try: .venv/bin/seasentry stats --db $DB)"
