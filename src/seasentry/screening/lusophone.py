"""(Session 15, twentieth round) Names of Arabic origin in the Portuguese spelling of Mozambique and
Guinea-Bissau read as the English-language press and the lists write them.

Portuguese-language registers, courts and press in Mozambique write the Muslim names of the coast
(Swahili and Makua usage, from the Arabic) in Portuguese letters, with a final -e or -o the Bantu
languages add after a consonant and without the h Portuguese does not sound: Muhammad is Momade or
Mamade, Ahmad Amade, Hassan Assane, Husayn Ussene, Yusuf Ossufo or Issufo, Qasim Cassimo or Cassamo,
Rajab Rajabo, Sulayman Sulemane (Ossufo Momade, president of RENAMO; Amade Miquidade; the OFAC entry
SULEMAN, Mohamed Bachir, a Mozambican designated under the Kingpin Act in 2010, is written Momade
Bachir Sulemane by the Mozambican press). The lists write none of these spellings (UN 2025-04-19, OFAC
SDN 2024-05-03: 0 names; the Latin comparison met Momade ~ Mohamed below review), so a query written the
Mozambican way lost the given name. Each spelling is read also as its English form, for comparison only
(text._latin_token: an alternative reading, the part compared by its best; its retrieval keys and
frequency stay those of its letters), on whole words only.
"""

from __future__ import annotations

# the Portuguese-Mozambican spelling -> the English-press spelling the lists use
_LUSOPHONE = {
    "momade": "muhammad", "mamade": "muhammad", "mahomede": "muhammad",
    "amade": "ahmad",
    "assane": "hassan", "hassane": "hassan",
    "ussene": "husayn", "hussene": "husayn",
    "ossufo": "yusuf", "issufo": "yusuf", "yussufo": "yusuf",
    "cassimo": "qasim", "cassamo": "qasim",
    "rajabo": "rajab",
    "sulemane": "suleiman", "sulemano": "suleiman",
}


def lusophone_readings(t: str) -> tuple[str, ...]:
    """``momade`` -> (``muhammad``,); () for any other part (folded ASCII, lower case)."""
    v = _LUSOPHONE.get(t)
    return (v,) if v else ()
