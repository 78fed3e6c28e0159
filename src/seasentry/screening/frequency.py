"""How common a name part is, so that a match on a rare family name counts for more than a match
on Mohammed, Ali, Abu, Company or Ltd.

Shares are counted over the consonant-class key of a part (``phonetic.frequency_key``, so that every
spelling in either script counts for one name: محمد = Mohamed = Muhammad = MHMD) and, for Latin
parts, over a finer key that keeps the vowel classes (so Raisi is not counted with Reza and Ross):

- on reference name data shipped with seasentry, ``data/screening/name_part_frequency.csv.gz``, built
  by ``scripts/build_name_frequencies.py``:
  - ``wikidata``: occurrences of the part among 64,973 Arabic<->Latin person-name tokens mined from
    Wikidata (Merhav & Ash, COLING 2018; CC0);
  - ``lists``: the UN Security Council Consolidated List (2025-04-19) and the OFAC SDN list
    (2024-05-03): the share of entries of the same kind (persons, organisations, vessels) with a
    name containing the part, and the share of persons with an Arabic name whose *given* name it
    is (a list of many nationalities makes Tarek or Walid look rare; among Arabic names they are
    not);
- on the lists loaded in the store, the same measures, when they hold at least
  ``MIN_LIST_ENTRIES`` entries (a short user list says nothing about how common a name is).

The largest share p gives the information of the part, -log10 p, mapped linearly onto a weight
between ``MatchWeights.min_part_weight`` (at ``info_common``) and 1 (at ``info_rare``).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from functools import lru_cache
from importlib import resources
from typing import Iterable

MIN_LIST_ENTRIES = 1000
PART_CACHE_SIZE = 200_000   # name parts whose information and weight are kept (cleared when full)


class KeyCounts:
    """Document frequencies of keys: ``df[key]`` and ``df[F|key]`` (F: first letter of the schema
    family, or ``g`` for given names of Arabic-named persons), with the matching totals ``n``."""

    def __init__(self, df: dict[str, int] | None = None, n: dict[str, int] | None = None):
        self.df = dict(df or {})
        self.n = dict(n or {})

    @classmethod
    def from_keys(cls, keys_per_entity: Iterable[tuple[str | None, set[str], set[str] | None]]) -> "KeyCounts":
        """``keys_per_entity``: (schema family, keys of all the entity's names, keys of its given
        names when it is a person with an Arabic name, else None) per entity."""
        df: dict[str, int] = {}
        n: dict[str, int] = {}
        for fam, keys, given in keys_per_entity:
            f = (fam or "")[:1]
            n[""] = n.get("", 0) + 1
            n[f] = n.get(f, 0) + 1
            for k in keys:
                df[k] = df.get(k, 0) + 1
                df[f + "|" + k] = df.get(f + "|" + k, 0) + 1
            if given is not None:
                n["g"] = n.get("g", 0) + 1
                for k in given:
                    df["g|" + k] = df.get("g|" + k, 0) + 1
        return cls(dict(sorted(df.items())), dict(sorted(n.items())))  # the same lists, the same bytes

    def share(self, key: str, family: str | None, min_n: int) -> float:
        f = (family or "")[:1]
        n = self.n.get(f, 0)
        if f and n and n >= min_n // 4:   # a family no list has (schema "Thing"): the whole lists
            p = self.df.get(f + "|" + key, 0) / n
        else:
            n = self.n.get("", 0)
            p = self.df.get(key, 0) / n if n >= min_n else 0.0
        ng = self.n.get("g", 0)
        if ng >= min_n // 10:
            p = max(p, self.df.get("g|" + key, 0) / ng)
        return p


@lru_cache(maxsize=1)
def reference_counts() -> tuple[dict[str, int], int, KeyCounts]:
    """(Wikidata key -> occurrences, total occurrences, list counts) of the shipped table."""
    return _read_table()[:3]


@lru_cache(maxsize=1)
def romanisations() -> dict[str, tuple[str, ...]]:
    """Arabic spelling (normalised part text) -> fine keys of the Latin spellings Wikidata aligns
    with it, commonest first."""
    return _read_table()[3]


def attested(fine: str) -> bool:
    """(Twenty-first round) Whether a Latin spelling's fine key is a name part of the shipped table:
    written by Wikidata's given and family names or by the lists."""
    wd, _, lists, _ = _read_table()
    return ("f:" + fine) in wd or lists.df.get("f:" + fine, 0) > 0


