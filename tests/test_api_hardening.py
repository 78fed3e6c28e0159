"""Security and integrity of the web server (issue 20): each test reproduces a defect found by the
audit of the server before this work, and fails on that code.

Body limits before parsing and authentication (chunked bodies too), a write and its audit row in
one transaction, uniform-time token rejection and the per-client failure limit, revocation ending
open streams, zone limits, sanctions lists loaded through the API re-screening vessels, and the
smaller items (``filename=.``, frame protection, audit of refused writes without floods, no server
temp paths, billion laughs, NUL and right-to-left override characters in case files, self-
intersecting zones, times with Z)."""

from __future__ import annotations

import json
import socket
import statistics
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from test_api_common import SANCTIONS, Serve, auth, build_store, copy_store, rss_mb

SQUARE = [[14.0, 35.0], [14.5, 35.0], [14.5, 35.5], [14.0, 35.5], [14.0, 35.0]]


def fc(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(name: str, coords=None, kind: str = "Polygon") -> dict:
    return {"type": "Feature", "properties": {"name": name},
            "geometry": {"type": kind, "coordinates": [coords or SQUARE]}}


def _cfg(**web):
    from seasentry.config import Config

    cfg = Config()
    for k, v in web.items():
        if hasattr(cfg, "web"):     # (so that this file also runs, and fails as it should, on the code before)
            setattr(cfg.web, k, v)
    return cfg


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from seasentry.web import create_app

    info = build_store()
    db = copy_store(tmp_path_factory.mktemp("hard"))
    app = create_app(db, config=_cfg(auth_failures_max=1_000_000), poll_interval_s=0.2)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield {"c": client, "app": app, "tok": info["tokens"], "db": db}


def H(env, role):
    return auth(env["tok"][role])


def _con(env):
    return env["app"].state.ctx.store.con


def _audit(env, action=None):
    sql = "SELECT action, target, detail, outcome, user_name FROM audit_log"
    args = []
    if action:
        sql += " WHERE action = ?"
        args = [action]
    return _con(env).execute(sql + " ORDER BY audit_id", args).fetchall()


# ----------------------------------------------------------------------------------- body limits (real server)
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    info = build_store()
    db = copy_store(tmp_path_factory.mktemp("served"))
    from seasentry.config import Config

    args = ("--set", "web.auth_failures_max=1000000") if hasattr(Config(), "web") else ()
    with Serve(db, *args) as s:
        yield s, info["tokens"]


def _chunked_request(port: int, path: str, token: str | None, megabytes: float, wait_s: float = 10.0) -> bytes:
    """Send a chunked POST body of up to ``megabytes`` (stopping as soon as the server answers or
    stops reading), then return the first bytes of the answer (b'' when none came)."""
    import select

    sock = socket.create_connection(("127.0.0.1", port), timeout=2.0)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n" + (f"Authorization: Bearer {token}\r\n" if token else "") + "\r\n")
    chunk = b"[" + b"1," * 32767 + b"1"
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    answer = b""
    t0 = time.monotonic()
    try:
        sock.sendall(head.encode())
        sent = 0
        while sent < megabytes * 2**20 and time.monotonic() - t0 < wait_s:
            if select.select([sock], [], [], 0)[0]:
                break                       # the server answered (before the body was sent)
            sock.sendall(frame)             # (times out when the server stops reading)
            sent += len(chunk)
    except OSError:
        pass
    try:
        sock.settimeout(max(0.5, wait_s - (time.monotonic() - t0)))
        answer = sock.recv(65536)
        sock.settimeout(1.0)
        while b"}" not in answer:           # the JSON body may come in a later packet
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    except OSError:
        pass
    finally:
        sock.close()
    return answer


def test_chunked_body_without_token_is_refused_before_it_is_read(served):
    """Before: a chunked body of any size was read into memory before the token was checked (150 MB
    raised the server from 252 to 646 MB). Now: 401 at once, the body is never read."""
    s, _ = served
    before = rss_mb(s.pid)
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(_chunked_request(s.port, "/api/zones", None, 40)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 4 and all(r.startswith(b"HTTP/1.1 401") for r in results), results
    assert rss_mb(s.pid) - before < 60, (before, rss_mb(s.pid))
    # a Content-Length over the limit is refused before authentication, without reading anything
    r = httpx.post(s.url + "/api/zones", content=b"{}", headers={"Content-Length": str(10 * 2**30)}, timeout=10) \
        if False else None  # (httpx sets its own Content-Length: sent raw below)
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    sock.sendall(b"POST /api/lists?filename=x.xml HTTP/1.1\r\nHost: x\r\nContent-Length: 10737418240\r\n\r\n")
    assert sock.recv(4096).startswith(b"HTTP/1.1 413")
    sock.close()
    assert r is None


def test_chunked_body_over_the_limit_gets_413_with_a_token(served):
    s, tok = served
    ans = _chunked_request(s.port, "/api/zones", tok["analyst"], 12)   # the limit is 8 MiB
    assert ans.startswith(b"HTTP/1.1 413"), ans[:300]
    assert b"larger than 8 MiB" in ans
    # the server is fine afterwards
    assert httpx.get(s.url + "/api/me", headers=auth(tok["viewer"]), timeout=10).status_code == 200


# ----------------------------------------------------------------------------------- write + audit atomic
@pytest.mark.parametrize("action", ["zone.create", "zone.delete", "token.create", "token.revoke", "alert.ack",
                                    "lists.load"])
def test_write_and_audit_commit_together(env, monkeypatch, action):
    """Before: the write and its audit row were two commits (after kill -9: deleted zones with no
    zone.delete row). Now one transaction: if the audit row cannot be written, neither is the write."""
    import seasentry.web.api_admin as adm
    import seasentry.web.api_alerts as alr

    c, con = env["c"], _con(env)
    zid = c.post("/api/zones", headers=H(env, "analyst"), json=fc(feature(f"atomic {action}"))).json()["created"][0][
        "zone_id"]
    tid = c.post("/api/tokens", headers=H(env, "admin"), json={"name": f"atomic-{action}", "role": "viewer"}).json()[
        "token_id"]
    alert = c.get("/api/alerts?status=new&limit=1", headers=H(env, "viewer")).json()["items"][0]["alert_id"]
    real = adm.audit

    def failing(cur, who, act, *a, **k):
        if act == action:
            raise RuntimeError("audit store failure")
        return real(cur, who, act, *a, **k)

    monkeypatch.setattr(adm, "audit", failing)
    monkeypatch.setattr(alr, "audit", failing)
    before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("zones", "api_tokens", "alert_actions", "sanctions_lists", "audit_log")}
    revoked_before = con.execute("SELECT count(*) FROM api_tokens WHERE revoked IS NOT NULL").fetchone()[0]
    if action == "zone.create":
        r = c.post("/api/zones", headers=H(env, "analyst"), json=fc(feature("never stored")))
    elif action == "zone.delete":
        r = c.delete(f"/api/zones/{zid}", headers=H(env, "analyst"))
    elif action == "token.create":
        r = c.post("/api/tokens", headers=H(env, "admin"), json={"name": "never", "role": "viewer"})
    elif action == "token.revoke":
        r = c.delete(f"/api/tokens/{tid}", headers=H(env, "admin"))
    elif action == "alert.ack":
        r = c.post(f"/api/alerts/{alert}/actions", headers=H(env, "analyst"), json={"action": "ack", "note": "x"})
    else:
        r = c.post("/api/lists?filename=ofac.csv&force=true", headers=H(env, "admin"),
                   content=(SANCTIONS / "ofac_sdn_2024-04-26_excerpt.csv").read_bytes())
    assert r.status_code == 500
    after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before, (before, after)
    assert con.execute("SELECT count(*) FROM api_tokens WHERE revoked IS NOT NULL").fetchone()[0] == revoked_before
    assert con.execute("SELECT count(*) FROM zones WHERE zone_id = ?", [zid]).fetchone()[0] == 1


# ----------------------------------------------------------------------------------- tokens: timing, rate limit
def _medians_ms(c, a, b, n=30) -> tuple[float, float]:
    """Median time of a rejected request with headers ``a`` and with ``b``, interleaved (a change
    of the machine's load touches both alike)."""
    ts: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(n):
        for i, h in enumerate((a, b)):
            t0 = time.perf_counter()
            assert c.get("/api/me", headers=h).status_code == 401
            ts[i].append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts[0]), statistics.median(ts[1])


