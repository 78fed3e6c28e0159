"""`seasentry run --archive` against `seasentry run --db` on inputs shaped like the real corpora of
../shared/data (benchmarks/real_corpora_events.py --compare-archive, session 12): inputs that give
no position at all, and CSV exports handed to the archive."""

from __future__ import annotations

import json
from functools import reduce
from pathlib import Path

import duckdb
import pytest

from conftest import run_cli

#: GlobalFishingWatch/ais-tools @ 957b80e76e16fe3c9e8dc58fc3cce5629cc991e2 : sample/type8.nmea
#: (Apache-2.0; ../shared/data/ais_nmea/gfw_ais_tools/type8.nmea): its only line, a type 8
#: binary broadcast without time stamp -- an input with one "other" message and no position.
TYPE8 = "!AIVDM,1,1,,B,8Nj<9D0000ttt0<D04@<tt<8`H0H@@l44L`<40<@tT`<4T0`=h0,2*47\n"
BASE = "2020-01-01T00:00:00Z"


def _cs(body: str) -> str:
    return f"{reduce(lambda a, c: a ^ ord(c), body, 0):02X}"


def _nmea(body: str) -> str:
    return f"!{body}*{_cs(body)}"


def _store_counts(db) -> dict:
    c = duckdb.connect(str(db), read_only=True)
    try:
        return {"events": c.execute("SELECT count(*) FROM events").fetchone()[0],
                "vessels": c.execute("SELECT count(*) FROM vessels").fetchone()[0]}
    finally:
        c.close()


@pytest.mark.parametrize("text", [TYPE8, "not AIS at all\n!AIVDM,1,1,,B,15NG6V0P01G?cFhE`R2IU?wn28R>,0*00\n"],
                         ids=["only-a-type-8", "only-bad-lines"])
def test_run_archive_over_inputs_without_positions_ends_as_the_embedded_run(text, tmp_path):
    """Real corpora with no position (gfw type8.nmea, bad-tagblock-group.nmea, a lone type 5 with
    a bad checksum): the embedded run stores the message or the rejects and ends with no event;
    the archive run failed reading an archive without static reports (`No files found that match
    the pattern ".../statics/*/*.parquet"`, exit 1). Both now end the same way."""
    f = tmp_path / "in.nmea"
    f.write_text(text)
    emb = run_cli("run", f, "--db", tmp_path / "e.duckdb", "--base-time", BASE, "-q", check=False)
    arc = run_cli("run", f, "--archive", tmp_path / "arc", "--db", tmp_path / "a.duckdb", "--base-time", BASE, "-q",
                  check=False)
    assert emb.returncode == 0, emb.stderr_text
    assert arc.returncode == 0, arc.stderr_text
    assert "No files found" not in arc.stderr_text
    assert _store_counts(tmp_path / "a.duckdb") == _store_counts(tmp_path / "e.duckdb")
    # what the input gave is in the archive as in the store: the message, or every bad line
    c = duckdb.connect()
    e = duckdb.connect(str(tmp_path / "e.duckdb"), read_only=True)
    try:
        for table, sub in (("other_messages", "other"), ("rejects", "rejects")):
            want = e.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            files = list((tmp_path / "arc" / sub).glob("*.parquet"))
            got = c.execute(f"SELECT count(*) FROM read_parquet({[str(x) for x in files]})").fetchone()[0] if files else 0
            assert got == want, table
    finally:
        c.close()
        e.close()


NOAA_HEADER = ("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,"
               "Width,Draft,Cargo,TransceiverClass")


