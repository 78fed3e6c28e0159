"""Rules of the tenth round of issue 15 (docs/screening.md "Tenth round"): compounds X al-Din written
as one word; Abu and Abd with the article glued or assimilated, al-Hajj glued; the German (Duden)
romanisation of Russian read back; ship prefixes and abbreviations; the same title on both sides;
family names of one part written in two words (BIN X, ABU X) or double family names with a hyphen;
acronyms the lists spell out; Persian -zadeh written apart; Arabic aw said o; a leading The,
Jr./Sr.; Russian -iya/-iia and av for au. Every name below is made up (Zorbel, Qurtab, Zarquna);
each test fails on the matcher before the round (610d1b4)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from screening_rounds import person as _person
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity


def _vessels(*names: str) -> ScreeningIndex:
    return ScreeningIndex([Entity(f"v{k}", "x", "Vessel", n) for k, n in enumerate(names)])


def test_a_din_compound_written_as_one_word_is_x_and_din():
    """Qurtabeddine, Qurtabuddin, Qurtab al-Din and Qurtab Eddine are one name (the article
    assimilated to the d and glued): the glued forms are read as two parts, as the spaced and
    hyphenated ones; also with one d after the article's vowel (Qurtabudin, Qurtabredine)."""
    from seasentry.screening.text import tokenize_name

    assert [t.text for t in tokenize_name("Qurtabeddine")] == ["qurtab", "din"]
    assert [t.text for t in tokenize_name("Qurtabudin")] == ["qurtab", "din"]
    assert [t.text for t in tokenize_name("Qurtabredine")] == ["qurtab", "din"]
    assert [t.text for t in tokenize_name("Borodin")] == ["borodin"]   # -odin: not a compound
    idx = ScreeningIndex([_person("a", "QURTAB AL DIN, Zorbel"), _person("b", "QURTABUDDIN ZARQUNI")])
    assert _found(idx, "Zorbel Qurtabeddine", "a") >= ALERT
    assert _found(idx, "Qurtab-ud-Din Zarquni", "b") >= ALERT


def test_the_first_word_of_a_din_compound_is_not_that_name_alone():
    """Qurtab al-Din is not Qurtab (Nour al-Din is not Noor): the first word of a compound is not
    paired with the same word standing alone; and a compound that is all two names share is one
    word (never an alert by itself)."""
    idx = ScreeningIndex([_person("a", "ZARQUNI, Qurtab Zorbel"), _person("b", "Qurtabuddin"),
                          _person("c", "QURTAB ZARQUNI")])
    assert _found(idx, "Qurtab Eddine Zorbel Zarquni", "a") < REVIEW   # 0.97 before the round
    assert _found(idx, "Qurtab al-Din Zarquni", "c") < REVIEW          # 0.96 before the round
    assert _found(idx, "Qurtabeddine Makhzorbi", "b") < REVIEW


def test_abul_abdur_and_alhaj():
    """Abul is Abu with the article (Abul Zorbal = ZORBAL, Abu), Abdur is Abd with the article
    assimilated (Abdur Qurtab = Abdul Qurtab), Alhaj is the title al-Hajj glued."""
    idx = ScreeningIndex([_person("a", "ZORBAL, Abu"), _person("b", "QURTAB, Zorbel Abdur"),
                          Entity("c", "x", "Person", "ZARQUNI ZORBAL", aliases=["Alhaj Zarquni Zorbal"])])
    assert _found(idx, "Abul Zorbal", "a") >= REVIEW
    assert _found(idx, "Zorbel Abdul Qurtab", "b") >= ALERT
    from seasentry.screening.text import tokenize_name

    assert [t.text for t in tokenize_name("Alhaj Zarquni Zorbal")] == ["zarquni", "zorbal"]


def test_german_romanisation_of_russian_is_read_back():
    """Duden: ch = kh (Michail), w = v (-ow, -ew), s between vowels = z, j = y (-jew, ij before a
    consonant), dsch = dzh, tsch = ch, sch = sh; the names were not even candidates."""
    from seasentry.screening.text import german_russian_reading

    assert german_russian_reading("michail") == "mikhail"
    assert german_russian_reading("qurglasjew") == "qurglazyev"
    assert german_russian_reading("dschalzorbow") == "dzhalzorbov"
    assert german_russian_reading("baltzorbijsk") == "baltzorbiysk"
    assert german_russian_reading("jalolov") is None and german_russian_reading("rajab") is None
    idx = ScreeningIndex([_person("a", "ZORBAKOV, Mikhail Qurtabovich"), _person("b", "QURGLAZYEV, Sergey"),
                          _person("c", "DZHALZORBOV, Zorbel")])
    assert _found(idx, "Michail Zorbakow", "a") >= ALERT
    assert _found(idx, "Sergej Qurglasjew", "b") >= ALERT
    assert _found(idx, "Zorbel Dschalzorbow", "c") >= ALERT
    assert _found(_vessels("BALTZORBIYSK"), "BALTZORBIJSK", "v0", schema="vessel") >= ALERT


