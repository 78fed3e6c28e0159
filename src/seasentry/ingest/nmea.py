"""NMEA 0183 framing for AIS: lines -> whole AIS messages (payload + time + provenance).

This module does not decode payload bits (see :mod:`seasentry.ingest.decode`). It handles
everything around the payload, the way real feeds deliver it:

* ``!AIVDM`` / ``!AIVDO`` with any two-character talker: a letter, then a letter or digit
  (``AI``, ``AB``, ``BS``, ``SA``, and ``B1`` / ``B2`` of the Norwegian Coastal Administration
  feed; pyais takes any two characters there);
  sentence checksums (NMEA 0183 section 5.3: XOR of the characters between ``!`` and ``*``).
* NMEA 4.0 tag blocks ``\\s:station,c:time,g:part-total-group*hh\\`` (IEC 61162-1:2016 7.9);
  ``c:`` in seconds or milliseconds.
* Several sentences on one line (some Spire / MarineTraffic exports glue them together).
* Trailing fields after the checksum carrying a receive time in epoch seconds or
  milliseconds (USCG/libais ``,b003669710,1272931200``; exactEarth ``,1327992119157``;
  ORBCOMM ``,d-109,S2105,...,1325394060,1325394001``): the first 10- or 13-digit
  field is taken.
* Gatehouse ``$PGHP,1,yyyy,m,d,H,M,S,ms,...`` headers that time the next AIS sentence.
* A leading timestamp column (``2021-07-01 18:51:51,!AIVDM...``, ``1625165511.5 !AIVDM``).
* Multipart messages, reassembled by tag-block ``g:`` group, or else by
  (channel, sequence id, fragment count); fragments wait at most ``ttl_lines`` lines
  and ``ttl_s`` seconds of message time (of later sentences from the same station), then
  become ``orphan_fragment`` rejects. The wait is checked at every sentence, never at the end
  of a block: the same lines give the same messages and rejects whatever the blocks (or, live,
  the packets and batches) they arrive in.

Time precedence: tag block ``c:`` > trailing epoch > ``$PGHP`` > leading column >
base time given by the user. A message with none is rejected as ``no_timestamp``.

Every input line ends up in exactly one of: a message (its ``line_no`` and ``raw`` keep
all its lines), a reject (with reason), the ``blank`` count, or the ``header`` count
(``$PGHP`` time headers used to time a message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

#: ASCII code points valid in an AIS 6-bit armoured payload (ITU-R M.1371-5 table 46 / IEC 61162-1).
_VALID_PAYLOAD = re.compile(r"^[0-W`-w]*$")
_SENTENCE_START = re.compile(r"(?:\\[^\\]*\\)?[!$][A-Z][A-Z0-9]{2,5},")
_AIS_HEAD = re.compile(r"^[A-Z][A-Z0-9]VD[MO]$")
_EPOCH_FIELD = re.compile(r"^(\d{10}|\d{13})(\.\d+)?$")

_LEADING_FORMATS = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y%m%d%H%M%S",
    "%Y%m%d_%H%M%S",
)


#: Plausible message times (1990-01-01 .. 2100-01-01); anything else is a corrupt time field.
MIN_EPOCH = 631152000.0
MAX_EPOCH = 4102444800.0


def nmea_checksum(body: str) -> int:
    """XOR of the characters of ``body`` (the text between the start char and ``*``)."""
    c = 0
    for ch in body.encode("latin-1", "replace"):
        c ^= ch
    return c


def epoch_from_number(value: float) -> float:
    """Seconds since 1970 from a number that may be in seconds or milliseconds."""
    return value / 1000.0 if value > 1e11 else value


@dataclass
class FramedBatch:
    """Whole AIS messages and rejects produced from a block of lines (columnar lists)."""

    payload: list[str] = field(default_factory=list)
    fill_bits: list[int] = field(default_factory=list)
    ts: list[float | None] = field(default_factory=list)  # epoch seconds, None = unknown
    time_source: list[str | None] = field(default_factory=list)
    station: list[str | None] = field(default_factory=list)
    line_no: list[int] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    rej_line_no: list[int] = field(default_factory=list)
    rej_reason: list[str] = field(default_factory=list)
    rej_detail: list[str] = field(default_factory=list)
    rej_raw: list[str] = field(default_factory=list)
    frags: list[int] = field(default_factory=list)  # sentences that make up each message
    frag_lines: list[tuple] = field(default_factory=list)  # line number of each sentence
    lines: int = 0
    units: int = 0  # blank lines + sentences + lines holding no sentence
    blank: int = 0
    headers: int = 0
    sentences: int = 0

    def reject(self, line_no: int, reason: str, detail: str, raw: str) -> None:
        self.rej_line_no.append(line_no)
        self.rej_reason.append(reason)
        self.rej_detail.append(detail)
        self.rej_raw.append(raw)

    def add(self, payload: str, fill: int, ts, tsrc, station, line_no: int, raw: str, nfrags: int) -> None:
        self.payload.append(payload)
        self.fill_bits.append(fill)
        self.ts.append(ts)
        self.time_source.append(tsrc)
        self.station.append(station)
        self.line_no.append(line_no)
        self.raw.append(raw)
        self.frags.append(nfrags)


@dataclass
class _Fragment:
    num: int
    payload: str
    fill: int
    line_no: int
    raw: str
    ts: float | None
    tsrc: str | None
    station: str | None


@dataclass
class _Pending:
    count: int
    first_line: int
    first_ts: float | None
    parts: dict[int, _Fragment] = field(default_factory=dict)
    station: str | None = None  # tag-block station of the first fragment


class NmeaFramer:
    """Stateful framer for one source. Feed it lines; call :meth:`flush` at the end."""

    def __init__(self, base_time: float | None = None, ttl_lines: int = 1000, ttl_s: float = 120.0,
                 max_line_length: int = 4096) -> None:
        self.base_time = base_time
        self.ttl_lines = ttl_lines
        self.ttl_s = ttl_s
        self.max_line_length = max_line_length
        self._pending: dict[tuple, _Pending] = {}
        self._pghp: tuple[float, int, str] | None = None  # (time, line_no, raw)
        self._out = FramedBatch()

    # ------------------------------------------------------------------
    def feed(self, lines: list[str], first_line_no: int) -> FramedBatch:
        """Frame ``lines`` (already decoded text, without line ends); returns what is complete."""
        out = self._out
        for i, line in enumerate(lines):
            self._line(line, first_line_no + i)
        self._out = FramedBatch()
        return out

    def flush(self) -> FramedBatch:
        """End of input: every fragment still waiting becomes an orphan reject."""
        out = self._out
        for key in list(self._pending):
            self._orphan(key, "input ended before all parts arrived")
        if self._pghp is not None:
            t, ln, raw = self._pghp
            out.reject(ln, "not_ais", "$PGHP time header not followed by an AIS sentence", raw)
            out.headers -= 1
            self._pghp = None
        self._out = FramedBatch()
        return out

    # ------------------------------------------------------------------
    def snapshot(self) -> dict:
        """The waiting fragments and ``$PGHP`` header as JSON-able data (see :meth:`restore`)."""
        return {"pending": [{"key": list(k), "count": p.count, "first_line": p.first_line, "first_ts": p.first_ts,
                             "station": p.station,
                             "parts": [[f.num, f.payload, f.fill, f.line_no, f.raw, f.ts, f.tsrc, f.station]
                                       for f in p.parts.values()]} for k, p in self._pending.items()],
                "pghp": None if self._pghp is None else list(self._pghp)}

    def restore(self, snap: dict) -> None:
        """Take back the state of :meth:`snapshot` (a live stream's checkpoint)."""
        self._pending = {}
        for g in snap.get("pending", []):
            p = _Pending(int(g["count"]), int(g["first_line"]), g["first_ts"], station=g["station"])
            for f in g["parts"]:
                p.parts[int(f[0])] = _Fragment(int(f[0]), f[1], int(f[2]), int(f[3]), f[4], f[5], f[6], f[7])
            self._pending[tuple(g["key"])] = p
        pg = snap.get("pghp")
        self._pghp = None if pg is None else (float(pg[0]), int(pg[1]), pg[2])

    def first_line(self) -> int | None:
        """The lowest line still held (a waiting fragment or ``$PGHP`` header), or None."""
        lines = [fr.line_no for p in self._pending.values() for fr in p.parts.values()]
        if self._pghp is not None:
            lines.append(self._pghp[1])
        return min(lines) if lines else None

    def _line(self, line: str, line_no: int) -> None:
        out = self._out
        out.lines += 1
        line = line.strip("\r\n\x00\x1a ")
        out.units += 1
        if not line.strip():
            out.blank += 1
            return
        if len(line) > self.max_line_length:
            out.reject(line_no, "line_too_long", f"{len(line)} characters", line[:self.max_line_length])
            return
        if line.startswith("#"):  # a comment, even when it quotes a sentence: never decoded
            out.reject(line_no, "not_ais", "comment", line)
            return
        starts = [m.start() for m in _SENTENCE_START.finditer(line)]
        if not starts:
            out.reject(line_no, "not_ais", "no NMEA sentence found", line)
            return
        out.units += len(starts) - 1
        prefix = line[: starts[0]]
        lead_ts = _parse_leading_time(prefix) if prefix.strip() else None
        # one line, one or more sentences
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else len(line)
            self._sentence(line[s:e].rstrip(" ,"), line, line_no, lead_ts, multi=len(starts) > 1)

    def _sentence(self, text: str, line: str, line_no: int, lead_ts: float | None, multi: bool) -> bool:
        """Handle one sentence (with optional tag block). Returns True if it was used."""
        out = self._out
        raw = line if not multi else text
        tag: dict[str, str] = {}
        if text.startswith("\\"):
            end = text.find("\\", 1)
            tb = text[1:end]
            text = text[end + 1:]
            tag = _parse_tagblock(tb)
            if tag is None:
                out.reject(line_no, "bad_tagblock", f"cannot parse tag block {tb!r}", raw)
                return False
        star = text.find("*")
        head_end = text.find(",")
        head = text[1:head_end]
        if text[0] == "$":
            if head == "PGHP":
                t = _parse_pghp(text)
                if t is None:
                    out.reject(line_no, "bad_format", "unreadable $PGHP time header", raw)
                    return False
                if self._pghp is not None:  # previous header timed nothing
                    _, ln0, raw0 = self._pghp
                    out.reject(ln0, "not_ais", "$PGHP time header not followed by an AIS sentence", raw0)
                    out.headers -= 1
                out.headers += 1
                self._pghp = (t, line_no, raw)
                return True
            out.reject(line_no, "not_ais", f"${head} sentence", raw)
            return False
        if not _AIS_HEAD.match(head):
            out.reject(line_no, "not_ais", f"!{head} sentence", raw)
            return False
        out.sentences += 1
        if star < 0 or len(text) < star + 3:
            out.reject(line_no, "bad_format", "no checksum", raw)
            return False
        try:
            expect = int(text[star + 1: star + 3], 16)
        except ValueError:
            out.reject(line_no, "bad_checksum", f"unreadable checksum {text[star + 1: star + 3]!r}", raw)
            return False
        got = nmea_checksum(text[1:star])
        if got != expect:
            out.reject(line_no, "bad_checksum", f"checksum {expect:02X} given, {got:02X} computed", raw)
            return False
        f = text[:star].split(",")
        if len(f) != 7:
            out.reject(line_no, "bad_format", f"{len(f)} fields, expected 7", raw)
            return False
        _, cnt_s, num_s, seq, chan, payload, fill_s = f
        if not (cnt_s.isdigit() and num_s.isdigit() and fill_s.isdigit()):
            out.reject(line_no, "bad_format", "fragment count, number or fill bits not a number", raw)
            return False
        cnt, num, fill = int(cnt_s), int(num_s), int(fill_s)
        if not (1 <= num <= cnt <= 9) or fill > 5:
            out.reject(line_no, "bad_format", f"fragment {num} of {cnt}, fill {fill}", raw)
            return False
        if not payload:
            out.reject(line_no, "empty_payload", "sentence has no payload", raw)
            return False
        if not _VALID_PAYLOAD.match(payload):
            out.reject(line_no, "bad_payload", "characters outside the AIS 6-bit alphabet", raw)
            return False
        # --- time --------------------------------------------------------
        ts, tsrc = sentence_time(tag, text[star + 3:])
        if self._pghp is not None and (num == 1 or ts is None):
            if ts is None:
                ts, tsrc = self._pghp[0], "pghp"
            if num == cnt:
                self._pghp = None
        if ts is None and lead_ts is not None:
            ts, tsrc = lead_ts, "column"
        station = tag.get("s")
        frag = _Fragment(num, payload, fill, line_no, raw, ts, tsrc, station)
        if self._pending:
            self._expire_at(line_no, ts, station)
        if cnt == 1:
            self._emit([frag])
            return True
        # --- multipart -------------------------------------------------------
        if "g" in tag:
            key = ("g", tag["g"][2])
            gi = tag["g"]
            if gi[1] != cnt or gi[0] != num:  # group says otherwise: trust the sentence fields
                key = ("s", chan, seq, cnt)
        else:
            key = ("s", chan, seq, cnt)
        p = self._pending.get(key)
        if p is not None and (num in p.parts or p.count != cnt):
            self._orphan(key, "a new message reused its sequence id before all parts arrived")
            p = None
        if p is None:
            p = _Pending(count=cnt, first_line=line_no, first_ts=ts, station=station)
            self._pending[key] = p
        p.parts[num] = frag
        if len(p.parts) == cnt:
            del self._pending[key]
            self._emit([p.parts[i] for i in range(1, cnt + 1)])
        return True

    def _emit(self, frags: list[_Fragment]) -> None:
        out = self._out
        ts = tsrc = station = None
        for fr in frags:  # first fragment carrying a time / station wins
            if ts is None and fr.ts is not None:
                ts, tsrc = fr.ts, fr.tsrc
            if station is None and fr.station is not None:
                station = fr.station
        if ts is None and self.base_time is not None:
            ts, tsrc = self.base_time, "base"
        raw = "\n".join(fr.raw for fr in frags)
        if ts is None:
            for fr in frags:
                out.reject(fr.line_no, "no_timestamp",
                           "no tag block c:, trailing epoch, $PGHP or leading time; pass --base-time", fr.raw)
            return
        out.add("".join(fr.payload for fr in frags), frags[-1].fill, ts, tsrc, station,
                frags[0].line_no, raw, len(frags))
        out.frag_lines.append(tuple(fr.line_no for fr in frags))

    def _orphan(self, key: tuple, why: str) -> None:
        p = self._pending.pop(key)
        for fr in sorted(p.parts.values(), key=lambda f: f.line_no):
            self._out.reject(fr.line_no, "orphan_fragment", f"part {fr.num} of {p.count}: {why}", fr.raw)

    def _expire_at(self, line_no: int, ts: float | None, station: str | None) -> None:
        """Before the sentence at ``line_no`` (time ``ts``, tag-block ``station``) is used: every
        waiting group whose first fragment is more than ``ttl_lines`` lines back, or from the
        same station and more than ``ttl_s`` seconds older, becomes orphans (oldest first).
        The time is compared within a station because a satellite feed's times can lag a
        terrestrial one's by hours in the same stream."""
        for key, p in list(self._pending.items()):
            if line_no - p.first_line > self.ttl_lines or (
                    ts is not None and p.first_ts is not None and p.station == station and ts - p.first_ts > self.ttl_s):
                self._orphan(key, "other parts did not arrive in time")


def sentence_time(tag: dict, trailer: str) -> tuple[float | None, str | None]:
    """The sentence's own time: tag block ``c:``, else the first plausible 10- or 13-digit
    field after the checksum. Returns (epoch seconds, time_source) or (None, None)."""
    if "c_epoch" in tag:
        return tag["c_epoch"], "tagblock"
    for tok in trailer.split(",") if trailer else ():
        tok = tok.strip()
        if _EPOCH_FIELD.match(tok):
            t = epoch_from_number(float(tok))
            if MIN_EPOCH <= t <= MAX_EPOCH:
                return t, "trailing"
    return None, None


def _parse_tagblock(tb: str) -> dict | None:
    """Parse a tag block body ``s:x,c:123,g:1-2-99*hh``. Returns None if malformed.

    Real feeds often write a dummy tag-block checksum (AMSA and Spire write ``*00``), so a
    mismatch does not make the block unusable: it is noted (``chk_ok`` False) and the fields
    are used only if every one of them parses. A time outside 1990-2100 is ignored.
    """
    star = tb.rfind("*")
    body = tb
    out: dict = {"chk_ok": True}
    if star >= 0:
        body = tb[:star]
        try:
            out["chk_ok"] = int(tb[star + 1:], 16) == nmea_checksum(body)
        except ValueError:
            out["chk_ok"] = False
    for part in body.split(","):
        if not part:
            continue
        if len(part) < 2 or part[1] != ":":
            return None
        k, v = part[0], part[2:]
        out[k] = v
    if "c" in out:
        try:
            t = epoch_from_number(float(out["c"]))
        except ValueError:
            return None
        if MIN_EPOCH <= t <= MAX_EPOCH:
            out["c_epoch"] = t
    if "g" in out:
        g = out["g"].split("-")
        if len(g) != 3 or not (g[0].isdigit() and g[1].isdigit()) or not g[2]:
            return None
        out["g"] = (int(g[0]), int(g[1]), g[2])
    return out


def _parse_pghp(text: str) -> float | None:
    """Gatehouse ``$PGHP,1,yyyy,mm,dd,HH,MM,SS,mmm,...`` -> epoch seconds (UTC)."""
    f = text.split(",")
    try:
        if f[1] != "1":
            return None
        y, mo, d, h, mi, s, ms = (int(x) for x in f[2:9])
        return datetime(y, mo, d, h, mi, s, ms * 1000, tzinfo=timezone.utc).timestamp()
    except (ValueError, IndexError):
        return None


def _parse_leading_time(prefix: str) -> float | None:
    p = prefix.strip().strip(",;\t[]| ").strip()
    if not p:
        return None
    try:
        v = float(p)
        t = epoch_from_number(v)
        return t if MIN_EPOCH <= t <= MAX_EPOCH else None
    except ValueError:
        pass
    p = p.rstrip("Z").replace("UTC", "").strip()
    for fmt in _LEADING_FORMATS:
        try:
            t = datetime.strptime(p, fmt).replace(tzinfo=timezone.utc).timestamp()
            return t if MIN_EPOCH <= t <= MAX_EPOCH else None
        except ValueError:
            continue
    return None
