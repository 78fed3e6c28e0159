"""Who am I, stats, zones and basemap layers, screening and sanctions lists, tokens, audit log."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from datetime import datetime, timezone
from typing import Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import Response

from . import alerts_bridge as ab
from .auth import AuthError, audit, create_token, list_tokens, read_audit, revoke_token
from .deps import admin, analyst, ctx_of, cursor, viewer
from .tx import write
from .util import MAX_OFFSET, MAX_PAGE, acached, clean, page
from .zones import ZoneError, basemap_bytes, create_zones, delete_zone, user_zones_geojson

router = APIRouter(prefix="/api")


# ---------------------------------------------------------------------------------- session, stats
@router.get("/me", tags=["session"], summary="The caller's token name and role")
def me(p=Depends(viewer)):
    return p.to_dict()


#: while data arrives, the per-type breakdowns of /api/stats (a scan of every message) are
#: recomputed at most this often; the totals are always current
STATS_BREAKDOWN_MAX_AGE_S = 10.0
_stats_lock = threading.Lock()


@router.get("/stats", tags=["session"], summary="Store statistics (messages, positions, vessels, events, alerts)")
async def stats(request: Request, p=Depends(viewer), cur=Depends(cursor)):
    return await acached(request, lambda: _stats(ctx_of(request), cur))


def _stats(ctx, cur) -> dict:
    """Store.stats(); its breakdowns by message type and reject reason (scans of every message)
    are reused for up to STATS_BREAKDOWN_MAX_AGE_S seconds, with the totals read now."""
    import time

    from ..timeutil import from_epoch_us, iso

    with _stats_lock:
        now = time.monotonic()
        hit = ctx.cache.get("stats")
        if hit is None or now - hit[0] > STATS_BREAKDOWN_MAX_AGE_S:
            s = ab.StoreView(cur, None).stats()
            s.pop("db", None)
            hit = (now, s, iso(datetime.now(timezone.utc)))
            ctx.cache["stats"] = hit
            s = dict(s)
        else:
            s = dict(hit[1])
            one = lambda q: int(cur.execute(q).fetchone()[0])  # noqa: E731  (counts: from table metadata)
            # message tables through Store.count_rows: on a store in Parquet parts a count(*) of the
            # view reads every file's repeat flags (240 ms at 9M positions), the catalogue has the counts
            view = ab.StoreView(cur, None)
            rows = view.count_rows
            s.update(messages=rows("raw_messages"), positions=rows("positions"),
                     static_reports=rows("statics"), other_messages=rows("other_messages"),
                     rejects=one("SELECT count(*) FROM rejects"), events=one("SELECT count(*) FROM events"),
                     sources=one("SELECT count(*) FROM sources WHERE status = 'complete'"),
                     partial_sources=one("SELECT count(*) FROM sources WHERE status = 'partial'"))
            if not s["partial_sources"]:  # (else the vessels table lags: the breakdown's count of MMSIs stays)
                s["vessels"] = one("SELECT count(*) FROM vessels")
            # the last stored time as `seasentry stats` reads it (Store.stored_span: the tail table's
            # statistics and the catalogue), not max(ts) of the view (237 ms over 9M messages in parts)
            s["last_time"] = iso(from_epoch_us(view.stored_span()[1]))
    s["breakdown_as_of"] = hit[2]
    s["events_by_type"] = dict(cur.execute("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall())
    s["alerts_by_status"] = ab.alerts_by_status(cur)
    return s


# ---------------------------------------------------------------------------------- zones, basemap
@router.get("/geo/{layer}", tags=["zones"], summary="Shipped basemap layers as GeoJSON (Natural Earth, 12 nm)",
            responses={200: {"content": {"application/geo+json": {}}}})
def basemap(layer: Literal["countries", "land", "islands", "coastline", "territorial_seas", "ports"], p=Depends(viewer)):
    return Response(basemap_bytes(layer), media_type="application/geo+json",
                    headers={"Cache-Control": "private, max-age=86400"})


@router.get("/zones", tags=["zones"], summary="Zones: shipped territorial seas and user zones (GeoJSON)")
async def zones(request: Request, include_shipped: bool = True, p=Depends(viewer), cur=Depends(cursor)):
    import json

    def compute():
        fc = user_zones_geojson(cur)
        if include_shipped:
            ts = json.loads(basemap_bytes("territorial_seas"))
            fc["features"] = ts["features"] + fc["features"]
        return fc

    return await acached(request, compute)


@router.post("/zones", tags=["zones"], status_code=201,
             summary="Create zones from GeoJSON (Polygon/MultiPolygon features with a 'name' property)")
def create_zone(request: Request, geojson: dict = Body(..., description="GeoJSON FeatureCollection or Feature"),
                repair: bool = Query(False, description="Store the repaired form of a polygon that is not valid "
                                                        "(e.g. self-intersecting) instead of refusing it"),
                p=Depends(analyst), cur=Depends(cursor)):
    ctx = ctx_of(request)

    def do(tx):
        made = create_zones(tx, geojson, p.name, limits=ctx.config.web, repair=repair)
        audit(tx, p, "zone.create", ",".join(z["zone_id"] for z in made),
              {"names": [z["name"] for z in made], "zones": len(made),
               "vertices": sum(z["vertices"] for z in made),
               **({"repaired": [z["name"] for z in made if z.get("repaired")]} if repair else {})})
        return made

    try:
        made = write(ctx, cur, do)
    except ZoneError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    except KeyError as exc:
        raise HTTPException(409, exc.args[0]) from None
    return {"created": made}


@router.delete("/zones/{zone_id}", tags=["zones"], summary="Delete a user zone")
def remove_zone(request: Request, zone_id: str = Path(..., pattern=r"^z[0-9a-f]{12}$"),
                p=Depends(analyst), cur=Depends(cursor)):
    def do(tx):
        gone = delete_zone(tx, zone_id)
        if gone is None:
            raise HTTPException(404, f"no user zone {zone_id}")
        audit(tx, p, "zone.delete", zone_id, gone)
        return gone

    return {"deleted": write(ctx_of(request), cur, do)}


# ---------------------------------------------------------------------------------- screening
class ScreenQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=300, description="Name in any script")
    type: Literal["person", "organization", "vessel"] | None = None
    dob: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")
    country: str | None = Field(None, max_length=60)
    imo: int | None = Field(None, ge=1_000_000, le=9_999_999)
    mmsi: int | None = Field(None, ge=0, le=999_999_999)
    flag: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    limit: int = Field(10, ge=1, le=100)

    @model_validator(mode="after")
    def _something(self):
        if not ((self.name or "").strip() or self.imo or self.mmsi):
            raise ValueError("give a name, an imo or an mmsi")
        return self


_TYPES = {"person": "Person", "organization": "Organization", "vessel": "Vessel"}


def _index(request: Request, cur):
    from ..screening import ScreeningIndex
    from ..screening.store import lists_fingerprint

    ctx = ctx_of(request)
    fp = lists_fingerprint(cur)
    with ctx.cache_lock:
        hit = ctx.cache.get("screening")
        if hit is None or hit[0] != fp:
            hit = (fp, ScreeningIndex.from_connection(cur, config=ctx.config))
            ctx.cache["screening"] = hit
    return hit[1]


@router.post("/screen", tags=["screening"], summary="Screen a name, IMO or MMSI against the loaded sanctions lists")
def screen(request: Request, q: ScreenQuery, p=Depends(analyst), cur=Depends(cursor)):
    idx = _index(request, cur)
    if len(idx) == 0:
        raise HTTPException(409, "no sanctions lists loaded: run `seasentry lists load FILE...` "
                                 "or POST /api/lists (admin)")
    name = (q.name or "").strip() or None
    schema = _TYPES.get(q.type) if q.type else None
    if q.imo or q.mmsi or schema == "Vessel":
        matches = idx.screen_vessel(imo=q.imo, mmsi=q.mmsi, name=name, flag=q.flag or q.country)
    else:
        matches = idx.screen_name(name, schema=schema, dob=q.dob, country=q.country, limit=q.limit)
    query = {k: v for k, v in q.model_dump().items() if v not in (None, "") and k != "limit"}
    write(ctx_of(request), cur, lambda tx: audit(tx, p, "screen", None, {"query": query, "matches": len(matches)}))
    return clean({"query": query, "matches": matches[: q.limit]})


@router.get("/lists", tags=["screening"], summary="Loaded sanctions lists: versions, dates, counts")
async def lists(request: Request, p=Depends(viewer), cur=Depends(cursor)):
    from ..screening.store import list_summary

    return await acached(request, lambda: {"lists": list_summary(cur)})


_FILENAME = re.compile(r"^(?!\.+$)[\w.\- ]{1,120}$")


@router.post("/lists", tags=["screening"], status_code=201,
             summary="Load a sanctions list file (raw body: UN XML, OFAC CSV, FtM JSON, user CSV/YAML); "
                     "every vessel is screened again",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def load_list(request: Request,
                    filename: str = Query(..., pattern=r"^[\w.\- ]{1,120}$",
                                          description="Original file name (its extension helps sniffing)"),
                    format: Literal["auto", "un_xml", "ofac_xml", "ofac_csv", "ftm", "user"] = "auto",
                    force: bool = Query(False, description="Load even an older version, or a file that removes "
                                                           "most of the loaded entries"),
                    p=Depends(admin)):
    from starlette.concurrency import run_in_threadpool

    name = filename.strip()
    if not _FILENAME.match(name) or name.strip(". ") == "":
        raise HTTPException(422, "filename must be a file name such as consolidated.xml (letters, digits, "
                                 "'.', '_', '-', space), not a path or only dots")
    ctx = ctx_of(request)
    limit = int(ctx.config.web.max_list_upload_bytes)
    d = tempfile.mkdtemp(prefix="seasentry-list-")
    try:
        path = os.path.join(d, name)
        size = 0
        with open(path, "wb") as fh:   # spooled to disk as it arrives: an upload is never held in memory
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise HTTPException(413, f"list file larger than {limit // 2**20} MiB")
                await run_in_threadpool(fh.write, chunk)
        if size == 0:
            raise HTTPException(422, "empty body: send the list file as the request body")
        return await run_in_threadpool(_load_list_sync, request, name, format, path, d, p, force)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _scrub(text: str, tmpdir: str, filename: str) -> str:
    """A message without the server's temporary paths (the file is named as uploaded)."""
    return text.replace(os.path.join(tmpdir, filename), filename).replace(tmpdir + os.sep, "").replace(tmpdir, "")


