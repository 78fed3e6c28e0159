"""Session 16, twenty-second round (22m): the fishing vessels' types of FAO's ISSCFV (squid jigger, stern
trawler, tuna purse seiner, longliner, gillnetter ...) and the service kinds of StatCode 5 / ITU-R M.1371-5
(rescue vessel, salvage tug, crew boat, cable layer ...) written after or before a ship's name are the
ship's kind, not words of its name (vessel_text._KIND_WORDS_22; docs/screening.md, "Session 16 (22m)")."""

from __future__ import annotations

import pytest

from screening_rounds import ALERT, found
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity

ALERT_ = ALERT - 1e-9


def vessel(eid: str, name: str) -> Entity:
    return Entity(eid, "x", "Vessel", name)


@pytest.fixture(scope="module")
def idx() -> ScreeningIndex:
    return ScreeningIndex([
        vessel("fy", "FU YUAN YU 7889"),            # OFAC SDN ofac-33716
        vessel("kb", "KAPITAN BEKLEMISHEV"),        # OFAC SDN ofac-31938
        vessel("lrh", "LU RONG YUAN YU 606"),       # made up, a Chinese fishing vessel's name
        vessel("ss", "SPASATEL KAREV"),             # made up, a Russian rescue ship's name
    ])


@pytest.mark.parametrize("query,eid", [
    ("FU YUAN YU 7889 squid jigger", "fy"),
    ("squid jigger FU YUAN YU 7889", "fy"),
    ("FU YUAN YU 7889 tuna longliner", "fy"),
    ("Kapitan Beklemishev rescue vessel", "kb"),
    ("Kapitan Beklemishev salvage tug", "kb"),
    ("LU RONG YUAN YU 606 fish processing vessel", "lrh"),
    ("LU RONG YUAN YU 606 squid jigging vessel", "lrh"),
    ("Spasatel Karev search and rescue vessel", "ss"),
    ("Spasatel Karev crew boat", "ss"),
])
def test_kind_phrase_is_not_a_name_word(idx, query, eid):
    assert found(idx, query, eid) >= ALERT_
