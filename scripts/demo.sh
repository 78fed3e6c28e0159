#!/usr/bin/env bash
# seasentry's main job on the bundled demo data, from a fresh clone (embedded store, no server,
# no internet beyond PyPI for the first set-up):
#   1. set up a virtual environment with seasentry,
#   2. load the bundled sanctions list (OFAC SDN, Libya programmes, 2024-05-03),
#   3. `seasentry run`: ingest a labelled Central-Med scenario + a slice of a real satellite
#      corpus, detect events, screen vessels, evaluate alert rules, print the ranked alerts,
#   4. write the evidence case file of the top-ranked vessel (HTML; PDF too if Chromium is there).
# Usage: scripts/demo.sh [output folder, default ./demo-out]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
OUT="${1:-demo-out}"
DEMO=src/seasentry/data/demo
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
SS=.venv/bin/seasentry
mkdir -p "$OUT"
DB="$OUT/seasentry.duckdb"
rm -f "$DB" "$DB.wal"

echo "== sanctions list"
"$SS" lists load "$DEMO/ofac_sdn_libya_2024-05-03.csv" --db "$DB"

echo "== the main job: ingest, detect, screen, alert"
"$SS" run "$DEMO/central_med_story.nmea.gz" "$DEMO/exact-earth-with-tag-block.txt" --db "$DB" --top 15

"$SS" alerts --db "$DB" --format jsonl > "$OUT/alerts.jsonl"
TOP=$(head -n 1 "$OUT/alerts.jsonl" | .venv/bin/python -c 'import json,sys; print(json.loads(sys.stdin.readline())["mmsi"])')
echo
echo "== case file of the top-ranked vessel (MMSI $TOP)"
PDF=()
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  PDF=(--pdf "$OUT/case-$TOP.pdf")
fi
"$SS" case "$TOP" --db "$DB" --out "$OUT/case-$TOP.html" "${PDF[@]}" > /dev/null
echo
echo "Store:      $DB"
echo "Alerts:     $OUT/alerts.jsonl   (seasentry alerts --db $DB)"
echo "Case file:  $OUT/case-$TOP.html${PDF:+ and $OUT/case-$TOP.pdf}"
echo "Next:       $SS alerts ack ALERT_ID --note '...' --db $DB ; $SS case MMSI --out case.html --db $DB"
