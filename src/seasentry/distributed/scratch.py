"""Scratch space of one Dask engine run: the intermediate results the tasks hand to each other.

The bucket tasks write what later stages need (resampled points cut into space-time cell
groups, reception tables, gap candidates) here instead of keeping it in worker memory, and
the later tasks read it back, so a worker holds one task's data at a time and memory stays
flat whatever the size of the archive. Keys are ``/``-separated names; values are pickled
objects (polars frames pickle as Arrow IPC). The location is a local directory (a local
cluster: every worker sees it) or any fsspec URL all workers can write to (a remote cluster).

Layout of a run::

    SCRATCH/cells/g=0007/b=0123.pkl    bucket 123's resampled points in cell group 7
    SCRATCH/pairs/r=0003/g=0007.pkl    close pairs of cell group 7 whose (a, b) hash to part 3
    SCRATCH/reception/b=0123.pkl       bucket 123's reception table (gap reception density)
    SCRATCH/gaps/b=0123.pkl            bucket 123's gap candidates
"""

from __future__ import annotations

import pickle
import secrets
import tempfile
import time


class Scratch:
    """A scratch location (``url``: local path or fsspec URL), picklable so tasks can carry it."""

    def __init__(self, url: str, storage_options: dict | None = None, owned: bool = False) -> None:
        self.url = str(url).rstrip("/")
        self.storage_options = storage_options
        self.owned = owned  # made by :meth:`create`: removed by :meth:`remove`

    @classmethod
    def create(cls, parent: str | None = None, storage_options: dict | None = None) -> "Scratch":
        """A new, empty run directory: under ``parent`` (a path or URL), else the system's temp dir."""
        run = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(4)
        if parent is None:
            return cls(tempfile.mkdtemp(prefix=f"seasentry-dask-{run}-"), None, owned=True)
        s = cls(f"{str(parent).rstrip('/')}/run-{run}", storage_options, owned=True)
        s._fs()[0].makedirs(s._fs()[1], exist_ok=True)
        return s

    def _fs(self):
        import fsspec

        fs, root = fsspec.core.url_to_fs(self.url, **(self.storage_options or {}))
        return fs, root.rstrip("/")

    def put(self, key: str, obj) -> None:
        fs, root = self._fs()
        path = f"{root}/{key}.pkl"
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(path, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)

    def get(self, key: str, default=None):
        fs, root = self._fs()
        try:
            with fs.open(f"{root}/{key}.pkl", "rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return default

    def get_all(self, prefix: str) -> list:
        """Every value stored under ``prefix/`` (sorted by key)."""
        fs, root = self._fs()
        out = []
        for p in sorted(fs.glob(f"{root}/{prefix}/*.pkl")):
            with fs.open(p, "rb") as fh:
                out.append(pickle.load(fh))
        return out

    def remove(self) -> None:
        """Delete the run directory (only one this class created)."""
        if not self.owned:
            return
        fs, root = self._fs()
        try:
            fs.rm(root, recursive=True)
        except FileNotFoundError:
            pass

    def __repr__(self) -> str:
        return f"Scratch({self.url!r})"


class MemoryScratch:
    """The same interface in this process's memory: detection run in-process needs no files."""

    def __init__(self) -> None:
        self.url = "memory"
        self._d: dict[str, object] = {}

    def put(self, key: str, obj) -> None:
        self._d[key] = obj

    def get(self, key: str, default=None):
        return self._d.get(key, default)

    def get_all(self, prefix: str) -> list:
        pre = prefix.rstrip("/") + "/"
        return [self._d[k] for k in sorted(k for k in self._d if k.startswith(pre))]

    def remove(self) -> None:
        self._d.clear()

    def __repr__(self) -> str:
        return "MemoryScratch()"
