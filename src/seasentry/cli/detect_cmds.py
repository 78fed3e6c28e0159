"""`seasentry run`, `detect`, `events`."""

from __future__ import annotations

import json
import sys

import click

from . import main
from .ingest_cmds import input_options
from .common import ISO_TIME, config_option, console, db_option, fail, load_config, open_store, out, print_json, \
    set_option, table

zones_option = click.option("--zones", "zones", multiple=True, type=click.Path(exists=True, dir_okay=False),
                            help="GeoJSON polygons with a 'name' property, added to the shipped territorial "
                                 "seas (repeatable).")


def check_zones(zones) -> None:
    """Read every --zones file before any work (a bad file fails in seconds, not after an ingest).
    None given: nothing is imported (the geography modules: ~0.4 CPU s before the ingest starts)."""
    if not zones:
        return
    from ..geo.zones import load_zones

    for z in zones:
        try:
            load_zones(z)
        except ValueError as exc:
            fail(str(exc))


def engine_options(f):
    """--engine embedded|dask, --scheduler, --workers, --scratch (docs/scale-out.md)."""
    f = click.option("--scratch", "dask_scratch", default=None, metavar="DIR|URL",
                     help="Dask engine: where tasks put intermediate results (a run folder is made and removed "
                          "there). Default: the temp dir for a local cluster, ARCHIVE/_scratch on a remote one.")(f)
    f = click.option("--workers", "dask_workers", type=click.IntRange(1), default=None,
                     help="Worker processes for large inputs and detection (default: one per core; 1: all in this "
                          "process); with --engine dask, the workers of the local Dask cluster.")(f)
    f = click.option("--scheduler", "dask_scheduler", default=None, metavar="ADDRESS",
                     help="Run detection on this Dask scheduler (tcp://host:8786 or a scheduler .json file); "
                          "implies --engine dask.")(f)
    return click.option("--engine", type=click.Choice(["embedded", "dask"]), default="embedded",
                        show_default=True, help="Where detection's tasks run: this process and its worker pool, or "
                                                "a dask.distributed cluster (a local one unless --scheduler).")(f)


def _detect(store, cfg, zones, quiet=False, dask=None, pool=None, workers=None, full=False, progress=None,
            alongside=None):
    """``alongside``: see :func:`seasentry.engine.detect` (not with --archive)."""
    from ..engine import detect

    def say(msg):
        if progress is not None:
            progress(msg)
        elif not quiet:
            console.print(f"[dim]{msg}[/]")

    try:
        if dask is not None and dask.get("archive"):
            return _dask_detect(dask)(store, cfg, list(zones), say)
        if dask is not None:
            return _dask_store_detect(store, cfg, zones, dask, say, full, alongside)
        return detect(store, cfg, zones=list(zones), progress=say, pool=pool, workers=workers, full=full,
                      alongside=alongside)
    except ValueError as exc:  # bad zone file etc.
        fail(str(exc))


def _dask_store_detect(store, cfg, zones, opts, say, full, alongside=None):
    """The store's detection on a Dask cluster (the same task graph as the worker pool)."""
    try:
        from ..distributed import dask_client
    except ImportError as exc:
        fail(f"the Dask engine needs dask[distributed]: pip install 'seasentry[dask]' ({exc})")
    from ..engine import detect

    try:
        with dask_client(opts.get("scheduler"), opts.get("n_workers")) as client:
            return detect(store, cfg, zones=list(zones), progress=say, client=client, full=full,
                          scratch=opts.get("scratch"), alongside=alongside)
    except (OSError, TimeoutError) as exc:  # scheduler unreachable
        fail(f"Dask engine: {exc}")


def _dask_detect(opts: dict):
    """engine.detect's signature over the Dask engine reading a Parquet archive (seasentry.distributed)."""
    try:
        from ..distributed import detect_dask
    except ImportError as exc:
        fail(f"the Dask engine needs dask[distributed]: pip install 'seasentry[dask]' ({exc})")

    def run(store, cfg, zones, progress):
        try:
            return detect_dask(store, cfg, zones, progress=progress, **opts)
        except (OSError, TimeoutError) as exc:  # scheduler unreachable, archive unreadable
            fail(f"Dask engine: {exc}")

    return run


