"""The shipped world ports table, port areas, waterways and the high-resolution land mask.

Issue 14: "a check in the tests that no shipped port point lies on land and that every Libyan
terminal is within its area"; "'on land' means clearly on land at the resolution of the data used".
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from seasentry.geo import DATA_DIR, Geography
from seasentry.geo.landmask import HighResLand

#: UN/LOCODE rows of the Libyan terminals and ports (searoute 1.6.0 ports.geojson, copied here
#: so the test needs no ../shared): (locode name, lat, lon, shipped port_id)
LIBYA_UNLOCODE = [
    ("Zawia Terminal", 32.783333, 12.702747, "LY-ZAWIYA"),
    ("Ras Lanuf", 30.494778, 18.572846, "LY-RAS-LANUF"),
    ("Es Sider", 30.637469, 18.35824, "LY-ES-SIDER"),
    ("Marsa El Brega", 30.410449, 19.575593, "LY-BREGA"),
    ("Zuetina", 30.862379, 20.067635, "LY-ZUEITINA"),
    ("Marsa al Hariga", 32.063394, 23.983091, "LY-MARSA-AL-HARIGA"),
]


@pytest.fixture(scope="module")
def geo():
    return Geography.default()


@pytest.fixture(scope="module")
def osm():
    m = HighResLand("osm")
    if not m.available:
        pytest.skip("roaring-landmask not installed")
    return m


def test_world_ports_cover_every_region(geo):
    p = geo.ports
    assert p.height > 3000
    assert p["port_id"].n_unique() == p.height
    for cc in ("US", "AU", "EG", "CN", "BR", "NL", "SG", "ZA", "LY", "MT", "IT", "TN"):
        assert p.filter(pl.col("country") == cc).height > 0, cc
    eg = " | ".join(p.filter(pl.col("country") == "EG")["name"].to_list()).lower()
    assert "port said" in eg and "suez" in eg


def test_no_shipped_port_point_on_land(geo, osm):
    """Every port, terminal and anchorage point lies on water of the land mask the detectors
    use, with water all around it within 50 m; inland river/lake ports are marked as such."""
    p = geo.ports.filter(pl.col("kind") != "river_port")
    lat, lon = p["lat"].to_numpy(), p["lon"].to_numpy()
    on = osm.clearly_on_land(lat, lon, 0.0)
    assert not on.any(), p.filter(pl.Series(on))["port_id"].to_list()[:20]
    river = geo.ports.filter(pl.col("kind") == "river_port")
    assert river.height < 0.3 * geo.ports.height
    assert river.filter(pl.col("note").str.contains("inland")).height == river.height
    # the Central Med has no river ports: every harbour is on the mask's sea
    cm = river.filter(pl.col("lat").is_between(29, 41.5) & pl.col("lon").is_between(7, 26))
    assert cm.height == 0, cm["port_id"].to_list()


def test_libyan_terminals_inside_their_areas(geo):
    """Each Libyan terminal as UN/LOCODE places it lies inside the shipped port area."""
    for name, lat, lon, pid in LIBYA_UNLOCODE:
        idx, km, beyond = geo.port_area([lat], [lon], 3.0)
        assert geo.ports["port_id"][int(idx[0])] == pid, (name, geo.ports["port_id"][int(idx[0])])
        assert beyond[0] <= 0.0, (name, km[0], beyond[0])
    term = geo.ports.filter((pl.col("country") == "LY") & (pl.col("kind") == "oil_terminal"))
    assert term.height >= 7
    assert term["radius_km"].is_not_null().all() and (term["radius_km"] >= 3.0).all()


def test_central_med_harbours_have_areas_on_water(geo, osm):
    must = ["LY-TRIPOLI", "LY-BENGHAZI", "LY-MISRATA", "LY-RAS-LANUF", "LY-ZAWIYA", "MT-VALLETTA",
            "IT-LAMPEDUSA", "IT-PORTO-EMPEDOCLE", "IT-POZZALLO", "IT-CATANIA", "LY-DERNA", "LY-TOBRUK",
            "LY-ZUEITINA"]
    p = geo.ports.filter(pl.col("port_id").is_in(must))
    assert sorted(p["port_id"].to_list()) == sorted(must)
    assert p["radius_km"].is_not_null().all()
    assert not osm.contains(p["lat"].to_numpy(), p["lon"].to_numpy()).any()
    # Misrata: the harbour between the piers of Qasr Ahmed, not the shore 1.3 km away
    mis = p.filter(pl.col("port_id") == "LY-MISRATA").row(0, named=True)
    idx, km, beyond = geo.port_area([32.3700], [15.2215], 3.0)   # inside the basin
    assert geo.ports["port_id"][int(idx[0])] == "LY-MISRATA" and beyond[0] < -1.5, (mis, km, beyond)


def test_port_area_prefers_the_area_not_the_nearest_point(geo):
    # 4.0 km north of the Zawiya terminal point (4 km area) is inside its area
    z = geo.ports.filter(pl.col("port_id") == "LY-ZAWIYA").row(0, named=True)
    lat = z["lat"] + 3.9 / 111.32
    idx, km, beyond = geo.port_area([lat], [z["lon"]], 3.0)
    assert geo.ports["port_id"][int(idx[0])] == "LY-ZAWIYA" and beyond[0] < 0
    idx, km, beyond = geo.port_area([np.nan, 0.0], [np.nan, -30.0], 3.0)
    assert idx[0] == -1 and not np.isfinite(beyond[0])


def test_waterways(geo):
    names = {f["properties"]["name"] for f in json.loads((DATA_DIR / "waterways.geojson").read_text())["features"]}
    assert {"Suez Canal", "Corinth Canal", "Kiel Canal", "Great Bitter Lake"} <= names
    inside = geo.in_waterway([30.85, 37.93, 54.30, 36.805, 30.34], [32.313, 22.985, 9.69, 10.24, 32.39])
    assert inside.all(), inside
    assert not geo.in_waterway([35.0, 30.85], [14.0, 32.0]).any()


def test_berths_are_not_clearly_on_land(geo, osm):
    """Real berths the issue names: Natural Earth puts them on land, the mask does not."""
    berths = {  # harbour water positions (read off the mask: basins inside the breakwaters)
        "Tripoli basin": (32.9010, 13.1860), "Benghazi harbour": (32.1120, 20.0550),
        "Misrata basin": (32.3680, 15.2225), "Valletta Grand Harbour": (35.8930, 14.5160),
        "Lampedusa harbour": (35.4960, 12.6029), "Suez Canal at El Qantara": (30.855, 32.314),
    }
    lat = np.array([v[0] for v in berths.values()])
    lon = np.array([v[1] for v in berths.values()])
    assert geo.on_land(lat[:4], lon[:4]).sum() >= 2       # Natural Earth fills these basins
    assert not geo.clearly_on_land(lat, lon, 500.0).any()
    # and a point well inland is clearly on land, with the mask and with Natural Earth
    for mask in ("osm", "naturalearth"):
        assert geo.clearly_on_land([37.45], [14.35], 500.0, mask=mask)[0], mask   # central Sicily
        assert not geo.clearly_on_land([36.0], [15.5], 500.0, mask=mask)[0], mask  # Ionian Sea


def test_port_distance_with_a_radius_is_exact_within_it(geo):
    """port_distance(radius_km=r) looks up only points in grid cells within each port's reach,
    searches ports only up to r + the largest port radius, and once per run of a repeated
    position: every point within r (effective distance) gets the same port and distance as the
    unbounded nearest-area look-up of every point, every other point a distance beyond r
    (differential, points around the shipped ports and at random in the Central Med); without
    radius_km every point gets the unbounded result."""
    from seasentry.detect._common import port_distance

    rng = np.random.default_rng(7)
    ports = geo.ports
    k = rng.integers(0, ports.height, 4000)
    off_km = rng.uniform(0, 25, len(k))
    brg = rng.uniform(0, 2 * np.pi, len(k))
    lat = ports["lat"].to_numpy()[k] + off_km * np.cos(brg) / 111.0
    lon = ports["lon"].to_numpy()[k] + off_km * np.sin(brg) / (111.0 * np.cos(np.radians(lat)))
    lat = np.r_[lat, rng.uniform(30, 38, 2000)]
    lon = np.r_[lon, rng.uniform(10, 20, 2000)]
    ok = np.abs(lat) < 89
    rep = rng.integers(1, 4, ok.sum())  # runs of one position (moored vessels)
    lat, lon = np.repeat(lat[ok], rep), np.repeat(lon[ok], rep)
    ref_i, _, beyond = geo.port_area(lat, lon, 3.0)
    ref_d = np.where(ref_i < 0, np.inf, np.asarray(beyond) + 3.0)
    for r in (3.0, 4.0, 5.0, 10.0):
        i, d = port_distance(geo, lat, lon, radius_km=r, default_radius_km=3.0)
        inside = ref_d <= r
        assert inside.sum() > 100
        assert np.array_equal(i[inside], ref_i[inside]) and np.array_equal(d[inside], ref_d[inside])
        assert (d[~inside] > r).all()
    i, d = port_distance(geo, lat, lon, default_radius_km=3.0)
    assert np.array_equal(i, ref_i) and np.array_equal(d, ref_d)
