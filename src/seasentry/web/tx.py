"""A write and its audit row in one transaction.

Every API write (zones, alert actions, tokens, sanctions lists) runs as::

    with atomic(ctx, cur) as tx:
        made = create_zones(tx, geojson, p.name)       # the stage's own function
        audit(tx, p, "zone.create", ...)

Both commit together or not at all: after a crash (``kill -9``) there is never a write without
its audit row, nor an audit row of a write that did not happen. The stages' functions open and
commit their own transactions when called alone (``seasentry alerts ack`` ...); inside
:func:`atomic` they get a :class:`_InTransaction` handle on which their ``BEGIN``, ``COMMIT``
and ``ROLLBACK`` statements are absorbed by the outer transaction (DuckDB has no nested
transactions), so the same code serves the command line and the API.

API writes are serialised by the context's write lock (no write-write conflict between two
requests). A write can still meet a conflict with another writer of the process (the live
stream evaluating alerts, say): DuckDB then refuses the commit; the write is tried again up to
three times, then answered ``503`` with ``Retry-After`` (never a ``500``, never half written).
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from typing import Any, Callable, TypeVar

import duckdb
from fastapi import HTTPException

_TX = re.compile(r"^\s*(BEGIN(\s+TRANSACTION)?|COMMIT|END|ROLLBACK|ABORT)\s*;?\s*$", re.I)
T = TypeVar("T")


class _InTransaction:
    """A cursor whose transaction statements are no-ops (the outer transaction decides)."""

    __slots__ = ("_cur",)

    def __init__(self, cur) -> None:
        self._cur = cur

    def execute(self, sql, *args, **kw):
        if isinstance(sql, str) and _TX.match(sql):
            return self
        return self._cur.execute(sql, *args, **kw)

    def cursor(self):
        return self

    def __getattr__(self, name):
        return getattr(self._cur, name)


@contextmanager
def atomic(cur):
    """One transaction on ``cur`` (the caller holds the write lock); yields the handle to use."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield _InTransaction(cur)
        cur.execute("COMMIT")
    except BaseException:
        try:
            cur.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - no transaction left (the commit itself failed)
            pass
        raise


def is_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.TransactionException) or "conflict" in str(exc).lower()


def write(ctx, cur, fn: Callable[[Any], T], tries: int = 3) -> T:
    """Run ``fn(tx)`` (the write and its audit row) in one transaction under the write lock;
    retried on a write-write conflict, then 503."""
    for i in range(tries):
        try:
            with ctx.write_lock:
                try:
                    with atomic(cur) as tx:
                        return fn(tx)
                finally:
                    if ctx.generation is not None:   # this process's own write: its next read is fresh
                        ctx.generation.bump()
        except HTTPException:
            raise
        except Exception as exc:  # noqa: BLE001
            if not is_conflict(exc):
                raise
            if i == tries - 1:
                raise HTTPException(503, "the store is busy with another write (a conflict): try again",
                                    headers={"Retry-After": "1"}) from None
            time.sleep(0.05 * (i + 1))
    raise AssertionError("unreachable")
