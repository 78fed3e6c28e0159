"""The web API's view of alerts, risk and case files (:mod:`seasentry.alerts`, issue 5).

Calls the alerts stage's own functions (``query_alerts``, ``alert_record``, ``vessel_risk``,
``act``, ``history``, ``write_case_file``) on the request's cursor, so the API returns exactly
the records of ``seasentry alerts --format jsonl``. Per-vessel risk and the ranked alerts
(``query_alerts``, every alert with its vessel and risk) are computed once and kept until the
store changes (its generation, :mod:`seasentry.web.cache`; for the risk table also a
fingerprint of the ``alerts`` / ``vessel_context`` tables), so a request filters and pages a
kept frame instead of ranking every alert again. When the
alerts stage has not run on a store (no tables) everything answers "not available" (empty
lists, ``None`` risk) so the map and the rest of the API keep working; when the module itself is
missing, actions and case files raise :class:`Unavailable` (HTTP 501).
"""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..store import Store
from .util import clean

ACTIONS = ("ack", "dismiss", "escalate")
_risk_cache: dict[str, Any] = {}
_risk_lock = threading.Lock()
_alerts_cache: dict[str, Any] = {}
_alerts_lock = threading.Lock()
#: store generation functions (seasentry.web.cache.StoreGeneration) by id of the app's Config
_generations: dict[int, Any] = {}


def register_generation(cfg, gen) -> None:
    """The app whose configuration is ``cfg`` reads a store whose generation ``gen`` tells."""
    _generations[id(cfg)] = gen


def _gen(cfg=None):
    g = _generations.get(id(cfg))
    return g() if g is not None else None


class Unavailable(RuntimeError):
    """The alerts stage is missing (module or function)."""


class StoreView:
    """What the alerts functions use of a Store (``con``, ``config``, ``path`` and its query
    methods), on the request's cursor instead of the server's shared connection."""

    _time = staticmethod(Store._time)

    def __init__(self, con, config, path: str | Path = "seasentry.duckdb") -> None:
        self.con = con
        self.config = config
        self.path = Path(path)

    @property
    def layout(self):
        """The store's layout (message tables in DuckDB, or Parquet parts: ``count_rows``)."""
        if "_layout" not in self.__dict__:
            from ..parts import read_layout

            self.__dict__["_layout"] = read_layout(self.con, self.path)
        return self.__dict__["_layout"]

    def __getattr__(self, name):  # Store's query methods (positions, statics, identities ...), bound here
        fn = getattr(Store, name)
        return fn.__get__(self, Store) if callable(fn) else fn


def _mod():
    try:
        from .. import alerts
    except ImportError:
        return None
    return alerts


ALERT_TABLES = ("alerts", "alert_actions", "vessel_context")


def memo(cfg, name: str, compute):
    """``compute()`` kept while the store of the app whose configuration is ``cfg`` is unchanged
    (StoreGeneration.memo); computed every time when its generation is unknown."""
    g = _generations.get(id(cfg))
    return g.memo(name, compute) if g is not None else compute()


def tables(cur, cfg) -> frozenset:
    """(schema, name) of the store's tables and views, read once per store generation
    (seasentry.web.cache.store_tables)."""
    from .cache import store_tables

    return store_tables(cur, _generations.get(id(cfg)))


def has_table(cur, cfg, name: str) -> bool:
    """Whether the store has the table (or view) ``name`` in its main schema."""
    return ("main", name) in tables(cur, cfg)


def available(cur, cfg=None) -> bool:
    """Whether the alerts stage is installed and has run on the store (its tables exist);
    with ``cfg``, the tables are looked up once per store generation."""
    m = _mod()
    if m is None:
        return False
    if cfg is not None:
        names = {n for _, n in tables(cur, cfg)}
        return all(t in names for t in ALERT_TABLES)
    return bool(m.tables_exist(cur))


# ------------------------------------------------------------------------------------------ risk
def _fingerprint(cur) -> tuple:
    a = cur.execute("SELECT count(*), coalesce(bit_xor(hash(alert_id, status, active, points, score, start, \"end\", "
                    "updated, explanation, event_ids)), 0) FROM alerts").fetchone()
    c = cur.execute("SELECT count(*), coalesce(bit_xor(hash(CAST(mmsi AS VARCHAR) || rule_id || "
                    "CAST(points AS VARCHAR))), 0) FROM vessel_context").fetchone()
    return tuple(a) + tuple(c)


def _risk_table(cur, cfg) -> dict[int, dict[str, Any]]:
    """{mmsi: {"score", "level", "breakdown", "n_alerts"}} for every vessel with a score."""
    key = str(id(cfg))
    gen = _gen(cfg)
    with _risk_lock:
        hit = _risk_cache.get(key)
        if hit is not None and gen is not None and hit[2] == gen:
            return hit[1]
    if not available(cur, cfg):
        return {}
    fp = _fingerprint(cur)
    with _risk_lock:
        hit = _risk_cache.get(key)
        if hit is not None and hit[0] == fp:
            _risk_cache[key] = (fp, hit[1], gen)
            return hit[1]
        df = _mod().vessel_risk(StoreView(cur, cfg), cfg)
        out = {}
        for r in df.iter_rows(named=True):
            out[int(r["mmsi"])] = {"score": clean(r.get("vessel_score")), "level": r.get("level"),
                                   "breakdown": r.get("breakdown"), "n_alerts": r.get("n_alerts")}
        _risk_cache.clear()
        _risk_cache[key] = (fp, out, gen)
    return out


