"""`seasentry stream` (live feeds into the store, with alerts) and `seasentry replay` (a file as a feed)."""

from __future__ import annotations

from .._lazy import lazy

asyncio = lazy("asyncio")  # only the commands that serve need it
import sys

import click

from . import main
from .common import check_writable, config_option, console, db_option, fail, load_config, open_store, out, \
    print_json, set_option, table, warn


@main.command()
@click.option("--tcp", "tcp", multiple=True, metavar="[NAME=]HOST:PORT",
              help="Connect to a receiver/aggregator (reconnects with back-off). Repeatable.")
@click.option("--listen", "listen", multiple=True, metavar="[NAME=][HOST:]PORT",
              help="TCP server for receivers that push (default host 0.0.0.0). Repeatable.")
@click.option("--udp", "udp", multiple=True, metavar="[NAME=][HOST:]PORT",
              help="Receive UDP datagrams on PORT. Repeatable.")
@click.option("--name", "names", multiple=True,
              help="Name of each source, in order: --tcp ones, then --listen, then --udp. The name is "
                   "the station of messages without a tag-block s: field.")
@db_option
@click.option("--zones", "zones", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="GeoJSON polygons ('name' property) added to the shipped territorial seas.")
@click.option("--webhook", "webhooks", multiple=True, metavar="URL",
              help="POST new/changed/retracted events as JSON to URL (retried). Repeatable.")
@click.option("--no-detect", is_flag=True, help="Store only; no incremental detection or alerts.")
@click.option("--journal", "journal_dir", type=click.Path(file_okay=False), default=None,
              help="Journal folder (default: next to the store, DB.journal).")
@click.option("--duration", type=float, default=None, help="Stop after this many seconds.")
@click.option("--idle-exit", type=float, default=None, help="Stop when no line arrived for this many seconds.")
@click.option("--recover-only", is_flag=True, help="Replay the journal into the store, then exit.")
@click.option("--stats-file", type=click.Path(dir_okay=False), default=None,
              help="Keep a JSON file with live statistics (rewritten every second).")
@click.option("--json", "as_json", is_flag=True, help="Print the final summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No periodic status lines.")
@click.option("--decoder", type=click.Choice(["fast", "pyais"]), default="fast", show_default=True,
              help="As for `seasentry ingest`: the same framing, reassembly and decoding as a file ingest.")
@config_option
@set_option
def stream(tcp, listen, udp, names, db, zones, webhooks, no_detect, journal_dir, duration, idle_exit,
           recover_only, stats_file, as_json, quiet, decoder, config_path, overrides):
    """Ingest live NMEA feeds (TCP client, TCP server, UDP) with alerts, nothing lost.

    Every received line is journaled before it is processed; batches are committed every
    live.batch_interval_s (or live.batch_max_lines); after a crash or kill -9 the next start
    replays the journal from the checkpoint. Stop with Ctrl-C. See docs/live.md.
    """
    from ..live import LiveDetector, LiveStream, SourceSpecError, parse_source

    cfg = load_config(config_path, overrides)
    specs_in = [("tcp", v) for v in tcp] + [("listen", v) for v in listen] + [("udp", v) for v in udp]
    if not specs_in and not recover_only:
        raise click.UsageError("give at least one source: --tcp HOST:PORT, --listen PORT or --udp PORT "
                               "(or --recover-only)")
    if len(names) > len(specs_in):
        raise click.UsageError(f"{len(names)} --name for {len(specs_in)} sources")
    try:
        specs = [parse_source(k, v, names[i] if i < len(names) else None) for i, (k, v) in enumerate(specs_in)]
    except SourceSpecError as exc:
        raise click.UsageError(str(exc)) from None
    for w in webhooks:
        if not w.lower().startswith(("http://", "https://")):
            raise click.UsageError(f"--webhook {w!r}: must be an http:// or https:// URL")
    if stats_file:
        check_writable(stats_file, "statistics file")
    store = open_store(db, config=cfg)
    detector = None if no_detect else LiveDetector(cfg, zones=list(zones))

    def status(s):
        if quiet:
            return
        src = ", ".join(f"{n}: {v['lines']:,} lines ({v['lines_per_s']:,.0f}/s, q {v['queued']:,})"
                        for n, v in s["sources"].items())
        console.print(f"[dim]{s['uptime_s']:.0f} s: {s['stored']:,} stored, {s['duplicates']:,} dup, "
                      f"{s['rejects']:,} rejects, {s['bus']['published']:,} alerts | {src}[/]")

    try:
        ls = LiveStream(store, specs, cfg, detector=detector, journal_dir=journal_dir, webhooks=list(webhooks),
                        stats_file=stats_file, status=status, decoder=decoder)
    except (SourceSpecError, ValueError) as exc:
        fail(str(exc))

    async def main_():
        task = asyncio.create_task(ls.run(duration=duration, idle_exit=idle_exit, recover_only=recover_only))
        # announce bound ports (PORT 0 = any free port) once the sources are up
        for _ in range(200):
            if task.done() or all(st.bound_port or st.spec.kind == "tcp" for st in ls.states.values()):
                break
            await asyncio.sleep(0.05)
        if not task.done():
            for st in ls.states.values():
                where = st.spec.url if st.spec.kind == "tcp" else f"{st.spec.kind}://{st.spec.host}:{st.bound_port}"
                console.print(f"source [bold]{st.spec.name}[/]: {where}")
        return await task

    try:
        summary = asyncio.run(main_())
    except OSError as exc:  # e.g. port in use
        store.close()
        fail(f"cannot start: {exc}")
    except Exception as exc:  # e.g. the store cannot be written during recovery
        store.close()
        fail(f"stream stopped: {type(exc).__name__}: {exc} (the journal is kept; run again to resume)")
    store.close()
    if summary.get("commit_errors"):
        console.print(f"[red]stopped: a batch could not be committed: {summary['last_commit_error']}[/] "
                      "(the journal is kept; run again to resume)")
    if as_json:
        print_json(summary)
    if summary.get("commit_errors"):
        sys.exit(1)
    if as_json:
        return
    rec = summary.get("recovery") or {}
    if rec.get("lines_replayed"):
        console.print(f"recovered from the journal: {rec['lines_replayed']:,} lines replayed, "
                      f"{rec['stored']:,} messages stored, {rec['skipped_committed'] + rec['found_in_store']:,} "
                      f"already in the store")
    rows = [[k, f"{summary[k]:,}"] for k in ("lines", "messages", "stored", "duplicates", "rejects", "batches")]
    rows.append(["alerts published", f"{summary['bus']['published']:,}"])
    out.print(table("stream summary", ["", "value"], rows))
    srows = [[n, v["kind"], f"{v['lines']:,}", f"{v.get('stored', 0):,}", f"{v.get('rejects', 0):,}",
              v["connections"], v["reconnects"], v["dropped_lines"], v["stalls"]]
             for n, v in summary["sources"].items()]
    if srows:
        out.print(table("sources", ["name", "kind", "lines", "stored", "rejects", "conns", "reconnects",
                                    "dropped", "stalls"], srows))
    if summary["rejects_by_reason"]:
        out.print(table("rejects by reason", ["reason", "count"],
                        [[k, f"{v:,}"] for k, v in sorted(summary["rejects_by_reason"].items())]))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--speed", default="1x", show_default=True,
              help="Time scale for tag-block times: 10x, 100x, ... or max (as fast as possible).")
