"""(Sixteenth round) The abbreviations shipping registers and compliance lists write in companies' names.

Ship registers and the databases built on them (IHS/S&P Global Sea-web, Lloyd's List Intelligence,
Equasis, which takes its company names from them) shorten the generic words of a company's name to
fit a fixed-width field: ARASH SHPG ENTERPRISES LTD is ARASH SHIPPING ENTERPRISES LIMITED, VELMUR MGMT
PTE LTD is VELMUR MANAGEMENT PTE LTD, SYNERGY GEN TRDG FZE is SYNERGY GENERAL TRADING FZE. OFAC writes
some too (KOREAN POLISH SHPG CO LTD, KOREA MARINE & INDUSTRIAL TRDG, OIL TANKERS SCF MGMT FZCO). A word
read here is an alternative reading of the name (``orgwords.translate_org_name``), in the query and in
the lists' names alike; the name as written is still compared.

Sources. No maintained machine-readable table of these register abbreviations was found (rigour's
address data reads SHPG as *shopping*, the street-address sense); the table is the abbreviations as the
registers print them (Equasis company names; the IHS Sea-web / Lloyd's Register "Shpg", "Mgmt", "Nav",
"Trdg", "Mar" forms), checked against the SEC EDGAR conformed company names, which use the same
shortenings (INTL, HLDGS, SVCS, MGMT, MFG, INDL, ASSN, BROS, DEVT, INVT, CORP), and the Oxford English
Dictionary's abbreviations for the meaning. A word that is also an ordinary word or a name part (Gen,
Nav, Mar, Eng, Dev, Log, Ent, Ind, Serv, Bros, Tpt) is read only in a name that also holds a company's
legal form or another register abbreviation (Dev Patel, Mar Azul, Log Cabin stay as written).
"""

from __future__ import annotations

#: abbreviations that are no word of their own: read wherever they stand
REGISTER_ABBREVIATIONS = {
    "shpg": "shipping", "shipg": "shipping", "trdg": "trading", "mgmt": "management", "mgt": "management",
    "shipmgmt": "ship management", "shipmgt": "ship management",
    "indl": "industrial", "inds": "industries", "petchem": "petrochemical", "petrochem": "petrochemical",
    "hldg": "holding", "hldgs": "holdings", "svcs": "services", "svc": "service", "engg": "engineering",
    "invt": "investment", "invts": "investments", "devt": "development", "mfg": "manufacturing",
    "assn": "association", "transp": "transport", "entpr": "enterprise", "entprs": "enterprises",
    "entps": "enterprises", "natl": "national", "navig": "navigation", "grp": "group", "coop": "cooperative",
    "corpn": "corporation", "mktg": "marketing", "contg": "contracting", "constn": "construction",
    "cnstn": "construction", "tankshpg": "tanker shipping", "agcy": "agency", "agy": "agency",
}
#: abbreviations that are also ordinary words or name parts: read only beside a legal form or
#: another register abbreviation
REGISTER_AMBIGUOUS = {
    "gen": "general", "nav": "navigation", "mar": "maritime", "eng": "engineering", "dev": "development",
    "log": "logistics", "ent": "enterprise", "ind": "industrial", "serv": "services", "bros": "brothers",
    "tpt": "transport", "petro": "petroleum", "chem": "chemical", "comm": "commercial", "tech": "technology",
    # Turkish: Sanayi (industry), Endüstri; the Turkish Trade Registry Gazette's "San. ve Tic. A.Ş."
    "san": "sanayi", "end": "endustri",
}
#: Turkish company-name abbreviations as the Türkiye Ticaret Sicili Gazetesi (Turkish Trade Registry
#: Gazette) and the lists print them (MACPAR MAKINA SAN VE TIC A.S.; Ticaret trade, Dış Ticaret foreign
#: trade, Pazarlama marketing, İthalat import, İhracat export, İnşaat construction, Nakliyat transport,
#: Turizm tourism, Şirketi company): no English or Turkish word of their own
REGISTER_ABBREVIATIONS.update({"tic": "ticaret", "paz": "pazarlama", "ith": "ithalat", "ihr": "ihracat",
                               "ins": "insaat", "nak": "nakliyat", "turz": "turizm", "sti": "sirketi"})
#: (bracketed) a company's country as Singapore's, Malaysia's and Hong Kong's registers have it written
#: in the name (ACRA: X (S) PTE. LTD.; SSM: X (M) SDN. BHD.; X (HK) LIMITED): read as the country's name,
#: which the press writes (Wee Tiong (Singapore) Pte Ltd); a one-letter one only beside a legal form;
#: only in an organisation's name (the lists'): in a query of no stated kind the country's two words
#: cost more than the bracketed letters did (X INTL SHIP MGMT LTD (HK) ~ X INTERNATIONAL SHIP
#: MANAGEMENT LTD fell from 0.930 to 0.885 in the first version)
BRACKET_COUNTRY = {"s": "singapore", "m": "malaysia", "hk": "hong kong", "sg": "singapore"}


def register_context(words) -> bool:
    """Whether a name's words (lower case, stripped) hold a register abbreviation or a legal form, so
    that the ambiguous abbreviations are read."""
    from .orgwords import is_legal_form
    return any(w in REGISTER_ABBREVIATIONS or (len(w) >= 2 and is_legal_form(w)) for w in words)


def register_word(word: str, context: bool) -> str | None:
    """The English word(s) a register abbreviation stands for, or None (``word`` lower case, stripped)."""
    en = REGISTER_ABBREVIATIONS.get(word)
    if en is None and context:
        en = REGISTER_AMBIGUOUS.get(word)
    return en


def bracket_country(token: str, context: bool) -> str | None:
    """(Sixteenth round) The country a bracketed register abbreviation names ((S), (M), (HK)), or None."""
    if not (token.startswith("(") and token.endswith(")")):
        return None
    w = token[1:-1].strip(".").lower()
    en = BRACKET_COUNTRY.get(w)
    return en if en is not None and (context or len(w) > 1) else None
