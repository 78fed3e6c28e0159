"""Labels computed from the truth track with the project's event definitions.

Every occurrence of every event type that the truth contains is labelled, routine ones (port
calls, territorial-sea crossings, incidental encounters) as well as injected ones. Definitions
and thresholds come from :mod:`seasentry.config` (one typed configuration); sources:

* gap: no position for >= ``gap.min_hours`` (6 h; GFW, Welch et al. 2022).
* encounter: two vessels < ``encounter.max_distance_m`` (500 m) for >= 2 h, both slower than
  2 kn, >= 10 km from a port, tracks resampled every 10 min and interpolated only across gaps
  < 1 h, same pair < 4 h apart merged (Miller et al. 2018, GFW).
* loitering: < 2 kn for >= 4 h, >= 12 nm from shore, >= 10 km from a port (GFW; 12 nm per the
  UN Panel of Experts on Libya).
* port_visit: within 3 km of a port, a stop (< 0.2 kn) or an in-port silence > 4 h, out beyond
  4 km (GFW port-visit state machine).
* zone_entry / zone_exit: a truth position inside a territorial sea after one outside (and back).
* spoofing: runs of false positions (jumps, positions on land) and one MMSI used by two vessels
  at once (span of the overlap).
* identity_change: a change of normalised name / call sign / IMO / ship type under one MMSI,
  broadcast at least ``identity.min_reports`` times; an IMO first seen under one MMSI appearing
  under another (flag hop; ``other_mmsi`` = the earlier MMSI).

Spoofed positions are excluded from every other computation (they are not where the ship is).
"""

from __future__ import annotations

import numpy as np

from ..config import Config
from ..detect.identity_quality import is_default_mmsi
from . import geography as G

H = 3600.0


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    if mask.size == 0:
        return []
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1) - 1
    return list(zip(starts.tolist(), ends.tolist()))


def _groups(keys: np.ndarray):
    """Yield (key, index array) for each distinct key, rows in their existing order."""
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    cut = np.flatnonzero(np.diff(k)) + 1
    for part in np.split(order, cut):
        if part.size:
            yield keys[part[0]], part


def _lab(type_, mmsi, start, end, lat, lon, zone=None, other=None, note=""):
    return dict(type=type_, mmsi=int(mmsi), other_mmsi=None if other is None else int(other),
                start=float(start), end=float(end), lat=float(lat), lon=float(lon), zone=zone,
                note=note)


def gaps(P: dict, cfg: Config) -> list[dict]:
    out = []
    thr = cfg.gap.min_hours * H
    for mmsi, ix in _groups(P["mmsi"]):
        t = P["ts"][ix]
        o = np.argsort(t, kind="stable")
        ix, t = ix[o], t[o]
        for i in np.flatnonzero(np.diff(t) >= thr):
            a = ix[i]
            out.append(_lab("gap", mmsi, t[i], t[i + 1], P["lat"][a], P["lon"][a],
                            zone=(G.zone_of(P["lat"][a], P["lon"][a])[0] or None),
                            note=f"silent {(t[i + 1] - t[i]) / H:.1f} h"))
    return out


def port_visits(P: dict, cfg: Config, port_idx: np.ndarray, port_km: np.ndarray) -> list[dict]:
    pv = cfg.port_visit
    ports = G.ports()
    out = []
    for vid, ix in _groups(P["vid"]):
        t = P["ts"][ix]
        d = port_km[ix]
        near = d < pv.exit_km
        for a, b in _runs(near):
            inside = np.flatnonzero(d[a:b + 1] < pv.entry_km)
            if inside.size == 0:
                continue
            e = a + inside[0]
            seg = slice(e, b + 1)
            stopped = bool(np.any(P["sog"][ix][seg] < pv.stop_speed_kn))
            if b > e and np.any(np.diff(t[seg]) > pv.in_port_gap_h * H):
                stopped = True
            if not stopped:
                continue
            end_t = t[b + 1] if b + 1 < t.size else t[b]
            if end_t - t[e] < pv.min_duration_min * 60.0:
                continue
            p = ports[int(port_idx[ix][e])]
            note = "routine port call"
            if a == 0:
                note += " (in port at first report)"
            out.append(_lab("port_visit", P["mmsi"][ix[0]], t[e], end_t, p.lat, p.lon, zone=p.name, note=note))
    return out


