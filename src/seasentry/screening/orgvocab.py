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
