"""The embedded store: one DuckDB file, zero configuration.

Tables (see :mod:`seasentry.schema` for columns and units):

``positions``       position reports (types 1/2/3/4/9/18/19/21/27 and CSV rows)
``statics``         static and voyage reports (types 5/19/21/24 and CSV identity columns)
``other_messages``  every other AIS message, with its type and raw payload
``raw_messages``    the original text of every stored message (chain of custody) and the
                    de-duplication index (msg_key, ts)
``rejects``         every unusable line or record, with file, line number and reason
``sources``         the ingest log: one row per input (fingerprint, status, counts, timings)
``vessels``         one row per MMSI: latest identity, flag, kind, class, first/last seen
``vessel_identities`` identity history: every distinct name / call sign / IMO / ship type /
                    dimensions per MMSI with first and last seen and report count
``events``          behaviour events (written by detection)
``latest_positions`` the newest position report of every MMSI (see below)
``position_spans``  per MMSI the first and last time of its reports with a latitude (see below)

Layout: small writers (the live stream, CSV files, small NMEA inputs) append to DuckDB tables,
de-duplicating against what is stored inside the same transaction as the insert, which makes
interrupted ingests (Ctrl-C, kill -9) safe by construction: a batch is committed whole or not at
all, and a re-run skips what was committed. Large inputs are written by worker processes straight
into Parquet files partitioned by MMSI bucket beside the DuckDB file; ``positions``,
``statics``, ``other_messages`` and ``raw_messages`` are then views over both, with the same
columns (:mod:`seasentry.parts` describes the layout, its catalogue and why).

``latest_positions`` (columns of ``positions``) keeps, for every MMSI that has a position with
a latitude, its newest such report, so that "where is every vessel now" (the map, the API, a
vessel's last position) reads one row per vessel instead of every position. **Invariant**: at
every commit, ``latest_positions`` equals ::

    SELECT * FROM positions WHERE lat IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY mmsi ORDER BY ts DESC, rowid DESC) = 1

(the newest report; of several at the same time, the one stored last). Every path that adds
positions keeps it in the same transaction as the positions (:meth:`Store.write_batch`, which
batch ingest, the live stream and the Dask engine's store writes all go through); a store made
before the table existed gets it built when first opened for writing
(:meth:`Store.rebuild_latest_positions`, also the repair for any other writer). Read through
:meth:`Store.latest_positions`, :meth:`Store.last_position`, or in SQL through
:meth:`Store.latest_relation` (the web API joins it with the vessels; a store opened read-only
that predates the table gets the same rows computed from the positions). ``tests/test_latest_positions.py``
checks the invariant after batch ingest, live ingest and re-ingest with de-duplication.

``position_spans`` (mmsi, first_ts, last_ts) is kept the same way, in the same transaction as
the positions (invariant: ``SELECT mmsi, min(ts), max(ts) FROM positions WHERE lat IS NOT NULL
GROUP BY mmsi``); a vessel's track reads its positions ``WHERE mmsi = ? AND ts BETWEEN first_ts
AND last_ts``, which lets DuckDB skip the row groups of other times (on the 6,000-vessel
store of ``benchmarks/bench_web.py``, 10 of the 500 busiest vessels: 90.8 ms per query
unbounded, 17.6 ms bounded, measured once under load) without depending on the ``vessels``
table, which a live server refreshes later than the positions.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import weakref
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb

from ._lazy import lazy
from .config import Config
from .timeutil import from_epoch_us, iso

# imported on first use: read-only commands start without them (seasentry._lazy)
np = lazy("numpy")
pl = lazy("polars")
pa = lazy("pyarrow")
S = lazy("seasentry.schema")

ENV_DB = "SEASENTRY_DB"
DEFAULT_DB = "seasentry.duckdb"


def resolve_db_path(path: str | os.PathLike | None = None) -> Path:
    """--db PATH, else $SEASENTRY_DB, else ./seasentry.duckdb."""
    if path:
        return Path(path)
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    return Path.cwd() / DEFAULT_DB


def _duck_types() -> dict:
    return {
        pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.int16(): "SMALLINT", pa.int8(): "TINYINT",
        pa.uint64(): "UBIGINT", pa.float64(): "DOUBLE", pa.float32(): "FLOAT", pa.bool_(): "BOOLEAN",
        pa.string(): "VARCHAR", S.TS: "TIMESTAMP",
    }


def _ddl(name: str, sch: pa.Schema) -> str:
    _DUCK = _duck_types()
    cols = ", ".join(f'"{f.name}" {_DUCK[f.type]}' for f in sch)
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols})"


SCHEMA_VERSION = 1



#: IMO numbers that mean "not available" (0; 2^30 - 1, every bit of the 30-bit field set): never an
#: identity in the vessels table or the identity history, even in a store ingested before the
#: decoders made them nulls
IMO_NOT_AVAILABLE_SQL = "(0, 1073741823)"


# ---------------------------------------------------------------------- per-MMSI summaries
# Aggregates per MMSI (or per MMSI, field and value): computing them over one MMSI bucket at a
# time gives the same rows as over everything, which the Dask engine does (distributed.archive).
def statics_groups_sql(statics: str) -> str:
    """The static reports of a relation grouped by MMSI, type and every identity field, with the
    first and last time and the reports of each group: a vessel repeats the same static report
    all day (10M messages: 1.9M reports, ~7,000 groups), and :func:`identities_sql` and
    :func:`statics_summary_sql` aggregate the groups (``grouped=True``) instead of the reports."""
    return f"""SELECT mmsi, msg_type, name, callsign, imo, ship_type, dim_bow, dim_stern, dim_port, dim_starboard,
                      min(ts) AS f, max(ts) AS l, count(*) AS n FROM {statics} GROUP BY ALL"""


def identities_sql(statics: str, grouped: bool = False) -> str:
    """Rows of ``vessel_identities`` (mmsi, field, value, first_seen, last_seen, reports) from a
    statics relation (``grouped``: the output of :func:`statics_groups_sql`): one row per field
    of each group (unnest), added up (min, max and count add up over the groups): one scan of
    the statics instead of five; 10M messages: 1.45 -> 0.85 CPU s, the same rows."""
    g = statics if grouped else f"({statics_groups_sql(statics)})"
    return f"""SELECT mmsi, field, value, min(f) AS first_seen, max(l) AS last_seen, CAST(sum(n) AS BIGINT) AS reports
        FROM (SELECT mmsi, f, l, n, unnest(['name', 'callsign', 'imo', 'ship_type', 'dimensions']) AS field,
                     unnest([name, callsign,
                             CASE WHEN imo NOT IN {IMO_NOT_AVAILABLE_SQL} THEN CAST(imo AS VARCHAR) END,
                             CAST(ship_type AS VARCHAR),
                             CASE WHEN coalesce(dim_bow, 0) + coalesce(dim_stern, 0) > 0
                                  THEN concat_ws('/', dim_bow, dim_stern, dim_port, dim_starboard) END]) AS value
              FROM {g})
        WHERE value IS NOT NULL GROUP BY ALL"""


def position_summary_sql(positions: str) -> str:
    """Per MMSI: first/last time, reports and kinds of station, from a positions relation."""
    return f"""SELECT mmsi, min(ts) AS f, max(ts) AS l, count(*) AS n,
                      bool_or(msg_type IN (1,2,3)) AS a, bool_or(msg_type IN (18,19)) AS b,
                      bool_or(msg_type = 4) AS bs, bool_or(msg_type = 21) AS aton,
                      bool_or(msg_type = 9) AS sar
               FROM {positions} GROUP BY mmsi"""


def statics_summary_sql(statics: str, grouped: bool = False) -> str:
    """Per MMSI: first/last time, reports, latest identity fields, from a statics relation
    (``grouped``: the output of :func:`statics_groups_sql`). The latest value of a field is
    that of the group with the latest report among those holding one: every report of a group
    has the group's fields, so it is the value of the latest such report (of two at the same
    time, the greater: the same answer whatever order the groups are read in)."""
    g = statics if grouped else f"({statics_groups_sql(statics)})"
    # (l, value): of two values last reported at the same time (two vessels sharing an MMSI, as
    # 672000000 in the scenarios), the greater, whatever order the groups are read in
    return f"""SELECT mmsi, min(f) AS f, max(l) AS l, CAST(sum(n) AS BIGINT) AS n,
                      arg_max(name, (l, name)) FILTER (WHERE name IS NOT NULL) AS name,
                      arg_max(callsign, (l, callsign)) FILTER (WHERE callsign IS NOT NULL) AS callsign,
                      arg_max(imo, (l, imo)) FILTER (WHERE imo IS NOT NULL AND imo NOT IN {IMO_NOT_AVAILABLE_SQL}) AS imo,
                      arg_max(ship_type, (l, ship_type)) FILTER (WHERE ship_type IS NOT NULL) AS ship_type,
                      arg_max(dim_bow + dim_stern, (l, dim_bow + dim_stern)) FILTER (WHERE dim_bow + dim_stern > 0) AS length,
                      arg_max(dim_port + dim_starboard, (l, dim_port + dim_starboard))
                          FILTER (WHERE dim_port + dim_starboard > 0) AS beam,
                      count(DISTINCT name) AS names,
                      bool_or(msg_type = 5) AS a, bool_or(msg_type IN (19, 24)) AS b
               FROM {g} GROUP BY mmsi"""


class StoreError(RuntimeError):
    pass


class StoreLocked(StoreError):
    """Another process holds the store file (DuckDB allows one writing process); ``holder_pid``
    is that process's id when DuckDB names it."""

    def __init__(self, msg: str, path: Path, holder_pid: int | None = None) -> None:
        super().__init__(msg)
        self.path = path
        self.holder_pid = holder_pid


