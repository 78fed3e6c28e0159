"""Input discovery: files, directories (recursive), .gz/.bz2/.xz, .zip members and stdin.

Each input becomes a :class:`Source` with a fingerprint (SHA-256 of the bytes as stored on
disk, plus the member name for archives) used by the ingest log to recognise a file that
was already ingested, whatever its path.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_SKIP_SUFFIXES = {".md", ".json", ".pdf", ".png", ".jpg", ".shp", ".shx", ".dbf", ".prj", ".cpg", ".parquet",
                  ".duckdb", ".wal", ".py", ".html"}


@dataclass
class Source:
    name: str  # what the user sees: path, or path!member, or <stdin>
    path: str | None
    member: str | None
    size: int | None  # bytes on disk (compressed size for archives), None for stdin
    opener: Callable[[], BinaryIO]
    _sha: str | None = None

    def sha256(self) -> str | None:
        """Fingerprint; None for stdin (computed while reading instead)."""
        if self._sha is None and self.path is not None:
            h = hashlib.sha256()
            with open(self.path, "rb") as f:
                for block in iter(lambda: f.read(1 << 22), b""):
                    h.update(block)
            if self.member:
                h.update(b"\0" + self.member.encode())
            self._sha = h.hexdigest()
        return self._sha


class InputError(ValueError):
    pass


def discover(inputs: list[str], stdin: BinaryIO | None = None) -> Iterator[Source]:
    """Expand the user's inputs into sources, in a stable order."""
    for item in inputs:
        if item == "-":
            stream = stdin or sys.stdin.buffer
            yield Source("<stdin>", None, None, None, lambda s=stream: s)
            continue
        p = Path(item)
        if not p.exists():
            raise InputError(f"{item}: no such file or directory")
        if p.is_dir():
            files = sorted(x for x in p.rglob("*") if x.is_file() and not any(
                part.startswith(".") for part in x.relative_to(p).parts))
            for f in files:
                if f.suffix.lower() in _SKIP_SUFFIXES:
                    continue
                yield from _file_sources(f)
        else:
            yield from _file_sources(p)


def _file_sources(p: Path) -> Iterator[Source]:
    size = p.stat().st_size
    suffix = p.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(p) as z:
                members = [i.filename for i in z.infolist() if not i.is_dir()]
        except zipfile.BadZipFile as exc:
            raise InputError(f"{p}: not a readable zip archive ({exc})") from exc
        for m in members:
            def opener(p=p, m=m) -> BinaryIO:
                z = zipfile.ZipFile(p)
                return z.open(m)
            yield Source(f"{p}!{m}", str(p), m, size, opener)
        return
    if suffix in _COMPRESSED:
        fn = _COMPRESSED[suffix]
        yield Source(str(p), str(p), None, size, lambda p=p, fn=fn: fn(p, "rb"))
        return
    yield Source(str(p), str(p), None, size, lambda p=p: open(p, "rb"))


class CountingReader(io.RawIOBase):
    """Wraps a binary stream, counting bytes and (optionally) hashing them."""

    #: Reads from the wrapped stream go in pieces of at most this many bytes, so that a corrupt or
    #: truncated compressed input loses at most one piece: what was read before the error is
    #: returned first, and the error is raised on the next call.
    PIECE = 1 << 16

    def __init__(self, raw: BinaryIO, hash_it: bool = False) -> None:
        self.raw = raw
        self.bytes = 0
        self.h = hashlib.sha256() if hash_it else None
        self._error: BaseException | None = None

    def read(self, n: int = -1) -> bytes:
        if self._error is not None:
            exc, self._error = self._error, None
            raise exc
        if n is None or n < 0:
            b = self.raw.read()
        else:
            parts: list[bytes] = []
            got = 0
            while got < n:
                try:
                    piece = self.raw.read(min(n - got, self.PIECE))
                except (OSError, EOFError) as exc:
                    if not parts:
                        raise
                    self._error = exc
                    break
                if not piece:
                    break
                parts.append(piece)
                got += len(piece)
            b = parts[0] if len(parts) == 1 else b"".join(parts)
        self.bytes += len(b)
        if self.h is not None:
            self.h.update(b)
        return b

    def readable(self) -> bool:
        return True


def iter_line_blocks(stream: BinaryIO, max_lines: int, block_bytes: int = 1 << 22) -> Iterator[list[bytes]]:
    """Yield lists of at most ``max_lines`` raw lines (without the line end)."""
    rest = b""
    while True:
        block = stream.read(block_bytes)
        if not block:
            break
        data = rest + block
        lines = data.split(b"\n")
        rest = lines.pop()
        for i in range(0, len(lines), max_lines):
            yield lines[i:i + max_lines]
    if rest:
        yield [rest]
