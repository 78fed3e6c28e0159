"""Satellite scenes over a generated Central-Mediterranean scenario: what Sentinel-1 (SAR) and
Sentinel-2 (optical) vessel detectors would report, with labelled truth.

The scenes are drawn over the scenario's own vessels (their true motion plans, including while
their AIS is off) plus objects that carry no AIS:

* **AIS vessels** in a footprint are detected with a length-dependent probability (logistic,
  ``L50``/``width`` per sensor: GFW's RADARSAT-2 recall fitted on the published matches is 50 % at
  31.6 m (logistic width 9.4 m) for its ScanSAR mode, see docs/detections.md; Sentinel-1 IW (20 m pixels) is taken as
  L50 = 20 m, Sentinel-2 (10 m) as 9 m), at their true position plus noise, and for SAR shifted
  along the satellite track by -(R/V) v_r (:func:`seasentry.detections.sar.azimuth_shift_m`).
  The matcher does not get this geometry exactly: the incidence angle varies across the
  swath (29-46 deg, near range on the left of the track, R from the altitude and look angle),
  where the matcher assumes 37 deg; each detection is imaged at the time of its azimuth line
  (up to 13 s from the scene centre) but reported at the scene time; measured lengths are
  unbiased (ln L + N(0, 0.30) for Sentinel-1, N(0, 0.15) optical), not the RADARSAT-2 model the
  matcher uses; large ships throw azimuth ambiguities ("ghosts", ~5.4 km along track, C band)
  that count as clutter.
  Vessels within ``MASK_NM`` of the coast are masked (SAR detectors mask land and ports).
* **Dark small craft** leave the western Libyan coast (Zuwara, Sabratha, Zawiya, Garabulli, the
  shipped departure points) at night for Lampedusa, Malta or Sicily at 4-7 kn; rubber boats
  9-12 m and wooden boats 12-22 m (IOM Missing Migrants Project and UNHCR describe both).
* **A dark tanker** stands by 250 m from the tanker loitering east of Malta (the scenario's
  injected loitering event): a ship-to-ship partner with its AIS off; the story's tanker is
  imaged while its own AIS is off (its gap).
* **Platforms** at the shipped platform positions (seasentry/data/detections/platforms.csv) and
  one unlisted fixed object (a buoy), detected in every scene that covers them.
* **Sea clutter** (false alarms): a Poisson number per scene, short, mostly low confidence.

Passes: Sentinel-1-like descending (~05 UTC) and ascending (~17 UTC) passes on two adjacent
tracks a day (250 km IW swath, 185 km frames), and a Sentinel-2-like pass (~10 UTC, 290 km).
The scene geometry (heading from the orbit inclination, right-looking radar) is that of
:mod:`seasentry.detections.sar`.

Outputs (:func:`write_scenes`): ``detections.csv`` (the generic detection CSV), 
``footprints.geojson`` (scene footprints, times), ``detections_truth.csv`` (what each detection
is) and ``missed_truth.csv`` (AIS vessels inside a footprint that were not detected).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import polars as pl
import shapely

from ..detections.context import departure_points, platforms
from ..detections.sar import KN, azimuth_shift_m, track_heading_deg
from .geography import distance_to_shore_nm, offset, on_land
from .kinematics import Plan, position_at

H = 3600.0
MASK_NM = 0.6            # detectors mask the coast (GFW masks ~1 km)
GROUND_SPEED_M_S = 6900.0
FRAME_LEN_M = 185_000.0
OFF_S = 6 * H            # AIS off: a silence of at least the gap floor around the image

#: sensor models
SENSOR = {
    "sentinel-1": dict(kind="sar", swath_m=250_000.0, pos_sigma_m=40.0, l50=20.0, width=6.0, p_max=0.97,
                       clutter_per_10k_km2=0.3, incidence=(29.1, 46.0), altitude_m=693_000.0, v_sat=7450.0,
                       len_sigma=0.30, ghost_p=0.15, ghost_m=5400.0),
    "sentinel-2": dict(kind="optical", swath_m=290_000.0, pos_sigma_m=20.0, l50=9.0, width=3.0, p_max=0.95,
                       clutter_per_10k_km2=0.15, len_sigma=0.15),
}
#: passes per day: (sensor, hh:mm UTC, ascending, track centre longitude at 35 N)
PASSES = [("sentinel-1", "05:05", False, 12.9), ("sentinel-1", "05:40", False, 15.0),
          ("sentinel-2", "09:55", False, 12.9),
          ("sentinel-1", "17:05", True, 12.9), ("sentinel-1", "17:40", True, 15.0)]
LAT_SPAN = (32.5, 37.0)
BUOY = ("unlisted fixed object (wellhead platform or large buoy)", 34.60, 13.95, 30.0)
DESTINATIONS = {"Lampedusa": (35.50, 12.60), "Malta": (35.80, 14.55), "Sicily": (36.60, 14.90)}


@dataclass
class SceneSet:
    detections: pl.DataFrame
    footprints: list[dict]
    truth: pl.DataFrame
    missed: pl.DataFrame
    summary: dict = field(default_factory=dict)


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")


def _stamp(t: float) -> str:
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%Y%m%dT%H%M%S")


def _p_detect(length, s) -> np.ndarray:
    return s["p_max"] / (1.0 + np.exp(-(np.asarray(length, float) - s["l50"]) / s["width"]))


def _frames(sensor: str, t_pass: float, ascending: bool, lon_c: float) -> list[dict]:
    """Frames of one pass along a straight track through (35 N, lon_c) at the local orbit heading:
    centre, heading, footprint polygon, start/end time (frames follow the direction of flight)."""
    s = SENSOR[sensor]
    lat0, lat1 = LAT_SPAN
    hd = float(track_heading_deg(35.0, ascending))
    c = abs(np.cos(np.radians(hd)))
    n = int(np.ceil((lat1 - lat0) * 111_195.0 / c / FRAME_LEN_M))
    lats = lat0 + (np.arange(n) + 0.5) * FRAME_LEN_M * c / 111_195.0
    if not ascending:
        lats = lats[::-1]
    out = []
    half_l, half_w = FRAME_LEN_M / 2, s["swath_m"] / 2
    for k, la_k in enumerate(lats):
        along = (la_k - 35.0) * 111_195.0 / np.cos(np.radians(hd))
        la, lo = offset(35.0, lon_c, hd, along)
        corners = []
        for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
            p = offset(la, lo, hd, a * half_l)
            q = offset(p[0], p[1], hd + 90.0, b * half_w)
            corners.append((float(q[1]), float(q[0])))
        t_mid = t_pass + k * FRAME_LEN_M / GROUND_SPEED_M_S
        dur = FRAME_LEN_M / GROUND_SPEED_M_S
        out.append({"sensor": sensor, "t": t_mid, "start": t_mid - dur / 2, "end": t_mid + dur / 2,
                    "heading": hd, "ascending": ascending, "poly": shapely.Polygon(corners), "lat": la, "lon": lo})
    return out


def _frame_coords(f: dict, lat: float, lon: float) -> tuple[float, float]:
    """(along-track, across-track to the right) metres of a point from a frame's centre."""
    dy = (lat - f["lat"]) * 111_195.0
    dx = (lon - f["lon"]) * 111_195.0 * np.cos(np.radians(f["lat"]))
    h = np.radians(f["heading"])
    return dx * np.sin(h) + dy * np.cos(h), dx * np.cos(h) - dy * np.sin(h)


