"""Test helpers for the detector tests: a small fake Geography and track builders.

FakeGeo implements the seasentry.geo.Geography API with simple shapes:
- an island ("Isola", country MT): land box lat 35.0-35.5, lon 14.0-14.5;
- a southern coast (country LY): everything south of lat 33.0 is land;
- ports: "Porto Isola" on the island's north shore, "Porto Sud" on the southern coast;
- zones: the island's territorial sea as a box 12 nm around the island.
Distances use an equirectangular approximation (good to <1% at these scales).

The module also tests the fake itself, so that the helpers used by the other tests are checked.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import polars as pl

ISLAND = (35.0, 35.5, 14.0, 14.5)  # lat0, lat1, lon0, lon1
COAST_LAT = 33.0
T0 = dt.datetime(2024, 5, 1)


@dataclass
class Zone:
    name: str
    kind: str
    country: str
    geometry: object = None
    box: tuple = (0, 0, 0, 0)


def _box_signed_nm(lat, lon, box):
    """Signed distance to a box in nm (negative inside)."""
    la0, la1, lo0, lo1 = box
    c = np.cos(np.radians(lat))
    dy = np.maximum(la0 - lat, lat - la1) * 60.0
    dx = np.maximum(lo0 - lon, lon - lo1) * 60.0 * c
    out = np.hypot(np.maximum(dx, 0), np.maximum(dy, 0))
    inside = np.maximum(dx, dy)
    return np.where((dx <= 0) & (dy <= 0), inside, out)


class FakeGeo:
    def __init__(self, with_zones: bool = True):
        self.ports = pl.DataFrame({
            "port_id": [0, 1], "name": ["Porto Isola", "Porto Sud"], "country": ["MT", "LY"],
            "lat": [35.51, 33.01], "lon": [14.25, 13.0], "kind": ["port", "terminal"],
            "locode": ["MTPIS", "LYPSD"], "libya_fuel_smuggling": [False, True]})
        m = 12.0 / 60.0
        tbox = (ISLAND[0] - m, ISLAND[1] + m, ISLAND[2] - m / math.cos(math.radians(35.25)),
                ISLAND[3] + m / math.cos(math.radians(35.25)))
        self.zones = [Zone("Isola territorial sea", "territorial_sea", "MT", box=tbox)] if with_zones else []

    def _signed(self, lat, lon):
        lat = np.asarray(lat, float)
        lon = np.asarray(lon, float)
        isl = _box_signed_nm(lat, lon, ISLAND)
        coast = (lat - COAST_LAT) * 60.0
        return isl, coast

    def distance_to_shore_nm(self, lat, lon):
        isl, coast = self._signed(lat, lon)
        return np.maximum(np.minimum(isl, coast), 0.0)

    def shore_country(self, lat, lon):
        isl, coast = self._signed(lat, lon)
        return np.where(isl < coast, "MT", "LY").astype(object)

    def on_land(self, lat, lon, margin_m=0.0):
        isl, coast = self._signed(lat, lon)
        return np.minimum(isl, coast) < -(margin_m / 1852.0)

    def nearest_port(self, lat, lon):
        lat = np.asarray(lat, float)
        lon = np.asarray(lon, float)
        if len(lat) == 0:
            return np.zeros(0, np.int32), np.zeros(0)
        plat = self.ports["lat"].to_numpy()
        plon = self.ports["lon"].to_numpy()
        c = np.cos(np.radians(lat))[:, None]
        d = np.hypot((lat[:, None] - plat[None, :]) * 111.2, (lon[:, None] - plon[None, :]) * 111.2 * c)
        i = d.argmin(axis=1)
        return i.astype(np.int32), d[np.arange(len(lat)), i]

    def in_zones(self, lat, lon):
        lat = np.asarray(lat, float)
        lon = np.asarray(lon, float)
        out = np.zeros((len(self.zones), len(lat)), dtype=bool)
        for k, z in enumerate(self.zones):
            la0, la1, lo0, lo1 = z.box
            out[k] = (lat >= la0) & (lat <= la1) & (lon >= lo0) & (lon <= lo1)
        return out


# ------------------------------------------------------------------------------------
def track(mmsi: int, start: dt.datetime, lat: float, lon: float, course: float, speed_kn: float,
          hours: float, step_s: float = 120.0, sog: float | None = None, msg_type: int = 1) -> pl.DataFrame:
    """A straight track at constant speed; positions every ``step_s`` seconds."""
    n = int(hours * 3600 / step_s) + 1
    tt = np.arange(n) * step_s
    dist_nm = speed_kn * tt / 3600.0
    la = lat + dist_nm * math.cos(math.radians(course)) / 60.0
    lo = lon + dist_nm * math.sin(math.radians(course)) / 60.0 / math.cos(math.radians(lat))
    return frame(mmsi, [start + dt.timedelta(seconds=float(x)) for x in tt], la, lo,
                 speed_kn if sog is None else sog, msg_type)


def frame(mmsi, times, lat, lon, sog=0.0, msg_type=1) -> pl.DataFrame:
    n = len(times)
    sog_arr = np.broadcast_to(np.asarray(sog, dtype=float), (n,)).copy()
    return pl.DataFrame({
        "mmsi": np.full(n, mmsi, dtype=np.int64),
        "ts": pl.Series(times, dtype=pl.Datetime("us")),
        "lat": np.asarray(lat, dtype=float), "lon": np.asarray(lon, dtype=float),
        "sog": pl.Series(sog_arr, dtype=pl.Float32),
        "cog": pl.Series([None] * n, dtype=pl.Float32),
        "heading": pl.Series([None] * n, dtype=pl.Int16),
        "nav_status": pl.Series([None] * n, dtype=pl.Int8),
        "msg_type": pl.Series(np.full(n, msg_type), dtype=pl.Int8),
    })


def drift(mmsi: int, start: dt.datetime, lat: float, lon: float, hours: float, step_s: float = 180.0,
          sog: float = 0.5, seed: int = 0) -> pl.DataFrame:
    """A slowly drifting vessel (small random walk) reporting ``sog``."""
    rng = np.random.default_rng(seed)
    n = int(hours * 3600 / step_s) + 1
    la = lat + np.cumsum(rng.normal(0, 0.00005, n))
    lo = lon + np.cumsum(rng.normal(0, 0.00005, n))
    return frame(mmsi, [start + dt.timedelta(seconds=float(i * step_s)) for i in range(n)], la, lo, sog)


def statics_frame(rows: list[tuple]) -> pl.DataFrame:
    """rows: (mmsi, ts, name, callsign, imo, ship_type[, msg_type])."""
    out = []
    for r in rows:
        mm, ts, name, cs, imo, ty = r[:6]
        mt = r[6] if len(r) > 6 else 5
        out.append({"mmsi": mm, "ts": ts, "msg_type": mt, "name": name, "callsign": cs, "imo": imo,
                    "ship_type": ty})
    return pl.DataFrame(out, schema={"mmsi": pl.Int64, "ts": pl.Datetime("us"), "msg_type": pl.Int8,
                                     "name": pl.Utf8, "callsign": pl.Utf8, "imo": pl.Int64,
                                     "ship_type": pl.Int16})


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


# ------------------------------------------------------------------------------------
def test_fake_geo_shapes():
    g = FakeGeo()
    d = g.distance_to_shore_nm(np.array([35.25, 35.7, 33.5]), np.array([14.25, 14.25, 12.0]))
    assert d[0] == 0.0 and abs(d[1] - 12.0) < 0.1 and abs(d[2] - 30.0) < 0.1
    assert list(g.on_land(np.array([35.25, 35.7, 32.0]), np.array([14.25, 14.25, 12.0]), margin_m=500)) == [
        True, False, True]
    i, km = g.nearest_port(np.array([35.52]), np.array([14.25]))
    assert i[0] == 0 and km[0] < 2
    assert g.in_zones(np.array([35.6, 36.0]), np.array([14.25, 14.25])).tolist() == [[True, False]]


def test_track_builder_speed():
    df = track(215000001, T0, 34.0, 13.0, 90.0, 12.0, 1.0, step_s=600)
    from seasentry.tracks import haversine_nm
    d = haversine_nm(df["lat"][0], df["lon"][0], df["lat"][-1], df["lon"][-1])
    assert abs(d - 12.0) < 0.05
