"""Differential test: every message seasentry stores agrees with pyais decoding the original sentences.

pyais is run on its own (its NMEA parser and multipart assembly), on the raw text that the store
keeps for each message, and its fields, after the documented not-available -> null rules, must
equal the stored columns. Runs on the bundled fixtures and, when present, every shared corpus.

Deliberate differences, where pyais does not follow ITU-R M.1371-5 (Annex 8) and seasentry does
(the expected value is then computed from pyais' raw fields by the Recommendation's rule; the
edge values themselves are hand-checked in tests/test_decode_spec.py, and tests/test_decode_libais.py
compares with libais):

* ship type (Table 53): pyais' enum turns reserved codes (1-19, 38-39, 100-255) into 0 and 66 into
  65, 77 into 75; the store keeps the broadcast code (read from bits 232-239 / 263-270 here);
* message 21 name (Table 84): pyais appends the extension to any name and strips its leading
  blank; only a full 20-character name is continued (seasentry.ingest.decode.aton_name);
* rate of turn (Table 48): pyais rounds (raw / 4.733)^2 to whole degrees/min and returns 127 for
  the +-127 flags; the store has the unrounded rate and no rate for +-127 / -128 (``rot_raw``);
* IMO 1073741823 (all ones) is "not available", as 0.
"""

from __future__ import annotations

import math
import re

import pyais
import pytest
from pyais.messages import bit_vector

import seasentry
from conftest import AIS, SHARED, needs_shared
from seasentry.ingest.decode import aton_name, rot_from_raw

SENT = re.compile(r"![A-Z][A-Z0-9]VD[MO],[^*]*\*[0-9A-Fa-f]{2}")


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
    out = {"mmsi": d["mmsi"], "lat": lat, "lon": lon, "sog": sog, "cog": cog, "heading": hd, "second": sec}
    if t in (1, 2, 3):
        turn = d.get("turn")
        # pyais: round((raw / 4.733)^2), 127 for the flags; the store: the unrounded rate, none for flags
        out["rot_pyais"] = None if turn is None or abs(float(turn)) in (127.0, 128.0) else float(turn)
    return out


def strip(v):
    if v is None:
        return None
    v = re.sub(r"\s+", " ", str(v).strip("@ "))
    return v or None


def expected_static(d: dict, bits, nbits: int) -> dict:
    t = d["msg_type"]
    name = d.get("shipname") if t != 21 else aton_name(bits, nbits)  # Table 84 (pyais: name + name_ext)
    st = d.get("ship_type")
    if t == 5:
        st = bits.get(232, 8)  # the broadcast code (pyais' ShipType enum rewrites reserved codes)
    elif t == 19:
        st = bits.get(263, 8)
    imo = d.get("imo") if t == 5 else None
    return {"mmsi": d["mmsi"], "name": strip(name), "callsign": strip(d.get("callsign")),
            "imo": None if imo in (0, None, (1 << 30) - 1) else imo,
            "ship_type": (int(st) or None) if st is not None else None}


def close(a, b, tol=1e-4):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))
    return a == b


def check_store(db_path) -> tuple[int, int]:
    s = seasentry.open(db_path)
    raw = {k: r for k, r in s.con.execute("SELECT msg_key, raw FROM raw_messages").fetchall()}
    pos = s.con.execute("SELECT msg_key, msg_type, mmsi, lat, lon, sog, cog, heading, second, rot, rot_raw "
                        "FROM positions WHERE msg_type > 0").fetchall()
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
                msg = pyais.decode(*sentences)
                d = msg.asdict()
            except Exception:
                continue  # pyais cannot decode it: nothing to compare with
            payload = "".join(x.split(",")[5] for x in sentences)
            fill = int(sentences[-1].split(",")[6][0])
            bits = bit_vector(payload.encode(), fill)
            if kind == "pos":
                exp = expected_position(d)
                got = dict(zip(["mmsi", "lat", "lon", "sog", "cog", "heading", "second", "rot", "rot_raw"], row[2:]))
                if "rot_pyais" in exp:
                    raw_rot = bits.get_signed(42, 8)
                    want = rot_from_raw(raw_rot)
                    # the store's rate rounded as pyais rounds it is pyais' value
                    exp_r = exp.pop("rot_pyais")
                    ok = got["rot_raw"] == raw_rot and close(got["rot"], want) and (
                        (want is None and exp_r is None) or (want is not None and exp_r == round(abs(want)) * (1 if want >= 0 else -1)))
                    if not ok:
                        problems.append((raw[key][:120], {"rot": (got["rot"], got["rot_raw"], exp_r)}))
                got.pop("rot"), got.pop("rot_raw")
            else:
                exp = expected_static(d, bits, 6 * len(payload) - fill)
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