def _scene_id(sensor: str, f: dict, k: int) -> str:
    a, b = _stamp(f["start"]), _stamp(f["end"])
    h = hashlib.sha256(f"{sensor}{a}{k}".encode()).hexdigest()
    if sensor == "sentinel-1":
        return f"S1A_IW_GRDH_1SDV_{a}_{b}_{int(h[:5], 16) % 60000:06d}_{h[5:11].upper()}_{h[11:15].upper()}.SAFE"
    return f"S2B_MSIL1C_{a}_N0510_R{int(h[:3], 16) % 143:03d}_T33S{h[3:5].upper()}_{_stamp(f['end'] + 3600)}.SAFE"


def _velocity(plan: Plan, t: float) -> tuple[float, float]:
    """(speed kn, course deg) of a plan at t (finite difference of the true motion)."""
    a = position_at(plan, t - 30.0)
    b = position_at(plan, t + 30.0)
    dy = (b[0] - a[0]) * 111_195.0
    dx = (b[1] - a[1]) * 111_195.0 * np.cos(np.radians(a[0]))
    return float(np.hypot(dx, dy) / 60.0 / KN), float(np.degrees(np.arctan2(dx, dy)) % 360.0)


def _ais_on(report_ts: np.ndarray, t: float) -> tuple[bool, float]:
    """(AIS on at t: the silence around t is shorter than OFF_S, minutes to the nearest report)."""
    if report_ts.size == 0:
        return False, np.inf
    j = np.searchsorted(report_ts, t)
    d1 = t - report_ts[j - 1] if j > 0 else np.inf
    d2 = report_ts[j] - t if j < report_ts.size else np.inf
    silence = d1 + d2 if (np.isfinite(d1) and np.isfinite(d2)) else min(d1, d2)
    return bool(silence < OFF_S), float(min(d1, d2) / 60.0)


