"""(Session 13, sixteenth round) Korean names in Hangul and Chinese names in Han characters read in
the Latin spellings the lists write them in.

The UN consolidated list and OFAC SDN write no Korean or Chinese name in its own script: the
Democratic People's Republic of Korea's names are written in the DPRK's own romanisation (a
McCune-Reischauer system: KIM Ki Nam, CHOE Ryong Hae, RI Un Song, PAK Jin Hyok, JONG Kyong Thaek),
mainland Chinese names in Hanyu Pinyin with the given name written as one word (ZHU Yuequn, LI
Fangwei) or as syllables (MAO Yu Hua), Taiwanese names in Wade-Giles without its apostrophes (CHEN Mei
Hsiang). An analyst pastes the name from a Korean or Chinese source in its script; scored as written
it meets nothing (no listed name has a Hangul or Han letter). ``script_readings`` gives the Latin
readings of such a text, family name first (the order of both languages, which the lists keep):

- Hangul, each syllable decomposed into its letters (jamo; Unicode 15, § 3.12 "Conjoining Jamo
  Behavior", the arithmetic of the precomposed syllables U+AC00..U+D7A3) and each letter read by
  * the DPRK's romanisation (Korean Language Romanization, DPRK 1992, as given in ISO/TR 11941:1996
    table 1; the spelling the UN and OFAC use for DPRK names: ㅈ j, ㅊ ch, ㅋ kh, ㅌ th, ㅍ ph, word-
    initial ㄱ ㄷ ㅂ k t p, initial ㄹ r, ㅓ o, ㅡ u, ㅕ yo),
  * McCune-Reischauer without its breves and apostrophes (McCune & Reischauer 1939, the ROK's system
    1984-2000 and the spelling of the older list entries: ㅈ ch, ㅋ k, ㅌ t, ㅍ p: CHONG Yong Su), and
  * the Revised Romanization (ROK Ministry of Culture and Tourism notice 2000-8; anyascii's reading:
    ㄱ g, ㄷ d, ㅂ b, ㅓ eo, ㅡ eu: GIM Gyu),
  (the DPRK and RR readings are screened; the MR and the customary family-name spellings, 이 LEE/YI,
  박 PARK, 최 CHOI, 정 CHUNG, differ from them only in what ``romanisation_key`` merges, and a
  reading's agreement with a listed name is judged by that key): the given name's syllables are
  written apart, as the lists write them (KIM, Ki Nam), and the first syllable is the
  family name (two for the two-syllable family names 남궁, 황보, 제갈, 선우, 독고, 사공, 서문 when the
  name has four syllables);
- Han characters read in Hanyu Pinyin by anyascii (its table is the Unihan database's kMandarin field,
  which covers the traditional characters too: 陳 chen), the given name written as one word and as
  syllables, and in Wade-Giles (the Taiwanese and older spelling: Giles 1912, the conversion table of
  the Library of Congress "Pinyin conversion project", 2000), without apostrophes and umlauts as the
  lists write it; the family name is the first character (two for the compound family names of the
  Baijiaxing: 欧阳, 司马, 诸葛, 上官 ... in simplified and traditional characters).

Each reading is screened as the name; the better score of each entry is kept
(``ScreeningIndex.screen_name``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3

# Unicode 15, § 3.12: the 19 leading consonants, 21 vowels and 28 trailing consonants (none first)
_L_DPRK = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h")
_L_MR = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h")
_L_RR = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_V_MR = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
         "u", "ui", "i")
_V_RR = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
         "eu", "ui", "i")
_T_MR = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
         "ng", "t", "t", "k", "t", "p", "t")
_T_RR = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
         "ng", "t", "t", "k", "t", "p", "t")

_TWO_SYLLABLE_SURNAMES = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"})

# the compound family names of the Baijiaxing, simplified and traditional
_HAN_COMPOUND = frozenset({"欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "东方", "東方", "夏侯", "慕容",
                           "尉迟", "尉遲", "皇甫", "令狐", "公孙", "公孫", "长孙", "長孫", "宇文", "轩辕", "軒轅", "澹台",
                           "端木", "闻人", "聞人", "西门", "西門", "南宫", "南宮", "独孤", "獨孤"})

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _syllable(ch: str) -> tuple[int, int, int]:
    k = ord(ch) - _HANGUL_FIRST
    return k // 588, (k % 588) // 28, k % 28


def _hangul_syllable(ch: str, system: str) -> str:
    lead, vowel, tail = _syllable(ch)
    if system == "rr":
        return _L_RR[lead] + _V_RR[vowel] + _T_RR[tail]
    onset = (_L_DPRK if system == "dprk" else _L_MR)[lead]
    return onset + _V_MR[vowel] + _T_MR[tail]


def hangul_readings(word: str) -> list[str]:
    """The Latin readings (DPRK, Revised Romanization) of
    a Korean person's name in Hangul written as one word, family name first; [] when ``word`` is not
    all Hangul syllables."""
    if not word or not all(_HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST for ch in word):
        return []
    n = 2 if len(word) == 4 and word[:2] in _TWO_SYLLABLE_SURNAMES else 1
    fam, given = word[:n], word[n:]
    out: list[str] = []
    # the DPRK reading and the RR one: the MR spelling and the customary family names differ from them
    # only in what romanisation_key merges (the agreement of the readings with a listed name is
    # judged by that key), so they are left out of the screened readings (each costs a screening)
    for system in ("dprk", "rr"):
        f = "".join(_hangul_syllable(c, system) for c in fam)
        g = [_hangul_syllable(c, system) for c in given]
        families = [f]
        for fn in families:
            r = " ".join([fn] + g).upper()
            if r not in out:
                out.append(r)
    return out


# --------------------------------------------------------------------------- Wade-Giles
# pinyin -> Wade-Giles without apostrophes and umlauts (Library of Congress conversion table, 2000)
_WG_WHOLE = {"zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu", "si": "ssu",
             "er": "erh", "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung", "yue": "yueh", "yi": "i",
             "zhe": "che", "che": "che", "she": "she", "re": "je", "ge": "ko", "ke": "ko", "he": "ho", "e": "o"}
_WG_INITIAL = (("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"), ("t", "t"),
               ("g", "k"), ("k", "k"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("r", "j"), ("z", "ts"),
               ("c", "ts"), ("s", "s"), ("m", "m"), ("f", "f"), ("n", "n"), ("l", "l"), ("h", "h"), ("w", "w"),
               ("y", "y"))
_WG_FINAL = (("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("ue", "ueh"), ("ui", "uei"),
             ("uo", "o"))


def wade_giles(syllable: str) -> str:
    """One pinyin syllable (lower case, no tone) in Wade-Giles as the lists write it."""
    s = syllable.lower()
    if s in _WG_WHOLE:
        return _WG_WHOLE[s]
    for p, w in _WG_INITIAL:
        if s.startswith(p):
            ini, fin = w, s[len(p):]
            break
    else:
        return s
    for p, w in _WG_FINAL:
        if fin == p:
            # guo kuo, huo huo, kuo kuo keep the u (Wade-Giles kuo, huo); duo to, luo lo, zuo tso do not
            fin = "uo" if p == "uo" and ini in ("k", "h", "ch", "sh", "j") else w
            break
    if fin == "e" and ini in ("k", "h"):
        fin = "o"
    return ini + fin


def _han_syllables(text: str) -> list[str]:
    from anyascii import anyascii

    return [anyascii(ch).lower() for ch in text]


def han_readings(word: str) -> list[str]:
    """The Latin readings (pinyin with the given name glued, Wade-Giles) of a
    Chinese person's name in Han characters written as one word, family name first; [] when ``word``
    is not all Han characters."""
    if not word or len(word) > 5 or not all(_HAN.match(ch) for ch in word):
        return []
    syl = _han_syllables(word)
    if not all(s.isalpha() and s.isascii() for s in syl):
        return []
    n = 2 if len(word) >= 3 and word[:2] in _HAN_COMPOUND else 1
    fam, given = "".join(syl[:n]), syl[n:]
    out = []
    if given:
        out.append(f"{fam} {''.join(given)}".upper())
        wg_f = "".join(wade_giles(s) for s in syl[:n])
        out.append(" ".join([wg_f] + [wade_giles(s) for s in given]).upper())
    else:
        out.append(fam.upper())
    return list(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def script_readings(text: str) -> tuple[str, ...]:
    """The Latin readings of a query written in Hangul or Han characters (a person's name, family
    name first, as one word or family name and given name apart); () for any other text."""
    if not text or not (_HANGUL.search(text) or _HAN.search(text)):
        return ()
    words = text.split()
    if len(words) == 2 and all(_HANGUL.fullmatch(w[0]) for w in words):
        # 김 기남: family name written apart (Hangul writes the family name first)
        words = ["".join(words)]
    if len(words) == 2 and all(_HAN.match(w[0]) for w in words):
        words = ["".join(words)]
    if len(words) != 1:
        return ()
    return tuple(hangul_readings(words[0]) or han_readings(words[0]))


_SPLIT = re.compile(r"[\s,\-]+")


def _syllable_key(name: str) -> tuple[str, str] | None:
    """(family name, given name glued) of a Latin Korean or Chinese name as the lists write it (KIM, Ki
    Nam; RI, U'n-so'ng; ZHU, Yuequn), apostrophes, hyphens and spaces between syllables dropped; None
    for a name of one part."""
    words = [w for w in _SPLIT.split(name.replace("'", "").replace("\u2019", "").lower()) if w]
    if len(words) < 2:
        return None
    return words[0], "".join(words[1:])


def syllables_agree(reading: str, listed: str) -> bool:
    """Whether a listed Latin name is the reading's name syllable by syllable: the same family name
    and the same given-name syllables in the same order (written apart, hyphenated or glued). East
    Asian names are a few syllables from a small inventory (about 400 Mandarin and 1,100 Korean
    written syllables): a fuzzy likeness of such short strings (CHU YUEH CHUN ~ CHO YON CHUN) is the
    likeness of different names, so a script reading only matches a name written with its syllables."""
    a, b = _syllable_key(reading), _syllable_key(listed)
    return a is not None and a == b


# --------------------------------------------------------------------------- Latin Korean and Chinese names
# A Korean or Chinese name written in Latin letters (KIM KYU, GIM GYU, HWANG BYEONG-SEO, LI KA-SHING,
# WANG ZHI-MING) is a family name and a given name of one or two syllables, each from a small
# inventory (the 11,172 Hangul syllables in the DPRK, McCune-Reischauer and Revised spellings; the
# ~410 pinyin syllables and their Wade-Giles spellings). Two such names are the same name when the
# family names agree and the given names' syllables agree one by one, in order, up to the romanisation
# systems' spellings of the same sounds; a fuzzy likeness of short syllables (MONG ~ MING, SHING ~
# CHENG, ZHIMING ~ ZHIQING) is the likeness of different names. ``romanisation_key`` writes a
# syllable string in a form common to the systems:
# - Korean: RR eo, eu, yeo = MR o, u, yo (ŏ, ŭ, yŏ without breves); RR g, d, b, j = MR k, t, p, ch
#   (word-initial), DPRK kh, th, ph = MR k', t', p'; the ROK's customary oo, ee, ou (Koo, Lee, Young)
#   and u for ŏ before -l, -n, -ng (Chul = Chol, Hyun = Hyon, Myung = Myong: the
#   NIKL surname table, 2009; the key merges what the customary spelling merges);
# - Chinese: Wade-Giles hs, ch, ts/tz, k, t, p, j = pinyin x, zh/j/q, z/c, g, t, d, p... without the
#   apostrophes that told the aspirates apart (so the key merges what the lists' spelling merges);
#   -ih, -ieh, -ueh, -uei, -ien, -ung = pinyin -i, -ie, -ue, -ui, -ian, -ong.
_KEY_STEPS = tuple((re.compile(a), b) for a, b in (
    (r"yeo", "yo"), (r"eo", "o"), (r"eu", "u"), (r"oo", "u"), (r"ee", "i"), (r"^wu", "u"), (r"oung", "ong"),
    (r"(?<![aeiou])u(?=[ln])", "o"), (r"ieh$", "ie"), (r"ueh$", "ue"), (r"uei$", "ui"), (r"ien$", "ian"), (r"hs", "x"),
    (r"tz", "z"), (r"ts", "z"), (r"zh", "j"), (r"ch", "j"), (r"q", "j"), (r"c", "z"), (r"kh", "k"), (r"g", "k"),
    (r"th", "t"), (r"d", "t"), (r"ph", "p"), (r"b", "p"), (r"sh", "s"), (r"ih$", "i"), (r"l", "r"),
    # a letter written twice (Sonng, Hwaan: a typing slip; the tense kk, tt, pp, ss, jj of Korean)
    (r"(.)\1+", r"\1")))


@lru_cache(maxsize=50_000)
def romanisation_key(text: str, keep_l: bool = False) -> str:
    """The key of a name part, each written word (a syllable or a glued given name) rewritten alone:
    the systems' spellings of a syllable's end are read at the end of a written word. ``keep_l``:
    l and r kept apart (a Chinese name: see ``_CHINESE_STEPS``)."""
    out = []
    for word in re.split(r"[\s\-'\u2019]+", text.lower()):
        for a, b in (_CHINESE_STEPS if keep_l else _KEY_STEPS):
            word = a.sub(b, word)
        out.append(word)
    return _DOUBLED.sub(r"\1", "".join(out))   # Yunnian = Yun-nian


# (Session 15, twentieth round) l and r are one Korean letter (ㄹ: Ri / Li, Ryong / Lyong, Chollyong /
# Chol Ryong) but two Mandarin initials: pinyin l and r (Wade-Giles l and j) write different syllables
# (rong 荣 / long 龙, ren 仁 / len, ruan 阮 / luan 栾; Hanyu Pinyin Fang'an, 1958, the initials table), so
# a Chinese name's given-name syllables keep them apart (Sun Jinrong is not SUN, Jinlong). A Korean
# given name never opens a syllable with l but after l (the DPRK and McCune-Reischauer write ㄹ r
# there, Chol Ryong, and ll after l or n, Chollyong; Revised Romanization the same): a given name with
# an l before a vowel, not after l, is read as Chinese and keeps l apart from r
_CHINESE_STEPS = tuple((a, b) for a, b in _KEY_STEPS if a.pattern != "l")
_ONSET_L = re.compile(r"(?<!l)l(?=[aeiouy])")


# family names spelt differently by the DPRK, the ROK's customary spelling, RR and the Chinese
# systems (NIKL surname table, 2009; the lists' own spellings of DPRK names): one key per group
_FAMILY_GROUPS = (("ri", "li", "lee", "yi", "i", "rhee", "rhie", "yee"), ("pak", "park", "bak", "pag"),
                  ("choe", "choi", "chwe", "choy"), ("ro", "no", "noh", "roh", "rho"), ("ryu", "yu", "yoo", "you",
                                                                                        "lyu", "you"),
                  ("rim", "im", "lim", "yim"), ("o", "oh"), ("an", "ahn"), ("pae", "bae"),
                  ("paek", "baek", "paik", "baik"), ("ho", "heo", "hur", "huh"), ("u", "woo", "wu"),
                  ("ra", "na"), ("so", "seo", "suh"), ("yun", "yoon"), ("kang", "gang"), ("ko", "go", "koh"),
                  ("mun", "moon"), ("son", "sohn"), ("chon", "jeon", "jon", "chun"), ("ku", "koo", "gu"),
                  ("chu", "ju", "joo"), ("sin", "shin"), ("sim", "shim"), ("hyon", "hyun", "hyeon"),
                  ("yom", "yeom", "yum", "ryom"), ("yang", "ryang"), ("yo", "ryo"), ("om", "eom", "um"), ("pyon", "byeon", "byun"), ("kil", "gil"))
# the Korean family names of the NIKL table (2009, the 60 commonest) and the Chinese ones of the
# Baijiaxing commonest 100 (Ministry of Public Security, 2019 list) in pinyin and Wade-Giles
_FAMILY_NAMES = """kim gim ri li lee yi rhee pak park bak choe choi jong chong jeong chung jung cho jo yun yoon
chang jang im lim rim han o oh so seo suh sin shin kwon gwon hwang an ahn song ryu yu yoo hong chon jeon jon
ko go koh mun moon yang son sohn pae bae paek baek paik ho heo hur nam sim shim no noh ro roh ha kwak gwak
u woo wu ku koo gu min chu ju joo na ra ji chi yom yeom pyon byeon um eom won chae chon kil gil tong dong sok
seok kye hyon hyun pang bang kang gang cha yo ryom kye sung ki
wang zhang liu chen huang zhao zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie tang deng feng cao peng
zeng xiao tian dong pan yuan cai jiang du ye cheng wei su lu ding ren yao shen zhong cui tan fan liao shi jin
jia xia fu fang zou xiong bai meng qin qiu hou yin xue yan duan lei long tao mao hao gu gong shao wan qian dai
mo kong xiang tuan qi hsu hsieh kao kuo lo sung teng tsai tseng tung yeh chiang chu hsiao kung lai tai tien
ting tsao tsui yen chien chin chou chao lui wong leung chan cheung lau ng tsang kwok""".split()


@lru_cache(maxsize=1)
def _family_keys() -> dict[str, str]:
    out = {romanisation_key(f): romanisation_key(f) for f in _FAMILY_NAMES}
    for grp in _FAMILY_GROUPS:
        k = romanisation_key(grp[0])
        for f in grp:
            out[romanisation_key(f)] = k
    return out


# the commonest syllables of Hong Kong and Macau given names in the Hong Kong Government's Cantonese
# romanisation (the spelling of HKID cards and of the lists' Hong Kong entries: LI Ka Shing, CHAN Wing
# Kwok), where they are not pinyin or Korean syllables
_CANTONESE = frozenset("""shing sing hing ming wing ying ching king kwan kwok kwai wai yiu yau chau chiu siu hoi
yee kin kit man fai fung hung tung lung chun kam sum lam tak pak wah hon yan yin yuen yun ka kai ki kei wan chi
sze tsz hei lok on cheuk cheung leung tsang chan wong lau ng kwong mei kuen suen tsun shun keung yeung""".split())


@lru_cache(maxsize=1)
def _syllable_inventory() -> frozenset[str]:
    """The Latin syllables of Korean (DPRK, MR, RR spellings of all 11,172 Hangul syllables) and
    Mandarin (anyascii's pinyin of the CJK Unified Ideographs and their Wade-Giles spellings), lower
    case, and the customary spellings of the family-name table."""
    out: set[str] = set(_FAMILY_NAMES) | set(_CANTONESE)
    for code in range(_HANGUL_FIRST, _HANGUL_LAST + 1):
        ch = chr(code)
        for system in ("dprk", "mr", "rr"):
            out.add(_hangul_syllable(ch, system))
    from anyascii import anyascii

    for code in range(0x4E00, 0xA000):
        p = anyascii(chr(code)).lower()
        if p.isalpha() and p.isascii():
            out.add(p)
            out.add(wade_giles(p))
    return frozenset(x for x in out if re.search("[aeiouy]", x))


@lru_cache(maxsize=20_000)
def _syllabic(word: str) -> bool:
    """Whether ``word`` (lower case, letters only) is a sequence of at most three syllables of the
    inventory."""
    inv = _syllable_inventory()
    n = len(word)
    best = [0] + [99] * n
    for i in range(1, n + 1):
        for j in range(max(0, i - 6), i):
            if best[j] < 99 and word[j:i] in inv:
                best[i] = min(best[i], best[j] + 1)
    return best[n] <= 3


_WORD = re.compile(r"[a-z]+")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=50_000)
def east_asian_parts(name: str, listed: bool = False) -> tuple[tuple[str, str], ...]:
    """The readings (family name key, given name key) of a Korean or Chinese person's name written in
    Latin letters (KIM KYU; KIM, Kyu; HWANG BYEONG-SEO; ZHU, Yuequn); () for any other name.
    ``listed``: a list's entry (OFAC writes FAMILY, Given; the UN the family name first)."""
    if not name:
        return ()
    # McCune-Reischauer's breves and apostrophes (Chŏng, Cho’ng, U'n) are not part of the letters
    text = "".join(ch for ch in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("\u2019", "").replace("\u2018", "").replace("`", "")
    if not text.isascii() or any(ch.isdigit() for ch in text):
        return ()   # a number is no part of a person's name (WAN HAI 502; a date was read off: birth_clause)
    if "," in text:
        fam_text, _, given_text = text.partition(",")
        orders = [(_WORD.findall(fam_text), _WORD.findall(given_text))]
    else:
        words = _WORD.findall(text)
        if len(words) < 2:
            return ()
        # family name first (the order of both languages and of the UN list), or last (the Western
        # order some writers use: Jong Un Kim)
        orders = [(words[:1], words[1:]), (words[-1:], words[:-1])]
    out = []
    for fam, given in orders:
        if len(fam) != 1 or not given or len(given) > 3:
            continue
        fk = _family_keys().get(romanisation_key(fam[0]))
        if fk is None:
            continue
        if not all(_syllabic(_DOUBLED.sub(r"\1", g)) for g in given) or sum(len(g) for g in given) > 12:
            continue
        out.append((fk, romanisation_key(" ".join(given), any(_ONSET_L.search(g) for g in given))))
    return tuple(dict.fromkeys(out))


def east_asian_agreement(query: str, listed: str) -> bool | None:
    """Whether two Korean or Chinese names agree syllable by syllable (see above): True when a reading
    of each agrees, False when none does, None when either is not such a name (the rule says nothing)."""
    a = east_asian_parts(query)
    if not a:
        return None
    b = east_asian_parts(listed, listed=True)
    if not b:
        return None
    return bool(set(a) & set(b))
