#!/usr/bin/env python3
"""Incident register benchmark: text extraction speed (documents/s on one core for ~5 kB
articles), with baselines measured in the same run, and accuracy on the labelled reports.

    python benchmarks/bench_reports.py                 # 400 articles of ~5 kB, every section
    python benchmarks/bench_reports.py --docs 40 --small   # what CI runs (tests/test_benchmarks_small.py)

Sections (each prints a table):

1. extraction: seasentry.reports.extract on ~5 kB Arabic and English articles made by joining
   the labelled reports (tests/fixtures/reports/labelled, written for seasentry), one process,
   one thread; baselines on the same articles: dateparser's ``search_dates`` alone (dates only)
   and trafilatura on the same text wrapped in an HTML page (the HTML reader's cost);
2. accuracy on the labelled reports (development and held-out parts) and, for the dates, what
   dateparser's ``search_dates`` finds on the same reports (the incident day among its dates);
3. language: the script test against lingua (Arabic/English only) when lingua is installed;
4. real data when ../shared is present: the real Arabic article (seed) and place names in the
   UNITED list's short English incident reports, compared with the repository author's
   geocoded position (within 50 km).

Figures go into docs/reports.md only as printed here, with the command and the machine load.

The process pins itself to one CPU (the last one it may use, as benchmarks/bench_decode.py pins its
contenders) with one thread for the numeric libraries, and prints documents per wall second and
per CPU second (the machine may be shared: the CPU rate is the one that does not depend on the
other jobs), each the best of ``--repeat`` runs. Each extraction row starts from a fresh context
(the screening matcher's answers are cached per context, as in one ``reports load``: a name that
recurs across the documents is screened once); the synthetic articles reuse 79 reports, so names
recur more than in a news feed, and the row "screening every name" shows the rate without the
cache.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "POLARS_MAX_THREADS", "RAYON_NUM_THREADS",
           "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_v, "1")   # one thread, before numpy / polars are imported

import argparse
import csv
import random
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
LABELLED = ROOT / "tests" / "fixtures" / "reports" / "labelled"
SHARED = ROOT.parent / "shared"

import yaml  # noqa: E402

from seasentry.reports.extract import Context, Document, extract  # noqa: E402


def table(title: str, cols: list[str], rows: list[list]) -> None:
    w = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(cols)] if rows else [len(c) for c in cols]
    print(f"\n{title}")
    print("  ".join(str(c).ljust(w[i]) for i, c in enumerate(cols)))
    print("  ".join("-" * w[i] for i in range(len(cols))))
    for r in rows:
        print("  ".join(str(v).ljust(w[i]) for i, v in enumerate(r)))


def items() -> list[dict]:
    return yaml.safe_load((LABELLED / "tune.yaml").read_text()) + yaml.safe_load((LABELLED / "heldout.yaml").read_text())


def articles(n: int, size: int = 5000, seed: int = 1) -> list[tuple[str, str, date]]:
    """(language, text, publication day): a labelled report first, then others of the same
    language until ~size bytes (UTF-8), as paragraphs."""
    rnd = random.Random(seed)
    its = items()
    by_lang = {"ar": [i for i in its if i["lang"] == "ar"], "en": [i for i in its if i["lang"] == "en"]}
    out = []
    for k in range(n):
        lang = "ar" if k % 2 == 0 else "en"
        pool = by_lang[lang]
        lead = pool[k // 2 % len(pool)]
        parts = [lead["text"]]
        while len("\n".join(parts).encode()) < size:
            parts.append(rnd.choice(pool)["text"])
        out.append((lang, "\n".join(parts), lead["published"]))
    return out


def pin_one_core() -> str:
    """Run on one CPU (the last this process may use); returns what was done, for the header."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return f"pinned to CPU {cpus[-1]}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def _timed_extract(docs, make_ctx, repeat: int) -> tuple[float, float, int, object]:
    """(best wall s, best CPU s, incidents, context of the last run) over ``repeat`` runs, each
    with a fresh context from ``make_ctx``."""
    best_wall = best_cpu = float("inf")
    nm = 0
    ctx = None
    for _ in range(max(1, repeat)):
        ctx = make_ctx()
        t0, c0 = time.perf_counter(), time.process_time()
        nm = 0
        for _, text, pub in docs:
            doc = Document(text=text, source="bench", source_name="bench",
                           published=datetime(pub.year, pub.month, pub.day), published_how="option", kind="text")
            nm += len(extract(doc, ctx))
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu, nm, ctx