def zone_crossings(P: dict, cfg: Config | None = None) -> list[dict]:
    """Entries and exits per territorial sea, with the detector's debounce: a stay on one side
    shorter than ``tracks.zone_min_dwell_min`` (first position to the first position of the next
    stay; the first stay of a vessel always counts) is ignored (a ferry leaving one island's
    territorial sea for a few minutes before entering the next one's is still inside)."""
    dwell_s = (cfg or Config()).tracks.zone_min_dwell_min * 60.0
    out = []
    zone = G.zone_of(P["lat"], P["lon"])
    for vid, ix in _groups(P["vid"]):
        z = zone[ix]
        t = P["ts"][ix]
        for name in sorted({x for x in z.tolist() if x}):
            ins = z == name
            rs = np.flatnonzero(np.r_[True, ins[1:] != ins[:-1]])
            nxt = np.r_[t[rs[1:]], np.inf]
            keep = (np.arange(rs.size) == 0) | (nxt - t[rs] >= dwell_s)
            rs = rs[keep]
            st = ins[rs]
            for k in np.flatnonzero(np.r_[False, st[1:] != st[:-1]]):
                i = rs[k]
                r = ix[i]
                if st[k]:
                    out.append(_lab("zone_entry", P["mmsi"][r], t[i], t[i], P["lat"][r], P["lon"][r], zone=name,
                                    note="entered territorial sea"))
                else:
                    out.append(_lab("zone_exit", P["mmsi"][r], t[i], t[i], P["lat"][r], P["lon"][r], zone=name,
                                    note="left territorial sea"))
    return out


