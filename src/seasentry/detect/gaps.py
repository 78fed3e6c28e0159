"""AIS gaps ("going dark"): no position from a vessel for at least ``gap.min_hours``.

Definition (defaults in ``seasentry.config.GapConfig``):

- A gap is a silence of at least 6 h, and at most ``gap.max_hours`` (30 days), between two
  consecutive positions of one vessel track (GFW: Welch et al. 2022, Science Advances 8(44), eabq2109, "Hot spots of unseen
  fishing vessels"; Skylight "dark activity" uses the same 6 h floor for AIS gaps).
  Gaps are looked for along each track (so a vessel whose MMSI is shared with another
  ship still shows its own silences) and along the MMSI as a whole when the silence
  spans different segments (for example after the segmenter closed a track following a
  silence longer than ``tracks.max_segment_gap_h``). Noise positions are ignored. A longer
  silence is no event: the track before and the track after it are separate segments (GFW
  notes that months-long gaps are lay-ups and coverage changes rather than disabling; two
  captures of one MMSI years apart are not one voyage).
- Not a gap event (:func:`gap_is_silence`, session 12): a silence of a placeholder MMSI
  (ITU-R M.585; ``gap.default_mmsi_gaps``), one implying more than ``gap.max_implied_speed_kn``
  (two transmitters or two captures joined; GFW gpsdio-segment), and one the port visit
  reports (GFW pipe-anchorages: a PORT_GAP of the visit): both ends in one reported visit of
  the port-visit state machine, longer than ``port_visit.in_port_gap_h`` and at most
  ``gap.port_gap_max_h`` and ``port_visit.max_gap_h``.
- Not a gap event either (:func:`receiver_silent`, session 13; ``gap.report_unheard_silences``): a
  silence during which nobody at all was heard although other vessels are in the data. Captures
  are snapshots of a receiver (a satellite download, an exported day): between two of them the
  receiver was not listening, so a silence there is a coverage artefact, not a vessel going dark
  (GFW excludes gaps where reception is unreliable, with its satellite reception-quality table, and
  calls gaps under 12 h, the revisit time of a satellite swath, no disabling: GFW technical
  documentation, Gaps.md). In the real corpora together, 86 of 231 gaps were such 13-40 h
  silences between the exactEarth captures of 2012-01-31, 2012-02-01 and 2012-02-02.
- Recorded: the OFF position (last before) and ON position (first after), duration,
  distance and implied speed across the gap, distance from shore of both ends, the
  positions of the ``gap.lookback_hours`` (12 h) before, and the reception density.
- ``likely_intentional`` follows GFW's criteria for "likely intentional disabling"
  (Welch et al. 2022): the vessel was being heard well before the gap (at least
  ``gap.min_positions_before`` positions in the 12 h before), the gap starts away from
  shore (``gap.min_distance_shore_nm``) and outside port, and reception in the area was
  good. GFW judged reception with a 50 nm-from-shore rule plus satellite reception
  maps; most of the Strait of Sicily is within 50 nm of some shore, so seasentry
  *measures* reception from the data: in the ``gap.reception_cell_deg`` grid cell of the
  OFF position, the rate of other vessels heard per hour *during* the gap divided by
  that cell's normal rate over the whole data span (``reception_density``). The gap is
  likely intentional only if that ratio is at least ``gap.min_reception_density``.

Gaps are recomputed from all stored positions each run, so a gap that late-arriving data
fills simply disappears, and one that remains keeps its event id (deterministic).

Confidence (that the vessel really stopped transmitting, rather than not being heard):
``0.4 + 0.3 * min(1, reception_density) + 0.3 * min(1, n_before / (2 * min_positions_before))``,
halved when both ends are within ``port_visit.exit_km`` of a port (vessels may switch
AIS off at berth).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ..config import Config
from ..tracks import ensure_tracks
from ._common import (empty_events, group_ids, haversine_nm, make_events, point, port_distance,
                      port_info, positions_list, shore_distance, to_us, vessel_tracks, zone_names_at)

HOUR_US = 3_600_000_000


def _candidates(v: pl.DataFrame, min_us: int, max_us: int | None = None) -> np.ndarray:
    """(off_row, on_row) pairs into ``v`` (sorted by mmsi, track_id, ts): silences of at least
    ``min_us`` and at most ``max_us`` microseconds."""
    m = v["mmsi"].to_numpy()
    tr = v["track_id"].to_numpy()
    t = to_us(v["ts"])
    n = len(t)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    # along each track
    hi = np.iinfo(np.int64).max if max_us is None else max_us
    same = (m[1:] == m[:-1]) & (tr[1:] == tr[:-1])
    dt = t[1:] - t[:-1]
    a = np.flatnonzero(same & (dt >= min_us) & (dt <= hi))
    pairs = [np.stack([a, a + 1], axis=1)]
    # along the MMSI across tracks (only MMSIs with several tracks)
    if (tr > 0).any():
        rows = np.flatnonzero(np.isin(m, np.unique(m[tr > 0])))  # whole MMSIs only
        o = rows[np.lexsort((t[rows], m[rows]))]
        mo, to, tro = m[o], t[o], tr[o]
        dto = to[1:] - to[:-1]
        b = np.flatnonzero((mo[1:] == mo[:-1]) & (tro[1:] != tro[:-1]) & (dto >= min_us) & (dto <= hi))
        pairs.append(np.stack([o[b], o[b + 1]], axis=1))
    p = np.concatenate(pairs)
    if len(p) < 2:
        return p
    # distinct rows in lexicographic order (what np.unique(p, axis=0) gives, without its
    # structured-array sort)
    p = p[np.lexsort((p[:, 1], p[:, 0]))]
    return p[np.r_[True, (p[1:] != p[:-1]).any(axis=1)]]


def _cell_of(la, lo, cell_deg: float) -> np.ndarray:
    return (np.floor(la / cell_deg).astype(np.int64) + 100_000) * 1_000_000 + (
        np.floor(lo / cell_deg).astype(np.int64) + 100_000)


def reception_table(all_m: np.ndarray, all_t: np.ndarray, all_lat: np.ndarray, all_lon: np.ndarray,
                    cell_deg: float) -> pl.DataFrame:
    """Distinct (c, h, m): grid cell, absolute hour (epoch hours) and vessel of every position.

    Tables of vessels with disjoint MMSIs can be concatenated (the distributed engine builds
    one per MMSI partition): every count below is a sum over them.
    """
    cells = _cell_of(all_lat, all_lon, cell_deg)
    hours = np.asarray(all_t) // HOUR_US
    # rows come grouped by vessel and time: drop consecutive repeats before the hash unique
    rep = np.zeros(len(cells), dtype=bool)
    rep[1:] = (cells[1:] == cells[:-1]) & (hours[1:] == hours[:-1]) & (all_m[1:] == all_m[:-1])
    keep = ~rep
    return pl.DataFrame({"c": cells[keep], "h": hours[keep], "m": np.asarray(all_m)[keep]}).unique()


def interior_hours(g_t0: np.ndarray, g_t1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last whole hour strictly inside each gap (the vessel is silent there)."""
    return np.asarray(g_t0) // HOUR_US + 1, np.asarray(g_t1) // HOUR_US - 1


