"""(Session 13, fifteenth round) Names written in another script than the lists': Arabic compound
names glued into one word, vessel names in Greek and Cyrillic letters. Pure helpers of ``text``
(no imports from it), kept apart so the rounds' changes merge easily.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- glued Arabic compounds
#: the second elements of Arabic compound names X al-Y (with the article), as the Latin side reads
#: them (``text._COMPOUND``: islam, rahman, haq, zaman, mulk, huda, nisa; ``text._DIN_COMPOUND``:
#: din) and dam (Qadhaf al-Dam, the Qadhadhfa family name). Arabic orthography writes the two words
#: apart (سيف الإسلام, نور الدين, قذاف الدم: ALA-LC Arabic romanization table, rule 24, compound
#: names; Schimmel, Islamic Names, 1989, ch. 3 on the names in -al-Din and -al-Islam); Libyan and
#: Maghrebi press and social media often glue them (سيفالاسلام, نورالدين, قذافالدم), which the
#: tokeniser then read as one part that met neither the Arabic nor the Latin two-part name
#: (NOUREDDINE is read nour din on the Latin side). Split into X and al-Y, as written apart.
_AR_COMPOUND = re.compile(
    "^(?P<x>[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{2,}?)"
    "(?P<y>ال(?:[اأإآ]سلام|رحمن|حق|زمان|ملك|هد[ىي]|نساء|دين|دم))$")
#: first words that make another compound, read as one part (عبد الرحمن, أبو بكر: ``text``)
_AR_COMPOUND_FIRST = ("عبد", "ابو", "أبو", "ال")


def split_arabic_compound(t: str) -> list[str]:
    """``t`` (one Arabic word, diacritics removed) as its two words when it is a compound name
    written without the space (سيفالاسلام -> سيف الاسلام, قذافالدم -> قذاف الدم); else ``[t]``.
    Not after عبد/أبو (one part already: عبدالرحمن) nor a word that starts with the article
    (الوالدين "the parents")."""
    if len(t) < 6:
        return [t]
    m = _AR_COMPOUND.match(t)
    if m is None or m.group("x").startswith(_AR_COMPOUND_FIRST):
        return [t]
    return [m.group("x"), m.group("y")]


def silent_final_alef(t: str) -> bool:
    """Whether ``t`` ends in the verbal plural ending وا whose alef is not pronounced (al-alif
    al-fāriqa, "the separating alef": اعتصموا i'tasimū, قالوا qālū). ALA-LC Arabic romanization table,
    notes on alif: the alef written after the plural wāw is not romanised; the lists write such a name
    without it (WAATASEMU CHARITY ASSOCIATION = جمعية واعتصموا الخيرية). An alternative reading (a
    name may end in a pronounced وا too); words of four letters or more."""
    return len(t) >= 4 and t.endswith("وا") and t[-3] not in "اوي"


# --------------------------------------------------------------------------- Greek
#: (fifteenth round) Greek names in the classical (Latin/English) transcription, which the lists and
#: ship registers use for names of Greek origin (ZEUS, THEODOROS, AGIOS NIKOLAOS, ELEFTHERIA): αυ ευ ηυ
#: as au eu iu, ου as ou, β as b, η as e, υ as y, χ as ch, φ as ph, θ as th, ψ as ps, ξ as x (ALA-LC
#: Greek romanization table, ancient Greek; ISO 843:1997 transcription column for the digraphs). The
#: tokeniser reads Greek letters by the modern ELOT 743 / UN (1987) transliteration (rigour,
#: anyascii: ΖΕΥΣ = ZEVS, ευ = ev before a voiced sound, ef before a voiceless one): a Greek name
#: is read both ways, as the Cyrillic háček spelling is (text._caron_spelling)
_GREEK_DIGRAPHS = (("αυ", "au"), ("ευ", "eu"), ("ηυ", "iu"), ("ου", "ou"), ("γγ", "ng"), ("γκ", "gk"),
                   ("γξ", "nx"), ("γχ", "nch"), ("μπ", "mp"), ("ντ", "nt"))
_GREEK_CLASSICAL = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω",
                            ("a", "b", "g", "d", "e", "z", "e", "th", "i", "k", "l", "m", "n", "x", "o", "p",
                             "r", "s", "s", "t", "y", "ph", "ch", "ps", "o")))
_GREEK_VOICELESS = set("θκξπσςτφχψ")


def is_greek(text: str) -> bool:
    return any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in text)


def greek_readings(text: str) -> list[str]:
    """The Latin readings of a Greek ``text`` besides the modern transliteration: the classical
    transcription (ΖΕΥΣ -> zeus, ΘΕΟΔΩΡΟΣ -> theodoros) and ELOT 743's ευ/αυ before a voiceless
    letter or at the end (ΖΕΥΣ -> zefs). Letters outside the Greek alphabet are kept."""
    import unicodedata
    low = "".join(ch for ch in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(ch))
    classical = low
    for a, b in _GREEK_DIGRAPHS:
        classical = classical.replace(a, b)
    classical = "".join(_GREEK_CLASSICAL.get(ch, ch) for ch in classical)
    elot = []
    for k, ch in enumerate(low):
        if ch == "υ" and k > 0 and low[k - 1] in "αεη":
            nxt = low[k + 1] if k + 1 < len(low) else ""
            elot.append("f" if (not nxt.isalpha() or nxt in _GREEK_VOICELESS) else "v")
        elif ch == "υ" and k > 0 and low[k - 1] == "ο":
            elot.append("u")
        elif ch == "ο" and k + 1 < len(low) and low[k + 1] == "υ":
            elot.append("o")
        elif ch == "η":
            elot.append("i")
        elif ch == "β":
            elot.append("v")
        elif ch == "υ":
            elot.append("y")
        elif ch == "φ":
            elot.append("f")
        elif ch == "χ":
            elot.append("ch")
        else:
            elot.append(_GREEK_CLASSICAL.get(ch, ch))
    return list(dict.fromkeys(r for r in (classical, "".join(elot)) if r != low))


# --------------------------------------------------------------------------- Cyrillic ship names
#: (fifteenth round) the Russian abbreviations of a ship's kind written before its name, as M/V, M/T
#: are in English (matcher._VESSEL_PREFIX): т/х теплоход (motor ship), п/х пароход (steamship), м/в and
#: м/т (motor vessel, motor tanker, transliterated from English), т/к танкер (tanker), д/э
#: дизель-электроход (diesel-electric ship), а/л атомный ледокол (nuclear icebreaker), л/к ледокол
#: (icebreaker), н/с нефтеналивное судно (oil tanker), р/с рыболовное судно (fishing vessel);
#: Словарь сокращений русского языка (Alekseev et al., 4th ed., 1984) and the Russian Maritime
#: Register of Shipping's usage
CYRILLIC_SHIP_PREFIX = re.compile(r"^\s*(?:т/х|п/х|м/в|м/т|т/к|д/э|а/л|л/к|н/с|р/с)\.?\s+", re.I)
#: ranks in a ship's name in Cyrillic and Greek (matcher._VESSEL_RANK_MAP: KAPITAN = CAPTAIN):
#: капитан (Russian, Ukrainian, Bulgarian), капітан (Ukrainian), адмирал, адмірал; καπετάν, καπετάνιος
VESSEL_RANKS = {"капитан": "captain", "капітан": "captain", "адмирал": "admiral", "адмірал": "admiral",
                "καπεταν": "captain", "καπετανιος": "captain", "καπετάν": "captain", "καπετάνιος": "captain"}
