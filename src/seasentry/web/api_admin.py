"""Who am I, stats, zones and basemap layers, screening and sanctions lists, tokens, audit log."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path as FsPath
from typing import Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import Response

from . import alerts_bridge as ab
from .auth import AuthError, audit, create_token, list_tokens, read_audit, revoke_token
from .deps import admin, analyst, ctx_of, cursor, viewer
from .util import MAX_LIST_UPLOAD_BYTES, MAX_OFFSET, MAX_PAGE, clean, page
from .zones import ZoneError, basemap_bytes, create_zones, delete_zone, user_zones_geojson

router = APIRouter(prefix="/api")


# ---------------------------------------------------------------------------------- session, stats
@router.get("/me", tags=["session"], summary="The caller's token name and role")
def me(p=Depends(viewer)):
    return p.to_dict()


@router.get("/stats", tags=["session"], summary="Store statistics (messages, positions, vessels, events, alerts)")
def stats(p=Depends(viewer), cur=Depends(cursor)):
    s = ab.StoreView(cur, None).stats()
    s.pop("db", None)
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
def zones(include_shipped: bool = True, p=Depends(viewer), cur=Depends(cursor)):
    import json

    fc = user_zones_geojson(cur)
    if include_shipped:
        ts = json.loads(basemap_bytes("territorial_seas"))
        fc["features"] = ts["features"] + fc["features"]
    return fc


@router.post("/zones", tags=["zones"], status_code=201,
             summary="Create zones from GeoJSON (Polygon/MultiPolygon features with a 'name' property)")
def create_zone(request: Request, geojson: dict = Body(..., description="GeoJSON FeatureCollection or Feature"),
                p=Depends(analyst), cur=Depends(cursor)):
    ctx = ctx_of(request)
    with ctx.write_lock:
        try:
            made = create_zones(cur, geojson, p.name)
        except ZoneError as exc:
            raise HTTPException(422, str(exc)) from None
        except KeyError as exc:
            raise HTTPException(409, exc.args[0]) from None
        audit(cur, p, "zone.create", ",".join(z["zone_id"] for z in made), {"names": [z["name"] for z in made]})
    return {"created": made}


@router.delete("/zones/{zone_id}", tags=["zones"], summary="Delete a user zone")
def remove_zone(request: Request, zone_id: str = Path(..., pattern=r"^z[0-9a-f]{12}$"),
                p=Depends(analyst), cur=Depends(cursor)):
    with ctx_of(request).write_lock:
        gone = delete_zone(cur, zone_id)
        if gone is None:
            raise HTTPException(404, f"no user zone {zone_id}")
        audit(cur, p, "zone.delete", zone_id, gone)
    return {"deleted": gone}


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
    with ctx_of(request).write_lock:
        audit(cur, p, "screen", None, {"query": query, "matches": len(matches)})
    return clean({"query": query, "matches": matches[: q.limit]})


@router.get("/lists", tags=["screening"], summary="Loaded sanctions lists: versions, dates, counts")
def lists(p=Depends(viewer), cur=Depends(cursor)):
    from ..screening.store import list_summary

    return {"lists": list_summary(cur)}


@router.post("/lists", tags=["screening"], status_code=201,
             summary="Load a sanctions list file (raw body: UN XML, OFAC CSV, FtM JSON, user CSV/YAML)",
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

    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_LIST_UPLOAD_BYTES:
            raise HTTPException(413, f"list file larger than {MAX_LIST_UPLOAD_BYTES // 2**20} MiB")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise HTTPException(422, "empty body: send the list file as the request body")
    return await run_in_threadpool(_load_list_sync, request, FsPath(filename).name, format, data, p, force)


def _load_list_sync(request: Request, filename: str, fmt: str, data: bytes, p, force: bool = False):
    from ..screening.loaders import load_path
    from ..screening.store import ListLoadRefused, save_list

    ctx = ctx_of(request)
    with tempfile.TemporaryDirectory(prefix="seasentry-list-") as d:
        path = os.path.join(d, filename)
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            loaded = load_path(path, None if fmt == "auto" else fmt)
        except Exception as exc:  # noqa: BLE001 - any parser failure on an uploaded file is a 422
            raise HTTPException(422, f"cannot load {filename}: {type(exc).__name__}: {exc}") from None
        cur = ctx.store.con.cursor()
        try:
            with ctx.write_lock:
                try:
                    rep = save_list(cur, loaded, force=force)
                except ListLoadRefused as exc:  # nothing written: an older version, or most entries gone
                    audit(cur, p, "lists.load", loaded.list, {"file": filename, "refused": exc.reason}, outcome="refused")
                    raise HTTPException(409, f"refused: {exc} (query parameter force=true)") from None
                s = rep.summary()
                audit(cur, p, "lists.load", s.get("list"), {"file": filename, **s})
        finally:
            cur.close()
    return clean({**s, "warnings": rep.warnings})


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
    with ctx_of(request).write_lock:
        try:
            t = create_token(cur, body.name, body.role, created_by=p.name)
        except AuthError as exc:
            raise HTTPException(422, str(exc)) from None
        audit(cur, p, "token.create", t["token_id"], {"name": t["name"], "role": t["role"]})
    return clean(t)


@router.delete("/tokens/{token_id}", tags=["admin"], summary="Revoke a token")
def del_token(request: Request, token_id: str = Path(..., pattern=r"^[0-9a-f]{8}$"),
              p=Depends(admin), cur=Depends(cursor)):
    with ctx_of(request).write_lock:
        try:
            r = revoke_token(cur, token_id, revoked_by=p.name)
        except AuthError as exc:
            raise HTTPException(404, str(exc)) from None
        audit(cur, p, "token.revoke", token_id, r)
    return r


@router.get("/audit", tags=["admin"], summary="Audit log of every write (who, what, when), newest first")
def audit_log(action: str | None = Query(None, max_length=64), user: str | None = Query(None, max_length=64),
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
              p=Depends(admin), cur=Depends(cursor)):
    total, items = read_audit(cur, limit=limit, offset=offset, action=action, user=user)
    return page(total, limit, offset, clean(items))


__all__ = ["router"]
