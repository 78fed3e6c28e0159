"""The web API's view of alerts, risk and case files (``seasentry.alerts``, issue 5).

Reads the ``alerts``, ``alert_actions`` and ``vessel_risk`` tables that the alerts stage writes
and calls its lifecycle and case-file functions. Every function degrades to "not available"
(empty results, or :class:`Unavailable` for actions) when the alerts stage has not run on this
store, so the map and the rest of the API keep working.
"""

from __future__ import annotations

import json
from typing import Any

from .util import clean, table_exists

ACTIONS = ("ack", "dismiss", "escalate")


class Unavailable(RuntimeError):
    """The alerts stage is missing (module or tables)."""


def _columns(cur, table: str) -> list[str]:
    return [r[0] for r in cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                      "ORDER BY ordinal_position", [table]).fetchall()]


def available(cur) -> bool:
    return table_exists(cur, "alerts")


def _json(v):
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


# ------------------------------------------------------------------------------------------ risk
def risk_scores(cur, mmsis: list[int] | None) -> dict[int, dict[str, Any]]:
    """{mmsi: {"score", "level"}} for the given vessels (all when None)."""
    if not table_exists(cur, "vessel_risk"):
        return {}
    cols = _columns(cur, "vessel_risk")
    score = "vessel_score" if "vessel_score" in cols else "score"
    sql = f"SELECT mmsi, {score}, level FROM vessel_risk"
    args: list = []
    if mmsis is not None:
        if not mmsis:
            return {}
        sql += f" WHERE mmsi IN ({', '.join('?' for _ in mmsis)})"
        args = [int(m) for m in mmsis]
    return {int(m): {"score": clean(s), "level": lv} for m, s, lv in cur.execute(sql, args).fetchall()}


def vessel_risk(cur, mmsi: int) -> dict[str, Any] | None:
    """Score, level and breakdown ("why is this vessel red?"), or None."""
    if not table_exists(cur, "vessel_risk"):
        return None
    res = cur.execute("SELECT * FROM vessel_risk WHERE mmsi = ?", [int(mmsi)])
    cols = [d[0] for d in res.description]
    r = res.fetchone()
    if r is None:
        return None
    d = dict(zip(cols, r))
    d["breakdown"] = _json(d.get("breakdown"))
    if "vessel_score" in d and "score" not in d:
        d["score"] = d["vessel_score"]
    return clean(d)


# ------------------------------------------------------------------------------------------ alerts
def _alert_row(d: dict) -> dict:
    for k in ("event_ids", "explanation", "breakdown"):
        if k in d:
            d[k] = _json(d[k])
    return clean(d)


def list_alerts(cur, status: list[str] | None = None, min_score: float | None = None, mmsi: int | None = None,
                rule: str | None = None, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    if not available(cur):
        return 0, []
    cond, args = [], []
    if status:
        cond.append(f"status IN ({', '.join('?' for _ in status)})")
        args += status
    if min_score is not None:
        cond.append("score >= ?")
        args.append(min_score)
    if mmsi is not None:
        cond.append("mmsi = ?")
        args.append(int(mmsi))
    if rule:
        cond.append("rule = ?")
        args.append(rule)
    where = (" WHERE " + " AND ".join(cond)) if cond else ""
    total = cur.execute(f"SELECT count(*) FROM alerts{where}", args).fetchone()[0]
    res = cur.execute(f"SELECT a.*, v.name AS vessel_name, v.flag AS vessel_flag FROM alerts a "
                      f"LEFT JOIN vessels v USING (mmsi){where} "
                      f"ORDER BY score DESC, created DESC, alert_id LIMIT ? OFFSET ?", args + [limit, offset])
    cols = [d[0] for d in res.description]
    return int(total), [_alert_row(dict(zip(cols, r))) for r in res.fetchall()]


def get_alert(cur, alert_id: str) -> dict | None:
    if not available(cur):
        return None
    res = cur.execute("SELECT a.*, v.name AS vessel_name, v.flag AS vessel_flag FROM alerts a "
                      "LEFT JOIN vessels v USING (mmsi) WHERE CAST(alert_id AS VARCHAR) = ?", [str(alert_id)])
    cols = [d[0] for d in res.description]
    r = res.fetchone()
    if r is None:
        return None
    d = _alert_row(dict(zip(cols, r)))
    if table_exists(cur, "alert_actions"):
        res = cur.execute("SELECT * FROM alert_actions WHERE CAST(alert_id AS VARCHAR) = ?", [str(alert_id)])
        acols = [c[0] for c in res.description]
        acts = [clean(dict(zip(acols, a))) for a in res.fetchall()]
        key = next((k for k in ("ts", "at", "created", "time") if k in acols), None)
        if key:
            acts.sort(key=lambda a: str(a.get(key)))
        d["actions"] = acts
    return d


def alerts_summary(cur, mmsi: int) -> list[dict]:
    """The vessel's alerts (best first), for the vessel panel."""
    return list_alerts(cur, mmsi=mmsi, limit=100)[1]


def alerts_by_status(cur) -> dict[str, int]:
    if not available(cur):
        return {}
    return {str(s): int(n) for s, n in cur.execute("SELECT status, count(*) FROM alerts GROUP BY 1").fetchall()}


def act(con, alert_id: str, action: str, note: str | None, user: str) -> dict:
    """Apply a lifecycle action through the alerts stage; returns the updated alert."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    try:
        from .. import alerts as mod
    except ImportError:
        raise Unavailable("the alerts module is not installed") from None
    fn = getattr(mod, "apply_action", None) or getattr(mod, "act", None)
    if fn is None:
        raise Unavailable("seasentry.alerts has no apply_action()")
    fn(con, alert_id, action, note=note, user=user)
    return get_alert(con, alert_id)


def case_html(cur, mmsi: int, start=None, end=None) -> str:
    try:
        from .. import alerts as mod
    except ImportError:
        raise Unavailable("the alerts module (case files) is not installed") from None
    fn = getattr(mod, "case_html", None)
    if fn is None:
        raise Unavailable("seasentry.alerts has no case_html()")
    return fn(cur, mmsi, start=start, end=end)
