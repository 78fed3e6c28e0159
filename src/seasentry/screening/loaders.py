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
from .repair import CONTROL_BASE, controls_to_punctuation, needs_repair, repair_value



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
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")
# (session 15) the words "original script" and a closing bracket or colon after them; the brackets and
# spaces around are blanked and collapsed by split_alias itself. The session-14 pattern
# (\s*\(?\s*original script\s*\)?\s*:?\s*, run by sub at every position) took cubic time in a run of
# spaces: 20 s on an alias holding 2,000 spaces, which would stall a list load.
_ORIG_MARK = re.compile(r"original script[\s)]*:?", re.I)
# the name before a bracket, the bracket's text (the head without the lazy head + \s* of session 14,
# quadratic in a run of spaces; the head is stripped where it is used)
_ALIAS_BRACKET = re.compile(r"^(?P<head>[^()]*)\((?P<inner>.+)\)\s*$", re.S)


def split_alias(alias: str) -> list[str]:
    """'Abdelali Abou Dher (عبد العالي ابو ذر)' -> the Latin name and the original-script one, so that
    each is matched as a name; a bracket of other spellings ('Hassan Ghul (Hassan Gul; Hasan Gul)')
    gives each spelling. Anything else is returned as it is."""
    m = _ALIAS_BRACKET.match(alias)
    if not m or not m.group("head").strip():
        return [alias]
    inner = m.group("inner")
    pieces = [p.strip() for p in re.split(r";", inner) if p.strip()]
    out = [m.group("head").strip()]
    for p in pieces:
        p = _ORIG_MARK.sub(" ", p)
        p = " ".join(p.replace("(", " ").replace(")", " ").split()).strip(" ,")
        if p and (len(pieces) > 1 or _NON_LATIN.search(p)):
            out.append(p)
    if len(out) == 1:  # an acronym or a note in brackets: keep the alias whole
        return [alias]
    return list(dict.fromkeys(out))


def _raw_text(el: ET.Element | None, tag: str) -> str:
    if el is None:
        return ""
    x = el.find(tag)
    return (x.text or "").strip() if x is not None and x.text else ""


def _text(el: ET.Element | None, tag: str) -> str:
    return controls_to_punctuation(_raw_text(el, tag))


def _values(el: ET.Element, tag: str) -> list[str]:
    out = []
    for x in el.findall(f"{tag}/VALUE"):
        if x.text and x.text.strip():
            out.append(controls_to_punctuation(" ".join(x.text.split())))
    return out


