"""`seasentry serve` (web map and REST API) and `seasentry tokens ...` (API access)."""

from __future__ import annotations

import secrets

from .._lazy import lazy

asyncio = lazy("asyncio")  # only the commands that serve need it

import click

from . import main
from .common import (
    config_option,
    console,
    db_option,
    fail,
    iso,
    load_config,
    open_store,
    out,
    print_json,
    set_option,
    table,
)


def _store(db, must_exist: bool = True, reads: bool = False):
    from .common import require_store

    if must_exist:
        require_store(db)
    return open_store(db, reads=reads)


@main.group()
def tokens() -> None:
    """API tokens: create (shown once), list, revoke. Roles: viewer, analyst, admin."""


@tokens.command("create")
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), required=True,
              help="viewer reads; analyst also acts on alerts, zones, screening; admin also tokens and lists.")
@click.option("--name", required=True, help="Who holds the token (shown in the audit log).")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the new token as JSON.")
def tokens_create(role, name, db, as_json):
    """Create a token and print it (the secret is never shown again; only its hash is stored)."""
    from ..web.auth import AuthError, Principal, audit, create_token

    store = _store(db, must_exist=False)
    try:
        try:
            t = create_token(store.con, name, role, created_by="cli")
        except AuthError as exc:
            raise click.UsageError(str(exc)) from None
        audit(store.con, Principal("cli", "cli", "admin"), "token.create", t["token_id"],
              {"name": t["name"], "role": t["role"]})
    finally:
        store.close()
    if as_json:
        print_json({**t, "created": iso(t["created"])})
        return
    console.print(f"created token [bold]{t['token_id']}[/] for {t['name']} (role {t['role']}); "
                  "it is shown only now:")
    out.print(t["token"], soft_wrap=True)


@tokens.command("list")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def tokens_list(db, fmt):
    """List tokens (ids, names, roles, created, revoked, last used; never the secrets)."""
    from ..web.auth import list_tokens

    store = _store(db, reads=True)
    try:
        rows = list_tokens(store.con)
    finally:
        store.close()
    if fmt == "json":
        print_json(rows)
        return
    if not rows:
        console.print("no tokens: create one with `seasentry tokens create --role admin --name NAME`")
        return
    out.print(table("API tokens", ["id", "name", "role", "created", "by", "revoked", "last used"],
                    [[r["token_id"], r["name"], r["role"], iso(r["created"]), r["created_by"],
                      iso(r["revoked"]) or "", iso(r["last_used"]) or ""] for r in rows]))


@tokens.command("revoke")
@click.argument("token_id")
@db_option
def tokens_revoke(token_id, db):
    """Revoke a token by its id (see `seasentry tokens list`); it stops working at once."""
    from ..web.auth import AuthError, Principal, audit, revoke_token

    store = _store(db)
    try:
        try:
            r = revoke_token(store.con, token_id.strip(), revoked_by="cli")
        except AuthError as exc:
            raise click.ClickException(str(exc)) from None
        audit(store.con, Principal("cli", "cli", "admin"), "token.revoke", r["token_id"], r)
    finally:
        store.close()
    console.print(f"token {r['token_id']} ({r['name']}, {r['role']}) "
                  + ("was already revoked" if r["already_revoked"] else "revoked"))


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface: put TLS in front).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--poll", "poll_s", default=3.0, show_default=True, type=click.FloatRange(0.2, 3600),
              help="Seconds between checks of the store for new data (live updates of the page).")
@click.option("--tcp", "tcp", multiple=True, metavar="[NAME=]HOST:PORT",
              help="Also run a live feed in this process (as `seasentry stream --tcp`). Repeatable.")
@click.option("--listen", "listen", multiple=True, metavar="[NAME=][HOST:]PORT",
              help="Also receive a pushed live feed (as `seasentry stream --listen`). Repeatable.")
@click.option("--udp", "udp", multiple=True, metavar="[NAME=][HOST:]PORT",
              help="Also receive a live UDP feed (as `seasentry stream --udp`). Repeatable.")
