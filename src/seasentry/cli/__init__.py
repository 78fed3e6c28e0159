"""The ``seasentry`` command line. Each stage registers its commands from its own module."""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from .errors import DEBUG_ENV, SeasentryGroup

# Modules that add commands to ``main``; each is readable on its own.
COMMAND_MODULES = [
    "ingest_cmds",    # ingest, stats, vessels, track, rejects
    "detect_cmds",    # run, detect, events
    "screen_cmds",    # lists, screen
    "config_cmds",    # config
    "scenario_cmds",  # scenario generate, scenario evaluate
    "stream_cmds",    # stream, replay (live feeds)
    "alert_cmds",     # alerts (evaluate, ack, dismiss, escalate, history), case
    "web_cmds",       # serve, tokens (web map and REST API)
    "export_cmds",    # export parquet (archive for the Dask engine)
    "detection_cmds",  # detections, detections load (satellite/radar detections matched to AIS)
    "report_cmds",    # reports (load, rejects), incidents (the incident register)
    "warmup_cmds",    # warmup (compile the kernels for this machine)
]


@click.group(cls=SeasentryGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="seasentry")
@click.option("--debug", is_flag=True, envvar=DEBUG_ENV,
              help=f"Show the full Python traceback of an internal error (also {DEBUG_ENV}=1).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """seasentry: offline maritime border and embargo monitoring (Central Mediterranean).

    The store is a DuckDB file: --db PATH, or $SEASENTRY_DB, or ./seasentry.duckdb.

    Errors end in one line and a non-zero exit (1: the work failed, 2: wrong command line,
    70: internal error, its traceback written to a log file named in the message; 130: interrupted).
    """
    ctx.meta["seasentry.debug"] = debug
    _spawn_without_script()


def _spawn_without_script() -> None:
    """Started as the ``seasentry`` program (the console script, whose ``__main__`` module only
    calls :func:`main`): the worker processes this command spawns do not run that script again.

    A ``spawn`` child imports its parent's ``__main__`` file before its first task (the script:
    ``seasentry.cli`` and every command module, ~0.1 CPU s and 0.1-0.2 s of each worker's
    start-up) unless ``__main__`` has a module spec named ``*.__main__``, as under ``python -m
    seasentry``. The script's module gets the spec of ``seasentry.__main__``: no task needs it (every
    task is a function of the seasentry package), so the children skip it as they do under
    ``python -m``. A ``__main__`` that is not the script (a user's program, pytest) is left alone."""
    m = sys.modules.get("__main__")
    if m is None or getattr(m, "__spec__", None) is not None or getattr(m, "main", None) is not main:
        return
    try:
        from importlib.util import find_spec

        spec = find_spec("seasentry.__main__")
    except (ImportError, ValueError):
        return
    if spec is not None:
        m.__spec__ = spec


for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:  # a stage not built yet must not break the others
        if exc.name != f"{__name__}.{_name}":
            raise
