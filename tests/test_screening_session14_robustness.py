"""Review of session 14's screening changes (query_readings, the new script and language tables, the
matcher's and index's new rules): bad or odd input never crashes screening and never takes
pathological time. Property-based (hypothesis) over arbitrary text of every script, control and
zero-width characters, passport-zone '<' runs, Arabizi digit mixes, tails after commas, dashes and
brackets; a small index so the file runs in seconds."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from screening_rounds import org, person
from seasentry.screening import ScreeningIndex, compare_names
from seasentry.screening.model import Entity
from seasentry.screening.query_readings import (MAX_READINGS, callsign_reading, query_readings,
                                                spelled_reading, tail_heads)


def _vessel(eid: str, name: str, imo: str | None = None, call_sign: str | None = None) -> Entity:
    return Entity(eid, "x", "Vessel", name, imo=imo, call_sign=call_sign)


@pytest.fixture(scope="module")
def idx() -> ScreeningIndex:
    return ScreeningIndex([
        person("p1", "Abd al-Rahman Ahmed", countries=["LY"]),
        person("p2", "YANUKOVYCH, Viktor Fedorovych", countries=["UA"]),
        person("p3", "Мухаммед Токдемир"),
        person("p4", "Cabdullaahi Maxamed Xasan", countries=["SO"]),
        person("p5", "ጌታቸው ረዳ"),
        org("o1", "OOO TRANSNEFT-SERVIS", programs=["RUSSIA"]),
        org("o2", "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)", programs=["IRAN"]),
        org("o3", "Dış Ticaret Bankası A.Ş."),
        _vessel("v1", "GOLBON", imo=9102849, call_sign="9HED9"),
        _vessel("v2", "MELVORA", call_sign="EQKH"),
    ])


# Pieces of odd text, joined at random: each stands for a kind of noise the readers look at.
_PIECES = st.sampled_from([
    "<", "<<", "<<<<<<<<", "P<UKR", "P<", "I<<<", "3", "7", "37", "3abd", "ra7man", "9HED9", ",", ", ", " - ",
    " – ", "/", " / ", "(", ")", "[", "]", "()", "(Tunisia)", "[PANAMA]", "call sign", "C/S", "callsign:",
    "Hotel", "Echo", "Delta", "Yankee", "Alfa", "x-ray", "\u200b", "\u200d", "\ufeff", "\u0000", "\t", "\n",
    "\r", "\x1b", " ", "  ", "al-", "bin", "ООО", "Мухаммед", "ጌታቸው", "Xasan", "İ", "ı", "ß", "ǅ", "ﬁ",
    "\u0301", "\u0651", "ـ", "٣", "۷", "中国", "김", "SS", "ii", "ll", "GT", "15,917", "M/Y", "IRGC", "A.Ş.",
    "-", "--", ".", "'", "\"", "&", "#", "…", "\U0001F6A2", "\ud7ff", "\U000E0041",
])
_ODD = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.lists(_PIECES, max_size=25).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=15).map(" ".join),
    st.sampled_from(["", " ", "\u200b", ",,,,", " - - - ", "()", "<<", "<<<<<<<<<<<<", "P<<<<<<", "3333",
                     "7777777", "0123456789", "...", "(((", ")))", "[()]", "/ / /", "\n\t\r"]),
)
_SCHEMAS = st.sampled_from([None, "Person", "Organization", "Vessel", "LegalEntity", "Thing"])


def _check(matches):
    for m in matches:
        assert 0.0 <= m["score"] <= 1.0 and not math.isnan(m["score"]), m


_FAST = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=examples(120), **_FAST)
@given(text=_ODD, schema=_SCHEMAS)
def test_screen_name_odd_text_never_crashes(idx, text, schema):
    _check(idx.screen_name(text, schema=schema, min_score=0.0))
    readings = query_readings(text)
    assert len(readings) <= MAX_READINGS


@settings(max_examples=examples(80), **_FAST)
@given(text=_ODD, flag=st.one_of(st.none(), _ODD), callsign=st.one_of(st.none(), _ODD))
def test_screen_vessel_odd_text_never_crashes(idx, text, flag, callsign):
    _check(idx.screen_vessel(name=text, flag=flag, callsign=callsign, min_score=0.0))
    assert len(idx._vessel_text_readings(text)) <= MAX_READINGS if text.strip() else True


@settings(max_examples=examples(120), **_FAST)
@given(a=_ODD, b=_ODD, schema=_SCHEMAS)
def test_compare_names_odd_text_never_crashes(a, b, schema):
    s = compare_names(a, b, schema)[0]
    assert 0.0 <= s <= 1.0 and not math.isnan(s), (a, b, s)


@settings(max_examples=examples(60), **_FAST)
@given(text=_ODD)
def test_readers_odd_text(text):
    assert len(tail_heads(text)) <= 2
    assert spelled_reading(text) is None or spelled_reading(text).isupper()
    callsign_reading(text, frozenset({"9HED9", "EQKH"}))


@pytest.mark.parametrize("text", [
    "Ahmed, " * 300,                                   # 2,100 characters, 300 commas
    " - ".join(["Abd al-Rahman"] * 150),               # dashes
    "(" * 1000 + "x" + ")" * 1000,                     # nested brackets
    "Ahmed (" + "Tripoli, " * 220 + ")",              # a bracketed tail of commas
    "P<" + "<" * 2000,                                 # a passport zone of fillers
    "3a7" * 700,                                       # Arabizi digits
    "call sign " * 200 + "9HED9",
    "Hotel Echo " * 200,
    "a" * 2000,
    "\u200b" * 2000,
])
def test_long_query_bounded(idx, text):
    """A 2,000-character query with many separators: at most MAX_READINGS readings, so at most
    MAX_READINGS + 1 screenings of the text (counted, not timed)."""
    assert len(query_readings(text)) <= MAX_READINGS
    assert len(idx._vessel_text_readings(text)) <= MAX_READINGS
    calls = []
    orig = idx._screen_name_text

    def counting(*a, **k):
        calls.append(a[0])
        return orig(*a, **k)

    idx._screen_name_text = counting
    try:
        _check(idx.screen_name(text, min_score=0.0))
    finally:
        del idx._screen_name_text
    assert len(calls) <= MAX_READINGS + 1
    _check(idx.screen_vessel(name=text, min_score=0.0))
    assert 0.0 <= compare_names(text, "Abd al-Rahman Ahmed", "Person")[0] <= 1.0


def test_schema_no_list_has(idx):
    """screen_name('', schema='Thing') raised ZeroDivisionError (frequency.KeyCounts.share divided by
    a family's count of 0 when min_n // 4 == 0): a family no list has is weighed over the whole lists."""
    for schema in ("Thing", "Airplane", "Zzz"):
        _check(idx.screen_name("", schema=schema, min_score=0.0))
        _check(idx.screen_name("Abd al-Rahman Ahmed", schema=schema, min_score=0.0))
    assert 0.0 <= compare_names("Abd al-Rahman", "Abd al-Rahman", "Thing")[0] <= 1.0


@pytest.mark.parametrize("kind", ["name", "vessel"])
def test_long_whitespace_run_is_bounded(idx, kind):
    """'a' + 40,000 spaces + 'b' took 106 s of CPU as a vessel name and 36 s as a name (the readers'
    regular expressions are quadratic in a run of spaces, 20,000 spaces: 28 s): the text is screened on
    its first MAX_QUERY_CHARS characters. Counted: every reader sees at most that many characters."""
    from seasentry.screening import index as index_mod

    seen = []
    orig = index_mod.query_readings if kind == "name" else idx._vessel_text_readings

    def spy(text):
        seen.append(len(text))
        return orig(text)

    text = "a" + " " * 40_000 + "b"
    if kind == "name":
        index_mod.query_readings, restore = spy, lambda: setattr(index_mod, "query_readings", orig)
        try:
            _check(idx.screen_name(text, min_score=0.0))
        finally:
            restore()
    else:
        idx._vessel_text_readings = spy
        try:
            _check(idx.screen_vessel(name=text, min_score=0.0))
        finally:
            del idx._vessel_text_readings
    assert seen and max(seen) <= index_mod.MAX_QUERY_CHARS


@pytest.mark.parametrize("a", ["Sayyid, . .", "Sayyed, \u200b \u200b"])
def test_sayyid_alone_before_a_comma_of_punctuation(idx, a):
    """compare_names('Sayyid, . .', ...) raised IndexError (NameInfo's Sayyid rule read tokens[1] of a
    name of one token: two 'words' after the comma that are no name parts)."""
    assert 0.0 <= compare_names(a, "Sayyid Ali", "Person")[0] <= 1.0
    _check(idx.screen_name(a, min_score=0.0))
