"""Rules of the ninth round of issue 15 (docs/screening.md "Ninth round"): ships' names spelt the
German, English or Russian way (w for v, s for z, Ye- for E-), St. for Saint and the kind of unit
(FSU) in a ship's name; a country named by a phrase (North Korea, the Democratic People's Republic
of Korea, الكوري الشمالي); a bureau is an office; و joined to the word after the one saying what kind
of body it is; petrochemicals in Arabic; Sayyed before a given name. Every name below is made up
(Zorbavan, Qurtabuni, Zarquna); each test fails on the matcher before the round (b89f904)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from screening_rounds import person as _person
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity


def _vessels(*names: str) -> ScreeningIndex:
    return ScreeningIndex([Entity(f"v{k}", "x", "Vessel", n) for k, n in enumerate(names)])


def test_a_ship_named_with_w_for_v_is_found():
    """German and Polish spellings write v as w (SEWASTOPOL = SEVASTOPOL): the consonant key drops w
    (a semi-vowel) and keeps v, so the two spellings shared no retrieval key and the ship was not
    even a candidate."""
    idx = _vessels("ZORBAVANOL", "ARZAVIN")
    assert _found(idx, "ZORBAWANOL", "v0", schema="vessel") >= ALERT
    assert _found(idx, "ARZAWIN", "v1", schema="vessel") >= ALERT
    from seasentry.screening.index import latin_alt_keys
    from seasentry.screening.text import tokenize_name

    assert "ZRBFNL" in latin_alt_keys(tokenize_name("zorbawanol")[0])


def test_a_voiced_s_is_read_as_z_for_retrieval():
    """English writes PARTISAN where a romanisation of Russian writes PARTIZAN (з): an s alone
    between two vowels is also looked up as z. Not an s next to a consonant."""
    idx = _vessels("QURTIZAN")
    assert _found(idx, "QURTISAN", "v0", schema="vessel") >= REVIEW
    from seasentry.screening.index import latin_alt_keys
    from seasentry.screening.text import tokenize_name

    assert "KRTZN" in latin_alt_keys(tokenize_name("qurtisan")[0])
    assert not any("Z" in k for k in latin_alt_keys(tokenize_name("qurtsan")[0]))


def test_russian_initial_ye_is_also_e():
    """Russian initial Е is Ye for BGN/PCGN and the press, E for the passport romanisation
    (YENISEY = ENISEY); not a word of five letters (Yemen) nor Ye before h (Yehia)."""
    idx = _vessels("ENZORBAY")
    assert _found(idx, "YENZORBAY", "v0", schema="vessel") >= ALERT
    from seasentry.screening.text import press_variants

    assert "enzorbay" in press_variants("yenzorbay")
    assert press_variants("yemen") == [] and "ehiaaa" not in press_variants("yehiaaa")


def test_saint_and_the_kind_of_unit_in_a_ships_name():
    """ST. is Saint (SAINT ZORBAVAN = ST. ZORBAVAN), and FSU (floating storage unit) says what kind
    of unit the ship is, not which (ZORBAVAN = ZORBAVAN FSU)."""
    idx = _vessels("ST. QURTAVIN", "ZORBAVAN FSU")
    assert _found(idx, "SAINT QURTAVIN", "v0", schema="vessel") >= ALERT
    assert _found(idx, "ZORBAVAN", "v1", schema="vessel") >= ALERT


def test_north_korea_is_the_democratic_peoples_republic_of_korea():
    """A country named by a phrase is one country: North Korea, the Democratic People's Republic of
    Korea, DPRK, الكوري الشمالي (0.62 and 0.56 before); Korea alone is not North Korea."""
    idx = ScreeningIndex([_org("b", "ZARQUNA TRADE BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA")])
    assert _found(idx, "Zarquna Trade Bank of North Korea", "b") >= ALERT
    assert _found(idx, "بنك زرقونة التجاري الكوري الشمالي", "b") >= REVIEW
    from seasentry.screening.orgwords import translate_org_name

    assert translate_org_name("Bank of Korea", False) is None


def test_a_bureau_is_an_office_and_a_country_the_body_is_tied_to():
    """المكتب (the office) is the BUREAU of a listed name, and a query naming North Korea fits a body
    of the lists' DPRK programmes (no candidate before)."""
    idx = ScreeningIndex([_org("r", "ZARQUNA GENERAL BUREAU", programs=["DPRK"]),
                          _org("s", "ZARQUNA GENERAL BUREAU", programs=["SYRIA"])])
    assert _found(idx, "مكتب زرقونة العام الكوري الشمالي", "r") >= REVIEW
    assert _found(idx, "مكتب زرقونة العام الكوري الشمالي", "s") < ALERT


def test_wa_after_the_word_saying_what_kind_of_body_is_part_of_the_name():
    """شركة والفجر: right after شركة (company) و joins nothing, it is the name's (VALFAJR): the
    Arabic reading with the company word in English had dropped it (0.57 on the lists, 0.73 here); a
    و between two proper words is still "and"."""
    idx = ScreeningIndex([_org("c", "VALZORBAT SHIPPING COMPANY")])
    assert _found(idx, "شركة والزربط للملاحة", "c") >= ALERT
    from seasentry.screening.orgwords import translate_org_name

    assert translate_org_name("جبهة الزربط والجهاد", False).endswith("الجهاد")


def test_petrochemical_in_arabic():
    idx = ScreeningIndex([_org("p", "ZARQUNA PETROCHEMICAL COMMERCIAL COMPANY")])
    assert _found(idx, "شركة زرقونة للبتروكيماويات التجارية", "p") >= ALERT


def test_sayyed_before_the_given_name_is_not_the_given_name():
    """MUSAVI, Sayyed Kamal: Sayyed (a descendant of the Prophet) is written before the given name;
    read as the given name, the query Kamal Musavi named a relative (0.67). Not Sayed, a given name,
    and Sayyid is one too when the query names him so (SAYYID MOHAMMED QADHAF AL-DAM)."""
    idx = ScreeningIndex([_person("s", "QURTABUNI, Sayyed Zorbel"), _person("t", "QURTABUNI, Sayed Zorbel"),
                          _person("u", "SAYYID ZORBEL QURTABEL")])
    assert _found(idx, "Zorbel Qurtabuni", "s") >= REVIEW
    assert _found(idx, "Zorbel Qurtabuni", "t") < REVIEW
    assert _found(idx, "Sayyid Qurtabel", "u") >= ALERT


def test_the_persian_word_for_insurance():
    """Bimeh (Persian: insurance) is read in English like the earlier rounds' transliterated Arabic
    words (Bimeh Iran = IRAN INSURANCE COMPANY; no candidate before)."""
    idx = ScreeningIndex([_org("i", "ZARQUNA INSURANCE COMPANY")])
    assert _found(idx, "Bimeh Zarquna", "i") >= ALERT
