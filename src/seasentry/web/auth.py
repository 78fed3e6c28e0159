"""API tokens, roles and the audit log, kept in the seasentry store (DuckDB).

Tokens
    A token is ``sst_<token_id>_<secret>``: ``token_id`` (8 hex digits) is public and names the
    row; ``secret`` is 32 random bytes (``secrets.token_urlsafe``, 256 bits). Only a salted
    SHA-256 of the secret is stored (16-byte random salt per token), compared with
    :func:`hmac.compare_digest`. A slow password hash (scrypt, bcrypt) exists to make guessing
    *low-entropy* passwords expensive; a 256-bit random secret cannot be guessed whatever the
    hash (OWASP Password Storage Cheat Sheet; NIST SP 800-63B 5.1.1.2 asks for a slow hash only
    for memorized secrets), while a slow hash on every rejected token is a denial-of-service
    lever and, as measured (issue 20: 88.6 ms for a wrong secret of a known id vs 4.1 ms for an
    unknown id), a timing oracle on which ids exist. Tokens made by earlier versions hold an
    scrypt hash (n=2**14, r=8, p=1; ``alg`` null): they keep working, are re-hashed with SHA-256
    on their first successful use, and while any is left an unknown id costs the same dummy
    scrypt as a wrong secret, so the time of a rejection never depends on whether the id exists.

    Rejections take the same path whatever the reason (malformed, unknown id, wrong secret,
    revoked): one indexed lookup by id and one digest against the row's salt or a dummy one.
    A server remembers a verified token (by its HMAC under a per-process random key) for
    ``cache_s`` seconds and looks at the table again at least every ``recheck_s`` seconds;
    a revocation through the server (API or page) drops it at once and ends its open live
    streams.

    Each client (address) may fail authentication ``web.auth_failures_max`` times per
    ``web.auth_failure_window_s`` seconds; beyond that every request of that client needing a
    token gets ``429`` with ``Retry-After`` until the window has passed (:class:`FailureLimiter`).

Roles
    ``viewer`` reads; ``analyst`` also acts on alerts, manages zones and screens names;
    ``admin`` also manages tokens, sanctions lists and reads the audit log. Each role includes
    the ones before it.

Audit
    Every write (and every screening query: who searched whom is sensitive) is recorded in
    ``audit_log``: when, token id, user name, role, action, target, detail (JSON), outcome, in
    the same transaction as the write itself (:func:`seasentry.web.tx.atomic`). Refused writes
    (401, 403, 404, 409, 413, 422, 429) are recorded too (action ``denied``), at most one row per
    client, token, status and route every ``web.audit_refused_interval_s`` seconds with the
    count of the ones left out (:class:`RefusalThrottle`), so a client repeating a refused
    request cannot flood the log.
"""

from __future__ import annotations

import collections
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

# scrypt cost of tokens made by earlier versions: RFC 7914 / Percival 2009 interactive setting
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
ALG = "sha256"                      # api_tokens.alg of tokens made now (null: scrypt, earlier versions)
_DUMMY_SALT = b"\x00" * 16            # rejections of unknown ids digest against these
_DUMMY_HASH = b"\x00" * 32
MAX_AUDIT_DETAIL = 20_000          # characters of one audit row's detail JSON


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


def _table_exists(con, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
                            "AND table_schema = 'main'", [name]).fetchone()[0])


def ensure_tables(con) -> None:
    """Create the token and audit tables when missing (a no-op, and no write, when present)."""
    if not _table_exists(con, "api_tokens"):
        con.execute("""CREATE TABLE IF NOT EXISTS api_tokens (
            token_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, role VARCHAR NOT NULL,
            salt VARCHAR NOT NULL, hash VARCHAR NOT NULL, created TIMESTAMP NOT NULL,
            created_by VARCHAR, revoked TIMESTAMP, revoked_by VARCHAR, last_used TIMESTAMP, alg VARCHAR)""")
    elif "alg" not in {r[0] for r in con.execute("SELECT * FROM api_tokens LIMIT 0").description}:
        con.execute("ALTER TABLE api_tokens ADD COLUMN alg VARCHAR")   # earlier versions: scrypt (null)
    if not _table_exists(con, "audit_log"):
        con.execute("""CREATE TABLE IF NOT EXISTS audit_log (
            audit_id BIGINT, ts TIMESTAMP NOT NULL, token_id VARCHAR, user_name VARCHAR, role VARCHAR,
            action VARCHAR NOT NULL, target VARCHAR, detail VARCHAR, outcome VARCHAR)""")
        con.execute("CREATE SEQUENCE IF NOT EXISTS audit_log_seq START 1")


def hash_secret(secret: str, salt: bytes) -> bytes:
    """scrypt of a secret (tokens made by earlier versions, ``alg`` null)."""
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          maxmem=SCRYPT_MAXMEM, dklen=32)


