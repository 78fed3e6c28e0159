"""Incremental detection for the live path, on the same kernels as batch detection.

:meth:`LiveDetector.on_batch` is called after every committed batch with the positions
and static reports that batch stored:

* **Zone entries and exits at once**: the batch's vessels, with ``live.zone_lookback_h``
  of history, go through :func:`seasentry.detect.detect_events` restricted to
  ``zone_entry``/``zone_exit``; crossings not announced before are written to the
  ``events`` table and published. (The zone kernel keeps the last stay of a track, so an
  entry shows with its first position inside; if the vessel turns back within
  ``tracks.zone_min_dwell_min`` the next full run retracts it.)
* **Everything else periodically**: every ``live.detect_interval_s`` the vessels table is
  refreshed and :func:`seasentry.engine.detect` runs over the whole store
  (``live.detect_scope = 'store'``), or the detectors run over the last
  ``live.detect_window_h`` hours (``'window'``: events starting earlier are kept). Gaps,
  encounters, loitering, port visits, spoofing, identity changes and sanctions matches
  (for vessels never seen before too) come from there; late data revises them because
  every run starts from what is stored.
* **Open gaps**: batch gaps need the position after the silence. Live, a vessel silent
  for ``gap.min_hours`` *now* is a gap already: an event ``gap`` with ``details.open =
  true`` from its last position (OFF) to the stream clock. Its id is the id the closed gap
  will have (type, MMSI, start), so when the vessel is heard again the event is *changed*
  (closed, with its ON position), and if late data fills the silence it is *retracted*.
  Vessels silent longer than ``live.open_gap_max_age_h`` are not reported (long gone).
  Only vessel message types are considered (not base stations or aids to navigation). A vessel
  is not announced when nobody at all was heard since its last position (the feed went quiet,
  not the vessel: :func:`seasentry.detect.gaps.receiver_silent`, ``gap.report_unheard_silences``).

Stream clock: the latest message time stored, advanced by wall-clock time since it was
seen (a real-time feed that goes quiet still ages its vessels' silences; a replay at 100x
is timed by its data).

Every new, changed or retracted event is published on the bus as a notification (see
:mod:`seasentry.live.bus`).
"""

from __future__ import annotations

import hashlib
import time

import numpy as np
import polars as pl
import pyarrow as pa

from .. import schema as S
from ..config import Config

VESSEL_TYPES = (0, 1, 2, 3, 18, 19, 27)
_OPEN = '"open":true'


def _sig(row: dict) -> str:
    if row["type"] == "gap" and _OPEN in (row.get("details") or ""):
        return "open"
    h = hashlib.blake2b(digest_size=8)
    for k in ("end", "zone", "details", "confidence", "lat", "lon", "other_mmsi"):
        h.update(repr(row.get(k)).encode())
    return h.hexdigest()


