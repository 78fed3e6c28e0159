"""Readers: files to documents (text to extract from) and records (structured incidents).

Formats (sniffed from the content, then the file name):

- IOM Missing Migrants Project CSV, both the curated layout (``Main ID``, ``Incident date``,
  ``Latitude``, ``Longitude`` ...) and IOM's own download (``Incident Date`` like
  ``Thu, 01/01/2026 - 12:00``, ``Coordinates`` as "lat, lon"): one record per row;
- any other CSV or JSON (a list, ``{"items": [...]}`` or JSON lines) through a column mapping
  (``--columns date=When,lat=Y,...``; common names are recognised without one): a row with a
  text column is a document, a row with a date and a position is a record;
- HTML pages: main text and metadata (title, site name, publication date in the page's markup)
  by trafilatura, which drops navigation, footers and comments;
- RSS and Atom exports (feedparser): one document per entry, its HTML body reduced to text;
- plain text (UTF-8, else Windows-1256 or Latin-1, as recorded).

Text from every format is cleaned of what copied pages carry: encoded tracking strings (base64
blobs), and a trailing site signature or boilerplate line ("All rights reserved", "اقرأ أيضا").

Publication date: from the document's metadata (HTML markup, feed entry, a JSON/CSV column),
else ``--published``, else the file's modification time; ``published_how`` says which
(``metadata``, ``option``, ``file_time``).

Nothing is lost: a row or entry that cannot be used becomes a :class:`Reject` with the reason,
its position and its raw text.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from .extract import Document

TYPES = ("departure", "interception", "rescue", "shipwreck", "seizure", "inspection", "meeting", "resolution",
         "statement", "death")


class ReadError(ValueError):
    """A whole file that cannot be read (the message says what to fix)."""


@dataclass
class Reject:
    path: str
    item: str
    reason: str
    detail: str
    raw: str = ""


@dataclass
class Record:
    """A structured incident (a dataset row)."""
    type: str
    start: date
    end: date
    lat: float | None
    lon: float | None
    place_text: str
    counts: dict[str, int]
    source: str
    source_name: str
    item: str
    urls: list[str]
    published: datetime | None
    published_how: str
    confidence: float
    text: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class ReadResult:
    path: str
    format: str
    sha256: str
    size: int
    documents: list[Document] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rows: int = 0
    encoding: str = "utf-8"


# ----------------------------------------------------------------------------- text cleaning
_B64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_BOILER = re.compile(r"(?i)(?:all\s+rights\s+reserved|copyright\s+©|©\s*\d{4}|^\s*read\s+(?:more|also)\b|"
                     r"^\s*follow\s+us\b|^\s*share\s+this\b|جميع\s+الحقوق\s+محفوظة|^\s*اقرأ\s+(?:أيضا|أيضاً|ايضا)|"
                     r"^\s*تابعونا|^\s*شارك\s+(?:الخبر|المقال))")


def _is_b64(tok: str) -> bool:
    if len(tok) < 16 or not (re.search(r"\d", tok) or tok.endswith("=")):
        return False
    if not (re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok)):
        return False
    try:
        base64.b64decode(tok + "=" * (-len(tok) % 4), validate=True)
        return True
    except (binascii.Error, ValueError):
        return False


def clean_text(text: str) -> tuple[str, list[str]]:
    """(cleaned text, what was removed). Drops base64 tracking strings and boilerplate lines; a
    short last line left over next to a removed tracking string (a site signature) goes too."""
    removed: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    had_blob = []
    for line in lines:
        blobs = [m.group() for m in _B64.finditer(line) if _is_b64(m.group())]
        for b in blobs:
            line = line.replace(b, " ")
            removed.append(b)
        if _BOILER.search(line):
            removed.append(line.strip())
            continue
        out.append(line.rstrip())
        had_blob.append(bool(blobs))
    # trailing signature: short lines without sentence punctuation at the end, next to a blob
    while out and (not out[-1].strip() or (had_blob[-1] and len(out[-1].split()) <= 8
                                           and not re.search(r"[.!?؟،,:]\s*$", out[-1]))):
        if out[-1].strip():
            removed.append(out[-1].strip())
        out.pop()
        had_blob.pop()
    return "\n".join(out).strip(), removed


# ----------------------------------------------------------------------------- helpers
def decode_bytes(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        t = data.decode("cp1256")
        if re.search(r"[\u0600-\u06ff]", t):
            return t, "cp1256"
    except UnicodeDecodeError:
        pass
    return data.decode("latin-1"), "latin-1"


def file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(tzinfo=None)


def parse_when(v) -> datetime | None:
    """A publication or incident time from metadata: ISO 8601, RFC 2822, '14/06/2023', or a
    struct_time (feedparser)."""
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return v.astimezone(timezone.utc).replace(tzinfo=None) if v.tzinfo else v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if hasattr(v, "tm_year"):
        return datetime(v.tm_year, v.tm_mon, v.tm_mday, v.tm_hour, v.tm_min, v.tm_sec)
    s = str(v).strip()
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return d.astimezone(timezone.utc).replace(tzinfo=None) if d.tzinfo else d
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        d = parsedate_to_datetime(s)
        return d.astimezone(timezone.utc).replace(tzinfo=None) if d.tzinfo else d
    except (TypeError, ValueError, IndexError):
        pass
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", s)
    if m:
        try:
            return datetime(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None


def _int(v) -> int | None:
    if v is None:
        return None
    s = str(v).strip().replace(",", "")
    if s in ("", "NA", "N/A", "nan", "None", "-"):
        return None
    try:
        f = float(s)
    except ValueError:
        raise ValueError(f"not a number: {v!r}") from None
    if f < 0 or f != int(f):
        raise ValueError(f"not a count: {v!r}")
    return int(f)


def _count(row: dict, col: str, notes: list[str]) -> int | None:
    """A count column; a value that is not a count (IOM writes -1 for a later correction of an
    earlier figure) is left out with a note instead of losing the row."""
    try:
        return _int(row.get(col))
    except ValueError:
        notes.append(f"{col} {row.get(col)!r} is not a count: left out")
        return None


def _float(v) -> float | None:
    if v is None:
        return None
    s = str(v).strip()
    if s in ("", "NA", "N/A", "nan", "None"):
        return None
    return float(s)


def _coords_ok(lat, lon) -> bool:
    return lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180


# ----------------------------------------------------------------------------- IOM
IOM_CURATED = {"Main ID", "Incident date", "Latitude", "Longitude", "Location of death"}
IOM_RAW = {"Main ID", "Incident Date", "Coordinates", "Location of death"}


def _iom_type(cause: str, location: str, lat, lon) -> str:
    c = (cause or "").lower()
    loc = (location or "").lower()
    if "drowning" in c:
        return "shipwreck"
    sea_words = ("off ", "coast", "sea", "waters", "boat", "shipwreck", "capsiz", "washed ashore", "beach", "adrift",
                 "mediterranean", "sar zone", "nautical")
    if any(w in loc for w in sea_words) and not any(w in c for w in ("vehicle", "violence")):
        return "shipwreck"
    if lat is not None and lon is not None and ("mixed" in c or "harsh" in c or "unknown" in c):
        from ..geo import Geography

        if float(Geography.default().signed_distance_nm(lat, lon)) > 1.0:
            return "shipwreck"
    return "death"


def _iom_conf(q) -> float:
    """IOM's Source Quality (1-5; 5 = official or several sources) as a confidence."""
    try:
        digits = [int(c) for c in str(q) if c.isdigit()]
        v = max(d for d in digits if 1 <= d <= 5)
    except ValueError:
        return 0.6
    return round(0.5 + 0.1 * v, 2)


