"""Issue 19: a large plain NMEA input of a bulk ingest is cut into byte ranges read by several
workers (``store.split_min_mb``), with the result of reading it whole.

In-process (the workers' code on ranges cut where the test says): the same rows in every table
(``raw_messages.line_no`` included, in the same framer order once ``_seq`` is mapped back to the
message's number in its input), the same rejects (global line numbers) and the same counts, for
cuts inside multipart groups, inside interleaved groups, after a lost fragment, with CRLF line
ends, without a trailing newline, in a file of rejects only, on the fixtures and on every plain
corpus of ../shared/data/ais_nmea (skipped when absent); a hypothesis test of the cut rule on
generated line sequences (where the hand-over check refuses a cut, ingest_bulk reads the input
whole: asserted through the CLI). Through the CLI (two workers, ``store.split_min_mb=0``): the
stored tables, rejects and ingest log of a cut input equal those of the same input read whole.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, examples, run_cli, store_tables

import seasentry
from seasentry import parts as P
from seasentry.config import Config
from seasentry.ingest import bulk as B
from seasentry.ingest import sources

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ais_nmea"
BULK = ["--set", "store.bulk_min_mb=0", "--set", "store.workers=2"]
WHOLE = BULK + ["--set", "store.split_min_mb=1000000"]
SPLIT = BULK + ["--set", "store.split_min_mb=0"]
#: record fields compared (the kept counts in "local" follow the workers' repeat flags, which the
#: merge makes exact: compared through the CLI)
COUNTS = ("status", "lines", "blank", "headers", "sentences", "messages", "rejects", "bytes", "rejects_by_reason")


# ------------------------------------------------------------------------------ NMEA text
def _cs(body: str) -> str:
    c = 0
    for ch in body:
        c ^= ord(ch)
    return f"{c:02X}"


def _sentence(cnt: int, num: int, seq: str, chan: str, payload: str, fill: int = 0, t: int | None = None,
              station: str = "S1") -> str:
    body = f"AIVDM,{cnt},{num},{seq},{chan},{payload},{fill}"
    s = f"!{body}*{_cs(body)}"
    if t is None:
        return s
    tb = f"s:{station},c:{t}"
    return f"\\{tb}*{_cs(tb)}\\{s}"


# a type 1 position (varied in its middle characters) and the two parts of a message of
# tests/fixtures/ais/gfw_multi-part.nmea
POS = "13u?etPv2;0n:dDPwUM1U1Cb069D"
T5 = ("<M000000000000000000GcMvmEEEOPB6??uR0001np`R0;gbpaR@gP7GbSeH", "OeEEEGp4Qf<", 2)
T0 = 1_714_521_600
SIX = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW"


def _corpus(n: int, seed: int = 1, interleave: bool = True, lose: bool = True) -> list[str]:
    """``n`` lines: positions, two-part messages (interleaved across channels A and B, a lost
    first or second part now and then), a junk line and a blank one now and then."""
    rng = np.random.default_rng(seed)
    out: list[str] = []
    seq = 0
    open_: list[str] = []
    t = T0
    while len(out) < n:
        t += int(rng.integers(0, 3))
        r = rng.random()
        if r < 0.55:
            pos = POS[:12] + "".join(SIX[int(i)] for i in rng.integers(0, len(SIX), 4)) + POS[16:]
            out.append(_sentence(1, 1, "", "A", pos, t=t, station=f"S{int(rng.integers(1, 4))}"))
        elif r < 0.85:
            seq = (seq + 1) % 10
            chan = "AB"[seq % 2]
            p1 = _sentence(2, 1, str(seq), chan, T5[0], 0, t)
            p2 = _sentence(2, 2, str(seq), chan, T5[1], T5[2], None)
            if lose and rng.random() < 0.05:
                out.append(p1 if rng.random() < 0.5 else p2)
            elif interleave and rng.random() < 0.5:
                out.append(p1)
                open_.append(p2)
            else:
                out += [p1, p2]
        elif r < 0.92 and open_:
            out.append(open_.pop(0))
        elif r < 0.96:
            out.append("garbage line " + str(t))
        else:
            out.append("")
    return out + open_


# ------------------------------------------------------------------------------ in-process runs
def _cuts_at(path: Path, offsets: list[int]) -> list[tuple[int, int]]:
    """(offset, lines before) of line starts at the given byte offsets."""
    data = path.read_bytes()
    return [(o, data.count(b"\n", 0, o)) for o in offsets]


def _line_starts(path: Path) -> list[int]:
    data = path.read_bytes()
    return [i + 1 for i, b in enumerate(data) if b == 10 and i + 1 < len(data)]


def _ingest(path: Path, cuts, tmp: Path, cfg: Config | None = None, base_time=None) -> tuple[dict, bool, dict]:
    """The workers' code on ``path`` cut at ``cuts`` (no cut: read whole), in this process: the
    input's record, whether the hand-over check passed, and every row written (``_seq`` mapped
    back to the message's number in its input, ``_dup`` left out)."""
    cfg = cfg or Config()
    spec = {"index": 0, "source_id": 5, "path": str(path), "member": None, "name": str(path),
            "size": path.stat().st_size, "sha256": "-", "cuts": list(cuts)}
    root = tmp / uuid.uuid4().hex
    out = B._ingest_worker(0, B._ranges(spec), str(root), 4, "fib32", "t", cfg, base_time, "auto")
    recs = sorted(out["records"], key=lambda r: r.get("range", {}).get("k", 0))
    rec, ok = B._joined(recs)
    shifts = []
    before = 0
    for r in rec.get("ranges", []):
        shifts.append((r["seq"], r["seq"] - before))
        before += r["seqs"]
    rows: dict = {}
    for table in P.TABLES:
        files = [root / rel for (t, _k, rel, *_s) in out["files"] if t == table]
        ts = [pq.read_table(f) for f in files]
        t = pa.concat_tables(ts) if ts else None
        if t is None or not t.num_rows:
            rows[table] = []
            continue
        seq = t.column("_seq").to_numpy().copy()
        for seq0, shift in shifts:
            seq[t.column("_seq").to_numpy() >= seq0] = t.column("_seq").to_numpy()[
                t.column("_seq").to_numpy() >= seq0] - shift
        t = t.set_column(t.schema.get_field_index("_seq"), "_seq", pa.array(seq)).drop(["_dup"])
        rows[table] = sorted(t.to_pylist(), key=lambda d: (d["_seq"], repr(d)))
    rows["rejects"] = sorted(pq.read_table(out["rejects"]).to_pylist(), key=repr) if out["rejects"] else []
    return rec, ok, rows


