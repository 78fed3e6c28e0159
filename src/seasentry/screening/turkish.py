"""(Session 14, eighteenth round) Names of Arabic origin in Turkish (and Azerbaijani, Bosnian, Tatar
and North Caucasian) spelling read with the Arabic final consonant.

Turkish orthography writes a word's final voiced stop voiceless (final devoicing: Türk Dil Kurumu,
Yazım Kılavuzu, "Ünsüz benzeşmesi" and the spelling of Arabic loans): the names Ahmad, Mahmud, Murad,
Rashid, Hamid, Jawdat, Nusrat (Arabic د) are written Ahmet, Mahmut, Murat, Reşit, Hamit, Cevdet,
Nusret; Rajab, Habib, Najib (ب) are Recep, Habip, Necip. The lists write these persons in the Turkish
spelling (GOK, Mahmut; ALIEV, Murat Magomedovich; AYTEK, Mustafa Cankat), the Arabic and Persian press in
the Arabic letters of the name (محمود كوك, مراد علييف), and the Arabic-script comparison met them as
different letters (Mahmut ~ محمود 0.86, Murat ~ مراد 0.83). A Latin part of four letters or more that ends
in a vowel and t (p) is also read with d (b): an alternative reading (the part is compared by its best
reading), on both sides, which a name that ends so in another language (Robert: no vowel before;
Margaret) never needs and is not harmed by (the reading is compared, not the name changed). The same
assimilation writes the compounds in -al-Din (ad-Din) -ettin, -attin, -ittin (Nurettin = Nureddin, Zeynettin
= Zeyneddin, Alaattin = Alaeddin; TDK Yazım Kılavuzu): those are split as -eddin is (``text._DIN_COMPOUND``).
"""

from __future__ import annotations

import re

_FINAL_DEVOICED = re.compile(r"(?<=[aeiou])([tp])$")
_VOICED = {"t": "d", "p": "b"}


def turkish_final_readings(t: str) -> tuple[str, ...]:
    """``mahmut`` -> (``mahmud``,), ``recep`` -> (``receb``,); () for any other part (folded ASCII)."""
    if len(t) < 4 or not t.isalpha():
        return ()
    m = _FINAL_DEVOICED.search(t)
    return (t[:-1] + _VOICED[m.group(1)],) if m else ()
