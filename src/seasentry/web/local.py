"""Commands beside a running server: the server answers the read-only queries of `seasentry`
commands run on the same machine while it holds the store.

DuckDB lets one process open a store file while it writes it: while ``seasentry serve`` runs,
``seasentry stats`` (or ``alerts``, ``case``, ``screen``, ``events``, ``vessels``, ``track`` ...)
cannot open the file, not even read-only. Instead of failing with DuckDB's lock error, such a
command finds the server and sends its queries there:

* ``serve`` writes ``<store>.serve.json`` beside the store (mode 0600: readable only by the user
  who may read the store) with its process id, address and a random local secret, and removes it
  when it stops;
* a command that only reads (:func:`seasentry.cli.common.open_store` with ``read_only=True`` or
  ``reads=True``) and finds the store locked by that process opens a **session** on the server
  (``/api/_local``, loopback clients only, the local secret in ``X-Seasentry-Local``); the
  session is one DuckDB transaction on its own connection of the server, so every query of the
  command sees the same consistent snapshot of the store, whatever the server writes meanwhile;
  the session ends (rolled back) when the command closes the store, or after
  ``web.cli_session_idle_s`` without a query;
* the command's code is unchanged: its :class:`seasentry.store.Store` has a
  :class:`RemoteConnection` as ``con``, which runs each statement on the server and gives the
  result back as the same DuckDB result (Arrow IPC on the wire, rebuilt with the original column
  types in a local in-memory DuckDB), so ``fetchall``, ``fetchnumpy``, ``pl()``, ``description``
  ... behave as on the file;
* only reading statements run: ``SELECT`` (and ``EXPLAIN``), the ``CREATE ... IF NOT EXISTS``
  some readers issue for tables a store may lack (undone with the session), and ``BEGIN`` /
  ``COMMIT`` / ``ROLLBACK`` (no-ops inside the session). ``COPY (query) TO 'file' (options)``
  (``seasentry export parquet``) runs the query on the server and writes the file on the
  command's side, with its own path and options. Anything else (``INSERT``, ``UPDATE``, ``COPY
  FROM``, ``ATTACH``, ``SET`` ...) is refused: a command that writes says that the server holds the
  store and how to proceed (the API, or stopping the server) before it starts.
"""

from __future__ import annotations

import datetime as _dt
import hmac
import io
import ipaddress
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import Response

router = APIRouter(prefix="/api/_local", include_in_schema=False)

HEADER = "X-Seasentry-Local"
MAX_SESSIONS = 16
_CREATE_OK = re.compile(r"^\s*CREATE\s+(TEMP(ORARY)?\s+)?(TABLE|SEQUENCE|VIEW|INDEX)\s+IF\s+NOT\s+EXISTS\b", re.I)
_TX = re.compile(r"^\s*(BEGIN(\s+TRANSACTION)?|COMMIT|END|ROLLBACK|ABORT)\s*;?\s*$", re.I)
_COPY_TO = re.compile(r"^\s*COPY\s*(?:\((?P<q>.*)\)|(?P<t>[A-Za-z_][\w.]*))\s*TO\s*(?P<path>'(?:[^']|'')*')"
                      r"\s*(?P<opts>\(.*\))?\s*;?\s*$", re.I | re.S)


class WritesRefused(Exception):
    pass


# ------------------------------------------------------------------------------------- server file
def server_file(db: str | os.PathLike) -> Path:
    p = Path(db).resolve()
    return p.with_name(p.name + ".serve.json")


def write_server_file(db: str | os.PathLike, host: str, port: int, secret: str) -> Path:
    """Record the running server beside the store (0600); removed by :func:`remove_server_file`."""
    path = server_file(db)
    info = {"pid": os.getpid(), "host": host, "port": port, "secret": secret,
            "started": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "store": str(Path(db).resolve())}
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(info, fh)
    os.replace(tmp, path)
    return path


