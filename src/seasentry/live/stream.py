"""The live stream: network sources -> journal -> fair scheduler -> store thread.

asyncio on one event loop (pyais's own stream classes are blocking, so only its decoder is
used). Three kinds of source, several at once, each named:

* ``tcp``: a client that connects to a receiver or aggregator and reconnects with
  exponential back-off and jitter (``live.reconnect_initial_s`` doubling up to
  ``live.reconnect_max_s``); a connection silent for ``live.idle_timeout_s`` (stalled) is
  closed and re-opened.
* ``listen``: a TCP server for receivers that push (AIS-catcher, rtl-ais); each connected
  receiver is its own connection (own NMEA framer), at most
  ``live.max_clients_per_listener`` at once.
* ``udp``: a UDP port; each sender address is its own connection; a datagram ends a line.

Path of a line: the reader splits bytes into lines (bounded: :mod:`.lines`), numbers them
per source, **appends them to the journal** (handed to the OS before anything else), then
queues them on its source's bounded queue (``live.queue_max_lines``; full: a TCP reader
stops reading, so TCP flow control slows the sender; a UDP datagram is dropped and
counted, not journaled). The scheduler takes lines from the queues by deficit round robin
(``live.fair_quantum_lines`` per source per round, optional per-source rate cap), so a
flooding source cannot starve the others, and hands a batch to the store thread every
``live.batch_interval_s`` or ``live.batch_max_lines`` lines, whichever comes first. The
store thread frames, decodes, stores, checkpoints and runs the detection hook
(:mod:`.processor`, :mod:`.detector`); while it works, readers keep reading into the
queues.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from .bus import EventBus
from .journal import KIND_EOF, KIND_LINE, Journal, journal_dir_for
from .lines import LineSplitter
from .processor import Chunk, LiveProcessor


class SourceSpecError(ValueError):
    pass


@dataclass
class SourceSpec:
    kind: str  # tcp | listen | udp
    host: str
    port: int
    name: str

    @property
    def url(self) -> str:
        return {"tcp": "tcp://", "listen": "listen://", "udp": "udp://"}[self.kind] + f"{self.host}:{self.port}"


def parse_source(kind: str, value: str, name: str | None = None) -> SourceSpec:
    """``[NAME=]HOST:PORT`` for tcp, ``[NAME=][HOST:]PORT`` for listen and udp."""
    v = value.strip()
    if "=" in v:
        n, v = v.split("=", 1)
        name = name or n.strip()
    host, _, port_s = v.rpartition(":")
    host = host.strip("[]")
    if kind == "tcp" and not host:
        raise SourceSpecError(f"--tcp {value!r}: expected HOST:PORT")
    if not host:
        host = "0.0.0.0" if kind == "listen" else "0.0.0.0"
    try:
        port = int(port_s)
    except ValueError:
        raise SourceSpecError(f"{kind} source {value!r}: port {port_s!r} is not a number") from None
    if not 0 <= port <= 65535:
        raise SourceSpecError(f"{kind} source {value!r}: port out of range")
    if not name:
        name = {"tcp": f"tcp-{host}-{port}", "listen": f"listen-{port}", "udp": f"udp-{port}"}[kind]
    if not all(c.isalnum() or c in "-_.:@" for c in name) or len(name) > 100:
        raise SourceSpecError(f"source name {name!r}: use letters, digits and - _ . : @ (at most 100)")
    return SourceSpec(kind, host, port, name)


@dataclass
class SourceState:
    spec: SourceSpec
    queue: deque = field(default_factory=deque)
    queued_lines: int = 0
    deficit: int = 0
    tokens: float = 0.0
    token_time: float = 0.0
    space: asyncio.Event = field(default_factory=asyncio.Event)
    # stats
    lines: int = 0
    bytes: int = 0
    cut_lines: int = 0
    dropped_lines: int = 0
    dropped_datagrams: int = 0
    connections: int = 0
    active: int = 0
    refused: int = 0
    reconnects: int = 0
    connect_failures: int = 0
    stalls: int = 0
    errors: int = 0
    max_queued: int = 0
    last_data: float | None = None
    last_error: str | None = None
    rate: float = 0.0
    _rate_lines: int = 0
    _rate_t: float = 0.0
    bound_port: int | None = None

    def stats(self) -> dict:
        return {"name": self.spec.name, "kind": self.spec.kind, "url": self.spec.url, "port": self.bound_port,
                "lines": self.lines, "bytes": self.bytes, "lines_per_s": round(self.rate, 1),
                "queued": self.queued_lines, "max_queued": self.max_queued, "cut_lines": self.cut_lines,
                "dropped_lines": self.dropped_lines, "dropped_datagrams": self.dropped_datagrams,
                "connections": self.connections, "active": self.active, "refused": self.refused,
                "reconnects": self.reconnects, "connect_failures": self.connect_failures, "stalls": self.stalls,
                "errors": self.errors, "last_error": self.last_error,
                "idle_s": None if self.last_data is None else round(time.time() - self.last_data, 1)}


class LiveStream:
    """Run live sources into a store. See the module docstring; ``run()`` is the entry point."""

    def __init__(self, store, sources: list[SourceSpec], cfg: Config | None = None, bus: EventBus | None = None,
                 detector=None, journal_dir: str | os.PathLike | None = None, webhooks: list[str] = (),
                 stats_file: str | os.PathLike | None = None, status=None, decoder: str = "fast") -> None:
        names = [s.name for s in sources]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise SourceSpecError(f"source names must be unique: {', '.join(sorted(dup))}")
        self.store = store
        self.cfg = cfg or store.config
        lc = self.cfg.live
        self.bus = bus or EventBus(maxsize=lc.bus_queue)
        self.detector = detector
        if detector is not None and detector.bus is None:
            detector.bus = self.bus
        jdir = Path(journal_dir) if journal_dir else journal_dir_for(store.path)
        self.journal = Journal(jdir, lc.journal_segment_bytes, lc.journal_segment_s, lc.journal_fsync,
                               lc.journal_retention_h)
        self.processor = LiveProcessor(store, self.cfg, self.journal, decoder=decoder,
                                       on_batch=self._on_batch if detector is not None else None)
        self.states = {s.name: SourceState(s) for s in sources}
        self.webhook_urls = list(webhooks)
        self.webhooks = []
        self.stats_file = Path(stats_file) if stats_file else None
        self.status = status
        self._exec = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seasentry-store")
        self._stop: asyncio.Event | None = None
        self._next_line: dict[str, int] = {}
        self._wake: asyncio.Event | None = None
        self._next_conn = 1
        self._tasks: list[asyncio.Task] = []
        self._servers = []
        self._transports = []
        self._writers: set = set()
        self.started = time.time()
        self.last_line_time = time.monotonic()
        self.batch_latency: deque = deque(maxlen=1000)
        self.commit_errors = 0
        self.last_commit_error: str | None = None
        self._batch_arrival = 0
        self._failed = False
        self.first_line_wall: float | None = None
        self.last_commit_wall: float | None = None

    # ------------------------------------------------------------------ store thread helpers
    async def _in_store(self, fn, *args, **kw):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._exec, lambda: fn(*args, **kw))

    def _on_batch(self, store, positions, statics) -> None:
        self.detector.on_batch(store, positions, statics, arrival_us=self._batch_arrival)

    # ------------------------------------------------------------------ entry point
    async def run(self, duration: float | None = None, idle_exit: float | None = None,
                  recover_only: bool = False, stop: asyncio.Event | None = None) -> dict:
        """Recover from the journal, then stream until ``stop`` is set, ``duration`` seconds
        have passed, no line arrived for ``idle_exit`` seconds, or SIGINT/SIGTERM."""
        self._stop = stop or asyncio.Event()
        self._wake = asyncio.Event()
        loop = asyncio.get_running_loop()
        self.bus.bind(loop)
        await self._in_store(self.processor.warm_up)
        for st in self.states.values():
            await self._in_store(self.processor.register_source, st.spec.name, st.spec.url)
        rec = await self._in_store(self.processor.recover)
        self._next_conn = self.processor.ckpt.next_conn
        # line numbers are handed out by the event loop from here on (the store thread only reads them)
        self._next_line = {n: self.processor.next_line(n) for n in self.states}
        if self.detector is not None:
            await self._in_store(self.detector.seed, self.store)
        if recover_only:
            await self._shutdown(final_detect=self.detector is not None)
            return self.summary()
        handlers = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self._stop.set)
                handlers.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        try:
            for st in self.states.values():
                await self._start_source(st)
            for url in self.webhook_urls:
                from .webhook import WebhookSink
                w = WebhookSink(url, self.bus, self.cfg.live.webhook_timeout_s, self.cfg.live.webhook_retries)
                self.webhooks.append(w)
            self._wh_stop = asyncio.Event()
            wh_tasks = [asyncio.create_task(w.run(self._wh_stop)) for w in self.webhooks]
            sched = asyncio.create_task(self._scheduler())
            house = asyncio.create_task(self._housekeeping(duration, idle_exit))
            self._write_stats()
            await self._stop.wait()
            house.cancel()
            await self._stop_sources()
            await sched
            await self._shutdown(final_detect=self.detector is not None)
            self._wh_stop.set()
            if wh_tasks:
                await asyncio.wait(wh_tasks, timeout=max(5.0, self.cfg.live.webhook_timeout_s * 2))
        finally:
            for sig in handlers:
                loop.remove_signal_handler(sig)
        self.recovery = rec
        return self.summary()

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    # ------------------------------------------------------------------ sources
    def _new_conn(self) -> int:
        c = self._next_conn
        self._next_conn += 1
        self.processor.ckpt.next_conn = self._next_conn
        return c

    async def _start_source(self, st: SourceState) -> None:
        s = st.spec
        if s.kind == "tcp":
            self._tasks.append(asyncio.create_task(self._tcp_client(st)))
        elif s.kind == "listen":
            async def handler(reader, writer, st=st):
                await self._tcp_conn(st, reader, writer, server=True)
            srv = await asyncio.start_server(handler, s.host, s.port, limit=1 << 16)
            st.bound_port = srv.sockets[0].getsockname()[1]
            self._servers.append(srv)
        elif s.kind == "udp":
            loop = asyncio.get_running_loop()
            tr, proto = await loop.create_datagram_endpoint(lambda: _UdpProtocol(self, st),
                                                            local_addr=(s.host, s.port))
            st.bound_port = tr.get_extra_info("sockname")[1]
            self._transports.append((tr, proto))
        else:
            raise SourceSpecError(f"unknown source kind {s.kind!r}")

    def accept_nowait(self, st: SourceState, conn: int, lines: list[bytes], lens: list[int]) -> None:
        """Number, journal and queue lines (event loop thread)."""
        if not lines:
            return
        name = st.spec.name
        first = self._next_line[name]
        self._next_line[name] = first + len(lines)
        arrival = time.time_ns() // 1000
        self.journal.append(name, conn, first, arrival, lines, lens)
        st.queue.append(Chunk(name, conn, KIND_LINE, first, arrival, lines, lens))
        n = len(lines)
        st.queued_lines += n
        st.max_queued = max(st.max_queued, st.queued_lines)
        st.lines += n
        st._rate_lines += n
        st.bytes += sum(lens) + n
        st.cut_lines += sum(1 for a, b in zip(lines, lens) if b > len(a))
        st.last_data = time.time()
        if self.first_line_wall is None:
            self.first_line_wall = st.last_data
        self.last_line_time = time.monotonic()
        if st.queued_lines >= self.cfg.live.queue_max_lines:
            st.space.clear()
        self._wake.set()

    async def accept(self, st: SourceState, conn: int, lines: list[bytes], lens: list[int]) -> None:
        """As accept_nowait, after waiting for room in the source's queue (back-pressure)."""
        while st.queued_lines >= self.cfg.live.queue_max_lines and not self._stop.is_set():
            st.space.clear()
            try:
                await asyncio.wait_for(st.space.wait(), 1.0)
            except asyncio.TimeoutError:
                pass
        self.accept_nowait(st, conn, lines, lens)

    def end_conn(self, st: SourceState, conn: int) -> None:
        name = st.spec.name
        arrival = time.time_ns() // 1000
        last = self._next_line[name] - 1
        self.journal.append_eof(name, conn, last, arrival)
        st.queue.append(Chunk(name, conn, KIND_EOF, last, arrival))
        self._wake.set()

    async def _tcp_client(self, st: SourceState) -> None:
        lc = self.cfg.live
        delay = lc.reconnect_initial_s
        s = st.spec
        while not self._stop.is_set():
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(s.host, s.port, limit=1 << 16), 10.0)
            except (OSError, asyncio.TimeoutError) as exc:
                st.connect_failures += 1
                st.last_error = f"connect: {type(exc).__name__}: {exc}"[:200]
                await self._sleep(delay * (0.5 + random.random() / 2))
                delay = min(delay * 2, lc.reconnect_max_s)
                continue
            t_conn = time.monotonic()
            got = await self._tcp_conn(st, reader, writer, server=False)
            if self._stop.is_set():
                break
            st.reconnects += 1
            if got and time.monotonic() - t_conn > 1.0:
                delay = lc.reconnect_initial_s  # a connection that worked: start over
            await self._sleep(delay * (0.5 + random.random() / 2))
            if not got:
                delay = min(delay * 2, lc.reconnect_max_s)

    async def _sleep(self, s: float) -> None:
        try:
            await asyncio.wait_for(self._stop.wait(), s)
        except asyncio.TimeoutError:
            pass

    async def _tcp_conn(self, st: SourceState, reader, writer, server: bool) -> int:
        lc = self.cfg.live
        if server and st.active >= lc.max_clients_per_listener:
            st.refused += 1
            writer.close()
            return 0
        conn = self._new_conn()
        st.connections += 1
        st.active += 1
        self._writers.add(writer)
        split = LineSplitter(self.cfg.ingest.max_line_length)
        got = 0
        timeout = lc.idle_timeout_s or None
        try:
            while not self._stop.is_set():
                try:
                    data = await asyncio.wait_for(reader.read(1 << 16), timeout)
                except asyncio.TimeoutError:
                    st.stalls += 1
                    st.last_error = f"no data for {timeout:.0f} s: connection closed"
                    break
                if not data:
                    break
                got += len(data)
                lines, lens = split.feed(data)
                if lines:
                    await self.accept(st, conn, lines, lens)
        except (OSError, asyncio.IncompleteReadError) as exc:
            st.errors += 1
            st.last_error = f"{type(exc).__name__}: {exc}"[:200]
        except asyncio.CancelledError:
            pass
        finally:
            lines, lens = split.close()
            if lines:
                self.accept_nowait(st, conn, lines, lens)
            self.end_conn(st, conn)
            st.active -= 1
            self._writers.discard(writer)
            try:
                writer.close()
            except Exception:
                pass
        return got

    async def _stop_sources(self) -> None:
        for srv in self._servers:
            srv.close()
        for w in list(self._writers):
            try:
                w.close()
            except Exception:
                pass
        for t in self._tasks:
            t.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5.0)
        for tr, proto in self._transports:
            proto.close_all()
            tr.close()
        t_end = time.monotonic() + 3.0  # let connection handlers journal their last line and end
        while any(st.active for st in self.states.values() if st.spec.kind != "udp") and time.monotonic() < t_end:
            await asyncio.sleep(0.02)
        for srv in self._servers:
            try:
                await asyncio.wait_for(srv.wait_closed(), 2.0)
            except (asyncio.TimeoutError, Exception):
                pass

    # ------------------------------------------------------------------ scheduling
    def _take(self, budget: int) -> list[Chunk]:
        """Deficit round robin over the source queues; at most about ``budget`` lines."""
        lc = self.cfg.live
        q = lc.fair_quantum_lines
        cap = lc.max_lines_per_s_per_source
        out: list[Chunk] = []
        taken = 0
        now = time.monotonic()
        active = [st for st in self.states.values() if st.queue]
        while active and taken < budget:
            nxt = []
            for st in active:
                if cap > 0:
                    st.tokens = min(cap, st.tokens + (now - (st.token_time or now)) * cap)
                    st.token_time = now
                st.deficit += q
                while st.queue and taken < budget:
                    ch = st.queue[0]
                    if ch.n > st.deficit and ch.n > 0:
                        break
                    if cap > 0 and ch.n > 0 and st.tokens < min(ch.n, cap):
                        break
                    st.queue.popleft()
                    st.deficit -= ch.n
                    st.queued_lines -= ch.n
                    if cap > 0:
                        st.tokens -= ch.n
                    taken += ch.n
                    out.append(ch)
                if not st.queue:
                    st.deficit = 0
                if st.queued_lines < lc.queue_max_lines:
                    st.space.set()
                if st.queue and (cap <= 0 or st.tokens >= min(st.queue[0].n, cap)):
                    nxt.append(st)
            active = nxt
        return out

    async def _scheduler(self) -> None:
        lc = self.cfg.live
        while True:
            stopping = self._stop.is_set()
            if not any(st.queue for st in self.states.values()):
                if stopping:
                    return
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), 0.5)
                except asyncio.TimeoutError:
                    pass
                continue
            deadline = time.monotonic() + lc.batch_interval_s
            batch: list[Chunk] = []
            n = 0
            while True:
                got = self._take(lc.batch_max_lines - n)
                batch += got
                n += sum(c.n for c in got)
                if n >= lc.batch_max_lines or self._stop.is_set():
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), min(left, 0.05) if not got else left)
                except asyncio.TimeoutError:
                    pass
                if not got and not any(st.queue for st in self.states.values()) and time.monotonic() >= deadline:
                    break
            if batch and not self._failed:
                await self._commit(batch)
            if self._failed:
                return

    async def _commit(self, batch: list[Chunk], final: bool = False) -> None:
        self._batch_arrival = max((c.arrival_us for c in batch), default=time.time_ns() // 1000)
        try:
            res = await self._in_store(self.processor.commit, batch, final=final)
        except Exception as exc:
            # the checkpoint did not move: the lines stay in the journal and are replayed at the
            # next start. Stop now, so that no later batch moves the checkpoint past them.
            self.commit_errors += 1
            self.last_commit_error = f"{type(exc).__name__}: {exc}"[:300]
            self._failed = True
            self._stop.set()
            return
        if res.lines:
            self.last_commit_wall = time.time()
            self.batch_latency.append(self.last_commit_wall - self._batch_arrival / 1e6)

    # ------------------------------------------------------------------ housekeeping
    async def _housekeeping(self, duration, idle_exit) -> None:
        t0 = time.monotonic()
        last_status = last_stats = time.monotonic()
        udp_idle = self.cfg.live.udp_peer_idle_s
        try:
            while not self._stop.is_set():
                await asyncio.sleep(0.25)
                now = time.monotonic()
                for st in self.states.values():
                    dt = now - (st._rate_t or t0)
                    if dt >= 1.0:
                        st.rate = 0.7 * st.rate + 0.3 * (st._rate_lines / dt) if st.rate else st._rate_lines / dt
                        st._rate_lines, st._rate_t = 0, now
                for _, proto in self._transports:
                    proto.expire(udp_idle)
                if duration is not None and now - t0 >= duration:
                    self._stop.set()
                if idle_exit is not None and now - self.last_line_time >= idle_exit and \
                        not any(st.queue for st in self.states.values()):
                    self._stop.set()
                if self.detector is not None and self.detector.due():
                    await self._in_store(self.detector.maybe_run, self.store)
                if now - last_stats >= 1.0:
                    last_stats = now
                    self._write_stats()
                if self.status is not None and now - last_status >= 5.0:
                    last_status = now
                    self.status(self.summary())
        except asyncio.CancelledError:
            pass

    async def _shutdown(self, final_detect: bool) -> None:
        if self._failed:  # leave everything to the journal replay of the next start
            await self._in_store(self.journal.close)
            self._write_stats()
            self._exec.shutdown(wait=True)
            return
        # what is still queued, then every feed ends as a file does (waiting fragments -> orphans)
        rest = []
        for st in self.states.values():
            while st.queue:
                ch = st.queue.popleft()
                st.queued_lines -= ch.n
                rest.append(ch)
        if rest or self.processor.assemblers:
            await self._commit(rest, final=True)
        if final_detect and self.detector is not None and (self.detector.dirty or self.processor.totals.stored):
            await self._in_store(self.detector.full, self.store)
        await self._in_store(self.processor.close_sources)
        await self._in_store(self.journal.close)
        await self._in_store(self.processor._checkpoint, {})
        self._write_stats()
        self._exec.shutdown(wait=True)

    # ------------------------------------------------------------------ stats
    def summary(self) -> dict:
        p = self.processor
        lat = sorted(self.batch_latency)
        d = {
            "uptime_s": round(time.time() - self.started, 1),
            "lines": p.totals.lines, "messages": p.totals.messages, "stored": p.totals.stored,
            "duplicates": p.totals.duplicates, "rejects": p.totals.rejects, "batches": p.batches,
            "last_commit_s": round(p.last_commit_s, 4),
            "busy_s": round(self.last_commit_wall - self.first_line_wall, 3)
            if self.first_line_wall and self.last_commit_wall else None,
            "batch_latency_median_s": round(lat[len(lat) // 2], 4) if lat else None,
            "commit_errors": self.commit_errors, "last_commit_error": self.last_commit_error,
            "rejects_by_reason": {}, "recovery": p.recovery,
            "journal": {"dir": str(self.journal.dir), "segments": self.journal.segments(),
                        "bytes_written": self.journal.bytes_written, "records": self.journal.records_written,
                        "segments_removed": self.journal.segments_removed},
            "sources": {n: {**st.stats(), **{k: v for k, v in p.reports[n].counts().items()
                                             if k in ("messages", "stored", "duplicates", "rejects")}}
                        if n in p.reports else st.stats() for n, st in self.states.items()},
            "bus": {"published": self.bus.published, "subscribers": self.bus.subscribers},
            "webhooks": [w.stats() for w in self.webhooks],
        }
        rbr: dict[str, int] = {}
        for rep in p.reports.values():
            for k, v in rep.rejects_by_reason.items():
                rbr[k] = rbr.get(k, 0) + v
        d["rejects_by_reason"] = rbr
        if self.detector is not None:
            d["detector"] = dict(self.detector.stats)
        return d

    def _write_stats(self) -> None:
        if self.stats_file is None:
            return
        try:
            tmp = self.stats_file.with_suffix(self.stats_file.suffix + ".tmp")
            tmp.write_text(json.dumps(self.summary(), default=str), encoding="utf-8")
            os.replace(tmp, self.stats_file)
        except OSError:
            pass


class _UdpProtocol(asyncio.DatagramProtocol):
    """One connection per sender address (bounded); a datagram ends its last line."""

    MAX_PEERS = 1024

    def __init__(self, stream: LiveStream, st: SourceState) -> None:
        self.stream = stream
        self.st = st
        self.peers: dict = {}  # addr -> [conn, last_seen]

    def datagram_received(self, data: bytes, addr) -> None:
        st, lc = self.st, self.stream.cfg.live
        if st.queued_lines >= lc.queue_max_lines:
            st.dropped_datagrams += 1
            st.dropped_lines += data.count(b"\n") or 1
            return
        peer = self.peers.get(addr)
        if peer is None:
            if len(self.peers) >= self.MAX_PEERS:  # close the longest-silent sender
                old = min(self.peers, key=lambda a: self.peers[a][1])
                self.stream.end_conn(st, self.peers.pop(old)[0])
            peer = self.peers[addr] = [self.stream._new_conn(), time.monotonic()]
            st.connections += 1
            st.active = len(self.peers)
        peer[1] = time.monotonic()
        split = LineSplitter(self.stream.cfg.ingest.max_line_length)
        lines, lens = split.feed(data)
        tl, tn = split.close()
        self.stream.accept_nowait(st, peer[0], lines + tl, lens + tn)

    def error_received(self, exc) -> None:
        self.st.errors += 1
        self.st.last_error = f"{type(exc).__name__}: {exc}"[:200]

    def expire(self, idle_s: float) -> None:
        now = time.monotonic()
        for addr in [a for a, p in self.peers.items() if now - p[1] >= idle_s]:
            self.stream.end_conn(self.st, self.peers.pop(addr)[0])
        self.st.active = len(self.peers)

    def close_all(self) -> None:
        for addr in list(self.peers):
            self.stream.end_conn(self.st, self.peers.pop(addr)[0])
        self.st.active = 0