def _small_craft(rng, t0: float, t1: float) -> list[dict]:
    """Dark small boats leaving the western Libyan coast at night."""
    boats = []
    deps = departure_points()
    nights = range(int(np.floor((t0 - 6 * H) / 86400.0)), int(np.ceil(t1 / 86400.0)) + 1)
    for d in nights:
        midnight = d * 86400.0
        for dp in deps:
            for _ in range(3):
                t_dep = midnight + float(rng.uniform(-4.0, 3.0)) * H          # 20:00 - 03:00 UTC
                if t_dep > t1 or t_dep < t0 - 30 * H:
                    continue
                rubber = rng.random() < 0.6
                length = float(rng.uniform(9, 12) if rubber else rng.uniform(12, 22))
                dest = "Malta" if (dp["name"] == "Garabulli" and rng.random() < 0.5) else \
                    ("Sicily" if rng.random() < 0.15 else "Lampedusa")
                tgt = DESTINATIONS[dest]
                start = offset(dp["lat"], dp["lon"], 0.0, 1500.0)
                tgt = (tgt[0] + float(rng.normal(0, 0.05)), tgt[1] + float(rng.normal(0, 0.08)))
                speed = float(rng.uniform(4.0, 7.0))
                plan = Plan.start(t_dep, *start).sail([tgt], speed)
                boats.append({"plan": plan, "length": length, "note": f"{'rubber' if rubber else 'wooden'} boat from "
                              f"{dp['name']} to {dest}", "kind": "dark_small_craft", "speed": speed})
    return boats


