"""Review of session 13's integration branch (fifteenth round, orglexicon): a word of another
language's table that is also a common family name of the region must not be read as a generic
word. Gharbi is the Maltese for Arab only when written Għarbi; written so in the Latin alphabet it
is one of the commonest family names of Tunisia and Libya (El Gharbi, "the westerner")."""

from __future__ import annotations

from screening_rounds import REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from seasentry.screening import ScreeningIndex


def test_gharbi_the_family_name_is_not_arab():
    idx = ScreeningIndex([_org("arabi", "AL-ARABI TRADING COMPANY")])
    # 0.91 (alert) before: gharbi was read as arab, which meets ARABI by its letters
    assert _found(idx, "Gharbi Trading Company", "arabi", schema="Organization") < REVIEW
    assert _found(idx, "Al-Arabi Trading Company", "arabi", schema="Organization") >= REVIEW  # the listed body
