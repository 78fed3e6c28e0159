"""Time formatting shared by every output: ISO 8601 UTC with a trailing Z.

Whole seconds are written without a fraction (2024-05-01T12:00:00Z); otherwise with
milliseconds (2024-05-01T12:00:00.250Z).
"""

from __future__ import annotations

from datetime import datetime, timezone


def iso(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, (int, float)):
        v = datetime.fromtimestamp(v, timezone.utc)
    if v.tzinfo is not None:
        v = v.astimezone(timezone.utc).replace(tzinfo=None)
    s = v.strftime("%Y-%m-%dT%H:%M:%S")
    if v.microsecond:
        s += ".%03d" % (v.microsecond // 1000)
    return s + "Z"


def from_epoch_us(v) -> datetime | None:
    """Epoch microseconds as a naive UTC datetime (the store's TIMESTAMP), None for None."""
    return None if v is None else datetime.fromtimestamp(v / 1e6, timezone.utc).replace(tzinfo=None)
