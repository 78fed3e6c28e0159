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

import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout3 as h3  # noqa: E402  (twins on the other list, qualifier check)

OUT = h2.OUT
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


def hand_rows() -> list[dict]:
    out = []
    for r in h2._psv(OUT / "holdout4_positives.psv"):
        cat, q, typ, dob, country, imo, mmsi, flag, expected, note = (r + [""] * 10)[:10]
        out.append(dict(label="pos", category=cat, query=q, type=typ, dob=dob, country=country, imo=imo, mmsi=mmsi,
                        flag=flag, expected=" ".join(expected.split()), source="written for this set", note=note))
    for r in h2._psv(OUT / "holdout4_negatives.psv"):
        cat, q, typ, dob, country, imo, mmsi, flag, note = (r + [""] * 9)[:9]
        out.append(dict(label="neg", category=cat, query=q, type=typ, dob=dob, country=country, imo=imo, mmsi=mmsi,
                        flag=flag, expected="", source="written for this set", note=note))
    return out


def main() -> int:
    args = h2.cli_args(__doc__)
    data = Path(args.data)
    ents = h2.load_lists(data)
    by_id = {e["id"]: e for e in ents}
    listed: dict[str, str] = {}
    by_key: dict[str, list[str]] = {}
    for e in ents:
        for n in e["names"]:
            listed.setdefault(h2.key(n), e["id"])
            by_key.setdefault(h2.key(n), []).append(e["id"])
    imos = {e["imo"]: e["id"] for e in ents if e["imo"]}
    mmsis = {e["mmsi"]: e["id"] for e in ents if e["mmsi"]}
    earlier_rows = [r for f in EARLIER for r in csv.DictReader((OUT / f).open(encoding="utf-8"))]
    earlier = {h2.key(r["query"]): r["qid"] for r in earlier_rows}
    earlier_q = {(h2.key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]): r["qid"]
                 for r in earlier_rows}

    rng = random.Random(SEED)
    rows = hand_rows()
    quota_rows = h2.place_rows(data / "reports", set(earlier), rng)
    by_cc: dict[str, list[dict]] = {}
    for r in quota_rows:
        by_cc.setdefault(r["note"][:2], []).append(r)
    for cc, n in (("LY", 40), ("TN", 60), ("MT", 25), ("IT", 25)):
        rows += by_cc.get(cc, [])[:n]
    rows += h2.synthetic_rows(data / "names", set(earlier), rng, n_ar=40, n_lat=30)
    rows += h2.ais_rows(data, set(earlier), rng, set(imos) | set(mmsis), n=140)

    def check_positive(r: dict) -> bool:
        exp = r["expected"].split()
        for eid in list(exp):
            for t in h3.twins(eid, by_id, by_key):
                if frozenset({eid, t}) in NOT_TWINS:
                    continue
                if t not in exp:
                    exp.append(t)
                    print(f"{r['query']!r}: added {t} ({by_id[t]['names'][0]}), the same as {eid}", file=sys.stderr)
        r["expected"] = " ".join(exp)
        if r["category"] == "qualifiers":
            why = h3.qualifier_check(r, ents)
            if why:
                print(f"dropped qualifier row {r['query']!r} {r['dob'] or r['imo']}: {why}", file=sys.stderr)
                return False
        return True

    out = h2.label_rows(rows, by_id, imos, mmsis, listed, earlier, earlier_q, SPLIT, "/".join(EARLIER),
                        check_positive)
    if args.review:
        h2.review(out, ents)
    h2.write_set(out, OUT / "holdout4.csv", "f")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
