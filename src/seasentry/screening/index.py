"""In-memory screening index: blocking on name-part skeletons, exact IMO/MMSI look-ups, and
scoring with explanations. Pure: no I/O except ``from_connection``, which reads the store once.

Blocking: every indexed name part contributes its consonant skeleton(s) and, for skeletons of
four or more classes, each one-class deletion (the symmetric-delete idea of SymSpell, Garbe 2012),
so a candidate is found through one consonant typo or substitution; plus the folded text of
parts whose skeleton is too short to be selective. Candidates are ranked by the summed inverse
document frequency of the keys they share with the query; only the best ``max_candidates`` names
are scored in full.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import polars as pl
from rapidfuzz.distance import Levenshtein

from .ids import imo_check_digit_ok, parse_imo, parse_mmsi
from .matcher import (DEFAULT_WEIGHTS, MatchWeights, NameInfo, ais_type_category, country_qualifier,
                      dob_qualifier, list_type_category, name_info, score_names, similarity_matrix)
from .model import Entity, schema_family
from .text import Token

VESSEL_RESULT_SCHEMA = {
    "mmsi": pl.Int64, "entity_id": pl.Utf8, "list": pl.Utf8, "list_version": pl.Utf8, "schema": pl.Utf8,
    "name": pl.Utf8, "matched_name": pl.Utf8, "score": pl.Float64, "decision": pl.Utf8,
    "explanation": pl.Utf8, "programs": pl.List(pl.Utf8), "matched_on": pl.Utf8,
}


def _keys(tok: Token) -> set[str]:
    keys: set[str] = set()
    for s in tok.skel:
        if len(s) >= 2 or (s and s.isdigit()):
            keys.add(s)
        if len(s) >= 4:
            keys.update("~" + s[:i] + s[i + 1:] for i in range(len(s)))
    if not keys or all(len(s) < 3 for s in tok.skel):
        # skeleton too short to be selective (ZEUS -> S): block on the text and its one-letter
        # deletions instead, so ZEUSS and ZEUS still meet
        t = tok.text
        keys.add("=" + t)
        if 3 <= len(t) <= 8:
            keys.update("=" + t[:i] + t[i + 1:] for i in range(len(t)))
    return keys


@dataclass
class _Name:
    entity: int
    name: str
    kind: str
    info: NameInfo
    tok_ids: list[int]
    org: bool

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.info.tokens


class ScreeningIndex:
    """Screen names and vessel identities against loaded sanctions entities."""

    def __init__(self, entities: Iterable[Entity], versions: dict[str, str] | None = None,
                 review_threshold: float = 0.70, alert_threshold: float = 0.90,
                 weights: MatchWeights = DEFAULT_WEIGHTS, max_candidates: int = 30,
                 max_posting: int = 2000):
        self.entities: list[Entity] = list(entities)
        self.versions = dict(versions or {})
        self.review_threshold = review_threshold
        self.alert_threshold = alert_threshold
        self.weights = weights
        self.max_candidates = max_candidates
        self.max_posting = max_posting
        self.names: list[_Name] = []
        postings: dict[str, list[int]] = defaultdict(list)
        self.by_imo: dict[int, list[int]] = defaultdict(list)
        self.by_mmsi: dict[int, list[int]] = defaultdict(list)
        self.tokens: list[Token] = []
        tok_index: dict[Token, int] = {}
        fam_codes = {"Person": 1, "Organization": 2, "Vessel": 3, "Airplane": 4}
        self._fam_codes = fam_codes
        name_fam: list[int] = []
        for ei, e in enumerate(self.entities):
            fam = schema_family(e.schema)
            if e.imo:
                self.by_imo[int(e.imo)].append(ei)
            if e.mmsi:
                self.by_mmsi[int(e.mmsi)].append(ei)
            for n, kind in e.all_names():
                info = name_info(n, fam, weights)
                if not info.tokens:
                    continue
                ids = []
                for t in info.tokens:
                    ti = tok_index.get(t)
                    if ti is None:
                        ti = tok_index[t] = len(self.tokens)
                        self.tokens.append(t)
                    ids.append(ti)
                ni = len(self.names)
                self.names.append(_Name(ei, n, kind, info, ids, fam == "Organization"))
                name_fam.append(fam_codes.get(fam or "", 0))
                for k in set().union(*(_keys(t) for t in info.tokens)):
                    postings[k].append(ni)
        n = max(1, len(self.names))
        self.postings = {k: np.asarray(v, dtype=np.int32) for k, v in postings.items()}
        self.idf = {k: math.log(1 + n / len(v)) for k, v in postings.items()}
        self._name_fam = np.asarray(name_fam, dtype=np.int8)
        width = max((len(r.tok_ids) for r in self.names), default=1)
        sentinel = len(self.tokens)
        self._tok_mat = np.full((len(self.names), width), sentinel, dtype=np.int64)
        self._tok_w = np.zeros((len(self.names), width))
        for i, r in enumerate(self.names):
            self._tok_mat[i, : len(r.tok_ids)] = r.tok_ids
            self._tok_w[i, : len(r.tok_ids)] = r.info.weights
        self._ntok = np.array([len(r.tok_ids) for r in self.names], dtype=np.int64)
        self._abjad = np.array([r.info.abjad for r in self.names], dtype=bool)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_connection(cls, con, lists: list[str] | None = None, config=None, **kw) -> "ScreeningIndex":
        """Build from the ``sanctions_*`` tables of a DuckDB connection (the seasentry store)."""
        from .store import current_entities, current_versions

        ents = current_entities(con)
        if lists:
            ents = [e for e in ents if e.list in lists]
        if config is not None:
            sc = getattr(config, "screening", config)
            kw.setdefault("review_threshold", sc.review_threshold)
            kw.setdefault("alert_threshold", sc.alert_threshold)
            if hasattr(sc, "max_candidates"):
                kw.setdefault("max_candidates", sc.max_candidates)
            if hasattr(sc, "max_posting"):
                kw.setdefault("max_posting", sc.max_posting)
        return cls(ents, current_versions(con), **kw)

    def __len__(self) -> int:
        return len(self.entities)

    def decision(self, score: float) -> str | None:
        if score >= self.alert_threshold:
            return "alert"
        if score >= self.review_threshold:
            return "review"
        return None

    # ------------------------------------------------------------------ blocking
    def candidates(self, toks: tuple[Token, ...], schema: str | None = None) -> list[int]:
        """Indexed name ids sharing blocking keys with ``toks``, best first."""
        keys: set[str] = set()
        for t in toks:
            keys |= _keys(t)
        present = [(k, self.postings[k]) for k in keys if k in self.postings]
        if not present:
            return []
        small = [kp for kp in present if len(kp[1]) <= self.max_posting]
        use = small or present
        ids = np.concatenate([p for _, p in use])
        ws = np.repeat(np.array([self.idf[k] for k, _ in use]), [len(p) for _, p in use])
        uniq, inv = np.unique(ids, return_inverse=True)
        acc_u = np.bincount(inv, weights=ws)
        fam = schema_family(schema)
        if fam:
            acc_u[self._name_fam[uniq] != self._fam_codes.get(fam, -1)] = 0.0
        nzi = np.flatnonzero(acc_u)
        nz = uniq[nzi]
        acc_nz = acc_u[nzi]
        if len(nz) > self.max_candidates:
            sel = np.argpartition(-acc_nz, self.max_candidates - 1)[: self.max_candidates]
            nz, acc_nz = nz[sel], acc_nz[sel]
        order = np.argsort(-acc_nz, kind="stable")
        return nz[order].tolist()

    # ------------------------------------------------------------------ names
    def _prune(self, qi: NameInfo, cand: np.ndarray, cols: np.ndarray, sim: np.ndarray,
               min_score: float) -> np.ndarray:
        """Mask of candidates whose score can reach ``min_score``: an upper bound from the best
        partner of every part (no one-to-one constraint, no single-part discount), the joined-parts
        similarity, and the largest qualifier bonus. Vectorised over all candidates."""
        w = self.weights
        S = sim[:, cols]                                         # (nq, ncand, width); pad column is 0
        S = np.where(S < w.min_part_similarity, 0.0, S)
        cw = self._tok_w[cand]
        wq = np.asarray(qi.weights)
        cov_q = (S.max(axis=2) * wq[:, None]).sum(axis=0) / qi.wsum
        cov_c = (S.max(axis=0) * cw).sum(axis=1) / np.maximum(cw.sum(axis=1), 1e-9)
        nc = self._ntok[cand]
        nq = len(qi.tokens)
        short = np.where(nq <= nc, cov_q, cov_c)
        long_ = np.where(nq <= nc, cov_c, cov_q)
        ub = short * ((1 - w.long_side_share) + w.long_side_share * long_)
        bonus = (max(w.dob_match, 0) + max(w.country_match, 0)
                 + max(w.flag_match + w.type_match + w.callsign_match, 0))
        keep = ub + bonus + 1e-9 >= min_score
        diff = np.flatnonzero((nc != nq) & ~keep)
        for k in diff:  # joined parts can exceed the part-wise bound
            info = self.names[int(cand[k])].info
            cross = info.abjad != qi.abjad
            a, b = (qi.joined_skel, info.joined_skel) if cross else (qi.joined_text, info.joined_text)
            if Levenshtein.normalized_similarity(a, b) * w.concat_factor + bonus + 1e-9 >= min_score:
                keep[k] = True
        return keep

    def _score_candidates(self, qi: NameInfo, cand: list[int], explain: bool,
                          vessel: bool = False, min_score: float = 0.0) -> dict[int, tuple[float, int, dict]]:
        """Best (score, name id, explanation) per entity among candidate names."""
        if not cand:
            return {}
        w = self.weights
        cand_a = np.asarray(cand, dtype=np.int64)
        sub_tok = self._tok_mat[cand_a]
        uniq, inv = np.unique(sub_tok, return_inverse=True)
        inv = inv.reshape(sub_tok.shape)
        sentinel = len(self.tokens)
        real = uniq[uniq != sentinel]
        sim = similarity_matrix(qi.tokens, [self.tokens[t] for t in real.tolist()], w, vessel)
        if len(real) < len(uniq):  # the padding token sorts last: give it a zero column
            sim = np.concatenate([sim, np.zeros((sim.shape[0], 1), dtype=sim.dtype)], axis=1)
        if min_score > 0 and len(cand) > 1:
            keep = self._prune(qi, cand_a, inv, sim, min_score)
            cand_a, inv = cand_a[keep], inv[keep]
        simrows = sim.tolist()
        min_sim = w.min_part_similarity
        best: dict[int, tuple[float, int, dict]] = {}
        chosen_cols: dict[int, list[int]] = {}
        for ni, colrow in zip(cand_a.tolist(), inv.tolist()):
            rec = self.names[ni]
            cols = colrow[: len(rec.tok_ids)]
            sub = [[row[c] for c in cols] for row in simrows]
            if len(cols) == len(qi.tokens) and not any(x >= min_sim for r in sub for x in r):
                continue
            s, _ = score_names(qi, rec.info, sub, w, vessel=vessel, explain=False, org=rec.org)
            if rec.kind == "weak_alias":
                s *= w.weak_alias_factor
            prev = best.get(rec.entity)
            if prev is None or s > prev[0]:
                best[rec.entity] = (s, ni, {})
                chosen_cols[rec.entity] = cols
        if explain:
            for ei, (s, ni, _) in list(best.items()):
                rec = self.names[ni]
                sub = [[row[c] for c in chosen_cols[ei]] for row in simrows]
                s2, expl = score_names(qi, rec.info, sub, w, vessel=vessel, explain=True, org=rec.org)
                if rec.kind == "weak_alias":
                    expl["features"].append({"feature": "weak_alias", "weight": w.weak_alias_factor,
                                             "contribution": round(s2 * w.weak_alias_factor - s2, 4)})
                expl["matched_name_kind"] = rec.kind
                best[ei] = (s, ni, expl)
        return best

    def _result(self, ei: int, score: float, matched_name: str, expl: dict, matched_on: str) -> dict[str, Any]:
        e = self.entities[ei]
        score = round(score, 4)
        return {"entity_id": e.entity_id, "list": e.list, "list_version": self.versions.get(e.list),
                "schema": e.schema, "name": e.name, "matched_name": matched_name, "score": score,
                "decision": self.decision(score), "explanation": expl, "programs": list(e.programs),
                "matched_on": matched_on}

    def screen_name(self, name: str, schema: str | None = None, dob: str | None = None,
                    country: str | None = None, limit: int = 10, min_score: float | None = None,
                    explain: bool = True) -> list[dict[str, Any]]:
        """Screen one name (any script). Returns matches at or above ``min_score`` (default: the
        review threshold), best first, each with an explanation of every feature and its weight."""
        min_score = self.review_threshold if min_score is None else min_score
        fam = schema_family(schema)
        qi = name_info(name or "", fam, self.weights)
        if not qi.tokens:
            return []
        cand = self.candidates(qi.tokens, fam)
        best = self._score_candidates(qi, cand, explain, vessel=(fam == "Vessel"), min_score=min_score)
        out = []
        w = self.weights
        qc = None
        if country:
            from .loaders import country_code
            qc = country_code(country) or (country.upper() if len(country) == 2 else None)
        for ei, (s, ni, expl) in best.items():
            e = self.entities[ei]
            quals = []
            q1 = dob_qualifier(dob, e.birth_dates, w) if e.schema == "Person" else None
            q2 = country_qualifier(qc, e.countries, w)
            for q in (q1, q2):
                if q:
                    quals.append(q)
            final = round(max(0.0, min(1.0, s + sum(q["contribution"] for q in quals))), 4)
            if final < min_score:
                continue
            if explain:
                expl = dict(expl)
                expl["name_score"] = round(s, 4)
                expl["qualifiers"] = quals
                expl["score"] = round(final, 4)
            out.append(self._result(ei, final, self.names[ni].name, expl, "name"))
        out.sort(key=lambda r: (-r["score"], r["entity_id"]))
        return out[:limit]

    def best_score(self, name: str, entity_ids: set[str] | None = None, schema: str | None = None) -> float:
        """Highest name score of ``name`` against the index (or the given entities), no threshold."""
        res = self.screen_name(name, schema=schema, min_score=0.0, limit=10_000, explain=False)
        if entity_ids is not None:
            res = [r for r in res if r["entity_id"] in entity_ids]
        return res[0]["score"] if res else 0.0

    # ------------------------------------------------------------------ vessels
    def screen_vessel(self, imo=None, mmsi=None, name: str | None = None, flag: str | None = None,
                      ship_type: int | None = None, callsign: str | None = None,
                      min_score: float | None = None) -> list[dict[str, Any]]:
        """Screen one vessel identity by IMO, MMSI and name (+ flag and type qualifiers)."""
        min_score = self.review_threshold if min_score is None else min_score
        w = self.weights
        imo_i = parse_imo(imo)
        mmsi_i = parse_mmsi(mmsi)
        hits: dict[int, dict[str, Any]] = {}

        def keep(ei: int, score: float, matched_name: str, expl: dict, on: str) -> None:
            cur = hits.get(ei)
            if cur is None or score > cur["score"]:
                hits[ei] = self._result(ei, min(1.0, score), matched_name, expl, on)

        if imo_i:
            ok = imo_check_digit_ok(imo_i)
            for ei in self.by_imo.get(imo_i, []):
                e = self.entities[ei]
                feats = [{"feature": "imo_exact", "value": imo_i, "contribution": 1.0 if ok else 0.95}]
                if not ok:
                    feats.append({"feature": "imo_check_digit_invalid", "side": "query",
                                  "note": "IMO fails the check digit; kept and flagged"})
                if e.imo_valid is False:
                    feats.append({"feature": "imo_check_digit_invalid", "side": "list"})
                keep(ei, 1.0 if ok else 0.95, e.name, {"features": feats, "score": 1.0 if ok else 0.95}, "imo")
        if mmsi_i:
            for ei in self.by_mmsi.get(mmsi_i, []):
                e = self.entities[ei]
                feats = [{"feature": "mmsi_exact", "value": mmsi_i, "contribution": 0.95}]
                score = 0.95
                if imo_i and e.imo and int(e.imo) != imo_i:
                    score = 0.75
                    feats.append({"feature": "imo_conflict", "query": imo_i, "candidate": e.imo,
                                  "contribution": -0.20,
                                  "note": "same MMSI, different IMO: MMSI reuse or spoofing"})
                keep(ei, score, e.name, {"features": feats, "score": score}, "mmsi")
        if name and name.strip():
            qi = name_info(name, "Vessel", w)
            cand = self.candidates(qi.tokens, "Vessel")
            best = self._score_candidates(qi, cand, explain=True, vessel=True)
            qflag = (flag or "").upper() or None
            qcat = ais_type_category(ship_type)
            for ei, (s, ni, expl) in best.items():
                e = self.entities[ei]
                quals = []
                cap = min(s, w.vessel_name_cap)
                if cap < s:
                    quals.append({"feature": "vessel_name_cap", "value": w.vessel_name_cap,
                                  "contribution": round(cap - s, 4)})
                ef = {c for c in ([e.flag] if e.flag else []) + list(e.properties.get("other_flags") or [])}
                if qflag and ef:
                    quals.append({"feature": "flag_match" if qflag in ef else "flag_mismatch", "query": qflag,
                                  "candidate": sorted(ef),
                                  "contribution": w.flag_match if qflag in ef else w.flag_mismatch})
                if callsign and e.call_sign:
                    same_cs = callsign.replace(" ", "").upper() == e.call_sign.replace(" ", "").upper()
                    quals.append({"feature": "callsign_match" if same_cs else "callsign_differs",
                                  "query": callsign, "candidate": e.call_sign,
                                  "contribution": w.callsign_match if same_cs else 0.0})
                ecat = list_type_category(e.vessel_type)
                if qcat and ecat:
                    quals.append({"feature": "type_match" if qcat == ecat else "type_mismatch",
                                  "query": qcat, "candidate": ecat,
                                  "contribution": w.type_match if qcat == ecat else w.type_mismatch})
                final = round(max(0.0, min(1.0, s + sum(q["contribution"] for q in quals))), 4)
                expl = dict(expl)
                expl.update({"name_score": round(s, 4), "qualifiers": quals, "score": round(final, 4)})
                if e.imo and imo_i and int(e.imo) != imo_i:
                    final = min(final, 0.5)
                    expl["identifier_conflict"] = {"query_imo": imo_i, "candidate_imo": e.imo}
                keep(ei, final, self.names[ni].name, expl, "name")
        out = [h for h in hits.values() if h["score"] >= min_score - 1e-9]
        out.sort(key=lambda r: (-r["score"], r["entity_id"]))
        return out

    def screen_vessels(self, identities: pl.DataFrame, min_score: float | None = None) -> pl.DataFrame:
        """Screen AIS vessel identities. ``identities`` columns: mmsi, imo, name, callsign, flag,
        ship_type (missing columns are treated as null). One output row per (input row, entity)
        at or above the review threshold; ``explanation`` is JSON text."""
        rows: list[dict[str, Any]] = []
        if identities is None or identities.height == 0:
            return pl.DataFrame(schema=VESSEL_RESULT_SCHEMA)
        cols = set(identities.columns)
        get = lambda r, c: r.get(c) if c in cols else None  # noqa: E731
        for r in identities.iter_rows(named=True):
            try:
                hits = self.screen_vessel(imo=get(r, "imo"), mmsi=get(r, "mmsi"), name=get(r, "name"),
                                          flag=get(r, "flag"), ship_type=get(r, "ship_type"),
                                          callsign=get(r, "callsign"), min_score=min_score)
            except Exception as exc:  # bad input never crashes the run
                hits = []
                _ = exc
            for h in hits:
                rows.append({"mmsi": get(r, "mmsi"), **{k: h[k] for k in VESSEL_RESULT_SCHEMA if k != "mmsi"
                                                         and k != "explanation"},
                             "explanation": json.dumps(h["explanation"], ensure_ascii=False, default=str)})
        if not rows:
            return pl.DataFrame(schema=VESSEL_RESULT_SCHEMA)
        return pl.DataFrame(rows, schema=VESSEL_RESULT_SCHEMA)
