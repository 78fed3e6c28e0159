"""The documented meaning of every reject reason is what the code does (issue 21).

* docs/ingest.md's "Rejects" table lists exactly the reasons of ``seasentry.schema.REJECT_REASONS``
  (what `seasentry ingest` prints beside its counts) with the same meaning, and every reason the
  compiled framer can produce is one of them;
* each reason is produced from an input that shows its meaning, through both NMEA decoders (fast
  and the pyais reference) and the CSV reader; and the boundary cases the meanings name are
  *not* rejects (latitude 91 / longitude 181 become nulls, MMSI 1,000,000 and 999,999,999 are
  kept).
"""

from __future__ import annotations

import re

import pytest
from pyais.encode import encode_dict

import seasentry
from conftest import ROOT
from seasentry.ingest.nmea import nmea_checksum
from seasentry.schema import REJECT_REASONS

DOC = ROOT / "docs" / "ingest.md"


def doc_table() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    part = text[text.index("## Rejects"):]
    part = part[:part.index("\n## ", 3)]
    rows = {}
    for line in part.splitlines():
        m = re.match(r"^\|\s*`([a-z_]+)`\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*$", line)
        if m:
            assert m.group(1) not in rows, f"{m.group(1)} twice in the table"
            rows[m.group(1)] = m.group(2).replace("`", "")
    return rows


def test_docs_table_is_the_code_table():
    rows = doc_table()
    assert set(rows) == set(REJECT_REASONS), (set(rows) ^ set(REJECT_REASONS))
    for reason, meaning in REJECT_REASONS.items():
        assert rows[reason] == meaning, reason


def test_every_reason_the_framer_can_give_is_documented():
    from seasentry.ingest.fast import REASONS

    assert set(REASONS) <= set(REJECT_REASONS), set(REASONS) - set(REJECT_REASONS)


# --------------------------------------------------------------------------- inputs per reason
def sentence(payload: str, fill: int = 0, cnt: int = 1, num: int = 1, seq: str = "") -> str:
    body = f"AIVDM,{cnt},{num},{seq},A,{payload},{fill}"
    return f"!{body}*{nmea_checksum(body):02X}"


def tag(t: int = 1714521600) -> str:
    body = f"s:test,c:{t}"
    return f"\\{body}*{nmea_checksum(body):02X}\\"


def pos(mmsi: int, lat: float = 35.0, lon: float = 14.0, t: int = 1714521600) -> str:
    (s,) = encode_dict({"type": 1, "mmsi": mmsi, "lat": lat, "lon": lon, "speed": 10.0, "course": 90.0},
                       radio_channel="A", talker_id="AI", sentence_type="VDM")
    return tag(t) + s


def _armour(bits: str) -> str:
    bits += "0" * (-len(bits) % 6)
    out = []
    for i in range(0, len(bits), 6):
        v = int(bits[i:i + 6], 2)
        out.append(chr(v + 48 if v < 40 else v + 56))
    return "".join(out)


def type24_part2() -> str:
    """A type 24 report with part number 2 (ITU-R M.1371-5 defines parts A = 0 and B = 1 only)."""
    bits = f"{24:06b}{0:02b}{244670316:030b}{2:02b}" + "0" * 128
    return tag() + sentence(_armour(bits))


