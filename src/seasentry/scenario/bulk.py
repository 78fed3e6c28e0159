"""Big benchmark corpora, streamed to disk chunk by chunk with flat memory.

A corpus of ``scale`` chunks is ``scale`` scenarios laid end to end in time: chunk ``k`` covers
``[start + k*hours, start + (k+1)*hours)`` with its own seed (``seed + k``), its own MMSIs and IMOs
(``serial_base``) and its own labels; only chunk 0 carries the demo story (its MMSIs are fixed).
Each chunk is generated, appended to the output files and dropped before the next one, so memory
stays that of one chunk whatever ``scale`` is. Base stations continue across chunks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from .core import H, _epoch, generate, write_labels_jsonl


def write_corpus(outdir: str | Path, seed: int = 1, hours: float = 48, vessels: int = 60, scale: int = 1,
                 start="2024-05-01T00:00:00Z", noise: bool = True, story: bool = True, progress=None) -> dict:
    """Write ``scale`` chunks to ``outdir`` (same file names as :meth:`Scenario.write`); returns a summary."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = _epoch(start)
    paths = {k: out / v for k, v in dict(nmea="scenario.nmea", labels="labels.jsonl", truth="truth_positions.parquet",
                                          vessels="vessels.csv", noise="noise.jsonl", summary="summary.json").items()}
    for p in paths.values():
        if p.exists():
            p.unlink()
    writer = None
    totals = dict(chunks=0, positions=0, lines=0, statics=0, labels={}, noise_counts={}, duplicates=0,
                  unmatched_injections=[])
    line_offset = 0
    gid = 1
    per_chunk_serials = vessels + 200
    try:
        with open(paths["nmea"], "w", encoding="ascii", errors="replace", newline="\n") as nmea_fh, \
                open(paths["noise"], "w", encoding="utf-8") as noise_fh:
            for k in range(scale):
                sc = generate(seed=seed + k, hours=hours, vessels=vessels, start=t0 + k * hours * H, noise=noise,
                              story=story and k == 0, serial_base=k * per_chunk_serials, gid_start=gid)
                gid = sc.summary["gid_next"]
                nmea_fh.write("\n".join(sc.nmea_lines))
                nmea_fh.write("\n")
                for m in sc.noise_manifest:
                    noise_fh.write(json.dumps(dict(m, line=m["line"] + line_offset)) + "\n")
                line_offset += len(sc.nmea_lines)
                write_labels_jsonl(sc.labels, paths["labels"], "a")
                table = sc.truth.to_arrow()
                if writer is None:
                    writer = pq.ParquetWriter(paths["truth"], table.schema)
                writer.write_table(table)
                with open(paths["vessels"], "a", encoding="utf-8") as vf:
                    vf.write(sc.vessels.write_csv(include_header=(k == 0)))
                s = sc.summary
                totals["chunks"] += 1
                totals["positions"] += s["positions"]
                totals["lines"] += s["lines"]
                totals["statics"] += s["statics"]
                totals["duplicates"] += s["duplicates"]
                totals["unmatched_injections"] += s["unmatched_injections"]
                for key in ("labels", "noise_counts"):
                    for t, c in s[key].items():
                        totals[key][t] = totals[key].get(t, 0) + c
                if progress is not None:
                    progress(k + 1, scale, s["positions"])
                del sc, table
    finally:
        if writer is not None:
            writer.close()
    totals.update(seed=seed, hours_per_chunk=hours, vessels_per_chunk=vessels, noise=noise, story=story,
                  start=start)
    paths["summary"].write_text(json.dumps(totals, indent=2, default=str), encoding="utf-8")
    return totals
