"""REST API of the detections layer (/api/detections*): contract records, map layer, scenes, missed,
one detection; tokens required; bad input is a clear 4xx; a store without detections answers empty."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_api_common import auth, copy_store

from conftest import run_cli


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from seasentry.web import create_app
    from seasentry.web.auth import create_token

    tmp = tmp_path_factory.mktemp("apidet")
    sc = tmp / "sc"
    run_cli("scenario", "generate", "--seed", 42, "--hours", 36, "--vessels", 40, "--out", sc)
    run_cli("scenario", "scenes", sc)
    db = tmp / "s.duckdb"
    run_cli("run", sc / "scenario.nmea", "--detections", sc / "detections.csv", "--footprints",
            sc / "footprints.geojson", "-q", db=db)
    app = create_app(db, poll_interval_s=0.5)
    tok = create_token(app.state.ctx.store.con, "v", "viewer")["token"]
    with TestClient(app) as client:
        yield {"c": client, "h": auth(tok)}


def test_detections_contract_and_filters(env):
    c, h = env["c"], env["h"]
    r = c.get("/api/detections?limit=1000", headers=h)
    assert r.status_code == 200
    d = r.json()
    assert d["total"] == d["count"] > 50
    statuses = {x["status"] for x in d["items"]}
    assert {"matched", "dark", "infrastructure"} <= statuses
    dark = c.get("/api/detections?status=dark&limit=1000", headers=h).json()
    assert dark["total"] > 0 and {x["status"] for x in dark["items"]} == {"dark"}
    assert all("context" in x for x in dark["items"])
    one = dark["items"][0]
    assert c.get(f"/api/detections/{one['detection_id']}", headers=h).json()["detection_id"] == one["detection_id"]
    scene = one["scene_id"]
    assert {x["scene_id"] for x in c.get(f"/api/detections?scene={scene}", headers=h).json()["items"]} == {scene}
    m = next(x for x in d["items"] if x["status"] == "matched")
    by = c.get(f"/api/detections?mmsi={m['mmsi']}", headers=h).json()
    assert by["total"] >= 1 and all(x["mmsi"] == m["mmsi"] for x in by["items"])
    win = c.get("/api/detections?start=2024-05-01T09:00:00Z&end=2024-05-01T11:00:00Z", headers=h).json()
    assert win["total"] > 0 and all("2024-05-01T09" <= x["time"] <= "2024-05-01T11" for x in win["items"])


def test_map_layer_scenes_missed(env):
    c, h = env["c"], env["h"]
    m = c.get("/api/detections/map", headers=h).json()
    assert m["detections"]["type"] == "FeatureCollection" and len(m["detections"]["features"]) > 50
    assert len(m["scenes"]["features"]) > 10
    assert all(f["geometry"]["type"] == "Polygon" for f in m["scenes"]["features"])
    assert all("time" in f["properties"] for f in m["scenes"]["features"])
    assert len(m["missed"]["features"]) > 0
    sc = c.get("/api/detections/scenes", headers=h).json()
    assert sc["count"] == len(m["scenes"]["features"])
    assert sum(sum(s["counts"].values()) for s in sc["items"]) == len(m["detections"]["features"])
    mi = c.get("/api/detections/missed", headers=h).json()
    assert mi["total"] == len(m["missed"]["features"]) and {"mmsi", "scene_id", "lat", "lon"} <= mi["items"][0].keys()
    one = c.get(f"/api/detections/map?scene={sc['items'][0]['scene_id']}", headers=h).json()
    assert len(one["scenes"]["features"]) == 1


def test_errors_are_clear(env):
    c, h = env["c"], env["h"]
    assert c.get("/api/detections").status_code == 401
    r = c.get("/api/detections?status=blue", headers=h)
    assert r.status_code == 422 and "unknown status" in r.json()["detail"]
    assert c.get("/api/detections/nope", headers=h).status_code == 404
    assert c.get("/api/detections?bbox=1,2,3", headers=h).status_code == 422
    assert c.get("/api/detections?start=2024-05-02T00:00:00Z&end=2024-05-01T00:00:00Z", headers=h).status_code == 422


def test_store_without_detections(tmp_path):
    from seasentry.web import create_app
    from seasentry.web.auth import create_token

    app = create_app(copy_store(tmp_path), poll_interval_s=0.5)
    tok = create_token(app.state.ctx.store.con, "v2", "viewer")["token"]
    with TestClient(app) as c:
        h = auth(tok)
        assert c.get("/api/detections", headers=h).json()["total"] == 0
        assert c.get("/api/detections/missed", headers=h).json()["total"] == 0
        m = c.get("/api/detections/map", headers=h).json()
        assert m["detections"]["features"] == [] and m["scenes"]["features"] == []
        assert c.get("/api/detections/scenes", headers=h).json()["count"] == 0
