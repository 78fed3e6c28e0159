"""Rules of the eighteenth round of issue 15 for the readings of a query's text (docs/screening.md
"Session 14, eighteenth round: readings of the query text"): a query is read a few ways (a passport's
machine-readable zone, Arabizi digits, the name before a tail after a comma, dash, slash or in
brackets), each reading screened and the best kept, a dropped tail costing a little. Persons,
bodies and vessels are made up; the queries are written for these tests. Each test fails on s14-int
6a161e2."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW, found, org, person
from seasentry.screening import ScreeningIndex
from seasentry.screening.model import Entity


def _index() -> ScreeningIndex:
    return ScreeningIndex([
        person("a", "KARVELOV, Dmitrii Olegovich", ["RU"]),
        person("b", "ALAWANI, Abdel-Rahman Khalil", ["LY"]),
        person("c", "HALVORSEN, Marek Anton", ["NO"]),
        person("d", "TOKVARLI, Mehmet", ["TR"]),
        org("e", "PELLINOR COMMERCIAL BANK"),
        Entity("f", "x", "Vessel", "ZAFRELLO"),
        person("g", "HALVORSEN, Ingrid", ["NO"]),
    ])


def test_machine_readable_zone_is_read_as_surname_and_given_names():
    """ICAO Doc 9303: document code, issuing state, SURNAME<<GIVEN<NAMES, '<' fillers."""
    from seasentry.screening.query_readings import mrz_reading

    assert mrz_reading("P<RUSKARVELOV<<DMITRII<<<<<<<<<<") == ("KARVELOV, DMITRII", "RU")
    assert mrz_reading("KARVELOV<<DMITRII<OLEGOVICH<<<<<") == ("KARVELOV, DMITRII OLEGOVICH", None)
    assert mrz_reading("Dmitrii Karvelov") is None
    assert mrz_reading("A <<B") is None
    idx = _index()
    assert found(idx, "P<RUSKARVELOV<<DMITRII<<<<<<<<<<<<<<<<<<<<<<<<", "a") >= ALERT
    assert found(idx, "KARVELOV<<DMITRII<OLEGOVICH<<<<<<<<<", "a") >= ALERT


def test_arabizi_digits_are_read_as_letters():
    """3 = ʿayn (silent before a vowel), 7 = ḥ, 5 = kh, 2 = hamza; a code or a vessel's number is no word."""
    from seasentry.screening.query_readings import arabizi_reading

    assert arabizi_reading("3abd el ra7man") == "Abd el rahman"
    assert arabizi_reading("5alil") == "Khalil"
    assert arabizi_reading("Sa2eed") == "Saeed"
    assert arabizi_reading("BONU5") is None        # a vessel's number (upper case)
    assert arabizi_reading("call sign 9HED9") is None
    assert arabizi_reading("Abdel Rahman") is None
    idx = _index()
    assert found(idx, "3abd el ra7man 5alil 3alawani", "b") >= ALERT


def test_a_tail_after_the_name_costs_a_little_not_the_match():
    """A place, a code, a description after a comma, dash or slash or in brackets."""
    idx = _index()
    assert found(idx, "Marek Halvorsen, Bergen", "c") >= ALERT
    assert found(idx, "Mehmet Tokvarli (Doğubayazıt)", "d") >= ALERT
    assert found(idx, "PELLINOR COMMERCIAL BANK - KIROV", "e") >= ALERT
    assert found(idx, "ZAFRELLO, Maltese tanker", "f") >= REVIEW
    hits = idx.screen_name("Marek Halvorsen, Bergen", explain=True)
    read = hits[0]["explanation"]["query_reading"]
    assert read["read_as"] == "Marek Halvorsen" and read["kind"] == "tail" and read["cost"] > 0
    assert hits[0]["score"] < 1.0   # the dropped tail costs a little


def test_a_list_style_family_name_is_not_read_alone():
    """'FAMILY, Given' is one name: the family name alone (a relative's too) is not a reading of it."""
    from seasentry.screening.query_readings import tail_heads

    assert tail_heads("HALVORSEN, Ingrid") == []
    assert tail_heads("ZAFRELLO, Maltese tanker") == ["ZAFRELLO"]
    assert tail_heads("HALVORSEN, RUS") == ["HALVORSEN"]
    idx = _index()
    assert found(idx, "HALVORSEN, Ingrid", "c") < REVIEW


def test_a_birth_clause_tail_is_read_by_the_reader_not_dropped():
    """A date and nationality after the name are read as --dob and --country (sixteenth round): no
    tail reading that would score the name without them."""
    from seasentry.screening.query_readings import query_readings

    assert any(k == "tail" for _, k, _ in query_readings("Marek Halvorsen, NOR, 1971"))
    idx = _index()
    hits = idx.screen_name("Marek Halvorsen, NOR, 1971", explain=True)
    assert hits and "query_reading" not in hits[0]["explanation"]


def _vessels() -> ScreeningIndex:
    return ScreeningIndex([
        Entity("v1", "x", "Vessel", "TARVOLINE", call_sign="9HQX7"),
        Entity("v2", "x", "Vessel", "KESTRAMAR", call_sign="EQRT"),
        Entity("v3", "x", "Vessel", "HOLMAVIK"),
        Entity("v4", "x", "Vessel", "ZAFRELLO"),
    ])


def _vessel_score(idx: ScreeningIndex, name: str, eid: str) -> float:
    return max((m["score"] for m in idx.screen_vessel(name=name, min_score=0.3) if m["entity_id"] == eid),
               default=0.0)


def test_a_call_sign_beside_a_vessels_name_is_read_as_its_call_sign():
    """After a marker (call sign, C/S; letters spoken apart joined), or as the last word when it is a
    listed vessel's call sign: the name is read without it, the call sign used as --callsign."""
    from seasentry.screening.query_readings import callsign_reading

    assert callsign_reading("KESTRAMAR call sign E Q R T", frozenset()) == ("KESTRAMAR", "EQRT")
    assert callsign_reading("TARVOLINE / C/S 9HQX7", frozenset()) == ("TARVOLINE", "9HQX7")
    assert callsign_reading("TARVOLINE 9HQX7", frozenset({"9HQX7"})) == ("TARVOLINE", "9HQX7")
    assert callsign_reading("TARVOLINE 9HQX7", frozenset()) is None   # an unknown last word stays a word
    idx = _vessels()
    assert _vessel_score(idx, "KESTRAMAR call sign E Q R T", "v2") >= ALERT
    assert _vessel_score(idx, "TARVOLINE 9HQX7", "v1") >= ALERT
    hit = [m for m in idx.screen_vessel(name="TARVOLINE 9HQX7") if m["entity_id"] == "v1"][0]
    assert hit["explanation"]["query_reading"]["callsign"] == "9HQX7"


def test_a_name_spelled_in_the_spelling_alphabet_is_read():
    from seasentry.screening.query_readings import spelled_reading

    assert spelled_reading("Hotel Oscar Lima Mike Alfa Victor India Kilo") == "HOLMAVIK"
    assert spelled_reading("I spell Kilo Alfa Papa") is None   # three letters: too short to be read
    idx = _vessels()
    assert _vessel_score(idx, "Hotel Oscar Lima Mike Alfa Victor India Kilo - 9HZZ1", "v3") >= ALERT


def test_a_vessels_particulars_after_its_name_cost_a_little():
    idx = _vessels()
    assert _vessel_score(idx, "M/T ZAFRELLO, 42,150 GT, Maltese flag", "v4") >= ALERT
    assert _vessel_score(idx, "HOLMAVIK (built 2004)", "v3") >= ALERT
