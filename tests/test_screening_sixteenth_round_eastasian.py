"""Rules of the sixteenth round of issue 15 for Korean and Chinese person names (docs/screening.md
"Session 13, sixteenth round: Korean and Chinese person names"): Hangul and Han characters read in
the lists' romanisations (eastasian.script_readings); Korean and Chinese names in Latin letters
compared syllable by syllable (eastasian.east_asian_agreement); a date of birth and nationality
written after a name read as --dob/--country (query_text.birth_clause). The entries are written the
way OFAC and the UN write DPRK and Chinese names (family name first, given syllables apart or glued);
the queries are this file's own. Each rule's test fails on s13-int (07ab884)."""

from __future__ import annotations

from screening_rounds import ALERT, REVIEW
from screening_rounds import found as _found
from seasentry.screening import ScreeningIndex
from seasentry.screening.eastasian import east_asian_agreement, hangul_readings, han_readings, wade_giles
from seasentry.screening.model import Entity
from seasentry.screening.query_text import birth_clause, read_query


def _p(eid: str, name: str, aliases=(), countries=("KP",), dobs=()) -> Entity:
    return Entity(eid, "x", "Person", name, aliases=list(aliases), countries=list(countries), birth_dates=list(dobs))


_PEOPLE = [_p("kyc", "KIM, Yong Chol", dobs=["1946"]), _p("rpc", "RI, Pyong Chol", dobs=["1948"]),
           _p("ppj", "PAK, Pong Ju", dobs=["1939-04-10"]), _p("hyc", "HYON, Yong Chol"),
           _p("jyh", "JONG, Yong Hak"), _p("cst", "CHOE, Son Hui", dobs=["1964"]),
           _p("kcs", "KIM, Chol Sam"), _p("mxh", "MA, Xiaohong", countries=["CN"], dobs=["1971-05-08"]),
           _p("szh", "SUN, Zhenhua", countries=["CN"]), _p("lcm", "LIN, Chih Ming", countries=["TW"]),
           _p("rsg", "RYOM, Song Gun")]


def _idx() -> ScreeningIndex:
    return ScreeningIndex(_PEOPLE)


def test_hangul_read_in_the_dprk_mr_and_rr_spellings():
    """ISO/TR 11941 table 1 (DPRK 1992), McCune-Reischauer, Revised Romanization: the syllables'
    letters by arithmetic on U+AC00..U+D7A3."""
    assert hangul_readings("김영철")[0] == "KIM YONG CHOL"
    assert hangul_readings("박봉주") == ["PAK PONG JU", "BAK BONG JU"]   # DPRK, RR
    assert hangul_readings("정용학")[0] == "JONG YONG HAK"
    assert hangul_readings("최룡일")[0] == "CHOE RYONG IL"
    assert hangul_readings("Kim") == []


def test_han_read_in_pinyin_and_wade_giles():
    assert han_readings("马晓红")[0] == "MA XIAOHONG"
    assert "LIN CHIH MING" in han_readings("林志明")
    assert [wade_giles(s) for s in ("xiao", "zhi", "qing", "zhong", "guo", "jian")] == \
        ["hsiao", "chih", "ching", "chung", "kuo", "chien"]


def test_names_in_hangul_and_han_find_their_entries():
    """Scored as written, a name in Hangul or Han characters met nothing (0.0 before)."""
    idx = _idx()
    assert _found(idx, "김영철", "kyc") >= ALERT
    assert _found(idx, "리병철", "rpc") >= ALERT
    assert _found(idx, "박봉주", "ppj") >= ALERT
    assert _found(idx, "정용학", "jyh") >= ALERT
    assert _found(idx, "최선희", "cst") >= ALERT
    assert _found(idx, "马晓红", "mxh") >= ALERT
    assert _found(idx, "馬曉紅", "mxh") >= ALERT        # traditional characters
    assert _found(idx, "林志明", "lcm") >= ALERT        # Wade-Giles entry
    # another name's syllables are another person: the reading must agree syllable by syllable
    assert _found(idx, "김철수", "kcs") < REVIEW
    assert _found(idx, "현영수", "hyc") < REVIEW


