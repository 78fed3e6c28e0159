"""De-duplication of incident mentions across sources: the same incident told by a news site,
an NGO alert and a dataset row becomes one incident that keeps every source.

Two mentions are the same incident when they are of the same type, start within
``reports.dedup_days`` of each other and

- lie within ``reports.dedup_km`` (or name the same gazetteer place), both placed at a specific
  place (not a country), and either start on the same day or tell it in similar words
  (token-set similarity, rapidfuzz, at least ``reports.dedup_text_similarity``); or
- tell it in very similar words (at least ``reports.dedup_text_similarity_alone``) when one of
  them names no specific place (no place, or only a country).

Rows that carry the same dataset incident id (IOM's ``Main ID``: in the curated file and in IOM's
own download, and the parts of a split incident in the download) are one incident whatever
their readings.

Never merged: two mentions from the same document, and two dataset rows of the same file (the
dataset's own rows are distinct incidents), also not through a third mention. Clusters are
built by union-find under that constraint.
Pure: arrays in, cluster labels out.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz

from .textnorm import fold


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(min(1.0, max(0.0, h)))))


def cluster(types: list[str], days: np.ndarray, lat: np.ndarray, lon: np.ndarray, place_ids: list[str | None],
            specific: np.ndarray, texts: list[str], docs: list[str], record_sources: list[str | None],
            dedup_days: int = 1, dedup_km: float = 25.0, sim: float = 0.55, sim_alone: float = 0.85,
            ext_ids: list[str | None] | None = None) -> np.ndarray:
    """Cluster label (index of the cluster's first member in input order) per mention.
    ``days``: start day as integer (days since epoch; -1 when unknown). ``ext_ids``: a dataset's
    own incident id (IOM's Main ID): rows of two files with the same id are one incident."""
    n = len(types)
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # what each cluster holds: two clusters never merge when that would put two mentions of one
    # document, or two rows of one dataset file, in the same incident (also not through a third)
    members_docs: dict[int, set] = {i: {docs[i]} for i in range(n)}
    members_src: dict[int, set] = {i: ({record_sources[i]} if record_sources[i] is not None else set())
                                   for i in range(n)}

    def union(a: int, b: int, force: bool = False) -> None:
        ra, rb = find(a), find(b)
        if ra == rb or (not force and (members_docs[ra] & members_docs[rb] or members_src[ra] & members_src[rb])):
            return
        lo, hi = min(ra, rb), max(ra, rb)
        parent[hi] = lo
        members_docs[lo] |= members_docs.pop(hi)
        members_src[lo] |= members_src.pop(hi)

    if ext_ids is not None:
        first: dict[str, int] = {}
        for i, x in enumerate(ext_ids):
            if x is None:
                continue
            if x in first:
                union(first[x], i, force=True)   # IOM's split incidents share their Main ID
            else:
                first[x] = i
    folded = [fold(t or "") for t in texts]
    order = np.lexsort((days, np.asarray([hash(t) for t in types])))
    for k, i in enumerate(order):
        if days[i] < 0:
            continue
        for j in order[k + 1:]:
            if types[j] != types[i]:
                break
            if days[j] - days[i] > dedup_days:
                break
            if docs[i] == docs[j]:
                continue
            if record_sources[i] is not None and record_sources[i] == record_sources[j]:
                continue
            close = False
            if specific[i] and specific[j]:
                if place_ids[i] is not None and place_ids[i] == place_ids[j]:
                    close = True
                elif np.isfinite(lat[i]) and np.isfinite(lat[j]):
                    close = _km(lat[i], lon[i], lat[j], lon[j]) <= dedup_km
            s = fuzz.token_set_ratio(folded[i], folded[j]) / 100.0 if (folded[i] and folded[j]) else 0.0
            both_placed = bool(specific[i] and specific[j])
            if (close and (days[i] == days[j] or s >= sim)) or (s >= sim_alone and not both_placed):
                union(int(i), int(j))
    return np.asarray([find(i) for i in range(n)])
