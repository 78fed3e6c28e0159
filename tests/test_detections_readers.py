"""Readers of vessel-detection files: the real Skylight Sentinel-1/2 and VIIRS outputs (fixtures), a
KSAT-style report, generic CSV/GeoJSON/Parquet with --columns, separate footprint files; bad rows
become rejects with a reason (every row is a detection or a reject); through the CLI as a user would."""

from __future__ import annotations

import json
from datetime import datetime

import polars as pl
import pytest
from conftest import FIXTURES, cli_json, examples, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seasentry.detections.readers import (DetectionFormatError, parse_columns, read_detections, read_footprints,
                                          times_from_scene_id)

DET = FIXTURES / "detections"


def test_skylight_sentinel1_real_output():
    r = read_detections(DET / "skylight_sentinel1_predictions.csv")
    assert r.fmt == "skylight" and r.rows == 2 and r.detections.height == 2 and r.n_rejects == 0
    d = r.detections.sort("line_no")
    # time from the ESA product name: middle of 02:52:11 and 02:52:36
    assert d["ts"][0] == datetime(2021, 11, 30, 2, 52, 23, 500000)
    assert d["source"][0] == "sentinel-1" and d["sensor"][0] == "sar"
    assert d["detection_id"][0].endswith(".SAFE_0")
    assert d["confidence"][0] == pytest.approx(0.9001827836036682)
    assert d["length_m"][0] == pytest.approx(234.34085845947266)
    assert d["speed_kn"][0] == pytest.approx(15.02131175994873)
    # heading: centre of the most probable of 16 sectors (bucket 9 -> 213.75 deg)
    assert d["heading_deg"][0] == pytest.approx(9 * 22.5 + 11.25)
    assert json.loads(d["attributes"][0])["meters_per_pixel"] == "9.0"
    sc = r.scenes
    assert sc.height == 1 and sc["sensor"][0] == "sar" and sc["footprint"][0] is None


def test_skylight_sentinel2_and_viirs_real_output():
    r = read_detections(DET / "skylight_sentinel2_predictions.csv")
    assert r.detections.height == 1 and r.detections["sensor"][0] == "optical"
    assert r.detections["ts"][0] == datetime(2021, 11, 2, 6, 10, 19)   # sensing start, not the processing time
    v = read_detections(DET / "skylight_viirs_response_2023-11-06.json")
    assert v.fmt == "viirs" and v.rows == 46 and v.detections.height == 46 and v.n_rejects == 0
    assert set(v.detections["sensor"]) == {"viirs"} and v.detections["length_m"].null_count() == 46
    assert v.detections["ts"][0] == datetime(2023, 11, 6, 6, 6)
    assert v.detections["detection_id"].n_unique() == 46
    sc = v.scenes
    assert sc.height == 1 and sc["footprint"][0].startswith("POLYGON")   # the frame extents
    assert json.loads(v.detections["attributes"][0])["nanowatts"] > 0


def test_times_in_product_names():
    assert times_from_scene_id("RS2_20200107_144650_0074_DVWF_HH_SCS_785751_1158_32185414")[0] == \
        datetime(2020, 1, 7, 14, 46, 50)
    assert times_from_scene_id("VJ102DNB_NRT.A2023310.0606.021.2023310104322.nc")[0] == datetime(2023, 11, 6, 6, 6)
    assert times_from_scene_id("my_scene") == (None, None)


KSAT_HEADER = (",lon,lat,Name,Probability,DetectionId,ProductStartTime,ProductStopTime,Polarization,Beam,Length,"
               "Type,Heading,scene_id,footprint")
FP = '"POLYGON ((14.0 35.0, 15.0 35.0, 15.0 36.0, 14.0 36.0, 14.0 35.0))"'


def _ksat_rows(n_bad=True):
    rows = [KSAT_HEADER]
    for i in range(4):
        rows.append(f"{i},14.{i + 1},35.{i + 1},FID: {i},{[20, 50, 75, 100][i]}.0,id-{i},2020-01-07 14:46:50.181000+00:00,"
                    f"2020-01-07 14:48:04.288000+00:00,HH,10.0,60.0,VESSEL,42.5,RS2_20200107_144650_X,{FP}")
    if n_bad:
        rows.append(f"9,abc,35.5,FID: 9,50.0,id-9,2020-01-07 14:46:50+00:00,2020-01-07 14:48:04+00:00,HH,10,60,"
                    f"VESSEL,1,RS2_20200107_144650_X,{FP}")
        rows.append(f"10,14.5,95.0,FID: 10,50.0,id-10,2020-01-07 14:46:50+00:00,2020-01-07 14:48:04+00:00,HH,10,60,"
                    f"VESSEL,1,RS2_20200107_144650_X,{FP}")
        rows.append(f"11,14.5,35.5,FID: 11,50.0,id-11,2020-01-07 14:46:50+00:00,2020-01-07 14:48:04+00:00,HH,10,"
                    f"long,VESSEL,1,RS2_20200107_144650_X,{FP}")
        rows.append(f"12,14.5,35.5,FID: 12,50.0,id-3,2020-01-07 14:46:50+00:00,2020-01-07 14:48:04+00:00,HH,10,60,"
                    f"VESSEL,1,RS2_20200107_144650_X,{FP}")
    return "\n".join(rows) + "\n"


