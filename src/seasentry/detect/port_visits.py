"""Port visits with GFW's port-visit state machine and confidence levels.

Definition (GFW anchorages / port-visit pipeline, ``pipe-anchorages`` "port events" and
the GFW API port-visit confidence; defaults in ``seasentry.config.PortVisitConfig``):

- **entry**: a position inside a port area: within ``port_visit.entry_km`` (3 km) of a port,
  or within the port's own ``radius_km`` (harbour basins and terminal moorings of the Central
  Med, anchorages; :mod:`seasentry.geo.ports`);
- **exit**: the first later position beyond every port area by more than
  ``port_visit.exit_km - entry_km`` (1 km; hysteresis: positions in that ring keep the
  previous state);
- **stop**: speed below ``port_visit.stop_speed_kn`` (0.2 kn) while in port; the stop
  ends when speed rises above ``port_visit.move_speed_kn`` (0.5 kn);
- **gap**: two consecutive in-port positions more than ``port_visit.in_port_gap_h``
  (4 h) apart;
- a silence longer than ``port_visit.max_gap_h`` (24 h) ends the visit: GFW makes port
  events per track segment, and a segment closes after such a silence
  (``tracks.max_segment_gap_h``). The visit before it has no exit and the one after it no
  entry; each is reported only if it qualifies on its own (level, duration).

Visit confidence level (GFW): 4 = entry, a stop or gap, and exit; 3 = a stop or gap
plus entry or exit; 2 = a stop or gap only (the data starts and ends in port); 1 =
entry/exit without any stop or gap (a pass-by). Visits below ``port_visit.min_level``
are not reported. ``confidence`` = level / 4.

The port list comes from ``geo.ports`` (the world UN/LOCODE ports, the curated Central-Med
ports placed on their harbour water with port areas, and anchorages). Each position is matched
to the port whose area is nearest (only positions possibly within ``exit_km`` of an area are
looked up). The visit's port is the one nearest during the visit. Speed: reported SOG, else
implied speed.

Not an event (``port_visit.default_mmsi_visits``, off by default): a visit of a placeholder MMSI
(``MID000000``, 123456789, one repeated digit: :func:`.identity_quality.is_default_mmsi`). The
boats that share such an MMSI (ITU-R M.585; GFW drops them as "likely spoofing") make one
"visit" of several vessels; the MMSI is counted in ``seasentry stats`` (``placeholder_mmsis``).
Its in-port silences are still the port visit's for :func:`seasentry.detect.gaps.gap_is_silence`
(placeholder MMSIs have no gap events either).

A visit must last at least ``port_visit.min_duration_min`` (30 min): a "visit" of seconds in
a capture of a few minutes, or one whose positions all carry one time (a file without times
read with ``--base-time``, every message stamped alike), is not a port call. Pass-bys (level 1,
reported only with ``port_visit.min_level = 1``) need only a positive duration.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import ensure_tracks
from ._common import (empty_events, haversine_nm, make_events, point, port_distance, port_info, runs,
                      track_arrays, vessel_tracks, zone_names_at)


def _ffill_state(on: np.ndarray, off: np.ndarray, grp: np.ndarray) -> np.ndarray:
    """Hysteresis state per row: 1 after an ``on`` row, 0 after an ``off`` row, starting at
    0 in each group; rows that are neither keep the previous state."""
    n = len(on)
    val = np.where(on, 1, np.where(off, 0, -1))
    newg = np.ones(n, dtype=bool)
    newg[1:] = grp[1:] != grp[:-1]
    val = np.where(newg & (val < 0), 0, val)
    idx = np.where(val >= 0, np.arange(n), 0)
    np.maximum.accumulate(idx, out=idx)
    return val[idx]


def _km_to_port(geo, i: int, lat: float, lon: float, fallback: float) -> float:
    """Great-circle km from (lat, lon) to port row ``i``'s point."""
    try:
        row = geo.ports.row(i, named=True)
        return float(haversine_nm(lat, lon, row["lat"], row["lon"])) * 1.852
    except Exception:  # noqa: BLE001 - a test double without a ports table
        return float(fallback)


