"""Rules of the thirteenth round of issue 15 for person names (docs/screening.md "Session 12,
thirteenth round: person names"). Every name below is made up (Zorbiao, Qurtin ...); each test fails
on the matcher before the round (9bb7569)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import person as _person
from screening_rounds import score as _score
from seasentry.screening import ScreeningIndex


def test_pinyin_given_name_with_a_hyphen_is_read_glued():
    """A pinyin given name written with a hyphen between its syllables (the Wade-Giles habit) is the
    glued given name of the lists; a Korean name is not read so, and the reading needs every word to
    be pinyin."""
    from seasentry.screening.text import pinyin_glued_reading

    idx = ScreeningIndex([_person("a", "ZHAO, Quanbiao", ["CN"]), _person("b", "PAK, Han Se", ["KP"])])
    assert _found(idx, "Zhao Quan-biao", "a") >= ALERT
    assert _found(idx, "Park Han-se", "b") >= REVIEW
    assert pinyin_glued_reading("Zhao Quan-biao") == "Zhao Quanbiao"
    assert pinyin_glued_reading("Park Han-se") is None
    assert pinyin_glued_reading("Ahmed Al-Nur") is None
