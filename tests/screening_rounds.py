"""What the tests of the matcher's rounds (tests/test_screening_*_round.py) share: the thresholds,
the best score of one listed entry for a query, and made-up list entries."""

from __future__ import annotations

from seasentry.screening import ScreeningIndex, compare_names
from seasentry.screening.model import Entity

REVIEW, ALERT = 0.70, 0.90


def score(a: str, b: str, schema: str | None = "Person") -> float:
    """The score of name ``a`` against name ``b``."""
    return compare_names(a, b, schema)[0]


def found(idx: ScreeningIndex, query: str, entity_id: str, schema: str | None = None, min_score: float = 0.3,
          **kw) -> float:
    """The best score of ``entity_id`` among the matches of ``query`` (0.0 if it is not among them)."""
    return max((m["score"] for m in idx.screen_name(query, schema=schema, min_score=min_score, explain=False, **kw)
                if m["entity_id"] == entity_id), default=0.0)


def org(eid: str, name: str, programs: list[str] | None = None, aliases: list[str] | None = None) -> Entity:
    return Entity(eid, "x", "Organization", name, aliases=aliases or [], programs=programs or [])


def person(eid: str, name: str, countries: list[str] | None = None) -> Entity:
    return Entity(eid, "x", "Person", name, countries=countries or [])
