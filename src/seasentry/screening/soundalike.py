"""(Session 15, twentieth round) An Arabic word of the organisation and place vocabulary is not an
English vocabulary word that merely sounds like it.

The eighth round kept an Arabic PROPER word from meeting an English word of an organisation's
vocabulary by sound (سوسة, Sousse, ~ SOCIETY). An Arabic word that is itself vocabulary, with a
meaning the tables translate (غرب west, شرق east, مجموعة group, شركة company: orgwords._AR), meets an
English word by that meaning: غرب (west) ~ GROUP by sound (0.92) made غرب الزاوية, the town of West
Zawiya, a review hit on ZAWAYA GROUP FOR DEVELOPMENT AND INVESTMENT. When the translation is the
English word (بنك ~ BANK, مجموعة ~ GROUP) the pair is the same word and is kept.
"""

from __future__ import annotations

from functools import lru_cache

from . import orgwords
from .text import normalize_arabic


@lru_cache(maxsize=20_000)
def arabic_vocabulary_meaning(text: str) -> str | None:
    """The English meaning the organisation tables give an Arabic word (غرب -> west), or None (a
    proper word, or not Arabic)."""
    if not text or not any("\u0600" <= ch <= "\u06ff" for ch in text):
        return None
    b = orgwords._ar_base(normalize_arabic(text))
    return orgwords._AR_TABLE.get(b) if b else None


@lru_cache(maxsize=20_000)
def _english_reading(text: str) -> str:
    w = text.lower()
    en = orgwords._FR.get(w, w)
    return orgwords._EN_SAME.get(en, en)


def translated_word_sound_pairs(a, b) -> list[tuple[int, int]]:
    """(i, j): part i of ``a`` an Arabic vocabulary word whose meaning is not part j of ``b``, a Latin
    word of the tables' English vocabulary (NameInfo.vocab_en)."""
    if b.vocab_en is None or not a.abjad:
        return []
    out = []
    for i, t in enumerate(a.tokens):
        if t.script != "arabic":
            continue
        en = arabic_vocabulary_meaning(t.text)
        if en is None:
            continue
        en = _english_reading(en)
        for j, y in enumerate(b.vocab_en):
            if y and _english_reading(b.tokens[j].text) != en:
                out.append((i, j))
    return out