def _load_list_sync(request: Request, filename: str, fmt: str, path: str, tmpdir: str, p, force: bool = False):
    from ..screening.loaders import load_path
    from ..screening.store import ListLoadRefused, save_list

    ctx = ctx_of(request)
    try:
        loaded = load_path(path, None if fmt == "auto" else fmt)
    except Exception as exc:  # noqa: BLE001 - any parser failure on an uploaded file is a 422
        raise HTTPException(422, _scrub(f"cannot load {filename}: {exc}", tmpdir, filename)) from None
    loaded.source_path = filename            # provenance: the file as the admin named it, not a server path
    loaded.warnings = [_scrub(w, tmpdir, filename) for w in loaded.warnings]
    cur = ctx.cursor

    def do(tx):
        try:
            rep = save_list(tx, loaded, force=force)
        except ListLoadRefused as exc:  # nothing written: an older version, or most entries gone
            reason = _scrub(str(exc), tmpdir, filename)
            audit(tx, p, "lists.load", loaded.list, {"file": filename, "refused": exc.reason, "why": reason},
                  outcome="refused")
            return None, reason
        s = rep.summary()
        audit(tx, p, "lists.load", s.get("list"), {"file": filename, **s})
        return rep, None

    rep, refused = write(ctx, cur, do)
    if refused is not None:
        request.state.audited = True
        raise HTTPException(409, f"refused: {refused} (query parameter force=true)")
    out = {**rep.summary(), "warnings": rep.warnings, "source": filename}
    # the lists changed: every vessel is screened again, as `seasentry lists load` does
    out["rescreened"] = _rescreen(ctx, cur)
    return clean(out)


