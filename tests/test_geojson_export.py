"""GeoJSON exports are valid for tracks of 0, 1 and many positions (issue 21): every geometry
is read by shapely and is valid (a one-position track was a one-coordinate LineString, which
shapely and QGIS refuse)."""

from __future__ import annotations

import json

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyais.encode import encode_dict
from shapely.geometry import shape

from conftest import examples, run_cli
from seasentry.geojson import track_geometry
from seasentry.ingest.nmea import nmea_checksum

T0 = 1_714_521_600  # 2024-05-01T00:00:00Z


def _line(mmsi: int, t: int, lat: float, lon: float) -> str:
    (s,) = encode_dict({"type": 1, "mmsi": mmsi, "lat": lat, "lon": lon, "speed": 5.0, "course": 90.0},
                       radio_channel="A", talker_id="AI")
    body = f"s:t,c:{t}"
    return f"\\{body}*{nmea_checksum(body):02X}\\{s}"


ONE, MANY, MOORED, SPLIT = 215000001, 215000002, 215000003, 215000004


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("geojson")
    lines = [_line(ONE, T0, 35.0, 14.0)]
    lines += [_line(MANY, T0 + 60 * i, 35.1, 14.0 + 0.001 * i) for i in range(30)]
    lines += [_line(MOORED, T0 + 600 * i, 35.2, 14.2) for i in range(5)]  # never moves
    # two stretches 40 days apart (beyond gap.max_hours: separate segments), and a lone report later
    lines += [_line(SPLIT, T0 + 60 * i, 35.3, 14.3 + 0.001 * i) for i in range(10)]
    lines += [_line(SPLIT, T0 + 40 * 86400 + 60 * i, 35.4, 14.4 + 0.001 * i) for i in range(10)]
    lines += [_line(SPLIT, T0 + 90 * 86400, 35.5, 14.5)]
    f = d / "t.nmea"
    f.write_text("\n".join(lines) + "\n")
    db = d / "g.duckdb"
    run_cli("ingest", f, db=db)
    return db


def _valid_collection(text: str) -> list:
    fc = json.loads(text)
    assert fc["type"] == "FeatureCollection" and isinstance(fc["features"], list)
    geoms = []
    for f in fc["features"]:
        assert f["type"] == "Feature" and "properties" in f
        if f["geometry"] is None:
            continue
        g = shape(f["geometry"])
        assert g.is_valid, (f["geometry"]["type"], shapely.is_valid_reason(g))
        assert not g.is_empty
        geoms.append(g)
    return geoms


@pytest.mark.parametrize("mmsi,kind,n_points", [(ONE, "Point", 1), (MANY, "LineString", 30), (MOORED, "Point", 5),
                                                (SPLIT, "MultiLineString", 21)])
def test_track_geojson_is_valid(db, mmsi, kind, n_points):
    text = run_cli("track", mmsi, db=db).stdout_text
    geoms = _valid_collection(text)
    fc = json.loads(text)
    assert fc["features"][0]["geometry"]["type"] == kind
    assert len(geoms) == 1 + n_points  # the track, then each position
    if kind == "MultiLineString":
        assert fc["features"][0]["properties"]["segments"] == 2  # never joined across 40 days


def test_track_with_no_position_in_range_is_an_empty_collection(db):
    p = run_cli("track", MANY, "--end", "2024-04-30", db=db)
    assert json.loads(p.stdout_text) == {"type": "FeatureCollection", "features": []}
    assert "no positions" in p.stderr_text
    bad = run_cli("track", 987654321, db=db, check=False)  # unknown vessel: an error, not an empty file
    assert bad.returncode == 1 and "no vessel with MMSI 987654321" in bad.stderr_text


def test_events_geojson_is_valid(tmp_path):
    from test_api_common import copy_store

    db = copy_store(tmp_path)
    text = run_cli("events", "--format", "geojson", "--limit", "300", db=db).stdout_text
    assert len(_valid_collection(text)) > 50


def test_api_track_geometry_is_valid(db, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from seasentry.web import create_app
    from seasentry.web.auth import create_token
    from seasentry.store import Store

    copy = tmp_path / "api.duckdb"
    shutil.copy(db, copy)
    s = Store(copy)
    tok = create_token(s.con, "t", "viewer", created_by="tests")["token"]
    s.close()
    with TestClient(create_app(copy, poll_interval_s=1.0)) as c:
        for mmsi, kind in ((ONE, "Point"), (MANY, "LineString"), (MOORED, "Point"), (SPLIT, "MultiLineString")):
            r = c.get(f"/api/vessels/{mmsi}/track", headers={"Authorization": f"Bearer {tok}"})
            assert r.status_code == 200, r.text
            g = r.json()["geometry"]
            assert g["type"] == kind and shape(g).is_valid


coord = st.tuples(st.integers(-1800, 1800).map(lambda x: x / 10), st.integers(-900, 900).map(lambda y: y / 10))


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(coord, st.integers(0, 100 * 86400)), max_size=30), st.booleans())
def test_track_geometry_always_valid(points, split):
    pts = sorted(points, key=lambda p: p[1])
    lon = [p[0][0] for p in pts]
    lat = [p[0][1] for p in pts]
    ts = [p[1] for p in pts]
    g = track_geometry(lon, lat, ts, 30 * 86400 if split else None)
    if not pts:
        assert g is None
        return
    geom = shape(g)
    assert geom.is_valid and not geom.is_empty, (g, shapely.is_valid_reason(geom))
    # every position is on the geometry, unless it is a lone position of a split-off segment
    if not split:
        assert all(geom.distance(shapely.Point(x, y)) < 1e-9 for x, y in zip(lon, lat))
