"""Scale-out: a Parquet archive partitioned by MMSI and a Dask engine running the same kernels.

- :func:`export_parquet` / :func:`open_archive` -- the archive layout (:mod:`.archive`).
- :func:`run_dask` -- every event of the embedded engine, on a dask.distributed cluster
  (:mod:`.dask_engine`); :func:`detect_dask` writes them into a store like ``engine.detect``.

Dask is imported only when the engine runs (``pip install 'seasentry[dask]'``).
See docs/scale-out.md.
"""

from .archive import Archive, BucketFiles, ExportReport, export_parquet, mmsi_bucket, open_archive, read_bucket
from .dask_engine import dask_client, detect_dask, run_dask

__all__ = ["Archive", "BucketFiles", "ExportReport", "export_parquet", "mmsi_bucket", "open_archive",
           "read_bucket", "dask_client", "detect_dask", "run_dask"]
