"""Matching speed: N satellite/radar detections against a day of AIS, on one core.

    .venv/bin/python benchmarks/bench_matching.py [--detections 100000] [--vessels 20000] [--scenes 200]
                                                  [--interval-min 6] [--seed 1]

A vectorised synthetic day (this script only): ``--vessels`` vessels over the Central-Mediterranean
box [10..20 E, 31.5..39 N] sailing straight legs with turns at 0-20 kn, each reporting every 1 to
``2 x --interval-min`` minutes (terrestrial and satellite reception mixed) with silences, for
24 h; ``--scenes`` Sentinel-1-like scenes (250 x 185 km footprints) in passes of 10 frames at
random times of the day; each scene's detections are the AIS vessels inside it (80 % of them,
at their true position plus 60 m noise and the SAR azimuth shift) plus dark boats and clutter
(one for every four AIS detections), scenes being added until ``--detections`` are reached
(``--scenes`` is the most).

The matching kernel (:func:`seasentry.detections.match.match`: interpolation of every track to
the image times, the candidate search with its radius fast path, scoring, the one-to-one
assignment per scene and the missed vessels) is timed on the arrays, as the detection run calls
it after reading the store; the same run times Skylight's radius rule alone (``method =
radius``) as the baseline. The process pins itself to one CPU (the last it may use, as
benchmarks/bench_decode.py pins its contenders; one thread for the numeric libraries) and prints,
for each row, the best of ``--repeat`` runs in wall time and in CPU time with the rates
detections/s (wall) and detections per CPU second (the machine may be shared: the CPU rate does
not depend on the other jobs' load), the resident memory before the match and the peak during it
(Linux: freed memory is handed back with glibc's malloc_trim and the high-water mark is reset
through /proc/self/clear_refs before each run; elsewhere the process's peak so far), and the load
average. A row with a quarter of the scenes shows
whether the matching's memory grows with the detections. The share of detections matched to the
vessel they were drawn from is printed as a sanity check (not a figure of merit: the detections
come from the same straight-line model).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS", "POLARS_MAX_THREADS",
           "RAYON_NUM_THREADS"):
    os.environ.setdefault(_v, "1")   # one thread, before numpy / scipy / numba are imported

import argparse
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from seasentry.config import Config  # noqa: E402
from seasentry.detections.match import KN, M_PER_DEG, Detections, Params, Scenes, Tracks, match  # noqa: E402
from seasentry.detections.sar import azimuth_shift_m, track_heading_deg  # noqa: E402

BOX = (10.0, 31.5, 20.0, 39.0)   # Central Mediterranean
DAY = 86400.0


def rss_mb() -> float:
    """Peak resident memory of the process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _status_mb(field: str) -> float | None:
    try:
        m = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    except OSError:
        return None
    return int(m.group(1)) / 1024.0 if m else None