def test_token_rejection_takes_the_same_time_whatever_the_reason(env, monkeypatch):
    """Before: a wrong secret for an existing id cost a full scrypt (88.6 ms vs 4.1 ms for an unknown
    id): the time told which ids exist. Now every rejection does the same work."""
    import seasentry.web.auth as A

    c = env["c"]
    real_id = env["tok"]["viewer"].split("_")[1]
    wrong = {"Authorization": f"Bearer sst_{real_id}_" + "B" * 43}
    unknown = {"Authorization": "Bearer sst_0badc0de_" + "B" * 43}
    t = c.post("/api/tokens", headers=H(env, "admin"), json={"name": "soon-revoked", "role": "viewer"}).json()
    c.delete(f"/api/tokens/{t['token_id']}", headers=H(env, "admin"))
    revoked = auth(t["token"])
    m_wrong, m_unknown = _medians_ms(c, wrong, unknown)
    assert abs(m_wrong - m_unknown) < max(5.0, 0.5 * min(m_wrong, m_unknown)), (m_wrong, m_unknown)
    calls: list[str] = []
    real = A.digest_secret
    monkeypatch.setattr(A, "digest_secret", lambda *a, **k: calls.append(str(a[2] if len(a) > 2 else k.get("alg",
                                                                                                          "sha256"))) or real(*a, **k))
    for h in (wrong, unknown, revoked):
        calls.clear()
        assert c.get("/api/me", headers=h).status_code == 401
        assert calls == ["sha256"], (h, calls)     # one cheap digest each, no scrypt, whatever the reason


