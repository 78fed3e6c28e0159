"""What AIS codes mean, in words, for people who do not read ITU recommendations: ship type
and navigational status codes, dimensions, transceiver class and MMSI kind. Used wherever a code
is shown to a reader (case files first).

Sources: ITU-R M.1371-5, Annex 8, Table 53 (type of ship and cargo), message 1 field
"navigational status" and message 5 "dimension/reference for position" (Fig. 42); ITU-R M.585-9
Annex 1 (MMSI formats). ``tests/test_aiscodes.py`` compares the tables with pyais' enumerations
(an independent implementation).
"""

from __future__ import annotations

_KINDS = {2: "wing in ground (WIG) craft", 4: "high-speed craft (HSC)", 6: "passenger ship", 7: "cargo ship",
          8: "tanker", 9: "other type of ship"}
_SECOND = {0: "all ships of this type", 1: "carrying dangerous goods, hazard or pollutant category A",
           2: "carrying dangerous goods, hazard or pollutant category B",
           3: "carrying dangerous goods, hazard or pollutant category C",
           4: "carrying dangerous goods, hazard or pollutant category D", 9: "no additional information"}
_THREES = {0: "fishing vessel", 1: "towing vessel", 2: "towing vessel, tow longer than 200 m or wider than 25 m",
           3: "dredging or underwater operations", 4: "diving operations", 5: "military operations",
           6: "sailing vessel", 7: "pleasure craft", 8: "reserved for future use", 9: "reserved for future use"}
_FIVES = {0: "pilot vessel", 1: "search and rescue vessel", 2: "tug", 3: "port tender",
          4: "vessel with anti-pollution equipment", 5: "law enforcement vessel", 6: "local vessel (spare code)",
          7: "local vessel (spare code)", 8: "medical transport",
          9: "non-combatant ship (ITU Radio Regulations Resolution 18)"}


def ship_type_name(code) -> str | None:
    """The ITU-R M.1371-5 Table 53 meaning of a ship type code (0-255); None for a non-number."""
    try:
        c = int(code)
    except (TypeError, ValueError):
        return None
    if c == 0:
        return "not available"
    if 1 <= c <= 19:
        return "reserved for future use"
    if 100 <= c <= 199:
        return "reserved for regional use"
    if 200 <= c <= 255:
        return "reserved for future use"
    if not 20 <= c <= 99:
        return None
    first, second = divmod(c, 10)
    if first == 3:
        return _THREES[second]
    if first == 5:
        return _FIVES[second]
    kind = _KINDS[first]
    return f"{kind}, {_SECOND.get(second, 'reserved for future use')}"


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