def remove_server_file(db: str | os.PathLike) -> None:
    path = server_file(db)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        if info.get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_server(db: str | os.PathLike, holder_pid: int | None = None) -> dict | None:
    """The running server of this store (from its server file), or None: no file, a stale one
    (the process is gone), or another process holds the lock."""
    path = server_file(db)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    if not isinstance(pid, int) or not _alive(pid):
        return None
    if holder_pid is not None and holder_pid != pid:
        return None
    return info


def connect_host(host: str) -> str:
    """Where a local client reaches a server listening on ``host``."""
    if host in ("", "0.0.0.0", "::", "[::]"):
        return "127.0.0.1"
    return host


# ------------------------------------------------------------------------------------- server side
@dataclass
class _Session:
    cur: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = field(default_factory=time.monotonic)
    registered: set = field(default_factory=set)


class LocalSessions:
    """The read-only sessions of commands run beside the server."""

    def __init__(self, store, secret: str | None = None, idle_s: float = 120.0) -> None:
        self.store = store
        self.secret = secret or secrets.token_urlsafe(32)
        self.idle_s = idle_s
        self._s: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def _sweep(self) -> None:
        now = time.monotonic()
        with self._lock:
            old = [k for k, s in self._s.items() if now - s.last > self.idle_s and not s.lock.locked()]
            gone = [self._s.pop(k) for k in old]
        for s in gone:
            _close(s)

    def open(self) -> str:
        self._sweep()
        with self._lock:
            if len(self._s) >= MAX_SESSIONS:
                raise HTTPException(503, f"{MAX_SESSIONS} commands are reading through the server already: try "
                                         "again in a moment", headers={"Retry-After": "2"})
        cur = self.store.con.cursor()
        cur.execute("BEGIN TRANSACTION")   # one snapshot for the whole command; undone at the end
        sid = secrets.token_hex(12)
        with self._lock:
            self._s[sid] = _Session(cur)
        return sid

    def get(self, sid: str) -> _Session:
        with self._lock:
            s = self._s.get(sid)
        if s is None:
            raise HTTPException(404, "no such session (it ended, or stayed idle too long): run the command again")
        s.last = time.monotonic()
        return s

    def close(self, sid: str) -> None:
        with self._lock:
            s = self._s.pop(sid, None)
        if s is not None:
            with s.lock:
                _close(s)

    def close_all(self) -> None:
        with self._lock:
            all_, self._s = list(self._s.values()), {}
        for s in all_:
            _close(s)


def _close(s: _Session) -> None:
    try:
        s.cur.execute("ROLLBACK")
    except Exception:  # noqa: BLE001
        pass
    try:
        s.cur.close()
    except Exception:  # noqa: BLE001
        pass


def check_statements(sql: str) -> list[str]:
    """The statements of ``sql`` that may run in a read session; raises WritesRefused."""
    try:
        stmts = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise WritesRefused(f"cannot parse the query: {exc}") from None
    out = []
    for st in stmts:
        t = st.type
        q = st.query
        if t in (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN):
            out.append(q)
        elif t == duckdb.StatementType.TRANSACTION and _TX.match(q):
            continue
        elif t == duckdb.StatementType.CREATE and _CREATE_OK.match(q):
            out.append(q)
        else:
            raise WritesRefused(f"{str(t).split('.')[-1]} statements are not run for a command beside the server "
                                "(the server holds the store; only reading is possible)")
    return out


def _decode(v: Any) -> Any:
    if isinstance(v, dict) and len(v) == 1:
        (k, x), = v.items()
        if k == "$dt":
            return _dt.datetime.fromisoformat(x)
        if k == "$date":
            return _dt.date.fromisoformat(x)
        if k == "$dec":
            return Decimal(x)
    if isinstance(v, list):
        return [_decode(x) for x in v]
    return v


def _ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue()


def _ctx(request: Request):
    ctx = request.app.state.ctx
    loc = ctx.local
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "testclient"
    given = request.headers.get(HEADER, "")
    if loc is None or not loopback or not given or not hmac.compare_digest(given.encode(), loc.secret.encode()):
        raise HTTPException(403, "local commands only (the secret of the server file beside the store)")
    return ctx, loc


