"""NMEA framing: tag blocks, time sources, multipart reassembly, rejects, and the accounting rule
that every line ends up in exactly one place (message, reject, blank, or time header)."""

from __future__ import annotations

import random
from datetime import datetime, timezone

from hypothesis import given, settings, strategies as st

from conftest import AIS, examples
from seasentry.ingest.nmea import NmeaFramer, nmea_checksum

T0 = 1334337317


def sentence(payload: str, fill: int = 0, cnt: int = 1, num: int = 1, seq: str = "", chan: str = "A",
             talker: str = "AI") -> str:
    body = f"{talker}VDM,{cnt},{num},{seq},{chan},{payload},{fill}"
    return f"!{body}*{nmea_checksum(body):02X}"


def tag(**kw) -> str:
    body = ",".join(f"{k}:{v}" for k, v in kw.items())
    return f"\\{body}*{nmea_checksum(body):02X}\\"


P1 = "15NBj>PP1gG>1PVKTDTUJOv00<0M"
P5a = "58KvN<42ACikUKW77F1H4hF0<PTp622222222216`0`cF5BF0RT13H0T"
P5b = "PFRC88888888880"


def frame(lines, **kw):
    f = NmeaFramer(**kw)
    a = f.feed(lines, 1)
    b = f.flush()
    for k in ("payload", "fill_bits", "ts", "time_source", "station", "line_no", "raw", "frags", "frag_lines",
              "rej_line_no", "rej_reason", "rej_detail", "rej_raw"):
        getattr(a, k).extend(getattr(b, k))
    for k in ("lines", "units", "blank", "headers", "sentences"):
        setattr(a, k, getattr(a, k) + getattr(b, k))
    return a


def accounted(fb) -> bool:
    return fb.units == fb.blank + fb.headers + sum(fb.frags) + len(fb.rej_reason)


def test_tagblock_time_and_station():
    fb = frame([tag(s="rEV02", c=T0) + sentence(P1)])
    assert fb.payload == [P1]
    assert fb.ts == [T0] and fb.time_source == ["tagblock"] and fb.station == ["rEV02"]


def test_tagblock_milliseconds():
    fb = frame([tag(c=T0 * 1000 + 250) + sentence(P1)])
    assert abs(fb.ts[0] - (T0 + 0.25)) < 1e-6


def test_dummy_tagblock_checksum_is_accepted():
    # AMSA and Spire write *00; the fields are still used
    fb = frame([f"\\c:{T0}*00\\" + sentence(P1)])
    assert fb.ts == [T0]


def test_trailing_epoch_seconds_and_ms():
    fb = frame([sentence(P1) + ",b003669710,1272931200", sentence(P1, chan="B") + ",1327992119157"])
    assert fb.ts == [1272931200, 1327992119.157]
    assert fb.time_source == ["trailing", "trailing"]


def test_pghp_header_times_next_sentence():
    fb = frame(["$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17", sentence(P1), sentence(P1, chan="B")])
    assert fb.ts[0] == datetime(2008, 5, 9, 0, 0, 0, 10000, tzinfo=timezone.utc).timestamp()
    assert fb.time_source[0] == "pghp"
    assert fb.rej_reason == ["no_timestamp"]  # the header times one sentence only
    assert fb.headers == 1 and accounted(fb)


def test_leading_time_column():
    fb = frame([f"2021-07-01 18:51:51,{sentence(P1)}", f"{T0}.5 {sentence(P1)}"])
    assert fb.time_source == ["column", "column"]
    assert fb.ts[1] == T0 + 0.5


def test_no_time_is_reject_unless_base_time():
    fb = frame([sentence(P1)])
    assert fb.rej_reason == ["no_timestamp"] and not fb.payload
    fb = frame([sentence(P1)], base_time=T0)
    assert fb.ts == [T0] and fb.time_source == ["base"]


def test_multipart_by_sequence_and_by_group():
    seq = frame([tag(c=T0) + sentence(P5a, cnt=2, num=1, seq="9"), sentence(P5b, fill=2, cnt=2, num=2, seq="9")])
    assert seq.payload == [P5a + P5b] and seq.fill_bits == [2] and seq.ts == [T0]
    assert seq.frag_lines == [(1, 2)]
    grp = frame([tag(g="1-2-3985", s="x", c=T0) + sentence(P5a, cnt=2, num=1, seq="9"),
                 tag(c=T0) + sentence(P1),
                 tag(g="2-2-3985") + sentence(P5b, fill=2, cnt=2, num=2, seq="9")])
    assert sorted(grp.payload) == sorted([P1, P5a + P5b])
    assert accounted(grp)


