"""NMEA 0183 / AIS encoding and tag blocks.

* Static, voyage and base-station messages (types 4, 5, 24) are encoded with pyais's encoder
  (``pyais.encode_dict``); identical static content is encoded once and cached.
* Position reports (types 1 and 18), which are >95 % of the volume, go through
  :func:`encode_positions`, a NumPy bit packer for the same ITU-R M.1371-5 layouts (tables 46 and
  70). ``tests/test_scenario.py`` checks it produces byte-identical sentences to
  ``pyais.encode_dict`` (field conversions copied from pyais: ``round(deg*600000)``,
  ``int(kn*10)``, ``int(deg*10)``), so the fast path cannot drift from the reference encoder.
* Tag blocks (NMEA 4.10 / IEC 61162-1 ``\\s:station,c:epoch*hh\\``, with ``g:n-m-id`` sentence
  groups for multipart messages) are written here with their XOR checksums.
"""

from __future__ import annotations

from functools import lru_cache, reduce

import numpy as np
from pyais import encode_dict


def checksum(body: str) -> str:
    """NMEA XOR checksum of ``body`` (text between the start char and ``*``), two hex digits."""
    b = np.frombuffer(body.encode("ascii", "replace"), dtype=np.uint8)
    return _HEX[int(np.bitwise_xor.reduce(b)) if b.size else 0]


_HEX = [f"{i:02X}" for i in range(256)]
HEX = _HEX


def xor_strings(strings) -> np.ndarray:
    """NMEA XOR checksum (as uint8) of many ASCII strings at once."""
    if len(strings) == 0:
        return np.zeros(0, dtype=np.uint8)
    a = np.array(strings, dtype="S")
    w = a.dtype.itemsize
    return np.bitwise_xor.reduce(np.frombuffer(a.tobytes(), dtype=np.uint8).reshape(a.size, w), axis=1)


def tag_block(station: str | None = None, epoch: int | None = None, group: str | None = None) -> str:
    """``\\g:..,s:..,c:..*hh\\`` with a correct checksum (fields in the order AMSA feeds use)."""
    parts = []
    if group:
        parts.append(f"g:{group}")
    if station:
        parts.append(f"s:{station}")
    if epoch is not None:
        parts.append(f"c:{int(epoch)}")
    body = ",".join(parts)
    return f"\\{body}*{checksum(body)}\\"


def _xor_rows(a: np.ndarray) -> np.ndarray:
    return np.bitwise_xor.reduce(a, axis=1) if a.shape[1] else np.zeros(a.shape[0], np.uint8)


def tag_blocks_vec(stations: np.ndarray, epochs: np.ndarray) -> list[str]:
    """Vectorised ``\\s:<station>,c:<epoch>*hh\\`` for many lines (epochs: 10-digit seconds)."""
    n = len(epochs)
    if n == 0:
        return []
    ep = np.asarray(epochs, dtype=np.int64)
    digits = np.char.encode(ep.astype(str)).astype("S12")
    dig_arr = np.frombuffer(digits.tobytes(), dtype=np.uint8).reshape(n, 12)
    cs_ep = _xor_rows(dig_arr)  # NUL padding xors as 0
    st = np.asarray(stations, dtype=object)
    uniq, inv = np.unique(st.astype(str), return_inverse=True)
    cs_st = np.array([reduce(lambda a, c: a ^ c, f"s:{u},c:".encode(), 0) for u in uniq], dtype=np.uint8)
    cs = cs_st[inv] ^ cs_ep
    hexes = np.array([f"{i:02X}" for i in range(256)])
    return [f"\\s:{s},c:{e}*{h}\\" for s, e, h in zip(st, ep.tolist(), hexes[cs])]


# --- vectorised type 1 / 18 encoder ---------------------------------------------------------------

