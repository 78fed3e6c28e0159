"""The compiled pre-scoring of screening (screening/_kernels.py) against the reference code:

- the part similarity matrix equals ``matcher.similarity_matrix`` (transliteration model and
  rapidfuzz's OSA similarity of the folded text), wherever a part could be a partner (at or above
  ``min_part_similarity``; below it the kernel may stop early and give 0.0);
- the OSA similarity equals rapidfuzz's ``OSA.normalized_similarity`` (hypothesis);
- the glued-name similarity equals ``matcher.joined_similarity`` where the scorer would use it;
- the upper bound is never below the score ``score_names`` gives, so pruning loses no match.

Run on the queries of the labelled evaluation set against the in-repo UN and OFAC excerpts."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from seasentry.screening import ScreeningIndex, load_path
from seasentry.screening._kernels import osa_similarity
from seasentry.screening.evaluate import TYPES, load_eval_set
from seasentry.screening.index import _QueryArrays
from seasentry.screening.matcher import (NameInfo, joined_similarity, prepare_name, score_names,
                                         similarity_matrix)
from seasentry.screening.model import schema_family

EVAL = FIXTURES / "screening_eval" / "eval_set.csv"


@pytest.fixture(scope="module")
def idx():
    ents = (load_path(FIXTURES / "sanctions" / "un_sc_2025-04-19_libya_excerpt.xml").entities
            + load_path(FIXTURES / "sanctions" / "ofac_sdn_2024-05-03_excerpt.csv").entities)
    return ScreeningIndex(ents)


def _queries(idx, n=400):
    rows = load_eval_set(EVAL)
    rows = rows[:: max(1, len(rows) // n)]
    for r in rows:
        fam = schema_family(TYPES.get((r["type"] or "").lower()))
        toks, fw = prepare_name(r["query"], fam)
        if toks:
            yield fam, NameInfo(r["query"], toks, fw, fam, idx.frequency, idx.weights)


def _candidate_arrays(idx, qi, fam):
    cand = np.asarray(idx.candidates(qi, fam, k=60), dtype=np.int64)
    sub = idx._tok_mat[cand, : int(idx._ntok[cand].max())]
    uniq, inv = np.unique(sub, return_inverse=True)
    return cand, uniq, inv.reshape(sub.shape)


def test_part_similarity_equals_the_reference(idx):
    w = idx.weights
    n_cells = 0
    for fam, qi in _queries(idx):
        if not idx.candidates(qi, fam):
            continue
        cand, uniq, _ = _candidate_arrays(idx, qi, fam)
        real = uniq[uniq != idx._sentinel]
        got = idx._part_similarity(qi, real)
        ref = similarity_matrix(qi.tokens, [idx.tokens[t] for t in real.tolist()], w)
        partner = (ref >= w.min_part_similarity) | (got >= w.min_part_similarity)
        assert np.allclose(got[partner], ref[partner], atol=1e-9), qi.name
        n_cells += int(partner.sum())
    assert n_cells > 500


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeصسع", max_size=12), st.text(alphabet="abcdeصسع", max_size=12),
       st.sampled_from([0.0, 0.5, 0.72, 0.9]))
def test_osa_similarity_equals_rapidfuzz(a, b, cut):
    bufs = [np.empty(20, np.int64) for _ in range(3)]
    A = np.array([ord(c) for c in a], np.int32)
    B = np.array([ord(c) for c in b], np.int32)
    ref = OSA.normalized_similarity(a, b)
    got = osa_similarity(A, 0, len(A), B, 0, len(B), *bufs, cut)
    assert got == pytest.approx(ref if ref >= cut else 0.0, abs=1e-12)


def test_bound_never_below_the_score_and_glued_names_agree(idx):
    w = idx.weights
    n = 0
    for fam, qi in _queries(idx):
        if not idx.candidates(qi, fam):
            continue
        cand, uniq, inv = _candidate_arrays(idx, qi, fam)
        real = uniq[uniq != idx._sentinel]
        qa = _QueryArrays(qi)
        sim = idx._part_similarity(qi, real, qa)
        if len(real) < len(uniq):
            sim = np.concatenate([sim, np.zeros((sim.shape[0], 1))], axis=1)
        for typed in (False, True):
            ub, glued = idx._upper_bounds(qi, cand, inv, sim, typed, qa, idx._tok_num[uniq])
            for k, ni in enumerate(cand.tolist()):
                rec = idx.names[ni]
                cols = inv[k, : len(rec.tok_ids)]
                kw = dict(vessel=rec.fam == "Vessel", org=rec.fam == "Organization", typed=typed, explain=False)
                s, _ = score_names(qi, rec.info, sim[:, cols], w, **kw)
                assert ub[k] >= s - 1e-9, (qi.name, rec.name, ub[k], s)
                s2, _ = score_names(qi, rec.info, sim[:, cols], w, glued=glued[k], **kw)
                assert s2 == pytest.approx(s, abs=1e-12), (qi.name, rec.name)
                if glued[k] >= w.joined_min_similarity:
                    assert glued[k] == pytest.approx(joined_similarity(qi, rec.info), abs=1e-9)
                n += 1
    assert n > 2000