def generate_scenes(sc, seed: int | None = None) -> SceneSet:
    """Scenes, detections and truth over a generated :class:`~seasentry.scenario.Scenario`."""
    if not sc.actors:
        raise ValueError("the scenario carries no actors (generate it with seasentry.scenario.generate)")
    rng = np.random.default_rng((sc.seed if seed is None else seed) * 7919 + 17)
    t0, t1 = sc.start, sc.start + sc.hours * H
    # --- frames of every pass inside the scenario
    frames = []
    day0 = int(np.floor(t0 / 86400.0))
    for d in range(day0, int(np.ceil(t1 / 86400.0)) + 1):
        for sensor, hhmm, asc, lon_c in PASSES:
            hh, mm = (int(x) for x in hhmm.split(":"))
            tp = d * 86400.0 + hh * H + mm * 60.0
            fr = _frames(sensor, tp, asc, lon_c)
            if fr[0]["start"] >= t0 and fr[-1]["end"] <= t1:
                frames += fr
    for k, f in enumerate(frames):
        f["scene_id"] = _scene_id(f["sensor"], f, k)
    # --- objects
    reports = {}
    tv = sc.truth.select("vid", pl.col("ts").dt.epoch("s").alias("t")).sort("vid", "t")
    for vid, grp in tv.group_by("vid", maintain_order=True):
        reports[int(vid[0])] = grp["t"].to_numpy().astype(float)
    actors = sc.actors
    loiter = _loitering_tanker(actors, t0)
    story = next((a for a in actors if a.vessel.role == "story_dark_tanker"), None)
    boats = _small_craft(rng, t0, t1)
    plats = [dict(p, length=80.0) for p in platforms("")] + [
        {"name": BUOY[0], "kind": "buoy", "lat": BUOY[1], "lon": BUOY[2], "radius_m": 0.0, "position": "unlisted",
         "length": BUOY[3]}]
    # one physical ship may be two actors (a flag hop: the same plan under two MMSIs)
    seen_plans: dict[int, list] = {}
    for a in actors:
        seen_plans.setdefault(id(a.plan.lat), []).append(a)
    dark_tanker_len = float(rng.uniform(140, 180))
    det_rows, truth_rows, missed_rows = [], [], []
    counter = 0

    def emit(f, s, kind, lat, lon, length, speed, course, conf, truth):
        nonlocal counter
        counter += 1
        did = f"{'S1' if s['kind'] == 'sar' else 'S2'}-{_stamp(f['t'])}-{counter:05d}"
        heading = (course + float(rng.normal(0, 15.0))) % 360.0 if speed > 2.0 else float(rng.uniform(0, 360))
        det_rows.append({"detection_id": did, "scene_id": f["scene_id"], "time": _iso(f["t"]), "lat": round(lat, 6),
                         "lon": round(lon, 6), "length_m": round(length, 1), "width_m": round(length / 6.0, 1),
                         "heading_deg": round(heading, 1),
                         "speed_kn": round(max(0.0, speed + float(rng.normal(0, 1.5))), 1),
                         "confidence": round(float(np.clip(conf, 0.01, 1.0)), 3), "source": f["sensor"]})
        truth_rows.append({"detection_id": did, "scene_id": f["scene_id"], "kind": kind, **truth})

    for f in frames:
        s = SENSOR[f["sensor"]]
        poly = f["poly"]
        shapely.prepare(poly)
        t = f["t"]

        def observe(lat, lon, length, speed, course):
            """Measured position and length (None when masked, outside or not detected)."""
            if not shapely.contains_xy(poly, lon, lat):
                return None
            if float(distance_to_shore_nm(np.array([lat]), np.array([lon]))[0]) < MASK_NM:
                return None
            if rng.random() > float(_p_detect(length, s)):
                return "missed"
            # imaged at the time of its azimuth line, reported at the scene time
            along, across = _frame_coords(f, lat, lon)
            dt = along / GROUND_SPEED_M_S
            lat, lon = lat + speed * KN * dt * np.cos(np.radians(course)) / 111_195.0, \
                lon + speed * KN * dt * np.sin(np.radians(course)) / (111_195.0 * np.cos(np.radians(lat)))
            e = rng.normal(0, s["pos_sigma_m"], 2)
            if s["kind"] == "sar":
                inc0, inc1 = s["incidence"]
                inc = inc0 + (inc1 - inc0) * np.clip(across / s["swath_m"] + 0.5, 0, 1)
                look = np.radians(inc) - 0.1 * np.radians(inc)      # look angle ~ incidence minus curvature
                r_over_v = s["altitude_m"] / np.cos(look) / s["v_sat"]
                de, dn = azimuth_shift_m(np.array([speed]), np.array([course]), np.array([f["heading"]]),
                                         r_over_v, inc)
                e = e + np.array([de[0], dn[0]])
            mlat = lat + e[1] / 111_195.0
            mlon = lon + e[0] / (111_195.0 * np.cos(np.radians(lat)))
            mlen = float(length * np.exp(rng.normal(0, s["len_sigma"])))
            return mlat, mlon, mlen

        # AIS vessels (their true motion, whether or not they broadcast)
        for group in seen_plans.values():
            plan = group[0].plan
            if not (plan.t[0] <= t <= plan.t[-1]):
                continue
            # of the identities of one ship, the one broadcasting at t (or the first)
            states = [(a, *_ais_on(reports.get(a.vessel.vid, np.zeros(0)), t)) for a in group]
            a, on, near_min = max(states, key=lambda x: (x[1], -x[2]))
            v = a.vessel
            lat, lon = position_at(plan, t)
            L = float(v.identity.to_bow + v.identity.to_stern) or 20.0
            speed, course = _velocity(plan, t)
            o = observe(lat, lon, L, speed, course)
            if o is None:
                continue
            truth = {"vid": v.vid, "mmsi": v.mmsi, "ais_on": on, "report_min": round(near_min, 1),
                     "partner_mmsi": None, "true_lat": lat, "true_lon": lon, "true_length": L,
                     "speed_kn": round(speed, 1), "note": v.role}
            if o == "missed":
                if on:
                    inside_m = float(shapely.distance(shapely.boundary(poly), shapely.Point(lon, lat))) * 111_195.0 \
                        * np.cos(np.radians(lat))
                    missed_rows.append({"scene_id": f["scene_id"], "mmsi": v.mmsi, "vid": v.vid, "lat": lat,
                                        "lon": lon, "length_m": L, "report_min": round(near_min, 1),
                                        "inside_m": round(inside_m, 0), "shore_nm": round(float(
                                            distance_to_shore_nm(np.array([lat]), np.array([lon]))[0]), 2)})
                continue
            conf = 0.55 + 0.4 * (1 - np.exp(-L / 40.0)) + rng.normal(0, 0.08)
            emit(f, s, "ais_vessel" if on else "ais_off_vessel", o[0], o[1], o[2], speed, course, conf, truth)
            if s["kind"] == "sar" and L >= 150 and rng.random() < s["ghost_p"]:   # azimuth ambiguity
                g = offset(o[0], o[1], f["heading"] + (0 if rng.random() < 0.5 else 180), s["ghost_m"])
                if shapely.contains_xy(poly, g[1], g[0]):
                    emit(f, s, "clutter", g[0], g[1], o[2] * float(rng.uniform(0.5, 1.0)), 0.0, 0.0,
                         float(rng.uniform(0.3, 0.7)),
                         {"vid": None, "mmsi": None, "ais_on": False, "report_min": None, "partner_mmsi": v.mmsi,
                          "true_lat": g[0], "true_lon": g[1], "true_length": None, "speed_kn": 0.0,
                          "note": f"azimuth ambiguity of MMSI {v.mmsi}"})
        # the dark tanker standing by the loitering tanker
        if loiter is not None and loiter["t0"] <= t <= loiter["t1"]:
            la, lo = position_at(loiter["plan"], t)
            la, lo = offset(la, lo, 60.0, 250.0)
            o = observe(la, lo, dark_tanker_len, 0.3, 0.0)
            if o not in (None, "missed"):
                emit(f, s, "dark_tanker", o[0], o[1], o[2], 0.3, 0.0, 0.9 + rng.normal(0, 0.04),
                     {"vid": None, "mmsi": None, "ais_on": False, "report_min": None,
                      "partner_mmsi": loiter["mmsi"], "true_lat": la, "true_lon": lo,
                      "true_length": dark_tanker_len, "speed_kn": 0.3,
                      "note": "dark tanker standing by the loitering tanker (possible STS partner)"})
        # dark small craft
        for b in boats:
            plan = b["plan"]
            if not (plan.t[0] <= t <= plan.t[-1]):
                continue
            lat, lon = position_at(plan, t)
            if on_land(lat, lon)[0]:
                continue
            speed, course = _velocity(plan, t)
            o = observe(lat, lon, b["length"], speed, course)
            if o in (None, "missed"):
                continue
            conf = 0.45 + 0.35 * (1 - np.exp(-b["length"] / 15.0)) + rng.normal(0, 0.1)
            emit(f, s, "dark_small_craft", o[0], o[1], o[2], speed, course, conf,
                 {"vid": None, "mmsi": None, "ais_on": False, "report_min": None, "partner_mmsi": None,
                  "true_lat": lat, "true_lon": lon, "true_length": b["length"], "speed_kn": round(speed, 1),
                  "note": b["note"]})
        # platforms and the unlisted buoy
        for p in plats:
            L = p["length"]
            o = observe(p["lat"], p["lon"], L, 0.0, 0.0)
            if o in (None, "missed"):
                continue
            emit(f, s, "platform" if p["kind"] != "buoy" else "fixed_object", o[0], o[1], o[2], 0.0, 0.0,
                 0.93 + rng.normal(0, 0.03),
                 {"vid": None, "mmsi": None, "ais_on": False, "report_min": None, "partner_mmsi": None,
                  "true_lat": p["lat"], "true_lon": p["lon"], "true_length": L, "speed_kn": 0.0, "note": p["name"]})
        # sea clutter
        area_km2 = FRAME_LEN_M * s["swath_m"] / 1e6
        nfa = int(rng.poisson(s["clutter_per_10k_km2"] * area_km2 / 1e4))
        minx, miny, maxx, maxy = poly.bounds
        k = 0
        while k < nfa:
            lon, lat = float(rng.uniform(minx, maxx)), float(rng.uniform(miny, maxy))
            if not shapely.contains_xy(poly, lon, lat) or \
                    float(distance_to_shore_nm(np.array([lat]), np.array([lon]))[0]) < 2.0:
                continue
            k += 1
            L = float(np.exp(rng.normal(np.log(14.0), 0.45)))
            emit(f, s, "clutter", lat, lon, L, 0.0, 0.0, float(rng.beta(2.0, 4.0)),
                 {"vid": None, "mmsi": None, "ais_on": False, "report_min": None, "partner_mmsi": None,
                  "true_lat": lat, "true_lon": lon, "true_length": None, "speed_kn": 0.0, "note": "sea clutter"})
    # the story tanker is imaged while dark if a pass covers it (truth kind ais_off_vessel above)
    feats = [{"type": "Feature", "geometry": json.loads(shapely.to_geojson(f["poly"])),
              "properties": {"scene_id": f["scene_id"], "source": f["sensor"], "start": _iso(f["start"]),
                             "end": _iso(f["end"]), "pass_direction": "ascending" if f["ascending"] else "descending"}}
             for f in frames]
    det = pl.DataFrame(det_rows, schema={"detection_id": pl.String, "scene_id": pl.String, "time": pl.String,
                                         "lat": pl.Float64, "lon": pl.Float64, "length_m": pl.Float64,
                                         "width_m": pl.Float64, "heading_deg": pl.Float64, "speed_kn": pl.Float64,
                                         "confidence": pl.Float64, "source": pl.String})
    truth = pl.DataFrame(truth_rows, schema={"detection_id": pl.String, "scene_id": pl.String, "kind": pl.String,
                                             "vid": pl.Int64, "mmsi": pl.Int64, "ais_on": pl.Boolean,
                                             "report_min": pl.Float64, "partner_mmsi": pl.Int64,
                                             "true_lat": pl.Float64, "true_lon": pl.Float64,
                                             "true_length": pl.Float64, "speed_kn": pl.Float64, "note": pl.String})
    missed = pl.DataFrame(missed_rows, schema={"scene_id": pl.String, "mmsi": pl.Int64, "vid": pl.Int64,
                                               "lat": pl.Float64, "lon": pl.Float64, "length_m": pl.Float64,
                                               "report_min": pl.Float64, "inside_m": pl.Float64,
                                               "shore_nm": pl.Float64})
    summary = {"scenes": len(frames), "detections": det.height,
               "by_kind": {k: int(n) for k, n in truth.group_by("kind").len().sort("kind").iter_rows()},
               "missed_ais_vessels": missed.height, "small_craft_departures": len(boats),
               "story_tanker_mmsi": None if story is None else story.vessel.mmsi,
               "loitering_tanker_mmsi": None if loiter is None else loiter["mmsi"]}
    return SceneSet(det, feats, truth, missed, summary)


