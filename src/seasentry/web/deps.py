"""Per-application context and the FastAPI dependencies: database cursor, authentication, roles.

DuckDB allows one writing process per file, so the server holds the store open for its whole
life; every request gets its own cursor (a separate connection to the same database, safe to
use from the request's worker thread). Writes are serialised by one lock so that concurrent
requests never hit a DuckDB write-write conflict.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .auth import ROLE_RANK, Principal, TokenVerifier


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


def ctx_of(request: Request) -> WebContext:
    return request.app.state.ctx


def cursor(request: Request) -> Iterator[Any]:
    """A DuckDB cursor for this request (closed afterwards)."""
    cur = ctx_of(request).store.con.cursor()
    try:
        yield cur
    finally:
        cur.close()


bearer = HTTPBearer(auto_error=False, description="API token: `seasentry tokens create --role viewer --name NAME`")


def _principal(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer),
               cur=Depends(cursor)) -> Principal:
    if creds is None or (creds.scheme or "").lower() != "bearer":
        raise HTTPException(401, "missing bearer token: send 'Authorization: Bearer sst_...'",
                            headers={"WWW-Authenticate": "Bearer"})
    p = ctx_of(request).verifier.verify(cur, creds.credentials)
    if p is None:
        raise HTTPException(401, "invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})
    request.state.principal = p
    return p


def require(role: str) -> Callable[..., Principal]:
    """Dependency factory: the caller must hold ``role`` or a higher one (403 otherwise)."""
    if role not in ROLE_RANK:
        raise ValueError(role)

    def dep(p: Principal = Depends(_principal)) -> Principal:
        if not p.allows(role):
            raise HTTPException(403, f"role {p.role!r} may not do this: {role} or higher required")
        return p

    dep.__name__ = f"require_{role}"
    return dep


viewer = require("viewer")
analyst = require("analyst")
admin = require("admin")


def config(request: Request) -> Any:
    """The server's seasentry Config."""
    return ctx_of(request).config
