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
import unicodedata


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def maternal_surname_only(qi, ci, pairs) -> bool:
    if not ci.person or not ci.family_marked or qi.abjad or ci.abjad:
        return False
    cr = ci.roles
    fam = [j for j, r in enumerate(cr) if r == "f"]
    if len(fam) != 2 or fam[1] != fam[0] + 1 or ci.given is None:
        return False
    # the two family names as written before the comma, each one word (not BEN DAHA, where the
    # particle ben is dropped from the parts and the family name is one name)
    written = (ci.name or "").split(",")[0].lower().replace("-", " ").split()
    if len(written) != 2 or [ci.tokens[j].text for j in fam] != [_fold(x) for x in written]:
        return False
    nq = len(qi.tokens)
    if nq < 2 or len(pairs) != nq:
        return False
    mc = {j: i for i, j, _ in pairs}
    return (fam[0] not in mc and fam[1] in mc and mc[fam[1]] == nq - 1 and ci.given in mc
            and all(not ci.tokens[j].article and ci.tokens[j].script == "latin"
                    and not ci.tokens[j].text.startswith(("abd", "abu", "bin", "ben", "ibn")) for j in fam))


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


def namesake_form(qi, ci, pairs, same_spelling: float) -> str | None:
    """The name of the rule that makes this pair of names a namesake by its form, or None."""
    if patronymics_disagree(qi, ci, pairs):
        return "patronymics_disagree"
    if family_name_other_sex(qi, ci, pairs):
        return "family_name_other_sex"
    if maternal_surname_only(qi, ci, pairs):
        return "maternal_surname_only"
    if father_is_listed_given(qi, ci, pairs):
        return "father_is_listed_given"
    if nisba_of_family_name(qi, ci, pairs):
        return "nisba_of_family_name"
    return None