def _same(whole, split) -> None:
    rec_w, ok_w, rows_w = whole
    rec_s, ok_s, rows_s = split
    assert ok_w and ok_s
    assert {k: rec_s[k] for k in COUNTS} == {k: rec_w[k] for k in COUNTS}
    for table in rows_w:
        assert rows_s[table] == rows_w[table], table


def _write(tmp: Path, lines: list[str], name="in.nmea", eol="\n", trailing=True) -> Path:
    p = tmp / name
    p.write_bytes((eol.join(lines) + (eol if trailing else "")).encode())
    return p


# ------------------------------------------------------------------------------ cut points
def test_fingerprint_cuts_at_line_starts_and_counts_the_lines_before(tmp_path, monkeypatch):
    p = _write(tmp_path, _corpus(300), trailing=False)
    data = p.read_bytes()
    sha, none = B._fingerprint(str(p), None)
    from seasentry.ingest.sources import Source

    assert none == [] and sha == Source(str(p), str(p), None, len(data), None).sha256()
    for block in (7, 100, 1 << 22):
        monkeypatch.setattr(sources, "FINGERPRINT_BLOCK", block)
        for pieces in (2, 3, 8):
            sha2, cuts = B._fingerprint(str(p), None, pieces)
            assert sha2 == sha and len(cuts) == pieces - 1
            for k, (off, before) in enumerate(cuts, 1):
                assert data[off - 1:off] == b"\n" and before == data.count(b"\n", 0, off)
                # the first line start at or after k * size / pieces
                assert off >= len(data) * k // pieces and b"\n" not in data[len(data) * k // pieces - 1:off - 1]


