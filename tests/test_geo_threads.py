"""The shared geography answers the same from several threads at once as from one.

GEOS prepared geometries are not thread-safe: two threads querying the prepared world land
polygons at once corrupted the heap (the process aborted with "malloc(): unaligned tcache
chunk detected"), which a threaded Dask cluster (``LocalCluster(processes=False)``, as the
tests use) and the web server do. The run happens in a child process, so a crash fails this
test instead of killing the test session.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent("""
    import json, sys, threading
    import numpy as np
    from seasentry.geo import Geography

    geo = Geography.default()
    rng = np.random.default_rng(5)
    # the Central Med (fine land, territorial seas) and the rest of the world (coarse land)
    pts = [(rng.uniform(29, 40, 4000), rng.uniform(7, 26, 4000)) for _ in range(6)]
    pts += [(rng.uniform(-60, 70, 4000), rng.uniform(-170, 170, 4000)) for _ in range(6)]

    def answer(k):
        la, lo = pts[k]
        return (geo.on_land(la, lo).tolist(), geo.on_land(la, lo, margin_m=500.0).tolist(),
                geo.in_zones(la, lo).tolist())

    results = {}
    def work(t):
        for rep in range(15):
            for k in range(len(pts)):
                results[(t, rep, k)] = answer(k)
    threads = [threading.Thread(target=work, args=(t,)) for t in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    single = [answer(k) for k in range(len(pts))]
    same = all(results[(t, r, k)] == single[k] for t in range(3) for r in range(15) for k in range(len(pts)))
    land = sum(sum(a[0]) for a in single)
    print(json.dumps({"same": same, "land_points": land}))
""")


def test_geography_is_safe_to_share_between_threads():
    p = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert out["same"] is True
    assert out["land_points"] > 1000  # the points really hit land polygons
