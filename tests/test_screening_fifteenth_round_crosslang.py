"""Rules of the fifteenth round of issue 15 for names in another language or script than the
lists' (docs/screening.md "Session 13, fifteenth round: cross-language and cross-script names"):
organisations' names translated word by word (French, Italian, Spanish, Portuguese, German,
Maltese, Turkish, Arabic, Persian; orglexicon); an acronym beside the words it spells (acronyms);
Cyrillic ship names with a rank or a Russian ship-kind abbreviation, Greek names in the classical
transcription (xscript); Arabic compound names glued into one word (xscript). Every proper name
below is made up (Zorbani, Qurtab, Zorbin); each test of a rule fails on the matcher before the
round (516461a), the guard test (generic words alone) passes on both."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from screening_rounds import person as _person
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity


def _vessel_score(idx: ScreeningIndex, name: str, entity_id: str) -> float:
    return max((m["score"] for m in idx.screen_vessel(name=name, min_score=0.3) if m["entity_id"] == entity_id),
               default=0.0)


_ORGS = [_org("charity", "ZORBANI INTERNATIONAL CHARITY AND DEVELOPMENT FOUNDATION"),
         _org("authority", "QURTAB INVESTMENT AUTHORITY"),
         _org("foreign", "ZORBANI FOREIGN INVESTMENT COMPANY"),
         _org("defense", "QURTAB DEFENSE INDUSTRIES ORGANIZATION"),
         _org("mines", "QURTAB MINES DEVELOPMENT AND RENOVATION ORGANIZATION")]


def test_organisation_name_translated_word_by_word():
    """The press and the authorities of the mission's countries write a listed body's name in their
    language, word for word: its generic words are read as the English concept (orglexicon), its
    proper word by sound; the words' order is free (0.0-0.88 before: the words met nothing)."""
    idx = ScreeningIndex(_ORGS)
    for q in ("Fondazione internazionale Zorbani per la beneficenza e lo sviluppo",
              "Fundación Internacional Zorbani para la Caridad y el Desarrollo",
              "Fondazzjoni Internazzjonali Zorbani għall-Karità u l-Iżvilupp",
              "Zorbani Internationale Stiftung für Wohltätigkeit und Entwicklung",
              "Zorbani Uluslararası Hayır ve Kalkınma Vakfı"):
        assert _found(idx, q, "charity") >= ALERT, q
    for q in ("Autorité Qurtab d'investissement", "Autoridade Qurtab de Investimento", "Qurtab Yatırım Otoritesi"):
        assert _found(idx, q, "authority") >= ALERT, q
    assert _found(idx, "شركة الاستثمار الأجنبي زورباني", "foreign") >= ALERT
    assert _found(idx, "منظمة الصناعات الدفاعية قرتاب", "defense") >= ALERT
    # Persian reads معادن as mines (Arabic: metals), نوسازی as renovation
    assert _found(idx, "سازمان توسعه و نوسازی معادن قرتاب", "mines") >= ALERT


def test_translated_generic_words_alone_do_not_match_another_body():
    """Two bodies that share only generic words are not one: a translated name of another body of
    the same kind, or the kind and trade words alone, stay below review."""
    idx = ScreeningIndex(_ORGS)
    assert _found(idx, "Autorità Zorbani per gli investimenti", "authority") < REVIEW
    assert _found(idx, "Fondazione internazionale per lo sviluppo", "charity") < REVIEW
    assert _found(idx, "Compagnia nazionale del petrolio", "foreign") < REVIEW
    assert _found(idx, "Associazione benefica internazionale", "charity") < REVIEW


def test_acronym_beside_the_words_it_spells():
    """An acronym written beside the words whose initials it is (in brackets, after a dash, or the
    words in brackets after it; a word may give two or three letters, a few none, & is and) agrees
    with them: the name is also read without it, in the query and in the lists' names."""
    from seasentry.screening.acronyms import acronym_free_reading

    assert acronym_free_reading("Zorbani Arab Foreign Investment Company (ZAFICO)") == \
        "Zorbani Arab Foreign Investment Company"
    assert acronym_free_reading("QMDRO (Qurtab Mines & Mining Development & Renovation Org.)") == \
        "Qurtab Mines & Mining Development & Renovation Org."
    assert acronym_free_reading("QIA - Qurtab Investment Authority") == "Qurtab Investment Authority"
    assert acronym_free_reading("Qurtab Trading (XYZ)") is None      # initials of nothing here
    assert acronym_free_reading("NIOC") is None
    idx = ScreeningIndex(_ORGS + [_org("lfic", "QURTAB ISLAMIC TRADE BANK",
                                       aliases=["Zorbani Foreign Trade Company (ZFTC)"])])
    assert _found(idx, "QMDRO (Qurtab Mines & Development & Renovation Org.)", "mines") >= ALERT
    assert _found(idx, "QIA - Qurtab Investment Authority", "authority") >= ALERT
    assert _found(idx, "Zorbani Foreign Trade Company", "lfic") >= ALERT   # the list's acronym aside


def test_cyrillic_ship_name_with_rank_and_kind_abbreviation():
    """A ship's name in Cyrillic letters: its rank (КАПИТАН = KAPITAN = CAPTAIN) read as in Latin, a
    Russian ship-kind abbreviation before it (т/х, м/т) dropped as M/V is (0.76-0.88 before)."""
    idx = ScreeningIndex([Entity("v", "x", "Vessel", "KAPITAN ZORBIN")])
    assert _vessel_score(idx, "КАПИТАН ЗОРБИН", "v") >= ALERT
    assert _vessel_score(idx, "т/х КАПИТАН ЗОРБИН", "v") >= ALERT
    assert _vessel_score(idx, "м/т Капитан Зорбин", "v") >= ALERT


