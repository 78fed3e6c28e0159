"""`seasentry export parquet`: the store as a Parquet archive partitioned by MMSI (docs/scale-out.md)."""

from __future__ import annotations

import json

import click

from . import main
from .common import console, db_option, fail, open_store, out, table


@main.group("export")
def export() -> None:
    """Export the store for other engines and tools."""


@export.command("parquet")
@db_option
@click.option("--out", "out_path", required=True, metavar="DIR|URL",
              help="Archive directory, or an fsspec URL (s3://..., gs://...; its package must be installed).")
@click.option("--buckets", type=click.IntRange(1, 65536), default=None,
              help="MMSI hash buckets (default: about 400k positions each, a power of two).")
@click.option("--overwrite", is_flag=True, help="Replace an existing archive at --out.")
@click.option("--storage-option", "storage_options", multiple=True, metavar="KEY=VALUE",
              help="fsspec storage option for URLs (repeatable), e.g. anon=false.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True)
def export_parquet_cmd(db, out_path, buckets, overwrite, storage_options, as_json, quiet):
    """Write positions (with a position) and statics as Parquet, partitioned by MMSI hash bucket
    and sorted by (mmsi, ts): the input of `seasentry detect --engine dask --archive DIR`."""
    from ..distributed.archive import export_parquet

    store = open_store(db, read_only=True)
    try:
        rep = export_parquet(store, out_path, buckets=buckets, overwrite=overwrite,
                             storage_options=parse_storage_options(storage_options),
                             progress=None if quiet or as_json else (lambda m: console.print(f"[dim]{m}[/]")))
    except (FileExistsError, ValueError) as exc:
        fail(str(exc))
    except OSError as exc:
        from .errors import os_reason
        fail(f"cannot write the archive {out_path}: {os_reason(exc)}")
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rep.__dict__))
    elif not quiet:
        out.print(table(f"Parquet archive {rep.path}", ["positions", "statics", "buckets", "files", "seconds"],
                        [[f"{rep.positions:,}", f"{rep.statics:,}", rep.buckets, rep.files, f"{rep.seconds:.1f}"]]))


def parse_storage_options(items) -> dict | None:
    """KEY=VALUE pairs; values true/false/null/numbers are parsed as JSON."""
    if not items:
        return None
    opts = {}
    for it in items:
        if "=" not in it:
            raise click.BadParameter(f"{it!r}: expected KEY=VALUE", param_hint="--storage-option")
        k, v = it.split("=", 1)
        try:
            opts[k.strip()] = json.loads(v)
        except ValueError:
            opts[k.strip()] = v
    return opts
