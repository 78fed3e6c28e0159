"""The case-file section on reported incidents: incidents of the register that name the vessel
(linked MMSI, IMO or a name it broadcast) or lie near one of its events in space and time
(``reports.casefile_near_km`` and ``reports.casefile_near_hours``)."""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from .register import has_register
from .textnorm import fold


def e(v) -> str:
    return "" if v is None else html.escape(str(v))


def related_incidents(store, mmsi: int, events: list[dict], cfg) -> list[dict]:
    """[{incident row..., why, event_id, km, hours}] for the vessel, named ones first."""
    con = store.con
    if not has_register(con):
        return []
    inc = con.execute("SELECT * FROM incidents").pl()
    if inc.height == 0:
        return []
    ids = store.identities(mmsi)
    names = {fold(v) for v in ids.filter(pl.col("field") == "name")["value"].to_list()} if ids.height else set()
    imos = {int(v) for v in ids.filter(pl.col("field") == "imo")["value"].to_list() if str(v).isdigit()} \
        if ids.height else set()
    out: dict[str, dict] = {}
    for r in inc.iter_rows(named=True):
        mm = set(json.loads(r["mmsis"] or "[]"))
        vs = json.loads(r["vessels"] or "[]")
        why = None
        if mmsi in mm:
            why = "names the vessel (linked by MMSI/IMO/name at load)"
        elif any(v.get("imo") and int(v["imo"]) in imos for v in vs):
            why = "names the vessel's IMO"
        elif any(fold(v.get("name") or "") in names for v in vs if v.get("name")):
            why = "names the vessel"
        if why:
            out[r["incident_id"]] = {**r, "why": why, "event_id": None, "km": None, "hours": None}
    rc = cfg.reports
    evs = [x for x in events if x.get("lat") is not None and x.get("lon") is not None
           and np.isfinite(x["lat"]) and np.isfinite(x["lon"])]
    if evs:
        e_df = pl.DataFrame({"event_id": [x["event_id"] for x in evs], "e_start": [x["start"] for x in evs],
                             "e_end": [x["end"] for x in evs], "e_lat": [x["lat"] for x in evs],
                             "e_lon": [x["lon"] for x in evs]},
                            schema={"event_id": pl.String, "e_start": pl.Datetime("us"), "e_end": pl.Datetime("us"),
                                    "e_lat": pl.Float64, "e_lon": pl.Float64})
        h = timedelta(hours=float(rc.casefile_near_hours))
        i_df = inc.filter(pl.col("lat").is_not_null() & pl.col("start").is_not_null()).select(
            "incident_id", pl.col("lat").alias("i_lat"), pl.col("lon").alias("i_lon"),
            (pl.col("start").cast(pl.Datetime("us")) - h).alias("i_from"),
            (pl.col("end").fill_null(pl.col("start")).cast(pl.Datetime("us")) + timedelta(days=1) + h).alias("i_to"),
            pl.col("start").cast(pl.Datetime("us")).alias("i_t0"))
        if i_df.height:
            j = e_df.join_where(i_df, pl.col("e_end") >= pl.col("i_from"), pl.col("e_start") <= pl.col("i_to"))
            if j.height:
                la1, lo1 = np.radians(j["e_lat"].to_numpy()), np.radians(j["e_lon"].to_numpy())
                la2, lo2 = np.radians(j["i_lat"].to_numpy()), np.radians(j["i_lon"].to_numpy())
                hv = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
                km = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(hv, 0, 1)))
                j = j.with_columns(pl.Series("km", km)).filter(pl.col("km") <= float(rc.casefile_near_km))
                j = j.sort("km").unique("incident_id", keep="first")
                rows = {r["incident_id"]: r for r in inc.iter_rows(named=True)}
                for x in j.iter_rows(named=True):
                    if x["incident_id"] in out:
                        continue
                    hours = (x["e_start"] - x["i_t0"]).total_seconds() / 3600
                    out[x["incident_id"]] = {**rows[x["incident_id"]], "why": "near an event of the vessel",
                                             "event_id": x["event_id"], "km": round(x["km"], 1),
                                             "hours": round(hours, 1)}
    return sorted(out.values(), key=lambda r: (r["event_id"] is not None, r["start"] or datetime.min.date()))


def incidents_section(store, mmsi: int, events: list[dict], num: dict[str, int], cfg) -> str:
    """HTML of the case-file section (an empty register says so)."""
    rc = cfg.reports
    head = ("<h2>Reported incidents</h2><p class='muted'>Incidents of the register (seasentry reports load: news, "
            "coast-guard and NGO statements, UN texts, incident datasets such as IOM's Missing Migrants Project) "
            f"that name this vessel, or lie within {rc.casefile_near_km:g} km and {rc.casefile_near_hours:g} h of "
            "one of its events. They are reports, not AIS evidence: each lists its sources.</p>")
    if not has_register(store.con):
        return head + "<p>No reports loaded in this store.</p>"
    rows = related_incidents(store, mmsi, events, cfg)
    if not rows:
        return head + "<p>No reported incident names this vessel or lies near its events.</p>"
    body = []
    for r in rows:
        src = json.loads(r["sources"] or "[]")
        first = src[0] if src else {}
        c = json.loads(r["counts"] or "{}")
        link = first.get("source") or ""
        link_html = f"<a href='{e(link)}'>{e(link)}</a>" if str(link).startswith(("http://", "https://")) else e(link)
        why = e(r["why"])
        if r["event_id"]:
            why += f": event #{e(num.get(r['event_id'], r['event_id']))}, {e(r['km'])} km, " \
                   f"{e(r['hours'])} h from the incident's day"
        body.append(f"<tr><td><code>{e(r['incident_id'])}</code></td><td>{e(r['type'])}</td><td>{e(r['start'])}"
                    + ("" if r["end"] == r["start"] else f" to {e(r['end'])}") + f"</td><td>{e(r['place'])}</td>"
                    f"<td>{e(', '.join(f'{k} {v}' for k, v in c.items()))}</td><td>{why}</td>"
                    f"<td>{e(len(src))}: {e(first.get('source_name'))} {link_html} "
                    f"(published {e(first.get('published'))})</td><td>{e(r['confidence'])}</td></tr>")
    return head + ("<table><thead><tr><th>incident</th><th>type</th><th>date</th><th>place</th><th>counts</th>"
                   "<th>why listed</th><th>sources</th><th>confidence</th></tr></thead><tbody>" + "".join(body)
                   + "</tbody></table>")
