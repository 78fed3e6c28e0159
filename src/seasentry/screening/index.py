"""In-memory screening index: candidate retrieval on name-part keys, exact IMO/MMSI look-ups,
and scoring with explanations. Pure: no I/O except ``from_connection``, which reads the store once.

Retrieval: every indexed name part contributes its consonant-class key (``phonetic.frequency_key``,
the same for every spelling in either script) and each one-class deletion of it (the symmetric
delete of SymSpell, Garbe 2012), so a candidate is found through one consonant typo or
substitution on either side; parts with keys too short to be selective also index their text and
its one-letter deletions; numbers index themselves; and the whole name glued (``FLYINGFOX``,
``FUYUANYU7617``) is a key too, so split and glued names meet. A candidate name's pre-score is, for
each query part, the inverse document frequency of the *best* key it shares with that part,
times the part's weight, summed over the parts: a name sharing many deletion keys of one common
short word (Omar, Saleh) cannot outrank one sharing a rare exact surname. The best
``max_candidates`` names are then scored in full.

The index holds plain Python lists and NumPy arrays only (no compiled objects), so it can be
pickled and persisted.
"""

from __future__ import annotations

from functools import cached_property

import bisect
import gc
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Iterable

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from . import _kernels, phonetic
from .frequency import NameFrequency
from .ids import imo_check_digit_ok, parse_imo, parse_mmsi
from .loaders import weak_alias_names
from .acronyms import acronym_free_reading, translation_free_reading
from .matcher import (DEFAULT_WEIGHTS, NASAB_COUNTRIES, MatchWeights, NameInfo, ais_type_category, country_qualifier,
                      dob_qualifier, glued_proper_reading, legal_form_reading, list_type_category, org_reading,
                      pair_adjustment, prepare_name, score_names, similarity_matrix, undotted)
from .matcher import _abbreviated_vocabulary, _acronym_of_run, _dotted_abbreviations, _same_concept
from .matcher import drop_vessel_type_words
from .orgvocab import SAME_CONCEPT
from .model import Entity, schema_family
from .namesake import LUSOPHONE_COUNTRIES
from .orgwords import entity_countries, place_word, read_through_lexicon, word_class
from .eastasian import east_asian_agreement, east_asian_parts, script_readings, syllables_agree
from .hygiene import REBUILT, clean_query_explained, hygiene_readings, is_placeholder
from .query_readings import MAX_READINGS, callsign_reading, query_readings, spelled_reading, tail_heads
from .query_text import QueryText, alternative_fits, read_query
from .vessel_text import (ais_truncated, carrier_prefix, other_fleet_prefix, ship_kind_prefix, ship_word_reading,
                          short_given_name, vessel_readings)
# (session 14) English or Romance number words at the end of a ship's name (NOOR UNO, GOLD STAR TRE)
from .vessel_text import any_number_words_reading as number_words_reading
from .text import (Token, _latin_token, normalize_arabic, persian_split_reading, pinyin_glued_reading,
                   query_article_readings, to_ascii)


def _vessel_result_schema() -> dict:
    """Columns of :meth:`ScreeningIndex.screen_vessels` (polars is imported here, on first use:
    ``seasentry screen NAME`` does not need it)."""
    import polars as pl

    return {
        "mmsi": pl.Int64, "entity_id": pl.Utf8, "list": pl.Utf8, "list_version": pl.Utf8, "schema": pl.Utf8,
        "name": pl.Utf8, "matched_name": pl.Utf8, "score": pl.Float64, "decision": pl.Utf8,
        "explanation": pl.Utf8, "programs": pl.List(pl.Utf8), "matched_on": pl.Utf8,
    }


