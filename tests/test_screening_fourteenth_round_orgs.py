"""Rules of the fourteenth round of issue 15 for organisation and vessel names (docs/screening.md
"Session 13, fourteenth round: organisations and vessels"): a company's legal form of any jurisdiction
(rigour's organisation-type data and the ISO 20275 abbreviations it lacks) weighs nearly nothing, so a
company written with another country's form (X B.V. for X LLC, PT X, X Kft., X A.Ş.) or none is matched
on its own words; the word for ship, tanker or boat of other languages before or after a ship's name
(fartyget X, het schip X, kapal X, X gemisi, X hajó, танкер X) is dropped as M/V is. Every proper name
below is made up (Zorbelan, Qurtab, Velmora); each test fails on the matcher before the round (d2ec735)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from screening_rounds import org as _org
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity


def _vessel(eid: str, name: str) -> Entity:
    return Entity(eid, "x", "Vessel", name)


def _vessel_score(idx: ScreeningIndex, name: str, entity_id: str) -> float:
    return max((m["score"] for m in idx.screen_vessel(name=name, min_score=0.3) if m["entity_id"] == entity_id),
               default=0.0)


def _companies() -> ScreeningIndex:
    return ScreeningIndex([_org("a", "LIMITED LIABILITY COMPANY ZORBELAN TRADE"),
                           _org("b", "JOINT STOCK COMPANY QURTAB MINING"),
                           _org("c", "ZARQUNA REFINERY CO. INC."),
                           _org("d", "VELMORA SHIPPING LLC"),
                           _org("e", "LIMITED LIABILITY COMPANY DRAVONIX"),
                           _org("f", "KESTRALIN MARINE S.A. DE C.V."),
                           _org("g", "LIMITED LIABILITY COMPANY ZORBELAN KAMAROV")])


def test_another_jurisdictions_legal_form_costs_little():
    """A company written with the legal form of another country than the listed one (the foreign
    subsidiary or the press's habit), dotted or not, before or after the name: its own words carry the
    score (0.55-0.70 before: the foreign form weighed as a rare proper word)."""
    idx = _companies()
    for q, eid in [("Zorbelan Trade B.V.", "a"), ("Zorbelan Trade GmbH", "a"), ("Zorbelan Trade Kft", "a"),
                   ("Qurtab Mining Zrt.", "b"), ("Qurtab Mining A.Ş.", "b"), ("Qurtab Mining Nyrt", "b"),
                   ("PT Zarquna Refinery", "c"), ("Zarquna Refinery N.V.", "c"),
                   ("Velmora Shipping W.L.L.", "d"), ("Velmora Shipping S.A.L.", "d"),
                   ("Velmora Shipping Ltd. Şti.", "d"), ("Velmora Shipping Sp. z o.o.", "d"),
                   ("Velmora Shipping s.r.o.", "d"), ("Velmora Shipping Sdn Bhd", "d"),
                   ("Kestralin Marine Ltda.", "f"), ("Kestralin Marine SRL", "f")]:
        assert _found(idx, q, eid) >= ALERT, q
    # typed as an organisation too
    assert _found(idx, "Zorbelan Trade Zrt.", "a", schema="Organization") >= ALERT


def test_one_word_company_with_a_foreign_form_is_the_word_alone():
    """A company of one proper word written with a legal form (Dravonix Kft., PT Dravonix) scores as
    the word alone: a review, never an alert by one word (below review before: the form was a second
    word the listed name lacks)."""
    idx = _companies()
    alone = _found(idx, "Dravonix", "e")
    assert alone >= REVIEW
    for q in ("Dravonix Kft.", "PT Dravonix", "Dravonix B.V.", "Dravonix Zrt"):
        assert abs(_found(idx, q, "e") - alone) < 1e-6, q


def test_legal_forms_alone_name_no_company():
    """A legal form is no evidence by itself: two companies sharing a form and a trade word are not
    one, and the forms are read from rigour's data and the ISO 20275 abbreviations, not every short
    word (ca, cv are syllables; Mohamed, Trading are no forms)."""
    from seasentry.screening.orgwords import is_legal_form, word_class

    idx = _companies()
    assert _found(idx, "Zorbelan Mining B.V.", "b") < REVIEW
    assert _found(idx, "Kft.", "e") < REVIEW
    for w in ("bv", "kft", "zrt", "nyrt", "srl", "sro", "spzoo", "ltda", "wll", "sal", "tbk", "pt", "eireli", "uab"):
        assert is_legal_form(w) and word_class(w) == "legal", w
    for w in ("ca", "cv", "mohamed", "trading", "zorbelan"):
        assert not is_legal_form(w), w


def test_cyrillic_legal_form_read_by_rigour():
    """A Cyrillic company name's legal form, spelt out or abbreviated, is read as the Latin one is
    (Общество с ограниченной ответственностью = ООО = LLC)."""
    idx = _companies()
    for q in ("Общество с ограниченной ответственностью Зорбелан Камаров", "ООО Зорбелан Камаров",
              "Зорбелан Камаров ТОВ"):
        assert _found(idx, q, "g") >= ALERT, q


def test_ship_word_of_another_language_before_or_after_the_name():
    """The word for ship, tanker or boat in Swedish, Dutch, Indonesian, Romanian, Portuguese, German,
    Maltese, Tagalog, Russian, Greek (before the name) and Turkish, Hungarian (after it): the name
    scores as itself typed (0.55-0.86 before: the word was a part the listed name lacks)."""
    idx = ScreeningIndex([_vessel("a", "QURTAB DARYA 3"), _vessel("b", "ZORBELAN")])
    base = _vessel_score(idx, "Qurtab Darya 3", "a")
    assert base >= ALERT
    for q in ("fartyget Qurtab Darya 3", "het schip Qurtab Darya 3", "kapal Qurtab Darya 3", "nava Qurtab Darya 3",
              "o navio Qurtab Darya 3", "das Schiff Qurtab Darya 3", "il-vapur Qurtab Darya 3",
              "ang barkong Qurtab Darya 3", "танкер Qurtab Darya 3", "το πλοίο Qurtab Darya 3",
              "Qurtab Darya 3 gemisi", "Qurtab Darya 3 tankeri", "Qurtab Darya 3 hajó", "Qurtab Darya 3 hajót"):
        assert abs(_vessel_score(idx, q, "a") - base) < 1e-6, q
    one = _vessel_score(idx, "Zorbelan", "b")
    for q in ("Zorbelan gemisi", "Zorbelan hajó", "fartyget Zorbelan", "statek Zorbelan", "kapal Zorbelan"):
        assert abs(_vessel_score(idx, q, "b") - one) < 1e-6, q


def test_ship_word_kept_when_no_name_is_left():
    """A ship word alone, or with a number alone, stays (no name is left); English words of an AIS
    name stay (TANKER ONE is a registered name), and Cyrillic танкер is not the English TANKER."""
    from seasentry.screening.matcher import drop_vessel_type_words

    assert drop_vessel_type_words("hajó") == "hajó"
    assert drop_vessel_type_words("18 hajó") == "18 hajó"
    assert drop_vessel_type_words("kapal 7") == "kapal 7"
    assert drop_vessel_type_words("TANKER ONE") == "TANKER ONE"
    assert drop_vessel_type_words("TUG CHAMPION") == "TUG CHAMPION"
    assert drop_vessel_type_words("танкер Ника") == "Ника"
    assert drop_vessel_type_words("Zorbelan gemisi") == "Zorbelan"


def test_arabic_legal_forms_read_as_legal_forms():
    """The Arab countries' legal forms (ذ.م.م limited liability, ش.م.ل S.A.L., ش.م.ع PJSC, المحدودة
    limited) are read as the Latin forms: weak evidence, so a company written with another form than the
    listed one is matched on its own words."""
    from seasentry.screening.orgwords import translate_org_name

    assert translate_org_name("شركة زوربلان للتجارة ذ.م.م", False) == "company زوربلان trade llc"
    assert translate_org_name("شركة زوربلان ش.م.ل", False) == "company زوربلان sal"
    assert translate_org_name("زوربلان للتجارة المحدودة", False) == "زوربلان trade ltd"
    idx = _companies()
    plain = _found(idx, "شركة زوربلان للتجارة", "a")
    assert plain >= REVIEW
    for q in ("شركة زوربلان للتجارة ذ.م.م", "شركة زوربلان للتجارة ش.م.ل", "شركة زوربلان للتجارة المحدودة"):
        assert _found(idx, q, "a") >= plain - 0.02, q


def test_registered_name_with_a_word_more_stays_below_alert():
    """A company's name written with its legal form is its registered name in full: the listed name
    and a word more before the form (Zorbelan Systems Engineering Srl ~ ZORBELAN SYSTEMS) is another
    company, a review; the same name with a form and no word more is the listed company (an alert)."""
    idx = ScreeningIndex([_org("a", "ZORBELAN SYSTEMS")])
    assert _found(idx, "Zorbelan Systems Srl", "a") >= ALERT
    assert _found(idx, "Zorbelan Systems GmbH", "a") >= ALERT
    assert REVIEW <= _found(idx, "Zorbelan Systems Engineering Srl", "a") < ALERT


def test_persian_and_arabic_words_of_companies_names():
    """Persian مدیریت management, کشتی ship, محصولات products, مالی financial, نمایندگی agency, مشاور
    consulting, مهندسین engineers, جدید new, and Arabic الشرق الأوسط Middle East, read in English as the
    lists write such companies (0.56-0.68 before: left in Persian, they met no listed word)."""
    from seasentry.screening.orgwords import translate_org_name

    assert translate_org_name("شرکت مدیریت کشتی زوربلان", False) == "company management ship زوربلان"
    assert translate_org_name("گروه مالی زوربلان", False) == "group financial زوربلان"
    assert translate_org_name("شركة الشرق الأوسط للاستثمار", False) == "company middle east investment"
    idx = ScreeningIndex([_org("a", "ZORBELAN SHIP MANAGEMENT CO."), _org("b", "ZORBELAN FINANCIAL GROUP"),
                          _org("c", "ZORBELAN CONSULTING ENGINEERING COMPANY")])
    assert _found(idx, "شرکت مدیریت کشتی زوربلان", "a") >= ALERT
    assert _found(idx, "گروه مالی زوربلان", "b") >= ALERT
    assert _found(idx, "مهندسین مشاور زوربلان", "c") >= ALERT