def digest_secret(secret: str, salt: bytes, alg: str | None = ALG) -> bytes:
    """The stored digest of a token secret: salted SHA-256 (``alg`` 'sha256'), scrypt otherwise."""
    if alg == ALG:
        return hashlib.sha256(salt + secret.encode("utf-8")).digest()
    return hash_secret(secret, salt)


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
    con.execute("INSERT INTO api_tokens (token_id, name, role, salt, hash, created, created_by, alg) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [token_id, name, role, salt.hex(), digest_secret(secret, salt).hex(), created, created_by, ALG])
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


@dataclass
class _Verified:
    principal: Principal
    checked: float      # monotonic time of the last look at the table
    expires: float


class TokenVerifier:
    """Check bearer tokens against ``api_tokens`` (see the module docstring: uniform rejections,
    the cache, revocation)."""

    def __init__(self, cache_s: float = 300.0, recheck_s: float = 2.0, last_used_s: float = 60.0) -> None:
        self.cache_s = cache_s
        self.recheck_s = recheck_s
        self.last_used_s = last_used_s   # a token's last_used is written at most this often
        self._key = secrets.token_bytes(32)
        self._cache: dict[bytes, _Verified] = {}
        self._lock = threading.Lock()
        self._last_used_written: dict[str, float] = {}
        self._revoked: set[str] = set()
        self._legacy: tuple[float, bool] = (-1e9, False)
        self.digests = 0          # digests computed (tests: one per uncached verification, hit or miss)

    def _mac(self, token: str) -> bytes:
        return hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).digest()

    def _legacy_left(self, con) -> bool:
        """Whether any usable scrypt token (earlier versions) is left (looked up every 10 s)."""
        t, v = self._legacy
        now = time.monotonic()
        if now - t > 10.0:
            v = bool(con.execute("SELECT count(*) FROM api_tokens WHERE alg IS NULL AND revoked IS NULL")
                     .fetchone()[0])
            self._legacy = (now, v)
        return v

    def cached(self, token: str | None) -> Principal | None:
        """The principal of a token verified recently (no look at the table), else None."""
        if not token:
            return None
        token = token.strip()
        with self._lock:
            hit = self._cache.get(self._mac(token))
        if hit is None:
            return None
        now = time.monotonic()
        if hit.expires > now and now - hit.checked < self.recheck_s and hit.principal.token_id not in self._revoked:
            return hit.principal
        return None

    def verify(self, con, token: str | None) -> Principal | None:
        """The principal for ``token``, or None if it is malformed, unknown, wrong or revoked."""
        if not token:
            return None
        token = token.strip()
        m = TOKEN_RE.match(token)
        if not m:
            return None       # the format is public: nothing secret depends on it
        token_id, secret = m.group(1), m.group(2)
        mac = self._mac(token)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(mac)
        if hit is not None and hit.expires > now and now - hit.checked < self.recheck_s \
                and token_id not in self._revoked:
            return hit.principal
        row = con.execute("SELECT name, role, salt, hash, revoked, alg FROM api_tokens WHERE token_id = ?",
                          [token_id]).fetchone()
        # the same work whatever the outcome: one digest, against the row's salt or a dummy one
        salt, expected, alg = _DUMMY_SALT, _DUMMY_HASH, ALG
        if row is not None:
            try:
                salt, expected, alg = bytes.fromhex(row[2]), bytes.fromhex(row[3]), row[5]
            except ValueError:
                pass
        got = digest_secret(secret, salt, alg)
        self.digests += 1
        ok = hmac.compare_digest(expected, got) and row is not None and row[4] is None and row[1] in ROLE_RANK
        if not ok:
            if alg == ALG and self._legacy_left(con):
                # while scrypt tokens of earlier versions are left, a rejection that has not paid
                # for an scrypt (unknown id, SHA-256 row) pays a dummy one: same time either way
                digest_secret(secret, _DUMMY_SALT, None)
                self.digests += 1
            with self._lock:
                self._cache.pop(mac, None)
            return None
        p = Principal(token_id=token_id, name=row[0], role=row[1])
        with self._lock:
            if hit is None and len(self._cache) > 10_000:
                self._cache.clear()
            prev = self._cache.get(mac)
            self._cache[mac] = _Verified(p, now, prev.expires if prev and prev.expires > now else now + self.cache_s)
        if alg != ALG:  # a token of an earlier version: re-hashed with SHA-256 now that its secret is known
            new_salt = secrets.token_bytes(16)
            try:
                con.execute("UPDATE api_tokens SET alg = ?, salt = ?, hash = ? WHERE token_id = ? AND alg IS NULL",
                            [ALG, new_salt.hex(), digest_secret(secret, new_salt).hex(), token_id])
                self._legacy = (-1e9, False)
            except Exception:  # noqa: BLE001 - a write conflict: done at the next use
                pass
        last = self._last_used_written.get(token_id)
        if last is None or now - last > self.last_used_s:  # at most this often per token (the first use at once)
            self._last_used_written[token_id] = now
            try:
                con.execute("UPDATE api_tokens SET last_used = ? WHERE token_id = ?", [_now(), token_id])
            except Exception:  # a write conflict must not fail a read request  # noqa: BLE001
                pass
        return p

    def revoked(self, token_id: str) -> None:
        """A token was revoked through this server: forget it at once (and end its streams)."""
        with self._lock:
            self._revoked.add(token_id)
            for k in [k for k, v in self._cache.items() if v.principal.token_id == token_id]:
                del self._cache[k]

    def still_valid(self, con, p: Principal) -> bool:
        """Whether ``p``'s token is still usable (for long-lived requests: the live stream)."""
        if p.token_id in self._revoked:
            return False
        row = con.execute("SELECT revoked, role FROM api_tokens WHERE token_id = ?", [p.token_id]).fetchone()
        return row is not None and row[0] is None and row[1] == p.role


