"""The per-user cache folder of seasentry: ``$SEASENTRY_CACHE_DIR``, else the platform's
(``~/.cache/seasentry`` on Linux). What is kept there can always be made again: the kernels'
stamp (:mod:`seasentry.kernels`), the decoded shore rasters (:mod:`seasentry.geo.grid`)."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "SEASENTRY_CACHE_DIR"


def cache_dir() -> Path:
    """The folder (not created here)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("seasentry"))
