"""(Session 15, nineteenth round) Text hygiene of a query: what a careful reader reads in a name that
reached the analyst through an imperfect pipeline, done once, before every other reading.

``clean_query(text)`` replaces the text (it only undoes damage; it never guesses a letter):

1. **Damaged encodings**, repaired by ftfy (Speer 2015-2024, Apache-2.0; ``ftfy.fix_and_explain``):
   UTF-8 read as Windows-1252 or Latin-1 (``CÃ¡rtel``, ``Ð“ÐµÑ€Ð¼Ð°Ð½``, ``Ø¹Ø¨Ø¯``), twice over, HTML and
   XML character references (``&amp;``, ``&#225;``, ``&#x107;``), C1 controls. A repair is kept only
   when ftfy explains it with steps of those kinds and the result holds no replacement character
   (U+FFFD) that the text did not hold: a byte that cannot be read leaves the text as it was (the rule
   of ``repair.py`` for the lists: never invent letters). A CSV field kept with its quotes (RFC 4180:
   ``"Al ""Nour"" Co"``) is unquoted.
2. **Unicode normalisation** (Unicode Standard Annex #15, NFKC; UAX #44 general categories): compatibility
   forms (full-width ``ＺＡＬＤＯＳＴＡＮＯＶ``, Arabic presentation forms ``ﻣﺤﻤﺪ``, ligatures), format characters
   (category Cf: zero-width space and joiner, soft hyphen, bidi marks, BOM, tag characters; not the
   zero-width non-joiner U+200C, which Persian writes inside a word and the tokeniser reads) and the
   Arabic tatweel (U+0640) dropped, symbols (So, Sk: emoji, flags' regional indicators, dingbats) and the
   emoji variation selectors dropped.
3. **Look-alike letters** (Unicode Technical Standard #39, confusables.txt, as shipped by the package
   confusable_homoglyphs, MIT): a word written in Latin, Cyrillic and Greek letters together is a
   spoofed or OCR-mixed word; its letters of the minority script are replaced by their look-alikes of
   the majority script (``Pаvel`` with a Cyrillic а = ``Pavel``). A word that has no look-alike for a
   letter is left as written.

``hygiene_readings(text)`` gives ALTERNATIVE readings, screened beside the text through the
best-of-readings of ``ScreeningIndex`` with a cost (``MatchWeights.hygiene_reading_cost``):

4. **OCR slips**: a digit inside a word of letters read as the letter it resembles (0 = O, 1 = I/L,
   5 = S, 8 = B; query_text.ocr_reading's rule, here for every kind of name: CLAN DEL G0LFO, SIN0PA); a
   lower-case l inside a word in capitals read as I (ARNlCA, SOURlA). A number standing alone (DREAM 2,
   a year) is no word of letters and is never read.
5. **Reversed right-to-left text**: an Arabic-script query exported in visual order (letters and words
   reversed) is read reversed when more of its reversed words than of its words are name parts of the
   index's lists (``reversed_reading``; the vocabulary is the caller's).
6. **Handles, hashtags, domains and e-mail forms** (``handle_reading``): @ and # dropped, CamelCase,
   underscores and dots split, a web domain's top-level domain dropped (sberbank.ua = sberbank), a
   domain written beside a name dropped (abr.ru Bank Rossiya); a word hyphenated at a line break
   (``Moham- med``) joined.
7. **A name written in two scripts side by side** (``script_runs_readings``): each script's run of words
   read alone (郭春燕 GUO Chunyan).

``is_placeholder(text)``: a field that holds no name (``<null>``, ``N/A``, ``UNKNOWN``, ``TBC``,
``Name:``, ``-``; pandas' default missing-value strings, ``pandas.read_csv(na_values)``, and the placeholders of
form and spreadsheet exports) returns no match at all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ------------------------------------------------------------------------------ 1. encodings
# ftfy's steps that undo damage without choosing between readings: the decodings of mojibake
# (encode as one codec, decode as UTF-8), HTML unescaping and the repairs of its own mojibake
# machinery. fix_character_width and fix_latin_ligatures are NFKC's business (step 2).
_FTFY_STEPS = frozenset({"encode", "decode", "transcode", "apply", "normalize"})
_FTFY_APPLY = frozenset({"unescape_html", "fix_c1_controls", "restore_byte_a0", "replace_lossy_sequences",
                         "decode_inconsistent_utf8", "fix_partial_utf8_punct_in_1252", "fix_surrogates",
                         "remove_control_chars", "fix_character_width", "fix_latin_ligatures",
                         "remove_terminal_escapes", "fix_line_breaks"})
_SUSPECT = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});|[\u0080-\u00ff\u0152\u0153\u0160\u0161"
                      r"\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]")


@lru_cache(maxsize=1)
def _ftfy_config():
    from ftfy import TextFixerConfig

    # uncurl_quotes off (a ’ is an apostrophe to the tokeniser already); normalization off (step 2)
    return TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, normalization=None,
                           replace_lossy_sequences=False, explain=True)


def repair_encoding(text: str) -> tuple[str, tuple[str, ...]]:
    """``(text, steps)``: ``text`` with its mojibake and character references undone by ftfy, and the
    steps ftfy explains; the text unchanged (no steps) when no repair is certain."""
    if not _SUSPECT.search(text):
        return text, ()
    from ftfy import fix_and_explain

    try:
        fixed = fix_and_explain(text, config=_ftfy_config())
    except Exception:   # bad input never crashes: the text as written
        return text, ()
    new, steps = fixed.text, tuple(fixed.explanation or ())
    if new == text or not steps:
        return text, ()
    if any(k not in _FTFY_STEPS or (k == "apply" and v not in _FTFY_APPLY) for k, v in steps):
        return text, ()
    if new.count("\ufffd") > text.count("\ufffd"):
        return text, ()   # a byte that no codec reads: left as written, never a guessed letter
    return new, tuple(f"{k}:{v}" for k, v in steps)


_CSV_QUOTED = re.compile(r'^\s*"(?P<body>(?:[^"]|"")*)"\s*$')


def csv_unquote(text: str) -> str:
    """A field kept with its CSV quotes (RFC 4180 section 2.7: quotes doubled inside) unquoted."""
    m = _CSV_QUOTED.match(text)
    if m:
        return m.group("body").replace('""', '"').strip()
    return text


# ------------------------------------------------------------------------------ 2. normalisation
_KEEP_CF = frozenset({"\u200c"})   # ZWNJ: Persian writes it inside a word (text._arabic_tokens reads it)
_DROP_MN = frozenset({"\ufe0e", "\ufe0f", "\u20e3"})   # variation selectors of emoji, keycap


def _drop(ch: str) -> bool:
    if ch in _KEEP_CF:
        return False
    if ch == "\u0640" or ch in _DROP_MN:
        return True   # tatweel (a stretch of the line, no letter), emoji selectors
    cat = unicodedata.category(ch)
    return cat == "Cf" or cat == "So" or (cat == "Sk" and ord(ch) > 0x2FF)   # Sk: emoji skin tones; not ´ ` ^


# characters whose compatibility decomposition is a space and a combining mark (´ ¨ ¯ ¸ ˘ ˙ ˚ ˛ ˜ ˝, the
# isolated Arabic vowel signs U+FE70..U+FE7F): NFKC would cut a word in two (O´Brien = O ́Brien). An acute
# or grave accent standing alone writes an apostrophe; the others are dropped (a vowel sign is no letter)
_SPACING_MARKS = re.compile("[\u00a8\u00af\u00b4\u00b8\u02d8-\u02dd\u0384\u0385\u1fbd\u1fbf-\u1fc1"
                            "\u1fcd-\u1fcf\u1fdd-\u1fdf\u1fed-\u1fef\u1ffd\u1ffe\u037a\u2017\u203e\u309b\u309c\ufc5e-\ufc63"
                            "\ufe49-\ufe4c\ufe70-\ufe7f\uffe3]")


def normalise(text: str) -> str:
    """NFKC, format characters, tatweel and symbols dropped (module docstring, step 2); runs of spaces
    made one."""
    if text.isascii():
        return text
    t = _SPACING_MARKS.sub(lambda m: "'" if m.group(0) == "\u00b4" else "", text)
    t = unicodedata.normalize("NFKC", t)
    if not t.isascii():
        t = "".join(ch for ch in t if not _drop(ch))
    return " ".join(t.split()) if t != text else t


# ------------------------------------------------------------------------------ 3. look-alikes
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


@lru_cache(maxsize=1)
def _lookalikes() -> dict[tuple[str, str], str]:
    """``(letter, target script) -> look-alike letter`` among Latin, Cyrillic and Greek letters, from
    UTS #39 confusables.txt as confusable_homoglyphs ships it (single letters of the same case only)."""
    from confusable_homoglyphs import categories, confusables

    out: dict[tuple[str, str], str] = {}
    data = confusables.confusables_data if hasattr(confusables, "confusables_data") else None
    if data is None:
        import json
        import os

        import confusable_homoglyphs as ch

        with open(os.path.join(os.path.dirname(ch.__file__), "confusables.json"), encoding="utf-8") as fh:
            data = json.load(fh)
    for c, glyphs in data.items():
        if len(c) != 1 or not c.isalpha() or categories.alias(c) not in _SCRIPTS:
            continue
        for g in glyphs:
            t = g["c"]
            if len(t) != 1 or not t.isalpha() or t.isupper() != c.isupper():
                continue
            s = categories.alias(t)
            if s in _SCRIPTS and s != categories.alias(c) and (c, s) not in out:
                out[(c, s)] = t
    return out


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for s in _SCRIPTS:
        if name.startswith(s):
            return s
    return "OTHER"


