"""Background traffic: transits, tankers to Libyan terminals, ferries, fishing and small craft.

Each function returns :class:`Actor` objects: a vessel identity plus its true motion plan. None of
this traffic is scripted to produce a behaviour event, but routine port visits and territorial-sea
crossings happen and are labelled from the truth like everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import routes as R
from .fleet import CLASSES, IdentityFactory, Vessel
from .geography import haversine_m
from .kinematics import AT_ANCHOR, FISHING, MOORED, UNDERWAY, Plan, position_at

H = 3600.0


@dataclass
class Spoof:
    """False positions broadcast between ``start`` and ``end`` (epoch s)."""
    start: float
    end: float
    kind: str  # "jump" | "land"
    lat: float  # where the false positions are
    lon: float


@dataclass
class Actor:
    vessel: Vessel
    plan: Plan
    spoofs: list = field(default_factory=list)
    #: names broadcast instead of the identity's name, cycled per static message (padding variants)
    name_variants: list | None = None
    eta: tuple = (1, 1, 0, 0)
    #: heard only by a satellite receiver that stamps reports with their collection (downlink) time
    collection_time: bool = False


def _route_len_m(wps) -> np.ndarray:
    la = np.array([p[0] for p in wps])
    lo = np.array([p[1] for p in wps])
    return np.concatenate([[0.0], np.cumsum(haversine_m(la[:-1], lo[:-1], la[1:], lo[1:]))])


def _along(wps, s_m: float):
    """Point at distance ``s_m`` along a polyline and the remaining waypoints after it."""
    cum = _route_len_m(wps)
    s_m = float(np.clip(s_m, 0, cum[-1]))
    i = int(np.clip(np.searchsorted(cum, s_m, side="right") - 1, 0, len(wps) - 2))
    f = (s_m - cum[i]) / max(cum[i + 1] - cum[i], 1e-9)
    la = wps[i][0] + f * (wps[i + 1][0] - wps[i][0])
    lo = wps[i][1] + f * (wps[i + 1][1] - wps[i][1])
    return (la, lo), list(wps[i + 1:])


def _eta(t0: float, hours_ahead: float) -> tuple:
    import datetime as dt
    t = dt.datetime.fromtimestamp(t0 + hours_ahead * H, tz=dt.timezone.utc)
    return (t.month, t.day, t.hour, t.minute)


def transit(f: IdentityFactory, rng, t0: float, t_end: float, vid: int, lane: str, vclass: str) -> Actor:
    """A cargo/container ship on the Gibraltar-Suez lane, already under way or entering later."""
    flag = str(rng.choice(["Panama", "Liberia", "Marshall Islands", "Malta", "Greece", "Cyprus", "Turkey",
                           "Italy"], p=[.24, .2, .16, .14, .1, .06, .05, .05]))
    v = Vessel(vid, f.mmsi(flag), vclass, "A", f.identity(vclass, flag))
    wps = R.TRANSIT_EB if lane == "EB" else R.TRANSIT_WB
    v.identity = v.identity.with_(destination="PORT SAID" if lane == "EB" else "GIBRALTAR")
    spd = float(rng.uniform(*CLASSES[vclass]["speed"]))
    total = _route_len_m(wps)[-1]
    # position along the lane at t0: anywhere from "enters within the first 30 % of the window"
    # to "about to leave"
    s0 = float(rng.uniform(-0.3 * (t_end - t0) * spd * 0.514, total * 0.95))
    if s0 < 0:
        start_t = t0 + (-s0) / (spd * 0.514)
        s0 = 0.0
    else:
        start_t = t0
    p0, rest = _along(wps, s0)
    plan = Plan.start(start_t, *p0).sail(rest, spd)
    return Actor(v, plan, eta=_eta(t0, 60))


def tanker_to_terminal(f: IdentityFactory, rng, t0: float, t_end: float, vid: int) -> Actor:
    """A tanker coming off the main lane or from Malta/Sicily to a Libyan terminal, loading, leaving."""
    flag = str(rng.choice(["Malta", "Liberia", "Panama", "Greece", "Libya", "Marshall Islands"],
                          p=[.25, .2, .15, .15, .15, .1]))
    v = Vessel(vid, f.mmsi(flag), "tanker", "A", f.identity("tanker", flag))
    spd = float(rng.uniform(*CLASSES["tanker"]["speed"]))
    which = int(rng.integers(4))
    if which == 0:  # Marsaxlokk -> Zawia
        route = R.MALTA_ZAWIA
        v.identity = v.identity.with_(destination="ZAWIA")
    elif which == 1:  # Augusta -> Misrata
        route = R.AUGUSTA_MISRATA
        v.identity = v.identity.with_(destination="MISURATA")
    else:  # lane -> Gulf of Sirte terminals
        term = ["RAS_LANUF", "ES_SIDER"][which - 2] if rng.random() < 0.7 else "BREGA"
        route = R.TRANSIT_EB[:8] + [(34.6, 18.5), (33.2, 18.5), (31.2, R.BERTHS[term][1]), R.BERTHS[term]]
        v.identity = v.identity.with_(destination=term.replace("_", " "))
    total = _route_len_m(route)[-1]
    s0 = float(rng.uniform(0.05, 0.85)) * total
    p0, rest = _along(route, s0)
    plan = Plan.start(t0, *p0).sail(rest, spd)
    plan.stay(float(rng.uniform(14, 30)) * H, MOORED)
    # leave back the way it came (first two waypoints reversed) and head north
    back = list(reversed(route))[1:4]
    plan.sail(back, spd)
    return Actor(v, plan, eta=_eta(t0, 20))


def ferry(f: IdentityFactory, rng, t0: float, t_end: float, vid: int, line: str) -> Actor:
    """A ferry shuttling on its line with realistic dwell times."""
    if line == "TUNIS_PALERMO":
        route, vclass, flag, dwell = R.FERRY_TUNIS_PALERMO, "ferry", str(rng.choice(["Tunisia", "Italy"])), (3, 6)
    elif line == "VALLETTA_POZZALLO":
        route, vclass, flag, dwell = R.FERRY_VALLETTA_POZZALLO, "fast_ferry", "Malta", (1.5, 3)
    else:
        route, vclass, flag, dwell = R.FERRY_LAMPEDUSA_EMPEDOCLE, "ferry", "Italy", (2, 5)
    v = Vessel(vid, f.mmsi(flag), vclass, "A", f.identity(vclass, flag))
    spd = float(rng.uniform(*CLASSES[vclass]["speed"]))
    fwd = bool(rng.random() < 0.5)
    plan = Plan.start(t0, *(route[0] if fwd else route[-1]))
    plan.stay(float(rng.uniform(0.2, 3.0)) * H, MOORED)
    while plan.now < t_end:
        leg = route[1:] if fwd else list(reversed(route))[1:]
        plan.sail(leg, spd * float(rng.uniform(0.95, 1.05)))
        plan.stay(float(rng.uniform(*dwell)) * H, MOORED)
        fwd = not fwd
    v.identity = v.identity.with_(destination=line.split("_")[-1])
    return Actor(v, plan, eta=_eta(t0, 6))


def fishing(f: IdentityFactory, rng, t0: float, t_end: float, vid: int, ais_class: str) -> Actor:
    """A trawler zig-zagging at 3-4.5 kn on a ground, steaming there from its port or already there."""
    ground = str(rng.choice(list(R.GROUNDS)))
    flag = {"MAMMELLONE": "Italy", "ADVENTURE_BANK": "Italy", "MALTA_SE": "Malta", "MALTA_SW": "Malta",
            "GABES": "Tunisia", "ZUWARA_OFF": "Libya", "TRIPOLI_OFF": "Libya", "MEDINA_BANK": "Malta"}[ground]
    if rng.random() < 0.25:
        flag = str(rng.choice(["Italy", "Tunisia", "Malta"]))
    vclass = "fishing" if ais_class == "A" else "fishing_b"
    v = Vessel(vid, f.mmsi(flag), vclass, ais_class, f.identity(vclass, flag))
    (cla, clo), half = R.GROUNDS[ground]
    start = (cla + float(rng.uniform(-0.05, 0.05)), clo + float(rng.uniform(-0.05, 0.05)))
    plan = Plan.start(t0, *start)
    plan.zigzag((cla, clo), half, float(rng.uniform(2.0, 4.0)), float(rng.uniform(3.0, 4.5)),
                t_end - t0 + H, rng, FISHING)
    v.identity = v.identity.with_(destination="FISHING GROUND")
    return Actor(v, plan, eta=_eta(t0, 30))


def small_craft(f: IdentityFactory, rng, t0: float, t_end: float, vid: int) -> Actor:
    """Class B pleasure or sailing craft hopping around Malta and south-east Sicily."""
    vclass = "sailing" if rng.random() < 0.4 else "pleasure"
    flag = str(rng.choice(["Malta", "Italy"]))
    v = Vessel(vid, f.mmsi(flag), vclass, "B", f.identity(vclass, flag))
    route = anchorage_route(R.PLEASURE_ROUTES[int(rng.integers(len(R.PLEASURE_ROUTES)))], rng)
    spd = float(rng.uniform(*CLASSES[vclass]["speed"]))
    plan = Plan.start(t0 + float(rng.uniform(0, 10)) * H, *route[0])
    plan.sail(route[1:], spd)
    plan.stay(float(rng.uniform(1.0, 3.5)) * H, AT_ANCHOR)  # a swim stop, never long enough to loiter
    plan.sail(list(reversed(route))[1:], spd)
    return Actor(v, plan, eta=_eta(t0, 12))


def anchorage_route(route, rng):
    """The route with its end moved 0.5-2 km at random (in water), so craft don't anchor on top of each other."""
    from .geography import offset, on_land
    for _ in range(20):
        end = offset(route[-1][0], route[-1][1], float(rng.uniform(0, 360)), float(rng.uniform(500, 2000)))
        if not on_land(*end)[0]:
            return list(route[:-1]) + [end]
    return list(route)


