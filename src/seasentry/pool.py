"""The worker processes of one command: large ingests and detection run their tasks here.

One pool per command (``seasentry run`` ingests, then detects, on the same processes), made on
first use and closed at the end. Each worker is a fresh process (``spawn``: no thread state
inherited from the command's DuckDB or polars) limited to one thread of polars, numba and BLAS,
so N workers use N cores. Workers send progress through one queue (:meth:`Pool.progress`).

The same tasks run on a Dask cluster (``--scheduler``): :mod:`seasentry.engine` hands them to
either through :class:`Executor`.
"""

from __future__ import annotations

import os
import queue as _queue
from concurrent.futures import FIRST_COMPLETED, Future, wait

#: Environment of a worker: one thread per library, so that N workers use N cores.
WORKER_ENV = {"POLARS_MAX_THREADS": "1", "OMP_NUM_THREADS": "1", "NUMBA_NUM_THREADS": "1",
              "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

_PROGRESS = None  # the progress queue, in a worker

#: Environment variable naming a file to which every pool task appends one line when it ends
#: (pid, task, wall start and end, CPU seconds of its process): what ``benchmarks/task_timeline.py``
#: reads to show where the workers waited.
TASK_LOG_ENV = "SEASENTRY_TASK_LOG"


def default_workers(configured: int = 0) -> int:
    if configured and configured > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(q, env: dict) -> None:
    global _PROGRESS
    os.environ.update(env)
    _PROGRESS = q


def report(*item) -> None:
    """Send a progress item to the command (no-op outside a pool worker)."""
    if _PROGRESS is not None:
        try:
            _PROGRESS.put_nowait(item)
        except Exception:  # noqa: BLE001 - progress must never fail a task
            pass


class _Logged:
    """``fn`` run in a worker and logged to the task log (:data:`TASK_LOG_ENV`): one
    tab-separated line ``pid, name, start, end, cpu, born, cpu0, rss, sys, minflt`` (epoch
    seconds; CPU seconds of the process during the task; when the process started; its CPU
    seconds before the task; its resident memory in MB at the end; of the task's CPU seconds
    those spent in the kernel; the minor page faults of the process during the task)."""

    def __init__(self, fn, log: str) -> None:
        self.fn = fn
        self.log = log

    def __call__(self, *args, **kw):
        import time

        t0, c0, u0 = time.time(), time.process_time(), _usage()
        try:
            return self.fn(*args, **kw)
        finally:
            u1 = _usage()
            _log_line(getattr(self.fn, "__name__", repr(self.fn)), t0, time.time(), time.process_time() - c0, c0,
                      self.log, u1[0] - u0[0], u1[1] - u0[1])


def _usage() -> tuple[float, int]:
    """System CPU seconds and minor page faults of this process so far."""
    try:
        import resource

        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_stime, r.ru_minflt
    except (ImportError, OSError):
        return 0.0, 0


def _log_line(name: str, t0: float, t1: float, cpu: float, cpu0: float, path: str, sys_s: float | None = None,
              minflt: int | None = None) -> None:
    if sys_s is None:  # a mark: the process's totals so far
        sys_s, minflt = _usage()
    line = (f"{os.getpid()}\t{name}\t{t0:.4f}\t{t1:.4f}\t{cpu:.4f}\t{_process_start():.3f}\t{cpu0:.4f}\t{rss_mb():.1f}"
            f"\t{sys_s:.4f}\t{minflt}\n")
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)
    except OSError:
        pass


def rss_mb() -> float:
    """Resident memory of this process, MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


def _process_start() -> float:
    """Epoch seconds at which this process started (Linux, to the clock tick; 0 elsewhere): its
    start in seconds since boot (``/proc/self/stat``) placed against ``/proc/uptime`` read now
    (the boot time of ``/proc/stat`` is rounded to the second)."""
    import time

    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        now = time.time()
        with open("/proc/uptime", encoding="ascii") as fh:
            up = float(fh.read().split()[0])
        return now - up + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def mark(name: str) -> None:
    """A point in time of the command's own process in the task log (no-op without one)."""
    path = os.environ.get(TASK_LOG_ENV)
    if path:
        import time

        t = time.time()
        _log_line("@" + name, t, t, 0.0, time.process_time(), path)