def risk_scores(cur, cfg, mmsis: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """{mmsi: {"score", "level"}} for the given vessels (all when None)."""
    tab = _risk_table(cur, cfg)
    keys = tab.keys() if mmsis is None else [int(m) for m in mmsis if int(m) in tab]
    return {m: {"score": tab[m]["score"], "level": tab[m]["level"]} for m in keys}


def vessel_risk(cur, cfg, mmsi: int) -> dict[str, Any] | None:
    """Score, level and breakdown ("why is this vessel red?"), or None when nothing scores."""
    r = _risk_table(cur, cfg).get(int(mmsi))
    if r is None:
        return None
    bd = r["breakdown"]
    if isinstance(bd, str):
        try:
            bd = json.loads(bd)
        except ValueError:
            pass
    return clean({"mmsi": int(mmsi), "score": r["score"], "level": r["level"], "n_alerts": r["n_alerts"],
                  "breakdown": bd})


def risk_ranking(cur, cfg, level: str | None = None) -> list[dict[str, Any]]:
    tab = _risk_table(cur, cfg)
    items = [{"mmsi": m, "score": v["score"], "level": v["level"], "n_alerts": v["n_alerts"]}
             for m, v in tab.items() if level is None or v["level"] == level]
    items.sort(key=lambda d: (-(d["score"] or 0), d["mmsi"]))
    return items


# ------------------------------------------------------------------------------------------ alerts
def _vessels_fingerprint(cur) -> tuple:
    return tuple(cur.execute("SELECT count(*), coalesce(bit_xor(hash(mmsi, name, imo, callsign, flag, ship_type)), 0) "
                             "FROM vessels").fetchone())


def _alerts_frame(cur, cfg):
    """Every alert (active or not) with its vessel and risk, ranked as ``query_alerts`` ranks
    them; kept while the store's generation is unchanged, and while the alerts, the vessel
    context and the vessels' identities are unchanged (a live feed changes the store every
    second, rarely the alerts); one computation at a time."""
    key = str(id(cfg))
    gen = _gen(cfg)
    with _alerts_lock:
        hit = _alerts_cache.get(key)
        if hit is not None and gen is not None and hit[0] == gen:
            return hit[2]
        fp = _fingerprint(cur) + _vessels_fingerprint(cur)
        if hit is not None and hit[1] == fp:
            _alerts_cache[key] = (gen, fp, hit[2])
            return hit[2]
        df = _mod().query_alerts(StoreView(cur, cfg), include_inactive=True, cfg=cfg)
        _alerts_cache.clear()
        _alerts_cache[key] = (gen, fp, df)
    return df


def list_alerts(cur, cfg, status: list[str] | None = None, min_score: float | None = None,
                mmsi: int | None = None, rule: str | None = None, include_inactive: bool = False,
                limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    """The filters of ``query_alerts`` applied to the kept frame (same rows, same order)."""
    import polars as pl

    if not available(cur, cfg):
        return 0, []
    m = _mod()
    df = _alerts_frame(cur, cfg)
    if df.height:
        if not include_inactive:
            df = df.filter(pl.col("active"))
        if status:
            df = df.filter(pl.col("status").is_in([status] if isinstance(status, str) else list(status)))
        if min_score is not None:
            df = df.filter(pl.col("score") >= float(min_score))
        if mmsi is not None:
            df = df.filter(pl.col("mmsi") == int(mmsi))
        if rule:
            df = df.filter(pl.col("rule_id").is_in([r.strip() for r in rule.split(",")]))
    total = df.height
    part = df.slice(offset, limit) if total else df
    return total, [clean(m.alert_record(r)) for r in part.iter_rows(named=True)]


def get_alert(cur, cfg, alert_id: str) -> dict | None:
    if not available(cur, cfg):
        return None
    m = _mod()
    df = _alerts_frame(cur, cfg)
    if df.height == 0:
        return None
    import polars as pl

    df = df.filter(pl.col("alert_id") == alert_id)
    if df.height == 0:
        return None
    rec = clean(m.alert_record(df.row(0, named=True)))
    h = m.history(cur, [alert_id])
    rec["actions"] = clean(h.to_dicts()) if h.height else []
    return rec


def alerts_by_status(cur) -> dict[str, int]:
    if not available(cur):
        return {}
    return {str(s): int(n) for s, n in
            cur.execute("SELECT status, count(*) FROM alerts WHERE active GROUP BY 1 ORDER BY 1").fetchall()}


def act(cur, alert_id: str, action: str, note: str | None, user: str) -> dict:
    """Apply a lifecycle action (raises ValueError/LifecycleError for a forbidden transition)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    m = _mod()
    if m is None or not hasattr(m, "act"):
        raise Unavailable("the alerts module (seasentry.alerts) is not installed")
    return m.act(cur, alert_id, action, note=note, user=user)


def case_html(cur, cfg, mmsi: int, start=None, end=None, store_path: str | Path = "seasentry.duckdb") -> str:
    """The vessel's case file as one self-contained HTML document."""
    m = _mod()
    if m is None:
        raise Unavailable("the alerts module (case files) is not installed")
    try:
        from ..alerts import casefile  # noqa: F401
    except ImportError:
        raise Unavailable("case files (seasentry.alerts.casefile) are not installed") from None
    with tempfile.TemporaryDirectory(prefix="seasentry-case-") as d:
        out = Path(d) / f"case_{int(mmsi)}.html"
        m.write_case_file(StoreView(cur, cfg, store_path), int(mmsi), out, start=start, end=end, cfg=cfg)
        return out.read_text(encoding="utf-8")
