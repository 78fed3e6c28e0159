"""`seasentry alerts [evaluate|ack|dismiss|escalate]` and `seasentry case` (docs/alerts.md)."""

from __future__ import annotations

import csv
import sys

import click

from . import main
from .common import ISO_TIME, check_writable, config_option, console, db_option, fail, load_config, open_store, out, \
    print_json, set_option, table

rules_option = click.option("--rules", "rules_path", type=click.Path(exists=True, dir_okay=False), default=None,
                            help="Alert rule file (YAML) instead of the shipped default rules.")

_CSV_COLS = ["alert_id", "mmsi", "vessel_name", "rule", "severity", "score", "vessel_score", "level", "status",
             "event_ids", "start", "end", "explanation", "created", "updated"]


def _short(text, n: int) -> str:
    text = text or ""
    return text if len(text) <= n else text[:n - 1] + "…"


def print_alert_table(df, title: str, top: int | None = None) -> None:
    """The ranked alert table (used by `seasentry alerts` and at the end of `seasentry run`);
    ``df``: the alerts of ``query_alerts``, or their rows (``query_alert_rows``)."""
    from ..alerts.risk import points_text

    alerts = df if isinstance(df, list) else list(df.iter_rows(named=True))
    rows = []
    n = len(alerts)
    for r in (alerts[:top] if top else alerts):
        name = r.get("v_name") or ""
        rows.append([r["level"], points_text(r["vessel_score"]), r["mmsi"], name[:20], r["rule_id"],
                     points_text(r["score"]), r["status"], _short(r["explanation"], 60), r["alert_id"]])
    shown = f" (top {len(rows)} of {n})" if top and n > len(rows) else ""
    colour = {"red": "[bold red]red[/]", "amber": "[yellow]amber[/]", "green": "[green]green[/]"}
    # "vessel risk": the vessel's score (sum over its rules, docs/alerts.md) and its level;
    # "alert score": this alert's own points
    out.print(table(f"{title}{shown}", ["level", "vessel risk", "mmsi", "name", "rule", "alert score", "status",
                                        "why", "alert id"],
                    [[colour.get(x[0], x[0]), *x[1:]] for x in rows], {"vessel risk", "alert score"}))


def _rule_ids(store) -> list[str]:
    """Rule ids of the shipped rule file and of every alert in the store (a user's rule file)."""
    from ..alerts import load_rules
    from ..alerts.lifecycle import tables_exist

    ids = [r.id for r in load_rules().rules]
    if tables_exist(store.con):
        ids += sorted(r[0] for r in store.con.execute("SELECT DISTINCT rule_id FROM alerts").fetchall() if r[0])
    return list(dict.fromkeys(ids))


def run_evaluate(store, cfg, rules_path=None):
    from ..alerts import RuleError, evaluate

    try:
        return evaluate(store, cfg, rules_path=rules_path)
    except RuleError as exc:
        fail(str(exc))


@main.group(invoke_without_command=True)
@db_option
@click.option("--status", default="new,acknowledged,escalated", show_default=True,
              help="Statuses to show, comma-separated (new, acknowledged, escalated, dismissed) or 'all'.")
