"""Review of session 13's integration branch (fifteenth round, orglexicon): a word of another
language's table that is also a common family name of the region must not be read as a generic
word. Gharbi is the Maltese for Arab only when written Għarbi; written so in the Latin alphabet it
is one of the commonest family names of Tunisia and Libya (El Gharbi, "the westerner")."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from seasentry.screening import ScreeningIndex


def test_gharbi_the_family_name_is_not_arab():
    idx = ScreeningIndex([_org("arabi", "AL-ARABI TRADING COMPANY")])
    # 0.91 (alert) before: gharbi was read as arab, which meets ARABI by its letters
    assert _found(idx, "Gharbi Trading Company", "arabi", schema="Organization") < REVIEW
    assert _found(idx, "Al-Arabi Trading Company", "arabi", schema="Organization") >= REVIEW  # the listed body


# --- review of the fifteenth round: translations of generic names (helper fix15x) -------------------

def test_no_acronym_free_name_of_vocabulary_alone():
    """FOREIGN TRADE BANK (FTB) without its acronym is vocabulary alone: the acronym is the word that
    names the body, and the English name of many banks (Bank for Foreign Trade: VTB, Vietcombank)
    must not alert on it. LIBYAN FOREIGN INVESTMENT COMPANY (LFIC) names its country: kept."""
    from seasentry.screening.index import ACRONYM_FREE, entity_frequency_keys

    ftb = _org("ftb", "FOREIGN TRADE BANK (FTB)", programs=["DPRK3"])
    lfic = _org("lfic", "LIBYAN FOREIGN INVESTMENT COMPANY (LFIC)", programs=["LIBYA"])
    assert not [n for n in entity_frequency_keys(ftb)[1] if n[3] == ACRONYM_FREE]
    assert [n for n in entity_frequency_keys(lfic)[1] if n[3] == ACRONYM_FREE]
    idx = ScreeningIndex([ftb, lfic])
    # 0.936 (alert) before
    assert _found(idx, "Bank for Foreign Trade", "ftb", schema="Organization") < ALERT
    assert _found(idx, "Foreign Trade Bank of Tunisia", "ftb", schema="Organization") < REVIEW   # 0.905 before
    assert _found(idx, "Libyan Foreign Investment Company", "lfic", schema="Organization") >= ALERT


def test_translated_query_against_a_name_of_vocabulary_alone_is_a_review():
    """A query read with its generic words in English against a listed name made of such words only
    and no country (SOCIAL DEVELOPMENT FOUNDATION): many bodies of many countries bear that name, the
    listed one is told by its country and address: a review at most (generic_translation_cap)."""
    sdf = _org("sdf", "REVIVAL OF ISLAMIC HERITAGE SOCIETY", aliases=["SOCIAL DEVELOPMENT FOUNDATION"])
    lia = _org("lia", "LIBYAN INVESTMENT AUTHORITY", programs=["LIBYA"])
    idx = ScreeningIndex([sdf, lia])
    for q in ("Fondazione per lo Sviluppo Sociale", "Fundación para el Desarrollo Social", "Sosyal Kalkınma Vakfı"):
        s = _found(idx, q, "sdf", schema="Organization")   # 0.92-1.0 (alert) before
        assert REVIEW <= s < ALERT, (q, s)
    # the listed alias as written still alerts; a translated name that names its country too
    assert _found(idx, "Social Development Foundation", "sdf", schema="Organization") >= ALERT
    assert _found(idx, "Autorità libica per gli investimenti", "lia", schema="Organization") >= ALERT
    m = idx.screen_name("Sosyal Kalkınma Vakfı", schema="Organization")[0]
    assert any(f["feature"] == "generic_name_translated" for f in m["explanation"]["features"])


def test_turkish_trade_is_a_generic_word():
    """Dış Ticaret Bankası is a foreign trade bank: ticaret read as a proper word sounded like the
    Persian TEJARAT (0.817 before)."""
    from seasentry.screening.orgwords import word_class

    assert word_class("ticaret") == word_class("trade") == "generic"
    idx = ScreeningIndex([_org("tejarat", "BANK TEJARAT", programs=["IRAN"])])
    assert _found(idx, "Dış Ticaret Bankası", "tejarat", schema="Organization") < REVIEW


def test_maltese_article_is_not_arabic_bin():
    from seasentry.screening.orglexicon import MALTESE_ARTICLE

    assert MALTESE_ARTICLE.match("tal-investiment") and MALTESE_ARTICLE.match("il-izvilupp")
    assert MALTESE_ARTICLE.match("bin-laden") is None


def test_translations_of_earlier_rounds_still_alert():
    """The cap is for the fifteenth round's Latin table only: the labelled sets write the listed state
    bodies in Arabic and Persian (مصرف التوفير = SAVING BANK) and in French, and expect an alert
    (capping every translation moved 18 of their positives from alert to review)."""
    idx = ScreeningIndex([_org("saving", "SAVING BANK", programs=["DPRK"]),
                          _org("adf", "ADF", aliases=["ALLIED DEMOCRATIC FORCES"])])
    assert _found(idx, "مصرف التوفير", "saving", schema="Organization") >= ALERT
    assert _found(idx, "Forces démocratiques alliées", "adf", schema="Organization") >= ALERT


# --- last fixes: false hits left after the sixteenth round (helper fix16) ------------------------------

def test_short_words_spelt_apart_are_not_one_name_at_alert():
    """NIOC (an acronym) met NIK by sound at 1.0 (0.5 by letters): NIOC LTD ~ NIK LLC alerted at 0.92.
    Two short words of companies' names spelt apart are a review at most; the same word still alerts."""
    nik = _org("nik", "NIK LLC")
    nioc = _org("nioc", "NIOC PTE LTD")
    idx = ScreeningIndex([nik, nioc])
    for q in ("NIOC LTD", "NIOC Ltd"):
        assert _found(idx, q, "nik", schema="Organization") < ALERT   # 1.0 before on this index
        assert _found(idx, q, "nioc", schema="Organization") >= ALERT
    assert _found(idx, "NIK LLC", "nik", schema="Organization") >= ALERT
    m = [x for x in idx.screen_name("NIOC LTD", schema="Organization") if x["entity_id"] == "nik"][0]
    assert any(f["feature"] == "org_short_word_sound_only" for f in m["explanation"]["features"])


