"""Every command's failure paths, run as a user runs them (issue 21): a non-zero exit where the work
failed, never a Python traceback, and a message naming what to fix.

Cases: unwritable outputs (a path through a regular file, which even root cannot create; a
read-only folder too when not run as root), bad YAML/TOML, unknown option values (which must list
the valid ones), empty and binary inputs, a missing store, and the internal-error path (one line
naming the log file holding the traceback; --debug shows it).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import AIS, ROOT, run_cli

SANCTIONS = ROOT / "tests" / "fixtures" / "sanctions"
NMEA = AIS / "nmea-timestamped.txt"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from test_alerts_cli import shared_demo

    d = tmp_path_factory.mktemp("fail")
    demo, _ = shared_demo(tmp_path_factory)
    db = d / "demo.duckdb"  # a private copy: some cases open it for writing
    shutil.copy(demo, db)
    (d / "afile").write_text("a regular file, in the way of a folder\n")
    (d / "bad.yaml").write_text("gap: [1, 2\n  min_hours: 3\n")
    (d / "bad.toml").write_text("[gap\nmin_hours = 3\n")
    (d / "flat.toml").write_text("gap = 3\n")
    (d / "empty.nmea").write_bytes(b"")
    (d / "bin.dat").write_bytes(bytes(range(256)) * 40)
    (d / "notjson.jsonl").write_text("this is not json\n")
    (d / "nofield.jsonl").write_text('{"type": "gap"}\n')
    (d / "cut.nmea.gz").write_bytes(gzip.compress(NMEA.read_bytes() * 50)[:400])
    (d / "nozone.geojson").write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                                      '"properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}')
    return {"d": d, "db": db, "missing": d / "nope.duckdb", "blocked": d / "afile"}


def cases(e) -> list[tuple]:
    """(args, expected exit (None: any non-zero), regex the message must match)."""
    d, db, missing, blocked = e["d"], e["db"], e["missing"], e["blocked"]
    bad, badt, flat, empty, bindat = d / "bad.yaml", d / "bad.toml", d / "flat.toml", d / "empty.nmea", d / "bin.dat"
    no_store = r"no store at .*nope\.duckdb"
    n = iter(range(1000))

    def dbw():
        """A private copy of the store for a case that opens it for writing (DuckDB allows one
        writer, and no writer beside readers of other processes)."""
        p = d / f"w{next(n)}.duckdb"
        shutil.copy(db, p)
        return p

    notw = r"(a part of the path is a file|is a file where a folder is needed|cannot write|Not a directory)"
    c = [
        # ---------------------------------------------------------------- ingest / run / detect
        (["ingest", d / "no-such-file.nmea", "--db", d / "i1.duckdb"], 1, r"no such file"),
        (["ingest", NMEA, "--db", blocked / "s.duckdb"], 1, notw),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--config", bad], 2, r"bad\.yaml: not valid YAML at line 2"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--config", badt], 2, r"bad\.toml: not valid TOML"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--config", flat], 2, r"section 'gap' must be a mapping"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--config", bindat], 2, r"not a text file"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--set", "gap.nope=1"], 2, r"unknown setting 'gap\.nope'.*min_hours"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--set", "gap.min_hours=abc"], 2, r"not a valid float"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--base-time", "yesterday"], 2, r"'yesterday' is not a time.*ISO 8601"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--format", "bogus"], 2, r"'bogus' is not one of 'auto', 'nmea', 'csv'"),
        (["ingest", NMEA, "--db", d / "i2.duckdb", "--columns", "nonsense"], 2, r"expected field=COLUMN"),
        (["ingest", NMEA, "--archive", blocked / "arch"], 1, notw),
        (["run", d / "no-such-file.nmea", "--db", d / "r1.duckdb", "-q"], 1, r"no such file"),
        (["run", NMEA, "--db", d / "r1.duckdb", "-q", "--rules", bad], 1, r"bad\.yaml: not valid YAML at line 2"),
        (["run", NMEA, "--db", d / "r1.duckdb", "-q", "--rules", bindat], 1, r"not a text file"),
        (["run", NMEA, "--db", d / "r1.duckdb", "-q", "--config", bad], 2, r"not valid YAML"),
        (["run", NMEA, "--db", d / "r1.duckdb", "-q", "--buckets", "4"], 2, r"--buckets needs --archive"),
        (["detect", "--db", missing], 1, no_store),
        (["detect", "--db", dbw(), "--zones", d / "nozone.geojson"], 1, r"missing a non-empty \"name\" property"),
        (["detect", "--db", dbw(), "--zones", empty], 1, r"not valid JSON"),
        (["detect", "--db", dbw(), "--zones", bindat], 1, r"UTF-8"),
        (["detect", "--db", db, "--config", bad], 2, r"not valid YAML"),
        (["detect", "--db", db, "--engine", "bogus"], 2, r"'bogus' is not one of 'embedded', 'dask'"),
        (["detect", "--db", db, "--scratch", d / "scratch"], 2, r"need --engine dask"),
        # ---------------------------------------------------------------- reading the store
        (["stats", "--db", missing], 1, no_store),
        (["stats", "--db", db, "--format", "bogus"], 2, r"'bogus' is not one of 'table', 'json'"),
        (["vessels", "--db", missing], 1, no_store),
        (["vessels", "--db", db, "--format", "xml"], 2, r"'xml' is not one of 'table', 'json', 'csv'"),
        (["sources", "--db", missing], 1, no_store),
        (["rejects", "--db", missing], 1, no_store),
        (["rejects", "--db", db, "--reason", "bogus"], 2, r"unknown reject reason 'bogus'; reasons: not_ais, bad_checksum"),
        (["events", "--db", missing], 1, no_store),
        (["events", "--db", db, "--type", "bogus"], 2, r"unknown event type 'bogus'; event types: gap, encounter.*sanctions_match"),
        (["events", "--db", db, "--type", "gap,darkness"], 2, r"unknown event type 'darkness'"),
        (["events", "--db", db, "--start", "nope"], 2, r"'nope' is not a time"),
        (["events", "--db", db, "--format", "kml"], 2, r"'kml' is not one of 'jsonl', 'csv', 'geojson', 'table'"),
        (["track", "613244184", "--db", missing], 1, no_store),
        (["track", "613244184", "--db", db, "--out", blocked / "t.geojson"], 1, r"cannot write the track file .*afile"),
        (["track", "613244184", "--db", db, "--format", "parquet", "--out", blocked / "t.parquet"], 1, r"cannot write"),
        (["track", "613244184", "--db", db, "--format", "parquet"], 1, r"--format parquet needs --out"),
        (["track", "123456789", "--db", db], 1, r"no vessel with MMSI 123456789"),
        (["track", "613244184", "--db", db, "--end", "31/12/2024"], 2, r"is not a time"),
        # ---------------------------------------------------------------- alerts and case files
        (["alerts", "--db", missing], 1, no_store),
        (["alerts", "--db", db, "--status", "bogus"], 2, r"unknown status.*statuses: new, acknowledged"),
        (["alerts", "--db", db, "--rule", "bogus"], 2, r"unknown rule 'bogus'; rules: sanctions_match"),
        (["alerts", "--db", db, "--format", "pdf"], 2, r"'pdf' is not one of"),
        (["alerts", "evaluate", "--db", missing], 1, no_store),
        (["alerts", "evaluate", "--db", dbw(), "--rules", bad], 1, r"not valid YAML at line 2"),
        (["alerts", "ack", "nope", "--note", "x", "--db", dbw()], 1, r"no alert 'nope'"),
        (["alerts", "ack", "nope", "--note", "x", "--db", missing], 1, no_store),
        (["alerts", "dismiss", "nope", "--db", db], 2, r"Missing option '--note'"),
        (["alerts", "history", "--db", missing], 1, no_store),
        (["case", "613244184", "--db", missing, "--out", d / "c.html"], 1, no_store + "|no vessel"),
        (["case", "613244184", "--db", db, "--out", blocked / "c.html"], 1, r"cannot write the case file .*afile"),
        (["case", "613244184", "--db", db, "--out", d / "c.html", "--pdf", blocked / "c.pdf"], 1, r"cannot write the PDF"),
        (["case", "123456789", "--db", db, "--out", d / "c.html"], 1, r"no vessel with MMSI 123456789"),
        (["case", "613244184", "--db", db, "--out", d], 2, r"is a directory"),
        (["case", "613244184", "--db", db, "--out", d / "c.html", "--config", bad], 2, r"not valid YAML"),
        # ---------------------------------------------------------------- sanctions lists and screening
        (["lists", "load", bad, "--db", d / "l.duckdb"], 1, r"bad\.yaml: not valid YAML at line 2.*formats:"),
        (["lists", "load", empty, "--db", d / "l.duckdb"], 1, r"empty\.nmea: .*formats:"),
        (["lists", "load", bindat, "--db", d / "l.duckdb"], 1, r"bin\.dat: .*formats:"),
        (["lists", "load", d / "no-such.csv", "--db", d / "l.duckdb"], 2, r"does not exist"),
        (["lists", "--db", missing], 1, no_store),
        (["lists", "--db", db, "--format", "xml"], 2, r"'xml' is not one of"),
        (["screen", "--db", db], 2, r"give a NAME, --imo, --mmsi or --file"),
        (["screen", "X", "--type", "ship", "--db", db], 2, r"'ship' is not one of 'person', 'organization', 'vessel'"),
        (["screen", "--file", bindat, "--db", dbw()], 1, r"bin\.dat: not a CSV of queries"),
        (["screen", "--file", empty, "--db", dbw()], 1, r"empty\.nmea: no queries"),
        (["screen", "X", "--db", missing], 1, no_store),
        (["config", "--config", bad], 2, r"not valid YAML at line 2"),
        (["config", "--config", flat], 2, r"must be a mapping"),
        (["config", "--format", "yaml"], 2, r"'yaml' is not one of 'table', 'json'"),
        # ---------------------------------------------------------------- scenarios, live, web, export
        (["scenario", "generate", "--out", blocked / "sc", "--hours", "36", "--vessels", "2"], 1,
         r"cannot write the scenario into .*afile"),
        (["scenario", "generate", "--out", d / "sc", "--hours", "10"], 2, r"at least 36"),
        (["scenario", "evaluate", "--events", bindat, "--labels", bindat], 1, r"bin\.dat: not a labels\.jsonl.*UTF-8"),
        (["scenario", "evaluate", "--events", d / "notjson.jsonl", "--labels", d / "notjson.jsonl"], 1, r"not a labels"),
        (["scenario", "evaluate", "--events", d / "nofield.jsonl", "--labels", empty], 1,
         r"nofield\.jsonl: not detected events .*'mmsi' missing"),
        (["scenario", "scale", blocked, d / "out", "--messages", "10"], 2, r"is a file"),
        (["stream", "--db", d / "s.duckdb"], 2, r"give at least one source"),
        (["stream", "--tcp", "bogus", "--db", d / "s.duckdb"], 2, r"expected HOST:PORT"),
        (["stream", "--udp", "0", "--webhook", "ftp://x", "--db", d / "s.duckdb"], 2, r"http:// or https://"),
        (["stream", "--udp", "0", "--duration", "1", "--stats-file", blocked / "s.json", "--db", d / "s.duckdb"], 1,
         r"cannot write the statistics file"),
        (["stream", "--udp", "0", "--duration", "1", "--journal", blocked / "j", "--db", d / "s.duckdb"], 1, notw),
        (["stream", "--udp", "0", "--config", bad, "--db", d / "s.duckdb"], 2, r"not valid YAML"),
        (["replay", NMEA], 2, r"give --tcp-serve PORT and/or --udp"),
        (["replay", NMEA, "--udp", "127.0.0.1:9", "--speed", "fast"], 2, r"speed 'fast'"),
        (["replay", d / "cut.nmea.gz", "--udp", "127.0.0.1:9", "-q"], 1, r"ends early"),
        (["tokens", "create", "--role", "root", "--name", "x", "--db", db], 2,
         r"'root' is not one of 'viewer', 'analyst', 'admin'"),
        (["tokens", "list", "--db", missing], 1, no_store),
        (["tokens", "revoke", "nope", "--db", dbw()], 1, r"no token with id 'nope'"),
        (["serve", "--db", db, "--port", "99999"], 2, r"99999 is not in the range"),
        (["serve", "--db", blocked / "x.duckdb"], 1, notw),
        (["serve", "--db", db, "--config", bad], 2, r"not valid YAML"),
        (["export", "parquet", "--db", missing, "--out", d / "ex"], 1, no_store),
        (["export", "parquet", "--db", db, "--out", blocked / "ex"], 1, r"cannot write the archive .*afile"),
        (["export", "parquet", "--db", db, "--out", d / "ex", "--storage-option", "nokey"], 2, r"expected KEY=VALUE"),
        (["no-such-command"], 2, r"No such command 'no-such-command'"),
    ]
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # permissions mean nothing to root
        ro = d / "ro"
        ro.mkdir(exist_ok=True)
        ro.chmod(0o555)
        c += [(["case", "613244184", "--db", db, "--out", ro / "sub" / "c.html"], 1, r"permission denied"),
              (["track", "613244184", "--db", db, "--out", ro / "t.geojson"], 1, r"permission denied"),
              (["scenario", "generate", "--out", ro / "sc", "--hours", "36", "--vessels", "2"], 1, r"permission denied")]
    return c


def _run(args):
    return run_cli(*args, check=False, timeout=300)


def _store_of(args) -> str:
    """The store a case opens (cases on one store run one after another: DuckDB lets one process
    hold a store file at a time, so two at once would fail on the lock, not on the case)."""
    args = [str(a) for a in args]
    return args[args.index("--db") + 1] if "--db" in args else ""


def _run_group(group):
    return [_run(a) for a in group]


def test_every_failure_is_one_clear_line_and_a_non_zero_exit(env):
    todo = cases(env)
    groups: dict[str, list[int]] = {}
    for i, (a, _, _) in enumerate(todo):
        groups.setdefault(_store_of(a) or f"own-{i}", []).append(i)
    results = [None] * len(todo)
    with ThreadPoolExecutor(max_workers=3) as pool:
        for idx, res in zip(groups.values(), pool.map(_run_group, [[todo[i][0] for i in g] for g in groups.values()])):
            for i, r in zip(idx, res):
                results[i] = r
    problems = []
    for (args, code, pattern), p in zip(todo, results):
        err = p.stderr_text
        shown = " ".join(str(a) for a in args)
        if "Traceback" in err or "Traceback" in p.stdout_text:
            problems.append(f"{shown}: a traceback\n{err[-800:]}")
        elif p.returncode == 0 or (code is not None and p.returncode != code):
            problems.append(f"{shown}: exit {p.returncode}, expected {code}\n{err[-400:]}")
        elif not re.search(pattern, err, re.S):
            problems.append(f"{shown}: message does not say /{pattern}/:\n{err[-600:]}")
        elif p.returncode == 1 and len([x for x in err.splitlines() if x.startswith("Error:")]) != 1:
            problems.append(f"{shown}: not one 'Error:' line:\n{err[-600:]}")
    assert not problems, f"{len(problems)} of {len(todo)} cases:\n\n" + "\n\n".join(problems)
    assert len(todo) >= 90


def test_empty_and_binary_inputs_are_said(env):
    d = env["d"]
    p = run_cli("ingest", d / "empty.nmea", "--db", d / "e.duckdb")
    assert "warning: " in p.stderr_text and "empty.nmea is empty" in p.stderr_text
    p = run_cli("ingest", d / "bin.dat", "--db", d / "e.duckdb", check=False)
    assert "Traceback" not in p.stderr_text and "bin.dat" in p.stderr_text
    # a bad IMO check digit is said, and screened as given
    shutil.copy(env["db"], d / "imo.duckdb")
    p = run_cli("screen", "--imo", "6421661", "--db", d / "imo.duckdb")
    assert "IMO 6421661 is not a valid IMO number" in p.stderr_text


def test_internal_error_is_one_line_and_a_log(tmp_path, monkeypatch):
    """A defect (here a command that divides by zero) ends in one line naming the log file with
    the traceback, exit 70; --debug shows the traceback instead."""
    from click.testing import CliRunner

    from seasentry.cli import main

    @main.command("boom-for-test", hidden=True)
    def boom():
        return 1 / 0

    monkeypatch.setenv("SEASENTRY_LOG_DIR", str(tmp_path))
    monkeypatch.delenv("SEASENTRY_DEBUG", raising=False)
    try:
        r = CliRunner().invoke(main, ["boom-for-test"])
        assert r.exit_code == 70, r.output
        msg = r.output.strip().splitlines()
        assert len(msg) == 1 and msg[0].startswith("Error: internal error (ZeroDivisionError: division by zero)")
        logs = list(tmp_path.glob("seasentry-error-*.log"))
        assert len(logs) == 1 and str(logs[0]) in msg[0]
        assert "Traceback" in logs[0].read_text() and "1 / 0" in logs[0].read_text()
        r = CliRunner().invoke(main, ["--debug", "boom-for-test"])
        assert isinstance(r.exception, ZeroDivisionError)
        monkeypatch.setenv("SEASENTRY_DEBUG", "1")
        assert isinstance(CliRunner().invoke(main, ["boom-for-test"]).exception, ZeroDivisionError)
    finally:
        main.commands.pop("boom-for-test", None)


def test_messages_are_not_wrapped_outside_a_terminal(env):
    """Piped or logged, a message stays on one line (a rich console of 80 columns wrapped
    'ofac_sdn version \\n2024-05-03' in the middle)."""
    d = env["d"]
    long = d / ("a-rather-long-name-for-a-sanctions-list-file-" + "x" * 60 + "-2024-05-03.csv")
    shutil.copy(SANCTIONS / "ofac_sdn_2024-05-03_excerpt.csv", long)
    p = run_cli("lists", "load", long, "--db", d / "w.duckdb")
    line = [x for x in p.stderr_text.splitlines() if "ofac_sdn version" in x]
    assert line and len(line[0]) > 120 and "2024-05-03" in line[0] and long.name in line[0], p.stderr_text


def _interrupted_in_a_kernel(levels: int = 12):
    """What Ctrl-C inside a numba-compiled call looks like (seen on CI machines during `ingest`):
    SystemError('CPUDispatcher(...) returned a result with an exception set') caused by the
    KeyboardInterrupt, through a chain of such SystemErrors (numba's nested calls; one CI log
    showed more than ten)."""
    def wrap(n):
        if n == 0:
            raise KeyboardInterrupt
        try:
            wrap(n - 1)
        except BaseException as inner:
            raise SystemError("CPUDispatcher(<function assemble>) returned a result with an "
                              "exception set") from inner

    wrap(levels)


def test_ctrl_c_inside_a_compiled_kernel_is_an_interrupt(tmp_path, monkeypatch):
    """Ctrl-C that lands in a compiled kernel exits 130 with the 'run the same command again'
    advice, not 70 (internal error); any other SystemError is still an internal error."""
    from click.testing import CliRunner

    import seasentry.ingest.pipeline as pipeline
    from seasentry.cli import main
    from seasentry.store import is_interrupt

    try:
        _interrupted_in_a_kernel()
    except SystemError as exc:
        assert is_interrupt(exc)
    assert not is_interrupt(SystemError("returned a result with an exception set"))

    def interrupted(*a, **k):
        _interrupted_in_a_kernel()

    monkeypatch.setattr(pipeline, "ingest", interrupted)
    monkeypatch.setenv("SEASENTRY_LOG_DIR", str(tmp_path))
    monkeypatch.delenv("SEASENTRY_DEBUG", raising=False)
    f = tmp_path / "a.nmea"
    f.write_text("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n")
    r = CliRunner().invoke(main, ["ingest", str(f), "--db", str(tmp_path / "s.duckdb")])
    assert r.exit_code == 130 and "run the same command again" in r.output, r.output

    @main.command("kernel-interrupt-for-test", hidden=True)
    def boom():
        _interrupted_in_a_kernel()

    try:
        r = CliRunner().invoke(main, ["kernel-interrupt-for-test"])
        assert r.exit_code == 130 and "interrupted" in r.output, r.output
    finally:
        main.commands.pop("kernel-interrupt-for-test", None)
