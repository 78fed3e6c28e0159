"""Build the nineteenth held-out screening set tests/fixtures/screening_eval/holdout19.csv.

    python scripts/build_screening_holdout19.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-18.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout19"), split ``holdout19``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout18's builder (holdout17's, ..., their docstrings), with
holdout19_positives.psv and holdout19_negatives.psv, written row by row the way names reach an
offline analyst's laptop through IMPERFECT DATA PIPELINES and OPEN-SOURCE collection: mojibake
(UTF-8 read as Windows-1252) of Latin accents, Cyrillic and Arabic; HTML entities and CSV quoting
left in; OCR damage of scanned PDFs (O/0, l/1/I, line-break hyphens); soft hyphens, zero-width and
non-breaking spaces; full-width Latin; Cyrillic homoglyphs inside Latin words; Roman numerals as
single Unicode characters; Arabic tatweel, tashkeel, Persian letters and RTL text reversed by a bad
export; names cut by fixed-width fields; social-media handles, hashtags, display names with emoji,
captions and video titles, website domains; listed people and bodies of every region of the OFAC SDN
file. Every positive except the reused vessels expects an entry no earlier set expects. The generated
rows (GeoNames places, AIS identities, synthetic people) are those the earlier sets did not use; a row
repeating a query of eval_set.csv or holdout2-18.csv is dropped, so the nineteen sets share no query.
Refused twins: holdout18's (i.e. holdout12's).

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout18 as h18  # noqa: E402  (its refused twins)

SPLIT = "holdout19"
SEED = 20261222
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv", "holdout12.csv",
           "holdout13.csv", "holdout14.csv", "holdout15.csv", "holdout16.csv", "holdout17.csv", "holdout18.csv")
PLACE_QUOTA = (("LY", 45), ("TN", 45), ("MT", 15), ("IT", 30))   # GeoNames places drawn besides the written ones
N_AIS = 130
N_SYNTH_AR, N_SYNTH_LAT = 110, 50

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h18.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout19.csv", "c", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (place names damaged by data pipelines and open-source "
             "collection)", h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
