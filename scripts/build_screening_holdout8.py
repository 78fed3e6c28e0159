"""Build the eighth held-out screening set tests/fixtures/screening_eval/holdout8.csv.

    python scripts/build_screening_holdout8.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-7.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout8"), split ``holdout8``. Written and
labelled from the list files while another session changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs: those of holdout5's builder (its docstring), for this set: holdout8_positives.psv and
holdout8_negatives.psv (queries written for this set, drawn first from entries none of the seven
earlier sets expects), and places, AIS identities and synthetic people the seven earlier sets did not
use; the same list files, parsed by holdout2's own parser.

Label checks: holdout6's (its builder's docstring), all by exact identifiers and normalised names,
never by a fuzzy matcher: holdout5's checks (expected ids exist and are of the row's kind, twins on
the other list added by holdout3's rule except the pairs in ``NOT_TWINS``, ``qualifiers`` rows single
out their entry, negatives written as a listed name or carrying a listed IMO/MMSI dropped), a
positive whose normalised query also names another listed entry of the same kind is dropped
(holdout6's ``ambiguity_checker``), and a row repeating a query of eval_set.csv or holdout2-7.csv is
dropped, so the eight sets share no query. Twins the rule cannot find were written into the rows by
hand after reading both entries, and the row's note says so.

``--review`` prints, for a person to read, each negative's nearest listed name and each positive's
nearest name in its expected entries (rapidfuzz token_sort_ratio: a labelling aid only).
Deterministic (fixed seed, sorted inputs); prints counts and the file's SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout7 as h7  # noqa: E402  (its refused twins)

SPLIT = "holdout8"
SEED = 20261210
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv")
PLACE_QUOTA = (("LY", 40), ("TN", 60), ("MT", 25), ("IT", 25))   # GeoNames places drawn besides the written ones
N_AIS = 190
N_SYNTH_AR, N_SYNTH_LAT = 55, 45

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h7.NOT_TWINS)
NOT_TWINS[frozenset({"ofac-10010", "un-QDi.339"})] = (
    "Jaber al-Jalahma (Kuwait, b. 1959-09-24; the UN's un-QDi.237) is not Abd al-Rahman al-Qaduli (Abu Ala "
    "al-Afri, ISIL, b. 1957/1959): they share the kunya Abu Muhammad and the year 1959 only")


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout8.csv", "x", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (place names of Libya, Tunisia, Malta and Italy)",
             h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
