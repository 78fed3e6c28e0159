"""Vessel kinematics: piecewise-linear plans sampled at AIS report times.

A :class:`Plan` is a list of knots (time, lat, lon) and, for each leg between two knots, a
navigational status and whether the vessel is under way. Building a plan is cheap (a few dozen
knots per vessel); sampling it is vectorised with :func:`numpy.interp`.

Report rates follow ITU-R M.1371-5 table 1 (class A: 2-10 s under way, 3 min at anchor or
moored; class B CS: 30 s above 2 kn, 3 min below) but are subsampled to keep scenarios small:
class A one report per ``interval_a_s`` under way (``interval_fast_s`` above 23 kn), class B one per
``interval_b_s``, and one per ``interval_stop_s`` for any vessel stopped. Intervals are jittered
by +-20 % as real reports are. See :class:`Rates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .geography import bearing_deg, haversine_m, offset

KN = 1852.0 / 3600.0  # m/s per knot

# AIS navigational status (ITU-R M.1371-5, table 45)
UNDERWAY, AT_ANCHOR, MOORED, FISHING, UNDEFINED = 0, 1, 5, 7, 15


@dataclass(frozen=True)
class Rates:
    """Subsampled report intervals (seconds)."""
    interval_a_s: float = 60.0
    interval_fast_s: float = 30.0
    interval_b_s: float = 120.0
    interval_stop_s: float = 180.0
    jitter: float = 0.2


@dataclass
class Plan:
    """Knots of one vessel's true motion. Times are epoch seconds."""
    t: list = field(default_factory=list)
    lat: list = field(default_factory=list)
    lon: list = field(default_factory=list)
    #: per leg (len = len(t) - 1): nav status, moving flag
    status: list = field(default_factory=list)
    moving: list = field(default_factory=list)
    #: transponder-off windows [(start, end)], reports inside are not sent
    off: list = field(default_factory=list)

    @classmethod
    def start(cls, t0: float, lat: float, lon: float) -> "Plan":
        return cls(t=[float(t0)], lat=[float(lat)], lon=[float(lon)])

    @property
    def now(self) -> float:
        return self.t[-1]

    @property
    def here(self) -> tuple[float, float]:
        return self.lat[-1], self.lon[-1]

    def _add(self, t: float, lat: float, lon: float, status: int, moving: bool) -> None:
        if t <= self.t[-1]:
            t = self.t[-1] + 1.0
        self.t.append(float(t))
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.status.append(int(status))
        self.moving.append(bool(moving))

    def sail(self, waypoints, speed_kn: float, status: int = UNDERWAY) -> "Plan":
        """Go through each (lat, lon) waypoint at ``speed_kn``."""
        for la, lo in waypoints:
            d = float(haversine_m(self.lat[-1], self.lon[-1], la, lo))
            if d < 1.0:
                continue
            # split long legs so linear lat/lon interpolation stays close to the great circle
            n = max(1, int(d // 20_000))
            lat0, lon0 = self.lat[-1], self.lon[-1]
            for k in range(1, n + 1):
                f = k / n
                self._add(self.now + d / n / (speed_kn * KN), lat0 + (la - lat0) * f, lon0 + (lo - lon0) * f,
                          status, True)
        return self

    def sail_until(self, waypoints, speed_kn: float, t_end: float, status: int = UNDERWAY) -> "Plan":
        """Sail the waypoints but stop at time ``t_end`` wherever the vessel is."""
        tmp = Plan.start(self.now, *self.here).sail(waypoints, speed_kn, status)
        tt = np.array(tmp.t)
        if tt[-1] <= t_end:
            for i in range(1, len(tmp.t)):
                self._add(tmp.t[i], tmp.lat[i], tmp.lon[i], status, True)
            return self
        for i in range(1, len(tmp.t)):
            if tmp.t[i] < t_end:
                self._add(tmp.t[i], tmp.lat[i], tmp.lon[i], status, True)
            else:
                f = (t_end - tmp.t[i - 1]) / (tmp.t[i] - tmp.t[i - 1])
                self._add(t_end, tmp.lat[i - 1] + f * (tmp.lat[i] - tmp.lat[i - 1]),
                          tmp.lon[i - 1] + f * (tmp.lon[i] - tmp.lon[i - 1]), status, True)
                break
        return self

    def stay(self, duration_s: float, status: int = MOORED, drift_kn: float = 0.0,
             rng: np.random.Generator | None = None, step_s: float = 1800.0) -> "Plan":
        """Stay put (moored/anchored) or drift slowly for ``duration_s``."""
        if duration_s <= 0:
            return self
        if drift_kn <= 0 or rng is None:
            self._add(self.now + duration_s, *self.here, status, False)
            return self
        n = max(1, int(np.ceil(duration_s / step_s)))
        lat0, lon0 = self.here
        for k in range(n):
            dt = duration_s / n
            la, lo = self.here
            b = float(rng.uniform(0, 360))
            d = float(rng.uniform(0.3, 1.0)) * drift_kn * KN * dt
            # drift stays within 300 m of where it began (a tether, not a voyage)
            nla, nlo = offset(la, lo, b, d)
            if haversine_m(lat0, lon0, nla, nlo) > 300:
                b = float(bearing_deg(la, lo, lat0, lon0))
                nla, nlo = offset(la, lo, b, min(d, float(haversine_m(la, lo, lat0, lon0))))
            self._add(self.now + dt, nla, nlo, status, False)
        return self

    def follow(self, other: "Plan", t_end: float, dist_m: float, bearing: float) -> "Plan":
        """Keep a fixed offset from another plan's knots until ``t_end`` (alongside, STS)."""
        tt = np.array(other.t)
        sel = (tt > self.now) & (tt <= t_end)
        for i in np.flatnonzero(sel):
            la, lo = offset(other.lat[i], other.lon[i], bearing, dist_m)
            self._add(other.t[i], la, lo, other.status[i - 1] if i > 0 else AT_ANCHOR, False)
        if self.now < t_end:
            la, lo = position_at(other, t_end)
            la, lo = offset(la, lo, bearing, dist_m)
            self._add(t_end, la, lo, AT_ANCHOR, False)
        return self

    def zigzag(self, center, half_width_nm: float, leg_nm: float, speed_kn: float, duration_s: float,
               rng: np.random.Generator, status: int = FISHING) -> "Plan":
        """Trawling pattern: legs of ``leg_nm`` zig-zagging around ``center`` for ``duration_s``."""
        t_end = self.now + duration_s
        la_c, lo_c = center
        heading = float(rng.uniform(0, 360))
        while self.now < t_end:
            heading = (heading + float(rng.choice([-1, 1])) * float(rng.uniform(120, 170))) % 360
            la, lo = offset(*self.here, heading, leg_nm * 1852.0)
            # pull back towards the ground's centre when drifting out of it
            if haversine_m(la, lo, la_c, lo_c) > half_width_nm * 1852.0:
                heading = float(bearing_deg(*self.here, la_c, lo_c)) + float(rng.uniform(-30, 30))
                la, lo = offset(*self.here, heading, leg_nm * 1852.0)
            self.sail_until([(la, lo)], speed_kn * float(rng.uniform(0.9, 1.1)), t_end, status)
        return self

    def go_dark(self, start: float, end: float) -> "Plan":
        self.off.append((float(start), float(end)))
        return self


def position_at(plan: Plan, t: float) -> tuple[float, float]:
    tt = np.array(plan.t)
    return float(np.interp(t, tt, plan.lat)), float(np.interp(t, tt, plan.lon))


def report_times(plan: Plan, ais_class: str, rates: Rates, rng: np.random.Generator,
                 t_min: float, t_max: float) -> np.ndarray:
    """Integer epoch seconds of the reports the vessel sends (transponder-off windows removed)."""
    tt = np.array(plan.t)
    if tt.size < 2:
        return np.zeros(0, dtype=np.int64)
    out = []
    phase = float(rng.uniform(0, 30))
    for i in range(tt.size - 1):
        a, b = tt[i], tt[i + 1]
        if b <= t_min or a >= t_max:
            continue
        if plan.moving[i]:
            d = float(haversine_m(plan.lat[i], plan.lon[i], plan.lat[i + 1], plan.lon[i + 1]))
            v = d / max(b - a, 1.0) / KN
            if ais_class == "B":
                iv = rates.interval_b_s
            else:
                iv = rates.interval_fast_s if v > 23 else rates.interval_a_s
        else:
            iv = rates.interval_stop_s
        a0, b0 = max(a, t_min), min(b, t_max)
        n = int((b0 - a0 - phase) // iv) + 1
        if n <= 0:
            phase = max(0.0, phase - (b0 - a0))
            continue
        base = a0 + phase + iv * np.arange(n)
        jit = rng.uniform(-rates.jitter, rates.jitter, n) * iv
        ts = base + jit
        out.append(ts[(ts >= a0) & (ts < b0)])
        phase = max(0.0, base[-1] + iv - b0)
    if not out:
        return np.zeros(0, dtype=np.int64)
    ts = np.floor(np.concatenate(out)).astype(np.int64)
    ts = np.unique(ts)
    for s, e in plan.off:
        ts = ts[(ts < s) | (ts >= e)]
    return ts


def sample(plan: Plan, ts: np.ndarray, rng: np.random.Generator, speed_noise_kn: float = 0.15,
           course_noise_deg: float = 1.5) -> dict:
    """True positions and reported kinematics at times ``ts`` (vectorised)."""
    tt = np.array(plan.t)
    lat_k = np.array(plan.lat)
    lon_k = np.array(plan.lon)
    t = ts.astype(np.float64)
    lat = np.interp(t, tt, lat_k)
    lon = np.interp(t, tt, lon_k)
    leg = np.clip(np.searchsorted(tt, t, side="right") - 1, 0, tt.size - 2)
    d = haversine_m(lat_k[:-1], lon_k[:-1], lat_k[1:], lon_k[1:])
    dur = np.maximum(np.diff(tt), 1.0)
    v_leg = d / dur / KN
    brg_leg = bearing_deg(lat_k[:-1], lon_k[:-1], lat_k[1:], lon_k[1:])
    moving = np.array(plan.moving, dtype=bool)
    status = np.array(plan.status, dtype=np.int8)
    n = t.size
    sog = v_leg[leg] + rng.normal(0, speed_noise_kn, n) * moving[leg]
    sog = np.where(moving[leg], sog, np.minimum(v_leg[leg], 0.6) * rng.uniform(0.2, 1.0, n))
    sog = np.clip(sog, 0.0, 102.2)
    cog = (brg_leg[leg] + rng.normal(0, course_noise_deg, n)) % 360.0
    # a stopped vessel's course wanders; its heading stays on the last course under way
    cog = np.where(moving[leg], cog, rng.uniform(0, 360, n))
    heading = np.round(brg_leg[leg] + rng.normal(0, 2.0, n)).astype(np.int64) % 360
    last_moving_brg = _last_moving_bearing(brg_leg, moving)
    heading = np.where(moving[leg], heading, np.round(last_moving_brg[leg]).astype(np.int64) % 360)
    return dict(lat=lat, lon=lon, sog=sog, cog=cog, heading=heading, nav_status=status[leg],
                moving=moving[leg])


def _last_moving_bearing(brg: np.ndarray, moving: np.ndarray) -> np.ndarray:
    idx = np.where(moving, np.arange(moving.size), -1)
    idx = np.maximum.accumulate(idx)
    out = np.where(idx >= 0, brg[np.maximum(idx, 0)], 0.0)
    return out
