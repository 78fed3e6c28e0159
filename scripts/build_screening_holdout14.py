"""Build the fourteenth held-out screening set tests/fixtures/screening_eval/holdout14.csv.

    python scripts/build_screening_holdout14.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-13.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout14"), split ``holdout14``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout13's builder (holdout12's, ..., their docstrings), with
holdout14_positives.psv and holdout14_negatives.psv, written by hand row by row the way names reach
the system's users from shipping and compliance data: AIS vessel names (6-bit character set, '@'
padding, 20-character cut, glued syllables, NO./digits/words for numbers), Equasis/IHS-style
register entries of ship owners, managers and traders (SHPG, MGMT, TRDG, CO LTD, place in brackets),
DPRK people in several Korean romanisations and Hangul, Chinese people in pinyin, Wade-Giles and Han
characters, Iranian people and bodies in Persian letters, Turkish letters; every positive but the
vessel rows expects entries no earlier set expects (every listed vessel was expected by an earlier
set, so the vessel rows reuse them in forms no earlier set used). The generated rows (GeoNames
places, AIS identities, synthetic people) are those the earlier sets did not use; a row repeating a
query of eval_set.csv or holdout2-13.csv is dropped, so the fourteen sets share no query. Refused
twins: holdout13's (i.e. holdout12's).

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout13 as h13  # noqa: E402  (its refused twins)

SPLIT = "holdout14"
SEED = 20261217   # 20261216 drew the synthetic person ريان جون, whose Latin reading (Ryan John) is a listed name
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv", "holdout12.csv",
           "holdout13.csv")
PLACE_QUOTA = (("LY", 40), ("TN", 40), ("MT", 20), ("IT", 30))   # GeoNames places drawn besides the written ones
N_AIS = 150
N_SYNTH_AR, N_SYNTH_LAT = 80, 40

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h13.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout14.csv", "n", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (ports, terminals, anchorages and shipping places of "
             "the Central Mediterranean)", h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