def _rescreen(ctx, cur) -> dict:
    from ..engine import rescreen

    if not cur.execute("SELECT count(*) FROM vessels").fetchone()[0]:
        return {"vessels": 0, "sanctions_match_events": 0}
    try:
        n = write(ctx, cur, lambda tx: rescreen(ab.StoreView(tx, ctx.config, ctx.store.path), ctx.config))
    except HTTPException as exc:
        return {"error": str(exc.detail)}
    return {"vessels": int(cur.execute("SELECT count(*) FROM vessels").fetchone()[0]), "sanctions_match_events": n}


# ---------------------------------------------------------------------------------- tokens, audit
class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(..., min_length=1, max_length=64, pattern=r"^[\w.@ -]+$")
    role: Literal["viewer", "analyst", "admin"]


@router.get("/tokens", tags=["admin"], summary="API tokens (never the secrets)")
def tokens(p=Depends(admin), cur=Depends(cursor)):
    return {"items": clean(list_tokens(cur))}


@router.post("/tokens", tags=["admin"], status_code=201, summary="Create a token (the secret is shown once)")
def new_token(request: Request, body: TokenCreate, p=Depends(admin), cur=Depends(cursor)):
    def do(tx):
        try:
            t = create_token(tx, body.name, body.role, created_by=p.name)
        except AuthError as exc:
            raise HTTPException(422, str(exc)) from None
        audit(tx, p, "token.create", t["token_id"], {"name": t["name"], "role": t["role"]})
        return t

    return clean(write(ctx_of(request), cur, do))


@router.delete("/tokens/{token_id}", tags=["admin"], summary="Revoke a token (its open live streams end)")
def del_token(request: Request, token_id: str = Path(..., pattern=r"^[0-9a-f]{8}$"),
              p=Depends(admin), cur=Depends(cursor)):
    def do(tx):
        try:
            r = revoke_token(tx, token_id, revoked_by=p.name)
        except AuthError as exc:
            raise HTTPException(404, str(exc)) from None
        audit(tx, p, "token.revoke", token_id, r)
        return r

    ctx = ctx_of(request)
    r = write(ctx, cur, do)
    ctx.verifier.revoked(token_id)
    return r


@router.get("/audit", tags=["admin"], summary="Audit log of every write (who, what, when), newest first")
def audit_log(action: str | None = Query(None, max_length=64), user: str | None = Query(None, max_length=64),
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
              p=Depends(admin), cur=Depends(cursor)):
    total, items = read_audit(cur, limit=limit, offset=offset, action=action, user=user)
    return page(total, limit, offset, clean(items))


__all__ = ["router"]
