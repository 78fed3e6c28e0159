"""(Session 14, eighteenth round) Alternative readings of a query's text, each scored, the best kept.

Rather than one more pattern per form of noise around a name, the query is read a few ways and each
reading is screened; an entry keeps its best score over the readings, a reading that drops words of
the query paying a small cost (``MatchWeights.dropped_tail_cost``), so noise the reader does not
know costs a little, not the match. The readings (at most ``MAX_READINGS`` besides the text itself,
so throughput holds):

- a passport's machine-readable zone (ICAO Doc 9303 part 4, 4.2.2 and part 3, 4.6: document code,
  issuing state, SURNAME<<GIVEN<NAMES with '<' fillers) read as ``SURNAME, GIVEN NAMES`` and the
  issuing state's alpha-3 code as a nationality (P<UKRYANUKOVYCH<<VIKTOR<<<; KUZMIN<<DMITRII<<<);
- Arabizi, the Arabic chat alphabet, whose digits stand for Arabic letters Latin lacks
  (3 = ʿayn, 7 = ḥ, 5 = kh, 2 = hamza, 9 = ṣ, 6 = ṭ, 8 = gh; Palfreyman & al Khalil 2003, "A Funky
  Language for Teenzz to Use": Representing Gulf Arabic in Instant Messaging, JCMC 9(1); Yaghan
  2008, "Arabizi": A Contemporary Style of Arabic Slang, Design Issues 24(2)): '3abd el ra7man' =
  'abd el rahman';
- the name before a tail: what follows the first or the last comma, a spaced dash or slash, or
  stands in brackets at the end (a place, a country code, a flag, a tonnage, a builder, a call sign,
  a description: 'Alain Goetz, Antwerp', 'GOLBON, Iranian tanker', 'M/Y DILBAR, 15,917 GT, Cayman
  flag', 'Muhammed Tokdemir (Doğubayazıt)'). A head of one word is read alone only when the tail is
  not a name (it has a digit, a word in lower case, or is a country, a place or an alpha-3 code): a
  list's 'FAMILY, Given' is otherwise one name, and a family name alone is not the person. A tail
  that is a country or a place of the gazetteer is not dropped: the reader reads it and compares it
  with the entry's country or flag (Gordon Debono (Tunisia), MELVORA (PANAMA)).
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_READINGS = 3

# ICAO Doc 9303: the name field of a machine-readable zone. The document code (P, I, A, C, V and a
# second letter or '<') and the issuing state's three letters open line 1 of a TD3 passport; the
# field may also be given alone (SURNAME<<GIVEN<NAMES<<<).
_MRZ_HEAD = re.compile(r"^\s*(?P<doc>[PIACV]<)(?P<state>[A-Z<]{3})(?P<rest>[A-Z<]+)\s*$")
_MRZ_FIELD = re.compile(r"^\s*[A-Z]+(?:<[A-Z]+)*<<[A-Z<]*\s*$")


def mrz_reading(text: str) -> tuple[str, str | None] | None:
    """A machine-readable zone's name field read as ``(SURNAME, GIVEN NAMES, alpha-3 state)``; None
    when ``text`` is not one (it must hold '<<', the surname/given names separator)."""
    t = (text or "").strip()
    if "<<" not in t or " " in t.strip("<"):
        return None
    state = None
    m = _MRZ_HEAD.match(t)
    if m and m.group("rest").find("<<") > 0:
        state = m.group("state").replace("<", "") or None
        t = m.group("rest")
    elif not _MRZ_FIELD.match(t):
        return None
    surname, _, given = t.partition("<<")
    surname = " ".join(p for p in surname.split("<") if p)
    given = " ".join(p for p in given.replace("<<", "<").split("<") if p)
    if not surname:
        return None
    name = f"{surname}, {given}" if given else surname
    if state and len(state) == 3:
        from .query_text import _alpha3

        state = _alpha3().get(state.lower())
    return name, (state or None)


# Arabizi digits (module docstring). 3 (ʿayn) before a vowel is silent in the usual romanisations
# (3abd = Abd, 3omar = Omar), elsewhere an 'a' (Ja3far = Jaafar); 2 (hamza) likewise.
_ARABIZI = {"7": "h", "5": "kh", "9": "s", "6": "t", "8": "gh"}
_ARABIZI_WORD = re.compile(r"[A-Za-z0-9]+")


def _arabizi_word(m: re.Match) -> str:
    w = m.group(0)
    digits = sum(ch.isdigit() for ch in w)
    if not digits or digits == len(w) or w.isupper() or 2 * digits > len(w) - digits or any(ch in "014" for ch in w):
        return w   # a code or a number with letters (9HED9, 5IM592), not a word
    out = []
    for k, ch in enumerate(w):
        nxt = w[k + 1] if k + 1 < len(w) else ""
        if ch in "32":
            out.append("" if nxt.lower() in "aeiou" and nxt else "a")
        else:
            out.append(_ARABIZI.get(ch, ch))
    r = "".join(out)
    return r[:1].upper() + r[1:] if w[:1].isdigit() or w[:1].isupper() else r


def arabizi_reading(text: str) -> str | None:
    """``text`` with the Arabizi digits of its Latin words read as letters; None when it has none.
    A word must have letters around its digits and at most as many digits as letters' half (9HED9,
    a call sign, is not a word); the digits 0, 1 and 4 are not Arabizi letters here (OCR's O, I, A)."""
    if not text or not text.isascii() or not any(ch in "235679" for ch in text):
        return None
    out = _ARABIZI_WORD.sub(_arabizi_word, text)
    return out if out != text else None


# ----------------------------------------------------------------------------- tails
# (session 15) the spaces before a separator are taken only from the start of their run ((?<!\s)):
# the same matches as r"\s*(?:,|;|\s[-–—/]\s|\s/|/\s)\s*", in time linear in a run of spaces (that
# pattern tried every start in the run, each to its end: 40,000 spaces took 38 s)
_TAIL_SEP = re.compile(r"(?:(?<!\s)\s*|)(?:,|;|\s[-–—/]\s|\s/|/\s)\s*")
_BRACKET_TAIL = re.compile(r"^(?P<head>.*?\S)\s*[(\[](?P<tail>[^()\[\]]*)[)\]]\s*$")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", text) if any(ch.isalpha() for ch in w)]


@lru_cache(maxsize=8192)
def _tail_is_not_name(tail: str) -> bool:
    """A tail that is no part of a name: a digit, a word in lower case, a country, a place or an
    alpha-3 code."""
    t = tail.strip(" .,;:()[]/-")
    if not t:
        return True
    if any(ch.isdigit() for ch in t):
        return True
    if any(w[:1].islower() for w in t.split() if w[:1].isalpha()):
        return True
    from .query_text import nationality_code, place_country

    return bool(nationality_code(t) or place_country(t))


def _reader_reads_place(tail: str) -> bool:
    """A tail that is a country or a place of the gazetteer (query_text.place_country): the reader
    reads it beside a person's or vessel's name and compares it with the entry's country or flag
    (fifteenth and sixteenth rounds), evidence a reading without it would lose."""
    from .query_text import place_country

    return place_country(tail.strip(" .,;:()[]/-")) is not None


def tail_heads(text: str) -> list[str]:
    """The name before a tail (module docstring): the text before its first and before its last
    separator, and without a bracketed tail; each a head of two words or more, or of one word when
    what it drops is not a name. At most two, the longest first."""
    t = (text or "").strip()
    out: list[str] = []
    m = _BRACKET_TAIL.match(t)
    if m:
        out.append((m.group("head"), m.group("tail")))
    parts = [p for p in _TAIL_SEP.split(t)]
    if len(parts) > 1:
        seps = list(_TAIL_SEP.finditer(t))
        last = seps[-1]
        out.append((t[:last.start()], t[last.end():]))
        first = seps[0]
        if first is not last:
            out.append((t[:first.start()], t[first.end():]))
    heads: list[str] = []
    for head, tail in out:
        head = head.strip(" ,;:/-–—")
        if not head or head == t or head in heads or not any(ch.isalpha() for ch in head):
            continue
        n = len(_words(head))
        if n == 0 or (n == 1 and not _tail_is_not_name(tail)):
            continue
        if _reader_reads_place(tail):
            continue   # a place or country the reader reads and compares (query_text, vessel_text): kept
        heads.append(head)
    heads.sort(key=len, reverse=True)
    return heads[:2]


# (Session 16, twenty-first round) a country written after a person's name without a separator, as
# headlines and lists of names write it (Ghassan Abbas Syria; Moe Myint Tun Burma; Ghassan Abbas of
# Syria; Ali Saleh Yemeni): a country's name or its demonym (rigour's territory data through
# ``loaders.country_code``: Syria, Syrian, Burma, Myanmar, Burmese) or the short forms the lists use
# (DPRK, UAE: ``query_text._COUNTRY_SHORT``), not a place of the gazetteer (a town is also a family
# name: Misrata, Zawiya). The name read without it, the country as the query's nationality.


@lru_cache(maxsize=8192)
def _country_word(text: str) -> str | None:
    from .loaders import country_code
    from .query_text import _COUNTRY_SHORT

    t = text.strip(" .")
    if t.lower() in _COUNTRY_SHORT and (t.isupper() or len(t) > 4):
        return _COUNTRY_SHORT[t.lower()]
    if len(t) < 4 or not t[:1].isupper():
        return None
    return country_code(t)


# (Session 16, 22m) a country's armed force or government named after the name, as reports describe a
# unit or an officer ("LID 66 Myanmar army", "Syrian army", "Russian military"): the force's word after the
# country is context too (Merriam-Webster: army, military, militia, forces, navy, police, regime, junta,
# government); the name before it read off as before, the country its nationality
_FORCE_WORDS = frozenset({"army", "military", "militia", "militias", "forces", "force", "navy", "police", "regime",
                          "junta", "government", "troops"})


def country_tail_reading(text: str) -> tuple[str, str] | None:
    """``(name, ISO2 country)`` when a Latin person's name of two words or more is followed by a
    country's name or demonym without a separator (module note above), or by a country and the word
    of its armed force or government (``_FORCE_WORDS``); None otherwise."""
    t = (text or "").strip()
    if not t.isascii() or "," in t or not t[:1].isalpha():
        return None
    words = t.split()
    if len(words) >= 4 and words[-1].lower() in _FORCE_WORDS:
        cc = _country_word(words[-2])
        head = words[:-2]
        if cc is not None and len(head) >= 2 and not head[-1].lower() in ("of", "from"):
            return " ".join(head), cc
    for n in (2, 1):
        if len(words) < n + 2:
            continue
        tail = " ".join(words[-n:])
        cc = _country_word(tail)
        if cc is None:
            continue
        head = words[:-n]
        if head[-1].lower() in ("of", "from"):
            head = head[:-1]
        if len(_words(" ".join(head))) >= 2:
            return " ".join(head), cc
    return None


def query_readings(text: str) -> list[tuple[str, str, str | None]]:
    """The readings of a query's text besides the text itself: ``(reading, kind, ISO2 nationality)``,
    kind ``mrz`` (replaces the text: scored without cost; the issuing state as an ISO2 nationality), ``arabizi`` (without cost), ``tail``
    (the head before a tail: scored with ``dropped_tail_cost``) or ``country_tail`` (the name before a
    country written after it: ``dropped_tail_cost``, the country as the nationality). At most ``MAX_READINGS``."""
    if not text or not isinstance(text, str):
        return []
    mrz = mrz_reading(text)
    if mrz is not None:
        return [(mrz[0], "mrz", mrz[1])]
    out: list[tuple[str, str, str | None]] = []
    az = arabizi_reading(text)
    if az is not None:
        out.append((az, "arabizi", None))
    for h in tail_heads(text):
        out.append((h, "tail", None))
    ct = country_tail_reading(text)
    if ct is not None:
        out.append((ct[0], "country_tail", ct[1]))
    return out[:MAX_READINGS]


# ----------------------------------------------------------------------------- vessel particulars
# A vessel's call sign written beside its name, as pre-arrival notices, port agents and VHF calls give
# it (ITU Radio Regulations art. 19: call signs of 3 to 7 letters and digits): after a marker (call
# sign, callsign, C/S; letters spoken apart, E Q K H, are joined), or as the name's last word when that
# word is the call sign of a listed vessel. The call sign is then used as ``screen_vessel``'s
# ``callsign`` (MatchWeights.callsign_match when the entry's is the same), the name read without it.
_CALLSIGN_MARK = re.compile(r"^(?P<head>.*?\S)\s*(?:[/,;\-]\s*)?\b(?:call\s*sign|callsign|c/s)\b\s*[:\-]?\s*"
                            r"(?P<cs>(?:[A-Za-z0-9]\s?){3,7})\s*$", re.I)
_LAST_WORD = re.compile(r"^(?P<head>.*?\S)\s*(?:[/,;\-]\s*)?[(\[]?(?P<cs>[A-Z0-9]{4,7})[)\]]?\s*$")
# ICAO/ITU spelling alphabet (ITU Radio Regulations appendix 14), with the usual spellings Alpha/Juliet
_SPELLING = {w: w[0] for w in ("alfa", "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                               "india", "juliett", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
                               "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "whisky",
                               "xray", "x-ray", "yankee", "zulu")}
_SPELLING_RUN = 4   # a spelled word of at least this many letters (Kilo Alfa Papa = KAP is not read)


def callsign_reading(text: str, listed: frozenset[str] | set[str]) -> tuple[str, str] | None:
    """``(name, call sign)`` when ``text`` writes a call sign after a vessel's name (see above);
    ``listed``: the call signs of the listed vessels, upper case without spaces."""
    t = (text or "").strip()
    m = _CALLSIGN_MARK.match(t)
    if m:
        cs = re.sub(r"\s", "", m.group("cs")).upper()
        return m.group("head").strip(" ,;/-"), cs
    m = _LAST_WORD.match(t)
    if m and m.group("cs") in listed and _words(m.group("head")):
        return m.group("head").strip(" ,;/-"), m.group("cs")
    return None


def spelled_reading(text: str) -> str | None:
    """The word a run of spelling-alphabet words spells (Hotel Echo Delta Yankee = HEDY), at least
    ``_SPELLING_RUN`` letters; None otherwise."""
    run: list[str] = []
    best: list[str] = []
    for w in re.split(r"[\s,;/]+", text or ""):
        k = w.lower().strip(".-")
        if k in _SPELLING:
            run.append(_SPELLING[k].upper())
        else:
            run = []
        if len(run) > len(best):
            best = list(run)
    return "".join(best) if len(best) >= _SPELLING_RUN else None