def test_korean_person_name_is_not_a_numbered_vessel():
    """PARK JI-SUNG (the footballer; family name and hyphenated given name) met the vessel JI SONG 6
    at 0.742 (review): the given name's syllables and a number are a ship's name, not his."""
    from seasentry.screening.model import Entity

    idx = ScreeningIndex([Entity("js6", "x", "Vessel", "JI SONG 6"), Entity("js8", "x", "Vessel", "JI SONG 8")])
    for q in ("PARK JI-SUNG", "Park Ji-sung"):
        assert _found(idx, q, "js6") < REVIEW, q
    assert _found(idx, "JI SONG 6", "js6") >= ALERT          # the ship's own name
    assert _found(idx, "JI SONG 6", "js6", schema="Vessel") >= ALERT


def test_number_word_of_a_listed_name_is_part_of_it():
    """FIVE STAR SHIPPING COMPANY is not Star Shipping AS (0.815 review before): the number word before
    the shared proper word is part of the listed name. A country left over is not (the sixteenth round's
    broader cap lost KOREA SAMJONG SHIPPING CO ~ Samjong Shipping Co)."""
    five = _org("five", "MYANMA FIVE STAR LINE COMPANY LIMITED", aliases=["FIVE STAR SHIPPING COMPANY"])
    fourteen = _org("fourteen", "FOURTEEN STAR SHIPPING MANAGEMENT")
    samjong = _org("samjong", "KOREA SAMJONG SHIPPING CO", programs=["DPRK3"])
    idx = ScreeningIndex([five, fourteen, samjong])
    for eid in ("five", "fourteen"):
        assert _found(idx, "STAR SHIPPING AS", eid, schema="Organization") < REVIEW, eid
    assert _found(idx, "Five Star Shipping Company", "five", schema="Organization") >= ALERT
    assert _found(idx, "Samjong Shipping Co", "samjong", schema="Organization") >= REVIEW


def test_dubai_is_a_place_not_a_name():
    """SEA TRADE SHIPPING & TRADING LLC DUBAI met DUBAI TRADING COMPANY at 0.737 (review) on Dubai and
    trading: the emirate says where a company is (orgwords.place_word), not which one it is."""
    from seasentry.screening.orgwords import place_word, word_class

    assert place_word("dubai") == "dubai" and word_class("dubai") == "generic"
    dtc = _org("dtc", "DUBAI TRADING COMPANY")
    idx = ScreeningIndex([dtc, _org("breeze", "DUBAI SEA BREEZE")])
    assert _found(idx, "SEA TRADE SHIPPING & TRADING LLC DUBAI", "dtc", schema="Organization") < REVIEW
    assert _found(idx, "Dubai Trading Company", "dtc", schema="Organization") >= ALERT
    assert _found(idx, "Dubai Sea Breeze", "breeze", schema="Organization") >= ALERT
