"""Webhooks: POST live notifications as JSON to the one URL the user configured.

Notifications waiting in the subscription are sent together (at most ``max_batch`` per
request) as::

    {"source": "seasentry", "sent": "2024-05-01T12:00:00Z", "notifications": [{"kind": ..., "event": ...}]}

A failed POST (connection error, timeout, HTTP status >= 300) is retried
``live.webhook_retries`` times with exponential back-off (0.5 s, 1 s, 2 s ...); after that
the notifications are counted as ``failed`` and dropped, so an unreachable endpoint never
holds memory or stops the stream. Requests go only to the configured URL (no redirects
are followed).
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from datetime import datetime, timezone


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):  # never follow a redirect to another address
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class WebhookSink:
    def __init__(self, url: str, bus, timeout_s: float = 5.0, retries: int = 5, max_batch: int = 100,
                 headers: dict[str, str] | None = None) -> None:
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError(f"webhook URL {url!r}: must start with http:// or https://")
        self.url = url
        self.bus = bus
        self.timeout_s = timeout_s
        self.retries = retries
        self.max_batch = max_batch
        self.headers = {"Content-Type": "application/json", "User-Agent": "seasentry-live",
                        **(headers or {})}
        self.sent = 0
        self.failed = 0
        self.requests = 0
        self.errors = 0
        self.last_error: str | None = None
        self._sub = None

    def _post(self, body: bytes) -> None:
        req = urllib.request.Request(self.url, data=body, headers=self.headers, method="POST")
        with _OPENER.open(req, timeout=self.timeout_s) as resp:
            if resp.status >= 300:
                raise urllib.error.HTTPError(self.url, resp.status, "unexpected status", resp.headers, None)
            resp.read()

    async def run(self, stop: asyncio.Event) -> None:
        """Forward notifications until ``stop`` is set and the queue is empty."""
        self._sub = self.bus.subscribe()
        try:
            while True:
                msg = await self._sub.get(timeout=0.2)
                if msg is None:
                    if stop.is_set():
                        break
                    continue
                batch = [msg]
                while len(batch) < self.max_batch:
                    m = self._sub.get_nowait()
                    if m is None:
                        break
                    batch.append(m)
                await self._send(batch, stop)
        finally:
            self._sub.close()

    async def _send(self, batch: list[dict], stop: asyncio.Event) -> None:
        body = json.dumps({"source": "seasentry",
                           "sent": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "notifications": [{k: v for k, v in m.items() if k != "published"} for m in batch]},
                          default=str, ensure_ascii=False).encode("utf-8")
        delay = 0.5
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                await asyncio.to_thread(self._post, body)
                self.sent += len(batch)
                return
            except (urllib.error.URLError, OSError, ValueError) as exc:
                self.errors += 1
                self.last_error = f"{type(exc).__name__}: {exc}"[:200]
            if attempt < self.retries:
                # a stopping stream still retries, but without waiting long
                await asyncio.sleep(min(delay, 0.2) if stop.is_set() else delay)
                delay = min(delay * 2, 30.0)
        self.failed += len(batch)

    def stats(self) -> dict:
        return {"url": self.url, "sent": self.sent, "failed": self.failed, "requests": self.requests,
                "errors": self.errors, "last_error": self.last_error,
                "dropped": self._sub.dropped if self._sub else 0}