class LiveDetector:
    def __init__(self, cfg: Config | None = None, zones: list[str] | tuple = (), bus=None,
                 screen: bool = True) -> None:
        self.cfg = cfg or Config()
        self.zones = tuple(zones)
        self.bus = bus
        self.screen = screen
        self._geo = None
        self.known: dict[str, tuple[str, str, int, str | None]] = {}  # id -> (sig, type, mmsi, start iso)
        self.last_full = 0.0
        self.dirty = False
        self.data_max_us: int | None = None
        self.wall_at_max = time.time()
        # the latest position time heard (data_max_us is the stream clock's anchor, which positions
        # arriving behind the clock do not move): the receiver_silent rule of _open_gaps
        self.heard_max_us: int | None = None
        self.stats = {"full_runs": 0, "zone_runs": 0, "new": 0, "changed": 0, "retracted": 0,
                      "last_full_s": 0.0, "last_zone_s": 0.0, "errors": 0, "last_error": None, "alerts": 0}
        self.seeded = False
        self.known_alerts: set[str] = set()
        self.alerts_seeded = False

    @property
    def geo(self):
        if self._geo is None:
            from ..geo import Geography
            self._geo = Geography.default(extra_zones=self.zones)
        return self._geo

    # ------------------------------------------------------------------ state
    def seed(self, store) -> None:
        """Events already in the store are known (a restart does not announce them again)."""
        rows = store.con.execute(
            'SELECT event_id, type, mmsi, start, "end", zone, details, confidence, lat, lon, other_mmsi '
            "FROM events").pl()
        for r in rows.iter_rows(named=True):
            self.known[r["event_id"]] = (_sig(r), r["type"], r["mmsi"], _iso(r["start"]))
        mx = store.con.execute("SELECT max(ts) FROM positions").fetchone()[0]
        if mx is not None:
            self.data_max_us = self.heard_max_us = _us(mx)
            self.wall_at_max = time.time()
        try:
            from ..alerts import query_alerts
            a = query_alerts(store, cfg=self.cfg)
            self.known_alerts.update(a["alert_id"].to_list() if a.height else [])
        except Exception:  # alerts tables not created yet
            pass
        self.alerts_seeded = True
        self.seeded = True

    def clock_us(self) -> int | None:
        if self.data_max_us is None:
            return None
        return self.data_max_us + int(max(0.0, time.time() - self.wall_at_max) * 1e6)

    def _advance(self, positions: pl.DataFrame) -> None:
        if positions is None or positions.height == 0:
            return
        mx = _us(positions["ts"].max())
        if self.heard_max_us is None or mx > self.heard_max_us:
            self.heard_max_us = mx
        if self.data_max_us is None or mx > self.clock_us():
            self.data_max_us = mx
            self.wall_at_max = time.time()

    def due(self) -> bool:
        return time.monotonic() - self.last_full >= self.cfg.live.detect_interval_s

    # ------------------------------------------------------------------ hooks
    def on_batch(self, store, new_positions: pl.DataFrame | None, new_statics: pl.DataFrame | None,
                 arrival_us: int | None = None) -> None:
        """After each committed batch: zone crossings now, full detection when due."""
        if not self.seeded:
            self.seed(store)
        has_new = (new_positions is not None and new_positions.height) or \
            (new_statics is not None and new_statics.height)
        if has_new:
            self.dirty = True
        if new_positions is not None and new_positions.height:
            self._advance(new_positions)
            try:
                self.zone_pass(store, new_positions, arrival_us)
            except Exception as exc:  # detection must never stop ingest
                self._error(exc)
        if self.due():
            self.full(store, arrival_us)

    def maybe_run(self, store, force: bool = False) -> bool:
        """Periodic call without new data (open gaps age with the clock)."""
        if force or self.due():
            self.full(store)
            return True
        return False

    def _error(self, exc: Exception) -> None:
        self.stats["errors"] += 1
        self.stats["last_error"] = f"{type(exc).__name__}: {exc}"[:300]

    # ------------------------------------------------------------------ zone pass
    def zone_pass(self, store, new_positions: pl.DataFrame, arrival_us: int | None = None) -> int:
        from ..detect import detect_events

        t0 = time.perf_counter()
        pos = new_positions.filter(pl.col("lat").is_not_null())
        if pos.height == 0 or not list(getattr(self.geo, "zones", []) or []):
            return 0
        lo = pos["ts"].min()
        lo_us = _us(lo) - int(self.cfg.live.zone_lookback_h * 3600e6)
        con = store.con
        con.register("q_mmsi", pa.table({"mmsi": pa.array(pos["mmsi"].unique().to_list(), pa.int64())}))
        try:
            hist = con.execute(
                "SELECT mmsi, ts, lat, lon, sog, cog, heading, nav_status, msg_type, station, msg_key, second, time_source "
                "FROM positions p SEMI JOIN q_mmsi q USING (mmsi) WHERE lat IS NOT NULL AND ts >= ?",
                [_dt(lo_us)]).pl()
        finally:
            con.unregister("q_mmsi")
        ev = detect_events(hist, None, self.geo, self.cfg, types=("zone_entry", "zone_exit"))
        ev = ev.filter(~pl.col("event_id").is_in(list(self.known)))
        self.stats["zone_runs"] += 1
        if ev.height:
            _upsert(store, ev)
            self._announce(store, ev["event_id"].to_list(), "new", arrival_us)
        self.stats["last_zone_s"] = round(time.perf_counter() - t0, 4)
        return ev.height

    # ------------------------------------------------------------------ full pass
    def full(self, store, arrival_us: int | None = None) -> None:
        t0 = time.perf_counter()
        self.last_full = time.monotonic()
        if not self.seeded:
            self.seed(store)
        try:
            window_start = None
            if store.con.execute("SELECT (SELECT count(*) FROM positions) + (SELECT count(*) FROM statics)"
                                 ).fetchone()[0] == 0:
                self.stats["full_runs"] += 1
                return  # nothing stored yet (and refresh_vessels needs at least one row)
            store.refresh_vessels()
            if self.cfg.live.detect_scope == "window":
                window_start = self._window(store)
            else:
                from ..engine import detect
                detect(store, self.cfg, zones=list(self.zones), screen=self.screen)
            self._open_gaps(store)
        except Exception as exc:
            self._error(exc)
            return
        cur = store.con.execute(
            'SELECT event_id, type, mmsi, start, "end", zone, details, confidence, lat, lon, other_mmsi '
            "FROM events").pl()
        now_ids = {}
        for r in cur.iter_rows(named=True):
            now_ids[r["event_id"]] = (_sig(r), r["type"], r["mmsi"], _iso(r["start"]))
        new = [i for i in now_ids if i not in self.known]
        changed = [i for i, v in now_ids.items() if i in self.known and self.known[i][0] != v[0]]
        gone = [i for i, v in self.known.items() if i not in now_ids
                and (window_start is None or v[1] == "sanctions_match" or (v[3] or "") >= window_start)]
        for i in gone:
            _, typ, mmsi, start = self.known.pop(i)
            self._publish("retracted", {"event_id": i, "type": typ, "mmsi": mmsi, "start": start}, arrival_us)
        self.stats["retracted"] += len(gone)
        self._announce(store, new, "new", arrival_us)
        self._announce(store, changed, "changed", arrival_us)
        self._alerts(store, arrival_us)
        self.stats["full_runs"] += 1
        self.stats["last_full_s"] = round(time.perf_counter() - t0, 3)
        self.dirty = False

    # ------------------------------------------------------------------ alerts
    def _alerts(self, store, arrival_us: int | None = None) -> None:
        """Evaluate the alert rules over the current events; publish alerts not seen before
        (kind ``alert``), so they reach the dashboard's SSE stream and the webhooks."""
        try:
            from ..alerts import alert_record, evaluate, query_alerts
        except ImportError:
            return
        try:
            evaluate(store, self.cfg)
            cur = query_alerts(store, cfg=self.cfg)
        except Exception as exc:  # a rule error must not stop the feed
            self._error(exc)
            return
        if cur.height == 0:
            return
        first = not self.alerts_seeded
        for r in cur.iter_rows(named=True):
            aid = r["alert_id"]
            if aid in self.known_alerts:
                continue
            self.known_alerts.add(aid)
            if not first:  # alerts present when the stream started are not new
                self._publish("alert", alert_record(r), arrival_us)
                self.stats["alerts"] = self.stats.get("alerts", 0) + 1
        self.alerts_seeded = True

    def _window(self, store) -> str | None:
        from ..detect import detect_events
        from ..engine import screening_events, write_events  # noqa: F401

        clock = self.clock_us()
        if clock is None:
            return None
        ws = clock - int(self.cfg.live.detect_window_h * 3600e6)
        con = store.con
        pos = con.execute("SELECT mmsi, ts, lat, lon, sog, cog, heading, nav_status, msg_type, station, msg_key, second, time_source "
                          "FROM positions WHERE lat IS NOT NULL AND ts >= ?", [_dt(ws)]).pl()
        sta = con.execute("SELECT * FROM statics WHERE ts >= ?", [_dt(ws)]).pl()
        ev = detect_events(pos, sta, self.geo, self.cfg)
        frames = [ev]
        if self.screen:
            sm = screening_events(store, self.cfg)
            if sm is not None and sm.height:
                frames.append(sm)
        from ..engine import DetectReport, detection_events
        de = detection_events(store, self.cfg, ev, DetectReport())  # satellite detections: all of them, again
        if de is not None and de.height:
            frames.append(de)
        schema = dict(pl.from_arrow(S.EVENTS.empty_table()).schema)
        events = pl.concat([f.select(S.EVENTS.names).cast(schema) for f in frames])
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM events WHERE start >= ? OR type IN ('sanctions_match', 'dark_detection', "
                        "'ais_match')", [_dt(ws)])
            con.register("b_events", events.to_arrow().cast(S.EVENTS))
            con.execute("INSERT INTO events SELECT * FROM b_events ANTI JOIN events e USING (event_id)")
            con.unregister("b_events")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return _iso(_dt(ws))

    def _open_gaps(self, store) -> int:
        from ..detect._common import make_events, point

        con = store.con
        con.execute("DELETE FROM events WHERE type = 'gap' AND details LIKE ?", [f"%{_OPEN}%"])
        clock = self.clock_us()
        if clock is None:
            return 0
        g = self.cfg.gap
        hi = clock - int(g.min_hours * 3600e6)
        lo = clock - int(self.cfg.live.open_gap_max_age_h * 3600e6)
        types = ", ".join(str(t) for t in VESSEL_TYPES)
        last = con.execute(f"""
            SELECT mmsi, max(ts) AS last, arg_max(lat, ts) AS lat, arg_max(lon, ts) AS lon,
                   arg_max(sog, ts) AS sog, count(*) AS n
            FROM positions WHERE lat IS NOT NULL AND msg_type IN ({types})
            GROUP BY mmsi HAVING max(ts) <= ? AND max(ts) >= ?""", [_dt(hi), _dt(lo)]).pl()
        if last.height:
            # the batch rule (detect.gaps.gap_is_silence): a placeholder MMSI's silence is no one
            # ship's, and a silence in port that may still end as the port visit's PORT_GAP is not
            # announced before it is longer than that (else it vanished with no closed gap)
            from ..detect.gaps import HOUR_US, gap_is_silence, interior_hours
            t_off = last["last"].dt.epoch("us").to_numpy()
            la, lo_ = last["lat"].to_numpy(), last["lon"].to_numpy()
            keep = gap_is_silence(
                last["mmsi"].cast(pl.Int64).to_numpy(), t_off, np.full(len(t_off), clock, np.int64), la, lo_,
                la, lo_, self.geo, self.cfg, open_ended=True)
            if not g.report_unheard_silences and self.heard_max_us is not None:
                # the batch rule (detect.gaps.receiver_silent): nobody heard in any whole hour since
                # the vessel's last position while other vessels are in the data: the feed went quiet,
                # not the vessel
                others = con.execute("SELECT count(*) > 1 FROM (SELECT mmsi FROM vessels LIMIT 2)").fetchone()[0]
                if others:
                    first_interior_h, _ = interior_hours(t_off, t_off)
                    keep &= (self.heard_max_us // HOUR_US) >= first_interior_h
            last = last.filter(pl.Series(keep))
        if last.height == 0:
            return 0
        t = last["last"].dt.epoch("us").to_numpy()
        lat, lon = last["lat"].to_numpy(), last["lon"].to_numpy()
        sog = last["sog"].cast(pl.Float64).fill_null(float("nan")).to_numpy()
        details = [{"open": True, "off": point(int(a), float(b), float(c), float(d)),
                    "hours_silent": (clock - int(a)) / 3.6e9, "threshold_hours": g.min_hours,
                    "positions_total": int(n)}
                   for a, b, c, d, n in zip(t.tolist(), lat.tolist(), lon.tolist(), sog.tolist(),
                                            last["n"].to_list())]
        ev = make_events("gap", last["mmsi"].to_numpy(), t, [clock] * len(t), lat, lon, details,
                         [0.5] * len(t))
        # a closed gap detected by the batch kernel with the same start wins
        ev = ev.filter(~pl.col("event_id").is_in(
            con.execute("SELECT event_id FROM events WHERE type = 'gap'").pl()["event_id"].to_list()))
        if ev.height:
            _upsert(store, ev)
        return ev.height

    # ------------------------------------------------------------------ publishing
    def _announce(self, store, ids: list[str], kind: str, arrival_us: int | None = None) -> None:
        if not ids:
            return
        from ..engine import event_record

        con = store.con
        con.register("q_ids", pa.table({"event_id": pa.array(ids, pa.string())}))
        try:
            rows = con.execute("""SELECT e.*, v.name AS v_name, v.imo AS v_imo, v.callsign AS v_callsign,
                       v.flag AS v_flag, v.ship_type AS v_ship_type
                FROM events e SEMI JOIN q_ids q USING (event_id) LEFT JOIN vessels v USING (mmsi)
                ORDER BY e.start, e.type, e.mmsi""").pl()
        finally:
            con.unregister("q_ids")
        for r in rows.iter_rows(named=True):
            self.known[r["event_id"]] = (_sig(r), r["type"], r["mmsi"], _iso(r["start"]))
            self._publish(kind, event_record(r), arrival_us)
        self.stats[kind] += rows.height

    def _publish(self, kind: str, rec: dict, arrival_us: int | None) -> None:
        if self.bus is None:
            return
        extra = {}
        if arrival_us:
            extra["batch_arrival"] = arrival_us / 1e6
        self.bus.publish(kind, rec, **extra)


def _upsert(store, ev: pl.DataFrame) -> None:
    con = store.con
    tab = ev.select(S.EVENTS.names).to_arrow().cast(S.EVENTS)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("b_ev", tab)
        con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM b_ev)")
        con.execute("INSERT INTO events SELECT * FROM b_ev")
        con.unregister("b_ev")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _us(v) -> int:
    if isinstance(v, int):
        return v
    return int(pl.Series([v]).cast(pl.Datetime("us")).dt.epoch("us")[0])


def _dt(us: int):
    return pl.Series([int(us)]).cast(pl.Datetime("us"))[0]


def _iso(v) -> str | None:
    if v is None:
        return None
    from ..timeutil import iso
    return iso(v)
