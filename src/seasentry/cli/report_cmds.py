"""`seasentry reports ...` and `seasentry incidents ...`: the incident register (docs/reports.md)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path

import click

from . import main
from .common import config_option, console, db_option, load_config, open_store, out, print_json, set_option, table

TYPES = ["departure", "interception", "rescue", "shipwreck", "seizure", "inspection", "meeting", "resolution",
         "statement", "death"]


def _files(paths) -> list[Path]:
    out_: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out_ += sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith("."))
        else:
            out_.append(p)
    return out_


@main.group(invoke_without_command=True)
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def reports(ctx, db, fmt):
    """Incident reports: `seasentry reports` shows what is loaded; `seasentry reports load FILE...`
    loads news, statements, feeds and incident datasets; `seasentry reports rejects` lists what
    could not be used."""
    if ctx.invoked_subcommand is not None:
        return
    from ..reports.register import has_register, register_summary

    store = open_store(db, read_only=True)
    try:
        s = register_summary(store.con)
        loads = store.con.execute("""SELECT load_id, path, format, loaded_at, rows_read, documents, records, rejects,
                                            mentions FROM report_loads ORDER BY load_id""").fetchall() \
            if has_register(store.con) else []
    finally:
        store.close()
    if fmt == "json":
        print_json({**s, "files": [dict(zip(["load_id", "path", "format", "loaded_at", "rows", "documents", "records",
                                             "rejects", "mentions"], r)) for r in loads]})
        return
    if not loads:
        console.print("no reports loaded: run `seasentry reports load FILE...`")
        return
    out.print(table("loaded report files", ["#", "file", "format", "loaded", "rows", "documents", "records",
                                            "rejects", "mentions"],
                    [[r[0], Path(r[1]).name, r[2], str(r[3])[:19], r[4], r[5], r[6], r[7], r[8]] for r in loads],
                    justify_right={"rows", "documents", "records", "rejects", "mentions"}))
    out.print(f"{s['incidents']} incidents from {s['mentions']} mentions: "
              + ", ".join(f"{k} {v}" for k, v in s["by_type"].items()))


@reports.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for documents whose metadata has none (else the file time is used).")
@click.option("--source", "source_name", default=None, metavar="NAME",
              help="Publisher or source name recorded with each document (else from its metadata or file name).")
@click.option("--columns", default=None, metavar="FIELD=COLUMN,...",
              help="Column mapping for CSV/JSON that is not an IOM export: fields id, date, end, lat, lon, type, "
                   "place, text, title, url, published, source, dead, missing, people, language.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html", "feed", "csv", "json"]), default="auto",
              show_default=True, help="Input format (sniffed by default).")
@click.option("--json", "as_json", is_flag=True, help="Print the load reports as JSON.")
@db_option
@config_option
@set_option
def reports_load(paths, published, source_name, columns, fmt, as_json, db, config_path, overrides):
    """Load report files (plain text, HTML, RSS/Atom, JSON, CSV, the IOM Missing Migrants CSV) or
    directories: extract the incidents, de-duplicate them across sources and store the register."""
    from ..reports.readers import ReadError, parse_mapping
    from ..reports.register import load_files

    cfg = load_config(config_path, overrides)
    pub = None
    if published:
        try:
            pub = datetime.fromisoformat(published.strip().replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            raise click.UsageError(f"--published {published!r}: use YYYY-MM-DD") from None
    try:
        mapping = parse_mapping(columns)
    except ReadError as exc:
        raise click.UsageError(str(exc)) from None
    files = _files(paths)
    if not files:
        raise click.UsageError("no files found in the given paths")
    store = open_store(db, config=cfg)
    try:
        with console.status("reading reports") as st:
            reps = load_files(store, files, published=pub, source_name=source_name, mapping=mapping,
                              fmt=None if fmt == "auto" else fmt, cfg=cfg,
                              progress=lambda k, n: st.update(f"extracting {k}/{n} documents"))
        total = store.con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    finally:
        store.close()
    for r in reps:
        if r.status == "loaded" and r.rejects and not (r.documents or r.records):
            r.status = "failed"
            r.message = (f"nothing usable: all {r.rejects} rows/entries rejected "
                         f"({', '.join(f'{k} {v}' for k, v in r.reject_reasons.items())}); "
                         f"see `seasentry reports rejects`")
    failed = [r for r in reps if r.status == "failed"]
    if as_json:
        print_json([r.to_dict() for r in reps])
    else:
        for r in reps:
            if r.status == "failed":
                console.print(f"[red]error[/red] {r.path}: {r.message}")
                if not r.format:
                    continue
            if r.status == "unchanged":
                console.print(f"{r.path}: {r.message}")
                continue
            how = ", ".join(f"{k} {v}" for k, v in r.published_how.items())
            langs = ", ".join(f"{k} {v}" for k, v in r.languages.items())
            console.print(f"[bold]{r.path}[/bold] ({r.format}): {r.rows} rows/entries, {r.documents} documents, "
                          f"{r.records} records -> {r.mentions} incident mentions in {r.seconds:.1f} s"
                          + (f"; languages: {langs}" if langs else "") + (f"; publication date from: {how}" if how else "")
                          + (f"; {r.no_incident} documents report no incident type" if r.no_incident else ""))
            if r.rejects:
                reasons = ", ".join(f"{k} {v}" for k, v in r.reject_reasons.items())
                console.print(f"  [yellow]{r.rejects} rejected[/yellow] ({reasons}): see `seasentry reports rejects`")
        console.print(f"register: {total} incidents")
    if failed:
        raise SystemExit(1)


@reports.command("rejects")
@db_option
@click.option("--reason", default=None)
@click.option("--limit", default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def reports_rejects(db, reason, limit, fmt):
    """Rows, entries and files that could not be used, with the reason."""
    from ..reports.register import has_register

    store = open_store(db, read_only=True)
    try:
        sql = "SELECT path, item, reason, detail, raw FROM report_rejects"
        args = []
        if reason:
            sql += " WHERE reason = ?"
            args.append(reason)
        rows = store.con.execute(sql + f" ORDER BY load_id, item LIMIT {int(limit)}", args).fetchall() \
            if has_register(store.con) else []
    finally:
        store.close()
    if fmt == "jsonl":
        for r in rows:
            print_json(dict(zip(["path", "item", "reason", "detail", "raw"], r)))
        return
    if not rows:
        console.print("no rejected report rows")
        return
    out.print(table("rejected report rows", ["file", "item", "reason", "detail"],
                    [[Path(r[0]).name, r[1], r[2], r[3][:120]] for r in rows]))


def _near(v: str | None):
    if not v:
        return None
    try:
        la, lo, km = (float(x) for x in v.split(","))
    except ValueError:
        raise click.UsageError(f"--near {v!r}: use LAT,LON,KM, e.g. --near 32.93,12.08,30") from None
    if not (-90 <= la <= 90 and -180 <= lo <= 180 and km > 0):
        raise click.UsageError(f"--near {v!r}: latitude -90..90, longitude -180..180, distance > 0 km")
    return la, lo, km


def _date(v, name):
    if v is None:
        return None
    try:
        return datetime.fromisoformat(v.strip()[:10]).date()
    except ValueError:
        raise click.UsageError(f"{name} {v!r}: use YYYY-MM-DD") from None


@main.group(invoke_without_command=True)
@click.option("--type", "types", default=None, metavar="TYPE[,TYPE]", help="Incident types: " + ", ".join(TYPES))
@click.option("--start", default=None, metavar="YYYY-MM-DD", help="Incidents ending on or after this day.")
@click.option("--end", default=None, metavar="YYYY-MM-DD", help="Incidents starting on or before this day.")
@click.option("--near", default=None, metavar="LAT,LON,KM", help="Incidents within KM km of a point.")
@click.option("--mmsi", default=None, type=int, help="Incidents naming a vessel linked to this MMSI.")
@click.option("--min-confidence", default=None, type=float)
@click.option("--limit", default=None, type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "geojson"]), default="table",
              show_default=True)
@db_option
@click.pass_context
def incidents(ctx, types, start, end, near, mmsi, min_confidence, limit, fmt, db):
    """The incident register. jsonl contract, one object per incident: incident_id, type, start, end,
    lat, lon, place, places, persons, organisations, vessels, counts, sanctions, sources, confidence
    (plus topics, country, place_id, n_sources, mmsis). `seasentry incidents show ID` prints one
    incident with its sources, or writes its page with --html."""
    if ctx.invoked_subcommand is not None:
        return
    from ..reports.register import geojson, query_incidents

    tlist = [t.strip() for t in types.split(",") if t.strip()] if types else None
    bad = [t for t in tlist or [] if t not in TYPES]
    if bad:
        raise click.UsageError(f"--type: unknown {', '.join(bad)}; types: {', '.join(TYPES)}")
    store = open_store(db, read_only=True)
    try:
        total, recs = query_incidents(store.con, tlist, _date(start, "--start"), _date(end, "--end"), _near(near),
                                      mmsi=mmsi, min_confidence=min_confidence, limit=limit)
    finally:
        store.close()
    if fmt == "jsonl":
        for r in recs:
            print_json(r)
        return
    if fmt == "geojson":
        print_json(geojson(recs))
        return
    if fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        cols = ["incident_id", "type", "start", "end", "lat", "lon", "place", "country", "confidence", "n_sources",
                "dead", "missing", "people", "persons", "organisations", "vessels", "sanctions", "sources", "places",
                "topics"]
        w.writerow(cols)
        for r in recs:
            c = r["counts"]
            w.writerow([r["incident_id"], r["type"], r["start"], r["end"], r["lat"], r["lon"], r["place"], r["country"],
                        r["confidence"], r["n_sources"], c.get("dead"), c.get("missing"), c.get("people"),
                        "; ".join(p["name"] for p in r["persons"]), "; ".join(o["name"] for o in r["organisations"]),
                        "; ".join(v["name"] for v in r["vessels"]), "; ".join(r["sanctions"]),
                        " ".join(s["source"] or "" for s in r["sources"]), "; ".join(p["name"] for p in r["places"]),
                        "; ".join(r["topics"])])
        return
    if not recs:
        console.print("no incidents" + ("" if total else ": load reports with `seasentry reports load FILE...`"))
        return
    rows = []
    for r in recs:
        c = r["counts"]
        cs = ", ".join(f"{k} {c[k]}" for k in ("people", "dead", "missing") if k in c)
        rows.append([r["incident_id"], r["type"], r["start"], "" if r["end"] == r["start"] else r["end"], r["place"] or "",
                     cs, ", ".join(p["name"] for p in r["persons"])[:40], ", ".join(v["name"] for v in r["vessels"])[:30],
                     ", ".join(r["sanctions"]), r["n_sources"], f"{r['confidence']:.2f}"])
    out.print(table(f"incidents ({len(recs)} of {total})", ["id", "type", "start", "end", "place", "counts", "persons",
                                                             "vessels", "sanctions", "sources", "conf"], rows,
                    justify_right={"sources", "conf"}))


@incidents.command("show")
@click.argument("incident_id")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), default=None,
              help="Write the incident page (sources, extracted fields highlighted in the text) to this file.")
@db_option
def incidents_show(incident_id, html_out, db):
    """One incident with every source (JSON), or its page (--html)."""
    from ..reports.page import render_page
    from ..reports.register import get_incident

    store = open_store(db, read_only=True)
    try:
        rec = get_incident(store.con, incident_id)
    finally:
        store.close()
    if rec is None:
        raise click.ClickException(f"no incident {incident_id!r}: list them with `seasentry incidents`")
    if html_out:
        Path(html_out).write_text(render_page(rec, standalone=True), encoding="utf-8")
        console.print(f"wrote {html_out}")
        return
    sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str, indent=2) + "\n")


__all__ = ["reports", "incidents"]
