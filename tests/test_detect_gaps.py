"""Gap detector: positives, look-alikes (short silences, in port), reception density, revision."""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from seasentry.config import Config
from seasentry.detect.gaps import detect_gaps, reception_density
from seasentry.tracks import build_tracks
from test_detect_helpers import FakeGeo, T0, at, drift, track

GEO = FakeGeo()


def _neighbours(hours=24):
    # other vessels heard all the time in the same 0.5 deg cell (good reception)
    return [drift(215100000 + k, T0, 34.1 + 0.05 * k, 13.1, hours, step_s=600, sog=0.3, seed=k) for k in range(3)]


def _dark(mmsi=215000001, off_h=13.0, on_h=21.0, lat=34.2, lon=13.0):
    a = track(mmsi, T0, lat, lon, 90, 0.5, 24, step_s=300)
    return a.filter(~pl.col("ts").is_between(at(off_h), at(on_h), closed="none"))


def test_gap_detected_with_details_and_likely_intentional():
    tr = build_tracks(pl.concat([_dark(), *_neighbours()]))
    ev = detect_gaps(tr, GEO)
    assert ev.height == 1
    e = ev.row(0, named=True)
    assert e["type"] == "gap" and e["mmsi"] == 215000001
    assert e["start"] == at(13) and e["end"] == at(21)
    d = json.loads(e["details"])
    assert abs(d["duration_h"] - 8.0) < 1e-6
    assert d["off"]["ts"] == "2024-05-01T13:00:00Z" and d["on"]["ts"] == "2024-05-01T21:00:00Z"
    assert d["off_distance_from_shore_nm"] > 50
    assert d["positions_before_count"] == 12 * 12 + 1  # 12 h at 5 min + the OFF position
    assert len(d["positions_before"]) == 50  # thinned list
    assert d["reception_density"] > 0.9
    assert d["likely_intentional"] is True
    assert 0.9 < e["confidence"] <= 1.0


def test_short_silence_is_not_a_gap():
    tr = build_tracks(pl.concat([_dark(off_h=13, on_h=18), *_neighbours()]))
    assert detect_gaps(tr, GEO).height == 0


def test_poor_reception_is_not_likely_intentional():
    # other vessels heard in the cell during the gap, at a tenth of their usual rate
    nb = [n.filter(~pl.col("ts").is_between(at(12), at(22)) | (pl.col("mmsi") == 215100000) & (
        pl.col("ts").dt.hour() == 16) & (pl.col("ts").dt.minute() == 0)) for n in _neighbours()]
    tr = build_tracks(pl.concat([_dark(), *nb]))
    d = json.loads(detect_gaps(tr, GEO)["details"][0])
    assert 0 < d["reception_density"] < 0.5 and d["likely_intentional"] is False


def test_silence_while_the_receiver_heard_no_one_is_no_gap():
    """Session 13: other vessels are in the data but nobody at all is heard during the silence
    (two captures of a receiver that was not listening in between): a coverage artefact, no gap
    event (gap.report_unheard_silences); the real corpora's 13-40 h silences between two captures."""
    nb = [n.filter(~pl.col("ts").is_between(at(12), at(22))) for n in _neighbours()]
    tr = build_tracks(pl.concat([_dark(), *nb]))
    mine = lambda ev: ev.filter(pl.col("mmsi") == 215000001)  # noqa: E731 - (the neighbours' own silences
    assert mine(detect_gaps(tr, GEO)).height == 0               # are heard around by the dark vessel)
    cfg = Config()
    cfg.gap.report_unheard_silences = True
    d = json.loads(mine(detect_gaps(tr, GEO, cfg))["details"][0])
    assert d["reception_density"] == 0.0 and d["likely_intentional"] is False
    # two captures: the other vessels are elsewhere (another cell), and nobody anywhere is heard
    # between the captures
    far = [n.with_columns(pl.col("lat") + 2.0).filter(~pl.col("ts").is_between(at(12), at(22))) for n in _neighbours()]
    assert mine(detect_gaps(build_tracks(pl.concat([_dark(), *far])), GEO)).height == 0
    # the receiver heard someone during the silence (elsewhere: never in this cell), or there is
    # no other vessel in the data at all: the silence stays a gap
    far_heard = [n.with_columns(pl.col("lat") + 2.0) for n in _neighbours()]
    assert mine(detect_gaps(build_tracks(pl.concat([_dark(), *far_heard])), GEO)).height == 1
    assert detect_gaps(build_tracks(_dark()), GEO).height == 1


def test_gap_in_port_is_flagged_in_port():
    a = drift(215000002, T0, 35.515, 14.25, 20, step_s=300, sog=0.0)
    a = a.filter(~pl.col("ts").is_between(at(4), at(12), closed="none"))
    cfg = Config()
    cfg.gap.port_gap_max_h = 0.0  # in-port silences reported as gap events too
    ev = detect_gaps(build_tracks(a), GEO, cfg)
    d = json.loads(ev["details"][0])
    assert d["in_port"] is True and d["likely_intentional"] is False
    assert d["port_off"]["name"] == "Porto Isola"
    assert ev["confidence"][0] <= 0.5


