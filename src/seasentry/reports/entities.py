"""People, organisations and vessels named in a report, screened against the sanctions lists
and linked to the AIS identities of the store.

Persons: in English, runs of capitalised words (with name particles: bin, ben, al, abu, de, di)
that are not places, organisations, vessels, months or weekdays, or that follow a title
("Field Marshal", "Minister"); in Arabic (no capitals), runs that start with a given name of the
lexicon or follow a title (المشير, وزير الخارجية ...), continuing over name particles (بن, أبو,
عبد, دي) and family names, stopping at function words, places and dates. Every candidate is
screened with the project's sanctions matcher (:class:`seasentry.screening.ScreeningIndex`,
``screen_name(..., schema="Person")``): a candidate whose best match reaches the alert
threshold links to the list entry; a lower match is kept as ``review``; no match is a person and
nothing more (Khalifa Haftar is on no list: a person, not a hit).

Organisations: the organisations of the lexicon (coast guards, navies, UN bodies, NGOs, in both
languages) and phrases headed by an organisation word (Ministry, Authority, Ltd, وزارة, شركة,
جهاز ...), screened as organisations.

Vessels: IMO numbers (check digit verified), MMSI numbers, and names after a vessel noun
(tanker, the NGO ship, الناقلة ...), in quotes, in the lexicon's list of rescue ships, or equal
to a vessel name the store has seen in AIS. Each is linked to the store's AIS identities (by IMO,
MMSI, or name: exact for Latin names, through the screening matcher across scripts for Arabic
ones) and screened as a vessel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .classify import lexicon
from .prefilter import CASE_SPECIAL, Prefiltered, finditer_at
from .textnorm import AR_LETTER, NormText, fold

_MONTHS_EN = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_EN_STOP = {"the", "a", "an", "on", "in", "at", "of", "and", "or", "but", "for", "from", "to", "by", "with",
            "about", "around", "some", "after", "before", "since", "another", "at", "least", "it", "its", "their",
            "his", "her", "this", "that", "these", "those", "rescuers", "fishermen", "officials", "investigators",
            "authorities", "security", "forces", "migrants", "people", "coast", "guard", "libyan", "tunisian",
            "maltese", "italian", "greek", "turkish", "european", "egyptian", "seven", "nine", "ngo", "un", "eu",
            "imo", "mmsi", "pulled", "around", "military", "prosecutors", "customs", "volunteers", "relatives",
            "tanker", "vessel", "ship", "boat", "frigate", "said", "told", "according", "reported", "local",
            "source", "group", "north", "south", "east", "west", "central", "mediterranean", "sea", "arms",
            "interior", "ministers", "minister", "president", "operation", "council", "committee", "army",
            "navy", "red", "crescent", "national", "armed", "human", "rights", "watch", "international",
            "organization", "organisation", "for", "migration", "united", "nations", "office", "agency"}
_VESSEL_STOP = {"the", "a", "an", "and", "of", "off", "on", "in", "at", "near", "from", "to", "with", "carrying",
                "was", "had", "has", "is", "which", "that", "its", "their", "libyan", "tunisian", "maltese",
                "italian", "greek", "turkish", "ngo", "rescue", "merchant", "cargo", "fishing"}
_PARTICLES_EN = {"bin", "ben", "ibn", "al", "el", "abu", "abd", "abdel", "de", "di", "da", "van", "von", "al-",
                 "bint", "ould"}
_AR_STOP = {fold(w) for w in ["في", "من", "إلى", "على", "عن", "مع", "أن", "إن", "التي", "الذي", "الذين", "قد",
                              "كما", "حيث", "بعد", "قبل", "خلال", "منذ", "حول", "لدى", "عند", "بين", "هذا", "هذه",
                              "ذلك", "تلك", "وذلك", "اليوم", "أمس", "يوم", "غدا", "مساء", "صباح", "فجر", "رئيس",
                              "وزير", "قائد", "مدير", "سفير", "لبحث", "لمدير", "استقبل", "بحث", "التقى", "أعلن",
                              "قال", "وقال", "بقيادة", "يسيطر", "وأن", "وان", "تابعة", "التابعة", "التابع", "ل",
                              "الليبي", "الليبية", "الإيطالي", "الفرنسي", "الألماني", "المالطي", "التونسي", "وفدا",
                              "سبل", "عن", "بصفة", "عامة", "ضد", "أي", "كل", "الجيش", "الوطني", "القوات",
                              "المسلحة", "الخارجية", "الداخلية", "الدفاع", "السابق", "العام", "العامة", "مكتب",
                              "الأمم", "المتحدة", "الأمين", "للأمم", "مجلس", "المجلس", "الرئاسي", "حكومة",
                              "الحكومة", "وفد", "فيما", "ما", "لا", "لم", "لن", "هو", "هي", "كان", "كانت", "أو",
                              "ثم", "بل", "إثر", "اثر", "دون", "نحو", "حوالي", "حسب", "وفقا", "بحسب", "أكثر"]}
_AR_NOUNS = ["مقر", "مدينة", "منطقة", "ميناء", "مكتب", "مقره", "قرب", "ساحل", "سواحل", "شاطئ", "حضور", "رئاسة",
             "قيادة", "مشاركة"]
_AR_STOP |= {fold(p + w) for w in _AR_NOUNS for p in ("", "ب", "ل", "و", "وب")}
_AR_PARTICLES = {fold(w) for w in ["بن", "ابن", "بنت", "أبو", "ابو", "عبد", "دي", "دا", "فان", "ولد", "آل"]}


@dataclass
class Entity:
    kind: str                       # person | organisation | vessel
    name: str                       # as written
    start: int                      # normalised span
    end: int
    imo: int | None = None
    mmsi: int | None = None
    notes: list[str] = field(default_factory=list)
    sanctions: list[dict] = field(default_factory=list)   # alert-level matches
    review: list[dict] = field(default_factory=list)      # review-level matches
    ais: list[dict] = field(default_factory=list)         # linked AIS identities

    def to_dict(self) -> dict:
        d = {"name": self.name}
        if self.kind == "vessel":
            d.update({"imo": self.imo, "mmsi": self.mmsi, "ais": self.ais})
        if self.sanctions:
            d["sanctions"] = [_slim(m) for m in self.sanctions]
        if self.review:
            d["review"] = [_slim(m) for m in self.review]
        if self.notes:
            d["notes"] = self.notes
        return d


def _slim(m: dict) -> dict:
    return {k: m.get(k) for k in ("entity_id", "list", "list_version", "name", "matched_name", "score", "decision",
                                  "programs", "matched_on") if k in m}


@dataclass
class _Org:
    name: str
    forms: list[str]
    sanctions_screen: bool = True


@lru_cache(maxsize=1)
def _org_lexicon():
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "reports" / "organisations.csv"
    out: list[tuple[str, str]] = []  # (folded form, canonical name)
    for r in csv.DictReader(open(path, encoding="utf-8")):
        for f in [r["name"]] + [x for x in (r["aliases"] or "").split("|") if x]:
            out.append((fold(f), r["name"]))
    out.sort(key=lambda x: -len(x[0]))
    alt = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f, _ in out)
    rx = re.compile(rf"(?<![{AR_LETTER}a-z0-9])(?:[وف]?(?:ب|ل|لل)?)(?P<o>{alt})(?![{AR_LETTER}a-z0-9])")
    canon = {f: n for f, n in out}
    return rx, canon


_ORG_HEAD_EN = Prefiltered(
    r"\b((?:[A-Z][\w'&\-]+\s+){1,5}(?:Ministry|Authority|Agency|Company|Ltd\.?|Limited|Corporation|Association|"
    r"Brigade|Battalion|Foundation|Commission|Committee|Organi[sz]ation|Office|Group|Trading|S\.r\.l\.|LLC|Inc\.?))\b")
_ORG_HEAD_AR = Prefiltered(
    rf"(?<![{AR_LETTER}])(?:[وف]?(?:ب|ل)?)(?P<o>(?:وزاره|جهاز|هيئه|مصلحه|شركه|الشركه|منظمه|لواء|كتيبه|مؤسسه|المؤسسه|"
    rf"ميليشيا|مليشيا)(?:\s+(?:ال|لل)[{AR_LETTER}]+){{1,4}})")


_WS = re.compile(r"\s+")
_ORG_CLASS = re.compile(rf"[{AR_LETTER}a-z0-9]")
_CLITIC_LETTERS = "وفبل"


@lru_cache(maxsize=1)
def _org_first_words():
    """Aho-Corasick automaton of the first word of every organisation form: a match of the
    organisation pattern starts at such a word, or up to three clitic letters before it."""
    import ahocorasick

    _rx, canon = _org_lexicon()
    a = ahocorasick.Automaton()
    for f in canon:
        w = f.split(" ")[0]
        a.add_word(w, len(w))
    a.make_automaton()
    return a


def _org_matches(t: str) -> list[re.Match]:
    """``_org_lexicon()`` pattern's matches in ``t``, as ``finditer`` gives them, tried only where a
    form's first word stands between non-letters (or after clitics): prefilter.finditer_at."""
    rx, _canon = _org_lexicon()
    n = len(t)
    letter = _ORG_CLASS.match
    starts = set()
    for end, length in _org_first_words().iter(t):
        q = end - length + 1
        if end + 1 < n and letter(t, end + 1):
            continue  # the form goes on with \s+ or ends before a non-letter: never a letter here
        if q > 0 and t[q - 1] not in _CLITIC_LETTERS and letter(t, q - 1):
            continue  # a letter before the form that is not a clitic: the look-behind fails
        for k in range(4):
            p = q - k
            if p < 0:
                break
            if k and t[p] not in _CLITIC_LETTERS:
                break
            starts.add(p)
    return finditer_at(rx, t, sorted(starts))


