"""Answers to repeated reads, kept until the store changes.

Several analysts' pages ask the same things (the map's latest positions, the first page of
alerts, the stats) every few seconds. The answer to a read is the same until something is
committed to the store, so the server keeps the response bytes of a few endpoints keyed by the
request (path and query) and by the store's **generation**, and sends them again while the
generation is unchanged. Every request still passes authentication and its role check.

The generation is read from the file system, not from the database: DuckDB appends every commit
to the store's write-ahead log (``<store>.wal``) and a checkpoint rewrites the store file and
removes the log, so the size and modification time (ns) of the two files change with every
commit, whoever made it (an API write, the live stream of ``serve``), and with nothing else
(reads and rolled-back transactions write nothing). While the server runs it is the only
process that can write the store. Two ``os.stat`` calls: a few microseconds. A write through the
API also bumps an in-process counter, so its own next read never sees the old answer even on a
file system with coarse time stamps.

A response is computed after the generation is read, so a cached answer is never older than the
generation it is kept under. Bounded: ``max_entries`` answers and ``max_bytes`` in all (least
recently used dropped first).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

from starlette.responses import Response


class StoreGeneration:
    def __init__(self, path: str | os.PathLike | None) -> None:
        self.db = Path(path) if path else None
        self.wal = self.db.with_name(self.db.name + ".wal") if self.db else None
        self.bumps = 0
        self._memo: dict[str, tuple] = {}

    def bump(self) -> None:
        self.bumps += 1

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept while the generation is unchanged (computed after the generation is
        read, so never older than the generation it is kept under)."""
        gen = self()
        if gen is None:
            return compute()
        hit = self._memo.get(name)
        if hit is not None and hit[0] == gen:
            return hit[1]
        value = compute()
        self._memo[name] = (gen, value)
        return value

    def __call__(self) -> tuple | None:
        if self.db is None:
            return None
        out: list[Any] = [self.bumps]
        for p in (self.db, self.wal):
            try:
                s = os.stat(p)
                out.append((s.st_size, s.st_mtime_ns, s.st_ino))
            except FileNotFoundError:
                out.append(None)
            except OSError:
                return None
        return tuple(out)


class ResponseCache:
    def __init__(self, generation: StoreGeneration, max_entries: int = 512, max_bytes: int = 64 * 2**20) -> None:
        self.generation = generation
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._d: OrderedDict[str, tuple[tuple, bytes, str]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def peek(self, key: str) -> Response | None:
        """The kept answer for ``key`` if the store has not changed since, else None (no I/O but
        two ``os.stat``: cheap enough for the event loop)."""
        gen = self.generation()
        if gen is None:
            return None
        with self._lock:
            e = self._d.get(key)
            if e is None or e[0] != gen:
                return None
            self._d.move_to_end(key)
            self.hits += 1
            return Response(e[1], media_type=e[2])

    def get_or_compute(self, key: str, compute: Callable[[], bytes], media_type: str = "application/json") -> Response:
        gen = self.generation()
        if gen is not None:
            with self._lock:
                e = self._d.get(key)
                if e is not None and e[0] == gen:
                    self._d.move_to_end(key)
                    self.hits += 1
                    return Response(e[1], media_type=e[2])
        body = compute()
        self.misses += 1
        if gen is not None and len(body) <= self.max_bytes // 8:
            with self._lock:
                old = self._d.pop(key, None)
                if old is not None:
                    self._bytes -= len(old[1])
                self._d[key] = (gen, body, media_type)
                self._bytes += len(body)
                while self._d and (len(self._d) > self.max_entries or self._bytes > self.max_bytes):
                    _, (_, b, _) = self._d.popitem(last=False)
                    self._bytes -= len(b)
        return Response(body, media_type=media_type)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()
            self._bytes = 0


TABLES_SQL = "SELECT table_schema, table_name FROM information_schema.tables"


def store_tables(cur, generation: StoreGeneration | None) -> frozenset:
    """(schema, name) of the store's tables and views, read once per generation: the handlers
    ask whether a table exists (latest_positions, position_spans, the alerts tables) at every
    request, and each such look at ``information_schema`` costs DuckDB about 1 ms of CPU (a
    vessel's detail asked three times)."""
    def read() -> frozenset:
        return frozenset((str(a), str(b)) for a, b in cur.execute(TABLES_SQL).fetchall())

    return generation.memo("tables", read) if generation is not None else read()


def request_key(request) -> str:
    """The cache key of a request: its path and its query parameters in a fixed order."""
    q = sorted(request.query_params.multi_items())
    return request.url.path + "?" + "&".join(f"{k}={v}" for k, v in q)
