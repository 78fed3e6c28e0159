"""Dark detections on labelled scenarios: recall, precision, and how a confidence or length threshold
trades sea clutter (false alarms) against small boats.

    .venv/bin/python benchmarks/dark_thresholds.py [--seeds 3,11,42] [--hours 40] [--vessels 80]
                                                  [--sparse-sat 0.1] [--workdir DIR]

For each seed, as a user would: ``seasentry scenario generate``, ``scenario scenes``, ``seasentry
run scenario.nmea --detections ... --footprints ...``, ``detections --format jsonl``, scored with
``scenario evaluate-detections``. ``--sparse-sat F`` keeps only a fraction F of the satellite-AIS
lines (``s:SAT``) of the scenario: offshore vessels are then heard every 10-30 minutes, as from
satellites, instead of every minute or two (a harder case for matching).

Then, over all seeds, for thresholds on the detector's confidence and on the detected length
(``detections.min_confidence``, ``detections.min_length_m``: a detection below is 'rejected'
before matching), the share of sea-clutter detections that would still be dark, and the share of
dark small craft, dark tankers and AIS-off vessels that would be lost.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]


def cli(*args) -> str:
    p = subprocess.run([sys.executable, "-m", "seasentry", *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    if p.returncode:
        raise SystemExit(f"seasentry {' '.join(map(str, args))} failed:\n{p.stderr[-2000:]}")
    return p.stdout


def run_seed(seed: int, hours: float, vessels: int, sparse: float | None, work: Path) -> tuple[dict, pl.DataFrame]:
    d = work / f"seed{seed}{'-sparse' if sparse else ''}"
    sc = d / "sc"
    cli("scenario", "generate", "--seed", seed, "--hours", hours, "--vessels", vessels, "--out", sc)
    cli("scenario", "scenes", sc)
    nmea = sc / "scenario.nmea"
    if sparse:
        rnd = random.Random(seed)
        kept = d / "sparse.nmea"
        with open(nmea) as f, open(kept, "w") as o:
            for line in f:
                if "s:SAT" in line and rnd.random() > sparse:
                    continue
                o.write(line)
        nmea = kept
    db = d / "s.duckdb"
    cli("run", nmea, "--detections", sc / "detections.csv", "--footprints", sc / "footprints.geojson", "-q", "--db", db)
    (d / "det.jsonl").write_text(cli("detections", "--format", "jsonl", "--db", db))
    (d / "missed.jsonl").write_text(cli("detections", "--missed", "--format", "jsonl", "--db", db))
    ev = json.loads(cli("scenario", "evaluate-detections", "--detections", d / "det.jsonl", "--truth",
                        sc / "detections_truth.csv", "--missed", d / "missed.jsonl", "--missed-truth",
                        sc / "missed_truth.csv", "--format", "json"))
    recs = [json.loads(x) for x in (d / "det.jsonl").read_text().splitlines()]
    det = pl.DataFrame([{k: r[k] for k in ("detection_id", "status", "confidence", "length_m")} for r in recs])
    truth = pl.read_csv(sc / "detections_truth.csv").select("detection_id", "kind")
    return ev, det.join(truth, on="detection_id")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="3,11,42")
    ap.add_argument("--hours", type=float, default=40)
    ap.add_argument("--vessels", type=int, default=80)
    ap.add_argument("--sparse-sat", type=float, default=None)
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args(argv)
    work = Path(a.workdir or tempfile.mkdtemp(prefix="seasentry-dark-"))
    frames, rows = [], []
    keys = ["dark_recall", "dark_precision_excluding_clutter", "matched_right_mmsi", "ais_vessels_dark",
            "infrastructure_recall", "infrastructure_precision", "missed_listed"]
    for s in (int(x) for x in a.seeds.split(",")):
        ev, det = run_seed(s, a.hours, a.vessels, a.sparse_sat, work)
        frames.append(det)
        m = ev["metrics"]
        rows.append((s, [(m[k]["value"], m[k]["n"]) for k in keys]))
    label = f"sparse satellite AIS (kept {a.sparse_sat:g} of the SAT lines)" if a.sparse_sat else "scenario AIS as generated"
    print(f"scenarios: seeds {a.seeds}, {a.hours:g} h, {a.vessels} vessels; {label}; work dir {work}")
    print("| seed | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for s, vals in rows:
        print(f"| {s} | " + " | ".join(f"{v:.3f} ({n})" if v is not None else f"- ({n})" for v, n in vals) + " |")
    det = pl.concat(frames)
    clutter = det.filter(pl.col("kind") == "clutter")
    print()
    print(f"thresholds over {det.height} detections ({clutter.height} sea clutter, "
          f"{det.filter(pl.col('kind') == 'dark_small_craft').height} dark small craft)")
    print("| threshold | clutter still dark | dark small craft lost | dark tankers and AIS-off vessels lost |")
    print("|---|---|---|---|")
    small = det.filter(pl.col("kind") == "dark_small_craft")
    big = det.filter(pl.col("kind").is_in(["dark_tanker", "ais_off_vessel"]))
    for kind, col, values in (("confidence >=", "confidence", (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)),
                              ("length >= (m)", "length_m", (0.0, 8.0, 10.0, 12.0, 15.0))):
        for v in values:
            keep = pl.col(col).fill_null(1.0) >= v
            c = clutter.filter(keep & (pl.col("status") == "dark")).height / max(clutter.height, 1)
            sl = 1 - small.filter(keep & (pl.col("status") == "dark")).height / max(small.height, 1)
            bl = 1 - big.filter(keep & (pl.col("status") == "dark")).height / max(big.height, 1)
            print(f"| {kind} {v:g} | {c:.3f} | {sl:.3f} | {bl:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
