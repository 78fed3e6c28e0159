"""The speed-ups of the report extractors change no result: each is checked against the plain
regex scan (or the previous algorithm) it replaces, on the labelled reports, texts mixed from
them and random strings (hypothesis).

- prefilter.required_literals: every match of every extractor pattern holds one of its literals;
- prefilter.finditer_fast (a leading \\b checked outside the engine) and finditer_at (a pattern
  tried only where it can start) give exactly rx.finditer's matches;
- the organisation and English vessel-noun scans, the ISO / numeric date scans and the rewritten
  cue pattern give the plain scans' matches;
- the sentence splitter gives the character loop's sentences;
- the screening cache gives the same mentions as screening every name.
"""

from __future__ import annotations

import random
import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from seasentry.reports import classify as C
from seasentry.reports import dates as D
from seasentry.reports import entities as E
from seasentry.reports.prefilter import (CASE_SPECIAL, finditer_at, finditer_fast, may_match, required_literals,
                                         strip_leading_boundary)
from seasentry.reports.textnorm import _ABBREV, _trim, normalize, sentences

LABELLED = Path(__file__).parent / "fixtures" / "reports" / "labelled"


def _items():
    return (yaml.safe_load((LABELLED / "tune.yaml").read_text(encoding="utf-8"))
            + yaml.safe_load((LABELLED / "heldout.yaml").read_text(encoding="utf-8")))


def _texts() -> list[str]:
    """Labelled reports, as written, upper-cased, on one line, and mixed in fives."""
    its = _items()
    out = []
    for it in its:
        out += [it["text"], it["text"].upper(), it["text"].replace("\n", " "), it["text"].replace(" ", "  ")]
    rnd = random.Random(7)
    for _ in range(40):
        out.append("\n".join(i["text"] for i in rnd.sample(its, 5)))
    out += ["", ".", "Mr. X met Dr. Y. On 5 Jan. 2020 at 10.30.", "the vessel\u212aS-1 and m/vessel \u0130MO",
            "10/02/2020 and 2020-02-10, 1.2.2019; 3/4", "ولل الامم المتحده والاتحاد الاوروبي", "a.b.c! ?x ؟ y"]
    return out


def _norms() -> list[str]:
    return [normalize(t).norm for t in _texts()]


def _all_patterns() -> list[re.Pattern]:
    lx = C.lexicon()
    pats = [rx for t in lx.cues.values() for items in t.values() for rx, _ in items]
    pats += [rx for k in lx.discount.values() for ps in k.values() for rx in ps]
    pats += [rx for k in lx.place_cues.values() for ps in k.values() for rx in ps]
    pats += [rx for ps in lx.topics.values() for rx in ps]
    pats += [rx for ps in C.COUNT_PATTERNS.values() for _, rx in ps]
    pats += [getattr(D, n) for n in dir(D) if n.startswith("RE_")]
    pats += [E.RE_IMO.rx, E.RE_MMSI.rx, E._ORG_HEAD_EN.rx, E._ORG_HEAD_AR.rx, E._org_lexicon()[0], E._NAMED.rx]
    pats += list(E._vessel_noun_res())
    return pats


# random text from pieces of the patterns' own vocabulary, punctuation and spaces
_VOCAB = ["met", "the", "to", "discuss", "on", "monday", "5", "19", "2020", "jan", "january", "rescued", "bodies",
          "of", " ", "  ", "\n", ".", ",", "/", "-", "imo", "9", "mmsi", "tanker", "Ship", "MV", "m/v", "un", "eu",
          "للامم", "المتحده", "امس", "الاربعاء", "فبراير", "شباط", "و", "ب", "ل", "قارب", "غرق", "x", "Y", "é"]


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=40))
def test_required_literals_are_in_every_match_random(words):
    text = "".join(words)
    for rx in _all_patterns():
        lits = required_literals(rx)
        if lits is None:
            continue
        for m in rx.finditer(text):
            assert any(x in m.group(0) for x in lits), (rx.pattern, m.group(0), lits)


