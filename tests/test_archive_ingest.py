"""Archive ingest (`seasentry ingest --archive`, `seasentry run --archive`): NMEA straight into
the Parquet archive, several worker processes, the Dask engine over it.

Reference: the embedded store and engine on the same generated scenario (seed 7, 36 h, 40
vessels). The archive path must give the same events (ids and every column), keep every reject
and every input line verbatim, skip inputs already ingested, and, after a kill -9 in the middle
of an ingest, end with every message stored once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from conftest import run_cli

pytest.importorskip("distributed")

from seasentry.config import Config  # noqa: E402
from seasentry.distributed import open_archive, read_bucket, run_dask  # noqa: E402
from seasentry.distributed.archive import dedup_receptions  # noqa: E402
from seasentry.distributed.ingest import archive_sources, ingest_archive, raw_lines, recover  # noqa: E402
from seasentry.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """(dir of two NMEA files, reference store path with events)."""
    from seasentry.scenario import generate

    d = tmp_path_factory.mktemp("arch")
    paths = generate(seed=7, hours=36, vessels=40).write(d / "sc")
    lines = Path(paths["nmea"]).read_bytes().split(b"\n")
    half = len(lines) // 2
    parts = d / "parts"
    parts.mkdir()
    (parts / "a.nmea").write_bytes(b"\n".join(lines[:half]) + b"\n")
    (parts / "b.nmea").write_bytes(b"\n".join(lines[half:]))
    db = d / "ref.duckdb"
    run_cli("run", parts, "--db", db, "-q")
    return parts, db


def _events(db) -> pl.DataFrame:
    s = Store(db, read_only=True)
    ev = s.con.execute("SELECT * FROM events ORDER BY event_id").pl()
    s.close()
    return ev


def _archive_positions(path) -> pl.DataFrame:
    a = open_archive(str(path))
    frames = [read_bucket(p)[0] for p in a.parts]
    return pl.concat(frames).sort(["mmsi", "ts", "msg_key"])


@pytest.fixture(scope="module")
def archive_run(scenario, tmp_path_factory):
    """`seasentry run --archive` with 2 workers: (store path, archive path)."""
    parts, _ = scenario
    d = tmp_path_factory.mktemp("archrun")
    db, arch = d / "a.duckdb", d / "archive"
    run_cli("run", parts, "--archive", arch, "--db", db, "--workers", "2", "-q")
    return db, arch


def _nmea_lines(html_path) -> set[str]:
    import html
    import re
    return set(re.findall(r"(\\s:[^<\n]*?AIVDM[^<\n]*)", html.unescape(Path(html_path).read_text())))


def test_case_file_from_archive_shows_the_same_evidence(scenario, archive_run, tmp_path):
    parts, ref_db = scenario
    db, arch = archive_run
    s = Store(db, read_only=True)
    mmsi = s.con.execute("SELECT mmsi FROM events WHERE type = 'encounter' ORDER BY event_id LIMIT 1").fetchone()[0]
    s.close()
    work = tmp_path / "case.duckdb"
    work.write_bytes(Path(db).read_bytes())
    run_cli("case", mmsi, "--db", work, "--archive", arch, "--out", tmp_path / "a.html")
    run_cli("case", mmsi, "--db", ref_db, "--out", tmp_path / "e.html")
    got, ref = _nmea_lines(tmp_path / "a.html"), _nmea_lines(tmp_path / "e.html")
    assert len(ref) > 10
    assert got == ref


def test_run_archive_equals_embedded_run(scenario, archive_run):
    parts, ref_db = scenario
    db, arch = archive_run
    ref = _events(ref_db)
    got = _events(db)
    assert ref.height > 50
    assert_frame_equal(got, ref)
    # the vessels table (screening, alerts) is built from the archive
    s = Store(db, read_only=True)
    n_arch = s.con.execute("SELECT count(*) FROM vessels").fetchone()[0]
    s.close()
    s = Store(ref_db, read_only=True)
    n_ref = s.con.execute("SELECT count(*) FROM vessels").fetchone()[0]
    s.close()
    assert n_arch == n_ref
    s = Store(db, read_only=True)
    got_v = s.con.execute("SELECT * FROM vessels ORDER BY mmsi").pl()
    s.close()
    s = Store(ref_db, read_only=True)
    ref_v = s.con.execute("SELECT * FROM vessels ORDER BY mmsi").pl()
    s.close()
    assert_frame_equal(got_v, ref_v)
    # both inputs recorded, two workers' rotations committed
    recs = archive_sources(str(arch))
    assert sorted(Path(x["name"]).name for x in recs) == ["a.nmea", "b.nmea"]
    assert all(x["status"] == "complete" for x in recs)
    assert len(list((arch / "_rotations").glob("*.json"))) == 2


def test_rejects_and_raw_lines_are_kept(scenario, tmp_path):
    parts, ref_db = scenario
    arch = tmp_path / "archive"
    rep = ingest_archive([str(parts)], str(arch), workers=1)
    t = rep.total()
    s = Store(ref_db, read_only=True)
    n_rej = s.con.execute("SELECT count(*) FROM rejects").fetchone()[0]
    by_reason = dict(s.con.execute("SELECT reason, count(*) FROM rejects GROUP BY reason").fetchall())
    s.close()
    rej = pl.concat([pl.read_parquet(f) for f in sorted((arch / "rejects").glob("*.parquet"))])
    assert rej.height == n_rej == t["rejects"]
    assert dict(rej.group_by("reason").len().iter_rows()) == by_reason
    # every line of each input comes back verbatim from the raw blocks
    for rec in archive_sources(str(arch)):
        lines = Path(rec["path"]).read_bytes().split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        got = raw_lines(str(arch), rec["source_id"], range(1, len(lines) + 1))
        assert [got[i + 1] for i in range(len(lines))] == [x.decode() for x in lines]
    # a reject's raw text is its line
    row = rej.row(0, named=True)
    src = next(x for x in archive_sources(str(arch)) if x["source_id"] == row["source_id"])
    assert raw_lines(str(arch), src["source_id"], [row["line_no"]])[row["line_no"]] == row["raw"]


def test_same_input_twice_is_skipped_and_overlap_is_deduplicated(scenario, tmp_path):
    parts, _ = scenario
    arch = tmp_path / "archive"
    ingest_archive([str(parts)], str(arch), workers=2)
    before = sorted(p.relative_to(arch) for p in arch.rglob("*.parquet"))
    pos_once = _archive_positions(arch)
    rep = ingest_archive([str(parts / "a.nmea")], str(arch), workers=1)
    assert [s["status"] for s in rep.sources] == ["skipped"]
    assert sorted(p.relative_to(arch) for p in arch.rglob("*.parquet")) == before
    # a copy with one extra line is another file (another SHA-256): its messages are stored
    # again, and reading the archive removes the repeats
    extra = tmp_path / "a-copy.nmea"
    extra.write_bytes((parts / "a.nmea").read_bytes() + b"\n")
    rep = ingest_archive([str(extra)], str(arch), workers=1)
    assert rep.sources[0]["status"] == "complete" and rep.sources[0]["positions"] > 0
    assert_frame_equal(_archive_positions(arch), pos_once)


def test_dedup_receptions_rule():
    us = 1_000_000
    df = pl.DataFrame({"mmsi": [1, 1, 1, 1, 2], "msg_key": [7, 7, 7, 8, 7],
                       "ts": [0, 10 * us, 100 * us, 5 * us, 0]}).with_columns(pl.col("ts").cast(pl.Datetime("us")))
    out = dedup_receptions(df, 30.0)
    # the 10 s repeat goes; 100 s later is a new broadcast; other key / other MMSI stay
    assert out["ts"].cast(pl.Int64).to_list() == [0, 100 * us, 5 * us, 0]
    assert dedup_receptions(out, 30.0).equals(out)


_KILLABLE = r"""
import sys
from seasentry.distributed.ingest import ingest_archive
ingest_archive(sys.argv[1:-1], sys.argv[-1], workers=1, flush_messages=2000, rotate_messages=4000)
"""


def test_kill_9_mid_ingest_then_rerun_stores_every_message_once(scenario, tmp_path):
    parts, _ = scenario
    # many small inputs so that several rotations commit before the kill
    lines = b"".join(p.read_bytes() for p in sorted(parts.glob("*.nmea"))).split(b"\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    step = 3000
    for k in range(0, len(lines), step):
        (inputs / f"f{k // step:03d}.nmea").write_bytes(b"\n".join(lines[k:k + step]) + b"\n")
    ref_arch = tmp_path / "ref"
    ingest_archive([str(inputs)], str(ref_arch), workers=1, flush_messages=2000, rotate_messages=4000, buckets=4)
    ref = _archive_positions(ref_arch)
    arch = tmp_path / "archive"
    ingest_archive([str(inputs / "f000.nmea")], str(arch), workers=1, buckets=4)  # fixes the bucket count
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(inputs), str(arch)], env=env)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((arch / "_rotations").glob("*.json"))) < 3:
        time.sleep(0.05)
    time.sleep(0.05)  # a quiet machine finished the whole ingest within 0.3 s
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert len(list((arch / "_rotations").glob("*.json"))) >= 3, "the ingest finished before the kill"
    recs = archive_sources(str(arch))
    assert any(r["status"] != "complete" for r in recs) or len(recs) < len(list(inputs.glob("*.nmea")))
    rep = ingest_archive([str(inputs)], str(arch), workers=1)
    assert {s["status"] for s in rep.sources} <= {"complete", "skipped"}
    assert not list(arch.rglob("*.tmp"))
    assert_frame_equal(_archive_positions(arch).drop("station"), ref.drop("station"))
    assert recover(arch) == []


def test_archive_ingest_cli_summary_and_errors(scenario, tmp_path):
    parts, _ = scenario
    arch = tmp_path / "archive"
    r = run_cli("ingest", parts / "a.nmea", "--archive", arch, "--json")
    d = json.loads(r.stdout_text)
    assert d["messages"] > 0 and d["rejects"] >= 0 and d["sources"][0]["status"] == "complete"
    r = run_cli("ingest", parts / "a.nmea", "--archive", arch, "--decoder", "pyais", check=False)
    assert r.returncode != 0 and "--archive takes the fast decoder" in r.stderr_text
    r = run_cli("ingest", parts / "a.nmea", "--buckets", "4", "--db", tmp_path / "x.duckdb", check=False)
    assert r.returncode != 0 and "--buckets needs --archive" in r.stderr_text
    not_archive = tmp_path / "full"
    not_archive.mkdir()
    (not_archive / "x.txt").write_text("x")
    r = run_cli("ingest", parts / "a.nmea", "--archive", not_archive, check=False)
    assert r.returncode != 0 and "not a seasentry archive" in r.stderr_text


def test_engine_reads_ingested_archive_like_exported_one(scenario, tmp_path):
    """run_dask over an ingested archive (several files per bucket, repeats) equals the store."""
    from distributed import Client, LocalCluster

    parts, ref_db = scenario
    arch = tmp_path / "archive"
    ingest_archive([str(parts)], str(arch), workers=2, buckets=8)
    ingest_archive([str(parts / "b.nmea") + ""], str(arch), workers=1)  # skipped: same file
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c, \
            Client(c) as client:
        ev = run_dask(str(arch), Config(), client=client)
    ref = _events(ref_db).filter(pl.col("type") != "sanctions_match")
    assert_frame_equal(ev.select(ref.columns).sort("event_id"), ref.sort("event_id"), check_dtypes=False)
    assert pq.read_metadata(next((arch / "positions").rglob("*.parquet"))).num_rows > 0


def test_truncated_gzip_keeps_what_was_read(scenario, tmp_path):
    """A cut .gz input: the lines before the cut are stored, the input is reported failed with
    the reason, and the reader (shared with the store path) returns the data read before the
    error before raising it."""
    import gzip
    import io

    from seasentry.ingest.sources import CountingReader

    parts, _ = scenario
    whole = gzip.compress((parts / "a.nmea").read_bytes())
    cut = tmp_path / "cut.nmea.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    r = CountingReader(gzip.GzipFile(fileobj=io.BytesIO(cut.read_bytes())))
    first = r.read(1 << 30)
    assert len(first) > 0
    with pytest.raises(EOFError):
        r.read(1 << 20)
    arch = tmp_path / "archive"
    rep = ingest_archive([str(cut)], str(arch), workers=1)
    (src,) = rep.sources
    assert src["status"] == "failed" and "data before it is stored" in src["message"]
    assert src["positions"] > 0 and rep.total()["positions"] == src["positions"]
    assert _archive_positions(arch).height > 0


def test_corrupt_gzip_keeps_the_readable_lines_exactly(scenario, tmp_path):
    """A .gz corrupted in the middle (zlib.error, not a cut): archive ingest stores exactly the
    messages of the complete lines before the damage, reports the input failed, no crash."""
    import gzip
    import zlib

    parts, _ = scenario
    whole = bytearray(gzip.compress((parts / "a.nmea").read_bytes()))
    mid = len(whole) // 2
    whole[mid:mid + 64] = bytes(64)  # zeroed deflate data: invalid codes or distances
    bad = tmp_path / "bad.nmea.gz"
    bad.write_bytes(bytes(whole))
    # expectation, independently: the gzip stream decompressed until the error, complete lines only
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    got = bytearray()
    with pytest.raises(zlib.error):
        for i in range(0, len(whole), 4096):
            got += d.decompress(bytes(whole[i:i + 4096]))
        got += d.flush()
        raise zlib.error("no error: the corruption was not detected")  # the test needs a real error
    prefix = tmp_path / "prefix.nmea"
    prefix.write_bytes(bytes(got[: got.rfind(b"\n") + 1]))
    rep = ingest_archive([str(bad)], str(tmp_path / "a1"), workers=1)
    (src,) = rep.sources
    assert src["status"] == "failed" and "data before it is stored" in src["message"]
    ref = ingest_archive([str(prefix)], str(tmp_path / "a2"), workers=1)
    (rsrc,) = ref.sources
    assert rsrc["status"] == "complete" and rsrc["positions"] > 0
    for k in ("positions", "statics", "messages"):
        assert src[k] == rsrc[k], k
    assert _archive_positions(tmp_path / "a1").height == _archive_positions(tmp_path / "a2").height


def test_rotation_by_row_groups_commits_at_file_boundaries(scenario, tmp_path):
    """A small ``ingest.archive_rotate_row_groups`` commits a rotation after each input file
    (never inside one) and the archive holds the same rows as one rotation."""
    parts, _ = scenario
    lines = b"".join((parts / n).read_bytes() for n in ("a.nmea", "b.nmea")).split(b"\n")
    four = tmp_path / "four"
    four.mkdir()
    q = len(lines) // 4
    for i in range(4):
        (four / f"p{i}.nmea").write_bytes(b"\n".join(lines[i * q:(i + 1) * q if i < 3 else len(lines)]) + b"\n")
    cfg = Config()
    cfg.ingest.archive_rotate_row_groups = 1
    ingest_archive([str(four)], str(tmp_path / "many"), cfg, workers=1, buckets=4)
    ingest_archive([str(four)], str(tmp_path / "one"), Config(), workers=1, buckets=4)
    many = sorted((tmp_path / "many" / "_rotations").glob("*.json"))
    assert len(many) == 4 and len(list((tmp_path / "one" / "_rotations").glob("*.json"))) == 1
    a = _archive_positions(tmp_path / "many").sort(["mmsi", "ts", "msg_key"])
    b = _archive_positions(tmp_path / "one").sort(["mmsi", "ts", "msg_key"])
    assert a.height == b.height > 0 and a.equals(b)


def test_binary_input_is_refused_whole_by_the_archive_ingest(scenario, tmp_path):
    """As the store's ingest does (issue 16): a file that is not text is refused with the reason,
    nothing of it lands in the archive's rejects, and the text input beside it is ingested."""
    parts, _ = scenario
    binary = tmp_path / "program.bin"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 64)
    arch = tmp_path / "archive"
    r = run_cli("ingest", binary, parts / "a.nmea", "--archive", arch, "--json", check=False)
    assert r.returncode == 1
    d = json.loads(r.stdout_text)
    by_name = {Path(s["name"]).name: s for s in d["sources"]}
    assert by_name["program.bin"]["status"] == "failed"
    assert "not text" in by_name["program.bin"]["message"]
    assert by_name["program.bin"]["rejects"] == 0 and by_name["program.bin"]["lines"] == 0
    assert by_name["a.nmea"]["status"] == "complete" and by_name["a.nmea"]["messages"] > 0
    assert "program.bin" in r.stderr_text and "not text" in r.stderr_text


