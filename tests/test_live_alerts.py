"""Live path: alerts raised by the periodic detection reach the bus (dashboard SSE, webhooks)."""

from __future__ import annotations

from conftest import FIXTURES
from seasentry.live import EventBus, LiveDetector
from seasentry.screening.loaders import load_path
from seasentry.screening.store import save_list
from seasentry.store import Store
from test_live import T0, cfg_fast, pos_sentence, tagged


def test_new_alert_is_published_once(tmp_path):
    cfg = cfg_fast()
    store = Store(tmp_path / "s.duckdb", config=cfg)
    save_list(store.con, load_path(str(FIXTURES / "sanctions" / "ofac_sdn_2024-05-03_excerpt.csv")))
    bus = EventBus()
    det = LiveDetector(cfg, bus=bus)
    det.full(store)  # empty store: nothing to announce
    # MMSI 249000882 is MARIE DE LOURDES on the OFAC SDN list (LIBYA3)
    f = tmp_path / "a.nmea"
    f.write_text("\n".join(tagged(pos_sentence(249000882, 35.5 + i * 0.01, 14.9), T0 + 60 * i, "mt")
                           for i in range(30)) + "\n")
    store.ingest([str(f)])
    det.full(store)
    alerts = [m for m in bus.history if m["kind"] == "alert"]
    assert alerts, [m["kind"] for m in bus.history]
    a = alerts[0]["event"]
    assert a["mmsi"] == 249000882 and a["rule"] == "sanctions_match" and a["status"] == "new"
    n = len(alerts)
    det.full(store)  # nothing new: the same alert is not published twice
    assert len([m for m in bus.history if m["kind"] == "alert"]) == n
    store.close()
