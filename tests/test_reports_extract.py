"""Incident register, extraction stages: dates, places, entities, type, counts, cleaning."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from seasentry.reports.dates import find_dates
from seasentry.reports.extract import Context, Document, extract
from seasentry.reports.language import detect_language
from seasentry.reports.places import default_gazetteer
from seasentry.reports.readers import clean_text
from seasentry.reports.textnorm import normalize, sentences


def dates_of(text, pub):
    return [(d.value, d.form, d.weekday_check) for d in find_dates(normalize(text), pub)]


# ----------------------------------------------------------------------------- dates
@pytest.mark.parametrize("text,pub,want", [
    ("وصلت السفينة في 5 فبراير/شباط الحالي", date(2020, 2, 13), date(2020, 2, 5)),
    ("في 5 شباط", date(2020, 2, 13), date(2020, 2, 5)),
    ("يوم 11 جانفي", date(2024, 1, 16), date(2024, 1, 11)),
    ("في 21 فيفري", date(2023, 2, 27), date(2023, 2, 21)),
    ("يوم 8 أفريل", date(2023, 4, 11), date(2023, 4, 8)),
    ("في 3 أوت", date(2023, 8, 10), date(2023, 8, 3)),
    ("في 24 آذار", date(2023, 3, 28), date(2023, 3, 24)),
    ("في 18 تشرين الأول", date(2020, 10, 22), date(2020, 10, 18)),
    ("في 3 نوفمبر/تشرين الثاني", date(2022, 11, 7), date(2022, 11, 3)),
    ("منذ غرق القارب في 4 أبريل/نيسان", date(2020, 2, 13), date(2019, 4, 4)),     # no year: the latest before publication
    ("ويستمر العمل بالقرار إلى 30 أبريل/نيسان 2022", date(2020, 2, 13), date(2022, 4, 30)),
    ("on 19 January", date(2020, 2, 13), date(2020, 1, 19)),
    ("on January 9", date(2024, 1, 16), date(2024, 1, 9)),
    ("on March 3, 2023", date(2024, 1, 16), date(2023, 3, 3)),
    ("on 2023-06-14", date(2024, 1, 16), date(2023, 6, 14)),
    ("on 14/06/2023", date(2024, 1, 16), date(2023, 6, 14)),
])
def test_absolute_dates(text, pub, want):
    got = dates_of(text, pub)
    assert got and got[0][0] == want, got


@pytest.mark.parametrize("text,pub,want,check", [
    ("وقال المتحدث أمس الأربعاء", date(2020, 2, 13), date(2020, 2, 12), "ok"),
    ("اليوم الخميس", date(2020, 2, 13), date(2020, 2, 13), "ok"),
    # written on Thursday, published on Friday: the written weekday wins, flagged
    ("أنقذت أمس الأربعاء", date(2021, 3, 12), date(2021, 3, 10), "mismatch"),
    ("أول أمس", date(2022, 6, 28), date(2022, 6, 26), None),
    ("مساء أمس", date(2025, 7, 9), date(2025, 7, 8), None),
    ("والثلاثاء، أبحر القارب", date(2020, 2, 13), date(2020, 2, 11), None),
    ("الأحد الماضي", date(2021, 1, 20), date(2021, 1, 17), None),
    ("yesterday", date(2023, 6, 14), date(2023, 6, 13), None),
    ("yesterday, Tuesday,", date(2023, 6, 14), date(2023, 6, 13), "ok"),
    ("on Monday night", date(2023, 9, 19), date(2023, 9, 18), None),
    ("last Tuesday", date(2023, 9, 19), date(2023, 9, 12), None),
    ("the day before yesterday", date(2023, 9, 19), date(2023, 9, 17), None),
])
def test_relative_dates_and_weekday_check(text, pub, want, check):
    got = dates_of(text, pub)
    assert got and got[0][0] == want, got
    assert got[0][2] == check


def test_month_names_inside_words_and_names_are_not_dates():
    # Di Maio (دي مايو), "may" the verb, a head count followed by a month-like word
    assert dates_of("لويجي دي مايو", date(2020, 2, 13)) == []
    assert dates_of("The boat may 5 times", date(2020, 2, 13)) == []
    assert dates_of("4 آلاف مهاجر", date(2020, 2, 13)) == []


def test_dates_against_dateparser():
    """Absolute forms dateparser also reads give the same day (independent implementation)."""
    dateparser = pytest.importorskip("dateparser")
    pub = datetime(2020, 2, 13)
    cases = [("5 فبراير 2020", "ar"), ("19 يناير 2020", "ar"), ("30 أبريل 2021", "ar"),
             ("19 January 2020", "en"), ("March 3, 2023", "en"), ("7 June 2021", "en")]
    for text, lang in cases:
        ref = dateparser.parse(text, languages=[lang], settings={"RELATIVE_BASE": pub})
        got = dates_of(text, pub.date())
        assert ref is not None and got and got[0][0] == ref.date(), (text, ref, got)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 /-،,.أمسالثلاثاءفبرايرشباطجوانyesterdayMondayJanuary\n")),
               max_size=120), st.dates(min_value=date(1995, 1, 1), max_value=date(2040, 12, 31)))
def test_date_finder_never_fails(text, pub):
    for d in find_dates(normalize(text), pub):
        assert d.start < d.end <= len(text) + 1
        assert d.value <= d.last


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=200))
def test_normalize_offsets_map_back(text):
    nt = normalize(text)
    for s in range(0, len(nt.norm), 7):
        a, b = nt.to_orig(s, min(len(nt.norm), s + 5))
        assert 0 <= a <= b <= len(text)


# ----------------------------------------------------------------------------- places
def place_names(text):
    g = default_gazetteer()
    ms = g.find(normalize(text))
    g.resolve(ms)
    return [(m.surface, g.places[m.chosen].name, g.places[m.chosen].country) for m in ms]


@pytest.mark.parametrize("text,want", [
    ("رست الزوارق بمدينة الزاوية مساء", "Zawiya"),
    ("عقد الاجتماع بالرجمة صباحا", "Al Rajma"),
    ("أعادته إلى الشاطئ للزاوية", "Zawiya"),
    ("وطرابلس", "Tripoli"),
    ("من شاطئ أبو كماش", "Abu Kammash"),
    ("وبرأس جدير", "Ras Jedir"),
    ("قرب مليتة", "Mellitah"),
    ("شاطئ القره بوللي شرق طرابلس", "Garabulli Beach"),
    ("off Garabulli beach", "Garabulli Beach"),
    ("near Zuara", "Zuwara"),
    ("off Sabratah", "Sabratha"),
])
def test_places_with_clitics_and_spellings(text, want):
    assert want in [n for _, n, _ in place_names(text)], place_names(text)


def test_lowercase_words_are_not_places():
    # Latin names must be capitalised: 'noto', 'gela' and 'sabra' are words too
    assert place_names("the notorious gela sabra route") == []


def test_ambiguous_name_resolved_by_context():
    tn = place_names("أنقذ الحرس البحري التونسي 23 مجتازا قبالة سوسة ونقلهم إلى ميناء المنستير")
    assert ("سوسة", "Sousse", "TN") in tn
    ly = place_names("Libyan Red Crescent volunteers recovered bodies at Susa, west of Derna")
    assert ("Susa", "Susah", "LY") in ly


# ----------------------------------------------------------------------------- documents
def doc(text, pub, **kw):
    return Document(text=text, source="test", source_name="test", published=datetime.combine(pub, datetime.min.time()),
                    published_how="option", kind="text", **kw)


def test_english_report_fields():
    m = extract(doc("A Libyan patrol vessel, the Fezzan (MMSI 642122014), intercepted a fishing boat with 73 people "
                    "on board about 40 nautical miles off Al Khums on Sunday night.", date(2023, 9, 19)))[0]
    assert (m.type, m.start, m.place["name"], m.counts) == ("interception", date(2023, 9, 17), "Al Khums",
                                                            {"people": 73})
    assert any(v.get("mmsi") == 642122014 for v in m.vessels)
    kinds = {s["kind"] for s in m.spans}
    assert {"type", "date", "place", "vessel", "count"} <= kinds


def test_imo_check_digit_is_verified():
    m = extract(doc("Irini inspected the tanker BLUE HORIZON (IMO 1234568) off Misrata on 2 March.", date(2023, 3, 5)))[0]
    v = next(v for v in m.vessels if v.get("imo") == 1234568)
    assert any("check digit" in n for n in v.get("notes", []))


def test_counts_in_arabic():
    m = extract(doc("لقي 13 مهاجرا حتفهم وفقد 7 آخرون إثر غرق مركب قبالة سواحل جرجيس يوم 11 جانفي.",
                    date(2024, 1, 16)))[0]
    assert m.counts == {"dead": 13, "missing": 7} and m.type == "shipwreck" and m.place["name"] == "Zarzis"


def test_statement_is_not_the_event_it_denies():
    m = extract(doc("أكدت القوات المسلحة المالطية، في بيان أمس الاثنين، أنها لم تتلق أي نداء استغاثة من القارب الذي "
                    "غرق جنوب لامبيدوزا.", date(2021, 8, 24)))[0]
    assert m.type == "statement"


def test_no_incident_in_unrelated_text():
    assert extract(doc("The weather in Valletta will be sunny with light winds.", date(2023, 6, 1))) == []


@pytest.fixture(scope="module")
def sanctions_index():
    from pathlib import Path

    from seasentry.screening import ScreeningIndex, load_path

    root = Path(__file__).resolve().parents[1]
    ents = load_path(root / "src/seasentry/data/demo/ofac_sdn_libya_2024-05-03.csv").entities
    return ScreeningIndex(ents, {"ofac_sdn": "2024-05-03"})


def test_listed_person_links_to_list_entry_and_unlisted_does_not(sanctions_index):
    ctx = Context(index=sanctions_index)
    m = extract(doc("قال شهود إن زورقا تابعا لخفر السواحل في الزاوية، بقيادة عبد الرحمن ميلاد، اعترض قاربا على متنه "
                    "60 مهاجرا صباح الأحد.", date(2023, 2, 27)), ctx)[0]
    p = next(p for p in m.persons if "ميلاد" in p["name"])
    assert p["sanctions"] and p["sanctions"][0]["name"].startswith("MILAD")
    assert m.sanctions == [p["sanctions"][0]["entity_id"]]
    m2 = extract(doc("Khalifa Haftar received the Italian defence minister in Benghazi on Monday.", date(2023, 9, 19)),
                 ctx)[0]
    hp = next(p for p in m2.persons if p["name"] == "Khalifa Haftar")
    assert not hp.get("sanctions") and m2.sanctions == []


# ----------------------------------------------------------------------------- text
def test_clean_text_drops_tracking_string_and_signature():
    text = "A boat left Zuwara on Monday.\nIt carried 40 people.\naXA6IDEwLjAuMC4xIGhlbGxvIQ== Example News Site"
    cleaned, removed = clean_text(text)
    assert cleaned == "A boat left Zuwara on Monday.\nIt carried 40 people."
    assert "aXA6IDEwLjAuMC4xIGhlbGxvIQ==" in removed


def test_clean_text_keeps_ordinary_long_words_and_ids():
    text = "The vessel MARIE DE LOURDES (IMO 8688171) and Internationalisation efforts."
    assert clean_text(text)[0] == text


@pytest.mark.parametrize("text,lang", [("The Libyan Coast Guard intercepted 112 migrants off Sabratha.", "en"),
                                       ("اعترض خفر السواحل الليبي قاربا قبالة صبراتة (IOM) يوم الأحد.", "ar"),
                                       ("12 34 56", "und")])
def test_language(text, lang):
    assert detect_language(text) == lang


def test_sentences_keep_abbreviations_and_numbers():
    t = "Mr. Smith said 1.5 km off Zuwara. Then it sank! نعم؟ ok"
    assert [t[a:b] for a, b in sentences(t)] == ["Mr. Smith said 1.5 km off Zuwara.", "Then it sank!", "نعم؟", "ok"]


# ----------------------------------------------------------------------------- de-duplication
def test_cluster_rules():
    import numpy as np

    from seasentry.reports.dedup import cluster

    types = ["shipwreck"] * 5 + ["rescue"]
    days = np.array([100, 100, 100, 101, 100, 100])
    lat = np.array([32.93, 32.95, 32.94, 32.93, 35.0, 32.93])
    lon = np.array([12.08, 12.10, 12.09, 12.08, 14.0, 12.08])
    texts = ["boat capsized off Zuwara", "a boat sank off Zuwara, 20 dead", "row", "boat capsized off Zuwara",
             "boat capsized off Zuwara", "rescue off Zuwara"]
    docs = ["a", "b", "c", "d", "e", "f"]
    src = [None, None, "iom.csv", None, None, None]
    lab = cluster(types, days, lat, lon, [None] * 6, np.ones(6, bool), texts, docs, src)
    assert lab[0] == lab[1] == lab[2]        # same type, day and place
    assert lab[3] == lab[0]                  # next day, same words
    assert lab[4] != lab[0]                  # 250 km away: the same words do not make it the same incident
    assert lab[5] != lab[0]                  # another type
    # two rows of one dataset file never merge, not even through a text report that matches both
    src2 = ["iom.csv", None, "iom.csv"]
    lab2 = cluster(["shipwreck"] * 3, np.array([5, 5, 5]), np.array([33.0] * 3), np.array([12.0] * 3), [None] * 3,
                   np.ones(3, bool), ["x", "x", "x"], ["r1", "t", "r2"], src2)
    assert lab2[0] != lab2[2]
    # the same dataset id (IOM Main ID) is one incident, whatever the readings
    lab3 = cluster(["shipwreck", "death"], np.array([5, 9]), np.array([33.0, 36.0]), np.array([12.0, 15.0]),
                   [None, None], np.ones(2, bool), ["a", "b"], ["r1", "r2"], ["f1", "f2"], ext_ids=["M1", "M1"])
    assert lab3[0] == lab3[1]