@click.option("--min-score", type=float, default=None, help="Only alerts scoring at least this.")
@click.option("--mmsi", type=int, default=None)
@click.option("--rule", default=None, help="Rule id(s), comma-separated.")
@click.option("--all", "include_inactive", is_flag=True, help="Include alerts whose evidence has gone.")
@click.option("--limit", type=int, default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.pass_context
def alerts(ctx, db, status, min_score, mmsi, rule, include_inactive, limit, fmt):
    """Ranked alerts (riskiest vessel first). Sub-commands: evaluate, ack, dismiss, escalate, history."""
    if ctx.invoked_subcommand is not None:
        ctx.ensure_object(dict)["db"] = db
        return
    from ..alerts import STATUSES, alert_record, query_alert_rows

    st = None if status.strip() == "all" else [s.strip() for s in status.split(",") if s.strip()]
    bad = [s for s in st or [] if s not in STATUSES]
    if bad:
        raise click.UsageError(f"unknown status {bad}; statuses: {', '.join(STATUSES)}")
    store = open_store(db, read_only=True)
    if rule:
        known = _rule_ids(store)
        bad = [x for x in (y.strip() for y in rule.split(",")) if x and x not in known]
        if bad:
            store.close()
            raise click.UsageError(f"unknown rule {', '.join(repr(b) for b in bad)}; rules: {', '.join(known)}")
    try:
        rows = query_alert_rows(store, status=st, min_score=min_score, mmsi=mmsi, rule=rule,
                                include_inactive=include_inactive, limit=limit)  # no polars to import
    finally:
        store.close()
    if rows is None:
        console.print("no alerts evaluated yet: run `seasentry run INPUT...` or `seasentry alerts evaluate`")
        return
    recs = [alert_record(r) for r in rows]
    if fmt == "jsonl":
        for r in recs:
            print_json(r)
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(_CSV_COLS)
        for r in recs:
            w.writerow([r["alert_id"], r["mmsi"], r["vessel"].get("name"), r["rule"], r["severity"], r["score"],
                        r["vessel_score"], r["level"], r["status"], " ".join(r["event_ids"]), r["start"], r["end"],
                        r["explanation"], r["created"], r["updated"]])
    else:
        print_alert_table(rows, f"{len(rows)} alert(s)")


@alerts.command("evaluate", short_help="Re-run the alert rules over the stored events.")
@db_option
@rules_option
@config_option
@set_option
@click.option("--top", type=int, default=20, show_default=True, help="Rows of the ranked table.")
@click.option("--quiet", "-q", is_flag=True)
@click.pass_context
def alerts_evaluate(ctx, db, rules_path, config_path, overrides, top, quiet):
    """Re-run the alert rules over the stored events (statuses and dismissals are kept)."""
    from ..alerts import query_alerts

    cfg = load_config(config_path, overrides)
    store = open_store(db or ctx.obj.get("db"), config=cfg, must_exist=True)
    try:
        rep = run_evaluate(store, cfg, rules_path)
        print_evaluate_summary(rep)
        if not quiet:
            print_alert_table(query_alerts(store, status=["new", "acknowledged", "escalated"], cfg=cfg),
                              "ranked alerts", top)
    finally:
        store.close()


def print_evaluate_summary(rep) -> None:
    c = rep.counts
    console.print(f"alerts: {rep.alerts} from {rep.rules} rules over {rep.events:,} events "
                  f"({c.get('new', 0)} new, {c.get('kept', 0)} already known, {c.get('reactivated', 0)} reactivated, "
                  f"{c.get('withdrawn', 0)} withdrawn; {rep.seconds:.1f} s; rules {rep.rules_path})")


def _action(name: str, verb: str):
    @alerts.command(name, help=f"{verb} an alert (ALERT_ID or a unique prefix), with a note (kept in the audit "
                               "trail).", short_help=f"{verb} an alert, with a note.")
    @click.argument("alert_id")
    @click.option("--note", required=True, help="Why (kept in the audit trail).")
    @click.option("--user", default=None, help="Who (default: $SEASENTRY_USER or the login name).")
    @db_option
    @click.pass_context
    def cmd(ctx, alert_id, note, user, db):
        from ..alerts import LifecycleError, act

        store = open_store(db or ctx.obj.get("db"), must_exist=True)
        try:
            res = act(store.con, alert_id, name, note=note, user=user)
        except LifecycleError as exc:
            fail(str(exc))
        finally:
            store.close()
        console.print(f"alert {res['alert_id']}: {res['from']} -> {res['to']} by {res['user']}")

    return cmd


_action("ack", "Acknowledge")
_action("escalate", "Escalate")
_action("dismiss", "Dismiss")


@alerts.command("history", short_help="The audit trail of alert actions (who, when, note).")
@click.argument("alert_id", required=False)
@db_option
@click.pass_context
def alerts_history(ctx, alert_id, db):
    """The audit trail: raised, acknowledged, escalated, dismissed, withdrawn (who, when, note)."""
    from ..alerts import history
    from ..timeutil import iso

    store = open_store(db or ctx.obj.get("db"), read_only=True, must_exist=True)
    try:
        df = history(store.con)
    finally:
        store.close()
    if alert_id and df.height:
        df = df.filter(df["alert_id"].str.starts_with(alert_id))
    out.print(table(f"{df.height} action(s)", ["at", "alert id", "action", "from", "to", "user", "note"],
                    [[iso(r["at"]), r["alert_id"], r["action"], r["from_status"], r["to_status"], r["user_name"],
                      r["note"]] for r in df.iter_rows(named=True)]))


@main.command()
@click.argument("mmsi", type=int)
@db_option
@click.option("--start", default=None, type=ISO_TIME, help="Evidence from this time (ISO 8601).")
@click.option("--end", default=None, type=ISO_TIME, help="Evidence up to this time (ISO 8601).")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="Case file (.html).")
@click.option("--pdf", "pdf_path", default=None, type=click.Path(dir_okay=False),
              help="Also print the case file to PDF (needs a local Chromium; see docs/alerts.md).")
