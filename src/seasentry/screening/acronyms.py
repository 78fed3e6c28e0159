"""(Session 13, fifteenth round) An organisation's acronym written beside its full name.

The press, the UN Panel of Experts and EU documents write a body's name with its acronym, before
or after it, in brackets or after a dash: "Libyan Arab Foreign Investment Company (LAFICO)",
"LIA - Libyan Investment Authority", "IMIDRO (Iranian Mines & Mining Industries Development &
Renovation Org.)", "Libya Africa Investment Portfolio (LAP)". The acronym says nothing the words do
not say; compared as a word of the name it is a word the listed name lacks (or, worse, a word that
meets nothing), and the name then scored as a name with an extra proper word. When the acronym
spells the initials of the words beside it, it agrees with them: the name is also read without it.

Initials as the EU Interinstitutional Style Guide (section 10.3, acronyms and initialisms) and
the lists' own bracketed acronyms (``index.defined_acronyms``: ISLAMIC REVOLUTIONARY GUARD CORPS
(IRGC)) form them: the first letter of each word, articles, prepositions and conjunctions (and
``&``) left out; a word may give its first two or three letters (LAFICO: Libyan Arab Foreign
Investment COmpany; IMIDRO: ... Renovation Org.); a few words may give none (LAP: Libya Africa
[Investment] Portfolio; IMIDRO leaves out Mining), at most one in three.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# articles, prepositions and conjunctions left out of initials (English, French, Italian, Spanish,
# Portuguese, German, Maltese), and "&"
_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "du", "des", "la", "le",
                   "les", "l", "d", "di", "del", "della", "dei", "degli", "delle", "dello", "il", "lo", "gli",
                   "per", "pour", "et", "e", "y", "u", "da", "do", "dos", "das", "der", "die", "und",
                   "fur", "el", "los", "las", "al", "ta", "tal"})
_ACRONYM = re.compile(r"(?<![\w.])([A-Z]{3,6})(?![\w.])")
_WORD = re.compile(r"[A-Za-z]+")
_BRACKETS = re.compile(r"\([^()]*\)")


def _spells(acr: str, words: list[str]) -> bool:
    """Whether ``acr`` (lower case) is the initials of ``words`` (lower case, in order): each word
    gives its first one to three letters or none, the first word gives its first letter, at most
    one content word in three gives none; an article, preposition or conjunction (``_SKIP``) may
    give its first letter or none (AAS: Ansar Al-Sharia)."""
    n = len(words)
    content = sum(1 for w in words if w not in _SKIP)
    if content < 2:
        return False
    max_skip = max(1, content // 3)

    @lru_cache(maxsize=None)
    def go(i: int, j: int, skips: int) -> bool:
        if i == len(acr):
            left = sum(1 for w in words[j:] if w not in _SKIP)
            return skips + left <= max_skip
        if j == n:
            return False
        w = words[j]
        small = w in _SKIP
        for k in ((1,) if small else (1, 2, 3)):
            if k <= len(w) and acr[i:i + k] == w[:k] and go(i + k, j + 1, skips):
                return True
        if small:
            return go(i, j + 1, skips)
        return j > 0 and skips < max_skip and go(i, j + 1, skips + 1)

    return go(0, 0, 0)


def _words(text: str) -> list[str]:
    return [x.lower() for x in _WORD.findall(text)]


@lru_cache(maxsize=20_000)
def acronym_free_reading(name: str) -> str | None:
    """``name`` without an acronym written beside the words it spells (see the module docstring):
    ``Libyan Arab Foreign Investment Company (LAFICO)`` -> ``Libyan Arab Foreign Investment
    Company``; None when the name holds no such acronym. Latin script only; the words the acronym
    is checked against are those outside brackets (a bracketed acronym) or, for an acronym outside
    brackets, the other words outside brackets (a bracketed translation or place is not spelt)."""
    if not name or len(name) > 300:
        return None
    text = unicodedata.normalize("NFKC", name)
    ascii_text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    for m in _ACRONYM.finditer(ascii_text):
        acr = m.group(1)
        before, after = ascii_text[:m.start()], ascii_text[m.end():]
        rest = before + " " + after
        outside = _words(_BRACKETS.sub(" ", rest))
        if acr.lower() in _words(rest):
            continue
        out = None
        if _spells(acr.lower(), outside):
            out = before.rstrip() + " " + after.lstrip()
            out = re.sub(r"\(\s*\)", " ", out)                         # the brackets it stood in
        elif "(" not in before and sum(1 for w in outside if w not in _SKIP) == 0:
            # the acronym first, its words in brackets after it: IMIDRO (Iranian Mines ...)
            inner = _BRACKETS.search(after)
            if inner is not None and _spells(acr.lower(), _words(inner.group(0))):
                out = after[:inner.start()] + " " + inner.group(0)[1:-1] + " " + after[inner.end():]
        if out is None:
            continue
        out = re.sub(r"^\s*[-–—:,/]\s*|\s*[-–—:,/]\s*$", " ", out)   # a dash or comma it stood after
        out = re.sub(r"\s+[-–—:,/]\s+(?=\()", " ", out)
        out = " ".join(out.split())
        if out and out != text:
            return out
    return None


def _concepts(text: str) -> frozenset[str]:
    from .orgwords import translate_org_name
    from .text import to_ascii

    read = translate_org_name(text, True) or text
    return frozenset(w for w in (to_ascii(x).lower().strip(".,;:'\"") for x in read.split())
                     if w and w not in _SKIP)


@lru_cache(maxsize=20_000)
def translation_free_reading(name: str) -> str | None:
    """(Fifteenth round) ``name`` without a text in brackets that says the same in another language:
    an Italian report writes "Libyan Investment Authority (Autorità libica degli investimenti)", the
    English name and its translation word for word. When the bracketed text and the rest read as the
    same concepts (``orgwords`` reads both; two or more, proper words compared as written), the
    name is also read without the brackets; None otherwise."""
    if not name or "(" not in name or len(name) > 300:
        return None
    m = _BRACKETS.search(name)
    if m is None:
        return None
    inner = m.group(0)[1:-1]
    outer = " ".join((name[:m.start()] + " " + name[m.end():]).split())
    if not inner.strip() or not outer:
        return None
    a, b = _concepts(outer), _concepts(inner)
    return outer if len(a) >= 2 and a == b else None
