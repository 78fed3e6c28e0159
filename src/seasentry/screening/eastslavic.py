"""(Session 14, eighteenth round) The Ukrainian and Belarusian forms of East Slavic given names and
patronymics read in their Russian form, and the Russian in the Ukrainian.

A Ukrainian is written by the lists in the Ukrainian form of the name (SALDO, Volodymyr Vasilyovich;
Oleksandr, Mykola, Serhii, Hryhorii, patronymics in -ovych) and by the Russian press, Russian
registers and the Arabic press (through Russian) in the Russian form of the same name (Сальдо
Владимир Васильевич = Vladimir Vasilevich; فلاديمير سالدو), and the other way round. The two forms of a
given name are the same name in the two languages' phonology and spelling (Ukrainian і/и for Russian и/ы,
г = h for Russian г = g, initial о- for Russian а- in Oleksandr, Oleksii, the East Slavic "full
vowel" forms volo-/voro- for the Church Slavonic vla-/vra- of Vladimir), too different letter by letter for a
spelling comparison (Vladimir ~ Volodymyr) but a closed set of the commonest names. Each part that is
one of them (in any of the usual romanisations) is also read as the Russian form in BGN/PCGN spelling,
an alternative reading (the part is compared by its best reading), so that both forms meet on each
side; a patronymic in -ovych / -ovich (Ukrainian) or -yovych / -iovych is also read as the Russian
-evich / -ovich of the Russian given name (Vasylovych = Vasilevich).

Sources: the correspondences of the Ukrainian and Russian forms of given names as the Ukrainian
orthography gives them (Ukrainian Orthography, 2019, § 137-140: patronymics in -ович/-ївна; the
Ukrainian Cabinet of Ministers resolution 55 (2010) romanisation: Володимир = Volodymyr, Олександр =
Oleksandr, Сергій = Serhii); the Russian forms in BGN/PCGN (1947) romanisation; Wikipedia "Ukrainian
name" and "Eastern Slavic naming customs" (secondary); Belarusian forms (Uladzimir, Aliaksandr, Siarhei)
by the Belarusian national romanisation (Instruction on transliteration, 2007). Only names whose two
forms differ beyond a spelling variant and that are not other languages' names (Petro, the Colombian
family name; Hanna, Arabic حنا; Roman, Semen are left as written).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: the Russian (BGN/PCGN) form of each Ukrainian or Belarusian form (national romanisations, the older
#: BGN/PCGN Ukrainian romanisation and the plain ASCII of the Cyrillic, as the press writes them)
_TO_RUSSIAN = {
    # Ukrainian
    "volodymyr": "vladimir", "volodimir": "vladimir", "wolodymyr": "vladimir",
    "oleksandr": "aleksandr", "olexandr": "aleksandr", "oleksandra": "aleksandra",
    "oleksii": "aleksei", "oleksiy": "aleksei", "oleksij": "aleksei", "olexiy": "aleksei",
    "mykola": "nikolai", "mikola": "nikolai", "mykhailo": "mikhail", "mykhaylo": "mikhail", "mikhailo": "mikhail",
    "hryhorii": "grigori", "hryhoriy": "grigori", "grigorii": "grigori",
    "heorhii": "georgi", "heorhiy": "georgi", "georgii": "georgi",
    "yevhen": "yevgeni", "yevhenii": "yevgeni", "ievgen": "yevgeni", "yevgen": "yevgeni", "evgen": "yevgeni",
    "serhii": "sergei", "serhiy": "sergei", "sergii": "sergei", "serhij": "sergei",
    "andrii": "andrei", "andriy": "andrei", "andrij": "andrei",
    "dmytro": "dmitri", "dmitro": "dmitri", "vasyl": "vasili", "pavlo": "pavel", "fedir": "fyodor",
    "yurii": "yuri", "yuriy": "yuri", "ihor": "igor", "oleh": "oleg",
    "anatolii": "anatoli", "anatoliy": "anatoli", "kostiantyn": "konstantin", "kostyantyn": "konstantin",
    "viacheslav": "vyacheslav", "valerii": "valeri", "valeriy": "valeri", "hennadii": "gennadi",
    "hennadiy": "gennadi", "yakiv": "yakov", "tymofii": "timofei", "tymofiy": "timofei", "kyrylo": "kirill",
    "denys": "denis", "maksym": "maksim", "borys": "boris", "illia": "ilya", "illya": "ilya",
    "arkadii": "arkadi", "arkadiy": "arkadi", "vitalii": "vitali", "vitaliy": "vitali", "bohdan": "bogdan",
    "olena": "yelena", "nataliia": "natalya", "nataliya": "natalya", "tetiana": "tatyana", "tetyana": "tatyana",
    "liudmyla": "lyudmila", "lyudmyla": "lyudmila", "halyna": "galina", "iryna": "irina", "kateryna": "yekaterina",
    "mariia": "mariya", "olha": "olga", "svitlana": "svetlana", "yuliia": "yuliya", "larysa": "larisa",
    "nadiia": "nadezhda", "valentyna": "valentina", "hryts": "grigori",
    # Belarusian
    "uladzimir": "vladimir", "aliaksandr": "aleksandr", "alyaksandr": "aleksandr", "aliaksei": "aleksei",
    "alyaksey": "aleksei", "siarhei": "sergei", "syarhey": "sergei", "mikalai": "nikolai", "mikalay": "nikolai",
    "dzmitry": "dmitri", "dzmitriy": "dmitri", "uladzislau": "vladislav", "viachaslau": "vyacheslav",
    "yauhen": "yevgeni", "yauheni": "yevgeni", "ryhor": "grigori", "ihar": "igor", "aleh": "oleg",
    "vasil": "vasili", "yury": "yuri", "iury": "yuri",
}
#: the Ukrainian (national) form of each Russian form, the other way round (a Russian form in the
#: query, a Ukrainian in the list: both sides are read in the Russian form, so this is for the
#: patronymic's stem only)
_PATRONYMIC = re.compile(r"^(?P<stem>[a-z]{3,}?)(?:y|i)?ov[yi](?:ch|tch)$|^(?P<fstem>[a-z]{3,}?)(?:y|i)?ivna$")
#: Russian given names ending in a consonant whose patronymic is soft (Igor -> Igorevich)
_SOFT_CONSONANT = frozenset({"igor", "lazar"})


def _russian_stem(stem: str) -> tuple[str, bool]:
    """The Russian stem of a Ukrainian patronymic's stem (Vasyl-, Mykola-, Serhi-, Volodymyr-) and
    whether its Russian patronymic is soft (-evich: a name in -i, -ai, -ei, Igor) or hard (-ovich)."""
    for n in (stem, stem + "a", stem + "o", stem + "ii", stem + "iy", stem + "y", stem + "i"):
        ru = _TO_RUSSIAN.get(n)
        if ru:
            if ru.endswith("i"):
                return ru[:-1], True       # Vasili -> Vasil-evich, Nikolai -> Nikola-evich
            if ru.endswith(("a", "o")):
                return ru[:-1], False      # (Nikita -> Nikit-ich: rare; hard)
            return ru, ru in _SOFT_CONSONANT
    return stem.replace("y", "i"), False


#: (twenty-first round) Russian given names and patronymics written with ё, or with е at the start,
#: whose romanisations differ by that letter alone: BGN/PCGN (1947) writes ё after a consonant yë / yo
#: and initial е ye (Pyotr, Fyodor, Yegor), ICAO Doc 9303 (7th ed., 2015, the passport's machine-readable
#: zone and the Russian foreign passport since 2013) writes both e (Petr, Fedor, Egor), GOST 7.79-2000
#: system B writes ё yo, the German (Duden) and Czech/Polish-style forms write jo / io (Pjotr, Fiodor,
#: Semjon). Five letters or fewer against four, the spellings are too far apart for a spelling
#: comparison (Pyotr ~ Petr 0.844) though the name is one. Each press form is also read in the ICAO
#: form (an alternative reading, compared by its best), so both forms meet on either side.
_RUSSIAN_YO_NAMES = (
    "пётр", "фёдор", "семён", "артём", "алёна", "алёша", "матрёна", "фёкла", "парфён", "лёва", "лёня",
    "фёдорович", "фёдоровна", "семёнович", "семёновна", "артёмович", "артёмовна", "парфёнович",
    "егор", "елена", "ефим", "ефрем", "емельян", "ерофей", "ермолай", "евдокия", "егорович", "егоровна",
    "ефимович", "ефимовна", "ефремович", "емельянович",
)
_CYR_PLAIN = dict(zip("абвгдезиклмнопрстуфхцчшщыэюя",
                      ["a", "b", "v", "g", "d", "e", "z", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
                       "f", "kh", "ts", "ch", "sh", "shch", "y", "e", "yu", "ya"]))
_CYR_PLAIN["ж"] = "zh"
_CYR_PLAIN["й"], _CYR_PLAIN["ь"] = "y", ""


def _yo_spellings(name: str) -> tuple[str, set[str]]:
    """The passport form of a Cyrillic name of :data:`_RUSSIAN_YO_NAMES` (ё and initial е as ICAO's e,
    the other letters as BGN/PCGN: the comparison meets ya ~ ia) and its other romanisations."""
    icao = "".join("e" if c == "ё" else _CYR_PLAIN[c] for c in name)
    out = set()
    for yo in ("yo", "io", "jo", "e", "ye", "yë"):       # ё: BGN/PCGN, French/Polish, German/Czech, ICAO
        for ye0 in ("ye", "je", "ie", "e"):               # initial е: BGN/PCGN, German, French, ICAO
            w = "".join(yo if c == "ё" else _CYR_PLAIN[c] for c in name)
            if name.startswith("е"):
                w = ye0 + w[1:]
            out.add(w.replace("ë", "e"))
    out.discard(icao)
    return icao, out


#: each other romanisation of a name of :data:`_RUSSIAN_YO_NAMES` -> its ICAO form (pyotr -> petr)
_YO_TO_ICAO = {v: icao for icao, vs in map(_yo_spellings, _RUSSIAN_YO_NAMES) for v in vs}


@lru_cache(maxsize=50_000)
def east_slavic_readings(t: str) -> tuple[str, ...]:
    """The Russian forms of a Ukrainian or Belarusian given name or patronymic ``t`` (folded ASCII):
    ``volodymyr`` -> (``vladimir``,), ``vasylovych`` -> (``vasilevich``, ``vasilovich``); () when
    ``t`` is none."""
    icao = _YO_TO_ICAO.get(t)
    if icao is not None:
        return (icao,)
    ru = _TO_RUSSIAN.get(t)
    if ru is not None:
        return tuple(x for x in (ru, _YO_TO_ICAO.get(ru)) if x and x != t)
    if len(t) < 8 or not t.endswith(("ovych", "ovich", "ovytch", "ivna", "ovitch")):
        return ()
    m = _PATRONYMIC.match(t)
    if not m:
        return ()
    stem = m.group("stem") or m.group("fstem")
    ru_stem, soft = _russian_stem(stem)
    if m.group("fstem"):
        out = (ru_stem + ("evna" if soft else "ovna"),)
    else:
        out = (ru_stem + ("evich" if soft else "ovich"),)
    return tuple(x for x in out if x != t)


#: (eighteenth round) a South Slavic family name in -ić (-vić), which the lists write without its accent
#: (TESIC, MILOSEVIC, KARADZIC: OFAC and the UN drop diacritics), said and written elsewhere -ich, -itch,
#: -itsch (ć = ch: Gaj's Latin alphabet; BGN/PCGN Serbian and Croatian romanisation; the French press writes
#: Tesitch, Milosevitch, the German Tesitsch): a Latin part of five letters or more ending in a consonant
#: and -ic is also read -ich (an alternative reading, compared by its best)
_SOUTH_SLAVIC_IC = re.compile(r"(?<=[bcdfghjklmnprstvzž])ic$")


@lru_cache(maxsize=50_000)
def south_slavic_readings(t: str) -> tuple[str, ...]:
    """``tesic`` -> (``tesich``,); () for a part that does not end so."""
    if len(t) < 5 or not _SOUTH_SLAVIC_IC.search(t):
        return ()
    return (t + "h",)
