"""Sanctions screening: list loaders, a DuckDB persistence layer and a matcher for vessels,
persons and organisations in Arabic and Latin script (see docs/screening.md).

    from seasentry.screening import ScreeningIndex
    idx = ScreeningIndex.from_connection(store.con)
    idx.screen_vessels(identities)        # polars DataFrame in, polars DataFrame out
    idx.screen_name("خليفة حفتر")         # list of matches with explanations
"""

from .ids import imo_check_digit_ok, parse_imo, parse_mmsi
from .index import VESSEL_RESULT_SCHEMA, ScreeningIndex
from .loaders import ListFormatError, load_path
from .matcher import DEFAULT_WEIGHTS, MatchWeights, compare_names
from .model import Entity, LoadedList
from .store import ListLoadRefused, current_entities, list_summary, lists_fingerprint, save_list

__all__ = [
    "ScreeningIndex", "VESSEL_RESULT_SCHEMA", "compare_names", "MatchWeights", "DEFAULT_WEIGHTS",
    "load_path", "ListFormatError", "Entity", "LoadedList", "save_list", "current_entities", "list_summary",
    "lists_fingerprint", "imo_check_digit_ok", "parse_imo", "parse_mmsi", "ListLoadRefused",
]
