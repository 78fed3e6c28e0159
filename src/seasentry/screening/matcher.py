"""Name comparison with explanations.

A name is a bag of parts (``text.Token``). Two names are compared part by part:

1. part similarity: the transliteration model of ``phonetic`` (a weighted edit distance over
   sound units, across Arabic and Latin script and between Latin spellings), and within one script
   also the edit similarity of the folded text (rapidfuzz OSA); an initial matches a part with the
   same first letter;
2. parts are aligned greedily, best pair first, each part used once, so order does not matter
   ("QADHAFI, Muammar" = "Muammar Qadhafi");
3. every part weighs what it tells: rare parts 1, common ones (Mohammed, Ali, Abu, Company, Ltd)
   down to ``min_part_weight``, from how often they occur on the lists and in reference name data
   (``frequency``); a person's middle names (father's and grandfather's names in the Arabic chain)
   weigh ``middle_name_weight``;
4. coverage of each side = weighted share of its parts that found a partner (times similarity);
   the score is the coverage of the shorter name, discounted by how much of the longer name is
   left unexplained;
5. discounts: a match resting on one part of a multi-part name; a person whose given name is not
   the candidate's (a relative with the same family name); and the score is capped by the
   information the matched parts carry (two common parts cannot make an alert, one word alone
   never does, and one word matched across scripts stays below review when it is not exact);
6. vessel names: numbers must agree (MARIE DE LOURDES I is not V and not MARIE DE LOURDES);
7. qualifiers (date of birth, nationality, flag, vessel type) raise or lower the result.

Every weight is a ``MatchWeights`` field, documented there and reported in the explanation.
"""

from __future__ import annotations

from functools import lru_cache

import itertools
import re
import unicodedata
from dataclasses import asdict, dataclass

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from . import phonetic
from .orgvocab import SAME_CONCEPT
from .eastasian import east_asian_agreement, east_asian_parts
from .frequency import NameFrequency, ar_spelling_variants, arabic_spellings, reference_only
from .namesake import _FILIATION as _NAMESAKE_FILIATION
from .namesake import (namesake_form, org_new_word_missing, slavic_glide_pairs, surname_conflict, surname_roles,
                       two_surnames)
from .soundalike import translated_word_sound_pairs
from .somali import AYN, is_somali_spelling, somali_units
from .orgwords import (KIND_GROUP, PLACE_COUNTRY, arabic_company_word, arabic_relative_adjective, english_vocabulary,
                       is_legal_form, place_word,
                       translate_org_name, word_class)
from .common_words import common_word
from .toponyms import toponym_generic
from .text import (_CARON, _CYR_ACCENTED, _MUHAMMAD_SHORT, _ROMAN, _with_readings, PARTICLES, Token, _latin_token,
                   is_arabic, _plain_latin_units,
                   normalize_arabic, query_article_readings,
                   reorder_family_first, script_of, title_words, to_ascii, tokenize_name)
from .xscript import CYRILLIC_SHIP_PREFIX
from .xscript import VESSEL_RANKS as XSCRIPT_VESSEL_RANKS

try:
    from rigour.names.org_types import replace_org_types_compare as _org_compare
except Exception:  # pragma: no cover - rigour is a declared dependency
    _org_compare = None

ABJADS = {"arabic", "hebrew"}
_ORG_FORM_MAP = {"coltd": "co ltd", "company": "co", "limited": "ltd", "corporation": "corp", "incorporated": "inc",
                 "airlines": "air", "airline": "air", "airways": "air"}
# Words that say what kind of body an organisation is, not which one (Kaniyat Brigade = KANIYAT
# MILITIA, Mouvement Hasm = HASM, Waatasemu Charity Society = ... CHARITY ASSOCIATION): in an
# organisation's name (or a name of no stated kind) they weigh least, like legal forms
GENERIC_ORG_WORDS = {"militia", "militias", "brigade", "brigades", "battalion", "battalions", "movement", "mouvement",
                     "movimento", "movimiento", "group", "groupe", "gruppo", "society", "societe", "association",
                     "foundation", "fondation", "organization", "organisation", "front", "network", "army",
                     # and the kinds of bodies orgwords translates Arabic and French names into
                     "party", "forces", "guard", "council", "authority", "office", "division", "corps", "league",
                     "union", "province",
                     # (seventh round) what kind of medium or company it is (AL MANAR TV = Al-Manar)
                     "tv", "television", "channel", "group",
                     # (twentieth round) rigour's reading of NPO and of charitable organisation (orgwords)
                     "ngo",
                     # (thirteenth round) the Mexican company forms rigour writes as one word (S.A. de C.V.
                     # = sacv, S. de R.L. de C.V. = srlcv, S.A.P.I. de C.V. = sapicv): legal forms, rarer on
                     # the lists than Ltd but no more telling
                     "sacv", "srlcv", "sapicv"}
# (twelfth round) an abbreviation written with full stops is also the letters together (U.K. = UK,
# T.M.G. = TMG: usage with or without full stops, e.g. the Chicago Manual of Style 10.4; the lists
# write BIMEH IRAN INSURANCE COMPANY (U.K.) LIMITED, T.M.G. ENGINEERING LIMITED and its alias TMG
# Ltd.); letters written apart with spaces stay initials
_DOTTED_ABBREVIATION = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?![\w])")


# (fourteenth round) letters written with full stops, two to five (W.L.L., S.A.L., A.S., d.o.o.)
_DOTTED_FORM = re.compile(r"(?<![\w.])((?:[^\W\d_]{1,3}\.){2,5}[^\W\d_]{0,3})(?![\w])")


def _undot_legal_form(m: re.Match) -> str:
    bare = m.group(1).replace(".", "")
    return bare if is_legal_form(to_ascii(bare).lower()) else m.group(0)


def undotted(name: str) -> str | None:
    """``name`` with its abbreviations written with full stops written without them, or None when
    it has none (twelfth round: an alternative reading of a listed organisation's name)."""
    new = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), name or "")
    return new if new != name else None
_ORG_FORMS = re.compile(r"\b(?:" + "|".join(_ORG_FORM_MAP) + r")\b")
_IN_WORD = re.compile(r"(?:^|(?<!\s)\s+)in(?:\s+|$)")  # (seventh round: also 'in' alone, a run of an Arabic name's reading)
# (session 16, 21b) OFAC's rendering of ПАО АКБ, АО АКБ: the joint-stock form, then the rest of АКБ
# (PUBLIC JOINT STOCK COMPANY STOCK COMMERCIAL BANK METALLURGICAL INVESTMENT BANK), or that rest first in
# the name: the register's form of a bank, jscb (orgwords.REGISTER_FORMS_21), after rigour read the
# joint-stock form
_STOCK_COMMERCIAL_BANK = re.compile(r"(^\s*|\b(?:pjsc|jsc|ojsc|cjsc)\s+)stock\s+commercial\s+bank\b")
_REGISTRATION_DASH = re.compile(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])")
_VESSEL_RANK_MAP = {"kapitan": "captain", "kapitän": "captain", "capitan": "captain", "capitán": "captain",
                    "capitaine": "captain", "kaptan": "captain", "kapiten": "captain",
                    "admiral": "admiral", "amiral": "admiral", "ammiraglio": "admiral", "almirante": "admiral",
                    # (ninth round) St. is Saint in a ship's name (ST. VITAMIN = SAINT VITAMIN)
                    "st": "saint"}
#: (ninth round) words in a ship's name that say what kind of unit it is, not which: a floating
#: storage (and offloading / regasification) unit, FSU, FSO, FPSO, FSRU (KORYAK FSU = KORYAK); they
#: weigh nothing, like the particles a vessel's name keeps
VESSEL_KIND_WORDS = frozenset({"fsu", "fso", "fpso", "fsru"})
_VESSEL_RANKS = re.compile(r"\b(?:" + "|".join(_VESSEL_RANK_MAP) + r")\b", re.I)
_XSCRIPT_RANKS = re.compile(r"\b(?:" + "|".join(XSCRIPT_VESSEL_RANKS) + r")\b", re.I)
# prefixes saying what kind of ship (motor vessel, motor tanker, steamship, fishing vessel and, tenth
# round, motor yacht, sailing yacht, research vessel): not part of the name
_VESSEL_PREFIX = re.compile(r"^\s*(?:m/?v|m/?t|s/?s|f/?v|m/?y|s/?y|r/?v|mv\.|mt\.|my\.|m\.v\.|m\.t\.|m\.y\.)\s+",
                            re.I)
# (thirteenth round) the word before a ship's name that says what kind of ship it is, as the Persian
# and Arabic press write it where English writes M/V or M/T (کشتی آذرگون "the ship Azargoun", نفتکش
# آیناز "the tanker Aynaz", ناقلة النفط أدريان داريا "the oil tanker Adrian Darya"), and the Romance
# press (le pétrolier X, la petroliera X, el buque X): not part of the name. Sources: the Aryanpur
# Progressive Persian-English Dictionary and Hans Wehr's Dictionary of Modern Written Arabic (4th ed.)
# for the words; IMO ship-type terms (tanker, cargo ship, tug, fishing vessel, warship) for what they
# are. Persian: ship, cargo / merchant / container / fishing / passenger ship, warship, tanker (written
# as one word, with a half-space or apart), warship (ناو), destroyer, frigate (ناوچه), submarine, dhow
# (لنج), tug, boat, craft (شناور). Arabic: ship, cargo ship, warship, fishing vessel, tanker, oil and
# gas tanker, steamer, boat, destroyer, frigate, submarine. Only English-free words of other languages
# in Latin script: an AIS name is the registered name (TUG CHAMPION, NOAA SHIP SHIMADA keep their words)
_VESSEL_TYPE_PHRASES_RAW = (
    # Persian
    "کشتی", "کشتی باری", "کشتی تجاری", "کشتی کانتینری", "کشتی کانتینربر", "کشتی ماهیگیری", "کشتی جنگی",
    "کشتی مسافربری", "کشتی نفتکش", "کشتی فله بر", "کشتی فله‌بر", "نفتکش", "نفت کش", "ناو", "ناو جنگی",
    "ناوشکن", "ناوچه", "زیردریایی", "لنج", "یدک‌کش", "یدک کش", "قایق", "شناور",
    # Arabic (with and without the article)
    "سفينة", "السفينة", "سفينة شحن", "سفينة الشحن", "السفينة الحربية", "سفينة حربية", "سفينة صيد",
    "سفينة الصيد", "ناقلة", "الناقلة", "ناقلة نفط", "ناقلة النفط", "ناقلة غاز", "ناقلة الغاز", "باخرة",
    "الباخرة", "مركب", "المركب", "قارب", "القارب", "زورق", "الزورق", "مدمرة", "المدمرة", "فرقاطة", "الفرقاطة",
    "غواصة", "الغواصة",
    # French, Italian, Spanish, Portuguese (accents stripped as the tokeniser strips them)
    "petrolier", "navire", "petroliera", "nave", "petrolero", "buque", "navio",
    # (fourteenth round) the word for ship, vessel, tanker or boat before the name in the other languages
    # of the region and of shipping (see _VESSEL_TYPE_AFTER_RAW for those that write it after). French,
    # Italian, Spanish, Portuguese: trawler, tug, freighter, fishing boat, motor ship, ship-tanker
    "chalutier", "remorqueur", "peschereccio", "motonave", "rimorchiatore", "mercantile", "barco", "pesquero",
    "carguero", "remolcador", "buque tanque", "petroleiro", "cargueiro", "rebocador", "pesqueiro", "navio tanque",
    "navio-tanque",
    # Maltese (il-vapur, il-bastiment, it-tanker: the article joined by a hyphen)
    "vapur", "il-vapur", "bastiment", "il-bastiment", "it-tanker",
    # German, Dutch (with the article only: schip, Schiff are no English words, tanker is)
    "schiff", "tankschiff", "frachter", "frachtschiff", "motorschiff", "oltanker", "schip", "vrachtschip",
    "tankschip", "olietanker", "vissersboot", "sleepboot", "de tanker", "der tanker", "die tanker",
    # Swedish, Norwegian, Danish (the definite form: fartyget "the ship"), Finnish
    "fartyget", "fartyg", "tankfartyget", "lastfartyget", "skeppet", "skipet", "tankskipet", "fartoyet", "skibet",
    "tankskibet", "fartojet", "alus", "laiva", "tankkeri", "rahtilaiva", "sailioalus",
    # Polish, Romanian, Russian and Ukrainian (Latin and Cyrillic), Greek
    "statek", "statku", "tankowiec", "drobnicowiec", "kontenerowiec", "nava", "navei", "vasul", "petrolierul",
    "sudno", "teplokhod", "судно", "танкер", "теплоход", "сухогруз", "корабль", "траулер", "буксир", "плавзавод",
    "πλοίο", "δεξαμενόπλοιο", "φορτηγό πλοίο", "ploio",
    # Indonesian and Malay, Tagalog (barkong: barko and its linker), Chinese
    "kapal", "kapal tanker", "kapal kargo", "kapal ikan", "kapal tunda", "kapal dagang", "barko", "barkong",
    "船", "船只", "油轮", "货轮", "渔船",
)
_VESSEL_TYPE_ARTICLES = frozenset({"le", "la", "il", "el", "o", "lo", "l'", "het", "de", "das", "der", "die",
                                   "ang", "το", "ο", "η"})
# (fourteenth round) ... and after the name: Turkish writes X gemisi ("X's ship", the ship X), X tankeri,
# X yatı, X teknesi; Hungarian X hajó (and its cases hajót, hajón, hajóra, hajónak, hajóval: accusative,
# superessive, sublative, dative, instrumental), X tartályhajó (tanker), X teherhajó (freighter), X
# halászhajó (fishing boat); Chinese X号, X轮 (written apart)
_VESSEL_TYPE_AFTER_RAW = (
    "gemisi", "tankeri", "yati", "teknesi", "silebi", "balikci gemisi", "kargo gemisi", "petrol tankeri",
    "hajo", "hajot", "hajon", "hajora", "hajonak", "hajoval", "tartalyhajo", "tartalyhajot", "teherhajo",
    "teherhajot", "halaszhajo", "halaszhajot", "号", "轮", "号轮",
)


def _vessel_type_key(word: str) -> str:
    if is_arabic(word):
        return normalize_arabic(word)
    if script_of(word) == "latin":
        return to_ascii(word).lower().replace("’", "'")
    # other scripts as written, accents aside (Cyrillic танкер is not the English TANKER)
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(ch))


_VESSEL_TYPE_PHRASES = frozenset(tuple(_vessel_type_key(w) for w in p.split()) for p in _VESSEL_TYPE_PHRASES_RAW)
_VESSEL_TYPE_AFTER = frozenset(tuple(_vessel_type_key(w) for w in p.split()) for p in _VESSEL_TYPE_AFTER_RAW)


def _shared_title_one_name(qi: "NameInfo", ci: "NameInfo") -> bool:
    """(Session 15, twentieth round) Both names write the same religious title (text.title_words: Haji,
    Mawlawi, Mawlana, Qari, Sheikh, Mullah ... in Latin or Arabic letters) beside one name: the form of
    14 of the 7,538 listed persons' names (UN 2025-04-19, OFAC SDN 2024-05-03: NOORULLAH, Haji;
    INAYATULLAH, Maulawi; TAYSIR, Hajji; FAZLULLAH, Maulana; ZAKIR, Qari). The title is how the person
    is named, so the query is not one lone word: met in the same script with its rare name it is the
    listed name (the exact-rare-name floor, as a kunya), across scripts it is not discounted as a lone
    word (cross_script_single_part: حاجي نور الله ~ NOORULLAH, Haji stays a review, a town's one word
    has no title)."""
    return bool(qi.titles and ci.titles and qi.titles & ci.titles)


def drop_vessel_type_words(name: str) -> str:
    """(Thirteenth round) ``name`` without the words before a ship's name that say what kind of ship
    it is (``_VESSEL_TYPE_PHRASES``), when a name is left (a word other than a number)."""
    words = name.split()
    if len(words) < 2:
        return name
    keys = [_vessel_type_key(w) for w in words]
    k = 0
    while k < len(words):
        a, n = 0, next((n for n in (3, 2, 1) if tuple(keys[k:k + n]) in _VESSEL_TYPE_PHRASES), 0)
        if not n and keys[k] in _VESSEL_TYPE_ARTICLES and not is_arabic(words[k]):
            a, n = 1, next((n for n in (3, 2, 1) if tuple(keys[k + 1:k + 1 + n]) in _VESSEL_TYPE_PHRASES), 0)
        if not n or not any(not x.isdigit() for x in keys[k + a + n:]):
            break
        k += a + n
    end = len(words)
    while end - k >= 2:   # (fourteenth round) the word after the name (Dawnlight gemisi, Hasna hajó)
        n = next((n for n in (2, 1) if end - n > k and tuple(keys[end - n:end]) in _VESSEL_TYPE_AFTER), 0)
        if not n or not any(not x.isdigit() for x in keys[k:end - n]):
            break
        end -= n
    return " ".join(words[k:end]) if (k or end < len(words)) else name


_PERSIAN_LETTER_READING = {"TH": "S", "DH": "Z", "Z_": "Z", "D_": "Z"}


def _persian_units(units: tuple[int, ...], v: bool) -> tuple[int, ...]:
    names = [phonetic.UNITS[u] for u in units]
    out = [_PERSIAN_LETTER_READING.get(n) or ("V" if v and n in ("W", "WU") and k < len(names) - 1 else n)
           for k, n in enumerate(names)]
    if len(out) > 2 and out[-1] == "TM":   # a silent final ه after a consonant: -eh (ترمه Termeh)
        out[-1:] = ["E", "H"]
    return tuple(phonetic.U[n] for n in out)


def persian_vessel_readings(tokens: tuple[Token, ...], name: str) -> tuple[Token, ...]:
    """(Thirteenth round) The parts of a ship's name written in Persian (the name or the word before it
    in Persian letters) read as Persian reads its letters, as alternatives for the query: ث = s,
    ذ ظ ض = z, و before the last letter = v (ساویز Saviz, بهنواز Behnavaz; the reading with و as u stays:
    آذرگون Azargoun), a silent ه at the end after a consonant = eh (ترمه Termeh, as the lists write
    Persian words: BIMEH, ZADEH), and a part starting with ال also read whole: in Persian words ال is no article
    (الوان alvan "colours", البرز Alborz, الماس almas). Source: ALA-LC Persian romanization table (2012);
    ``index._persian_reading`` reads the same letters for retrieval."""
    originals = {normalize_arabic(w): w for w in name.split()}
    out = []
    for t in tokens:
        if t.script == "arabic":
            units = list(t.units)
            if t.text.startswith("ال") and len(t.text) > 3:
                # the whole word first: its key is the part's own (how common it is: الوان as alvan)
                units.insert(0, phonetic.arabic_units(originals.get(t.text, t.text)))
            units += [_persian_units(u, v) for u in list(units) for v in (False, True)]
            units = tuple(u for u in dict.fromkeys(units) if u)
            if units != t.units:
                t = Token(t.text, tuple(dict.fromkeys(phonetic.frequency_key(x) for x in units)), t.script, t.orig,
                          units, t.fine, False if len(units) > len(t.units) and t.text.startswith("ال") else t.article)
        out.append(t)
    return tuple(out)


# (thirteenth round) a company's name that starts with one letter joined by a hyphen to a word (B-FINANCE
# LTD, T-RUBBER CO., S-CAPE LIMITED, A-TEAM CHEMICALS, B-WORK S.A.S.: 49 OFAC names have the form, none of
# them a person's) is one word: the letter is no initial, and without it the name is its trade word alone
_LETTER_PREFIX = re.compile(r"^\s*([A-Za-z])-(?=[A-Za-z]{2,})")
_MESSRS = re.compile(r"^\s*M\s*/\s*S\b\.?\s+(?=\S)", re.IGNORECASE)
_GENERATIONAL = re.compile(r"(?<!\s)\s+(?:jr|sr)\.?(?=\s*(?:,|$))", re.I)
_DOUBLE_FAMILY = re.compile(r"^[^\W\d_]{3,}-[^\W\d_]{3,}$")
_KUNYA_FAMILY = re.compile(r"^\s*(?:abu|abou|abo|abd|abdul|abdel)\s+\S+\s*$", re.I)
_PERSIAN_LETTERS = frozenset("یکپچژگ")   # (twelfth round) as index.PERSIAN_LETTERS
#: (twelfth round) countries whose people's names follow the Arabic naming chain (the Arab League's 22
#: members, and Afghanistan and Pakistan, whose lists' names append the father's name): a listed person
#: of one of these nationalities is read as ``NameInfo.nasab`` (the index sets it)
NASAB_COUNTRIES = frozenset({"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS",
                             "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE", "AF", "PK"})
_FILIATION_CHAIN = re.compile(r"\b(?:bin|ibn|ben|bint)\b", re.I)
# (twelfth round) filiation words of Arabic names, Latin and Arabic (NameInfo.nasab)
# (the same pattern namesake.py reads a query's filiation with: one table, kept there)
_FILIATION_ANY = _NAMESAKE_FILIATION
# (tenth round) a first word of two or three consonants before a name of four letters or more in a
# ship's name is an abbreviation of the operator or the kind of ship (NS, HS, SCF, SMP, NP ...: the
# lists write SMP SEVERODVINSK, NP DIKSON, the press SEVERODVINSK): it weighs nothing, like FSU
_VESSEL_ABBREVIATION = re.compile(r"^[bcdfghjklmnpqrstvwxz]{2,3}$")