@click.option("--zones", "zones", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra zones for the live feed's detection (GeoJSON).")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@config_option
@set_option
def serve(db, host, port, poll_s, tcp, listen, udp, zones, log_level, config_path, overrides):
    """Serve the web map and the REST API (http://HOST:PORT/, API docs at /docs).

    The store stays open while serving (DuckDB allows one writer): to ingest at the same time,
    give live sources here (--tcp/--listen/--udp) instead of running `seasentry stream`. The
    first start on a store without tokens creates an admin token and prints it once.
    """
    import uvicorn

    from ..web import create_app
    from ..web.auth import create_token, list_tokens

    cfg = load_config(config_path, overrides)
    specs_in = [("tcp", v) for v in tcp] + [("listen", v) for v in listen] + [("udp", v) for v in udp]
    specs = []
    if specs_in:
        from ..live import SourceSpecError, parse_source

        try:
            specs = [parse_source(k, v) for k, v in specs_in]
        except SourceSpecError as exc:
            raise click.UsageError(str(exc)) from None
    store = open_store(db, config=cfg)     # a store held by another process: one line saying who and what to do
    from ..web.auth import ensure_tables

    ensure_tables(store.con)
    if not [t for t in list_tokens(store.con) if t["revoked"] is None]:
        t = create_token(store.con, "admin", "admin", created_by="serve (first start)")
        console.print("no API tokens yet: created an [bold]admin[/] token (shown only now; "
                      "make others with `seasentry tokens create` or in the page's admin tab):")
        out.print(t["token"], soft_wrap=True)

    bus = None
    ls = None
    if specs:
        from ..live import EventBus, LiveDetector, LiveStream

        bus = EventBus(maxsize=cfg.live.bus_queue)
        try:
            ls = LiveStream(store, specs, cfg, bus=bus, detector=LiveDetector(cfg, zones=list(zones)))
        except ValueError as exc:
            store.close()
            fail(str(exc))
    from ..web.local import remove_server_file, write_server_file

    local_secret = secrets.token_urlsafe(32)
    app = create_app(store=store, config=cfg, bus=bus, poll_interval_s=poll_s, local_secret=local_secret)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False,
                                           lifespan="on", timeout_graceful_shutdown=5))
    console.print(f"seasentry web on http://{host}:{port}/ (API docs /docs, store {store.path}); Ctrl-C stops")

    async def announce(web_task):
        # once listening, the commands run beside the server find it here (their reads are
        # answered by it): the port actually bound (--port 0 picks a free one)
        while not server.started and not web_task.done():
            await asyncio.sleep(0.02)
        if server.started:
            bound = port
            try:
                bound = server.servers[0].sockets[0].getsockname()[1]
            except (AttributeError, IndexError, OSError):
                pass
            write_server_file(store.path, host, bound, local_secret)

    async def run():
        web_task = asyncio.create_task(server.serve())
        announcer = asyncio.create_task(announce(web_task))
        if ls is None:
            try:
                await web_task
            finally:
                announcer.cancel()
            return
        stop = asyncio.Event()
        live_task = asyncio.create_task(ls.run(stop=stop))
        done, _ = await asyncio.wait({live_task, web_task}, return_when=asyncio.FIRST_COMPLETED)
        announcer.cancel()
        stop.set()
        server.should_exit = True
        await asyncio.gather(live_task, web_task, return_exceptions=True)
        if live_task in done and live_task.exception():
            raise live_task.exception()

    stopped = False
    try:
        asyncio.run(run())
        stopped = True
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled; the shutdown was clean
        stopped = True
    except OSError as exc:
        fail(f"cannot serve on {host}:{port}: {exc}")
    finally:
        remove_server_file(store.path)
        try:
            if app.state.ctx.local is not None:
                app.state.ctx.local.close_all()
            # everything committed goes into the store file: a copy of the .duckdb alone is complete
            store.close(checkpoint=True)
        except Exception as exc:  # noqa: BLE001
            console.print(f"[yellow]warning:[/] closing the store: {exc}")
    if stopped:
        console.print("stopped (store checkpointed)")
