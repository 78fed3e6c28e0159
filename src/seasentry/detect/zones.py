"""Zone entries and exits (territorial seas and user polygons).

Definition:

- Zones come from ``geo.zones``: the 12 nm territorial seas of Libya, Tunisia, Malta and
  Italy (UNCLOS art. 3; built from the Natural Earth 1:10m coastline and shipped with
  the package) plus any polygons passed with ``--zones`` (GeoJSON, ``name`` property).
- For each vessel track (noise removed) and each zone, positions are classified inside /
  outside. A ``zone_entry`` is the first position inside after positions outside, a
  ``zone_exit`` the first position outside after positions inside. A track that starts
  inside a zone has no entry (its arrival was not observed).
- Debounce: a stay on one side shorter than ``tracks.zone_min_dwell_min`` (10 min,
  measured from its first position to the first position of the next stay) is ignored,
  so a vessel running along the boundary with GPS jitter does not produce event storms.
  The last stay of a track is always kept.
- Instantaneous events: ``start`` = ``end`` = time of the first position on the new side;
  ``details`` carry the last position on the old side and the time between them.

Confidence: 1.0 when the last position on the old side is at most 1 h before the
crossing position, 0.8 up to ``gap.min_hours``, 0.5 beyond (the crossing happened during
an AIS gap, its time and place are uncertain).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import ensure_tracks
from ._common import (distinct_consecutive, empty_events, finalize_events, group_ids, make_events,
                      point, to_us, vessel_tracks)


def inside_matrix(geo, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """``geo.in_zones`` evaluated once per run of repeated (lat, lon): (n_zones, n) bool."""
    zones = list(getattr(geo, "zones", []) or [])
    n = len(lat)
    if n == 0 or not zones:
        return np.zeros((len(zones), n), dtype=bool)
    first, inv = distinct_consecutive(lat, lon)
    ins = np.asarray(geo.in_zones(lat[first], lon[first]), dtype=bool)
    if ins.ndim == 1:
        ins = ins[None, :]
    return ins[:, inv]


def detect_zone_crossings(tracks: pl.DataFrame, geo, cfg: Config | None = None) -> pl.DataFrame:
    """Zone entry/exit events (types ``zone_entry`` and ``zone_exit``)."""
    cfg = cfg or Config()
    tracks = ensure_tracks(tracks, cfg)
    zones = list(getattr(geo, "zones", []) or [])
    v = vessel_tracks(tracks)
    if v.height < 2 or not zones:
        return empty_events()
    m = v["mmsi"].to_numpy()
    t = to_us(v["ts"])
    lat = v["lat"].to_numpy()
    lon = v["lon"].to_numpy()
    sog = v["sog"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    g = group_ids(m, v["track_id"].to_numpy())
    newg = np.r_[True, g[1:] != g[:-1]]
    ins_all = inside_matrix(geo, lat, lon)
    dwell_us = cfg.tracks.zone_min_dwell_min * 60e6
    frames = []
    for zi, zone in enumerate(zones):
        ins = ins_all[zi]
        if not ins.any():
            continue
        change = newg | np.r_[True, ins[1:] != ins[:-1]]
        rs = np.flatnonzero(change)
        rg = g[rs]
        rstate = ins[rs]
        nxt_same = np.r_[rg[1:] == rg[:-1], False]
        nxt_t = np.r_[t[rs[1:]], np.iinfo(np.int64).max]
        dwell = np.where(nxt_same, nxt_t - t[rs], np.iinfo(np.int64).max)
        first_in_g = newg[rs]
        keep = first_in_g | (dwell >= dwell_us)
        rs, rg, rstate = rs[keep], rg[keep], rstate[keep]
        prev_same = np.r_[False, rg[1:] == rg[:-1]]
        prev_state = np.r_[False, rstate[:-1]]
        trans = prev_same & (rstate != prev_state)
        idx = rs[trans]
        if len(idx) == 0:
            continue
        entry = rstate[trans]
        prev = idx - 1  # last position on the old side (same track: idx is not a track start)
        dt_h = (t[idx] - t[prev]) / 3.6e9
        conf = np.where(dt_h <= 1.0, 1.0, np.where(dt_h <= cfg.gap.min_hours, 0.8, 0.5))
        info = {"zone_kind": getattr(zone, "kind", None), "zone_country": getattr(zone, "country", None)}
        for etype, sel in (("zone_entry", entry), ("zone_exit", ~entry)):
            ii, pp = idx[sel], prev[sel]
            if len(ii) == 0:
                continue
            details = [{
                **info,
                "position": point(t[a], lat[a], lon[a], sog[a]),
                "previous_position": point(t[b], lat[b], lon[b], sog[b]),
                "hours_since_previous": (t[a] - t[b]) / 3.6e9,
                "crossed_during_gap": bool((t[a] - t[b]) / 3.6e9 > cfg.gap.min_hours),
            } for a, b in zip(ii.tolist(), pp.tolist())]
            frames.append(make_events(etype, m[ii], t[ii], t[ii], lat[ii], lon[ii], details, conf[sel],
                                      zone=[zone.name] * len(ii)))
    if not frames:
        return empty_events()
    return finalize_events(pl.concat(frames))
