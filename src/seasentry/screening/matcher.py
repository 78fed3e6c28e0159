"""Name comparison with explanations.

A name is a bag of parts (``text.Token``). Two names are compared part by part:

1. part similarity = edit similarity of the folded text (same script) and of the consonant
   skeleton (all scripts; the only evidence across Arabic/Hebrew and Latin script);
2. parts are aligned greedily, best pair first, each part used once, so order does not matter
   ("QADHAFI, Muammar" = "Muammar Qadhafi");
3. coverage of each side = weighted share of its parts that found a partner (times similarity);
   the score is the coverage of the shorter name, discounted by how much of the longer name is
   left unexplained (middle names missing from a query cost a little, an unmatched surname a lot);
4. a match resting on one part of a multi-part name is discounted (a different Khalifa);
5. qualifiers (date of birth, nationality, flag, vessel type) raise or lower the result.

Every weight is a ``MatchWeights`` field, documented there and reported in the explanation.
Edit similarity is Levenshtein distance normalised by the longer string (rapidfuzz).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np
from rapidfuzz.distance import OSA, LCSseq, Levenshtein
from rapidfuzz.process import cdist

from .text import Token, tokenize_name

try:
    from rigour.names.org_types import replace_org_types_compare as _org_compare
except Exception:  # pragma: no cover - rigour is a declared dependency
    _org_compare = None

ABJADS = {"arabic", "hebrew"}
# Legal-form and filler words that identify no one (after rigour's org-type replacement).
WEAK_ORG_WORDS = {"ltd", "llc", "jsc", "ojsc", "pjsc", "cjsc", "co", "inc", "corp", "gmbh", "ag", "sa", "srl",
                  "spa", "bv", "nv", "plc", "fze", "fzco", "fzc", "ooo", "oao", "zao", "pao", "ao", "lp", "llp",
                  "pte", "bhd", "sdn", "company", "group", "holding", "holdings", "international", "trading",
                  "shipping", "limited", "corporation", "enterprise", "enterprises", "general", "establishment",
                  "est", "sarl", "sas", "as", "ab", "oy", "kft", "doo", "ooo"}
_ROMAN_OR_NUM = re.compile(r"^(?:\d+|[ivx]{1,4})$")
_VESSEL_PREFIX = re.compile(r"^\s*(?:m/?v|m/?t|s/?s|f/?v|mv\.|mt\.|m\.v\.|m\.t\.)\s+", re.I)


@dataclass(frozen=True)
class MatchWeights:
    """Weights of the name score and qualifiers. Defaults tuned on shared/data/names (see
    docs/screening.md); the qualifier weights follow the order of magnitude of nomenklatura's
    logic-v2 (country_mismatch -0.2, dob_year_disjoint -0.15, dob_day_disjoint -0.25)."""

    skeleton_same_script: float = 0.85   # skeleton similarity counts this much when the text also compares
    skeleton_cross_script: float = 0.97  # part similarity across Arabic/Hebrew <-> Latin (skeleton only)
    vowel_weight: float = 0.0            # share of the cross-script part score that checks Arabic long vowels
    #                                      (off: measured AUC 0.943 -> 0.920 on wikidata_ar at 0.25, see docs)
    min_part_similarity: float = 0.62    # parts below this are not a match
    long_side_share: float = 0.30        # weight of the longer name's coverage in the score
    single_part_factor: float = 0.72     # one matching part out of a multi-part name
    weak_alias_factor: float = 0.92      # low-quality aliases (UN 'Low', FtM weakAlias)
    concat_factor: float = 0.95          # names segmented differently (Abdulrahman / Abdul Rahman)
    org_word_weight: float = 0.3         # weight of legal-form words (ltd, llc ...)
    short_part_weight: float = 0.6       # very short parts (Li, Ri; Arabic علي) carry less
    initial_weight: float = 0.5          # an initial (V. Putin) counts half a part
    initial_similarity: float = 0.9      # an initial against a part starting with that letter
    org_single_part_factor: float = 0.88  # organisations: one distinctive word is often the whole name
    dob_match: float = 0.05
    dob_year_mismatch: float = -0.15
    dob_day_mismatch: float = -0.10
    country_match: float = 0.03
    country_mismatch: float = -0.10
    vessel_name_cap: float = 0.85        # a vessel name alone never proves identity
    vessel_skeleton_weight: float = 0.70  # MARAIA ~ MARA on consonants alone is weak evidence
    vessel_number_mismatch: float = -0.30  # MARIE DE LOURDES I vs V
    vessel_number_missing: float = -0.10
    flag_match: float = 0.05
    flag_mismatch: float = -0.05
    type_match: float = 0.03
    callsign_match: float = 0.05
    type_mismatch: float = -0.10


DEFAULT_WEIGHTS = MatchWeights()


def prepare_name(name: str, schema: str | None = None) -> tuple[Token, ...]:
    """Tokenise a name for comparison; organisation legal forms are normalised with rigour
    (``Limited`` -> ``ltd``) and vessel prefixes (MV, M/T ...) are dropped."""
    if not name:
        return ()
    if schema == "Vessel":
        name = _VESSEL_PREFIX.sub("", name)
    elif schema in (None, "Organization") and _org_compare is not None and name.isascii():
        try:
            name = _org_compare(name.casefold())
        except Exception:  # pragma: no cover
            pass
    return tokenize_name(name)


def token_weight(tok: Token, w: MatchWeights = DEFAULT_WEIGHTS) -> float:
    if tok.text in WEAK_ORG_WORDS:
        return w.org_word_weight
    if len(tok.text) == 1 and tok.script == "latin":
        return w.initial_weight
    short = (max(len(s) for s in tok.skel) <= 1) if tok.script in ABJADS else len(tok.text) <= 2
    if short and not tok.text.isdigit():
        return w.short_part_weight
    return 1.0


def similarity_matrix(q: tuple[Token, ...], c: list[Token], w: MatchWeights = DEFAULT_WEIGHTS,
                      vessel: bool = False) -> np.ndarray:
    """Part-to-part similarity, shape (len(q), len(c)). Vessel names are not transliterations, so
    their skeleton counts less (``vessel_skeleton_weight``)."""
    if not q or not c:
        return np.zeros((len(q), len(c)))
    text_sim = cdist([t.text for t in q], [t.text for t in c], scorer=OSA.normalized_similarity,
                     dtype=np.float32)
    # initials: 'v' ~ 'vladimir'
    q_init = [len(t.text) == 1 and t.script == "latin" for t in q]
    c_init = [len(t.text) == 1 and t.script == "latin" for t in c]
    if any(q_init) or any(c_init):
        for i, ti in enumerate(q):
            for j, tj in enumerate(c):
                if (q_init[i] or c_init[j]) and ti.script == "latin" and tj.script == "latin" \
                        and ti.text[:1] == tj.text[:1]:
                    text_sim[i, j] = max(text_sim[i, j], w.initial_similarity)
    q_alts = [s for t in q for s in t.skel]
    c_alts = [s for t in c for s in t.skel]
    sk = cdist(q_alts, c_alts, scorer=Levenshtein.normalized_similarity, dtype=np.float32)
    if len(q_alts) != len(q) or len(c_alts) != len(c):
        q_own = np.repeat(np.arange(len(q)), [len(t.skel) for t in q])
        c_own = np.repeat(np.arange(len(c)), [len(t.skel) for t in c])
        rows = np.zeros((len(q), len(c_alts)), dtype=np.float32)
        np.maximum.at(rows, q_own, sk)
        sk = np.zeros((len(q), len(c)), dtype=np.float32)
        np.maximum.at(sk.T, c_own, rows.T)
    q_ab = np.array([t.script in ABJADS for t in q])
    c_ab = np.array([t.script in ABJADS for t in c])
    cross = q_ab[:, None] != c_ab[None, :]
    vowel_factor = None
    if w.vowel_weight > 0 and cross.any() and (q_ab.any() and q_ab.all() or c_ab.any() and c_ab.all()):
        # long vowels written in Arabic must appear, in order, in the Latin spelling
        # (آراد 'Arad' is not 'Rida', though both skeletons are RD)
        ar_side, lat_side = (q, c) if q_ab.all() else (c, q)
        ar_v = [t.vow for t in ar_side]
        lat_v = [t.vow for t in lat_side]
        lcs = cdist(ar_v, lat_v, scorer=LCSseq.similarity, dtype=np.float32)
        ratio = lcs / np.maximum(np.array([len(v) for v in ar_v], dtype=np.float32)[:, None], 1.0)
        ratio = ratio if q_ab.all() else ratio.T
        vowel_factor = (1.0 - w.vowel_weight) + w.vowel_weight * ratio
    # empty skeletons (all-vowel parts such as 'i', 'eau') carry no evidence across scripts
    q_empty = np.array([not t.skel[0] for t in q])
    c_empty = np.array([not t.skel[0] for t in c])
    sk = np.where(q_empty[:, None] | c_empty[None, :], np.where(cross, 0.0, sk), sk)
    same = np.maximum(text_sim, (w.vessel_skeleton_weight if vessel else w.skeleton_same_script) * sk)
    # parts romanised from the same non-Latin script: compare the original letters (homophones in
    # Han script romanise alike: 高市 / 高石 -> gaoshi)
    if any(t.orig for t in q) and any(t.orig for t in c):
        for i, ti in enumerate(q):
            if not ti.orig:
                continue
            for j, tj in enumerate(c):
                if tj.orig and tj.script == ti.script:
                    same[i, j] = OSA.normalized_similarity(ti.orig, tj.orig)
    cross_sim = w.skeleton_cross_script * sk
    if vowel_factor is not None:
        cross_sim = cross_sim * vowel_factor
    return np.where(cross, cross_sim, same)


def _greedy(sim: list[list[float]], min_sim: float) -> list[tuple[int, int, float]]:
    cells = sorted(((s, i, j) for i, row in enumerate(sim) for j, s in enumerate(row) if s >= min_sim),
                   reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for s, i, j in cells:
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        pairs.append((i, j, float(s)))
    return pairs


class NameInfo:
    """A tokenised name with everything the scorer needs precomputed."""

    __slots__ = ("name", "tokens", "weights", "wsum", "n_strong", "abjad", "joined_text", "joined_skel",
                 "numbers")

    def __init__(self, name: str, tokens: tuple[Token, ...], w: MatchWeights = DEFAULT_WEIGHTS):
        self.name = name
        self.tokens = tokens
        self.weights = [token_weight(t, w) for t in tokens]
        self.wsum = sum(self.weights) or 1.0
        self.n_strong = sum(x >= 0.5 for x in self.weights)
        self.abjad = any(t.script in ABJADS for t in tokens)
        self.joined_text = "".join(t.text for t in tokens)
        self.joined_skel = "".join(t.skel[0] for t in tokens)
        self.numbers = frozenset(t.text for t in tokens if _ROMAN_OR_NUM.match(t.text))


def name_info(name: str, schema: str | None = None, w: MatchWeights = DEFAULT_WEIGHTS) -> NameInfo:
    return NameInfo(name, prepare_name(name, schema), w)


def score_names(qi: NameInfo, ci: NameInfo, sim: np.ndarray | list, w: MatchWeights = DEFAULT_WEIGHTS,
                vessel: bool = False, explain: bool = True, org: bool = False) -> tuple[float, dict]:
    """Score two names from their part similarity matrix (rows: parts of ``qi``, columns: ``ci``)."""
    q, c = qi.tokens, ci.tokens
    if not q or not c:
        return 0.0, {"reason": "empty name"}
    simlist = sim.tolist() if isinstance(sim, np.ndarray) else sim
    pairs = _greedy(simlist, w.min_part_similarity)
    if not pairs and len(q) == len(c):  # nothing aligns and no other segmentation to try
        return 0.0, ({"cross_script": qi.abjad != ci.abjad, "parts": [],
                      "unmatched_query": [t.text for t in q], "unmatched_candidate": [t.text for t in c],
                      "features": []} if explain else {})
    wq, wc = qi.weights, ci.weights
    cov_q = sum(s * wq[i] for i, _, s in pairs) / qi.wsum
    cov_c = sum(s * wc[j] for _, j, s in pairs) / ci.wsum
    nq, nc = len(q), len(c)
    short, long_ = (cov_q, cov_c) if nq <= nc else (cov_c, cov_q)
    base = short * ((1 - w.long_side_share) + w.long_side_share * long_)
    features: list[dict] = []
    if explain:
        features.append({"feature": "name_parts", "value": round(base, 4),
                         "coverage_query": round(cov_q, 4), "coverage_candidate": round(cov_c, 4)})
    n_strong_pairs = sum(1 for i, j, _ in pairs if wq[i] >= 0.5 and wc[j] >= 0.5)
    if n_strong_pairs <= 1 and max(qi.n_strong, ci.n_strong) >= 2:
        factor = w.org_single_part_factor if org else w.single_part_factor
        before = base
        base *= factor
        if explain:
            features.append({"feature": "single_part_match", "weight": factor,
                             "contribution": round(base - before, 4)})
    if nq != nc and nq + nc > 2:
        cross = qi.abjad != ci.abjad
        a, b = (qi.joined_skel, ci.joined_skel) if cross else (qi.joined_text, ci.joined_text)
        cs = Levenshtein.normalized_similarity(a, b) * w.concat_factor
        if cs > base:
            if explain:
                features.append({"feature": "joined_parts", "value": round(cs, 4),
                                 "contribution": round(cs - base, 4)})
            base = cs
    if vessel and qi.numbers != ci.numbers:
        both = bool(qi.numbers and ci.numbers)
        pen = w.vessel_number_mismatch if both else w.vessel_number_missing
        base += pen
        if explain:
            features.append({"feature": "vessel_number_mismatch" if both else "vessel_number_missing",
                             "query": sorted(qi.numbers), "candidate": sorted(ci.numbers), "contribution": pen})
    base = max(0.0, min(1.0, base))
    if not explain:
        return base, {}
    parts = []
    for i, j, s in pairs:
        via = "skeleton" if (q[i].script in ABJADS) != (c[j].script in ABJADS) else (
            "text" if OSA.normalized_similarity(q[i].text, c[j].text) >= s - 1e-6 else "skeleton")
        parts.append({"query": q[i].text, "candidate": c[j].text, "similarity": round(s, 4), "via": via,
                      "skeleton": [q[i].skel[0], c[j].skel[0]], "weight": round((wq[i] + wc[j]) / 2, 3)})
    matched_i = {p[0] for p in pairs}
    matched_j = {p[1] for p in pairs}
    return base, {"cross_script": qi.abjad != ci.abjad, "parts": parts,
                  "unmatched_query": [q[i].text for i in range(len(q)) if i not in matched_i],
                  "unmatched_candidate": [c[j].text for j in range(len(c)) if j not in matched_j],
                  "features": features}


def compare_names(a: str, b: str, schema: str | None = None, w: MatchWeights = DEFAULT_WEIGHTS
                  ) -> tuple[float, dict]:
    """Compare two names (any script). Returns (score in [0, 1], explanation)."""
    qi = name_info(a, schema, w)
    ci = name_info(b, schema, w)
    score, expl = score_names(qi, ci, similarity_matrix(qi.tokens, list(ci.tokens), w, schema == "Vessel"), w,
                              vessel=(schema == "Vessel"), org=(schema == "Organization"))
    return score, expl


# --------------------------------------------------------------------------- qualifiers
def _date_parts(d: str) -> tuple[str, str | None, str | None]:
    p = d.split("-")
    return p[0], (p[1] if len(p) > 1 else None), (p[2] if len(p) > 2 else None)


def dob_qualifier(query_dob: str | None, entity_dobs: list[str], w: MatchWeights = DEFAULT_WEIGHTS
                  ) -> dict | None:
    """Date of birth: same year (and day where both have it) raises, a disjoint year lowers.
    Years within 1 count as the same year, because lists give approximate years."""
    if not query_dob or not entity_dobs:
        return None
    qy, qm, qd = _date_parts(str(query_dob)[:10])
    if not qy.isdigit():
        return None
    best = None
    for d in entity_dobs:
        ey, em, ed = _date_parts(d)
        if not ey.isdigit():
            continue
        if abs(int(ey) - int(qy)) > 1:
            cand = ("dob_year_mismatch", w.dob_year_mismatch)
        elif ey == qy and qm and qd and em and ed and (em, ed) != (qm, qd):
            cand = ("dob_day_mismatch", w.dob_day_mismatch)
        else:
            cand = ("dob_match", w.dob_match)
        if best is None or cand[1] > best[1]:
            best = cand
    if best is None:
        return None
    return {"feature": best[0], "query": str(query_dob), "candidate": entity_dobs[:5], "contribution": best[1]}


def country_qualifier(query_country: str | None, entity_countries: list[str], w: MatchWeights = DEFAULT_WEIGHTS
                      ) -> dict | None:
    if not query_country or not entity_countries:
        return None
    qc = query_country.upper()
    if qc in entity_countries:
        return {"feature": "country_match", "query": qc, "candidate": entity_countries,
                "contribution": w.country_match}
    return {"feature": "country_mismatch", "query": qc, "candidate": entity_countries,
            "contribution": w.country_mismatch}


# AIS ship type (ITU-R M.1371-5 Table 53) -> broad category; list vessel types -> the same.
def ais_type_category(code: int | None) -> str | None:
    if code is None:
        return None
    try:
        c = int(code)
    except (TypeError, ValueError):
        return None
    if c == 30:
        return "fishing"
    if c in (31, 32, 52):
        return "tug"
    if 60 <= c <= 69:
        return "passenger"
    if 70 <= c <= 79:
        return "cargo"
    if 80 <= c <= 89:
        return "tanker"
    if c == 37:
        return "pleasure"
    return None


def list_type_category(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower()
    for word, cat in (("tanker", "tanker"), ("fishing", "fishing"), ("tug", "tug"), ("yacht", "pleasure"),
                      ("passenger", "passenger"), ("ferry", "passenger"), ("bulk", "cargo"),
                      ("container", "cargo"), ("cargo", "cargo"), ("carrier", "cargo"), ("ro-ro", "cargo")):
        if word in t:
            return cat
    return None


def as_dict(w: MatchWeights) -> dict:
    return asdict(w)
