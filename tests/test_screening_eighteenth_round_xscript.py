"""Session 14, eighteenth round: names of one language written in another script (docs/screening.md,
"Session 14, eighteenth round: names across scripts"). Each test fails on s14-int 6a161e2:

- a Russian, Ukrainian or Belarusian body's name in Cyrillic read with its generic words in English, as
  OFAC translates them (cyrillic_orgs.cyrillic_org_words, through orgwords.translate_org_name);
- a Ukrainian or Belarusian given name or patronymic also read in its Russian form (eastslavic);
- a German st-, sp- written sht-, shp- in Arabic and Cyrillic script looked up as st-, sp-
  (index.st_sp_alt_keys);
- an Arabic name in Turkish spelling read with its Arabic final consonant (turkish).

The queries are the project's own, written for these tests with entries of the lists.
"""

from __future__ import annotations

import pytest

from seasentry.screening.cyrillic_orgs import cyrillic_org_words
from seasentry.screening.eastslavic import east_slavic_readings
from seasentry.screening import ScreeningIndex
from seasentry.screening.index import query_keys, st_sp_alt_keys, token_keys
from seasentry.screening.matcher import compare_names
from seasentry.screening.model import Entity
from seasentry.screening.orgwords import translate_org_name
from seasentry.screening.text import tokenize_name

REVIEW, ALERT = 0.70, 0.90


# --------------------------------------------------------------------------- Cyrillic bodies
def test_cyrillic_org_words_read_in_english():
    assert cyrillic_org_words("Авиакомпания «Бутембо»") == ("airlines Бутембо", True)
    # every case of the declension: the genitive plural, the feminine adjective, the neuter noun
    assert cyrillic_org_words("Холдинг строительных компаний") == ("holding construction company", True)
    assert cyrillic_org_words("Новороссийское морское пароходство")[0] == "Новороссийск sea shipping company"
    # a place's adjective is the place (Керченский -> Керч; Мурманский -> Мурманск)
    assert cyrillic_org_words("ГП «Керченский морской торговый порт»")[0].startswith("state enterprise Керч sea")
    # a person's name holds no word of the tables
    assert cyrillic_org_words("Владимир Путин") is None
    # a lower-case word of two letters is no abbreviation
    assert cyrillic_org_words("гп") is None


def test_cyrillic_org_name_translated_for_a_query_of_no_stated_kind():
    assert translate_org_name("Авиакомпания Бутембо", False) == "airlines Бутембо"
    # an adjective alone says nothing about a body: a name of no stated kind is left as written
    assert translate_org_name("Российская Елена", False) is None


@pytest.fixture(scope="module")
def idx() -> ScreeningIndex:
    return ScreeningIndex([
        Entity("butembo", "ofac_sdn", "Organization", "BUTEMBO AIRLINES"),
        Entity("sozvezdie", "ofac_sdn", "Organization", "JOINT STOCK COMPANY CONCERN SOZVEZDIE"),
        Entity("rfab", "ofac_sdn", "Organization", "RUSSIAN FINANCIAL ALLIANCE BANK"),
        Entity("aeroc", "ofac_sdn", "Organization", "AEROCARIBBEAN AIRLINES"),
        Entity("azarov", "ofac_sdn", "Person", "AZAROV, Mykola Yanovych"),
        Entity("yanuk", "ofac_sdn", "Person", "YANUKOVYCH, Oleksandr Viktorovych"),
        Entity("teke", "ofac_sdn", "Person", "TEKE, Murat"),
    ])


def _score(idx: ScreeningIndex, query: str, eid: str, schema: str | None = None) -> float:
    return max((h["score"] for h in idx.screen_name(query, schema=schema, min_score=0.0, limit=20)
                if h["entity_id"] == eid), default=0.0)


@pytest.mark.parametrize("query,eid", [
    ("Авиакомпания Бутембо", "butembo"),
    ("Концерн «Созвездие»", "sozvezdie"),
    ("Российский финансовый альянс банк", "rfab"),
])
def test_cyrillic_bodies_meet_their_english_names(idx, query, eid):
    assert _score(idx, query, eid) >= ALERT, query


# --------------------------------------------------------------------------- Ukrainian and Russian forms
def test_east_slavic_readings():
    assert east_slavic_readings("volodymyr") == ("vladimir",)
    assert east_slavic_readings("uladzimir") == ("vladimir",)
    assert east_slavic_readings("vasylovych") == ("vasilevich",)
    assert east_slavic_readings("mykolaiovych") == ("nikolaevich",)
    assert east_slavic_readings("viktorovych") == ("viktorovich",)
    assert east_slavic_readings("volodymyrivna") == ("vladimirovna",)
    # a Russian form, another language's name and a non-Slavic -ovich stay as written
    assert east_slavic_readings("vladimir") == ()
    assert east_slavic_readings("hanna") == ()
    assert east_slavic_readings("petro") == ()


@pytest.mark.parametrize("query,listed,floor", [
    ("Nikolai Yanovich Azarov", "AZAROV, Mykola Yanovych", ALERT),
    ("Александр Викторович Янукович", "YANUKOVYCH, Oleksandr Viktorovych", ALERT),
    ("Сергей Здрилюк", "ZDRILIUK, Serhii Anatoliyovych", REVIEW),
])
def test_russian_form_meets_the_ukrainian_listed_name(query, listed, floor):
    score, _ = compare_names(query, listed, "Person")
    assert score >= floor, (query, listed, score)


# --------------------------------------------------------------------------- German st, sp
@pytest.mark.parametrize("query,listed", [
    ("شتاينماير", "STEINMEIER"),
    ("اشتاينماير", "Steinmeier"),
    ("Штайнмайер", "STEINMEIER"),
    ("شبيغل", "SPIEGEL"),
])
def test_german_st_sp_written_sht_shp_share_a_retrieval_key(query, listed):
    (q,), (c,) = tokenize_name(query), tokenize_name(listed, listed=True)
    assert set(query_keys(q)) & token_keys(c), (query, listed)


def test_sht_inside_a_word_is_not_read_st():
    assert st_sp_alt_keys(tokenize_name("Ashton")[0]) == ()
    assert st_sp_alt_keys(tokenize_name("Shakir")[0]) == ()


# --------------------------------------------------------------------------- Turkish spelling
@pytest.mark.parametrize("query,listed,floor", [
    ("مراد تكه", "TEKE, Murat", ALERT),
    ("أحمد بيالتون", "BAYALTUN, Ahmet", REVIEW),
])
def test_turkish_final_devoicing(query, listed, floor):
    score, _ = compare_names(query, listed, "Person")
    assert score >= floor, (query, listed, score)


# --------------------------------------------------------------------------- South Slavic -ić, Turkish -ettin
def test_south_slavic_ic_read_ich():
    from seasentry.screening.eastslavic import south_slavic_readings
    assert south_slavic_readings("milosevic") == ("milosevich",)
    assert south_slavic_readings("eric") == ()          # four letters
    assert south_slavic_readings("tesich") == ()


@pytest.mark.parametrize("query,listed", [
    ("MILOSEVITCH Slobodan", "MILOSEVIC, Slobodan"),       # the French -itch
    ("Nurettin Karaca", "KARACA, Nureddin"),               # the Turkish -ettin
])
def test_other_languages_spellings_meet_the_listed_name(query, listed):
    score, _ = compare_names(query, listed, "Person")
    assert score >= ALERT, (query, listed, score)
