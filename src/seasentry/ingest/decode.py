"""Payload decoding behind a small interface.

A decoder turns armoured AIS payloads into columns. The pipeline only sees
:class:`Decoded` (columnar Python lists / Arrow arrays), so a faster decoder (vectorised
NumPy, compiled) can replace :class:`PyaisDecoder` without touching anything else; the
differential tests compare any decoder against pyais field by field.

Values are returned as broadcast (after the decoder's own scaling: knots, degrees); the
"not available" sentinels are turned into nulls afterwards in :mod:`seasentry.ingest.clean`
so every decoder shares one cleaning rule set.

Where pyais' conversions differ from ITU-R M.1371-5 the reference decoder reads the bits
itself (pyais' bit vector) and follows the Recommendation; the fast decoder does the same
(``tests/test_decode_spec.py`` holds both to a hand-checked table of the edge values):

* rate of turn (Annex 8 Table 48, message 1): :func:`rot_from_raw`;
* ship type (Table 53; messages 5 and 19): the broadcast code 0..255, not pyais' enum (which
  turns reserved codes into 0 and 66 into 65, 77 into 75);
* ETA (Table 47, message 5): the broadcast month, day, hour, minute (hour 0 and minute 0 are
  times; 24 and 60 mean not available);
* name of an aid to navigation (Table 84, message 21): :func:`aton_name`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

#: Minimum payload bit length per message type (ITU-R M.1371-5, Annex 8 message tables).
#: Type 5 is often sent with 420 instead of 424 bits (fill-bit off-by-two); accepted.
MIN_BITS = {1: 168, 2: 168, 3: 168, 4: 168, 5: 420, 9: 168, 18: 168, 19: 312, 21: 272, 24: 160, 27: 96}

POSITION_TYPES = frozenset({1, 2, 3, 4, 9, 18, 19, 21, 27})
STATIC_TYPES = frozenset({5, 19, 21, 24})
DECODED_TYPES = POSITION_TYPES | STATIC_TYPES


def payload_type(payload: str) -> int:
    """Message type from the first armoured character."""
    v = ord(payload[0]) - 48
    if v > 40:
        v -= 8
    return v


def payload_mmsi(payload: str) -> int | None:
    """MMSI (bits 8-37) of any AIS message, straight from the armoured payload."""
    if len(payload) < 7:
        return None
    bits = 0
    for ch in payload[:7]:
        v = ord(ch) - 48
        if v > 40:
            v -= 8
        bits = (bits << 6) | v
    return (bits >> 4) & 0x3FFFFFFF


@dataclass
class Decoded:
    """Columns produced by a decoder; ``*_idx`` map rows back to the input message index."""

    pos_idx: list[int] = field(default_factory=list)
    pos: dict[str, list] = field(default_factory=lambda: {k: [] for k in POS_COLS})
    sta_idx: list[int] = field(default_factory=list)
    sta: dict[str, list] = field(default_factory=lambda: {k: [] for k in STA_COLS})
    oth_idx: list[int] = field(default_factory=list)
    oth: dict[str, list] = field(default_factory=lambda: {k: [] for k in OTH_COLS})
    err_idx: list[int] = field(default_factory=list)
    err_reason: list[str] = field(default_factory=list)
    err_detail: list[str] = field(default_factory=list)


POS_COLS = ("mmsi", "lat", "lon", "sog", "cog", "heading", "nav_status", "rot", "accuracy", "second",
            "msg_type", "rot_raw")
STA_COLS = ("mmsi", "msg_type", "part", "imo", "callsign", "name", "ship_type", "dim_bow", "dim_stern",
            "dim_port", "dim_starboard", "draught", "destination", "eta")

#: The 6-bit character set of AIS text fields (ITU-R M.1371-5 Annex 8 Table 47): "@" (0) is the
#: padding / "not available" character.
SIXBIT = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?"
assert len(SIXBIT) == 64


def rot_from_raw(raw: int) -> float | None:
    """Rate of turn in degrees/min from ROT_AIS (ITU-R M.1371-5 Annex 8 Table 48, message 1).

    ROT_AIS = 4.733 * sqrt(ROT_sensor), rounded to the nearest integer, with the sign of the
    turn (+ right, - left), so ROT_sensor = (ROT_AIS / 4.733) ** 2: raw 1 is 0.0446 deg/min,
    raw 126 is 708.69 deg/min ("turning right at up to 708 deg per min or higher": 126 is also
    the value sent for any faster turn). The value is not rounded (pyais rounds it to whole
    degrees/min, which turns raw -3..3 into 0; libais returns it unrounded, as here).
    +127 / -127 (turning right / left at more than 5 deg per 30 s, no turn indicator) and -128
    (no turn information, the default) are flags, not rates: None (the broadcast value stays
    in ``rot_raw``)."""
    if raw <= -127 or raw >= 127:
        return None
    v = (raw / 4.733) ** 2
    return -v if raw < 0 else v


def aton_name(bits, nbits: int) -> str:
    """Name of an aid to navigation (message 21, ITU-R M.1371-5 Annex 8 Table 84).

    The name field is 20 characters (bits 43-162), "@" padded: the name ends at its first "@"
    (text after the padding is not part of it). Only a full 20-character name is continued by
    the "name of aid-to-navigation extension" (bit 272 on: "up to 14 additional 6-bit ASCII
    characters ... combined with the parameter 'Name of Aid-to-Navigation' at the end of that
    parameter, when more than 20 characters are needed"); the extension has as many whole
    characters as the bits after 272 hold (the 0-6 spare bits that pad the message to a byte
    boundary are not a character), ends at an "@" if one is sent, and keeps its leading space
    (a word boundary between the two parts). ``bits`` is a pyais bit vector."""
    name = "".join(SIXBIT[bits.get(43 + 6 * i, 6)] for i in range(20))
    at = name.find("@")
    if at >= 0:
        return name[:at].strip()
    n_ext = min(14, max(0, (nbits - 272) // 6))
    ext = "".join(SIXBIT[bits.get(272 + 6 * i, 6)] for i in range(n_ext))
    at = ext.find("@")
    if at >= 0:
        ext = ext[:at]
    return (name + ext).strip()


def eta_text(month: int, day: int, hour: int, minute: int) -> str:
    """ETA of message 5 as broadcast, "MM-DDTHH:MM" (ITU-R M.1371-5 Annex 8 Table 47: month
    1-12, 0 = not available; day 1-31, 0 = not available; hour 0-23, 24 = not available; minute
    0-59, 60 = not available). Hour 0 and minute 0 are times, written as such."""
    return "%02d-%02dT%02d:%02d" % (month, day, hour, minute)
OTH_COLS = ("mmsi", "msg_type", "payload", "fill_bits")


class Decoder(Protocol):
    name: str

    def decode(self, payloads: list[str], fill_bits: list[int]) -> Decoded:
        ...


def _int(v):
    return None if v is None else int(v)


class PyaisDecoder:
    """Reference decoder: pyais (MIT, https://github.com/M0r13n/pyais) message classes."""

    name = "pyais"

    def __init__(self) -> None:
        from pyais.messages import MSG_CLASS, bit_vector

        self._cls = MSG_CLASS
        self._bv = bit_vector

    def decode(self, payloads: list[str], fill_bits: list[int]) -> Decoded:
        out = Decoded()
        cls, bv = self._cls, self._bv
        rot_of = rot_from_raw
        pos, sta, oth = out.pos, out.sta, out.oth
        for i, (p, fill) in enumerate(zip(payloads, fill_bits)):
            if not p:  # the framer rejects these first (empty_payload); a direct caller may not
                out.err_idx.append(i)
                out.err_reason.append("decode_error")
                out.err_detail.append("empty payload")
                continue
            t = payload_type(p)
            nbits = 6 * len(p) - fill
            if t not in DECODED_TYPES:
                mmsi = payload_mmsi(p)
                if mmsi is None:
                    out.err_idx.append(i)
                    out.err_reason.append("bad_bitcount")
                    out.err_detail.append(f"type {t}: {nbits} bits, too short to hold an MMSI")
                    continue
                out.oth_idx.append(i)
                oth["mmsi"].append(mmsi)
                oth["msg_type"].append(t)
                oth["payload"].append(p)
                oth["fill_bits"].append(fill)
                continue
            if nbits < MIN_BITS[t]:
                out.err_idx.append(i)
                out.err_reason.append("bad_bitcount")
                out.err_detail.append(f"type {t}: {nbits} bits, at least {MIN_BITS[t]} expected")
                continue
            try:
                bits = bv(p.encode("ascii"), fill)
                d = cls[t].from_vector(bits).asdict()
            except Exception as exc:  # pyais raises many kinds on corrupt payloads
                out.err_idx.append(i)
                out.err_reason.append("decode_error")
                out.err_detail.append(f"type {t}: {type(exc).__name__}: {exc}"[:200])
                continue
            if t in POSITION_TYPES and not (t == 24):
                out.pos_idx.append(i)
                pos["mmsi"].append(d["mmsi"])
                pos["lat"].append(d.get("lat"))
                pos["lon"].append(d.get("lon"))
                pos["sog"].append(d.get("speed"))
                pos["cog"].append(d.get("course"))
                pos["heading"].append(_int(d.get("heading")))
                pos["nav_status"].append(_int(d.get("status")))
                if t <= 3:  # ROT_AIS, bits 42-49 (Table 48), not pyais' rounded to_turn
                    raw_rot = bits.get_signed(42, 8)
                    pos["rot"].append(rot_of(raw_rot))
                    pos["rot_raw"].append(raw_rot)
                else:
                    pos["rot"].append(None)
                    pos["rot_raw"].append(None)
                pos["accuracy"].append(d.get("accuracy"))
                pos["second"].append(_int(d.get("second")))
                pos["msg_type"].append(t)
            if t in STATIC_TYPES:
                out.sta_idx.append(i)
                sta["mmsi"].append(d["mmsi"])
                sta["msg_type"].append(t)
                sta["part"].append(_int(d.get("partno")) if t == 24 else None)
                sta["imo"].append(_int(d.get("imo")) if t == 5 else None)
                sta["callsign"].append(d.get("callsign"))
                sta["name"].append(d.get("shipname") if t != 21 else aton_name(bits, nbits))
                # the broadcast code (Table 53), bits 232-239 of message 5, 263-270 of message 19;
                # message 24 part B: pyais gives the raw field
                if t == 5:
                    sta["ship_type"].append(bits.get(232, 8))
                elif t == 19:
                    sta["ship_type"].append(bits.get(263, 8))
                else:
                    sta["ship_type"].append(_int(d.get("ship_type")))
                sta["dim_bow"].append(d.get("to_bow"))
                sta["dim_stern"].append(d.get("to_stern"))
                sta["dim_port"].append(d.get("to_port"))
                sta["dim_starboard"].append(d.get("to_starboard"))
                sta["draught"].append(d.get("draught"))
                sta["destination"].append(d.get("destination"))
                if t == 5:
                    sta["eta"].append(eta_text(d.get("month") or 0, d.get("day") or 0, d.get("hour") or 0,
                                               d.get("minute") or 0))
                else:
                    sta["eta"].append(None)
        return out


class FastPath:
    """Marker decoder: the pipeline runs the compiled framing + decoding path of
    :mod:`seasentry.ingest.fast` (identical output to NmeaFramer + PyaisDecoder, tested)."""

    name = "fast"
    fast_path = True

    def decode(self, payloads: list[str], fill_bits: list[int]) -> Decoded:
        from .fast import FastDecoder

        return FastDecoder().decode(payloads, fill_bits)


def get_decoder(name: str = "fast") -> Decoder:
    """``fast`` (default: compiled framing and decoding) or ``pyais`` (the reference)."""
    if name == "fast":
        return FastPath()
    if name == "pyais":
        return PyaisDecoder()
    raise ValueError(f"unknown decoder {name!r}; available: fast, pyais")