def _loitering_tanker(actors, t0: float) -> dict | None:
    """The injected tanker drifting east of Malta (events.MALTA_LOITER) and its drifting window."""
    from .events import MALTA_LOITER
    for a in actors:
        if a.vessel.vclass != "tanker":
            continue
        la, lo = position_at(a.plan, t0 + 12 * H)
        if abs(la - MALTA_LOITER[0]) < 0.03 and abs(lo - MALTA_LOITER[1]) < 0.04:
            tt = np.array(a.plan.t)
            mv = np.array(a.plan.moving)
            # the longest run of non-moving legs
            best, cur, start = (0.0, 0.0, 0.0), 0.0, None
            for i, m in enumerate(mv):
                if not m:
                    start = tt[i] if start is None else start
                    if tt[i + 1] - start > best[0]:
                        best = (tt[i + 1] - start, start, tt[i + 1])
                else:
                    start = None
            if best[0] > 0:
                return {"plan": a.plan, "mmsi": a.vessel.mmsi, "t0": best[1] + 0.5 * H, "t1": best[2] - 0.05 * H}
    return None


def write_scenes(ss: SceneSet, outdir: str | Path) -> dict[str, Path]:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"detections": out / "detections.csv", "footprints": out / "footprints.geojson",
             "truth": out / "detections_truth.csv", "missed": out / "missed_truth.csv",
             "summary": out / "scenes_summary.json"}
    ss.detections.write_csv(paths["detections"])
    paths["footprints"].write_text(json.dumps({"type": "FeatureCollection", "features": ss.footprints}),
                                   encoding="utf-8")
    ss.truth.write_csv(paths["truth"])
    ss.missed.write_csv(paths["missed"])
    paths["summary"].write_text(json.dumps(ss.summary, indent=2), encoding="utf-8")
    return paths


