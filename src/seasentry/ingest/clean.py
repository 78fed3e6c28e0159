"""Cleaning rules applied to decoded columns, shared by every decoder and the CSV readers.

Each rule, with its source:

* Not-available sentinels become nulls (ITU-R M.1371-5, Annex 8, tables for messages 1-3,
  18, 27): SOG 102.3 kn; COG 360.0 deg; true heading 511; latitude 91; longitude 181;
  time-stamp second 60 (not available), 61 (manual), 62 (dead reckoning), 63 (inoperative);
  rate of turn -128 (ROT_AIS, no information); type 27 SOG 63 kn and COG 511 deg;
  type 9 (SAR aircraft) SOG 1023 kn; type 5 ship type 0, IMO 0, empty call sign / name.
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
import polars as pl

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
        rot=pl.when(pl.col("rot") <= -128.0).then(None).otherwise(pl.col("rot")),
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
        imo=pl.when(pl.col("imo") <= 0).then(None).otherwise(pl.col("imo")),
        ship_type=pl.when(pl.col("ship_type") == 0).then(None).otherwise(pl.col("ship_type")),
        draught=pl.when(pl.col("draught") <= 0).then(None).otherwise(pl.col("draught")),
    )


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
