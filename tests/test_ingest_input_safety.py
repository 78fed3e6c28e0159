"""Inputs that are not AIS text, comment lines, talkers, and reject text on the terminal.

As a user runs them: `seasentry ingest` of a program file is refused whole (failed, non-zero
exit, nothing stored), `seasentry rejects` never prints raw control characters in any format,
a line that begins with "#" is a comment (never decoded, so a commented copy cannot make the
real line a duplicate), and "!B1VDM"/"!B2VDM" sentences (Norwegian Coastal Administration feed)
are AIS.
"""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

import seasentry
from conftest import AIS, run_cli
from seasentry.ingest.nmea import nmea_checksum
from seasentry.ingest.sources import binary_reason

LINE = "!AIVDM,1,1,,A,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*%02X,1714521600" % nmea_checksum(
    "AIVDM,1,1,,A,15NBj>PP1gG>1PVKTDTUJOv00<0M,0")


def test_a_program_file_is_refused_whole(tmp_path):
    db = tmp_path / "s.duckdb"
    p = run_cli("ingest", sys.executable, "--json", db=db, check=False)
    assert p.returncode == 1
    src = json.loads(p.stdout_text)["sources"][0]
    assert src["status"] == "failed" and "not text" in src["message"], src
    s = seasentry.open(db)
    assert s.con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0
    assert s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0] == 0
    s.close()
    # beside a good input: the program is failed, the good file stored
    good = tmp_path / "good.nmea"
    good.write_text(LINE + "\n")
    p = run_cli("ingest", sys.executable, str(good), "--json", db=db, check=False)
    srcs = {x["name"]: x for x in json.loads(p.stdout_text)["sources"]}
    assert srcs[sys.executable]["status"] == "failed" and srcs[str(good)]["status"] == "complete"
    assert "Traceback" not in p.stderr_text


@pytest.mark.parametrize("head, what", [
    (b"\x7fELF\x02\x01\x01\x00" + bytes(200), "ELF executable"),
    (b"\x1f\x8b\x08\x00" + bytes(100), "gzip"),
    (b"PAR1\x15\x04" + bytes(100), "Parquet"),
    (bytes(range(256)) * 8, "control bytes"),
    ("AIS feed in UTF-16".encode("utf-16"), "UTF-16"),
])
def test_binary_signatures_and_control_bytes(head, what):
    assert what in binary_reason(head)


def test_text_inputs_are_text():
    for p in sorted(AIS.iterdir()):
        assert binary_reason(p.read_bytes()) is None, p
    # a feed with a few NULs and garbage bytes is text (the bad lines become rejects)
    feed = (LINE + "\n") * 200 + "\x00\x00junk\x01\x02\n" + (LINE + "\n") * 200
    assert binary_reason(feed.encode()) is None
    assert binary_reason(b"MZ is a text line\n") is None


def _unsafe_chars(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) <= 0x9F
            or unicodedata.category(c) in ("Cf", "Zl", "Zp")]


def test_rejects_are_printed_escaped_in_every_format(tmp_path):
    db = tmp_path / "s.duckdb"
    f = tmp_path / "ctl.nmea"
    raw_lines = [b"hello\x1b[31mRED\x07\x9b", "\u202eevil\u2028x".encode(), b"!AIVDM\x00\x01junk\x7f"]
    f.write_bytes(b"\n".join(raw_lines) + b"\n" + LINE.encode() + b"\n")
    run_cli("ingest", f, "-q", db=db)
    s = seasentry.open(db)
    stored = sorted(r[0] for r in s.con.execute("SELECT raw FROM rejects").fetchall())
    s.close()
    assert len(stored) == 3
    for fmt in ("table", "jsonl", "csv"):
        p = run_cli("rejects", "--format", fmt, db=db)
        assert not _unsafe_chars(p.stdout_text), (fmt, _unsafe_chars(p.stdout_text))
        if fmt == "jsonl":  # JSON escapes: the exact stored text comes back
            assert sorted(json.loads(x)["raw"] for x in p.stdout_text.splitlines()) == stored
        else:
            assert "hello\\x1b[31mRED\\x07\\x9b" in p.stdout_text
            assert "\\u202eevil\\u2028x" in p.stdout_text
            assert "\\x00\\x01junk\\x7f" in p.stdout_text


def _sentence(payload: str) -> str:
    body = f"AIVDM,1,1,,A,{payload},0"
    return f"!{body}*{nmea_checksum(body):02X}"


@pytest.mark.parametrize("decoder", ["fast", "pyais"])
def test_a_commented_copy_is_a_comment_and_the_real_line_is_stored(tmp_path, decoder):
    real = f"\\c:1714521600*{nmea_checksum('c:1714521600'):02X}\\" + _sentence("15NBj>PP1gG>1PVKTDTUJOv00<0M")
    f = tmp_path / "log.nmea"
    f.write_text("\n".join([f"# copy: {real}", f"#{real}", real]) + "\n")
    db = tmp_path / "s.duckdb"
    s = seasentry.open(db)
    s.ingest([str(f)], decoder=decoder)
    assert s.con.execute("SELECT line_no, raw FROM raw_messages").fetchall() == [(3, real)]
    assert s.con.execute("SELECT line_no, reason, detail FROM rejects ORDER BY line_no").fetchall() == [
        (1, "not_ais", "comment"), (2, "not_ais", "comment")]
    s.close()


@pytest.mark.parametrize("decoder", ["fast", "pyais"])
def test_digit_talkers_of_the_norwegian_feed_are_ais(tmp_path, decoder):
    lines = [ln for ln in (AIS / "norwegian.raw").read_text().splitlines() if "!B1VDM" in ln or "!B2VDM" in ln]
    assert lines
    f = tmp_path / "b12.nmea"
    f.write_text("\n".join(lines) + "\n")
    s = seasentry.open(tmp_path / "s.duckdb")
    s.ingest([str(f)], decoder=decoder)
    assert s.con.execute("SELECT count(*) FROM rejects WHERE reason = 'not_ais'").fetchone()[0] == 0
    n = s.con.execute("SELECT count(*) FROM raw_messages").fetchone()[0]
    s.close()
    assert n >= len([x for x in lines if ",1,1," in x])
