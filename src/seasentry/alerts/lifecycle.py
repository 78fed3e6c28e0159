"""Alert lifecycle in the store: ``new -> acknowledged -> escalated | dismissed``.

Tables (created here with CREATE TABLE IF NOT EXISTS on a Store's DuckDB connection):

``alerts``          one row per alert; ``alert_id`` = SHA-256 of (rule id, vessel MMSI, the event
                    that triggered it), so an alert is never raised twice for the same evidence:
                    re-evaluating finds the same id and keeps its status, who and when. Event ids
                    are content hashes (seasentry.engine), so a dismissal made today is still
                    there after tomorrow's re-run. An alert whose evidence disappears (a gap
                    filled by late data, a rule removed) is kept with ``active = false``.
``alert_actions``   the audit trail: every raise, status change (who, when, note), withdrawal and
                    re-activation, in order.
``vessel_context``  context indicators per vessel (rules with ``alert: false``) from the last
                    evaluation; used for vessel scores.
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime, timezone

from .._lazy import lazy

pl = lazy("polars")  # `seasentry alerts` reads the alerts without it

STATUSES = ("new", "acknowledged", "escalated", "dismissed")
ACTIONS = {"ack": "acknowledged", "acknowledge": "acknowledged", "escalate": "escalated", "dismiss": "dismissed"}
ALLOWED = {  # from -> to
    "new": {"acknowledged", "escalated", "dismissed"},
    "acknowledged": {"escalated", "dismissed"},
    "escalated": {"dismissed"},
    "dismissed": set(),
}

ALERT_COLUMNS = {
    "alert_id": "VARCHAR PRIMARY KEY", "rule_id": "VARCHAR", "rule_title": "VARCHAR", "severity": "VARCHAR",
    "mmsi": "BIGINT", "other_mmsi": "BIGINT", "event_id": "VARCHAR", "event_type": "VARCHAR",
    "event_ids": "VARCHAR", "related": "VARCHAR", "start": "TIMESTAMP", "end": "TIMESTAMP", "lat": "DOUBLE",
    "lon": "DOUBLE", "confidence": "DOUBLE", "points": "DOUBLE", "score": "DOUBLE", "breakdown": "VARCHAR",
    "explanation": "VARCHAR", "source": "VARCHAR", "status": "VARCHAR", "active": "BOOLEAN",
    "created": "TIMESTAMP", "updated": "TIMESTAMP", "evaluated": "TIMESTAMP", "rules_sha256": "VARCHAR",
}
CANDIDATE_COLUMNS = [c for c in ALERT_COLUMNS if c not in ("status", "active", "created", "updated")]


class LifecycleError(ValueError):
    pass


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def default_user() -> str:
    u = os.environ.get("SEASENTRY_USER")
    if u:
        return u
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers)
        return "unknown"


def ensure_tables(con) -> None:
    cols = ", ".join(f'"{k}" {v}' for k, v in ALERT_COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS alerts ({cols})")
    con.execute("""CREATE TABLE IF NOT EXISTS alert_actions (
        action_id BIGINT, alert_id VARCHAR, action VARCHAR, from_status VARCHAR, to_status VARCHAR,
        user_name VARCHAR, note VARCHAR, "at" TIMESTAMP)""")
    con.execute("""CREATE TABLE IF NOT EXISTS vessel_context (
        mmsi BIGINT, rule_id VARCHAR, title VARCHAR, points DOUBLE, explanation VARCHAR, evaluated TIMESTAMP)""")


def tables_exist(con) -> bool:
    n = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                    "('alerts', 'alert_actions', 'vessel_context')").fetchone()[0]
    return n == 3


def _log(con, rows: list[tuple]) -> None:
    if not rows:
        return
    start = con.execute("SELECT coalesce(max(action_id), 0) FROM alert_actions").fetchone()[0]
    con.executemany("INSERT INTO alert_actions VALUES (?,?,?,?,?,?,?,?)",
                    [(start + i + 1, *r) for i, r in enumerate(rows)])


def sync(con, candidates: pl.DataFrame, context: pl.DataFrame, when: datetime | None = None) -> dict[str, int]:
    """Merge freshly evaluated alerts into the store, keeping every existing status.

    Returns counts: new, kept (already known: status unchanged), reactivated, withdrawn.
    """
    ensure_tables(con)
    when = when or now_utc()
    cand = candidates.select(CANDIDATE_COLUMNS).unique(subset=["alert_id"], keep="first", maintain_order=True)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("c_alerts", cand.to_arrow())
        existing = dict(con.execute("SELECT alert_id, active FROM alerts").fetchall())
        ids = cand["alert_id"].to_list()
        new_ids = [i for i in ids if i not in existing]
        react = [i for i in ids if i in existing and not existing[i]]
        withdrawn = [i for i, a in existing.items() if a and i not in set(ids)]
        sets = ", ".join(f'"{c}" = c."{c}"' for c in CANDIDATE_COLUMNS if c != "alert_id")
        con.execute(f"UPDATE alerts SET {sets}, active = true FROM c_alerts c WHERE alerts.alert_id = c.alert_id")
        cols = ", ".join(f'"{c}"' for c in CANDIDATE_COLUMNS)
        con.execute(f"""INSERT INTO alerts ({cols}, status, active, created, updated)
            SELECT {', '.join(f'c."{c}"' for c in CANDIDATE_COLUMNS)}, 'new', true, ?, ?
            FROM c_alerts c ANTI JOIN alerts a ON a.alert_id = c.alert_id""", [when, when])
        if withdrawn:
            con.execute("UPDATE alerts SET active = false WHERE alert_id IN (SELECT unnest(?))", [withdrawn])
        con.unregister("c_alerts")
        status = dict(con.execute("SELECT alert_id, status FROM alerts").fetchall())
        _log(con, [(i, "raised", None, "new", "seasentry", None, when) for i in new_ids]
             + [(i, "reactivated", status[i], status[i], "seasentry", "evidence present again", when) for i in react]
             + [(i, "withdrawn", status[i], status[i], "seasentry", "evidence no longer present", when)
                for i in withdrawn])
        con.execute("DELETE FROM vessel_context")
        if context.height:
            con.register("c_ctx", context.select("mmsi", "rule_id", "title", "points", "explanation").to_arrow())
            con.execute("INSERT INTO vessel_context SELECT mmsi, rule_id, title, points, explanation, ? FROM c_ctx",
                        [when])
            con.unregister("c_ctx")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"new": len(new_ids), "kept": len(ids) - len(new_ids) - len(react), "reactivated": len(react),
            "withdrawn": len(withdrawn)}


def act(con, alert_id: str, action: str, note: str | None = None, user: str | None = None,
        when: datetime | None = None) -> dict:
    """Change an alert's status (ack | escalate | dismiss) with who, when and a note.

    ``alert_id`` may be a unique prefix. Raises LifecycleError for an unknown id or a transition
    the lifecycle does not allow (e.g. acknowledging a dismissed alert)."""
    ensure_tables(con)
    to = ACTIONS.get(action)
    if to is None:
        raise LifecycleError(f"unknown action {action!r}; use one of {sorted(ACTIONS)}")
    rows = con.execute("SELECT alert_id, status FROM alerts WHERE alert_id LIKE ? || '%'", [alert_id]).fetchall()
    if not rows:
        raise LifecycleError(f"no alert {alert_id!r}: list them with `seasentry alerts`")
    if len(rows) > 1:
        raise LifecycleError(f"alert id prefix {alert_id!r} is ambiguous ({len(rows)} alerts)")
    aid, frm = rows[0]
    if to not in ALLOWED.get(frm, set()):
        raise LifecycleError(f"alert {aid} is {frm}: cannot {action} it (allowed from {frm}: "
                             f"{sorted(ALLOWED.get(frm, set())) or 'nothing'})")
    when = when or now_utc()
    user = user or default_user()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE alerts SET status = ?, updated = ? WHERE alert_id = ?", [to, when, aid])
        _log(con, [(aid, action if action != "acknowledge" else "ack", frm, to, user, note, when)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"alert_id": aid, "from": frm, "to": to, "user": user, "note": note, "at": when}


def history(con, alert_ids: list[str] | None = None) -> pl.DataFrame:
    if not tables_exist(con):
        return pl.DataFrame()
    if alert_ids is None:
        return con.execute("SELECT * FROM alert_actions ORDER BY action_id").pl()
    return con.execute("SELECT * FROM alert_actions WHERE alert_id IN (SELECT unnest(?)) ORDER BY action_id",
                       [list(alert_ids)]).pl()