NMEA_CASES = {
    "not_ais": ["$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", "junk that is no sentence"],
    "bad_checksum": [pos(215000818)[:-2] + ("00" if not pos(215000818).endswith("00") else "11")],
    "bad_format": [tag() + "!AIVDM,1,1,A,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*" +
                   f"{nmea_checksum('AIVDM,1,1,A,15NBj>PP1gG>1PVKTDTUJOv00<0M,0'):02X}"],
    "bad_tagblock": ["\\s:test,c:17145x*zz\\" + sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M"),
                     "\\s:test,cc1714521600*00\\" + sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M")],
    "empty_payload": [tag() + sentence("")],
    "bad_payload": [tag() + sentence("15NBj>PP1gG~1PVKTDTUJOv00<0M")],
    "bad_bitcount": [tag() + sentence("15NBj>PP")],
    "decode_error": [type24_part2()],
    "orphan_fragment": [tag() + sentence("58KvN<42ACikUKW77F1H4hF0<PTp622222222216`0`cF5BF0RT13H0T", cnt=2, num=1,
                                         seq="3")],
    "no_timestamp": [sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M")],
    "invalid_mmsi": [pos(5), pos(999_999), pos(1_000_000_000)],
    "invalid_position": [pos(215000818, lat=95.0), pos(215000819, lon=-185.0)],
    "line_too_long": [tag() + "X" * 5000],
}
#: what the meanings say is NOT a reject
NOT_REJECTED = [pos(1_000_000), pos(999_999_999), pos(215000820, lat=91.0, lon=181.0),
                # a dummy or wrong tag-block checksum alone
                "\\s:test,c:1714521600*00\\" + sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M"),
                f"\\s:test,c:1714521660*{nmea_checksum('s:test,c:1714521660') ^ 1:02X}\\"
                + sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M")]


def _ingest(tmp_path, name: str, lines: list[str], decoder: str = "fast", csv: bool = False):
    f = tmp_path / name
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / f"{name}.{decoder}.duckdb"
    s = seasentry.open(db)
    try:
        s.ingest([str(f)], decoder=decoder)
        rej = s.con.execute("SELECT reason, count(*) FROM rejects GROUP BY 1").fetchall()
        stored = s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0]
        pos_ = s.con.execute("SELECT mmsi, lat, lon FROM positions ORDER BY mmsi").fetchall()
    finally:
        s.close()
    return dict(rej), stored, pos_


@pytest.mark.parametrize("decoder", ["fast", "pyais"])
@pytest.mark.parametrize("reason", sorted(NMEA_CASES))
def test_nmea_input_gives_its_reason(tmp_path, reason, decoder):
    rej, stored, _ = _ingest(tmp_path, f"{reason}.nmea", NMEA_CASES[reason], decoder)
    assert rej == {reason: len(NMEA_CASES[reason])}, (reason, rej)
    assert stored == 0


@pytest.mark.parametrize("decoder", ["fast", "pyais"])
def test_documented_boundaries_are_not_rejects(tmp_path, decoder):
    rej, stored, positions = _ingest(tmp_path, "ok.nmea", NOT_REJECTED, decoder)
    assert rej == {} and stored == 5
    assert (1_000_000, 35.0, 14.0) in positions and (999_999_999, 35.0, 14.0) in positions
    assert (215000820, None, None) in positions  # 91/181: a position report without a position


CSV_HEAD = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width," \
           "Draft,Cargo,TransceiverClass"


def test_csv_records_give_their_reasons(tmp_path):
    rows = [
        "abc,2024-05-01T00:00:00,35.0,14.0,1,90,90,X,,,70,0,,,,,A",           # bad_record: MMSI
        "215000818,yesterday,35.0,14.0,1,90,90,X,,,70,0,,,,,A",               # bad_record: time
        "215000818,2024-05-01T00:01:00,,,1,90,90,,,,,0,,,,,A",                 # bad_record: nothing
        "5,2024-05-01T00:02:00,35.0,14.0,1,90,90,X,,,70,0,,,,,A",              # invalid_mmsi
        "215000818,2024-05-01T00:03:00,95.0,14.0,1,90,90,X,,,70,0,,,,,A",      # invalid_position
        # not rejects: 91/181 with a name is an identity report; MMSI 1,000,000 is kept
        "215000819,2024-05-01T00:04:00,91.0,181.0,102.3,360,511,NAMED,IMO1073741823,,70,0,,,,,B",
        "1000000,2024-05-01T00:05:00,35.0,14.0,1,90,90,LOW,IMO0,,70,0,,,,,A",
    ]
    f = tmp_path / "noaa.csv"
    f.write_text(CSV_HEAD + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    s = seasentry.open(tmp_path / "csv.duckdb")
    try:
        s.ingest([str(f)])
        rej = s.con.execute("SELECT reason, line_no, detail FROM rejects ORDER BY line_no").fetchall()
        st = s.con.execute("SELECT mmsi, name, imo FROM statics ORDER BY mmsi").fetchall()
        p = s.con.execute("SELECT mmsi, lat, lon FROM positions ORDER BY mmsi").fetchall()
        v = dict(s.con.execute("SELECT mmsi, ais_class FROM vessels").fetchall())
    finally:
        s.close()
    assert [(r, n) for r, n, _ in rej] == [("bad_record", 2), ("bad_record", 3), ("bad_record", 4),
                                           ("invalid_mmsi", 5), ("invalid_position", 6)], rej
    assert "1000000" in rej[3][2]  # the detail states the valid range
    # the 91/181 row has no position: kept as identity, its IMO 2^30-1 null ("not available")
    assert (215000819, "NAMED", None) in st and all(m != 215000819 for m, _, _ in p)
    assert (1000000, "LOW", None) in st and (1000000, 35.0, 14.0) in p
    assert v[1000000] == "A"  # TransceiverClass gives the AIS class


def test_known_csv_format_without_some_optional_columns_is_read(tmp_path):
    """A NOAA export cut to the columns its user needed (no Draft, no Cargo) is read as NOAA with the
    columns it has; it used to stop the whole run with an internal error (ColumnNotFoundError)."""
    head = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width," \
           "TransceiverClass"
    rows = ["215000818,2024-05-01T00:00:00,35.0,14.0,1,90,90,X,IMO9307839,,70,0,200,30,A",
            "215000818,2024-05-01T00:10:00,35.01,14.0,1,90,90,X,IMO9307839,,70,0,200,30,A"]
    f = tmp_path / "noaa_cut.csv"
    f.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    s = seasentry.open(tmp_path / "cut.duckdb")
    try:
        s.ingest([str(f)])
        n = s.con.execute("SELECT count(*) FROM positions").fetchone()[0]
        st = s.con.execute("SELECT DISTINCT mmsi, name, imo FROM statics").fetchall()
        rej = s.con.execute("SELECT count(*) FROM rejects").fetchone()[0]
    finally:
        s.close()
    assert n == 2 and rej == 0
    assert st == [(215000818, "X", 9307839)]
