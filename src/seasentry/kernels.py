"""The compiled (numba) kernels: compiled once per machine, ahead of first use.

seasentry's hot loops (AIS framing and decoding, de-duplication, detection matching, phonetic
name similarity) are numba functions cached on disk (``cache=True``: next to their module in
``__pycache__``, or under ``NUMBA_CACHE_DIR``). The first use on a machine compiles them, about a
minute of CPU; later processes load them in about a second.

:func:`warm_up` compiles (or loads) every kernel by running each on a small built-in sample,
with a progress callback per kernel compiled; ``seasentry warmup`` runs it with a progress bar,
and ``seasentry run`` / ``ingest`` run it first, saying so, when :func:`ready` finds the kernels
not compiled for this machine -- so no command compiles in silence and no messages/s figure
counts a compile. :func:`ready` is cheap (it reads numba's cache index files): a stamp in the
user's cache folder lists the kernels the last warm-up reached, and each must still have an
up-to-date cache entry for this CPU.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

#: Modules holding numba kernels.
MODULES = ("seasentry.ingest._kernels", "seasentry.ingest._bulk_kernels", "seasentry.detections._kernels",
           "seasentry.screening.phonetic",
           "seasentry.screening._kernels")


#: The module numba's ``numba.np.arraymath`` imports when it is first loaded (a process's first
#: kernel call) to learn whether a BLAS is there (``_HAVE_BLAS``, which picks np.dot's code when a
#: kernel using it is compiled; no seasentry kernel calls a BLAS function).
BLAS_PROBE = "scipy.linalg.cython_blas"


class without_blas_probe:  # noqa: N801 - used as a context manager
    """Load kernels from the cache without numba's BLAS probe: while numba's ``arraymath`` is
    first imported (the process's first kernel load), ``import scipy.linalg.cython_blas`` fails,
    so numba does not import ``scipy.linalg`` (with SciPy's array-API layer and ``numpy.f2py``:
    ~0.2 CPU s, ~27 MB of RSS per process that loads a kernel; docs/benchmarks.md, "Session 11,
    the 1M run"). numba then records that no BLAS is there, which only changes the code of
    ``np.dot``-style calls compiled later in this process: none of :data:`MODULES` has one, and
    with :func:`ready` their machine code comes from the cache, compiled by a warm-up without
    this. After the block, SciPy imports as usual. A no-op when ``arraymath`` or SciPy's
    ``cython_blas`` is already imported."""

    def __enter__(self):
        import sys

        self.blocked = ("numba.np.arraymath" not in sys.modules and BLAS_PROBE not in sys.modules)
        if self.blocked:
            sys.modules[BLAS_PROBE] = None  # an import of it raises ImportError
        return self

    def __exit__(self, *exc) -> None:
        import sys

        if self.blocked and BLAS_PROBE in sys.modules and sys.modules[BLAS_PROBE] is None:
            del sys.modules[BLAS_PROBE]


def _stamp_path() -> Path:
    from .cachedir import cache_dir

    return cache_dir() / "kernels.json"


def _host() -> str:
    import llvmlite.binding as ll
    import numba

    import sys
    return f"{ll.get_host_cpu_name()}|numba {numba.__version__}|py{sys.version_info[0]}.{sys.version_info[1]}"


def dispatchers() -> list:
    """Every numba dispatcher of :data:`MODULES` (imports them)."""
    import importlib

    from numba.core.registry import CPUDispatcher

    out = []
    for name in MODULES:
        mod = importlib.import_module(name)
        for v in vars(mod).values():
            if isinstance(v, CPUDispatcher) and getattr(v, "__module__", name) == name and v not in out:
                out.append(v)
    return out


def _index_path(d) -> str | None:
    c = getattr(d, "_cache", None)
    cf = getattr(c, "_cache_file", None)
    return getattr(cf, "_index_path", None)


def _cached_here(d, cpu: str) -> bool:
    """Whether ``d`` has an up-to-date cache entry (same source) for this CPU."""
    try:
        index = d._cache._cache_file._load_index()  # {} when missing or made from other source
    except Exception:  # noqa: BLE001 - unreadable index: not cached
        return False
    return any(isinstance(k, tuple) and len(k) > 1 and isinstance(k[1], tuple) and len(k[1]) > 1
               and k[1][1] == cpu for k in index)


def ready() -> bool:
    """True when the last warm-up's kernels all have cache entries for this machine: a command
    may then use them without compiling. Reads the stamp and numba's index files (no compile).
    When the files the stamp lists (numba's index files and the kernels' source files) are as
    they were when it was written, for the same CPU, numba, Python, package folder and
    NUMBA_CACHE_DIR, that is the answer, without importing numba or the kernels' modules (about
    0.6 CPU s a command: :func:`_quick_ready`); else they are checked one by one and the list is
    written again. The file lists are kept per installation and kernel modules (:func:`_quick_key`):
    a warm-up of another version sharing the stamp (another checkout, with fewer kernel modules)
    does not make this one warm up again."""
    try:
        stamp = json.loads(_stamp_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if _quick_ready(stamp):
        return True
    if not set(MODULES) <= set(stamp.get("modules") or ()):  # a warm-up of a version without some of them
        return False
    if stamp.get("host") != _host() or not stamp.get("kernels"):
        return False
    import llvmlite.binding as ll

    cpu = ll.get_host_cpu_name()
    by_name = {f"{d.__module__}.{d.__name__}": d for d in dispatchers()}
    for name in stamp["kernels"]:
        d = by_name.get(name)
        if d is None or not _cached_here(d, cpu):
            return False
    _write_stamp(_with_quick(stamp, [by_name[n] for n in stamp["kernels"]]))
    return True


def _quick_key() -> str:
    """What a stamp's file list holds for: this CPU (:func:`_cpu_id`), numba and Python versions,
    the package's folder, NUMBA_CACHE_DIR and the kernel modules (:data:`MODULES`, digested)
    (without importing numba or LLVM)."""
    import hashlib
    import sys
    from importlib.metadata import version

    modules = hashlib.sha256(",".join(MODULES).encode()).hexdigest()[:12]
    return (f"{_cpu_id()}|numba {version('numba')}|py{sys.version_info[0]}.{sys.version_info[1]}|"
            f"{Path(__file__).resolve().parent}|{os.environ.get('NUMBA_CACHE_DIR', '')}|modules {modules}")


#: Fields of /proc/cpuinfo that name a processor and what it can run (x86 and Arm), for
#: :func:`_cpu_id`; not those that change while it runs (clock, core numbers).
_CPUINFO_FIELDS = ("vendor_id", "cpu family", "model", "model name", "stepping", "flags", "CPU implementer",
                   "CPU architecture", "CPU variant", "CPU part", "CPU revision", "Features", "isa", "uarch")


def _cpu_id() -> str:
    """This machine's processor for :func:`_quick_key`, without loading LLVM (``llvmlite.binding``:
    about 40 MB of resident memory in the command's process for the rest of its run, ~0.02 CPU s):
    on Linux a digest of its first processor's model and feature flags in /proc/cpuinfo (the CPU
    name and features numba's cache index keys its entries by follow from them); elsewhere, or
    when /proc/cpuinfo names neither, the CPU name LLVM gives."""
    import hashlib

    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            first = fh.read().split("\n\n", 1)[0]
        fields = dict((k.strip(), v.strip()) for k, v in (ln.split(":", 1) for ln in first.splitlines() if ":" in ln))
        picked = [f"{k}={fields[k]}" for k in _CPUINFO_FIELDS if k in fields]
        if any(k in fields for k in ("flags", "Features", "isa")):
            return "cpuinfo-" + hashlib.sha256("\n".join(picked).encode()).hexdigest()[:16]
    except (OSError, ValueError):
        pass
    import llvmlite.binding as ll

    return ll.get_host_cpu_name()


def _file_state(path: str) -> list | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [path, st.st_mtime_ns, st.st_size]


def _with_quick(stamp: dict, ds: list) -> dict:
    """``stamp`` with the file list of this installation (:func:`_quick_key`): numba's index file
    and the source file of every kernel of ``ds``, with their modification times and sizes (none
    when one cannot be read). Lists of other installations sharing the stamp are kept (at most
    :data:`QUICK_KEEP`)."""
    paths = sorted({p for d in ds for p in (_index_path(d), getattr(getattr(d, "py_func", None), "__code__", None)
                                            and d.py_func.__code__.co_filename)})
    files = [_file_state(p) if p else None for p in paths]
    quick = {k: v for k, v in (stamp.get("quick") or {}).items() if isinstance(v, list)}
    key = _quick_key()
    quick.pop(key, None)
    if files and all(f is not None for f in files):
        quick[key] = files
    return dict(stamp, quick=dict(list(quick.items())[-QUICK_KEEP:]))


#: Installations whose file lists one stamp keeps (:func:`_with_quick`).
QUICK_KEEP = 8


def _quick_ready(stamp: dict) -> bool:
    """Whether the stamp's file list of this installation (:func:`_with_quick`) still describes
    its files: every file with the same modification time and size."""
    q = stamp.get("quick")
    if not isinstance(q, dict):
        return False
    try:
        files = q.get(_quick_key())
        return bool(files) and all(isinstance(f, list) and len(f) == 3 and _file_state(f[0]) == f for f in files)
    except Exception:  # noqa: BLE001 - anything unexpected: the full check decides
        return False


def _write_stamp(stamp: dict) -> None:
    p = _stamp_path()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(p.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(stamp), encoding="utf-8")
        os.replace(tmp, p)
    except OSError:  # a read-only home: ready() stays False, the next command warms up again
        pass


def _samples() -> list[tuple[str, callable]]:
    """(what, function) running every kernel on a small sample, with the argument types the
    commands use."""
    import numpy as np

    def ingest():
        from .ingest import _bulk_kernels
        from .ingest.fast import warm_up as fast_warm_up

        fast_warm_up()
        _bulk_kernels.warm_up()

    def dedup():
        from .ingest.batch_store import dedup_in_batch

        k = np.array([1, 2, 1, 3], np.int64)
        t = np.array([0, 1, 2, 3], np.int64) * 1_000_000
        dedup_in_batch(k, t, 30_000_000)
        dedup_in_batch(k, t, 30_000_000, np.zeros(4, bool))

    def matching():
        from .detections._kernels import states_kernel

        f = np.array([0.0, 60.0, 120.0])
        states_kernel(np.zeros(1, np.int64), 30.0, np.zeros(0, np.int64), False, np.array([0, 3], np.int64), f,
                      np.array([35.0, 35.01, 35.02]), np.array([14.0, 14.01, 14.02]), np.full(3, 10.0),
                      np.full(3, 45.0), 3600.0, 7200.0, 0.5, 0.5, 0.1)

    def screening():
        from .screening import phonetic

        u, off = phonetic.pack([(1, 2, 3), (1, 3)])
        phonetic.similarity(u, off[:-1], off[1:], np.array([False, True]), u, off[:-1], off[1:],
                            np.array([False, True]))
        # the compiled pre-scoring (screening._kernels): one index over the bundled demo list, a
        # person's and a vessel's name screened (the argument types of `seasentry screen`)
        from .screening import ScreeningIndex, load_path

        demo = Path(__file__).resolve().parent / "data" / "demo" / "ofac_sdn_libya_2024-05-03.csv"
        if demo.exists():
            idx = ScreeningIndex(load_path(demo).entities)
            idx.screen_name("Mohamed Ali Ahmed")
            idx.screen_name("BLUE SEA", schema="vessel")

    return [("AIS framing and decoding", ingest), ("de-duplication", dedup), ("detection matching", matching),
            ("name screening", screening)]


def write_bytecode(root: Path | None = None) -> int:
    """Compile the Python modules of the package (``root``: its folder) to bytecode in their
    ``__pycache__`` folders where it is missing or out of date, as installing a wheel does
    (pip compiles at install) and as Python does on first import -- unless it may not write
    there (``PYTHONDONTWRITEBYTECODE``, ``-B``), as for an editable install in such an environment:
    then every process of every command compiled the source of each seasentry module it imports
    (~0.33 CPU s for the whole package; ``seasentry run``: its process and each worker's). Run
    by :func:`warm_up`. Returns the number of files written (0 where the folder is read-only)."""
    import importlib.util
    import py_compile

    root = Path(root) if root is not None else Path(__file__).resolve().parent
    n = 0
    for src in sorted(root.rglob("*.py")):
        try:
            pyc = Path(importlib.util.cache_from_source(str(src)))
            if _bytecode_current(src, pyc):
                continue
            py_compile.compile(str(src), cfile=str(pyc), doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
            n += 1
        except (OSError, SyntaxError, ValueError, py_compile.PyCompileError):
            continue  # a read-only folder, a file Python would not import either: left as it is
    return n


def _bytecode_current(src: Path, pyc: Path) -> bool:
    """Whether ``pyc`` is the bytecode of ``src`` as it is now (the source's modification time
    and size recorded in its header, as the import system checks them)."""
    import importlib.util

    try:
        with open(pyc, "rb") as fh:
            head = fh.read(16)
        st = src.stat()
    except OSError:
        return False
    return (len(head) == 16 and head[:4] == importlib.util.MAGIC_NUMBER and int.from_bytes(head[4:8], "little") == 0
            and int.from_bytes(head[8:12], "little") == (int(st.st_mtime) & 0xFFFFFFFF)
            and int.from_bytes(head[12:16], "little") == (st.st_size & 0xFFFFFFFF))


def warm_up(on_compile=None, on_step=None) -> dict:
    """Compile (or load) every kernel, and the package's bytecode (:func:`write_bytecode`).
    ``on_compile(name)`` is called as each kernel compile ends, ``on_step(what)`` before each
    sample. Writes the stamp :func:`ready` reads. Returns ``{"seconds": ..., "compiled": n,
    "kernels": n, "bytecode": files written}``."""
    from numba.core import event

    compiled: list[str] = []
    lock = threading.Lock()

    class _Listener(event.Listener):
        def on_start(self, ev):
            pass

        def on_end(self, ev):
            d = ev.data.get("dispatcher") if isinstance(ev.data, dict) else None
            name = getattr(d, "__name__", "?") if d is not None else "?"
            with lock:
                compiled.append(name)
            if on_compile is not None:
                on_compile(name)

    t0 = time.perf_counter()
    bytecode = write_bytecode()
    listener = _Listener()
    with event.install_listener("numba:compile", listener):
        for what, fn in _samples():
            if on_step is not None:
                on_step(what)
            fn()
    done = [d for d in dispatchers() if d.signatures]
    reached = sorted(f"{d.__module__}.{d.__name__}" for d in done)
    try:
        old = json.loads(_stamp_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    made = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    _write_stamp(_with_quick({"host": _host(), "kernels": reached, "made": made, "modules": list(MODULES),
                              "quick": old.get("quick") if old.get("host") == _host() else None}, done))
    return {"seconds": time.perf_counter() - t0, "compiled": len(compiled), "kernels": len(reached),
            "bytecode": bytecode}


def cache_location() -> str:
    """Where numba keeps the compiled kernels (for messages)."""
    env = os.environ.get("NUMBA_CACHE_DIR")
    if env:
        return env
    ds = dispatchers()
    p = _index_path(ds[0]) if ds else None
    return str(Path(p).parent) if p else "numba's cache folder"
