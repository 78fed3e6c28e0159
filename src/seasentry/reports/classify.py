"""Incident type, counts and topics of a report.

Type: every sentence is scored against the cue lexicon of ``data/reports/lexicon.yaml`` (verbs
and nouns of each incident type in Arabic and English, with weights). A cue counts less inside a
relative clause ("the boat that had left Sfax"), after a negation ("had not been involved"),
as the object of a purpose ("authorisation to inspect") and in a sentence of aggregate figures
("since the start of the month"); organisations hint a type (the Security Council: resolution).
The title and first sentences weigh most, and an earlier cue in a sentence more than a later one
(the main verb of a news lead comes first). The document's type is the best-scoring type; its
confidence is that score's share of all type scores, damped when little evidence was found; the
supporting sentence is the sentence that contributed most.

Counts: people on board (or rescued, intercepted), dead and missing, from number + noun and
verb patterns ("with 73 people on board", "bodies of 10 migrants", "9 are missing", "على متنه 93
مهاجرا", "جثث 22 مهاجرا", "لقي 13 مهاجرا حتفهم", "فقد 7 آخرون"), numbers in digits of either
script or as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .prefilter import finditer_fast, may_match, required_literals, strip_leading_boundary
from .textnorm import AR_LETTER, NormText, fold, parse_number

LEXICON = Path(__file__).resolve().parents[1] / "data" / "reports" / "lexicon.yaml"
TYPES = ("departure", "interception", "rescue", "shipwreck", "seizure", "inspection", "meeting", "resolution",
         "statement")


_LETTER = re.compile(rf"[{AR_LETTER}a-z0-9]")
_CLITICS = "وفلب"


def word_start(t: str, p: int, arabic: bool) -> bool:
    """True when position ``p`` starts a word, allowing up to two Arabic clitics (و ف ل ب) before it."""
    if p == 0 or not _LETTER.match(t[p - 1]):
        return True
    if not arabic:
        return False
    for back in (1, 2):
        q = p - back
        if q < 0 or t[q] not in _CLITICS:
            return False
        if q == 0 or not _LETTER.match(t[q - 1]):
            return True
    return False


def _fold_pattern(p: str) -> str:
    """Fold the Arabic letters of a pattern (the text is folded the same way); keep escapes."""
    return "".join(fold(c) if "\u0600" <= c <= "\u06ff" else c for c in p)


def any_of(rxs: list[re.Pattern]) -> re.Pattern | None:
    """One pattern that matches somewhere exactly when one of ``rxs`` does (their alternation),
    for yes/no tests; None when the list is empty or a pattern cannot be joined (back-references,
    inline global flags)."""
    if not rxs or any(r.flags & ~re.UNICODE or re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]+\)", r.pattern)
                      for r in rxs):
        return None
    try:
        return re.compile("|".join(f"(?:{r.pattern})" for r in rxs))
    except re.error:
        return None


def _lead_optional_as_branch(rx: re.Pattern) -> re.Pattern:
    """``(?:X)?Y`` as ``(?:X)(?:Y)|(?:Y)``: the same matches (the greedy ``?`` tries X first, then
    none, as the branches do), but a pattern that starts with a branch of literals lets the regex
    engine skip the positions where neither can start; an optional lead makes it try every
    position ("(?:to\\s+)?discuss" scanned ~8 times slower). Patterns with capturing groups are
    left as they are (the groups would be duplicated)."""
    pat = rx.pattern
    if rx.groups or not pat.startswith("(?:"):
        return rx
    depth, i, n = 0, 0, len(pat)
    while i < n:
        c = pat[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # skip a character class (a ']' first in it is literal)
            j = i + 1
            if j < n and pat[j] == "^":
                j += 1
            if j < n and pat[j] == "]":
                j += 1
            while j < n and pat[j] != "]":
                j += 2 if pat[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    if depth != 0 or i + 1 >= n or pat[i + 1] != "?" or (i + 2 < n and pat[i + 2] in "?+"):
        return rx
    x, y = pat[3:i], pat[i + 2:]
    if not y:
        return rx
    try:
        out = re.compile(f"(?:{x})(?:{y})|(?:{y})", rx.flags)
    except re.error:
        return rx
    return out if out.groups == 0 else rx


@dataclass
class Lexicon:
    cues: dict[str, dict[str, list[tuple[re.Pattern, float]]]]
    discount: dict[str, dict[str, list[re.Pattern]]]
    type_hints: dict[str, list[str]]
    topics: dict[str, list[re.Pattern]]
    place_cues: dict[str, dict[str, list[re.Pattern]]]
    raw: dict = field(repr=False, default_factory=dict)
    # derived for speed (same answers): the literals each cue needs (prefilter.required_literals),
    # the discount and place-cue lists joined into one pattern each, the topics' patterns by language
    cue_lits: dict[str, dict[str, list[tuple[str, ...] | None]]] = field(repr=False, default_factory=dict)
    cue_rest: dict[str, dict[str, list[re.Pattern | None]]] = field(repr=False, default_factory=dict)
    cue_scan: dict[str, dict[str, list[re.Pattern]]] = field(repr=False, default_factory=dict)
    discount_any: dict[str, dict[str, re.Pattern | None]] = field(repr=False, default_factory=dict)
    discount_lits: dict[str, dict[str, tuple[str, ...] | None]] = field(repr=False, default_factory=dict)
    place_cue_any: dict[str, dict[str, re.Pattern | None]] = field(repr=False, default_factory=dict)
    place_cue_lits: dict[str, dict[str, tuple[str, ...] | None]] = field(repr=False, default_factory=dict)
    topic_rx: dict[str, list[tuple[str, re.Pattern, tuple[str, ...] | None, bool]]] = \
        field(repr=False, default_factory=dict)

    def __post_init__(self):
        self.cue_lits = {t: {lang: [required_literals(rx) for rx, _ in items] for lang, items in by.items()}
                         for t, by in self.cues.items()}
        self.cue_rest = {t: {lang: [strip_leading_boundary(rx) for rx, _ in items] for lang, items in by.items()}
                         for t, by in self.cues.items()}
        self.cue_scan = {t: {lang: [_lead_optional_as_branch(rx) for rx, _ in items] for lang, items in by.items()}
                         for t, by in self.cues.items()}
        self.discount_any = {k: {lang: any_of(ps) for lang, ps in v.items()} for k, v in self.discount.items()}
        self.discount_lits = {k: {lang: (required_literals(j) if j is not None else None) for lang, j in v.items()}
                              for k, v in self.discount_any.items()}
        self.place_cue_any = {k: {lang: any_of(ps) for lang, ps in v.items()} for k, v in self.place_cues.items()}
        self.place_cue_lits = {k: {lang: (required_literals(j) if j is not None else None) for lang, j in v.items()}
                               for k, v in self.place_cue_any.items()}
        self.topic_rx = {}
        for lang in ("ar", "en", None):
            rows = []
            for k, rxs in self.topics.items():
                for r in rxs:
                    is_ar = bool(re.search(r"[\u0600-\u06ff]", r.pattern))
                    if lang in ("ar", "en") and is_ar != (lang == "ar"):
                        continue
                    rows.append((k, r, required_literals(r), is_ar))
            self.topic_rx[lang] = rows


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    cues = {}
    for t, by_lang in raw["types"].items():
        cues[t] = {}
        for lang, items in by_lang.items():
            # the word boundary (and Arabic clitics) before a cue is checked on each match
            # (word_start): a leading look-behind would disable the regex engine's literal search
            cues[t][lang] = [(re.compile(_fold_pattern(p)), float(w)) for p, w in items]
    discount = {k: {lang: [re.compile(_fold_pattern(p)) for p in ps] for lang, ps in v.items()}
                for k, v in raw["discount"].items()}
    topics = {k: [re.compile(_fold_pattern(p)) for p in v] for k, v in raw["topics"].items()}
    place_cues = {k: {lang: [re.compile(_fold_pattern(p)) for p in ps] for lang, ps in v.items()}
                  for k, v in raw["place_cues"].items()}
    hints = {k: [fold(x) for x in v] for k, v in raw["type_hints"].items()}
    return Lexicon(cues, discount, hints, topics, place_cues, raw)


@dataclass
class TypeResult:
    type: str
    confidence: float
    sentence: int                       # index of the supporting sentence
    cue_spans: list[tuple[int, int]]    # normalised spans of the cues of the chosen type in that sentence
    scores: dict[str, float]
    per_sentence: list[dict[str, float]] = field(default_factory=list)


LEAD_WEIGHTS = (1.0, 0.9, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2)
LEAD_SENTENCES = 3          # title + lead (+ one): the report's own event
LEAD_MIN_SCORE = 1.5        # one clear cue
DISCOUNT = {"relative": 0.3, "purpose": 0.25, "negation": 0.2, "aggregate": 0.3}


def sentence_scores(nt: NormText, sents: list[tuple[int, int]], lang: str
                    ) -> tuple[list[dict[str, float]], list[dict[str, list[tuple[int, int]]]]]:
    """Type cue scores and cue spans of every sentence. Each cue pattern runs once over the
    whole text; matches are assigned to the sentence they start in."""
    import bisect

    lx = lexicon()
    L = "ar" if lang == "ar" else "en"
    t = nt.norm
    starts = [s for s, _ in sents]
    per_sent = [{k: 0.0 for k in TYPES} for _ in sents]
    spans: list[dict[str, list[tuple[int, int]]]] = [{k: [] for k in TYPES} for _ in sents]
    if not sents:
        return per_sent, spans
    agg = set()
    for r in lx.discount["aggregate"][L]:
        for m in r.finditer(t):
            agg.add(bisect.bisect_right(starts, m.start()) - 1)
    # each discount kind's patterns joined into one (a yes/no test: the same answer, one search)
    # (and the words the joined pattern needs, tested on the window first)
    disc = [(DISCOUNT[kind], [lx.discount_any[kind][L]] if lx.discount_any[kind][L] is not None
             else lx.discount[kind][L], lx.discount_lits[kind][L]) for kind in ("relative", "purpose", "negation")]
    disc = [(f, rxs, lits) for f, rxs, lits in disc if rxs]
    for typ in TYPES:
        seen_at: set[int] = set()
        for (rx, w), lits, rest, scan in zip(lx.cues[typ].get(L, []), lx.cue_lits[typ].get(L, []),
                                             lx.cue_rest[typ].get(L, []), lx.cue_scan[typ].get(L, [])):
            if not may_match(lits, t):
                continue  # the cue's word is not in the text: no match (prefilter.py)
            for m in (finditer_fast(rx, rest, t) if rest is not None else scan.finditer(t)):
                p0 = m.start()
                if p0 in seen_at or not word_start(t, p0, L == "ar"):
                    continue
                si = bisect.bisect_right(starts, p0) - 1
                if si < 0:
                    continue
                s, e = sents[si]
                if m.end() > e:
                    continue
                seen_at.add(p0)
                before = t[max(s, p0 - 60):p0]
                f = 1.0
                for factor, rxs, dlits in disc:
                    if may_match(dlits, before) and any(r.search(before) for r in rxs):
                        f *= factor
                if si in agg and typ != "statement":
                    f *= DISCOUNT["aggregate"]
                f *= 1.0 - 0.35 * ((p0 - s) / max(1, e - s))  # earlier in the sentence: main clause
                per_sent[si][typ] += w * f
                spans[si][typ].append((p0, m.end()))
    for si, (s, e) in enumerate(sents):
        st = t[s:e]
        for typ, words in lx.type_hints.items():
            if per_sent[si][typ] > 0 and any(wd in st for wd in words):
                per_sent[si][typ] += 1.0
    return per_sent, spans


def confidence(scores: dict[str, float], best: str) -> float:
    """The best type's share of all type scores, damped when little evidence was found."""
    ssum = sum(scores.values())
    if ssum <= 0:
        return 0.0
    return round((scores[best] / ssum) * (0.5 + 0.5 * min(1.0, scores[best] / 3.0)), 3)


