"""Namesakes by the form of the name (issue 15, eighteenth round, docs/screening.md "Session 14,
eighteenth round: namesakes by name form"): a person's name that meets a listed person's given name
and only part of the family name, in a way that, by the naming usage of that name, more often names
another person. Such a name is kept for review and taken off alert (``MatchWeights.namesake_cap``).

- ``maternal_surname_only``: a listed name with two family names (Spanish and Latin American usage:
  the father's family name first, the mother's second; RAE, Diccionario panhispánico de dudas,
  "apellido") asked for by the given name and the SECOND family name alone. People are called by the
  first (Diosdado Cabello ~ CABELLO RONDON, Diosdado; Nicolás Maduro ~ MADURO MOROS); given name +
  mother's family name is another person's usual name (Rocco Serrano ~ ALBISINNI SERRANO, Rocco).
"""

from __future__ import annotations

import re


# (Session 16, twenty-first round) the two family names of Spanish and Portuguese naming. Spanish: the
# father's first family name, then the mother's (Ley 20/2011 del Registro Civil, art. 49; RAE, Diccionario
# panhispánico de dudas, "apellido"); a person is called by the given name and the FIRST (Pablo Sandoval ~
# SANDOVAL LOPEZ, Pablo Roberto). Portuguese and Brazilian: the mother's family name, then the father's
# (Código do Registo Civil, art. 103; Brazilian Lei 6.015/1973, art. 54-55 by usage), and a person is
# called by the LAST (Lula da Silva: Luiz Inácio Lula da Silva). The particles (de, del, de la, da, dos)
# are no parts (text.PARTICLES). The countries whose naming is Portuguese (ISO 3166-1): the index marks a
# listed person tied to them (``NameInfo.lusophone``)
LUSOPHONE_COUNTRIES = frozenset({"BR", "PT", "AO", "MZ", "CV", "GW", "ST", "TL"})
# the first words of the Arabic naming chain, whose two family words are one name (ABD AL-, ABU, BIN)
_CHAIN_HEADS = ("abd", "abu", "bin", "ben", "ibn")


def two_surnames(name: str, tokens, roles, fam_words: int) -> tuple[int, int] | None:
    """(first, second): the parts of a listed person's two family names written before the comma
    ("SANDOVAL LOPEZ, Pablo Roberto", "DE ICAZA LOZANO, Alejandro"), each one Latin word, after a given
    name; None for other names (one family name, a hyphenated one, the Arabic chain's ABD AL-RAHMAN or
    BIN LADEN, whose particle dropped leaves one name, an article's nisba)."""
    n = len(tokens)
    if fam_words != 2 or n < 3 or "," not in (name or ""):
        return None
    j0, j1 = n - 2, n - 1
    if roles[j0] != "f" or roles[j1] != "f":
        return None
    written = [w for w in re.split(r"[\s]+", name.split(",")[0].strip().lower()) if w]
    if any("-" in w for w in written) or any(w in ("bin", "ben", "ibn", "bint", "abu", "abd") for w in written):
        return None
    for j in (j0, j1):
        t = tokens[j]
        if t.article or t.script != "latin" or len(t.text) < 2 or t.is_number or t.text.startswith(_CHAIN_HEADS):
            return None
    return j0, j1


def surname_roles(ci) -> tuple[int, int] | None:
    """(main, other): the listed parts of the family name a person is called by (the first of two in
    Spanish naming, the last in Portuguese) and of the other one (``two_surnames``); None for a name
    without two family names."""
    if ci.surnames is None:
        return None
    first, second = ci.surnames
    return (second, first) if ci.lusophone else (first, second)


def maternal_surname_only(qi, ci, pairs) -> bool:
    """Given name and the OTHER family name than the one a person is called by (``surname_roles``),
    alone: the mother's in Spanish naming, another person's usual name (Rocco Serrano ~ ALBISINNI SERRANO,
    Rocco)."""
    if not ci.person or ci.surnames is None or qi.abjad or ci.abjad or ci.given is None:
        return False
    main, other = surname_roles(ci)
    nq = len(qi.tokens)
    if nq < 2 or len(pairs) != nq:
        return False
    mc = {j: i for i, j, _ in pairs}
    return main not in mc and other in mc and mc[other] == nq - 1 and ci.given in mc


