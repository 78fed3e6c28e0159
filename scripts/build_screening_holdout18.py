"""Build the eighteenth held-out screening set tests/fixtures/screening_eval/holdout18.csv.

    python scripts/build_screening_holdout18.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-17.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout18"), split ``holdout18``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs and label checks: those of holdout17's builder (holdout16's, ..., their docstrings), with
holdout18_positives.psv and holdout18_negatives.psv, written by hand row by row the way names reach
the system's users in ASSET-FREEZE, FINANCIAL-INTELLIGENCE and CORPORATE-OWNERSHIP work: payment
messages (SWIFT MT103 / ISO 20022 name fields in upper case, cut at 35 characters, account numbers or
BICs before or after the name, MR/MRS prefixes, no diacritics), exchange-house and hawala ledger
lines; company registries and beneficial-ownership filings of Cyprus, Malta, the UK, the UAE, Turkey,
Hong Kong and the Marshall Islands (officers as 'SURNAME, Given Middle', nominee directors, trustees,
shareholders with their country in brackets, registry numbers, Turkish and Emirati legal-form
abbreviations, 'formerly'); ship-ownership lines (one-ship companies, tonnage, flag); family members
and associates (wives with their husbands' names, sons and fathers); press copies in German, French,
Spanish, Russian, Serbian/Macedonian Cyrillic, Greek and Arabic/Persian script. Every positive except
the reused vessels expects an entry no earlier set expects. The generated rows (GeoNames places, AIS
identities, synthetic people) are those the earlier sets did not use; a row repeating a query of
eval_set.csv or holdout2-17.csv is dropped, so the eighteen sets share no query. Refused twins:
holdout17's (i.e. holdout12's).

``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout17 as h17  # noqa: E402  (its refused twins)

SPLIT = "holdout18"
SEED = 20261221
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv", "holdout6.csv",
           "holdout7.csv", "holdout8.csv", "holdout9.csv", "holdout10.csv", "holdout11.csv", "holdout12.csv",
           "holdout13.csv", "holdout14.csv", "holdout15.csv", "holdout16.csv", "holdout17.csv")
PLACE_QUOTA = (("LY", 45), ("TN", 45), ("MT", 15), ("IT", 30))   # GeoNames places drawn besides the written ones
N_AIS = 130
N_SYNTH_AR, N_SYNTH_LAT = 110, 50

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h17.NOT_TWINS)


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout18.csv", "b", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (places of corporate, banking and free-zone addresses "
             "in asset-freeze and ownership work)", h6.ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
