"""Rebuilding names that a broken list export truncated to the low byte of each character, without
inventing letters.

Some copies of the UN Consolidated List (for example the one of 2025-08-16 in ``../shared/data``)
were written by an exporter that kept only the low byte of every character above U+00FF and then
declared the bytes UTF-8: an Arabic name comes out as ASCII punctuation, digits and letters
(ص U+0635 -> '5', ا U+0627 -> "'", ل U+0644 -> 'D'), a Cyrillic one likewise (У U+0423 -> '#'),
punctuation U+2010..U+201F as control bytes, and CJK text as noise that cannot be rebuilt.

``repair_value`` reads such a value back to its bytes and tries, in this order, Cyrillic (U+04xx)
and Arabic (U+06xx). A reading is accepted only when *every* character is a letter that occurs in
names of that script (the Arabic letters, the Persian, Urdu and Pashto ones; no tashkeel-only
words, no Arabic-Indic digits, no rare signs), and Cyrillic words follow the capital-then-lower-case
pattern. Bytes that are both punctuation and a letter are decided by position and nothing else:

- '.' is a full stop after a one-letter word (عدنان س. حسن), otherwise خ (شيخ);
- '-' between spaces is a dash, otherwise ح (حسن);
- '(' ')' ',' are ب ة ج inside an Arabic reading; a trailing "(...)" whose opening bracket follows a
  Latin name ("Abou Mouhadjir (...)") is a bracket, and only its content is read;
- in Cyrillic, byte 0x20 is both a space and Р: it is Р when it starts a word of lower-case letters.

When no reading passes, the value is returned unchanged with ``None`` as script: the caller keeps it
out of the names used for matching and flags it on the entry (``unrepaired_names``). A Latin value
("Lord's Resistance Movement (LRM)", "(KPE.018)") never passes as Arabic: L, R, M and K are Arabic
vowel signs in that reading, which are not letters.
"""

from __future__ import annotations

import re

# bytes -> Arabic letters that occur in names (U+06xx with xx = the byte). Of the letters above
# U+066F only the commonest Persian ones are taken (پ چ ژ ک گ ی): the others share their low byte
# with the Arabic presentation forms U+FExx (ځ U+0681 and ﺁ U+FE81 both became 0x81), so a value
# holding them cannot be read without guessing.
_AR_OK = set(range(0x21, 0x3B)) | set(range(0x41, 0x4B)) | {0x7E, 0x86, 0x98, 0xA9, 0xAF, 0xCC}
_AR_MARKS = set(range(0x4B, 0x56)) | {0x40}          # tashkeel, hamza/madda signs, tatweel: kept, never first
_CTRL_PUNCT = {0x13: "–", 0x14: "—", 0x18: "‘", 0x19: "’", 0x1C: "“", 0x1D: "”"}
_ORIG_PREFIX = re.compile(r"^(?P<pre>\s*original script:\s*)(?P<inner>.*)$", re.I | re.S)


CONTROL_BASE = 0xF700  # the loader keeps control bytes of a mis-encoded file as U+F700 + byte (private use)
_ACRONYM = re.compile(r"^[\s\"'“”‘’(\[]*[A-Z0-9]{1,10}(?:[/.\-][A-Z0-9]{1,10})*[\"'“”‘’)\]]*$")


def controls_to_punctuation(value: str) -> str:
    """Control bytes kept as U+F700 + byte -> the U+2000 + byte punctuation they stood for."""
    return "".join(chr(ord(c) - CONTROL_BASE + 0x2000) if CONTROL_BASE <= ord(c) <= CONTROL_BASE + 0x1F else c
                   for c in value)


def low_bytes(value: str) -> bytes | None:
    """The bytes a low-byte-truncated value was made of, or None if it holds real characters
    above U+00FF (it is not truncated). Control bytes the loader kept as U+F700 + byte to keep the
    XML legal, and bytes 0x80..0x9F read as CP1252, are mapped back."""
    out = bytearray()
    for ch in value:
        o = ord(ch)
        if o <= 0xFF:
            out.append(o)
        elif CONTROL_BASE <= o <= CONTROL_BASE + 0x1F:
            out.append(o - CONTROL_BASE)
        else:
            try:
                b = ch.encode("cp1252")
            except UnicodeEncodeError:
                return None
            out += b
    return bytes(out)


