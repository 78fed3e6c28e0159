"""Issue 19, the 1M-message run in under 5 s: what `seasentry run` does around its ingest and
detection (worker processes, start-up checks) keeps the results and behaviour of the plain way."""

from __future__ import annotations

import os
from pathlib import Path


def _atexit_marker(path: str) -> int:
    import atexit

    from seasentry.pool import report

    atexit.register(lambda: Path(path).write_text("teardown", encoding="utf-8"))
    report("last item", os.getpid())  # sent through the progress queue just before the task ends
    return os.getpid()


def test_pool_workers_end_without_the_interpreter_teardown(tmp_path):
    """A pool worker whose task loop is over ends at once (os._exit after multiprocessing's own
    finalizers): no interpreter teardown (its atexit handlers do not run), exit status 0, and the
    progress items it sent before are delivered."""
    from seasentry.pool import Pool

    marker = tmp_path / "teardown.txt"
    pool = Pool(1)
    pid = pool.submit(_atexit_marker, str(marker)).result()
    procs = list(pool._ex._processes.values())
    items = []
    for _ in range(100):
        items += pool.progress()
        if items:
            break
        import time

        time.sleep(0.05)
    pool.close()
    assert items == [("last item", pid)]
    assert [p.exitcode for p in procs] == [0]
    assert not marker.exists()