def _logged(fn):
    path = os.environ.get(TASK_LOG_ENV)
    return _Task(_Logged(fn, path) if path else fn)


class _Task:
    """``fn`` run in a worker; after a task that imported modules (a worker's start-up: the
    modules, the kernels it loaded, some 100,000 objects that live as long as the process), what
    the process holds is frozen out of Python's cyclic garbage collector (``gc.freeze``), so that
    each later full collection (at times during a task, and the ingest's at its end) no longer
    walks it all. Frozen objects are still freed when their last reference goes."""

    def __init__(self, fn) -> None:
        self.fn = fn

    def __call__(self, *args, **kw):
        import sys

        modules = len(sys.modules)
        try:
            return self.fn(*args, **kw)
        finally:
            if len(sys.modules) > modules:
                import gc

                gc.freeze()


def _leave() -> None:
    """End a worker process whose task loop is over: what ``multiprocessing`` runs at a child's
    end (its finalizers: the progress queue's feeder thread flushed and joined), the standard
    streams flushed, then ``os._exit(0)`` -- without the interpreter's teardown, which frees
    every object of polars, pyarrow, DuckDB and numba one by one (1M messages: 0.3 s of the
    command's wall time waiting for two such workers to end on a quiet machine, seconds under
    load). Every task has closed its files and sent its result before this."""
    import sys
    from multiprocessing import util

    try:
        util._exit_function()
        for f in (sys.stdout, sys.stderr):
            if f is not None:
                f.flush()
    finally:
        os._exit(0)


def _fast_exit_context():
    """The ``spawn`` context of the pool, whose processes end by :func:`_leave` once their
    task loop returns (an error in the loop ends them the usual way)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")

    class Context(type(ctx)):
        Process = _FastExitProcess

    return Context()


def _process_class():
    import multiprocessing as mp

    return type(mp.get_context("spawn")).Process


class _FastExitProcess(_process_class()):
    def run(self) -> None:
        super().run()
        _leave()


class Pool:
    """``workers`` worker processes (made on the first task)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers(workers or 0)
        self._ex = None
        self._q = None

    @property
    def started(self) -> bool:
        """Whether the worker processes have been made (by a task, :meth:`start` or :meth:`preload`)
        and not closed since."""
        return self._ex is not None

    def _executor(self):
        if self._ex is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ctx = _fast_exit_context()
            self._q = mp.get_context("spawn").Queue()
            self._ex = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                           initargs=(self._q, dict(WORKER_ENV)))
        return self._ex

    def submit(self, fn, *args, **kw) -> Future:
        return self._executor().submit(_logged(fn), *args, **kw)

    def start(self) -> None:
        """Start every worker process now (each runs a task of nothing), e.g. while this process
        still imports what it will submit."""
        ex = self._executor()
        for _ in range(self.workers):
            ex.submit(os.getpid)

    def abandon(self) -> None:
        """Close the pool without waiting for its tasks (the waiting ones are cancelled, the
        workers ended at once): for a command that fails before it needs what it submitted."""
        if self._ex is not None:
            procs = list((getattr(self._ex, "_processes", None) or {}).values())
            self._ex.shutdown(wait=False, cancel_futures=True)
            procs += [p for p in (getattr(self._ex, "_processes", None) or {}).values() if p not in procs]
            for p in procs:
                try:
                    p.terminate()
                except Exception:  # noqa: BLE001 - already gone
                    pass
            for p in procs:
                p.join(10)
            for p in procs:  # one that SIGTERM did not end in time (a loaded machine): SIGKILL
                if p.is_alive():
                    p.kill()
                    p.join(10)
            self._ex = None
        self.close()

    def progress(self) -> list:
        """Progress items sent by the workers since the last call."""
        out = []
        if self._q is None:
            return out
        while True:
            try:
                out.append(self._q.get_nowait())
            except (_queue.Empty, OSError, ValueError):
                return out

    def wait_all(self, futures: list[Future], on_progress=None, poll: float = 0.2) -> list:
        """Results of ``futures`` in their order; ``on_progress(items)`` is called with progress
        items while waiting. The first error is raised (the other tasks are cancelled)."""
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, timeout=poll, return_when=FIRST_COMPLETED)
                if on_progress is not None:
                    items = self.progress()
                    if items:
                        on_progress(items)
                for f in done:
                    if f.exception() is not None:
                        raise f.exception()
        except BaseException:
            for f in pending:
                f.cancel()
            raise
        if on_progress is not None:
            items = self.progress()
            if items:
                on_progress(items)
        return [f.result() for f in futures]

    def preload(self, fn) -> None:
        """Run ``fn`` (e.g. loading what the next tasks read) on the workers, without waiting."""
        ex = self._executor()
        for _ in range(self.workers):
            ex.submit(_logged(fn))

    def restart(self, preload=None) -> None:
        """New worker processes (what the old ones held is freed), started now; ``preload`` (a
        function) runs once on each, e.g. to load what the next tasks read."""
        self.close()
        if preload is not None:
            ex = self._executor()
            for _ in range(self.workers):
                ex.submit(_logged(preload))

    def close(self, cancel: bool = False) -> None:
        if self._ex is not None:
            self._ex.shutdown(wait=not cancel, cancel_futures=cancel)
            self._ex = None
        if self._q is not None:
            try:
                self._q.close()
                self._q.join_thread()
            except Exception:  # noqa: BLE001
                pass
            self._q = None

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(cancel=exc_type is not None)


