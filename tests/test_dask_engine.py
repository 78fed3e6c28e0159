"""The Dask engine (seasentry.distributed) gives exactly the embedded engine's events.

A generated scenario (seed 7, 36 h, 40 vessels) is ingested into a temporary store; the embedded
engine (``detect_events`` over ``load_inputs``) is the reference. The Dask engine runs on a
LocalCluster (threads in this process for the API tests, worker processes through the CLI) over
a Parquet archive (several bucket counts, so flag-hop MMSI pairs and encounter pairs fall in
different buckets, and small space-time cells so pairs straddle cell edges), over the store
directly (temporary export, or scattered buckets) and through ``seasentry detect --engine dask``.
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from conftest import examples, run_cli

distributed = pytest.importorskip("distributed")

from seasentry.config import Config  # noqa: E402
from seasentry.detect import detect_events  # noqa: E402
from seasentry.detect.encounters import close_pairs, dedup_pairs  # noqa: E402
from seasentry.distributed import export_parquet, mmsi_bucket, open_archive, read_bucket, run_dask  # noqa: E402
from seasentry.distributed.archive import mmsi_bucket_sql  # noqa: E402
from seasentry.distributed.partition import cell_pairs, split_cells  # noqa: E402
from seasentry.engine import load_inputs  # noqa: E402
from seasentry.geo import Geography  # noqa: E402
from seasentry.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """(store path, nmea path, embedded reference events)."""
    from seasentry.ingest.pipeline import ingest
    from seasentry.scenario import generate

    d = tmp_path_factory.mktemp("dask")
    paths = generate(seed=7, hours=36, vessels=40).write(d / "sc")
    db = d / "s.duckdb"
    store = Store(db)
    ingest(store, [str(paths["nmea"])])
    pos, sta = load_inputs(store)
    ref = detect_events(pos, sta, Geography.default(), Config())
    store.close()
    return db, paths["nmea"], ref


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_reference_has_every_kind_of_event(scenario):
    _, _, ref = scenario
    types = set(ref["type"].unique())
    assert {"gap", "encounter", "loitering", "port_visit", "zone_entry", "zone_exit", "spoofing",
            "identity_change"} <= types
    # a flag hop pairs two MMSIs through one IMO: the cross-bucket case of identity changes
    assert ref.filter((pl.col("type") == "identity_change") & pl.col("other_mmsi").is_not_null()).height >= 1


@pytest.mark.parametrize("buckets,cell_deg,cell_hours", [(8, 1.0, 24.0), (3, 0.1, 1.0)])
def test_archive_events_equal_embedded(scenario, client, tmp_path, buckets, cell_deg, cell_hours):
    db, _, ref = scenario
    store = Store(db, read_only=True)
    rep = export_parquet(store, str(tmp_path / "arch"), buckets=buckets)
    store.close()
    assert rep.buckets == buckets and rep.positions > 50_000
    stats: dict = {}
    got = run_dask(str(tmp_path / "arch"), Config(), client=client, cell_deg=cell_deg, cell_hours=cell_hours,
                   stats=stats)
    assert_frame_equal(got, ref)  # same rows, same order, same ids, same details
    assert stats["positions"] == rep.positions and stats["buckets"] == buckets
    assert stats["close_pairs"] > 0


@pytest.mark.parametrize("transfer", ["export", "scatter"])
def test_store_input_equal_embedded(scenario, client, transfer):
    db, _, ref = scenario
    store = Store(db, read_only=True)
    got = run_dask(store, Config(), client=client, store_transfer=transfer, n_groups=5)
    store.close()
    assert_frame_equal(got, ref)


def test_fsspec_url_and_layout(scenario, tmp_path):
    db, _, _ = scenario
    store = Store(db, read_only=True)
    n_pos = store.con.execute("SELECT count(*) FROM positions WHERE lat IS NOT NULL").fetchone()[0]
    export_parquet(store, f"file://{tmp_path / 'a'}", buckets=4)
    with pytest.raises(FileExistsError):
        export_parquet(store, str(tmp_path / "a"), buckets=4)
    store.close()
    man = json.loads((tmp_path / "a" / "_seasentry.json").read_text())
    assert man["buckets"] == 4 and man["positions"] == n_pos
    arch = open_archive(f"file://{tmp_path / 'a'}")
    seen: set[int] = set()
    total = 0
    for part in arch.parts:
        assert len(part.positions) == 1 and len(part.statics) == 1
        assert f"bucket={part.bucket:04d}" in part.positions[0]
        pos, sta = read_bucket(part)
        total += pos.height
        m = pos["mmsi"].to_numpy()
        assert (mmsi_bucket(m, 4) == part.bucket).all()
        assert (mmsi_bucket(sta["mmsi"].to_numpy(), 4) == part.bucket).all()
        assert not seen & set(m.tolist())  # an MMSI lives in one bucket
        seen |= set(m.tolist())
        assert pos.equals(pos.sort(["mmsi", "ts"], maintain_order=True))  # sorted by (mmsi, ts) in the file
        raw = pq.read_table(part.positions[0])
        assert str(raw.schema.field("ts").type) == "timestamp[us]" and raw.num_columns >= 17  # every column
    assert total == n_pos
    with pytest.raises(ValueError, match="not a seasentry Parquet archive"):
        open_archive(str(tmp_path))


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.integers(-(2 ** 62), 2 ** 62), min_size=1, max_size=40), st.integers(1, 300))
def test_bucket_hash_sql_matches_numpy(values, buckets):
    import duckdb

    con = duckdb.connect()
    got = [con.execute(f"SELECT {mmsi_bucket_sql('?::BIGINT', buckets)}", [v]).fetchone()[0] for v in values]
    assert got == mmsi_bucket(np.array(values, dtype=np.int64), buckets).tolist()


def _points(seed: int, n_vessels: int, cell_deg: float) -> pl.DataFrame:
    """Resampled-like points of vessels clustered around cell corners and edges (many pairs
    within 500 m straddle cells), several instants, some MMSIs with two tracks."""
    rng = np.random.default_rng(seed)
    rows = []
    centres = [(34.0 + cell_deg * k, 14.0 + cell_deg * j) for k in range(2) for j in range(2)]
    for t in range(5):
        for v in range(n_vessels):
            cy, cx = centres[v % len(centres)]
            for tr in range(1 + (v % 5 == 0)):
                rows.append((100_000_000 + v, tr, 1_714_521_600 + 600 * t,
                             cy + rng.normal(0, 0.004), cx + rng.normal(0, 0.005),
                             float(rng.uniform(0, 3)), bool(rng.integers(0, 2))))
    return pl.DataFrame(rows, schema={"mmsi": pl.Int64, "g": pl.Int64, "t": pl.Int64, "lat": pl.Float64,
                                      "lon": pl.Float64, "speed": pl.Float64, "obs": pl.Boolean}, orient="row")


@settings(max_examples=examples(25), deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 30), st.sampled_from([0.1, 0.5, 1.0]), st.integers(1, 7))
def test_cell_split_finds_exactly_the_global_pairs(seed, n_vessels, cell_deg, groups):
    rs = _points(seed, n_vessels, cell_deg)
    want = close_pairs(rs, 500.0)
    pieces = split_cells(rs, 500.0, groups, cell_deg=cell_deg, cell_hours=0.5)
    parts = [p for p in (cell_pairs(500.0, piece) for piece in pieces) if p is not None]
    got = dedup_pairs(pl.concat(parts)) if parts else want.clear()
    assert_frame_equal(got, want)


def test_halo_is_needed():
    """Without the halo copies, pairs across cell edges are lost (the data above exercises them)."""
    rs = _points(0, 30, 0.1)
    want = close_pairs(rs, 500.0)
    home = np.floor(rs["lat"].to_numpy() / 0.1).astype(np.int64) * 10_000 + np.floor(
        rs["lon"].to_numpy() / 0.1).astype(np.int64)
    no_halo = close_pairs(rs.with_columns(pl.Series("cell", home)), 500.0)
    assert 0 < no_halo.height < want.height
    pieces = split_cells(rs, 500.0, 3, cell_deg=0.1)
    assert sum(p.height for p in pieces if p is not None) > rs.height  # halo copies were made


def test_cli_detect_engine_dask_then_events(scenario, tmp_path):
    db, nmea, ref = scenario
    db2 = tmp_path / "cli.duckdb"
    db2.write_bytes(db.read_bytes())
    p = run_cli("detect", "--engine", "dask", "--workers", "2", db=db2)
    assert "encounter" in p.stdout_text
    recs = [json.loads(x) for x in run_cli("events", "--format", "jsonl", db=db2).stdout_text.splitlines()]
    run_cli("detect", "-q", db=db2)  # the embedded engine over the same store
    again = [json.loads(x) for x in run_cli("events", "--format", "jsonl", db=db2).stdout_text.splitlines()]
    assert len(recs) == ref.height
    assert sorted(json.dumps(r, sort_keys=True) for r in recs) == sorted(json.dumps(r, sort_keys=True) for r in again)
    assert {r["event_id"] for r in recs} == set(ref["event_id"].to_list())
    # --scheduler implies --engine dask (issue 19): an unreachable scheduler is one clear line, exit 1
    bad = run_cli("detect", "--scheduler", "tcp://127.0.0.1:1", db=db2, check=False,
                  env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"})
    assert bad.returncode == 1 and "tcp://127.0.0.1:1" in bad.stderr_text
    assert "Traceback" not in bad.stderr_text and len(bad.stderr_text.strip().splitlines()) == 1


def test_empty_and_statics_only_buckets(scenario, client, tmp_path):
    """A bucket with statics but no positions (and an empty archive) are handled."""
    from seasentry import schema as S
    from seasentry.distributed.partition import vessel_stage

    db, _, _ = scenario
    store = Store(db, read_only=True)
    _, sta = load_inputs(store)
    store.close()
    empty = pl.from_arrow(S.POSITIONS.empty_table())
    st_ = vessel_stage(0, empty, sta, Config(), Geography.default(), 3)
    assert st_.positions == 0 and st_.gaps is None and st_.cells == [None] * 3
    assert set(st_.events["type"].unique()) <= {"identity_change"} and st_.events.height >= 1
    empty_db = Store(tmp_path / "e.duckdb")
    export_parquet(empty_db, str(tmp_path / "e"), buckets=2)
    empty_db.close()
    assert run_dask(str(tmp_path / "e"), client=client).height == 0


def test_scratch_is_used_and_removed(scenario, client, tmp_path, monkeypatch):
    """Intermediate results go through the scratch location (an explicit folder here, as on a
    remote cluster), which is left empty after the run; events are unchanged."""
    import seasentry.distributed.dask_engine as D
    from seasentry.distributed.scratch import Scratch

    db, _, ref = scenario
    store = Store(db, read_only=True)
    export_parquet(store, str(tmp_path / "arch"), buckets=4)
    store.close()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    written: list[str] = []
    put = Scratch.put

    def spy(self, key, obj):
        written.append(key)
        return put(self, key, obj)

    monkeypatch.setattr(Scratch, "put", spy)
    got = run_dask(str(tmp_path / "arch"), Config(), client=client, scratch=str(scratch))
    assert_frame_equal(got, ref)
    assert any(k.startswith("cells/") for k in written) and any(k.startswith("pairs/") for k in written)
    assert any(k.startswith("reception/") for k in written) and any(k.startswith("gaps/") for k in written)
    assert list(scratch.iterdir()) == []  # the run folder was removed

    # a remote cluster (workers elsewhere) with a store as input and no scratch: a clear error
    monkeypatch.setattr(D, "_cluster_is_local", lambda c: False)
    store = Store(db, read_only=True)
    try:
        with pytest.raises(ValueError, match="scratch"):
            run_dask(store, Config(), client=client, store_transfer="scatter")
    finally:
        store.close()


def test_pair_parts_keep_each_vessel_pair_together():
    from seasentry.distributed.partition import pair_part, split_pairs

    rng = np.random.default_rng(3)
    a = rng.integers(200_000_000, 800_000_000, 5000)
    b = a + rng.integers(1, 1000, 5000)
    part = pair_part(a, b, 7)
    assert part.min() >= 0 and part.max() < 7 and len(np.unique(part)) == 7
    df = pl.DataFrame({"a": np.concatenate([a, a]), "b": np.concatenate([b, b]), "t": np.arange(10000)})
    parts = split_pairs(df, 7)
    assert sum(p.height for p in parts.values()) == df.height
    seen = {}
    for r, p in parts.items():
        for x, y in zip(p["a"].to_list(), p["b"].to_list()):
            assert seen.setdefault((x, y), r) == r


def test_vessel_summaries_per_bucket_equal_the_store_sql_over_everything(scenario):
    """The per-bucket summaries the archive run builds the vessels table from, concatenated,
    equal the store's SQL over all positions and statics at once."""
    import duckdb

    from seasentry.distributed.archive import vessel_summaries
    from seasentry.store import identities_sql, position_summary_sql, statics_summary_sql

    db, _, _ = scenario
    store = Store(db, read_only=True)
    pos = store.con.execute("SELECT * FROM positions").pl()
    sta = store.con.execute("SELECT * FROM statics").pl()
    store.close()
    assert sta.height > 500 and sta["dim_bow"].null_count() < sta.height and pos.height > 10_000
    con = duckdb.connect()
    con.register("pos", pos.to_arrow())
    con.register("sta", sta.to_arrow())
    keys = (["mmsi"], ["mmsi"], ["mmsi", "field", "value"])
    want = [con.execute(q).pl().sort(k) for q, k in
            zip((position_summary_sql("pos"), statics_summary_sql("sta"), identities_sql("sta")), keys)]
    got = vessel_summaries(pos, sta)
    for g, w, k in zip(got, want, keys):
        assert g.columns == w.columns
        assert_frame_equal(g.sort(k), w)
    assert set(got[2]["field"].unique()) == {"name", "callsign", "imo", "ship_type", "dimensions"}
    # per bucket, then concatenated: the same rows
    pb = mmsi_bucket(pos["mmsi"].to_numpy(), 5)
    sb = mmsi_bucket(sta["mmsi"].to_numpy(), 5)
    parts = [vessel_summaries(pos.filter(pl.Series(pb == k)), sta.filter(pl.Series(sb == k))) for k in range(5)]
    for j, (w, k) in enumerate(zip(want, keys)):
        assert_frame_equal(pl.concat([p[j] for p in parts]).sort(k), w)


