"""Decoded-AIS CSV exports, recognised by their header.

Supported (examples in shared/data/ais_csv):

``noaa``      NOAA MarineCadastre (``MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,...``)
``dma``       Danish Maritime Authority aisdk (``# Timestamp,Type of mobile,MMSI,...``), with or
              without a leading index column; text navigational status and ship type
``nari``      Brest/Ushant ``nari_dynamic.csv`` (``sourcemmsi,...,lon,lat,t`` epoch seconds)
``aisdb_sat`` the wide 150-column satellite export (``MMSI,Message_ID,...,Time,Millisecond,...``)
``generic``   any CSV whose columns can be mapped: by well-known names (mmsi, lat/latitude,
              lon/longitude, timestamp/time/datetime, sog/speed, cog/course, heading, name,
              imo, callsign ...) or by the user's ``--columns mmsi=ID,ts=When,...`` mapping
              and ``--time-format``.

Each record becomes a position row (when it has a position) and, when it carries identity
columns, a static row; consecutive identical identities of one MMSI are collapsed to the
first and last record of the run. Unreadable records are kept as rejects with the line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

import polars as pl

CANONICAL = ("mmsi", "ts", "lat", "lon", "sog", "cog", "heading", "nav_status", "rot", "msg_type",
             "name", "callsign", "imo", "ship_type", "length", "beam", "dim_bow", "dim_stern", "dim_port",
             "dim_starboard", "draught", "destination", "ais_class", "ms")


@dataclass
class CsvFormat:
    name: str
    columns: dict[str, str]  # canonical -> source column
    time_format: str | None = None  # strptime format; None = ISO 8601; "epoch" = seconds
    transforms: dict[str, str] = field(default_factory=dict)


NAV_STATUS_TEXT = {
    "under way using engine": 0, "at anchor": 1, "not under command": 2, "restricted manoeuverability": 3,
    "restricted maneuverability": 3, "constrained by her draught": 4, "moored": 5, "aground": 6,
    "engaged in fishing": 7, "under way sailing": 8, "reserved for future amendment [hsc]": 9,
    "reserved for future amendment [wig]": 10, "power-driven vessel towing astern": 11,
    "power-driven vessel pushing ahead or towing alongside": 12, "reserved for future use": 13,
    "ais-sart": 14, "unknown value": 15, "undefined": 15,
}
#: DMA text ship types -> ITU-R M.1371 type codes (first code of each class).
SHIP_TYPE_TEXT = {
    "wig": 20, "fishing": 30, "towing": 31, "towing long/wide": 32, "dredging": 33, "diving": 34,
    "military": 35, "sailing": 36, "pleasure": 37, "hsc": 40, "pilot": 50, "sar": 51, "tug": 52,
    "port tender": 53, "anti-pollution": 54, "law enforcement": 55, "medical": 58, "not party to conflict": 59,
    "passenger": 60, "cargo": 70, "tanker": 80, "other": 90,
}

#: IMO numbers that mean "not available": 0 (ITU-R M.1371-5, message 5) and 2^30 - 1 (the 30-bit
#: field with every bit set, broadcast by transponders never programmed with an IMO number).
IMO_NOT_AVAILABLE = (0, 2**30 - 1)

#: Transceiver class column values (lower case, without a leading "class ") -> the AIS message
#: type recorded for a CSV position of that class. Class A reports are types 1/2/3 (1 is stored:
#: the export does not say which), class B types 18/19 (18), base stations 4, aids to navigation
#: 21, SAR aircraft 9 (ITU-R M.1371-5, Table 1). Records of other or unknown classes keep 0.
CLASS_MSG_TYPE = {"a": 1, "b": 18, "base station": 4, "aton": 21, "sar airborne": 9, "sar aircraft": 9}

KNOWN = [
    CsvFormat("noaa", {"mmsi": "MMSI", "ts": "BaseDateTime", "lat": "LAT", "lon": "LON", "sog": "SOG",
                       "cog": "COG", "heading": "Heading", "name": "VesselName", "imo": "IMO",
                       "callsign": "CallSign", "ship_type": "VesselType", "nav_status": "Status",
                       "length": "Length", "beam": "Width", "draught": "Draft", "ais_class": "TransceiverClass"},
              time_format=None, transforms={"imo": "strip_imo_prefix", "nav_status": "float_int"}),
    CsvFormat("dma", {"ts": "# Timestamp", "ais_class": "Type of mobile", "mmsi": "MMSI", "lat": "Latitude",
                      "lon": "Longitude", "nav_status": "Navigational status", "rot": "ROT", "sog": "SOG",
                      "cog": "COG", "heading": "Heading", "imo": "IMO", "callsign": "Callsign", "name": "Name",
                      "ship_type": "Ship type", "beam": "Width", "length": "Length", "draught": "Draught",
                      "destination": "Destination"},
              time_format="%d/%m/%Y %H:%M:%S", transforms={"nav_status": "nav_text", "ship_type": "type_text"}),
    CsvFormat("nari", {"mmsi": "sourcemmsi", "nav_status": "navigationalstatus", "rot": "rateofturn",
                       "sog": "speedoverground", "cog": "courseoverground", "heading": "trueheading",
                       "lon": "lon", "lat": "lat", "ts": "t"}, time_format="epoch"),
    CsvFormat("aisdb_sat", {"mmsi": "MMSI", "msg_type": "Message_ID", "ts": "Time", "ms": "Millisecond",
                            "name": "Vessel_Name", "callsign": "Call_sign", "imo": "IMO", "ship_type": "Ship_Type",
                            "dim_bow": "Dimension_to_Bow", "dim_stern": "Dimension_to_stern",
                            "dim_port": "Dimension_to_port", "dim_starboard": "Dimension_to_starboard",
                            "draught": "Draught", "destination": "Destination", "nav_status": "Navigational_status",
                            "rot": "ROT", "sog": "SOG", "lon": "Longitude", "lat": "Latitude", "cog": "COG",
                            "heading": "Heading"}, time_format="%Y%m%d_%H%M%S"),
]

ALIASES = {
    "mmsi": ["mmsi", "sourcemmsi", "mmsi_number", "userid", "user_id"],
    "ts": ["ts", "timestamp", "basedatetime", "time", "datetime", "date_time", "t", "# timestamp",
           "ais_pos_timestamp", "received", "msgtime", "epoch"],
    "lat": ["lat", "latitude", "y"],
    "lon": ["lon", "long", "longitude", "lng", "x"],
    "sog": ["sog", "speed", "speedoverground", "speed_over_ground"],
    "cog": ["cog", "course", "courseoverground", "course_over_ground"],
    "heading": ["heading", "trueheading", "true_heading", "hdg"],
    "nav_status": ["nav_status", "navstatus", "status", "navigationalstatus"],
    "name": ["name", "vesselname", "shipname", "vessel_name", "ship_name"],
    "imo": ["imo", "imo_number", "imonumber"],
    "callsign": ["callsign", "call_sign"],
    "ship_type": ["ship_type", "shiptype", "vesseltype", "vessel_type"],
}


_NMEA_INSIDE = re.compile(r"[!$][A-Z]{2}VD[MO],|\\[a-z]:|\*[0-9A-Fa-f]{2}(,|$)")


class CsvFormatError(ValueError):
    pass


def _norm(h: str) -> str:
    return h.strip().strip("\ufeff").strip().lower()


def detect_format(header: list[str], mapping: dict[str, str] | None = None,
                  time_format: str | None = None) -> CsvFormat:
    """Pick the CSV format from the header; a user ``mapping`` forces the generic reader."""
    cols = [h.strip().strip("\ufeff") for h in header]
    if mapping:
        missing = [v for v in mapping.values() if v not in cols]
        if missing:
            raise CsvFormatError(f"--columns names {missing} not in the header {cols}")
        bad = [k for k in mapping if k not in CANONICAL]
        if bad:
            raise CsvFormatError(f"--columns: unknown field(s) {bad}; use: {', '.join(CANONICAL)}")
        return CsvFormat("generic", dict(mapping), time_format)
    for fmt in KNOWN:
        if all(v in cols for k, v in fmt.columns.items() if k in ("mmsi", "ts", "lat", "lon")):
            if all(v in cols for v in fmt.columns.values()):
                return fmt
            # an export of a known format without some of its optional columns (a NOAA file cut to
            # the columns a user needed, no Draft): the columns it has, read as that format
            return CsvFormat(fmt.name, {k: v for k, v in fmt.columns.items() if v in cols}, fmt.time_format,
                             dict(fmt.transforms))
    lower = {_norm(c): c for c in cols}
    found: dict[str, str] = {}
    for key, names in ALIASES.items():
        for n in names:
            if n in lower:
                found[key] = lower[n]
                break
    need = [k for k in ("mmsi", "ts", "lat", "lon") if k not in found]
    if need:
        raise CsvFormatError(
            f"cannot map CSV columns {need} from header {cols}; pass e.g. "
            f"--columns mmsi=ID,ts=Time,lat=Lat,lon=Lon [--time-format '%d/%m/%Y %H:%M']")
    return CsvFormat("generic", found, time_format)


def looks_like_csv_header(line: str) -> bool:
    if not line or line.lstrip().startswith(("!", "\\", "$")) or _NMEA_INSIDE.search(line):
        return False
    try:
        cols = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return False
    # three or more named columns and no NMEA: a CSV, known or not (an unknown one then fails
    # with a message asking for --columns instead of being read as junk NMEA)
    named = [c for c in cols if c.strip()]
    return len(named) >= 3 and len(named) >= len(cols) - 1  # DMA files may lead with an unnamed index


def parse_block(header: list[str], lines: list[str],
                fmt: CsvFormat) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """Parse data ``lines`` into canonical columns (strings cast to types).

    Returns the frame (one row per input line, in order; nothing is dropped) and the lines the
    csv module cannot read (a bare carriage return inside an unquoted field, ...) as (index in
    ``lines``, the csv error): their rows are empty, the caller keeps them as rejects.
    """
    ncol = len(header)
    rows: list[list[str]] = []
    unreadable: list[tuple[int, str]] = []

    def fit(rec: list[str]) -> list[str]:
        return (rec + [""] * (ncol - len(rec)))[:ncol] if len(rec) < ncol else rec[:ncol]

    try:
        for rec in csv.reader(lines):
            rows.append(fit(rec))
    except csv.Error:
        # one record the reader refuses would end the block: read it again line by line (slower,
        # only for such a block), each unreadable line an empty row and a reject
        rows = []
        for i, ln in enumerate(lines):
            try:
                rec = next(csv.reader([ln]), [])
            except csv.Error as exc:
                rec = []
                unreadable.append((i, str(exc)))
            rows.append(fit(rec))
    while len(rows) < len(lines):  # csv.reader merges nothing for our inputs; keep alignment safe
        rows.append([""] * ncol)
    cols = [h.strip().strip("\ufeff") for h in header]
    data = {c: [r[i] for r in rows] for i, c in enumerate(cols) if c in fmt.columns.values()}
    df = pl.DataFrame(data, schema={c: pl.String for c in data}) if rows else pl.DataFrame(
        schema={c: pl.String for c in data})
    return _canonical(df, fmt), unreadable


def _num(col: str) -> pl.Expr:
    e = pl.col(col).str.strip_chars()
    return pl.when(e.is_in(["", "None", "NaN", "nan", "Unknown", "-"])).then(None).otherwise(e).cast(
        pl.Float64, strict=False)


def _canonical(df: pl.DataFrame, fmt: CsvFormat) -> pl.DataFrame:
    m = fmt.columns
    out: dict[str, pl.Expr] = {}

    def src(k: str) -> str | None:
        return m.get(k)

    def num(k: str) -> pl.Expr:
        return _num(src(k)) if src(k) else pl.lit(None, pl.Float64)

    def text(k: str) -> pl.Expr:
        if not src(k):
            return pl.lit(None, pl.String)
        e = pl.col(src(k)).str.strip_chars()
        return pl.when(e.is_in(["", "None", "Unknown", "nan"])).then(None).otherwise(e)

    out["mmsi"] = num("mmsi").cast(pl.Int64, strict=False)
    # time
    t = pl.col(src("ts")).str.strip_chars()
    if fmt.time_format == "epoch":
        ts = (_num(src("ts")) * 1e6).cast(pl.Int64, strict=False).cast(pl.Datetime("us"))
    elif fmt.time_format:
        ts = t.str.to_datetime(fmt.time_format, strict=False, time_unit="us")
    else:
        ts = pl.coalesce(
            t.str.replace(r"Z$", "").str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", strict=False, time_unit="us"),
            t.str.replace(r"Z$", "").str.to_datetime("%Y-%m-%d %H:%M:%S%.f", strict=False, time_unit="us"),
            t.str.to_datetime("%d/%m/%Y %H:%M:%S", strict=False, time_unit="us"),
            t.str.to_datetime("%d/%m/%Y %H:%M", strict=False, time_unit="us"),
            (_num(src("ts")) * 1e6).cast(pl.Int64, strict=False).cast(pl.Datetime("us")),
        )
    if src("ms"):
        ts = ts + pl.duration(milliseconds=_num(src("ms")).fill_null(0).cast(pl.Int64))
    out["ts"] = ts
    for k in ("lat", "lon", "sog", "cog", "rot", "draught"):
        out[k] = num(k)
    # ITU-R M.1371-5 not-available values 91 / 181 become nulls, as for NMEA (clean.py): such a
    # record has no position (kept as an identity report when it has identity columns)
    out["lat"] = pl.when(out["lat"] == 91.0).then(None).otherwise(out["lat"])
    out["lon"] = pl.when(out["lon"] == 181.0).then(None).otherwise(out["lon"])
    out["heading"] = num("heading").cast(pl.Int16, strict=False)
    tr = fmt.transforms
    if tr.get("nav_status") == "nav_text":
        out["nav_status"] = text("nav_status").str.to_lowercase().replace_strict(
            NAV_STATUS_TEXT, default=None, return_dtype=pl.Int8)
    else:
        out["nav_status"] = num("nav_status").cast(pl.Int8, strict=False)
    if tr.get("ship_type") == "type_text":
        out["ship_type"] = text("ship_type").str.to_lowercase().replace_strict(
            SHIP_TYPE_TEXT, default=None, return_dtype=pl.Int16)
    else:
        out["ship_type"] = num("ship_type").cast(pl.Int16, strict=False)
    if tr.get("imo") == "strip_imo_prefix":
        imo = _num_expr(text("imo").str.replace(r"^IMO", "")).cast(pl.Int64, strict=False)
    else:
        imo = num("imo").cast(pl.Int64, strict=False)
    # IMO 0 (ITU-R M.1371-5: not available) and 2^30 - 1 (all bits set, sent by transponders as
    # "not available") are nulls
    out["imo"] = pl.when(imo.is_in(list(IMO_NOT_AVAILABLE))).then(None).otherwise(imo)
    for k in ("name", "callsign", "destination", "ais_class"):
        out[k] = text(k)
    if src("msg_type"):
        out["msg_type"] = num("msg_type").cast(pl.Int8, strict=False).fill_null(0)
    elif src("ais_class"):
        # the transceiver class (NOAA TransceiverClass, DMA "Type of mobile") gives the kind of
        # report: a record with a position gets the message type of that class (CLASS_MSG_TYPE),
        # so the vessel's AIS class, and base stations / AtoNs / SAR aircraft, are known as for NMEA
        has_pos = out["lat"].is_not_null() & out["lon"].is_not_null()
        cls = out["ais_class"].str.to_lowercase().str.replace(r"^class\s+", "")
        out["msg_type"] = pl.when(has_pos).then(
            cls.replace_strict(CLASS_MSG_TYPE, default=0, return_dtype=pl.Int8)).otherwise(pl.lit(0, pl.Int8))
    else:
        out["msg_type"] = pl.lit(0, pl.Int8)
    for k in ("dim_bow", "dim_stern", "dim_port", "dim_starboard"):
        out[k] = num(k).cast(pl.Int16, strict=False)
    if src("length") and not src("dim_bow"):  # length/width given: split as bow-only / port-only
        out["dim_bow"] = num("length").cast(pl.Int16, strict=False)
        out["dim_stern"] = pl.lit(0, pl.Int16)
    if src("beam") and not src("dim_port"):
        out["dim_port"] = num("beam").cast(pl.Int16, strict=False)
        out["dim_starboard"] = pl.lit(0, pl.Int16)
    raw_time = t
    res = df.select(**out, _raw_time=raw_time)
    return res


def _num_expr(e: pl.Expr) -> pl.Expr:
    return e.cast(pl.Float64, strict=False)
