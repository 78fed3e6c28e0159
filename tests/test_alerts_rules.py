"""Unit tests of the rule engine, area primitives, risk scores and lifecycle (Python API)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st

from seasentry.alerts import lifecycle, load_rules
from seasentry.alerts.areas import Area, evaluate_area
from seasentry.alerts.risk import vessel_scores
from seasentry.alerts.rules import Condition, RuleError, condition_expr, event_views, explain, match_rule
from seasentry.geo import Geography

T0 = datetime(2024, 5, 1)


def test_default_rules_load_and_cite_sources():
    rs = load_rules()
    ids = {r.id for r in rs.rules}
    assert {"dark_off_libya_tunisia", "call_fuel_smuggling_port", "sts_off_malta_lampedusa",
            "loiter_off_malta_lampedusa", "tanker_met_libya_caller", "identity_change_30d", "sanctions_match",
            "open_registry_flag", "spoofing"} <= ids
    for r in rs.rules:
        assert r.source and r.weight > 0 and r.title
    assert "TG" in rs.lists["open_registries"]["values"] and "ITF" in rs.lists["open_registries"]["source"]
    assert len(rs.sha256) == 64


@pytest.mark.parametrize("text,msg", [
    ("rules: 3", "rules"),
    ("rules:\n  - id: a\n    behaviour: [gap]\n    source: s\n", "weight"),
    ("rules:\n  - id: a\n    behaviour: [gap]\n    weight: 1\n", "source"),
    ("rules:\n  - id: a\n    behaviour: [gap]\n    weight: 1\n    source: s\n    area: nowhere\n", "unknown area"),
    ("rules:\n  - id: a\n    behaviour: [gap]\n    weight: 1\n    source: s\n"
     "    conditions: [{field: x, op: '~~', value: 1}]\n", "unknown op"),
    ("rules:\n  - id: a\n    behaviour: [gap]\n    weight: 1\n    source: s\n"
     "  - id: a\n    behaviour: [gap]\n    weight: 1\n    source: s\n", "duplicate"),
    ("areas:\n  z: {distance_from_shore_nm: 5}\nrules: []\n", "min"),
    ("rules:\n  - id: a\n    behaviour: [gap]\n    weight: 1\n    source: s\n    colour: red\n", "unknown key"),
])
def test_bad_rule_files_have_precise_errors(tmp_path, text, msg):
    f = tmp_path / "r.yaml"
    f.write_text(text)
    with pytest.raises(RuleError, match=msg):
        load_rules(f)


def _events(rows):
    base = {"event_id": None, "type": "gap", "mmsi": 1, "other_mmsi": None, "start": T0, "end": T0 + timedelta(hours=8),
            "lat": 35.0, "lon": 14.0, "zone": None, "details": "{}", "confidence": 1.0}
    return pl.DataFrame([{**base, **r} for r in rows], schema={
        "event_id": pl.String, "type": pl.String, "mmsi": pl.Int64, "other_mmsi": pl.Int64,
        "start": pl.Datetime("us"), "end": pl.Datetime("us"), "lat": pl.Float64, "lon": pl.Float64,
        "zone": pl.String, "details": pl.String, "confidence": pl.Float64})


def _vessels(rows):
    return pl.DataFrame(rows, schema={"mmsi": pl.Int64, "name": pl.String, "imo": pl.Int64, "callsign": pl.String,
                                      "flag": pl.String, "ship_type": pl.Int16, "first_seen": pl.Datetime("us"),
                                      "last_seen": pl.Datetime("us")})


def test_malta_band_and_libya_band_areas():
    geo = Geography.default()
    rs = load_rules()
    ev = _events([
        {"event_id": "a", "lat": 35.57, "lon": 14.45},    # 14 nm south of Malta: in the 12-20 nm band
        {"event_id": "b", "lat": 35.78, "lon": 14.50},    # ~3 nm off Malta: inside the territorial sea
        {"event_id": "c", "lat": 35.20, "lon": 14.45},    # ~35 nm off: outside the band
        {"event_id": "d", "lat": 35.26, "lon": 12.60},    # ~14 nm south of Lampedusa
        {"event_id": "e", "lat": 33.70, "lon": 12.20},    # ~45-50 nm off the Libyan coast
        {"event_id": "f", "lat": float("nan"), "lon": 14.0},  # bad position: never inside
    ])
    m, ctx = evaluate_area(rs.areas["malta_lampedusa_12_20nm"], ev, geo)
    assert m.tolist() == [True, False, False, True, False, False]
    assert ctx["land"][0] == "Malta" and ctx["land"][3] == "Lampedusa"
    assert 12 <= ctx["land_nm"][0] <= 20
    m2, ctx2 = evaluate_area(rs.areas["libya_tunisia_40_60nm"], ev, geo)
    assert m2.tolist() == [False, False, False, False, True, False]
    assert ctx2["shore_country"][4] == "LY"


def test_port_area_uses_visited_port():
    geo = Geography.default()
    a = Area.parse("x", {"near_ports": {"flag": "libya_fuel_smuggling", "max_nm": 2}})
    ev = _events([
        {"event_id": "z", "type": "port_visit", "lat": 32.80, "lon": 12.70,
         "details": json.dumps({"port": {"port_id": "LY-ZAWIYA", "name": "Zawiya"}})},
        {"event_id": "t", "type": "port_visit", "lat": 32.90, "lon": 13.18,
         "details": json.dumps({"port": {"port_id": "LY-TRIPOLI", "name": "Tripoli"}})},
    ])
    m, ctx = evaluate_area(a, ev, geo)
    assert m.tolist() == [True, False]
    assert ctx["near_port"][0].startswith("Zawiya")


def test_conditions_ops():
    df = pl.DataFrame({"details": ['{"a": 5, "b": true, "k": ["on_land"]}', '{"a": 1, "b": false}', "{}"],
                       "vessel_flag": ["TG", "MT", None]})

    def sel(field, op, value=None):
        return df.filter(condition_expr(Condition(field, op, value), df.columns)).height

    assert sel("details.a", ">=", 2) == 1
    assert sel("details.a", "<", 2) == 1
    assert sel("details.b", "==", True) == 1
    assert sel("details.b", "!=", True) == 2      # missing counts as "not true"
    assert sel("details.k", "contains", "on_land") == 1
    assert sel("details.a", "exists") == 2 and sel("details.a", "missing") == 1
    assert sel("vessel.flag", "in", ["TG", "PA"]) == 1
    assert sel("vessel.flag", "not_in", ["TG"]) == 2
    with pytest.raises(RuleError, match="not known"):
        sel("vessel.colour", "==", "red")


def test_related_clause_and_encounter_views():
    geo = Geography.default()
    rs = load_rules()
    rule = rs.rule("tanker_met_libya_caller")
    ev = _events([
        {"event_id": "g1", "type": "gap", "mmsi": 2, "lat": 33.28, "lon": 12.18,
         "start": T0, "end": T0 + timedelta(hours=9), "details": '{"in_port": false}'},
        {"event_id": "e1", "type": "encounter", "mmsi": 1, "other_mmsi": 2, "lat": 35.57, "lon": 14.45,
         "start": T0 + timedelta(days=1), "end": T0 + timedelta(days=1, hours=6)},
        # an encounter 10 days later is outside the 7-day window
        {"event_id": "e2", "type": "encounter", "mmsi": 1, "other_mmsi": 2, "lat": 35.57, "lon": 14.45,
         "start": T0 + timedelta(days=10), "end": T0 + timedelta(days=10, hours=6)},
    ])
    ves = _vessels([{"mmsi": 1, "name": "A", "ship_type": 80}, {"mmsi": 2, "name": "B", "ship_type": 80}])
    views = event_views(ev, ves)
    assert views.filter(pl.col("event_id") == "e1").height == 2  # one row per vessel of the pair
    hits = match_rule(rule, views, geo, all_views=views)
    got = {(r["subject"], r["event_id"]) for r in hits.iter_rows(named=True)}
    assert got == {(1, "e1")}  # vessel 1 met vessel 2, which went dark near Zuwara/Abu Kammash before
    assert hits["related"][0][0]["event_id"] == "g1"
    # not a tanker: no alert
    ves2 = _vessels([{"mmsi": 1, "name": "A", "ship_type": 30}, {"mmsi": 2, "name": "B", "ship_type": 80}])
    assert match_rule(rule, event_views(ev, ves2), geo).height == 0


def test_recent_days_window():
    geo = Geography.default()
    rule = load_rules().rule("identity_change_30d")
    ev = _events([{"event_id": "old", "type": "identity_change", "start": T0, "end": T0},
                  {"event_id": "new", "type": "identity_change", "start": T0 + timedelta(days=40),
                   "end": T0 + timedelta(days=40)}])
    views = event_views(ev, _vessels([{"mmsi": 1, "name": "A"}]))
    hits = match_rule(rule, views, geo, ref_time=T0 + timedelta(days=45))
    assert hits["event_id"].to_list() == ["new"]


@settings(max_examples=examples(60), deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.floats(allow_nan=True),
                                                      st.text(max_size=10), st.lists(st.integers(), max_size=3)),
                       max_size=5),
       st.text(max_size=60))
def test_explain_never_crashes(details, template):
    out = explain(template + " {details.duration_h:.1f} {vessel} {nope:>5} {details.x.y}", {"subject": 1}, details)
    assert isinstance(out, str)


def _alerts(rows):
    return pl.DataFrame(rows, schema={"alert_id": pl.String, "mmsi": pl.Int64, "rule_id": pl.String,
                                      "rule_title": pl.String, "points": pl.Float64, "status": pl.String,
                                      "active": pl.Boolean})


def test_vessel_score_counts_each_rule_once_and_skips_dismissed():
    a = _alerts([
        {"alert_id": "1", "mmsi": 7, "rule_id": "gap", "rule_title": "g", "points": 30, "status": "new", "active": True},
        {"alert_id": "2", "mmsi": 7, "rule_id": "gap", "rule_title": "g", "points": 20, "status": "new", "active": True},
        {"alert_id": "3", "mmsi": 7, "rule_id": "enc", "rule_title": "e", "points": 25, "status": "dismissed",
         "active": True},
        {"alert_id": "4", "mmsi": 7, "rule_id": "spf", "rule_title": "s", "points": 40, "status": "new", "active": False},
        {"alert_id": "5", "mmsi": 8, "rule_id": "enc", "rule_title": "e", "points": 10, "status": "acknowledged",
         "active": True},
    ])
    ctx = pl.DataFrame({"mmsi": [7], "rule_id": ["flag"], "title": ["open registry"], "points": [5.0],
                        "explanation": ["TG"]})
    vs = vessel_scores(a, ctx, red=60, amber=25)
    r = {x["mmsi"]: x for x in vs.iter_rows(named=True)}
    assert r[7]["vessel_score"] == 35.0 and r[7]["level"] == "amber"
    assert r[8]["vessel_score"] == 10.0 and r[8]["level"] == "green"
    assert [i["indicator"] for i in json.loads(r[7]["breakdown"])] == ["gap", "flag"]


def test_lifecycle_transitions_and_audit():
    con = duckdb.connect()
    cand = pl.DataFrame({c: [None] for c in lifecycle.CANDIDATE_COLUMNS}).with_columns(
        pl.lit("abc123").alias("alert_id"), pl.lit(1).cast(pl.Int64).alias("mmsi"), pl.lit(10.0).alias("score"))
    ctx = pl.DataFrame(schema={"mmsi": pl.Int64, "rule_id": pl.String, "title": pl.String, "points": pl.Float64,
                               "explanation": pl.String})
    assert lifecycle.sync(con, cand, ctx)["new"] == 1
    assert lifecycle.sync(con, cand, ctx) == {"new": 0, "kept": 1, "reactivated": 0, "withdrawn": 0}
    lifecycle.act(con, "abc", "ack", note="n1", user="u1")
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.act(con, "abc", "ack", note="again")
    lifecycle.act(con, "abc123", "dismiss", note="n2", user="u2")
    assert lifecycle.sync(con, cand.clear(), ctx)["withdrawn"] == 1
    assert lifecycle.sync(con, cand, ctx)["reactivated"] == 1
    assert con.execute("SELECT status, active FROM alerts").fetchone() == ("dismissed", True)
    h = lifecycle.history(con)
    assert h["action"].to_list() == ["raised", "ack", "dismiss", "withdrawn", "reactivated"]
    assert h["user_name"].to_list()[1:3] == ["u1", "u2"]