def test_required_literals_are_in_every_match():
    checked = 0
    for text in _texts() + _norms():
        for rx in _all_patterns():
            lits = required_literals(rx)
            if lits is None:
                continue
            for m in rx.finditer(text):
                assert any(x in m.group(0) for x in lits), (rx.pattern, m.group(0), lits)
                checked += 1
            if not may_match(lits, text):
                assert rx.search(text) is None
    assert checked > 1000


def test_required_literals_analysis():
    assert required_literals(re.compile(r"(?:to\s+)?discuss")) == ("discuss",)
    assert set(required_literals(re.compile(r"\d+\s+(?:bodies|corpses)"))) == {"bodies", "corpses"}
    assert required_literals(re.compile(r"(?i)tanker")) is None           # case-insensitive: no guess
    assert required_literals(re.compile(r"(?i:ship)s")) == ("s",)
    assert required_literals(re.compile(r"a?|b")) is None
    assert required_literals(re.compile(r"[abc]+")) is None
    assert required_literals(re.compile(r"x(?:yz)+|w")) == ("yz", "w")   # the longer literal of the branch


@pytest.mark.parametrize("pat", [r"\bmet\b", r"\b(?:jan|feb)\.?\s+\d+", r"\bto\s+$", r"\b(?P<a>ab|b)c"])
def test_finditer_fast_equals_finditer(pat):
    rx = re.compile(pat)
    rest = strip_leading_boundary(rx)
    assert rest is not None
    for text in _norms() + ["abc bc xbc _bc", "met metal smet met_ met", "jan 5 xjan 6 feb. 7"]:
        got = [(m.span(), m.groupdict()) for m in finditer_fast(rx, rest, text)]
        assert got == [(m.span(), m.groupdict()) for m in rx.finditer(text)], (pat, text)


def test_patterns_the_fast_scans_use():
    for rx in (D.RE_EN_MDY, D.RE_EN_REL):
        rest = strip_leading_boundary(rx)
        assert rest is not None
        for text in _norms():
            assert [m.span() for m in finditer_fast(rx, rest, text)] == [m.span() for m in rx.finditer(text)]
    for rx in (D.RE_ISO, D.RE_DMY_NUM):
        for text in _norms():
            assert [m.span() for m in D._scan(rx, text)] == [m.span() for m in rx.finditer(text)]
    lx = C.lexicon()
    rewritten = 0
    for t, by in lx.cues.items():
        for lang, items in by.items():
            for (rx, _), scan in zip(items, lx.cue_scan[t][lang]):
                rewritten += scan is not rx
                for text in _norms():
                    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert rewritten >= 1      # "(?:to\s+)?discuss"


def test_lead_optional_rewrite():
    f = C._lead_optional_as_branch
    for pat, texts in [(r"(?:to\s+)?discuss", ["to  discuss", "todiscuss", "to discus discuss", "to\tto discuss"]),
                       (r"(?:a|ab)?b[c]", ["abbc", "abc", "bc", "aabc"]),
                       (r"(?:x[)]y)?z", ["x)yz", "z", "x)z"])]:
        rx = re.compile(pat)
        new = f(rx)
        assert new is not rx
        for text in texts:
            assert [m.span() for m in new.finditer(text)] == [m.span() for m in rx.finditer(text)]
    for pat in [r"(?:a)??b", r"(a)?b", r"(?:a)+b", r"(?:a)?"]:
        assert f(re.compile(pat)).pattern == pat


def test_case_special_characters():
    """The non-ASCII characters re's case-insensitive matching folds onto ASCII letters."""
    found = "".join(chr(c) for c in range(0x80, 0x110000) if re.match(r"(?i)[a-z]", chr(c)))
    assert found == CASE_SPECIAL


def test_organisation_and_vessel_noun_scans_equal_the_plain_scans():
    rx, _ = E._org_lexicon()
    _ar, rx_en = E._vessel_noun_res()
    n = 0
    for text in _texts():
        nt = normalize(text)
        got = [(m.span(), m.group("o")) for m in E._org_matches(nt.norm)]
        assert got == [(m.span(), m.group("o")) for m in rx.finditer(nt.norm)], text
        got = [(m.span(), m.group("n")) for m in E._vessel_noun_matches_en(rx_en, text)]
        assert got == [(m.span(), m.group("n")) for m in rx_en.finditer(text)], text
        n += len(got)
    assert n > 50


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.sampled_from(_VOCAB + ["ship", "Ship ", "vessel ", "Vessel ", "ABC", "\u212a", "\u0131",
                                          "ngo ship", "مفوضيه", "اللاجئين", "coast guard", "libyan"]), max_size=30))
