"""Build the twenty-second held-out screening set tests/fixtures/screening_eval/holdout22.csv.

    python scripts/build_screening_holdout22.py [--data ../shared/data] [--review] [--sample]

Same columns and categories as eval_set.csv and holdout2-21.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout22"), split ``holdout22``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

holdout22 is the THIRD representative sample of the ordinary daily workload issue 15 describes,
drawn exactly the way holdout20 and holdout21 were (holdout20's sampler: its ``MUSLIM_PARTS``
classification, its strata in the same shares as holdout21, the same writing conventions) with a NEW
seed (``ENTITY_SEED``) and with every entity holdout20 or holdout21 drew (or any earlier set expects)
excluded from the new-entity pools; the vessel pool and the Arab-people reuse pool exclude holdout20's
and holdout21's draws. The queries for each drawn entity were written by hand in holdout22_positives.psv
(one or two each, in the usual forms).

Inputs and label checks: those of holdout21's builder (holdout20's, ..., holdout5's: their
docstrings), with holdout22_positives.psv and holdout22_negatives.psv; the generated rows (GeoNames
places, synthetic people) are those the earlier sets did not use; a row repeating a query of
eval_set.csv or holdout2-21.csv is dropped, so the twenty-two sets share no query. Refused twins:
holdout21's.

``--sample`` prints the entity draw and exits. ``--review``: holdout7's reading aid (rapidfuzz), never
a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout20 as h20  # noqa: E402  (the sampler and its classification)
import build_screening_holdout21 as h21  # noqa: E402  (its earlier sets, generated-row quotas, refused twins)

SPLIT = "holdout22"
SEED = 20261209
EARLIER = h21.EARLIER + ("holdout21.csv",)
PLACE_QUOTA = h21.PLACE_QUOTA   # all GeoNames places the earlier sets did not use (few or none are left)
N_AIS = h21.N_AIS               # none left: the AIS identities of the corpora were all taken by earlier sets
N_SYNTH_AR, N_SYNTH_LAT = h21.N_SYNTH_AR, h21.N_SYNTH_LAT

NOT_TWINS: dict[frozenset, str] = dict(h21.NOT_TWINS)

# --------------------------------------------------------------------------- the entity draw
ENTITY_SEED = 20261210
# holdout21's strata (holdout20's shares: people 55%, half Arab/Muslim; organisations 30%; vessels 15%)
STRATA = h21.STRATA
P_ARAB_TOTAL = h21.P_ARAB_TOTAL   # entries an earlier set expects fill up what the unexpected ones lack


def sample_entities(data: Path) -> list[dict]:
    """The seeded, stratified draw of listed entities the written positives were written for:
    holdout20's sampler with a new seed, every entry an earlier set (holdout20 and holdout21 included)
    expects left out of the new pools, and holdout20's and holdout21's own entities left out of the
    reuse pools (vessels, Arab people)."""
    return h20.sample_entities(data, EARLIER, h20.drawn_ids("holdout20.csv", "holdout21.csv"), STRATA, P_ARAB_TOTAL,
                               ENTITY_SEED)


def main() -> int:
    return h20.run(__doc__, sample_entities, SPLIT, SEED, EARLIER, "holdout22.csv", "f", PLACE_QUOTA, N_AIS,
                   N_SYNTH_AR, N_SYNTH_LAT, NOT_TWINS)


if __name__ == "__main__":
    raise SystemExit(main())