@click.option("--rate", type=float, default=100.0, show_default=True,
              help="Lines per second for files without tag-block times.")
@click.option("--tcp-serve", "tcp_serve", default=None, metavar="[HOST:]PORT",
              help="Serve the feed over TCP (each client gets a playback; host 127.0.0.1 by default).")
@click.option("--udp", "udp", default=None, metavar="HOST:PORT", help="Send the feed as UDP datagrams.")
@click.option("--max-gap", type=float, default=600.0, show_default=True,
              help="A forward jump of the file's times longer than this (seconds of data time) counts as this.")
@click.option("--loop", is_flag=True, help="Repeat for ever, shifting tag-block times by the file's span.")
@click.option("--exit-after", type=int, default=0, help="With --tcp-serve: exit after this many complete "
              "playbacks (0 = serve until Ctrl-C).")
@click.option("--quiet", "-q", is_flag=True)
def replay(file, speed, rate, tcp_serve, udp, max_gap, loop, exit_after, quiet):
    """Replay a recorded or generated NMEA FILE as a live feed (demos, tests, training)."""
    from ..live.replay import Replayer, parse_speed, read_lines

    if not tcp_serve and not udp:
        raise click.UsageError("give --tcp-serve PORT and/or --udp HOST:PORT")
    try:
        sp = parse_speed(speed)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    lines = read_lines(file)
    if not lines:
        warn(f"{file} has no lines: nothing to replay")
    r = Replayer(lines, speed=sp, rate=rate, loop=loop, max_gap_s=max_gap)

    def hp(v, default_host):
        host, _, port = v.rpartition(":")
        try:
            return host.strip("[]") or default_host, int(port)
        except ValueError:
            raise click.UsageError(f"{v!r}: expected [HOST:]PORT") from None

    async def main_():
        stop = asyncio.Event()
        import signal
        loop_ = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop_.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):
                pass
        tasks = []
        if tcp_serve:
            h, p = hp(tcp_serve, "127.0.0.1")

            def on_listen(port):
                console.print(f"serving {file} on tcp://{h}:{port} (speed {speed})")
                sys.stderr.flush()
            tasks.append(asyncio.create_task(r.serve_tcp(h, p, stop, exit_after, on_listen)))
        if udp:
            h, p = hp(udp, "127.0.0.1")

            async def udp_task():
                await r.send_udp(h, p, stop)
                if not tcp_serve:
                    stop.set()
            tasks.append(asyncio.create_task(udp_task()))
        waiter = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_EXCEPTION)
        stop.set()
        for t in tasks:
            if t.done() and not t.cancelled() and t.exception() is not None:
                raise t.exception()
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, waiter, return_exceptions=True)

    try:
        asyncio.run(main_())
    except OSError as exc:
        fail(f"cannot start: {exc}")
    if not quiet:
        print_json(r.stats.as_dict())
