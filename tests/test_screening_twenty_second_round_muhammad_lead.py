"""Session 16, twenty-second round (22m): Muhammad as the first given name of an Indonesian or Malay
name, left out in use (Dandi Adhiguna = ADHIGUNA, Muhammad Dandi), costs little; in an Arab name
(HASSAN, Muhammad Ali) leaving it out still names a relative (matcher._MUHAMMAD_LEAD, score_names;
docs/screening.md, "Session 16 (22m)")."""

from __future__ import annotations

import pytest

from screening_rounds import ALERT, REVIEW, score

ALERT_ = ALERT - 1e-9


@pytest.mark.parametrize("query,listed", [
    ("Dandi Adhiguna", "ADHIGUNA, Muhammad Dandi"),     # OFAC SDN ofac-37180
    ("Dandi Adhiguna", "ADHIGUNA, Mohamad Dandi"),
    ("Dandi Adhiguna", "ADHIGUNA, Muhamad Dandi"),
    ("Dandi Adhiguna", "ADHIGUNA, Mohd Dandi"),          # the Malaysian abbreviation
])
def test_leading_muhammad_left_out(query, listed):
    assert score(query, listed) >= ALERT_


@pytest.mark.parametrize("query,listed", [
    ("Ali Hassan", "HASSAN, Muhammad Ali"),              # an Arab name: the father's name after Muhammad
    ("Rashid Khalid", "KHALID, Mohammed Rashid"),
])
def test_arab_name_still_a_relative(query, listed):
    assert score(query, listed) < ALERT_


def test_other_first_name_still_conflicts():
    assert score("Dandi Adhiguna", "ADHIGUNA, Ahmad Dandi") < ALERT_
