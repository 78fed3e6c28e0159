"""API tokens, roles and the audit log, kept in the seasentry store (DuckDB).

Tokens
    A token is ``sst_<token_id>_<secret>``: ``token_id`` (8 hex digits) is public and names the
    row; ``secret`` is 32 random bytes (``secrets.token_urlsafe``). Only a salted scrypt hash of
    the secret is stored (RFC 7914; parameters n=2**14, r=8, p=1, the interactive-login setting
    recommended by the scrypt paper and by the Python docs' ``hashlib.scrypt`` example), with a
    16-byte random salt per token; the hash is compared with :func:`hmac.compare_digest`
    (constant time). The full token is shown once, when it is created.

    A server verifies a presented token with scrypt once, then remembers the HMAC-SHA256 of
    the token under a per-process random key for ``cache_s`` seconds so that a page making many
    requests does not pay the KDF each time; revocation is checked against the table on every
    request (one indexed lookup), so a revoked token stops working at once.

Roles
    ``viewer`` reads; ``analyst`` also acts on alerts, manages zones and screens names;
    ``admin`` also manages tokens, sanctions lists and reads the audit log. Each role includes
    the ones before it.

Audit
    Every write (and every screening query: who searched whom is sensitive) is recorded in
    ``audit_log``: when, token id, user name, role, action, target, detail (JSON), outcome.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

ROLES = ("viewer", "analyst", "admin")
ROLE_RANK = {r: i for i, r in enumerate(ROLES)}
TOKEN_RE = re.compile(r"^sst_([0-9a-f]{8})_([A-Za-z0-9_-]{20,128})$")
NAME_RE = re.compile(r"^[\w.@ -]{1,64}$", re.UNICODE)

# scrypt cost: RFC 7914 / Percival 2009 interactive setting (16 MiB, ~50 ms on one core)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024


class AuthError(ValueError):
    """Bad token request (unknown role, bad name, unknown id)."""


@dataclass(frozen=True)
class Principal:
    token_id: str
    name: str
    role: str

    def allows(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    def to_dict(self) -> dict[str, str]:
        return {"token_id": self.token_id, "name": self.name, "role": self.role}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def ensure_tables(con) -> None:
    con.execute("""CREATE TABLE IF NOT EXISTS api_tokens (
        token_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, role VARCHAR NOT NULL,
        salt VARCHAR NOT NULL, hash VARCHAR NOT NULL, created TIMESTAMP NOT NULL,
        created_by VARCHAR, revoked TIMESTAMP, revoked_by VARCHAR, last_used TIMESTAMP)""")
    con.execute("""CREATE TABLE IF NOT EXISTS audit_log (
        audit_id BIGINT, ts TIMESTAMP NOT NULL, token_id VARCHAR, user_name VARCHAR, role VARCHAR,
        action VARCHAR NOT NULL, target VARCHAR, detail VARCHAR, outcome VARCHAR)""")
    con.execute("CREATE SEQUENCE IF NOT EXISTS audit_log_seq START 1")


def hash_secret(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          maxmem=SCRYPT_MAXMEM, dklen=32)


def create_token(con, name: str, role: str, created_by: str | None = None) -> dict[str, Any]:
    """Create a token; returns its row plus ``token`` (the only time the secret is visible)."""
    name = (name or "").strip()
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if not NAME_RE.match(name):
        raise AuthError("name must be 1-64 letters, digits, spaces or . _ @ -")
    ensure_tables(con)
    for _ in range(10):
        token_id = secrets.token_hex(4)
        if con.execute("SELECT 1 FROM api_tokens WHERE token_id = ?", [token_id]).fetchone() is None:
            break
    else:  # pragma: no cover - 2**32 ids
        raise AuthError("could not allocate a token id")
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    created = _now()
    con.execute("INSERT INTO api_tokens (token_id, name, role, salt, hash, created, created_by) "
                "VALUES (?,?,?,?,?,?,?)",
                [token_id, name, role, salt.hex(), hash_secret(secret, salt).hex(), created, created_by])
    return {"token_id": token_id, "name": name, "role": role, "created": created,
            "token": f"sst_{token_id}_{secret}"}


def list_tokens(con) -> list[dict[str, Any]]:
    ensure_tables(con)
    rows = con.execute("SELECT token_id, name, role, created, created_by, revoked, revoked_by, last_used "
                       "FROM api_tokens ORDER BY created, token_id").fetchall()
    keys = ("token_id", "name", "role", "created", "created_by", "revoked", "revoked_by", "last_used")
    return [dict(zip(keys, r)) for r in rows]


def revoke_token(con, token_id: str, revoked_by: str | None = None) -> dict[str, Any]:
    """Revoke a token (idempotent). Raises AuthError if there is no such token."""
    ensure_tables(con)
    row = con.execute("SELECT token_id, name, role, revoked FROM api_tokens WHERE token_id = ?",
                      [str(token_id)]).fetchone()
    if row is None:
        raise AuthError(f"no token with id {token_id!r}")
    if row[3] is None:
        con.execute("UPDATE api_tokens SET revoked = ?, revoked_by = ? WHERE token_id = ?",
                    [_now(), revoked_by, row[0]])
    return {"token_id": row[0], "name": row[1], "role": row[2], "already_revoked": row[3] is not None}


class TokenVerifier:
    """Check bearer tokens against ``api_tokens`` (see the module docstring for the cache)."""

    def __init__(self, cache_s: float = 300.0) -> None:
        self.cache_s = cache_s
        self._key = secrets.token_bytes(32)
        self._cache: dict[bytes, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._last_used_written: dict[str, float] = {}

    def _mac(self, token: str) -> bytes:
        return hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).digest()

    def verify(self, con, token: str | None) -> Principal | None:
        """The principal for ``token``, or None if it is malformed, unknown, wrong or revoked."""
        if not token:
            return None
        m = TOKEN_RE.match(token.strip())
        if not m:
            return None
        token_id, secret = m.group(1), m.group(2)
        row = con.execute("SELECT name, role, salt, hash, revoked FROM api_tokens WHERE token_id = ?",
                          [token_id]).fetchone()
        if row is None or row[4] is not None or row[1] not in ROLE_RANK:
            return None
        mac = self._mac(token)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(mac)
        if hit is None or hit[0] != token_id or hit[1] < now:
            try:
                expected = bytes.fromhex(row[3])
                got = hash_secret(secret, bytes.fromhex(row[2]))
            except ValueError:
                return None
            if not hmac.compare_digest(expected, got):
                return None
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[mac] = (token_id, now + self.cache_s)
        last = self._last_used_written.get(token_id, 0.0)
        if now - last > 60.0:  # write last_used at most once a minute per token
            self._last_used_written[token_id] = now
            try:
                con.execute("UPDATE api_tokens SET last_used = ? WHERE token_id = ?", [_now(), token_id])
            except Exception:  # a write conflict must not fail a read request  # noqa: BLE001
                pass
        return Principal(token_id=token_id, name=row[0], role=row[1])


def audit(con, who: Principal | None, action: str, target: str | None = None,
          detail: dict[str, Any] | None = None, outcome: str = "ok") -> None:
    """Append one row to ``audit_log``."""
    con.execute(
        "INSERT INTO audit_log VALUES (nextval('audit_log_seq'), ?, ?, ?, ?, ?, ?, ?, ?)",
        [_now(), who.token_id if who else None, who.name if who else None, who.role if who else None,
         action, None if target is None else str(target)[:500],
         json.dumps(detail or {}, ensure_ascii=False, default=str)[:20_000], outcome])


def read_audit(con, limit: int = 100, offset: int = 0, action: str | None = None,
               user: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    ensure_tables(con)
    cond, args = [], []
    if action:
        cond.append("action = ?")
        args.append(action)
    if user:
        cond.append("user_name = ?")
        args.append(user)
    where = (" WHERE " + " AND ".join(cond)) if cond else ""
    total = con.execute(f"SELECT count(*) FROM audit_log{where}", args).fetchone()[0]
    rows = con.execute(f"SELECT audit_id, ts, token_id, user_name, role, action, target, detail, outcome "
                       f"FROM audit_log{where} ORDER BY audit_id DESC LIMIT ? OFFSET ?",
                       args + [int(limit), int(offset)]).fetchall()
    keys = ("audit_id", "ts", "token_id", "user", "role", "action", "target", "detail", "outcome")
    out = []
    for r in rows:
        d = dict(zip(keys, r))
        try:
            d["detail"] = json.loads(d["detail"]) if d["detail"] else {}
        except ValueError:
            pass
        out.append(d)
    return int(total), out
