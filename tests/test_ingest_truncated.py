"""A truncated or corrupt compressed input in the store path (``seasentry ingest FILE.gz --db``):
every complete line before the cut is stored, the input is reported failed with the reason,
nothing crashes.

The expectation is computed without the ingest's readers: the cut file is decompressed with the
compressor's own decompressor object (``zlib.decompressobj``, ``bz2.BZ2Decompressor``,
``lzma.LZMADecompressor``), which gives every byte it can before the cut; its complete lines
are written to a plain file and ingested with the reference decoder (pyais); the truncated input
must give the same tables and counts.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import zlib

import pytest
from conftest import AIS, ROOT, run_cli, store_tables

import seasentry
from seasentry.config import Config
from seasentry.ingest import pipeline

STORY = ROOT / "src" / "seasentry" / "data" / "demo" / "central_med_story.nmea.gz"
CUT_MESSAGE = "Compressed file ended before the end-of-stream marker was reached"
COMPRESS = {"gz": lambda b: gzip.compress(b, mtime=0), "bz2": bz2.compress, "xz": lzma.compress}
COUNTS = ("lines", "blank", "sentences", "messages", "stored", "duplicates", "positions", "statics", "other",
          "rejects", "by_type", "rejects_by_reason")


@pytest.fixture(scope="module")
def story() -> bytes:
    """The first 20,000 lines (1.6 MB) of the demo corpus: tag blocks, stations hearing the same
    message (repeats), two-part type 5 statics (a cut can fall between their parts), noise lines."""
    lines = gzip.decompress(STORY.read_bytes()).split(b"\n")[:20_000]
    return b"\n".join(lines) + b"\n"


def readable(kind: str, cut: bytes) -> bytes:
    """Everything the decompressor can give from a cut compressed file (no end marker needed)."""
    d = {"gz": lambda: zlib.decompressobj(wbits=31), "bz2": bz2.BZ2Decompressor, "xz": lzma.LZMADecompressor}[kind]()
    return d.decompress(cut)


def complete_lines(prefix: bytes) -> bytes:
    return prefix[:prefix.rfind(b"\n") + 1]


def ingest(db, path, decoder="fast", chunk_lines=None, fmt="auto"):
    cfg = Config()
    if chunk_lines:
        cfg.ingest.chunk_lines = chunk_lines
    s = seasentry.open(db, config=cfg)
    rep = s.ingest([str(path)], decoder=decoder, fmt=fmt, refresh=False, base_time="2024-05-01T00:00:00Z")
    log = s.con.execute("SELECT status FROM sources ORDER BY source_id").fetchall()
    s.close()
    return rep.sources[0], log


def cut_file(tmp_path, data: bytes, kind: str, frac: float, name="cut.nmea"):
    """``data`` compressed, cut at ``frac`` of its size; returns (path, complete lines readable)."""
    whole = COMPRESS[kind](data)
    cut = whole[: int(len(whole) * frac)]
    p = tmp_path / f"{name}.{kind}"
    p.write_bytes(cut)
    prefix = readable(kind, cut)
    assert data.startswith(prefix) and 0 < len(prefix) < len(data)
    return p, prefix


def reference(tmp_path, lines: bytes, name="prefix.nmea", decoder="pyais", **kw):
    """The complete lines as a plain, whole file through the reference decoder."""
    p = tmp_path / name
    p.write_bytes(lines)
    db = tmp_path / f"ref-{name}.duckdb"
    rep, log = ingest(db, p, decoder=decoder, **kw)
    assert rep.status == "complete" and log == [("complete",)]
    return rep, db


def assert_same(rep, db, ref, ref_db):
    for k in COUNTS:
        assert getattr(rep, k) == getattr(ref, k), k
    a, b = store_tables(db), store_tables(ref_db)
    for t in a:
        assert a[t] == b[t], t


# ---- cut inside the first block (the NMEA/CSV sniffing peek) ------------------------------------------

@pytest.mark.parametrize("kind,decoder,frac", [("gz", "fast", 0.4), ("gz", "pyais", 0.4), ("bz2", "fast", 0.7),
                                                ("xz", "fast", 0.4)])
def test_cut_inside_the_first_block_stores_every_complete_line(tmp_path, story, kind, decoder, frac):
    """(bz2 gives its output a 900 kB block at a time: 70 % of the file holds one whole block.)"""
    path, prefix = cut_file(tmp_path, story, kind, frac)
    lines = complete_lines(prefix)
    ref, ref_db = reference(tmp_path, lines)
    db = tmp_path / "cut.duckdb"
    rep, log = ingest(db, path, decoder=decoder)
    assert rep.status == "failed"
    assert CUT_MESSAGE in rep.message and "the lines before it are stored" in rep.message
    n = lines.count(b"\n")
    assert f"read error after line {n:,}" in rep.message
    assert rep.lines == n > 5000
    assert rep.bytes == len(prefix)  # the cut line was read, not stored
    assert ref.stored > 4000 and ref.rejects > 0
    assert_same(rep, db, ref, ref_db)
    # the ingest log keeps the input unfinished: a later run reads it again, and stores nothing twice
    assert log == [("partial",)]
    again, log = ingest(db, path, decoder=decoder)
    assert again.status == "failed" and log == [("partial",)]
    assert (again.stored, again.duplicates) == (0, ref.stored + ref.duplicates)
    assert store_tables(db) == store_tables(ref_db)


# ---- cut after the first block ------------------------------------------------------------------------

@pytest.mark.parametrize("cap,decoder", [("bytes", "fast"), ("lines", "fast"), ("lines", "pyais")])
def test_cut_after_the_first_block_stores_every_complete_line(tmp_path, story, monkeypatch, cap, decoder):
    """Many blocks are decoded and written before the error: blocks of 64 kB (the byte cap
    ``batch_store.BLOCK_BYTES``, made small here) or of 1,500 lines (``ingest.chunk_lines``)."""
    chunk_lines = 1500 if cap == "lines" else None
    if cap == "bytes":
        monkeypatch.setattr(pipeline, "BLOCK_BYTES", 1 << 16)
    path, prefix = cut_file(tmp_path, story, "gz", 0.7)
    lines = complete_lines(prefix)
    assert len(lines) > 10 * (1 << 16) and lines.count(b"\n") > 5 * 1500
    # the same batches (the 'positions' count is before the de-duplication against the store)
    ref, ref_db = reference(tmp_path, lines, chunk_lines=chunk_lines)
    db = tmp_path / "cut.duckdb"
    rep, log = ingest(db, path, decoder=decoder, chunk_lines=chunk_lines)
    assert rep.status == "failed" and CUT_MESSAGE in rep.message and log == [("partial",)]
    assert rep.lines == lines.count(b"\n")
    assert_same(rep, db, ref, ref_db)


# ---- corrupt data, nothing readable, CSV ----------------------------------------------------------------

def test_corrupt_gzip_keeps_the_lines_before_the_error(tmp_path, story):
    """Corrupt deflate data raises zlib.error (not an OSError): reported, not a crash."""
    whole = bytearray(gzip.compress(story, mtime=0))
    whole[len(whole) // 2: len(whole) // 2 + 64] = b"\xff" * 64
    path = tmp_path / "corrupt.nmea.gz"
    path.write_bytes(bytes(whole))
    with pytest.raises(zlib.error):
        zlib.decompressobj(wbits=31).decompress(bytes(whole))
    db = tmp_path / "corrupt.duckdb"
    rep, _ = ingest(db, path)
    assert rep.status == "failed" and "Error -3 while decompressing data" in rep.message
    assert 2000 < rep.lines < story.count(b"\n")
    # what was stored is the input's first rep.lines lines, exactly
    lines = b"".join(x + b"\n" for x in story.split(b"\n")[:rep.lines])
    ref, ref_db = reference(tmp_path, lines)
    assert_same(rep, db, ref, ref_db)


def test_corrupt_xz_is_reported_not_raised(tmp_path, story):
    whole = bytearray(lzma.compress(story))
    whole[len(whole) // 2: len(whole) // 2 + 64] = b"\xff" * 64
    path = tmp_path / "corrupt.nmea.xz"
    path.write_bytes(bytes(whole))
    rep, _ = ingest(tmp_path / "xz.duckdb", path)
    assert rep.status == "failed" and "Corrupt input data" in rep.message
    assert rep.stored > 0


@pytest.mark.parametrize("head", [b"", b"\n \n\r\n" * 50])
def test_nothing_readable_before_the_cut(tmp_path, story, head):
    """No complete non-blank line before the error: nothing stored, the input reported failed."""
    whole = gzip.compress(head + story, mtime=0)
    # the shortest cut that decompresses past ``head`` but not to the end of the first line
    n = next(n for n in range(10, len(whole)) if len(readable("gz", whole[:n])) > len(head))
    path = tmp_path / "cut.nmea.gz"
    path.write_bytes(whole[:n])
    assert b"\n" not in readable("gz", whole[:n])[len(head):]
    db = tmp_path / "none.duckdb"
    rep, log = ingest(db, path)
    assert rep.status == "failed" and rep.message == f"cannot read: {CUT_MESSAGE}"
    assert (rep.stored, rep.rejects, rep.lines, rep.blank) == (0, 0, head.count(b"\n"), head.count(b"\n"))
    assert log == []


def test_truncated_csv_gzip(tmp_path):
    data = (AIS / "marinecadastre_AIS_2023_01_11_sample_aisdb.csv").read_bytes()
    path, prefix = cut_file(tmp_path, data, "gz", 0.5, name="cut.csv")
    lines = complete_lines(prefix)
    ref, ref_db = reference(tmp_path, lines, name="prefix.csv", decoder="fast")
    db = tmp_path / "csv.duckdb"
    rep, _ = ingest(db, path)
    assert rep.status == "failed" and CUT_MESSAGE in rep.message and rep.format == ref.format == "csv:noaa"
    assert rep.lines == lines.count(b"\n") and rep.stored == ref.stored > 100
    assert_same(rep, db, ref, ref_db)


# ---- as a user runs it -------------------------------------------------------------------------------

def test_truncated_gzip_through_the_cli(tmp_path, story):
    path, prefix = cut_file(tmp_path, story, "gz", 0.4)
    lines = complete_lines(prefix)
    ref, _ = reference(tmp_path, lines)
    db = tmp_path / "cli.duckdb"
    p = run_cli("ingest", path, db=db, check=False)  # the summary table, as a user sees it
    assert p.returncode == 1, p.stderr_text
    shown = " ".join((p.stdout_text + p.stderr_text).split())  # rich wraps long lines
    assert f"failed {path}" in shown and CUT_MESSAGE in shown and "Traceback" not in shown
    assert f"lines │ {ref.lines:,}" in shown
    stats = json.loads(run_cli("stats", "--format", "json", db=db).stdout_text)
    assert stats["messages"] == ref.stored
    # blocks of 1,500 lines: the error comes after several committed blocks
    db2 = tmp_path / "cli2.duckdb"
    p = run_cli("ingest", path, "--json", "--set", "ingest.chunk_lines=1500", db=db2, check=False)
    assert p.returncode == 1
    (src,) = json.loads(p.stdout_text)["sources"]
    assert src["status"] == "failed" and CUT_MESSAGE in src["message"]
    assert (src["lines"], src["stored"], src["duplicates"], src["rejects"]) == (
        ref.lines, ref.stored, ref.duplicates, ref.rejects)
