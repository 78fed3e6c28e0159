"""Every row of the labelled screening sets, scored in one process: a development aid of issue 15
(docs/screening.md, "Eleventh round") to compare two versions of the matcher row by row.

    python benchmarks/screening_rows.py [--data ../shared/data] [--sets eval_set,holdout2,...]
                                        [--out rows.tsv] [--misses]
    python benchmarks/screening_rows.py --diff before.tsv after.tsv
    python benchmarks/screening_rows.py --summary before.tsv after.tsv

Writes one line per row (tab-separated): set, qid, category, label, query, the score of the
expected entry (positives) or the top score (negatives), the level it reaches (alert / review / -),
the top match; and one line per GeoNames place name of the region (set ``geonames``, label neg).
``--misses`` prints the positives below alert of the chosen sets, lowest first (the per-row error
listing). ``--diff`` prints the rows whose score differs between two dumps, with the levels they
reach, and counts the rows that change level.

Builds the index from the UN consolidated list (2025-04-19) and OFAC SDN (2024-05-03) as
``bench_screening.py`` does; prints nothing about speed. Never run in CI (it needs ../shared/data).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

ALL_SETS = ("eval_set", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8",
            "holdout9", "holdout10", "holdout11", "holdout12", "holdout13", "holdout14", "holdout15", "holdout16",
            "holdout17", "holdout18", "holdout19", "holdout20", "holdout21", "holdout22")
COLS = ("set", "qid", "category", "label", "query", "expected", "score", "level", "top")


def level(score: float, review: float, alert: float) -> str:
    return "alert" if score >= alert - 1e-9 else "review" if score >= review - 1e-9 else "-"


def dump(data: Path, sets: list[str], places: bool) -> list[dict]:
    from bench_screening import EVAL_SETS, region_place_names
    from seasentry.config import ScreeningConfig
    from seasentry.screening.evaluate import evaluate, load_eval_set
    from seasentry.screening.index import ScreeningIndex
    from seasentry.screening.loaders import load_path

    cfg = ScreeningConfig()
    rv, al = cfg.review_threshold, cfg.alert_threshold
    sanc = data / "sanctions"
    ents = (load_path(sanc / "un" / "un_sc_consolidated_2025-04-19.xml").entities
            + load_path(sanc / "ofac" / "sdn_2024-05-03.csv").entities)
    idx = ScreeningIndex(ents, review_threshold=rv, alert_threshold=al)
    out: list[dict] = []
    for s in sets:
        # each set as in a fresh process (as bench_screening.py scores it): the caches that queries
        # fill are emptied first, since what a query retrieves can depend on the queries before it
        idx.clear_caches()
        rows = load_eval_set(ROOT / "tests" / "fixtures" / "screening_eval" / EVAL_SETS[s])
        for o in evaluate(idx, rows):
            sc = o.expected_score() if o.positive else o.top_score()
            out.append({"set": s, "qid": o.row["qid"], "category": o.row["category"], "label": o.row["label"],
                        "query": o.row["query"], "expected": o.row.get("expected") or "", "score": f"{sc:.3f}",
                        "level": level(sc, rv, al), "top": o.top()})
    names = region_place_names(data) if places else set()
    if names:
        idx.clear_caches()
        for k, n in enumerate(sorted(names)):
            h = idx.screen_name(n, explain=False, limit=1, min_score=0.5)
            sc = h[0]["score"] if h else 0.0
            out.append({"set": "geonames", "qid": str(k), "category": "place", "label": "neg", "query": n, "expected": "",
                        "score": f"{sc:.3f}", "level": level(sc, rv, al),
                        "top": f"{h[0]['name']} ({h[0]['entity_id']}) {sc:.3f}" if h else "-"})
    return out


def read(path: str) -> dict[tuple[str, str], dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["set"], r["qid"]): r for r in csv.DictReader(fh, delimiter="\t")}


def diff(a_path: str, b_path: str) -> None:
    a, b = read(a_path), read(b_path)
    moved = {}
    for k in sorted(set(a) | set(b)):
        ra, rb = a.get(k), b.get(k)
        if ra is None or rb is None:
            print(f"only in {'after' if ra is None else 'before'}: {k}")
            continue
        if ra["score"] != rb["score"]:
            tag = (ra["label"], ra["level"], rb["level"])
            moved[tag] = moved.get(tag, 0) + 1
            print(f"{k[0]}\t{ra['category']}\t{ra['label']}\t{ra['query']}\t{ra['score']} ({ra['level']}) -> "
                  f"{rb['score']} ({rb['level']})\t{rb['top']}")
    print()
    for (lab, la, lb), n in sorted(moved.items()):
        print(f"{lab}: {la} -> {lb}: {n} rows")


def summary(paths: list[str]) -> None:
    """(Twelfth round) Per set, from one or more dumps: recall at review and at alert of the
    positives (qualifier rows aside, as bench_screening.py counts them), false review and false alert
    hits per 1,000 negatives; GeoNames names at alert / at review. Several dumps: one column each."""
    dumps = [read(p) for p in paths]
    sets = list(dict.fromkeys(k[0] for k in dumps[0]))
    print("set        " + " | ".join(f"{'review':>6} {'alert':>6} {'f.rev':>6} {'f.alr':>6}" for _ in paths)
          + "   (recall at review / alert; false hits per 1,000 negatives at review / alert)")
    for s in sets:
        cells = []
        for d in dumps:
            rows = [r for k, r in d.items() if k[0] == s]
            pos = [r for r in rows if r["label"] == "pos" and r["category"] != "qualifiers"]
            neg = [r for r in rows if r["label"] == "neg"]
            nr = sum(r["level"] != "-" for r in neg)
            na = sum(r["level"] == "alert" for r in neg)
            if s == "geonames":
                cells.append(f"{'':>6} {'':>6} {nr:>6} {na:>6}")
                continue
            rv = sum(r["level"] != "-" for r in pos) / max(1, len(pos))
            al = sum(r["level"] == "alert" for r in pos) / max(1, len(pos))
            cells.append(f"{rv:6.3f} {al:6.3f} {1000 * nr / max(1, len(neg)):6.1f} {1000 * na / max(1, len(neg)):6.1f}")
        print(f"{s:<10} " + " | ".join(cells) + ("   (GeoNames: names at review, at alert)" if s == "geonames" else ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--sets", default=",".join(ALL_SETS))
    ap.add_argument("--out", default=None, help="write the dump here (tab-separated)")
    ap.add_argument("--misses", action="store_true", help="print the positives below alert, lowest first")
    ap.add_argument("--no-places", action="store_true", help="leave out the GeoNames place names")
    ap.add_argument("--diff", nargs=2, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--summary", nargs="+", metavar="DUMP", help="per-set figures of one or more dumps")
    args = ap.parse_args()
    if args.diff:
        diff(*args.diff)
        return 0
    if args.summary:
        summary(args.summary)
        return 0
    rows = dump(Path(args.data), [s for s in args.sets.split(",") if s], not args.no_places)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, COLS, delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    if args.misses:
        miss = sorted((r for r in rows if r["label"] == "pos" and r["category"] != "qualifiers"
                       and r["level"] != "alert"), key=lambda r: (r["set"], float(r["score"])))
        for r in miss:
            print(f"{r['set']}\t{r['category']}\t{r['score']}\t{r['query']}\t{r['expected']}\t{r['top']}")
        print(f"{len(miss)} positives below alert", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
