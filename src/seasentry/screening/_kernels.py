"""Compiled (numba) pre-scoring of screening candidates: the part similarity matrix of a query
against the parts of its candidate names, and an upper bound of every candidate's name score, in
two calls instead of ~60 NumPy and rapidfuzz operations per query.

Same arithmetic as the reference code they replace, which is kept and tested against them:
``part_similarity`` = ``matcher.similarity_matrix`` (the transliteration model of ``phonetic``,
rapidfuzz's OSA similarity of the folded text within one script, numbers, initials);
``upper_bounds`` = the bound ``ScreeningIndex`` used to compute with NumPy (best partner of every
part, glued names, evidence cap). ``tests/test_screening_kernels.py`` compares them on the
evaluation set's queries and on random names.
"""

from __future__ import annotations

import numpy as np


from ._jit import njit as _njit

# numba's njit, or None: plain Python in a process that screens a few names (screening._jit)
njit = _njit(cache=True, nogil=True)


def sub_order(sub: np.ndarray) -> np.ndarray:
    """Each sound unit's partners, cheapest substitution first (for ``part_similarity``)."""
    return np.argsort(sub, axis=1, kind="stable").astype(np.int64)


def osa_similarity(a, a0, a1, b, b0, b1, row0, row1, row2, cut=0.0):
    """1 - OSA distance / longer length of code points a[a0:a1] and b[b0:b1] (rapidfuzz's
    ``OSA.normalized_similarity``: insertions, deletions, substitutions and transpositions of
    two neighbouring characters cost 1); 0.0 as soon as it is sure to be below ``cut``."""
    n = a1 - a0
    m = b1 - b0
    longer = n if n > m else m
    if longer == 0:
        return 1.0
    limit = (1.0 - cut) * longer + 1e-9
    if abs(n - m) > limit:
        return 0.0
    for j in range(m + 1):
        row1[j] = j
    prev_lo = 0
    for i in range(1, n + 1):
        row2[0] = i
        ai = a[a0 + i - 1]
        for j in range(1, m + 1):
            bj = b[b0 + j - 1]
            cost = 0 if ai == bj else 1
            v = row1[j - 1] + cost
            d = row1[j] + 1
            if d < v:
                v = d
            d = row2[j - 1] + 1
            if d < v:
                v = d
            if i > 1 and j > 1 and ai == b[b0 + j - 2] and a[a0 + i - 2] == bj:
                d = row0[j - 2] + 1
                if d < v:
                    v = d
            row2[j] = v
        lo = row2[0]
        for j in range(m + 1):
            row0[j] = row1[j]
            row1[j] = row2[j]
            if row2[j] < lo:
                lo = row2[j]
        # every path to the end goes through this row, or jumps over it by a transposition (cost 1)
        # from the row before: costs only grow along a path
        if lo > limit and prev_lo + 1 > limit:
            return 0.0
        prev_lo = lo
    s = 1.0 - row1[m] / longer
    return s if s >= cut - 1e-12 else 0.0


def _dp_cut(a, a0, a1, b, b0, b1, sub, del_a, ins_b, buf0, buf1, limit):
    """``phonetic._dp`` that gives up (returns ``limit`` + 1) once every path costs more than
    ``limit``: costs only grow along a path."""
    n = b1 - b0
    buf0[0] = 0.0
    for j in range(1, n + 1):
        buf0[j] = buf0[j - 1] + ins_b[b[b0 + j - 1]]
    for i in range(1, a1 - a0 + 1):
        ai = a[a0 + i - 1]
        buf1[0] = buf0[0] + del_a[ai]
        lo = buf1[0]
        for j in range(1, n + 1):
            bj = b[b0 + j - 1]
            c = buf0[j - 1] + sub[ai, bj]
            d = buf0[j] + del_a[ai]
            if d < c:
                c = d
            e = buf1[j - 1] + ins_b[bj]
            if e < c:
                c = e
            buf1[j] = c
            if c < lo:
                lo = c
        if lo > limit:
            return limit + 1.0
        for j in range(n + 1):
            buf0[j] = buf1[j]
    return buf0[n]