def read_iom(text: str, path: str, raw_layout: bool, published, published_how, source_name) -> ReadResult:
    res = ReadResult(path, "iom_mmp_raw" if raw_layout else "iom_mmp", "", 0)
    rdr = csv.DictReader(io.StringIO(text))
    for i, row in enumerate(rdr, start=2):
        res.rows += 1
        item = f"line {i}" + (f" ({row.get('Main ID')})" if row.get("Main ID") else "")
        raw = ",".join((v or "") for v in row.values() if isinstance(v, str))[:2000]
        notes: list[str] = []
        try:
            if raw_layout:
                ds = (row.get("Incident Date") or "").strip()
                m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", ds)
                if not m:
                    raise ValueError(f"Incident Date {ds!r} is not 'Day, MM/DD/YYYY - HH:MM'")
                day = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
                co = (row.get("Coordinates") or "").strip()
                lat = lon = None
                if co:
                    parts = [p.strip() for p in co.split(",")]
                    if len(parts) != 2:
                        raise ValueError(f"Coordinates {co!r} is not 'lat, lon'")
                    lat, lon = float(parts[0]), float(parts[1])
                dead = _count(row, "Number Dead", notes)
                missing = _count(row, "Minimum Estimated Number of Missing", notes)
                surv = _count(row, "Number of Survivors", notes)
                cause = row.get("Cause of Death") or ""
                src = row.get("Information Source") or ""
                urls = [u.strip() for u in (row.get("URL") or "").split(",") if u.strip()]
                route = row.get("Migration route") or ""
            else:
                ds = (row.get("Incident date") or row.get("incident_date_clean") or "").strip()
                try:
                    day = date.fromisoformat(ds[:10])
                except ValueError:
                    raise ValueError(f"Incident date {ds!r} is not YYYY-MM-DD") from None
                lat, lon = _float(row.get("Latitude")), _float(row.get("Longitude"))
                dead = _count(row, "No. dead", notes)
                missing = _count(row, "No. missing", notes)
                surv = _count(row, "No. survivors", notes)
                cause = row.get("Cause of death (category)") or ""
                src = row.get("Source") or ""
                urls = [u.strip() for u in re.split(r"[,\s]+", row.get("Link") or "") if u.strip().startswith("http")]
                route = row.get("Route") or ""
            if (lat is None) != (lon is None) or (lat is not None and not _coords_ok(lat, lon)):
                raise ValueError(f"position ({lat}, {lon}) is not a valid latitude/longitude")
        except ValueError as exc:
            res.rejects.append(Reject(path, item, "bad_record", str(exc), raw))
            continue
        counts = {k: v for k, v in (("dead", dead), ("missing", missing), ("survivors", surv)) if v is not None}
        if surv is not None:
            counts["people"] = (dead or 0) + (missing or 0) + surv
        loc = row.get("Location of death") or ""
        res.records.append(Record(
            type=_iom_type(cause, loc, lat, lon), start=day, end=day, lat=lat, lon=lon, place_text=loc, counts=counts,
            source=path, source_name=source_name or "IOM Missing Migrants Project", item=row.get("Main ID") or item,
            urls=urls, published=published, published_how=published_how, confidence=_iom_conf(row.get("Source Quality")),
            text=f"{loc}. Cause: {cause}. Reported by: {src}.",
            extra={"route": route, "cause": cause, "reported_by": src, "main_id": row.get("Main ID"),
                   "incident_id": row.get("Incident ID"), "data_notes": "; ".join(notes)}))
    return res


