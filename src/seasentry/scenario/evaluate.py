"""Score detected events against scenario labels.

A detection matches a label of the same ``type`` and ``mmsi`` (for encounters the unordered pair
``{mmsi, other_mmsi}``) whose time span overlaps the detection's span widened by
``time_tolerance_s`` on each side. Matching is one-to-one, greedy by largest overlap. Per type:
``tp`` = matched labels, ``fn`` = unmatched labels, ``fp`` = unmatched detections,
precision = tp / (tp + fp), recall = tp / (tp + fn) (1.0 when the denominator is 0).

Negatives (``negative_<kind>`` labels) are look-alikes: a detection of ``<kind>`` that overlaps a
negative label with the same vessel(s) and that matched no positive label counts in
``negatives_hit`` (it is also a false positive).
"""

from __future__ import annotations


import numpy as np
import polars as pl


def _to_epoch_s(col: pl.Series) -> np.ndarray:
    if col.dtype == pl.Utf8:
        col = col.str.replace("Z$", "").str.to_datetime(time_unit="us", strict=False)
    if isinstance(col.dtype, pl.Datetime):
        if col.dtype.time_zone is not None:
            col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return col.cast(pl.Datetime("us")).dt.epoch("us").to_numpy().astype(np.float64) / 1e6
    return col.cast(pl.Float64).to_numpy()


def _prep(df: pl.DataFrame) -> dict:
    n = df.height
    other = df["other_mmsi"].cast(pl.Int64).fill_null(-1).to_numpy() if "other_mmsi" in df.columns else np.full(n, -1)
    start = _to_epoch_s(df["start"])
    end = _to_epoch_s(df["end"]) if "end" in df.columns else start
    end = np.where(np.isnan(end), start, end)
    return dict(type=df["type"].cast(pl.Utf8).to_numpy(), mmsi=df["mmsi"].cast(pl.Int64).fill_null(-1).to_numpy(),
                other=other, start=start, end=end)


def _key_match(typ: str, dm, do, lm, lo) -> bool:
    if typ == "encounter":
        return {int(dm), int(do)} == {int(lm), int(lo)}
    return int(dm) == int(lm)


def evaluate(detected_events: pl.DataFrame, labels: pl.DataFrame, time_tolerance_s: float = 1800.0) -> pl.DataFrame:
    """Per-type tp, fp, fn, precision, recall, negatives, negatives_hit."""
    D = _prep(detected_events) if detected_events.height else dict(type=np.array([], dtype=object),
                                                                   mmsi=np.array([]), other=np.array([]),
                                                                   start=np.array([]), end=np.array([]))
    L = _prep(labels)
    pos_types = sorted({t for t in L["type"] if not str(t).startswith("negative_")} | set(map(str, D["type"])))
    rows = []
    for typ in pos_types:
        di = np.flatnonzero(D["type"] == typ)
        li = np.flatnonzero(L["type"] == typ)
        ni = np.flatnonzero(L["type"] == f"negative_{typ}")
        cands = []
        for d in di:
            s, e = D["start"][d] - time_tolerance_s, D["end"][d] + time_tolerance_s
            for l_ in li:
                if not _key_match(typ, D["mmsi"][d], D["other"][d], L["mmsi"][l_], L["other"][l_]):
                    continue
                ov = min(e, L["end"][l_]) - max(s, L["start"][l_])
                if ov >= 0:
                    cands.append((ov, int(d), int(l_)))
        cands.sort(key=lambda x: -x[0])
        used_d, used_l = set(), set()
        for ov, d, l_ in cands:
            if d in used_d or l_ in used_l:
                continue
            used_d.add(d)
            used_l.add(l_)
        tp = len(used_l)
        fp = len(di) - len(used_d)
        fn = len(li) - tp
        neg_hit = set()
        for d in di:
            if int(d) in used_d:
                continue
            s, e = D["start"][d] - time_tolerance_s, D["end"][d] + time_tolerance_s
            for n_ in ni:
                lm, lo = L["mmsi"][n_], L["other"][n_]
                same = (_key_match(typ, D["mmsi"][d], D["other"][d], lm, lo) if lo >= 0 and typ == "encounter"
                        else int(D["mmsi"][d]) in (int(lm), int(lo)))
                if same and min(e, L["end"][n_]) - max(s, L["start"][n_]) >= 0:
                    neg_hit.add(int(n_))
        rows.append(dict(type=typ, labels=len(li), detected=len(di), tp=tp, fp=fp, fn=fn,
                         precision=tp / (tp + fp) if tp + fp else 1.0,
                         recall=tp / (tp + fn) if tp + fn else 1.0,
                         negatives=len(ni), negatives_hit=len(neg_hit)))
    schema = {"type": pl.Utf8, "labels": pl.Int64, "detected": pl.Int64, "tp": pl.Int64, "fp": pl.Int64,
              "fn": pl.Int64, "precision": pl.Float64, "recall": pl.Float64, "negatives": pl.Int64,
              "negatives_hit": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


__all__ = ["evaluate"]