def test_gap_revised_when_late_data_arrives_and_ids_stable():
    base = pl.concat([_dark(), *_neighbours()])
    ev1 = detect_gaps(build_tracks(base), GEO)
    ev2 = detect_gaps(build_tracks(base.reverse()), GEO)
    assert ev1["event_id"].to_list() == ev2["event_id"].to_list()
    late = track(215000001, T0, 34.2, 13.0, 90, 0.5, 24, step_s=300).filter(
        pl.col("ts").is_between(at(16), at(17)))
    ev3 = detect_gaps(build_tracks(pl.concat([base, late])), GEO)
    assert ev3.height == 0  # the silence is now < 6 h on both sides


def test_gap_for_shared_mmsi_track():
    # two ships share an MMSI; only one goes silent: the MMSI is never silent but the track is
    a = _dark(mmsi=247000001)
    b = track(247000001, T0, 36.5, 17.0, 0, 5, 24, step_s=300)
    ev = detect_gaps(build_tracks(pl.concat([a, b])), GEO)
    assert ev.height == 1 and ev["start"][0] == at(13)


def test_reception_density_kernel():
    m = np.array([1, 2, 2, 2])
    h = 3_600_000_000
    t = np.array([0, 0, 5 * h, 9 * h])
    lat = np.full(4, 34.1)
    lon = np.full(4, 13.1)
    dens, during, normal = reception_density(m, t, lat, lon, np.array([1]), np.array([34.1]), np.array([13.1]),
                                             np.array([0]), np.array([10 * h]), 0.5)
    # vessel 2 heard in 3 of 10 hours: normal 0.3/h; during interior hours 1..9: 2 hits / 9 h
    assert abs(normal[0] - 0.3) < 1e-9 and abs(during[0] - 2 / 9) < 1e-9
    assert abs(dens[0] - (2 / 9) / 0.3) < 1e-9


def test_config_min_hours():
    cfg = Config()
    cfg.gap.min_hours = 10.0
    assert detect_gaps(build_tracks(pl.concat([_dark(), *_neighbours()])), GEO, cfg).height == 0


def test_silence_beyond_max_hours_is_separate_segments_not_a_gap():
    """Two captures of one MMSI far apart (12.7 years in a real corpus) are not a gap event:
    beyond gap.max_hours the track before and after are separate segments (issue 21)."""
    from datetime import timedelta

    cfg = Config()
    cfg.gap.report_unheard_silences = True  # the neighbours are heard only on the first day
    a = track(215000001, T0, 34.2, 13.0, 90, 0.5, 6, step_s=300)
    later = lambda days: track(215000001, T0 + timedelta(days=days), 34.2, 13.1, 90, 0.5, 6,  # noqa: E731
                                     step_s=300)
    # 10 days of silence: a gap; 40 days after that: none; 12.7 years after that: none
    tr = build_tracks(pl.concat([a, later(10), later(50), later(50 + 4640), *_neighbours()]), cfg)
    ev = detect_gaps(tr, GEO, cfg)
    mine = ev.filter(pl.col("mmsi") == 215000001)
    assert mine.height == 1, mine
    d = json.loads(mine["details"][0])
    assert 9.5 * 24 < d["duration_h"] < 10 * 24
    # the longer silences close segments (tracks.max_segment_gap_h), so they are separate segments
    segs = tr.filter(pl.col("mmsi") == 215000001)["seg_id"].unique().sort().to_list()
    assert len(segs) == 4
    # the limit is a setting
    cfg.set("gap.max_hours", 24 * 60)
    assert detect_gaps(build_tracks(pl.concat([a, later(10), later(50), later(50 + 4640),
                                               *_neighbours()]), cfg), GEO, cfg
                       ).filter(pl.col("mmsi") == 215000001).height == 2


def test_in_port_silence_is_a_port_gap_not_a_gap_event():
    """Session 12 (Suez queue, ship 103 at Port Said: 6.5 h without a position, 5 m apart): a
    silence at one berth up to gap.port_gap_max_h is the port visit's PORT_GAP (GFW), not going
    dark; a longer one, or one that ends in another port, is still a gap event."""
    a = drift(215000002, T0, 35.515, 14.25, 40, step_s=300, sog=0.0)
    short = a.filter(~pl.col("ts").is_between(at(4), at(10.5), closed="none"))
    assert detect_gaps(build_tracks(short), GEO).height == 0
    long_ = a.filter(~pl.col("ts").is_between(at(4), at(30), closed="none"))
    ev = detect_gaps(build_tracks(long_), GEO)
    assert ev.height == 1 and json.loads(ev["details"][0])["in_port"] is True
    # the same silence at sea is a gap
    sea = drift(215000003, T0, 34.2, 13.0, 20, step_s=300, sog=0.0)
    sea = sea.filter(~pl.col("ts").is_between(at(4), at(10.5), closed="none"))
    assert detect_gaps(build_tracks(sea), GEO).height == 1


def _silent_at(lat, off_h, on_h, mmsi=215000002):
    a = drift(mmsi, T0, lat, 14.25, 40, step_s=300, sog=0.0)
    return a.filter(~pl.col("ts").is_between(at(off_h), at(on_h), closed="none"))