_WORD = re.compile(r"[^\W\d_]+")


def _unmix(m: re.Match) -> str:
    w = m.group(0)
    counts: dict[str, int] = {}
    for ch in w:
        s = _script(ch)
        counts[s] = counts.get(s, 0) + 1
    if len(counts) < 2 or "OTHER" in counts:
        return w
    look = _lookalikes()
    # the majority script; on a tie the one into which every other letter has a look-alike
    order = sorted(counts, key=lambda s: (-counts[s], s != "LATIN"))
    for target in order:
        out = [ch if _script(ch) == target else look.get((ch, target)) for ch in w]
        if all(out):
            return "".join(out)
    return w


def unmix_scripts(text: str) -> str:
    """Words mixing Latin, Cyrillic and Greek letters written in their majority script (step 3)."""
    if text.isascii():
        return text
    return _WORD.sub(_unmix, text)


_CYR_GREEK_CAPS = re.compile("[\u0391-\u03a9\u0400-\u042f]")


def lookalike_reading(text: str) -> str | None:
    """A text written wholly in Cyrillic or Greek capitals that all have look-alikes among the Latin
    letters A-Z (UTS #39's whole-script confusables: АРАМА, ТОКУО) read in Latin letters; None otherwise. An alternative
    reading: a Russian word may be written so (МАМА)."""
    if text.isascii() or not _CYR_GREEK_CAPS.search(text):
        return None
    look = _lookalikes()
    out = []
    letters = 0
    for ch in text:
        s = _script(ch)
        if s is None:
            out.append(ch)
        elif s in ("CYRILLIC", "GREEK") and ch.isupper() and look.get((ch, "LATIN"), "\u00ff") < "\u0080":
            out.append(look[(ch, "LATIN")])
            letters += 1
        else:
            return None
    return "".join(out) if letters >= 3 else None


