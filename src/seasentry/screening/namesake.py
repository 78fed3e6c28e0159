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


def namesake_form(qi, ci, pairs, same_spelling: float) -> str | None:
    """The name of the rule that makes this pair of names a namesake by its form, or None."""
    if maternal_surname_only(qi, ci, pairs):
        return "maternal_surname_only"
    return None