def surnames_swapped(qi, ci, pairs) -> bool:
    """(Session 16) Both family names met, in the other order (Pablo Lopez Sandoval ~ SANDOVAL LOPEZ,
    Pablo Roberto): the order is the filiation (father's, mother's), so the names swapped are another
    person's, a child of other parents (Ley 20/2011 art. 49: the order is chosen once, for all siblings)."""
    if not ci.person or ci.surnames is None or qi.abjad or ci.abjad:
        return False
    mc = {j: i for i, j, _ in pairs}
    j0, j1 = ci.surnames
    return (j0 in mc and j1 in mc and mc[j1] < mc[j0]
            and ci.tokens[j0].text != ci.tokens[j1].text)   # (not URIBE URIBE: one name twice)


def surname_conflict(qi, ci, pairs) -> bool:
    """(Session 16) The query writes two family names, one of them one of the listed person's and the
    other one not met (Saul Flores Medina ~ FLORES TINAJERO, Saul; Alejandro Lozano Ruiz ~ DE ICAZA
    LOZANO, Alejandro): the second family name is part of who the person is (the other parent's), so the
    name is another person's. The two family names are the query's last two parts (or first two, written
    family first), one paired with a listed family name and one paired with nothing; the other query
    part is one given name paired with the listed given or a middle name (two given names or more met
    are evidence of their own: not this rule). Evidence against the person (``namesake_against_cap``,
    below review) and no rare-parts floor (matcher.rare_parts_agree)."""
    if not ci.person or ci.surnames is None or qi.abjad or ci.abjad:
        return False
    q = qi.tokens
    nq = len(q)
    if nq < 3:
        return False
    mq = {i: j for i, j, _ in pairs}
    fam = set(ci.surnames)
    for a, b in ((nq - 2, nq - 1), (0, 1)):
        block = (a, b)
        met = [k for k in block if k in mq]
        free = [k for k in block if k not in mq]
        if len(met) != 1 or len(free) != 1 or mq[met[0]] not in fam:
            continue
        t = q[free[0]]
        if t.script != "latin" or len(t.text) < 3 or t.is_number:
            continue
        rest = [k for k in range(nq) if k not in block]
        if len(rest) == 1 and rest[0] in mq and ci.roles[mq[rest[0]]] in ("g", "m"):
            return True
    return False


_FILIATION = re.compile(r"(?:^|[\s,'-])(?:bin|ibn|ben|bint|binti|ould|wuld|بن|ابن|بنت|ولد)(?=$|[\s,'-])", re.I)


def father_is_listed_given(qi, ci, pairs) -> bool:
    """The query names its father with a filiation word (bin, ibn, ould, بن), the father's name meets
    the listed person's given name and the query's own given name meets another listed part."""
    if not ci.person or ci.given is None or qi.given is None or not _FILIATION.search(qi.name or ""):
        return False
    mq = {i: j for i, j, _ in pairs}
    mc = {j: i for i, j, _ in pairs}
    return (ci.given in mc and qi.roles[mc[ci.given]] == "m" and mc[ci.given] > qi.given
            and qi.given in mq and mq[qi.given] != ci.given
            # not the same given name twice (Muhammad Ammar Saati Bin Mohamad ~ SAATI BIN MOHAMAD, Mohamad Ammar)
            and qi.tokens[qi.given].skel[:1] != ci.tokens[ci.given].skel[:1])


def nisba_of_family_name(qi, ci, pairs) -> bool:
    """Two Latin family names, one the other with the nisba ending -i (Zahrani / ZAHRAN, Abbasi /
    ABBAS): the adjective of belonging (al-Zahrani: of the Zahran tribe) is another family's name."""
    if not ci.person or qi.abjad or ci.abjad:
        return False
    for i, j, _ in pairs:
        if ci.roles[j] != "f" or qi.roles[i] != "f":
            continue
        a, b = qi.tokens[i].text, ci.tokens[j].text
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        if len(short) >= 4 and short[-1] not in "aeiouy" and long_ in (short + "i", short + "y"):
            return True
    return False