@lru_cache(maxsize=1)
def _read_table():
    path = resources.files("seasentry") / "data" / "screening" / "name_part_frequency.csv.gz"
    wd: dict[str, int] = {}
    total = 0
    lists = KeyCounts()
    rom: dict[str, list[str]] = {}
    try:
        with path.open("rb") as raw, io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8") as fh:
            rows = csv.reader(fh)  # (source, key, count); a plain reader: a process's first query reads
            header = next(rows)     # all 65k rows, and DictReader's dict per row cost 0.1 s of it
            i_src, i_key, i_count = header.index("source"), header.index("key"), header.index("count")
            for row in rows:
                src, key, count = row[i_src], row[i_key], int(row[i_count])
                if src == "wikidata":
                    if key == "__total__":
                        total = count
                    else:
                        wd[key] = count
                elif src == "lists":
                    if key.startswith("__n__"):
                        lists.n[key[5:]] = count
                    else:
                        lists.df[key] = count
                elif src == "romanised":
                    ar, _, fine = key.partition("|")
                    rom.setdefault(ar, []).append(fine)
    except FileNotFoundError:  # pragma: no cover - shipped with the package
        pass
    return wd, total or sum(wd.values()), lists, {k: tuple(v) for k, v in rom.items()}


@lru_cache(maxsize=1)
def _spelling_counts() -> dict[str, int]:
    n: dict[str, int] = {}
    for k in reference_counts()[0]:
        if k.startswith("f:"):
            c = coarse_of(k[2:])
            n[c] = n.get(c, 0) + 1
    return n


def coarse_of(fine: str) -> str:
    """The consonant key of a fine key (its consonant classes, repeats merged)."""
    out: list[str] = []
    for ch in fine:
        if (ch.isupper() or ch.isdigit()) and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


