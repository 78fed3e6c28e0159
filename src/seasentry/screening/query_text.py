"""(Session 13, fifteenth round) A query's text read as a name and what is written around it.

Analysts paste names the way coast guard reports, EU operation IRINI notes, the UN Panel of Experts
on Libya and the Libyan, Tunisian, Italian and Maltese press write them: with the ship's IMO number
("MARAYA IMO 7514517"), a title or rank before a person's name ("il colonnello Muammar Gheddafi",
"المستشار عقيلة صالح"), a role, a nickname or a place after it ("Mohamed Koshlaf, capo della Guardia
petrolifera di Zawiya", "Ahmed Dabbashi detto lo Zio", "أحمد الدباشي الملقب بالعمو", "Darren Debono
(Malta)"), a company's seat after its legal form ("Inovest Ltd Malta"). None of that is the name:
scored as name parts, these words lower the listed name's score (parts left unexplained) or, worse,
meet other entries' names (a lone digit meeting an alias 'M1'). ``read_query`` splits the text into

- identifiers: an IMO number (``IMO 1234567``, ``IMO: 1234567``, ``IMO no. 1234567``, or a bare
  seven-digit number whose last digit is the IMO check digit of the first six) and an MMSI
  (``MMSI 123456789``), used exactly as the ``--imo`` / ``--mmsi`` options are;
- the name, which is scored;
- the context (titles, ranks, roles, nicknames, affiliations, places), which is reported in the
  explanation and never scored: it can neither lower nor raise a score. A place or country named in
  the context is compared with the list entry's countries (a disagreement lowers, an agreement never
  raises);
- for a person's name, an OCR reading: digits glued to the letters of a word are read as the letters
  OCR confuses them with (Gaddaf1 = Gaddafi, Debon0 = Debono).

(Session 14) Also: a place and date of birth after a person's name as Italian, French, Spanish and
Portuguese records write them (``birth_place_clause``: nato a ... il ..., né à ..., cl. 1965), senior after
a name (``drop_elder_suffix``), an Italian elided preposition written apart (``italian_elision_reading``:
DELL AQUILA = DELL'AQUILA), and the Islamic State's branches read in the lists' forms
(``islamic_state_alternatives``: Stato Islamico in Somalia = ISIS-SOMALIA).

One function, :func:`read_query`, for every entry point: ``ScreeningIndex.screen_name`` and
``ScreeningIndex.screen_vessel`` call it, so ``seasentry screen``, ``POST /api/screen``, the evaluation
and ``seasentry run`` (``screen_vessels`` -> ``screen_vessel``) read a query the same way.

Sources of the vocabularies (see docs/screening.md, "Session 13, fifteenth round"):
- titles before a person's name: rigour's PERSON_NAME_PREFIXES (``rigour.names.prefix``, the
  vocabulary yente/nomenklatura strip), the project's own ``text.TITLES``, and the ranks and
  honorifics of the languages of the mission's sources from ordinary dictionaries (Zingarelli for
  Italian; Larousse for French; DLE for Spanish; Aquilina's Maltese-English Dictionary; Ozhegov for
  Russian; Hans Wehr's Dictionary of Modern Written Arabic; Aryanpur for Persian) and the NATO rank
  tables STANAG 2116 (army ranks of each member's language);
- words that open a role or nickname after a name: the same dictionaries; rigour's
  NAME_SPLIT_PHRASES (a.k.a., alias, also known as ...) for the alias markers;
- places: the country names of ``data/sanctions/country_names.csv`` (rigour's territory data) and
  the GeoNames gazetteer of the Central Mediterranean shipped in ``data/reports``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .ids import imo_check_digit_ok
from .text import PARTICLES, normalize_arabic, to_ascii

# --------------------------------------------------------------------------- identifiers
# IMO Resolution A.1117(30): "IMO" and seven digits; the press writes IMO: 1234567, IMO no. 1234567,
# IMO No 1234567, IMO n. 1234567 (Italian), IMO n° 1234567 (French), IMO#1234567
_IMO_LABELLED = re.compile(r"(?<![\w])(?:\(\s*|(?<!\s)\s+|(?<=\w\s)\s*|)IMO\s*(?:n(?:o|r|um(?:ber|ero)?)?\s*[.°º]?\s*)?[:#.\-]?\s*(\d{7})(?!\d)\s*\)?",
                           re.I)
# ITU-R M.585-9: an MMSI is nine digits
_MMSI_LABELLED = re.compile(r"(?<![\w])(?:\(\s*|(?<!\s)\s+|(?<=\w\s)\s*|)MMSI\s*(?:n(?:o|r|um(?:ber|ero)?)?\s*[.°º]?\s*)?[:#.\-]?\s*(\d{9})(?!\d)\s*\)?",
                            re.I)
_BARE_SEVEN = re.compile(r"(?<![\w])\(?(\d{7})\)?(?![\w])")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACES = re.compile(r"\s+")


def _tidy(text: str) -> str:
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return text.strip(" ,;:-–—/|")


def query_identifiers(text: str) -> tuple[str, int | None, int | None]:
    """(``text`` without its identifiers, the IMO number written in it, the MMSI written in it).
    An IMO number is read after the word IMO whatever its check digit (a bad one is flagged by the
    look-up, as ``--imo`` flags it), or bare when its check digit is valid (a seven-digit number that
    is not an IMO number passes the check one time in ten: only as a number of its own, not glued to
    letters); an MMSI only after the word MMSI (a bare nine-digit number may be anything)."""
    if not text or not any(ch.isdigit() for ch in text):
        return text, None, None
    imo = mmsi = None
    m = _IMO_LABELLED.search(text)
    if m:
        imo = int(m.group(1))
        text = text[:m.start()] + " " + text[m.end():]
    m = _MMSI_LABELLED.search(text)
    if m:
        mmsi = int(m.group(1))
        text = text[:m.start()] + " " + text[m.end():]
    if imo is None:
        for m in _BARE_SEVEN.finditer(text):
            if imo_check_digit_ok(m.group(1)):
                imo = int(m.group(1))
                text = text[:m.start()] + " " + text[m.end():]
                break
    if imo is None and mmsi is None:
        return text, None, None
    return _tidy(text), imo, mmsi


# --------------------------------------------------------------------------- vocabularies
def _fold(word: str) -> str:
    """A Latin word folded for the vocabularies: lower case, accents and final full stop dropped."""
    return to_ascii(unicodedata.normalize("NFC", word)).lower().strip(".'’")


# Titles, ranks and honorifics written before a person's name (the rank of the army, navy and
# police in each language: STANAG 2116; civil honorifics: the dictionaries named in the module
# docstring). Words only; rigour's multi-word prefixes are added below. Words that are also common
# given or family names (Major, Marshal, Bishop, King, Prince, Don, Said) are not in the list: they
# would be dropped from a name; nor the religious titles the tokeniser reads itself (Sheikh, Hajji,
# Mullah, Imam: ``text.TITLES``), which count when both names write them (tenth round, shared_title).
_LATIN_TITLES_RAW = (
    # English
    "colonel col lt-col lieutenant-colonel general gen lieutenant lt captain capt cpt commander cdr "
    "brigadier brig sergeant sgt corporal cpl admiral adm commodore marshal field-marshal "
    "president minister dr doctor prof professor mr mrs ms miss sir madam mister "
    "hon honourable honorable excellency judge ambassador amb senator sen emir amir-ul "
    # Italian (Zingarelli; gradi dell'Esercito)
    "colonnello col. generale gen. tenente capitano comandante ammiraglio maresciallo brigadiere "
    "sergente caporale maggiore presidente ministro ministra dottor dottore dottoressa dott dott.ssa "
    "avvocato avv ingegnere ing onorevole on senatore signor signore signora sig sig.ra sceicco emiro "
    # French (Larousse; grades de l'armée de terre)
    "colonel general capitaine commandant lieutenant-colonel marechal amiral president presidente "
    "ministre docteur maitre me monsieur m mme mlle madame mademoiselle emir "
    # Spanish (DLE)
    "coronel teniente capitan mariscal almirante doctor licenciado lic ingeniero senor sr senora sra "
    "jeque "
    # Maltese (Aquilina: kurunell, ġeneral, kaptan, logutenent, maġġur, sur, sinjura, onor., prim ministru)
    "kurunell generall general kaptan logutenent kmandant maggur sur sinjura sinjorina onor ministru "
    "president avukat perit "
    # German
    "oberst generalleutnant hauptmann herr frau prasident "
    # Russian, romanised (Ozhegov): polkovnik, general, mayor is left (a Spanish family name)
    "polkovnik general-mayor general-leytenant gospodin tovarishch"
)
# abbreviations that are also words or name parts (Sen, On, Me, M, Ing, Sig, Lic, Amb, Sr, Sra, Hon,
# Sur, Avv, Lt, Cpl, Adm, Cdr, Brig): titles only when written with a full stop (Sen., On., M.)
_DOTTED_ONLY = frozenset({"sen", "on", "me", "m", "ing", "sig", "lic", "amb", "sr", "sra", "hon", "sur", "avv", "lt",
                          "cpl", "adm", "cdr", "brig", "onor", "cpt", "sgt", "dott"})
_LATIN_TITLES = frozenset(_fold(w) for w in _LATIN_TITLES_RAW.split())
# (Session 16, twenty-first round) the police ranks of Bangladesh, Pakistan and India as their press
# writes them, before or after the name (IGP Benazir Ahmed; Benazir Ahmed IGP; SSP Rao Anwar): the
# rank lists of the Police Regulations of Bengal (1943) and of the Police Order 2002 (Pakistan):
# Inspector General (IGP), Additional IGP (Addl. IGP), Deputy and Assistant Inspector General (DIG,
# AIG), Senior, Additional and Assistant Superintendent (SSP, Addl. SP, ASP), Deputy Superintendent
# (DSP), Superintendent (SP). Read as titles only written in capitals (SP, ASP are also letters of a
# name written in initials only when in lower case: Asp, Dig are words).
_POLICE_RANKS = frozenset({"igp", "ig", "dig", "aig", "ssp", "asp", "dsp", "sp", "addl", "addl-igp"})
# ... and the ranks written after a name with a full stop (Ahmed Shuja Pasha, Lt. Gen.; Col. (retd)):
# the NATO abbreviations of STANAG 2116 and the word retired
_TRAILING_RANKS = frozenset({"gen", "lt", "col", "maj", "brig", "capt", "cdr", "adm", "retd", "rtd", "retired"})
# ... and in Cyrillic (Ozhegov): полковник, генерал, генерал-майор, генерал-лейтенант, адмирал,
# капитан (not before a ship's name: КАПИТАН КОКОВИН is a ship, and a vessel's query is not read so),
# президент, министр, господин, г-н, товарищ
_CYRILLIC_TITLES = frozenset(w.casefold() for w in (
    "полковник", "генерал", "генерал-майор", "генерал-лейтенант", "генерал-полковник", "адмирал", "майор",
    "подполковник", "президент", "министр", "господин", "госпожа", "г-н", "г-жа", "товарищ"))
# Romance and Maltese articles before a title (il colonnello, le colonel, el coronel, il-Kurunell, is-Sur)
_TITLE_ARTICLES = frozenset({"il", "lo", "la", "le", "el", "the"})
# the Maltese article glued with a hyphen (il-, l-, and assimilated before the sun letters: is-Sur,
# ir-Re, it-Tabib), the Romance article elided (l'ingegnere, l'avocat)
_MALTESE_ARTICLE = re.compile(r"^(?:il|l|is|ir|id|it|in|ix|iz|ic|ic|ix|iż|iċ)-(?=\w)", re.I)
_ELIDED_ARTICLE = re.compile(r"^l['’](?=\w)", re.I)

# Words that open what is said about a person after the name, in a clause after a comma (Mohamed
# Koshlaf, capo della Guardia ...; Kais Saied, président de la République): roles, offices, ranks,
# kinship, trades the press gives (Zingarelli, Larousse, DLE, Aquilina, Oxford), with the titles above
_ROLE_WORDS_RAW = (
    # English
    "head chief leader commander director chairman chairwoman ceo founder member spokesman spokeswoman "
    "minister deputy vice former ex envoy ambassador candidate adviser advisor counsellor official "
    "smuggler trafficker warlord militiaman footballer player lawyer judge son daughter wife widow brother "
    "sister father mother nephew cousin king queen prince princess governor mayor speaker premier prime "
    "secretary officer chief-of-staff coordinator boss businessman businesswoman "
    # Italian
    "capo comandante leader direttore presidente vicepresidente premier vicepremier primo ministro "
    "ministra sottosegretario segretario portavoce inviato ambasciatore candidato candidata consigliere "
    "consigliera trafficante contrabbandiere scafista miliziano calciatore giocatore avvocato avvocatessa "
    "figlio figlia moglie vedova fratello sorella padre madre nipote cugino cugina re regina principe "
    "principessa governatore sindaco deputato senatore fondatore membro dirigente funzionario responsabile "
    "ex gia amministratore ad imprenditore uomo boss signore guida capobanda "
    # French
    "chef dirigeant commandant directeur president presidente premier ministre secretaire porte-parole "
    "envoye ambassadeur candidat candidate conseiller conseillere trafiquant passeur milicien footballeur "
    "joueur avocat avocate fils fille epouse veuve frere soeur pere mere neveu niece cousin cousine roi "
    "reine prince princesse gouverneur maire depute senateur fondateur membre ancien ex homme guide "
    # Spanish
    "jefe lider comandante director presidente ministro ministra portavoz enviado embajador candidato "
    "asesor traficante contrabandista abogado abogada hijo hija esposa viuda hermano hermana rey reina "
    "principe princesa gobernador alcalde diputado senador fundador miembro exministro expresidente "
    # Maltese (Aquilina)
    "kap president ministru prim segretarju ambaxxatur kandidat avukat iben bint mara re sindku membru "
    "kmandant"
)
_ROLE_WORDS = frozenset(_fold(w) for w in _ROLE_WORDS_RAW.split()) | _LATIN_TITLES
# Words that say the rest is another name of the person: "detto", "alias" ... (Italian detto / detta,
# soprannominato, noto come; French dit / dite, surnommé, alias; Spanish alias, apodado, llamado,
# conocido como; English a.k.a., alias, known as, called, nicknamed; Maltese magħruf bħala; rigour's
# NAME_SPLIT_PHRASES for the English ones); Russian по прозвищу, он же
_ALIAS_MARKERS_RAW = (
    "detto", "detta", "soprannominato", "soprannominata", "noto come", "nota come", "conosciuto come",
    "dit", "dite", "surnomme", "surnommee", "alias", "apodado", "apodada", "llamado", "llamada", "conocido como",
    "conocida como", "aka", "a.k.a", "a.k.a.", "a/k/a", "also known as", "known as", "called", "nicknamed",
    "maghruf bhala",
    # (session 14) Italian court records and police reports: inteso/intesa ("known as"), vulgo (Latin
    # "commonly": Zingarelli; also Portuguese, Priberam), Portuguese conhecido como
    "inteso", "intesa", "vulgo", "conhecido como", "conhecida como", "по прозвищу", "он же", "она же", "известный как", "известная как")
_ALIAS_MARKERS = tuple(sorted({tuple(_fold(x) if x.isascii() or "ħ" in x else x.casefold() for x in m.split())
                               for m in _ALIAS_MARKERS_RAW}, key=len, reverse=True))

# Arabic (Hans Wehr) and Persian (Aryanpur) titles, ranks, offices and descriptions written before a
# name. Three kinds, normalised (``normalize_arabic``):
# - words that are no names (with the article, or never a name: العقيد the colonel, المستشار the
#   counsellor, the title of Aguila Saleh, a judge; الأخ the brother; اللواء the major general;
#   المحامية the lawyer; المرشح the candidate; اللاعب the player; آمر commander; Persian قاضی judge,
#   آقای Mr, سرهنگ colonel, دکتر doctor ...): dropped before the name;
# - words that are also given names without the article (رئيس Raees, قائد Qaid, زعيم Zaim, نائب Naib,
#   وزير Wazir, مدير, عميد Amid, رائد Raed, نقيب Naqib, مقدم, مشير Mushir, فريق): a title only before a
#   word that completes an office (رئيس مجلس النواب "head of the House of Representatives", قائد الثورة
#   "leader of the revolution"), never before a name (عميد حسين الكوني is Amid Husain al-Kuni);
# - religious titles (الشيخ, الحاج, الملا, الإمام): left in the name, where the tokeniser drops them
#   and a title both names write counts (tenth round, shared_title).
_AR_TITLES_RAW = (
    "الأخ", "العقيد", "عقيد", "الزعيم", "القائد", "المستشار", "مستشار", "الرئيس", "المشير", "الفريق", "الفريق أول",
    "اللواء", "لواء", "العميد", "المقدم", "الرائد", "النقيب", "الملازم", "ملازم", "السيد", "السيدة", "الدكتور",
    "الدكتورة", "المهندس", "المهندسة", "المحامي", "المحامية", "محامي", "محامية", "المرشح", "المرشحة", "اللاعب",
    "لاعب", "الوزير", "الوزيرة", "النائب", "الآمر", "آمر", "الأستاذ", "الأستاذة", "الأمير", "القاضي", "المدير",
    "الناطق", "المتحدث", "نجل", "ابنة", "كريمة", "شقيق", "شقيقة", "أرملة", "زوجة",
    # Persian
    "قاضی", "آقای", "خانم", "سرلشکر", "سرتیپ", "سرهنگ", "سرگرد", "دکتر", "مهندس", "حجت‌الاسلام", "حجت الاسلام",
    "حجت‌الاسلام والمسلمین", "آیت‌الله", "آیت الله", "فرمانده", "سخنگوی", "معاون", "دادستان",
    # (session 16, 22m) the military ranks the Arab press writes as loanwords (Hans Wehr: جنرال general,
    # كولونيل colonel, كابتن captain, ماريشال marshal) and the non-commissioned ranks (رقيب sergeant,
    # عريف corporal), with the article, and the Persian ranks of the Artesh and the IRGC (Aryanpur:
    # ژنرال general, ارتشبد general, سپهبد lieutenant general, تیمسار general (form of address),
    # سروان captain, ستوان lieutenant): dropped before the name as العقيد is
    "الجنرال", "جنرال", "الكولونيل", "الكابتن", "الماريشال", "المارشال", "الرقيب", "العريف",
    "ژنرال", "ارتشبد", "سپهبد", "تیمسار", "سروان", "ستوان")
_AR_NAME_TITLES_RAW = ("رئيس", "رئیس", "قائد", "زعيم", "نائب", "وزير", "وزیر", "مدير", "مدیر", "عميد", "رائد", "نقيب",
                       "مقدم", "مشير", "فريق", "سردار")
# words that complete an Arabic office (its genitive: head OF THE HOUSE OF REPRESENTATIVES, commander
# OF BRIGADE 32, leader OF THE REVOLUTION, the Libyan leader, the presidential candidate):
# institutions, bodies, adjectives of office (Hans Wehr; Persian: صدا و سیما, the state broadcaster)
_AR_ROLE_COMPLEMENT_RAW = (
    "مجلس", "النواب", "الدولة", "الأعلى", "الحكومة", "حكومة", "الوزراء", "المخابرات", "الأركان", "جهاز", "حرس",
    "المنشآت", "النفطية", "خفر", "السواحل", "الثورة", "اللواء", "لواء", "الكتيبة", "كتيبة", "مركز", "المركز",
    "الانقاذ", "الإنقاذ", "الوطني", "الوطنية", "الوحدة", "الوفاق", "مكتب", "الليبي", "الليبية", "التونسي",
    "التونسية", "الرئاسي", "الرئاسية", "السابق", "السابقة", "الأسبق", "العام", "العامة", "العسكري", "العسكرية",
    "الأمن", "الداخلية", "الدفاع", "الخارجية", "النفط", "القوات", "المسلحة", "الجيش", "المؤتمر", "البرلمان", "العليا",
    "المحكمة", "الاستخبارات", "الشرطة", "الجماهيرية", "الشعبية", "العربية", "الاشتراكية", "العظمى", "صدا",
    "سیما", "سازمان", "سپاه", "قوه", "ستاد", "وزارت", "دولت", "و", "ركن", "الركن", "أول")
_AR_TITLES = frozenset(normalize_arabic(x).replace("\u200c", "") for x in _AR_TITLES_RAW if " " not in x)
_AR_TITLE_PHRASES = frozenset(tuple(normalize_arabic(w) for w in x.split()) for x in _AR_TITLES_RAW if " " in x)
_AR_NAME_TITLES = frozenset(normalize_arabic(x) for x in _AR_NAME_TITLES_RAW)
_AR_ROLE_COMPLEMENT = frozenset(normalize_arabic(x) for x in _AR_ROLE_COMPLEMENT_RAW)
# Arabic and Persian words that open a clause about the person after the name: "known as",
# "nicknamed", "detained", "arrested", and offices in the construct state that are no names
# ("commander of", "official of", "member of", "spokesman"); the offices that are also names
# (_AR_NAME_TITLES) and "king, prince, sultan" (ملك Malik, أمير Amir) only before a word that completes
# the office or a place (فهمي بن خليفة ملك زوارة, "Fahmi Ben Khalifa, king of Zuwara"); the name is what
# comes before, two words at least
_AR_CLAUSE_RAW = (
    "آمر", "مسؤول", "عضو", "الناطق", "المتحدث", "الملقب", "الملقبة", "المعروف", "المعروفة", "المكنى", "الشهير",
    "الشهيرة", "المدعو", "الموقوف", "الموقوفة", "المعتقل", "المعتقلة", "المسجون", "المتهم", "المطلوب", "المحكوم",
    "فرمانده", "معاون", "سخنگوی", "دادستان")
_AR_CLAUSE = frozenset(normalize_arabic(x) for x in _AR_CLAUSE_RAW)
_AR_CLAUSE_BEFORE_COMPLEMENT = _AR_NAME_TITLES | frozenset(normalize_arabic(x) for x in ("ملك", "أمير", "امير",
                                                                                        "سلطان", "شيخ"))
# kinship words before a name: the word after them is a name (the father's), not a complement
_AR_KIN = frozenset(normalize_arabic(x) for x in ("نجل", "ابنة", "كريمة", "شقيق", "شقيقة", "أرملة", "زوجة"))

# Persian letters (not Arabic): a text holding one is read as Persian, whose titles come first too
# double quotes and guillemets only: single quotes ‘ ’ ' also write ʿayn and hamza in transliterated
# Arabic names (‘ABD AL-RAHMAN KHALAF ‘UBAYD JUDAY’ AL-‘ANIZI)
_QUOTES = re.compile(r"[«“„\"](.+?)[»”\"“]")
_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Place names of the Central Mediterranean gazetteer (GeoNames, shipped) folded -> ISO2 country,
    Latin and Arabic names. Loaded on first use (a query with a place-like context)."""
    out: dict[str, str] = {}
    for fname in ("gazetteer_central_med.csv", "places_supplement.csv"):
        try:
            path = resources.files("seasentry") / "data" / "reports" / fname
            with path.open("r", encoding="utf-8") as fh:
                for r in csv.DictReader(fh):
                    cc = (r.get("country") or "").strip().upper()
                    if len(cc) != 2:
                        continue
                    for n in [r.get("name") or ""] + (r.get("names_latin") or "").split("|"):
                        k = _place_key(n)
                        if len(k) >= 4:
                            out.setdefault(k, cc)
                    for n in (r.get("names_ar") or "").split("|"):
                        k = normalize_arabic(n).strip()
                        if len(k) >= 3:
                            out.setdefault(k, cc)
        except (OSError, csv.Error):  # pragma: no cover - shipped data
            continue
    return out