@pytest.mark.parametrize("opts", [("--format", "csv"), ("--columns", "mmsi=MMSI,ts=T,lon=X,lat=Y")])
def test_binary_input_is_refused_by_the_archive_ingest_when_csv_is_asked(tmp_path, opts):
    """``--format csv`` or ``--columns`` do not skip the refusal: the archive refuses a program as
    the store's ingest does (failed, "not text", exit 1), not with an internal error (exit 70)."""
    binary = tmp_path / "program.bin"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 64)
    for target in (("--archive", tmp_path / "archive"), ("--db", tmp_path / "s.duckdb")):
        r = run_cli("ingest", binary, *target, "--json", *opts, check=False)
        assert r.returncode == 1, (target, r.stderr_text)
        (src,) = json.loads(r.stdout_text)["sources"]
        assert src["status"] == "failed" and "ELF executable, not text" in src["message"], src
        assert src["rejects"] == 0 and src["lines"] == 0


def test_csv_record_with_a_bare_carriage_return_is_a_reject_and_the_rest_is_read(tmp_path):
    """A CSV record the csv module refuses (a bare \\r inside an unquoted field) is kept as a
    bad_record reject with the reason, by the store's and the archive's ingest alike, and the
    records after it are read (was: _csv.Error, exit 70, the rest of the input lost). A header the
    csv module refuses fails the source with the reason (exit 1)."""
    head = (b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,"
            b"Width,Draft,Cargo,TransceiverClass\n")  # a NOAA export
    rec = lambda k, name: (f"2150008{k:02d},2023-01-11T00:00:{k:02d},35.9,14.5,0.0,0.0,90,{name},,"  # noqa: E731
                           "WDI9818,31,0.0,,,,52.0,A\n").encode()
    csvf = tmp_path / "cr.csv"
    csvf.write_bytes(head + rec(1, "A") + rec(2, "B") + rec(3, "SAN\rJOSE") + rec(4, "C") + rec(5, "D"))
    for target in (("--archive", tmp_path / "archive"), ("--db", tmp_path / "s.duckdb")):
        r = run_cli("ingest", csvf, *target, "--json", check=False)
        assert r.returncode == 0, (target, r.stderr_text)
        d = json.loads(r.stdout_text)
        assert d["messages"] == 4 and d["rejects_by_reason"] == {"bad_record": 1}, (target, d)
        assert d["sources"][0]["lines"] == 6
    rj = pl.read_parquet(list((tmp_path / "archive" / "rejects").rglob("*.parquet")))
    assert rj["line_no"].to_list() == [4] and rj["detail"][0].startswith("CSV record not readable")
    assert "SAN\rJOSE" in rj["raw"][0]
    bad_head = tmp_path / "bad_head.csv"
    bad_head.write_bytes(b"MMSI,Base\rDateTime,LAT,LON\n" + rec(1, "A"))
    for target in (("--archive", tmp_path / "archive2"), ("--db", tmp_path / "s2.duckdb")):
        r = run_cli("ingest", bad_head, *target, "--json", "--format", "csv", check=False)
        assert r.returncode == 1, (target, r.stderr_text)
        assert "not readable" in json.loads(r.stdout_text)["sources"][0]["message"]


