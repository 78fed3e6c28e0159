"""Risk, alerts and evidence case files (docs/alerts.md).

    from seasentry.alerts import evaluate, query_alerts, alert_record, act, write_case_file
    rep = evaluate(store, cfg)                       # rules -> scored alerts (lifecycle kept)
    df = query_alerts(store, status=["new"])         # ranked: vessel score, then alert score
    act(store.con, alert_id, "dismiss", note="known bunkering", user="analyst1")
    write_case_file(store, 671940511, "case.html")   # self-contained HTML evidence file
"""

from __future__ import annotations

import json
import sys
import types

from .._lazy import lazy_exports
from .lifecycle import ACTIONS, STATUSES, LifecycleError, act, ensure_tables, history, tables_exist
from .risk import vessel_score_levels, vessel_scores

__all__ = [
    "evaluate", "EvalReport", "alert_id", "resolve_rules", "load_rules", "RuleSet", "RuleError", "DEFAULT_RULES",
    "act", "history", "ensure_tables", "tables_exist", "LifecycleError", "STATUSES", "ACTIONS",
    "query_alerts", "query_alert_rows", "vessel_risk", "alert_record", "write_case_file",
]

#: imported on first use (the rules bring YAML, NumPy and polars; ``seasentry alerts`` needs none)
_LAZY = {"evaluate": "evaluate", "EvalReport": "evaluate", "alert_id": "evaluate", "resolve_rules": "evaluate",
         "load_rules": "rules", "RuleSet": "rules", "RuleError": "rules", "DEFAULT_RULES": "rules"}


class _Package(types.ModuleType):
    """``seasentry.alerts.evaluate`` is the function, as it always was, even once its module
    (also named ``evaluate``) is imported: importing a submodule sets the package's attribute of
    that name to the module, which would hide the function."""

    def __setattr__(self, name, value):
        if name == "evaluate" and isinstance(value, types.ModuleType):
            value = value.evaluate
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__getattr__ = lazy_exports(globals(), _LAZY)


def vessel_risk(store, cfg=None) -> pl.DataFrame:
    """Per-vessel score, level and breakdown from the stored alerts (dismissals taken into account)."""
    import polars as pl

    cfg = cfg or store.config
    if not tables_exist(store.con):
        return vessel_scores(pl.DataFrame(), pl.DataFrame(), cfg.alerts.red_score, cfg.alerts.amber_score)
    alerts = store.con.execute(
        "SELECT alert_id, mmsi, rule_id, rule_title, points, status, active FROM alerts").pl()
    ctx = store.con.execute("SELECT mmsi, rule_id, title, points, explanation FROM vessel_context").pl()
    return vessel_scores(alerts, ctx, cfg.alerts.red_score, cfg.alerts.amber_score)


def query_alerts(store, status=None, min_score: float | None = None, mmsi: int | None = None,
                 rule: str | None = None, include_inactive: bool = False, limit: int | None = None,
                 cfg=None) -> pl.DataFrame:
    """Alerts joined with the vessel identity and the vessel's risk, ranked: vessel score,
    then alert score, then time (the most urgent first)."""
    import polars as pl

    if not tables_exist(store.con):
        return pl.DataFrame()
    df = store.con.execute(_ALERTS_SQL).pl()
    vr = vessel_risk(store, cfg).select("mmsi", "vessel_score", "level")
    df = df.join(vr, on="mmsi", how="left").with_columns(pl.col("vessel_score").fill_null(0.0),
                                                         pl.col("level").fill_null("green"))
    if not include_inactive:
        df = df.filter(pl.col("active"))
    if status:
        st = [status] if isinstance(status, str) else list(status)
        df = df.filter(pl.col("status").is_in(st))
    if min_score is not None:
        df = df.filter(pl.col("score") >= float(min_score))
    if mmsi is not None:
        df = df.filter(pl.col("mmsi") == int(mmsi))
    if rule:
        df = df.filter(pl.col("rule_id").is_in([r.strip() for r in rule.split(",")]))
    df = df.sort(["vessel_score", "mmsi", "score", "start", "alert_id"], descending=[True, False, True, False, False],
                 nulls_last=True)
    return df.head(limit) if limit else df


