"""(Session 14, eighteenth round) More of the commonest words of companies' names in Arabic and
Persian, read in English by ``orgwords`` (word for word, on the query; the lists write these
companies in English), and English words the lists use for one concept.

Sources: Hans Wehr, A Dictionary of Modern Written Arabic (4th ed.) and the Aryanpur Progressive
Persian-English Dictionary for the meanings; the English word chosen is the one OFAC's own English
names of such companies use (ORIENT SHIPPING LIMITED, PREMIER GOLD REFINERY LLC, BAHJAT AL KAWTHAR
COMPANY FOR CONSTRUCTION AND TRADING, SINA PORT AND MARINE SERVICES DEVELOPMENT COMPANY, ATLAS SHIP
MANAGEMENT, BONYAD SHIPPING AGENCIES COMPANY, KAMBIZ NABIZADEH AND PARTNERS EXCHANGE, BUNYAN DAMASCUS
PRIVATE JOINT STOCK COMPANY, WADI ALRRAFIDAYN FOR FOODSTUFFS). Generic vocabulary only: no entry names
a company. The Syrian legal form شركة مساهمة مغفلة (Syrian Companies Law, Legislative Decree 29/2011:
the joint-stock company, French société anonyme, مغفلة = anonymous) is the lists' JOINT STOCK COMPANY.
"""

from __future__ import annotations

#: Arabic and Persian words (written plainly; ``orgwords`` normalises them and strips the clitics
#: و, ل, لل, ال, ب) -> one English word
ARABIC_WORDS = {
    # shipping (شحن: "loading, shipment, freight"; للشحن = for shipping), gold, construction(s), port
    # (ميناء; مينائي, مينائية: of the port), ships (سفن, سفينة), private (خاص, خاصة), anonymous (مغفلة,
    # only in the joint-stock form below), partners (شركاء; Persian شرکا), agencies (وكالات), materials,
    # food (مواد غذائية: foodstuffs), devices and electric (أجهزة كهربائية: HULM AL SAHRA ELECTRIC DEVICES TRADING)
    "شحن": "shipping", "ذهب": "gold", "إنشاءات": "construction", "انشاءات": "construction", "إنشاء": "construction",
    "ميناء": "port", "مينائي": "port", "مينائية": "port", "سفن": "ship", "سفينة": "ship", "خاص": "private",
    "خاصة": "private", "مغفلة": "anonymous", "شركاء": "partners", "شرکا": "partners", "شرکاء": "partners",
    "وكالات": "agencies", "مواد": "materials", "غذائية": "food", "غذائي": "food", "أجهزة": "devices",
    "كهربائية": "electrical", "كهربائي": "electrical",
    # Persian: space (فضایی, of space: سازمان فضایی ایران = IRAN SPACE AGENCY)
    "فضایی": "space",
}

#: two table words read as one concept (as ``orglexicon.ARABIC_PHRASES``)
ARABIC_PHRASES = {
    ("مساهمة", "مغفلة"): "jsc",            # شركة مساهمة مغفلة: joint stock company (Syria)
    ("إدارة", "سفن"): "ship management",   # إدارة السفن: ship management (not a state directorate)
    ("مواد", "غذائية"): "foodstuffs",
    ("أجهزة", "كهربائية"): "electric devices",
}

#: English words the lists use for one concept, compared as one word by the matcher (not folded in
#: the names' readings, so the index and the names' word classes stay as they were): a trade and
#: trading (تجارة: ADAM TRADING AND INVESTMENT; Persian تجارت: TRADE; the lists write both), the sea's
#: adjectives (بحري, بحرية: AL KHAMAEL MARITIME SERVICES, SINA PORT AND MARINE SERVICES; the same
#: Arabic word names a navy), transport and transportation (PACIFIC SHIPPING AND TRANSPORTATION)
SAME_CONCEPT = {"trading": "trade", "trade": "trade", "maritime": "marine", "marine": "marine", "navy": "marine",
                "transportation": "transport", "transport": "transport", "electric": "electric",
                "electrical": "electric"}