def release_free_memory() -> None:
    """Hand memory freed by earlier work (the generator, earlier runs) back to the system
    (glibc's malloc_trim), so that the resident size before a match is what is live."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def reset_peak() -> bool:
    """Reset the process's resident high-water mark (Linux >= 4.0); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def pin_one_core() -> str:
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return f"pinned to CPU {cpus[-1]}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def make_ais(n_vessels: int, interval_min: float, rng) -> tuple[Tracks, dict]:
    """Piecewise-straight tracks (legs of 1-4 h), reports at jittered intervals with silences."""
    legs = 12
    leg_h = rng.uniform(1.0, 4.0, (n_vessels, legs))
    t_knots = np.concatenate([np.zeros((n_vessels, 1)), np.cumsum(leg_h, axis=1) * 3600.0], axis=1) - \
        rng.uniform(0, 3 * 3600.0, (n_vessels, 1))
    speed = np.where(rng.random((n_vessels, legs)) < 0.3, rng.uniform(0, 3, (n_vessels, legs)),
                     rng.uniform(6, 20, (n_vessels, legs)))
    course = np.cumsum(rng.normal(0, 60, (n_vessels, legs)), axis=1) + rng.uniform(0, 360, (n_vessels, 1))
    lat0 = rng.uniform(BOX[1], BOX[3], n_vessels)
    lon0 = rng.uniform(BOX[0], BOX[2], n_vessels)
    dist = speed * KN * leg_h * 3600.0
    dlat = np.cumsum(dist * np.cos(np.radians(course)), axis=1) / M_PER_DEG
    dlon = np.cumsum(dist * np.sin(np.radians(course)), axis=1) / (M_PER_DEG * np.cos(np.radians(lat0)))[:, None]
    k_lat = np.concatenate([lat0[:, None], lat0[:, None] + dlat], axis=1)
    k_lon = np.concatenate([lon0[:, None], lon0[:, None] + dlon], axis=1)
    # reports
    iv = rng.uniform(1.0, 2 * interval_min, n_vessels) * 60.0
    n_rep = np.floor(DAY / iv).astype(np.int64) + 1
    node = np.repeat(np.arange(n_vessels), n_rep)
    start = np.concatenate([[0], np.cumsum(n_rep)[:-1]])
    idx = np.arange(len(node)) - np.repeat(start, n_rep)
    t = idx * iv[node] + rng.uniform(-0.2, 0.2, len(node)) * iv[node]
    keep = (t >= 0) & (t < DAY)
    # silences: 20 % of vessels lose 2-8 h
    sil = rng.random(n_vessels) < 0.2
    s0 = rng.uniform(0, DAY, n_vessels)
    s1 = s0 + rng.uniform(2, 8, n_vessels) * 3600.0
    keep &= ~(sil[node] & (t >= s0[node]) & (t <= s1[node]))
    node, t = node[keep], t[keep]
    lat, lon, sog, cog = positions_at(t, node, t_knots, k_lat, k_lon, speed, course)
    order = np.lexsort((t, node))
    length = rng.choice([15.0, 25.0, 40.0, 80.0, 150.0, 250.0], n_vessels)
    # the report array (t, lat, lon, sog, cog) filled column by column: no second copy of the day
    rep = np.empty((len(order), 5))
    rep[:, 0], rep[:, 1], rep[:, 2] = t[order], lat[order], lon[order]
    del t, lat, lon
    rep[:, 3] = np.round(sog[order] + rng.normal(0, 0.2, len(order)), 1)
    rep[:, 4] = np.mod(cog[order] + rng.normal(0, 2.0, len(order)), 360.0)
    del sog, cog
    tr = Tracks(node=node[order], t=None, lat=None, lon=None, sog=None, cog=None,
                mmsi=np.arange(n_vessels, dtype=np.int64) + 200_000_000, length=length, rep=rep)
    return tr, {"t_knots": t_knots, "lat": k_lat, "lon": k_lon, "speed": speed, "course": course, "length": length}


