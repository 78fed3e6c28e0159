"""Rules of the fifth round of issue 15 (docs/screening.md "Fifth round"): precision rules for
namesakes, public figures and unlisted organisations, and the recall rules of that round. Every
name below is made up for the mechanism it exercises (rare invented family names such as
Qurtabuni, which no reference table holds); each test fails on the matcher before the round
(main at 2cd43ab)."""

from __future__ import annotations

from seasentry.screening import compare_names

REVIEW, ALERT = 0.70, 0.90


def _score(a: str, b: str, schema: str | None = "Person") -> float:
    return compare_names(a, b, schema)[0]


# --------------------------------------------------------------------------- persons
def test_glued_names_do_not_hide_a_different_part_across_scripts():
    """Two names of as many parts, each paired with one of the other: glued, the long family name
    that agrees hid a given name that does not (بشار is not Abu Sara)."""
    assert _score("بشار الزهرطوني", "ZAHRATUNI, Abu Sara") < ALERT
    assert _score("بشار الزهرطوني", "ZAHRATUNI, Abu Sara", None) < ALERT
    # within one script gluing still repairs a typing slip, and a name cut differently still meets
    assert _score("Abdul Rauf Qurtabnui", "ABDUL RAUF QURTABUNI") >= REVIEW
    assert _score("عبد الرحمن القرطبوني", "Abdul Rahman Qurtabuni") >= ALERT


def test_common_names_arabic_writes_differently_are_different_across_scripts():
    """محمود is Mahmud, not Mohammed; عمر is Omar, not Amir: the Wikidata alignments give each
    spelling the other's never, so they are not partners (the fourth round's rule for two Latin
    spellings, across scripts)."""
    assert _score("محمود حسن القرطبوني", "Mohammed Hassan Qurtabuni") < ALERT
    assert _score("عمر حسن القرطبوني", "Amir Hassan Qurtabuni") < ALERT
    # the same names still meet
    assert _score("محمد حسن القرطبوني", "Mohammed Hassan Qurtabuni") >= ALERT
    assert _score("عمر القرطبوني", "Omar Qurtabuni") >= ALERT
    assert _score("علي حسن القرطبوني", "Ali Hassan Qurtabuni") >= ALERT
