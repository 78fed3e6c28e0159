"""(Session 13, sixteenth round) A vessel's name as AIS and ship registers write it.

``vessel_readings`` turns the name part of a vessel query into the other names it stands for; the
screening (``ScreeningIndex.screen_vessel``) scores each and keeps, per list entry, the best:

- former names: ``X (EX Y)``, ``X EX Y``, ``X EX-Y``, ``X, ex-Y``, ``X (FORMERLY Y)``, ``X f/k/a Y`` are
  two names of one ship (the way IHS/S&P Sea-web, Equasis, Lloyd's List and OFAC's own remarks
  "f.k.a." write a rename); each is scored alone, so the other part neither lowers nor raises it;
- a flag or place in brackets after the name (``BONITA QUEEN (ST KITTS)``): read without it and
  compared with the entry's flag (``query_text.place_country``, the fifteenth round's gazetteer);
- numbers written as English words at the end of the name (``ADRIAN DARYA ONE``, ``JH EIGHTY SIX``)
  read as digits (then compared as every vessel number is: a different number is a different ship);
- abbreviated ranks and titles (``KAPT``, ``KAP.``, ``KPT.``, ``CAPT.``, ``AKAD``, ``PROF.``, ``GEN.``,
  ``ADM.``, ``ST``/``STA``) spelt out as Russian and English registers write them (KAPITAN/CAPTAIN,
  AKADEMIK, PROFESSOR, GENERAL, ADMIRAL, SAINT/SANTA): the abbreviations of the Russian Maritime
  Register of Shipping's ship names and of the ITU List of Ship Stations (List V), where names longer
  than the field are cut with these standard short forms;
- a name cut at AIS's 20 characters (ITU-R M.1371-5, message 5: the name field is 20 six-bit
  characters, padded with ``@``): ``ais_truncated`` says whether the text may be such a cut;
- a container line's prefix before the name (``MSC ARIES``): ``carrier_prefix`` returns it. The
  carriers name their ships with these prefixes (MSC, CMA CGM, MAERSK, COSCO, EVER for Evergreen,
  ONE, HMM, YM for Yang Ming, ZIM, OOCL, APL, WAN HAI, SITC, X-PRESS, KOTA for PIL: the fleet lists
  of the twenty largest liner operators, Alphaliner Top 100): such a ship is not the listed ship of
  the one word that follows;
- (session 14) the name as Italian, French, Spanish and Portuguese reports write it: the words for the
  kind of ship around it (``ship_word_reading``: LADY RANIA petroliera, la nave cisterna SEA CLIFF, M/N
  ...), a number as a Romance word at its end (``romance_number_reading``: NOOR UNO = NOOR 1), a flag
  clause, a former name after già and a number after n° (``report_forms``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

# --------------------------------------------------------------------------- former names
# "X (EX Y)", "X (EX-Y)", "X (EX. Y)", "X (FORMERLY Y)", "X (F/K/A Y)", "X (FKA Y)", and the same without
# brackets ("X EX Y", "X EX-Y", "X, ex-Y", "X FORMERLY KNOWN AS Y")
_FORMER_MARK = r"(?:EX[.\-]?|FORMERLY(?:\s+KNOWN\s+AS)?|F\.?\s*/?\s*K\.?\s*/?\s*A\.?|FKA)"
_FORMER_BRACKET = re.compile(r"[(\[]\s*" + _FORMER_MARK + r"\s*([^()\[\]]+?)\s*[)\]]", re.I)
_FORMER_BARE = re.compile(r"(?:^|[\s,;])" + _FORMER_MARK + r"(?=[\s\-]|$)\s*-?\s*", re.I)
_BRACKET_TAIL = re.compile(r"(?:(?<!\s)\s*|)[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$")
_SPACES = re.compile(r"\s+")


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ,;:-/")


def former_names(text: str) -> tuple[str, tuple[str, ...]]:
    """(the current name, the former names written after it) of a vessel query; a text without a
    former-name marker comes back whole with no former name."""
    formers: list[str] = []

    def bracket(m: re.Match) -> str:
        formers.append(_tidy(m.group(1)))
        return " "

    rest = _FORMER_BRACKET.sub(bracket, text)
    parts = _FORMER_BARE.split(rest)
    if len(parts) > 1 and _tidy(parts[0]):
        rest = parts[0]
        formers.extend(_tidy(p) for p in parts[1:])
    current = _tidy(rest)
    formers = [f for f in formers if f and f.casefold() != current.casefold()]
    if not current:
        return text, ()
    return current, tuple(formers)


def bracketed_place(text: str) -> tuple[str, str | None]:
    """(the name without a place or flag in brackets after it, that place's ISO country) or
    (text, None) when the brackets hold something else."""
    from .query_text import place_country

    m = _BRACKET_TAIL.search(text)
    if not m or not _tidy(text[:m.start()]):
        return text, None
    inside = m.group(1)
    iso = place_country(inside)
    if iso is None and re.match(r"STE?\.?\s", inside, re.I):   # ST KITTS, ST. VINCENT, STE LUCIE
        iso = place_country(re.sub(r"^STE?\.?\s+", "SAINT ", inside, flags=re.I))
    if iso is None:
        return text, None
    return _tidy(text[:m.start()]), iso


# --------------------------------------------------------------------------- numbers as words
_UNITS = {w: k for k, w in enumerate(
    "ZERO ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN FOURTEEN FIFTEEN "
    "SIXTEEN SEVENTEEN EIGHTEEN NINETEEN".split())}
_TENS = {w: 10 * k for k, w in enumerate("_ _ TWENTY THIRTY FORTY FIFTY SIXTY SEVENTY EIGHTY NINETY".split(), 0)
         if w != "_"}
_SCALES = {"HUNDRED": 100, "THOUSAND": 1000}


def _number_value(words: list[str]) -> int | None:
    """The value of English number words (EIGHTY SIX, ONE HUNDRED AND TWO), or None."""
    total, cur, seen = 0, 0, False
    for w in words:
        if w == "AND" and seen:
            continue
        if w in _UNITS:
            cur += _UNITS[w]
        elif w in _TENS:
            cur += _TENS[w]
        elif w in _SCALES:
            cur = max(cur, 1) * _SCALES[w]
            if _SCALES[w] == 1000:
                total, cur = total + cur, 0
        else:
            return None
        seen = True
    return total + cur if seen else None


def number_words_reading(text: str) -> str | None:
    """The name with the English number words at its end written in digits (ADRIAN DARYA ONE ->
    ADRIAN DARYA 1, JH EIGHTY SIX -> JH 86); None when it has none or they are all the name."""
    words = text.replace("-", " ").split()
    up = [w.upper().strip(".,") for w in words]
    k = len(up)
    while k > 0 and (up[k - 1] in _UNITS or up[k - 1] in _TENS or up[k - 1] in _SCALES
                     or (up[k - 1] == "AND" and k < len(up))):
        k -= 1
    if k == len(up) or k == 0:
        return None
    if up[k] == "AND":
        return None
    value = _number_value(up[k:])
    if value is None:
        return None
    return " ".join(words[:k] + [str(value)])


# --------------------------------------------------------------------------- (session 14) Romance number words
# the numbers one to ten as Italian, French, Spanish and Portuguese write them (Zingarelli, Larousse, DLE,
# Priberam), as a ship's number is read out on VHF and written in Italian and French reports (NOOR UNO =
# NOOR 1, GOLD STAR TRE = GOLD STAR 3). Left out: the words that are also common words or names at the
# end of a ship's name (Italian otto = Otto, sei "you are"; Spanish dos / Portuguese dos "of the";
# French un/une, six/sept/cinq kept out as English-like or articles; Portuguese um "a")
_ROMANCE_UNITS = {
    # Italian
    "UNO": 1, "DUE": 2, "TRE": 3, "QUATTRO": 4, "CINQUE": 5, "SETTE": 7, "NOVE": 9, "DIECI": 10,
    # French
    "DEUX": 2, "TROIS": 3, "QUATRE": 4, "HUIT": 8, "NEUF": 9, "DIX": 10,
    # Spanish
    "TRES": 3, "CUATRO": 4, "CINCO": 5, "SEIS": 6, "SIETE": 7, "OCHO": 8, "NUEVE": 9, "DIEZ": 10,
    # Portuguese (três, oito, dez; dois, duas)
    "DOIS": 2, "DUAS": 2, "TRÊS": 3, "OITO": 8, "DEZ": 10,
}


def romance_number_reading(text: str) -> str | None:
    """(Session 14) The name with one Italian, French, Spanish or Portuguese number word at its end
    written in digits (NOOR UNO -> NOOR 1, ASIA BRIDGE UNO -> ASIA BRIDGE 1); None when it has none or
    the number word is the whole name."""
    words = text.split()
    if len(words) < 2:
        return None
    value = _ROMANCE_UNITS.get(words[-1].upper().strip(".,"))
    if value is None or not any(not w.isdigit() for w in words[:-1]):
        return None
    return " ".join(words[:-1] + [str(value)])


# --------------------------------------------------------------------------- (session 14) report forms
# what Italian, French, Spanish and Portuguese reports write after a ship's name: its flag ("battente
# bandiera togolese", "sotto bandiera del Togo", "sous pavillon togolais", "bajo bandera de Togo", "com
# bandeira do Togo", "flagged in Togo"), a former name in brackets ("(già LADY MARIA)", "(anciennement
# ...)", "(antes ...)", "(anteriormente ...)"), a number written after n., n°, nº, nr. ("GOLD STAR n°3").
# Sources: Zingarelli (battente bandiera "flying the flag", già "formerly", n. numero), Larousse (sous
# pavillon, anciennement, n°), DLE (bajo bandera, antes, nº), Priberam (bandeira, anteriormente)
_FLAG_CLAUSE = re.compile(
    r"(?:(?<!\s)(?:\s*,\s*|\s+)|,\s*)(?:battente\s+bandiera|sotto\s+bandiera|bandiera|sous\s+pavillon|pavillon|bajo\s+bandera|"
    r"con\s+bandera|com\s+bandeira|sob\s+bandeira|bandeira|flagged\s+in|flag(?:ged)?|under\s+the\s+flag\s+of)\b"
    r"\s*(?P<flag>[^()\[\],;]*)$", re.I)
_FLAG_ONE_WORD = frozenset({"bandiera", "pavillon", "bandeira", "flag", "flagged"})
_FLAG_ARTICLES = re.compile(r"^(?:(?:del|della|dello|dell'|di|de\s+la|de|du|des|do|da|dos|of|the)\s+)+", re.I)
_ROMANCE_FORMER = re.compile(r"(?:(?<!\s)\s*|)[(\[]\s*(?:gi[aà]|anciennement|antes|anteriormente|ex[\s-]?nome)\s+([^()\[\]]+?)\s*[)\]]",
                             re.I)
_NUMBER_MARK = re.compile(r"(?<=\s)(?:n|nr|no|num|nº|n°)\s*[.°º]\s*(?=\d)", re.I)


def report_forms(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """(Session 14) (the name without a flag clause, a Romance former-name bracket and a number mark,
    the flag's ISO country when the clause names a country, the former names) of a vessel query."""
    from .loaders import country_code
    from .query_text import place_country

    name, iso, formers = text, None, []

    def former(m: re.Match) -> str:
        formers.append(_tidy(m.group(1)))
        return " "

    name = _ROMANCE_FORMER.sub(former, name)
    m = _FLAG_CLAUSE.search(name)
    if m and _tidy(name[:m.start()]):
        flag = _FLAG_ARTICLES.sub("", m.group("flag").strip())
        iso = (country_code(flag) or place_country(flag)) if flag else None
        marker = m.group(0)[:m.start("flag") - m.start()].strip(" ,").split()
        # (a one-word marker only before a country: BLUE FLAG, SEA PAVILLON are names)
        if flag and (iso is not None or not (len(marker) == 1 and marker[0].lower() in _FLAG_ONE_WORD)):
            name = name[:m.start()]
    name = _NUMBER_MARK.sub("", name)
    return _tidy(name), iso, tuple(f for f in formers if f)


def any_number_words_reading(text: str) -> str | None:
    """(Session 14) ``number_words_reading`` or, failing it, ``romance_number_reading``: the name with
    its number words, English or Romance, in digits (the screening reads a name so written with digits,
    and as written only against listed names that write their number in words too)."""
    return number_words_reading(text) or romance_number_reading(text)


# --------------------------------------------------------------------------- (session 14) ship words
# the words that say what kind of ship a name is, as Italian, French, Spanish and Portuguese reports and
# the press write them before or after the name ("la nave cisterna SEA CLIFF", "LADY RANIA petroliera",
# "ORION STAR (nave cisterna)", "BONITA QUEEN, petroliera"): Zingarelli (nave cisterna, petroliera,
# cisterna, chimichiera, gasiera, metaniera, portacontainer, portarinfuse, rinfusiera, mercantile,
# motonave, peschereccio, rimorchiatore, traghetto), Larousse (navire, navire-citerne, pétrolier,
# chimiquier, méthanier, gazier, vraquier, porte-conteneurs, cargo, chalutier, remorqueur, caboteur),
# DLE (buque, buque tanque, petrolero, quimiquero, metanero, gasero, granelero, portacontenedores,
# carguero, pesquero, remolcador), Priberam (navio, navio-tanque, petroleiro, graneleiro,
# porta-contentores, cargueiro, pesqueiro, rebocador); the English ship-type terms of the IMO (tanker,
# oil / chemical / product tanker, bulk carrier, container ship, cargo ship, vessel, ship, tug, trawler)
# only where the writing says they are no part of the name: in brackets, after a comma, or in lower case
# after a name in capitals (FULL STAR tanker), since AIS and the registers write some names with them
_ROMANCE_SHIP_WORDS_RAW = (
    "nave", "nave cisterna", "cisterna", "navecisterna", "petroliera", "nave petroliera", "chimichiera", "gasiera",
    "metaniera", "portacontainer", "portacontenitori", "portarinfuse", "rinfusiera", "nave mercantile",
    "mercantile", "motonave", "motocisterna", "peschereccio", "rimorchiatore", "traghetto", "nave da carico",
    "navire", "navire-citerne", "navire citerne", "petrolier", "chimiquier", "methanier", "gazier", "vraquier",
    "porte-conteneurs", "porte conteneurs", "cargo", "chalutier", "remorqueur", "caboteur",
    "buque", "buque tanque", "buque-tanque", "petrolero", "quimiquero", "metanero", "gasero", "granelero",
    "portacontenedores", "carguero", "pesquero", "remolcador",
    "navio", "navio-tanque", "navio tanque", "petroleiro", "graneleiro", "porta-contentores", "cargueiro",
    "pesqueiro", "rebocador",
)
_ENGLISH_SHIP_WORDS_RAW = (
    "tanker", "oil tanker", "chemical tanker", "product tanker", "products tanker", "crude tanker", "lpg tanker",
    "lng tanker", "crude oil tanker", "bulk carrier", "bulker", "container ship", "cargo ship", "general cargo",
    "vessel", "ship", "tug", "trawler", "fishing vessel", "motor vessel", "motor tanker",
    # (session 15) the press's words for yachts and the other kinds a report names after the name
    # ("Dilbar superyacht", "Amadea superyacht", "the Oura tanker"): Merriam-Webster (superyacht,
    # megayacht, yacht, freighter, dhow, supertanker)
    "superyacht", "super yacht", "megayacht", "mega yacht", "yacht", "motor yacht", "luxury yacht",
    "freighter", "cargo vessel", "dhow", "supertanker", "oil supertanker",
)
# (session 16, twenty-first round) the whole kind phrase an analyst writes before or after the name
# ("LNG tanker Mys Shmidta", "Akademik Cherskiy pipelayer"): the ship types of ITU-R M.1371-5 (Table 53:
# fishing, towing, dredging, diving, military, sailing, pleasure craft, high-speed craft, pilot, search
# and rescue, tug, port tender, anti-pollution, law enforcement, medical transport, passenger, cargo,
# tanker vessels), the ship-type vocabulary of the registers (Equasis and IHS StatCode 5: general cargo
# ship, ro-ro cargo, vehicle carrier, refrigerated cargo (reefer), ore carrier, LPG/LNG carrier,
# chemical/products tanker, bunkering tanker, asphalt/bitumen tanker, FSO, FPSO, offshore supply,
# anchor handling tug supply, platform supply, research, survey, pipe layer, crane, drilling ship,
# icebreaker, fish carrier, factory trawler, livestock carrier, heavy lift, cruise ship, ferry) and the
# trade's size classes of tankers and bulk carriers (VLCC, ULCC, Aframax, Suezmax, Panamax, Handysize,
# Handymax, Supramax, Capesize; Clarksons' definitions), each also with "vessel" or "ship" after it. Not
# the state's kinds (patrol boat, warship, naval or pilot vessel): the lists name merchant, fishing and
# private ships (UN 2025-04-19, OFAC SDN 2024-05-03), so such a word says the ship is none of them (an
# AIS name "ARGO patrol boat" read as ARGO met ARGO I at review, holdout21)
_KIND_WORDS_21 = (
    "general cargo ship", "general cargo vessel", "dry cargo ship", "dry cargo vessel",
    "container vessel", "containership", "feeder", "bulk vessel", "dry bulk carrier", "ore carrier",
    "reefer", "reefer ship", "reefer vessel", "refrigerated cargo ship", "refrigerated cargo vessel",
    "ro-ro", "roro", "ro-ro ship", "ro-ro vessel", "ro-ro cargo ship", "ro-pax", "ropax", "ro-ro ferry",
    "vehicle carrier", "car carrier", "pctc", "livestock carrier", "cement carrier", "heavy lift vessel",
    "heavy-lift vessel", "crude oil tanker", "crude carrier", "oil products tanker", "oil product tanker",
    "product carrier", "products carrier", "chemical carrier", "oil/chemical tanker", "chemical/products tanker",
    "chemical/oil tanker", "asphalt tanker", "bitumen tanker", "bunker tanker", "bunkering tanker",
    "gas carrier", "gas tanker", "lpg carrier", "lng carrier", "lngc", "lpg", "lng",
    "vlcc", "ulcc", "aframax", "suezmax", "panamax", "handysize", "handymax", "supramax", "capesize",
    "aframax tanker", "suezmax tanker", "panamax tanker", "mr tanker", "vlcc tanker",
    "fso", "fpso", "floating storage unit", "floating storage vessel", "storage tanker",
    "research vessel", "research ship", "survey vessel", "survey ship", "seismic vessel",
    "offshore supply vessel", "supply vessel", "supply ship", "platform supply vessel", "psv", "ahts",
    "anchor handling tug", "anchor handling tug supply vessel", "offshore vessel", "support vessel",
    "pipelayer", "pipe layer", "pipe-layer", "pipelaying vessel", "pipe-laying vessel", "pipelay vessel",
    "pipe-lay vessel", "crane vessel", "crane ship", "drillship", "drilling ship", "drilling vessel",
    "icebreaker", "dredger", "tugboat", "tug boat", "towing vessel", "fishing ship", "fishing boat",
    "fishing trawler", "factory trawler", "factory ship", "fish carrier", "longliner", "purse seiner",
    "seiner", "passenger ship", "passenger vessel", "cruise ship", "ferry", "sailing vessel", "pleasure craft",
    "coaster", "barge",
    "merchant vessel", "merchant ship",
)
# (session 16, 22m) the fishing vessels' types of FAO's International Standard Statistical Classification
# of Fishery Vessels by Vessel Types (ISSCFV: trawlers of each kind, seiners, dredgers, lift netters,
# gillnetters, trap setters, liners, jiggers, pole and line vessels, trollers, motherships, fish
# carriers, fishery research and protection vessels) and the service kinds of StatCode 5 and ITU-R
# M.1371-5 (search and rescue, salvage, standby safety, crew boat, tender, cable layer, hopper dredger,
# training ship, hospital ship): "FU YUAN YU 7889 squid jigger", "Kapitan Beklemishev rescue vessel"
# (holdout22). Not the state's kinds (patrol, naval, pilot), as in the twenty-first round
_KIND_WORDS_22 = (
    "stern trawler", "side trawler", "freezer trawler", "wet fish trawler", "beam trawler", "outrigger trawler",
    "pair trawler", "bottom trawler", "midwater trawler", "pelagic trawler", "shrimp trawler", "factory freezer trawler",
    "tuna seiner", "tuna purse seiner", "purse-seiner", "seine netter", "danish seiner", "tuna longliner",
    "long liner", "long-liner", "longline vessel", "longline fishing vessel", "gillnetter", "gill netter",
    "drift netter", "driftnetter", "lift netter", "trap setter", "pot vessel", "jigger", "squid jigger",
    "jigging vessel", "squid jigging vessel", "squid fishing vessel", "pole and line vessel", "pole-and-line vessel",
    "troller", "fishing dredger", "mothership", "mother ship", "fish factory ship", "fish processing vessel",
    "fish carrier vessel", "fish transport vessel", "fishery research vessel", "fisheries research vessel",
    "fishery protection vessel", "fishery training vessel", "fishing research vessel", "tuna vessel",
    "rescue vessel", "rescue ship", "rescue boat", "search and rescue vessel", "sar vessel", "salvage vessel",
    "salvage ship", "salvage tug", "rescue tug", "emergency rescue vessel", "standby vessel",
    "standby safety vessel", "crew boat", "crew vessel", "crew transfer vessel", "buoy tender",
    "cable layer", "cable ship", "cable-laying vessel", "hopper dredger", "suction dredger",
    "trailing suction hopper dredger", "training ship", "training vessel", "hospital ship", "hospital vessel",
    "icebreaking vessel", "ice breaker", "hydrographic survey vessel", "oceanographic research vessel",
)
_ENGLISH_SHIP_WORDS_RAW = _ENGLISH_SHIP_WORDS_RAW + _KIND_WORDS_21 + _KIND_WORDS_22
# the kind words written with capitals, abbreviations and the size classes named after the Suez and Panama
# canals and the Cape (LNG tanker Mys Shmidta, FSO Safer, the Aframax tanker X), read as written apart from
# the name when they stand before or after a name of words that open with a capital and hold a lower-case
# letter, or beside a kind word in lower case
_KIND_ACRONYMS = frozenset({"lng", "lpg", "vlcc", "ulcc", "fso", "fpso", "lngc", "psv", "ahts", "pctc",
                            "mr", "ro-ro", "roro", "aframax", "suezmax", "panamax", "handysize", "handymax",
                            "supramax", "capesize"})
_SHIP_ARTICLES = frozenset({"la", "il", "le", "lo", "l'", "el", "o", "a", "the", "una", "un", "une", "um", "uma"})
# the Italian abbreviations before a ship's name, as the Italian coast guard and port authorities write them
# (M/N motonave "motor ship", M/C motocisterna "motor tanker", M/P motopeschereccio "motor fishing
# vessel", M/B motobarca; Zingarelli), and the Spanish B/T buque tanque, B/M buque motor (DLE)
_ROMANCE_PREFIX = re.compile(r"^\s*(?:m/n|m\.n\.|m/c|m\.c\.|m/p|m\.p\.|m/b|b/t|b/m)\s+", re.I)


def _ship_key(word: str) -> str:
    w = "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(ch))
    return w.strip(".,;:")


_ROMANCE_SHIP = frozenset(tuple(_ship_key(x) for x in p.split()) for p in _ROMANCE_SHIP_WORDS_RAW)
_ENGLISH_SHIP = frozenset(tuple(_ship_key(x) for x in p.split()) for p in _ENGLISH_SHIP_WORDS_RAW)
_LONGEST_KIND = max(len(k) for k in _ROMANCE_SHIP | _ENGLISH_SHIP) + 1   # with an article before it
_BRACKETED = re.compile(r"(?:(?<!\s)\s*|)[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$")


def _ship_phrase(keys: list[str], english: bool) -> bool:
    k = keys[1:] if keys and keys[0] in _SHIP_ARTICLES and len(keys) > 1 else keys
    return tuple(k) in _ROMANCE_SHIP or (english and tuple(k) in _ENGLISH_SHIP)


def _written_after_name(words: list[str], n: int) -> bool:
    """(Session 15) The last ``n`` words are written apart from the name before them: in lower case,
    after a name of at least one word each of which opens with a capital letter (TAIBOLA tanker, Oura
    tanker, Dilbar superyacht; not "Golden tanker ship" or an AIS name in capitals). The lists write
    no vessel name with an English ship-type word at its end (UN 2025-04-19, OFAC SDN 2024-05-03:
    0 of 851 vessels, every name and alias), so the reading loses no listed name."""
    name, kind = words[:-n], words[-n:]
    # (session 16) an abbreviation of the kind in capitals (LNG tanker, FSO) counts as written apart;
    # when the kind is nothing but such abbreviations, the name must hold a lower-case letter (FSO Safer,
    # not an AIS name in capitals)
    if not all(w.islower() or _ship_key(w) in _KIND_ACRONYMS for w in kind):
        return False
    if not any(w.islower() for w in kind) and not any(ch.islower() for w in name for ch in w):
        return False
    return bool(name) and all(
        w[:1].isupper() or w[:1].isdigit() for w in name) and any(w[:1].isalpha() for w in name)


def _written_before_name(words: list[str], n: int) -> bool:
    """(Session 15) The first ``n`` words are in lower case before a name of words that each open with a
    capital letter or a number (the tanker Oura, superyacht Dilbar; not TUG CHAMPION, as AIS writes it)."""
    return _written_after_name(words[n:] + words[:n], n)


def ship_word_reading(text: str) -> str | None:
    """(Session 14) The name without the words around it that say what kind of ship it is, as Italian,
    French, Spanish and Portuguese write them (before it, with its article, or after it: "la nave
    cisterna SEA CLIFF", "LADY RANIA petroliera", "BONITA QUEEN, petroliera", "ORION STAR (nave
    cisterna)"), and the English type words where the writing sets them apart from the name (in
    brackets, after a comma, in lower case after a name in capitals: "FULL STAR tanker"); None when
    there are none or nothing but a number would be left."""
    name = _ROMANCE_PREFIX.sub("", text) if len(text.split()) > 1 else text
    m = _BRACKETED.search(name)
    if m and _ship_phrase([_ship_key(w) for w in m.group(1).split()], True):
        name = name[:m.start()]
    comma = ""
    if "," in name:
        head, _, tail = name.rpartition(",")
        if head.strip() and _ship_phrase([_ship_key(w) for w in tail.split()], True):
            name, comma = head, tail
    words = name.split()
    keys = [_ship_key(w) for w in words]
    upper_name = any(w.isupper() for w in words)
    # after the name: a Romance word, or an English one written in lower case after a name in capitals
    # (session 15: or after a name of one word, or after a name whose every word opens with a capital:
    # "TAIBOLA tanker", "Oura tanker", "Dilbar superyacht"; no listed vessel name ends in an English
    # type word, _written_after_name)
    # (session 16: a phrase of the lists first, the writing around it after; as long as the longest phrase)
    for n in range(min(_LONGEST_KIND, len(words) - 1), 0, -1):
        if not _ship_phrase(keys[-n:], True):
            continue
        if _ship_phrase(keys[-n:], False) or (
                len(words) - n >= 2 and upper_name and all(w.islower() for w in words[-n:])
                and _ship_phrase(keys[-n:], True)) or (
                _written_after_name(words, n) and _ship_phrase(keys[-n:], True)):
            words, keys = words[:-n], keys[:-n]
            break
    # before the name: a Romance word with or without its article (the matcher drops some of them
    # already, drop_vessel_type_words; here the phrases of two words too: la nave cisterna)
    # (session 15) and an English one in lower case, with or without "the", before a name whose every
    # word opens with a capital (the tanker Oura, superyacht Dilbar, oil tanker TAIBOLA): as after it
    for n in range(min(_LONGEST_KIND, len(words) - 1), 0, -1):
        if not _ship_phrase(keys[:n], True):
            continue
        if (_ship_phrase(keys[:n], False) or (
                _written_before_name(words, n) and _ship_phrase(keys[:n], True))) and (
                keys[0] not in _SHIP_ARTICLES or n > 1):
            words, keys = words[n:], keys[n:]
            break
    out = _tidy(" ".join(words))
    if not out or out == _tidy(text) or not any(not w.isdigit() for w in out.split()):
        return None
    return out


# --------------------------------------------------------------------------- ranks and titles
# abbreviation -> (the Russian register's word, the English one)
_RANKS = {
    "KAPT": ("KAPITAN", "CAPTAIN"), "KAP": ("KAPITAN", "CAPTAIN"), "KPT": ("KAPITAN", "CAPTAIN"),
    "CAPT": ("KAPITAN", "CAPTAIN"), "CPT": ("KAPITAN", "CAPTAIN"),
    "AKAD": ("AKADEMIK", "ACADEMICIAN"), "AK": ("AKADEMIK", "ACADEMICIAN"),
    "PROF": ("PROFESSOR", "PROFESSOR"), "GEN": ("GENERAL", "GENERAL"), "ADM": ("ADMIRAL", "ADMIRAL"),
    "ADMRL": ("ADMIRAL", "ADMIRAL"), "MARSH": ("MARSHAL", "MARSHAL"), "INZH": ("INZHENER", "ENGINEER"),
    "ST": ("SAINT", "SAINT"), "STA": ("SANTA", "SANTA"), "STO": ("SANTO", "SANTO"),
}


def rank_readings(text: str) -> tuple[str, ...]:
    """The name with an abbreviated rank or title at its start spelt out (KAPT BEKLEMISHEV ->
    KAPITAN BEKLEMISHEV and CAPTAIN BEKLEMISHEV); () when it has none."""
    words = text.split()
    if len(words) < 2:
        return ()
    key = words[0].upper().rstrip(".")
    if key not in _RANKS:
        return ()
    out = []
    for full in _RANKS[key]:
        r = " ".join([full] + words[1:])
        if r not in out:
            out.append(r)
    return tuple(out)


def short_given_name(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(the first word, the rest) of a name written with an initial or a short given name before
    the rest (V STRIZHOV, VLAD STRIZHOV, I. SIDORENKO): the first word is one letter or two to four
    letters, with or without a dot; None otherwise."""
    words = text.split()
    if len(words) < 2:
        return None
    first = words[0].upper().rstrip(".")
    if not first.isalpha() or not first.isascii() or len(first) > 4 or first in _RANKS:
        return None
    rest = tuple(w.upper() for w in words[1:])
    if sum(len(w) for w in rest) < 5 or not all(w.isalpha() for w in rest):
        return None
    return first, rest


# --------------------------------------------------------------------------- AIS names
AIS_NAME_LENGTH = 20   # ITU-R M.1371-5, message 5: 20 six-bit characters


def ais_truncated(text: str) -> str | None:
    """The text, upper case, when it may be a name cut at AIS's 20 characters (exactly 20 characters
    with spaces, after any '@' padding is taken off); else None."""
    t = text.rstrip("@").rstrip() if text.endswith("@") else text
    if len(t) != AIS_NAME_LENGTH or not t.strip():
        return None
    return t.upper()


_CARRIERS = (("CMA", "CGM"), ("COSCO", "SHIPPING"), ("WAN", "HAI"), ("MSC",), ("MAERSK",), ("COSCO",), ("CSCL",),
             ("EVER",), ("ONE",), ("HMM",), ("YM",), ("ZIM",), ("OOCL",), ("APL",), ("SITC",), ("X-PRESS",),
             ("KOTA",), ("HYUNDAI",), ("MOL",), ("NYK",))


@lru_cache(maxsize=4096)
def carrier_prefix(text: str) -> tuple[str, ...] | None:
    """The container line's prefix that opens the name (MSC ARIES -> ('MSC',)), when more follows."""
    words = tuple(w.upper() for w in text.split())
    for c in _CARRIERS:
        if len(words) > len(c) and words[:len(c)] == c:
            return c
    return None


# (session 16, 22v) the ship-kind word an AIS name or a register may open with (ITU-R M.1371 names are
# the ship's registered name, and owners register M/Y, MV ... as part of it): motor/sailing yacht,
# motor tanker, fishing vessel; motor vessel and steamship say no kind (None)
_KIND_PREFIX = re.compile(r"^\s*(m/?y|s/?y|m\.y\.|m/?t|m\.t\.|f/?v|m/?v|m\.v\.|s/?s)\.?\s+(?=\S)", re.I)
_KIND_CATEGORY = {"my": "pleasure", "sy": "pleasure", "mt": "tanker", "fv": "fishing", "mv": None, "ss": None}


def ship_kind_prefix(text: str) -> tuple[str | None, str] | None:
    """(category, the rest) of a name opened by a ship-kind word (M/Y FREEDOM -> ('pleasure', 'FREEDOM'),
    MV FREEDOM -> (None, 'FREEDOM')), the category in ``matcher.list_type_category``'s words; None when
    the name opens with none."""
    m = _KIND_PREFIX.match(text)
    if not m:
        return None
    key = re.sub(r"[^a-z]", "", m.group(1).lower())
    return _KIND_CATEGORY.get(key), text[m.end():]


# (session 16, 22v) a shipowner's or operator's fleet prefix written before the ship's own name (BW Group's
# BW EVERETT, Hartmann's HS EVERETT, STI, TORM, NORDIC, MAERSK ...; Equasis and the AIS feed carry it as
# part of the name). The initialisms are two or three letters; longer fleet words are listed. Articles
# are not fleet prefixes: AL/EL/AR (Arabic al- as transliterated), LA/EL/IL (Romance) are one name.
_FLEET_WORDS = frozenset({"TORM", "NORDIC", "MAERSK", "COSCO", "EVER", "KOTA", "HYUNDAI", "SEAWAYS", "STENA",
                          "NAVIG8", "ARDMORE", "FRONT", "GENCO"})
_ARTICLES = frozenset({"AL", "EL", "UL", "AR", "AS", "ASH", "AT", "AD", "AZ", "AN", "ADH", "ATH", "LA", "LE",
                       "IL", "LO", "DE", "DI", "DA", "DU", "DEL", "THE"})


def _fleet_word(w: str) -> bool:
    return w in _FLEET_WORDS or (2 <= len(w) <= 3 and w.isascii() and w.isalpha())


def other_fleet_prefix(query: str, listed: str) -> tuple[str, str] | None:
    """(the query's prefix, the listed one) when both names are a fleet prefix before the same words
    and the prefixes differ (BW EVERETT, HS EVERETT: sister or fleet names of two owners, two ships);
    None otherwise, and when either name has no prefix (EVERETT ~ HS EVERETT stays a name match)."""
    q, c = query.upper().split(), listed.upper().split()
    if len(q) < 2 or len(q) != len(c) or q[0] == c[0] or q[1:] != c[1:]:
        return None
    if not any(len(x) >= 3 and x.isalpha() for x in q[1:]):
        return None
    if not (_fleet_word(q[0]) and _fleet_word(c[0])) or (q[0] in _ARTICLES and c[0] in _ARTICLES) \
            or Levenshtein.distance(q[0], c[0], score_cutoff=1) <= 1:
        return None   # (a spelling of one word: AL/EL, FU/FO, HAI/HAY in a romanised name)
    return q[0], c[0]


def vessel_readings(text: str) -> list[tuple[str, str, dict]]:
    """The other readings of a vessel query's name, each (text, feature, details), the name as
    written not included: the current and former names apart, without a bracketed place, with
    trailing number words in digits, with an abbreviated rank spelt out."""
    out: list[tuple[str, str, dict]] = []
    seen = {text.casefold()}

    def add(t: str, feature: str, **details) -> None:
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append((t, feature, details))

    # (session 14) a flag clause, a Romance former-name bracket and a number mark (report_forms)
    written, flag_iso, romance_formers = report_forms(text)
    extra = {"place_country": flag_iso} if flag_iso else {}
    if written != _tidy(text):
        add(written, "report_forms", **extra)
        for f in romance_formers:
            add(f, "former_name")
        text = written
    current, formers = former_names(text)
    names = [(current, "current_name")] + [(f, "former_name") for f in formers] if formers else [(text, "")]
    for name, feat in names:
        bare, iso = bracketed_place(name)
        base = [(name, feat, dict(extra))]
        if iso is not None:
            base.append((bare, feat or "place_in_brackets", {"place_country": iso}))
        for t, f, d in base:
            if f:
                add(t, f, **d)
            nw = number_words_reading(t)
            if nw:
                add(nw, "number_words", **d)
            for r in rank_readings(nw or t):
                add(r, "abbreviated_rank", **d)
            # (session 14) the ship words of Italian, French, Spanish and Portuguese reports around the
            # name, and a number written as a Romance word at its end
            sw = ship_word_reading(t)
            if sw:
                add(sw, "ship_type_words", **d)
            for u in (t, sw):
                rn = romance_number_reading(u) if u else None
                if rn:
                    add(rn, "number_words", **d)
    return out