#: kinds of bodies one word names: سازمان is organisation and agency (Aryanpur; IRAN SPACE AGENCY,
#: Persian سازمان فضایی ایران), as هيئة is organisation, authority, commission (``orgwords.KIND_GROUP``)
KIND_GROUP = {"agency": "body"}

#: Russian banks' name prefixes as the press and payment messages transliterate them: AKB (акционерный
#: коммерческий банк, joint-stock commercial bank, which rigour and OFAC write JOINT STOCK COMMERCIAL BANK,
#: read ``jscb``). Source: the Bank of Russia's register of credit institutions (the prefixes АКБ, КБ
#: before a bank's name) and OFAC's English renderings (JOINT STOCK COMMERCIAL BANK NOVIKOMBANK)
ABBREVIATIONS = {"akb": "jscb"}

#: phrases read before the words (``orgwords._LATIN_PHRASES``): KB before a bank's name (коммерческий
#: банк, commercial bank: KB SINKO BANK), the same written out in transliteration as OFAC does
#: (KOMMERCHESKI BANK, AKTSIONERNY KOMMERCHESKI BANK); Turkish Anonim Şirketi (joint-stock company,
#: abbreviated A.Ş., Turkish Commercial Code 6102 art. 329) and Limited Şirketi (Ltd. Şti., art. 573),
#: written out or abbreviated, are one legal form each
LATIN_PHRASES = [
    (r"\baktsionern(?:y|yi|yy|ij|iy|oe|ogo)\s+kommerchesk(?:i|ii|iy|ij|y|yi)\s+bank\b", "jscb"),
    (r"\bkommerchesk(?:i|ii|iy|ij|y|yi|ogo)\b", "commercial"),
    (r"\bkb\b(?=\s+\S+(?:\s+\S+)?\s+bank\b)", "commercial bank"),
    (r"\banonim\s+(?:sirketi|şirketi|sti|şti)\b\.?", "as"),
    (r"\ba\.\s?[sş]\.?(?!\w)", "as"),
    (r"\blimited\s+(?:sirketi|şirketi|sti|şti)\b\.?", "ltd"),
    (r"\bltd\.?\s+(?:sti|şti)\b\.?", "ltd"),
]

#: Turkish words of companies' names (Türk Dil Kurumu, Güncel Türkçe Sözlük): döviz (foreign exchange;
#: a döviz bürosu is an exchange office: REDIN EXCHANGE, Redin Döviz), gayrimenkul (real estate),
#: ortaklığı (partnership; Gayrimenkul Yatırım Ortaklığı, a real-estate investment trust), and the
#: trades of the Turkish companies' names on OFAC's list (X ENERJI URETIM SANAYI VE TICARET, X TOPTAN
#: SATIS, X LIMAN ISLETMECILIGI, X TASIMACILIK, X GIDA, SAGLIK URUNLERI, ELEKTRIK ENERJISI, METALURJI):
#: production, wholesale, sales, port, operation, transport, food, health, products, electric, energy,
#: metallurgy. What kind of business it is, not which business: vocabulary (orgwords), so that two
#: companies of one trade with different own names stay apart (Anadolu/ANKA ENERJI URETIM)
LATIN_WORDS = {"doviz": "exchange", "gayrimenkul": "realestate", "ortakligi": "partnership",
               "uretim": "production", "toptan": "wholesale", "satis": "sales", "liman": "port",
               "isletmeciligi": "operation", "isletmesi": "operation", "tasimacilik": "transport", "gida": "food",
               "saglik": "health", "urunleri": "products", "elektrik": "electric", "enerjisi": "energy",
               "metalurji": "metallurgy"}
#: ... döviz says the name is an exchange house's (as صرافی, صرافة do: orgwords' triggers)
LATIN_TRIGGERS = frozenset({"doviz"})