def bench_extraction(n: int, ctx: Context, repeat: int = 1) -> list[list]:
    docs = articles(n)
    kb = statistics.mean(len(t.encode()) for _, t, _ in docs) / 1024
    rows = []
    # warm-up (lexicon, gazetteer automaton, compiled patterns): one article of each language
    for _, text, _ in docs[:2]:
        extract(Document(text=text, source="w", source_name="w", published=datetime(2020, 1, 1),
                         published_how="option", kind="text"), ctx)

    def fresh(cache=True):
        return lambda: Context(gazetteer=ctx.gazetteer, index=ctx.index, store_names=ctx.store_names,
                               **({} if cache else {"screen_cache": None}))
    for lang in ("ar", "en", "all"):
        sel = [d for d in docs if lang == "all" or d[0] == lang]
        wall, cpu, nm, c = _timed_extract(sel, fresh(), repeat)
        sc = c.screen_cache
        rows.append([f"seasentry extract ({lang})", len(sel), f"{kb:.1f}", f"{len(sel) / wall:,.1f}",
                     f"{len(sel) / cpu:,.1f}", f"{nm}", f"{sc.misses} ({sc.hits})"])
    wall, cpu, nm, _ = _timed_extract(docs, fresh(cache=False), repeat)
    rows.append(["seasentry extract (all), screening every name", len(docs), f"{kb:.1f}", f"{len(docs) / wall:,.1f}",
                 f"{len(docs) / cpu:,.1f}", f"{nm}", "no cache"])
    try:
        from dateparser.search import search_dates

        sel = docs[: max(4, n // 10)]
        t0, c0 = time.perf_counter(), time.process_time()
        for lang, text, pub in sel:
            search_dates(text, languages=[lang], settings={"RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
                                                            "PREFER_DATES_FROM": "past"})
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        rows.append(["baseline: dateparser search_dates (dates only)", len(sel), f"{kb:.1f}", f"{len(sel) / dt:,.1f}",
                     f"{len(sel) / dc:,.1f}", "-", "-"])
    except ImportError:
        rows.append(["baseline: dateparser search_dates", "not installed", "", "", "", "", ""])
    try:
        import trafilatura

        sel = docs[: max(4, n // 4)]
        pages = ["<html><head><title>t</title></head><body><nav>Home | World</nav><article>"
                 + "".join(f"<p>{p}</p>" for p in text.split("\n")) + "</article><footer>(c) x</footer></body></html>"
                 for _, text, _ in sel]
        t0, c0 = time.perf_counter(), time.process_time()
        for pg in pages:
            trafilatura.bare_extraction(pg, with_metadata=True)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        rows.append(["baseline: trafilatura HTML reading alone", len(sel), f"{kb:.1f}", f"{len(sel) / dt:,.1f}",
                     f"{len(sel) / dc:,.1f}", "-", "-"])
    except ImportError:
        pass
    return rows


def bench_accuracy(ctx: Context) -> tuple[list[list], list[list]]:
    from seasentry.reports.evaluate import evaluate_file

    rows = []
    for part in ("tune", "heldout"):
        rep = evaluate_file(LABELLED / f"{part}.yaml", ctx)
        a = rep["accuracy"]
        rows.append([part, rep["n"], a.get("type"), a.get("date"), a.get("place"), f"{a.get('counts')} ({a.get('counts_n')})",
                     f"{a.get('persons')} ({a.get('persons_n')})", f"{a.get('vessels')} ({a.get('vessels_n')})",
                     f"{a.get('sanctions')} ({a.get('sanctions_n')})"])
    dp_rows = []
    try:
        from dateparser.search import search_dates
    except ImportError:
        return rows, [["dateparser not installed"]]
    for part in ("tune", "heldout"):
        its = yaml.safe_load((LABELLED / f"{part}.yaml").read_text())
        found = first = 0
        for it in its:
            pub = it["published"]
            res = search_dates(it["text"], languages=[it["lang"]],
                               settings={"RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
                                         "PREFER_DATES_FROM": "past"}) or []
            days = [d.date() for _, d in res]
            want = it["expected"]["date"]
            found += want in days
            first += bool(days) and days[0] == want
        dp_rows.append([part, len(its), round(found / len(its), 4), round(first / len(its), 4)])
    return rows, dp_rows


def bench_language() -> list[list]:
    from seasentry.reports.language import detect_language

    its = items()
    texts = [(i["text"], i["lang"]) for i in its]
    seed = SHARED / "seed" / "al-ain_2020-02-13_haftar-italy-maritime-border.txt"
    if seed.exists():
        texts.append((seed.read_text(encoding="utf-8"), "ar"))
    rows = []
    t0 = time.perf_counter()
    ok = sum(detect_language(t) == lang for t, lang in texts)
    dt = time.perf_counter() - t0
    rows.append(["script test (seasentry)", len(texts), round(ok / len(texts), 4), f"{len(texts) / dt:,.0f}"])
    try:
        from lingua import Language, LanguageDetectorBuilder

        det = LanguageDetectorBuilder.from_languages(Language.ARABIC, Language.ENGLISH).build()
        det.detect_language_of("warm up")
        t0 = time.perf_counter()
        ok = sum((det.detect_language_of(t) == (Language.ARABIC if lang == "ar" else Language.ENGLISH))
                 for t, lang in texts)
        dt = time.perf_counter() - t0
        rows.append(["lingua 2.x (Arabic, English)", len(texts), round(ok / len(texts), 4), f"{len(texts) / dt:,.0f}"])
    except ImportError:
        rows.append(["lingua", "not installed (pip install lingua-language-detector)", "", ""])
    return rows


def bench_real(ctx: Context, limit: int) -> list[list]:
    rows = []
    united = SHARED / "data" / "reports" / "united_list_central_med.csv"
    if united.exists():
        from seasentry.reports.places import default_gazetteer, km_between
        from seasentry.reports.textnorm import normalize

        gaz = default_gazetteer()
        recs = list(csv.DictReader(open(united, encoding="utf-8")))
        recs = [r for r in recs if r.get("cause_of_death_text") and r.get("latitude") not in (None, "", "NA")][:limit]
        found = near = 0
        for r in recs:
            pms = gaz.find(normalize(r["cause_of_death_text"]))
            gaz.resolve(pms)
            specific = [gaz.places[m.chosen] for m in pms if not gaz.places[m.chosen].is_country]
            if specific:
                found += 1
                la, lo = float(r["latitude"]), float(r["longitude"])
                if min(km_between(la, lo, p.lat, p.lon) for p in specific) <= 50:
                    near += 1
        rows.append(["UNITED list short reports: a specific place found", len(recs), round(found / len(recs), 4), ""])
        rows.append(["... and within 50 km of the geocoded position", found, round(near / max(1, found), 4), ""])
    seed = SHARED / "seed" / "al-ain_2020-02-13_haftar-italy-maritime-border.txt"
    if seed.exists():
        doc = Document(text=seed.read_text(encoding="utf-8"), source="seed", source_name="Al-Ain",
                       published=datetime(2020, 2, 13), published_how="option", kind="text")
        t0 = time.perf_counter()
        ms = extract(doc, ctx)
        dt = time.perf_counter() - t0
        rows.append(["real Arabic article (seed): incidents", len(ms),
                     "; ".join(f"{m.type} {m.start} {m.place['name'] if m.place else '-'}" for m in ms),
                     f"{dt * 1000:.1f} ms"])
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400, help="articles of ~5 kB to extract")
    ap.add_argument("--small", action="store_true", help="CI size: skip language and real-data sections")
    ap.add_argument("--united", type=int, default=2000, help="UNITED reports to geoparse")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each extraction row (the best is printed)")
    a = ap.parse_args(argv)
    pinned = pin_one_core()
    from seasentry.screening import ScreeningIndex, load_path

    ents = load_path(ROOT / "src/seasentry/data/demo/ofac_sdn_libya_2024-05-03.csv").entities
    ctx = Context(index=ScreeningIndex(ents, {"ofac_sdn": "2024-05-03"}))
    print(f"bench_reports: {a.docs} articles, python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores ({pinned}), "
          f"{datetime.now():%Y-%m-%d %H:%M}")
    table(f"1. extraction (one process, one core; best of {max(1, a.repeat)} runs)",
          ["what", "documents", "kB/doc", "documents/s (wall)", "documents/CPU s", "incidents",
           "names screened (answers reused)"], bench_extraction(a.docs, ctx, a.repeat))
    print(f"load average after section 1: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    acc, dp = bench_accuracy(ctx)
    table("2. accuracy on the labelled reports (seasentry)", ["part", "reports", "type", "date", "place",
                                                              "counts (n)", "persons (n)", "vessels (n)",
                                                              "sanctions (n)"], acc)
    table("   dates by dateparser search_dates on the same reports", ["part", "reports", "incident day among its dates",
                                                                       "incident day = its first date"], dp)
    if not a.small:
        table("3. language", ["detector", "documents", "accuracy", "documents/s"], bench_language())
        real = bench_real(ctx, a.united)
        if real:
            table("4. real data (../shared)", ["what", "n", "value", "time"], real)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
