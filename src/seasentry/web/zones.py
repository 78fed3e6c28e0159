"""User zones kept in the store (``zones`` table) and the shipped basemap layers.

A zone is created from GeoJSON (a FeatureCollection or a Feature of Polygon/MultiPolygon
with a ``name`` property), validated by :func:`seasentry.geo.zones.load_zones` (the same
checks as ``--zones FILE``), and stored one row per feature. :func:`write_user_zones`
writes them back as one GeoJSON file that ``seasentry detect --zones`` (and
``Geography.default(extra_zones=...)``) accept.
"""

from __future__ import annotations

import json
import secrets
import tempfile
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely

from ..geo import DATA_DIR
from ..geo.zones import load_zones
from ..timeutil import iso

BASEMAP_LAYERS = {
    "countries": "ne_50m_admin_0_countries_med.geojson",
    "land": "ne_10m_land_central_med.geojson",
    "islands": "ne_10m_minor_islands_central_med.geojson",
    "coastline": "ne_10m_coastline_central_med.geojson",
    "territorial_seas": "territorial_seas.geojson",
    "ports": "ne_10m_ports_med.geojson",
}


class ZoneError(ValueError):
    """A zone upload that cannot be accepted; the message says what to fix."""


def ensure_table(con) -> None:
    con.execute("""CREATE TABLE IF NOT EXISTS zones (
        zone_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR, country VARCHAR,
        geometry VARCHAR NOT NULL, properties VARCHAR, created TIMESTAMP NOT NULL, created_by VARCHAR)""")


@lru_cache(maxsize=None)
def basemap_bytes(layer: str) -> bytes:
    return (DATA_DIR / BASEMAP_LAYERS[layer]).read_bytes()


@lru_cache(maxsize=1)
def shipped_zone_names() -> frozenset[str]:
    data = json.loads(basemap_bytes("territorial_seas"))
    return frozenset(f["properties"]["name"] for f in data["features"])


def parse_zones(geojson: Any) -> list:
    """Validate a GeoJSON object as zones; returns seasentry Zone objects or raises ZoneError."""
    if not isinstance(geojson, dict):
        raise ZoneError("body must be a GeoJSON object (FeatureCollection or Feature)")
    with tempfile.TemporaryDirectory(prefix="seasentry-zone-") as d:
        p = Path(d) / "upload.geojson"
        p.write_text(json.dumps(geojson, ensure_ascii=False), encoding="utf-8")
        try:
            zones = load_zones(p)
        except ValueError as exc:
            raise ZoneError(str(exc).replace(f"zone file {p}: ", "")) from None
        except Exception as exc:  # noqa: BLE001 - malformed input of any shape is the caller's error
            raise ZoneError(f"not a valid zone GeoJSON ({type(exc).__name__}: {exc})") from None
    names = [z.name for z in zones]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ZoneError(f"zone names must be unique: {', '.join(dup)}")
    return zones


def create_zones(con, geojson: Any, created_by: str | None) -> list[dict[str, Any]]:
    """Validate and store zones; raises ZoneError (bad input) or KeyError (name already used)."""
    zones = parse_zones(geojson)
    ensure_table(con)
    existing = {r[0] for r in con.execute("SELECT name FROM zones").fetchall()} | set(shipped_zone_names())
    clash = sorted(z.name for z in zones if z.name in existing)
    if clash:
        raise KeyError(f"zone name(s) already used: {', '.join(clash)}")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    out = []
    con.execute("BEGIN TRANSACTION")
    try:
        for z in zones:
            zid = "z" + secrets.token_hex(6)
            props = {k: v for k, v in z.properties.items() if k not in ("name", "kind", "country")}
            geom = shapely.to_geojson(z.geometry)
            con.execute("INSERT INTO zones VALUES (?,?,?,?,?,?,?,?)",
                        [zid, z.name, z.kind, z.country, geom, json.dumps(props, ensure_ascii=False, default=str),
                         now, created_by])
            out.append({"zone_id": zid, "name": z.name, "kind": z.kind, "country": z.country,
                        "bounds": [round(b, 6) for b in z.bounds], "created": iso(now), "created_by": created_by})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return out


def list_user_zones(con) -> list[dict[str, Any]]:
    ensure_table(con)
    res = con.execute("SELECT zone_id, name, kind, country, geometry, properties, created, created_by "
                      "FROM zones ORDER BY created, name").fetchall()
    out = []
    for zid, name, kind, country, geom, props, created, by in res:
        out.append({"zone_id": zid, "name": name, "kind": kind, "country": country,
                    "geometry": json.loads(geom), "properties": json.loads(props or "{}"),
                    "created": created, "created_by": by})
    return out


def delete_zone(con, zone_id: str) -> dict[str, Any] | None:
    ensure_table(con)
    row = con.execute("SELECT zone_id, name FROM zones WHERE zone_id = ?", [zone_id]).fetchone()
    if row is None:
        return None
    con.execute("DELETE FROM zones WHERE zone_id = ?", [zone_id])
    return {"zone_id": row[0], "name": row[1]}


def user_zones_geojson(con) -> dict[str, Any]:
    """The stored user zones as one FeatureCollection (``name``/``kind``/``country`` properties)."""
    feats = []
    for z in list_user_zones(con):
        props = {**z["properties"], "name": z["name"], "kind": z["kind"], "zone_id": z["zone_id"]}
        if z["country"]:
            props["country"] = z["country"]
        feats.append({"type": "Feature", "properties": props, "geometry": z["geometry"]})
    return {"type": "FeatureCollection", "features": feats}


def write_user_zones(con, path: str | Path) -> Path | None:
    """Write the stored user zones to ``path`` for ``--zones``; None (no file) when there are none."""
    fc = user_zones_geojson(con)
    if not fc["features"]:
        return None
    path = Path(path)
    path.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    return path
