"""``generate()``: build a labelled Central-Mediterranean scenario; ``Scenario`` holds and writes it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from ..config import Config
from . import events as EV
from . import labels as LB
from . import routes as R
from .fleet import IdentityFactory, mid_of
from .kinematics import Rates, report_times, sample
from .nmea import StaticEncoder, encode_base_station, encode_positions, quantise, with_seq_id
from .noise import assemble
from .traffic import background

H = 3600.0
STATIC_INTERVAL_S = 360.0  # ITU-R M.1371-5: static and voyage data every 6 min
COLLECT_WINDOW_S = 1200     # reports of a collection-time satellite receiver downlinked per 20 min
BASE_INTERVAL_S = 600.0    # type 4 every 10 s in reality; subsampled to every 10 min

LABEL_COLUMNS = ["label_id", "type", "mmsi", "other_mmsi", "start", "end", "lat", "lon", "zone", "injected", "note"]


def _epoch(start) -> float:
    if isinstance(start, (int, float)):
        return float(start)
    if isinstance(start, dt.datetime):
        d = start if start.tzinfo else start.replace(tzinfo=dt.timezone.utc)
        return d.timestamp()
    s = str(start).replace("Z", "+00:00")
    d = dt.datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.timestamp()


def _iso(t: float) -> str:
    return dt.datetime.fromtimestamp(float(t), tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Scenario:
    """A generated scenario. Frames use naive UTC ``Datetime('us')`` columns like the store."""
    seed: int
    start: float
    hours: float
    nmea_lines: list[str]
    labels: pl.DataFrame
    truth: pl.DataFrame
    statics: pl.DataFrame
    vessels: pl.DataFrame
    noise_manifest: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    #: the scripted and background actors (vessel + true motion plan), e.g. for satellite scenes (scenes.py)
    actors: list = field(default_factory=list, repr=False)

    def write(self, outdir: str | Path) -> dict[str, Path]:
        """Write scenario.nmea, labels.jsonl, truth_positions.parquet, vessels.csv, noise.jsonl, summary.json."""
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {
            "nmea": out / "scenario.nmea", "labels": out / "labels.jsonl",
            "truth": out / "truth_positions.parquet", "vessels": out / "vessels.csv",
            "noise": out / "noise.jsonl", "summary": out / "summary.json",
        }
        with open(paths["nmea"], "w", encoding="ascii", errors="replace", newline="\n") as fh:
            fh.write("\n".join(self.nmea_lines))
            fh.write("\n")
        write_labels_jsonl(self.labels, paths["labels"], "w")
        self.truth.write_parquet(paths["truth"])
        self.vessels.write_csv(paths["vessels"])
        with open(paths["noise"], "w", encoding="utf-8") as fh:
            for m in self.noise_manifest:
                fh.write(json.dumps(m) + "\n")
        paths["summary"].write_text(json.dumps(self.summary, indent=2, default=str), encoding="utf-8")
        return paths


def write_labels_jsonl(labels: pl.DataFrame, path: Path, mode: str = "w") -> None:
    with open(path, mode, encoding="utf-8") as fh:
        for r in labels.iter_rows(named=True):
            r = dict(r)
            for k in ("start", "end"):
                r[k] = r[k].strftime("%Y-%m-%dT%H:%M:%SZ") if r[k] is not None else None
            for k in ("lat", "lon"):
                if r[k] is not None and not np.isfinite(r[k]):
                    r[k] = None
            fh.write(json.dumps(r) + "\n")


def read_labels_jsonl(path: str | Path) -> pl.DataFrame:
    rows = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]
    return _labels_frame([{**r, "start": _epoch(r["start"]), "end": _epoch(r["end"])} for r in rows], renumber=False)


def _labels_frame(rows: list[dict], renumber: bool = True, prefix: str = "L") -> pl.DataFrame:
    rows = sorted(rows, key=lambda r: (r["start"], r["type"], r["mmsi"])) if renumber else rows
    data = {c: [] for c in LABEL_COLUMNS}
    for k, r in enumerate(rows, start=1):
        data["label_id"].append(f"{prefix}{k:06d}" if renumber else r["label_id"])
        data["type"].append(r["type"])
        data["mmsi"].append(int(r["mmsi"]))
        data["other_mmsi"].append(None if r.get("other_mmsi") is None else int(r["other_mmsi"]))
        data["start"].append(int(round(r["start"] * 1e6)))
        data["end"].append(int(round(r["end"] * 1e6)))
        lat, lon = r.get("lat"), r.get("lon")
        data["lat"].append(None if lat is None or not np.isfinite(lat) else float(lat))
        data["lon"].append(None if lon is None or not np.isfinite(lon) else float(lon))
        data["zone"].append(r.get("zone") or None)
        data["injected"].append(bool(r.get("injected", False)))
        data["note"].append(r.get("note", ""))
    return pl.DataFrame({
        "label_id": pl.Series(data["label_id"], dtype=pl.Utf8),
        "type": pl.Series(data["type"], dtype=pl.Utf8),
        "mmsi": pl.Series(data["mmsi"], dtype=pl.Int64),
        "other_mmsi": pl.Series(data["other_mmsi"], dtype=pl.Int64),
        "start": pl.Series(data["start"], dtype=pl.Int64).cast(pl.Datetime("us")),
        "end": pl.Series(data["end"], dtype=pl.Int64).cast(pl.Datetime("us")),
        "lat": pl.Series(data["lat"], dtype=pl.Float64),
        "lon": pl.Series(data["lon"], dtype=pl.Float64),
        "zone": pl.Series(data["zone"], dtype=pl.Utf8),
        "injected": pl.Series(data["injected"], dtype=pl.Boolean),
        "note": pl.Series(data["note"], dtype=pl.Utf8),
    })


def _actors(seed: int, t0: float, t1: float, vessels: int, story: bool, serial_base: int, rng):
    f = IdentityFactory(rng, serial_base=serial_base)
    acts, recs = [], []
    vid = serial_base * 10
    if story:
        a, r = EV.story(f, rng, t0, vid)
        acts += a
        recs += r
        vid += len(a)
    a, r, vid = EV.injected(f, rng, t0, vid)
    acts += a
    recs += r
    a, r, vid = EV.negatives(f, rng, t0, vid)
    acts += a
    recs += r
    n_bg = max(0, vessels - len({x.vessel.mmsi for x in acts}))
    acts += background(f, rng, t0, t1, n_bg, vid)
    return acts, recs


def generate(seed: int = 1, hours: float = 48, vessels: int = 60, start="2024-05-01T00:00:00Z",
             noise: bool = True, story: bool = True, rates: Rates | None = None, config: Config | None = None,
             serial_base: int = 0, gid_start: int = 1) -> Scenario:
    """Generate a labelled scenario (deterministic for a given seed and arguments).

    ``vessels`` is the total number of MMSIs; the scripted events and negatives use about 30 of
    them, the rest is background traffic. ``hours`` must be at least 36 (the scripts need it).
    ``serial_base`` makes MMSIs disjoint between chunks of a big corpus (see ``bulk.py``).
    """
    if hours < EV.MIN_HOURS:
        raise ValueError(f"hours must be >= {EV.MIN_HOURS:g} (the injected events need it)")
    cfg = config or Config()
    rates = rates or Rates()
    rng = np.random.default_rng(seed)
    t0 = _epoch(start)
    t1 = t0 + hours * H
    acts, recs = _actors(seed, t0, t1, vessels, story, serial_base, rng)

    # --- positions --------------------------------------------------------------------------
    cols = {k: [] for k in ("vid", "mmsi", "ts", "lat", "lon", "sog", "cog", "heading", "nav_status", "msg_type",
                            "spoofed", "true_lat", "true_lon", "vclass", "collect")}
    for a in acts:
        v = a.vessel
        ts = report_times(a.plan, v.ais_class, rates, rng, t0, t1)
        if ts.size == 0:
            continue
        s = sample(a.plan, ts, rng)
        lat, lon = s["lat"].copy(), s["lon"].copy()
        spoofed = np.zeros(ts.size, dtype=bool)
        for sp in a.spoofs:
            m = (ts >= sp.start) & (ts <= sp.end)
            k = int(m.sum())
            spoofed |= m
            lat[m] = sp.lat + rng.normal(0, 0.002, k)
            lon[m] = sp.lon + rng.normal(0, 0.002, k)
        qlat, qlon, qsog, qcog = quantise(lat, lon, s["sog"], s["cog"])
        n = ts.size
        cols["vid"].append(np.full(n, v.vid, dtype=np.int64))
        cols["mmsi"].append(np.full(n, v.mmsi, dtype=np.int64))
        cols["ts"].append(ts)
        cols["lat"].append(qlat)
        cols["lon"].append(qlon)
        cols["sog"].append(qsog)
        cols["cog"].append(qcog)
        cols["heading"].append(s["heading"].astype(np.int64))
        cols["nav_status"].append(s["nav_status"].astype(np.int64))
        cols["msg_type"].append(np.full(n, 1 if v.ais_class == "A" else 18, dtype=np.int64))
        cols["spoofed"].append(spoofed)
        cols["true_lat"].append(s["lat"])
        cols["true_lon"].append(s["lon"])
        cols["vclass"].append(np.full(n, v.vclass, dtype=object))
        cols["collect"].append(np.full(n, bool(a.collection_time)))
    P = {k: np.concatenate(v) for k, v in cols.items()}
    # a class A vessel under way at 3 kn reports status 0 or 7 (fishing); class B has no status field
    P["nav_status"] = np.where(P["msg_type"] == 18, 15, P["nav_status"])
    order = np.lexsort((P["vid"], P["ts"]))
    P = {k: v[order] for k, v in P.items()}

    # --- statics ---------------------------------------------------------------------------
    S = {k: [] for k in ("ts", "mmsi", "vid", "msg_type", "part", "name", "callsign", "imo", "ship_type")}
    static_msgs = []  # (ts, mmsi, lat, lon, sentences)
    enc = StaticEncoder()
    seq = 0
    vid_idx = {}
    for k, ix in LB._groups(P["vid"]):
        vid_idx[int(k)] = ix
    for a in acts:
        v = a.vessel
        ix = vid_idx.get(v.vid)
        if ix is None or not v.sends_statics:
            continue
        tv = P["ts"][ix]
        phase = float(rng.uniform(0, STATIC_INTERVAL_S))
        st = np.arange(tv[0] + phase, tv[-1], STATIC_INTERVAL_S).astype(np.int64)
        for s_, e_ in a.plan.off:
            st = st[(st < s_) | (st >= e_)]
        # statics are only sent while the vessel is reporting (no static inside a silence > 10 min)
        j = np.clip(np.searchsorted(tv, st), 1, tv.size - 1)
        st = st[(tv[j] - tv[j - 1]) < 1800]
        la = np.interp(st, tv, P["lat"][ix])
        lo = np.interp(st, tv, P["lon"][ix])
        for q, t in enumerate(st.tolist()):
            ident = v.identity_at(t)
            name_ov = a.name_variants[q % len(a.name_variants)] if a.name_variants else None
            if name_ov is not None and ident.name != v.identity.name:
                name_ov = None
            if v.ais_class == "A":
                sents = with_seq_id(enc.type5(v.mmsi, ident, a.eta, name_ov, "A" if q % 2 else "B"), seq % 10)
                seq += 1
                static_msgs.append((t, v.mmsi, la[q], lo[q], sents))
                S["ts"].append(t); S["mmsi"].append(v.mmsi); S["vid"].append(v.vid); S["msg_type"].append(5)
                S["part"].append(None); S["name"].append(name_ov if name_ov is not None else ident.name)
                S["callsign"].append(ident.callsign); S["imo"].append(ident.imo); S["ship_type"].append(ident.ship_type)
            else:
                for part in (0, 1):
                    sents = enc.type24(v.mmsi, ident, part, name_ov)
                    static_msgs.append((t + part, v.mmsi, la[q], lo[q], sents))
                    S["ts"].append(t + part); S["mmsi"].append(v.mmsi); S["vid"].append(v.vid)
                    S["msg_type"].append(24); S["part"].append(part)
                    S["name"].append((name_ov if name_ov is not None else ident.name) if part == 0 else None)
                    S["callsign"].append(ident.callsign if part == 1 else None)
                    S["imo"].append(None)
                    S["ship_type"].append(ident.ship_type if part == 1 else None)

    # --- base stations ---------------------------------------------------------------------
    base_msgs = []
    for name, bmmsi, bla, blo in R.BASE_STATIONS:
        for t in np.arange(t0, t1, BASE_INTERVAL_S).astype(np.int64).tolist():
            base_msgs.append((t, bmmsi, bla, blo, encode_base_station(bmmsi, bla, blo, t, "A")))

    # --- labels ----------------------------------------------------------------------------
    real = ~P["spoofed"]
    Pr = {k: v[real] for k, v in P.items()}
    port_idx, port_km = LB.G.nearest_port(Pr["lat"], Pr["lon"])
    rows = []
    rows += LB.gaps(P, cfg)
    rows += LB.port_visits(Pr, cfg, port_idx, port_km)
    rows += LB.zone_crossings(Pr, cfg)
    rows += LB.loitering(Pr, cfg, port_km)
    rows += LB.encounters(Pr, cfg, t0, t1)
    rows += LB.spoofing(P)
    S_np = {k: (np.asarray(v) if k in ("ts", "mmsi") else v) for k, v in S.items()}
    rows += LB.identity_changes(S_np, cfg)
    unmatched = LB.attach_injections(rows, recs)
    rows += LB.negatives_from_truth(P, [(m, la, lo) for _, m, la, lo in R.BASE_STATIONS], t0, t1)
    for r in recs:
        if r["type"].startswith("negative_"):
            rows.append(dict(r, start=max(r["start"], t0), end=min(r["end"], t1), lat=np.nan, lon=np.nan, zone=None,
                             injected=True))
    for r in rows:
        r.setdefault("injected", False)
        if r["type"].startswith("negative_"):
            r["injected"] = True
    labels = _labels_frame(rows, prefix=f"S{seed}-" if serial_base else "L")

    # --- satellite collection times ---------------------------------------------------------
    # reports of ``collection_time`` actors are heard only by SAT_COLLECT, which stamps each
    # 20-minute window of reports with the time it was downlinked, 10-90 minutes after the
    # window (exactEarth-style collection times: the shared exact-earth-augmented-3.txt capture)
    c_override = np.full(P["ts"].size, -1, dtype=np.int64)
    ck = np.flatnonzero(P["collect"])
    if ck.size:
        win = (P["ts"][ck] - int(t0)) // COLLECT_WINDOW_S
        keys, inv = np.unique(np.stack([P["vid"][ck], win]), axis=1, return_inverse=True)
        delay = rng.uniform(600, 5400, keys.shape[1]).astype(np.int64)
        c_override[ck] = (int(t0) + (win + 1) * COLLECT_WINDOW_S + delay[inv.ravel()]
                          + rng.integers(0, 30, ck.size))

    # --- NMEA ------------------------------------------------------------------------------
    pos_sent = encode_positions(P["msg_type"], P["mmsi"], P["lat"], P["lon"], P["sog"], P["cog"], P["heading"],
                                P["ts"] % 60, P["nav_status"], rng.choice(np.array(["A", "B"]), P["ts"].size))
    n_pos = P["ts"].size
    others = static_msgs + base_msgs
    msgs = {
        "ts": np.concatenate([P["ts"], np.array([m[0] for m in others], dtype=np.int64)]),
        "lat": np.concatenate([P["lat"], np.array([m[2] for m in others], dtype=float)]),
        "lon": np.concatenate([P["lon"], np.array([m[3] for m in others], dtype=float)]),
        "mmsi": np.concatenate([P["mmsi"], np.array([m[1] for m in others], dtype=np.int64)]),
        "single": np.concatenate([np.ones(n_pos, bool), np.array([len(m[4]) == 1 for m in others], dtype=bool)]),
        "c_override": np.concatenate([c_override, np.full(len(others), -1, dtype=np.int64)]),
    }
    sentence = np.empty(n_pos + len(others), dtype=object)
    sentence[:n_pos] = pos_sent
    multi = np.empty(n_pos + len(others), dtype=object)
    for k, m in enumerate(others):
        if len(m[4]) == 1:
            sentence[n_pos + k] = m[4][0]
        else:
            multi[n_pos + k] = m[4]
    msgs["sentence"] = sentence
    msgs["sentences"] = multi
    lines, manifest, nstats = assemble(msgs, noise, rng, gid_start=gid_start)

    # --- frames ----------------------------------------------------------------------------
    truth = pl.DataFrame({
        "mmsi": P["mmsi"], "vid": P["vid"],
        "ts": pl.Series(P["ts"] * 1_000_000, dtype=pl.Int64).cast(pl.Datetime("us")),
        "lat": P["lat"], "lon": P["lon"], "sog": P["sog"].astype(np.float32), "cog": P["cog"].astype(np.float32),
        "heading": P["heading"].astype(np.int16), "nav_status": P["nav_status"].astype(np.int8),
        "msg_type": P["msg_type"].astype(np.int8), "spoofed": P["spoofed"],
        "true_lat": P["true_lat"], "true_lon": P["true_lon"], "vclass": P["vclass"].astype(str),
    })
    statics = pl.DataFrame({
        "mmsi": pl.Series(S["mmsi"], dtype=pl.Int64), "vid": pl.Series(S["vid"], dtype=pl.Int64),
        "ts": pl.Series([t * 1_000_000 for t in S["ts"]], dtype=pl.Int64).cast(pl.Datetime("us")),
        "msg_type": pl.Series(S["msg_type"], dtype=pl.Int8), "part": pl.Series(S["part"], dtype=pl.Int8),
        "name": pl.Series(S["name"], dtype=pl.Utf8), "callsign": pl.Series(S["callsign"], dtype=pl.Utf8),
        "imo": pl.Series(S["imo"], dtype=pl.Int64), "ship_type": pl.Series(S["ship_type"], dtype=pl.Int16),
    })
    vrows = []
    for a in acts:
        v = a.vessel
        vrows.append(dict(vid=v.vid, mmsi=v.mmsi, mid=mid_of(v.mmsi), flag=v.identity.flag, vclass=v.vclass,
                          ais_class=v.ais_class, name=v.identity.name, callsign=v.identity.callsign,
                          imo=v.identity.imo, ship_type=v.identity.ship_type,
                          length=v.identity.to_bow + v.identity.to_stern, role=v.role,
                          later_names="|".join(x.name for _, x in v.identity_changes if x.name != v.identity.name)))
    vessels_df = pl.DataFrame(vrows, schema={"vid": pl.Int64, "mmsi": pl.Int64, "mid": pl.Int64, "flag": pl.Utf8,
                                             "vclass": pl.Utf8, "ais_class": pl.Utf8, "name": pl.Utf8,
                                             "callsign": pl.Utf8, "imo": pl.Int64, "ship_type": pl.Int64,
                                             "length": pl.Int64, "role": pl.Utf8, "later_names": pl.Utf8})
    by_type = labels.group_by("type").len().sort("type")
    summary = dict(
        seed=seed, start=_iso(t0), end=_iso(t1), hours=hours, vessels=int(vessels_df["mmsi"].n_unique()),
        positions=int(n_pos), statics=int(len(S["ts"])), base_station_reports=len(base_msgs), lines=len(lines),
        noise=bool(noise), story=bool(story),
        noise_counts={k: sum(1 for m in manifest if m["kind"] == k) for k in ("bad_checksum", "truncated", "junk", "gprmc")},
        duplicates=nstats["duplicates"], out_of_order_swaps=nstats["swaps"],
        satellite_messages=nstats["satellite"],
        labels={r["type"]: int(r["len"]) for r in by_type.iter_rows(named=True)},
        unmatched_injections=[dict(r, start=_iso(r["start"]), end=_iso(r["end"])) for r in unmatched],
        report_intervals_s=dict(class_a=rates.interval_a_s, class_a_fast=rates.interval_fast_s,
                                class_b=rates.interval_b_s, stopped=rates.interval_stop_s,
                                statics=STATIC_INTERVAL_S, base_station=BASE_INTERVAL_S),
        gid_next=nstats["gid_next"],
    )
    return Scenario(seed=seed, start=t0, hours=hours, nmea_lines=lines, labels=labels, truth=truth, statics=statics,
                    vessels=vessels_df, noise_manifest=manifest, summary=summary, actors=acts)
