"""Issue 19 (CPU per message): an ingest worker finds the newest position of each vessel and input
of a flush (its share of ``Store.fold_positions``) with one compiled pass (``bulk.flush_latest``,
``_bulk_kernels.latest_per_key``) instead of a polars group-by.

Asserted: ``flush_latest`` returns the table ``_latest_rows`` returns (rows, order, columns,
types, first/last times) for random flushes of two chunks with repeated vessels, several inputs,
ties in time (``_seq`` decides), positions without a latitude and rows flagged ``_dup``; and one
worker writes the same part files and latest-position candidates with either.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seasentry import parts as P
from seasentry.config import Config
from seasentry.distributed.archive import HASH_NAME
from seasentry.ingest import bulk as B


@st.composite
def flushes(draw):
    n = draw(st.integers(0, 60))
    ints = st.integers
    mmsi = draw(st.lists(ints(1, 4), min_size=n, max_size=n))
    sid = draw(st.lists(ints(1, 2), min_size=n, max_size=n))
    ts = draw(st.lists(ints(0, 5), min_size=n, max_size=n))  # ties in time: _seq decides
    seq = draw(st.permutations(list(range(n))))
    lat = draw(st.lists(st.one_of(st.none(), st.floats(-90, 90)), min_size=n, max_size=n))
    dup = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    cols = {}
    for f in P.TABLES["positions"]:
        if f.name == "mmsi":
            cols[f.name] = pa.array(mmsi, f.type)
        elif f.name == "source_id":
            cols[f.name] = pa.array(sid, f.type)
        elif f.name == "ts":
            cols[f.name] = pa.array([x * 1_000_000 for x in ts], pa.int64()).cast(f.type)
        elif f.name == "lat":
            cols[f.name] = pa.array(lat, f.type)
        elif f.name == "line_no":
            cols[f.name] = pa.array(list(range(n)), f.type)
        else:
            cols[f.name] = pa.nulls(n, f.type)
    cols["_seq"] = pa.array(seq, pa.int64())
    cols["_dup"] = pa.array(dup, pa.bool_())
    t = pa.Table.from_pydict(cols, schema=P.part_schema("positions"))
    cut = draw(st.integers(0, n))  # two pieces: a table of two chunks, as a flush's
    return pa.concat_tables([t.slice(0, cut), t.slice(cut)])


@settings(max_examples=300, deadline=None)
@given(flushes())
def test_flush_latest_equals_the_polars_group_by(t):
    got = B.flush_latest(t)
    want = B._latest_rows(t, ~t.column("_dup").to_numpy(zero_copy_only=False))
    if want is None:
        assert got is None
        return
    assert got.schema == want.schema
    assert got.equals(want)


@pytest.fixture(scope="module")
def nmea(tmp_path_factory):
    from seasentry.scenario import generate

    d = tmp_path_factory.mktemp("latest")
    return Path(generate(seed=5, hours=36, vessels=40).write(d / "sc")["nmea"])


def _files(root: Path) -> dict:
    out = {}
    for p in sorted(root.rglob("*.parquet")):
        f = pq.ParquetFile(p)
        out[str(p.relative_to(root))] = (f.metadata.num_row_groups, f.read().to_pylist())
    return out


def test_worker_writes_the_same_files_as_with_the_group_by(nmea, tmp_path, monkeypatch):
    cfg = Config().copy_with("store.flush_messages", 3000).copy_with("store.sort_messages", 1000)
    spec = {"index": 0, "source_id": 1, "path": str(nmea), "member": None, "name": nmea.name,
            "size": nmea.stat().st_size}
    monkeypatch.setattr(B, "BULK_BLOCK_BYTES", 1 << 14)
    calls = []
    fast = B.flush_latest

    def spy(t):
        calls.append(t.num_rows)
        return fast(t)

    monkeypatch.setattr(B, "flush_latest", spy)
    new = B._ingest_worker(0, [spec], str(tmp_path / "new"), 16, HASH_NAME, "r", cfg, None, "auto")
    assert len(calls) > 3
    monkeypatch.setattr(B, "flush_latest", lambda t: B._latest_rows(t, ~t.column("_dup").to_numpy(zero_copy_only=False)))
    old = B._ingest_worker(0, [spec], str(tmp_path / "old"), 16, HASH_NAME, "r", cfg, None, "auto")
    assert new["files"] == old["files"]
    assert [{k: v for k, v in r.items() if k != "seconds"} for r in new["records"]] == \
        [{k: v for k, v in r.items() if k != "seconds"} for r in old["records"]]
    fn, fo = _files(tmp_path / "new"), _files(tmp_path / "old")
    assert any("latest-" in k for k in fn) and any(k.startswith("positions") for k in fn)
    assert fn == fo


def test_raw_messages_hold_each_stored_message_line(nmea, tmp_path, monkeypatch):
    """The raw_messages rows of a worker: one per stored message, with its line number and text,
    in blocks where every message is stored (no filter of the raw text) and in blocks with
    messages that are framed but not stored (a payload too short for its type)."""
    from seasentry.ingest.nmea import nmea_checksum

    lines = nmea.read_text().splitlines()
    body = "AIVDM,1,1,,A,1,0"
    short = f"!{body}*{nmea_checksum(body):02X},1700000000"
    mixed = lines[:300] + [short] + lines[300:]
    path = tmp_path / "mixed.nmea"
    path.write_text("\n".join(mixed) + "\n")
    spec = {"index": 0, "source_id": 1, "path": str(path), "member": None, "name": path.name,
            "size": path.stat().st_size}
    monkeypatch.setattr(B, "BULK_BLOCK_BYTES", 1 << 14)
    out = B._ingest_worker(0, [spec], str(tmp_path / "w"), 16, HASH_NAME, "r", Config(), None, "auto")
    assert out["records"][0]["rejects_by_reason"].get("bad_bitcount") == 1
    raw = pa.concat_tables([pq.read_table(p) for p in (tmp_path / "w" / "raw_messages").rglob("*.parquet")])
    stored = sum(pq.read_metadata(p).num_rows for t in ("positions", "statics", "other_messages")
                 for p in (tmp_path / "w" / t).rglob("*.parquet"))
    assert raw.num_rows == stored - sum(  # types 19 and 21 are in positions and statics
        pq.read_table(p, columns=["msg_type"]).column("msg_type").to_pylist().count(t)
        for p in (tmp_path / "w" / "statics").rglob("*.parquet") for t in (19, 21))
    assert short not in raw.column("raw").to_pylist()
    for ln, text in zip(raw.column("line_no").to_pylist(), raw.column("raw").to_pylist()):
        assert text.split("\n")[0] == mixed[ln - 1].strip()


def test_rejects_file_is_the_same_with_buffered_writes(nmea, tmp_path, monkeypatch):
    """A worker's rejects file holds the same rows in the same order whether each block's rejects
    are written as they come (``BUFFER_ROWS`` 1, the code before) or gathered into fewer row
    groups."""
    from seasentry.ingest.nmea import nmea_checksum

    lines = nmea.read_text().splitlines()
    bad = []
    for k in range(40):  # rejects of several kinds spread over many blocks
        body = "AIVDM,1,1,,A,1,0"
        bad.append((k * 97, f"!{body}*{nmea_checksum(body):02X},1700000000" if k % 3 else f"garbage line {k}"))
    mixed = list(lines)
    for at, line in reversed(bad):
        mixed.insert(at, line)
    path = tmp_path / "mixed.nmea"
    path.write_text("\n".join(mixed) + "\n")
    spec = {"index": 0, "source_id": 1, "path": str(path), "member": None, "name": path.name,
            "size": path.stat().st_size}
    monkeypatch.setattr(B, "BULK_BLOCK_BYTES", 1 << 12)
    out = {}
    for rows in (1, 16, B._RejectWriter.BUFFER_ROWS):
        monkeypatch.setattr(B._RejectWriter, "BUFFER_ROWS", rows)
        o = B._ingest_worker(0, [spec], str(tmp_path / f"w{rows}"), 16, HASH_NAME, "r", Config(), None, "auto")
        f = pq.ParquetFile(o["rejects"])
        out[rows] = (f.metadata.num_row_groups, f.read())
    assert out[1][1].num_rows >= 40
    assert out[1][0] > out[16][0] > out[B._RejectWriter.BUFFER_ROWS][0] >= 1
    assert out[1][1].equals(out[16][1]) and out[1][1].equals(out[B._RejectWriter.BUFFER_ROWS][1])