def _dask_opts(engine, scheduler, workers, archive=None, scratch=None):
    if scheduler:
        engine = "dask"
    if engine != "dask":
        if scratch or archive:
            raise click.UsageError("--scratch and --archive need --engine dask")
        return None
    return {"scheduler": scheduler, "n_workers": workers, "archive": archive, "scratch": scratch}


def _print_matching(rep) -> None:
    if getattr(rep, "detections", None):
        from .detection_cmds import print_match_summary
        print_match_summary(rep)


def _print_detect(rep) -> None:
    rows = [[t, f"{n:,}"] for t, n in rep.events_by_type.items()]
    kept = getattr(rep, "cached_buckets", 0)
    inc = f"; {kept:,} of {rep.buckets:,} MMSI buckets unchanged since the last run" if kept else ""
    out.print(table(f"events: {sum(rep.events_by_type.values()):,} over {rep.positions:,} positions of "
                    f"{rep.vessels:,} vessels ({rep.seconds:.1f} s{inc})", ["type", "events"], rows, {"events"}))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@zones_option
@config_option
@set_option
@click.option("--rules", "rules_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Alert rule file (YAML) instead of the shipped default rules (docs/alerts.md).")
@click.option("--top", type=int, default=20, show_default=True, help="Rows of the ranked alert table.")
@input_options
@click.option("--quiet", "-q", is_flag=True)
@engine_options
@click.option("--archive", default=None, metavar="DIR",
              help="National scale: ingest INPUTS (NMEA, CSV exports) into this Parquet archive with --workers processes, "
                   "detect over it with the Dask engine's task graph (on the same worker processes; on a Dask "
                   "cluster with --engine dask or --scheduler); events, screening and alerts go into the store "
                   "(docs/scale-out.md).")
@click.option("--buckets", type=click.IntRange(1, 4096), default=None,
              help="With --archive: MMSI buckets of a new archive (default: about 400k positions each).")
@click.option("--detections", "detection_files", multiple=True, type=click.Path(exists=True), metavar="FILE",
              help="Satellite/radar vessel detections to load and match to AIS (repeatable; docs/detections.md).")
@click.option("--footprints", "footprint_files", multiple=True, type=click.Path(exists=True), metavar="FILE",
              help="Scene footprints of the --detections files (repeatable).")
def run(inputs, db, zones, config_path, overrides, rules_path, top, base_time, fmt, columns, time_format, force,
        decoder, quiet, engine, dask_scheduler, dask_workers, dask_scratch, archive, buckets, detection_files,
        footprint_files):
    """The main job: ingest INPUTS, build tracks, detect every event over the whole store,
    screen every vessel against the loaded sanctions lists, evaluate the alert rules and print
    the ranked alerts (riskiest vessel first).

    The input options are those of `seasentry ingest` (--columns, --time-format, --base-time ...).
    When an input fails (a CSV whose columns are not mapped, a truncated .gz), the summary says
    why, detection still runs over what was stored, and the command exits with status 1; when
    every input failed, nothing is detected.

    Re-running is safe: inputs already ingested are skipped, detection gives the same events and
    alerts keep their status (acknowledged, escalated, dismissed).
    """
    import time as _time

    from ..pool import Pool, mark

    mark("run_start")
    t_start = _time.perf_counter()
    from .common import ensure_kernels
    from .ingest_cmds import check_archive_inputs, parse_columns

    cfg = load_config(config_path, overrides)
    on_pool = False
    if archive:
        # the task graph on this command's worker pool unless a Dask cluster is asked for
        on_pool = engine != "dask" and not dask_scheduler
        engine = "dask"
        check_archive_inputs(fmt, columns, time_format, decoder, force)
    elif buckets:
        raise click.UsageError("--buckets needs --archive")
    col_map = parse_columns(columns)
    dask = _dask_opts(engine, dask_scheduler, dask_workers, archive, dask_scratch)
    if on_pool:
        dask["on_pool"] = True
    # one pool of worker processes for the whole command: large ingests, then detection; the
    # workers of a bulk ingest start on its inputs (fingerprints, kernels) while this process
    # checks the rules and zones, opens the store and checks the kernels
    pool = Pool(dask_workers or cfg.store.workers)
    early = None
    if not archive and _bulk_likely(inputs, cfg, fmt, col_map, decoder):
        pool.start()  # the processes start while this process imports the ingest
        from ..ingest.bulk import start_early

        early = start_early(list(inputs), cfg, pool, fmt=fmt, columns=col_map, decoder=decoder)
        mark("early_started")
    try:
        from ..alerts import RuleError, resolve_rules

        try:
            ruleset = resolve_rules(cfg, rules_path)  # a bad rule file fails before any work
        except RuleError as exc:
            fail(str(exc))
        check_zones(zones)
        mark("zones_checked")
        store = open_store(db, config=cfg)  # a store held by a server or another writer fails first
        mark("store_open")
        compile_s = ensure_kernels(quiet) if decoder == "fast" else 0.0
        mark("kernels_ready")
    except BaseException:
        pool.abandon()  # what the workers began is not needed
        raise
    try:
        _run_steps(store, cfg, inputs, zones, ruleset, top, base_time, fmt, col_map, time_format, force, decoder,
                   quiet, dask, dask_workers, archive, buckets, detection_files, footprint_files, pool, t_start,
                   compile_s, early)
    finally:
        pool.close()


