"""Session 16, twenty-first round (21b): organisations' names with a kind word (BANK, SHIPPING ...) asked
for without their legal forms, checked on other listed names of the same families than holdout21's rows
(docs/screening.md, "Session 16 (21b)"), and made-up Arabic company names.

- the listed organisation's name with its legal forms read off, holding a rare or coined word, is the
  listed name (matcher._distinct_name_exact): an alert, whatever kind or trade words it also holds;
- JSCB (joint-stock commercial bank, АКБ) is a register form, and OFAC's PJSC STOCK COMMERCIAL BANK reads so;
- a query's generic word met in another language's spelling (Bank ~ BANCO) carries no more information
  than met as written (NameInfo.org_vocab_info);
- an Arabic query writing the word company before one proper word, against a listed company, is not
  discounted as a lone word across scripts (matcher._company_word_against_company): a review."""

from __future__ import annotations

import pytest

from screening_rounds import ALERT, REVIEW, found
from screening_rounds import org as _org
from seasentry.screening import ScreeningIndex
from seasentry.screening import matcher
from seasentry.screening import orgwords
from seasentry.screening.orgwords import word_class

ALERT_ = ALERT - 1e-9    # the index rounds scores to four digits
REVIEW_ = REVIEW - 1e-9


@pytest.fixture(scope="module")
def orgs() -> ScreeningIndex:
    # listed names of the SDN list (2024-05-03): the words' information comes from the reference counts
    # of the lists, so these score as on the whole list
    return ScreeningIndex([
        _org("ak", "JOINT STOCK COMMERCIAL BANK AK BARS PUBLIC JOINT STOCK COMPANY"),
        _org("rcc", "LIMITED LIABILITY COMPANY RCC TRADING"),
        _org("sitti", "SITTI GENERAL TRADING LLC"),
        _org("chel", "JOINT STOCK COMMERCIAL BANK CHELINDBANK"),
        _org("novi", "JOINT STOCK COMMERCIAL BANK NOVIKOMBANK"),
        _org("ifc", "JOINT STOCK COMPANY JOINT STOCK COMMERCIAL BANK INTERNATIONAL FINANCIAL CLUB"),
        _org("vtb", "VTB BANK PUBLIC JOINT STOCK COMPANY"),
        _org("vtba", "BANCO VTB AFRICA SA"),
        _org("alfab", "JOINT STOCK COMPANY ALFA-BANK"),
        _org("alfa", "ALFA TRADING COMPANY"),
        _org("ras", "RAWASI LLC"),
        _org("nak", "NAKHEEL LLC"),
    ])


@pytest.mark.parametrize("q, eid", [
    ("RCC Trading", "rcc"),                        # a trade word beside the name, the form read off
    ("Sitti General Trading", "sitti"),
    ("Ak Bars", "ak"),                             # JOINT STOCK COMMERCIAL BANK and PJSC read off
    ("Chelindbank", "chel"),                       # ... one coined word and forms only (twentieth round)
    ("Novikombank", "novi"),
    ("International Financial Club", "ifc"),       # (0.9005 on the base: the rarest word was jscb)
    ("VTB Bank", "vtb"),                           # a kind word beside a rare word
])
def test_listed_name_without_legal_forms_alerts(orgs, q, eid):
    assert found(orgs, q, eid) >= ALERT_ + 0.001


@pytest.mark.parametrize("q, eid", [
    ("Alfa Bank", "alfab"),              # ALFA: a word of running text in several languages
    ("Alpha Trading", "alfa"),
    ("Rcc Trading Africa", "rcc"),       # a word more: not the listed name
    ("Banco VTB Africa Bank", "vtb"),
])
def test_not_the_listed_name_or_common_words_stay_below_alert(orgs, q, eid):
    assert found(orgs, q, eid) < ALERT_


def test_translated_kind_word_does_not_outweigh_the_exact_one(orgs):
    # BANCO VTB AFRICA SA ranked first (0.888) over VTB BANK PUBLIC JOINT STOCK COMPANY (0.860) on the base
    for q in ("Bank VTB", "VTB Bank", "Банк ВТБ"):
        hits = orgs.screen_name(q, explain=False, min_score=0.3)
        assert hits[0]["entity_id"] == "vtb"
        assert found(orgs, q, "vtba") < ALERT_
    # the information of the pair Bank ~ BANCO is at most that of Bank ~ BANK
    q = matcher.NameInfo("Bank Velkor", matcher.prepare_name("Bank Velkor")[0])
    k = [t.text for t in q.tokens].index("bank")
    assert q.org_vocab_info is not None and q.org_vocab_info[k] < q.info[k]


def test_jscb_is_a_register_form():
    assert word_class("jscb") == "legal"
    toks = matcher.prepare_name("PUBLIC JOINT STOCK COMPANY STOCK COMMERCIAL BANK TAVRIDSKY INVESTMENT BANK",
                                "Organization")[0]
    assert [t.text for t in toks][:2] == ["pjsc", "jscb"]


def test_arabic_company_word():
    assert all(orgwords.arabic_company_word(w) for w in ("شركة", "الشركة", "شرکت"))
    assert not orgwords.arabic_company_word("مجموعة") and not orgwords.arabic_company_word("company")


@pytest.mark.parametrize("q, word, eid", [
    ("شركة رواسي", "رواسي", "ras"),
    ("شركة نخيل", "نخيل", "nak"),
    ("الشركة نخيل", "نخيل", "nak"),
])
def test_arabic_company_name_reaches_review(orgs, q, word, eid):
    assert REVIEW_ <= found(orgs, q, eid) < ALERT_
    assert found(orgs, word, eid) < REVIEW_      # the word alone: a word of the language, a place
