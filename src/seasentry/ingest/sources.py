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
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_SKIP_SUFFIXES = {".md", ".json", ".pdf", ".png", ".jpg", ".shp", ".shx", ".dbf", ".prj", ".cpg", ".parquet",
                  ".duckdb", ".wal", ".py", ".html"}


#: Bytes a fingerprint reads (and hashes) at a time.
FINGERPRINT_BLOCK = 1 << 22


@dataclass
class Source:
    name: str  # what the user sees: path, or path!member, or <stdin>
    path: str | None
    member: str | None
    size: int | None  # bytes on disk (compressed size for archives), None for stdin
    opener: Callable[[], BinaryIO]
    _sha: str | None = None

    def sha256(self, on_block: Callable[[bytes], None] | None = None) -> str | None:
        """Fingerprint; None for stdin (computed while reading instead). ``on_block``: also
        called with every block of the file as it is read (the file is then read even when its
        fingerprint is known), for work done in the same pass."""
        if (self._sha is None or on_block is not None) and self.path is not None:
            h = hashlib.sha256()
            with open(self.path, "rb") as f:
                for block in iter(lambda: f.read(FINGERPRINT_BLOCK), b""):
                    h.update(block)
                    if on_block is not None:
                        on_block(block)
            if self.member:
                h.update(b"\0" + self.member.encode())
            self._sha = h.hexdigest()
        return self._sha


class InputError(ValueError):
    pass


#: What reading an input can raise when its bytes are bad or unreadable: ``OSError`` (I/O errors,
#: ``gzip.BadGzipFile`` for a bad header or CRC, bz2 "Invalid data stream"), ``EOFError`` (a
#: compressed stream cut before its end marker), ``zlib.error`` (corrupt deflate data in a .gz or
#: .zip member), ``lzma.LZMAError`` (corrupt .xz) and ``zipfile.BadZipFile`` (bad CRC of a member).
#: The ingest reports such an input as failed with the message and keeps what was read before.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile)
#: What opening an input may raise besides READ_ERRORS: an encrypted zip member
#: (RuntimeError) or one compressed with a method zipfile does not support (NotImplementedError).
OPEN_ERRORS: tuple[type[BaseException], ...] = READ_ERRORS + (RuntimeError, NotImplementedError)


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


#: Leading bytes of file formats that are not text (what an analyst may point ``ingest`` at by
#: mistake: a program, a picture, an archive without its usual name, a store or Parquet file).
_MAGIC = ((b"\x7fELF", "an ELF executable"), (b"MZ", "a Windows executable"), (b"\x89PNG", "a PNG image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a zip archive (name it .zip)"),
          (b"\x1f\x8b", "gzip-compressed data (name it .gz)"), (b"BZh", "bzip2-compressed data (name it .bz2)"),
          (b"\xfd7zXZ\x00", "xz-compressed data (name it .xz)"), (b"PAR1", "a Parquet file"),
          (b"SQLite format 3\x00", "an SQLite database"), (b"\xff\xfe", "UTF-16 text (convert it to UTF-8)"),
          (b"\xfe\xff", "UTF-16 text (convert it to UTF-8)"))
#: Control bytes that text never holds (NUL..BS, SO..US, DEL); tab, line ends and form feeds are text.
_CONTROL = bytes(list(range(0, 9)) + list(range(14, 32)) + [127])
#: Share of such bytes in the first BINARY_SAMPLE bytes above which an input is not text: 0 in every
#: real corpus of shared/data and the fixtures (a feed's occasional NUL or garbage line is far below
#: it), 44 % in /bin/ls, 14 % in a Parquet file.
BINARY_SHARE = 0.05
BINARY_SAMPLE = 1 << 16


def binary_reason(head: bytes) -> str | None:
    """Why the input starting with ``head`` is not text (None when it looks like text): a known
    file signature, or more than BINARY_SHARE control bytes (and at least 16) in its first
    BINARY_SAMPLE bytes.
    A DuckDB store is recognised by its "DUCK" signature at byte 8."""
    sample = head[:BINARY_SAMPLE]
    if not sample:
        return None
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            if magic in (b"MZ", b"BZh", b"%PDF") and sample.translate(None, _CONTROL) == sample:
                continue  # text that happens to start with these letters
            return f"{what}, not text"
    if sample[8:12] == b"DUCK":
        return "a DuckDB database (a store?), not text"
    n = len(sample) - len(sample.translate(None, _CONTROL))
    if n > BINARY_SHARE * len(sample) and n >= 16:  # a few garbage bytes in a short text are its rejects
        return (f"binary data, not text: {n:,} of its first {len(sample):,} bytes are control bytes "
                f"({100 * n / len(sample):.0f} %)")
    return None


class CountingReader(io.RawIOBase):
    """Wraps a binary stream, counting bytes and (optionally) hashing them."""

    #: Reads from the wrapped stream go in pieces of at most this many bytes, each with
    #: ``read1`` (one read of the underlying decompressor) when the stream has it: what was read
    #: before an error (a truncated or corrupt compressed input, see READ_ERRORS) is returned
    #: first, and the error is raised on the next call. (``read`` of a ``gzip``/``bz2``/``lzma``
    #: file object fills its whole request from several decompressor reads and drops them all
    #: when the last one raises: a truncated .gz lost up to one piece that way. With ``read1`` a
    #: truncated input gives every byte its decompressor can, as ``zlib.decompressobj`` does;
    #: a corrupt one loses at most the output of the failing decompressor call.)
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
            read = getattr(self.raw, "read1", None) or self.raw.read
            while got < n:
                try:
                    piece = read(min(n - got, self.PIECE))
                except READ_ERRORS as exc:
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
