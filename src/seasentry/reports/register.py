"""The incident register in the store: loads, documents, rejects, mentions and incidents.

Tables (created on first use, beside the AIS tables of the same DuckDB file):

``report_loads``      one row per file loaded (SHA-256, format, counts, when)
``report_documents``  every text document read (source, publication time and how it was found,
                      language, the cleaned text shown on the incident page)
``report_rejects``    every row, entry or file that could not be used, with the reason
``incident_mentions`` one incident as one source tells it (a document's event or a dataset row)
``incidents``         the de-duplicated register, rebuilt from the mentions after every load

Loading the same file again changes nothing (recognised by its SHA-256). Incident ids are the
hash of the first mention of the incident that was loaded, so they stay the same as sources are
added. Writes are columnar (Arrow tables inserted in one statement per table).
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import polars as pl
import pyarrow as pa

from .dedup import cluster
from .extract import Context, Document, Mention, extract
from .readers import ReadError, ReadResult, Record, read_path

CONTRACT_FIELDS = ["incident_id", "type", "start", "end", "lat", "lon", "place", "places", "persons", "organisations",
                   "vessels", "counts", "sanctions", "sources", "confidence"]

DDL = [
    """CREATE TABLE IF NOT EXISTS report_loads (
        load_id INTEGER, path VARCHAR, sha256 VARCHAR, size BIGINT, format VARCHAR, encoding VARCHAR,
        source_name VARCHAR, published_option TIMESTAMP, loaded_at TIMESTAMP, seconds DOUBLE, rows_read BIGINT,
        documents BIGINT, records BIGINT, rejects BIGINT, mentions BIGINT)""",
    """CREATE TABLE IF NOT EXISTS report_documents (
        doc_id VARCHAR, load_id INTEGER, source VARCHAR, source_name VARCHAR, url VARCHAR, item VARCHAR,
        title VARCHAR, text VARCHAR, published TIMESTAMP, published_how VARCHAR, language VARCHAR, kind VARCHAR,
        meta VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS report_rejects (
        load_id INTEGER, path VARCHAR, item VARCHAR, reason VARCHAR, detail VARCHAR, raw VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS incident_mentions (
        mention_id VARCHAR, seq BIGINT, doc_id VARCHAR, load_id INTEGER, kind VARCHAR, is_primary BOOLEAN,
        type VARCHAR, start DATE, "end" DATE, date_how VARCHAR, lat DOUBLE, lon DOUBLE, place_id VARCHAR,
        place VARCHAR, places VARCHAR, persons VARCHAR, organisations VARCHAR, vessels VARCHAR, counts VARCHAR,
        sanctions VARCHAR, topics VARCHAR, confidence DOUBLE, sentence VARCHAR, spans VARCHAR, language VARCHAR,
        published TIMESTAMP, published_how VARCHAR, source VARCHAR, source_name VARCHAR, url VARCHAR,
        item VARCHAR, notes VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS incidents (
        incident_id VARCHAR, type VARCHAR, start DATE, "end" DATE, lat DOUBLE, lon DOUBLE, place VARCHAR,
        place_id VARCHAR, country VARCHAR, places VARCHAR, persons VARCHAR, organisations VARCHAR, vessels VARCHAR,
        counts VARCHAR, sanctions VARCHAR, topics VARCHAR, sources VARCHAR, confidence DOUBLE, n_sources INTEGER,
        mention_ids VARCHAR, mmsis VARCHAR, notes VARCHAR)""",
]

MENTION_SCHEMA = {
    "mention_id": pl.Utf8, "seq": pl.Int64, "doc_id": pl.Utf8, "load_id": pl.Int32, "kind": pl.Utf8,
    "is_primary": pl.Boolean, "type": pl.Utf8, "start": pl.Date, "end": pl.Date, "date_how": pl.Utf8,
    "lat": pl.Float64, "lon": pl.Float64, "place_id": pl.Utf8, "place": pl.Utf8, "places": pl.Utf8,
    "persons": pl.Utf8, "organisations": pl.Utf8, "vessels": pl.Utf8, "counts": pl.Utf8, "sanctions": pl.Utf8,
    "topics": pl.Utf8, "confidence": pl.Float64, "sentence": pl.Utf8, "spans": pl.Utf8, "language": pl.Utf8,
    "published": pl.Datetime("us"), "published_how": pl.Utf8, "source": pl.Utf8, "source_name": pl.Utf8,
    "url": pl.Utf8, "item": pl.Utf8, "notes": pl.Utf8,
}


def ensure_tables(con) -> None:
    for d in DDL:
        con.execute(d)


def has_register(con) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'incidents'")
                .fetchone()[0])


def _j(v) -> str:
    return json.dumps(v, ensure_ascii=False, default=str)


def _h(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


@dataclass
class LoadReport:
    path: str
    format: str = ""
    status: str = "loaded"          # loaded | unchanged | failed
    rows: int = 0
    documents: int = 0
    records: int = 0
    mentions: int = 0
    rejects: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    published_how: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    no_incident: int = 0
    seconds: float = 0.0
    message: str = ""

    def to_dict(self) -> dict:
        return self.__dict__.copy()


# ----------------------------------------------------------------------------- loading
def _context(store, cfg) -> Context:
    from ..screening.cache import load_index
    from .entities import StoreVesselNames

    index = None
    try:
        idx = load_index(store.con, config=cfg)  # kept in the store until the lists change
        index = idx if idx is not None and len(idx) else None
    except Exception:  # no sanctions tables yet
        index = None
    names = None
    if store.con.execute("SELECT count(*) FROM vessel_identities").fetchone()[0]:
        names = StoreVesselNames(store.con)
    rc = cfg.reports
    return Context(index=index, store_names=names, secondary=rc.secondary_incidents,
                   min_secondary_score=rc.min_secondary_score)


def _record_mention(r: Record, gaz) -> Mention:
    """A dataset row as a mention: its own date, position and counts; places read from its
    location text (and the nearest gazetteer place to its position)."""
    from .places import km_between
    from .textnorm import normalize

    pms = gaz.find(normalize(r.place_text or ""))
    gaz.resolve(pms)
    places, seen = [], set()
    for m in pms:
        p = gaz.places[m.chosen]
        if p.place_id not in seen:
            seen.add(p.place_id)
            places.append({**p.to_dict(), "as_written": m.surface})
    place = None
    specific = [x for x in places if x["kind"] != "country"]
    if r.lat is not None and specific:
        # the named place nearest the record's position
        place = min(specific, key=lambda x: km_between(r.lat, r.lon, x["lat"], x["lon"]))
        if km_between(r.lat, r.lon, place["lat"], place["lon"]) > 150:
            place = None
    if place is None and r.lat is not None:
        near = gaz.nearest(r.lat, r.lon, 40.0)
        if near is not None:
            place = {**near.to_dict(), "as_written": None, "note": "nearest gazetteer place to the record's position"}
    if place is None:
        place = {"place_id": None, "name": r.place_text or None, "name_ar": None, "country": None,
                 "lat": r.lat, "lon": r.lon, "kind": "record"}
    place = {**place, "record_location": r.place_text}
    return Mention(type=r.type, start=r.start, end=r.end, date_how="record", lat=r.lat, lon=r.lon, place=place,
                   places=places, persons=[], organisations=[], vessels=[], counts=r.counts, sanctions=[], topics=[],
                   confidence=r.confidence, sentence=r.text, spans=[], language="en", primary=True,
                   notes=[f"{k}: {v}" for k, v in r.extra.items() if v])


def load_files(store, paths: Iterable[str | Path], published: datetime | None = None, source_name: str | None = None,
               mapping: dict[str, str] | None = None, fmt: str | None = None, cfg=None, progress=None
               ) -> list[LoadReport]:
    """Read, extract and store each file, then rebuild the incidents. Returns one report per file."""
    cfg = cfg or store.config
    con = store.con
    ensure_tables(con)
    ctx = _context(store, cfg)
    reports: list[LoadReport] = []
    changed = False
    for path in paths:
        t0 = time.perf_counter()
        rep = LoadReport(path=str(path))
        try:
            res = read_path(path, published=published, source_name=source_name, mapping=mapping, fmt=fmt)
        except ReadError as exc:
            rep.status, rep.message = "failed", str(exc)
            reports.append(rep)
            continue
        rep.format = res.format
        prev = con.execute("SELECT load_id FROM report_loads WHERE sha256 = ? LIMIT 1", [res.sha256]).fetchone()
        if prev is not None:
            rep.status = "unchanged"
            rep.message = f"same file as load {prev[0]}: nothing new"
            reports.append(rep)
            continue
        _store_result(con, res, rep, ctx, published, source_name, progress)
        rep.seconds = time.perf_counter() - t0
        con.execute("UPDATE report_loads SET seconds = ? WHERE sha256 = ?", [rep.seconds, res.sha256])
        changed = True
        reports.append(rep)
    if changed:
        rebuild_incidents(store, cfg)
    return reports


def _store_result(con, res: ReadResult, rep: LoadReport, ctx: Context, published, source_name, progress) -> None:
    load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM report_loads").fetchone()[0]
    seq0 = con.execute("SELECT coalesce(max(seq), 0) FROM incident_mentions").fetchone()[0]
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    gaz = ctx.gaz()
    docs_rows, mention_rows = [], []
    seq = seq0
    for k, doc in enumerate(res.documents):
        if progress and k % 200 == 0:
            progress(k, len(res.documents))
        doc_id = _h(doc.source, doc.item, doc.title, doc.text)
        ms = extract(doc, ctx)
        if not ms:
            rep.no_incident += 1
        rep.languages[doc.language or "und"] = rep.languages.get(doc.language or "und", 0) + 1
        rep.published_how[doc.published_how] = rep.published_how.get(doc.published_how, 0) + 1
        docs_rows.append({"doc_id": doc_id, "load_id": load_id, "source": doc.source, "source_name": doc.source_name,
                          "url": doc.url, "item": doc.item, "title": doc.title,
                          "text": (doc.title + "\n" + doc.text) if doc.title and doc.title not in doc.text[:500]
                          else doc.text, "published": doc.published, "published_how": doc.published_how,
                          "language": doc.language, "kind": doc.kind, "meta": _j(doc.meta)})
        for i, m in enumerate(ms):
            seq += 1
            mention_rows.append(_mention_row(m, f"{doc_id}:{i}", seq, doc_id, load_id, "text", doc.published,
                                             doc.published_how, doc.source, doc.source_name, doc.url, doc.item))
    for r in res.records:
        seq += 1
        m = _record_mention(r, gaz)
        doc_id = _h(r.source, r.item)
        rep.published_how[r.published_how] = rep.published_how.get(r.published_how, 0) + 1
        mention_rows.append(_mention_row(m, f"{doc_id}:0", seq, doc_id, load_id, "record", r.published,
                                         r.published_how, r.source, r.source_name, r.urls[0] if r.urls else None,
                                         r.item, urls=r.urls))
    rep.rows = res.rows
    rep.documents = len(res.documents)
    rep.records = len(res.records)
    rep.mentions = len(mention_rows)
    rep.rejects = len(res.rejects)
    for rj in res.rejects:
        rep.reject_reasons[rj.reason] = rep.reject_reasons.get(rj.reason, 0) + 1
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO report_loads VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [load_id, res.path, res.sha256, res.size, res.format, res.encoding, source_name, published, now,
                     0.0, res.rows, rep.documents, rep.records, rep.rejects, rep.mentions])
        if docs_rows:
            _insert(con, "report_documents", pl.DataFrame(docs_rows, schema={
                "doc_id": pl.Utf8, "load_id": pl.Int32, "source": pl.Utf8, "source_name": pl.Utf8, "url": pl.Utf8,
                "item": pl.Utf8, "title": pl.Utf8, "text": pl.Utf8, "published": pl.Datetime("us"),
                "published_how": pl.Utf8, "language": pl.Utf8, "kind": pl.Utf8, "meta": pl.Utf8}))
        if res.rejects:
            _insert(con, "report_rejects", pl.DataFrame(
                {"load_id": [load_id] * len(res.rejects), "path": [r.path for r in res.rejects],
                 "item": [r.item for r in res.rejects], "reason": [r.reason for r in res.rejects],
                 "detail": [r.detail for r in res.rejects], "raw": [r.raw for r in res.rejects]},
                schema={"load_id": pl.Int32, "path": pl.Utf8, "item": pl.Utf8, "reason": pl.Utf8,
                        "detail": pl.Utf8, "raw": pl.Utf8}))
        if mention_rows:
            _insert(con, "incident_mentions", pl.DataFrame(mention_rows, schema=MENTION_SCHEMA))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _insert(con, table: str, df: pl.DataFrame) -> None:
    name = f"b_{table}"
    con.register(name, df.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in df.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}")
    finally:
        con.unregister(name)


def _mention_row(m: Mention, mid, seq, doc_id, load_id, kind, published, published_how, source, source_name, url,
                 item, urls=None) -> dict:
    notes = list(m.notes)
    if urls and len(urls) > 1:
        notes.append("urls: " + " ".join(urls))
    return {"mention_id": mid, "seq": seq, "doc_id": doc_id, "load_id": load_id, "kind": kind,
            "is_primary": m.primary, "type": m.type, "start": m.start, "end": m.end, "date_how": m.date_how,
            "lat": m.lat, "lon": m.lon, "place_id": (m.place or {}).get("place_id"),
            "place": _j(m.place) if m.place else None, "places": _j(m.places), "persons": _j(m.persons),
            "organisations": _j(m.organisations), "vessels": _j(m.vessels), "counts": _j(m.counts),
            "sanctions": _j(m.sanctions), "topics": _j(m.topics), "confidence": float(m.confidence),
            "sentence": m.sentence, "spans": _j(m.spans), "language": m.language, "published": published,
            "published_how": published_how, "source": source, "source_name": source_name, "url": url,
            "item": item, "notes": _j(notes)}


# ----------------------------------------------------------------------------- incidents
def rebuild_incidents(store, cfg=None) -> int:
    """Cluster every mention into incidents and replace the ``incidents`` table."""
    cfg = cfg or store.config
    rc = cfg.reports
    con = store.con
    ensure_tables(con)
    ms = con.execute("SELECT * FROM incident_mentions ORDER BY seq").pl()
    if ms.height == 0:
        con.execute("DELETE FROM incidents")
        return 0
    epoch = date(1970, 1, 1)
    days = np.asarray([(d - epoch).days if d is not None else -1 for d in ms["start"].to_list()], dtype=np.int64)
    lat = ms["lat"].fill_null(np.nan).to_numpy()
    lon = ms["lon"].fill_null(np.nan).to_numpy()
    kinds = []
    for p in ms["place"].to_list():
        k = json.loads(p).get("kind") if p else None
        kinds.append(k)
    specific = np.asarray([k not in (None, "country") for k in kinds], dtype=bool)
    rec_src = [s if k == "record" else None for s, k in zip(ms["source"].to_list(), ms["kind"].to_list())]
    labels = cluster(ms["type"].to_list(), days, lat, lon, ms["place_id"].to_list(), specific,
                     ms["sentence"].to_list(), ms["doc_id"].to_list(), rec_src, dedup_days=int(rc.dedup_days),
                     dedup_km=float(rc.dedup_km), sim=float(rc.dedup_text_similarity),
                     sim_alone=float(rc.dedup_text_similarity_alone),
                     ext_ids=[_ext_id(k, it) for k, it in zip(ms["kind"].to_list(), ms["item"].to_list())])
    rows = ms.to_dicts()
    groups: dict[int, list[dict]] = {}
    for lab, r in zip(labels.tolist(), rows):
        groups.setdefault(lab, []).append(r)
    out = [_aggregate(g) for g in groups.values()]
    df = pl.DataFrame(out, schema={
        "incident_id": pl.Utf8, "type": pl.Utf8, "start": pl.Date, "end": pl.Date, "lat": pl.Float64,
        "lon": pl.Float64, "place": pl.Utf8, "place_id": pl.Utf8, "country": pl.Utf8, "places": pl.Utf8,
        "persons": pl.Utf8, "organisations": pl.Utf8, "vessels": pl.Utf8, "counts": pl.Utf8, "sanctions": pl.Utf8,
        "topics": pl.Utf8, "sources": pl.Utf8, "confidence": pl.Float64, "n_sources": pl.Int32,
        "mention_ids": pl.Utf8, "mmsis": pl.Utf8, "notes": pl.Utf8})
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM incidents")
        _insert(con, "incidents", df)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return df.height


def _ext_id(kind: str, item: str | None) -> str | None:
    """A dataset row's own incident id (IOM Main ID, a CSV id column), not a line number."""
    if kind != "record" or not item or item.startswith(("line ", "item ", "entry ")):
        return None
    return item


def _union(lists: list[list[dict]], key) -> list[dict]:
    out, seen = [], set()
    for lst in lists:
        for x in lst:
            k = key(x)
            if k in seen:
                for y in out:  # merge ids found by another source
                    if key(y) == k:
                        for f in ("imo", "mmsi"):
                            if x.get(f) and not y.get(f):
                                y[f] = x[f]
                continue
            seen.add(k)
            out.append(dict(x))
    return out


def _aggregate(g: list[dict]) -> dict:
    from .textnorm import fold

    g = sorted(g, key=lambda r: r["seq"])
    anchor = g[0]
    L = lambda r, f: json.loads(r[f]) if r[f] else []  # noqa: E731
    starts = [r["start"] for r in g if r["start"] is not None]
    ends = [r["end"] or r["start"] for r in g if r["start"] is not None]

    def place_rank(r):
        p = json.loads(r["place"]) if r["place"] else None
        specific = p is not None and p.get("kind") not in (None, "country")
        return (specific, p is not None and p.get("place_id") is not None, r["kind"] == "record", r["confidence"])

    best = max(g, key=place_rank)
    place = json.loads(best["place"]) if best["place"] else None
    counts: dict[str, int] = {}
    for r in sorted(g, key=lambda r: (r["published"] or datetime.min)):
        for k, v in (json.loads(r["counts"]) if r["counts"] else {}).items():
            counts[k] = v
    vessels = _union([L(r, "vessels") for r in g], lambda x: fold(x.get("name") or ""))
    mmsis = sorted({a["mmsi"] for v in vessels for a in (v.get("ais") or [])})
    sources = []
    for r in g:
        sources.append({"source": r["url"] or r["source"], "file": r["source"], "source_name": r["source_name"],
                        "item": r["item"], "published": r["published"].isoformat() if r["published"] else None,
                        "published_how": r["published_how"], "language": r["language"], "sentence": r["sentence"],
                        "kind": r["kind"], "doc_id": r["doc_id"], "mention_id": r["mention_id"],
                        "date_how": r["date_how"], "confidence": r["confidence"]})
    conf = 1.0 - math.prod(1.0 - min(0.95, float(r["confidence"] or 0)) for r in g)
    notes = []
    for r in g:
        notes += [n for n in (json.loads(r["notes"]) if r["notes"] else []) if n not in notes]
    return {
        "incident_id": _h("incident", anchor["mention_id"]), "type": anchor["type"],
        "start": min(starts) if starts else None, "end": max(ends) if ends else None,
        "lat": best["lat"], "lon": best["lon"], "place": (place or {}).get("name"),
        "place_id": (place or {}).get("place_id"), "country": (place or {}).get("country"),
        "places": _j(_union([L(r, "places") for r in g], lambda x: x.get("place_id") or x.get("name"))),
        "persons": _j(_union([L(r, "persons") for r in g], lambda x: fold(x.get("name") or ""))),
        "organisations": _j(_union([L(r, "organisations") for r in g], lambda x: fold(x.get("name") or ""))),
        "vessels": _j(vessels), "counts": _j(counts),
        "sanctions": _j(sorted({s for r in g for s in L(r, "sanctions")})),
        "topics": _j(sorted({s for r in g for s in L(r, "topics")})), "sources": _j(sources),
        "confidence": round(min(0.99, conf), 3), "n_sources": len(g),
        "mention_ids": _j([r["mention_id"] for r in g]), "mmsis": _j(mmsis), "notes": _j(notes)}


# ----------------------------------------------------------------------------- queries
def _iso(v) -> str | None:
    if v is None:
        return None
    return v.isoformat()


def incident_record(r: dict) -> dict[str, Any]:
    """The contract record of an ``incidents`` row (seasentry incidents --format jsonl)."""
    places = json.loads(r["places"] or "[]")
    return {
        "incident_id": r["incident_id"], "type": r["type"], "start": _iso(r["start"]), "end": _iso(r["end"]),
        "lat": r["lat"], "lon": r["lon"], "place": r["place"],
        "places": [{"name": p.get("name"), "name_ar": p.get("name_ar"), "lat": p.get("lat"), "lon": p.get("lon"),
                    "country": p.get("country"), "place_id": p.get("place_id")} for p in places],
        "persons": json.loads(r["persons"] or "[]"), "organisations": json.loads(r["organisations"] or "[]"),
        "vessels": json.loads(r["vessels"] or "[]"), "counts": json.loads(r["counts"] or "{}"),
        "sanctions": json.loads(r["sanctions"] or "[]"),
        "sources": [{k: s.get(k) for k in ("source", "file", "source_name", "item", "published", "published_how",
                                          "language", "sentence", "kind")}
                    for s in json.loads(r["sources"] or "[]")],
        "confidence": r["confidence"], "topics": json.loads(r["topics"] or "[]"), "country": r.get("country"),
        "place_id": r.get("place_id"), "n_sources": r.get("n_sources"), "mmsis": json.loads(r.get("mmsis") or "[]"),
    }


def query_incidents(con, types: list[str] | None = None, start=None, end=None, near: tuple[float, float, float] | None
                    = None, bbox=None, mmsi: int | None = None, min_confidence: float | None = None,
                    limit: int | None = None, offset: int = 0, order: str = "asc") -> tuple[int, list[dict]]:
    """(total, contract records) of the incidents matching the filters, by start time."""
    if not has_register(con):
        return 0, []
    cond, args = [], []
    if types:
        cond.append(f"type IN ({', '.join('?' for _ in types)})")
        args += list(types)
    if start is not None:
        cond.append('"end" >= ?')
        args.append(_as_date(start))
    if end is not None:
        cond.append("start <= ?")
        args.append(_as_date(end))
    if bbox is not None:
        cond.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        args += [bbox[0], bbox[2], bbox[1], bbox[3]]
    if near is not None:
        la, lo, km = near
        cond.append("""2 * 6371.0088 * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(lat))
                       * pow(sin(radians(lon - ?) / 2), 2))) <= ?""")
        args += [la, la, lo, km]
    if mmsi is not None:
        cond.append("list_contains(CAST(json_extract(mmsis, '$') AS BIGINT[]), ?)")
        args.append(int(mmsi))
    if min_confidence is not None:
        cond.append("confidence >= ?")
        args.append(min_confidence)
    where = (" WHERE " + " AND ".join(cond)) if cond else ""
    total = con.execute(f"SELECT count(*) FROM incidents{where}", args).fetchone()[0]
    sql = f"SELECT * FROM incidents{where} ORDER BY start {'DESC' if order == 'desc' else 'ASC'} NULLS LAST, incident_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    res = con.execute(sql, args)
    cols = [d[0] for d in res.description]
    return int(total), [incident_record(dict(zip(cols, row))) for row in res.fetchall()]


def _as_date(v) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def get_incident(con, incident_id: str) -> dict | None:
    """The contract record plus every source's document text and highlight spans (incident page)."""
    if not has_register(con):
        return None
    res = con.execute("SELECT * FROM incidents WHERE incident_id = ?", [incident_id])
    cols = [d[0] for d in res.description]
    row = res.fetchone()
    if row is None:
        return None
    r = dict(zip(cols, row))
    rec = incident_record(r)
    mids = json.loads(r["mention_ids"] or "[]")
    full = []
    if mids:
        ms = con.execute("""SELECT m.mention_id, m.kind, m.spans, m.sentence, m.source, m.source_name, m.url,
                                   m.item, m.published, m.published_how, m.language, m.type, m.confidence,
                                   m.date_how, m.notes, d.text, d.title
                            FROM incident_mentions m LEFT JOIN report_documents d USING (doc_id)
                            WHERE m.mention_id IN (SELECT unnest(?)) ORDER BY m.seq""", [mids]).fetchall()
        for (mid, kind, spans, sentence, source, sname, url, item, pub, how, lang, typ, conf, date_how, notes, text,
             title) in ms:
            full.append({"mention_id": mid, "kind": kind, "spans": json.loads(spans or "[]"), "sentence": sentence,
                         "source": url or source, "file": source, "source_name": sname, "item": item,
                         "published": pub.isoformat() if pub else None, "published_how": how, "language": lang,
                         "type": typ, "confidence": conf, "date_how": date_how, "notes": json.loads(notes or "[]"),
                         "text": text if text is not None else sentence, "title": title})
    rec["source_documents"] = full
    rec["notes"] = json.loads(r.get("notes") or "[]")
    return rec


def register_summary(con) -> dict:
    if not has_register(con):
        return {"loads": 0, "documents": 0, "mentions": 0, "incidents": 0, "rejects": 0, "by_type": {}}
    one = lambda q: con.execute(q).fetchone()[0]  # noqa: E731
    return {"loads": one("SELECT count(*) FROM report_loads"), "documents": one("SELECT count(*) FROM report_documents"),
            "mentions": one("SELECT count(*) FROM incident_mentions"), "incidents": one("SELECT count(*) FROM incidents"),
            "rejects": one("SELECT count(*) FROM report_rejects"),
            "by_type": dict(con.execute("SELECT type, count(*) FROM incidents GROUP BY 1 ORDER BY 2 DESC").fetchall())}


def geojson(records: list[dict]) -> dict:
    feats = []
    for r in records:
        geom = None if r["lat"] is None or r["lon"] is None else {"type": "Point", "coordinates": [r["lon"], r["lat"]]}
        props = {k: v for k, v in r.items() if k not in ("lat", "lon")}
        feats.append({"type": "Feature", "id": r["incident_id"], "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "features": feats}