def find_organisations(nt: NormText) -> list[Entity]:
    rx, canon = _org_lexicon()
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for m in _org_matches(nt.norm):
        s, e = m.span("o")
        name = canon.get(_WS.sub(" ", m.group("o")), nt.orig_span(s, e))
        out.append(Entity("organisation", name, s, e))
        taken.append((s, e))
    for m in _ORG_HEAD_EN.finditer(nt.orig):
        # the regex runs on the original text (capitals); map back through the folded text's offsets
        s, e = _orig_to_norm(nt, m.start(1), m.end(1))
        if any(a <= s < b or a < e <= b for a, b in taken):
            continue
        out.append(Entity("organisation", m.group(1).strip(), s, e))
        taken.append((s, e))
    for m in _ORG_HEAD_AR.finditer(nt.norm):
        s, e = m.span("o")
        if any(a <= s < b or a < e <= b for a, b in taken):
            continue
        words = nt.orig_span(s, e).split()
        # stop the organisation's name at a function word
        keep = []
        for w in words:
            if keep and (fold(w) in _AR_STOP and not fold(w).startswith("ال")):
                break
            keep.append(w)
        e2 = s + len(fold(" ".join(keep)))
        out.append(Entity("organisation", " ".join(keep), s, min(e, e2)))
        taken.append((s, e2))
    return _dedup(out)


