"""Organisation names across languages: the generic words of an organisation's name (what kind of
body it is, the usual adjectives and place names) read in English.

The lists write most organisations in English, some also in French or Arabic (UN: "Groupe
Islamique Armé", "الجماعة الاسلامية المغربية المقاتلة"); analysts and the press write them in
any of the three, or transliterate the Arabic words (Kataib, Jaish, Harakat). A name's *proper*
words (Ansar, Sharia, Tawhid, Qaida, Haramain, Azzam) are compared by sound as before; the
*generic* words below are not names but vocabulary, so they are translated word for word into one
English word, on both sides (the lists' names and the query): ``الجماعة الإسلامية المسلحة`` ->
``group islamic armed``, ``Groupe islamique armé`` -> ``group islamic armed``, ``JAYSH AL-ADL`` ->
``army AL-ADL``. The matcher aligns parts whatever their order, so word for word is enough.

The tables are general vocabulary (kinds of bodies, their usual adjectives, prepositions, and the
countries and regions of the lists' programmes), from the lists' own bilingual names (UN aliases
in French and Arabic beside the English name: الجماعة = GROUP, المسلحة = ARMED, المقاتلة =
COMBATANT, Groupe = GROUP) and ordinary dictionaries; no entry names an organisation.
``fighting`` and ``combatant`` are one word: the lists render the same Arabic word المقاتلة as
COMBATANT (the Moroccan and Tunisian groups) and as FIGHTING (Libyan Islamic Fighting Group).

A name is read this way when it is an organisation's (schema Organization) or, for a name of no
stated kind, when it holds a word that says it is a body (``_AR_TRIGGERS``, ``_FR_TRIGGERS``) or
two words of the tables (Al-Qaïda dans la péninsule arabique; أنصار الشريعة في تونس): a person's
name is left alone. A word before الله is part of a compound name (حزب الله = Hizballah).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import orglexicon, orgvocab, registerabbr
from .cyrillic_orgs import cyrillic_org_words
from .text import normalize_arabic, to_ascii

# --------------------------------------------------------------------------- Arabic -> English
# keys written plainly (normalised like the names: ة -> ه, أ -> ا ...), without the article
_AR = {
    # kinds of bodies
    "جماعة": "group", "حركة": "movement", "جبهة": "front", "جيش": "army", "تنظيم": "organization",
    "منظمة": "organization", "كتائب": "brigades", "كتيبة": "battalion", "لواء": "brigade", "سرايا": "brigades",
    "مؤسسة": "foundation", "شركة": "company", "جمعية": "society", "حزب": "party", "دولة": "state",
    "هيئة": "authority", "مصرف": "bank", "بنك": "bank", "قوات": "forces", "حرس": "guard", "ميليشيا": "militia",
    "مليشيا": "militia", "مجلس": "council", "محفظة": "portfolio", "ولاية": "province", "شبكة": "network",
    "اتحاد": "union", "مكتب": "office", "فرقة": "division", "فيلق": "corps", "رابطة": "league",
    # (sixth round) state bodies and companies: ministry, intelligence service, refinery, holding, emirate
    "وزارة": "ministry", "مخابرات": "intelligence", "استخبارات": "intelligence", "مصفاة": "refinery",
    "مصفى": "refinery", "قابضة": "holding", "إمارة": "emirate",
    # usual adjectives and nouns of their names
    "إسلامية": "islamic", "إسلامي": "islamic", "مسلحة": "armed", "مسلح": "armed", "مقاتلة": "combatant",
    "مقاتل": "combatant", "شعبية": "popular", "شعبي": "popular", "وطنية": "national", "وطني": "national",
    "ثوري": "revolutionary", "ثورية": "revolutionary", "خيرية": "charitable", "خيري": "charitable",
    "ديمقراطية": "democratic", "عربية": "arab", "عربي": "arab", "تحرير": "liberation", "استثمار": "investment",
    "شهداء": "martyrs", "دفاع": "defense", "ثورة": "revolution", "حرة": "free", "حر": "free",
    "شرقية": "eastern", "شرقي": "eastern", "غربية": "western", "غربي": "western", "كبرى": "greater",
    "ليبية": "libyan", "ليبي": "libyan", "تونسية": "tunisian", "تونسي": "tunisian", "مغربية": "moroccan",
    "جزائرية": "algerian", "عراقية": "iraqi", "سورية": "syrian", "إيراني": "iranian", "إيرانية": "iranian",
    "كردستاني": "kurdistan", "فلسطينية": "palestinian",
    # (sixth round) the usual adjectives and nouns of state bodies' and companies' names
    "مركزي": "central", "مركزية": "central", "جمهورية": "republic", "جمهوري": "republic", "بحرية": "navy", "جوية": "air", "جوي": "air", "نقل": "transport",
    "نفط": "oil", "شهيد": "martyr", "أمن": "security", "سوري": "syrian", "لبناني": "lebanese",
    "لبنانية": "lebanese", "فلسطيني": "palestinian", "مصري": "egyptian", "مصرية": "egyptian",
    # (seventh round) more words of state bodies', companies' and media names: general, group,
    # channel (TV), commercial, international, petroleum, military, prison, directorate, aviation,
    # mineral resources, committee, reconstruction, mobilisation, resistance (ordinary dictionaries;
    # the lists' English names: GENERAL PETROLEUM CORPORATION, AL-AQSA TV, COMMERCIAL BANK OF SYRIA,
    # SYRIAN MINISTRY OF PETROLEUM AND MINERAL RESOURCES, SAYDNAYA MILITARY PRISON)
    "عامة": "general", "عام": "general", "مجموعة": "group", "قناة": "tv", "فضائية": "tv", "تلفزيون": "tv",
    "تجاري": "commercial", "تجارية": "commercial", "دولي": "international", "دولية": "international",
    "بترول": "oil", "عسكري": "military", "عسكرية": "military", "سجن": "prison", "شعبة": "directorate",
    "مديرية": "directorate", "إدارة": "directorate", "طيران": "air", "ثروة": "resources", "ثروات": "resources",
    "معدنية": "mineral", "معدني": "mineral", "لجنة": "committee", "إعمار": "reconstruction",
    "تعبئة": "mobilization", "مقاومة": "resistance", "أجنحة": "wings",
    # (eighth round) banks', insurers', shippers', exchanges' and state bodies' words (ordinary
    # dictionaries; the lists' English names: AGRICULTURAL COOPERATIVE BANK, INDUSTRIAL BANK, SAVING
    # BANK, IRAN INSURANCE COMPANY, VALFAJR SHIPPING COMPANY, RASHED EXCHANGE, FOREIGN TRADE BANK,
    # RECONNAISSANCE GENERAL BUREAU, AL-INMAA FOR ENTERTAINMENT AND LEISURE PROJECTS)
    "زراعي": "agricultural", "زراعية": "agricultural", "تعاوني": "cooperative", "تعاونية": "cooperative",
    "صناعي": "industrial", "صناعية": "industrial", "توفير": "saving", "تأمين": "insurance", "تامين": "insurance",
    "ملاحة": "shipping", "صرافة": "exchange", "استطلاع": "reconnaissance", "خارجية": "foreign",
    "خارجي": "foreign", "تجارة": "trade", "ترفيه": "entertainment", "مشاريع": "projects",
    "سياحية": "tourism", "سياحي": "tourism", "أعمال": "works", "كوري": "korean", "كورية": "korean",
    "شمالي": "north", "شمالية": "north",
    # (ninth round) petrochemicals (IRAN PETROCHEMICAL COMMERCIAL COMPANY: شركة إيران للبتروكيماويات التجارية)
    "بتروكيماويات": "petrochemical", "بتروكيماوية": "petrochemical", "بتروكيميائية": "petrochemical",
    "بتروكيميائيات": "petrochemical",
    # (eleventh round) Persian spellings of the kinds of bodies (بانک is Persian for bank; Persian
    # writes ک ی where Arabic writes ك ي, folded alike by normalize_arabic) and Persian words of
    # state bodies' and companies' names (ordinary dictionaries; the lists' English names: SAMAN
    # BANK, TOURISM BANK, FARS NEWS AGENCY, LAW ENFORCEMENT FORCES OF THE ISLAMIC REPUBLIC OF IRAN)
    "بانک": "bank", "سازمان": "organization", "شرکت": "company", "وزارت": "ministry", "بنیاد": "foundation",
    "خبرگزاری": "news agency", "نیروی": "forces", "انتظامی": "law enforcement", "صنایع": "industries",
    "گردشگری": "tourism", "بیمه": "insurance", "کشتیرانی": "shipping",
    # (eleventh round) Arabic words of state bodies', companies' and media names (ordinary
    # dictionaries; the lists' English names: FARS NEWS AGENCY, ISLAMIC REPUBLIC OF IRAN BROADCASTING,
    # SYRIAN COMPANY FOR INFORMATION TECHNOLOGY, MINISTRY OF CULTURE AND ISLAMIC GUIDANCE, ISLAMIC
    # REGIONAL COOPERATION BANK, MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS)
    "وكالة": "agency", "أنباء": "news", "إذاعة": "broadcasting", "تكنولوجيا": "technology",
    "معلومات": "information", "ثقافة": "culture", "إرشاد": "guidance", "تعاون": "cooperation",
    "إقليمي": "regional", "إقليمية": "regional", "إسناد": "logistics",
    # (twelfth round) the words of state bodies', industrial and commercial companies' names as
    # Persian and Arabic speakers write them: translated, not transliterated (Persian پتروشیمی بندر
    # امام is BANDAR IMAM PETROCHEMICAL COMPANY, فولاد مبارکه MOBARAKEH STEEL, سازمان صنایع دریایی
    # MARINE INDUSTRIES ORGANIZATION; Arabic مركز التجارة العراقي IRAQI TRADE CENTER). Sources: the
    # Aryanpur Progressive Persian-English Dictionary and Hans Wehr's Dictionary of Modern Written
    # Arabic (4th ed.) for the meanings; the lists' own English names of such bodies for the English
    # word chosen where a word has several (مرکز: CENTER; هواپیمایی: AIR, as IRAN AIR and MAHAN AIR;
    # إذاعة: BROADCASTING, as ISLAMIC REPUBLIC OF IRAN BROADCASTING). Generic words only: a place
    # (بندر "port" in Bandar Abbas, Bandar Imam) or a word the lists keep as a name (Sepah, Setad as
    # an alias aside) is not translated. Persian first (Persian writes ک ی گ پ, folded like the
    # names by normalize_arabic; a zero-width non-joiner is removed, so سرمایه‌گذاری is one word)
    "گروه": "group", "پتروشیمی": "petrochemical", "فولاد": "steel", "سیمان": "cement", "نفت": "oil",
    "گاز": "gas", "ملی": "national", "مرکز": "center", "توسعه": "development", "صادرات": "export",
    "واردات": "import", "هواپیمایی": "air", "هوایی": "air", "دریایی": "marine", "زندان": "prison",
    "دانشگاه": "university", "کمیته": "committee", "صنعتی": "industrial",
    "تولید": "production", "بازرگانی": "trading", "تجارت": "trade", "مهندسی": "engineering",
    "ساختمان": "construction", "تحقیقات": "research", "پژوهشگاه": "research", "فناوری": "technology",
    "تکنولوژی": "technology", "الکترونیک": "electronics", "انرژی": "energy", "اتمی": "atomic",
    "هسته‌ای": "nuclear", "معدن": "mining", "معدنی": "mining", "فلزات": "metals", "سرمایه‌گذاری": "investment",
    "اعتبار": "credit", "اعتباری": "credit", "تعاونی": "cooperative", "صرافی": "exchange", "امداد": "relief",
    "خیریه": "charity", "عمومی": "general", "دولتی": "state", "ستاد": "headquarters", "قرارگاه": "headquarters",
    "هلدینگ": "holding", "بین‌المللی": "international", "خدمات": "services", "رادیو": "broadcasting",
    "تلویزیون": "tv", "خبری": "news", "آژانس": "agency", "انجمن": "society", "شورای": "council",
    "شورا": "council", "دفتر": "office", "صندوق": "fund", "موشکی": "missile", "دفاعی": "defense",
    "هوافضا": "aerospace", "شیمیایی": "chemical", "داروسازی": "pharmaceutical", "کارخانه": "factory",
    "فضای مجازی": "cyberspace", "ایر": "air",
    # ... adjectives and compounds: نفتی (oil, of oil), هواپیماسازی (aircraft manufacturing, as IRAN
    # AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY), کشتی‌سازی (shipbuilding), and two words written
    # apart: سرمایه گذاری (investment), حمل و نقل (transport)
    "نفتی": "oil", "هواپیماسازی": "aircraft manufacturing", "کشتی‌سازی": "shipbuilding",
    "سرمایه گذاری": "investment", "حمل و نقل": "transport",
    # (thirteenth round) more Persian words of industrial and financial bodies' names (the Aryanpur
    # Progressive Persian-English Dictionary; the lists' English names: PASARGAD STEEL COMPLEX,
    # ESFAHAN STEEL COMPANY (ذوب آهن اصفهان, "iron smelting": the Persian word for a steelworks),
    # IRAN TIRE MANUFACTURING COMPANY, ANSAR BANK BROKERAGE COMPANY, ISLAMIC REVOLUTION MOSTAZAFAN
    # FOUNDATION): complex, iron, steel (ذوب آهن written apart), tire, brokerage, revolution
    "مجتمع": "complex", "آهن": "iron", "ذوب آهن": "steel", "ذوب‌آهن": "steel", "تایر": "tire",
    "لاستیک": "tire", "کارگزاری": "brokerage", "انقلاب": "revolution",
    # (fourteenth round) more Persian words of companies' names (the Aryanpur Progressive Persian-English
    # Dictionary; the lists' English names: RAHBARAN OMID DARYA SHIP MANAGEMENT CO., GHAED BASSIR
    # PETROCHEMICAL PRODUCTS COMPANY, MEHR EQTESAD FINANCIAL GROUP, HOOPAD DARYA SHIPPING AGENCY SERVICES,
    # MAHAB GHODSS CONSULTING ENGINEERING, NEW ANSARI MONEY EXCHANGE): management, products, financial,
    # agency (representation), consulting, engineers (the firm's word: engineering), new, ship (in a
    # company's name: a ship's own name after کشتی is read by the vessel rules, drop_vessel_type_words)
    "مدیریت": "management", "محصولات": "products", "مالی": "financial", "نمایندگی": "agency",
    "مشاور": "consulting", "مهندسین": "engineering", "جدید": "new", "کشتی": "ship",
    # ... and Arabic
    "مركز": "center", "عراقي": "iraqi", "إغاثة": "relief", "أفريقية": "african", "أفريقي": "african",
    "إفريقية": "african", "إفريقي": "african", "سياحة": "tourism", "دينية": "religious", "ديني": "religious",
    "هندسة": "engineering", "هندسية": "engineering", "مقاولات": "contracting", "رعاية": "welfare",
    "اجتماعية": "social", "اجتماعي": "social", "تسليف": "credit", "ائتمان": "credit", "إمداد": "supply",
    "غاز": "gas", "معادن": "metals", "حديد": "iron", "إسمنت": "cement", "أسمنت": "cement", "صناعات": "industries",
    "صناعة": "industry", "تنمية": "development", "تطوير": "development", "تصدير": "export", "استيراد": "import",
    "طاقة": "energy", "ذرية": "atomic", "تقنية": "technology", "تقنيات": "technology", "خدمات": "services",
    "بحري": "marine", "موانئ": "ports", "إنتاج": "production", "تصنيع": "manufacturing", "كيماويات": "chemical",
    "كيميائية": "chemical", "إلكترونيات": "electronics", "اتصالات": "telecommunications", "بحوث": "research",
    "أبحاث": "research", "جامعة": "university", "إعلام": "media", "تمويل": "finance", "قومي": "national",
    "قومية": "national", "مشروع": "project", "عمال": "workers", "مساهمة": "contribution",
    # (thirteenth round) world, worldwide: international (Hans Wehr: عالمي "world-wide, international";
    # AL-MUSTAFA INTERNATIONAL UNIVERSITY, جامعة المصطفى العالمية); complex (مجمع, مجمّع); brokerage (وساطة)
    "عالمي": "international", "عالمية": "international", "مجمع": "complex", "وساطة": "brokerage",
    # "X and his brothers", the Arabic form of a family firm's name (X & Brothers, X & Bros.)
    "إخوانه": "brothers", "كردي": "kurdish", "كردية": "kurdish",
    # English legal forms spelt letter by letter in Arabic script (بي إل سي = PLC, إل إل سي = LLC)
    "بي إل سي": "plc", "إل إل سي": "llc",
    # (fourteenth round) the Arab countries' own legal forms, abbreviated with full stops or written out:
    # ذ.م.م (ذات مسؤولية محدودة, limited liability: the UAE's, Qatar's, Bahrain's, Jordan's LLC), ش.م.م and
    # ش.ذ.م.م (the same, Lebanon, Syria, Oman), ش.م.ل (société anonyme libanaise, S.A.L.), ش.م.ع (public
    # joint stock company, PJSC), ش.م.خ (private joint stock company); المحدودة (limited). Sources:
    # UAE Federal Decree-Law 32/2021 on Commercial Companies, the Lebanese Code of Commerce (arts. 77-78),
    # ISO 20275 ELF code list (local abbreviations)
    "ذ.م.م": "llc", "ذ.م.م.": "llc", "ذ م م": "llc", "ش.م.م": "llc", "ش.م.م.": "llc", "ش م م": "llc",
    "ش.ذ.م.م": "llc", "ذات مسؤولية محدودة": "llc", "ذات المسؤولية المحدودة": "llc", "ش.م.ل": "sal", "ش.م.ل.": "sal",
    "ش م ل": "sal", "ش.م.ع": "pjsc", "ش.م.ع.": "pjsc", "ش م ع": "pjsc", "ش.م.خ": "cjsc", "ش.م.خ.": "cjsc",
    "ش م خ": "cjsc", "محدودة": "ltd",
    # prepositions
    "في": "in",
    # countries and regions of the programmes
    "ليبيا": "libya", "تونس": "tunisia", "عراق": "iraq", "يمن": "yemen", "سوريا": "syria", "سيناء": "sinai",
    "صومال": "somalia", "مصر": "egypt", "فلسطين": "palestine", "لبنان": "lebanon", "جزائر": "algeria",
    "مغرب": "maghreb", "أفريقيا": "africa", "إفريقيا": "africa", "ساحل": "sahel", "صحراء": "sahara",
    "غرب": "west", "شرق": "east", "الشرق الأوسط": "middle east", "شرق أوسط": "middle east", "جزيرة": "peninsula", "إيران": "iran", "كردستان": "kurdistan",
    "قوقاز": "caucasus",
}
# words left out: the conjunction and the prepositions that only link (و "and", من "of", ل "for")
_AR_DROP = {"و", "من", "ل", "عن", "على"} | {normalize_arabic(x) for x in orglexicon.ARABIC_DROP}
# (twelfth round) Imam before a name is a title, which the tokeniser drops from the lists' Latin
# names (text.TITLES: IMAM HOSSEIN UNIVERSITY is read hossein university); Persian writes it without
# the article (دانشگاه امام حسین, پتروشیمی بندر امام), which text._AR_TITLES does not drop: dropped
# here too when a word follows it or it follows a proper word (not a name of one word)
_AR_TITLE_WORDS = {normalize_arabic(x) for x in ("امام", "إمام")}
# (fifteenth round) more languages' generic words (orglexicon), where no earlier round wrote the word
_AR_KEYS = {normalize_arabic(x) for x in _AR}   # (built once, not for each word: review of session 13)
_AR.update({k: v for k, v in orglexicon.ARABIC_WORDS.items() if normalize_arabic(k) not in _AR_KEYS})
_AR_KEYS = {normalize_arabic(x) for x in _AR}   # (session 14, eighteenth round: orgvocab)
_AR.update({k: v for k, v in orgvocab.ARABIC_WORDS.items() if normalize_arabic(k) not in _AR_KEYS})
# (session 15, nineteenth round) the commonest generic words of the listed organisations' names not read
# before (orgvocab.ARABIC_WORDS_19); the vocabulary (ORG_VOCABULARY) stays the one of before
_AR_VALUES_18 = frozenset(_AR.values())
_AR_KEYS = {normalize_arabic(x) for x in _AR}
_AR.update({k: v for k, v in orgvocab.ARABIC_WORDS_19.items() if normalize_arabic(k) not in _AR_KEYS})
_AR_KEYS = {normalize_arabic(x) for x in _AR}
# (session 16, twenty-first round) the commonest ordinary content words of the listed organisations' names
# (orgvocab.ARABIC_WORDS_21), read on the query and outside the vocabulary as ARABIC_WORDS_19's
_AR.update({k: v for k, v in orgvocab.ARABIC_WORDS_21.items() if normalize_arabic(k) not in _AR_KEYS})
_AR_KEYS = {normalize_arabic(x) for x in _AR}
_AR_NUMBER_KEYS = {normalize_arabic(k) for k in orgvocab.NUMBER_WORDS_PERSIAN} - _AR_KEYS
_AR.update({k: v for k, v in orgvocab.NUMBER_WORDS_PERSIAN.items() if normalize_arabic(k) not in _AR_KEYS})
_AR_TABLE = {normalize_arabic(k).replace(" ", ""): v for k, v in _AR.items()}
# (twelfth round) words of the table written as two words (فضای مجازی "cyberspace", بین المللی
# "international" written apart): glued before the look-up
_AR_GLUE = frozenset(tuple(normalize_arabic(x) for x in k.split()) for k in list(_AR) + ["بین المللی"]
                     if len(k.split()) in (2, 3))
_AR_TRIGGERS = {normalize_arabic(k) for k in (
    "جماعة", "حركة", "جبهة", "جيش", "تنظيم", "منظمة", "كتائب", "كتيبة", "لواء", "سرايا", "مؤسسة", "شركة",
    "جمعية", "حزب", "دولة", "هيئة", "مصرف", "بنك", "قوات", "حرس", "ميليشيا", "مليشيا", "مجلس", "محفظة",
    "ولاية", "شبكة", "اتحاد", "فرقة", "فيلق", "رابطة", "وزارة", "مخابرات", "استخبارات", "مصفاة", "إمارة",
    # (seventh round) a group, a channel, a prison, a directorate, a committee
    "مجموعة", "قناة", "فضائية", "تلفزيون", "سجن", "شعبة", "مديرية", "لجنة",
    # (eighth round) an exchange house
    "صرافة",
    # (eleventh round) Persian: bank, organisation, company, ministry, foundation, news agency; an agency
    "بانک", "سازمان", "شرکت", "وزارت", "بنیاد", "خبرگزاری", "وكالة",
    # (twelfth round) a group, a petrochemical company, a steel or cement maker, a prison, a
    # university, a centre, a committee, headquarters, an airline, industries (Persian); an airline,
    # a centre (Arabic)
    "گروه", "پتروشیمی", "فولاد", "سیمان", "زندان", "دانشگاه", "مرکز", "کمیته", "ستاد", "قرارگاه",
    "هواپیمایی", "صنایع", "طيران", "مركز", "مشروع",
    # (thirteenth round) an industrial complex, a steelworks, an exchange house, a brokerage, a shipping
    # line (کشتیرانی, as the Islamic Republic of Iran Shipping Lines' Persian name); a university, a
    # complex (Arabic)
    "کشتیرانی", "مجتمع", "ذوب‌آهن", "صرافی", "کارگزاری", "جامعة", "مجمع")} \
    | {normalize_arabic(k) for k in orglexicon.ARABIC_TRIGGERS}   # (fifteenth round) سلطة
# (session 15, twentieth round) a holding company (القابضة, قابضة: "holding", Hans Wehr; the table reads it
# HOLDING, the lists' word, in 126 primary SDN names: HOLDING, HOLDINGS): نور القابضة without شركة
# before it is a company's name as NOUR HOLDING SAL is, not a given name and a word
_AR_TRIGGERS |= {normalize_arabic(k) for k in ("القابضة", "قابضة")}

# --------------------------------------------------------------------------- French -> English
# (accents stripped: armée and armé are armee and arme)
_FR = {
    "groupe": "group", "mouvement": "movement", "armee": "army", "etat": "state", "fondation": "foundation",
    "organisation": "organization", "bataillon": "battalion", "societe": "society", "parti": "party",
    "banque": "bank", "garde": "guard", "conseil": "council", "reseau": "network", "compagnie": "company",
    "islamique": "islamic", "islamiste": "islamic", "arme": "armed", "armes": "armed", "combattant": "combatant",
    "combattante": "combatant", "combattants": "combatant", "populaire": "popular", "democratique": "democratic",
    "democratiques": "democratic", "nationale": "national", "revolutionnaire": "revolutionary", "libre": "free",
    "arabe": "arab", "arabique": "arabian", "allies": "allied", "alliees": "allied", "seigneur": "lord",
    "peninsule": "peninsula", "grand": "greater", "ouest": "west",
    "dans": "in", "en": "in", "au": "in", "aux": "in", "pour": "for", "et": "and",
    "libye": "libya", "tunisie": "tunisia", "irak": "iraq", "syrie": "syria", "egypte": "egypt",
    "algerie": "algeria", "maroc": "morocco", "afrique": "africa", "somalie": "somalia", "liban": "lebanon",
    # (sixth round) state bodies: ministère iranien du Renseignement, Emirat du Caucase
    "ministere": "ministry", "renseignement": "intelligence", "renseignements": "intelligence",
    "emirat": "emirate", "raffinerie": "refinery", "iranien": "iranian", "iranienne": "iranian",
    "syrien": "syrian", "syrienne": "syrian", "libanais": "lebanese", "libanaise": "lebanese",
    "libyen": "libyan", "libyenne": "libyan", "caucase": "caucasus", "centrale": "central",
    "algerien": "algerian", "algerienne": "algerian", "tunisien": "tunisian", "tunisienne": "tunisian",
    "marocain": "moroccan", "marocaine": "moroccan", "irakien": "iraqi", "irakienne": "iraqi",
    "egyptien": "egyptian", "egyptienne": "egyptian", "palestinien": "palestinian", "palestinienne": "palestinian",
    "yemenite": "yemeni", "somalien": "somali", "somalienne": "somali",
    "securite": "security",
    # (seventh round) company, oil, general, commercial, TV and military words; "société" is a company
    # in a company's name (Société nationale iranienne du pétrole), as "compagnie"
    "societe": "company", "petrole": "oil", "petroliere": "oil", "petrolier": "oil", "generale": "general",
    "general": "general", "commerciale": "commercial", "internationale": "international", "chaine": "tv",
    "television": "tv", "militaire": "military", "republique": "republic", "republicaine": "republic",
    "aviation": "air",
    # (eighth round) air defence, plural adjectives (Forces de défense aérienne syriennes)
    "defense": "defense", "aerienne": "air", "aerien": "air", "syriennes": "syrian", "syriens": "syrian",
    "arabes": "arab", "industrielle": "industrial", "industriel": "industrial", "agricole": "agricultural",
    "assurance": "insurance", "assurances": "insurance", "epargne": "saving",
}
# (twelfth round) German and Dutch: Stiftung, Stichting (foundation; STICHTING AL-AQSA, Al-Aqsa
# Stiftung), Verein, Vereniging (association), Gesellschaft (company), Gruppe (group); Duden and Van
# Dale dictionaries
_FR.update({"stiftung": "foundation", "stichting": "foundation", "verein": "association",
            "vereniging": "association", "gesellschaft": "company", "gruppe": "group"})
# (seventh round) Italian: the same words as the press writes them (Banca centrale siriana)
_IT = {
    "banca": "bank", "centrale": "central", "nazionale": "national", "compagnia": "company", "societa": "company",
    "petrolio": "oil", "petrolifera": "oil", "ministero": "ministry", "gruppo": "group", "esercito": "army",
    "fondazione": "foundation", "commerciale": "commercial", "generale": "general", "islamica": "islamic",
    "islamico": "islamic", "repubblica": "republic", "guardia": "guard", "rivoluzionaria": "revolutionary",
    "rivoluzionario": "revolutionary", "internazionale": "international", "militare": "military",
    "prigione": "prison", "carcere": "prison", "stato": "state", "fronte": "front", "brigata": "brigade",
    "brigate": "brigades", "popolare": "popular", "araba": "arab", "arabo": "arab", "libero": "free",
    "siriana": "syrian", "siriano": "syrian", "iraniana": "iranian", "iraniano": "iranian", "libica": "libyan",
    "libico": "libyan", "libanese": "lebanese", "irachena": "iraqi", "iracheno": "iraqi", "egiziana": "egyptian",
    "egiziano": "egyptian", "tunisina": "tunisian", "tunisino": "tunisian", "palestinese": "palestinian",
    "libia": "libya", "siria": "syria", "iraq": "iraq", "libano": "lebanon", "egitto": "egypt",
    "aerea": "air", "aereo": "air", "emittente": "tv", "televisione": "tv", "sicurezza": "security",
    "per": "for",
    # (eighth round) Banca industriale siriana, Società di Cooperazione Islamica
    "industriale": "industrial", "cooperazione": "cooperation", "agricola": "agricultural",
    "assicurazioni": "insurance", "risparmio": "saving", "difesa": "defense",
}

# the Arabic generic words as the lists and the press transliterate them (KATA'IB HIZBALLAH,
# JAYSH AL-ADL, JAMA'AT NUSRAT AL-ISLAM, HARAKAT SHAM AL-ISLAM, LIWA ...): the same English word
_TRANSLIT = {
    "kataib": "brigades", "katayib": "brigades", "kataeb": "brigades",
    "katibat": "battalion", "katiba": "battalion", "katibah": "battalion", "khatiba": "battalion",
    "jaish": "army", "jaysh": "army", "jeish": "army",
    "jamaat": "group", "jamaa": "group", "jamaah": "group", "jamat": "group", "gamaa": "group",
    "harakat": "movement", "haraka": "movement", "harakah": "movement", "haraket": "movement",
    "jabhat": "front", "jabha": "front", "jabhah": "front", "liwa": "brigade", "liwaa": "brigade",
    "saraya": "brigades", "tanzim": "organization", "hizb": "party", "wilayat": "province", "wilaya": "province",
    "wilayah": "province", "muassasat": "foundation", "jamiyat": "society", "jamiat": "society",
    # (sixth round) the lists transliterate the words of Iranian state names (BANK MARKAZI JOMHOURI
    # ISLAMI IRAN: Central Bank of the Islamic Republic of Iran)
    "markazi": "central", "markazy": "central", "jomhouri": "republic", "jomhuri": "republic",
    "jumhuri": "republic", "jomhuriye": "republic", "islami": "islamic", "eslami": "islamic",
    # (seventh round) GAMA'A AL-ISLAMIYYA
    "islamiyya": "islamic", "islamiyyah": "islamic", "islamiya": "islamic", "islamiyah": "islamic",
    # (ninth round) Persian: bimeh (insurance; BIMEH IRAN INSURANCE COMPANY = Iran Insurance Company)
    "bimeh": "insurance", "bime": "insurance",
    # (twelfth round) shahid, "martyr", as the lists write it in Iranian bodies' names (SHAHID HEMMAT
    # INDUSTRIAL GROUP, SHAHID BAKERI INDUSTRIAL GROUP), which Arabic and Persian write شهيد/شهید
    "shahid": "martyr",
    # (twelfth round) the Persian words of KHATAM OL ANBIA GHARARGAH SAZANDEGI NOOH's kind
    # (headquarters, construction) as the lists transliterate them (gharargah, qarargah: قرارگاه)
    "gharargah": "headquarters", "qarargah": "headquarters", "gharargahe": "headquarters",
    "sazandegi": "construction",
    # (thirteenth round) the Persian words of industrial companies' names as the press and the companies
    # transliterate them (Foulad Mobarakeh, Zob Ahan Esfahan, Sanaye Defa, Petroshimi Bandar Imam,
    # Mojtama-e Foulad: the Aryanpur dictionary's meanings; the lists write the English words)
    "foulad": "steel", "fulad": "steel", "folad": "steel", "sanaye": "industries", "sanayeh": "industries",
    "sanaiye": "industries", "petroshimi": "petrochemical", "mojtama": "complex", "mojtame": "complex",
    "mojtamae": "complex", "kargozari": "brokerage", "sarrafi": "exchange", "sarafi": "exchange",
}
_FR.update(_TRANSLIT)
_FR.update({k: v for k, v in _IT.items() if k not in _FR})
# (fifteenth round) French, Italian, Spanish, Portuguese, German, Maltese and Turkish (orglexicon)
_LEXICON_ONLY = frozenset(orglexicon.LATIN_WORDS) - frozenset(_FR)   # (the words no earlier round read)
_FR.update({k: v for k, v in orglexicon.LATIN_WORDS.items() if k not in _FR})
_FR.update({k: v for k, v in orgvocab.LATIN_WORDS.items() if k not in _FR})   # (eighteenth round) Turkish
_FR_VALUES_18 = frozenset(_FR.values())
_FR.update({k: v for k, v in orgvocab.LATIN_WORDS_19.items() if k not in _FR})   # (nineteenth round) golfo
# (session 15, twentieth round) ZAVOD, the Russian word for plant or works, as OFAC transliterates it in
# the names of Russian factories (43 SDN names: VOTKINSKIY ZAVOD, KAZANSKIY VERTOLETNY ZAVOD ...), which
# the press writes in English (Votkinsk Plant). Source: Oxford Russian Dictionary, завод "works, factory,
# plant"
_FR.update({"zavod": "plant", "zavoda": "plant"})
#: (twentieth round) a Russian adjective of a town's name in a factory's name (VOTKINSKIY, SARATOVSKI =
#: of Votkinsk; -sky, -skiy, -skii, -skij, -skaya, -skoye, -skoe, -skogo: the masculine, feminine,
#: neuter and genitive endings of the adjective in -ский in the lists' and BGN/PCGN transliteration),
#: read as the town's name the press writes (Votkinsk Plant); four letters at least before -sk
_RU_TOWN_ADJECTIVE = re.compile(r"^([a-z]{4,}sk)(?:iy|ii|ij|yi|i|y|aya|aja|oye|oe|ogo)$")
_FR.update({k: v for k, v in orgvocab.NUMBER_WORDS_LATIN.items() if k not in _FR})   # fifteenth -> 15
# transliterations that are people's names too (Jamaa, Juma'a; Wilaya): translated, but they do
# not by themselves make a name of no stated kind an organisation's
_NAME_TOO = {"jamaa", "jamaah", "jamat", "gamaa", "wilaya", "wilayah", "liwa", "liwaa", "haraka", "harakah",
             "jabha", "jabhah", "katiba", "katibah", "jamiat", "shahid"}
_FR_DROP = {"de", "du", "des", "la", "le", "les", "l", "d",
            # (seventh round) Italian articles and prepositions
            "di", "del", "della", "dei", "degli", "delle", "dello", "il", "lo", "gli"}
_FR_TRIGGERS = {"groupe", "mouvement", "armee", "etat", "fondation", "organisation", "bataillon", "parti",
                "banque", "conseil", "reseau", "compagnie", "ministere", "emirat", "raffinerie", "societe",
                # (seventh round) Italian
                "banca", "compagnia", "ministero", "gruppo", "fondazione", "esercito",
                # (twelfth round) German and Dutch
                "stiftung", "stichting", "verein", "vereniging", "gesellschaft", "gruppe"} \
    | (set(_TRANSLIT) - _NAME_TOO) | orglexicon.LATIN_TRIGGERS
_FR_DROP |= orglexicon.LATIN_DROP   # (fifteenth round) Spanish and Maltese articles and prepositions
_FR_TRIGGERS |= orgvocab.LATIN_TRIGGERS   # (eighteenth round) Turkish döviz, an exchange house
# one English word for two the lists use for the same Arabic word (see the module docstring)
_EN_SAME = {"fighting": "combatant", "organisation": "organization", "defence": "defense",
            # (sixth round) a country's adjective is its name in an organisation's name (Iranian
            # Ministry of Intelligence = Ministry of Intelligence of Iran, البنك المركزي الإيراني)
            "iranian": "iran", "syrian": "syria", "libyan": "libya", "iraqi": "iraq", "lebanese": "lebanon",
            "egyptian": "egypt", "tunisian": "tunisia", "algerian": "algeria", "moroccan": "morocco",
            "yemeni": "yemen", "somali": "somalia", "palestinian": "palestine",
            # (seventh round) words the lists and the press use for one thing: petroleum and oil
            # (GENERAL PETROLEUM CORPORATION, نفط), TV, television and channel (AL MANAR TV, قناة),
            # republican and republic (REPUBLICAN GUARD, جمهوري), force and forces, aviation and
            # air, and the loose words for an establishment (company, corporation, establishment;
            # مؤسسة is any of them: المؤسسة العامة للنفط is the General Petroleum Corporation)
            "petroleum": "oil", "television": "tv", "channel": "tv", "republican": "republic", "force": "forces",
            "aviation": "air", "corporation": "company", "establishment": "company", "foundation": "company",
            # a charity and an association are a society (جمعية: AL-BUSTAN CHARITY, Al-Bustan Association)
            "charity": "society", "association": "society",
            # (ninth round) a bureau is an office (RECONNAISSANCE GENERAL BUREAU: المكتب العام للاستطلاع)
            "bureau": "office",
            # (twelfth round) centre and center; radio and broadcasting (إذاعة, رادیو: GENERAL
            # ORGANIZATION OF RADIO AND TV, ISLAMIC REPUBLIC OF IRAN BROADCASTING); investments
            "centre": "center", "radio": "broadcasting", "investments": "investment"}
_EN_SAME.update({k: v for k, v in orglexicon.EN_SAME.items() if k not in _EN_SAME})   # (fifteenth round)
# (eleventh round) legal forms and words the press abbreviates or writes in the company's language:
# Intl for International; OOO, PAO, AO, ZAO, OAO (Russian ООО, ПАО, АО, ЗАО, ОАО: limited liability,
# public joint-stock, joint-stock, closed and open joint-stock company), which OFAC writes in English;
# Pty, Pvt and Proprietary without Ltd (Australian, South African and South Asian private limited
# companies; rigour reads Pty Ltd as Ltd). Sources: the Russian Civil Code's company forms and
# OFAC's English renderings (LIMITED LIABILITY COMPANY, PUBLIC JOINT STOCK COMPANY, JOINT STOCK
# COMPANY), the Australian Corporations Act 2001 s. 148 (Pty Ltd), India's Companies Act 2013 (Pvt Ltd)
_ABBREVIATIONS = {"intl": "international", "ooo": "llc", "pao": "pjsc", "ao": "jsc", "zao": "cjsc", "oao": "ojsc",
                  "pty": "ltd", "pvt": "ltd", "proprietary": "ltd"}
_ABBREVIATIONS.update(orglexicon.ABBREVIATIONS)   # (fifteenth round) Org. = organisation
_ABBREVIATIONS.update(orgvocab.ABBREVIATIONS)   # (eighteenth round) AKB = joint-stock commercial bank
# (session 15, twentieth round) PrJSC = private joint-stock company (REGISTER_FORMS_20), as rigour
# writes the form written out (private jsc); TzOV = ТзОВ = LLC
_ABBREVIATIONS.update({"prjsc": "private jsc", "tzov": "llc"})
# ... they say the name is a body's: a name of no stated kind holding one is also read so (an
# alternative reading: Ao, also a Chinese family name, is still compared as written)
_ABBREVIATION_TRIGGERS = frozenset(_ABBREVIATIONS)
# (eleventh round) "shipping company" in German, Italian, French and Spanish (Reederei, Compagnia di
# navigazione, Società di navigazione, Compagnie maritime, Compagnie de navigation, Compañía naviera,
# Naviera), as the press writes the names of shipping companies the lists write in English (KOREA
# DAEBONG SHIPPING CO = Korea Daebong Reederei); Pty/Pvt/Proprietary/Private with Ltd/Limited, one
# legal form (ltd); GmbH & Co. KG (a limited partnership whose partner is a GmbH) written GmbH
_LATIN_PHRASES = [
    (re.compile(r"\b(?:reederei|schifffahrtsgesellschaft|compagnia\s+di\s+navigazione|societ[aà]\s+di\s+navigazione"
                r"|compagnie\s+maritime|compagnie\s+de\s+navigation|compa[nñ][ií]a\s+naviera|naviera)\b", re.I),
     "shipping company"),
    (re.compile(r"\b(?:pvt|pty|proprietary|private)\.?\s+(?:ltd|limited)\b\.?", re.I), "ltd"),
    (re.compile(r"\bgmbh\s*&\s*co\.?\s*kg\b", re.I), "gmbh"),
    # (thirteenth round) the Persian word for a steelworks, "iron smelting", as transliterated (Zob Ahan,
    # Zob-e Ahan, Zobahan: ESFAHAN STEEL COMPANY = Zob Ahan Esfahan); the Aryanpur dictionary
    (re.compile(r"\bzob(?:[\s-]*e)?[\s-]*ahan\b", re.I), "steel"),
    # (thirteenth round) the Russian company forms spelt out in transliteration, as OFAC writes many
    # (OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU X = ООО = LLC; AKTSIONERNOE OBSHCHESTVO X = АО =
    # JSC; PUBLICHNOE / OTKRYTOE / ZAKRYTOE AKTSIONERNOE OBSHCHESTVO = PJSC, OJSC, CJSC) and the press
    # writes in English (X LLC, X Ltd, X JSC). Source: the Russian Civil Code's company forms (arts. 87,
    # 96-97: obshchestvo s ogranichennoi otvetstvennostyu, aktsionernoe obshchestvo), the eleventh
    # round's abbreviations (OOO, AO, PAO, ZAO, OAO); the spellings are OFAC's (-oi, -oy, -oj; -yu, -iu)
    (re.compile(r"\bobsh(?:ch)?estvo\s+s\s+o(?:gr|rg)anichenno(?:i|y|j|iy|yi)\s+otvet[a-z']*\b", re.I), "llc"),
    (re.compile(r"\bpublichnoe\s+aktsionerno(?:e|ye)\s+obsh(?:ch)?estvo\b", re.I), "pjsc"),
    (re.compile(r"\botkrytoe\s+aktsionerno(?:e|ye)\s+obsh(?:ch)?estvo\b", re.I), "ojsc"),
    (re.compile(r"\bzakrytoe\s+aktsionerno(?:e|ye)\s+obsh(?:ch)?estvo\b", re.I), "cjsc"),
    (re.compile(r"\baktsionerno(?:e|ye)\s+obsh(?:ch)?estvo\b", re.I), "jsc"),
]
# (session 14, eighteenth round) Russian bank prefixes and Turkish legal forms (orgvocab)
_LATIN_PHRASES += [(re.compile(rx, re.I), en) for rx, en in orgvocab.LATIN_PHRASES]
# (session 15, twentieth round) a body named in memory of a person (имени: STATE FLIGHT TESTING CENTER NAMED
# AFTER V.P. CHKALOV, ... ZAVOD IMENI P I PLANDINA, ... IM. N.M.IGNATYEVA): the press writes the person's
# family name alone, before or after the rest (Chkalov State Flight Testing Center, NAPO Chkalov), without
# "named after" and the initials. Read without them (the person's name stays). Source: OFAC's renderings
# (31 SDN names with NAMED AFTER, IMENI or IM.) and the Russian usage of имени (Oxford Russian Dictionary)
_LATIN_PHRASES.append((re.compile(r"\b(?:named\s+after|imeni|im\.)\s+(?:[a-z]\.\s*|[a-z]\s+){0,3}", re.I), ""))
_ELISION = re.compile(r"^(?:l|d|qu)'(?=[a-z])")
_SPLIT_TABLE = frozenset(_FR) | frozenset(_FR_DROP)   # (fifteenth round) orglexicon.split_latin_compound
_STRIP = ".,;:()[]\"'"


# (ninth round) a country named by a phrase: North Korea in its common, official and Arabic names
# (FOREIGN TRADE BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA = Foreign Trade Bank of North
# Korea = بنك التجارة الخارجية الكوري الشمالي) is one word, "dprk", read as a place word of the
# country KP; Korea alone stays Korea (the Bank of Korea is South Korea's)
COUNTRY_PHRASE = "dprk"
_LATIN_COUNTRY_PHRASES = re.compile(
    r"\b(?:(?:the\s+)?democratic\s+people\W?s\s+republic\s+of\s+korea|north\s+korean?|korea\s*,?\s+north|dprk)\b",
    re.I)
_AR_KOREA = frozenset({normalize_arabic(x) for x in ("كوريا", "كوري", "كورية")})
_AR_NORTH = frozenset({normalize_arabic(x) for x in ("شمالية", "شمالي")})


def _ar_country_phrases(words: list[str], raw: list[str]) -> tuple[list[str], list[str]]:
    """``words`` (normalised) and ``raw`` with كوريا الشمالية / الكوري الشمالي ... as one word
    ``COUNTRY_PHRASE``."""
    k = 0
    out_w, out_r = [], []
    while k < len(words):
        a = words[k][2:] if words[k].startswith("ال") else words[k]
        b = words[k + 1][2:] if k + 1 < len(words) and words[k + 1].startswith("ال") else None
        if a in _AR_KOREA and b in _AR_NORTH:
            out_w.append(COUNTRY_PHRASE)
            out_r.append(COUNTRY_PHRASE)
            k += 2
            continue
        glued = next((n for n in (3, 2) if tuple(words[k:k + n]) in _AR_GLUE), 0)
        if glued:   # (twelfth round) فضای مجازی, بي إل سي: one word of the table
            out_w.append("".join(words[k:k + glued]))
            out_r.append("".join(raw[k:k + glued]))
            k += glued
            continue
        out_w.append(words[k])
        out_r.append(raw[k])
        k += 1
    return out_w, out_r


# (fifteenth round) a word Persian and Arabic write alike but read differently in bodies' names
# (orglexicon.PERSIAN_WORDS: معادن "mines" in Persian), for a name written in Persian letters
_PERSIAN_TABLE = {normalize_arabic(k): v for k, v in list(orglexicon.PERSIAN_WORDS.items())
                  + list(orgvocab.PERSIAN_WORDS_19.items())}
_PERSIAN_LETTERS = frozenset("یکپچژگ")
_AR_PHRASES = {(normalize_arabic(a), normalize_arabic(b)): v
               for (a, b), v in list(orglexicon.ARABIC_PHRASES.items()) + list(orgvocab.ARABIC_PHRASES.items())
               + list(orgvocab.ARABIC_PHRASES_19.items())}


def _ar_base(w: str) -> str | None:
    """The table word under an Arabic word written with its clitics: the article (ال), and before
    it و (and), ل/لل (for), ب (by, in): الإسلامية, والجهاد, للاستثمار, لتحرير."""
    if w in _AR_TABLE:
        return w
    for pre in ("وال", "بال", "لل", "ال", "و", "ل", "ب"):
        if w.startswith(pre) and len(w) - len(pre) >= 2 and w[len(pre):] in _AR_TABLE:
            return w[len(pre):]
    return _ar_plural_base(w)


def _ar_plural_base(w: str) -> str | None:
    """(Session 15, nineteenth round) The table word under a word written in the plural, for the
    regular plurals only: the Arabic sound feminine plural -ات of a word in -ة or of a loanword
    (إذاعة -> إذاعات, تلفزيون -> تلفزيونات: Wright, A Grammar of the Arabic Language, I §§ 301-305;
    Hans Wehr gives these plurals), and the Persian plural suffix -ها, also with the ezafe -های
    (شرکت‌های, the non-joiner removed: Lambton, Persian Grammar, ch. 1), after the clitics as above.
    Stems of three letters or more."""
    w = w.replace("\u200c", "")
    for pre in ("", "وال", "بال", "لل", "ال", "و", "ل", "ب"):
        if not w.startswith(pre):
            continue
        stem = w[len(pre):]
        if len(stem) >= 5 and stem.endswith("ات"):
            for cand in (stem[:-2] + "ه", stem[:-2]):
                if cand in _AR_TABLE and len(cand) >= 3:
                    return cand
        for suf in ("هاي", "ها"):   # (with the ezafe, -های: شرکت‌های X "the companies of X"; ی folded)
            if len(stem) >= len(suf) + 3 and stem.endswith(suf) and stem[:-len(suf)] in _AR_TABLE:
                return stem[:-len(suf)]
    return None


def _arabic(text: str, organisation: bool) -> str | None:
    # each word normalised for the tables, and as written for the output: a proper word keeps its
    # letters (seventh round: الأقصى normalised ends in ي, which reads as -i, not -a)
    words, raw = [], []
    for tok in text.split():
        parts = normalize_arabic(tok).split()
        words += parts
        raw += [tok] if len(parts) == 1 else parts
    words, raw = _ar_country_phrases(words, raw)
    persian = any(ch in _PERSIAN_LETTERS for ch in text)
    # a word before الله is a compound name with it (حزب الله, أنصار الله, جند الله): not translated
    bases = [None if (k + 1 < len(words) and words[k + 1] in ("الله", "لله")) else
             (_ar_base(w) or (w if persian and w in _PERSIAN_TABLE else None))   # (nineteenth round) برق
             for k, w in enumerate(words)]
    # (fifteenth round) two table words read as one concept (orglexicon.ARABIC_PHRASES: air + space)
    phrase_at = {k: _AR_PHRASES[(bases[k], bases[k + 1])] for k in range(len(bases) - 1)
                 if bases[k] and bases[k + 1] and (bases[k], bases[k + 1]) in _AR_PHRASES}
    found = [b for b in bases if b] + [w for w in words if w == COUNTRY_PHRASE]
    if not found or (not organisation and not any(b in _AR_TRIGGERS for b in found) and len(found) < 2):
        return None
    out = []
    proper = sum(1 for w, b in zip(words, bases) if b is None and w not in _AR_DROP)
    for k, (w, r, b) in enumerate(zip(words, raw, bases)):
        if w in _AR_DROP or (w in _AR_TITLE_WORDS and proper > 1):
            continue
        if k - 1 in phrase_at:
            continue
        if k in phrase_at:
            out.append(phrase_at[k])
            continue
        if b is not None:
            en = (_PERSIAN_TABLE.get(b) if persian else None) or _AR_TABLE[b]
            out.append(_EN_SAME.get(en, en))
        elif w.startswith("وال") and len(w) > 4 and r.startswith("و") and not (k == 1 and bases[0] in _AR_TRIGGERS):
            # a proper word stays without a leading و "and" before the article; (ninth round) but
            # right after the word that opens the name saying what kind of body it is, و joins
            # nothing: it is the name's (شركة والفجر = VALFAJR, Walfajr, "and the dawn")
            out.append(r[1:])
        else:
            out.append(r)
    return " ".join(out)


def _latin(text: str, organisation: bool) -> str | None:
    out: list[str] = []
    changed = trigger = False
    n_table = 0        # words the tables translate or drop (other than the one-spelling words)
    text, n_phrases = _LATIN_COUNTRY_PHRASES.subn(COUNTRY_PHRASE, text)
    if n_phrases:      # a country named by a phrase (North Korea): one word, as many as its two words
        changed = True
        n_table += 2 * n_phrases
    for rx, en in _LATIN_PHRASES:   # (eleventh round) a legal form or a kind of company in other words
        text, k = rx.subn(en, text)
        if k:
            changed = trigger = True
    toks = text.split()
    if any("-" in t or len(t) >= 10 for t in toks):
        # (fifteenth round) German compounds and hyphenated words of the tables read as their words
        # (Investitionsbehörde, Gaddafi-Stiftung: orglexicon.split_latin_compound)
        split_toks = []
        for t in toks:
            parts = orglexicon.split_latin_compound(to_ascii(t).lower().replace("’", "'"), _SPLIT_TABLE)
            if parts:
                changed = True
            split_toks += parts if parts else [t]
        toks = split_toks
    # (sixteenth round) the abbreviations registers write (SHPG, TRDG, MGMT ...: registerabbr)
    reg_ctx = registerabbr.register_context(
        [to_ascii(t).lower().strip(_STRIP).replace("'", "").replace(".", "") for t in toks])
    for k, tok in enumerate(toks):
        w = to_ascii(tok).lower().replace("’", "'")
        if w == "va" and 0 < k < len(toks) - 1 and word_class(toks[k - 1].strip(_STRIP)) is None:
            # (thirteenth round) the Persian conjunction و "and" as the lists transliterate it between two
            # words (OMRAN VA MASKAN IRAN COMPANY, SHISHEH VA GAS INDUSTRIES GROUP; ALA-LC Persian: va);
            # not after a legal form or kind word (OPEN JOINT STOCK COMPANY VA DEGTYAREV PLANT: initials)
            changed = True
            continue
        if w in orglexicon.ONE_LETTER_AND and 0 < k < len(toks) - 1 and len(toks) > 3:
            # (fifteenth round) "and" as Italian/Portuguese (e), Spanish (y) and Maltese (u) write it
            # between two words of a name of four words or more (orglexicon)
            changed = True
            continue
        m = _ELISION.match(w) or orglexicon.MALTESE_ARTICLE.match(w)   # l'Ouest, d'Al-Aqsa, tal-Investiment
        if m:
            w = w[m.end():]
            changed = True
        bare = w.strip(_STRIP).replace("'", "")
        trigger = trigger or bare in _FR_TRIGGERS or bare in _ABBREVIATION_TRIGGERS or (
            k == 0 and len(toks) >= 2 and bare in orglexicon.CONSTRUCT_TRIGGERS)   # (session 14) Liwa X
        if bare in _ABBREVIATIONS:   # (eleventh round) Intl, OOO, PAO, AO, Pty ...
            out.append(_ABBREVIATIONS[bare])
            changed = True
            continue
        # (a word written with its full stop, Ind., is an abbreviation whatever else the name holds)
        reg = (registerabbr.register_word(bare.replace(".", ""), reg_ctx or tok.endswith("."))
               or (registerabbr.bracket_country(tok, reg_ctx) if organisation else None))
        if reg is not None:   # (sixteenth round) SHPG, TRDG, MGMT, GEN ... (registerabbr)
            # (a Turkish word, Sanayi, as the tables read it written out)
            out.extend(_EN_SAME.get(_FR.get(x, x), _FR.get(x, x)) for x in reg.split())
            changed = trigger = True
            continue
        if bare in _FR_DROP:
            changed = True
            continue
        adj = _RU_TOWN_ADJECTIVE.match(bare) if organisation else None
        if adj is not None and any(_FR.get(x.strip(_STRIP).lower()) == "plant" for x in toks):
            # (twentieth round) VOTKINSKIY ZAVOD = Votkinsk plant: a factory named by its town
            out.append(adj.group(1))
            changed = True
            continue
        en = _FR.get(bare)
        if en is not None:
            # (nineteenth round) a number in words (fifteenth -> 15) says the name is no body's: not counted
            n_table += bare not in orgvocab.NUMBER_WORDS_LATIN
        else:
            en = _EN_SAME.get(bare)
        if en is not None:
            out.append(_EN_SAME.get(en, en))
            changed = True
        else:
            out.append(tok[len(tok) - len(w):] if m else tok)
    if not changed:
        return None
    if not organisation and not trigger and n_table < 2 and (n_table or not any(
            x.lower() in _EN_SAME.values() for x in out)):
        return None
    return " ".join(out)


@lru_cache(maxsize=50_000)
def translate_org_name(name: str, organisation: bool) -> str | None:
    """``name`` with its generic organisation words in English (see the module docstring), or None
    when nothing is translated (or, for a name of no stated kind, ``organisation`` False, when it
    holds no word that says it is a body, nor two words of the tables). Arabic words not in the
    table stay in Arabic script."""
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name)
    cyr = cyrillic_org_words(text)   # (eighteenth round) Russian, Ukrainian, Belarusian words (cyrillic_orgs)
    if cyr is not None and (organisation or cyr[1]):   # (a name of no stated kind: with a kind or form)
        read, body = cyr
        new = _latin(read, organisation or body) or read
        return new if new != text else None
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        new = _arabic(text, organisation)
    else:
        new = _latin(text, organisation)
    return new if new and new != text else None


# --------------------------------------------------------------------------- vocabulary (fifth round)
# The English words an organisation's name is read into above, the kinds of bodies, legal forms,
# and the words that say what a company does (its trade, not which company): a name matched on such
# words alone is not matched on what names the body. "Popular Mobilization Forces" shares POPULAR
# and FORCES with POPULAR FORCES and nothing that is its own; "Front de libération nationale"
# shares NATIONAL and LIBERATION with NATIONAL LIBERATION ARMY, and a front is not an army. General
# vocabulary, as the tables above; no word names an organisation.
#: kinds of bodies (a front is not an army, a bank not an authority). Not "foundation",
#: "institution" or "company": the lists and the press use them loosely (مؤسسة is any
#: establishment: المؤسسة الليبية للاستثمار is the Libyan Investment Authority)
ORG_KINDS = frozenset({
    "militia", "militias", "brigade", "brigades", "battalion", "battalions", "movement", "group", "society",
    "association", "organization", "front", "network", "army", "party", "forces", "guard",
    "council", "authority", "office", "division", "corps", "league", "union", "province", "bank", "portfolio",
    "agency", "ministry", "institute", "fund", "committee", "commission"})
#: (twelfth round) kinds one Arabic word names: هيئة is rendered by the lists as ORGANIZATION (GENERAL
#: ORGANIZATION OF RADIO AND TV), AUTHORITY, COMMISSION and COMMITTEE (IRANIAN COMMITTEE FOR THE
#: RECONSTRUCTION OF LEBANON); Hans Wehr gives body, organisation, commission, committee, authority.
#: Two such words are not two kinds of body (matcher: no kind conflict)
KIND_GROUP = {"authority": "body", "organization": "body", "commission": "body", "committee": "body",
              # كتائب: BRIGADES (KATA'IB HIZBALLAH, Hizballah Brigades) and BATTALIONS (AL-QA'IDA
              # KURDISH BATTALIONS, كتائب القاعدة الكردية)
              "brigade": "unit", "brigades": "unit", "battalion": "unit", "battalions": "unit"}
# (session 15, twentieth round) ngo: how rigour reads NPO, charitable organisation and non-governmental
# organisation (REGISTER_FORMS_20): a kind of body, of the body group (an NGO is an organisation)
ORG_KINDS = ORG_KINDS | {"ngo"}
KIND_GROUP["ngo"] = "body"
KIND_GROUP.update(orgvocab.KIND_GROUP)   # (session 14, eighteenth round) سازمان: organisation, agency
_LEGAL_FORMS = {"co", "ltd", "corp", "inc", "llc", "jsc", "pjsc", "ojsc", "cjsc", "plc", "sa", "sarl", "gmbh", "ag",
                "bv", "nv", "ooo", "oao", "zao", "fze", "fzco", "fzc", "llp", "lp", "pte", "pvt", "bhd", "sdn", "spa",
                "srl", "kg", "as", "ab", "oy",
                # (seventh round) Lebanese, Egyptian, French and Italian forms (SALLIZAR SHIPPING SAL)
                "sal", "sae", "sas", "sasu", "snc", "sapa", "sarlau", "saog", "saoc", "wll", "jsco",
                # (thirteenth round) Mexican forms as rigour writes them: S.A. de C.V. (sacv), S. de R.L.
                # de C.V. (srlcv), S.A.P.I. de C.V. (sapicv); the Ley General de Sociedades Mercantiles'
                # company forms of variable capital, 220 + 28 + 2 OFAC names
                "sacv", "srlcv", "sapicv"}
_TRADE = {"general", "trading", "trade", "traders", "international", "petroleum", "oil", "gas", "shipping",
          "maritime", "marine", "navigation", "industrial", "industries", "industry", "development", "holding",
          "holdings", "services", "service", "energy", "steel", "iron", "metals", "mining", "telecommunications",
          "telecommunication", "telecom", "information", "technology", "technologies", "insurance", "air",
          "commercial", "commerce", "import", "export", "engineering", "construction", "foreign", "central",
          "finance", "financial", "exchange", "transport", "logistics", "global", "world", "united",
          "enterprise", "enterprises", "research", "production", "manufacturing", "chemical", "chemicals",
          "electronics", "systems", "solutions", "cooperation", "company", "limited", "corporation",
          "incorporated", "institution", "establishment", "foundation", "post", "media", "press", "news",
          "youth", "students", "women", "workers", "peace", "social", "justice", "reconstruction", "relief",
          "humanitarian", "aid", "charity", "charitable", "welfare", "the", "of", "and", "for", "in",
          # (seventh round) trades and descriptors of companies' and media names
          "money", "transfer", "remittance", "private", "public", "tv", "television", "channel", "radio",
          "broadcasting", "military", "prison", "directorate", "mineral", "resources", "wings", "mobilization",
          "resistance", "reconstruction", "airlines", "airline", "airways", "group", "investment", "investments"}
ORG_VOCABULARY = frozenset(set(_AR_VALUES_18) | set(_FR_VALUES_18) | set(_EN_SAME) | set(_EN_SAME.values())
                           | ORG_KINDS | _LEGAL_FORMS | _TRADE
                           | {"yemeni", "somali", "african", COUNTRY_PHRASE, "dubai"}
) - orglexicon.NOT_GENERIC
_EN_PARTICLES = frozenset({"the", "of", "and", "for", "in"})


#: (sixth round) the countries, regions and their adjectives among the words above: an
#: organisation's name that says which country's body it is (the Tunisian Ministry of Interior, the
#: National Iranian Oil Company) names another body than one of another country or of none
PLACE_WORDS = frozenset({
    "libya", "libyan", "tunisia", "tunisian", "iraq", "iraqi", "yemen", "yemeni", "syria", "syrian", "sinai",
    "somalia", "somali", "egypt", "egyptian", "palestine", "palestinian", "lebanon", "lebanese", "algeria",
    "algerian", "maghreb", "morocco", "moroccan", "africa", "african", "sahel", "sahara", "iran", "iranian",
    "kurdistan", "caucasus", COUNTRY_PHRASE,
    # (session 13, last fixes) the emirate and port city whose name many trading companies of the Gulf
    # bear (ISO 3166-2:AE-DU): it says where a company is, not which one it is
    "dubai"})


#: the country (ISO 3166-1 alpha-2) each country word of ``PLACE_WORDS`` names (regions name none)
PLACE_COUNTRY = {
    "libya": "LY", "libyan": "LY", "tunisia": "TN", "tunisian": "TN", "iraq": "IQ", "iraqi": "IQ", "yemen": "YE",
    "yemeni": "YE", "syria": "SY", "syrian": "SY", "somalia": "SO", "somali": "SO", "egypt": "EG",
    "egyptian": "EG", "palestine": "PS", "palestinian": "PS", "lebanon": "LB", "lebanese": "LB",
    "algeria": "DZ", "algerian": "DZ", "morocco": "MA", "moroccan": "MA", "iran": "IR", "iranian": "IR",
    COUNTRY_PHRASE: "KP", "dubai": "AE"}
_COUNTRY_NAMES = {"LY": "LIBYA", "TN": "TUNISIA", "IQ": "IRAQ", "YE": "YEMEN", "SY": "SYRIA", "SO": "SOMALIA",
                  "EG": "EGYPT", "PS": "PALESTIN", "LB": "LEBANON", "DZ": "ALGERIA", "MA": "MOROCCO", "IR": "IRAN",
                  "KP": "DPRK"}


@lru_cache(maxsize=50_000)
def place_word(text: str) -> str | None:
    """The English word of ``PLACE_WORDS`` a word of an organisation's name is (any language the
    tables read: ليبيا, libyenne, Libyan -> libya, libyan, libyan), or None."""
    if not text:
        return None
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        b = _ar_base(normalize_arabic(text))
        en = _AR_TABLE[b] if b else None
    else:
        w = text.lower()
        en = _FR.get(w, w)
    return en if en in PLACE_WORDS else None


def entity_countries(countries, programs) -> frozenset[str]:
    """The countries (ISO2) a list entry is tied to: its own countries and the countries its
    programmes name (OFAC SYRIA, IRAN-EO13902; UN Libya)."""
    out = {c.upper() for c in countries or () if c}
    for p in programs or ():
        up = str(p).upper()
        out.update(c for c, n in _COUNTRY_NAMES.items() if n in up)
    return frozenset(out)


# (fourteenth round) legal forms of every jurisdiction, as one word without full stops (the tokeniser
# drops them; prepare_name joins dotted letters of a form, W.L.L. = wll, and lets rigour shorten the forms
# written out in words: Gesellschaft mit beschränkter Haftung = gmbh, Anonim Şirketi = as, Общество с
# ограниченной ответственностью = ooo). Source: rigour's organisation-type data (rigour.names.org_types,
# built from OCCRP's list, the ISO 20275 Entity Legal Forms code list and Wikipedia's types of business
# entity): the forms it reads as one word alone or with a final full stop (Kft., Zrt., Nyrt., Bt., Kkt.;
# B.V., N.V., BVBA, CVBA; GmbH, AG, KG, KGaA, UG, OHG, GbR; Sp. z o.o.; s.r.o.; S.R.L., SARL, SAS, S.p.A.,
# S.A.P.A., SNC, SCS, SPRL, EURL; Ltda., Lda.; Ltd. Şti.; UAB, SIA; ТОВ (tov); EIRELI, EIRL; Oy, Oyj, AB,
# ApS, A.S.; PLC, LLP, LP; OOD; QSC, SAOG, SAOC; FZE, FZCO, FZ-LLC, DMCC; ehf., hf.); and the ISO 20275 ELF
# abbreviations it does not read so (GLEIF code list, abbreviations column): Indonesia's PT and Tbk,
# Bahrain's, Kuwait's, Qatar's, Jordan's W.L.L., B.S.C., K.S.C., K.S.C.C., Q.P.S.C., P.S.C., Lebanon's
# S.A.L., Egypt's S.A.E., Bulgaria's EAD and EOOD, the former Yugoslav d.o.o. and d.d., Japan's K.K.,
# Spain's S.L. and S.L.U., France's SASU and SARLAU, Norway's ASA, Mexico's S.A.P.I., Spanish Cía. and
# French Cie (compañía, compagnie), Pty. Not the forms that are also people's name parts or words on the
# lists (Sad: S.A.D.; Ad, Rt, Pao, Ao: RT is a listed broadcaster, Pao a given name)
ELF_FORMS = frozenset({
    "bv", "nv", "bvba", "cvba", "kft", "zrt", "nyrt", "bt", "kkt", "kgaa", "ug", "ohg", "gbr", "spzoo", "sro",
    "snc", "scs", "sprl", "eurl", "ltda", "lda", "sti", "ltdsti", "uab", "sia", "tov", "eireli", "eirl", "oyj",
    "aps", "ood", "qsc", "fzllc", "dmcc", "ehf", "hf", "pt", "tbk", "bsc", "ksc", "kscc", "qpsc", "psc", "ead",
    "eood", "doo", "dd", "kk", "sl", "slu", "sasu", "sarlau", "asa", "sapi", "cia", "cie", "pty"})
# (session 15, twentieth round) the forms of enterprise of the post-Soviet registers that OFAC writes
# abbreviated before a name (NPO URALPODSHIPNIK, NPP X, FGUP X) or the press writes abbreviated for
# the written-out form (PrJSC for PRIVATE JOINT-STOCK COMPANY): NPO (научно-производственное
# объединение, scientific-production association; rigour reads it ngo, as it reads the written-out
# non-governmental organisation), NPP (научно-производственное предприятие, scientific-production
# enterprise), FGUP (ФГУП, federal state unitary enterprise, which rigour drops written out), PrJSC
# (ПрАТ, private joint-stock company, Ukraine's Civil Code art. 81 as amended 2008), TzOV (ТзОВ,
# Ukrainian limited liability company, the older abbreviation of ТОВ). Source: the Russian Civil Code
# (ch. 4: unitary enterprises, art. 113) and OFAC's own renderings on the SDN list (9 NPO, 9 NPP, 6
# FGUP and 21 FEDERAL STATE UNITARY ENTERPRISE names). Not PAT or PrAT (ПАТ, ПрАТ in Latin letters:
# Pat, Prat are given and family names). Not NGO, rigour's reading of NPO: it also reads the written-out
# charitable or non-governmental organisation so, a kind of body (ORG_KINDS), not a form
REGISTER_FORMS_20 = frozenset({"npo", "npp", "fgup", "prjsc", "tzov"})
ELF_FORMS = ELF_FORMS | REGISTER_FORMS_20
# (session 16, 21b) JSCB: the joint-stock commercial bank (акционерный коммерческий банк, АКБ) of the
# Bank of Russia's register of credit institutions, the form written before a Russian bank's name. rigour
# reads JOINT STOCK COMMERCIAL BANK as jscb (its org-type data), orgvocab reads AKB and AKTSIONERNY
# KOMMERCHESKI BANK so, and matcher.prepare_name reads OFAC's PUBLIC JOINT STOCK COMPANY STOCK COMMERCIAL
# BANK (ПАО АКБ) so; it was left a proper word, the rarest word of the name (JOINT STOCK COMMERCIAL BANK
# NOVIKOMBANK, CHELINDBANK, PRIMORYE, RUBLEV: 7 SDN names). It is a legal form, as JSC is
REGISTER_FORMS_21 = frozenset({"jscb"})
ELF_FORMS = ELF_FORMS | REGISTER_FORMS_21


@lru_cache(maxsize=20_000)
def read_through_lexicon(text: str) -> bool:
    """(Session 13, review of the fifteenth round) ``text`` holds a Latin word only the fifteenth
    round's table of other languages reads (``orglexicon.LATIN_WORDS`` less the words the earlier
    rounds' French, Italian and transliterated tables read): Sviluppo, Desarrollo, Kalkınma, Yatırım."""
    return any(w in _LEXICON_ONLY for w in re.findall(r"[a-z]+", to_ascii(text or "").lower()))