def loitering(P: dict, cfg: Config, port_km: np.ndarray) -> list[dict]:
    lc = cfg.loitering
    cand = (P["sog"] < lc.max_speed_kn) & (port_km >= lc.min_distance_port_km)
    shore = np.zeros(P["ts"].size)
    ci = np.flatnonzero(cand)
    shore[ci] = G.distance_to_shore_nm(P["lat"][ci], P["lon"][ci])
    ok = cand & (shore >= lc.min_distance_shore_nm)
    out = []
    for vid, ix in _groups(P["vid"]):
        t = P["ts"][ix]
        for a, b in _runs(ok[ix]):
            if t[b] - t[a] >= lc.min_duration_h * H:
                m = ix[(a + b) // 2]
                out.append(_lab("loitering", P["mmsi"][ix[0]], t[a], t[b], P["lat"][m], P["lon"][m],
                                zone=(G.zone_of(P["lat"][m], P["lon"][m])[0] or None),
                                note=f"slow {(t[b] - t[a]) / H:.1f} h, {shore[m]:.1f} nm from shore"))
    return out


def encounters(P: dict, cfg: Config, t0: float, t1: float) -> list[dict]:
    ec = cfg.encounter
    step = ec.resample_min * 60.0
    grid = np.arange(np.ceil(t0 / step) * step, t1, step)
    vids = np.unique(P["vid"])
    nv, ng = vids.size, grid.size
    LA = np.full((nv, ng), np.nan)
    LO = np.full((nv, ng), np.nan)
    SP = np.full((nv, ng), np.nan)
    mm = np.zeros(nv, dtype=np.int64)
    for k, (vid, ix) in enumerate(_groups(P["vid"])):
        t = P["ts"][ix].astype(float)
        mm[k] = P["mmsi"][ix[0]]
        if t.size < 2:
            continue
        j = np.searchsorted(t, grid, side="right")
        valid = (j > 0) & (j < t.size)
        jj = np.clip(j, 1, t.size - 1)
        valid &= (t[jj] - t[jj - 1]) < ec.max_interp_gap_h * H
        LA[k] = np.where(valid, np.interp(grid, t, P["lat"][ix]), np.nan)
        LO[k] = np.where(valid, np.interp(grid, t, P["lon"][ix]), np.nan)
        SP[k] = np.where(valid, np.maximum(P["sog"][ix][jj], P["sog"][ix][jj - 1]), np.nan)
    slow = SP < ec.max_median_speed_kn
    cand_v, cand_g = np.nonzero(slow)
    if cand_v.size == 0:
        return []
    _, pk = G.nearest_port(LA[cand_v, cand_g], LO[cand_v, cand_g])
    away = np.zeros_like(slow)
    away[cand_v, cand_g] = pk >= ec.min_distance_port_km
    close_pairs: dict[tuple[int, int], list[int]] = {}
    for g in range(ng):
        v = np.flatnonzero(away[:, g])
        if v.size < 2:
            continue
        la, lo = LA[v, g], LO[v, g]
        i, j = np.triu_indices(v.size, 1)
        dm = G.haversine_m(la[i], lo[i], la[j], lo[j])
        for a, b in zip(v[i[dm < ec.max_distance_m]], v[j[dm < ec.max_distance_m]]):
            if mm[a] != mm[b]:
                close_pairs.setdefault((int(a), int(b)), []).append(g)
    out = []
    for (a, b), gs in close_pairs.items():
        gs = np.array(gs)
        # runs of consecutive grid steps, merged when < merge_gap_h apart
        cut = np.flatnonzero(np.diff(gs) > 1) + 1
        runs = [(r[0], r[-1]) for r in np.split(gs, cut)]
        merged = [list(runs[0])]
        for s, e in runs[1:]:
            if (s - merged[-1][1]) * step < ec.merge_gap_h * H:
                merged[-1][1] = e
            else:
                merged.append([s, e])
        for s, e in merged:
            if (e - s) * step >= ec.min_duration_h * H:
                m = (s + e) // 2
                x, y = sorted((int(mm[a]), int(mm[b])))
                out.append(_lab("encounter", x, grid[s], grid[e], LA[a, m], LO[a, m],
                                zone=(G.zone_of(LA[a, m], LO[a, m])[0] or None), other=y,
                                note=f"{(e - s) * step / H:.1f} h within {ec.max_distance_m:.0f} m"))
    return out


def spoofing(P_all: dict) -> list[dict]:
    out = []
    sp = P_all["spoofed"]
    for vid, ix in _groups(P_all["vid"]):
        t = P_all["ts"][ix]
        for a, b in _runs(sp[ix]):
            r = ix[a]
            out.append(_lab("spoofing", P_all["mmsi"][r], t[a], t[b], P_all["lat"][r], P_all["lon"][r],
                            note="false positions"))
    # one MMSI, several vessels at once (not for placeholder MMSIs: an identity-quality fact)
    for mmsi, ix in _groups(P_all["mmsi"]):
        vids = np.unique(P_all["vid"][ix])
        if vids.size < 2 or is_default_mmsi(np.array([mmsi]))[0]:
            continue
        spans = []
        for v in vids:
            tv = P_all["ts"][ix][P_all["vid"][ix] == v]
            spans.append((tv.min(), tv.max(), v))
        for i in range(len(spans)):
            for j in range(i + 1, len(spans)):
                s, e = max(spans[i][0], spans[j][0]), min(spans[i][1], spans[j][1])
                if s < e:
                    sel = ix[P_all["vid"][ix] == spans[j][2]]
                    out.append(_lab("spoofing", mmsi, s, e, P_all["lat"][sel[0]], P_all["lon"][sel[0]],
                                    note="one MMSI in two places at once"))
    return out


def _norm(s) -> str:
    if s is None:
        return ""
    return str(s).upper().rstrip("@ ").strip()


def identity_changes(S: dict, cfg: Config) -> list[dict]:
    """S: statics truth with ts, mmsi, name, callsign, imo, ship_type, part (-1 type 5, 0/1 type 24)."""
    out = []
    need = max(1, cfg.identity.min_reports)
    n = len(S["ts"])
    if n == 0:
        return out
    ts = np.asarray(S["ts"])
    mmsi_a = np.asarray(S["mmsi"])
    for mmsi, ix in _groups(mmsi_a):
        if is_default_mmsi(np.array([mmsi]))[0]:
            continue  # a placeholder MMSI's names come from several vessels
        ix = ix[np.argsort(ts[ix], kind="stable")]
        changes: dict[float, list[str]] = {}
        for fld in ("name", "callsign", "imo", "ship_type"):
            vals = [(_norm(S[fld][i]) if fld in ("name", "callsign") else S[fld][i]) for i in ix]
            tt = ts[ix]
            have = [k for k, v in enumerate(vals) if v not in (None, "", 0)]
            cur = None
            k = 0
            while k < len(have):
                v = vals[have[k]]
                if cur is None:
                    cur = v
                elif v != cur:
                    cnt = sum(1 for q in have[k:] if vals[q] == v)
                    if cnt >= need:
                        changes.setdefault(float(tt[have[k]]), []).append(f"{fld}: {cur} -> {v}")
                        cur = v
                k += 1
        for t, what in sorted(changes.items()):
            out.append(_lab("identity_change", mmsi, t, t, np.nan, np.nan, note="; ".join(what)))
    # flag hop: the same IMO under a new MMSI
    imo = np.asarray([x if x else 0 for x in S["imo"]], dtype=np.int64)
    for v, ix in _groups(imo):
        if v == 0:
            continue
        ix = ix[np.argsort(ts[ix], kind="stable")]
        seen: list[int] = []
        for i in ix:
            m = int(mmsi_a[i])
            if m not in seen:
                cnt = int(np.sum(mmsi_a[ix] == m))
                if seen and cnt >= need:
                    out.append(_lab("identity_change", m, ts[i], ts[i], np.nan, np.nan, other=seen[-1],
                                    note=f"IMO {v} moved from MMSI {seen[-1]} to {m} (flag hop)"))
                seen.append(m)
    return out


def negatives_from_truth(P_all: dict, base_stations: list[tuple[int, float, float]], t0: float, t1: float) -> list[dict]:
    """Fast-ferry runs at >= 25 kn and base stations on land: not spoofing."""
    out = []
    fast = (P_all["vclass"] == "fast_ferry") & (P_all["sog"] >= 25.0)
    for vid, ix in _groups(P_all["vid"]):
        t = P_all["ts"][ix]
        for a, b in _runs(fast[ix]):
            if b > a:
                r = ix[(a + b) // 2]
                out.append(_lab("negative_spoofing", P_all["mmsi"][r], t[a], t[b], P_all["lat"][r], P_all["lon"][r],
                                note=f"fast ferry at {P_all['sog'][ix][a:b + 1].max():.1f} kn"))
    for mmsi, lat, lon in base_stations:
        out.append(_lab("negative_spoofing", mmsi, t0, t1, lat, lon, note="base station (type 4) on land"))
    return out


def attach_injections(labels: list[dict], recs: list[dict], tol_s: float = 3600.0) -> list[dict]:
    """Mark labels produced by an injection; return the positive records that matched nothing."""
    unmatched = []
    for r in recs:
        if r["type"].startswith("negative_"):
            continue
        hit = False
        for lab in labels:
            if lab["type"] != r["type"] or lab["mmsi"] != r["mmsi"] and not (
                    r["type"] == "encounter" and lab["other_mmsi"] == r["mmsi"]):
                continue
            if r["type"] == "encounter" and {lab["mmsi"], lab["other_mmsi"]} != {r["mmsi"], r["other_mmsi"]}:
                continue
            if lab["start"] - tol_s <= r["end"] and r["start"] <= lab["end"] + tol_s:
                lab["injected"] = True
                lab["note"] = r["note"] + (f" [{lab['note']}]" if lab.get("note") else "")
                hit = True
        if not hit:
            unmatched.append(r)
    return unmatched
