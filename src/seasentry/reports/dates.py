"""Dates in report text, absolute and relative to the publication date, in Arabic and English.

Forms read (on the folded text of :mod:`.textnorm`):

- day + month name [+ year]: "5 فبراير", "5 شباط", "5 فبراير/شباط", "9 جوان", "19 January",
  "January 19, 2020", with the month names of the three Arabic calendars in use: the
  Egyptian/Gulf (يناير ... ديسمبر), the Levantine/Iraqi Syriac names (كانون الثاني, شباط, آذار,
  نيسان, أيار, حزيران, تموز, آب, أيلول, تشرين الأول, تشرين الثاني, كانون الأول) and the Maghrebi
  French-derived names (جانفي, فيفري, أفريل, ماي, جوان, جويلية, أوت; Moroccan غشت, شتنبر, نونبر,
  دجنبر); a qualifier after the month (الجاري / الماضي / المقبل, "this"/"last"/"next") picks the
  year when none is written, otherwise the latest such day not after publication;
- month name [+ year] with a part ("نهاية يناير", "early March 2023"): month precision;
- ISO (2023-06-14) and day/month/year numbers (14/06/2023, day first);
- relative: اليوم, أمس, أول أمس / أمس الأول, غدا, "today", "yesterday", "the day before
  yesterday", "last night", "this morning", with a part of the day (فجر, صباح, مساء);
- a weekday ("يوم الثلاثاء", "والثلاثاء", "الأحد الماضي", "on Monday", "last Sunday", "early on
  Wednesday"): the latest such day on or before publication ("last"/الماضي: before it).

Weekday check: when a relative word carries a weekday ("أمس الأربعاء", "yesterday, Wednesday"),
the weekday of the computed day is compared with the one written. When they differ (an article
written before midnight and published after it) the written weekday wins when it lies within
three days before publication, and the mention records ``weekday_check = 'mismatch'``; when they
agree, ``'ok'``.

Why not dateparser's ``search_dates``: measured on the labelled reports (benchmarks/
bench_reports.py) it finds fewer of the incident dates (it has no Maghrebi month names, reads
weekdays relative to the wrong side, cannot check a weekday) and is far slower on a 5 kB
article; ``dateparser.parse`` is used in the tests as an independent reading of the absolute
forms it knows (differential test).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .prefilter import finditer_at, finditer_fast, may_match, required_literals, strip_leading_boundary
from .textnorm import AR_LETTER, NormText, fold

# ----------------------------------------------------------------------------- lexicon
_AR_MONTHS_RAW = {
    1: ["يناير", "كانون الثاني", "جانفي", "جانفييه", "يناير"],
    2: ["فبراير", "شباط", "فيفري", "فبرير"],
    3: ["مارس", "آذار", "اذار"],
    4: ["أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "افريل"],
    5: ["مايو", "أيار", "ايار", "ماي"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "جويلية", "جويليه", "يوليوز"],
    8: ["أغسطس", "اغسطس", "آب", "أوت", "اوت", "غشت"],
    9: ["سبتمبر", "أيلول", "ايلول", "شتنبر"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"],
    11: ["نوفمبر", "تشرين الثاني", "نونبر"],
    12: ["ديسمبر", "كانون الأول", "كانون الاول", "دجنبر"],
}
AR_MONTHS = {fold(n): m for m, names in _AR_MONTHS_RAW.items() for n in names}
# the calendar each Arabic month name belongs to (reported with the date mention)
AR_MONTH_CALENDAR = {}
for _m, _names in _AR_MONTHS_RAW.items():
    for _n in _names:
        _f = fold(_n)
        if _f in {fold(x) for x in ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                                      "تشرين الأول", "تشرين الثاني", "كانون الأول"]}:
            AR_MONTH_CALENDAR[_f] = "levantine"
        elif _f in {fold(x) for x in ["جانفي", "جانفييه", "فيفري", "أفريل", "ماي", "جوان", "جويلية", "أوت", "غشت",
                                        "شتنبر", "نونبر", "دجنبر", "يوليوز"]}:
            AR_MONTH_CALENDAR[_f] = "maghrebi"
        else:
            AR_MONTH_CALENDAR[_f] = "egyptian"
EN_MONTHS = {}
for _i, _n in enumerate(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"], start=1):
    EN_MONTHS[_n] = _i
    EN_MONTHS[_n[:3]] = _i
EN_MONTHS["sept"] = 9
AR_WEEKDAYS = {fold(n): i for n, i in [("الاثنين", 0), ("الإثنين", 0), ("الثلاثاء", 1), ("الأربعاء", 2),
                                      ("الخميس", 3), ("الجمعة", 4), ("السبت", 5), ("الأحد", 6)]}
EN_WEEKDAYS = {n: i for i, n in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                           "sunday"])}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


_A = AR_LETTER
_NB = rf"(?<![{_A}A-Za-z0-9])"          # no letter or digit before
_NA = rf"(?![{_A}A-Za-z0-9])"           # none after
_ARM = _alt(AR_MONTHS)
_ENM = _alt(EN_MONTHS)
_ARW = _alt(AR_WEEKDAYS)
_ENW = _alt(EN_WEEKDAYS)
_AR_QUAL = r"الجاري|الحالي|الماضي|المنصرم|الفائت|المقبل|القادم"
_YEAR = r"(?:19|20)\d\d"

RE_AR_DMY = re.compile(
    rf"{_NB}(?P<day>\d{{1,2}}){_NA}\s*(?:من\s+)?(?:شهر\s+)?(?P<m1>{_ARM}){_NA}"
    rf"(?:\s*[/\-(]\s*(?P<m2>{_ARM}){_NA}\)?)?"
    rf"(?:\s*(?:من\s+)?(?:عام|سنه|العام)?\s*(?P<year>{_YEAR}){_NA})?"
    rf"(?:\s+(?P<qual>{_AR_QUAL}){_NA})?")
RE_AR_MONTH = re.compile(
    rf"{_NB}(?:[وفب]?(?P<part>بدايه|مطلع|اوائل|منتصف|اواسط|نهايه|اواخر|اخر)\s+)?(?:شهر\s+)?"
    rf"(?P<m1>{_ARM}){_NA}(?:\s*[/\-(]\s*(?P<m2>{_ARM}){_NA}\)?)?"
    rf"(?:\s*(?:من\s+)?(?:عام|سنه|العام)?\s*(?P<year>{_YEAR}){_NA})?(?:\s+(?P<qual>{_AR_QUAL}){_NA})?")
RE_EN_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_ENM})\b\.?(?:,?\s+(?P<year>{_YEAR})\b)?")
RE_EN_MDY = re.compile(
    rf"\b(?P<m1>{_ENM})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:[.,]\d|%|km|nm|miles|nautical|people|"
    rf"migrants|persons|bodies|dead|missing|boats|vessels|tonnes|tons|litres|liters))(?:,?\s+(?P<year>{_YEAR})\b)?")
RE_EN_MONTH = re.compile(
    rf"\b(?:(?P<part>early|mid|late|end\s+of|beginning\s+of|the\s+end\s+of|the\s+beginning\s+of)[\s\-]+)?"
    rf"(?P<m1>january|february|march|april|june|july|august|september|october|november|december)\b"
    rf"(?:\s+(?P<year>{_YEAR})\b)?")
RE_ISO = re.compile(rf"{_NB}(?P<year>{_YEAR})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_NA}")
RE_DMY_NUM = re.compile(rf"{_NB}(?P<day>\d{{1,2}})[/.](?P<month>\d{{1,2}})[/.](?P<year>{_YEAR}){_NA}")
RE_AR_REL = re.compile(
    rf"{_NB}[وف]?(?:(?P<part>فجر|صباح|مساء|ظهر|عصر|ليل|ليله|ظهيره)\s+)?"
    rf"(?P<rel>اول\s+من\s+امس|اول\s+امس|امس\s+الاول|البارحه|امس|اليوم|غدا|غد){_NA}"
    rf"(?:\s*[،,]?\s*(?:يوم\s+)?(?P<wd>{_ARW}){_NA})?")
RE_AR_WD = re.compile(
    rf"{_NB}[وفب]?(?:(?P<part>فجر|صباح|مساء|ظهر|عصر|ليل|ليله|ظهيره)\s+)?(?:يوم\s+)?(?P<wd>{_ARW}){_NA}"
    rf"(?:\s+(?P<qual>الماضي|المنصرم|الفائت|المقبل|القادم){_NA})?")
RE_EN_REL = re.compile(
    r"\b(?P<rel>the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|this\s+morning|"
    r"this\s+afternoon|this\s+evening|earlier\s+today|tomorrow)\b"
    rf"(?:\s*,?\s*(?:on\s+)?(?P<wd>{_ENW})\b)?")
RE_EN_WD = re.compile(
    rf"\b(?:(?P<qual>last|this|next|on|early\s+on|late\s+on|early|late|until|since|by)\s+)?"
    rf"(?:(?:the\s+)?(?:early\s+hours|night|morning|evening)\s+of\s+)?(?P<wd>{_ENW})\b")


# the words each pattern needs (prefilter.py): a text without any of them skips the pattern's scan
_LITS = {rx: required_literals(rx) for rx in (RE_AR_DMY, RE_AR_MONTH, RE_EN_DMY, RE_EN_MDY, RE_EN_MONTH, RE_ISO,
                                              RE_DMY_NUM, RE_AR_REL, RE_AR_WD, RE_EN_REL, RE_EN_WD)}


_REST = {rx: strip_leading_boundary(rx) for rx in _LITS}


def _starts_iso(t: str) -> list[int]:
    """Where an ISO date can start: at a '19' or '20' (its year)."""
    out = []
    for lit in ("19", "20"):
        i = t.find(lit)
        while i >= 0:
            out.append(i)
            i = t.find(lit, i + 1)
    return sorted(out)


def _starts_dmy_num(t: str) -> list[int]:
    """Where a day/month/year in numbers can start: one or two digits before a '/' or '.'."""
    out = []
    for sep in ("/", "."):
        i = t.find(sep)
        while i >= 0:
            if i >= 1 and t[i - 1].isdigit():
                out.append(i - 1)
                if i >= 2 and t[i - 2].isdigit():
                    out.append(i - 2)
            i = t.find(sep, i + 1)
    return sorted(set(out))


# patterns tried only at the positions where a match can start (prefilter.finditer_at)
_STARTS = {RE_ISO: _starts_iso, RE_DMY_NUM: _starts_dmy_num}


def _scan(rx: re.Pattern, t: str):
    if not may_match(_LITS[rx], t):
        return ()
    starts = _STARTS.get(rx)
    if starts is not None:
        return finditer_at(rx, t, starts(t))
    rest = _REST[rx]
    return finditer_fast(rx, rest, t) if rest is not None else rx.finditer(t)


@dataclass
class DateMention:
    start: int                  # span in the normalised text
    end: int
    value: date                 # first day
    last: date                  # last day (equal for a day)
    precision: str              # day | month
    form: str                   # absolute | numeric | relative | weekday | month
    calendar: str | None = None  # egyptian | levantine | maghrebi | english (absolute month names)
    weekday_check: str | None = None  # ok | mismatch (relative word + weekday)
    note: str = ""
    text: str = field(default="", repr=False)
    deadline: bool = False      # after until / حتى: a time limit, not the day of an event

    def to_dict(self) -> dict:
        return {"value": self.value.isoformat(), "last": self.last.isoformat(), "precision": self.precision,
                "form": self.form, "calendar": self.calendar, "weekday_check": self.weekday_check,
                "note": self.note, "text": self.text}


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))


def _pick_year(month: int, day: int, pub: date, qual: str | None) -> date | None:
    """The year of a day-month without one, from the qualifier or the publication date."""
    cands = [x for x in (_safe(pub.year + k, month, day) for k in (-1, 0, 1)) if x is not None]
    if not cands:
        return None
    if qual in ("المقبل", "القادم", "next"):
        fut = [c for c in cands if c >= pub]
        return min(fut) if fut else None
    if qual in ("الجاري", "الحالي", "this"):
        same = [c for c in cands if c.year == pub.year and c.month == pub.month]
        if same:
            return same[0]
    if qual in ("الماضي", "المنصرم", "الفائت", "last"):
        past = [c for c in cands if c < pub]
        return max(past) if past else None
    past = [c for c in cands if c <= pub + timedelta(days=2)]
    return max(past) if past else min(cands)


def _last_weekday(pub: date, wd: int, strictly_before: bool = False) -> date:
    back = (pub.weekday() - wd) % 7
    if back == 0 and strictly_before:
        back = 7
    return pub - timedelta(days=back)


_PART_AR = {"فجر": "dawn", "صباح": "morning", "مساء": "evening", "ظهر": "noon", "عصر": "afternoon",
            "ليل": "night", "ليله": "night", "ظهيره": "noon"}


_WS = re.compile(r"\s+")
_AR_KEYS = ("امس", "اليوم", "غد", "البارحه")
_EN_KEYS = ("yesterday", "today", "tonight", "night", "this ", "tomorrow")


def find_dates(nt: NormText, pub: date | None, lang: str | None = None) -> list[DateMention]:
    """Every date mention in the text, resolved against ``pub`` (relative forms need it; without a
    publication date they are skipped). Overlapping readings keep the longest. ``lang`` ('ar' or
    'en') skips the other language's forms (digits-only forms are read in both)."""
    t = nt.norm
    found: list[DateMention] = []
    do_ar = lang != "en"
    do_en = lang != "ar"

    def add(m: re.Match, value: date | None, last: date | None = None, precision: str = "day", form: str = "absolute",
            calendar=None, check=None, note=""):
        if value is None:
            return
        s, e = m.span()
        while s < e and t[s] in " \t":
            s += 1
        found.append(DateMention(s, e, value, last or value, precision, form, calendar, check, note,
                                 nt.orig_span(s, e)))

    for m in (_scan(RE_AR_DMY, t) if do_ar else ()):
        mon = AR_MONTHS[_squash(m.group("m1"))]
        if m.group("m2") and AR_MONTHS[_squash(m.group("m2"))] != mon:
            continue  # "5 فبراير/آذار": two different months, not one date
        day = int(m.group("day"))
        cal = AR_MONTH_CALENDAR[_squash(m.group("m1"))]
        if m.group("m2"):
            cal = "dual:" + cal + "/" + AR_MONTH_CALENDAR[_squash(m.group("m2"))]
        if m.group("year"):
            add(m, _safe(int(m.group("year")), mon, day), calendar=cal)
        elif pub is not None:
            add(m, _pick_year(mon, day, pub, m.group("qual")), calendar=cal)
    for rx in ((RE_EN_DMY, RE_EN_MDY) if do_en else ()):
        for m in _scan(rx, t):
            mon = EN_MONTHS[m.group("m1")]
            day = int(m.group("day"))
            if m.group("m1") == "may" and not m.group("year") and rx is RE_EN_MDY:
                continue  # "may 5" is too often the verb
            if m.group("year"):
                add(m, _safe(int(m.group("year")), mon, day), calendar="english")
            elif pub is not None:
                q = t[m.end():m.end() + 12].strip()
                qual = "last" if q.startswith("last") else ("next" if q.startswith("next") else None)
                add(m, _pick_year(mon, day, pub, qual), calendar="english")
    for m in _scan(RE_ISO, t):
        add(m, _safe(int(m.group("year")), int(m.group("month")), int(m.group("day"))), form="numeric")
    for m in _scan(RE_DMY_NUM, t):
        add(m, _safe(int(m.group("year")), int(m.group("month")), int(m.group("day"))), form="numeric")
    # month precision (only where no day-month reading covers it)
    for rx, months, is_ar in [x for x in ((RE_AR_MONTH, AR_MONTHS, True), (RE_EN_MONTH, EN_MONTHS, False))
                              if (do_ar if x[2] else do_en)]:
        for m in _scan(rx, t):
            key = _squash(m.group("m1")) if is_ar else m.group("m1")
            mon = months[key]
            if not (m.group("year") or m.group("part") or (is_ar and m.group("qual"))):
                continue  # "in March", "دي مايو" (a name): a month alone needs a year, a part or a qualifier
            if m.group("year"):
                y = int(m.group("year"))
            elif pub is not None:
                d0 = _pick_year(mon, 1, pub, m.group("qual") if is_ar else None)
                if d0 is None:
                    continue
                y = d0.year
            else:
                continue
            first, last = date(y, mon, 1), _month_end(y, mon)
            part = (m.group("part") or "").replace("the ", "")
            if part in ("نهايه", "اواخر", "اخر", "late", "end of"):
                first = date(y, mon, 21)
            elif part in ("بدايه", "مطلع", "اوائل", "early", "beginning of"):
                last = date(y, mon, 10)
            elif part in ("منتصف", "اواسط", "mid"):
                first, last = date(y, mon, 11), date(y, mon, 20)
            add(m, first, last, precision="month", form="month",
                calendar=AR_MONTH_CALENDAR.get(key) if is_ar else "english")
    if pub is not None:
        for m in (_scan(RE_AR_REL, t) if do_ar and any(k in t for k in _AR_KEYS) else ()):
            rel = _WS.sub(" ", m.group("rel"))
            off = {"اليوم": 0, "امس": -1, "البارحه": -1, "اول امس": -2, "امس الاول": -2, "اول من امس": -2,
                   "غدا": 1, "غد": 1}[rel]
            _relative(add, m, pub, off, m.group("wd") and AR_WEEKDAYS[m.group("wd")],
                      _PART_AR.get(m.group("part") or ""))
        for m in (_scan(RE_EN_REL, t) if do_en and any(k in t for k in _EN_KEYS) else ()):
            rel = _WS.sub(" ", m.group("rel"))
            off = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0, "last night": -1,
                   "this morning": 0, "this afternoon": 0, "this evening": 0, "earlier today": 0, "tomorrow": 1}[rel]
            _relative(add, m, pub, off, m.group("wd") and EN_WEEKDAYS[m.group("wd")], None)
        for m in (_scan(RE_AR_WD, t) if do_ar and any(k in t for k in _AR_WD_KEYS) else ()):
            wd = AR_WEEKDAYS[m.group("wd")]
            q = m.group("qual")
            if q in ("المقبل", "القادم"):
                add(m, pub + timedelta(days=(wd - pub.weekday()) % 7 or 7), form="weekday")
            else:
                add(m, _last_weekday(pub, wd, strictly_before=bool(q)), form="weekday",
                    note=_PART_AR.get(m.group("part") or "", ""))
        for m in (_scan(RE_EN_WD, t) if do_en and "day" in t else ()):
            wd = EN_WEEKDAYS[m.group("wd")]
            q = m.group("qual") or ""
            if q == "next":
                add(m, pub + timedelta(days=(wd - pub.weekday()) % 7 or 7), form="weekday")
            elif q in ("until", "by"):
                continue  # a deadline, not the day of the event
            else:
                add(m, _last_weekday(pub, wd, strictly_before=(q == "last")), form="weekday")
    out = _longest(found)
    for d in out:
        if _DEADLINE.search(t[max(0, d.start - 12):d.start]):
            d.deadline = True
    return out


