"""Live feeds: satellite detections loaded into a store that a live stream feeds are matched at every
periodic detection, in both detection scopes (whole store, rolling window), and their events are
published like the others: a dark detection becomes a match when the vessel's AIS arrives."""

from __future__ import annotations

import time

import pytest
from test_live import T0, pos_sentence, tagged

from seasentry.config import Config
from seasentry.detections.store import load_files
from seasentry.live import Chunk, EventBus, LiveDetector, LiveProcessor
from seasentry.store import Store


@pytest.mark.parametrize("scope", ["store", "window"])
def test_live_matching(tmp_path, scope):
    cfg = Config()
    cfg.live.detect_interval_s = 0.0
    cfg.live.detect_scope = scope
    store = Store(tmp_path / "s.duckdb", config=cfg)
    mmsi = 247500003
    # a detection at the vessel's position at 09:00 (it steams north from 34.5 N at ~3.6 kn), one far away
    f = tmp_path / "d.csv"
    f.write_text("detection_id,time,lat,lon,length_m,confidence,source\n"
                 "v1,2024-05-01T09:00:00Z,34.5600,16.5,40,0.9,sentinel-2\n"
                 "x1,2024-05-01T09:00:00Z,34.9,17.2,15,0.8,sentinel-2\n")
    load_files(store, [f])
    bus = EventBus()
    det = LiveDetector(cfg, bus=bus, screen=False)
    proc = LiveProcessor(store, cfg, journal=None, on_batch=det.on_batch)
    proc.register_source("a")
    line = [0]

    def chunk(lines):
        ch = Chunk("a", 1, 0, line[0] + 1, int(time.time() * 1e6), [x.encode() for x in lines],
                   [len(x) for x in lines])
        line[0] += len(lines)
        return ch

    other = [tagged(pos_sentence(247500004, 33.0, 15.0 + i * 0.001, 0.0), T0 + 300 * i, "g") for i in range(30)]
    proc.commit([chunk(other)])
    darks = {m["event"]["details"]["detection_id"] for m in bus.history if m["event"]["type"] == "dark_detection"}
    assert darks == {"v1", "x1"}
    # the vessel's AIS arrives: v1 turns into a match (its dark event is retracted), x1 stays dark
    n0 = len(bus.history)
    mine = [tagged(pos_sentence(mmsi, 34.5 + i * 0.001, 16.5), T0 + 60 * i, "g") for i in range(120)]
    proc.commit([chunk(mine)])
    after = list(bus.history)[n0:]
    assert any(m["kind"] == "new" and m["event"]["type"] == "ais_match" and m["event"]["mmsi"] == mmsi
               for m in after), [(m["kind"], m["event"]["type"]) for m in after]
    assert any(m["kind"] == "retracted" and m["event"]["type"] == "dark_detection" for m in after)
    st = dict(store.con.execute("SELECT detection_id, status FROM detection_results").fetchall())
    assert st == {"v1": "matched", "x1": "dark"}
    store.close()