def test_long_silences_equal_embedded(client, tmp_path):
    """A silence beyond gap.max_hours is no gap event in either engine (issue 21): one MMSI heard for
    a day, again 10 days later (a gap), 40 days later and 12.7 years later (separate segments)."""
    from pyais.encode import encode_dict

    from seasentry.ingest.nmea import nmea_checksum
    from seasentry.ingest.pipeline import ingest

    t0 = 1_400_000_000  # 2014-05-13
    lines = []
    for k, day in enumerate((0, 10, 50, 50 + 4640)):
        for mmsi, dlat in ((215000001, 0.0), (215100002, 0.05)):
            for i in range(0, 24 * 12):
                t = t0 + day * 86400 + i * 300
                (s,) = encode_dict({"type": 1, "mmsi": mmsi, "lat": 34.2 + dlat, "lon": 13.0 + i * 0.0005 + k * 0.01,
                                    "speed": 0.5, "course": 90.0}, radio_channel="A", talker_id="AI")
                body = f"s:x,c:{t}"
                lines.append(f"\\{body}*{nmea_checksum(body):02X}\\{s}")
    f = tmp_path / "long.nmea"
    f.write_text("\n".join(lines) + "\n")
    store = Store(tmp_path / "long.duckdb")
    ingest(store, [str(f)])
    pos, sta = load_inputs(store)
    # the two vessels are heard in the same four captures: nobody is heard between them, so no
    # silence is a gap by default (gap.report_unheard_silences, session 13), in either engine
    ref0 = detect_events(pos, sta, Geography.default(), Config())
    got0 = run_dask(store, Config(), client=client)
    assert_frame_equal(got0, ref0)
    assert ref0.filter(pl.col("type") == "gap").height == 0
    cfg = Config()
    cfg.gap.report_unheard_silences = True
    ref = detect_events(pos, sta, Geography.default(), cfg)
    got = run_dask(store, cfg, client=client)
    store.close()
    assert_frame_equal(got, ref)
    gaps = ref.filter(pl.col("type") == "gap")
    assert gaps.height == 2  # the 10-day silence of each vessel, nothing longer
    assert all(9 * 24 < json.loads(d)["duration_h"] <= Config().gap.max_hours for d in gaps["details"])


