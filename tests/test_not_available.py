"""AIS "not available" IMO numbers (0 and 2^30 - 1) are never an identity (issue 21): the vessels
table and the identity history leave them out even in a store that holds them (ingested before
the decoders made them nulls), in the embedded store SQL that the Dask engine also runs."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from seasentry import schema as S
from seasentry.store import Store


def _static(mmsi: int, imo: int, hour: int) -> dict:
    return dict(mmsi=mmsi, ts=dt.datetime(2024, 5, 1, hour), msg_type=5, part=None, imo=imo, callsign="AB1",
                name="NAME", ship_type=70, dim_bow=50, dim_stern=10, dim_port=5, dim_starboard=5, draught=None,
                destination=None, eta=None, station=None, time_source="tagblock", source_id=1, line_no=hour,
                msg_key=hour)


def test_not_available_imo_is_no_identity(tmp_path):
    s = Store(tmp_path / "x.duckdb")
    rows = [_static(215000001, 2**30 - 1, 1), _static(215000001, 0, 2), _static(215000002, 9074729, 3),
            _static(215000002, 2**30 - 1, 4)]  # a real IMO, then the sentinel later: the real one stays
    s.con.register("st", pa.Table.from_pylist(rows, schema=S.STATICS))
    s.con.execute("INSERT INTO statics SELECT * FROM st")
    s.refresh_vessels()
    imo = dict(s.con.execute("SELECT mmsi, imo FROM vessels").fetchall())
    ids = s.con.execute("SELECT mmsi, value FROM vessel_identities WHERE field = 'imo'").fetchall()
    s.close()
    assert imo == {215000001: None, 215000002: 9074729}
    assert ids == [(215000002, "9074729")]
