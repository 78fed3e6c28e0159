"""Build the twentieth held-out screening set tests/fixtures/screening_eval/holdout20.csv.

    python scripts/build_screening_holdout20.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv and holdout2-19.csv (see
tests/fixtures/screening_eval/PROVENANCE.md, section "holdout20"), split ``holdout20``. Written and
labelled from the list files while other sessions changed the matcher, without running
seasentry's screening on its rows (no `seasentry screen`, no ScreeningIndex, no bench_screening on
it), and meant to be scored once by the coordinator.

Unlike holdout12-19, which each took one specialised source as their theme, holdout20 is a
REPRESENTATIVE sample of the ordinary daily workload issue 15 describes: listed people, organisations
and vessels written the way analysts and the press write them, in Arabic and Latin script, plus
look-alike negatives (other people sharing name parts, public figures, Libyan and Tunisian place
names, ship names of the region). The positives' ENTITIES were drawn at random, ``sample_entities``
below (seed ``ENTITY_SEED``), stratified as ``STRATA`` says; the queries for each drawn entity were
then written by hand in holdout20_positives.psv (one or two each, in the usual forms).

Inputs and label checks: those of holdout19's builder (holdout18's, ..., holdout5's: their
docstrings), with holdout20_positives.psv and holdout20_negatives.psv; the generated rows (GeoNames
places of Tunisia, Malta and Sicily/Italy, synthetic people) are those the earlier sets did not use
(no real AIS identity and one Libyan GeoNames place are left); a row repeating a query of eval_set.csv
or holdout2-19.csv is dropped, so the twenty sets share no query. Refused twins: holdout19's.

``--sample`` prints the entity draw (the entities the written positives were drawn from) and exits.
``--review``: holdout7's reading aid (rapidfuzz), never a label. Deterministic; prints counts and SHA-1.
"""

from __future__ import annotations

import csv
import io
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_screening_holdout2 as h2  # noqa: E402  (the parsers, normalised text and generators)
import build_screening_holdout5 as h5  # noqa: E402  (the build: hand rows, generated rows, labels, checks)
import build_screening_holdout6 as h6  # noqa: E402  (the check that a positive names only its own entries)
import build_screening_holdout19 as h19  # noqa: E402  (its refused twins)

SPLIT = "holdout20"
SEED = 20261224
EARLIER = h19.EARLIER + ("holdout19.csv",)
PLACE_QUOTA = (("LY", 1), ("TN", 60), ("MT", 20), ("IT", 30))   # GeoNames places drawn besides the written ones
N_AIS = 130   # none left: the AIS identities of the corpora were all taken by earlier sets
N_SYNTH_AR, N_SYNTH_LAT = 120, 60

# pairs the twin rule must not join, found by reading both entries after the builder printed the addition
NOT_TWINS: dict[frozenset, str] = dict(h19.NOT_TWINS)

# --------------------------------------------------------------------------- the entity draw
ENTITY_SEED = 20261223
# stratum -> entities drawn: people 55% (half with Arab or Muslim names), organisations 30%, vessels 15%
STRATA = (("p_arab", 72), ("p_other", 72), ("org", 80), ("vessel", 40))
P_ARAB_TOTAL = 75   # Arab/Muslim people; entries an earlier set expects fill up what the new ones lack
# name parts that mark an Arab or Muslim name (a sampling stratum, not a label)
MUSLIM_PARTS = frozenset("""muhammad mohammed mohammad mohamed mohamad muhammed ahmad ahmed ali hassan hasan
husayn hussein husain abdul abd abdel abdur abdallah abdullah abdulla ibrahim ismail isma'il umar usman uthman
khalid khaled salih saleh said sayyid mahmud mahmood mahmoud yusuf yousef yousuf yoosuf musa mustafa mostafa
hamid hamed hamza rahman rehman karim kareem aziz majid malik khan wazir mansour mansur nasser nasir nur noor
qari haji hajji mullah maulawi mawlawi mufti sheikh shaykh abu abou jamal faisal fahd rashid rasheed salim salem
tariq zayd zaid walid anwar akbar amin ameen iqbal shahid jafar ja'far hussain hossein hosseini reza mehdi mahdi
kamali qasim qassem yasin yassin bakr bakar idris ilyas sulaiman sulayman suleiman haydar haidar zuhayr firas
nabil bilal jihad abbas sharif ghulam habib hafiz hafez ishaq latif rauf raza ayman osama usama anas tahir taher
mujahid ansari hashimi zamani baloch sindhi inayatullah rahmat salman maalim faqir dilawar bahawal afif shaheed
amran asim wali mansoor""".split())