# --------------------------------------------------------------------------- (session 15, nineteenth round)
# Organisation names translated into Arabic or Persian while the lists write them in English. Which words:
# the commonest words of the listed organisations' names, counted on the lists themselves (UN consolidated
# list 2025-04-19 and OFAC SDN 2024-05-03, 7,077 organisations, each word once per entry over its name and
# aliases; benchmarks/org_vocabulary_coverage.py prints the count and the coverage): of the 400 commonest
# words, the generic ones (kinds of bodies, trades, the usual adjectives) that no table read from Arabic
# or Persian yet (PLANT 125 entries, INSTITUTE 118, SCIENTIFIC 85, FEDERAL 54, SYSTEMS 45, DESIGN 45,
# MACHINE 33, BUILDING 27, UNITED 25, ACADEMY 24, TECHNICAL 24, SCIENCES 23, ELECTRONIC 22, EQUIPMENT 21,
# MACHINERY 19, DIGITAL 18, DRUG 17, GOLDEN 17, REPAIR 16, MECHANICAL 15, EDUCATION 14, ECONOMIC 13,
# ELECTRICITY 13, PHYSICS 13, POWER 11, CIVIL 10, ZONE 10, UNIT 10, SHIPYARD 10, GULF 10, COMPUTER 7,
# CARTEL 5, SUPPORT 9), and the words of the kinds the earlier rounds read only in the singular. Not the
# words that are names too (بحر Bahr, دریا Darya: OMID DARYA; مدينة Medina; شهر Shahr; إصلاح Islah, a
# party; أخضر, سبز: colours name companies; بري Berri; محيط also "surroundings"; منطقة "zone, region",
# which the lists transliterate in a Syrian branch's name, SYRIAN MILITARY INTELLIGENCE BRANCH 227 - AL
# MINTAQA BRANCH: read as ZONE, فرع المنطقة 227 fell from alert to review on holdout15). Meanings from Hans
# Wehr, A Dictionary of Modern Written Arabic (4th ed.) and the Aryanpur Progressive Persian-English
# Dictionary; the English word is the lists' own.
ARABIC_WORDS_19 = {
    # plant, factory (مصنع "factory, plant, works"); institute (معهد); scientific, sciences, science;
    # academy; technical; systems; design; equipment; electronic; machinery (آلات "instruments, machines")
    "مصنع": "plant", "مصانع": "plant", "معهد": "institute", "علمي": "scientific", "علمية": "scientific",
    "علوم": "sciences", "أكاديمية": "academy", "اكاديمية": "academy", "فني": "technical", "فنية": "technical",
    "أنظمة": "systems", "نظم": "systems", "تصميم": "design", "معدات": "equipment", "تجهيزات": "equipment",
    "إلكتروني": "electronic", "إلكترونية": "electronic", "آلات": "machinery",
    # united, federal, digital, drugs (مخدرات "narcotics"), golden, mechanical, education (تعليم), economic,
    # electricity (كهرباء), physics, civil, unit (وحدة), computer (حاسوب,
    # حاسب, كمبيوتر), cartel (كارتل, كارتيل: the loanword), gulf (خليج), regulatory (رقابة "supervision,
    # control": هيئة الرقابة النووية = NUCLEAR REGULATORY AUTHORITY), nuclear (نووي), exchange (صيرفة "money
    # changing", as صرافة), dock (حوض "basin, dock"; حوض بناء السفن "shipyard"), building (بناء)
    "متحدة": "united", "متحد": "united", "اتحادي": "federal", "اتحادية": "federal", "رقمي": "digital",
    "رقمية": "digital", "مخدرات": "drug", "ذهبي": "golden", "ذهبية": "golden", "ميكانيكي": "mechanical",
    "ميكانيكية": "mechanical", "تعليم": "education", "اقتصادي": "economic", "اقتصادية": "economic",
    "كهرباء": "electricity", "فيزياء": "physics", "مدني": "civil", "مدنية": "civil",
    "وحدة": "unit", "حاسوب": "computer", "حاسب": "computer", "حواسيب": "computer", "كمبيوتر": "computer",
    "كارتل": "cartel", "كارتيل": "cartel", "خليج": "gulf", "رقابة": "regulatory", "رقابية": "regulatory",
    "نووي": "nuclear", "نووية": "nuclear", "صيرفة": "exchange", "حوض": "dock", "ترسانة": "shipyard",
    "بناء": "building",
    # Persian: scientific, sciences, academy (آکادمی; فرهنگستان, the Persian academies'), technical, systems
    # (سامانه, سیستم), design (طراحی), equipment (تجهیزات), electronic, machinery (ماشین‌آلات), machine building
    # (ماشین‌سازی), repair (تعمیر, تعمیرات), mechanical, education (آموزش), economic, physics, civil,
    # unit (یگان), support (پشتیبانی), computer (رایانه, کامپیوتر), cartel, gulf, ocean (اقیانوس), golden
    # (طلایی), digital, ground (زمینی "of the land, ground-": نیروی زمینی ground forces), power (برق, Persian
    # "electricity": نیروگاه برق power plant; Arabic reads it "lightning", so Persian spelling only below)
    "علمی": "scientific", "آکادمی": "academy", "فرهنگستان": "academy", "فنی": "technical", "سامانه": "systems",
    "سیستم": "systems", "طراحی": "design", "تجهیزات": "equipment", "الکترونیکی": "electronic",
    "ماشین‌آلات": "machinery", "ماشین‌سازی": "machine building", "تعمیر": "repair", "تعمیرات": "repair",
    "مکانیکی": "mechanical", "آموزش": "education", "آموزشی": "education", "اقتصادی": "economic", "فیزیک": "physics",
    "مدنی": "civil", "یگان": "unit", "پشتیبانی": "support", "رایانه": "computer",
    "کامپیوتر": "computer", "کارتل": "cartel", "خلیج": "gulf", "اقیانوس": "ocean", "طلایی": "golden",
    "دیجیتال": "digital", "زمینی": "ground", "هسته ای": "nuclear",
}
#: two table words read as one (as ``ARABIC_PHRASES``): بناء السفن "the building of ships", shipbuilding
ARABIC_PHRASES_19 = {("بناء", "سفن"): "shipbuilding"}
#: Persian readings of words Arabic reads otherwise (as ``orglexicon.PERSIAN_WORDS``): برق electricity, power
PERSIAN_WORDS_19 = {"برق": "power"}
#: Latin-script words of the same concepts (Spanish, Italian, Portuguese golfo, French golfe = gulf; Spanish
#: and Italian cártel/cartello; Collins dictionaries), read as the Arabic ones are
LATIN_WORDS_19 = {"golfo": "gulf", "golfe": "gulf", "cartel": "cartel", "cartello": "cartel",
                  # ... and the same concepts' commonest Romance words (Collins dictionaries; IATE's names of
                  # bodies: Istituto/Instituto/Institut, Accademia/Academia/Académie, Scienze/Ciencias/Ciências)
                  "instituto": "institute", "istituto": "institute", "institut": "institute",
                  "academia": "academy", "accademia": "academy", "academie": "academy",
                  "ciencias": "sciences", "scienze": "sciences",
                  "cientifico": "scientific", "cientifica": "scientific", "scientifico": "scientific",
                  "scientifica": "scientific", "scientifique": "scientific",
                  "nucleare": "nuclear", "nucleaire": "nuclear", "fisica": "physics", "physique": "physics"}
