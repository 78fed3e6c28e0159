"""REST API tests (FastAPI TestClient) on a labelled scenario store: every endpoint, access control,
roles, audit, bad input (always a clear 4xx, never a 500)."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest
import shapely
from fastapi.testclient import TestClient
from test_api_common import auth, build_store, copy_store

EVENT_KEYS = {"event_id", "type", "mmsi", "other_mmsi", "start", "end", "lat", "lon", "zone", "vessel", "details",
              "confidence"}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from seasentry.web import create_app

    from seasentry.config import Config

    info = build_store()
    db = copy_store(tmp_path_factory.mktemp("api"))
    cfg = Config()
    cfg.web.auth_failures_max = 1_000_000   # this module sends many bad tokens on purpose (the limit: test_api_hardening)
    app = create_app(db, config=cfg, poll_interval_s=0.2, token_cache_s=300)
    with TestClient(app) as client:
        yield {"client": client, "app": app, "tok": info["tokens"], "db": db, "sc": info["scenario"]}


@pytest.fixture
def c(env):
    return env["client"]


def H(env, role):
    return auth(env["tok"][role])


def _param_value(name: str) -> str:
    return {"mmsi": "123456789", "event_id": "abc", "alert_id": "abc", "zone_id": "z000000000000",
            "token_id": "0000abcd", "layer": "land"}.get(name, "x")


# ------------------------------------------------------------------------------------------ auth
def test_every_api_route_needs_a_token(env, c):
    """Nothing under /api answers without a valid token (except the data-free health check)."""
    import re

    checked = 0
    for path, ops in env["app"].openapi()["paths"].items():
        if not path.startswith("/api/") or path == "/api/health":
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: _param_value(m.group(1)), path)
        for method in ops:
            for headers in ({}, {"Authorization": "Bearer sst_00000000_" + "A" * 43},
                            {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}):
                r = c.request(method.upper(), url, headers=headers, json={} if method == "post" else None)
                assert r.status_code == 401, (method, url, headers, r.status_code, r.text)
                assert r.headers.get("www-authenticate") == "Bearer"
                checked += 1
    assert checked >= 4 * 25


def test_health_and_me(env, c):
    assert c.get("/api/health").json()["status"] == "ok"
    for role in ("viewer", "analyst", "admin"):
        me = c.get("/api/me", headers=H(env, role)).json()
        assert me["role"] == role and me["name"] == f"{role}-user"


def test_tokens_are_stored_hashed_and_salted(env, c):
    import duckdb

    r = c.get("/api/tokens", headers=H(env, "admin"))
    assert r.status_code == 200
    body = r.text
    for tok in env["tok"].values():
        assert tok not in body and tok.split("_", 2)[2] not in body
    assert all("hash" not in t and "salt" not in t and "token" not in t for t in r.json()["items"])
    store = env["app"].state.ctx.store
    rows = store.con.cursor().execute("SELECT token_id, salt, hash FROM api_tokens").fetchall()
    assert len({s for _, s, _ in rows}) == len(rows)            # one salt per token
    secrets_ = {t.split("_", 2)[2] for t in env["tok"].values()}
    for _, salt, h in rows:
        assert len(h) == 64 and h not in secrets_ and bytes.fromhex(salt)
    assert isinstance(duckdb.__version__, str)


def test_create_use_and_revoke_token_via_api(env, c):
    r = c.post("/api/tokens", headers=H(env, "admin"), json={"name": "bob", "role": "viewer"})
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["token"].startswith("sst_" + t["token_id"] + "_")
    assert c.get("/api/me", headers=auth(t["token"])).json()["name"] == "bob"
    # the secret is never shown again
    assert t["token"] not in c.get("/api/tokens", headers=H(env, "admin")).text
    # a wrong secret with a valid id fails
    bad = t["token"][:-4] + ("AAAA" if not t["token"].endswith("AAAA") else "BBBB")
    assert c.get("/api/me", headers=auth(bad)).status_code == 401
    r = c.delete(f"/api/tokens/{t['token_id']}", headers=H(env, "admin"))
    assert r.status_code == 200 and r.json()["already_revoked"] is False
    # revoked: refused at once, although the verification cache still holds it
    assert c.get("/api/me", headers=auth(t["token"])).status_code == 401
    assert c.delete("/api/tokens/ffffffff", headers=H(env, "admin")).status_code == 404
    assert c.delete("/api/tokens/not-an-id", headers=H(env, "admin")).status_code == 422
    assert c.post("/api/tokens", headers=H(env, "admin"), json={"name": "x", "role": "root"}).status_code == 422
    assert c.post("/api/tokens", headers=H(env, "admin"), json={"name": "", "role": "viewer"}).status_code == 422
    assert c.post("/api/tokens", headers=H(env, "admin"), json={"name": "a<b>", "role": "viewer"}).status_code == 422


@pytest.mark.parametrize("method,url,body,role", [
    ("GET", "/api/tokens", None, "analyst"),
    ("POST", "/api/tokens", {"name": "eve", "role": "admin"}, "analyst"),
    ("DELETE", "/api/tokens/0000abcd", None, "analyst"),
    ("GET", "/api/audit", None, "analyst"),
    ("POST", "/api/lists?filename=x.csv", None, "analyst"),
    ("POST", "/api/zones", {"type": "FeatureCollection", "features": []}, "viewer"),
    ("DELETE", "/api/zones/z000000000000", None, "viewer"),
    ("POST", "/api/screen", {"name": "Haftar"}, "viewer"),
    ("POST", "/api/alerts/abc/actions", {"action": "ack"}, "viewer"),
])
def test_roles_are_enforced(env, c, method, url, body, role):
    r = c.request(method, url, headers=H(env, role), json=body)
    assert r.status_code == 403, r.text
    assert "required" in r.json()["detail"]


def test_forbidden_writes_are_audited(env, c):
    c.post("/api/zones", headers=H(env, "viewer"), json={"type": "FeatureCollection", "features": []})
    items = c.get("/api/audit?action=denied", headers=H(env, "admin")).json()["items"]
    assert any(i["user"] == "viewer-user" and i["target"] == "/api/zones" and i["outcome"] == "forbidden"
               for i in items)


# ------------------------------------------------------------------------------------------ vessels
def test_vessel_search_by_mmsi_imo_name_callsign(env, c):
    h = H(env, "viewer")
    allv = c.get("/api/vessels?limit=1000", headers=h).json()
    assert allv["total"] == len(allv["items"]) > 20
    v = next(x for x in allv["items"] if x["imo"] and x["callsign"] and x["name"])
    for q in (str(v["mmsi"]), str(v["imo"]), v["callsign"], v["name"][2:7].lower()):
        items = c.get("/api/vessels", params={"q": q}, headers=h).json()["items"]
        assert v["mmsi"] in [x["mmsi"] for x in items], q
    assert c.get("/api/vessels", params={"q": "NO SUCH SHIP %_"}, headers=h).json()["total"] == 0
    # pagination: pages partition the result
    p1 = c.get("/api/vessels?limit=10&offset=0", headers=h).json()
    p2 = c.get("/api/vessels?limit=10&offset=10", headers=h).json()
    assert p1["total"] == p2["total"] == allv["total"] and p1["count"] == 10
    assert not {x["mmsi"] for x in p1["items"]} & {x["mmsi"] for x in p2["items"]}
    for bad in ("limit=0", "limit=1001", "offset=-1", "q=" + "x" * 101, "flag=ITA", "limit=abc"):
        r = c.get("/api/vessels?" + bad, headers=h)
        assert r.status_code == 422, bad
        assert "invalid request" in r.json()["detail"]


def test_vessel_detail_identity_history_risk(env, c):
    h = H(env, "viewer")
    sc = env["sc"]
    renamed = sc.labels.filter(sc.labels["type"] == "identity_change")["mmsi"].to_list()
    assert renamed
    v = c.get(f"/api/vessels/{renamed[0]}", headers=h).json()
    names = [i["value"] for i in v["identities"] if i["field"] in ("name", "callsign")]
    assert len(names) >= 3        # more than one name or call sign over time
    assert v["last_position"]["lat"] is not None
    assert v["case_file"].endswith(f"/api/vessels/{renamed[0]}/case")
    ids = c.get(f"/api/vessels/{renamed[0]}/identities", headers=h).json()
    assert ids["items"] == v["identities"]
    assert c.get("/api/vessels/123456789", headers=h).status_code == 404
    assert c.get("/api/vessels/1234567890", headers=h).status_code == 422
    assert c.get("/api/vessels/abc", headers=h).status_code == 422
    r = c.get(f"/api/vessels/{renamed[0]}/risk", headers=h).json()
    assert r["mmsi"] == renamed[0]


def test_sanctioned_vessel_shows_hits(env, c):
    h = H(env, "viewer")
    items = c.get("/api/events?type=sanctions_match&limit=100", headers=h).json()["items"]
    assert items, "the scenario's sanctioned vessel must be matched against the OFAC fixture"
    v = c.get(f"/api/vessels/{items[0]['mmsi']}", headers=h).json()
    assert v["sanctions_hits"] and v["sanctions_hits"][0]["list"]


def test_track_simplification_is_within_tolerance(env, c):
    h = H(env, "viewer")
    v = c.get("/api/vessels?limit=1", headers=h).json()["items"][0]
    full = c.get(f"/api/vessels/{v['mmsi']}/track", headers=h).json()
    assert full["raw_points"] == full["returned"] > 500
    t = [p[2] for p in full["points"]]
    assert t == sorted(t)
    for zoom in (6, 9, 12):
        s = c.get(f"/api/vessels/{v['mmsi']}/track?zoom={zoom}", headers=h).json()
        assert 2 <= s["returned"] <= full["returned"]
        assert s["points"][0] == full["points"][0] and s["points"][-1] == full["points"][-1]
        line = shapely.LineString([p[:2] for p in s["points"]])
        d = shapely.distance(line, shapely.points(np.array([p[:2] for p in full["points"]])))
        assert float(d.max()) <= s["tolerance_deg"] * 1.0001 + 1e-6     # Douglas-Peucker guarantee
        assert {tuple(p) for p in s["points"]} <= {tuple(p) for p in full["points"]}
    lo = c.get(f"/api/vessels/{v['mmsi']}/track?zoom=6", headers=h).json()["returned"]
    hi = c.get(f"/api/vessels/{v['mmsi']}/track?zoom=14", headers=h).json()["returned"]
    assert lo < hi
    capped = c.get(f"/api/vessels/{v['mmsi']}/track?max_points=50", headers=h).json()
    assert capped["returned"] <= 50
    mid = full["points"][len(t) // 2][2]
    part = c.get(f"/api/vessels/{v['mmsi']}/track", params={"start": _iso(mid)}, headers=h).json()
    assert 0 < part["raw_points"] < full["raw_points"] and part["points"][0][2] >= mid
    for bad in ("zoom=30", "zoom=-1", "max_points=1", "max_points=100000", "start=yesterday",
                "start=2024-05-02T00:00:00Z&end=2024-05-01T00:00:00Z", "start=1000-01-01T00:00:00"):
        assert c.get(f"/api/vessels/{v['mmsi']}/track?{bad}", headers=h).status_code == 422, bad


def _iso(ms: int) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_positions_bbox_and_paging(env, c):
    h = H(env, "viewer")
    r = c.get("/api/positions?bbox=11,33,13,35&limit=500", headers=h).json()
    assert r["total"] > 0 and r["count"] <= 500
    assert all(11 <= p["lon"] <= 13 and 33 <= p["lat"] <= 35 for p in r["items"])
    assert c.get("/api/positions?limit=10001", headers=h).status_code == 422
    for bad in ("1,2,3", "a,b,c,d", "10,40,12,30", "-200,0,0,1", "nan,0,1,1", "0,0,inf,1"):
        r = c.get("/api/positions", params={"bbox": bad}, headers=h)
        assert r.status_code == 422, bad
        assert "bbox" in r.json()["detail"]


def test_latest_positions_for_the_map(env, c):
    h = H(env, "viewer")
    d = c.get("/api/latest", headers=h).json()
    F = {f: i for i, f in enumerate(d["fields"])}
    rows = d["rows"]
    mmsis = [r[F["mmsi"]] for r in rows]
    assert len(mmsis) == len(set(mmsis)) > 20
    assert all(r[F["kind"]] not in ("coast_station", "aton") for r in rows)
    with_fixed = c.get("/api/latest?include_fixed=true", headers=h).json()
    assert with_fixed["count"] >= d["count"]
    # each row is the vessel's newest position
    store = env["app"].state.ctx.store.con.cursor()
    m = mmsis[0]
    newest = store.execute("SELECT epoch_ms(max(ts)) FROM positions WHERE mmsi = ? AND lat IS NOT NULL", [m]).fetchone()[0]
    assert rows[0][F["t_ms"]] == newest
    coloured = [r for r in rows if r[F["risk"]]]
    assert coloured and all(r[F["risk"]]["level"] in ("red", "amber", "green") for r in coloured)
    later = c.get("/api/latest", params={"since": d["newest"]}, headers=h).json()
    assert later["count"] == 0
    assert c.get("/api/latest?limit=2", headers=h).json()["truncated"] is True
    assert c.get("/api/latest?max_age_h=0", headers=h).status_code == 422
    assert c.get("/api/latest?limit=50001", headers=h).status_code == 422


# ------------------------------------------------------------------------------------------ events
def test_events_filters_and_contract(env, c):
    h = H(env, "viewer")
    alle = c.get("/api/events?limit=1000", headers=h).json()
    assert alle["total"] == alle["count"] > 10
    for e in alle["items"]:
        assert set(e) == EVENT_KEYS and e["start"].endswith("Z")
    starts = [e["start"] for e in alle["items"]]
    assert starts == sorted(starts, reverse=True)
    types = {e["type"] for e in alle["items"]}
    for t in types:
        got = c.get(f"/api/events?type={t}&limit=1000", headers=h).json()
        assert got["total"] == sum(e["type"] == t for e in alle["items"]) and {e["type"] for e in got["items"]} == {t}
    two = sorted(types)[:2]
    assert c.get(f"/api/events?type={','.join(two)}&limit=1", headers=h).json()["total"] == \
        sum(e["type"] in two for e in alle["items"])
    z = next(e["zone"] for e in alle["items"] if e["zone"])
    assert all(e["zone"] == z for e in c.get("/api/events", params={"zone": z}, headers=h).json()["items"])
    e0 = alle["items"][0]
    byv = c.get(f"/api/events?mmsi={e0['mmsi']}&limit=1000", headers=h).json()["items"]
    assert byv and all(e0["mmsi"] in (e["mmsi"], e["other_mmsi"]) for e in byv)
    box = c.get("/api/events?bbox=12,35,16,37&limit=1000", headers=h).json()["items"]
    assert all(12 <= e["lon"] <= 16 and 35 <= e["lat"] <= 37 for e in box)
    win = c.get("/api/events", params={"start": "2024-05-01T12:00:00Z", "end": "2024-05-01T18:00:00Z",
                                       "limit": 1000}, headers=h).json()["items"]
    assert all(e["end"] >= "2024-05-01T12:00:00Z" and e["start"] <= "2024-05-01T18:00:00Z" for e in win)
    asc = c.get("/api/events?order=asc&limit=5", headers=h).json()["items"]
    assert [e["start"] for e in asc] == sorted(starts)[:5]
    one = c.get(f"/api/events/{e0['event_id']}", headers=h).json()
    assert one == e0
    assert c.get("/api/events/nope", headers=h).status_code == 404
    types_count = c.get("/api/events/types", headers=h).json()["types"]
    assert sum(t["count"] for t in types_count) == alle["total"]
    for bad in ("type=teleport", "type=GAP", "type=gap,,", "min_confidence=2", "order=up",
                "start=2024-13-01", "offset=1000001"):
        assert c.get("/api/events?" + bad, headers=h).status_code == 422, bad


# ------------------------------------------------------------------------------------------ alerts
def test_alerts_list_and_lifecycle_with_audit(env, c):
    pytest.importorskip("seasentry.alerts")
    hv, ha = H(env, "viewer"), H(env, "analyst")
    d = c.get("/api/alerts?limit=1000", headers=hv).json()
    assert d["available"] and d["total"] >= 3
    a = d["items"][0]
    assert {"alert_id", "mmsi", "rule", "score", "status", "event_ids", "explanation", "created"} <= set(a)
    assert c.get("/api/alerts?status=new", headers=hv).json()["total"] == sum(x["status"] == "new" for x in d["items"])
    r = c.post(f"/api/alerts/{a['alert_id']}/actions", headers=ha, json={"action": "ack", "note": "looking into it"})
    assert r.status_code == 200, r.text
    assert r.json()["change"]["to"] == "acknowledged" and r.json()["alert"]["status"] == "acknowledged"
    one = c.get(f"/api/alerts/{a['alert_id']}", headers=hv).json()
    act = [x for x in one["actions"] if x.get("note") == "looking into it"]
    assert act and act[0]["user_name"] == "analyst-user"
    r = c.post(f"/api/alerts/{a['alert_id']}/actions", headers=ha, json={"action": "dismiss", "note": "bunkering"})
    assert r.json()["alert"]["status"] == "dismissed"
    r = c.post(f"/api/alerts/{a['alert_id']}/actions", headers=ha, json={"action": "ack"})
    assert r.status_code == 409 and "dismissed" in r.json()["detail"]
    audit = c.get("/api/audit?user=analyst-user&limit=1000", headers=H(env, "admin")).json()["items"]
    mine = [x for x in audit if x["target"] == a["alert_id"]]
    assert [x["action"] for x in mine] == ["alert.ack", "alert.dismiss", "alert.ack"][::-1]
    assert mine[-1]["detail"]["note"] == "looking into it" and mine[0]["outcome"] == "rejected"
    assert all(x["ts"].endswith("Z") for x in mine)
    assert c.post("/api/alerts/nope/actions", headers=ha, json={"action": "ack"}).status_code == 404
    for bad in ({"action": "delete"}, {"note": "x"}, {"action": "ack", "note": "x" * 4001},
                {"action": "ack", "extra": 1}):
        assert c.post(f"/api/alerts/{a['alert_id']}/actions", headers=ha, json=bad).status_code == 422, bad
    assert c.get("/api/alerts?status=open", headers=hv).status_code == 422
    assert c.get("/api/alerts/nope", headers=hv).status_code == 404


def test_risk_ranking(env, c):
    pytest.importorskip("seasentry.alerts")
    h = H(env, "viewer")
    r = c.get("/api/risk?limit=1000", headers=h).json()
    assert r["available"] and r["total"] > 0
    scores = [x["score"] for x in r["items"]]
    assert scores == sorted(scores, reverse=True)
    top = r["items"][0]
    vr = c.get(f"/api/vessels/{top['mmsi']}/risk", headers=h).json()["risk"]
    assert vr["score"] == top["score"] and vr["breakdown"]
    assert abs(sum(b["points"] for b in vr["breakdown"]) - vr["score"]) < 0.2
    reds = c.get("/api/risk?level=red", headers=h).json()["items"]
    assert all(x["level"] == "red" for x in reds)
    assert c.get("/api/risk?level=pink", headers=h).status_code == 422


def test_case_file_html(env, c):
    h = H(env, "viewer")
    top = c.get("/api/vessels?limit=1", headers=h).json()["items"][0]
    r = c.get(f"/api/vessels/{top['mmsi']}/case", headers=h)
    try:
        from seasentry.alerts import casefile  # noqa: F401
    except ImportError:
        assert r.status_code == 501 and "case" in r.json()["detail"]
        return
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert str(top["mmsi"]) in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


# ------------------------------------------------------------------------------------------ screening, lists
def test_screening(env, c):
    ha = H(env, "analyst")
    r = c.post("/api/screen", headers=ha, json={"imo": 6421660})
    assert r.status_code == 200, r.text
    m = r.json()["matches"]
    assert m and m[0]["name"] == "THEODOROS" and m[0]["decision"] == "alert"
    r = c.post("/api/screen", headers=ha, json={"name": "Theodoros", "type": "vessel"})
    assert "THEODOROS" in [x["name"] for x in r.json()["matches"]]
    assert r.json()["query"] == {"name": "Theodoros", "type": "vessel"}
    r = c.post("/api/screen", headers=ha, json={"name": "Zzyzx Qwertyuiop"})
    assert r.status_code == 200 and r.json()["matches"] == []
    for bad in ({}, {"name": ""}, {"imo": 12}, {"mmsi": -1}, {"name": "x", "type": "ship"}, {"dob": "1940"},
                {"name": "x", "dob": "May 1940"}, {"name": "x" * 301}, {"name": "x", "limit": 1000},
                {"name": "x", "bogus": True}):
        assert c.post("/api/screen", headers=ha, json=bad).status_code == 422, bad
    audit = c.get("/api/audit?action=screen", headers=H(env, "admin")).json()["items"]
    assert any(x["detail"]["query"].get("imo") == 6421660 for x in audit)


def test_lists_load_and_summary(env, c):
    from test_api_common import SANCTIONS

    h = H(env, "admin")
    before = {x["list"]: x for x in c.get("/api/lists", headers=H(env, "viewer")).json()["lists"]}
    assert before
    data = (SANCTIONS / "user_vessels.csv").read_bytes()
    r = c.post("/api/lists?filename=user_vessels.csv", headers={**h, "Content-Type": "application/octet-stream"},
               content=data)
    assert r.status_code == 201, r.text
    assert r.json()["entities"] >= 2
    after = c.get("/api/lists", headers=h).json()["lists"]
    assert len(after) == len(before) + 1
    r = c.post("/api/lists?filename=junk.xml", headers=h, content=b"\x00\x01 not a list <<<")
    assert r.status_code == 422 and "cannot load" in r.json()["detail"]
    # issue 15: an AIS CSV is not a user list, a second user list does not replace the first, and
    # an older version is refused (409) unless forced; a refusal leaves the lists as they were
    from conftest import AIS
    r = c.post("/api/lists?filename=positions.csv", headers=h,
               content=(AIS / "marinecadastre_AIS_2023_01_11_sample_aisdb.csv").read_bytes())
    assert r.status_code == 422 and "an AIS file" in r.json()["detail"]
    r = c.post("/api/lists?filename=panel_list.csv", headers=h, content=b"imo,name,reason\n9362061,HAWK,test\n")
    assert r.status_code == 201 and r.json()["list"] == "user:panel_list"
    names = {x["list"] for x in c.get("/api/lists", headers=h).json()["lists"]}
    assert {"user:user_vessels", "user:panel_list"} <= names
    r = c.post("/api/lists?filename=sdn_2024-05-03.csv", headers=h,
               content=(SANCTIONS / "ofac_sdn_2024-05-03_excerpt.csv").read_bytes())
    assert r.status_code == 201, r.text
    old = (SANCTIONS / "ofac_sdn_2024-04-26_excerpt.csv").read_bytes()
    before = c.get("/api/lists", headers=h).json()["lists"]
    r = c.post("/api/lists?filename=sdn_2024-04-26.csv", headers=h, content=old)
    assert r.status_code == 409 and "older than the loaded" in r.json()["detail"]
    assert c.get("/api/lists", headers=h).json()["lists"] == before
    assert c.post("/api/lists?filename=a.csv", headers=h, content=b"").status_code == 422
    assert c.post("/api/lists?filename=../../etc/passwd", headers=h, content=b"x").status_code == 422
    assert c.post("/api/lists?filename=a.csv&format=pdf", headers=h, content=b"x").status_code == 422
    assert any(x["action"] == "lists.load" for x in c.get("/api/audit", headers=h).json()["items"])


# ------------------------------------------------------------------------------------------ zones
ZONE = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Test box"},
        "geometry": {"type": "Polygon", "coordinates": [[[12, 34], [13, 34], [13, 35], [12, 35], [12, 34]]]}}]}


def test_zones_create_list_delete(env, c, tmp_path):
    from seasentry.geo import Geography
    from seasentry.web.zones import write_user_zones

    ha, hv = H(env, "analyst"), H(env, "viewer")
    shipped = c.get("/api/zones", headers=hv).json()
    assert len(shipped["features"]) >= 4
    r = c.post("/api/zones", headers=ha, json=ZONE)
    assert r.status_code == 201, r.text
    z = r.json()["created"][0]
    assert z["name"] == "Test box" and z["bounds"] == [12, 34, 13, 35]
    mine = c.get("/api/zones?include_shipped=false", headers=hv).json()["features"]
    assert [f["properties"]["name"] for f in mine] == ["Test box"]
    assert c.post("/api/zones", headers=ha, json=ZONE).status_code == 409            # name taken
    ts = json.loads(json.dumps(ZONE))
    ts["features"][0]["properties"]["name"] = shipped["features"][0]["properties"]["name"]
    assert c.post("/api/zones", headers=ha, json=ts).status_code == 409
    # the stored zones work as --zones for detection
    path = write_user_zones(env["app"].state.ctx.store.con.cursor(), tmp_path / "z.geojson")
    geo = Geography(extra_zones=[path])
    assert geo.zone_names[-1] == "Test box" and bool(geo.in_zones([34.5], [12.5])[-1, 0])
    assert c.delete(f"/api/zones/{z['zone_id']}", headers=ha).status_code == 200
    assert c.get("/api/zones?include_shipped=false", headers=hv).json()["features"] == []
    assert c.delete(f"/api/zones/{z['zone_id']}", headers=ha).status_code == 404
    assert c.delete("/api/zones/../x", headers=ha).status_code in (404, 422)
    acts = [x["action"] for x in c.get("/api/audit?limit=1000", headers=H(env, "admin")).json()["items"]]
    assert "zone.create" in acts and "zone.delete" in acts


@pytest.mark.parametrize("body,what", [
    ({"type": "FeatureCollection", "features": []}, "non-empty"),
    ({"type": "Feature", "properties": {}, "geometry": ZONE["features"][0]["geometry"]}, "name"),
    ({"type": "Feature", "properties": {"name": "p"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
     "Polygon"),
    ({"type": "Feature", "properties": {"name": "swapped"},
      "geometry": {"type": "Polygon", "coordinates": [[[34, 120], [35, 120], [35, 121], [34, 120]]]}}, "range"),
    ({"type": "Feature", "properties": {"name": "flat"},
      "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 2], [3, 3], [1, 1]]]}}, "polygon"),
    ({"type": "Topology"}, "FeatureCollection"),
    ({"type": "FeatureCollection", "features": [ZONE["features"][0], ZONE["features"][0]]}, "unique"),
])
def test_bad_zone_uploads_get_a_clear_422(env, c, body, what):
    r = c.post("/api/zones", headers=H(env, "analyst"), json=body)
    assert r.status_code == 422, r.text
    assert what.lower() in r.json()["detail"].lower()


def test_bad_bodies(env, c):
    ha = H(env, "analyst")
    assert c.post("/api/zones", headers={**ha, "Content-Type": "application/json"}, content=b"{not json").status_code == 422
    assert c.post("/api/zones", headers=ha, json=[1, 2]).status_code == 422
    big = b"{" + b" " * (9 * 1024 * 1024) + b"}"
    r = c.post("/api/zones", headers={**ha, "Content-Type": "application/json"}, content=big)
    assert r.status_code == 413


# ------------------------------------------------------------------------------------------ stats, geo, docs, page
def test_stats_and_basemap(env, c):
    h = H(env, "viewer")
    s = c.get("/api/stats", headers=h).json()
    for k in ("messages", "positions", "static_reports", "vessels", "events", "events_by_type", "alerts_by_status",
              "first_time", "last_time"):
        assert k in s
    assert s["events"] == sum(s["events_by_type"].values())
    for layer in ("countries", "land", "islands", "coastline", "territorial_seas", "ports"):
        r = c.get(f"/api/geo/{layer}", headers=h)
        assert r.status_code == 200 and r.json()["type"] == "FeatureCollection"
    assert c.get("/api/geo/roads", headers=h).status_code == 422


def test_docs_and_page_are_offline(c):
    d = c.get("/docs")
    assert d.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in d.text and "cdn" not in d.text.lower()
    assert "https://" not in d.text and "http://" not in d.text
    for asset in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css",
                  "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css", "/static/app.js",
                  "/static/app.css", "/static/favicon.svg", "/static/vendor/leaflet/LICENSE",
                  "/static/vendor/swagger-ui/LICENSE"):
        assert c.get(asset).status_code == 200, asset
    schema = c.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert len(schema["paths"]) >= 25
    page = c.get("/")
    assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text
    assert c.get("/nope").status_code == 404


# ------------------------------------------------------------------------------------------ live updates
def _sse(text: str) -> list[tuple[str, dict]]:
    out = []
    for frame in text.split("\n\n"):
        kind, data = None, None
        for line in frame.splitlines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
        if kind:
            out.append((kind, data))
    return out


def test_stream_reports_store_changes(env, c):
    """The poller sees new positions and new events written by anyone, and pushes them."""
    store = env["app"].state.ctx.store
    h = H(env, "viewer")

    def writer():
        time.sleep(0.6)
        cur = store.con.cursor()
        cur.execute("""INSERT INTO positions SELECT * REPLACE (ts + INTERVAL 1 DAY AS ts, msg_key + 1 AS msg_key)
                       FROM positions WHERE mmsi = (SELECT min(mmsi) FROM vessels WHERE mmsi > 200000000) LIMIT 1""")
        cur.execute("""INSERT INTO events SELECT * REPLACE ('test-new-event' AS event_id) FROM events LIMIT 1""")
        cur.close()

    th = threading.Thread(target=writer)
    th.start()
    try:
        r = c.get("/api/stream?duration=2.5", headers=h)
    finally:
        th.join()
        cur = store.con.cursor()
        cur.execute("DELETE FROM events WHERE event_id = 'test-new-event'")
        cur.close()
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    frames = _sse(r.text)
    kinds = [k for k, _ in frames]
    assert kinds[0] == "hello" and kinds[-1] == "bye"
    assert "positions" in kinds
    ev = [d for k, d in frames if k == "events"]
    assert ev and any(e["event_id"] == "test-new-event" for e in ev[0]["new"])
    assert c.get("/api/stream?duration=0.1", headers=h).status_code == 422
    assert c.get("/api/stream?types=BAD!", headers=h).status_code == 422


def test_stream_forwards_the_live_bus(tmp_path):
    from seasentry.live.bus import EventBus
    from seasentry.web import create_app

    info = build_store()
    db = copy_store(tmp_path)
    bus = EventBus()
    app = create_app(db, bus=bus, poll_interval_s=5)
    with TestClient(app) as client:
        def pub():
            for _ in range(40):
                if bus.subscribers:
                    break
                time.sleep(0.05)
            bus.publish("new", {"event_id": "live-1", "type": "zone_entry", "mmsi": 1})
            bus.publish("new", {"event_id": "live-2", "type": "gap", "mmsi": 2})

        th = threading.Thread(target=pub)
        th.start()
        r = client.get("/api/stream?duration=1.5&types=zone_entry", headers=auth(info["tokens"]["viewer"]))
        th.join()
    frames = _sse(r.text)
    assert frames[0] == ("hello", {"live": True, "poll_interval_s": 5.0, "duration_s": 1.5})
    live = [d for k, d in frames if k == "event"]
    assert [d["event"]["event_id"] for d in live] == ["live-1"]      # type filter applied
    assert live[0]["kind"] == "new"


# ------------------------------------------------------------------------------------------ CLI
def test_tokens_cli(tmp_path):
    from click.testing import CliRunner

    from seasentry.cli import main

    db = str(tmp_path / "cli.duckdb")
    run = CliRunner()
    r = run.invoke(main, ["tokens", "create", "--role", "analyst", "--name", "alice", "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    t = json.loads(r.stdout)
    assert t["role"] == "analyst" and t["token"].startswith("sst_")
    r = run.invoke(main, ["tokens", "list", "--db", db, "--format", "json"])
    rows = json.loads(r.stdout)
    assert [x["name"] for x in rows] == ["alice"] and t["token"] not in r.stdout
    r = run.invoke(main, ["tokens", "revoke", t["token_id"], "--db", db])
    assert r.exit_code == 0 and "revoked" in r.output
    rows = json.loads(run.invoke(main, ["tokens", "list", "--db", db, "--format", "json"]).stdout)
    assert rows[0]["revoked"] is not None
    assert run.invoke(main, ["tokens", "revoke", "deadbeef", "--db", db]).exit_code != 0
    assert run.invoke(main, ["tokens", "create", "--role", "root", "--name", "x", "--db", db]).exit_code == 2
    r = run.invoke(main, ["tokens", "create", "--role", "viewer", "--name", "bad<name>", "--db", db])
    assert r.exit_code == 2
    import duckdb

    con = duckdb.connect(db)
    acts = [a for (a,) in con.execute("SELECT action FROM audit_log ORDER BY audit_id").fetchall()]
    con.close()
    assert acts == ["token.create", "token.revoke"]
    # the server refuses a revoked token
    from seasentry.web import create_app

    with TestClient(create_app(db)) as client:
        assert client.get("/api/me", headers=auth(t["token"])).status_code == 401


def test_serve_command(tmp_path):
    """`seasentry serve` on a new store: creates and prints an admin token once, serves the API and
    the page, stops cleanly on Ctrl-C."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "SEASENTRY_DB"}
    proc = subprocess.Popen([sys.executable, "-m", "seasentry", "serve", "--db", str(tmp_path / "s.duckdb"),
                             "--port", str(port), "--poll", "0.5"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    try:
        token = proc.stdout.readline().strip()
        assert token.startswith("sst_"), token
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert httpx.get(base + "/api/me", headers=auth(token)).json()["role"] == "admin"
        assert httpx.get(base + "/api/me").status_code == 401
        assert "leaflet.js" in httpx.get(base + "/").text
        assert httpx.get(base + "/api/latest", headers=auth(token)).json()["count"] == 0   # empty store
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            rc = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert rc == 0, proc.stderr.read()


def test_events_from_the_kept_frame_equal_the_sql(env):
    """The events list answered from the kept frame (seasentry.web.api_events) equals the SQL
    answer, filter by filter, in the same order."""
    from datetime import datetime

    from seasentry.web.api_events import _events

    cur = env["app"].state.ctx.cursor
    (m,) = cur.execute("SELECT mmsi FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()
    (z,) = cur.execute("SELECT zone FROM events WHERE zone IS NOT NULL LIMIT 1").fetchone() or (None,)
    t0, t1 = cur.execute("SELECT min(start), max(\"end\") FROM events").fetchone()
    mid = t0 + (t1 - t0) / 2
    cases = [dict(), dict(type="gap,encounter"), dict(mmsi=m), dict(start=mid), dict(end=mid), dict(zone=z),
             dict(bbox=(11.0, 32.0, 16.0, 36.0)), dict(min_confidence=0.5), dict(order="asc"),
             dict(offset=5, limit=7), dict(type="port_visit", mmsi=m, order="asc", limit=3)]
    for c in cases:
        args = dict(type=None, zone=None, mmsi=None, start=None, end=None, bbox=None, min_confidence=None,
                    order="desc", limit=50, offset=0)
        args.update(c)
        sql = _events(cur, **args, gen=None)
        frame = _events(cur, **args, gen=("test", datetime.now()))
        assert frame == sql, c
        assert sql["total"] > 0 or c.get("zone") is None


def test_screening_reads_the_imo_written_in_the_name(env, c):
    """(issue 15, fifteenth round) POST /api/screen reads an IMO written in the name as the imo field
    (screening.query_text.read_query, the reading of `seasentry screen` and `seasentry run`)."""
    r = c.post("/api/screen", headers=H(env, "analyst"), json={"name": "MT THEODOROS IMO 6421660"})
    assert r.status_code == 200, r.text
    m = r.json()["matches"][0]
    assert m["name"] == "THEODOROS" and m["matched_on"] == "imo" and m["decision"] == "alert"
    assert m["explanation"]["query_read"]["imo"] == 6421660
