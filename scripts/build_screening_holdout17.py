"""Build the seventeenth held-out screening set tests/fixtures/screening_eval/holdout17.csv.

    python scripts/build_screening_holdout17.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-16.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout17"), split ``holdout17``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout16's builder (holdout15's, ..., their docstrings), with
holdout17_positives.psv and holdout17_negatives.psv, written by hand row by row the way names reach
the system's users in border-control and port documents and in hurried operator typing: passport
machine-readable zones (ICAO Doc 9303: SURNAME<<GIVEN<NAMES, fillers, no diacritics; Russian names in
the ICAO transliteration of Russian passports, Ukrainian and Belarusian national transliterations,
Turkish letters flattened), visual zones, crew lists and passenger manifests (FAL forms: nationality
and date of birth beside the name), lower-case typing and slips, names heard over the phone or VHF;
companies as bills of lading and customs declarations write them (TO THE ORDER OF, C/O, FOR AND ON
BEHALF OF, city and P.O. box glued on); vessels as a port agent's one-line particulars (IMO, call
sign, flag) and VHF calls give them. Every positive except the reused vessels expects an entry no
earlier set expects. The generated rows (GeoNames places, AIS identities, synthetic people) are those
the earlier sets did not use; a row repeating a query of eval_set.csv or holdout2-16.csv is dropped,
so the seventeen sets share no query. Refused twins: holdout16's (i.e. holdout12's).

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout16 as h16  # noqa: E402  (its refused twins)

SPLIT = "holdout17"
SEED = 20261220
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv", "holdout12.csv",
           "holdout13.csv", "holdout14.csv", "holdout15.csv", "holdout16.csv")
PLACE_QUOTA = (("LY", 40), ("TN", 40), ("MT", 15), ("IT", 30))   # GeoNames places drawn besides the written ones
N_AIS = 130
N_SYNTH_AR, N_SYNTH_LAT = 100, 50

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h16.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout17.csv", "r", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (ports, berths, anchorages, border posts and airports of "
             "port and border-control documents)", h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