@dataclass(frozen=True)
class MatchWeights:
    """Weights of the name score and qualifiers. Set on the tuning half of the evaluation set
    (tests/fixtures/screening_eval, docs/screening.md); the qualifier weights follow the order of
    magnitude of nomenklatura's logic-v2 (country_mismatch -0.2, dob_year_disjoint -0.15,
    dob_day_disjoint -0.25)."""

    min_part_similarity: float = 0.72     # parts less alike than this are not the same part
    # (session 14, eighteenth round) a word cut short that opens a word of an organisation's vocabulary
    # (TRANS ~ TRANSPORT, INST ~ INSTITUTE: _abbreviated_vocabulary): this alike, below an exact match
    abbreviated_word_similarity: float = 0.92
    abbreviated_word_min_letters: int = 4   # letters of the cut word (INTL-style register words aside)
    # (session 14, eighteenth round) two English words of one concept (trade/trading, marine/maritime/navy,
    # transport/transportation: orgvocab.SAME_CONCEPT) in two organisations' names: fully alike
    same_concept_similarity: float = 0.95
    part_sim_zero: float = 0.70           # part similarity read as match confidence: 0 here ...
    part_sim_full: float = 0.90           # ... rising linearly to 1 here (Kachlaf ~ Koshlaf 0.89 -> 0.95)
    info_common: float = 1.3              # -log10(share of names with the part) at which it weighs least
    info_rare: float = 2.7                # ... at which it weighs fully (1.0)
    min_part_weight: float = 0.12         # weight of the commonest parts (Mohammed, Ali, Ltd)
    coarse_share: float = 0.25            # a Latin part is at least this share as common as its consonant key
    initial_weight: float = 0.3           # an initial (V. Putin)
    initial_similarity: float = 0.9       # an initial against a part starting with that letter
    middle_name_weight: float = 0.3       # a person's middle names (father's, grandfather's names)
    long_side_share: float = 0.30         # weight of the longer name's coverage in the score
    single_part_factor: float = 0.72      # one informative matching part out of a multi-part name
    single_word_query_factor: float = 0.75  # a one-word query (a family name alone) against a longer name
    org_single_part_factor: float = 0.85  # organisations: one distinctive word is often the whole name
    given_name_conflict: float = 0.75     # the candidate's given name is not in the query (a relative)
    partial_given_cap: float = 0.86       # (twelfth round) a name outside the Arabic naming chain asked for by
    #                                        its second given name and family name, the first given name left
    #                                        out (Rahim Safavi ~ SAFAVI, Yahya Rahim): at most a review (as
    #                                        single_part_cap), since the first given name tells people apart
    doubled_letter_cap: float = 0.86      # (seventeenth round) two spellings of a name part one letter doubled
    #                                        apart that the different-names rule keeps apart (Ayyad عياد / Ayad
    #                                        إياد, Gabril / Jibril): at most a review, like partial_given_cap
    namesake_cap: float = 0.86            # (eighteenth round) a namesake by the form of the name (namesake.py:
    #                                        given name + the mother's family name alone): at most a review,
    #                                        like partial_given_cap (holdout18: Rocco Serrano ~ ALBISINNI SERRANO,
    #                                        Rocco 0.90)
    namesake_against_cap: float = 0.65    # (eighteenth round) evidence against the person (namesake.py: the
    #                                        patronymics disagree, Petrovich / Vadimovich): below review, as
    #                                        not_the_name_cap
    evidence_zero: float = 3.0            # information (sum of -log10 share of the matched parts) below which
    evidence_full: float = 4.6            # the score is capped at evidence_floor; rising to no cap at evidence_full
    evidence_floor: float = 0.55
    part_information_cap: float = 4.0     # one part counts at most this much information
    number_information: float = 1.5       # agreeing numbers of vessel names (SPARTA 4, FU YUAN YU 7617)
    exact_name_floor: float = 0.80        # the cap never falls below this when the names are identical ...
    exact_rare_name_floor: float = 0.92   # ... nor below this when they have two parts or more, one of them
    exact_rare_part_weight: float = 0.8   # at least this rare (GADDAFI, Muhammad = Mohammed Gaddafi)
    typed_evidence_zero: float = 2.0      # the evidence scale for a query typed vessel or organisation
    typed_evidence_full: float = 3.0
    single_part_cap: float = 0.86         # a name resting on one word never alerts by itself ...
    typed_single_part_cap: float = 0.92   # ... unless a vessel or organisation is asked for by one rare exact word
    typed_single_part_weight: float = 0.8  # (rare: part weight at least this)
    vessel_common_word_zipf: float = 3.0  # (nineteenth round) ... but a listed ship's one word that is a common
    #                                        word of running text (wordfreq Zipf frequency, log10 per billion
    #                                        words, at least this in a language of common_words.LANGUAGES:
    #                                        FREEDOM, TANGO, PATRIOT) is a review by name alone (single_part_cap):
    #                                        ships of that name are many; an alert needs the flag, type, call sign
    #                                        or an identifier to agree (index._common_word_vessel_cap)
    vessel_common_variant_zipf: float = 4.0  # (session 16, 22v) ... and a listed word that is a spelling of the
    #                                        query's word (PROGRESS ~ PROGRES) when the query's word is this common
    #                                        (Zipf 4: ten per million words, plain running text; surnames that
    #                                        wordfreq counts, DICKSON 3.3, PAWEL 3.1, stay below it)
    coined_org_word_zipf: float = 3.0     # (twentieth round) a listed organisation's one proper word beside legal
    #                                        forms only (INRESBANK OOO, NPO URALPODSHIPNIK), asked for alone, rare
    #                                        (one_word_org_weight), of 6 letters or more and not a word of running
    #                                        text (wordfreq Zipf below this, common_words): typed_single_part_cap
    one_word_org_weight: float = 0.9      # (sixth round) an untyped one-word query that is the whole one-word
    #                                        name of a listed organisation (SYRIATEL), in the same script, counts as
    #                                        asked for as one when the word is at least this rare on the lists and in
    #                                        the reference names (part weight; a common word stays a review)
    single_part_exact: float = 0.97       # ... and when that word is not the same (part similarity below
    single_part_fuzzy_zero: float = 0.75  # this), it is scaled down linearly, to 0 at single_part_fuzzy_zero
    cross_script_single_factor: float = 0.80  # one word matched across scripts (درنة ~ DORENA)
    weak_alias_factor: float = 0.92       # low-quality aliases (UN 'Low', FtM weakAlias)
    derived_acronym_cap: float = 0.80     # (seventh round) an acronym asked for in capitals (NIOC) against the
    #                                        initials of a listed organisation's name: a review, not an alert
    org_kind_conflict_cap: float = 0.85   # organisations of different kinds (a front, an army): below alert
    org_place_unmatched_cap: float = 0.85  # (sixth round) an organisation's query naming a country the listed
    #                                        name does not (Tunisian Ministry of Interior ~ MINISTRY OF INTERIOR)
    legal_form_weight: float = 0.05      # (fourteenth round) a company's legal form (LLC, B.V., Kft., A.Ş.,
    #                                        PT: orgwords.is_legal_form) in an organisation's name, or at either end
    #                                        of a name of no stated kind: weak evidence of identity (a company is
    #                                        named with another country's form, or none), so weighs nearly nothing
    org_registered_extra_cap: float = 0.88  # (fourteenth round) a company's name written with a legal form and a
    #                                        word the listed name lacks (Falcon Systems Engineering Srl ~ FALCON
    #                                        SYSTEMS): another company, below alert
    short_sound_cap: float = 0.85         # (session 13, last fixes) organisations whose proper words are paired only
    #                                        as two short Latin words spelt apart and met by sound (NIOC ~ NIK): a
    #                                        review at most (an acronym is letters, not sounds)
    short_sound_len: int = 4              # ... short: at most this many letters on either side
    short_sound_spelling: float = 0.6     # ... spelt apart: spelling similarity (OSA) below this (two edits in four)
    not_the_name_cap: float = 0.65        # (session 14) below review: the parts met are not the listed name (a
    #                                        tribe's name against a person's, _tribal_name_only; one untyped word
    #                                        spelt otherwise than a ship's one-word name, _untyped_word_spelt_like_ship)
    org_generic_cap: float = 0.65         # organisations sharing one vocabulary word and no proper word, or
    #                                        vocabulary alone and of different kinds: below review
    generic_translation_cap: float = 0.85  # (session 13) a query read in English (orgwords) against a listed
    #                                        organisation's name of vocabulary alone, no country (SOCIAL DEVELOPMENT
    #                                        FOUNDATION): a review at most (index.vocabulary_only)
    distinct_name_information: float = 3.3  # common Latin names Arabic writes differently are different names
    same_spelling: float = 0.95           # an unromanised Arabic part this alike to a Latin part takes its weight
    concat_factor: float = 0.98           # names segmented differently (FLYING FOX / FLYINGFOX)
    joined_min_similarity: float = 0.90   # ... when the glued names are at least this alike
    dob_match: float = 0.08               # same year of birth
    dob_near_match: float = 0.04          # a year apart (lists give approximate years; the same year ranks first)
    dob_exact_match: float = 0.12         # same full date of birth
    dob_exact_alert_name: float = 0.55    # (sixth round) a full date of birth that agrees to the day, with no
    #                                        qualifier against, makes an alert of a name scoring at least this
    #                                        (the evidence floor: a family name alone, Haddad born 1963-03-28)
    dob_year_mismatch: float = -0.15
    dob_day_mismatch: float = -0.10
    country_match: float = 0.03
    country_mismatch: float = -0.10
    # (sixteenth round) a Korean or Chinese person's name whose family name and given-name syllables
    # agree in order with a listed one's up to the romanisation systems' spellings (eastasian:
    # GIM GYU = KIM, Kyu; HWANG BYEONG-SEO = HWANG, Pyong So) scores at least this; one whose
    # syllables disagree (KIM GYU-RI ~ KIM KYU, WANG ZHI-MING ~ WANG, Zhiqing) stays below review
    east_asian_agree: float = 0.93
    vessel_number_mismatch: float = -0.35  # MARIE DE LOURDES I vs V
    vessel_number_missing: float = -0.15   # MARIE DE LOURDES vs MARIE DE LOURDES V
    flag_match: float = 0.05
    flag_mismatch: float = -0.05
    type_match: float = 0.03
    callsign_match: float = 0.05
    type_mismatch: float = -0.10
    imo_conflict_cap: float = 0.50         # a name hit whose list IMO is not the vessel's IMO
    single_word_vessel_conflict: float = 0.80  # a one-word vessel name hit whose flag or type disagrees
    vowel_shift_cap: float = 0.80         # (fifteenth round) a Latin part with its vowel inside the consonant
    #                                        cluster an Arabic part writes after an initial alef (Lafi ~ الالفي,
    #                                        Hamad ~ احمد): at most this alike (matcher._LATIN_CVC)
    slavic_glide_cap: float = 0.70        # (twentieth round) a Russian or Ukrainian family name and the same
    #                                        letters without a glide й before a consonant (Zhuykov / Zhukov):
    #                                        other families, at most this alike (namesake.slavic_glide_pairs)
    carrier_prefix_cap: float = 0.85      # (sixteenth round) a container line's prefix before one listed word
    #                                        (MSC ARIES ~ ARIES): a review at most (vessel_text.carrier_prefix)
    vessel_short_given_name: float = 0.95  # (sixteenth round) a vessel's name with an initial or short form of
    #                                        the listed given name (V STRIZHOV ~ VLADISLAV STRIZHOV): the name's
    #                                        score times this (the given name is known by its first letters only)
    mmsi_differs_cap: float = 0.85         # a name hit whose list MMSI is not the vessel's, no IMO to confirm, or
    #                                        an AIS identity (MMSI) matched on a one-word name alone
    # (session 14, seventeenth round) a review-level floor on evidence (rare_parts_agree): a person's name of
    # which two parts or more each meet a distinct part of a listed person's name, nearly alike, and carry
    # together at least ``rare_parts_information`` digits of information (-log10 of the share of names
    # holding each part, frequency.py: two names sharing parts of I digits could be that many in 10**I
    # people), is at least a review whatever the caps and factors for a left-out given name, a part in
    # another place or unpaired parts (given_name_conflict, single_part_factor, the evidence floor) made
    # of it. Never an alert: those caps say that something disagrees, which an analyst must look at.
    # The four values were chosen leave-one-set-out over the 15 labelled sets (docs/screening.md,
    # session 14): 12 of the 15 folds chose exactly these (one recovered review miss = one false review)
    rare_parts_floor: float = 0.72        # score given (review threshold 0.70 < this < alert 0.90)
    rare_parts_information: float = 5.5   # digits: least summed information of the agreeing parts
    rare_parts_part_information: float = 2.0  # digits: each counted part at least this rare (not Mohammed, Ali)
    rare_parts_similarity: float = 0.95   # part similarity at which two parts count as agreeing
    rare_parts_unpaired: int = 1          # at most this many query parts without a partner
    # (session 14, eighteenth round) a review-level floor on containment (listed_name_contained): every
    # informative word of a listed name (weight above min_part_weight: not a legal form, not a generic word
    # of bodies, not Mohammed) is met by some query word at ``contained_similarity`` or more, or stands whole
    # as two to four query parts glued (V.F.C. = vfc), whatever else the
    # query says, and the met words' information (capped, digits) reaches ``contained_information``
    contained_floor: float = 0.72          # score given (review threshold 0.70 < this < alert 0.90)
    contained_similarity: float = 0.90     # part similarity at which a listed word counts as met
    contained_share: float = 1.0           # least share of the listed name's weighted information met
    contained_information: float = 5.5     # digits: least information of the met words (several words)
    contained_single_information: float = 99.0  # digits: one informative word (a ship, a body) asked for typed:
    #   off (the sets' real AIS names holding a listed ship's one word, MAGNOLIA STATE ~ MAGNOLIA, SEA HORSE III ~
    #   HORSE, cost about as many false reviews as it recovered: docs/screening.md, eighteenth round)
    contained_single_length: int = 5       # ... and that word this many letters at least
    # (session 14, eighteenth round) a reading of the query that leaves out a tail after a comma, dash or
    # slash or in brackets (query_readings.tail_heads: a place, a code, a flag, a tonnage, a description)
    # is scored less this: words the reader does not know cost a little, not the match (docs/screening.md)
    dropped_tail_cost: float = 0.02
    # (session 15, nineteenth round) an alternative reading of the query's text by hygiene.hygiene_readings
    # (OCR slips read as letters, a handle or hashtag read as words, a right-to-left text read backwards) is
    # scored less this: a reading the text does not literally say orders after the text's own
    # (docs/screening.md, nineteenth round: text hygiene)
    hygiene_reading_cost: float = 0.02
    # ... and a name the hygiene rebuilt whole rather than read (mojibake decoded into another script, a
    # right-to-left text read backwards, a whole-script look-alike read in Latin letters) scores at most this,
    # below alert: the analyst confirms the rebuilt name (holdout19's namesakes Андрей Кузнецов, علي الشريف
    # and أحمد الفيتوري written as mojibake or reversed alert once rebuilt, as their plain writing does)
    rebuilt_cap: float = 0.89


DEFAULT_WEIGHTS = MatchWeights()


# (nineteenth round) the particles of Romance, Dutch and German family names (da Costa, de la Cruz, van
# der Berg, von der Leyen, dos Santos, del Valle, della Rovere)
_EURO_PARTICLES = frozenset({"da", "de", "di", "do", "dos", "das", "du", "del", "dela", "della", "delle", "degli",
                             "la", "le", "lo", "van", "von", "der", "den", "ter", "ten", "y"})


def prepare_name(name: str, schema: str | None = None, listed: bool = False) -> tuple[tuple[Token, ...], int]:
    """Tokenise a name for comparison: list style 'FAMILY, Given' is put in reading order,
    organisation legal forms are normalised with rigour (``Limited`` -> ``ltd``) and vessel
    prefixes (MV, M/T ...) dropped. Returns (tokens, number of family-name words written first
    with a comma, 0 if none)."""
    if not name:
        return (), 0
    fam_words = 0
    written = None
    pre_ascii = None
    persian_vessel = False
    if schema == "Vessel":
        name = _VESSEL_PREFIX.sub("", name)
        persian_vessel = any(ch in _PERSIAN_LETTERS for ch in name)
        name = drop_vessel_type_words(name)
        # (seventh round) a rank in a ship's name in another language is the English rank
        # (KAPITAN YAKUBOVICH = CAPTAIN YAKUBOVICH; the lists write both)
        name = _VESSEL_RANKS.sub(lambda m: _VESSEL_RANK_MAP[m.group(0).casefold()], name)
        if not name.isascii():
            # (fifteenth round) a Russian ship-kind abbreviation (т/х, м/т ...) before the name, and a
            # rank in Cyrillic or Greek letters (КАПИТАН = KAPITAN = CAPTAIN): xscript
            name = CYRILLIC_SHIP_PREFIX.sub("", name)
            name = _XSCRIPT_RANKS.sub(lambda m: XSCRIPT_VESSEL_RANKS[m.group(0).casefold()], name)
    elif schema == "Airplane":  # a registration mark is one word (M-SAAN, EP-MMH), not an initial and a name
        name = _REGISTRATION_DASH.sub("", name)
    else:
        if schema in (None, "Person"):
            # (tenth round) a generational suffix (SALI JR., Jainal Antel) is no part of the family name
            name = _GENERATIONAL.sub("", name)
            written = name
            name, fam_words = reorder_family_first(name)
            if fam_words > 1 and (_FILIATION_CHAIN.search(written.split(",")[1])
                                  or _KUNYA_FAMILY.match(written.split(",")[0])):
                # (tenth round) a family name of two words that is one part: a particle and a word
                # after given names written as a chain of filiations (Usama bin Muhammad bin Awad BIN
                # LADIN), or Abu/Abd and a word (ABU GHAZALA, Muhammad Hisham Muhammad Isma'il): the
                # family name is that one part, and the forefather's name before it (Awad, Isma'il) a
                # middle name, not the family name's second word. Not otherwise: OFAC writes some
                # family names with bin and the names in another order (BIN MUHAMMAD, Ayadi Chafiq)
                fam_words = max(1, min(fam_words, len(tokenize_name(written.split(",")[0]))))
        if schema in (None, "Organization"):
            name = _LETTER_PREFIX.sub(r"\1", name)
            # (nineteenth round) M/s, M/S before a firm's name: Messrs (Messieurs), as South Asian and
            # Gulf business usage writes it (M/S RAJESH KUMAR & SONS), and before a ship's name the
            # motor ship (M/S PAUL GAUGUIN, dropped for a vessel already): never two letters of the name
            # (read so, M/S X TRADING met M AND S TRADING). No listed name begins with it
            name = _MESSRS.sub("", name)
        if (schema in (None, "Organization") and not name.isascii() and script_of(name) == "latin"
                and not _CARON.search(name)):
            # (thirteenth round) accents aside (Construcción), so that rigour reads the legal forms of a
            # Latin name too (SA de CV = S.A. DE C.V.); the parts are read in ASCII anyway. Not a name
            # with the háček letters č š ž: the tokeniser reads them as the scholarly transliteration
            # of a Russian name (thirteenth round, person names: Jurij Čayka = CHAYKA, Yuriy), which
            # the ASCII spelling (Cayka) loses; such a name skips rigour, as every accented name did
            if _CYR_ACCENTED.search(name):
                pre_ascii = name
            name = to_ascii(name)
        if (schema in (None, "Organization") and _org_compare is not None and not name.isascii()
                and script_of(name) == "other" and any("\u0400" <= ch <= "\u04ff" for ch in name)):
            # (fourteenth round) a Cyrillic name's legal form, spelt out or abbreviated (Общество с
            # ограниченной ответственностью, ООО, АО, ТОВ), read by rigour as a Latin name's is
            try:
                name = _org_compare(name.casefold())
            except Exception:  # pragma: no cover
                pass
        if schema in (None, "Organization") and _org_compare is not None and name.isascii():
            try:
                # rigour reads the preposition 'in' as the legal form 'inc' ('Islamic State in Libya'):
                # the text between the words 'in' is normalised piece by piece
                name = " in ".join(_org_compare(piece) if piece.strip() else piece
                                   for piece in _IN_WORD.split(name.casefold()))
            except Exception:  # pragma: no cover
                pass
            # rigour writes 'Co. Ltd' as 'coltd' but 'Company Limited' as 'company ltd': one form for both
            name = _ORG_FORMS.sub(lambda m: _ORG_FORM_MAP[m.group(0)], name)
            if "stock" in name:
                name = _STOCK_COMMERCIAL_BANK.sub(r"\1jscb", name)
        if schema in (None, "Organization"):
            # (fourteenth round) a legal form rigour leaves written as letters with full stops (W.L.L.,
            # S.A.L., d.d.) is one word, the form without its stops (orgwords.is_legal_form)
            name = _DOTTED_FORM.sub(_undot_legal_form, name)
    toks = tokenize_name(name, vessel=(schema in (None, "Vessel")), keep_particles=(schema == "Vessel"),
                         listed=listed)
    if fam_words > 1 and written and "," in written:
        # (nineteenth round) the family name's words counted as its parts: a European particle of it
        # that the tokeniser drops (DA COSTA, DE LA CRUZ, VAN DER BERG) is no part, or the given name
        # before it took the family name's role (DA COSTA, Luis Fernando: Fernando read as a family
        # name). Counted as the parts left once the given names' are taken away (a lone DA COSTA keeps
        # its DA), and only for those particles: the Arabic article and bin (AL BAGHDADI, Ali
        # Al-Mahmoudi; BIN MUHAMMAD, Ayadi Chafiq) stand in OFAC's family field for names written in
        # another order, which the press names by the word the old count made a family name
        fam_part = written.split(",", 1)[0]
        n_euro = sum(1 for x in re.split(r"[\s\-]+", fam_part.casefold()) if x in _EURO_PARTICLES)
        given_toks = tokenize_name(written.split(",", 1)[1], vessel=schema is None, listed=listed)
        n_fam = len(toks) - len(given_toks)
        if n_euro and 1 <= n_fam < fam_words and fam_words - n_fam <= n_euro:
            fam_words = n_fam
    if pre_ascii is not None and pre_ascii != name:
        # (fourteenth round) a name read in ASCII above (for rigour) that holds the letters of a
        # romanisation of Cyrillic (ș ț ç ş ć đ ż: Kuznețova, Șoigu): its parts also take the readings
        # the tokeniser gives those letters, when the two readings split the name alike
        alt = tokenize_name(pre_ascii, vessel=(schema in (None, "Vessel")), keep_particles=(schema == "Vessel"),
                            listed=listed)
        if len(alt) == len(toks) and all(a.text == b.text for a, b in zip(toks, alt)):
            toks = tuple(a if a.units == b.units else _with_readings(a, b) for a, b in zip(toks, alt))
    if persian_vessel:
        toks = persian_vessel_readings(toks, name)
    if schema in (None, "Organization") and len(toks) >= 2:
        toks = _roman_number_of_company(toks, schema == "Organization")
    return toks, fam_words


def _roman_number_of_company(toks: tuple[Token, ...], trailing: bool) -> tuple[Token, ...]:
    """(Thirteenth round) A Roman numeral that ends a company's name, or ends it before its legal forms
    (CORPORATIVO TITLE I, S.A. DE C.V.; FUND II LTD), is its number, as a ship's (tokenize_name reads a
    trailing one so in a name of no stated kind, the query's: Corporativo Title I = ... 1). ``trailing``:
    also at the very end (an organisation's name; a name of no stated kind has it already)."""
    k = len(toks) - 1
    while k > 0 and word_class(toks[k].text) == "legal":
        k -= 1
    if k == 0 or (k == len(toks) - 1 and not trailing) or toks[k].script != "latin" or toks[k].text not in _ROMAN:
        return toks
    num = _latin_token(str(_ROMAN[toks[k].text]), "latin")
    return toks if num is None else toks[:k] + (num,) + toks[k + 1:]


# (twelfth round) a limited liability company is written LLC or Ltd: one legal form. OFAC writes the
# Russian ООО "LIMITED LIABILITY COMPANY X" (rigour: llc x); the press and the companies' own English
# names write "X Ltd" or "X LLC" (the UK Companies Act 2006 s. 59 "Limited"/"Ltd" and the US state
# LLC acts name the same thing, a company whose members' liability is limited). A query holding one
# is also read with the other (ScreeningIndex.screen_name), not the lists' names: the index and how
# common each form is stay as they are
_LIMITED_FORMS = {"ltd": "llc", "llc": "ltd"}


@lru_cache(maxsize=4)
def _legal_token(text: str) -> Token:
    return tokenize_name(text)[0]


