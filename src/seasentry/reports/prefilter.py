"""Literal prefilters for the extractors' regular expressions: skip a regex scan when the text
cannot hold a match.

Python's ``re`` engine tries a pattern at every position of the text unless the pattern starts
with a literal; most cue, count and date patterns do not (an optional prefix, a look-behind, a
number before the keyword), so each costs a full pass over a 5 kB article even when the keyword
it needs is absent. :func:`required_literals` reads a compiled pattern's parse tree and returns
strings of which every match must contain at least one ("bodies" or "corpses" for
``N\\s+(?:bodies|corpses)``); ``str.__contains__`` on those is far cheaper than the scan. When
none of them occurs the pattern cannot match, so skipping it changes no result; when the
analysis cannot tell (case-insensitive parts, a pattern made only of classes), it returns
``None`` and the pattern always runs. ``tests/test_reports_prefilter.py`` checks the analysis
against the regex engine on the labelled reports and random strings.
"""

from __future__ import annotations

import re

try:  # the parser of the re module (Python >= 3.11: re._parser; older: sre_parse)
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover
    import sre_constants as _C  # type: ignore
    import sre_parse as _P  # type: ignore

_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT}
if hasattr(_C, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_C.POSSESSIVE_REPEAT)


def _best(reqs: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most selective requirement: the longest shortest literal, then the fewest literals."""
    if not reqs:
        return None
    return max(reqs, key=lambda r: (min(len(x) for x in r), -len(r)))


def _seq(items) -> tuple[str, ...] | None:
    reqs: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            reqs.append(("".join(run),))
            run = []
        r = _item(op, av)
        if r:
            reqs.append(r)
    if run:
        reqs.append(("".join(run),))
    return _best(reqs)


def _item(op, av) -> tuple[str, ...] | None:
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, p = av
        if add_flags or del_flags:
            return None                      # (?i:...) and other local flags: do not guess
        return _seq(p)
    if op is _C.BRANCH:
        out: list[str] = []
        for p in av[1]:
            r = _seq(p)
            if not r:
                return None                  # one branch needs nothing: the branch needs nothing
            out.extend(r)
        return tuple(dict.fromkeys(out))
    if op in _REPEATS:
        lo, _hi, p = av
        return _seq(p) if lo >= 1 else None
    return None                              # classes, anchors, look-arounds, back-references


def required_literals(rx: re.Pattern | str) -> tuple[str, ...] | None:
    """Strings of which every match of ``rx`` contains at least one, or None when unknown."""
    pat = rx.pattern if isinstance(rx, re.Pattern) else rx
    flags = rx.flags if isinstance(rx, re.Pattern) else 0
    if not isinstance(pat, str) or flags & re.IGNORECASE:
        return None
    try:
        tree = _P.parse(pat, flags)
    except Exception:  # pragma: no cover - a pattern re compiled always parses
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    lits = _seq(list(tree))
    if not lits or any(not x for x in lits):
        return None
    return lits


def may_match(lits: tuple[str, ...] | None, text: str) -> bool:
    """False only when the text holds none of the required literals (the pattern cannot match)."""
    if lits is None:
        return True
    for x in lits:
        if x in text:
            return True
    return False


_BOUNDARY = re.compile(r"\b")


def strip_leading_boundary(rx: re.Pattern) -> re.Pattern | None:
    """``P`` when ``rx`` is ``\\bP`` and ``P`` starts with a literal character (so that the regex
    engine can jump between occurrences of it instead of trying every position), else None."""
    pat = rx.pattern
    if not isinstance(pat, str) or not pat.startswith("\\b") or rx.flags & re.IGNORECASE:
        return None
    try:
        rest = re.compile(pat[2:], rx.flags)
        items = list(_P.parse(pat[2:], rx.flags))
    except (re.error, Exception):
        return None
    if not items or not _starts_with_literal(items) or rest.groupindex != rx.groupindex or rest.groups != rx.groups:
        return None
    if _P.parse(pat[2:], rx.flags).getwidth()[0] == 0:
        return None  # an empty match would need finditer's own stepping rules
    return rest


def _starts_with_literal(items) -> bool:
    """True when every match starts with one of a few literal characters (a literal, a branch of
    literals, a character class): the engine then skips the positions that cannot start a match."""
    op, av = items[0]
    if op is _C.LITERAL or op is _C.IN:
        return True
    if op is _C.SUBPATTERN:
        _g, add_flags, del_flags, p = av
        return not add_flags and not del_flags and bool(list(p)) and _starts_with_literal(list(p))
    if op is _C.BRANCH:
        return all(list(p) and _starts_with_literal(list(p)) for p in av[1])
    return False


def finditer_fast(rx: re.Pattern, rest: re.Pattern | None, text: str):
    """``rx.finditer(text)`` for ``rx`` = ``\\b`` + ``rest`` (:func:`strip_leading_boundary`): the
    leftmost match of ``rest`` at a word boundary is the leftmost match of ``rx`` (the boundary is
    zero-width and checked in the full text, as ``rx`` checks it), so the same matches come out."""
    if rest is None:
        yield from rx.finditer(text)
        return
    pos = 0
    n = len(text)
    search, boundary = rest.search, _BOUNDARY.match
    while pos <= n:
        m = search(text, pos)
        if m is None:
            return
        a = m.start()
        if boundary(text, a) is None:
            pos = a + 1
            continue
        yield m
        pos = m.end() if m.end() > a else a + 1


def finditer_at(rx: re.Pattern, text: str, starts) -> list[re.Match]:
    """``list(rx.finditer(text))`` when ``starts`` (ascending positions) holds every position where
    a match of ``rx`` can start: the leftmost match at or after the end of the previous one is
    found by trying ``rx.match`` at those positions only (``match`` at a position is the attempt
    ``finditer`` makes there, look-behinds and word boundaries seeing the whole text). The
    patterns given here never match the empty string."""
    out = []
    end = 0
    match = rx.match
    for p in starts:
        if p < end:
            continue
        m = match(text, p)
        if m is not None:
            out.append(m)
            end = m.end() if m.end() > p else p + 1
    return out


# characters outside ASCII that a case-insensitive ASCII letter matches (re's Unicode case rules:
# dotted and dotless i, long s, Kelvin sign); tests/test_reports_prefilter.py checks the list
CASE_SPECIAL = "\u0130\u0131\u017f\u212a"


class Prefiltered:
    """A compiled pattern with its required literals: ``finditer`` / ``search`` skip the scan when
    the text cannot hold a match, and are otherwise the pattern's own."""

    __slots__ = ("rx", "lits", "pattern")

    def __init__(self, rx: re.Pattern | str, flags: int = 0):
        self.rx = rx if isinstance(rx, re.Pattern) else re.compile(rx, flags)
        self.pattern = self.rx.pattern
        self.lits = required_literals(self.rx)

    def finditer(self, text: str):
        if self.lits is not None and not may_match(self.lits, text):
            return iter(())
        return self.rx.finditer(text)

    def search(self, text: str):
        if self.lits is not None and not may_match(self.lits, text):
            return None
        return self.rx.search(text)

    def __repr__(self) -> str:
        return f"Prefiltered({self.pattern!r}, lits={self.lits!r})"
