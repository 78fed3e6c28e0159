"""Readers for sanctions list files. Each returns a :class:`LoadedList`; none of them
touches the store. Bad rows are skipped with a warning; a bad file raises ``ListFormatError``.

Formats:
- UN Security Council Consolidated List XML (https://scsanctions.un.org/resources/xml/en/consolidated.xml),
  schema https://www.un.org/sc/resources/sc-sanctions.xsd.
- OFAC SDN legacy CSV ``sdn.csv`` (https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas):
  no header, fields ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
  Vess_flag, Vess_owner, Remarks; ``-0-`` is empty; Latin-1 with CRLF and a trailing Ctrl-Z.
- OpenSanctions FollowTheMoney entity JSON lines, and delta files ``{"op": ADD|MOD|DEL, "entity": {...}}``
  (https://www.opensanctions.org/docs/bulk/delta/).
- A user-maintained vessel list, CSV or YAML, columns imo, mmsi, name, reason, source
  (optional: flag, type, former_names, programs, schema).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import unicodedata
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml
from importlib import resources

from .ids import imo_check_digit_ok, parse_imo, parse_mmsi
from .model import Entity, LoadedList



class ListFormatError(ValueError):
    """The file is not a list seasentry can read."""


_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                       "oct", "nov", "dec"], start=1)}
_DATE_IN_NAME = re.compile(r"(20\d\d|19\d\d)[-_]?(\d\d)[-_]?(\d\d)(?:[-_T]?(\d{6}))?")


_COUNTRY_TABLE: dict[str, str] | None = None


def _country_table() -> dict[str, str]:
    """Country names and codes -> ISO2, generated from rigour's territory data (MIT); see
    data/PROVENANCE.md. Loaded once; a plain dict is much faster than rigour's own lookup,
    which builds its index by transliterating every name (seconds at start-up)."""
    global _COUNTRY_TABLE
    if _COUNTRY_TABLE is None:
        path = resources.files("seasentry") / "data" / "sanctions" / "country_names.csv"
        with path.open("r", encoding="utf-8") as fh:
            _COUNTRY_TABLE = {r["name"]: r["iso2"] for r in csv.DictReader(fh)}
    return _COUNTRY_TABLE


def _norm_country(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


@lru_cache(maxsize=4096)
def country_code(name: str | None) -> str | None:
    """ISO 3166-1 alpha-2 (upper case) for a country name or code; None if unknown."""
    if not name or not isinstance(name, str):
        return None
    key = _norm_country(name)
    table = _country_table()
    if key in table:
        return table[key]
    key2 = re.sub(r"^the |\s*\(.*\)$", "", key).strip()
    return table.get(key2)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version_from_path(path: Path, data: bytes) -> str:
    m = _DATE_IN_NAME.search(path.name)
    if m:
        v = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        return v + (f"T{m.group(4)}" if m.group(4) else "")
    try:
        mt = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).date().isoformat()
    except OSError:
        mt = date.today().isoformat()
    return f"{mt}+{_sha256(data)[:8]}"


# --------------------------------------------------------------------------- UN
def _cp1252_fallback(err: UnicodeDecodeError):
    """codecs error handler: bytes that are not UTF-8 are read as CP1252 (Latin-1 for the five
    bytes CP1252 leaves undefined), so valid UTF-8 and CP1252 runs in one file both survive."""
    bad = err.object[err.start:err.end]
    return bad.decode("cp1252", errors="strict") if all(b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in bad) \
        else bad.decode("latin-1"), err.end


codecs.register_error("seasentry_cp1252", _cp1252_fallback)


def decode_declared_utf8(data: bytes) -> tuple[str, int]:
    """Decode text that declares UTF-8. Returns (text, number of bytes that were not UTF-8 and
    were read as CP1252). Nothing is replaced or dropped."""
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    count = 0

    def handler(err):
        nonlocal count
        count += err.end - err.start
        return _cp1252_fallback(err)

    codecs.register_error("seasentry_cp1252_count", handler)
    return data.decode("utf-8", errors="seasentry_cp1252_count"), count


_XML_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PAREN_RE = re.compile(r"\(([^()]+)\)")
_ORIG_SCRIPT_RE = re.compile(r"(<NAME_ORIGINAL_SCRIPT>)(.*?)(</NAME_ORIGINAL_SCRIPT>)", re.S)


def _all_letters(text: str) -> bool:
    return all(unicodedata.category(c)[0] in "LM" for c in text if not c.isspace())


def repair_low_byte_script(value: str) -> tuple[str, str] | None:
    """Some UN list exports write characters above U+00FF keeping only their low byte, so an
    original-script name comes out as ASCII punctuation, digits and control bytes (Arabic
    U+0635 ص -> '5', U+0627 ا -> "'"; Cyrillic U+0423 У -> '#'). ``NAME_ORIGINAL_SCRIPT`` is by
    definition not Latin, so if ``value`` has no code point above U+00FF and is not plain words,
    rebuild it in the Arabic (U+06xx) or Cyrillic (U+04xx) block, whichever the byte pattern fits:
    Cyrillic words start with a capital (bytes 0x10-0x2F) followed by lower case (0x30-0x4F).
    Returns (text, script) or None. Cyrillic Р (U+0420, byte 0x20) cannot be told from a space;
    CJK names cannot be rebuilt at all."""
    if not value or any(ord(c) > 0xFF for c in value):
        return None
    letters = [c for c in value if not c.isspace()]
    if len(letters) < 3 or all(c.isalpha() and c.isascii() for c in letters):
        return None
    words = value.split()
    cyr = all(0x10 <= ord(w[0]) <= 0x2F and all(0x30 <= ord(c) <= 0x4F for c in w[1:]) for w in words)
    for block, script in (((0x400, "cyrillic"), (0x600, "arabic")) if cyr else ((0x600, "arabic"),)):
        cand = "".join(c if c.isspace() else chr(block + ord(c)) for c in value)
        if _all_letters(cand):
            return cand, script
    return None


def _text(el: ET.Element | None, tag: str) -> str:
    if el is None:
        return ""
    x = el.find(tag)
    return (x.text or "").strip() if x is not None and x.text else ""


def _values(el: ET.Element, tag: str) -> list[str]:
    out = []
    for x in el.findall(f"{tag}/VALUE"):
        if x.text and x.text.strip():
            out.append(" ".join(x.text.split()))
    return out


def load_un_xml(path: str | os.PathLike, data: bytes | None = None) -> LoadedList:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    warnings: list[str] = []
    declared = re.search(rb"encoding=['\"]([\w-]+)['\"]", data[:200])
    declared_enc = declared.group(1).decode().lower() if declared else "utf-8"
    if declared_enc in ("utf-8", "utf8"):
        text, n_bad = decode_declared_utf8(data)
        mis_encoded = n_bad > 0
        if n_bad:
            warnings.append(f"{path.name}: declared UTF-8 but held CP1252 bytes ({n_bad} bytes not valid UTF-8); "
                            "decoded them as CP1252, nothing dropped")
    else:
        mis_encoded = False
        text = data.decode(declared_enc, errors="replace")
    # The same broken exporter keeps only the low byte of characters above U+00FF, which leaves
    # C0 control bytes where U+2010..U+201F punctuation stood (0x19 for the apostrophe U+2019).
    # Those are illegal in XML; put the punctuation back.
    repaired = 0

    def _fix_orig(m: re.Match) -> str:
        nonlocal repaired
        raw = html.unescape(m.group(2)) if "&" in m.group(2) and ";" in m.group(2) else m.group(2)
        fixed = repair_low_byte_script(raw)
        if fixed is None:
            return m.group(0)
        repaired += 1
        return m.group(1) + fixed[0] + m.group(3)

    text = _ORIG_SCRIPT_RE.sub(_fix_orig, text)
    if repaired:
        warnings.append(f"{path.name}: rebuilt {repaired} original-script names (Arabic, Cyrillic) that the export had "
                        "truncated to the low byte of each character")
    # Truncated characters elsewhere can also leave a bare '&' or '<' in text: escape them.
    text, n_amp = re.subn(r"&(?!(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)", "&amp;", text)
    tags = set(re.findall(r"</([A-Za-z_][\w.-]*)>", text)) | set(re.findall(r"<([A-Za-z_][\w.-]*)/>", text))
    tag_alt = "|".join(sorted((re.escape(t) for t in tags), key=len, reverse=True)) or "(?!)"
    text, n_lt = re.subn(rf"<(?!/?(?:{tag_alt})(?:[\s/>])|[!?])", "&lt;", text)
    if n_amp + n_lt:
        warnings.append(f"{path.name}: escaped {n_amp + n_lt} bare '&'/'<' characters left by truncated text")
    n_ctrl = len(_XML_CTRL.findall(text))
    if n_ctrl:
        text = _XML_CTRL.sub(lambda m: chr(0x2000 + ord(m.group(0))), text)
        warnings.append(f"{path.name}: {n_ctrl} control characters (truncated U+20xx punctuation such as "
                        "U+2019) restored")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ListFormatError(f"{path}: not well-formed XML ({exc})") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(f"{path}: root element {root.tag!r} is not CONSOLIDATED_LIST")
    generated = root.get("dateGenerated", "")
    version = generated[:10] if generated else _version_from_path(path, data)
    entities: list[Entity] = []
    for kind, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for el in root.iter(kind):
            ref = _text(el, "REFERENCE_NUMBER")
            dataid = _text(el, "DATAID")
            parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            name = " ".join(p for p in parts if p)
            if not name:
                warnings.append(f"{path.name}: {kind} {ref or dataid} has no name, skipped")
                continue
            aliases, weak = [], []
            for a in el.findall(f"{kind}_ALIAS"):
                an = _text(a, "ALIAS_NAME")
                if not an:
                    continue
                if mis_encoded:  # "Name (original script)" aliases suffer the same truncation
                    an = _PAREN_RE.sub(
                        lambda m: "(" + (repair_low_byte_script(m.group(1)) or (m.group(1),))[0] + ")", an)
                (weak if _text(a, "QUALITY").lower() in ("low", "fka") else aliases).append(an)
            orig = _text(el, "NAME_ORIGINAL_SCRIPT")
            if orig:
                aliases.append(orig)
            dobs: list[str] = []
            for d in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
                if _text(d, "DATE"):
                    dobs.append(_text(d, "DATE")[:10])
                elif _text(d, "YEAR"):
                    dobs.append(_text(d, "YEAR"))
                elif _text(d, "FROM_YEAR") and _text(d, "TO_YEAR"):
                    try:
                        dobs += [str(y) for y in range(int(_text(d, "FROM_YEAR")), int(_text(d, "TO_YEAR")) + 1)]
                    except ValueError:
                        pass
            countries = [c for c in (country_code(v) for v in _values(el, "NATIONALITY")) if c]
            list_type = _text(el, "UN_LIST_TYPE")
            entities.append(Entity(
                entity_id=f"un-{ref or dataid}", list="un_sc", schema=schema, name=name,
                aliases=aliases, weak_aliases=weak, programs=[f"UN {list_type}".strip()],
                countries=sorted(set(countries)), birth_dates=dobs,
                properties={"reference_number": ref, "dataid": dataid, "listed_on": _text(el, "LISTED_ON"),
                            "un_list_type": list_type, "comments": " ".join(_text(el, "COMMENTS1").split()),
                            "designation": _values(el, "DESIGNATION"), "title": _values(el, "TITLE")}))
    return LoadedList("un_sc", version, str(path), _sha256(data), "un_xml", entities, warnings)


# --------------------------------------------------------------------------- OFAC
_AKA_RE = re.compile(r"\b([afn])\.k\.a\.,?\s+'([^']+)'", re.I)
_DOB_RE = re.compile(r"\bDOB\s+(?:circa\s+)?([^;]+)", re.I)
_NAT_RE = re.compile(r"\b(?:nationality|citizen)\s+([^;.(]+)", re.I)
_IMO_REMARK_RE = re.compile(r"\bIMO\s+(\d{7})\b")
_MMSI_RE = re.compile(r"\bMMSI\s+(\d{9})\b")
_OTHER_FLAG_RE = re.compile(r"\b(?:Other|Former) Vessel Flag\s+([^;.]+)", re.I)
_LINKED_RE = re.compile(r"Linked To:\s*([^;]+?)\.?(?:;|$)")
_BUILD_RE = re.compile(r"Vessel Year of Build\s+(\d{4})", re.I)


def _ofac_dates(text: str) -> list[str]:
    """'25 Jun 1972', 'Mar 1960', '1942', '1960 to 1962' -> ISO prefixes."""
    out = []
    text = text.strip().rstrip(".").strip()
    rng = re.match(r"^(\d{4})\s+to\s+(\d{4})$", text)
    if rng:
        a, b = int(rng.group(1)), int(rng.group(2))
        return [str(y) for y in range(a, b + 1)] if 0 <= b - a <= 10 else [str(a), str(b)]
    m = re.match(r"^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})$", text)
    if m and m.group(2).lower() in _MONTHS:
        return [f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"]
    m = re.match(r"^([A-Za-z]{3})[a-z]*\s+(\d{4})$", text)
    if m and m.group(1).lower() in _MONTHS:
        return [f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"]
    m = re.match(r"^(\d{4})$", text)
    if m:
        out.append(m.group(1))
    return out


def _clean(v: str | None) -> str:
    v = (v or "").strip()
    return "" if v == "-0-" else v


def load_ofac_csv(path: str | os.PathLike, data: bytes | None = None) -> LoadedList:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    warnings: list[str] = []
    body = data.rstrip(b"\x1a\r\n\t ")
    text = body.decode("latin-1")  # OFAC ships sdn.csv in ISO-8859-1; every byte is valid
    entities: list[Entity] = []
    schema_map = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
    for lineno, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) < 12:
            warnings.append(f"{path.name}:{lineno}: {len(row)} fields instead of 12, skipped")
            continue
        ent_num, sdn_name, sdn_type, program, title, call_sign, vtype, tonnage, grt, vflag, vowner, remarks = \
            (_clean(x) for x in row[:12])
        if not ent_num.isdigit() or not sdn_name:
            if lineno == 1 and not ent_num.isdigit():
                continue  # header row of a derived copy
            warnings.append(f"{path.name}:{lineno}: no entry number or name, skipped")
            continue
        schema = schema_map.get(sdn_type.lower(), "Organization")
        aliases, former = [], []
        for kind, alias in _AKA_RE.findall(remarks):
            (former if kind.lower() == "f" else aliases).append(alias.strip())
        dobs: list[str] = []
        for d in _DOB_RE.findall(remarks):
            dobs += _ofac_dates(d)
        countries = {c for c in (country_code(n) for n in _NAT_RE.findall(remarks)) if c}
        programs = [p.strip() for p in program.strip("[] ").split("] [") if p.strip()]
        e = Entity(entity_id=f"ofac-{ent_num}", list="ofac_sdn", schema=schema, name=sdn_name,
                   aliases=aliases, former_names=former, programs=programs, birth_dates=dobs,
                   properties={"ent_num": int(ent_num), "remarks": remarks, "title": title or None})
        if schema == "Vessel":
            m_imo = _IMO_REMARK_RE.search(remarks)
            imo = parse_imo(m_imo.group(1)) if m_imo else None
            e.imo = imo
            e.imo_valid = imo_check_digit_ok(imo) if imo else None
            m = _MMSI_RE.search(remarks)
            e.mmsi = parse_mmsi(m.group(1)) if m else None
            e.flag = country_code(vflag) if vflag else None
            e.vessel_type = vtype or None
            e.call_sign = call_sign or None
            other_flags = [c for c in (country_code(f) for f in _OTHER_FLAG_RE.findall(remarks)) if c]
            countries |= set(other_flags) | ({e.flag} if e.flag else set())
            linked = _LINKED_RE.findall(remarks)
            b = _BUILD_RE.search(remarks)
            e.properties.update({"flag_name": vflag or None, "owner": vowner or None, "tonnage": tonnage or None,
                                 "grt": grt or None, "linked_to": linked, "other_flags": other_flags,
                                 "year_built": int(b.group(1)) if b else None})
            if imo and not e.imo_valid:
                warnings.append(f"{path.name}:{lineno}: vessel {sdn_name!r} IMO {imo} fails the check digit "
                                "(kept, flagged)")
        e.countries = sorted(countries)
        entities.append(e)
    if not entities:
        raise ListFormatError(f"{path}: no OFAC SDN rows found")
    return LoadedList("ofac_sdn", _version_from_path(path, data), str(path), _sha256(data), "ofac_csv",
                      entities, warnings)


# --------------------------------------------------------------------------- FollowTheMoney
_FTM_TARGETS = {"Person": "Person", "Organization": "Organization", "Company": "Organization",
                "LegalEntity": "Organization", "PublicBody": "Organization", "Vessel": "Vessel",
                "Airplane": "Airplane"}


def _ftm_entity(raw: dict, programs: dict[str, list[str]]) -> Entity | None:
    schema = _FTM_TARGETS.get(raw.get("schema", ""))
    if not schema or not raw.get("id"):
        return None
    p = raw.get("properties") or {}
    names = [n for n in p.get("name", []) if n and n.strip()]
    caption = raw.get("caption") or (names[0] if names else "")
    if not caption and not names:
        return None
    first = (p.get("firstName") or [""])[0]
    last = (p.get("lastName") or [""])[0]
    aliases = [n for n in names if n != caption] + list(p.get("alias", []))
    if first and last:
        aliases.append(f"{first} {last}")
    countries = set()
    for key in ("nationality", "citizenship", "country", "jurisdiction", "flag"):
        for c in p.get(key, []):
            cc = country_code(c)
            if cc:
                countries.add(cc)
    e = Entity(entity_id=f"os-{raw['id']}", list="opensanctions", schema=schema, name=caption,
               aliases=aliases, weak_aliases=list(p.get("weakAlias", [])),
               former_names=list(p.get("previousName", [])),
               programs=sorted(set(programs.get(raw["id"], [])) | set(p.get("program", []))),
               countries=sorted(countries), birth_dates=[d[:10] for d in p.get("birthDate", []) if d],
               properties={"datasets": raw.get("datasets", []), "topics": p.get("topics", []),
                           "referents": raw.get("referents", [])[:20]})
    if schema == "Vessel":
        imo = parse_imo((p.get("imoNumber") or [None])[0])
        e.imo, e.imo_valid = imo, (imo_check_digit_ok(imo) if imo else None)
        e.mmsi = parse_mmsi((p.get("mmsi") or [None])[0])
        e.flag = country_code((p.get("flag") or [None])[0])
        e.vessel_type = (p.get("type") or [None])[0]
        e.call_sign = (p.get("callSign") or [None])[0]
    return e


def _json_lines(text: str, name: str, warnings: list[str]) -> Iterable[dict]:
    for i, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{name}:{i}: bad JSON ({exc.msg}), skipped")
            continue
        if isinstance(obj, dict):
            yield obj


def load_ftm(path: str | os.PathLike, data: bytes | None = None) -> LoadedList:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    warnings: list[str] = []
    text, n_bad = decode_declared_utf8(data)
    if n_bad:
        warnings.append(f"{path.name}: {n_bad} bytes were not UTF-8; read as CP1252")
    rows = list(_json_lines(text, path.name, warnings))
    is_delta = bool(rows) and all("op" in r and "entity" in r for r in rows)
    entities: list[Entity] = []
    deletes: list[str] = []
    raw_entities = [r["entity"] for r in rows if r.get("op") in ("ADD", "MOD")] if is_delta else rows
    if is_delta:
        deletes = [f"os-{r['entity'].get('id')}" for r in rows if r.get("op") == "DEL" and r.get("entity")]
    programs: dict[str, list[str]] = {}
    for r in raw_entities:
        if r.get("schema") == "Sanction":
            p = r.get("properties") or {}
            for target in p.get("entity", []):
                programs.setdefault(target, []).extend(p.get("programId", []) or p.get("program", []))
    for r in raw_entities:
        e = _ftm_entity(r, programs)
        if e is not None:
            entities.append(e)
    if not rows:
        raise ListFormatError(f"{path}: no FollowTheMoney entities")
    version = _version_from_path(path, data)
    if not _DATE_IN_NAME.search(path.name):
        # the dataset's date, not the day it was loaded: OpenSanctions stamps every entity of an
        # export with ``last_seen``, the time of the crawl that produced it
        seen = [str((r.get("entity") if is_delta else r).get("last_seen") or "")[:10] for r in rows
                if isinstance(r.get("entity") if is_delta else r, dict)]
        seen = [x for x in seen if re.fullmatch(r"\d{4}-\d\d-\d\d", x)]
        if seen:
            version = max(seen)
    return LoadedList("opensanctions", version, str(path), _sha256(data), "ftm_delta" if is_delta else "ftm",
                      entities, warnings, mode="delta" if is_delta else "replace", deletes=deletes)


# --------------------------------------------------------------------------- user vessel list
def load_user_list(path: str | os.PathLike, data: bytes | None = None) -> LoadedList:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    warnings: list[str] = []
    text, _ = decode_declared_utf8(data)
    if path.suffix.lower() in (".yaml", ".yml"):
        doc = yaml.safe_load(text) or []
        rows = doc.get("vessels", doc.get("entries", [])) if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise ListFormatError(f"{path}: expected a list of entries (or a 'vessels:' list)")
    else:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    entities: list[Entity] = []
    for i, r in enumerate(rows, start=1):
        if not isinstance(r, dict):
            warnings.append(f"{path.name}: entry {i} is not a mapping, skipped")
            continue
        r = {str(k).strip().lower(): v for k, v in r.items() if k is not None}
        name = str(r.get("name") or "").strip()
        imo = parse_imo(r.get("imo"))
        mmsi = parse_mmsi(r.get("mmsi"))
        if not (name or imo or mmsi):
            warnings.append(f"{path.name}: entry {i} has no name, IMO or MMSI, skipped")
            continue
        if r.get("imo") not in (None, "") and imo is None:
            warnings.append(f"{path.name}: entry {i} IMO {r.get('imo')!r} is not 7 digits")
        if imo and not imo_check_digit_ok(imo):
            warnings.append(f"{path.name}: entry {i} IMO {imo} fails the check digit (kept, flagged)")
        former = r.get("former_names") or []
        if isinstance(former, str):
            former = [f.strip() for f in re.split(r"[;|]", former) if f.strip()]
        programs = r.get("programs") or r.get("program") or []
        if isinstance(programs, str):
            programs = [p.strip() for p in re.split(r"[;|]", programs) if p.strip()]
        key = f"imo-{imo}" if imo else (f"mmsi-{mmsi}" if mmsi else "name-" + re.sub(r"\W+", "-", name.lower()))
        schema = str(r.get("schema") or "Vessel")
        schema = {"person": "Person", "organization": "Organization", "vessel": "Vessel"}.get(schema.lower(), schema)
        flag = country_code(str(r["flag"])) if r.get("flag") else None
        e = Entity(entity_id=f"user-{key}", list="user", schema=schema, name=name or f"IMO {imo or ''}".strip(),
                   former_names=list(former), programs=list(programs) or ["user list"],
                   countries=[flag] if flag else [],
                   imo=imo, imo_valid=(imo_check_digit_ok(imo) if imo else None), mmsi=mmsi, flag=flag,
                   vessel_type=(str(r["type"]) if r.get("type") else None),
                   properties={"reason": r.get("reason"), "source": r.get("source")})
        entities.append(e)
    if not entities and not rows:
        raise ListFormatError(f"{path}: empty user list")
    return LoadedList("user", _version_from_path(path, data), str(path), _sha256(data), "user", entities, warnings)


# --------------------------------------------------------------------------- dispatch
def sniff_format(path: Path, head: bytes) -> str:
    h = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if b"CONSOLIDATED_LIST" in head:
        return "un_xml"
    if h.startswith(b"{"):
        return "ftm"
    if path.suffix.lower() in (".yaml", ".yml"):
        return "user"
    first = h.split(b"\n", 1)[0].lower()
    if re.match(rb'^\d+,"', h):
        return "ofac_csv"
    if b"name" in first and (b"imo" in first or b"mmsi" in first):
        return "user"
    if h.startswith(b"<"):
        raise ListFormatError(f"{path}: XML that is not a UN consolidated list")
    raise ListFormatError(f"{path}: unknown list format")


def load_path(path: str | os.PathLike, fmt: str | None = None) -> LoadedList:
    """Read one list file of any supported format (sniffed unless ``fmt`` is given)."""
    path = Path(path)
    data = path.read_bytes()
    fmt = fmt or sniff_format(path, data[:4096])
    reader = {"un_xml": load_un_xml, "ofac_csv": load_ofac_csv, "ftm": load_ftm, "user": load_user_list}.get(fmt)
    if reader is None:
        raise ListFormatError(f"unknown format {fmt!r}")
    return reader(path, data)