def _bulk_likely(inputs, cfg, fmt, col_map, decoder) -> bool:
    """Whether the inputs look like a bulk ingest's (NMEA files of at least store.bulk_min_mb
    with the fast decoder; :func:`seasentry.ingest.bulk.eligible` decides): then the worker
    processes are started at once. Only files named on the command line are counted."""
    import os

    if decoder != "fast" or fmt not in ("auto", "nmea") or col_map:
        return False
    total = 0
    for x in inputs:
        try:
            total += os.stat(x).st_size if os.path.isfile(x) else 0
        except OSError:
            return False
    return total >= float(cfg.store.bulk_min_mb) * 1e6


#: What `seasentry run` imports for detection, screening and alerts (the engine, the geography
#: with scipy and shapely, pyproj of the alert areas: ~0.5 CPU s), in a thread while its bulk
#: ingest commits (:func:`_import_ahead`) rather than while the workers wait for their tasks.
AHEAD = ("seasentry.engine", "seasentry.distributed.dask_engine", "seasentry.geo.zones", "seasentry.alerts.evaluate",
         "pyproj")


def _import_ahead():
    """A started thread importing :data:`AHEAD` (joined before detection: the command's own
    thread imports none of them meanwhile; a failed import is left for that thread to meet)."""
    import importlib
    import threading

    def run() -> None:
        for name in AHEAD:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - imported again where it is needed, which reports it
                pass

    t = threading.Thread(target=run, name="seasentry-import-ahead", daemon=True)
    t.start()
    return t


def workers_for_detection(pool, cfg, nbytes: int, preload) -> None:
    """After a bulk ingest that read ``nbytes``: workers that read little go on to detection,
    running ``preload`` (the geography) while this process commits -- no new processes to start
    and import (1M messages: ~2 CPU s); after a large ingest their memory (write buffers, the
    allocator's) is not carried into detection: new workers, preloading."""
    from ..pool import mark

    mark("workers_for_detection")
    if nbytes < float(cfg.store.reuse_workers_mb) * 1e6:
        pool.preload(preload)
    else:
        pool.restart(preload)


