"""Context of detections after matching: fixed infrastructure, possible tracks of dark
detections across scenes, links to AIS gaps, vessels alongside, ids. Pure functions over arrays.

**Infrastructure.** Oil platforms, wind turbines and buoys show up in every image that covers
them. A detection is infrastructure when it lies within ``infra_aton_radius_m`` of an AIS aid to
navigation / base station (ITU-R M.1371-5 types 21 and 4), near a platform of a *surveyed*
list, or when its spot (``infra_repeat_radius_m``) is detected unmatched in at least
``infra_min_scenes`` passes spanning ``infra_min_span_h`` (Paolo et al. 2024 tell
infrastructure by its persistence across images), or in ``infra_listed_min_scenes`` passes near
a platform of the shipped list, whose positions are approximate.

**Possible tracks.** Dark detections in different passes at most ``track_max_gap_h`` apart are
linked when one could reach the other at ``track_max_speed_kn`` (+ ``track_slack_km``); each
detection keeps only its best (slowest-implied) predecessor and successor when they pick each
other, so tracks are chains, not blobs. Two detections of the same object in overlapping frames
of one pass (under 2 minutes and 500 m apart) belong together too.

**Gap links.** A dark detection is linked to a vessel whose AIS was off at the image time (a
silence of at least ``ais_off_h`` around it) when the vessel could have reached the detection at
``gap_link_speed_kn`` from where it went silent (and the point where it reappeared from the
detection), and their lengths agree within the length gate.

**Target ids.** Events need an integer subject: a dark detection's is
``-(1 + first 52 bits of SHA-256(detection_id))``, negative so it can never be an MMSI, stable
across runs (alert statuses stay attached) and within JavaScript's exact integer range.
"""

from __future__ import annotations

import csv
import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from .match import M_PER_DEG

EARTH_M = 6_371_008.8
DATA = Path(__file__).resolve().parents[1] / "data" / "detections"

#: ITU-R M.1371-5 table 53 ship types -> coarse kind (as seasentry.alerts.rules.SHIP_KIND)
_KINDS = [((30, 30), "fishing"), ((31, 32), "tug"), ((52, 52), "tug"), ((33, 33), "dredger"), ((35, 35), "military"),
          ((36, 37), "pleasure"), ((40, 49), "high_speed_craft"), ((50, 59), "special"), ((60, 69), "passenger"),
          ((70, 79), "cargo"), ((80, 89), "tanker")]


def ship_kind(ship_type) -> str:
    if ship_type is None:
        return "unknown"
    try:
        t = int(ship_type)
    except (TypeError, ValueError):
        return "unknown"
    for (lo, hi), k in _KINDS:
        if lo <= t <= hi:
            return k
    return "other"


def target_id(detection_id: str) -> int:
    return -(1 + int(hashlib.sha256(detection_id.encode()).hexdigest()[:13], 16))


def event_id_for(kind: str, detection_id: str) -> str:
    return hashlib.sha256(f"{kind}|{detection_id}".encode()).hexdigest()[:16]


def track_label(detection_id: str) -> str:
    return "T" + hashlib.sha256(detection_id.encode()).hexdigest()[:10]


def ecef(lat, lon) -> np.ndarray:
    la, lo = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lon, float))
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)]) * EARTH_M


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def bearing_deg(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.mod(np.degrees(np.arctan2(y, x)), 360.0)


# ------------------------------------------------------------------------------------------ reference data
def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=4)
def platforms(path: str = "") -> tuple[dict, ...]:
    """Known platforms (shipped list or ``detections.platforms_file``)."""
    p = Path(path) if path else DATA / "platforms.csv"
    rows = []
    for r in _read_csv(p):
        try:
            rows.append({"name": r["name"], "kind": r.get("kind") or "platform", "lat": float(r["lat"]),
                         "lon": float(r["lon"]), "radius_m": float(r.get("radius_m") or 1500.0),
                         "position": (r.get("position") or "approximate").strip().lower(),
                         "source": r.get("source", "")})
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{p}: bad platform row {r}: {exc}") from None
    return tuple(rows)


@lru_cache(maxsize=1)
def departure_points() -> tuple[dict, ...]:
    return tuple({"name": r["name"], "country": r["country"], "lat": float(r["lat"]), "lon": float(r["lon"])}
                 for r in _read_csv(DATA / "departure_points.csv"))