def test_latin_korean_names_agree_syllable_by_syllable():
    """RR and customary spellings of the lists' DPRK spellings reach alert; a given name of other
    syllables (one added, one changed) stays below review whatever the string likeness."""
    assert east_asian_agreement("GIM YEONG-CHEOL", "KIM, Yong Chol") is True
    assert east_asian_agreement("LEE BYEONG CHEOL", "RI, Pyong Chol") is True
    assert east_asian_agreement("KIM YONG-CHOL-SU", "KIM, Yong Chol") is False
    assert east_asian_agreement("YEOM SEONG-GEUN", "RYOM, Song Gun") is True
    assert east_asian_agreement("MARIA LOPEZ", "LOPEZ, Maria") is None
    idx = _idx()
    assert _found(idx, "GIM YEONG-CHEOL", "kyc") >= ALERT
    assert _found(idx, "LEE BYEONG-CHEOL", "rpc") >= ALERT
    assert _found(idx, "CHOI SEON-HUI", "cst") >= ALERT
    assert _found(idx, "SUN ZHEN-HUA", "szh") >= ALERT
    assert _found(idx, "LIN ZHIMING", "lcm") >= ALERT   # pinyin of a Wade-Giles entry
    assert _found(idx, "KIM YONG-CHUL", "kyc") >= ALERT
    # namesakes: the same family name, other given-name syllables
    assert _found(idx, "KIM YONG-CHUN", "kyc") < REVIEW
    assert _found(idx, "KIM CHOL-SU", "kcs") < REVIEW
    assert _found(idx, "SUN ZHEN-MING", "szh") < REVIEW
    assert _found(idx, "LEE PYONG-CHUL-MIN", "rpc") < REVIEW


def test_birth_date_and_nationality_read_after_the_name():
    assert birth_clause("KIM YONG CHOL DOB 30.03.1946 DPRK") == ("KIM YONG CHOL", "1946-03-30", "KP")
    assert birth_clause("PAK PONG JU, b. 10 Apr 1939, North Korea") == ("PAK PONG JU", "1939-04-10", "KP")
    assert birth_clause("MA XIAOHONG DOB 05/08/1971 CHN") == ("MA XIAOHONG", "1971", "CN")  # day/month unsure
    assert birth_clause("RI PYONG CHOL 1948") == ("RI PYONG CHOL", "1948", None)
    assert birth_clause("HYON YONG CHOL (DPRK, 1949-11-11)") == ("HYON YONG CHOL", "1949-11-11", "KP")
    # numbers that are not a birth: a ship's, a company's, a year alone after one word
    assert birth_clause("MARIE DE LOURDES 5")[1] is None
    assert birth_clause("ALPHA 1999 LTD")[1] is None
    assert birth_clause("ZORBA 1999")[1] is None
    qt = read_query("KIM YONG CHOL DOB 30.03.1946 DPRK", "Person")
    assert (qt.name, qt.dob, qt.nationality) == ("KIM YONG CHOL", "1946-03-30", "KP")


def test_birth_written_in_the_query_qualifies_as_the_options_do():
    """The date and nationality were scored as name parts (the listed person below alert); read,
    they raise an agreeing entry and lower a disagreeing one exactly as --dob/--country do."""
    idx = _idx()
    assert _found(idx, "PAK PONG-JU DOB 10.04.1939 DPRK", "ppj") >= ALERT
    assert _found(idx, "MA XIAOHONG, b. 8 May 1971, China", "mxh") >= ALERT
    opt = _found(idx, "PAK PONG JU", "ppj", dob="1985", country="KR")
    assert _found(idx, "PAK PONG JU, B. 1985, ROK", "ppj") == opt < _found(idx, "PAK PONG JU", "ppj")
