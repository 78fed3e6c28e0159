"""Detection throughput benchmark: N million synthetic positions through detect_events.

    python benchmarks/bench_detect.py --positions 10_000_000 [--vessels 4000] [--seed 1]

A vectorised random-walk fleet generator (this script only; the realistic labelled
scenario generator lives in seasentry.scenario): vessels in the open Central Mediterranean
[11.5..19.5 E, 33.5..36.3 N] (mostly sea: only Malta and Lampedusa are land) reporting every
10 s-6 min, a mix of transiting (6-20 kn),
fishing/slow (0-3 kn) and drifting vessels, random AIS silences, bursts of bad positions,
pairs of vessels meeting, and renames in the statics. Prints seconds and positions/s per
stage and the peak RSS (getrusage) of the process. Stages are called as ``detect_events``
calls them: the tracks stage includes ``vessel_tracks`` (non-noise positions by mmsi,
track_id, ts), which the gap, encounter, loitering, port-visit and zone detectors receive.

The geography is ``seasentry.geo.Geography()`` when that module is available, else a
small built-in stand-in (ports from the packaged UN/LOCODE list, a flat "shore" model)
so the detector kernels can still be timed; the output says which one was used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from seasentry.config import Config  # noqa: E402
from seasentry.detect import (detect_encounters, detect_gaps, detect_identity_changes,  # noqa: E402
                              detect_loitering, detect_port_visits, detect_spoofing,
                              detect_zone_crossings)
from seasentry.detect._common import vessel_tracks  # noqa: E402
from seasentry.tracks import build_tracks  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---------------------------------------------------------------------------------------
def generate(n_positions: int, n_vessels: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    per = max(2, n_positions // n_vessels)
    V, P = n_vessels, per
    mmsi = 200_000_000 + rng.choice(np.arange(47_000_000, 77_000_000), V, replace=False).astype(np.int64)
    kind = rng.choice(3, V, p=[0.6, 0.3, 0.1])  # 0 transit, 1 slow/fishing, 2 drifting
    step = rng.uniform(10, 360, V)  # reporting interval, s
    dts = rng.exponential(step[:, None], (V, P)).astype(np.float32) + 1.0
    # AIS silences: ~0.05 % of intervals are 3-20 h
    sil = rng.random((V, P)) < 5e-4
    dts[sil] = rng.uniform(3 * 3600, 20 * 3600, sil.sum())
    t = np.cumsum(dts, axis=1, dtype=np.float64)
    t += rng.uniform(0, 86400, V)[:, None]
    speed = np.where(kind == 0, rng.uniform(6, 20, V), np.where(kind == 1, rng.uniform(0, 3, V), 0.3))
    spd = np.clip(speed[:, None] + rng.normal(0, 0.5, (V, P)), 0, None).astype(np.float32)
    course = (rng.uniform(0, 360, V)[:, None] + np.cumsum(rng.normal(0, 3, (V, P)), axis=1)).astype(np.float32)
    dist_nm = spd * np.diff(np.concatenate([t[:, :1], t], axis=1), axis=1) / 3600.0
    c = np.radians(course)
    lat0 = rng.uniform(33.5, 36.3, V)
    lon0 = rng.uniform(11.5, 19.5, V)
    lat = lat0[:, None] + np.cumsum(dist_nm * np.cos(c), axis=1) / 60.0
    lon = lon0[:, None] + np.cumsum(dist_nm * np.sin(c), axis=1) / 60.0 / np.cos(np.radians(lat0))[:, None]
    # keep the walk inside the box by reflection
    lat = 33.5 + np.abs(((lat - 33.5) + 2.8) % 5.6 - 2.8)
    lon = 11.5 + np.abs(((lon - 11.5) + 8.0) % 16.0 - 8.0)
    # meeting pairs: every 50th vessel copies its neighbour's track with a 200 m offset
    pair = np.arange(0, V - 1, 50)
    lat[pair + 1], lon[pair + 1], t[pair + 1] = lat[pair] + 0.0018, lon[pair], t[pair] + 5
    spd[pair + 1] = spd[pair]
    # bursts of bad positions
    bad = rng.random((V, P)) < 2e-5
    lat[bad] += rng.uniform(-3, 3, bad.sum())
    lon[bad] += rng.uniform(-3, 3, bad.sum())
    base = dt.datetime(2024, 5, 1).timestamp()
    ts_us = ((t + base) * 1e6).astype(np.int64)
    pos = pl.DataFrame({
        "mmsi": np.repeat(mmsi, P), "ts": pl.Series(ts_us.ravel()).cast(pl.Datetime("us")),
        "lat": lat.ravel(), "lon": lon.ravel(), "sog": spd.ravel(),
        "cog": pl.Series((course.ravel() % 360).astype(np.float32)),
        "msg_type": pl.Series(np.ones(V * P, np.int8)),
    })
    # statics: 6 type-5 reports per vessel, 2 % renamed halfway
    k = 6
    sm = np.repeat(mmsi, k)
    sts = np.repeat(ts_us[:, 0], k) + np.tile(np.arange(k), V) * 3_600_000_000
    renamed = np.repeat(rng.random(V) < 0.02, k) & (np.tile(np.arange(k), V) >= k // 2)
    names = np.char.add("VESSEL ", np.repeat(np.arange(V), k).astype(str))
    names = np.where(renamed, np.char.add(names, " II"), names)
    stypes = np.repeat(np.where(kind == 0, 70, np.where(kind == 1, 30, 80)), k)
    statics = pl.DataFrame({"mmsi": sm, "ts": pl.Series(sts).cast(pl.Datetime("us")), "msg_type": 5,
                            "name": names, "callsign": np.repeat(np.arange(V), k).astype(str),
                            "imo": pl.Series([None] * len(sm), dtype=pl.Int64),
                            "ship_type": stypes.astype(np.int16)})
    return pos, statics


# ---------------------------------------------------------------------------------------
@dataclass
class _Zone:
    name: str
    kind: str
    country: str
    box: tuple
    geometry: object = None


class StandInGeo:
    """Used only when seasentry.geo is not available: ports from the packaged list,
    'shore' = the nearest of a few Central-Med coast sample points, land = none."""

    def __init__(self):
        rows = list(csv.DictReader(open(ROOT / "src/seasentry/data/geo/ports_med_unlocode.csv", encoding="utf-8")))
        self.ports = pl.DataFrame({"port_id": list(range(len(rows))), "name": [r["name"] for r in rows],
                                   "country": [r["country"] for r in rows],
                                   "lat": [float(r["lat"]) for r in rows], "lon": [float(r["lon"]) for r in rows],
                                   "kind": "port", "locode": [r["locode"] for r in rows],
                                   "libya_fuel_smuggling": False})
        self._plat = self.ports["lat"].to_numpy()
        self._plon = self.ports["lon"].to_numpy()
        self.zones = [_Zone("Malta box", "territorial_sea", "MT", (35.6, 36.3, 14.0, 14.8)),
                      _Zone("Lampedusa box", "territorial_sea", "IT", (35.3, 35.7, 12.3, 12.9))]

    def _near(self, lat, lon):
        lat = np.asarray(lat, float)
        lon = np.asarray(lon, float)
        best = np.full(len(lat), np.inf)
        idx = np.full(len(lat), -1, np.int32)
        c = np.cos(np.radians(lat))
        for k in range(len(self._plat)):
            d = np.hypot((lat - self._plat[k]) * 111.2, (lon - self._plon[k]) * 111.2 * c)
            better = d < best
            best[better] = d[better]
            idx[better] = k
        return idx, best

    def nearest_port(self, lat, lon):
        return self._near(lat, lon)

    def distance_to_shore_nm(self, lat, lon):
        return self._near(lat, lon)[1] / 1.852

    def shore_country(self, lat, lon):
        i, _ = self._near(lat, lon)
        return self.ports["country"].to_numpy()[np.maximum(i, 0)].astype(object)

    def on_land(self, lat, lon, margin_m=0.0):
        return np.zeros(len(np.asarray(lat)), dtype=bool)

    def in_zones(self, lat, lon):
        lat = np.asarray(lat, float)
        lon = np.asarray(lon, float)
        return np.stack([(lat >= z.box[0]) & (lat <= z.box[1]) & (lon >= z.box[2]) & (lon <= z.box[3])
                         for z in self.zones])


def load_geo():
    try:
        from seasentry.geo import Geography  # type: ignore
        return Geography(), "seasentry.geo.Geography"
    except Exception as exc:  # noqa: BLE001
        return StandInGeo(), f"stand-in geography ({type(exc).__name__}: {exc})"


# ---------------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--positions", type=lambda s: int(float(s.replace("_", ""))), default=10_000_000)
    ap.add_argument("--vessels", type=int, default=0, help="default: positions / 2500")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    n_v = a.vessels or max(10, a.positions // 2500)
    cfg = Config()
    t0 = time.perf_counter()
    pos, statics = generate(a.positions, n_v, a.seed)
    gen_s = time.perf_counter() - t0
    geo, geo_name = load_geo()
    rss_gen = rss_mb()
    n = pos.height
    print(f"positions: {n:,}  vessels: {n_v:,}  statics: {statics.height:,}  generated in {gen_s:.1f} s")
    print(f"geography: {geo_name}")
    print(f"peak RSS after generation: {rss_gen:,.0f} MB")
    rows = []

    def stage(name, fn):
        t1 = time.perf_counter()
        c1 = time.process_time()
        out = fn()
        s = time.perf_counter() - t1
        c = time.process_time() - c1
        rows.append((name, s, c, n / s if s > 0 else float("inf"), out.height, rss_mb()))
        return out

    tracks = stage("tracks (sort, dedup, segment)", lambda: build_tracks(pos, cfg))
    del pos
    # as detect_events: the non-noise positions by (mmsi, track_id, ts) once, for the
    # detectors that only use those (their time is added to the tracks stage)
    vt = stage("tracks: vessel_tracks", lambda: vessel_tracks(tracks))
    rows[0] = (rows[0][0], rows[0][1] + rows[1][1], rows[0][2] + rows[1][2],
               n / (rows[0][1] + rows[1][1]), rows[0][4], rows[1][5])
    del rows[1]
    evs = [
        stage("gap", lambda: detect_gaps(vt, geo, cfg)),
        stage("encounter", lambda: detect_encounters(vt, geo, cfg)),
        stage("loitering", lambda: detect_loitering(vt, geo, cfg)),
        stage("port_visit", lambda: detect_port_visits(vt, geo, cfg)),
        stage("zone_entry/exit", lambda: detect_zone_crossings(vt, geo, cfg)),
        stage("spoofing", lambda: detect_spoofing(tracks, statics, geo, cfg)),
        stage("identity_change", lambda: detect_identity_changes(statics, cfg, tracks)),
    ]
    total = sum(r[1] for r in rows)
    cpu = sum(r[2] for r in rows)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())} "
          f"on {__import__('os').cpu_count()} CPUs (wall times include waiting for the CPU)")
    print()
    print(f"{'stage':32s} {'wall s':>8s} {'CPU s':>8s} {'positions/s':>13s} {'events':>9s} {'peak RSS MB':>12s}")
    for name, s, c, pps, ne, r in rows:
        print(f"{name:32s} {s:8.2f} {c:8.2f} {pps:13,.0f} {ne:9,d} {r:12,.0f}")
    print(f"{'TOTAL (detect_events)':32s} {total:8.2f} {cpu:8.2f} {n / total:13,.0f} "
          f"{sum(e.height for e in evs):9,d} {rss_mb():12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
