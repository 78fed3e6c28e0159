"""seasentry: offline-first maritime border and embargo monitoring for the Central Mediterranean.

Python API::

    import seasentry
    db = seasentry.open("seasentry.duckdb")
    db.ingest(["capture.nmea"])
    df = db.positions(mmsi=215000818, start="2024-05-01", end="2024-05-02")  # polars.DataFrame
"""

from __future__ import annotations

__version__ = "0.1.0"


def open(path=None, read_only: bool = False, config=None):  # noqa: A001 - mirrors sqlite3/duckdb
    """Open (or create) a seasentry store. See :class:`seasentry.store.Store`."""
    from .store import Store

    return Store(path, read_only=read_only, config=config)


__all__ = ["open", "__version__"]
