"""(Session 13, sixteenth round) A vessel's name as AIS and ship registers write it.

``vessel_readings`` turns the name part of a vessel query into the other names it stands for; the
screening (``ScreeningIndex.screen_vessel``) scores each and keeps, per list entry, the best:

- former names: ``X (EX Y)``, ``X EX Y``, ``X EX-Y``, ``X, ex-Y``, ``X (FORMERLY Y)``, ``X f/k/a Y`` are
  two names of one ship (the way IHS/S&P Sea-web, Equasis, Lloyd's List and OFAC's own remarks
  "f.k.a." write a rename); each is scored alone, so the other part neither lowers nor raises it;
- a flag or place in brackets after the name (``BONITA QUEEN (ST KITTS)``): read without it and
  compared with the entry's flag (``query_text.place_country``, the fifteenth round's gazetteer);
- numbers written as English words at the end of the name (``ADRIAN DARYA ONE``, ``JH EIGHTY SIX``)
  read as digits (then compared as every vessel number is: a different number is a different ship);
- abbreviated ranks and titles (``KAPT``, ``KAP.``, ``KPT.``, ``CAPT.``, ``AKAD``, ``PROF.``, ``GEN.``,
  ``ADM.``, ``ST``/``STA``) spelt out as Russian and English registers write them (KAPITAN/CAPTAIN,
  AKADEMIK, PROFESSOR, GENERAL, ADMIRAL, SAINT/SANTA): the abbreviations of the Russian Maritime
  Register of Shipping's ship names and of the ITU List of Ship Stations (List V), where names longer
  than the field are cut with these standard short forms;
- a name cut at AIS's 20 characters (ITU-R M.1371-5, message 5: the name field is 20 six-bit
  characters, padded with ``@``): ``ais_truncated`` says whether the text may be such a cut;
- a container line's prefix before the name (``MSC ARIES``): ``carrier_prefix`` returns it. The
  carriers name their ships with these prefixes (MSC, CMA CGM, MAERSK, COSCO, EVER for Evergreen,
  ONE, HMM, YM for Yang Ming, ZIM, OOCL, APL, WAN HAI, SITC, X-PRESS, KOTA for PIL: the fleet lists
  of the twenty largest liner operators, Alphaliner Top 100): such a ship is not the listed ship of
  the one word that follows.
"""

from __future__ import annotations

import re
from functools import lru_cache

# --------------------------------------------------------------------------- former names
# "X (EX Y)", "X (EX-Y)", "X (EX. Y)", "X (FORMERLY Y)", "X (F/K/A Y)", "X (FKA Y)", and the same without
# brackets ("X EX Y", "X EX-Y", "X, ex-Y", "X FORMERLY KNOWN AS Y")
_FORMER_MARK = r"(?:EX[.\-]?|FORMERLY(?:\s+KNOWN\s+AS)?|F\.?\s*/?\s*K\.?\s*/?\s*A\.?|FKA)"
_FORMER_BRACKET = re.compile(r"[(\[]\s*" + _FORMER_MARK + r"\s*([^()\[\]]+?)\s*[)\]]", re.I)
_FORMER_BARE = re.compile(r"(?:^|[\s,;]+)" + _FORMER_MARK + r"(?=[\s\-]|$)\s*-?\s*", re.I)
_BRACKET_TAIL = re.compile(r"\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$")
_SPACES = re.compile(r"\s+")


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ,;:-/")


def former_names(text: str) -> tuple[str, tuple[str, ...]]:
    """(the current name, the former names written after it) of a vessel query; a text without a
    former-name marker comes back whole with no former name."""
    formers: list[str] = []

    def bracket(m: re.Match) -> str:
        formers.append(_tidy(m.group(1)))
        return " "

    rest = _FORMER_BRACKET.sub(bracket, text)
    parts = _FORMER_BARE.split(rest)
    if len(parts) > 1 and _tidy(parts[0]):
        rest = parts[0]
        formers.extend(_tidy(p) for p in parts[1:])
    current = _tidy(rest)
    formers = [f for f in formers if f and f.casefold() != current.casefold()]
    if not current:
        return text, ()
    return current, tuple(formers)


def bracketed_place(text: str) -> tuple[str, str | None]:
    """(the name without a place or flag in brackets after it, that place's ISO country) or
    (text, None) when the brackets hold something else."""
    from .query_text import place_country

    m = _BRACKET_TAIL.search(text)
    if not m or not _tidy(text[:m.start()]):
        return text, None
    inside = m.group(1)
    iso = place_country(inside)
    if iso is None and re.match(r"STE?\.?\s", inside, re.I):   # ST KITTS, ST. VINCENT, STE LUCIE
        iso = place_country(re.sub(r"^STE?\.?\s+", "SAINT ", inside, flags=re.I))
    if iso is None:
        return text, None
    return _tidy(text[:m.start()]), iso


# --------------------------------------------------------------------------- numbers as words
_UNITS = {w: k for k, w in enumerate(
    "ZERO ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN FOURTEEN FIFTEEN "
    "SIXTEEN SEVENTEEN EIGHTEEN NINETEEN".split())}
_TENS = {w: 10 * k for k, w in enumerate("_ _ TWENTY THIRTY FORTY FIFTY SIXTY SEVENTY EIGHTY NINETY".split(), 0)
         if w != "_"}
_SCALES = {"HUNDRED": 100, "THOUSAND": 1000}


def _number_value(words: list[str]) -> int | None:
    """The value of English number words (EIGHTY SIX, ONE HUNDRED AND TWO), or None."""
    total, cur, seen = 0, 0, False
    for w in words:
        if w == "AND" and seen:
            continue
        if w in _UNITS:
            cur += _UNITS[w]
        elif w in _TENS:
            cur += _TENS[w]
        elif w in _SCALES:
            cur = max(cur, 1) * _SCALES[w]
            if _SCALES[w] == 1000:
                total, cur = total + cur, 0
        else:
            return None
        seen = True
    return total + cur if seen else None