def background(f: IdentityFactory, rng, t0: float, t_end: float, n: int, vid0: int) -> list[Actor]:
    """``n`` background vessels in realistic proportions."""
    mix = [("transit", 0.36), ("tanker", 0.12), ("ferry", 0.07), ("fishing_a", 0.2), ("fishing_b", 0.12),
           ("small", 0.13)]
    kinds = [k for k, _ in mix]
    probs = np.array([p for _, p in mix])
    counts = np.floor(probs / probs.sum() * n).astype(int)
    while counts.sum() < n:
        counts[int(np.argmax(probs / probs.sum() * n - counts))] += 1
    out: list[Actor] = []
    vid = vid0
    ferry_lines = ["VALLETTA_POZZALLO", "TUNIS_PALERMO", "LAMPEDUSA_EMPEDOCLE"]
    for kind, c in zip(kinds, counts):
        for i in range(int(c)):
            if kind == "transit":
                a = transit(f, rng, t0, t_end, vid, "EB" if i % 2 == 0 else "WB",
                            "container" if rng.random() < 0.4 else "cargo")
            elif kind == "tanker":
                a = tanker_to_terminal(f, rng, t0, t_end, vid)
            elif kind == "ferry":
                a = ferry(f, rng, t0, t_end, vid, ferry_lines[i % 3])
            elif kind == "fishing_a":
                a = fishing(f, rng, t0, t_end, vid, "A")
            elif kind == "fishing_b":
                a = fishing(f, rng, t0, t_end, vid, "B")
            else:
                a = small_craft(f, rng, t0, t_end, vid)
            out.append(a)
            vid += 1
    return out


__all__ = ["Actor", "Spoof", "background", "transit", "tanker_to_terminal", "ferry", "fishing", "small_craft",
           "position_at", "UNDERWAY", "MOORED", "AT_ANCHOR", "FISHING"]