def test_organisation_and_vessel_noun_scans_random(words):
    text = " ".join(words)
    rx, _ = E._org_lexicon()
    t = normalize(text).norm
    assert [m.span() for m in E._org_matches(t)] == [m.span() for m in rx.finditer(t)]
    _ar, rx_en = E._vessel_noun_res()
    assert [m.span() for m in E._vessel_noun_matches_en(rx_en, text)] == [m.span() for m in rx_en.finditer(text)]


def test_finditer_at_needs_every_start():
    rx = re.compile(r"ab|b")
    assert [m.span() for m in finditer_at(rx, "abab", [0, 1, 2, 3])] == [(0, 2), (2, 4)]
    assert [m.span() for m in finditer_at(rx, "abab", [1, 2])] == [(1, 2), (2, 4)]  # starts missing: other answer


def _sentences_reference(text: str) -> list[tuple[int, int]]:
    """The character loop the splitter replaced (seasentry before the speed work), as reference."""
    out = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        end_here = False
        if c == "\n" or c in "!?؟":
            end_here = True
        elif c == ".":
            nxt = text[i + 1] if i + 1 < n else " "
            prev = text[start:i]
            if nxt.isdigit() or (nxt.isalpha() and not nxt.isspace()):
                end_here = False
            elif _ABBREV.search(prev):
                end_here = False
            else:
                end_here = True
        if end_here:
            j = i + 1
            while j < n and text[j] in ".!?؟\"'”»)":
                j += 1
            if text[start:j].strip():
                out.append(_trim(text, start, j))
            start = j
            i = j
            continue
        i += 1
    if text[start:].strip():
        out.append(_trim(text, start, n))
    return out


def test_sentences_equal_the_character_loop():
    for text in _texts() + _norms():
        assert sentences(text) == _sentences_reference(text)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(["Mr", "mr", "approx", "u.n", "e.g", "a", "No", "x", "word", " ", "\n", ".", "..",
                                 "!", "?", "؟", "\"", "”", ")", "5", "3.5", "km", "St", "Dr"]), max_size=40))
def test_sentences_equal_the_character_loop_random(parts):
    text = "".join(parts)
    assert sentences(text) == _sentences_reference(text)


def test_screening_cache_changes_no_mention():
    from seasentry.reports.entities import ScreenCache
    from seasentry.reports.extract import Context, Document, extract
    from seasentry.screening import ScreeningIndex, load_path

    root = Path(__file__).resolve().parents[1]
    ents = load_path(root / "src/seasentry/data/demo/ofac_sdn_libya_2024-05-03.csv").entities
    index = ScreeningIndex(ents, {"ofac_sdn": "2024-05-03"})
    cached = Context(index=index, screen_cache=ScreenCache(max_entries=7))
    plain = Context(index=index, screen_cache=None)
    its = _items()
    for it in its + its[:10]:
        p = it["published"]
        docs = [Document(text=it["text"], source="t", source_name="t", published=datetime(p.year, p.month, p.day),
                         published_how="option", kind="text") for _ in range(2)]
        a, b = extract(docs[0], cached), extract(docs[1], plain)
        assert [x.__dict__ for x in a] == [x.__dict__ for x in b]
    sc = cached.screen_cache
    assert sc.hits > 0 and sc.misses > 0 and len(sc.answers) <= 7
    other = ScreeningIndex(ents[:5], {"ofac_sdn": "2024-05-03"})
    sc.get(other, ("name", "Person", "x"), lambda: [])
    assert sc.index is other and len(sc.answers) == 1      # another index: the answers start again


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300) | st.text(max_size=100))
def test_script_counts_fast_path(text):
    from seasentry.reports.textnorm import _AR_RE, _LAT_RE, script_counts

    assert script_counts(text) == (len(_AR_RE.findall(text)), len(_LAT_RE.findall(text)))