def test_csv_batches_counts_leading_blank_blocks_itself():
    """The store's and the archive's CSV paths hand their blocks to ``csv_batches`` as read: whole
    blocks of blank lines before the header are counted there (they were skipped by a copy of
    the same loop in each caller)."""
    from seasentry.ingest.pipeline import SourceReport, csv_batches

    rep = SourceReport("")
    blocks = [[b"", b"  "], [b"\r", b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,"
                             b"VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass"],
              [b"215000801,2023-01-11T00:00:01,35.9,14.5,0.0,0.0,90,A,,X,31,0.0,,,,52.0,A", b""]]
    out = [b for b in csv_batches(blocks, 1, None, None, 1, rep) if b is not None]
    assert len(out) == 1 and out[0][0].height == 1 and out[0][0]["line_no"].to_list() == [5]
    assert (rep.lines, rep.blank, rep.headers, rep.format) == (6, 4, 1, "csv:noaa")


def _tag(station: str, t: int) -> bytes:
    body = f"s:{station},c:{t}".encode()
    cs = 0
    for b in body:
        cs ^= b
    return b"\\" + body + f"*{cs:02X}\\".encode()


@pytest.fixture(scope="module")
def late_copies(scenario, tmp_path_factory):
    """The scenario's inputs with a late copy of every fourth one-sentence message: heard again
    by another station three lines further on (across the cut into b.nmea for the last ones of
    a.nmea), its time stamp 20 s EARLIER than the copy that arrived first (inside the 30 s
    window: a repeat). The store keeps the copy that arrived first; a reader that kept the
    earliest-stamped copy would shift those positions by 20 s and change events."""
    import re

    parts, _ = scenario
    lines = b"".join(p.read_bytes() if p.read_bytes().endswith(b"\n") else p.read_bytes() + b"\n"
                     for p in sorted(parts.glob("*.nmea"))).split(b"\n")
    pat = re.compile(rb"^\\s:[^,]*,c:(\d+)\*[0-9A-F]{2}\\(!AIVDM,1,1,.*)$")
    out: list[bytes] = []
    pending: list[tuple[int, bytes]] = []
    n_copies = 0
    for i, ln in enumerate(lines):
        if not ln:
            continue
        out.append(ln)
        while pending and pending[0][0] <= i:
            out.append(pending.pop(0)[1])
        m = pat.match(ln)
        if m and i % 4 == 0:
            pending.append((i + 3, _tag("XX-LATE", int(m.group(1)) - 20) + m.group(2)))
            n_copies += 1
    out += [x[1] for x in pending]
    d = tmp_path_factory.mktemp("late")
    inp = d / "in"
    inp.mkdir()
    half = len(out) // 2
    (inp / "a.nmea").write_bytes(b"\n".join(out[:half]) + b"\n")
    (inp / "b.nmea").write_bytes(b"\n".join(out[half:]) + b"\n")
    assert n_copies > 1000
    return inp, d


