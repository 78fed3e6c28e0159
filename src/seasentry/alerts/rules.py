"""Alert rules as data (YAML): area + behaviour + conditions, in the style of the EU's automated
behaviour monitoring (EMSA ABM). The format is documented in docs/alerts.md; the shipped rules
are ``default_rules.yaml`` beside this module.

    rs = load_rules()                     # shipped rules
    rs = load_rules("my_rules.yaml")      # a user's file (validated, precise error messages)
    views = event_views(events, vessels)  # one row per (event, subject vessel)
    hits = match_rule(rs.rules[0], views, rs, geo, ref_time)

Matching is columnar (polars expressions on the events table, NumPy geography); only the
explanation of matched rows is formatted in Python.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml

from .areas import Area, AreaError, evaluate_area
from .near_incident import NearIncident, NearIncidentError, match_near_incident

DEFAULT_RULES = Path(__file__).resolve().parent / "default_rules.yaml"
EVENT_TYPES = {"gap", "encounter", "loitering", "port_visit", "zone_entry", "zone_exit", "spoofing",
               "identity_change", "sanctions_match"}
OPS = {"==", "!=", ">", ">=", "<", "<=", "in", "not_in", "contains", "exists", "missing"}
SEVERITIES = ("info", "low", "medium", "high", "critical")


class RuleError(ValueError):
    """A rule file that cannot be used (the message names the file, rule and key)."""


@dataclass
class Condition:
    field: str
    op: str
    value: Any = None


@dataclass
class Matcher:
    """behaviour + area + conditions (used by rules and by their ``related`` clauses)."""
    behaviour: list[str] | str
    area: Area | None = None
    conditions: list[Condition] = field(default_factory=list)
    near_incident: NearIncident | None = None   # near a reported incident (seasentry incidents)


@dataclass
class Related:
    who: str                      # self | other
    when: str                     # before | after | around
    window_days: float
    any: list[Matcher]


@dataclass
class Rule:
    id: str
    title: str
    matcher: Matcher
    weight: float
    severity: str = "medium"
    alert: bool = True
    related: Related | None = None
    recent_days: float | None = None
    scale_by_confidence: bool = True
    explanation: str = ""
    source: str = ""

    @property
    def behaviour(self):
        return self.matcher.behaviour


@dataclass
class RuleSet:
    rules: list[Rule]
    areas: dict[str, Area]
    lists: dict[str, dict]
    path: str
    sha256: str

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


# ----------------------------------------------------------------------------- parsing
def load_rules(path: str | Path | None = None) -> RuleSet:
    """Read and validate a rule file (default: the shipped ``default_rules.yaml``)."""
    p = Path(path) if path else DEFAULT_RULES
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise RuleError(f"{p}: cannot read rule file: {exc}") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleError(f"{p}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{p}: expected a mapping with a 'rules' list")
    lists = {}
    for name, spec in (data.get("lists") or {}).items():
        vals = spec.get("values") if isinstance(spec, dict) else spec
        if not isinstance(vals, list):
            raise RuleError(f"{p}: list {name!r} needs 'values: [...]'")
        lists[str(name)] = {"values": [str(v) for v in vals],
                            "source": str(spec.get("source", "")) if isinstance(spec, dict) else ""}
    areas = {}
    for name, spec in (data.get("areas") or {}).items():
        try:
            areas[str(name)] = Area.parse(str(name), spec)
        except AreaError as exc:
            raise RuleError(f"{p}: {exc}") from None
    rules, seen = [], set()
    for i, r in enumerate(data["rules"]):
        where = f"{p}: rule #{i + 1}"
        if not isinstance(r, dict) or not r.get("id"):
            raise RuleError(f"{where}: each rule needs an 'id'")
        rid = str(r["id"])
        where = f"{p}: rule {rid!r}"
        if rid in seen:
            raise RuleError(f"{where}: duplicate id")
        seen.add(rid)
        known = {"id", "title", "behaviour", "area", "conditions", "related", "recent_days", "weight", "severity",
                 "alert", "scale_by_confidence", "explanation", "source", "near_incident"}
        bad = set(r) - known
        if bad:
            raise RuleError(f"{where}: unknown key(s) {sorted(bad)}; known: {sorted(known)}")
        if "weight" not in r:
            raise RuleError(f"{where}: needs a 'weight' (risk points)")
        if not r.get("source"):
            raise RuleError(f"{where}: needs a 'source' (the published practice it encodes)")
        sev = str(r.get("severity", "medium"))
        if sev not in SEVERITIES:
            raise RuleError(f"{where}: severity must be one of {SEVERITIES}")
        try:
            weight = float(r["weight"])
        except (TypeError, ValueError):
            raise RuleError(f"{where}: weight must be a number") from None
        rules.append(Rule(
            id=rid, title=str(r.get("title") or rid), matcher=_matcher(r, areas, lists, where), weight=weight,
            severity=sev, alert=bool(r.get("alert", True)),
            related=_related(r.get("related"), areas, lists, where),
            recent_days=None if r.get("recent_days") is None else float(r["recent_days"]),
            scale_by_confidence=bool(r.get("scale_by_confidence", True)),
            explanation=" ".join(str(r.get("explanation") or "").split()), source=" ".join(str(r["source"]).split())))
    return RuleSet(rules=rules, areas=areas, lists=lists, path=str(p), sha256=hashlib.sha256(raw).hexdigest())


def _matcher(r: dict, areas: dict, lists: dict, where: str) -> Matcher:
    b = r.get("behaviour")
    if b == "vessel":
        behaviour: list[str] | str = "vessel"
    else:
        behaviour = [str(x) for x in (b if isinstance(b, list) else [b])] if b else []
        unknown = [x for x in behaviour if x not in EVENT_TYPES]
        if not behaviour or unknown:
            raise RuleError(f"{where}: behaviour must be 'vessel' or event types from {sorted(EVENT_TYPES)}"
                            + (f" (unknown: {unknown})" if unknown else ""))
    area = None
    if r.get("area") is not None:
        a = r["area"]
        if isinstance(a, str):
            if a not in areas:
                raise RuleError(f"{where}: unknown area {a!r}; defined: {sorted(areas)}")
            area = areas[a]
        else:
            try:
                area = Area.parse(f"{r.get('id', 'related')}.area", a)
            except AreaError as exc:
                raise RuleError(f"{where}: {exc}") from None
    conds = []
    for c in r.get("conditions") or []:
        if not isinstance(c, dict) or "field" not in c or "op" not in c:
            raise RuleError(f"{where}: each condition needs field and op, got {c!r}")
        op = str(c["op"])
        if op not in OPS:
            raise RuleError(f"{where}: unknown op {op!r}; ops: {sorted(OPS)}")
        val = c.get("value")
        if isinstance(val, str) and val.startswith("$"):
            if val[1:] not in lists:
                raise RuleError(f"{where}: unknown list {val!r}; defined: {sorted(lists)}")
            val = lists[val[1:]]["values"]
        if op in ("in", "not_in") and not isinstance(val, list):
            raise RuleError(f"{where}: op {op} needs a list value")
        conds.append(Condition(field=str(c["field"]), op=op, value=val))
    near = None
    if r.get("near_incident") is not None:
        if behaviour == "vessel":
            raise RuleError(f"{where}: near_incident applies to events, not to 'behaviour: vessel'")
        try:
            near = NearIncident.parse(r["near_incident"], where)
        except NearIncidentError as exc:
            raise RuleError(str(exc)) from None
    return Matcher(behaviour=behaviour, area=area, conditions=conds, near_incident=near)


def _related(spec, areas, lists, where) -> Related | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or not spec.get("any"):
        raise RuleError(f"{where}: related needs 'any: [{{behaviour, area, conditions}}...]'")
    who, when = str(spec.get("who", "self")), str(spec.get("when", "before"))
    if who not in ("self", "other") or when not in ("before", "after", "around"):
        raise RuleError(f"{where}: related.who is self|other, related.when is before|after|around")
    ms = [_matcher(m, areas, lists, where + " related") for m in spec["any"]]
    if any(m.behaviour == "vessel" for m in ms):
        raise RuleError(f"{where}: related clauses match events, not 'vessel'")
    return Related(who=who, when=when, window_days=float(spec.get("window_days", 7)), any=ms)


# ----------------------------------------------------------------------------- views
SHIP_KIND = [  # ITU-R M.1371-5 table 53 ship types -> coarse kind
    ((30, 30), "fishing"), ((31, 32), "tug"), ((52, 52), "tug"), ((33, 33), "dredger"), ((35, 35), "military"),
    ((36, 37), "pleasure"), ((40, 49), "high_speed_craft"), ((50, 59), "special"), ((60, 69), "passenger"),
    ((70, 79), "cargo"), ((80, 89), "tanker"),
]


def ship_kind_expr(col: str) -> pl.Expr:
    c = pl.col(col).cast(pl.Int32, strict=False)
    # ship types are stored as broadcast: 1-19 and 100-255 are reserved codes (Table 53), no kind
    expr = pl.when(c.is_null() | (c < 20) | (c > 99)).then(pl.lit("unknown"))
    for (lo, hi), kind in SHIP_KIND:
        expr = expr.when(c.is_between(lo, hi)).then(pl.lit(kind))
    return expr.otherwise(pl.lit("other"))


VESSEL_COLS = ["name", "imo", "callsign", "flag", "ship_type"]


def event_views(events: pl.DataFrame, vessels: pl.DataFrame) -> pl.DataFrame:
    """One row per (event, subject vessel): an encounter concerns both vessels, so it gives two
    rows (``subject``/``other`` swapped); every other event one row (``subject`` = ``mmsi``)."""
    ev = events.with_columns(pl.col("mmsi").alias("subject"), pl.col("other_mmsi").alias("other"))
    enc = events.filter((pl.col("type") == "encounter") & pl.col("other_mmsi").is_not_null()).with_columns(
        pl.col("other_mmsi").alias("subject"), pl.col("mmsi").alias("other"))
    views = pl.concat([ev, enc.select(ev.columns)], how="vertical")
    v = vessels.select(["mmsi", *VESSEL_COLS])
    views = views.join(v.rename({c: f"vessel_{c}" for c in VESSEL_COLS}), left_on="subject", right_on="mmsi",
                       how="left")
    views = views.join(v.rename({c: f"other_{c}" for c in VESSEL_COLS}), left_on="other", right_on="mmsi",
                       how="left")
    return views.with_columns(
        vessel_kind=ship_kind_expr("vessel_ship_type"), other_kind=ship_kind_expr("other_ship_type"),
        duration_h=(pl.col("end") - pl.col("start")).dt.total_seconds() / 3600.0,
    )


def vessel_rows(vessels: pl.DataFrame) -> pl.DataFrame:
    """Vessels as rows for ``behaviour: vessel`` rules."""
    return vessels.select(
        pl.col("mmsi").alias("subject"), *[pl.col(c).alias(f"vessel_{c}") for c in VESSEL_COLS],
        "first_seen", "last_seen").with_columns(vessel_kind=ship_kind_expr("vessel_ship_type"))


# ----------------------------------------------------------------------------- matching
def _field_expr(name: str, value: Any) -> pl.Expr:
    if name.startswith("details."):
        path = "$." + name[len("details."):]
        s = pl.col("details").str.json_path_match(path)
        if isinstance(value, bool):
            low = s.str.to_lowercase()
            return pl.when(low == "true").then(True).when(low == "false").then(False).otherwise(None)
        if isinstance(value, (int, float)) or (isinstance(value, list) and value and
                                               all(isinstance(x, (int, float)) for x in value)):
            return s.cast(pl.Float64, strict=False)
        return s
    col = name.replace(".", "_")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return pl.col(col).cast(pl.Float64, strict=False)
    if isinstance(value, str) or (isinstance(value, list) and value and isinstance(value[0], str)):
        return pl.col(col).cast(pl.String)
    return pl.col(col)


def condition_expr(c: Condition, columns: list[str]) -> pl.Expr:
    base = c.field.split(".")[0]
    if not c.field.startswith("details.") and c.field.replace(".", "_") not in columns:
        raise RuleError(f"condition field {c.field!r}: not known; fields: details.*, "
                        + ", ".join(sorted(x.replace("_", ".", 1) if x.startswith(("vessel_", "other_")) else x
                                           for x in columns)))
    if c.field.startswith("details.") and "details" not in columns:
        return pl.lit(False)
    del base
    x = _field_expr(c.field, c.value)
    v = c.value
    if c.op == "exists":
        return x.is_not_null()
    if c.op == "missing":
        return x.is_null()
    if c.op == "==":
        return x.eq_missing(v).fill_null(False)
    if c.op == "!=":
        return x.ne_missing(v).fill_null(True)
    if c.op in (">", ">=", "<", "<="):
        fn = {">": x.gt, ">=": x.ge, "<": x.lt, "<=": x.le}[c.op]
        return fn(v).fill_null(False)
    if c.op == "in":
        return x.is_in(v).fill_null(False)
    if c.op == "not_in":
        return (~x.is_in(v)).fill_null(True)
    if c.op == "contains":
        return x.cast(pl.String).str.contains(str(v), literal=True).fill_null(False)
    raise RuleError(f"unknown op {c.op!r}")


def match_matcher(m: Matcher, rows: pl.DataFrame, geo, incidents: pl.DataFrame | None = None
                  ) -> tuple[pl.DataFrame, dict[str, np.ndarray]]:
    """Rows matching behaviour + conditions + area (+ near_incident), with the context columns."""
    if m.behaviour != "vessel":
        rows = rows.filter(pl.col("type").is_in(m.behaviour))
    for c in m.conditions:
        rows = rows.filter(condition_expr(c, rows.columns))
    ctx: dict[str, np.ndarray] = {}
    if m.area is not None and rows.height:
        if "lat" not in rows.columns:
            raise RuleError("areas apply to events, not to 'behaviour: vessel' rules")
        mask, ctx = evaluate_area(m.area, rows, geo)
        rows = rows.filter(pl.Series(mask))
        ctx = {k: v[mask] for k, v in ctx.items()}
    if m.near_incident is not None:
        rows = rows.with_row_index("_ni_row")
        rows = match_near_incident(rows, m.near_incident, incidents)
        keep = rows["_ni_row"].to_numpy()
        ctx = {k: v[keep] for k, v in ctx.items()}
        for k in [c for c in rows.columns if c.startswith("ctx_incident")]:
            ctx[k[4:]] = rows[k].to_numpy()
        rows = rows.drop(["_ni_row"] + [c for c in rows.columns if c.startswith("ctx_incident")])
    return rows, ctx


def match_rule(rule: Rule, rows: pl.DataFrame, geo, ref_time: datetime | None = None,
               all_views: pl.DataFrame | None = None, min_confidence: float = 0.0,
               incidents: pl.DataFrame | None = None) -> pl.DataFrame:
    """Rows (views, or vessel rows) matching ``rule``; adds context columns and ``related``
    (list of {event_id, type, start, end, text}) when the rule has a related clause."""
    if rule.behaviour != "vessel" and min_confidence > 0:
        rows = rows.filter(pl.col("confidence").fill_null(1.0) >= min_confidence)
    if rule.recent_days is not None and ref_time is not None and rule.behaviour != "vessel":
        rows = rows.filter(pl.col("start") >= ref_time - timedelta(days=rule.recent_days))
    hits, ctx = match_matcher(rule.matcher, rows, geo, incidents)
    for k, v in ctx.items():
        hits = hits.with_columns(pl.Series(f"ctx_{k}", v.tolist(), dtype=pl.Float64 if v.dtype.kind == "f"
                                           else pl.String, strict=False))
    if rule.related is not None and hits.height:
        hits = _attach_related(rule.related, hits, all_views if all_views is not None else rows, geo, incidents)
    return hits


def _attach_related(rel: Related, hits: pl.DataFrame, views: pl.DataFrame, geo, incidents=None) -> pl.DataFrame:
    cands = []
    for m in rel.any:
        r, ctx = match_matcher(m, views, geo, incidents)
        if not r.height:
            continue
        near = ctx.get("near_port")
        port = r["details"].str.json_path_match("$.port.name").to_list()
        text = []
        for i, row in enumerate(r.select("type", "start").iter_rows()):
            t = f"{row[0]} {row[1]:%Y-%m-%d %H:%M}Z"
            if port[i]:
                t += f" at {port[i]}"
            elif near is not None and near[i]:
                t += f" near {near[i]}"
            text.append(t)
        cands.append(r.select(pl.col("subject").alias("r_mmsi"), pl.col("event_id").alias("r_id"),
                              pl.col("start").alias("r_start"), pl.col("end").alias("r_end"))
                     .with_columns(r_text=pl.Series(text, dtype=pl.String)))
    key = "subject" if rel.who == "self" else "other"
    if not cands:
        return hits.clear().with_columns(related=pl.lit(None, dtype=pl.List(pl.Struct(
            {"event_id": pl.String, "text": pl.String}))))
    c = pl.concat(cands).unique(subset=["r_mmsi", "r_id"], keep="first", maintain_order=True)
    w = timedelta(days=rel.window_days)
    idx = hits.with_row_index("_row")
    j = idx.select("_row", key, "start", "end", "event_id").join(c, left_on=key, right_on="r_mmsi", how="inner")
    if rel.when == "before":
        cond = (pl.col("r_start") <= pl.col("start")) & (pl.col("r_end") >= pl.col("start") - w)
    elif rel.when == "after":
        cond = (pl.col("r_start") >= pl.col("end")) & (pl.col("r_start") <= pl.col("end") + w)
    else:
        cond = (pl.col("r_end") >= pl.col("start") - w) & (pl.col("r_start") <= pl.col("end") + w)
    j = j.filter(cond & (pl.col("r_id") != pl.col("event_id"))).sort(["_row", "r_start"])
    g = j.group_by("_row", maintain_order=True).agg(
        related=pl.struct(pl.col("r_id").alias("event_id"), pl.col("r_text").alias("text")))
    return idx.join(g, on="_row", how="inner").sort("_row").drop("_row")


# ----------------------------------------------------------------------------- explanations
_PH = re.compile(r"\{([a-zA-Z_][\w.]*)(?::([^{}]*))?\}")


def _vessel_label(row: dict, prefix: str, mmsi_key: str) -> str:
    mmsi = row.get(mmsi_key)
    if mmsi is None:
        return "?"
    name = row.get(f"{prefix}_name")
    return f"{name} (MMSI {mmsi})" if name else f"MMSI {mmsi}"


def identity_summary(details: dict) -> str:
    if details.get("kind") in ("flag_hop", "new_mmsi"):
        return (f"IMO {details.get('imo')} moved from MMSI {details.get('old_mmsi')} to MMSI "
                f"{details.get('new_mmsi')} ({details.get('kind')})")
    parts = [f"{f} {ch.get('old')} -> {ch.get('new')}" for f, ch in (details.get("changes") or {}).items()
             if isinstance(ch, dict)]
    return ", ".join(parts) or "identity fields changed"


def explain(template: str, row: dict, details: dict) -> str:
    """Fill ``{placeholders}`` of a rule's explanation; unknown fields show as '?'."""
    ctx: dict[str, Any] = {
        "vessel": _vessel_label(row, "vessel", "subject"), "other": _vessel_label(row, "other", "other"),
        "start": _fmt_t(row.get("start")), "end": _fmt_t(row.get("end")), "duration_h": row.get("duration_h"),
        "mmsi": row.get("subject"), "vessel_flag": row.get("vessel_flag"), "type": row.get("type"),
        "related": "; ".join(x["text"] for x in (row.get("related") or [])) or "-",
        "identity_change": identity_summary(details) if row.get("type") == "identity_change" else "",
    }
    for k, v in row.items():
        if k.startswith("ctx_"):
            ctx[k[4:]] = v

    def sub(m: re.Match) -> str:
        key, fmt = m.group(1), m.group(2)
        if key.startswith("details."):
            val: Any = details
            for part in key.split(".")[1:]:
                val = val.get(part) if isinstance(val, dict) else None
        else:
            val = ctx.get(key, row.get(key))
        if val is None:
            return "?"
        if isinstance(val, list):
            val = ", ".join(map(str, val))
        try:
            return format(val, fmt) if fmt else str(val)
        except (TypeError, ValueError):
            return str(val)

    return _PH.sub(sub, template) if template else ""


def _fmt_t(t) -> str | None:
    return None if t is None else f"{t:%Y-%m-%d %H:%M}Z"


def parse_details(s) -> dict:
    try:
        d = json.loads(s) if s else {}
        return d if isinstance(d, dict) else {}
    except (TypeError, ValueError):
        return {}
