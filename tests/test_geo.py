"""Tests for seasentry.geo (distance to shore, land, ports, zones)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import shapely
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st
from pyproj import Geod

from seasentry.geo import DATA_DIR, Geography, Zone

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def geo() -> Geography:
    return Geography.default()


def port_row(geo: Geography, port_id: str) -> dict:
    rows = geo.ports.filter(pl.col("port_id") == port_id)
    assert rows.height == 1, port_id
    return rows.row(0, named=True)


def zone_index(geo: Geography, name: str) -> int:
    return geo.zone_names.index(name)


# --------------------------------------------------------------------------- known points
def test_valletta_near_port_and_in_malta_territorial_sea(geo):
    lat, lon = 35.905, 14.525                      # just off the Grand Harbour breakwaters
    idx, km = geo.nearest_port([lat], [lon])
    assert geo.ports["port_id"][int(idx[0])] == "MT-VALLETTA"
    assert km[0] < 2.0
    member = geo.in_zones([lat], [lon])
    assert member[zone_index(geo, "Malta territorial sea"), 0]
    assert member[:, 0].sum() == 1                 # only Malta's
    assert geo.shore_country([lat], [lon])[0] == "MT"


def test_30nm_north_of_tripoli_outside_libyan_ts(geo):
    tripoli = port_row(geo, "LY-TRIPOLI")
    lon, lat, _ = GEOD.fwd(tripoli["lon"], tripoli["lat"], 0.0, 30 * 1852.0)
    d = geo.distance_to_shore_nm([lat], [lon])[0]
    assert 26.0 < d < 31.0
    assert not geo.in_zones([lat], [lon])[zone_index(geo, "Libya territorial sea"), 0]
    # and 5 nm north is inside
    lon5, lat5, _ = GEOD.fwd(tripoli["lon"], tripoli["lat"], 0.0, 5 * 1852.0)
    assert geo.in_zones([lat5], [lon5])[zone_index(geo, "Libya territorial sea"), 0]
    assert geo.shore_country([lat], [lon])[0] == "LY"


def test_lampedusa_on_land(geo):
    lat, lon = np.array([35.515]), np.array([12.575])       # island interior
    assert geo.on_land(lat, lon)[0]
    assert geo.distance_to_shore_nm(lat, lon)[0] == 0.0
    assert geo.signed_distance_nm(lat, lon)[0] < 0.0
    # 5 nm south of the island: sea, Italian territorial sea
    assert not geo.on_land([35.42], [12.6])[0]
    assert geo.in_zones([35.42], [12.6])[zone_index(geo, "Italy territorial sea"), 0]


def test_mid_ionian_far_from_shore(geo):
    d = geo.distance_to_shore_nm([36.5], [19.0])[0]
    assert d > 80.0
    assert not geo.on_land([36.5], [19.0])[0]
    assert not geo.in_zones([36.5], [19.0]).any()


def test_zawiya_port_on_the_coast(geo):
    z = port_row(geo, "LY-ZAWIYA")
    assert z["kind"] == "oil_terminal" and z["libya_fuel_smuggling"]
    assert geo.distance_to_shore_nm([z["lat"]], [z["lon"]])[0] < 0.6
    assert not geo.on_land([z["lat"]], [z["lon"]], margin_m=1000)[0]
    # the inland UN/LOCODE town coordinate (LYZAW Az Zawiyah) is really inland
    assert geo.on_land([32.45], [12.43], margin_m=5000)[0]


def test_ports_table(geo):
    p = geo.ports
    assert p.columns == ["port_id", "name", "country", "lat", "lon", "kind", "radius_km", "locode", "source",
                         "note", "libya_fuel_smuggling"]
    assert p["port_id"].n_unique() == p.height
    assert set(p["kind"].unique()) <= {"port", "oil_terminal", "fishing_port", "marina", "anchorage", "river_port"}
    names = " | ".join(p["name"].to_list()).lower()
    for must in ["zuwara", "zawiya", "tripoli", "khoms", "misrata", "sirte", "es sider", "ras lanuf", "brega",
                 "zueitina", "benghazi", "derna", "tobruk", "abu kammash", "mellitah", "sabratha", "valletta",
                 "marsaxlokk", "gozo", "lampedusa", "linosa", "pantelleria", "augusta", "catania", "siracusa",
                 "pozzallo", "porto empedocle", "licata", "gela", "mazara", "trapani", "palermo", "milazzo",
                 "messina", "goulette", "bizerte", "sousse", "sfax", "gabes", "zarzis", "monastir", "mahdia",
                 "skhira", "kelibia"]:
        assert must in names, must
    hurd = p.filter(pl.col("name").str.to_lowercase().str.contains("hurd"))
    assert hurd["kind"].to_list() == ["anchorage"]  # Hurd's Bank is an anchorage, not a port
    smug = set(p.filter(pl.col("libya_fuel_smuggling"))["port_id"])
    assert smug == {"LY-ZUWARA", "LY-ZAWIYA", "LY-ABU-KAMMASH", "LY-SABRATHA", "LY-MELLITAH"}
    # every port in the fine box lies within ~3.5 km of the NE 1:10m coast: the points are on
    # harbour water of the high-resolution mask (tests/test_ports_world.py), which NE 1:10m fills
    # by up to 1.7 nm (Tripoli, Benghazi)
    inbox = p.filter(pl.col("lat").is_between(29, 40) & pl.col("lon").is_between(7, 26))
    assert inbox.height > 100
    inland = geo.on_land(inbox["lat"].to_numpy(), inbox["lon"].to_numpy(), margin_m=3500)
    assert not inland.any(), inbox.filter(pl.Series(inland))["port_id"].to_list()


def test_nearest_port_max_km_and_invalid(geo):
    idx, km = geo.nearest_port([36.5, np.nan, 95.0, 35.82], [19.0, 14.0, 14.0, 14.54], max_km=50)
    assert idx.dtype == np.int32 and km.dtype == np.float64
    assert list(idx[:3]) == [-1, -1, -1] and np.isnan(km[:3]).all()
    assert geo.ports["port_id"][int(idx[3])] == "MT-MARSAXLOKK" and km[3] < 1.5


def test_nearest_port_distance_is_geodesic(geo):
    rng = np.random.default_rng(1)
    lat = rng.uniform(30, 40, 200)
    lon = rng.uniform(8, 25, 200)
    idx, km = geo.nearest_port(lat, lon)
    plat = geo.ports["lat"].to_numpy()[idx]
    plon = geo.ports["lon"].to_numpy()[idx]
    _, _, m = GEOD.inv(lon, lat, plon, plat)
    np.testing.assert_allclose(km, m / 1000, rtol=6e-3)
    # brute force: no other port is closer
    n_ports = geo.ports.height
    _, _, all_m = GEOD.inv(np.repeat(lon, n_ports), np.repeat(lat, n_ports),
                           np.tile(geo.ports["lon"].to_numpy(), 200), np.tile(geo.ports["lat"].to_numpy(), 200))
    best = all_m.reshape(200, -1).min(axis=1)
    assert np.all(m <= best * 1.006 + 1)


def test_raster_matches_exact_distance(geo):
    """Fine raster vs exact geodesic distance to the shipped NE 1:10m coastline."""
    lines = [shapely.from_geojson(json.dumps(f["geometry"])) for f in json.loads(
        (DATA_DIR / "ne_10m_coastline_central_med.geojson").read_text())["features"]]
    lines += [shapely.boundary(shapely.from_geojson(json.dumps(f["geometry"]))) for f in json.loads(
        (DATA_DIR / "ne_10m_minor_islands_central_med.geojson").read_text())["features"]]
    xy = shapely.get_coordinates(shapely.segmentize(shapely.GeometryCollection(lines), 0.0005))
    from scipy.spatial import cKDTree

    from seasentry.geo._coords import unit_vectors
    tree = cKDTree(unit_vectors(xy[:, 1], xy[:, 0]))
    rng = np.random.default_rng(7)
    lat = rng.uniform(31.0, 38.0, 400)
    lon = rng.uniform(9.0, 24.0, 400)
    _, k = tree.query(unit_vectors(lat, lon))
    _, _, m = GEOD.inv(lon, lat, xy[k, 0], xy[k, 1])
    exact = m / 1852.0
    got = geo.signed_distance_nm(lat, lon)
    sea = got > 1.0
    err = np.abs(got[sea] - exact[sea])
    assert err.max() < 0.5, err.max()
    assert np.median(err) < 0.05


def test_shore_country_values(geo):
    c = geo.shore_country([33.3, 36.0, 37.0, 35.0, 50.0, np.nan], [11.3, 14.6, 10.9, 12.5, 0.0, 1.0])
    assert list(c[:4]) == ["TN", "MT", "TN", "IT"]            # Kerkennah side, Malta, Cap Bon, Lampedusa
    assert c[4] is None and c[5] is None


def test_global_coarse_points(geo):
    # Atlantic far offshore, inside the Sahara, on Australia, North Sea ~10 nm off Norway
    lat = np.array([30.0, 25.0, -25.0, 60.0])
    lon = np.array([-40.0, 10.0, 134.0, 4.8])
    d = geo.distance_to_shore_nm(lat, lon)
    assert d[0] > 500 and d[1] == 0 and d[2] == 0 and 3 < d[3] < 20
    land = geo.on_land(lat, lon)
    assert list(land) == [False, True, True, False]
    assert geo.shore_country(lat, lon).tolist() == [None] * 4


def test_invalid_inputs_do_not_crash(geo):
    # AIS "not available" is lat 91 / lon 181: invalid, never wrapped
    lat = np.array([np.nan, 91.0, -95.0, 35.0, np.inf, 35.0])
    lon = np.array([14.0, 14.0, 14.0, 181.0, 0.0, -180.0])
    d = geo.distance_to_shore_nm(lat, lon)
    assert np.isnan(d[:5]).all() and np.isfinite(d[5])
    assert geo.nearest_port(lat, lon)[0][:5].tolist() == [-1] * 5
    assert not geo.on_land(lat, lon).any()
    assert geo.in_zones(lat, lon).shape == (len(geo.zones), 6)
    assert geo.distance_to_shore_nm([], []).shape == (0,)
    assert geo.distance_to_shore_nm(35.0, 14.0).shape == ()


# --------------------------------------------------------------------------- properties
lats = st.floats(-90, 90, allow_nan=False)
lons = st.floats(-180, 180, allow_nan=False)
box_lats = st.floats(29, 40, allow_nan=False)
box_lons = st.floats(7, 26, allow_nan=False)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.tuples(lats, lons), min_size=1, max_size=40),
       st.lists(st.tuples(box_lats, box_lons), min_size=1, max_size=40))
def test_property_distance_nonnegative_and_on_land_consistent(geo, pts, box_pts):
    for sample in (pts, box_pts):
        lat = np.array([p[0] for p in sample])
        lon = np.array([p[1] for p in sample])
        d = geo.distance_to_shore_nm(lat, lon)
        assert d.dtype == np.float64 and np.all(np.isfinite(d)) and np.all(d >= 0)
        land = geo.on_land(lat, lon)
        bound = np.where((lon >= 7) & (lon <= 26) & (lat >= 29) & (lat <= 40), 0.86, 8.5)
        assert np.all(d[land] <= bound[land])
        assert np.all(geo.on_land(lat, lon, margin_m=2000) <= land)    # a margin only removes points
        m = geo.in_zones(lat, lon)
        assert m.shape == (len(geo.zones), len(lat)) and m.dtype == bool
        assert not (m.any(axis=0) & land).any()                      # zones exclude land


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(st.tuples(box_lats, box_lons), min_size=1, max_size=30))
def test_property_territorial_seas_within_12nm(geo, pts):
    lat = np.array([p[0] for p in pts])
    lon = np.array([p[1] for p in pts])
    m = geo.in_zones(lat, lon)[:4]
    d = geo.distance_to_shore_nm(lat, lon)
    assert np.all(d[m.any(axis=0)] <= 12.0 + 0.9)     # 12 nm + raster bound
    assert m.sum(axis=0).max(initial=0) <= 1          # national zones do not overlap


# --------------------------------------------------------------------------- zones
def _write(tmp_path, name, obj) -> Path:
    p = tmp_path / name
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return p


def _square(lon0, lat0, size=0.2):
    return [[[lon0, lat0], [lon0 + size, lat0], [lon0 + size, lat0 + size], [lon0, lat0 + size], [lon0, lat0]]]


def test_user_zone_loading(tmp_path):
    p = _write(tmp_path, "zones.geojson", {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Hurd's Bank box", "kind": "anchorage", "country": "MT"},
         "geometry": {"type": "Polygon", "coordinates": _square(14.65, 35.85)}},
        {"type": "Feature", "properties": {"name": "Two boxes"},
         "geometry": {"type": "MultiPolygon", "coordinates": [_square(12.0, 34.0), _square(13.0, 34.0)]}},
    ]})
    geo = Geography.default(extra_zones=[p])
    assert geo is Geography.default(extra_zones=[str(p)])          # cached
    assert geo.zone_names[-2:] == ["Hurd's Bank box", "Two boxes"]
    z = geo.zones[-2]
    assert isinstance(z, Zone) and z.kind == "anchorage" and z.country == "MT"
    m = geo.in_zones([35.9, 34.1, 34.1, 34.1], [14.7, 12.1, 13.1, 12.5])
    assert m.shape == (len(geo.zones), 4)
    assert m[-2].tolist() == [True, False, False, False]
    assert m[-1].tolist() == [False, True, True, False]
    assert geo.zones[-1].kind == "user" and geo.zones[-1].country is None
    assert len(Geography.default().zones) == 4                      # default unaffected


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "not valid JSON"),
    ({"type": "Topology"}, "FeatureCollection"),
    ({"type": "FeatureCollection", "features": []}, "non-empty"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
      "geometry": {"type": "Polygon", "coordinates": _square(14, 35)}}]}, "\"name\""),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "pt"},
      "geometry": {"type": "Point", "coordinates": [14, 35]}}]}, "Polygon or MultiPolygon"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "swapped"},
      "geometry": {"type": "Polygon", "coordinates": [[[35, 170], [36, 170], [36, 171], [35, 170]]]}}]},
     "longitude, latitude"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "flat"},
      "geometry": {"type": "Polygon", "coordinates": [[[14, 35], [15, 35], [16, 35], [14, 35]]]}}]},
     "cannot be repaired"),
])
def test_bad_zone_files(tmp_path, content, fragment):
    p = _write(tmp_path, "bad.geojson", content)
    with pytest.raises(ValueError, match="zone file") as exc:
        Geography.default().load_zones(p)
    assert fragment in str(exc.value)
    with pytest.raises(ValueError):
        Geography.default(extra_zones=[p])


def test_missing_zone_file(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        Geography.default().load_zones(tmp_path / "nope.geojson")


def test_self_intersecting_zone_is_repaired(tmp_path):
    bowtie = [[[14, 35], [15, 36], [15, 35], [14, 36], [14, 35]]]
    p = _write(tmp_path, "bow.geojson", {"type": "Feature", "properties": {"name": "bow"},
                                          "geometry": {"type": "Polygon", "coordinates": bowtie}})
    (z,) = Geography.default().load_zones(p)
    assert z.geometry.is_valid and "repaired" in z.properties
    assert z.contains([35.5], [14.1])[0] and not z.contains([35.1], [14.5])[0]


# --------------------------------------------------------------------------- speed & real data
def test_speed(geo):
    rng = np.random.default_rng(0)
    n = 1_000_000
    lat = rng.uniform(29, 40, n)
    lon = rng.uniform(7, 26, n)
    t = time.perf_counter()
    geo.distance_to_shore_nm(lat, lon)
    t_dist = time.perf_counter() - t
    t = time.perf_counter()
    geo.on_land(lat[:200_000], lon[:200_000])
    geo.in_zones(lat[:200_000], lon[:200_000])
    t_zone = time.perf_counter() - t
    assert t_dist < 1.5, t_dist           # 10 M points in a few seconds
    assert t_zone < 5.0, t_zone


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "ais_csv").is_dir(), reason="needs ../shared/data")
def test_real_ais_positions():
    geo = Geography.default()
    df = pl.read_csv(SHARED / "ais_csv" / "aisdb_global_sat_20210701.csv", columns=["Latitude", "Longitude"],
                     infer_schema_length=0).with_columns(pl.all().cast(pl.Float64, strict=False))
    lat, lon = df["Latitude"].to_numpy(), df["Longitude"].to_numpy()
    d = geo.distance_to_shore_nm(lat, lon)
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    assert np.isfinite(d[ok]).all() and (d[ok] >= 0).all()
    land = geo.on_land(lat, lon, margin_m=2000)
    # global feed incl. river traffic (Rhine, Mississippi, Parana): NE land has no rivers/lakes,
    # so those count as land; sea-going positions dominate
    assert 0.02 < land.mean() < 0.25
    assert geo.on_land([37.05676], [-88.55095], margin_m=2000)[0]       # Ohio river, Paducah KY
    assert np.median(d[ok]) > 5
    # the AIS "not available" positions (lat 91, lon 181) are NaN, never wrapped onto the map
    na = (np.abs(lat) > 90) | (np.abs(lon) > 180)
    assert na.any() and np.isnan(d[na]).all() and not land[na].any()


def _zone_points(z, rng, n):
    """Points in and around a zone's bounds: random ones, its vertices, points on its edges and
    on the lines of the classifying grid (where rounding could pick the wrong cell)."""
    import shapely

    from seasentry.geo.zones import GRID_CELL_DEG

    x0, y0, x1, y1 = z.bounds
    lo = rng.uniform(x0 - 0.05, x1 + 0.05, n)
    la = rng.uniform(y0 - 0.05, y1 + 0.05, n)
    xy = shapely.get_coordinates(z.geometry)
    k = rng.integers(0, len(xy), n // 4)
    a, b = xy[k], xy[np.minimum(k + 1, len(xy) - 1)]
    f = rng.random((len(k), 1))
    mid = a + f * (b - a)
    gx = x0 + rng.integers(0, int((x1 - x0) / GRID_CELL_DEG) + 2, n // 4) * GRID_CELL_DEG
    gy = y0 + rng.integers(0, int((y1 - y0) / GRID_CELL_DEG) + 2, n // 4) * GRID_CELL_DEG
    lo = np.r_[lo, xy[:, 0], mid[:, 0], gx, np.nextafter(gx, -np.inf), rng.uniform(x0, x1, n // 4)]
    la = np.r_[la, xy[:, 1], mid[:, 1], rng.uniform(y0, y1, n // 4), rng.uniform(y0, y1, n // 4), gy]
    return la, lo


def test_zone_membership_by_grid_equals_the_polygon_test(tmp_path):
    """Zone.contains classifies points in grid cells wholly inside or outside the zone without
    the polygon test: the same answer as shapely.contains_xy for every point, for the shipped
    territorial seas and for a user zone whose edges lie on the grid lines (points on them)."""
    import shapely

    from seasentry.geo.zones import load_zones

    p = tmp_path / "z.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "grid square"},
        "geometry": {"type": "Polygon", "coordinates": [[[14.0, 35.0], [14.3, 35.0], [14.3, 35.4],
                                                         [14.0, 35.4], [14.0, 35.0]]]}}]}))
    rng = np.random.default_rng(11)
    zones = [*Geography.default().zones, *load_zones(p)]
    for z in zones:
        la, lo = _zone_points(z, rng, 4000)
        want = shapely.contains_xy(z.geometry, lo, la)
        assert np.array_equal(z.contains(la, lo), want), z.name
        assert want.any() and (~want).any()
        assert z.grid is not None and (z.grid[5] == 1).any()


class _KDTreeGrid:
    """The KD-tree search PortIndex used before its grid search (the reference)."""

    def __init__(self, lat, lon):
        from scipy.spatial import cKDTree

        from seasentry.geo._coords import unit_vectors

        self._t = cKDTree(unit_vectors(np.asarray(lat, float), np.asarray(lon, float)))
        self.n = self._t.n

    def query(self, lat, lon, k=1, distance_upper_bound=np.inf):
        from seasentry.geo._coords import unit_vectors

        return self._t.query(unit_vectors(lat, lon), k=k, distance_upper_bound=distance_upper_bound)


def _random_points(rng, n, world):
    if world:
        la = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
        lo = rng.uniform(-180, 180, n)
        # near the poles and the antimeridian, where the grid's windows wrap or widen
        m = rng.random(n)
        la[m < 0.1] = rng.uniform(85, 90, (m < 0.1).sum()) * rng.choice([-1, 1], (m < 0.1).sum())
        lo[(m >= 0.1) & (m < 0.2)] = rng.uniform(178, 180, ((m >= 0.1) & (m < 0.2)).sum()) * \
            rng.choice([-1, 1], ((m >= 0.1) & (m < 0.2)).sum())
    else:
        la = rng.uniform(30, 40, n)
        lo = rng.uniform(8, 25, n)
    return la, lo


@settings(max_examples=examples(40), deadline=None)
@given(n=st.integers(1, 3000), seed=st.integers(0, 2**16), max_km=st.one_of(st.none(), st.floats(0.5, 3000.0)),
       world=st.booleans())
def test_port_queries_equal_the_kd_tree(geo, n, seed, max_km, world):
    """PortIndex's grid search (geo.ports._PortGrid, NumPy) answers as the scipy KD-tree it
    replaced, bit for bit: nearest port, port areas with and without the prefilter, and the raw
    k-nearest chords and indices, on the shipped ports and on random port tables with repeated
    points, bounded and not, in the Central Med and anywhere on Earth."""
    from seasentry.geo import ports as gp

    rng = np.random.default_rng(seed)
    la, lo = _random_points(rng, n, world)
    la[rng.random(n) < 0.1] = np.nan
    tables = [geo.ports]
    m = int(rng.integers(1, 60))
    pla, plo = _random_points(rng, m, world or seed % 2 == 0)
    prad = np.where(rng.random(m) < 0.3, 5.0, np.nan)
    rep = rng.integers(0, m, m // 3)  # repeated points (with the same area, as in the shipped table)
    pla, plo, prad = (np.concatenate([x, x[rep]]) for x in (pla, plo, prad))
    tables.append(pl.DataFrame({"lat": pla, "lon": plo, "radius_km": prad}))
    upper = np.inf if max_km is None else gp.km_to_chord(max_km)
    ok = np.isfinite(la)
    for ports in tables:
        got, want = gp.PortIndex(ports), gp.PortIndex(ports)
        want._tree = _KDTreeGrid(ports["lat"].to_numpy(), ports["lon"].to_numpy())
        plat = np.append(ports["lat"].to_numpy(), np.nan)  # index n: no neighbour
        plon = np.append(ports["lon"].to_numpy(), np.nan)
        rad = np.append(ports["radius_km"].fill_null(np.nan).to_numpy(), np.nan)

        def same_port(i, j, area=True):
            """Equal indices, or ports at the same point (with the same area): the KD-tree
            orders such ties as its search meets them (not even alike from one query to the
            next), the grid by index."""
            i, j = np.asarray(i).reshape(-1), np.asarray(j).reshape(-1)
            i, j = np.where(i < 0, len(plat) - 1, i), np.where(j < 0, len(plat) - 1, j)
            tie = (plat[i] == plat[j]) & (plon[i] == plon[j])
            if area:
                tie &= (rad[i] == rad[j]) | (np.isnan(rad[i]) & np.isnan(rad[j]))
            return np.all((i == j) | tie)

        for k in (1, 8):
            kk = min(k, len(ports))
            (ca, ia) = got._tree.query(la[ok], lo[ok], k=kk, distance_upper_bound=upper)
            (cb, ib) = want._tree.query(la[ok], lo[ok], k=kk, distance_upper_bound=upper)
            np.testing.assert_array_equal(ca, cb)
            assert same_port(ia, ib, area=False)
        for f in (lambda p: p.area(la, lo, 3.0, max_km=max_km), lambda p: p.area(la, lo, 3.0, prefilter_km=5.0),
                  lambda p: p.nearest(la, lo, max_km=max_km)):
            a, b = f(got), f(want)
            assert same_port(a[0], b[0])
            for x, y in zip(a[1:], b[1:]):
                np.testing.assert_array_equal(x, y)


@settings(max_examples=examples(40), deadline=None)
@given(n=st.integers(1, 2000), seed=st.integers(0, 2**16), max_km=st.one_of(st.none(), st.floats(0.5, 3000.0)),
       world=st.booleans(), k=st.sampled_from([1, 2, 8]))
def test_port_queries_equal_a_search_of_every_port(geo, n, seed, max_km, world, k):
    """PortIndex's grid search gives, for every point, the k ports of smallest squared chord
    (dx*dx + dy*dy + dz*dz of the unit vectors) below the bound, nearest first and equal chords
    by port index -- a sort of every (point, port) pair -- on the shipped ports, on random tables
    with repeated points (ties) and on points on the ports themselves, near the poles and the
    antimeridian."""
    from seasentry.geo import ports as gp
    from seasentry.geo._coords import unit_vectors

    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 60))
    pla, plo = _random_points(rng, m, world or seed % 2 == 0)
    rep = rng.integers(0, m, m // 2 + 1)
    tables = [(geo.ports["lat"].to_numpy(), geo.ports["lon"].to_numpy()),
              (np.concatenate([pla, pla[rep]]), np.concatenate([plo, plo[rep]]))]
    upper = np.inf if max_km is None else gp.km_to_chord(max_km)
    for tla, tlo in tables:
        la, lo = _random_points(rng, n, world)
        on = rng.integers(0, len(tla), 20)  # points on ports (chord 0, ties between repeated ports)
        la, lo = np.concatenate([la, tla[on]]), np.concatenate([lo, tlo[on]])
        kk = min(k, len(tla))
        chord, idx = gp._PortGrid(tla, tlo).query(la, lo, k=kk, distance_upper_bound=upper)
        q, p = unit_vectors(la, lo), unit_vectors(tla, tlo)
        dx, dy, dz = (q[:, i:i + 1] - p[None, :, i] for i in range(3))
        d2 = dx * dx + dy * dy + dz * dz
        order = np.lexsort((np.broadcast_to(np.arange(len(tla)), d2.shape), d2), axis=1)[:, :kk]
        bd = np.take_along_axis(d2, order, axis=1)
        want_c = np.where(bd < upper * upper, np.sqrt(bd), np.inf)
        want_i = np.where(bd < upper * upper, order, len(tla))
        np.testing.assert_array_equal(np.asarray(chord).reshape(-1, kk), want_c)
        np.testing.assert_array_equal(np.asarray(idx).reshape(-1, kk), want_i)


def test_port_index_imports_no_scipy():
    """Detection's port look-ups (and importing the geography) import neither scipy.spatial,
    whose import costs 0.3 CPU s in every detection worker, nor numba (~55 MB a worker)."""
    import subprocess
    import sys

    code = ("import sys; from seasentry.geo import Geography; g = Geography.default(); "
            "g.port_area([35.9], [14.5], 3.0, prefilter_km=5.0); g.port_area([35.9], [14.5], 3.0); "
            "g.nearest_port([35.9], [14.5]); g.nearest_port([35.9], [14.5], max_km=10.0); "
            "print('scipy.spatial' in sys.modules, 'numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_detection_worker_imports_no_numba():
    """A detection worker's preload (the per-vessel stage on the warm sample) and the segmenter's
    loop over vessels with implausible steps load neither numba nor scipy: ~55 MB (numba, which
    brings scipy.linalg) in every worker that the 50M run's memory grew by (docs/benchmarks.md,
    session 10)."""
    import subprocess
    import sys

    code = ("import sys, numpy as np; from seasentry.distributed.partition import preload_worker; preload_worker(); "
            "from seasentry import tracks as T; "
            "seg = T._assign_segments(np.array([1, 1, 1, 1], np.int64), np.array([0.0, 60.0, 120.0, 180.0]), "
            "np.array([35.0, 36.0, 35.0, 36.0]), np.array([14.0, 14.0, 14.0, 14.0]), 30.0, 0.5, 86400.0)[0]; "
            "print(seg.tolist(), 'numba' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[0, 1, 0, 1] False False"


@settings(max_examples=examples(200), deadline=None)
@given(keys=st.lists(st.integers(-50, 50), min_size=1, max_size=30, unique=True),
       k=st.lists(st.integers(-60, 60), max_size=80), runs=st.integers(1, 5))
def test_in_sorted_equals_a_search_per_element(keys, k, runs):
    """detect._common.in_sorted (one binary search per run of equal values) answers as the
    search of every element it replaces in port_distance's grid prefilter, and as np.isin."""
    from seasentry.detect._common import in_sorted

    keys = np.array(sorted(keys), dtype=np.int64)
    k = np.repeat(np.array(k, dtype=np.int64), runs) if k else np.zeros(0, np.int64)  # runs of repeats
    at = np.minimum(np.searchsorted(keys, k), len(keys) - 1)
    got = in_sorted(keys, k)
    np.testing.assert_array_equal(got, keys[at] == k)
    np.testing.assert_array_equal(got, np.isin(k, keys))
