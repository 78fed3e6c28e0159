"""Alerts: list, one alert with its action history, lifecycle actions (analysts); vessel risk list."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from . import alerts_bridge as ab
from .auth import audit
from .deps import analyst, ctx_of, cursor, viewer
from .util import MAX_OFFSET, MAX_PAGE, clean, page, rows, table_exists

router = APIRouter(prefix="/api", tags=["alerts"])

STATUSES = ("new", "acknowledged", "escalated", "dismissed")
ALERT_ID = Path(..., min_length=1, max_length=128, pattern=r"^[\w.:-]+$")


@router.get("/alerts", summary="Alerts, best first, filtered by status, score, vessel and rule")
def list_alerts(status: str | None = Query(None, max_length=100, pattern=r"^[a-z]+(,[a-z]+)*$",
                                           description="Comma-separated: " + ", ".join(STATUSES)),
                min_score: float | None = Query(None, ge=0, le=1e6),
                mmsi: int | None = Query(None, ge=0, le=999_999_999),
                rule: str | None = Query(None, max_length=100),
                limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                p=Depends(viewer), cur=Depends(cursor)):
    sts = [s for s in status.split(",") if s] if status else None
    if sts:
        bad = sorted(set(sts) - set(STATUSES))
        if bad:
            raise HTTPException(422, f"unknown status(es) {', '.join(bad)}: use {', '.join(STATUSES)}")
    total, items = ab.list_alerts(cur, sts, min_score, mmsi, rule, limit, offset)
    out = page(total, limit, offset, items)
    out["available"] = ab.available(cur)
    return out


@router.get("/alerts/{alert_id}", summary="One alert with its evidence and action history")
def get_alert(alert_id: str = ALERT_ID, p=Depends(viewer), cur=Depends(cursor)):
    a = ab.get_alert(cur, alert_id)
    if a is None:
        raise HTTPException(404, f"no alert {alert_id!r}")
    return a


class AlertAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["ack", "dismiss", "escalate"]
    note: str | None = Field(None, max_length=4000, description="Why (kept with who and when)")


@router.post("/alerts/{alert_id}/actions", summary="Acknowledge, dismiss or escalate an alert, with a note")
def alert_action(request: Request, body: AlertAction, alert_id: str = ALERT_ID,
                 p=Depends(analyst), cur=Depends(cursor)):
    ctx = ctx_of(request)
    if ab.get_alert(cur, alert_id) is None:
        raise HTTPException(404, f"no alert {alert_id!r}")
    with ctx.write_lock:
        try:
            updated = ab.act(cur, alert_id, body.action, body.note, user=p.name)
        except ab.Unavailable as exc:
            raise HTTPException(501, str(exc)) from None
        except (ValueError, KeyError, LookupError) as exc:  # e.g. a transition the lifecycle forbids
            audit(cur, p, f"alert.{body.action}", alert_id, {"note": body.note, "error": str(exc)}, outcome="rejected")
            raise HTTPException(409, str(exc)) from None
        audit(cur, p, f"alert.{body.action}", alert_id, {"note": body.note,
                                                          "status": (updated or {}).get("status")})
    return updated


@router.get("/risk", summary="Vessels ranked by risk score (with level)")
def risk_list(level: Literal["red", "amber", "green"] | None = None,
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
              p=Depends(viewer), cur=Depends(cursor)):
    if not table_exists(cur, "vessel_risk"):
        return {**page(0, limit, offset, []), "available": False}
    cols = [r[0] for r in cur.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'vessel_risk'").fetchall()]
    score = "vessel_score" if "vessel_score" in cols else "score"
    cond, args = "", []
    if level:
        cond, args = " WHERE r.level = ?", [level]
    total = cur.execute(f"SELECT count(*) FROM vessel_risk r{cond}", args).fetchone()[0]
    items = rows(cur, f"SELECT r.mmsi, r.{score} AS score, r.level, v.name, v.flag, v.imo FROM vessel_risk r "
                      f"LEFT JOIN vessels v USING (mmsi){cond} ORDER BY r.{score} DESC, r.mmsi LIMIT ? OFFSET ?",
                 args + [limit, offset])
    return clean({**page(total, limit, offset, items), "available": True})
