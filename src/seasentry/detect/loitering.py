"""Loitering: a vessel moving slowly at sea for a long time, away from ports.

Definition (GFW loitering events, ``pipe-events`` and GFW "Events" data caveats; defaults in
``seasentry.config.LoiteringConfig``):

- A run of consecutive positions of one track with speed below ``loitering.max_speed_kn``
  (2 kn) lasting at least ``loitering.min_duration_h`` (4 h). The run does not span an
  AIS silence longer than ``loitering.max_gap_h`` (those are gaps).
- At sea: the median distance from shore over the run is at least
  ``loitering.min_distance_shore_nm``. seasentry's default is 12 nm (just outside
  territorial waters), not GFW's 20 nm, because the UN Panel of Experts on Libya
  (S/2017/466, S/2018/812, S/2019/914) documented fuel-smuggling tankers drifting just
  outside Malta's 12 nm limit while waiting for ship-to-ship transfers.
- Away from ports: the median distance to the nearest port over the run is at least
  ``loitering.min_distance_port_km`` (10 km).

Speed per position: reported SOG when available, else the implied speed from the
previous position of the same segment (noise positions are ignored). Distances are
evaluated on up to 9 evenly spaced positions of each candidate run.

Not an event (``loitering.default_mmsi_loitering``, off by default): a run of a placeholder MMSI
(``MID000000``, 123456789, one repeated digit: :func:`.identity_quality.is_default_mmsi`). Many
unrelated transmitters use these MMSIs (ITU-R M.585; GFW drops them as "likely spoofing"), so a
slow run on one is no one vessel's; the MMSI is counted in ``seasentry stats``
(``placeholder_mmsis``) instead.

Recorded: duration, median/mean/max speed, distance from shore (median and minimum) and
the shore's country, nearest port, drift (start to end distance), positions count.

Confidence: ``0.5 + 0.5 * coverage`` where ``coverage`` is the share of 10-minute bins
in the run that hold at least one position (a well-observed run is more certain).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import ensure_tracks
from ._common import (coverage_fraction, empty_events, track_arrays, haversine_nm, make_events, point,
                      port_distance, port_info, runs, shore_country, shore_distance, vessel_tracks, zone_names_at)

from .identity_quality import is_default_mmsi

N_SAMPLES = 9


def detect_loitering(tracks: pl.DataFrame, geo, cfg: Config | None = None) -> pl.DataFrame:
    """Loitering events (type ``loitering``)."""
    cfg = cfg or Config()
    lc = cfg.loitering
    tracks = ensure_tracks(tracks, cfg)
    v = vessel_tracks(tracks)
    if v.height == 0:
        return empty_events()
    m, t, lat, lon, sog, speed, g = track_arrays(v)
    # a silence longer than max_gap_h splits runs: make it a group boundary
    gap_brk = np.zeros(len(t), dtype=bool)
    gap_brk[1:] = (t[1:] - t[:-1]) > lc.max_gap_h * 3.6e9
    grp = np.cumsum(gap_brk | np.r_[True, g[1:] != g[:-1]])
    slow = speed < lc.max_speed_kn  # NaN speed (first position, no SOG) is not slow
    s, e = runs(slow, grp)
    if len(s) == 0:
        return empty_events()
    dur = t[e - 1] - t[s]
    ok = dur >= lc.min_duration_h * 3.6e9
    if not lc.default_mmsi_loitering:  # a placeholder MMSI's run is no one vessel's
        ok &= ~is_default_mmsi(m[s])
    s, e = s[ok], e[ok]
    if len(s) == 0:
        return empty_events()
    L = e - s
    samp = s[:, None] + np.floor(np.linspace(0, 1, N_SAMPLES)[None, :] * (L[:, None] - 1)).astype(np.int64)
    flat = samp.ravel()
    shore = shore_distance(geo, lat[flat], lon[flat]).reshape(samp.shape)
    _, pdist = port_distance(geo, lat[flat], lon[flat], radius_km=lc.min_distance_port_km,
                             default_radius_km=cfg.port_visit.entry_km)
    pdist = pdist.reshape(samp.shape)
    med_shore = np.median(shore, axis=1)
    med_port = np.median(pdist, axis=1)
    ok = (med_shore >= lc.min_distance_shore_nm) & (med_port >= lc.min_distance_port_km)
    s, e, samp, shore = s[ok], e[ok], samp[ok], shore[ok]
    if len(s) == 0:
        return empty_events()
    med_shore = med_shore[ok]
    rlat = np.array([np.median(lat[a:b]) for a, b in zip(s, e)])
    rlon = np.array([np.median(lon[a:b]) for a, b in zip(s, e)])
    pi, pd_ = port_distance(geo, rlat, rlon, default_radius_km=cfg.port_visit.entry_km)
    country = shore_country(geo, rlat, rlon)
    cov = coverage_fraction(t, s, e)
    conf = 0.5 + 0.5 * cov
    details = []
    for k, (a, b) in enumerate(zip(s.tolist(), e.tolist())):
        sp = speed[a:b]
        details.append({
            "duration_h": (t[b - 1] - t[a]) / 3.6e9,
            "n_positions": b - a,
            "median_speed_kn": float(np.nanmedian(sp)),
            "mean_speed_kn": float(np.nanmean(sp)),
            "max_speed_kn": float(np.nanmax(sp)),
            "distance_from_shore_nm": med_shore[k],
            "min_distance_from_shore_nm": float(shore[k].min()),
            "shore_country": country[k],
            "distance_from_port_km": pd_[k] if np.isfinite(pd_[k]) else None,
            "nearest_port": port_info(geo, int(pi[k])),
            "drift_nm": float(haversine_nm(lat[a], lon[a], lat[b - 1], lon[b - 1])),
            "start_position": point(t[a], lat[a], lon[a], sog[a]),
            "end_position": point(t[b - 1], lat[b - 1], lon[b - 1], sog[b - 1]),
            "coverage": cov[k],
        })
    return make_events("loitering", m[s], t[s], t[e - 1], rlat, rlon, details, conf,
                       zone=zone_names_at(geo, rlat, rlon))