# ----------------------------------------------------------------------------- generic mapping
FIELDS = ("id", "date", "end", "lat", "lon", "type", "place", "text", "title", "url", "published", "source", "dead",
          "missing", "people", "language")
AUTO = {
    "id": ["id", "incident_id", "event_id", "record_id", "uid"],
    "date": ["date", "incident_date", "event_date", "start", "day", "when"],
    "end": ["end", "end_date"],
    "lat": ["lat", "latitude", "y"],
    "lon": ["lon", "lng", "long", "longitude", "x"],
    "type": ["type", "incident_type", "event_type", "category"],
    "place": ["place", "location", "location_name", "where"],
    "text": ["text", "body", "content", "description", "article", "report", "summary", "notes"],
    "title": ["title", "headline"],
    "url": ["url", "link", "source_url", "href"],
    "published": ["published", "publication_date", "pub_date", "published_at", "date_published"],
    "source": ["source", "outlet", "publisher", "source_name"],
    "dead": ["dead", "deaths", "killed", "fatalities", "number_dead"],
    "missing": ["missing", "number_missing"],
    "people": ["people", "persons", "on_board", "people_on_board", "migrants"],
    "language": ["language", "lang"],
}


def parse_mapping(spec: str | None) -> dict[str, str]:
    """'date=When,lat=Y,lon=X' -> {'date': 'When', ...}."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ReadError(f"--columns {spec!r}: each item is FIELD=COLUMN (fields: {', '.join(FIELDS)})")
        k, v = (x.strip() for x in part.split("=", 1))
        if k not in FIELDS:
            raise ReadError(f"--columns: unknown field {k!r}; fields: {', '.join(FIELDS)}")
        out[k] = v
    return out


def _resolve_mapping(columns: list[str], mapping: dict[str, str]) -> dict[str, str]:
    low = {c.strip().lower().replace(" ", "_"): c for c in columns}
    out = {}
    for f in FIELDS:
        if f in mapping:
            if mapping[f] not in columns:
                raise ReadError(f"--columns {f}={mapping[f]}: no such column; columns: {', '.join(columns)}")
            out[f] = mapping[f]
            continue
        for cand in AUTO.get(f, []):
            if cand in low:
                out[f] = low[cand]
                break
    return out


def read_rows(rows: list[tuple[str, dict]], path: str, fmt: str, mapping: dict[str, str], published, published_how,
              source_name) -> ReadResult:
    res = ReadResult(path, fmt, "", 0)
    cols: list[str] = []
    for _, r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    m = _resolve_mapping(cols, mapping)
    if "text" not in m and not ({"date", "lat", "lon"} <= set(m)):
        raise ReadError(f"{path}: no text column and no date/lat/lon columns found among {', '.join(cols[:20])}; "
                        f"map them with --columns text=COLUMN or date=...,lat=...,lon=...")
    for item, r in rows:
        res.rows += 1
        raw = json.dumps(r, ensure_ascii=False, default=str)[:2000]
        get = lambda f: r.get(m[f]) if f in m else None  # noqa: E731
        try:
            if "text" in m and str(get("text") or "").strip():
                pub_v = get("published")
                pub = parse_when(pub_v)
                if pub_v not in (None, "") and pub is None:
                    raise ValueError(f"published {pub_v!r} is not a date")
                how = "metadata" if pub else published_how
                text, removed = clean_text(str(get("text")))
                res.documents.append(Document(
                    text=text, source=str(get("url") or path), source_name=str(get("source") or source_name or
                                                                               Path(path).name),
                    published=pub or published, published_how=how, kind=fmt, title=str(get("title") or ""),
                    url=str(get("url")) if get("url") else None, item=str(get("id") or item),
                    language=(str(get("language")).lower()[:2] if get("language") else None),
                    meta={"removed": removed} if removed else {}))
                continue
            if "text" in m and not ({"date", "lat", "lon"} <= set(m)):
                raise ValueError("empty text")
            d0 = parse_when(get("date"))
            if d0 is None:
                raise ValueError(f"date {get('date')!r} is not a date")
            d1 = parse_when(get("end")) or d0
            lat, lon = _float(get("lat")), _float(get("lon"))
            if not _coords_ok(lat, lon):
                raise ValueError(f"position ({get('lat')}, {get('lon')}) is not a valid latitude/longitude")
            typ = str(get("type") or "").strip().lower()
            if typ not in TYPES:
                raise ValueError(f"type {typ!r} is not one of {', '.join(TYPES)}")
            counts = {k: v for k in ("people", "dead", "missing") if (v := _int(get(k))) is not None}
            res.records.append(Record(
                type=typ, start=d0.date(), end=d1.date(), lat=lat, lon=lon, place_text=str(get("place") or ""),
                counts=counts, source=path, source_name=str(get("source") or source_name or Path(path).name),
                item=str(get("id") or item), urls=[str(get("url"))] if get("url") else [], published=published,
                published_how=published_how, confidence=0.8, text=str(get("place") or "")))
        except (ValueError, TypeError) as exc:
            res.rejects.append(Reject(path, item, "bad_record", str(exc), raw))
    return res


# ----------------------------------------------------------------------------- HTML, feeds, text
def read_html(text: str, path: str, published, published_how, source_name) -> ReadResult:
    import trafilatura

    res = ReadResult(path, "html", "", 0, rows=1)
    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    d = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    body = (d.get("text") or "").strip()
    if not body:
        res.rejects.append(Reject(path, "page", "no_text", "no main text found in the HTML page", text[:2000]))
        return res
    body, removed = clean_text(body)
    pub = parse_when(d.get("date"))
    title = (d.get("title") or "").strip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    res.documents.append(Document(
        text=body, source=d.get("url") or path, source_name=source_name or d.get("sitename") or d.get("hostname")
        or Path(path).name, published=pub or published, published_how="metadata" if pub else published_how,
        kind="html", title=title, url=d.get("url"), item="page",
        meta={k: v for k, v in (("removed", removed), ("author", d.get("author"))) if v}))
    return res


def _html_to_text(html: str) -> str:
    if "<" not in html:
        return html
    from lxml import html as lh

    try:
        root = lh.fromstring(html)
    except Exception:  # lxml raises several kinds on fragments it cannot parse
        return re.sub(r"<[^>]+>", " ", html)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts = [t.strip() for t in root.itertext() if t.strip()]
    return "\n".join(parts)


def read_feed(data: bytes, path: str, published, published_how, source_name) -> ReadResult:
    import feedparser

    res = ReadResult(path, "feed", "", 0)
    f = feedparser.parse(data)
    if f.bozo and not f.entries:
        raise ReadError(f"{path}: not a readable RSS/Atom feed ({f.get('bozo_exception')})")
    feed_title = (f.feed.get("title") or "").strip()
    for i, e in enumerate(f.entries, start=1):
        res.rows += 1
        body_html = ""
        if e.get("content"):
            body_html = e.content[0].get("value") or ""
        body_html = body_html or e.get("summary") or e.get("description") or ""
        text, removed = clean_text(_html_to_text(body_html))
        title = (e.get("title") or "").strip()
        if not text and not title:
            res.rejects.append(Reject(path, f"entry {i}", "no_text", "feed entry without title or text",
                                      json.dumps({k: str(v)[:200] for k, v in e.items()}, ensure_ascii=False)[:2000]))
            continue
        pub = parse_when(e.get("published_parsed") or e.get("updated_parsed") or e.get("published"))
        res.documents.append(Document(
            text=text, source=e.get("link") or f"{path}#{i}", source_name=source_name or feed_title or Path(path).name,
            published=pub or published, published_how="metadata" if pub else published_how, kind="feed", title=title,
            url=e.get("link"), item=f"entry {i}", meta={"removed": removed} if removed else {}))
    return res


def read_text(text: str, path: str, published, published_how, source_name) -> ReadResult:
    res = ReadResult(path, "text", "", 0, rows=1)
    body, removed = clean_text(text)
    if not body.strip():
        res.rejects.append(Reject(path, "document", "no_text", "the file holds no text", text[:2000]))
        return res
    res.documents.append(Document(text=body, source=path, source_name=source_name or Path(path).name,
                                  published=published, published_how=published_how, kind="text", item="document",
                                  meta={"removed": removed} if removed else {}))
    return res


# ----------------------------------------------------------------------------- dispatch
def sniff(path: Path, head: bytes) -> str:
    h = head.lstrip(b"\xef\xbb\xbf").lstrip()
    low = h[:2000].lower()
    name = path.name.lower()
    if low.startswith(b"<?xml") or low.startswith(b"<rss") or low.startswith(b"<feed") or b"<rss" in low[:600] \
            or b"<feed" in low[:600] or name.endswith((".rss", ".atom")):
        if b"<rss" in low or b"<feed" in low or b"<rdf" in low:
            return "feed"
    if low.startswith(b"<!doctype html") or low.startswith(b"<html") or b"<html" in low[:600] or \
            name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if h[:1] in (b"[", b"{") or name.endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    first = h.split(b"\n", 1)[0]
    if name.endswith((".csv", ".tsv")) or (first.count(b",") >= 3 and b"Main ID" in first):
        return "csv"
    return "text"


def read_path(path: str | Path, published: datetime | None = None, source_name: str | None = None,
              mapping: dict[str, str] | None = None, fmt: str | None = None) -> ReadResult:
    """Read one file. ``published``: the --published option (used when the document's metadata
    has no date); otherwise the file time."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"{p}: cannot read: {exc.strerror or exc}") from None
    if published is not None:
        pub, how = published, "option"
    else:
        pub, how = file_time(p), "file_time"
    kind = fmt or sniff(p, data[:4096])
    sha = hashlib.sha256(data).hexdigest()
    if kind == "feed":
        res = read_feed(data, str(p), pub, how, source_name)
    else:
        text, enc = decode_bytes(data)
        if kind == "html":
            res = read_html(text, str(p), pub, how, source_name)
        elif kind == "csv":
            head = text.lstrip("\ufeff").split("\n", 1)[0]
            cols = set(next(csv.reader([head]))) if head else set()
            if IOM_CURATED <= cols:
                res = read_iom(text, str(p), False, pub, how, source_name)
            elif IOM_RAW <= cols:
                res = read_iom(text, str(p), True, pub, how, source_name)
            else:
                dialect = "excel-tab" if p.name.lower().endswith(".tsv") else "excel"
                rdr = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), dialect=dialect)
                if not rdr.fieldnames:
                    raise ReadError(f"{p}: empty CSV (no header line)")
                rows = [(f"line {i}", r) for i, r in enumerate(rdr, start=2)]
                res = read_rows(rows, str(p), "csv", mapping or {}, pub, how, source_name)
        elif kind == "json":
            rows, bad = _json_rows(text, str(p))
            if rows and len(rows) == 1 and not mapping and _looks_like_article(rows[0][1]):
                res = read_rows(rows, str(p), "json", {}, pub, how, source_name)
            else:
                res = read_rows(rows, str(p), "json", mapping or {}, pub, how, source_name) if rows else \
                    ReadResult(str(p), "json", "", 0)
            res.rejects = bad + res.rejects
            res.rows += len(bad)
        else:
            res = read_text(text, str(p), pub, how, source_name)
        res.encoding = enc
    res.sha256 = sha
    res.size = len(data)
    return res


