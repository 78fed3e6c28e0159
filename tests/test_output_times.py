"""Every time seasentry writes out is ISO 8601 UTC with a trailing Z: the CLI's csv/json/jsonl
outputs and every REST API response (issue 21)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from conftest import run_cli
from test_api_common import auth, build_store, copy_store

# a date-time as text: 2024-05-01T12:00:00, with or without fraction, zone or Z (a space between
# date and time too: that is the form without Z that a str() of a datetime gives)
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$")


def _times(obj, path=""):
    """(path, value) of every string in ``obj`` that is a date-time."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _times(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _times(v, f"{path}[{i}]")
    elif isinstance(obj, str) and TIME_RE.match(obj):
        yield path, obj


def _bad_times(obj) -> list:
    return [(p, v) for p, v in _times(obj) if not re.search(r"T\d\d:\d\d(:\d\d(\.\d+)?)?Z$", v)]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from seasentry.web import create_app

    info = build_store()
    db = copy_store(tmp_path_factory.mktemp("times"))
    app = create_app(db, poll_interval_s=0.5, token_cache_s=300)
    with TestClient(app) as client:
        yield {"c": client, "h": auth(info["tokens"]["admin"]), "db": db}


def test_every_api_time_ends_in_z(api):
    c, h = api["c"], api["h"]
    zone = {"type": "Feature", "properties": {"name": "times test box"},
            "geometry": {"type": "Polygon", "coordinates": [[[12, 33], [12.5, 33], [12.5, 33.5], [12, 33.5], [12, 33]]]}}
    made = c.post("/api/zones", json=zone, headers=h)
    assert made.status_code == 201, made.text
    tok = c.post("/api/tokens", json={"name": "times", "role": "viewer"}, headers=h)
    assert tok.status_code in (200, 201), tok.text
    mmsi = c.get("/api/vessels", params={"limit": 1}, headers=h).json()["items"][0]["mmsi"]
    ev = c.get("/api/events", params={"limit": 1}, headers=h).json()["items"][0]["event_id"]
    alerts = c.get("/api/alerts", params={"limit": 1}, headers=h).json()["items"]
    urls = ["/api/me", "/api/stats", "/api/zones", "/api/lists", "/api/tokens", "/api/audit", "/api/alerts",
            "/api/risk", "/api/events", "/api/events/types", f"/api/events/{ev}", "/api/vessels",
            f"/api/vessels/{mmsi}", f"/api/vessels/{mmsi}/identities", f"/api/vessels/{mmsi}/risk",
            f"/api/vessels/{mmsi}/track", f"/api/positions?mmsi={mmsi}&limit=5", "/api/latest"]
    if alerts:
        urls.append(f"/api/alerts/{alerts[0]['alert_id']}")
    checked = {"POST /api/zones": made.json(), "POST /api/tokens": tok.json()}
    for u in urls:
        r = c.get(u, headers=h)
        assert r.status_code == 200, (u, r.status_code, r.text[:300])
        checked[u] = r.json()
    bad = {u: _bad_times(body) for u, body in checked.items() if _bad_times(body)}
    assert not bad, bad
    # the check can fail: times were found at all
    assert sum(len(list(_times(b))) for b in checked.values()) > 50


def test_every_cli_time_ends_in_z(tmp_path):
    db = copy_store(tmp_path)  # not the API's copy: the running app holds its lock
    found = 0
    for args in (["vessels", "--format", "json"], ["events", "--format", "jsonl", "--limit", "50"],
                 ["alerts", "--format", "jsonl"], ["lists", "--format", "json"], ["tokens", "list", "--format", "json"],
                 ["stats", "--format", "json"], ["sources", "--format", "json"]):
        text = run_cli(*args, db=db).stdout_text
        objs = [json.loads(x) for x in text.splitlines() if x.strip()]
        assert not _bad_times(objs), (args, _bad_times(objs)[:3])
        found += len(list(_times(objs)))
    for args in (["vessels", "--format", "csv"], ["events", "--format", "csv", "--limit", "50"],
                 ["alerts", "--format", "csv"], ["track", "--format", "csv", _some_mmsi(db)]):
        rows = list(csv.reader(io.StringIO(run_cli(*args, db=db).stdout_text)))
        assert len(rows) > 1, args
        cells = [x for r in rows for x in r]
        assert not _bad_times(cells), (args, _bad_times(cells)[:3])
        found += len(list(_times(cells)))
    assert found > 100


def _some_mmsi(db) -> str:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return str(con.execute("SELECT mmsi FROM vessels ORDER BY positions DESC LIMIT 1").fetchone()[0])
    finally:
        con.close()