def test_tokens_of_earlier_versions_work_and_are_rehashed(tmp_path):
    """A token stored with scrypt (before) still works, is re-hashed with SHA-256 on first use; while
    such tokens are left, an unknown id costs the same dummy scrypt as a wrong secret."""
    import secrets

    import seasentry.web.auth as A
    from seasentry.store import Store
    from seasentry.web import create_app

    db = tmp_path / "legacy.duckdb"
    s = Store(db)
    A.ensure_tables(s.con)
    secret, salt = secrets.token_urlsafe(32), secrets.token_bytes(16)
    s.con.execute("INSERT INTO api_tokens (token_id, name, role, salt, hash, created, alg) VALUES "
                  "('abcd1234', 'old', 'viewer', ?, ?, now(), NULL)", [salt.hex(), A.hash_secret(secret, salt).hex()])
    s.close()
    app = create_app(db, config=_cfg(auth_failures_max=1000))
    v: A.TokenVerifier = app.state.ctx.verifier
    with TestClient(app) as c:
        n0 = v.digests
        assert c.get("/api/me", headers={"Authorization": "Bearer sst_0badc0de_" + "C" * 43}).status_code == 401
        assert v.digests - n0 == 2           # sha256 + the dummy scrypt, like a wrong secret of an old token
        n0 = v.digests
        assert c.get("/api/me", headers={"Authorization": "Bearer sst_abcd1234_" + "C" * 43}).status_code == 401
        assert v.digests - n0 == 1           # the row's own scrypt
        assert c.get("/api/me", headers=auth(f"sst_abcd1234_{secret}")).json()["name"] == "old"
        alg = app.state.ctx.store.cursor().execute("SELECT alg FROM api_tokens WHERE token_id = 'abcd1234'").fetchone()
        assert alg == ("sha256",)
        app.state.ctx.verifier._legacy = (-1e9, False)
        n0 = v.digests
        assert c.get("/api/me", headers={"Authorization": "Bearer sst_0badc0de_" + "C" * 43}).status_code == 401
        assert v.digests - n0 == 1           # no scrypt token left: no dummy scrypt either
        assert c.get("/api/me", headers=auth(f"sst_abcd1234_{secret}")).status_code == 200
    app.state.ctx.store.close()


def test_failed_authentications_are_rate_limited_per_client(tmp_path):
    """Before: no limit (20 unauthenticated clients raised a user's /api/alerts median from 27 to 503
    ms). Now a client failing too often gets 429 with Retry-After, even with a good token, until
    the window has passed."""
    from seasentry.web import create_app

    info = build_store()
    app = create_app(copy_store(tmp_path), config=_cfg(auth_failures_max=5, auth_failure_window_s=1.5))
    bad = {"Authorization": "Bearer sst_0badc0de_" + "D" * 43}
    with TestClient(app) as c:
        codes = [c.get("/api/alerts", headers=bad).status_code for _ in range(5)]
        assert codes == [401] * 5
        r = c.get("/api/alerts", headers=bad)
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
        assert c.get("/api/me", headers=auth(info["tokens"]["viewer"])).status_code == 429
        assert c.post("/api/zones", headers=bad, json=fc(feature("x"))).status_code == 429
        assert c.get("/api/health").status_code == 200          # no token involved
        time.sleep(1.6)
        assert c.get("/api/me", headers=auth(info["tokens"]["viewer"])).status_code == 200
        rows = app.state.ctx.store.cursor().execute("SELECT outcome FROM audit_log WHERE action = 'denied'").fetchall()
        assert ("rate_limited",) in rows
    app.state.ctx.store.close()


