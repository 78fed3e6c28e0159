"""The screening index kept in the store, reused until the lists change.

Building a :class:`~seasentry.screening.index.ScreeningIndex` from the loaded lists takes seconds
(every name of every entity normalised, transliterated and keyed); every ``seasentry screen``, run
and report match used to pay it. The index is plain Python and NumPy (picklable), so it is kept
pickled in the store's ``screening_index`` table under a key made of

* the lists' content: a digest of every stored entity row (list, version and data), and which
  lists the caller asked for;
* the settings the index takes (the ``screening`` section of the configuration);
* the screening code and its shipped data (a digest of ``seasentry/screening/*.py`` and
  ``data/screening``), so an upgrade rebuilds it.

Loading a list (``seasentry lists load``) builds and keeps it at once. A read-only connection
uses a kept index when the key matches and otherwise builds one without keeping it.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

TABLE = "screening_index"
_CODE: str | None = None


def _code_digest() -> str:
    global _CODE
    if _CODE is None:
        root = Path(__file__).resolve().parent
        h = hashlib.sha256()
        for f in sorted(root.glob("*.py")):
            h.update(f.name.encode())
            h.update(f.read_bytes())
        data = root.parent / "data" / "screening"
        if data.exists():
            for f in sorted(data.rglob("*")):
                if f.is_file():
                    st = f.stat()
                    h.update(f"{f.relative_to(data)}:{st.st_size}:{int(st.st_mtime)}".encode())
        _CODE = h.hexdigest()
    return _CODE


def index_key(con, config=None, lists: list[str] | None = None) -> str | None:
    """The key of the index the lists stored on ``con`` give; None when no list is loaded."""
    from .store import _has_tables

    if not _has_tables(con):
        return None
    n, digest = con.execute("SELECT count(*), md5(string_agg(md5(list || '|' || list_version || '|' || data), ',' "
                            "ORDER BY list, entity_id)) FROM sanctions_entities").fetchone()
    if not n:
        return None
    sc = getattr(config, "screening", None)
    settings = json.dumps(getattr(sc, "__dict__", {}) or {}, sort_keys=True, default=str)
    return hashlib.sha256("|".join([_code_digest(), digest, settings, json.dumps(sorted(lists or []))]).encode()
                          ).hexdigest()


def _kept(con, key: str):
    """The index kept under ``key``, or None (none kept, another key, an unreadable copy)."""
    if _has_table(con):
        row = con.execute(f"SELECT data FROM {TABLE} WHERE key = ?", [key]).fetchone()
        if row is not None:
            try:
                return pickle.loads(row[0])
            except Exception:  # noqa: BLE001 - an unreadable copy is rebuilt
                pass
    return None


def kept_index(con, config=None, lists: list[str] | None = None):
    """The kept index of the lists stored on ``con`` when it is up to date, else None (nothing
    is built): a read-only connection can answer ``seasentry screen`` with it."""
    key = index_key(con, config, lists)
    return None if key is None else _kept(con, key)


def load_index(con, config=None, lists: list[str] | None = None, keep: bool = True):
    """The screening index of the lists stored on ``con``: the kept one when its key matches,
    else built (:meth:`ScreeningIndex.from_connection`) and, with ``keep`` on a connection that
    can write, kept for the next caller. Returns None when no list is loaded."""
    from .index import ScreeningIndex

    key = index_key(con, config, lists)
    if key is None:
        return None
    idx = _kept(con, key)
    if idx is not None:
        return idx
    idx = ScreeningIndex.from_connection(con, lists=lists, config=config)
    if keep:
        save_index(con, key, idx)
    return idx


def save_index(con, key: str, idx) -> bool:
    """Keep ``idx`` under ``key`` (replacing any other); False when the connection cannot write."""
    import duckdb

    blob = pickle.dumps(idx, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.Error:
        return False
    try:
        con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key VARCHAR, created TIMESTAMP, data BLOB)")
        con.execute(f"DELETE FROM {TABLE}")
        con.execute(f"INSERT INTO {TABLE} VALUES (?, now()::TIMESTAMP, ?)", [key, blob])
        con.execute("COMMIT")
        return True
    except duckdb.Error:  # read-only store
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        return False


def _has_table(con) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                            [TABLE]).fetchone()[0])