def test_csv_and_binary_inputs_are_not_cut(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("mmsi,lat,lon,ts\n" + "".join(f"2{i:08d},35.0,14.0,2024-05-01T00:00:00\n" for i in range(500)))
    assert B._fingerprint(str(csv), None, 2)[1] == []
    assert B._fingerprint(str(csv), None, 2, "nmea")[1] != []
    binary = tmp_path / "b.nmea"
    binary.write_bytes(bytes(range(256)) * 400)
    assert B._fingerprint(str(binary), None, 2)[1] == []


def test_only_large_plain_inputs_larger_than_a_share_are_cut(tmp_path):
    from seasentry.ingest.sources import Source

    def src(name, mb, member=None):
        return Source(name, str(tmp_path / name), member, int(mb * 1e6), None)

    cfg = Config()
    assert cfg.store.split_min_mb == 32.0
    assert B._pieces([src("a.nmea", 90)], cfg, 2) == [2]
    assert B._pieces([src("a.nmea", 90)], cfg, 1) == [1]
    assert B._pieces([src("a.nmea", 20)], cfg, 2) == [1]  # below store.split_min_mb
    assert B._pieces([src("a.nmea.gz", 90), src("b.zip", 90, "m.nmea"), src("c.bz2", 90)], cfg, 2) == [1, 1, 1]
    assert B._pieces([src(f"{i}.nmea", 256) for i in range(4)], cfg, 2) == [1] * 4  # already balanced
    assert B._pieces([src("a.nmea", 200), src("b.nmea", 10)], cfg, 2) == [2, 1]
    assert B._pieces([src("a.nmea", 400)], cfg, 8) == [8]


def test_inputs_are_cut_until_the_workers_get_even_shares(tmp_path):
    """The files of the 10M corpus (259, 256, 256, 128 MB) went whole to 2 workers as 387 and
    512 MB (the run waits for the slower one); cut in two each, 450 MB per worker. Never cut
    below ``store.split_min_mb``, nor a compressed input, nor into more ranges than workers."""
    from seasentry.ingest.sources import Source

    def src(name, mb):
        return Source(name, str(tmp_path / name), None, int(mb * 1e6), None)

    def loads(sources, pieces, workers):
        units = [s.size // n for s, n in zip(sources, pieces) for _ in range(n)]
        return sorted(round(sum(units[j] for j in idx) / 1e6) for idx in B._split(list(enumerate(units)), workers))

    cfg = Config()
    ten = [src("0.nmea", 259.478636), src("1.nmea", 256.34844), src("2.nmea", 256.348547), src("3.nmea", 128.275541)]
    assert loads(ten, [1] * 4, 2) == [388, 513]  # the plan of whole files
    pieces = B._pieces(ten, cfg, 2)
    assert pieces == [2, 2, 2, 2]
    assert loads(ten, pieces, 2) == [450, 450]
    # ranges of at least split_min_mb (32): 40 MB is not cut, the 70 MB file into two at most
    assert B._pieces([src("a.nmea", 70), src("b.nmea", 40), src("c.nmea", 40)], cfg, 2) == [2, 1, 1]
    assert B._pieces([src("a.nmea", 40), src("b.nmea", 40), src("c.nmea", 40)], cfg, 2) == [1, 1, 1]
    assert B._pieces([src("a.nmea", 300), src("b.nmea.gz", 300), src("c.nmea.gz", 300)], cfg, 2) == [2, 1, 1]
    assert B._pieces([src("a.nmea", 300), src("b.nmea", 300), src("c.nmea", 300)], cfg, 4) == [4, 4, 4]


# ------------------------------------------------------------------------------ same as whole
def test_cuts_inside_multipart_and_interleaved_groups(tmp_path):
    lines = _corpus(600)
    p = _write(tmp_path, lines)
    whole = _ingest(p, [], tmp_path)
    assert whole[0]["messages"] > 300 and whole[0]["rejects_by_reason"].get("orphan_fragment")
    starts = _line_starts(p)
    text = p.read_bytes()
    # every cut after a first part (between the parts of a message, or inside interleaved
    # groups: its second part comes later, or never), six ways to spread them; then a cut at
    # every 37th line start
    inside = [o for o in starts if b",2,1," in text[text.rfind(b"\n", 0, o - 1) + 1:o]]
    assert len(inside) > 50
    for group in (inside[i::6] for i in range(6)):
        _same(whole, _ingest(p, _cuts_at(p, group), tmp_path))
    _same(whole, _ingest(p, _cuts_at(p, starts[::37]), tmp_path))


@pytest.mark.parametrize("eol,trailing", [("\r\n", True), ("\r\n", False), ("\n", False)])
def test_crlf_and_no_trailing_newline(tmp_path, eol, trailing):
    p = _write(tmp_path, _corpus(300, seed=2), eol=eol, trailing=trailing)
    whole = _ingest(p, [], tmp_path)
    starts = _line_starts(p)
    for cuts in (starts[::50], starts[-1:], starts[:1], starts[140:143]):
        _same(whole, _ingest(p, _cuts_at(p, cuts), tmp_path))


def test_a_file_of_rejects_only(tmp_path):
    lines = [f"!AIVDM,1,1,,A,{POS},0*00" if i % 3 else f"junk {i}" for i in range(400)]
    p = _write(tmp_path, lines)
    whole = _ingest(p, [], tmp_path)
    assert whole[0]["messages"] == 0 and whole[0]["rejects"] == 400
    starts = _line_starts(p)
    _same(whole, _ingest(p, _cuts_at(p, starts[::61]), tmp_path))
    assert [r["line_no"] for r in _ingest(p, _cuts_at(p, starts[::61]), tmp_path)[2]["rejects"]] != []


def _plain_corpora():
    """The fixtures with multipart messages or $PGHP headers, and the plain files of
    ../shared/data/ais_nmea (when present)."""
    out = [FIXTURES / "ais" / n for n in ("gfw_multi-part.nmea", "exact-earth-with-tag-block.txt", "test.aivdm",
                                          "mixed.txt", "gatehouse.nmea")]
    if SHARED.is_dir():
        out += sorted(x for x in SHARED.rglob("*") if x.is_file() and x.suffix not in (".gz", ".json", ".md", ".zip"))
    return out


@pytest.mark.parametrize("path", _plain_corpora(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_corpora_cut_anywhere(tmp_path, path):
    """Fixtures and ../shared/data/ais_nmea (plain files): 16 cuts spread over the file, and the
    same 16 one line later (a base time for the files without times)."""
    base = 1_700_000_000.0
    whole = _ingest(path, [], tmp_path, base_time=base)
    starts = _line_starts(path)
    if not starts:
        pytest.skip("one line")
    sel = sorted({starts[min(len(starts) - 1, len(starts) * k // 17)] for k in range(1, 17)})
    later = sorted({starts[min(len(starts) - 1, starts.index(o) + 1)] for o in sel})
    for cuts in (sel, later):
        _same(whole, _ingest(path, _cuts_at(path, cuts), tmp_path, base_time=base))


def test_shared_corpora_with_multipart_present():
    if not SHARED.is_dir():
        pytest.skip("../shared/data/ais_nmea is absent")
    multi = [p for p in _plain_corpora() if SHARED in p.parents and b"VDM,2,1," in p.read_bytes()]
    assert len(multi) >= 3


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])
@given(n=st.integers(1, 400), seed=st.integers(0, 10_000), pieces=st.integers(2, 9), block=st.integers(5, 400),
       crlf=st.booleans(), trailing=st.booleans(), ttl=st.sampled_from([3, 10, 1000]),
       lookback=st.sampled_from([100, 1000, 1 << 18]))
def test_cut_rule_on_generated_lines(tmp_path, monkeypatch, n, seed, pieces, block, crlf, trailing, ttl, lookback):
    """The cut rule (first line start at or after k * size / pieces, lines before counted while
    hashing) and the range hand-over on generated lines with interleaved and lost fragments,
    with short lookbacks (from ``lookback`` bytes, at most 16 times more) and fragment lifetimes:
    when the hand-over check passes the result is the whole read's; when the lookback missed a
    waiting fragment it refuses (ingest_bulk then reads the input whole)."""
    monkeypatch.setattr(sources, "FINGERPRINT_BLOCK", block)
    monkeypatch.setattr(B, "LOOKBACK_MIN_BYTES", lookback)
    monkeypatch.setattr(B, "LOOKBACK_MAX_BYTES", lookback * 16)
    d = tmp_path / uuid.uuid4().hex
    d.mkdir()
    p = _write(d, _corpus(n, seed), eol="\r\n" if crlf else "\n", trailing=trailing)
    cfg = Config().copy_with("ingest.fragment_ttl_lines", ttl)
    _sha, cuts = B._fingerprint(str(p), None, pieces)
    data = p.read_bytes()
    assert [c for c, _ in cuts] == sorted({c for c, _ in cuts}) and all(0 < c < len(data) for c, _ in cuts)
    assert all(data[c - 1:c] == b"\n" and lb == data.count(b"\n", 0, c) for c, lb in cuts)
    whole = _ingest(p, [], d, cfg)
    split = _ingest(p, cuts, d, cfg)
    if split[1]:
        _same(whole, split)
    else:
        assert lookback < 1 << 18


# ------------------------------------------------------------------------------ through the CLI
def _sources(db) -> list[tuple]:
    s = seasentry.open(db, read_only=True)
    try:
        rows = s.con.execute("SELECT name, status, lines, messages, stored, duplicates, rejects, counts FROM sources "
                             "ORDER BY source_id").fetchall()
        latest = s.con.execute("SELECT * FROM latest_positions ORDER BY mmsi").fetchall()
    finally:
        s.close()
    return [(Path(r[0]).name, *r[1:7], json.loads(r[7])) for r in rows] + [latest]


def _writers(db) -> set[str]:
    """Worker names of the part files (``w0``, ``w1``, ``w0b`` for a second reading)."""
    return {f.stem.rsplit("-", 1)[1] for f in Path(str(db) + ".parts").rglob("*.parquet")}


def _cli_pair(tmp_path, inputs, extra=()):
    whole, split = tmp_path / "whole.duckdb", tmp_path / "split.duckdb"
    run_cli("ingest", *inputs, "-q", *WHOLE, *extra, db=whole)
    run_cli("ingest", *inputs, "-q", *SPLIT, *extra, db=split)
    assert store_tables(split) == store_tables(whole)
    assert _sources(split) == _sources(whole)
    return whole, split


def test_cli_cut_input_stores_what_the_whole_input_stores(tmp_path):
    """One input with multipart, interleaved and lost fragments, CRLF and no final newline, plus
    the multipart fixture (rejects only: it has no times): read whole, the large input is one
    worker's (w0 files only); cut, both workers wrote its rows."""
    big = _write(tmp_path, _corpus(3000, seed=5), name="big.nmea", eol="\r\n", trailing=False)
    whole, split = _cli_pair(tmp_path, [big, FIXTURES / "ais" / "gfw_multi-part.nmea"])
    assert _writers(whole) == {"w0"} and _writers(split) == {"w0", "w1"}


def test_cli_shared_corpus_cut(tmp_path):
    if not SHARED.is_dir():
        pytest.skip("../shared/data/ais_nmea is absent")
    # a real multipart corpus repeated into one larger file (repeats across the cut included)
    src = [SHARED / "pyais" / "nmea_data_sample.txt", SHARED / "aisdb" / "test_data_20211101.nm4",
           SHARED / "libais" / "test.aivdm"]
    body = b"".join(p.read_bytes().rstrip(b"\n") + b"\n" for p in src)
    p = tmp_path / "real.nmea"
    p.write_bytes(body * 3)
    _cli_pair(tmp_path, [p], ("--base-time", "2024-05-01T00:00:00Z"))


def test_cli_refused_hand_over_reads_the_input_whole(tmp_path):
    """A lost first part, then the same sequence id every 31 lines (each first part pairs with
    the waiting second part of the message before, which never expires): the fragment waiting at
    the cut goes back to the file's first line, which the next range's lookback (1 MB here) does
    not see; the hand-over check refuses the cut and the input is read again whole (w0b)."""
    lines = [_sentence(2, 2, "3", "A", T5[1], T5[2], None)]
    t = T0
    rng = np.random.default_rng(3)
    for i in range(1200):
        lines += [_sentence(2, 1, "3", "A", T5[0], 0, t), _sentence(2, 2, "3", "A", T5[1], T5[2], None)]
        for _ in range(29):
            t += 1
            pos = POS[:12] + "".join(SIX[int(i)] for i in rng.integers(0, len(SIX), 4)) + POS[16:]
            lines.append(_sentence(1, 1, "", "A", pos, t=t))
    p = _write(tmp_path, lines)
    assert p.stat().st_size > (2 << 20) + 200_000  # the cut is more than 1 MB from the start
    whole, split = _cli_pair(tmp_path, [p])
    assert "w0b" in _writers(split)
