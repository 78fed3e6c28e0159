"""Evaluate the alert rules over the stored events, score the hits and merge them into the
``alerts`` table (see lifecycle.py). Re-running gives the same alert ids for the same evidence."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import polars as pl

from ..config import Config
from . import lifecycle, risk
from .rules import RuleSet, event_views, explain, load_rules, match_rule, parse_details, vessel_rows


@dataclass
class EvalReport:
    rules: int = 0
    events: int = 0
    alerts: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    context_indicators: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    rules_path: str = ""
    reference_time: datetime | None = None
    seconds: float = 0.0


def alert_id(rule_id: str, mmsi: int, event_id: str) -> str:
    return hashlib.sha256(f"{rule_id}|{int(mmsi)}|{event_id}".encode()).hexdigest()[:16]


def reference_time(store, cfg: Config) -> datetime | None:
    ref = (cfg.alerts.reference_time or "data").strip()
    if ref == "now":
        return datetime.now(timezone.utc).replace(tzinfo=None)
    if ref == "data":
        return store.con.execute("SELECT max(ts) FROM positions").fetchone()[0]
    return store._time(ref)


def resolve_rules(cfg: Config, rules_path: str | None = None) -> RuleSet:
    return load_rules(rules_path or cfg.alerts.rules_file or None)


def prepare(rs: RuleSet) -> None:
    """Load now what :func:`evaluate` reads for ``rs`` whatever the events: the land polygons
    clipped and projected for each box of every ``distance_from_land_nm`` area (cached per box),
    and pyarrow.dataset (imported by DuckDB when an Arrow table is first registered). The first
    evaluate of a process: 0.24-0.32 CPU s, 0.11-0.12 s after this (1M-message store, default
    rules; docs/benchmarks.md, "Session 8"); ``seasentry run`` calls this while the workers run
    the per-vessel detectors, so that its one-core end (alerts, output) is shorter."""
    import pyarrow.dataset  # noqa: F401

    from .areas import _land_in_box

    for area in rs.areas.values():
        for _name, bbox in (area.distance_from_land_nm or {}).get("land", ()):
            _land_in_box(bbox)


def evaluate(store, cfg: Config | None = None, ruleset: RuleSet | None = None, rules_path: str | None = None,
             geo=None, progress=None, when: datetime | None = None) -> EvalReport:
    """Run every rule over the events table, score, and sync the ``alerts`` table."""
    from ..geo import Geography

    t0 = time.perf_counter()
    cfg = cfg or store.config
    rs = ruleset or resolve_rules(cfg, rules_path)
    geo = geo or Geography.default()
    rep = EvalReport(rules=len(rs.rules), rules_path=rs.path)
    events = store.con.execute("SELECT * FROM events").pl()
    vessels = store.con.execute("SELECT * FROM vessels").pl()
    rep.events = events.height
    rep.reference_time = reference_time(store, cfg)
    views = event_views(events, vessels)
    vrows = vessel_rows(vessels)
    incidents = None
    if any(_uses_incidents(r) for r in rs.rules):
        from .near_incident import load_incidents
        incidents = load_incidents(store.con)

    # context indicators (alert: false, behaviour: vessel)
    ctx_rows = []
    for rule in rs.rules:
        if rule.alert or rule.behaviour != "vessel":
            continue
        hits = match_rule(rule, vrows, geo, rep.reference_time)
        for r in hits.iter_rows(named=True):
            ctx_rows.append({"mmsi": int(r["subject"]), "rule_id": rule.id, "title": rule.title,
                             "points": risk.rule_points(rule.weight, None),
                             "explanation": explain(rule.explanation, r, {})})
    context = pl.DataFrame(ctx_rows, schema={"mmsi": pl.Int64, "rule_id": pl.String, "title": pl.String,
                                             "points": pl.Float64, "explanation": pl.String})
    rep.context_indicators = context.height
    ctx_by_vessel: dict[int, list[dict]] = {}
    for r in ctx_rows:
        ctx_by_vessel.setdefault(r["mmsi"], []).append(r)

    out = []
    for k, rule in enumerate(rs.rules):
        if not rule.alert:
            continue
        if progress:
            progress(f"rule {k + 1}/{len(rs.rules)}: {rule.id}")
        rows = vrows if rule.behaviour == "vessel" else views
        hits = match_rule(rule, rows, geo, rep.reference_time, all_views=views,
                          min_confidence=cfg.alerts.min_confidence, incidents=incidents)
        rep.by_rule[rule.id] = hits.height
        for r in hits.iter_rows(named=True):
            out.append(_alert_row(rule, r, rs, ctx_by_vessel.get(int(r["subject"]), [])))
    cand = pl.DataFrame(out, schema=_CAND_SCHEMA) if out else pl.DataFrame(schema=_CAND_SCHEMA)
    now = when or lifecycle.now_utc()
    cand = cand.with_columns(evaluated=pl.lit(now, dtype=pl.Datetime("us")))
    rep.alerts = cand.height
    rep.counts = lifecycle.sync(store.con, cand, context, when=now)
    rep.seconds = time.perf_counter() - t0
    return rep


def _uses_incidents(rule) -> bool:
    ms = [rule.matcher] + (list(rule.related.any) if rule.related is not None else [])
    return any(getattr(m, "near_incident", None) is not None for m in ms)


_CAND_SCHEMA = {
    "alert_id": pl.String, "rule_id": pl.String, "rule_title": pl.String, "severity": pl.String,
    "mmsi": pl.Int64, "other_mmsi": pl.Int64, "event_id": pl.String, "event_type": pl.String,
    "event_ids": pl.String, "related": pl.String, "start": pl.Datetime("us"), "end": pl.Datetime("us"),
    "lat": pl.Float64, "lon": pl.Float64, "confidence": pl.Float64, "points": pl.Float64, "score": pl.Float64,
    "breakdown": pl.String, "explanation": pl.String, "source": pl.String, "rules_sha256": pl.String,
}


def _alert_row(rule, r: dict, rs: RuleSet, context: list[dict]) -> dict:
    is_vessel = rule.behaviour == "vessel"
    details = {} if is_vessel else parse_details(r.get("details"))
    conf = None if is_vessel else r.get("confidence")
    primary = f"vessel:{r['subject']}" if is_vessel else r["event_id"]
    related = r.get("related") or []
    ev_ids = ([] if is_vessel else [r["event_id"]]) + [x["event_id"] for x in related if x["event_id"] != primary]
    pts = risk.rule_points(rule.weight, conf, rule.scale_by_confidence)
    score, breakdown = risk.alert_breakdown(rule.id, rule.title, rule.weight, conf, pts, context)
    return {
        "alert_id": alert_id(rule.id, r["subject"], primary), "rule_id": rule.id, "rule_title": rule.title,
        "severity": rule.severity, "mmsi": int(r["subject"]), "other_mmsi": r.get("other"),
        "event_id": None if is_vessel else r["event_id"], "event_type": None if is_vessel else r["type"],
        "event_ids": json.dumps(list(dict.fromkeys(ev_ids))), "related": json.dumps(related),
        "start": r.get("start") if not is_vessel else r.get("first_seen"),
        "end": r.get("end") if not is_vessel else r.get("last_seen"),
        "lat": r.get("lat"), "lon": r.get("lon"), "confidence": conf, "points": pts, "score": score,
        "breakdown": json.dumps(breakdown), "explanation": explain(rule.explanation, r, details),
        "source": rule.source, "rules_sha256": rs.sha256,
    }