def _phon(qu, qs, qe, q_ar, cu, cs, ce, c_ar, sub, weight, ins_lat, del_ar, indel_lat, indel_ar, buf0, buf1,
          cut=0.0):
    """Transliteration similarity of units qu[qs:qe] and cu[cs:ce] (``phonetic._pair_sims``);
    0.0 as soon as it is sure to be below ``cut``."""
    wq = 0.0
    for k in range(qs, qe):
        wq += weight[qu[k]]
    wc = 0.0
    for k in range(cs, ce):
        wc += weight[cu[k]]
    norm = wq if wq > wc else wc
    if norm <= 0.0:
        return 0.0
    limit = (1.0 - cut) * norm + 1e-9
    if q_ar and not c_ar:
        cost = _dp_cut(qu, qs, qe, cu, cs, ce, sub, del_ar, ins_lat, buf0, buf1, limit)
    elif c_ar and not q_ar:
        cost = _dp_cut(cu, cs, ce, qu, qs, qe, sub, del_ar, ins_lat, buf0, buf1, limit)
    elif q_ar:
        cost = _dp_cut(qu, qs, qe, cu, cs, ce, sub, indel_ar, indel_ar, buf0, buf1, limit)
    else:
        cost = _dp_cut(qu, qs, qe, cu, cs, ce, sub, indel_lat, indel_lat, buf0, buf1, limit)
    if cost > limit:
        return 0.0
    s = 1.0 - cost / norm
    return s if s > 0.0 else 0.0


_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)


def _popcount(x):
    """Number of bits set in a 64-bit mask (np.uint64)."""
    x = x - ((x >> np.uint64(1)) & _M1)
    x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
    x = (x + (x >> np.uint64(4))) & _M4
    x = x + (x >> np.uint64(8))
    x = x + (x >> np.uint64(16))
    x = x + (x >> np.uint64(32))
    return int(x & np.uint64(127))


def _char_mask(cp, c0, c1):
    """Mask of the code points cp[c0:c1], each as bit (code point mod 64)."""
    m = np.uint64(0)
    for p in range(c0, c1):
        m |= np.uint64(1) << np.uint64(cp[p] & 63)
    return m


def _unit_mask(u, s, e):
    """Mask of the sound units u[s:e] (fewer than 64 units: ``phonetic.UNITS``)."""
    m = np.uint64(0)
    for p in range(s, e):
        m |= np.uint64(1) << np.uint64(u[p])
    return m


def _unit_bound(u, s, e, gap, other, order, sub, limit):
    """A lower bound of the weighted edit distance of units u[s:e] to any sequence of the units in
    the mask ``other``: every unit of u[s:e] is either left out (``gap``) or replaced by a unit of the
    other sequence (at least the cheapest ``sub`` to one in ``other``; ``order``: each unit's
    partners, cheapest first), and every operation touches one unit of u[s:e] at most. Stops once
    above ``limit``."""
    tot = 0.0
    for p in range(s, e):
        a = u[p]
        best = gap[a]
        for r in range(order.shape[1]):
            b = order[a, r]
            c = sub[a, b]
            if c >= best:
                break
            if (other >> np.uint64(b)) & np.uint64(1):
                best = c
                break
        tot += best
        if tot > limit:
            return tot
    return tot


def _osa_bounded(a, a0, a1, a_mask, b, b0, b1, b_mask, row0, row1, row2, cut):
    """``osa_similarity``, which gives 0.0 at once when the letters one side has and the other lacks
    (``_char_mask``: each costs one edit at least) already put the similarity below ``cut``."""
    n = a1 - a0
    m = b1 - b0
    longer = n if n > m else m
    x = _popcount(a_mask & ~b_mask)
    y = _popcount(b_mask & ~a_mask)
    if (x if x > y else y) > (1.0 - cut) * longer + 1e-9:
        return 0.0
    return osa_similarity(a, a0, a1, b, b0, b1, row0, row1, row2, cut)


def _unit_weight(u, s, e, weight):
    """Weighted length of the units u[s:e] (as ``_phon`` sums it)."""
    w = 0.0
    for k in range(s, e):
        w += weight[u[k]]
    return w