_DTD_RE = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def _refuse_dtd(path: Path, text: str) -> None:
    """Sanctions list XML has no DTD. A document type or entity declaration is refused before
    parsing: it is how entity-expansion attacks ("billion laughs") and external entities work."""
    if _DTD_RE.search(text):
        raise ListFormatError(f"{path.name}: XML with a DOCTYPE or ENTITY declaration is refused (entity "
                              "expansion); sanctions list XML has none")


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
    # The same broken exporter keeps only the low byte of characters above U+00FF (see
    # ``repair``): names are rebuilt after parsing. Control bytes it left where U+2010..U+201F
    # punctuation stood (0x19 for the apostrophe U+2019) are illegal in XML: put the punctuation back.
    # Truncated characters elsewhere can also leave a bare '&' or '<' in text: escape them.
    text, n_amp = re.subn(r"&(?!(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)", "&amp;", text)
    tags = set(re.findall(r"</([A-Za-z_][\w.-]*)>", text)) | set(re.findall(r"<([A-Za-z_][\w.-]*)/>", text))
    tag_alt = "|".join(sorted((re.escape(t) for t in tags), key=len, reverse=True)) or "(?!)"
    text, n_lt = re.subn(rf"<(?!/?(?:{tag_alt})(?:[\s/>])|[!?])", "&lt;", text)
    if n_amp + n_lt:
        warnings.append(f"{path.name}: escaped {n_amp + n_lt} bare '&'/'<' characters left by truncated text")
    n_ctrl = len(_XML_CTRL.findall(text))
    if n_ctrl:  # kept as U+F700 + byte until the names are read (see repair), then U+2000 + byte
        text = _XML_CTRL.sub(lambda m: chr(CONTROL_BASE + ord(m.group(0))), text)
        warnings.append(f"{path.name}: {n_ctrl} control characters (truncated U+20xx punctuation such as "
                        "U+2019) restored")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    _refuse_dtd(path, text)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ListFormatError(f"{path.name}: not well-formed XML ({exc}): a cut or damaged file?") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(f"{path.name}: root element {root.tag!r} is not CONSOLIDATED_LIST")
    generated = root.get("dateGenerated", "")
    version = generated[:10] if generated else _version_from_path(path, data)
    entities: list[Entity] = []
    repair_counts: dict[str, int] = {}
    for kind, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for el in root.iter(kind):
            ref = _text(el, "REFERENCE_NUMBER")
            dataid = _text(el, "DATAID")
            parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            name = " ".join(p for p in parts if p)
            if not name:
                warnings.append(f"{path.name}: {kind} {ref or dataid} has no name, skipped")
                continue
            aliases, weak, unrepaired = [], [], []

            def fix(value: str, original_script: bool = False) -> str | None:
                """The value, rebuilt when the file truncated it; None (and flagged) when it cannot be."""
                if not mis_encoded:
                    return controls_to_punctuation(value)
                if not (original_script or needs_repair(value)):
                    return controls_to_punctuation(value)
                fixed, script, changed = repair_value(value, original_script)
                if changed and script:
                    repair_counts[script] = repair_counts.get(script, 0) + 1
                    return fixed
                if changed:  # one part of "name (other name)" read, the other not
                    unrepaired.append(controls_to_punctuation(value))
                    return fixed
                if script == "latin" or (script is None and fixed != value):
                    return fixed
                if script is None:
                    unrepaired.append(controls_to_punctuation(value))
                    return None
                return fixed

            for a in el.findall(f"{kind}_ALIAS"):
                an = _raw_text(a, "ALIAS_NAME")
                an = fix(an) if an else None
                if not an:
                    continue
                target = weak if _text(a, "QUALITY").lower() in ("low", "fka") else aliases
                target.extend(split_alias(an))
            orig = _raw_text(el, "NAME_ORIGINAL_SCRIPT")
            orig = fix(orig, original_script=True) if orig else None
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
                            **({"unrepaired_names": unrepaired} if unrepaired else {}),
                            "un_list_type": list_type, "comments": " ".join(_text(el, "COMMENTS1").split()),
                            "designation": _values(el, "DESIGNATION"), "title": _values(el, "TITLE")}))
    if repair_counts:
        warnings.append(f"{path.name}: rebuilt {sum(repair_counts.values())} names that the export had truncated to "
                        "the low byte of each character (" + ", ".join(f"{v} {k}" for k, v in sorted(repair_counts.items()))
                        + ")")
    n_unrep = sum(len(e.properties.get("unrepaired_names") or []) for e in entities)
    if n_unrep:
        warnings.append(f"{path.name}: {n_unrep} truncated names could not be rebuilt without guessing letters "
                        f"(CJK text, mixed forms); left out of matching and flagged on "
                        f"{sum(1 for e in entities if e.properties.get('unrepaired_names'))} entries "
                        "(properties.unrepaired_names)")
    if not entities:
        raise ListFormatError(f"{path.name}: a UN consolidated list without any INDIVIDUAL or ENTITY")
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


def weak_alias_names(e: Entity) -> bool:
    """(Session 14, seventeenth round) Whether every alias (``Entity.aliases``) of this entry is a weak
    a.k.a.: true of OFAC's sdn.csv, whose remarks field holds the weak a.k.a.s only (OFAC, "Important
    Announcement for Users of OFAC's SDN Data Files", 2012-06-13: "weak aliases in the remarks fields
    of the fixed-width and delimited files"; the strong ones are in alt.csv, which is not loaded). An
    entry of sdn.csv is the one whose properties hold its ``ent_num`` (``load_ofac_csv``); OFAC's XML
    says per alias (category weak -> ``weak_aliases``)."""
    return e.list == "ofac_sdn" and "ent_num" in (e.properties or {})