@router.post("/session")
def open_session(request: Request):
    ctx, loc = _ctx(request)
    return {"session": loc.open()}


@router.delete("/session/{sid}")
def close_session(request: Request, sid: str):
    ctx, loc = _ctx(request)
    loc.close(sid)
    return {"closed": sid}


@router.post("/session/{sid}/query")
async def query(request: Request, sid: str):
    from starlette.concurrency import run_in_threadpool

    ctx, loc = _ctx(request)
    body = await request.json()
    sql, params = body.get("sql"), _decode(body.get("params"))
    if not isinstance(sql, str):
        raise HTTPException(422, "sql must be text")
    return await run_in_threadpool(_run, loc, sid, sql, params)


def _run(loc: LocalSessions, sid: str, sql: str, params) -> Response:
    s = loc.get(sid)
    try:
        stmts = check_statements(sql)
    except WritesRefused as exc:
        raise HTTPException(409, str(exc)) from None
    with s.lock:
        try:
            res = None
            for i, q in enumerate(stmts):
                last = i == len(stmts) - 1
                res = s.cur.execute(q, params if (last and params is not None) else None)
            if res is None or res.description is None:
                return Response(b"", media_type="application/vnd.apache.arrow.stream",
                                headers={"X-Types": "[]", "X-Names": "[]"})
            names = [d[0] for d in res.description]
            types = [str(d[1]) for d in res.description]
            r = res.arrow()
            table = r if isinstance(r, pa.Table) else r.read_all()
        except duckdb.Error as exc:
            raise HTTPException(422, f"{type(exc).__name__}: {exc}") from None
    return Response(_ipc(table), media_type="application/vnd.apache.arrow.stream",
                    headers={"X-Types": json.dumps(types), "X-Names": json.dumps(names, ensure_ascii=True)})


