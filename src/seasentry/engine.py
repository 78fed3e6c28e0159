"""The embedded (single-machine) engine: store -> tracks -> detectors -> screening -> events table.

Detection always runs over everything stored, so re-running is safe and gives the same
events (event ids are content hashes), and late data revises earlier events (a gap that
late positions fill disappears). The same detector kernels are called by the streaming
and distributed engines.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from ._lazy import lazy
from .config import Config

# imported on first use: `seasentry events` starts without them
np = lazy("numpy")
pl = lazy("polars")
pa = lazy("pyarrow")
S = lazy("seasentry.schema")


@dataclass
class DetectReport:
    positions: int = 0
    vessels: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    detections: dict[str, int] = field(default_factory=dict)  # satellite/radar detections by match status
    missed: int = 0                                            # AIS vessels in a footprint not detected
    buckets: int = 0          # MMSI buckets detection read
    cached_buckets: int = 0   # of which the per-vessel results were kept from an earlier run
    engine: str = ""          # inline (this process), pool (worker processes) or dask
    landmask_tasks: int = 0   # detection tasks that ran with the high-resolution land mask loaded


def load_inputs(store) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Positions (with a position) and statics, columnar, straight from DuckDB (everything in
    one frame: for tests and small stores; :func:`detect` reads bucket by bucket)."""
    pos = store.con.execute(
        "SELECT mmsi, ts, lat, lon, sog, cog, heading, nav_status, msg_type, station, msg_key, second, "
        "time_source FROM positions WHERE lat IS NOT NULL").pl()
    sta = store.con.execute("SELECT * FROM statics").pl()
    return pos, sta


def detect(store, cfg: Config | None = None, zones: list[str] | tuple = (), screen: bool = True,
           progress=None, *, pool=None, client=None, full: bool = False, workers: int | None = None,
           scratch: str | None = None, alongside=None) -> DetectReport:
    """Run every detector over the store and replace the ``events`` table.

    One engine for every size: the store is read one MMSI bucket at a time and the detectors
    run as the task graph of :func:`seasentry.distributed.dask_engine.run_graph` (per-vessel
    detectors per bucket, encounters per space-time cell group, gap reception sums, flag hops),
    in this process for small stores, else on a pool of worker processes (``pool``, or one made
    here with ``workers`` / ``store.workers``; a ``pool`` already started is used for a store in
    Parquet parts whatever its size: :func:`_warm`), or on a Dask cluster (``client``). A store whose
    positions are in Parquet parts keeps each bucket's per-vessel results: a later run recomputes
    only the buckets whose content changed (``full=True`` recomputes every bucket); the events are
    those of a full run.

    ``alongside`` (a function of no argument): work of this process that detection's screening
    and alerts need but its bucket tasks do not (``seasentry run``: the vessels table after an
    ingest), run here while the workers run the per-vessel detectors; always run before the
    screening."""
    from .distributed import dask_engine as DE
    from .distributed import partition as DP
    from .geo.zones import load_zones
    from .pool import Executor, Pool, mark

    mark("detect_start")
    cfg = cfg or store.config
    rep = DetectReport()
    t0 = time.perf_counter()
    say = progress or (lambda m: None)
    zones = list(zones) + stored_zone_files(store)
    for z in zones:  # a bad zone file fails here, before any work (the workers load the geography)
        load_zones(z)
    t1 = time.perf_counter()
    from .pool import default_workers

    n_work = pool.workers if pool is not None else default_workers(workers or cfg.store.workers)
    plan = plan_buckets(store, cfg, say, n_work)
    rep.timings["plan"] = time.perf_counter() - t1
    mark("planned")
    own_pool = None
    if client is not None:
        ex = Executor(client=client)
        plan.sources = _for_cluster(client, plan)
    elif (plan.positions <= int(cfg.store.inprocess_positions) and not _warm(pool, plan)) or (
            workers or cfg.store.workers) == 1:
        ex = Executor()
    else:
        if pool is None:
            pool = own_pool = Pool(workers or cfg.store.workers)
        ex = Executor(pool=pool)
    from .distributed.scratch import MemoryScratch, Scratch

    if ex.kind == "inline":
        scratch = MemoryScratch()
    elif ex.kind == "dask" and scratch is None and not _cluster_local(client):
        raise ValueError("a remote Dask cluster needs a scratch location every worker can write to: give "
                         "--scratch URL (run_dask(scratch=))")
    else:
        scratch = Scratch.create(scratch)
    stats: dict = {}
    say(f"detecting events over {plan.positions:,} positions in {len(plan.sources)} MMSI bucket(s) "
        f"({'this process' if ex.kind == 'inline' else f'{ex.workers} worker processes' if ex.kind == 'pool' else 'Dask'})")
    once = Once(alongside)
    try:
        ev = DE.run_graph(ex, plan.sources, None, cfg, zones, n_groups=plan.groups, progress=say, stats=stats,
                          scratch=scratch, cache=plan.cache, reuse=not full,
                          chunk_positions=int(cfg.store.chunk_positions), alongside=once)
        once()
    finally:
        _remove_soon(scratch)
        if own_pool is not None:
            own_pool.close()
    mark("graph_done")
    if plan.cache:
        DP.prune_stages(plan.cache, [getattr(s, "bucket", -1) for s in plan.sources])
    rep.positions = stats.get("positions", 0)
    rep.vessels = stats.get("vessels", 0)
    rep.buckets = stats.get("buckets", 0)
    rep.cached_buckets = stats.get("cached_buckets", 0)
    rep.engine = ex.kind
    rep.landmask_tasks = stats.get("landmask_tasks", 0)
    rep.timings.update(stats.get("timings", {}))
    return finish_detect(store, cfg, ev, rep, screen, t0, quality=stats.get("identity_quality"))


