"""(Session 14, eighteenth round) A body's name written in Cyrillic read with its generic words in
English, as the lists write the names of Russian, Ukrainian and Belarusian bodies.

OFAC and the UN write these bodies' names in English translation with the proper word transliterated
(ПАО «Совкомбанк» = SOVCOMBANK OPEN JOINT STOCK COMPANY; Концерн «Белнефтехим» = BELNEFTEKHIM (a
concern); Авиакомпания Хорс = KHORS AIRCOMPANY; Российская финансовая корпорация = RUSSIAN FINANCIAL
CORPORATION; ГП «Керченская морская паромная переправа» = STATE ENTERPRISE KERCH SEA FERRY (CROSSING);
Холдинг охранных структур «Вольф» = 'WOLF' HOLDING OF SECURITY STRUCTURES), while the press and the
registers of those countries write them in Cyrillic. Transliterated (Aviakompaniya Dart), the generic
words meet nothing in the English name and are left unexplained; read in English they are the words
the lists give. ``cyrillic_org_words`` reads the commonest generic words of bodies' names (kinds of
body, legal forms, the adjectives of state, trade and place that OFAC translates) in every case and
gender of the Russian, Ukrainian and Belarusian declension (a stem and the endings of its declension),
and drops the guillemets and quotes around the proper name; the proper words stay in Cyrillic (they are
transliterated by the tokeniser, ``text``). No word of the table names a body.

Sources: the words and their English renderings are OFAC's own translations in the SDN list's
Russian, Ukrainian and Belarusian entries (RUSSIA-EO14024, UKRAINE-EO13660/13685, BELARUS: STATE
UNITARY ENTERPRISE, FEDERAL STATE UNITARY ENTERPRISE, JOINT STOCK COMMERCIAL BANK, SCIENTIFIC RESEARCH
INSTITUTE, DESIGN BUREAU, PLANT, CONCERN, HOLDING, AIRLINES, SEA, SECURITY ...), checked against
Ozhegov's Russian dictionary and the Russian Civil Code's names of the forms of legal persons (arts.
50, 66-123: государственное / муниципальное унитарное предприятие, акционерное общество, публичное
акционерное общество, товарищество, фонд, ассоциация, союз); the Ukrainian forms from the Civil and
Commercial Codes of Ukraine (товариство з обмеженою відповідальністю ТОВ, приватне / публічне
акціонерне товариство ПрАТ / ПАТ, державне підприємство ДП); the Belarusian from the Civil Code of the
Republic of Belarus (адкрытае акцыянернае таварыства ААТ, унітарнае прадпрыемства). The declension
endings are the standard ones (Ozhegov; Wade, A Comprehensive Russian Grammar, 3rd ed., ch. 3-4).
"""

from __future__ import annotations

import re
from functools import lru_cache

_CYR = "а-яёіїєґўА-ЯЁІЇЄҐЎ"
# the endings of an adjective's declension (Russian, Ukrainian, Belarusian: -ый -ий -ой -ая -яя -ое -ее
# -ые -ие -ого -его -ому -ему -ым -им -ом -ем -ую -юю -ых -их -ыми -ими -ей; Ukr. -а -е -і -ої -ій -у;
# Bel. -ы -ае -ая -ага -аму)
_ADJ = r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ых|их|ыми|ими|ей|ій|а|е|і|ої|у|ы|ае|ага|аму|ых)"
# ... and of a noun's (the singular and plural cases of the three declensions)
_NOUN = r"(?:|о|й|а|я|ы|и|і|е|у|ю|ой|ей|ом|ем|ам|ям|ами|ями|ах|ях|ов|ев|ий|ия|ие|ию|ием|ии|іі|ія|ію|ієм|ства|ство|ству|ством|стве)"