def looks_latin(value: str) -> bool:
    """Latin text: at least half letters, with some letter K-Z or a-z (a truncated Arabic name holds
    only A-J among its letters, the rest being quotes, digits and punctuation; a truncated Cyrillic
    one is mostly digits and punctuation); or a code in capitals ("ADF/NALU", “LRA”, KPE.018)."""
    value = controls_to_punctuation(value)
    if _ACRONYM.match(value) and (re.search(r"[K-Z]", value) or re.fullmatch(r"[A-Z ]+", value.strip())):
        return True  # a code, or capitals only (GIA, AA): truncated Arabic names hold an alef (') or more
    chars = [c for c in value if not c.isspace()]
    if not chars or not re.search(r"[K-Za-z]", value):
        return False
    letters = sum(1 for c in chars if c.isalpha())
    return letters >= 0.5 * len(chars)


def _cyrillic(b: bytes) -> str | None:
    out: list[str] = []
    word_start = True
    i = 0
    n = len(b)
    while i < n:
        x = b[i]
        nxt = b[i + 1] if i + 1 < n else None
        if x == 0x20:
            if word_start and nxt is not None and 0x30 <= nxt <= 0x4F:
                out.append("Р")  # U+0420 at the start of a word
                word_start = False
            else:
                out.append(" ")
                word_start = True
            i += 1
            continue
        if x == 0x2D and not word_start and out and out[-1].islower():
            out.append("-")  # hyphen inside a compound (Сеит-Умарович)
            word_start = True
            i += 1
            continue
        upper = 0x10 <= x <= 0x2F or 0x01 <= x <= 0x0F
        lower = 0x30 <= x <= 0x4F or 0x51 <= x <= 0x5F
        if not (lower or (upper and word_start)):
            return None  # a capital inside a word, or a byte that is no Cyrillic letter
        out.append(chr(0x400 + x))
        word_start = False
        i += 1
    text = "".join(out).strip()
    words = [w for w in re.split(r"[\s-]+", text) if w]
    if not words or not words[0][0].isupper() or not all(
            len(w) >= 2 and any(c in "аеёиоуыэюяАЕЁИОУЫЭЮЯ" for c in w) for w in words):
        return None  # names start with a capital; every word has a vowel
    return text


def _arabic(b: bytes) -> str | None:
    out: list[str] = []
    n = len(b)
    word_len = 0
    letters = 0
    marks = 0
    for i, x in enumerate(b):
        prev = b[i - 1] if i else 0x20
        nxt = b[i + 1] if i + 1 < n else 0x20
        if x == 0x20:
            out.append(" ")
            word_len = 0
            continue
        if x == 0x2E and word_len == 1 and nxt == 0x20:
            out.append(".")  # an abbreviated name (عدنان س. حسن)
            continue
        if x == 0x2D and prev == 0x20 and nxt == 0x20:
            out.append("-")
            continue
        if x == 0x0C:  # U+060C Arabic comma between words, U+200C zero-width non-joiner inside one
            out.append("،" if prev == 0x20 or nxt == 0x20 else "\u200c")
            continue
        if x in _CTRL_PUNCT and (prev == 0x20 or nxt == 0x20):
            out.append(_CTRL_PUNCT[x])
            continue
        if x in _AR_MARKS:
            if word_len == 0:
                return None  # a word cannot start with a vowel sign
            out.append(chr(0x600 + x))
            marks += 1
            continue
        if x not in _AR_OK:
            return None
        out.append(chr(0x600 + x))
        word_len += 1
        letters += 1
    text = " ".join("".join(out).split())
    return text if letters >= 3 and marks * 3 <= letters else None