@lru_cache(maxsize=50_000)
def is_legal_form(text: str) -> bool:
    """(Fourteenth round) ``text`` (one word, any case, full stops aside) is a company's legal form of
    some jurisdiction: ``_LEGAL_FORMS`` or ``ELF_FORMS``."""
    w = (text or "").lower().replace(".", "")
    return w in _LEGAL_FORMS or w in ELF_FORMS


@lru_cache(maxsize=20_000)
def arabic_company_word(text: str) -> bool:
    """(Session 16, 21b) An Arabic or Persian word the tables read "company" (شركة, شرکت, with its
    clitics: Hans Wehr, شركة "company, firm"; Aryanpur, شرکت "company"): the word the Arab and Iranian
    registers write before a company's name (شركة ... ذ.م.م, the Arabic of X LLC)."""
    if not text or not any("\u0600" <= ch <= "\u06ff" for ch in text):
        return False
    b = _ar_base(normalize_arabic(text))
    return b is not None and _AR_TABLE[b] == "company"


@lru_cache(maxsize=50_000)
def word_class(text: str) -> str | None:
    """What a word of an organisation's name is (fifth round): ``"kind"`` (a kind of body, in
    English, French, Arabic or transliterated: Front, Groupe, جبهة, Jaysh), ``"legal"`` (a legal
    form), ``"particle"``, ``"generic"`` (other vocabulary: adjectives, places, trades), or None (a
    proper word, which names the body)."""
    if not text:
        return None
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        b = _ar_base(normalize_arabic(text))
        en = _AR_TABLE[b] if b else None
        if en is None:
            return "particle" if normalize_arabic(text) in _AR_DROP else None
    else:
        w = text.lower()
        if w in _LEGAL_FORMS:
            return "legal"
        if w in _EN_PARTICLES or w in _FR_DROP:
            return "particle"
        en = _FR.get(w, w)
        en = _EN_SAME.get(en, en)
    if en in ORG_KINDS:
        return "kind"
    if en in _EN_PARTICLES:
        return "particle"
    if en in ORG_VOCABULARY:
        return "generic"
    return "legal" if text.lower() in ELF_FORMS else None