#: (stem, endings, English): nouns for kinds of bodies and legal forms, adjectives of state, trade and
#: place, as OFAC translates them (module docstring). Ukrainian and Belarusian stems beside the Russian.
_WORDS: tuple[tuple[str, str, str], ...] = (
    # kinds of bodies
    ("авиакомпани", _NOUN, "airlines"), ("авіакомпані", _NOUN, "airlines"), ("авіякампані", _NOUN, "airlines"),
    ("компани", _NOUN, "company"), ("компані", _NOUN, "company"), ("кампані", _NOUN, "company"),
    ("корпораци", _NOUN, "corporation"), ("корпораці", _NOUN, "corporation"), ("карпарацы", _NOUN, "corporation"),
    ("холдинг", _NOUN, "holding"), ("холдынг", _NOUN, "holding"),
    ("концерн", _NOUN, "concern"), ("канцэрн", _NOUN, "concern"),
    ("банк", _NOUN, "bank"),
    ("завод", _NOUN, "plant"), ("комбинат", _NOUN, "plant"), ("комбінат", _NOUN, "plant"),
    ("фабрик", _NOUN, "factory"),
    ("предприяти", _NOUN, "enterprise"), ("підприємств", _NOUN, "enterprise"), ("прадпрыемств", _NOUN, "enterprise"),
    ("объединени", _NOUN, "association"), ("об'єднанн", _NOUN, "association"), ("ассоциаци", _NOUN, "association"),
    ("асоціаці", _NOUN, "association"),
    ("групп", _NOUN, "group"), ("груп", _NOUN, "group"),
    ("фонд", _NOUN, "fund"), ("институт", _NOUN, "institute"), ("інститут", _NOUN, "institute"),
    ("центр", _NOUN, "center"), ("бюро", "", "bureau"), ("союз", _NOUN, "union"),
    ("агентств", _NOUN, "agency"), ("агенц", _NOUN, "agency"), ("министерств", _NOUN, "ministry"),
    ("міністерств", _NOUN, "ministry"), ("служб", _NOUN, "service"),
    ("верф", _NOUN, "shipyard"), ("судоверф", _NOUN, "shipyard"), ("порт", _NOUN, "port"),
    ("пароходств", _NOUN, "shipping company"), ("переправ", _NOUN, "crossing"), ("структур", _NOUN, "structures"),
    ("торговый дом", "", "trading house"),
    # adjectives of state and ownership
    ("государственн", _ADJ, "state"), ("державн", _ADJ, "state"), ("дзяржаўн", _ADJ, "state"),
    ("федеральн", _ADJ, "federal"), ("унитарн", _ADJ, "unitary"), ("унітарн", _ADJ, "unitary"),
    ("муниципальн", _ADJ, "municipal"), ("акционерн", _ADJ, "joint stock"), ("акціонерн", _ADJ, "joint stock"),
    ("публичн", _ADJ, "public"), ("публічн", _ADJ, "public"), ("частн", _ADJ, "private"), ("приватн", _ADJ, "private"),
    ("открыт", _ADJ, "open"), ("закрыт", _ADJ, "closed"),
    # ... of trade
    ("финансов", _ADJ, "financial"), ("фінансов", _ADJ, "financial"), ("фінансав", _ADJ, "financial"),
    ("коммерческ", _ADJ, "commercial"), ("комерційн", _ADJ, "commercial"),
    ("морск", _ADJ, "sea"), ("морськ", _ADJ, "sea"), ("марск", _ADJ, "sea"),
    ("паромн", _ADJ, "ferry"), ("поромн", _ADJ, "ferry"),
    ("охранн", _ADJ, "security"), ("охоронн", _ADJ, "security"),
    ("научн", _ADJ, "scientific"), ("науков", _ADJ, "scientific"),
    ("исследовательск", _ADJ, "research"), ("дослідн", _ADJ, "research"),
    ("производственн", _ADJ, "production"), ("виробнич", _ADJ, "production"),
    ("конструкторск", _ADJ, "design"), ("инвестиционн", _ADJ, "investment"), ("інвестиційн", _ADJ, "investment"),
    ("торгов", _ADJ, "trading"), ("промышленн", _ADJ, "industrial"), ("промислов", _ADJ, "industrial"),
    ("нефтян", _ADJ, "oil"), ("нафтов", _ADJ, "oil"), ("газов", _ADJ, "gas"),
    ("транспортн", _ADJ, "transport"), ("строительн", _ADJ, "construction"), ("будівельн", _ADJ, "construction"),
    ("военн", _ADJ, "military"), ("оборонн", _ADJ, "defense"), ("международн", _ADJ, "international"),
    ("міжнародн", _ADJ, "international"), ("национальн", _ADJ, "national"), ("національн", _ADJ, "national"),
    ("авиационн", _ADJ, "aviation"), ("авіаційн", _ADJ, "aviation"), ("судостроительн", _ADJ, "shipbuilding"),
    ("судоходн", _ADJ, "shipping"), ("энергетическ", _ADJ, "energy"), ("енергетичн", _ADJ, "energy"),
    # ... of the countries named in these bodies' names
    ("российск", _ADJ, "russian"), ("русск", _ADJ, "russian"), ("російськ", _ADJ, "russian"),
    ("расійск", _ADJ, "russian"), ("белорусск", _ADJ, "belarusian"), ("белорусск", _ADJ, "belarusian"),
    ("беларуск", _ADJ, "belarusian"), ("білоруськ", _ADJ, "belarusian"), ("украинск", _ADJ, "ukrainian"),
    ("українськ", _ADJ, "ukrainian"),
)