def _warm(pool, plan: BucketPlan) -> bool:
    """Whether detection runs on ``pool`` however few the positions: its workers are already
    started (``seasentry run`` after a bulk ingest: they have loaded the geography while the
    ingest committed) and the store's buckets are in Parquet parts (tasks read them by path).
    Then the bucket tasks need no process start-up and this process no detector import, and run
    beside its vessels refresh (600k messages, 1 input: detection 1.6 s on the two workers
    against 2.7-2.8 s in this process; docs/benchmarks.md, "Session 7")."""
    return pool is not None and getattr(pool, "started", False) and plan.cache is not None


def _remove_soon(scratch) -> None:
    """Remove a run's scratch files: a local directory (thousands of small files at 10M
    messages: seconds under I/O load) by a thread while the events are written and the alert
    rules run (joined at exit), anything else here."""
    import threading

    if getattr(scratch, "url", "").startswith("/") and getattr(scratch, "owned", False):
        threading.Thread(target=scratch.remove, name="seasentry-scratch-rm", daemon=False).start()
    else:
        scratch.remove()


class Once:
    """``fn`` called at most once (None: nothing)."""

    def __init__(self, fn) -> None:
        self.fn = fn

    def __call__(self) -> None:
        fn, self.fn = self.fn, None
        if fn is not None:
            fn()


@dataclass
class BucketPlan:
    sources: list = field(default_factory=list)  # one per non-empty bucket (tables, or parts.BucketParts)
    positions: int = 0
    groups: int | None = None
    cache: str | None = None  # folder of the per-bucket stage cache (stores in Parquet parts)


