"""From one document to its incident mentions: language, dates, places, entities, type, counts.

Pure: no I/O. ``extract(doc, ctx)`` returns the document's main incident (the event of its title
and lead) and, when ``ctx.secondary`` is set, the other dated events it reports in sentences of
their own (an article on a meeting that also recalls yesterday's Security Council vote gives a
meeting and a resolution). Each mention keeps the spans of everything found (original offsets)
so the incident page can highlight them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

from . import classify as C
from .dates import DateMention, find_dates
from .entities import (Entity, ScreenCache, StoreVesselNames, find_organisations, find_persons_ar,
                       find_persons_en, find_vessels, screen)
from .language import detect_language
from .places import Gazetteer, PlaceMention, default_gazetteer
from .prefilter import may_match
from .textnorm import NormText, normalize, sentences

SCHEMA = {"person": "Person", "organisation": "Organization", "vessel": "Vessel"}


@dataclass
class Document:
    """One text document (an article, a feed entry, a JSON or CSV row with text)."""
    text: str
    source: str                      # file path or URL of the document
    source_name: str                 # publisher / feed / --source NAME
    published: datetime | None
    published_how: str               # metadata | option | file_time | record | none
    kind: str                        # text | html | rss | json | csv
    title: str = ""
    url: str | None = None
    item: str | None = None          # entry / row within the file
    language: str | None = None
    meta: dict = field(default_factory=dict)


@dataclass
class Mention:
    """One incident as one source tells it."""
    type: str
    start: date | None
    end: date | None
    date_how: str                    # text | publication | record | none
    lat: float | None
    lon: float | None
    place: dict | None
    places: list[dict]
    persons: list[dict]
    organisations: list[dict]
    vessels: list[dict]
    counts: dict[str, int]
    sanctions: list[str]
    topics: list[str]
    confidence: float
    sentence: str
    spans: list[dict]
    language: str
    primary: bool = True
    notes: list[str] = field(default_factory=list)
    type_scores: dict = field(default_factory=dict)


@dataclass
class Context:
    gazetteer: Gazetteer | None = None
    index: object | None = None              # seasentry.screening.ScreeningIndex (or None: no lists)
    store_names: StoreVesselNames | None = None
    secondary: bool = True
    min_secondary_score: float = 1.2
    # the screening matcher's answers across the documents of this context (entities.ScreenCache)
    screen_cache: ScreenCache | None = field(default_factory=ScreenCache)

    def gaz(self) -> Gazetteer:
        if self.gazetteer is None:
            self.gazetteer = default_gazetteer()
        return self.gazetteer


# ----------------------------------------------------------------------------- helpers
def _in(span, spans) -> bool:
    s, e = span
    return any(a <= s and e <= b for a, b in spans)


def _place_cue(nt: NormText, m: PlaceMention, lang: str) -> str | None:
    lx = C.lexicon()
    L = "ar" if lang == "ar" else "en"
    before = nt.norm[max(0, m.start - 50):m.start]
    for cue in ("at_sea", "origin", "destination", "at"):
        joined = lx.place_cue_any[cue][L]   # the cue's patterns as one (same yes/no answer)
        if joined is None:
            if any(r.search(before) for r in lx.place_cues[cue][L]):
                return cue
        elif may_match(lx.place_cue_lits[cue][L], before) and joined.search(before):
            return cue
    if m.prefix:
        if "ل" in m.prefix:
            return "destination"
        if "ب" in m.prefix:
            return "at"
    return None


CUE_W = {"at_sea": 1.2, "origin": 1.0, "at": 0.7, "destination": -0.3, "reference": -0.4, None: 0.3}
_BEARING = re.compile(r"(?:north|south|east|west|شمال|جنوب|شرق|غرب)")
_DISTANCE = re.compile(r"(?:\d|mile|km|kilomet|ميل|اميال|كيلومتر|كلم)")


def _reference_places(nt: NormText, pms: list[PlaceMention]) -> None:
    """'Garabulli beach, east of Tripoli', 'شاطئ القره بوللي شرق طرابلس': the second place only
    locates the first (cue 'reference'), unless a distance is given ('30 miles north of Zawiya')."""
    for a, b in zip(pms, pms[1:]):
        between = nt.norm[a.end:b.start]
        if len(between) <= 25 and _BEARING.search(between) and not _DISTANCE.search(between):
            b.cue = "reference"


def _sent_of(sents, starts: list[int], pos: int) -> int | None:
    """Index of the sentence holding position ``pos`` (None between sentences)."""
    i = bisect_right(starts, pos) - 1
    return i if i >= 0 and pos < sents[i][1] else None


def _by_org(m: PlaceMention, org_spans) -> bool:
    """The place is inside an organisation's name or right after it ("الحرس البحري بصفاقس")."""
    return _in((m.start, m.end), org_spans) or any(a <= m.start <= b + 1 for a, b in org_spans if b - a > 3
                                                   and 0 <= m.start - b <= 1)