def load_ofac_csv(path: str | os.PathLike, data: bytes | None = None) -> LoadedList:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    warnings: list[str] = []
    body = data.rstrip(b"\x1a\r\n\t ")
    text = body.decode("latin-1")  # OFAC ships sdn.csv in ISO-8859-1; every byte is valid
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r and not (len(r) == 1 and not r[0].strip())]
    if not rows:
        raise ListFormatError(f"{path.name}: no OFAC SDN rows found")
    # OFAC's sdn.csv ends with CR LF and Ctrl-Z; a copy cut short ends inside a record
    bad = [i for i, r in enumerate(rows, start=1) if len(r) != 12]
    if bad and (len(bad) > 5 or len(bad) > 0.01 * len(rows)) and (len(bad) > 1 or bad[0] != len(rows)):
        raise ListFormatError(f"{path.name}: {len(bad)} of {len(rows)} rows do not have the 12 fields of OFAC's "
                              "sdn.csv (ent_num, SDN_Name, SDN_Type, Program, ...): another layout or a damaged file")
    last = rows[-1]
    if len(last) != 12 or text.count('"') % 2:
        raise ListFormatError(f"{path.name}: the last record is cut ({len(last)} of 12 fields): a truncated file; "
                              "get the whole sdn.csv again")
    if not data.rstrip(b"\r\n\t ").endswith(b"\x1a"):
        warnings.append(f"{path.name}: no end-of-file mark (Ctrl-Z) as in OFAC's own sdn.csv: a derived copy, or cut "
                        "at the end of a line")
    entities: list[Entity] = []
    schema_map = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
    for lineno, row in enumerate(rows, start=1):
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
        raise ListFormatError(f"{path.name}: no OFAC SDN rows found")
    return LoadedList("ofac_sdn", _version_from_path(path, data), str(path), _sha256(data), "ofac_csv",
                      entities, warnings)


def _ofac_xml_list_name(path: Path) -> str:
    n = path.name.lower()
    return "ofac_cons" if ("cons" in n or "non" in n) else "ofac_sdn"