def test_in_port_silence_is_left_to_the_port_visit_only_when_the_visit_counts_it():
    """Session 12 review: a silence in port is dropped as a gap only when a reported port visit
    counts it (n_gaps; its ends are rows of one visit of the state machine, also in the
    entry_km-exit_km ring after an entry); every other silence stays a gap event: (a) at anchor between
    port_visit.entry_km and exit_km (no visit starts there), (b) longer than port_visit.max_gap_h
    (the visit is split, neither part counts it), (c) shorter than port_visit.in_port_gap_h with
    gap.min_hours below it (the visit does not count it)."""
    from seasentry.detect.port_visits import detect_port_visits

    def counted(frame, cfg):
        tr = build_tracks(frame, cfg)
        pv = detect_port_visits(tr, GEO, cfg)
        return detect_gaps(tr, GEO, cfg).height, sum(json.loads(d)["n_gaps"] for d in pv["details"])

    berth, anchorage = 35.515, 35.51 - 3.5 / 111.2  # Porto Isola (FakeGeo): 0.5 km, 3.5 km
    assert counted(_silent_at(berth, 4, 16), Config()) == (0, 1)  # the visit's PORT_GAP
    assert counted(_silent_at(anchorage, 4, 16), Config()) == (1, 0)  # (a)
    split = Config()
    split.port_visit.max_gap_h = 6.0
    assert counted(_silent_at(berth, 4, 16), split) == (1, 0)  # (b)
    short = Config()
    short.gap.min_hours = 2.0
    assert counted(_silent_at(berth, 4, 7), short) == (1, 0)  # (c): 3 h < in_port_gap_h 4 h
    assert counted(_silent_at(berth, 4, 9), short) == (0, 1)
    # in the ring after entering (hysteresis: still in the visit, which counts the silence)
    ring = pl.concat([drift(215000002, T0, berth, 14.25, 2, step_s=300, sog=0.0),
                      _silent_at(anchorage, 4, 16).filter(pl.col("ts") > at(2.1))])
    assert counted(ring, Config()) == (0, 1)


def test_silent_move_between_two_ports_inside_one_visit_stays_a_gap():
    """Suez queue (session 12 review): consecutive rows near two port areas (Great Bitter Lake
    anchorage, then Port Said anchorage, 80 km apart) are one "visit" of the state machine, and it
    counts the silence; a ship that moved from one port to the other unheard still has a gap."""
    from seasentry.detect.port_visits import detect_port_visits

    geo = FakeGeo()
    geo.ports = pl.concat([geo.ports, geo.ports.head(1).with_columns(
        port_id=pl.lit(2, pl.Int64), name=pl.lit("Porto Nord"), lat=pl.lit(35.60), locode=pl.lit("MTPNO"))])
    a = drift(215000002, T0, 35.515, 14.25, 4, step_s=300, sog=0.0)
    b = drift(215000002, at(12), 35.605, 14.25, 4, step_s=300, sog=0.0)
    tr = build_tracks(pl.concat([a, b]))
    pv = detect_port_visits(tr, geo)
    assert pv.height == 1 and json.loads(pv["details"][0])["n_gaps"] == 1
    assert detect_gaps(tr, geo).height == 1


def _two_captures(mmsi, nm, hours=91.0):
    """One MMSI heard in two captures ``hours`` apart, ``nm`` nautical miles apart (east)."""
    a = track(mmsi, T0, 34.2, 13.0, 90, 10, 0.5, step_s=60)
    b = track(mmsi, at(hours), 34.2, 13.0 + nm / 60.0 / np.cos(np.radians(34.2)), 90, 10, 0.5, step_s=60)
    return pl.concat([a, b])


def test_placeholder_mmsi_makes_no_gap():
    """Session 12: MMSI 273000000 (Russian MID + 000000, a placeholder; ITU-R M.585) heard in two
    captures 91 h and 3,042 nm apart (33.4 kn) made a gap event; several ships share it."""
    ev = detect_gaps(build_tracks(_two_captures(273000000, 3042.0)), GEO)
    assert ev.height == 0
    cfg = Config()
    cfg.gap.default_mmsi_gaps = True
    assert detect_gaps(build_tracks(_two_captures(273000000, 3042.0)), GEO, cfg).height == 1
    # a ship's own MMSI with the same plausible 33 kn keeps its gap
    assert detect_gaps(build_tracks(_two_captures(273458210, 3042.0)), GEO).height == 1


def test_implausible_speed_across_a_silence_is_no_gap():
    """Session 12: 412000000-style joins: a silence across which the ship would have sailed
    64 kn is two transmitters or two captures, not one ship going dark (gap.max_implied_speed_kn,
    the segmenter's bound)."""
    ev = detect_gaps(build_tracks(_two_captures(412345678, 3393.0, hours=52.7)), GEO)
    assert ev.height == 0
    cfg = Config()
    cfg.gap.max_implied_speed_kn = 80.0
    assert detect_gaps(build_tracks(_two_captures(412345678, 3393.0, hours=52.7)), GEO, cfg).height == 1
