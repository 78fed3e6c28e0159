"""`seasentry lists ...` and `seasentry screen ...`: sanctions lists and screening."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from .._lazy import lazy

yaml = lazy("yaml")

from . import main
from .common import config_option, console, db_option, load_config, out, print_json, set_option, table

#: up to this many queries, ``screen`` runs the screening kernels as plain Python: each query costs
#: about 4x the CPU of a compiled one (12 ms against 3 ms on the full UN + OFAC SDN lists), loading the
#: compiled kernels about 1.5 s of CPU once: interpreted is cheaper below about 150 queries
INTERPRETED_QUERIES = 50

_TYPES = {"person": "Person", "organization": "Organization", "organisation": "Organization",
          "vessel": "Vessel"}


def _open(db, read_only: bool, config=None, must_exist: bool = False, reads: bool = False):
    """The store (``reads``: the command only reads, so beside a running server it is read
    through the server; see common.open_store)."""
    from .common import open_store, require_store

    if must_exist:  # (no store: no sanctions lists loaded either)
        require_store(db, first="`seasentry lists load FILE... --db {p}` (no sanctions lists loaded)")
    return open_store(db, read_only=read_only, config=config, reads=reads)


@main.group(invoke_without_command=True)
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def lists(ctx, db, fmt):
    """Sanctions lists: `seasentry lists` shows what is loaded; `seasentry lists load PATH...` loads."""
    if ctx.invoked_subcommand is not None:
        return
    from ..screening.store import list_summary

    store = _open(db, read_only=False, must_exist=True, reads=True)
    try:
        rows = list_summary(store.con)
    finally:
        store.close()
    if fmt == "json":
        print_json(rows)
        return
    if not rows:
        console.print("no sanctions lists loaded: run `seasentry lists load FILE...`")
        return
    out.print(table("sanctions lists", ["list", "version", "loaded at", "entities", "names", "by schema",
                                        "loads", "last +/-/~", "source"],
                    [[r["list"], r["version"], r["loaded_at"], r["entities"], r["names"],
                      ", ".join(f"{k} {v}" for k, v in r["by_schema"].items()), r["loads"],
                      f"+{r['last_added']} -{r['last_removed']} ~{r['last_changed']}", Path(r["source_path"]).name]
                     for r in rows], justify_right={"entities", "names", "loads"}))


@lists.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@db_option
@click.option("--format", "list_format", type=click.Choice(["auto", "un_xml", "ofac_xml", "ofac_csv", "ftm", "user"]),
              default="auto", show_default=True, help="List format (read from the content by default).")
@click.option("--name", "list_name", default=None, metavar="NAME",
              help="Name of a user list (default: user:<file name>), or of an OFAC XML list (ofac_sdn / ofac_cons).")
@click.option("--force", is_flag=True,
              help="Load even a version older than the loaded one, or a file that removes most entries.")
@click.option("--show-changes", default=20, show_default=True, metavar="N",
              help="List up to N added/removed/changed entries per file.")
@click.option("--json", "as_json", is_flag=True, help="Print the load reports as JSON.")
def lists_load(paths, db, list_format, list_name, force, show_changes, as_json):
    """Load sanctions list files (UN XML, OFAC XML or sdn.csv, OpenSanctions FtM JSON or delta,
    user vessel list CSV/YAML). A reload reports what was added, removed and changed since the
    version loaded before. A file that is not a list, a truncated or damaged one, an older version
    or one that would remove most entries is refused and the store left as it was; exit code 1."""
    from ..screening.loaders import ListFormatError, load_path
    from ..screening.store import ListLoadRefused, save_list

    store = _open(db, read_only=False)
    reports = []
    failed = 0
    try:
        for p in paths:
            try:
                loaded = load_path(p, None if list_format == "auto" else list_format, name=list_name)
                rep = save_list(store.con, loaded, force=force)
            except ListLoadRefused as exc:
                failed += 1
                console.print(f"[red]refused[/red] {exc}")
                continue
            except (ListFormatError, OSError, ValueError, yaml.YAMLError) as exc:
                failed += 1
                console.print(f"[red]Error:[/red] {_load_error(p, exc)}")
                continue
            reports.append(rep)
            if as_json:
                continue
            s = rep.summary()
            prev = f" (previous {s['previous_version']})" if s["previous_version"] else ""
            console.print(f"[bold]{p}[/bold]: {s['list']} version {s['version']}{prev}: {s['entities']} entities, "
                          f"+{s['added']} added, -{s['removed']} removed, ~{s['changed']} changed"
                          + (f", {s['unreadable_names']} with a name this file could not read"
                             if s["unreadable_names"] else "")
                          + (" (same file as the last load)" if s["unchanged_file"] else ""))
            for w in rep.warnings:
                console.print(f"  [yellow]warning[/yellow] {w}")
            if rep.previous_version is not None:
                for label, ids in (("added", rep.added), ("removed", rep.removed), ("changed", rep.changed)):
                    for eid in ids[:show_changes]:
                        console.print(f"  {label:8} {eid}")
                    if len(ids) > show_changes:
                        console.print(f"  {label:8} ... and {len(ids) - show_changes} more")
        if reports:
            # lists changed: build the screening index now and keep it in the store (screen, run and
            # report matching reuse it until the lists change again)
            from ..screening.cache import load_index
            load_index(store.con, config=store.config)
        if reports and store.con.execute("SELECT count(*) FROM vessels").fetchone()[0]:
            # lists changed: every vessel seen in AIS is screened again
            from ..engine import rescreen
            n = rescreen(store)
            if not as_json:
                console.print(f"re-screened every vessel in the store: {n} sanctions_match event(s)")
    finally:
        store.close()
    if as_json:
        print_json([{**r.summary(), "added_ids": r.added, "removed_ids": r.removed, "changed_ids": r.changed,
                     "warning_texts": r.warnings} for r in reports])
    if failed:
        raise SystemExit(1)


_FORMATS_HINT = ("formats: UN consolidated XML, OFAC SDN CSV, OpenSanctions FollowTheMoney JSON (or delta), "
                 "a user vessel list CSV/YAML; force one with --format")


def _load_error(path: str, exc: BaseException) -> str:
    """One line for a list file that could not be loaded: the file, what is wrong, what to do."""
    from .errors import describe

    msg = describe(exc) if isinstance(exc, (OSError, yaml.YAMLError, UnicodeError)) else None
    msg = msg or str(exc)
    for prefix in (f"{path}: ", f"{Path(path).name}: "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    return f"{path}: {msg} ({_FORMATS_HINT})"


def _is_the_command() -> bool:
    """Whether this process is the ``seasentry`` command itself (its console script, or ``python -m
    seasentry``), which ends with this command: only then is the process-wide choice of interpreted
    kernels made (a program or a test calling the command line in-process keeps compiled ones)."""
    import sys

    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None and spec.name == "seasentry.__main__":
        return True
    return bool(sys.argv) and Path(sys.argv[0]).stem == "seasentry"


def _index(db, cfg):
    from ..screening.cache import kept_index, load_index

    # the index kept in the store (made when the lists were loaded): read-only, no schema work
    store = _open(db, read_only=True, config=cfg, must_exist=True, reads=True)
    try:
        idx = kept_index(store.con, config=cfg)
    finally:
        store.close()
    if idx is None:  # none kept, or the lists, settings or seasentry changed since: build and keep it
        store = _open(db, read_only=False, config=cfg, must_exist=True, reads=True)
        try:
            idx = load_index(store.con, config=cfg)  # kept in the store until the lists change
        finally:
            store.close()
    if idx is None or len(idx) == 0:
        raise click.ClickException("no sanctions lists loaded: run `seasentry lists load FILE...` first")
    return idx


def _run_query(idx, q: dict, limit: int) -> dict:
    schema = _TYPES.get((q.get("type") or "").strip().lower()) if q.get("type") else None
    name = (q.get("name") or "").strip() or None
    if q.get("imo") or q.get("mmsi") or schema == "Vessel":
        matches = idx.screen_vessel(imo=q.get("imo") or None, mmsi=q.get("mmsi") or None, name=name,
                                    flag=q.get("flag") or q.get("country") or None,
                                    ship_type=q.get("ship_type") or None)
    elif name:
        matches = idx.screen_name(name, schema=schema, dob=q.get("dob") or None,
                                  country=q.get("country") or None, limit=limit)
    else:
        matches = []
    query = {k: v for k, v in q.items() if v not in (None, "")}
    res = {"query": query, "matches": matches[:limit]}
    # (session 15) a name longer than the screening reads (index.MAX_QUERY_CHARS) is screened on its
    # first characters: said in the answer ("notes", a field added) and, as a table, as a warning
    from ..screening.index import query_cut

    cut = query_cut(name)[1] if name else None
    if cut is not None:
        res["notes"] = [cut]
    return res


def _print_table(result: dict) -> None:
    for note in result.get("notes", ()):
        console.print(f"[yellow]warning:[/] {note['message']}")
    q = result["query"]
    title = "screen " + ", ".join(f"{k}={v}" for k, v in q.items())
    if not result["matches"]:
        out.print(f"{title}: no match at or above review")
        return
    rows = []
    for m in result["matches"]:
        ex = m["explanation"]
        parts = "; ".join(f"{p['query']}~{p['candidate']} {p['similarity']:.2f}" for p in ex.get("parts", []))
        feats = ", ".join(f"{f['feature']} {f.get('contribution', f.get('value', ''))}"
                          for f in ex.get("features", []) + ex.get("qualifiers", []))
        rows.append([m["decision"], f"{m['score']:.3f}", m["list"], m["entity_id"], m["schema"], m["name"],
                     m["matched_name"], m.get("matched_on", ""), ", ".join(m["programs"]), parts, feats])
    out.print(table(title, ["decision", "score", "list", "entity", "schema", "name", "matched name", "on",
                            "programs", "parts", "features"], rows, justify_right={"score"}))


@main.command()
@click.argument("name", required=False)
@click.option("--type", "qtype", type=click.Choice(["person", "organization", "vessel"]), default=None,
              help="Only entries of this kind.")
@click.option("--dob", default=None, metavar="YYYY[-MM-DD]", help="Date of birth (raises or lowers the score).")
@click.option("--country", default=None, metavar="CC", help="Nationality/country (ISO2 or name).")
@click.option("--imo", default=None, help="Vessel IMO number (check digit validated; a bad one is flagged).")
@click.option("--mmsi", default=None, help="Vessel MMSI.")
@click.option("--flag", default=None, metavar="CC", help="Vessel flag (with --imo/--mmsi/--type vessel).")
@click.option("--file", "qfile", type=click.Path(exists=True, dir_okay=False), default=None,
              help="CSV of queries with columns among name,type,dob,country,imo,mmsi,flag.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", default=None, type=int, help="Matches per query (default: screening.result_limit).")
@db_option
@config_option
@set_option
def screen(name, qtype, dob, country, imo, mmsi, flag, qfile, fmt, limit, db, config_path, overrides):
    """Screen a name, an IMO/MMSI, or a file of queries against the loaded sanctions lists.

    JSON output: {"query": ..., "matches": [{entity_id, list, list_version, schema, name,
    matched_name, score, decision, explanation, programs}]}, best first (one object per line
    with --file)."""
    cfg = load_config(config_path, overrides)
    limit = limit or cfg.screening.result_limit
    queries: list[dict] = []
    if qfile:
        try:
            with open(qfile, encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    queries.append({(k or "").strip().lower(): (v or "").strip() for k, v in row.items()})
        except (UnicodeDecodeError, csv.Error) as exc:
            raise click.ClickException(f"{qfile}: not a CSV of queries (columns among name,type,dob,country,imo,"
                                       f"mmsi,flag): {type(exc).__name__}") from None
        if not queries:
            raise click.ClickException(f"{qfile}: no queries in it (a header line with columns among name,type,dob,"
                                       "country,imo,mmsi,flag, then one query a line)")
    if name or imo or mmsi:
        queries.append({"name": name, "type": qtype, "dob": dob, "country": country, "imo": imo, "mmsi": mmsi,
                        "flag": flag})
    if not queries:
        raise click.UsageError("give a NAME, --imo, --mmsi or --file")
    if len(queries) <= INTERPRETED_QUERIES and _is_the_command():
        # a few names: the screening kernels as plain Python, numba never imported (screening._jit)
        from ..screening import _jit

        _jit.interpret()
    from ..screening.ids import imo_check_digit_ok

    for q in queries:  # a bad check digit is screened as given, and said (IMO Resolution A.1117(30))
        if q.get("imo") and not imo_check_digit_ok(q["imo"]):
            console.print(f"[yellow]warning:[/] IMO {q['imo']} is not a valid IMO number (7 digits whose last is "
                          "the check digit of the first six); screened as given: check it for a typo")
    idx = _index(db, cfg)
    for q in queries:
        res = _run_query(idx, q, limit)
        if fmt == "json":
            print_json(res)
        else:
            _print_table(res)


__all__ = ["lists", "screen"]
