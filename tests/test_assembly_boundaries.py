"""The assembler gives the same messages and rejects whatever the block boundaries, and its state
survives a snapshot (a live stream's checkpoint) and restore.

Both framers (the fast path's FastState + kernels, and NmeaFramer) on generated corpora with
multipart messages, sequence-id reuse, satellite-like late times and small times-to-live, cut
into blocks of random sizes, with the state snapshotted to JSON and restored into a fresh
assembler between some blocks.
"""

from __future__ import annotations

import json
import random

import pyarrow as pa
from hypothesis import given, settings, strategies as st

from conftest import AIS, examples
from seasentry.ingest import fast
from seasentry.ingest.nmea import NmeaFramer
from test_fast_decoder import T0, make_corpus


def _cuts(n: int, rng: random.Random) -> list[int]:
    cuts, i = [], 0
    while i < n:
        k = rng.choice([1, 2, 3, 7, 50, 400, 10_000])
        cuts.append(min(k, n - i))
        i += k
    return cuts


def _fast_run(lines: list[bytes], cuts, snap_every: int, ttl_lines: int, ttl_s: float):
    st = fast.FastState(base_time=T0, ttl_lines=ttl_lines, ttl_s=ttl_s)
    msgs, rejs = [], []
    i = 0
    for k, n in enumerate(cuts):
        buf = b"".join(x + b"\n" for x in lines[i:i + n])
        fb = fast.frame_and_decode(buf, i + 1, st)
        msgs += fb.messages.select(["line_no", "ts", "raw", "payload"]).to_pylist()
        rejs += fb.rejects.select(["line_no", "reason", "detail", "raw"]).to_pylist()
        i += n
        if snap_every and k % snap_every == 0:  # as a restart restores it from the checkpoint
            snap = json.loads(json.dumps(st.snapshot()))
            st = fast.FastState(base_time=T0, ttl_lines=ttl_lines, ttl_s=ttl_s)
            st.restore(snap)
    fb = fast.flush(st)
    rejs += fb.rejects.select(["line_no", "reason", "detail", "raw"]).to_pylist()
    # a block lists framing, then decoding, then cleaning rejects: compared as a set of rows
    return msgs, sorted(rejs, key=lambda r: (r["line_no"], r["reason"], r["detail"], r["raw"]))


def _ref_run(lines: list[bytes], cuts, snap_every: int, ttl_lines: int, ttl_s: float):
    fr = NmeaFramer(base_time=T0, ttl_lines=ttl_lines, ttl_s=ttl_s)
    msgs, rejs = [], []
    i = 0
    for k, n in enumerate(cuts):
        fb = fr.feed([x.decode("utf-8", "replace") for x in lines[i:i + n]], i + 1)
        msgs += [dict(line_no=a, ts=b, raw=c, payload=d) for a, b, c, d in zip(fb.line_no, fb.ts, fb.raw, fb.payload)]
        rejs += [dict(line_no=a, reason=b, detail=c, raw=d)
                 for a, b, c, d in zip(fb.rej_line_no, fb.rej_reason, fb.rej_detail, fb.rej_raw)]
        i += n
        if snap_every and k % snap_every == 0:
            snap = json.loads(json.dumps(fr.snapshot()))
            fr = NmeaFramer(base_time=T0, ttl_lines=ttl_lines, ttl_s=ttl_s)
            fr.restore(snap)
    fb = fr.flush()
    rejs += [dict(line_no=a, reason=b, detail=c, raw=d)
             for a, b, c, d in zip(fb.rej_line_no, fb.rej_reason, fb.rej_detail, fb.rej_raw)]
    return msgs, sorted(rejs, key=lambda r: (r["line_no"], r["reason"], r["detail"], r["raw"]))


def _corpus(seed: int, n: int) -> list[bytes]:
    lines = make_corpus(seed, n).split(b"\n")[:-1]
    rng = random.Random(seed)
    # interleave the first parts of a few messages with late (satellite-like) lines and junk
    out = []
    for ln in lines:
        out.append(ln)
        r = rng.random()
        if r < 0.03:
            out.append(b"# a comment quoting " + ln)
        elif r < 0.05:
            out.append(b"$GPGGA,1*00")
    return out


