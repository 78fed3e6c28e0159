"""The Dask engine: the embedded engine's detector kernels on a dask.distributed cluster.

>>> events = run_dask("archive/", cfg)                                   # doctest: +SKIP
>>> events = run_dask("s3://bucket/ais-2024", cfg, scheduler="tcp://10.0.0.5:8786")  # doctest: +SKIP

Input: a Parquet archive (:mod:`.archive`, local or any fsspec URL) or a
:class:`seasentry.store.Store` (exported to a temporary archive for a local cluster, or read
bucket by bucket and scattered to the workers of a remote one). Tasks (``client.map`` /
``client.submit``); what one stage hands to the next goes through a scratch directory
(:mod:`.scratch`), not worker memory, so workers hold one task's data at a time:

1. one :func:`~.partition.vessel_stage` per MMSI bucket (reads its files itself): per-vessel
   events and a small summary come back to the driver; resampled points cut by space-time cell
   group, reception table and gap candidates go to scratch;
2. one :func:`~.partition.cell_pairs` per group of space-time cells over every bucket's piece
   of that group (the re-partition of resampled tracks by cell), its close pairs written back
   cut by vessel pair; then one :func:`~.partition.encounter_events` per part of the pairs;
3. one reception-count task per bucket for all gaps, summed on the driver, then one gap task
   per bucket; flag hops over the union of IMO blocks, positions looked up in their bucket.


The result is equal to :func:`seasentry.detect.detect_events` on the same data (same rows,
same event ids): see tests/test_dask_engine.py and docs/scale-out.md for the few limits.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from typing import Iterator

import numpy as np
import polars as pl

from ..config import Config
from ..detect.gaps import density_from_counts, receiver_silent
from ..detect.identity import flag_hops_from_blocks
from . import archive as A
from . import partition as P
from .scratch import Scratch


#: Default number of space-time cell groups for encounters: the re-partition makes one small
#: task per (bucket, group), so the default stays bounded when archives have many buckets.
MAX_DEFAULT_GROUPS = 32


# ------------------------------------------------------------------------------ cluster
@contextlib.contextmanager
def dask_client(scheduler: str | None = None, n_workers: int | None = None, threads_per_worker: int = 1,
                processes: bool = True, memory_limit: str | float | None = "auto") -> Iterator:
    """A ``distributed.Client``: connected to ``scheduler`` (an address such as
    ``tcp://host:8786``, or a scheduler file path ending in .json), else on a new LocalCluster
    of ``n_workers`` (default: one per core) single-threaded worker processes.

    Local workers get ``POLARS_MAX_THREADS=threads_per_worker`` so N workers use N cores.
    """
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        kw = {"scheduler_file": scheduler} if str(scheduler).endswith(".json") else {"address": scheduler}
        client = Client(**kw)
        try:
            yield client
        finally:
            client.close()
        return
    n = int(n_workers or os.cpu_count() or 1)
    # Dask's own defaults, less MALLOC_TRIM_THRESHOLD_: setting it turns off glibc's dynamic mmap
    # threshold, so every NumPy array of more than 128 kB is mmapped and page-faulted afresh,
    # which made the bucket stage much slower (docs/scale-out.md, "Scratch and memory"); worker memory
    # stays flat without it because the tasks keep nothing between them (intermediate results
    # go to scratch)
    env = {k: v for k, v in (dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {}).items()
           if k != "MALLOC_TRIM_THRESHOLD_"}
    env |= {"POLARS_MAX_THREADS": str(threads_per_worker), "OMP_NUM_THREADS": str(threads_per_worker),
            "NUMBA_NUM_THREADS": str(threads_per_worker)}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": env,
                          "distributed.worker.daemon": False,
                          "distributed.admin.tick.limit": "60s"}):
        cluster = LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=processes,
                               dashboard_address=None, memory_limit=memory_limit,
                               silence_logs=40)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()


def _is_store(obj) -> bool:
    return hasattr(obj, "con") and hasattr(obj, "path")


# ------------------------------------------------------------------------------ tasks (worker side)
def _load(src, storage_options, cfg=None):
    """Positions and statics of one bucket: BucketFiles read from the archive, a store's bucket
    (its Parquet parts and tail rows), or scattered tables."""
    if isinstance(src, A.BucketFiles):
        return A.read_bucket(src, storage_options, cfg.ingest.dedup_window_s if cfg is not None else 30.0)
    from ..parts import BucketParts

    if isinstance(src, BucketParts):
        return A.read_store_bucket(src)
    pos, sta = src
    return pl.from_arrow(pos), pl.from_arrow(sta)


#: The per-MMSI summaries a bucket task returns for the store's vessels table (archive runs).
_SUMMARIES = ("position_summary", "statics_summary", "identities")


def _stage_task(key: int, src, storage_options, cfg, blobs, n_groups, cell_deg, cell_hours, scratch: Scratch,
                vessel_summary=False, cache: str | None = None, chunk_positions: int | None = None,
                reuse: bool = True) -> dict:
    """Bucket stage: per-vessel detectors; what later stages need goes to ``scratch``; returns
    the bucket's summary (with its per-vessel events) for the driver.

    ``cache`` (a folder; a store's bucket with a ``signature``): the stage's result is kept there
    and reused while the bucket's content, the settings and the code are the same (incremental
    detection). ``chunk_positions``: a bucket with more positions goes through the per-vessel
    detectors in MMSI groups of about that many (same result, bounded memory)."""
    import time as _t

    t0 = _t.perf_counter()
    summaries = (None, None, None)
    bucket = getattr(src, "bucket", -1)
    signature = getattr(src, "signature", "") if cache else ""
    st = P.load_stage(cache, bucket, signature) if signature and reuse else None
    cached = st is not None
    if cached:
        st.cells = P.group_cells(st.cell_pts, n_groups)
    if st is None:
        from ..parts import BucketParts

        n_src = getattr(src, "n_positions", 0)
        if isinstance(src, BucketParts) and chunk_positions and n_src > chunk_positions:
            # a big bucket: each MMSI group read and processed on its own (memory of one group)
            k = int(-(-n_src // chunk_positions))
            states = []
            for g in range(k):
                pos, sta = A.read_store_bucket(src, (g, k))
                if pos.height or sta.height:
                    states.append(P.vessel_stage(bucket, pos, sta, cfg, P.worker_geography(blobs), n_groups,
                                                 cell_deg, cell_hours))
                del pos, sta
            st = P.merge_states(bucket, states, n_groups) if states else P.BucketState(bucket=bucket,
                                                                                         cells=[None] * n_groups)
        else:
            if vessel_summary and isinstance(src, A.BucketFiles):
                pos, sta = A.read_bucket(src, storage_options, cfg.ingest.dedup_window_s, keep_null_positions=True)
                summaries = A.vessel_summaries(pos, sta)
                pos = pos.filter(pl.col("lat").is_not_null())
            else:
                pos, sta = _load(src, storage_options, cfg)
            st = P.vessel_stage_chunked(bucket, pos, sta, cfg, P.worker_geography(blobs), n_groups, cell_deg,
                                        cell_hours, chunk_positions)
            del pos, sta
        if signature:
            P.save_stage(cache, bucket, signature, st)
    out = st.summary()
    out["cached"] = cached
    out["seconds"] = _t.perf_counter() - t0
    from ..geo import landmask as _lm

    out["landmask"] = any(_lm.is_loaded(m) for m in _lm.MASKS[:2])  # the ~1.3 GB high-resolution mask
    out.update(zip(_SUMMARIES, summaries), events=st.events, has_reception=st.reception is not None)
    for g, piece in enumerate(st.cells or ()):
        if piece is not None and piece.height:
            scratch.put(f"cells/g={g:04d}/b={key:06d}", piece)
    if st.reception is not None:
        scratch.put(f"reception/b={key:06d}", st.reception)
    if st.gaps is not None:
        scratch.put(f"gaps/b={key:06d}", st.gaps)
    del st
    return out


def _pairs_task(scratch: Scratch, group: int, max_m: float, n_parts: int) -> int:
    """Close pairs in one cell group, written to scratch by (a, b) part; returns their number."""
    pieces = scratch.get_all(f"cells/g={group:04d}")
    p = P.cell_pairs(max_m, *pieces)
    del pieces
    n = 0 if p is None else p.height
    for r, part in P.split_pairs(p, n_parts).items():
        scratch.put(f"pairs/r={r:04d}/g={group:04d}", part)
    del p
    return n


def _encounter_task(scratch: Scratch, part: int, cfg, blobs) -> pl.DataFrame:
    return P.encounter_events(scratch.get_all(f"pairs/r={part:04d}"), P.worker_geography(blobs), cfg)


def _reception_task(scratch: Scratch, key: int, queries, cell_deg: float):
    return P.bucket_reception(scratch.get(f"reception/b={key:06d}"), queries, cell_deg)


def _gap_task(scratch: Scratch, key: int, dens, during_rate, normal, cfg, silent=None) -> pl.DataFrame:
    return P.bucket_gap_events(scratch.get(f"gaps/b={key:06d}"), dens, during_rate, normal, cfg, silent=silent)


def _positions_task(src, storage_options, cfg, mmsi, t_us):
    pos, _ = _load(src, storage_options, cfg)
    return P.positions_at(pos, cfg, mmsi, t_us)


# ------------------------------------------------------------------------------ driver
def run_dask(source, cfg: Config | None = None, zones=(), scheduler: str | None = None,
             n_workers: int | None = None, *, client=None, storage_options: dict | None = None,
             threads_per_worker: int = 1, cell_deg: float = P.CELL_DEG, cell_hours: float = P.CELL_HOURS,
             n_groups: int | None = None, store_transfer: str = "auto", progress=None,
             stats: dict | None = None, vessel_summary: bool = False, scratch: str | None = None,
             pool=None) -> pl.DataFrame:
    """Every event of :func:`seasentry.detect.detect_events`, computed on a Dask cluster (or, with
    ``pool``, a :class:`seasentry.pool.Pool` and an archive as ``source``: the same task graph on
    its worker processes, no cluster; what ``seasentry run --archive`` does without
    ``--engine dask`` / ``--scheduler``).

    ``source``: Parquet archive path/URL, or a Store. ``zones``: extra zone GeoJSON paths (read
    here and shipped to the workers). ``client``: an existing ``distributed.Client`` (else one
    is made from ``scheduler`` / ``n_workers``, see :func:`dask_client`). ``vessel_summary``
    (archive input): also gather the per-MMSI position summary (``stats["position_summary"]``)
    that :meth:`seasentry.store.Store.refresh_vessels` takes, computed in the bucket tasks. ``n_groups``: number
    of space-time cell groups (default: number of buckets, at most ``MAX_DEFAULT_GROUPS``). ``store_transfer`` (Store input):
    ``export`` to a temporary archive the workers read (needs a file system they share: the
    default for a local cluster), ``scatter`` each bucket from this process (the default for a
    remote scheduler), or ``auto``. ``stats`` (a dict), if given,
    receives positions, vessels, buckets, cell groups, close pairs and seconds per stage.
    ``scratch``: where the tasks put intermediate results (:mod:`.scratch`; a run directory is
    made under it and removed at the end): default the system's temp dir for a local cluster,
    ``ARCHIVE/_scratch`` for an archive on a remote cluster; a remote cluster with a Store as
    input needs one (a path or URL every worker can write to).
    Returns a polars frame with the EVENTS columns, sorted and with ids as the embedded engine.
    """
    cfg = cfg or Config()
    if pool is not None and client is None and not _is_store(source):
        from ..pool import Executor

        parts = A.open_archive(str(source), storage_options).parts
        sc = Scratch.create(scratch, storage_options)
        try:
            return run_graph(Executor(pool=pool), parts, storage_options, cfg, zones, cell_deg, cell_hours, n_groups,
                             progress, stats, sc, vessel_summary)
        finally:
            sc.remove()
    if client is None:
        with dask_client(scheduler, n_workers, threads_per_worker) as c:
            return run_dask(source, cfg, zones, client=c, storage_options=storage_options,
                            cell_deg=cell_deg, cell_hours=cell_hours, n_groups=n_groups,
                            store_transfer=store_transfer, progress=progress, stats=stats,
                            vessel_summary=vessel_summary, scratch=scratch)
    if store_transfer not in ("auto", "export", "scatter"):
        raise ValueError("store_transfer must be auto, export or scatter")
    if _is_store(source):
        local = scheduler is None and _cluster_is_local(client)
        if store_transfer == "export" or (store_transfer == "auto" and local):
            with tempfile.TemporaryDirectory(prefix="seasentry-parquet-") as tmp:
                if progress:
                    progress("exporting the store to a temporary Parquet archive")
                A.export_parquet(source, os.path.join(tmp, "archive"))
                return run_dask(os.path.join(tmp, "archive"), cfg, zones, client=client, cell_deg=cell_deg,
                                cell_hours=cell_hours, n_groups=n_groups, progress=progress, stats=stats,
                                scratch=scratch)
        archive, sources = None, _scatter_store(client, source, progress)
    else:
        archive, sources = str(source), A.open_archive(str(source), storage_options).parts
    sc = _scratch_for(client, archive, scratch, storage_options)
    try:  # scattered buckets are tables, read with no storage options
        return _run(client, sources, storage_options if archive else None, cfg, zones, cell_deg, cell_hours,
                    n_groups, progress, stats, sc, vessel_summary and archive is not None)
    finally:
        sc.remove()


def _scratch_for(client, archive: str | None, scratch: str | None, storage_options: dict | None) -> Scratch:
    """The run's scratch directory (see ``run_dask``'s ``scratch``)."""
    if scratch:
        return Scratch.create(scratch, storage_options)
    if _cluster_is_local(client):
        return Scratch.create(None)
    if archive is not None:
        return Scratch.create(f"{archive.rstrip('/')}/_scratch", storage_options)
    raise ValueError("a remote Dask cluster with a store as input needs a scratch location every worker can "
                     "write to: give scratch= (CLI: --scratch URL), or export the store with `seasentry export "
                     "parquet` to shared storage and run on that archive")


def _cluster_is_local(client) -> bool:
    """True when every worker runs on this machine (they can read our temporary files)."""
    import socket

    try:
        addrs = list(client.scheduler_info()["workers"])
    except Exception:  # noqa: BLE001
        return False
    hosts = {a.split("://")[-1].rsplit(":", 1)[0] for a in addrs if not a.startswith("inproc://")}
    if addrs and not hosts:
        return True  # threads of this process (LocalCluster(processes=False))
    mine = {"127.0.0.1", "localhost", "::1", "[::1]", socket.gethostname()}
    with contextlib.suppress(OSError):
        mine.add(socket.gethostbyname(socket.gethostname()))
    return bool(hosts) and hosts <= mine


def _scatter_store(client, store, progress) -> list:
    """Read the store bucket by bucket (sorted by mmsi, ts) and scatter each to a worker."""
    from .. import schema as S

    n = store.con.execute("SELECT count(*) FROM positions WHERE lat IS NOT NULL").fetchone()[0]
    b = A.auto_buckets(n)
    pos_cols = ", ".join(f'"{c}"' for c in A.ENGINE_POSITION_COLUMNS)
    sta_cols = ", ".join(f'"{f.name}"' for f in S.STATICS)
    futs = []
    for k in range(b):
        expr = A.mmsi_bucket_sql("mmsi", b)
        pos = A.query_arrow(store.con, f"SELECT {pos_cols} FROM positions WHERE lat IS NOT NULL AND mmsi IS NOT "
                                       f"NULL AND {expr} = {k} ORDER BY mmsi, ts")
        sta = A.query_arrow(store.con, f"SELECT {sta_cols} FROM statics WHERE mmsi IS NOT NULL AND {expr} = {k} "
                                       f"ORDER BY mmsi, ts")
        if pos.num_rows == 0 and sta.num_rows == 0:
            continue
        futs.append(client.scatter([(pos, sta)])[0])  # one future holding both tables
        if progress:
            progress(f"scattered bucket {k + 1}/{b}")
    return futs


def _run(client, sources: list, storage_options, cfg: Config, zones, cell_deg, cell_hours, n_groups,
         progress, stats, scratch: Scratch, vessel_summary: bool = False) -> pl.DataFrame:
    from ..pool import Executor

    return run_graph(Executor(client=client), sources, storage_options, cfg, zones, cell_deg, cell_hours, n_groups,
                     progress, stats, scratch, vessel_summary)


def run_graph(ex, sources: list, storage_options, cfg: Config, zones, cell_deg=P.CELL_DEG,
              cell_hours=P.CELL_HOURS, n_groups=None, progress=None, stats=None, scratch=None,
              vessel_summary: bool = False, cache: str | None = None, reuse: bool = True,
              chunk_positions: int | None = None, alongside=None) -> pl.DataFrame:
    """The task graph of detection (see the module docstring) on an executor
    (:class:`seasentry.pool.Executor`: this process, a worker pool, or a Dask client) over
    ``sources`` (one per MMSI bucket: archive files, a store's bucket, or tables). Returns every
    event of the per-vessel and cross-vessel detectors, with ids. ``alongside`` (a function of
    no argument) is called in this process once the per-vessel tasks are handed out, while they
    run."""
    from ..geo.zones import load_zones

    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    blobs = P.zone_blobs(zones)
    for z in zones:  # validates the zone files here, before any task (the workers load the geography)
        load_zones(z)
    B = len(sources)
    G = int(n_groups or min(max(B, 1), MAX_DEFAULT_GROUPS))
    ec = cfg.encounter
    say = progress or (lambda m: None)
    if B == 0:
        return P.finalize([])

    # 1. per-vessel detectors, one task per MMSI bucket; cells, reception and gaps go to scratch
    t = time.perf_counter()
    say(f"per-vessel detectors over {B} MMSI buckets")
    futs = ex.map(_stage_task, range(B), sources, storage_options=storage_options, cfg=cfg,
                  blobs=blobs, n_groups=G, cell_deg=cell_deg, cell_hours=cell_hours,
                  scratch=scratch, vessel_summary=vessel_summary, cache=cache, reuse=reuse,
                  chunk_positions=chunk_positions, pure=False)
    if alongside is not None:
        try:
            alongside()
        except BaseException:
            ex.cancel(futs)
            raise
    summaries = ex.collect(futs)
    frames = [s.pop("events") for s in summaries]
    quality = [q for q in (s.pop("quality", None) for s in summaries) if q is not None and q.height]
    if stats is not None:
        stats["identity_quality"] = pl.concat(quality) if quality else None
    timings["vessel_stage"] = time.perf_counter() - t
    from ..pool import mark

    mark("vessel_stage_done")

    # 2. encounters: close pairs per space-time cell group, re-partitioned by vessel pair (a, b),
    #    then runs and merges per part
    t = time.perf_counter()
    say(f"encounter candidates in {G} space-time cell groups")
    n_pairs = int(sum(ex.collect(ex.map(_pairs_task, [scratch] * G, range(G), max_m=ec.max_distance_m,
                                        n_parts=G, pure=False))))
    timings["encounter_pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    frames += ex.collect(ex.map(_encounter_task, [scratch] * G, range(G), cfg=cfg, blobs=blobs, pure=False))
    timings["encounter_merge"] = time.perf_counter() - t

    # 3. gaps: reception statistics are sums over buckets
    t = time.perf_counter()
    hours = [s["hours"] for s in summaries if s["hours"] is not None]
    qs = [(i, s["gap_queries"]) for i, s in enumerate(summaries) if s["gap_queries"] is not None]
    if qs and hours:
        say(f"gaps: reception density for {sum(len(q[0]) for _, q in qs):,} gaps")
        span_h = max(h[1] for h in hours) - min(h[0] for h in hours) + 1
        allq = tuple(np.concatenate([q[j] for _, q in qs]) for j in range(5))
        qf = ex.scatter(allq, broadcast=True)
        with_rec = [i for i, s in enumerate(summaries) if s["has_reception"]]
        counts = ex.collect(ex.map(_reception_task, [scratch] * len(with_rec), with_rec, queries=qf,
                                   cell_deg=cfg.gap.reception_cell_deg, pure=False))
        z = np.zeros(len(allq[0]), dtype=np.int64)
        during = np.sum([c[0] for c in counts], axis=0) if counts else z
        tot = np.sum([c[1] for c in counts], axis=0) if counts else z
        own = np.sum([c[2] for c in counts], axis=0) if counts else z
        during_any = np.sum([c[3] for c in counts], axis=0) if counts else z
        others_any = np.sum([c[4] for c in counts], axis=0) if counts else z
        dens, during_rate, normal = density_from_counts(during, tot, own, allq[3], allq[4], span_h)
        silent = receiver_silent(during, tot, own, during_any, others_any, allq[3], allq[4])
        off = np.cumsum([0] + [len(q[0]) for _, q in qs])
        gap_futs = [ex.submit(_gap_task, scratch, i, dens[off[j]:off[j + 1]], during_rate[off[j]:off[j + 1]],
                              normal[off[j]:off[j + 1]], cfg, silent[off[j]:off[j + 1]], pure=False)
                    for j, (i, _) in enumerate(qs)]
        frames += ex.collect(gap_futs)
    timings["gaps"] = time.perf_counter() - t

    # 4. identity: flag hops pair MMSIs through their IMO
    t = time.perf_counter()
    blocks = [s["blocks"] for s in summaries if s["blocks"] is not None]
    if blocks:
        known = [s["block_positions"] for s in summaries if s.get("block_positions") is not None]
        known = pl.concat(known) if known else None

        def position_at(mm, en):
            lat = np.full(len(mm), np.nan)
            lon = np.full(len(mm), np.nan)
            if len(mm) == 0:
                return lat, lon
            miss = np.ones(len(mm), dtype=bool)
            if known is not None:  # computed in the bucket stage (the usual case: all of them)
                q = pl.DataFrame({"i": np.arange(len(mm)), "mmsi": np.asarray(mm, dtype=np.int64),
                                  "t_us": np.asarray(en, dtype=np.int64)})
                j = q.join(known, on=["mmsi", "t_us"], how="inner")
                idx = j["i"].to_numpy()
                lat[idx], lon[idx] = j["lat"].to_numpy(), j["lon"].to_numpy()
                miss[idx] = False
            if not miss.any():
                return lat, lon
            rest = np.flatnonzero(miss)
            where = {k: rest[v] for k, v in _bucket_of_mmsi(summaries, mm[rest]).items()}
            futs = []
            for k, rows in where.items():
                futs.append((rows, ex.submit(_positions_task, sources[k], storage_options, cfg, mm[rows],
                                             en[rows], pure=False)))
            for rows, f in futs:
                la, lo = f.result()
                lat[rows], lon[rows] = la, lo
            return lat, lon

        frames.append(flag_hops_from_blocks(pl.concat(blocks), position_at))
    timings["flag_hops"] = time.perf_counter() - t

    # 5. ids exactly as the embedded engine
    t = time.perf_counter()
    if vessel_summary and stats is not None:
        for name in _SUMMARIES:
            parts = [s[name] for s in summaries if s.get(name) is not None]
            stats[name] = pl.concat(parts) if parts else None
    events = P.finalize(frames)
    timings["finalize"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t_all
    if stats is not None:
        stats.update(positions=int(sum(s["positions"] for s in summaries)),
                     vessels=int(sum(s["vessels"] for s in summaries)), buckets=B, cell_groups=G,
                     close_pairs=n_pairs, timings=timings, workers=ex.workers,
                     cached_buckets=int(sum(bool(s.get("cached")) for s in summaries)),
                     landmask_tasks=int(sum(bool(s.get("landmask")) for s in summaries)))
    return events


def _bucket_of_mmsi(summaries, mm: np.ndarray) -> dict[int, np.ndarray]:
    """Index (into ``sources``) of the bucket holding each MMSI: from the IMO blocks each
    bucket reported (a flag hop's MMSI always has one)."""
    owner: dict[int, int] = {}
    for i, s in enumerate(summaries):
        if s["blocks"] is not None:
            for m in s["blocks"]["mmsi"].unique().to_list():
                owner[int(m)] = i
    idx = np.array([owner.get(int(m), -1) for m in mm])
    return {int(k): np.flatnonzero(idx == k) for k in np.unique(idx) if k >= 0}


# ------------------------------------------------------------------------------ store -> events table
def refresh_vessels_from_archive(store, archive: str, cfg: Config, summary: pl.DataFrame | None = None,
                                 statics_summary: pl.DataFrame | None = None,
                                 identities: pl.DataFrame | None = None) -> None:
    """The store's ``vessels`` and ``vessel_identities`` from an archive: from the per-MMSI
    summaries :func:`run_dask` computes in its bucket tasks (``vessel_summary=True``: position
    summary, statics summary, identity rows), else (any of them missing, e.g. an empty archive)
    by reading the archive's positions and statics, de-duplicated as the engine reads them."""
    c = store.con
    rels = {"_archive_pos_summary": summary, "_archive_sta_summary": statics_summary,
            "_archive_identities": identities}
    if all(df is not None for df in rels.values()):
        for name, df in rels.items():
            c.register(name, df.to_arrow())
        try:
            store.refresh_vessels(position_summary="_archive_pos_summary", statics_summary="_archive_sta_summary",
                                  identities="_archive_identities")
        finally:
            for name in rels:
                c.unregister(name)
        return
    w = cfg.ingest.dedup_window_s
    c.execute("SET memory_limit = '1GB'")  # larger sorts spill to disk: flat memory
    try:
        sta = A.dedup_relation(c, archive, "statics", w)
        c.execute(f"CREATE OR REPLACE TEMP TABLE _archive_statics AS SELECT * FROM {sta}")
        store.refresh_vessels(positions=A.dedup_relation(c, archive, "positions", w), statics="_archive_statics")
        c.execute("DROP TABLE _archive_statics")
    finally:
        c.execute("RESET memory_limit")
        for t in ("statics", "positions"):
            with contextlib.suppress(Exception):
                c.unregister(f"_archive_repeats_{t}")


def detect_dask(store, cfg: Config | None = None, zones=(), scheduler: str | None = None,
                n_workers: int | None = None, archive: str | None = None, screen: bool = True,
                storage_options: dict | None = None, progress=None, refresh_vessels: bool = False,
                scratch: str | None = None, pool=None):
    """Like :func:`seasentry.engine.detect` with the Dask engine: events of the store (or of
    ``archive`` when given) written into the store's events table. Returns a DetectReport."""
    from ..engine import DetectReport, finish_detect, stored_zone_files

    cfg = cfg or store.config
    rep = DetectReport()
    t0 = time.perf_counter()
    zones = list(zones) + stored_zone_files(store)  # zones created through the web API, as engine.detect
    stats: dict = {}
    ev = run_dask(archive if archive else store, cfg, zones, scheduler, n_workers,
                  storage_options=storage_options, progress=progress, stats=stats,
                  vessel_summary=bool(archive and refresh_vessels), scratch=scratch,
                  pool=pool if archive and not scheduler else None)
    if archive and refresh_vessels:
        t1 = time.perf_counter()
        refresh_vessels_from_archive(store, archive, cfg, stats.get("position_summary"),
                                     stats.get("statics_summary"), stats.get("identities"))
        rep.timings["vessels_from_archive"] = time.perf_counter() - t1
    rep.positions = stats.get("positions", 0)
    rep.vessels = stats.get("vessels", 0)
    rep.engine = "pool" if pool is not None and archive and not scheduler else "dask"
    rep.buckets = stats.get("buckets", 0)
    rep.timings.update({f"dask_{k}": v for k, v in stats.get("timings", {}).items()})
    positions = "positions"
    if archive:  # the matching of satellite/radar detections reads them (only when some are loaded)
        from ..detections.store import has_detections

        if has_detections(store.con):  # else the matching reads no position
            positions = A.dedup_relation(store.con, archive, "positions", cfg.ingest.dedup_window_s)
    try:
        return finish_detect(store, cfg, ev, rep, screen, t0, positions=positions,
                             quality=stats.get("identity_quality"))
    finally:
        with contextlib.suppress(Exception):
            store.con.unregister("_archive_repeats_positions")
