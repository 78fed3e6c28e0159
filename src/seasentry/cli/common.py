"""Options and helpers shared by the command modules."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click
from rich.console import Console
from rich.table import Table

from ..timeutil import iso  # noqa: F401  (re-exported for the command modules)

#: Width of output that is not a terminal (a log, a pipe, a file): wide enough that nothing is
#: wrapped mid-phrase (messages) or squeezed (tables take their natural width).
PLAIN_WIDTH = 100_000


def _console(stderr: bool) -> Console:
    c = Console(stderr=stderr, highlight=False)
    if not c.is_terminal:  # piped or redirected: one message per line, tables at their natural width
        c = Console(stderr=stderr, highlight=False, width=PLAIN_WIDTH, soft_wrap=True)
    return c


console = _console(stderr=True)
out = _console(stderr=False)

class IsoTime(click.ParamType):
    """A time option (--start, --end, --base-time): checked when the command line is read, kept
    as the text given (the store parses it)."""

    name = "ISO8601"

    def convert(self, value, param, ctx):
        if value is None or not isinstance(value, str):
            return value
        from ..store import Store, StoreError

        try:
            Store._time(value)
        except StoreError:
            self.fail(f"{value!r} is not a time: use ISO 8601 UTC, e.g. 2024-05-01T12:00:00Z or 2024-05-01",
                      param, ctx)
        return value


ISO_TIME = IsoTime()

db_option = click.option(
    "--db", "db", type=click.Path(dir_okay=False), default=None, envvar="SEASENTRY_DB",
    help="Store file (default: $SEASENTRY_DB or ./seasentry.duckdb).")
config_option = click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
                             help="YAML or TOML file overriding settings (see `seasentry config`).")
set_option = click.option("--set", "overrides", multiple=True, metavar="SECTION.NAME=VALUE",
                          help="Override one setting, e.g. --set gap.min_hours=4 (repeatable).")


def load_config(config_path, overrides):
    from ..config import Config, ConfigError

    try:
        return Config.load(config_path, list(overrides or []))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def open_store(db, read_only: bool = False, config=None, must_exist: bool = False, reads: bool | None = None):
    """The store; ``must_exist``: a command that only works on stored data fails with one line
    instead of creating an empty store at a mistyped path.

    ``reads``: the command only reads (default: ``read_only``). When another process holds the
    store (DuckDB lets one process open a file it writes), a reading command beside a running
    ``seasentry serve`` is answered by that server (a consistent read-only snapshot,
    :mod:`seasentry.web.local`); any other case fails with one line saying who holds the store
    and what to do."""
    from ..store import Store, StoreError, StoreLocked

    if must_exist:
        require_store(db)
    try:
        return Store(db, read_only=read_only, config=config)
    except StoreLocked as exc:
        return beside_server(db, exc, read_only if reads is None else reads, config)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


#: what to do instead of a writing command while `seasentry serve` holds the store (by command path)
_STOP = "stop the server, run this, then start the server again"
_WRITE_HINTS = {
    "ingest": "give live sources to the server (`seasentry serve --tcp/--listen/--udp`), or " + _STOP,
    "run": _STOP + " (or feed it live: `serve --tcp/--listen/--udp`)",
    "stream": "give the live sources to the server instead (`seasentry serve --tcp/--listen/--udp ...`)",
    "detect": _STOP,
    "alerts evaluate": _STOP,
    "alerts ack": "act on the alert in the page or through the API (POST /api/alerts/ID/actions), or stop the server",
    "alerts dismiss": "act on the alert in the page or through the API (POST /api/alerts/ID/actions), or stop the server",
    "alerts escalate": "act on the alert in the page or through the API (POST /api/alerts/ID/actions), or stop the "
                       "server",
    "lists load": "load it through the page's admin tab or the API (POST /api/lists?filename=NAME, admin), or stop "
                  "the server",
    "tokens create": "create tokens in the page's admin tab or through the API (POST /api/tokens), or stop the server",
    "tokens revoke": "revoke tokens in the page's admin tab or through the API (DELETE /api/tokens/ID), or stop the "
                     "server",
    "case": "without --archive the case file is read through the server; with --archive, " + _STOP,
    "serve": "one server per store: use the one running",
}


def _command_path() -> str:
    """The running command below the program name, e.g. 'alerts ack'."""
    ctx = click.get_current_context(silent=True)
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


def beside_server(db, exc, reads: bool, config=None):
    """A locked store: the running server's read session for a reading command, else one line."""
    from ..store import resolve_db_path
    from ..web.local import ServerBusy, connect_host, find_server, remote_store

    path = resolve_db_path(db)
    info = find_server(path, exc.holder_pid)
    cmd = _command_path()
    if info is not None:
        url = f"http://{connect_host(info['host'])}:{info['port']}/"
        if reads:
            import httpx

            for attempt in range(50):            # a server that has just started may not listen yet
                try:
                    store = remote_store(path, info, config=config)
                    break
                except ServerBusy as e:
                    fail(f"the store {path} is held by `seasentry serve` (pid {info['pid']}, {url}) and it "
                         f"refused to answer this command: {e}")
                except httpx.TransportError as e:
                    if attempt == 49:
                        fail(f"the store {path} is held by `seasentry serve` (pid {info['pid']}), which does not "
                             f"answer at {url} ({type(e).__name__}): wait until it has started, or stop it")
                    import time
                    time.sleep(0.1)
            console.print(f"[dim]read through the running server (pid {info['pid']}, {url}): a consistent "
                          "snapshot of the store[/]")
            return store
        hint = _WRITE_HINTS.get(cmd, f"stop the server (Ctrl-C where it runs, or `kill -INT {info['pid']}`), run "
                                     "this, then start it again")
        fail(f"the store {path} is held by `seasentry serve` (pid {info['pid']}, {url}) and this command writes "
             f"to it: {hint}")
    who = f" (PID {exc.holder_pid})" if exc.holder_pid else ""
    fail(f"the store {path} is in use by another process{who}: DuckDB lets one process write a store at a time; "
         "wait until it finishes (or stop it) and run this again")