def _place_key(text: str) -> str:
    return " ".join(_fold(w) for w in re.split(r"[\s\-]+", text) if w)


@lru_cache(maxsize=4096)
def place_country(text: str) -> str | None:
    """ISO2 country of ``text`` when it is a country's name (any language rigour's territory data
    knows: Malta, Malti, Italia, Égypte, ليبيا) or a place of the Central Mediterranean gazetteer
    (Zawiya, Sliema, Tripoli, الزاوية); None otherwise."""
    text = (text or "").strip(" .,;:()[]")
    if len(text) < 4 and not any("\u0600" <= ch <= "\u06ff" for ch in text):
        return None   # not a code (AO, UK, HK: legal forms and parts of listed names too)
    from .loaders import country_code

    cc = country_code(text)
    if cc:
        return cc
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        k = normalize_arabic(text)
        for cand in (k, k[1:] if k.startswith("ب") else None, k[2:] if k.startswith("ال") else None,
                     k[3:] if k.startswith("بال") else None):
            if cand and (cand in _places() or ("ال" + cand) in _places()):
                return _places().get(cand) or _places().get("ال" + cand)
        return None
    k = _place_key(text)
    if k in _places():
        return _places()[k]
    # the article of an Arabic place name written or not (az-Zawiya, Zawiya)
    k2 = re.sub(r"^(?:al|el|az|ez|as|es|ash|ar|er|at|et|an|ad|ed) ", "", k)
    return _places().get(k2)