# (Session 15, nineteenth round) an Arabic letter that ends a word, and the Latin consonant letters
# that write it last before a nisba ending -i / -y (UNGEGN 1972 / BGN-PCGN 1956 romanisation of Arabic,
# with the English and French spellings the lists use: ش sh / ch, ج j / g / dj, ق q / k / g, خ kh / x)
_FINAL_CONSONANT = {"ب": "b", "ت": "t", "ث": "ths", "ج": "jg", "ح": "h", "خ": "hx", "د": "d", "ذ": "dhz",
                    "ر": "r", "ز": "z", "س": "s", "ش": "h", "ص": "s", "ض": "dh", "ط": "t", "ظ": "zh",
                    "غ": "hg", "ف": "f", "ق": "qkg", "ك": "k", "ل": "l", "م": "m", "ن": "n"}


def nisba_missing_across_scripts(qi, ci, pairs, min_similarity: float = 0.9) -> bool:
    """A family name written in Latin letters with the nisba ending -i / -y after a consonant
    (ALIYANI, Zahrani) met by an Arabic-script word that ends in that consonant, without the ya of the
    nisba (الين Alin, زهران Zahran): the Arabic script writes the nisba's ya (ي) always, so the word
    without it is the name the nisba is formed from, another name (Hans Wehr, "-iyy"; Wright, *A Grammar
    of the Arabic Language* I, para 249): ألين حسن ~ HASSAN ALIYANI, Ahmed Mahamud 0.93; and the other
    way, يوسف الزهراني ~ ZAHRAN, Yousuf. The same rule as
    ``nisba_of_family_name`` within Latin script. Not when the Arabic word ends in ayn (رافع = Rafi: the
    Latin leaves the ayn out), ta marbuta or ha (the feminine nisba -iyya), a long vowel or hamza; only
    pairs that are close spellings (``min_similarity``: not a compound read glued, غلام ~ Gholamali)."""
    if not (ci.person or qi.person) or qi.abjad == ci.abjad:
        return False
    for i, j, sim in pairs:
        if sim < min_similarity - 0.05:   # (the nisba's ya on the Arabic side costs its similarity more)
            continue
        a, b = qi.tokens[i], ci.tokens[j]
        if a.script == "arabic" and b.script == "latin":
            ar, lat, lat_role = a.text, b.text, ci.roles[j]
        elif b.script == "arabic" and a.script == "latin":
            ar, lat, lat_role = b.text, a.text, qi.roles[i]
        else:
            continue
        if lat_role != "f" or len(lat) < 4 or not ar:
            continue
        if sim >= min_similarity and lat[-1] in "iy" and lat[-2] not in "aeiouy" \
                and lat[-2] in _FINAL_CONSONANT.get(ar[-1], ""):
            return True
        # ... and the other way: the Arabic word ends in the nisba (consonant + ya: الزهراني) and the
        # Latin family name ends in that consonant (ZAHRAN, Yousuf)
        # (not an English adjective of a country, -ian / -yan: Mauritanian = الموريتاني translated)
        if len(ar) >= 4 and ar[-1] in "يی" and lat[-1] not in "aeiouy" and not lat.endswith(("ian", "yan")) \
                and lat[-1] in _FINAL_CONSONANT.get(ar[-2], ""):
            return True
    return False