def plan_buckets(store, cfg: Config, say=lambda m: None, workers: int = 2) -> BucketPlan:
    """What detection reads, bucket by bucket. A store whose positions are all in its DuckDB
    tables and few is one bucket (read here); a larger one first moves its tables' rows into
    Parquet parts (:func:`seasentry.parts.compact_tail`); a store in parts gives one
    :class:`seasentry.parts.BucketParts` per non-empty bucket, with its rows still in the
    tables, a content signature (for the stage cache) and no data read here."""
    from . import parts as P
    from .distributed import archive as A
    from .distributed.dask_engine import MAX_DEFAULT_GROUPS

    c = store.con
    layout = store.layout
    n_tail = c.execute(f"SELECT count(*) FROM {layout.table('positions')} WHERE lat IS NOT NULL").fetchone()[0]
    plan = BucketPlan()
    if not layout.parts and n_tail <= int(cfg.store.tail_max_positions):
        say("loading positions")
        pos = A.query_arrow(c, f"SELECT {', '.join(A.ENGINE_POSITION_COLUMNS)} FROM positions WHERE lat IS NOT NULL")
        sta = A.query_arrow(c, "SELECT * FROM statics")
        plan.positions = pos.num_rows
        if pos.num_rows or sta.num_rows:
            plan.sources = [(pos, sta)]
        return plan
    if n_tail > int(cfg.store.tail_max_positions):
        P.compact_tail(store, say)
        layout = store.layout
    files: dict[int, dict[str, list]] = {}
    for tbl, b, path, rows, kept, *_ in P.catalogued(c):
        if tbl in ("positions", "statics"):
            files.setdefault(int(b), {}).setdefault(tbl, []).append((path, rows, kept))
    bsql = P.bucket_sql("mmsi", layout.buckets, layout.hash)
    tails = {}
    for tbl in ("positions", "statics"):
        cols = ", ".join(A.ENGINE_POSITION_COLUMNS) if tbl == "positions" else "*"
        where = " WHERE lat IS NOT NULL" if tbl == "positions" else ""
        t = A.query_arrow(c, f"SELECT {cols}, {bsql} AS _b FROM {layout.table(tbl)}{where}")
        if t.num_rows:
            b = t.column("_b").to_numpy()
            t = t.drop_columns(["_b"])
            for k in np.unique(b).tolist():
                tails.setdefault(int(k), {})[tbl] = t.filter(pa.array(b == k))
    items = []
    for k in sorted(set(files) | set(tails)):
        f = files.get(k, {})
        tp, ts_ = tails.get(k, {}).get("positions"), tails.get(k, {}).get("statics")
        bp = P.BucketParts(k, str(layout.root), [x[0] for x in f.get("positions", [])],
                           [x[0] for x in f.get("statics", [])], tp, ts_)
        bp.n_positions = sum(kept for (_, _, kept) in f.get("positions", [])) + (0 if tp is None else tp.num_rows)
        items.append((bp, f))
    plan.positions = sum(bp.n_positions for bp, _ in items)
    # tasks: buckets read together up to a share of the work (a task has a fixed cost), at most
    # one bucket's worth; cell groups for encounters: about one per store.group_positions (each
    # stage task writes a scratch file per group, each pairs task one per group: 3,072 files at
    # 10M messages with one group per task), at least two per worker, at most one per task and
    # MAX_DEFAULT_GROUPS
    share = plan.positions // max(1, 3 * workers)
    target = int(min(max(share, int(cfg.store.min_task_positions)), int(cfg.store.chunk_positions)))
    size = P.group_size(plan.positions, layout.buckets, target)
    n_tasks = len(P.group_buckets([bp for bp, _ in items], target, size))
    by_size = max(2 * max(1, workers), -(-plan.positions // max(1, int(cfg.store.group_positions))))
    plan.groups = int(min(max(n_tasks, 1), MAX_DEFAULT_GROUPS, by_size))
    from .distributed.partition import CELL_DEG, CELL_HOURS

    base = _signature_base(cfg) + f":cells={CELL_DEG},{CELL_HOURS}"
    for bp, f in items:
        bp.signature = _bucket_signature(base, f, bp.tail_positions, bp.tail_statics)
    plan.sources = P.group_buckets([bp for bp, _ in items], target, size)
    plan.cache = str(layout.root / P.DETECT_DIR)
    return plan


_CODE_DIGEST: str | None = None


def _code_digest() -> str:
    """Hash of the code and shipped geography that per-vessel detection depends on: a cached
    bucket state is reused only with the same code."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        import hashlib
        from pathlib import Path

        from . import __version__

        root = Path(__file__).resolve().parent
        h = hashlib.sha256(__version__.encode())
        files = sorted([*root.glob("detect/*.py"), *root.glob("geo/*.py"), root / "tracks.py",
                        root / "distributed" / "partition.py", root / "config.py"])
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
        for f in sorted((root / "data" / "geo").rglob("*")) if (root / "data" / "geo").exists() else []:
            if f.is_file():
                st = f.stat()
                h.update(f"{f.relative_to(root)}:{st.st_size}:{int(st.st_mtime)}".encode())
        _CODE_DIGEST = h.hexdigest()
    return _CODE_DIGEST


def _signature_base(cfg: Config) -> str:
    import dataclasses
    import hashlib

    d = dataclasses.asdict(cfg)
    for sec in ("store", "live", "alerts", "reports", "screening", "detections"):
        d.pop(sec, None)
    return hashlib.sha256((_code_digest() + json.dumps(d, sort_keys=True, default=str)).encode()).hexdigest()


def _bucket_signature(base: str, files: dict, tail_pos, tail_sta) -> str:
    import hashlib

    h = hashlib.sha256(base.encode())
    for tbl in ("positions", "statics"):
        for path, rows, kept in sorted(files.get(tbl, [])):
            h.update(f"{tbl}:{path}:{rows}:{kept};".encode())
    for name, t in (("tail_positions", tail_pos), ("tail_statics", tail_sta)):
        if t is not None and t.num_rows:
            df = pl.from_arrow(t)
            h.update(f"{name}:{df.height}:{int(df.hash_rows(seed=0).sum())};".encode())
    return h.hexdigest()


def _cluster_local(client) -> bool:
    from .distributed.dask_engine import _cluster_is_local

    return _cluster_is_local(client)


def _for_cluster(client, plan: BucketPlan) -> list:
    """Sources a Dask cluster can read: the store's buckets as they are when every worker runs
    on this machine, else each bucket read here and scattered to the workers."""
    from .distributed import archive as A
    from .distributed.dask_engine import _cluster_is_local
    from .parts import BucketParts

    if _cluster_is_local(client) or not any(isinstance(s, BucketParts) for s in plan.sources):
        return plan.sources
    out = []
    for s in plan.sources:
        if isinstance(s, BucketParts):
            pos, sta = A.read_store_bucket(s)
            out.append(client.scatter([(pos.to_arrow(), sta.to_arrow())])[0])
        else:
            out.append(client.scatter([s])[0])
    return out


def finish_detect(store, cfg: Config, ev: pl.DataFrame, rep: DetectReport, screen: bool, t0: float,
                  positions: str = "positions", quality: pl.DataFrame | None = None) -> DetectReport:
    """Common tail of every engine: add sanctions screening and the matching of satellite/radar
    detections to AIS (``positions``: the relation holding the AIS positions), replace the events
    table, count; with ``quality`` (per-MMSI identity quality), write the vessels' identity-quality
    flags."""
    if quality is not None and hasattr(store, "write_identity_quality"):
        store.write_identity_quality(quality)
    frames = [ev]
    if screen:
        t1 = time.perf_counter()
        sm = screening_events(store, cfg)
        rep.timings["sanctions_match"] = time.perf_counter() - t1
        if sm is not None and sm.height:
            frames.append(sm)
    t1 = time.perf_counter()
    de = detection_events(store, cfg, ev, rep, positions)
    if de is not None and de.height:
        rep.timings["detections"] = time.perf_counter() - t1
        frames.append(de)
    events = pl.concat([f.select([c.name for c in S.EVENTS]).cast(_pl_schema()) for f in frames])
    write_events(store, events)
    rep.events_by_type = dict(sorted(events.group_by("type").len().iter_rows()))
    rep.seconds = time.perf_counter() - t0
    return rep


def detection_events(store, cfg: Config, ev: pl.DataFrame, rep: DetectReport, positions: str = "positions"):
    """Match stored satellite/radar detections to AIS (seasentry.detections): ``dark_detection``
    and ``ais_match`` events, or None when no detection was loaded."""
    from .detections.run import match_store
    from .detections.store import has_detections

    if not has_detections(store.con):
        match_store(store, cfg, positions=positions)  # clears results of detections since removed
        return None
    from .geo import Geography

    geo = Geography.default(extra_zones=tuple(stored_zone_files(store)))
    mr = match_store(store, cfg, geo=geo, gap_events=ev, positions=positions)
    rep.detections = mr.by_status
    rep.missed = mr.missed
    return mr.events


def stored_zone_files(store) -> list[str]:
    """Zones created through the web page/API live in the store's ``zones`` table; detection
    uses them like ``--zones`` files (written to a file named by their content hash)."""
    try:
        n = store.con.execute("SELECT count(*) FROM zones").fetchone()[0]
    except Exception:  # no zones table: nothing created through the API
        return []
    if not n:
        return []
    import hashlib
    import tempfile
    from pathlib import Path

    from .web.zones import user_zones_geojson

    text = json.dumps(user_zones_geojson(store.con), ensure_ascii=False, sort_keys=True)
    path = Path(tempfile.gettempdir()) / f"seasentry-zones-{hashlib.sha256(text.encode()).hexdigest()[:16]}.geojson"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return [str(path)]


def _pl_schema() -> dict:
    return dict(pl.from_arrow(S.EVENTS.empty_table()).schema)


def screening_events(store, cfg: Config) -> pl.DataFrame | None:
    """Screen every vessel identity seen in AIS against the loaded sanctions lists, with the rules of
    ``seasentry screen`` (``ScreeningIndex.screen_vessels``: IMO conflicts across all the reports
    of an MMSI, flag, AIS ship type and call sign) and the thresholds of the configuration. Each
    hit says when the list entry was designated relative to the vessel's AIS data."""
    if not store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = "
                             "'sanctions_entities'").fetchone()[0]:
        return None  # no list ever loaded: nothing to import or build
    try:
        from .screening.cache import load_index
        from .screening.designation import designation_context
    except ImportError:
        return None
    try:
        idx = load_index(store.con, config=cfg)
    except Exception as exc:  # no lists loaded yet
        if "no lists" in str(exc).lower() or "does not exist" in str(exc).lower():
            return None
        raise
    if idx is None or len(idx) == 0:
        return None
    ids = store.con.execute("""
        SELECT DISTINCT s.mmsi, s.imo, s.name, s.callsign, v.flag, s.ship_type
        FROM statics s LEFT JOIN vessels v USING (mmsi)
        UNION
        SELECT v.mmsi, NULL::BIGINT, NULL, NULL, v.flag, NULL::SMALLINT FROM vessels v""").pl()
    hits = idx.screen_vessels(ids)
    if hits is None or hits.height == 0:
        return None
    first_last = store.con.execute("SELECT mmsi, first_seen, last_seen FROM vessels").pl()
    last_pos = store.con.execute(
        "SELECT mmsi, arg_max(lat, ts) AS lat, arg_max(lon, ts) AS lon FROM positions "
        "WHERE lat IS NOT NULL GROUP BY mmsi").pl()
    best = hits.sort("score", descending=True).unique(subset=["mmsi", "entity_id"], keep="first", maintain_order=True)
    best = best.join(first_last, on="mmsi", how="left").join(last_pos, on="mmsi", how="left")
    by_id = {e.entity_id: e for e in idx.entities}
    rows = []
    for r in best.iter_rows(named=True):
        details = {k: r.get(k) for k in ("entity_id", "list", "list_version", "schema", "name", "matched_name",
                                          "score", "decision", "programs", "matched_on")}
        try:
            details["explanation"] = json.loads(r["explanation"]) if isinstance(r.get("explanation"), str) \
                else r.get("explanation")
        except (TypeError, ValueError):
            details["explanation"] = r.get("explanation")
        e = by_id.get(r["entity_id"])
        if e is not None:
            details["designation"] = designation_context(store.con, e, r["first_seen"], r["last_seen"])
        rows.append({
            "event_id": "", "type": "sanctions_match", "mmsi": r["mmsi"], "other_mmsi": None,
            "start": r["first_seen"], "end": r["last_seen"], "lat": r["lat"], "lon": r["lon"], "zone": None,
            "details": json.dumps(details, default=str, ensure_ascii=False), "confidence": float(r["score"]),
        })
    from .detect._common import finalize_events

    df = pl.DataFrame(rows, schema_overrides={"start": pl.Datetime("us"), "end": pl.Datetime("us"),
                                               "other_mmsi": pl.Int64, "zone": pl.String})
    return finalize_events(df)


def rescreen(store, cfg: Config | None = None) -> int:
    """Screen every vessel again (lists changed) and replace only the ``sanctions_match`` events.

    Returns the number of sanctions_match events now stored.
    """
    sm = screening_events(store, cfg or store.config)
    c = store.con
    c.execute("BEGIN TRANSACTION")
    try:
        c.execute("DELETE FROM events WHERE type = 'sanctions_match'")
        n = 0
        if sm is not None and sm.height:
            tab = sm.select([f.name for f in S.EVENTS]).cast(_pl_schema()).to_arrow().cast(S.EVENTS)
            c.register("b_sm", tab)
            c.execute("INSERT INTO events SELECT * FROM b_sm")
            c.unregister("b_sm")
            n = sm.height
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise
    return n


def write_events(store, events: pl.DataFrame) -> None:
    c = store.con
    tab = events.to_arrow().cast(S.EVENTS)
    c.execute("BEGIN TRANSACTION")
    try:
        c.execute("DELETE FROM events")
        c.register("b_events", tab)
        c.execute("INSERT INTO events SELECT * FROM b_events")
        c.unregister("b_events")
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise


def query_events(store, type: str | None = None, mmsi: int | None = None, start=None, end=None,
                 zone: str | None = None, bbox=None, limit: int | None = None) -> pl.DataFrame:
    """Events joined with the vessel's identity, ordered by start time."""
    sql, args = _events_sql(store, type, mmsi, start, end, zone, bbox, limit)
    return store.con.execute(sql, args).pl()


def query_event_rows(store, type: str | None = None, mmsi: int | None = None, start=None, end=None,
                     zone: str | None = None, bbox=None, limit: int | None = None) -> list[dict]:
    """:func:`query_events` as a list of dicts (no polars: what ``seasentry events`` prints)."""
    sql, args = _events_sql(store, type, mmsi, start, end, zone, bbox, limit)
    cur = store.con.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _events_sql(store, type, mmsi, start, end, zone, bbox, limit) -> tuple[str, list]:
    cond, args = [], []
    if type:
        types = [t.strip() for t in type.split(",")]
        cond.append(f"e.type IN ({', '.join('?' for _ in types)})")
        args += types
    if mmsi is not None:
        cond.append("(e.mmsi = ? OR e.other_mmsi = ?)")
        args += [int(mmsi), int(mmsi)]
    if start is not None:
        cond.append("e.\"end\" >= ?")
        args.append(store._time(start))
    if end is not None:
        cond.append("e.start <= ?")
        args.append(store._time(end))
    if zone:
        cond.append("e.zone = ?")
        args.append(zone)
    if bbox is not None:
        x0, y0, x1, y1 = bbox
        cond.append("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?")
        args += [x0, x1, y0, y1]
    where = (" WHERE " + " AND ".join(cond)) if cond else ""
    sql = f"""SELECT e.*, v.name AS v_name, v.imo AS v_imo, v.callsign AS v_callsign, v.flag AS v_flag,
                     v.ship_type AS v_ship_type
              FROM events e LEFT JOIN vessels v USING (mmsi){where}
              ORDER BY e.start, e.type, e.mmsi"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql, args


def event_record(r: dict) -> dict:
    """One event as the JSON contract of ``seasentry events --format jsonl``."""
    from .timeutil import iso

    try:
        details = json.loads(r["details"]) if r["details"] else {}
    except ValueError:
        details = {"raw": r["details"]}
    vessel = {k: r.get(f"v_{k}") for k in ("name", "imo", "callsign", "flag", "ship_type")}
    return {
        "event_id": r["event_id"], "type": r["type"], "mmsi": int(r["mmsi"]),
        "other_mmsi": None if r["other_mmsi"] is None else int(r["other_mmsi"]),
        "start": iso(r["start"]), "end": iso(r["end"]), "lat": r["lat"], "lon": r["lon"], "zone": r["zone"],
        "vessel": {k: v for k, v in vessel.items() if v is not None}, "details": details,
        "confidence": r["confidence"],
    }


def events_arrow(events: pl.DataFrame) -> pa.Table:
    return events.to_arrow()