def number_words_reading(text: str) -> str | None:
    """The name with the English number words at its end written in digits (ADRIAN DARYA ONE ->
    ADRIAN DARYA 1, JH EIGHTY SIX -> JH 86); None when it has none or they are all the name."""
    words = text.replace("-", " ").split()
    up = [w.upper().strip(".,") for w in words]
    k = len(up)
    while k > 0 and (up[k - 1] in _UNITS or up[k - 1] in _TENS or up[k - 1] in _SCALES
                     or (up[k - 1] == "AND" and k < len(up))):
        k -= 1
    if k == len(up) or k == 0:
        return None
    if up[k] == "AND":
        return None
    value = _number_value(up[k:])
    if value is None:
        return None
    return " ".join(words[:k] + [str(value)])


# --------------------------------------------------------------------------- ranks and titles
# abbreviation -> (the Russian register's word, the English one)
_RANKS = {
    "KAPT": ("KAPITAN", "CAPTAIN"), "KAP": ("KAPITAN", "CAPTAIN"), "KPT": ("KAPITAN", "CAPTAIN"),
    "CAPT": ("KAPITAN", "CAPTAIN"), "CPT": ("KAPITAN", "CAPTAIN"),
    "AKAD": ("AKADEMIK", "ACADEMICIAN"), "AK": ("AKADEMIK", "ACADEMICIAN"),
    "PROF": ("PROFESSOR", "PROFESSOR"), "GEN": ("GENERAL", "GENERAL"), "ADM": ("ADMIRAL", "ADMIRAL"),
    "ADMRL": ("ADMIRAL", "ADMIRAL"), "MARSH": ("MARSHAL", "MARSHAL"), "INZH": ("INZHENER", "ENGINEER"),
    "ST": ("SAINT", "SAINT"), "STA": ("SANTA", "SANTA"), "STO": ("SANTO", "SANTO"),
}


def rank_readings(text: str) -> tuple[str, ...]:
    """The name with an abbreviated rank or title at its start spelt out (KAPT BEKLEMISHEV ->
    KAPITAN BEKLEMISHEV and CAPTAIN BEKLEMISHEV); () when it has none."""
    words = text.split()
    if len(words) < 2:
        return ()
    key = words[0].upper().rstrip(".")
    if key not in _RANKS:
        return ()
    out = []
    for full in _RANKS[key]:
        r = " ".join([full] + words[1:])
        if r not in out:
            out.append(r)
    return tuple(out)


def short_given_name(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(the first word, the rest) of a name written with an initial or a short given name before
    the rest (V STRIZHOV, VLAD STRIZHOV, I. SIDORENKO): the first word is one letter or two to four
    letters, with or without a dot; None otherwise."""
    words = text.split()
    if len(words) < 2:
        return None
    first = words[0].upper().rstrip(".")
    if not first.isalpha() or not first.isascii() or len(first) > 4 or first in _RANKS:
        return None
    rest = tuple(w.upper() for w in words[1:])
    if sum(len(w) for w in rest) < 5 or not all(w.isalpha() for w in rest):
        return None
    return first, rest


# --------------------------------------------------------------------------- AIS names
AIS_NAME_LENGTH = 20   # ITU-R M.1371-5, message 5: 20 six-bit characters


def ais_truncated(text: str) -> str | None:
    """The text, upper case, when it may be a name cut at AIS's 20 characters (exactly 20 characters
    with spaces, after any '@' padding is taken off); else None."""
    t = text.rstrip("@").rstrip() if text.endswith("@") else text
    if len(t) != AIS_NAME_LENGTH or not t.strip():
        return None
    return t.upper()


_CARRIERS = (("CMA", "CGM"), ("COSCO", "SHIPPING"), ("WAN", "HAI"), ("MSC",), ("MAERSK",), ("COSCO",), ("CSCL",),
             ("EVER",), ("ONE",), ("HMM",), ("YM",), ("ZIM",), ("OOCL",), ("APL",), ("SITC",), ("X-PRESS",),
             ("KOTA",), ("HYUNDAI",), ("MOL",), ("NYK",))


@lru_cache(maxsize=4096)
def carrier_prefix(text: str) -> tuple[str, ...] | None:
    """The container line's prefix that opens the name (MSC ARIES -> ('MSC',)), when more follows."""
    words = tuple(w.upper() for w in text.split())
    for c in _CARRIERS:
        if len(words) > len(c) and words[:len(c)] == c:
            return c
    return None


def vessel_readings(text: str) -> list[tuple[str, str, dict]]:
    """The other readings of a vessel query's name, each (text, feature, details), the name as
    written not included: the current and former names apart, without a bracketed place, with
    trailing number words in digits, with an abbreviated rank spelt out."""
    out: list[tuple[str, str, dict]] = []
    seen = {text.casefold()}

    def add(t: str, feature: str, **details) -> None:
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append((t, feature, details))

    current, formers = former_names(text)
    names = [(current, "current_name")] + [(f, "former_name") for f in formers] if formers else [(text, "")]
    for name, feat in names:
        bare, iso = bracketed_place(name)
        base = [(name, feat, {})]
        if iso is not None:
            base.append((bare, feat or "place_in_brackets", {"place_country": iso}))
        for t, f, d in base:
            if f:
                add(t, f, **d)
            nw = number_words_reading(t)
            if nw:
                add(nw, "number_words", **d)
            for r in rank_readings(nw or t):
                add(r, "abbreviated_rank", **d)
    return out
