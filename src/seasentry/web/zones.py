"""User zones kept in the store (``zones`` table) and the shipped basemap layers.

A zone is created from GeoJSON (a FeatureCollection or a Feature of Polygon/MultiPolygon
with a ``name`` property), validated by :func:`seasentry.geo.zones.load_zones` (the same
checks as ``--zones FILE``), and stored one row per feature. :func:`write_user_zones`
writes them back as one GeoJSON file that ``seasentry detect --zones`` (and
``Geography.default(extra_zones=...)``) accept.

Limits (``web.*`` settings), checked on the GeoJSON before any geometry is built: zones per
upload and stored, vertices per zone and for all stored zones, name length; the body itself is
limited to ``web.max_body_bytes``. A zone over a size limit is refused with ``413``, one that
is malformed or would pass the store's limits with ``422``. A polygon that is not valid (a
self-intersecting ring, say) is refused with the reason and where, unless the upload asks for
``repair``: the repaired geometry (GEOS ``make_valid``: the parts of a bow-tie become a
MultiPolygon) is then stored and the answer says so.
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
    """A zone upload that cannot be accepted; the message says what to fix; ``status``: the HTTP
    status to answer (413 too large, 422 malformed or over the store's limits)."""

    def __init__(self, msg: str, status: int = 422) -> None:
        super().__init__(msg)
        self.status = status


def _rings(geom: Any) -> list | None:
    """The rings of a Polygon / MultiPolygon GeoJSON geometry (None when it has another shape:
    load_zones says what is wrong with it)."""
    if not isinstance(geom, dict):
        return None
    c = geom.get("coordinates")
    if geom.get("type") == "Polygon" and isinstance(c, list):
        return c
    if geom.get("type") == "MultiPolygon" and isinstance(c, list):
        return [r for poly in c if isinstance(poly, list) for r in poly]
    return None


def check_limits(geojson: Any, limits, stored_zones: int = 0, stored_vertices: int = 0) -> int:
    """Refuse (ZoneError) an upload over the limits (``limits``: the ``web`` config section);
    returns its vertex count."""
    if not isinstance(geojson, dict):
        raise ZoneError("body must be a GeoJSON object (FeatureCollection or Feature)")
    feats = [geojson] if geojson.get("type") == "Feature" else geojson.get("features")
    if not isinstance(feats, list):
        return 0
    if len(feats) > limits.zones_max_per_upload:
        raise ZoneError(f"{len(feats):,} features in one upload: at most {limits.zones_max_per_upload} "
                        "(web.zones_max_per_upload); send them in parts", 413)
    total = 0
    for i, f in enumerate(feats):
        if not isinstance(f, dict):
            continue
        props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
        name = props.get("name")
        if isinstance(name, str) and len(name.strip()) > limits.zone_name_max_chars:
            raise ZoneError(f"feature #{i}: name of {len(name.strip())} characters: at most "
                            f"{limits.zone_name_max_chars} (web.zone_name_max_chars)")
        rings = _rings(f.get("geometry")) or []
        n = sum(len(r) for r in rings if isinstance(r, list))
        if n > limits.zone_max_vertices:
            label = f" ({name.strip()[:60]!r})" if isinstance(name, str) else ""
            raise ZoneError(f"feature #{i}{label}: {n:,} vertices: at most {limits.zone_max_vertices:,} per zone "
                            "(web.zone_max_vertices); simplify it (e.g. mapshaper, QGIS Simplify) first", 413)
        total += n
    if stored_zones + len(feats) > limits.zones_max_stored:
        raise ZoneError(f"the store holds {stored_zones} user zones; {len(feats)} more would pass the limit of "
                        f"{limits.zones_max_stored} (web.zones_max_stored): delete some first")
    if stored_vertices + total > limits.zones_max_total_vertices:
        raise ZoneError(f"the stored user zones have {stored_vertices:,} vertices; {total:,} more would pass the "
                        f"limit of {limits.zones_max_total_vertices:,} (web.zones_max_total_vertices): simplify "
                        "or delete zones first", 413)
    return total


def ensure_table(con) -> None:
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'zones' "
                   "AND table_schema = 'main'").fetchone()[0]:
        return
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


def parse_zones(geojson: Any, repair: bool = False) -> list:
    """Validate a GeoJSON object as zones; returns seasentry Zone objects or raises ZoneError.
    A polygon that is not valid is refused unless ``repair`` (then its repaired form is kept and
    the zone's ``properties["repaired"]`` says why)."""
    if not isinstance(geojson, dict):
        raise ZoneError("body must be a GeoJSON object (FeatureCollection or Feature)")
    with tempfile.TemporaryDirectory(prefix="seasentry-zone-") as d:
        p = Path(d) / "upload.geojson"
        p.write_text(json.dumps(geojson, ensure_ascii=False), encoding="utf-8")
        try:
            zones = load_zones(p)
        except ValueError as exc:
            raise ZoneError(str(exc).replace(f"zone file {p}: ", "").replace(str(p), "upload")
                            .replace(d, "upload")) from None
        except Exception as exc:  # noqa: BLE001 - malformed input of any shape is the caller's error
            raise ZoneError(f"not a valid zone GeoJSON ({type(exc).__name__}: "
                            f"{str(exc).replace(str(p), 'upload').replace(d, 'upload')})") from None
    for z in zones:
        z.source = "upload"
    names = [z.name for z in zones]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ZoneError(f"zone names must be unique: {', '.join(dup)}")
    if not repair:
        bad = [z for z in zones if z.properties.get("repaired")]
        if bad:
            z = bad[0]
            raise ZoneError(f"zone {z.name!r}: the polygon is not valid ({z.properties['repaired']}); fix it, or "
                            "send it again with ?repair=true to store the repaired geometry (a self-intersecting "
                            "ring becomes a MultiPolygon of its parts)")
    return zones


def stored_totals(con) -> tuple[int, int]:
    """(user zones, their vertices) in the store."""
    ensure_table(con)
    n, v = 0, 0
    for (geom,) in con.execute("SELECT geometry FROM zones").fetchall():
        n += 1
        try:
            v += sum(len(r) for r in (_rings(json.loads(geom)) or []) if isinstance(r, list))
        except ValueError:
            pass
    return n, v


def create_zones(con, geojson: Any, created_by: str | None, limits=None, repair: bool = False) -> list[dict[str, Any]]:
    """Validate and store zones; raises ZoneError (bad input, over the limits: ``limits`` the
    ``web`` config section) or KeyError (name already used). ``con``: a cursor, in the caller's
    transaction or not (then one of its own)."""
    ensure_table(con)
    if limits is not None:
        check_limits(geojson, limits, *stored_totals(con))
    zones = parse_zones(geojson, repair=repair)
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
            rec = {"zone_id": zid, "name": z.name, "kind": z.kind, "country": z.country,
                   "bounds": [round(b, 6) for b in z.bounds], "created": iso(now), "created_by": created_by,
                   "geometry_type": z.geometry.geom_type, "vertices": int(shapely.get_num_coordinates(z.geometry))}
            if z.properties.get("repaired"):
                rec["repaired"] = z.properties["repaired"]
            out.append(rec)
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
                    "created": iso(created), "created_by": by})
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
