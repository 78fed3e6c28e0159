"""From messages to the lines of a receiver network's log, with realistic, labelled noise.

Reception: each message is heard by the nearest terrestrial station in range (``routes.STATIONS``),
else by satellite ("SAT", delivered 1-15 minutes late in batches). With ``noise=True``:

* duplicates: a message within range of two stations is also logged by the second one in 15 % of
  cases, with its own ``s:`` and a ``c:`` 0-2 s later (same sentence, different tag block);
* out-of-order arrival: satellite lines arrive late; 2 % of lines swap with a line up to 8 places on;
* corrupt lines (0.3 %): a payload character changed without fixing the checksum (``bad_checksum``)
  or the sentence cut short (``truncated``); plus foreign lines: junk text and ``$GPRMC`` fixes
  from a receiver's GPS (``junk``, ``gprmc``), about 0.1 % of lines each.

Every altered or inserted line is listed in the noise manifest (1-based line number, kind, and the
message it damaged), so tests can tell intended corruption from bugs.
"""

from __future__ import annotations

import numpy as np

from . import routes as R
from .geography import project
from .nmea import checksum, tag_block, tag_blocks_vec

SAT = "SAT-EXACT"
DUP_P = 0.15
SWAP_P = 0.02
CORRUPT_P = 0.003
FOREIGN_P = 0.001