def test_greek_name_in_classical_transcription():
    """A Greek name is read by ELOT 743 (ευ = ev/ef, β = v) and in the classical transcription the
    lists use (ευ = eu, αυ = au): ΖΟΡΒΕΥΣ = ZORBEUS (0.0-0.8 before)."""
    from seasentry.screening.xscript import greek_readings

    assert "zeus" in greek_readings("ΖΕΥΣ") and "zefs" in greek_readings("ΖΕΥΣ")
    idx = ScreeningIndex([Entity("v", "x", "Vessel", "ZORBEUS"), Entity("w", "x", "Vessel", "AURA QURTABI")])
    assert _vessel_score(idx, "ΖΟΡΒΕΥΣ", "v") >= ALERT
    assert _vessel_score(idx, "ΑΥΡΑ ΚΟΥΡΤΑΜΠΙ", "w") >= REVIEW


def test_glued_arabic_compound_names_split():
    """X al-Islam, X al-Din, Qadhaf al-Dam written without the space (سيفالاسلام, نورالدين) are two
    parts, as written apart, in a query and in a list's name; عبدالرحمن stays one part (0.0-0.4
    before)."""
    from seasentry.screening.xscript import split_arabic_compound

    assert split_arabic_compound("سيفالاسلام") == ["سيف", "الاسلام"]
    assert split_arabic_compound("عبدالرحمن") == ["عبدالرحمن"]
    assert split_arabic_compound("الوالدين") == ["الوالدين"]
    idx = ScreeningIndex([_person("a", "ZORBANI, Saif al-Islam", ["LY"]),
                          _person("b", "ZORBAF AL-DAM, Sayyid Mohammed", ["LY"]),
                          _person("c", "قرتاب نورالدين", ["LY"])])
    assert _found(idx, "سيفالاسلام الزورباني", "a") >= ALERT
    assert _found(idx, "سيد محمد زورbافالدم".replace("b", "ب"), "b") >= ALERT
    assert _found(idx, "Sayed Zorbafaddam", "b") >= REVIEW
    assert _found(idx, "Sayed Zorbafadam", "b") >= REVIEW        # one d: the article's vowel, then d
    from seasentry.screening.text import tokenize_name
    assert [t.text for t in tokenize_name("Rotterdam")] == ["rotterdam"]
    assert [t.text for t in tokenize_name("Khaddam")] == ["khaddam"]
    assert [t.text for t in tokenize_name("Khoshghadam")] == ["khoshghadam"]
    assert _found(idx, "قرتاب نور الدين", "c") >= ALERT


def test_arabic_and_persian_phrases_and_letters_of_bodies_names():
    """Arabic "air and space" (الجوية الفضائية) is aerospace, not air and a satellite channel; Persian
    موسسه is an institute (Arabic مؤسسة, folded alike, a foundation); the silent alef after the plural
    ending وا is not read (واعتصموا = Waatasemu). A body of the other kind stays below review."""
    idx = ScreeningIndex([_org("aero", "QURTAB AEROSPACE INDUSTRIES ORGANIZATION"),
                          _org("avia", "QURTAB AVIATION INDUSTRIES ORGANIZATION"),
                          _org("inst", "ZORBANSAZAN CONSULTANT ENGINEERS INSTITUTE"),
                          _org("wa", "WAZORBEMU CHARITY ASSOCIATION")])
    assert _found(idx, "منظمة الصناعات الجوية الفضائية قرتاب", "aero") >= ALERT
    assert _found(idx, "منظمة الصناعات الجوية الفضائية قرتاب", "avia") < ALERT
    assert _found(idx, "موسسه مهندسین مشاور زوربان‌سازان", "inst") >= ALERT
    assert _found(idx, "جمعية وازوربموا الخيرية", "wa") >= ALERT


def test_translation_in_brackets_read_apart():
    """An Italian or French report writes the English name with its translation in brackets: the
    same concepts twice, read as the name once; a bracketed text that says something else (a place,
    another name) is not dropped by this rule."""
    from seasentry.screening.acronyms import translation_free_reading

    assert translation_free_reading("Qurtab Investment Authority (Autorità Qurtab degli investimenti)") == \
        "Qurtab Investment Authority"
    assert translation_free_reading("Qurtab Investment Authority (Tripoli)") is None
    idx = ScreeningIndex(_ORGS)
    assert _found(idx, "QIA - Qurtab Investment Authority (Autorità Qurtab per gli investimenti)", "authority") >= ALERT


def test_german_compounds_and_hyphenated_words_read_as_their_words():
    """German glues its compounds (Investitionsbehörde = investment authority, with the linking s) and
    a hyphen joins a name to a generic word (Zorbani-Stiftung): read as their words; an izafat or an
    Arabic article between hyphens is no word (Jaish-e-..., Harakat-ul-...)."""
    from seasentry.screening.orglexicon import split_latin_compound
    from seasentry.screening.orgwords import _SPLIT_TABLE

    assert split_latin_compound("investitionsbehorde", _SPLIT_TABLE) == ["investition", "behorde"]
    assert split_latin_compound("harakat-ul-zorbanidin", _SPLIT_TABLE) == ["harakat", "zorbanidin"]
    assert split_latin_compound("zorbanistrasse", _SPLIT_TABLE) is None
    idx = ScreeningIndex(_ORGS)
    assert _found(idx, "Qurtab Investitionsbehörde", "authority") >= ALERT
    assert _found(idx, "Internationale Zorbani-Stiftung für Wohltätigkeit und Entwicklung", "charity") >= ALERT