def family_name_left_out(qi, ci, pairs) -> bool:
    """(Session 15, nineteenth round) A query that meets only the given and middle names of a listed
    person whose family name the list marks ("DA COSTA, Luis Fernando"), the family name left out, in two
    parts or more: given names alone name no one (فرناندو لويس, Fernando Luis ~ DA COSTA, Luis Fernando
    0.885 on main). Not a listed name of the Arabic naming chain (``nasab``: its middle names are the
    father's and grandfather's, and given + father's name is how a person is named there); not when a
    query part is left over (it may be the family name spelt otherwise), nor when the query writes a
    title (Ali Shams Moulavi ~ MULAVI, Ali Shams: the title is the listed family name)."""
    if not ci.person or not ci.family_marked or ci.nasab or len(pairs) < 2:
        return False
    fam = [j for j, r in enumerate(ci.roles) if r == "f"]
    if not fam:
        return False
    paired = {j for _, j, _ in pairs}
    if len({i for i, _, _ in pairs}) < len(qi.tokens) or qi.titles:
        # a query part left over may be the family name spelt otherwise; a title the query writes
        # (Moulavi, dropped from its parts) may be the listed family name (MULAVI, Ali Shams)
        return False
    return not (paired & set(fam)) and all(ci.roles[j] in ("g", "m") for j in paired)


# "new" in the languages of the lists and the region (English, French, Spanish, Italian, Portuguese,
# German, Turkish, Russian in Latin letters, Arabic, Persian)
NEW_WORDS = frozenset({"new", "nouvelle", "nouveau", "nouvel", "nuevo", "nueva", "novo", "nova", "nuovo", "nuova",
                       "neue", "neuer", "neues", "yeni", "novyy", "novy", "novaya", "jadid", "jadida", "jadeed",
                       "جديد", "الجديد", "الجديدة", "جديدة", "جدید", "نو"})


def org_new_word_missing(qi, ci, pairs) -> bool:
    """A listed organisation named NEW X (NEW ANSARI MONEY EXCHANGE) asked for as X without the word
    for new in any language: New is what tells the listed body from the older or other body of that
    name (Al Ansari Exchange is another exchange house), so the name is at most a review."""
    if ci.person or not ci.tokens or ci.tokens[0].text not in NEW_WORDS:
        return False
    if any(t.text in NEW_WORDS for t in qi.tokens) or any(j == 0 for _, j, _ in pairs):
        return False
    return len(pairs) >= 1


# East Slavic patronymics in the usual romanisations (BGN/PCGN, passports, German -owitsch)
_PATRONYMIC_ENDS = ("ovich", "evich", "ovych", "evych", "ovitch", "evitch", "owitsch", "ewitsch", "ovna", "evna",
                    "ichna", "ovitsj", "evitsj")
# masculine -> feminine endings of Russian family names (Kozlov / Kozlova, Kuzmin / Kuzmina)
_MASC_ENDS = ("ov", "ev", "yov", "in", "yn")


def is_patronymic(text: str) -> bool:
    return len(text) >= 7 and text.endswith(_PATRONYMIC_ENDS)


def patronymics_disagree(qi, ci, pairs) -> bool:
    """Both names give an East Slavic patronymic and the two are not paired (Petrovich / Vadimovich):
    the fathers are different men, so the persons are."""
    if not ci.person:
        return False
    mq = {i for i, _, _ in pairs}
    mc = {j for _, j, _ in pairs}
    q_pat = [i for i, t in enumerate(qi.tokens) if is_patronymic(t.text)]
    c_pat = [j for j, t in enumerate(ci.tokens) if is_patronymic(t.text)]
    return bool(q_pat and c_pat and not any(i in mq for i in q_pat) and not any(j in mc for j in c_pat))


def family_name_other_sex(qi, ci, pairs) -> bool:
    """A Russian family name paired with its form for the other sex (KOZLOVA / KOZLOV): a woman's name
    is not a man's, another person of the family at most."""
    if not ci.person:
        return False
    for i, j, _ in pairs:
        a, b = qi.tokens[i].text, ci.tokens[j].text
        if qi.tokens[i].script != "latin" or ci.tokens[j].script != "latin":
            continue
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        if len(short) >= 4 and short.endswith(_MASC_ENDS) and long_ == short + "a":
            return True
    return False


# the rules, in the order they are tried; a rule's name is the name of its function
NAMESAKE_RULES = (patronymics_disagree, family_name_other_sex, maternal_surname_only, surnames_swapped,
                  surname_conflict, father_is_listed_given,
                  nisba_of_family_name, nisba_missing_across_scripts, family_name_left_out)