def nearest_point(lat, lon, pts) -> tuple[np.ndarray, np.ndarray]:
    """(index into pts, distance m) of the nearest of a few named points."""
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    if not len(pts) or not len(lat):
        return np.full(len(lat), -1), np.full(len(lat), np.inf)
    d = haversine_m(lat[:, None], lon[:, None], np.array([p["lat"] for p in pts])[None, :],
                    np.array([p["lon"] for p in pts])[None, :])
    i = np.argmin(d, axis=1)
    return i, d[np.arange(len(lat)), i]


def listed_platform(lat, lon, pts) -> tuple[np.ndarray, np.ndarray]:
    """Index of a platform whose radius contains each point (-1 none) and the distance (m)."""
    i, d = nearest_point(lat, lon, pts)
    if not len(pts):
        return i, d
    r = np.array([p["radius_m"] for p in pts])
    inside = (i >= 0) & (d <= r[np.maximum(i, 0)])
    return np.where(inside, i, -1), d


# ------------------------------------------------------------------------------------------ infrastructure
def repeated_spots(lat, lon, t_s, pass_id, radius_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cluster detections of different passes within ``radius_m`` of each other.

    Returns (component label per detection, number of distinct passes of its component, time span
    of its component in hours)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    n = len(lat)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    tree = cKDTree(ecef(lat, lon))
    pr = tree.query_pairs(radius_m, output_type="ndarray")
    if len(pr):
        pr = pr[pass_id[pr[:, 0]] != pass_id[pr[:, 1]]]
    g = coo_matrix((np.ones(len(pr)), (pr[:, 0], pr[:, 1])) if len(pr) else ([], ([], [])), shape=(n, n))
    _, lab = connected_components(g, directed=False)
    # distinct passes per component
    key = np.unique(lab.astype(np.int64) * (int(pass_id.max()) + 1) + pass_id)
    npass = np.bincount((key // (int(pass_id.max()) + 1)).astype(np.int64), minlength=lab.max() + 1)
    tmin = np.full(lab.max() + 1, np.inf)
    tmax = np.full(lab.max() + 1, -np.inf)
    np.minimum.at(tmin, lab, t_s)
    np.maximum.at(tmax, lab, t_s)
    return lab, npass[lab], (tmax - tmin)[lab] / 3600.0


# ------------------------------------------------------------------------------------------ possible tracks
def dark_tracks(lat, lon, t_s, pass_id, max_gap_h: float, max_speed_kn: float, slack_km: float
                ) -> tuple[np.ndarray, np.ndarray]:
    """Chains of dark detections across passes. Returns (component label, size of the component)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    n = len(lat)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    xyz = ecef(lat, lon)
    tree = cKDTree(xyz)
    reach = max_speed_kn * 1852.0 * max_gap_h + slack_km * 1000.0
    pr = tree.query_pairs(reach, output_type="ndarray")
    edges = []
    if len(pr):
        a, b = pr[:, 0], pr[:, 1]
        swap = t_s[a] > t_s[b]
        a, b = np.where(swap, b, a), np.where(swap, a, b)     # a earlier
        dt = t_s[b] - t_s[a]
        d = haversine_m(lat[a], lon[a], lat[b], lon[b])
        same_pass = pass_id[a] == pass_id[b]
        dup = same_pass & (dt <= 120.0) & (d <= 500.0)
        ok = ~same_pass & (dt <= max_gap_h * 3600.0) & (d <= max_speed_kn * 1852.0 / 3600.0 * dt + slack_km * 1000.0)
        if dup.any():
            edges.append(np.column_stack([a[dup], b[dup]]))
        a, b, dt, d = a[ok], b[ok], dt[ok], d[ok]
        if len(a):
            speed = d / np.maximum(dt, 1.0)
            # best successor of each earlier detection and best predecessor of each later one
            best_succ = np.full(n, -1)
            best_pred = np.full(n, -1)
            o = np.lexsort((speed, a))
            first = np.ones(len(o), bool)
            first[1:] = a[o][1:] != a[o][:-1]
            best_succ[a[o][first]] = b[o][first]
            o = np.lexsort((speed, b))
            first = np.ones(len(o), bool)
            first[1:] = b[o][1:] != b[o][:-1]
            best_pred[b[o][first]] = a[o][first]
            mutual = (best_succ[a] == b) & (best_pred[b] == a)
            edges.append(np.column_stack([a[mutual], b[mutual]]))
    e = np.concatenate(edges) if edges else np.zeros((0, 2), np.int64)
    g = coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    _, lab = connected_components(g, directed=False)
    size = np.bincount(lab)
    return lab, size[lab]
