"""Build the fourth held-out screening set tests/fixtures/screening_eval/holdout4.csv.

    python scripts/build_screening_holdout4.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv, holdout2.csv and holdout3.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout4"), split ``holdout4``. Written and
labelled before the fourth round of matcher changes (issue 15), without running seasentry's
screening on its rows, and scored once after that round.

Inputs (as for holdout3, whose builder this one reuses):
- holdout4_positives.psv / holdout4_negatives.psv (this folder): queries written for this set, each
  labelled by reading the lists (expected entry ids for positives), drawn first from entries the
  earlier sets do not expect;
- ../shared/data/reports/geonames_central_med_places_ar.csv: places the three earlier sets did not use;
- real AIS vessel identities the three earlier sets did not take;
- Wikidata name tokens (NETransliteration-COLING2018) paired with this set's seed -> synthetic people;
- the lists: UN consolidated list 2025-04-19 (XML) and OFAC SDN 2024-05-03 (sdn.csv), parsed by
  holdout2's own parser (not seasentry's loaders): every expected id checked, the same person's
  entry on the other list added, ``qualifiers`` rows checked to single out their entry, negatives
  written as a listed name dropped, AIS identities carrying a listed IMO or MMSI made positives.

Rows whose normalised text already occurs in eval_set.csv, holdout2.csv or holdout3.csv are dropped
(printed), so the four sets share no query. Deterministic (fixed seed, sorted inputs).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout3 as h3  # noqa: E402  (twins on the other list, qualifier check)

SPLIT = "holdout4"
SEED = 20261206
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv")

# Entries the twin rule of holdout3's builder (two rare words and a year of birth in common) would
# take for the same person, which reading both entries shows are not: other people.
NOT_TWINS = {
    frozenset({"un-QDi.339", "ofac-10010"}): "al-Qaduli (b. 1957/1959) is not Jaber al-Jalahmah (b. 1959)",
    frozenset({"ofac-16498", "un-QDi.237"}): "al-Qaduli (b. 1957/1959) is not Jaber al-Jalahmah (b. 1959)",
    frozenset({"un-QDi.276", "ofac-10727"}): "Akram Turki and Ghazy Fezza Hishan al-Mazidih are brothers",
    frozenset({"ofac-10728", "un-QDi.277"}): "Akram Turki and Ghazy Fezza Hishan al-Mazidih are brothers",
}


def main() -> int:
    args = h2.cli_args(__doc__)
    h3.build(Path(args.data), args.review, SPLIT, SEED, h3.hand_rows(SPLIT), EARLIER, "holdout4.csv", "f", NOT_TWINS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
