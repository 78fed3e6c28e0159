"""How the command line fails: one line saying what is wrong and what to do, never a traceback.

Every command runs inside :class:`SeasentryGroup.invoke`, which turns what escapes a command into
one message on stderr and an exit status (docs: README, "When something goes wrong"):

======  ==================================================================================
exit    meaning
======  ==================================================================================
0       done
1       the work failed: ``Error: <what is wrong and what to do>`` (a bad or unwritable file,
        bad YAML/TOML, a store that cannot be opened, ...)
2       the command line is wrong (unknown option or value: the message lists the valid ones)
70      an internal error (a defect of seasentry): one line naming the error and the log file
        holding the full traceback; ``seasentry --debug CMD`` or ``SEASENTRY_DEBUG=1`` shows it
        on the terminal instead
130     interrupted (Ctrl-C)
======  ==================================================================================

Commands handle their own expected errors where they know more (which file, which option);
the classes below are the safety net for what they did not anticipate.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path

import click

DEBUG_ENV = "SEASENTRY_DEBUG"
LOG_DIR_ENV = "SEASENTRY_LOG_DIR"
EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE
EXIT_INTERRUPTED = 130


class InternalError(click.ClickException):
    exit_code = EXIT_INTERNAL


def debug_enabled(ctx: click.Context | None = None) -> bool:
    if os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no"):
        return True
    while ctx is not None:
        if ctx.meta.get("seasentry.debug"):
            return True
        ctx = ctx.parent
    return False


def os_reason(exc: OSError) -> str:
    """A plain-words reason for an OSError, with what to do."""
    no = exc.errno
    if isinstance(exc, PermissionError) or no in (errno.EACCES, errno.EPERM):
        return "permission denied (choose a folder you can write to, or check the file's permissions)"
    if isinstance(exc, NotADirectoryError) or no == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    if isinstance(exc, IsADirectoryError) or no == errno.EISDIR:
        return "this is a folder: give a file name"
    if isinstance(exc, FileExistsError) or no == errno.EEXIST:
        return (f"{exc.filename} is a file where a folder is needed" if exc.filename
                else "a file is in the way where a folder is needed")
    if isinstance(exc, FileNotFoundError) or no == errno.ENOENT:
        return "no such file or folder"
    if no == errno.ENOSPC:
        return "no space left on the device"
    if no == errno.EROFS:
        return "read-only file system: choose another folder"
    return exc.strerror or str(exc)


def describe(exc: BaseException) -> str | None:
    """One line for an error class that comes from the user's files or environment; None for
    anything else (an internal error)."""
    import json

    import yaml

    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python < 3.11
        tomllib = None
    cls = type(exc)
    if (isinstance(exc, (ValueError, RuntimeError)) and cls.__module__.startswith("seasentry.")
            and cls.__name__.endswith("Error") and str(exc).strip()):
        # seasentry's own error classes (StoreError, ConfigError, InputError, ...) carry messages
        # written for the user
        return str(exc).strip()
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return f"connection failed: {exc}"
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else ""
        return f"{where}: {os_reason(exc)}" if where else os_reason(exc)
    import lzma
    import zipfile
    import zlib

    if isinstance(exc, EOFError):
        return f"the input ends early: a compressed file cut short? ({exc})"
    if isinstance(exc, (zlib.error, lzma.LZMAError, zipfile.BadZipFile)):
        return f"corrupt compressed data ({exc})"
    if isinstance(exc, MemoryError):
        return "out of memory: process smaller inputs, or use --archive (docs/scale-out.md)"
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        return f"not valid YAML{at}: {getattr(exc, 'problem', None) or exc}"
    if tomllib is not None and isinstance(exc, tomllib.TOMLDecodeError):
        return f"not valid TOML: {exc}"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc}"
    if isinstance(exc, UnicodeError):
        return f"not UTF-8 text ({exc})"
    try:
        import duckdb
    except ImportError:  # pragma: no cover
        duckdb = None
    if duckdb is not None and isinstance(exc, (duckdb.IOException, duckdb.PermissionException)):
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"the store cannot be used: {first}"
    return None


def crash_log(exc: BaseException) -> Path | None:
    """Write the traceback of an internal error to a log file; its path (None if no file could
    be written). Folder: $SEASENTRY_LOG_DIR, else the user cache folder, else the temp folder."""
    now = datetime.now(timezone.utc)
    text = (f"seasentry internal error, {now.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
            f"command: {' '.join(sys.argv)}\nversion: {_version()}\npython: {sys.version.split()[0]}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    cache = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    for folder in (os.environ.get(LOG_DIR_ENV), Path(cache) / "seasentry", tempfile.gettempdir()):
        if not folder:
            continue
        try:
            d = Path(folder)
            d.mkdir(parents=True, exist_ok=True)
            p = d / f"seasentry-error-{now.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}.log"
            p.write_text(text, encoding="utf-8")
            return p
        except OSError:
            continue
    return None


def _version() -> str:
    from .. import __version__

    return __version__


def _broken_pipe() -> None:
    """stdout was closed by the reader (``seasentry events | head``): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _end_now(code) -> None:
    """End the command run as the ``seasentry`` program deterministically, whatever the way it
    ended (done, failed, Ctrl-C): let its other threads end (``threading._shutdown``: what the
    interpreter does first at exit), close every store it left open (their DuckDB connections,
    and a read session through a running server; :func:`seasentry.store.close_open_stores`), run
    its exit handlers, flush stdout and stderr, then end the process without the interpreter's
    teardown.

    That teardown is where native thread pools meet a finalising interpreter: a thread of
    DuckDB (or Arrow) that takes the GIL there is ended by CPython and aborts the process,
    "terminate called without an active exception" (duckdb/duckdb#13904, apache/arrow#34314; seen
    once on CI, exit -6, after a read command beside `seasentry serve`). It also frees every
    object of polars, pyarrow, DuckDB and numba one by one (~0.2-0.3 s after `seasentry run`).
    Returns when a step fails (the usual exit then follows)."""
    import atexit
    import threading

    try:
        shutdown = getattr(threading, "_shutdown", None)
        if shutdown is not None:
            shutdown()  # the executors' exit hooks, then a join of every non-daemon thread
        else:  # pragma: no cover - an interpreter without it
            for t in threading.enumerate():
                if t is not threading.current_thread() and not t.daemon:
                    t.join()
        if "seasentry.store" in sys.modules:  # (a command that opened no store imported none)
            sys.modules["seasentry.store"].close_open_stores()  # once no thread of it uses them
        atexit._run_exitfuncs()
        for f in (sys.stdout, sys.stderr):
            if f is not None:
                f.flush()
    except BaseException:  # noqa: BLE001 - e.g. a closed pipe: the usual exit reports it
        return
    os._exit(0 if code is None else code)


