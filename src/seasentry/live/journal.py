"""Append-only journal of every received line, and the checkpoint of what the store holds.

Layout (next to the store ``X.duckdb``): a folder ``X.duckdb.journal/`` with segment files
``seg-00000001.jnl``, ``seg-00000002.jnl`` ... and ``checkpoint.json``.

Segment format: the 8-byte magic ``SSJRNL1\\n`` followed by records::

    u32 body_length | u32 crc32(body) | body
    body = i64 line_no | i64 arrival_us | u32 conn | u32 orig_len | u8 kind | u8 name_len | name | data

(little-endian). ``line_no`` counts the lines of one named source (1, 2, 3 ... across
restarts: never reused), ``arrival_us`` is the arrival time (epoch microseconds, UTC),
``conn`` identifies the connection or UDP sender (one NMEA framer each), ``kind`` is
0 = a line, 1 = a line cut at the maximum line length (``orig_len`` is its full length,
``data`` its first bytes), 2 = the connection ended (no data). ``data`` is the line as
received, without its line end, byte for byte (garbage included).

A record is written to the operating system (``write``) before the line is processed, so
a killed process (``kill -9``) loses nothing that was received; ``fsync`` follows the
``live.journal_fsync`` policy (power loss). A torn record at the end of the last segment
(the process died in the middle of a write) fails its length or CRC check and is cut
off at start-up.

The checkpoint (JSON, replaced atomically: write, fsync, rename, fsync folder) records,
per source, the last line committed to the store and the first line still needed to
rebuild unfinished multipart messages (``resume``); segments whose every line is below
``resume`` are removed (after ``live.journal_retention_h``).
"""

from __future__ import annotations

import json
import os
import re
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

MAGIC = b"SSJRNL1\n"
_HEAD = struct.Struct("<II")
_BODY = struct.Struct("<qqIIBB")
KIND_LINE, KIND_CUT, KIND_EOF = 0, 1, 2
_SEG = re.compile(r"^seg-(\d{8})\.jnl$")
MAX_RECORD = 64 * 1024 * 1024


@dataclass
class Record:
    source: str
    conn: int
    kind: int
    line_no: int
    arrival_us: int
    orig_len: int
    data: bytes


def encode_record(source: bytes, conn: int, kind: int, line_no: int, arrival_us: int, orig_len: int,
                  data: bytes) -> bytes:
    body = _BODY.pack(line_no, arrival_us, conn, orig_len, kind, len(source)) + source + data
    return _HEAD.pack(len(body), zlib.crc32(body)) + body


def read_segment(path: Path) -> tuple[list[Record], int, bool]:
    """Records of one segment, the byte offset after the last good record, and whether the
    file ended cleanly (False: a torn or corrupt record follows the offset)."""
    data = path.read_bytes()
    out: list[Record] = []
    if not data.startswith(MAGIC):
        return out, 0, len(data) == 0
    pos, n = len(MAGIC), len(data)
    hs, bs = _HEAD.size, _BODY.size
    while pos < n:
        if pos + hs > n:
            return out, pos, False
        blen, crc = _HEAD.unpack_from(data, pos)
        if blen < bs or blen > MAX_RECORD or pos + hs + blen > n:
            return out, pos, False
        body = data[pos + hs: pos + hs + blen]
        if zlib.crc32(body) != crc:
            return out, pos, False
        line_no, arr, conn, olen, kind, nlen = _BODY.unpack_from(body, 0)
        name = body[bs: bs + nlen].decode("utf-8", "replace")
        out.append(Record(name, conn, kind, line_no, arr, olen, body[bs + nlen:]))
        pos += hs + blen
    return out, pos, True


