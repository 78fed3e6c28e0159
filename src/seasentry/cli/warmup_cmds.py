"""`seasentry warmup`: compile the numba kernels for this machine ahead of first use."""

from __future__ import annotations

import click

from . import main
from .common import print_json, run_warm_up


@main.command()
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
def warmup(quiet, as_json):
    """Compile seasentry's kernels (AIS decoding, de-duplication, detection matching, name
    screening) for this machine, with a progress bar: once per machine (and after an upgrade),
    about a minute; they are cached and later commands load them in about a second. Without it,
    the first `seasentry run` or `ingest` on a machine does it first and says so. Also writes the
    package's Python bytecode where it is missing (an editable install where Python may not write
    it, e.g. PYTHONDONTWRITEBYTECODE): every command then starts without compiling its modules."""
    from .. import kernels

    res = run_warm_up(quiet or as_json)
    res["cache"] = kernels.cache_location()
    res["ready"] = kernels.ready()
    if as_json:
        print_json({k: (round(v, 3) if isinstance(v, float) else v) for k, v in res.items()})