def test_ksat_report_and_rejects(tmp_path):
    f = tmp_path / "ksat.csv"
    f.write_text(_ksat_rows())
    r = read_detections(f)
    assert r.fmt == "ksat" and r.rows == 8
    assert r.detections.height == 4 and r.n_rejects == 4           # every row a detection or a reject
    assert sorted(r.rejects["reason"]) == ["bad_value", "duplicate_id", "invalid_position", "no_position"]
    assert sorted(r.rejects["line_no"]) == [6, 7, 8, 9]
    assert all(r.rejects["raw"]), r.rejects
    d = r.detections.sort("line_no")
    assert d["confidence"].to_list() == [0.2, 0.5, 0.75, 1.0]       # KSAT Probability is in percent
    assert d["source"][0] == "radarsat-2" and d["width_m"][0] == 10.0
    # the detection time is the middle of the product window
    assert d["ts"][0] == datetime(2020, 1, 7, 14, 47, 27, 234500)
    sc = r.scenes
    assert sc.height == 1 and sc["pass_direction"][0] == "ascending"   # 14:47 UTC at 14.5 E: 15:45 local
    assert 340 < sc["sat_heading_deg"][0] < 355


def test_generic_csv_with_columns_mapping_and_time_format(tmp_path):
    f = tmp_path / "radar.csv"
    f.write_text("When;X;Y;Len\n".replace(";", ",") + "01/05/2024 05:03,12.5,33.2,14\n01/05/2024 05:04,12.6,33.3,\n"
                 "31/13/2024 05:04,12.6,33.3,9\n")
    with pytest.raises(DetectionFormatError, match="no time column"):
        read_detections(f)
    r = read_detections(f, source="coastal-radar-zuwara", columns=parse_columns("time=When,lon=X,lat=Y,length_m=Len"),
                        time_format="%d/%m/%Y %H:%M")
    assert r.detections.height == 2 and r.rejects["reason"] == ["no_time"]
    assert set(r.detections["sensor"]) == {"radar"} and set(r.detections["source"]) == {"coastal-radar-zuwara"}
    assert r.detections["length_m"].to_list() == [14.0, None]
    # ids made from the row are stable across reads
    assert read_detections(f, source="coastal-radar-zuwara", columns=parse_columns("time=When,lon=X,lat=Y,length_m=Len"),
                           time_format="%d/%m/%Y %H:%M").detections["detection_id"].to_list() == \
        r.detections["detection_id"].to_list()
    with pytest.raises(DetectionFormatError, match="unknown field"):
        parse_columns("when=When")
    with pytest.raises(DetectionFormatError, match="not in the header"):
        read_detections(f, columns={"lat": "Lat", "lon": "X", "time": "When"})


def test_geojson_detections_with_footprints_and_parquet(tmp_path):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [12.5, 33.5]},
         "properties": {"id": "a", "time": "2024-05-01T05:05:00Z", "scene_id": "s1", "length_m": 12, "score": 0.8}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [12.6, 33.6]},
         "properties": {"id": "b", "time": "2024-05-01T07:05:00+02:00", "scene_id": "s1", "score": "high"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[12, 33], [13, 33], [13, 34], [12, 34],
                                                                               [12, 33]]]},
         "properties": {"scene_id": "s1", "start": "2024-05-01T05:04:50Z", "end": "2024-05-01T05:05:10Z"}}]}
    f = tmp_path / "d.geojson"
    f.write_text(json.dumps(fc))
    r = read_detections(f, source="sentinel-1")
    assert r.fmt == "geojson" and r.rows == 4
    assert r.detections["detection_id"].to_list() == ["a"] and sorted(r.rejects["reason"]) == ["bad_record",
                                                                                               "bad_value"]
    assert r.scenes["footprint"][0].startswith("POLYGON") and r.scenes["pass_direction"][0] == "descending"
    # the +02:00 offset is honoured
    p = tmp_path / "d.parquet"
    pl.DataFrame({"detect_id": ["x", "y"], "latitude": [33.0, 34.0], "longitude": [12.0, 13.0],
                  "timestamp": [datetime(2024, 5, 1, 5), datetime(2024, 5, 1, 6)], "vessel_length_m": [20.0, 30.0]}
                 ).write_parquet(p)
    q = read_detections(p, source="sentinel-1")
    assert q.fmt == "parquet" and q.detections["ts"].to_list() == [datetime(2024, 5, 1, 5), datetime(2024, 5, 1, 6)]