def stations_for(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest and second-nearest station in range per point ('' when none)."""
    names = np.array([s[0] for s in R.STATIONS], dtype=object)
    sx, sy = project(np.array([s[1] for s in R.STATIONS]), np.array([s[2] for s in R.STATIONS]))
    rng_m = np.array([s[3] for s in R.STATIONS]) * 1852.0
    x, y = project(lat, lon)
    first = np.full(lat.size, "", dtype=object)
    second = np.full(lat.size, "", dtype=object)
    step = 50_000
    for s in range(0, lat.size, step):
        d = np.hypot(x[s:s + step, None] - sx[None, :], y[s:s + step, None] - sy[None, :])
        d = np.where(d <= rng_m[None, :], d, np.inf)
        order = np.argsort(d, axis=1)
        i1, i2 = order[:, 0], order[:, 1]
        r = np.arange(i1.size)
        first[s:s + step] = np.where(np.isfinite(d[r, i1]), names[i1], "")
        second[s:s + step] = np.where(np.isfinite(d[r, i2]), names[i2], "")
    return first, second


def _gprmc(epoch: int, lat: float, lon: float) -> str:
    import datetime as dt
    t = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    la = f"{int(abs(lat)):02d}{(abs(lat) % 1) * 60:07.4f}"
    lo = f"{int(abs(lon)):03d}{(abs(lon) % 1) * 60:07.4f}"
    body = (f"GPRMC,{t:%H%M%S}.00,A,{la},{'N' if lat >= 0 else 'S'},{lo},{'E' if lon >= 0 else 'W'},"
            f"0.0,0.0,{t:%d%m%y},,,A")
    return f"${body}*{checksum(body)}"


_JUNK = ["", "# receiver restarted", "AIVDM", "!AIVDM,1,1,,A,", "\x00\x00\x00", "ERROR: buffer overflow",
         "!AIVDM,1,1,,B,1@@@@@@@@@@@@@@@@@@@@@@@@@@@,0*00", "$PSTT,10A,0,0*11", "\\s:MT-DINGLI*00\\"]


def assemble(msgs: dict, noise: bool, rng: np.random.Generator, gid_start: int = 1) -> tuple[list[str], list[dict], dict]:
    """Turn messages into log lines.

    ``msgs``: dict of equal-length arrays ``ts`` (int epoch s), ``lat``, ``lon`` (where the sender
    is, for reception), ``mmsi``, ``sentences`` (object array of lists of NMEA sentences) and
    ``single`` (bool, one sentence) and ``sentence`` (str for single ones, vectorised fast path).
    Returns the lines, the noise manifest and counts (duplicates, swaps, satellite, gid_next).
    """
    ts = np.asarray(msgs["ts"], dtype=np.int64)
    n = ts.size
    st1, st2 = stations_for(np.asarray(msgs["lat"]), np.asarray(msgs["lon"]))
    st1 = np.where(st1 == "", SAT, st1)
    is_sat = st1 == SAT
    # copies: (message index, station, c: epoch, arrival)
    idx = np.arange(n)
    station = st1.astype(object)
    c_ep = ts.copy()
    if noise:
        lat_ms = rng.uniform(0, 0.9, n)
        sat_delay = rng.uniform(60, 900, n)
        arrival = ts + np.where(is_sat, sat_delay, lat_ms)
        dup = (st2 != "") & (rng.random(n) < DUP_P)
        d_idx = idx[dup]
        d_c = ts[dup] + rng.integers(0, 3, d_idx.size)
        idx = np.concatenate([idx, d_idx])
        station = np.concatenate([station, st2[dup]])
        c_ep = np.concatenate([c_ep, d_c])
        arrival = np.concatenate([arrival, d_c + rng.uniform(0, 0.9, d_idx.size)])
    else:
        arrival = ts.astype(np.float64)
    order = np.argsort(arrival, kind="stable")
    idx, station, c_ep = idx[order], station[order], c_ep[order]
    swap = np.zeros(0, dtype=np.int64)
    if noise:  # local out-of-order arrival
        m = idx.size
        swap = np.flatnonzero(rng.random(m) < SWAP_P)
        for i in swap:
            j = min(m - 1, i + int(rng.integers(1, 9)))
            idx[i], idx[j] = idx[j], idx[i]
            station[i], station[j] = station[j], station[i]
            c_ep[i], c_ep[j] = c_ep[j], c_ep[i]
    single = np.asarray(msgs["single"], dtype=bool)
    sentence = msgs["sentence"]
    multi = msgs["sentences"]
    mmsi = np.asarray(msgs["mmsi"], dtype=np.int64)
    # single-sentence lines: vectorised tag blocks
    tbs = tag_blocks_vec(station, c_ep)
    lines: list[str] = []
    manifest: list[dict] = []
    gid = gid_start
    corrupt = np.zeros(idx.size, dtype=bool)
    foreign = np.zeros(idx.size, dtype=bool)
    if noise:
        corrupt = (rng.random(idx.size) < CORRUPT_P) & single[idx]
        foreign = rng.random(idx.size) < 2 * FOREIGN_P
    for k in range(idx.size):
        i = idx[k]
        if foreign[k]:
            if rng.random() < 0.5:
                lines.append(_gprmc(int(c_ep[k]), float(msgs["lat"][i]), float(msgs["lon"][i])))
                manifest.append(dict(line=len(lines), kind="gprmc", mmsi=None, ts=int(c_ep[k])))
            else:
                lines.append(_JUNK[int(rng.integers(len(_JUNK)))])
                manifest.append(dict(line=len(lines), kind="junk", mmsi=None, ts=int(c_ep[k])))
        if single[i]:
            s = sentence[i]
            if corrupt[k]:
                kind = "bad_checksum" if rng.random() < 0.6 else "truncated"
                s = _damage(s, kind, rng)
                manifest.append(dict(line=len(lines) + 1, kind=kind, mmsi=int(mmsi[i]), ts=int(ts[i])))
            lines.append(tbs[k] + s)
        else:
            parts = multi[i]
            cnt = len(parts)
            for j, part in enumerate(parts, start=1):
                g = f"{j}-{cnt}-{gid}"
                tb = tag_block(station[k], int(c_ep[k]), g) if j == 1 else tag_block(None, None, g)
                lines.append(tb + part)
            gid += 1
    stats = dict(duplicates=int(idx.size - n), swaps=int(swap.size), satellite=int(is_sat.sum()), gid_next=gid)
    return lines, manifest, stats


def _damage(s: str, kind: str, rng: np.random.Generator) -> str:
    f = s.split(",")
    pay = f[5]
    if kind == "bad_checksum":
        pos = int(rng.integers(len(pay)))
        alphabet = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw"
        c = pay[pos]
        new = alphabet[(alphabet.index(c) + 1 + int(rng.integers(60))) % len(alphabet)] if c in alphabet else "0"
        if new == c:
            new = "1" if c != "1" else "2"
        f[5] = pay[:pos] + new + pay[pos + 1:]
        return ",".join(f)
    cut = int(rng.integers(5, len(pay) - 5))
    return s[: s.index(pay) + cut]
