"""Session 16, twenty-first round (21o): organisations and vessels of holdout21's errors, checked on other
names of the same families (docs/screening.md, "Session 16 (21o)").

- the whole ship-kind phrase before or after a vessel's name (ITU-R M.1371 ship types, the registers'
  vocabulary, the size classes), kind abbreviations in capitals (LNG tanker, FSO);
- Arabic words for the commonest ordinary content words of the listed organisations' names
  (orgvocab.ARABIC_WORDS_21), read on the query only;
- the query's words cut short with a full stop found once per name (matcher._dotted_query_parts)."""

from __future__ import annotations

import pytest

from screening_rounds import ALERT, REVIEW
from screening_rounds import org as _org
from seasentry.screening import ScreeningIndex
from seasentry.screening import matcher
from seasentry.screening.model import Entity
from seasentry.screening.orgwords import translate_org_name
from seasentry.screening.vessel_text import ship_word_reading

ALERT_ = ALERT - 1e-9    # the index rounds scores to four digits
REVIEW_ = REVIEW - 1e-9


def _top(hits: list[dict]) -> tuple[str | None, float]:
    return (hits[0]["entity_id"], hits[0]["score"]) if hits else (None, 0.0)


# --- ship kinds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("q, name", [
    ("Kapitan Dranitsyn pipelayer", "Kapitan Dranitsyn"),
    ("Zorvana research vessel", "Zorvana"),
    ("Kelbrian Star general cargo ship", "Kelbrian Star"),
    ("Zorvana reefer", "Zorvana"),
    ("Zorvana VLCC", "Zorvana"),
    ("LPG carrier Zorvana", "Zorvana"),
    ("LNG tanker Kelbrian Star", "Kelbrian Star"),
    ("LNG tanker KELBRIAN STAR", "KELBRIAN STAR"),
    ("FSO Zorvana", "Zorvana"),
    ("the Aframax tanker Zorvana", "Zorvana"),
    ("fishing trawler Kelbrian Star", "Kelbrian Star"),
    ("crude oil tanker Zorvana", "Zorvana"),
])
def test_kind_phrase_is_read_off(q, name):
    assert ship_word_reading(q) == name


@pytest.mark.parametrize("q", [
    "FSO ZORVANA",                 # abbreviations only, before a name in capitals: an AIS name as written
    "ZORVANA VLCC",
    "Zorvana patrol boat",         # the state's ships are no listed kind
    "Zorvana Pipelayer",           # a capital: part of the name
    "pipelayer",
])
def test_kind_phrase_not_read_off(q):
    assert ship_word_reading(q) is None


@pytest.fixture(scope="module")
def vessels() -> ScreeningIndex:
    v = lambda eid, name: Entity(eid, "x", "Vessel", name)  # noqa: E731
    return ScreeningIndex([v("zor", "ZORVANA"), v("kel", "KELBRIAN STAR"), v("kap", "KAPITAN DRANITSYN")])


@pytest.mark.parametrize("q, eid", [
    ("Kelbrian Star pipelayer", "kel"),           # before: 0.88
    ("Kelbrian Star general cargo ship", "kel"),  # before: 0.80
    ("LNG tanker Zorvana", "zor"),                # before: nothing
    ("Zorvana research vessel", "zor"),
    ("Zorvana VLCC", "zor"),
])
def test_vessel_with_kind_phrase_alerts(vessels, q, eid):
    got, s = _top(vessels.screen_vessel(name=q))
    assert got == eid and s >= ALERT_


# --- Arabic words for the lists' commonest content words ------------------------------------------------

@pytest.mark.parametrize("q, reading", [
    ("مؤسسة الأفق الجديد", "company horizon new"),
    ("شركة النجم الذهبي", "company star golden"),
    ("شركة آفاق المستقبل", "company horizon future"),
    ("مجموعة الجيل الجديد", "group generation new"),
])
def test_arabic_content_words_read_in_english(q, reading):
    assert translate_org_name(q, True) == reading


def test_name_words_are_not_translated():
    # نور (Nour), فجر (Fajr), Persian امید (Omid): names the lists transliterate
    assert "light" not in (translate_org_name("نور القابضة", True) or "")
    assert "dawn" not in (translate_org_name("مؤسسة الفجر", True) or "")


@pytest.fixture(scope="module")
def orgs() -> ScreeningIndex:
    return ScreeningIndex([
        _org("hor", "NEW HORIZON ORGANIZATION"),
        _org("gen", "NEW GENERATION FOUNDATION"),
        _org("star", "GOLDEN STAR TRADING LLC"),
        _org("nour", "NOUR HOLDING SAL"),
    ])


@pytest.mark.parametrize("q, eid", [
    ("مؤسسة الأفق الجديد", "hor"),
    ("مؤسسة الجيل الجديد", "gen"),
    ("شركة النجم الذهبي للتجارة", "star"),
])
def test_translated_organisation_name_alerts(orgs, q, eid):
    got, s = _top(orgs.screen_name(q, schema="Organization"))
    assert got == eid and s >= ALERT_


def test_transliterated_name_word_still_found(orgs):
    got, s = _top(orgs.screen_name("نور القابضة"))
    assert got == "nour" and s >= REVIEW_


# --- the query's dotted words once per name ---------------------------------------------------------------

def _info(name: str) -> matcher.NameInfo:
    return matcher.NameInfo(name, matcher.prepare_name(name, "Organization")[0], schema="Organization")


def test_dotted_query_parts_found_once_and_kept():
    q = _info("Banco Nac. de Cuba")
    parts = matcher._dotted_query_parts(q)
    assert [q.tokens[i].text for i in parts] == ["nac"]
    assert q.dotted == parts          # kept on the name: the next candidate does not search again
    c = _info("BANCO NACIONAL DE CUBA")
    assert [(q.tokens[i].text, c.tokens[j].text) for i, j in matcher._dotted_abbreviations(q, c, None)] == [
        ("nac", "nacional")]
    assert matcher._dotted_query_parts(_info("cotunav.com.tn")) == ()