# ----------------------------------------------------------------------------------- revocation ends streams
def test_revoking_a_token_ends_its_open_stream(served):
    """Before: a revoked token's /api/stream stayed open (up to 3,600 s). Now it ends at once."""
    s, tok = served
    admin = auth(tok["admin"])
    t = httpx.post(s.url + "/api/tokens", headers=admin, json={"name": "streamer", "role": "viewer"}).json()
    lines: list[str] = []
    done = threading.Event()

    def listen():
        with httpx.stream("GET", s.url + "/api/stream?duration=60", headers=auth(t["token"]), timeout=70) as r:
            for line in r.iter_lines():
                lines.append(line)
        done.set()

    th = threading.Thread(target=listen, daemon=True)
    th.start()
    for _ in range(100):
        if any("hello" in x for x in lines):
            break
        time.sleep(0.05)
    assert any("hello" in x for x in lines)
    t0 = time.monotonic()
    assert httpx.delete(f"{s.url}/api/tokens/{t['token_id']}", headers=admin).status_code == 200
    assert done.wait(5), "the stream is still open 5 s after the revocation"
    assert time.monotonic() - t0 < 5
    assert any(x == "event: revoked" for x in lines), lines[-5:]


# ----------------------------------------------------------------------------------- zones
def test_zone_limits(env):
    """Before: 20,000 features or a 180,000-vertex polygon were accepted (201). Now 413/422 with the limit."""
    c = env["c"]
    h = H(env, "analyst")
    many = fc(*[feature(f"many {i}") for i in range(20_000)])
    r = c.post("/api/zones", headers=h, json=many)
    assert r.status_code == 413 and "at most 100" in r.json()["detail"]
    import math

    n = 180_000
    ring = [[14 + 0.5 * math.cos(2 * math.pi * i / n), 35 + 0.5 * math.sin(2 * math.pi * i / n)] for i in range(n)]
    ring.append(ring[0])
    r = c.post("/api/zones", headers=h, json=fc(feature("huge", ring)))
    assert r.status_code == 413 and "180,001 vertices" in r.json()["detail"], r.text[:300]
    r = c.post("/api/zones", headers=h, json=fc(feature("N" * 500)))
    assert r.status_code == 422 and "at most 100" in r.json()["detail"]
    # a 2,000-vertex zone is fine, and its audit row is valid JSON
    ring = [[14 + 0.5 * math.cos(2 * math.pi * i / 2000), 35 + 0.5 * math.sin(2 * math.pi * i / 2000)]
            for i in range(2000)]
    ring.append(ring[0])
    names = [f"fine zone {i:03d} " + "x" * 80 for i in range(60)]
    r = c.post("/api/zones", headers=h, json=fc(*[feature(nm, ring) for nm in names]))
    assert r.status_code == 201, r.text[:300]
    detail = _audit(env, "zone.create")[-1][2]
    d = json.loads(detail)
    assert d["zones"] == 60 and len(detail) <= 20_000


def test_zone_limits_of_the_store(tmp_path):
    from seasentry.web import create_app

    info = build_store()
    app = create_app(copy_store(tmp_path), config=_cfg(zones_max_stored=3, zones_max_total_vertices=12))
    with TestClient(app) as c:
        h = auth(info["tokens"]["analyst"])
        assert c.post("/api/zones", headers=h, json=fc(feature("a"), feature("b"))).status_code == 201
        r = c.post("/api/zones", headers=h, json=fc(feature("c"), feature("d")))
        assert r.status_code == 422 and "holds 2 user zones" in r.json()["detail"]
        r = c.post("/api/zones", headers=h, json=fc(feature("c")))
        assert r.status_code == 413 and "web.zones_max_total_vertices" in r.json()["detail"]
    app.state.ctx.store.close()