def legal_form_reading(tokens: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """The parts of a company's name with Ltd read as LLC and LLC as Ltd (twelfth round), or None
    when it holds neither or nothing else."""
    if len(tokens) < 2 or not any(t.text in _LIMITED_FORMS for t in tokens):
        return None
    return tuple(_legal_token(_LIMITED_FORMS[t.text]) if t.text in _LIMITED_FORMS else t for t in tokens)


def glued_proper_reading(tokens: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """(Twelfth round) The parts of an organisation's name with each run of two or more adjacent
    proper Latin words (no word of ``orgwords``' tables, no number) glued into one (Kang Bong Trading
    -> kangbong trading; Fast Link SARL -> fastlink sarl): syllables and words a company's name writes
    apart or together (see ``_glued_proper``); None when the name has no such run, or has no word
    of the tables (a person's name: Mohamed Salah is not one word)."""
    cls = [word_class(t.text) if t.script == "latin" and not t.is_number else "x" for t in tokens]
    # a word of the tables says it is a body's name; not a legal form of two letters alone (SA, AS,
    # AB, CO are also syllables and words: the place ma er sa)
    if not any(c in ("kind", "generic") or (c == "legal" and len(t.text) >= 3) for c, t in zip(cls, tokens)):
        return None
    out: list[Token] = []
    k, changed = 0, False
    while k < len(tokens):
        m = k
        while m < len(tokens) and cls[m] is None and len(tokens[m].text) >= 2:
            m += 1
        if 2 <= m - k <= 3:   # two or three words (a longer run is a name of several words) ...
            g = tokenize_name("".join(t.text for t in tokens[k:m]))
            if len(g) == 1 and len(g[0].text) >= 5:   # ... of five letters or more glued
                out.append(g[0])
                changed = True
                k = m
                continue
        out.extend(tokens[k:max(m, k + 1)])
        k = max(m, k + 1)
    return tuple(out) if changed else None


def org_reading(name: str, schema: str | None = None) -> tuple[Token, ...] | None:
    """The parts of an organisation's name read with its generic words in English (``orgwords``:
    ``الجماعة الإسلامية المسلحة``, ``Groupe islamique armé`` -> group islamic armed), an
    alternative reading beside the name as written (the lists transliterate some of these words:
    KATA'IB HIZBALLAH, HAY'AT TAHRIR AL-SHAM); None when the name has no such reading. For a name
    of no stated kind only when it reads as a body's (see ``orgwords``)."""
    if schema not in (None, "Organization") or not name:
        return None
    translated = translate_org_name(name, schema == "Organization")
    if translated is None:
        return None
    if is_arabic(translated) and any(ch.isascii() and ch.isalpha() for ch in translated):
        # English words and Arabic proper words: each run of one script is tokenised alone
        runs = [" ".join(g) for _, g in itertools.groupby(translated.split(), key=is_arabic)]
        toks = tuple(t for r in runs for t in prepare_name(r, schema)[0])
    else:
        toks = prepare_name(translated, schema)[0]
    return toks or None


class NameInfo:
    """A tokenised name with everything the scorer needs precomputed."""

    __slots__ = ("name", "tokens", "info", "weights", "cov_weights", "roles", "wsum", "n_strong", "abjad",
                 "joined_text", "joined_units", "numbers", "person", "given", "is_num", "known", "burmese",
                 "person_cov_weights", "person_wsum", "arabic_of", "latin_of", "org_class", "countries",
                 "person_word", "rare_kunya", "family_marked", "places", "ar_proper", "vocab_en", "din_head",
                 "titles", "nasab", "nasab_query", "lead_kunya", "ship_word", "weak_name", "surnames", "lusophone",
                 "dotted", "org_vocab_info", "ar_company")

    def __init__(self, name: str, tokens: tuple[Token, ...], fam_words: int = 0, schema: str | None = None,
                 freq: NameFrequency | None = None, w: MatchWeights = DEFAULT_WEIGHTS):
        freq = freq or reference_only()
        self.name = name
        self.tokens = tokens
        # (session 14) a listed weak alias (OFAC's weak a.k.a., UN quality Low): set by the index
        # (``ScreeningIndex``, ``loaders.weak_alias_names``); see ``exact_floor_applies``
        self.weak_name = False
        # (Session 16, 22f) a listed person of Burma (set by the index: _burmese_syllables_differ)
        self.burmese = False
        n = len(tokens)
        self.person = schema == "Person"
        # (thirteenth round) a ship's name in Persian or Arabic script written after the word that says it
        # is a ship (کشتی, نفتکش, ناقلة ...: drop_vessel_type_words): the query says what it names
        self.ship_word = schema == "Vessel" and is_arabic(name) and drop_vessel_type_words(name) != name
        # (info, known, weight) of each part: how common it is; whether that is measured (an Arabic
        # spelling the reference data does not romanise has only its consonant key's frequency, a
        # poor guess: matched to a Latin spelling, that spelling's information counts); its weight
        cache = freq.parts_for(w)
        parts = []
        for t in tokens:
            ck = (t, schema)
            got = cache.get(ck)
            if got is None:
                i = part_information(t, freq, schema, w.coarse_share)
                if t.is_number and schema != "Vessel":
                    i = number_information(t.text, i)
                # a particle kept in a vessel's name (MARIE DE LOURDES) weighs nothing: it only glues
                pw = 0.0 if (schema == "Vessel" and (t.text in PARTICLES or t.text in VESSEL_KIND_WORDS)) \
                    else part_weight(t, i, w)
                got = cache[ck] = (i, t.script != "arabic" or freq.has_romanisation(t.text), pw)
            parts.append(got)
        if schema == "Vessel" and n >= 2 and tokens[0].script == "latin" \
                and _VESSEL_ABBREVIATION.match(tokens[0].text) and not tokens[1].is_number and len(tokens[1].text) >= 4:
            parts[0] = (parts[0][0], parts[0][1], 0.0)   # (tenth round) SMP SEVERODVINSK: SMP weighs nothing
        # (tenth round) a compound X al-Din read as two parts (text._DIN_COMPOUND: Tajideen = taj din) is as
        # common as the compound, not as X alone: X counts the information of X + uddin when that is more
        # (Tajideen, Sadruddin are rarer than Taj, Sadr); din itself stays as common as it is
        # (tenth round) the titles written in the name (dropped from its parts), one spelling each
        self.titles = title_words(name) if schema in (None, "Person") else frozenset()
        self.din_head = [k + 1 < n and tokens[k + 1].text in _DIN and not t.is_number for k, t in enumerate(tokens)]
        for k, t in enumerate(tokens):
            if self.din_head[k] and t.script == "latin":
                g = tokenize_name(t.text + "uddin")
                if len(g) == 1:
                    gi = part_information(g[0], freq, schema, w.coarse_share)
                    if gi > parts[k][0]:
                        parts[k] = (gi, parts[k][1], part_weight(t, gi, w) if parts[k][2] > 0 else 0.0)
        # the Arabic spellings each Latin part is aligned with (reference data; see distinct_names)
        self.arabic_of = [_arabic_of_readings(t) if t.script == "latin" else () for t in tokens]
        # ... and the Latin spellings (fine keys) each Arabic part is aligned with (article aside)
        self.latin_of = [freq.romanisations_of(t.text) if t.script == "arabic" else () for t in tokens]
        self.info = [p[0] for p in parts]
        self.known = [p[1] for p in parts]
        self.weights = [p[2] for p in parts]
        if n > 1 and schema in (None, "Organization"):
            self.weights = [min(x, w.min_part_weight) if t.text in GENERIC_ORG_WORDS else x
                            for x, t in zip(self.weights, tokens)]
            # (fourteenth round) a legal form weighs nearly nothing (legal_form_weight): in an organisation's
            # name wherever it stands, in a name of no stated kind at either end, where legal forms stand
            # (PT X, X B.V.), and only beside a word that is no legal form
            # (not co: the word Company, which orgwords also reads for the kinds of body مؤسسة, شركة)
            legal = [t.script == "latin" and not t.is_number and t.text != "co" and word_class(t.text) == "legal"
                     for t in tokens]
            if not all(legal):
                if schema is None:   # the legal forms at either end only (X Cía. S.A., PT X, X Co. Ltd)
                    first = legal.index(False)
                    last = n - 1 - legal[::-1].index(False)
                    # (before the name, not a form of two letters but PT: Ab, As, Ag, Sa also open people's
                    # names, Ab Rahman is Abdul Rahman; the forms written first are PT, OOO, AO, JSC, LLC)
                    legal = [x and (k > last or (k < first and (len(tokens[k].text) > 2 or tokens[k].text == "pt")))
                             for k, x in enumerate(legal)]
                self.weights = [min(x, w.legal_form_weight) if lg else x for x, lg in zip(self.weights, legal)]
        # what each word of an organisation's name is (kind of body, legal form, vocabulary, proper)
        self.org_class = [word_class(t.text) for t in tokens] if schema in (None, "Organization") else None
        # (session 16, 21b) the Arabic-script name holds the word "company" (شركة, شرکت)
        self.ar_company = self.org_class is not None and any(
            t.script == "arabic" and arabic_company_word(t.text) for t in tokens)
        # (session 16, 21b) a word of a name of no stated kind that is a generic word of bodies' names
        # (a kind or the vocabulary: Bank, Commercial): its information counted among organisations' names,
        # the cap of a pair it forms with a listed organisation's word (see _pair_info_of_generic)
        self.org_vocab_info = None
        if schema is None and self.org_class is not None and any(k in ("kind", "generic") for k in self.org_class):
            self.org_vocab_info = [
                _org_family_information(t, freq, w) if k in ("kind", "generic") and t.script != "arabic" else None
                for t, k in zip(tokens, self.org_class)]
        # ... the country or region each word names (orgwords.place_word; None for other words)
        self.places = [place_word(t.text) for t in tokens] if self.org_class is not None else None
        # (eighth round) per part, for the cross-script sound-alike rule (see _sound_alike_vocabulary):
        # an Arabic proper word (no word of the organisation tables), a Latin word of the tables'
        # English vocabulary of kinds, legal forms and particles; None when the name has none
        ar_proper = [t.script == "arabic" and word_class(t.text) is None for t in tokens]
        vocab_en = [t.script == "latin" and english_vocabulary(t.text) for t in tokens]
        self.ar_proper = ar_proper if any(ar_proper) else None
        self.vocab_en = vocab_en if any(vocab_en) else None
        # the countries of the list entry whose name this is (set by the index; None: not known)
        self.countries: frozenset[str] | None = None
        # a name of one Latin word that is also a part of people's names (Sara, Scot; see frequency)
        self.person_word = n == 1 and tokens[0].script == "latin" and freq.person_part(tokens[0].fine)
        # a name that is a kunya alone whose name after Abu is rare (Abu Zubaida; not Abu Salim)
        self.rare_kunya = False
        if n == 1 and is_kunya(tokens[0]):
            rest = tokenize_name(tokens[0].text[3:])
            if len(rest) == 1:
                self.rare_kunya = part_weight(rest[0], part_information(rest[0], freq, "Person", w.coarse_share),
                                              w) >= w.exact_rare_part_weight
        # roles: given (first word read), family (last word, or the words before the comma), middle
        roles = ["o"] * n
        given = 0
        self.lead_kunya = False
        if n >= 3 and tokens[0].text in _MUHAMMAD_ABBREVIATIONS and not tokens[1].is_number:
            # (seventh round) Muhammad abbreviated before the given name (ALCHWIKI, Mhd Amer: Amer)
            # is not the given name: the next part is (role "k" for the first, weighed like a
            # middle name when missing). (A kunya before the given name: twelfth round, below, capped
            # at review, since read so the sets' constructed namesakes, Omar al-Dorda, would alert)
            given = 1
        elif (n >= 2 and fam_words and name.count(",") == 1 and len(name.split(",")[1].split()) >= 2
              and tokens[0].text in _SAYYID and not tokens[1].is_number and schema in (None, "Person")):
            # (eleventh round) Sayyid (descendant of the Prophet) written before the given name in a
            # list-style name (SAFAVI, Seyyed Khalil; MUSAVI, Sayyed Javad; not Sayyid alone after the
            # comma: GHIASSOUDDINE AGHA, SAYYED), as OFAC writes Iranian,
            # Iraqi and South Asian names: an honorific the press leaves out (Khalil Safavi). As Mhd
            # above, the next part is the given name and Sayyid weighs like a middle name when
            # missing; the ninth round read it so only in the relative rule (given_name_conflict),
            # and its weight as a given name kept the listed name's coverage low (0.86-0.90). Not a
            # name written in reading order (UN: SAYYID MOHAMMED QADHAF AL-DAM), where Sayyid is as
            # often the given name the press uses (Sayyid Qadhaf al-Dam)
            given = 1
        elif (schema == "Person" and not fam_words and n >= 3 and is_kunya(tokens[0]) and not tokens[1].is_number
              and not is_kunya(tokens[1]) and tokens[0].text not in _ABU_BAKR):
            # (twelfth round) a listed name in reading order (UN) that starts with a kunya (ABU ZAYD UMAR
            # DORDA): the kunya is the name he is known by, the next part his given name (Umar), which
            # the press writes with the family name (Omar Dourda). Like Mhd, the kunya weighs as a middle
            # name when missing, and a query that leaves it out is at most a review
            # (``partial_given_cap``, see score_names: the sets' namesakes, Omar al-Dorda). Not Abu Bakr,
            # a given name in its own right (the first caliph's; Abubakar across West Africa): ABU BAKR
            # YUNIS JABIR is named Abu Bakr, and Younis Jaber may be his father
            given = 1
            self.lead_kunya = True
        if n >= 2:
            fam = set(range(n - fam_words, n)) if fam_words else {n - 1}
            for k in range(n):
                roles[k] = "f" if k in fam else ("g" if k == given else ("k" if k < given else "m"))
            if fam_words == 1 and n >= 3 and schema == "Person" and _DOUBLE_FAMILY.match(name.split(",")[0].strip()) \
                    and given < n - 2:
                # (tenth round) a double family name written with a hyphen (ABBASI-DAVANI, Fereidoun;
                # FAKHRIZADEH-MAHABADI, Mohsen): the press writes the first alone (Fereidoun Abbasi), as
                # Iranian and Spanish double family names are used; its second part weighs like a
                # middle name when missing (it was the family name, and the first a middle name)
                roles[n - 2], roles[n - 1] = "f", "m"
        self.roles = roles
        self.given = given if n >= 2 else None
        # (twelfth round) a name of the Arabic naming chain (ism, then nasab: the father's and
        # grandfather's names), where a middle name is the father's name: a part in Arabic script,
        # the article, an Abd-/Abu- compound, Muhammad in any spelling, or a filiation word (bin,
        # ibn, ben, bint, ould, ولد, بن). Names of other traditions (Persian: SAFAVI, Yahya Rahim;
        # Central African: MUHINDO AKILI MUNDOS; Filipino: SALIM Y SALAMUDDIN JULKIPLI) write second
        # given names there, which the press uses as the given name (Rahim Safavi, Akili Mundos)
        self.nasab = any(t.script == "arabic" or t.article or t.text.startswith(("abd", "abu"))
                         or t.skel[:1] == ("MHMD",) or t.text in _MUHAMMAD_ABBREVIATIONS for t in tokens) \
            or bool(_FILIATION_ANY.search(name or ""))
        # ... and, asked for as a query, a name in Arabic script (not in Persian letters: Persian names
        # have no nasab), which names an Arab-named person whichever list name it meets
        self.nasab_query = any(t.script == "arabic" for t in tokens) and not any(
            ch in _PERSIAN_LETTERS for ch in (name or ""))
        # the family name is marked ("FAMILY, Given Middle"): not only the last word by position
        self.family_marked = fam_words > 0
        # (Session 16, twenty-first round) a listed name of two family names, Spanish or Portuguese
        # (namesake.two_surnames), and whether its naming is Portuguese (the index sets it from the
        # person's countries, ``set_lusophone``): the family name a person is not called by weighs like a
        # middle name when missing (Pablo Sandoval, Jorge Arreaza ~ ARREAZA MONTSERRAT, Jorge Alberto)
        self.surnames = two_surnames(name, tokens, roles, fam_words) if self.person else None
        self.lusophone = False
        mw = w.middle_name_weight
        # a person's middle names, and a family name written with the article (a nisba such as
        # al-Tikriti, often left out by the press), count less when missing
        # (a query of no stated kind is read so when it is compared with a person)
        self.person_cov_weights = [wt * (mw if (r in ("m", "k") or (r == "f" and t.article and n > 2)) else 1.0)
                                   for wt, r, t in zip(self.weights, roles, tokens)]
        self._cov_sums(w)
        self.n_strong = sum(1 for x, t in zip(self.weights, tokens) if x >= 0.2 and not t.is_number)
        self.abjad = any(t.script in ABJADS for t in tokens)
        self.joined_text = "".join(t.text for t in tokens)
        self.joined_units = tuple(u for t in tokens for u in t.units[0])
        self.is_num = [t.is_number for t in tokens]
        self.numbers = tuple(sorted({t.text for t, n in zip(tokens, self.is_num) if n}))  # as a set, in order

    def _cov_sums(self, w: MatchWeights) -> None:
        if self.surnames is not None:
            # the family name the person is not called by (namesake.surname_roles): a middle name's weight
            other = surname_roles(self)[1]
            self.person_cov_weights = [self.weights[k] * (w.middle_name_weight if k == other else 1.0)
                                       if k in self.surnames else x for k, x in enumerate(self.person_cov_weights)]
        self.person_wsum = sum(self.person_cov_weights) or 1.0
        self.cov_weights = self.person_cov_weights if self.person else list(self.weights)
        self.wsum = sum(self.cov_weights) or 1.0

    def set_lusophone(self, w: MatchWeights = DEFAULT_WEIGHTS) -> None:
        """(Session 16) A listed person of Portuguese naming: the LAST family name is the one he is
        called by (namesake.surname_roles)."""
        if self.surnames is not None and not self.lusophone:
            self.lusophone = True
            self._cov_sums(w)


def _own_family_left_out(qi: NameInfo, ci: NameInfo, pairs: list) -> int | None:
    """(Session 16, twenty-second round) The index of the query's last part, a family name written with the
    article (al-Saadi, الساعدي: a nisba, ``Token.article``), three parts or more, when it meets no listed part
    and the query's first part (its given name: ism) meets the listed name's family name, marked by the
    comma (HAIDAR, Ali): the two names are read in other orders and the query says a family name the
    listed one has not (Arabic naming: ism, nasab, then the nisba; Schimmel, Islamic Names, 1989, ch. 1).
    Not when the query's middle part meets the listed family name (Ali Haidar al-Saadi ~ HAIDAR, Ali: the
    lists often write the father's name as the family name)."""
    n = len(qi.tokens)
    k = n - 1
    if n < 3 or qi.roles[k] != "f" or not qi.tokens[k].article or qi.roles[0] != "g":
        return None
    if any(i == k for i, _, _ in pairs):
        return None
    if not any(i == 0 and ci.roles[j] == "f" for i, j, _ in pairs):
        return None
    return k


#: (session 14, seventeenth round) "sons of", "children of" before the name of a tribe's ancestor: Arabic banu
#: (nominative), bani (oblique; Maghrebi and French beni, béni; banee, bni), and awlad (Maghrebi ouled,
#: oulad, aulad), in Latin and Arabic script (normalised: بني، بنو، اولاد). Banu is the plural of ibn
#: (Encyclopaedia of Islam, 2nd ed., "Banū"; Hans Wehr, "ibn", pl. banūn, abnāʾ; "walad", pl. awlād). A
#: name that opens with it is a tribe's (Banu Hashim, Awlad Sulayman) or a place named after one (Bani
#: Walid, Beni Khiar, Ouled Haffouz); as a Jordanian family name (Bani Hani) it is written with the word
TRIBE_WORDS = frozenset({"bani", "beni", "banu", "banee", "bni", "awlad", "ouled", "oulad", "aulad",
                         "بني", "بنو", "اولاد"})


def _tribal_name_only(q: tuple[Token, ...], c: tuple[Token, ...], pairs: list) -> bool:
    """(Session 14, seventeenth round) The query names a tribe or a place named after one (``TRIBE_WORDS``
    before the ancestor's name: Bani Hassan, Beni Hassane, أولاد سليمان) and every part it shares with a
    listed person's name is the tribe word or the ancestor's name after it, while the listed name holds
    no tribe word: the ancestor's name (Hassan, Sulayman) is not this person's name, nor is Bani the
    person's family name (BANAI). Bani Hassan ~ AL BANAI, Ali Reda Hassan was 0.872, a review."""
    if not pairs or any(t.text in TRIBE_WORDS for t in c):
        return False
    span: set[int] = set()
    for k, t in enumerate(q[:-1]):
        if t.text in TRIBE_WORDS:
            span.update((k, k + 1))
    return bool(span) and all(i in span for i, _, _ in pairs)


def _glued_information(qi: NameInfo, ci: NameInfo, qnum: list, cnum: list, cap_i: float) -> float:
    """(Session 14, seventeenth round) The information two names met glued (FLYING FOX = FLYINGFOX,
    Abdul Rahman = Abdulrahman) share: the listed name's parts' information, as before, but never
    more than the query's own parts carry when the query writes apart what the list glues (more parts
    than the listed name). The two glued strings are one name; a compound the lists
    write as one rare word (HOSEINI, Mohammadali: mohammadali is rare as a word) is no rarer than the
    common words the query writes apart (محمد علي حسن, three of the commonest names), which is what
    the query asks for (0.922, an alert, before; every other path takes the pair's lesser side too,
    ``pair_information``)."""
    ic = sum(min(x, cap_i) for x, n in zip(ci.info, cnum) if not n)
    if len(qi.tokens) - sum(qnum) <= len(ci.tokens) - sum(cnum):
        return ic   # the query glues what the list writes apart (AIRKORYO, XUANNING): its one word's
        #             information is a guess (a word no list or reference writes), the listed parts' is not
    return min(ic, sum(min(x, cap_i) for x, n in zip(qi.info, qnum) if not n))


def _untyped_word_spelt_like_ship(qi: NameInfo, ci: NameInfo, pairs: list, w: MatchWeights) -> bool:
    """(Session 14, seventeenth round) One word, asked for without saying it is a vessel, spelt
    otherwise than a listed ship's one-word name (similarity below ``single_part_exact``, one
    script): Thala ~ TALA, Sheba ~ SHIBA, Victoria ~ VICTORY (a former name). A ship's name is
    written in Latin letters by its register and AIS, not transliterated, so a different spelling
    is a different word (the town of Thala, a given name), and one word says nothing of what is
    asked for. Asked for as a vessel (``typed``), or the very word, it is scored as before."""
    return (len(qi.tokens) == 1 and len(ci.tokens) - sum(ci.is_num) == 1 and len(pairs) == 1
            and qi.abjad == ci.abjad and pairs[0][2] < w.single_part_exact)


def exact_floor_applies(ci: NameInfo, info: float, zero: float) -> bool:
    """(Session 14, seventeenth round) Whether the very name on the list is for review however common
    (``exact_name_floor``): not when that name is a weak alias. OFAC calls weak a.k.a.s "relatively
    broad or generic" aliases (nicknames, noms de guerre, common acronyms) that "may generate a large
    volume of false hits" and does not expect them to be screened alone, only used to confirm a hit
    found on other information (OFAC FAQs 91-94, "weak aliases"); the UN's aliases of quality Low are
    the same. Such a name, met exactly, keeps the floor unless the information its matched parts
    carry is below ``zero`` (``evidence_zero``: where the evidence cap reaches its floor, a name
    about one in a thousand people share): a weak alias of the commonest words only (KOVALEV,
    Vitaly a.k.a. 'Ben'; a.k.a. 'HUSSEIN'; KONY, Ali a.k.a. 'MOHAMMED, Ali') then makes no review
    by itself, while a nickname or nom de guerre of some information ('PATTY', 'Ikrima al-Somali')
    still does, and the rare-part floor (``exact_rare_name_floor``) still holds."""
    return not ci.weak_name or info >= zero


def part_information(tok: Token, freq: NameFrequency, family: str | None = None, coarse_share: float = 0.25
                     ) -> float:
    if not tok.skel or not tok.skel[0]:
        return 0.0
    if tok.script == "arabic":
        return freq.arabic_information(tok.text, tok.skel[0], family, coarse_share)
    info = freq.information(tok.skel[0], tok.fine, family, coarse_share)
    t = tok.text
    if len(t) > 5 and t[:2] in ("al", "el") and t[2] not in "aeiou" and not tok.is_number:
        # the article glued to a name (Alhassan, Elsenussi) is as common as the name without it
        bare = _latin_token(t[2:], tok.script)
        if bare is not None and bare.skel and bare.skel[0]:
            info = min(info, freq.information(bare.skel[0], bare.fine, family, coarse_share))
    return info


def _org_family_information(tok: Token, freq: NameFrequency, w: MatchWeights) -> float:
    """(Session 16, 21b) The information of a word counted among organisations' names (the family the
    listed organisations' own words are counted in), cached with the parts' information."""
    cache = freq.parts_for(w)
    ck = (tok, "Organization")
    got = cache.get(ck)
    if got is None:
        i = part_information(tok, freq, "Organization", w.coarse_share)
        got = cache[ck] = (i, True, part_weight(tok, i, w))
    return got[0]


def number_information(digits: str, info: float) -> float:
    """(Session 15, nineteenth round) The information of a number written in a name that is not a
    vessel's (vessel numbers have their own rules: ``number_information`` of the weights, numbers that
    disagree): a number of k digits agrees with another by chance about once in 10**k, so it carries at
    most k digits. The frequency tables hold no numbers, so a number weighed as the rarest word: a listed
    alias of one letter and a digit (M1, an alias of TORRES FELIX, Manuel) met a query with a stray
    digit (MÃ¼ller: the mis-decoded ü holds the fraction ¼, read 1 4) and reached an alert (0.90)."""
    return min(info, float(len(digits)))


#: (twenty-first round) the clan names and honorifics South Asian usage writes after a person's name,
#: which the lists often leave out (Rao Anwar Khan = ANWAR, Rao): Khan, the Pashtun and Mughal title
#: that became a clan name, and the titles Sahib and Chaudhry (Wikipedia "Khan (title)", "Chaudhry",
#: "Sahib"; A. Schimmel, Islamic Names, 1989, ch. 5: titles become parts of the name); counted so only
#: when the part is also common by the reference data (weight below 1: Khan, not Chaudhry)
HONORIFIC_SUFFIXES = frozenset({"khan", "sahib", "sahab", "chaudhry", "chaudhary", "choudhury", "chowdhury"})


def _honorific_suffix_left(qi: NameInfo, pairs, w: MatchWeights) -> int | None:
    """The query's last part when it is a common honorific suffix (:data:`HONORIFIC_SUFFIXES`) of a
    Latin name of three parts or more and the only part left without a partner; else None."""
    k = len(qi.tokens) - 1
    t = qi.tokens[k]
    if k < 2 or t.script != "latin" or t.text not in HONORIFIC_SUFFIXES or qi.weights[k] >= 1.0:
        return None
    return None if any(i == k for i, _, _ in pairs) else k


def part_weight(tok: Token, info: float, w: MatchWeights = DEFAULT_WEIGHTS) -> float:
    if tok.is_number:
        return 1.0
    if len(tok.text) == 1 and tok.script == "latin":
        return w.initial_weight
    x = (info - w.info_common) / (w.info_rare - w.info_common)
    return min(1.0, max(w.min_part_weight, x))


def name_info(name: str, schema: str | None = None, w: MatchWeights = DEFAULT_WEIGHTS,
              freq: NameFrequency | None = None) -> NameInfo:
    toks, fam = prepare_name(name, schema, listed=True)   # (fourteenth round) a list entry's name
    return NameInfo(name, toks, fam, schema, freq, w)


# --------------------------------------------------------------------------- part similarity
def _token_rows(tokens) -> tuple[list[tuple[int, ...]], list[int], list[bool]]:
    alts, owner, ar = [], [], []
    for k, t in enumerate(tokens):
        for u in t.units:
            alts.append(u)
            owner.append(k)
            ar.append(t.script == "arabic")
    return alts, owner, ar


def _reduce_max(mat: np.ndarray, owner: list[int], n: int, axis: int) -> np.ndarray:
    if len(owner) == n:
        return mat
    starts = np.flatnonzero(np.r_[True, np.diff(np.asarray(owner)) != 0])
    return np.maximum.reduceat(mat, starts, axis=axis)


def similarity_matrix(q: tuple[Token, ...], c: list[Token] | tuple[Token, ...], w: MatchWeights = DEFAULT_WEIGHTS,
                      phon: np.ndarray | None = None) -> np.ndarray:
    """Part-to-part similarity, shape (len(q), len(c)): the transliteration model, and within
    one script also the edit similarity of the folded text; initials; numbers must be equal."""
    if not q or not c:
        return np.zeros((len(q), len(c)))
    if phon is None:
        qa, qown, qar = _token_rows(q)
        ca, cown, car = _token_rows(c)
        fq, oq = phonetic.pack(qa)
        fc, oc = phonetic.pack(ca)
        phon = phonetic.similarity(fq, oq[:-1], oq[1:], np.array(qar), fc, oc[:-1], oc[1:], np.array(car))
        phon = _reduce_max(_reduce_max(phon, qown, len(q), 0), cown, len(c), 1)
    q_ar = np.array([t.script == "arabic" for t in q])
    c_ar = np.array([t.script == "arabic" for t in c])
    cross = q_ar[:, None] != c_ar[None, :]
    text = cdist([t.text for t in q], [t.text for t in c], scorer=OSA.normalized_similarity, dtype=np.float64)
    sim = np.where(cross, phon, np.maximum(phon, text))
    q_num = np.array([t.is_number for t in q])
    c_num = np.array([t.is_number for t in c])
    if q_num.any() or c_num.any():
        sim = np.where(q_num[:, None] | c_num[None, :], (text >= 0.999).astype(np.float64), sim)
    for i, j in np.argwhere(sim >= w.part_sim_zero).tolist():
        x = pair_adjustment(q[i], c[j], float(sim[i, j]))
        if x is not None:
            sim[i, j] = x
    q_init = [len(t.text) == 1 and t.script == "latin" and not t.is_number for t in q]
    c_init = [len(t.text) == 1 and t.script == "latin" and not t.is_number for t in c]
    if any(q_init) or any(c_init):
        for i, ti in enumerate(q):
            for j, tj in enumerate(c):
                if (q_init[i] or c_init[j]) and ti.script == "latin" and tj.script == "latin" \
                        and ti.text[:1] == tj.text[:1] and not (q_num[i] or c_num[j]):
                    sim[i, j] = max(sim[i, j], w.initial_similarity)
    # parts romanised from the same non-Latin script: compare the original letters (homophones in
    # Han script romanise alike: 高市 / 高石 -> gaoshi)
    if any(t.orig for t in q) and any(t.orig for t in c):
        for i, ti in enumerate(q):
            if ti.orig:
                for j, tj in enumerate(c):
                    if tj.orig and tj.script == ti.script:
                        sim[i, j] = OSA.normalized_similarity(ti.orig, tj.orig)
    return sim


def pair_adjustment(a: Token, b: Token, x: float) -> float | None:
    """(Fourteenth round) The similarity ``x`` of parts ``a`` (query) and ``b`` (list) lowered by the
    rules below, or None when none applies (the compiled ``index._part_similarity`` applies it too):
    an Arabic part written without the article against a Latin part read also with its glued article
    left out (وارد, Ward, is not ALVARADO read as Varado: 0.95), compared without that reading;
    two Latin parts with the same Slavic family-name ending compared by their stems
    (``_stem_similarity``: Shevchenko / Savchenko)."""
    if a.text == b.text:
        return None
    if _letter_acronym(a.text) and _letter_acronym(b.text):
        # (sixteenth round) two acronyms (SK, SZK; HMM, HM): letters, not sounds, so spelt alike or not
        y = OSA.normalized_similarity(a.text, b.text)
        return y if y < x else None
    if x >= 0.999:
        return None
    aa, ba = a.script == "arabic", b.script == "arabic"
    if aa != ba:
        lat, ar = (b, a) if aa else (a, b)
        if not ar.article and _glued_article_text(lat.text):
            y = _without_reading(ar, lat, lat.text[2:])
            return y if y < x else None
        if lat.text.endswith(_ULLAH) and "الله" not in ar.text:
            # the reading -allah of a Latin -ullah (text._latin_token) meets Arabic spellings of Allah
            # only: تكالة (Takala) ends in letters read as الله are (AA-L-TM), and is not ATIQULLAH
            stem = lat.text[:-len(next(u for u in _ULLAH if lat.text.endswith(u)))]
            y = _without_reading(ar, lat, stem + ("llah" if stem.endswith("a") else "allah"))
            return y if y < x else None
        return None
    if aa:
        return None
    s = _slavic_suffix(a.text)
    if s is None or _slavic_suffix(b.text) != s:
        return None
    y = _stem_similarity(a, b, s)
    return y if y is not None and y < x else None


def _coined_word_legal_forms_only(c, ci, j0: int, w: "MatchWeights") -> bool:
    """(Session 15, twentieth round) The listed organisation's name is one proper word and legal forms
    only (INRESBANK OOO, TSMRBANK OOO, FOREIGN LIMITED LIABILITY COMPANY SLAVKALI, NPO URALPODSHIPNIK:
    ``orgwords.word_class`` "legal" for every other word), and that word is coined: six letters or more,
    in Latin letters, not a word of running text in any language of ``common_words.LANGUAGES``
    (Zipf frequency below ``coined_org_word_zipf``). A legal form says only that the body is a company;
    the press names such a company by its one word (Inresbank, Uralpodshipnik), and a coined word names
    one body. The caller has already required the word to be rare on the lists and in the reference
    names (``one_word_org_weight``) and the same (``single_part_exact``). Issue 15: "no alert from one
    common word" - a common word (a place, a word of the language: El Manar, Granit) stays a review, as
    does a name whose other words say what it is (AL MANAR TV: a descriptor, not a form)."""
    text = c[j0].text
    if len(text) < 6 or not text.isascii() or not text.isalpha():
        return False
    # (ngo: rigour's reading of the Russian NPO, NPO URALPODSHIPNIK; orgwords.REGISTER_FORMS_20)
    if not all(j == j0 or ci.org_class[j] == "legal" or c[j].text == "ngo" for j in range(len(c))):
        return False
    return not common_word(text, w.coined_org_word_zipf)


def _distinct_name_exact(qi: NameInfo, ci: NameInfo, pairs, conf, w: "MatchWeights") -> bool:
    """(Session 16, 21b) The query is a listed organisation's name with its legal forms read off (LOCKO
    BANK for JOINT STOCK COMPANY LOCKO BANK; BANK VTB for VTB BANK PUBLIC JOINT STOCK COMPANY; METALLURGICAL
    INVESTMENT BANK for PUBLIC JOINT STOCK COMPANY STOCK COMMERCIAL BANK METALLURGICAL INVESTMENT BANK, the
    register's form JSCB read off too): every word of both names is paired with the same word of the other
    or is a legal form (``word_class`` "legal"), two pairs or more; and one paired word names the body: a
    proper word (no kind, trade or vocabulary word) that is not a word of running text on either side
    (the twentieth round's test of a company's coined word, ``_coined_word_legal_forms_only``: Zipf below
    ``coined_org_word_zipf`` in every language of ``common_words.LANGUAGES``; not ALFA, AQUA, STAR, which
    name many companies) and rare: on both sides (``exact_rare_part_weight``, as the exact-name floor
    asks: VTB), or, Latin letters and four or more, among all names, people's too (the query's weight at
    least ``one_word_org_weight``: LOCKO, which several listed bodies' names hold). A
    legal form says only that the body is a company, as the twentieth round read it beside one word, and
    the registers and the press name a company without it (ISO 20275 lists the forms as a separate field
    of an entity's legal name); the kind word BANK is part of the name."""
    if ci.weak_name or len(pairs) < 2 or any(conf[i, j] < 1.0 for i, j, _ in pairs):
        return False
    pq = {i for i, _, _ in pairs}
    pc = {j for _, j, _ in pairs}
    if not all(k in pq or c_ == "legal" for k, c_ in enumerate(qi.org_class)):
        return False
    if not all(k in pc or c_ == "legal" for k, c_ in enumerate(ci.org_class)):
        return False
    for i, j, _ in pairs:
        if ci.org_class[j] is not None or qi.org_class[i] is not None:
            continue
        text = ci.tokens[j].text
        if common_word(text, w.coined_org_word_zipf) or common_word(qi.tokens[i].text, w.coined_org_word_zipf):
            continue   # a word of running text (ALFA, AQUA, STAR): many companies' names
        if min(qi.weights[i], ci.weights[j]) >= w.exact_rare_part_weight:
            return True
        if len(text) >= 4 and text.isascii() and text.isalpha() and qi.weights[i] >= w.one_word_org_weight:
            return True
    return False


def _company_word_against_company(qi: NameInfo, ci: NameInfo, pairs) -> bool:
    """(Session 16, 21b) An Arabic-script query that writes the word company (شركة, شرکت) or a legal form
    before or after one proper word (شركة تميز, read "co تميز"), against a listed company (a name holding a
    legal form: TAMAYOZ LLC), the proper word the one pair: the company's name as the Arab registers write
    it (شركة X ذ.م.م is X LLC), as a kind word says a body's name (مجموعة القاطرجي, seventh round), not a
    lone word that could be a town's or a word of the language. The caller's one-word rules still hold
    (single_part_cap: a review, never an alert)."""
    return (bool(pairs) and (qi.ar_company or "legal" in qi.org_class) and "legal" in ci.org_class
            and qi.org_class[pairs[0][0]] is None)


def _short_sound_only(qi: NameInfo, ci: NameInfo, pairs, w: MatchWeights) -> bool:
    """(Session 13, last fixes) Every proper word of two organisations' names is paired as two short
    Latin words (``short_sound_len`` letters at most) spelt apart (OSA below ``short_sound_spelling``)
    and met by sound only: NIOC LTD ~ NIK LLC (1.0 by sound, 0.5 by letters). A short word of a company's
    name is as often an acronym (NIOC: National Iranian Oil Company) as a word, and an acronym is read
    letter for letter; a short name spelt another way is a review, not an alert."""
    qc, cc = qi.org_class, ci.org_class
    prop = [(i, j) for i, j, _ in pairs if qc[i] is None and cc[j] is None]
    if not prop:
        return False
    for i, j in prop:
        a, b = qi.tokens[i], ci.tokens[j]
        if a.script != "latin" or b.script != "latin" or a.is_number or b.is_number \
                or max(len(a.text), len(b.text)) > w.short_sound_len \
                or OSA.normalized_similarity(a.text, b.text) >= w.short_sound_spelling:
            return False
    return True


#: English cardinal numbers written as words (one to twenty, the tens, hundred, thousand)
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand""".split())


def _number_word_left(qi: NameInfo, ci: NameInfo, pairs) -> bool:
    """(Session 13, last fixes) The listed name writes a number word before a proper word the query
    shares, and the query has no such word: FIVE STAR SHIPPING COMPANY, FOURTEEN STAR SHIPPING
    MANAGEMENT are not Star Shipping AS. The number is part of the name (Five Star is one name, as
    Seven Seas is), not a word the press leaves out as it does a country (Korea, Hong Kong: the
    sixteenth round's cap on any first word left over lost those positives)."""
    qc, cc = qi.org_class, ci.org_class
    mj = {j: i for i, j, _ in pairs}
    if any(t.text in _NUMBER_WORDS or t.is_number for t in qi.tokens):
        return False
    return any(cc[j] is None and j in mj and qc[mj[j]] is None and j > 0 and j - 1 not in mj
               and ci.tokens[j - 1].text in _NUMBER_WORDS for j in range(len(cc)))


def _kind_against_company(qc, cc, left_q, mj) -> bool:
    """(Sixteenth round) Vocabulary alone, and the query names a kind of body (organisation, ministry,
    bank, authority ...) left unpaired where the listed name is a company (a legal form) of no kind:
    International Maritime Organization (the UN agency) is not INTERNATIONAL MARITIME CORP, however
    alike their vocabulary; the two words in common say what the bodies do, not which they are."""
    return any(qc[i] == "kind" for i in left_q) and "kind" not in cc and any(
        cc[j] == "legal" and j not in mj for j in range(len(cc)))


@lru_cache(maxsize=100_000)
def _letter_acronym(text: str) -> bool:
    """(Sixteenth round) A Latin part of two to four consonants and no vowel (SK, HMM, SZK, NKVD): an
    acronym or a company's initials, which the transliteration model would compare by sound (SK ~ SZK,
    HMM ~ HM at 1.0: a vowel-less key). Not the abbreviations of Muhammad (Mhd, Md), read as the name."""
    return 2 <= len(text) <= 4 and text.isascii() and text.isalpha() and not any(ch in "aeiouy" for ch in text) \
        and text not in _MUHAMMAD_ABBREVIATIONS


@lru_cache(maxsize=100_000)
def _glued_article_text(text: str) -> bool:
    """(Fourteenth round) Whether a Latin part is read also without a glued article (as
    ``text._latin_token`` does: al or el, then a consonant, six letters at least)."""
    return len(text) > 5 and text[:2] in ("al", "el") and text[2] not in "aeiou" and not text.startswith(("abd", "abu"))


_ULLAH = ("ullah", "ollah", "ulla", "olla")


@lru_cache(maxsize=50_000)
def _without_reading(ar: Token, lat: Token, reading: str) -> float:
    """(Fourteenth round) The transliteration similarity of an Arabic part and a Latin part without
    the Latin part's reading ``reading`` (its glued article left out, -ullah read -allah)."""
    bare = phonetic.latin_units(reading)
    alts = [u for u in lat.units if u != bare] or list(lat.units)
    return max(phonetic.unit_similarity(a, True, b, False) for a in ar.units for b in alts)


# (fourteenth round) endings of Russian, Ukrainian, Belarusian, Polish, Serbian and Georgian family
# names and patronymics: shared by thousands of different names, they say nothing of which name it is
# (Shevchenko and Savchenko share -chenko, 0.89 as whole words). Sources: Unbegaun, "Russian Surnames"
# (Oxford, 1972: -ov/-ev, -in, -sky, -enko, -uk, -ovich); Ukrainian -enko, -chuk; Georgian -shvili, -dze
_SLAVIC_SUFFIXES = tuple(sorted(("enko", "ovich", "evich", "ovych", "evych", "ovna", "evna", "ovsky", "evsky",
                                 "ovski", "evski", "sky", "ski", "skiy", "skii", "skyi", "skaya", "chuk", "yuk",
                                 "iuk", "ov", "ova", "ev", "eva", "shvili", "dze"), key=len, reverse=True))


@lru_cache(maxsize=100_000)
def _slavic_suffix(text: str) -> str | None:
    """(Fourteenth round) The Slavic or Georgian family-name ending of a Latin part (longest first),
    when at least three letters are left before it; None otherwise."""
    if len(text) < 5 or not text.isascii():
        return None
    for s in _SLAVIC_SUFFIXES:
        if text.endswith(s) and len(text) - len(s) >= 3:
            return s
    return None


_DECLUSTER = {phonetic.U[v + "X"]: phonetic.U[v] for v in "AEIOU"}


def _plain(units: tuple[int, ...]) -> tuple[int, ...]:
    """Sound units with a vowel written next to another read as the plain vowel."""
    return tuple(_DECLUSTER.get(u, u) for u in units)


@lru_cache(maxsize=100_000)
def _stem_similarity(a: Token, b: Token, suffix: str) -> float | None:
    """(Fourteenth round) The similarity of two Latin parts with the same family-name ending compared
    without it: the best of the transliteration model over their readings that end with it, and of the
    spelling of the stems. Two different names sharing -chenko, -ov or -ski are as alike as their
    stems (Shevchenko / Savchenko: shev / sav), while spellings of one name stay alike (Poltavtsjenko
    / Poltavchenko: their readings' stems are equal). None when no reading of one of them ends so, or
    when the stems of two readings have the same consonant key (a vowel or a glide apart)."""
    su = phonetic.latin_units(suffix)
    n = len(su)
    sa = [u[:-n] for u in a.units if len(u) > n + 1 and _plain(u[-n:]) == su]
    sb = [u[:-n] for u in b.units if len(u) > n + 1 and _plain(u[-n:]) == su]
    if not sa or not sb:
        return None
    if not {phonetic.frequency_key(x) for x in sa}.isdisjoint(phonetic.frequency_key(y) for y in sb):
        # the stems have the same consonants: spellings of one name (Kirienko / Kiriyenko, Matvienko /
        # Matviyenko: a glide or a vowel apart), compared as whole words as before
        return None
    best = OSA.normalized_similarity(a.text[:-len(suffix)], b.text[:-len(suffix)])
    for x in sa:
        for y in sb:
            if best >= 0.999:
                return best
            best = max(best, phonetic.unit_similarity(x, False, y, False))
    return best


def _greedy(sim: list[list[float]], min_sim: float, q_roles: list[str] | None = None,
            c_roles: list[str] | None = None) -> list[tuple[int, int, float]]:
    """Best pairs first, each part used once; among equal pairs, parts in the same role (given
    name with given name) and then earlier parts first."""
    if q_roles and c_roles:
        cells = sorted(((s, q_roles[i] == c_roles[j], -i, -j) for i, row in enumerate(sim)
                        for j, s in enumerate(row) if s >= min_sim), reverse=True)
    else:
        cells = sorted(((s, False, -i, -j) for i, row in enumerate(sim) for j, s in enumerate(row) if s >= min_sim),
                       reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for s, _, i, j in cells:
        i, j = -i, -j
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        pairs.append((i, j, float(s)))
    return pairs


def pair_information(qi: NameInfo, i: int, ci: NameInfo, j: int, sim: float, exact: float = 0.97) -> float:
    """Information of a matched pair of parts: the smaller of the two; but an Arabic spelling the
    reference data does not romanise, matched to a Latin spelling of the same name (similarity at
    least ``exact``), takes that spelling's information (its own, from its consonants, is a guess)."""
    a, b = qi.info[i], ci.info[j]
    if qi.known[i] != ci.known[j] and sim >= exact:
        return b if ci.known[j] else a
    return min(a, b)


def joined_similarity(qi: NameInfo, ci: NameInfo) -> float:
    """The two names with their parts glued (FLYINGFOX / FLYING FOX, Abdulrahman / Abdul Rahman)."""
    if qi.abjad == ci.abjad:
        return OSA.normalized_similarity(qi.joined_text, ci.joined_text)
    return phonetic.unit_similarity(qi.joined_units, qi.abjad, ci.joined_units, ci.abjad)


# --------------------------------------------------------------------------- name score
def _edge_variant(s: str, t: str) -> bool:
    """(Eighth round) Two Latin spellings that differ only by one letter before the word (wisam,
    isam) or by a final a against a final o (julia, julio)."""
    if min(len(s), len(t)) < 4 or not (s.isascii() and t.isascii()):
        return False
    if abs(len(s) - len(t)) == 1:
        return s[1:] == t or t[1:] == s
    return len(s) == len(t) and s[:-1] == t[:-1] and {s[-1], t[-1]} == {"a", "o"}


# (fifteenth round) a Latin part that starts consonant, vowel, consonant (Lafi, Kamal, Hamad) and an
# Arabic part that starts with a written initial vowel (alef) before two consonants (الفي Alfi, اكمل
# Akmal, احمد Ahmad): the Latin moved the vowel inside the cluster, and these are other names (Lafi is
# not al-Alfi, Hamad is not Ahmad). The transliteration model drops a word-initial alef cheaply, as
# Maghrebi names drop it (Brahim = ابراهيم, Smail = اسماعيل, Mhamed = امحمد, Driss = ادريس: the Latin
# starts with the cluster itself; Libyan Quren = أقرين, with the vowel moved), and reads the Latin
# vowel as an unwritten short vowel, so it scored Lafi ~ الالفي at 0.96 and "Abdullah al-Lafi" (a
# Libyan vice-president) alerted at 1.0 on ABDULLAH AHMED ABDULLAH EL ALFI. Only a part written with
# the article on either side: after the article the initial vowel is kept (al-Alfi, el-Ahmar, al-Asad;
# the dialects drop it at the start of a word, not after al-), so al-Lafi is not al-Alfi, while Quren
# = أقرين keeps its score. Source: the initial hamzat al-wasl / al-qat' (Wright, A Grammar of the
# Arabic Language, vol. 1, §19-21); the Maghrebi loss of a word-initial vowel (Heath, Jewish and
# Muslim Dialects of Moroccan Arabic, 2002). Muhammad's family (Mohamed ~ امحمد) is left as it is.
_LATIN_CVC = re.compile(r"^[bcdfghjklmnpqrstvwxz][aeiouy][bcdfghjklmnpqrstvwxz]")
_NOT_CONSONANT = frozenset(phonetic.U[u] for u in ("AA", "WU", "YI", "AM", "TM", "HMZ", "AYN", "FH", "PAD")) | frozenset(
    phonetic.U[u] for v in phonetic.VOWELS for u in (v, phonetic.CLUSTERED[v]))


@lru_cache(maxsize=50_000)
def _latin_vowel_inside(tok: Token) -> int | None:
    """The first sound unit of a Latin part that starts consonant, vowel, consonant; else None."""
    if tok.script == "arabic" or tok.is_number or not _LATIN_CVC.match(tok.text) or tok.skel[:1] == ("MHMD",) \
            or not tok.units or not tok.units[0]:
        return None
    return tok.units[0][0]


@lru_cache(maxsize=50_000)
def _arabic_initial_cluster(tok: Token) -> int | None:
    """The first consonant of an Arabic part written with an initial alef before two consonants
    (its first reading), else None."""
    if tok.script != "arabic" or not tok.units:
        return None
    u = tok.units[0]
    if len(u) < 3 or u[0] != phonetic.U["HMZ"] or u[1] in _NOT_CONSONANT or u[2] in _NOT_CONSONANT:
        return None
    return u[1]


def _vowel_shift_pairs(lat: NameInfo, ar: NameInfo) -> list[tuple[int, int]]:
    """(i, j): Latin part i of ``lat`` with the vowel inside the cluster an Arabic part j of ``ar``
    writes with an initial alef (see ``_LATIN_CVC``)."""
    out = []
    for j, tj in enumerate(ar.tokens):
        c1 = _arabic_initial_cluster(tj)
        if c1 is None:
            continue
        for i, ti in enumerate(lat.tokens):
            l1 = _latin_vowel_inside(ti)
            if l1 is not None and (ti.article or tj.article) and phonetic.SUB[l1, c1] <= 0.2:
                out.append((i, j))
    return out


def _sound_alike_vocabulary(a: NameInfo, b: NameInfo) -> list[tuple[int, int]]:
    """(Eighth round) The pairs (i, j) of a part ``i`` of ``a``, an Arabic proper word (no word of
    the organisation tables), and a part ``j`` of ``b``, a Latin word of the tables' English
    vocabulary (society, group, company ...; not a country's name, not a transliterated Arabic
    word): a likeness of sound, not the same word (per-part flags of ``NameInfo``)."""
    if a.ar_proper is None or b.vocab_en is None:
        return []
    return [(i, j) for i, x in enumerate(a.ar_proper) if x for j, y in enumerate(b.vocab_en) if y]


def _distinct_names(qi: NameInfo, i: int, ci: NameInfo, j: int, x: float, w: MatchWeights) -> bool:
    """Parts ``i`` of ``qi`` and ``j`` of ``ci`` are two different names: not the same spelling
    (similarity below ``same_spelling``), both common (information at most
    ``distinct_name_information``: the Wikidata alignments are dense enough only for common names),
    and, for two Latin spellings, never aligned with the same Arabic spelling (article aside); for
    an Arabic spelling and a Latin one (fifth round), neither aligned with the other (محمود is
    Mahmud, not Mohammed; عمر is Omar, not Amir), and for two Arabic spellings, no Latin spelling
    aligned with both (محمد and أحمد)."""
    if x >= w.same_spelling:
        return False
    if len(qi.tokens[i].text) == 1 or len(ci.tokens[j].text) == 1:
        # (fourteenth round) an initial is no name of its own: its Arabic alignments (c, of any name
        # in C) say nothing of the name it stands for (Julio C. ~ Julio Cesar)
        return False
    a, b = qi.arabic_of[i], ci.arabic_of[j]
    if not (a or b) and qi.tokens[i].script == "latin" and ci.tokens[j].script == "latin" \
            and _distinct_compound_stems(qi.tokens[i].text, ci.tokens[j].text):
        return True   # (twenty-second round) Kazemzadeh / Ghasemzadeh: compounds on two given names
    if qi.info[i] > w.distinct_name_information or ci.info[j] > w.distinct_name_information:
        # (eighth round) rarer Latin names: different when the alignments give each its own Arabic
        # spelling and none in common, and the two spellings differ only by a letter added before the
        # name (Wisam وسام / Isam عصام) or by the final vowel a / o (Julia جوليا / Julio جوليو): written
        # alike otherwise, they are not two romanisations of one name (Chokor / Shukr, Jabr / Jaber,
        # Dhaif / Deif differ inside the word and stay one name)
        return bool(a and b) and set(a).isdisjoint(b) and _edge_variant(qi.tokens[i].text, ci.tokens[j].text)
    if a and b:
        return set(a).isdisjoint(b)
    la, lb = qi.latin_of[i], ci.latin_of[j]
    if la and lb:   # two Arabic spellings, each aligned with Latin spellings the other never is
        return set(la).isdisjoint(lb)
    if la and b:    # query part Arabic, list part Latin
        return _bare(qi.tokens[i].text).isdisjoint(b) and not any(f in la for f in reading_fines(ci.tokens[j])) \
            and _imala_fine(ci.tokens[j].text) not in la
    if a and lb:    # query part Latin, list part Arabic
        return _bare(ci.tokens[j].text).isdisjoint(a) and not any(f in lb for f in reading_fines(qi.tokens[i])) \
            and _imala_fine(qi.tokens[i].text) not in lb
    return False


#: (Session 16, twenty-second round) the endings of Persian (and Afghan, Azerbaijani) family names built on
#: a given name: -zadeh / -zada "born of", -pour / -pur "son of", -nejad / -nezhad "lineage", -i the
#: nisba (Kazemzadeh, Ghasempour, Hashemi-nejad: Encyclopaedia Iranica, "Names, Persian"; Schimmel, Islamic
#: Names, 1989). The compound is the given name's family: two compounds on two different given names
#: (Kazem کاظم / Ghasem قاسم, which the phonetic keys meet: k ~ q ~ gh, z ~ s) are two families
_PERSIAN_COMPOUND = re.compile(r"^(?P<stem>[a-z]{4,}?)(?P<end>zadeh|zade|zada|zadah|pour|pur|nejad|nezhad)$")


@lru_cache(maxsize=20_000)
def _distinct_compound_stems(a: str, b: str) -> bool:
    """Two Latin parts of one Persian family-name ending (``_PERSIAN_COMPOUND``) on stems that the reference
    data align with Arabic spellings, none in common (kazem كاظم, ghasem قاسم): different names."""
    ma, mb = _PERSIAN_COMPOUND.match(a), _PERSIAN_COMPOUND.match(b)
    if ma is None or mb is None:
        return False
    ra, rb = ma.group("stem"), mb.group("stem")
    if ra.startswith(rb) or rb.startswith(ra):
        return False   # Fakhrizadeh / Fakhrzadeh, Abedi-nejad: the linking vowel or nisba -i- of the compound
    sa, sb = tokenize_name(ra), tokenize_name(rb)
    if len(sa) != 1 or len(sb) != 1:
        return False
    xa, xb = _arabic_of_readings(sa[0]), _arabic_of_readings(sb[0])
    return bool(xa and xb) and set(xa).isdisjoint(xb)


_RUN = re.compile(r"([a-z])\1+")


def _undoubled(text: str) -> str:
    return _RUN.sub(r"\1", text)


@lru_cache(maxsize=20_000)
def _doubling_fines(text: str) -> frozenset:
    """Fine keys of the Latin spelling ``text`` with one of its letters doubled or one doubled
    letter written once (Ayad: Aayad, Ayyad, Ayaad, Ayadd; Ayyad: Ayad)."""
    out = set()
    for k, ch in enumerate(text):
        if not ch.isalpha():
            continue
        for v in (text[:k] + ch + text[k:], text[:k] + text[k + 1:] if k and text[k - 1] == ch else None):
            if v:
                toks = tokenize_name(v)
                if len(toks) == 1 and toks[0].fine:
                    out.add(toks[0].fine)
    return frozenset(out)


_VOWEL_RUN = re.compile(r"[aeiouy]+")


def _hard_g_variant(s: str, t: str) -> bool:
    """(Seventeenth round) Two Latin spellings one of which writes g where the other writes j, and
    otherwise the same consonants (doubling aside) in the same order: Egyptian, Sudanese and Chadian
    Arabic say ج as g and their names are romanised so (Gabril = Jibril جبريل, Gaber = Jaber, Ragab =
    Rajab; ALA-LC Arabic romanization table, note on Egyptian pronunciation; the UN and OFAC Darfur
    entries: BADRI, Gabril Abdul Kareem). The vowels may differ (they follow the dialect)."""
    if ("g" in s) == ("g" in t) or "gh" in s or "gh" in t:
        return False
    cs = _undoubled(_VOWEL_RUN.sub("", s.replace("g", "j")))
    ct = _undoubled(_VOWEL_RUN.sub("", t.replace("g", "j")))
    return len(cs) >= 3 and cs == ct and s[:1] not in "aeiou" and t[:1] not in "aeiou"


def _doubled_letter_variant(qi: NameInfo, i: int, ci: NameInfo, j: int) -> bool:
    """(Seventeenth round) Parts ``i`` of ``qi`` and ``j`` of ``ci`` are spelt one doubled letter
    apart: two Latin spellings equal once each run of a letter is written once (Ayyad / Ayad, Hassan /
    Hasan, Abbas / Abas, Mussa / Musa), or an Arabic spelling (which writes a doubled consonant once,
    its shadda dropped) aligned with the Latin spelling of the other with one letter doubled or
    undoubled (عياد, aligned with Ayyad, and Ayad). A doubled consonant or long vowel is the
    commonest variation between two romanisations of one name (ALA-LC writes the shadda doubled,
    the press often does not), so the different-names rule stops such a pair at review, not before."""
    a, b = qi.tokens[i], ci.tokens[j]
    if a.script == "latin" and b.script == "latin":
        return a.text != b.text and (_undoubled(a.text) == _undoubled(b.text) or _hard_g_variant(a.text, b.text))
    if a.script == "arabic" and b.script == "latin":
        return _variant_of_arabic(a, b, qi.latin_of[i])
    if a.script == "latin" and b.script == "arabic":
        return _variant_of_arabic(b, a, ci.latin_of[j])
    return False


def _variant_of_arabic(ar: Token, lat: Token, aligned) -> bool:
    """The Latin part ``lat`` is one doubled letter, or (with ج in the Arabic) a hard g, from a Latin
    spelling ``aligned`` with the Arabic part ``ar`` (fine keys)."""
    if not aligned:
        return False
    if not _doubling_fines(lat.text).isdisjoint(aligned):
        return True
    if "g" in lat.text and "gh" not in lat.text and "ج" in ar.text:
        toks = tokenize_name(lat.text.replace("g", "j"))
        return len(toks) == 1 and toks[0].fine in aligned
    return False


@lru_cache(maxsize=50_000)
def reading_fines(tok: Token) -> tuple[str, ...]:
    """(Seventeenth round) The fine keys the Arabic alignments of a Latin part are looked up by: its
    own, and that of its Somali reading when the part is read so in its name (somali.py: Cumar is
    also ʿUmar, عمر, not only Kumar). A Somali reading with an ʿayn inside adds none: the fine key
    cannot show the ʿayn (Siciid = Saʿiid would look up سيد, Sayyid)."""
    if tok.script == "latin" and is_somali_spelling(tok.text):
        so = somali_units(tok.text, _plain_latin_units)
        if so and so in tok.units and AYN not in so:
            return (tok.fine, phonetic.fine_key(so))
    return (tok.fine,)


def _arabic_of_readings(tok: Token) -> tuple[str, ...]:
    fines = reading_fines(tok)
    if len(fines) == 1:
        return arabic_spellings(fines[0])
    return tuple(dict.fromkeys(x for f in fines for x in arabic_spellings(f)))


@lru_cache(maxsize=50_000)
def _imala_fine(text: str) -> str | None:
    """(Sixth round) The fine key of a Latin spelling with its e read as a: the French transcription
    of Maghrebi Arabic writes a long a as e (imala): Kamel, Djamel, Jamel for كمال, جمال (Kamal,
    Jamal), which the Wikidata alignments give only as Kamil/Jamil-like keys. None without an e."""
    if "e" not in text or not text.isascii():
        return None
    toks = tokenize_name(text.replace("e", "a"))
    return toks[0].fine if len(toks) == 1 else None


def _bare(ar: str) -> set[str]:
    """An Arabic spelling without the article, with its ta marbuta / ta variant."""
    return set(ar_spelling_variants(ar[2:] if ar.startswith("ال") and len(ar) > 3 else ar))


def is_kunya(t: Token) -> bool:
    """Whether a part is a kunya glued by the tokeniser (abu/abou + name, أبو + name)."""
    x = t.text
    if t.script == "arabic":
        return x.startswith("ابو") and len(x) > 5
    return x.startswith("abu") and len(x) > 5


def _initials_of(tokens, k: int) -> bool:
    """Whether part ``k`` of a name is the initials of its other words (Libyan Investment Authority
    (LIA); particles and legal forms may be left out)."""
    t = tokens[k].text
    if not (2 <= len(t) <= 8 and t.isascii() and t.isalpha()):
        return False
    words = [x.text for i, x in enumerate(tokens) if i != k and x.text]
    full = "".join(x[0] for x in words)
    core = "".join(x[0] for x in words if x not in _INITIAL_SKIP)
    return t.lower() in (full.lower(), core.lower())


#: Muhammad written abbreviated before a given name, as Syrian and Malaysian names do (Mhd Amer)
#: (eighth round) the second word of a compound given name X al-Din (Salah Eddine, Nour al-Din)
_DIN = frozenset({"din", "dine", "eddine", "eddin", "uddin", "uddine", "addin", "eldin", "aldin", "الدين", "دين"})
_MUHAMMAD_ABBREVIATIONS = _MUHAMMAD_SHORT
#: (twelfth round) Abu Bakr as a glued part (Latin spellings and Arabic): a given name, not a kunya
_ABU_BAKR = frozenset({"abubakr", "abubakar", "abubaker", "abubakir", "abubakor", "ابوبكر"})
#: (ninth round) Sayyid (descendant of the Prophet) as Iranian, Iraqi and South Asian names write it
#: before the given name, and as a given name of its own (SAYYID MOHAMMED QADHAF AL-DAM); not Sayed /
#: Said, which are given names (El-Sayed, Said)
_SAYYID = frozenset({"sayyed", "sayyid", "seyyed", "seyed", "seyyid", "syed"})
#: (session 16, 22m) Muhammad as the first given name of Indonesian and Malay names (Muhammad Dandi
#: Adhiguna), a name element given to very many boys and commonly left out in use (the person goes by
#: the next given name: Kuipers, "Indonesian names", in Hanks (ed.), Dictionary of American Family Names;
#: Malaysian National Registration practice writes it abbreviated, Mohd/Md): its spellings
_MUHAMMAD_LEAD = frozenset({"muhammad", "muhamad", "mohammad", "mohamad", "muhammed", "mohammed", "mohamed",
                            "muhamed"}) | _MUHAMMAD_ABBREVIATIONS

_INITIAL_SKIP = frozenset({"of", "the", "and", "for", "in", "al", "el", "co", "ltd"})


def _compound_din_only(q, c, pairs) -> bool:
    """(Tenth round) The two pairs are one compound X al-Din on both sides (X, then din)."""
    (i1, j1), (i2, j2) = sorted((i, j) for i, j, _ in pairs)
    return i2 == i1 + 1 and j2 == j1 + 1 and q[i2].text in _DIN and c[j2].text in _DIN


_EN_KIND = {"organisation": "organization", "authorities": "authority", "commissions": "commission",
            "committees": "committee"}


def _glued_proper(qi: NameInfo, ci: NameInfo, mi: set, mj: set, w: MatchWeights) -> bool:
    """(Twelfth round) The proper words of two organisations' names left without a partner are the
    same words cut differently: glued in their order, one side written as one word more than the
    other (Changan ~ CHANG AN, Kang Bong ~ KANGBONG, Fast Link ~ FASTLINK), in one script, alike at
    ``single_part_exact`` or more. The whole names glued already meet (``joined_parts``); this says
    that what they share is a proper word, not vocabulary alone (``_org_vocabulary_rules``). Korean
    and Chinese names are romanised with their syllables written apart or together (McCune-
    Reischauer and the DPRK's own usage: Kang Bong / Kangbong; pinyin: Chang'an / Changan), and
    company names are written as one word or two (Fast Link / FASTLINK)."""
    qc, cc = qi.org_class, ci.org_class
    if qi.abjad != ci.abjad:
        return False
    uq = [qi.tokens[i] for i in range(len(qc)) if i not in mi and qc[i] is None]
    uc = [ci.tokens[j] for j in range(len(cc)) if j not in mj and cc[j] is None]
    if not uq or not uc or len(uq) == len(uc) or any(t.is_number for t in uq + uc):
        return False
    a, b = "".join(t.text for t in uq), "".join(t.text for t in uc)
    if _spelt_initials(uq, uc, a, b):
        return True
    return min(len(a), len(b)) >= 4 and OSA.normalized_similarity(a, b) >= w.single_part_exact


def _abbreviated_vocabulary(qi: NameInfo, ci: NameInfo, w: MatchWeights) -> list[tuple[int, int]]:
    """(Session 14, eighteenth round) Pairs (query part, listed part) of two organisations' names, both
    in Latin letters, where one word is the other cut short: the shorter has at least
    ``abbreviated_word_min_letters`` letters, the longer at least two more and is a word of
    ``orgwords``' vocabulary (a kind of body, a trade, an adjective: ATLANTIC SHIPPING & TRANS ~
    Atlantic Shipping and Transportation, Shipping Welfare Services Inst. ~ ...INSTITUTE, Reg. ~
    REGISTERED). Only generic words: a proper word that opens another (MEHR ~ MEHRAN) is another name.
    Source: the lists' own truncations (OFAC's name field, 35-character SWIFT-style limits in
    payment messages: ATLANTIC SHIPPING & TRANS, KOREA MARINE & INDUSTRIAL TRDG) and the usual
    English abbreviation by truncation with or without a full stop (Oxford Style Manual 10.2:
    Inst., Corp., Assoc., Internat.)."""
    out = []
    n = w.abbreviated_word_min_letters
    for i, a in enumerate(qi.tokens):
        if a.script != "latin" or a.is_number or len(a.text) < n:
            continue
        for j, b in enumerate(ci.tokens):
            if b.script != "latin" or b.is_number or len(b.text) < n or a.text == b.text:
                continue
            short, long_, k, ks = (a.text, b.text, ci.org_class[j], qi.org_class[i]) if len(a.text) < len(b.text) \
                else (b.text, a.text, qi.org_class[i], ci.org_class[j])
            # (the cut word is no word of the vocabulary itself: SHIP is not SHIPPING cut short)
            if ks is None and (long_ in SAME_CONCEPT or k is not None and k not in ("particle", "legal")) \
                    and len(long_) >= len(short) + 2 \
                    and long_.startswith(short):
                out.append((i, j))
    return out


def _dotted_query_parts(qi: NameInfo) -> tuple[int, ...]:
    """(Session 16) The parts of ``qi`` written cut short with their full stop (``_dotted_abbreviations``),
    found once per name and kept on it (slot ``dotted``): the scorer and the index's organisation bound
    ask for them once for each candidate."""
    got = getattr(qi, "dotted", None)
    if got is None:
        text = to_ascii(qi.name).lower()
        got = tuple(i for i, a in enumerate(qi.tokens)
                    if a.script == "latin" and not a.is_number and len(a.text) >= 3 and qi.org_class[i] is None
                    and re.search(r"(?<![a-z0-9.@/])" + re.escape(a.text) + r"\.(?![a-z0-9])", text))
        qi.dotted = got
    return got


def _dotted_abbreviations(qi: NameInfo, ci: NameInfo, w: MatchWeights) -> list[tuple[int, int]]:
    """(Session 15, nineteenth round) Pairs (query part, listed part) of two organisations' names in Latin
    letters where the query writes a word cut short WITH its full stop (Nat., NAC., Sci., Acad.): the
    full stop says it is an abbreviation, so a cut word of three letters opens a listed word of any kind
    (a proper word too: 2nd Academy of Nat. Sciences ~ SECOND ACADEMY OF NATURAL SCIENCES, BANCO NAC. DE
    CUBA ~ BANCO NACIONAL DE CUBA), the listed word at least two letters longer and no particle or legal
    form. ``_abbreviated_vocabulary`` (no full stop needed) keeps its conditions. Source: abbreviation by
    truncation marked with a full stop (Oxford Style Manual 10.2; Chicago Manual of Style 10.4; the
    Real Academia Española's list of abbreviations: nac. = nacional, cía. = compañía). A word between
    full stops or before a letter is part of a web address (cotunav.com.tn: COM met COMBAT at review),
    not an abbreviation."""
    out = []
    for i in _dotted_query_parts(qi):
        a = qi.tokens[i]
        for j, b in enumerate(ci.tokens):
            if b.script != "latin" or b.is_number or ci.org_class[j] in ("particle", "legal") \
                    or len(b.text) < len(a.text) + 2 or not b.text.startswith(a.text):
                continue
            out.append((i, j))
    return out


def _acronym_of_run(qi: NameInfo, ci: NameInfo, pairs) -> tuple[int, int, list[int], list[int]] | None:
    """(Session 14, eighteenth round) A word of one organisation's name left without a partner that is
    the initials of a run of as many consecutive words of the other name, also without partners, in
    Latin letters (AEROMOTUS UAV TRADING ~ AEROMOTUS UNMANNED AERIAL VEHICLES TRADING; TREND GYO ~ Trend
    Gayrimenkul Yatirim Ortakligi), when another word of the two names is paired exactly (an acronym
    alone says little). Returns (query part, listed part, query parts and listed parts that weigh
    nothing: the run's other words), or None. Three letters or more, one letter a word: the way
    ``acronyms`` reads an acronym beside its own name (EU Interinstitutional Style Guide 10.3), here
    across the two names, so that a name written out meets its listed acronym and the other way round."""
    if not any(x >= 0.999 for _, _, x in pairs):
        return None
    mi = {i for i, _, _ in pairs}
    mj = {j for _, j, _ in pairs}
    q, c = qi.tokens, ci.tokens
    for short, long_, ms, ml, q_short in ((q, c, mi, mj, True), (c, q, mj, mi, False)):
        for a, t in enumerate(short):
            x = t.text
            if a in ms or t.script != "latin" or t.is_number or not (3 <= len(x) <= 6) or not x.isalpha():
                continue
            n = len(x)
            for s0 in range(len(long_) - n + 1):
                run = range(s0, s0 + n)
                if any(k in ml or long_[k].script != "latin" or long_[k].is_number or len(long_[k].text) < 2
                       for k in run):
                    continue
                if "".join(long_[k].text[0] for k in run) == x:
                    rest = list(run)[1:]
                    return (a, s0, [], rest) if q_short else (s0, a, rest, [])
    return None


def _same_concept(qi: NameInfo, ci: NameInfo) -> list[tuple[int, int]]:
    """(Session 14, eighteenth round) Pairs (query part, listed part) of two organisations' names that
    are two English words of one concept (``orgvocab.SAME_CONCEPT``: trade and trading, marine,
    maritime and navy, transport and transportation), as Arabic and Persian names translated word
    for word (تجارة, بحرية) and the lists' English names write them."""
    out = []
    for i, a in enumerate(qi.tokens):
        ka = SAME_CONCEPT.get(a.text)
        if ka is None:
            continue
        for j, b in enumerate(ci.tokens):
            if b.text != a.text and SAME_CONCEPT.get(b.text) == ka:
                out.append((i, j))
    return out


def _spelt_initials(uq, uc, a: str, b: str) -> bool:
    """(Session 14, eighteenth round) An acronym written with full stops or spaces between its letters
    on one side (V.F.C. SOLUTIONS LIMITED, I R I S L) and as one word on the other (VFC SOLUTIONS LTD):
    every part left over on one side is a single letter and, glued, they are exactly the other side's
    word left over (two letters or more). Exact equality, not likeness: an acronym has no spelling
    variants, and three letters alike at ``single_part_exact`` would be most three-letter words. Source:
    the lists' own aliases of one body with and without stops (OFAC writes both, e.g. the A.K.A.s of
    companies abbreviated as L.L.C. and LLC), and the general English convention of writing initialisms
    with or without full stops (Chicago Manual of Style 10.4)."""
    return len(a) >= 2 and a == b and (all(len(t.text) == 1 for t in uq) or all(len(t.text) == 1 for t in uc))


def _org_vocabulary_rules(qi: NameInfo, ci: NameInfo, pairs, w: MatchWeights, apply, base) -> None:
    """Fifth round: an organisation matched on vocabulary alone, or a body of another kind.

    - **kind of body**: both names say what kind of body they are (front, army, bank, authority ...
      in any language ``orgwords`` reads) and no kind word of one is paired with one of the other:
      another body (a front is not an army), capped at ``org_kind_conflict_cap`` (below alert);
    - **vocabulary alone**: no proper word is paired (every pair has a word of ``orgwords``'
      vocabulary: adjectives, places, trades, kinds, legal forms) and the names are not the same
      (a word other than a particle or legal form left over on either side): one word in common
      (kinds, legal forms and particles aside), or a kind conflict besides, is capped at
      ``org_generic_cap`` (below review)."""
    qc, cc = qi.org_class, ci.org_class
    qp, cp = qi.places, ci.places
    mi = {i for i, _, _ in pairs}
    mj = {j for _, j, _ in pairs}
    conflict = "kind" in qc and "kind" in cc and not any(qc[i] == "kind" and cc[j] == "kind" for i, j, _ in pairs)
    if conflict:
        # (twelfth round) two words for the kind one Arabic word names (هيئة: authority, organisation,
        # commission, committee; orgwords.KIND_GROUP) are one kind
        gq = {KIND_GROUP.get(_EN_KIND.get(t.text, t.text)) for t, k in zip(qi.tokens, qc) if k == "kind"}
        gc = {KIND_GROUP.get(_EN_KIND.get(t.text, t.text)) for t, k in zip(ci.tokens, cc) if k == "kind"}
        conflict = not ((gq & gc) - {None})
    proper = any(qc[i] is None and cc[j] is None for i, j, _ in pairs) or _glued_proper(qi, ci, mi, mj, w)
    # the words of each name left over, particles and legal forms aside
    left_q = [i for i in range(len(qc)) if i not in mi and qc[i] not in ("particle", "legal")]
    cap = None
    if proper:
        if conflict:
            cap = w.org_kind_conflict_cap
    else:
        # (seventh round) nor the country the listed body is tied to, named in the query (General
        # Petroleum Corporation Syria ~ GENERAL PETROLEUM CORPORATION, an entry of OFAC's SYRIA programme)
        known = ci.countries or frozenset()
        if any(PLACE_COUNTRY.get(qp[i] or "") not in known for i in left_q) or any(
                j not in mj and cc[j] not in ("particle", "legal") for j in range(len(cc))):
            n_words = sum(1 for i, j, _ in pairs if qc[i] not in ("kind", "legal", "particle")
                          and cc[j] not in ("kind", "legal", "particle"))
            # (sixth round) ... or a proper word of one name left over: the words that say which body
            # it is are not the other's (Syrian Arab Red Crescent ~ SYRIAN ARAB ARMY)
            # (an acronym of the name's own words, Libyan Investment Authority (LIA), is not one)
            if n_words <= 1 or conflict or any(qc[i] is None and not _initials_of(qi.tokens, i)
                                               for i in range(len(qc)) if i not in mi) \
                    or _kind_against_company(qc, cc, left_q, mj):
                cap = w.org_generic_cap
            elif not any(x is None for x in qc) and "legal" in cc and (head := next(
                    (j for j in range(len(cc)) if cc[j] not in ("legal", "particle")), None)) is not None \
                    and cc[head] is None and head not in mj and not _initials_of(ci.tokens, head):
                # (twelfth round) a query of vocabulary alone, and the word the listed name opens
                # with, its own name, left over: the query does not name that body (الشركة العامة
                # للنقل البحري, read general company marine transport, is not CAROIL TRANSPORT MARINE
                # LTD, nor LIMITED LIABILITY COMPANY MODERN MARINE ARCTIC TRANSPORT: legal forms and
                # particles before it aside). A company's name (one with a legal form) puts what names
                # it first (X TRANSPORT MARINE LTD); in other names a proper word further on qualifies
                # a body the vocabulary names (PALESTINE LIBERATION FRONT - ABU ABBAS FACTION, ISLAMIC
                # STATE OF IRAQ AND ASH-SHAM IN LIBYA) and an acronym may open it (ISIS in the Islamic
                # Sahel): not caught here
                cap = w.org_generic_cap
    if cap is not None and base() > cap:
        apply("org_kind_conflict" if proper else "org_vocabulary_only", cap, value=cap, kinds=bool(conflict))
    # (sixth round) a country or region named on one side and not paired with one of the other
    pq = [qp[i] for i in range(len(qc)) if i not in mi and qp[i]]
    pc = [cp[j] for j in range(len(cc)) if j not in mj and cp[j]]
    cap = None
    if pq and pc:          # two countries: bodies of two countries (or regions) are two bodies
        cap = w.org_generic_cap
    elif pc and not proper and all(PLACE_COUNTRY.get(p) for p in pc) and not any(qp):
        # (seventh round) vocabulary alone, the listed name's country missing from a query that names
        # none: National Oil Corporation (Libya's) ~ NATIONAL IRANIAN OIL COMPANY, once corporation and
        # company are one word, is another body
        cap = w.org_generic_cap
    elif pc and not proper and len(left_q) > len(pq):
        # vocabulary alone, the listed name's country not in the query, which has words of its own
        # left: National Oil Foundation ~ NATIONAL IRANIAN OIL COMPANY is another body
        cap = w.org_generic_cap
    elif pq and not proper and len(left_q) > len(pq) and any(
            PLACE_COUNTRY.get(p) and PLACE_COUNTRY[p] not in (ci.countries or frozenset()) for p in pq):
        # (fifteenth round) vocabulary alone, the query naming a country the listed body is not tied
        # to (its countries and programmes) and words of its own left besides: Libyan Post,
        # Telecommunications and Information Technology Company ~ INFORMATION TELECOMMUNICATION
        # TECHNOLOGIES JSC (OFAC RUSSIA) is another body, as in the rule above with the sides swapped.
        # The country alone left over is not (Armed Islamic Group of Algeria = ARMED ISLAMIC GROUP)
        cap = w.org_generic_cap
    elif pq and proper:
        # the Tunisian Ministry of Interior ~ MINISTRY OF INTERIOR: a review, unless the list entry
        # is tied to that country (its countries or programmes: REAL ESTATE BANK, OFAC SYRIA)
        known = ci.countries or frozenset()
        if not all(PLACE_COUNTRY.get(p) in known for p in pq):
            cap = w.org_place_unmatched_cap
    if cap is not None and base() > cap:
        apply("org_place_conflict", cap, value=cap, query=pq, candidate=pc)


def _registered_name_extra(qi: NameInfo, ci: NameInfo, pairs, w: MatchWeights) -> bool:
    """(Fourteenth round) The query is a company's name with a legal form at an end (weighing
    ``legal_form_weight``: not Co, which also stands for the word Company), every word of the listed
    name but its legal forms and particles is paired, and the query has a word more within its name
    (between its legal forms at either end): see ``org_registered_extra_cap``."""
    qc, cc, q = qi.org_class, ci.org_class, qi.tokens
    n = len(q)
    legal = [qc[k] == "legal" and qi.weights[k] <= w.legal_form_weight for k in range(n)]
    if all(legal) or not (legal[0] or legal[-1]):
        return False
    mj = {j for _, j, _ in pairs}
    if any(j not in mj and cc[j] not in ("legal", "particle") and not ci.tokens[j].is_number
           for j in range(len(cc))):
        return False
    first = legal.index(False)
    last = n - 1 - legal[::-1].index(False)
    mi = {i for i, _, _ in pairs}
    return any(i not in mi and not q[i].is_number and qc[i] not in ("legal", "particle") and qi.weights[i] >= 0.2
               for i in range(first, last + 1))


def _listed_coverage(pairs: list, conf: dict, wc: list, nc: int, factor) -> float:
    """The listed name's coverage by the paired parts with each listed part ``j`` weighed
    ``factor(j)`` times its weight (0 leaves it out, ``middle_name_weight`` counts it less): what
    the rules for names the press writes shorter (given and family name only, the first words, an
    organisation's short form) count instead of the plain coverage."""
    den = sum(wc[j] * factor(j) for j in range(nc)) or 1.0
    return sum(conf[i, j] * wc[j] * factor(j) for i, j, _ in pairs) / den


# (session 14) honorifics written before a name that are no part of it: Sayyid and its Maghrebi form Sidi
# ("my lord"), which also opens the names of saints' shrines and the places named after them (Sidi Amor)
_HONORIFIC_PARTS = _SAYYID | frozenset({"sidi", "sidy", "سيدي"})


def rare_parts_agree(qi: NameInfo, ci: NameInfo, pairs, w: MatchWeights = DEFAULT_WEIGHTS
                     ) -> tuple[list[tuple[float, float, str]], int] | None:
    """(session 14, seventeenth round) The parts of a queried name that agree with a listed person's
    name, as (information in digits, -log10 share; similarity; the listed part's role), and the number
    of query parts left without a partner, when the evidence-floor rule holds (``rare_parts_*`` of
    MatchWeights); else None. A decision on the evidence, not on the form of the name:

    - two parts or more, each paired with a distinct listed part at ``rare_parts_similarity`` at least
      and carrying ``rare_parts_part_information`` at least (a name, not Mohammed, an initial, the Din
      of a compound or the honorific Sayyid), whose information sums to ``rare_parts_information``;
    - at most ``rare_parts_unpaired`` query parts (numbers aside) left without any partner;
    - the agreeing parts name the person, not only the family: one of them is the listed given name or
      family name, and one is not a family name (two family names alike, the given name not, are the
      Hispanic double family name of a brother or a cousin: MORENO PEREZ, Felipe ~ Marisol Moreno Perez);
    - the query's given name has a partner: a given name of its own, where the listed name has another,
      is a relative's (Halima Abdi Aden ~ ADEN, Mohamoud Abdi; Ahmed Gaddaf al-Dam);
    - not a listed name led by a kunya the query leaves out (twelfth round: at most partial_given_cap,
      the sets' constructed namesakes), nor a Korean or Chinese name, whose syllables decide
      (sixteenth round, east_asian_agreement)."""
    if not ci.person or (ci.lead_kunya and not any(j == 0 for _, j, _ in pairs)):
        return None
    if ci.surnames is not None and surname_conflict(qi, ci, pairs):
        # (Session 16) a second family name that is not the listed person's: another person (namesake.py)
        return None
    q, c = qi.tokens, ci.tokens
    mq = {i: j for i, j, _ in pairs}
    parts_q = [k for k, t in enumerate(q) if not t.is_number and t.text not in _HONORIFIC_PARTS]
    if len(parts_q) >= 2 and qi.given is not None and q[qi.given].text not in _HONORIFIC_PARTS:
        if qi.given not in mq:
            return None
        if ci.nasab and ci.given is not None and ci.given not in mq.values() and ci.roles[mq[qi.given]] == "m":
            # the query's given name is the listed person's father's name in the Arabic naming chain
            # (Younis Jaber ~ JABIR, Abu Bakr Yunis), as the twelfth round reads it (NameInfo.nasab: by the
            # name's words, a country of the chain, or no known country): his father, not he
            return None
    cap = w.part_information_cap
    got: list[tuple[float, float, str]] = []
    for i, j, x in pairs:
        if x < w.rare_parts_similarity or q[i].is_number or c[j].is_number:
            continue
        if len(q[i].text) == 1 or len(c[j].text) == 1 or q[i].text in _DIN or c[j].text in _DIN \
                or q[i].text in _HONORIFIC_PARTS or c[j].text in _HONORIFIC_PARTS:
            continue
        inf = min(pair_information(qi, i, ci, j, x, w.same_spelling), cap)
        if inf >= w.rare_parts_part_information:
            got.append((inf, x, ci.roles[j]))
    if len(got) < 2 or sum(x for x, _, _ in got) < w.rare_parts_information:
        return None
    roles = [r for _, _, r in got]
    if not any(r in ("g", "f") for r in roles) or all(r == "f" for r in roles):
        return None
    unpaired = [k for k in parts_q if k not in mq]
    if len(unpaired) > w.rare_parts_unpaired:
        return None
    left_c = {c[j].text[:1] for j in range(len(c)) if j not in mq.values()}
    if any(len(q[k].text) == 1 and q[k].script == "latin" and q[k].text not in left_c for k in unpaired):
        # an initial that begins no listed part left over is another name's (Carlos Zorbano P. is not
        # ZORBANO TIRQUIA, Carlos: fourteenth round, the maternal surname written as an initial)
        return None
    if east_asian_parts(ci.name, listed=True) or east_asian_parts(qi.name):
        return None
    return got, len(unpaired)


def _east_asian_syllables_left(qi: NameInfo, ci: NameInfo, pairs) -> bool:
    """(Session 16, twenty-first round) A Korean or Chinese listed person's name met across scripts by a
    query in Arabic or Persian script that leaves syllables of it over (سام كيم ~ KIM CHOL SAM): the
    listed parts the query's words met, read in the query's order, are compared syllable by syllable as
    a Latin query is (eastasian.east_asian_agreement, sixteenth round). Korean given names are one unit
    of (usually) two syllables (National Institute of the Korean Language, Revised Romanization of
    Korean, 2000, rule 3.4: Han Bok-nam, Hong Bitna; the UN list writes KIM CHOL SAM, OFAC KIM, Chol
    Sam): the family name and one syllable of the given name is another person's name."""
    c = ci.tokens
    if len(pairs) != len(qi.tokens) or len(pairs) >= len(c) or len(pairs) > 3:
        return False
    if not east_asian_parts(ci.name, listed=True):
        return False
    reading = " ".join(c[j].text for _, j, _ in sorted(pairs))
    return east_asian_agreement(reading, ci.name) is False


#: (Session 16, 22f) Burmese honorifics written before a name (U, Daw; Wikipedia "Burmese names"): no syllable
#: of it, a query or listed name may add them
_BURMESE_HONORIFICS = frozenset({"u", "daw"})


def _burmese_syllables_differ(qi: NameInfo, ci: NameInfo, pairs) -> bool:
    """(Session 16, 22f) A listed person of Burma (country MM) whose name and the query's each keep a syllable
    the other has not (Aung Ko Ko Naing ~ OO, Aung Naing; Khaing Zar Chit ~ CHIT, Khaing Pa Pa). Burmese
    names have no family name: every syllable is the personal name, none is left out or a father's name
    (Wikipedia "Burmese names"; the lists' comma only copies the Western form), so two names that
    differ by syllables on both sides are two people's names, whatever they share."""
    if not ci.burmese or not pairs:
        return False
    if any(t.script != "latin" for t in qi.tokens) or any(t.script != "latin" for t in ci.tokens):
        return False
    pi, pj = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    left_q = [i for i, t in enumerate(qi.tokens) if i not in pi and t.text not in _BURMESE_HONORIFICS]
    left_c = [j for j, t in enumerate(ci.tokens) if j not in pj and t.text not in _BURMESE_HONORIFICS]
    return bool(left_q) and bool(left_c)


def containment(qi: NameInfo, ci: NameInfo, sim, w: MatchWeights = DEFAULT_WEIGHTS
                ) -> tuple[float, float, int, list[str], set[int]] | None:
    """(session 14, eighteenth round) How much of a listed name the query holds, whatever else it says:
    (share of the listed name's weighted information met, information met in digits, number of met
    parts of ``rare_parts_part_information`` or more, the met words, the query parts that meet them). A listed part (not a number) is
    met by a query part at ``contained_similarity`` or more, or when it stands whole
    (three letters or more, Latin script) as two to four consecutive query parts glued (written split
    or punctuated: V.F.C., HONG KONG ~ HONGKONG). Each query part meets one listed part at most, and a
    query initial only a listed initial. Each part counts its information (digits, capped at
    ``part_information_cap``) times its weight (legal forms, generic words of bodies and the commonest
    name parts weigh least) in the share; the information met counts the parts weighing more than
    ``min_part_weight``. None when the scripts differ or a number of the listed name is missing."""
    c = ci.tokens
    if not c or not qi.tokens or qi.abjad != ci.abjad:
        return None
    if ci.numbers and not set(ci.numbers) <= set(qi.numbers):
        return None
    cap = w.part_information_cap
    q = qi.tokens
    # the query's runs of two to four parts glued (V.F.C. = vfc, HONG KONG = hongkong, SOR<<ILAN): a
    # listed word written split or punctuated meets its run whole
    runs = {"".join(t.text for t in q[a:b]): range(a, b) for a in range(len(q))
            for b in range(a + 2, min(len(q), a + 4) + 1) if all(t.script == "latin" and not t.is_number for t in q[a:b])}
    # each query part meets one listed part (KYAW, Kyaw is not met by one Kyaw); a query initial meets
    # only a listed initial (P<IRN: the document code is no initial of PARSAEI)
    order = sorted((j for j, t in enumerate(c) if not t.is_number), key=lambda j: -ci.info[j])
    used: set[int] = set()
    tot = got = info = 0.0
    n_rare = 0
    met: list[str] = []
    for j in order:
        t = c[j]
        x = min(ci.info[j], cap)
        eff = x * ci.weights[j]
        tot += eff
        one = len(t.text) == 1
        best, bi = 0.0, -1
        for i, row in enumerate(sim):
            if i in used or q[i].is_number or (len(q[i].text) == 1 and q[i].script == "latin" and not one):
                continue
            if row[j] > best:
                best, bi = row[j], i
        if best >= w.contained_similarity:
            used.add(bi)
        elif t.script == "latin" and len(t.text) >= 3 and t.text in runs:
            used.update(runs[t.text])
        else:
            continue
        got += eff
        if ci.weights[j] > w.min_part_weight + 1e-9:
            info += x
            met.append(t.text)
            if x >= w.rare_parts_part_information and not one:
                n_rare += 1
    if tot <= 0:
        return None
    return got / tot, info, n_rare, met, used


def listed_name_contained(qi: NameInfo, ci: NameInfo, sim, w: MatchWeights = DEFAULT_WEIGHTS,
                          typed: bool = False) -> tuple[list[str], float] | None:
    """(session 14, eighteenth round) The listed name held (nearly) whole in the query, whatever
    surrounds it (``containment``): its share of weighted information met is ``contained_share`` or
    more, and the information met reaches ``contained_information`` over two rare parts or more
    (a person: two names or more), or ``contained_single_information`` in one part of a ship or a
    body asked for by its kind (``typed``). A decision on the listed name's content, not on the form
    of the text around it (a place, a flag, a call sign, a legal form spelt out, a title)."""
    st = containment(qi, ci, sim, w)
    if st is None:
        return None
    share, info, n_rare, met, used = st
    if share < w.contained_share - 1e-9:
        return None
    if n_rare >= 2:
        if info < w.contained_information - 1e-9:
            return None
    elif ci.person or not typed or info < w.contained_single_information - 1e-9 \
            or max(len(m) for m in met) < w.contained_single_length:
        return None
    if not ci.person and all(word_class(m) is not None for m in met):
        # a body's name of vocabulary only (GENERAL DIRECTORATE OF PORTS): the words of many bodies'
        # names, rare as people's names (the information scale) but not as the words of bodies
        return None
    if ci.person and (east_asian_parts(qi.name) or east_asian_parts(ci.name, listed=True)):
        return None   # a Korean or Chinese name: its syllables decide (sixteenth round)
    if ci.person and qi.given is not None and len(qi.tokens) >= 2 and qi.given not in used:
        # the query's own given name, left over, is a relative's (Ziad Tariq Aziz ~ TARIQ AZIZ: his son),
        # as the seventeenth round reads it (rare_parts_agree)
        return None
    return met, info


def score_names(qi: NameInfo, ci: NameInfo, sim: np.ndarray | list, w: MatchWeights = DEFAULT_WEIGHTS,
                vessel: bool = False, explain: bool = True, org: bool = False, typed: bool = False,
                glued: float | None = None, keep_doubled: bool = True) -> tuple[float, dict]:
    """Score two names from their part similarity matrix (rows: parts of ``qi``, columns: ``ci``).
    ``keep_doubled``: (seventeenth round) keep for review the pairs the different-names rule parts
    that are spelt one doubled letter apart (``_doubled_letter_variant``).
    ``typed``: the query said which kind of entry it is (vessel, organisation). ``glued``: the
    similarity of the two names glued, when already computed (values below
    ``joined_min_similarity`` may be given as 0.0; negative: not computed)."""
    q, c = qi.tokens, ci.tokens
    if not q or not c:
        return 0.0, {"reason": "empty name"}
    simlist = sim.tolist() if isinstance(sim, np.ndarray) else [list(r) for r in sim]
    if not (ci.person or qi.person) or org or vessel:
        # single letters are initials of people's names only (not of S.A., M/V or an aircraft's M-SAAN)
        q1 = [len(t.text) == 1 and not t.is_number for t in q]
        c1 = [len(t.text) == 1 and not t.is_number for t in c]
        if any(q1) or any(c1):
            simlist = [[x if not (q1[i] or c1[j]) or x >= 0.999 else 0.0 for j, x in enumerate(row)]
                       for i, row in enumerate(simlist)]
    elif len(q) > 1 and len(c) > 1:
        # an initial stands for a given or middle name, not for a family name, which is written out
        # (fifth round: Madbouly is not the M. of ALMADANI, Mustafa Mohammed M.)
        q1 = [len(t.text) == 1 and t.script == "latin" and not t.is_number for t in q]
        c1 = [len(t.text) == 1 and t.script == "latin" and not t.is_number for t in c]
        if any(q1) or any(c1):
            qr, cr = qi.roles, ci.roles
            nq_, nc_ = len(q), len(c)

            def maternal(i: int, j: int) -> bool:
                # (fourteenth round) the Spanish and Latin American usage of writing the second
                # (maternal) family name as an initial after the first one written out (Carlos Moreno
                # T. for MORENO TUBERQUIA, Carlos Antonio; RAE, Diccionario panhispánico de dudas,
                # "apellido"): a final query initial meets the second of two listed family names when
                # the query's part before it is that entry's first family name, spelt the same
                return (i == nq_ - 1 and i >= 2 and j >= 1 and cr[j - 1] == "f" and sum(r == "f" for r in cr) == 2
                        and not q1[i - 1] and not c1[j - 1] and simlist[i - 1][j - 1] >= w.same_spelling)
            simlist = [[0.0 if ((c1[j] and not q1[i] and qr[i] == "f")
                                or (q1[i] and not c1[j] and cr[j] == "f" and not (x > 0 and maternal(i, j))))
                        else x for j, x in enumerate(row)] for i, row in enumerate(simlist)]
    glide_cut = False   # (twentieth round) parts kept apart are not glued back together below
    if ci.person and not (qi.abjad or ci.abjad):
        for i, j in slavic_glide_pairs(qi, ci):
            simlist[i][j] = min(simlist[i][j], w.slavic_glide_cap)
            glide_cut = True
    if qi.abjad != ci.abjad:
        # (eighth round) an Arabic proper word is not an English word of an organisation's vocabulary
        # that happens to sound like it (سوسة, the town of Sousse, ~ SOCIETY 0.91: سوسة الليبية
        # alerted at 1.0 on the alias "Libyan Society"); Arabic vocabulary meets it by translation
        # (جمعية = society), and country names (ليبيا = Libya) and transliterated Arabic words
        # (Jamaa, Katiba) are read by sound as before
        for i, j in _sound_alike_vocabulary(qi, ci) + [(i, j) for j, i in _sound_alike_vocabulary(ci, qi)]:
            simlist[i][j] = 0.0
        # (twentieth round) nor an Arabic vocabulary word an English word of another meaning (غرب
        # west ~ GROUP): soundalike.py
        for i, j in translated_word_sound_pairs(qi, ci) + [(i, j) for j, i in translated_word_sound_pairs(ci, qi)]:
            simlist[i][j] = 0.0
        # (fifteenth round) Lafi is not الالفي (al-Alfi): the vowel moved into the initial cluster
        for i, j in (_vowel_shift_pairs(qi, ci) if ci.abjad else [(i, j) for j, i in _vowel_shift_pairs(ci, qi)]):
            if simlist[i][j] > w.vowel_shift_cap:
                simlist[i][j] = w.vowel_shift_cap
    head_dropped = False
    if ci.person and not qi.person and qi.abjad != ci.abjad and qi.org_class:
        # (session 12) the other way round: an Arabic word of an organisation's vocabulary (جامعة
        # university, شركة company, مصرف bank) is not a listed person's name part that sounds like it
        # (جامعة درنة, Derna University, alerted at 0.93 on GONZALEZ DURAN, Jaime: جامعة ~ Jaime 0.92)
        # Only the word that opens the name, as Arabic names a body (the kind word first), and not
        # a place or its adjective (المصري, العراقي: a nisba, part of many people's names)
        # (session 14) ... nor a generic term that opens a place's name (بئر well, قصر castle, مدينة
        # city: toponyms.toponym_generic): بئر الأشهب ~ Peer Sahib, مدينة بن قردان ~ MEDINA CARDONA
        # (session 16, 22m) ... nor a relative adjective (مالي financial, دولي international), which
        # follows its noun and never opens a body's name (orgwords.arabic_relative_adjective)
        if (qi.org_class[0] in ("kind", "generic") or toponym_generic(q[0].text)) and q[0].script == "arabic" \
                and not place_word(q[0].text) and not arabic_relative_adjective(q[0].text):
            simlist[0] = [0.0] * len(simlist[0])
            head_dropped = True   # ... nor glued to the proper word after it (ميناء حمد ~ AHMED, Ameen)
    if any(qi.din_head) or any(ci.din_head):
        # (tenth round) the first word of a compound X al-Din is not the name X alone: Nour al-Din
        # (Noureddine, نور الدين) is not Noor, Badr al-Din not Badr (different given names)
        qh, ch = qi.din_head, ci.din_head
        simlist = [[0.0 if qh[i] != ch[j] else x for j, x in enumerate(row)] for i, row in enumerate(simlist)]
    qnum = qi.is_num if vessel else [False] * len(q)
    cnum = ci.is_num if vessel else [False] * len(c)
    if vessel and (any(qnum) or any(cnum)):  # numbers of vessel names are compared apart
        simlist = [[0.0 if (qnum[i] or cnum[j]) else s for j, s in enumerate(row)] for i, row in enumerate(simlist)]
    if not vessel and not (qi.person or ci.person) and ci.org_class is not None and qi.org_class is not None:
        for i, j in _abbreviated_vocabulary(qi, ci, w):
            simlist[i][j] = max(simlist[i][j], w.abbreviated_word_similarity)
        for i, j in _same_concept(qi, ci):
            simlist[i][j] = max(simlist[i][j], w.same_concept_similarity)
        if "." in qi.name:   # (session 15, nineteenth round) Nat., NAC. written with their full stop
            for i, j in _dotted_abbreviations(qi, ci, w):
                simlist[i][j] = max(simlist[i][j], w.abbreviated_word_similarity)
    pairs = _greedy(simlist, w.min_part_similarity, qi.roles, ci.roles)
    wq, wc = (qi.person_cov_weights if ci.person else qi.cov_weights), ci.cov_weights
    if not (all(qi.known) and all(ci.known)):  # an Arabic spelling weighs what its Latin spelling weighs
        wq, wc = list(wq), list(wc)
        for i, j, x in pairs:
            if x >= w.same_spelling and qi.known[i] != ci.known[j]:
                if ci.known[j] and qi.weights[i] > 0:
                    wq[i] *= ci.weights[j] / qi.weights[i]
                elif qi.known[i] and ci.weights[j] > 0:
                    wc[j] *= qi.weights[i] / ci.weights[j]
    sum_q = sum(x for x, n in zip(wq, qnum) if not n) or 1.0
    sum_c = sum(x for x, n in zip(wc, cnum) if not n) or 1.0
    # parts with a partner before the different-names rule (but for two Latin names, see the glued rule)
    paired = len(pairs) if (qi.abjad or ci.abjad) else None
    doubled_only = False
    din_only = False   # (tenth round) the parts in common are one compound X al-Din: one word
    if not vessel and any(_distinct_names(qi, i, ci, j, x, w) for i, j, x in pairs):
        # two Latin spellings of common names that Arabic writes differently (Karim كريم and Karam
        # كرم, Hassan حسن and Hussein حسين, Zaid and Ziad): different names, however close the letters
        # (seventeenth round) unless the two spellings are one letter doubled apart (Ayyad / Ayad):
        # the commonest spelling variation of all, kept for review (``doubled_letter_cap``)
        kept = [(i, j, x) for i, j, x in pairs
                if not _distinct_names(qi, i, ci, j, x, w) or (keep_doubled and _doubled_letter_variant(qi, i, ci, j))]
        doubled_only = len(kept) > len([p for p in pairs if not _distinct_names(qi, p[0], ci, p[1], p[2], w)])
        pairs = kept
    if not vessel and pairs and not (qi.person or ci.person) and qi.org_class is not None \
            and ci.org_class is not None:
        acr = _acronym_of_run(qi, ci, pairs)
        if acr is not None:
            # (session 14, eighteenth round) an acronym on one side spelling a run of words on the
            # other: paired with the run's first word, the run's other words weigh nothing
            i, j, rest_q, rest_c = acr
            pairs = pairs + [(i, j, 1.0)]
            wq, wc = list(wq), list(wc)
            for k in rest_q:
                wq[k] = 0.0
            for k in rest_c:
                wc[k] = 0.0
            sum_q = sum(x for x, n in zip(wq, qnum) if not n) or 1.0
            sum_c = sum(x for x, n in zip(wc, cnum) if not n) or 1.0
    if (q and q[-1].text in HONORIFIC_SUFFIXES and ci.person and len(pairs) >= 2
            and len(pairs) == len(q) - 1 - sum(qnum)):
        k = _honorific_suffix_left(qi, pairs, w)
        if k is not None:
            # (twenty-first round) a South Asian clan or honorific suffix (Khan) written after a listed
            # name that lacks it, every other part met: a middle name's weight, not a family name's
            wq = list(wq)
            sum_q -= wq[k] - min(wq[k], w.middle_name_weight)
            wq[k] = min(wq[k], w.middle_name_weight)
    if ci.person and ci.family_marked and pairs:
        k = _own_family_left_out(qi, ci, pairs)
        full = qi.weights[k] if k is not None and qi.known[k] else 1.0   # not measured: as its Latin spelling
        if k is not None and wq[k] < full:
            # (Session 16, twenty-second round) the query's own family name with the article (al-Saadi),
            # unmatched, while its given name meets the listed family name (Haidar Ali al-Saadi ~ HAIDAR,
            # Ali): the press leaves a nisba out, it does not put another family name after the listed
            # one's given name; the nisba weighs in full (namesake evidence), not as a middle name
            wq = list(wq)
            sum_q += full - wq[k]
            wq[k] = full
    lo, hi = w.part_sim_zero, w.part_sim_full
    conf = {(i, j): min(1.0, max(0.0, (x - lo) / (hi - lo))) for i, j, x in pairs}
    cov_q = sum(conf[i, j] * wq[i] for i, j, _ in pairs) / sum_q
    cov_c = sum(conf[i, j] * wc[j] for i, j, _ in pairs) / sum_c
    nq = len(q) - sum(qnum)
    nc = len(c) - sum(cnum)
    short, long_ = (cov_q, cov_c) if nq <= nc else (cov_c, cov_q)
    if ci.surnames is not None:
        # (Session 16) the family name a person is not called by weighs a middle name's weight when
        # missing (NameInfo.surnames) only when the one he is called by is met in the same script and
        # is rare (``exact_rare_part_weight``, as the sixth round's rule: Pedro Sanchez is many people),
        # and the listed name writes no title (Haji: not a Spanish or Portuguese name); else in full
        main, other = surname_roles(ci)
        # (and every query part paired: a part left over may be another second family name, Carlos
        # Zorbano P. ~ ZORBANO TIRQUIA, Carlos Antonio, fourteenth round)
        if wc[other] < ci.weights[other] and other not in {j for _, j, _ in pairs} and not (len(pairs) == nq and any(
                j == main and conf[i, j] >= 1.0 and not qi.abjad and not ci.abjad and not ci.titles
                and min(qi.weights[i], ci.weights[j]) >= w.exact_rare_part_weight for i, j, _ in pairs)):
            wc = list(wc)
            wc[other] = ci.weights[other]
            sum_c = sum(x for x, n in zip(wc, cnum) if not n) or 1.0
            cov_c = sum(conf[i, j] * wc[j] for i, j, _ in pairs) / sum_c
            short, long_ = (cov_q, cov_c) if nq <= nc else (cov_c, cov_q)
    if (ci.person and 2 <= nq < nc and len(pairs) == nq and ci.given is not None
            and any(i == 0 and j == ci.given for i, j, _ in pairs)):
        # (sixth round) the query is the listed person's given name and family name, with the
        # father's and grandfather's names the press leaves out: the listed name's coverage is
        # counted over its given and family names only, when the family name paired is rare
        fam_pairs = [(i, j) for i, j, _ in pairs if i == nq - 1 and ci.roles[j] == "f"]
        if fam_pairs and min(qi.weights[fam_pairs[0][0]], ci.weights[fam_pairs[0][1]]) >= w.exact_rare_part_weight:
            long_ = max(long_, _listed_coverage(pairs, conf, wc, nc,
                                                lambda j: 1.0 if ci.roles[j] in ("g", "f") else 0.0))
    if (ci.person and not ci.family_marked and 2 <= nq < nc and nc - nq <= 2 and len(pairs) == nq
            and all(i == j for i, j, _ in pairs)
            and any(i > 0 and min(qi.weights[i], ci.weights[j]) >= w.exact_rare_part_weight for i, j, _ in pairs)
            and not (nq == 2 and q[1].text in _DIN)):
        # (eighth round) the first words of a listed name written in order without a marked family
        # name (UN: SHER MOHAMMAD ABBAS STANEKZAI PADSHAH KHAN, RUSTUM HANAFI HABIBULLAH), its last
        # one or two words left out: the press leaves out the father's name written last (Rostam
        # Hanafi, Sher Mohammad Abbas Stanikzai, 0.87-0.89 before), when a word after the given name
        # is rare (not Aisha Mohamed: common words) and the query is not one compound given name
        # (Salah Eddine, صلاح الدين ~ SALAH EDDINE GASMI: the given name alone); those words weigh
        # ``middle_name_weight`` in the listed name's coverage, like the middle names of the sixth
        # round's rule (the compiled upper bound already counts such a name as covered)
        long_ = max(long_, _listed_coverage(pairs, conf, wc, nc, lambda j: w.middle_name_weight if j >= nq else 1.0))
    short_form = False
    if (org and not vessel and 2 <= nq < nc and len(pairs) == nq and qi.org_class is not None
            and ci.org_class is not None):
        # (seventh round) the short form of a listed organisation's name: the press names a body by
        # its own words and leaves out what it does and its legal form (Yousser Company ~ YOUSSER
        # COMPANY FOR FINANCE AND INVESTMENT, Sallizar Shipping ~ SALLIZAR SHIPPING SAL). When every
        # query part is paired, a proper word among them exactly and rare, and every listed word left
        # over is vocabulary (a trade, a kind of body, a legal form, a particle) or the initials of
        # the name, those left-over words weigh ``middle_name_weight`` in the listed name's coverage
        # (a query of two words at least: one word, a place such as al-Maya, is not a short form)
        qc, cc = qi.org_class, ci.org_class
        mj = {j for _, j, _ in pairs}
        rest = [j for j in range(nc) if j not in mj]
        if rest and all(cc[j] is not None or _initials_of(ci.tokens, j) for j in rest) and any(
                qc[i] is None and cc[j] is None and conf[i, j] >= 1.0
                and min(qi.weights[i], ci.weights[j]) >= w.exact_rare_part_weight for i, j, _ in pairs):
            long_c = _listed_coverage(pairs, conf, wc, nc, lambda j: w.middle_name_weight if j in rest else 1.0)
            if long_c > long_:
                long_ = long_c
                short_form = True
    base = short * ((1 - w.long_side_share) + w.long_side_share * long_)
    features: list[dict] = []
    if explain:
        features.append({"feature": "name_parts", "value": round(base, 4),
                         "coverage_query": round(cov_q, 4), "coverage_candidate": round(cov_c, 4)})
        if short_form:
            features.append({"feature": "organisation_short_form", "contribution": 0.0,
                             "coverage_candidate": round(long_, 4)})

    def apply(name: str, new: float, **extra) -> None:
        nonlocal base
        if explain and abs(new - base) > 1e-9:
            features.append({"feature": name, **extra, "contribution": round(new - base, 4)})
        base = new

    # information the matched parts carry (-log10 of how common they are, in digits): two names that
    # share parts of information I could be that many in 10**I people; an alert needs enough of it
    cap_i = w.part_information_cap
    info = sum(conf[i, j] * min(pair_information(qi, i, ci, j, x, w.same_spelling), cap_i) for i, j, x in pairs)
    if org and qi.org_vocab_info is not None:
        # (session 16, 21b) a generic word of the query met by another spelling or language of it in a
        # listed organisation's name (Bank ~ BANCO, BANKA): the pair carries at most the query word's
        # information among organisations' names, what it carries met as written (Bank ~ BANK). The
        # information of a pair is the smaller of its words', and the query's word, of no stated kind,
        # is counted over all names (BANK: 1.94 digits) while the listed word is counted among bodies'
        # names, where the English word is common (BANK 1.60) and its other languages rare (BANCO 2.80):
        # Bank VTB met BANCO VTB AFRICA SA with 4.20 digits, VTB BANK PUBLIC JOINT STOCK COMPANY with 4.10
        info -= sum(conf[i, j] * max(0.0, min(pair_information(qi, i, ci, j, x, w.same_spelling), cap_i)
                                     - qi.org_vocab_info[i])
                    for i, j, x in pairs if qi.org_vocab_info[i] is not None and q[i].text != c[j].text)
    n_match = len(pairs)
    numbers_agree = vessel and bool(qi.numbers) and qi.numbers == ci.numbers
    if numbers_agree:
        n_match += 1
        info += w.number_information
    # the same name cut into parts differently (FLYING FOX / FLYINGFOX, Abdul Rahman / Abdulrahman)
    joined = False
    glued_sim = 0.0
    # (fifth round: across scripts only when the names are cut differently, i.e. some part has no
    # partner; two names of as many parts, each paired with one of the other, are compared part by
    # part: glued, the long parts that agree would hide one that does not, محمود ~ Mohammed, which
    # is another name; within one script gluing also repairs typing slips, Kahdem = Khadem)
    # Parts the different-names rule parted in Arabic script had partners: they are not cut
    # differently, and glued they would meet again (مصطفى أحمد ~ HAMID, Mustafa; محمد ~ أحمد).
    # (Between two Latin names gluing still may: Yaya ~ Yahya, split by the alignments.)
    cut = n_match if paired is None else n_match - len(pairs) + paired
    if nq + nc > 2 and not head_dropped and not glide_cut and (nq != nc or cut < min(nq, nc) or (
            qi.abjad == ci.abjad and any(x < 0.97 for _, _, x in pairs))) \
            and not (qi.abjad != ci.abjad and min(nq, nc) == 1):  # one word across scripts stays one word
        js_raw = glued if glued is not None and glued >= 0.0 else joined_similarity(qi, ci)
        js = js_raw * w.concat_factor
        if js_raw >= w.joined_min_similarity and js > base:
            apply("joined_parts", js, value=round(js, 4))
            glued_sim = js_raw
            glued_info = js * _glued_information(qi, ci, qnum, cnum, cap_i)
            if max(qi.n_strong, ci.n_strong) >= 2 and not ((qi.person or ci.person) and min(nq, nc) == 1):
                # several informative words on one side, one glued word on the other (FLYINGFOX);
                # not one word against a person's name (Hizbullah is not the person Hiz Bullah)
                joined = True
                n_match = max(n_match, 2)
                info = max(info, glued_info + (w.number_information if numbers_agree else 0.0))
            else:
                # one informative word glued to a legal form ('MIRZA CO' ~ مرزق) is still one word
                n_match = len(pairs) + (1 if numbers_agree else 0)
                n_match = max(n_match, 1 + (1 if numbers_agree else 0))
                info = max(info, min(glued_info, cap_i) + (w.number_information if numbers_agree else 0.0))
    if not joined:
        if len(pairs) <= 1 and max(qi.n_strong, ci.n_strong) >= 2 and not numbers_agree:
            if nq <= 1:   # a one-word query (a family name alone): little, but nothing contradicts
                f = w.single_word_query_factor
            else:         # several words, one in common (a different Khalifa)
                f = w.org_single_part_factor if org else w.single_part_factor
            apply("single_part_match", base * f, weight=f)
        if len(pairs) == 2 and (ci.person or qi.person) and not org and _compound_din_only(q, c, pairs):
            # (tenth round) the only parts in common are one compound X al-Din (Seifeddine, Saifuddin,
            # صلاح الدين), which the lists and the press write as one word as often as two: one word in
            # common, as when it was read glued (Seifeddine Makhlouf ~ Saifuddin; صلاح الدين alone ~
            # AL-KURDI, Salahuddin), and never an alert by itself: the one-word rules below apply
            # (single_part_cap; across scripts x cross_script_single_factor)
            n_match = 1
            din_only = True
            if max(nq, nc) > 2:
                f = w.single_word_query_factor if nq == 2 else w.single_part_factor
                apply("compound_name_only", base * f, weight=f)
        # (a compound X al-Din counts as one word here: Tajideen alone names no one else)
        if ci.person and nc >= 2 and nq - sum(qi.din_head) >= 2 and ci.given is not None:
            # a relative: the candidate's given name is missing from the query, which names someone
            # else (a part left over, or a part that is the candidate's father's name), or the
            # query's given name is the candidate's father's name (Muammar Qadhafi vs MOHAMMED
            # MUAMMAR QADHAFI), or the other way round (Noor Barzan ... vs her father BARZAN ...)
            mq = {i: j for i, j, _ in pairs}
            mc = {j: i for i, j, _ in pairs}
            c_given_unmatched = ci.given not in mc
            # (ninth round) Sayyed written before the given name (MUSAVI, Sayyed Kamal) and the
            # query's given name the next word (Kamal Mousavi): the honorific left out, not a
            # relative (0.67 before); Sayyid is also a given name (SAYYID MOHAMMED QADHAF AL-DAM),
            # so only when the word after it is paired with the query's given name
            sayyid = (c_given_unmatched and c[ci.given].text in _SAYYID and qi.given is not None
                      and mq.get(qi.given) == ci.given + 1)
            # (session 16, 22m) likewise Muhammad before the given name of a name outside the Arabic naming
            # chain (ADHIGUNA, Muhammad Dandi asked for as Dandi Adhiguna): the common first element left
            # out; only when the list gives the family name apart (LAST, Given), no other listed part has
            # an Arabic spelling in the reference data (an Arab name's Muhammad Ali is not Ali: the
            # relative rule), no filiation word, every query part paired and the query's given name is
            # the listed second given name
            sayyid = sayyid or (c_given_unmatched and c[ci.given].text in _MUHAMMAD_LEAD and qi.given is not None
                                and not qi.nasab_query and ci.family_marked and len(mq) == nq
                                and mq.get(qi.given) == ci.given + 1
                                and not any(ci.arabic_of[k] or c[k].article for k in range(nc) if k != ci.given)
                                and not _FILIATION_ANY.search(ci.name or ""))
            q_given = qi.given
            q_sayyid = None
            if (q_given is not None and q[q_given].text in _SAYYID and q_given not in mq and q_given + 1 < len(q)
                    and mq.get(q_given + 1) == ci.given):
                # (twelfth round) the query writes Sayyid before the given name (Seyed Razi Moussavi ~
                # MUSAVI, Razi): the honorific, left out by the list, is no part of someone else's name
                q_sayyid, q_given = q_given, q_given + 1
            q_given_is_middle = q_given is not None and q_given in mq and ci.roles[mq[q_given]] == "m"
            c_given_is_q_middle = (ci.given in mc and qi.roles[mc[ci.given]] == "m" and q_given is not None
                                   and q_given not in mq)
            parts_q = [i for i in range(len(q)) if not qnum[i] and i != q_sayyid]
            # (twelfth round) a name outside the Arabic naming chain (neither name ``nasab``), asked
            # for by a second given name and the family name: its middle name is a second given name,
            # not the father's, so the query names this person (Rahim Safavi ~ SAFAVI, Yahya Rahim;
            # Akili Mundos ~ MUHINDO AKILI MUNDOS), not a relative. Only when the listed given name is
            # left out, every query part is paired, the query's given name with a middle name and its
            # last part with the family name; then at most a review (``partial_given_cap``)
            second_given = (not sayyid and not ci.nasab and not qi.nasab_query and c_given_unmatched
                            and q_given_is_middle and len(parts_q) >= 2 and all(i in mq for i in parts_q)
                            and ci.roles[mq[parts_q[-1]]] == "f" and not c_given_is_q_middle)
            if ci.lead_kunya and 0 not in mc and ci.given in mc and base > w.partial_given_cap:
                apply("partial_given_name", w.partial_given_cap, value=w.partial_given_cap,
                      candidate_given=c[0].text)
            if second_given:
                if base > w.partial_given_cap:
                    apply("partial_given_name", w.partial_given_cap, value=w.partial_given_cap,
                          candidate_given=c[ci.given].text)
            elif not sayyid and (c_given_is_q_middle or q_given_is_middle or (c_given_unmatched and any(
                    (i not in mq) or ci.roles[mq[i]] == "m" for i in parts_q))):
                apply("given_name_conflict", base * w.given_name_conflict, weight=w.given_name_conflict,
                      candidate_given=c[ci.given].text)
    # (sixth round) one word that is the whole one-word name of a listed organisation, in the same
    # script, rare on the lists and in the reference names (SYRIATEL, VEVAK), and no part of people's
    # names there: the query asks for that body as if typed; a common word or a name (Sara) does not
    # (fourteenth round) a legal form beside the one word (Databank Zrt., PT Tenron) leaves it one word
    nq_legal = 0 if qi.org_class is None else sum(
        1 for k, c_ in enumerate(qi.org_class) if c_ == "legal" and qi.weights[k] <= w.legal_form_weight
        and not any(i == k for i, _, _ in pairs))
    one_word = (not typed and org and not vessel and nq - nq_legal == 1 and len(pairs) == 1 and qi.abjad == ci.abjad
                and pairs[0][2] >= w.single_part_exact and not qi.person_word
                and min(qi.weights[pairs[0][0]], ci.weights[pairs[0][1]]) >= w.one_word_org_weight)
    if one_word and nc == 1:
        typed = True
        if explain:
            features.append({"feature": "one_word_organisation", "contribution": 0.0,
                             "weight": round(min(qi.weights[pairs[0][0]], ci.weights[pairs[0][1]]), 3)})
    # (seventh round) ... and the same word as the one proper word of a listed organisation's name
    # whose other words say what kind of body or medium it is (Al-Manar ~ AL MANAR TV, a group, a
    # company): its evidence is read as if typed, but it stays below alert (single_part_cap: El
    # Manar is also a district of Tunis)
    typed_evidence = typed
    if (one_word and nc > 1 and ci.org_class is not None
            and all(j == pairs[0][1] or c[j].text in GENERIC_ORG_WORDS or ci.org_class[j] in ("legal", "particle")
                    for j in range(nc))):
        typed_evidence = True
        if explain:
            features.append({"feature": "one_word_organisation_descriptor", "contribution": 0.0})
        coined_legal = _coined_word_legal_forms_only(c, ci, pairs[0][1], w)
        if coined_legal and explain:
            features.append({"feature": "one_coined_word_legal_forms", "contribution": 0.0})
    else:
        coined_legal = False
    # a vessel or organisation asked for as such: its name is not drawn from a pool of given names
    zero, full = (w.typed_evidence_zero, w.typed_evidence_full) if typed_evidence else (w.evidence_zero, w.evidence_full)
    cap = w.evidence_floor + (1 - w.evidence_floor) * min(1.0, max(0.0, (info - zero) / (full - zero)))
    exact = (len(pairs) == nq == nc and all(conf[i, j] >= 1.0 for i, j, _ in pairs))
    # (sixth round) a kunya (Abu Zubaida, أبو زبيدة) is read as one part, glued, but is two words and
    # a name of its own: the very kunya on the list, its name after Abu rare (not Abu Salim, also a
    # district of Tripoli), counts as a name of two parts (an alert in one script, a review across)
    kunya = exact and nq == nc == 1 and qi.rare_kunya and ci.rare_kunya
    titled_one = False
    if exact:  # the very name on the list is for review however common; an alert when a part is rare
        rare = max((min(qi.weights[i], ci.weights[j]) for i, j, _ in pairs),
                   default=0.0) >= w.exact_rare_part_weight   # (no pair: two vessel names of numbers only)
        if not rare and nq >= 2 and qi.titles and qi.titles & ci.titles:
            # (tenth round) ... or when both write the same title in it (Khalid Sheikh Mohammed =
            # MOHAMMED, Khalid Shaikh; Sheikh is part of how he is named): the title is dropped from
            # the parts, but a name of common parts and a title the list also writes is the listed name
            rare = True
            if explain:
                features.append({"feature": "shared_title", "contribution": 0.0, "titles": sorted(qi.titles & ci.titles)})
        kunya = kunya and rare
        # (twentieth round) a listed name of a title and one name (INAYATULLAH, Maulawi; NOORULLAH, Haji;
        # 14 of the 7,538 listed persons' names) written in full, with the same title and its one rare
        # name: the listed name, as the very kunya is (an alert in one script; across scripts see
        # _shared_title_one_name)
        titled_one = rare and nq == nc == 1 and not kunya and _shared_title_one_name(qi, ci)
        if rare and nq >= 2 and not kunya and ci.weak_name:
            # (nineteenth round) a weak alias of two parts or more (sdn.csv a.k.a.s, UN aliases of quality
            # Low: OSMAN, Mohamed, an a.k.a. of AL-SAYYID, 'Ali Sulayman Mas'ud 'Abd) is "relatively broad
            # or generic" (OFAC FAQs on weak aliases): met exactly, it is the exact-name floor's review, not
            # the rare-part floor's alert, unless its parts' own information reaches an alert (evidence
            # scale); the very kunya on the list (Abu Zubaida, a nom de guerre read as one part) keeps it
            rare = False
            if explain:
                features.append({"feature": "weak_alias_no_rare_floor", "contribution": 0.0,
                                 "information": round(info, 3)})
        if rare and (nq >= 2 or kunya or titled_one):
            if explain and cap < w.exact_rare_name_floor:
                features.append({"feature": "exact_rare_name_floor", "contribution": 0.0, "information": round(info, 3), "weak": ci.weak_name})
            cap = max(cap, w.exact_rare_name_floor)
        elif exact_floor_applies(ci, info, zero):
            if explain and cap < w.exact_name_floor:
                features.append({"feature": "exact_name_floor", "contribution": 0.0, "information": round(info, 3)})
            cap = max(cap, w.exact_name_floor)
        elif explain:
            features.append({"feature": "weak_alias_no_exact_floor", "contribution": 0.0,
                             "information": round(info, 3)})
    if (not exact and org and not vessel and qi.org_class is not None and ci.org_class is not None
            and cap < w.exact_rare_name_floor and _distinct_name_exact(qi, ci, pairs, conf, w)):
        # (session 16, 21b) the listed name with its legal forms read off, holding a rare or coined word
        if explain:
            features.append({"feature": "exact_name_legal_forms_read_off", "contribution": 0.0,
                             "information": round(info, 3)})
        cap = w.exact_rare_name_floor
    if base > cap:
        apply("evidence_cap", cap, information=round(info, 3), value=round(cap, 4))
    if org and not vessel and pairs and qi.org_class is not None and ci.org_class is not None:
        _org_vocabulary_rules(qi, ci, pairs, w, apply, lambda: base)
        if base > w.short_sound_cap and _short_sound_only(qi, ci, pairs, w):
            apply("org_short_word_sound_only", w.short_sound_cap, value=w.short_sound_cap)
        if base > w.org_generic_cap and _number_word_left(qi, ci, pairs):
            apply("org_number_word_unpaired", w.org_generic_cap, value=w.org_generic_cap)
        if base > w.org_registered_extra_cap and not joined and _registered_name_extra(qi, ci, pairs, w):
            # (fourteenth round) a company's name written with its legal form at an end (Falcon Systems
            # Engineering Srl) is its registered name in full: when it holds the whole listed name and a
            # word more before the form (Engineering; not a legal form, particle or number, nor of the
            # commonest), it names another company, at most a review. The form itself costs nearly nothing
            # (legal_form_weight), so without this a foreign form would turn such a name into an alert
            apply("org_registered_name_extra_word", w.org_registered_extra_cap, value=w.org_registered_extra_cap)
    if base > w.not_the_name_cap and ci.person and _tribal_name_only(q, c, pairs):
        apply("tribal_name_not_person", w.not_the_name_cap, value=w.not_the_name_cap)
    if base > w.not_the_name_cap and ci.person and qi.abjad and not ci.abjad \
            and _east_asian_syllables_left(qi, ci, pairs):
        apply("east_asian_syllables_differ", w.not_the_name_cap, value=w.not_the_name_cap)
    if base > w.not_the_name_cap and ci.person and _burmese_syllables_differ(qi, ci, pairs):
        apply("burmese_syllables_differ", w.not_the_name_cap, value=w.not_the_name_cap)
    common_vessel_word = None
    if n_match <= 1 and not joined:
        single_cap = w.single_part_cap
        if kunya or titled_one:   # the very kunya on the list: two words (across scripts still one, below)
            single_cap = w.exact_rare_name_floor
            if titled_one and explain:
                features.append({"feature": "shared_title_one_name", "contribution": 0.0,
                                 "titles": sorted(qi.titles & ci.titles)})
        elif typed and pairs and pairs[0][2] >= w.single_part_exact and min(
                qi.weights[pairs[0][0]], ci.weights[pairs[0][1]]) >= w.typed_single_part_weight:
            single_cap = w.typed_single_part_cap  # a vessel or organisation asked for by its one rare word
            if vessel and common_word(c[pairs[0][1]].text, w.vessel_common_word_zipf):
                # (nineteenth round) ... but the listed ship's one word is a common word: the index caps
                # it at single_part_cap when nothing else agrees (index._common_word_vessel_cap)
                common_vessel_word = c[pairs[0][1]].text
            elif vessel and common_word(q[pairs[0][0]].text, w.vessel_common_variant_zipf):
                # (session 16, 22v) ... or the query's word is common running text and the listed one
                # a spelling of it (PROGRESS ~ PROGRES): the same many ships bear the query's word
                common_vessel_word = q[pairs[0][0]].text
        elif coined_legal:
            single_cap = w.typed_single_part_cap  # (twentieth round) INRESBANK OOO asked for as Inresbank
        elif typed and vessel and glued_sim >= w.single_part_exact and min(nq, nc) == 1 \
                and len(qi.joined_text) >= 6 and len(ci.joined_text) >= 6:
            single_cap = w.typed_single_part_cap  # ... or by its whole name glued (MUDUBONG = MU DU BONG)
        if base > single_cap:
            apply("single_part_cap", single_cap, value=single_cap)
        part_sim = max(pairs[0][2] if pairs else 0.0, glued_sim)
        fuzz = min(1.0, max(0.0, (part_sim - w.single_part_fuzzy_zero) / (w.single_part_exact - w.single_part_fuzzy_zero)))
        if fuzz < 1.0:  # one word, and not even the same word (Soleimani ~ Souleiman, Derna ~ Dorena)
            apply("single_part_fuzzy", base * fuzz, similarity=round(part_sim, 4))
        if qi.abjad != ci.abjad and not (org and qi.org_class is not None and qi.abjad and (any(
                k == "kind" for k in qi.org_class) or _company_word_against_company(qi, ci, pairs))) and not (
                vessel and qi.abjad and qi.ship_word and single_cap == w.typed_single_part_cap) and not (
                nq == nc == 1 and ci.person and _shared_title_one_name(qi, ci)):
            # (thirteenth round: nor when a ship's name in Arabic script follows the word that says it is
            # a ship, کشتی آذرگون, ناقلة النفط X: a ship's name, as M/V X says in Latin script, and the one
            # word is the listed ship's, rare and the same (typed_single_part_cap); a town's name that
            # sounds like a listed ship's, مركب درنة ~ DORENA (0.96), stays discounted)
            # (seventh round: not when the Arabic query says what kind of body it names, مجموعة
            # القاطرجي = group + one proper word: a body's name, not a lone word such as a town's)
            # (session 16, 21b: nor when it writes the word company or a legal form, شركة تميز, read
            # "co تميز", against a listed company, a name holding a legal form, TAMAYOZ LLC: the
            # company's name as the Arab registers write it)
            apply("cross_script_single_part", base * w.cross_script_single_factor,
                  weight=w.cross_script_single_factor)
    if base > w.namesake_against_cap and not (org or vessel or typed) and pairs:
        # (eighteenth round) a namesake by the form of the name (namesake.py)
        why = namesake_form(qi, ci, pairs, w.same_spelling)
        if why is not None:
            cap_n = w.namesake_against_cap if why in ("patronymics_disagree", "family_name_left_out",
                                                      "surname_conflict") else w.namesake_cap
            if base > cap_n:
                apply(why, cap_n, value=cap_n)
    if base > w.namesake_cap and org and not vessel and pairs and org_new_word_missing(qi, ci, pairs):
        # (eighteenth round) NEW X asked for as X: another body of that name (namesake.py)
        apply("organisation_new_word_missing", w.namesake_cap, value=w.namesake_cap)
    if vessel and not typed and base > w.not_the_name_cap and _untyped_word_spelt_like_ship(qi, ci, pairs, w):
        apply("untyped_word_spelt_like_vessel", w.not_the_name_cap, value=w.not_the_name_cap)
    if base < w.rare_parts_floor and ci.person and not (org or vessel or typed) \
            and sum(1 for _, _, x in pairs if x >= w.rare_parts_similarity) >= 2:
        # (session 14) rare parts agree: at least a review (rare_parts_agree)
        agree = rare_parts_agree(qi, ci, pairs, w)
        if agree is not None:
            got, unpaired = agree
            apply("rare_parts_agree", w.rare_parts_floor, information=round(sum(x for x, _, _ in got), 3),
                  parts_information=[round(x, 3) for x, _, _ in got], parts_similarity=[round(y, 4) for _, y, _ in got],
                  query_unpaired=unpaired, value=w.rare_parts_floor)
    if doubled_only and base > w.doubled_letter_cap:
        # at most a review, and never below the score without those pairs
        without = score_names(qi, ci, sim, w, vessel, False, org, typed, glued, keep_doubled=False)[0]
        apply("doubled_letter_other_name", min(base, max(w.doubled_letter_cap, without)), value=w.doubled_letter_cap)
    if vessel and qi.numbers != ci.numbers:
        both = bool(qi.numbers and ci.numbers)
        pen = w.vessel_number_mismatch if both else w.vessel_number_missing
        apply("vessel_number_mismatch" if both else "vessel_number_missing", base + pen,
              query=sorted(qi.numbers), candidate=sorted(ci.numbers))
        if (qi.numbers and not ci.numbers and len(pairs) <= 1 and not joined and base > w.not_the_name_cap):
            # (session 14) one word and a number against a ship of that word alone (HUMANITY 1, HUMANITY
            # ONE ~ HUMANITY): the number is half the name, a sister ship's or another ship's
            apply("vessel_number_half_the_name", w.not_the_name_cap, value=w.not_the_name_cap)
    if base < w.contained_floor and not din_only:
        # (session 14, eighteenth round) the listed name held whole in the query: at least a review
        # (not a compound X al-Din that is all the names share: one word, Qurtabeddine ~ Qurtabuddin)
        csim = sim
        if any(qi.din_head) or any(ci.din_head):
            # (tenth round) the first word of a compound X al-Din does not meet the name X alone here
            # either (Qurtab Eddine does not hold QURTAB)
            qh, ch = np.array(qi.din_head), np.array(ci.din_head)
            csim = np.where(qh[:, None] != ch[None, :], 0.0, np.asarray(sim, dtype=np.float64))
        held = listed_name_contained(qi, ci, csim, w, typed)
        if held is not None:
            apply("listed_name_contained", w.contained_floor, words=held[0], information=round(held[1], 3),
                  value=w.contained_floor)
    base = max(0.0, min(1.0, base))
    if not explain:
        return base, {}
    parts = []
    for i, j, s in pairs:
        cross = (q[i].script == "arabic") != (c[j].script == "arabic")
        via = "transliteration" if cross else (
            "text" if OSA.normalized_similarity(q[i].text, c[j].text) >= s - 1e-6 else "spelling")
        parts.append({"query": q[i].text, "candidate": c[j].text, "similarity": round(s, 4), "via": via,
                      "units": [phonetic.units_text(q[i].units[0]), phonetic.units_text(c[j].units[0])],
                      "weight": round(min(qi.weights[i], ci.weights[j]), 3),
                      "roles": [qi.roles[i], ci.roles[j]]})
    matched_i = {p[0] for p in pairs}
    matched_j = {p[1] for p in pairs}
    out = {"cross_script": qi.abjad != ci.abjad, "parts": parts, "single_part": n_match <= 1 and not joined,
                  "unmatched_query": [q[i].text for i in range(len(q)) if i not in matched_i],
                  "unmatched_candidate": [c[j].text for j in range(len(c)) if j not in matched_j],
                  "features": features}
    if common_vessel_word is not None:
        out["common_word"] = common_vessel_word
    return base, out


def compare_names(a: str, b: str, schema: str | None = None, w: MatchWeights = DEFAULT_WEIGHTS
                  ) -> tuple[float, dict]:
    """Compare two names (any script). Returns (score in [0, 1], explanation). ``b`` is read as
    the list entry (its given name, family name and middle names count as such for a Person)."""
    toks, fam = prepare_name(a, schema)
    qi = NameInfo(a, query_article_readings(toks), fam, schema, reference_only(), w)
    ci = name_info(b, schema, w)
    vessel = schema == "Vessel"
    score, expl = score_names(qi, ci, similarity_matrix(qi.tokens, ci.tokens, w), w, vessel=vessel,
                              org=(schema == "Organization"), typed=schema in ("Vessel", "Organization"))
    return score, expl


# --------------------------------------------------------------------------- qualifiers
def _date_parts(d: str) -> tuple[str, str | None, str | None]:
    p = d.split("-")
    return p[0], (p[1] if len(p) > 1 else None), (p[2] if len(p) > 2 else None)


def dob_qualifier(query_dob: str | None, entity_dobs: list[str], w: MatchWeights = DEFAULT_WEIGHTS
                  ) -> dict | None:
    """Date of birth: same year (and day where both have it) raises, a disjoint year lowers.
    A year apart raises less (lists give approximate years, but the entry born that very year is
    the likelier one: Qadhafi born 1973 is Saadi, not Saif al-Islam born 1972)."""
    if not query_dob or not entity_dobs:
        return None
    qy, qm, qd = _date_parts(str(query_dob)[:10])
    if not qy.isdigit():
        return None
    best = None
    for d in entity_dobs:
        ey, em, ed = _date_parts(d)
        if not ey.isdigit():
            continue
        if abs(int(ey) - int(qy)) > 1:
            cand = ("dob_year_mismatch", w.dob_year_mismatch)
        elif ey == qy and qm and qd and em and ed and (em, ed) != (qm, qd):
            cand = ("dob_day_mismatch", w.dob_day_mismatch)
        elif ey == qy and qm and qd and em and ed:
            cand = ("dob_exact_match", w.dob_exact_match)
        elif ey != qy:
            cand = ("dob_near_match", w.dob_near_match)
        else:
            cand = ("dob_match", w.dob_match)
        if best is None or cand[1] > best[1]:
            best = cand
    if best is None:
        return None
    return {"feature": best[0], "query": str(query_dob), "candidate": entity_dobs[:5], "contribution": best[1]}


def country_qualifier(query_country: str | None, entity_countries: list[str], w: MatchWeights = DEFAULT_WEIGHTS
                      ) -> dict | None:
    if not query_country or not entity_countries:
        return None
    qc = query_country.upper()
    if qc in entity_countries:
        return {"feature": "country_match", "query": qc, "candidate": entity_countries,
                "contribution": w.country_match}
    return {"feature": "country_mismatch", "query": qc, "candidate": entity_countries,
            "contribution": w.country_mismatch}


# AIS ship type (ITU-R M.1371-5 Table 53) -> broad category; list vessel types -> the same.
def ais_type_category(code: int | None) -> str | None:
    if code is None:
        return None
    try:
        c = int(code)
    except (TypeError, ValueError):
        return None
    if c == 30:
        return "fishing"
    if c in (31, 32, 52):
        return "tug"
    if 60 <= c <= 69:
        return "passenger"
    if 70 <= c <= 79:
        return "cargo"
    if 80 <= c <= 89:
        return "tanker"
    if c == 37:
        return "pleasure"
    return None


def list_type_category(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower()
    for word, cat in (("tanker", "tanker"), ("fishing", "fishing"), ("tug", "tug"), ("yacht", "pleasure"),
                      ("passenger", "passenger"), ("ferry", "passenger"), ("bulk", "cargo"),
                      ("container", "cargo"), ("cargo", "cargo"), ("carrier", "cargo"), ("ro-ro", "cargo")):
        if word in t:
            return cat
    return None


def as_dict(w: MatchWeights) -> dict:
    return asdict(w)