class InlineFuture(Future):
    """A future already done: what :class:`Executor` returns when it runs a task in-process."""

    def __init__(self, fn, args, kw) -> None:
        super().__init__()
        try:
            self.set_result(fn(*args, **kw))
        except BaseException as exc:  # noqa: BLE001 - raised again by result()
            self.set_exception(exc)


class Executor:
    """Where detection's tasks run: in this process (``pool=None``, ``client=None``), on a
    :class:`Pool`, or on a ``distributed.Client`` (Dask). The subset of the Dask client's API the
    task graph uses (:func:`seasentry.distributed.dask_engine.run_graph`): ``map``, ``submit``,
    ``scatter``, ``collect``."""

    def __init__(self, pool: Pool | None = None, client=None) -> None:
        self.pool = pool
        self.client = client

    @property
    def kind(self) -> str:
        return "dask" if self.client is not None else ("pool" if self.pool is not None else "inline")

    @property
    def workers(self) -> int:
        if self.client is not None:
            try:
                return len(self.client.scheduler_info().get("workers", {}))
            except Exception:  # noqa: BLE001
                return 0
        return self.pool.workers if self.pool is not None else 1

    def submit(self, fn, *args, **kw):
        kw.pop("pure", None)
        if self.client is not None:
            return self.client.submit(fn, *args, pure=False, **kw)
        if self.pool is not None:
            return self.pool.submit(fn, *args, **kw)
        return InlineFuture(fn, args, kw)

    def map(self, fn, *iterables, **kw) -> list:
        kw.pop("pure", None)
        if self.client is not None:
            return self.client.map(fn, *iterables, pure=False, **kw)
        return [self.submit(fn, *args, **kw) for args in zip(*iterables)]

    def scatter(self, obj, broadcast: bool = False):
        if self.client is not None:
            return self.client.scatter(obj, broadcast=broadcast)
        return obj

    def cancel(self, futures: list) -> None:
        """Cancel the tasks of ``futures`` not yet started (Dask: release them)."""
        if self.client is not None:
            self.client.cancel(futures)
            return
        for f in futures:
            f.cancel()

    def collect(self, futures: list) -> list:
        """Results in order, each released as soon as it is fetched (on Dask, so finished results
        do not pile up in worker memory until the last task ends, as ``client.gather`` on the
        whole list would keep them)."""
        if self.client is not None:
            from distributed import as_completed

            pos = {f.key: i for i, f in enumerate(futures)}
            out: list = [None] * len(futures)
            for f, res in as_completed(futures, with_results=True):
                out[pos[f.key]] = res
                f.release()
            futures.clear()
            return out
        if self.pool is not None:
            return self.pool.wait_all(futures)
        return [f.result() for f in futures]
