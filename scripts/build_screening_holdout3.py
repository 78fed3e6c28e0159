"""Build the third held-out screening set tests/fixtures/screening_eval/holdout3.csv.

    python scripts/build_screening_holdout3.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout3"), split ``holdout3``. Written and
labelled before the third round of matcher changes, without running seasentry's screening on its
rows, and scored once after that round.

Inputs:
- holdout3_positives.psv / holdout3_negatives.psv (this folder): queries written for this set, each
  labelled by reading the lists (expected entry ids for positives);
- ../shared/data/reports/geonames_central_med_places_ar.csv: places the first two sets did not use;
- real AIS vessel identities the first two sets did not take (same corpora as holdout2's reader);
- Wikidata name tokens (NETransliteration-COLING2018) paired with another seed -> synthetic people;
- the lists: UN consolidated list 2025-04-19 (XML) and OFAC SDN 2024-05-03 (sdn.csv), parsed by
  holdout2's own parser (not seasentry's loaders) to check every expected id, to add the same
  person's entry on the other list (same normalised name and an overlapping year of birth), to
  check that a ``qualifiers`` row's date of birth or IMO singles out its expected entry among the
  entries carrying the name, that no negative is written as a listed name and that no AIS identity
  carries a listed IMO or MMSI.

Rows whose normalised text already occurs in eval_set.csv or holdout2.csv are dropped (printed),
so the three sets share no query. Deterministic (fixed seed, sorted inputs).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)

ROOT = h2.ROOT
OUT = h2.OUT
COLUMNS = h2.COLUMNS
SPLIT = "holdout3"
SEED = 20261205


def hand_rows(name: str = SPLIT) -> list[dict]:
    """The written rows of a set: ``<name>_positives.psv`` and ``<name>_negatives.psv``."""
    out = []
    for r in h2._psv(OUT / f"{name}_positives.psv"):
        cat, q, typ, dob, country, imo, mmsi, flag, expected, note = (r + [""] * 10)[:10]
        out.append(dict(label="pos", category=cat, query=q, type=typ, dob=dob, country=country, imo=imo, mmsi=mmsi,
                        flag=flag, expected=" ".join(expected.split()), source="written for this set", note=note))
    for r in h2._psv(OUT / f"{name}_negatives.psv"):
        cat, q, typ, dob, country, imo, mmsi, flag, note = (r + [""] * 9)[:9]
        out.append(dict(label="neg", category=cat, query=q, type=typ, dob=dob, country=country, imo=imo, mmsi=mmsi,
                        flag=flag, expected="", source="written for this set", note=note))
    return out


def _years(dobs: list[str]) -> set[str]:
    return {y for d in dobs for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", d)}


_DF: dict[str, int] = {}


def _rare_words(e: dict, by_id: dict[str, dict]) -> set[str]:
    if not _DF:
        for x in by_id.values():
            for w in {w for n in x["names"] for w in h2.key(n).split()}:
                _DF[w] = _DF.get(w, 0) + 1
    return {w for n in e["names"] for w in h2.key(n).split() if len(w) >= 4 and _DF.get(w, 0) <= 10}


def twins(eid: str, by_id: dict[str, dict], by_key: dict[str, list[str]]) -> list[str]:
    """The same person, organisation or vessel on the other list: an entry of the same kind
    sharing a normalised name with ``eid`` and, for people, a year of birth (when both give one);
    for vessels, the IMO (when both give one)."""
    e = by_id[eid]
    out = []
    for n in e["names"]:
        for other in by_key.get(h2.key(n), []):
            o = by_id[other]
            if other == eid or other in out or o["type"] != e["type"] or other.split("-")[0] == eid.split("-")[0]:
                continue
            if e["type"] == "person" and _years(e["dob"]) and _years(o["dob"]) and \
                    not (_years(e["dob"]) & _years(o["dob"])):
                continue
            if e["type"] == "vessel" and e["imo"] and o["imo"] and e["imo"] != o["imo"]:
                continue
            out.append(other)
    if e["type"] == "person" and _years(e["dob"]):
        # the other list writes the name another way (ALI HASSAN AL-MAJID AL-TIKRITI / AL-TIKRITI,
        # Ali Hassan al-Majid): two informative words in common and a common year of birth
        # words held by at most 10 entries: given names such as Mohammed, Ahmad, Abdullah do not count
        words = _rare_words(e, by_id)
        for o in by_id.values():
            if o["id"] in out or o["id"] == eid or o["type"] != "person" or \
                    o["id"].split("-")[0] == eid.split("-")[0] or not (_years(e["dob"]) & _years(o["dob"])):
                continue
            if len(words & _rare_words(o, by_id)) >= 2:
                out.append(o["id"])
    return out


def qualifier_check(r: dict, ents: list[dict]) -> str:
    """'' when the row's date of birth (year, or full date) or IMO singles out its expected entries
    among the entries holding every word of the name; else what is wrong."""
    toks = h2.key(r["query"]).split()
    holders = [e for e in ents if any(all(t in h2.key(n).split() for t in toks) for n in e["names"])]
    exp = set(r["expected"].split())
    if r["imo"]:
        fit = {e["id"] for e in holders if e["imo"] == r["imo"]}
    else:
        year = r["dob"][:4]
        fit = {e["id"] for e in holders if year in _years(e["dob"])}
    if not fit & exp:
        return f"no expected entry fits ({sorted(exp)}; holders {[e['id'] for e in holders][:8]})"
    if fit - exp:
        return f"other entries fit too: {sorted(fit - exp)}"
    if len(holders) < 2:
        return "the name is held by one entry only (nothing to rank)"
    return ""


def lists_index(data: Path) -> tuple[list[dict], dict[str, dict], dict[str, str], dict[str, list[str]],
                                      dict[str, str], dict[str, str]]:
    """The two lists parsed by holdout2's parser, and their look-ups: entries, entry by id, first
    entry holding each normalised name, every entry holding it, entry by IMO, entry by MMSI."""
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
    return ents, by_id, listed, by_key, imos, mmsis


def earlier_index(earlier_files: tuple[str, ...]) -> tuple[dict[str, str], dict[tuple, str]]:
    """The queries of the earlier sets: normalised text -> qid, and qualifier signature (text, date of
    birth, nationality, IMO, MMSI, flag) -> qid."""
    earlier_rows = [r for f in earlier_files for r in csv.DictReader((OUT / f).open(encoding="utf-8"))]
    earlier = {h2.key(r["query"]): r["qid"] for r in earlier_rows}
    earlier_q = {(h2.key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]): r["qid"]
                 for r in earlier_rows}
    return earlier, earlier_q


def positive_checker(ents: list[dict], by_id: dict[str, dict], by_key: dict[str, list[str]], not_twins: dict,
                     kinds: dict[str, set[str]] | None = None):
    """``check_positive(row)`` for h2.label_rows: adds the same entry on the other list (``twins``,
    except the pairs in ``not_twins``), drops a ``qualifiers`` row that does not single out its
    entry; with ``kinds`` (category -> entry types), refuses an expected entry of another kind."""
    def check_positive(r: dict) -> bool:
        want = (kinds or {}).get(r["category"])
        wrong = [i for i in r["expected"].split() if want and by_id[i]["type"] not in want]
        if wrong:
            raise SystemExit(f"positive {r['query']!r} ({r['category']}): {wrong} are not of kind {want}")
        exp = r["expected"].split()
        for eid in list(exp):
            for t in twins(eid, by_id, by_key):
                if frozenset({eid, t}) in not_twins:
                    continue
                if t not in exp:
                    exp.append(t)
                    print(f"{r['query']!r}: added {t} ({by_id[t]['names'][0]}), the same as {eid}", file=sys.stderr)
        r["expected"] = " ".join(exp)
        if r["category"] == "qualifiers":
            why = qualifier_check(r, ents)
            if why:
                print(f"dropped qualifier row {r['query']!r} {r['dob'] or r['imo']}: {why}", file=sys.stderr)
                return False
        return True
    return check_positive


def build(data: Path, review: bool, split: str, seed: int, hand: list[dict], earlier_files: tuple[str, ...],
          out_name: str, prefix: str, not_twins: dict | None = None) -> None:
    """Build a held-out set like this one (holdout4's builder calls it too): ``hand`` rows, places,
    synthetic people and AIS identities the ``earlier_files`` sets did not use, labelled from the
    lists; ``not_twins``: pairs of entries (frozensets of two ids) the twin rule must not join."""
    ents, by_id, listed, by_key, imos, mmsis = lists_index(data)
    earlier, earlier_q = earlier_index(earlier_files)

    rng = random.Random(seed)
    rows = list(hand)
    quota_rows = h2.place_rows(data / "reports", set(earlier), rng)
    # holdout2's quotas drew 230 places; this set keeps every fourth of Libya/Tunisia and a share
    # of Malta/Sicily so that Libyan and Tunisian names dominate as in the first set
    by_cc: dict[str, list[dict]] = {}
    for r in quota_rows:
        by_cc.setdefault(r["note"][:2], []).append(r)
    for cc, n in (("LY", 40), ("TN", 60), ("MT", 25), ("IT", 25)):
        rows += by_cc.get(cc, [])[:n]
    rows += h2.synthetic_rows(data / "names", set(earlier), rng, n_ar=40, n_lat=30)
    rows += h2.ais_rows(data, set(earlier), rng, set(imos) | set(mmsis), n=140)

    out = h2.label_rows(rows, by_id, imos, mmsis, listed, earlier, earlier_q, split, "/".join(earlier_files),
                        positive_checker(ents, by_id, by_key, not_twins or {}))
    if review:
        h2.review(out, ents)
    h2.write_set(out, OUT / out_name, prefix)


def main() -> int:
    args = h2.cli_args(__doc__)
    build(Path(args.data), args.review, SPLIT, SEED, hand_rows(), ("eval_set.csv", "holdout2.csv"), "holdout3.csv",
          "t")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