def test_archive_keeps_the_first_copy_to_arrive_as_the_store(late_copies):
    """Issue 19: repeated receptions whose time stamps disagree with their arrival order give the
    same positions and events through `run --archive` (the Dask engine over Parquet) as through
    the embedded `run --db`: both keep the copy that arrived first (inputs in the order given,
    lines in order), not the earliest-stamped one."""
    inp, d = late_copies
    ref_db, db, arch = d / "ref.duckdb", d / "a.duckdb", d / "archive"
    run_cli("run", inp / "a.nmea", inp / "b.nmea", "--db", ref_db, "-q")
    run_cli("run", inp / "a.nmea", inp / "b.nmea", "--archive", arch, "--db", db, "--workers", "2", "-q")
    s = Store(ref_db, read_only=True)
    ref_pos = s.con.execute("SELECT mmsi, ts, station FROM positions WHERE lat IS NOT NULL").pl()
    s.close()
    assert ref_pos.filter(pl.col("station") == "XX-LATE").height == 0  # every late copy is a repeat
    got_pos = pl.concat([read_bucket(p)[0] for p in open_archive(str(arch)).parts])
    key = ["mmsi", "ts", "station"]
    assert_frame_equal(got_pos.select(key).sort(key), ref_pos.sort(key), check_dtypes=False)
    # the same rows through DuckDB (what the matching of satellite detections reads)
    import duckdb

    from seasentry.distributed.archive import dedup_relation

    con = duckdb.connect()
    rel = dedup_relation(con, str(arch), "positions", 30.0)
    via_sql = con.execute(f"SELECT mmsi, ts, station FROM {rel} WHERE lat IS NOT NULL").pl()
    con.close()
    assert_frame_equal(via_sql.sort(key), ref_pos.sort(key), check_dtypes=False)
    ref, got = _events(ref_db), _events(db)
    assert ref.height > 50
    assert_frame_equal(got, ref)