def _visit_table(v: pl.DataFrame, geo, cfg: Config):
    """The port-visit state machine over :func:`vessel_tracks` rows ``v``: a namespace of the
    arrays :func:`detect_port_visits` reports from (per row: ``m t lat lon sog``, nearest port
    ``pidx``/``pdist``, ``vid`` the visit number, -1 outside a visit; per visit: rows ``s:e``,
    ``level``, ``has_entry``, ``has_exit``, ``n_stops``, ``stop_h``, ``n_gaps``, ``max_gap`` and
    ``keep``, which visits are reported; ``ss``/``se``: the stops' rows), or None when no row is
    in a visit."""
    from types import SimpleNamespace

    pc = cfg.port_visit
    m, t, lat, lon, sog, speed, g = track_arrays(v)
    if pc.max_gap_h > 0 and len(t) > 1:
        # a silence longer than max_gap_h ends the visit: the state machine starts again after
        # it, as GFW's port events do per track segment (a visit with no position for weeks, or
        # two captures months apart, is not one observed visit)
        brk = np.r_[True, (g[1:] != g[:-1]) | ((t[1:] - t[:-1]) > pc.max_gap_h * 3.6e9)]
        g = np.cumsum(brk) - 1
    pidx, pdist = port_distance(geo, lat, lon, radius_km=pc.exit_km, default_radius_km=pc.entry_km)
    state = _ffill_state(pdist <= pc.entry_km, pdist > pc.exit_km, g)
    s, e = runs(state == 1, g)
    if len(s) == 0:
        return None
    n = len(t)
    gstart = np.r_[True, g[1:] != g[:-1]]
    gend = np.r_[g[1:] != g[:-1], True]
    has_entry = ~gstart[s]
    has_exit = ~gend[e - 1]
    # stops (hysteresis on speed) and in-port gaps, per visit
    vid = np.full(n, -1, dtype=np.int64)
    lens = e - s
    vid[np.repeat(s, lens) + (np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens))] = \
        np.repeat(np.arange(len(s)), lens)
    in_visit = vid >= 0
    stop_state = _ffill_state(speed < pc.stop_speed_kn, speed > pc.move_speed_kn, vid) & in_visit
    ss, se = runs(stop_state.astype(bool), vid)
    dtn = np.zeros(n, dtype=np.int64)
    dtn[1:] = t[1:] - t[:-1]
    gap_row = in_visit & np.r_[False, vid[1:] == vid[:-1]] & (dtn > pc.in_port_gap_h * 3.6e9)
    n_stops = np.bincount(vid[ss], minlength=len(s)) if len(ss) else np.zeros(len(s), np.int64)
    stop_h = (np.bincount(vid[ss], weights=(t[se - 1] - t[ss]) / 3.6e9, minlength=len(s))
              if len(ss) else np.zeros(len(s)))
    n_gaps = np.bincount(vid[gap_row], minlength=len(s))
    max_gap = np.zeros(len(s))
    if gap_row.any():
        np.maximum.at(max_gap, vid[gap_row], dtn[gap_row] / 3.6e9)
    stop_or_gap = (n_stops > 0) | (n_gaps > 0)
    level = np.where(stop_or_gap,
                     np.where(has_entry & has_exit, 4, np.where(has_entry | has_exit, 3, 2)), 1)
    end_row = np.where(has_exit, np.minimum(e, n - 1), e - 1)
    dur = t[end_row] - t[s]
    # a port call lasts: a stop of seconds in a capture of minutes, or visits whose messages all
    # carry one time, are not one; pass-bys (level 1, shown only when asked for) need no minimum
    keep = (level >= pc.min_level) & (dur > 0) & ((dur >= pc.min_duration_min * 6e7) | (level == 1))
    return SimpleNamespace(m=m, t=t, lat=lat, lon=lon, sog=sog, pidx=pidx, pdist=pdist, s=s, e=e, vid=vid, ss=ss,
                           se=se, level=level, has_entry=has_entry, has_exit=has_exit, n_stops=n_stops,
                           stop_h=stop_h, n_gaps=n_gaps, max_gap=max_gap, keep=keep)