#: the abbreviations of the forms (Russian Civil Code; Commercial Code of Ukraine; Civil Code of Belarus)
#: as OFAC writes them out: ГП/ДП state enterprise, ГУП state unitary enterprise, ФГУП federal state
#: unitary enterprise, НИИ scientific research institute, АКБ joint stock commercial bank, КБ/ОКБ design
#: bureau (in a name that holds no bank), ТОВ LLC, ПАТ/ПрАТ public/private JSC, ТД trading house. (ООО, ПАО,
#: АО, ЗАО, ОАО are read by ``orgwords`` already.)
_ABBREVIATIONS = {"гп": "state enterprise", "дп": "state enterprise", "гуп": "state unitary enterprise",
                  "фгуп": "federal state unitary enterprise", "фгбу": "federal state budgetary institution",
                  "нии": "scientific research institute", "акб": "joint stock commercial bank",
                  "окб": "design bureau", "тов": "llc", "пат": "pjsc", "прат": "jsc", "ват": "ojsc", "зат": "cjsc",
                  "аат": "ojsc", "тд": "trading house"}
_KB = "кб"

_WORD_RX = re.compile(
    "|".join(f"(?P<w{k}>(?<![{_CYR}]){re.escape(stem)}{ends}(?![{_CYR}]))" for k, (stem, ends, _) in enumerate(_WORDS)),
    re.I)
_QUOTES = re.compile(r"[«»„“”\"'‚‘’]")
_TOKEN = re.compile(rf"[{_CYR}]+")
#: the English words that say the name is a body's (a kind or a form): a name of no stated kind that
#: holds one is read as a body's (``orgwords.translate_org_name``)
BODY_WORDS = frozenset({"airlines", "company", "corporation", "holding", "concern", "bank", "plant", "factory",
                        "enterprise", "association", "group", "fund", "institute", "bureau", "union", "agency",
                        "ministry", "shipyard", "llc", "pjsc", "jsc", "ojsc", "cjsc"})


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


@lru_cache(maxsize=20_000)
def cyrillic_org_words(text: str) -> tuple[str, bool] | None:
    """``text`` (a name in Cyrillic) with its generic words read in English and its quotes dropped,
    and whether it holds a word that says it is a body's (``BODY_WORDS``); None when no word is read.
    ``Авиакомпания «Дарт»`` -> (``airlines Дарт``, True)."""
    if not text or not is_cyrillic(text):
        return None
    words = [w.casefold() for w in _TOKEN.findall(text)]
    body = False
    n = 0

    def word(m: re.Match) -> str:
        nonlocal body, n
        en = _WORDS[int(m.lastgroup[1:])][2]
        n += 1
        body = body or en.split()[-1] in BODY_WORDS
        return f" {en} "

    new = _WORD_RX.sub(word, text)

    def abbreviation(m: re.Match) -> str:
        nonlocal body, n
        w = m.group(0).casefold()
        en = _ABBREVIATIONS.get(w)
        if en is None and w == _KB and "bank" not in new and "банк" not in words:
            en = "design bureau"
        if en is None:
            return m.group(0)
        n += 1
        body = True
        return en

    # an abbreviation is written in capitals (ГП, НИИ): a word of the same letters in lower case is a word
    new = re.sub(rf"(?<![{_CYR}])[А-ЯЁІЇЄҐЎ][А-ЯЁІЇЄҐЎр]{{1,3}}(?![{_CYR}])", abbreviation, new)   # (ПрАТ)
    if not n:
        return None
    new = " ".join(_PLACE_ADJ.sub(_place, w) for w in _QUOTES.sub(" ", new).split())
    return new, body


#: (eighteenth round) a place's adjective in a body's name is the place's name in the lists' English
#: (Керченская морская паромная переправа = KERCH SEA FERRY; Мурманский морской порт = MURMANSK SEA
#: PORT): the Russian and Ukrainian adjective of a place is the place's name and the suffix -ск- (-ськ-),
#: with -ен- after ч, ж, ш, щ (Керчь -> керченский), and the place's own -ск kept when it has one
#: (Мурманск -> мурманский). Read on a capitalised word the tables do not translate; the word without
#: the suffix's case ending (Мурманск-ий), and without -ен- after a hushing consonant (Керч-енская).
_PLACE_ADJ = re.compile(rf"^(?P<stem>[А-ЯЁІЇЄҐЎ][{_CYR}]{{2,}}?)(?P<en>(?<=[чжшщ])ен)?(?P<sk>сь?к){_ADJ}$")


def _place(m: re.Match) -> str:
    if m.group("en"):
        return m.group("stem")
    return m.group("stem") + m.group("sk")