@dataclass
class Checkpoint:
    """What the store holds. ``sources[name] = {"committed", "resume", "last_line", "source_id"}``."""

    sources: dict[str, dict] = field(default_factory=dict)
    next_conn: int = 1
    batches: int = 0
    updated: float = 0.0

    @classmethod
    def load(cls, path: Path) -> "Checkpoint":
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls(sources={k: dict(v) for k, v in d.get("sources", {}).items()},
                   next_conn=int(d.get("next_conn", 1)), batches=int(d.get("batches", 0)),
                   updated=float(d.get("updated", 0.0)))

    def save(self, path: Path) -> None:
        self.updated = time.time()
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"version": 1, "sources": self.sources, "next_conn": self.next_conn,
                       "batches": self.batches, "updated": self.updated}, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(str(d), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class _SegInfo:
    seg_id: int
    path: Path
    max_line: dict[str, int] = field(default_factory=dict)
    closed_at: float | None = None


class Journal:
    """Segmented append-only journal (see the module docstring for the format).

    ``append`` is called from the event loop thread; ``sync``, ``remove_committed`` from the
    store thread; the segment list is guarded by a lock.
    """

    def __init__(self, directory: str | os.PathLike, segment_bytes: int = 64 << 20, segment_s: float = 3600.0,
                 fsync: str = "batch", retention_h: float = 0.0) -> None:
        if fsync not in ("batch", "always", "never"):
            raise ValueError(f"journal fsync policy {fsync!r}: use batch, always or never")
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.segment_bytes = segment_bytes
        self.segment_s = segment_s
        self.fsync_policy = fsync
        self.retention_s = retention_h * 3600.0
        self.checkpoint_path = self.dir / "checkpoint.json"
        self._lock = threading.Lock()
        self._segs: list[_SegInfo] = []
        self._fh = None
        self._cur: _SegInfo | None = None
        self._cur_bytes = 0
        self._cur_opened = 0.0
        self.bytes_written = 0
        self.records_written = 0
        self.torn_records_cut = 0
        self.segments_removed = 0
        self._names: dict[str, bytes] = {}

    # ------------------------------------------------------------------ start-up
    def segment_paths(self) -> list[tuple[int, Path]]:
        out = []
        for p in self.dir.iterdir():
            m = _SEG.match(p.name)
            if m:
                out.append((int(m.group(1)), p))
        return sorted(out)

    def recover(self) -> Iterator[Record]:
        """Every intact record of the existing segments, in order; torn tails are cut off.

        Registers the existing segments (with the highest line per source) so that they are
        removed once committed. Call before the first :meth:`append`.
        """
        for seg_id, path in self.segment_paths():
            recs, good, clean = read_segment(path)
            if not clean:
                self.torn_records_cut += 1
                with open(path, "r+b") as fh:
                    if good == 0:
                        fh.truncate(0)
                        fh.write(MAGIC)
                    else:
                        fh.truncate(good)
                    fh.flush()
                    os.fsync(fh.fileno())
            info = _SegInfo(seg_id, path, closed_at=path.stat().st_mtime)
            for r in recs:
                if r.kind != KIND_EOF:
                    info.max_line[r.source] = max(info.max_line.get(r.source, 0), r.line_no)
            with self._lock:
                self._segs.append(info)
            yield from recs

    # ------------------------------------------------------------------ writing
    def _open_segment(self) -> None:
        with self._lock:
            last = max([s.seg_id for s in self._segs] + [0])
            info = _SegInfo(last + 1, self.dir / f"seg-{last + 1:08d}.jnl")
            self._segs.append(info)
        self._fh = open(info.path, "ab", buffering=1 << 20)
        self._fh.write(MAGIC)
        self._cur, self._cur_bytes, self._cur_opened = info, len(MAGIC), time.monotonic()

    def _rotate_if_due(self) -> None:
        if self._fh is None:
            self._open_segment()
        elif self._cur_bytes >= self.segment_bytes or time.monotonic() - self._cur_opened >= self.segment_s:
            self._close_current()
            self._open_segment()

    def _close_current(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            if self.fsync_policy != "never":
                os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
            with self._lock:
                if self._cur is not None:
                    self._cur.closed_at = time.time()
            self._cur = None

    def append(self, source: str, conn: int, first_line: int, arrival_us: int, lines: list[bytes],
               orig_lens: list[int] | None = None) -> None:
        """Journal lines ``first_line, first_line + 1, ...`` of ``source`` and hand them to the OS."""
        self._rotate_if_due()
        name = self._names.get(source)
        if name is None:
            name = self._names.setdefault(source, source.encode("utf-8")[:255])
        parts = []
        ln = first_line
        for i, data in enumerate(lines):
            olen = orig_lens[i] if orig_lens is not None else len(data)
            kind = KIND_CUT if olen > len(data) else KIND_LINE
            parts.append(encode_record(name, conn, kind, ln, arrival_us, olen, data))
            ln += 1
        self._write(b"".join(parts), len(parts))
        if lines:
            cur = self._cur
            with self._lock:
                cur.max_line[source] = max(cur.max_line.get(source, 0), first_line + len(lines) - 1)

    def append_eof(self, source: str, conn: int, last_line: int, arrival_us: int) -> None:
        self._rotate_if_due()
        name = self._names.setdefault(source, source.encode("utf-8")[:255])
        self._write(encode_record(name, conn, KIND_EOF, last_line, arrival_us, 0, b""), 1)

    def _write(self, blob: bytes, n: int) -> None:
        self._fh.write(blob)
        self._fh.flush()  # to the OS before the lines are processed: survives kill -9
        if self.fsync_policy == "always":
            os.fsync(self._fh.fileno())
        self._cur_bytes += len(blob)
        self.bytes_written += len(blob)
        self.records_written += n

    def sync(self) -> None:
        """fsync the open segment (policy 'batch': called before each store commit)."""
        fh = self._fh
        if fh is not None and self.fsync_policy != "never":
            try:
                os.fsync(fh.fileno())
            except (OSError, ValueError):  # closed meanwhile by a rotation
                pass

    # ------------------------------------------------------------------ clean-up
    def remove_committed(self, resume: dict[str, int]) -> int:
        """Remove closed segments whose every line is below its source's ``resume`` line
        (and older than the retention). Returns the number removed."""
        now = time.time()
        with self._lock:
            cur = self._cur
            gone = [s for s in self._segs if s is not cur and s.closed_at is not None
                    and all(ml < resume.get(src, 0) for src, ml in s.max_line.items())
                    and now - s.closed_at >= self.retention_s]
            for s in gone:
                self._segs.remove(s)
        for s in gone:
            try:
                s.path.unlink()
            except FileNotFoundError:
                pass
        if gone:
            _fsync_dir(self.dir)
        self.segments_removed += len(gone)
        return len(gone)

    def close(self) -> None:
        self._close_current()

    def segments(self) -> int:
        with self._lock:
            return len(self._segs)

    def pending_bytes(self) -> int:
        with self._lock:
            paths = [s.path for s in self._segs]
        total = 0
        for p in paths:
            try:
                total += p.stat().st_size
            except FileNotFoundError:
                pass
        return total


def journal_dir_for(db_path: str | os.PathLike) -> Path:
    """``X.duckdb`` -> ``X.duckdb.journal`` (next to the store)."""
    p = Path(db_path)
    return p.with_name(p.name + ".journal")
