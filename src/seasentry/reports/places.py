"""Places in report text, from the shipped Central-Mediterranean gazetteer (GeoNames, CC BY 4.0,
plus the coastal spots, countries and Arabic names seasentry adds: data/reports/PROVENANCE.md).

Matching runs one Aho-Corasick automaton (pyahocorasick) over the folded text of
:mod:`.textnorm`, holding every Latin and Arabic name of every place. Arabic names are entered
with the clitics that attach to a word in running text, so the text is never stemmed:

- conjunctions و / ف, prepositions ب / ك / ل and their pairs (وب, فب, ول, ...);
- the article: ب + الرجمة -> بالرجمة, ل + الزاوية -> للزاوية (the alef of the article drops);
- multi-word names take the clitics on their first word only (وبرأس جدير).

A match must start and end on word boundaries; a Latin name must be capitalised in the original
text (Noto, Sabra and Gela are also common words). The longest match wins where two overlap.

Ambiguous names (سوسة: Sousse in Tunisia or Susah in Libya) are resolved by context: the
countries the document names (ليبيا, التونسي, Libyan ...), the distance to the document's
unambiguous places, how far inland each reading lies (coastal places preferred) and population.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
import numpy as np

from .textnorm import NormText, fold, is_word_char

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
GAZETTEER = DATA / "gazetteer_central_med.csv"

AR_CONJ = ["", "و", "ف"]
AR_PREP = ["", "ب", "ك", "ل"]
# Latin alternates that are English words or regions, not these places
LATIN_STOP = {"africa", "africa proconsularis", "sheba", "sus", "victoria", "balis", "beda", "white monastery",
              "al harah", "harah", "el harah", "zaouiet", "zawiya el beda", "sabra", "subgoli", "nadur", "gozo"}
# Arabic place names that are also common words (الجديد "new", البيضاء "white", هون, درج "stairs")
AR_STOP = {fold(w) for w in ["الجديد", "الخضراء", "البيضاء", "الجميل", "البركات", "الجوف", "المرج", "القبة", "هون",
                             "زلة", "زله", "الماية", "البياضة", "عمر المختار", "درج", "وازن", "براك", "المرقب",
                             "ماسة", "مسة", "النقاط الخمس", "التاج", "سلطان", "الأبرق", "شعبية", "مدينة هون"]}
KIND_SPECIFIC = {"populated_place", "coastal_spot", "terminal", "beach", "island", "town"}


@dataclass
class Place:
    idx: int
    place_id: str
    name: str
    name_ar: str | None
    country: str
    lat: float
    lon: float
    population: int
    kind: str
    coast_km: float

    @property
    def is_country(self) -> bool:
        return self.kind == "country"

    def to_dict(self) -> dict:
        return {"place_id": self.place_id, "name": self.name, "name_ar": self.name_ar, "country": self.country,
                "lat": self.lat, "lon": self.lon, "kind": self.kind}


@dataclass
class PlaceMention:
    start: int                  # span in the normalised text
    end: int
    surface: str                # as written (original text)
    candidates: list[int]       # gazetteer rows
    prefix: str = ""            # Arabic clitics attached to the name (ب, لل, و ...)
    chosen: int | None = None
    cue: str | None = None      # at_sea | origin | at | destination (set by the extractor)
    notes: list[str] = field(default_factory=list)


class Gazetteer:
    """The shipped gazetteer with its automaton. Use :func:`default_gazetteer` (cached)."""

    def __init__(self, path: str | Path = GAZETTEER):
        rows = list(csv.DictReader(open(path, encoding="utf-8")))
        self.places: list[Place] = []
        self.aliases: list[tuple[list[str], list[str]]] = []
        for i, r in enumerate(rows):
            ar = [n for n in (r["names_ar"] or "").split("|") if n]
            lat_names = [n for n in (r["names_latin"] or "").split("|") if n]
            self.places.append(Place(i, r["place_id"], r["name"], ar[0] if ar else None, r["country"],
                                     float(r["lat"]), float(r["lon"]), int(r["population"] or 0), r["kind"],
                                     float(r["coast_km"] or 0)))
            self.aliases.append((lat_names + [r["name"]], ar))
        self.lat = np.array([p.lat for p in self.places])
        self.lon = np.array([p.lon for p in self.places])
        self.by_id = {p.place_id: p for p in self.places}
        self._build()

    def _build(self) -> None:
        keys: dict[str, dict[int, str]] = {}

        def put(key: str, idx: int, prefix: str) -> None:
            if len(key) < 3:
                return
            keys.setdefault(key, {}).setdefault(idx, prefix)

        for i, (latin, arabic) in enumerate(self.aliases):
            for n in latin:
                if n.isupper() and len(n) <= 4:
                    continue  # airport and LOCODE codes (WAX, TUN)
                f = fold(n).replace("-", " ").strip()
                if f in LATIN_STOP or len(f) < 4 or not any(c.isalpha() for c in f):
                    continue
                put(f, i, "")
                if "-" in n:
                    put(fold(n), i, "")
            for n in arabic:
                f = fold(n)
                if f in AR_STOP:
                    continue
                first, _, rest = f.partition(" ")
                rest = (" " + rest) if rest else ""
                art = first.startswith("ال") and len(first) > 3
                for c in AR_CONJ:
                    for p in AR_PREP:
                        if art and p == "ل":
                            put(c + "لل" + first[2:] + rest, i, c + "ل")
                        else:
                            put(c + p + first + rest, i, c + p)
        self.automaton = ahocorasick.Automaton()
        for k, v in keys.items():
            self.automaton.add_word(k, (len(k), tuple(v.items())))
        self.automaton.make_automaton()

    # ------------------------------------------------------------------ find
    def find(self, nt: NormText) -> list[PlaceMention]:
        """Every place name in the text (candidates not yet resolved), longest match first."""
        t = nt.norm
        n = len(t)
        raw = []
        for end, (length, items) in self.automaton.iter(t):
            s, e = end - length + 1, end + 1
            if s > 0 and is_word_char(t[s - 1]):
                continue
            if e < n and is_word_char(t[e]) and not (t[e] == "'" or t[e] == "’"):
                continue
            raw.append((s, e, items))
        raw.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        out: list[PlaceMention] = []
        last_end = -1
        for s, e, items in raw:
            if s < last_end:
                continue
            os_, oe = nt.to_orig(s, e)
            surface = nt.orig[os_:oe]
            cands = [i for i, _ in items]
            prefix = items[0][1]
            if not any("\u0600" <= c <= "\u06ff" for c in surface):
                # Latin: must be capitalised as written (a proper noun)
                if not surface[:1].isupper():
                    continue
            out.append(PlaceMention(s, e, surface, cands, prefix))
            last_end = e
        return out

    # ------------------------------------------------------------------ resolve
    def resolve(self, mentions: list[PlaceMention]) -> None:
        """Choose one reading per mention (sets ``chosen``)."""
        countries: set[str] = set()
        anchors: list[int] = []
        for m in mentions:
            if len(m.candidates) == 1:
                m.chosen = m.candidates[0]
                p = self.places[m.chosen]
                countries.add(p.country)
                if not p.is_country:
                    anchors.append(m.chosen)
        for m in mentions:
            if m.chosen is not None:
                continue
            best, best_s = None, -1e9
            for c in m.candidates:
                p = self.places[c]
                s = -min(p.coast_km, 60.0) / 20.0 + math.log10(p.population + 10) / 10.0
                if p.country in countries:
                    s += 2.0
                if anchors:
                    d = _km(p.lat, p.lon, self.lat[anchors], self.lon[anchors]).min()
                    s += 1.5 * max(0.0, 1.0 - d / 200.0)
                if p.is_country:
                    s -= 0.5
                if s > best_s:
                    best, best_s = c, s
            m.chosen = best
            if len(m.candidates) > 1:
                names = ", ".join(f"{self.places[c].name} ({self.places[c].country})" for c in m.candidates)
                m.notes.append(f"ambiguous: {names}; chose {self.places[best].name} ({self.places[best].country}) "
                               f"by context and coast")

    def nearest(self, lat: float, lon: float, max_km: float = 30.0) -> Place | None:
        """The nearest specific place within ``max_km`` (countries excluded)."""
        d = _km(lat, lon, self.lat, self.lon)
        d = np.where([p.is_country for p in self.places], np.inf, d)
        i = int(np.argmin(d))
        return self.places[i] if d[i] <= max_km else None


def _km(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def km_between(lat1, lon1, lat2, lon2) -> float:
    return float(_km(lat1, lon1, np.asarray([lat2]), np.asarray([lon2]))[0])


@lru_cache(maxsize=2)
def default_gazetteer(path: str | None = None) -> Gazetteer:
    return Gazetteer(path or GAZETTEER)
