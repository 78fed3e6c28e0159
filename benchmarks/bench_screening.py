"""Benchmark seasentry's name matcher (and nomenklatura logic-v2 when importable) on the
labelled name sets in ../shared/data/names, then measure screening throughput.

    python benchmarks/bench_screening.py [--data ../shared/data] [--queries 10000] [--no-logic-v2]

Sets (each skipped if its file is absent):
- nk_latin / nk_nonlatin: nomenklatura name_bench cases (pairs labelled true/false), split by
  whether both names are in Latin script.
- watchman_xscript: Watchman cross-script positives; negatives by re-pairing each query with
  the expected names of three other rows.
- wikidata_ar: 2,000 Wikidata Arabic/English name tokens (seeded sample) as positives, the same
  Arabic re-paired with another English token starting with the same letter as negatives.
- cross_script: the union of nk_nonlatin, watchman_xscript and wikidata_ar (the issue's goal set).
- un_persons: yente's UN persons, treated (typos, re-ordering) vs untreated = positives; each
  synthetic negative paired with its nearest UN name by rapidfuzz token_sort_ratio = negatives.

For each set: AUC (Mann-Whitney), precision/recall at the review and alert thresholds, and for
logic-v2 at 0.70 (its harness threshold). Then: retrieval on UN+OFAC (recall of UN persons at
review, false-alarm rate of negatives), and queries/s screening 10,000 names on one core.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from seasentry.config import ScreeningConfig  # noqa: E402
from seasentry.screening.matcher import compare_names  # noqa: E402
from seasentry.screening.text import script_of, to_ascii  # noqa: E402


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels], scores[~labels]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    allv = np.concatenate([pos, neg])[order]
    ranks = np.empty(len(allv))
    i = 0
    while i < len(allv):  # average ranks over ties
        j = i
        while j + 1 < len(allv) and allv[j + 1] == allv[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    r = np.empty(len(allv))
    r[order] = ranks
    rp = r[: len(pos)].sum()
    return float((rp - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def pr(scores: np.ndarray, labels: np.ndarray, thr: float) -> tuple[float, float]:
    pred = scores >= thr
    tp = int((pred & labels).sum())
    fp = int((pred & ~labels).sum())
    fn = int((~pred & labels).sum())
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return p, r


# --------------------------------------------------------------------------- sets
def set_nomenklatura(names: Path) -> dict[str, list]:
    f = names / "nomenklatura" / "name_bench_cases.csv"
    if not f.exists():
        return {}
    latin, nonlatin = [], []
    for r in csv.DictReader(f.open(encoding="utf-8")):
        schema = "Person" if r["schema"] == "Person" else "Organization"
        row = (r["name1"], r["name2"], r["is_match"].strip().lower() == "true", schema)
        both_latin = script_of(r["name1"]) in ("latin", "none") and script_of(r["name2"]) in ("latin", "none")
        (latin if both_latin else nonlatin).append(row)
    return {"nk_latin": latin, "nk_nonlatin": nonlatin}


def set_watchman(names: Path) -> dict[str, list]:
    f = names / "watchman" / "cross_script_pairs.csv"
    if not f.exists():
        return {}
    rows = [r for r in csv.reader(f.open(encoding="utf-8")) if r and not r[0].startswith("#") and len(r) >= 2]
    rows = [r for r in rows if r[0] != "Query"]
    out = [(q, e, True, "Person") for q, e, *_ in rows]
    for i, (q, *_rest) in enumerate(rows):
        for k in (1, 2, 3):
            out.append((q, rows[(i + k * 5) % len(rows)][1], False, "Person"))
    return {"watchman_xscript": out}


def set_wikidata(names: Path, n: int = 2000, seed: int = 7) -> dict[str, list]:
    f = names / "netransliteration" / "wd_arabic.normalized.aligned.tokens.tsv"
    if not f.exists():
        return {}
    rows = []
    for line in f.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0].isalpha() and len(parts[0]) >= 3:
            rows.append((parts[0], parts[1].replace(" ", "")))
    rng = random.Random(seed)
    sample = rng.sample(rows, min(n, len(rows)))
    by_letter: dict[str, list] = {}
    for lat, ar in rows:
        by_letter.setdefault(lat[0], []).append(lat)
    out = []
    for lat, ar in sample:
        out.append((ar, lat, True, "Person"))
        pool = by_letter[lat[0]]
        other = lat
        while other == lat:
            other = rng.choice(pool)
        out.append((ar, other, False, "Person"))
    return {"wikidata_ar": out}


def set_un_persons(names: Path) -> dict[str, list]:
    y = names / "yente"
    ft, fu, fn = y / "positives_un_treated.csv", y / "positives_un_untreated.csv", y / "negatives_global_small.csv"
    if not (ft.exists() and fu.exists() and fn.exists()):
        return {}
    from rapidfuzz import fuzz, process
    treated = list(csv.DictReader(ft.open(encoding="utf-8")))
    untreated = list(csv.DictReader(fu.open(encoding="utf-8")))
    negatives = list(csv.DictReader(fn.open(encoding="utf-8")))
    out = [(t["full_name"], u["full_name"], True, "Person") for t, u in zip(treated, untreated)]
    un_ascii = [to_ascii(u["full_name"]).lower() for u in untreated]
    for n in negatives:
        best = process.extractOne(to_ascii(n["full_name"]).lower(), un_ascii, scorer=fuzz.token_sort_ratio)
        out.append((n["full_name"], untreated[best[2]]["full_name"], False, "Person"))
    return {"un_persons": out}


# --------------------------------------------------------------------------- logic-v2
def logic_v2_scorer():
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
    except Exception:
        return None
    cfg = LogicV2.default_config()
    counter = itertools.count()

    def mk(schema: str, name: str):
        e = model.make_entity(schema)
        e.id = f"e{next(counter)}"  # unique ids: nomenklatura caches results by entity id
        e.add("name", name)
        return e

    def score(a: str, b: str, schema: str) -> float:
        s = "Company" if schema == "Organization" else schema
        return float(LogicV2.compare(mk(s, a), mk(s, b), cfg).score)

    return score


# --------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--queries", type=int, default=10_000)
    ap.add_argument("--no-logic-v2", action="store_true")
    args = ap.parse_args()
    data = Path(args.data)
    names = data / "names"
    cfg = ScreeningConfig()
    review, alert = cfg.review_threshold, cfg.alert_threshold

    sets: dict[str, list] = {}
    for fn in (set_nomenklatura, set_watchman, set_wikidata, set_un_persons):
        sets.update(fn(names))
    if {"nk_nonlatin", "watchman_xscript", "wikidata_ar"} & sets.keys():
        sets["cross_script"] = (sets.get("nk_nonlatin", []) + sets.get("watchman_xscript", [])
                                + sets.get("wikidata_ar", []))
    lv2 = None if args.no_logic_v2 else logic_v2_scorer()
    print(f"seasentry thresholds: review {review:.2f}, alert {alert:.2f}; "
          f"logic-v2: {'installed' if lv2 else 'not installed (pip install seasentry[nomenklatura])'}")
    print()
    hdr = (f"{'set':<17}{'pos':>5}{'neg':>6} | {'AUC':>6} {'P@rev':>6} {'R@rev':>6} {'P@alr':>6} {'R@alr':>6}"
           + (f" | {'lv2 AUC':>7} {'P@.70':>6} {'R@.70':>6}" if lv2 else ""))
    print(hdr)
    print("-" * len(hdr))
    all_scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, rows in sets.items():
        if not rows:
            continue
        labels = np.array([r[2] for r in rows])
        ss = np.array([compare_names(a, b, schema)[0] for a, b, _, schema in rows])
        all_scores[name] = (ss, labels)
        p1, r1 = pr(ss, labels, review)
        p2, r2 = pr(ss, labels, alert)
        line = (f"{name:<17}{int(labels.sum()):>5}{int((~labels).sum()):>6} | {auc(ss, labels):6.3f} "
                f"{p1:6.3f} {r1:6.3f} {p2:6.3f} {r2:6.3f}")
        if lv2:
            ls = np.array([lv2(a, b, schema) for a, b, _, schema in rows])
            lp, lr = pr(ls, labels, 0.70)
            line += f" | {auc(ls, labels):7.3f} {lp:6.3f} {lr:6.3f}"
        print(line)
    print()

    # threshold tuning report on the union of the sets (cross_script counted once)
    union = [k for k in all_scores if k != "cross_script"]
    if union:
        s = np.concatenate([all_scores[k][0] for k in union])
        lab = np.concatenate([all_scores[k][1] for k in union])
        print("threshold sweep (all sets pooled):  thr    P      R      F1")
        for thr in (0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95):
            p, r = pr(s, lab, thr)
            f1 = 2 * p * r / (p + r) if p + r else float("nan")
            print(f"{'':36}{thr:4.2f} {p:6.3f} {r:6.3f} {f1:6.3f}")
        print()

    # retrieval against UN + OFAC and throughput
    sanc = data / "sanctions"
    un_xml = sanc / "un" / "un_sc_consolidated_2025-04-19.xml"
    sdn = sanc / "ofac" / "sdn_2024-05-03.csv"
    if not (un_xml.exists() and sdn.exists()):
        print("UN/OFAC files absent: retrieval and speed benchmarks skipped")
        return 0
    from seasentry.screening.index import ScreeningIndex
    from seasentry.screening.loaders import load_path

    t0 = time.perf_counter()
    ents = load_path(un_xml).entities + load_path(sdn).entities
    t1 = time.perf_counter()
    idx = ScreeningIndex(ents, review_threshold=review, alert_threshold=alert)
    t2 = time.perf_counter()
    print(f"index: {len(ents)} entities, {len(idx.names)} names; parse {t1 - t0:.1f} s, build {t2 - t1:.1f} s")
    y = names / "yente"
    if (y / "positives_un_treated.csv").exists():
        treated = list(csv.DictReader((y / "positives_un_treated.csv").open(encoding="utf-8")))
        untreated = list(csv.DictReader((y / "positives_un_untreated.csv").open(encoding="utf-8")))
        negs = list(csv.DictReader((y / "negatives_global_small.csv").open(encoding="utf-8")))
        by_name: dict[str, set[str]] = {}
        for e in idx.entities:
            if e.list == "un_sc":
                for n, _ in e.all_names():
                    by_name.setdefault(n.casefold(), set()).add(e.entity_id)
        found = {"review": 0, "alert": 0}
        n_pos = 0
        for t, u in zip(treated, untreated):
            target = by_name.get(u["full_name"].casefold())
            if not target:
                continue
            n_pos += 1
            res = idx.screen_name(t["full_name"], schema="Person", explain=False, limit=50)
            hit = [r for r in res if r["entity_id"] in target]
            if hit:
                found["review"] += 1
                found["alert"] += hit[0]["decision"] == "alert"
        fa = {"review": 0, "alert": 0}
        for n in negs:
            res = idx.screen_name(n["full_name"], schema="Person", explain=False, limit=1)
            if res:
                fa["review"] += 1
                fa["alert"] += res[0]["decision"] == "alert"
        print(f"retrieval, UN persons (treated) vs UN+OFAC: recall@review {found['review'] / n_pos:.3f}, "
              f"recall@alert {found['alert'] / n_pos:.3f} (n={n_pos})")
        print(f"retrieval, synthetic negatives vs UN+OFAC: any hit@review {fa['review'] / len(negs):.3f}, "
              f"any hit@alert {fa['alert'] / len(negs):.3f} (n={len(negs)})")

    # 10,000 distinct queries
    queries: list[str] = []
    for rows in sets.values():
        for a, b, *_ in rows:
            queries += [a, b]
    queries = list(dict.fromkeys(q for q in queries if q))
    rng = random.Random(11)
    words = sorted({w for q in queries for w in to_ascii(q).split() if w.isalpha() and len(w) > 2})
    while len(queries) < args.queries:
        queries.append(f"{rng.choice(words).title()} {rng.choice(words).title()}")
    queries = queries[: args.queries]
    # CPU time of this (single-threaded) process = time on one core, robust to other load on the
    # machine; wall-clock time is printed as well.
    t, w = time.process_time(), time.perf_counter()
    hits = 0
    for q in queries:
        hits += bool(idx.screen_name(q, explain=False))
    dt, dw = time.process_time() - t, time.perf_counter() - w
    print(f"throughput: {len(queries)} queries, {len(queries) / dt:,.0f} queries/s of CPU time on one core "
          f"(wall clock {len(queries) / dw:,.0f}/s; no explanations; {hits} queries with a hit)")
    t, w = time.process_time(), time.perf_counter()
    for q in queries[:2000]:
        idx.screen_name(q, explain=True)
    dt, dw = time.process_time() - t, time.perf_counter() - w
    print(f"throughput with explanations: {2000 / dt:,.0f} queries/s CPU (wall {2000 / dw:,.0f}/s; 2,000 queries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
