"""Row-by-row dump of what screening answers, to prove that a speed-up changes no score.

    python benchmarks/screening_dump.py OUT.tsv [--data ../shared/data] [--sets eval_set,holdout2,...]
                                        [--queries 10000] [--explain-digest]

Builds the index of the UN consolidated list (2025-04-19) and OFAC SDN (2024-05-03) from
``../shared/data`` (as ``bench_screening.py`` does) and writes one line per (query, candidate):

- every row of the labelled sets (eval_set, holdout2-9; never holdout10), run as the evaluation runs
  it (``evaluate.run_query``, every match down to 0.5, 10 at most) and as ``seasentry screen`` runs
  it (review threshold, 10 at most): set, row, pass, query, rank, entity id, score, decision, matched
  name, matched on; with ``--explain-digest`` also a SHA-256 of each answer's explanations (JSON);
- every GeoNames place name of the region (``bench_screening.bench_places``), top match;
- the 10,000 names of the throughput measure of ``bench_screening.py`` (review threshold).

Run it once with the code before a change and once after (``PYTHONPATH=OTHER/src``: the import
below does not prefer this checkout) and compare the files (``cmp``, ``diff``). The first line
names the source tree imported.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALL_SETS = ("eval_set", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9",
            "holdout10")


def throughput_queries(data: Path, n: int) -> list[str]:
    """The names ``bench_screening.py`` times (its labelled pairs' names, then random pairs of words)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_screening as b

    names = data / "names"
    sets: dict[str, list] = {}
    for fn in (b.set_nomenklatura, b.set_watchman, b.set_wikidata, b.set_un_persons):
        sets.update(fn(names))
    return b.throughput_queries(sets, n)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--sets", default=",".join(ALL_SETS))
    ap.add_argument("--queries", type=int, default=10_000)
    ap.add_argument("--explain-digest", action="store_true")
    args = ap.parse_args()
    import seasentry
    from seasentry.config import ScreeningConfig
    from seasentry.screening.evaluate import load_eval_set, run_query
    from seasentry.screening.index import ScreeningIndex
    from seasentry.screening.loaders import load_path

    data = Path(args.data)
    sanc = data / "sanctions"
    cfg = ScreeningConfig()
    ents = (load_path(sanc / "un" / "un_sc_consolidated_2025-04-19.xml").entities
            + load_path(sanc / "ofac" / "sdn_2024-05-03.csv").entities)
    idx = ScreeningIndex(ents, review_threshold=cfg.review_threshold, alert_threshold=cfg.alert_threshold)
    t0 = time.process_time()
    n_lines = 0
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["#source", str(Path(seasentry.__file__).resolve().parents[1])])

        def dump(set_name, row_no, pass_name, query, matches, explain=False):
            nonlocal n_lines
            if not matches:
                out.writerow([set_name, row_no, pass_name, query, 0, "-", "", "", "", "", ""])
                n_lines += 1
            for rank, m in enumerate(matches, 1):
                dig = hashlib.sha256(json.dumps(m["explanation"], sort_keys=True, ensure_ascii=False,
                                                default=str).encode()).hexdigest()[:16] if explain else ""
                out.writerow([set_name, row_no, pass_name, query, rank, m["entity_id"], f"{m['score']:.4f}",
                              m["decision"] or "", m["matched_name"], m["matched_on"], dig])
                n_lines += 1

        for s in args.sets.split(","):
            path = ROOT / "tests" / "fixtures" / "screening_eval" / f"{s}.csv"
            for k, r in enumerate(load_eval_set(path)):
                q = "|".join(r.get(c) or "" for c in ("query", "type", "dob", "country", "imo", "mmsi", "flag",
                                                     "ship_type"))
                dump(s, k, "eval", q, run_query(idx, r, limit=10, min_score=0.5))
                dump(s, k, "screen", q, run_query(idx, r, limit=10))
                if args.explain_digest:
                    dump(s, k, "explain", q, run_query(idx, r, limit=10, min_score=0.5, explain=True), explain=True)
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_screening import region_place_names

        for k, n in enumerate(sorted(region_place_names(data))):
            dump("places", k, "screen", n, idx.screen_name(n, explain=False, limit=1))
        if args.queries:
            for k, q in enumerate(throughput_queries(data, args.queries)):
                dump("throughput", k, "screen", q, idx.screen_name(q, explain=False))
    print(f"{n_lines} lines written to {args.out} in {time.process_time() - t0:.1f} s CPU "
          f"(source {Path(seasentry.__file__).resolve().parents[1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
