"""(Session 14, seventeenth round) Compound Ethiopian and Eritrean (Amharic, Tigrinya) names.

Many Habesha given and father's names are theophoric compounds of two words: a first element
(Gebre / Ghebre "servant of", Wolde / Welde "son of", Haile "power of", Tesfa "hope of", Habte
"gift of", Kidane "covenant of", Berhane "light of", Tekle "plant of", Fikre "love of", Zere "seed
of", Wolde) and a second (Mariam, Medhin "Saviour", Kidan "covenant", Selassie "Trinity", Hiwet
"life", Yesus, Egziabher "God", Giorgis, Mikael / Michael, Tensae "resurrection", Amlak "Lord",
Haimanot "faith", Yohannes). The same name is written glued (Gebremedhin, Woldekidan, Ghebrehiwet)
or as two words (Gebre Medhin, Wolde Kidan), and lists abbreviate the first element to its
initial (OFAC: W KIDAN, Hagos Ghebrehiwet). Source: Kebreab W. Giorgis, "The entry word in
Ethiopian names" (a cataloguer's article: the two elements of a two-word personal name may be
written as one word, Bereketeab, Tesfamikael, and either element abbreviated, W. Berhan for Wolde
Berhan; its lists of first and second elements: Kifle, Sine, Haile, Tesfa, Wolde, Zenebe ...;
Gabriel, Mikael, Rufael, Giorgis, Egziabhier, Haimanot, Kristos, Sellassie ...).

A part made of a known first element and a known second element is split into the two words on
both sides (the list's and the query's), so Gebremedhin meets GEBRE MEDHIN and Woldekidan meets
W KIDAN (the initial against Wolde). Both elements must be known, so Woldemar (a German given name)
or Hailey stay one word.
"""

from __future__ import annotations

import re

FIRST = ("gebre", "ghebre", "gebra", "ghebra", "gabre", "wolde", "welde", "walda", "weld", "wold", "haile",
         "hayle", "tesfa", "habte", "kidane", "berhane", "birhane", "tekle", "tekla", "fikre", "zere",
         "zera", "hadgu", "ghirma", "kifle", "bereket", "zenebe")
SECOND = ("mariam", "mariyam", "maryam", "medhin", "medhen", "kidan", "kiddan", "selassie", "sellassie", "selase",
          "slassie", "hiwet", "hiwot", "yesus", "iyesus", "egziabher", "egziabiher", "giorgis", "georgis",
          "mikael", "michael", "mikail", "tensae", "tinsae", "amlak", "haimanot", "haymanot", "yohannes",
          "gabriel", "yacob", "yakob", "meskel", "emanuel", "amanuel", "rufael", "kristos", "berhan",
          "egziabhier")
_RE = re.compile(r"^(" + "|".join(sorted(set(FIRST), key=len, reverse=True)) + r")("
                 + "|".join(sorted(set(SECOND), key=len, reverse=True)) + r")$")


def split_compound(t: str) -> tuple[str, str] | None:
    """The two words of a glued Ethiopian/Eritrean compound name part (Gebremedhin -> gebre, medhin),
    None when ``t`` is not one."""
    m = _RE.match(t)
    return (m.group(1), m.group(2)) if m else None
