"""The meanings of AIS codes shown to readers (seasentry.aiscodes) against an independent
implementation: pyais' ShipType and NavigationStatus enumerations (ITU-R M.1371-5)."""

from __future__ import annotations

import re

from pyais.constants import NavigationStatus, ShipType
from rapidfuzz import fuzz

from seasentry.aiscodes import (NAV_STATUS, ais_class_text, dimensions_text, nav_status_text, ship_type_name,
                                ship_type_text)

# pyais name pieces -> words our meaning must hold
_KIND = {"WIG": "wing in ground", "HSC": "high speed craft", "Passenger": "passenger", "Cargo": "cargo",
         "Tanker": "tanker", "OtherType": "other type"}
_SINGLE = {"Fishing": "fishing", "Towing": "towing", "Towing_LengthOver200": "length > 200 m",
           "DredgingOrUnderwaterOps": "dredging", "DivingOps": "diving", "MilitaryOps": "military",
           "Sailing": "sailing", "PleasureCraft": "pleasure", "PilotVessel": "pilot",
           "SearchAndRescueVessel": "search and rescue", "Tug": "tug", "PortTender": "port tender",
           "AntiPollutionEquipment": "anti-pollution", "LawEnforcement": "law enforcement", "SPARE": "spare",
           "MedicalTransport": "medical", "NonCombatShip": "noncombatant", "NotAvailable": "not available"}


def test_every_ship_type_code_has_a_meaning():
    for c in range(256):
        assert ship_type_name(c), c
    assert ship_type_text(80) == "80 (tanker, all ships of this type)"
    assert ship_type_text(None) == "" and ship_type_name("x") is None


def test_ship_types_agree_with_pyais():
    checked = 0
    for st in ShipType:
        ours = ship_type_name(int(st)).lower()
        name = st.name
        if name in _SINGLE:
            assert _SINGLE[name] in ours, (int(st), name, ours)
        else:
            kind, _, rest = name.partition("_")
            assert _KIND[kind] in ours, (int(st), name, ours)
            m = re.match(r"HazardousCategory_([A-D])", rest)
            if m:
                # pyais names the categories of ITU-R M.1371-1 (A-D); M.1371-5 Table 53 calls them
                # IMO hazard or pollutant categories X, Y, Z and OS
                assert f"category {dict(A='x', B='y', C='z', D='os')[m.group(1)]}" in ours, (int(st), name, ours)
            elif rest == "Reserved":
                assert "reserved" in ours
            elif rest == "NoAdditionalInformation":
                assert "no additional information" in ours
            else:
                assert "all ships of this type" in ours, (int(st), name, ours)
        checked += 1
    assert checked >= 55


def test_navigation_status_agrees_with_pyais():
    for ns in NavigationStatus:
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", ns.name).lower()
        ours = NAV_STATUS[int(ns)].lower()
        if "reserved" in words:
            assert "reserved" in ours
        elif "sart" in words.replace(" ", ""):
            assert "sart" in ours.lower()
        else:
            assert fuzz.partial_ratio(words, ours) >= 75, (int(ns), words, ours)
    assert nav_status_text(5) == "5 (moored)"


def test_dimensions_and_class_in_words():
    t = dimensions_text("70/15/7/7")
    assert t.startswith("length 85 m, beam 14 m") and all(w in t for w in ("70 m from the bow", "15 m from the stern",
                                                                          "7 m from port", "7 m from starboard"))
    assert dimensions_text("") == "" and dimensions_text("x") == "x"
    assert ais_class_text("A").startswith("A (class A") and ais_class_text("B").startswith("B (class B")