def test_footprints_file_geojson_and_csv(tmp_path):
    g = tmp_path / "fp.geojson"
    g.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[12, 33], [13, 33], [13, 34], [12, 33]]]},
         "properties": {"scene_id": "S1A_IW_GRDH_1SDV_20240501T050446_20240501T050513_1_2_3.SAFE"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[12, 33]]]},
         "properties": {"scene_id": "broken"}}]}))
    r = read_footprints(g)
    assert r.scenes.height == 1 and r.rejects["reason"] == ["bad_footprint"]
    assert r.scenes["start"][0] == datetime(2024, 5, 1, 5, 4, 46)
    c = tmp_path / "fp.csv"
    c.write_text('scene_id,footprint,start,end\nA,"POLYGON ((1 1, 2 1, 2 2, 1 1))",2024-05-01T05:00:00Z,'
                 '2024-05-01T05:00:25Z\nB,not wkt,,\n')
    r = read_footprints(c)
    assert r.scenes["scene_id"].to_list() == ["A"] and r.rejects["reason"] == ["bad_footprint"]


def test_whole_file_errors_are_clear(tmp_path):
    f = tmp_path / "matches.csv"
    f.write_text(",ssvid,score,detect_id,scene_id\n0,1,0.5,x,RS2_20200107_144650_X\n")
    with pytest.raises(DetectionFormatError, match="match table"):
        read_detections(f)
    j = tmp_path / "x.json"
    j.write_text("{not json")
    with pytest.raises(DetectionFormatError, match="not valid JSON"):
        read_detections(j)
    (tmp_path / "e.csv").write_text("")
    with pytest.raises(DetectionFormatError, match="empty"):
        read_detections(tmp_path / "e.csv")


cell = st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True).map(str),
                 st.integers(-1000, 1000).map(str), st.just(""), st.just("2024-05-01T05:00:00Z"))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cell, cell, cell, cell, cell), min_size=0, max_size=12))
def test_property_every_row_is_a_detection_or_a_reject(tmp_path, rows):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["time", "lat", "lon", "length_m", "confidence"])
    for r in rows:
        w.writerow(r)
    f = tmp_path / "p.csv"
    f.write_text(buf.getvalue())
    res = read_detections(f, source="sentinel-1")
    data_rows = sum(1 for r in rows if any(str(c).strip() for c in r))   # blank lines are not rows
    assert res.detections.height + res.n_rejects == res.rows
    assert res.rows >= data_rows - 0
    for reason in res.rejects["reason"]:
        assert reason in ("no_position", "invalid_position", "no_time", "bad_value", "bad_record", "duplicate_id")
    d = res.detections
    if d.height:
        assert d["lat"].is_between(-90, 90).all() and d["lon"].is_between(-180, 180).all()
        assert d["ts"].null_count() == 0
        assert d.filter(pl.col("confidence").is_not_null())["confidence"].is_between(0, 1).all()


# ------------------------------------------------------------------------------------------ CLI
def test_cli_load_rejects_skip_force(tmp_path):
    db = tmp_path / "s.duckdb"
    k = tmp_path / "ksat.csv"
    k.write_text(_ksat_rows())
    s = cli_json("detections", "load", k, DET / "skylight_sentinel1_predictions.csv",
                 DET / "skylight_viirs_response_2023-11-06.json", "--json", db=db)
    assert s["rows"] == 8 + 2 + 46 and s["detections"] == 4 + 2 + 46 and s["rejects"] == 4
    assert s["rejects_by_reason"] == {"no_position": 1, "invalid_position": 1, "bad_value": 1, "duplicate_id": 1}
    rej = run_cli("rejects", "--reason", "invalid_position", db=db).stdout_text
    assert "ksat.csv" in rej and "95.0" in rej
    again = cli_json("detections", "load", k, "--json", db=db)
    assert again["skipped"] == 1 and again["detections"] == 0
    forced = cli_json("detections", "load", k, "--force", "--json", db=db)
    assert forced["detections"] == 4
    assert run_cli("detections", "--format", "jsonl", db=db).stdout_text.count("\n") == 52
    # before any detection run the status is not known yet, and the user is told
    p = run_cli("detections", db=db)
    assert "not matched yet" in p.stderr_text
    # a file that is not detections fails with one clear line, exit 1, no traceback
    bad = tmp_path / "matches.csv"
    bad.write_text(",ssvid,score,detect_id,scene_id\n0,1,0.5,x,y\n")
    p = run_cli("detections", "load", bad, db=db, check=False)
    assert p.returncode == 1 and "match table" in p.stderr_text and "Traceback" not in p.stderr_text
    p = run_cli("detections", "load", k, "--columns", "bogus", db=db, check=False)
    assert p.returncode == 2 and "field=COLUMN" in p.stderr_text and "Traceback" not in p.stderr_text
    p = run_cli("detections", "--status", "darkish", db=db, check=False)
    assert p.returncode == 2 and "unknown status" in p.stderr_text
    p = run_cli("detections", db=tmp_path / "none.duckdb", check=False)
    assert p.returncode == 1 and "Traceback" not in p.stderr_text