def load_ofac_xml(path: str | os.PathLike, data: bytes | None = None, name: str | None = None) -> LoadedList:
    """OFAC's XML (root ``sdnList``, https://sanctionslistservice.ofac.treas.gov): the SDN list
    (``sdn.xml``) or the consolidated non-SDN list (``consolidated.xml``), which share one schema.
    The list is named ``ofac_sdn`` or ``ofac_cons`` after the file name (``cons``/``non`` in it)
    unless ``name`` is given; entries are ``ofac-<uid>`` like the rows of sdn.csv. A file holding
    fewer entries than its ``Record_Count`` is refused as truncated."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    warnings: list[str] = []
    text, n_bad = decode_declared_utf8(data)
    if n_bad:
        warnings.append(f"{path.name}: {n_bad} bytes were not UTF-8; read as CP1252")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
    _refuse_dtd(path, text)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ListFormatError(f"{path.name}: not well-formed XML ({exc}): a cut or damaged file?") from exc
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    if root.tag[len(ns):] != "sdnList":
        raise ListFormatError(f"{path.name}: root element {root.tag[len(ns):]!r} is not sdnList")

    def t(el, tag):
        x = el.find(ns + tag) if el is not None else None
        return " ".join((x.text or "").split()) if x is not None and x.text else ""

    def items(el, path_):
        return el.findall("/".join(ns + p for p in path_.split("/")))

    pub = root.find(ns + "publshInformation")
    if pub is None:
        pub = root.find(ns + "publishInformation")
    pdate = t(pub, "Publish_Date")
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", pdate)
    version = f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else _version_from_path(path, data)
    record_count = t(pub, "Record_Count")
    list_name = name or _ofac_xml_list_name(path)
    entries = items(root, "sdnEntry")
    if record_count.isdigit() and int(record_count) != len(entries):
        raise ListFormatError(f"{path.name}: Record_Count says {record_count} entries, the file holds {len(entries)}: "
                              "a truncated or edited file")
    schema_map = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
    entities: list[Entity] = []
    for el in entries:
        uid = t(el, "uid")
        last, first = t(el, "lastName"), t(el, "firstName")
        if not uid or not (last or first):
            warnings.append(f"{path.name}: entry {uid or '?'} has no uid or name, skipped")
            continue
        schema = schema_map.get(t(el, "sdnType").lower(), "Organization")
        nm = f"{last}, {first}" if (last and first) else (last or first)
        aliases, weak, former = [], [], []
        for a in items(el, "akaList/aka"):
            al, af = t(a, "lastName"), t(a, "firstName")
            an = f"{al}, {af}" if (al and af) else (al or af)
            if not an:
                continue
            kind, cat = t(a, "type").lower(), t(a, "category").lower()
            (former if kind.startswith("f.k.a") else weak if cat == "weak" else aliases).append(an)
        dobs = [d for x in items(el, "dateOfBirthList/dateOfBirthItem") for d in _ofac_dates(t(x, "dateOfBirth"))]
        countries = {c for c in (country_code(t(x, "country")) for x in items(el, "nationalityList/nationality")
                                 + items(el, "citizenshipList/citizenship")) if c}
        ids = [(t(x, "idType"), t(x, "idNumber")) for x in items(el, "idList/id")]
        programs = [x.text.strip() for x in items(el, "programList/program") if x.text and x.text.strip()]
        e = Entity(entity_id=f"ofac-{uid}", list=list_name, schema=schema, name=nm, aliases=aliases,
                   weak_aliases=weak, former_names=former, programs=programs, birth_dates=dobs,
                   properties={"uid": int(uid) if uid.isdigit() else uid, "title": t(el, "title") or None,
                               "remarks": t(el, "remarks") or None})
        if schema == "Vessel":
            vi = el.find(ns + "vesselInfo")
            imo = next((parse_imo(v) for k, v in ids if "vessel registration" in k.lower() and parse_imo(v)), None)
            mmsi = next((parse_mmsi(v) for k, v in ids if k.upper().startswith("MMSI")), None)
            e.imo, e.imo_valid = imo, (imo_check_digit_ok(imo) if imo else None)
            e.mmsi = mmsi
            e.flag = country_code(t(vi, "vesselFlag")) if vi is not None and t(vi, "vesselFlag") else None
            e.vessel_type = (t(vi, "vesselType") or None) if vi is not None else None
            e.call_sign = (t(vi, "callSign") or None) if vi is not None else None
            other = [c for c in (country_code(v) for k, v in ids if "other vessel flag" in k.lower()) if c]
            e.properties.update({"owner": (t(vi, "vesselOwner") or None) if vi is not None else None,
                                 "other_flags": other})
            countries |= set(other) | ({e.flag} if e.flag else set())
            if imo and not e.imo_valid:
                warnings.append(f"{path.name}: vessel {nm!r} IMO {imo} fails the check digit (kept, flagged)")
        e.countries = sorted(countries)
        entities.append(e)
    if not entities:
        raise ListFormatError(f"{path.name}: an sdnList without any entry")
    return LoadedList(list_name, version, str(path), _sha256(data), "ofac_xml", entities, warnings)


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
    lines = [ln for ln in text.splitlines() if ln.strip()]
    rows = list(_json_lines(text, path.name, warnings))
    n_bad = len(lines) - len(rows)
    if lines and not text.rstrip("\r\n\t ").endswith("}"):
        raise ListFormatError(f"{path.name}: the last line is cut: a truncated file")
    if n_bad and (n_bad > 5 or n_bad > 0.01 * len(lines)):
        raise ListFormatError(f"{path.name}: {n_bad} of {len(lines)} lines are not JSON objects: not FollowTheMoney "
                              "JSON lines, or a damaged file")
    kinds = _json_kind(rows[0]) if rows else None
    if kinds not in ("ftm", "delta"):
        raise ListFormatError(f"{path.name}: JSON that is not FollowTheMoney entities ({kinds or 'no objects'}); "
                              + SUPPORTED)
    is_delta = bool(rows) and all("op" in r and "entity" in r for r in rows)
    entities: list[Entity] = []
    deletes: list[str] = []
    raw_entities = [r["entity"] for r in rows if r.get("op") in ("ADD", "MOD")] if is_delta else rows
    if is_delta:
        deletes = [f"os-{r['entity'].get('id')}" for r in rows if r.get("op") == "DEL" and r.get("entity")]
    programs: dict[str, list[str]] = {}
    listed: dict[str, str] = {}
    for r in raw_entities:
        if r.get("schema") == "Sanction":
            p = r.get("properties") or {}
            dates = sorted(d[:10] for d in (p.get("listingDate") or []) + (p.get("startDate") or []) if d)
            for target in p.get("entity", []):
                programs.setdefault(target, []).extend(p.get("programId", []) or p.get("program", []))
                if dates and (target not in listed or dates[0] < listed[target]):
                    listed[target] = dates[0]
    for r in raw_entities:
        e = _ftm_entity(r, programs)
        if e is not None:
            if r.get("id") in listed:
                e.properties["listed_on"] = listed[r["id"]]
            entities.append(e)
    if not rows:
        raise ListFormatError(f"{path.name}: no FollowTheMoney entities")
    if not is_delta and not entities:
        raise ListFormatError(f"{path.name}: no Person, Organization, Company, LegalEntity, Vessel or Airplane "
                              "entities in this FollowTheMoney file")
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
USER_COLUMNS = ("imo", "mmsi", "name", "reason", "source", "flag", "type", "former_names", "programs", "program",
                "schema", "call_sign", "callsign", "notes", "note", "aliases", "listed_on")
_AIS_COLUMNS = {"lat", "lon", "latitude", "longitude", "sog", "cog", "heading", "basedatetime", "timestamp", "speed",
                "course", "navstatus", "status", "draft", "vesseltype", "shiptype", "ship_type", "length", "width"}


def user_list_name(path: Path, name: str | None = None) -> str:
    """A user list is named after its file (``user:my_vessels``) unless a name is given, so that a
    second user list does not replace the first."""
    base = name or path.stem
    slug = re.sub(r"[^\w.-]+", "_", base.strip().lower()).strip("_.") or "list"
    return slug if slug.startswith("user:") else f"user:{slug}"


def _check_user_columns(path: Path, cols: Iterable[str]) -> None:
    cols = [str(c).strip().lower() for c in cols if c is not None and str(c).strip()]
    if not cols:
        raise ListFormatError(f"{path.name}: no header row")
    unknown = [c for c in cols if c not in USER_COLUMNS]
    if not any(c in ("name", "imo", "mmsi") for c in cols):
        raise ListFormatError(f"{path.name}: a user list needs a name, imo or mmsi column; " + SUPPORTED)
    if unknown:
        what = "an AIS file" if any(c.replace(" ", "") in _AIS_COLUMNS for c in unknown) else "not a user list"
        raise ListFormatError(f"{path.name}: columns {', '.join(unknown[:6])}{' ...' if len(unknown) > 6 else ''} "
                              f"are not user-list columns ({', '.join(USER_COLUMNS[:5])} ...): {what}")


def load_user_list(path: str | os.PathLike, data: bytes | None = None, name: str | None = None) -> LoadedList:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    warnings: list[str] = []
    text, _ = decode_declared_utf8(data)
    list_name = user_list_name(path, name)
    if path.suffix.lower() in (".yaml", ".yml") or _looks_yaml(text):
        try:
            doc = yaml.safe_load(text) or []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            raise ListFormatError(f"{path.name}: not valid YAML{at}: "
                                  f"{getattr(exc, 'problem', None) or str(exc).splitlines()[0]}") from None
        rows = doc.get("vessels", doc.get("entries", [])) if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise ListFormatError(f"{path.name}: expected a list of entries (or a 'vessels:' list)")
        cols = {str(k) for r in rows if isinstance(r, dict) for k in r}
        if rows:
            _check_user_columns(path, cols)
    else:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        _check_user_columns(path, reader.fieldnames or [])
        rows = list(reader)
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
        key = f"{list_name}:{key}"
        schema = str(r.get("schema") or "Vessel")
        schema = {"person": "Person", "organization": "Organization", "vessel": "Vessel"}.get(schema.lower(), schema)
        flag = country_code(str(r["flag"])) if r.get("flag") else None
        e = Entity(entity_id=key, list=list_name, schema=schema, name=name or f"IMO {imo or ''}".strip(),
                   former_names=list(former), programs=list(programs) or ["user list"],
                   countries=[flag] if flag else [],
                   imo=imo, imo_valid=(imo_check_digit_ok(imo) if imo else None), mmsi=mmsi, flag=flag,
                   vessel_type=(str(r["type"]) if r.get("type") else None),
                   properties={"reason": r.get("reason"), "source": r.get("source"),
                               **({"listed_on": str(r["listed_on"])[:10]} if r.get("listed_on") else {})})
        entities.append(e)
    if not entities:
        raise ListFormatError(f"{path.name}: no usable entry (each needs a name, an IMO or an MMSI)")
    return LoadedList(list_name, _version_from_path(path, data), str(path), _sha256(data), "user", entities, warnings)


# --------------------------------------------------------------------------- dispatch
SUPPORTED = ("supported formats: UN Security Council consolidated list XML (root CONSOLIDATED_LIST), OFAC XML "
             "(root sdnList: SDN or consolidated non-SDN list), OFAC sdn.csv, OpenSanctions FollowTheMoney JSON "
             "lines or delta file, user vessel list CSV or YAML (columns imo, mmsi, name, reason, source ...)")
FORMATS = ("un_xml", "ofac_xml", "ofac_csv", "ftm", "user")
_OFAC_ROW = re.compile(rb'^\d+,"[^"]*",(?:-0- ?|"[^"]*"),')


def _json_kind(obj) -> str:
    if not isinstance(obj, dict):
        return "a JSON " + type(obj).__name__
    if obj.get("type") in ("FeatureCollection", "Feature") or "features" in obj:
        return "GeoJSON"
    if "op" in obj and isinstance(obj.get("entity"), dict):
        return "delta"
    if "schema" in obj and "id" in obj and isinstance(obj.get("properties", {}), dict):
        return "ftm"
    return "JSON objects with keys " + ", ".join(sorted(map(str, obj))[:5])


def _looks_yaml(text: str) -> bool:
    head = text.lstrip("\ufeff").lstrip()
    return head.startswith(("vessels:", "entries:", "- name:", "- imo:", "- mmsi:", "---"))


def sniff_format(path: Path, head: bytes) -> str:
    """The list format, from the content (the file name is not trusted). Raises ListFormatError
    naming what the file is when it is not a list, and the supported formats."""
    h = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if h.startswith(b"<"):
        m = re.search(rb"<(?![?!])([A-Za-z_][\w.:-]*)", h)
        root = m.group(1).decode("ascii", "replace").split(":")[-1] if m else "?"
        if root == "CONSOLIDATED_LIST":
            return "un_xml"
        if root == "sdnList":
            return "ofac_xml"
        if re.search(rb"<!\s*(?:DOCTYPE|ENTITY)", h, re.I) and not m:
            raise ListFormatError(f"{path.name}: XML with a DOCTYPE or ENTITY declaration is refused")
        raise ListFormatError(f"{path.name}: XML whose root element <{root}> is not a sanctions list; " + SUPPORTED)
    if h.startswith((b"{", b"[")):
        first = h.split(b"\n", 1)[0]
        if re.match(rb'^\{\s*"op"\s*:\s*"(?:ADD|MOD|DEL)"\s*,\s*"entity"\s*:\s*\{', first) or re.match(
                rb'^\{\s*"id"\s*:\s*"[^"]+"\s*,.*"schema"\s*:\s*"[A-Z]\w+"', first[:4096]):
            return "ftm"
        try:
            obj = json.loads(first.decode("utf-8", "replace"))
        except json.JSONDecodeError:
            try:
                obj = json.loads(head.decode("utf-8", "replace"))
            except json.JSONDecodeError:
                obj = None
        kind = _json_kind(obj) if obj is not None else (
            "GeoJSON" if re.search(rb'"(?:FeatureCollection|Feature|features)"', head) else
            "JSON that is not one object per line")
        if kind in ("ftm", "delta"):
            return "ftm"
        raise ListFormatError(f"{path.name}: {kind}, not a sanctions list; " + SUPPORTED)
    if _OFAC_ROW.match(h):
        return "ofac_csv"
    text = h.decode("utf-8", "replace")
    if path.suffix.lower() in (".yaml", ".yml") or _looks_yaml(text):
        return "user"
    first = text.split("\n", 1)[0].strip().lower()
    if "," in first or ";" in first or "\t" in first:
        cols = [c.strip().strip('"') for c in re.split(r"[,;\t]", first)]
        if any(c in ("name", "imo", "mmsi") for c in cols):
            _check_user_columns(path, cols)
            return "user"
    raise ListFormatError(f"{path.name}: not a list seasentry can read; " + SUPPORTED)


def load_path(path: str | os.PathLike, fmt: str | None = None, name: str | None = None) -> LoadedList:
    """Read one list file of any supported format (sniffed from the content unless ``fmt`` is
    given). ``name``: the list name of a user list (default: ``user:<file stem>``)."""
    path = Path(path)
    data = path.read_bytes()
    fmt = fmt or sniff_format(path, data[: 1 << 20])
    if fmt == "user":
        return load_user_list(path, data, name=name)
    if fmt == "ofac_xml":
        return load_ofac_xml(path, data, name=name)
    reader = {"un_xml": load_un_xml, "ofac_csv": load_ofac_csv, "ftm": load_ftm}.get(fmt)
    if reader is None:
        raise ListFormatError(f"unknown format {fmt!r}; " + SUPPORTED)
    return reader(path, data)
