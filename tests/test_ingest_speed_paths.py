"""The fast ingest's own code paths (seasentry.ingest.batch_store, the byte-block reader, the
writer thread, Store.write_batch): same rows and counts as the reference path, whatever the
batch boundaries; errors and interruptions in the middle of an ingest."""

from __future__ import annotations

import io
import itertools
import lzma
import threading
import zlib

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from conftest import AIS, examples, store_tables
from hypothesis import given, settings
from hypothesis import strategies as st

import seasentry
from seasentry import schema as S
from seasentry.config import Config
from seasentry.ingest import batch_store as B
from seasentry.ingest import pipeline
from seasentry.ingest.nmea import nmea_checksum
from seasentry.ingest.sources import iter_line_blocks

T0 = 1_714_521_600  # 2024-05-01T00:00:00Z


def _ingest(db, files, decoder="fast", chunk_lines=None, **kw):
    cfg = Config()
    if chunk_lines:
        cfg.ingest.chunk_lines = chunk_lines
    s = seasentry.open(db, config=cfg)
    rep = s.ingest([str(f) for f in files], decoder=decoder, refresh=False, **kw)
    s.close()
    return rep


def _line(body: str, station: str, t: int) -> str:
    tag = f"s:{station},c:{t}"
    return f"\\{tag}*{nmea_checksum(tag):02X}\\!{body}*{nmea_checksum(body):02X}"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """The first 6000 lines of a generated scenario corpus: the same message heard by several
    stations seconds apart (in-batch and cross-batch repeats), multipart statics, noise lines."""
    from seasentry.scenario.bulk import write_corpus
    d = tmp_path_factory.mktemp("scn")
    write_corpus(d, seed=3, hours=36, vessels=6, scale=1, story=False)
    lines = (d / "scenario.nmea").read_bytes().split(b"\n")[:6000]
    f = d / "head.nmea"
    f.write_bytes(b"\n".join(lines) + b"\n")
    return f


# ---- reading ---------------------------------------------------------------------------------------

_PIECES = st.lists(st.sampled_from([b"a", b"bc", b"\n", b"\r\n", b" ", b"\t", b"\xe9"]), max_size=60)


def _offsets(blocks):
    return set(np.cumsum([len(b) for b in blocks]).tolist())


def _per_read_blocks(stream, block_bytes):
    """The archive ingest's former block reader (``fast.iter_byte_blocks``, merged into
    ``batch_store.iter_byte_blocks``): each read of ``block_bytes`` gives its whole lines."""
    rest = b""
    while True:
        block = stream.read(block_bytes)
        if not block:
            break
        data = rest + block
        cut = data.rfind(b"\n")
        if cut < 0:
            rest = data
            continue
        rest = data[cut + 1:]
        yield data[:cut + 1]
    if rest:
        yield rest


@settings(max_examples=examples(300), deadline=None)
@given(data=_PIECES, read=st.one_of(st.none(), st.integers(1, 9)), block=st.sampled_from([1, 4, 10, 10**9]),
       max_lines=st.one_of(st.none(), st.integers(1, 5)))
def test_byte_blocks_are_whole_lines_and_give_the_same_lines(data, read, block, max_lines):
    buf = b"".join(data)
    blocks = list(B.iter_byte_blocks(io.BytesIO(buf), block, max_lines, read_bytes=read))
    assert b"".join(blocks) == buf
    assert all(b.endswith(b"\n") for b in blocks[:-1]) and all(blocks)
    if max_lines is not None:
        assert all(B.count_lines(b) <= max_lines for b in blocks)
        if block == 10**9:  # only the line count cuts: every batch but the last is full
            assert all(B.count_lines(b) == max_lines for b in blocks[:-1])
    else:  # only the size cuts: a batch is cut once block bytes were read, after its last newline
        assert all(len(b) + len(nxt.split(b"\n", 1)[0]) >= block for b, nxt in itertools.pairwise(blocks))
        if read is None:  # one batch per read, as the archive ingest's former reader (the last may merge)
            old = list(_per_read_blocks(io.BytesIO(buf), block))
            assert _offsets(blocks) <= _offsets(old) and len(blocks) >= len(old) - 1
    n = max_lines or 5
    ref = [x for blk in iter_line_blocks(io.BytesIO(buf), n, read or 4) for x in blk]
    assert [x for blk in B.line_lists(blocks, n) for x in blk] == ref
    assert sum(B.count_lines(b) for b in blocks) == len(ref)
    first = next((x for x in ref if x.strip()), None)
    assert B.first_nonblank_line(buf) == first


