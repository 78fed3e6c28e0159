#!/usr/bin/env python
"""Decoder benchmark: seasentry fast path vs seasentry reference path vs pyais (vs libais).

    python benchmarks/bench_decode.py                    # 1M messages, every contender once
    python benchmarks/bench_decode.py --repeat 3         # best and spread of 3 runs each
    python benchmarks/bench_decode.py --messages 200000 --corpus-out /tmp/c.nmea

The corpus is generated deterministically (``--seed``), like a busy coastal + satellite feed:
80 % class A / class B position reports (types 1, 2, 3, 18) with varying MMSI, position, speed,
course and heading; two-sentence type 5 with NMEA 4 ``g:`` group tag blocks; type 24 parts A
and B, 19, 21, 27 and 4; a few % corrupt lines (bad checksum, truncated, empty payload, other
NMEA sentences); ``s:`` + ``c:`` tag blocks on 90 % of the lines, a trailing epoch on the rest.
Position reports are bit-packed with NumPy (so generation stays fast); the other types come from
pools encoded with ``pyais.encode_dict``.

Each contender runs in its own process pinned to one CPU (NUMBA_NUM_THREADS=1,
OMP/MKL/OpenBLAS/Arrow threads 1); wall time excludes interpreter start and, for the fast path,
loading its compiled kernels (reported separately). Messages are counted the same way for all:
AIS messages produced by framing (multipart counted once).

- seasentry fast: ``seasentry.ingest.fast.frame_and_decode`` over 8 MB blocks of the file ->
  cleaned Arrow tables (positions, statics, other, rejects, per-message metadata + msg_key).
- seasentry reference: NmeaFramer + PyaisDecoder + cleaning, as ``pipeline._write_nmea`` builds
  its batches (the store write is left out).
- pyais: ``FileReaderStream`` iterating and ``decode()``-ing every message.
- libais (``pip install seasentry[bench]``; the row says "not installed" otherwise): the
  ``!xxVDM`` sentence of every line is split on commas (no checksum check, no times, no
  cleaning), multipart messages are put together by (sequence id, channel, count) and every
  message is decoded with ``ais.decode(payload, fill_bits)`` (libais's C++ decoders; it knows
  types 1-27, so the two-part type 5 reports count too); messages libais rejects are not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
T_START = 1_700_000_000

ENV_1CORE = {"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
             "POLARS_MAX_THREADS": "1", "RAYON_NUM_THREADS": "1"}


# ---------------------------------------------------------------------------------- corpus
def _armor(v: np.ndarray) -> np.ndarray:
    """6-bit values -> AIS payload characters (ITU-R M.1371 armouring)."""
    return np.where(v < 40, v + 48, v + 56).astype(np.uint8)


def _put(bits: np.ndarray, off: int, width: int, vals: np.ndarray) -> None:
    vals = np.asarray(vals, dtype=np.int64) & ((1 << width) - 1)
    shifts = np.arange(width - 1, -1, -1, dtype=np.int64)
    bits[:, off:off + width] = ((vals[:, None] >> shifts) & 1).astype(np.uint8)


def _xor_rows(m: np.ndarray) -> np.ndarray:
    return np.bitwise_xor.reduce(m, axis=1)


def _hex2(v: np.ndarray) -> np.ndarray:
    digits = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
    return np.stack([digits[v >> 4], digits[v & 15]], axis=1)


def _bytes_matrix(parts: list) -> np.ndarray:
    """Concatenate per-row byte matrices / constant byte strings into one matrix."""
    n = next(p.shape[0] for p in parts if isinstance(p, np.ndarray))
    cols = [p if isinstance(p, np.ndarray) else np.tile(np.frombuffer(p, np.uint8), (n, 1)) for p in parts]
    return np.concatenate(cols, axis=1)


def _digits(v: np.ndarray, width: int) -> np.ndarray:
    v = np.asarray(v, dtype=np.int64)
    p = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((v[:, None] // p) % 10 + 48).astype(np.uint8)


def position_lines(rng: np.random.Generator, n: int, t: np.ndarray) -> list[bytes]:
    """n class A (1/2/3) and class B (18) reports, tag-blocked (90 %) or trailing-epoch lines."""
    bits = np.zeros((n, 168), np.uint8)
    mtype = rng.choice([1, 1, 1, 3, 3, 2, 18, 18], size=n)
    mmsi = rng.integers(200_000_000, 780_000_000, n)
    _put(bits, 0, 6, mtype)
    _put(bits, 8, 30, mmsi)
    lon = (rng.uniform(-6, 36, n) * 600000).astype(np.int64)
    lat = (rng.uniform(30, 46, n) * 600000).astype(np.int64)
    sog = rng.integers(0, 300, n)
    cog = rng.integers(0, 3600, n)
    hdg = np.where(rng.random(n) < 0.1, 511, rng.integers(0, 360, n))
    sec = rng.integers(0, 60, n)
    a = mtype != 18
    b = ~a
    ba, bb = bits[a], bits[b]
    na, nb = int(a.sum()), int(b.sum())
    _put(ba, 38, 4, rng.integers(0, 9, na))
    _put(ba, 42, 8, rng.integers(-20, 20, na))
    _put(ba, 50, 10, sog[a])
    _put(ba, 61, 28, lon[a])
    _put(ba, 89, 27, lat[a])
    _put(ba, 116, 12, cog[a])
    _put(ba, 128, 9, hdg[a])
    _put(ba, 137, 6, sec[a])
    _put(bb, 46, 10, sog[b])
    _put(bb, 57, 28, lon[b])
    _put(bb, 85, 27, lat[b])
    _put(bb, 112, 12, cog[b])
    _put(bb, 124, 9, hdg[b])
    _put(bb, 133, 6, sec[b])
    bits[a], bits[b] = ba, bb
    six = bits.reshape(n, 28, 6) @ (1 << np.arange(5, -1, -1))
    payload = _armor(six)
    chan = np.where(rng.random(n) < 0.5, ord("A"), ord("B")).astype(np.uint8)[:, None]
    body = _bytes_matrix([b"AIVDM,1,1,,", chan, b",", payload, b",0"])
    sent = _bytes_matrix([b"!", body, b"*", _hex2(_xor_rows(body))])
    station = _digits(rng.integers(0, 100, n), 2)
    tagbody = _bytes_matrix([b"s:r", station, b",c:", _digits(t, 10)])
    tagged = _bytes_matrix([b"\\", tagbody, b"*", _hex2(_xor_rows(tagbody)), b"\\", sent])
    trailing = _bytes_matrix([sent, b",b003669710,", _digits(t, 10)])
    use_tag = rng.random(n) < 0.9
    return [(tagged[i] if use_tag[i] else trailing[i]).tobytes() for i in range(n)]


def _checksum(s: str) -> int:
    c = 0
    for ch in s.encode():
        c ^= ch
    return c


def _tag(body: str) -> str:
    return f"\\{body}*{_checksum(body):02X}\\"


def pool(seed: int, size: int) -> dict[int, list[list[str]]]:
    """Sentences of the other types, encoded by pyais from random but valid field values."""
    import pyais

    r = np.random.default_rng(seed)
    out: dict[int, list[list[str]]] = {}
    names = ["EVER GIVEN", "MSC OSCAR", "AURORA", "SEA STAR 7", "PELAGOS", "LAMPEDUSA", "TRITON", "MARE NOSTRUM"]
    for t in (5, 24, 19, 21, 27, 4):
        out[t] = []
        for i in range(size):
            d = {"msg_type": t, "mmsi": int(r.integers(200_000_000, 780_000_000)), "lat": float(r.uniform(30, 46)),
                 "lon": float(r.uniform(-6, 36)), "speed": float(r.uniform(0, 30)), "course": float(r.uniform(0, 359)),
                 "shipname": names[i % len(names)] + f" {i}", "callsign": f"C{i % 9999:04d}",
                 "destination": "VALLETTA", "ship_type": int(r.choice([30, 52, 70, 80, 36])), "imo": 9_000_000 + i,
                 "to_bow": 100, "to_stern": 20, "to_port": 10, "to_starboard": 12, "draught": 7.5,
                 "month": 6, "day": 14, "hour": 12, "minute": 30, "partno": i % 2, "name": names[i % len(names)],
                 "aid_type": 1, "year": 2024, "status": 0}
            if t == 27:
                d.update(speed=int(r.integers(0, 40)), course=int(r.integers(0, 360)))
            out[t].append(pyais.encode_dict(d, radio_channel="AB"[i % 2], seq_id=i % 10))
    return out


def make_corpus(path: Path, messages: int, seed: int = 42) -> dict:
    """Write the benchmark corpus; returns what it holds."""
    rng = np.random.default_rng(seed)
    n_pos = int(messages * 0.80)
    n_other = messages - n_pos
    shares = {5: 0.35, 24: 0.25, 19: 0.08, 21: 0.07, 27: 0.12, 4: 0.13}
    t_msg = T_START + np.sort(rng.integers(0, 86400, messages))
    items: list[bytes] = position_lines(rng, n_pos, t_msg[:n_pos])
    pl = pool(seed, 500)
    k = n_pos
    gid = 0
    for t, share in shares.items():
        cnt = int(round(n_other * share)) if t != 4 else messages - k
        picks = rng.integers(0, len(pl[t]), cnt)
        for j in range(cnt):
            sents = pl[t][picks[j]]
            ts = int(t_msg[k])
            k += 1
            st = f"s:r{j % 100:02d}"
            if len(sents) == 1:
                items.append((_tag(f"{st},c:{ts}") + sents[0]).encode())
            else:
                gid += 1
                lines = [_tag(f"{st},c:{ts},g:{i + 1}-{len(sents)}-{gid}") if i == 0 else
                         _tag(f"g:{i + 1}-{len(sents)}-{gid}") for i in range(len(sents))]
                items.append("\n".join(a + s for a, s in zip(lines, sents)).encode())
    # corrupt / non-AIS lines: about 3 % of the lines
    n_bad = int(messages * 0.03)
    bad = []
    base = [x for x in items[:2000] if b"\n" not in x]
    for j in range(n_bad):
        x = base[j % len(base)]
        kind = j % 5
        if kind == 0:  # bad checksum
            bad.append(x[:-2] + (b"00" if x[-2:] != b"00" else b"01"))
        elif kind == 1:  # truncated
            bad.append(x[: len(x) // 2])
        elif kind == 2:
            bad.append(b"$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A")
        elif kind == 3:
            body = "AIVDM,1,1,,A,,0"
            bad.append(f"{_tag(f'c:{T_START}')}!{body}*{_checksum(body):02X}".encode())
        else:
            bad.append(b"$BSALR,123519,006,A,V,AIS: general failure*5C")
    items.extend(bad)
    order = rng.permutation(len(items))
    with open(path, "wb") as f:
        for chunk in range(0, len(order), 100_000):
            f.write(b"\n".join(items[i] for i in order[chunk:chunk + 100_000]) + b"\n")
    return {"messages": messages, "bad_lines": n_bad, "bytes": path.stat().st_size}


# ---------------------------------------------------------------------------------- contenders
PIN = "import os\ntry:\n    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})\nexcept Exception:\n    pass\n"
# peak RSS of the contender process itself (VmHWM: unlike ru_maxrss it does not carry the
# parent's high-water mark over exec)
FOOTER = ("import json\nhwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
          "rss = int(hwm[0].split()[1]) / 1024 if hwm else float('nan')\n"
          "print(json.dumps({'seconds': dt, 'messages': n, 'setup': setup, 'rss_mb': rss}))\n")

FAST = PIN + r"""
import sys, time
t0 = time.perf_counter()
import pyarrow as pa
pa.set_cpu_count(1); pa.set_io_thread_count(1)
from seasentry.ingest import fast
from seasentry.ingest.batch_store import iter_byte_blocks
fast.warm_up()  # load every compiled kernel (numba's disk cache) before the clock starts
setup = time.perf_counter() - t0
t = time.perf_counter()
n = pos = sta = oth = rej = 0
st = fast.FastState()
line = 1
with open(sys.argv[1], "rb") as f:
    for buf in iter_byte_blocks(f, 1 << 23):
        fb = fast.frame_and_decode(buf, line, st)
        line += fb.lines
        n += fb.n_messages; pos += fb.positions.num_rows; sta += fb.statics.num_rows
        oth += fb.other.num_rows; rej += fb.rejects.num_rows