class SeasentryGroup(click.Group):
    """The top-level group: runs a command and turns what escapes it into one line and an
    exit status (module docstring)."""

    def main(self, args=None, *a, **kw):
        try:
            return super().main(args, *a, **kw)
        except SystemExit as e:
            if args is None and kw.get("standalone_mode", True) and (e.code is None or isinstance(e.code, int)):
                _end_now(e.code)
            raise

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except KeyboardInterrupt:
            if debug_enabled(ctx):
                raise
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _broken_pipe()
            ctx.exit(1)
        except Exception as exc:  # noqa: BLE001 - the point of this handler
            if debug_enabled(ctx):
                raise
            if isinstance(exc, SystemError):
                from ..store import is_interrupt  # (DuckDB only on this path, not at start-up)

                if is_interrupt(exc):  # Ctrl-C while a compiled kernel ran: numba wraps it in SystemErrors
                    click.echo("interrupted", err=True)
                    ctx.exit(EXIT_INTERRUPTED)
            msg = describe(exc)
            if msg is not None:
                raise click.ClickException(msg) from None
            log = crash_log(exc)
            where = (f"the full traceback is in {log}" if log is not None
                     else "no log file could be written")
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise InternalError(
                f"internal error ({type(exc).__name__}{': ' + first[:200] if first else ''}); {where}; "
                f"run again with `seasentry --debug ...` (or {DEBUG_ENV}=1) to see it here, and please "
                "report it") from None