# --------------------------------------------------------------------------- birth and nationality
# (Sixteenth round) a date or year of birth and a nationality written after a person's name, the way
# the lists' own entries and the press give them (KIM KYU DOB 30.07.1968 DPRK; KANG RYONG, b. 21 Aug
# 1968, North Korea; QIN XIANHUA DOB 08/01/1979 CHN; KIM KI-NAM 1929). Dates in the forms of ISO 8601
# (1968-07-30), the European numeric forms (30.07.1968, 30/07/1968, 30-07-1968; a numeric date that
# could be day/month or month/day keeps its year only), and the day-month-name forms the UN and OFAC
# lists write (30 Jul 1968, 30 JUL. 1968, Jul 30, 1968); the markers are those of the lists (DOB, POB
# is not read), passports and the press (b., born, né/née, nato/nata, nacido, date of birth, YOB).
# The nationality is a country's name (rigour's territory data via ``loaders.country_code``), an
# ISO 3166-1 alpha-3 code (rigour's territories' alpha3) or the usual short forms of the two Koreas'
# and China's names (DPRK, ROK, PRC).
_MONTHS = {m: i + 1 for i, ms in enumerate((
    ("jan", "january", "janvier", "gennaio", "enero"), ("feb", "february", "fevrier", "febbraio", "febrero"),
    ("mar", "march", "mars", "marzo"), ("apr", "april", "avril", "aprile", "abril"),
    ("may", "mai", "maggio", "mayo"), ("jun", "june", "juin", "giugno", "junio"),
    ("jul", "july", "juillet", "luglio", "julio"), ("aug", "august", "aout", "agosto"),
    ("sep", "sept", "september", "septembre", "settembre", "septiembre"), ("oct", "october", "octobre", "ottobre",
                                                                            "octubre"),
    ("nov", "november", "novembre", "noviembre"), ("dec", "december", "decembre", "dicembre", "diciembre")))
    for m in ms}