def reported_visit_rows(v: pl.DataFrame, geo, cfg: Config) -> tuple[np.ndarray, np.ndarray]:
    """Per :func:`vessel_tracks` row of ``v``: the number of the reported port visit it is in
    (-1 when in none) and the index of its nearest port within ``port_visit.exit_km`` (-1 when
    none), as the state machine computed them (the in-port silences a visit counts:
    :func:`seasentry.detect.gaps.gap_is_silence`)."""
    x = _visit_table(v, geo, cfg) if v.height else None
    if x is None:
        none = np.full(v.height, -1, dtype=np.int64)
        return none, none
    return np.where((x.vid >= 0) & x.keep[np.maximum(x.vid, 0)], x.vid, -1), np.asarray(x.pidx, dtype=np.int64)


def detect_port_visits(tracks: pl.DataFrame, geo, cfg: Config | None = None) -> pl.DataFrame:
    """Port visit events (type ``port_visit``)."""
    cfg = cfg or Config()
    tracks = ensure_tracks(tracks, cfg)
    v = vessel_tracks(tracks)
    if v.height == 0:
        return empty_events()
    x = _visit_table(v, geo, cfg)
    if x is None or not x.keep.any():
        return empty_events()
    keep = x.keep
    if not cfg.port_visit.default_mmsi_visits:  # the boats sharing a placeholder MMSI are no one vessel
        from .identity_quality import is_default_mmsi

        keep = keep & ~is_default_mmsi(x.m[x.s])
        if not keep.any():
            return empty_events()
    m, t, lat, lon, sog, pidx, pdist, s, e, vid, ss, se = (x.m, x.t, x.lat, x.lon, x.sog, x.pidx, x.pdist, x.s,
                                                          x.e, x.vid, x.ss, x.se)
    level, has_entry, has_exit = x.level, x.has_entry, x.has_exit
    n_stops, stop_h, n_gaps, max_gap = x.n_stops, x.stop_h, x.n_gaps, x.max_gap
    first_stop = np.full(len(s), -1, dtype=np.int64)
    last_stop_end = np.full(len(s), -1, dtype=np.int64)
    if len(ss):
        fs = np.full(len(s), np.iinfo(np.int64).max)
        np.minimum.at(fs, vid[ss], ss)
        first_stop = np.where(fs == np.iinfo(np.int64).max, -1, fs)
        np.maximum.at(last_stop_end, vid[ss], se - 1)
    ki = np.flatnonzero(keep)
    details, ev_m, ev_s, ev_e, ev_lat, ev_lon = [], [], [], [], [], []
    for k in ki.tolist():
        a, b = int(s[k]), int(e[k])
        j = a + int(np.argmin(pdist[a:b]))
        start_us = t[a]
        end_us = t[b] if has_exit[k] else t[b - 1]
        ev_m.append(m[a])
        ev_s.append(start_us)
        ev_e.append(end_us)
        ev_lat.append(float(np.median(lat[a:b])))
        ev_lon.append(float(np.median(lon[a:b])))
        details.append({
            "port": port_info(geo, int(pidx[j])),
            "level": int(level[k]),
            "entry": bool(has_entry[k]), "exit": bool(has_exit[k]),
            "entry_position": point(t[a], lat[a], lon[a], sog[a]) if has_entry[k] else None,
            "exit_position": point(t[b], lat[b], lon[b], sog[b]) if has_exit[k] else None,
            "first_position": point(t[a], lat[a], lon[a], sog[a]),
            "last_position_in_port": point(t[b - 1], lat[b - 1], lon[b - 1], sog[b - 1]),
            "duration_h": (end_us - start_us) / 3.6e9,
            "n_stops": int(n_stops[k]), "stopped_h": stop_h[k],
            "stop_start": point(t[first_stop[k]], lat[first_stop[k]], lon[first_stop[k]])
            if first_stop[k] >= 0 else None,
            "stop_end": point(t[last_stop_end[k]], lat[last_stop_end[k]], lon[last_stop_end[k]])
            if last_stop_end[k] >= 0 else None,
            "n_gaps": int(n_gaps[k]), "max_gap_h": max_gap[k],
            "min_distance_km": float(_km_to_port(geo, int(pidx[j]), lat[j], lon[j], pdist[j])),
            "n_positions": b - a,
        })
    conf = level[ki] / 4.0
    return make_events("port_visit", ev_m, ev_s, ev_e, ev_lat, ev_lon, details, conf,
                       zone=zone_names_at(geo, np.array(ev_lat), np.array(ev_lon)))
