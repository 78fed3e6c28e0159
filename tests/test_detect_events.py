"""detect_events: all detectors together, schema, deterministic ids, input-order invariance."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st

from seasentry.config import Config
from seasentry.detect import EVENT_TYPES, detect_events
from seasentry.schema import EVENTS
from test_detect_helpers import FakeGeo, T0, at, drift, frame, statics_frame, track

GEO = FakeGeo()


def scenario() -> tuple[pl.DataFrame, pl.DataFrame]:
    berth = 35.515
    dark = track(215000001, T0, 34.2, 12.5, 90, 6, 24, step_s=300).filter(
        ~pl.col("ts").is_between(at(13), at(21), closed="none"))
    neighbours = [drift(215100000 + k, T0, 34.1 + 0.05 * k, 12.6, 24, step_s=600, sog=0.3, seed=k) for k in range(3)]
    pair = [drift(215000002, T0, 34.5, 12.5, 5, seed=1), drift(215000003, T0, 34.501, 12.501, 5, seed=2)]
    loiter = drift(215000004, T0, 34.0, 15.5, 6, seed=3)
    visit = pl.concat([track(215000005, T0, 35.75, 14.25, 180, 10, 1.4, step_s=120),
                       drift(215000005, at(1.45), berth, 14.25, 5, sog=0.05, seed=4),
                       track(215000005, at(6.5), berth, 14.25, 0, 10, 2, step_s=120)])
    spoof = pl.concat([track(247000002, T0, 34.0, 13.0, 90, 10, 4, step_s=300),
                       frame(247000002, [at(1.01), at(1.02), at(1.03)], [36.5] * 3, [18.0] * 3)])
    ferry = track(248000001, T0, 34.0, 16.0, 330, 36, 2, step_s=10)
    sar = track(111247001, T0, 34.0, 13.0, 90, 140, 1, step_s=10, msg_type=9)
    pos = pl.concat([dark, *neighbours, *pair, loiter, visit, spoof, ferry, sar])
    stat = statics_frame([(215000001, at(h), "ALPHA@@", "9HA1", 9074729, 80) for h in (0, 1)]
                         + [(215000001, at(h), "BRAVO", "9HA1", 9074729, 80) for h in (22, 23)]
                         + [(248000001, at(h), "FAST FERRY", "9HFF", None, 60) for h in (0, 1)])
    return pos, stat


def test_all_types_and_schema():
    pos, stat = scenario()
    timings: dict = {}
    ev = detect_events(pos, stat, GEO, Config(), timings=timings)
    assert ev.columns == EVENTS.names
    assert ev.to_arrow().cast(EVENTS).schema.equals(EVENTS)
    types = set(ev["type"].to_list())
    assert types == set(EVENT_TYPES), types
    counts = dict(ev.group_by("type").len().iter_rows())
    assert counts["gap"] == 1 and counts["encounter"] == 1 and counts["spoofing"] == 1
    assert counts["identity_change"] == 1 and counts["port_visit"] == 1
    # no event at all for the fast ferry or the SAR aircraft
    assert not ev["mmsi"].is_in([248000001, 111247001]).any()
    assert ev["event_id"].n_unique() == ev.height
    assert ev["confidence"].is_between(0, 1).all()
    assert {"tracks", "gap", "encounter", "spoofing"} <= set(timings)


def test_types_filter():
    pos, stat = scenario()
    ev = detect_events(pos, stat, GEO, types=("gap", "zone_exit"))
    assert set(ev["type"].to_list()) == {"gap", "zone_exit"}


@settings(max_examples=examples(8), deadline=None)
@given(seed=st.integers(0, 1_000_000), dup=st.integers(0, 200))
def test_input_order_and_duplicates_do_not_change_events(seed, dup):
    pos, stat = scenario()
    ref = detect_events(pos, stat, GEO)
    noisy = pl.concat([pos, pos.sample(n=dup, seed=seed)]).sample(fraction=1.0, shuffle=True, seed=seed)
    stat2 = stat.sample(fraction=1.0, shuffle=True, seed=seed)
    got = detect_events(noisy, stat2, GEO)
    assert got.equals(ref)


def test_rerun_same_ids():
    pos, stat = scenario()
    a = detect_events(pos, stat, GEO)
    b = detect_events(pos, stat, GEO)
    assert a["event_id"].to_list() == b["event_id"].to_list()


def test_empty_inputs_do_not_crash():
    empty = frame(215000001, [], [], [])
    ev = detect_events(empty, statics_frame([]), GEO)
    assert ev.height == 0 and ev.columns == EVENTS.names
    one = frame(215000001, [T0 + dt.timedelta(seconds=1)], [34.0], [13.0])
    assert detect_events(one, None, GEO).height == 0


@settings(max_examples=examples(30), deadline=None)
@given(rows=st.lists(st.tuples(
    st.sampled_from([215000001, 215000002, 247000003, 111247001, 2150001, 992150001]),
    st.integers(0, 48 * 3600),
    st.one_of(st.floats(30, 40), st.sampled_from([0.0, 91.0, float("nan")])),
    st.one_of(st.floats(8, 22), st.sampled_from([0.0, 181.0, float("nan")])),
    st.one_of(st.none(), st.floats(0, 102.2)),
    st.sampled_from([1, 3, 4, 9, 18, 21, 27]),
), max_size=120))
def test_arbitrary_input_never_crashes(rows):
    times = [T0 + dt.timedelta(seconds=r[1]) for r in rows]
    df = pl.DataFrame({
        "mmsi": pl.Series([r[0] for r in rows], dtype=pl.Int64),
        "ts": pl.Series(times, dtype=pl.Datetime("us")),
        "lat": pl.Series([r[2] for r in rows], dtype=pl.Float64),
        "lon": pl.Series([r[3] for r in rows], dtype=pl.Float64),
        "sog": pl.Series([r[4] for r in rows], dtype=pl.Float32),
        "msg_type": pl.Series([r[5] for r in rows], dtype=pl.Int8),
    })
    ev = detect_events(df, None, GEO)
    assert ev.columns == EVENTS.names
    assert ev["event_id"].n_unique() == ev.height


def _finalize_reference(df: pl.DataFrame) -> pl.DataFrame:
    """finalize_events as written before session 7 (salt by a polars window over the keys), with
    the sort by every column but the id of session 9 (zone and confidence after the eight keys)."""
    from seasentry.detect._common import EVENT_SCHEMA, event_id

    df = df.select(list(EVENT_SCHEMA)).cast(EVENT_SCHEMA).sort(
        ["type", "mmsi", "start", "other_mmsi", "end", "lat", "lon", "details", "zone", "confidence"],
        nulls_last=True)
    key = df.select("type", "mmsi", "other_mmsi", pl.col("start").dt.epoch("us").alias("s"))
    salt = key.with_columns(pl.int_range(pl.len()).over(["type", "mmsi", "other_mmsi", "s"]).alias("k"))
    ids = [event_id(t, m, o, s, k) for t, m, o, s, k in salt.iter_rows()]
    return df.with_columns(pl.Series("event_id", ids, dtype=pl.Utf8))


@settings(max_examples=examples(60), deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["gap", "encounter", "zone_entry"]), st.integers(0, 2),
                               st.one_of(st.none(), st.integers(0, 1)), st.integers(0, 3), st.integers(0, 3),
                               st.sampled_from([0.0, 1.5]), st.sampled_from(["{}", '{"a":1}']),
                               st.one_of(st.none(), st.sampled_from(["Z1", "Z2"]))), max_size=40))
def test_finalize_events_ids_equal_the_window_definition(rows):
    """finalize_events salts repeated (type, mmsi, other_mmsi, start) keys by their rank after
    the sort, as the polars window of the reference does (ties on every key included)."""
    from seasentry.detect._common import EVENT_SCHEMA, finalize_events

    if not rows:
        return
    df = pl.DataFrame({
        "event_id": [""] * len(rows), "type": [r[0] for r in rows], "mmsi": [215000000 + r[1] for r in rows],
        "other_mmsi": [None if r[2] is None else 215000000 + r[2] for r in rows],
        "start": [T0 + dt.timedelta(minutes=r[3]) for r in rows],
        "end": [T0 + dt.timedelta(minutes=r[3] + r[4]) for r in rows],
        "lat": [34.0 + r[5] for r in rows], "lon": [13.0] * len(rows), "zone": [r[7] for r in rows],
        "details": [r[6] for r in rows], "confidence": [0.5] * len(rows)}, schema=EVENT_SCHEMA)
    got, want = finalize_events(df), _finalize_reference(df)
    assert got.equals(want)
    assert got["event_id"].n_unique() == got.height


@settings(max_examples=examples(100), deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.sampled_from(["{}", '{"a":1}']),
                               st.one_of(st.none(), st.integers(0, 1))), max_size=12),
       reorder=st.booleans(), narrow=st.booleans())
def test_finalize_events_equals_the_select_cast_sort_form(rows, reorder, narrow):
    """finalize_events skips its select/cast when the frame already has the events schema in
    order: the same frame (order and ids) as the previous form, which always selected and
    cast; frames with other column orders or dtypes still go through the cast."""
    from seasentry.detect._common import EVENT_SCHEMA, finalize_events, make_events

    if not rows:
        return
    df = pl.concat([make_events("zone_entry", [247000000 + r[0]], [r[1] * 10**6], [r[1] * 10**6], [35.0], [14.0],
                                [__import__("json").loads(r[2])], [0.5],
                                other_mmsi=[None if r[3] is None else 247000100 + r[3]]) for r in rows])
    if reorder:
        df = df.select(list(reversed(df.columns)))
    if narrow:
        df = df.with_columns(pl.col("lat").cast(pl.Float32), pl.col("mmsi").cast(pl.Int32))

    def previous(d):
        from seasentry.detect._common import event_id

        d = d.select(list(EVENT_SCHEMA)).cast(EVENT_SCHEMA).sort(
            ["type", "mmsi", "start", "other_mmsi", "end", "lat", "lon", "details"], nulls_last=True)
        ids, k, prev = [], 0, None
        for key in zip(d["type"].to_list(), d["mmsi"].to_list(), d["other_mmsi"].to_list(),
                       d["start"].dt.epoch("us").to_list()):
            k = k + 1 if key == prev else 0
            prev = key
            ids.append(event_id(key[0], key[1], key[2], key[3], k))
        return d.with_columns(pl.Series("event_id", ids, dtype=pl.Utf8))

    assert finalize_events(df).equals(previous(df))


def _tied_events():
    """Events that tie on type, mmsi, start, other_mmsi, end, lat, lon and details and differ
    only in zone or confidence (two zones of the same kind entered at one position)."""
    from seasentry.detect._common import make_events

    kw = dict(etype="zone_entry", mmsi=[247000001] * 3, start_us=[10**15] * 3, end_us=[10**15] * 3,
              lat=[35.0] * 3, lon=[14.0] * 3, details=[{"zone_kind": "user"}] * 3)
    return make_events(confidence=[0.5, 0.5, 1.0], zone=["B", "A", "A"], **kw)


def test_finalize_events_order_and_ids_do_not_depend_on_the_input_order():
    """Rows tied on the eight keys of the id's salt order are ordered by zone and confidence
    too: the ids and the order depend on the set of rows, not on the order they arrive in (the
    per-vessel stage hands its events to the driver unsorted, see deferred_ids)."""
    from seasentry.detect._common import finalize_events

    ev = _tied_events()
    want = finalize_events(ev)
    assert want["zone"].to_list() == ["A", "A", "B"] and want["confidence"].to_list() == [0.5, 1.0, 0.5]
    for perm in ([2, 1, 0], [1, 0, 2], [0, 2, 1], [2, 0, 1]):
        assert finalize_events(ev[perm]).equals(want)


def test_deferred_ids_leave_rows_unsorted_without_ids_and_the_final_ids_unchanged():
    """Inside deferred_ids make_events / finalize_events only cast (no sort, no ids); one
    finalize_events outside over the concatenation gives the frame of the per-detector form."""
    import json

    from seasentry.detect._common import deferred_ids, finalize_events, make_events

    def frames():
        a = make_events("loitering", [3, 1, 2], [5 * 10**6, 9 * 10**6, 1], [6 * 10**6, 10**7, 2], [1.0, 2.0, 3.0],
                        [4.0, 5.0, 6.0], [{"k": json.dumps(i)} for i in range(3)], [0.1, 0.2, 0.3])
        return [a, _tied_events()]

    with deferred_ids():
        raw = frames()
    assert raw[0]["mmsi"].to_list() == [3, 1, 2] and set(raw[0]["event_id"].to_list()) == {""}
    assert raw[1]["zone"].to_list() == ["B", "A", "A"]
    with deferred_ids():
        assert finalize_events(pl.concat(raw))["event_id"].to_list() == [""] * 6
    sorted_each = frames()
    assert sorted_each[0]["mmsi"].to_list() == [1, 2, 3] and "" not in sorted_each[0]["event_id"].to_list()
    assert finalize_events(pl.concat(raw)).equals(finalize_events(pl.concat(sorted_each)))
    assert finalize_events(pl.concat(raw[::-1])).equals(finalize_events(pl.concat(sorted_each)))