def regenerate(outdir: str | Path):
    """The scenario of a folder written by ``scenario generate`` (same seed and arguments, so the
    same actors); checks that it reproduces the folder's line count."""
    from .core import generate

    p = Path(outdir) / "summary.json"
    try:
        s = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{p}: not a scenario folder written by `seasentry scenario generate` ({exc})") from None
    if "bulk" in s or s.get("scale"):
        raise ValueError(f"{outdir}: scenes are drawn over single scenarios, not --scale corpora")
    sc = generate(seed=int(s["seed"]), hours=float(s["hours"]), vessels=int(s["vessels"]), start=s["start"],
                  noise=bool(s["noise"]), story=bool(s["story"]))
    if int(sc.summary["lines"]) != int(s["lines"]):
        raise ValueError(f"{outdir}: regenerating seed {s['seed']} gives {sc.summary['lines']} lines, the folder has "
                         f"{s['lines']} (written by another seasentry version?)")
    return sc


DARK_KINDS = ("dark_small_craft", "dark_tanker", "ais_off_vessel")


def evaluate_detections(det_path, truth_path, missed_path=None, missed_truth_path=None) -> dict:
    """Metrics of ``seasentry detections --format jsonl`` (and ``--missed``) against the truth."""
    recs = [json.loads(x) for x in Path(det_path).read_text(encoding="utf-8").splitlines() if x.strip()]
    det = pl.DataFrame([{k: r.get(k) for k in ("detection_id", "status", "mmsi", "confidence", "length_m")}
                        for r in recs], schema={"detection_id": pl.String, "status": pl.String, "mmsi": pl.Int64,
                                                "confidence": pl.Float64, "length_m": pl.Float64})
    truth = pl.read_csv(truth_path, schema_overrides={"mmsi": pl.Int64, "partner_mmsi": pl.Int64, "vid": pl.Int64})
    j = truth.join(det, on="detection_id", how="left", suffix="_det")
    if j["status"].null_count() == j.height and j.height:
        raise ValueError("no detection of the truth file is in the detections output (wrong files?)")

    def ratio(num: pl.DataFrame, den: pl.DataFrame) -> dict:
        return {"value": (num.height / den.height) if den.height else None, "n": den.height}

    is_dark_truth = pl.col("kind").is_in(list(DARK_KINDS))
    dark_t = j.filter(is_dark_truth)
    dark_p = j.filter((pl.col("status") == "dark") & (pl.col("kind") != "clutter"))
    matched = j.filter(pl.col("status") == "matched")
    ais = j.filter(pl.col("kind") == "ais_vessel")
    infra_t = j.filter(pl.col("kind").is_in(["platform", "fixed_object"]))
    infra_p = j.filter(pl.col("status") == "infrastructure")
    clutter = j.filter(pl.col("kind") == "clutter")
    metrics = {
        "dark_recall": ratio(dark_t.filter(pl.col("status") == "dark"), dark_t),
        "dark_precision_excluding_clutter": ratio(dark_p.filter(is_dark_truth), dark_p),
        "matched_right_mmsi": ratio(matched.filter(pl.col("mmsi_det") == pl.col("mmsi")), matched),
        "ais_vessels_matched_right": ratio(ais.filter(pl.col("status").is_in(["matched", "ambiguous"])
                                                      & (pl.col("mmsi_det") == pl.col("mmsi"))), ais),
        "ais_vessels_dark": ratio(ais.filter(pl.col("status") == "dark"), ais),
        "infrastructure_recall": ratio(infra_t.filter(pl.col("status") == "infrastructure"), infra_t),
        "infrastructure_precision": ratio(infra_p.filter(pl.col("kind").is_in(["platform", "fixed_object"])), infra_p),
        "clutter_dark": ratio(clutter.filter(pl.col("status") == "dark"), clutter),
    }
    confusion: dict[str, dict[str, int]] = {}
    for k, s, n in j.group_by("kind", "status").len().iter_rows():
        confusion.setdefault(k, {})[s or "none"] = int(n)
    res = {"metrics": metrics, "confusion": confusion}
    if missed_path and missed_truth_path:
        mrec = [json.loads(x) for x in Path(missed_path).read_text(encoding="utf-8").splitlines() if x.strip()]
        listed = {(r["scene_id"], int(r["mmsi"])) for r in mrec}
        mt = pl.read_csv(missed_truth_path)
        # vessels the matcher can assess: well inside, off the coast, a recent AIS report
        clear = mt.filter((pl.col("inside_m") >= 5000) & (pl.col("shore_nm") >= 2.0) & (pl.col("report_min") <= 10))
        hit = [(s, int(m)) in listed for s, m in clear.select("scene_id", "mmsi").iter_rows()]
        metrics["missed_listed"] = {"value": (sum(hit) / len(hit)) if hit else None, "n": len(hit)}
        detected = {(s, int(m)) for s, m in j.filter(pl.col("kind") == "ais_vessel").select("scene_id", "mmsi")
                    .iter_rows() if m is not None}
        wrong = [x for x in listed if x in detected]
        # a vessel listed missed although it was detected (its detection went unmatched)
        metrics["missed_but_detected"] = {"value": (len(wrong) / len(listed)) if listed else None, "n": len(listed)}
    return res
