"""Options and helpers shared by the command modules."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click
from rich.console import Console
from rich.table import Table

from ..timeutil import iso  # noqa: F401  (re-exported for the command modules)

console = Console(stderr=True, highlight=False)
out = Console(highlight=False)
if not out.is_terminal:  # piped or redirected: do not squeeze tables into 80 columns
    out = Console(highlight=False, width=160)

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


def open_store(db, read_only: bool = False, config=None):
    from ..store import Store, StoreError

    try:
        return Store(db, read_only=read_only, config=config)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def fail(msg: str) -> None:
    raise click.ClickException(msg)


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