class NameFrequency:
    """Share of names containing a part: on the reference data and on the loaded lists."""

    def __init__(self, current: KeyCounts | None = None):
        self.current = current or KeyCounts()
        self._attach()

    def _attach(self, reference: tuple | None = None) -> None:
        """The shipped reference tables (shared, read once per process; or ``reference``, as
        pickled by ``__getstate__``) and empty caches."""
        if reference is None:
            reference = (*reference_counts(), romanisations(), _spelling_counts())
        self.wd, self.wd_total, self.ref_lists, self.romanised, self._spellings = reference
        self._info: dict[tuple, float] = {}
        # id(weights) -> (weights, {(part, family): (information, measured, weight)}), see NameInfo
        self.part_cache: dict[int, tuple] = {}

    def __getstate__(self):
        # the counts of the loaded lists, and the reference tables as read: unpickling them (the
        # screening index kept in the store) takes a tenth of the time of reading the shipped CSV
        return {"current": self.current,
                "reference": (self.wd, self.wd_total, self.ref_lists, self.romanised, self._spellings)}

    def __setstate__(self, state) -> None:
        self.current = state["current"]
        self._attach(state.get("reference"))

    def parts_for(self, w) -> dict:
        """The cache of part information and weights for the weights ``w`` (kept while ``w`` is)."""
        got = self.part_cache.get(id(w))
        if got is None or got[0] is not w:
            got = self.part_cache[id(w)] = (w, {})
        if len(got[1]) > PART_CACHE_SIZE:
            got[1].clear()
        return got[1]

    @classmethod
    def from_keys(cls, keys_per_entity: Iterable[tuple[str | None, set[str], set[str] | None]]) -> "NameFrequency":
        return cls(KeyCounts.from_keys(keys_per_entity))

    def share(self, key: str, family: str | None = None) -> float:
        p_wd = self.wd.get(key, 0) / self.wd_total if self.wd_total else 0.0
        return max(p_wd, self.ref_lists.share(key, family, 1), self.current.share(key, family, MIN_LIST_ENTRIES))

    def information(self, key: str, fine: str = "", family: str | None = None, coarse_share: float = 0.25
                    ) -> float:
        """-log10 of the share of names with the part (6 for a part never seen). A Latin part is
        counted on its fine key (vowel classes kept), with ``coarse_share`` of the share of its
        consonant key as a floor; an Arabic part, which writes no short vowels, on its consonant
        key."""
        ck = (key, fine, family, coarse_share)
        got = self._info.get(ck)
        if got is None:
            p = self.share(key, family)
            if fine:
                p = max(self.share("f:" + fine, family), min(coarse_share, 1.0 / self.spellings(key)) * p)
            got = self._info[ck] = -math.log10(max(p, 1e-6))
        return got

    def person_part(self, fine: str) -> bool:
        """(Sixth round) whether a Latin spelling (its fine key) is a part of people's names: in the
        Wikidata person-name tokens, or in persons' names on the lists (reference counts or the
        loaded lists'). Sara, Scot, Amal and Tajideen are; SYRIATEL and VEVAK are not."""
        if not fine:
            return False
        k = "f:" + fine
        return bool(self.wd.get(k, 0) or self.ref_lists.df.get("P|" + k, 0) or self.current.df.get("P|" + k, 0))

    def spellings(self, key: str) -> int:
        """How many spellings (fine keys) of the reference data share the consonant key ``key``."""
        return max(1, self._spellings.get(key, 0))

    def romanisations_of(self, text: str) -> tuple[str, ...]:
        """The Latin spellings (fine keys) the reference data aligns with an Arabic spelling
        (article aside), () when none."""
        out: set[str] = set()
        for t in ar_spelling_variants(text):
            rom = self.romanised.get(t)
            if rom is None and t.startswith("ال") and len(t) > 3:
                rom = self.romanised.get(t[2:])
            out.update(rom or ())
        return tuple(sorted(out))

    def has_romanisation(self, text: str) -> bool:
        return text in self.romanised or (text.startswith("ال") and len(text) > 3 and text[2:] in self.romanised)

    def arabic_information(self, text: str, key: str, family: str | None = None, coarse_share: float = 0.25
                           ) -> float:
        """An Arabic part is as common as its commonest romanisation in the reference data (so
        معمر counts as Maamar/Muammer, not as every name with the consonants M-R); a spelling the
        reference data lacks is counted on its consonant key (with and without the article)."""
        rom = self.romanised.get(text)
        if rom is None and text.startswith("ال") and len(text) > 3:
            rom = self.romanised.get(text[2:])
        if not rom:
            return self.information(key, "", family, coarse_share)
        return min(self.information(coarse_of(f), f, family, coarse_share) for f in rom)


def ar_spelling_variants(text: str) -> tuple[str, ...]:
    """An Arabic spelling and the one with its final ta marbuta (normalised ه) written ت or the
    other way round: Arabic writes some names both ways (عزة and عزت, Izzat), so neither tells a
    different name (fifth round, different-names rule)."""
    if len(text) > 2 and text[-1] == "ه":
        return (text, text[:-1] + "ت")
    if len(text) > 2 and text[-1] == "ت":
        return (text, text[:-1] + "ه")
    return (text,)


@lru_cache(maxsize=1)
def _arabic_of_fine() -> dict[str, tuple[str, ...]]:
    """Fine key of a Latin spelling -> the Arabic spellings the Wikidata alignments give it (sorted)."""
    inv: dict[str, set[str]] = {}
    for ar, fines in romanisations().items():
        bare = ar[2:] if ar.startswith("ال") and len(ar) > 3 else ar   # السيد is سيد
        for f in fines:
            inv.setdefault(f, set()).add(bare)
    return {f: tuple(sorted(v)) for f, v in inv.items()}


def arabic_spellings(fine: str) -> tuple[str, ...]:
    """The Arabic spellings a Latin spelling (its fine key) is aligned with in the reference data,
    () when it is not aligned with any: Karim كريم, Karam كرم, Hassan حسن, Hussein حسين."""
    return _arabic_of_fine().get(fine, ()) if fine else ()


_REFERENCE_ONLY: NameFrequency | None = None


def reference_only() -> NameFrequency:
    global _REFERENCE_ONLY
    if _REFERENCE_ONLY is None:
        _REFERENCE_ONLY = NameFrequency()
    return _REFERENCE_ONLY
