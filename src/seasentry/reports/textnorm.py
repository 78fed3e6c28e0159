"""Text normalisation shared by the report extractors: Arabic and Latin folding that keeps
character offsets, tokens, sentences and numbers (digits in any script, number words).

Every extractor works on :class:`NormText`: the normalised string plus a map back to the
original offsets, so a span found in the normalised text can be highlighted in the original.

Arabic folding (the usual IR normalisation, as in Larkey et al. 2007 'Light stemming for
Arabic information retrieval'): alef variants (أ إ آ ٱ) -> ا, taa marbuta ة -> ه, alef maqsura
ى -> ي, Arabic-Indic and Persian digits -> 0-9, diacritics (tashkeel), tatweel and
directional marks removed. Latin: lower case, common accents folded (ş -> s, ā -> a).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_AR_MAP = {ord("أ"): "ا", ord("إ"): "ا", ord("آ"): "ا", ord("ٱ"): "ا", ord("ة"): "ه", ord("ى"): "ي",
           ord("ـ"): None, ord("\u200c"): None, ord("\u200d"): None, ord("\u200e"): None, ord("\u200f"): None,
           ord("\u061c"): None, ord("\u00ad"): None}
for _c in range(0x064B, 0x0653):  # fathatan .. sukun, maddah
    _AR_MAP[_c] = None
_AR_MAP[0x0670] = None            # superscript alef
for _i in range(10):
    _AR_MAP[0x0660 + _i] = str(_i)  # Arabic-Indic digits
    _AR_MAP[0x06F0 + _i] = str(_i)  # Persian digits
_AR_MAP[ord("٬")] = ","           # Arabic thousands separator
_AR_MAP[ord("٫")] = "."           # Arabic decimal separator
_AR_MAP[ord("،")] = "،"


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isascii():
        return c.lower()
    d = unicodedata.normalize("NFKD", c)
    base = "".join(x for x in d if not unicodedata.combining(x))
    if len(base) == 1 and base.isascii():
        return base.lower()
    return c.lower() if len(c.lower()) == 1 else c


_LATIN_MAP: dict[int, str] = {}
for _cp in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1EFF)):
    _ch = chr(_cp)
    _f = _fold_char(_ch)
    if _f != _ch:
        _LATIN_MAP[_cp] = _f
_LATIN_MAP.update({ord("’"): "'", ord("‘"): "'", ord("ʿ"): "'", ord("ʾ"): "'", ord("“"): '"', ord("”"): '"',
                   ord("«"): '"', ord("»"): '"', ord("–"): "-", ord("—"): "-", ord("\u00a0"): " "})
_TABLE = {**_LATIN_MAP, **_AR_MAP}
_DELETED = {k for k, v in _TABLE.items() if v is None}


@dataclass
class NormText:
    """Normalised text (``norm``), the original (``orig``) and, when characters were removed, the
    original offset of every normalised character (``offsets``; identity when None)."""
    orig: str
    norm: str
    offsets: np.ndarray | None = None

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        if self.offsets is None:
            return start, end
        offs = self._offs
        n = len(offs)
        s = offs[start] if start < n else len(self.orig)
        e = offs[end - 1] + 1 if 0 < end <= n else s
        return s, e

    @property
    def _offs(self) -> list[int]:
        o = self.__dict__.get("_offs_list")
        if o is None:
            o = self.__dict__["_offs_list"] = self.offsets.tolist()
        return o

    def orig_span(self, start: int, end: int) -> str:
        s, e = self.to_orig(start, end)
        return self.orig[s:e]


def normalize(text: str) -> NormText:
    """Fold ``text`` (Arabic and Latin) keeping a map to the original offsets. Lower-cases
    Latin letters: callers that need capitalisation look at ``orig`` through ``to_orig``."""
    norm = text.translate(_TABLE).lower()
    if len(norm) == len(text):
        return NormText(text, norm, None)
    # characters were removed (diacritics, tatweel): build the offset map
    keep = np.fromiter((ord(c) not in _DELETED for c in text), dtype=bool, count=len(text))
    offsets = np.flatnonzero(keep)
    if len(offsets) != len(norm):  # lower() changed a length (rare letters): fall back to per-char
        parts, offs = [], []
        for i, c in enumerate(text):
            f = c.translate(_TABLE).lower()
            parts.append(f)
            offs.extend([i] * len(f))
        norm = "".join(parts)
        offsets = np.asarray(offs, dtype=np.int64)
    return NormText(text, norm, offsets)


def fold(text: str) -> str:
    """Normalised form of a short string (names, lexicon entries)."""
    return " ".join(text.translate(_TABLE).lower().split())


AR_LETTER = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f"
_AR_RE = re.compile(f"[{AR_LETTER}]")
_LAT_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
WORD_RE = re.compile(rf"[{AR_LETTER}A-Za-z\u00c0-\u024f0-9][{AR_LETTER}A-Za-z\u00c0-\u024f0-9'\-]*")


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


_ASCII_NON_LETTERS = {c: None for c in range(128) if not chr(c).isalpha()}


def script_counts(text: str) -> tuple[int, int]:
    """(Arabic letters, Latin letters) in ``text``."""
    if text.isascii():  # no Arabic letter; the Latin ones are the ASCII letters (str.translate's fast path)
        return 0, len(text.translate(_ASCII_NON_LETTERS))
    return len(_AR_RE.findall(text)), len(_LAT_RE.findall(text))


# ----------------------------------------------------------------------------- sentences
_SENT_RE = re.compile(r"[^.!?؟\n]+(?:[.!?؟]+(?=\s|$)|\n|$)")
_ABBREV = re.compile(r"(?:\b(?:mr|mrs|ms|dr|gen|col|lt|capt|st|no|nos|approx|km|nm|vs|u\.n|u\.s|e\.g|i\.e)|\b[a-z])$",
                     re.IGNORECASE)


_END_CAND = re.compile(r"[.!?؟\n]")
_CLOSERS = ".!?؟\"'”»)"


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text`` (ends at . ! ? ؟ or a line break; a full stop
    after an abbreviation, an initial or inside a number does not end a sentence)."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    pos = 0
    search = _END_CAND.search
    while True:
        m = search(text, pos)   # the next character that may end a sentence (the others cannot)
        if m is None:
            break
        i = m.start()
        if text[i] == ".":
            nxt = text[i + 1] if i + 1 < n else " "
            if nxt.isdigit() or (nxt.isalpha() and not nxt.isspace()):
                pos = i + 1
                continue
            # the abbreviations are at most 6 letters after a word boundary: the 8 characters
            # before the full stop decide (the same answer as searching from the sentence start)
            if _ABBREV.search(text[max(start, i - 8):i]):
                pos = i + 1
                continue
        j = i + 1
        while j < n and text[j] in _CLOSERS:
            j += 1
        if text[start:j].strip():
            out.append(_trim(text, start, j))
        start = j
        pos = j
    if text[start:].strip():
        out.append(_trim(text, start, n))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# ----------------------------------------------------------------------------- numbers
EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "dozens": None, "dozen": 12, "a dozen": 12, "hundreds": None,
}
# folded forms (taa marbuta -> ha, alef variants -> alef)
AR_NUMBERS = {
    "واحد": 1, "اثنان": 2, "اثنين": 2, "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5,
    "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8, "تسعه": 9, "تسع": 9,
    "عشره": 10, "عشر": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40,
    "اربعون": 40, "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70,
    "ثمانين": 80, "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مائه": 100, "مئه": 100,
}
NUMBER_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d])")


def parse_number(token: str) -> int | None:
    """An integer from digits ('1,400', '٧٣' after folding) or a number word; None otherwise."""
    t = token.strip().lower()
    if not t:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", t):
        return int(t.replace(",", ""))
    if t in EN_NUMBERS:
        return EN_NUMBERS[t]
    a = fold(t)
    for pre in ("و", ""):
        if a.startswith(pre) and a[len(pre):] in AR_NUMBERS:
            return AR_NUMBERS[a[len(pre):]]
    return None
