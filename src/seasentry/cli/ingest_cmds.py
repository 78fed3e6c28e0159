"""`seasentry ingest`, `stats`, `vessels`, `track`, `rejects`, `sources`."""

from __future__ import annotations

import json
import sys

import click

from .._lazy import lazy

pl = lazy("polars")  # read commands start without it

from . import main
from .common import ISO_TIME, check_writable, config_option, console, db_option, fail, iso, iso_columns, \
    load_config, open_store, out, print_json, set_option, table, warn, write_output


def parse_columns(value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    m = {}
    for part in value.split(","):
        if "=" not in part:
            raise click.BadParameter(f"{part!r}: expected field=COLUMN, e.g. mmsi=ID,ts=Time,lat=Lat,lon=Lon")
        k, v = part.split("=", 1)
        m[k.strip()] = v.strip()
    return m


def archive_options(f):
    """--archive DIR, --workers N, --buckets N (archive ingest, docs/scale-out.md)."""
    f = click.option("--buckets", type=click.IntRange(1, 4096), default=None,
                     help="MMSI buckets of a new archive (default: about 400k positions each).")(f)
    f = click.option("--workers", type=click.IntRange(1), default=None,
                     help="Worker processes for large inputs and --archive ingest (default: one per core).")(f)
    return click.option("--archive", default=None, metavar="DIR",
                        help="Write into this Parquet archive (created if absent) instead of the store.")(f)


def input_options(f):
    """The input options shared by `ingest` and `run`: --base-time, --format, --columns,
    --time-format, --force, --decoder."""
    f = click.option("--decoder", type=click.Choice(["fast", "pyais"]), default="fast", show_default=True,
                     help="fast: compiled framing and decoding; pyais: the reference (same results, slower).")(f)
    f = click.option("--force", is_flag=True,
                     help="Read inputs again even if already ingested (still no duplicates).")(f)
    f = click.option("--time-format", default=None, help="strptime format of the CSV time column, or 'epoch'.")(f)
    f = click.option("--columns", default=None, metavar="FIELD=COL,...",
                     help="CSV column mapping for unknown exports, e.g. mmsi=ID,ts=When,lat=Lat,lon=Lon.")(f)
    f = click.option("--format", "fmt", type=click.Choice(["auto", "nmea", "csv"]), default="auto",
                     show_default=True)(f)
    return click.option("--base-time", default=None, type=ISO_TIME, metavar="ISO8601",
                        help="Time for messages that carry none (files without tag blocks or trailing times).")(f)


def check_archive_inputs(fmt, columns, time_format, decoder, force) -> None:
    """--archive reads NMEA with the fast decoder and CSV exports with the store's CSV code (with
    --format, --columns and --time-format as the store takes them)."""
    if decoder != "fast" or force:
        raise click.UsageError("--archive takes the fast decoder: --decoder pyais and --force do not apply")


def failed_inputs(sources) -> list:
    """Sources whose reading failed (report objects or archive dicts)."""
    return [s for s in sources if (s.get("status") if isinstance(s, dict) else s.status) == "failed"]


def fail_message(failed, total: int) -> str:
    names = ", ".join((s.get("name") if isinstance(s, dict) else s.name) for s in failed[:3])
    more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
    return (f"{len(failed)} of {total} input(s) failed ({names}{more}): see the reason above; what was read "
            f"before the failure is stored")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@input_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@archive_options
@config_option
@set_option
def ingest(inputs, db, base_time, fmt, columns, time_format, force, decoder, quiet, as_json, archive, workers,
           buckets, config_path, overrides):
    """Read AIS from files, directories, .gz/.bz2/.xz, .zip members or - (stdin) into the store.

    NMEA (tag blocks, trailing times, $PGHP, multipart) and decoded CSV (NOAA, DMA, Brest,
    satellite exports, or any CSV with --columns) are recognised automatically. Bad lines
    are kept as rejects with their reason: see `seasentry rejects`.

    With --archive DIR, NMEA files and CSV exports go straight into a Parquet archive instead (national scale:
    one process per core, flat memory; docs/scale-out.md); `seasentry run --archive DIR` and
    `seasentry detect --engine dask --archive DIR` detect events over it.
    """
    cfg = load_config(config_path, overrides)
    if archive:
        check_archive_inputs(fmt, columns, time_format, decoder, force)
        arep = run_archive_ingest(list(inputs), archive, cfg, workers, buckets, base_time, quiet, fmt=fmt,
                                  columns=parse_columns(columns), time_format=time_format)
        if as_json:
            print_json(archive_summary_dict(arep))
        else:
            print_archive_summary(arep)
        bad = failed_inputs(arep.sources)
        if bad:
            if not as_json:
                console.print(f"[red]error:[/] {fail_message(bad, len(arep.sources))}")
            sys.exit(1)
        return
    if buckets:
        raise click.UsageError("--buckets needs --archive")
    if workers:
        cfg.store.workers = workers
    store = open_store(db, config=cfg)  # a store held by a server or another writer fails first
    if decoder == "fast":
        from .common import ensure_kernels
        ensure_kernels(quiet or as_json)
    report = run_ingest(store, list(inputs), base_time=base_time, fmt=fmt, columns=parse_columns(columns),
                        time_format=time_format, force=force, quiet=quiet, decoder=decoder)
    if as_json:
        print_json(summary_dict(report))
    else:
        print_summary(report, store)
    store.close()
    bad = failed_inputs(report.sources)
    if bad:
        if not as_json:
            console.print(f"[red]error:[/] {fail_message(bad, len(report.sources))}")
        sys.exit(1)


def run_archive_ingest(inputs, archive, cfg, workers=None, buckets=None, base_time=None, quiet=False, pool=None,
                       fmt="auto", columns=None, time_format=None):
    """``seasentry.distributed.ingest.ingest_archive`` with a progress bar and CLI errors."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn, TransferSpeedColumn

    from ..distributed.ingest import ArchiveIngestError, ingest_archive
    from ..ingest.sources import InputError
    from ..store import Store

    bt = None
    if base_time:
        from datetime import timezone
        bt = Store._time(base_time).replace(tzinfo=timezone.utc).timestamp()
    show = not quiet and console.is_terminal
    prog = Progress(TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                    TimeElapsedColumn(), console=console, disable=not show, transient=True)
    task = [None]

    def cb(name, done, total):
        if task[0] is None:
            task[0] = prog.add_task(f"archive ingest -> {archive}"[-50:], total=total)
        prog.update(task[0], completed=done, total=total)

    try:
        with prog:
            # no progress bar to feed: no progress queue (nor the process that serves it)
            rep = ingest_archive(inputs, archive, cfg, workers=workers, buckets=buckets, base_time=bt,
                                 progress=cb if show else None, pool=pool, fmt=fmt, columns=columns,
                                 time_format=time_format)
    except (InputError, ArchiveIngestError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        console.print("[yellow]interrupted: files of finished rotations are kept; run the same command again "
                      "to finish (unfinished files are removed and read again, nothing is stored twice)[/]")
        sys.exit(130)
    for s in rep.sources:
        if s["status"] == "failed":
            console.print(f"[red]failed[/] {s['name']}: {s.get('message', '')}")
        elif s["status"] == "skipped":
            console.print(f"[dim]skipped {s['name']}: {s.get('message', '')}[/]")
        elif s["status"] == "complete" and not s.get("messages"):
            from types import SimpleNamespace

            w = empty_input_warning(SimpleNamespace(
                name=s["name"], messages=0, lines=int(s.get("lines") or 0), blank=int(s.get("blank") or 0),
                headers=int(s.get("headers") or 0), rejects=int(s.get("rejects") or 0)))
            if w:
                warn(w)
    return rep


def archive_summary_dict(rep) -> dict:
    t = rep.total()
    return {"archive": rep.archive, "buckets": rep.buckets, "workers": rep.workers,
            "sources": [{k: s.get(k) for k in ("name", "status", "message", "lines", "messages", "rejects")}
                        for s in rep.sources],
            "lines": t["lines"], "messages": t["messages"], "positions": t["positions"],
            "static_reports": t["statics"], "other_messages": t["other"], "rejects": t["rejects"],
            "rejects_by_reason": t["rejects_by_reason"], "seconds": round(rep.seconds, 3),
            "messages_per_second": round(t["messages"] / rep.seconds, 1) if rep.seconds > 0 else None}


def print_archive_summary(rep) -> None:
    d = archive_summary_dict(rep)
    rows = [["archive", f"{d['archive']} ({d['buckets']} MMSI buckets)"],
            ["inputs", f"{len(d['sources'])} ({sum(s['status'] == 'skipped' for s in d['sources'])} skipped, "
                       f"{sum(s['status'] == 'failed' for s in d['sources'])} failed), {d['workers']} worker(s)"],
            ["lines", f"{d['lines']:,}"], ["messages", f"{d['messages']:,}"],
            ["positions", f"{d['positions']:,}"], ["static reports", f"{d['static_reports']:,}"],
            ["other messages", f"{d['other_messages']:,}"], ["rejects", f"{d['rejects']:,}"],
            ["seconds", f"{d['seconds']:,.1f}"],
            ["messages/s", f"{d['messages_per_second']:,.0f}" if d["messages_per_second"] else "-"]]
    out.print(table("archive ingest summary (repeats heard twice are removed when the archive is read)",
                    ["", "value"], rows))
    if d["rejects_by_reason"]:
        from ..schema import REJECT_REASONS
        out.print(table("rejects by reason", ["reason", "count", "meaning"],
                        [[k, f"{v:,}", REJECT_REASONS.get(k, "")] for k, v in
                         sorted(d["rejects_by_reason"].items(), key=lambda kv: -kv[1])]))
        out.print(f"[dim]rejected lines are in {d['archive']}/rejects/*.parquet[/]")


def run_ingest(store, inputs, quiet=False, **kw):
    import duckdb
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn, TransferSpeedColumn

    from ..ingest.pipeline import ingest as do_ingest
    from ..ingest.sources import InputError
    from ..store import is_interrupt

    show = not quiet and console.is_terminal
    prog = Progress(TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                    TimeElapsedColumn(), console=console, disable=not show, transient=True)
    tasks: dict[str, int] = {}

    def cb(name, done, total):
        if name not in tasks:
            tasks[name] = prog.add_task(name[-40:], total=total)
        prog.update(tasks[name], completed=done, total=total)

    try:
        with prog:
            report = do_ingest(store, inputs, progress=cb, **kw)
    except InputError as exc:
        fail(str(exc))
    except (KeyboardInterrupt, RuntimeError, SystemError, duckdb.Error) as exc:
        if not is_interrupt(exc):
            raise
        console.print("[yellow]interrupted: batches written so far are kept; run the same command again "
                      "to finish (nothing will be stored twice)[/]")
        sys.exit(130)
    for s in report.sources:
        if s.status == "failed":
            console.print(f"[red]failed[/] {s.name}: {s.message}")
        elif s.status == "skipped":
            console.print(f"[dim]skipped {s.name}: {s.message} (use --force to read it again)[/]")
        else:
            w = empty_input_warning(s)
            if w:
                warn(w)
    return report


def empty_input_warning(s) -> str | None:
    """A warning for an input that was read whole but gave nothing to store (an empty file, only
    blank lines or headers, or every line rejected)."""
    if s.messages:
        return None
    if s.lines == 0:
        return f"{s.name} is empty: nothing was ingested (check the file was written completely)"
    if s.lines == s.blank + s.headers:
        return f"{s.name} holds no data ({s.lines:,} blank or header line(s)): nothing was ingested"
    return (f"{s.name}: no AIS message in {s.lines:,} line(s), {s.rejects:,} rejected "
            f"(see `seasentry rejects`; is it an AIS file?)")


def summary_dict(report) -> dict:
    t = report.total()
    return {
        "sources": [{"name": s.name, "status": s.status, "format": s.format, "message": s.message,
                     "lines": s.lines, "messages": s.messages, "stored": s.stored, "duplicates": s.duplicates,
                     "rejects": s.rejects} for s in report.sources],
        "lines": t.lines, "sentences": t.sentences, "messages": t.messages, "stored": t.stored,
        "duplicates": t.duplicates, "positions": t.positions, "static_reports": t.statics,
        "other_messages": t.other, "rejects": t.rejects, "messages_by_type": dict(sorted(t.by_type.items())),
        "rejects_by_reason": dict(t.rejects_by_reason.most_common()), "first_time": iso(t.first_ts),
        "last_time": iso(t.last_ts), "seconds": round(report.seconds, 3),
        "messages_per_second": round(t.messages / report.seconds, 1) if report.seconds > 0 else None,
    }


def print_summary(report, store) -> None:
    d = summary_dict(report)
    n_vessels = store.con.execute("SELECT count(*) FROM vessels").fetchone()[0]
    rows = [
        ["inputs", f"{len(d['sources'])} ({sum(s['status'] == 'skipped' for s in d['sources'])} skipped, "
                   f"{sum(s['status'] == 'failed' for s in d['sources'])} failed)"],
        ["lines", f"{d['lines']:,}"], ["sentences", f"{d['sentences']:,}"],
        ["messages", f"{d['messages']:,}"],
        ["  stored", f"{d['stored']:,}"], ["  duplicates skipped", f"{d['duplicates']:,}"],
        ["positions", f"{d['positions']:,}"], ["static reports", f"{d['static_reports']:,}"],
        ["other messages", f"{d['other_messages']:,}"],
        ["vessels in store", f"{n_vessels:,}"],
        ["time span", f"{d['first_time'] or '-'} .. {d['last_time'] or '-'}"],
        ["rejects", f"{d['rejects']:,}"],
        ["messages/s", f"{d['messages_per_second']:,.0f}" if d["messages_per_second"] else "-"],
    ]
    out.print(table("ingest summary", ["", "value"], rows))
    if d["messages_by_type"]:
        out.print(table("messages by type", ["type", "count"],
                        [[k, f"{v:,}"] for k, v in sorted(d["messages_by_type"].items(),
                                                          key=lambda kv: (len(kv[0]), kv[0]))]))
    if d["rejects_by_reason"]:
        from ..schema import REJECT_REASONS
        out.print(table("rejects by reason", ["reason", "count", "meaning"],
                        [[k, f"{v:,}", REJECT_REASONS.get(k, "")] for k, v in d["rejects_by_reason"].items()]))
        out.print("[dim]see them with: seasentry rejects [--reason REASON][/]")


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(db, fmt):
    """What the store holds: messages, positions, vessels, rejects, time span."""
    store = open_store(db, read_only=True)
    s = store.stats()
    if fmt == "json":
        print_json(s)
        return
    rows = [[k, f"{v:,}" if isinstance(v, int) else v] for k, v in s.items()
            if not isinstance(v, dict)]
    out.print(table(None, ["", "value"], rows))
    if s["messages_by_type"]:
        out.print(table("messages by type", ["type", "count"], [[k, f"{v:,}"] for k, v in s["messages_by_type"].items()]))
    if s["rejects_by_reason"]:
        out.print(table("rejects by reason", ["reason", "count"], [[k, f"{v:,}"] for k, v in s["rejects_by_reason"].items()]))
    if s.get("partial_sources"):
        warn(f"{s['partial_sources']} input(s) only partly ingested (an interrupted ingest): run the same ingest "
             "command again to finish them (nothing is stored twice); see `seasentry sources`")


def identity_flags(r: dict) -> str:
    """'default MMSI', 'shared by N transmitters', both or '' (vessels table flags)."""
    f = []
    if r.get("default_mmsi"):
        f.append("default MMSI")
    if r.get("shared_mmsi"):
        f.append(f"shared by {r.get('transmitters') or 2} transmitters")
    return ", ".join(f)


@main.command()
@db_option
@click.option("--search", default=None, help="MMSI, IMO, call sign, or part of any name ever broadcast.")
@click.option("--limit", default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def vessels(db, search, limit, fmt):
    """List vessels (latest identity, flag from the MMSI's MID, class, identity quality, first/last seen).

    The identity column flags placeholder MMSIs (default_mmsi: MID000000, 123456789 ...) and
    MMSIs heard from several transmitters at once (shared_mmsi, with their number)."""
    store = open_store(db, read_only=True)
    if fmt == "csv":
        sys.stdout.write(iso_columns(store.vessels(search=search, limit=limit)).write_csv())
        return
    vs = store.vessel_rows(search=search, limit=limit)  # plain rows: no polars to import
    if fmt == "json":
        for r in vs:
            r["identities"] = ([{k: v for k, v in x.items() if k != "mmsi"} for x in store.identity_rows(r["mmsi"])]
                               if search else None)
            print_json({k: v for k, v in r.items() if v is not None})
        return
    cols = ["mmsi", "name", "callsign", "imo", "ship_type", "flag", "mmsi_kind", "ais_class", "identity",
            "positions", "first_seen", "last_seen"]
    rows = [[identity_flags(r) if c == "identity" else r[c] if c not in ("first_seen", "last_seen") else iso(r[c])
             for c in cols] for r in vs]
    out.print(table(f"{len(vs)} vessel(s)", cols, rows, {"positions"}))
    if search and len(vs) <= 5:
        for m in [r["mmsi"] for r in vs]:
            ids = store.identity_rows(m)
            if ids:
                out.print(table(f"identity history of {m}", ["field", "value", "first_seen", "last_seen", "reports"],
                                [[r["field"], r["value"], iso(r["first_seen"]), iso(r["last_seen"]), r["reports"]]
                                 for r in ids]))


@main.command()
@click.argument("mmsi", type=int)
@db_option
@click.option("--start", default=None, type=ISO_TIME, help="ISO 8601 UTC, e.g. 2024-05-01T00:00:00Z")
@click.option("--end", default=None, type=ISO_TIME, help="ISO 8601 UTC.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv", "parquet"]), default="geojson",
              show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (required for parquet; default stdout).")
@config_option
@set_option
def track(mmsi, db, start, end, fmt, out_path, config_path, overrides):
    """Export one vessel's positions (GeoJSON opens in QGIS).

    GeoJSON: the track as a LineString (a Point for a single position; a MultiLineString of
    separate segments where the vessel was silent longer than gap.max_hours), then every position
    as a Point with its fields; an empty FeatureCollection when there is no position."""
    from ..store import StoreError

    cfg = load_config(config_path, overrides)
    store = open_store(db, read_only=True, config=cfg)
    known = store.con.execute("SELECT count(*) FROM vessels WHERE mmsi = ?", [mmsi]).fetchone()[0]
    if not known:
        fail(f"no vessel with MMSI {mmsi} in {store.path.name} (find it with `seasentry vessels --search ...`)")
    max_gap_s = float(store.config.gap.max_hours) * 3600
    if fmt == "geojson":  # plain rows: no polars or pyarrow to import
        try:
            rows = track_rows(store, mmsi, start, end)
        except StoreError as exc:
            fail(str(exc))
        if not rows:
            warn(f"no positions for MMSI {mmsi}" + (" in that time range" if start or end else "")
                 + f": the {fmt} output is empty")
        text = json.dumps(track_geojson_rows(store, mmsi, rows, max_gap_s=max_gap_s))
        if out_path:
            write_output(out_path, text, "track file")
            console.print(f"wrote {len(rows)} positions to {out_path}")
        else:
            sys.stdout.write(text + "\n")
        return
    try:
        df = store.positions(mmsi=mmsi, start=start, end=end)
    except StoreError as exc:
        fail(str(exc))
    if df.height == 0:  # a valid, empty answer (an empty FeatureCollection, a CSV header, ...)
        warn(f"no positions for MMSI {mmsi}" + (" in that time range" if start or end else "")
             + f": the {fmt} output is empty")
    df = df.drop("msg_key")
    if fmt == "parquet":
        if not out_path:
            fail("--format parquet needs --out FILE.parquet")
        check_writable(out_path, "track file")
        try:
            df.write_parquet(out_path)
        except OSError as exc:
            from .errors import os_reason
            fail(f"cannot write the track file {out_path}: {os_reason(exc)}")
        console.print(f"wrote {df.height} positions to {out_path}")
        return
    text = iso_columns(df).write_csv()
    if out_path:
        write_output(out_path, text, "track file")
        console.print(f"wrote {df.height} positions to {out_path}")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))


#: the fields of every position of a GeoJSON track (after ``ts_ms``, its time in epoch milliseconds)
TRACK_FIELDS = ("ts", "lat", "lon", "sog", "cog", "heading", "nav_status", "msg_type")


def track_rows(store, mmsi: int, start=None, end=None) -> list[tuple]:
    """(ts_ms, *TRACK_FIELDS) of the positions of ``mmsi`` with a latitude, in the order of
    :meth:`Store.positions`, as plain tuples (no polars: ``seasentry track`` in GeoJSON)."""
    where, args = store._where(mmsi, start, end)
    where += (" AND " if where else " WHERE ") + "lat IS NOT NULL"
    cols = ", ".join(f'"{c}"' for c in TRACK_FIELDS)
    return store.con.execute(f"SELECT epoch_ms(ts), {cols} FROM positions{where} ORDER BY mmsi, ts", args).fetchall()


def track_geojson(store, mmsi: int, df: pl.DataFrame, max_gap_s: float | None = None) -> dict:
    """:func:`track_geojson_rows` of a positions DataFrame (:meth:`Store.positions`)."""
    if df.height == 0:
        return {"type": "FeatureCollection", "features": []}
    ms = df["ts"].dt.epoch("ms").to_list()
    return track_geojson_rows(store, mmsi, [(t, *r) for t, r in zip(ms, df.select(*TRACK_FIELDS).iter_rows())],
                              max_gap_s)


def track_geojson_rows(store, mmsi: int, rows: list[tuple], max_gap_s: float | None = None) -> dict:
    """A FeatureCollection: the track (LineString; a Point for one position; a MultiLineString
    when silences longer than ``max_gap_s`` split it into segments: seasentry.geojson), then
    every position as a Point with its fields. ``rows``: (ts_ms, *TRACK_FIELDS) in time order
    (:func:`track_rows`). No position: an empty FeatureCollection."""
    from ..geojson import track_geometry

    if not rows:
        return {"type": "FeatureCollection", "features": []}
    v = store.vessel_rows(search=str(mmsi), limit=1)
    props = {"mmsi": mmsi}
    if v:
        props.update({k: v[0][k] for k in ("name", "callsign", "imo", "flag") if v[0][k] is not None})
    props.update({"start": iso(rows[0][1]), "end": iso(rows[-1][1]), "positions": len(rows)})
    geom = track_geometry([r[3] for r in rows], [r[2] for r in rows], [r[0] / 1000 for r in rows], max_gap_s)
    if geom is not None and geom["type"] == "MultiLineString":
        props["segments"] = len(geom["coordinates"])
    feats = [{"type": "Feature", "properties": props, "geometry": geom}]
    for row in rows:
        r = dict(zip(TRACK_FIELDS, row[1:]))
        p = {k: v for k, v in r.items() if k not in ("lat", "lon") and v is not None}
        p["ts"] = iso(r["ts"])
        feats.append({"type": "Feature", "properties": p, "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}})
    return {"type": "FeatureCollection", "features": feats}


@main.command()
@db_option
@click.option("--reason", default=None, help="Only this reason (see `seasentry stats`; docs/ingest.md lists them).")
@click.option("--limit", default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def rejects(db, reason, limit, fmt):
    """Lines and records that could not be used, with file, line number and reason.

    Reject text is printed escaped: control characters (C0, DEL, C1) and invisible Unicode
    format characters (bidirectional overrides, ...) never reach the terminal raw. In the table
    and CSV they are written \\xNN / \\uNNNN; in JSON lines as JSON escapes (\\u0000), which
    decode to the exact stored text."""
    store = open_store(db, read_only=True)
    if reason:
        from ..schema import REJECT_REASONS

        stored = [r[0] for r in store.con.execute("SELECT DISTINCT reason FROM rejects").fetchall()]
        valid = list(dict.fromkeys([*REJECT_REASONS, *sorted(x for x in stored if x)]))
        if reason not in valid:
            raise click.UsageError(f"unknown reject reason {reason!r}; reasons: {', '.join(valid)} "
                                   "(meanings: docs/ingest.md, \"Rejects\")")
    df = store.rejects(reason=reason, limit=limit)
    text_cols = [c for c, t in df.schema.items() if t == pl.String]
    if fmt == "jsonl":
        for r in df.iter_rows(named=True):
            sys.stdout.write(json_escape_controls(json.dumps(r, ensure_ascii=False, default=str)) + "\n")
    elif fmt == "csv":
        sys.stdout.write(df.with_columns([pl.col(c).map_elements(escape_controls, return_dtype=pl.String)
                                          for c in text_cols]).write_csv())
    else:
        out.print(table(f"{df.height} reject(s)", ["source", "line", "reason", "detail", "raw"],
                        [[escape_controls(r["source"]), r["line_no"], escape_controls(r["reason"]),
                          escape_controls(r["detail"]), escape_controls((r["raw"] or "")[:80])]
                         for r in df.iter_rows(named=True)]))


def _unsafe(ch: str) -> bool:
    """Characters a terminal may act on or that are invisible: C0 and C1 controls, DEL, Unicode
    format characters (bidirectional overrides, zero-width ...), line and paragraph separators."""
    import unicodedata
    o = ord(ch)
    if o < 0x20 or 0x7F <= o <= 0x9F:
        return True
    return o > 0x9F and unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def escape_controls(v):
    """Text with every unsafe character (see _unsafe) written as \\xNN or \\uNNNN (None stays None)."""
    if v is None:
        return None
    v = str(v)
    if v.isprintable() and v.isascii():
        return v
    return "".join((f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if _unsafe(c) else c for c in v)


def json_escape_controls(text: str) -> str:
    """JSON text with every unsafe character left by json.dumps written as a JSON escape."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"\\u{ord(c):04x}" if (_unsafe(c) and ord(c) <= 0xFFFF) else c for c in text)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def sources(db, fmt):
    """The ingest log: every input with its fingerprint, status and counts.

    An input read in several passes (an interrupted ingest run again, or --force) shows them all:
    'passes', and 'stored', the messages in the store that came from it over every pass."""
    import json as _json

    store = open_store(db, read_only=True)
    recs = []
    for r in store.source_rows():  # plain rows: no polars to import
        msgs = r["messages"]
        dups = max(int(msgs) - int(r["in_store"]), 0) if r["status"] == "complete" and msgs is not None \
            else r["duplicates"]
        counts = _json.loads(r["counts"]) if r["counts"] else {}
        recs.append({"source_id": r["source_id"], "name": r["name"], "member": r["member"], "format": r["format"],
                     "status": r["status"], "passes": r["passes"], "lines": r["lines"], "messages": msgs,
                     "stored": r["in_store"], "duplicates": dups, "rejects": r["rejects"], "size": r["size"],
                     "started": iso(r["started"]), "finished": iso(r["finished"]), "seconds": r["seconds"],
                     "sha256": r["sha256"], "decoder": r["decoder"], "pass_log": counts.get("passes", [])})
    store.close()
    if fmt == "json":
        for x in recs:
            print_json(x)
        return
    out.print(table(None, ["id", "name", "format", "status", "passes", "lines", "messages", "stored", "dups",
                           "rejects", "seconds", "sha256"],
                    [[x["source_id"], x["name"], x["format"], x["status"], x["passes"], x["lines"], x["messages"],
                      x["stored"], x["duplicates"], x["rejects"],
                      None if x["seconds"] is None else round(x["seconds"], 2), (x["sha256"] or "")[:12]]
                     for x in recs], {"passes", "lines", "messages", "stored", "dups", "rejects", "seconds"}))
    if any(x["passes"] > 1 for x in recs):
        out.print("[dim]passes > 1: the input was read again (an interrupted ingest finished, or --force); "
                  "'stored' counts every pass, 'seconds' the last one[/]")
