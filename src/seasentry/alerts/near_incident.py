"""Rule clause ``near_incident``: the event lies near a reported incident in space and time.

    near_incident:
      type: [departure]        # incident types of the register (seasentry incidents)
      within_km: 15            # great-circle distance from the event's position to the incident's place
      hours_before: 6          # the event may start this long before the incident's first day ...
      hours_after: 12          # ... and this long after its last day ends (a departure reported for a
                               # day, the boat leaving that night)
      min_confidence: 0.5      # incidents below this confidence are ignored

It works for any event type with a position (gap today; dark detections once they are events),
pure and columnar: an inequality join on time (polars ``join_where``) then a vectorised distance.
Context columns for explanations: ``incident``, ``incident_type``, ``incident_place``,
``incident_start``, ``incident_km``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
import polars as pl

EARTH_KM = 6371.0088


class NearIncidentError(ValueError):
    pass


@dataclass
class NearIncident:
    types: list[str] = field(default_factory=list)
    within_km: float = 15.0
    hours_before: float = 6.0
    hours_after: float = 12.0
    min_confidence: float = 0.0

    @classmethod
    def parse(cls, spec, where: str) -> "NearIncident":
        if not isinstance(spec, dict):
            raise NearIncidentError(f"{where}: near_incident needs a mapping (type, within_km, hours_before, "
                                    f"hours_after, min_confidence)")
        known = {"type", "within_km", "hours_before", "hours_after", "min_confidence"}
        bad = set(spec) - known
        if bad:
            raise NearIncidentError(f"{where}: near_incident has unknown key(s) {sorted(bad)}; known: {sorted(known)}")
        t = spec.get("type") or []
        types = [str(x) for x in (t if isinstance(t, list) else [t])]
        try:
            n = cls(types, float(spec.get("within_km", 15)), float(spec.get("hours_before", 6)),
                    float(spec.get("hours_after", 12)), float(spec.get("min_confidence", 0)))
        except (TypeError, ValueError):
            raise NearIncidentError(f"{where}: near_incident values must be numbers") from None
        if n.within_km <= 0 or n.hours_before < 0 or n.hours_after < 0:
            raise NearIncidentError(f"{where}: near_incident within_km > 0, hours_before/after >= 0")
        return n


INCIDENT_COLUMNS = {"incident_id": pl.String, "type": pl.String, "start": pl.Date, "end": pl.Date,
                    "lat": pl.Float64, "lon": pl.Float64, "place": pl.String, "confidence": pl.Float64}


def load_incidents(con) -> pl.DataFrame:
    """The register's incidents with a position (empty frame when there is no register)."""
    n = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'incidents'").fetchone()[0]
    if not n:
        return pl.DataFrame(schema=INCIDENT_COLUMNS)
    return con.execute("""SELECT incident_id, type, start, "end", lat, lon, place, confidence FROM incidents
                          WHERE lat IS NOT NULL AND lon IS NOT NULL AND start IS NOT NULL""").pl()


def match_near_incident(rows: pl.DataFrame, spec: NearIncident, incidents: pl.DataFrame | None) -> pl.DataFrame:
    """Rows (with start, lat, lon) that lie near an incident; each with its nearest one as
    ``ctx_incident*`` columns."""
    ctx_schema = {"ctx_incident": pl.String, "ctx_incident_type": pl.String, "ctx_incident_place": pl.String,
                  "ctx_incident_start": pl.String, "ctx_incident_km": pl.Float64}
    if incidents is None or incidents.height == 0 or rows.height == 0:
        return rows.clear().with_columns(*[pl.lit(None, dtype=t).alias(k) for k, t in ctx_schema.items()])
    inc = incidents
    if spec.types:
        inc = inc.filter(pl.col("type").is_in(spec.types))
    if spec.min_confidence > 0:
        inc = inc.filter(pl.col("confidence").fill_null(0) >= spec.min_confidence)
    if inc.height == 0:
        return rows.clear().with_columns(*[pl.lit(None, dtype=t).alias(k) for k, t in ctx_schema.items()])
    inc = inc.select(
        pl.col("incident_id").alias("_i_id"), pl.col("type").alias("_i_type"), pl.col("place").alias("_i_place"),
        pl.col("start").cast(pl.String).alias("_i_start"), pl.col("lat").alias("_i_lat"), pl.col("lon").alias("_i_lon"),
        (pl.col("start").cast(pl.Datetime("us")) - pl.duration(hours=spec.hours_before)).alias("_i_from"),
        (pl.col("end").fill_null(pl.col("start")).cast(pl.Datetime("us")) + timedelta(days=1)
         + pl.duration(hours=spec.hours_after)).alias("_i_to"))
    idx = rows.with_row_index("_row").filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    left = idx.select("_row", pl.col("start").cast(pl.Datetime("us")).alias("_e_t"), pl.col("lat").alias("_e_lat"),
                      pl.col("lon").alias("_e_lon"))
    j = left.join_where(inc, pl.col("_e_t") >= pl.col("_i_from"), pl.col("_e_t") <= pl.col("_i_to"))
    if j.height == 0:
        return rows.clear().with_columns(*[pl.lit(None, dtype=t).alias(k) for k, t in ctx_schema.items()])
    la1, lo1 = np.radians(j["_e_lat"].to_numpy()), np.radians(j["_e_lon"].to_numpy())
    la2, lo2 = np.radians(j["_i_lat"].to_numpy()), np.radians(j["_i_lon"].to_numpy())
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    km = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    j = j.with_columns(pl.Series("_km", km)).filter(pl.col("_km") <= spec.within_km)
    best = j.sort(["_row", "_km"]).unique("_row", keep="first").select(
        "_row", pl.col("_i_id").alias("ctx_incident"), pl.col("_i_type").alias("ctx_incident_type"),
        pl.col("_i_place").alias("ctx_incident_place"), pl.col("_i_start").alias("ctx_incident_start"),
        pl.col("_km").round(1).alias("ctx_incident_km"))
    return rows.with_row_index("_row").join(best, on="_row", how="inner").sort("_row").drop("_row")
