"""(Session 13, fifteenth round) The generic words of organisations' names in the languages the
mission's users read them in, each mapped to ONE concept: the English word ``orgwords`` reads
them into (``orgwords._FR`` / ``orgwords._AR``, whose English words are the concept ids the
matcher aligns; ``orgwords._EN_SAME`` folds synonyms such as charity/association -> society).

Italian and Maltese coast guards, EU operation IRINI, the UN Panel of Experts on Libya and the
Libyan and Tunisian press write the listed bodies in their own language, word for word:
``Autorité libyenne d'investissement`` and ``Autorità libica per gli investimenti`` are the
LIBYAN INVESTMENT AUTHORITY, ``Fondazione Internazionale Gheddafi per la Beneficenza e lo
Sviluppo`` the GADDAFI INTERNATIONAL CHARITY AND DEVELOPMENT FOUNDATION. Only generic words are
here (kinds of bodies, trades, the usual adjectives, countries and their adjectives, the
particles that only link): the words that name the body (Gaddafi, Waatasemu) are compared by sound
as before, and the matcher's rules on names made of generic words only (a shared kind or trade
is not a shared name) apply to these words as to the English ones.

Sources, for each language the official names of the EU's own bodies in the EU's languages (the
EU Interinstitutional Style Guide and IATE, the EU's terminology base, give each body's name in
all 24 languages; Turkish from the bodies' own Turkish pages): European Investment Bank (Banque
européenne d'investissement, Banca europea per gli investimenti, Banco Europeo de Inversiones,
Banco Europeu de Investimento, Europäische Investitionsbank, Bank Ewropew tal-Investiment, Avrupa
Yatırım Bankası); European Bank for Reconstruction and Development (... pour la reconstruction
et le développement, ... per la ricostruzione e lo sviluppo, ... de Reconstrucción y Desarrollo,
... de Reconstrução e Desenvolvimento, ... für Wiederaufbau und Entwicklung, ... għar-Rikostruzzjoni
u l-Iżvilupp, Avrupa İmar ve Kalkınma Bankası); European Banking Authority (Autorité bancaire
européenne, Autorità bancaria europea, Autoridad Bancaria Europea, Autoridade Bancária Europeia,
Awtorità Bankarja Ewropea); European Defence Agency (Agence européenne de défense, Agenzia europea
per la difesa, Agencia Europea de Defensa, Agência Europeia de Defesa, Aġenzija Ewropea għad-Difiża);
International Labour Organization (Organisation internationale du travail, Organizzazione
internazionale del lavoro, Organización Internacional del Trabajo, Organização Internacional do
Trabalho, Internationale Arbeitsorganisation, Organizzazzjoni Internazzjonali tax-Xogħol,
Uluslararası Çalışma Örgütü). Other words (charity, foundation, mining, portfolio, foreign, the
countries' adjectives) from Wiktionary's translation tables of the English words, checked against
the Collins (French, Italian, Spanish, Portuguese, German), Aquilina (Maltese) and Redhouse
(Turkish) dictionaries; Arabic from Hans Wehr's Dictionary of Modern Written Arabic (4th ed.),
Persian from the Aryanpur Progressive Persian-English Dictionary, as the earlier rounds.

Keys are written as ``orgwords`` looks them up: Latin words lower case, accents stripped
(``text.to_ascii``: Autorità -> autorita, Yatırım -> yatirim, Iżvilupp -> izvilupp); Arabic and
Persian words without the article (the look-up strips it and the clitics و ل ب).
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- Latin script
#: word -> concept (the English word of ``orgwords``), by concept
LATIN_WORDS: dict[str, str] = {}


def _add(concept: str, words: str) -> None:
    for w in words.split():
        LATIN_WORDS.setdefault(w, concept)


# authority (fr, it, es, pt, de, mt, tr)
_add("authority", "autorite autorita autoridad autoridade behorde behoerde awtorita otorite otoritesi")
# investment
_add("investment", "investissement investissements investimento investimenti inversion inversiones "
                   "investimentos investition investitionen investiment investimenti yatirim yatirimlari "
                   "yatirimi")
# charity and charitable (a charity is a society in orgwords: _EN_SAME charity -> society)
_add("charity", "charite bienfaisance beneficenza caridad caridade beneficencia wohltatigkeit "
                "wohltaetigkeit karita hayir benefica benefico benefiche benefici caritatif caritative "
                "caritatevole caritativa caritativo beneficente karitatevoli karitattiva")
# development
_add("development", "developpement sviluppo desarrollo desenvolvimento entwicklung zvilupp izvilupp "
                    "kalkinma kalkinmasi gelistirme")
# foundation (orgwords: foundation -> company, the loose word for an establishment)
_add("foundation", "fundacion fundacao fondazzjoni vakif vakfi")
# association (-> society)
_add("association", "associazione asociacion associacao assocjazzjoni dernek dernegi vereinigung")
# organisation
_add("organization", "organizzazione organizacion organizacao organizzazzjoni teskilat teskilati orgut "
                     "orgutu")
# industries
_add("industries", "industrie industria industrias industrien industriji sanayi sanayii")
# defence
_add("defense", "defensa defesa verteidigung difiza savunma")
# aerospace
_add("aerospace", "aerospatiale aerospaziale aeroespacial")
# aviation (Turkish havacılık; orgwords folds aviation into air)
_add("aviation", "havacilik")
# mining and mines (a mine, mines: orgwords folds mines into mining, _EN_SAME)
_add("mining", "minier miniere minieres mineraria minerario minera minero mineria mineira mineracao "
               "bergbau minjieri madencilik")
_add("mines", "miniere minas minen madenler madenleri")
# renovation (IRANIAN MINES AND MINING INDUSTRIES DEVELOPMENT AND RENOVATION ORGANIZATION)
_add("renovation", "rinnovamento renovacion renovacao erneuerung")
# bank, company
_add("bank", "banco banka bankasi")
_add("company", "compania companhia sociedad sociedade kumpanija sirket sirketi")
# oil, national, international, foreign, portfolio, africa(n)
_add("oil", "petroleo erdol petrol")
_add("national", "nacional nazzjonali ulusal milli")
_add("international", "internacional internazzjonali uluslararasi")
_add("foreign", "etranger etrangere etrangers etrangeres exterieur exterieure esteri estero estera "
                "straniero straniera stranieri extranjero extranjera extranjeros exterior estrangeiro "
                "estrangeira auslandisch auslandische auslandischer barrani barranija yabanci")
_add("portfolio", "portefeuille portafoglio cartera carteira portafoll portfoy portfoyu")
_add("africa", "afrika")
_add("african", "africain africaine africano africana afrikanisch afrikanische")
# the countries' adjectives and names of the lists' programmes (orgwords folds an adjective into
# its country: libyan -> libya)
_add("libyan", "libio libisch libysche libyscher libysches libjan libjana")
_add("libya", "libien")
_add("iranian", "irani iraniano iraniana iranisch iranische iranischer iranjan iranjana")
_add("syrian", "sirio syrisch syrische syrischer sirjan sirjana")
# (not the Maltese gharbi: written without its letters ghajn and h-bar it is the family name Gharbi,
# one of the commonest of Tunisia and Libya; review of session 13)
_add("arab", "arabisch arabische")
# (session 13 review) Turkish words of commerce (Redhouse): ticaret "trade, commerce" (Dış Ticaret
# Bankası, foreign trade bank: read as a proper word it sounded like the Persian TEJARAT), ticari
# "commercial", dış "foreign, outer", ithalat "import(s)", ihracat "export(s)", nakliyat and nakliye
# "transport", denizcilik "shipping, maritime affairs", inşaat "construction", enerji "energy",
# mühendislik "engineering"
_add("trade", "ticaret ticareti")
_add("commercial", "ticari")
_add("foreign", "dis")
_add("import", "ithalat")
_add("export", "ihracat")
_add("transport", "nakliyat nakliye")
_add("shipping", "denizcilik")
_add("construction", "insaat")
_add("energy", "enerji")
_add("engineering", "muhendislik")
# the particles that only link: for, and (orgwords drops the articles and "of" words)
_add("for", "para fur fuer")
_add("for", "por pela pelo")   # (session 14) Spanish por, Portuguese pela/pelo ("for the")
_add("and", "und ve")

# (session 14) the words of armed groups' and political bodies' names as Italian, Spanish, Portuguese,
# French and German reports write them (Fronte Popolare per la Democrazia e la Giustizia = PEOPLE'S FRONT
# FOR DEMOCRACY AND JUSTICE; Brigate al-Mujahidin = AL-MUJAHIDIN BRIGADES; Movimento per la Giustizia e
# l'Uguaglianza = JUSTICE AND EQUALITY MOVEMENT; Frente de Liberación; Partito dei Lavoratori del
# Kurdistan). Sources: IATE and the EU Interinstitutional Style Guide's names of bodies (European
# Democracy, Justice, Court of Justice: Corte di giustizia, Tribunal de Justicia, Tribunal de Justiça,
# Cour de justice, Gerichtshof), Wiktionary's translation tables checked against the Collins
# dictionaries, as the fifteenth round
_add("democracy", "democrazia democratie democracia demokratie")
_add("justice", "giustizia justicia justica gerechtigkeit")
_add("equality", "uguaglianza eguaglianza egalite igualdad igualdade gleichheit")
_add("movement", "movimento movimiento bewegung")
_add("party", "partito partido partei")
_add("front", "frente")
_add("brigade", "brigada")
_add("brigades", "brigadas")
_add("division", "divisione divisao")
_add("army", "ejercito exercito")
_add("state", "estado")
_add("islamic", "islamico islamica")
_add("liberation", "liberazione liberacion libertacao befreiung")
_add("martyrs", "martiri martires")
_add("workers", "lavoratori trabajadores trabalhadores travailleurs")
_add("transport", "trasporto trasporti transporte transportes transports")
_add("first", "primo primera primero primeira")   # (not premier: also "prime minister"; not prima: "before")
_add("second", "deuxieme segunda")
# ... and the words of security forces' and militias' names (Corpo delle Guardie della Rivoluzione
# islamica, Corps des gardiens de la révolution islamique, Cuerpo de la Guardia Revolucionaria Islámica =
# ISLAMIC REVOLUTIONARY GUARD CORPS; Forze di Mobilitazione Popolare = POPULAR MOBILIZATION FORCES; Forze
# di Difesa Nazionale = NATIONAL DEFENSE FORCES; Milizia Kaniyat = KANIYAT MILITIA; Consiglio della Shura;
# Battaglione; the same sources)
_add("corps", "corpo cuerpo")
_add("guard", "guardie guardiani gardiens guardianes guardioes guardas")
_add("revolution", "rivoluzione revolucion revolucao")
_add("revolutionary", "rivoluzionari rivoluzionarie revolucionaria revolucionario revolucionarios revolutionnaires")
_add("forces", "forze fuerzas forcas")
_add("mobilization", "mobilitazione movilizacion mobilizacao mobilisation")
_add("militia", "milizia milizie milicia milicias milice milices")
_add("council", "consiglio consejo conselho")
_add("battalion", "battaglione batallon batalhao")   # (not secondo: "according to"; not segundo: a given name)
_add("third", "terzo terza troisieme tercera tercero terceira")

#: English synonyms folded into one concept (orgwords._EN_SAME): a charitable society is a charity
EN_SAME = {"charitable": "society",
           # a consultant and consulting firm, engineers and engineering (IMENSAZEN CONSULTANT ENGINEERS
           # INSTITUTE, MAHAB GHODSS CONSULTING ENGINEERING COMPANY: Persian مهندسین مشاور in both)
           "consultant": "consulting", "consultants": "consulting", "engineers": "engineering",
           # (session 14) PEOPLE'S and POPULAR render one Arabic word (شعبي: PEOPLE'S FRONT FOR DEMOCRACY AND
           # JUSTICE, POPULAR FRONT FOR THE LIBERATION OF PALESTINE; Italian popolare, French populaire);
           # the ordinal written in figures (1ST ARMORED DIVISION = FIRST ARMORED DIVISION); British and
           # US spellings (armoured, OED); a trade named by its gerund (FOR TRANSPORTING & CONTRACTING)
           "peoples": "popular", "1st": "first", "2nd": "second", "3rd": "third", "armoured": "armored",
           "transporting": "transport",
           # (session 14) لواء (liwa) is rendered by the lists as DIVISION (FATEMIYOUN DIVISION, Liwa
           # Fatemiyoun) and as BRIGADE (ZAINABIYOUN BRIGADE, Liwa Zainabiyoun); Hans Wehr: liwa' "brigade;
           # division". The two words are one kind of unit, as BRIGADES and BATTALIONS are (KIND_GROUP)
           "division": "brigade", "divisions": "brigades",
           # (session 14) the revolution's guard is the revolutionary guard: the IRGC's Persian name says
           # انقلاب "revolution" (سپاه پاسداران انقلاب اسلامی), its Arabic one ثوري "revolutionary" (الحرس
           # الثوري), the French and Italian press "gardiens de la révolution", "Guardie della Rivoluzione"
           "revolution": "revolutionary"}
#: concepts read across languages that stay out of the generic vocabulary (orgwords.ORG_VOCABULARY):
#: they tell two state bodies apart whose names are otherwise all generic words (IRANIAN MINES AND
#: MINING INDUSTRIES DEVELOPMENT AND RENOVATION ORGANIZATION, IMIDRO, and INDUSTRIAL DEVELOPMENT AND
#: RENOVATION ORGANIZATION OF IRAN, IDRO), as they did before this round translated them
NOT_GENERIC = frozenset({"mines", "renovation",
                         # (session 14) ordinals tell bodies apart as numbers do (FIRST DIVISION, FOURTH
                         # DIVISION OF THE SYRIAN ARAB ARMY), and ARMORED stays the word it was before
                         "first", "second", "third", "fourth", "fifth", "1st", "2nd", "3rd", "armored", "armoured"})

#: abbreviations that say a name is a body's (``orgwords._ABBREVIATIONS``): Org. for Organization,
#: Organisation, Organizzazione ... (IMIDRO (Iranian Mines & Mining Industries Development &
#: Renovation Org.)); Oxford English Dictionary and IATE abbreviations
ABBREVIATIONS = {"org": "organization"}
#: words that say a name is a body's (``orgwords._FR_TRIGGERS``): a name of no stated kind
#: holding one is read as an organisation's
LATIN_TRIGGERS = frozenset({
    "autorite", "autorita", "autoridad", "autoridade", "behorde", "awtorita", "otorite", "otoritesi",
    "fundacion", "fundacao", "fondazzjoni", "vakif", "vakfi", "associazione", "asociacion", "associacao",
    "assocjazzjoni", "dernek", "dernegi", "organizzazione", "organizacion", "organizacao",
    "organizzazzjoni", "teskilati", "orgutu", "banco", "bankasi", "compania", "companhia", "kumpanija",
    "sirketi", "portafoglio", "portefeuille",
    # (session 14) the kinds of armed groups and political bodies in Italian, Spanish and Portuguese
    "fronte", "frente", "brigata", "brigate", "brigada", "brigadas", "movimento", "movimiento", "partito",
    "partido", "ejercito", "exercito", "divisione", "stato", "estado", "forze", "fuerzas", "forcas", "milizia",
    "milicia", "milice", "consiglio", "consejo", "conselho", "battaglione", "batallon", "batalhao", "corpo",
    "cuerpo"})

#: (session 14) transliterated Arabic kinds that are names too (orgwords._NAME_TOO) but say a name is a
#: body's when they open it: لواء (Liwa) in the construct state is written as alone (unlike Jabha ->
#: Jabhat, Haraka -> Harakat, which the tables read), so "Liwa Fatemiyoun", "Liwa al-Quds" open with it
CONSTRUCT_TRIGGERS = frozenset({"liwa", "liwaa"})

#: Italian/Spanish/Portuguese/Maltese articles and prepositions that only link (orgwords._FR_DROP)
LATIN_DROP = frozenset({"per", "los", "las", "ta", "tal", "tad", "tat", "tar", "tas", "taz", "tan", "tax", "tac",
                        "ghal", "ghall", "ghar", "ghad", "ghat", "ghas", "ghan"})
# (the Italian "per" means "for", which orgwords reads as the particle "for"; "per" is kept there)
LATIN_DROP = LATIN_DROP - {"per"}

#: "and" written as one letter (Italian and Portuguese e, Spanish y, Maltese u) between two words of
#: an organisation's name: dropped like the Persian "va" (orgwords) when it stands between words
ONE_LETTER_AND = frozenset({"e", "y", "u"})

#: the Maltese article and its prepositions glued by a hyphen (il-, l-, tal-, għall-, ir-, ix- ...;
#: Aquilina, Maltese-English Dictionary: the article assimilates to the consonant that follows),
#: written before a word of the name: Bank Ewropew tal-Investiment, għar-Rikostruzzjoni u l-Iżvilupp;
#: not bin- ("with the" before n), which is the Arabic "son of" of transliterated names (bin-Laden,
#: bin-Ali; review of session 13)
MALTESE_ARTICLE = re.compile(
    r"^(?!bin-)(?:(?:ta|gha|mi|fi|bi|li|ma|sa)l?(?:l|d|t|r|s|z|n|x|c)|i(?:l|d|t|r|s|z|n|x|c)|l)-(?=[a-z]{2})")

# --------------------------------------------------------------------------- Arabic and Persian script
#: word (without the article) -> concept; Hans Wehr (Arabic), Aryanpur (Persian)
ARABIC_WORDS: dict[str, str] = {
    # foreign (أجنبي "foreign, alien": IRAN FOREIGN INVESTMENT COMPANY, شركة الاستثمار الأجنبي الإيرانية)
    "أجنبي": "foreign", "أجنبية": "foreign", "خارجی": "foreign",
    # defence as an adjective (دفاعي "defensive, of defence": DEFENSE INDUSTRIES ORGANIZATION)
    "دفاعي": "defense", "دفاعية": "defense",
    # investments, of investment
    "استثمارات": "investment", "استثمارية": "investment", "استثماري": "investment",
    # authority (سلطة "authority, power"); charitable works
    "سلطة": "authority", "جمعيات": "society",
    # (Persian) renovation, mines (Aryanpur: نوسازی "renovation, modernisation"; معادن "mines")
    "نوسازی": "renovation", "بازسازی": "renovation", "توسعه‌ای": "development",
    # (Persian) engineers, consultant(s), consulting (Aryanpur: مهندس "engineer", pl. مهندسین, مهندسان;
    # مشاور "consultant, adviser"; مشاوره "consultation")
    "مهندسین": "engineers", "مهندسان": "engineers", "مشاور": "consultant", "مشاوران": "consultant",
    "مشاوره": "consulting",
    # (session 14) the words of Syrian security branches' and Sudanese and Syrian companies' names as
    # the Arabic press and OFAC's own Arabic-English pairs write them (SYRIAN MILITARY INTELLIGENCE BRANCH
    # 235 - PALESTINE: فرع فلسطين; BRANCH 215 - RAIDS: فرع المداهمة; SAKSOUK COMPANY FOR EXCHANGE AND
    # MONEY TRANSFER: شركة صقصوق للصرافة وتحويل الأموال; AL JUNAID MULTI ACTIVITIES CO: شركة الجنيد للأنشطة
    # المتعددة; DEFENSE INDUSTRIES SYSTEM: منظومة الصناعات الدفاعية; FIRST DIVISION OF THE SYRIAN ARAB ARMY:
    # الفرقة الأولى). Hans Wehr's Dictionary of Modern Written Arabic (4th ed.): فرع "branch", مداهمة
    # "raid", منظومة "system", تحويل "transfer", أموال "money, funds", أنشطة "activities", متعدد "multiple",
    # the ordinals الأول/الأولى first, الثاني/الثانية second, الثالث/الثالثة third, الرابع/الرابعة fourth,
    # الخامس/الخامسة fifth; and the exonyms of the two Syrian cities in the lists' names of bodies (Damascus, Aleppo)
    "فرع": "branch", "مداهمة": "raids", "منظومة": "system", "تحويل": "transfer", "أموال": "money",
    "أنشطة": "activities", "نشاطات": "activities", "متعددة": "multi", "متعدد": "multi",
    # (the ordinals with their article only, as they follow a definite noun: الفرقة الرابعة; bare, the
    # look-up's clitics would read باول, Paul, as ب + أول)
    "الأول": "first", "الأولى": "first", "الثاني": "second", "الثانية": "second", "الثالث": "third",
    "الثالثة": "third", "الرابع": "fourth", "الرابعة": "fourth", "الخامس": "fifth", "الخامسة": "fifth",
    "دمشق": "damascus", "حلب": "aleppo",
    # (session 14) money transfer and real estate in exchange houses' and companies' names (Hans Wehr: حوالة
    # "money order, transfer, remittance", تحويلات "transfers, remittances", عقار "real estate"; AL-FADEL
    # EXCHANGE AND MONEY TRANSFER COMPANY)
    "حوالة": "transfer", "حوالات": "transfer", "تحويلات": "transfer", "مالية": "financial", "عقارية": "real estate",
    "عقاري": "real estate", "عقارات": "real estate",
}
#: two words read as one concept (orgwords._arabic): "air and space" industries (الصناعات الجوية
#: الفضائية = AEROSPACE INDUSTRIES ORGANIZATION; Hans Wehr: جوي "air-, aerial", فضائي "space-"), which
#: orgwords read as air and tv (فضائية alone is a satellite channel: قناة فضائية)
ARABIC_PHRASES: dict[tuple[str, str], str] = {("جوية", "فضائية"): "aerospace", ("جوي", "فضائي"): "aerospace",
                                              ("جو", "فضائية"): "aerospace",
                                              # (session 14) money transfers (حوالات مالية)
                                              ("حوالات", "مالية"): "money transfer",
                                              ("حوالة", "مالية"): "money transfer"}
#: Persian readings of words Arabic reads otherwise (orgwords reads Arabic معادن as metals, the
#: thirteenth round; Persian names mines with it: سازمان توسعه و نوسازی معادن و صنایع معدنی ایران =
#: IRANIAN MINES AND MINING INDUSTRIES DEVELOPMENT AND RENOVATION ORGANIZATION); applied to a name
#: written in Persian letters (ی ک پ چ ژ گ)
PERSIAN_WORDS: dict[str, str] = {
    "معادن": "mines",
    # موسسه: Persian for an institute (IMENSAZEN CONSULTANT ENGINEERS INSTITUTE = موسسه مهندسین مشاور
    # ایمن‌سازان), written like Arabic مؤسسة (foundation, establishment) once folded
    "موسسه": "institute", "مؤسسه": "institute"}
#: words that only link, dropped (``orgwords._AR_DROP``): آل "family of" standing alone (the
#: tokeniser drops it from a person's name; read as an organisation's, it was left as a lone article
#: that met the English ALL)
ARABIC_DROP = frozenset({"آل"})
#: words that say a name is a body's (``orgwords._AR_TRIGGERS``)
ARABIC_TRIGGERS = frozenset({"سلطة", "فرع", "منظومة"})   # (session 14) a branch, a system


_HYPHEN_ARTICLES = frozenset({"al", "el", "ul", "ud", "ur", "us", "ut", "uz", "ad", "ar", "as", "ash", "at", "az",
                              "an", "ath", "adh", "ed", "er", "es", "en"})


def split_latin_compound(word: str, table) -> list[str] | None:
    """(Fifteenth round) A word of an organisation's name made of two words of the tables: German
    writes its compounds in one word, with or without the linking s (Investitionsbehörde =
    Investition + Behörde, "investment authority"; Duden, Die Grammatik, on Fugenelemente), and a
    hyphen joins a name to a generic word (Gaddafi-Stiftung, tal-Investiment). ``word`` lower case
    ASCII; ``table`` the words read (orgwords._FR and its particles). Returns the parts, or None when
    the word is no such compound (a hyphenated word splits when one of its parts is a table word;
    a glued one only when both are, each of five letters or more)."""
    if "-" in word:
        # (a one-vowel part is the Persian and Urdu izafat, Jaish-e-Mohammed, and the Arabic article
        # in its assimilated forms, Harakat-ul-Mujahidin, is no word either: text.HYPHEN_ARTICLES)
        parts = [p for p in word.split("-") if p and not (len(p) == 1 and p in "aeiouy")
                 and p not in _HYPHEN_ARTICLES]
        if len(parts) >= 2 and any(p.strip(".,;:()[]\"'") in table for p in parts):
            return parts
        return None
    if len(word) < 10 or not word.isalpha():
        return None
    for k in range(5, len(word) - 4):
        head, tail = word[:k], word[k:]
        if tail in table and (head in table or (head.endswith("s") and head[:-1] in table)):
            return [head[:-1] if head not in table else head, tail]
    return None

