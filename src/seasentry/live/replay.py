"""Replay a recorded or generated NMEA file as a live feed (demos, tests, training).

* Timing: a line whose tag block carries ``c:`` (seconds or milliseconds) is sent when
  the data clock reaches it, the data clock running ``speed`` times faster than the wall
  clock; a line without a time, or older than the newest time seen (recorded feeds are
  often out of order), follows the line before it at once; a jump forward longer than
  ``max_gap_s`` (600 s) of data time counts as ``max_gap_s``, and a lone line that far
  ahead of the lines around it (a corrupt time) is not waited for. A file with no tag-block times at all (before its first timed
  line) is sent at a fixed ``rate`` lines per second. ``speed = inf`` (``--speed max``)
  sends as fast as the receiver reads.
* ``--tcp-serve PORT``: a TCP server; every client that connects gets its own playback
  from the first line (like a receiver's NMEA port, but repeatable), which then ends
  with the connection closed (or repeats with ``--loop``).
* ``--udp HOST:PORT``: one datagram per line to that address.
* ``--loop``: play again and again; each pass shifts the tag-block times by the file's
  time span (and rewrites the tag-block checksum) so that repeated passes are new
  messages, not duplicates.

Lines go out byte for byte as in the file (with ``\\r\\n`` line ends), garbage included.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

_C_FIELD = re.compile(rb"(?:^|,)c:(\d+(?:\.\d+)?)")


def parse_speed(v: str | float) -> float:
    """``100x``, ``100``, ``0.5x``, ``max`` / ``0`` (as fast as possible) -> factor."""
    if isinstance(v, (int, float)):
        f = float(v)
    else:
        s = v.strip().lower()
        if s.endswith("x") and s != "max":
            s = s[:-1]
        if s in ("max", "inf", "0", ""):
            return float("inf")
        try:
            f = float(s)
        except ValueError:
            raise ValueError(f"speed {v!r}: use e.g. 10x, 100x or max") from None
    if f <= 0:
        return float("inf")
    return f


def line_time(line: bytes) -> float | None:
    """Tag-block ``c:`` time of a line in epoch seconds, or None."""
    if not line.startswith(b"\\"):
        return None
    end = line.find(b"\\", 1)
    if end < 0:
        return None
    tb = line[1:end].split(b"*", 1)[0]
    m = _C_FIELD.search(tb)
    if not m:
        return None
    try:
        v = float(m.group(1))
    except ValueError:
        return None
    return v / 1000.0 if v > 1e11 else v


def shift_line(line: bytes, delta_s: float) -> bytes:
    """The line with its tag-block ``c:`` moved by ``delta_s`` seconds (checksum rewritten)."""
    if not delta_s or not line.startswith(b"\\"):
        return line
    end = line.find(b"\\", 1)
    if end < 0:
        return line
    tb = line[1:end]
    body, star, _ = tb.partition(b"*")
    m = _C_FIELD.search(body)
    if not m:
        return line
    raw = m.group(1)
    ms = len(raw.split(b".")[0]) >= 13
    v = float(raw) + (delta_s * 1000.0 if ms else delta_s)
    new = str(int(round(v))).encode()
    body = body[:m.start(1)] + new + body[m.end(1):]
    if star:
        c = 0
        for ch in body:
            c ^= ch
        body = body + b"*" + f"{c:02X}".encode()
    return b"\\" + body + line[end:]


def read_lines(path: str | Path) -> list[bytes]:
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rb") as fh:
        data = fh.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [x[:-1] if x.endswith(b"\r") else x for x in lines]


def _schedule_times(times: list[float | None], max_gap_s: float) -> list[float | None]:
    """Times used for pacing: a lone line far ahead of its neighbours (more than ``max_gap_s``
    past the data clock while the next timed line is not) is an outlier and is not waited for."""
    out: list[float | None] = list(times)
    nxt: list[float | None] = [None] * len(times)
    last = None
    for i in range(len(times) - 1, -1, -1):
        nxt[i] = last
        if times[i] is not None:
            last = times[i]
    vt = None
    for i, t in enumerate(times):
        if t is None:
            continue
        if vt is not None and t > vt + max_gap_s and (nxt[i] is None or nxt[i] <= vt + max_gap_s):
            out[i] = None
            continue
        vt = t if vt is None else max(vt, t)
    return out


@dataclass
class ReplayStats:
    lines_sent: int = 0
    bytes_sent: int = 0
    clients: int = 0
    playbacks: int = 0
    started: float = field(default_factory=time.time)

    def as_dict(self) -> dict:
        return {"lines_sent": self.lines_sent, "bytes_sent": self.bytes_sent, "clients": self.clients,
                "playbacks_completed": self.playbacks, "seconds": round(time.time() - self.started, 3)}


class Replayer:
    def __init__(self, lines: list[bytes], speed: float = 1.0, rate: float = 100.0, loop: bool = False,
                 max_gap_s: float = 600.0) -> None:
        self.lines = lines
        self.max_gap_s = max_gap_s
        self.speed = speed
        self.rate = rate
        self.loop = loop
        self.times = _schedule_times([line_time(x) for x in lines], max_gap_s)
        ts = [t for t in self.times if t is not None]
        self.span = (max(ts) - min(ts) + 1.0) if ts else 0.0
        self.stats = ReplayStats()

    async def play(self, send, flush=None, stop: asyncio.Event | None = None) -> None:
        """Call ``send(line_bytes)`` for every line on schedule; ``flush()`` before each wait.

        The schedule follows a data clock that only moves forward: a line older than the
        newest time seen is sent at once (recorded feeds are often out of order), and a jump
        forward longer than ``max_gap_s`` of data time counts as ``max_gap_s``.
        """
        shift = 0.0
        while True:
            t_wall0 = time.monotonic()
            vt = None  # data clock
            sched = 0.0  # wall seconds after t_wall0
            untimed = 0
            for line, t in zip(self.lines, self.times):
                if stop is not None and stop.is_set():
                    return
                if self.speed != float("inf"):
                    if t is not None:
                        if vt is not None and t > vt:
                            sched += min(t - vt, self.max_gap_s) / self.speed
                        vt = t if vt is None else max(vt, t)
                    elif vt is None and self.rate > 0:
                        sched = untimed / self.rate
                        untimed += 1
                    target = t_wall0 + sched
                    wait = target - time.monotonic()
                    if wait > 0.002:
                        if flush is not None:
                            await flush()
                        await asyncio.sleep(wait)
                out = shift_line(line, shift) if shift else line
                await send(out + b"\r\n")
                self.stats.lines_sent += 1
                self.stats.bytes_sent += len(out) + 2
            if flush is not None:
                await flush()
            self.stats.playbacks += 1
            if not self.loop:
                return
            shift += self.span if self.span else 0.0

    async def serve_tcp(self, host: str, port: int, stop: asyncio.Event, exit_after: int = 0,
                        on_listen=None) -> None:
        async def handler(reader, writer):
            self.stats.clients += 1
            buf: list[bytes] = []
            size = [0]

            async def flush():
                if buf:
                    writer.write(b"".join(buf))
                    buf.clear()
                    size[0] = 0
                await writer.drain()

            async def send(b: bytes):
                buf.append(b)
                size[0] += len(b)
                if size[0] >= 1 << 16:
                    await flush()

            try:
                await self.play(send, flush, stop)
                done = True
            except (ConnectionError, OSError):
                done = False
            finally:
                try:
                    writer.close()
                    await writer.wait_closed()
                except (ConnectionError, OSError):
                    pass
            if done and exit_after and self.stats.playbacks >= exit_after:
                stop.set()

        srv = await asyncio.start_server(handler, host, port)
        if on_listen is not None:
            on_listen(srv.sockets[0].getsockname()[1])
        async with srv:
            await stop.wait()

    async def send_udp(self, host: str, port: int, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        tr, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, remote_addr=(host, port))
        sent = [0]

        async def send(b: bytes):
            tr.sendto(b)
            sent[0] += 1
            if sent[0] % 64 == 0:  # let the receiver (often the same machine) keep up
                await asyncio.sleep(0)

        try:
            await self.play(send, None, stop)
        finally:
            tr.close()
