"""Compiled or interpreted screening kernels, chosen once per process.

The screening kernels (:mod:`seasentry.screening.phonetic` and :mod:`seasentry.screening._kernels`)
are numba functions: fast per call, but a process pays about 1.5 s of CPU to import numba and load
them from its cache before the first call. ``seasentry screen NAME`` screens one or a few names,
which the same functions run as plain Python do in milliseconds; it calls :func:`interpret` before
the screening modules are imported, and numba is then never imported. Same code, same float64
arithmetic (no fastmath): ``tests/test_read_startup.py`` compares the two on the evaluation
queries. Every other process (``run``, ``serve``, ``lists load``, the API, the tests) compiles them.
"""

from __future__ import annotations

import sys

_INTERPRETED = False
_MODULES = ("seasentry.screening.phonetic", "seasentry.screening._kernels")


def interpret() -> bool:
    """Run the screening kernels as plain Python in this process. Effective only before the kernel
    modules are imported; returns whether the kernels of this process are interpreted."""
    global _INTERPRETED
    if not any(m in sys.modules for m in _MODULES):
        _INTERPRETED = True
    return _INTERPRETED


def interpreted() -> bool:
    """Whether the kernel modules (imported now or later) are plain Python in this process."""
    return _INTERPRETED


def njit(**options):
    """``numba.njit(**options)``, or None (keep the Python function) when the kernels of this
    process are interpreted or numba cannot be imported."""
    if _INTERPRETED:
        return None
    try:
        from numba import njit as _njit
    except Exception:  # pragma: no cover - numba is a declared dependency
        return None
    return _njit(**options)
