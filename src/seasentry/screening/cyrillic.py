"""(Session 13, fourteenth round) Russian, Ukrainian and Belarusian names romanised by the systems of
other languages, read back into the English (BGN/PCGN) spelling the lists use.

A name from Cyrillic reaches an analyst in the spelling of the language of the newspaper or the
register that wrote it: Hungarian Alekszandr Zsukov, Dutch Igor Sjoevalov, Swedish Andrej
Makarevitj, Romanian Evgheni Șevcenko, French Ianoukovitch, Latvian Aleksandrs Ivanovs. Each system
writes the same Cyrillic letters with its own letter groups; this module maps each system's groups
back to a common form (zh, kh, ts, ch, sh, shch, y; BGN/PCGN), as alternative readings of a name part
(the part is compared, and looked up, by its best reading; the spelling as written stays the first).

Which system a name is written in is decided from the whole name (a name is romanised one way) by
that system's marks, letter groups no English spelling has: Hungarian zs, cs, sz; Dutch and
Scandinavian sj, tj, zj, tsj; French and Portuguese tch (or ou in a Russian name); Romanian ș, ț and
Turkish ç, ş (read before the accents are stripped: ``tokenize_name``); Romanian and Italian c before
e or i in a Russian name; Latvian and Lithuanian endings on a Russian name. A system's readings are
applied only to a name with its marks, so that a spelling of one system does not turn another real
name into a listed one (Hungarian s = ш only in a name with sz, zs or cs; Romanian ce, ci = че, чи
only in a Russian name).

Sources (the tables of each system, as compared in Wikipedia's "Romanization of Russian" table and
the national rules it cites):
- Hungarian: A magyar helyesírás szabályai, 12th ed. (MTA, 2015), §§ 217-223 and the Russian
  transcription table (ж zs, ч cs, ш s, щ scs, с sz, ц c, х h, й j, я ja, ю ju);
- Dutch: the Taalunie / Nederlandse transcriptie van het Russisch (ж zj, х ch, ч tsj, ш sj, щ sjtsj,
  у oe, й j, я ja, ю joe); Swedish (Svenska språknämnden, Nationalencyklopedin: ж zj, ч tj, ш sj,
  щ sjtj, х ch, й j), Norwegian and Danish (ж sj/zj, ч tsj/tj, ш sj), Finnish (ж ž, ч tš, ш š, х h);
- French and Portuguese (ж j, ч tch, ш ch, щ chtch, у ou); Italian (ч c/ci, ш sc/sci, х ch, ц z,
  й j) and Romanian (DOOM, transcription of Russian: ч c/ci, ш ș, щ șc/șt, ц ț, х h, ж j, я ia, ю iu,
  ки chi, ги ghi);
- Turkish (Türk Dil Kurumu: ж j, ч ç, ш ş, щ şç, ц ts, х h, дж c); Polish (PWN: ж ż, ч cz, ш sz,
  щ szcz, х ch, в w) and Czech, Slovak, Croatian and Serbian Latin, Latvian and Lithuanian, ISO 9
  and the scholarly transliteration (carons: ``text._caron_spelling``; ć = ч, đ = дж); GOST 7.79-2000
  system B (щ shh); Latvian (-s after a consonant: Ivanovs, Aleksandrs; -iņš) and Lithuanian
  (-as: Ivanovas) endings added to Russian names (Latvian and Lithuanian orthography of foreign
  names);
- Ukrainian national romanisation (Cabinet of Ministers resolution 55, 2010: г h, ґ g, и y, і i,
  ї yi/i, є ye/ie, ю yu/iu, я ya/ia): h read g in a Ukrainian name (Hennadii = Gennadiy).
"""

from __future__ import annotations

import re
from functools import lru_cache

# --------------------------------------------------------------------------- marks
_HU_MARK = re.compile(r"zs|cs|sz(?!cz)")
_NL_MARK = re.compile(r"sj|tj|zj|oe(?=[bcdfgklmnprstvz]|$)")
_FR_MARK = re.compile(r"tch")
_PL_MARK = re.compile(r"cz|rz|w")
_OU_MARK = re.compile(r"ou")
_RO_MARK = re.compile(r"c(?:e|i)")
# a Russian, Ukrainian or Belarusian name: its family name's ending (patronymic-like -vich in any
# spelling; -ov, -ev, -in after k, g, sh, ch, n; -sky; -enko; -uk; Latvian/Lithuanian -ovs, -ovas)
_SLAVIC_END = re.compile(r"(?:ov|ova|ev|eva|ovs|evs|ovas|evas|[kgn]in|[kgn]ina|s[hj]in|[ct]s?[hj]in|[kgn]ins"
                         r"|sk(?:i|ii|y|iy|ij|aya|aja|a)|szk(?:i|ii|ij|aja)|enko|[cč]uk|iuk|yuk|ych|vich|vici|vitj"
                         r"|vitsj|vitch|vics|wicz|witsch|vic)$")
