"""Rules of the eighth round of issue 15 (docs/screening.md "Eighth round"): an Arabic proper word is
not an English word of an organisation's vocabulary that happens to sound like it, and two rarer
Latin given names that the reference alignments write with different Arabic spellings, differing
only by a letter before the name or by a final a / o, are different names. Every family and body
name below is made up (Zarquna, Qurtabuni); each test fails on the matcher before the round (s8-int
at 4544c20)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from screening_rounds import person as _person
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity


def test_an_arabic_proper_word_is_not_an_english_kind_of_body_by_its_sound():
    """سوسة (a town's name) sounds like SOCIETY (0.91 by the transliteration model): with the body's
    proper word it made a listed name of two words meet fully (1.0, an alert). The Arabic word for
    society (جمعية) still meets it, by translation; a country's name is still read by its sound."""
    idx = ScreeningIndex([_org("s", "GROUP OF ZARQUNA", aliases=["Zarquna Society"])])
    assert _found(idx, "سوسة زرقونة", "s") < ALERT
    assert _found(idx, "جمعية زرقونة", "s") >= ALERT
    from seasentry.screening.orgwords import english_vocabulary

    assert english_vocabulary("society") and english_vocabulary("group") and english_vocabulary("ltd")
    assert not english_vocabulary("libya") and not english_vocabulary("jamaa") and not english_vocabulary("arab")


def test_rarer_given_names_that_differ_by_a_letter_before_the_name():
    """Wisam (وسام) is not Isam (عصام): a rare family name in common and a given name one letter
    longer at its start alerted at 1.0. Issam is Isam (same Arabic spelling); Jaber and Jabr,
    which differ inside the word, are still one name."""
    idx = ScreeningIndex([_person("i", "QURTABUNI, Isam Rashad"), _person("j", "QURTABUNI, Jabr")])
    assert _found(idx, "Wisam Qurtabuni", "i") < ALERT
    assert _found(idx, "Issam Qurtabuni", "i") >= ALERT
    assert _found(idx, "Jaber Qurtabuni", "j") >= ALERT


def test_a_final_a_against_a_final_o_is_another_given_name():
    """Julia (جوليا) is not Julio (جوليو): the final vowel of a Romance given name says which name
    (and sex) it is; "Don Julia"-like queries alerted at 1.0 on an alias "DON JULIO"."""
    idx = ScreeningIndex([_person("d", "ZARQUNA, Julio")])
    assert _found(idx, "Julia Zarquna", "d") < ALERT
    assert _found(idx, "Julio Zarquna", "d") >= ALERT


def test_two_of_the_same_arabic_consonant_are_two_consonants():
    """Arabic writes a doubled consonant once (shadda): ممـ at the start of a name is m, a vowel, m
    (Mumtaz, Mamduh). Read as one m the given name met its romanisation at 0.78 and the name stayed
    below review; لل stays one l (the article before a lam: نصر الله = Nasrallah)."""
    from seasentry.screening.phonetic import arabic_units, latin_units, units_text

    idx = ScreeningIndex([_person("m", "QURTABUNI, Mumtaz")])
    assert _found(idx, "ممتاز قرطبوني", "m") >= ALERT
    assert units_text(arabic_units("ممتاز")).startswith("M-M-")
    assert units_text(arabic_units("نصرالله")).count("L") == 1
    assert units_text(latin_units("hassan")).count("S") == 1


def test_bank_insurance_shipping_and_exchange_words_in_arabic_french_and_italian():
    """مصرف زراعي (agricultural bank), تأمين (insurance), ملاحة (shipping), صرافة (exchange), défense
    aérienne (air defence), industriale (industrial): read in English like the earlier rounds'
    words (no candidate before)."""
    idx = ScreeningIndex([_org("a", "ZARQUNA AGRICULTURAL COOPERATIVE BANK"), _org("i", "QURTABUNI INSURANCE COMPANY"),
                          _org("s", "ZORBATEL SHIPPING COMPANY"), _org("e", "QURTABUNI EXCHANGE"),
                          _org("d", "ZARQUNI AIR DEFENSE FORCES"), _org("b", "ZORBANIQ INDUSTRIAL BANK")])
    assert _found(idx, "مصرف زرقونة الزراعي التعاوني", "a") >= ALERT
    assert _found(idx, "شركة قرطبوني للتأمين", "i") >= ALERT
    assert _found(idx, "شركة زوربتل للملاحة", "s") >= ALERT
    assert _found(idx, "صرافة قرطبوني", "e") >= REVIEW
    assert _found(idx, "Forces de défense aérienne zarquni", "d") >= ALERT
    assert _found(idx, "Banca industriale Zorbaniq", "b") >= ALERT


def test_w_and_v_are_one_letter_in_latin_names():
    """Persian و and German, Polish spellings write v as w (Ardawan = Ardavan): a vessel asked for
    by its one name written with w stayed at review (0.80)."""
    idx = ScreeningIndex([Entity("v", "x", "Vessel", "ZORBAVAN")])
    assert _found(idx, "ZORBAWAN", "v", schema="vessel") >= ALERT


def test_the_first_words_of_a_listed_name_written_in_order():
    """A listed name written in order without a marked family name (UN: given name, ..., father's
    name last), its last one or two words left out by the press: those words weigh like middle
    names (0.87 before), when a word after the given name is rare. Not a compound given name alone
    (Salah Eddine), not when the family name is marked ("FAMILY, Given")."""
    idx = ScreeningIndex([_person("u", "ZORBAN QURTABUNI HABIZAR"), _person("s", "SALAH EDDINE ZARQUNI"),
                          _person("o", "HABIZAR, Zorbel Qurtabel")])
    assert _found(idx, "Zorban Qurtabuni", "u") >= ALERT
    assert _found(idx, "Salah Eddine", "s") < ALERT
    assert _found(idx, "Zorbel Qurtabel", "o") < ALERT