def test_self_intersecting_zone_is_refused_or_repaired_explicitly(env):
    """Before: a bow-tie silently became a MultiPolygon. Now refused with the reason, or repaired
    when asked, and the answer says so."""
    c, h = env["c"], H(env, "analyst")
    bowtie = [[14.0, 35.0], [14.5, 35.5], [14.5, 35.0], [14.0, 35.5], [14.0, 35.0]]
    r = c.post("/api/zones", headers=h, json=fc(feature("bow tie", bowtie)))
    assert r.status_code == 422 and "Self-intersection" in r.json()["detail"] and "repair=true" in r.json()["detail"]
    r = c.post("/api/zones?repair=true", headers=h, json=fc(feature("bow tie", bowtie)))
    assert r.status_code == 201
    z = r.json()["created"][0]
    assert z["geometry_type"] == "MultiPolygon" and "Self-intersection" in z["repaired"]
    assert z["created"].endswith("Z")


def test_zone_errors_name_no_server_path(env):
    r = env["c"].post("/api/zones", headers=H(env, "analyst"),
                      json={"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "p"},
                                                                       "geometry": {"type": "Polygon",
                                                                                    "coordinates": [[[1, 2]]]}}]})
    assert r.status_code == 422
    assert "/tmp" not in r.text and "seasentry-zone" not in r.text and "upload.geojson" not in r.text, r.text


# ----------------------------------------------------------------------------------- sanctions lists
def test_list_upload_rescreens_vessels(env):
    """Before: POST /api/lists did not re-screen the vessels (`lists load` does). Now it does."""
    c, con = env["c"], _con(env)
    n0 = con.execute("SELECT count(*) FROM events WHERE type = 'sanctions_match'").fetchone()[0]
    assert n0 > 0   # the test store's vessels include sanctioned ones
    con.execute("DELETE FROM events WHERE type = 'sanctions_match'")
    r = c.post("/api/lists?filename=ofac_sdn.csv&force=true", headers=H(env, "admin"),
               content=(SANCTIONS / "ofac_sdn_2024-04-26_excerpt.csv").read_bytes())
    assert r.status_code == 201, r.text
    assert r.json()["rescreened"]["sanctions_match_events"] == n0
    assert con.execute("SELECT count(*) FROM events WHERE type = 'sanctions_match'").fetchone()[0] == n0
    # provenance: the file as uploaded, not a server temp path
    lists = c.get("/api/lists", headers=H(env, "viewer")).json()["lists"]
    src = [x["source_path"] for x in lists if x["list"].startswith("ofac")]
    assert src == ["ofac_sdn.csv"], src
    assert all(x["loaded_at"].endswith("Z") for x in lists)


@pytest.mark.parametrize("name", [".", "..", "...", " . "])
def test_list_filename_of_dots_is_a_clear_422(env, name):
    r = env["c"].post(f"/api/lists?filename={name}", headers=H(env, "admin"), content=b"name\nx\n")
    assert r.status_code == 422, (name, r.status_code, r.text)


def test_list_errors_name_no_server_path_and_billion_laughs_is_refused(env):
    c = env["c"]
    r = c.post("/api/lists?filename=broken.xml&format=un_xml", headers=H(env, "admin"),
               content=b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>x")
    assert r.status_code == 422
    assert "/tmp" not in r.text and "seasentry-list" not in r.text and "broken.xml" in r.text, r.text
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i > 1 else "&lol;"}'.encode() * 1
                      + b'">' for i in range(1, 10))
           + b"]><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol9;</FIRST_NAME>"
             b"</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")
    before = c.get("/api/lists", headers=H(env, "viewer")).json()["lists"]
    r = c.post("/api/lists?filename=lol.xml", headers=H(env, "admin"), content=lol)
    assert r.status_code == 422 and "DOCTYPE" in r.json()["detail"], r.text
    assert c.get("/api/lists", headers=H(env, "viewer")).json()["lists"] == before


