"""The per-MMSI statics aggregates of ``Store.refresh_vessels`` (and of the Dask engine's
``vessel_summaries``) are computed from the static reports grouped by MMSI, type and identity
fields (``store.statics_groups_sql``) instead of from every report.

Asserted: on reports with repeats (the same report sent again and again, several vessels,
fields missing, IMO "not available", zero dimensions), ``identities_sql`` gives the rows of the
five-scan union it replaced and ``statics_summary_sql`` over the groups (``grouped=True``) and over
the reports gives the rows of the per-report ``arg_max`` written plainly (report times distinct
per MMSI, so the latest report of a field is one report).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from seasentry.store import IMO_NOT_AVAILABLE_SQL, identities_sql, statics_groups_sql, statics_summary_sql

_FIVE_SCANS = f"""SELECT mmsi, field, value, min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS reports FROM (
        SELECT mmsi, ts, 'name' AS field, name AS value FROM st WHERE name IS NOT NULL
        UNION ALL SELECT mmsi, ts, 'callsign', callsign FROM st WHERE callsign IS NOT NULL
        UNION ALL SELECT mmsi, ts, 'imo', CAST(imo AS VARCHAR) FROM st
                  WHERE imo IS NOT NULL AND imo NOT IN {IMO_NOT_AVAILABLE_SQL}
        UNION ALL SELECT mmsi, ts, 'ship_type', CAST(ship_type AS VARCHAR) FROM st WHERE ship_type IS NOT NULL
        UNION ALL SELECT mmsi, ts, 'dimensions', concat_ws('/', dim_bow, dim_stern, dim_port, dim_starboard) FROM st
                  WHERE coalesce(dim_bow, 0) + coalesce(dim_stern, 0) > 0)
    GROUP BY ALL"""

_PER_REPORT = f"""SELECT mmsi, min(ts) AS f, max(ts) AS l, count(*) AS n,
        arg_max(name, ts) FILTER (WHERE name IS NOT NULL) AS name,
        arg_max(callsign, ts) FILTER (WHERE callsign IS NOT NULL) AS callsign,
        arg_max(imo, ts) FILTER (WHERE imo IS NOT NULL AND imo NOT IN {IMO_NOT_AVAILABLE_SQL}) AS imo,
        arg_max(ship_type, ts) FILTER (WHERE ship_type IS NOT NULL) AS ship_type,
        arg_max(dim_bow + dim_stern, ts) FILTER (WHERE dim_bow + dim_stern > 0) AS length,
        arg_max(dim_port + dim_starboard, ts) FILTER (WHERE dim_port + dim_starboard > 0) AS beam,
        count(DISTINCT name) AS names, bool_or(msg_type = 5) AS a, bool_or(msg_type IN (19, 24)) AS b
    FROM st GROUP BY mmsi"""


def _statics(seed: int, n: int = 3000) -> pa.Table:
    rng = np.random.default_rng(seed)
    mmsi = rng.choice(np.array([211000001, 247000002, 636000003, 538000004, 970000005]), n)
    # distinct times per MMSI (a shuffled range), in no order
    ts = rng.permutation(n).astype(np.int64) * 1_000_000 + 1_700_000_000_000_000
    pick = rng.integers(0, 8, n)  # eight distinct reports (four values, fields missing or not): repeats
    missing = rng.random((8, 8)) < 0.25  # per report and field
    fields = iter(range(8))

    def opt(values):
        j = next(fields)
        v = np.asarray(values, object)[pick % 4]
        return [None if missing[p, j] else x for p, x in zip(pick, v)]

    return pa.table({
        "mmsi": pa.array(mmsi, pa.int64()),
        "ts": pa.array(ts, pa.int64()).cast(pa.timestamp("us")),
        "msg_type": pa.array(np.array([5, 24, 19, 5], np.int8)[pick % 4]),
        "name": pa.array(opt(["SEA STAR", "SEA STAR II", "OCEAN", "SEA STAR"]), pa.string()),
        "callsign": pa.array(opt(["9HA1", "9HA2", "IBCD", "9HA1"]), pa.string()),
        "imo": pa.array(opt([9123456, 0, 1073741823, 9654321]), pa.int64()),
        "ship_type": pa.array(opt([70, 80, 30, 70]), pa.int16()),
        "dim_bow": pa.array(opt([100, 0, 20, 100]), pa.int16()),
        "dim_stern": pa.array(opt([20, 0, 5, 21]), pa.int16()),
        "dim_port": pa.array(opt([10, 0, 3, 10]), pa.int16()),
        "dim_starboard": pa.array(opt([12, 0, 4, 12]), pa.int16()),
    })


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_grouped_statics_give_the_rows_of_the_per_report_sql(seed):
    con = duckdb.connect()
    try:
        con.register("st", _statics(seed))
        con.execute(f"CREATE TABLE g AS {statics_groups_sql('st')}")
        assert con.execute("SELECT count(*) FROM g").fetchone()[0] < 100  # the repeats are grouped
        want_ident = con.execute(f"SELECT * FROM ({_FIVE_SCANS}) ORDER BY ALL").fetchall()
        assert len(want_ident) > 20
        assert con.execute(f"SELECT * FROM ({identities_sql('st')}) ORDER BY ALL").fetchall() == want_ident
        assert con.execute(f"SELECT * FROM ({identities_sql('g', grouped=True)}) ORDER BY ALL").fetchall() == want_ident
        want = con.execute(f"SELECT * FROM ({_PER_REPORT}) ORDER BY ALL").fetchall()
        assert len(want) == 5
        assert con.execute(f"SELECT * FROM ({statics_summary_sql('st')}) ORDER BY ALL").fetchall() == want
        assert con.execute(f"SELECT * FROM ({statics_summary_sql('g', grouped=True)}) ORDER BY ALL").fetchall() == want
        types = con.execute(f"DESCRIBE SELECT * FROM ({statics_summary_sql('g', grouped=True)})").fetchall()
        assert [r[1] for r in types] == [r[1] for r in con.execute(f"DESCRIBE {_PER_REPORT}").fetchall()]
    finally:
        con.close()
