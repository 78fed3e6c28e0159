"""Behaviour-event detectors: pure functions over columnar positions and statics.

Every detector returns a polars frame with the columns of :data:`seasentry.schema.EVENTS`
(event_id, type, mmsi, other_mmsi, start, end, lat, lon, zone, details, confidence).
``event_id`` is a hash of (type, mmsi, other_mmsi, start), so re-running detection over
the same store gives the same ids. Definitions and sources: the module docstrings and
``docs/events/<type>.md``.

>>> events = detect_events(positions, statics, geo, cfg)      # doctest: +SKIP
"""

from __future__ import annotations

import time

import polars as pl

from ..config import Config
from ..tracks import TRACK_COLUMNS, build_tracks, build_tracks_trust
from ._common import EVENT_SCHEMA, empty_events, finalize_events, vessel_tracks
from .encounters import detect_encounters
from .gaps import detect_gaps
from .identity import detect_identity_changes
from .loitering import detect_loitering
from .port_visits import detect_port_visits
from .spoofing import detect_spoofing
from .zones import detect_zone_crossings

EVENT_TYPES = ("gap", "encounter", "loitering", "port_visit", "zone_entry", "zone_exit",
               "spoofing", "identity_change")

__all__ = [
    "EVENT_TYPES", "EVENT_SCHEMA", "detect_events", "build_tracks", "detect_gaps",
    "detect_encounters", "detect_loitering", "detect_port_visits", "detect_zone_crossings",
    "detect_spoofing", "detect_identity_changes", "empty_events",
]


def detect_events(positions: pl.DataFrame, statics: pl.DataFrame | None, geo, cfg: Config | None = None,
                  *, types: tuple[str, ...] | None = None, timings: dict | None = None) -> pl.DataFrame:
    """Build tracks and run every detector; one frame of events sorted by (type, mmsi, start).

    ``positions`` may be raw positions (schema.POSITIONS columns) or the output of
    :func:`seasentry.tracks.build_tracks`. ``types`` restricts the detectors run.
    ``timings`` (a dict), if given, receives seconds spent per stage (for benchmarks).
    """
    cfg = cfg or Config()
    want = set(types or EVENT_TYPES)
    t0 = time.perf_counter()
    built = not all(c in positions.columns for c in TRACK_COLUMNS)
    # the segmenter's per-row time trust goes to the spoofing detector (not computed twice)
    tracks, time_ok = build_tracks_trust(positions, cfg) if built else (positions, None)
    del positions  # the caller may drop its reference: tracks hold every row still needed
    if timings is not None and built:
        timings["tracks"] = time.perf_counter() - t0
    # non-noise positions by (mmsi, track_id, ts), shared by the detectors that only use them
    t0 = time.perf_counter()
    v = vessel_tracks(tracks)
    if timings is not None:
        timings["tracks"] = timings.get("tracks", 0.0) + time.perf_counter() - t0
    stages = [
        ("gap", lambda: detect_gaps(v, geo, cfg)),
        ("encounter", lambda: detect_encounters(v, geo, cfg)),
        ("loitering", lambda: detect_loitering(v, geo, cfg)),
        ("port_visit", lambda: detect_port_visits(v, geo, cfg)),
        ("zone", lambda: detect_zone_crossings(v, geo, cfg)),
        ("spoofing", lambda: detect_spoofing(tracks, statics, geo, cfg, time_ok=time_ok)),
        ("identity_change", lambda: detect_identity_changes(statics, cfg, tracks)),
    ]
    frames = []
    for name, fn in stages:
        if name == "zone":
            if not want & {"zone_entry", "zone_exit"}:
                continue
        elif name not in want:
            continue
        t1 = time.perf_counter()
        f = fn()
        if name == "zone":
            f = f.filter(pl.col("type").is_in(sorted(want)))
        if timings is not None:
            timings[name] = time.perf_counter() - t1
        if f.height:
            frames.append(f)
    if not frames:
        return empty_events()
    return finalize_events(pl.concat(frames))