def classify(nt: NormText, sents: list[tuple[int, int]], lang: str, pre=None) -> TypeResult | None:
    """The incident type of the document (None when no cue was found). ``pre``: the result of
    :func:`sentence_scores` when the caller has it."""
    per_sent, spans = pre if pre is not None else sentence_scores(nt, sents, lang)
    total = {k: 0.0 for k in TYPES}
    for si, scores in enumerate(per_sent):
        pos_w = LEAD_WEIGHTS[si] if si < len(LEAD_WEIGHTS) else LEAD_WEIGHTS[-1]
        for k in TYPES:
            total[k] += scores[k] * pos_w
    best = max(TYPES, key=lambda k: total[k])
    if total[best] <= 0:
        return None
    # the title and lead say what the report is about: their type wins when they have a clear cue
    lead = {k: sum(per_sent[i][k] for i in range(min(LEAD_SENTENCES, len(per_sent)))) for k in TYPES}
    lead_best = max(TYPES, key=lambda k: lead[k])
    if lead[lead_best] >= LEAD_MIN_SCORE and lead_best != best and lead_best != "statement":
        best = lead_best
    conf = confidence(total, best)
    si = max(range(len(per_sent)), key=lambda i: per_sent[i][best] * (LEAD_WEIGHTS[i] if i < len(LEAD_WEIGHTS)
                                                                     else LEAD_WEIGHTS[-1]))
    return TypeResult(best, conf, si, spans[si][best], {k: round(v, 3) for k, v in total.items() if v > 0},
                      per_sent)


