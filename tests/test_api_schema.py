"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis): whatever
the parameters and bodies (valid ones and, through the negative generation mode, invalid ones),
no answer is a server error. Bounded: a few examples per operation, the whole file well under
a minute."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from test_api_common import auth, build_store, copy_store  # noqa: E402


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from seasentry.config import Config
    from seasentry.web import create_app

    info = build_store()
    cfg = Config()
    cfg.web.auth_failures_max = 1_000_000   # anonymous requests on purpose (the limit: test_api_hardening.py)
    app = create_app(copy_store(tmp_path_factory.mktemp("schema")), config=cfg, poll_interval_s=1.0)
    s = schemathesis.openapi.from_asgi("/openapi.json", app)
    # the event stream is a long-lived response (covered in test_api.py with a short duration)
    return s.exclude(path="/api/stream"), info["tokens"]


def _operations(schema):
    ops = [r.ok() for r in schema.get_all_operations()]
    assert len(ops) >= 25
    return ops


def _run(op, headers, n, check, mode=None):
    @given(case=op.as_strategy(mode or schemathesis.GenerationMode.POSITIVE))
    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def run(case):
        check(case, headers)

    try:
        run()
    except Unsatisfiable:
        # an operation without parameters or body has no invalid variant to generate
        if mode is not schemathesis.GenerationMode.NEGATIVE:
            raise


def test_no_server_errors_as_admin(api):
    schema, tokens = api

    def check(case, headers):
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    for op in _operations(schema):
        _run(op, auth(tokens["admin"]), 6, check)
        _run(op, auth(tokens["admin"]), 3, check, schemathesis.GenerationMode.NEGATIVE)


def test_no_server_errors_as_viewer_and_anonymous(api):
    schema, tokens = api

    def check_viewer(case, headers):
        r = case.call(headers=headers)
        assert r.status_code < 500, (case.method, case.path, r.status_code, r.text[:300])
        if case.method != "GET" and case.path not in ("/api/health",):
            assert r.status_code in (403, 404, 405, 413, 422), (case.method, case.path, r.status_code)

    def check_anon(case, headers):
        r = case.call()
        assert r.status_code < 500
        if case.path != "/api/health":
            assert r.status_code in (401, 404, 405, 413, 422), (case.method, case.path, r.status_code)

    for op in _operations(schema):
        _run(op, auth(tokens["viewer"]), 3, check_viewer)
        _run(op, {}, 2, check_anon)