def namesake_form(qi, ci, pairs, same_spelling: float) -> str | None:
    """The name of the rule that makes this pair of names a namesake by its form, or None."""
    return next((rule.__name__ for rule in NAMESAKE_RULES if rule(qi, ci, pairs)), None)


# (Session 15, twentieth round) Russian and Ukrainian family names that differ by a й alone: the glide
# й before a consonant is a letter of the name, written y, i or j by every romanisation (ICAO Doc 9303,
# GOST 7.79, BGN/PCGN: Жуйков ZHUYKOV / Zhuikov), never left out, and the names without it are other
# families (Жуков Zhukov, Зайцев Zaytsev / Зацев, Кайдаш / Кадаш). Only before a consonant: between
# vowels a y is how some write е (Alekseyev = Alekseev), and at the end how some write -ий (Yuriy = Yuri).
# the family-name endings of Russian and Ukrainian (-ov/-ev, -sky, -enko), not the patronymics (-ovich,
# where the lists' spellings vary: NIKOLAEYVICH) nor -in, which Arabic names end in too (Husain, Zulkarnain)
_SLAVIC_FAMILY_END = re.compile(r"(?:ov|ova|ev|eva|sky|skiy|skii|ski|skaya|enko)$")
_GLIDE = re.compile(r"(?<=[aeiou])[yij](?=[bcdfghklmnpqrstvwxz])")
# Latin parts, and Cyrillic ones by their transliteration (the parts' text: Жуков zhukov, Жуйков zhuikov)
_GLIDE_SCRIPTS = ("latin", "other")


def slavic_glide_pairs(qi, ci) -> list[tuple[int, int]]:
    """(i, j): two Latin (or transliterated Cyrillic) parts, one the other with a glide y / i / j
    after a vowel and before a consonant left out, the longer one a Russian or Ukrainian family name
    by its ending."""
    out = []
    for i, ti in enumerate(qi.tokens):
        a = ti.text
        if ti.script not in _GLIDE_SCRIPTS or len(a) < 4 or not a.isascii():
            continue
        for j, tj in enumerate(ci.tokens):
            b = tj.text
            if tj.script not in _GLIDE_SCRIPTS or abs(len(a) - len(b)) != 1 or not b.isascii():
                continue
            long_, short = (a, b) if len(a) > len(b) else (b, a)
            if not _SLAVIC_FAMILY_END.search(long_):
                continue
            if any(long_[:m.start()] + long_[m.end():] == short for m in _GLIDE.finditer(long_)):
                out.append((i, j))
            elif _stem_vowel_inserted(long_, short):
                out.append((i, j))
    return out


# (Session 16, twenty-second round) Russian and Ukrainian family names whose stems differ by a vowel letter
# between two consonants (Чирков Chirkov / Чириков Chirikov, Сурков / Суриков, Ершов / Ерошов): every
# romanisation writes each Cyrillic vowel letter as a vowel (ICAO Doc 9303, GOST 7.79, BGN/PCGN; ь is
# written ' or nothing, never a vowel, between consonants), so a vowel between two consonants present on one
# side only is a letter of the name, not a spelling: other families. The transliteration variants differ
# otherwise: a vowel beside a vowel (Kouzmin = Kuzmin, French ou; Alekseyev = Alekseev), a letter at the start
# (Yevtushenko = Evtushenko), a consonant (Alexeev = Alekseev, Khrushchev = Krushchev, Tkatchenko).
_STEM_VOWEL = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])[aeiouy](?=[bcdfghjklmnpqrstvwxz])")


def _stem_vowel_inserted(long_: str, short: str) -> bool:
    """``short`` is ``long_`` without one vowel between two consonants, before the family ending."""
    end = _SLAVIC_FAMILY_END.search(long_)
    if end is None or not short.endswith(end.group(0)):
        return False
    return any(m.end() <= end.start() and long_[:m.start()] + long_[m.end():] == short
               for m in _STEM_VOWEL.finditer(long_))