@lru_cache(maxsize=20_000)
def arabic_relative_adjective(text: str) -> bool:
    """(Session 16, 22m) An Arabic or Persian word of the generic vocabulary written as a relative
    adjective (nisba, -iyy / -iyya: مالي, مالية "financial", دولي "international"). Arabic and Persian
    put the adjective after its noun (شركة الخدمات المالية; شرکت ملی نفت: Wright, A Grammar of the
    Arabic Language I §249; the Persian ezafe), so such a word never opens a body's name: the word
    that opens the query is then a person's name part (مالي خان = KHAN, Mali), not a body's word."""
    if not text or not any("\u0600" <= ch <= "\u06ff" for ch in text) or word_class(text) != "generic":
        return False
    n = normalize_arabic(text)
    return len(n) >= 3 and (n.endswith("ي") or n.endswith("يه"))


@lru_cache(maxsize=50_000)
def english_vocabulary(text: str) -> bool:
    """(Eighth round) A Latin word of the tables' English vocabulary that says what kind of body
    it is, a legal form or a particle (society, group, company, of), which no Arabic proper word is
    by its sound; not a country or region (Libya = ليبيا), nor an Arabic word in Latin letters
    (Jamaa, Katiba, Jaysh), which Arabic writes as it sounds; not the other vocabulary (Arab,
    Islamic, which Arabic names are)."""
    if not text or not text.isascii():
        return False
    w = text.lower()
    # (the words of countries and regions are "generic" for word_class, and _NAME_TOO is part of
    # _TRANSLIT: only the transliterated Arabic words need a test of their own)
    return w not in _TRANSLIT and word_class(w) in ("kind", "legal", "particle")