def _phon_bounded(qu, qs, qe, q_ar, q_mask, wq, cu, cs, ce, c_ar, c_mask, wc, sub, order, weight, ins_lat,
                  del_ar, indel_lat, indel_ar, buf0, buf1, cut):
    """``_phon``, which gives 0.0 at once when a lower bound of the cost (``_unit_bound`` of either
    sequence against the other's units) already puts the similarity below ``cut``: the same value
    ``_phon`` gives (the bound is a bound of the exact cost; 1e-9 of margin for rounding). ``wq``,
    ``wc``: the weighted lengths (``_unit_weight``)."""
    norm = wq if wq > wc else wc
    if norm <= 0.0:
        return 0.0
    limit = (1.0 - cut) * norm + 1e-9
    if q_ar and not c_ar:
        gq, gc = del_ar, ins_lat
    elif c_ar and not q_ar:
        gq, gc = ins_lat, del_ar
    elif q_ar:
        gq, gc = indel_ar, indel_ar
    else:
        gq, gc = indel_lat, indel_lat
    if _unit_bound(qu, qs, qe, gq, c_mask, order, sub, limit + 1e-9) > limit + 1e-9:
        return 0.0
    if _unit_bound(cu, cs, ce, gc, q_mask, order, sub, limit + 1e-9) > limit + 1e-9:
        return 0.0
    return _phon(qu, qs, qe, q_ar, cu, cs, ce, c_ar, sub, weight, ins_lat, del_ar, indel_lat, indel_ar, buf0,
                 buf1, cut)


def part_similarity(q_units, q_as, q_ae, q_tok_alt, q_ar, q_cp, q_cpo, q_num, q_init, q_first,
                    ids, units, a_s, a_e, tok_alt, tok_ar, cp, cpo, tok_num, tok_init, tok_first,
                    sub, weight, ins_lat, del_ar, indel_lat, indel_ar, initial_similarity, cut, out,
                    sub_order):
    """out[i, k]: similarity of query part i to indexed part ids[k]; values below ``cut`` (the
    scorer's min_part_similarity, under which parts are not partners) may be given as 0.0.
    ``sub_order``: each sound unit's partners, cheapest substitution first (``sub_order(sub)``).

    Most pairs of parts are not partners. Before an edit distance is computed, a lower bound of it
    from the letters (sound units) each side has and the other lacks says whether the pair can reach
    the cut at all (``_phon_bounded``; for the text, every letter of one word absent from the other
    costs one edit at least): the values are those of the full computation."""
    maxlen = 2
    for k in range(len(q_as)):
        if q_ae[k] - q_as[k] + 1 > maxlen:
            maxlen = q_ae[k] - q_as[k] + 1
    for k in range(len(q_cpo) - 1):
        if q_cpo[k + 1] - q_cpo[k] + 1 > maxlen:
            maxlen = q_cpo[k + 1] - q_cpo[k] + 1
    for k in range(len(ids)):
        t = ids[k]
        for a in range(tok_alt[t], tok_alt[t + 1]):
            if a_e[a] - a_s[a] + 1 > maxlen:
                maxlen = a_e[a] - a_s[a] + 1
        if cpo[t + 1] - cpo[t] + 1 > maxlen:
            maxlen = cpo[t + 1] - cpo[t] + 1
    buf0 = np.empty(maxlen)
    buf1 = np.empty(maxlen)
    r0 = np.empty(maxlen, np.int64)
    r1 = np.empty(maxlen, np.int64)
    r2 = np.empty(maxlen, np.int64)
    nq = len(q_ar)
    # masks of the letters and sound units of every part (query) and alternative (indexed parts)
    q_cmask = np.empty(nq, np.uint64)
    for i in range(nq):
        q_cmask[i] = _char_mask(q_cp, q_cpo[i], q_cpo[i + 1])
    q_umask = np.empty(len(q_as), np.uint64)
    q_uw = np.empty(len(q_as))
    for qa in range(len(q_as)):
        q_umask[qa] = _unit_mask(q_units, q_as[qa], q_ae[qa])
        q_uw[qa] = _unit_weight(q_units, q_as[qa], q_ae[qa], weight)
    c_cmask = np.empty(len(ids), np.uint64)
    alt0 = np.empty(len(ids), np.int64)
    n_alt = 0
    for k in range(len(ids)):
        t = ids[k]
        c_cmask[k] = _char_mask(cp, cpo[t], cpo[t + 1])
        alt0[k] = n_alt
        n_alt += tok_alt[t + 1] - tok_alt[t]
    c_umask = np.empty(n_alt, np.uint64)
    c_uw = np.empty(n_alt)
    for k in range(len(ids)):
        t = ids[k]
        for ca in range(tok_alt[t], tok_alt[t + 1]):
            c_umask[alt0[k] + ca - tok_alt[t]] = _unit_mask(units, a_s[ca], a_e[ca])
            c_uw[alt0[k] + ca - tok_alt[t]] = _unit_weight(units, a_s[ca], a_e[ca], weight)
    for i in range(nq):
        for k in range(len(ids)):
            t = ids[k]
            c_ar = tok_ar[t]
            if q_ar[i] == c_ar or q_num[i] or tok_num[t]:
                text = _osa_bounded(q_cp, q_cpo[i], q_cpo[i + 1], q_cmask[i], cp, cpo[t], cpo[t + 1], c_cmask[k],
                                    r0, r1, r2, 0.999 if (q_num[i] or tok_num[t]) else cut)
            else:
                text = 0.0
            # the transliteration similarity counts where it beats the text's (same script) and the cut
            pcut = text if (q_ar[i] == c_ar and text > cut) else cut
            phon = 0.0
            for qa in range(q_tok_alt[i], q_tok_alt[i + 1]):
                for ca in range(tok_alt[t], tok_alt[t + 1]):
                    x = alt0[k] + ca - tok_alt[t]
                    s = _phon_bounded(q_units, q_as[qa], q_ae[qa], q_ar[i], q_umask[qa], q_uw[qa], units, a_s[ca],
                                      a_e[ca], c_ar, c_umask[x], c_uw[x], sub, sub_order, weight, ins_lat, del_ar,
                                      indel_lat, indel_ar, buf0, buf1, phon if phon > pcut else pcut)
                    if s > phon:
                        phon = s
            if q_ar[i] != c_ar:
                s = phon
            else:
                s = phon if phon > text else text
            if q_num[i] or tok_num[t]:
                s = 1.0 if text >= 0.999 else 0.0
            elif (q_init[i] or tok_init[t]) and q_first[i] >= 0 and q_first[i] == tok_first[t]:
                if s < initial_similarity:
                    s = initial_similarity
            out[i, k] = s