def _noaa_rows() -> list[str]:
    """NOAA MarineCadastre records (the format of
    ../shared/data/ais_csv/marinecadastre_AIS_2023_01_11_sample_aisdb.csv): three ships over 30 h
    (one silent for 20 h: a gap), a record repeated later in the file (the store keeps the first
    copy), a record whose MMSI is not a number and one with an invalid MMSI (rejects)."""
    rows = []
    for k, (mmsi, name, lat, lon) in enumerate(((367469070, "ST LOUIS", 35.0, 14.0),
                                                (538005989, "AMBER RAY", 34.5, 13.0),
                                                (215000818, "MARIE DE LOURDES V", 33.0, 12.5))):
        for h in range(0, 31):
            if k == 2 and 4 < h < 25:
                continue
            rows.append(f"{mmsi},2023-01-11T{h % 24:02d}:{k * 7:02d}:00".replace("2023-01-11", "2023-01-12" if h >= 24 else
                                                                              "2023-01-11")
                        + f",{lat + 0.05 * h:.4f},{lon + 0.05 * h:.4f},10.2,45.0,45.0,{name},IMO9135432,WDF4393,"
                        f"80,0,183,32,11.1,80,A")
    rows.insert(50, rows[3])  # heard again
    rows.insert(20, "abc,2023-01-11T03:00:00,35.1,14.1,10.2,45.0,45.0,X,,,80,0,1,1,1,80,A")
    rows.insert(30, "123,2023-01-11T03:00:00,35.1,14.1,10.2,45.0,45.0,X,,,80,0,1,1,1,80,A")
    return rows


def _archive_vs_store(arch: Path, adb: Path, edb: Path) -> None:
    """The archive's positions, statics and rejects (repeats removed as the engine reads them),
    and the events and vessels of `run --archive`'s store, equal the embedded store's."""
    from seasentry.distributed import archive as A

    pk = "mmsi, ts, lat, lon, sog, cog, msg_key, line_no, time_source"
    sk = "mmsi, ts, name, imo, callsign, ship_type, msg_key, line_no"
    c = duckdb.connect()
    try:
        got = {"positions": c.execute(f"SELECT {pk} FROM {A.dedup_relation(c, str(arch), 'positions', 30.0)} "
                                      f"ORDER BY ALL").fetchall(),
               "statics": c.execute(f"SELECT {sk} FROM {A.dedup_relation(c, str(arch), 'statics', 30.0)} "
                                    f"ORDER BY ALL").fetchall(),
               "rejects": c.execute(f"SELECT line_no, reason, raw FROM read_parquet('{arch}/rejects/*.parquet') "
                                    f"ORDER BY ALL").fetchall() if list(arch.glob("rejects/*.parquet")) else []}
    finally:
        c.close()
    e = duckdb.connect(str(edb), read_only=True)
    a = duckdb.connect(str(adb), read_only=True)
    try:
        want = {"positions": e.execute(f"SELECT {pk} FROM positions ORDER BY ALL").fetchall(),
                "statics": e.execute(f"SELECT {sk} FROM statics ORDER BY ALL").fetchall(),
                "rejects": e.execute("SELECT line_no, reason, raw FROM rejects ORDER BY ALL").fetchall()}
        for k in want:
            assert got[k] == want[k], k
        for q in ("SELECT * EXCLUDE (first_seen, last_seen) FROM vessels ORDER BY mmsi",
                  "SELECT * FROM events ORDER BY event_id"):
            assert a.execute(q).fetchall() == e.execute(q).fetchall(), q
    finally:
        a.close()
        e.close()