#: (the English concepts this round reads that were no word of the generic vocabulary before stay out of
#: it: ``orgwords.ORG_VOCABULARY`` is built from the tables as they were before this round, so the lists'
#: English names keep the word classes and weights they had, KOREA COMPUTER CENTER and GULF CARTEL named by
#: COMPUTER and GULF; only the query's Arabic, Persian or Romance word is read into them)

#: (session 15, nineteenth round) Numbers written in words in organisations' names, read as the figures the
#: lists write: bodies named after a date (15 KHORDAD FOUNDATION, "the Fifteenth of Khordad", Persian بنیاد
#: پانزده خرداد; REVOLUTIONARY ORGANIZATION 17 NOVEMBER) or numbered. English ordinals sixth to thirty-first
#: (the ordinals 1st-3rd and the words first ... fifth are read by the earlier rounds the other way, into
#: words, and stay so; not the English cardinals: the lists write FOURTEEN STAR SHIPPING MANAGEMENT in words,
#: and read as 14 the name met STAR SHIPPING AS at review, holdout14), the Persian cardinals eleven to
#: twenty and thirty (Persian writes a date with the cardinal: پانزده خرداد) and the Persian ordinals in -م
#: (ششم 6th ... پانزدهم 15th; not ده "ten", which is also deh "village", nor نه "nine", also "no").
#: Sources: the Oxford English Dictionary's number words; Lambton, Persian Grammar, ch. 9 (numerals); the
#: Aryanpur Persian-English Dictionary.
_EN_ORD = ("sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth "
           "seventeenth eighteenth nineteenth twentieth").split()