def _orig_to_norm(nt: NormText, s: int, e: int) -> tuple[int, int]:
    if nt.offsets is None:
        return s, e
    import numpy as np

    a = int(np.searchsorted(nt.offsets, s))
    b = int(np.searchsorted(nt.offsets, e))
    return a, b


def _dedup(ents: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for x in ents:
        k = fold(x.name)
        if k not in seen:
            seen[k] = x
    return list(seen.values())


# ----------------------------------------------------------------------------- persons
_EN_NAME_TOKEN = re.compile(r"[A-Z][a-z'\-]+(?:-[A-Z][a-z']+)?|[A-Z]\.|(?:bin|ben|ibn|al|el|abu|abd|de|di|da|van|"
                            r"von|bint|ould)(?=\s)|al-[A-Z][a-z]+|el-[A-Z][a-z]+")


_EN_PERSON_RUN = re.compile(r"(?:(?<=\s)|^|(?<=[(\"']))((?:(?:[A-Z][a-z'\-]+|al-[A-Z][a-z]+|el-[A-Z][a-z]+)"
                            r"(?:\s+(?:bin|ben|ibn|al|el|abu|abd|de|di|da|van|von|bint|ould))?\s+){1,4}"
                            r"(?:[A-Z][a-z'\-]+|al-[A-Z][a-z]+))")


@lru_cache(maxsize=1)
def _titles_en() -> frozenset[str]:
    return frozenset(lexicon().raw["person_titles"]["en"])


def find_persons_en(nt: NormText, blocked: list[tuple[int, int]]) -> list[Entity]:
    text = nt.orig
    titles = _titles_en()
    out = []
    for m in _EN_PERSON_RUN.finditer(text):
        words = m.group(1).split()
        s0 = m.start(1)
        # drop leading words that are not names (sentence-initial "The", "On", titles)
        i = 0
        while i < len(words) and (words[i].lower() in _EN_STOP or words[i].lower() in _MONTHS_EN
                                  or words[i].lower() in titles):
            s0 += len(words[i]) + 1
            i += 1
        words = words[i:]
        while words and (words[-1].lower() in _EN_STOP or words[-1].lower() in _MONTHS_EN):
            words = words[:-1]
        if len(words) < 2:
            continue
        if any(w.lower() in _EN_STOP or w.lower() in _MONTHS_EN for w in words if w.lower() not in _PARTICLES_EN):
            continue
        s, e = _orig_to_norm(nt, s0, s0 + len(" ".join(words)))
        if any(a < e and s < b for a, b in blocked):
            continue
        out.append(Entity("person", " ".join(words), s, e))
    return _dedup(out)


@lru_cache(maxsize=1)
def _ar_person_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    raw = lexicon().raw
    return frozenset(fold(g) for g in raw["given_names_ar"]), frozenset(fold(x) for x in raw["person_titles"]["ar"])


_AR_WORD = re.compile(rf"[{AR_LETTER}]+")


def find_persons_ar(nt: NormText, blocked: list[tuple[int, int]]) -> list[Entity]:
    given, titles = _ar_person_lexicon()
    t = nt.norm
    toks = [(m.start(), m.end(), m.group()) for m in _AR_WORD.finditer(t)]
    out = []
    i = 0
    n = len(toks)
    while i < n:
        s, e, w = toks[i]
        base = w[1:] if w[:1] in "وف" and w[1:] in given else w
        starts = base in given and not (i > 0 and toks[i - 1][2] in _AR_PARTICLES)
        if starts and nt.orig_span(s, e).endswith("ى"):
            starts = False  # على (on) folds to علي (Ali)
        if not starts:
            i += 1
            continue
        if any(a < e and s < b for a, b in blocked):
            i += 1
            continue
        j = i + 1
        parts = [base]
        while j < n and len(parts) < 4:
            s2, e2, w2 = toks[j]
            if t[toks[j - 1][1]:s2].strip():  # punctuation between words ends the name
                break
            if w2 in _AR_STOP or w2 in titles or any(a < e2 and s2 < b for a, b in blocked):
                break
            if w2 in _AR_PARTICLES:
                parts.append(w2)
                j += 1
                continue
            if w2.startswith("ال") and len(parts) >= 2 and parts[-1] not in _AR_PARTICLES:
                break  # a third word with the article is usually an adjective (الليبي), not a name
            if (w2.startswith(("ب", "ل", "و", "ف")) and w2[1:3] == "ال") or w2.startswith("لل"):
                break  # a clitic preposition + article: a noun, not a name
            parts.append(w2)
            j += 1
        while len(parts) > 1 and parts[-1] in _AR_PARTICLES:
            parts.pop()
            j -= 1
        if len(parts) >= 2:
            ss = s + (1 if base != w else 0)
            ee = toks[j - 1][1]
            out.append(Entity("person", nt.orig_span(ss, ee), ss, ee))
            i = j
        else:
            i += 1
    return _dedup(out)


# ----------------------------------------------------------------------------- vessels
RE_IMO = Prefiltered(r"(?:\bimo\b|رقم\s+المنظمه\s+البحريه\s+الدوليه|المنظمه\s+البحريه\s+الدوليه)\s*(?:no\.?|number|"
                    r"رقم)?\s*[:#]?\s*(?P<n>\d{7})(?!\d)")
RE_MMSI = Prefiltered(r"\bmmsi\b\s*(?:no\.?|number)?\s*[:#]?\s*(?P<n>\d{9})(?!\d)")


def find_vessels(nt: NormText, lang: str, store_names: "StoreVesselNames | None" = None) -> list[Entity]:
    from ..screening.ids import imo_check_digit_ok, parse_mmsi

    rx_ar, rx_en = _vessel_noun_res()
    t = nt.norm
    out: list[Entity] = []
    ids = []
    for m in RE_IMO.finditer(t):
        v = int(m.group("n"))
        ids.append(("imo", v, m.start(), m.end()))
    for m in RE_MMSI.finditer(t):
        v = parse_mmsi(m.group("n"))
        if v:
            ids.append(("mmsi", v, m.start(), m.end()))
    names: list[Entity] = []
    # quoted names after a vessel noun, or any quoted short name next to an IMO
    if lang == "ar":
        for m in rx_ar.finditer(t):
            if m.group("q"):
                s, e = m.span("q")
            else:
                s, e = _ar_name_run(t, m.start("w"), m.end("w"))
                if s is None:
                    continue
            names.append(Entity("vessel", nt.orig_span(s, e).strip(), s, e))
    text = nt.orig
    for m in _vessel_noun_matches_en(rx_en, text):
        cand = m.group("n")
        words = cand.split()
        while words and words[-1].lower() in _MONTHS_EN | {"on", "in", "off", "near", "about", "at"}:
            words.pop()
        if not words or words[0].lower() in _VESSEL_STOP | _MONTHS_EN or (len(words) == 1 and len(words[0]) < 3):
            continue
        if all(w[:1].isupper() and w[1:].islower() for w in words) and not _has_vessel_context(text, m):
            # Title Case after a generic noun ("vessel Libya"): keep only with an id or known name
            pass
        s0 = m.start("n")
        s, e = _orig_to_norm(nt, s0, s0 + len(" ".join(words)))
        names.append(Entity("vessel", " ".join(words), s, e))
    for m in _NAMED.finditer(text):
        s, e = _orig_to_norm(nt, m.start("n"), m.end("n"))
        names.append(Entity("vessel", m.group("n"), s, e))
    # the lexicon's rescue ships and the names the store has seen in AIS
    for m in _known_vessels_re().finditer(t):
        names.append(Entity("vessel", nt.orig_span(m.start(), m.end()), m.start(), m.end()))
    if store_names is not None:
        for s, e in store_names.find(t):
            if nt.orig_span(s, e).isupper() or lang == "ar":
                names.append(Entity("vessel", nt.orig_span(s, e), s, e))
    # keep the longest of overlapping names
    names.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Entity] = []
    for x in names:
        if kept and x.start < kept[-1].end:
            continue
        kept.append(x)
    # attach ids to the nearest name before them (within 60 characters), else stand alone
    for kind, v, s, e in ids:
        near = [x for x in kept if x.end <= s and s - x.end <= 60 and getattr(x, kind) is None]
        target = near[-1] if near else None
        if target is None:
            target = Entity("vessel", f"{kind.upper()} {v}", s, e)
            kept.append(target)
        setattr(target, kind, v)
        if kind == "imo" and not imo_check_digit_ok(v):
            target.notes.append(f"IMO {v} fails the check digit")
    out.extend(kept)
    return _dedup_vessels(out)


