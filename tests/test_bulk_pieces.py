"""Issue 19 (CPU per message): an ingest worker sorts the rows of several blocks by MMSI bucket at
once (``store.sort_messages``), so the Parquet writer gets fewer, larger slices per row group.

Asserted: one worker over many small blocks writes the same files (names, rows in file order,
row groups, per-file stats) and the same counts whether each block is sorted on its own
(``sort_messages`` 1, the code before) or the blocks of a whole flush together; and that the
tables handed to the writer then hold one slice (one Arrow chunk) per piece.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from seasentry.config import Config
from seasentry.distributed.archive import HASH_NAME
from seasentry.ingest import bulk as B


@pytest.fixture(scope="module")
def nmea(tmp_path_factory):
    from seasentry.scenario import generate

    d = tmp_path_factory.mktemp("pieces")
    return Path(generate(seed=11, hours=36, vessels=40).write(d / "sc")["nmea"])


def _run(nmea: Path, root: Path, cfg: Config, monkeypatch) -> tuple[dict, dict, list]:
    """``_ingest_worker`` in-process on 16 KB blocks: its result, the part files' content, and
    the chunk counts of every table the part writers wrote."""
    chunks = []
    write = pq.ParquetWriter.write_table

    def spy(self, table, *a, **k):
        if "_dup" in table.column_names:
            chunks.append(max(c.num_chunks for c in table.columns))
        return write(self, table, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(B, "BULK_BLOCK_BYTES", 1 << 14)
        m.setattr(pq.ParquetWriter, "write_table", spy)
        spec = {"index": 0, "source_id": 1, "path": str(nmea), "member": None, "name": nmea.name,
                "size": nmea.stat().st_size}
        out = B._ingest_worker(0, [spec], str(root), 16, HASH_NAME, "r", cfg, None, "auto")
    files = {}
    for p in sorted(root.rglob("*.parquet")):
        f = pq.ParquetFile(p)
        files[str(p.relative_to(root))] = (f.metadata.num_row_groups, f.read().to_pylist())
    return out, files, chunks


def test_sorting_several_blocks_at_once_writes_the_same_files(nmea, tmp_path, monkeypatch):
    base = Config().copy_with("store.flush_messages", 3000)
    one, files_one, chunks_one = _run(nmea, tmp_path / "one", base.copy_with("store.sort_messages", 1), monkeypatch)
    big, files_big, chunks_big = _run(nmea, tmp_path / "big", base.copy_with("store.sort_messages", 3000),
                                      monkeypatch)
    rec = [{k: v for k, v in r.items() if k != "seconds"} for r in one["records"]]
    assert rec == [{k: v for k, v in r.items() if k != "seconds"} for r in big["records"]]
    assert one["files"] == big["files"]
    assert files_one.keys() == files_big.keys() and len(files_one) > 16
    for name in files_one:
        assert files_one[name] == files_big[name], name
    # each block sorted on its own: several slices per row group; the flush's blocks together: one
    # (two when a settle by size and the flush fall apart)
    assert max(chunks_one) > 4
    assert max(chunks_big) <= 2
    assert len(chunks_one) == len(chunks_big)
