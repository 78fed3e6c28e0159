"""In-process publish/subscribe for live notifications (events found, changed, retracted).

The web server exposes a subscription as Server-Sent Events; the webhook sink is another
subscriber. Publishing never blocks and may be called from any thread: a notification is
handed to the event loop with ``call_soon_threadsafe``. Each subscriber has a bounded
queue (``live.bus_queue``); when a slow subscriber's queue is full its oldest
notification is dropped and counted (``dropped``), so one stuck client cannot hold
memory or slow down the stream.

A notification is a dict::

    {"kind": "new" | "changed" | "retracted", "event": {...}, "published": 1714.0, "seq": 17}

where ``event`` is the record of ``seasentry events --format jsonl`` (issue 3 contract).
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections import deque


class Subscription:
    """An async iterator of notifications; ``close()`` (or ``async with``) to unsubscribe."""

    def __init__(self, bus: "EventBus", maxsize: int, kinds: set[str] | None, types: set[str] | None) -> None:
        self._bus = bus
        self._q: deque = deque()
        self._maxsize = maxsize
        self._kinds = kinds
        self._types = types
        self._event = asyncio.Event()
        self.dropped = 0
        self.received = 0
        self.closed = False

    def _offer(self, msg: dict) -> None:  # event loop thread only
        if self._kinds and msg.get("kind") not in self._kinds:
            return
        if self._types and (msg.get("event") or {}).get("type") not in self._types:
            return
        if len(self._q) >= self._maxsize:
            self._q.popleft()
            self.dropped += 1
        self._q.append(msg)
        self.received += 1
        self._event.set()

    async def get(self, timeout: float | None = None) -> dict | None:
        """Next notification, or None after ``timeout`` seconds / when closed."""
        while not self._q:
            if self.closed:
                return None
            self._event.clear()
            try:
                await asyncio.wait_for(self._event.wait(), timeout)
            except asyncio.TimeoutError:
                return None
        return self._q.popleft()

    def get_nowait(self) -> dict | None:
        return self._q.popleft() if self._q else None

    def pending(self) -> int:
        return len(self._q)

    def close(self) -> None:
        self.closed = True
        self._event.set()
        self._bus._remove(self)

    def __aiter__(self):
        return self

    async def __anext__(self) -> dict:
        msg = await self.get()
        if msg is None:
            raise StopAsyncIteration
        return msg

    async def __aenter__(self) -> "Subscription":
        return self

    async def __aexit__(self, *exc) -> None:
        self.close()


class EventBus:
    """Fan-out of notifications to subscribers on one asyncio event loop."""

    def __init__(self, maxsize: int = 10_000, history: int = 1000) -> None:
        self.maxsize = maxsize
        self._subs: list[Subscription] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self.history: deque = deque(maxlen=history)  # recent notifications, for late joiners
        self.published = 0

    def bind(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Attach to the running loop (done by the stream; publishing before is buffered in history)."""
        self._loop = loop or asyncio.get_running_loop()

    def subscribe(self, maxsize: int | None = None, kinds=None, types=None, replay: int = 0) -> Subscription:
        """New subscription (call on the event loop). ``replay`` = recent notifications to receive first."""
        if self._loop is None:
            self.bind()
        s = Subscription(self, maxsize or self.maxsize, set(kinds) if kinds else None,
                         set(types) if types else None)
        if replay:
            for m in list(self.history)[-replay:]:
                s._offer(m)
        self._subs.append(s)
        return s

    def _remove(self, s: Subscription) -> None:
        if s in self._subs:
            self._subs.remove(s)

    def publish(self, kind: str, event: dict, **extra) -> dict:
        """Publish one notification (any thread). Returns it."""
        with self._lock:
            msg = {"kind": kind, "event": event, "published": time.time(), "seq": next(self._seq), **extra}
            self.published += 1
        loop = self._loop
        if loop is None or loop.is_closed():
            self.history.append(msg)
            return msg
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._deliver(msg)
        else:
            try:
                loop.call_soon_threadsafe(self._deliver, msg)
            except RuntimeError:  # loop closed while publishing
                self.history.append(msg)
        return msg

    def _deliver(self, msg: dict) -> None:
        self.history.append(msg)
        for s in list(self._subs):
            s._offer(msg)

    @property
    def subscribers(self) -> int:
        return len(self._subs)
