"""Build the sixteenth held-out screening set tests/fixtures/screening_eval/holdout16.csv.

    python scripts/build_screening_holdout16.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-15.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout16"), split ``holdout16``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout15's builder (holdout14's, ..., their docstrings), with
holdout16_positives.psv and holdout16_negatives.psv, written by hand row by row the way names reach
the system's users in embargo enforcement and UN Panel work (the Libya arms embargo and illicit
petroleum measures, Operation IRINI boarding reports, Panels of Experts, financial-intelligence and
customs analysts, open-source investigators): Arabic and Persian names in scholarly transliteration
with diacritics (ALA-LC, DIN 31635) and stripped as databases export them, Arabizi (3, 7, 5), names
run together or hyphenated differently, Turkish, German, Spanish, French, Dutch and Persian
spellings, Arabic and Persian script; UAE free-zone, Turkish, Russian (Latin and Cyrillic),
Cypriot, Maltese and Lebanese company forms, banks with their branch or city; vessels with "ex-"
chains, former flags, Cyrillic and Greek names. Every positive except the reused vessels expects an
entry no earlier set expects. The generated rows (GeoNames places, AIS identities, synthetic people)
are those the earlier sets did not use; a row repeating a query of eval_set.csv or holdout2-15.csv
is dropped, so the sixteen sets share no query. Refused twins: holdout15's (i.e. holdout12's).

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout15 as h15  # noqa: E402  (its refused twins)

SPLIT = "holdout16"
SEED = 20261219
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv", "holdout12.csv",
           "holdout13.csv", "holdout14.csv", "holdout15.csv")
PLACE_QUOTA = (("LY", 40), ("TN", 40), ("MT", 15), ("IT", 30))   # GeoNames places drawn besides the written ones
N_AIS = 130
N_SYNTH_AR, N_SYNTH_LAT = 90, 50

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h15.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout16.csv", "q", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (oil terminals, fields, refineries, ports, anchorages and "
             "ship-to-ship areas of embargo work)", h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