# common Russian and Ukrainian given names in their romanisations (the start of the word): with one of
# these, a name is Russian even when its family name has no Russian ending (Aleksei Ciali)
_SLAVIC_GIVEN = re.compile(
    r"^(?:alek|alex|oleks|serg|szerg|serh|andr|dmitr|dmytr|vlad|wlad|volod|wolod|evg|yevg|jevg|ievg|yevh"
    r"|igor|ihor|nikol|mykol|mikh|mich|mics|mykh|oleg|oleh|yur|jur|iur|vikt|wikt|vital|wital|ivan|iwan"
    r"|pavel|pawel|pavl|petr|pyotr|piotr|boris|borisz|denis|maks|maxim|artem|artyom|artiom|kiril|kyryl"
    r"|ruslan|oksan|okszan|svetl|swetl|szvetl|tatian|tatjan|tatyan|natal|anastas|anasztasz|gennad|hennad"
    r"|valer|walerij|vasil|wasil|vasyl|elen|jelen|yelen|olga|ludmil|lyudmil|liudmil|ljudmil|anatol"
    r"|konstant|leonid|stanisl|vyachesl|viatchesl|wjatschesl|jaroslav|yaroslav|gheorg|georg|fedor"
    r"|fyodor|fiodor|semen|semyon|arkad|valent|vsevol|zakhar|zahar|timof|yefim|efim|grigor|hryhor)")
_UA_CONTEXT = re.compile(r"(?:enko|[cč]uk|iuk|yuk|ych|ii|yi)$")

# --------------------------------------------------------------------------- readings
# stand-in letters for the groups already read (so that a later rule does not read them again)
_SHCH, _CH, _SH, _ZH, _KH, _TS = "\x01", "\x02", "\x03", "\x04", "\x05", "\x06"
_BACK = str.maketrans({_SHCH: "shch", _CH: "ch", _SH: "sh", _ZH: "zh", _KH: "kh", _TS: "ts"})
_J_NEAR_VOWEL = re.compile(r"(?<=[aeiouy])j|j(?=[aeiou])|(?<=i)j$")
_H_BARE = re.compile(r"(?<![cszkg])h")


def _back(x: str) -> str:
    return x.translate(_BACK)


_HU_GROUPS = re.compile(r"scs|ssz|sz|zs|cs|cz")
_HU_PALATAL = re.compile(r"[gtnl]y(?=[aeiou])|(?<=[aeiou])[gtn]y$")
_HU_GROUP_READING = {"scs": _SHCH, "ssz": "\x07", "sz": "\x07", "zs": _ZH, "cs": _CH, "cz": _TS}


def _hungarian(t: str) -> list[str]:
    """Hungarian transcription read back: scs = щ, cs = ч, zs = ж, sz = с, s = ш, c and cz = ц,
    h = х, j = й (and я ю ё as ja ju jo), gy ty ny = дь ть нь. Two readings: the Hungarian one, and
    one with sz as the Polish transcription reads it (ш: Laszenko). (Not s as English reads it: with
    it Oleg Sevcsenko, Hungarian for Shevchenko, read sevchenko and alerted on SAVCHENKO, Oleg.)"""
    # the digraphs read left to right, as Hungarian spelling splits them (Beszszarabov = be-sz-sz-arabov,
    # not be-s-zs-z-arabov; Zsukov = zs-ukov)
    x = _HU_GROUPS.sub(lambda m: _HU_GROUP_READING[m.group(0)], t)
    # gy, ty, ny (and ly) are the palatal д, т, н (л) before я, е, и, ю and ь (Gennagyij = Gennadiy,
    # Tyimcsenko = Timchenko, Jevgenyij = Yevgeniy)
    x = _HU_PALATAL.sub(lambda m: "d" if m.group(0)[0] == "g" else m.group(0)[0], x)
    x = re.sub("\x07+", "\x07", x)
    strict = x.replace("s", _SH).replace("\x07", "s").replace("c", _TS)
    # the Polish transcription writes ш as sz (Laszenko = Lashenko): one more reading, sz as sh
    polish = t.replace("sz", _SH) if "sz" in t else t
    out = []
    for r in (strict, polish):
        r = _H_BARE.sub(_KH, r) if "h" in r else r
        r = _J_NEAR_VOWEL.sub("y", r)
        r = _back(r)
        if r != t and r not in out:
            out.append(r)
    return out


