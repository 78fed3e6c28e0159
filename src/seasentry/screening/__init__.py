"""Sanctions screening: list loaders, a DuckDB persistence layer and a matcher for vessels,
persons and organisations in Arabic and Latin script (see docs/screening.md).

    from seasentry.screening import ScreeningIndex
    idx = ScreeningIndex.from_connection(store.con)
    idx.screen_vessels(identities)        # polars DataFrame in, polars DataFrame out
    idx.screen_name("خليفة حفتر")         # list of matches with explanations

The names below are imported from their modules on first use, so that ``seasentry screen NAME``
imports neither the list loaders (YAML, XML) nor polars (:mod:`seasentry.screening._jit`).
"""

from __future__ import annotations

from .._lazy import lazy_exports

#: name -> module that defines it
_EXPORTS = {
    "ScreeningIndex": "index", "VESSEL_RESULT_SCHEMA": "index",
    "compare_names": "matcher", "MatchWeights": "matcher", "DEFAULT_WEIGHTS": "matcher",
    "load_path": "loaders", "ListFormatError": "loaders",
    "Entity": "model", "LoadedList": "model",
    "save_list": "store", "current_entities": "store", "list_summary": "store", "lists_fingerprint": "store",
    "ListLoadRefused": "store",
    "imo_check_digit_ok": "ids", "parse_imo": "ids", "parse_mmsi": "ids",
}

__all__ = [
    "ScreeningIndex", "VESSEL_RESULT_SCHEMA", "compare_names", "MatchWeights", "DEFAULT_WEIGHTS",
    "load_path", "ListFormatError", "Entity", "LoadedList", "save_list", "current_entities", "list_summary",
    "lists_fingerprint", "imo_check_digit_ok", "parse_imo", "parse_mmsi", "ListLoadRefused",
]


__getattr__ = lazy_exports(globals(), _EXPORTS)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