_ALERTS_SQL = """SELECT a.*, v.name AS v_name, v.imo AS v_imo, v.callsign AS v_callsign,
        v.flag AS v_flag, v.ship_type AS v_ship_type FROM alerts a LEFT JOIN vessels v USING (mmsi)"""
#: the ranking of query_alerts: (column, descending); missing values last
_RANK = (("vessel_score", True), ("mmsi", False), ("score", True), ("start", False), ("alert_id", False))


def _fetch(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def query_alert_rows(store, status=None, min_score: float | None = None, mmsi: int | None = None,
                     rule: str | None = None, include_inactive: bool = False, limit: int | None = None,
                     cfg=None) -> list[dict] | None:
    """The rows of :func:`query_alerts` as dicts, in its order, computed without polars (what
    ``seasentry alerts`` prints); None when no alert was ever evaluated (no alert tables)."""
    if not tables_exist(store.con):
        return None
    cfg = cfg or store.config
    rows = _fetch(store.con, _ALERTS_SQL)
    levels = vessel_score_levels(
        _fetch(store.con, "SELECT alert_id, mmsi, rule_id, rule_title, points, status, active FROM alerts"),
        _fetch(store.con, "SELECT mmsi, rule_id, title, points, explanation FROM vessel_context"),
        cfg.alerts.red_score, cfg.alerts.amber_score)
    for r in rows:
        r["vessel_score"], r["level"] = levels.get(r["mmsi"], (0.0, "green"))
    # the filters of query_alerts; a missing value never passes one (as in polars)
    if not include_inactive:
        rows = [r for r in rows if r["active"]]
    if status:
        st = [status] if isinstance(status, str) else list(status)
        rows = [r for r in rows if r["status"] is not None and r["status"] in st]
    if min_score is not None:
        rows = [r for r in rows if r["score"] is not None and r["score"] >= float(min_score)]
    if mmsi is not None:
        rows = [r for r in rows if r["mmsi"] is not None and r["mmsi"] == int(mmsi)]
    if rule:
        rules = [x.strip() for x in rule.split(",")]
        rows = [r for r in rows if r["rule_id"] is not None and r["rule_id"] in rules]
    for col, desc in reversed(_RANK):  # stable sorts, last key first
        present = [r for r in rows if r[col] is not None]
        present.sort(key=lambda r: r[col], reverse=desc)
        rows = present + [r for r in rows if r[col] is None]
    return rows[:limit] if limit else rows


def alert_record(r: dict) -> dict:
    """One alert as the JSON contract of ``seasentry alerts --format jsonl``."""
    from ..timeutil import iso

    vessel = {k: r.get(f"v_{k}") for k in ("name", "imo", "callsign", "flag", "ship_type")}
    return {
        "alert_id": r["alert_id"], "mmsi": int(r["mmsi"]), "rule": r["rule_id"], "rule_title": r["rule_title"],
        "severity": r["severity"], "score": r["score"], "points": r["points"],
        "vessel_score": r.get("vessel_score"), "level": r.get("level"), "status": r["status"],
        "active": bool(r["active"]), "event_ids": json.loads(r["event_ids"] or "[]"),
        "event_type": r["event_type"], "other_mmsi": None if r["other_mmsi"] is None else int(r["other_mmsi"]),
        "explanation": r["explanation"], "breakdown": json.loads(r["breakdown"] or "[]"),
        "start": iso(r["start"]), "end": iso(r["end"]), "lat": r["lat"], "lon": r["lon"],
        "created": iso(r["created"]), "updated": iso(r["updated"]), "source": r["source"],
        "vessel": {k: v for k, v in vessel.items() if v is not None},
    }


def write_case_file(store, mmsi: int, out, start=None, end=None, cfg=None) -> dict:
    from .casefile import write_case_file as _w

    return _w(store, mmsi, out, start=start, end=end, cfg=cfg)