_NAMED = Prefiltered(r"\b(?:named|called)\s+(?P<n>[A-Z][A-Z0-9\-]*(?:\s+[A-Z0-9][A-Z0-9\-]*)*)")


@lru_cache(maxsize=1)
def _vessel_noun_res() -> tuple[re.Pattern, re.Pattern]:
    """The patterns of a name after an Arabic / English vessel noun (built once from the lexicon)."""
    raw = lexicon().raw
    nouns_en = sorted(raw["vessel_nouns"]["en"], key=len, reverse=True)
    nouns_ar = sorted({fold(x) for x in raw["vessel_nouns"]["ar"]}, key=len, reverse=True)
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in nouns_ar)
    rx_ar = re.compile(rf"(?<![{AR_LETTER}])[وف]?(?:{alt})\s+(?:[\"“«](?P<q>[^\"”»]{{2,40}})[\"”»]|"
                       rf"(?P<w>(?:[{AR_LETTER}0-9]+\s*){{1,3}}))")
    alt_en = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in nouns_en)
    rx_en = re.compile(rf"(?i:\b(?:{alt_en}))\.?,?\s+(?:(?i:the|named|called)\s+)?[\"“']?(?P<n>(?:[A-Z][A-Za-z0-9\-]*"
                       rf"|[0-9]+)(?:\s+(?:[A-Z][A-Za-z0-9\-]*|[0-9]{{1,3}}(?![0-9,])))*)")
    return rx_ar, rx_en