def topics(nt: NormText, lang: str | None = None) -> list[str]:
    """Topics whose words occur in the text (patterns of the document's language only)."""
    lx = lexicon()
    out = []
    t = nt.norm
    for k, r, lits, _is_ar in lx.topic_rx[lang if lang in ("ar", "en") else None]:
        if out and out[-1] == k:
            continue
        if may_match(lits, t) and r.search(t):
            out.append(k)
    return out


# ----------------------------------------------------------------------------- counts
_N = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[a-z]+|[" + AR_LETTER + r"]+)"
_EN_PEOPLE = r"(?:people|persons|migrants|refugees|passengers|asylum\s+seekers|men|women|children|survivors|" \
             r"tunisians|egyptians|bangladeshis|eritreans|sudanese|syrians|libyans|nationals|crew\s+members|" \
             r"sailors|fishermen|others)"
_AR_PEOPLE = r"(?:مهاجر\w*|شخص\w*|اشخاص|افراد|فردا|مجتاز\w*|لاجئ\w*|راكب\w*|مواطن\w*|بحار\w*|صياد\w*|طفل\w*|امراه|نساء)"

COUNT_PATTERNS: dict[str, list[tuple[str, re.Pattern]]] = {
    "en": [
        ("dead", re.compile(rf"(?:bodies\s+of|remains\s+of)\s+(?:at\s+least\s+|about\s+|some\s+)?{_N}")),
        ("dead", re.compile(rf"{_N}\s+(?:bodies|corpses)")),
        ("dead", re.compile(rf"{_N}\s+(?:{_EN_PEOPLE}\s+)?(?:were\s+|have\s+been\s+|had\s+)?(?:drowned|died|dead|killed|"
                            rf"lost\s+their\s+lives|found\s+dead)")),
        ("dead", re.compile(rf"(?:death\s+toll|killing|killed)\s+(?:of\s+|rose\s+to\s+|reached\s+)?(?:at\s+least\s+)?{_N}")),
        ("missing", re.compile(rf"{_N}\s+(?:{_EN_PEOPLE}\s+|more\s+|others?\s+)?(?:are\s+|were\s+|remain\s+|still\s+|"
                               rf"are\s+still\s+|remain\s+still\s+)*(?:missing|unaccounted\s+for)")),
        ("missing", re.compile(rf"left\s+{_N}\s+(?:{_EN_PEOPLE}\s+)?missing")),
        ("missing", re.compile(rf"another\s+{_N}\s+(?:{_EN_PEOPLE}\s+)?(?:are|were|remain)\s+(?:still\s+)?(?:missing|unaccounted)")),
        ("people", re.compile(rf"(?:carrying|with|holding|transporting)\s+(?:about\s+|around\s+|some\s+|at\s+least\s+|"
                              rf"nearly\s+|almost\s+|over\s+|more\s+than\s+)?{_N}\s+{_EN_PEOPLE}")),
        ("people", re.compile(rf"{_N}\s+(?:{_EN_PEOPLE}\s+)?(?:on\s+board|aboard)")),
        ("people", re.compile(rf"(?:rescued|intercepted|saved|returned|pulled|stopped|caught|detained|brought|picked\s+up)"
                              rf"\s+(?:about\s+|around\s+|some\s+|at\s+least\s+)?{_N}\s+{_EN_PEOPLE}")),
        ("people", re.compile(rf"(?:about|around|some|at\s+least|nearly)\s+{_N}\s+{_EN_PEOPLE}\s+(?:left|departed|set|"
                              rf"boarded|were|had)")),
        ("people", re.compile(rf"^(?:about\s+|around\s+|some\s+)?{_N}\s+{_EN_PEOPLE}\s+(?:left|departed|set|boarded)")),
        ("people", re.compile(rf"(?:its|their|the)\s+{_N}\s+crew")),
        ("people", re.compile(rf"(?:group|boat|dinghy)\s+of\s+{_N}\s+{_EN_PEOPLE}")),
        ("people_fallback", re.compile(rf"(?<![\w,.]){_N}\s+(?:people|migrants|persons|refugees|asylum\s+seekers)\b")),
    ],
    "ar": [
        ("dead", re.compile(rf"(?:جثث|جثامين|رفات)\s+(?:نحو\s+|حوالي\s+)?{_N}")),
        ("dead", re.compile(rf"{_N}\s+(?:جثه|جثث|جثمانا)")),
        ("dead", re.compile(rf"(?:لقي|لقى)\s+{_N}\s+(?:{_AR_PEOPLE}\s+)?(?:حتفهم|مصرعهم|حتفه)")),
        ("dead", re.compile(rf"(?:وفاه|مصرع|غرق|مقتل)\s+{_N}\s+{_AR_PEOPLE}")),
        ("missing", re.compile(rf"(?:فقد|فقدان|اختفاء)\s+{_N}")),
        ("missing", re.compile(rf"{_N}\s+(?:{_AR_PEOPLE}\s+|اخرون\s+|اخرين\s+)?(?:في\s+عداد\s+المفقودين|مفقودين|مفقودا)")),
        ("missing", re.compile(rf"(?:لا\s+يزال|ما\s+زال|لايزال)\s+{_N}\s+(?:اخرون\s+|اخرين\s+)?(?:{_AR_PEOPLE}\s+)?"
                               rf"(?:في\s+عداد\s+المفقودين|مفقودين)")),
        ("people", re.compile(rf"(?:على\s+متنه|على\s+متنها|على\s+متن\s+[^\s]+)\s+(?:نحو\s+|حوالي\s+|قرابه\s+)?{_N}")),
        ("people", re.compile(rf"(?:يقل|تقل|يحمل|تحمل|يقلون|يضم|تضم)\s+(?:نحو\s+|حوالي\s+|قرابه\s+)?{_N}")),
        ("people", re.compile(rf"(?:انقاذ|انقذ\w*|اعترض\w*|اعاد\w*|ضبط\w*|اعتراض)\s+(?:نحو\s+|حوالي\s+)?{_N}\s+{_AR_PEOPLE}")),
        ("people", re.compile(rf"(?:نحو|حوالي|قرابه)\s+{_N}\s+{_AR_PEOPLE}\s+(?:غادر|انطلق|ابحر|ركب)")),
        ("people", re.compile(rf"(?:طاقمها|طاقمه)\s+(?:المكون|المؤلف)\s+من\s+{_N}")),
        ("people", re.compile(rf"{_N}\s+{_AR_PEOPLE}\s+(?:غادر|انطلق|ابحر|ركب|كانوا\s+على\s+متن)")),
        ("people", re.compile(rf"(?:انقذ\w*|اعترض\w*|اعاد\w*)\s+(?:[^\s]+\s+){{1,3}}?{_N}\s+{_AR_PEOPLE}")),
        ("people_fallback", re.compile(rf"(?<![\w,.]){_N}\s+{_AR_PEOPLE}")),
    ],
}


