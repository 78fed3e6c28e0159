"""Per-worker ingest CPU of the archive ingest's plan, whole inputs against byte-range cuts.

    python benchmarks/bench_archive_plan.py CORPUS_DIR whole|cut

Runs each worker's items of the plan for 2 workers (``bulk._split``, largest first) one after
the other in this process (``distributed.ingest._worker`` as the pool runs it, 32 buckets) and
prints per worker (MB of input, CPU s): the ingest's critical path without the machine's load
in it. "whole": every input one item (the plan before session 11's cuts; the worker computes the
SHA-256); "cut": ``distributed.ingest._cut`` (bulk._pieces / _fingerprint / _ranges; the
fingerprints' CPU printed apart). Writes a scratch archive under /tmp and removes it."""
import resource, shutil, sys, tempfile
from pathlib import Path
from seasentry.config import Config
from seasentry.distributed import ingest as I
from seasentry.ingest import bulk as B
from seasentry.ingest.sources import discover
corpus, mode = sys.argv[1], sys.argv[2]
cfg = Config()
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
import seasentry.ingest.fast as fast; fast.warm_up()
srcs = list(discover([corpus]))
root = Path(tempfile.mkdtemp()) / ("p" + mode)
shutil.rmtree(root, ignore_errors=True)
b = I.prepare_archive(str(root), 32, 8_000_000)
c0 = cpu()
if mode == "whole":
    units = [((s.path, s.member, i), int(s.size)) for i, s in enumerate(srcs)]
else:
    units = I._cut(srcs, list(range(len(srcs))), root, cfg, 2, None)
cut_cpu = cpu() - c0
plan = B._split([(j, u[1]) for j, u in enumerate(units)], 2)
class Q:
    def put(self, x): pass
out = []
for wi, idx in enumerate(plan):
    a = cpu()
    I._worker(wi, [units[j][0] for j in idx], str(root), b, cfg, None, 500_000, 50_000_000, "run", Q())
    out.append((round(sum(units[j][1] for j in idx) / 1e6), round(cpu() - a, 2)))
print(mode, "cuts CPU s", round(cut_cpu, 2), "per worker (MB, CPU s):", out)
shutil.rmtree(root, ignore_errors=True)