def _ofac_programmes(data: Path) -> dict[str, str]:
    text = (data / "sanctions" / "ofac" / "sdn_2024-05-03.csv").read_bytes().rstrip(b"\x1a\r\n ").decode("latin-1")
    return {f"ofac-{r[0].strip()}": r[3].strip() for r in csv.reader(io.StringIO(text, newline=""))
            if len(r) == 12 and r[0].strip().isdigit()}


def _arab_or_muslim(e: dict) -> bool:
    toks = {t.strip("'") for n in e["names"] for t in re.split(r"[\s,\-()]+", n.lower()) if t}
    return bool(toks & MUSLIM_PARTS or any(h2.is_arabic(n) for n in e["names"]))


def sample_entities(data: Path, earlier_sets: tuple[str, ...] = EARLIER, exclude: frozenset[str] = frozenset(),
                    strata: tuple[tuple[str, int], ...] = STRATA, p_arab_total: int = P_ARAB_TOTAL,
                    seed: int = ENTITY_SEED) -> list[dict]:
    """The seeded, stratified draw of listed entities the written positives were written for (holdout21's
    builder draws with its own seed and strata, ``exclude`` holding holdout20's entities)."""
    ents = h2.load_lists(data)
    earlier = {i for f in earlier_sets for r in csv.DictReader((h2.OUT / f).open(encoding="utf-8"))
               for i in r["expected"].split()}
    pools: dict[str, list[dict]] = {"p_arab": [], "p_arab_reuse": [], "p_other": [], "org": [], "vessel": []}
    for e in sorted(ents, key=lambda e: e["id"]):
        if e["id"] in exclude:
            continue
        if e["type"] == "person" and e["id"] in earlier and _arab_or_muslim(e):
            pools["p_arab_reuse"].append(e)
        if e["type"] == "vessel":
            pools["vessel"].append(e)   # every listed vessel was expected earlier: all are eligible (reused)
        elif e["id"] in earlier:
            continue
        elif e["type"] == "person":
            pools["p_arab" if _arab_or_muslim(e) else "p_other"].append(e)
        else:
            pools["org"].append(e)
    n = dict(strata)
    n["p_arab"] = min(n["p_arab"], len(pools["p_arab"]))
    n["p_arab_reuse"] = p_arab_total - n["p_arab"]
    rng = random.Random(seed)
    out = []
    for k in ("p_arab", "p_arab_reuse", "p_other", "org", "vessel"):
        for e in sorted(rng.sample(pools[k], n[k]), key=lambda e: e["id"]):
            out.append(dict(e, stratum=k, pool=len(pools[k])))
    return out


def drawn_ids(*files: str) -> frozenset[str]:
    """The entry ids the given sets' rows expect (the draws later representative samples leave out)."""
    return frozenset(i for f in files for r in csv.DictReader((h2.OUT / f).open(encoding="utf-8"))
                     for i in r["expected"].split())


def run(doc: str, draw, split: str, seed: int, earlier: tuple, out_name: str, prefix: str, place_quota, n_ais: int,
        n_synth_ar: int, n_synth_lat: int, not_twins: dict, names_shown: int = 6) -> int:
    """The command line of a representative set's builder (this one's, holdout21's, holdout22's):
    ``--sample`` prints the entity draw ``draw(data)`` and exits; otherwise holdout5's ``build`` with
    holdout6's ambiguity check."""
    if "--sample" in sys.argv:
        sys.argv.remove("--sample")
        args = h2.cli_args(doc)
        prog = _ofac_programmes(Path(args.data))
        for e in draw(Path(args.data)):
            print(e["stratum"], e["id"], prog.get(e["id"], "UN"), "|", " ; ".join(e["names"][:names_shown]), "| pool",
                  e["pool"])
        return 0
    args = h2.cli_args(doc)
    h5.build(Path(args.data), args.review, split, seed, earlier, out_name, prefix, place_quota, n_ais, n_synth_ar,
             n_synth_lat, not_twins, "written for this set (place names of Libya, Tunisia, Malta and Sicily)",
             h6.ambiguity_checker)
    return 0


def main() -> int:
    return run(__doc__, sample_entities, SPLIT, SEED, EARLIER, "holdout20.csv", "d", PLACE_QUOTA, N_AIS, N_SYNTH_AR,
               N_SYNTH_LAT, NOT_TWINS, names_shown=4)


if __name__ == "__main__":
    raise SystemExit(main())