# ------------------------------------------------------------------------------ placeholders
_PLACEHOLDERS = frozenset(x.casefold() for x in (
    # pandas.read_csv's default na_values (pandas/_libs/parsers.pyx STR_NA_VALUES)
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
    "NULL", "NaN", "None", "n/a", "nan", "null",
    # form and spreadsheet placeholders
    "<null>", "(null)", "[null]", "nil", "none", "unknown", "unk", "tbc", "tba", "tbd", "n.a.", "n/k", "not known",
    "not available", "not applicable", "undefined", "(blank)", "name", "name:", "lorem ipsum",
    "lorem ipsum dolor sit amet", "#value!", "#ref!", "#name?"))


def is_placeholder(text: str) -> bool:
    """A field that holds no name: a missing-value placeholder (module docstring) or no letter at all."""
    t = " ".join((text or "").split()).casefold()
    if not t:
        return True
    if t in _PLACEHOLDERS or t.strip(" .:;,") in _PLACEHOLDERS:
        return True
    return not any(ch.isalnum() for ch in t)


# ------------------------------------------------------------------------------ the clean text
@lru_cache(maxsize=16384)
def clean_query_explained(text: str) -> tuple[str, tuple[str, ...]]:
    """``(clean text, steps)``: steps 1-3 of the module docstring, each named in ``steps`` when it
    changed the text."""
    if not isinstance(text, str) or not text:
        return text, ()
    steps: list[str] = []
    t, fx = repair_encoding(text)
    steps.extend(fx)
    if fx and _rebuilt(text, t):
        steps.append(REBUILT)
    u = csv_unquote(t)
    if u != t:
        steps.append("csv_unquote")
        t = u
    n = normalise(t)
    if n != t:
        steps.append("unicode_normalise")
        t = n
    x = unmix_scripts(t)
    if x != t:
        steps.append("lookalike_letters")
        t = x
    if not t.strip():
        return text, ()   # nothing left (a query of symbols only): as written
    return t, tuple(steps)