def test_csv_export_through_the_archive_equals_the_embedded_run(tmp_path):
    """A CSV export handed to `run --archive` was read as NMEA: every record rejected as `not_ais`
    (the NOAA sample: 1,001 rejects for 1,000 good positions), then the run failed on the archive
    without positions (exit 1); `--columns`/`--time-format` (the Suez queue CSV) were refused.
    The archive now reads CSV exports with the store's CSV code: the same positions, static
    reports, rejects (with their reasons), repeats removed (first copy kept), vessels and events."""
    rows = _noaa_rows()
    csv = tmp_path / "noaa.csv"
    csv.write_text("\ufeff" + NOAA_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    emb = run_cli("run", csv, "--db", tmp_path / "e.duckdb", "-q", check=False)
    arc = run_cli("run", csv, "--archive", tmp_path / "arc", "--db", tmp_path / "a.duckdb", "-q", check=False)
    assert emb.returncode == 0 and arc.returncode == 0, arc.stderr_text
    c = duckdb.connect(str(tmp_path / "e.duckdb"), read_only=True)
    n_pos, n_gap = (c.execute("SELECT count(*) FROM positions").fetchone()[0],
                    c.execute("SELECT count(*) FROM events WHERE type = 'gap'").fetchone()[0])
    reasons = sorted(r[0] for r in c.execute("SELECT reason FROM rejects").fetchall())
    c.close()
    assert n_pos == len(rows) - 3 and n_gap >= 1 and reasons == ["bad_record", "invalid_mmsi"]
    _archive_vs_store(tmp_path / "arc", tmp_path / "a.duckdb", tmp_path / "e.duckdb")
    # the case file from the archive shows the vessel's original records and the input's format,
    # as the one from the store (the archive's source record said "nmea" for a CSV input)
    run_cli("case", 215000818, "--db", tmp_path / "a.duckdb", "--archive", tmp_path / "arc", "--out", tmp_path / "a.html")
    run_cli("case", 215000818, "--db", tmp_path / "e.duckdb", "--out", tmp_path / "e.html")
    import html
    import re

    def evidence(f):
        t = html.unescape((tmp_path / f).read_text())
        return sorted(re.findall(r"215000818,2023-01-1[12]T[^<\n]*", t)), sorted(set(re.findall(r">(csv:[a-z_]+|nmea)<", t)))

    lines, fmt = evidence("e.html")
    assert len(lines) >= 5 and fmt and fmt[0].startswith("csv:")
    assert evidence("a.html") == (lines, fmt)


def test_mapped_csv_and_nmea_in_one_archive_run_equal_the_embedded_run(tmp_path):
    """The Suez queue CSV's shape (`ID,ais_pos_timestamp,longitude,latitude`, read with --columns
    and --time-format) beside an NMEA input: the options reach the archive's CSV reading; with
    --columns every input is a CSV for the store, so the NMEA file fails in both paths, with the
    same reason, and the CSV's records are stored by both."""
    d = tmp_path / "in"
    d.mkdir()
    lines = ["MMSI,ais_pos_timestamp,longitude,latitude"]
    for i in range(1, 4):
        for h in range(0, 12, 2):
            lines.append(f"{200000000 + i},20/03/2021 {h:02d}:{10 * i:02d},{32.30 + 0.01 * h:.4f},{31.20 + 0.002 * i:.4f}")
    (d / "a_queue.csv").write_text("\n".join(lines) + "\n")
    (d / "b_feed.nmea").write_text(f"\\c:1616198400*{_cs('c:1616198400')}\\" +
                                   _nmea("AIVDM,1,1,,B,15NG6V0P01G?cFhE`R2IU?wn28R>,0") + "\n")
    opts = ("--columns", "mmsi=MMSI,ts=ais_pos_timestamp,lon=longitude,lat=latitude",
            "--time-format", "%d/%m/%Y %H:%M", "-q")
    emb = run_cli("run", d, "--db", tmp_path / "e.duckdb", *opts, check=False)
    arc = run_cli("run", d, "--archive", tmp_path / "arc", "--db", tmp_path / "a.duckdb", *opts, check=False)
    assert emb.returncode == arc.returncode == 1, (emb.stderr_text, arc.stderr_text)
    for r in (emb, arc):
        assert "b_feed.nmea" in r.stderr_text + r.stdout_text and "not in the header" in r.stderr_text + r.stdout_text
    c = duckdb.connect(str(tmp_path / "e.duckdb"), read_only=True)
    assert c.execute("SELECT count(*) FROM positions").fetchone()[0] >= 18
    c.close()
    _archive_vs_store(tmp_path / "arc", tmp_path / "a.duckdb", tmp_path / "e.duckdb")
