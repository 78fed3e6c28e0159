"""Accuracy of the extractor on a labelled set of reports (tests/fixtures/reports/labelled).

    from seasentry.reports.evaluate import evaluate_file
    rep = evaluate_file("tests/fixtures/reports/labelled/heldout.yaml")
    rep["accuracy"]   # {"type": 0.96, "date": 1.0, "place": 0.96, ...}

A report's date is right when the main incident starts on the expected day; its place when the
main place's name (or any of its Latin names) is one of the expected names (and in the expected
country when one is given); counts, persons, vessels and sanctions links are scored on the
reports that state them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import yaml

from .extract import Context, Document, extract
from .textnorm import fold


def _names_of(place: dict | None, gaz) -> set[str]:
    if not place:
        return set()
    i = next((k for k, p in enumerate(gaz.places) if p.place_id == place["place_id"]), None)
    names = {fold(place["name"])}
    if i is not None:
        names |= {fold(n) for n in gaz.aliases[i][0]}
    return names


def evaluate_items(items: list[dict], ctx: Context | None = None) -> dict:
    ctx = ctx or Context()
    gaz = ctx.gaz()
    rows = []
    for it in items:
        exp = it["expected"]
        pub = it["published"]
        pub = pub if isinstance(pub, date) else date.fromisoformat(str(pub))
        doc = Document(text=it["text"], source=f"labelled:{it['id']}", source_name="labelled",
                       published=datetime(pub.year, pub.month, pub.day), published_how="option", kind="text")
        ms = extract(doc, ctx)
        m = ms[0] if ms else None
        want_place = exp.get("place")
        want_place = [want_place] if isinstance(want_place, str) else list(want_place or [])
        got_names = _names_of(m.place if m else None, gaz)
        place_ok = bool(got_names & {fold(w) for w in want_place})
        if place_ok and exp.get("country"):
            place_ok = m.place.get("country") == exp["country"]
        want_date = exp["date"] if isinstance(exp["date"], date) else date.fromisoformat(str(exp["date"]))
        row = {
            "id": it["id"], "lang": it["lang"],
            "type_ok": bool(m and m.type == exp["type"]), "date_ok": bool(m and m.start == want_date),
            "place_ok": place_ok,
            "got": {"type": m.type if m else None, "date": m.start.isoformat() if m and m.start else None,
                    "place": m.place["name"] if m and m.place else None,
                    "country": m.place["country"] if m and m.place else None,
                    "counts": m.counts if m else {}, "persons": [p["name"] for p in m.persons] if m else [],
                    "vessels": [v["name"] for v in m.vessels] if m else [],
                    "sanctions": m.sanctions if m else [], "confidence": m.confidence if m else None},
            "want": {"type": exp["type"], "date": want_date.isoformat(), "place": want_place},
            "date_form": exp.get("date_form"), "place_form": exp.get("place_form"),
        }
        if "counts" in exp:
            row["counts_ok"] = bool(m) and all(m.counts.get(k) == v for k, v in exp["counts"].items())
        if exp.get("persons"):
            got = {fold(p["name"]) for p in (m.persons if m else [])}
            row["persons_ok"] = all(any(fold(w) in g or g in fold(w) for g in got) for w in exp["persons"])
        if exp.get("vessels"):
            got_v = m.vessels if m else []
            ok = True
            for w in exp["vessels"]:
                hit = next((v for v in got_v if fold(v["name"]) == fold(w["name"])
                            or (w.get("imo") and v.get("imo") == w["imo"])
                            or (w.get("mmsi") and v.get("mmsi") == w["mmsi"])), None)
                ok = ok and hit is not None and all(hit.get(k) == w[k] for k in ("imo", "mmsi") if k in w)
            row["vessels_ok"] = ok
        if "sanctioned" in exp:
            want_s = {fold(x) for x in exp["sanctioned"]}
            hit_names = {fold(p["name"]) for p in (m.persons if m else []) if p.get("sanctions")}
            row["sanctions_ok"] = (bool(want_s) == bool(hit_names)) and all(
                any(w in h or h in w for h in hit_names) for w in want_s)
        rows.append(row)
    acc = {}
    for k in ("type", "date", "place", "counts", "persons", "vessels", "sanctions"):
        vals = [r[f"{k}_ok"] for r in rows if f"{k}_ok" in r]
        if vals:
            acc[k] = round(sum(vals) / len(vals), 4)
            acc[f"{k}_n"] = len(vals)
    return {"n": len(rows), "accuracy": acc, "rows": rows}


def evaluate_file(path: str | Path, ctx: Context | None = None) -> dict:
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rep = evaluate_items(items, ctx)
    rep["file"] = str(path)
    return rep