def _dutch_nordic(t: str) -> list[str]:
    """Dutch, Swedish, Norwegian and Danish transcriptions read back: sjtsj, sjtj = щ, tsj, tj = ч,
    sj = ш, zj = ж, oe = у, ch = х, j = й (and я ю ё as ja ju jo). Two readings: the groups alone
    (Jarosj = Jarosh, as the lists also write й initial) and with ch and j read too."""
    x = t.replace("sjtsj", _SHCH).replace("sjtj", _SHCH).replace("tsj", _CH).replace("tj", _CH)
    x = x.replace("sj", _SH).replace("zj", _ZH)
    x = re.sub(r"oe(?=[^aeiouy]|$)", "u", x)
    out = []
    groups = _back(x)
    if groups != t:
        out.append(groups)
    full = x.replace("ch", _KH)
    full = _back(_J_NEAR_VOWEL.sub("y", full))
    if full != t and full not in out:
        out.append(full)
    return out


def _french(t: str) -> list[str]:
    """French and Portuguese transcriptions read back: chtch = щ, tch = ч, ch = ш, j = ж, ou = у,
    ss between vowels = с."""
    x = t.replace("chtch", _SHCH).replace("tch", _CH).replace("ch", _SH)
    x = re.sub(r"(?<=[aeiouy])ss(?=[aeiouy])", "s", x).replace("ou", "u")
    out = []
    for r in (x.replace("j", _ZH), x):
        r = _back(r)
        if r != t and r not in out:
            out.append(r)
    return out


_PL_I_VOWEL = re.compile(r"(?<=[bcdfghklmnprstvwz])i(?=[aou])")
_PL_IE = re.compile(r"(?<=[bcdfghklmnprstvwz])ie")


def _polish(t: str) -> list[str]:
    """Polish transcription (PWN) read back: szcz = щ, cz = ч, sz = ш, rz and ż = ж, ch = х, w = в,
    ł = л, j = й; i after a consonant only softens it: ie = е, ia = я, io = ё, iu = ю (Siergiej =
    Sergey, Wiaczesław = Vyacheslav, Kowalczuk = Kovalchuk, Janukowycz = Yanukovych)."""
    x = t.replace("szcz", _SHCH).replace("cz", _CH).replace("sz", _SH).replace("rz", _ZH).replace("ch", _KH)
    x = _PL_IE.sub("e", x)
    x = _PL_I_VOWEL.sub("y", x)
    x = x.replace("w", "v")
    x = _J_NEAR_VOWEL.sub("y", x)
    r = _back(x)
    return [r] if r != t else []


_RO_CI_VOWEL = re.compile(r"ci(?=[aeou])")
_RO_CE_A = re.compile(r"ce(?=a)")
_RO_C_EI = re.compile(r"c(?=[ei])")
_RO_K_EI = re.compile(r"ch(?=[ei])")
_RO_G_EI = re.compile(r"gh(?=[ei])")
_RO_CI_CONS = re.compile(r"ci(?=[bcdfghjklmnpqrstvwxz])")


def _romanian_italian(t: str) -> list[str]:
    """Romanian and Italian transcriptions read back: ci before a vowel and ce before a = ч (the i, e
    only soften the c: Ciali = Chaly, Tkaciev = Tkachev, Ceaikovski = Chaikovsky), c before e or i
    = ч, final -ci = ч (Gaikovici), chi, che = ки, ке and ghi, ghe = ги, ге, h = х, ia, iu at the
    start = я, ю. A ci before a consonant is ч or чи: both readings (Lecihadjiev = Lechkhadzhiev)."""
    x = _RO_K_EI.sub("k", t)
    x = _RO_G_EI.sub("g", x)
    x = _RO_CI_VOWEL.sub(_CH, x)
    x = _RO_CE_A.sub(_CH, x)
    x = re.sub(r"ci$", _CH, x)
    both = [_RO_CI_CONS.sub(_CH + "i", x), _RO_CI_CONS.sub(_CH, x)] if _RO_CI_CONS.search(x) else [x]
    out = []
    for r in both:
        r = _RO_C_EI.sub(_CH, r)
        r = _H_BARE.sub(_KH, r)
        r = re.sub(r"^i(?=[au])", "y", r)
        r = _back(r)
        if r != t and r not in out:
            out.append(r)
    return out


