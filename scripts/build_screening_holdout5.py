"""Build the fifth held-out screening set tests/fixtures/screening_eval/holdout5.csv.

    python scripts/build_screening_holdout5.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-4.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout5"), split ``holdout5``. Written and
labelled from the list files while another session changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Inputs (as for holdout3 and holdout4, whose helpers this builder reuses):
- holdout5_positives.psv / holdout5_negatives.psv (this folder): queries written for this set, each
  labelled by reading the lists (expected entry ids for positives), drawn first from entries none of
  the four earlier sets expects;
- ../shared/data/reports/geonames_central_med_places_ar.csv: places the four earlier sets did not use;
- real AIS vessel identities the four earlier sets did not take;
- Wikidata name tokens (NETransliteration-COLING2018) paired with this set's seed -> synthetic people;
- the lists: UN consolidated list 2025-04-19 (XML) and OFAC SDN 2024-05-03 (sdn.csv), parsed by
  holdout2's own parser (not seasentry's loaders).

Label checks, all by exact identifiers and normalised names (holdout2's ``key``: diacritics, case,
Arabic letter variants, al-/el-/bin/ben/ال and word order do not count), never by a fuzzy matcher:
- every expected id exists, and its entry is of the row's kind (a person for person rows, an
  organisation for org rows, a vessel for vessel rows); the same person, body or vessel on the other
  list is added (holdout3's twin rule); ``qualifiers`` rows must single out their entry by year of
  birth or IMO (holdout3's check);
- a negative is dropped (printed) when its query, or the Latin reading in its note
  (``Latin: ...``), is a listed name or alias, or when it carries a listed IMO or MMSI; an AIS
  identity carrying a listed IMO or MMSI becomes a positive of that entry;
- a row whose normalised query is already a query of eval_set.csv, holdout2.csv, holdout3.csv or
  holdout4.csv is dropped (printed), so the five sets share no query.

``--review`` prints, for a person to read, each negative's nearest listed name and each positive's
nearest name in its expected entries (rapidfuzz token_sort_ratio: a labelling aid only).
Deterministic (fixed seed, sorted inputs); prints counts and the file's SHA-1.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout3 as h3  # noqa: E402  (hand rows, twins on the other list, qualifier check)

OUT = h2.OUT
SPLIT = "holdout5"
SEED = 20261207
EARLIER = ("eval_set.csv", "holdout2.csv", "holdout3.csv", "holdout4.csv")
PLACE_QUOTA = (("LY", 20), ("TN", 30), ("MT", 10), ("IT", 10))   # GeoNames places drawn besides the written ones
N_AIS = 130
N_SYNTH_AR, N_SYNTH_LAT = 40, 30

# the kind of entry each positive category must expect
KINDS = {"person_latin": {"person"}, "person_arabic": {"person"}, "org": {"org"}, "vessel": {"vessel"}}

# pairs the twin rule (a shared name, or two rare words and a year of birth) must not join, found by
# reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = {
    frozenset({"un-QDi.345", "ofac-21667"}):
        "Omar al-Shishani (Batirashvili, b. 1986-01-11) is not Muhammad Hadi al-Anzi (b. 1986-05-26)",
    frozenset({"ofac-16476", "un-QDe.143"}):
        "Ansar al-Sharia in Darnah (Libya) is not Ansar al-Sharia in Tunisia: they share an alias only",
    frozenset({"un-QDe.130", "ofac-4696"}):
        "Harakat-ul Jihad Islami is not Harakat ul-Mujahideen: they share the alias HUA only",
}


def latin_readings(note: str) -> list[str]:
    """The Latin readings a row's note gives (``Latin: ...`` up to ``;`` or the end)."""
    return [x.strip() for x in re.findall(r"Latin: ([^;(]+)", note or "") if x.strip()]


def check_negatives(rows: list[dict], listed: dict[str, str]) -> list[dict]:
    """Drop (and print) written negatives whose Latin reading is a listed name; the query itself,
    IMO and MMSI are checked by holdout2's ``label_rows``."""
    out = []
    for r in rows:
        if r["label"] == "neg":
            hit = next((g for g in latin_readings(r["note"]) if h2.key(g) in listed), None)
            if hit:
                print(f"dropped negative {r['query']!r}: its reading {hit!r} is a name of {listed[h2.key(hit)]}",
                      file=sys.stderr)
                continue
        out.append(r)
    return out


def build(data: Path, review: bool, split: str, seed: int, earlier_files: tuple[str, ...], out_name: str, prefix: str,
          place_quota: tuple[tuple[str, int], ...], n_ais: int, n_synth_ar: int, n_synth_lat: int,
          not_twins: dict[frozenset, str], place_source: str, wrap_check=None) -> None:
    """Build a held-out set the way this one is built (holdout6's builder calls it too): the written
    rows of ``split`` (negatives checked by their Latin readings), GeoNames places (``place_quota``
    per country), synthetic people and AIS identities the ``earlier_files`` sets and the written rows
    did not use, labelled from the lists; ``wrap_check(check, by_id, by_key)`` may wrap the check of
    a positive with more checks."""
    ents, by_id, listed, by_key, imos, mmsis = h3.lists_index(data)
    earlier, earlier_q = h3.earlier_index(earlier_files)

    hand = h3.hand_rows(split)
    for r in hand:   # written places: their own source line
        if r["category"] == "place":
            r["source"] = place_source
    rng = random.Random(seed)
    rows = check_negatives(hand, listed)
    # generated rows avoid the written ones too
    taken = set(earlier) | {h2.key(r["query"]) for r in hand}
    by_cc: dict[str, list[dict]] = {}
    for r in h2.place_rows(data / "reports", taken, rng):
        by_cc.setdefault(r["note"][:2], []).append(r)
    for cc, n in place_quota:
        rows += by_cc.get(cc, [])[:n]
    rows += h2.synthetic_rows(data / "names", taken, rng, n_ar=n_synth_ar, n_lat=n_synth_lat)
    rows += h2.ais_rows(data, taken, rng, set(imos) | set(mmsis), n=n_ais)

    check = h3.positive_checker(ents, by_id, by_key, not_twins, KINDS)
    if wrap_check is not None:
        check = wrap_check(check, by_id, by_key)
    out = h2.label_rows(rows, by_id, imos, mmsis, listed, earlier, earlier_q, split, "/".join(earlier_files), check)
    if review:
        h2.review(out, ents)
    h2.write_set(out, OUT / out_name, prefix)


def main() -> int:
    args = h2.cli_args(__doc__)
    build(Path(args.data), args.review, SPLIT, SEED, EARLIER, "holdout5.csv", "v", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
          N_SYNTH_LAT, NOT_TWINS, "written for this set (place names of Libya and Tunisia)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
