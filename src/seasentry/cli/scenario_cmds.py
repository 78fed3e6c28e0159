"""`seasentry scenario generate|evaluate|scale`: labelled Central-Med traffic for tests, demo and benchmarks."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from . import main


@main.group("scenario")
def scenario_group() -> None:
    """Generate labelled Central-Mediterranean AIS scenarios and score detections against them."""


@scenario_group.command("generate")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same bytes).")
@click.option("--hours", type=float, default=48.0, show_default=True, help="Length of the scenario (>= 36).")
@click.option("--vessels", type=int, default=60, show_default=True, help="Number of MMSIs (about 30 are scripted).")
@click.option("--start", default="2024-05-01T00:00:00Z", show_default=True, help="Start time, ISO 8601 UTC.")
@click.option("--out", "outdir", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--no-noise", is_flag=True, help="No corrupt lines, duplicates or out-of-order arrival.")
@click.option("--no-story", is_flag=True, help="Leave out the demo story (dark tanker, STS, rename, sanctioned ids).")
@click.option("--scale", type=int, default=1, show_default=True,
              help="Chunks laid end to end in time for big benchmark corpora, streamed to disk (flat memory).")
def generate_cmd(seed, hours, vessels, start, outdir, no_noise, no_story, scale):
    """Write scenario.nmea, labels.jsonl, truth_positions.parquet, vessels.csv, noise.jsonl, summary.json."""
    from ..scenario import generate
    from ..scenario.bulk import write_corpus

    if hours < 36:
        raise click.UsageError("--hours must be at least 36 (the injected events need it)")
    if vessels < 1 or scale < 1:
        raise click.UsageError("--vessels and --scale must be positive")
    t = time.time()
    try:
        if scale == 1:
            sc = generate(seed=seed, hours=hours, vessels=vessels, start=start, noise=not no_noise, story=not no_story)
            sc.write(outdir)
            summary = sc.summary
        else:
            def progress(k, n, pos):
                click.echo(f"chunk {k}/{n}: {pos} positions", err=True)
            summary = write_corpus(outdir, seed=seed, hours=hours, vessels=vessels, scale=scale, start=start,
                                   noise=not no_noise, story=not no_story, progress=progress)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        from .errors import os_reason
        raise click.ClickException(f"cannot write the scenario into {outdir}: {os_reason(exc)}") from None
    dt = time.time() - t
    click.echo(f"wrote {Path(outdir)}: {summary['positions']} positions, {summary['lines']} lines, "
               f"{sum(summary['labels'].values())} labels in {dt:.1f} s", err=True)
    for typ, n in sorted(summary["labels"].items()):
        click.echo(f"  {typ:28s} {n}", err=True)
    if summary.get("unmatched_injections"):
        click.echo(f"warning: {len(summary['unmatched_injections'])} injected events did not materialise", err=True)


@scenario_group.command("evaluate")
@click.option("--events", "events_path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="Detected events: JSON lines (as `seasentry events --format jsonl`) or CSV.")
@click.option("--labels", "labels_path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="labels.jsonl written by `scenario generate`.")
@click.option("--tolerance", type=float, default=1800.0, show_default=True, help="Time tolerance, seconds.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def evaluate_cmd(events_path, labels_path, tolerance, fmt):
    """Per-type precision and recall of detected events against scenario labels."""
    import polars as pl

    from ..scenario import evaluate, read_labels_jsonl

    try:
        labels = read_labels_jsonl(labels_path)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # json and UTF-8 errors are ValueErrors
        raise click.ClickException(f"{labels_path}: not a labels.jsonl written by `seasentry scenario generate` "
                                   f"({_why(exc)})") from None
    need = ("type", "mmsi", "start")
    try:
        if events_path.endswith(".csv"):
            det = pl.read_csv(events_path, infer_schema_length=0)
            missing = [c for c in need if c not in det.columns]
            if missing:
                raise KeyError(missing[0])
            det = det.with_columns(pl.col("mmsi").cast(pl.Int64), *[
                pl.col(c).cast(pl.Int64, strict=False) for c in ("other_mmsi",) if c in det.columns])
        else:
            rows = []
            with open(events_path, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        r = json.loads(line)
                        if not isinstance(r, dict) or any(r.get(k) is None for k in need):
                            raise KeyError(next((k for k in need if not isinstance(r, dict) or r.get(k) is None)))
                        rows.append({k: r.get(k) for k in ("type", "mmsi", "other_mmsi", "start", "end")})
            det = pl.DataFrame(rows, schema={"type": pl.Utf8, "mmsi": pl.Int64, "other_mmsi": pl.Int64,
                                             "start": pl.Utf8, "end": pl.Utf8})
    except (KeyError, TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        raise click.ClickException(f"{events_path}: not detected events as `seasentry events --format jsonl` (or csv) "
                                   f"writes them ({_why(exc)})") from None
    if labels.height == 0:
        click.echo(f"warning: {labels_path} holds no labels: every detection counts as a false positive", err=True)
    res = evaluate(det, labels, time_tolerance_s=tolerance)
    if fmt == "jsonl":
        for r in res.iter_rows(named=True):
            sys.stdout.write(json.dumps(r) + "\n")
        return
    click.echo(f"{'type':16s} {'labels':>6s} {'det':>5s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'prec':>6s} {'rec':>6s} "
               f"{'neg':>4s} {'neg_hit':>7s}")
    for r in res.iter_rows(named=True):
        click.echo(f"{r['type']:16s} {r['labels']:6d} {r['detected']:5d} {r['tp']:4d} {r['fp']:4d} {r['fn']:4d} "
                   f"{r['precision']:6.3f} {r['recall']:6.3f} {r['negatives']:4d} {r['negatives_hit']:7d}")


def _why(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"field {exc.args[0]!r} missing"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


@scenario_group.command("scale")
@click.argument("base_dir", type=click.Path(file_okay=False))
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--messages", type=int, required=True, help="AIS messages to write (copies of the base, cut to N).")
@click.option("--file-mb", type=float, default=256.0, show_default=True, help="Size of each output file, MB.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Seed of the base corpus, generated into BASE_DIR (36 h, 300 vessels) when it has no "
                   "scenario.nmea yet.")
@click.option("--shift-s", type=int, default=0, show_default=True,
              help="Seconds added to the tag-block time of copy k, times k (86400: each copy another day; "
                   "0: all copies share the base's time span, like a day of global AIS).")
def scale_cmd(base_dir, out_dir, messages, file_mb, seed, shift_s):
    """Replicate the corpus in BASE_DIR to N messages in OUT_DIR (part-*.nmea, manifest.json).

    Every copy gets its own MMSIs (re-encoded in the payload, checksums updated); see
    seasentry.scenario.replicate and docs/benchmarks.md ("End to end").
    """
    from ..scenario.bulk import write_corpus
    from ..scenario.replicate import base_nmea, replicate

    if messages < 1 or file_mb <= 0:
        raise click.UsageError("--messages and --file-mb must be positive")
    if not base_nmea(base_dir).is_file():
        click.echo(f"generating the base corpus in {base_dir} (seed {seed}, 36 h, 300 vessels)", err=True)
        write_corpus(base_dir, seed=seed, hours=36, vessels=300, scale=1)

    tty = sys.stderr.isatty()

    def progress(done, total):
        if tty:
            click.echo(f"\r{done:,}/{total:,} messages", err=True, nl=False)

    try:
        m = replicate(base_dir, out_dir, messages, file_mb=file_mb, shift_s=shift_s, progress=progress)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    if tty:
        click.echo("", err=True)
    rate = m["lines"] / m["seconds"] if m["seconds"] else 0.0
    click.echo(f"wrote {out_dir}: {m['messages']:,} messages, {m['lines']:,} lines, {m['bytes'] / 1e6:,.1f} MB in "
               f"{len(m['files'])} files, {m['copies']} copies of {m['base_messages']:,} messages "
               f"({m['seconds']:.1f} s, {rate:,.0f} lines/s)", err=True)