REBUILT = "rebuilt"   # a step name: the repair gave letters of another script than the text showed


def _rebuilt(before: str, after: str) -> bool:
    """The repair wrote the name in letters of another script than the damaged text's (Cyrillic or
    Arabic rebuilt from Latin-1 mojibake): a name rebuilt whole from bytes, not read (module docstring)."""
    def scripts(t: str) -> set:   # the script word of each letter's Unicode name (LATIN, ARABIC, ...)
        return {unicodedata.name(ch, "?").split()[0] for ch in t if ch.isalpha()} - {"LATIN", "MODIFIER", "?"}
    return bool(scripts(after) - scripts(before))


def clean_query(text: str) -> str:
    return clean_query_explained(text)[0]


# ------------------------------------------------------------------------------ 4. OCR slips
_CAPS_WORD = re.compile(r"[^\W_]*l[^\W_]*")


def ocr_slips_reading(text: str) -> str | None:
    """Digits inside words of letters read as letters (query_text.ocr_reading), a lower-case l inside
    a word in capitals read as I; None when there is none."""
    from .query_text import ocr_reading

    t = text
    if "l" in t:
        t = _CAPS_WORD.sub(_caps_l, t)
    t = ocr_reading(t) or t
    return t if t != text else None


def _caps_l(m: re.Match) -> str:
    w = m.group(0)
    letters = [c for c in w if c.isalpha()]
    if sum(c.isupper() for c in letters) >= 3 and all(c.isupper() or c == "l" for c in letters):
        return w.replace("l", "I")
    return w


# ------------------------------------------------------------------------------ 5. reversed RTL
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


def reversed_reading(text: str, known) -> str | None:
    """An Arabic-script text read backwards (letters and words) when none of its words is in ``known``
    (a callable: is this Arabic word a name part of the reference data?) and, of two words or more, all
    its reversed words are, or one of its words starts with a letter that only ends a word (ة, ى) and
    a reversed word is known."""
    if text.isascii() or not _ARABIC_LETTER.search(text):
        return None
    words = [w for w in text.split() if _ARABIC_LETTER.search(w)]
    if not words or len(words) != len(text.split()):
        return None
    fwd = sum(1 for w in words if known(w))
    if fwd:
        return None
    back = sum(1 for w in words if known(w[::-1]))
    # ta marbuta and alef maqsura end a word: one that starts with them is written backwards
    impossible = any(w[0] in "\u0629\u0649" for w in words)
    if (back == len(words) >= 2) or (impossible and back >= 1):
        return " ".join(w[::-1] for w in reversed(words))
    return None


# ------------------------------------------------------------------------------ 6. handles
_HANDLE = re.compile(r"(?<![\w.])[@#](?=\w)")
_EMAIL = re.compile(r"\b[\w.+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\b")
# a web address as written (lower case; RFC 1035 labels): a name of 3 characters or more before its
# top-level domain, a second-level generic label (com.tn, co.uk, gov.ly) dropped with it
_DOMAIN = re.compile(r"(?<![\w.])(?:https?://)?(?:www\.)?(?P<name>[a-z0-9][a-z0-9-]{2,}(?:\.[a-z0-9-]+)*?)"
                     r"(?:\.(?:com|co|org|net|gov|edu|ac))?\.(?P<tld>[a-z]{2,6})(?:/\S*)?(?![\w.])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_LINEBREAK_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})-\s+(?=[a-z\u00df-\u00ff\u0430-\u044f][^\W\d_])")
# the top-level domains (IANA root zone database): a country code of two letters or the common generic ones
_GENERIC_TLDS = frozenset(("com", "org", "net", "info", "biz", "gov", "edu", "int", "mil", "co", "io", "tv", "me",
                           "news", "online", "site", "web", "xyz", "app"))


