"""When was a list entry designated, relative to the AIS data that matched it?

A match against an entry designated years after the vessel's AIS reports is not evidence of
sanctions evasion at the time of those reports; the analyst needs to see that at once. Sources:

- the designation date the list itself gives: UN ``LISTED_ON``, OpenSanctions ``listingDate`` /
  ``startDate`` of the Sanction, ``listed_on`` of a user list;
- otherwise (OFAC's sdn.csv and XML carry no designation date) the earliest version of the list
  loaded in this store that holds the entry: the entry was on the list *at least* since then.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .model import Entity


def _as_date(v) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    s = str(v).strip()[:10]
    try:
        return date.fromisoformat(s)
    except ValueError:
        try:
            return date(int(s[:4]), 1, 1) if s[:4].isdigit() and len(s) >= 4 else None
        except ValueError:
            return None


def first_version_holding(con, entity_id: str) -> str | None:
    """The earliest list version loaded in the store that held the entry (its first 'added')."""
    try:
        row = con.execute("SELECT version FROM sanctions_changes WHERE entity_id = ? AND change = 'added' "
                          "ORDER BY load_id LIMIT 1", [entity_id]).fetchone()
    except Exception:  # a store without the sanctions tables
        return None
    return row[0] if row else None


def _span(days: int) -> str:
    if abs(days) >= 730:
        return f"{abs(days) / 365.25:.1f} years"
    if abs(days) >= 60:
        return f"{abs(days) / 30.44:.0f} months"
    return f"{abs(days)} days"


def designation_context(con, entity: Entity, ais_first, ais_last) -> dict[str, Any]:
    """Designation date of ``entity`` and how it lies relative to the AIS data [ais_first, ais_last]."""
    listed = _as_date(entity.properties.get("listed_on"))
    first = _as_date(ais_first)
    last = _as_date(ais_last) or first
    out: dict[str, Any] = {"listed_on": listed.isoformat() if listed else None,
                           "source": None, "relation": "unknown",
                           "ais_first": first.isoformat() if first else None,
                           "ais_last": last.isoformat() if last else None}
    if listed:
        out["source"] = {"un_sc": "UN LISTED_ON", "opensanctions": "OpenSanctions listing date"}.get(
            entity.list, "the list's designation date")
    else:
        v = first_version_holding(con, entity.entity_id)
        vd = _as_date(v)
        out["in_list_since_version"] = v
        if vd:
            out["source"] = f"earliest {entity.list} version in this store holding the entry ({v})"
    when = listed or _as_date(out.get("in_list_since_version"))
    if not (when and first):
        out["text"] = "The list gives no designation date" + (
            "" if first else ", and the vessel has no AIS time span") + "."
        return out
    if listed:
        if when < first:
            out["relation"] = "before"
            out["text"] = (f"Designated {when} ({out['source']}), {_span((first - when).days)} before the AIS data "
                           f"({first} to {last}).")
        elif when > last:
            out["relation"] = "after"
            out["text"] = (f"Designated {when} ({out['source']}), {_span((when - last).days)} after the AIS data "
                           f"({first} to {last}): at the time of these reports the entry was not yet designated.")
        else:
            out["relation"] = "during"
            out["text"] = f"Designated {when} ({out['source']}), within the AIS data ({first} to {last})."
        out["days_from_ais_start"] = (when - first).days
        return out
    # only a lower bound: on the list at least since that version
    if when <= first:
        out["relation"] = "before"
        out["text"] = (f"No designation date in the list; the entry was on it at least since {when} "
                       f"({out['source']}), before the AIS data ({first} to {last}).")
    else:
        out["relation"] = "unknown"
        out["text"] = (f"No designation date in the list; the earliest list version loaded here that holds the "
                       f"entry is of {when}, after the AIS data ({first} to {last}): whether it was designated "
                       "at the time of these reports is not known from the lists loaded.")
    return out