fb = fast.flush(st)
rej += fb.rejects.num_rows
dt = time.perf_counter() - t
print("fast:", n, pos, sta, oth, rej, file=sys.stderr)
""" + FOOTER

REFERENCE = PIN + r"""
import sys, time
from unittest import mock
t0 = time.perf_counter()
from seasentry.ingest import pipeline
from seasentry.ingest.nmea import NmeaFramer
from seasentry.ingest.decode import PyaisDecoder
from seasentry.ingest.sources import iter_line_blocks
setup = time.perf_counter() - t0
kept = [0, 0]
def fake_store(store, pos, sta, oth, meta, good, rej, source_id, rep, is_csv=False):
    kept[0] += 0 if meta is None else meta.height
    kept[1] += len(rej["line_no"])
t = time.perf_counter()
fr = NmeaFramer()
dec = PyaisDecoder()
rep = pipeline.SourceReport("bench")
line = 1
with mock.patch.object(pipeline, "_store", fake_store), open(sys.argv[1], "rb") as f:
    for block in iter_line_blocks(f, 200_000):
        fb = fr.feed([pipeline._text(x) for x in block], line)
        line += len(block)
        pipeline._write_nmea(None, dec, fb, 0, rep)
    pipeline._write_nmea(None, dec, fr.flush(), 0, rep)
