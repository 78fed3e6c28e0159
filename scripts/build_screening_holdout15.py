"""Build the fifteenth held-out screening set tests/fixtures/screening_eval/holdout15.csv.

    python scripts/build_screening_holdout15.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-14.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout15"), split ``holdout15``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout14's builder (holdout13's, ..., their docstrings), with
holdout15_positives.psv and holdout15_negatives.psv, written by hand row by row the way names reach
the system's users in search-and-rescue, border and investigation work in the Central
Mediterranean: Italian court records and police reports (SURNAME first, "nato a ... il ...", "detto",
"alias", "classe"), French- and English-language documents of African names (Somali orthography and
its English spelling, ould, Tigrinya spellings, South Sudanese names), Maghrebi bin/ben chains,
nicknames alone, part of a name, Arabic script; armed and criminal groups in several languages.
Every positive expects an entry no earlier set expects. The generated rows (GeoNames places, AIS
identities, synthetic people) are those the earlier sets did not use; a row repeating a query of
eval_set.csv or holdout2-14.csv is dropped, so the fifteen sets share no query. Refused twins:
holdout14's (i.e. holdout12's).

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout14 as h14  # noqa: E402  (its refused twins)

SPLIT = "holdout15"
SEED = 20261218
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv", "holdout12.csv",
           "holdout13.csv", "holdout14.csv")
PLACE_QUOTA = (("LY", 40), ("TN", 30), ("MT", 10), ("IT", 20))   # GeoNames places drawn besides the written ones
N_AIS = 120
N_SYNTH_AR, N_SYNTH_LAT = 80, 40

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h14.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout15.csv", "p", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (ports, towns, islands, districts and camps on the "
             "Central Mediterranean routes)", h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
