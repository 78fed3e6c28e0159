"""Name normalisation for screening: Latin folding, Arabic normalisation, and cutting a name
into parts with sound units for the transliteration model (``phonetic``).

Arabic orthographic normalisation (hamza seats, alef forms, ta marbuta, alef maqsura, tashkeel,
tatweel) follows the usual preprocessing of Arabic IR (Larkey, Ballesteros & Connell 2002,
"Improving stemming for Arabic information retrieval", SIGIR); it is used for comparing Arabic text
with Arabic text. Sound units are read before that folding (ة and ى sound unlike ه and ي).

Name parts: the Arabic article is split off (both readings kept: القذافي -> qadhafi, الياس ->
ilyas), ``عبد ال…``/``Abd al-/Abdul/Abdel…`` and ``أبو``/``Abu/Abou`` become one part with the
next word, filiation words (bin/ibn/bint/ben) and articles (al-, el-, ad-, ash- …) are dropped,
letters and digits are split (BONU5 -> BONU 5) and, in vessel names, a trailing roman numeral is a
number (SPARTA IV -> SPARTA 4). Sources: ALA-LC Arabic romanization rules on the article; OFAC and
UN list usage.

Other scripts: Cyrillic, Greek, Armenian, Georgian and Hangul are romanised by
``rigour.text.translit.maybe_ascii`` (OpenSanctions, MIT); anything else (Han, Kana, Hebrew, Thai
...) by ``anyascii`` (ISC).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .cyrillic import cyrillic_readings, name_systems
from .eastslavic import east_slavic_readings, south_slavic_readings
from .turkish import turkish_final_readings
from .lusophone import lusophone_readings
from .phonetic import U as _UNIT
from .frequency import attested
from .phonetic import arabic_units, fine_key, frequency_key, latin_units
from .ethiopic import split_compound as split_ethiopic
from .somali import somali_name, somali_units
from .xscript import greek_readings, is_greek, silent_final_alef, split_arabic_compound

FINAL_H, H_UNIT = _UNIT["FH"], _UNIT["H"]

try:  # rigour: Rust-backed romanisation of Cyrillic, Greek, Armenian, Georgian, Hangul
    from rigour.text.translit import maybe_ascii as _maybe_ascii
except Exception:  # pragma: no cover - rigour is a declared dependency
    _maybe_ascii = None
try:
    from anyascii import anyascii as _anyascii
except Exception:  # pragma: no cover - anyascii is a declared dependency
    _anyascii = None

# --------------------------------------------------------------------------- Arabic
_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # tashkeel, Quranic marks, tatweel
_AR_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",   # alef with hamza/madda/wasla -> bare alef
    "ة": "ه", "ۀ": "ه", "ە": "ه",                                 # ta marbuta -> ha
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ئ": "ي",             # alef maqsura, Persian yeh, hamza on yeh
    "ؤ": "و",                                                     # hamza on waw
    "ء": "",                                                      # lone hamza
    "ک": "ك", "ڪ": "ك", "گ": "ك",                                 # Persian/Urdu kaf, gaf
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف",                       # Persian letters onto Arabic ones
    # (fourteenth round) Urdu letters onto Arabic ones: gol he, do-chashmi he, he with hamza, bari ye,
    # the retroflex ڑ ٹ ڈ and nun ghunna (Urdu alphabet, ALA-LC Urdu romanization table, 2011)
    "ہ": "ه", "ھ": "ه", "ۂ": "ه", "ے": "ي", "ۓ": "ي", "ڑ": "ر", "ٹ": "ت", "ڈ": "د", "ں": "ن",
    "\u200c": "", "\u200d": "", "\u200f": "", "\u200e": "",       # ZWNJ/ZWJ/direction marks
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "،": " ", "؛": " ", "؟": " ", "ـ": "",
})

def normalize_arabic(text: str) -> str:
    """Orthographic normalisation of Arabic script: drop tashkeel and tatweel, fold the
    alef/hamza forms to bare alef, ta marbuta to ha, alef maqsura and Persian yeh to yeh."""
    text = unicodedata.normalize("NFC", text)
    text = _AR_DIACRITICS.sub("", text)
    return text.translate(_AR_FOLD)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufdff"
               or "\ufe70" <= ch <= "\ufeff" for ch in text)


# --------------------------------------------------------------------------- scripts
def script_of(text: str) -> str:
    """'latin', 'arabic', 'hebrew', 'other' (dominant non-Latin script) or 'none'."""
    counts = {"latin": 0, "arabic": 0, "hebrew": 0, "other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
            counts["latin"] += 1
        elif 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFEFF:
            counts["arabic"] += 1
        elif 0x590 <= o <= 0x5FF:
            counts["hebrew"] += 1
        else:
            counts["other"] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else "none"


def to_ascii(text: str) -> str:
    """Romanise any non-Arabic script to ASCII (rigour first, anyascii for the rest),
    then strip accents."""
    if not text.isascii() and _maybe_ascii is not None:
        text = _maybe_ascii(text)
    if not text.isascii():
        text = _anyascii(text) if _anyascii is not None else text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


# --------------------------------------------------------------------------- tokens
# Particles that carry no identity (Arabic article in its assimilated forms, filiation words,
# Romance/Germanic nobiliary particles). Sources: ALA-LC rules on the article; OFAC/UN list usage.
ARTICLES = {"al", "el"}
# Assimilated forms of the article (ad-Din, as-Sayed, ash-Shami, Zia-ul-Haq): articles only when
# written with a hyphen, because as words they are names too (the Korean family name An).
HYPHEN_ARTICLES = {"ul", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "er", "es", "en", "ud", "ur",
                   "us", "ut", "az", "al", "el"}
_HYPHEN_ART_RE = re.compile(r"\b(?:" + "|".join(sorted(HYPHEN_ARTICLES, key=len, reverse=True)) + r")[-‐]\s*", re.I)
PARTICLES = ARTICLES | {"bin", "ibn", "bint", "binti", "ben", "bn", "b", "ould", "wuld", "walad", "de", "da", "di", "du",
                        "van", "von",
                        "der", "den", "del", "della", "dos", "das", "la", "le", "y", "and", "&", "of", "the"}
_FILIATION = {"bin", "ibn", "bint", "binti", "bn", "b", "ould", "wuld", "walad"}
# Titles and honorifics written before names (dropped when something else remains).
TITLES = {"sheikh", "shaykh", "shaikh", "cheikh", "haji", "hajji", "hadj", "hadji", "mullah", "mulla", "maulana",
          "maulvi", "mawlawi", "moulavi", "qari", "imam", "dr", "doctor", "general", "gen", "colonel", "col",
          "mr", "mrs", "ms", "president", "ayatollah", "hojatoleslam", "sheik", "engineer",
          "eng", "prof", "professor", "captain", "capt", "major", "lieutenant", "brigadier", "marshal",
          # the same titles as other romanisations write them (fifth round: aw/au, ou/u, o/u)
          "mawlana", "moulana", "mowlana", "molana", "maulawi", "mawlavi", "maulavi", "moulvi", "mawlvi", "molvi",
          "mevlana", "shaikh", "cheik", "hajj", "mollah", "molla",
          # (tenth round) al-Hajj with the article glued, as South Asian, Afghan and West African
          # names write it (Alhaj Qari ..., Alhaji, El Hadj written Elhadj)
          "alhaj", "alhajj", "alhaji", "alhadj", "alhadji", "elhaj", "elhadj", "elhadji", "elhajj",
          # (eleventh round) Sheikh as the German press writes it (Duden: Scheich)
          "scheich"}
_AR_TITLES = {"الشيخ", "شيخ", "الحاج", "حاج", "الدكتور", "د", "العقيد", "اللواء", "الفريق", "المشير", "الرئيس",
              "السيد", "الملا", "ملا", "الإمام", "الامام", "العميد",
              # (fourteenth round) Haji in its Persian, Urdu and Pashto spelling (حاجی, folded حاجي), as
              # Afghan and Pakistani names are written (حاجی کوتوال = Haji Kotwal; the Latin TITLES hold haji)
              "حاجي", "الحاجي",
              # (session 15, twentieth round) Mawlawi and Mawlana in Arabic letters (Persian مولوی folds to
              # مولوي), as Afghan and Pakistani names write them (مولوي عنايت الله = INAYATULLAH, Maulawi)
              "مولوي", "المولوي", "مولانا"}
# (tenth round) one spelling for each title (Sheikh = Shaykh = Cheikh = الشيخ ...), for the rule that a
# name written with the same title as the listed name is the listed name (matcher: shared_title)
_TITLE_KIND = {t: "sheikh" for t in ("sheikh", "shaykh", "shaikh", "cheikh", "sheik", "cheik", "scheich", "الشيخ", "شيخ")}
_TITLE_KIND.update({t: "hajj" for t in ("haji", "hajji", "hadj", "hadji", "hajj", "alhaj", "alhajj", "alhaji", "alhadj",
                                         "alhadji", "elhaj", "elhadj", "elhadji", "elhajj", "الحاج", "حاج",
                                         "حاجي", "الحاجي")})
_TITLE_KIND.update({t: "mullah" for t in ("mullah", "mulla", "mollah", "molla", "الملا", "ملا")})
_TITLE_KIND.update({t: "mawlawi" for t in ("maulvi", "mawlawi", "moulavi", "maulawi", "mawlavi", "maulavi", "moulvi",
                                            "mawlvi", "molvi")})
_TITLE_KIND.update({t: "mawlana" for t in ("maulana", "mawlana", "moulana", "mowlana", "molana", "mevlana")})
_TITLE_KIND.update({"qari": "qari", "imam": "imam", "الإمام": "imam", "الامام": "imam"})
# (twentieth round) the Arabic-script spellings of Mawlawi and Mawlana (Persian ی and Arabic ي)
_TITLE_KIND.update({t: "mawlawi" for t in ("مولوي", "مولوی", "المولوي", "المولوی")})
_TITLE_KIND.update({"مولانا": "mawlana", "ayatollah": "ayatollah", "ayatullah": "ayatollah"})


def title_words(name: str) -> frozenset[str]:
    """(Tenth round) The titles of religious standing written in a name (Sheikh, Hajji, Mullah,
    Mawlawi, Mawlana, Qari, Imam; Latin or Arabic), one spelling each; ranks and Dr. are not counted."""
    if not name:
        return frozenset()
    words = _AR_SPLIT_RE.split(unicodedata.normalize("NFC", name).casefold())
    return frozenset(_TITLE_KIND[x] for x in words if x in _TITLE_KIND)


_ABD_RE = re.compile(r"^abd(?:[aeiou]?l|[aeiou])?(?=[a-z]{3,})")
_ABD_WORDS = {"abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdoul", "abdil", "abdi",
              # (tenth round) Abd with the article assimilated to a sun letter, as ALA-LC and the
              # press write it before t, d, r, z, s, sh, n (Abdur Rauf, Abdus Salam, Abdun Nasir,
              # Abdes Salam): Abd al-X as the other spellings
              "abdur", "abdus", "abdush", "abdun", "abdud", "abduz", "abdut", "abder", "abdes", "abdor",
              "abdos", "abdar", "abdas"}
# (thirteenth round) Abdi (عبدی, "my servant") is a given or family name of its own in Persian and
# Somali names (ABDI ASJERD, Abdi Aw, Abdi Mohamed); it is Abd- only before a name of God or one of
# the names Abd- compounds take (Abdi Rahman = Abdirahman = عبد الرحمن: the 99 names as Arabic names
# use them, Hans Wehr s.v. عبد; Abd al-Nabi, Abd al-Husayn, Abd al-Rasul)
_ABDI_BEFORE = frozenset({
    "rahman", "rehman", "rahim", "raheem", "karim", "kareem", "aziz", "qadir", "qader", "kadir", "kader",
    "gadir", "salam", "salaam", "wahab", "wahhab", "latif", "lateef", "majid", "majeed", "hamid", "hameed",
    "razak", "razaq", "razzaq", "razzak", "fatah", "fattah", "nasir", "naser", "nasser", "rashid", "hakim",
    "malik", "jalil", "jabbar", "jabar", "ghani", "hadi", "wahid", "samad", "samed", "ghafur", "ghafoor",
    "ghafar", "ghaffar", "halim", "bari", "basit", "qahar", "qahhar", "hafiz", "jawad", "wadud", "ilah",
    "allah", "allahi", "ullahi", "llahi", "sattar", "nur", "noor", "rauf", "raouf", "shakur", "shakoor",
    "mannan", "mumin", "qayyum", "haq", "haqq", "hayy", "alim", "aleem", "azim", "rab", "rabbo", "rabbih",
    "nabi", "rasul", "rasool", "hussein", "husayn", "hussain", "muttalib", "monem", "moneim", "munim",
    "qawi", "qawiy", "wali", "muhsin", "mohsen", "mahmud", "mahmoud", "rizak", "kafi", "hay", "ali"})
# (tenth round) Abu with the article glued (Abul Abbas, Aboul Fadl, Abol Hassan: Abu al-X, أبو ال...)
_ABU_WORDS = {"abu", "abou", "abo", "abuu", "abul", "aboul", "abol"}
# the five-letter forms of Abd- with two neighbouring letters swapped (Adbul, Abudl: the commonest
# typing slip, as in yente's treated UN names) are still Abd-
_ABD_SWAPPED = {w[:i] + w[i + 1] + w[i] + w[i + 2:] for w in ("abdul", "abdel", "abdal", "abdol", "abdur", "abdus")
                for i in range(len(w) - 1)} - _ABD_WORDS
# Maghrebi filiation written glued to the name that follows (Belmokhtar = Bel Mokhtar, Benhalima,
# Ouldali): the part is also read without it
_GLUED_FILIATION = re.compile(r"^(?:ben|bel|bin|ould)(?=[a-z]{4,}$)")
# the Persian/Urdu izafat between two words, written -e- or -i- (Jaish-e-Mohammed, Lashkar-e-Taiba,
# Tehrik-i-Taliban): a link, not a name part
_IZAFAT = re.compile(r"(?<=[A-Za-z])[-‐]\s*[eiEI]\s*[-‐](?=[A-Za-z])")
_ALLAH = {"allah", "ullah", "ollah", "alla", "ulla", "illah", "allh"}
_SPLIT_RE = re.compile(r"[^\w']+|_")
_AR_SPLIT_RE = re.compile(r"[^\w]+|_")
# letters glued to a number at the end of a word (BONU5, YU7617) are split; digits inside letters
# (Ig0r) are not
_DIGIT_SPLIT = re.compile(r"(?<=[^\W\d_])(?=\d+$)")
# Word boundaries for scripts whose vowel signs are combining marks (Devanagari, Thai ...):
# split on spaces and punctuation only, never inside a word.
_CHUNK_RE = re.compile(r"[\s,;:/()\[\]\"“”«»·・.،\-‐–—]+")
# Number words of vessel names (KUM SONG NO 7, TIAN XIANG NO.16, BONU NR 5; Chinese HAO "number"
# after the number: HONG FENG 1 HAO): not part of the name, the number is
_NUMBER_BEFORE = {"no", "nr", "num", "number", "nro"}
_NUMBER_AFTER = {"hao"}
# Arabic compound names written as one word with the article (Seifulislam, Ziaurrahman, Fazlurrahman,
# Ziaulhaq): X + al/ul/ur/us ... + one of the usual second elements is two name parts, as the lists
# write them (Saif al-Islam, ZIA-UR-RAHMAN). (Fifteenth round) and dam: Gaddafaddam = Qadhaf al-Dam
# (the family name QADHAF AL-DAM; xscript.split_arabic_compound splits the Arabic قذافالدم alike). -uddin, -eddine: _DIN_COMPOUND (tenth round; the third
# round left them glued, and Nasreddine then met no Nasr al-Din)
_COMPOUND = re.compile(r"^([a-z]{3,}?)(?:ul|al|el|ud|ad|ed|ur|ar|us|as|ush|ash|uz|az)"
                       r"(islam|rahman|rehman|haq|haque|hak|zaman|mulk|huda|hoda|nisa|dam)$")
# the same compounds written in two words with the article glued to the first (Ziaur Rahman,
# Mujibur Rahman, Fazlul Haq, Shamsul Islam): the first word without it
_COMPOUND_SECOND = {"islam", "rahman", "rehman", "haq", "haque", "hak", "zaman", "mulk", "huda", "hoda", "nisa"}
_ARTICLE_END = re.compile(r"^([a-z]{3,}?)(?:ul|ur|us|uz)$")
# (tenth round) a compound X al-Din written as one word with the article assimilated to the d
# (ad-Din: Nasreddine, Badreddine, Safieddine, Nasiruddin, Jalaluddin, Najmiddin, Zeineddine): two
# name parts, X and din, as the hyphenated and spaced forms are read (Nasr al-Din, Badr-al-Din,
# Nasir-ud-Din, نصر الدين): with the doubled d of the assimilated article (ALA-LC writes the
# assimilation ad-Din, the press glues it: -eddine, -uddin, -iddin), or with one d after a consonant
# and the article's vowel (Sadudin, Salahudin, Tajideen), its l (Noureldine) or an r doubled in its
# place (Nourredine). Not -odin, -adin or a d straight after a consonant (Borodin, Saladin, Hardin).
# The article (its vowel) belongs to neither part
# (eighteenth round) and the Turkish spelling of the compound, -ettin, -attin, -ittin (final devoicing and
# assimilation: Nurettin = Nureddin, Zeynettin = Zeyneddin; TDK Yazım Kılavuzu; turkish.py)
_DIN_COMPOUND = re.compile(r"^(?:([a-z]{3,}?)(?:[aeiou]|ou)?(?:dd|(?<=[aeiou])tt(?=in$))|([a-z]{2,}?[^aeiou])(?:u|e|i|ou|el|ul|re|ur|er)d)"
                           r"(?:in|ine|een|ien)$")
#: (fifteenth round) X al-Dam glued with one d after a consonant and the article's vowel (Gaddafadam);
#: not after q, k, gh/kh/h: the Persian qadam "step" of Khoshghadam, Pishghadam, Nikqadam is one word
_DAM_COMPOUND = re.compile(r"^([a-z]{3,}[^aeiouqkh])[aeiu]dam$")
_GLUED_ARTICLE_MARK = "\x00"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
          "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20}


@dataclass(frozen=True, slots=True)
class Token:
    """One name part: ``text`` is the folded form (ASCII for Latin/romanised input, normalised
    Arabic for Arabic input), ``units`` its sound units (alternatives: with and without an Arabic
    article; see ``phonetic``), ``skel`` the consonant-class key of each alternative (blocking and
    frequency), ``script`` the script the part was written in, ``orig`` the unromanised part
    (compared directly when both names share that script: 高市 and 高石 romanise alike but differ)."""

    text: str
    skel: tuple[str, ...]
    script: str
    orig: str = ""
    units: tuple[tuple[int, ...], ...] = ()
    fine: str = ""   # Latin parts: consonant and vowel classes (frequency)
    article: bool = False  # written with the Arabic article (al-Tikriti, التكريتي): a nisba or tribal name

    @property
    def is_number(self) -> bool:
        return self.text.isdigit()


def _make(text: str, script: str, units: list[tuple[int, ...]], orig: str = "", article: bool = False
          ) -> Token | None:
    units = [u for u in dict.fromkeys(units) if u]
    if not units:
        return None
    skel = tuple(dict.fromkeys(frequency_key(u) for u in units))
    return Token(text, skel, script, orig, tuple(units), fine_key(units[0]) if script != "arabic" else "", article)


@lru_cache(maxsize=100_000)
def _latin_token(t: str, script: str, orig: str = "", article: bool = False, german: bool = False,
                 korean: bool = False, spanish: bool = False, cyr: str = "", somali: bool = False) -> Token | None:
    if t.isdigit():
        return Token(str(int(t)) if len(t) < 12 else t, (t,), script, orig, (latin_units(t),))  # no fine key
    m = _ABD_RE.match(t)
    if m:
        t = "abd" + t[m.end():]
    alts = [latin_units(t)]
    if alts[0] and alts[0][-1] == FINAL_H:  # Salah: ه (dropped) or ح (a consonant)
        alts.append(alts[0][:-1] + (H_UNIT,))
    if t.startswith("abd") and len(t) > 5:
        alts = [latin_units("abd") + latin_units(t[3:])]
    elif t.startswith("abu") and len(t) > 5:
        alts = [latin_units("abu") + latin_units(t[3:])]
    elif len(t) > 5 and t[:2] in ("al", "el") and t[2] not in "aeiou":  # glued article: Alkuni, Elsenussi
        alts.append(latin_units(t[2:]))
    else:
        m = _GLUED_FILIATION.match(t)
        if m:  # Belmokhtar: also Mokhtar
            # (twenty-first round) what follows the filiation is the father's name: read off only when
            # that is a name of the reference data (Wikidata's given and family names, the lists), not
            # the rest of a name that only begins like one (Benazir, Urdu بے نظیر: azir met WAZIR at 0.9)
            rest = latin_units(t[m.end():])
            if rest and attested(fine_key(rest)):
                alts.append(rest)
    if len(t) >= 7 and t.endswith(_ULLAH):
        # (fourteenth round) Persian, Urdu and Pashto theophoric names write Allah after the Arabic
        # case vowel u (Sanaullah, Habibullah, Hayatullah = ثناءالله, حبيب الله, حیات الله): read also
        # with -allah, as the Arabic spelling is read (the transliteration model meets -ullah at 0.87)
        stem = t[:-len(next(x for x in _ULLAH if t.endswith(x)))]
        alts.append(latin_units(stem + ("llah" if stem.endswith("a") else "allah")))
    if t in _MUHAMMAD_SHORT:
        # (twelfth round) Muhammad abbreviated (Mhd, Mohd, Muhd, Md: Syrian, Malaysian and South
        # Asian usage, as OFAC writes ALCHWIKI, Mhd Amer) is Muhammad: the press writes it out
        alts.append(latin_units("muhammad"))
    alts += [latin_units(v) for v in press_variants(t, german)]
    if spanish and "j" in t:
        # (thirteenth round) the Spanish transcription of Russian writes х as j (Real Academia Española,
        # Ortografía 2010, and Fundéu: Zajárov = Zakharov, Mijaíl = Mikhail, Jotimski = Khotimskiy)
        alts.append(latin_units(t.replace("j", "kh")))
    if cyr:
        # (fourteenth round) a Russian name romanised by another language's system (Hungarian,
        # Dutch and Scandinavian, French, Romanian and Italian, Turkish, Latvian, Ukrainian): the
        # readings in the English letters (cyrillic.py)
        alts += [latin_units(v) for v in cyrillic_readings(t, cyr)]
    if korean:   # (twelfth round) a Korean name in South Korean spelling: the lists' MR / DPRK spelling
        alts += [latin_units(v) for v in korean_readings(t)]
    # (sixth round) th, dh, sh, zh inside a word may be two Arabic letters rather than one: Fethi,
    # Fathi = فتحي (ت ح), Adham = أدهم (د ه), Ishaq = إسحاق (س ح), Azhar = أزهر (ز ه); at the start of
    # a word they are ث ذ ش ژ (Thamer, Dhahir, Sharif, Zhukov). ALA-LC and UNGEGN write a prime (t'h) where the letters are two;
    # the press writes none. The split reading is an alternative (the part is compared by its best)
    split = _DIGRAPH_INSIDE.sub(lambda m: m.group(1) + "|" + m.group(2), t)
    if split != t:
        alts.append(latin_units(split))
    tok = _make(t, script, alts, orig, article)
    # (eighteenth round) a Ukrainian or Belarusian given name or patronymic also read in its Russian form
    # (Volodymyr = Vladimir, Vasylovych = Vasilevich: eastslavic.py), and an Arabic name in Turkish
    # spelling with the voiced final consonant Turkish writes voiceless (Mahmut = Mahmud, Recep = Rajab:
    # turkish.py), on both sides, for comparison only: the part's retrieval keys and frequency stay those
    # of its letters (keys added to every listed Volodymyr and -ovych crowded other entries out of the
    # candidates of common given names: Jevgeni Koljusin ~ KOLYUSHIN, Yevgeny lost its place)
    more = east_slavic_readings(t) + south_slavic_readings(t) + turkish_final_readings(t)
    more += lusophone_readings(t)   # (twentieth round) Momade = Muhammad, Assane = Hassan (lusophone.py)
    if more and tok is not None:
        extra = tuple(u for u in (latin_units(v) for v in more) if u and u not in tok.units)
        if extra:
            tok = Token(tok.text, tok.skel, tok.script, tok.orig, tok.units + extra, tok.fine, tok.article)
    if somali and tok is not None:
        # (seventeenth round) the Somali orthography (somali.py): Cumar, Xasan, Siciid also read as
        # ʿUmar, Ḥasan, Saʿiid, for comparison only: the part's retrieval keys and frequency stay
        # those of its letters (the candidates of other queries do not change)
        so = somali_units(t, _plain_latin_units)
        if so is not None and so not in tok.units:
            tok = Token(tok.text, tok.skel, tok.script, tok.orig, tok.units + (so,), tok.fine, tok.article)
    return tok


@lru_cache(maxsize=50_000)
def _plain_latin_units(t: str) -> tuple[int, ...]:
    """(Seventeenth round) The units of a Latin spelling with an Abd- compound read as
    :func:`_latin_token` reads it (Abdullahi = abd + lahi)."""
    m = _ABD_RE.match(t)
    if m:
        t = "abd" + t[m.end():]
        if len(t) > 5:
            return latin_units("abd") + latin_units(t[3:])
    return latin_units(t)


_DIGRAPH_INSIDE = re.compile(r"(?<=[a-z])([tdsz])(h)")
_ULLAH = ("ullah", "ollah", "ulla", "olla")
#: (twelfth round) abbreviations of Muhammad (also matcher's _MUHAMMAD_ABBREVIATIONS)
_MUHAMMAD_SHORT = frozenset({"mhd", "mohd", "muhd", "md"})


_GH_SOFT = re.compile(r"^gh(?=e)")
_YE_AFTER_VOWEL = re.compile(r"(?<=[aeiou])ye(?=va?$)")
_J_FINAL = re.compile(r"(?<=[eioy])j$")
_YE_INITIAL = re.compile(r"^ye[bcdfgjklmnprstvz]")
# endings of French spellings with a mute e (-dine, -dre, -ide ...); not -he, -le, -de, -ne, which
# are syllables of Chinese pinyin (Jinghe, Chunde) and of Italian names
_FRENCH_MUTE_E = ("ine", "dre", "tre", "ide", "ise", "ice", "ime", "ene", "ane", "oune")


# (tenth round) marks of the German (Duden) romanisation of Russian and other Cyrillic names:
# дж as dsch, ч as tsch, й before a consonant as j (Baltijsk, Majkop), в as w at the end (-ow, -ew,
# -jew: Glasjew)
_DE_MARK = re.compile(r"dsch|tsch|[aeiou]j[bcdfgklmnprstvz]|(?:o|e|i)wa?$"
                      # (eleventh round) sch (ш, ж; the German press also writes Arabic ش so: Haschim,
                      # Scheich), я ю е after a consonant written ja ju je (Vjatkin, Kisljak, Ljagin;
                      # not dj, the French ج), the Ukrainian -енко after a vowel written -jenko
                      # (Kirijenko; not any ije: ASHTIJEH is Persian ج), initial Je- (Jelena, Jegor),
                      # final -ej/-ij (Andrej, Dmitrij)
                      r"|sch|[bcfgklmnprstvz]j[aeiou]|[aeiou]jenko$|^je[bcdfgklmnprstvz]|[^aeiou][ei]j$"
                      # (thirteenth round) final -yj (-ый: Dzmitryj, Dvoinyj; ISO 9, Łacinka, Czech)
                      r"|[^aeiou]yj$"
                      # (twelfth round) в written w before a consonant at the start (Wladimir,
                      # Wsewolod, Wjatscheslaw; not wr, wh: English)
                      r"|^w[bcdfgjklmnpqstvz]")
# (twelfth round) a Russian family name's ending (-in, -yn, -ov, -ev, -sky, -ski, -ko, -uk and their
# feminine forms): with a z in it, the German romanisation's z for ц (Zepkin = Tsepkin, Ptizin =
# Ptitsyn) is read even when no other mark says the name is spelt the German way
_RU_FAMILY_END = re.compile(r"(?:in|yn|ina|yna|ov|ev|ova|eva|ski|sky|skaja|skaya|ko|uk)$")
# (thirteenth round) endings of Russian family names that no Arabic, Spanish or English name has:
# -ov/-ev and feminine -ova/-eva, -sky/-ski/-skiy/-skij and -skaya/-skaja, -kina/-tina, -enko, -aja
# after a consonant (-ая: Jarovaja)
_RU_CONTEXT_END = re.compile(r"(?:ov|ova|ev|eva|sk(?:i|y|iy|ij|aya|aja)|[kt]ina|enko|[bcdfgklmnprstvz]aja)$")
_RU_IN_END = re.compile(r"(?<!s)(?:j|ch)[aiy]n$")
_AV_BEFORE_CONSONANT = re.compile(r"^av(?=[rtg])")
_AW_BEFORE_CONSONANT = re.compile(r"aw(?=[bcdfghjklmnpqrstvxz])")
_DE_S_VOICED = re.compile(r"(?<=[aeiou])s(?=[aeiouj])")
_DE_CH = re.compile(r"(?<![st])ch")
_DE_CH_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])ch(?=[aeiou])")
_DE_SS_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])ss(?=[aeiou])")
_SLAVIC_C = re.compile(r"c(?![hk])")
_DE_SCH_INSIDE = re.compile(r"(?<=[aeiouy])sch(?!tsch)")
_JJ_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])jj(?=[aeiou])")
# (eleventh round) the Italian transliteration of Arabic: sc before e and i, sci before a, o, u and
# a final sc are ش (Ansciori = Anshori, Bascia = Basha, Ayasc = Ayash); gi before a vowel is ج
# (Giundiyah = Jundiyah, Giega = Jega)
_IT_SC = re.compile(r"sci(?=[aou])|sc(?=[ei])|sc$")
_IT_GI = re.compile(r"g?gi(?=[aeou])")


def italian_reading(t: str) -> str | None:
    """(Eleventh round) A Latin part written the Italian way read in the English way of writing
    Arabic: sci before a vowel and sc before e, i or at the end = sh (ش), gi before a vowel = j (ج).
    Source: Italian orthography (sc + e/i and sci + vowel are /ʃ/, gi + vowel is /dʒ/), as the
    Italian press transliterates Arabic names (Bascia, Giundiyah). None when the part has neither."""
    if len(t) < 4:
        return None
    r = _IT_GI.sub("j", _IT_SC.sub("sh", t))
    return r if r != t else None


def german_russian_reading(t: str) -> str | None:
    """(Tenth round) A Latin part read back from the German romanisation of Russian (Duden; DIN
    1460 is the scholarly one) into the English one (BGN/PCGN): dsch = dzh (Dschalolow = Dzhalolov;
    the Central Asian lists write j, which the transliteration model takes as dzh), tsch = ch,
    sch = sh, ch = kh (х: Michail = Mikhail), w = v, s between vowels = z (з: Glasjew = Glazyev),
    j = y (й, and я ю е after a consonant: Baltijsk = Baltiysk). Applied to a part that carries a
    mark of that romanisation (``_DE_MARK``) and, for ch alone between two vowels (Michail), to any
    part; None when the part has neither. An alternative reading: the part is compared by its best.
    The first of :func:`german_russian_readings`."""
    got = german_russian_readings(t)
    return got[0] if got else None


def german_russian_readings(t: str, context: bool = False) -> list[str]:
    """The readings of a Latin part written in the German (Duden) romanisation of Russian, and of
    Arabic names as the German press writes them (one rule since the eleventh round: it also holds
    the older German line of ``press_variants``, sch and w read as sh and v): first the full reading
    (:func:`german_russian_reading`); then, when the part holds a ch that is not part of sch or tsch,
    the same with that ch kept (an English ch for ч in a part otherwise spelt
    the German way: Nemchinow = Nemchinov); and for a part starting with sch, the reading with zh
    (Duden writes ж and ш alike as sch: Schidkow = Zhidkov, Schukow = Zhukov).

    (Eleventh round) The reading applies to a part with a mark of that romanisation (``_DE_MARK``:
    dsch, tsch, sch, й written j before a consonant, final -ow/-ew/-iw, я ю е written ja ju je after
    a consonant, -jenko, initial Je-, final -ej/-ij) and, with ``context``, to every part of a name
    one part of which carries a mark (Jelena Pissareva, Dmitrij Chotimski, Jussuf Haschim: a name is
    romanised one way); it also reads ss between vowels as s (с: Pissareva = Pisareva), which is
    never a mark by itself (French spellings of Arabic names write it: Hassan, Moussa). Without a
    mark or context, only ch alone between two vowels (Michail) is read, as kh."""
    if len(t) < (3 if context else 5):   # (twelfth round) in a German-spelt name, short parts too (Zib, Juri)
        return []
    if not (context or _DE_MARK.search(t)):
        if _DE_CH_BETWEEN_VOWELS.search(t) and "sch" not in t:
            return [_DE_CH_BETWEEN_VOWELS.sub("kh", t)]
        return []
    r = t.replace("schtsch", "\x01").replace("dsch", "\x02").replace("tsch", "\x03").replace("sch", "\x04")
    # (thirteenth round) the Polish transcription of Russian and Belarusian (PWN: szcz = щ, cz = ч, sz = ш)
    # in a name spelt so (Wiktar Szejman = Viktar Sheiman)
    r = r.replace("szcz", "\x01").replace("cz", "\x03").replace("sz", "\x04")
    r = _DE_SS_BETWEEN_VOWELS.sub("\x05", r)
    kept = r
    r = _DE_CH.sub("kh", r)
    out = []
    for x in (r, kept):
        x = _DE_S_VOICED.sub("z", x)
        x = x.replace("w", "v").replace("j", "y")
        # (thirteenth round) c alone is ц in Belarusian Łacinka (Michalcou = Mikhaltsou), in a family
        # name with its ending -оў/-аў written -ou/-au (Łacinka, BGN/PCGN Belarusian); the German
        # romanisation writes z, k, and in Spanish, Serbo-Croatian (ć) and Somali names c is not ц
        if t.endswith(("ou", "au")):
            x = _SLAVIC_C.sub("ts", x)
        x = x.replace("\x01", "shch").replace("\x02", "dzh").replace("\x03", "ch").replace("\x04", "sh")
        x = x.replace("\x05", "s")
        if x != t and x not in out:
            out.append(x)
    if out and t.startswith("sch") and not t.startswith("schtsch"):
        out.append("zh" + out[0][2:])
    elif out and _DE_SCH_INSIDE.search(t):
        # (thirteenth round) and inside a word too (Boschkow = Bozhkov, Duden's sch for ж; the eleventh
        # round read only an initial sch so), one more reading with each such sch read zh
        z = _DE_SCH_INSIDE.sub("zh", t)
        z = (german_russian_readings(z, True) or [z])[0]
        if z not in out:
            out.append(z)
    return out


# (twelfth round) Korean names: the UN and OFAC lists write DPRK names in McCune-Reischauer (MR,
# apostrophes and breves dropped: KO CH'O'L-CHAE = ko chol chae) or the DPRK's own romanisation
# (Ri, Ryu, Rim: the initial r kept), the South Korean press in Revised Romanization (RR, 2000:
# Jo, Jeong, Eun, Geun) or the customary spellings (Park, Lee, Choi, Jung). Family names: the
# customary and RR spellings -> the MR / DPRK ones. Sources: the Revised Romanization of Korean
# (Ministry of Culture and Tourism, ROK, 2000) and McCune-Reischauer (1939) tables; the National
# Institute of Korean Language's table of family-name spellings (2009 survey of customary forms:
# 박 Park, 이 Lee, 최 Choi, 정 Jung/Jeong, 조 Jo/Cho); the DPRK's romanisation (1992, ISO/TR 11941
# North) for 리, 류, 림, 량, 렴, 로 (initial r)
_KO_FAMILY = {
    "park": ("pak",), "bak": ("pak",), "pack": ("pak",),
    "lee": ("ri", "yi"), "rhee": ("ri", "yi"), "yi": ("ri",), "i": ("ri", "yi"), "rhie": ("ri",),
    "jo": ("cho",), "joh": ("cho",),
    "jung": ("chong", "jong"), "jeong": ("chong", "jong"), "chung": ("chong", "jong"), "joung": ("chong", "jong"),
    "choi": ("choe",), "choe": ("choi",),
    "gang": ("kang",), "jang": ("chang",), "gim": ("kim",),
    "lim": ("rim", "im"), "im": ("rim",), "yim": ("rim", "im"),
    "yu": ("ryu",), "yoo": ("ryu", "yu"), "ryoo": ("ryu",),
    "yang": ("ryang",), "no": ("ro",), "noh": ("ro",), "roh": ("ro",), "nho": ("ro",),
    "go": ("ko",), "goh": ("ko",), "gu": ("ku",), "koo": ("ku",), "gwon": ("kwon",), "gwak": ("kwak",),
    "bae": ("pae",), "baek": ("paek",), "paik": ("paek",), "bang": ("pang",), "byeon": ("pyon",),
    "byun": ("pyon",), "bong": ("pong",),
    "jeon": ("chon", "jon"), "jun": ("chon", "jon"), "chun": ("chon",), "cheon": ("chon",),
    "ju": ("chu",), "joo": ("chu", "ju"), "jin": ("chin",), "ji": ("chi",),
    "seo": ("so",), "suh": ("so",), "sung": ("song",), "seong": ("song",), "shin": ("sin",),
    "heo": ("ho",), "huh": ("ho",), "yeom": ("ryom",), "yom": ("ryom",), "gil": ("kil",),
    "tae": ("thae",), "pyo": ("phyo",), "tak": ("thak",), "woo": ("u",), "moon": ("mun",),
    "yoon": ("yun",), "oh": ("o",), "eom": ("om",), "um": ("om",), "sohn": ("son",), "hyun": ("hyon",),
    "gye": ("kye",), "ahn": ("an",), "kang": (), "kim": (), "pak": (), "ri": (), "cho": (), "chong": (),
    "jong": (), "han": (), "hwang": (), "hong": (), "song": (), "kwon": (), "yun": (), "ko": (),
    "mun": (), "so": (), "paek": (), "chang": (), "rim": (), "ryu": (), "o": (), "an": (), "sin": (),
    "thae": (), "ho": (), "min": (), "nam": (), "kye": (), "ryang": (), "ro": (), "chon": (), "chu": (),
}
# one romanised Korean syllable (initial, medial, final), MR or RR or customary
_KO_SYLLABLE = re.compile(r"^(?:kk|tt|pp|ss|jj|ch|sh|ph|th|kh|[gkndtrlmbpsjhc])?[wy]?"
                          r"(?:eui|ae|eo|eu|oe|ui|ee|oo|ou|ea|[aeiou])(?:ng|[knltmpr])?$")


def korean_name(words: list[str]) -> bool:
    """(Twelfth round) Whether the words of a Latin name are a romanised Korean name: a Korean family
    name (``_KO_FAMILY``) first or last, every other word one Korean syllable, and two syllables at
    least besides it (Park Han-se, Jo Il-u, Ko Chol-jae; a hyphen splits the given name)."""
    if not 3 <= len(words) <= 4:
        return False
    for fam, rest in ((words[0], words[1:]), (words[-1], words[:-1])):
        if fam in _KO_FAMILY and all(len(x) <= 5 and _KO_SYLLABLE.match(x) for x in rest):
            return True
    return False


def korean_readings(t: str) -> list[str]:
    """(Twelfth round) The McCune-Reischauer / DPRK readings of one part of a Korean name written in
    Revised Romanization or the customary South Korean way: a family name by its table (Park = Pak,
    Lee = Ri, Jo = Cho, Jung = Chong), a syllable of the given name with RR eo, eu as MR o, u and
    RR's initial g, d, b, j as MR's k, t, p, ch (RR Geun = MR Kun, Jae = Chae, Deok = Tok). An
    alternative reading: the part is compared by its best."""
    out = list(_KO_FAMILY.get(t, ()))
    v = t.replace("eo", "o").replace("eu", "u").replace("ee", "i").replace("oo", "u")
    if v != t and v not in out:
        out.append(v)
    if v[:1] in ("g", "d", "b", "j") and not v.startswith("jj"):
        u = {"g": "k", "d": "t", "b": "p", "j": "ch"}[v[0]] + v[1:]
        if u not in out:
            out.append(u)
    return [x for x in out if x != t]


def press_variants(t: str, german: bool = False) -> list[str]:
    """Other readings of a Latin name part written the Italian, French or German way, kept as
    alternatives (the part is compared by its best reading): Italian ``Ghe-`` is a hard g
    (Gheddafi = Geddafi ~ Gaddafi/Qadhafi, Ghermai; only at the start: inside a word, and before i,
    gh is more often Arabic غ or Chinese/Korean syllables); German and Slavic final ``-ej/-ij/-oj`` is
    -ei/-ii/-oi (Sergej = Sergei, Andrej, Jurij; not initial j, which is j in Korean Jong and
    Arabic Jamal); German ``w`` with ``sch`` or a final -ow/-ew is v (Kowaltschuk = Kovalchuk,
    Patruschew = Patrushev, Umarow: since the eleventh round part of :func:`german_russian_readings`,
    which ``german`` applies to a part of a name spelt the German way); French final mute ``e``
    after a consonant may be left out (Noureddine = Noureddin, Alexandre = Alexandr); Russian е after a vowel in a patronymic or
    family name ending -yev/-yeva written ye or e (Kireyev = Kireev, Deyev = Deev: BGN/PCGN writes
    ye, the passport and ICAO romanisations e), and so at the start of a word (ninth round: Yenisey =
    Enisey). Sources: the German (Duden) romanisation of
    Russian, BGN/PCGN and ICAO Doc 9303 romanisations of Russian, Italian and French press usage
    for Arabic and Slavic names; (eleventh round) the Italian transliteration of Arabic
    (:func:`italian_reading`)."""
    out = []
    if t.startswith("ghe"):
        out.append(_GH_SOFT.sub("g", t))
    if t.startswith(("gue", "gui")) and len(t) >= 5:
        # (seventh round) French gu before e/i is a hard g (Gueddafi = Geddafi, Guellal, Guiga)
        out.append("g" + t[2:])
    if t.endswith("j"):
        v = _J_FINAL.sub("i", t)
        if v != t:
            out.append(v)
    if len(t) >= 6 and t.endswith(_FRENCH_MUTE_E):   # French mute e: Noureddine, Alexandre
        out.append(t[:-1])
    if len(t) >= 7 and t.endswith("andre"):
        # (twelfth round) the French (and Portuguese) form of the Greek names in -andros is -andre, the
        # English and Russian romanised -ander (Alexandre = Alexander, Leandre = Leander): read so,
        # the different-names rule kept them apart (Alexandre Rakitin ~ RAKITIN, Alexander 0.24)
        out.append(t[:-2] + "er")
    elif len(t) == 5 and t.endswith("ine") and t[0] in "aeiou":
        # (eleventh round) and in a five-letter -ine after an initial vowel (Amine = Amin, أمين; the
        # French transcription of Maghrebi names: Amine Majrud ~ MAJRUD, Amin)
        out.append(t[:-1])
    if len(t) >= 4 and _AW_BEFORE_CONSONANT.search(t):
        # (tenth round) Arabic aw (و after a) before a consonant, said o in Levantine and Egyptian
        # Arabic and written so by the press (Awda = Odeh, Jawhar = Johar, Shawkat = Shokat)
        out.append(_AW_BEFORE_CONSONANT.sub("o", t))
    if len(t) >= 6 and t.endswith(("iya", "iia")):
        # (tenth round) Russian -ия written -iya (BGN/PCGN), -iia (ICAO Doc 9303, Ukrainian passports)
        # and -ia (the press): Yuzhmorgeologiya = Yuzhmorgeologia, Anastasiia = Anastasia
        out.append(t[:-3] + "ia")
    if len(t) >= 5 and _AV_BEFORE_CONSONANT.search(t):
        # (tenth round) Latin and Greek au written av in Russian (Аврора), romanised back as av:
        # Avrora = Aurora, Avtomobil = Automobil
        out.append(_AV_BEFORE_CONSONANT.sub("au", t))
    for g in german_russian_readings(t, german):
        if g not in out:
            out.append(g)
        if len(g) >= 6 and _YE_INITIAL.match(g) and g[1:] not in out:
            out.append(g[1:])   # (eleventh round) Jelena = Yelena = Elena: the initial Е as ICAO writes it
    if len(t) >= 3 and "z" in t and "zh" not in t and (german or _DE_MARK.search(t)):
        # (twelfth round) in the German romanisation z is ц (Duden, DIN 1460: Zepkin = Tsepkin, Ptizin =
        # Ptitsyn, Blozki = Blotsky, Zib = Tsyb; з is s): the German reading with each z (tz) read ts
        # (a stand-in letter the reading leaves alone, so that an s read z stays z)
        ph = t.replace("tz", "\x06").replace("z", "\x06")
        for g in german_russian_readings(ph, german) or [ph]:
            g = g.replace("\x06", "ts")
            if g not in out and g != t:
                out.append(g)
    if len(t) >= 5 and _JJ_BETWEEN_VOWELS.search(t):
        # (thirteenth round) Dutch and German spelling write the consonant y as j, so a doubled ي
        # (yy) as jj (Fajjad = Fayyad, Sajjid = Sayyid; Dutch orthography, the German press before
        # DMG); English writes jj for a doubled ج (Hajjar), the name as written stays the first reading
        out.append(_JJ_BETWEEN_VOWELS.sub("yy", t))
    it = italian_reading(t)
    if it is not None and it not in out:
        out.append(it)
    if len(t) >= 5 and "z" in t and "zh" not in t and not german and _RU_FAMILY_END.search(t) \
            and not t.startswith(("al", "el", "abd", "abu")):
        # (twelfth round) a Russian family name spelt the German way with no other mark: z = ц, ts
        # (Oleg Zepkin = TSEPKIN, Roman Ptizin = PTITSYN; Duden transcription of Russian, DIN 1460)
        ts = t.replace("tz", "z").replace("z", "ts")
        if ts not in out:
            out.append(ts)
    if len(t) >= 5 and t.endswith(("yev", "yeva")) and t[-4 if t.endswith("v") else -5] in "aeiou":
        out.append(_YE_AFTER_VOWEL.sub("e", t))   # Russian -е- after a vowel: Kireyev = Kireev, Deyev = Deev
    if len(t) >= 6 and _YE_INITIAL.match(t):
        # (ninth round) Russian initial Е, written ye by BGN/PCGN and the press and e by the passport
        # (ICAO) and scientific romanisations: Yenisey = Enisey, Yevgeny = Evgeny, Yermak = Ermak
        # (six letters or more, a consonant after it and not h: Yemen, Yehia are not Russian)
        out.append(t[1:])
    return out


def _latin_tokens(text: str, script: str, vessel: bool = False, keep_particles: bool = False,
                  marks: str = "") -> list[Token]:
    text = _IZAFAT.sub(" ", text)   # Jaish-e-Mohammed = Jaish-i-Mohammed = Jaish Mohammed
    text = _HYPHEN_ART_RE.sub(lambda m: "al ", text)  # ash-Shami -> al Shami: one way to write the article
    raw = [t.replace("'", "") for t in _SPLIT_RE.split(text.lower()) if t and t.replace("'", "")]
    raw = [x for t in raw for x in _DIGIT_SPLIT.split(t) if x]          # BONU5 -> bonu 5
    if vessel and len(raw) > 2:   # KUM SONG NO 7 = KUM SONG 7; HONG FENG 1 HAO = HONG FENG 1
        raw = [t for k, t in enumerate(raw)
               if not ((t in _NUMBER_BEFORE and k + 1 < len(raw) and raw[k + 1].isdigit() and k > 0)
                       or (t in _NUMBER_AFTER and k > 0 and raw[k - 1].isdigit()))]
    split: list[str] = []
    for k, t in enumerate(raw):   # Seifulislam -> seif islam, Nooruddin -> noor din (not Abdul-/Abu- compounds)
        m = _COMPOUND.match(t) if len(t) >= 7 and not t.startswith(("abd", "abu", "abo")) else None
        d = _DIN_COMPOUND.match(t) if m is None and len(t) >= 7 and not t.startswith(("abd", "abu", "abo")) \
            else None
        if m:
            split += [m.group(1), m.group(2)]
        elif not keep_particles and (eth := split_ethiopic(t)) is not None:
            # (seventeenth round) Gebremedhin -> gebre medhin, Woldekidan -> wolde kidan (ethiopic.py)
            split += list(eth)
        elif d:   # (tenth round) Nasreddine -> nasr din
            split += [d.group(1) or d.group(2), "din"]
        elif len(t) >= 8 and (dm := _DAM_COMPOUND.match(t)):
            # (fifteenth round) Qadhaf al-Dam glued with one d (Gaddafadam, Kadhafadam): as -uddin
            # after a consonant and the article's vowel (_DIN_COMPOUND); the doubled d is _COMPOUND's
            split += [dm.group(1), "dam"]
        elif k + 1 < len(raw) and raw[k + 1] in _COMPOUND_SECOND and _ARTICLE_END.match(t) \
                and not t.startswith(("abd", "abu", "abo")) and t not in _ABD_SWAPPED:
            # Ziaur Rahman, Fazlul Haq: the article glued to the first word, also read without it
            # (an alternative reading: Badur Rehman is a typing slip of Abdur, not Bad)
            split.append(t + _GLUED_ARTICLE_MARK)
        else:
            split.append(t)
    raw = split
    # (tenth round) the Persian suffix -zadeh ("born of") written as a word of its own belongs to the
    # word before it (Fakhri Zadeh = Fakhrizadeh, as the lists write it)
    raw = _glue_suffix(raw, _ZADEH_LATIN)
    # drop particles when there is something else; a leading non-article, non-filiation particle
    # stays (De Gaulle, Van Dyke), a leading article does not (El Sisi)
    after_article = {i for i in range(1, len(raw)) if raw[i - 1] in ARTICLES}
    # (a vessel's name keeps them: MU DU BONG, MARIE DE LOURDES, so that MUDUBONG meets it glued)
    kept = [i for i, t in enumerate(raw)
            if keep_particles or not (len(raw) > 1 and t in PARTICLES
                                      and not (i == 0 and t not in ARTICLES and t not in _FILIATION
                                               and t != "the"))]   # (tenth round) The Islamic ... = Islamic ...
    keep = [raw[i] for i in kept] or raw
    arts = {raw[i] for i in kept if i in after_article}
    # (not in a vessel's name: MARSHAL ZHUKOV, CAPTAIN NIKOLAS are names of ships)
    if len(keep) > 1 and not keep_particles and any(t in TITLES for t in keep) and not all(t in TITLES for t in keep):
        keep = [t for t in keep if t not in TITLES]
    # merge "abd"/"abdul"/"abdel" and "abu"/"abou" with the following part:
    # Abd al-Rahman = Abdulrahman = عبد الرحمن, Abu Bakr = Abubakr = أبو بكر
    merged: list[str] = []
    i = 0
    while i < len(keep):
        t = keep[i]
        if (t in _ABD_WORDS or t in _ABU_WORDS or t in _ABD_SWAPPED) and i + 1 < len(keep) \
                and not keep[i + 1].isdigit() and (t != "abdi" or keep[i + 1] in _ABDI_BEFORE):
            nxt = keep[i + 1]
            if t not in _ABU_WORDS and nxt.startswith("l"):
                # (twelfth round) Abd al-Latif, Abd al-Lah: glued with the article (abdallatif), as
                # Abdullatif is read (abd + latif); glued bare, the l of Latif would be read as the
                # article's (abdlatif -> abd + atif; عبد اللطيف ~ Abd-al-Latif 0.80 before)
                nxt = "al" + nxt
            merged.append(("abu" if t in _ABU_WORDS else "abd") + nxt)
            i += 2
            continue
        if t in _ALLAH and merged and not merged[-1].isdigit():   # Nasr Allah = Nasrallah = نصر الله
            merged[-1] += "allah"
            i += 1
            continue
        merged.append(t)
        i += 1
    if vessel and len(merged) > 1 and merged[-1] in _ROMAN:           # MARIE DE LOURDES V = ... 5
        merged[-1] = str(_ROMAN[merged[-1]])
    # (eleventh round) a name one part of which is spelt the German way (Jelena, Dmitrij, Haschim) is
    # read so as a whole: its other parts too (Pissareva, Chotimski, Jussuf)
    german = len(merged) > 1 and any(len(t) >= 5 and _DE_MARK.search(t) for t in merged)
    # (thirteenth round) a Russian name by its family name's ending (-ov, -ev, -sky, -kina, -aja ...,
    # or -хин written -jin, -chin: Bredijin, Vedjachin) that holds a j or a ch: spelt in a Western
    # European transcription of Cyrillic, read the German
    # (and Czech, Polish) way as a whole (j = й, я ю ё: Julia, Ajub, Jarovaja; ch = х: Chochlova), and,
    # without a German mark, also the Spanish way (j = х: Zajarov, Mijail, Jotimski; RAE / Fundéu)
    spanish = False
    if not german and len(merged) > 1 and not keep_particles \
            and any(len(t) >= 5 and _RU_CONTEXT_END.search(t)
                    or len(t) >= 6 and _RU_IN_END.search(t) for t in merged) \
            and any("j" in t or _DE_CH.search(t) for t in merged):
        german = True
        spanish = any("j" in t for t in merged)
    elif german and len(merged) > 1 and not keep_particles and any("j" in t for t in merged) \
            and any(len(t) >= 5 and _RU_CONTEXT_END.search(t) for t in merged):
        # (fourteenth round) and a Russian name with a German mark made of a j (rj before a vowel:
        # Porjachev) also the Spanish way, j = х (Porjachev = Porkhachev): the marks of the two
        # spellings are alike
        spanish = True
    korean = not keep_particles and korean_name(merged)
    # (fourteenth round) the romanisation systems of Cyrillic the name shows marks of (cyrillic.py)
    cyr = "" if keep_particles or korean or marks == "-" else name_systems(merged, marks)
    # (seventeenth round) a name written in the Somali orthography (somali.py): its parts also read so
    somali = script == "latin" and not keep_particles and not korean and somali_name(merged)
    return [tok for tok in (_glued_article_token(t, script) if t.endswith(_GLUED_ARTICLE_MARK)
                            else _latin_token(t, script, "", t in arts, german, korean, spanish, cyr, somali)
                            for t in merged)
            if tok is not None]


@lru_cache(maxsize=20_000)
def _with_glued_article(tok: Token) -> Token:
    return Token(tok.text, tok.skel, tok.script, tok.orig, tok.units + (latin_units("al" + tok.text),), tok.fine,
                 tok.article)


def query_article_readings(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """(Twelfth round) A query's Latin parts written with the article before a vowel (al-Otaibi,
    al-Amin) also read with the article glued, as OFAC writes some such names (ALOTAIBI, Mubarak
    Mohammed A; the glued article before a consonant is read off the list's side already: Alkuni =
    Kuni). For the query only and for comparison only (the part's retrieval keys stay its own): on
    the listed side, and as a key, al + a vowel would meet every name written in Arabic script with
    the article read with its l (الراوي as l-r-w)."""
    if not any(t.article and t.script != "arabic" for t in tokens):
        return tokens
    return tuple(_with_glued_article(t) if (t.article and t.script != "arabic" and len(t.text) >= 4
                                            and t.text[0] in "aeiou" and not t.text.startswith(("abd", "abu")))
                 else t for t in tokens)


_ZADEH_LATIN = frozenset({"zadeh", "zade", "zada", "zadah"})
_ZADEH_ARABIC = frozenset({"زاده", "زادة", "زاد"})
_POUR_PERSIAN = frozenset({"پور"})


def _glue_suffix(words: list[str], suffixes: frozenset[str]) -> list[str]:
    """(Tenth round) Words with a Persian -zadeh written apart glued to the word before it (زاده,
    Zadeh: Persian compound family names such as Fakhrizadeh, Talebzadeh, written in one word by
    the lists and the Persian orthography with a half-space, often in two by the press)."""
    if len(words) < 3 or not any(w in suffixes for w in words[1:]):
        return words
    out: list[str] = []
    for w in words:
        if w in suffixes and out and not out[-1].isdigit():
            out[-1] += w
        else:
            out.append(w)
    return out


def _glued_article_token(t: str, script: str) -> Token | None:
    """A part written with the article glued to its end before the second word of a compound
    (Ziaur in Ziaur Rahman): read as written and without the article (zia)."""
    t = t[:-len(_GLUED_ARTICLE_MARK)]
    tok = _latin_token(t, script)
    m = _ARTICLE_END.match(t)
    if tok is None or m is None:
        return tok
    bare = _latin_token(m.group(1), script)
    if bare is None:
        return tok
    return _make(t, script, list(tok.units) + list(bare.units))


def _arabic_units(t: str) -> list[tuple[int, ...]]:
    prefix: tuple[int, ...] = ()
    body = t
    if body.startswith("عبد") and len(body) > 4:
        prefix, body = arabic_units("عبد"), body[3:]
    elif body.startswith("ابو") and len(body) > 4:
        prefix, body = arabic_units("ابو"), body[3:]
    if body.startswith("ال") and len(body) > 3:
        return [prefix + arabic_units(body[2:]), prefix + arabic_units(body[1:])]  # al-Qadhafi; Elias = الياس
    return [prefix + arabic_units(body)]


_T_UNIT, _SH_UNIT, _CH_UNIT = _UNIT["T"], _UNIT["SH"], _UNIT["CH"]


def _tsh_as_ch(units: tuple[int, ...]) -> tuple[int, ...]:
    """(Seventeenth round) Arabic units with each ت ش in a row read as the one sound ch."""
    out: list[int] = []
    for u in units:
        if u == _SH_UNIT and out and out[-1] == _T_UNIT:
            out[-1] = _CH_UNIT
        else:
            out.append(u)
    return tuple(out)


_KH_UNIT, _J_UNIT = _UNIT["KH"], _UNIT["J"]
_JOTA_VOWEL_UNITS = frozenset({_UNIT["WU"], _UNIT["YI"]})


def _kha_as_jota(units: tuple[int, ...]) -> tuple[int, ...]:
    """(Session 15, nineteenth round) Arabic units with each خ written before the vowel letters و or ي
    (خو, خي) read as the Spanish jota, J: Arabic writes the Spanish sound x of j (and of g before e, i)
    with خ (خوان Juan, خوسيه José, خواكين Joaquín, خورخي Jorge, خيمينيز Jiménez, راستروخوس Rastrojos), as
    the Arabic Wikipedia's and the Arab press's transcriptions of Spanish names do (Real Academia
    Española, Ortografía 2010, on j /x/; the Arabic Language Academy of Cairo's rules for foreign names
    write the velar fricative with خ). Spanish j stands before a vowel only, so a خ before a consonant
    (خليل Khalil, خضر Khidr) is not read so; nor before alef (خان Khan, خالد Khaled: read as Jan, Juan
    the Khan of خان أريك and of مؤسسة الأغا خان met listed Juans and Jans at review)."""
    out = list(units)
    for k in range(len(out) - 1):
        if out[k] == _KH_UNIT and out[k + 1] in _JOTA_VOWEL_UNITS:
            out[k] = _J_UNIT
    return tuple(out)


_AA_UNIT, _YI_UNIT = _UNIT["AA"], _UNIT["YI"]
_AR_VOWEL_UNITS = frozenset({_UNIT["AA"], _UNIT["WU"], _UNIT["YI"], _UNIT["AM"], _UNIT["TM"], _UNIT["HMZ"],
                             _UNIT["AYN"]})


def _ay_as_english_i(units: tuple[int, ...]) -> tuple[int, ...]:
    """(Session 15, nineteenth round) Arabic units with ا ي written inside a word before two consonants read
    as the one vowel the Latin spelling writes i: Arabic writes the English diphthong /aɪ/ of i with alef
    and ya (تايغر Tiger, مايك Mike, بايدن Biden, رايان Ryan: the Arab press's and Arabic Wikipedia's
    transcriptions of English names; Jones's English Pronouncing Dictionary gives i /aɪ/ in such
    names). Only before two consonants (not at the word's start or end, أيمن Ayman, دبي; not in the nisba
    of a hollow root's participle, الزايدي al-Zayidi, which met ZIDI at alert so), in words of five letters or
    more (the caller), and in a query only, as the jota above."""
    out: list[int] = []
    n = len(units)
    k = 0
    while k < n:
        if units[k] == _AA_UNIT and 0 < k and k + 3 < n and units[k + 1] == _YI_UNIT \
                and units[k + 2] not in _AR_VOWEL_UNITS and units[k + 3] not in _AR_VOWEL_UNITS:
            out.append(_YI_UNIT)
            k += 2
            continue
        out.append(units[k])
        k += 1
    return tuple(out)


#: (twelfth round) letters only Persian writes (Farsi yeh, keheh, pe, che, zhe, gaf; index.PERSIAN_LETTERS)
_PERSIAN_ONLY = frozenset("یکپچژگ")
_Q_UNIT, _GH_UNIT = _UNIT["Q"], _UNIT["GH"]
_PERSIAN_Z = frozenset("ضظذث")
_PERSIAN_Z_UNITS = {_UNIT["D_"]: _UNIT["Z"], _UNIT["Z_"]: _UNIT["Z"], _UNIT["DH"]: _UNIT["Z"], _UNIT["TH"]: _UNIT["S"]}


def _arabic_tokens(text: str, vessel: bool = False, listed: bool = False) -> list[Token]:
    text = unicodedata.normalize("NFC", text)
    text = _AR_DIACRITICS.sub("", text)
    # (twelfth round) a name written in Persian letters: ق is also read as gh, as Persian says it
    # (like غ) and Iranian names are romanised (Ghasem, Haghighat, Bagheri, Sadeghi: the lists'
    # spellings); the transliteration model costs ق ~ gh 0.4 of a consonant otherwise
    persian = any(ch in _PERSIAN_ONLY for ch in text)
    # (twelfth round) the zero-width non-joiner (U+200C, Persian nim-fasele, "half-space") separates
    # letters inside ONE word: Persian orthography writes compound family names with it (یزدان‌پرست,
    # کاشانی‌مهر, صدیق‌آبادی, مصطفی‌نژاد), which the lists romanise as one word (YAZDANPARAST,
    # KASHANIMEHR). Source: the Academy of Persian Language and Literature's orthography (Dastur-e
    # khatt-e farsi, 2003), Unicode Standard ch. 9.2 (ZWNJ in Persian). It is not a word boundary;
    # ZWJ and the direction marks are no letters either
    text = text.replace("\u200c", "").replace("\u200d", "").replace("\u200e", "").replace("\u200f", "")
    raw = [t for t in _AR_SPLIT_RE.split(text) if t]
    raw = [x for t in raw for x in split_arabic_compound(t)]   # (fifteenth round) سيفالاسلام -> سيف الاسلام
    if len(raw) >= 3 and any(normalize_arabic(t) in _ZADEH_ARABIC or t in _POUR_PERSIAN for t in raw[1:]):
        # (tenth round) فخري زاده; (eleventh round) پور ("son of") likewise, in Persian letters only
        # (مدني پور = Madanipour; بور alone is also the Arabic Port, بور سعيد)
        glued: list[str] = []
        for t in raw:
            if (normalize_arabic(t) in _ZADEH_ARABIC or t in _POUR_PERSIAN) and glued:
                glued[-1] += t
            else:
                glued.append(t)
        raw = glued
    if len(raw) > 1 and any(normalize_arabic(t) in _AR_TITLES for t in raw[:-1]):
        raw = [t for k, t in enumerate(raw) if not (k < len(raw) - 1 and normalize_arabic(t) in _AR_TITLES)]
    merged: list[str] = []
    i = 0
    while i < len(raw):
        t = raw[i]
        nt = normalize_arabic(t)
        if nt in ("بن", "ابن", "بنت", "ال", "ولد") and len(raw) > 1 and i < len(raw) - 1:  # bin/ibn/bint, آل, ould
            i += 1
            continue
        if nt == "ال" and i + 1 < len(raw):  # detached article
            i += 1
            continue
        if nt in ("عبد", "ابو") and i + 1 < len(raw):  # عبد الرحمن, أبو بكر -> one part
            merged.append(t + raw[i + 1])
            i += 2
            continue
        if nt == "العبد" and i + 1 < len(raw) and normalize_arabic(raw[i + 1]).startswith("ال"):
            # (seventeenth round) a Gulf family name of the form al-Abd al-X, written with the article
            # before Abd (العبد المحسن, العبد الكريم, العبد الله: OFAC AL-'ABD-AL-MUHSIN, ABDULKARIM): one
            # part, as عبد المحسن is; the lists write it as one word without the first article
            merged.append("عبد" + raw[i + 1])
            i += 2
            continue
        if nt == "الله" and merged:  # نصر الله -> one part (Nasrallah)
            merged[-1] += t
            i += 1
            continue
        merged.append(t)
        i += 1
    out = []
    for t in merged:
        # units are read before orthographic folding (ة and ى sound unlike ه and ي); the text is folded
        raw_t = t.replace("أبو", "ابو", 1) if t.startswith("أبو") else t
        if not normalize_arabic(t):   # a lone hamza (ء) folds to nothing: no part
            continue
        units = _arabic_units(raw_t)
        if silent_final_alef(raw_t):
            # (fifteenth round) the silent alef after the plural ending وا (al-alif al-fāriqa: اعتصموا
            # i'tasimu, Waatasemu; xscript): also read without it
            units = units + _arabic_units(raw_t[:-1])
        if "ائ" in raw_t:
            # (thirteenth round) ئ after an alef is a hamza (a glottal stop on a yāʾ seat), not a yāʾ: the
            # lists write it ' or nothing (ثائر = Thaar, Tha'ir; وائل = Wael): also read as the hamza
            units = units + _arabic_units(raw_t.replace("ائ", "اء"))
        if "ءالله" in raw_t or "ءاللہ" in raw_t:
            # (fourteenth round) a theophoric name in -allah after a word ending in alef + hamza (ثناءالله,
            # عطاءالله, ضیاءالله: Sanaullah, Ataullah, Ziaullah as the lists write them): the hamza is not
            # written in the romanisation (ALA-LC Persian and Urdu tables: final hamza after alef omitted)
            units = units + _arabic_units(raw_t.replace("ءالله", "الله").replace("ءاللہ", "الله"))
        if "تش" in raw_t:
            # (seventeenth round) Arabic writes the foreign sound ch (tʃ) as ت + ش, having no letter for
            # it (تشاد Chad, تشيلي Chile, تشرشل Churchill; Persian writes چ, read as CH already): also
            # read as the one sound, as the Latin spelling of such a name writes it
            units = units + [_tsh_as_ch(x) for x in units if _tsh_as_ch(x) != x]
        if "خ" in raw_t and not persian and not listed:   # (nineteenth round) خو, خي as the Spanish jota (a query's:
            # the lists write Arabic-script names of Arab people only; read so, SHAHIDKHEL's Arabic name met the
            # Tunisian place Sidi Amor Bou Ajela)
            units = units + [j for j in (_kha_as_jota(x) for x in units) if j not in units]
        if "اي" in raw_t and not persian and not listed and len(normalize_arabic(t).removeprefix("ال")) >= 5:
            # (nineteenth round) اي as the English i /aɪ/; not in a word of four letters, the active participle
            # of a hollow root (فاعل: زايد Zayed, فايز Fayez, قايد Qaid; Wright, Grammar, I § 167), which met
            # ZID at alert so
            units = units + [j for j in (_ay_as_english_i(x) for x in units) if j not in units]
        if persian and "ق" in t:
            units = units + [tuple(_GH_UNIT if u == _Q_UNIT else u for u in x) for x in units]
        if persian and any(ch in _PERSIAN_Z for ch in t):
            # (thirteenth round) and ض ظ ذ as z, ث as s, as Persian says them and Iranian names are
            # romanised (مرتضی = Morteza, ذاکر = Zaker, ثابت = Sabet; ALA-LC Persian romanization table,
            # 2012: ض ż, ظ ẓ, ذ z̲, ث s̱); the twelfth round looked them up so (index.arabic_alt_keys), the
            # transliteration model scored them as the Arabic letters (مرتضی ~ Morteza 0.79)
            # (for scoring only: the part's keys stay those of its other readings, which the look-up
            # reads the Persian way already; as keys they moved the candidate pools: رضاقلی اسماعیلی lost
            # ESMAELI, Reza-Gholi)
            z_units = [tuple(_PERSIAN_Z_UNITS.get(u, u) for u in x) for x in units]
            tok = _make(normalize_arabic(t), "arabic", units, "", normalize_arabic(t).startswith("ال"))
            if tok is not None:
                out.append(Token(tok.text, tok.skel, tok.script, tok.orig,
                                 tuple(dict.fromkeys(tok.units + tuple(z_units))), tok.fine, tok.article))
            continue
        tok = _make(normalize_arabic(t), "arabic", units, "", normalize_arabic(t).startswith("ال"))
        if tok is not None:
            out.append(tok)
    return out


@lru_cache(maxsize=100_000)
def tokenize_name(name: str, vessel: bool = False, keep_particles: bool = False, listed: bool = False
                  ) -> tuple[Token, ...]:
    """Split a name into normalised parts with sound units. Never raises; returns () for
    empty or unusable input. ``vessel``: a trailing roman numeral is a number (SPARTA IV = 4), and
    number words (NO, NR, HAO) next to a number are dropped; ``keep_particles``: de, du, la ... are
    name words (a vessel's name)."""
    if not name or not isinstance(name, str):
        return ()
    name = unicodedata.normalize("NFKC", name).strip()
    if not name:
        return ()
    scr = script_of(name)
    if scr == "arabic":
        return tuple(_arabic_tokens(name, vessel, listed))
    if scr in ("other", "hebrew"):
        out: list[Token] = []
        for chunk in _CHUNK_RE.split(name):
            if not chunk:
                continue
            toks = _latin_tokens(to_ascii(chunk), scr, vessel, keep_particles)
            if is_greek(chunk):
                # (fifteenth round) a Greek name also read in the classical transcription (ΖΕΥΣ = ZEUS
                # beside ELOT's ZEVS) and with ELOT's ευ = ef (xscript.greek_readings)
                for reading in greek_readings(chunk):
                    alt = _latin_tokens(reading, scr, vessel, keep_particles)
                    if len(alt) == len(toks):
                        toks = [a if a.units == b.units or a.is_number else _with_readings(a, b)
                                for a, b in zip(toks, alt)]
            if len(toks) == 1:
                toks = [Token(toks[0].text, toks[0].skel, scr, chunk.casefold(), toks[0].units, toks[0].fine,
                              toks[0].article)]
            out.extend(toks)
        return tuple(out)
    ascii_text = to_ascii(name)
    accented = not keep_particles and _CYR_ACCENTED.search(name) is not None
    # (fourteenth round) a name with the letters of a system (ș, ç ...) is read by that system from its
    # respelling below; with the accents merely dropped (Sevcienko) it is read as written only
    # (fourteenth round) ``listed``: a list entry's name, which the lists write in the English
    # (BGN/PCGN) romanisation: the readings of other systems (cyrillic.py) are for queries only
    toks = tuple(_latin_tokens(ascii_text, scr if scr != "none" else "latin", vessel, keep_particles,
                               "-" if (accented or listed) else ""))
    if _CARON.search(name):
        # (thirteenth round) a name written with the háček letters of the scholarly (Czech-based)
        # transliteration of Cyrillic, ISO 9 and the Czech, Slovak and Serbo-Croatian alphabets
        # (Čibis, Ščeglov, Žučkovskij, Tkačjov): each part also read as that transliteration says
        # (see ``_caron_spelling``), beside the name with its accents dropped
        alt = _latin_tokens(to_ascii(_caron_spelling(name)), scr if scr != "none" else "latin", vessel,
                            keep_particles)
        if len(alt) == len(toks):
            toks = tuple(a if a.units == b.units or a.is_number else _with_readings(a, b) for a, b in zip(toks, alt))
    if accented:
        # (fourteenth round) Romanian ș ț (ş ţ), Turkish ç ş, Croatian and Serbian ć đ, Polish ż,
        # Esperanto-like ŝ ĉ of ISO 9: each part also read with those letters spelt the English way
        # (ș = sh, ț = ts, ç ć = ch, đ = dzh, ż = zh, ŝ = shch), and the rest of the name by the system
        # the letters show (cyrillic.py: Romanian ci = ч, Turkish j = ж)
        spelt = _CYR_ACCENTED.sub(lambda m: _CYR_ACCENT_SPELLING[m.group(0).lower()], name)
        marks = "-" if listed else \
            ("r" if _RO_ACCENTED.search(name) else "") + ("t" if _TR_ACCENTED.search(name) else "")
        alt = _latin_tokens(to_ascii(spelt), scr if scr != "none" else "latin", vessel, keep_particles, marks)
        if len(alt) == len(toks):
            toks = tuple(a if a.units == b.units or a.is_number else _with_readings(a, b) for a, b in zip(toks, alt))
    return toks


# (fourteenth round) letters of the Romanian, Turkish, Croatian/Serbian, Polish and ISO 9 spellings of
# Cyrillic names, and their English (BGN/PCGN) letters
_CYR_ACCENT_SPELLING = {"ș": "sh", "ş": "sh", "ț": "ts", "ţ": "ts", "ç": "ch", "ć": "ch", "đ": "dzh", "ż": "zh",
                        "ŝ": "shch", "ĉ": "ch"}
_CYR_ACCENTED = re.compile("[" + "".join(_CYR_ACCENT_SPELLING) + "".join(_CYR_ACCENT_SPELLING).upper() + "]")
_RO_ACCENTED = re.compile("[șțţşȘȚŢŞ]")
_TR_ACCENTED = re.compile("[çşÇŞ]")


# (thirteenth round) č, š, ž (and dž, šč) of the scholarly transliteration of Russian and the other
# Cyrillic languages (ISO 9:1995, its Czech-based forerunner used in Slavic studies), of Czech and
# Slovak transcription of Russian, and of Serbo-Croatian Latin (Gaj's alphabet)
_CARON = re.compile("[čšžČŠŽ]")
_CARON_SPELLING = (("šč", "schtsch"), ("dž", "dsch"), ("č", "tsch"), ("š", "sch"), ("ž", "zh"))


def _caron_spelling(name: str) -> str:
    """(Thirteenth round) A name written with č, š, ž spelt with the German romanisation's letters
    (č = tsch, š = sch, šč = schtsch, dž = dsch; ž = zh, which German cannot tell from š), so that
    :func:`german_russian_readings` reads it as a whole: those letters are its marks, and the rest of
    the scholarly transliteration reads as the German one does: ch = х (kh: Chamčiev = Khamchiev),
    j = й and я ю ё after a consonant (ja, ju, jo: Jarošuk = Yaroshuk, Tkačjov = Tkachyov), final
    -ij, -yj (Dmitrij), c = ц (ts). Sources: ISO 9:1995; the Czech transcription of Russian (Pravidla
    českého pravopisu); Gaj's Latin alphabet (Serbo-Croatian)."""
    out = name
    for a, b in _CARON_SPELLING:
        out = out.replace(a, b).replace(a.upper(), b.capitalize()).replace(a.capitalize(), b.capitalize())
    return out


def _with_readings(tok: Token, other: Token) -> Token:
    """``tok`` with the readings (sound units) of ``other`` added as alternatives."""
    units = tuple(dict.fromkeys(tok.units + other.units))
    # (a part whose own keys are all short is looked up by its letters, index.query_keys: longer keys
    # of the other reading would take that look-up away, so its keys stay its own)
    # ((fourteenth round) the other reading's keys when they are all short too: Şoygu = shoygu, XK)
    skel = tuple(dict.fromkeys(tok.skel + other.skel)) if (any(len(k) >= 3 for k in tok.skel)
                                                           or all(len(k) < 3 for k in other.skel)) else tok.skel
    return Token(tok.text, skel, tok.script, tok.orig, units, tok.fine, tok.article)


def reorder_family_first(name: str) -> tuple[str, int]:
    """'QADHAFI, Muammar' -> ('Muammar QADHAFI', 1): list style 'FAMILY, Given Middle' put in
    reading order, with the number of words of the family name (0 when there was no comma)."""
    if name.count(",") != 1:
        return name, 0
    fam, given = (x.strip() for x in name.split(","))
    if not fam or not given or len(fam.split()) > 4:
        return name, 0
    return f"{given} {fam}", len(fam.split())


_AR_LATIN = {
    "ا": "a", "و": "w", "ي": "y", "ع": "'", "ب": "b", "ت": "t", "ث": "th", "ط": "t", "ج": "j",
    "ح": "h", "خ": "kh", "ه": "h", "د": "d", "ذ": "dh", "ض": "d", "ظ": "z", "ز": "z", "ر": "r",
    "س": "s", "ص": "s", "ش": "sh", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "n": "n", "ن": "n",
}


def arabic_to_latin(token: str) -> str:
    """Letter-by-letter readable romanisation of a normalised Arabic token (display only)."""
    return "".join(_AR_LATIN.get(ch, ch) for ch in token)


def fold(name: str) -> str:
    """Folded comparison form of a whole name: romanised, lower-case, single-spaced."""
    if not name:
        return ""
    if is_arabic(name):
        return " ".join(arabic_to_latin(t) for t in normalize_arabic(name).split())
    return " ".join(t for t in _SPLIT_RE.split(to_ascii(name).lower()) if t)


# (thirteenth round) Chinese names: the Wade-Giles habit of writing a two-syllable given name with a
# hyphen (Mao Tse-tung, Chiang Ching-kuo; Hong Kong and Taiwan passports, ICAO Doc 9303 practice
# there) applied by the press to pinyin (Wang Guo-ying), which the lists and the Chinese GB/T
# 28039-2011 rules for pinyin names write glued (WANG, Guoying: "Hanyu Pinyin rules for Chinese
# names", a given name's syllables written as one word). One pinyin syllable: an initial and a final
# of the Table of the Combination of Initials and Finals (Scheme for the Chinese Phonetic Alphabet,
# 1958).
_PINYIN_SYLLABLE = re.compile(r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                              r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|van|ai|ei|ao|ou|an|en|"
                              r"in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)$")
_HYPHENED = re.compile(r"^([a-z]+)[-‐]([a-z]+)$")


def pinyin_glued_reading(name: str) -> str | None:
    """(Thirteenth round) A Chinese name in pinyin whose given name is written as two syllables
    joined by a hyphen (Wang Guo-ying, Lin Jing-he), read with the syllables glued (Wang Guoying),
    as the lists and the pinyin rules for names write them. Only for a name of two or three words,
    each a pinyin syllable or two syllables joined by one hyphen, with one such hyphenated word; the
    name as written stays the first reading (a Korean name, Ri Yong-ho, the lists write apart).
    None when the name is not so."""
    if not name or "-" not in name and "‐" not in name or not name.isascii():
        return None
    words = name.split()
    if not 2 <= len(words) <= 3:
        return None
    out, glued = [], 0
    for w in words:
        lw = w.lower()
        m = _HYPHENED.match(lw)
        if m and _PINYIN_SYLLABLE.match(m.group(1)) and _PINYIN_SYLLABLE.match(m.group(2)):
            out.append(w.replace("-", "").replace("‐", ""))
            glued += 1
        elif _PINYIN_SYLLABLE.match(lw):
            out.append(w)
        else:
            return None
    return " ".join(out) if glued == 1 else None


# (thirteenth round) a compound written with the zero-width non-joiner (half-space) or glued, which
# the lists romanise as two words (HAJI HOSSEINI, ABDULAHI FARD) or split off as ad-Din (EMADODDIN:
# emad + din): the Academy of Persian Language and Literature's orthography (Dastur-e khatt-e farsi,
# 2003) writes such compounds with the half-space or joined; ALA-LC Persian romanisation writes a
# compound's parts apart or hyphenated, and the lists follow no one way
_AD_DIN_GLUED = re.compile(r"(?<=[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{3})(ال(?:دين|دین))(?=\s|$)")


def persian_split_reading(name: str) -> str | None:
    """(Thirteenth round) A name in Arabic script with its compounds also read apart: the
    zero-width non-joiner as a space (حاجی‌حسینی = حاجی حسینی) and a given name glued to ad-Din
    (عمادالدین = عماد الدین). None when the name has neither (the name as written stays the first
    reading: the twelfth round reads the half-space inside a word)."""
    if not name or not is_arabic(name):
        return None
    out = _AD_DIN_GLUED.sub(r" \1", name.replace("\u200c", " "))
    out = " ".join(out.split())
    return out if out != " ".join(name.split()) else None