_MON = r"(?P<mon>[A-Za-z]{3,9})\.?"
_BIRTH_MARK = (r"(?:d\.?\s?o\.?\s?b\.?|y\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born|b\.|n[ée]e?|nat[oa]|nacid[oa]"
               r"|geb\.?|geboren)\s*[:\-]?\s*")
_DATE_FORMS = (
    r"(?P<y1>(?:19|20)\d\d)-(?P<m1>\d\d?)-(?P<d1>\d\d?)",
    r"(?P<a>\d\d?)[./\-](?P<b>\d\d?)[./\-](?P<y2>(?:19|20)\d\d)",
    r"(?P<d3>\d\d?)\s+" + _MON + r",?\s+(?P<y3>(?:19|20)\d\d)",
    r"(?P<mon4>[A-Za-z]{3,9})\.?\s+(?P<d4>\d\d?),?\s+(?P<y4>(?:19|20)\d\d)",
    r"(?P<y5>(?:19|20)\d\d)",
)
_BIRTH = re.compile(r"(?:^|[\s,;(])(?P<mark>" + _BIRTH_MARK + r")?(?P<date>" + "|".join(
    f"(?:{f})" for f in _DATE_FORMS) + r")(?![\w/.\-]\d)(?P<tail>[^\d]*)$", re.I)
_COUNTRY_SHORT = {"dprk": "KP", "rok": "KR", "prc": "CN", "roc": "TW", "uae": "AE", "usa": "US", "uk": "GB"}


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    try:
        from rigour.territories import get_territories

        return {t.alpha3.lower(): t.code.upper() for t in get_territories()
                if t.alpha3 and t.is_country and len(t.code) == 2}
    except Exception:  # pragma: no cover - rigour is a dependency
        return {}


def nationality_code(text: str) -> str | None:
    """ISO2 country of a nationality written after a date of birth (a country's name, an alpha-3 code,
    DPRK/ROK/PRC); None otherwise."""
    t = re.sub(r"^(?:nationality|national|citizen(?:ship)?|of)\s*[:\-]?\s*", "", (text or "").strip(" .,;:()[]"),
               flags=re.I).strip(" .,;:()[]")
    if not t:
        return None
    k = t.lower()
    if k in _COUNTRY_SHORT:
        return _COUNTRY_SHORT[k]
    if len(k) == 3 and k.isalpha() and t.isupper():
        return _alpha3().get(k)
    from .loaders import country_code

    return country_code(t) or place_country(t)


def _birth_date(m: re.Match) -> str | None:
    g = m.groupdict()
    if g["y1"]:
        y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
    elif g["y2"]:
        a, b, y = int(g["a"]), int(g["b"]), int(g["y2"])
        if a > 12 and b <= 12:
            d, mo = a, b
        elif b > 12 and a <= 12:
            d, mo = b, a
        else:
            return str(y) if a <= 12 and b <= 12 and a != b else (f"{y:04d}-{a:02d}-{a:02d}" if a == b and a <= 12
                                                                    else None)
    elif g["y3"] or g["y4"]:
        mon = (g["mon"] or g["mon4"] or "").lower()
        mo = _MONTHS.get(mon)
        if mo is None:
            return None
        y, d = int(g["y3"] or g["y4"]), int(g["d3"] or g["d4"])
    else:
        return g["y5"]
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def birth_clause(text: str) -> tuple[str, str | None, str | None]:
    """(the text without a date or year of birth and nationality written after the name, the date of
    birth as YYYY-MM-DD or YYYY, the nationality's ISO2 code). A bare year counts only after a name of
    two words or more and when nothing but a nationality follows it; what follows a date must be a
    nationality or nothing (else the text is returned unchanged)."""
    if not text or not any(ch.isdigit() for ch in text):
        return text, None, None
    m = _BIRTH.search(text)
    if not m:
        return text, None, None
    head = text[:m.start("mark") if m.group("mark") else m.start("date")].strip(" ,;:-")
    tail = m.group("tail").strip(" ,;:-()")
    nat = nationality_code(tail) if tail else None
    if tail and nat is None:
        return text, None, None
    if head.count("(") > head.count(")"):
        # the clause in brackets, a nationality before the date: KANG MIN (DPRK, 07 MAY 1980)
        head, _, pre = head.rpartition("(")
        pre = pre.strip(" ,;:-")
        head = head.strip(" ,;:-")
        if pre and nat is None and nationality_code(pre) is not None:
            nat = nationality_code(pre)
        elif pre:
            head = f"{head} ({pre})"   # a role in the brackets stays for the context reader
    elif nat is None and "," in head:
        # a nationality between the name and the date: FATHI MOHAMED ALSHARIF, LBY, 1985
        h, _, pre = head.rpartition(",")
        if h.strip() and nationality_code(pre) is not None:
            head, nat = h, nationality_code(pre)
    head = head.strip(" ,;:-(")
    if len(head.split()) < (2 if not m.group("mark") else 1) or not re.search(r"[^\W\d_]", head):
        return text, None, None
    dob = _birth_date(m)
    if dob is None:
        return text, None, None
    y = int(dob[:4])
    if y > 2026 or y < 1900:
        return text, None, None
    return head, dob, nat


# --------------------------------------------------------------------------- OCR
# OCR confuses a digit with the letter it looks like: 0 = O, 1 = l or I, 5 = S, 8 = B (the
# confusion pairs of Tesseract's and ABBYY's documentation; the NIST OCR evaluations). A digit glued
# to letters inside a person's name is such a confusion; a ship's name keeps its numbers (BONU5 =
# BONU 5, the tokeniser's rule), so the reading is for persons only.
_OCR_WORD = re.compile(r"[^\W_]+")
_OCR_DIGITS = {"0": "o", "5": "s", "8": "b"}


