"""Build the twelfth held-out screening set tests/fixtures/screening_eval/holdout12.csv.

    python scripts/build_screening_holdout12.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-11.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout12"), split ``holdout12``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout11's builder (holdout10's, holdout9's, ..., their docstrings),
with holdout12_positives.psv and holdout12_negatives.psv (queries written for this set from entries
none of the eleven earlier sets expects; the vessel rows reuse OFAC vessels with a query form no
earlier set used, as no vessel was left) and the generated rows those sets did not use; a row
repeating a query of eval_set.csv or holdout2-11.csv is dropped, so the twelve sets share no query.
Refused twins: holdout11's; twins the rule cannot find would be written into the rows by hand, with
a note (none was needed).

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout11 as h11  # noqa: E402  (its refused twins)

SPLIT = "holdout12"
SEED = 20261214
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv")
PLACE_QUOTA = (("LY", 40), ("TN", 60), ("MT", 25), ("IT", 25))   # GeoNames places drawn besides the written ones
N_AIS = 160
N_SYNTH_AR, N_SYNTH_LAT = 150, 30

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h11.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout12.csv", "k", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (place names of Libya, Tunisia, Malta and Italy)",
             h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
