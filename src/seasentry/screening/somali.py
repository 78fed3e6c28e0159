"""(Session 14, seventeenth round) Somali names in the official Somali Latin orthography.

Somali has been written in Latin letters since 1972 (the official Somali Latin alphabet); OFAC and the UN lists write many
Somali names in it (XUUROOW, Hasaan Abshir; GUHAAD, Cumar; AADAN, Siciid Abdullahi; ROOBOW, Cabdi),
while the press and other lists write the same names in the English (or Italian) way (Huurow,
Hurow; Omar; Said; Abdi). The letters that differ from English usage (sources: A. Galipo, Return
Migration and Nation Building in Africa, Routledge 2019, appendix on Somali spelling: "c" close to
the Arabic ʿayn, Cali (Ali), Cabdi (Abdi), Jaamac (Jama); "x" the voiceless pharyngeal, Xasan
(Hassan), Axmed (Ahmed); Wikipedia, "Somali Latin alphabet", secondary: all English letters but p,
v and z, long vowels written doubled, the letter names with their Arabic equivalents xa ح, ʿayn ع):

- ``c`` is the voiced pharyngeal ʿayn (Arabic ع): Cumar = ʿUmar (Omar), Cabdi = ʿAbdi (Abdi),
  Cali = ʿAli (Ali), Siciid = Saʿiid (Said), Jaamac = Jamaʿ (Jama). English usage writes nothing
  for an initial ʿayn and an apostrophe (or nothing) inside or at the end of a word;
- ``x`` is the voiceless pharyngeal ḥ (Arabic ح): Xasan = Ḥasan (Hassan), Xuuroow = Ḥuuroow
  (Huurow), Maxamed = Muḥammad (Mohamed);
- doubled vowels are long vowels (aa, ee, ii, oo, uu): written once in English usage (Guhaad =
  Guhad, Roobow = Robow, Jeeri = Jeri), and ``oo``/``ee`` are long o/e, not the English u/i;
- ``dh`` is a retroflex d (Arabic ذ/ض in loans), which the transliteration model already reads as
  a d-like letter.

The Somali alphabet has no ``p``, ``v`` or ``z`` and no ``ch`` digraph (``c`` is always ʿayn), so a
name part is read the Somali way only when it is written in Somali letters and has a ``c``, an
``x`` or a long ``oo``/``ee``, and only in a name that shows the orthography (:func:`somali_name`):
a long vowel ``aa``/``ii``/``uu`` (which English usage for Arabic and African names seldom writes),
an ``x`` before a vowel in a part written in Somali letters, or a long ``oo``/``ee`` beside a part with a ``c``
(ROOBOW, Cabdi). A ``c`` before a vowel is also the Romance and English k or s (Carlos, LICON,
Caucasus): read alone it is not Somali (LICON ~ Leon would become L-ʿ-O-N). The reading is an
alternative (a part is compared by its best reading).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .phonetic import U, latin_units

_SOMALI_LETTERS = re.compile(r"^[abtjxkhdrscgfqlmnwyeiou]+$")
_LONG = re.compile(r"([aeiou])\1")
AYN = U["AYN"]


def is_somali_spelling(t: str) -> bool:
    """Whether the lower-case Latin name part ``t`` may be written in the Somali orthography (Somali
    letters only, and a ``c`` that is not ``ch``/``ck``, an ``x``, or a long ``oo``/``ee``)."""
    if len(t) < 3 or not _SOMALI_LETTERS.match(t):
        return False
    if "ch" in t or "ck" in t or "sc" in t:
        return False
    return "c" in t or "x" in t or "oo" in t or "ee" in t


_STRONG = re.compile(r"aa|ii|uu")
_WEAK = re.compile(r"oo|ee")
_X_VOWEL = re.compile(r"x[aeioumn]")   # Xasan, Maxamed, Xuuroow, Axmed (not GALAX, GOLDENIX: a final x is ks)


def somali_name(parts: list[str]) -> bool:
    """Whether a name (its lower-case Latin parts) shows the Somali orthography: a part in Somali
    letters with ``aa``/``ii``/``uu`` or an ``x`` before a vowel, or with ``oo``/``ee`` beside a part with a ``c``."""
    som = [t for t in parts if len(t) >= 3 and _SOMALI_LETTERS.match(t)]
    if not som:
        return False
    if any(_STRONG.search(t) or _X_VOWEL.search(t) for t in som):
        return True
    # a c in another part than the oo/ee (ROOBOW, Cabdi; not Cook, whose c and oo are English)
    return any(_WEAK.search(t) and any(u != t and "c" in u and is_somali_spelling(u) for u in som) for t in som)


@lru_cache(maxsize=50_000)
def somali_units(t: str, plain) -> tuple[int, ...] | None:
    """Sound units of ``t`` read in the Somali orthography, None when it is not written so: x = ḥ,
    an initial c left out (as English usage leaves out an initial ʿayn: Cabdi = Abdi), a c inside
    the word ʿayn, long vowels written once. ``plain`` gives the units of a piece of English-usage
    spelling (text._plain_latin_units: Abd- compounds read as the tokeniser reads them, so
    Cabdullaahi meets ABDULLAHI)."""
    if not is_somali_spelling(t):
        return None
    r = _LONG.sub(r"\1", t.replace("x", "h"))
    if r.startswith("c"):
        r = r[1:]
    pieces = r.split("c")
    if not all(pieces[:-1]) or not pieces[0]:
        return None   # cc, or nothing but c: not a Somali spelling (a final c is a final ʿayn: Jaamac)
    units: list[int] = []
    for k, p in enumerate(pieces):
        if k:
            units.append(AYN)
        units += plain(p) if k == 0 else latin_units(p) if p else ()
    return tuple(units) if units else None