def _run_steps(store, cfg, inputs, zones, ruleset, top, base_time, fmt, col_map, time_format, force, decoder,
               quiet, dask, dask_workers, archive, buckets, detection_files, footprint_files, pool, t_start,
               compile_s, early=None):
    import time as _time

    from ..pool import mark
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ..alerts import evaluate, query_alerts
    from .alert_cmds import print_alert_table, print_evaluate_summary
    from .ingest_cmds import (fail_message, failed_inputs, print_archive_summary, print_summary,
                              run_archive_ingest, run_ingest)

    from ..engine import Once

    refresh = Once(None)
    detecting = False
    ahead = []
    if archive:
        bt = base_time
        on_pool = dask.pop("on_pool", False)
        arep = run_archive_ingest(list(inputs), archive, cfg, dask_workers, buckets, bt, quiet, pool=pool, fmt=fmt,
                                  columns=col_map, time_format=time_format)
        from ..distributed.partition import preload_worker

        nbytes = sum(int(s.get("bytes") or 0) for s in arep.sources)
        if on_pool:  # detection's tasks on the same workers (new ones after a large ingest)
            workers_for_detection(pool, cfg, nbytes, preload_worker)
            dask["pool"] = pool
        else:
            pool.close()
        if not quiet:
            print_archive_summary(arep)
        sources = arep.sources
        from ..distributed.archive import open_archive
        try:
            open_archive(archive)
        except ValueError as exc:
            fail(str(exc))
        # the store's vessels table is rebuilt from the archive during detection (before screening)
        dask["refresh_vessels"] = True
    else:
        from ..distributed.partition import preload_worker

        # the vessels table is refreshed after the ingest by this process while the workers run
        # the per-vessel detectors, which do not read it (screening and alerts do, after them)
        report = run_ingest(store, list(inputs), base_time=base_time, fmt=fmt, columns=col_map,
                            time_format=time_format, force=force, quiet=quiet, decoder=decoder, pool=pool,
                            refresh=False, early=early,
                            after_bulk=lambda nbytes: (workers_for_detection(pool, cfg, nbytes, preload_worker),
                                                       ahead.append(_import_ahead())))
        for t in ahead:
            t.join()
        mark("ingest_done")
        sources = report.sources

        def vessels() -> None:
            t = _time.perf_counter()
            store.refresh_vessels()
            if report.bulk_seconds is not None:
                key = "vessels (beside the detectors)" if detecting else "vessels"
                report.bulk_seconds[key] = _time.perf_counter() - t
            mark("vessels_done")
        refresh = Once(vessels)
    summary = Once(None if archive or quiet else (lambda: print_summary(report, store)))
    bad = failed_inputs(sources)
    if sources and len(bad) == len(sources):
        refresh()
        summary()
        store.close()
        fail(f"{fail_message(bad, len(sources))}; nothing was detected")

    if detection_files or footprint_files:
        from .detection_cmds import run_load
        refresh()
        summary()  # before the detections' one
        run_load(store, list(detection_files), footprints=list(footprint_files), quiet=quiet)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total} stages"), TimeElapsedColumn(), console=console, disable=quiet,
                  transient=True) as bar:
        task = bar.add_task("detecting events", total=2)
        detecting = True

        def beside() -> None:  # this process's work while the workers run the per-vessel detectors
            refresh()
            from ..alerts.evaluate import prepare
            from ..geo import Geography

            Geography.default()  # what the alert rules read, loaded now rather than after detection
            prepare(ruleset)  # the rules' land boxes, computed here rather than in the run's one-core end

        try:
            rep = _detect(store, cfg, zones, quiet=True, dask=dask, pool=pool, workers=dask_workers,
                          progress=None if quiet else (lambda m: bar.update(task, description=f"detection: {m}")),
                          alongside=beside)
        except (Exception, SystemExit):  # the ingest's vessels table is written whatever happens
            refresh()
            raise
        mark("events_written")
        # the workers' last task is done: their memory is not held beside the alert rules and
        # screening (10M messages: 2 x 270 MB at the tree's peak, benchmarks/bench_e2e.py --rss-log)
        pool.close()
        mark("detect_done")
        bar.update(task, completed=1, description="evaluating alert rules")
        arep = evaluate(store, cfg, ruleset=ruleset,
                        progress=lambda m: bar.update(task, description=f"alerts: {m}"))
        mark("alerts_done")
        bar.update(task, completed=2, description="done")
    summary()
    _print_detect(rep)
    _print_matching(rep)
    print_evaluate_summary(arep)
    print_alert_table(query_alerts(store, status=["new", "acknowledged", "escalated"], cfg=cfg),
                      "ranked alerts (riskiest vessel first)", top)
    mark("printed")
    if not quiet:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in rep.timings.items())
        comp = f" (of which {compile_s:.1f} s compiling the kernels, once per machine)" if compile_s else ""
        where = {"inline": "in this process", "pool": f"on {pool.workers} worker processes",
                 "dask": "on Dask"}.get(getattr(rep, "engine", ""), "")
        lm = (f"; the high-resolution land mask was loaded for {rep.landmask_tasks} of {rep.buckets} "
              f"task(s) (spoofing candidates near a coast)" if getattr(rep, "landmask_tasks", 0) else "")
        ing = getattr(report, "bulk_seconds", None) if not archive else None
        ing = f"ingest stages (s): {', '.join(f'{k} {v:.1f}' for k, v in ing.items())}; " if ing else ""
        console.print(f"[dim]run: {_time.perf_counter() - t_start:.1f} s in all{comp}; {ing}detection {where}, "
                      f"stages (s): {stages}{lm}[/]")
    store.close()
    if bad:
        fail(f"{fail_message(bad, len(sources))}; events and alerts above cover the inputs that were read")


