"""A module imported on first use: ``np = lazy("numpy")`` at the top of a module costs nothing
until ``np.something`` is read. Read-only commands (``seasentry stats``, ``vessels``, ``events``)
start in well under half a second because the store, engine and CLI modules import numpy,
polars, pyarrow and yaml this way (measured: docs/benchmarks.md, "Start-up")."""

from __future__ import annotations

import importlib


class lazy:  # noqa: N801 - used like a module
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr):
        return getattr(importlib.import_module(object.__getattribute__(self, "_name")), attr)

    def __repr__(self) -> str:
        return f"<lazy module {object.__getattribute__(self, '_name')}>"


def lazy_exports(namespace: dict, names: dict[str, str]):
    """A package's module ``__getattr__`` (PEP 562) that imports ``names`` (name -> submodule of
    the package defining it) on first use: ``from seasentry.screening import ScreeningIndex``
    works as before, and importing the package imports none of its submodules' dependencies.
    Use: ``__getattr__ = lazy_exports(globals(), {"ScreeningIndex": "index", ...})``."""
    package = namespace["__name__"]

    def __getattr__(name: str):
        mod = names.get(name)
        if mod is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{mod}"), name)
        namespace[name] = value
        return value

    return __getattr__