def _ocr_word(m: re.Match) -> str:
    w = m.group(0)
    digits = [c for c in w if c.isdigit()]
    if not digits or len(digits) > 2 or len(w) - len(digits) < 3 or any(c not in "0158" for c in digits):
        return w
    out = []
    for k, c in enumerate(w):
        if c == "1":
            # l before a vowel (A1i = Ali, Kha1ifa = Khalifa), i otherwise (Gaddaf1 = Gaddafi, 1brahim)
            nxt = w[k + 1:k + 2].lower()
            out.append("l" if nxt and nxt in "aeiouy" else "i")
        elif c in _OCR_DIGITS:
            out.append(_OCR_DIGITS[c])
        else:
            out.append(c)
    new = "".join(out)
    return new.upper() if w.isupper() else new


def ocr_reading(text: str) -> str | None:
    """``text`` with the digits glued to the letters of its words (a word of three letters or more
    and one or two of the digits 0, 1, 5, 8) read as letters; None when it has none."""
    if not text or not any(ch.isdigit() for ch in text):
        return None
    new = _OCR_WORD.sub(_ocr_word, text)
    return new if new != text else None


# --------------------------------------------------------------------------- person context
def _latin_words(text: str) -> list[str]:
    return [w for w in text.split() if w]


def _is_police_rank(word: str) -> bool:
    """A police rank of South Asia's forces written in capitals (IGP, DIG, SSP; Addl. before one)."""
    w = word.strip("().,")
    return bool(w) and (w.isupper() or (_fold(w) == "addl" and word.endswith("."))) and _fold(w) in _POLICE_RANKS


def _is_trailing_rank(word: str) -> bool:
    """A rank written after a person's name (Benazir Ahmed IGP; Ahmed Shuja Pasha Lt. Gen.; (retd))."""
    if _is_police_rank(word):
        return True
    f = _fold(word.strip("()"))
    return f in _TRAILING_RANKS and (word.rstrip(")").endswith(".") or f in ("retd", "rtd", "retired"))


def drop_trailing_ranks(words: list[str], keep: int) -> tuple[list[str], list[str]]:
    """(Session 16) ``words`` of a person's name without the ranks written after it (_is_trailing_rank),
    at least ``keep`` (and two) words left; the ranks dropped."""
    k = len(words)
    while k > max(keep, 2) and _is_trailing_rank(words[k - 1]):
        k -= 1
    return words[:k], words[k:]


def _is_title(word: str) -> bool:
    if _is_police_rank(word):
        return True
    f = _fold(word)
    if f in _DOTTED_ONLY:
        return word.endswith(".")
    return f in _LATIN_TITLES or word.casefold() in _CYRILLIC_TITLES


# rigour's one-word prefixes that are also words of names or of companies' names (The, Private,
# Count, Lord, Lady, Queen, Dame, Chair, Director, Sr = Senior): left in the name
_RIGOUR_ONE_WORD_NAMES = frozenset({"the", "private", "count", "countess", "lord", "lady", "queen", "dame", "laird",
                                    "chair", "director", "emperor", "empress", "sr", "fr", "hr", "baronet",
                                    "baroness", "seigneur", "marchioness", "marquess", "duchess", "mistress"})


@lru_cache(maxsize=1)
def _rigour_prefixes() -> tuple[tuple[str, ...], ...]:
    """rigour's person-name prefixes (PERSON_NAME_PREFIXES: Mr, Dr, His Excellency, Lieutenant
    General, The Hon ...), folded word by word, longest first; () when rigour is not there."""
    try:
        from rigour._core import person_name_prefixes_list
    except Exception:  # pragma: no cover - rigour is a declared dependency
        return ()
    out = {tuple(_fold(w) for w in p.split()) for p in person_name_prefixes_list()}
    out = {p for p in out if len(p) > 1 or p[0] not in _RIGOUR_ONE_WORD_NAMES}
    return tuple(sorted(out, key=len, reverse=True))


def _drop_leading_titles(words: list[str], keep: int) -> tuple[list[str], list[str]]:
    """The words without the titles (and their articles) they start with, and the titles dropped;
    at least ``keep`` words are left."""
    dropped: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        m = _MALTESE_ARTICLE.match(w) or _ELIDED_ARTICLE.match(w)
        n = 0
        if _is_title(w) or (m and _fold(w[m.end():]) in _LATIN_TITLES):
            n = 1     # Colonel; il-Kurunell, l'ingegnere
        elif _fold(w) in _TITLE_ARTICLES and k + 1 < len(words) and _is_title(words[k + 1]):
            n = 2     # il colonnello, le colonel, el coronel
        else:
            folded = [_fold(x) for x in words[k:k + 4]]
            for p in _rigour_prefixes():
                if tuple(folded[:len(p)]) == p:
                    n = len(p)
                    break
        if not n or len(words) - k - n < keep:
            break
        dropped.extend(words[k:k + n])
        k += n
    return words[k:], dropped


def _lowercase_word(word: str) -> bool:
    """A word written in lower case that is no particle of a name (al-, bin, de, van ...)."""
    w = re.sub(r"^(?:al|el|ad|ar|as|ash|at|az|an|ud|ul|ur)[-‐]", "", word.strip("\"'«»“”()[],.;:"))
    if not w or not w[0].isalpha() or not w[0].islower():
        return False
    return not ({_fold(w), _fold(word)} & (PARTICLES | _NAME_PARTICLES))


# particles of names written in lower case that ``text.PARTICLES`` does not hold (Portuguese e, do;
# Dutch ter, ten, op; French des, d'; German zu; Tuareg ag; Maghrebi bel): a list's given names after
# the comma may hold them
_NAME_PARTICLES = frozenset({"e", "do", "ter", "ten", "op", "des", "d", "zu", "ag", "bel", "bou", "bu", "ait", "ou"})


def _alias_marker_at(words: list[str], k: int) -> int:
    folded = [_fold(x) if x.isascii() or "ħ" in x else x.casefold() for x in words[k:k + 3]]
    for m in _ALIAS_MARKERS:
        if tuple(folded[:len(m)]) == m:
            return len(m)
    return 0


def _comma_clause_is_context(head: str, clause: str, text: str) -> bool:
    """After a comma: what is said about the person (a role, a trade, a place: Mohamed Koshlaf, capo
    della Guardia ...) and not the given names of a name written FAMILY, Given (QADHAFI, Muammar)."""
    words = _latin_words(clause)
    if not words or not head.strip():
        return False
    first = words[0]
    m = _MALTESE_ARTICLE.match(first)
    if _fold(first) in _ROLE_WORDS or (m and _fold(first[m.end():]) in _ROLE_WORDS):
        return True
    if _alias_marker_at(words, 0):
        return True
    # a clause of two words or more with a word in lower case, in a text written in mixed case (one
    # given name in lower case after a comma, Dabbashi, ahmed, is still a list's name)
    mixed = any(ch.isupper() for ch in text) and any(ch.islower() for ch in text)
    return mixed and len(words) >= 2 and any(_lowercase_word(w) for w in words)


# --------------------------------------------------------------------------- (session 14) court records
# Italian court records, police and press write a person as "CATERINO Mario nato a San Cipriano
# d'Aversa il 15/06/1957", French "né à Tripoli le 2 mai 1970", Spanish "nacido en Bengasi el ...",
# Portuguese "nascido em ...", English "born in ... on ...": a place of birth, then a date of birth. Neither
# is the name: the place is read as a place of the context (compared with the entry's countries as any
# place of the context), the date as a date of birth (used as --dob is). Sources: the forms of the
# Italian identity and court documents (generalità: "nato a ... il ...", DPR 445/2000 model forms), the
# French état civil ("né(e) le ... à ..."), the Spanish DNI ("nacido en"), Priberam (nascido em).
_BIRTH_PLACE = re.compile(
    r"(?:^|(?<=[\s,;(]))(?:nat[oaie]|n[ée]e?|nacid[oa]s?|nascid[oa]s?|born|geboren)\s+"
    r"(?:(?P<prep>a|ad|in|à|en|em|no|na|at|nel|nella)\s+(?P<place>.+?))?"
    r"(?:\s*,?\s*(?:(?:il|l'|le|el|em|on|the|am)\s+)?(?P<date>\d.*))?\s*[)\]]?\s*$", re.I)
# "cl. 1965", "classe 1965", "(cl. '65)": the Italian police's and courts' year of birth ("classe": the
# year a man was called up, the year of birth; Zingarelli)
_CLASS_YEAR = re.compile(r"(?:^|(?<=[\s,;(]))(?:cl\.|classe)\s*['’]?(?P<y>(?:19|20)\d\d|\d\d)\s*[)\]]?\s*$", re.I)
_DATE_ONLY = re.compile(r"(?P<date>" + "|".join(f"(?:{f})" for f in _DATE_FORMS) + r")", re.I)


