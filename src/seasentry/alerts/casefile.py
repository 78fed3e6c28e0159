"""Evidence case files: one self-contained, printable HTML page per vessel.

Written for a reader who has never seen seasentry (an inspector, a prosecutor, a UN panel):
every section says what it shows and how it was derived. Contents:

1. summary: the vessel's risk score and level with the breakdown ("why is this vessel red?");
2. identity history: every name, call sign, IMO and ship type broadcast, with first/last seen
   and report counts, the MMSIs (and their flags from the ITU MID) linked by IMO or flag hops;
3. a track map (inline SVG from the shipped Natural Earth coastline; no internet, no script);
4. the events timeline, numbered as on the map;
   then the reported incidents (news, statements, datasets) that name the vessel or lie near
   its events in space and time;
5. sanctions-list hits with list name, list version, entry and the explanation of the score;
6. alerts with their rule, source, score breakdown, status and audit trail;
7. raw evidence: the original NMEA lines behind each event with source file, line number and
   the file's SHA-256 (chain of custody), and the table of source files;
8. generation time, seasentry version, rule-file hash, and the SHA-256 of the case file itself:
   computed over the file with that hash written as 64 zeros (``verify_case_file`` checks it).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import polars as pl

from .. import __version__
from ..config import Config
from ..timeutil import iso
from . import svgmap
from .lifecycle import tables_exist
from .rules import identity_summary, parse_details

ZERO_HASH = "0" * 64
_HASH_RE = re.compile(r'(<span id="content-sha256">)([0-9a-f]{64})(</span>)')


class CaseFileError(RuntimeError):
    pass


def e(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return html.escape(iso(v))
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1e4 else f"{v:,.0f}"
    return html.escape(str(v))


def _table(cols: list[str], rows: list[list], cls: str = "") -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# --------------------------------------------------------------------------- data
def _vessel(store, mmsi: int) -> dict:
    r = store.con.execute("SELECT * FROM vessels WHERE mmsi = ?", [mmsi]).pl()
    return r.row(0, named=True) if r.height else {}


def _related_mmsis(store, mmsi: int, events: pl.DataFrame) -> pl.DataFrame:
    """MMSIs tied to this vessel: sharing an IMO it broadcast, or linked by a flag hop event."""
    linked = set()
    for r in events.filter(pl.col("type") == "identity_change").iter_rows(named=True):
        d = parse_details(r["details"])
        for k in ("old_mmsi", "new_mmsi"):
            if d.get(k):
                linked.add(int(d[k]))
    imos = [x[0] for x in store.con.execute(
        "SELECT value FROM vessel_identities WHERE mmsi = ? AND field = 'imo'", [mmsi]).fetchall()]
    if imos:
        linked |= {x[0] for x in store.con.execute(
            "SELECT DISTINCT mmsi FROM vessel_identities WHERE field = 'imo' AND value IN (SELECT unnest(?))",
            [imos]).fetchall()}
    linked.add(int(mmsi))
    return store.con.execute(
        "SELECT mmsi, name, imo, flag, flag_country, mmsi_kind, ais_class, first_seen, last_seen, positions "
        "FROM vessels WHERE mmsi IN (SELECT unnest(?)) ORDER BY first_seen", [sorted(linked)]).pl()


def _thin(n: int, k: int) -> np.ndarray:
    if n <= k:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, k)).astype(int))


def _keys(store, table: str, mmsi: int, t0, t1, k: int, last: bool = False) -> list[tuple]:
    keys = store.con.execute(
        f"SELECT msg_key, ts FROM {table} WHERE mmsi = ? AND ts BETWEEN ? AND ? ORDER BY ts", [mmsi, t0, t1]).fetchall()
    if last:
        return keys[-k:]
    return [keys[i] for i in _thin(len(keys), k)]


def raw_lines(store, keys: list[tuple]) -> pl.DataFrame:
    """Original text, source file, line number and file SHA-256 of the messages (msg_key, ts).

    (A msg_key is a content hash: the same static report re-broadcast hours later has the same
    key, so the receive time is part of the lookup.)"""
    if not keys:
        return pl.DataFrame()
    import pyarrow as pa

    q = pa.table({"msg_key": pa.array([k for k, _ in keys], pa.int64()),
                  "ts": pa.array([t for _, t in keys], pa.timestamp("us"))})
    store.con.register("q_case_keys", q)
    try:
        return store.con.execute("""SELECT DISTINCT r.msg_key, r.ts, s.name AS source, s.sha256, r.line_no, r.raw
            FROM raw_messages r SEMI JOIN q_case_keys q ON q.msg_key = r.msg_key AND q.ts = r.ts
            LEFT JOIN sources s USING (source_id) ORDER BY r.ts, r.line_no""").pl()
    finally:
        store.con.unregister("q_case_keys")


def evidence_keys(store, ev: dict, k: int) -> list[tuple]:
    """(msg_key, ts) of the stored messages that show an event (positions or static reports)."""
    m, s, t = int(ev["mmsi"]), ev["start"], ev["type"]
    en = ev["end"]
    d5, h1 = timedelta(minutes=5), timedelta(hours=1)
    if t == "gap":  # the last reports before the silence and the first after it
        return (_keys(store, "positions", m, s - h1, s, max(2, k // 2), last=True)
                + _keys(store, "positions", m, en, en + h1, max(2, k // 2))[:max(2, k // 2)])
    if t == "identity_change":
        d = parse_details(ev["details"])
        if d.get("kind") in ("flag_hop", "new_mmsi") and d.get("old_mmsi"):
            return (_keys(store, "statics", int(d["old_mmsi"]), s - timedelta(days=30), s, 2, last=True)
                    + _keys(store, "statics", m, s, en + h1, max(2, k - 2)))
        return (_keys(store, "statics", m, s - timedelta(hours=2), s - timedelta(seconds=1), 2, last=True)
                + _keys(store, "statics", m, s, en + d5, max(2, k - 2)))
    if t == "sanctions_match":
        return _keys(store, "statics", m, s, en, k)
    keys = _keys(store, "positions", m, s - d5, en + d5, k)
    if t == "encounter" and ev.get("other_mmsi") is not None:
        keys += _keys(store, "positions", int(ev["other_mmsi"]), s - d5, en + d5, max(2, k // 2))
    return keys


# --------------------------------------------------------------------------- event text
def event_summary(ev: dict) -> str:
    d = parse_details(ev["details"])
    t = ev["type"]
    dur = (ev["end"] - ev["start"]).total_seconds() / 3600
    if t == "gap":
        return (f"no AIS position for {d.get('duration_h', dur):.1f} h; went silent "
                f"{d.get('off_distance_from_shore_nm') or float('nan'):.1f} nm from shore, reappeared "
                f"{d.get('distance_nm') or float('nan'):.1f} nm away"
                + ("; likely intentional (reception was good)" if d.get("likely_intentional") else ""))
    if t == "encounter":
        return (f"within {d.get('median_distance_m', 0):.0f} m of MMSI {ev.get('other_mmsi')} for "
                f"{d.get('duration_h', dur):.1f} h at {d.get('median_speed_kn', 0):.1f} kn, "
                f"{d.get('distance_from_shore_nm') or float('nan'):.1f} nm from shore")
    if t == "loitering":
        return (f"below {d.get('max_speed_kn', 0):.1f} kn for {d.get('duration_h', dur):.1f} h, "
                f"{d.get('distance_from_shore_nm') or float('nan'):.1f} nm from shore "
                f"({d.get('shore_country') or '?'})")
    if t == "port_visit":
        p = d.get("port") or {}
        return f"call at {p.get('name')} ({p.get('country')}) for {d.get('duration_h', dur):.1f} h"
    if t in ("zone_entry", "zone_exit"):
        return f"{'entered' if t == 'zone_entry' else 'left'} {ev.get('zone')}"
    if t == "spoofing":
        return (f"false positions ({', '.join(d.get('kinds') or [])}): {d.get('n_false_positions')} reports, "
                f"jump up to {d.get('max_jump_nm') or 0:.0f} nm")
    if t == "identity_change":
        return identity_summary(d)
    if t == "sanctions_match":
        return (f"{d.get('list')} {d.get('list_version')}: '{d.get('name')}' ({d.get('entity_id')}), "
                f"matched on {d.get('matched_on')}, score {d.get('score')}")
    if t in ("dark_detection", "ais_match"):
        from ..detections.casefile import event_summary as detection_summary
        return detection_summary(ev, d)
    return t


# --------------------------------------------------------------------------- reader's help
#: What each event type means, in a sentence for a reader who has never seen seasentry (the
#: definitions with their parameters and sources are in docs/events/<type>.md). A type missing
#: here (added by a later module) is shown with a pointer to its documentation.
EVENT_MEANINGS = {
    "gap": "the vessel sent no AIS position for hours (it may have switched its transponder off: "
           "'going dark')",
    "encounter": "two vessels stayed within a few hundred metres of each other at low speed, away from "
                 "port: the pattern of a ship-to-ship transfer",
    "loitering": "the vessel moved slowly or drifted for hours away from port",
    "port_visit": "the vessel stopped in a port or terminal",
    "zone_entry": "the vessel entered a zone (a territorial sea or an area of interest)",
    "zone_exit": "the vessel left a zone",
    "spoofing": "the vessel broadcast positions that cannot be true (impossible jumps, on land)",
    "identity_change": "the vessel broadcast a new name, call sign, IMO number or flag (MMSI)",
    "sanctions_match": "the vessel's IMO number, MMSI or name matches an entry of a sanctions list",
}


def event_meaning(etype: str) -> str:
    return EVENT_MEANINGS.get(etype) or f"see the seasentry documentation, docs/events/{etype}.md"


GLOSSARY = [
    ("AIS", "Automatic Identification System: the radio transponder through which ships broadcast their "
            "identity, position, course and speed every few seconds to minutes; heard by coastal stations and "
            "satellites. The vessel itself sets what it broadcasts."),
    ("MMSI", "Maritime Mobile Service Identity: the nine-digit number that identifies the transponder. Its "
             "first digits (the MID, Maritime Identification Digits, ITU) give the flag state."),
    ("IMO number", "the seven-digit number the International Maritime Organization gives a hull for life; "
                   "its last digit is a check digit."),
    ("call sign", "the radio call sign the flag state assigned."),
    ("ship type", "the ITU-R M.1371 code the vessel broadcasts for its type and cargo, given here with its "
                  "meaning."),
    ("dimensions", "length and beam, and where the GPS antenna sits: metres to the bow, stern, port and "
                   "starboard sides, as broadcast."),
    ("class A / B", "class A transponders are required on large ships (SOLAS); class B on smaller craft."),
    ("event", "a behaviour seasentry found in the positions (the types are explained beside the map)."),
    ("confidence", "0 to 1: how sure the detection is that the behaviour happened as stated (for example a "
                   "gap where other ships were heard well is more certainly a switched-off transponder)."),
    ("alert, points", "an alert is a rule that fired on an event; it adds points (the rule's weight times the "
                      "event's confidence). The vessel's risk is the sum over its rules; red and amber are "
                      "thresholds of that sum."),
    ("times", "all times are UTC, written as ISO 8601 (2024-05-01T12:00:00Z)."),
]


def _glossary_html() -> str:
    return ("<details open class='howto'><summary><b>How to read this file</b></summary><dl>"
            + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in GLOSSARY)
            + "</dl></details>")


def _identity_value(field: str, value) -> str:
    """An identity value with the meaning of its code (ship type, dimensions, IMO check digit)."""
    from ..aiscodes import dimensions_text, ship_type_text

    if field == "ship_type":
        return e(ship_type_text(value))
    if field == "dimensions":
        return e(f"{value}: {dimensions_text(value)}")
    if field == "imo":
        from ..screening.ids import imo_check_digit_ok

        return e(value) + ("" if imo_check_digit_ok(value) else " (check digit wrong: not a valid IMO number)")
    return e(value)


def _src_name(name: str | None, member: str | None = None) -> str:
    """A source file as the reader can find it: its file name (and archive member), never the
    folder of the analyst's machine it was read from."""
    if not name:
        return ""
    base = name.replace("\\", "/")
    if "!" in base and member:
        base = base.split("!", 1)[0]
    base = base.rstrip("/").rsplit("/", 1)[-1]
    return f"{base}!{member}" if member else base