dt = time.perf_counter() - t
n = kept[0]
""" + FOOTER

PYAIS = PIN + r"""
import sys, time
t0 = time.perf_counter()
from pyais.stream import FileReaderStream
setup = time.perf_counter() - t0
t = time.perf_counter()
n = 0
for msg in FileReaderStream(sys.argv[1]):
    try:
        msg.decode()
        n += 1
    except Exception:
        pass
dt = time.perf_counter() - t
""" + FOOTER

LIBAIS = PIN + r"""
import sys, time
t0 = time.perf_counter()
import ais
setup = time.perf_counter() - t0
t = time.perf_counter()
n = 0
pending = {}
with open(sys.argv[1], "rb") as f:
    for line in f:
        i = line.find(b"!")
        if i < 0:
            continue
        star = line.find(b"*", i)
        if star < 0:
            continue
        p = line[i:star].split(b",")
        if len(p) != 7 or not (p[1].isdigit() and p[2].isdigit() and p[6].isdigit()):
            continue
        cnt, num = int(p[1]), int(p[2])
        if cnt == 1:
            payload = p[5]
        else:
            key = (p[3], p[4], cnt)
            parts = pending.setdefault(key, {})
            parts[num] = p[5]
            if len(parts) < cnt:
                continue
            del pending[key]
            payload = b"".join(parts[k] for k in sorted(parts))
        try:
            ais.decode(payload.decode("ascii"), int(p[6]))
            n += 1
        except Exception:
            pass