def _lock_holder(exc: BaseException) -> int | None:
    """The PID DuckDB names in a lock conflict ('Conflicting lock is held in ... (PID 123)')."""
    import re

    m = re.search(r"PID (\d+)", str(exc))
    return int(m.group(1)) if m else None


def is_lock_error(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return "lock" in msg and ("conflicting" in msg or "could not set lock" in msg)


def _passes(counts_json: str | None) -> list[dict]:
    """The passes recorded in a sources.counts JSON text (none for an input read once)."""
    if not counts_json:
        return []
    try:
        v = json.loads(counts_json)
    except ValueError:
        return []
    p = v.get("passes") if isinstance(v, dict) else None
    return list(p) if isinstance(p, list) else []


def _rollback(con) -> None:
    """Roll back if a transaction is open; never mask the error that got us here."""
    try:
        con.execute("ROLLBACK")
    except Exception:  # no transaction active (the failure was at BEGIN), or the connection is gone
        pass


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C while DuckDB runs a query arrives as duckdb.InterruptException or 'Query interrupted';
    while compiled (numba) code runs, as a SystemError ("returned a result with an exception set")
    caused by the KeyboardInterrupt, or by another such SystemError: numba's nested calls wrap it
    once per level (a chain of several was seen on a CI machine), so the whole chain is followed."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (KeyboardInterrupt, duckdb.InterruptException)) or \
                (isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()):
            return True
        if not isinstance(exc, SystemError):
            return False
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


#: Every Store of this process not closed yet (closed at the end of a command: close_open_stores).
_OPEN: "weakref.WeakSet[Store]" = weakref.WeakSet()


def close_open_stores() -> int:
    """Close every store of this process still open (their DuckDB connections and cursors; a
    read session through a running server ends with it); the number closed. The command line
    calls it when a command ends, whatever the way (:func:`seasentry.cli.errors._end_now`)."""
    n = 0
    for s in list(_OPEN):
        try:
            s.close()
            n += 1
        except Exception:  # noqa: BLE001 - closing what is left: nothing more to do for it
            _OPEN.discard(s)
    return n


class Store:
    """A seasentry store (DuckDB file). Use :func:`seasentry.open`."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False,
                 config: Config | None = None) -> None:
        self.path = resolve_db_path(path)
        self.config = config or Config()
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `seasentry ingest FILE --db {self.path}` first")
        self.read_only = read_only
        self.remote = None          # set by from_connection for a store read through a running server
        self._local = threading.local()
        self._cursors: list = []
        self._cursors_lock = threading.Lock()
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if is_lock_error(exc):
                raise StoreLocked(f"cannot open store {self.path}: {exc}", self.path, _lock_holder(exc)) from exc
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        _OPEN.add(self)
        from . import parts as _parts

        self.layout = _parts.read_layout(self.con, self.path)
        if not read_only:
            # flat memory: DuckDB spills larger sorts and joins to disk instead of growing
            self.con.execute(f"SET memory_limit = '{int(self.config.store.duckdb_memory_mb)}MB'")
            # nor keep what it read of the Parquet parts in its external file cache (DuckDB >= 1.3,
            # on by default, outside memory_limit): the bulk commit's fold of 7.8M positions left
            # 327 MB cached in the command's process (RSS 503 MB against 119 MB without, same CPU);
            # the parts are local files, which the OS caches
            try:
                self.con.execute("SET enable_external_file_cache = false")
            except duckdb.Error:  # an older DuckDB: no such cache
                pass
            self._init_schema()
            if self.layout.parts:
                _parts.recover(self)
        _parts.ensure_views(self, read_only)

    @classmethod
    def from_connection(cls, con, path: str | os.PathLike, config: Config | None = None,
                        read_only: bool = True, remote: Any = None) -> "Store":
        """A Store over an existing DuckDB-like connection (no schema changes): e.g. the
        connection through a running server that a read command gets beside ``seasentry serve``
        (:mod:`seasentry.web.local`)."""
        self = cls.__new__(cls)
        self.path = Path(path)
        self.config = config or Config()
        self.read_only = read_only
        self.remote = remote
        self._local = threading.local()
        self._cursors = []
        self._cursors_lock = threading.Lock()
        self.con = con
        _OPEN.add(self)
        from . import parts as _parts

        self.layout = _parts.read_layout(con, self.path)  # tables or parts, as the store records it
        return self

    # ------------------------------------------------------------------ connections
    def cursor(self):
        """This thread's own cursor (a connection to the same database, opened once per thread
        and reused): threads query in parallel, each on its own cursor. Closed by :meth:`close`."""
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self.con.cursor()
            self._local.cur = cur
            with self._cursors_lock:
                self._cursors.append(cur)
        return cur

    def checkpoint(self) -> None:
        """Write everything committed into the database file (nothing left only in the ``.wal``)."""
        if self.read_only or self.remote is not None:
            return
        self.con.execute("FORCE CHECKPOINT")

    # ------------------------------------------------------------------ schema
    def _init_schema(self) -> None:
        c = self.con
        c.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        t = self.layout.table  # the DuckDB tables of the message tables (views over them and Parquet parts)
        c.execute(_ddl(t("positions"), S.POSITIONS))
        c.execute(_ddl(t("statics"), S.STATICS))
        c.execute(_ddl(t("other_messages"), S.OTHER))
        c.execute(_ddl(t("raw_messages"), S.RAW))
        c.execute(_ddl("rejects", S.REJECTS))
        c.execute(_ddl("events", S.EVENTS))
        c.execute("""CREATE TABLE IF NOT EXISTS sources (
            source_id INTEGER PRIMARY KEY, name VARCHAR, path VARCHAR, member VARCHAR,
            sha256 VARCHAR, size BIGINT, format VARCHAR, status VARCHAR,
            started TIMESTAMP, finished TIMESTAMP, seconds DOUBLE,
            lines BIGINT, messages BIGINT, stored BIGINT, duplicates BIGINT, rejects BIGINT,
            decoder VARCHAR, base_time TIMESTAMP, counts VARCHAR)""")
        c.execute("""CREATE TABLE IF NOT EXISTS vessels (
            mmsi BIGINT, name VARCHAR, callsign VARCHAR, imo BIGINT, ship_type SMALLINT,
            length SMALLINT, beam SMALLINT, flag VARCHAR, flag_country VARCHAR, mid INTEGER,
            mmsi_kind VARCHAR, mmsi_valid BOOLEAN, ais_class VARCHAR, first_seen TIMESTAMP,
            last_seen TIMESTAMP, positions BIGINT, static_reports BIGINT, names INTEGER,
            default_mmsi BOOLEAN, shared_mmsi BOOLEAN, transmitters INTEGER)""")
        # identity-quality columns (issue 14) on stores made before them
        for col, typ in (("default_mmsi", "BOOLEAN"), ("shared_mmsi", "BOOLEAN"), ("transmitters", "INTEGER")):
            c.execute(f"ALTER TABLE vessels ADD COLUMN IF NOT EXISTS {col} {typ}")
        # written by detection (seasentry.detect.identity_quality), kept across ingests
        c.execute("""CREATE TABLE IF NOT EXISTS vessel_quality (
            mmsi BIGINT PRIMARY KEY, default_mmsi BOOLEAN, shared_mmsi BOOLEAN, transmitters INTEGER)""")
        c.execute("""CREATE TABLE IF NOT EXISTS vessel_identities (
            mmsi BIGINT, field VARCHAR, value VARCHAR, first_seen TIMESTAMP, last_seen TIMESTAMP,
            reports BIGINT)""")
        c.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        self._add_new_columns()
        if c.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'latest_positions' "
                     "AND table_schema = 'main'").fetchone()[0] == 0:
            # a store made before the table existed (or a new one): build it from the positions
            c.execute(_ddl("latest_positions", S.POSITIONS))
            self.rebuild_latest_positions()
        if not self.has_spans_table(c):
            c.execute("CREATE TABLE position_spans (mmsi BIGINT, first_ts TIMESTAMP, last_ts TIMESTAMP)")
            self.rebuild_position_spans()
        # de-duplication keys (raw_messages.msg_key) are XXH64 since this was recorded; a store
        # holding messages keyed otherwise (BLAKE2b-64, earlier versions) cannot be appended to:
        # the same message would get a second key and be stored twice
        row = c.execute("SELECT value FROM meta WHERE key = 'msg_key_hash'").fetchone()
        if row is None and c.execute(f"SELECT 1 FROM {t('raw_messages')} LIMIT 1").fetchone() is not None:
            row = ("blake2b64",)
        if row is not None and row[0] != "xxh64":
            self.con.close()
            raise StoreError(f"{self.path}: this store was made by an earlier seasentry whose de-duplication keys "
                             f"differ ({row[0]}, now xxh64); ingest again into a new store")
        c.execute("INSERT OR IGNORE INTO meta VALUES ('msg_key_hash', 'xxh64')")

    def _add_new_columns(self) -> None:
        """Columns added after stores were first made (positions.rot_raw, statics.ship_category;
        last in the schemas, so that ``INSERT ... SELECT *`` fits old and new stores alike): added
        to an older store, ship_category filled from the ship types it holds."""
        c = self.con
        tables = [(self.layout.table("positions"), S.POSITIONS), (self.layout.table("statics"), S.STATICS)]
        if c.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'latest_positions' "
                     "AND table_schema = 'main'").fetchone()[0]:
            tables.append(("latest_positions", S.POSITIONS))
        for table, sch in tables:
            have = {r[0] for r in c.execute(f"SELECT * FROM {table} LIMIT 0").description}
            for f in sch:
                if f.name not in have:
                    c.execute(f'ALTER TABLE {table} ADD COLUMN "{f.name}" {_duck_types()[f.type]}')
                    if f.name == "ship_category":
                        from .ingest.clean import SHIP_CATEGORIES
                        cases = " ".join(f"WHEN {k} THEN '{v}'" for k, v in enumerate(SHIP_CATEGORIES) if v)
                        c.execute(f"UPDATE {table} SET ship_category = CASE ship_type {cases} END "
                                  "WHERE ship_type IS NOT NULL")

    # ------------------------------------------------------------------ ingest log
    def find_source(self, sha256: str, member: str | None) -> dict | None:
        r = self.con.execute(
            "SELECT source_id, status, name FROM sources WHERE sha256 = ? AND coalesce(member,'') = ? "
            "ORDER BY source_id DESC LIMIT 1", [sha256, member or ""]).fetchone()
        return None if r is None else {"source_id": r[0], "status": r[1], "name": r[2]}

    def begin_source(self, name: str, path: str | None, member: str | None, sha256: str | None,
                     size: int | None, fmt: str, decoder: str, base_time: float | None,
                     reuse_id: int | None = None) -> int:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        bt = None if base_time is None else datetime.fromtimestamp(base_time, timezone.utc).replace(tzinfo=None)
        if reuse_id is not None:
            # the source is read again from the start: its rejects will be produced again. The
            # earlier pass is kept in counts.passes (what `seasentry sources` shows of a resumed ingest)
            prev = self.con.execute("SELECT started, finished, status, seconds, stored, counts FROM sources "
                                    "WHERE source_id = ?", [reuse_id]).fetchone()
            passes = _passes(prev[5]) if prev else []
            if prev:
                passes.append({"started": iso(prev[0]), "finished": iso(prev[1]), "status": prev[2],
                               "seconds": prev[3], "stored": prev[4]})
            self.con.execute("DELETE FROM rejects WHERE source_id = ?", [reuse_id])
            self.con.execute("UPDATE sources SET status='partial', started=?, name=?, path=?, counts=? "
                             "WHERE source_id=?", [now, name, path, json.dumps({"passes": passes}), reuse_id])
            return reuse_id
        sid = self.con.execute("SELECT coalesce(max(source_id), 0) + 1 FROM sources").fetchone()[0]
        self.con.execute(
            "INSERT INTO sources (source_id, name, path, member, sha256, size, format, status, started, "
            "decoder, base_time) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [sid, name, path, member, sha256, size, fmt, "partial", now, decoder, bt])
        return sid

    def finish_source(self, source_id: int, sha256: str | None, counts: dict[str, Any], seconds: float,
                      fmt: str | None = None) -> None:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        prev = self.con.execute("SELECT started, counts FROM sources WHERE source_id = ?", [source_id]).fetchone()
        passes = _passes(prev[1]) if prev else []
        if passes:  # a resumed or forced re-read: keep the earlier passes and record this one
            counts = {**counts, "passes": passes + [{
                "started": iso(prev[0]), "finished": iso(now), "status": "complete", "seconds": seconds,
                "stored": counts.get("stored", 0)}]}
        self.con.execute(
            "UPDATE sources SET status='complete', finished=?, seconds=?, sha256=coalesce(?, sha256), "
            "format=coalesce(?, format), "
            "lines=?, messages=?, stored=?, duplicates=?, rejects=?, counts=? WHERE source_id=?",
            [now, seconds, sha256, fmt, counts.get("lines", 0), counts.get("messages", 0), counts.get("stored", 0),
             counts.get("duplicates", 0), counts.get("rejects", 0), json.dumps(counts, default=str), source_id])

    # ------------------------------------------------------------------ batch write
    def write_batch(self, positions: pa.Table, statics: pa.Table, other: pa.Table, raw: pa.Table,
                    rejects: pa.Table) -> tuple[int, int]:
        """Store one batch atomically; messages already stored (same msg_key within the
        de-duplication window) are skipped. ``raw`` must hold one row per message (msg_key, ts)
        and be duplicate-free within the batch. Returns (messages stored, duplicates skipped).

        Cost model (see docs/benchmarks.md, "Ingest (end to end)"): the store's time span comes
        from DuckDB's column statistics (``min``/``max``, well under a millisecond) and only the
        messages of the batch that fall within the window of that span are looked up in
        ``raw_messages``; when they are already stored the batch is filtered in Arrow before the
        inserts, which read the Arrow tables with their exact column types (no casts, no joins)."""
        c = self.con
        w_us = int(round(float(self.config.ingest.dedup_window_s) * 1e6))
        n = raw.num_rows
        views: list[str] = []

        def reg(name: str, table: pa.Table) -> str:
            c.register(name, table)
            views.append(name)
            return name

        c.execute("BEGIN TRANSACTION")
        try:
            kept = 0
            if n:
                dup = self._stored_repeats(raw, w_us, reg)
                if dup is not None:
                    positions = self._drop_pairs(positions, raw, dup)
                    statics = self._drop_pairs(statics, raw, dup)
                    other = self._drop_pairs(other, raw, dup)
                    raw = raw.filter(pa.array(~dup))
                kept = raw.num_rows
                for table, t, sch in (("positions", positions, S.POSITIONS), ("statics", statics, S.STATICS),
                                      ("other_messages", other, S.OTHER), ("raw_messages", raw, S.RAW)):
                    if t.num_rows:
                        v = reg(f"b_{table}", self._exact(t, sch))
                        c.execute(f"INSERT INTO {self.layout.table(table)} SELECT * FROM {v}")
                if positions.num_rows:
                    exact = self._exact(positions, S.POSITIONS)
                    self._update_latest(exact, reg)
                    self._update_spans(reg("b_spans_in", exact))
            if rejects.num_rows:
                self._insert_rejects(self._exact(rejects, S.REJECTS), reg)
            c.execute("COMMIT")
        except BaseException:
            _rollback(c)
            raise
        finally:
            for v in views:
                try:
                    c.unregister(v)
                except Exception:
                    pass
        return kept, n - kept

    # ------------------------------------------------------------------ latest position per vessel
    @property
    def _LATEST_COLS(self) -> str:  # noqa: N802 - a property, not computed at import (schema imports pyarrow)
        return ", ".join(f'"{f.name}"' for f in S.POSITIONS)

    def _update_latest(self, positions: pa.Table, reg) -> None:
        """Fold the positions just inserted (in the caller's transaction) into ``latest_positions``:
        per MMSI the batch's newest report (ties: the later row of the batch, which is stored
        after the earlier one) replaces the stored one when it is at least as new."""
        c = self.con
        b = reg("b_latest_in", positions.append_column("_rn", pa.array(np.arange(positions.num_rows, dtype=np.int64))))
        newest = c.execute(f"""SELECT {self._LATEST_COLS} FROM {b} WHERE lat IS NOT NULL
                               QUALIFY row_number() OVER (PARTITION BY mmsi ORDER BY ts DESC, _rn DESC) = 1
                            """).arrow()
        newest = newest if isinstance(newest, pa.Table) else newest.read_all()  # (a reader in DuckDB >= 1.5)
        if not newest.num_rows:
            return
        self._merge_latest(reg("b_latest_new", newest))

    def _merge_latest(self, rel: str) -> None:
        """Per MMSI, the row of ``rel`` (one per MMSI) replaces the stored latest position when it is
        at least as new (caller's transaction)."""
        c = self.con
        c.execute(f"DELETE FROM latest_positions l USING {rel} b WHERE l.mmsi = b.mmsi AND b.ts >= l.ts")
        c.execute(f"INSERT INTO latest_positions SELECT b.* FROM {rel} b ANTI JOIN latest_positions l ON l.mmsi = b.mmsi")

    def _update_spans(self, batch: str) -> None:
        """Widen ``position_spans`` by the positions just inserted (relation ``batch``, in the
        caller's transaction): per MMSI the earliest and latest time of a report with a latitude."""
        self._merge_spans(f"(SELECT mmsi, min(ts) AS f, max(ts) AS l FROM {batch} WHERE lat IS NOT NULL "
                          f"GROUP BY mmsi)")

    def _merge_spans(self, agg: str) -> None:
        """Widen ``position_spans`` by relation ``agg`` (mmsi, f, l: one row per MMSI, the first and
        last time of its new reports with a latitude; caller's transaction)."""
        c = self.con
        merged = c.execute(f"""SELECT b.mmsi, least(b.f, coalesce(s.first_ts, b.f)) AS first_ts,
                                      greatest(b.l, coalesce(s.last_ts, b.l)) AS last_ts
                               FROM {agg} b LEFT JOIN position_spans s ON s.mmsi = b.mmsi""").arrow()
        merged = merged if isinstance(merged, pa.Table) else merged.read_all()
        if not merged.num_rows:
            return
        c.register("b_spans_new", merged)
        try:
            c.execute("DELETE FROM position_spans s USING b_spans_new b WHERE s.mmsi = b.mmsi")
            c.execute("INSERT INTO position_spans SELECT mmsi, first_ts, last_ts FROM b_spans_new")
        finally:
            c.unregister("b_spans_new")

    def fold_positions(self, rel: str, tiebreak: str) -> None:
        """Fold the positions of SQL relation ``rel`` (just made part of the store, in the caller's
        transaction) into ``latest_positions`` and ``position_spans``: the path of writers that do
        not go through :meth:`write_batch` (the tail moved into Parquet parts; the bulk ingest
        computes the same per-MMSI rows in its workers and folds them, :meth:`fold_latest`). ``tiebreak``: the
        column ordering reports of one vessel at one time (the later one wins, as in write_batch).

        One pass over ``rel``, a hash aggregate per MMSI (the newest report by ``arg_max`` over
        (ts, tiebreak), the first and last time): a window over every position sorted them all
        (10M messages: 7.3 CPU s and ~530 MB of RSS in DuckDB, against 2.8 s and ~240 MB; the
        same rows, benchmarks/bench_e2e.py --rss-log)."""
        c = self.con
        latest, spans = self.has_latest_table(c), self.has_spans_table(c)
        if not (latest or spans):
            return
        agg = c.execute(f"""SELECT mmsi, min(ts) AS f, max(ts) AS l,
                                   arg_max(struct_pack({self._LATEST_COLS}), (ts, {tiebreak})) AS r
                            FROM {rel} WHERE lat IS NOT NULL GROUP BY mmsi""").arrow()
        agg = agg if isinstance(agg, pa.Table) else agg.read_all()
        if not agg.num_rows:
            return
        c.register("b_fold_agg", agg)
        try:
            newest = c.execute("SELECT unnest(r), f AS _f, l AS _l FROM b_fold_agg").arrow()
            newest = newest if isinstance(newest, pa.Table) else newest.read_all()  # (a reader: read it here)
        finally:
            c.unregister("b_fold_agg")
        self.fold_latest(newest)

    def fold_latest(self, rows: pa.Table) -> None:
        """Fold per-MMSI results of :meth:`fold_positions` computed elsewhere (the bulk ingest's
        merge computes them per bucket, in parallel, from what its workers wrote) into
        ``latest_positions`` and ``position_spans`` (caller's transaction): ``rows``, one per
        MMSI, hold the columns of ``positions`` (the newest report) and ``_f``/``_l`` (the first
        and last time of the reports with a latitude)."""
        c = self.con
        latest, spans = self.has_latest_table(c), self.has_spans_table(c)
        if not rows.num_rows:
            return
        if latest:
            c.register("b_fold_latest", self._exact(rows.select(S.POSITIONS.names), S.POSITIONS))
            try:
                self._merge_latest("b_fold_latest")
            finally:
                c.unregister("b_fold_latest")
        if spans:
            c.register("b_fold_spans", rows.select(["mmsi", "_f", "_l"]))
            try:
                self._merge_spans("(SELECT mmsi, _f AS f, _l AS l FROM b_fold_spans)")
            finally:
                c.unregister("b_fold_spans")

    def rebuild_position_spans(self) -> int:
        """Rebuild ``position_spans`` from every stored position; returns the number of vessels."""
        c = self.con
        c.execute("BEGIN TRANSACTION")
        try:
            c.execute("DELETE FROM position_spans")
            c.execute("""INSERT INTO position_spans SELECT mmsi, min(ts), max(ts) FROM positions
                         WHERE lat IS NOT NULL GROUP BY mmsi""")
            c.execute("COMMIT")
        except BaseException:
            _rollback(c)
            raise
        return int(c.execute("SELECT count(*) FROM position_spans").fetchone()[0])

    @staticmethod
    def has_spans_table(con) -> bool:
        return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = "
                                "'position_spans' AND table_schema = 'main'").fetchone()[0])

    @staticmethod
    def position_span(con, mmsi: int):
        """(first, last) time of the vessel's reports with a latitude, from ``position_spans``;
        None when the store has no such table (an older store opened read-only) or no such
        report. Every position of the vessel with a latitude lies within it (invariant), so a
        query by vessel may add ``ts BETWEEN first AND last``: DuckDB then skips the row groups
        outside that time (positions are stored in arrival order, roughly by time)."""
        if not Store.has_spans_table(con):
            return None
        return con.execute("SELECT first_ts, last_ts FROM position_spans WHERE mmsi = ?", [mmsi]).fetchone()

    @staticmethod
    def positions_parts(con, db_path) -> tuple | None:
        """(layout, {bucket: [part files of positions]}) of a store in Parquet parts, None for a
        store in DuckDB tables: what :meth:`vessel_positions_relation` reads (a caller may keep
        it while the store is unchanged)."""
        from . import parts as _parts

        layout = _parts.read_layout(con, db_path)
        if not layout.parts:
            return None
        files: dict[int, list[str]] = {}
        for r in _parts.catalogued(con, "positions"):
            files.setdefault(int(r[1]), []).append(r[2])
        return layout, files

    @staticmethod
    def vessel_positions_relation(con, mmsi: int, db_path, catalogue=False) -> str:
        """SQL relation that holds every position of ``mmsi`` (and possibly other vessels'): for
        a query by vessel (``... FROM <relation> WHERE mmsi = ?``), with the rows of the
        ``positions`` view. In a store in Parquet parts (:mod:`seasentry.parts`) the view reads
        the files of every MMSI bucket (64 by default); this relation reads the tail table and
        only the files of the vessel's bucket, with the view's own SQL (``view_sql``: the same
        columns, repeats left out). On the store of ``benchmarks/bench_web.py`` (9.1 M
        positions, 64 buckets), a track's query of one of the 500 busiest vessels: median
        102.7 ms through the view, 11.5 ms through its bucket (40 vessels, measured under load).
        A store in DuckDB tables: the ``positions`` table itself. ``db_path``: the store's file
        (the parts folder is beside it); ``catalogue``: :meth:`positions_parts` if already read.
        """
        from . import parts as _parts

        cat = Store.positions_parts(con, db_path) if catalogue is False else catalogue
        if cat is None:
            return "positions"
        layout, files = cat
        b = int(_parts.bucket_of([int(mmsi)], layout.buckets, layout.hash)[0])
        return "(" + _parts.view_sql(layout, "positions", files.get(b, [])) + ")"

    def rebuild_latest_positions(self) -> int:
        """Rebuild ``latest_positions`` from every stored position (see the module docstring for
        the invariant); returns the number of vessels. In one transaction."""
        c = self.con
        c.execute("BEGIN TRANSACTION")
        try:
            c.execute("DELETE FROM latest_positions")
            # a store in parts reads positions through a view (no rowid): of reports at one time,
            # the one with the greatest message key (deterministic; write_batch keeps the later one)
            tie = "msg_key" if getattr(self, "layout", None) is not None and self.layout.parts else "rowid"
            c.execute(f"""INSERT INTO latest_positions SELECT {self._LATEST_COLS} FROM positions WHERE lat IS NOT NULL
                          QUALIFY row_number() OVER (PARTITION BY mmsi ORDER BY ts DESC, {tie} DESC) = 1""")
            c.execute("INSERT OR REPLACE INTO meta VALUES ('latest_positions', 'v1')")
            c.execute("COMMIT")
        except BaseException:
            _rollback(c)
            raise
        return int(c.execute("SELECT count(*) FROM latest_positions").fetchone()[0])

    @staticmethod
    def has_latest_table(con) -> bool:
        return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = "
                                "'latest_positions' AND table_schema = 'main'").fetchone()[0])

    @staticmethod
    def latest_relation(con) -> str:
        """SQL relation of the latest position per vessel: the maintained table, or (a store
        opened read-only that was made before the table existed) the same rows computed."""
        if Store.has_latest_table(con):
            return "latest_positions"
        return ("(SELECT * FROM positions WHERE lat IS NOT NULL QUALIFY row_number() OVER "
                "(PARTITION BY mmsi ORDER BY ts DESC, rowid DESC) = 1)")

    def latest_positions(self, bbox=None, max_age_h: float | None = None, since=None, mmsi=None,
                         limit: int | None = None, con=None) -> pl.DataFrame:
        """The newest position of every vessel (one row per MMSI, ordered by MMSI): within
        ``max_age_h`` hours of the newest position in the store, newer than ``since``, inside
        ``bbox`` (min_lon, min_lat, max_lon, max_lat), of the MMSI(s) ``mmsi``. Reads only the
        ``latest_positions`` table (one row per vessel). ``con``: a cursor to run on (default
        the store's connection)."""
        con = con or self.con
        rel = self.latest_relation(con)
        cond, args = [], []
        if max_age_h is not None:
            newest = con.execute(f"SELECT max(ts) FROM {rel}").fetchone()[0]
            if newest is None:
                return con.execute(f"SELECT * FROM {rel} LIMIT 0").pl()
            cond.append("ts >= ?")
            args.append(newest - timedelta(hours=float(max_age_h)))
        if since is not None:
            cond.append("ts > ?")
            args.append(self._time(since))
        w, a = self._where(mmsi=mmsi, bbox=bbox)
        if w:
            cond.append(w[len(" WHERE "):])
            args += a
        where = (" WHERE " + " AND ".join(cond)) if cond else ""
        lim = f" LIMIT {int(limit)}" if limit is not None else ""
        return con.execute(f"SELECT * FROM {rel}{where} ORDER BY mmsi{lim}", args).pl()

    def last_position(self, mmsi: int, con=None) -> dict | None:
        """The newest position report (with a latitude) of one vessel, or None."""
        con = con or self.con
        res = con.execute(f"SELECT * FROM {self.latest_relation(con)} WHERE mmsi = ?", [int(mmsi)])
        row = res.fetchone()
        return None if row is None else dict(zip([d[0] for d in res.description], row))

    def _stored_repeats(self, raw: pa.Table, w_us: int, reg) -> np.ndarray | None:
        """Rows of ``raw`` whose msg_key is stored within ``w_us`` of their time (bool mask), or
        None when there are none."""
        c = self.con
        lo, hi = self.stored_span()
        if lo is None:
            return None
        ts = raw.column("ts").cast(pa.int64()).to_numpy()
        cand = np.flatnonzero((ts >= lo - w_us) & (ts <= hi + w_us))
        if not len(cand):
            return None  # the batch lies outside the stored time span (plus the window): nothing to look up
        ct = ts[cand]
        v = reg("b_cand", pa.table({"i": pa.array(cand, pa.int64()),
                                    "msg_key": raw.column("msg_key").take(pa.array(cand, pa.int64())),
                                    "ts": raw.column("ts").take(pa.array(cand, pa.int64()))}))
        hits = c.execute(
            f"""SELECT b.i FROM {v} b
            SEMI JOIN (SELECT msg_key, ts FROM raw_messages
                       WHERE ts BETWEEN make_timestamp(?::BIGINT) AND make_timestamp(?::BIGINT)) r
            ON r.msg_key = b.msg_key
               AND r.ts BETWEEN b.ts - INTERVAL {w_us} MICROSECOND AND b.ts + INTERVAL {w_us} MICROSECOND""",
            [int(ct.min()) - w_us, int(ct.max()) + w_us]).fetchnumpy()["i"]
        if not len(hits):
            return None
        dup = np.zeros(raw.num_rows, dtype=bool)
        dup[np.asarray(hits, dtype=np.int64)] = True
        return dup

    def stored_span(self) -> tuple[int | None, int | None]:
        """First and last time (epoch microseconds) of the stored messages: from DuckDB's column
        statistics for the tables, the catalogue for the Parquet parts."""
        c = self.con
        lo, hi = c.execute(f"SELECT epoch_us(min(ts)), epoch_us(max(ts)) FROM {self.layout.table('raw_messages')}"
                           ).fetchone()
        if self.layout.parts:
            plo, phi = c.execute("SELECT epoch_us(min(min_ts)), epoch_us(max(max_ts)) FROM store_files "
                                 "WHERE tbl = 'raw_messages' AND kept > 0").fetchone()
            lo = plo if lo is None else (lo if plo is None else min(lo, plo))
            hi = phi if hi is None else (hi if phi is None else max(hi, phi))
        return lo, hi

    def _insert_rejects(self, rejects: pa.Table, reg) -> None:
        """Insert rejects not already stored (same source, line and reason): a re-read of a
        source (live reconnects) must not add them twice."""
        import pyarrow.compute as pc

        c = self.con
        v = reg("b_rej", rejects)
        sids = pc.unique(rejects.column("source_id").drop_null()).to_pylist()
        mm = pc.min_max(rejects.column("line_no"))
        lo, hi = mm["min"].as_py(), mm["max"].as_py()
        if sids and lo is not None:
            ids = ", ".join(str(int(x)) for x in sids)
            present = c.execute(f"SELECT count(*) FROM rejects WHERE source_id IN ({ids}) AND line_no BETWEEN ? AND ?",
                                [lo, hi]).fetchone()[0]
            if not present:  # the usual case: nothing of this source and line range is stored yet
                c.execute(f"INSERT INTO rejects SELECT * FROM {v}")
                return
        c.execute(f"""INSERT INTO rejects SELECT x.* FROM {v} x
            ANTI JOIN (SELECT source_id, line_no, reason FROM rejects
                       WHERE source_id IN (SELECT DISTINCT source_id FROM {v})
                         AND line_no BETWEEN (SELECT min(line_no) FROM {v}) AND (SELECT max(line_no) FROM {v})) r
            ON r.source_id = x.source_id AND r.line_no = x.line_no AND r.reason = x.reason""")

    @staticmethod
    def _exact(t: pa.Table, sch: pa.Schema) -> pa.Table:
        """``t`` with the schema's columns, order and types (a cast only where a type differs)."""
        if t.schema.equals(sch):
            return t
        cols = []
        for f in sch:
            col = t.column(f.name)
            cols.append(col if col.type == f.type else col.cast(f.type))
        return pa.Table.from_arrays(cols, schema=sch)

    @staticmethod
    def _drop_pairs(t: pa.Table, raw: pa.Table, dup: np.ndarray) -> pa.Table:
        """Rows of ``t`` whose (msg_key, ts) is not one of the rows of ``raw`` flagged in ``dup``."""
        if t.num_rows == 0:
            return t
        dk = raw.column("msg_key").to_numpy()[dup]
        dt = raw.column("ts").cast(pa.int64()).to_numpy()[dup]
        keys = t.column("msg_key").to_numpy()
        maybe = np.flatnonzero(np.isin(keys, dk))
        if not len(maybe):
            return t
        pairs = set(zip(dk.tolist(), dt.tolist()))
        ts = t.column("ts").cast(pa.int64()).to_numpy()
        drop = np.zeros(t.num_rows, dtype=bool)
        drop[maybe] = [(k, x) in pairs for k, x in zip(keys[maybe].tolist(), ts[maybe].tolist())]
        return t.filter(pa.array(~drop))

    # ------------------------------------------------------------------ derived tables
    def refresh_vessels(self, positions: str = "positions", statics: str = "statics",
                        position_summary: str | None = None, statics_summary: str | None = None,
                        identities: str | None = None) -> None:
        """Rebuild ``vessels`` and ``vessel_identities`` from positions and statics (``positions``
        and ``statics``: the relations to read, e.g. ``read_parquet(...)`` of an archive).
        Relations already aggregated per MMSI may replace the raw ones (the Dask engine computes
        them per bucket): ``position_summary`` (columns of :func:`position_summary_sql`),
        ``statics_summary`` (:func:`statics_summary_sql`) and ``identities``
        (:func:`identities_sql`)."""
        from .ingest.clean import classify_mmsi, mid_table

        c = self.con
        # a store in Parquet parts, read through its views: per group of MMSI buckets (every row of
        # an MMSI is in its bucket, so the per-MMSI rows are those of the whole store), so that
        # DuckDB holds one group's statics at a time instead of all of them (50M messages: the
        # command's process 725 MB against 445 MB at 10M; benchmarks/bench_e2e.py --rss-log)
        groups = [(positions, statics)]
        if (self.layout.parts and (positions, statics) == ("positions", "statics") and not position_summary
                and not statics_summary and not identities):
            from . import parts as _parts

            groups = _parts.bucket_group_views(self.con, self.layout, ("positions", "statics"),
                                               int(self.config.store.vessels_group_rows))
        c.execute("BEGIN TRANSACTION")
        try:
            c.execute("DELETE FROM vessel_identities")
            bases = []
            for positions, statics in groups:
                # the statics grouped once (statics_groups_sql) for the identities and the summary
                if not identities or not statics_summary:
                    c.execute(f"CREATE OR REPLACE TEMP TABLE _statics_groups AS {statics_groups_sql(statics)}")
                c.execute(f"INSERT INTO vessel_identities SELECT * FROM {identities}" if identities else
                          f"INSERT INTO vessel_identities {identities_sql('_statics_groups', grouped=True)}")
                p_sql = f"SELECT * FROM {position_summary}" if position_summary else position_summary_sql(positions)
                s_sql = (f"SELECT * FROM {statics_summary}" if statics_summary
                         else statics_summary_sql("_statics_groups", grouped=True))
                bases.append(c.execute(f"""
                    WITH p AS ({p_sql}), s AS ({s_sql})
                    SELECT coalesce(p.mmsi, s.mmsi) AS mmsi, s.name, s.callsign, s.imo, s.ship_type,
                           s.length, s.beam,
                           least(p.f, s.f) AS first_seen, greatest(p.l, s.l) AS last_seen,
                           coalesce(p.n, 0) AS positions, coalesce(s.n, 0) AS static_reports,
                           coalesce(s.names, 0) AS names,
                           CASE WHEN p.bs THEN 'base_station' WHEN p.aton THEN 'aton' WHEN p.sar THEN 'sar_aircraft'
                                WHEN coalesce(p.a, false) OR coalesce(s.a, false) THEN 'A'
                                WHEN coalesce(p.b, false) OR coalesce(s.b, false) THEN 'B' END AS ais_class
                    FROM p FULL OUTER JOIN s ON p.mmsi = s.mmsi""").pl())
            c.execute("DROP TABLE IF EXISTS _statics_groups")
            base = pl.concat(bases) if len(bases) > 1 else bases[0]
            kind, mid = classify_mmsi(base["mmsi"].to_numpy())
            table = mid_table()
            mids = np.unique(mid)
            iso_map = {int(m): (table.get(int(m), ("", None))[0] or None) for m in mids}
            name_map = {int(m): table.get(int(m), (None, None))[1] for m in mids}
            needs_mid = ~np.isin(kind, ["sart", "mob", "epirb", "unknown"])
            valid = np.array([(not nm) or (int(m) in table) for nm, m in zip(needs_mid, mid)], dtype=bool) & (kind != "unknown")
            base = base.with_columns(
                pl.Series("mmsi_kind", kind.astype(str)),
                pl.Series("mid", mid, dtype=pl.Int32),
                pl.Series("mmsi_valid", valid),
            ).with_columns(
                flag=pl.col("mid").replace_strict(iso_map, default=None, return_dtype=pl.String),
                flag_country=pl.col("mid").replace_strict(name_map, default=None, return_dtype=pl.String),
            )
            from .detect.identity_quality import is_default_mmsi

            base = base.with_columns(pl.Series("default_mmsi", is_default_mmsi(base["mmsi"].to_numpy())))
            c.execute("DELETE FROM vessels")
            c.register("b_vessels", base.to_arrow())
            c.execute("""INSERT INTO vessels SELECT b.mmsi, name, callsign, imo, ship_type, length, beam, flag,
                         flag_country, mid, mmsi_kind, mmsi_valid, ais_class, first_seen, last_seen, positions,
                         static_reports, names, b.default_mmsi, coalesce(q.shared_mmsi, false),
                         coalesce(q.transmitters, 1)
                         FROM b_vessels b LEFT JOIN vessel_quality q USING (mmsi)""")
            c.unregister("b_vessels")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def write_identity_quality(self, quality: pl.DataFrame) -> None:
        """Replace ``vessel_quality`` (output of :func:`seasentry.detect.identity_quality`) and
        copy its flags into ``vessels``."""
        c = self.con
        c.execute("BEGIN TRANSACTION")
        try:
            c.execute("DELETE FROM vessel_quality")
            if quality is not None and quality.height:
                c.register("b_quality", quality.select("mmsi", "default_mmsi", "shared_mmsi", "transmitters")
                           .unique(subset="mmsi", keep="first").to_arrow())
                c.execute("INSERT INTO vessel_quality SELECT * FROM b_quality")
                c.unregister("b_quality")
            c.execute("""UPDATE vessels SET shared_mmsi = coalesce(q.shared_mmsi, false),
                                            transmitters = coalesce(q.transmitters, 1)
                         FROM (SELECT v.mmsi, q.shared_mmsi, q.transmitters FROM vessels v
                               LEFT JOIN vessel_quality q USING (mmsi)) q
                         WHERE vessels.mmsi = q.mmsi""")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ queries (Python API)
    @staticmethod
    def _time(v) -> datetime | None:
        if v is None or isinstance(v, datetime):
            return v.astimezone(timezone.utc).replace(tzinfo=None) if isinstance(v, datetime) and v.tzinfo else v
        s = str(v).strip().replace("Z", "+00:00")
        try:
            d = datetime.fromisoformat(s)
        except ValueError:
            raise StoreError(f"cannot read time {v!r}: use ISO 8601, e.g. 2024-05-01T12:00:00Z") from None
        return d.astimezone(timezone.utc).replace(tzinfo=None) if d.tzinfo else d

    def _where(self, mmsi=None, start=None, end=None, bbox=None) -> tuple[str, list]:
        cond, args = [], []
        if mmsi is not None:
            # (an array exists only once numpy is imported: one MMSI does not import it)
            if isinstance(mmsi, (list, tuple, set)) or ("numpy" in sys.modules and isinstance(mmsi, np.ndarray)):
                cond.append(f"mmsi IN ({', '.join(str(int(m)) for m in mmsi)})")
            else:
                cond.append("mmsi = ?")
                args.append(int(mmsi))
        if start is not None:
            cond.append("ts >= ?")
            args.append(self._time(start))
        if end is not None:
            cond.append("ts <= ?")
            args.append(self._time(end))
        if bbox is not None:
            x0, y0, x1, y1 = bbox
            cond.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
            args += [x0, x1, y0, y1]
        return (" WHERE " + " AND ".join(cond)) if cond else "", args

    def positions(self, mmsi=None, start=None, end=None, bbox=None, columns=None,
                  with_null_positions: bool = False) -> pl.DataFrame:
        """Position reports as a polars DataFrame, ordered by (mmsi, ts)."""
        where, args = self._where(mmsi, start, end, bbox)
        if not with_null_positions:
            where += (" AND " if where else " WHERE ") + "lat IS NOT NULL"
        cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        return self.con.execute(f"SELECT {cols} FROM positions{where} ORDER BY mmsi, ts", args).pl()

    def positions_arrow(self, **kw) -> pa.Table:
        return self.positions(**kw).to_arrow()

    def statics(self, mmsi=None, start=None, end=None) -> pl.DataFrame:
        where, args = self._where(mmsi, start, end)
        return self.con.execute(f"SELECT * FROM statics{where} ORDER BY mmsi, ts", args).pl()

    def vessels(self, search: str | None = None, limit: int | None = None) -> pl.DataFrame:
        """Vessels; ``search`` matches MMSI, IMO, call sign or (part of) any name ever broadcast."""
        sql, args = self._vessels_sql(search, limit)
        return self.con.execute(sql, args).pl()

    def vessel_rows(self, search: str | None = None, limit: int | None = None) -> list[dict]:
        """:meth:`vessels` as a list of dicts (no polars: what ``seasentry vessels`` prints)."""
        sql, args = self._vessels_sql(search, limit)
        cur = self.con.execute(sql, args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def _vessels_sql(self, search, limit) -> tuple[str, list]:
        sql = "SELECT * FROM vessels"
        args: list = []
        if search:
            s = search.strip()
            sql += """ WHERE CAST(mmsi AS VARCHAR) = ? OR CAST(imo AS VARCHAR) = ?
                OR upper(callsign) = upper(?) OR mmsi IN (SELECT mmsi FROM vessel_identities
                    WHERE field IN ('name', 'callsign') AND value ILIKE ?)
                OR mmsi IN (SELECT mmsi FROM vessel_identities WHERE field = 'imo' AND value = ?)"""
            args = [s, s, s, f"%{s}%", s]
        sql += " ORDER BY positions DESC, mmsi"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return sql, args

    def identity_rows(self, mmsi: int) -> list[dict]:
        """:meth:`identities` as a list of dicts."""
        cur = self.con.execute("SELECT * FROM vessel_identities WHERE mmsi = ? ORDER BY field, first_seen", [int(mmsi)])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def identities(self, mmsi: int) -> pl.DataFrame:
        return self.con.execute("SELECT * FROM vessel_identities WHERE mmsi = ? ORDER BY field, first_seen",
                                [int(mmsi)]).pl()

    def rejects(self, reason: str | None = None, limit: int | None = 1000) -> pl.DataFrame:
        sql = "SELECT s.name AS source, r.line_no, r.reason, r.detail, r.raw FROM rejects r " \
              "LEFT JOIN sources s USING (source_id)"
        args = []
        if reason:
            sql += " WHERE r.reason = ?"
            args.append(reason)
        sql += " ORDER BY r.source_id, r.line_no"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql, args).pl()

    def raw_for(self, msg_keys: list[int]) -> pl.DataFrame:
        """Original text with source file, line number and file hash (chain of custody)."""
        if not msg_keys:
            return pl.DataFrame()
        self.con.register("q_keys", pa.table({"msg_key": pa.array(msg_keys, pa.int64())}))
        try:
            return self.con.execute("""SELECT r.msg_key, r.ts, s.name AS source, s.sha256, r.line_no, r.raw
                FROM raw_messages r SEMI JOIN q_keys q USING (msg_key) LEFT JOIN sources s USING (source_id)
                ORDER BY r.ts""").pl()
        finally:
            self.con.unregister("q_keys")

    def sources(self) -> pl.DataFrame:
        """The ingest log, one row per input, with the full picture of inputs read in several passes
        (an interrupted ingest run again, or --force): ``passes`` (reads of the input), ``in_store``
        (messages of the store whose stored copy came from this input, whichever pass stored it)."""
        df = self.con.execute(self._SOURCES_SQL).pl()
        passes = [max(1, len(_passes(c))) for c in df["counts"].to_list()] if df.height else []
        return df.with_columns(pl.Series("passes", passes, dtype=pl.Int32))

    _SOURCES_SQL = """SELECT s.*, coalesce(r.n, 0) AS in_store FROM sources s
        LEFT JOIN (SELECT source_id, count(*) AS n FROM raw_messages GROUP BY source_id) r USING (source_id)
        ORDER BY source_id"""

    def source_rows(self) -> list[dict]:
        """:meth:`sources` as a list of dicts (no polars: what ``seasentry sources`` prints)."""
        cur = self.con.execute(self._SOURCES_SQL)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
        for r in rows:
            r["passes"] = max(1, len(_passes(r["counts"])))
        return rows

    def count_rows(self, table: str) -> int:
        """Rows of a message table (``positions``, ``statics``, ``other_messages``,
        ``raw_messages``): counted by DuckDB in its table, read from the catalogue for the
        Parquet parts (every repeat flagged, none counted)."""
        n = int(self.con.execute(f"SELECT count(*) FROM {self.layout.table(table)}").fetchone()[0])
        if self.layout.parts:
            n += int(self.con.execute("SELECT coalesce(sum(kept), 0) FROM store_files WHERE tbl = ?",
                                      [table]).fetchone()[0])
        return n

    def stats(self) -> dict[str, Any]:
        c = self.con
        one = lambda q: c.execute(q).fetchone()[0]  # noqa: E731
        by_type: dict[str, int] = {}
        # NMEA messages by type; a decoded-CSV record (time_source 'csv') counts once as "csv", whatever
        # message type its export gave it, as in the ingest summary
        for t, n in c.execute("""SELECT msg_type, sum(n) FROM (
                SELECT msg_type, count(*) n FROM positions WHERE msg_type NOT IN (0, 19, 21)
                    AND time_source IS DISTINCT FROM 'csv' GROUP BY ALL
                UNION ALL SELECT msg_type, count(*) FROM statics WHERE msg_type <> 0
                    AND time_source IS DISTINCT FROM 'csv' GROUP BY ALL
                UNION ALL SELECT msg_type, count(*) FROM other_messages GROUP BY ALL) GROUP BY 1 ORDER BY 1""").fetchall():
            by_type[str(t)] = int(n)
        messages = self.count_rows("raw_messages")
        n_csv = messages - sum(by_type.values())
        if n_csv > 0:
            by_type["csv"] = n_csv
        rej = {r: int(n) for r, n in c.execute(
            "SELECT reason, count(*) FROM rejects GROUP BY 1 ORDER BY 2 DESC").fetchall()}
        lo, hi = self.stored_span()
        first, last = from_epoch_us(lo), from_epoch_us(hi)
        partial = int(one("SELECT count(*) FROM sources WHERE status = 'partial'"))
        vessels = int(one("SELECT count(*) FROM vessels"))
        if partial or (vessels == 0 and messages):
            # the vessels table is rebuilt when an ingest finishes: after an interrupted one it lags
            # behind the messages, so count the MMSIs themselves
            vessels = int(one("""SELECT count(DISTINCT mmsi) FROM (SELECT mmsi FROM positions
                UNION ALL SELECT mmsi FROM statics UNION ALL SELECT mmsi FROM other_messages)"""))
        # data quality: placeholder MMSIs (MID000000, 123456789 ...) are shared by unrelated
        # transmitters: kept, but no gap, port visit or loitering events (seasentry.detect)
        try:
            ph_v, ph_p = c.execute("SELECT count(*), coalesce(sum(positions), 0) FROM vessels "
                                   "WHERE default_mmsi").fetchone()
        except duckdb.Error:  # a store from before the column
            ph_v, ph_p = 0, 0
        return {
            "db": str(self.path),
            "messages": messages,
            "positions": self.count_rows("positions"),
            "static_reports": self.count_rows("statics"),
            "other_messages": self.count_rows("other_messages"),
            "vessels": vessels,
            "rejects": int(sum(rej.values())),
            "sources": int(one("SELECT count(*) FROM sources WHERE status = 'complete'")),
            "partial_sources": partial,
            "messages_by_type": by_type,
            "rejects_by_reason": rej,
            "first_time": iso(first),
            "last_time": iso(last),
            "events": int(one("SELECT count(*) FROM events")),
            "placeholder_mmsis": int(ph_v),
            "placeholder_positions": int(ph_p),
        }

    # ------------------------------------------------------------------ convenience
    def ingest(self, inputs, **kw):
        """Ingest files/directories; see :func:`seasentry.ingest.pipeline.ingest`."""
        from .ingest.pipeline import ingest

        return ingest(self, inputs, **kw)

    def close(self, checkpoint: bool = False) -> None:
        """Close the store (and every thread's cursor); ``checkpoint``: first write everything
        committed into the database file, so that the file alone (no ``.wal``) holds it all."""
        _OPEN.discard(self)
        with self._cursors_lock:
            curs, self._cursors = self._cursors, []
        for cur in curs:
            try:
                cur.close()
            except Exception:  # noqa: BLE001 - a cursor of a thread that is gone
                pass
        if checkpoint:
            self.checkpoint()
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
