"""End-to-end ingest through the CLI, as a user runs it."""

from __future__ import annotations

import bz2
import gzip
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import polars as pl
import pytest

import seasentry
from conftest import AIS, SHARED, cli_json, needs_shared, run_cli
from seasentry.ingest.nmea import nmea_checksum

STATS_KEYS = {"messages", "positions", "static_reports", "vessels", "rejects", "messages_by_type",
              "rejects_by_reason", "first_time", "last_time"}


def test_ingest_stats_vessels_track(db, tmp_path):
    p = run_cli("ingest", AIS / "exact-earth-with-tag-block.txt", AIS / "norwegian.raw", db=db)
    assert "ingest summary" in p.stdout_text and "messages by type" in p.stdout_text
    s = cli_json("stats", "--format", "json", db=db)
    assert STATS_KEYS <= s.keys()
    # 175: the 14 !B1VDM / !B2VDM sentences of the Norwegian feed are AIS (169 when they were not_ais)
    assert s["messages"] == 200 + 175 and s["rejects"] == sum(s["rejects_by_reason"].values())
    assert s["rejects_by_reason"]["no_timestamp"] == 26  # Norwegian lines without a tag block
    assert s["first_time"].endswith("Z") and s["messages_by_type"]["5"] > 20
    # search by name, MMSI, call sign, IMO
    v = seasentry.open(db).vessels()
    named = v.filter(pl.col("name").is_not_null() & pl.col("imo").is_not_null()).row(0, named=True)
    for q in (named["name"][:5], str(named["mmsi"]), str(named["imo"]), named["callsign"]):
        out = run_cli("vessels", "--search", q, "--format", "json", db=db).stdout_text
        assert str(named["mmsi"]) in out, q
    # the flag comes from the MID table shipped in the package
    norway = v.filter(pl.col("mmsi").is_between(257_000_000, 257_999_999)).row(0, named=True)
    assert norway["flag"] == "NO" and norway["mmsi_kind"] == "ship"
    mmsi = v.sort("positions", descending=True).row(0, named=True)["mmsi"]
    gj = json.loads(run_cli("track", mmsi, "--format", "geojson", db=db).stdout_text)
    assert gj["type"] == "FeatureCollection" and gj["features"][0]["geometry"]["type"] == "LineString"
    csv = run_cli("track", mmsi, "--format", "csv", db=db).stdout_text
    assert csv.splitlines()[0].startswith("mmsi,ts,lat,lon")
    pq = tmp_path / "t.parquet"
    run_cli("track", mmsi, "--format", "parquet", "--out", pq, db=db)
    assert pl.read_parquet(pq).height == len(gj["features"]) - 1
    bad = run_cli("track", "123", db=db, check=False)
    assert bad.returncode != 0 and "no positions" in bad.stderr_text


def test_same_file_twice_leaves_store_unchanged(db, tmp_path):
    f = AIS / "exact-earth-augmented-2.txt"
    run_cli("ingest", f, db=db)
    before = cli_json("stats", "--format", "json", db=db)
    p = run_cli("ingest", f, db=db)
    assert "skipped" in p.stderr_text
    # an identical copy elsewhere is recognised by its SHA-256 and skipped
    same = tmp_path / "same.txt"
    same.write_bytes(f.read_bytes())
    assert "already ingested" in run_cli("ingest", same, db=db).stderr_text
    # a file with the same messages but other bytes is read, and adds nothing
    copy = tmp_path / "copy.txt"
    copy.write_bytes(f.read_bytes() + b"\n# re-export\n")
    d = cli_json("ingest", copy, "--json", db=db)
    assert d["stored"] == 0 and d["duplicates"] == d["messages"] >= before["messages"]
    after = cli_json("stats", "--format", "json", db=db)
    assert {k: after[k] for k in ("messages", "positions", "static_reports", "vessels")} == \
        {k: before[k] for k in ("messages", "positions", "static_reports", "vessels")}


def test_overlapping_files_and_two_stations(db, tmp_path):
    lines = (AIS / "exact-earth-with-tag-block.txt").read_text().splitlines()
    a, b = tmp_path / "a.nmea", tmp_path / "b.nmea"
    a.write_text("\n".join(lines[:150]) + "\n")
    b.write_text("\n".join(lines[100:]) + "\n")
    run_cli("ingest", a, b, db=db)
    assert cli_json("stats", "--format", "json", db=db)["messages"] == 200
    # the same sentence heard by a second station 2 s later is one message
    t = tmp_path / "stations.nmea"
    body = "AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0"
    s = f"!{body}*{nmea_checksum(body):02X}"
    tb = lambda st, c: f"\\s:{st},c:{c}*{nmea_checksum(f's:{st},c:{c}'):02X}\\"  # noqa: E731
    t.write_text(f"{tb('A', 1700000000)}{s}\n{tb('B', 1700000002)}{s}\n{tb('A', 1700000600)}{s}\n")
    d = cli_json("ingest", t, "--json", db=db)
    assert d["stored"] == 2 and d["duplicates"] == 1


