"""Build src/seasentry/data/screening/name_part_frequency.csv.gz: how common each name part is, in
reference name data and on the UN and OFAC lists (see ``seasentry.screening.frequency``).

    python scripts/build_name_frequencies.py [--data ../shared/data]

Inputs (in ../shared/data):
- names/netransliteration/wd_arabic.normalized.aligned.tokens.tsv: 64,973 rows ``latin_word<TAB>
  arabic letters separated by spaces<TAB>count``, person-name tokens mined from Wikidata (CC0,
  Merhav & Ash, COLING 2018). Each row adds its count to the consonant key of the Latin word and,
  when it differs, to the key of the Arabic word, and to the fine key (``f:`` + consonant and
  vowel classes) of the Latin word. Source ``wikidata``; ``__total__`` = sum of all counts.
- sanctions/un/un_sc_consolidated_2025-04-19.xml and sanctions/ofac/sdn_2024-05-03.csv: document
  frequencies over entries (per schema family: ``P|``, ``O|``, ``V|``, ``A|``), and over the
  given names of persons with an Arabic name (``g|``), exactly as the screening index counts them
  on the lists it loads. Source ``lists``; ``__n__<F>`` = number of entries of family F.
- romanised: for every Arabic spelling seen at least twice in the Wikidata file, the fine keys of the Latin spellings
  aligned with it (up to 3, each at least a tenth as frequent as the first), with their counts:
  an Arabic part is as common as its commonest romanisation (معمر as Maamar/Muammer, not as every
  name with the consonants M-R: Omar, Amir, Mira).
Keys counted fewer than 2 times are left out (an absent key reads as rare).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from seasentry.screening.frequency import KeyCounts  # noqa: E402
from seasentry.screening.index import entity_frequency_keys  # noqa: E402
from seasentry.screening.loaders import load_path  # noqa: E402
from seasentry.screening.text import tokenize_name  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    data = Path(args.data)
    src = data / "names" / "netransliteration" / "wd_arabic.normalized.aligned.tokens.tsv"
    counts: Counter[str] = Counter()
    romanised: dict[str, Counter[str]] = {}
    total = 0
    for line in src.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or not parts[2].isdigit():
            continue
        n = int(parts[2])
        keys = set()
        toks = [tokenize_name(name) for name in (parts[0], parts[1].replace(" ", ""))]
        for tk in toks:
            if len(tk) == 1:
                keys.add(tk[0].skel[0])
                if tk[0].fine:
                    keys.add("f:" + tk[0].fine)
        for k in keys:
            counts[k] += n
        total += n
        lat, ar = toks
        if len(lat) == 1 and len(ar) == 1 and lat[0].fine and ar[0].script == "arabic":
            romanised.setdefault(ar[0].text, Counter())[lat[0].fine] += n
    ents = (load_path(data / "sanctions" / "un" / "un_sc_consolidated_2025-04-19.xml").entities
            + load_path(data / "sanctions" / "ofac" / "sdn_2024-05-03.csv").entities)
    lists = KeyCounts.from_keys(entity_frequency_keys(e)[2] for e in ents)
    out = ROOT / "src" / "seasentry" / "data" / "screening" / "name_part_frequency.csv.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    n_wd = n_l = 0
    with io.TextIOWrapper(gzip.GzipFile(out, "wb", mtime=0), encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["source", "key", "count"])
        w.writerow(["wikidata", "__total__", total])
        for k, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if c >= 2 and k:
                w.writerow(["wikidata", k, c])
                n_wd += 1
        n_r = 0
        for ar in sorted(romanised):
            top = romanised[ar].most_common()
            if sum(c for _, c in top) < 2:
                continue
            for fine, c in top[:3]:
                if c >= max(1, top[0][1] // 10):
                    w.writerow(["romanised", f"{ar}|{fine}", c])
                    n_r += 1
        for f, c in sorted(lists.n.items()):
            w.writerow(["lists", "__n__" + f, c])
        for k, c in sorted(lists.df.items(), key=lambda kv: (-kv[1], kv[0])):
            if c >= 2 and k:
                w.writerow(["lists", k, c])
                n_l += 1
    print(f"wikidata: {n_wd} keys, total {total}; romanised: {len(romanised)} Arabic spellings, {n_r} rows; "
          f"lists: {len(ents)} entries, {n_l} keys -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