class _FailingStream:
    """Gives ``buf[:fail_at]`` (in reads of at most ``n`` bytes), then raises ``exc`` on the next
    read, as ``sources.CountingReader`` does with a truncated compressed input."""

    def __init__(self, buf: bytes, fail_at: int, exc: BaseException) -> None:
        self.buf, self.fail_at, self.exc, self.pos = buf, fail_at, exc, 0

    def read(self, n: int) -> bytes:
        if self.pos >= self.fail_at:
            raise self.exc
        b = self.buf[self.pos:min(self.pos + n, self.fail_at)]
        self.pos += len(b)
        return b


@settings(max_examples=examples(300), deadline=None)
@given(data=_PIECES, cut=st.floats(0, 1), read=st.one_of(st.none(), st.integers(1, 9)),
       block=st.sampled_from([1, 4, 10, 10**9]), max_lines=st.one_of(st.none(), st.integers(1, 5)),
       exc=st.sampled_from([EOFError("Compressed file ended"), OSError("Invalid data stream"),
                            zlib.error("Error -3 while decompressing data"), lzma.LZMAError("Corrupt input data")]))
def test_a_read_error_ends_the_blocks_after_the_whole_lines_before_it(data, cut, read, block, max_lines, exc):
    buf = b"".join(data)
    fail_at = int(cut * len(buf))
    before = buf[:fail_at]
    whole = before[:before.rfind(b"\n") + 1]  # the line cut by the error is dropped
    blocks = []
    with pytest.raises(type(exc)) as got:
        for b in B.iter_byte_blocks(_FailingStream(buf, fail_at, exc), block, max_lines, read_bytes=read):
            blocks.append(b)  # noqa: PERF402 - the blocks before the error are kept
    assert got.value is exc
    assert b"".join(blocks) == whole
    assert all(b.endswith(b"\n") for b in blocks)
    if max_lines is not None:
        assert all(B.count_lines(b) <= max_lines for b in blocks)


def test_other_errors_are_not_taken_for_the_end_of_the_input():
    class Broken:
        def read(self, n):
            raise TypeError("a bug, not bad input")
    with pytest.raises(TypeError):
        list(B.iter_byte_blocks(Broken(), 4))


# ---- in-batch de-duplication -------------------------------------------------------------------------

@settings(max_examples=examples(200), deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 100)), max_size=40), window=st.integers(0, 40))
def test_dedup_in_batch_equals_the_reference_rule(rows, window):
    keys = np.array([k for k, _ in rows], np.int64)
    ts = np.array([t for _, t in rows], np.int64) * B.US
    meta = pl.DataFrame({"msg_key": keys, "ts": pl.Series(ts, dtype=pl.Int64).cast(pl.Datetime("us")),
                         "_n": np.arange(len(rows))})
    ref = pipeline._dedup_batch(meta, window)["_n"].to_numpy() if rows else np.zeros(0, np.int64)
    assert np.flatnonzero(B.dedup_in_batch(keys, ts, window * B.US)).tolist() == ref.tolist()


def _plain_repeats(keys, ts, window_us, pre):
    """The rule written plainly: rows in order; a row flagged ``pre`` is a repeat (and not kept);
    else it is a repeat when a kept row of the same key lies within the window."""
    kept: dict[int, list[int]] = {}
    out = []
    for k, t, p in zip(keys.tolist(), ts.tolist(), pre.tolist()):
        hit = p or any(abs(t - x) <= window_us for x in kept.get(k, []))
        if not hit:
            kept.setdefault(k, []).append(t)
        out.append(hit)
    return out


# keys of the whole int64 range, few of them (repeats), some sharing the low bits the hash table uses
_KEYS = st.sampled_from([0, 1, -1, 2**63 - 1, -2**63, 1 << 24, 2 << 24, 3 << 40, -(5 << 30), 7, 123456789012345])


@settings(max_examples=examples(300), deadline=None)
@given(rows=st.lists(st.tuples(_KEYS | st.integers(-2**63, 2**63 - 1), st.integers(0, 100), st.booleans()),
                     max_size=60), window=st.integers(0, 40))