def test_compressed_archives_and_stdin(db, tmp_path):
    src = (AIS / "exact-earth-with-tag-block.txt").read_bytes()
    g = tmp_path / "x.nmea.gz"
    g.write_bytes(gzip.compress(src[: len(src) // 2]))
    z = tmp_path / "y.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("inner/y.nmea", src[len(src) // 2:])
    bz = tmp_path / "w.nmea.bz2"
    bz.write_bytes(bz2.compress((AIS / "norwegian.raw").read_bytes()))
    run_cli("ingest", tmp_path, db=db)  # a directory, recursively
    s = cli_json("stats", "--format", "json", db=db)
    assert s["messages"] >= 199 + 169  # a message split across the two halves may be an orphan
    db2 = tmp_path / "stdin.duckdb"
    d = json.loads(run_cli("ingest", "-", "--json", db=db2, input=src).stdout_text)
    assert d["stored"] == 200


def test_base_time_for_untimed_files(db):
    p = run_cli("ingest", AIS / "mixed.txt", db=db)
    assert "no_timestamp" in p.stdout_text
    d = cli_json("ingest", AIS / "mixed.txt", "--force", "--base-time", "2024-05-01T00:00:00Z", "--json", db=db)
    assert d["stored"] > 0 and d["last_time"] == "2024-05-01T00:00:00Z"
    assert "no_timestamp" not in cli_json("stats", "--format", "json", db=db)["rejects_by_reason"]


def test_rejects_are_listed_with_file_and_line(db):
    run_cli("ingest", AIS / "gfw_errors.nmea", db=db)
    rows = [json.loads(x) for x in run_cli("rejects", "--format", "jsonl", db=db).stdout_text.splitlines()]
    assert {r["reason"] for r in rows} == {"bad_checksum"}
    assert all(r["source"].endswith("gfw_errors.nmea") and r["line_no"] >= 1 and r["raw"] for r in rows)


def test_csv_formats(db, tmp_path):
    run_cli("ingest", AIS / "marinecadastre_AIS_2023_01_11_sample_aisdb.csv", AIS / "aisdk_20180208_tiny_mobiml.csv",
            db=db)
    s = seasentry.open(db)
    src = s.sources()
    assert set(src["format"]) == {"csv:noaa", "csv:dma"}
    v = s.vessels(search="MSC NAISHA III")
    assert v.height == 1 and v["imo"][0] == 9307839 and v["callsign"][0] == "5LCB4"
    p = s.positions(mmsi=265177000)
    assert p.height == 1 and abs(p["sog"][0] - 15.7) < 1e-4 and p["nav_status"][0] == 0
    s.close()
    # a Brest nari file (epoch seconds) and a Latin-1 generic export with a column mapping
    nari = tmp_path / "nari.csv"
    nari.write_text("sourcemmsi,navigationalstatus,rateofturn,speedoverground,courseoverground,trueheading,lon,lat,t\n"
                    "245257000,0,0,0.1,13.1,36,-4.4657183,48.38249,1443650402\n"
                    "227705102,15,-127,0,262.7,511,-4.4965715,48.38242,1443650403\n")
    gen = tmp_path / "generic.csv"
    gen.write_bytes("ID;When;Y;X;Nom\r\n".replace(";", ",").encode() +
                    "215000818,01/05/2024 10:00,35.9,14.5,MARIE DE LOURDES V \xe9\r\n".encode("latin-1") +
                    b"215000818,bad time,35.9,14.5,X\r\n")
    d = cli_json("ingest", nari, "--json", db=db)
    assert d["stored"] == 2
    d = cli_json("ingest", gen, "--columns", "mmsi=ID,ts=When,lat=Y,lon=X,name=Nom",
                 "--time-format", "%d/%m/%Y %H:%M", "--json", db=db)
    assert d["stored"] == 1 and d["rejects_by_reason"] == {"bad_record": 1}
    assert "MARIE DE LOURDES V \xe9" in run_cli("vessels", "--search", "LOURDES", "--format", "json", db=db).stdout_text
    # an unknown CSV without a mapping fails with a message that says what to do
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b,c\n1,2,3\n")
    p = run_cli("ingest", odd, "--format", "csv", db=db, check=False)
    assert p.returncode != 0 and "--columns" in p.stderr_text


def test_missing_input_is_a_clear_error(db):
    p = run_cli("ingest", "/no/such/file.nmea", db=db, check=False)
    assert p.returncode != 0 and "no such file" in p.stderr_text and "Traceback" not in p.stderr_text


def _big_input(tmp_path, copies: int) -> tuple:
    """A long real-looking capture: the tag-blocked fixture repeated with shifted times."""
    lines = (AIS / "exact-earth-with-tag-block.txt").read_text().splitlines()
    import re
    out = []
    for k in range(copies):
        for ln in lines:
            m = re.match(r"\\(.*?)\*[0-9A-F]{2}\\(.*)", ln)
            body = re.sub(r"c:(\d+)", lambda mm: f"c:{int(mm.group(1)) + 3600 * k}", m.group(1))
            body = re.sub(r"g:(\d+)-(\d+)-(\d+)", lambda mm: f"g:{mm.group(1)}-{mm.group(2)}-{mm.group(3)}{k}", body)
            out.append(f"\\{body}*{nmea_checksum(body):02X}\\{m.group(2)}")
    f = tmp_path / "big.nmea"
    f.write_text("\n".join(out) + "\n")
    return f, 200 * copies


def _start_and_wait_for_first_commit(cmd, db, **popen):
    """Start an ingest and return once its first batch is committed (the WAL has data)."""
    proc = subprocess.Popen(cmd, **popen)
    wal = db.parent / (db.name + ".wal")
    t0 = time.monotonic()
    while not (wal.exists() and wal.stat().st_size > 300_000):
        assert proc.poll() is None, "ingest finished before it could be interrupted: make the input bigger"
        assert time.monotonic() - t0 < 120, "no batch committed within 120 s"
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be interrupted: make the input bigger"
    return proc


def test_kill_minus_nine_then_rerun_stores_everything_once(tmp_path):
    f, expected = _big_input(tmp_path, 300)
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-m", "seasentry", "ingest", str(f), "--db", str(db), "-q", "--decoder", "pyais",
           "--set", "ingest.chunk_lines=500"]
    proc = _start_and_wait_for_first_commit(cmd, db, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    s = seasentry.open(db)
    partial = s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0]
    status = s.con.execute("SELECT status FROM sources").fetchall()
    s.close()
    assert partial < expected and status == [("partial",)]
    run_cli("ingest", f, db=db)  # the same command again finishes the job
    s = cli_json("stats", "--format", "json", db=db)
    assert s["messages"] == expected
    assert seasentry.open(db).con.execute(
        "SELECT count(*) FROM (SELECT msg_key, ts FROM raw_messages GROUP BY ALL HAVING count(*) > 1)").fetchone()[0] == 0


def test_ctrl_c_then_rerun(tmp_path):
    f, expected = _big_input(tmp_path, 300)
    db = tmp_path / "c.duckdb"
    cmd = [sys.executable, "-m", "seasentry", "ingest", str(f), "--db", str(db), "-q",
           "--set", "ingest.chunk_lines=200"]
    proc = _start_and_wait_for_first_commit(cmd, db, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and b"run the same command again" in err, err[-500:]
    s = seasentry.open(db)
    partial = s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0]
    s.close()
    assert partial < expected
    run_cli("ingest", f, db=db)
    assert cli_json("stats", "--format", "json", db=db)["messages"] == expected


@needs_shared
@pytest.mark.shared
def test_every_shared_file_ingests_without_a_crash(tmp_path):
    """Every real corpus, one file at a time, through the same code the CLI runs (in-process for speed)."""
    files = sorted(p for p in (SHARED / "ais_nmea").rglob("*") if p.is_file() and p.suffix != ".json") + \
        sorted((SHARED / "ais_csv").glob("*.csv"))
    s = seasentry.open(tmp_path / "all.duckdb")
    for f in files:
        rep = s.ingest([str(f)], refresh=False)
        src = rep.sources[0]
        if src.status == "failed":  # only a CSV whose columns need mapping may fail, with advice
            assert "--columns" in src.message and f.suffix == ".csv", (f, src.message)
            continue
        assert src.status == "complete", (f, src.message)
        assert src.lines > 0
    s.refresh_vessels()
    st = s.stats()
    assert st["messages"] > 15000 and st["vessels"] > 5000
    assert st["rejects"] == sum(st["rejects_by_reason"].values())