def _line_ranges(nums) -> str:
    """12, 13, 14, 20 -> '12-14, 20'."""
    xs = sorted({int(x) for x in nums})
    out, i = [], 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[j + 1] == xs[j] + 1:
            j += 1
        out.append(str(xs[i]) if i == j else f"{xs[i]}-{xs[j]}")
        i = j + 1
    return ", ".join(out)


# --------------------------------------------------------------------------- page
CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:1000px;margin:1.5em auto;padding:0 1em;color:#1b1b1b}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.25em;border-bottom:2px solid #333;margin-top:1.6em}
h3{font-size:1.05em} .lede{color:#444} .muted{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.85em;margin:.5em 0 1em}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top} th{background:#eee}
.nmea td{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.78em;word-break:break-all}
.nmea td:nth-child(1),.nmea td:nth-child(3){white-space:nowrap;word-break:normal}
.level{display:inline-block;padding:2px 10px;border-radius:4px;color:white;font-weight:bold}
.red{background:#c0392b}.amber{background:#d68910}.green{background:#1e8449}
.map{border:1px solid #888;margin:.5em 0} .hash{font-family:monospace;word-break:break-all}
.legend{font-family:sans-serif;font-size:.8em;margin:.3em 0 1em;line-height:1.7}
.legend span{display:inline-block;margin-right:1.4em} .sw{display:inline-block;width:18px;height:4px;
vertical-align:middle;margin-right:5px}
.howto{font-size:.88em;background:#f6f6f2;border:1px solid #ddd;padding:.4em .8em;margin:1em 0}
.howto dt{font-weight:bold;float:left;clear:left;width:8.5em} .howto dd{margin:0 0 .3em 9em}
.num{display:inline-block;min-width:1.5em;padding:0 3px;border-radius:9px;color:white;text-align:center;
font-family:sans-serif;font-weight:bold;font-size:.85em}
@media print{body{max-width:none;margin:0} h2{page-break-after:avoid} table,svg{page-break-inside:avoid}
a{color:black;text-decoration:none} details.howto{display:block}}
"""


def build_case_file(store, mmsi: int, start=None, end=None, cfg: Config | None = None,
                    generated: datetime | None = None) -> tuple[str, dict]:
    """(HTML text, info) of the case file of ``mmsi``."""
    from ..aiscodes import ais_class_text, mmsi_kind_text, ship_type_text, size_text
    from .risk import points_text

    cfg = cfg or store.config
    mmsi = int(mmsi)
    t0, t1 = store._time(start), store._time(end)
    vessel = _vessel(store, mmsi)
    if not vessel:
        raise CaseFileError(f"no vessel with MMSI {mmsi} in {store.path.name}")
    cond, args = ["(mmsi = ? OR other_mmsi = ?)"], [mmsi, mmsi]
    if t0 is not None:
        cond.append('"end" >= ?')
        args.append(t0)
    if t1 is not None:
        cond.append("start <= ?")
        args.append(t1)
    events = store.con.execute(f"SELECT * FROM events WHERE {' AND '.join(cond)} ORDER BY start, type",
                               args).pl()
    has_alerts = tables_exist(store.con)
    alerts = pl.DataFrame()
    risk_row = None
    actions = pl.DataFrame()
    if has_alerts:
        from . import vessel_risk
        from .lifecycle import history

        alerts = store.con.execute("SELECT * FROM alerts WHERE mmsi = ? AND active ORDER BY score DESC, start",
                                   [mmsi]).pl()
        if t0 is not None:
            alerts = alerts.filter(pl.col("end") >= t0)
        if t1 is not None:
            alerts = alerts.filter(pl.col("start") <= t1)
        vr = vessel_risk(store, cfg).filter(pl.col("mmsi") == mmsi)
        risk_row = vr.row(0, named=True) if vr.height else None
        actions = history(store.con, alerts["alert_id"].to_list()) if alerts.height else pl.DataFrame()
    generated = generated or datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    name = vessel.get("name") or f"MMSI {mmsi}"
    ev_rows = list(events.iter_rows(named=True))
    num = {r["event_id"]: i + 1 for i, r in enumerate(ev_rows)}

    def badge(r) -> str:
        return (f'<span class="num" style="background:{svgmap.event_colour(r["type"])}">'
                f'{num[r["event_id"]]}</span>')

    parts = [f"<h1>Case file: {e(name)} (MMSI {mmsi})</h1>",
             f'<p class="lede">Evidence on one vessel drawn from AIS (Automatic Identification System) '
             f"broadcasts received by coastal stations and satellites, the behaviour events detected in them, "
             f"and sanctions-list screening. Generated {e(generated)} by seasentry {e(__version__)}, an open "
             f"maritime monitoring program, from its data store <code>{e(store.path.name)}</code>"
             + (f"; period {e(t0) or 'start'} to {e(t1) or 'end'}" if (t0 or t1) else "") + ".</p>",
             _glossary_html()]

    # 1. summary
    parts.append("<h2>1. Summary: why this vessel is flagged</h2>")
    if risk_row:
        parts.append(f'<p>Risk score <b>{points_text(risk_row["vessel_score"])}</b> points: <span class="level '
                     f'{risk_row["level"]}">{risk_row["level"].upper()}</span> (red from '
                     f"{points_text(cfg.alerts.red_score)}, amber from {points_text(cfg.alerts.amber_score)}). "
                     f"The score adds up the indicators below, each with a stated weight; a rule counts once (its "
                     f"strongest alert), dismissed alerts do not count.</p>")
        items = json.loads(risk_row["breakdown"])
        parts.append(_table(["indicator", "what", "points", "kind"],
                            [[e(i["indicator"]), e(i.get("explanation") or i["title"]), e(points_text(i["points"])),
                              e("context (a fact about the vessel)" if i["kind"] == "context" else
                                "rule (from an event)" if i["kind"] == "rule" else i["kind"])]
                             for i in items]))
    else:
        parts.append("<p>No alert rule fired for this vessel"
                     + ("" if has_alerts else " (alerts have not been evaluated on this store)") + ".</p>")
    flag = vessel.get("flag_country") or vessel.get("flag")
    parts.append(_table(["MMSI", "name", "IMO", "call sign", "flag (from the MMSI)", "ship type", "size",
                         "AIS class", "first seen", "last seen", "positions"],
                        [[e(mmsi), e(vessel.get("name")), e(vessel.get("imo")), e(vessel.get("callsign")), e(flag),
                          e(ship_type_text(vessel.get("ship_type"))),
                          e(size_text(vessel.get("length"), vessel.get("beam"))),
                          e(ais_class_text(vessel.get("ais_class"))), e(vessel.get("first_seen")),
                          e(vessel.get("last_seen")), e(vessel.get("positions"))]]))
    if vessel.get("mmsi_kind") and vessel.get("mmsi_kind") != "ship":
        parts.append(f"<p class='muted'>The MMSI is that of {e(mmsi_kind_text(vessel.get('mmsi_kind')))}.</p>")
    if vessel.get("mmsi_valid") is False:
        parts.append("<p class='muted'>The MMSI's first digits (MID) are not allocated to any state by the ITU: "
                     "the number is not a valid ship MMSI.</p>")

    # 2. identity
    parts.append("<h2>2. Identity history</h2><p class='muted'>Every value broadcast in AIS static reports "
                 "(message types 5 and 24) under this MMSI, with when it was first and last heard and how often. "
                 "Several names, call signs or IMO numbers mean the vessel changed identity.</p>")
    quality = []
    if vessel.get("default_mmsi"):
        quality.append("<b>Default MMSI.</b> This MMSI is a placeholder (the country's MID followed by zeros, "
                       "or a sequence such as 123456789) that equipment ships with or installers leave unset; "
                       "many unrelated vessels broadcast it, so its positions and identities mix several ships.")
    if vessel.get("shared_mmsi"):
        quality.append(f"<b>Shared MMSI.</b> Positions under this MMSI come from about "
                       f"{e(vessel.get('transmitters') or 2)} transmitters at once (parallel tracks, or names "
                       f"alternating in its static reports): events of one transmitter are not evidence about "
                       f"the others.")
    parts.append("<p class='identity-quality'>" + (" ".join(quality) if quality else
                 "Identity quality: no placeholder MMSI, one transmitter.") + "</p>")
    ids = store.identities(mmsi)
    parts.append(_table(["field", "value", "first seen", "last seen", "reports"],
                        [[e(r["field"].replace("_", " ")), _identity_value(r["field"], r["value"]),
                          e(r["first_seen"]), e(r["last_seen"]), e(r["reports"])]
                         for r in ids.iter_rows(named=True)]))
    rel = _related_mmsis(store, mmsi, events)
    parts.append("<h3>MMSIs linked to this vessel</h3><p class='muted'>The flag is the state of the MMSI's "
                 "Maritime Identification Digits (ITU); several MMSIs for one IMO number mean flag hopping.</p>")
    parts.append(_table(["MMSI", "name", "IMO", "flag", "kind of station", "AIS class", "first seen", "last seen",
                         "positions"],
                        [[e(r["mmsi"]), e(r["name"]), e(r["imo"]), e(r["flag_country"] or r["flag"]),
                          e(mmsi_kind_text(r["mmsi_kind"])), e(ais_class_text(r["ais_class"])), e(r["first_seen"]),
                          e(r["last_seen"]), e(r["positions"])] for r in rel.iter_rows(named=True)]))

    # 3. map
    pos = store.positions(mmsi=mmsi, start=t0, end=t1, columns=["ts", "lat", "lon"])
    idx = np.unique(np.round(np.linspace(0, pos.height - 1, cfg.alerts.case_track_max_points)).astype(int)) \
        if pos.height > cfg.alerts.case_track_max_points else np.arange(pos.height)
    pos = pos[idx] if pos.height else pos
    track = {"lat": pos["lat"].to_numpy() if pos.height else np.array([]),
             "lon": pos["lon"].to_numpy() if pos.height else np.array([]),
             "ts": (pos["ts"].dt.epoch("s").to_numpy() if pos.height else np.array([])), "label": name}
    others = []
    for r in ev_rows:
        if r["type"] == "encounter":
            om = int(r["other_mmsi"]) if int(r["mmsi"]) == mmsi else int(r["mmsi"])
            op = store.positions(mmsi=om, start=r["start"] - timedelta(hours=3), end=r["end"] + timedelta(hours=3),
                                 columns=["ts", "lat", "lon"])
            others.append({"lat": op["lat"].to_numpy(), "lon": op["lon"].to_numpy(),
                           "ts": op["ts"].dt.epoch("s").to_numpy(), "label": f"MMSI {om}"})
    markers = [{"n": num[r["event_id"]], "lat": r["lat"] if r["lat"] is not None else np.nan,
                "lon": r["lon"] if r["lon"] is not None else np.nan, "type": r["type"],
                "label": f"{num[r['event_id']]}. {r['type']} {iso(r['start'])}"} for r in ev_rows]
    no_pos = [num[r["event_id"]] for r in ev_rows if r["lat"] is None or r["lon"] is None]
    from ..geo import Geography

    ports = [{"name": p["name"].split(" (")[0], "lat": p["lat"], "lon": p["lon"], "flagged": p["libya_fuel_smuggling"]}
             for p in Geography.default().ports.iter_rows(named=True)
             if p["country"] in ("LY", "MT", "TN", "IT") and (p["kind"] == "oil_terminal" or p["libya_fuel_smuggling"]
                                                              or p["country"] in ("MT", "LY"))]
    max_gap_s = float(cfg.gap.max_hours) * 3600
    parts.append("<h2>3. Track map</h2><p class='muted'>Each numbered circle is one event of section 4, with the "
                 "same number, placed at the event's position (where it began; for a sanctions-list match, the "
                 "vessel's last reported position); a circle moved aside so that all numbers stay readable is "
                 "tied to its place by a thin line. "
                 + (f"Events {', '.join(map(str, no_pos))} have no position and are not on the map. " if no_pos
                    else "")
                 + f"Silences longer than {points_text(cfg.gap.max_hours / 24)} days are not joined (separate "
                 "track segments). Land: Natural Earth 1:10m.</p>")
    drawn: dict = {}
    parts.append('<div class="map" id="map">'
                 + svgmap.render(track, others, markers, ports, max_gap_s=max_gap_s, drawn=drawn) + "</div>")
    types = [r["type"] for r in ev_rows]
    parts.append(svgmap.legend_html(types, {t: event_meaning(t) for t in types}, others=bool(others), drawn=drawn))

    # 4. timeline
    parts.append("<h2>4. Events timeline</h2><p class='muted'>Behaviour events detected by seasentry (definitions "
                 "and sources in its documentation, docs/events/). The number is the one on the map. Times are UTC. "
                 "The event id is a hash of the event's type, vessel(s) and start: the same data always gives the "
                 "same id.</p>")
    parts.append(_table(["#", "type", "start", "end", "what", "position (lat, lon)", "zone", "confidence",
                         "event id"],
                        [[badge(r), e(r["type"]), e(r["start"]), e(r["end"]), e(event_summary(r)),
                          "none (not on the map)" if r["lat"] is None or r["lon"] is None
                          else f"{r['lat']:.4f}, {r['lon']:.4f}", e(r["zone"]),
                          e(r["confidence"]), f"<code>{e(r['event_id'])}</code>"] for r in ev_rows]))

    # 4b. satellite and radar detections (seasentry.detections)
    from ..detections.casefile import section as detection_section
    parts += detection_section(store, mmsi, t0, t1, num, e, _table)

    # reported incidents (seasentry reports load): named in reports, or near the events above
    from ..reports.casefile_section import incidents_section

    parts.append(incidents_section(store, mmsi, ev_rows, num, cfg))

    # 5. sanctions
    sm = [r for r in ev_rows if r["type"] == "sanctions_match" and int(r["mmsi"]) == mmsi]
    parts.append("<h2>5. Sanctions-list hits</h2>")
    if sm:
        rows = []
        for r in sm:
            d = parse_details(r["details"])
            ex = d.get("explanation") if isinstance(d.get("explanation"), dict) else {}
            feats = list(ex.get("features") or []) + list(ex.get("qualifiers") or [])
            fx = "; ".join(f"{f.get('feature')}" + (f"={f.get('value')}" if f.get("value") is not None else "")
                           + (f" ({f.get('contribution'):+})" if isinstance(f.get("contribution"), (int, float))
                              else "") for f in feats)
            pts = "; ".join(f"{p.get('query')}~{p.get('candidate')} {p.get('similarity')}"
                            for p in ex.get("parts") or [])
            if pts:
                fx = f"parts: {pts}; {fx}" if fx else f"parts: {pts}"
            if ex.get("identifier_conflict"):
                fx += f"; identifier conflict {ex['identifier_conflict']}"
            des = (d.get("designation") or {}).get("text") or "designation date not recorded"
            rows.append([e(d.get("list")), e(d.get("list_version")), e(d.get("entity_id")), e(d.get("name")),
                         e(", ".join(d.get("programs") or [])), e(d.get("matched_on")), e(d.get("score")),
                         e(d.get("decision")), e(des), e(fx)])
        parts.append(_table(["list", "list version", "entry", "listed name", "programmes", "matched on", "score",
                             "decision", "designated (relative to the AIS data)", "explanation"], rows))
    else:
        parts.append("<p>No sanctions-list hit for this vessel on the lists loaded in the store.</p>")

    # 6. alerts
    parts.append("<h2>6. Alerts</h2><p class='muted'>An alert is a rule (area + behaviour + conditions, each "
                 "citing the published practice it encodes) that fired on this vessel's events. Score = the "
                 "rule's weight x the event's confidence + the vessel's context indicators.</p>")
    if alerts.height:
        for a in alerts.iter_rows(named=True):
            bd = json.loads(a["breakdown"] or "[]")
            evs = ", ".join(f"#{num[x]}" if x in num else x for x in json.loads(a["event_ids"] or "[]"))
            parts.append(f"<h3>{e(a['rule_title'])} &mdash; score {points_text(a['score'])} ({e(a['status'])})</h3>"
                         f"<p>{e(a['explanation'])}</p><p class='muted'>Alert <code>{e(a['alert_id'])}</code>, rule "
                         f"<code>{e(a['rule_id'])}</code>, severity {e(a['severity'])}, evidence: events {e(evs)}. "
                         f"Source: {e(a['source'])}</p>")
            parts.append(_table(["indicator", "weight", "x confidence", "points"],
                                [[e(i.get("title")), e(points_text(i.get("weight"))),
                                  e("" if i.get("confidence") is None else i.get("confidence")),
                                  e(points_text(i.get("points")))] for i in bd]))
        if actions.height:
            parts.append("<h3>Audit trail</h3>" + _table(
                ["when", "alert", "action", "from", "to", "who", "note"],
                [[e(r["at"]), f"<code>{e(r['alert_id'])}</code>", e(r["action"]), e(r["from_status"]),
                  e(r["to_status"]), e(r["user_name"]), e(r["note"])] for r in actions.iter_rows(named=True)]))
    else:
        parts.append("<p>No open alert.</p>")

    # 7. raw evidence
    parts.append("<h2>7. Raw evidence (chain of custody)</h2><p class='muted'>The original lines as received, "
                 "for each event: the file they came from, their line number in that file and the SHA-256 of the "
                 "whole file as ingested. Anyone holding the file can check that it is unchanged (sha256sum) and "
                 "find each line. A line may carry an NMEA 4.10 tag block (<code>\\s:</code> station, "
                 "<code>c:</code> receive time in UNIX seconds) before the AIVDM sentence.</p>")
    k = int(cfg.alerts.case_raw_lines_per_event)
    n_raw = 0
    used: dict[tuple, dict] = {}  # (file name, sha256) -> lines used and the events they show
    for r in ev_rows:
        raw = raw_lines(store, evidence_keys(store, r, k))
        if not raw.height:
            continue
        n_raw += raw.height
        for x in raw.iter_rows(named=True):
            u = used.setdefault((x["source"], x["sha256"]), {"lines": set(), "events": set()})
            u["lines"].add(x["line_no"])
            u["events"].add(num[r["event_id"]])
        parts.append(f"<h3>{badge(r)} {e(r['type'])} {e(r['start'])} "
                     f"(<code>{e(r['event_id'])}</code>)</h3>")
        parts.append(_table(["received (UTC)", "source file", "line", "file SHA-256", "original text"],
                            [[e(x["ts"]), e(_src_name(x["source"])), e(x["line_no"]),
                              f"<span class='hash'>{e(x['sha256'])}</span>", e(x["raw"])]
                             for x in raw.iter_rows(named=True)], "nmea"))
    if not used:
        parts.append("<p>No original line is held for these events (the store was made without them).</p>")
    parts.append(_evidence_files(store, used))

    # 8. provenance
    rules_sha = alerts["rules_sha256"][0] if alerts.height else None
    parts.append("<h2>8. About this file</h2>" + _table(
        ["item", "value"],
        [["generated (UTC)", e(generated)], ["seasentry version", e(__version__)],
         ["data store (file name)", e(store.path.name)], ["alert rules (SHA-256 of the rule file)", e(rules_sha)],
         ["configuration fingerprint", e(cfg.fingerprint())],
         ["content SHA-256", f'<span class="hash"><span id="content-sha256">{ZERO_HASH}</span></span>']]))
    parts.append("<p class='muted'>The content SHA-256 is computed over this HTML file with that value written as "
                 "64 zeros; replace it by zeros and run sha256sum to check the file was not altered.</p>")

    body = "\n".join(parts)
    doc = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
           f"<title>Case file {e(name)} (MMSI {mmsi})</title><style>{CSS}</style></head><body>\n{body}\n"
           f"</body></html>\n")
    digest = hashlib.sha256(doc.encode("utf-8")).hexdigest()
    doc = doc.replace(f'<span id="content-sha256">{ZERO_HASH}</span>', f'<span id="content-sha256">{digest}</span>')
    info = {"mmsi": mmsi, "name": vessel.get("name"), "events": len(ev_rows), "alerts": alerts.height,
            "raw_lines": n_raw, "evidence_files": len(used), "content_sha256": digest, "generated": iso(generated),
            "vessel_score": risk_row["vessel_score"] if risk_row else 0.0,
            "level": risk_row["level"] if risk_row else "green"}
    return doc, info


def _evidence_files(store, used: dict) -> str:
    """The table of the files whose lines are quoted above, and only those: file name, SHA-256,
    the lines used and the events they show (section 7)."""
    if not used:
        return ""
    src = store.con.execute("SELECT name, member, sha256, size, format, finished, lines FROM sources "
                            "WHERE status = 'complete'").pl()
    meta = {(r["name"], r["sha256"]): r for r in src.iter_rows(named=True)}
    rows = []
    for (fname, sha), u in sorted(used.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        m = meta.get((fname, sha)) or {}
        rows.append([e(_src_name(fname, m.get("member"))), f"<span class='hash'>{e(sha)}</span>",
                     e(_line_ranges(u["lines"])), e(len(u["lines"])), e(", ".join(f"#{n}" for n in sorted(u["events"]))),
                     e(m.get("size")), e(m.get("format")), e(m.get("lines")), e(m.get("finished"))])
    return ("<h3>Evidence files</h3><p class='muted'>The files the lines above were taken from, and only those: "
            "with their SHA-256, the lines used (numbers in the file; a message sent in two sentences is "
            "numbered by its first) and the events they show.</p>"
            + _table(["file", "SHA-256", "lines used", "count", "events", "bytes", "format", "lines in file",
                      "ingested (UTC)"], rows))


def write_case_file(store, mmsi: int, out, start=None, end=None, cfg: Config | None = None) -> dict:
    doc, info = build_case_file(store, mmsi, start=start, end=end, cfg=cfg)
    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(doc, encoding="utf-8")
    info["path"] = str(p)
    return info


def verify_case_file(path) -> bool:
    """True if the file's content SHA-256 matches its content."""
    text = Path(path).read_text(encoding="utf-8")
    m = _HASH_RE.search(text)
    if not m:
        return False
    zeroed = text[:m.start(2)] + ZERO_HASH + text[m.end(2):]
    return hashlib.sha256(zeroed.encode("utf-8")).hexdigest() == m.group(2)


def find_chromium() -> str | None:
    for b in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(b)
        if p:
            return p
    return None


def chromium_args(binary: str) -> list[str]:
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-extensions", "--hide-scrollbars"]


def html_to_pdf(html_path, pdf_path, timeout: float = 120) -> None:
    """Print the case file to PDF with a local headless Chromium (offline)."""
    binary = find_chromium()
    if binary is None:
        raise CaseFileError("no Chromium found for --pdf: install it (Debian: apt-get install chromium) or open "
                            "the HTML case file in a browser and print it to PDF")
    with tempfile.TemporaryDirectory() as prof:
        cmd = chromium_args(binary) + [f"--user-data-dir={prof}", "--no-pdf-header-footer",
                                       f"--print-to-pdf={Path(pdf_path).resolve()}",
                                       Path(html_path).resolve().as_uri()]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CaseFileError(f"Chromium failed to print {html_path}: {exc}") from None
    if not Path(pdf_path).exists() or Path(pdf_path).stat().st_size == 0:
        raise CaseFileError(f"Chromium did not write {pdf_path}")