def __getattr__(name: str):
    if name == "VESSEL_RESULT_SCHEMA":  # a module constant, made on first use
        return _vessel_result_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _pack_text(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of ``texts`` in one array, with offsets (for the compiled OSA similarity)."""
    off = np.fromiter(accumulate((len(t) for t in texts), initial=0), dtype=np.int64, count=len(texts) + 1)
    flat = np.frombuffer("".join(texts).encode("utf-32-le"), dtype="<u4").astype(np.int32)
    return flat, off


def _pack_units(seqs) -> tuple[np.ndarray, np.ndarray]:
    """``phonetic.pack`` for a few short sequences (a query's parts)."""
    off = np.fromiter(accumulate((len(u) for u in seqs), initial=0), dtype=np.int64, count=len(seqs) + 1)
    return np.array([x for u in seqs for x in u], dtype=np.int64), off


class _QueryArrays:
    """A query's parts packed for the compiled kernels (``_kernels``)."""

    __slots__ = ("units", "a_s", "a_e", "tok_alt", "ar", "cp", "cpo", "num", "init", "first", "jcp", "ju",
                 "cw", "pcw", "w", "known", "info")

    def __init__(self, qi: NameInfo):
        toks = qi.tokens
        alts, tok_alt = [], [0]
        for t in toks:
            alts.extend(t.units)
            tok_alt.append(len(alts))
        self.units, off = _pack_units(alts)
        self.a_s, self.a_e = off[:-1], off[1:]
        self.tok_alt = np.asarray(tok_alt, dtype=np.int64)
        self.ar = np.array([t.script == "arabic" for t in toks], dtype=bool)
        self.cp, self.cpo = _pack_text([t.text for t in toks])
        self.num = np.array(qi.is_num, dtype=bool)
        self.init = np.array([len(t.text) == 1 and t.script == "latin" and not t.is_number for t in toks], dtype=bool)
        self.first = np.array([ord(t.text[0]) if t.script == "latin" and t.text else -1 for t in toks], dtype=np.int64)
        self.jcp = _pack_text([qi.joined_text])[0]
        self.ju = np.asarray(qi.joined_units, dtype=np.int64)
        self.cw = np.asarray(qi.cov_weights, dtype=np.float64)
        self.pcw = np.asarray(qi.person_cov_weights, dtype=np.float64)
        self.w = np.asarray(qi.weights, dtype=np.float64)
        self.known = np.asarray(qi.known, dtype=bool)
        self.info = np.asarray(qi.info, dtype=np.float64)


def _run_starts(s: np.ndarray) -> np.ndarray:
    """Where each run of equal values of the sorted, non-empty ``s`` starts (a boolean mask)."""
    first = np.empty(len(s), dtype=bool)
    first[0] = True
    np.not_equal(s[1:], s[:-1], out=first[1:])
    return first


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` by a sort (NumPy 2.3+ hashes instead, three times slower on a query's few
    hundred ids)."""
    s = np.sort(a, axis=None)
    return s[_run_starts(s)] if len(s) else s


def _deletions(s: str) -> set[str]:
    return {s[:i] + s[i + 1:] for i in range(len(s))}


def token_keys(tok: Token) -> set[str]:
    """Retrieval keys of one indexed name part: its consonant key(s) (``s:``) and, for keys of four
    classes or more, their one-class deletions (``d:``); for parts whose key is too short to be
    selective, the text (``t:``) and its one-letter deletions (``u:``); numbers (``n:``)."""
    if tok.is_number:
        return {"n:" + tok.text}
    keys: set[str] = set()
    for s in tok.skel:
        if len(s) >= 2:
            keys.add("s:" + s)
        if len(s) >= 4:
            keys.update("d:" + d for d in _deletions(s))
    if not keys or all(len(s) < 3 for s in tok.skel):
        t = tok.text
        keys.add("t:" + t)
        if 3 <= len(t) <= 8:
            keys.update("u:" + d for d in _deletions(t))
    return keys


def query_keys(tok: Token, persian: bool = False) -> dict[str, float]:
    """Keys a query part looks up, with the share of their weight a match on them earns: the
    same key 1; one class more or less on either side 0.8; one substituted class 0.6 (symmetric
    delete, Garbe 2012). ``persian``: (twelfth round) the query is written in Persian letters
    (``PERSIAN_LETTERS``), so the Persian reading of an Arabic-script part (``arabic_alt_keys``:
    واثقی = Vaseghi, وزیری = Vaziri) is its own reading, looked up as its own keys are."""
    if tok.is_number:
        return {"n:" + tok.text: 1.0}
    keys: dict[str, float] = {}

    def put(k: str, f: float) -> None:
        if keys.get(k, 0.0) < f:
            keys[k] = f

    if persian and tok.script == "arabic":
        for s in _readings_keys(tok, [_persian_reading(_PERSIAN_READ_OTHERWISE)]):
            if len(s) >= 2:
                put("s:" + s, 1.0)
            if len(s) >= 3:
                put("d:" + s, 0.8)
    for s in tok.skel:
        if len(s) >= 2:
            put("s:" + s, 1.0)
        if len(s) >= 3:
            put("d:" + s, 0.8)
        if len(s) == 4:
            # (seventh round) one class more in the query than in a three-class listed key (Georges ~
            # GEORGE, KRKS ~ KRK), which has no deletion keys of its own
            for d in _deletions(s):
                put("s:" + d, 0.8)
    for s in arabic_alt_keys(tok) + latin_alt_keys(tok) + st_sp_alt_keys(tok):   # ظريف read as Zarif, جواد as Javad; Qathafi as Qadhafi
        if len(s) >= 2:
            put("s:" + s, 0.8)
        if len(s) >= 3:
            put("d:" + s, 0.6)
        if len(s) >= 4:
            for d in _deletions(s):
                put("s:" + d, 0.8)
                put("d:" + d, 0.6)
    if not keys or len(tok.skel[0]) < 3:
        # (thirteenth round) by the part's own key, its first: a part whose other readings have longer
        # keys (Čayka = Chayka, Tsayka) is still looked up by its letters
        t = tok.text
        put("t:" + t, 1.0)
        if 3 <= len(t) <= 9:
            put("u:" + t, 0.8)
        if 4 <= len(t) <= 9:
            for d in _deletions(t):
                put("t:" + d, 0.8)
                put("u:" + d, 0.6)
    return keys


# Letters Arabic script writes that Persian, Turkish, Urdu and Egyptian names read otherwise, so
# that the list's Latin spelling has another consonant key than the Arabic one: ظ and ذ as z
# (ظريف = Zarif, ذاکر = Zakir), ث as s (Persian: ثابت = Sabet), a و inside a word as v (جواد =
# Javad). Retrieval only (the transliteration model scores the pair); sources: the Persian and
# Urdu readings of these letters (ALA-LC Persian and Urdu romanization tables, 2012).
_ARABIC_READ_OTHERWISE = {"Z_": "Z", "DH": "Z", "TH": "S"}
# (twelfth round) and, for a name written in Persian letters only (``PERSIAN_LETTERS``), ض as z
# (رضا = Reza, رضایی = Rezaei; ALA-LC Persian table: ض = z with a dot below); not for Arabic text,
# where ض is d (الفاضل = al-Fadil, not Fazeel)
_PERSIAN_READ_OTHERWISE = dict(_ARABIC_READ_OTHERWISE, D_="Z")


def arabic_alt_keys(tok: Token) -> tuple[str, ...]:
    """Consonant keys of an Arabic-script part read the Persian/Turkish way (``_ARABIC_READ_OTHERWISE``,
    and a و between letters as v), besides its own keys; () when they are the same."""
    if tok.script != "arabic":
        return ()
    persian = _persian_reading()
    # (seventh round) ج as g, as Egyptian names and foreign names read it (جورج = George), a reading
    # of its own (جواد stays Javad in the Persian one)
    hard_g = (lambda k, n, names: "K" if n == "J" else None, lambda names: "J" in names)
    return _readings_keys(tok, [persian, hard_g])


#: (twelfth round) letters of the Persian alphabet that Arabic does not use (Farsi yeh U+06CC, keheh
#: U+06A9, pe, che, zhe, gaf): a name written with one of them is written in Persian orthography
#: (Unicode Standard, ch. 9.2, Arabic: Persian writes U+06CC and U+06A9 where Arabic writes ي and ك)
PERSIAN_LETTERS = frozenset("یکپچژگ")


def is_persian(text: str) -> bool:
    """(Twelfth round) Whether a name is written with letters only Persian orthography uses."""
    return any(ch in PERSIAN_LETTERS for ch in text)


def _persian_reading(table: dict[str, str] = _ARABIC_READ_OTHERWISE):
    """The Persian reading of Arabic letters (``table``; a و before the last letter as v) as
    ``(read, applies)`` for :func:`_keys_read`."""
    # (twelfth round) and a و at the start of a word too: Persian says و as v in every position but
    # the final long vowel (وزیری = Vaziri, واثقی = Vaseghi, ولی = Vali, وفائی = Vafaei; ALA-LC
    # Persian romanization table, 2012: و = v as a consonant); the Arabic reading (Walid) stays
    persian = (lambda k, n, names: table.get(n) or (
        "F" if n in ("W", "WU") and 0 <= k < len(names) - 1 else None),
        lambda names: any(n in table for n in names) or bool({"W", "WU"} & set(names[:-1])))
    return persian


def _readings_keys(tok: Token, readings: list[tuple]) -> tuple[str, ...]:
    """The keys of each reading ``(read, applies)`` of :func:`_keys_read` in turn, without those
    an earlier reading gave."""
    out: tuple[str, ...] = ()
    for read, applies in readings:
        out += tuple(x for x in _keys_read(tok, read, applies) if x not in out)
    return out


def _keys_read(tok: Token, read, applies) -> tuple[str, ...]:
    """Consonant keys of ``tok`` with some of its units read otherwise: ``read(k, unit name, names)``
    gives the class of unit ``k`` (None: its usual class), for the unit sequences where
    ``applies(names)``; the keys that are not already the part's own."""
    out = []
    for units in tok.units:
        names = [phonetic.UNITS[u] for u in units]
        if not applies(names):
            continue
        key = []
        for k, n in enumerate(names):
            c = read(k, n, names) or phonetic._FKEY.get(n)
            if c and (not key or key[-1] != c):
                key.append(c)
        alt = "".join(key)
        if alt and alt not in tok.skel and alt not in out:
            out.append(alt)
    return tuple(out)


#: (seventh round) nationality nisbas (the adjective of a country as a name part: al-Masri, المصري)
#: -> ISO 3166-1 alpha-2; spellings of the lists and the press, article aside
_NISBA = {
    "masri": "EG", "misri": "EG", "masry": "EG", "mesri": "EG", "مصري": "EG",
    "libi": "LY", "liby": "LY", "libee": "LY", "ليبي": "LY",
    "iraqi": "IQ", "iraki": "IQ", "عراقي": "IQ",
    "suri": "SY", "souri": "SY", "sury": "SY", "سوري": "SY",
    "yemeni": "YE", "yamani": "YE", "yemani": "YE", "يمني": "YE",
    "tunisi": "TN", "tounsi": "TN", "tunsi": "TN", "تونسي": "TN",
    "jazairi": "DZ", "djazairi": "DZ", "jazaery": "DZ", "جزائري": "DZ",
    "maghribi": "MA", "maghrebi": "MA", "مغربي": "MA",
    "urduni": "JO", "ordoni": "JO", "اردني": "JO",
    "filistini": "PS", "falastini": "PS", "فلسطيني": "PS",
    "lubnani": "LB", "lebnani": "LB", "لبناني": "LB",
    "saudi": "SA", "سعودي": "SA",
    "sudani": "SD", "soudani": "SD", "سوداني": "SD",
    "somali": "SO", "صومالي": "SO",
    "afghani": "AF", "افغاني": "AF",
    "kuwaiti": "KW", "كويتي": "KW",
    "qatari": "QA", "قطري": "QA",
    "turki": "TR", "تركي": "TR",
}


def nisba_reading(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], str] | None:
    """(Seventh round) The parts of a person's name without its one nationality nisba (written with
    the article, as the last part, after two parts or more: Abu al-Khair al-Masri, أبو الخير المصري)
    and the country it names; None otherwise."""
    if len(tokens) < 2:
        return None
    t = tokens[-1]
    if not t.article or t.is_number:
        return None
    x = t.text
    if t.script == "arabic":
        x = normalize_arabic(x)
        if x.startswith("ال"):
            x = x[2:]
    iso = _NISBA.get(x)
    return (tokens[:-1], iso) if iso else None


_LATIN_VOWEL_UNITS = frozenset({"A", "E", "I", "O", "U", "AX", "EX", "IX", "OX", "UX"})


def _voiced_s(k: int, names: list[str]) -> bool:
    """Unit ``k`` is an s written alone between two vowels."""
    return names[k] == "S" and 0 < k < len(names) - 1 and names[k - 1] in _LATIN_VOWEL_UNITS \
        and names[k + 1] in _LATIN_VOWEL_UNITS


def latin_alt_keys(tok: Token) -> tuple[str, ...]:
    """Consonant keys of a Latin part read otherwise, retrieval only (the transliteration model
    scores the pair); () when none:

    - (seventh round) ``th`` read as ذ (dh), which the English press writes th as well as ث
      (Qathafi = Qadhafi);
    - (ninth round) ``w`` read as v: German and Polish spellings, and Persian و, write v as w
      (SEWASTOPOL = SEVASTOPOL, ARWIN = ARVIN); the consonant key drops w (a semi-vowel) and
      keeps v, so the two spellings shared no key;
    - (ninth round) an ``s`` alone between two vowels read as z: English, German, French and Italian
      write a voiced s with s where a romanisation of Russian (з) or Persian (ز) writes z
      (PARTISAN = PARTIZAN, Mousavi / Mouzavi)."""
    if tok.script != "latin":
        return ()
    t = tok.text
    readings = []
    if "th" in t:
        readings.append((lambda k, n, names: "D" if n == "TH" else None, lambda names: "TH" in names))
    if "w" in t:
        readings.append((lambda k, n, names: "F" if n == "W" else None, lambda names: "W" in names))
    if "s" in t:
        readings.append((lambda k, n, names: "Z" if _voiced_s(k, names) else None,
                         lambda names: any(_voiced_s(k, names) for k in range(len(names)))))
    return _readings_keys(tok, readings)


def _first_consonant(names: list[str]) -> int:
    """The index of the first unit of a word when it is a consonant, or after an initial alef (hamza),
    as Arabic writes a word that opens with two consonants (اشتاينماير); -1 otherwise."""
    k = 0
    while k < len(names) and names[k] == "HMZ":
        k += 1
    return k if k < len(names) and phonetic._FKEY.get(names[k]) else -1


def _sh_for_s(k: int, names: list[str]) -> bool:
    """Unit ``k`` is the sh of a word-initial sht or shp (shb): the German st, sp said so."""
    f = _first_consonant(names)
    return k == f and names[k] == "SH" and k + 1 < len(names) and names[k + 1] in ("T", "P", "B")


def st_sp_alt_keys(tok: Token) -> tuple[str, ...]:
    """(Eighteenth round) Consonant keys of a part written with an initial sht, shp read as st, sp,
    retrieval only (the transliteration model scores the pair); () when none. German (and Dutch,
    Yiddish) st and sp at the start of a word or stem are said [ʃt], [ʃp] (Duden, Aussprachewörterbuch:
    Stein, Spiegel), and the languages that write names as they sound write them so: Arabic شت, شب /
    اشت (Studhalter = شتودهالتر, Steinmeier = اشتاينماير; the Arabic press usage, and the Library of
    Congress's Arabic transcriptions of German names), Russian and Ukrainian шт, шп (Steinmeier =
    Штайнмайер, Spiegel = Шпигель: the Russian practical transcription of German, Ermolovich,
    Imena sobstvennye na stykakh yazykov i kul'tur, 2001, and Wikipedia "German-Russian practical
    transcription"), and the lists write the German spelling (STUDHALTER, Alexander-Walter): the two
    shared no key (XTDHLTR, STDHLTR differ in a class and have no one-class deletion in common with the
    part's own keys)."""
    if tok.is_number:
        return ()
    return _readings_keys(tok, [(lambda k, n, names: "S" if _sh_for_s(k, names) else None,
                                 lambda names: any(_sh_for_s(k, names) for k in range(len(names))))])


# A part whose consonant key is one or two classes long (العاروري and Aruri: R; عيسى and Issa: S;
# صفي and Safi: SF) has no selective key of its own, and across scripts its text is no key either:
# such a part is looked up together with each other part of the name whose key is longer (the pair
# of their keys; two short parts make no selective pair: Sidi as-Sid, a place).
SHORT_KEY = 2


def pair_keys(tokens: tuple[Token, ...], query: bool = False) -> dict[str, tuple[int, int]]:
    """``p:`` keys of the pairs of parts of a name one of which has only short consonant keys
    (``SHORT_KEY`` classes or fewer) and the other not -> the positions of the two parts. A query also pairs the
    Persian/Turkish readings of its Arabic parts (``arabic_alt_keys``)."""
    shortness = {all(len(x) <= SHORT_KEY for x in t.skel) for t in tokens if not t.is_number and t.skel}
    if shortness == {True}:
        return short_pair_keys(tokens, query)
    if len(shortness) < 2:   # no short part beside a part with a selective key (most names): no pair
        return same_key_pairs(tokens)
    parts = [(k, t, set(x for x in t.skel if x) | (set(arabic_alt_keys(t)) if query else set()))
             for k, t in enumerate(tokens) if not t.is_number and t.skel]
    out: dict[str, tuple[int, int]] = {}
    if len(parts) < 2 or len(parts) > 8:
        return out
    for a in range(len(parts)):
        for b in range(a + 1, len(parts)):
            ia, ta, ka = parts[a]
            ib, tb, kb = parts[b]
            short_a = all(len(k) <= SHORT_KEY for k in ta.skel)
            short_b = all(len(k) <= SHORT_KEY for k in tb.skel)
            if short_a == short_b:   # one short part, paired with a part that has a selective key
                continue
            for x in ka:
                for y in kb:
                    out.setdefault("p:" + "|".join(sorted((x, y))), (ia, ib))
    return out


#: (seventeenth round) a name of two to this many parts, all of them with short keys, is looked up by
#: the pairs of its parts' keys (``short_pair_keys``)
SHORT_NAME_PARTS = 3


def short_pair_keys(tokens: tuple[Token, ...], query: bool = False) -> dict[str, tuple[int, int]]:
    """(Seventeenth round) ``p:`` keys of a name of two or three parts whose consonant keys are all
    short (Yosef Ayad: SF, D; Daoud el-Riz: D, RZ; يوسف عياد, داود الريز): each part's own key is
    shared by thousands of names (a one-class key, Aous: S, Ali: L, is no key at all) and its text
    is no key across scripts, so the right entry ranked past the candidate cut-off (111th of 221 for
    يوسف عياد ~ AYAD, Yosef) or was not a candidate (أوس علي ~ ALI, Aous). Two parts' keys make a
    pair key unless they are the same one class (D|D: Daud Daud). A query also pairs the
    Persian/Turkish readings of its Arabic parts."""
    parts = [(k, set(x for x in t.skel if x) | (set(arabic_alt_keys(t)) if query else set()))
             for k, t in enumerate(tokens) if not t.is_number and t.skel]
    out: dict[str, tuple[int, int]] = {}
    if not 2 <= len(parts) <= SHORT_NAME_PARTS:
        return out
    for a in range(len(parts)):
        for b in range(a + 1, len(parts)):
            (ia, ka), (ib, kb) = parts[a], parts[b]
            for x in ka:
                for y in kb:
                    if x != y or len(x) >= 2:
                        out.setdefault("p:" + "|".join(sorted((x, y))), (ia, ib))
    return out


def same_key_pairs(tokens: tuple[Token, ...]) -> dict[str, tuple[int, int]]:
    """(Seventeenth round) ``p:K|K`` for a name of two parts that have the same consonant key K (Ahmad al-Hamidawi: HMD, HMD; Hamid Ahmed; أحمد الحميداوي): each part's key is
    shared by every Ahmad, Hamid and Hamdi, and the two parts looked the entry up no better than one
    (AL-HAMIDAWI, Ahmad ranked 438th for أحمد الحميداوي). Keys of three classes or more."""
    parts = [(k, t.skel) for k, t in enumerate(tokens) if not t.is_number and t.skel]
    if len(parts) != 2:
        # two parts only: with a third, the two that share a key are two common names of a longer
        # name (Abdelrahim Hamid Ahmed met ALI, Ahmed Mohammed Hamed, a namesake, at 0.81)
        return {}
    out: dict[str, tuple[int, int]] = {}
    for a in range(len(parts)):
        for b in range(a + 1, len(parts)):
            for x in set(parts[a][1]) & set(parts[b][1]):
                if len(x) > SHORT_KEY:
                    out.setdefault("p:" + x + "|" + x, (parts[a][0], parts[b][0]))
    return out


def _arabic_marked(t: Token) -> bool:
    """A part that marks an Arabic name: Arabic script, the article (al-, ال), an Abd-/Abu- compound,
    or the commonest Arabic given name (Muhammad in any spelling, consonant key MHMD)."""
    return t.script == "arabic" or t.article or t.text.startswith(("abd", "abu")) or t.skel[:1] == ("MHMD",)


def entity_frequency_keys(e: Entity):
    """(schema family, [(name, kind, parts, family words)], (family, keys of all names, keys of
    the given names when the entity is a person with an Arabic name, else None)) of one entity;
    the keys feed ``frequency.KeyCounts`` (also used by scripts/build_name_frequencies.py)."""
    fam = schema_family(e.schema)
    names = []
    ks: set[str] = set()
    given: set[str] = set()
    arabic_named = False
    for n, kind in e.all_names():
        toks, fam_words = prepare_name(n, fam, listed=True)
        if not toks:
            continue
        names.append((n, kind, toks, fam_words))
        alt = org_reading(n, fam) if fam == "Organization" else None
        if alt and alt != toks:   # also indexed with its generic words in English (orgwords)
            names.append((n, kind, alt, 0))
        if fam == "Organization" and (ud := undotted(n)) is not None:
            # (twelfth round) also read with its abbreviations written without full stops (U.K. = UK)
            utoks, _ = prepare_name(ud, fam, listed=True)
            if utoks and utoks != toks:
                names.append((n, kind, utoks, 0))
        if fam == "Organization":
            # the acronym the list gives in brackets (ISLAMIC STATE WEST AFRICA PROVINCE (ISWAP)) is a
            # name of its own: asked for alone, it is the body's one word (a review, see matcher)
            for acr in _BRACKETED_ACRONYM.findall(n):
                atoks, _ = prepare_name(acr, fam, listed=True)
                if atoks and atoks != toks:
                    names.append((n, kind, atoks, 0))
            # (fifteenth round) and without an acronym written beside the words it spells (Libyan
            # Foreign Investment Company (LFIC)), as a query is read (acronyms.acronym_free_reading)
            # (appended after every other name of every entry, ScreeningIndex._build: the names' order
            # breaks ties between candidates, which these names must not move)
            af = acronym_free_reading(n)
            if af is not None:
                ftoks, _ = prepare_name(af, fam)
                # (session 13 review) not when it leaves vocabulary alone (FOREIGN TRADE BANK (FTB)):
                # the acronym is then the one word that names the body (vocabulary_only)
                if ftoks and ftoks != toks and not vocabulary_only(ftoks):
                    names.append((n, kind, ftoks, ACRONYM_FREE))
                falt = org_reading(af, fam)
                if falt and falt != ftoks and falt != alt and not vocabulary_only(falt):
                    names.append((n, kind, falt, ACRONYM_FREE))
            # (seventh round) the initials of its words (NATIONAL IRANIAN OIL COMPANY: NIOC), a name
            # that only an acronym asked for in capitals meets (ScreeningIndex._score_candidates)
            acr = derived_acronym(n)
            if acr:
                atoks, _ = prepare_name(acr, fam, listed=True)
                if len(atoks) == 1 and atoks != toks:
                    names.append((n, DERIVED_ACRONYM, atoks, 0))
            # (eleventh round) its words before the legal forms at its end (AVIA TRUST FZE: avia trust),
            # a name that only a query of one word meets (the press glues such names and leaves the
            # legal form out: AVIATRUST, DCBFINANCE); two words at least (KALA LIMITED is one word)
            core = glued_core(toks)
            if core is not None:
                names.append((n, GLUED_CORE, core, 0))
        ks.update(t.skel[0] for t in toks if t.skel)
        ks.update("f:" + t.fine for t in toks if t.fine)
        arabic_named = arabic_named or any(_arabic_marked(t) for t in toks)
        if fam == "Person" and len(toks) >= 2:  # the given name (first word read)
            t = toks[0]
            given.add(t.skel[0])
            if t.fine:
                given.add("f:" + t.fine)
    return fam, names, (fam, ks, given if (fam == "Person" and arabic_named) else None)


def vocabulary_only(toks: tuple[Token, ...]) -> bool:
    """(Session 13, review of the fifteenth round) Every part of an organisation's name is a word of
    ``orgwords``' vocabulary (``word_class``: a kind of body, a legal form, a particle, an adjective or
    trade) and none names a country or region (``place_word``): SOCIAL DEVELOPMENT FOUNDATION, FOREIGN
    TRADE BANK, not LIBYAN FOREIGN INVESTMENT COMPANY. Such a name does not single a body out: the
    country or address it is listed with does."""
    return bool(toks) and all(word_class(t.text) is not None and place_word(t.text) is None for t in toks)


_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{2,9})\)")
#: (fifteenth round) the family-words mark of a name read without an acronym beside its words
#: (``entity_frequency_keys``): such names go last in the index
ACRONYM_FREE = -1
#: the kind of an indexed name that is the initials of an organisation's name (seventh round)
DERIVED_ACRONYM = "derived_acronym"
#: the kind of an indexed name that is an organisation's name without its trailing legal forms
#: (eleventh round), met only by a query of one word (ScreeningIndex._score_candidates)
GLUED_CORE = "glued_core"


def glued_core(toks: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """(Eleventh round) The parts of an organisation's name before the legal forms at its end
    (``orgwords.word_class`` "legal": AVIA TRUST FZE, SAZEH MORAKAB CO. LTD), when at least one legal
    form is left out and two parts or more remain; None otherwise."""
    k = len(toks)
    while k > 2 and word_class(toks[k - 1].text) == "legal":
        k -= 1
    return toks[:k] if k < len(toks) else None
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "al", "el", "de", "du", "des", "la", "le", "on", "at", "to",
                           "a", "an", "&"})
_ACRONYM_WORD = re.compile(r"[A-Za-z]+")


def derived_acronym(name: str) -> str | None:
    """The initials of an organisation's name (seventh round): the first letter of every word but
    articles, prepositions and conjunctions, in capitals, for names of four to six such words
    written in Latin letters without digits (SYRIA INTERNATIONAL ISLAMIC BANK -> SIIB; three-letter
    initials are as often codes: airport codes among the GeoNames places of the region met them);
    text in brackets (an acronym the list gives, a place) is left out. None otherwise."""
    if not name or not name.isascii() or any(ch.isdigit() for ch in name):
        return None
    text = re.sub(r"\([^)]*\)", " ", name)
    words = [x for x in _ACRONYM_WORD.findall(text) if x.casefold() not in _ACRONYM_SKIP]
    if not 4 <= len(words) <= 6 or any(len(x) < 2 for x in words):
        return None
    return "".join(x[0] for x in words).upper()


def defined_acronyms(entities) -> dict[str, str]:
    """(Tenth round) Acronyms the lists define: an organisation's name that writes the words and
    then their initials in brackets (ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE) gives the
    acronym (lower case) -> those words; articles, prepositions and conjunctions may be left out of
    the initials (``_ACRONYM_SKIP``). An acronym two lists' names spell out differently is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        if e.schema != "Organization":
            continue
        for n, _ in e.all_names():
            for m in _BRACKETED_ACRONYM.finditer(n or ""):
                acr = m.group(1)
                if not (3 <= len(acr) <= 6 and acr.isupper() and acr.isascii()):
                    continue
                words = _ACRONYM_WORD.findall(n[:m.start()])
                picked: list[int] = []
                for k in range(len(words) - 1, -1, -1):
                    if len(picked) == len(acr):
                        break
                    if words[k].casefold() in _ACRONYM_SKIP:
                        continue
                    picked.append(k)
                if len(picked) == len(acr) and "".join(words[k][0] for k in reversed(picked)).upper() == acr:
                    found[acr.casefold()].add(" ".join(words[picked[-1]:]).upper())
    return {a: next(iter(x)) for a, x in sorted(found.items()) if len(x) == 1}


def alias_acronyms(entities) -> dict[str, str]:
    """(Twelfth round) Acronyms the lists give as an alias of an organisation (IRAN AIRCRAFT
    MANUFACTURING INDUSTRIAL COMPANY, alias HESA, the initials of its Persian name): a one-word alias
    of 4-6 Latin capitals that is no word of the primary name (of two words or more) -> the primary
    name (lower case acronym; bracketed text left out). Used only beside words of that name (see
    ``ScreeningIndex._expand_acronyms``): some such aliases are words or names (SADAF, PEOPLE). An
    acronym of two entries is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        if e.schema != "Organization" or not e.name:
            continue
        primary = re.sub(r"\([^)]*\)", " ", e.name).strip()
        pw = {x.casefold() for x in _ACRONYM_WORD.findall(primary)}
        if len(pw) < 2:
            continue
        for n, kind in e.all_names():
            if (kind == "alias" and 4 <= len(n) <= 6 and n.isascii() and n.isalpha() and n.isupper()
                    and n.casefold() not in pw):
                found[n.casefold()].add(primary.upper())
    return {a: next(iter(x)) for a, x in sorted(found.items()) if len(x) == 1}


_QUERY_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")


def is_acronym_query(name: str) -> bool:
    """A query written as an acronym: one word of four to six Latin capitals (NIOC, SIIB; three
    capitals are as often a code: the GeoNames places of the region hold airport codes)."""
    t = (name or "").strip()
    return 4 <= len(t) <= 6 and t.isascii() and t.isalpha() and t.isupper()


def joined_key(tokens: tuple[Token, ...]) -> str | None:
    if len(tokens) > 6:
        return None
    j = "".join(t.text for t in tokens)
    return "j:" + j if 4 <= len(j) <= 40 else None


@dataclass
class _Name:
    entity: int
    name: str
    kind: str
    info: NameInfo
    tok_ids: list[int]
    fam: str | None

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.info.tokens


_MISSING = object()
_SUB_ORDER = _kernels.sub_order(phonetic.SUB)  # each sound unit's partners, cheapest first (part_similarity)
ENTRY_POOL = 2        # retrieval looks at most this many times k names deep for k distinct entries
QUALIFIED_POOL = 10   # a query with a date of birth or nationality looks this many times further for its entry
#: (twelfth round) OFAC programme tags of Iran's sanctions that do not name the country (Iranian
#: Revolutionary Guard Corps, Iranian Financial Sanctions Regulations, Iran Sanctions Act; OFAC's
#: "Program Tag Definitions for OFAC Sanctions Lists"): a person under them is tied to Iran
_IRAN_PROGRAMS = frozenset({"IRGC", "IFSR", "ISA"})

#: A query's text is screened on its first this many characters (session 14 review): names and their
#: context are far shorter (the labelled sets' longest query row is 317 characters). The readers'
#: regular expressions were quadratic in a run of spaces or separators (a vessel name of 40,000 spaces
#: took 106 s of CPU, 20,000 took 28 s; a name query 36 s and 9 s; under load); since session 15 they
#: are linear (tests/test_screening_nineteenth_round_throughput.py) and the cut is a guard only, said
#: to the user (``query_cut``: ``query_note`` on each match, a warning from ``seasentry screen``).
MAX_QUERY_CHARS = 4000


def query_cut(text):
    """(Session 15) ``(text, note)``: a query's text cut to its first ``MAX_QUERY_CHARS`` characters,
    and the note that says so (``query_truncated``: how long the text was, how much was screened),
    or the text itself and None. The readers are linear in the text's length (session 15); the cut
    is a guard on the time and memory one query may take."""
    if isinstance(text, str) and len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], {
            "note": "query_truncated", "query_chars": len(text), "screened_chars": MAX_QUERY_CHARS,
            "message": f"the query is {len(text):,} characters long: only its first {MAX_QUERY_CHARS:,} "
                       "were screened"}
    return text, None


def with_query_note(matches: list[dict[str, Any]], note: dict | None) -> list[dict[str, Any]]:
    """(Session 15) Each match of a cut query with the cut's note under ``query_note`` (a field
    added; the others unchanged); the matches themselves when the query was not cut."""
    return matches if note is None else [dict(m, query_note=note) for m in matches]


POSTING_CACHE_SIZE = 20_000  # query parts whose candidate postings are kept (cleared when full)


def _company_number(qt: QueryText, fam: str | None) -> bool:
    """(Sixteenth round) The seven-digit number after IMO in a company's name is the company's own
    number (IMO Resolution A.1078(28), the IMO Unique Company and Registered Owner Identification Number
    Scheme, numbers assigned by IHS/S&P Global and shown beside the company in Equasis and Sea-web), not
    a ship's: a query of no stated kind with no MMSI, whose number fails the ship number's check digit
    (a ship's IMO number is valid by construction) and whose name holds a company's legal form, is
    screened as the company's name (the number set aside)."""
    if fam is not None or qt.mmsi or not qt.imo or imo_check_digit_ok(qt.imo) or not qt.name:
        return False
    return any(word_class(w.strip(".,;:()[]")) == "legal" for w in qt.name.split())


def _cleaned(written: str, clean: str, steps: tuple, results: list[dict], explain: bool, cap) -> list[dict]:
    """(Nineteenth round) Results of a query whose text hygiene changed it: the explanation says what
    was read (``query_cleaned``: written, read_as, steps); a name rebuilt whole from the bytes of
    mojibake in another script (hygiene.REBUILT) is capped below alert by ``cap``."""
    if REBUILT in steps:
        results = [cap(r) for r in results]
        results.sort(key=lambda m: (-m["score"], m["entity_id"]))
    if not steps or not explain:
        return results
    note = {"written": written, "read_as": clean, "steps": list(steps)}
    return [dict(r, explanation=dict(r["explanation"], query_cleaned=note)) if isinstance(r.get("explanation"), dict)
            else r for r in results]


def _with_feature(expl: dict, feature: dict) -> dict:
    """A copy of the explanation ``expl`` with ``feature`` added at the end of its features."""
    return dict(expl, features=list(expl.get("features", [])) + [feature])


def _common_word_bare(quals: list[dict], name: str, listed_category: str | None = None) -> bool:
    """(Session 15, nineteenth round) Whether a vessel query that met a listed ship's one common word
    (FREEDOM, TANGO) did so by that bare word alone, as AIS and ship registers write a name: one word of
    Latin letters (AIS names are in the six-bit character set of ITU-R M.1371: upper-case Latin letters,
    digits, a few signs), no flag, AIS ship type or call sign that agrees (qualifiers). Many ships bear
    such a name, and the identity feed that gives it gives identifiers too: a review (``single_part_cap``)
    until one agrees. A name written with a ship-kind word (M/T, M/V, کشتی, fartyget), a former name
    (HAWK EX HONAR) or in another script comes from a text about that ship: not this rule."""
    if any(q["feature"] in ("flag_match", "type_match", "callsign_match") for q in quals):
        return False
    word = name.strip()
    kind = ship_kind_prefix(word)
    if kind is not None:
        # (session 16, 22v) an AIS name opens with the ship-kind word its owner registered: a yacht's
        # (M/Y, MY, S/Y, SY: a pleasure craft, AIS type 37) before a ship the list gives as another kind
        # (M/Y FREEDOM, a crude oil tanker) is that bare word by name alone. M/T, M/V are written loosely
        # for any merchant ship (the press's M/T CARIBE of a listed tug): the text's word, as before
        if kind[0] != "pleasure" or listed_category in (None, "pleasure"):
            return False
        word = kind[1].strip()
    return word.isascii() and word.isalpha()


def _acronym_words(tokens: tuple[Token, ...]) -> set[str]:
    """(Session 15) The words of a name ``_acronym_of_run`` may read as an acronym: Latin letters,
    three to six, no number."""
    return {t.text for t in tokens if t.script == "latin" and not t.is_number and 3 <= len(t.text) <= 6
            and t.text.isalpha()}


def _run_initials(tokens: tuple[Token, ...]) -> set[str]:
    """(Session 15) The initials of every run of three to six consecutive words of a name that
    ``_acronym_of_run`` may read as an acronym's words (Latin letters, no number, two letters or
    more): a superset of what it pairs, for the look-ups of ``_org_vocabulary_bound``."""
    out: set[str] = set()
    ok = [t.script == "latin" and not t.is_number and len(t.text) >= 2 for t in tokens]
    for s0 in range(len(tokens)):
        x = ""
        for k in range(s0, min(len(tokens), s0 + 6)):
            if not ok[k]:
                break
            x += tokens[k].text[0]
            if len(x) >= 3:
                out.add(x)
    return out


class ScreeningIndex:
    """Screen names and vessel identities against loaded sanctions entities."""

    def __getstate__(self):  # the caches filled by queries are not part of the index
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_cache")}

    def clear_caches(self) -> None:
        """Forget what queries taught the caches (postings and information of query parts, the
        tokenisation of names and words, module-wide): screening then runs as in a fresh process,
        but for the compiled kernels. Results never depend on the caches."""
        from . import hygiene, text

        self.__dict__.pop("_posting_cache", None)
        self.__dict__.pop("_part_key_cache", None)
        self.frequency.part_cache.clear()
        self.frequency._info.clear()
        for f in (text.tokenize_name, text._latin_token, phonetic.latin_units, phonetic.arabic_units,
                  phonetic.frequency_key, phonetic.fine_key, hygiene.clean_query_explained,
                  hygiene._readings_cached):
            f.cache_clear()

    def __init__(self, entities: Iterable[Entity], versions: dict[str, str] | None = None,
                 review_threshold: float | None = None, alert_threshold: float | None = None,
                 weights: MatchWeights = DEFAULT_WEIGHTS, max_candidates: int | None = None,
                 max_posting: int | None = None):
        """Defaults of the thresholds and retrieval sizes: the ``screening`` section of the
        configuration (``seasentry.config.ScreeningConfig``), so that every caller screens alike."""
        # the build makes a million small objects and no reference cycles: the cyclic garbage
        # collector would walk them again and again (a third of the build time), so it waits
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            self._build(entities, versions, review_threshold, alert_threshold, weights, max_candidates, max_posting)
        finally:
            if gc_was_on:
                gc.enable()

    def _build(self, entities, versions, review_threshold, alert_threshold, weights, max_candidates, max_posting):
        from ..config import ScreeningConfig

        d = ScreeningConfig()
        review_threshold = d.review_threshold if review_threshold is None else review_threshold
        alert_threshold = d.alert_threshold if alert_threshold is None else alert_threshold
        max_candidates = d.max_candidates if max_candidates is None else max_candidates
        max_posting = d.max_posting if max_posting is None else max_posting
        self.entities: list[Entity] = list(entities)
        self.versions = dict(versions or {})
        self.review_threshold = review_threshold
        self.alert_threshold = alert_threshold
        self.weights = weights
        self.max_candidates = max_candidates
        self.max_posting = max_posting
        self.by_imo: dict[int, list[int]] = defaultdict(list)
        self.by_mmsi: dict[int, list[int]] = defaultdict(list)
        # (tenth round) acronyms the lists spell out (IRGC), read in a query beside other words
        self.acronyms = defined_acronyms(self.entities)
        self.alias_acronyms = alias_acronyms(self.entities)
        fam_codes = {"Person": 1, "Organization": 2, "Vessel": 3, "Airplane": 4}
        self._fam_codes = fam_codes
        # pass 1: cut every name into parts; how common each part is on these lists
        prepared: list[tuple[int, str, str, str | None, tuple[Token, ...], int]] = []
        keys_per_entity: list[tuple[str | None, set[str], set[str] | None]] = []
        late: list[tuple[int, str, str, str | None, tuple[Token, ...], int]] = []
        for ei, e in enumerate(self.entities):
            if e.imo:
                self.by_imo[int(e.imo)].append(ei)
            if e.mmsi:
                self.by_mmsi[int(e.mmsi)].append(ei)
            fam, names, keys = entity_frequency_keys(e)
            prepared += [(ei, n, kind, fam, toks, fam_words) for n, kind, toks, fam_words in names
                         if fam_words != ACRONYM_FREE]
            late += [(ei, n, kind, fam, toks, 0) for n, kind, toks, fam_words in names if fam_words == ACRONYM_FREE]
            keys_per_entity.append(keys)
        # (fifteenth round) the names read without an acronym, last, and not looked up by their own
        # keys: each is scored whenever the name it was read from is a candidate (``candidates``), so
        # that the look-up of every other query (the keys' postings and IDF) stays as it was
        n_regular = len(prepared)
        prepared += late
        first_name: dict[tuple[int, str], int] = {}
        self._companions: dict[int, list[int]] = {}
        self.frequency = NameFrequency.from_keys(keys_per_entity)
        # pass 2: names, parts and postings
        self.names: list[_Name] = []
        self.tokens: list[Token] = []
        tok_index: dict[Token, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        name_fam: list[int] = []
        weak_akas = [weak_alias_names(e) for e in self.entities]
        for pi, (ei, n, kind, fam, toks, fam_words) in enumerate(prepared):
            info = NameInfo(n, toks, fam_words, fam, self.frequency, weights)
            # (session 14) a weak alias is not the very name on the list for review however common
            # (matcher.exact_floor_applies)
            info.weak_name = kind == "weak_alias" or (kind == "alias" and weak_akas[ei])
            if info.surnames is not None and not LUSOPHONE_COUNTRIES.isdisjoint(
                    entity_countries(self.entities[ei].countries, self.entities[ei].programs)):
                # (Session 16) two family names of a person of Portuguese naming: the last is the main
                info.set_lusophone(weights)
            if fam == "Person" and "MM" in self.entities[ei].countries:
                info.burmese = True   # (Session 16, 22f) Burmese names: matcher._burmese_syllables_differ
            if fam == "Organization":   # the countries the entry is tied to (matcher: org_place_conflict)
                e = self.entities[ei]
                info.countries = entity_countries(e.countries, e.programs)
            elif fam == "Person" and not info.nasab:
                # (twelfth round) a person of a country whose names follow the Arabic naming chain, or
                # of no known country (tied to none by nationality, address or programme): read as
                # nasab, the conservative reading (a query part paired with a middle name names a
                # relative). Only a person tied to other countries only has second given names
                e = self.entities[ei]
                known = entity_countries(e.countries, e.programs) | (
                    {"IR"} if not _IRAN_PROGRAMS.isdisjoint(str(p).upper() for p in e.programs) else set())
                info.nasab = not known or not NASAB_COUNTRIES.isdisjoint(known)
            ids = []
            for t in toks:
                ti = tok_index.get(t)
                if ti is None:
                    ti = tok_index[t] = len(self.tokens)
                    self.tokens.append(t)
                ids.append(ti)
            ni = len(self.names)
            self.names.append(_Name(ei, n, kind, info, ids, fam))
            name_fam.append(fam_codes.get(fam or "", 0))
            if pi >= n_regular:
                if (ei, n) in first_name:
                    self._companions.setdefault(first_name[(ei, n)], []).append(ni)
                continue
            first_name.setdefault((ei, n), ni)
            # (eleventh round) a name without its legal forms is found through its glued form only
            keys = set() if kind == GLUED_CORE else set().union(*(token_keys(t) for t in toks)) | set(pair_keys(toks))
            jk = joined_key(toks)
            if jk:
                keys.add(jk)
            if fam == "Person" and fam_words == 2 and len(toks) >= 3 and kind != GLUED_CORE:
                # (fourteenth round) a family name of two words (NAHAR DANI, Reza) is also found glued
                # (نهاردانی, Nahardani: Persian writes such compound names as one word, as the press does)
                a, b = toks[-2], toks[-1]
                if a.script == b.script == "latin" and not (a.is_number or b.is_number) \
                        and len(a.text) >= 3 and len(b.text) >= 3:
                    g = _latin_token(a.text + b.text, "latin")
                    if g is not None:
                        keys |= token_keys(g)
            for k in keys:
                postings[k].append(ni)
        n_names = max(1, len(self.names) - (len(prepared) - n_regular))
        # in key order, so that the same lists give the same index, byte for byte (issue 19 stores it)
        self.postings = {k: np.asarray(postings[k], dtype=np.int32) for k in sorted(postings)}
        self.idf = {k: math.log(1 + n_names / len(v)) for k, v in self.postings.items()}
        self._name_fam = np.asarray(name_fam, dtype=np.int8)
        self._name_entity = np.asarray([r.entity for r in self.names], dtype=np.int32)
        # sound units of every indexed part, packed for the compiled comparison
        alts: list[tuple[int, ...]] = []
        alt_ar: list[bool] = []
        self._tok_alt = np.zeros(len(self.tokens) + 1, dtype=np.int64)
        for ti, t in enumerate(self.tokens):
            for u in t.units:
                alts.append(u)
                alt_ar.append(t.script == "arabic")
            self._tok_alt[ti + 1] = len(alts)
        self._units, off = phonetic.pack(alts)
        self._alt_start, self._alt_end = off[:-1].copy(), off[1:].copy()
        self._alt_ar = np.asarray(alt_ar, dtype=bool)
        # per name: its parts (padded with a sentinel), their weights, and its glued form
        width = max((len(r.tok_ids) for r in self.names), default=1)
        self._sentinel = len(self.tokens)
        self._tok_mat = np.full((len(self.names), width), self._sentinel, dtype=np.int64)
        self._w_mat = np.zeros((len(self.names), width))
        self._cw_mat = np.zeros((len(self.names), width))
        self._i_mat = np.zeros((len(self.names), width))
        self._unknown_mat = np.zeros((len(self.names), width), dtype=bool)
        for i, r in enumerate(self.names):
            k = len(r.tok_ids)
            self._tok_mat[i, :k] = r.tok_ids
            self._w_mat[i, :k] = r.info.weights
            self._cw_mat[i, :k] = r.info.cov_weights
            self._i_mat[i, :k] = r.info.info
            self._unknown_mat[i, :k] = [not x for x in r.info.known]
        self._ntok = np.array([len(r.tok_ids) for r in self.names], dtype=np.int64)
        self._nnum = np.array([len(r.info.numbers) for r in self.names], dtype=np.int64)
        self._abjad = np.array([r.info.abjad for r in self.names], dtype=bool)
        self._nstrong = np.array([r.info.n_strong for r in self.names], dtype=np.int64)
        self._joined_text = [r.info.joined_text for r in self.names]
        self._joined_units, joff = phonetic.pack([r.info.joined_units for r in self.names])
        self._joined_start, self._joined_end = joff[:-1].copy(), joff[1:].copy()
        self._tok_text = [t.text for t in self.tokens]
        self._tok_num = np.array([t.is_number for t in self.tokens] + [False], dtype=bool)
        self._tok_ar = np.array([t.script == "arabic" for t in self.tokens] + [False], dtype=bool)
        self._tok_init = np.array([len(t.text) == 1 and t.script == "latin" and not t.is_number
                                   for t in self.tokens] + [False], dtype=bool)
        self._tok_orig = np.array([bool(t.orig) for t in self.tokens] + [False], dtype=bool)
        self._tok_first = np.array([ord(t.text[0]) if t.script == "latin" and t.text else -1 for t in self.tokens]
                                   + [-1], dtype=np.int64)
        self._tcp, self._tcpo = _pack_text([t.text for t in self.tokens])
        self._jcp, self._jcpo = _pack_text(self._joined_text)
        self._not_fam = {f: self._name_fam != code for f, code in fam_codes.items()}
        self._build_org_bound_tables()

    def _build_org_bound_tables(self) -> None:
        """(Session 15) What ``_org_vocabulary_bound`` looks up instead of looping over every candidate:
        which names are bodies' names it may lift (not a vessel's, not a person's, read as a body's), the
        indexed parts' texts in sorted order (a query word opening a part), each text's parts (a part
        opening a query word), and the parts of each concept of ``SAME_CONCEPT``."""
        self._org_body = np.array([r.fam != "Vessel" and not r.info.person and r.info.org_class is not None
                                   for r in self.names], dtype=bool)
        order = sorted(range(len(self.tokens)), key=lambda i: self._tok_text[i])
        self._tok_sorted_text = [self._tok_text[i] for i in order]
        self._tok_sorted_id = np.asarray(order, dtype=np.int64)
        by_text: dict[str, list[int]] = defaultdict(list)
        by_concept: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(self._tok_text):
            by_text[t].append(i)
            if t in SAME_CONCEPT:
                by_concept[SAME_CONCEPT[t]].append(i)
        self._tok_by_text = {t: np.asarray(v, dtype=np.int64) for t, v in by_text.items()}
        self._tok_longest = max(map(len, self._tok_text), default=0)
        self._tok_by_concept = {c: np.asarray(v, dtype=np.int64) for c, v in by_concept.items()}
        by_run: dict[str, list[int]] = defaultdict(list)
        for ni in np.flatnonzero(self._org_body).tolist():
            for x in _run_initials(self.names[ni].info.tokens):
                by_run[x].append(ni)
        self._names_by_run = {x: np.asarray(v, dtype=np.int64) for x, v in sorted(by_run.items())}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_connection(cls, con, lists: list[str] | None = None, config=None, **kw) -> "ScreeningIndex":
        """Build from the ``sanctions_*`` tables of a DuckDB connection (the seasentry store)."""
        from .store import current_entities, current_versions

        ents = current_entities(con)
        if lists:
            ents = [e for e in ents if e.list in lists]
        if config is not None:
            sc = getattr(config, "screening", config)
            kw.setdefault("review_threshold", sc.review_threshold)
            kw.setdefault("alert_threshold", sc.alert_threshold)
            if hasattr(sc, "max_candidates"):
                kw.setdefault("max_candidates", sc.max_candidates)
            if hasattr(sc, "max_posting"):
                kw.setdefault("max_posting", sc.max_posting)
        return cls(ents, current_versions(con), **kw)

    def __len__(self) -> int:
        return len(self.entities)

    def decision(self, score: float) -> str | None:
        if score >= self.alert_threshold:
            return "alert"
        if score >= self.review_threshold:
            return "review"
        return None

    # ------------------------------------------------------------------ retrieval
    def _postings_of(self, keys: dict[str, float]) -> tuple[np.ndarray, np.ndarray] | None:
        """Names sharing any of ``keys`` (key -> share of its weight a match earns) and, per name,
        the IDF of the best key it shares, times that share."""
        present = [(kk, f, self.postings[kk]) for kk, f in keys.items() if kk in self.postings]
        if not present:
            return None
        small = [kp for kp in present if len(kp[2]) <= self.max_posting]
        if small:
            present = small
        else:  # only very common keys (Mohammed): the part's own key, not its deletions
            present = sorted(present, key=lambda kp: (-kp[1], len(kp[2])))[:1]
        ids = np.concatenate([p for _, _, p in present])
        idf = np.repeat(np.array([self.idf[kk] * f for kk, f, _ in present]), [len(p) for _, _, p in present])
        if len(present) > 1:  # best key per name for this part
            order = np.lexsort((-idf, ids))
            ids, idf = ids[order], idf[order]
            first = _run_starts(ids)
            ids, idf = ids[first], idf[first]
        return ids, idf

    def _cached_postings(self, key, make) -> tuple[np.ndarray, np.ndarray] | None:
        """``_postings_of`` of a query part (or glued name), kept for the next queries with that
        part: names are made of a few thousand common parts."""
        cache = self.__dict__.setdefault("_posting_cache", {})
        got = cache.get(key, _MISSING)  # one look-up: safe when another thread clears the cache
        if got is _MISSING:
            if len(cache) >= POSTING_CACHE_SIZE:
                cache.clear()
            got = cache[key] = self._postings_of(make())
        return got

    def candidates(self, qi: NameInfo, schema: str | None = None, k: int | None = None) -> list[int]:
        """Indexed name ids sharing keys with the query, best first (see the module docstring)."""
        k = k or self.max_candidates
        all_ids, all_sc = [], []
        part_keys = self.__dict__.setdefault("_part_key_cache", {})
        persian = qi.abjad and is_persian(qi.name)   # (twelfth round) written in Persian letters
        for t, wt in zip(qi.tokens, qi.weights):
            # the postings are cached by the part's keys themselves (so two parts share an entry only
            # when they look up the same keys: a key made of some of the part's fields missed the
            # Persian readings of Arabic letters, arabic_alt_keys, and made answers depend on the
            # queries asked before); the keys of a part are cached by the part (a frozen Token)
            pk_key = (t, True) if persian and t.script == "arabic" else t
            ck = part_keys.get(pk_key)
            if ck is None:
                if len(part_keys) >= POSTING_CACHE_SIZE:
                    part_keys.clear()
                ck = part_keys[pk_key] = tuple(query_keys(t, pk_key is not t).items())  # in their order: _postings_of breaks ties by it
            got = self._cached_postings(ck, lambda ck=ck: dict(ck))
            if got is not None:
                all_ids.append(got[0])
                all_sc.append(got[1] * max(wt, 0.05))
        jk = joined_key(qi.tokens)
        if jk:
            got = self._cached_postings(jk, lambda: {jk: 1.0})
            if got is not None:
                all_ids.append(got[0])
                all_sc.append(got[1])
        # a short-key part with each other part, as much as the commoner of the two weighs
        for pk, (a, b) in sorted(pair_keys(qi.tokens, query=True).items()):
            got = self._cached_postings(pk, lambda pk=pk: {pk: 1.0})
            if got is not None:
                all_ids.append(got[0])
                all_sc.append(got[1] * max(min(qi.weights[a], qi.weights[b]), 0.05))
        if not all_ids:
            return []
        ids = np.concatenate(all_ids)
        sc = np.concatenate(all_sc)
        fam = schema_family(schema)
        if fam:
            code = self._fam_codes.get(fam, -1)
            keep = self._name_fam[ids] == code
            ids, sc = ids[keep], sc[keep]
        if not len(ids):
            return []
        if len(ids) < 1000:  # few postings: sort them
            nz = _sorted_unique(ids)
            acc = np.bincount(np.searchsorted(nz, ids), weights=sc)
        else:  # many: count over all names (a sort of thousands of ids costs more)
            acc = np.bincount(ids, weights=sc, minlength=len(self.names))
            seen = np.zeros(len(self.names), dtype=bool)
            seen[ids] = True
            nz = np.flatnonzero(seen)
            acc = acc[nz]
        if len(nz) > k:
            # k entries rather than k names (fifth round): an entry's aliases (NOURREDINE ADAM,
            # Nourreddine Adam, Nureldine Adam ...) share their keys and scores, and took the places
            # of other entries; the best names are kept until k distinct entries are in
            m = min(len(nz), ENTRY_POOL * k)
            top = np.argpartition(-acc, m - 1)[:m] if m < len(nz) else np.arange(len(nz))
            nz, acc = nz[top], acc[top]
            order = np.lexsort((nz, -acc))
            nz = nz[order]
            ents = self._name_entity[nz]
            _, first = np.unique(ents, return_index=True)
            if len(first) > k:   # the k-th distinct entry's first name: keep the names before it and it
                cut = np.sort(first)[k - 1] + 1
                nz = nz[:cut]
            return self._with_companions(nz.tolist())
        order = np.lexsort((nz, -acc))  # best first, then by name id (as before: stable)
        return self._with_companions(nz[order].tolist())

    def _with_companions(self, names: list[int]) -> list[int]:
        """(Fifteenth round) ``names`` and after them the names read from them without an acronym
        (``_build``), which have no postings of their own."""
        comp = getattr(self, "_companions", None)
        if not comp:
            return names
        extra = [c for ni in names for c in comp.get(ni, ())]
        return names + extra if extra else names

    # ------------------------------------------------------------------ scoring
    def _part_similarity(self, qi: NameInfo, tok_ids: np.ndarray, qa: _QueryArrays | None = None) -> np.ndarray:
        """Similarity of the query parts to the indexed parts ``tok_ids``, shape (nq, len(tok_ids)):
        the rules of ``matcher.similarity_matrix``, compiled (``_kernels.part_similarity``)."""
        qa = qa or _QueryArrays(qi)
        out = np.zeros((len(qi.tokens), len(tok_ids)))
        if out.size:
            _kernels.part_similarity(qa.units, qa.a_s, qa.a_e, qa.tok_alt, qa.ar, qa.cp, qa.cpo, qa.num, qa.init,
                                     qa.first, np.asarray(tok_ids, dtype=np.int64), self._units, self._alt_start,
                                     self._alt_end, self._tok_alt, self._tok_ar, self._tcp, self._tcpo,
                                     self._tok_num, self._tok_init, self._tok_first, phonetic.SUB, phonetic.WEIGHT,
                                     phonetic.INS_LAT, phonetic.DEL_AR, phonetic.INDEL_LAT, phonetic.INDEL_AR,
                                     self.weights.initial_similarity, self.weights.min_part_similarity, out,
                                     _SUB_ORDER)
        # (fourteenth round) the part rules of matcher.pair_adjustment (glued article across scripts,
        # Slavic family-name endings), on the cells that could count (at least part_sim_zero)
        cells = np.argwhere(out >= self.weights.part_sim_zero)
        if len(cells):
            toks = self.tokens
            for i, c in cells.tolist():
                x = pair_adjustment(qi.tokens[i], toks[int(tok_ids[c])], float(out[i, c]))
                if x is not None:
                    out[i, c] = x
        if any(t.orig for t in qi.tokens) and self._tok_orig[tok_ids].any():
            # parts romanised from the same non-Latin script: compared letter for letter (matcher)
            return similarity_matrix(qi.tokens, [self.tokens[t] for t in tok_ids.tolist()], self.weights, phon=out)
        return out

    def _upper_bounds(self, qi: NameInfo, cand: np.ndarray, inv: np.ndarray, sim: np.ndarray,
                      typed: bool = False, qa: _QueryArrays | None = None, u_num: np.ndarray | None = None
                      ) -> np.ndarray:
        """Upper bound of the name score of every candidate name (``_kernels.upper_bounds``): best
        partner of every part (no one-to-one constraint), glued names, and the evidence cap; the
        scorer's discounts are left out, so that no name that could reach ``min_score`` is skipped."""
        w = self.weights
        qa = qa or _QueryArrays(qi)
        if u_num is None:
            u_num = np.zeros(sim.shape[1], dtype=bool)
        # a one-word query may be scored as typed (matcher: one_word_org_weight): its bound as typed
        typed = typed or len(qi.tokens) == 1
        zero, full = (w.typed_evidence_zero, w.typed_evidence_full) if typed else (w.evidence_zero, w.evidence_full)
        out = np.empty(len(cand))
        js_out = np.empty(len(cand))
        _kernels.upper_bounds(sim, u_num, inv, cand, len(qi.tokens), qa.cw, qa.pcw, qa.w, qa.known, qa.info, qa.num,
                              qi.person, qi.abjad, qa.jcp, qa.ju, qi.abjad, self._cw_mat, self._w_mat,
                              self._unknown_mat, self._i_mat, self._ntok, self._abjad, self._name_fam, self._jcp,
                              self._jcpo, self._joined_units, self._joined_start, self._joined_end, phonetic.SUB,
                              phonetic.WEIGHT, phonetic.INS_LAT, phonetic.DEL_AR, phonetic.INDEL_LAT,
                              phonetic.INDEL_AR, w.min_part_similarity, w.part_sim_zero, w.part_sim_full,
                              w.long_side_share, w.min_part_weight, w.part_information_cap, w.concat_factor,
                              w.joined_min_similarity, w.evidence_floor, zero, full,
                              max(w.exact_name_floor, w.exact_rare_name_floor), qi.n_strong, self._nstrong, typed,
                              w.single_part_factor, w.single_word_query_factor, w.org_single_part_factor,
                              w.single_part_cap, w.typed_single_part_cap, w.single_part_exact,
                              w.single_part_fuzzy_zero,
                              # (seventh round) an Arabic query that says what kind of body it names is
                              # not discounted as one word across scripts (matcher)
                              # (thirteenth round) nor one that says it names a ship (matcher: ship_word)
                              # (twentieth round) nor, against a name with the same title, one that writes a
                              # religious title (matcher._shared_title_one_name: the bound lifted for any)
                              1.0 if (qi.abjad and ((qi.org_class and "kind" in qi.org_class) or qi.ship_word
                                                    or qi.titles))
                              else w.cross_script_single_factor, out, js_out, _SUB_ORDER)
        return self._org_vocabulary_bound(qi, cand, inv, sim, out), js_out

    def _org_vocabulary_bound(self, qi: NameInfo, cand: np.ndarray, inv: np.ndarray, sim: np.ndarray,
                              ub: np.ndarray) -> np.ndarray:
        """(session 14, eighteenth round) The upper bound lifted to 1 (the scorer decides) for the names
        of bodies whose parts the scorer pairs by the organisation rules the kernel does not know
        (matcher: a word cut short, words of one concept, an acronym of a run of words), so that no
        such name is skipped. Only for a query read as a body's name, not a person's."""
        if qi.org_class is None or qi.person or not any(t.script == "latin" for t in qi.tokens):
            return ub   # (the three rules pair words in Latin letters only)
        w = self.weights
        # (session 15) only the candidates that could meet one of the three rules are looked at one by
        # one (the rules unchanged): a body's name whose bound is below 1 and that has a part one of
        # the query's words opens or that opens one (a word cut short), a part of a concept of the
        # query's words (words of one concept), or a part an query part meets exactly (an acronym)
        look = self._org_body[cand] & (ub < 1.0)
        if not look.any():
            return ub
        # (a word cut short with its full stop may be three letters long: _dotted_abbreviations)
        parts = self._org_rule_parts(qi, min(w.abbreviated_word_min_letters, 3) if "." in qi.name
                                     else w.abbreviated_word_min_letters)
        maybe = self._has_part(cand, parts)
        if sim.size:
            # an acronym: beside an exact pair, a word of one name that is the initials of a run of the other's
            exact = (sim >= 0.999).any(axis=0)[inv].any(axis=1) & ~maybe
            if exact.any():
                acr = self._acronym_parts(qi)
                runs = [self._names_by_run[x] for x in _acronym_words(qi.tokens) if x in self._names_by_run]
                has_run = np.zeros(len(self.names), dtype=bool)
                for r in runs:
                    has_run[r] = True
                maybe |= exact & (self._has_part(cand, acr) | has_run[cand])
        look &= maybe
        if not look.any():
            return ub
        out = None
        for k in np.flatnonzero(look).tolist():
            ci = self.names[int(cand[k])].info
            hit = bool(_abbreviated_vocabulary(qi, ci, w) or _same_concept(qi, ci)
                       # (session 15, nineteenth round) a word cut short with its full stop (Nat., NAC.)
                       or ("." in qi.name and _dotted_abbreviations(qi, ci, w)))
            if not hit:
                sub = sim[:, inv[k, : len(ci.tokens)]]
                if sub.size and sub.max() >= 0.999:   # an acronym pairs only beside an exact pair
                    pairs = [(i, j, 1.0) for i, j in zip(*np.nonzero(sub >= 0.999))]
                    hit = _acronym_of_run(qi, ci, pairs) is not None
            if hit:
                out = ub.copy() if out is None else out
                out[k] = 1.0
        return ub if out is None else out

    def _parts_inside(self, joined: str) -> np.ndarray:
        """(Session 15) The indexed parts whose text, three letters or more, stands whole in
        ``joined`` (a query's joined letters): each of its substrings up to the longest part's
        length looked up once."""
        longest, by_text = self._tok_longest, self._tok_by_text
        found = []
        seen = set()
        n = len(joined)
        for i in range(n - 2):
            for j in range(i + 3, min(n, i + longest) + 1):
                x = joined[i:j]
                if x in by_text and x not in seen:
                    seen.add(x)
                    found.append(by_text[x])
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def _has_part(self, cand: np.ndarray, parts: np.ndarray) -> np.ndarray:
        """(Session 15) Per candidate name, whether one of its parts is among ``parts`` (part ids)."""
        if not len(parts):
            return np.zeros(len(cand), dtype=bool)
        mark = np.zeros(len(self.tokens) + 1, dtype=bool)   # (+1: the padding's sentinel, never marked)
        mark[parts] = True
        return mark[self._tok_mat[cand]].any(axis=1)

    def _acronym_parts(self, qi: NameInfo) -> np.ndarray:
        """(Session 15) The indexed parts whose text is the initials of a run of the query's words
        (``_run_initials``): the parts ``_acronym_of_run`` could read as the query's acronym."""
        found = [self._tok_by_text[x] for x in _run_initials(qi.tokens) if x in self._tok_by_text]
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def _org_rule_parts(self, qi: NameInfo, n: int) -> np.ndarray:
        """(Session 15) The indexed parts a word of the query ``qi`` could pair with under
        ``_abbreviated_vocabulary`` (one opens the other, the shorter of ``n`` letters or more, the
        longer two letters longer at least) or ``_same_concept`` (a word of the same concept): a
        superset, the rules decide."""
        found: list[np.ndarray] = []
        texts = self._tok_sorted_text
        for t in qi.tokens:
            x = t.text
            c = SAME_CONCEPT.get(x)
            if c is not None and c in self._tok_by_concept:
                found.append(self._tok_by_concept[c])
            if t.script != "latin" or t.is_number or len(x) < n:
                continue
            lo = bisect.bisect_left(texts, x)
            hi = bisect.bisect_left(texts, x + "\U0010ffff", lo)
            if hi > lo:
                found.append(self._tok_sorted_id[lo:hi])   # (the text itself and one letter longer: a superset)
            for m in range(n, len(x) - 1):
                got = self._tok_by_text.get(x[:m])
                if got is not None:
                    found.append(got)
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def _rare_parts_bound(self, qi: NameInfo, cand: np.ndarray, inv: np.ndarray, sim: np.ndarray,
                          ub: np.ndarray, qa: _QueryArrays) -> np.ndarray:
        """(session 14) The upper bounds raised to ``rare_parts_floor`` for the listed people's names
        the evidence floor could lift (matcher.rare_parts_agree): two query parts or more, each as
        alike as ``rare_parts_similarity`` to a part of the name, whose information (the smaller of
        the two parts', capped as the scorer caps it) could reach ``rare_parts_information``. A
        necessary condition only: the scorer decides."""
        w = self.weights
        if len(qa.info) < 2:
            return ub
        cap = w.part_information_cap
        qcap = np.where(qa.num | qa.init, 0.0, np.where(qa.known, np.minimum(qa.info, cap), cap))
        ok = qcap >= w.rare_parts_part_information
        if ok.sum() < 2 or qcap[ok].sum() < w.rare_parts_information:
            return ub
        floor = w.rare_parts_floor
        low = (ub < floor) & (self._name_fam[cand] == self._fam_codes["Person"])
        if not low.any():
            return ub
        idx = np.flatnonzero(low)
        names = cand[idx]
        width = inv.shape[1]
        # a pair's information is at most the smaller of the two parts' (an unromanised Arabic part: the cap)
        ic = np.where(self._unknown_mat[names, :width], cap, np.minimum(self._i_mat[names, :width], cap))
        s3 = sim[np.flatnonzero(ok)][:, inv[idx]]
        val = np.where(s3 >= w.rare_parts_similarity, np.minimum(qcap[ok][:, None, None], ic[None, :, :]), 0.0
                       ).max(axis=2)
        val = np.where(val >= w.rare_parts_part_information, val, 0.0)
        maybe = ((val > 0).sum(axis=0) >= 2) & (val.sum(axis=0) >= w.rare_parts_information)
        if maybe.any():
            ub = ub.copy()
            ub[idx[maybe]] = floor
        return ub

    def _contained_bound(self, qi: NameInfo, cand: np.ndarray, inv: np.ndarray, sim: np.ndarray,
                         ub: np.ndarray, uniq: np.ndarray, typed: bool) -> np.ndarray:
        """(session 14, eighteenth round) The upper bounds raised to ``contained_floor`` for the listed
        names the containment floor could lift (matcher.listed_name_contained): the share of the name's
        weighted information met (a part met by a query part at ``contained_similarity`` or standing
        whole in the query's joined letters) and the information met reaching the thresholds. A
        necessary condition only: the scorer decides."""
        w = self.weights
        floor = w.contained_floor
        low = (ub < floor) & (self._abjad[cand] == qi.abjad)
        if not low.any():
            return ub
        met = sim.max(axis=0) >= w.contained_similarity if sim.shape[0] else np.zeros(sim.shape[1], dtype=bool)
        joined = qi.joined_text
        todo = np.flatnonzero(~met & ~self._tok_ar[uniq] & (uniq != self._sentinel))
        n = len(joined)
        if len(todo) > n * min(n, self._tok_longest) // 2:
            # (session 15) many parts to try: those standing whole in the query's joined letters looked
            # up by the joined letters' substrings (the same parts as the loop below finds)
            inside = self._parts_inside(joined)
            if len(inside):
                mark = np.zeros(len(self.tokens) + 1, dtype=bool)
                mark[inside] = True
                met[todo] |= mark[uniq[todo]]
        else:
            texts = self._tok_text
            for k in todo.tolist():
                t = texts[int(uniq[k])]
                if len(t) >= 3 and t in joined:
                    met[k] = True
        idx = np.flatnonzero(low)
        names = cand[idx]
        width = inv.shape[1]
        sub_inv = inv[idx]
        num = self._tok_num[uniq[sub_inv]]
        wm = np.where(num, 0.0, self._w_mat[names, :width])
        im = np.minimum(self._i_mat[names, :width], w.part_information_cap)
        m = met[sub_inv]
        eff = im * wm
        tot = eff.sum(axis=1)
        share = np.where(m, eff, 0.0).sum(axis=1) / np.maximum(tot, 1e-12)
        info = np.where(m & (wm > w.min_part_weight + 1e-9), im, 0.0).sum(axis=1)
        need = min(w.contained_information, w.contained_single_information) if typed else w.contained_information
        maybe = (tot > 0) & (share >= w.contained_share - 1e-9) & (info >= need - 1e-9)
        if maybe.any():
            ub = ub.copy()
            ub[idx[maybe]] = floor
        return ub

    def _score_candidates(self, qi: NameInfo, cand: list[int], explain: bool, min_score: float = 0.0,
                          bonus: float = 0.0, typed: bool = False) -> dict[int, tuple[float, int, dict]]:
        """Best (score, name id, explanation) per entity among candidate names. Names whose upper
        bound plus the largest qualifier ``bonus`` stays below ``min_score`` are not scored."""
        if not cand:
            return {}
        w = self.weights
        cand_a = np.asarray(cand, dtype=np.int64)
        sub_tok = self._tok_mat[cand_a, : int(self._ntok[cand_a].max())]
        uniq = _sorted_unique(sub_tok)
        inv = np.searchsorted(uniq, sub_tok)
        real = uniq[uniq != self._sentinel]
        qa = _QueryArrays(qi)
        sim = self._part_similarity(qi, real, qa)
        if len(real) < len(uniq):  # the sentinel sorts last: a zero column for the padding
            sim = np.concatenate([sim, np.zeros((sim.shape[0], 1))], axis=1)
        ub, glued = self._upper_bounds(qi, cand_a, inv, sim, typed, qa, self._tok_num[uniq])
        if min_score > 0 and not typed:
            ub = self._rare_parts_bound(qi, cand_a, inv, sim, ub, qa)
        if min_score > 0:
            ub = self._contained_bound(qi, cand_a, inv, sim, ub, uniq, typed)
        if min_score > 0:
            keep = ub + bonus >= min_score
            cand_a, inv, glued = cand_a[keep], inv[keep], glued[keep]
        simrows = sim.tolist()
        # (seventh round) the initials of a listed organisation's name: only an acronym asked for as
        # one (one word in capitals) meets them, and at most for review, since initials are shared by
        # many names (NIOC ~ NATIONAL IRANIAN OIL COMPANY); other queries skip them unscored
        acronym_query = is_acronym_query(qi.name) and len(qi.tokens) == 1
        best: dict[int, tuple[float, int, dict]] = {}
        for ni, colrow, js in zip(cand_a.tolist(), inv.tolist(), glued.tolist()):
            rec = self.names[ni]
            if rec.kind == DERIVED_ACRONYM and not acronym_query:
                continue
            if rec.kind == GLUED_CORE and len(qi.tokens) != 1:
                continue   # (eleventh round) only a glued query meets a name without its legal forms
            cols = colrow[: len(rec.tok_ids)]
            sub = [[row[c] for c in cols] for row in simrows]
            s, expl = score_names(qi, rec.info, sub, w, vessel=(rec.fam == "Vessel"), explain=explain,
                                  org=(rec.fam == "Organization"), typed=typed, glued=js)
            if rec.kind == DERIVED_ACRONYM:
                if s > w.derived_acronym_cap:
                    if explain:
                        expl["features"].append({"feature": "derived_acronym", "value": w.derived_acronym_cap,
                                                 "contribution": round(w.derived_acronym_cap - s, 4)})
                    s = w.derived_acronym_cap
            if rec.kind == "weak_alias":
                if explain:
                    expl["features"].append({"feature": "weak_alias", "weight": w.weak_alias_factor,
                                             "contribution": round(s * w.weak_alias_factor - s, 4)})
                s *= w.weak_alias_factor
            prev = best.get(rec.entity)
            if prev is None or s > prev[0]:
                if explain:
                    expl["matched_name_kind"] = rec.kind
                best[rec.entity] = (s, ni, expl)
        return best

    def _result(self, ei: int, score: float, matched_name: str, expl: dict, matched_on: str) -> dict[str, Any]:
        e = self.entities[ei]
        score = round(score, 4)
        return {"entity_id": e.entity_id, "list": e.list, "list_version": self.versions.get(e.list),
                "schema": e.schema, "name": e.name, "matched_name": matched_name, "score": score,
                "decision": self.decision(score), "explanation": expl, "programs": list(e.programs),
                "matched_on": matched_on}

    def screen_name(self, name: str, schema: str | None = None, dob: str | None = None,
                    country: str | None = None, limit: int = 10, min_score: float | None = None,
                    explain: bool = True) -> list[dict[str, Any]]:
        """Screen one name (any script; nothing else is required). Returns matches at or above
        ``min_score`` (default: the review threshold), best first, each with an explanation of
        every feature and its weight.

        (Session 14, eighteenth round) The query's other readings (query_readings: a passport's
        machine-readable zone, Arabizi digits, the name before a tail) are screened too, each entry
        keeping its best score, a reading that drops a tail less ``dropped_tail_cost``."""
        min_score = self.review_threshold if min_score is None else min_score
        name, cut = query_cut(name)
        return with_query_note(self._screen_name_cut(name, schema, dob, country, limit, min_score, explain), cut)

    def _screen_name_cut(self, name: str, schema: str | None, dob: str | None, country: str | None, limit: int,
                         min_score: float, explain: bool) -> list[dict[str, Any]]:
        """``screen_name`` of a query no longer than ``MAX_QUERY_CHARS``."""
        if isinstance(name, str) and name:
            # (session 15, nineteenth round) text hygiene (hygiene.py): the text as a careful reader reads
            # it (mojibake, entities, compatibility forms, invisible characters, look-alike letters), a
            # placeholder that holds no name, and the readings of OCR slips, handles and reversed text
            clean, steps = clean_query_explained(name)
            if is_placeholder(clean):
                return []
            hyg = hygiene_readings(clean)
            if steps or hyg:
                return _cleaned(name, clean, steps, self._screen_name_clean(
                    clean, hyg, schema, dob, country, limit, min_score, explain), explain, self._rebuilt_cap)
        return self._screen_name_clean(name, [], schema, dob, country, limit, min_score, explain)

    def _rebuilt_cap(self, m: dict) -> dict:
        """(Nineteenth round) A match of a name the hygiene rebuilt whole (mojibake of another script,
        letters reversed, a whole-script look-alike) held just below alert: the analyst confirms the
        rebuilt name (``MatchWeights.rebuilt_cap``, below the alert threshold)."""
        cap = min(self.weights.rebuilt_cap, self.alert_threshold - 0.01)
        if m["score"] <= cap:
            return m
        out = dict(m, score=cap, decision=self.decision(cap))
        if isinstance(m.get("explanation"), dict):
            out["explanation"] = _with_feature(m["explanation"], {"feature": "rebuilt_name_cap", "cap": cap,
                                                                  "contribution": round(cap - m["score"], 4)})
        return out

    def _screen_name_clean(self, name: str, hyg: list, schema, dob, country, limit: int, min_score: float,
                           explain: bool) -> list[dict[str, Any]]:
        """``screen_name`` of the query's clean text ``name`` and its hygiene readings ``hyg``."""
        alts = query_readings(name) if isinstance(name, str) else []
        if hyg and (not alts or alts[0][1] != "mrz"):
            alts = ([(t, k, None) for t, k in hyg] + alts)[:MAX_READINGS]
        if alts and any(k == "tail" for _, k, _ in alts):
            qt = read_query(name, schema_family(schema))
            if qt.dob or qt.nationality:   # a birth clause the reader knows (query_text.birth_clause) is
                alts = [a for a in alts if a[1] != "tail"]   # read there, with the person's date and country
        if not alts:
            out = self._screen_name_text(name, schema, dob, country, limit, min_score, explain)
        else:
            out = self._screen_name_readings(name, alts, schema, dob, country, limit, min_score, explain)
        return self._listed_nickname_reading(out, name, schema, dob, country, limit, min_score, explain)

    @cached_property
    def _nickname_words(self) -> dict[str, frozenset[int]]:
        """(Twentieth round) The listed persons' one-word aliases (OFAC a.k.a.s and weak a.k.a.s, UN
        aliases: BRALO, Miroslav a.k.a. CICKO), folded, five letters or more, each -> the entries."""
        out: dict[str, set[int]] = {}
        for ei, e in enumerate(self.entities):
            if e.schema != "Person":
                continue
            for n in list(e.aliases) + list(e.weak_aliases):
                w = n.strip().strip("'\"").casefold()
                if len(w) >= 5 and w.isalpha() and " " not in w:
                    out.setdefault(w, set()).add(ei)
        return {k: frozenset(v) for k, v in out.items()}

    def _listed_nickname_reading(self, out: list[dict], name: str, schema, dob, country, limit: int,
                                 min_score: float, explain: bool) -> list[dict]:
        """(Session 15, twentieth round) A person's name with a nickname the list gives as the person's
        alias written beside it, without quotes (Miroslav Bralo Cicko: BRALO, Miroslav a.k.a. CICKO):
        the query without that word is screened too, for the entries that list the nickname only, the
        better of each kept (``query_reading`` kind ``listed_nickname``). The word must be one of the
        same entry's names, so it is evidence for that entry, not a word dropped at will."""
        if not isinstance(name, str) or schema_family(schema) not in (None, "Person"):
            return out
        words = name.split()
        if len(words) < 3:
            return out
        nick = self._nickname_words
        found = [(k, nick[w.strip("'\"").casefold()]) for k, w in enumerate(words)
                 if w.strip("'\"").casefold() in nick]
        if not found:
            return out
        best = {m["entity_id"]: m for m in out}
        for k, eis in found:
            text = " ".join(words[:k] + words[k + 1:])
            ids = {self.entities[ei].entity_id for ei in eis}
            for m in self._screen_name_text(text, schema, dob, country, limit, min_score, explain):
                if m["entity_id"] not in ids or (m["entity_id"] in best and best[m["entity_id"]]["score"] >= m["score"]):
                    continue
                if explain:
                    m = dict(m, explanation=dict(m["explanation"], query_reading={
                        "written": name, "read_as": text, "kind": "listed_nickname", "cost": 0.0,
                        "nickname": words[k]}))
                best[m["entity_id"]] = m
        return sorted(best.values(), key=lambda m: (-m["score"], m["entity_id"]))[:limit]

    def _screen_name_readings(self, name: str, alts: list, schema, dob, country, limit: int, min_score: float,
                              explain: bool) -> list[dict[str, Any]]:
        """(Session 14, eighteenth round) ``name`` and its readings ``alts`` (query_readings) each
        screened, the best of each entry kept (a tail's reading less ``dropped_tail_cost``)."""
        runs = [] if alts[0][1] == "mrz" else [(name, "written", None)]
        # (session 16) a country written after a name (query_readings.country_tail_reading) is read off a
        # person's name only: a body's name holds its country (BANK OF SYRIA, STARS GROUP HOLDING LEBANON)
        # (session 16, 22m) ... or off a body's name whose entry is of that country (or of none given) and whose names do not
        # hold it (Astronautics Research Institute of Iran = ASTRONAUTICS RESEARCH INSTITUTE, an Iranian
        # entry): the country is then where the body is, as the registers give it, not a word of its name;
        # only when the rest is the listed name itself (a score of 1): a fuzzy likeness without the country
        # is another body of that country (Alpha Bank Cyprus ~ ALFA-BANK, Amen Bank Tunis ~ AMIN BANK)
        persons = {t for t, k, _ in alts if k == "country_tail"}
        return self._best_of_readings(
            name, runs + list(alts), "nationality",
            lambda text, nat, floor: [m for m in self._screen_name_text(text, schema, dob, country or nat, limit, floor,
                                                                        explain)
                                      if text not in persons or m["schema"] == "Person"
                                      or (m["score"] >= 1.0 - 1e-9
                                          and self._body_of_country(m["entity_id"], nat, name, text))],
            min_score, explain)[:limit]

    @cached_property
    def _entity_pos(self) -> dict[str, int]:
        return {e.entity_id: i for i, e in enumerate(self.entities)}

    def _body_of_country(self, entity_id: str, cc: str | None, written: str, head: str) -> bool:
        """(Session 16, 22m) The listed body ``entity_id`` is of country ``cc`` (or of none given) and none of its names
        holds the words ``written`` has after ``head`` (the country as the query writes it)."""
        ei = self._entity_pos.get(entity_id)
        if ei is None or not cc:
            return False
        e = self.entities[ei]
        if e.schema == "Vessel" or (e.countries and cc not in e.countries):
            return False   # (an entry of another country; the SDN file gives many bodies none)
        if all(word_class(w) is not None for w in head.split()):
            return False   # a head of generic words only (National Bank of X) is not a body's name alone
        tail = [w for w in re.findall(r"[a-z]+", written[len(head):].lower()) if w not in ("of", "from")]
        return bool(tail) and not any(
            all(w in re.findall(r"[a-z]+", n.lower()) for w in tail) for n, _ in e.all_names())

    def _best_of_readings(self, written: str, runs: list, note: str, screen, min_score: float,
                          explain: bool = True) -> list[dict[str, Any]]:
        """Each reading ``(text, kind, extra)`` of the query ``written`` screened by ``screen(text,
        extra, min_score)``, each entry keeping its best score, best first; a reading that drops a tail
        scores ``dropped_tail_cost`` less, and a match found through a reading says which one
        (``query_reading``, with ``extra`` under ``note``: the nationality of a passport zone, the call
        sign read after a vessel's name). The one loop of screen_name and screen_vessel."""
        hc = self.weights.hygiene_reading_cost
        cost = {"tail": self.weights.dropped_tail_cost, "country_tail": self.weights.dropped_tail_cost, "ocr": hc, "handle": hc, "reversed": hc, "lookalike": hc,
                "script_run": hc}
        rebuilt = ("reversed", "lookalike")   # (nineteenth round) a name rebuilt whole: held below alert
        best: dict[str, dict] = {}
        for text, kind, extra in runs:
            c = cost.get(kind, 0.0)
            for m in screen(text, extra, min_score + c):
                if kind in rebuilt:
                    m = self._rebuilt_cap(m)
                s = round(m["score"] - c, 4)
                if m["entity_id"] in best and best[m["entity_id"]]["score"] >= s:
                    continue
                if c or kind != "written":
                    m = dict(m, score=s, decision=self.decision(s))
                    if explain:
                        m["explanation"] = dict(m["explanation"], query_reading={
                            "written": written, "read_as": text, "kind": kind, "cost": c,
                            **({note: extra} if extra else {})})
                best[m["entity_id"]] = m
        return sorted(best.values(), key=lambda m: (-m["score"], m["entity_id"]))

    def _screen_name_text(self, name: str, schema: str | None, dob: str | None, country: str | None, limit: int,
                          min_score: float, explain: bool) -> list[dict[str, Any]]:
        """``screen_name`` of one reading of the query's text."""
        fam = schema_family(schema)
        if fam in (None, "Person") and name and not name.isascii():
            readings = script_readings(name)
            if readings:
                return self._screen_script_readings(name, readings, schema, dob, country, limit, min_score, explain)
        # (fifteenth round) the query's text read as a name, identifiers and context (query_text):
        # an IMO number or MMSI written in it is looked up as --imo / --mmsi are; titles, roles,
        # nicknames and places around a person's name, a place after a company's, are not scored
        qt = read_query(name or "", fam)
        if (qt.imo or qt.mmsi) and fam in (None, "Vessel") and not _company_number(qt, fam):
            out = self.screen_vessel(imo=qt.imo, mmsi=qt.mmsi, name=qt.name or None, flag=country,
                                     min_score=min_score)[:limit]
            return [dict(r, explanation=dict(r["explanation"], query_read=qt.explanation())) for r in out]
        w = self.weights
        # (sixteenth round) a date of birth and nationality written after a person's name (query_text.
        # birth_clause) are used as --dob and --country are, for the listed persons; the options win
        dob = dob or qt.dob
        bonus = (max(w.dob_match, w.dob_exact_match, 0) if dob else 0.0) + (
            max(w.country_match, 0) if country or qt.nationality else 0.0)
        qc = None
        if country:
            from .loaders import country_code
            qc = country_code(country) or (country.upper() if len(country) == 2 else None)
        qn = qc or qt.nationality   # the candidates of a stated nationality are looked for as --country's
        if fam in (None, "Person") and east_asian_parts(qt.ocr or qt.name):
            # (sixteenth round) a Korean or Chinese name is rescored syllable by syllable after the
            # name score (_east_asian_name_score): the candidates it can raise are kept
            bonus += max(0.0, w.east_asian_agree - min_score)
        written = qt.written if qt.written is not None else qt.text
        if fam == "Person":
            # (fifteenth round) the name without the titles, roles, nicknames and places around it
            # (query_text), and digits glued to it read as the letters OCR takes them for (Gaddaf1 =
            # Gaddafi; a lone digit met the alias 'M1' of TORRES FELIX, Manuel at 0.96)
            return self._name_results(self._name_readings(qt.ocr or qt.name, fam, dob, qn, explain, min_score,
                                                          bonus), qt, dob, qc, min_score, limit, explain)
        readings: dict[str, dict] = {}

        def read(text: str) -> dict[int, tuple]:   # each distinct text scored once (a seat and a
            if text not in readings:                # person's place are often the same words)
                readings[text] = self._name_readings(text, fam, dob, qc, explain, min_score, bonus)
            return readings[text]

        if fam == "Vessel":
            # (sixteenth round) a vessel's name asked for by name alone reads as screen_vessel reads it
            # (vessel_text: former names, number words, a bracketed place, ranks, an AIS cut)
            best = self._vessel_name_scores(written, min_score, bonus)
            if number_words_reading(written) is None:
                self._merge(best, read(written))
                self._carrier_cap(best, written)
            else:
                self._merge(best, read(written), lambda ei: any(
                    number_words_reading(n) for n, _ in self.entities[ei].all_names()))
            return self._name_results(best, qt, dob, qc, min_score, limit, explain)
        best = dict(read(written))
        if fam is None:
            self._ship_word_vessel(best, written, min_score, bonus)
        if fam == "Organization" and qt.name != written:
            # (fifteenth round) a company's seat after its name (Krakern Ltd (Malta), Inovest Ltd Malta):
            # the name without it too, the better reading kept (lists write some seats in the name:
            # NOOR ENERGY (MALAYSIA) LTD.)
            self._merge(best, read(qt.name))
        if fam is None and qt.org_name is not None and qt.org_name != written:
            # ... and a query of no stated kind, for the entries that are not persons
            self._merge(best, read(qt.org_name),
                        lambda ei: self.entities[ei].schema != "Person")
        for alt, acr in qt.alternatives:
            # (fifteenth round) a body's other names written beside its name (IMIDRO (Iranian Mines ...
            # Org.); LIA - Libyan Investment Authority): each read too, for the entries that are not
            # persons; a name read alone beside its acronym only for the entries the acronym fits
            got = read(alt)
            self._merge(best, got, lambda ei: self.entities[ei].schema != "Person" and (
                acr is None or alternative_fits(acr, self.entities[ei].name)
                or alternative_fits(acr, self.names[got[ei][1]].name)))
        person_name = qt.ocr or qt.name
        if fam is None and person_name != written:
            # (fifteenth round) a query of no stated kind read as a person's name without the titles,
            # roles, nicknames and places around it (query_text): the listed persons are scored on that
            # reading only (what is said about a person must neither lower nor raise a score)
            for ei in [ei for ei in best if self.entities[ei].schema == "Person"]:
                del best[ei]
            self._merge(best, self._name_readings(person_name, fam, dob, qn, explain, min_score, bonus)
                        if qn != qc else read(person_name), lambda ei: self.entities[ei].schema == "Person")
        return self._name_results(best, qt, dob, qc, min_score, limit, explain)

    def _east_asian_name_score(self, qname: str, s: float, listed: str, expl: dict, explain: bool
                               ) -> tuple[float, dict]:
        """(Sixteenth round) A Korean or Chinese person's name compared syllable by syllable with a
        listed one (eastasian.east_asian_agreement): agreeing, at least ``east_asian_agree``;
        disagreeing, below review."""
        agree = east_asian_agreement(qname, listed)
        if agree is None:
            return s, expl
        new = max(s, self.weights.east_asian_agree) if agree else min(s, self.review_threshold - 0.01)
        if new != s and explain:
            expl = _with_feature(expl,
                {"feature": "east_asian_syllables_agree" if agree else "east_asian_syllables_differ",
                 "name_score": round(s, 4), "contribution": round(new - s, 4)})
        return new, expl

    def _screen_script_readings(self, name: str, readings: tuple[str, ...], schema, dob, country, limit: int,
                                min_score: float, explain: bool) -> list[dict[str, Any]]:
        """(Sixteenth round) A person's name in Hangul or Han characters (eastasian.script_readings):
        each Latin reading screened as the name, the best result of each entry kept, best first."""
        best: dict[str, dict] = {}
        for r in readings:
            for m in self.screen_name(r, "Person" if schema is None else schema, dob, country, limit, min_score,
                                      explain):
                # the reading is written family name first: judged in that order only
                agree = east_asian_agreement(r.replace(" ", ", ", 1), m["matched_name"] or m["name"])
                if not (syllables_agree(r, m["matched_name"] or m["name"]) if agree is None else agree):
                    # a reading is exact: another name's syllables (CHU YUEH CHUN ~ CHO YON CHUN) are
                    # another person's, kept below review for the analyst who lowers min_score
                    cap = round(min(m["score"], self.review_threshold - 0.01), 4)
                    if cap < min_score - 1e-9:
                        continue
                    m = dict(m, score=cap, decision=self.decision(cap))
                if m["entity_id"] not in best or m["score"] > best[m["entity_id"]]["score"]:
                    if explain:
                        m = dict(m, explanation=dict(m["explanation"], script_reading={"written": name,
                                                                                       "read_as": r}))
                    best[m["entity_id"]] = m
        out = sorted(best.values(), key=lambda m: (-m["score"], m["entity_id"]))
        return out[:limit]

    @staticmethod
    def _merge(best: dict[int, tuple], other: dict[int, tuple], keep=None) -> None:
        """Into ``best``, the entries of ``other`` that score higher there (only those ``keep`` accepts)."""
        for ei, got in other.items():
            if (keep is None or keep(ei)) and (ei not in best or got[0] > best[ei][0]):
                best[ei] = got

    def _score_reading(self, qi: NameInfo, fam: str | None, dob: str | None, qc: str | None, explain: bool,
                       min_score: float, bonus: float, typed: bool | None = None) -> dict[int, tuple]:
        """The scores of one reading ``qi`` of the query over its qualified candidates (``typed`` by
        default for vessels and organisations), as ``_score_candidates`` gives them."""
        return self._score_candidates(qi, self._qualified_candidates(qi, fam, dob, qc), explain, min_score=min_score,
                                      bonus=bonus, typed=fam in ("Vessel", "Organization") if typed is None else typed)

    def _name_readings(self, name: str, fam: str | None, dob: str | None, qc: str | None, explain: bool,
                       min_score: float, bonus: float) -> dict[int, tuple]:
        """The best score of each entry for ``name`` (the name part of a query) over its readings:
        as written, with an organisation's generic words in English, its proper words glued, Ltd as
        LLC, acronyms spelt out, a pinyin or Persian compound, a nationality nisba."""
        toks, fam_words = prepare_name(name or "", fam)
        if not toks:
            return {}
        toks = query_article_readings(toks)   # (twelfth round) al-Otaibi also read as ALOTAIBI
        qi = NameInfo(name, toks, fam_words, fam, self.frequency, self.weights)
        best = self._score_reading(qi, fam, dob, qc, explain, min_score, bonus)
        alt = org_reading(name or "", fam)
        if alt and alt != toks:   # an organisation's name with its generic words in English: the better reading
            qa = NameInfo(name, alt, 0, fam, self.frequency, self.weights)
            self._merge(best, {ei: self._cap_generic_translation(got, explain, name) for ei, got in
                               self._score_reading(qa, fam, dob, qc, explain, min_score, bonus).items()})
        lf = legal_form_reading(toks) if fam in (None, "Organization") else None
        gp = glued_proper_reading(toks) if fam in (None, "Organization") else None
        if gp is not None and all(any("s:" + k in self.postings for k in t.skel) for t in gp if t not in toks):
            # (only when a listed name has a part of each glued word's consonant key: most queries of
            # a company's name have no such part, and the reading costs a scoring pass)
            # (twelfth round) a company's proper words written apart also read glued (Kang Bong Trading
            # = KANGBONG TRADING CORPORATION; matcher.glued_proper_reading)
            qg = NameInfo(name, gp, 0, fam, self.frequency, self.weights)
            self._merge(best, self._score_reading(qg, fam, dob, qc, explain, min_score, bonus))
        if lf is not None:
            # (twelfth round) X Ltd also read X LLC and the other way round (matcher.legal_form_reading):
            # OFAC writes LIMITED LIABILITY COMPANY X
            ql = NameInfo(name, lf, fam_words, fam, self.frequency, self.weights)
            self._merge(best, self._score_reading(ql, fam, dob, qc, explain, min_score, bonus))
        exp = self._expand_acronyms(name or "") if fam in (None, "Organization") else None
        if exp is not None:
            # (tenth round) an acronym the lists spell out, written beside other words (IRGC Al-Ghadir
            # Missile Command = ISLAMIC REVOLUTIONARY GUARD CORPS AL-GHADIR MISSILE COMMAND): the query
            # also read with the acronym's words, the better reading kept
            etoks, efam = prepare_name(exp, fam)
            if etoks:
                qx = NameInfo(exp, etoks, efam, fam, self.frequency, self.weights)
                for ei, got in self._score_reading(qx, fam, dob, qc, explain, min_score, bonus).items():
                    if ei not in best or got[0] > best[ei][0]:
                        if explain:
                            got = (got[0], got[1], _with_feature(got[2],
                                {"feature": "acronym_spelled_out", "read_as": exp, "contribution": 0.0}))
                        best[ei] = got
        af = acronym_free_reading(name or "") if fam in (None, "Organization") else None
        if af is not None:
            # (fifteenth round) an acronym written beside the words it spells (Libyan Arab Foreign
            # Investment Company (LAFICO), IMIDRO (Iranian Mines ...)): the name also read without
            # it, as written and with its generic words in English (acronyms.acronym_free_reading)
            self._merge_reading(best, af, fam, dob, qc, explain, min_score, bonus)
        tf = translation_free_reading(af or name or "") if fam in (None, "Organization") else None
        if tf is not None:
            # (fifteenth round) and without a bracketed translation of the rest (Libyan Investment
            # Authority (Autorità libica degli investimenti); acronyms.translation_free_reading)
            self._merge_reading(best, tf, fam, dob, qc, explain, min_score, bonus, "translation_in_brackets")
        pg = pinyin_glued_reading(name or "") if fam in (None, "Person") else None
        if pg is None and fam in (None, "Person"):
            # (thirteenth round) a Persian compound written with the half-space or glued to ad-Din
            # also read apart, as the lists write some (HAJI HOSSEINI; text.persian_split_reading)
            pg = persian_split_reading(name or "")
        if pg is not None:
            # (thirteenth round) a pinyin given name written with a hyphen (Wang Guo-ying) also read
            # glued, as the lists write it (WANG, Guoying; text.pinyin_glued_reading), or the Persian
            # compound apart
            ptoks, pfam = prepare_name(pg, fam)
            if ptoks:
                qp = NameInfo(pg, query_article_readings(ptoks), pfam, fam, self.frequency, self.weights)
                self._merge(best, self._score_reading(qp, fam, dob, qc, explain, min_score, bonus, typed=False))
        nis = nisba_reading(toks) if fam in (None, "Person") and not qc else None
        if nis is not None:
            # (seventh round) a nationality nisba (al-Masri, المصري, al-Libi) read as the person's
            # nationality: the name without it, for the entries of that nationality only
            ntoks, iso = nis
            qn = NameInfo(name, ntoks, 0, fam, self.frequency, self.weights)
            for ei, got in self._score_candidates(qn, self.candidates(qn, fam), explain, min_score=min_score,
                                                  typed=False).items():
                if iso not in self.entities[ei].countries or self.entities[ei].schema != "Person":
                    continue
                if ei not in best or got[0] > best[ei][0]:
                    if explain:
                        got = (got[0], got[1], _with_feature(got[2],
                            {"feature": "nationality_nisba", "country": iso, "contribution": 0.0}))
                    best[ei] = got
        return best

    def _name_results(self, best: dict[int, tuple], qt: QueryText, dob: str | None, qc: str | None,
                      min_score: float, limit: int, explain: bool) -> list[dict[str, Any]]:
        """The matches of ``screen_name`` from the best score of each entry: qualifiers applied,
        sorted, cut at ``min_score`` and ``limit``."""
        out = []
        w = self.weights
        read = qt.name != qt.text or qt.context or qt.ocr or (qt.org_name is not None and qt.org_name != qt.text)
        qname = qt.ocr or qt.name
        ea = bool(east_asian_parts(qname))
        # ... written as a person's: a hyphen joins the syllables of its given name (Ji-sung, Jong-un)
        ea_person = ea and "-" in qname and not any(ch.isdigit() for ch in qname)
        for ei, (s, ni, expl) in best.items():
            e = self.entities[ei]
            if ea and e.schema == "Person":
                s, expl = self._east_asian_name_score(qname, s, self.names[ni].name, expl, explain)
            elif ea_person and e.schema == "Vessel" and s >= self.review_threshold \
                    and any(ch.isdigit() for ch in self.names[ni].name):
                # (session 13, last fixes) a Korean or Chinese person's name written with its given name
                # hyphenated (PARK JI-SUNG, the footballer) is a person's: a ship named with the given
                # name's syllables and a number (JI SONG 6) is no such name (east_asian_parts reads no
                # number in one), and the family name is left over: below review
                new = self.review_threshold - 0.01
                if explain:
                    expl = _with_feature(expl,
                        {"feature": "east_asian_person_not_vessel", "name_score": round(s, 4),
                         "contribution": round(new - s, 4)})
                s = new
            quals = []
            q1 = dob_qualifier(dob, e.birth_dates, w) if e.schema == "Person" else None
            qce = qc or (qt.nationality if e.schema == "Person" else None)
            q2 = country_qualifier(qce, e.countries, w)
            for q in (q1, q2):
                if q:
                    quals.append(q)
            places = qt.place_countries(e.schema == "Person")
            if qce is None and places and e.countries and not (places & set(e.countries)):
                # (fifteenth round) a place written beside the name (Darren Debono (Malta), Inovest Ltd
                # Malta) in another country than the entry's: lowers as a stated country does; an
                # agreeing place never raises (the name earns its score)
                quals.append({"feature": "query_place_mismatch", "query": sorted(places),
                              "candidate": e.countries, "contribution": w.country_mismatch})
            final = round(max(0.0, min(1.0, s + sum(q["contribution"] for q in quals))), 4)
            if (q1 is not None and q1["feature"] == "dob_exact_match" and s >= w.dob_exact_alert_name - 1e-9
                    and final < self.alert_threshold and not any(q["contribution"] < 0 for q in quals)):
                # (sixth round) the analyst's full date of birth agrees to the day and nothing
                # disagrees: with a name that fits (a family name alone), the entry is singled out
                quals.append({"feature": "dob_exact_alert", "contribution": round(self.alert_threshold - final, 4)})
                final = self.alert_threshold
            if final < min_score - 1e-9:
                continue
            if explain:
                expl = dict(expl)
                expl["name_score"] = round(s, 4)
                expl["qualifiers"] = quals
                expl["score"] = round(final, 4)
                if read:
                    expl["query_read"] = qt.explanation(e.schema == "Person")
            # a date of birth or nationality the analyst gave ranks the entries it agrees with
            # first (Salah of Sudan, Qadhafi born 1973): the name alone does not tell them apart
            # (a year apart is too weak to reorder: lists give approximate years)
            agrees = any(q["contribution"] > 0 and q["feature"] != "dob_near_match" for q in quals) \
                and not any(q["contribution"] < 0 for q in quals)
            out.append((not agrees, self._result(ei, final, self.names[ni].name, expl, "name")))
        out.sort(key=lambda ar: (ar[0], -ar[1]["score"], ar[1]["entity_id"]))
        return [r for _, r in out[:limit]]

    def _merge_reading(self, best: dict, text: str, fam: str | None, dob, qc, explain: bool, min_score: float,
                       bonus: float, feature: str = "acronym_beside_its_words") -> None:
        """(Fifteenth round) Score another reading ``text`` of the query (as written and its
        organisation reading, ``org_reading``) and keep, per entry, the better of it and ``best``."""
        toks, tfam = prepare_name(text, fam)
        readings = [toks] if toks else []
        alt = org_reading(text, fam)
        if alt and alt != toks:
            readings.append(alt)
        for k, rt in enumerate(readings):
            qr = NameInfo(text, rt, tfam if k == 0 else 0, fam, self.frequency, self.weights)
            for ei, got in self._score_reading(qr, fam, dob, qc, explain, min_score, bonus).items():
                if k > 0:
                    got = self._cap_generic_translation(got, explain, text)
                if ei not in best or got[0] > best[ei][0]:
                    if explain:
                        got = (got[0], got[1], _with_feature(got[2],
                            {"feature": feature, "read_as": text, "contribution": 0.0}))
                    best[ei] = got

    def _cap_generic_translation(self, got: tuple, explain: bool, text: str) -> tuple:
        """(Session 13, review of the fifteenth round) A match of the query ``text`` read with its generic
        words in English through the fifteenth round's table of other languages (``org_reading``,
        ``orgwords.read_through_lexicon``: Fondazione per lo Sviluppo Sociale, Sosyal Kalkınma Vakfı)
        against a listed name of vocabulary alone (``vocabulary_only``: SOCIAL DEVELOPMENT FOUNDATION) is
        capped at ``generic_translation_cap`` (a review): many bodies of many countries bear that name,
        and the listed one is told apart by its country and address, not by its name. (Not the names
        in Arabic and Persian letters, nor the earlier rounds' French and Italian words: the labelled
        sets write the listed state bodies so, مصرف التوفير = SAVING BANK, and expect an alert.)"""
        s, ni, expl = got
        cap = self.weights.generic_translation_cap
        if s <= cap or not read_through_lexicon(text) or not vocabulary_only(self.names[ni].tokens):
            return got
        if explain:
            expl = _with_feature(expl,
                {"feature": "generic_name_translated", "value": cap, "contribution": round(cap - s, 4)})
        return (cap, ni, expl)

    def _expand_acronyms(self, name: str) -> str | None:
        """(Tenth round) The query with each acronym the lists spell out (``defined_acronyms``),
        written in capitals beside at least one other word, replaced by its words; None when it
        has none."""
        if not name.isascii() or len(name.split()) < 2:
            return None
        hit = False

        words = {w.casefold() for w in _ACRONYM_WORD.findall(name)}

        def repl(m: re.Match) -> str:
            nonlocal hit
            x = self.acronyms.get(m.group(0).casefold())
            if x is None:
                # (twelfth round) an acronym a list gives as an alias, beside words of the name it
                # stands for only (HESA Iran Aircraft Manufacturing): every other word of the query
                # is a word of that name
                x = getattr(self, "alias_acronyms", {}).get(m.group(0).casefold())
                if x is None or not (words - {m.group(0).casefold()}) <= {
                        w.casefold() for w in _ACRONYM_WORD.findall(x)}:
                    return m.group(0)
            hit = True
            return x

        out = _QUERY_ACRONYM.sub(repl, name)
        return out if hit and out.upper() != name.upper() else None

    def _qualified_candidates(self, qi: NameInfo, fam: str | None, dob: str | None, country: str | None) -> list[int]:
        """Candidate names; with a date of birth or a nationality, also the names of entries born
        that year (or a year apart) or of that nationality among the next best ``QUALIFIED_POOL``
        times as many, so that a family name alone shared by many entries (Kim, Salah, Bagheri)
        still finds the entry the qualifier points to."""
        k = self.max_candidates
        year = str(dob)[:4] if dob and str(dob)[:4].isdigit() else None
        if not (year or country):
            return self.candidates(qi, fam)
        pool = self.candidates(qi, fam, k=k * QUALIFIED_POOL)
        if len(pool) <= k:
            return pool
        y = int(year) if year else None
        extra = []
        for ni in pool[k:]:
            e = self.entities[self.names[ni].entity]
            if (country and country in e.countries) or (y is not None and any(
                    d[:4].isdigit() and abs(int(d[:4]) - y) <= 1 for d in e.birth_dates)):
                extra.append(ni)
                if len(extra) >= k:
                    break
        return pool[:k] + extra

    def best_score(self, name: str, entity_ids: set[str] | None = None, schema: str | None = None) -> float:
        """Highest name score of ``name`` against the index (or the given entities), no threshold."""
        res = self.screen_name(name, schema=schema, min_score=0.0, limit=10_000, explain=False)
        if entity_ids is not None:
            res = [r for r in res if r["entity_id"] in entity_ids]
        return res[0]["score"] if res else 0.0

    # ------------------------------------------------------------------ vessels
    def screen_vessel(self, imo=None, mmsi=None, name: str | None = None, flag: str | None = None,
                      ship_type: int | None = None, callsign: str | None = None,
                      min_score: float | None = None, known_imos: Iterable[int] = ()) -> list[dict[str, Any]]:
        """Screen one vessel identity (``_screen_vessel_text``). (Session 14, eighteenth round) The
        name's other readings (query_readings: a call sign written after it, a word spelled in the
        spelling alphabet, the name before a tail) are screened too, each entry keeping its best score,
        a reading that drops a tail less ``dropped_tail_cost``; a call sign read is used as ``callsign``."""
        min_score = self.review_threshold if min_score is None else min_score
        name, cut = query_cut(name)
        written, steps, hyg = name, (), []
        if isinstance(name, str) and name.strip():
            # (session 15, nineteenth round) text hygiene (hygiene.py), as screen_name reads a name
            name, steps = clean_query_explained(name)
            if is_placeholder(name):
                name = None   # no name: the identifiers alone
            else:
                hyg = hygiene_readings(name)
        if steps or hyg:
            return with_query_note(_cleaned(written, name, steps, self._screen_vessel_clean(
                imo, mmsi, name, flag, ship_type, callsign, min_score, known_imos, hyg), True, self._rebuilt_cap), cut)
        return with_query_note(
            self._screen_vessel_clean(imo, mmsi, name, flag, ship_type, callsign, min_score, known_imos, hyg), cut)

    def _screen_vessel_clean(self, imo, mmsi, name, flag, ship_type, callsign, min_score, known_imos, hyg
                             ) -> list[dict[str, Any]]:
        """``screen_vessel`` of the name's clean text and its hygiene readings ``hyg``."""
        alts = self._vessel_text_readings(name) if isinstance(name, str) and name.strip() else []
        if hyg:
            alts = ([(t, k, None) for t, k in hyg] + alts)[:MAX_READINGS]
        if not alts:
            return self._screen_vessel_text(imo, mmsi, name, flag, ship_type, callsign, min_score, known_imos)
        return self._best_of_readings(
            name, [(name, "written", None)] + alts, "callsign",
            lambda text, cs, floor: self._screen_vessel_text(imo, mmsi, text, flag, ship_type, callsign or cs, floor,
                                                             known_imos, written=name), min_score)

    def _vessel_text_readings(self, name: str) -> list[tuple[str, str, str | None]]:
        """(Session 14, eighteenth round) A vessel name's readings (query_readings): ``(text, kind,
        call sign)``, at most ``MAX_READINGS``."""
        listed = getattr(self, "_listed_callsigns", None)
        if listed is None:
            listed = self._listed_callsigns = frozenset(
                re.sub(r"\s", "", e.call_sign).upper() for e in self.entities if getattr(e, "call_sign", None))
        out: list[tuple[str, str, str | None]] = []
        cr = callsign_reading(name, listed)
        if cr is not None:
            out.append((cr[0], "callsign", cr[1]))
        sp = spelled_reading(name)
        if sp is not None:
            out.append((sp, "spelled", None))
        for h in tail_heads(name):
            if all(h != o[0] for o in out):
                out.append((h, "tail", None))
        return out[:MAX_READINGS]

    def _screen_vessel_text(self, imo=None, mmsi=None, name: str | None = None, flag: str | None = None,
                            ship_type: int | None = None, callsign: str | None = None,
                            min_score: float | None = None, known_imos: Iterable[int] = (),
                            written: str | None = None) -> list[dict[str, Any]]:
        """Screen one vessel identity by IMO, MMSI and name (+ flag, AIS ship type and call sign).

        Rules (the same for ``seasentry screen`` and ``seasentry run``):
        - IMO exact: 1.0 (0.95 when the queried IMO fails its check digit, flagged);
        - MMSI exact: 0.95, or the name score if higher; 0.75 when both sides have an IMO and they
          differ (MMSI re-use or spoofing);
        - name: the name score plus qualifiers (flag, type, call sign); capped at 0.5 when the list
          entry's IMO differs from the vessel's IMO (``imo`` or any of ``known_imos``: the IMOs the
          same MMSI broadcast elsewhere), and kept below alert when the list entry has another MMSI
          than the one queried and no IMO confirms it.
        """
        min_score = self.review_threshold if min_score is None else min_score
        w = self.weights
        read = None
        if name and str(name).strip():
            # (fifteenth round) an IMO number or MMSI written in the name (MARAYA IMO 7514517, as IRINI
            # and coast guard reports write it) is used as --imo / --mmsi; one given as well, and
            # different, counts as a known IMO (its conflicts cap name hits as any IMO does)
            qt = read_query(str(name), "Vessel")
            if qt.imo is not None or qt.mmsi is not None:
                read = qt.explanation()
                name = qt.name or None
                if qt.imo is not None:
                    if parse_imo(imo) is None:
                        imo = qt.imo
                    elif parse_imo(imo) != qt.imo:
                        known_imos = (*known_imos, qt.imo)
                if qt.mmsi is not None and parse_mmsi(mmsi) is None:
                    mmsi = qt.mmsi
        imo_i = parse_imo(imo)
        mmsi_i = parse_mmsi(mmsi)
        imos = {i for i in [imo_i, *(parse_imo(x) for x in known_imos)] if i}
        id_hits: dict[int, tuple[float, dict, str]] = {}
        if imo_i:
            ok = imo_check_digit_ok(imo_i)
            for ei in self.by_imo.get(imo_i, []):
                e = self.entities[ei]
                feats = [{"feature": "imo_exact", "value": imo_i, "contribution": 1.0 if ok else 0.95}]
                if not ok:
                    feats.append({"feature": "imo_check_digit_invalid", "side": "query",
                                  "note": "IMO fails the check digit; kept and flagged"})
                if e.imo_valid is False:
                    feats.append({"feature": "imo_check_digit_invalid", "side": "list"})
                id_hits[ei] = (1.0 if ok else 0.95, {"features": feats, "score": 1.0 if ok else 0.95}, "imo")
        if mmsi_i:
            for ei in self.by_mmsi.get(mmsi_i, []):
                if ei in id_hits:
                    continue
                e = self.entities[ei]
                feats = [{"feature": "mmsi_exact", "value": mmsi_i, "contribution": 0.95}]
                score = 0.95
                if imos and e.imo and int(e.imo) not in imos:
                    score = 0.75
                    feats.append({"feature": "imo_conflict", "query": sorted(imos), "candidate": e.imo,
                                  "contribution": -0.20,
                                  "note": "same MMSI, different IMO: MMSI reuse or spoofing"})
                id_hits[ei] = (score, {"features": feats, "score": score}, "mmsi")
        name_hits: dict[int, tuple[float, str, dict]] = {}
        if name and str(name).strip():
            bonus = max(w.flag_match, 0) + max(w.type_match, 0) + max(w.callsign_match, 0)
            # (sixteenth round) the name as written and its other readings (vessel_text): current and
            # former names apart, a bracketed place dropped, number words in digits, ranks spelt out,
            # a cut AIS name or a short given name completed from the list's vessel names
            best = self._vessel_name_scores(str(name), min(min_score, 0.5) if id_hits else min_score, bonus)
            carrier = carrier_prefix(str(name))
            qflag = (flag or "").upper() or None
            qcat = ais_type_category(ship_type)
            for ei, (s, ni, expl) in best.items():
                e = self.entities[ei]
                quals = []
                ef = {c for c in ([e.flag] if e.flag else []) + list(e.properties.get("other_flags") or [])}
                if qflag and ef:
                    quals.append({"feature": "flag_match" if qflag in ef else "flag_mismatch", "query": qflag,
                                  "candidate": sorted(ef),
                                  "contribution": w.flag_match if qflag in ef else w.flag_mismatch})
                elif ef and expl.get("place_country") and expl["place_country"] not in ef:
                    # (sixteenth round) a flag or place in brackets after the name (FINIKIA (SYRIA)) that
                    # is not the entry's flag lowers as a stated flag does; an agreeing one never raises
                    quals.append({"feature": "flag_mismatch", "query": expl["place_country"],
                                  "candidate": sorted(ef), "contribution": w.flag_mismatch})
                if callsign and e.call_sign:
                    same_cs = callsign.replace(" ", "").upper() == e.call_sign.replace(" ", "").upper()
                    quals.append({"feature": "callsign_match" if same_cs else "callsign_differs",
                                  "query": callsign, "candidate": e.call_sign,
                                  "contribution": w.callsign_match if same_cs else 0.0})
                ecat = list_type_category(e.vessel_type)
                if qcat and ecat:
                    quals.append({"feature": "type_match" if qcat == ecat else "type_mismatch",
                                  "query": qcat, "candidate": ecat,
                                  "contribution": w.type_match if qcat == ecat else w.type_mismatch})
                final = round(max(0.0, min(1.0, s + sum(q["contribution"] for q in quals))), 4)
                expl = dict(expl)
                expl.update({"name_score": round(s, 4), "qualifiers": quals})
                if expl.get("single_part") and any(q["feature"] in ("flag_mismatch", "type_mismatch") for q in quals):
                    # PATRIOT, FREEDOM, HAWK: one common word, and the flag or the type says otherwise
                    f = w.single_word_vessel_conflict
                    quals.append({"feature": "single_word_conflict", "weight": f,
                                  "contribution": round(final * f - final, 4)})
                    final = round(final * f, 4)
                if expl.get("common_word") and final > w.single_part_cap and \
                        _common_word_bare(quals, str(written if written is not None else name), ecat):
                    # (nineteenth round) the listed ship's one word is a common word (FREEDOM, TANGO):
                    # by name alone a review; an agreeing flag, type or call sign makes the alert
                    expl["common_word_cap"] = {"word": expl["common_word"], "cap": w.single_part_cap}
                    final = w.single_part_cap
                fleet = other_fleet_prefix(str(name), self.names[ni].name) if final > w.carrier_prefix_cap else None
                if fleet:
                    # (session 16, 22v) two fleets' prefixes before the same name (BW EVERETT ~ HS
                    # EVERETT): sister or fleet names of two owners, not one ship (vessel_text)
                    expl["other_fleet_prefix"] = {"query": fleet[0], "listed": fleet[1], "cap": w.carrier_prefix_cap}
                    final = w.carrier_prefix_cap
                if carrier and expl.get("single_part") and final > w.carrier_prefix_cap and \
                        tuple(self.names[ni].name.upper().split()[:len(carrier)]) != carrier:
                    # (sixteenth round) a container line's prefix before one listed word (MSC ARIES):
                    # the carrier's ship, not the listed one (vessel_text.carrier_prefix)
                    expl["carrier_prefix"] = {"prefix": " ".join(carrier), "cap": w.carrier_prefix_cap}
                    final = w.carrier_prefix_cap
                if e.imo and imos and int(e.imo) not in imos:
                    final = min(final, w.imo_conflict_cap)
                    expl["identifier_conflict"] = {"query_imo": sorted(imos), "candidate_imo": e.imo,
                                                   "cap": w.imo_conflict_cap}
                elif mmsi_i and e.mmsi and int(e.mmsi) != mmsi_i and not (e.imo and int(e.imo) in imos):
                    if final > w.mmsi_differs_cap:
                        expl["identifier_conflict"] = {"query_mmsi": mmsi_i, "candidate_mmsi": e.mmsi,
                                                       "cap": w.mmsi_differs_cap}
                        final = w.mmsi_differs_cap
                elif mmsi_i and expl.get("single_part") and final > w.mmsi_differs_cap \
                        and not (e.imo and int(e.imo) in imos):
                    # an AIS identity whose one-word name is on a list entry with nothing to confirm it
                    expl["identifier_conflict"] = {"query_mmsi": mmsi_i, "candidate_mmsi": e.mmsi,
                                                   "note": "one-word name, no identifier in common",
                                                   "cap": w.mmsi_differs_cap}
                    final = w.mmsi_differs_cap
                expl["score"] = final
                name_hits[ei] = (final, self.names[ni].name, expl)
        out = []
        for ei in set(id_hits) | set(name_hits):
            e = self.entities[ei]
            if ei in id_hits:
                score, expl, on = id_hits[ei]
                expl = dict(expl)
                nh = name_hits.get(ei)
                if nh:
                    expl["name"] = {"matched_name": nh[1], "name_score": nh[2].get("name_score"),
                                    "parts": nh[2].get("parts"), "qualifiers": nh[2].get("qualifiers")}
                    if on == "mmsi" and score >= 0.95 and nh[0] > score:
                        score = nh[0]  # MMSI and name agree
                        expl["score"] = score
                res = self._result(ei, min(1.0, score), nh[1] if nh else e.name, expl, on)
            else:
                score, matched, expl = name_hits[ei]
                res = self._result(ei, score, matched, expl, "name")
            if res["score"] >= min_score - 1e-9:
                if read is not None:
                    res["explanation"] = dict(res["explanation"], query_read=read)
                out.append(res)
        out.sort(key=lambda r: (-r["score"], r["entity_id"]))
        return out

    def _vessel_name_scores(self, name: str, min_score: float, bonus: float) -> dict[int, tuple]:
        """(Sixteenth round) The best name score of each vessel entry for a vessel query's name over
        its readings (``vessel_text.vessel_readings``, a name cut at AIS's 20 characters completed
        from the list, a short given name completed from the list), as ``_score_candidates`` gives it;
        a reading's feature is added to the explanation (and a place in brackets as
        ``place_country``)."""
        w = self.weights
        readings: list[tuple[str, str | None, dict, float]] = [(name, None, {}, 1.0)]
        readings += [(t, f, d, 1.0) for t, f, d in vessel_readings(name)]
        words_only = number_words_reading(name) is not None
        # a name ending in number words is read with digits: as words they would meet a sister ship of
        # another number (IRAN HORMUZ FOURTEEN ~ IRAN HORMUZ 25 at review); as written only against a
        # listed name that writes its number in words too
        cut = ais_truncated(name)
        if cut is not None:
            for full in self._vessel_names_starting(cut):
                readings.append((full, "ais_truncated_name", {}, 1.0))
        for t, _f, _d, _x in list(readings):
            sg = short_given_name(t)
            if sg is not None:
                for full in self._vessel_given_name_forms(*sg):
                    readings.append((full, "short_given_name", {"written": t}, w.vessel_short_given_name))
        best: dict[int, tuple] = {}
        for text, feat, det, factor in readings:
            toks, _ = prepare_name(text, "Vessel")
            if not toks:
                continue
            qi = NameInfo(text, toks, 0, "Vessel", self.frequency, w)
            got = self._score_candidates(qi, self.candidates(qi, "Vessel"), explain=True,
                                         min_score=min_score / factor, bonus=bonus, typed=True)
            for ei, (s, ni, expl) in got.items():
                if feat is None and words_only and number_words_reading(self.names[ni].name) is None:
                    continue
                if feat is not None:
                    s2 = round(s * factor, 4)
                    expl = dict(expl, features=list(expl.get("features", [])) + [
                        {"feature": feat, "read_as": text, **det,
                         "contribution": round(s2 - s, 4)}], score=s2)
                    if det.get("place_country"):
                        expl["place_country"] = det["place_country"]
                    s = s2
                if ei not in best or s > best[ei][0]:
                    best[ei] = (s, ni, expl)
        self._carrier_cap(best, name)
        return best

    def _ship_word_vessel(self, best: dict[int, tuple], written: str, min_score: float, bonus: float) -> None:
        """(Session 15, twentieth round) A query of no stated kind that says it names a ship, with a word
        for the kind of ship before or after the name (vessel_text.ship_word_reading: "Oura tanker",
        "LADY RANIA petroliera", "la nave cisterna SEA CLIFF"; matcher.drop_vessel_type_words: نفتکش
        ثابتی, "il-vapur X"): the listed vessels are scored as ``screen_vessel`` scores its name, the
        better of each entry kept in ``best``. The analyst often does not say the query is a vessel;
        the words in it do."""
        if ship_word_reading(written) is None and drop_vessel_type_words(written) == written:
            return
        self._merge(best, self._vessel_name_scores(written, min_score, bonus),
                    lambda ei: self.entities[ei].schema == "Vessel")

    def _carrier_cap(self, best: dict[int, tuple], name: str) -> None:
        """(Sixteenth round) In ``best`` (entry -> (name score, name, explanation)), cap the one-word
        hits of a name that opens with a container line's prefix (vessel_text.carrier_prefix)."""
        w = self.weights
        carrier = carrier_prefix(name)
        if carrier is not None:
            # a container line's prefix before one listed word (MSC ARIES): the carrier's ship, not the
            # listed one, a review at most (screen_vessel caps the score with its qualifiers again)
            for ei, (s, ni, expl) in list(best.items()):
                if expl.get("single_part") and s > w.carrier_prefix_cap and \
                        tuple(self.names[ni].name.upper().split()[:len(carrier)]) != carrier:
                    best[ei] = (w.carrier_prefix_cap, ni, dict(expl, carrier_prefix={
                        "prefix": " ".join(carrier), "cap": w.carrier_prefix_cap}, score=w.carrier_prefix_cap))

    def _vessel_name_table(self) -> tuple[list[str], dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]]]:
        """(the list's vessel names in upper case, sorted; the vessel names of two words or more by
        the words after the first: those whose first word is a word of a listed person's name, and the
        others), built on first use."""
        got = self.__dict__.get("_vessel_names_cache")
        if got is None:
            names: set[str] = set()
            rest: dict[tuple[str, ...], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
            # the words of the listed persons' names: a vessel name's first word that is one of them is
            # a given name (VLADISLAV STRIZHOV), not the first word of a phrase (SEAGULL STAR); a short
            # form (VLAD) is read only for those, an initial (I SIDORENKO) for any first word
            person_words = {wd for n in self.names if self.entities[n.entity].schema == "Person"
                            for wd in re.split(r"[\s,.\-]+", to_ascii(n.name).upper()) if len(wd) >= 3}
            for n in self.names:
                if self.entities[n.entity].schema != "Vessel":
                    continue
                up = " ".join(to_ascii(n.name).upper().split())
                if not up or up in names:
                    continue
                names.add(up)
                words = up.split()
                if len(words) >= 2 and words[0].isalpha() and len(words[0]) >= 3:
                    rest[tuple(words[1:])][0 if words[0] in person_words else 1].append(up)
            got = (sorted(names), {k: (tuple(v[0]), tuple(v[1])) for k, v in rest.items()})
            self.__dict__["_vessel_names_cache"] = got
        return got

    def _vessel_names_starting(self, cut: str) -> list[str]:
        """The list's vessel names longer than ``cut`` that start with it (an AIS name cut at 20
        characters: BALTIYSKIY ISSLEDOVA for BALTIYSKIY ISSLEDOVATEL)."""
        import bisect

        names, _ = self._vessel_name_table()
        cut = " ".join(to_ascii(cut).upper().split()) + (" " if cut.endswith(" ") else "")
        out = []
        for k in range(bisect.bisect_left(names, cut), len(names)):
            if not names[k].startswith(cut):
                break
            if len(names[k]) > len(cut):
                out.append(names[k])
        return out[:5]

    def _vessel_given_name_forms(self, first: str, rest: tuple[str, ...]) -> list[str]:
        """The list's vessel names written with a given name that ``first`` is the initial or the
        short form of (V STRIZHOV, VLAD STRIZHOV -> VLADISLAV STRIZHOV)."""
        _, by_rest = self._vessel_name_table()
        given, other = by_rest.get(rest, ((), ()))
        return [n for n in (list(given) + (list(other) if len(first) == 1 else []))
                if (g := n.split()[0]).startswith(first) and len(g) >= len(first) + 2]

    def screen_vessels(self, identities: pl.DataFrame, min_score: float | None = None) -> pl.DataFrame:
        """Screen AIS vessel identities with the rules of ``screen_vessel`` (the same as
        ``seasentry screen``). ``identities`` columns: mmsi, imo, name, callsign, flag, ship_type
        (missing columns are treated as null); an MMSI may come on several rows (type 5 and type 24
        reports, renames). The rows of one MMSI are screened together: every IMO the MMSI broadcast
        (with a valid check digit) counts against a name hit on a list entry with another IMO, so
        the US tug HAWK (IMO 9103295) is not the listed tanker HAWK (IMO 9362061) because one of its
        reports left the IMO out. One output row per (MMSI, entity), the best, at or above the review
        threshold; ``explanation`` is JSON text."""
        import polars as pl

        VESSEL_RESULT_SCHEMA = _vessel_result_schema()  # noqa: N806
        if identities is None or identities.height == 0:
            return pl.DataFrame(schema=VESSEL_RESULT_SCHEMA)
        cols = set(identities.columns)
        get = lambda r, c: r.get(c) if c in cols else None  # noqa: E731
        groups: dict[Any, list[dict]] = defaultdict(list)
        for k, r in enumerate(identities.iter_rows(named=True)):
            m = parse_mmsi(get(r, "mmsi"))
            groups[m if m is not None else ("row", k)].append(r)
        best: dict[tuple, dict[str, Any]] = {}
        for key, rs in groups.items():
            imos = {parse_imo(get(r, "imo")) for r in rs}
            known = sorted(i for i in imos if i and imo_check_digit_ok(i))
            flag = next((get(r, "flag") for r in rs if get(r, "flag")), None)
            types = [get(r, "ship_type") for r in rs if get(r, "ship_type") not in (None, 0)]
            calls = [get(r, "callsign") for r in rs if get(r, "callsign")]
            queries: dict[tuple, dict] = {}
            for r in rs:
                name = get(r, "name")
                name = str(name).strip() if name is not None else ""
                imo = parse_imo(get(r, "imo"))
                q = queries.setdefault((name, imo), {"name": name or None, "imo": imo, "ship_type": None,
                                                     "callsign": None})
                q["ship_type"] = q["ship_type"] or get(r, "ship_type") or (types[0] if types else None)
                q["callsign"] = q["callsign"] or get(r, "callsign") or (calls[0] if calls else None)
            named = {n for n, _ in queries}
            for (name, imo), q in queries.items():
                if not name and not imo and named - {""}:
                    continue  # an empty report of an MMSI whose named reports are screened anyway
                if name and not imo and (name, None) in queries and any(n == name and i for n, i in queries):
                    continue  # the same name also came with an IMO: screened with it
                try:
                    hits = self.screen_vessel(imo=q["imo"], mmsi=None if isinstance(key, tuple) else key,
                                              name=q["name"], flag=flag, ship_type=q["ship_type"],
                                              callsign=q["callsign"], min_score=min_score, known_imos=known)
                except Exception:  # bad input never crashes the run
                    hits = []
                for h in hits:
                    k2 = (key, h["entity_id"])
                    if k2 not in best or h["score"] > best[k2]["score"]:
                        best[k2] = {"mmsi": None if isinstance(key, tuple) else key,
                                    **{c: h[c] for c in VESSEL_RESULT_SCHEMA if c not in ("mmsi", "explanation")},
                                    "explanation": json.dumps(h["explanation"], ensure_ascii=False, default=str)}
        if not best:
            return pl.DataFrame(schema=VESSEL_RESULT_SCHEMA)
        return pl.DataFrame(list(best.values()), schema=VESSEL_RESULT_SCHEMA)