class FailureLimiter:
    """At most ``max_failures`` failed authentications per client within ``window_s`` seconds;
    then the client is refused (429) until the oldest of those failures leaves the window."""

    def __init__(self, max_failures: int = 20, window_s: float = 60.0, max_clients: int = 100_000) -> None:
        self.max_failures = max(1, int(max_failures))
        self.window_s = float(window_s)
        self.max_clients = max_clients
        self._fails: dict[str, collections.deque] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float:
        """Seconds the client must wait (0: it may try)."""
        now = time.monotonic()
        with self._lock:
            q = self._fails.get(client)
            if not q:
                return 0.0
            while q and now - q[0] > self.window_s:
                q.popleft()
            if not q:
                del self._fails[client]
                return 0.0
            if len(q) < self.max_failures:
                return 0.0
            return max(0.0, self.window_s - (now - q[0]))

    def failure(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            q = self._fails.get(client)
            if q is None:
                if len(self._fails) >= self.max_clients:  # bounded memory: forget the quietest
                    self._fails.clear()
                q = self._fails[client] = collections.deque(maxlen=self.max_failures)
            q.append(now)


class RefusalThrottle:
    """One audit row per (client, token, status, route) every ``interval_s`` seconds; the
    refusals left out in between are counted into the next row (``repeated``)."""

    def __init__(self, interval_s: float = 60.0, max_keys: int = 10_000) -> None:
        self.interval_s = float(interval_s)
        self.max_keys = max_keys
        self._last: dict[tuple, list] = {}
        self._lock = threading.Lock()

    def admit(self, key: tuple) -> int | None:
        """None: leave this refusal out; else the number of refusals left out before it."""
        now = time.monotonic()
        with self._lock:
            e = self._last.get(key)
            if e is not None and now - e[0] < self.interval_s:
                e[1] += 1
                return None
            if e is None and len(self._last) >= self.max_keys:
                self._last.clear()
            skipped = e[1] if e is not None else 0
            self._last[key] = [now, 0]
            return skipped


def _detail_json(detail: dict[str, Any] | None) -> str:
    """The detail as JSON text of at most MAX_AUDIT_DETAIL characters, always valid JSON: a
    larger one keeps its small fields and says what was left out (never cut mid-text)."""
    text = json.dumps(detail or {}, ensure_ascii=False, default=str)
    if len(text) <= MAX_AUDIT_DETAIL:
        return text
    out: dict[str, Any] = {"truncated": True, "original_chars": len(text)}
    for k, v in (detail or {}).items():
        t = json.dumps(v, ensure_ascii=False, default=str)
        if isinstance(v, list) and len(t) > 1000:
            keep, size = [], 0
            for x in v:
                size += len(json.dumps(x, ensure_ascii=False, default=str)) + 2
                if size > 1000:
                    break
                keep.append(x)
            out[k] = keep
            out[f"{k}_count"] = len(v)
        elif len(t) <= 1000:
            out[k] = v
        else:
            out[k] = str(v)[:500] + "..."
    text = json.dumps(out, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_AUDIT_DETAIL else json.dumps({"truncated": True, "original_chars": len(text)})


def audit(con, who: Principal | None, action: str, target: str | None = None,
          detail: dict[str, Any] | None = None, outcome: str = "ok") -> None:
    """Append one row to ``audit_log``."""
    con.execute(
        "INSERT INTO audit_log VALUES (nextval('audit_log_seq'), ?, ?, ?, ?, ?, ?, ?, ?)",
        [_now(), who.token_id if who else None, who.name if who else None, who.role if who else None,
         action, None if target is None else str(target)[:500], _detail_json(detail), outcome])


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