def test_dedup_in_batch_with_stored_flags_and_any_keys_equals_the_plain_rule(rows, window):
    """The compiled rule (a hash table of the keys) against the plain one, with rows already
    flagged as repeats of stored messages and keys anywhere in int64 (colliding slots)."""
    keys = np.array([k for k, _, _ in rows], np.int64)
    ts = np.array([t for _, t, _ in rows], np.int64) * B.US
    pre = np.array([p for _, _, p in rows], bool)
    got = ~B.dedup_in_batch(keys, ts, window * B.US, pre)
    assert got.tolist() == _plain_repeats(keys, ts, window * B.US, pre)


def test_dedup_in_batch_between_and_beyond_the_kept_copies_of_a_key():
    """The kernel skips the walk of a key's kept copies when a message lies more than the window
    before the earliest or after the latest of them: a message between two far-apart kept copies
    is kept, one within the window of the oldest copy (behind newer ones) is a repeat, one
    beyond every copy is kept; the copies of a static report sent all day are each kept."""
    w = 10 * B.US
    keys = np.array([7, 7, 7, 7, 7, 7, 8], np.int64)
    ts = np.array([0, 100, 50, 5, 200, 108, 0], np.int64) * B.US
    assert (~B.dedup_in_batch(keys, ts, w)).tolist() == [False, False, False, True, False, True, False]
    day = np.arange(0, 86_400, 360, dtype=np.int64) * B.US
    assert B.dedup_in_batch(np.full(len(day), 5, np.int64), day, 30 * B.US).all()
    assert _plain_repeats(keys, ts, w, np.zeros(len(keys), bool)) == (~B.dedup_in_batch(keys, ts, w)).tolist()


def test_of_repeats_at_the_same_time_the_first_read_is_kept(tmp_path):
    body = "AIVDM,1,1,,A,15NBj>PP1gG>1PVKTDTUJOv00<0M,0"
    f = tmp_path / "same_second.nmea"
    f.write_text("\n".join([_line(body, "B", T0), _line(body, "A", T0), _line(body, "C", T0 + 1)]) + "\n")
    for dec in ("fast", "pyais"):
        db = tmp_path / f"{dec}.duckdb"
        rep = _ingest(db, [f], decoder=dec).sources[0]
        assert (rep.stored, rep.duplicates) == (1, 2)
        s = seasentry.open(db)
        assert s.con.execute("SELECT line_no FROM raw_messages").fetchall() == [(1,)]
        s.close()


# ---- same rows as the reference path, any batch boundary ----------------------------------------------

@pytest.mark.parametrize("chunk_lines", [7, 1000, 200_000])
def test_fast_ingest_stores_what_the_reference_stores(tmp_path, scenario, chunk_lines):
    files = [scenario, AIS / "gfw_multi-part.nmea", AIS / "gatehouse.nmea", AIS / "norwegian.raw"]
    if chunk_lines == 7:  # many small batches: multipart messages and repeats straddle their boundaries
        files = [tmp_path / "small.nmea", AIS / "gfw_multi-part.nmea"]
        files[0].write_bytes(b"\n".join(scenario.read_bytes().split(b"\n")[:250]) + b"\n")
    reps = {}
    for dec in ("fast", "pyais"):
        reps[dec] = _ingest(tmp_path / f"{dec}.duckdb", files, decoder=dec, chunk_lines=chunk_lines,
                            base_time="2024-05-01T00:00:00Z")
    a, b = store_tables(tmp_path / "fast.duckdb"), store_tables(tmp_path / "pyais.duckdb")
    for t in a:
        assert a[t] == b[t], t
    assert len(a["raw_messages"]) > (150 if chunk_lines == 7 else 3000)
    for sf, sp in zip(reps["fast"].sources, reps["pyais"].sources):
        cf, cp = sf.counts(), sp.counts()
        assert cf == cp, (sf.name, cf, cp)
        assert (sf.first_ts, sf.last_ts) == (sp.first_ts, sp.last_ts)
    if chunk_lines == 7:  # repeats across batch boundaries were found in the store
        tot = reps["fast"].total()
        assert tot.duplicates > 0 and tot.stored + tot.duplicates == tot.messages


