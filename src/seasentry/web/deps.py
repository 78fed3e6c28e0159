"""Per-application context and the FastAPI dependencies: database cursor, authentication, roles.

DuckDB allows one writing process per file, so the server holds the store open for its whole
life. Connections: every worker thread has its own DuckDB cursor (a connection to the same
database, :meth:`seasentry.store.Store.cursor`), opened once and reused, so requests on
different threads query in parallel and no request pays for opening a connection. The
``cursor`` dependency hands out a :class:`ThreadCursor`, which resolves to the calling thread's
cursor at each use (FastAPI may run a request's dependencies and its handler on different
threads of the pool). Writes are serialised by one lock so that concurrent API writes never hit
a DuckDB write-write conflict, and a write and its audit row commit together
(:mod:`seasentry.web.tx`).

The dependencies that do no I/O in the common case (roles, the config, the cursor handle, the
token check once verified) are ``async``: they run on the event loop without a thread hop, so a
request costs one hop to the thread pool (its handler).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from .auth import ROLE_RANK, TOKEN_RE, FailureLimiter, Principal, RefusalThrottle, TokenVerifier, audit


class ThreadCursor:
    """The calling thread's DuckDB cursor of ``store``, looked up at every attribute access."""

    __slots__ = ("_store",)

    def __init__(self, store) -> None:
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store.cursor(), name)


@dataclass
class WebContext:
    store: Any                                   # seasentry.store.Store
    config: Any                                  # seasentry.config.Config
    verifier: TokenVerifier
    bus: Any = None                              # seasentry.live.bus.EventBus of a live stream, or None
    poll_interval_s: float = 3.0
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, Any] = field(default_factory=dict)
    cache_lock: threading.Lock = field(default_factory=threading.Lock)
    notifier: Any = None                         # seasentry.web.stream.StoreNotifier
    limiter: FailureLimiter = field(default_factory=FailureLimiter)
    refusals: RefusalThrottle = field(default_factory=RefusalThrottle)
    cursor: Any = None                           # ThreadCursor of the store
    local: Any = None                            # seasentry.web.local.LocalSessions (commands beside the server)
    generation: Any = None                       # seasentry.web.cache.StoreGeneration
    responses: Any = None                        # seasentry.web.cache.ResponseCache

    def __post_init__(self) -> None:
        self.cursor = ThreadCursor(self.store)

    def authenticate(self, token: str | None, client: str) -> Principal | None:
        """The principal of a bearer token, or None (the failure counted against ``client``)."""
        p = self.verifier.verify(self.store.cursor(), token) if token else None
        if p is None:
            self.limiter.failure(client)
        return p

    def audit_refusal(self, method: str, path: str, client: str, principal: Principal | None,
                      token: str | None, status: int, detail: Any, route: str | None) -> None:
        """Audit a refused write (throttled: see RefusalThrottle); never raises."""
        token_id = principal.token_id if principal else None
        if token_id is None and token:
            m = TOKEN_RE.match(token.strip())
            token_id = m.group(1) if m else "malformed"
        skipped = self.refusals.admit((client, token_id, status, route or path))
        if skipped is None:
            return
        d: dict[str, Any] = {"method": method, "path": path, "status": status, "client": client,
                             "reason": str(detail)[:300]}
        if principal is None and token_id:
            d["token_id_presented"] = token_id
        if skipped:
            d["repeated"] = skipped
        try:
            audit(self.store.cursor(), principal, "denied", path, d,
                  outcome={401: "unauthenticated", 403: "forbidden", 429: "rate_limited",
                           413: "too_large"}.get(status, "refused"))
        except Exception:  # noqa: BLE001 - auditing a refusal must never turn it into a 500
            pass


def ctx_of(request: Request) -> WebContext:
    return request.app.state.ctx


async def cursor(request: Request) -> ThreadCursor:
    """The DuckDB cursor of the thread that uses it (see ThreadCursor)."""
    return ctx_of(request).cursor


bearer = HTTPBearer(auto_error=False, description="API token: `seasentry tokens create --role viewer --name NAME`")


async def _principal(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
    if creds is None or (creds.scheme or "").lower() != "bearer":
        ctx_of(request).limiter.failure(request.client.host if request.client else "unknown")
        raise HTTPException(401, "missing bearer token: send 'Authorization: Bearer sst_...'",
                            headers={"WWW-Authenticate": "Bearer"})
    ctx = ctx_of(request)
    p = ctx.verifier.cached(creds.credentials)      # the common case: no I/O, on the event loop
    if p is None:                                   # a look at the table (and a digest): in the pool
        p = await run_in_threadpool(ctx.authenticate, creds.credentials,
                                    request.client.host if request.client else "unknown")
    if p is None:
        raise HTTPException(401, "invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})
    request.state.principal = p
    return p


def require(role: str) -> Callable[..., Principal]:
    """Dependency factory: the caller must hold ``role`` or a higher one (403 otherwise)."""
    if role not in ROLE_RANK:
        raise ValueError(role)

    async def dep(p: Principal = Depends(_principal)) -> Principal:
        if not p.allows(role):
            raise HTTPException(403, f"role {p.role!r} may not do this: {role} or higher required")
        return p

    dep.__name__ = f"require_{role}"
    return dep


viewer = require("viewer")
analyst = require("analyst")
admin = require("admin")


async def config(request: Request) -> Any:
    """The server's seasentry Config."""
    return ctx_of(request).config