def _main_place(gaz: Gazetteer, pms: list[PlaceMention], sents, support: int | None, typ: str | None,
                org_spans, per_sentence=None, starts: list[int] | None = None,
                by_org: set | None = None) -> PlaceMention | None:
    # a country is the place only when no town, beach or terminal is named
    if any(not gaz.places[m.chosen].is_country for m in pms):
        pms = [m for m in pms if not gaz.places[m.chosen].is_country]
    best, best_s = None, -1e9
    for k, m in enumerate(pms):
        p = gaz.places[m.chosen]
        s = 0.15 if p.is_country else 1.0
        w = CUE_W[m.cue]
        if typ == "departure" and m.cue == "origin":
            w += 0.6
        if typ == "departure" and m.cue == "destination":
            w -= 0.3
        s += w
        si = _sent_of(sents, starts, m.start) if starts is not None else \
            next((i for i, (a, b) in enumerate(sents) if a <= m.start < b), None)
        if support is not None and si == support:
            s += 0.8
        if si == 0:
            s += 0.3
        if typ and per_sentence and si is not None and si != support and per_sentence[si].get(typ, 0) > 0:
            s += 0.5  # another sentence telling the same kind of event (a meeting placed in a later sentence)
        if ((m.start, m.end) in by_org) if by_org is not None else _by_org(m, org_spans):
            s *= 0.2
        s -= 0.02 * k
        if s > best_s:
            best, best_s = m, s
    return best


def _dates_by_sentence(dates: list[DateMention], sents, starts: list[int]) -> list[list[DateMention]]:
    """The dates of each sentence, in text order (what ``_pick_date`` looks up for every sentence)."""
    out: list[list[DateMention]] = [[] for _ in sents]
    for d in dates:
        i = _sent_of(sents, starts, d.start)
        if i is not None:
            out[i].append(d)
    return out


def _pick_date(dates: list[DateMention], sents, support: int | None, cue_spans,
               by_sent: list[list[DateMention]] | None = None) -> tuple[DateMention | None, DateMention | None]:
    """The incident's date: in the supporting sentence, the one nearest the type cue; else the
    first of the first sentence that has one. Returns (date, end date of a range or None).
    ``by_sent``: :func:`_dates_by_sentence` when the caller has it."""
    def in_sent(i):
        if by_sent is not None:
            return list(by_sent[i])
        a, b = sents[i]
        return [d for d in dates if a <= d.start < b]

    order = ([support] if support is not None else []) + [i for i in range(len(sents)) if i != support]
    for i in order:
        cands = [d for d in in_sent(i) if not d.deadline]
        ds = [d for d in cands if d.precision == "day"] or cands
        if not ds:
            continue
        if i == support and cue_spans:
            c = min(a for a, _ in cue_spans)
            ds.sort(key=lambda d: abs(d.start - c))
        else:
            ds.sort(key=lambda d: d.start)
        first = ds[0]
        rng = None
        for d in in_sent(i):
            if d is first or d.start < first.end:
                continue
            gap = d.start - first.end
            if 0 <= gap <= 12 and d.value > first.value and (d.value - first.value).days <= 7:
                rng = d
                break
        return first, rng
    return None, None


def _entity_dicts(ents: list[Entity], nt: NormText) -> list[dict]:
    return [e.to_dict() for e in ents]


