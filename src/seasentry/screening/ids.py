"""Vessel identifiers: IMO numbers (with check digit) and MMSI.

IMO ship identification number: seven digits, the last a check digit. Multiply the first
six digits by 7, 6, 5, 4, 3, 2 and sum; the last digit of the sum is the check digit.
Source: IMO Resolution A.1117(30), "IMO ship identification number scheme" (2017), Annex.
Example: IMO 9074729 -> 9*7+0*6+7*5+4*4+7*3+2*2 = 139 -> check digit 9.

MMSI: nine digits (ITU-R M.585-9); ship stations start with a 3-digit MID 201-775.
"""

from __future__ import annotations

import re

_IMO_RE = re.compile(r"(?<!\d)(?:IMO[\s:#.-]*)?(\d{7})(?!\d)", re.I)


def imo_check_digit_ok(imo: int | str | None) -> bool:
    """True when ``imo`` is a 7-digit number with a correct check digit."""
    if imo is None:
        return False
    s = str(imo).strip()
    if s.upper().startswith("IMO"):
        s = s[3:].strip(" :#.-")
    if not s.isdigit() or len(s) != 7:
        return False
    total = sum(int(d) * w for d, w in zip(s[:6], (7, 6, 5, 4, 3, 2)))
    return total % 10 == int(s[6])


def parse_imo(value) -> int | None:
    """Parse an IMO number from an int or text such as 'IMO 9074729'; None if there is none.
    Does *not* validate the check digit (a bad check digit is flagged, never dropped)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1_000_000 <= value <= 9_999_999 else None
    m = _IMO_RE.search(str(value))
    return int(m.group(1)) if m else None


def parse_mmsi(value) -> int | None:
    """Parse a 9-digit MMSI; None if absent or not 9 digits."""
    if value is None or isinstance(value, bool):
        return None
    s = str(value).strip()
    if s.endswith(".0"):
        s = s[:-2]
    if s.isdigit() and len(s) == 9 and int(s) > 0:
        return int(s)
    return None


def mmsi_is_ship(mmsi: int | None) -> bool:
    """MID range 201..775 marks a ship station (ITU-R M.585-9 Annex 1)."""
    return mmsi is not None and 201_000_000 <= mmsi <= 775_999_999
