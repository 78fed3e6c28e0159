"""Satellite and radar vessel detections fused with AIS: the boats that carry no AIS (docs/detections.md).

    from seasentry.detections import load_files, match_store
    load_files(store, ["s1_predictions.csv"], footprints=["scenes.geojson"])   # readers.py, store.py
    rep = match_store(store, cfg)          # run.py: kernel (match.py) + context (context.py)
    rep.by_status                          # {'matched': ..., 'dark': ..., ...}

Matching runs with every detection run (``seasentry detect`` / ``run``) through
:func:`seasentry.engine.finish_detect`.
"""

from .readers import DetectionFormatError, read_detections, read_footprints
from .run import MatchReport, match_store
from .store import LoadReport, load_files

__all__ = ["DetectionFormatError", "read_detections", "read_footprints", "load_files", "LoadReport",
           "match_store", "MatchReport"]