@settings(max_examples=examples(12), deadline=None)
@given(st.integers(0, 2 ** 31), st.sampled_from([(1000, 120.0), (6, 2.0), (15, 30.0)]))
def test_same_result_whatever_the_blocks_and_restores(seed, ttl):
    lines = _corpus(seed, 300)
    rng = random.Random(seed)
    whole = _fast_run(lines, [len(lines)], 0, *ttl)
    assert whole == _fast_run(lines, _cuts(len(lines), rng), rng.choice([1, 2, 5]), *ttl)
    assert whole == _fast_run(lines, [1] * len(lines), 0, *ttl)
    ref = _ref_run(lines, [len(lines)], 0, *ttl)
    assert ref == _ref_run(lines, _cuts(len(lines), rng), rng.choice([1, 3]), *ttl)
    # and the two framers agree (messages: line, time, raw text, payload; rejects in order)
    assert [(m["line_no"], m["ts"], m["raw"], m["payload"]) for m in whole[0]] == \
        [(m["line_no"], m["ts"], m["raw"], m["payload"]) for m in ref[0]]
    assert [r for r in whole[1] if r["reason"] not in ("bad_bitcount", "decode_error", "invalid_mmsi",
                                                       "invalid_position")] == ref[1]  # ref: framing only


def test_real_corpora_same_result_in_one_line_blocks():
    for name in ("exact-earth-with-tag-block.txt", "norwegian.raw", "gfw_multi-part.nmea", "gatehouse.nmea"):
        lines = (AIS / name).read_bytes().split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        for ttl in ((1000, 120.0), (3, 1.0)):
            a = _fast_run(lines, [len(lines)], 0, *ttl)
            assert a == _fast_run(lines, [1] * len(lines), 1, *ttl), (name, ttl)
            assert _ref_run(lines, [len(lines)], 0, *ttl) == _ref_run(lines, [1] * len(lines), 1, *ttl), (name, ttl)


def test_a_fragment_waits_for_its_station_not_for_another_stations_clock():
    """A satellite fragment whose time lags the terrestrial lines around it by hours still meets
    its second part; a fragment of the same station 121 s later is an orphan."""
    p5 = "55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp888888888880"
    a, b = p5[:60], p5[60:]
    from test_fast_decoder import sentence, tag
    lines = [tag(s="sat", c=int(T0)) + sentence(a, cnt=2, num=1, seq="1"),
             tag(s="land", c=int(T0 + 7200)) + sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M"),
             tag(s="sat", c=int(T0)) + sentence(b, fill=2, cnt=2, num=2, seq="1"),
             tag(s="sat", c=int(T0 + 10)) + sentence(a, cnt=2, num=1, seq="2"),
             tag(s="sat", c=int(T0 + 131)) + sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M"),
             tag(s="sat", c=int(T0 + 132)) + sentence(b, fill=2, cnt=2, num=2, seq="2")]
    lines_b = [x.encode() for x in lines]
    msgs, rejs = _fast_run(lines_b, [1] * len(lines_b), 0, 1000, 120.0)
    assert [m["line_no"] for m in msgs] == [2, 1, 5]
    assert [(r["line_no"], r["reason"]) for r in rejs] == [(4, "orphan_fragment"), (6, "orphan_fragment")]
    rm, rr = _ref_run(lines_b, [len(lines_b)], 0, 1000, 120.0)
    assert [m["line_no"] for m in rm] == [2, 1, 5] and rr == rejs


def test_snapshot_is_json_and_restores_exactly():
    lines = _corpus(5, 200)
    st = fast.FastState(base_time=T0)
    fast.frame_and_decode(b"".join(x + b"\n" for x in lines[:123]), 1, st)
    snap = st.snapshot()
    text = json.dumps(snap)
    st2 = fast.FastState(base_time=T0)
    st2.restore(json.loads(text))
    assert st2.snapshot() == snap and st2.first_line() == st.first_line()
    rest = b"".join(x + b"\n" for x in lines[123:])
    a = fast.frame_and_decode(rest, 124, st)
    b = fast.frame_and_decode(rest, 124, st2)
    assert a.messages.equals(b.messages) and a.rejects.equals(b.rejects)
    assert isinstance(a.messages, pa.Table)
