"""The incident register beside the AIS picture: the alert rule clause near_incident, the case
file's reported-incidents section and the web API (/api/incidents)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import polars as pl
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from conftest import run_cli
from seasentry import schema as S
from seasentry.alerts.near_incident import NearIncident, match_near_incident
from seasentry.alerts.rules import RuleError, load_rules

T0 = datetime(2024, 5, 1, 22, 30)     # a Wednesday night


def _store_with_events(db, events: list[dict]):
    from seasentry.store import Store

    st = Store(db)
    base = {"event_id": None, "type": "gap", "mmsi": 671940511, "other_mmsi": None, "start": T0,
            "end": T0 + timedelta(hours=9), "lat": 33.10, "lon": 12.05, "zone": None,
            "details": json.dumps({"in_port": False, "duration_h": 9.0}), "confidence": 0.9}
    rows = [{**base, **e} for e in events]
    t = pa.Table.from_pylist(rows, schema=S.EVENTS)
    st.con.register("ev", t)
    st.con.execute("INSERT INTO events SELECT * FROM ev")
    st.con.unregister("ev")
    st.con.execute("""INSERT INTO vessels (mmsi, name, imo, flag, ship_type, first_seen, last_seen, positions)
                      VALUES (671940511, 'CAPE MERCHANT', 7202645, 'TG', 80, ?, ?, 0)""", [T0 - timedelta(days=1), T0])
    st.con.execute("""INSERT INTO vessel_identities VALUES (671940511, 'name', 'CAPE MERCHANT', ?, ?, 3),
                      (671940511, 'imo', '7202645', ?, ?, 3)""", [T0 - timedelta(days=1), T0] * 2)
    st.close()


REPORT = ("Alarm Phone said about 60 people departed from a beach near Zuwara late on Wednesday in a rubber boat. "
          "Fishermen said the tanker CAPE MERCHANT was seen off the coast the same night.")


@pytest.fixture(scope="module")
def picture(tmp_path_factory):
    d = tmp_path_factory.mktemp("picture")
    db = d / "p.duckdb"
    _store_with_events(db, [
        {"event_id": "near", "lat": 33.05, "lon": 12.00},                        # ~15 km off Zuwara, that night
        {"event_id": "far", "lat": 34.50, "lon": 14.00},                         # 230 km away
        {"event_id": "late", "start": T0 + timedelta(days=3), "end": T0 + timedelta(days=3, hours=8)},
        {"event_id": "port", "details": json.dumps({"in_port": True})},          # in port: the rule's condition
    ])
    f = d / "report.txt"
    f.write_text(REPORT, encoding="utf-8")
    run_cli("reports", "load", f, "--published", "2024-05-02", "--source", "Test Wire", db=db)
    return db


def test_near_incident_clause_is_generic_over_event_types():
    inc = pl.DataFrame({"incident_id": ["i1"], "type": ["departure"], "start": [T0.date()], "end": [T0.date()],
                        "lat": [32.93], "lon": [12.08], "place": ["Zuwara"], "confidence": [0.8]})
    rows = pl.DataFrame({"event_id": ["a", "b", "c"], "type": ["dark_detection", "gap", "loitering"],
                         "start": [T0, T0 + timedelta(days=2), T0 - timedelta(hours=3)],
                         "lat": [33.0, 33.0, 32.95], "lon": [12.0, 12.0, 12.1]})
    hits = match_near_incident(rows, NearIncident(["departure"], 20, 6, 12), inc)
    assert hits["event_id"].to_list() == ["a", "c"]            # b is two days later
    assert hits["ctx_incident"].to_list() == ["i1", "i1"] and hits["ctx_incident_km"][0] < 20
    assert match_near_incident(rows, NearIncident(["rescue"], 20, 6, 12), inc).height == 0
    assert match_near_incident(rows, NearIncident(["departure"], 20, 6, 12), None).height == 0


def test_bad_near_incident_spec(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("rules:\n  - id: a\n    behaviour: [gap]\n    weight: 1\n    source: s\n"
                 "    near_incident: {type: [departure], within_km: -1}\n")
    with pytest.raises(RuleError, match="within_km"):
        load_rules(f)
    f.write_text("rules:\n  - id: a\n    behaviour: vessel\n    weight: 1\n    source: s\n"
                 "    near_incident: {type: [departure]}\n")
    with pytest.raises(RuleError, match="events"):
        load_rules(f)


def test_alert_dark_near_reported_departure(picture):
    run_cli("alerts", "evaluate", db=picture)
    alerts = [json.loads(x) for x in run_cli("alerts", "--format", "jsonl", db=picture).stdout_text.splitlines()]
    hits = [a for a in alerts if a.get("rule_id", a.get("rule")) == "dark_near_reported_departure"]
    assert [a["event_ids"] for a in hits] == [["near"]], alerts
    assert "Zuwara" in hits[0]["explanation"] and "departure was reported on 2024-05-01" in hits[0]["explanation"]


def test_case_file_lists_reported_incidents(picture):
    from seasentry.alerts.casefile import build_case_file
    from seasentry.store import Store

    st = Store(picture)
    try:
        doc, info = build_case_file(st, 671940511)
    finally:
        st.close()
    assert "<h2>Reported incidents</h2>" in doc
    sec = doc.split("<h2>Reported incidents</h2>", 1)[1].split("<h2>", 1)[0]
    assert "departure" in sec and "Zuwara" in sec and "names the vessel" in sec


@pytest.fixture(scope="module")
def client(picture, tmp_path_factory):
    from seasentry.web import create_app
    from seasentry.web.auth import create_token, ensure_tables
    from seasentry.store import Store

    st = Store(picture)
    ensure_tables(st.con)
    tok = create_token(st.con, "viewer-user", "viewer", created_by="tests")["token"]
    st.close()
    app = create_app(picture, poll_interval_s=5)
    with TestClient(app) as c:
        c.headers.update({"Authorization": f"Bearer {tok}"})
        yield c
    app.state.ctx.store.close()


def test_api_incidents(client):
    r = client.get("/api/incidents")
    assert r.status_code == 200
    d = r.json()
    assert d["total"] == 1 and d["items"][0]["type"] == "departure" and d["items"][0]["place"] == "Zuwara"
    iid = d["items"][0]["incident_id"]
    gj = client.get("/api/incidents", params={"format": "geojson", "start": "2024-05-01T00:00:00Z",
                                              "end": "2024-05-01T23:59:59Z"}).json()
    assert gj["type"] == "FeatureCollection" and gj["features"][0]["geometry"]["type"] == "Point"
    assert client.get("/api/incidents", params={"start": "2024-06-01T00:00:00Z"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"near": "32.93,12.08,10"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"near": "36.0,15.0,10"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"mmsi": 671940511}).json()["total"] == 1
    assert client.get("/api/incidents", params={"type": "rescue"}).json()["total"] == 0
    one = client.get(f"/api/incidents/{iid}").json()
    assert one["source_documents"][0]["source_name"] == "Test Wire"
    assert any(v["name"] == "CAPE MERCHANT" and v["ais"] for v in one["vessels"])
    page = client.get(f"/api/incidents/{iid}/page")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<mark class="k-place"' in page.text and '<mark class="k-vessel"' in page.text
    for bad in ({"type": "party"}, {"near": "1,2"}, {"near": "95,2,3"}, {"bbox": "1,2,3"},
                {"start": "2024-05-02T00:00:00Z", "end": "2024-05-01T00:00:00Z"}):
        r = client.get("/api/incidents", params=bad)
        assert r.status_code == 422, (bad, r.text)
    assert client.get("/api/incidents/ffff").status_code == 404
    assert client.get("/api/incidents/ffff/page").status_code == 404
    assert client.get("/api/incidents", headers={"Authorization": ""}).status_code == 401
    assert client.get("/api/incidents/types").json()["types"][0]["type"] == "departure"