def _turkish(t: str) -> list[str]:
    """Turkish transcription read back (after ç, ş are spelt ch, sh): j = ж, c = дж."""
    x = re.sub(r"c(?!h)", "dzh", t).replace("j", "zh") if ("j" in t or re.search(r"c(?!h)", t)) else t
    return [x] if x != t else []


_BALTIC_S = re.compile(r"(?<=[bcdfgklmnprtvz])s$|(?<=[aeiou]j)s$")
_BALTIC_MARK = re.compile(r"(?<=[bcdfgklmnprtvz])s$|(?<=[aeiou]j)s$|jus$")
_BALTIC_AS = re.compile(r"(?<=ov|ev|in|yn|dr|ir)as$")


def _baltic(t: str) -> list[str]:
    """Latvian and Lithuanian endings on a Russian name dropped: -s after a consonant or j (Ivanovs,
    Aleksandrs, Sergejs, -iņš = ins), -as (Ivanovas, Aleksandras)."""
    if len(t) < 5:
        return []
    if _BALTIC_AS.search(t):
        r = t[:-2]
    elif t.endswith("jus"):   # Lithuanian -jus (Sergejus, Vasilijus)
        r = t[:-2]
    elif _BALTIC_S.search(t) and not t.endswith(("ss", "ts")):
        r = t[:-1]
    else:
        return []
    # j is й in both orthographies (Jevgenijs = Yevgeniy, Sergejs = Sergey)
    y = re.sub(r"j$", "y", _J_NEAR_VOWEL.sub("y", r))
    return [r, y] if y != r else [r]


def _ukrainian(t: str) -> list[str]:
    """Ukrainian national romanisation: h is г (Hennadii = Gennadiy, Hryhorii = Grigoriy)."""
    if "h" not in t:
        return []
    x = _H_BARE.sub("g", t)
    return [x] if x != t else []


def name_systems(words: list[str] | tuple[str, ...], extra: str = "") -> str:
    """The romanisation systems a name's words show marks of (one letter each: h Hungarian, n Dutch and
    Scandinavian, f French and Portuguese, p Polish, r Romanian and Italian, t Turkish, b Latvian and
    Lithuanian endings, u Ukrainian), plus ``extra`` (marks read from the letters before the accents were
    stripped: r for ș ț, t for ç ş). "" for a name with none (nearly every name)."""
    got = set(extra)
    if len(words) < 2:
        return "".join(sorted(got))
    slavic = any(len(w) >= 5 and _SLAVIC_END.search(w) for w in words) \
        or any(_SLAVIC_GIVEN.match(w) for w in words)
    if any(_HU_MARK.search(w) for w in words) or (slavic and any(_HU_PALATAL.search(w) for w in words)):
        # (gy, ty, ny before a vowel only in a Russian name: Valentyina Tyereskova; English writes ny
        # in Tanya, Kenya)
        got.add("h")
    if any(_NL_MARK.search(w) for w in words):
        got.add("n")
    if slavic or got:
        if any(_FR_MARK.search(w) for w in words) or (slavic and any(_OU_MARK.search(w) for w in words)):
            got.add("f")
        if slavic and any(_PL_MARK.search(w) for w in words):
            got.add("p")
        if slavic and any(_RO_MARK.search(w) for w in words):
            got.add("r")
        if slavic and any(len(w) >= 5 and (_BALTIC_MARK.search(w) or _BALTIC_AS.search(w)) for w in words):
            got.add("b")
        if slavic and any(len(w) >= 5 and _UA_CONTEXT.search(w) for w in words):
            got.add("u")
    return "".join(sorted(got))


# The system codes of :func:`name_systems` and their readers, in the order their readings are kept.
_READERS = (
    ("h", _hungarian), ("n", _dutch_nordic), ("f", _french), ("r", _romanian_italian),
    ("p", _polish), ("t", _turkish), ("b", _baltic), ("u", _ukrainian),
)


@lru_cache(maxsize=100_000)
def cyrillic_readings(t: str, systems: str) -> tuple[str, ...]:
    """The readings of one lower-case ASCII name part under the systems ``systems`` (from
    :func:`name_systems`), in the English (BGN/PCGN) letters; () when there are none."""
    if not systems or len(t) < 3 or t.isdigit():
        return ()
    out: list[str] = []

    def add(xs):
        for x in xs:
            if x != t and x not in out:
                out.append(x)

    for code, reader in _READERS:
        if code in systems:
            add(reader(t))
    if "shh" in t:
        add([t.replace("shh", "shch")])   # GOST 7.79 system B
    return tuple(out[:5])
