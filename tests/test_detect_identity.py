"""Identity changes: renames, padding, re-broadcasts, min_reports, class B merge, flag hops."""

from __future__ import annotations

import json

import polars as pl
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from seasentry.config import Config
from seasentry.detect.identity import detect_identity_changes, valid_imo
from test_detect_helpers import T0, at, statics_frame, track

IMO = 9074729  # valid check digit


def test_rename_detected_with_old_and_new():
    st = statics_frame([(215000001, at(h), "ALPHA", "9HA1", IMO, 80) for h in (0, 1, 2)]
                       + [(215000001, at(h), "BRAVO", "9HA1", IMO, 80) for h in (10, 11)])
    pos = track(215000001, T0, 34.0, 13.0, 90, 5, 12)
    ev = detect_identity_changes(st, Config(), pos)
    assert ev.height == 1
    e = ev.row(0, named=True)
    d = json.loads(e["details"])
    assert d["changes"]["name"] == {"old": "ALPHA", "new": "BRAVO", "old_reports": 3, "new_reports": 2}
    assert e["start"] == at(2) and e["end"] == at(10)
    assert abs(e["lat"] - 34.0) < 1e-6


def test_padding_and_rebroadcasts_are_not_changes():
    st = statics_frame([(215000001, at(0), "ALPHA", "9HA1", IMO, 80),
                        (215000001, at(1), "ALPHA@@@@@@", "9HA1@@", IMO, 80),
                        (215000001, at(2), "  ALPHA   ", "9HA1 ", IMO, 80),
                        (215000001, at(3), "alpha", "9HA1", IMO, 80),
                        (215000001, at(4), "ALPHA", "9HA1", IMO, 80)])
    assert detect_identity_changes(st).height == 0


def test_single_stray_report_is_not_a_change():
    st = statics_frame([(215000001, at(0), "ALPHA", "9HA1", IMO, 80), (215000001, at(1), "ALPHA", "9HA1", IMO, 80),
                        (215000001, at(2), "ALPHX", "9HA1", IMO, 80),
                        (215000001, at(3), "ALPHA", "9HA1", IMO, 80)])
    assert detect_identity_changes(st).height == 0
    cfg = Config()
    cfg.identity.min_reports = 1
    assert detect_identity_changes(st, cfg).height == 2  # A->X and X->A


def test_class_b_parts_merged_into_one_event():
    rows = [(247000001, at(0), "OLD", None, None, None, 24), (247000001, at(0.01), None, "OLDCS", None, 37, 24),
            (247000001, at(1), "OLD", None, None, None, 24), (247000001, at(1.01), None, "OLDCS", None, 37, 24),
            (247000001, at(5), "NEW", None, None, None, 24), (247000001, at(5.1), None, "NEWCS", None, 37, 24),
            (247000001, at(6), "NEW", None, None, None, 24), (247000001, at(6.1), None, "NEWCS", None, 37, 24)]
    ev = detect_identity_changes(statics_frame(rows))
    assert ev.height == 1
    assert json.loads(ev["details"][0])["fields"] == ["callsign", "name"]


def test_flag_hop_one_imo_new_mmsi():
    st = statics_frame([(642000001, at(h), "SEA STAR", "5AAA", IMO, 80) for h in (0, 1, 2)]
                       + [(667000002, at(h), "SEA STAR", "9LAB", IMO, 80) for h in (20, 21)])
    ev = detect_identity_changes(st)
    hop = ev.filter(pl.col("other_mmsi").is_not_null())
    assert hop.height == 1
    e = hop.row(0, named=True)
    assert (e["mmsi"], e["other_mmsi"]) == (667000002, 642000001)
    d = json.loads(e["details"])
    assert d["kind"] == "flag_hop" and d["old_mid"] == "642" and d["new_mid"] == "667"
    assert e["confidence"] == 0.9


def test_invalid_imo_and_aton_ignored():
    st = statics_frame([(642000001, at(h), "A", "B", 1234568, 80) for h in (0, 1)]
                       + [(667000002, at(h), "A", "B", 1234568, 80) for h in (5, 6)]
                       + [(992150001, at(h), n, None, None, None, 21) for h, n in ((0, "BUOY A"), (1, "BUOY A"),
                                                                               (2, "BUOY B"), (3, "BUOY B"))])
    assert detect_identity_changes(st).height == 0
    assert pl.select(valid_imo(pl.lit(IMO))).item() and not pl.select(valid_imo(pl.lit(1234568))).item()


def test_empty_statics():
    assert detect_identity_changes(statics_frame([])).height == 0
    assert detect_identity_changes(None).height == 0


