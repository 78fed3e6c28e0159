"""(Session 15, nineteenth round) Whether a word is a common word of everyday language.

A ship's one-word name is as often a word of the language as a coined name: FREEDOM, PATRIOT, TANGO,
HERCULES, LEGEND are each borne by many ships (real AIS data in ``../shared/data/ais_csv`` holds
several), while the name-frequency tables of ``frequency.py`` measure how common a word is among
people's names, where these words never occur, so they weigh as rare. Issue 15: "no alert from one
common word". This module says whether a word is common in running text of the languages ships of the
region are named in, from the word lists of ``wordfreq`` (R. Speer et al., Apache-2.0 code, CC-BY-SA
4.0 data: Wikipedia, subtitles, news, books, web text, Twitter and Reddit, merged; version 3.1):
the Zipf frequency (log10 of occurrences per billion words) of the word in any of those languages at
least ``threshold`` (``MatchWeights.vessel_common_word_zipf`` = 3.0: one occurrence per million words,
wordfreq's own definition of the Zipf scale).

The "small" word lists are read (words down to about Zipf 3, the threshold; about 0.2 s a language,
once, on first use); a word is looked up once (lru_cache). Without wordfreq
(not installed) no word is common: the rule this serves does not apply, nothing else changes.
"""

from __future__ import annotations

from functools import lru_cache

#: Latin-script languages of the ships' names seen in the Central Mediterranean (English, and the
#: languages of the coastal and flag states: French, Italian, Spanish, German, Portuguese, Dutch). Not
#: Turkish: its lists hold inflected forms that are coined ship names (SANAN, DELICE, AYSAN). Names in
#: other scripts reach the lists romanised and are not words of these languages.
LANGUAGES = ("en", "fr", "it", "es", "de", "pt", "nl")


@lru_cache(maxsize=1)
def _zipf():
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - the dependency is declared; a stripped install loses the rule only
        return None
    return zipf_frequency


@lru_cache(maxsize=65536)
def word_zipf(word: str) -> float:
    """The highest Zipf frequency of ``word`` (lower-case Latin letters) over ``LANGUAGES``; 0.0 for
    a word of no list, a number, or a word not of Latin letters."""
    f = _zipf()
    if f is None or not word or not word.isalpha() or not word.isascii():
        return 0.0
    w = word.lower()
    return max(f(w, lang, wordlist="small") for lang in LANGUAGES)


def common_word(word: str, threshold: float) -> bool:
    """Whether ``word`` is a common word of running text (Zipf frequency at least ``threshold``)."""
    return word_zipf(word) >= threshold
