"""A transliteration model for comparing name parts across Arabic and Latin script (and Latin
spelling variants of Arabic names), replacing the lossy consonant skeleton.

A name part becomes a sequence of *sound units*: the letters Arabic writes (consonants, the long
vowels ا و ي, ta marbuta, ʿayn, hamza) and the letters and digraphs Latin transliterations use
(kh, gh, sh, ch, th, dh, zh, ph, ou, ee ...). Two parts are compared by a weighted edit distance
over those units (dynamic programming, compiled with numba):

- a substitution costs what it costs in practice: ق as q/k/g, ذ as dh/d/z, ث as th/t, ش as sh/ch
  (French), ج as j/g (Egyptian), ص/ض/ط/ظ as s/d/t/z cost (almost) nothing; unrelated letters 1;
- across scripts, a Latin short vowel that Arabic does not write costs almost nothing (0.08), an
  Arabic long vowel, ʿayn, hamza or ta marbuta that the Latin leaves out costs little, a missing or
  extra consonant costs a whole consonant;
- within Latin script, vowel changes (Mohamed/Muhammad, Senussi/Sanussi) cost a fraction of a
  consonant change;
- similarity = 1 - cost / weighted length of the longer part (consonants weigh 1, vowels 0.5).

So القذافي ~ Qadhafi 0.98, ~ Gaddafi 0.92; Gaddafi ~ Qadhafi 0.93; الزاوية (az-Zawiya) ~ SAVEH 0.3
(the skeleton made them equal). Letter correspondences: ALA-LC Arabic romanization table (Library of
Congress 2012), UN/BGN romanization of Arabic (UNGEGN 1972), and the French and Maghrebi usage
(ch for ش, ou for و, g for ق) seen in the UN and OFAC lists; costs were set by hand from those
tables and checked on the Wikidata Arabic<->Latin token pairs in ``../shared/data/names``
(benchmarks/bench_screening.py, set ``wikidata_ar``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ._jit import njit as _njit

# numba's njit, or None: plain Python in a process that screens a few names (screening._jit)
njit = _njit(cache=True, nogil=True)

# ------------------------------------------------------------------------------------------ units
UNITS = ["PAD", "B", "P", "T", "TH", "J", "G", "H", "KH", "D", "DH", "R", "Z", "S", "SH", "AYN", "GH", "F", "V",
         "Q", "K", "L", "M", "N", "W", "Y", "HMZ", "ZH", "CH", "S_", "D_", "T_", "Z_",
         "A", "E", "I", "O", "U", "AA", "WU", "YI", "AM", "TM", "FH"] + [f"N{d}" for d in range(10)] \
    + ["AX", "EX", "IX", "OX", "UX"]
U = {name: i for i, name in enumerate(UNITS)}
N_UNITS = len(UNITS)
VOWELS = {"A", "E", "I", "O", "U"}
# A Latin vowel written next to another vowel is part of a digraph or diphthong (Eissa/Essa/Issa,
# Dhaif/Deif, Ghweil/Ghawil, Eun/Un, Alyaksandr/Alexander): its own unit, the vowel + "X", which is
# cheap to leave out or add between Latin spellings and whose changes cost half
CLUSTERED = {v: v + "X" for v in VOWELS}
AR_LONG = {"AA", "WU", "YI", "AM"}

# Latin letter groups, longest first. 'c' is decided by the next letter; 'y' by its position.
_LAT_MULTI = [("sch", ["SH"]), ("tch", ["CH"]), ("dzh", ["J"]), ("kh", ["KH"]), ("gh", ["GH"]), ("sh", ["SH"]),
              ("ch", ["CH"]), ("th", ["TH"]), ("dh", ["DH"]), ("zh", ["ZH"]), ("dj", ["J"]), ("ph", ["F"]),
              ("ck", ["K"]), ("ou", ["U"]), ("oo", ["U"]), ("ee", ["I"])]
_LAT_SINGLE = {"b": "B", "p": "P", "t": "T", "j": "J", "g": "G", "h": "H", "d": "D", "r": "R", "z": "Z", "s": "S",
               "f": "F", "v": "V", "q": "Q", "k": "K", "l": "L", "m": "M", "n": "N", "w": "W", "x": None,
               "a": "A", "e": "E", "i": "I", "o": "O", "u": "U"}
_LAT_RE = re.compile("|".join(m for m, _ in _LAT_MULTI) + "|.")
_LAT_MAP = dict(_LAT_MULTI)

_AR_MAP = {
    "ب": "B", "ت": "T", "ث": "TH", "ج": "J", "ح": "H", "خ": "KH", "د": "D", "ذ": "DH", "ر": "R", "ز": "Z",
    "س": "S", "ش": "SH", "ص": "S_", "ض": "D_", "ط": "T_", "ظ": "Z_", "ع": "AYN", "غ": "GH", "ف": "F", "ق": "Q",
    "ك": "K", "ک": "K", "ڪ": "K", "ل": "L", "م": "M", "ن": "N", "ه": "H", "ة": "TM", "و": "WU", "ؤ": "WU",
    "ي": "YI", "ی": "YI", "ې": "YI", "ئ": "YI", "ى": "AM", "ء": "HMZ", "پ": "P", "چ": "CH", "ژ": "ZH", "گ": "G",
    "ڤ": "V", "ا": "AA", "أ": "HMZ", "إ": "HMZ", "آ": "AA", "ٱ": "AA", "ۀ": "TM", "ە": "TM",
    # (fourteenth round) Urdu letters (ALA-LC Urdu romanization table, 2011): gol he ہ and do-chashmi
    # he ھ h, he with hamza ۂ a final -a, bari ye ے y, the retroflex ڑ ṛ, ٹ ṭ, ڈ ḍ, nun ghunna ں n
    "ہ": "H", "ھ": "H", "ۂ": "TM", "ے": "YI", "ۓ": "YI", "ڑ": "R", "ٹ": "T", "ڈ": "D", "ں": "N",
}
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u200e\u200f]")


def _collapse(units: list[str], only: frozenset | None = None) -> list[str]:
    """``units`` with a unit repeated in a row written once (of the units in ``only``, if given)."""
    out: list[str] = []
    for u in units:
        if out and out[-1] == u and (only is None or u in only):
            continue
        out.append(u)
    return out


@lru_cache(maxsize=200_000)
def latin_units(token: str) -> tuple[int, ...]:
    """Sound units of a lower-case ASCII name part (letters and digits)."""
    parts = _LAT_RE.findall(token)
    units: list[str] = []
    for k, p in enumerate(parts):
        if p in _LAT_MAP:
            units += _LAT_MAP[p]
        elif p.isdigit():
            units.append(f"N{p}")
        elif p == "c":
            nxt = parts[k + 1][:1] if k + 1 < len(parts) else ""
            units.append("S" if nxt in ("e", "i", "y") else "K")
        elif p == "x":
            units += ["K", "S"]
        elif p == "y":
            nxt = parts[k + 1][:1] if k + 1 < len(parts) else ""
            units.append("Y" if (k == 0 or nxt in "aeiou") and nxt else "I")
        elif p in _LAT_SINGLE and _LAT_SINGLE[p]:
            units.append(_LAT_SINGLE[p])
    units = _collapse(units)
    if len(units) > 2 and units[-1] == "H" and units[-2] in VOWELS:  # final h: Abdullah/Abdulla, Khalifah,
        units[-1] = "FH"                                                 # but Saleh = صالح (a real ح)
    n = len(units)
    units = [CLUSTERED[u] if u in VOWELS and ((k > 0 and units[k - 1] in VOWELS)
                                             or (k + 1 < n and units[k + 1] in VOWELS)) else u
             for k, u in enumerate(units)]
    return tuple(U[u] for u in units)


@lru_cache(maxsize=200_000)
def arabic_units(token: str) -> tuple[int, ...]:
    """Sound units of an Arabic-script name part (tashkeel removed; hamza seats, ta marbuta and alef
    maqsura are kept apart from their plain letters, because they sound differently)."""
    token = _AR_MARKS.sub("", token)
    units: list[str] = []
    for k, ch in enumerate(token):
        if ch.isdigit():
            units.append(f"N{int(ch)}" if ch.isascii() else f"N{int(unicodedata_digit(ch))}")
            continue
        u = _AR_MAP.get(ch)
        if u is None:
            continue
        if k == 0 and u in ("AA", "HMZ"):
            u = "HMZ"                       # word-initial alef carries a short vowel: أحمد Ahmad, إبراهيم Ibrahim
        elif k == 0 and u == "WU":
            u = "W"
        elif ch in ("ه", "ہ") and k == len(token) - 1 and k >= 2:
            u = "TM"                        # final ه: ta marbuta written without dots, or a silent h
        units.append(u)
    # (eighth round) Arabic writes a doubled consonant once (with a shadda, a mark dropped above): two
    # of the same consonant written in a row are two consonants, a vowel between them (ممتاز Mumtaz,
    # ممدوح Mamduh, مملوك Mamluk; collapsed, ممتاز was M-T-AA-Z and met Mumtaz at 0.78). Letters that
    # also write vowels (ا و ي), hamza, ʿayn and ta marbuta are still read once, and so is lam: لل is
    # mostly the article before a lam (الله, نصر الله, حزب الله = Allah, Nasrallah, Hizballah)
    return tuple(U[u] for u in _collapse(units, _AR_VOWELISH))


_AR_VOWELISH = frozenset({"AA", "WU", "YI", "HMZ", "TM", "AM", "AYN", "L"})


def unicodedata_digit(ch: str) -> int:
    import unicodedata

    return unicodedata.digit(ch, 0)


# ------------------------------------------------------------------------------------------ costs
def _tables():
    w = np.ones(N_UNITS)
    for v in VOWELS | AR_LONG:
        w[U[v]] = 0.5
    w[U["TM"]], w[U["AYN"]], w[U["HMZ"]], w[U["FH"]] = 0.3, 0.3, 0.2, 0.3
    w[U["PAD"]] = 0.0
    sub = np.ones((N_UNITS, N_UNITS))
    for a in range(N_UNITS):
        sub[a, a] = 0.0
    vowels = [U[v] for v in VOWELS]
    for a in vowels:
        for b in vowels:
            if a != b:
                sub[a, b] = 0.45

    def s(a, b, c):
        sub[U[a], U[b]] = sub[U[b], U[a]] = c

    for a, b, c in [
        # Latin letters for the same Arabic consonant
        ("Q", "K", .15), ("Q", "G", .15), ("K", "G", .3), ("GH", "G", .2), ("GH", "Q", .2), ("GH", "K", .4),   # (twelfth round) GH~Q .4 -> .2:
        # Persian says ق and غ alike and Iranian names write both gh or q (Ghasem = Qasem, Araghi =
        # Eraqi, Sadegh = Sadeq; OFAC: MOHSENI-EJEI, Qolam-Hossein for غلام); row dump of the ten sets:
        # 4 positives up, no negative moves into review
        ("GH", "R", .6), ("K", "KH", .4), ("KH", "Q", .4), ("KH", "G", .5), ("KH", "H", .3), ("D", "DH", .15), ("DH", "Z", .2), ("D", "Z", .5),
        ("T", "TH", .15), ("TH", "DH", .3), ("TH", "S", .35), ("S", "Z", .45), ("S", "SH", .5), ("SH", "CH", .1), ("CH", "J", .4),
        ("J", "G", .3), ("J", "Y", .7), ("J", "ZH", .3), ("ZH", "Z", .4), ("SH", "ZH", .4), ("F", "V", .2),
        ("F", "P", .4), ("B", "P", .2), ("B", "V", .4), ("W", "V", .05), ("W", "U", .1), ("W", "O", .15),
        ("Y", "I", .1), ("Y", "E", .2), ("T", "D", .6),
        # Arabic emphatics read as plain Latin letters
        ("S_", "S", 0), ("S_", "Z", .5), ("S_", "SH", .6), ("D_", "D", 0), ("D_", "DH", .2), ("D_", "Z", .3),
        ("T_", "T", 0), ("T_", "TH", .3), ("T_", "D", .5), ("Z_", "Z", .05), ("Z_", "DH", .05), ("Z_", "D", .25),
        ("Z_", "TH", .4),
        # ʿayn and hamza as a vowel or an apostrophe
        ("AYN", "A", .3), ("AYN", "E", .3), ("AYN", "I", .35), ("AYN", "O", .35), ("AYN", "U", .35),
        ("HMZ", "A", .05), ("HMZ", "E", .1), ("HMZ", "I", .1), ("HMZ", "O", .15), ("HMZ", "U", .15),
        ("HMZ", "AYN", .3),
        # long vowels and semi-vowels
        ("AA", "A", 0), ("AA", "E", .25), ("AA", "I", .7), ("AA", "O", .5), ("AA", "U", .7), ("AA", "HMZ", .2),
        ("WU", "U", 0), ("WU", "O", 0), ("WU", "W", 0), ("WU", "V", .2), ("WU", "A", 1.0), ("WU", "E", 1.0),
        ("WU", "I", 1.0), ("YI", "I", 0), ("YI", "Y", 0), ("YI", "E", .05), ("YI", "A", 1.0), ("YI", "O", 1.0),
        ("YI", "U", 1.0), ("YI", "J", .4),
        ("AM", "A", 0), ("AM", "E", .1), ("AM", "I", .05), ("AM", "Y", .1), ("AM", "AA", .1), ("AM", "YI", .05),
        ("TM", "A", 0), ("TM", "E", .1), ("TM", "H", 0), ("TM", "T", .2), ("TM", "I", .3), ("TM", "FH", 0),
        ("FH", "H", .1), ("FH", "AYN", .2),
        # Latin vowels written for the same sound
        ("A", "E", .2), ("E", "I", .15), ("O", "U", .15), ("I", "Y", .1), ("U", "W", .1),
    ]:
        s(a, b, c)
    # insertion/deletion costs. Across scripts: *_lat for a Latin unit with no Arabic partner,
    # *_ar for an Arabic unit the Latin leaves out. Within one script: indel_lat / indel_ar.
    ins_lat = w.copy()
    for v in VOWELS:
        ins_lat[U[v]] = 0.08
    ins_lat[U["H"]], ins_lat[U["Y"]], ins_lat[U["W"]], ins_lat[U["FH"]] = 0.5, 0.6, 0.6, 0.1
    del_ar = w.copy()
    del_ar[U["AYN"]], del_ar[U["HMZ"]], del_ar[U["TM"]] = 0.1, 0.05, 0.1
    for v in ("AA", "WU", "YI"):
        del_ar[U[v]] = AR_LONG_DELETE
    del_ar[U["AM"]], del_ar[U["H"]] = 0.2, 0.6
    indel_lat = w.copy()
    for v in VOWELS:
        indel_lat[U[v]] = 0.5
    indel_lat[U["H"]], indel_lat[U["Y"]], indel_lat[U["W"]], indel_lat[U["FH"]] = 0.5, 0.4, 0.4, 0.1
    indel_ar = w.copy()
    for v in ("AA", "WU", "YI"):
        indel_ar[U[v]] = 0.4
    indel_ar[U["HMZ"]], indel_ar[U["TM"]], indel_ar[U["AM"]] = 0.1, 0.3, 0.3
    for v, c in CLUSTERED.items():
        sub[U[c], :] = sub[U[v], :]
        sub[:, U[c]] = sub[:, U[v]]
    for v, c in CLUSTERED.items():
        sub[U[c], U[v]] = sub[U[v], U[c]] = 0.0
        for v2, c2 in CLUSTERED.items():
            sub[U[c], U[c2]] = CLUSTER_SUB_SCALE * sub[U[v], U[v2]]
        w[U[c]] = w[U[v]]
        ins_lat[U[c]] = ins_lat[U[v]]
        del_ar[U[c]] = del_ar[U[v]]
        indel_ar[U[c]] = indel_ar[U[v]]
        indel_lat[U[c]] = LAT_CLUSTER_INDEL
    for v in VOWELS:
        indel_lat[U[v]] = LAT_VOWEL_INDEL
    return w, sub, ins_lat, del_ar, indel_lat, indel_ar


# Between two Latin spellings: a vowel left out or added costs LAT_VOWEL_INDEL (a consonant costs 1),
# a vowel of a digraph or diphthong LAT_CLUSTER_INDEL; a change between two such vowels
# CLUSTER_SUB_SCALE of a change between plain vowels
AR_LONG_DELETE = 0.6     # an Arabic long vowel (ا و ي) with no Latin partner
LAT_VOWEL_INDEL = 0.5
LAT_CLUSTER_INDEL = 0.3
CLUSTER_SUB_SCALE = 0.5
WEIGHT, SUB, INS_LAT, DEL_AR, INDEL_LAT, INDEL_AR = _tables()


def _dp(a, a0, a1, b, b0, b1, sub, del_a, ins_b, buf0, buf1):
    """Weighted edit distance between units a[a0:a1] and b[b0:b1] (del_a: a unit of a unmatched,
    ins_b: a unit of b unmatched)."""
    n = b1 - b0
    buf0[0] = 0.0
    for j in range(1, n + 1):
        buf0[j] = buf0[j - 1] + ins_b[b[b0 + j - 1]]
    for i in range(1, a1 - a0 + 1):
        ai = a[a0 + i - 1]
        buf1[0] = buf0[0] + del_a[ai]
        for j in range(1, n + 1):
            bj = b[b0 + j - 1]
            c = buf0[j - 1] + sub[ai, bj]
            d = buf0[j] + del_a[ai]
            if d < c:
                c = d
            e = buf1[j - 1] + ins_b[bj]
            if e < c:
                c = e
            buf1[j] = c
        for j in range(n + 1):
            buf0[j] = buf1[j]
    return buf0[n]


def _pair_sims(qu, qs, qe, qar, cu, cs, ce, car, sub, weight, ins_lat, del_ar, indel_lat, indel_ar, out):
    maxlen = 2
    for k in range(len(qs)):
        if qe[k] - qs[k] + 1 > maxlen:
            maxlen = qe[k] - qs[k] + 1
    for k in range(len(cs)):
        if ce[k] - cs[k] + 1 > maxlen:
            maxlen = ce[k] - cs[k] + 1
    buf0 = np.empty(maxlen)
    buf1 = np.empty(maxlen)
    wcs = np.empty(len(cs))
    for j in range(len(cs)):
        wc = 0.0
        for k in range(cs[j], ce[j]):
            wc += weight[cu[k]]
        wcs[j] = wc
    for i in range(len(qs)):
        q0, q1 = qs[i], qe[i]
        wq = 0.0
        for k in range(q0, q1):
            wq += weight[qu[k]]
        for j in range(len(cs)):
            c0, c1 = cs[j], ce[j]
            wc = wcs[j]
            norm = wq if wq > wc else wc
            if norm <= 0.0:
                out[i, j] = 0.0
                continue
            if qar[i] and not car[j]:
                cost = _dp(qu, q0, q1, cu, c0, c1, sub, del_ar, ins_lat, buf0, buf1)
            elif car[j] and not qar[i]:
                cost = _dp(cu, c0, c1, qu, q0, q1, sub, del_ar, ins_lat, buf0, buf1)
            elif qar[i]:
                cost = _dp(qu, q0, q1, cu, c0, c1, sub, indel_ar, indel_ar, buf0, buf1)
            else:
                cost = _dp(qu, q0, q1, cu, c0, c1, sub, indel_lat, indel_lat, buf0, buf1)
            sim = 1.0 - cost / norm
            out[i, j] = sim if sim > 0.0 else 0.0


if njit is not None:
    _dp = njit(_dp)
    _pair_sims = njit(_pair_sims)


def pack(seqs: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """Flatten unit sequences into (units, offsets) arrays."""
    off = np.zeros(len(seqs) + 1, dtype=np.int64)
    if seqs:
        off[1:] = np.cumsum([len(s) for s in seqs])
    flat = np.fromiter((u for s in seqs for u in s), dtype=np.int64, count=int(off[-1]))
    return flat, off


def similarity(q_units: np.ndarray, q_start: np.ndarray, q_end: np.ndarray, q_arabic: np.ndarray,
               c_units: np.ndarray, c_start: np.ndarray, c_end: np.ndarray, c_arabic: np.ndarray) -> np.ndarray:
    """Similarity of every query sequence (``q_units[q_start[i]:q_end[i]]``) to every candidate
    sequence, shape (nq, nc), in [0, 1]. ``*_arabic``: the sequence is Arabic script."""
    out = np.zeros((len(q_start), len(c_start)))
    if out.size:
        _pair_sims(q_units, q_start, q_end, np.asarray(q_arabic, dtype=np.bool_), c_units, c_start, c_end,
                   np.asarray(c_arabic, dtype=np.bool_), SUB, WEIGHT, INS_LAT, DEL_AR, INDEL_LAT, INDEL_AR, out)
    return out


def unit_similarity(a: tuple[int, ...], a_arabic: bool, b: tuple[int, ...], b_arabic: bool) -> float:
    """Similarity of two unit sequences (convenience, not for hot paths)."""
    qa, qo = pack([a])
    ca, co = pack([b])
    return float(similarity(qa, qo[:-1], qo[1:], np.array([a_arabic]), ca, co[:-1], co[1:],
                            np.array([b_arabic]))[0, 0])


def units_text(units: tuple[int, ...]) -> str:
    return "-".join(UNITS[u] for u in units)


# Frequency key: consonant classes only (vowels, semi-vowels, ʿayn, hamza dropped), so that every
# spelling of a name in either script counts towards one frequency.
_FKEY = {"B": "B", "P": "B", "T": "T", "TH": "T", "T_": "T", "J": "J", "ZH": "J", "G": "K", "Q": "K", "K": "K",
         "GH": "K", "H": "H", "KH": "H", "D": "D", "DH": "D", "D_": "D", "Z_": "D", "R": "R", "Z": "Z", "S": "S",
         "S_": "S", "SH": "X", "CH": "X", "F": "F", "V": "F", "L": "L", "M": "M", "N": "N"}


@lru_cache(maxsize=200_000)
def frequency_key(units: tuple[int, ...]) -> str:
    out = []
    for u in units:
        name = UNITS[u]
        k = _FKEY.get(name) or (name[1] if name.startswith("N") and len(name) == 2 else "")
        if k and (not out or out[-1] != k):
            out.append(k)
    return "".join(out)


_VCLASS = {"A": "a", "AA": "a", "AM": "a", "E": "i", "I": "i", "YI": "i", "O": "u", "U": "u", "WU": "u",
           "Y": "y", "W": "w", "AX": "a", "EX": "i", "IX": "i", "OX": "u", "UX": "u"}


@lru_cache(maxsize=200_000)
def fine_key(units: tuple[int, ...]) -> str:
    """Consonant classes and vowel classes (a, i, u): a finer key than ``frequency_key`` for Latin
    spellings, so that Raisi is not counted with Ross, Reza and Rosa."""
    out = []
    for u in units:
        name = UNITS[u]
        k = _FKEY.get(name) or _VCLASS.get(name) or (name[1] if name.startswith("N") and len(name) == 2 else "")
        if k and (not out or out[-1] != k):
            out.append(k)
    return "".join(out)