@lru_cache(maxsize=1)
def _vessel_first_words():
    """Aho-Corasick automaton of the first word of every English vessel noun (lower case)."""
    import ahocorasick

    a = ahocorasick.Automaton()
    for x in lexicon().raw["vessel_nouns"]["en"]:
        w = x.lower().split()[0]
        a.add_word(w, len(w))
    a.make_automaton()
    return a


def _vessel_noun_matches_en(rx_en: re.Pattern, text: str):
    """``rx_en.finditer(text)``: tried only where a vessel noun's first word starts (found in the
    lower-cased text; the pattern is case-insensitive). Texts with characters that re's
    case-insensitive matching folds onto ASCII letters otherwise (prefilter.CASE_SPECIAL), or
    whose lower case changes length, take the plain scan."""
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in CASE_SPECIAL):
        return list(rx_en.finditer(text))
    starts = sorted({end - length + 1 for end, length in _vessel_first_words().iter(low)})
    return finditer_at(rx_en, text, starts)


def _has_vessel_context(text, m) -> bool:
    return True


_AR_NAME_STOP = _AR_STOP | {fold(w) for w in ["شحن", "صيد", "حربيه", "تجاريه", "انقاذ", "مهاجرين", "محمله",
                                              "يشتبه", "متجهه", "متهالك", "خشبي", "مطاطي", "تابعه", "امس",
                                              "اليوم", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد",
                                              "الاثنين", "الثلاثاء"]}


