"""Build the twenty-first held-out screening set tests/fixtures/screening_eval/holdout21.csv.

    python scripts/build_screening_holdout21.py [--data ../shared/data] [--review] [--sample]

Same columns and categories as eval_set.csv and holdout2-20.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout21"), split ``holdout21``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

holdout21 is the SECOND representative sample of the ordinary daily workload issue 15 describes,
drawn exactly the way holdout20 was (its ``MUSLIM_PARTS`` classification, its strata in the same
shares, its writing conventions) with a NEW seed (``ENTITY_SEED``) and with every entity holdout20
drew (or any earlier set expects) excluded from the new-entity pools; the vessel pool (every listed
vessel was expected by an earlier set) and the Arab-people reuse pool exclude holdout20's draw, so
the coordinator can compare two independent representative samples. The queries for each drawn
entity were written by hand in holdout21_positives.psv (one or two each, in the usual forms).

Inputs and label checks: those of holdout20's builder (holdout19's, ..., holdout5's: their
docstrings), with holdout21_positives.psv and holdout21_negatives.psv; the generated rows (GeoNames
places, synthetic people) are those the earlier sets did not use; a row repeating a query of
eval_set.csv or holdout2-20.csv is dropped, so the twenty-one sets share no query. Refused twins:
holdout20's.

``--sample`` prints the entity draw and exits. ``--review``: holdout7's reading aid (rapidfuzz), never
a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout20 as h20  # noqa: E402  (its sampler's classification, programmes, refused twins)

SPLIT = "holdout21"
SEED = 20261207
EARLIER = h20.EARLIER + ("holdout20.csv",)
# GeoNames places drawn besides the written ones: quotas above what is left, so all that the earlier sets did not
# use are taken (Tunisia 56, Malta 16, Sicily/Italy 50; no Libyan place is left)
PLACE_QUOTA = (("LY", 5), ("TN", 90), ("MT", 30), ("IT", 60))
N_AIS = 130   # none left (holdout20's note): the AIS identities of the corpora were all taken by earlier sets
N_SYNTH_AR, N_SYNTH_LAT = 120, 60

NOT_TWINS: dict[frozenset, str] = dict(h20.NOT_TWINS)

# --------------------------------------------------------------------------- the entity draw
ENTITY_SEED = 20261208
# holdout20's strata in the same shares (people 55%, half Arab/Muslim; organisations 30%; vessels 15%),
# scaled to the hour this set was written in
STRATA = (("p_arab", 36), ("p_other", 36), ("org", 40), ("vessel", 20))
P_ARAB_TOTAL = 36


def sample_entities(data: Path) -> list[dict]:
    """The seeded, stratified draw of listed entities the written positives were written for:
    holdout20's sampler with a new seed, every entry an earlier set (holdout20 included) expects left
    out of the new pools, and holdout20's own entities left out of the reuse pools (vessels, Arab people)."""
    return h20.sample_entities(data, EARLIER, h20.drawn_ids("holdout20.csv"), STRATA, P_ARAB_TOTAL, ENTITY_SEED)


def main() -> int:
    return h20.run(__doc__, sample_entities, SPLIT, SEED, EARLIER, "holdout21.csv", "e", PLACE_QUOTA, N_AIS,
                   N_SYNTH_AR, N_SYNTH_LAT, NOT_TWINS)


if __name__ == "__main__":
    raise SystemExit(main())
