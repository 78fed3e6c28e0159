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


READY = "import sys; from seasentry import kernels; print(kernels.ready(), 'numba' in sys.modules)"


def _ready_in_new_process(cache) -> str:
    import subprocess
    import sys

    env = dict(os.environ, SEASENTRY_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", READY], capture_output=True, text=True, env=env,
                          check=True).stdout.split()


def test_kernels_found_ready_without_importing_numba_then_checked_again_when_a_file_changes(tmp_path):
    """After a warm-up, `kernels.ready()` answers from the stamp's list of numba's index files
    and the kernels' sources (unchanged: ready, numba not imported: ~0.6 CPU s less per command);
    when a listed file changed it checks numba's index entries one by one again (still ready: the
    entries are there) and lists the files anew; a stamp of another machine is not ready."""
    import json

    from conftest import run_cli

    run_cli("warmup", "--json", env={"SEASENTRY_CACHE_DIR": str(tmp_path)})
    stamp_path = tmp_path / "kernels.json"
    assert _ready_in_new_process(tmp_path) == ["True", "False"]
    stamp = json.loads(stamp_path.read_text())
    (key, files), = stamp["quick"].items()
    assert any(f[0].endswith(".nbi") for f in files) and any(f[0].endswith("_kernels.py") for f in files)
    files[0][1] -= 1  # as if the file had changed since
    stamp_path.write_text(json.dumps(stamp))
    assert _ready_in_new_process(tmp_path) == ["True", "True"]
    assert json.loads(stamp_path.read_text())["quick"][key][0][1] == files[0][1] + 1  # listed anew
    assert _ready_in_new_process(tmp_path) == ["True", "False"]
    stamp = json.loads(stamp_path.read_text())
    stamp["host"] = "another-cpu|numba 0|py3"
    stamp["quick"] = {k.replace(k.split("|")[0], "another-cpu", 1): v for k, v in stamp["quick"].items()}
    stamp_path.write_text(json.dumps(stamp))
    assert _ready_in_new_process(tmp_path) == ["False", "True"]