# ----------------------------------------------------------------------------------- headers, audit of refusals
@pytest.mark.parametrize("path", ["/", "/docs", "/api/health"])
def test_pages_cannot_be_framed(env, path):
    r = env["c"].get(path)
    assert r.status_code == 200
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_refused_writes_are_audited_without_floods(env):
    """Before: 401/404/422 refusals of writes were not audited while every 403 of a viewer was.
    Now each kind is audited, at most once per client, token, status and route per interval, with
    the count of the ones in between."""
    c, con = env["c"], _con(env)
    con.execute("DELETE FROM audit_log WHERE action = 'denied'")
    env["app"].state.ctx.refusals._last.clear()      # (earlier tests of this module refused writes too)
    bad = {"Authorization": "Bearer sst_0badc0de_" + "E" * 43}
    assert c.post("/api/zones", headers=bad, json=fc(feature("x"))).status_code == 401
    assert c.delete("/api/zones/z0123456789ab", headers=H(env, "analyst")).status_code == 404
    assert c.post("/api/zones", headers=H(env, "analyst"), json={"type": "nonsense"}).status_code == 422
    for _ in range(50):
        assert c.post("/api/tokens", headers=H(env, "viewer"), json={"name": "x", "role": "admin"}).status_code == 403
    rows = con.execute("SELECT outcome, target, detail, user_name FROM audit_log WHERE action = 'denied' "
                       "ORDER BY audit_id").fetchall()
    outcomes = [r[0] for r in rows]
    assert outcomes.count("unauthenticated") == 1 and outcomes.count("forbidden") == 1, rows
    assert sum(1 for r in rows if json.loads(r[2])["status"] == 404) == 1
    assert sum(1 for r in rows if json.loads(r[2])["status"] == 422) == 1
    assert json.loads(rows[0][2])["token_id_presented"] == "0badc0de"
    # the next 403 of that viewer on that route after the interval carries the count left out
    throttle = env["app"].state.ctx.refusals
    for v in throttle._last.values():
        v[0] -= 3600
    c.post("/api/tokens", headers=H(env, "viewer"), json={"name": "x", "role": "admin"})
    last = con.execute("SELECT detail FROM audit_log WHERE action = 'denied' ORDER BY audit_id DESC LIMIT 1").fetchone()
    assert json.loads(last[0])["repeated"] == 49


# ----------------------------------------------------------------------------------- case files
def test_case_file_shows_nul_and_rtl_override_escaped(env):
    """Before: NUL and U+202E (right-to-left override) reached the case file raw (a name could read
    backwards or hide text). Now they are shown as their codes."""
    c, con = env["c"], _con(env)
    mmsi = con.execute("SELECT mmsi FROM vessels WHERE name IS NOT NULL ORDER BY positions DESC LIMIT 1").fetchone()[0]
    con.execute("UPDATE vessels SET name = ? WHERE mmsi = ?", ["EVIL\u202eRAEN\x00X", mmsi])
    r = c.get(f"/api/vessels/{mmsi}/case", headers=H(env, "viewer"))
    assert r.status_code == 200
    assert "\u202e" not in r.text and "\x00" not in r.text
    assert "\\u202e" in r.text and "\\x00" in r.text


# ----------------------------------------------------------------------------------- kept answers under load
def test_kept_answers_do_not_wait_for_a_worker_thread(tmp_path, monkeypatch):
    """A kept answer (the map's latest positions, the events list with a box, the alerts page) is
    sent from the event loop while every worker thread is busy with a slow request. Before: the
    bbox dependency was a plain function, run in a worker thread, so the map's request waited."""
    import seasentry.web.api_vessels as av
    from seasentry.web import create_app

    build_store()
    db = copy_store(tmp_path)
    app = create_app(db, config=_cfg(auth_failures_max=1_000_000, threads=1), poll_interval_s=60)
    tok = build_store()["tokens"]["viewer"]
    urls = ["/api/latest?max_age_h=24", "/api/latest?max_age_h=24&bbox=10,30,20,40",
            "/api/events?limit=100&bbox=10,30,20,40", "/api/alerts?limit=200"]
    slow_track = av._track

    def track(*a, **k):
        time.sleep(4.0)
        return slow_track(*a, **k)

    with TestClient(app, raise_server_exceptions=False) as c:
        for u in urls:                                  # kept
            assert c.get(u, headers=auth(tok)).status_code == 200
        mmsi = c.get("/api/latest?max_age_h=438000&limit=1", headers=auth(tok)).json()["rows"][0][0]
        monkeypatch.setattr(av, "_track", track)
        busy = threading.Thread(target=lambda: c.get(f"/api/vessels/{mmsi}/track?zoom=9", headers=auth(tok)))
        busy.start()
        time.sleep(0.5)                                 # the only worker thread is in the slow track
        try:
            for u in urls:
                t0 = time.perf_counter()
                r = c.get(u, headers=auth(tok))
                took = time.perf_counter() - t0
                assert r.status_code == 200 and took < 2.0, (u, r.status_code, took)
            assert busy.is_alive()                      # (the slow request was still running)
        finally:
            busy.join(30)