def _ar_name_run(t: str, s: int, e: int) -> tuple[int | None, int]:
    """The transliterated name after an Arabic vessel noun: up to three words, stopping at a word
    with the article, a function word, a date word or a number of people."""
    words = [(mm.start() + s, mm.end() + s, mm.group()) for mm in re.finditer(r"[^\s]+", t[s:e])]
    keep = []
    stop_words = _AR_NAME_STOP
    for ws, we, w in words:
        if w.startswith("ال") or w in stop_words or w.isdigit() and keep and int(w) > 20:
            break
        keep.append((ws, we))
        if len(keep) == 3:
            break
    if not keep:
        return None, e
    return keep[0][0], keep[-1][1]


@lru_cache(maxsize=1)
def _known_vessels() -> list[tuple[str, list[str]]]:
    out = []
    for v in lexicon().raw.get("known_vessels") or []:
        forms = [fold(v["name"])] + [fold(x) for x in v.get("ar") or []]
        out.append((v["name"], forms))
    return out


@lru_cache(maxsize=1)
def _known_vessels_re() -> re.Pattern:
    forms = sorted({f for _, fs in _known_vessels() for f in fs}, key=len, reverse=True)
    alt = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![{AR_LETTER}a-z0-9])(?:{alt})(?![{AR_LETTER}a-z0-9])")