def test_repeats_across_batches_and_a_second_file(tmp_path):
    body = "AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0"
    other = "AIVDM,1,1,,A,13chhv0P1e13>5lD`:JQ7Pv:0000,0"
    lines = [_line(body, "A", T0), _line(other, "A", T0 + 5),
             _line(body, "B", T0 + 20),  # next batch (chunk_lines=2), within 30 s of the stored one
             _line(body, "A", T0 + 600)]  # a new report of the same content, 10 min later
    f = tmp_path / "a.nmea"
    f.write_text("\n".join(lines) + "\n")
    db = tmp_path / "s.duckdb"
    r = _ingest(db, [f], chunk_lines=2).sources[0]
    assert (r.messages, r.stored, r.duplicates) == (4, 3, 1)
    # an overlapping file: everything in it is already stored
    g = tmp_path / "b.nmea"
    g.write_text("\n".join([_line(body, "C", T0 + 3), _line(other, "C", T0 + 6)]) + "\n")
    r = _ingest(db, [g]).sources[0]
    assert (r.messages, r.stored, r.duplicates, r.positions) == (2, 0, 2, 0)  # positions: rows stored
    s = seasentry.open(db)
    assert s.con.execute("SELECT count(*) FROM positions").fetchone()[0] == 3
    assert s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0] == 3
    s.close()


# ---- Store.write_batch ----------------------------------------------------------------------------------

def _batch(keys, secs, source_id=1, line0=1):
    n = len(keys)
    ts = pa.array(np.asarray(secs, np.int64) * B.US, pa.int64()).cast(S.TS)
    common = {"ts": ts, "station": pa.nulls(n, pa.string()), "time_source": pa.array(["tagblock"] * n),
              "source_id": pa.array([source_id] * n, pa.int32()), "line_no": pa.array(range(line0, line0 + n), pa.int64()),
              "msg_key": pa.array(keys, pa.int64())}
    pos = pa.table({f.name: common[f.name] if f.name in common else
                    (pa.array([211000000 + k for k in keys], pa.int64()) if f.name == "mmsi" else
                     pa.array([1] * n, pa.int8()) if f.name == "msg_type" else pa.nulls(n, f.type))
                    for f in S.POSITIONS}, schema=S.POSITIONS)
    raw = pa.table({f.name: common[f.name] if f.name in common else pa.array([f"m{k}" for k in keys])
                    for f in S.RAW}, schema=S.RAW)
    return pos, raw


def test_write_batch_skips_stored_messages_and_keeps_tables_consistent(tmp_path):
    s = seasentry.open(tmp_path / "w.duckdb")
    e = lambda sch: sch.empty_table()
    pos, raw = _batch([1, 2, 3], [100, 200, 300])
    assert s.write_batch(pos, e(S.STATICS), e(S.OTHER), raw, e(S.REJECTS)) == (3, 0)
    # key 1 again within the window (dup), key 2 outside it (new), key 3 with another time far away,
    # key 4 new; the batch also lies partly outside the stored span
    pos, raw = _batch([1, 2, 3, 4], [110, 260, 5000, 5000], line0=10)
    assert s.write_batch(pos, e(S.STATICS), e(S.OTHER), raw, e(S.REJECTS)) == (3, 1)
    got = s.con.execute("SELECT msg_key, epoch(ts)::BIGINT FROM raw_messages ORDER BY ALL").fetchall()
    assert got == [(1, 100), (2, 200), (2, 260), (3, 300), (3, 5000), (4, 5000)]
    assert s.con.execute("SELECT msg_key, epoch(ts)::BIGINT FROM positions ORDER BY ALL").fetchall() == got
    # types cast when a caller hands other column types (e.g. int32 line numbers)
    pos, raw = _batch([9], [7000])
    raw = raw.set_column(3, "line_no", pa.array([5], pa.int32()))
    assert s.write_batch(pos, e(S.STATICS), e(S.OTHER), raw, e(S.REJECTS)) == (1, 0)
    # rejects are not stored twice for the same source, line and reason
    rej = pa.table({"source_id": pa.array([1, 1], pa.int32()), "line_no": pa.array([4, 5], pa.int64()),
                    "reason": ["bad_checksum", "not_ais"], "detail": ["x", "y"], "raw": ["a", "b"]}, schema=S.REJECTS)
    for _ in range(2):
        s.write_batch(e(S.POSITIONS), e(S.STATICS), e(S.OTHER), e(S.RAW), rej)
    assert s.con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 2
    s.close()


