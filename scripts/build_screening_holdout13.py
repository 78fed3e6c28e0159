"""Build the thirteenth held-out screening set tests/fixtures/screening_eval/holdout13.csv.

    python scripts/build_screening_holdout13.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-12.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout13"), split ``holdout13``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout12's builder (holdout11's, ..., their docstrings), with
holdout13_positives.psv and holdout13_negatives.psv, written by hand row by row the way the Italian
and Maltese coast guards, EU NAVFOR MED IRINI, the UN Panel of Experts on Libya, Tunisian and Libyan
authorities and journalists meet the names. Every Libya entry of the lists (UN LYi/LYe, OFAC LIBYA2
and LIBYA3) was already expected by an earlier set, so the Libya rows REUSE those entries with a
query form no earlier set used; Russian, Ukrainian and Belarusian people and Russian vessels are
written in Cyrillic, Iranian people and bodies in Persian letters, two vessels in Greek. The generated rows (GeoNames places, AIS identities,
synthetic people) are those the earlier sets did not use; a row repeating a query of eval_set.csv
or holdout2-12.csv is dropped, so the thirteen sets share no query. Refused twins: holdout12's
(i.e. holdout11's); twins the rule cannot find would be written into the rows by hand, with a note.

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout12 as h12  # noqa: E402  (its refused twins)

SPLIT = "holdout13"
SEED = 20261215
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv", "holdout12.csv")
PLACE_QUOTA = (("LY", 40), ("TN", 50), ("MT", 20), ("IT", 20))   # GeoNames places drawn besides the written ones
N_AIS = 120
N_SYNTH_AR, N_SYNTH_LAT = 110, 20

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h12.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout13.csv", "m", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (ports, terminals and places of Libya, Tunisia, Malta "
             "and Italy)", h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
