"""The case-file section on satellite / radar detections of a vessel (seasentry.alerts.casefile):
the detections matched to it (where a satellite saw it, and how well its AIS agreed) and the dark
detections linked to it (seen while its AIS was off near where it went silent, or a vessel without
AIS alongside it)."""

from __future__ import annotations

import json


def event_summary(ev: dict, d: dict) -> str:
    """One line for the events timeline."""
    if ev["type"] == "ais_match":
        return (f"seen by {d.get('source')} ({d.get('sensor')}), detection {d.get('detection_id')}: "
                f"{d.get('distance_m', 0):.0f} m from its AIS position at the image time, score "
                f"{d.get('score', 0):.2f}" + (f", length {d.get('length_m'):.0f} m (AIS {d.get('ais_length_m'):.0f} m)"
                                               if d.get("length_m") and d.get("ais_length_m") else ""))
    if ev["type"] == "dark_detection":
        parts = [f"{d.get('source')} detection {d.get('detection_id')} matched no AIS vessel"]
        if d.get("length_m"):
            parts.append(f"{d['length_m']:.0f} m")
        g = d.get("gap_link")
        if g:
            parts.append(f"{g.get('from_start_km', 0):.0f} km from where MMSI {g.get('mmsi')} went dark "
                         f"{g.get('hours_since_dark') or 0:.1f} h earlier")
        a = d.get("alongside")
        if a:
            parts.append(f"{a.get('distance_m', 0):.0f} m from MMSI {a.get('mmsi')} ({a.get('kind')}) with AIS on")
        return "; ".join(parts)
    return ev["type"]


def section(store, mmsi: int, t0, t1, num: dict, e, table) -> list[str]:
    """HTML parts of the section ('' when the store holds no detections)."""
    c = store.con
    n = c.execute("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                  "('detections', 'detection_results')").fetchone()[0]
    if n < 2:
        return []
    cond, args = ["r.mmsi = ?", "r.status IN ('matched', 'ambiguous')"], [int(mmsi)]
    if t0 is not None:
        cond.append("d.ts >= ?")
        args.append(t0)
    if t1 is not None:
        cond.append("d.ts <= ?")
        args.append(t1)
    matched = c.execute(f"""SELECT d.detection_id, d.scene_id, d.ts, d.source, d.lat, d.lon, d.length_m,
                                   r.status, r.score, r.distance_m, r.event_id
                            FROM detections d JOIN detection_results r USING (detection_id)
                            WHERE {' AND '.join(cond)} ORDER BY d.ts""", args).fetchall()
    dark = c.execute("""SELECT event_id, start, lat, lon, details FROM events
                        WHERE type = 'dark_detection' AND other_mmsi = ? ORDER BY start""", [int(mmsi)]).fetchall()
    parts = ["<h2>4b. Satellite and radar detections</h2><p class='muted'>Vessel detections in satellite radar "
             "(Sentinel-1, RADARSAT-2), optical (Sentinel-2) and night-light (VIIRS) images, matched to AIS: each "
             "AIS track is interpolated to the image time with an uncertainty that grows with the time to its "
             "nearest report and its speed, radar images are corrected for the azimuth shift of moving ships, and "
             "each detection is assigned to at most one vessel (method after Global Fishing Watch, Paolo et al. "
             "2024, Nature 625). Dark detections are detections no AIS vessel accounts for.</p>"]
    if matched:
        parts.append("<h3>Detections matched to this vessel</h3>")
        parts.append(table(["#", "image time (UTC)", "source", "scene", "position", "length (m)", "distance from AIS (m)",
                            "score", "status"],
                           [[e(num.get(r[10], "")), e(r[2]), e(r[3]), f"<code>{e(r[1])}</code>",
                             f"{r[4]:.4f}, {r[5]:.4f}", e(r[6]), f"{r[9]:.0f}" if r[9] is not None else "",
                             f"{r[8]:.2f}" if r[8] is not None else "", e(r[7])] for r in matched]))
    else:
        parts.append("<p>No satellite or radar detection was matched to this vessel.</p>")
    if dark:
        rows = []
        for eid, start, lat, lon, det in dark:
            try:
                d = json.loads(det)
            except (TypeError, ValueError):
                d = {}
            why = []
            if (d.get("gap_link") or {}).get("mmsi") == int(mmsi):
                g = d["gap_link"]
                why.append(f"while this vessel's AIS was off: {g.get('from_start_km', 0):.0f} km from where it went "
                           f"dark {g.get('hours_since_dark') or 0:.1f} h earlier")
            if (d.get("alongside") or {}).get("mmsi") == int(mmsi):
                why.append(f"{d['alongside'].get('distance_m', 0):.0f} m from this vessel (possible ship-to-ship "
                           f"partner)")
            rows.append([e(num.get(eid, "")), e(start), e(d.get("source")), f"<code>{e(d.get('detection_id'))}</code>",
                         f"{lat:.4f}, {lon:.4f}", e(d.get("length_m")), e("; ".join(why))])
        parts.append("<h3>Dark detections linked to this vessel</h3><p class='muted'>Detections that matched no AIS "
                     "vessel, close to where this vessel went silent (it may be this vessel with its AIS off) or "
                     "alongside it.</p>")
        parts.append(table(["#", "image time (UTC)", "source", "detection", "position", "length (m)", "link"], rows))
    return parts
