"""Hand-checked edge values of ITU-R M.1371-5 (Annex 8), through both decoders and the store.

Every payload here is built bit by bit from the message tables by a small encoder of this file
(not pyais, not seasentry), and the expected stored value is written out by hand from the
Recommendation: Table 48 (message 1: rate of turn, SOG, heading), Table 47 (message 5: IMO,
name padding, ETA, ship type), Table 53 (ship type codes), Table 84 (message 21: name and name
extension), Tables 85-86 (message 24 parts A and B). Each case is ingested with the fast
decoder and with the reference decoder (pyais bits + the spec fixes of seasentry.ingest.decode);
both stores must hold exactly the expected values.
"""

from __future__ import annotations

import pytest

import seasentry
from seasentry.ingest.clean import SHIP_CATEGORIES, ship_type_category
from seasentry.ingest.nmea import nmea_checksum

SIX = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?"
T0 = 1714521600


def bits_of(fields) -> str:
    """(width, value) fields -> bit string; a str value is 6-bit text (padded with "@")."""
    out = []
    for width, v in fields:
        if isinstance(v, str):
            assert width % 6 == 0 and len(v) <= width // 6, (width, v)
            v = v + "@" * (width // 6 - len(v))
            out.append("".join(format(SIX.index(c), "06b") for c in v))
        else:
            out.append(format(v & ((1 << width) - 1), f"0{width}b"))
    return "".join(out)


def armour(bits: str) -> tuple[str, int]:
    """Bit string -> (payload, fill bits)."""
    fill = (-len(bits)) % 6
    bits += "0" * fill
    chars = []
    for i in range(0, len(bits), 6):
        v = int(bits[i:i + 6], 2)
        chars.append(chr(v + 48 if v < 40 else v + 56))
    return "".join(chars), fill


def lines_for(bits: str, k: int) -> list[str]:
    """Tag-blocked sentence(s) of one message (two sentences when the payload is long)."""
    payload, fill = armour(bits)
    parts = [payload] if len(payload) <= 60 else [payload[:60], payload[60:]]
    out = []
    for i, p in enumerate(parts):
        f = fill if i == len(parts) - 1 else 0
        body = f"AIVDM,{len(parts)},{i + 1},{k % 10 if len(parts) > 1 else ''},A,{p},{f}"
        tb = f"c:{T0 + k}"
        if len(parts) > 1:
            tb += f",g:{i + 1}-{len(parts)}-{k}"
        out.append(f"\\{tb}*{nmea_checksum(tb):02X}\\!{body}*{nmea_checksum(body):02X}")
    return out


def msg1(mmsi, rot=-128, sog=0, heading=511, lon=181 * 600000, lat=91 * 600000, cog=3600, second=60, status=15):
    return bits_of([(6, 1), (2, 0), (30, mmsi), (4, status), (8, rot), (10, sog), (1, 0), (28, lon), (27, lat),
                    (12, cog), (9, heading), (6, second), (2, 0), (3, 0), (1, 0), (19, 0)])


def msg5(mmsi, imo=0, callsign="", name="", ship_type=0, eta=(0, 0, 24, 60), draught=0, dest=""):
    mo, d, h, mi = eta
    return bits_of([(6, 5), (2, 0), (30, mmsi), (2, 0), (30, imo), (42, callsign), (120, name), (8, ship_type),
                    (9, 10), (9, 20), (6, 3), (6, 4), (4, 1), (4, mo), (5, d), (5, h), (6, mi), (8, draught),
                    (120, dest), (1, 0), (1, 0)])


def msg19(mmsi, ship_type, name="CLASS B"):
    return bits_of([(6, 19), (2, 0), (30, mmsi), (8, 0), (10, 50), (1, 0), (28, 600000 * 14), (27, 600000 * 35),
                    (12, 900), (9, 90), (6, 10), (4, 0), (120, name), (8, ship_type), (9, 5), (9, 6), (6, 2), (6, 2),
                    (4, 1), (1, 0), (1, 0), (1, 0), (4, 0)])


def msg21(mmsi, name, ext_bits: str = ""):
    """Name field given as text (20 characters at most, "@" padded) and the raw extension bits."""
    return bits_of([(6, 21), (2, 0), (30, mmsi), (5, 1), (120, name), (1, 0), (28, 600000 * 12), (27, 600000 * 36),
                    (9, 0), (9, 0), (6, 0), (6, 0), (4, 1), (6, 10), (1, 0), (8, 0), (1, 0), (1, 0), (1, 0),
                    (1, 0)]) + ext_bits


def msg24a(mmsi, name):
    return bits_of([(6, 24), (2, 0), (30, mmsi), (2, 0), (120, name)])


def msg24b(mmsi, ship_type, callsign):
    return bits_of([(6, 24), (2, 0), (30, mmsi), (2, 1), (8, ship_type), (18, 0), (4, 0), (20, 0), (42, callsign),
                    (9, 12), (9, 3), (6, 2), (6, 2), (6, 0)])


def six(text: str) -> str:
    return "".join(format(SIX.index(c), "06b") for c in text)


# (id, bits, table, expected {column: value}); ids are the MMSIs (unique per case)
ROT = [  # Table 48: ROT_AIS = 4.733 sqrt(ROT_sensor) -> ROT_sensor = (ROT_AIS / 4.733)^2, sign = direction
    (0, 0.0), (1, (1 / 4.733) ** 2), (4, (4 / 4.733) ** 2), (-4, -(4 / 4.733) ** 2), (60, (60 / 4.733) ** 2),
    (-60, -(60 / 4.733) ** 2), (126, (126 / 4.733) ** 2), (-126, -(126 / 4.733) ** 2),
    (127, None), (-127, None), (-128, None),  # flags: +-127 no turn indicator, faster than 5 deg/30 s; -128 n/a
]
CASES = []
for k, (raw, want) in enumerate(ROT):
    CASES.append((201000000 + k, msg1(201000000 + k, rot=raw), "positions", {"rot": want, "rot_raw": raw}))
CASES += [
    (202000001, msg1(202000001, heading=511, sog=1023), "positions", {"heading": None, "sog": None}),
    (202000002, msg1(202000002, heading=359, sog=1022), "positions", {"heading": 359, "sog": 102.2}),
    (202000003, msg1(202000003, heading=0, sog=0, lon=600000 * 14, lat=600000 * 35, cog=0, second=0),
     "positions", {"heading": 0, "sog": 0.0, "lon": 14.0, "lat": 35.0, "cog": 0.0, "second": 0}),
    (202000004, msg1(202000004, second=61, cog=3600), "positions", {"second": None, "cog": None, "lat": None}),
    # ETA (Table 47): month 0 / day 0 / hour 24 / minute 60 = not available; hour 0 and minute 0 are times
    (203000001, msg5(203000001, eta=(0, 0, 24, 60)), "statics", {"eta": None}),
    (203000002, msg5(203000002, eta=(1, 2, 0, 0)), "statics", {"eta": "01-02T00:00"}),
    (203000003, msg5(203000003, eta=(12, 31, 23, 59)), "statics", {"eta": "12-31T23:59"}),
    (203000004, msg5(203000004, eta=(5, 10, 24, 60)), "statics", {"eta": "05-10T24:60"}),
    (203000005, msg5(203000005, eta=(0, 0, 0, 0)), "statics", {"eta": "00-00T00:00"}),
    (203000006, msg5(203000006, eta=(7, 0, 12, 0)), "statics", {"eta": "07-00T12:00"}),
    # IMO (Table 47): 0 not available; 2^30 - 1 (all ones) not available either
    (204000001, msg5(204000001, imo=0), "statics", {"imo": None}),
    (204000002, msg5(204000002, imo=(1 << 30) - 1), "statics", {"imo": None}),
    (204000003, msg5(204000003, imo=9074729), "statics", {"imo": 9074729}),
    # name padding: "@" pads; leading/trailing blanks and runs of blanks are cleaned
    (205000001, msg5(205000001, name="ALPHA@@@", callsign="AB12"), "statics", {"name": "ALPHA", "callsign": "AB12"}),
    (205000002, msg5(205000002, name="  BETA   GAMMA  "), "statics", {"name": "BETA GAMMA"}),
    (205000003, msg5(205000003, name="@" * 20, callsign="@@@@@@@", dest="@" * 20), "statics",
     {"name": None, "callsign": None, "destination": None}),
    (205000004, msg5(205000004, name="ABCDEFGHIJKLMNOPQRST", dest="VALLETTA"), "statics",
     {"name": "ABCDEFGHIJKLMNOPQRST", "destination": "VALLETTA"}),
    # message 21 (Table 84): the extension continues only a full 20-character name
    (992150001, msg21(992150001, "AHAAHA ROCKS NORTH@@", six(">S+>NG") + "00"), "statics",
     {"name": "AHAAHA ROCKS NORTH"}),
    (992150002, msg21(992150002, "IBC G BUOY@?????????", six("?????????") + "000000"), "statics",
     {"name": "IBC G BUOY"}),
    (992150003, msg21(992150003, "ABCDEFGHIJKLMNOPQRST", six(" EXT")), "statics", {"name": "ABCDEFGHIJKLMNOPQRST EXT"}),
    (992150004, msg21(992150004, "ABCDEFGHIJKLMNOPQRST", six(" EXT") + "00"), "statics",
     {"name": "ABCDEFGHIJKLMNOPQRST EXT"}),  # 2 spare bits: not a character
    (992150005, msg21(992150005, "ABCDEFGHIJKLMNOPQRST", six("XY") + "000000"), "statics",
     {"name": "ABCDEFGHIJKLMNOPQRSTXY"}),  # 6 spare bits = "@": the end of the extension
    (992150006, msg21(992150006, "ABCDEFGHIJKLMNOPQRST", six("12345678901234")), "statics",
     {"name": "ABCDEFGHIJKLMNOPQRST12345678901234"}),
    (992150007, msg21(992150007, "NORTH CARDINAL@@@@@@"), "statics", {"name": "NORTH CARDINAL"}),
    (992150008, msg21(992150008, "ABCDEFGHIJKLMNOPQRST"), "statics", {"name": "ABCDEFGHIJKLMNOPQRST"}),
    # message 24 parts A and B (Tables 85, 86)
    (206000001, msg24a(206000001, "PART A NAME"), "statics", {"part": 0, "name": "PART A NAME", "ship_type": None}),
    (206000002, msg24b(206000002, 37, "CALLB"), "statics",
     {"part": 1, "ship_type": 37, "callsign": "CALLB", "dim_bow": 12, "dim_stern": 3, "name": None,
      "ship_category": "pleasure craft"}),
]
# ship types 0..255 as broadcast (Table 53), in messages 5, 19 and 24 part B
for code in range(256):
    CASES.append((207000000 + code, msg5(207000000 + code, ship_type=code), "statics",
                  {"ship_type": code or None, "ship_category": SHIP_CATEGORIES[code]}))
for code in (0, 1, 19, 20, 38, 66, 77, 99, 100, 255):
    CASES.append((208000000 + code, msg19(208000000 + code, code), "statics",
                  {"ship_type": code or None, "ship_category": SHIP_CATEGORIES[code]}))
    CASES.append((209000000 + code, msg24b(209000000 + code, code, "C"), "statics",
                  {"ship_type": code or None, "ship_category": SHIP_CATEGORIES[code]}))


def test_category_table_spot_checks():
    """Table 53 read by hand."""
    assert ship_type_category(0) is None
    assert ship_type_category(1) == ship_type_category(19) == "reserved"
    assert ship_type_category(30) == "fishing"
    assert ship_type_category(38) == "reserved"
    assert ship_type_category(52) == "tug"
    assert ship_type_category(66) == "passenger, reserved"
    assert ship_type_category(77) == "cargo, reserved"
    assert ship_type_category(80) == "tanker, all ships of this type"
    assert ship_type_category(84) == "tanker, hazardous cargo category OS"
    assert ship_type_category(89) == "tanker, no additional information"
    assert ship_type_category(150) == "reserved (regional use)"
    assert ship_type_category(255) == "reserved (future use)"


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    d = tmp_path_factory.mktemp("spec")
    f = d / "edge.nmea"
    lines = []
    for k, (_, bits, _, _) in enumerate(CASES):
        lines += lines_for(bits, k)
    f.write_text("\n".join(lines) + "\n")
    out = {}
    for dec in ("fast", "pyais"):
        db = d / f"{dec}.duckdb"
        s = seasentry.open(db)
        rep = s.ingest([str(f)], decoder=dec)
        assert rep.sources[0].status == "complete"
        assert s.con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0
        out[dec] = {t: {r["mmsi"]: r for r in s.con.execute(f"SELECT * FROM {t}").pl().iter_rows(named=True)}
                    for t in ("positions", "statics")}
        s.close()
    return out


@pytest.mark.parametrize("decoder", ["fast", "pyais"])
def test_spec_edge_values(stores, decoder):
    got = stores[decoder]
    bad = []
    for mmsi, _, table, want in CASES:
        row = got[table].get(mmsi)
        assert row is not None, f"{mmsi} not stored in {table}"
        for col, v in want.items():
            g = row[col]
            ok = (g is None and v is None) or (g is not None and v is not None and (
                abs(g - v) <= 1e-4 * max(1.0, abs(v)) if isinstance(v, float) else g == v))
            if not ok:
                bad.append((mmsi, col, g, v))
    assert not bad, f"{len(bad)} values differ from the spec table (mmsi, column, got, want): {bad[:10]}"


def test_both_decoders_store_the_same_values(stores):
    for t in ("positions", "statics"):
        a, b = stores["fast"][t], stores["pyais"][t]
        assert a.keys() == b.keys()
        for k in a:
            assert a[k] == b[k], (t, k)