@main.command()
@db_option
@zones_option
@config_option
@set_option
@click.option("--quiet", "-q", is_flag=True)
@engine_options
@click.option("--archive", default=None, metavar="DIR|URL",
              help="Dask engine: read positions and statics from this Parquet archive (`seasentry export "
                   "parquet`) instead of the store; events still go into the store.")
@click.option("--full", is_flag=True, help="Recompute every MMSI bucket (by default the per-vessel results of "
                                           "buckets unchanged since the last run are reused; same events).")
def detect(db, zones, config_path, overrides, quiet, engine, dask_scheduler, dask_workers, dask_scratch, archive,
           full):
    """Detect events over everything stored (replaces the previous events)."""
    cfg = load_config(config_path, overrides)
    dask = _dask_opts(engine, dask_scheduler, dask_workers, archive, dask_scratch)
    check_zones(zones)
    store = open_store(db, config=cfg, must_exist=True)
    rep = _detect(store, cfg, zones, quiet, dask=dask, workers=dask_workers, full=full)
    _print_detect(rep)
    _print_matching(rep)
    store.close()


def event_types(store) -> list[str]:
    """Every event type: those the detectors and screening make, and any other found in the store."""
    from ..schema import ALL_EVENT_TYPES

    stored = [r[0] for r in store.con.execute("SELECT DISTINCT type FROM events").fetchall()]
    return list(dict.fromkeys([*ALL_EVENT_TYPES, *sorted(t for t in stored if t)]))


@main.command()
@db_option
@click.option("--type", "etype", default=None, help="Event type(s), comma-separated: gap, encounter, loitering, "
              "port_visit, zone_entry, zone_exit, spoofing, identity_change, sanctions_match, dark_detection, "
              "ais_match (an unknown type is refused with the full list).")
@click.option("--mmsi", type=int, default=None)
@click.option("--start", default=None, type=ISO_TIME, help="Events ending after this time (ISO 8601).")
@click.option("--end", default=None, type=ISO_TIME, help="Events starting before this time.")
@click.option("--zone", default=None)
@click.option("--limit", type=int, default=None)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson", "table"]), default="table",
              show_default=True)
def events(db, etype, mmsi, start, end, zone, limit, fmt):
    """List detected events (jsonl is the stable contract for other tools)."""
    from ..engine import event_record, query_event_rows
    from ..store import StoreError

    store = open_store(db, read_only=True)
    if etype:
        valid = event_types(store)
        bad = [t for t in (x.strip() for x in etype.split(",")) if t and t not in valid]
        if bad:
            raise click.UsageError(f"unknown event type {', '.join(repr(b) for b in bad)}; event types: "
                                   f"{', '.join(valid)}")
    try:
        rows = query_event_rows(store, type=etype, mmsi=mmsi, start=start, end=end, zone=zone, limit=limit)
    except StoreError as exc:
        fail(str(exc))
    recs = [event_record(r) for r in rows]
    if fmt == "jsonl":
        for r in recs:
            print_json(r)
    elif fmt == "geojson":
        feats = [{"type": "Feature", "geometry": None if r["lat"] is None else
                  {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                  "properties": {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v)
                                 for k, v in r.items() if k not in ("lat", "lon")}} for r in recs]
        print_json({"type": "FeatureCollection", "features": feats})
    elif fmt == "csv":
        import csv as _csv
        w = _csv.writer(sys.stdout)
        cols = ["event_id", "type", "mmsi", "other_mmsi", "start", "end", "lat", "lon", "zone", "confidence",
                "vessel_name", "vessel_imo", "vessel_flag", "details"]
        w.writerow(cols)
        for r in recs:
            v = r["vessel"]
            w.writerow([r["event_id"], r["type"], r["mmsi"], r["other_mmsi"], r["start"], r["end"], r["lat"], r["lon"],
                        r["zone"], r["confidence"], v.get("name"), v.get("imo"), v.get("flag"),
                        json.dumps(r["details"], ensure_ascii=False)])
    else:
        out.print(table(f"{len(recs)} event(s)", ["type", "mmsi", "name", "start", "end", "zone", "conf", "other"],
                        [[r["type"], r["mmsi"], r["vessel"].get("name"), r["start"], r["end"], r["zone"],
                          r["confidence"], r["other_mmsi"]] for r in recs]))