def birth_place_clause(text: str, keep: int) -> tuple[str, str | None, str | None]:
    """(Session 14) (the text without a clause of birth written after the name, the place of birth
    written in it, the date of birth as YYYY-MM-DD or YYYY): "DABBASHI Ahmed nato a Sabratha" ->
    ("DABBASHI Ahmed", "Sabratha", None); "Mario Caterino nato a Casal di Principe il 15 giugno 1957" ->
    (..., "Casal di Principe", "1957-06-15"). The text unchanged when the clause says neither a place
    nor a date, or leaves fewer than ``keep`` words of a name before it."""
    if not text or not re.search(r"\b(?:nat|n[ée]|nacid|nascid|born|geboren|cl\.|classe)", text, re.I):
        return text, None, None
    c = _CLASS_YEAR.search(text)
    if c:   # (Italian police and court records: "ROSSI Mario cl. 1965", the year of birth)
        head = text[:c.start()].strip(" ,;:-(")
        year = c.group("y")
        year = year if len(year) == 4 else ("19" + year if int(year) > 26 else "20" + year)
        if len(head.split()) >= max(keep, 1) and re.search(r"[^\W\d_]", head) and 1900 <= int(year) <= 2026:
            return head, None, year
        return text, None, None
    m = _BIRTH_PLACE.search(text)
    if not m or not (m.group("place") or m.group("date")):
        return text, None, None
    head = text[:m.start()].strip(" ,;:-(")
    if len(head.split()) < max(keep, 1) or not re.search(r"[^\W\d_]", head):
        return text, None, None
    # (a province's code in brackets after the town, (CE), is no part of the place's name)
    place = re.sub(r"\s*[(\[][^()\[\]]*[)\]]?\s*$", "", (m.group("place") or "").strip(" ,;:-"))
    place = place.strip(" ,;:-()[]") or None
    dob = None
    if m.group("date"):
        d = _DATE_ONLY.search(m.group("date"))
        dob = _birth_date(d) if d else None
        if dob is not None and not 1900 <= int(dob[:4]) <= 2026:
            dob = None
    return head, place, dob


# the place a person lives, as Italian, French, Spanish and Portuguese records write it after the name
# ("residente a Casal di Principe", "domiciliato in ...", "res. a ...", "demeurant à ...", "domicilié à
# ...", "residente en ...", "domiciliado en ...", "residente em ..."; the model forms of DPR 445/2000, the
# French état civil, DLE, Priberam): context, its place a place of the context
_RESIDENCE = re.compile(
    r"(?:^|(?<=[\s,;(]))(?:residente|residenti|res\.|domiciliat[oaie]|demeurant|domicilie(?:e)?|domicilié(?:e)?"
    r"|domiciliad[oa]|resident|living)\s+(?:a|ad|in|à|en|em|no|na|at|nel|nella)\s+(?P<place>[^,;()]+?)\s*[)\]]?\s*$",
    re.I)


def residence_clause(text: str, keep: int) -> tuple[str, str | None]:
    """(Session 14) (the text without a place of residence written after the name, that place)."""
    if not text or not re.search(r"\b(?:resid|res\.|domicil|demeurant|living)", text, re.I):
        return text, None
    m = _RESIDENCE.search(text)
    if not m:
        return text, None
    head = text[:m.start()].strip(" ,;:-(")
    if len(head.split()) < max(keep, 1) or not re.search(r"[^\W\d_]", head):
        return text, None
    place = re.sub(r"\s*[(\[][^()\[\]]*[)\]]?\s*$", "", m.group("place")).strip(" ,;:-()[]") or None
    return head, place


# after a name of two words or more, the word that says which of a father and son of one name is meant:
# the elder (senior, Sr., Snr; Italian and Spanish write senior too). Only the elder is dropped: the
# lists write the younger as part of the name (KINAHAN JUNIOR, Christopher Vincent), so "junior" is a
# word to match. Source: the Chicago Manual of Style 6.43 and the Accademia della Crusca (senior, junior
# after a name)
_ELDER = frozenset({"senior", "sr", "snr", "sr.", "snr.", "sen."})   # (not sen: the family name Sen)


def drop_elder_suffix(words: list[str]) -> tuple[list[str], list[str]]:
    """(Session 14) ``words`` of a person's name without senior / Sr. / Snr at the end (after two words)."""
    if len(words) >= 3 and words[-1].casefold().strip(",") in _ELDER:
        return words[:-1], [words[-1]]
    return words, []


# Italian family names written with an elided preposition and article (Dell'Aquila, Dall'Oglio,
# Sant'Angelo, Nell'Orto, Degl'Innocenti): written without the apostrophe, in capitals (DELL AQUILA) they
# are read as the lists write them, with it. Source: the Accademia della Crusca on elision
# (dell', dall', nell', sull', sant', degl' before a vowel)
_ELIDED = re.compile(r"\b(dell|dall|nell|sull|sant|degl)\s+(?=[aeiouAEIOU][^\W\d_]{2,})", re.I)


# the Spanish and Latin American press and court records write "(a)" for alias before a nickname
# ("Joaquín Guzmán Loera (a) El Chapo"; DLE: "(a)", abbreviation of alias)
_ALIAS_ABBREVIATION = re.compile(r"\s\(a\.?\)\s+(?=\S)", re.I)


def spanish_alias_mark(text: str) -> str:
    """(Session 14) ``text`` with the Spanish "(a)" before a nickname written as the word alias."""
    return _ALIAS_ABBREVIATION.sub(" alias ", text) if "(" in text else text


def italian_elision_reading(name: str) -> str:
    """(Session 14) ``name`` with an elided Italian preposition written apart joined to its word by the
    apostrophe (DELL AQUILA Giuseppe -> DELL'AQUILA Giuseppe)."""
    if not name.isascii() or not _ELIDED.search(name):
        return name
    return _ELIDED.sub(lambda m: m.group(1) + "'", name)


@dataclass(frozen=True)
class QueryText:
    """A query's text read (``read_query``)."""

    text: str                             # as given
    name: str                             # the name to score (for a name of no stated kind: a person's reading)
    context: tuple[str, ...] = ()         # what was read as said about the name, not the name
    imo: int | None = None                # an IMO number written in the text
    mmsi: int | None = None               # an MMSI written in the text
    countries: frozenset[str] = field(default_factory=frozenset)  # countries of the places in the context
    ocr: str | None = None                # a person's name with OCR digits read as letters
    dob: str | None = None                # (sixteenth round) a date or year of birth written after a person's name
    nationality: str | None = None        # ... and the nationality written after it (ISO2)
    written: str | None = None            # the text without its identifiers (None: the text)
    # a body's other names written in the text (X - Y, X (Y)), each with the acronym written beside it
    # when that is what makes it a name (Libya Africa Investment Portfolio (LAP)), else None
    alternatives: tuple[tuple[str, str | None], ...] = ()
    org_name: str | None = None           # a body's reading (an organisation, or a name of no stated kind)
    org_context: tuple[str, ...] = ()     # ... and what it leaves out

    @property
    def changed(self) -> bool:
        return self.name != self.text or self.imo is not None or self.mmsi is not None

    def place_countries(self, person: bool = True) -> frozenset[str]:
        """The countries of the places read in the context, for a match with a person (``person``)
        or with another entry."""
        if person or self.org_name is None:
            return self.countries
        return frozenset(c for c in (place_country(x) for x in self.org_context) if c)

    def explanation(self, person: bool = True) -> dict:
        """What the query was read as, for the explanation of a match with a person (``person``) or
        with another entry."""
        name, context = (self.name, self.context) if person or self.org_name is None else (self.org_name,
                                                                                            self.org_context)
        out: dict = {"name": name}
        if context:
            out["context"] = list(context)
        if self.imo is not None:
            out["imo"] = self.imo
        if self.mmsi is not None:
            out["mmsi"] = self.mmsi
        if self.place_countries(person):
            out["countries"] = sorted(self.place_countries(person))
        if self.ocr:
            out["ocr_reading"] = self.ocr
        if person and self.dob:
            out["dob"] = self.dob
        if person and self.nationality:
            out["nationality"] = self.nationality
        return out


