"""Readers of vessel-detection files (satellite SAR and optical, VIIRS night lights, coastal radar).

Recognised formats (``fmt`` names in the ingest log):

``ksat``        KSAT vessel-detection reports as delivered to Global Fishing Watch (RADARSAT-2):
                ``lon, lat, Name, Probability (percent), DetectionId, ProductStartTime,
                ProductStopTime, Polarization, Beam (width m), Length, Type, Heading, scene_id,
                footprint (WKT)``; the detection time is the middle of the product's window.
``skylight``    Skylight (AI2) Sentinel-1 / Sentinel-2 prediction CSVs: ``lon, lat, score,
                vessel_length_m, vessel_width_m, heading_bucket_0..15, vessel_speed_k, detect_id,
                scene_id`` ...; the image time is read from the ESA product name in ``scene_id``
                (``S1B_IW_GRDH_1SDV_20211130T025211_20211130T025236_...``: middle of the two;
                ``S2B_MSIL1C_20211102T061019_...``: the sensing start), the heading is the centre of
                the most probable of the 16 heading sectors.
``viirs``       the Skylight VIIRS detector's JSON response: ``acquisition_time``, ``filename``
                (the granule: scene id), ``frame_extents`` (the footprint), ``predictions[]`` with
                ``latitude, longitude, nanowatts ...`` (no length, no confidence).
``csv``         any CSV whose columns are found by name (aliases below) or mapped with
                ``--columns field=COLUMN,...`` (fields: :data:`FIELDS`), times ISO 8601 (any UTC
                offset), epoch seconds/milliseconds or ``--time-format``.
``geojson``     a FeatureCollection: Point features are detections (properties as CSV columns),
                Polygon/MultiPolygon features with a scene id are scene footprints.
``parquet``     a Parquet table, columns as CSV.

Footprints may come in a separate file (``--footprints``): GeoJSON polygons with a scene id
(and ``start``/``end``/``time`` properties), or a CSV with ``scene_id`` and a WKT
``footprint`` column (the KSAT report is one).

Nothing is dropped silently: a row that cannot be a detection is returned as a reject with its
line (record) number, reason (:data:`seasentry.detections.schema.REJECT_REASONS`), detail and raw
text. Confidence given in percent (any value above 1, e.g. KSAT's 20/50/75/100) is divided by 100.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import shapely

from . import schema as S

#: Canonical fields of a detection table (``--columns`` keys).
FIELDS = ("detection_id", "scene_id", "time", "start", "end", "lat", "lon", "length_m", "width_m",
          "heading_deg", "speed_kn", "confidence", "source", "sensor", "footprint", "pass_direction")

#: Column names recognised for each field (case-insensitive, first match wins).
ALIASES = {
    "detection_id": ["detection_id", "detectionid", "detect_id", "id", "uuid", "detection"],
    "scene_id": ["scene_id", "sceneid", "scene", "product_id", "product", "granule", "image_id", "filename"],
    "time": ["time", "ts", "timestamp", "datetime", "date_time", "detect_timestamp", "acquisition_time",
             "image_time", "detection_time", "time_utc"],
    "start": ["start", "scene_start", "productstarttime", "start_time", "acquisition_start"],
    "end": ["end", "scene_end", "productstoptime", "stop_time", "end_time", "acquisition_end"],
    "lat": ["lat", "latitude", "detect_lat", "y"],
    "lon": ["lon", "longitude", "lng", "long", "detect_lon", "x"],
    "length_m": ["length_m", "length", "vessel_length_m", "est_length", "length_meters", "sar_length"],
    "width_m": ["width_m", "width", "beam", "vessel_width_m"],
    "heading_deg": ["heading_deg", "heading", "course", "cog"],
    "speed_kn": ["speed_kn", "speed", "vessel_speed_k", "sog", "speed_knots"],
    "confidence": ["confidence", "score", "probability", "presence", "conf", "detection_score"],
    "source": ["source", "satellite", "mission", "platform", "sensor_name"],
    "sensor": ["sensor", "sensor_type"],
    "footprint": ["footprint", "footprint_wkt", "wkt", "geometry_wkt"],
    "pass_direction": ["pass_direction", "orbit_direction", "pass"],
}

_NULLS = {"", "none", "null", "nan", "na", "n/a", "-"}


class DetectionFormatError(ValueError):
    """A file that cannot be read as detections at all (the message says what to fix)."""


@dataclass
class ReadResult:
    fmt: str
    rows: int = 0
    detections: pl.DataFrame | None = None          # columns of schema.DETECTIONS minus source_id
    scenes: pl.DataFrame | None = None              # columns of schema.SCENES minus source_id
    rejects: dict = field(default_factory=lambda: {"line_no": [], "reason": [], "detail": [], "raw": []})
    warnings: list[str] = field(default_factory=list)

    def reject(self, line_no: int, reason: str, detail: str, raw: str) -> None:
        self.rejects["line_no"].append(int(line_no))
        self.rejects["reason"].append(reason)
        self.rejects["detail"].append(detail)
        self.rejects["raw"].append(raw[:2000] if raw else raw)

    @property
    def n_rejects(self) -> int:
        return len(self.rejects["line_no"])


# ------------------------------------------------------------------------------------------ sources
_SCENE_PATTERNS = [  # (regex on the scene id, source, sensor)
    (re.compile(r"^S1[ABCD]_", re.I), "sentinel-1", "sar"),
    (re.compile(r"^S2[ABCD]_", re.I), "sentinel-2", "optical"),
    (re.compile(r"^RS2_", re.I), "radarsat-2", "sar"),
    (re.compile(r"^RCM", re.I), "radarsat-constellation", "sar"),
    (re.compile(r"^(VJ1|VJ2|VNP|NPP|J01|J02)", re.I), "viirs", "viirs"),
    (re.compile(r"^(LC08|LC09|LO08|LO09)_", re.I), "landsat", "optical"),
]
_SOURCE_SENSOR = [  # (substring of a source name, sensor)
    ("sentinel-1", "sar"), ("sentinel1", "sar"), ("s1", "sar"), ("sar", "sar"), ("radarsat", "sar"),
    ("rs2", "sar"), ("rcm", "sar"), ("iceye", "sar"), ("capella", "sar"), ("terrasar", "sar"), ("cosmo", "sar"),
    ("sentinel-2", "optical"), ("sentinel2", "optical"), ("s2", "optical"), ("landsat", "optical"),
    ("optical", "optical"), ("planet", "optical"), ("viirs", "viirs"), ("dnb", "viirs"),
    ("radar", "radar"), ("coastal", "radar"), ("vts", "radar"),
]


def sensor_of(source: str | None, scene_id: str | None = None) -> str:
    """Sensor kind from a source name or, failing that, from an ESA/CSA/NOAA product name."""
    for sid in (scene_id, source):
        if sid:
            for rx, _, sensor in _SCENE_PATTERNS:
                if rx.search(str(sid)):
                    return sensor
    s = (source or "").lower()
    for key, sensor in _SOURCE_SENSOR:
        if key in s:
            return sensor
    return "other"


def source_of_scene(scene_id: str | None) -> str | None:
    if scene_id:
        for rx, source, _ in _SCENE_PATTERNS:
            if rx.search(str(scene_id)):
                return source
    return None


_T = r"(\d{8}T\d{6})"
_S1 = re.compile(rf"_{_T}_{_T}_")
_S2 = re.compile(rf"MSI\w*?_{_T}_")
_RS2 = re.compile(r"RS2_(\d{8})_(\d{6})_")
_VIIRS = re.compile(r"\.A(\d{4})(\d{3})\.(\d{4})\.")


def times_from_scene_id(scene_id: str | None) -> tuple[datetime | None, datetime | None]:
    """(start, end) encoded in a product name (naive UTC datetimes), or (None, None)."""
    if not scene_id:
        return None, None
    s = str(scene_id)

    def dt(x: str) -> datetime | None:
        try:
            return datetime.strptime(x, "%Y%m%dT%H%M%S")
        except ValueError:
            return None

    m = _S1.search(s)
    if m and not s.upper().startswith("S2"):
        return dt(m.group(1)), dt(m.group(2))
    m = _S2.search(s)
    if m:
        t = dt(m.group(1))
        return t, t
    m = _RS2.match(s)
    if m:
        t = dt(m.group(1) + "T" + m.group(2))
        return t, t
    m = _VIIRS.search(s)
    if m:
        y, doy, hm = int(m.group(1)), int(m.group(2)), m.group(3)
        try:
            t = datetime(y, 1, 1, int(hm[:2]), int(hm[2:])) + timedelta(days=doy - 1)
        except ValueError:
            return None, None
        return t, t
    return None, None


# ------------------------------------------------------------------------------------------ opening
def _open_text(path: Path) -> str:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise DetectionFormatError(f"{path}: cannot decompress: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def sniff(path: Path) -> str:
    """'parquet', 'json' or 'csv' from the file name and first bytes."""
    name = path.name.lower()
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head == b"PAR1" or name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".json", ".geojson", ".json.gz", ".geojson.gz")):
        return "json"
    return "csv"


def parse_columns(value: str | None) -> dict[str, str] | None:
    """``field=COLUMN,...`` -> mapping (fields of :data:`FIELDS`)."""
    if not value:
        return None
    m: dict[str, str] = {}
    for part in value.split(","):
        if "=" not in part:
            raise DetectionFormatError(f"--columns {part!r}: expected field=COLUMN, e.g. lat=Y,lon=X,time=When")
        k, v = (x.strip() for x in part.split("=", 1))
        if k not in FIELDS:
            raise DetectionFormatError(f"--columns: unknown field {k!r}; fields: {', '.join(FIELDS)}")
        m[k] = v
    return m


# ------------------------------------------------------------------------------------------ entry points
def read_detections(path: str | Path, source: str | None = None, columns: dict[str, str] | None = None,
                    time_format: str | None = None) -> ReadResult:
    """Read one detection file (any format above). Raises DetectionFormatError for a file that
    cannot be read at all (unknown columns, not JSON ...); bad rows become rejects."""
    p = Path(path)
    kind = sniff(p)
    if kind == "parquet":
        try:
            import pyarrow.parquet as pq
            frame = pl.from_arrow(pq.read_table(p))
        except Exception as exc:  # pyarrow raises several types for a broken file
            raise DetectionFormatError(f"{p}: not a readable Parquet file: {exc}") from None
        if not isinstance(frame, pl.DataFrame):
            raise DetectionFormatError(f"{p}: Parquet file holds no table")
        res = ReadResult("parquet")
        lines = list(range(2, frame.height + 2))
        raws = None
        return _from_frame(res, frame, lines, raws, source, columns, time_format, p)
    text = _open_text(p)
    if kind == "json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise DetectionFormatError(f"{p}: not valid JSON: {exc}") from None
        if isinstance(data, dict) and "predictions" in data:
            return _read_viirs([data], source, p)
        if isinstance(data, list) and data and all(isinstance(x, dict) and "predictions" in x for x in data):
            return _read_viirs(data, source, p)
        if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
            return _read_geojson(data, source, columns, time_format, p)
        raise DetectionFormatError(f"{p}: JSON is neither a GeoJSON FeatureCollection nor a VIIRS detector "
                                   f"response (with 'predictions')")
    return _read_csv(text, source, columns, time_format, p)


def read_footprints(path: str | Path) -> ReadResult:
    """Scenes (footprints, time windows) from a GeoJSON or CSV file."""
    p = Path(path)
    kind = sniff(p)
    res = ReadResult("footprints")
    if kind == "parquet":
        raise DetectionFormatError(f"{p}: footprints are read from GeoJSON or CSV (scene_id + WKT footprint)")
    text = _open_text(p)
    if kind == "json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise DetectionFormatError(f"{p}: not valid JSON: {exc}") from None
        if isinstance(data, dict) and "predictions" in data:  # a VIIRS response carries its frame
            r = _read_viirs([data], None, p)
            return ReadResult("footprints", rows=1, scenes=r.scenes)
        feats = data.get("features") if isinstance(data, dict) else None
        if data.get("type") == "Feature" if isinstance(data, dict) else False:
            feats = [data]
        if not isinstance(feats, list):
            raise DetectionFormatError(f"{p}: expected a GeoJSON FeatureCollection of scene footprints")
        recs = []
        for i, f in enumerate(feats, start=1):
            props = (f.get("properties") or {}) if isinstance(f, dict) else {}
            geom = f.get("geometry") if isinstance(f, dict) else None
            rec = {k: props.get(k) for k in props}
            rec["_geom"] = json.dumps(geom) if geom is not None else None
            rec["_line"] = i
            rec["_raw"] = json.dumps(f)[:2000]
            recs.append(rec)
        res.rows = len(recs)
        frame = pl.DataFrame([{k: (None if v is None else str(v)) for k, v in r.items() if not k.startswith("_")}
                              for r in recs], infer_schema_length=None) if recs else pl.DataFrame()
        geoms = [r["_geom"] for r in recs]
        return _scenes_from_frame(res, frame, [r["_line"] for r in recs], [r["_raw"] for r in recs], geoms, p)
    rows, lines, raws, header = _csv_rows(text, p)
    res.rows = len(rows)
    frame = pl.DataFrame({h: [r[i] for r in rows] for i, h in enumerate(header)},
                         schema={h: pl.String for h in header}) if rows else pl.DataFrame(
        schema={h: pl.String for h in header})
    return _scenes_from_frame(res, frame, lines, raws, None, p)


# ------------------------------------------------------------------------------------------ CSV
def _csv_rows(text: str, p: Path) -> tuple[list[list[str]], list[int], list[str], list[str]]:
    src_lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise DetectionFormatError(f"{p}: empty file") from None
    except csv.Error as exc:
        raise DetectionFormatError(f"{p}: header is not CSV: {exc}") from None
    header = [h.strip() for h in header]
    # unnamed first column (a pandas index) gets a name
    header = [h if h else f"_col{i}" for i, h in enumerate(header)]
    seen: dict[str, int] = {}
    for i, h in enumerate(header):  # duplicate names get a suffix
        if h in seen:
            seen[h] += 1
            header[i] = f"{h}_{seen[h]}"
        else:
            seen[h] = 0
    n = len(header)
    rows, lines, raws = [], [], []
    prev = reader.line_num
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rec = None
            err = str(exc)
        line = prev + 1
        prev = reader.line_num
        raw = "\n".join(src_lines[line - 1:prev]) if line - 1 < len(src_lines) else ""
        if rec is None:
            rows.append(None)
            raws.append(raw + f"\x00{err}")
        elif not any(c.strip() for c in rec):
            continue  # blank line
        else:
            rows.append(rec[:n] + [""] * (n - len(rec)) if len(rec) != n else rec)
            raws.append(raw)
        lines.append(line)
    return rows, lines, raws, header


def _read_csv(text: str, source, columns, time_format, p: Path) -> ReadResult:
    rows, lines, raws, header = _csv_rows(text, p)
    lower = {h.lower(): h for h in header}
    if columns is None and {"detectionid", "productstarttime"} <= set(lower):
        fmt = "ksat"
    elif columns is None and {"detect_id", "scene_id", "vessel_length_m"} <= set(lower):
        fmt = "skylight"
    else:
        fmt = "csv"
    res = ReadResult(fmt)
    bad = [i for i, r in enumerate(rows) if r is None]
    for i in bad:
        raw, _, err = raws[i].partition("\x00")
        res.reject(lines[i], "bad_record", f"CSV error: {err}", raw)
    keep = [i for i, r in enumerate(rows) if r is not None]
    rows = [rows[i] for i in keep]
    lines = [lines[i] for i in keep]
    raws = [raws[i] for i in keep]
    frame = pl.DataFrame({h: [r[i] for r in rows] for i, h in enumerate(header)},
                         schema={h: pl.String for h in header}) if rows else pl.DataFrame(
        schema={h: pl.String for h in header})
    res.rows = len(rows) + len(bad)
    return _from_frame(res, frame, lines, raws, source, columns, time_format, p)


# ------------------------------------------------------------------------------------------ GeoJSON
def _read_geojson(data: dict, source, columns, time_format, p: Path) -> ReadResult:
    feats = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    if not isinstance(feats, list):
        raise DetectionFormatError(f"{p}: 'features' is not a list")
    res = ReadResult("geojson")
    points, scene_feats = [], []
    for i, f in enumerate(feats, start=1):
        raw = json.dumps(f, ensure_ascii=False)[:2000] if not isinstance(f, str) else f
        if not isinstance(f, dict):
            res.reject(i, "bad_record", "feature is not an object", str(f)[:2000])
            continue
        g = f.get("geometry") or {}
        props = f.get("properties") or {}
        if not isinstance(props, dict):
            res.reject(i, "bad_record", "properties is not an object", raw)
            continue
        gt = g.get("type") if isinstance(g, dict) else None
        if gt in ("Polygon", "MultiPolygon"):
            scene_feats.append((i, props, g, raw))
            continue
        rec = {k: (None if v is None else (json.dumps(v) if isinstance(v, (dict, list)) else str(v)))
               for k, v in props.items()}
        if gt == "Point":
            c = g.get("coordinates")
            if isinstance(c, list) and len(c) >= 2:
                rec["lon"], rec["lat"] = str(c[0]), str(c[1])
            else:
                rec["lon"] = rec["lat"] = None
        elif gt is not None:
            res.reject(i, "bad_record", f"geometry type {gt} is neither a Point (detection) nor a Polygon (footprint)",
                       raw)
            continue
        rec["_line"], rec["_raw"] = i, raw
        points.append(rec)
    res.rows = len(feats)
    cols: list[str] = []
    for r in points:
        for k in r:
            if not k.startswith("_") and k not in cols:
                cols.append(k)
    frame = pl.DataFrame({c: [r.get(c) for r in points] for c in cols}, schema={c: pl.String for c in cols})
    out = _from_frame(res, frame, [r["_line"] for r in points], [r["_raw"] for r in points], source, columns,
                      time_format, p)
    if scene_feats:
        sres = ReadResult("footprints")
        cols = sorted({k for _, pr, _, _ in scene_feats for k in pr})
        sframe = pl.DataFrame({c: [None if pr.get(c) is None else str(pr.get(c)) for _, pr, _, _ in scene_feats]
                               for c in cols}, schema={c: pl.String for c in cols})
        sres = _scenes_from_frame(sres, sframe, [i for i, _, _, _ in scene_feats], [r for _, _, _, r in scene_feats],
                                  [json.dumps(g) for _, _, g, _ in scene_feats], p)
        for k in ("line_no", "reason", "detail", "raw"):
            out.rejects[k] += sres.rejects[k]
        out.scenes = merge_scenes(out.scenes, sres.scenes)
    return out


# ------------------------------------------------------------------------------------------ VIIRS
def _read_viirs(responses: list[dict], source, p: Path) -> ReadResult:
    res = ReadResult("viirs")
    recs, scene_rows = [], []
    k = 0
    for resp in responses:
        granule = str(resp.get("filename") or p.name)
        t = _parse_time_series(pl.Series([str(resp.get("acquisition_time") or "")]), None).to_list()[0]
        if t is None:
            t, _ = times_from_scene_id(granule)
        ring = resp.get("frame_extents")
        fp = None
        if isinstance(ring, list) and len(ring) >= 4:
            try:
                fp = shapely.Polygon([(float(x), float(y)) for x, y in ring]).wkt
            except (TypeError, ValueError, shapely.errors.GEOSException):
                fp = None
        src = source or ("viirs " + str(resp.get("satellite_name") or "")).strip()
        scene_rows.append({"scene_id": granule, "source": src, "start": t, "end": t, "footprint": fp,
                           "pass_direction": None})
        preds = resp.get("predictions") or []
        if not isinstance(preds, list):
            preds = []
        for pr in preds:
            k += 1
            raw = json.dumps(pr, ensure_ascii=False)[:2000]
            if not isinstance(pr, dict):
                res.reject(k, "bad_record", "prediction is not an object", raw)
                continue
            attrs = {a: pr.get(a) for a in ("nanowatts", "moonlight_illumination", "clear_sky_confidence",
                                             "meters_per_pixel", "orientation", "chip_path") if a in pr}
            recs.append({"lat": _s(pr.get("latitude")), "lon": _s(pr.get("longitude")), "scene_id": granule,
                         "time": None if t is None else t.isoformat(), "source": src, "sensor": "viirs",
                         "_attrs": json.dumps(attrs, ensure_ascii=False), "_line": k, "_raw": raw})
    res.rows = k
    cols = ["lat", "lon", "scene_id", "time", "source", "sensor"]
    frame = pl.DataFrame({c: [r[c] for r in recs] for c in cols}, schema={c: pl.String for c in cols})
    out = _from_frame(res, frame, [r["_line"] for r in recs], [r["_raw"] for r in recs], None,
                      {c: c for c in cols}, None, p, attrs=[r["_attrs"] for r in recs])
    sc = pl.DataFrame(scene_rows, schema={"scene_id": pl.String, "source": pl.String, "start": pl.Datetime("us"),
                                          "end": pl.Datetime("us"), "footprint": pl.String,
                                          "pass_direction": pl.String})
    out.scenes = merge_scenes(out.scenes, _finish_scenes(sc))
    return out


def _s(v) -> str | None:
    return None if v is None else str(v)


# ------------------------------------------------------------------------------------------ canonical frame
def _map_columns(frame: pl.DataFrame, columns: dict[str, str] | None, fmt: str, p: Path) -> dict[str, str]:
    cols = list(frame.columns)
    if columns:
        missing = [v for v in columns.values() if v not in cols]
        if missing:
            raise DetectionFormatError(f"{p}: --columns names {missing} not in the header {cols}")
        found = dict(columns)
    else:
        found = {}
    lower = {c.lower(): c for c in cols}
    for key, names in ALIASES.items():
        if key in found:
            continue
        for n in names:
            if n in lower and lower[n] not in found.values():
                found[key] = lower[n]
                break
    if fmt == "skylight":  # 'score' is the confidence; no other alias must catch 'orientation' etc.
        found.pop("heading_deg", None)
    need = [k for k in ("lat", "lon") if k not in found]
    if need:
        hint = ""
        if {"ssvid", "detect_id"} <= set(lower) and "lat" not in lower:
            hint = " (this looks like a SAR-AIS match table, not a detection table)"
        raise DetectionFormatError(
            f"{p}: cannot find the {' and '.join(need)} column(s) in {cols}{hint}; pass e.g. "
            f"--columns lat=Y,lon=X,time=When (fields: {', '.join(FIELDS)})")
    if not any(k in found for k in ("time", "start", "end", "scene_id")):
        raise DetectionFormatError(
            f"{p}: no time column (one of {ALIASES['time'][:6]} ...) and no scene id to read a time from, in "
            f"{cols}; pass --columns time=COLUMN [--time-format '%d/%m/%Y %H:%M']")
    return found


def _num(frame: pl.DataFrame, col: str | None) -> pl.Series:
    if col is None:
        return pl.Series([None] * frame.height, dtype=pl.Float64)
    s = frame[col]
    if s.dtype.is_numeric():
        return s.cast(pl.Float64)
    e = s.cast(pl.String).str.strip_chars()
    e = pl.Series(e).to_frame("v").select(
        pl.when(pl.col("v").str.to_lowercase().is_in(list(_NULLS))).then(None).otherwise(pl.col("v"))).to_series()
    return e.cast(pl.Float64, strict=False)


def _bad_num(frame: pl.DataFrame, col: str | None, parsed: pl.Series) -> pl.Series:
    """True where the column holds text that is not a number (present but unparseable)."""
    if col is None or frame[col].dtype.is_numeric():
        return pl.Series([False] * frame.height)
    raw = frame[col].cast(pl.String).str.strip_chars()
    present = raw.is_not_null() & ~raw.str.to_lowercase().is_in(list(_NULLS))
    return (present & parsed.is_null()).fill_null(False)


MAX_US = 7_258_118_400 * 1_000_000   # 2200-01-01: later (or negative) times are not image times


def _epoch_us(v: np.ndarray) -> pl.Series:
    """Epoch seconds (or milliseconds above 1e11) -> Datetime('us'); out of 1970-2200 -> null."""
    v = np.asarray(v, dtype=float)
    us = v * np.where(np.nan_to_num(v) > 1e11, 1e3, 1e6)
    ok = np.isfinite(us) & (us >= 0) & (us < MAX_US)
    return pl.Series(np.where(ok, us, 0).astype(np.int64)).cast(pl.Datetime("us")).zip_with(
        pl.Series(ok), pl.Series([None] * len(us), dtype=pl.Datetime("us")))


def _in_range(d: pl.Series) -> pl.Series:
    us = d.cast(pl.Datetime("us")).dt.epoch("us")
    return d.cast(pl.Datetime("us")).zip_with(((us >= 0) & (us < MAX_US)).fill_null(False),
                                               pl.Series([None] * len(d), dtype=pl.Datetime("us")))


def _parse_time_series(s: pl.Series, time_format: str | None) -> pl.Series:
    """Datetimes (naive UTC, null when unreadable) from strings, epoch numbers or datetime values."""
    if isinstance(s.dtype, pl.Datetime):
        d = s
        if getattr(s.dtype, "time_zone", None):
            d = s.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return _in_range(d)
    if isinstance(s.dtype, pl.Date):
        return _in_range(s.cast(pl.Datetime("us")))
    if s.dtype.is_numeric():
        return _epoch_us(s.cast(pl.Float64).fill_null(np.nan).to_numpy())
    e = s.cast(pl.String).str.strip_chars()
    if time_format:
        if time_format == "epoch":
            return _epoch_us(e.cast(pl.Float64, strict=False).fill_null(np.nan).to_numpy())
        d = e.str.to_datetime(time_format, strict=False, time_unit="us")
        if getattr(d.dtype, "time_zone", None):
            d = d.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return _in_range(d)
    n = e.str.replace(r"^(\d{4}-\d{2}-\d{2})T", "$1 ").str.replace(r"[Zz]$", "+00:00")
    n = n.str.replace(r"([+-]\d{2})(\d{2})$", "$1:$2")  # +0000 -> +00:00
    parts = []
    for fmt in ("%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M%:z"):
        parts.append(n.str.to_datetime(fmt, strict=False, time_unit="us", time_zone="UTC")
                     .dt.replace_time_zone(None))
    for fmt in ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S",
                "%d/%m/%Y %H:%M", "%Y%m%dT%H%M%S", "%Y%m%d_%H%M%S"):
        parts.append(n.str.to_datetime(fmt, strict=False, time_unit="us"))
    parts.append(_epoch_us(e.cast(pl.Float64, strict=False).fill_null(np.nan).to_numpy()))
    out = pl.DataFrame({f"p{i}": x for i, x in enumerate(parts)}).select(pl.coalesce(pl.all())).to_series()
    return _in_range(out)


def _stable_id(scene: str | None, t, lat, lon, source: str | None, line: int, path_name: str) -> str:
    key = f"{scene or ''}|{t}|{lat:.6f}|{lon:.6f}|{source or ''}" if lat == lat and lon == lon \
        else f"{path_name}|{line}"
    return "d" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _from_frame(res: ReadResult, frame: pl.DataFrame, lines: list[int], raws: list[str] | None, source,
                columns, time_format, p: Path, attrs: list[str] | None = None) -> ReadResult:
    n = frame.height
    if frame.width == 0 and n == 0:  # nothing but footprints (GeoJSON polygons)
        res.detections = pl.from_arrow(S.DETECTIONS.empty_table()).drop("source_id")
        res.scenes = res.scenes if res.scenes is not None else _empty_scenes()
        return res
    m = _map_columns(frame, columns, res.fmt, p)
    if n == 0:
        res.detections = pl.from_arrow(S.DETECTIONS.empty_table()).drop("source_id")
        res.scenes = res.scenes if res.scenes is not None else _empty_scenes()
        return res
    g = m.get

    def text(k):
        c = g(k)
        if c is None:
            return pl.Series([None] * n, dtype=pl.String)
        t = frame[c].cast(pl.String).str.strip_chars()
        return t.to_frame("v").select(pl.when(pl.col("v").str.to_lowercase().is_in(list(_NULLS))).then(None)
                                      .otherwise(pl.col("v"))).to_series()

    lat, lon = _num(frame, g("lat")), _num(frame, g("lon"))
    length, width = _num(frame, g("length_m")), _num(frame, g("width_m"))
    heading, speed = _num(frame, g("heading_deg")), _num(frame, g("speed_kn"))
    conf = _num(frame, g("confidence"))
    if res.fmt == "skylight":
        buckets = [c for c in (f"heading_bucket_{i}" for i in range(16)) if c in frame.columns]
        if len(buckets) == 16:
            hb = np.column_stack([_num(frame, c).fill_null(np.nan).to_numpy() for c in buckets])
            ok = np.isfinite(hb).all(axis=1)
            heading = pl.Series(np.where(ok, np.argmax(np.nan_to_num(hb, nan=-1), axis=1) * 22.5 + 11.25, np.nan)) \
                .fill_nan(None)
    cmax = conf.max()
    if cmax is not None and 1.0 < cmax <= 100.0:  # percent (KSAT Probability 20/50/75/100)
        conf = conf / 100.0
    scene = text("scene_id")
    t_row = _parse_time_series(frame[g("time")], time_format) if g("time") \
        else pl.Series([None] * n, dtype=pl.Datetime("us"))
    t_start = _parse_time_series(frame[g("start")], time_format) \
        if g("start") else pl.Series([None] * n, dtype=pl.Datetime("us"))
    t_end = _parse_time_series(frame[g("end")], time_format) \
        if g("end") else pl.Series([None] * n, dtype=pl.Datetime("us"))
    # times encoded in product names
    uniq = [x for x in scene.unique().to_list() if x is not None]
    from_name = {u: times_from_scene_id(u) for u in uniq}
    ns = pl.Series([from_name.get(x, (None, None))[0] if x is not None else None for x in scene.to_list()],
                   dtype=pl.Datetime("us"))
    ne = pl.Series([from_name.get(x, (None, None))[1] if x is not None else None for x in scene.to_list()],
                   dtype=pl.Datetime("us"))
    t_start = t_start.fill_null(ns)
    t_end = t_end.fill_null(ne)
    mid = pl.DataFrame({"a": t_start, "b": t_end}).select(
        (pl.col("a") + (pl.col("b").fill_null(pl.col("a")) - pl.col("a")) / 2)).to_series()
    t = t_row.fill_null(mid)
    src_col = text("source")
    if source:
        src = pl.Series([source] * n, dtype=pl.String)
    else:
        by_scene = pl.Series([source_of_scene(x) for x in scene.to_list()], dtype=pl.String)
        default = {"ksat": "radarsat-2"}.get(res.fmt)
        src = src_col.fill_null(by_scene)
        if default:
            src = src.fill_null(default)
        src = src.fill_null(p.stem)
    sens_col = text("sensor").str.to_lowercase()
    sens_col = sens_col.to_frame("v").select(pl.when(pl.col("v").is_in(list(S.SENSORS))).then(pl.col("v"))).to_series()
    cache: dict[tuple, str] = {}
    sens = []
    for s_, sc_ in zip(src.to_list(), scene.to_list()):
        key = (s_, sc_)
        if key not in cache:
            cache[key] = sensor_of(s_, sc_)
        sens.append(cache[key])
    sensor = sens_col.fill_null(pl.Series(sens, dtype=pl.String))

    # ---- validation (first reason wins)
    why = np.full(n, None, dtype=object)
    detail = np.full(n, None, dtype=object)

    def flag(mask, reason, text_):
        mask = np.asarray(mask.fill_null(False) if isinstance(mask, pl.Series) else mask, dtype=bool)
        new = mask & (why == None)  # noqa: E711
        why[new] = reason
        detail[new] = text_

    flag(lat.is_null() | lon.is_null() | lat.is_nan() | lon.is_nan(), "no_position",
         "latitude or longitude missing or not a number")
    flag(~(lat.is_between(-90, 90) & lon.is_between(-180, 180)), "invalid_position",
         "latitude must be within -90..90 and longitude within -180..180")
    flag(t.is_null(), "no_time", "no image time in the row and none in its scene (id or start/end columns)")
    for col, parsed, name in ((g("length_m"), length, "length"), (g("width_m"), width, "width"),
                              (g("heading_deg"), heading, "heading"), (g("speed_kn"), speed, "speed"),
                              (g("confidence"), conf, "confidence")):
        if col is not None and not (res.fmt == "skylight" and name == "heading"):
            flag(_bad_num(frame, col, _num(frame, col)), "bad_value", f"{name} ({col}) is not a number")
    flag(length.is_not_null() & ~length.is_between(0.0, 2000.0), "bad_value", "length outside 0-2000 m")
    flag(width.is_not_null() & ~width.is_between(0.0, 500.0), "bad_value", "width outside 0-500 m")
    flag(conf.is_not_null() & ~conf.is_between(0.0, 1.0), "bad_value", "confidence outside 0-1 (or 0-100 %)")
    flag(speed.is_not_null() & ~speed.is_between(0.0, 100.0), "bad_value", "speed outside 0-100 kn")
    ok = pl.Series(why == None)  # noqa: E711
    for i in np.flatnonzero(~ok.to_numpy()):
        res.reject(lines[i], str(why[i]), str(detail[i]), raws[i] if raws is not None else
                   json.dumps(frame.row(int(i), named=True), default=str)[:2000])

    # ---- ids, attributes
    ids = text("detection_id").to_list()
    la, lo, tl = lat.to_list(), lon.to_list(), t.to_list()
    sc_l, src_l = scene.to_list(), src.to_list()
    for i in range(n):
        if ids[i] is None:
            ids[i] = _stable_id(sc_l[i], tl[i], la[i] if la[i] is not None else float("nan"),
                                lo[i] if lo[i] is not None else float("nan"), src_l[i], lines[i], p.name)
    used = set(m.values())
    extra = [c for c in frame.columns if c not in used and not c.startswith("_col")]
    if attrs is None:
        if extra:
            attrs = [json.dumps({k: v for k, v in zip(extra, r) if v not in (None, "")}, ensure_ascii=False)
                     for r in frame.select(extra).iter_rows()]
        else:
            attrs = [None] * n
    det = pl.DataFrame({
        "detection_id": pl.Series(ids, dtype=pl.String), "scene_id": scene, "ts": t, "lat": lat, "lon": lon,
        "length_m": length, "width_m": width, "heading_deg": heading.cast(pl.Float64) % 360.0,
        "speed_kn": speed, "confidence": conf, "source": src, "sensor": sensor,
        "line_no": pl.Series(lines, dtype=pl.Int64), "attributes": pl.Series(attrs, dtype=pl.String),
        "_start": t_start, "_end": t_end, "_fp": text("footprint"), "_pass": text("pass_direction"),
    }).filter(ok)
    # detections without a scene id share a synthetic scene per (source, time to the second)
    det = det.with_columns(pl.col("scene_id").fill_null(
        pl.col("source") + pl.lit("_") + pl.col("ts").dt.strftime("%Y%m%dT%H%M%S")))
    # the same id twice in one file: the first is kept, the others rejected
    dup = det.select(pl.col("detection_id").is_duplicated() & ~pl.col("detection_id").is_first_distinct()).to_series()
    if dup.any():
        for r in det.filter(dup).iter_rows(named=True):
            i = lines.index(r["line_no"])
            res.reject(r["line_no"], "duplicate_id", f"detection id {r['detection_id']} appears earlier in the file",
                       raws[i] if raws is not None else "")
        det = det.filter(~dup)
    scenes = det.group_by("scene_id", maintain_order=True).agg(
        pl.col("source").first(), pl.col("_start").min().alias("start"), pl.col("_end").max().alias("end"),
        pl.col("ts").min().alias("_tmin"), pl.col("ts").max().alias("_tmax"),
        pl.col("_fp").drop_nulls().first().alias("footprint"), pl.col("_pass").drop_nulls().first().alias(
            "pass_direction"), pl.col("line_no").first().alias("_line"))
    scenes = scenes.with_columns(pl.col("start").fill_null(pl.col("_tmin")), pl.col("end").fill_null(pl.col("_tmax")))
    fp_ok = _valid_footprints(scenes["footprint"].to_list())
    for k, (sid, ok_, ln) in enumerate(zip(scenes["scene_id"].to_list(), fp_ok, scenes["_line"].to_list())):
        if not ok_:
            res.warnings.append(f"scene {sid}: footprint is not a valid WKT polygon (line {ln}); scene kept "
                                f"without a footprint")
    scenes = scenes.with_columns(pl.Series("footprint", [f if o else None for f, o in
                                                         zip(scenes["footprint"].to_list(), fp_ok)], dtype=pl.String))
    res.scenes = merge_scenes(res.scenes, _finish_scenes(scenes.drop("_tmin", "_tmax", "_line")))
    res.detections = det.drop("_start", "_end", "_fp", "_pass").with_columns(
        pl.col("heading_deg").fill_nan(None))
    return res


def _valid_footprints(values: list) -> list[bool]:
    out = []
    for v in values:
        if v is None:
            out.append(True)
            continue
        try:
            g = shapely.from_wkt(v) if not v.lstrip().startswith("{") else shapely.from_geojson(v)
            out.append(g is not None and g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty)
        except (shapely.errors.GEOSException, ValueError, TypeError):
            out.append(False)
    return out


def _empty_scenes() -> pl.DataFrame:
    return pl.from_arrow(S.SCENES.empty_table()).drop("source_id")


def _finish_scenes(sc: pl.DataFrame) -> pl.DataFrame:
    """Add the sensor, midpoint time, WKT footprint (GeoJSON converted), bbox, pass direction."""
    if sc.height == 0:
        return _empty_scenes()
    from .sar import pass_direction as _pd
    from .sar import track_heading_deg

    fps = sc["footprint"].to_list()
    wkt, bb = [], []
    for f in fps:
        g = None
        if f is not None:
            try:
                g = shapely.from_geojson(f) if f.lstrip().startswith("{") else shapely.from_wkt(f)
            except (shapely.errors.GEOSException, ValueError, TypeError):
                g = None
        if g is not None and (g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon")):
            g = None
        wkt.append(None if g is None else g.wkt)
        bb.append(shapely.bounds(g) if g is not None else (None,) * 4)
    sc = sc.with_columns(
        pl.Series("footprint", wkt, dtype=pl.String),
        pl.Series("min_lon", [b[0] for b in bb], dtype=pl.Float64),
        pl.Series("min_lat", [b[1] for b in bb], dtype=pl.Float64),
        pl.Series("max_lon", [b[2] for b in bb], dtype=pl.Float64),
        pl.Series("max_lat", [b[3] for b in bb], dtype=pl.Float64),
    )
    sc = sc.with_columns(pl.col("start").cast(pl.Datetime("us")), pl.col("end").cast(pl.Datetime("us")))
    sc = sc.with_columns(ts=pl.col("start") + (pl.col("end").fill_null(pl.col("start")) - pl.col("start")) / 2)
    sensors = [sensor_of(s, i) for s, i in zip(sc["source"].to_list(), sc["scene_id"].to_list())]
    sc = sc.with_columns(pl.Series("sensor", sensors, dtype=pl.String))
    # pass direction and satellite heading of SAR scenes (dawn-dusk orbits), from the scene centre
    cx = ((sc["min_lon"] + sc["max_lon"]) / 2).to_numpy()
    cy = ((sc["min_lat"] + sc["max_lat"]) / 2).to_numpy()
    ts = sc["ts"].dt.epoch("us").to_numpy().astype(float) / 1e6
    pd_given = sc["pass_direction"].cast(pl.String).str.to_lowercase().to_list()
    direction, heading = [], []
    est = _pd(ts, np.nan_to_num(cx, nan=0.0))
    for k in range(sc.height):
        d = pd_given[k]
        if d not in ("ascending", "descending"):
            d = est[k] if (sensors[k] == "sar" and np.isfinite(cx[k]) and np.isfinite(ts[k])) else None
        direction.append(d)
        heading.append(float(track_heading_deg(cy[k], d == "ascending")) if d and np.isfinite(cy[k]) else None)
    sc = sc.with_columns(pl.Series("pass_direction", direction, dtype=pl.String),
                         pl.Series("sat_heading_deg", heading, dtype=pl.Float64))
    return sc.select([f.name for f in S.SCENES if f.name != "source_id"])


def merge_scenes(a: pl.DataFrame | None, b: pl.DataFrame | None) -> pl.DataFrame:
    """Union of two scene frames; for a scene in both, known values of ``b`` fill ``a``'s gaps."""
    if a is None or a.height == 0:
        return b if b is not None else _empty_scenes()
    if b is None or b.height == 0:
        return a
    j = a.join(b, on="scene_id", how="full", suffix="_b", coalesce=True)
    base = ["source", "start", "end", "footprint", "pass_direction"]
    j = j.with_columns([pl.coalesce(pl.col(c), pl.col(f"{c}_b")).alias(c) for c in base])
    # sensor, time, bbox and satellite heading follow from the merged values
    return _finish_scenes(j.select(["scene_id", *base]))


