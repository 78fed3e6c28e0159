"""How much of the listed organisations' generic vocabulary ``orgwords`` reads from Arabic and Persian
(issue 15, docs/screening.md, "Session 15, nineteenth round: names translated or written in another
script"): the source of ``orgvocab.ARABIC_WORDS_19``'s choice of words and its coverage figure.

    python benchmarks/org_vocabulary_coverage.py [--data ../shared/data] [--top 400]

Counts every Latin word of the organisations of the UN consolidated list (2025-04-19) and OFAC SDN
(2024-05-03), once per entry over its name and aliases; of the ``--top`` commonest, the generic ones (a
word of ``orgwords``' vocabulary before the nineteenth round, a kind of body, or a word a table reads
into now) with and without an Arabic or Persian reading, before the nineteenth round's tables
(``orgwords._AR_VALUES_18``) and after. Prints the generic words still without a reading. Never run in
CI (it needs ../shared/data).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--top", type=int, default=400)
    args = ap.parse_args()
    from seasentry.screening import orgwords as o
    from seasentry.screening.loaders import load_path

    sanc = Path(args.data) / "sanctions"
    ents = (load_path(sanc / "un" / "un_sc_consolidated_2025-04-19.xml").entities
            + load_path(sanc / "ofac" / "sdn_2024-05-03.csv").entities)
    cnt: collections.Counter = collections.Counter()
    n = 0
    for e in ents:
        if e.schema != "Organization":
            continue
        n += 1
        seen: set[str] = set()
        for nm in [e.name] + list(e.aliases or []):
            seen.update(w.lower() for w in re.findall(r"[A-Za-z]+", nm if isinstance(nm, str) else str(nm)))
        cnt.update(seen)

    def read(values) -> set[str]:
        out: set[str] = set()
        for v in values:
            for x in v.split():
                out.update((x, o._EN_SAME.get(x, x)))
        return out

    before, after = read(o._AR_VALUES_18), read(o._AR.values())

    def en(w: str) -> str:
        return o._EN_SAME.get(w, w)

    top = cnt.most_common(args.top)
    gen = [(w, c) for w, c in top if en(w) in before or en(w) in after or o.word_class(w) in ("kind", "generic")]
    print(f"{n} organisations; the {args.top} commonest words; generic among them: {len(gen)}")
    total = sum(c for _, c in gen)
    for name, have in (("before", before), ("after", after)):
        k = sum(1 for w, _ in gen if en(w) in have)
        m = sum(c for w, c in gen if en(w) in have)
        print(f"{name}: {k}/{len(gen)} generic words with an Arabic or Persian reading, {m}/{total} entry-words")
    print("without a reading:", " ".join(f"{w}:{c}" for w, c in gen if en(w) not in after))


if __name__ == "__main__":
    main()