@click.option("--archive", default=None, metavar="DIR",
              help="Take the vessel's positions, static reports and original lines from this archive "
                   "(`seasentry run --archive`): they are copied into the store first.")
@config_option
@set_option
def case(mmsi, db, start, end, out_path, pdf_path, archive, config_path, overrides):
    """Write the evidence case file of vessel MMSI: identity history, track map, events,
    sanctions hits, alerts with score breakdown and the original NMEA lines (chain of custody)."""
    from ..alerts.casefile import CaseFileError, html_to_pdf, write_case_file
    from .errors import os_reason

    cfg = load_config(config_path, overrides)
    check_writable(out_path, "case file")
    if pdf_path:
        check_writable(pdf_path, "PDF")
    if archive:
        from ..distributed.ingest import materialise

        from ..alerts.casefile import _related_mmsis

        store = open_store(db, config=cfg, must_exist=True)
        ev = store.con.execute("SELECT * FROM events WHERE mmsi = ?", [mmsi]).pl()
        partners = store.con.execute("SELECT DISTINCT mmsi FROM events WHERE other_mmsi = ?", [mmsi]).fetchall()
        linked = ({mmsi} | {int(x) for x in ev["other_mmsi"].drop_nulls().to_list()} | {int(x[0]) for x in partners}
                  | set(_related_mmsis(store, mmsi, ev)["mmsi"].to_list()))
        try:
            m = materialise(store, archive, sorted(linked), cfg)
        except (ValueError, OSError) as exc:
            fail(f"{archive}: {exc}")
        console.print(f"[dim]from the archive: {m['positions']:,} positions, {m['statics']:,} static reports of "
                      f"{len(linked)} vessel(s) ({m['stored']:,} new in the store)[/]")
        store.close()
    store = open_store(db, read_only=True, config=cfg)
    try:
        info = write_case_file(store, mmsi, out_path, start=start, end=end, cfg=cfg)
    except CaseFileError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write the case file {out_path}: {os_reason(exc)}")
    finally:
        store.close()
    console.print(f"case file: {out_path} ({info['events']} events, {info['alerts']} alerts, "
                  f"{info['raw_lines']} NMEA lines; content SHA-256 {info['content_sha256'][:16]}...)")
    if pdf_path:
        try:
            html_to_pdf(out_path, pdf_path)
        except CaseFileError as exc:
            fail(str(exc))
        console.print(f"PDF: {pdf_path}")
    print_json({k: v for k, v in info.items()})