dt = time.perf_counter() - t
""" + FOOTER


def run(code: str, corpus: Path) -> dict:
    env = dict(os.environ) | ENV_1CORE
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=1_000_000, help="messages in the generated corpus")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=1, help="runs per contender (best and spread are shown)")
    ap.add_argument("--corpus", type=Path, default=None, help="use this NMEA file instead of generating one")
    ap.add_argument("--corpus-out", type=Path, default=None, help="keep the generated corpus here")
    ap.add_argument("--skip", nargs="*", default=[], choices=["reference", "pyais", "libais"])
    ap.add_argument("--generate-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate_only:
        print(json.dumps(make_corpus(args.generate_only, args.messages, args.seed)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or args.corpus_out or Path(tmp) / "corpus.nmea"
        if args.corpus is None:
            t = time.perf_counter()
            # generated in a child process so that this one stays small while the contenders run
            p = subprocess.run([sys.executable, __file__, "--generate-only", str(corpus), "--messages",
                                str(args.messages), "--seed", str(args.seed)], capture_output=True, text=True, check=True)
            info = json.loads(p.stdout.strip().splitlines()[-1])
            print(f"corpus: {info['messages']:,} messages + {info['bad_lines']:,} corrupt lines, "
                  f"{info['bytes'] / 1e6:.1f} MB, generated in {time.perf_counter() - t:.1f} s (seed {args.seed})")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpu, each contender pinned to 1 cpu, "
              f"{args.repeat} run(s) each")
        contenders = [("seasentry fast (frame+decode+clean -> Arrow)", FAST)]
        if "reference" not in args.skip:
            contenders.append(("seasentry reference (NmeaFramer+pyais+clean)", REFERENCE))
        if "pyais" not in args.skip:
            contenders.append(("pyais FileReaderStream (decode only)", PYAIS))
        if "libais" not in args.skip:
            try:
                import ais  # noqa: F401
                contenders.append(("libais ais.decode (+ multipart assembly)", LIBAIS))
            except ImportError:
                contenders.append(("libais", None))
        # round robin (fast, reference, pyais, fast, ...): each round sees about the same load on a
        # shared machine
        results = [(name, [{"error": "not installed"}] if code is None else []) for name, code in contenders]
        for _ in range(args.repeat):
            for (name, code), (_, runs) in zip(contenders, results):
                if code is not None:
                    runs.append(run(code, corpus))
    rates = {}
    for name, runs in results:
        ok = [r for r in runs if "error" not in r]
        if ok:
            rates[name] = [r["messages"] / r["seconds"] for r in ok]
    pyais_best = max(next((v for k, v in rates.items() if k.startswith("pyais")), [0]) or [0])
    print(f"\n| {'contender':46} | {'messages':>9} | {'best s':>6} | {'best msg/s':>10} | {'spread msg/s':>19} "
          f"| {'vs pyais':>8} | {'peak RSS MB':>11} | {'setup s':>7} |")
    print(f"|{'-' * 48}|{'-' * 11}|{'-' * 8}|{'-' * 12}|{'-' * 21}|{'-' * 10}|{'-' * 13}|{'-' * 9}|")
    for name, runs in results:
        ok = [r for r in runs if "error" not in r]
        if not ok:
            print(f"| {name:46} | {runs[0]['error']} |")
            continue
        best = max(ok, key=lambda r: r["messages"] / r["seconds"])
        rs = rates[name]
        spread = f"{min(rs):,.0f}-{max(rs):,.0f}" if len(rs) > 1 else "-"
        ratio = f"{max(rs) / pyais_best:.1f}x" if pyais_best else "-"
        print(f"| {name:46} | {best['messages']:>9,} | {best['seconds']:>6.2f} | {max(rs):>10,.0f} | {spread:>19} "
              f"| {ratio:>8} | {max(r['rss_mb'] for r in ok):>11.0f} | {best['setup']:>7.2f} |")
    if len(rates) > 1 and rates.get(contenders[0][0]):
        print(f"\nstdev of the fast path over {len(rates[contenders[0][0]])} run(s): "
              f"{statistics.pstdev(rates[contenders[0][0]]):,.0f} msg/s")


if __name__ == "__main__":
    main()