def test_ship_prefixes_and_abbreviations():
    """MY (motor yacht) is a prefix like MV; a first word of two or three consonants before the
    name (SMP, NP, NS) is an operator's or kind's abbreviation and weighs nothing."""
    idx = _vessels("ZORBAVANA", "SMP ZORBAVANSK")
    assert _found(idx, "MY ZORBAVANA", "v0", schema="vessel") >= ALERT
    assert _found(idx, "ZORBAVANSK", "v1", schema="vessel") >= ALERT


def test_the_same_title_on_both_sides_makes_the_listed_name():
    """A name of common parts and the title the list also writes (Ali Sheikh Hassan = HASSAN, Ali
    Shaikh) is the listed name: an alert; without the title it stays below alert."""
    from seasentry.screening.text import title_words

    assert title_words("HASSAN, Ali Shaikh") == title_words("علي الشيخ حسن") == frozenset({"sheikh"})
    idx = ScreeningIndex([_person("a", "HASSAN, Ali Shaikh")])
    assert _found(idx, "Ali Sheikh Hassan", "a") >= ALERT
    assert _found(idx, "Ali Cheikh Hassan", "a") >= ALERT
    assert _found(idx, "Ali Hassan", "a") < ALERT


def test_a_family_name_of_one_part_in_two_words():
    """BIN ZORBAL after given names written as a chain of filiations, and ABU ZORBAL, are one part:
    the forefather's name before it is a middle name (Qurtab Zorbal = BIN ZORBAL, Qurtab bin
    Zarqun bin Mahmud); a hyphenated double family name is used by its first part (Zorbel Qurtabi
    = QURTABI-ZARQUNI, Zorbel)."""
    idx = ScreeningIndex([_person("a", "BIN ZORBAL, Qurtab bin Mahmud bin Zarqun"),
                          _person("b", "ABU ZORBAL, Qurtab Mahmud Zarqun"),
                          _person("c", "QURTABI-ZARQUNI, Zorbel")])
    assert _found(idx, "Qurtab bin Zorbal", "a") >= ALERT
    assert _found(idx, "Qurtab Mahmud Abu Zorbal", "b") >= ALERT
    assert _found(idx, "Zorbel Qurtabi", "c") >= ALERT


def test_an_acronym_the_lists_spell_out():
    """ZARQUNA QURTAB GUARD CORPS (ZQGC) spells the acronym out; a query naming a body by the
    acronym and other words (ZQGC Zorbal Missile Command) is read with the acronym's words."""
    from seasentry.screening.index import defined_acronyms

    ents = [_org("a", "ZARQUNA QURTAB GUARD CORPS (ZQGC)"),
            _org("b", "ZARQUNA QURTAB GUARD CORPS ZORBAL MISSILE COMMAND")]
    assert defined_acronyms(ents) == {"zqgc": "ZARQUNA QURTAB GUARD CORPS"}
    assert defined_acronyms([_org("x", "ZARQUNA BANK (QZB)")]) == {}   # initials that do not agree
    idx = ScreeningIndex(ents)
    assert _found(idx, "ZQGC Zorbal Missile Command", "b") >= ALERT


def test_persian_zadeh_apart_and_arabic_aw_said_o():
    """Qurtabi Zadeh = QURTABIZADEH (Latin and Persian script); AWD written OD (Zorbawdi =
    Zorbodi, Levantine and Egyptian o for aw)."""
    idx = ScreeningIndex([_person("a", "QURTABIZADEH, Zorbel"), _person("b", "ZORBAWDI, Qurtab")])
    assert _found(idx, "Zorbel Qurtabi Zadeh", "a") >= ALERT
    assert _found(idx, "Qurtab Zorbodi", "b") >= REVIEW
    from seasentry.screening.text import tokenize_name

    assert len(tokenize_name("زوربل قرطبي زاده")) == 2


def test_the_jr_russian_iya_and_av():
    """A leading The is no part of a body's name; Jr. no part of a family name; -iya = -iia = -ia;
    Russian Av- for Latin Au- (AVRORA = AURORA)."""
    idx = ScreeningIndex([_org("a", "THE ZARQUNA QURTAB BRIGADE"), _person("b", "QURTAB JR., Zorbel Zarqun")])
    assert _found(idx, "Zarquna Qurtab Brigade", "a") >= ALERT
    assert _found(idx, "Zorbel Zarqun Qurtab", "b") >= ALERT
    ships = _vessels("ZORBAGEOLOGIYA", "AVRORA ZORBAL")
    assert _found(ships, "ZORBAGEOLOGIA", "v0", schema="vessel") >= ALERT
    assert _found(ships, "AURORA ZORBAL", "v1", schema="vessel") >= ALERT