def reception_counts(vh: pl.DataFrame, g_mmsi: np.ndarray, g_lat: np.ndarray, g_lon: np.ndarray,
                     g_t0: np.ndarray, g_t1: np.ndarray, cell_deg: float
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per gap, from a :func:`reception_table`: (during, tot, own, during_any, others_any) as int64.

    ``during``: vessel-hours heard in the OFF cell during the gap's interior hours; ``tot``:
    vessel-hours in that cell over the whole table; ``own``: hours of the gap's own vessel there;
    ``during_any``: vessel-hours heard anywhere during the interior hours; ``others_any``:
    vessel-hours of other MMSIs anywhere (:func:`receiver_silent`).
    """
    k = len(g_t0)
    z = np.zeros(k, dtype=np.int64)
    if k == 0 or vh.height == 0:
        return z, z.copy(), z.copy(), z.copy(), z.copy()
    gc = _cell_of(np.asarray(g_lat, dtype=float), np.asarray(g_lon, dtype=float), cell_deg)
    gh0, gh1 = interior_hours(g_t0, g_t1)
    per_ch = vh.group_by(["c", "h"]).agg(pl.len().alias("n")).sort(["c", "h"])
    h = per_ch["h"].to_numpy()
    base = int(min(h.min(), gh0.min(), gh1.min()))
    span = int(max(h.max(), gh0.max(), gh1.max())) - base + 1
    keys = per_ch["c"].to_numpy() * span + (h - base)
    cs = np.concatenate([[0], np.cumsum(per_ch["n"].to_numpy())])
    lo = np.searchsorted(keys, gc * span + (gh0 - base), side="left")
    hi = np.searchsorted(keys, gc * span + (gh1 - base), side="right")
    during = np.where(gh1 >= gh0, cs[np.maximum(hi, lo)] - cs[lo], 0).astype(np.int64)
    per_c = vh.group_by("c").agg(pl.len().alias("tot"))
    own = vh.group_by(["c", "m"]).agg(pl.len().alias("own"))
    q = pl.DataFrame({"c": gc, "m": np.asarray(g_mmsi, dtype=np.int64), "i": np.arange(k)})
    q = q.join(per_c, on="c", how="left").join(own, on=["c", "m"], how="left").sort("i")
    # the whole receiving system: vessel-hours heard anywhere during the interior hours, and
    # vessel-hours of other MMSIs anywhere in the table (sums over tables, as above)
    per_h = vh.group_by("h").agg(pl.len().alias("n")).sort("h")
    hs = per_h["h"].to_numpy()
    cs_h = np.concatenate([[0], np.cumsum(per_h["n"].to_numpy())])
    lo_h = np.searchsorted(hs, gh0, side="left")
    hi_h = np.searchsorted(hs, gh1, side="right")
    during_any = np.where(gh1 >= gh0, cs_h[np.maximum(hi_h, lo_h)] - cs_h[lo_h], 0).astype(np.int64)
    own_any = vh.group_by("m").agg(pl.len().alias("own_any"))
    q = q.join(own_any, on="m", how="left").sort("i")
    others_any = vh.height - q["own_any"].fill_null(0).to_numpy().astype(np.int64)
    return (during, q["tot"].fill_null(0).to_numpy().astype(np.int64),
            q["own"].fill_null(0).to_numpy().astype(np.int64), during_any, others_any)


def density_from_counts(during: np.ndarray, tot: np.ndarray, own: np.ndarray, g_t0: np.ndarray,
                        g_t1: np.ndarray, span_h: int):
    """(density, during_rate, normal_rate) from :func:`reception_counts` summed over tables;
    ``span_h``: hours from the first to the last position of the data, inclusive."""
    gh0, gh1 = interior_hours(g_t0, g_t1)
    n_int = np.maximum(gh1 - gh0 + 1, 0)
    normal = (tot.astype(float) - own.astype(float)) / span_h
    with np.errstate(divide="ignore", invalid="ignore"):
        during_rate = np.where(n_int > 0, during / np.maximum(n_int, 1), np.nan)
        dens = np.where(normal > 0, during_rate / normal, np.nan)
    return dens, during_rate, normal


def reception_density(all_m: np.ndarray, all_t: np.ndarray, all_lat: np.ndarray, all_lon: np.ndarray,
                      g_mmsi: np.ndarray, g_lat: np.ndarray, g_lon: np.ndarray,
                      g_t0: np.ndarray, g_t1: np.ndarray, cell_deg: float, with_silent: bool = False):
    """Reception density per gap, measured from the data.

    Returns (density, during_rate, normal_rate): other vessels heard per hour in the OFF
    cell during the gap's interior hours, the cell's normal rate of other vessels per hour
    over the data span, and their ratio (NaN when the cell has no other traffic at all);
    ``with_silent``: and :func:`receiver_silent` as a fourth.
    """
    k = len(g_t0)
    if k == 0:
        z = np.zeros(0)
        return (z, z, z, np.zeros(0, dtype=bool)) if with_silent else (z, z, z)
    vh = reception_table(all_m, all_t, all_lat, all_lon, cell_deg)
    hours = np.asarray(all_t) // HOUR_US
    span_h = int(hours.max()) - int(hours.min()) + 1
    during, tot, own, during_any, others_any = reception_counts(vh, g_mmsi, g_lat, g_lon, g_t0, g_t1, cell_deg)
    dens, during_rate, normal = density_from_counts(during, tot, own, g_t0, g_t1, span_h)
    if not with_silent:
        return dens, during_rate, normal
    return dens, during_rate, normal, receiver_silent(during, tot, own, during_any, others_any, g_t0, g_t1)


def receiver_silent(during, tot, own, during_any, others_any, g_t0, g_t1) -> np.ndarray:
    """Per gap: True where the receiving system heard no one at all during the silence although
    other vessels are in the data: the silence lies between two captures (or feeds) of a
    receiver that was not listening, so it says nothing about the vessel (a coverage artefact,
    not going dark). The counts are :func:`reception_counts`' (``during``, ``tot`` and ``own``
    are the OFF cell's, kept in the signature for rules per cell).

    A silence during which other vessels were heard somewhere stays a gap, even where nobody was
    heard in its own cell: in the labelled scenarios a vessel going dark where few others pass
    has that (session 13: the cell rule lost 1 of 3 labelled gaps of two seeds), and
    :func:`reception_density` already keeps such gaps from being "likely intentional"."""
    gh0, gh1 = interior_hours(g_t0, g_t1)
    return (gh1 >= gh0) & (np.asarray(during_any) == 0) & (np.asarray(others_any) > 0)


def detect_gaps(tracks: pl.DataFrame, geo, cfg: Config | None = None) -> pl.DataFrame:
    """Gap events (type ``gap``) from a frame built by :func:`seasentry.tracks.build_tracks`."""
    cfg = cfg or Config()
    tracks = ensure_tracks(tracks, cfg)
    v = vessel_tracks(tracks)
    c = gap_candidates(v, geo, cfg)
    if c is None:
        return empty_events()
    dens, during_rate, normal, silent = reception_density(
        v["mmsi"].to_numpy(), to_us(v["ts"]), v["lat"].to_numpy(), v["lon"].to_numpy(),
        c.mmsi, c.lat, c.lon, c.t_off, c.t_on, cfg.gap.reception_cell_deg, with_silent=True)
    return gap_events(c, dens, during_rate, normal, cfg, silent=silent)


@dataclass
class GapCandidates:
    """Everything about the gaps of some vessels except the reception density (which needs
    the other vessels): OFF position, times, and the details that do not depend on it."""

    mmsi: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    t_off: np.ndarray
    t_on: np.ndarray
    n_before: np.ndarray
    shore_off: np.ndarray
    in_port: np.ndarray
    zones: list
    details: list

    def take(self, k: np.ndarray) -> "GapCandidates":
        """The candidates at positions ``k``, in that order."""
        return GapCandidates(self.mmsi[k], self.lat[k], self.lon[k], self.t_off[k], self.t_on[k], self.n_before[k],
                             self.shore_off[k], self.in_port[k], [self.zones[j] for j in k],
                             [self.details[j] for j in k])


def port_gap_cap_h(cfg: Config) -> float:
    """Hours up to which an in-port silence is the port visit's (:func:`gap_is_silence`):
    ``gap.port_gap_max_h``, and no more than ``port_visit.max_gap_h`` (a longer silence ends the
    visit, so no visit counts it); 0 = no silence is left to the port visit."""
    cap = float(cfg.gap.port_gap_max_h)
    if cfg.port_visit.max_gap_h > 0:
        cap = min(cap, float(cfg.port_visit.max_gap_h))
    return max(cap, 0.0)


def gap_is_silence(mmsi, t_off, t_on, lat_off, lon_off, lat_on, lon_on, geo, cfg: Config,
                   same_visit=None, open_ended: bool = False) -> np.ndarray:
    """Which silences are one ship's silence at sea (True) rather than an artefact (False):

    - the MMSI is a placeholder (``MID000000``, 123456789 ...; ITU-R M.585): many ships share
      it, so its silences are no one ship's (unless ``gap.default_mmsi_gaps``);
    - the implied speed across the silence is above ``gap.max_implied_speed_kn`` over more than
      ``tracks.min_distance_for_speed_nm``: no ship sailed it, the ends are two transmitters on
      one MMSI or two captures joined (the segmenter's rule, GFW gpsdio-segment);
    - a port gap the port visit reports (GFW PORT_GAP; ``n_gaps``, ``max_gap_h``): both ends are
      rows of one reported visit of the port-visit state machine and nearest the same port
      (``same_visit``, from :func:`seasentry.detect.port_visits.reported_visit_rows`: not a
      transit from one port area to the next inside one "visit", as along the Suez Canal), and the
      silence lasts more than ``port_visit.in_port_gap_h`` (shorter ones the visit does not count)
      and at most :func:`port_gap_cap_h`. A silence at anchor between ``entry_km`` and ``exit_km``
      with no visit, or one the visit does not count, stays a gap.

    ``open_ended``: silences still going on at ``t_on`` (the live open gaps; ``same_visit`` not
    used): one that may still end as such a port gap (the OFF position within
    ``port_visit.exit_km`` of a port, as every row of a visit is, silent at most
    :func:`port_gap_cap_h` so far) is not a gap yet.
    """
    from .identity_quality import is_default_mmsi

    gc, pc = cfg.gap, cfg.port_visit
    mmsi = np.asarray(mmsi, dtype=np.int64)
    keep = np.ones(len(mmsi), dtype=bool)
    if len(mmsi) == 0:
        return keep
    if not gc.default_mmsi_gaps:
        keep &= ~is_default_mmsi(mmsi)
    dur_h = (np.asarray(t_on) - np.asarray(t_off)) / HOUR_US
    dist = haversine_nm(lat_off, lon_off, lat_on, lon_on)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(dur_h > 0, dist / np.maximum(dur_h, 1e-12), np.inf)
    keep &= ~((dist > cfg.tracks.min_distance_for_speed_nm) & (speed > gc.max_implied_speed_kn))
    cap = port_gap_cap_h(cfg)
    if cap > 0 and open_ended:
        _, pd_off = port_distance(geo, lat_off, lon_off, radius_km=pc.exit_km, default_radius_km=pc.entry_km)
        keep &= ~((pd_off <= pc.exit_km) & (dur_h <= cap))
    elif cap > 0 and same_visit is not None:
        keep &= ~(np.asarray(same_visit, dtype=bool) & (dur_h > pc.in_port_gap_h) & (dur_h <= cap))
    return keep


def gap_candidates(v: pl.DataFrame, geo, cfg: Config) -> GapCandidates | None:
    """Gaps of ``v`` (:func:`vessel_tracks` output); None when there is none."""
    gc = cfg.gap
    if v.height < 2:
        return None
    pairs = _candidates(v, int(gc.min_hours * HOUR_US), int(gc.max_hours * HOUR_US))
    if len(pairs) == 0:
        return None
    off, on = pairs[:, 0], pairs[:, 1]
    m = v["mmsi"].to_numpy()
    t = to_us(v["ts"])
    lat = v["lat"].to_numpy()
    lon = v["lon"].to_numpy()
    trk = v["track_id"].to_numpy()
    same_visit = np.zeros(len(off), dtype=bool)
    cap = port_gap_cap_h(cfg)
    dur_h = (t[on] - t[off]) / HOUR_US
    if cap > 0 and ((dur_h > cfg.port_visit.in_port_gap_h) & (dur_h <= cap)).any():
        # the port-visit state machine only when a silence may be a port gap the visit counts
        from .port_visits import reported_visit_rows

        visit, port = reported_visit_rows(v, geo, cfg)
        same_visit = (visit[off] >= 0) & (visit[off] == visit[on]) & (port[off] >= 0) & (port[off] == port[on])
    keep = gap_is_silence(m[off], t[off], t[on], lat[off], lon[off], lat[on], lon[on], geo, cfg,
                          same_visit=same_visit)
    if not keep.any():
        return None
    off, on = off[keep], on[keep]
    sog = v["sog"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    g = group_ids(m, trk)

    # positions of the same track in the lookback window before the OFF position
    span = float(t.max() - t.min()) / 1e6 + 1.0
    key = g.astype(np.float64) * span + (t - t.min()) / 1e6
    look = gc.lookback_hours * 3600.0
    first_before = np.searchsorted(key, key[off] - look, side="left")
    # never before the track's first row: the key spacing (span) does not cover the lookback,
    # so without this an OFF position near the data's start reached into the previous track
    gstart = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    first_before = np.maximum(first_before, gstart[g[off]])
    n_before = off - first_before + 1

    dur_h = (t[on] - t[off]) / HOUR_US
    dist = haversine_nm(lat[off], lon[off], lat[on], lon[on])
    shore_off = shore_distance(geo, lat[off], lon[off])
    shore_on = shore_distance(geo, lat[on], lon[on])
    pi_off, pd_off = port_distance(geo, lat[off], lon[off], default_radius_km=cfg.port_visit.entry_km)
    pi_on, pd_on = port_distance(geo, lat[on], lon[on], default_radius_km=cfg.port_visit.entry_km)
    in_port = (pd_off <= cfg.port_visit.exit_km) & (pd_on <= cfg.port_visit.exit_km)
    zones = zone_names_at(geo, lat[off], lon[off])

    details = []
    for j in range(len(off)):
        a, b = int(off[j]), int(on[j])
        details.append({
            "duration_h": dur_h[j],
            "distance_nm": dist[j],
            "implied_speed_kn": dist[j] / dur_h[j] if dur_h[j] > 0 else None,
            "off": point(t[a], lat[a], lon[a], sog[a]),
            "on": point(t[b], lat[b], lon[b], sog[b]),
            "off_distance_from_shore_nm": shore_off[j],
            "on_distance_from_shore_nm": shore_on[j],
            "positions_before_count": int(n_before[j]),
            "positions_before": positions_list(t, lat, lon, sog, int(first_before[j]), a + 1),
            "in_port": bool(in_port[j]),
            "port_off": port_info(geo, int(pi_off[j])) if pd_off[j] <= cfg.port_visit.exit_km else None,
            "port_on": port_info(geo, int(pi_on[j])) if pd_on[j] <= cfg.port_visit.exit_km else None,
            "track_id": int(trk[a]),
        })
    return GapCandidates(m[off], lat[off], lon[off], t[off], t[on], n_before, shore_off, in_port, zones,
                         details)


def gap_events(c: GapCandidates, dens: np.ndarray, during_rate: np.ndarray, normal: np.ndarray,
               cfg: Config, silent: np.ndarray | None = None) -> pl.DataFrame:
    """Gap events from candidates and their reception density (:func:`reception_density`);
    ``silent`` (:func:`receiver_silent`): the silences during which the receiver heard no one
    around are no gap events (unless ``gap.report_unheard_silences``)."""
    gc = cfg.gap
    if silent is not None and not gc.report_unheard_silences and np.asarray(silent).any():
        k = np.flatnonzero(~np.asarray(silent, dtype=bool))
        if len(k) == 0:
            return empty_events()
        c = c.take(k)
        dens, during_rate, normal = np.asarray(dens)[k], np.asarray(during_rate)[k], np.asarray(normal)[k]
    likely = ((c.n_before >= gc.min_positions_before) & (c.shore_off >= gc.min_distance_shore_nm)
              & ~c.in_port & (np.nan_to_num(dens, nan=0.0) >= gc.min_reception_density))
    conf = (0.4 + 0.3 * np.minimum(1.0, np.nan_to_num(dens, nan=0.0))
            + 0.3 * np.minimum(1.0, c.n_before / (2.0 * max(gc.min_positions_before, 1))))
    conf = np.where(c.in_port, conf * 0.5, conf)
    details = [{**d, "reception_density": dens[j], "reception_other_vessels_per_h_during": during_rate[j],
                "reception_other_vessels_per_h_normal": normal[j], "likely_intentional": bool(likely[j])}
               for j, d in enumerate(c.details)]
    return make_events("gap", c.mmsi, c.t_off, c.t_on, c.lat, c.lon, details, conf, zone=c.zones)