def test_preload_warms_the_stage_on_a_sample_shaped_like_a_bucket():
    """`seasentry run`'s workers run the per-vessel stage once on a built-in sample while the
    command commits its ingest (partition.preload_worker): the sample has the columns and types
    of a store's bucket (so the stage takes the real tasks' paths), goes through the stage
    without error and without loading the ~1.3 GB high-resolution land mask, and the warm-up
    swallows a failure rather than failing the worker."""
    import seasentry.schema as S
    from seasentry.distributed import archive as A
    from seasentry.distributed import partition as P
    pos, sta = P.warm_sample()
    assert dict(pos.schema) == dict(pl.from_arrow(S.POSITIONS.empty_table()).select(A.ENGINE_POSITION_COLUMNS).schema)
    assert dict(sta.schema) == dict(pl.from_arrow(S.STATICS.empty_table()).schema)
    st = P.vessel_stage(-1, pos, sta, Config(), Geography.default(), 1)
    assert st.positions == pos.height and st.vessels == 2 and st.quality.height == 2
    import subprocess
    import sys

    code = ("from seasentry.distributed import partition as P; from seasentry.geo import landmask as lm; "
            "P.preload_worker(); print(any(lm.is_loaded(m) for m in lm.MASKS[:2]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    P.warm_stage(None)  # a geography that cannot answer: nothing raised