def test_multipart_interleaved_channels():
    lines = [tag(c=T0) + sentence(P5a, cnt=2, num=1, seq="1", chan="A"),
             tag(c=T0) + sentence(P5a, cnt=2, num=1, seq="1", chan="B"),
             sentence(P5b, fill=2, cnt=2, num=2, seq="1", chan="B"),
             sentence(P5b, fill=2, cnt=2, num=2, seq="1", chan="A")]
    fb = frame(lines)
    assert len(fb.payload) == 2 and not fb.rej_reason


def test_orphans_expire_by_lines_and_at_end():
    lines = [tag(c=T0) + sentence(P5a, cnt=2, num=1, seq="3")] + [tag(c=T0) + sentence(P1)] * 5
    fb = frame(lines, ttl_lines=3)
    assert fb.rej_reason == ["orphan_fragment"] and len(fb.payload) == 5
    fb = frame([tag(c=T0) + sentence(P5a, cnt=2, num=1, seq="3")])
    assert fb.rej_reason == ["orphan_fragment"]


def test_bad_lines_are_rejects_with_reasons():
    good = sentence(P1)
    bad_sum = good[:-2] + ("00" if good[-2:] != "00" else "01")
    lines = ["$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", "# comment",
             "garbage here", bad_sum, sentence(""), sentence(P1.replace("1", "~", 1)), "",
             "!AIVDM,1,1,,A," + P1 + ",0", "x" * 5000]
    fb = frame(lines, base_time=T0)
    assert fb.rej_reason == ["not_ais", "not_ais", "not_ais", "bad_checksum", "empty_payload", "bad_payload",
                             "bad_format", "line_too_long"]
    assert fb.rej_line_no == [1, 2, 3, 4, 5, 6, 8, 9]
    assert fb.blank == 1 and accounted(fb)


def test_two_sentences_on_one_line():
    line = tag(c=T0) + sentence(P5a, cnt=2, num=1, seq="1") + tag(c=T0) + sentence(P5b, fill=2, cnt=2, num=2, seq="1")
    fb = frame([line])
    assert fb.payload == [P5a + P5b] and accounted(fb)


def test_real_files_account_for_every_line():
    for f in sorted(AIS.iterdir()):
        if f.suffix in (".md", ".csv"):
            continue
        lines = f.read_bytes().decode("latin-1").split("\n")
        fb = frame(lines)
        assert accounted(fb), f.name
        assert fb.lines == len(lines)


def test_real_tagblock_file_fully_decoded():
    fb = frame((AIS / "exact-earth-with-tag-block.txt").read_text().splitlines())
    assert len(fb.payload) == 200 and not fb.rej_reason  # 221 lines, 21 two-part type 5


# ---------------------------------------------------------------- property-based
REAL_LINES = [ln for f in ("exact-earth-with-tag-block.txt", "norwegian.raw", "test.aivdm", "gfw_ee-multiline.nmea")
              for ln in (AIS / f).read_bytes().decode("latin-1").splitlines()]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.binary(max_size=120), max_size=30))
def test_random_bytes_never_raise(chunks):
    lines = [c.decode("latin-1") for c in chunks]
    fb = frame(lines, base_time=T0)
    assert accounted(fb)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(REAL_LINES) - 1), st.integers(0, 200), st.integers(0, 255),
                          st.sampled_from(["replace", "delete", "truncate", "keep", "dup"])), min_size=1, max_size=40))
def test_mutated_real_sentences_never_raise_and_add_up(ops):
    lines = []
    for idx, pos, byte, op in ops:
        s = REAL_LINES[idx]
        p = pos % (len(s) + 1)
        if op == "replace" and s:
            s = s[:p] + chr(byte) + s[p + 1:]
        elif op == "delete":
            s = s[:p] + s[p + 1:]
        elif op == "truncate":
            s = s[:p]
        elif op == "dup":
            lines.append(s)
        lines.append(s)
    fb = frame(lines, base_time=T0)
    assert accounted(fb)
    assert all(isinstance(p, str) and p for p in fb.payload)


@settings(max_examples=examples(100), deadline=None)
@given(st.permutations(list(range(12))), st.integers(1, 50))
def test_broken_fragments_shuffled(order, ttl):
    base = [tag(c=T0) + sentence(P5a, cnt=2, num=1, seq=str(i % 10)) if i % 2 == 0 else
            sentence(P5b, fill=2, cnt=2, num=2, seq=str((i - 1) % 10)) for i in range(12)]
    lines = [base[i] for i in order]
    fb = frame(lines, ttl_lines=ttl, base_time=T0)
    assert accounted(fb)
    random.seed(0)