def require_store(db, first: str | None = None) -> None:
    """Fail with one line when there is no store at the path; ``first``: what to run first
    (default: an ingest)."""
    from ..store import resolve_db_path

    p = resolve_db_path(db)
    if not p.exists():
        first = (first or "`seasentry ingest FILE --db {p}` (or `seasentry run`)").format(p=p)
        fail(f"no store at {p}: run {first} first, or give the store with --db / $SEASENTRY_DB")


def fail(msg: str) -> None:
    raise click.ClickException(msg)


def warn(msg: str) -> None:
    """A warning on stderr (one line, the work goes on)."""
    console.print(f"[yellow]warning:[/] {msg}", markup=True)


def write_output(path, data: str | bytes, what: str = "output") -> None:
    """Write a command's output file; a path that cannot be written is one clear error line."""
    from pathlib import Path

    from .errors import os_reason

    p = Path(path)
    try:
        if p.parent and not p.parent.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write the {what} {path}: {os_reason(exc)}")


def check_writable(path, what: str = "output") -> None:
    """Fail early (before long work) when ``path`` cannot be created: its folder is missing and
    cannot be made, or is not a folder. (A permission problem is found when writing.)"""
    from pathlib import Path

    from .errors import os_reason

    p = Path(path)
    if p.is_dir():
        fail(f"cannot write the {what} {path}: this is a folder: give a file name")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot write the {what} {path}: {os_reason(exc)}")


def iso_columns(df):
    """``df`` with every datetime column as ISO 8601 UTC text with Z, as :func:`iso` writes it
    (for CSV outputs: polars would write them without the Z)."""
    import polars as pl

    cols = [c for c, t in df.schema.items() if isinstance(t, pl.Datetime)]
    return df.with_columns([
        pl.when(pl.col(c).dt.microsecond() == 0).then(pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        .otherwise(pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")).alias(c) for c in cols])


def print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_default) + "\n")


def _default(v):
    if isinstance(v, datetime):
        return iso(v)
    if hasattr(v, "item"):
        return v.item()
    return str(v)


def table(title: str | None, columns: list[str], rows: list[list], justify_right: set[str] | None = None) -> Table:
    t = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        t.add_column(c, justify="right" if justify_right and c in justify_right else "left")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    return t


def ensure_kernels(quiet: bool = False) -> float:
    """Compile seasentry's kernels first when this machine has not compiled them yet (once,
    about a minute), with a progress bar instead of silence; returns the seconds it took (0
    when they were ready). ``seasentry warmup`` does the same on purpose."""
    from .. import kernels

    if kernels.ready():
        return 0.0
    return run_warm_up(quiet, first_use=True)["seconds"]


def run_warm_up(quiet: bool = False, first_use: bool = False) -> dict:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .. import kernels

    if not quiet:
        what = ("first use on this machine: compiling seasentry's kernels (once; about a minute, "
                "`seasentry warmup` does it ahead)") if first_use else "compiling or loading seasentry's kernels"
        console.print(f"[dim]{what} ...[/]")
    total = max(len(kernels.dispatchers()), 1)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} compiled"),
                  TimeElapsedColumn(), console=console, disable=quiet or not console.is_terminal,
                  transient=True) as bar:
        task = bar.add_task("kernels", total=total)
        res = kernels.warm_up(on_compile=lambda name: bar.advance(task),
                              on_step=lambda what: bar.update(task, description=what))
    if not quiet:
        console.print(f"[dim]kernels ready in {res['seconds']:.1f} s ({res['compiled']} compiled, cached in "
                      f"{kernels.cache_location()})[/]")
    return res
