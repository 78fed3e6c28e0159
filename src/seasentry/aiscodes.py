"""What AIS codes mean, in words, for people who do not read ITU recommendations: ship type
and navigational status codes, dimensions, transceiver class and MMSI kind. Used wherever a code
is shown to a reader (case files first).

Sources: ITU-R M.1371-5, Annex 8, Table 53 (type of ship and cargo), message 1 field
"navigational status" and message 5 "dimension/reference for position" (Fig. 42); ITU-R M.585-9
Annex 1 (MMSI formats). ``tests/test_aiscodes.py`` compares the tables with pyais' enumerations
(an independent implementation).
"""

from __future__ import annotations

def ship_type_name(code) -> str | None:
    """The ITU-R M.1371-5 Table 53 meaning of a ship type code (0-255); None for a non-number.

    One table for the whole project: the category stored with every static report
    (``seasentry.ingest.clean.SHIP_CATEGORIES``), with 0 said as "not available"."""
    from .ingest.clean import SHIP_CATEGORIES

    try:
        c = int(code)
    except (TypeError, ValueError):
        return None
    if c == 0:
        return "not available"
    return SHIP_CATEGORIES[c] if 0 < c <= 255 else None


def ship_type_text(code) -> str:
    """``"80 (tanker, all ships of this type)"``; the code alone when it has no meaning."""
    if code is None or code == "":
        return ""
    name = ship_type_name(code)
    return f"{code} ({name})" if name else str(code)


NAV_STATUS = {0: "under way using engine", 1: "at anchor", 2: "not under command", 3: "restricted manoeuvrability",
              4: "constrained by her draught", 5: "moored", 6: "aground", 7: "engaged in fishing",
              8: "under way sailing", 9: "reserved (high-speed craft)", 10: "reserved (wing in ground craft)",
              11: "power-driven vessel towing astern", 12: "power-driven vessel pushing ahead or towing alongside",
              13: "reserved for future use", 14: "AIS-SART, MOB-AIS or EPIRB-AIS active",
              15: "not defined (default)"}


def nav_status_text(code) -> str:
    try:
        c = int(code)
    except (TypeError, ValueError):
        return "" if code is None else str(code)
    return f"{c} ({NAV_STATUS[c]})" if c in NAV_STATUS else str(c)


def dimensions_text(value) -> str:
    """``"70/15/7/7"`` (metres from the GPS antenna to bow/stern/port/starboard, as stored in the
    identity history) -> ``"length 85 m, beam 14 m (antenna 70 m from the bow, 15 m from the stern,
    7 m from port, 7 m from starboard)"``."""
    if value is None or value == "":
        return ""
    parts = str(value).split("/")
    try:
        a, b, c, d = (int(float(p)) if p not in ("", "None") else None for p in parts)
    except ValueError:
        return str(value)
    length = (a or 0) + (b or 0)
    beam = (c or 0) + (d or 0)
    size = ", ".join(x for x in (f"length {length} m" if length else "", f"beam {beam} m" if beam else "") if x)
    where = ", ".join(f"{v} m from the {side}" if side in ("bow", "stern") else f"{v} m from {side}"
                      for v, side in ((a, "bow"), (b, "stern"), (c, "port"), (d, "starboard")) if v is not None)
    return f"{size} (GPS antenna {where})" if size else str(value)


def size_text(length, beam) -> str:
    """Overall length and beam in metres (the vessel table's ``length``/``beam``)."""
    parts = [f"length {int(length)} m" if length else "", f"beam {int(beam)} m" if beam else ""]
    return ", ".join(p for p in parts if p)


AIS_CLASS = {
    "A": "class A: the transponder SOLAS requires on large ships and passenger ships",
    "B": "class B: a lower-power transponder for smaller craft",
    "base_station": "a shore base station",
    "aton": "an aid to navigation (buoy, beacon, light)",
    "sar_aircraft": "a search-and-rescue aircraft",
}


def ais_class_text(value) -> str:
    if not value:
        return ""
    meaning = AIS_CLASS.get(str(value))
    return f"{value} ({meaning})" if meaning else str(value)


MMSI_KIND = {
    "ship": "a ship station (MIDxxxxxx)",
    "group": "a group of ships (0MIDxxxxx)",
    "coast_station": "a coast or base station (00MIDxxxx)",
    "sar_aircraft": "a search-and-rescue aircraft (111MIDxxx)",
    "aton": "an aid to navigation (99MIDxxxx)",
    "auxiliary": "craft associated with a parent ship (98MIDxxxx)",
    "handheld": "a handheld VHF with DSC and GNSS (8MIDxxxxx)",
    "sart": "an AIS search-and-rescue transmitter (970xxyyyy)",
    "mob": "a man-overboard device (972xxyyyy)",
    "epirb": "an EPIRB with AIS (974xxyyyy)",
    "unknown": "not a format of ITU-R M.585 (no MID can be read)",
}


def mmsi_kind_text(value) -> str:
    if not value:
        return ""
    meaning = MMSI_KIND.get(str(value))
    return f"{value}: {meaning}" if meaning else str(value)
