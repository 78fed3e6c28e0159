"""Vessel identities: MMSIs with correct MIDs, IMO numbers with valid check digits, call signs, names.

Sources:
* MMSI structure ``MIDXXXXXX`` (ship), ``00MIDXXXX`` (base/coast station): ITU-R M.585-9, annex 1.
  MIDs per flag from the ITU MID table (shipped as ``data/reference/mid_libais.csv``).
* IMO ship identification number: 7 digits, the last is a check digit = sum of the first six
  digits weighted 7, 6, 5, 4, 3, 2, modulo 10 (IMO resolution A.1117(30)).
* Call-sign prefixes: ITU Radio Regulations appendix 42 (table of allocation of international
  call-sign series), e.g. Malta 9H, Libya 5A, Tunisia 3V, Italy I, Panama 3E/H3/HO/HP, Togo 5V,
  Cameroon TJ, Comoros D6, Sierra Leone 9L, Liberia A8/D5, Marshall Islands V7.
* AIS ship-type codes: ITU-R M.1371-5, table 53 (30 fishing, 37 pleasure, 40 high-speed craft,
  52 tug, 60 passenger, 70 cargo, 80 tanker).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

#: Flag -> (MIDs, call-sign prefixes, ISO-2)
FLAGS: dict[str, tuple[tuple[int, ...], tuple[str, ...], str]] = {
    "Malta": ((215, 229, 248, 249, 256), ("9H",), "MT"),
    "Libya": ((642,), ("5A",), "LY"),
    "Tunisia": ((672,), ("3V",), "TN"),
    "Italy": ((247,), ("I",), "IT"),
    "Panama": ((351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373), ("3E", "3F", "H3", "HO", "HP"), "PA"),
    "Togo": ((671,), ("5V",), "TG"),
    "Cameroon": ((613,), ("TJ",), "CM"),
    "Comoros": ((616,), ("D6",), "KM"),
    "Sierra Leone": ((667,), ("9L",), "SL"),
    "Liberia": ((636,), ("A8", "D5"), "LR"),
    "Marshall Islands": ((538,), ("V7",), "MH"),
    "Greece": ((237, 239, 240, 241), ("SV", "SX", "SZ"), "GR"),
    "Cyprus": ((209, 210, 212), ("5B", "C4"), "CY"),
    "Turkey": ((271,), ("TC", "YM"), "TR"),
    "Egypt": ((622,), ("SU",), "EG"),
}

#: AIS ship type code, report class, speed range (kn) and length range (m) per vessel class.
CLASSES: dict[str, dict] = {
    "cargo": dict(ship_type=70, ais_class="A", speed=(11.0, 16.0), length=(120, 230), draught=(6.5, 11.0)),
    "container": dict(ship_type=71, ais_class="A", speed=(14.0, 19.5), length=(200, 366), draught=(9.0, 14.5)),
    "tanker": dict(ship_type=80, ais_class="A", speed=(10.0, 14.0), length=(90, 250), draught=(5.5, 14.0)),
    "ferry": dict(ship_type=60, ais_class="A", speed=(17.0, 23.0), length=(150, 212), draught=(5.8, 6.8)),
    "fast_ferry": dict(ship_type=40, ais_class="A", speed=(25.0, 38.0), length=(85, 107), draught=(3.2, 4.0)),
    "fishing": dict(ship_type=30, ais_class="A", speed=(7.0, 10.0), length=(18, 38), draught=(2.5, 4.0)),
    "fishing_b": dict(ship_type=30, ais_class="B", speed=(6.0, 9.0), length=(10, 17), draught=(1.5, 2.5)),
    "pleasure": dict(ship_type=37, ais_class="B", speed=(6.0, 22.0), length=(10, 30), draught=(1.5, 3.0)),
    "sailing": dict(ship_type=36, ais_class="B", speed=(4.5, 7.5), length=(10, 20), draught=(1.8, 2.6)),
    "tug": dict(ship_type=52, ais_class="A", speed=(8.0, 12.0), length=(25, 40), draught=(3.5, 5.0)),
}

#: Max credible speed (kn) per class, used by tests and to keep generated speeds realistic.
MAX_SPEED_KN = {"cargo": 20.0, "container": 25.0, "tanker": 17.0, "ferry": 26.0, "fast_ferry": 40.0,
                "fishing": 13.0, "fishing_b": 12.0, "pleasure": 35.0, "sailing": 10.0, "tug": 14.0}

_FIRST = ["SEA", "OCEAN", "BLUE", "GOLDEN", "SILVER", "NORTHERN", "STAR", "GRAND", "ROYAL", "EAGLE",
          "CAPE", "MARE", "AEGEAN", "IONIAN", "CORAL", "NOBLE", "PACIFIC", "ATLANTIC", "CRYSTAL", "ARCTIC"]
_SECOND = ["PIONEER", "SPIRIT", "HARMONY", "VENTURE", "TRADER", "GLORY", "WAVE", "HORIZON", "DAWN",
           "BREEZE", "LIGHT", "VOYAGER", "ENDEAVOUR", "FORTUNE", "MERCHANT", "UNITY", "PROSPER", "JADE"]
_FISH_IT = ["SANTA RITA", "MADONNA DEL ROSARIO", "NUOVO PADRE PIO", "SAN FRANCESCO", "GIUSEPPE PADRE",
            "ANNA MARIA", "SAN GIORGIO", "STELLA MARIS", "MARIA SS", "NUOVA ALBA", "SAN VITO", "LAMPARA"]
_FISH_TN = ["SIDI MANSOUR", "EL AMINE", "ABIR", "BAHR EL AMEN", "NOUR EL HOUDA", "ESSALEM", "RIM",
            "ELMOSTAKBEL", "ZAHRA", "SIDI DAOUD"]
_FISH_LY = ["ALNASR", "ABU SHAIFA", "ALKHALEEJ", "ZUWARA STAR", "ALRAHMA", "SABRATHA 2"]
_FISH_MT = ["SAN PAWL", "MARIJA ASSUNTA", "DGHAJSA", "IL-BAHRI", "SANTA MARIJA", "ZEJTUN"]
_PLEASURE = ["SEA LA VIE", "BLUE MOON", "AQUAVITA", "LUNA ROSSA II", "MISTRAL", "ORSA MAGGIORE",
             "KALYPSO", "GHAWDEX", "SIROCCO", "FREYA", "LIBECCIO", "NAUTILUS"]
_TUG = ["MARSAXLOKK TUG", "AUGUSTA 3", "POZZALLO PILOT", "CATANIA TUG", "TUG MALTA 4"]


def imo_check_digit(first6: int) -> int:
    """IMO check digit of a 6-digit stem (IMO res. A.1117(30))."""
    digits = [int(c) for c in f"{first6:06d}"]
    return sum(d * w for d, w in zip(digits, (7, 6, 5, 4, 3, 2))) % 10


def make_imo(first6: int) -> int:
    return first6 * 10 + imo_check_digit(first6)


def imo_valid(imo: int | None) -> bool:
    if imo is None or not (1_000_000 <= int(imo) <= 9_999_999):
        return False
    return imo_check_digit(int(imo) // 10) == int(imo) % 10


def mid_of(mmsi: int) -> int:
    s = f"{int(mmsi):09d}"
    if s.startswith("00"):
        return int(s[2:5])
    return int(s[:3])


@dataclass(frozen=True)
class Identity:
    """What a vessel broadcasts in its static messages (types 5 / 24)."""
    name: str
    callsign: str
    imo: int | None
    ship_type: int
    flag: str
    to_bow: int = 0
    to_stern: int = 0
    to_port: int = 0
    to_starboard: int = 0
    draught: float = 0.0
    destination: str = ""

    def with_(self, **kw) -> "Identity":
        return replace(self, **kw)


@dataclass
class Vessel:
    """One physical vessel. ``mmsi`` may be shared (cloned) by another Vessel."""
    vid: int
    mmsi: int
    vclass: str
    ais_class: str  # "A" or "B"
    identity: Identity
    role: str = "background"
    #: identity changes: list of (epoch_s, Identity) taking effect at that time
    identity_changes: list = field(default_factory=list)
    #: whether this vessel sends static messages (a clone of another MMSI does not)
    sends_statics: bool = True

    def identity_at(self, t: float) -> Identity:
        ident = self.identity
        for when, new in self.identity_changes:
            if t >= when:
                ident = new
        return ident


class IdentityFactory:
    """Draws unique, realistic identities. ``serial_base`` keeps MMSIs disjoint across chunks."""

    def __init__(self, rng: np.random.Generator, serial_base: int = 0):
        self.rng = rng
        self.serial = serial_base
        self.used_names: set[str] = set()
        self.used_imos: set[int] = set()

    def mmsi(self, flag: str) -> int:
        mids = FLAGS[flag][0]
        mid = int(mids[self.rng.integers(len(mids))])
        self.serial += 1
        # a bijection of the serial onto 100000..999999 (multiplier coprime with 900000): unique
        # across chunks of a big corpus, yet random-looking
        suffix = (self.serial * 367_891 + 104_729) % 900_000 + 100_000
        return mid * 1_000_000 + suffix

    def imo(self) -> int:
        # a bijection of the serial onto stems 700000..989999 (7919 is coprime with 290000), so IMOs
        # never repeat, even across the chunks of a big corpus
        while True:
            self.serial += 1
            stem = 700_000 + (self.serial * 7_919 + 12_345) % 290_000
            imo = make_imo(stem)
            if imo not in self.used_imos:
                self.used_imos.add(imo)
                return imo

    def callsign(self, flag: str) -> str:
        prefixes = FLAGS[flag][1]
        p = prefixes[self.rng.integers(len(prefixes))]
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        n = 4 if len(p) == 1 else 3
        tail = "".join(letters[i] for i in self.rng.integers(0, 26, n))
        if self.rng.random() < 0.5:
            tail = tail[:-1] + str(int(self.rng.integers(2, 10)))
        return (p + tail)[:7]

    def name(self, vclass: str, flag: str) -> str:
        for _ in range(200):
            if vclass in ("fishing", "fishing_b"):
                pool = {"Italy": _FISH_IT, "Tunisia": _FISH_TN, "Libya": _FISH_LY, "Malta": _FISH_MT}.get(flag, _FISH_IT)
                n = pool[self.rng.integers(len(pool))]
                if self.rng.random() < 0.6:
                    n = f"{n} {int(self.rng.integers(2, 9))}"
            elif vclass in ("pleasure", "sailing"):
                n = _PLEASURE[self.rng.integers(len(_PLEASURE))]
                if self.rng.random() < 0.5:
                    n = f"{n} {int(self.rng.integers(2, 9))}"
            elif vclass == "tug":
                n = _TUG[self.rng.integers(len(_TUG))]
            else:
                n = f"{_FIRST[self.rng.integers(len(_FIRST))]} {_SECOND[self.rng.integers(len(_SECOND))]}"
            if n not in self.used_names:
                self.used_names.add(n)
                return n
        self.serial += 1
        return f"VESSEL {self.serial}"

    def identity(self, vclass: str, flag: str, name: str | None = None) -> Identity:
        c = CLASSES[vclass]
        length = int(self.rng.integers(c["length"][0], c["length"][1] + 1))
        beam = max(4, int(round(length * float(self.rng.uniform(0.14, 0.19)))))
        bow = int(round(length * float(self.rng.uniform(0.75, 0.9))))
        port = beam // 2
        has_imo = c["ais_class"] == "A" and vclass not in ("fishing",) or (vclass == "fishing" and length >= 24)
        return Identity(
            name=name or self.name(vclass, flag),
            callsign=self.callsign(flag),
            imo=self.imo() if has_imo else None,
            ship_type=c["ship_type"],
            flag=flag,
            to_bow=min(bow, 511),
            to_stern=min(length - bow, 511),
            to_port=min(port, 63),
            to_starboard=min(beam - port, 63),
            draught=round(float(self.rng.uniform(*c["draught"])), 1),
        )


def base_station_mmsi(mid: int, n: int) -> int:
    """Base-station MMSI 00MIDXXXX (ITU-R M.585 annex 1, section 2)."""
    return mid * 10_000 + n
