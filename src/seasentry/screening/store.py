"""Persistence of sanctions lists in the seasentry DuckDB store.

Functions take a ``duckdb.DuckDBPyConnection`` so they work on ``Store.con`` and on
``duckdb.connect(':memory:')`` alike. Tables (all prefixed ``sanctions_``):

- ``sanctions_lists``: one row per load (history): list, version, loaded_at, source_path,
  sha256, format, mode, n_entities, added, removed, changed, warnings (JSON).
- ``sanctions_entities``: the current entries of every list (one version per list).
- ``sanctions_names``: every name of every current entry (kind: primary/alias/former/weak_alias).
- ``sanctions_changes``: per-entity diff of each load against the previous version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..timeutil import iso
from .model import Entity, LoadedList

_DDL = [
    """CREATE TABLE IF NOT EXISTS sanctions_lists (
        load_id INTEGER, list VARCHAR, version VARCHAR, loaded_at TIMESTAMP, source_path VARCHAR,
        sha256 VARCHAR, format VARCHAR, mode VARCHAR, n_entities INTEGER, added INTEGER,
        removed INTEGER, changed INTEGER, warnings VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS sanctions_entities (
        entity_id VARCHAR PRIMARY KEY, list VARCHAR, list_version VARCHAR, schema VARCHAR, name VARCHAR,
        programs VARCHAR[], countries VARCHAR[], birth_dates VARCHAR[], imo BIGINT, imo_valid BOOLEAN,
        mmsi BIGINT, flag VARCHAR, vessel_type VARCHAR, call_sign VARCHAR, content_hash VARCHAR,
        data VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS sanctions_names (
        entity_id VARCHAR, list VARCHAR, name VARCHAR, kind VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS sanctions_changes (
        load_id INTEGER, list VARCHAR, version VARCHAR, entity_id VARCHAR, change VARCHAR, name VARCHAR)""",
]


_ENT_COLS = ["entity_id", "list", "list_version", "schema", "name", "programs", "countries", "birth_dates",
             "imo", "imo_valid", "mmsi", "flag", "vessel_type", "call_sign", "content_hash", "data"]


def _bulk_insert(con, table: str, rows: list[tuple], cols: list[str]) -> None:
    """Insert many rows at once through Arrow (DuckDB's executemany is row by row)."""
    if not rows:
        return
    import pyarrow as pa

    target = con.execute(f"SELECT * FROM {table} LIMIT 0").arrow().schema
    arrays = [pa.array([r[i] for r in rows], type=target.field(c).type) for i, c in enumerate(cols)]
    tmp = pa.Table.from_arrays(arrays, names=cols)
    con.register("_sanctions_tmp", tmp)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _sanctions_tmp")
    finally:
        con.unregister("_sanctions_tmp")


def ensure_tables(con) -> None:
    for ddl in _DDL:
        con.execute(ddl)


@dataclass
class LoadReport:
    list: str
    version: str
    previous_version: str | None
    n_entities: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unchanged_file: bool = False
    unreadable: list[str] = field(default_factory=list)  # changed only by names the file could not read

    def summary(self) -> dict[str, Any]:
        return {"list": self.list, "version": self.version, "previous_version": self.previous_version,
                "entities": self.n_entities, "added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "unreadable_names": len(self.unreadable),
                "warnings": len(self.warnings), "unchanged_file": self.unchanged_file}


def _entity_from_row(data: str) -> Entity:
    d = json.loads(data)
    return Entity(**d)


def _has_tables(con) -> bool:
    """True when the sanctions tables exist (a read-only store may predate them)."""
    n = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'sanctions_entities'"
                    ).fetchone()[0]
    return n > 0


def current_entities(con, list_name: str | None = None) -> list[Entity]:
    if not _has_tables(con):
        return []
    if list_name:
        rows = con.execute("SELECT data FROM sanctions_entities WHERE list = ? ORDER BY entity_id",
                           [list_name]).fetchall()
    else:
        rows = con.execute("SELECT data FROM sanctions_entities ORDER BY entity_id").fetchall()
    return [_entity_from_row(r[0]) for r in rows]


def current_versions(con) -> dict[str, str]:
    if not _has_tables(con):
        return {}
    rows = con.execute("SELECT DISTINCT list, list_version FROM sanctions_entities").fetchall()
    return {r[0]: r[1] for r in rows}


class ListLoadRefused(ValueError):
    """Loading would lose list data (an older version, or most entries gone); nothing was written.
    ``reason``: 'older_version' or 'shrink'. Pass ``force=True`` to load anyway."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


#: a full (non-delta) load that removes more than this share of the current entries, and at least
#: ``SHRINK_MIN_ENTRIES`` of them, is refused without ``force``: OFAC and UN updates remove a few
#: entries at a time; a cut file removes thousands
SHRINK_MAX_SHARE = 0.10
SHRINK_MIN_ENTRIES = 20


def _date_key(version: str | None) -> str | None:
    """The date a version carries (from the list itself or the file name); None for a version
    made up from the file's modification time (``YYYY-MM-DD+hash``), which proves no order."""
    if not version or "+" in version or len(version) < 10 or version[4] != "-" or version[7] != "-":
        return None
    return version[:10]


_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")


def _comparable(e: Entity, keep_names: set[str] | None = None) -> str:
    """Content of an entry for the version diff, without the flag of names a file could not read;
    with ``keep_names``, original-script names not in it are left out (they are the names the new
    file could not read, not a change of the entry)."""
    d = e.to_dict()
    props = dict(d.get("properties") or {})
    props.pop("unrepaired_names", None)
    d["properties"] = props
    if keep_names is not None:
        for k in ("aliases", "weak_aliases"):
            d[k] = [a for a in d[k] if a in keep_names or not _NON_LATIN.search(a)]
    return json.dumps(d, sort_keys=True, ensure_ascii=False, default=str)


def save_list(con, loaded: LoadedList, now: datetime | None = None, force: bool = False) -> LoadReport:
    """Make ``loaded`` the current version of its list, report added/removed/changed entries
    against the previous version, and log the load. A delta file is applied on top of the
    current entries (upserts and deletes).

    Refused with ``ListLoadRefused`` (and nothing written) unless ``force``: a version older than
    the one loaded (by the date it carries), or a full load that would remove more than
    ``SHRINK_MAX_SHARE`` of the current entries."""
    ensure_tables(con)
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    prev_rows = con.execute("SELECT entity_id, content_hash, name, list_version FROM sanctions_entities "
                            "WHERE list = ?", [loaded.list]).fetchall()
    prev = {r[0]: (r[1], r[2]) for r in prev_rows}
    prev_version = prev_rows[0][3] if prev_rows else None
    if not force and prev_version and _date_key(loaded.version) and _date_key(prev_version) \
            and _date_key(loaded.version) < _date_key(prev_version):
        raise ListLoadRefused(
            f"{loaded.list}: {Path(loaded.source_path).name} is version {loaded.version}, older than the loaded "
            f"{prev_version}; load it with --force to go back", "older_version")
    last = con.execute("SELECT sha256 FROM sanctions_lists WHERE list = ? ORDER BY load_id DESC LIMIT 1",
                       [loaded.list]).fetchone()
    if loaded.mode == "delta":
        merged = {e.entity_id: e for e in current_entities(con, loaded.list)}
        for eid in loaded.deletes:
            merged.pop(eid, None)
        for e in loaded.entities:
            merged[e.entity_id] = e
        new_entities = list(merged.values())
    else:
        new_entities = {e.entity_id: e for e in loaded.entities}.values()  # last row wins on duplicate ids
        new_entities = list(new_entities)
    hashes = {e.entity_id: e.content_hash() for e in new_entities}
    names = {e.entity_id: e.name for e in new_entities}
    added = sorted(k for k in hashes if k not in prev)
    removed = sorted(k for k in prev if k not in hashes)
    if not force and loaded.mode != "delta" and prev and len(removed) >= SHRINK_MIN_ENTRIES \
            and len(removed) > SHRINK_MAX_SHARE * len(prev):
        raise ListLoadRefused(
            f"{loaded.list}: {Path(loaded.source_path).name} would remove {len(removed):,} of the {len(prev):,} loaded entries "
            f"({100 * len(removed) / len(prev):.0f} %) and add {len(added):,}: a cut or partial file? Load it with "
            "--force if it is complete", "shrink")
    changed = sorted(k for k in hashes if k in prev and prev[k][0] != hashes[k])
    unreadable: list[str] = []
    if changed and any(e.properties.get("unrepaired_names") for e in new_entities):
        old_ents = {e.entity_id: e for e in current_entities(con, loaded.list)}
        by_id = {e.entity_id: e for e in new_entities}
        for k in list(changed):
            e = by_id[k]
            if e.properties.get("unrepaired_names") and k in old_ents:
                names_now = set(e.aliases) | set(e.weak_aliases)
                if _comparable(e) == _comparable(old_ents[k], keep_names=names_now):
                    unreadable.append(k)
        changed = [k for k in changed if k not in set(unreadable)]
    report = LoadReport(loaded.list, loaded.version, prev_version, len(new_entities), added, removed, changed,
                        list(loaded.warnings), unchanged_file=bool(last and last[0] == loaded.sha256),
                        unreadable=unreadable)
    load_id = (con.execute("SELECT coalesce(max(load_id), 0) FROM sanctions_lists").fetchone()[0] or 0) + 1
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM sanctions_entities WHERE list = ?", [loaded.list])
        con.execute("DELETE FROM sanctions_names WHERE list = ?", [loaded.list])
        ent_rows, name_rows = [], []
        for e in new_entities:
            ent_rows.append((e.entity_id, e.list, loaded.version, e.schema, e.name, e.programs, e.countries,
                             e.birth_dates, e.imo, e.imo_valid, e.mmsi, e.flag, e.vessel_type, e.call_sign,
                             hashes[e.entity_id], json.dumps(e.to_dict(), ensure_ascii=False, default=str)))
            name_rows += [(e.entity_id, e.list, n, k) for n, k in e.all_names()]
        _bulk_insert(con, "sanctions_entities", ent_rows, _ENT_COLS)
        _bulk_insert(con, "sanctions_names", name_rows, ["entity_id", "list", "name", "kind"])
        change_rows = ([(load_id, loaded.list, loaded.version, k, "added", names.get(k)) for k in added]
                       + [(load_id, loaded.list, loaded.version, k, "removed", prev[k][1]) for k in removed]
                       + [(load_id, loaded.list, loaded.version, k, "changed", names.get(k)) for k in changed]
                       + [(load_id, loaded.list, loaded.version, k, "unreadable_name", names.get(k))
                          for k in unreadable])
        _bulk_insert(con, "sanctions_changes", change_rows,
                     ["load_id", "list", "version", "entity_id", "change", "name"])
        con.execute("INSERT INTO sanctions_lists VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [load_id, loaded.list, loaded.version, now, loaded.source_path, loaded.sha256,
                     loaded.format, loaded.mode, len(new_entities), len(added), len(removed), len(changed),
                     json.dumps(loaded.warnings, ensure_ascii=False)])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return report


def list_summary(con) -> list[dict[str, Any]]:
    """What is loaded: per list, the current version, when it was loaded, from where, and counts
    by schema."""
    ensure_tables(con)
    out = []
    lists = con.execute("""
        SELECT l.list, l.version, l.loaded_at, l.source_path, l.sha256, l.n_entities, l.added, l.removed,
               l.changed, l.format
        FROM sanctions_lists l
        JOIN (SELECT list, max(load_id) AS load_id FROM sanctions_lists GROUP BY list) m USING (list, load_id)
        ORDER BY l.list""").fetchall()
    for (name, version, loaded_at, src, sha, n, a, r, c, fmt) in lists:
        by_schema = dict(con.execute("SELECT schema, count(*) FROM sanctions_entities WHERE list = ? "
                                     "GROUP BY schema ORDER BY schema", [name]).fetchall())
        n_names = con.execute("SELECT count(*) FROM sanctions_names WHERE list = ?", [name]).fetchone()[0]
        loads = con.execute("SELECT count(*) FROM sanctions_lists WHERE list = ?", [name]).fetchone()[0]
        out.append({"list": name, "version": version, "loaded_at": iso(loaded_at), "source_path": src,
                    "sha256": sha, "format": fmt, "entities": n, "names": n_names, "by_schema": by_schema,
                    "loads": loads, "last_added": a, "last_removed": r, "last_changed": c})
    return out


def lists_fingerprint(con) -> str:
    """A string that changes whenever any list changes (for re-screening decisions)."""
    if not _has_tables(con):
        return ""
    rows = con.execute("SELECT list, max(load_id) FROM sanctions_lists GROUP BY list ORDER BY list").fetchall()
    return ";".join(f"{a}:{b}" for a, b in rows)