def _tld(t: str) -> bool:
    t = t.lower()
    return len(t) == 2 or t in _GENERIC_TLDS


def handle_reading(text: str) -> str | None:
    """A handle, hashtag, domain or e-mail address read as the words it writes (module docstring, step
    6), and a word hyphenated at a line break joined; None when the text has none of them."""
    t = text
    t = _EMAIL.sub(lambda m: m.group("domain"), t)

    def dom(m: re.Match) -> str:
        if not _tld(m.group("tld")) or m.group(0)[:1].isdigit():
            return m.group(0)
        if len(text.split()) > 1:
            return ""   # a website written beside the name (abr.ru Bank Rossiya): the name alone
        return m.group("name").replace(".", " ").replace("-", " ")

    if "." in t:
        t = _DOMAIN.sub(dom, t)
    had_mark = bool(_HANDLE.search(t))
    if had_mark:
        t = _HANDLE.sub("", t)
    if had_mark or "_" in t:
        t = " ".join(_CAMEL.sub(" ", w.replace("_", " ")) if (had_mark or "_" in w) else w for w in t.split())
    if "-" in t:
        t = _LINEBREAK_HYPHEN.sub("", t)
    t = " ".join(re.sub(r"[(\[]\s*[)\]]", "", t).split())
    return t if t and t != " ".join(text.split()) else None


# ------------------------------------------------------------------------------ 7. a name in two scripts
def _word_script(w: str) -> str | None:
    s = {_script(ch) for ch in w if ch.isalpha()}
    if not s:
        return None
    return "LATIN" if s == {"LATIN"} else ("OTHER" if "LATIN" not in s else "MIXED")


def script_runs_readings(text: str) -> list[str]:
    """A name written in two scripts side by side, as captions and registers write it (郭春燕 GUO Chunyan;
    Завод «Янтарь» Baltic Shipbuilding Plant; OFAC's "original script" remarks): each run of words of one
    script read alone, when the text is one run of Latin words and one run of words of another script
    (in either order; words without letters go with the run they stand in). Empty otherwise."""
    if text.isascii():
        return []
    words = text.split()
    kinds = [_word_script(w) for w in words]
    if "MIXED" in kinds:
        return []
    runs: list[tuple[str, list[str]]] = []
    for w, k in zip(words, kinds):
        if k is None or (runs and runs[-1][0] == k):
            if runs:
                runs[-1][1].append(w)
            else:
                runs.append((k, [w]))
            continue
        runs.append((k, [w]))
    runs = [(k, ws) for k, ws in runs if k is not None]
    if len(runs) != 2 or {k for k, _ in runs} != {"LATIN", "OTHER"}:
        return []
    return [re.sub("[«»“”„\"]", "", " ".join(ws)).strip(" ()[]'-–—,;/") for _, ws in runs]


def hygiene_readings(text: str, known=None) -> list[tuple[str, str]]:
    """The alternative readings of steps 4-6: ``(reading, kind)``, kind ``handle``, ``ocr``,
    ``lookalike`` or ``reversed``; at most one of each. ``known``: the Arabic words known as name parts
    (default ``known_arabic_word``)."""
    if not text or not isinstance(text, str):
        return []
    if known is None:
        return list(_readings_cached(text))
    return _readings(text, known)


@lru_cache(maxsize=16384)
def _readings_cached(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(_readings(text, known_arabic_word))


def _readings(text: str, known) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    h = handle_reading(text)
    if h is not None:
        out.append((h, "handle"))
    base = h or text
    o = ocr_slips_reading(base)
    if o is not None:
        out.append((o, "ocr"))
    lk = lookalike_reading(text)
    if lk is not None:
        out.append((lk, "lookalike"))
    for r in script_runs_readings(text):
        if r and any(ch.isalpha() for ch in r):
            out.append((r, "script_run"))
    if known is not None:
        r = reversed_reading(text, known)
        if r is not None:
            out.append((r, "reversed"))
    return out


@lru_cache(maxsize=65536)
def known_arabic_word(word: str) -> bool:
    """An Arabic word that Wikidata's Arabic-Latin person names hold (frequency.romanisations, the
    reference data of the name-part weights), with or without the article."""
    from .frequency import romanisations
    from .text import normalize_arabic

    w = normalize_arabic(word)
    rom = romanisations()
    return w in rom or (w.startswith("ال") and len(w) > 3 and w[2:] in rom)