def _scenes_from_frame(res: ReadResult, frame: pl.DataFrame, lines: list[int], raws: list[str],
                       geoms: list[str | None] | None, p: Path) -> ReadResult:
    n = frame.height
    lower = {c.lower(): c for c in frame.columns}

    def col(key):
        for a in ALIASES[key]:
            if a in lower:
                return lower[a]
        return None

    sid_c = col("scene_id")
    if sid_c is None:
        raise DetectionFormatError(f"{p}: footprints need a scene id column ({', '.join(ALIASES['scene_id'])})")
    fp_c = col("footprint")
    if geoms is None and fp_c is None:
        raise DetectionFormatError(f"{p}: footprints need a WKT 'footprint' column (or a GeoJSON file of polygons)")
    sid = frame[sid_c].cast(pl.String).str.strip_chars().to_list()
    fps = geoms if geoms is not None else frame[fp_c].cast(pl.String).to_list()
    valid = _valid_footprints(fps)

    def times(key):
        c = col(key)
        return _parse_time_series(frame[c], None).to_list() if c else [None] * n

    st, en, tt = times("start"), times("end"), times("time")
    src_c = col("source")
    pass_c = col("pass_direction")
    recs = {}
    for i in range(n):
        if not sid[i]:
            res.reject(lines[i], "bad_record", "footprint without a scene id", raws[i])
            continue
        if fps[i] is None or not valid[i]:
            res.reject(lines[i], "bad_footprint", f"scene {sid[i]}: footprint is missing or not a polygon", raws[i])
            continue
        if sid[i] in recs:
            continue  # the KSAT report repeats the footprint on every row of a scene
        s0, e0 = times_from_scene_id(sid[i])
        start = st[i] or tt[i] or s0
        end = en[i] or tt[i] or e0 or start
        recs[sid[i]] = {"scene_id": sid[i], "source": (frame[src_c][i] if src_c else None) or source_of_scene(sid[i]),
                        "start": start, "end": end, "footprint": fps[i],
                        "pass_direction": frame[pass_c][i] if pass_c else None}
    sc = pl.DataFrame(list(recs.values()), schema={"scene_id": pl.String, "source": pl.String,
                                                    "start": pl.Datetime("us"), "end": pl.Datetime("us"),
                                                    "footprint": pl.String, "pass_direction": pl.String})
    res.scenes = merge_scenes(res.scenes, _finish_scenes(sc))
    return res
