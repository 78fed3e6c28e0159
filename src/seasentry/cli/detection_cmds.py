"""`seasentry detections` (list, the JSON contract), `seasentry detections load FILE...`.

Satellite / radar vessel detections matched to AIS: docs/detections.md.
"""

from __future__ import annotations

import json
import sys

import click

from . import main
from .common import console, db_option, fail, open_store, out, print_json, table

FORMATS = ["table", "jsonl", "csv", "geojson"]


@main.group("detections", invoke_without_command=True)
@db_option
@click.option("--status", default=None, metavar="S[,S]",
              help="matched, ambiguous, dark, infrastructure, rejected (comma-separated).")
@click.option("--scene", default=None, metavar="ID", help="One scene (image) id.")
@click.option("--missed", is_flag=True, help="List AIS vessels inside a footprint at image time that no detection "
                                             "matched (mmsi, scene_id, interpolated lat/lon, AIS length_m).")
@click.option("--mmsi", type=int, default=None, help="Detections matched to this vessel (or missed: this vessel).")
@click.option("--start", default=None, help="Images taken at or after this time (ISO 8601).")
@click.option("--end", default=None, help="Images taken at or before this time.")
@click.option("--limit", type=click.IntRange(1), default=None)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def detections_group(ctx, db, status, scene, missed, mmsi, start, end, limit, fmt):
    """Satellite / radar vessel detections and how they matched AIS (jsonl is the stable contract).

    \b
      seasentry detections load s1_predictions.csv --footprints scenes.geojson
      seasentry detect                       # matching runs with every detection run
      seasentry detections --status dark --format jsonl
      seasentry detections --missed --format jsonl
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..detections.records import detection_records, missed_records
    from ..detections.schema import STATUSES
    from ..store import StoreError

    statuses = None
    if status:
        statuses = [s.strip() for s in status.split(",") if s.strip()]
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise click.BadParameter(f"unknown status {', '.join(bad)}; use {', '.join(STATUSES)}",
                                     param_hint="--status")
        if missed:
            raise click.UsageError("--status does not apply to --missed")
    store = open_store(db, read_only=True)
    try:
        if missed:
            recs = missed_records(store, scene=scene, mmsi=mmsi, start=start, end=end, limit=limit)
        else:
            recs = detection_records(store, status=statuses, scene=scene, mmsi=mmsi, start=start, end=end, limit=limit)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    if recs is None:
        fail("no detections loaded in this store: `seasentry detections load FILE...` first")
    if not missed and recs and all(r["status"] is None for r in recs):
        console.print("[yellow]detections are loaded but not matched yet: run `seasentry detect`[/]")
    _emit(recs, fmt, missed)


def _emit(recs: list[dict], fmt: str, missed: bool) -> None:
    if fmt == "jsonl":
        for r in recs:
            print_json(r)
        return
    if fmt == "geojson":
        feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                  "properties": {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
                                 for k, v in r.items() if k not in ("lat", "lon")}} for r in recs]
        print_json({"type": "FeatureCollection", "features": feats})
        return
    if fmt == "csv":
        import csv as _csv
        w = _csv.writer(sys.stdout)
        cols = list(recs[0].keys()) if recs else (["mmsi", "scene_id", "time", "lat", "lon", "length_m"] if missed
                                                  else ["detection_id", "scene_id", "time", "lat", "lon", "status"])
        w.writerow(cols)
        for r in recs:
            w.writerow([json.dumps(r[c], ensure_ascii=False) if isinstance(r.get(c), (dict, list)) else r.get(c)
                        for c in cols])
        return
    if missed:
        out.print(table(f"{len(recs)} AIS vessel(s) inside a footprint not detected",
                        ["scene", "time", "mmsi", "name", "lat", "lon", "length m", "report min", "reason"],
                        [[_short(r["scene_id"]), r["time"], r["mmsi"], r.get("name"), f"{r['lat']:.4f}",
                          f"{r['lon']:.4f}", _f(r["length_m"]), _f(r["report_min"]), r["reason"]] for r in recs]))
        return
    rows = []
    for r in recs:
        if r["status"] in ("matched", "ambiguous"):
            note = f"{(r.get('vessel') or {}).get('name') or ''} {r['distance_m']:.0f} m".strip()
        elif r["status"] == "dark":
            c = r.get("candidates") or []
            note = f"nearest AIS {c[0]['mmsi']}: {c[0]['why']}" if c else "no AIS vessel near"
        else:
            note = r.get("reason") or ""
        rows.append([r["status"] or "-", r["time"], _short(r["scene_id"]), r["source"], f"{r['lat']:.4f}",
                     f"{r['lon']:.4f}", _f(r["length_m"]), _f(r["confidence"], 2), r["mmsi"] or "",
                     _f(r["score"], 3), note[:70]])
    out.print(table(f"{len(recs)} detection(s)", ["status", "time", "scene", "source", "lat", "lon", "length m",
                                                  "conf", "mmsi", "score", "note"], rows))


def _short(s: str | None) -> str:
    return "" if s is None else (s if len(s) <= 28 else s[:12] + "…" + s[-12:])


def _f(v, nd: int = 0) -> str:
    return "" if v is None else f"{v:.{nd}f}"


@detections_group.command("load")
@click.argument("files", nargs=-1, required=True)
@db_option
@click.option("--source", default=None, metavar="NAME",
              help="Name of the sensor / producer for every row (e.g. sentinel-1, radarsat-2, coastal-radar-lampedusa); "
                   "default: from the file (source column, product name, format).")
@click.option("--footprints", multiple=True, type=click.Path(exists=True, dir_okay=True),
              help="Scene footprints (GeoJSON polygons with a scene id, or CSV scene_id + WKT footprint); repeatable.")
@click.option("--columns", default=None, metavar="FIELD=COL,...",
              help="Column mapping for other tables, e.g. time=When,lat=Y,lon=X,length_m=Len "
                   "(fields: detection_id scene_id time start end lat lon length_m width_m heading_deg speed_kn "
                   "confidence source sensor footprint pass_direction).")
@click.option("--time-format", default=None, help="strptime format of the time column, or 'epoch'.")
@click.option("--force", is_flag=True, help="Read files again even if already loaded.")
@click.option("--detect", "then_detect", is_flag=True,
              help="Then run detection over the store (every event, the matching included).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def load_cmd(files, db, source, footprints, columns, time_format, force, then_detect, as_json):
    """Load vessel-detection files (KSAT/RADARSAT-2 reports, Skylight Sentinel-1/2 CSVs, the Skylight
    VIIRS JSON, or any CSV/GeoJSON/Parquet with --columns) into the store.

    Rows that are not detections are kept as rejects with the reason (`seasentry rejects`).
    Matching to AIS runs with detection: `seasentry detect` (or `--detect`).
    """
    from ..detections.readers import DetectionFormatError, parse_columns

    try:
        mapping = parse_columns(columns)
    except DetectionFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="--columns") from None
    store = open_store(db)
    rep = run_load(store, list(files), source=source, footprints=list(footprints), columns=mapping,
                   time_format=time_format, force=force, as_json=as_json)
    if then_detect and not all(f.status == "failed" for f in rep.files):
        from .detect_cmds import _detect, _print_detect
        drep = _detect(store, store.config, (), quiet=as_json)
        if not as_json:
            _print_detect(drep)
            print_match_summary(drep)
    store.close()
    if rep.files and all(f.status == "failed" for f in rep.files):
        sys.exit(1)


def run_load(store, files, source=None, footprints=(), columns=None, time_format=None, force=False,
             as_json=False, quiet=False):
    """Load files and print the summary (shared by `detections load` and `run --detections`)."""
    from ..detections.readers import DetectionFormatError
    from ..detections.store import load_files

    try:
        rep = load_files(store, files, source=source, footprints=footprints, columns=columns,
                         time_format=time_format, force=force)
    except DetectionFormatError as exc:
        fail(str(exc))
    if as_json:
        print_json({**rep.total(), "files": [f.__dict__ for f in rep.files], "seconds": round(rep.seconds, 3)})
        return rep
    for f in rep.files:
        if f.status == "failed":
            console.print(f"[red]failed[/] {f.name}: {f.message}")
        elif f.status == "skipped":
            console.print(f"[dim]skipped {f.name}: {f.message} (use --force to read it again)[/]")
        for w in f.warnings[:5]:
            console.print(f"[yellow]warning[/] {f.name}: {w}")
    if quiet:
        return rep
    t = rep.total()
    rows = [[f.name if len(f.name) < 60 else "…" + f.name[-58:], f.kind, f.fmt or "-", f.status, f"{f.rows:,}",
             f"{f.detections:,}", f"{f.duplicates:,}", f"{sum(f.rejects.values()):,}", f"{f.scenes:,}",
             f"{f.footprints:,}"] for f in rep.files]
    out.print(table(f"detections loaded: {t['detections']:,} of {t['rows']:,} rows ({rep.seconds:.1f} s)",
                    ["file", "kind", "format", "status", "rows", "detections", "duplicates", "rejects", "scenes",
                     "footprints"], rows, {"rows", "detections", "duplicates", "rejects", "scenes", "footprints"}))
    if t["rejects_by_reason"]:
        from ..detections.schema import REJECT_REASONS
        out.print(table("rejected rows by reason", ["reason", "count", "meaning"],
                        [[k, f"{v:,}", REJECT_REASONS.get(k, "")] for k, v in
                         sorted(t["rejects_by_reason"].items(), key=lambda kv: -kv[1])]))
        out.print("[dim]every rejected row is kept with its file, line and reason: `seasentry rejects`[/]")
    return rep


def print_match_summary(rep) -> None:
    """One line on the detections after a detection run (by status, missed vessels)."""
    d = getattr(rep, "detections", None)
    if not d:
        return
    parts = ", ".join(f"{v:,} {k}" for k, v in d.items())
    out.print(f"satellite/radar detections: {parts}; {getattr(rep, 'missed', 0):,} AIS vessel(s) in a footprint "
              f"not detected (`seasentry detections --missed`)")


# ------------------------------------------------------------------------------------------ scenario
from .scenario_cmds import scenario_group  # noqa: E402  (registered after the scenario commands)


@scenario_group.command("scenes")
@click.argument("scenario_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--seed", type=int, default=None, help="Seed of the scenes (default: the scenario's).")
def scenes_cmd(scenario_dir, seed):
    """Satellite scenes over a scenario written by `scenario generate`: Sentinel-1-like SAR and
    Sentinel-2-like optical passes with their detections (AIS vessels, dark small craft leaving the
    Libyan coast, a dark tanker at an STS, platforms, sea clutter) and labelled truth.

    Writes detections.csv, footprints.geojson, detections_truth.csv, missed_truth.csv and
    scenes_summary.json into SCENARIO_DIR (docs/scenario.md).
    """
    from ..scenario.scenes import generate_scenes, regenerate, write_scenes

    try:
        sc = regenerate(scenario_dir)
        ss = generate_scenes(sc, seed)
    except ValueError as exc:
        fail(str(exc))
    write_scenes(ss, scenario_dir)
    s = ss.summary
    click.echo(f"wrote {scenario_dir}: {s['scenes']} scenes, {s['detections']} detections, "
               f"{s['missed_ais_vessels']} AIS vessels in a footprint not detected", err=True)
    for k, n in s["by_kind"].items():
        click.echo(f"  {k:28s} {n}", err=True)


@scenario_group.command("evaluate-detections")
@click.option("--detections", "det_path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="`seasentry detections --format jsonl` output.")
@click.option("--truth", "truth_path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="detections_truth.csv written by `scenario scenes`.")
@click.option("--missed", "missed_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="`seasentry detections --missed --format jsonl` output.")
@click.option("--missed-truth", "missed_truth_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="missed_truth.csv written by `scenario scenes`.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def evaluate_detections_cmd(det_path, truth_path, missed_path, missed_truth_path, fmt):
    """Dark recall and precision, matched-MMSI accuracy, infrastructure and missed vessels against
    the truth of `scenario scenes`."""
    from ..scenario.scenes import evaluate_detections

    try:
        res = evaluate_detections(det_path, truth_path, missed_path, missed_truth_path)
    except (ValueError, KeyError) as exc:
        fail(f"cannot evaluate: {exc}")
    if fmt == "json":
        print_json(res)
        return
    out.print(table("detections vs truth", ["metric", "value", "of"],
                    [[k, f"{v['value']:.3f}" if v["value"] is not None else "-", v["n"]]
                     for k, v in res["metrics"].items()]))
    kinds = sorted(res["confusion"])
    statuses = sorted({s for k in kinds for s in res["confusion"][k]})
    out.print(table("truth kind x status", ["kind", *statuses],
                    [[k, *[res["confusion"][k].get(s, 0) for s in statuses]] for k in kinds]))