def _pack6(fields: list[tuple[np.ndarray, int]], n: int) -> np.ndarray:
    """Pack (values, width) fields MSB-first and return the (n, bits/6) six-bit values.

    The bit string is held in 42-bit words (7 six-bit characters each), so every operation is a
    shift or mask on a uint64 column.
    """
    total = sum(w for _, w in fields)
    nwords = -(-total // 42)
    words = np.zeros((nwords, n), dtype=np.uint64)
    off = 0
    for vals, w in fields:
        v = (np.asarray(vals, dtype=np.int64) & ((1 << w) - 1)).astype(np.uint64)
        a, end = off, off + w
        while a < end:
            wi = a // 42
            b = min(end, (wi + 1) * 42)
            part = (v >> np.uint64(end - b)) & np.uint64((1 << (b - a)) - 1)
            words[wi] |= part << np.uint64((wi + 1) * 42 - b)
            a = b
        off += w
    out = np.empty((n, nwords * 7), dtype=np.uint8)
    for wi in range(nwords):
        for c in range(7):
            out[:, wi * 7 + c] = ((words[wi] >> np.uint64(36 - 6 * c)) & np.uint64(63)).astype(np.uint8)
    return out[:, : total // 6]


def _armor6(vals: np.ndarray) -> np.ndarray:
    """Six-bit values -> AIS ASCII armour (ITU-R M.1371 / IEC 61162-1 6-bit encapsulation)."""
    ch = vals + 48
    return np.where(ch > 87, ch + 8, ch).astype(np.uint8)


def position_fields(lat, lon, sog, cog):
    """Integer AIS fields exactly as pyais computes them: (lat_i, lon_i, speed_i, course_i)."""
    lat_i = np.round(np.asarray(lat, float) * 600000.0).astype(np.int64)
    lon_i = np.round(np.asarray(lon, float) * 600000.0).astype(np.int64)
    spd_i = np.trunc(np.asarray(sog, float) * 10.0).astype(np.int64)
    crs_i = np.trunc(np.asarray(cog, float) * 10.0).astype(np.int64)
    return lat_i, lon_i, spd_i, crs_i


def encode_positions(msg_type, mmsi, lat, lon, sog, cog, heading, second, status, channel) -> list[str]:
    """Encode class A (1) and class B (18) position reports as single ``!AIVDM`` sentences.

    Arguments are equal-length arrays; lat/lon/sog/cog must already be on the AIS grid
    (see :func:`quantise`). Turn is 'not available' (-128), RAIM/radio 0; class B sets cs=1.
    """
    mt = np.asarray(msg_type, dtype=np.int64)
    n = mt.size
    if n == 0:
        return []
    lat_i, lon_i, spd_i, crs_i = position_fields(lat, lon, sog, cog)
    mm = np.asarray(mmsi, dtype=np.int64)
    hd = np.asarray(heading, dtype=np.int64)
    sec = np.asarray(second, dtype=np.int64)
    st = np.asarray(status, dtype=np.int64)
    is_b = mt == 18
    pay = np.zeros((n, 28), dtype=np.uint8)
    for sel, layout in ((np.flatnonzero(~is_b), 1), (np.flatnonzero(is_b), 18)):
        k = sel.size
        if k == 0:
            continue
        z = np.zeros(k, dtype=np.int64)
        if layout == 1:  # type 1 layout (ITU-R M.1371-5 table 46); maneuver 0 = not available
            f = [(mt[sel], 6), (z, 2), (mm[sel], 30), (st[sel], 4), (np.full(k, -128), 8), (spd_i[sel], 10),
                 (z, 1), (lon_i[sel], 28), (lat_i[sel], 27), (crs_i[sel], 12), (hd[sel], 9), (sec[sel], 6),
                 (z, 2), (z, 3), (z, 1), (z, 19)]
        else:  # type 18 layout (table 70): 8 reserved bits, cs flag = 1, radio 20 bits
            f = [(mt[sel], 6), (z, 2), (mm[sel], 30), (z, 8), (spd_i[sel], 10), (z, 1), (lon_i[sel], 28),
                 (lat_i[sel], 27), (crs_i[sel], 12), (hd[sel], 9), (sec[sel], 6), (z, 2),
                 (np.ones(k, dtype=np.int64), 1), (z, 1), (z, 1), (z, 1), (z, 1), (z, 1), (z, 1), (z, 20)]
        pay[sel] = _armor6(_pack6(f, k))
    chan = np.frombuffer(np.asarray(channel).astype("S1").tobytes(), dtype=np.uint8)
    # fixed-width sentence "!AIVDM,1,1,,<ch>,<28 payload chars>,0*<hh>" (47 bytes)
    head = reduce(lambda a, c: a ^ c, b"AIVDM,1,1,,,,0", 0)
    cs = head ^ chan ^ np.bitwise_xor.reduce(pay, axis=1)
    hexb = np.frombuffer("".join(_HEX).encode(), dtype=np.uint8).reshape(256, 2)
    buf = np.empty((n, 47), dtype=np.uint8)
    buf[:, :12] = np.frombuffer(b"!AIVDM,1,1,,", dtype=np.uint8)
    buf[:, 12] = chan
    buf[:, 13] = ord(",")
    buf[:, 14:42] = pay
    buf[:, 42:45] = np.frombuffer(b",0*", dtype=np.uint8)
    buf[:, 45:47] = hexb[cs]
    return buf.view("S47").ravel().astype("U47").tolist()


def quantise(lat, lon, sog, cog):
    """Values as a decoder will read them back (AIS resolution), for the truth table."""
    lat_i, lon_i, spd_i, crs_i = position_fields(lat, lon, sog, cog)
    return lat_i / 600000.0, lon_i / 600000.0, spd_i / 10.0, crs_i / 10.0


# --- statics and base stations (pyais) ------------------------------------------------------------

class StaticEncoder:
    """Type 5 and type 24 sentences via ``pyais.encode_dict``, cached by content."""

    def __init__(self):
        self._cache: dict = {}

    def type5(self, mmsi: int, ident, eta: tuple[int, int, int, int], name_override: str | None = None,
              channel: str = "A") -> list[str]:
        key = (5, mmsi, ident, eta, name_override, channel)
        hit = self._cache.get(key)
        if hit is None:
            d = dict(type=5, mmsi=mmsi, ais_version=0, imo=ident.imo or 0, callsign=ident.callsign,
                     shipname=name_override if name_override is not None else ident.name,
                     ship_type=ident.ship_type, to_bow=ident.to_bow, to_stern=ident.to_stern,
                     to_port=ident.to_port, to_starboard=ident.to_starboard, epfd=1,
                     month=eta[0], day=eta[1], hour=eta[2], minute=eta[3], draught=ident.draught,
                     destination=ident.destination, dte=0)
            hit = encode_dict(d, talker_id="AI", sentence_type="VDM", radio_channel=channel, seq_id=0)
            self._cache[key] = hit
        return hit

    def type24(self, mmsi: int, ident, part: int, name_override: str | None = None,
               channel: str = "B") -> list[str]:
        key = (24, mmsi, ident, part, name_override, channel)
        hit = self._cache.get(key)
        if hit is None:
            if part == 0:
                d = dict(type=24, mmsi=mmsi, partno=0,
                         shipname=name_override if name_override is not None else ident.name)
            else:
                d = dict(type=24, mmsi=mmsi, partno=1, ship_type=ident.ship_type, vendorid="SRT",
                         callsign=ident.callsign, to_bow=ident.to_bow, to_stern=ident.to_stern,
                         to_port=ident.to_port, to_starboard=ident.to_starboard)
            hit = encode_dict(d, talker_id="AI", sentence_type="VDM", radio_channel=channel)
            self._cache[key] = hit
        return hit


def encode_base_station(mmsi: int, lat: float, lon: float, epoch: int, channel: str = "A") -> list[str]:
    """Type 4 base-station report carrying the UTC time of ``epoch``."""
    import datetime as dt
    t = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    d = dict(type=4, mmsi=mmsi, year=t.year, month=t.month, day=t.day, hour=t.hour, minute=t.minute,
             second=t.second, accuracy=1, lat=lat, lon=lon, epfd=7, raim=0, radio=0)
    return encode_dict(d, talker_id="AI", sentence_type="VDM", radio_channel=channel)


def with_seq_id(sentences: list[str], seq: int) -> list[str]:
    """Set the sequential message id of a multipart message (recomputing checksums)."""
    return list(_with_seq_id(tuple(sentences), seq))


@lru_cache(maxsize=65536)
def _with_seq_id(sentences: tuple, seq: int) -> tuple:
    out = []
    for s in sentences:
        body = s[1:s.index("*")]
        f = body.split(",")
        if f[1] != "1":
            f[3] = str(seq)
        body = ",".join(f)
        out.append(f"!{body}*{checksum(body)}")
    return tuple(out)
