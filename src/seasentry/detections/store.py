"""Detections in the store: tables, loading files (ingest log + rejects), queries.

Tables (created on first use, beside the AIS tables of :mod:`seasentry.store`):

``detection_scenes``   one row per scene (image): source, sensor, time window, footprint (WKT),
                       bbox, pass direction and satellite heading (schema.SCENES)
``detections``         one row per detection as read (schema.DETECTIONS)
``detection_results``  the outcome of matching, one row per detection (schema.RESULTS), replaced
                       by every detection run (``seasentry detect`` / ``run``), so late AIS
                       revises it
``detection_missed``   AIS vessels inside a footprint at image time that no detection matched
                       (schema.MISSED), replaced by every run

Every input file is logged in the AIS ingest log (``sources``, format ``detections:<fmt>`` or
``footprints``): a file already loaded (same SHA-256) is skipped unless ``force``. Rows that are
not detections go to the ``rejects`` table with the file, row (line) number, reason and raw text,
like AIS rejects (``seasentry rejects``).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa

from . import schema as S
from .readers import DetectionFormatError, read_detections, read_footprints

_DUCK = {pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.float64(): "DOUBLE", pa.string(): "VARCHAR",
         S.TS: "TIMESTAMP"}

DETECTION_SUFFIXES = (".csv", ".json", ".geojson", ".parquet", ".gz", ".txt", ".tsv")


def _ddl(name: str, sch: pa.Schema) -> str:
    cols = []
    for f in sch:
        if f.name == "candidates":
            cols.append('"candidates" STRUCT(mmsi BIGINT, distance_m DOUBLE, sigma_m DOUBLE, report_min DOUBLE, '
                        'length_m DOUBLE, score DOUBLE, why VARCHAR)[]')
        else:
            cols.append(f'"{f.name}" {_DUCK[f.type]}')
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(cols)})"


def ensure_tables(con) -> None:
    con.execute(_ddl("detection_scenes", S.SCENES))
    con.execute(_ddl("detections", S.DETECTIONS))
    con.execute(_ddl("detection_results", S.RESULTS))
    con.execute(_ddl("detection_missed", S.MISSED))
    # stores made before the column existed (appended last, as in the schema)
    con.execute("ALTER TABLE detection_missed ADD COLUMN IF NOT EXISTS track_id INTEGER")


def tables_exist(con) -> bool:
    n = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                    "('detections', 'detection_scenes', 'detection_results', 'detection_missed')").fetchone()[0]
    return n == 4


def has_detections(con) -> bool:
    try:
        return con.execute("SELECT count(*) FROM detections").fetchone()[0] > 0
    except Exception:  # no table: nothing loaded
        return False


# ------------------------------------------------------------------------------------------ loading
@dataclass
class FileReport:
    name: str
    kind: str                      # detections | footprints
    fmt: str = ""
    status: str = "complete"       # complete | skipped | failed
    message: str = ""
    rows: int = 0
    detections: int = 0
    duplicates: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    scenes: int = 0
    footprints: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class LoadReport:
    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0

    def total(self) -> dict:
        rej: dict[str, int] = {}
        for f in self.files:
            for k, v in f.rejects.items():
                rej[k] = rej.get(k, 0) + v
        return {"files": len(self.files), "rows": sum(f.rows for f in self.files),
                "detections": sum(f.detections for f in self.files),
                "duplicates": sum(f.duplicates for f in self.files), "rejects": sum(rej.values()),
                "rejects_by_reason": rej, "scenes": sum(f.scenes for f in self.files),
                "footprints": sum(f.footprints for f in self.files),
                "failed": sum(f.status == "failed" for f in self.files),
                "skipped": sum(f.status == "skipped" for f in self.files)}


def expand_inputs(paths) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        q = Path(p)
        if q.is_dir():
            out += sorted(x for x in q.rglob("*") if x.is_file() and x.name.lower().endswith(DETECTION_SUFFIXES))
        elif q.exists():
            out.append(q)
        else:
            raise DetectionFormatError(f"{q}: no such file or directory")
    return out


def _sha256(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_files(store, paths, source: str | None = None, footprints=(), columns: dict | None = None,
               time_format: str | None = None, force: bool = False) -> LoadReport:
    """Load detection files (and footprint files) into the store. Each file is one transaction."""
    t0 = time.perf_counter()
    ensure_tables(store.con)
    rep = LoadReport()
    for p in expand_inputs(footprints):
        rep.files.append(_load_one(store, p, "footprints", source, None, None, force))
    for p in expand_inputs(paths):
        rep.files.append(_load_one(store, p, "detections", source, columns, time_format, force))
    rep.seconds = time.perf_counter() - t0
    return rep


def _load_one(store, p: Path, kind: str, source, columns, time_format, force) -> FileReport:
    fr = FileReport(name=str(p), kind=kind)
    t0 = time.perf_counter()
    sha = _sha256(p)
    prev = store.find_source(sha, None)
    if prev is not None and prev["status"] == "complete" and not force:
        fr.status, fr.message = "skipped", f"already loaded as {prev['name']}"
        return fr
    try:
        res = read_footprints(p) if kind == "footprints" else read_detections(p, source, columns, time_format)
    except DetectionFormatError as exc:
        fr.status, fr.message = "failed", str(exc)
        return fr
    except OSError as exc:
        fr.status, fr.message = "failed", f"{p}: cannot read: {exc}"
        return fr
    fr.fmt = res.fmt if kind == "detections" else "footprints"
    fmt = f"detections:{fr.fmt}" if kind == "detections" else "footprints"
    c = store.con
    reuse = prev["source_id"] if prev is not None else None
    sid = store.begin_source(p.name, str(p.resolve()), None, sha, p.stat().st_size, fmt, "detections", None,
                             reuse_id=reuse)
    c.execute("BEGIN TRANSACTION")
    try:
        if reuse is not None:
            c.execute("DELETE FROM detections WHERE source_id = ?", [sid])
        dets = res.detections
        if dets is not None and dets.height:
            dets = dets.with_columns(pl.lit(sid, pl.Int32).alias("source_id"))
            dets = _dedupe_against_store(c, dets, res, fr)
            if dets.height:
                tab = dets.select([f.name for f in S.DETECTIONS]).to_arrow().cast(S.DETECTIONS)
                c.register("b_det", tab)
                c.execute("INSERT INTO detections SELECT * FROM b_det")
                c.unregister("b_det")
            fr.detections = dets.height
        if res.scenes is not None and res.scenes.height:
            fr.scenes = res.scenes.height
            fr.footprints = int(res.scenes["footprint"].is_not_null().sum())
            _upsert_scenes(c, res.scenes.with_columns(pl.lit(sid, pl.Int32).alias("source_id")))
        if res.n_rejects:
            rj = pa.table({"source_id": pa.array([sid] * res.n_rejects, pa.int32()),
                           "line_no": pa.array(res.rejects["line_no"], pa.int64()),
                           "reason": pa.array(res.rejects["reason"], pa.string()),
                           "detail": pa.array(res.rejects["detail"], pa.string()),
                           "raw": pa.array(res.rejects["raw"], pa.string())})
            c.register("b_rej", rj)
            c.execute("INSERT INTO rejects SELECT * FROM b_rej")
            c.unregister("b_rej")
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise
    for r in res.rejects["reason"]:
        fr.rejects[r] = fr.rejects.get(r, 0) + 1
    fr.rows = res.rows
    fr.warnings = res.warnings
    fr.seconds = time.perf_counter() - t0
    counts = {"lines": fr.rows, "messages": fr.rows, "stored": fr.detections if kind == "detections" else fr.scenes,
              "duplicates": fr.duplicates, "rejects": sum(fr.rejects.values()), "rejects_by_reason": fr.rejects,
              "scenes": fr.scenes, "footprints": fr.footprints, "warnings": fr.warnings}
    store.finish_source(sid, sha, counts, fr.seconds, fmt)
    return fr


def _dedupe_against_store(c, dets: pl.DataFrame, res, fr: FileReport) -> pl.DataFrame:
    """Drop rows already stored (same id and content: counted as duplicates); rows whose id is
    stored with other content become ``duplicate_id`` rejects."""
    c.register("b_ids", dets.select("detection_id", "scene_id", "ts", "lat", "lon").to_arrow())
    try:
        hit = c.execute("""SELECT b.detection_id,
                (d.scene_id IS NOT DISTINCT FROM b.scene_id AND d.ts = b.ts AND abs(d.lat - b.lat) < 1e-7
                 AND abs(d.lon - b.lon) < 1e-7) AS same, d.source_id
            FROM b_ids b JOIN detections d USING (detection_id)""").pl()
    finally:
        c.unregister("b_ids")
    if hit.height == 0:
        return dets
    same = set(hit.filter(pl.col("same"))["detection_id"].to_list())
    other = set(hit.filter(~pl.col("same"))["detection_id"].to_list()) - same
    fr.duplicates = len(same)
    if other:
        for r in dets.filter(pl.col("detection_id").is_in(list(other))).iter_rows(named=True):
            res.reject(r["line_no"], "duplicate_id", f"detection id {r['detection_id']} is already stored with "
                       f"another position or time", json.dumps({k: r[k] for k in ("detection_id", "scene_id", "lat",
                                                                                    "lon")}, default=str))
    return dets.filter(~pl.col("detection_id").is_in(list(same | other)))


def _upsert_scenes(c, sc: pl.DataFrame) -> None:
    """Insert new scenes; a scene already stored is merged with the new values (a footprint file
    after the detections fills the footprint, and the pass direction and heading follow)."""
    from .readers import merge_scenes

    c.register("b_ids", sc.select("scene_id").to_arrow())
    try:
        old = c.execute("SELECT * FROM detection_scenes WHERE scene_id IN (SELECT scene_id FROM b_ids)").pl()
    finally:
        c.unregister("b_ids")
    cols = [f.name for f in S.SCENES if f.name != "source_id"]
    merged = merge_scenes(old.select(cols), sc.select(cols)) if old.height else sc.select(cols)
    src = sc.select("scene_id", "source_id")
    if old.height:
        src = old.select("scene_id", "source_id").vstack(src).unique("scene_id", keep="first", maintain_order=True)
    merged = merged.join(src, on="scene_id", how="left")
    tab = merged.select([f.name for f in S.SCENES]).to_arrow().cast(S.SCENES)
    c.register("b_sc", tab)
    try:
        c.execute("DELETE FROM detection_scenes WHERE scene_id IN (SELECT scene_id FROM b_sc)")
        c.execute("INSERT INTO detection_scenes SELECT * FROM b_sc")
    finally:
        c.unregister("b_sc")
