"""Shared checks of the held-out screening sets written without the matcher (holdout5, holdout6:
tests/fixtures/screening_eval, PROVENANCE.md). They read the set files and the list files only
(through the builders' own parser, scripts/build_screening_holdout2.py) and never run seasentry's
screening."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

from conftest import FIXTURES, ROOT

SETS = FIXTURES / "screening_eval"
KINDS = {"person_latin": "person", "person_arabic": "person", "org": "org", "vessel": "vessel"}


def rows_of(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def script(name: str):
    """A builder under scripts/ (holdout2's: the lists' parser and the normalised text ``key``;
    holdout3's: the hand-row reader)."""
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)   # the later builders import the earlier ones by name
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def assert_structure(rows: list[dict], split: str, min_pos: int, min_neg: int, min_arabic_pos: int,
                     min_arabic_neg: int) -> None:
    """The columns, split, categories and sizes of a held-out set built like eval_set.csv: at least
    ``min_pos`` positives counted in recall (``qualifiers`` rows rank only) and ``min_neg``
    negatives, that many Arabic-script positives and negatives, 50 Arabic-script place names."""
    assert list(rows[0]) == list(rows_of(SETS / "eval_set.csv")[0])
    assert {r["split"] for r in rows} == {split}
    assert len({r["qid"] for r in rows}) == len(rows)
    pos = [r for r in rows if r["label"] == "pos"]
    neg = [r for r in rows if r["label"] == "neg"]
    assert len(pos) + len(neg) == len(rows)
    assert len([r for r in pos if r["category"] != "qualifiers"]) >= min_pos and len(neg) >= min_neg
    assert {r["category"] for r in pos} == {"person_latin", "person_arabic", "org", "vessel", "qualifiers"}
    assert {r["category"] for r in neg} == {"family_namesake", "public_figure", "org_lookalike", "company", "place",
                                            "ais_vessel", "synthetic_person"}
    assert all(r["expected"] for r in pos) and not any(r["expected"] for r in neg)
    assert all(arabic(r["query"]) for r in pos if r["category"] == "person_arabic")
    assert not any(arabic(r["query"]) for r in pos if r["category"] == "person_latin")
    assert sum(arabic(r["query"]) for r in pos) >= min_arabic_pos
    assert sum(arabic(r["query"]) for r in neg) >= min_arabic_neg
    assert sum(arabic(r["query"]) for r in neg if r["category"] == "place") >= 50   # places in Arabic and Latin
    assert all(r["imo"] or r["dob"] for r in pos if r["category"] == "qualifiers")
    assert all(r["type"] == "vessel" for r in rows if r["category"] in ("vessel", "ais_vessel"))


def assert_no_query_of(rows: list[dict], earlier: list[str]) -> None:
    """No row repeats a query (normalised) of the ``earlier`` sets; a ``qualifiers`` row is its query
    with its date of birth, nationality, IMO, MMSI and flag."""
    key = script("build_screening_holdout2").key
    before = [r for f in earlier for r in rows_of(SETS / f)]
    texts = {key(r["query"]) for r in before}
    quals = {(key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) for r in before}
    for r in rows:
        if r["category"] == "qualifiers":
            assert (key(r["query"]), r["dob"], r["country"], r["imo"], r["mmsi"], r["flag"]) not in quals, r
        else:
            assert key(r["query"]) not in texts, r


def provenance_counts(name: str) -> dict[tuple[str, str], int]:
    """(category, label) -> rows, from the table of PROVENANCE.md's section ``## <name>`` (up to the
    next section)."""
    text = (SETS / "PROVENANCE.md").read_text(encoding="utf-8")
    section = text.split(f"## {name}", 1)[1].split("\n## ", 1)[0]
    return dict(((m[0], m[1]), int(m[2])) for m in re.findall(r"^\| `(\w+)` \| (pos|neg) \| (\d+) \|", section, re.M))


def counts(rows: list[dict]) -> dict[tuple[str, str], int]:
    return dict(Counter((r["category"], r["label"]) for r in rows))


def lists(shared: Path):
    """The UN consolidated list 2025-04-19 and OFAC SDN 2024-05-03 parsed by holdout2's parser:
    (parser module, entry by id, entry ids by normalised name)."""
    b = script("build_screening_holdout2")
    ents = b.load_lists(shared)
    by_key: dict[str, list[str]] = {}
    for e in ents:
        for n in e["names"]:
            by_key.setdefault(b.key(n), []).append(e["id"])
    return b, {e["id"]: e for e in ents}, by_key


def assert_labels_agree(rows: list[dict], b, by_id: dict[str, dict], by_key: dict[str, list[str]]) -> None:
    """Every expected id is a list entry of the row's kind; no negative is written as a listed name
    or alias (nor its Latin reading) and none carries a listed IMO or MMSI; an AIS identity written
    as a listed vessel's name carries its own IMO (another ship)."""
    imos = {e["imo"] for e in by_id.values() if e["imo"]}
    mmsis = {e["mmsi"] for e in by_id.values() if e["mmsi"]}
    for r in rows:
        if r["label"] == "pos":
            for eid in r["expected"].split():
                assert eid in by_id, (r["query"], eid)
                if r["category"] in KINDS:
                    assert by_id[eid]["type"] == KINDS[r["category"]], (r["query"], eid)
            continue
        assert not (r["imo"] and r["imo"] in imos), r
        assert not (r["mmsi"] and r["mmsi"] in mmsis), r
        if b.key(r["query"]) in by_key:
            assert r["category"] == "ais_vessel" and r["imo"], (r["query"], by_key[b.key(r["query"])])
        for reading in re.findall(r"Latin: ([^;(]+)", r["note"]):
            assert b.key(reading.strip()) not in by_key, (r["query"], reading)