def upper_bounds(sim, u_num, inv, cand, nq, q_cw, q_pcw, q_w, q_known, q_info, q_num, q_person, q_abjad,
                 q_jcp, q_ju, q_jar, cw_mat, w_mat, unk_mat, i_mat, ntok, abjad, name_fam,
                 jcp, jcpo, ju, ju_s, ju_e, sub, weight, ins_lat, del_ar, indel_lat, indel_ar,
                 min_sim, sim_zero, sim_full, long_share, min_w, info_cap, concat, joined_min, ev_floor, ev_zero, ev_full,
                 exact_floor, q_nstrong, n_strong, typed, single_f, single_word_f, org_single_f, single_cap,
                 typed_single_cap, single_exact, fuzzy_zero, cross_single_f, out, js_out, sub_order):
    """out[k]: an upper bound of the name score of candidate name cand[k] (see ScreeningIndex);
    js_out[k]: the similarity of the glued names when it reaches ``joined_min`` (else 0.0), or -1.0
    when the glued names are not compared (one word across scripts, two one-word names).
    ``sub_order``: as for ``part_similarity`` (the glued names are bounded the same way first)."""
    nu = sim.shape[1]
    conf = np.empty((nq, nu))
    for i in range(nq):
        for u in range(nu):
            x = sim[i, u]
            if x < min_sim:
                conf[i, u] = 0.0
            else:
                c = (x - sim_zero) / (sim_full - sim_zero)
                conf[i, u] = 0.0 if c < 0.0 else (1.0 if c > 1.0 else c)
    # the query's coverage weights: an Arabic part without romanisation may weigh up to 1 (numerator)
    # or down to min_w (denominator); plain and read as a person's name
    hi_p = np.empty(nq)
    lo_p = np.empty(nq)
    hi_o = np.empty(nq)
    lo_o = np.empty(nq)
    qi_cap = np.empty(nq)
    for i in range(nq):
        for which in range(2):
            c = q_pcw[i] if which == 0 else q_cw[i]
            hi = c
            lo = c
            if not q_known[i]:
                role = c / q_w[i] if q_w[i] > 0 else 1.0
                hi = role
                lo = role * min_w
            if which == 0:
                hi_p[i] = hi
                lo_p[i] = lo
            else:
                hi_o[i] = hi
                lo_o[i] = lo
        if q_num[i] or not q_known[i]:
            qi_cap[i] = info_cap
        else:
            qi_cap[i] = q_info[i] if q_info[i] < info_cap else info_cap
    lo_p_sum = 0.0
    lo_o_sum = 0.0
    for i in range(nq):
        lo_p_sum += lo_p[i]
        lo_o_sum += lo_o[i]
    if lo_p_sum < 1e-9:
        lo_p_sum = 1e-9
    if lo_o_sum < 1e-9:
        lo_o_sum = 1e-9
    width = inv.shape[1]
    maxlen = len(q_jcp) + 1
    if len(q_ju) + 1 > maxlen:
        maxlen = len(q_ju) + 1
    for k in range(len(cand)):
        c = cand[k]
        if jcpo[c + 1] - jcpo[c] + 1 > maxlen:
            maxlen = jcpo[c + 1] - jcpo[c] + 1
        if ju_e[c] - ju_s[c] + 1 > maxlen:
            maxlen = ju_e[c] - ju_s[c] + 1
    buf0 = np.empty(maxlen)
    buf1 = np.empty(maxlen)
    r0 = np.empty(maxlen, np.int64)
    r1 = np.empty(maxlen, np.int64)
    r2 = np.empty(maxlen, np.int64)
    best_c = np.empty(width)
    q_jmask = _char_mask(q_jcp, 0, len(q_jcp))
    q_jumask = _unit_mask(q_ju, 0, len(q_ju))
    q_jw = _unit_weight(q_ju, 0, len(q_ju), weight)
    q_has_num = False
    q_words = 0
    lo_p_words = 0.0
    lo_o_words = 0.0
    for i in range(nq):
        if q_num[i]:
            q_has_num = True
        else:
            q_words += 1
            lo_p_words += lo_p[i]
            lo_o_words += lo_o[i]
    if lo_p_words < 1e-9:
        lo_p_words = 1e-9
    if lo_o_words < 1e-9:
        lo_o_words = 1e-9
    for k in range(len(cand)):
        c = cand[k]
        person = name_fam[c] == 1
        vessel = name_fam[c] == 3  # numbers of vessel names are compared apart (score_names)
        nc_all = ntok[c]
        nc = nc_all
        if vessel:
            for j in range(nc_all):
                if u_num[inv[k, j]]:
                    nc -= 1
        nqe = q_words if vessel else nq
        # query coverage and information: best partner of every query part
        num = 0.0
        info = 0.0
        for i in range(nq):
            if vessel and q_num[i]:
                continue
            b = 0.0
            for j in range(nc_all):
                if vessel and u_num[inv[k, j]]:
                    continue
                x = conf[i, inv[k, j]]
                if x > b:
                    b = x
            if person and not q_person:
                num += b * hi_p[i]
            else:
                num += b * hi_o[i]
            info += b * qi_cap[i]
        if vessel and q_has_num:
            info += info_cap  # agreeing numbers (number_information <= info_cap)
        if vessel:
            den = lo_p_words if (person and not q_person) else lo_o_words
        else:
            den = lo_p_sum if (person and not q_person) else lo_o_sum
        cov_q = num / den
        if cov_q > 1.0:
            cov_q = 1.0
        # candidate coverage
        num = 0.0
        den = 0.0
        for j in range(nc_all):
            b = 0.0
            u = inv[k, j]
            if vessel and u_num[u]:
                continue
            for i in range(nq):
                if vessel and q_num[i]:
                    continue
                if conf[i, u] > b:
                    b = conf[i, u]
            cwj = cw_mat[c, j]
            if unk_mat[c, j]:
                role = cwj / w_mat[c, j] if w_mat[c, j] > 0 else 1.0
                num += b * role
                den += role * min_w
            else:
                num += b * cwj
                den += cwj
        cov_c = num / (den if den > 1e-9 else 1e-9)
        if cov_c > 1.0:
            cov_c = 1.0
        if nqe <= nc:
            short = cov_q
            lng = cov_c
            if person and nqe >= 2 and nqe < nc:
                # (sixth round) a listed person's given and family names may count alone (matcher)
                lng = 1.0
            elif name_fam[c] == 2 and nqe < nc:
                # (seventh round) the short form of an organisation's name (matcher)
                lng = 1.0
        else:
            short = cov_c
            lng = cov_q
        ub = short * ((1.0 - long_share) + long_share * lng)
        if ub > 1.0:
            ub = 1.0
        ub += 1e-9
        # glued names, compared as score_names compares them
        mn = nc if nc < nqe else nqe
        js_raw = -1.0
        if nqe + nc > 2 and not (abjad[c] != q_abjad and mn == 1):
            if abjad[c] == q_abjad:
                js_raw = _osa_bounded(q_jcp, 0, len(q_jcp), q_jmask, jcp, jcpo[c], jcpo[c + 1],
                                      _char_mask(jcp, jcpo[c], jcpo[c + 1]), r0, r1, r2, joined_min)
            else:
                js_raw = _phon_bounded(q_ju, 0, len(q_ju), q_jar, q_jumask, q_jw, ju, ju_s[c], ju_e[c], abjad[c],
                                       _unit_mask(ju, ju_s[c], ju_e[c]), _unit_weight(ju, ju_s[c], ju_e[c], weight),
                                       sub, sub_order, weight, ins_lat, del_ar, indel_lat, indel_ar, buf0, buf1,
                                       joined_min)
            if js_raw < joined_min:
                js_raw = 0.0
        js_out[k] = js_raw
        # a match resting on one part (at most one part of either name has a partner): the scorer's
        # single-part discount, cap, fuzziness and cross-script factor, at their most generous
        if not (vessel and q_has_num):
            nqp = 0
            best_pair = 0.0
            for i in range(nq):
                if vessel and q_num[i]:
                    continue
                has = False
                for j in range(nc_all):
                    u = inv[k, j]
                    if vessel and u_num[u]:
                        continue
                    x = sim[i, u]
                    if x >= min_sim:
                        has = True
                        if x > best_pair:
                            best_pair = x
                if has:
                    nqp += 1
            ncp = 0
            for j in range(nc_all):
                u = inv[k, j]
                if vessel and u_num[u]:
                    continue
                for i in range(nq):
                    if not (vessel and q_num[i]) and sim[i, u] >= min_sim:
                        ncp += 1
                        break
            if nqp <= 1 or ncp <= 1:
                sb = ub
                if (q_nstrong if q_nstrong > n_strong[c] else n_strong[c]) >= 2:
                    if nqe <= 1:
                        sb *= single_word_f
                    elif name_fam[c] == 2:
                        sb *= org_single_f
                    else:
                        sb *= single_f
                capS = typed_single_cap if typed else single_cap
                if sb > capS:
                    sb = capS
                ps = best_pair if best_pair > js_raw else js_raw
                fz = (ps - fuzzy_zero) / (single_exact - fuzzy_zero)
                fz = 0.0 if fz < 0.0 else (1.0 if fz > 1.0 else fz)
                sb *= fz
                if abjad[c] != q_abjad:
                    sb *= cross_single_f
                ub = sb + 1e-9
        if js_raw > 0.0:
            js = js_raw * concat
            if js + 1e-9 > ub:
                ub = js + 1e-9
            gi = 0.0
            for j in range(nc_all):
                gi += i_mat[c, j] if i_mat[c, j] < info_cap else info_cap
            if vessel and q_has_num:
                gi += info_cap
            if js * gi > info:
                info = js * gi
        e = (info - ev_zero) / (ev_full - ev_zero)
        e = 0.0 if e < 0.0 else (1.0 if e > 1.0 else e)
        cap = ev_floor + (1.0 - ev_floor) * e
        if (nc == nqe or nc_all == nq) and cap < exact_floor:
            cap = exact_floor
        out[k] = ub if ub < cap + 1e-9 else cap + 1e-9


if njit is not None:
    osa_similarity = njit(osa_similarity)
    _dp_cut = njit(_dp_cut)
    _phon = njit(_phon)
    _popcount = njit(_popcount)
    _char_mask = njit(_char_mask)
    _unit_mask = njit(_unit_mask)
    _unit_bound = njit(_unit_bound)
    _unit_weight = njit(_unit_weight)
    _osa_bounded = njit(_osa_bounded)
    _phon_bounded = njit(_phon_bounded)
    part_similarity = njit(part_similarity)
    upper_bounds = njit(upper_bounds)
