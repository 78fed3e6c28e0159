"""Build the sixth held-out screening set tests/fixtures/screening_eval/holdout6.csv.

    python scripts/build_screening_holdout6.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-5.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout6"), split ``holdout6``. Written and
labelled from the list files while another session changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs: those of holdout5's builder (its docstring), for this set: holdout6_positives.psv and
holdout6_negatives.psv (queries written for this set, drawn first from entries none of the five
earlier sets expects), and places, AIS identities and synthetic people the five earlier sets did not
use; the same list files, parsed by holdout2's own parser.

Label checks, all by exact identifiers and normalised names (holdout2's ``key``: diacritics, case,
Arabic letter variants, al-/el-/bin/ben/ال and word order do not count), never by a fuzzy matcher:
- holdout5's checks: every expected id exists and is of the row's kind; the same person, body or
  vessel on the other list is added (holdout3's twin rule, except the pairs in ``NOT_TWINS``);
  ``qualifiers`` rows must single out their entry by year of birth or IMO; a negative is dropped
  when its query or the Latin reading in its note is a listed name or alias, or when it carries a
  listed IMO or MMSI; an AIS identity carrying a listed IMO or MMSI becomes a positive;
- new here: a positive (not ``qualifiers``) whose normalised query is also a listed name of an
  entry of the same kind that it does not expect (and that is not one of its twins) is dropped
  (printed): such a query names two entries and cannot say which one is meant;
- a row whose normalised query is already a query of eval_set.csv or holdout2-5.csv is dropped
  (printed), so the six sets share no query;
- the other list's entry for the same person, body or vessel that the twin rule cannot find (the
  lists write the name differently, or the dates of birth differ) is written into the row's expected
  ids by hand after reading both entries, and the row's note says so.

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

SPLIT = "holdout6"
SEED = 20261208
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv", "holdout5.csv")
PLACE_QUOTA = (("LY", 25), ("TN", 35), ("MT", 15), ("IT", 15))   # GeoNames places drawn besides the written ones
N_AIS = 140
N_SYNTH_AR, N_SYNTH_LAT = 45, 35

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h5.NOT_TWINS)


def ambiguity_checker(check, by_id: dict[str, dict], by_key: dict[str, list[str]]):
    """Wrap ``check_positive``: after it (twins added), drop a positive whose normalised query is a
    listed name of another entry of the same kind that the row does not expect."""
    def check_positive(r: dict) -> bool:
        if not check(r):
            return False
        if r["category"] == "qualifiers":
            return True
        exp = r["expected"].split()
        kinds = {by_id[i]["type"] for i in exp}
        others = [i for i in by_key.get(h2.key(r["query"]), []) if i not in exp and by_id[i]["type"] in kinds]
        if others:
            print(f"dropped positive {r['query']!r}: also a name of {sorted(set(others))[:6]} "
                  f"({by_id[others[0]]['names'][0]})", file=sys.stderr)
            return False
        return True
    return check_positive


def main() -> int:
    args = h2.cli_args(__doc__)
    h5.build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout6.csv", "s", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
             N_SYNTH_LAT, NOT_TWINS, "written for this set (place names of Libya, Tunisia, Malta and Italy)",
             ambiguity_checker)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