def positions_at(t, node, t_knots, k_lat, k_lon, speed, course):
    leg = np.empty(len(t), np.int64)
    for v_chunk in np.array_split(np.arange(len(t)), max(1, len(t) // 2_000_000)):
        tk = t_knots[node[v_chunk]]
        leg[v_chunk] = np.clip((tk <= t[v_chunk, None]).sum(axis=1) - 1, 0, speed.shape[1] - 1)
    t0 = t_knots[node, leg]
    f = np.clip((t - t0) / np.maximum(t_knots[node, leg + 1] - t0, 1.0), 0, 1)
    lat = k_lat[node, leg] + (k_lat[node, leg + 1] - k_lat[node, leg]) * f
    lon = k_lon[node, leg] + (k_lon[node, leg + 1] - k_lon[node, leg]) * f
    return lat, lon, speed[node, leg], np.mod(course[node, leg], 360.0)


def make_scenes(n_scenes: int, n_det: int, motion: dict, rng) -> tuple[Scenes, Detections, np.ndarray]:
    frames_per_pass = 10
    n_pass = max(1, n_scenes // frames_per_pass)
    pass_t = np.sort(rng.uniform(3 * 3600, DAY - 3 * 3600, n_pass))
    polys, t, heading, bbox = [], [], [], []
    for k in range(n_scenes):
        tp = pass_t[k % n_pass] + (k // n_pass) * 27.0
        asc = rng.random() < 0.5
        la = rng.uniform(BOX[1] + 1.5, BOX[3] - 1.5)
        lo = rng.uniform(BOX[0] + 2, BOX[2] - 2)
        hd = float(track_heading_deg(la, asc))
        c = np.cos(np.radians(la))
        hl, hw = 92_500.0 / M_PER_DEG, 125_000.0 / M_PER_DEG
        corners = []
        for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            dn = a * hl * np.cos(np.radians(hd)) - b * hw * np.sin(np.radians(hd))
            de = a * hl * np.sin(np.radians(hd)) + b * hw * np.cos(np.radians(hd))
            corners.append((lo + de / c, la + dn))
        poly = shapely.Polygon(corners)
        polys.append(poly)
        t.append(tp)
        heading.append(hd)
        bbox.append(shapely.bounds(poly))
    sc_i, d_lat, d_lon, d_len, truth = [], [], [], [], []
    nv = motion["lat"].shape[0]
    total = 0
    used = 0
    for s in range(n_scenes):
        if total >= n_det:
            break
        used += 1
        node = np.arange(nv)
        lat, lon, sog, cog = positions_at(np.full(nv, t[s]), node, motion["t_knots"], motion["lat"], motion["lon"],
                                          motion["speed"], motion["course"])
        inside = shapely.contains_xy(polys[s], lon, lat)
        vi = np.flatnonzero(inside & (rng.random(nv) < 0.8))
        de, dn = azimuth_shift_m(sog[vi], cog[vi], np.full(len(vi), heading[s]), 115.0, 37.0)
        c = np.cos(np.radians(lat[vi]))
        dl = lat[vi] + (dn + rng.normal(0, 60, len(vi))) / M_PER_DEG
        do = lon[vi] + (de + rng.normal(0, 60, len(vi))) / (M_PER_DEG * c)
        nd = len(vi) // 4
        b = bbox[s]
        rl = rng.uniform(b[1], b[3], 4 * nd + 4)
        ro = rng.uniform(b[0], b[2], 4 * nd + 4)
        ok = shapely.contains_xy(polys[s], ro, rl)
        rl, ro = rl[ok][:nd], ro[ok][:nd]
        take = min(len(vi) + len(rl), n_det - total)
        sc_i.append(np.full(take, s))
        d_lat.append(np.concatenate([dl, rl])[:take])
        d_lon.append(np.concatenate([do, ro])[:take])
        L = np.exp(0.613 + 0.906 * np.log(motion["length"][vi]) + rng.normal(0, 0.5, len(vi)))
        d_len.append(np.concatenate([L, np.exp(rng.normal(np.log(12.0), 0.4, len(rl)))])[:take])
        truth.append(np.concatenate([vi, np.full(len(rl), -1)])[:take])
        total += take
    n_scenes = used
    polys, t, heading, bbox = polys[:used], t[:used], heading[:used], bbox[:used]
    det = Detections(scene=np.concatenate(sc_i).astype(np.int64), lat=np.concatenate(d_lat), lon=np.concatenate(d_lon),
                     length=np.concatenate(d_len), active=np.ones(total, bool))
    scenes = Scenes(t=np.array(t), sensor=np.zeros(n_scenes, np.int64), heading=np.array(heading),
                    bbox=np.array(bbox, float), footprint=polys)
    return scenes, det, np.concatenate(truth)


def subset(det: Detections, scenes: Scenes, truth: np.ndarray, n_sc: int):
    m = det.scene < n_sc
    d = Detections(scene=det.scene[m], lat=det.lat[m], lon=det.lon[m], length=det.length[m], active=det.active[m])
    s = Scenes(t=scenes.t[:n_sc], sensor=scenes.sensor[:n_sc], heading=scenes.heading[:n_sc], bbox=scenes.bbox[:n_sc],
               footprint=scenes.footprint[:n_sc])
    return d, s, truth[m]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="SAR/AIS matching speed")
    ap.add_argument("--detections", type=int, default=100_000)
    ap.add_argument("--vessels", type=int, default=20_000)
    ap.add_argument("--scenes", type=int, default=200)
    ap.add_argument("--interval-min", type=float, default=6.0, help="mean AIS report interval, minutes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each row (the best wall and CPU times are printed)")
    a = ap.parse_args(argv)
    pinned = pin_one_core()
    print(f"bench_matching: python {sys.version.split()[0]}, {os.cpu_count()} cores ({pinned}), load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, {time.strftime('%Y-%m-%d %H:%M')}")
    rng = np.random.default_rng(a.seed)
    t0 = time.perf_counter()
    tr, motion = make_ais(a.vessels, a.interval_min, rng)
    scenes, det, truth = make_scenes(a.scenes, a.detections, motion, rng)
    del motion
    gen_s = time.perf_counter() - t0
    print(f"AIS: {len(tr.t):,} positions of {a.vessels:,} vessels over 24 h (mean interval {a.interval_min:g} min); "
          f"{len(scenes.t):,} scenes, {len(det.lat):,} detections (generated in {gen_s:.1f} s; "
          f"peak RSS {rss_mb():,.0f} MB)")
    base = Params.from_config(Config())
    d, s, _ = subset(det, scenes, truth, 1)
    match(d, s, tr, base)      # warm-up: scipy modules imported once, compiled kernels loaded, outside the timed runs
    match(d, s, tr, Params(**{**base.__dict__, "method": "radius"}))
    rows = []
    quarter = max(1, len(scenes.t) // 4)
    can_reset = reset_peak()
    for label, p, n_sc in (("model (GFW-style), 1/4 of the scenes", base, quarter),
                           ("model (GFW-style)", base, len(scenes.t)),
                           ("radius 1,500 m only (Skylight rule)", Params(**{**base.__dict__, "method": "radius"}),
                            len(scenes.t))):
        d, s, tt = subset(det, scenes, truth, n_sc)
        best_sec = best_cpu = float("inf")
        before = peak = 0.0
        for _ in range(max(1, a.repeat)):
            tm: dict = {}
            r = None
            release_free_memory()
            reset_peak()
            rss0 = _status_mb("VmRSS") or 0.0
            t1, c1 = time.perf_counter(), time.process_time()
            r = match(d, s, tr, p, timings=tm)
            sec, cpu = time.perf_counter() - t1, time.process_time() - c1
            hwm = _status_mb("VmHWM") if can_reset else rss_mb()
            before, peak = max(before, rss0), max(peak, hwm or 0.0)
            if cpu < best_cpu:
                best_tm = tm
            best_sec, best_cpu = min(best_sec, sec), min(best_cpu, cpu)
        good = (tt >= 0) & (r.node >= 0)
        right = float((r.node[good] == tt[good]).mean()) if good.any() else float("nan")
        rows.append((label, len(d.lat), len(s.t), best_sec, best_cpu, len(d.lat) / best_sec, len(d.lat) / best_cpu,
                     before, peak, right, int((r.status > 0).sum()), len(r.m_node), best_tm))
    print()
    print(f"best of {max(1, a.repeat)} runs per row; memory: RSS before the match and peak during it"
          + ("" if can_reset else " (peak of the process so far: /proc/self/clear_refs not available)"))
    print(f"| {'method':40s} | {'detections':>10s} | {'scenes':>6s} | {'wall s':>7s} | {'CPU s':>6s} | "
          f"{'detections/s':>12s} | {'detections/CPU s':>16s} | {'RSS MB':>7s} | {'peak MB':>7s} | {'matched':>8s} | "
          f"{'right vessel':>12s} | {'missed':>7s} |")
    print(f"|{'-' * 42}|{'-' * 12}|{'-' * 8}|{'-' * 9}|{'-' * 8}|{'-' * 14}|{'-' * 18}|{'-' * 9}|{'-' * 9}|{'-' * 10}|"
          f"{'-' * 14}|{'-' * 9}|")
    for label, n, ns, sec, cpu, rate_w, rate_c, before, peak, right, matched, missed, _ in rows:
        print(f"| {label:40s} | {n:10,d} | {ns:6,d} | {sec:7.3f} | {cpu:6.3f} | {rate_w:12,.0f} | {rate_c:16,.0f} | "
              f"{before:7,.0f} | {peak:7,.0f} | {matched:8,d} | {right:12.3f} | {missed:7,d} |")
    print()
    tm = rows[1][-1]
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (wall times grow with it)")
    print("model, stages (wall s): " + ", ".join(f"{k} {v:.3f}" for k, v in tm.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
