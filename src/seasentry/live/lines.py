"""Bytes from a socket -> lines, with bounded memory.

A line ends at ``\\n`` (a preceding ``\\r`` is dropped). A line longer than ``max_len``
bytes is not kept whole: its first ``max_len`` bytes are kept and the rest is counted
until its line end, so a sender that never sends a line end (garbage, a binary
protocol on the wrong port) costs at most ``max_len`` bytes of memory. Such a line is
returned with its full length so that it can be rejected as ``line_too_long``.
"""

from __future__ import annotations


class LineSplitter:
    """Incremental splitter; ``feed`` returns complete lines, ``close`` the unterminated rest."""

    __slots__ = ("max_len", "_buf", "_over", "_cr")

    def __init__(self, max_len: int = 4096) -> None:
        self.max_len = max_len
        self._buf = bytearray()
        self._over = 0  # bytes dropped from the current (over-long) line
        self._cr = False  # the last byte taken into the current line was a carriage return

    def feed(self, data: bytes) -> tuple[list[bytes], list[int]]:
        """Lines completed by ``data`` and each line's full length (> len(line) if cut)."""
        lines: list[bytes] = []
        lens: list[int] = []
        start = 0
        n = len(data)
        while start < n:
            nl = data.find(b"\n", start)
            if nl < 0:
                self._take(data, start, n)
                break
            self._take(data, start, nl)
            line = bytes(self._buf)
            full = len(line) + self._over
            if self._cr:
                full -= 1
                if not self._over:
                    line = line[:-1]
            lines.append(line)
            lens.append(full)
            self._buf.clear()
            self._over = 0
            self._cr = False
            start = nl + 1
        return lines, lens

    def _take(self, data: bytes, a: int, b: int) -> None:
        if b > a:
            self._cr = data[b - 1] == 13
        room = self.max_len - len(self._buf)
        if room >= b - a:
            self._buf += data[a:b]
        else:
            if room > 0:
                self._buf += data[a:a + room]
            self._over += (b - a) - max(room, 0)

    def close(self) -> tuple[list[bytes], list[int]]:
        """The last, unterminated line (if any), as for ``feed``."""
        if not self._buf and not self._over:
            return [], []
        line = bytes(self._buf)
        full = len(line) + self._over
        self._buf.clear()
        self._over = 0
        if self._cr:
            full -= 1
            if full < len(line):
                line = line[:-1]
        self._cr = False
        if not line.strip() and full == len(line):
            return [], []
        return [line], [full]

    @property
    def buffered(self) -> int:
        return len(self._buf)
