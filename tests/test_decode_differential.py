"""Differential test: every message seasentry stores agrees with pyais decoding the original sentences.

pyais is run on its own (its NMEA parser and multipart assembly), on the raw text that the store
keeps for each message, and its fields, after the documented not-available -> null rules, must
equal the stored columns. Runs on the bundled fixtures and, when present, every shared corpus.
"""

from __future__ import annotations

import math
import re

import pyais
import pytest

import seasentry
from conftest import AIS, SHARED, needs_shared

SENT = re.compile(r"![A-Z]{2}VD[MO],[^*]*\*[0-9A-Fa-f]{2}")


def na(v, *sentinels):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    return None if v in sentinels else v


def expected_position(d: dict) -> dict:
    t = d["msg_type"]
    lat, lon = d.get("lat"), d.get("lon")
    if lat == 91.0 or lon == 181.0:
        lat = lon = None
    sog = d.get("speed")
    if sog is not None and ((t == 27 and sog >= 63) or (t == 9 and sog >= 1023) or (t not in (9, 27) and sog >= 102.3)):
        sog = None
    cog = d.get("course")
    cog = None if cog is None or cog >= 360 else cog
    hd = d.get("heading")
    hd = None if hd is None or int(hd) >= 360 else int(hd)
    sec = d.get("second")
    sec = None if sec is None or int(sec) >= 60 else int(sec)
    return {"mmsi": d["mmsi"], "lat": lat, "lon": lon, "sog": sog, "cog": cog, "heading": hd, "second": sec}


def strip(v):
    if v is None:
        return None
    v = re.sub(r"\s+", " ", str(v).strip("@ "))
    return v or None


def expected_static(d: dict) -> dict:
    t = d["msg_type"]
    name = d.get("shipname") if t != 21 else (d.get("name") or "") + (d.get("name_ext") or "")
    st = d.get("ship_type")
    return {"mmsi": d["mmsi"], "name": strip(name), "callsign": strip(d.get("callsign")),
            "imo": (d.get("imo") or None) if t == 5 else None, "ship_type": (int(st) or None) if st is not None else None}


def close(a, b, tol=1e-4):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))
    return a == b


def check_store(db_path) -> tuple[int, int]:
    s = seasentry.open(db_path)
    raw = {k: r for k, r in s.con.execute("SELECT msg_key, raw FROM raw_messages").fetchall()}
    pos = s.con.execute("SELECT msg_key, msg_type, mmsi, lat, lon, sog, cog, heading, second FROM positions "
                        "WHERE msg_type > 0").fetchall()
    sta = s.con.execute("SELECT msg_key, msg_type, mmsi, name, callsign, imo, ship_type FROM statics "
                        "WHERE msg_type > 0").fetchall()
    s.close()
    compared = mismatches = 0
    problems = []
    for rows, kind in ((pos, "pos"), (sta, "sta")):
        for row in rows:
            key = row[0]
            sentences = SENT.findall(raw[key])
            try:
                d = pyais.decode(*sentences).asdict()
            except Exception:
                continue  # pyais cannot decode it: nothing to compare with
            if kind == "pos":
                exp = expected_position(d)
                got = dict(zip(["mmsi", "lat", "lon", "sog", "cog", "heading", "second"], row[2:]))
            else:
                exp = expected_static(d)
                got = dict(zip(["name", "callsign", "imo", "ship_type"], row[3:7]))
                got["mmsi"] = row[2]
            compared += 1
            bad = {k: (got[k], exp[k]) for k in exp if not close(got[k], exp[k])}
            if bad:
                mismatches += 1
                problems.append((raw[key][:120], bad))
    assert not problems, f"{mismatches} of {compared} messages differ from pyais, e.g. {problems[:5]}"
    return compared, mismatches


def test_fixtures_agree_with_pyais(tmp_path):
    db = tmp_path / "s.duckdb"
    s = seasentry.open(db)
    files = [str(f) for f in sorted(AIS.iterdir()) if f.suffix not in (".md", ".csv")]
    s.ingest(files, base_time="2020-01-01T00:00:00Z")
    s.close()
    compared, _ = check_store(db)
    assert compared > 1500


@needs_shared
@pytest.mark.shared
def test_every_shared_corpus_agrees_with_pyais(tmp_path):
    db = tmp_path / "s.duckdb"
    s = seasentry.open(db)
    s.ingest([str(SHARED / "ais_nmea")], base_time="2020-01-01T00:00:00Z")
    s.close()
    compared, _ = check_store(db)
    assert compared > 30000
