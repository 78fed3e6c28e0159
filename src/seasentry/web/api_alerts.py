"""Alerts: list, one alert with its action history, lifecycle actions (analysts); vessel risk list."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from . import alerts_bridge as ab
from .auth import audit
from .deps import analyst, config, ctx_of, cursor, viewer
from .tx import write
from .util import MAX_OFFSET, MAX_PAGE, acached, clean, page

router = APIRouter(prefix="/api", tags=["alerts"])

STATUSES = ("new", "acknowledged", "escalated", "dismissed")
ALERT_ID = Path(..., min_length=1, max_length=128, pattern=r"^[\w.:-]+$")


@router.get("/alerts", summary="Alerts, best first, filtered by status, score, vessel and rule")
async def list_alerts(request: Request, status: str | None = Query(None, max_length=100, pattern=r"^[a-z]+(,[a-z]+)*$",
                                           description="Comma-separated: " + ", ".join(STATUSES)),
                min_score: float | None = Query(None, ge=0, le=1e6),
                mmsi: int | None = Query(None, ge=0, le=999_999_999),
                rule: str | None = Query(None, max_length=300, description="Rule id(s), comma-separated"),
                include_inactive: bool = Query(False, description="Also alerts whose evidence has gone"),
                limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    sts = [s for s in status.split(",") if s] if status else None
    if sts:
        bad = sorted(set(sts) - set(STATUSES))
        if bad:
            raise HTTPException(422, f"unknown status(es) {', '.join(bad)}: use {', '.join(STATUSES)}")

    def compute():
        total, items = ab.list_alerts(cur, cfg, sts, min_score, mmsi, rule, include_inactive, limit, offset)
        out = page(total, limit, offset, items)
        out["available"] = ab.available(cur, cfg)
        return out

    return await acached(request, compute)


@router.get("/alerts/{alert_id}", summary="One alert with its evidence and action history")
async def get_alert(request: Request, alert_id: str = ALERT_ID, p=Depends(viewer), cur=Depends(cursor),
              cfg=Depends(config)):
    def compute():
        a = ab.get_alert(cur, cfg, alert_id)
        if a is None:
            raise HTTPException(404, f"no alert {alert_id!r}")
        return a

    return await acached(request, compute)


class AlertAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["ack", "dismiss", "escalate"]
    note: str | None = Field(None, max_length=4000, description="Why (kept with who and when)")


@router.post("/alerts/{alert_id}/actions", summary="Acknowledge, dismiss or escalate an alert, with a note")
def alert_action(request: Request, body: AlertAction, alert_id: str = ALERT_ID,
                 p=Depends(analyst), cur=Depends(cursor), cfg=Depends(config)):
    ctx = ctx_of(request)
    if ab.get_alert(cur, cfg, alert_id) is None:
        raise HTTPException(404, f"no alert {alert_id!r}")

    def do(tx):
        try:
            change = ab.act(tx, alert_id, body.action, body.note, user=p.name)
        except ab.Unavailable as exc:
            raise HTTPException(501, str(exc)) from None
        except (ValueError, KeyError, LookupError) as exc:  # e.g. a transition the lifecycle forbids
            audit(tx, p, f"alert.{body.action}", alert_id, {"note": body.note, "error": str(exc)}, outcome="rejected")
            return None, str(exc)
        audit(tx, p, f"alert.{body.action}", alert_id, {"note": body.note, "from": change.get("from"),
                                                         "to": change.get("to")})
        return change, None

    change, rejected = write(ctx, cur, do)
    if rejected is not None:
        request.state.audited = True
        raise HTTPException(409, rejected)
    return {"change": clean(change), "alert": ab.get_alert(cur, cfg, alert_id)}


@router.get("/risk", summary="Vessels ranked by risk score (with level)")
async def risk_list(request: Request, level: Literal["red", "amber", "green"] | None = None,
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
              p=Depends(viewer), cur=Depends(cursor), cfg=Depends(config)):
    return await acached(request, lambda: _risk_list(cur, cfg, level, limit, offset))


def _risk_list(cur, cfg, level, limit, offset) -> dict:
    items = ab.risk_ranking(cur, cfg, level)
    part = items[offset: offset + limit]
    names = {}
    if part:
        ids = [d["mmsi"] for d in part]
        names = {r[0]: r[1:] for r in cur.execute(
            f"SELECT mmsi, name, flag, imo FROM vessels WHERE mmsi IN ({', '.join('?' for _ in ids)})", ids).fetchall()}
    for d in part:
        n = names.get(d["mmsi"], (None, None, None))
        d.update(name=n[0], flag=n[1], imo=n[2])
    return clean({**page(len(items), limit, offset, part), "available": ab.available(cur, cfg)})
