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


def test_csv_export_is_refused_whole_by_the_archive_ingest(tmp_path):
    """A NOAA MarineCadastre export (the header and rows of
    ../shared/data/ais_csv/marinecadastre_AIS_2023_01_11_sample_aisdb.csv's format) handed to the
    archive was read as NMEA: every record rejected as `not_ais` (1,001 rejects for 1,000 good
    positions), then the run failed on the empty archive. The archive takes NMEA: the export is
    refused whole with the reason, nothing of it in the archive's rejects, as a binary input is,
    and the NMEA input beside it is ingested."""
    csv = tmp_path / "noaa.csv"
    csv.write_text("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,"
                   "Width,Draft,Cargo,TransceiverClass\n"
                   "367469070,2023-01-11T00:00:09,30.05,-90.45,0.0,360.0,511.0,ST LOUIS,IMO9135432,WDF4393,"
                   "31,0,30,10,3.0,31,A\n"
                   "538005989,2023-01-11T00:00:02,29.20,-94.37,11.6,237.5,237.0,AMBER RAY,IMO9464039,V7VQ4,"
                   "80,0,183,32,11.1,80,A\n")
    nmea = tmp_path / "feed.nmea"
    nmea.write_text(f"\\c:1577836800*{_cs('c:1577836800')}\\" + _nmea("AIVDM,1,1,,B,15NG6V0P01G?cFhE`R2IU?wn28R>,0") + "\n")
    arch = tmp_path / "arc"
    r = run_cli("ingest", csv, nmea, "--archive", arch, "--json", check=False)
    assert r.returncode == 1, r.stderr_text
    by = {Path(s["name"]).name: s for s in json.loads(r.stdout_text)["sources"]}
    assert by["noaa.csv"]["status"] == "failed"
    assert "CSV export" in by["noaa.csv"]["message"] and by["noaa.csv"]["rejects"] == 0
    assert by["feed.nmea"]["status"] == "complete" and by["feed.nmea"]["messages"] == 1
    assert "noaa.csv" in r.stderr_text and "CSV export" in r.stderr_text
    rej = list((arch / "rejects").glob("*.parquet"))
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet({[str(x) for x in rej]})").fetchone()[0] if rej else 0
    assert n == 0
    # `run --archive` with the export alone: refused, nothing detected, exit 1 with the reason
    r = run_cli("run", csv, "--archive", tmp_path / "arc2", "--db", tmp_path / "a.duckdb", "-q", check=False)
    assert r.returncode == 1
    assert "CSV export" in r.stdout_text + r.stderr_text and "No files found" not in r.stderr_text