NUMBER_WORDS_LATIN = {w: str(k) for k, w in enumerate(_EN_ORD, 6)}
NUMBER_WORDS_LATIN.update({"thirtieth": "30", "twenty-first": "21", "twenty-second": "22", "twenty-third": "23",
                           "twenty-fourth": "24", "twenty-fifth": "25", "twenty-sixth": "26", "twenty-seventh": "27",
                           "twenty-eighth": "28", "twenty-ninth": "29", "thirty-first": "31"})
_FA_CARD = {"یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15, "شانزده": 16,
            "هفده": 17, "هیفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30}
_FA_ORD = {"ششم": 6, "هفتم": 7, "هشتم": 8, "نهم": 9, "دهم": 10}
NUMBER_WORDS_PERSIAN = {w: str(k) for w, k in _FA_CARD.items()}
NUMBER_WORDS_PERSIAN.update({w: str(k) for w, k in _FA_ORD.items()})
NUMBER_WORDS_PERSIAN.update({w + "م": str(k) for w, k in _FA_CARD.items() if w != "سی"})
NUMBER_WORDS_PERSIAN["سی‌ام"] = "30"

# --------------------------------------------------------------------------- (session 16, twenty-first round)
#: the commonest content words of the listed organisations' names that are ordinary words, not names (counted as
#: ARABIC_WORDS_19's were, once per entry over its name and aliases: NEW 43 and EAST 30 were read already;
#: STAR 24, GENERATION 13, SKY 11, ROYAL 11, PROGRESS 8, DIAMOND 8, LIGHT 6, FUTURE 5, HORIZON(S) 4, PEARL 2),
#: in Arabic as the press translates a company's name (مؤسسة الأفق الجديد = NEW HORIZON ORGANIZATION). Read
#: into English beside the name as written (``matcher.org_reading``) and kept out of the generic vocabulary:
#: the lists' names keep these words as their own content words. Arabic only: the lists write the Iranian
#: companies' Persian words transliterated (OFOGH SABERIN, AYANDEH BANK, ASEMAN PISHRANEH, MORVARID
#: PETROCHEMICAL, TEJARAT ALMAS MOBIN), and Persian آینده read FUTURE made بانک آینده an alert for FUTURE BANK
#: B.S.C., another bank. Not read: the words that are given or family names too (نصر Nasr, هلال Hilal, أمل
#: Amal, شمس Shams, نور Nour: NOUR HOLDING SAL, نور القابضة fell from review to nothing read as LIGHT; فجر
#: Fajr: مؤسسة الفجر read DAWN alerted for DAWN MARINE MANAGEMENT CO LTD), the colours and the sea (as
#: ARABIC_WORDS_19), وحدة (read as UNIT). Meanings from Hans Wehr (4th ed.). Arabic writes the adjective
#: after its noun (الأفق الجديد, "the horizon the new"); the matcher aligns the parts whatever their order,
#: so the words are read one by one.
ARABIC_WORDS_21 = {
    "أفق": "horizon", "آفاق": "horizon", "نجم": "star", "نجمة": "star", "نجوم": "star", "جيل": "generation",
    "سماء": "sky", "ملكي": "royal", "ملكية": "royal", "تقدم": "progress", "ماس": "diamond",
    "ضوء": "light", "أضواء": "light", "مستقبل": "future",
    "لؤلؤة": "pearl", "لؤلؤ": "pearl",
}