@router.post("/session/{sid}/register")
async def register(request: Request, sid: str, name: str = Query(..., pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")):
    from starlette.concurrency import run_in_threadpool

    ctx, loc = _ctx(request)
    data = await request.body()
    table = pa.ipc.open_stream(data).read_all()

    def reg():
        s = loc.get(sid)
        with s.lock:
            s.cur.register(name, table)
            s.registered.add(name)
    await run_in_threadpool(reg)
    return {"registered": name}


@router.post("/session/{sid}/unregister")
def unregister(request: Request, sid: str, name: str = Query(..., pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")):
    ctx, loc = _ctx(request)
    s = loc.get(sid)
    with s.lock:
        try:
            s.cur.unregister(name)
        except duckdb.Error:
            pass
        s.registered.discard(name)
    return {"unregistered": name}


# ------------------------------------------------------------------------------------- client side
class ServerBusy(RuntimeError):
    pass


def _encode(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, _dt.datetime):
        return {"$dt": v.isoformat()}
    if isinstance(v, _dt.date):
        return {"$date": v.isoformat()}
    if isinstance(v, Decimal):
        return {"$dec": str(v)}
    if isinstance(v, (list, tuple, set)):
        return [_encode(x) for x in v]
    if hasattr(v, "item"):
        return _encode(v.item())
    if hasattr(v, "tolist"):
        return _encode(v.tolist())
    return str(v)


def _to_arrow(obj) -> pa.Table:
    if isinstance(obj, pa.Table):
        return obj
    if isinstance(obj, pa.RecordBatchReader):
        return obj.read_all()
    if hasattr(obj, "to_arrow"):           # polars
        return obj.to_arrow()
    return pa.Table.from_pandas(obj)       # pandas


class RemoteConnection:
    """A DuckDB-connection look-alike whose statements run in a read session of the server (see
    the module docstring). Results come back as real (local, in-memory) DuckDB results."""

    def __init__(self, info: dict, timeout: float = 3600.0) -> None:
        import httpx

        self.info = info
        self.base = f"http://{connect_host(info['host'])}:{info['port']}/api/_local"
        self._http = httpx.Client(headers={HEADER: info["secret"]}, timeout=timeout)
        r = self._http.post(self.base + "/session")
        if r.status_code != 200:
            self._http.close()
            raise ServerBusy(_detail(r))
        self.sid = r.json()["session"]
        self._local = duckdb.connect()
        self._last = "SELECT NULL WHERE false"
        self._n = 0
        self._closed = False

    # -- the DuckDB connection methods the commands use
    def execute(self, sql: str, params=None):
        m = _COPY_TO.match(sql) if sql.lstrip()[:4].upper() == "COPY" else None
        if m is not None:  # the query on the server, the file here (the command's own path)
            self._query(m.group("q") or f"SELECT * FROM {m.group('t')}", params)
            self._local.execute(f"COPY ({self._last}) TO {m.group('path')} {m.group('opts') or ''}")
            return self
        return self._query(sql, params)

    def _query(self, sql: str, params=None):
        r = self._http.post(f"{self.base}/session/{self.sid}/query",
                            json={"sql": sql, "params": None if params is None else _encode(list(params))})
        if r.status_code != 200:
            raise duckdb.Error(_detail(r))
        names = json.loads(r.headers.get("X-Names", "[]"))
        types = json.loads(r.headers.get("X-Types", "[]"))
        if not r.content:
            self._local.execute("SELECT NULL WHERE false")
            return self
        table = pa.ipc.open_stream(r.content).read_all()
        self._n += 1
        name = "_remote_result"
        try:
            self._local.unregister(name)
        except duckdb.Error:
            pass
        self._local.register(name, table)
        cols = ", ".join(f"CAST(#{i + 1} AS {t}) AS {_quote(n)}" for i, (n, t) in enumerate(zip(names, types)))
        self._last = f"SELECT {cols} FROM {name}" if cols else f"SELECT * FROM {name}"
        self._local.execute(self._last)
        return self

    def sql(self, query: str, params=None):
        self.execute(query, params)
        t = self._local.arrow()
        t = t if isinstance(t, pa.Table) else t.read_all()
        self._n += 1
        nm = f"_remote_rel{self._n}"
        self._local.register(nm, t)
        return self._local.table(nm)

    query = sql

    def executemany(self, sql: str, params=None):
        raise duckdb.Error("writes are not possible beside the running server (it holds the store)")

    def register(self, name: str, obj) -> "RemoteConnection":
        table = _to_arrow(obj)
        r = self._http.post(f"{self.base}/session/{self.sid}/register", params={"name": name}, content=_ipc(table),
                            headers={"Content-Type": "application/vnd.apache.arrow.stream"})
        if r.status_code != 200:
            raise duckdb.Error(_detail(r))
        return self

    def unregister(self, name: str) -> "RemoteConnection":
        self._http.post(f"{self.base}/session/{self.sid}/unregister", params={"name": name})
        return self

    def cursor(self) -> "RemoteConnection":
        return self

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._http.delete(f"{self.base}/session/{self.sid}")
        except Exception:  # noqa: BLE001 - the server stopped: its session went with it
            pass
        self._http.close()
        self._local.close()

    def __getattr__(self, name):      # fetchone, fetchall, fetchnumpy, pl, df, arrow, description ...
        return getattr(self._local, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _detail(r) -> str:
    try:
        return str(r.json().get("detail"))
    except ValueError:
        return f"HTTP {r.status_code}"


def remote_store(db, info: dict, config=None):
    """A read-only :class:`seasentry.store.Store` whose queries the running server answers."""
    from ..store import Store, resolve_db_path

    import atexit

    con = RemoteConnection(info)
    # a command that ends without closing its store still ends its read session on the server and
    # closes its local DuckDB before the interpreter's finalisation (an open one there could abort
    # the process: "terminate called without an active exception", seen on CI)
    atexit.register(con.close)
    return Store.from_connection(con, resolve_db_path(db), config=config, read_only=True, remote=info)
