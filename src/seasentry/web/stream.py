"""Live updates as Server-Sent Events (``GET /api/stream``).

Two feeds are merged into one SSE stream:

* the live stream's in-process bus (:class:`seasentry.live.bus.EventBus`) when the server runs
  with one: every new / changed / retracted event as it is found (``event: event``);
* a store poller, always on: every ``poll_interval_s`` seconds one cheap query per table
  (``max(ts)`` of positions, an order-independent hash of the events and alerts tables) tells
  whether positions, events or alerts changed, whoever wrote them (a live stream, ``seasentry
  run`` between two server starts, an analyst). It sends ``event: positions`` (the page then
  asks ``/api/latest?since=...``), ``event: events`` (with the new event records, up to 100) and
  ``event: alerts``. One poller serves all clients; it stops when nobody listens.

A stream ends after ``duration`` seconds (the page reconnects), so proxies and tests never hold
a response forever; ``: keep-alive`` comments are sent every 15 s. It ends at once (``event:
revoked``) when its token is revoked through the server, and within ``web.stream_auth_check_s``
seconds when the token stops being valid any other way (checked against the store).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from ..live.bus import EventBus
from .util import clean, table_exists


def _fingerprint(cur) -> dict[str, Any]:
    pos = cur.execute("SELECT max(ts), count(*) FROM positions").fetchone()
    ev = cur.execute("SELECT count(*), coalesce(bit_xor(hash(event_id)), 0) FROM events").fetchone()
    al = (0, 0)
    if table_exists(cur, "alerts"):
        al = cur.execute("SELECT count(*), coalesce(bit_xor(hash(CAST(alert_id AS VARCHAR) || '|' || "
                         "coalesce(CAST(status AS VARCHAR), ''))), 0) FROM alerts").fetchone()
    return {"positions": (pos[0], pos[1]), "events": tuple(ev), "alerts": tuple(al)}


class StoreNotifier:
    """Polls the store and publishes change notifications on its own bus."""

    MAX_TRACKED_EVENTS = 500_000

    def __init__(self, store, interval_s: float = 3.0) -> None:
        self.store = store
        self.interval_s = max(0.2, float(interval_s))
        self.bus = EventBus(maxsize=1000, history=1)
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._last: dict[str, Any] | None = None
        self._known: set[str] | None = None
        self.polls = 0

    def ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._loop is not loop:
            self._loop = loop
            self.bus = EventBus(maxsize=1000, history=1)
            self.bus.bind(loop)
            self._task = loop.create_task(self._run())

    def _poll(self) -> list[tuple[str, dict]]:
        cur = self.store.cursor()
        fp = _fingerprint(cur)
        out: list[tuple[str, dict]] = []
        if self._last is None:
            self._last = fp
            n = fp["events"][0]
            if n <= self.MAX_TRACKED_EVENTS:
                self._known = {r[0] for r in cur.execute("SELECT event_id FROM events").fetchall()}
            return out
        if fp["positions"] != self._last["positions"]:
            out.append(("positions", {"last_time": clean(fp["positions"][0]), "count": fp["positions"][1]}))
        if fp["events"] != self._last["events"]:
            new: list[dict] = []
            if fp["events"][0] <= self.MAX_TRACKED_EVENTS:
                ids = {r[0] for r in cur.execute("SELECT event_id FROM events").fetchall()}
                fresh = sorted(ids - (self._known or set()))
                self._known = ids
                if fresh:
                    from ..engine import event_record
                    from .api_events import _SELECT

                    res = cur.execute(f"{_SELECT} WHERE e.event_id IN ({', '.join('?' for _ in fresh[:100])})",
                                      fresh[:100])
                    cols = [d[0] for d in res.description]
                    new = [clean(event_record(dict(zip(cols, r)))) for r in res.fetchall()]
            else:
                self._known = None
            out.append(("events", {"count": fp["events"][0], "new": new}))
        if fp["alerts"] != self._last["alerts"]:
            out.append(("alerts", {"count": fp["alerts"][0]}))
        self._last = fp
        return out

    async def _run(self) -> None:
        idle_since = None
        while True:
            try:
                msgs = await asyncio.to_thread(self._poll)
            except Exception as exc:  # noqa: BLE001 - a failed poll (e.g. a table being rebuilt) is retried
                msgs = [("error", {"error": f"{type(exc).__name__}: {exc}"})]
            self.polls += 1
            for kind, payload in msgs:
                self.bus.publish(kind, payload)
            if self.bus.subscribers == 0:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > 30:
                    self._last = None
                    return
            else:
                idle_since = None
            await asyncio.sleep(self.interval_s)


def sse(kind: str, data: Any, seq: int | None = None) -> bytes:
    head = f"id: {seq}\n" if seq is not None else ""
    return (head + f"event: {kind}\ndata: {json.dumps(clean(data), ensure_ascii=False)}\n\n").encode("utf-8")


async def event_stream(ctx, duration: float, types: set[str] | None, request, principal=None) -> Any:
    """Async generator of SSE frames for one client (``principal``: whose token opened it)."""
    ctx.notifier.ensure_running()
    subs = [ctx.notifier.bus.subscribe(maxsize=1000)]
    live = ctx.bus
    if live is not None:
        try:
            subs.append(live.subscribe(maxsize=1000, types=types))
        except RuntimeError:  # the live bus belongs to another event loop
            live = None
    deadline = time.monotonic() + duration
    last_beat = time.monotonic()
    check_every = float(ctx.config.web.stream_auth_check_s)
    last_check = time.monotonic()
    try:
        yield sse("hello", {"live": live is not None, "poll_interval_s": ctx.notifier.interval_s,
                            "duration_s": duration})
        while time.monotonic() < deadline:
            if await request.is_disconnected():
                break
            if principal is not None:
                gone = principal.token_id in ctx.verifier._revoked
                if not gone and time.monotonic() - last_check > check_every:
                    last_check = time.monotonic()
                    gone = not await asyncio.to_thread(ctx.verifier.still_valid, ctx.cursor, principal)
                if gone:
                    yield sse("revoked", {"detail": "the token of this stream was revoked"})
                    return
            sent = False
            for i, s in enumerate(subs):
                while True:
                    m = s.get_nowait()
                    if m is None:
                        break
                    sent = True
                    if i == 0:
                        yield sse(m["kind"], m["event"], m.get("seq"))
                    else:
                        yield sse("event", {"kind": m["kind"], "event": m["event"]}, m.get("seq"))
            if not sent:
                if time.monotonic() - last_beat > 15:
                    last_beat = time.monotonic()
                    yield b": keep-alive\n\n"
                await asyncio.sleep(0.2)
        yield sse("bye", {"reconnect": True})
    finally:
        for s in subs:
            s.close()