# legal forms as rigour writes them (Limited = ltd, Company = co ...), for ``_looks_like_body``
_BODY_FORMS = {"limited": "ltd", "company": "co", "corporation": "corp", "incorporated": "inc", "org": "organization"}


def _body_word(word: str) -> bool:
    from .orgwords import word_class

    if any("\u0600" <= ch <= "\u06ff" for ch in word):
        return word_class(word) in ("legal", "kind")
    f = _fold(word).replace(".", "")
    return bool(f) and word_class(_BODY_FORMS.get(f, f)) in ("legal", "kind")


def _looks_like_body(text: str) -> bool:
    """A text of no stated kind that names a body: it holds a legal form or a word that says what
    kind of body it is (orgwords: Ltd, Company, Authority, Brigade, شركة, مجلس)."""
    return any(_body_word(w) for w in re.split(r"[\s,;:()\[\]\"«»“”/]+", text) if w)


def _ar_completes(key: str, word: str) -> bool:
    """A word that completes an Arabic office (an institution, a number, a place) rather than a name."""
    return key in _AR_ROLE_COMPLEMENT or key.isdigit() or place_country(word) is not None


def _arabic_context(text: str, keep: int) -> tuple[str, list[str], list[str]]:
    """An Arabic or Persian person's name without the titles and roles before it and the clause
    about the person after it (see ``_AR_TITLES``, ``_AR_CLAUSE``): (name, context, the words of the
    clause after the name, which may name a place)."""
    words = text.split()
    keys = [normalize_arabic(w).replace("\u200c", "") for w in words]
    dropped: list[str] = []
    k = 0
    # titles and offices before the name, with the words that complete them (head OF THE HOUSE ...)
    while k < len(words) and len(words) - k > keep:
        n = 0
        for p in _AR_TITLE_PHRASES:
            if tuple(keys[k:k + len(p)]) == p:
                n = max(n, len(p))
        if not n and keys[k] in _AR_TITLES:
            n = 1
        if not n and keys[k] in _AR_NAME_TITLES and k + 1 < len(words) and _ar_completes(keys[k + 1], words[k + 1]):
            n = 1
        if not n or len(words) - k - n < keep:
            break
        m = k + n
        if keys[k] not in _AR_KIN:   # son OF: the name follows (نجل القذافي سيف الإسلام)
            while m < len(words) and len(words) - m > keep and (
                    _ar_completes(keys[m], words[m]) or keys[m] in _AR_TITLES):
                m += 1
        dropped.extend(words[k:m])
        k = m
    rest, rkeys = words[k:], keys[k:]
    clause: list[str] = []
    # a clause about the person after at least two words of the name
    for j in range(2, len(rest)):
        if rkeys[j] in _AR_CLAUSE or (rkeys[j] in _AR_CLAUSE_BEFORE_COMPLEMENT and j + 1 < len(rest)
                                      and _ar_completes(rkeys[j + 1], rest[j + 1])):
            clause = rest[j:]
            rest = rest[:j]
            break
    return " ".join(rest), dropped + clause, clause


def _person_context(text: str, keep: int) -> tuple[str, list[str], list[str]]:
    """A person's name without what is written around it (see the module docstring): (name,
    context, the parts of the context that may name a place). At least ``keep`` words of the name
    are left by the titles before it."""
    context: list[str] = []
    places: list[str] = []
    name = text

    def parens(m: re.Match) -> str:
        inner = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
        context.append(inner)
        places.append(inner)
        return " "

    # bracketed text: an affiliation, a place, a role, a spelling (Darren Debono (Malta))
    stripped = _tidy(_PARENS.sub(parens, name))
    if stripped and len(stripped.split()) >= keep:
        name = stripped
    else:
        context.clear()
        places.clear()
    # a nickname in quotes (Abd al-Rahman Milad "Bija", Наталья Стрешинская «Тётя Мотя»)
    quoted: list[str] = []

    def quotes(m: re.Match) -> str:
        quoted.append(next(g for g in m.groups() if g is not None).strip())
        return " "

    stripped = _tidy(_QUOTES.sub(quotes, name))
    if quoted and stripped and len(stripped.split()) >= keep:
        context.extend(quoted)
        name = stripped
    if any("\u0600" <= ch <= "\u06ff" for ch in name):
        core, dropped, clause = _arabic_context(name, keep)
        if core and dropped:
            context.extend(dropped)
            places.extend(clause)
            name = core
        return name, context, places
    # a clause after a comma (Mohamed Koshlaf, capo della Guardia ...; not QADHAFI, Muammar)
    if "," in name:
        head, clause = name.split(",", 1)
        if len(head.split()) >= keep and _comma_clause_is_context(head, clause, text):
            context.append(clause.strip())
            places.append(clause.strip())
            name = head.strip()
    words = _latin_words(name)
    # another name after detto / dit / alias / known as ... (Ahmed Dabbashi detto lo Zio)
    for k in range(max(1, keep), len(words)):
        if _alias_marker_at(words, k):
            context.append(" ".join(words[k:]))
            words = words[:k]
            break
    # titles and ranks before the name (il colonnello, le colonel, Il-Kurunell, Presidente)
    words, dropped = _drop_leading_titles(words, keep)
    context[:0] = dropped
    # (session 16) ... and ranks after it (Benazir Ahmed IGP)
    words, ranks = drop_trailing_ranks(words, keep)
    context.extend(ranks)
    return " ".join(words), context, places


def _org_context(text: str) -> tuple[str, list[str]]:
    """An organisation's name without the place written after it: in brackets at the end (Krakern
    Ltd (Malta), Petropark SRL (Italia)), after a comma at the end (Porticello Restaurant, Malta), or
    after its last legal form (Inovest Ltd Malta): where the company is, not its name."""
    from .orgwords import word_class

    context: list[str] = []
    name = text.strip()
    m = re.search(r"[(\[]([^()\[\]]+)[)\]]\s*$", name)
    if m and place_country(m.group(1)) and name[:m.start()].strip():
        context.append(m.group(1).strip())
        name = name[:m.start()].strip()
    elif "," in name:
        head, tail = name.rsplit(",", 1)
        if head.strip() and place_country(tail):
            context.append(tail.strip())
            name = head.strip()
    words = name.split()
    if len(words) >= 3 and not context:
        # after the last legal form: one or two words that are a place
        last = max((k for k, w in enumerate(words)
                    if word_class(_BODY_FORMS.get(_fold(w).replace(".", ""), _fold(w).replace(".", ""))) == "legal"),
                   default=-1)
        if 1 <= last < len(words) - 1 and len(words) - last - 1 <= 2 and place_country(" ".join(words[last + 1:])):
            context.append(" ".join(words[last + 1:]))
            name = " ".join(words[:last + 1])
    return name, context


_SEGMENT_SPLIT = re.compile(r"\s[-–—]\s|[()\[\]]")


def _is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&.]{1,9}", text.strip()))


@lru_cache(maxsize=20_000)
def acronym_fits(acronym: str, name: str) -> bool:
    """``acronym`` is made of the initials of ``name``'s words, in order, the first one first (LIA =
    Libyan Investment Authority; LAP = Libya Africa [Investment] Portfolio)."""
    letters = [ch for ch in acronym.lower() if ch.isalnum()]
    initials = [_fold(w)[:1] for w in re.split(r"[\s,&/]+", name) if _fold(w)]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    k = 0
    for ch in initials:
        if k < len(letters) and ch == letters[k]:
            k += 1
    return k == len(letters)


def org_alternatives(name: str) -> tuple[tuple[str, str | None], ...]:
    """A body's other names written beside its name, between brackets or around a spaced dash: a
    name spelt out beside its acronym (IMIDRO (Iranian Mines & Mining Industries Development &
    Renovation Org.); LIA - Libyan Investment Authority), a name beside its translation, each of three
    words or more, or two with a word that says it is a body; and a name beside the acronym made of
    its initials (Libya Africa Investment Portfolio (LAP); Libyan Investment Authority - LIA), the name
    alone, for the entries whose name the acronym fits (``acronym_fits``). Other words in brackets
    (Libyan Foreign Bank (Malta branch)) give no reading. Returns (name, acronym or None) pairs."""
    if not _SEGMENT_SPLIT.search(name):
        return ()
    parts = [p for p in (_tidy(p) for p in _SEGMENT_SPLIT.split(name)) if p]
    if len(parts) < 2:
        return ()
    acronyms = [p for p in parts if _is_acronym(p)]
    out: dict[str, str | None] = {}
    for p in parts:
        if p in acronyms or p == name:
            continue
        words = [w for w in p.split() if _fold(w) not in PARTICLES]
        acr = next((a for a in acronyms if acronym_fits(a, p)), None)
        if acr is not None:
            out.setdefault(p, acr)
        elif len(words) >= 3 or (len(words) == 2 and any(_body_word(w) for w in words)):
            out.setdefault(p, None)
    # the head alone (the first part) only beside its acronym: other words beside it are no name
    if len(parts) == 2 and list(out) == [parts[0]] and out[parts[0]] is None:
        return ()
    return tuple(out.items())