def test_write_batch_failure_rolls_back_the_whole_batch(tmp_path):
    s = seasentry.open(tmp_path / "r.duckdb")
    pos, raw = _batch([1, 2], [100, 200])
    bad = pa.table({"source_id": pa.array([1], pa.int32()), "line_no": pa.array([1], pa.int64())})  # no reason column
    with pytest.raises(KeyError):
        s.write_batch(pos, S.STATICS.empty_table(), S.OTHER.empty_table(), raw, bad)
    assert s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0] == 0
    assert s.con.execute("SELECT count(*) FROM positions").fetchone()[0] == 0
    s.close()


# ---- the writer thread --------------------------------------------------------------------------------------

def test_writer_error_reaches_the_caller_and_earlier_batches_stay(tmp_path, scenario, monkeypatch):
    db = tmp_path / "e.duckdb"
    cfg = Config()
    cfg.ingest.chunk_lines = 1000
    s = seasentry.open(db, config=cfg)
    real = s.write_batch
    calls = []

    class DiskFull(RuntimeError):
        pass

    def flaky(*a):
        calls.append(threading.current_thread().name)
        if len(calls) == 3:
            raise DiskFull("no space left on device")
        return real(*a)

    monkeypatch.setattr(s, "write_batch", flaky)
    with pytest.raises(DiskFull):
        s.ingest([str(scenario)], refresh=False)
    assert set(calls) == {"seasentry-store-writer"}  # only the writer thread wrote
    assert not any(t.name == "seasentry-store-writer" for t in threading.enumerate())
    n = s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0]
    assert 0 < n and s.con.execute("SELECT status FROM sources").fetchall() == [("partial",)]
    monkeypatch.setattr(s, "write_batch", real)
    rep = s.ingest([str(scenario)], refresh=False).sources[0]  # the re-run completes the source
    s.close()
    ref = _ingest(tmp_path / "ref.duckdb", [scenario], chunk_lines=1000)
    assert store_tables(db) == store_tables(tmp_path / "ref.duckdb")
    assert rep.stored == ref.sources[0].stored - n


def test_interrupt_in_the_main_thread_stops_the_writer_then_rerun_completes(tmp_path, scenario):
    db = tmp_path / "i.duckdb"
    cfg = Config()
    cfg.ingest.chunk_lines = 500
    s = seasentry.open(db, config=cfg)
    seen = []

    def progress(name, done, total):
        seen.append(done)
        if len(seen) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        s.ingest([str(scenario)], progress=progress, refresh=False)
    assert not any(t.name == "seasentry-store-writer" for t in threading.enumerate())
    # the connection is usable at once; whole batches only (500 lines each, in order)
    lines = s.con.execute("SELECT max(line_no) FROM raw_messages").fetchone()[0]
    n = s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0]
    assert n > 0 and lines <= 4 * 500
    seen.clear()
    rep = s.ingest([str(scenario)], progress=lambda *a: seen.append(a[1]), refresh=False).sources[0]
    s.close()
    assert rep.status == "complete" and seen == sorted(seen) and seen[-1] == scenario.stat().st_size
    _ingest(tmp_path / "ref.duckdb", [scenario])
    assert store_tables(db) == store_tables(tmp_path / "ref.duckdb")


def test_store_writer_keeps_order_and_abort_drops_waiting_batches():
    done = []
    gate = threading.Event()

    class FakeStore:
        from seasentry.config import Config
        config = Config()
        con = None

        def _stored_repeats(self, raw, w_us, reg):  # nothing stored: no repeats of stored messages
            return None

        def write_batch(self, pos, sta, oth, raw, rej):
            gate.wait(5)
            done.append(raw.column("msg_key")[0].as_py())
            return raw.num_rows, 0

    rep = pipeline.SourceReport("x")

    def pb(k):
        return B.PreparedBatch(S.POSITIONS.empty_table(), S.STATICS.empty_table(), S.OTHER.empty_table(),
                               _batch([k], [k])[1], S.REJECTS.empty_table())

    w = B.StoreWriter(FakeStore(), rep, depth=2)
    gate.set()
    for k in range(6):
        w.submit(pb(k))
    w.close()
    assert done == list(range(6)) and rep.stored == 6
    done.clear()
    gate.clear()
    w = B.StoreWriter(FakeStore(), rep, depth=2)
    for k in range(3):  # one being written (blocked), two waiting
        w.submit(pb(k))
    t = threading.Timer(0.2, gate.set)
    t.start()
    w.abort()
    t.join()
    assert done == [0]
