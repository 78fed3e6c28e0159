"""Generic words that open an Arabic place name (session 14, seventeenth round; docs/screening.md,
"Session 14, seventeenth round: false review hits").

A place of Libya and Tunisia is often named by a generic term and a proper word: بئر الأشهب (Bir
al-Ashhab, the well of ...), قصر بني وليد (Qasr Bani Walid, the castle), رأس جدير (Ras Ajdir, the cape),
مدينة بن قردان (the city of Ben Gardane), وادي, جبل, عين, سوق, منزل (Menzel, Tunisian towns), حومة
(Houmt, a quarter: Houmt Souk). The generic term says what kind of place it is and is no part of a
person's name, however it sounds (بئر ~ Peer, مدينة ~ Medina).

Sources: the meanings from Hans Wehr, "A Dictionary of Modern Written Arabic" (4th ed.); the terms
themselves are the commonest first words of the multi-word Arabic names of the shipped gazetteer
(``data/reports/gazetteer_central_med.csv``, GeoNames: قصر 8, قرية 5, رأس 5, منزل 3, بئر 2, شاطئ 2,
جزيرة 2, حومة 2, مدينة 1, عين 1, غار 1), completed with the generic terms of the same kind
(well, spring, valley, mountain, market, island, beach, oasis, salt flat, port, airport, hospital,
camp, square, street, mosque, cemetery, lake, gulf, plateau, field, station, factory).
Left out on purpose: words that are also given or family names in Arabic script (سهل Sahl, دار
Dar, جامع Jami', مرسى ~ مرسي Morsi after normalisation, سيدي Sidi, a title and part of Maghrebi names).
"""

from __future__ import annotations

from functools import lru_cache

from .text import normalize_arabic

#: normalised (``text.normalize_arabic``: ة -> ه, ى -> ي, hamza seats folded)
TOPONYM_GENERIC_AR = frozenset(normalize_arabic(w) for w in (
    "بئر", "قصر", "قرية", "رأس", "مدينة", "عين", "وادي", "جبل", "سوق", "شاطئ", "جزيرة", "حومة", "منزل",
    "غار", "سبخة", "حاسي", "واحة", "ميناء", "مطار", "مستشفى", "مخيم", "معسكر", "ساحة", "شارع", "مسجد",
    "ضريح", "مقبرة", "بحيرة", "خليج", "هضبة", "حقل", "محطة", "مصنع"))


@lru_cache(maxsize=20_000)
def toponym_generic(text: str) -> bool:
    """``text`` (one word in Arabic script) is a generic term that opens a place's name (well,
    castle, cape, city ...): ``TOPONYM_GENERIC_AR``."""
    return bool(text) and normalize_arabic(text) in TOPONYM_GENERIC_AR
