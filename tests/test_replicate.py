"""Tests of the corpus replicator (seasentry.scenario.replicate) and `seasentry scenario scale`."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st
from pyais import decode, encode_dict

from seasentry.cli import main
from seasentry.scenario import generate
from seasentry.scenario.nmea import checksum, tag_block
from seasentry.scenario.replicate import (CLASSES, choose_steps, corpus_files, parse_block, replicate, rewrite,
                                          imo_check_digit, scan, shift_imo, shift_mmsi)

TAG = re.compile(rb"^\\([^\\]*)\*([0-9A-Fa-f]{2})\\(.*)$")


def _block(lines: list[str]):
    data = ("\n".join(lines) + "\n").encode("latin-1")
    return parse_block(np.frombuffer(data, dtype=np.uint8).copy())


def _lines(buf: np.ndarray) -> list[bytes]:
    return buf.tobytes().split(b"\n")[:-1]


def _sentence_ok(line: bytes) -> bool:
    s = line.decode()
    i, j = s.rfind("!"), s.rfind("*")
    return int(checksum(s[i + 1:j]), 16) == int(s[j + 1:j + 3], 16)


def _tag_ok(line: bytes) -> bool:
    m = TAG.match(line)
    return int(checksum(m.group(1).decode()), 16) == int(m.group(2), 16)


def _sentences(line: bytes) -> str:
    return line.decode().split("\\")[-1]


# --- properties: decoding, checksums, MMSIs ---------------------------------------------------

mmsis = st.one_of(st.integers(100_000_000, 999_999_999),     # ships, SAR, SART ...
                  st.integers(10_000_000, 99_999_999),       # group ship stations 0MIDxxxxx
                  st.integers(2_000_000, 7_999_999))         # base stations 00MIDxxxx


def _message(draw_type, mmsi, rnd):
    if draw_type in (1, 18):
        d = dict(type=draw_type, mmsi=mmsi, lat=rnd.uniform(-90, 90), lon=rnd.uniform(-180, 180),
                 speed=rnd.uniform(0, 102), course=rnd.uniform(0, 359), heading=int(rnd.integers(0, 360)),
                 second=int(rnd.integers(0, 60)))
    elif draw_type == 4:
        d = dict(type=4, mmsi=mmsi, year=2024, month=5, day=1, hour=int(rnd.integers(0, 24)), minute=3, second=4,
                 lat=rnd.uniform(30, 40), lon=rnd.uniform(10, 20), epfd=1)
    elif draw_type == 5:
        d = dict(type=5, mmsi=mmsi, imo=9074729, callsign="9HA1234", shipname="SEA TRADER", ship_type=80,
                 to_bow=100, to_stern=20, to_port=10, to_starboard=10, epfd=1, month=5, day=2, hour=3,
                 minute=4, draught=7.5, destination="MALTA")
    else:
        d = dict(type=24, mmsi=mmsi, partno=0, shipname="BLUE BIRD")
    return encode_dict(d, talker_id="AI", sentence_type="VDM", radio_channel="AB"[int(rnd.integers(0, 2))])


@settings(max_examples=examples(40), deadline=None)
@given(mm=st.lists(mmsis, min_size=1, max_size=12), types=st.lists(st.sampled_from([1, 18, 4, 5, 24]), min_size=12,
                                                                     max_size=12),
       k=st.integers(1, 300), shift=st.sampled_from([0, 3600, 86400]), seed=st.integers(0, 2**32 - 1),
       station=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ-", min_size=1, max_size=12))
def test_replicated_line_decodes_to_the_same_message_but_mmsi_and_imo(mm, types, k, shift, seed, station):
    rnd = np.random.default_rng(seed)
    lines, groups = [], []
    for i, m in enumerate(mm):
        epoch = 1_714_521_600 + int(rnd.integers(0, 86400))
        sents = _message(types[i], m, rnd)
        if len(sents) == 1:
            lines.append(tag_block(station, epoch) + sents[0])
        else:
            lines.append(tag_block(station, epoch, group=f"1-{len(sents)}-{i + 1}") + sents[0])
            lines += [tag_block(group=f"{p + 1}-{len(sents)}-{i + 1}") + s for p, s in enumerate(sents[1:], 1)]
        groups.append((len(lines) - len(sents), len(sents), epoch))
    blk = _block(lines)
    assert blk.messages == len(mm)
    steps = choose_steps(mm, k + 1)
    out, skipped = rewrite(blk, k, steps, shift_s=shift)
    assert skipped == 0
    new = _lines(out)
    assert len(new) == len(lines)
    for (first, n, epoch), m in zip(groups, mm, strict=True):
        old_part = [ln.encode() for ln in lines[first:first + n]]
        new_part = new[first:first + n]
        for a, b in zip(old_part, new_part, strict=True):
            assert _sentence_ok(b) and _tag_ok(b)
            assert len(a) == len(b)
        a = decode(*[_sentences(x) for x in old_part]).asdict()
        b = decode(*[_sentences(x) for x in new_part]).asdict()
        assert a["mmsi"] == m
        assert b["mmsi"] == int(shift_mmsi(m, k, steps))
        assert str(b["mmsi"]).zfill(9)[:3] == str(m).zfill(9)[:3]  # MID / prefix kept
        a.pop("mmsi")
        b.pop("mmsi")
        if a["msg_type"] == 5:  # the IMO number moves too (another ship), still a valid one
            assert a["imo"] == 9074729 and b["imo"] == int(shift_imo(9074729, k)) != a["imo"]
            assert int(imo_check_digit(b["imo"] // 10)) == b["imo"] % 10
            a.pop("imo")
            b.pop("imo")
        assert a == b
        t = re.search(rb"c:(\d+)", new_part[0])
        assert int(t.group(1)) == epoch + k * shift
        assert new_part[1:] == old_part[1:]  # continuation fragments unchanged
        if shift == 0:
            assert TAG.match(new_part[0]).group(1, 2) == TAG.match(old_part[0]).group(1, 2)  # tag block unchanged


@settings(max_examples=examples(30), deadline=None)
@given(mm=st.lists(mmsis, min_size=1, max_size=40, unique=True), copies=st.integers(2, 60))
def test_no_mmsi_collision_between_copies(mm, copies):
    steps = choose_steps(mm, copies)
    allm = shift_mmsi(np.array(mm)[None, :], np.arange(copies)[:, None], steps)
    assert np.unique(allm).size == allm.size
    assert (allm[0] == np.array(mm)).all()
    # each class stays in its class
    for lo, hi, _ in CLASSES:
        inside = (np.array(mm) >= lo) & (np.array(mm) < hi)
        assert ((allm[:, inside] >= lo) & (allm[:, inside] < hi)).all()


def test_crowded_prefix_and_impossible_copies():
    mm = 2_150_000 + np.arange(0, 10_000, 2)  # every even serial of base stations 00215xxxx (FFT path)
    steps = choose_steps(mm, 2)
    assert steps[10_000] % 2 == 1
    allm = shift_mmsi(mm[None, :], np.arange(2)[:, None], steps)
    assert np.unique(allm).size == allm.size
    with pytest.raises(ValueError):
        choose_steps(mm, 3)  # half the serials used: three copies cannot fit


@settings(max_examples=examples(60), deadline=None)
@given(k=st.integers(1, 50), flip=st.integers(1, 255))
def test_bad_checksum_stays_bad_by_the_same_error(k, flip):
    good = _message(1, 247_123_456, np.random.default_rng(k))[0]
    body = good[1:good.index("*")]
    wrong = int(checksum(body), 16) ^ flip
    line = tag_block("IT-X", 1_714_521_600) + good[:good.index("*") + 1] + f"{wrong:02X}"
    blk = _block([line])
    assert blk.messages == 0  # a corrupt sentence is not a message ...
    out = _lines(rewrite(blk, k, {1_000_000: 1}, 0)[0])[0]
    s = out.decode()
    body2 = s[s.rfind("!") + 1:s.rfind("*")]
    assert int(checksum(body2), 16) ^ int(s[-2:], 16) == flip  # ... and its copies carry the same error
    assert decode(_sentences(out)).asdict()["mmsi"] == 247_123_456 + k


def test_odd_lines_never_crash_and_are_copied():
    lines = ["", "# receiver restarted", "$GPRMC,000306.00,A,3525.6883,N,01459.7246,E,0.0,0.0,010524,,,A*53",
             tag_block("X", 1714521933) + "!AIVDM,1,1,,A,13clF4EP000u?", "!AIVDM,1,1,,A,", "\\bad tag",
             "\\s:X*ZZ\\!AIVDM",
             "!AIVDM,1,1,,A,13clF4EP000u?`@ElN>;>@000000,0*ZZ", "\\c:99999999999999999999*00\\junk", "\r", "\x00\xff",
             "!AIVDM,1,1,,A,1,0*00"]
    blk = _block(lines)
    out, _ = rewrite(blk, 3, {1_000_000: 7, 100_000: 1, 10_000: 1}, shift_s=0)
    assert _lines(out) == [ln.encode("latin-1") for ln in lines]
    # with a time shift only the time of the truncated line's (valid) tag block moves
    out, _ = rewrite(blk, 3, {1_000_000: 7, 100_000: 1, 10_000: 1}, shift_s=86400)
    want = [ln.encode("latin-1") for ln in lines]
    want[3] = (tag_block("X", 1714781133) + "!AIVDM,1,1,,A,13clF4EP000u?").encode()
    assert _lines(out) == want and _tag_ok(want[3])
    body = "AIVDM,1,1,,A,13clF4EP000u?`@ElN>;>@000000,0"
    blk2 = _block(["!" + body + "*" + checksum(body) + "\r"])
    assert blk2.messages == 1 and blk2.mmsi.size == 1  # CRLF endings are understood
    out2 = _lines(rewrite(blk2, 1, {1_000_000: 1}, 0)[0])[0]
    assert out2.endswith(b"\r") and _sentence_ok(out2[:-1])


def test_time_shift_that_changes_the_digit_count_is_skipped():
    good = _message(1, 247_123_456, np.random.default_rng(1))[0]
    blk = _block([tag_block("S", 9_999_999_000) + good])
    out, skipped = rewrite(blk, 2, {1_000_000: 1}, shift_s=86400)
    assert skipped == 1 and b"c:9999999000*" in out.tobytes() and _tag_ok(_lines(out)[0])


# --- files ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory):
    sc = generate(seed=3, hours=36, vessels=8, noise=True, story=False)
    d = tmp_path_factory.mktemp("base")
    (d / "scenario.nmea").write_text("\n".join(sc.nmea_lines[:6000]) + "\n")
    return d


def test_replicate_files(base, tmp_path):
    info = scan(base / "scenario.nmea")
    n = int(info["messages"] * 2.5)
    m = replicate(base, tmp_path / "out", n, file_mb=0.1)
    files = corpus_files(tmp_path / "out")
    assert m["messages"] == n and m["copies"] == 3 and len(files) == len(m["files"]) > 3
    assert json.loads((tmp_path / "out" / "manifest.json").read_text()) == m
    counted = [scan(f) for f in files]
    assert sum(c["messages"] for c in counted) == n == sum(f["messages"] for f in m["files"])
    assert sum(c["lines"] for c in counted) == m["lines"]
    assert all(abs(f["bytes"] - 100_000) < 70_000 for f in m["files"][:-1])  # --file-mb, within one 64 kB block
    # every file starts with a whole message (never a continuation fragment)
    for f in files:
        first = f.read_bytes().split(b"\n", 1)[0]
        assert not re.search(rb"!AIVDM,\d,[2-9],", first)
    # the copies: same messages but MMSIs; copies 0 and 1 whole, copy 2 the first part of the base
    got = np.unique(np.concatenate([c["mmsis"] for c in counted]))
    steps = {int(k): v for k, v in m["mmsi_steps"].items()}
    per_copy = [shift_mmsi(info["mmsis"], k, steps) for k in range(3)]
    assert np.isin(per_copy[0], got).all() and np.isin(per_copy[1], got).all()
    assert np.isin(per_copy[2], got).mean() > 0.5
    assert np.isin(got, np.concatenate(per_copy)).all()
    assert np.unique(np.concatenate(per_copy)).size == 3 * info["mmsis"].size
    # deterministic
    m2 = replicate(base, tmp_path / "again", n, file_mb=0.1)
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in corpus_files(tmp_path / "again")]
    assert m2["mmsi_steps"] == m["mmsi_steps"]


def test_replicate_decodes_with_pyais_and_time_shift(base, tmp_path):
    info = scan(base / "scenario.nmea")
    m = replicate(base, tmp_path / "out", info["messages"] * 2, file_mb=100, shift_s=86400)
    assert m["unshifted_lines"] == 0
    base_lines = (base / "scenario.nmea").read_bytes().split(b"\n")[:-1]
    out_lines = b"".join(f.read_bytes() for f in corpus_files(tmp_path / "out")).split(b"\n")[:-1]
    assert len(out_lines) == 2 * len(base_lines)
    # copy 0 is the base; copy 1 the same lines one day later with moved MMSIs
    base_set = set(base_lines)
    copy1 = [ln for ln in out_lines if ln not in base_set]
    fragments = sum(bool(re.search(rb"!AIVDM,\d,[2-9],", ln)) for ln in base_lines)  # no MMSI, no time
    assert fragments > 100 and len(copy1) + fragments >= len(base_lines) - 100  # (and some noise) repeat
    base_epochs = {int(t) for t in re.findall(rb"c:(\d+)", b"\n".join(base_lines))}
    steps = {int(k): v for k, v in m["mmsi_steps"].items()}
    moved = set(shift_mmsi(info["mmsis"], 1, steps).tolist())
    n = 0
    for ln in copy1[:400]:
        t = re.search(rb"c:(\d+)", ln)
        if t:
            assert int(t.group(1)) - 86400 in base_epochs and _tag_ok(ln)
        if re.search(rb"!AIVDM,1,1,", ln) and _sentence_ok(ln):
            assert decode(_sentences(ln)).asdict()["mmsi"] in moved
            n += 1
    assert n > 100


def test_replicate_rejects_bad_input(tmp_path):
    (tmp_path / "junk.nmea").write_bytes(b"no ais here\n$GPRMC,1*00")
    with pytest.raises(ValueError):
        replicate(tmp_path / "junk.nmea", tmp_path / "o", 10)
    with pytest.raises(ValueError):
        replicate(tmp_path / "missing", tmp_path / "o", 10)
    with pytest.raises(ValueError):
        replicate(tmp_path / "junk.nmea", tmp_path / "o", 0)


def test_cli_scale(base, tmp_path):
    r = CliRunner().invoke(main, ["scenario", "scale", str(base), str(tmp_path / "o"), "--messages", "5000",
                                  "--file-mb", "0.2"])
    assert r.exit_code == 0, r.output
    man = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert man["messages"] == 5000 and "5,000 messages" in r.output
    r = CliRunner().invoke(main, ["scenario", "scale", str(base), str(tmp_path / "o"), "--messages", "0"])
    assert r.exit_code != 0


def test_pure_functions_do_not_touch_input(base):
    data = (base / "scenario.nmea").read_bytes()[:200_000]
    data = data[:data.rfind(b"\n") + 1]
    blk = parse_block(np.frombuffer(data, dtype=np.uint8).copy())
    before = blk.buf.copy()
    rewrite(blk, 5, choose_steps(blk.mmsi, 6), shift_s=3600)
    assert (blk.buf == before).all()


def test_imo_shift_keeps_valid_numbers_valid_and_distinct():
    base = np.array([9074729, 9176187, 1000007, 9999993])
    assert (imo_check_digit(base // 10) == base % 10).all()
    copies = np.stack([shift_imo(base, k) for k in range(200)])
    assert (imo_check_digit(copies // 10) == copies % 10).all()
    assert ((copies >= 1_000_000) & (copies <= 9_999_999)).all()
    for j in range(len(base)):
        assert len(set(copies[:, j].tolist())) == 200
    assert shift_imo(np.array([1234560, 0, 42]), 3).tolist() == [1234560, 0, 42]  # invalid ones stay