# (session 14) The Islamic State's branches as the lists write them: OFAC ISIS-SOMALIA, ISIS-BANGLADESH,
# ISIS-WEST AFRICA, ISIL-YEMEN, ISIL KHORASAN, ISIS IN THE GREATER SAHARA; the press writes the group's
# name out, in its own language (Stato Islamico in Somalia, État islamique en Somalie, Estado Islámico
# en Somalia, Islamischer Staat, Islamic State in Somalia) or as Daesh/Daech. A body's name that opens
# with the group's name and a place is also read as ISIS-<place> and ISIL-<place> (each read as a body's
# other name, query_text.org_alternatives). Source: the lists' own names of the branches (OFAC SDN
# SDGT/FTO entries; UN ISLAMIC STATE IN IRAQ AND THE LEVANT - YEMEN), the group's names in the EU's
# languages (IATE: Stato islamico, État islamique, Estado Islámico, Islamischer Staat)
_ISLAMIC_STATE = re.compile(
    r"^(?:(?:lo|l'|the|el|o|der|die|le)\s+)?(?:stato\s+islamico|etat\s+islamique|estado\s+islamico"
    r"|islamic\s+state|islamischer?\s+staat|daesh|daech|da'esh|isis|isil)"
    r"(?:\s+(?:in\s+the|in\s+der|in|en\s+el|en\s+la|en|nel|nello|nella|of\s+the|of|dans\s+le|dans\s+la|dans|au|"
    r"de\s+la|de|du|del|della|dello|do|da|em|no|na|im)\b|\s*[-–]|(?=\s))\s*(?P<rest>[^\W\d_][\w\s'’-]*)$", re.I)


# ... and in Arabic: الدولة الإسلامية في X, تنظيم الدولة (الإسلامية) في X, داعش X (Hans Wehr; the UN list's
# Arabic names of the group)
_AR_ISLAMIC_STATE = re.compile(r"^(?:الدوله الاسلاميه|تنظيم الدوله(?: الاسلاميه)?|داعش)\s+(?:(?:في|ب)\s+)?(?P<rest>\S.*)$")
#: the forms the lists give the name of a branch of the group (OFAC ISIS-SOMALIA, ISIL-YEMEN, ISLAMIC STATE
#: OF IRAQ AND ASH-SHAM IN LIBYA, ISLAMIC STATE OF IRAQ AND SYRIA - DEMOCRATIC REPUBLIC OF THE CONGO; UN
#: ISLAMIC STATE IN IRAQ AND THE LEVANT - LIBYA, ... IN SOUTH-EAST ASIA, ISLAMIC STATE IN THE GREATER SAHARA)
_BRANCH_FORMS = ("ISIS-{}", "ISIL-{}", "Islamic State in Iraq and the Levant - {}",
                 "Islamic State of Iraq and ash-Sham in {}", "Islamic State in {}")


def islamic_state_alternatives(name: str | None) -> tuple[tuple[str, str | None], ...]:
    """(Session 14) "Stato Islamico in Somalia" -> ("ISIS-Somalia", None), ("ISIL-Somalia", None),
    ("Islamic State in Iraq and the Levant - Somalia", None) ...: the branch of the Islamic State named
    in each of the forms the lists name the branches; () for any other name."""
    if not name:
        return ()
    if any("\u0600" <= ch <= "\u06ff" for ch in name):
        m = _AR_ISLAMIC_STATE.match(" ".join(normalize_arabic(w) for w in name.split()))
    else:
        m = _ISLAMIC_STATE.match(to_ascii(name).strip())
    if not m:
        return ()
    rest = m.group("rest").strip(" -–")
    # (the group's own name, of Iraq and the Levant / al-Sham, is no branch)
    if not rest or len(rest.split()) > 4 or re.match(r"(?:iraq|irak|syria|al[\s-]sham|levant|العراق|الشام)\b",
                                                     rest, re.I):
        return ()
    from .orgwords import translate_org_name

    place = translate_org_name(rest, True) or rest
    if any("\u0600" <= ch <= "\u06ff" for ch in place):
        return ()   # a place the tables do not read in English
    # each for the entries that name the place (alternative_fits): the group's other branches and the
    # group itself share every other word
    return tuple((f.format(place), "@" + place) for f in _BRANCH_FORMS if f.format(place).casefold() != name.casefold())


# the word for the group's province (Yemen Province, Wilayat Sinai) is the lists' or not (ISIL-YEMEN)
_PROVINCE_WORDS = frozenset({"province", "provincia", "wilayat", "wilaya", "wilayah", "vilayet", "of", "the"})


def _place_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[^a-z]+", to_ascii(text).casefold()) if w) - _PROVINCE_WORDS


def alternative_fits(mark: str, name: str) -> bool:
    """(Session 14) Whether a body's other name read from the query (``QueryText.alternatives``) may be
    compared with a listed ``name``: an acronym (``acronym_fits``), or, for a branch named by its place
    ("@Somalia"), a listed name that holds the place's words."""
    if mark.startswith("@"):
        words = _place_words(mark[1:])
        return bool(words) and words <= _place_words(name)
    return acronym_fits(mark, name)


@lru_cache(maxsize=20_000)
def read_query(text: str, schema: str | None = None) -> QueryText:
    """Read a query's text (see the module docstring). ``schema``: Person, Organization, Vessel or
    None (a name of no stated kind: read both as a person's, ``name``, and as a body's, ``org_name``;
    the screening compares each with entries of that kind)."""
    if not text or not isinstance(text, str):
        return QueryText("", "")   # nothing to read (bad input never crashes)
    rest, imo, mmsi = query_identifiers(text)
    if not rest.strip():
        return QueryText(text, "", (), imo, mmsi, written="")
    name, context, places = rest, [], []
    org_name, org_context = None, []
    if schema in (None, "Organization"):
        org_name, org_context = _org_context(rest)
        if not org_name.strip():
            org_name, org_context = rest, []
    dob = nationality = None
    if schema in (None, "Person"):
        # (sixteenth round) a date of birth and nationality after the name: read, used as --dob and
        # --country are for the listed persons, and not scored as the name
        keep = 1 if schema == "Person" else 2
        # (session 14) a place and date of birth written after the name (nato a ... il ..., né à ...)
        person_text, residence = residence_clause(rest, keep)   # (session 14) residente a ...
        person_text, birth_place, birth_dob = birth_place_clause(person_text, keep)
        person_text, dob, nationality = birth_clause(person_text)
        dob = dob or birth_dob
        name, context, places = _person_context(spanish_alias_mark(person_text), keep)
        if not name.strip():
            name, context, places = person_text, [], []
        if birth_place or birth_dob or residence:
            clause = rest[len(person_text):].strip(" ,;:-") if rest.startswith(person_text) else rest
            context.append(clause)
            places.extend(p for p in (birth_place, residence) if p)
        # (session 14) senior / Sr. after the name; an elided Italian preposition written apart
        words, elder = drop_elder_suffix(name.split())
        if elder:
            name = " ".join(words)
            context.extend(elder)
        name = italian_elision_reading(name)
    elif schema == "Organization":
        name, context, places = org_name, org_context, org_context
    countries = frozenset(c for c in (place_country(x) for x in places) if c)
    ocr = ocr_reading(name) if schema in (None, "Person") else None
    alternatives = org_alternatives(org_name) if org_name is not None else ()
    alternatives += islamic_state_alternatives(org_name)   # (session 14) Stato Islamico in Somalia = ISIS-SOMALIA
    return QueryText(text, name, tuple(context), imo, mmsi, countries, ocr, dob=dob, nationality=nationality,
                     written=rest,
                     org_name=org_name if schema is None else None,
                     org_context=tuple(org_context) if schema is None else (), alternatives=alternatives)
