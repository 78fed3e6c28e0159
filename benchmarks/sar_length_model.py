"""Fit (and check) the SAR length model and the detection probability by length on Global Fishing
Watch's published RADARSAT-2 SAR-AIS matches (shared/data/sar/gfw_ksat_rs2_sar_ais_matches.csv,
paper-longline-ais-sar-matching, Kroodsma et al. 2022).

    .venv/bin/python benchmarks/sar_length_model.py [--matches FILE]

Prints:

* the least-squares fit ln(L_sar) = a + b ln(L_ais) over the matched pairs (all, and those GFW
  reviewed 'yes'), the residual spread s, and the values in seasentry's configuration
  (``detections.length_a``, ``length_b``, ``length_sigma_log``);
* the share of AIS vessels expected in a scene that the SAR detected, by AIS length (detected =
  rows with a detection and an MMSI; expected but undetected = rows without a detection), and a
  logistic fit P(L) = p_max / (1 + exp(-(L - L50) / w)).

The GFW file carries no licence: it is read from ../shared/data only, never copied into the repo.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "sar" / "gfw_ksat_rs2_sar_ais_matches.csv"


def fit_length_model(m: pl.DataFrame) -> dict:
    x = m.filter(pl.col("ssvid").is_not_null() & pl.col("detect_id").is_not_null()
                 & (pl.col("gfw_length") > 0) & (pl.col("sar_length") > 0))
    la, ls = np.log(x["gfw_length"].to_numpy()), np.log(x["sar_length"].to_numpy())
    b, a = np.polyfit(la, ls, 1)
    r = ls - (a + b * la)
    return {"n": x.height, "a": float(a), "b": float(b), "s": float(r.std(ddof=2)),
            "median_ratio": float(np.median(np.exp(ls - la)))}


def recall_by_length(m: pl.DataFrame, bins=(0, 20, 30, 40, 50, 60, 80, 120, 400)) -> tuple[list, dict]:
    det = m.filter(pl.col("detect_id").is_not_null() & pl.col("ssvid").is_not_null() & pl.col("gfw_length").is_not_null())
    und = m.filter(pl.col("detect_id").is_null() & pl.col("gfw_length").is_not_null())
    # only vessels surely in the scene (GFW's likelihood_in and the footprint shrunk by 5 km)
    und = und.filter((pl.col("likelihood_in").fill_null(0) >= 0.9) & pl.col("within_footprint_5km").fill_null(False))
    rows = []
    for lo, hi in zip(bins[:-1], bins[1:]):
        nd = det.filter(pl.col("gfw_length").is_between(lo, hi, closed="left")).height
        nu = und.filter(pl.col("gfw_length").is_between(lo, hi, closed="left")).height
        rows.append((lo, hi, nd, nu, nd / (nd + nu) if nd + nu else None))
    from scipy.optimize import curve_fit

    L = np.concatenate([det["gfw_length"].to_numpy(), und["gfw_length"].to_numpy()]).astype(float)
    y = np.concatenate([np.ones(det.height), np.zeros(und.height)])

    def f(x, pmax, l50, w):
        return pmax / (1 + np.exp(-(x - l50) / w))

    (pmax, l50, w), _ = curve_fit(f, L, y, p0=(0.9, 35.0, 8.0), bounds=([0.5, 0, 1], [1.0, 200, 100]))
    return rows, {"p_max": float(pmax), "L50": float(l50), "width": float(w), "n": int(len(L))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matches", default=str(DEFAULT))
    a = ap.parse_args(argv)
    p = Path(a.matches)
    if not p.exists():
        print(f"{p} not found (../shared/data is not part of the package)")
        return 1
    m = pl.read_csv(p)
    from seasentry.config import Config

    d = Config().detections
    fit = fit_length_model(m)
    yes = fit_length_model(m.filter(pl.col("match_review").str.strip_chars() == "yes"))
    print("SAR length model ln(L_sar) = a + b ln(L_ais), least squares on GFW's RADARSAT-2 matches")
    print(f"{'subset':28s} {'pairs':>6s} {'a':>7s} {'b':>7s} {'s':>7s} {'median L_sar/L_ais':>19s}")
    print(f"{'all matched pairs':28s} {fit['n']:6d} {fit['a']:7.3f} {fit['b']:7.3f} {fit['s']:7.3f} {fit['median_ratio']:19.3f}")
    print(f"{'reviewed yes':28s} {yes['n']:6d} {yes['a']:7.3f} {yes['b']:7.3f} {yes['s']:7.3f} {yes['median_ratio']:19.3f}")
    print(f"{'seasentry config':28s} {'':6s} {d.length_a:7.3f} {d.length_b:7.3f} {d.length_sigma_log:7.3f}")
    for L in (15, 30, 60, 120, 250):
        print(f"  AIS {L:4d} m -> SAR {np.exp(fit['a'] + fit['b'] * np.log(L)):6.1f} m "
              f"(1-sigma {np.exp(fit['a'] + fit['b'] * np.log(L) - fit['s']):5.1f}-"
              f"{np.exp(fit['a'] + fit['b'] * np.log(L) + fit['s']):5.1f} m)")
    rows, lf = recall_by_length(m)
    print("\nAIS vessels in the scene detected by RADARSAT-2, by AIS length")
    print(f"{'length m':>10s} {'detected':>9s} {'missed':>7s} {'share':>6s}")
    for lo, hi, nd, nu, r in rows:
        print(f"{lo:4d}-{hi:<5d} {nd:9d} {nu:7d} {'' if r is None else f'{r:6.2f}'}")
    print(f"logistic fit over {lf['n']} vessels: p_max {lf['p_max']:.3f}, L50 {lf['L50']:.1f} m, width {lf['width']:.1f} m")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
