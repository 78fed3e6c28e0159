"""Name normalisation for screening: Latin folding, Arabic normalisation, and a
cross-script consonant *skeleton* that makes Arabic-script and Latin-script
spellings of the same name comparable.

Why a skeleton: Arabic script writes consonants and long vowels only; Latin
transliterations of the same name disagree mostly on vowels and on how a few
Arabic consonants are spelt (ق = q/g/k/gh, ذ = dh/d/z, ز = z/s, خ = kh/h, ث = th/t,
ش = sh/ch). Mapping both scripts onto a small alphabet of consonant classes and
dropping vowels and semi-vowels puts the spelling families on one key:

    القذافى, QADHAFI, Gaddafi, Kadhafi, Qaddafi, Ghaddafi  -> KDF
    حفتر, Haftar, Hifter, Hafter                            -> HFTR
    محمد, Mohamed, Muhammad, Mohammed                        -> MHMD
    خليفة, Khalifa, Khalifah                                 -> HLF

Sources for the letter correspondences: the ALA-LC Arabic romanization table
(Library of Congress, 2012), the UN/BGN romanization system for Arabic (1972,
UNGEGN), and the common "Egyptian/Maghrebi" variants (g for ق, ou for و) seen in
the UN and OFAC lists themselves. Arabic orthographic normalisation (hamza seats,
alef forms, ta marbuta, alef maqsura, tashkeel, tatweel) follows the usual
preprocessing of Arabic IR (Larkey, Ballesteros & Connell 2002, "Improving
stemming for Arabic information retrieval", SIGIR).

Other scripts: Cyrillic, Greek, Armenian, Georgian and Hangul are romanised by
``rigour.text.translit.maybe_ascii`` (OpenSanctions, MIT); anything else (Han,
Kana, Hebrew, Thai ...) by ``anyascii`` (ISC). Hebrew, like Arabic, is an abjad,
so names from it are compared on the skeleton only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

try:  # rigour: Rust-backed romanisation of Cyrillic, Greek, Armenian, Georgian, Hangul
    from rigour.text.translit import maybe_ascii as _maybe_ascii
except Exception:  # pragma: no cover - rigour is a declared dependency
    _maybe_ascii = None
try:
    from anyascii import anyascii as _anyascii
except Exception:  # pragma: no cover - anyascii is a declared dependency
    _anyascii = None

# --------------------------------------------------------------------------- Arabic
_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # tashkeel, Quranic marks, tatweel
_AR_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",   # alef with hamza/madda/wasla -> bare alef
    "ة": "ه", "ۀ": "ه", "ە": "ه",                                 # ta marbuta -> ha
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ئ": "ي",             # alef maqsura, Persian yeh, hamza on yeh
    "ؤ": "و",                                                     # hamza on waw
    "ء": "",                                                      # lone hamza
    "ک": "ك", "ڪ": "ك", "گ": "ك",                                 # Persian/Urdu kaf, gaf
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف",                       # Persian letters onto Arabic ones
    "\u200c": "", "\u200d": "", "\u200f": "", "\u200e": "",       # ZWNJ/ZWJ/direction marks
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "،": " ", "؛": " ", "؟": " ", "ـ": "",
})

# Arabic letter -> consonant class ('' = vowel / semi-vowel / glottal, dropped in the skeleton).
_AR_SKEL = {
    "ا": "", "و": "", "ي": "", "ع": "", "ء": "",
    "ب": "B", "ت": "T", "ث": "T", "ط": "T", "ج": "J", "ح": "H", "خ": "H", "ه": "H",
    "د": "D", "ذ": "D", "ض": "D", "ظ": "D", "ز": "S", "ر": "R", "س": "S", "ص": "S",
    "ش": "X", "غ": "K", "ف": "F", "ق": "K", "ك": "K", "ل": "L", "م": "M", "ن": "N",
}
# Readable transliteration of normalised Arabic letters (for display / explanations only).
_AR_LATIN = {
    "ا": "a", "و": "w", "ي": "y", "ع": "'", "ب": "b", "ت": "t", "ث": "th", "ط": "t", "ج": "j",
    "ح": "h", "خ": "kh", "ه": "h", "د": "d", "ذ": "dh", "ض": "d", "ظ": "z", "ز": "z", "ر": "r",
    "س": "s", "ص": "s", "ش": "sh", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
}


def normalize_arabic(text: str) -> str:
    """Orthographic normalisation of Arabic script: drop tashkeel and tatweel, fold the
    alef/hamza forms to bare alef, ta marbuta to ha, alef maqsura and Persian yeh to yeh."""
    text = unicodedata.normalize("NFC", text)
    text = _AR_DIACRITICS.sub("", text)
    return text.translate(_AR_FOLD)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufdff"
               or "\ufe70" <= ch <= "\ufeff" for ch in text)


# --------------------------------------------------------------------------- scripts
def script_of(text: str) -> str:
    """'latin', 'arabic', 'hebrew', 'other' (dominant non-Latin script) or 'none'."""
    counts = {"latin": 0, "arabic": 0, "hebrew": 0, "other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
            counts["latin"] += 1
        elif 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFEFF:
            counts["arabic"] += 1
        elif 0x590 <= o <= 0x5FF:
            counts["hebrew"] += 1
        else:
            counts["other"] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else "none"


def to_ascii(text: str) -> str:
    """Romanise any non-Arabic script to ASCII (rigour first, anyascii for the rest),
    then strip accents."""
    if not text.isascii() and _maybe_ascii is not None:
        text = _maybe_ascii(text)
    if not text.isascii():
        text = _anyascii(text) if _anyascii is not None else text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


# --------------------------------------------------------------------------- Latin skeleton
# Ordered digraph rules, then single letters. Classes are upper-case letters.
_LAT_RULES = [
    ("sch", "X"), ("tch", "X"), ("dzh", "J"),
    ("kh", "H"), ("gh", "K"), ("sh", "X"), ("ch", "X"), ("th", "T"), ("dh", "D"), ("zh", "J"),
    ("ph", "F"), ("dj", "J"), ("ck", "K"), ("ou", ""), ("ts", "S"),
]
_LAT_SINGLE = {
    "a": "", "e": "", "i": "", "o": "", "u": "", "y": "", "w": "", "v": "", "'": "",
    "b": "B", "p": "B", "f": "F", "t": "T", "d": "D", "z": "S", "s": "S", "c": "K",
    "j": "J", "k": "K", "q": "K", "g": "K", "h": "H", "l": "L", "m": "M", "n": "N",
    "r": "R", "x": "KS",
}
_DIGRAPH_RE = re.compile("|".join(re.escape(a) for a, _ in _LAT_RULES))
_DIGRAPH_MAP = dict(_LAT_RULES)


def _collapse(skel: str) -> str:
    out = []
    for ch in skel:
        if not out or out[-1] != ch:
            out.append(ch)
    s = "".join(out)
    if len(s) > 2 and s.endswith("H"):  # final -h / ta marbuta: Khalifa = Khalifah = خليفة
        s = s[:-1]
    return s


@lru_cache(maxsize=200_000)
def latin_skeleton(token: str) -> str:
    """Consonant-class skeleton of a lower-case ASCII token; digits are kept as they are."""
    token = _DIGRAPH_RE.sub(lambda m: "\x00" + _DIGRAPH_MAP[m.group(0)] + "\x00", token)
    out = []
    for ch in token:
        if ch == "\x00":
            continue
        if ch.isupper() or ch.isdigit():
            out.append(ch)
        else:
            out.append(_LAT_SINGLE.get(ch, ""))
    return _collapse("".join(out))


@lru_cache(maxsize=200_000)
def arabic_skeleton(token: str) -> str:
    """Consonant-class skeleton of a normalised Arabic token. Shadda was removed with the
    tashkeel, so doubled consonants are written once, as in the Latin skeleton after collapsing."""
    return _collapse("".join(_AR_SKEL.get(ch, ch if ch.isdigit() else "") for ch in token))


_AR_VOW = {"ا": "A", "و": "U", "ي": "I"}
_LAT_VOW = {"a": "A", "e": "I", "i": "I", "y": "I", "o": "U", "u": "U", "w": "U"}


@lru_cache(maxsize=200_000)
def arabic_vowel_pattern(token: str) -> str:
    """Consonant classes plus the long vowels Arabic writes (ا A, و U, ي I); a word-initial alef
    is only a hamza seat (أحمد, أسامة) and is left out. Used to check that the vowels an Arabic
    name spells out appear, in order, in a Latin candidate."""
    out = []
    for k, ch in enumerate(token):
        if ch in _AR_VOW:
            if not (k == 0 and ch == "ا"):
                out.append(_AR_VOW[ch])
        else:
            out.append(_AR_SKEL.get(ch, ""))
    v = "".join(out)
    return v[:-1] if len(v) > 2 and v.endswith("H") else v  # ta marbuta / final -h


@lru_cache(maxsize=200_000)
def latin_vowel_pattern(token: str) -> str:
    """The Latin counterpart of ``arabic_vowel_pattern``: consonant classes plus vowel classes."""
    token = _DIGRAPH_RE.sub(lambda m: "\x00" + (_DIGRAPH_MAP[m.group(0)] or "U") + "\x00", token)
    out = []
    for ch in token:
        if ch == "\x00":
            continue
        if ch.isupper() or ch.isdigit():
            out.append(ch)
        else:
            out.append(_LAT_VOW.get(ch) or _LAT_SINGLE.get(ch, ""))
    v = "".join(out)
    return v[:-1] if len(v) > 2 and v.endswith("H") else v


def arabic_to_latin(token: str) -> str:
    """Letter-by-letter readable romanisation of a normalised Arabic token (display only)."""
    return "".join(_AR_LATIN.get(ch, ch) for ch in token)


# --------------------------------------------------------------------------- tokens
# Particles that carry no identity (Arabic article in its assimilated forms, filiation words,
# Romance/Germanic nobiliary particles). Sources: ALA-LC rules on the article; OFAC/UN list usage.
ARTICLES = {"al", "el", "ul", "il", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "er", "es", "en"}
PARTICLES = ARTICLES | {"bin", "ibn", "bint", "binti", "ben", "bn", "b", "de", "da", "di", "du", "van", "von",
                        "der", "den", "del", "della", "dos", "das", "la", "le", "y", "and", "&", "of", "the"}
_ABD_RE = re.compile(r"^abd(?:[aeiou]?l|[aeiou])?(?=[a-z]{3,})")
_ABD_WORDS = {"abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdoul", "abdil", "abdi"}
_SPLIT_RE = re.compile(r"[^\w']+|_")
_AR_SPLIT_RE = re.compile(r"[^\w]+|_")
# Word boundaries for scripts whose vowel signs are combining marks (Devanagari, Thai ...):
# split on spaces and punctuation only, never inside a word.
_CHUNK_RE = re.compile(r"[\s,;:/()\[\]\"“”«»·・.،\-‐–—]+")


@dataclass(frozen=True, slots=True)
class Token:
    """One name part: ``text`` is the folded form (ASCII for Latin/romanised input, normalised
    Arabic for Arabic input), ``skel`` the consonant skeleton(s) (alternatives, best of them wins),
    ``script`` the script the part was written in, ``orig`` the unromanised part (compared
    directly when both names share that script: 高市 and 高石 romanise alike but differ)."""

    text: str
    skel: tuple[str, ...]
    script: str
    orig: str = ""   # the part in its own script when it was romanised (Cyrillic, Han, Hangul ...)
    vow: str = ""    # consonant classes + long-vowel classes (A, I, U): see ``vowel_pattern``


def _latin_tokens(text: str, script: str) -> list[Token]:
    raw = [t.replace("'", "") for t in _SPLIT_RE.split(text.lower()) if t and t.replace("'", "")]
    # drop particles when there is something else; a leading non-article particle stays
    # (Ben Ali, De Gaulle, Van Dyke), a leading article does not (El Sisi)
    filiation = {"bin", "ibn", "bint", "binti", "bn", "b"}
    keep = [t for i, t in enumerate(raw)
            if not (len(raw) > 1 and t in PARTICLES and not (i == 0 and t not in ARTICLES and t not in filiation))]
    if not keep:
        keep = raw
    # merge "abd"/"abdul"/"abdel" with the following part: Abd al-Rahman = Abdulrahman = عبد الرحمن
    merged: list[str] = []
    i = 0
    while i < len(keep):
        t = keep[i]
        if t in _ABD_WORDS and i + 1 < len(keep):
            merged.append("abd" + keep[i + 1])
            i += 2
            continue
        merged.append(t)
        i += 1
    out = []
    for t in merged:
        m = _ABD_RE.match(t)
        base = "abd" + t[m.end():] if m else t
        out.append(Token(base, (latin_skeleton(base),), script, "", latin_vowel_pattern(base)))
    return out


def _arabic_tokens(text: str) -> list[Token]:
    text = normalize_arabic(text)
    raw = [t for t in _AR_SPLIT_RE.split(text) if t]
    merged: list[str] = []
    i = 0
    while i < len(raw):
        t = raw[i]
        if t in ("بن", "ابن", "بنت") and len(raw) > 1:  # filiation: bin/ibn/bint
            i += 1
            continue
        if t == "ال" and i + 1 < len(raw):  # detached article
            i += 1
            continue
        if t == "عبد" and i + 1 < len(raw):  # عبد الرحمن -> one part
            merged.append("عبد" + raw[i + 1])
            i += 2
            continue
        merged.append(t)
        i += 1
    out = []
    for t in merged:
        alts = []
        body = t
        prefix = ""
        if body.startswith("عبد") and len(body) > 4:
            prefix, body = "BD", body[3:]
        if body.startswith("ال") and len(body) > 3:
            alts.append(prefix + arabic_skeleton(body[2:]))   # article removed (al-Qadhafi)
            alts.append(prefix + arabic_skeleton(body[1:]))   # article kept as L (Elias = الياس)
        else:
            alts.append(prefix + arabic_skeleton(body))
        alts = [_collapse(a) for a in alts if a]
        vbody = body[2:] if body.startswith("ال") and len(body) > 3 else body
        if alts:
            out.append(Token(t, tuple(dict.fromkeys(alts)), "arabic", "",
                             ("BD" if prefix else "") + arabic_vowel_pattern(vbody)))
    return out


@lru_cache(maxsize=100_000)
def tokenize_name(name: str) -> tuple[Token, ...]:
    """Split a name into normalised parts with skeletons. Never raises; returns () for
    empty or unusable input."""
    if not name or not isinstance(name, str):
        return ()
    name = unicodedata.normalize("NFKC", name).strip()
    if not name:
        return ()
    scr = script_of(name)
    if scr == "arabic":
        return tuple(_arabic_tokens(name))
    if scr in ("other", "hebrew"):
        out: list[Token] = []
        for chunk in _CHUNK_RE.split(name):
            if not chunk:
                continue
            toks = _latin_tokens(to_ascii(chunk), scr)
            if len(toks) == 1:
                toks = [Token(toks[0].text, toks[0].skel, scr, chunk.casefold(), toks[0].vow)]
            out.extend(toks)
        return tuple(out)
    ascii_text = to_ascii(name)
    return tuple(_latin_tokens(ascii_text, scr if scr != "none" else "latin"))


def fold(name: str) -> str:
    """Folded comparison form of a whole name: romanised, lower-case, single-spaced."""
    if not name:
        return ""
    if is_arabic(name):
        return " ".join(arabic_to_latin(t) for t in normalize_arabic(name).split())
    return " ".join(t for t in _SPLIT_RE.split(to_ascii(name).lower()) if t)