def test_old_archive_with_repeats_is_refused_with_how_to_rebuild(scenario, tmp_path):
    """An archive ingested before version 2 (no arrival order) is refused, saying how to rebuild."""
    parts, _ = scenario
    arch = tmp_path / "archive"
    ingest_archive([str(parts / "a.nmea")], str(arch), workers=1)
    man = arch / "_seasentry.json"
    m = json.loads(man.read_text())
    m["version"] = 1
    man.write_text(json.dumps(m))
    with pytest.raises(ValueError, match="Rebuild it from the same inputs"):
        open_archive(str(arch))
    r = run_cli("run", parts / "b.nmea", "--archive", arch, "--db", tmp_path / "x.duckdb", "-q", check=False)
    assert r.returncode != 0 and "seasentry ingest --archive NEW_DIR" in r.stderr_text


def test_repeat_flags_is_the_store_rule():
    """archive.repeat_flags (array operations, rows in any order with an arrival order) flags
    exactly what the store's kernel flags over the same rows taken in arrival order
    (batch_store.dedup_in_batch: greedy, a row is a repeat of a KEPT row within the window), on
    random cases dense in repeats: chains of copies each within the window of the previous one
    but not of the first, equal times, a zero window."""
    import numpy as np

    from seasentry.distributed.archive import repeat_flags
    from seasentry.ingest.batch_store import dedup_in_batch

    rng = np.random.default_rng(19)
    for trial in range(300):
        n = int(rng.integers(1, 300))
        mmsi = rng.integers(0, 3 if trial % 2 else 200, n)
        key = rng.integers(0, 5 if trial % 2 else 200, n)
        ts = rng.integers(0, 200, n) * 1_000_000
        order = rng.permutation(n)
        w = int(rng.choice([0, 10, 30, 60])) * 1_000_000
        o = np.argsort(order)
        ref = np.empty(n, bool)
        ref[o] = ~dedup_in_batch((mmsi * 1000 + key)[o], ts[o], w)
        assert (repeat_flags(mmsi, key, ts, order, w) == ref).all(), trial