# ----------------------------------------------------------------------------- main
def extract(doc: Document, ctx: Context | None = None) -> list[Mention]:
    """Incident mentions of one document (empty when it reports no incident type)."""
    ctx = ctx or Context()
    gaz = ctx.gaz()
    full = (doc.title.strip() + "\n" + doc.text) if doc.title and doc.title.strip() not in doc.text[:500] else doc.text
    lang = doc.language or detect_language(full)
    doc.language = lang
    nt = normalize(full)
    sents = sentences(nt.norm)
    if not sents:
        return []
    pub = doc.published.date() if isinstance(doc.published, datetime) else doc.published
    dates = find_dates(nt, pub, lang if lang in ("ar", "en") else None)
    pms = gaz.find(nt)
    gaz.resolve(pms)
    for m in pms:
        m.cue = _place_cue(nt, m, lang)
    _reference_places(nt, pms)
    orgs = find_organisations(nt)
    org_spans = [(o.start, o.end) for o in orgs]
    vessels = find_vessels(nt, lang, ctx.store_names)
    blocked = org_spans + [(m.start, m.end) for m in pms] + [(v.start, v.end) for v in vessels] + \
        [(d.start, d.end) for d in dates]
    persons = find_persons_ar(nt, blocked) if lang == "ar" else find_persons_en(nt, blocked)
    screen(persons + orgs + vessels, ctx.index, SCHEMA, ctx.screen_cache)
    if ctx.store_names is not None:
        for v in vessels:
            v.ais = ctx.store_names.link(v)
    pre = C.sentence_scores(nt, sents, lang)
    tr = C.classify(nt, sents, lang, pre)
    counts, count_spans = C.counts(nt, sents, lang)
    topics = C.topics(nt, lang)
    if tr is None:
        return []

    def span(s, e, kind, label=None):
        a, b = nt.to_orig(s, e)
        return {"start": a, "end": b, "kind": kind, "label": label or full[a:b]}

    base_spans = ([span(d.start, d.end, "date", d.value.isoformat()) for d in dates]
                  + [span(m.start, m.end, "place", gaz.places[m.chosen].name) for m in pms]
                  + [span(o.start, o.end, "organisation", o.name) for o in orgs]
                  + [span(p.start, p.end, "person", p.name) for p in persons]
                  + [span(v.start, v.end, "vessel", v.name) for v in vessels]
                  + [span(s, e, "count", k) for s, e, k in count_spans])
    places_all = []
    seen = set()
    for m in pms:
        p = gaz.places[m.chosen]
        if p.place_id in seen:
            continue
        seen.add(p.place_id)
        d = p.to_dict()
        d["as_written"] = m.surface
        if m.notes:
            d["notes"] = m.notes
        places_all.append(d)
    sanctions = sorted({s["entity_id"] for x in persons + orgs + vessels for s in x.sanctions})
    out: list[Mention] = []

    persons_d, orgs_d, vessels_d = (_entity_dicts(persons, nt), _entity_dicts(orgs, nt),
                                    _entity_dicts(vessels, nt))

    starts = [a for a, _ in sents]
    by_sent = _dates_by_sentence(dates, sents, starts)
    by_org = {(m.start, m.end) for m in pms if _by_org(m, org_spans)}

    def pick(si, cue_spans):
        return _pick_date(dates, sents, si, cue_spans, by_sent)

    def make(typ, conf, si, cue_spans, primary, scores=None, picked=None) -> Mention:
        d0, d1 = picked if picked is not None else pick(si, cue_spans)
        if d0 is not None:
            start, end, how = d0.value, (d1.value if d1 else d0.last), "text"
        elif pub is not None:
            start, end, how = pub, pub, "publication"
        else:
            start = end = None
            how = "none"
        notes = []
        if d0 is not None and d0.weekday_check == "mismatch":
            notes.append(d0.note)
        sent_pms = pms if primary else [m for m in pms if sents[si][0] <= m.start < sents[si][1]]
        mp = _main_place(gaz, sent_pms, sents, si, typ, org_spans, tr.per_sentence, starts, by_org) \
            if sent_pms else None
        place = None
        lat = lon = None
        if mp is not None:
            p = gaz.places[mp.chosen]
            place = {**p.to_dict(), "as_written": mp.surface, "cue": mp.cue}
            lat, lon = p.lat, p.lon
        date_ok = 1.0 if how == "text" else 0.0
        place_ok = 1.0 if (place and place["kind"] != "country") else (0.5 if place else 0.0)
        conf2 = round(conf * (0.6 + 0.2 * date_ok + 0.2 * place_ok), 3)
        a, b = nt.to_orig(*sents[si])
        spans = base_spans + [span(s, e, "type", typ) for s, e in cue_spans]
        return Mention(type=typ, start=start, end=end, date_how=how, lat=lat, lon=lon, place=place,
                       places=places_all, persons=persons_d, organisations=orgs_d, vessels=vessels_d,
                       counts=counts if primary else {}, sanctions=sanctions, topics=topics, confidence=conf2,
                       sentence=full[a:b], spans=spans, language=lang, primary=primary, notes=notes,
                       type_scores=scores or {})

    main = make(tr.type, tr.confidence, tr.sentence, tr.cue_spans, True, tr.scores)
    out.append(main)
    if ctx.secondary and len(sents) > 1:
        out.extend(_secondary(sents, dates, pre, main, make, ctx.min_secondary_score, by_sent, pick))
    return out


def _secondary(sents, dates, pre, main: Mention, make, min_score: float, by_sent=None, pick=None) -> list[Mention]:
    """Other dated events the document reports, one per (type, day), each from its own sentence."""
    per_sent, spans = pre
    out = []
    seen = {(main.type, main.start)}
    for si, (s, e) in enumerate(sents):
        if by_sent is not None:
            if not any(d.precision == "day" for d in by_sent[si]):
                continue
        elif not any(s <= d.start < e and d.precision == "day" for d in dates):
            continue
        scores = per_sent[si]
        typ = max(C.TYPES, key=lambda k: scores[k])
        if typ == "statement" or scores[typ] < min_score:
            continue
        picked = None
        if pick is not None:
            # the mention's day first: a (type, day) already reported, or no date in the text, is
            # dropped below, so the mention need not be built
            picked = pick(si, spans[si][typ])
            if picked[0] is None or (typ, picked[0].value) in seen:
                continue
        m = make(typ, C.confidence(scores, typ) * 0.8, si, spans[si][typ], False,
                 {k: round(v, 3) for k, v in scores.items() if v > 0}, picked)
        if (m.type, m.start) in seen or m.date_how != "text":
            continue
        seen.add((m.type, m.start))
        out.append(m)
    return out


_WS = re.compile(r"\s+")


def summary_text(text: str, limit: int = 240) -> str:
    t = _WS.sub(" ", text).strip()
    return t if len(t) <= limit else t[: limit - 1] + "…"
