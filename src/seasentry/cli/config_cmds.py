"""`seasentry config`: every setting with its value, default, unit and source."""

from __future__ import annotations

import click

from . import main
from .common import config_option, load_config, out, print_json, set_option, table


@main.command("config")
@config_option
@set_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def config_cmd(config_path, overrides, fmt):
    """Show every threshold: value, default, unit and the source it came from."""
    cfg = load_config(config_path, overrides)
    rows = cfg.describe()
    if fmt == "json":
        print_json(rows)
        return
    out.print(table(None, ["setting", "value", "default", "unit", "source"],
                    [[r["setting"], r["value"], r["default"], r["unit"], r["source"]] for r in rows]))
