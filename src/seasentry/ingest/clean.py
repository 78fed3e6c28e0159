"""Cleaning rules applied to decoded columns, shared by every decoder and the CSV readers.

Each rule, with its source:

* Not-available sentinels become nulls (ITU-R M.1371-5, Annex 8, tables for messages 1-3,
  18, 27): SOG 102.3 kn; COG 360.0 deg; true heading 511; latitude 91; longitude 181;
  time-stamp second 60 (not available), 61 (manual), 62 (dead reckoning), 63 (inoperative);
  type 27 SOG 63 kn and COG 511 deg; type 9 (SAR aircraft) SOG 1023 kn; type 5 ship type 0,
  IMO 0 and 1073741823 (2^30 - 1, the all-ones field some transponders send), empty call sign /
  name; the ETA "00-00T24:60" (month 0, day 0, hour 24, minute 60: every part not available,
  Table 47 of message 5).
* Rate of turn (Table 48, message 1): the decoders give ``rot`` in degrees/min only for ROT_AIS
  -126..126 and keep the broadcast value in ``rot_raw``; -128 (not available) and +-127
  (turning faster than 5 deg per 30 s, no turn indicator) have no rate (``rot`` null,
  ``rot_raw`` says which). A CSV rate of -128 is taken as not available.
* Ship type (Table 53): stored as broadcast (0..255, 0 = not available -> null); its ITU
  category is the ``ship_category`` column (:func:`ship_type_category`).
* Positions outside lat [-90, 90] / lon [-180, 180] (and not the sentinels) are invalid:
  the message is rejected as ``invalid_position``.
* MMSI: a 30-bit field, so values up to 1,073,741,823 can be sent; only nine-digit numbers
  (leading zeros included) that carry a MID are MMSIs: every ITU-R M.585 format puts the
  three-digit MID within the first five digits, the latest in a coast station's 00MIDxxxx, so a
  value below 1,000,000 (000xxxxxx: anonymised ids, test and factory values such as 1) carries
  none. 0..999,999 and values above 999,999,999 are ``invalid_mmsi`` rejects. A nine-digit
  MMSI whose MID is not allocated is kept (it is evidence: bogus MMSIs are a known smuggling
  practice) and marked ``mmsi_valid = false`` in ``vessels``.
* MMSI kinds per ITU-R M.585-9 Annex 1: ship (MIDXXXXXX), group of ships (0MIDXXXXX),
  coast/base station (00MIDXXXX), SAR aircraft (111MIDXXX), aid to navigation
  (99MIDXXXX), auxiliary craft (98MIDXXXX), handheld VHF (8MIDXXXXX), AIS-SART (970),
  MOB (972), EPIRB-AIS (974).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import numpy as np

from .._lazy import lazy

# imported on first use: the bulk ingest's workers (seasentry.ingest.fast reads the MMSI bounds
# and ship categories here) never load polars (~0.1 CPU s and ~20 MB per process)
pl = lazy("polars")

MMSI_MIN = 1_000_000  # 001000000: below it no MID can be read (module docstring)
MMSI_MAX = 999_999_999
INVALID_MMSI_DETAIL = f"MMSI must be {MMSI_MIN}..{MMSI_MAX} (nine digits with a MID, ITU-R M.585)"


def clean_positions(df: pl.DataFrame) -> pl.DataFrame:
    """Null the not-available sentinels (see module docstring). Keeps every row."""
    t = pl.col("msg_type")
    return df.with_columns(
        lat=pl.when((pl.col("lat") == 91.0)).then(None).otherwise(pl.col("lat")),
        lon=pl.when((pl.col("lon") == 181.0)).then(None).otherwise(pl.col("lon")),
        sog=pl.when(
            ((t == 27) & (pl.col("sog") >= 63.0))
            | ((t == 9) & (pl.col("sog") >= 1023.0))
            | ((t != 27) & (t != 9) & (pl.col("sog") >= 102.3 - 1e-6))
        ).then(None).otherwise(pl.col("sog")),
        cog=pl.when(pl.col("cog") >= 360.0).then(None).otherwise(pl.col("cog")),
        heading=pl.when(pl.col("heading") >= 360).then(None).otherwise(pl.col("heading")),
        # decoded AIS rates are already null for -128 / +-127 (decoders); -128 in a CSV is "not available"
        rot=pl.when((t == 0) & (pl.col("rot") <= -128.0)).then(None).otherwise(pl.col("rot")),
        second=pl.when(pl.col("second") >= 60).then(None).otherwise(pl.col("second")),
    ).with_columns(
        # a position with one coordinate missing is no position
        lat=pl.when(pl.col("lon").is_null()).then(None).otherwise(pl.col("lat")),
        lon=pl.when(pl.col("lat").is_null()).then(None).otherwise(pl.col("lon")),
    )


def invalid_position_mask(df: pl.DataFrame) -> pl.Series:
    """True where lat/lon are present but outside the valid ranges (after sentinel nulling)."""
    return (
        (pl.col("lat").abs() > 90.0) | (pl.col("lon").abs() > 180.0)
        | pl.col("lat").is_nan() | pl.col("lon").is_nan()
    ).fill_null(False)


def invalid_mmsi_expr() -> pl.Expr:
    return pl.col("mmsi").is_null() | (pl.col("mmsi") < MMSI_MIN) | (pl.col("mmsi") > MMSI_MAX)


def clean_statics(df: pl.DataFrame) -> pl.DataFrame:
    def s(col: str) -> pl.Expr:
        return (pl.col(col).str.strip_chars("@ ").str.replace_all(r"\s+", " ")
                .pipe(lambda e: pl.when(e == "").then(None).otherwise(e)))

    return df.with_columns(
        name=s("name"),
        callsign=s("callsign"),
        destination=s("destination"),
        imo=pl.when((pl.col("imo") <= 0) | (pl.col("imo") == IMO_NOT_AVAILABLE)).then(None).otherwise(pl.col("imo")),
        ship_type=pl.when(pl.col("ship_type") == 0).then(None).otherwise(pl.col("ship_type")),
        ship_category=ship_category_expr("ship_type"),
        draught=pl.when(pl.col("draught") <= 0).then(None).otherwise(pl.col("draught")),
        eta=pl.when(pl.col("eta") == ETA_NOT_AVAILABLE).then(None).otherwise(pl.col("eta")),
    )


# ---- ship type categories ------------------------------------------------------------------
#: IMO number field (message 5, ITU-R M.1371-5 Annex 8 Table 47): 0 = not available; the 30-bit
#: all-ones value 1073741823 is sent by transponders that were never given one (libais and
#: GPSD treat it as not available too).
IMO_NOT_AVAILABLE = (1 << 30) - 1
#: ETA of message 5 with every part "not available" (month 0, day 0, hour 24, minute 60).
ETA_NOT_AVAILABLE = "00-00T24:60"

#: second digit of Table 53: carrying dangerous goods, harmful substances or marine pollutants of
#: IMO hazard or pollutant category X, Y, Z or OS (earlier editions: A, B, C, D)
_HAZARD = ("all ships of this type", "hazardous cargo category X", "hazardous cargo category Y",
           "hazardous cargo category Z", "hazardous cargo category OS", "reserved", "reserved", "reserved", "reserved",
           "no additional information")


def _ship_categories() -> tuple[str | None, ...]:
    """Category of every ship type code 0..255 (ITU-R M.1371-5 Annex 8 Table 53): the first digit
    names the kind, the second the hazardous cargo category (or, for 3x and 5x, the activity).
    0 is "not available" (None); 1-19 and 25-29, 38-39, 45-48, 65-68, ... are reserved; 100-199
    reserved for regional use, 200-255 for future use."""
    second3 = ("fishing", "towing", "towing, length > 200 m or breadth > 25 m",
               "dredging or underwater operations", "diving operations", "military operations", "sailing",
               "pleasure craft", "reserved", "reserved")
    second5 = ("pilot vessel", "search and rescue vessel", "tug", "port tender", "anti-pollution equipment",
               "law enforcement", "local vessel (spare)", "local vessel (spare)", "medical transport",
               "noncombatant ship (RR Resolution No. 18)")
    first = {2: "wing in ground", 4: "high speed craft", 6: "passenger", 7: "cargo", 8: "tanker", 9: "other type"}
    out: list[str | None] = [None]
    for c in range(1, 256):
        d1, d2 = divmod(c, 10)
        if c >= 200:
            out.append("reserved (future use)")
        elif c >= 100:
            out.append("reserved (regional use)")
        elif c < 20:
            out.append("reserved")
        elif d1 == 3:
            out.append(second3[d2])
        elif d1 == 5:
            out.append(second5[d2])
        elif 5 <= d2 <= 8:
            out.append(f"{first[d1]}, reserved")
        else:
            out.append(f"{first[d1]}, {_HAZARD[d2]}")
    return tuple(out)


#: ``SHIP_CATEGORIES[code]``: the ITU category text of a ship type code (None for 0).
SHIP_CATEGORIES = _ship_categories()


def ship_type_category(code: int | None) -> str | None:
    """ITU-R M.1371-5 Table 53 category of a broadcast ship type code (None: 0 or no code)."""
    if code is None:
        return None
    try:
        c = int(code)
    except (TypeError, ValueError):
        return None
    return SHIP_CATEGORIES[c] if 0 <= c <= 255 else None


def ship_category_expr(col: str) -> pl.Expr:
    """Polars expression: the category of the ship type codes in ``col``."""
    return pl.col(col).cast(pl.Int64).replace_strict(list(range(256)), list(SHIP_CATEGORIES), default=None,
                                                      return_dtype=pl.String)


# ---- MMSI classification -------------------------------------------------------------------

@lru_cache(maxsize=1)
def mid_table() -> dict[int, tuple[str, str]]:
    """MID -> (ISO 3166-1 alpha-2, country name), from the shipped ITU MID tables."""
    out: dict[int, tuple[str, str]] = {}
    ref = resources.files("seasentry") / "data" / "reference"
    with (ref / "ais_mid_whitelist_mobiml.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                out[int(row["MID"])] = (row["Country Code"].strip(), row["Country Name"].strip())
            except (KeyError, ValueError):
                continue
    with (ref / "mid_libais.csv").open(encoding="utf-8") as f:  # fills any MID the first lacks
        for row in csv.DictReader(f):
            try:
                mid = int(row["prefix"])
            except (KeyError, ValueError):
                continue
            out.setdefault(mid, ("", row["country"].strip()))
    return out


KINDS = ("ship", "group", "coast_station", "sar_aircraft", "aton", "auxiliary", "handheld",
         "sart", "mob", "epirb", "unknown")


def classify_mmsi(mmsi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised MMSI kind and MID (ITU-R M.585-9). Returns (kind as object array, mid int32; 0 = none)."""
    m = np.asarray(mmsi, dtype=np.int64)
    kind = np.full(m.shape, "unknown", dtype=object)
    mid = np.zeros(m.shape, dtype=np.int32)
    d1 = m // 100_000_000  # first of nine digits
    top3 = m // 1_000_000
    top2 = m // 10_000_000

    def put(mask, name, mids):
        kind[mask] = name
        mid[mask] = mids[mask]

    put((d1 >= 2) & (d1 <= 7), "ship", top3)
    put((d1 == 0) & (top2 >= 1), "group", (m // 100_000) % 1000)
    put((top2 == 0) & (m >= 1_000_000), "coast_station", (m // 10_000) % 1000)
    put(top3 == 111, "sar_aircraft", (m // 1000) % 1000)
    put(top2 == 99, "aton", (m // 10_000) % 1000)
    put(top2 == 98, "auxiliary", (m // 10_000) % 1000)
    put((d1 == 8), "handheld", (m // 100_000) % 1000)
    put(top3 == 970, "sart", np.zeros_like(top3))
    put(top3 == 972, "mob", np.zeros_like(top3))
    put(top3 == 974, "epirb", np.zeros_like(top3))
    return kind, mid


def flag_of(mid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ISO2 flag or None, country name or None) per MID."""
    table = mid_table()
    iso = np.array([table.get(int(x), (None, None))[0] or None for x in mid], dtype=object)
    name = np.array([table.get(int(x), (None, None))[1] for x in mid], dtype=object)
    return iso, name