def test_an_input_read_again_after_an_interruption_keeps_its_arrival_rank(scenario, tmp_path, monkeypatch):
    """An input whose ingest was cut off (its record written, its rotation never committed) keeps
    the rank it took in that run when read again, so its repeats are told apart as in a run that
    was never interrupted, whatever order the inputs are given in afterwards (the kill -9 test's
    rerun gave the interrupted input a new rank after inputs that came later in the first run)."""
    import seasentry.distributed.ingest as di

    parts, _ = scenario
    lines = b"".join(p.read_bytes() for p in sorted(parts.glob("*.nmea"))).split(b"\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    first, second = inputs / "f1.nmea", inputs / "f2.nmea"
    first.write_bytes(b"\n".join(lines[:2000]) + b"\n")
    second.write_bytes(b"\n".join(lines[2000:4000]) + b"\n")
    arch = tmp_path / "archive"
    real = di._TableFile

    class Crash(RuntimeError):
        pass

    def crash_on_second(path, *a, **k):  # the run dies while reading f2, after its record is written
        if "raw" in str(path) and any(str(r.get("name")).endswith("f2.nmea") and r.get("status") == "partial"
                                      for r in archive_sources(str(arch))):
            raise Crash("interrupted")
        return real(path, *a, **k)

    monkeypatch.setattr(di, "_TableFile", crash_on_second)
    with pytest.raises(Crash):
        ingest_archive([str(second), str(first)], str(arch), workers=1, buckets=4)  # f2 first
    monkeypatch.setattr(di, "_TableFile", real)
    ranks = {Path(r["name"]).name: r["rank"] for r in archive_sources(str(arch))}
    assert ranks["f2.nmea"] < ranks.get("f1.nmea", ranks["f2.nmea"] + 1)  # in the order given (f1 may not have started)
    recover(arch)
    ingest_archive([str(first), str(second)], str(arch), workers=1)  # given in the other order now
    recs = {Path(r["name"]).name: r for r in archive_sources(str(arch))}
    assert {r["status"] for r in recs.values()} == {"complete"}
    assert recs["f2.nmea"]["rank"] == ranks["f2.nmea"] < recs["f1.nmea"]["rank"]


def _straddling_input(late_copies, out: Path) -> tuple[int, int]:
    """One input made of the ``late_copies`` files, padded at its end with blank lines so that
    the bulk ingest's cut of it in two (the first line start at or after half its size) falls
    between the two sentences of a multipart message, with a late copy (another station, 20 s
    earlier: a repeat by the store's rule) of the single-sentence message before that message
    heard after the cut. Returns (the cut's byte offset, the lines before it)."""
    import re

    inp, _ = late_copies
    lines = b"".join((inp / n).read_bytes() for n in ("a.nmea", "b.nmea")).split(b"\n")
    if not lines[-1]:
        lines.pop()
    single = re.compile(rb"^\\s:[^,]*,c:(\d+)\*[0-9A-F]{2}\\(!AIVDM,1,1,.*)$")
    first_of_two = re.compile(rb"!AIVDM,2,1,")
    j = next(i for i in range(len(lines) // 2, len(lines) - 1)
             if first_of_two.search(lines[i]) and b"!AIVDM,2,2," in lines[i + 1] and single.match(lines[i - 1]))
    m = single.match(lines[j - 1])
    lines.insert(j + 2, _tag("XX-CUT", int(m.group(1)) - 20) + m.group(2))  # after the cut
    body = b"\n".join(lines) + b"\n"
    cut = len(b"\n".join(lines[:j + 1])) + 1  # the start of the multipart message's second line
    pad = 2 * cut - len(body)
    assert pad >= 0
    out.write_bytes(body + b"\n" * pad)  # size // 2 == cut
    return cut, j + 1


def test_archive_ingest_of_byte_ranges_equals_one_range(late_copies, tmp_path):
    """`run --archive` cuts a large input into byte ranges as the store's bulk ingest does
    (``bulk._pieces``, two workers): the archive holds the same rows (every reception, with line
    numbers), rejects, repeat flags (``_arrival`` in the same order) and source record, and the run
    the same events, as reading the input whole -- with a multipart message straddling the cut
    and a repeated reception whose copies lie on both sides of it."""
    import duckdb

    from seasentry.distributed.archive import ARRIVAL, repeat_flags

    one = tmp_path / "one.nmea"
    cut, lines_before = _straddling_input(late_copies, one)
    got = {}
    for name, split_min in (("whole", "1000000"), ("split", "0")):
        arch, db = tmp_path / f"arch-{name}", tmp_path / f"{name}.duckdb"
        run_cli("run", one, "--archive", arch, "--db", db, "--workers", "2", "--set", f"store.split_min_mb={split_min}",
                "-q")
        got[name] = (arch, db)
    (wa, wdb), (sa, sdb) = got["whole"], got["split"]
    recs = {n: archive_sources(str(a)) for n, a in (("whole", wa), ("split", sa))}
    assert len(recs["whole"]) == len(recs["split"]) == 1
    rw, rs = recs["whole"][0], recs["split"][0]
    assert "ranges" not in rw and [r["start"] for r in rs["ranges"]] == [0, cut]  # really cut where meant
    assert rs["ranges"][1]["line"] == lines_before + 1 and len(rs["rotations"]) == 2
    assert list((sa / "_sources").glob("*~*.json")) == []  # the ranges' records joined
    for k in ("status", "lines", "blank", "messages", "positions", "statics", "other", "rejects", "bytes",
              "rejects_by_reason", "by_type", "source_id", "rank", "sha256"):
        assert rw[k] == rs[k], k
    con = duckdb.connect()

    def table(arch, t, order):
        return con.execute(f"SELECT * FROM read_parquet('{arch}/{t}/**/*.parquet', hive_partitioning=false) "
                           f"ORDER BY {order}").pl()

    for t in ("positions", "statics"):
        w, s = table(wa, t, "line_no, msg_key, mmsi"), table(sa, t, "line_no, msg_key, mmsi")
        assert w.height > 1000
        assert_frame_equal(w.drop(ARRIVAL), s.drop(ARRIVAL))
        # arrival: the same order, and the same repeats by the store's rule
        for f in (w, s):
            assert f[ARRIVAL].n_unique() == f.height or t == "statics"
        ow = w.with_row_index("_r").sort([ARRIVAL, "_r"])["_r"].to_numpy()
        os_ = s.with_row_index("_r").sort([ARRIVAL, "_r"])["_r"].to_numpy()
        assert (ow == os_).all()

        def flags(f):
            return repeat_flags(f["mmsi"].to_numpy(), f["msg_key"].to_numpy(),
                                f["ts"].cast(pl.Int64).to_numpy(), f[ARRIVAL].to_numpy(), 30_000_000)
        fw, fs = flags(w), flags(s)
        assert (fw == fs).all() and fw.sum() > 1000
        if t == "positions":
            late = (w["station"] == "XX-CUT").to_numpy()
            assert late.sum() == 1 and fw[late].all()  # the copy after the cut is the repeat
    for t in ("rejects", "other"):
        if any((wa / t).glob("*.parquet")) or any((sa / t).glob("*.parquet")):
            assert_frame_equal(table(wa, t, "line_no"), table(sa, t, "line_no"))
    assert table(wa, "rejects", "line_no").height > 0
    # the multipart message across the cut is decoded from both of its lines, not rejected
    st = table(sa, "statics", "line_no")
    assert st.filter(pl.col("line_no") == lines_before).height == 1
    assert table(sa, "rejects", "line_no").filter(pl.col("line_no").is_between(lines_before - 2, lines_before + 3)
                                                  ).height == 0
    sid = rs["source_id"]
    assert raw_lines(str(sa), sid, [lines_before, lines_before + 1]) == raw_lines(str(wa), sid, [lines_before,
                                                                                                lines_before + 1])
    con.close()
    ref = _events(wdb)
    assert ref.height > 50
    assert_frame_equal(_events(sdb), ref)


def test_ranges_left_by_a_crash_before_the_join_are_read_again(late_copies, tmp_path, monkeypatch):
    """A run stopped after its ranges were written but before their input's record was joined:
    the next open removes the ranges' records and rotations (committed ones included) and the
    next run reads the input again, storing every message once."""
    from seasentry.distributed import ingest as I

    one = tmp_path / "one.nmea"
    _straddling_input(late_copies, one)
    cfg = Config()
    cfg.store.split_min_mb = 0.0
    arch = tmp_path / "arch"

    def crash(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(I, "_join", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest_archive([str(one)], str(arch), cfg, workers=2, buckets=4)
    assert len(list((arch / "_sources").glob("*~*.json"))) == 2
    assert len(list((arch / "_rotations").glob("*.json"))) == 2
    monkeypatch.undo()
    recover(arch)
    assert list((arch / "_sources").glob("*.json")) == [] and list((arch / "_rotations").glob("*.json")) == []
    assert list(arch.glob("*/**/*.parquet")) == []
    rep = ingest_archive([str(one)], str(arch), cfg, workers=2, buckets=4)
    assert [s["status"] for s in rep.sources] == ["complete"] and len(rep.sources[0]["ranges"]) == 2
    ref = tmp_path / "ref"
    ingest_archive([str(one)], str(ref), Config(), workers=1, buckets=4)
    a, b = _archive_positions(arch), _archive_positions(ref)
    assert a.height > 1000
    assert_frame_equal(a.drop("_arrival", strict=False), b.drop("_arrival", strict=False))
