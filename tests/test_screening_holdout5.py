"""The fifth held-out screening set (tests/fixtures/screening_eval/holdout5.csv, PROVENANCE.md section
"holdout5"): its structure only. These tests never run seasentry's screening on the set's rows
(the set is scored once, by benchmarks/bench_screening.py --set holdout5); the labels are checked
against the list files with the builder's own parser (scripts/build_screening_holdout2.py), by exact
identifiers and normalised names (tests/screening_sets.py)."""

from __future__ import annotations

import pytest
from conftest import SHARED, needs_shared
from screening_sets import (SETS, assert_labels_agree, assert_no_query_of, assert_structure, counts, lists,
                            provenance_counts, rows_of)

HOLDOUT5 = SETS / "holdout5.csv"
EARLIER = ["eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv"]


@pytest.fixture(scope="module")
def rows():
    return rows_of(HOLDOUT5)


def test_holdout5_has_the_columns_categories_and_counts_of_the_earlier_sets(rows):
    assert_structure(rows, "holdout5", min_pos=150, min_neg=300, min_arabic_pos=50, min_arabic_neg=100)


def test_holdout5_repeats_no_query_of_the_earlier_sets(rows):
    assert_no_query_of(rows, EARLIER)


def test_holdout5_counts_are_those_of_its_provenance(rows):
    """PROVENANCE.md's holdout5 table gives the rows of every category: the same as the file."""
    assert provenance_counts("holdout5") == counts(rows)


@needs_shared
@pytest.mark.shared
def test_holdout5_labels_agree_with_the_list_files(rows):
    """Every expected id is an entry of the UN consolidated list 2025-04-19 or OFAC SDN 2024-05-03
    of the right kind; no negative is written as a listed name or alias (nor its Latin reading, for
    rows in Arabic script) and none carries a listed IMO or MMSI; an AIS identity written as a
    listed vessel's name carries its own IMO (another ship)."""
    assert_labels_agree(rows, *lists(SHARED))