@settings(max_examples=examples(60), deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6), st.one_of(st.none(), st.sampled_from("ABC"))),
                     max_size=60), min_reports=st.integers(1, 3))
def test_established_blocks_with_a_presorted_order_equal_the_full_sort(rows, min_reports):
    """established_blocks(mt_order=lexsort((ts, mmsi))) gives the blocks of its own
    (mmsi, ts, value) sort: rows that tie on (mmsi, ts) with different or equal values, nulls."""
    import numpy as np

    from seasentry.detect.identity import established_blocks

    df = pl.DataFrame({"mmsi": [247000000 + r[0] for r in rows],
                       "ts": [T0 + __import__("datetime").timedelta(minutes=r[1]) for r in rows],
                       "name": [r[2] for r in rows]}, schema={"mmsi": pl.Int64, "ts": pl.Datetime("us"),
                                                               "name": pl.Utf8})
    mt = np.lexsort((df["ts"].dt.epoch("us").to_numpy(), df["mmsi"].to_numpy()))
    assert established_blocks(df, "name", min_reports, mt).equals(established_blocks(df, "name", min_reports))


@settings(max_examples=examples(300), deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 8), st.booleans(), st.one_of(st.none(), st.booleans())),
                     max_size=40),
       queries=st.lists(st.tuples(st.integers(0, 4), st.integers(-2, 10)), min_size=1, max_size=12),
       shuffle=st.randoms(use_true_random=False), by_mmsi_ts=st.booleans())
def test_position_at_equals_the_polars_nearest_asof_join(rows, queries, shuffle, by_mmsi_ts):
    """_position_at (NumPy binary searches) gives _position_at_frame's positions (polars
    join_asof, strategy nearest, by MMSI): equal timestamps among the positions of one MMSI
    (the last in row order wins) and between queries, ties in distance (the later position
    wins), times before the first and after the last position, MMSIs without positions,
    noise (null noise left out as the filter does), rows in or out of (mmsi, ts) order."""
    import numpy as np

    from seasentry.detect.identity import _position_at, _position_at_frame

    rows = list(rows)
    if by_mmsi_ts:
        rows.sort(key=lambda r: (r[0], r[1]))  # build_tracks' order; equal (mmsi, ts) keep their order
    else:
        shuffle.shuffle(rows)
    n = len(rows)
    tr = pl.DataFrame({"mmsi": [247000000 + r[0] for r in rows],
                       "ts": [T0 + __import__("datetime").timedelta(minutes=r[1]) for r in rows],
                       "lat": [float(i) for i in range(n)], "lon": [float(-i) for i in range(n)],
                       "noise": [r[3] for r in rows]},
                      schema={"mmsi": pl.Int64, "ts": pl.Datetime("us"), "lat": pl.Float64, "lon": pl.Float64,
                              "noise": pl.Boolean})
    if rows and all(r[2] for r in rows):
        tr = tr.drop("noise")
    t0 = int(pl.Series([T0]).dt.epoch("us")[0])
    qm = np.array([247000000 + q[0] for q in queries], dtype=np.int64)  # 247000004: no positions
    qt = np.array([t0 + q[1] * 60_000_000 for q in queries], dtype=np.int64)
    # every third query half a minute later: equally far from the positions on both sides
    qt = np.where(np.arange(len(qt)) % 3 == 2, qt + 30_000_000, qt)
    got = _position_at(tr, qm, qt)
    want = _position_at_frame(tr, qm, qt)
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])


def test_untimed_statics_make_no_identity_change(tmp_path):
    """Session 12: statics stamped with the --base-time placeholder (lines without a time) are
    not in time order with the timed ones: ANKERGRACHT's real reports (ship type 71, timed) and
    two untimed ones (type 70) made a change that 'ended' at the base time."""
    from pathlib import Path

    import seasentry
    from seasentry.engine import load_inputs

    src = Path(__file__).parent / "fixtures" / "ais" / "identity_base_time.nmea"
    s = seasentry.open(tmp_path / "s.duckdb")
    s.ingest([str(src)], base_time="2020-01-01T00:00:00Z")
    pos, sta = load_inputs(s)
    s.close()
    assert set(sta["time_source"].to_list()) == {"trailing", "base"}
    ev = detect_identity_changes(sta, Config(), pos)
    assert ev.height == 0
    # the timed reports alone still show a real change when one happens
    late = sta.filter(pl.col("time_source") == "base").with_columns(
        pl.col("ts").dt.offset_by("-7y"), pl.lit("trailing").alias("time_source"))
    ev = detect_identity_changes(pl.concat([sta.filter(pl.col("time_source") != "base"), late]), Config(), pos)
    assert ev.height == 1 and json.loads(ev["details"][0])["changes"]["ship_type"]["old"] == 71
