"""Score the screening index on a labelled query set (tests/fixtures/screening_eval/eval_set.csv).

Each row is one query as an analyst would type it (name, optional type, date of birth, country,
IMO, MMSI, flag, AIS ship type), labelled ``pos`` with the entry ids it must find, or ``neg``
(nothing on the lists). A query is run exactly as ``seasentry screen`` runs it. Measures:

- recall at a level: share of positives whose expected entry scores at or above the level;
- false hits per 1,000 negatives at a level: negatives with any match at or above the level;
- ranked first: share of positives (``qualifiers`` rows) whose expected entry is the top match;
  those rows (a family name alone, or a name shared by several entries, with a date of birth,
  nationality, IMO or flag) measure ranking only and are left out of recall.

Pure: takes an index and rows, returns numbers; ``benchmarks/bench_screening.py`` prints them and
``tests/test_screening_eval.py`` asserts the targets of issue 15 on the held-out half.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

TYPES = {"person": "Person", "organization": "Organization", "organisation": "Organization", "vessel": "Vessel"}


def load_eval_set(path: str | Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run_query(index, row: dict[str, str], limit: int = 10, min_score: float | None = None,
              explain: bool = False) -> list[dict[str, Any]]:
    """The matches of one query, as `seasentry screen` would return them."""
    schema = TYPES.get((row.get("type") or "").strip().lower())
    name = (row.get("query") or row.get("name") or "").strip() or None
    imo, mmsi = row.get("imo") or None, row.get("mmsi") or None
    if imo or mmsi or schema == "Vessel":
        st = row.get("ship_type") or None
        return index.screen_vessel(imo=imo, mmsi=mmsi, name=name, flag=row.get("flag") or row.get("country") or None,
                                   ship_type=int(st) if st and st.isdigit() else None, min_score=min_score)[:limit]
    if not name:
        return []
    return index.screen_name(name, schema=schema, dob=row.get("dob") or None, country=row.get("country") or None,
                             limit=limit, min_score=min_score, explain=explain)


@dataclass
class Outcome:
    row: dict[str, str]
    matches: list[dict[str, Any]]

    @property
    def positive(self) -> bool:
        return self.row["label"] == "pos"

    @property
    def expected(self) -> set[str]:
        return set((self.row.get("expected") or "").split())

    def expected_score(self) -> float:
        return max((m["score"] for m in self.matches if m["entity_id"] in self.expected), default=0.0)

    def top_score(self) -> float:
        return max((m["score"] for m in self.matches), default=0.0)

    def ranked_first(self) -> bool:
        return bool(self.matches) and self.matches[0]["entity_id"] in self.expected

    def top(self) -> str:
        return f"{self.matches[0]['name']} ({self.matches[0]['entity_id']}) {self.matches[0]['score']:.3f}" \
            if self.matches else "-"


def evaluate(index, rows: Iterable[dict[str, str]], floor: float = 0.5) -> list[Outcome]:
    """Run every row; matches down to ``floor`` are kept so that any threshold can be read later."""
    return [Outcome(r, run_query(index, r, limit=10, min_score=floor)) for r in rows]


@dataclass
class Summary:
    n_pos: int
    n_neg: int
    recall: dict[float, float] = field(default_factory=dict)
    false_per_1000: dict[float, float] = field(default_factory=dict)
    ranked_first: float | None = None
    by_category: dict[str, dict[str, float]] = field(default_factory=dict)


#: positives whose query is deliberately incomplete (a family name alone, with a date of birth or a
#: nationality to tell entries apart): they measure ranking ("ranked first"), not recall
RANKING_ONLY = {"qualifiers"}


def summarise(outcomes: list[Outcome], levels: tuple[float, ...] = (0.70, 0.85, 0.90)) -> Summary:
    pos = [o for o in outcomes if o.positive and o.row["category"] not in RANKING_ONLY]
    neg = [o for o in outcomes if not o.positive]
    s = Summary(len(pos), len(neg))
    for lv in levels:
        s.recall[lv] = sum(o.expected_score() >= lv - 1e-9 for o in pos) / max(1, len(pos))
        s.false_per_1000[lv] = 1000 * sum(o.top_score() >= lv - 1e-9 for o in neg) / max(1, len(neg))
    q = [o for o in outcomes if o.positive and o.row["category"] in RANKING_ONLY]
    if q:
        s.ranked_first = sum(o.ranked_first() for o in q) / len(q)
    cats = sorted({o.row["category"] for o in outcomes})
    for c in cats:
        os_ = [o for o in outcomes if o.row["category"] == c]
        d: dict[str, float] = {"n": len(os_)}
        for lv in levels:
            if os_[0].positive:
                d[f"recall@{lv:.2f}"] = sum(o.expected_score() >= lv - 1e-9 for o in os_) / len(os_)
            else:
                d[f"false@{lv:.2f}"] = sum(o.top_score() >= lv - 1e-9 for o in os_)
        s.by_category[c] = d
    return s