def _read(b: bytes) -> tuple[str, str] | None:
    """The one reading that passes; None when none or both do (then it would be a guess)."""
    cyr = _cyrillic(b)
    ar = _arabic(b)
    if cyr and ar:
        return None
    if cyr:
        return cyr, "cyrillic"
    if ar:
        return ar, "arabic"
    return None


def _segment(value: str) -> tuple[str | None, str | None, bool]:
    """(text or None when unreadable, script, rebuilt) of one run of text without brackets."""
    if not value.strip():
        return value, None, False
    b = low_bytes(value)
    if b is None:
        return value, None, False  # real characters above U+00FF: not truncated
    if looks_latin(value):
        return controls_to_punctuation(value), "latin", False
    got = _read(b)
    if got is None:
        return None, None, False
    return got[0], got[1], True


def repair_value(value: str, original_script: bool = False) -> tuple[str, str | None, bool]:
    """(value, script, changed) for one name of a mis-encoded list. ``changed``: rebuilt from its
    bytes. ``script`` None and ``changed`` False: the value (or the part of it in brackets) could not
    be read without guessing; the caller flags it. A name followed by a bracket ("Abdelali Abou Dher
    (...)", "... (Ansar al Charia)", "Amir Khazmat (original script: ...)") is read part by part;
    an unreadable part is dropped and the value still returned when the other part reads."""
    if not value or not value.strip():
        return value, None, False
    m = _bracket(value)
    if m:
        head, inner = m.group("head"), m.group("inner")
        pm = _ORIG_PREFIX.match(inner)
        pre, body = (pm.group("pre"), pm.group("inner")) if pm else ("", inner)
        h = _segment(head)
        i = _segment(body)
        if h[0] is None and i[0] is None:
            return value, None, False
        if h[0] is None or i[0] is None:
            kept = h if i[0] is None else i
            return kept[0], None, True  # one part read, the other left out (flagged by the caller)
        changed = h[2] or i[2]
        script = i[1] if i[2] else h[1]
        return f"{h[0]} ({pre}{i[0]})", script, changed
    text, script, changed = _segment(value)
    if text is None:
        return value, None, False
    return text, script, changed


class _Bracket:
    def __init__(self, head: str, inner: str):
        self.parts = {"head": head, "inner": inner}

    def group(self, k: str) -> str:
        return self.parts[k]


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0


def _bracket(value: str):
    """A trailing "(...)" that is a bracket, not the letters ب and ة of an Arabic reading
    ("#F5'1 'D41J9) (DJ(J'" is أنصار الشريعة بليبيا). It opens after a space, and either follows a
    Latin name ("Abdelali Abou Dher (...)", leftmost such) or holds balanced Latin text or says
    "original script" ("... (Ansar al Charia in Libya (ASL))", rightmost such)."""
    v = value.rstrip()
    if not v.endswith(")"):
        return None
    cands = [i for i, c in enumerate(v) if c == "(" and i > 0 and v[i - 1].isspace()]
    for i in cands:
        head = v[:i].strip()
        if head and "(" not in head and ")" not in head and looks_latin(head):
            return _Bracket(head, v[i + 1:-1])
    for i in reversed(cands):
        head, inner = v[:i].strip(), v[i + 1:-1]
        if head and _balanced(inner) and (_ORIG_PREFIX.match(inner) or looks_latin(inner)):
            return _Bracket(head, inner)
    return None


def _suspect(value: str) -> bool:
    pm = _ORIG_PREFIX.match(value)
    body = pm.group("inner") if pm else value
    return low_bytes(body) is not None and (bool(pm) or not looks_latin(body))


def needs_repair(value: str) -> bool:
    """True when a value of a mis-encoded file is neither plain Latin nor real Unicode text, or
    ends with a bracket that is not ('Amir Khazmat (original script: ...)')."""
    if low_bytes(value) is None:
        return False
    m = _bracket(value)
    if m and (_suspect(m.group("inner")) or _suspect(m.group("head"))):
        return True
    return not looks_latin(value)