COUNT_PATTERNS["ar"] = [(k, re.compile(_fold_pattern(rx.pattern))) for k, rx in COUNT_PATTERNS["ar"]]
# (kind, pattern, the literals a match needs, fallback?) in the order above
_COUNT_TABLE = {L: [(k.replace("_fallback", ""), rx, required_literals(rx), k.endswith("_fallback")) for k, rx in pats]
                for L, pats in COUNT_PATTERNS.items()}


def counts(nt: NormText, sents: list[tuple[int, int]], lang: str) -> tuple[dict[str, int], list[tuple[int, int, str]]]:
    """({people, dead, missing} where stated, [(start, end, kind)] spans of the numbers). The first
    statement of each kind in the document wins (the lead gives the incident's figures)."""
    L = "ar" if lang == "ar" else "en"
    out: dict[str, int] = {}
    spans: list[tuple[int, int, str]] = []
    used: set[int] = set()
    t = nt.norm
    for fallback in (False, True):
        # only the patterns whose keywords the document holds (prefilter.py: the same matches)
        active = [(kind, rx, lits) for kind, rx, lits, fb in _COUNT_TABLE[L] if fb == fallback and may_match(lits, t)]
        for s, e in sents:
            st = t[s:e]
            for kind, rx, lits in active:
                if kind in out or not may_match(lits, st):
                    continue
                for m in rx.finditer(st):
                    v = parse_number(m.group("n"))
                    if v is None or v <= 0 or v > 100_000 or s + m.start("n") in used:
                        continue
                    # a year or a vessel number is not a head count
                    if 1900 <= v <= 2100 and not re.search(r"\d,\d", m.group("n")):
                        continue
                    out[kind] = v
                    used.add(s + m.start("n"))
                    spans.append((s + m.start("n"), s + m.end("n"), kind))
                    break
        if "people" in out or fallback:
            break
    return out, spans
