"""Tests of the labelled Central-Med scenario generator (seasentry.scenario)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st
from pyais import decode, encode_dict

from seasentry.config import Config
from seasentry.scenario import evaluate, generate, read_labels_jsonl
from seasentry.scenario import geography as G
from seasentry.scenario import routes as R
from seasentry.scenario.events import MALTA_LOITER, STORY_MEET
from seasentry.scenario.fleet import FLAGS, MAX_SPEED_KN, imo_valid, make_imo, mid_of
from seasentry.scenario.nmea import checksum, encode_positions, quantise, tag_block, tag_blocks_vec

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TAG = re.compile(r"^\\([^\\]*)\*([0-9A-F]{2})\\(.*)$")


@pytest.fixture(scope="module")
def sc():
    return generate(seed=1, hours=48, vessels=60, start="2024-05-01T00:00:00Z", noise=True, story=True)


@pytest.fixture(scope="module")
def small():
    return generate(seed=7, hours=36, vessels=30, noise=True, story=False)


def _epoch(col: pl.Series) -> np.ndarray:
    return col.dt.epoch("us").to_numpy() / 1e6


# --- encoding -------------------------------------------------------------------------------------

@settings(max_examples=examples(200), deadline=None)
@given(mt=st.sampled_from([1, 18]), mmsi=st.integers(200_000_000, 775_999_999),
       lat=st.floats(-90, 90), lon=st.floats(-180, 180), sog=st.integers(0, 1022), cog=st.integers(0, 3599),
       heading=st.integers(0, 359), second=st.integers(0, 59), status=st.integers(0, 15), ch=st.sampled_from("AB"))
def test_position_encoder_matches_pyais(mt, mmsi, lat, lon, sog, cog, heading, second, status, ch):
    qlat, qlon, qsog, qcog = quantise([lat], [lon], [sog / 10], [cog / 10])
    mine = encode_positions([mt], [mmsi], qlat, qlon, qsog, qcog, [heading], [second], [status], [ch])[0]
    d = dict(type=mt, mmsi=mmsi, lat=float(qlat[0]), lon=float(qlon[0]), speed=float(qsog[0]),
             course=float(qcog[0]), heading=heading, second=second)
    d.update(status=status, maneuver=0) if mt == 1 else d.update(cs=1)
    assert mine == encode_dict(d, talker_id="AI", sentence_type="VDM", radio_channel=ch)[0]
    back = decode(mine).asdict()
    assert back["mmsi"] == mmsi and back["lat"] == pytest.approx(qlat[0], abs=1e-6)
    assert back["speed"] == pytest.approx(qsog[0], abs=1e-9)


@given(station=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789", min_size=1, max_size=14),
       epoch=st.integers(1_000_000_000, 2_000_000_000))
def test_tag_block_checksums(station, epoch):
    tb = tag_block(station, epoch)
    body, cs = tb[1:-1].rsplit("*", 1)
    x = 0
    for c in body.encode():
        x ^= c
    assert cs == f"{x:02X}" == checksum(body)
    assert tag_blocks_vec(np.array([station], dtype=object), np.array([epoch]))[0] == tb


def test_imo_and_mmsi_identities():
    assert imo_valid(9074729) and imo_valid(6421660) and imo_valid(8688171)  # IMO's example; OFAC LIBYA3 rows
    assert not imo_valid(9074728)
    assert all(imo_valid(make_imo(s)) for s in range(700_000, 700_500))
    assert mid_of(249000882) == 249 and mid_of(2_150_100) == 215


# --- the generated scenario ---------------------------------------------------------------------------

def test_determinism_by_seed(tmp_path, small):
    a = generate(seed=5, hours=36, vessels=30, story=False)
    b = generate(seed=5, hours=36, vessels=30, story=False)
    assert a.nmea_lines == b.nmea_lines
    assert a.labels.equals(b.labels) and a.truth.equals(b.truth)
    assert a.nmea_lines != small.nmea_lines  # same arguments, another seed
    pa, pb = a.write(tmp_path / "a"), b.write(tmp_path / "b")
    for k in ("nmea", "labels", "vessels"):
        assert pa[k].read_bytes() == pb[k].read_bytes()


def test_every_line_decodes_or_is_labelled_noise(small):
    noise = {m["line"]: m["kind"] for m in small.noise_manifest}
    assert {"bad_checksum", "truncated", "junk", "gprmc"} <= set(noise.values())
    groups: dict[str, list[str]] = {}
    counts = {}
    for no, line in enumerate(small.nmea_lines, start=1):
        m = TAG.match(line)
        if no in noise:
            if noise[no] in ("bad_checksum", "truncated"):
                assert m is not None
                with pytest.raises(Exception):
                    decode(m.group(3), error_if_checksum_invalid=True)
            continue
        assert m is not None, f"line {no} has no tag block: {line!r}"
        body, cs, sentence = m.groups()
        assert checksum(body) == cs, f"bad tag-block checksum on line {no}"
        g = re.search(r"g:(\d+)-(\d+)-(\d+)", body)
        if g:
            groups.setdefault(g.group(3), []).append(sentence)
            if len(groups[g.group(3)]) < int(g.group(2)):
                continue
            msg = decode(*groups.pop(g.group(3)), error_if_checksum_invalid=True)
        else:
            msg = decode(sentence, error_if_checksum_invalid=True)
        counts[msg.msg_type] = counts.get(msg.msg_type, 0) + 1
    assert not groups, "multipart message left incomplete"
    assert {1, 4, 5, 18, 24} <= set(counts)


def test_noise_duplicates_and_order(small):
    s = small.summary
    assert s["duplicates"] > 0 and s["out_of_order_swaps"] > 0
    seen: dict[str, tuple[str, int]] = {}
    dup_ok = 0
    c_prev, backwards = 0, 0
    for line in small.nmea_lines:
        m = TAG.match(line)
        if not m or "g:" in m.group(1):
            continue
        f = dict(x.split(":", 1) for x in m.group(1).split(",") if ":" in x)
        if "c" not in f:  # a junk line from the noise manifest
            continue
        c = int(f["c"])
        backwards += c < c_prev
        c_prev = c
        if m.group(3) in seen and abs(c - seen[m.group(3)][1]) < 60:  # statics legitimately repeat every 6 min
            st0, c0 = seen[m.group(3)]
            assert st0 != f["s"] and abs(c - c0) <= 2
            dup_ok += 1
        seen[m.group(3)] = (f["s"], c)
    assert dup_ok > 0 and backwards > 0


def test_no_noise_is_clean_and_ordered():
    s = generate(seed=3, hours=36, vessels=30, noise=False, story=False)
    assert s.noise_manifest == [] and s.summary["duplicates"] == 0
    cs = [int(re.search(r"c:(\d+)", x).group(1)) for x in s.nmea_lines if "c:" in x]
    assert cs == sorted(cs)


def test_labels_consistent_with_truth(sc):
    cfg = Config()
    truth = sc.truth
    lab = sc.labels
    t_all = _epoch(truth["ts"])
    mm_all = truth["mmsi"].to_numpy()
    for r in lab.filter(pl.col("type") == "gap").iter_rows(named=True):
        s, e = _epoch(pl.Series([r["start"]])), _epoch(pl.Series([r["end"]]))
        inside = (mm_all == r["mmsi"]) & (t_all > s[0]) & (t_all < e[0])
        assert not inside.any()
        assert e[0] - s[0] >= cfg.gap.min_hours * 3600
    real = truth.filter(~pl.col("spoofed"))
    for r in lab.filter(pl.col("type") == "encounter").iter_rows(named=True):
        a = real.filter(pl.col("mmsi") == r["mmsi"])
        b = real.filter(pl.col("mmsi") == r["other_mmsi"])
        s, e = _epoch(pl.Series([r["start"], r["end"]]))
        grid = np.arange(s, e + 1, 600.0)
        ta, tb = _epoch(a["ts"]), _epoch(b["ts"])
        d = G.haversine_m(np.interp(grid, ta, a["lat"].to_numpy()), np.interp(grid, ta, a["lon"].to_numpy()),
                          np.interp(grid, tb, b["lat"].to_numpy()), np.interp(grid, tb, b["lon"].to_numpy()))
        assert d.max() < cfg.encounter.max_distance_m
        assert e - s >= cfg.encounter.min_duration_h * 3600
    for r in lab.filter(pl.col("type") == "loitering").iter_rows(named=True):
        w = real.filter((pl.col("mmsi") == r["mmsi"]) & pl.col("ts").is_between(r["start"], r["end"]))
        assert w.height > 10 and w["sog"].max() < cfg.loitering.max_speed_kn
        assert G.distance_to_shore_nm(w["lat"].to_numpy(), w["lon"].to_numpy()).min() >= 12.0
    for r in lab.filter(pl.col("type") == "spoofing").iter_rows(named=True):
        w = truth.filter((pl.col("mmsi") == r["mmsi"]) & pl.col("ts").is_between(r["start"], r["end"]))
        assert w["spoofed"].any() or w["vid"].n_unique() > 1
    pv = lab.filter(pl.col("type") == "port_visit")
    assert pv.height > 10
    for r in pv.iter_rows(named=True):
        w = real.filter((pl.col("mmsi") == r["mmsi"]) & pl.col("ts").is_between(r["start"], r["end"]))
        assert (w["sog"] < cfg.port_visit.stop_speed_kn).any()
    zones = lab.filter(pl.col("type").is_in(["zone_entry", "zone_exit"]))
    assert zones.height > 10 and zones["zone"].null_count() == 0
    assert sc.summary["unmatched_injections"] == []


def test_every_event_type_and_negative_present(sc):
    types = set(sc.labels["type"].unique())
    assert {"gap", "encounter", "loitering", "port_visit", "zone_entry", "zone_exit", "spoofing",
            "identity_change"} <= types
    assert {"negative_gap", "negative_encounter", "negative_loitering", "negative_spoofing",
            "negative_identity_change"} <= types
    inj = sc.labels.filter(pl.col("injected") & ~pl.col("type").str.starts_with("negative_"))
    assert set(inj["type"]) >= {"gap", "encounter", "loitering", "spoofing", "identity_change"}
    # negatives never coincide with a positive label of their kind for the same vessel
    for r in sc.labels.filter(pl.col("type").str.starts_with("negative_")).iter_rows(named=True):
        kind = r["type"].removeprefix("negative_")
        if kind == "spoofing":
            continue
        pos = sc.labels.filter((pl.col("type") == kind) & (pl.col("mmsi") == r["mmsi"])
                               & (pl.col("start") <= r["end"]) & (pl.col("end") >= r["start"]))
        assert pos.height == 0, (r, pos)
    # near-Libya gap
    gaps = sc.labels.filter(pl.col("type") == "gap")
    assert (gaps["lat"] < 34.0).sum() >= 2


def test_positions_at_sea_and_speeds_realistic(sc):
    real = sc.truth.filter(~pl.col("spoofed"))
    # every true position is on the water of the high-resolution mask, including berths in harbour
    # basins that Natural Earth 1:10m fills (issue 14)
    assert not G.on_land_hr(real["true_lat"].to_numpy(), real["true_lon"].to_numpy()).any()
    for vclass, cap in MAX_SPEED_KN.items():
        w = real.filter(pl.col("vclass") == vclass)
        if w.height:
            assert w["sog"].max() <= cap, vclass
    ff = real.filter(pl.col("vclass") == "fast_ferry")
    assert ff["sog"].max() >= 25.0
    # implied speed between consecutive reports of one vessel stays under the class cap
    real = real.sort(["vid", "ts"])
    vid = real["vid"].to_numpy()
    t = _epoch(real["ts"])
    d = G.haversine_m(real["lat"].to_numpy()[:-1], real["lon"].to_numpy()[:-1],
                      real["lat"].to_numpy()[1:], real["lon"].to_numpy()[1:])
    same = (vid[1:] == vid[:-1]) & (d > 1852)
    v = d[same] / np.maximum(t[1:] - t[:-1], 1)[same] / 0.5144
    assert v.max() < 45.0
    # spoofed jumps really imply impossible speed
    assert sc.truth["spoofed"].sum() > 0


def test_routes_stay_at_sea():
    """Lanes, harbour approaches and berths lie on the water of the shipped high-resolution land
    mask, checked every 40 m; the berths in harbour basins are on Natural Earth land (that is
    what makes them hard negatives for the on_land test)."""
    for name, wps in {**R.ALL_ROUTES, **{f"{k}_IN": v for k, v in R.HARBOUR_IN.items()}}.items():
        la, lo = [], []
        for (a, b), (c, d) in zip(wps[:-1], wps[1:]):
            n = max(2, int(G.haversine_m(a, b, c, d) / 40))
            f = np.linspace(0, 1, n)
            la.append(a + (c - a) * f)
            lo.append(b + (d - b) * f)
        assert not G.on_land_hr(np.concatenate(la), np.concatenate(lo)).any(), name
    for name, (la, lo) in R.BERTHS.items():
        assert not G.on_land_hr(la, lo)[0], name
    ne = [k for k, (la, lo) in R.BERTHS.items() if G.on_land(la, lo)[0]]
    assert {"VALLETTA", "TRIPOLI", "LAMPEDUSA", "PORTO_EMPEDOCLE"} <= set(ne), ne
    # each berth is a shipped port point (inside that port's area)
    from seasentry.geo import Geography
    geo = Geography.default()
    for name, (la, lo) in R.BERTHS.items():
        _, _, beyond = geo.port_area([la], [lo], 3.0)
        assert beyond[0] <= 0.0, name


def test_identities_realistic(sc):
    mids = {m for mids, _, _ in FLAGS.values() for m in mids}
    ref = {int(x.split(",")[0]) for x in
           (Path(G.data_dir()).parent / "reference" / "mid_libais.csv").read_text().splitlines()[1:] if x[:3].isdigit()}
    for r in sc.vessels.iter_rows(named=True):
        assert 100_000_000 <= r["mmsi"] <= 999_999_999
        assert r["mid"] in mids and (not ref or r["mid"] in ref)
        assert r["mid"] in FLAGS[r["flag"]][0]
        if r["imo"] is not None:
            assert imo_valid(r["imo"])
    assert sc.vessels["vclass"].n_unique() >= 8


def test_story_present(sc):
    v = sc.vessels
    dark = v.filter(pl.col("role") == "story_dark_tanker").row(0, named=True)
    partner = v.filter(pl.col("role") == "story_partner_tanker").row(0, named=True)
    lab = sc.labels
    gap = lab.filter((pl.col("type") == "gap") & (pl.col("mmsi") == dark["mmsi"])).row(0, named=True)
    assert (gap["end"] - gap["start"]).total_seconds() >= 6 * 3600
    zuwara = R.BERTHS["ZUWARA"]
    assert G.haversine_m(gap["lat"], gap["lon"], *zuwara) < 30 * 1852
    enc = lab.filter((pl.col("type") == "encounter") & (pl.col("mmsi").is_in([dark["mmsi"], partner["mmsi"]]))
                     & (pl.col("other_mmsi").is_in([dark["mmsi"], partner["mmsi"]]))).row(0, named=True)
    assert enc["start"] > gap["end"]
    off_malta = G.distance_to_shore_nm(enc["lat"], enc["lon"])[0]
    assert 12.0 < off_malta < 20.0 and enc["zone"] is None
    assert G.haversine_m(enc["lat"], enc["lon"], *STORY_MEET) < 2000
    ren = lab.filter((pl.col("type") == "identity_change") & (pl.col("mmsi") == dark["mmsi"])).row(0, named=True)
    assert ren["start"] > enc["end"]
    names = sc.statics.filter(pl.col("mmsi") == dark["mmsi"])["name"].unique().to_list()
    assert dark["name"] in names and dark["later_names"] in names
    sanc = sc.statics.filter(pl.col("mmsi") == 249000882)
    assert sanc.height > 0 and set(sanc["name"]) == {"MARIE DE LOURDES"}
    assert sc.statics.filter(pl.col("imo") == 6421660).height > 0
    assert v.filter(pl.col("role") == "background").height > 10
    assert G.distance_to_shore_nm(*MALTA_LOITER)[0] > 12.0


@pytest.mark.skipif(not (SHARED / "sanctions" / "ofac" / "ofac_sdn_vessels_2024-05-03.csv").exists(),
                    reason="needs ../shared/data")
def test_story_identifiers_are_ofac_libya3(sc):
    ofac = pl.read_csv(SHARED / "sanctions" / "ofac" / "ofac_sdn_vessels_2024-05-03.csv", infer_schema_length=0)
    libya = ofac.filter(pl.col("program").str.contains("LIBYA3"))
    assert "249000882" in libya["mmsi"].to_list() and "6421660" in libya["imo"].to_list()
    clean = sc.vessels.filter(pl.col("role") == "background")
    assert not set(clean["name"]) & set(ofac["name"])


def test_evaluate_scores(sc):
    pos = sc.labels.filter(~pl.col("type").str.starts_with("negative_"))
    det = pos.select("type", "mmsi", "other_mmsi", "start", "end")
    res = evaluate(det, sc.labels, time_tolerance_s=600)
    assert (res["precision"] == 1.0).all() and (res["recall"] == 1.0).all()
    assert (res["negatives_hit"] == 0).all()
    # reversed encounter pair still matches; a dropped label is a miss; a detected negative is counted
    enc = det.filter(pl.col("type") == "encounter")
    swapped = enc.with_columns(pl.col("other_mmsi").alias("mmsi"), pl.col("mmsi").alias("other_mmsi"))
    neg = sc.labels.filter(pl.col("type") == "negative_gap").head(1)
    fake = neg.select(pl.lit("gap").alias("type"), "mmsi", "other_mmsi", "start", "end")
    det2 = pl.concat([det.filter(pl.col("type") != "encounter"), swapped.head(enc.height - 1), fake])
    res2 = {r["type"]: r for r in evaluate(det2, sc.labels, 600).iter_rows(named=True)}
    assert res2["encounter"]["fn"] == 1 and res2["encounter"]["tp"] == enc.height - 1
    assert res2["gap"]["fp"] == 1 and res2["gap"]["negatives_hit"] == 1
    # ISO strings with Z are accepted too
    det3 = det.with_columns(pl.col("start").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            pl.col("end").dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert (evaluate(det3, sc.labels)["recall"] == 1.0).all()
    assert evaluate(det.clear(), sc.labels)["tp"].sum() == 0


def test_cli_generate_and_scale(tmp_path):
    from click.testing import CliRunner

    from seasentry.cli import main

    out = tmp_path / "big"
    r = CliRunner().invoke(main, ["scenario", "generate", "--seed", "4", "--hours", "36", "--vessels", "31",
                                  "--out", str(out), "--scale", "2", "--no-story"])
    assert r.exit_code == 0, r.output
    for f in ("scenario.nmea", "labels.jsonl", "truth_positions.parquet", "vessels.csv", "noise.jsonl"):
        assert (out / f).stat().st_size > 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["chunks"] == 2
    truth = pl.read_parquet(out / "truth_positions.parquet")
    assert truth.height == summary["positions"]
    vessels = pl.read_csv(out / "vessels.csv")
    shared = pl.col("role").is_in(["mmsi_clone", "negative_default_mmsi"])
    assert vessels.filter(~shared)["mmsi"].n_unique() == vessels.filter(~shared).height
    assert vessels.filter(pl.col("role") == "negative_default_mmsi")["mmsi"].unique().to_list() == [672000000]
    labels = read_labels_jsonl(out / "labels.jsonl")
    assert labels["label_id"].n_unique() == labels.height
    assert sum(1 for _ in open(out / "scenario.nmea")) == summary["lines"]
    # evaluate through the CLI with the labels as detections
    ev = tmp_path / "events.jsonl"
    with open(ev, "w") as fh:
        for row in open(out / "labels.jsonl"):
            d = json.loads(row)
            if not d["type"].startswith("negative_"):
                fh.write(json.dumps(d) + "\n")
    r = CliRunner().invoke(main, ["scenario", "evaluate", "--events", str(ev), "--labels", str(out / "labels.jsonl"),
                                  "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.output.splitlines() if x.startswith("{")]
    assert rows and all(x["recall"] == 1.0 and x["precision"] == 1.0 for x in rows)
    bad = CliRunner().invoke(main, ["scenario", "generate", "--hours", "5", "--out", str(tmp_path / "x")])
    assert bad.exit_code != 0
