"""From messages to the lines of a receiver network's log, with realistic, labelled noise.

Reception: each message is heard by the nearest terrestrial station in range (``routes.STATIONS``),
else by satellite ("SAT", delivered 1-15 minutes late in batches). Messages given a ``c_override``
time are heard only by the satellite receiver ``SAT-COLLECT``, which stamps them with that time
(a collection/downlink time, minutes to an hour and a half after they were sent). With
``noise=True``:

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
from .nmea import HEX, checksum, tag_blocks_vec, xor_strings

SAT = "SAT-EXACT"
#: a satellite receiver whose ``c:`` times are collection (downlink) times, not reception times
SAT_COLLECT = "SAT-COLLECT"
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
    over = np.asarray(msgs.get("c_override", np.full(n, -1)), dtype=np.int64)
    collect = over >= 0
    st1 = np.where(collect, SAT_COLLECT, st1)
    st2 = np.where(collect, "", st2)
    is_sat = (st1 == SAT) | collect
    # copies: (message index, station, c: epoch, arrival)
    idx = np.arange(n)
    station = st1.astype(object)
    c_ep = np.where(collect, over, ts)
    if noise:
        lat_ms = rng.uniform(0, 0.9, n)
        sat_delay = rng.uniform(60, 900, n)
        arrival = np.where(collect, over.astype(np.float64), ts + np.where(is_sat, sat_delay, lat_ms))
        dup = (st2 != "") & (rng.random(n) < DUP_P)
        d_idx = idx[dup]
        d_c = ts[dup] + rng.integers(0, 3, d_idx.size)
        idx = np.concatenate([idx, d_idx])
        station = np.concatenate([station, st2[dup]])
        c_ep = np.concatenate([c_ep, d_c])
        arrival = np.concatenate([arrival, d_c + rng.uniform(0, 0.9, d_idx.size)])
    else:
        arrival = c_ep.astype(np.float64)
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
    m = idx.size
    single_k = single[idx]
    nparts = np.ones(m, dtype=np.int64)
    multi_k = np.flatnonzero(~single_k)
    nparts[multi_k] = [len(multi[i]) for i in idx[multi_k]]
    corrupt = np.zeros(m, dtype=bool)
    foreign = np.zeros(m, dtype=bool)
    if noise:
        corrupt = (rng.random(m) < CORRUPT_P) & single_k
        foreign = rng.random(m) < 2 * FOREIGN_P
    # line slots: [foreign line] then the message's sentence(s), for each copy in arrival order
    first = np.cumsum(np.concatenate([[0], (foreign + nparts)[:-1]])) + foreign
    total = int((foreign + nparts).sum())
    out = np.empty(total, dtype=object)
    manifest: list[dict] = []
    # single-sentence copies (vectorised)
    sk = np.flatnonzero(single_k)
    tbs = np.array(tag_blocks_vec(station[sk], c_ep[sk]), dtype=object)
    out[first[sk]] = tbs + sentence[idx[sk]]
    for k in np.flatnonzero(corrupt):
        i = idx[k]
        kind = "bad_checksum" if rng.random() < 0.6 else "truncated"
        line = out[first[k]]
        tb_end = line.index("\\", 1) + 1
        out[first[k]] = line[:tb_end] + _damage(line[tb_end:], kind, rng)
        manifest.append(dict(line=int(first[k]) + 1, kind=kind, mmsi=int(mmsi[i]), ts=int(ts[i])))
    # multipart copies: g:<part>-<count>-<group id> tag blocks, s: and c: on the first part
    gids = gid_start + np.arange(multi_k.size)
    for j in range(1, int(nparts.max()) + 1 if multi_k.size else 1):
        sel = multi_k[nparts[multi_k] >= j]
        g = gids[nparts[multi_k] >= j]
        if sel.size == 0:
            continue
        cnt = nparts[sel]
        if j == 1:
            bodies = [f"g:1-{c}-{gg},s:{st},c:{ce}" for c, gg, st, ce in
                      zip(cnt.tolist(), g.tolist(), station[sel], c_ep[sel].tolist())]
        else:
            bodies = [f"g:{j}-{c}-{gg}" for c, gg in zip(cnt.tolist(), g.tolist())]
        cs = xor_strings(bodies)
        parts = [multi[i][j - 1] for i in idx[sel]]
        out[first[sel] + (j - 1)] = [f"\\{b}*{HEX[c]}\\{p}" for b, c, p in zip(bodies, cs.tolist(), parts)]
    gid = int(gid_start + multi_k.size)
    for k in np.flatnonzero(foreign):
        i = idx[k]
        if rng.random() < 0.5:
            out[first[k] - 1] = _gprmc(int(c_ep[k]), float(msgs["lat"][i]), float(msgs["lon"][i]))
            manifest.append(dict(line=int(first[k]), kind="gprmc", mmsi=None, ts=int(c_ep[k])))
        else:
            out[first[k] - 1] = _JUNK[int(rng.integers(len(_JUNK)))]
            manifest.append(dict(line=int(first[k]), kind="junk", mmsi=None, ts=int(c_ep[k])))
    manifest.sort(key=lambda x: x["line"])
    lines = out.tolist()
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
