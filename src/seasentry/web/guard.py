"""The outermost layer of the web server (a plain ASGI middleware, before FastAPI reads anything):

* **failure rate limit**: a client (address) that failed authentication too often gets ``429``
  with ``Retry-After`` for every ``/api`` request (``web.auth_failures_max`` per
  ``web.auth_failure_window_s``; :class:`seasentry.web.auth.FailureLimiter`);
* **body limits**, before parsing and before authentication: a ``Content-Length`` over the
  limit is refused at once (``413``); a body without one (chunked) is counted as it arrives and
  refused with ``413`` the moment it passes the limit, the application then sees the client
  gone. Limits: ``web.max_body_bytes`` (8 MiB), ``web.max_list_upload_bytes`` for ``POST
  /api/lists`` (the upload is spooled to disk by the route);
* **authentication before the body**: a request with a body to ``/api`` must carry a valid
  token before a byte of its body is read (``401`` otherwise), so that nobody without a token
  can make the server read, buffer or parse anything;
* **headers** on every response: ``X-Frame-Options: DENY`` and a ``frame-ancestors 'none'``
  Content-Security-Policy (no page, API documentation or case file can be framed: clickjacking),
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``, and ``Cache-Control:
  no-store`` on ``/api``.

Refusals of writes made here (401, 413, 429) are audited like the application's
(:func:`seasentry.web.auth.RefusalThrottle`).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FRAME_CSP = "frame-ancestors 'none'"


class BodyTooLarge(Exception):
    pass


def client_of(scope) -> str:
    c = scope.get("client")
    return str(c[0]) if c else "unknown"


def _header(scope, name: bytes) -> str | None:
    for k, v in scope.get("headers") or ():
        if k == name:
            return v.decode("latin-1")
    return None


def bearer_of(scope) -> str | None:
    h = _header(scope, b"authorization")
    if not h:
        return None
    scheme, _, cred = h.partition(" ")
    return cred.strip() if scheme.lower() == "bearer" and cred.strip() else None


def json_response(status: int, detail: str, headers: dict[str, str] | None = None) -> tuple[dict, dict]:
    body = json.dumps({"detail": detail, "status": status}, ensure_ascii=False).encode("utf-8")
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    for k, v in (headers or {}).items():
        hdrs.append((k.lower().encode("latin-1"), v.encode("latin-1")))
    return ({"type": "http.response.start", "status": status, "headers": hdrs},
            {"type": "http.response.body", "body": body})


def _add_headers(message: dict, path: str) -> None:
    headers = list(message.get("headers") or [])
    have = {k.lower() for k, _ in headers}
    if b"x-content-type-options" not in have:
        headers.append((b"x-content-type-options", b"nosniff"))
    if b"referrer-policy" not in have:
        headers.append((b"referrer-policy", b"no-referrer"))
    if b"x-frame-options" not in have:
        headers.append((b"x-frame-options", b"DENY"))
    if b"content-security-policy" in have:
        headers = [(k, (v + b"; " + FRAME_CSP.encode()) if k.lower() == b"content-security-policy"
                    and b"frame-ancestors" not in v else v) for k, v in headers]
    else:
        headers.append((b"content-security-policy", FRAME_CSP.encode()))
    if path.startswith("/api/") and b"cache-control" not in have:
        headers.append((b"cache-control", b"no-store"))
    message["headers"] = headers


class Guard:
    """ASGI middleware; ``ctx`` is the app's :class:`seasentry.web.deps.WebContext`."""

    def __init__(self, app, ctx) -> None:
        self.app = app
        self.ctx = ctx

    def _limit(self, path: str) -> int:
        w = self.ctx.config.web
        if path == "/api/lists" or path.startswith("/api/_local/"):
            return int(w.max_list_upload_bytes)
        return int(w.max_body_bytes)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path") or ""
        method = scope.get("method") or "GET"
        client = client_of(scope)
        ctx = self.ctx

        async def send_h(message):
            if message["type"] == "http.response.start":
                _add_headers(message, path)
            await send(message)

        is_api = path.startswith("/api/") and path != "/api/health"
        if is_api and not path.startswith("/api/_local/"):
            wait = ctx.limiter.retry_after(client)
            if wait > 0:
                await self._refuse(scope, send_h, 429, "too many failed authentications from this address: "
                                   f"try again in {int(wait) + 1} s", {"Retry-After": str(int(wait) + 1)})
                return
        has_body = False
        limit = self._limit(path)
        if method in BODY_METHODS:
            cl = _header(scope, b"content-length")
            chunked = "chunked" in (_header(scope, b"transfer-encoding") or "").lower()
            if cl is not None:
                try:
                    n = int(cl)
                    if n < 0:
                        raise ValueError
                except ValueError:
                    await self._refuse(scope, send_h, 400, "bad Content-Length")
                    return
                if n > limit:
                    await self._refuse(scope, send_h, 413, f"request body larger than {_size(limit)}")
                    return
                has_body = n > 0
            else:
                has_body = chunked
            if has_body and is_api and not path.startswith("/api/_local/"):
                # the token first: nobody without one makes the server read a body
                tok = bearer_of(scope)
                p = ctx.verifier.cached(tok) or await run_in_threadpool(ctx.authenticate, tok, client)
                if p is None:
                    await self._refuse(scope, send_h, 401, "missing, invalid or revoked bearer token: send "
                                       "'Authorization: Bearer sst_...'", {"WWW-Authenticate": "Bearer"})
                    return
        if not has_body:
            await self.app(scope, receive, send_h)
            return

        state = {"read": 0, "refused": False, "started": False}

        async def receive_limited():
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body") or b"")
                if state["read"] > limit:
                    state["refused"] = True
                    if not state["started"]:
                        state["started"] = True
                        await self._refuse(scope, send_h, 413, f"request body larger than {_size(limit)}")
                    return {"type": "http.disconnect"}
            return message

        async def send_limited(message):
            if state["refused"]:
                return              # the 413 went out; whatever the app answers to a vanished client is dropped
            if message["type"] == "http.response.start":
                state["started"] = True
            await send_h(message)

        try:
            await self.app(scope, receive_limited, send_limited)
        except Exception:
            if not state["refused"]:
                raise              # (a body cut at the limit ends the app with a disconnect error: swallowed)

    async def _refuse(self, scope, send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        start, body = json_response(status, detail, headers)
        await send(start)
        await send(body)
        if scope.get("method") in BODY_METHODS and (scope.get("path") or "").startswith("/api/"):
            await run_in_threadpool(self.ctx.audit_refusal, scope.get("method"), scope.get("path"),
                                    client_of(scope), None, bearer_of(scope), status, detail, None)


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n} bytes"


__all__: list[Any] = ["Guard", "client_of", "bearer_of"]
