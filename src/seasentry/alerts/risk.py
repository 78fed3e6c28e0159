"""Risk scores: a sum of indicators with stated weights, and the breakdown that explains it.

*Indicator*: one rule that fired. Its points are the rule's ``weight`` (risk points, stated in
the rule file with the source of the practice it encodes) times the confidence of the event
that triggered it (``scale_by_confidence: false`` keeps the full weight). Context indicators
(rules with ``alert: false``, e.g. the flag of an open registry) raise no alert of their own.

*Alert score* = its rule's points + the points of the vessel's context indicators.

*Vessel score* ("why is this vessel red?") = for each rule, the highest points among the
vessel's open alerts of that rule (repeating the same behaviour does not add up without bound),
summed over rules, + its context indicators once each. Dismissed alerts and alerts whose
evidence has gone (``active = false``) do not count. Levels: red >= ``alerts.red_score``,
amber >= ``alerts.amber_score`` (seasentry.config.AlertsConfig), else green.

This is a transparent additive model in the spirit of the indicator lists of the US Global
Maritime Sanctions Advisory (14 May 2020): each practice raises risk; none is proof alone.
"""

from __future__ import annotations

import json


def rule_points(weight: float, confidence: float | None, scale_by_confidence: bool = True) -> float:
    c = 1.0 if confidence is None or not scale_by_confidence else max(0.0, min(1.0, float(confidence)))
    return round(float(weight) * c, 1)


def points_text(v: float | None) -> str:
    """Points as computed (they are rounded to 0.1 when computed): 122.5 stays 122.5, 100.0 is 100."""
    if v is None:
        return ""
    t = f"{float(v):.1f}"
    return t[:-2] if t.endswith(".0") else t


def level(score: float, red: float, amber: float) -> str:
    return "red" if score >= red else "amber" if score >= amber else "green"


def alert_breakdown(rule_id: str, title: str, weight: float, confidence: float | None, points: float,
                    context: list[dict]) -> tuple[float, list[dict]]:
    """(score, breakdown items) of one alert."""
    items = [{"indicator": rule_id, "title": title, "weight": weight, "confidence": confidence,
              "points": points, "kind": "rule"}]
    items += [{"indicator": c["rule_id"], "title": c["title"], "weight": c["points"], "confidence": None,
               "points": c["points"], "kind": "context", "explanation": c.get("explanation")} for c in context]
    return round(sum(i["points"] for i in items), 1), items


def vessel_scores(alerts: pl.DataFrame, context: pl.DataFrame, red: float, amber: float) -> pl.DataFrame:
    """Per vessel: score, level and the breakdown (JSON list, largest first).

    ``alerts``: mmsi, rule_id, rule_title, points, status, active, alert_id.
    ``context``: mmsi, rule_id, title, points, explanation.
    """
    import polars as pl

    schema = {"mmsi": pl.Int64, "vessel_score": pl.Float64, "level": pl.String, "breakdown": pl.String,
              "n_alerts": pl.UInt32}
    open_ = alerts.filter(pl.col("active") & (pl.col("status") != "dismissed")) if alerts.height else alerts
    per_rule = (open_.sort("points", descending=True)
                .group_by(["mmsi", "rule_id"], maintain_order=True)
                .agg(pl.col("rule_title").first().alias("title"), pl.col("points").max(),
                     pl.col("alert_id").alias("alerts"))
                if open_.height else pl.DataFrame(schema={"mmsi": pl.Int64, "rule_id": pl.String,
                                                           "title": pl.String, "points": pl.Float64,
                                                           "alerts": pl.List(pl.String)}))
    rows: dict[int, list[dict]] = {}
    for r in per_rule.iter_rows(named=True):
        rows.setdefault(int(r["mmsi"]), []).append(
            {"indicator": r["rule_id"], "title": r["title"], "points": r["points"], "kind": "rule",
             "alerts": r["alerts"]})
    for r in context.iter_rows(named=True) if context.height else []:
        rows.setdefault(int(r["mmsi"]), []).append(
            {"indicator": r["rule_id"], "title": r["title"], "points": r["points"], "kind": "context",
             "explanation": r.get("explanation")})
    out = []
    for mmsi, items in rows.items():
        items.sort(key=lambda i: -i["points"])
        score = _vessel_score([i["points"] for i in items])
        out.append({"mmsi": mmsi, "vessel_score": score, "level": level(score, red, amber),
                    "breakdown": json.dumps(items), "n_alerts": sum(len(i.get("alerts", [])) for i in items)})
    if not out:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(out, schema=schema).sort(["vessel_score", "mmsi"], descending=[True, False])


def _vessel_score(points: list[float]) -> float:
    """The vessel score of its indicators' points, largest first."""
    return round(sum(sorted(points, reverse=True)), 1)


def vessel_score_levels(alerts: list[dict], context: list[dict], red: float, amber: float
                        ) -> dict[int, tuple[float, str]]:
    """MMSI -> (vessel score, level) of :func:`vessel_scores` (same rows, as dicts; no polars):
    per rule the highest points of the vessel's open alerts, plus every context indicator."""
    best: dict[tuple, float] = {}
    for a in alerts:
        if a["active"] and a["status"] is not None and a["status"] != "dismissed" and a["points"] is not None:
            k = (int(a["mmsi"]), a["rule_id"])
            best[k] = max(best[k], a["points"]) if k in best else a["points"]
    points: dict[int, list[float]] = {}
    for (m, _), p in best.items():
        points.setdefault(m, []).append(p)
    for c in context:
        points.setdefault(int(c["mmsi"]), []).append(c["points"])
    out = {}
    for m, ps in points.items():
        score = _vessel_score(ps)
        out[m] = (score, level(score, red, amber))
    return out