def _dedup_vessels(vs: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for v in vs:
        dup = next((o for o in out if fold(o.name) == fold(v.name) or (v.imo and o.imo == v.imo)
                    or (v.mmsi and o.mmsi == v.mmsi)), None)
        if dup is None:
            out.append(v)
        else:
            dup.imo = dup.imo or v.imo
            dup.mmsi = dup.mmsi or v.mmsi
    return out


class StoreVesselNames:
    """Vessel names broadcast in the store's AIS (vessel_identities), for finding them in text and
    linking report vessels to MMSIs. Names of fewer than 5 letters or one common word are left out
    of the text search (too many false finds)."""

    COMMON = {"libya", "tunisia", "malta", "italia", "italy", "sea", "star", "hope", "peace", "spirit", "pioneer",
              "glory", "trader", "fortune"}

    def __init__(self, con):
        rows = con.execute("""SELECT i.mmsi, i.field, i.value, v.imo, v.name FROM vessel_identities i
                              LEFT JOIN vessels v USING (mmsi) WHERE i.field IN ('name', 'imo')""").fetchall()
        self.by_name: dict[str, set[int]] = {}
        self.by_imo: dict[int, set[int]] = {}
        self.names: dict[int, str] = {}
        for mmsi, fieldname, value, imo, cur in rows:
            self.names[int(mmsi)] = cur or value
            if fieldname == "name" and value:
                self.by_name.setdefault(fold(value), set()).add(int(mmsi))
            elif fieldname == "imo" and value and str(value).isdigit():
                self.by_imo.setdefault(int(value), set()).add(int(mmsi))
        self.mmsis = set(self.names)
        import ahocorasick

        self.automaton = None
        keys = [k for k in self.by_name if len(k.replace(" ", "")) >= 5 and k not in self.COMMON
                and (" " in k or len(k) >= 6)]
        if keys:
            a = ahocorasick.Automaton()
            for k in keys:
                a.add_word(k, len(k))
            a.make_automaton()
            self.automaton = a
        self._index = None

    def find(self, t: str) -> list[tuple[int, int]]:
        if self.automaton is None:
            return []
        out = []
        for end, length in self.automaton.iter(t):
            s, e = end - length + 1, end + 1
            if (s == 0 or not t[s - 1].isalnum()) and (e == len(t) or not t[e].isalnum()):
                out.append((s, e))
        return out

    def link(self, v: Entity) -> list[dict]:
        hits: dict[int, str] = {}
        if v.mmsi and v.mmsi in self.mmsis:
            hits[v.mmsi] = "mmsi"
        if v.imo:
            for m in self.by_imo.get(v.imo, ()):
                hits.setdefault(m, "imo")
        key = fold(v.name)
        for m in self.by_name.get(key, ()):
            hits.setdefault(m, "name")
        if not hits and any("\u0600" <= c <= "\u06ff" for c in v.name):
            for m, score in self._cross_script(v.name):
                hits.setdefault(m, f"name (across scripts, score {score:.2f})")
        return [{"mmsi": m, "name": self.names.get(m), "linked_on": how} for m, how in sorted(hits.items())]

    def _cross_script(self, name: str) -> list[tuple[int, float]]:
        """AIS vessels whose name matches an Arabic-script name, through the screening matcher."""
        if self._index is None:
            from ..screening import Entity as SEntity, ScreeningIndex

            ents = [SEntity(entity_id=str(m), list="ais", schema="Vessel", name=n, mmsi=m)
                    for m, n in self.names.items() if n]
            self._index = ScreeningIndex(ents, review_threshold=0.85, alert_threshold=0.9)
        res = self._index.screen_name(name, schema="Vessel", limit=3)
        return [(int(r["entity_id"]), float(r["score"])) for r in res if r["score"] >= 0.85]


# ----------------------------------------------------------------------------- screening
class ScreenCache:
    """Answers of the screening matcher by query, for one index: a name that recurs across the
    documents of a load (a coast guard, a commander, a rescue ship) is screened once. The matcher
    is deterministic for a given index, so a cached answer is the answer; a different index clears
    the cache, and it is emptied when it holds ``max_entries`` queries (memory stays bounded)."""

    def __init__(self, max_entries: int = 20_000):
        self.max_entries = max_entries
        self.index = None
        self.answers: dict = {}
        self.hits = self.misses = 0

    def get(self, index, key, compute):
        if index is not self.index:
            self.index, self.answers = index, {}
        got = self.answers.get(key)
        if got is not None:
            self.hits += 1
            return got
        self.misses += 1
        try:
            got = ("ok", compute())
        except Exception as exc:  # kept as the answer too: the same query fails the same way
            got = ("error", exc)
        if len(self.answers) >= self.max_entries:
            self.answers.clear()
        self.answers[key] = got
        return got

    def clear(self) -> None:
        self.answers.clear()


def screen(entities: list[Entity], index, kind_schema: dict[str, str], cache: ScreenCache | None = None) -> None:
    """Screen persons, organisations and vessels against the lists (``index``: a ScreeningIndex or
    None); alert-level matches go to ``sanctions``, review-level ones to ``review``. ``cache``: the
    answers of earlier documents (:class:`ScreenCache`); the results are the same with or without."""
    if index is None or len(index) == 0:
        return
    for x in entities:
        schema = kind_schema[x.kind]
        if x.kind == "vessel":
            vname = None if x.name.startswith(("IMO ", "MMSI ")) else x.name

            def compute(x=x, vname=vname):
                return index.screen_vessel(imo=x.imo, mmsi=x.mmsi, name=vname)
            key = ("vessel", x.imo, x.mmsi, vname)
        else:
            def compute(x=x, schema=schema):
                return index.screen_name(x.name, schema=schema, limit=3)
            key = ("name", schema, x.name)
        if cache is not None:
            status, res = cache.get(index, key, compute)
        else:
            try:
                status, res = "ok", compute()
            except Exception as exc:
                status, res = "error", exc
        if status == "error":  # a name the matcher cannot read must not stop the load
            x.notes.append(f"not screened: {res}")
            continue
        for r in res:
            if r.get("decision") == "alert":
                x.sanctions.append(r)
            elif r.get("decision") == "review":
                x.review.append(r)