def _looks_like_article(d: dict) -> bool:
    return any(k.lower() in AUTO["text"] for k in d)


def _json_rows(text: str, path: str) -> tuple[list[tuple[str, dict]], list[Reject]]:
    t = text.strip()
    bad: list[Reject] = []
    try:
        data = json.loads(t)
    except json.JSONDecodeError:
        # JSON lines
        rows = []
        for i, line in enumerate(t.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                v = json.loads(line)
            except json.JSONDecodeError as exc:
                bad.append(Reject(path, f"line {i}", "bad_json", str(exc), line[:2000]))
                continue
            if isinstance(v, dict):
                rows.append((f"line {i}", v))
            else:
                bad.append(Reject(path, f"line {i}", "bad_json", "a JSON line must hold an object", line[:2000]))
        if not rows and not bad:
            raise ReadError(f"{path}: not JSON") from None
        return rows, bad
    if isinstance(data, dict):
        for key in ("items", "records", "incidents", "articles", "data", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise ReadError(f"{path}: expected a JSON object, a list of objects or JSON lines")
    rows = []
    for i, v in enumerate(data, start=1):
        if isinstance(v, dict):
            rows.append((f"item {i}", v))
        else:
            bad.append(Reject(path, f"item {i}", "bad_json", "each item must be a JSON object", json.dumps(v)[:2000]))
    return rows, bad