_DEADLINE = re.compile(r"(?:حتى|لغايه|الى\s+غايه|until|till|through|by)\s*$")


def _relative(add, m, pub: date, off: int, wd: int | None, part: str | None) -> None:
    value = pub + timedelta(days=off)
    if wd is None or wd == "" or wd is False:
        add(m, value, form="relative", note=part or "")
        return
    if value.weekday() == wd:
        add(m, value, form="relative", check="ok", note=part or "")
        return
    alt = _last_weekday(pub, wd)
    if (pub - alt).days <= 3:
        add(m, alt, form="relative", check="mismatch",
            note=f"written weekday {WEEKDAY_NAMES[wd]} kept: {value.isoformat()} is a {WEEKDAY_NAMES[value.weekday()]}")
    else:
        add(m, value, form="relative", check="mismatch",
            note=f"written weekday {WEEKDAY_NAMES[wd]} does not fit; relative day kept")


def _squash(s: str) -> str:
    return _WS.sub(" ", s)


_AR_WD_KEYS = tuple(w[2:] for w in AR_WEEKDAYS)   # without the article: الاحد -> احد


def _longest(found: list[DateMention]) -> list[DateMention]:
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if out and d.start < out[-1].end:
            prev = out[-1]
            if (d.end - d.start) > (prev.end - prev.start):
                out[-1] = d
            continue
        out.append(d)
    return out
