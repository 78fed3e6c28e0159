"""Scripted behaviour: the demo story, injected events and negative look-alikes.

Every script returns actors plus *injection records* ``dict(type, mmsi, other_mmsi, start, end,
note)``. Positive records are not labels themselves: labels are computed from the truth track
(``labels.py``) and a record only marks the matching label as ``injected`` and gives its note, so
that an injected event that did not really happen cannot be labelled. Negative records
(``type='negative_<kind>'``) become labels as they are: situations that look like ``<kind>`` but
are not, and must not be detected as such.

Times are hours after the scenario start; every script fits in the first 36 hours.
"""

from __future__ import annotations


from . import routes as R
from .fleet import IdentityFactory, Vessel
from .geography import bearing_deg, haversine_m, offset
from .kinematics import AT_ANCHOR, FISHING, KN, MOORED, Plan, position_at
from .traffic import Actor, Spoof, _along, _eta, _route_len_m

H = 3600.0
MIN_HOURS = 36.0

#: Story geography (checked by the tests): rendezvous 14 nm south of Malta (outside its 12 nm
#: territorial sea, inside the 12-20 nm band of the UN Panel of Experts' reports), and the point
#: 19 nm off Zuwara where the tanker goes dark.
STORY_MEET = (35.570, 14.450)
STORY_DARK_AT = (33.280, 12.180)
STORY_BACK_ON = (33.300, 12.300)
MALTA_LOITER = (35.830, 14.850)  # 13.5 nm east of Malta
DEFAULT_MMSI = 672_000_000  # Tunisia's MID followed by zeros: a placeholder several boats share


def _rec(type_, mmsi, start, end, note, other=None):
    return dict(type=type_, mmsi=int(mmsi), other_mmsi=None if other is None else int(other),
                start=float(start), end=float(end), note=note)


def _appear_to_arrive(dest, speed_kn, t_arrive, from_bearing, dist_nm):
    """Plan that appears ``dist_nm`` away on ``from_bearing`` and reaches ``dest`` at ``t_arrive``."""
    la, lo = offset(dest[0], dest[1], from_bearing, dist_nm * 1852.0)
    t_start = t_arrive - float(haversine_m(la, lo, *dest)) / (speed_kn * KN)
    return Plan.start(t_start, la, lo).sail([dest], speed_kn)


def story(f: IdentityFactory, rng, t0: float, vid0: int):
    """Fuel-smuggling story (UN Panel of Experts on Libya, S/2018/812 and S/2019/914 pattern) and
    two vessels broadcasting identifiers of OFAC LIBYA3-listed vessels."""
    acts, recs = [], []
    h = lambda x: t0 + x * H  # noqa: E731
    # S1: the dark tanker
    ident = f.identity("tanker", "Togo")
    s1 = Vessel(vid0, f.mmsi("Togo"), "tanker", "A", ident.with_(destination="MALTA OPL"), role="story_dark_tanker")
    p1 = Plan.start(h(0), 33.75, 12.40).sail([STORY_DARK_AT], 10.5)
    t_off = p1.now + 0.2 * H
    p1.stay(0.2 * H, AT_ANCHOR)  # slows down and switches off
    p1.sail([(33.10, 12.15), R.BERTHS["ZUWARA"]], 10.0).stay(4.5 * H, MOORED)
    p1.sail([(33.10, 12.20), STORY_BACK_ON], 10.0)
    t_on = p1.now
    p1.go_dark(t_off, t_on)
    p1.sail([(34.40, 13.20), STORY_MEET], 11.5)
    t_meet = p1.now
    p1.stay(6.0 * H, AT_ANCHOR, drift_kn=0.4, rng=rng, step_s=1200)
    t_part = p1.now
    p1.stay(0.75 * H, AT_ANCHOR)
    t_rename = p1.now + 0.5 * H
    p1.sail([(36.10, 15.60), (36.60, 16.80)], 11.0)
    new_name = f.name("tanker", "Togo")
    s1.identity_changes.append((t_rename, s1.identity.with_(name=new_name, callsign=f.callsign("Togo"))))
    acts.append(Actor(s1, p1, eta=_eta(t0, 30)))
    recs.append(_rec("gap", s1.mmsi, t_off, t_on, "story: tanker goes dark 19 nm off Zuwara (loads at Zuwara unseen)"))
    recs.append(_rec("identity_change", s1.mmsi, t_rename, t_rename, f"story: renamed to {new_name}"))
    # S2: partner tanker out of Marsaxlokk, alongside S1 outside Malta's territorial sea
    ident2 = f.identity("tanker", "Malta")
    s2 = Vessel(vid0 + 1, f.mmsi("Malta"), "tanker", "A", ident2.with_(destination="HURDS BANK"),
                role="story_partner_tanker")
    p2 = Plan.start(h(0), *R.BERTHS["MARSAXLOKK"])
    out = [*list(reversed(R.HARBOUR_IN["MARSAXLOKK"]))[1:], (35.78, 14.56),
           offset(STORY_MEET[0], STORY_MEET[1], 90, 130)]
    travel = sum(float(haversine_m(*a, *b)) for a, b in zip([R.BERTHS["MARSAXLOKK"]] + out[:-1], out)) / (9 * KN)
    p2.stay(t_meet - travel - 0.3 * H - p2.now, MOORED)
    p2.sail(out, 9.0)
    p2.follow(p1, t_part, 130.0, 90.0)
    p2.sail([(35.78, 14.56), *R.HARBOUR_IN["MARSAXLOKK"]], 9.0).stay(30 * H, MOORED)
    acts.append(Actor(s2, p2, eta=_eta(t0, 8)))
    recs.append(_rec("encounter", s1.mmsi, t_meet, t_part, "story: ship-to-ship transfer 14 nm south of Malta", s2.mmsi))
    recs.append(_rec("loitering", s1.mmsi, t_meet, t_part, "story: drifting during the transfer"))
    recs.append(_rec("loitering", s2.mmsi, t_meet, t_part, "story: drifting during the transfer"))
    # S3: a fishing vessel broadcasting MARIE DE LOURDES's identifiers (OFAC LIBYA3)
    from .fleet import Identity
    s3 = Vessel(vid0 + 2, 249000882, "fishing", "A",
                Identity("MARIE DE LOURDES", "9HB3103", 8688171, 30, "Malta", 22, 8, 4, 4, 3.2, "FISHING GROUND"),
                role="sanctioned_mmsi")
    (cla, clo), half = R.GROUNDS["MALTA_SE"]
    p3 = Plan.start(h(0), cla, clo).zigzag((cla, clo), half, 3.0, 3.8, 60 * H, rng, FISHING)
    acts.append(Actor(s3, p3, eta=_eta(t0, 40)))
    # S4: a tanker broadcasting THEODOROS's IMO 6421660 under a Cameroon MMSI
    s4 = Vessel(vid0 + 3, f.mmsi("Cameroon"), "tanker", "A",
                Identity("THEODOROS", f.callsign("Cameroon"), 6421660, 80, "Cameroon", 70, 15, 7, 7, 5.1, "ZAWIA"),
                role="sanctioned_imo")
    total = _route_len_m(R.MALTA_ZAWIA)[-1]
    p0, rest = _along(R.MALTA_ZAWIA, 0.15 * total)
    p4 = Plan.start(h(0), *p0).sail(rest, 10.5).stay(20 * H, MOORED).sail(list(reversed(R.MALTA_ZAWIA))[1:3], 10.5)
    acts.append(Actor(s4, p4, eta=_eta(t0, 18)))
    return acts, recs


def injected(f: IdentityFactory, rng, t0: float, vid0: int):
    """Labelled events of every type outside the story."""
    acts, recs = [], []
    h = lambda x: t0 + x * H  # noqa: E731
    vid = vid0

    def new(vclass, flag, ais="A", role="injected"):
        nonlocal vid
        v = Vessel(vid, f.mmsi(flag), vclass, ais, f.identity(vclass, flag), role=role)
        vid += 1
        return v

    # E1 gap near Libya: Libyan trawler dark 8.5 h off Tripoli
    v = new("fishing", "Libya")
    (cla, clo), half = R.GROUNDS["TRIPOLI_OFF"]
    p = Plan.start(h(0), cla, clo).zigzag((cla, clo), half, 3.0, 3.5, 60 * H, rng, FISHING)
    p.go_dark(h(10), h(18.5))
    acts.append(Actor(v, p))
    recs.append(_rec("gap", v.mmsi, h(10), h(18.5), "trawler dark 8.5 h off Tripoli"))
    # E2 gap mid-strait: a transit dark 7 h
    v = new("cargo", "Panama")
    p = Plan.start(h(0), 37.50, 9.40).sail(R.TRANSIT_EB[2:], 13.0)
    p.go_dark(h(20), h(27))
    acts.append(Actor(v, p))
    recs.append(_rec("gap", v.mmsi, h(20), h(27), "transit dark 7 h in the Strait of Sicily"))
    # E3 encounter far at sea: Libyan trawler and a reefer, 3.5 h
    meet = (34.30, 13.10)
    va, vb = new("fishing", "Libya"), new("cargo", "Sierra Leone")
    pa = _appear_to_arrive(meet, 8.0, h(14), 200, 40)
    pa.stay(3.5 * H, AT_ANCHOR, drift_kn=0.3, rng=rng, step_s=1200)
    t_end = pa.now
    pa.sail([(33.40, 13.50)], 8.0)
    (cla, clo), half = R.GROUNDS["TRIPOLI_OFF"]
    pa.zigzag((cla, clo), half, 3.0, 3.5, 40 * H, rng, FISHING)
    pb = _appear_to_arrive(offset(*meet, 45, 180), 12.0, h(14) - 0.1 * H, 30, 60)
    pb.follow(pa, t_end, 180.0, 45.0)
    pb.sail([(35.40, 15.40), (35.6, 16.8)], 12.0)
    acts += [Actor(va, pa), Actor(vb, pb)]
    recs.append(_rec("encounter", va.mmsi, h(14), t_end, "trawler meets reefer 75 nm off Libya", vb.mmsi))
    # E4 loitering: a tanker drifting 10 h just outside Malta's 12 nm (UN PoE pattern)
    v = new("tanker", "Comoros")
    p = _appear_to_arrive(MALTA_LOITER, 11.0, h(8), 100, 40)
    p.stay(10 * H, AT_ANCHOR, drift_kn=0.5, rng=rng, step_s=1200)
    t_end = p.now
    p.sail([(36.4, 15.3), (37.0, 16.5)], 11.0)
    acts.append(Actor(v, p))
    recs.append(_rec("loitering", v.mmsi, h(8), t_end, "tanker drifting 13.5 nm east of Malta"))
    # E5 spoofing: jump 60 nm north for 6 minutes
    v = new("container", "Liberia")
    p0, rest = _along(R.TRANSIT_WB, 250 * 1852.0)
    p = Plan.start(h(0), *p0).sail(rest, 15.0)
    la, lo = position_at(p, h(22))
    j = offset(la, lo, 10, 60 * 1852.0)
    a = Actor(v, p, spoofs=[Spoof(h(22), h(22.1), "jump", *j)])
    acts.append(a)
    recs.append(_rec("spoofing", v.mmsi, h(22), h(22.1), "positions jump 60 nm (implied speed > 500 kn)"))
    # E6 spoofing: positions on land (inland Sicily) for 20 minutes
    v = new("tanker", "Panama")
    total = _route_len_m(R.AUGUSTA_MISRATA)[-1]
    p0, rest = _along(R.AUGUSTA_MISRATA, 0.1 * total)
    p = Plan.start(h(0), *p0).sail(rest, 12.0).stay(30 * H, MOORED)
    a = Actor(v, p, spoofs=[Spoof(h(6), h(6.33), "land", 37.45, 14.35)])
    acts.append(a)
    recs.append(_rec("spoofing", v.mmsi, h(6), h(6.33), "positions on land in central Sicily"))
    # E7 spoofing: one MMSI in two places (a second vessel broadcasting the same MMSI)
    v = new("fishing", "Tunisia")
    (cla, clo), half = R.GROUNDS["GABES"]
    p = Plan.start(h(0), cla, clo).zigzag((cla, clo), half, 3.0, 3.6, 60 * H, rng, FISHING)
    acts.append(Actor(v, p))
    clone = Vessel(vid, v.mmsi, "fishing", "A", v.identity, role="mmsi_clone", sends_statics=False)
    vid += 1
    pc = Plan.start(h(16), 35.30, 12.90).sail([(35.30, 13.80)], 9.0)
    pc.off.append((h(20), h(100)))
    acts.append(Actor(clone, pc))
    recs.append(_rec("spoofing", v.mmsi, h(16), h(20), "same MMSI heard off Sfax and off Lampedusa at once"))
    # E8 identity changes
    v = new("fishing", "Italy")  # a) rename
    (cla, clo), half = R.GROUNDS["ADVENTURE_BANK"]
    p = Plan.start(h(0), cla, clo).zigzag((cla, clo), half, 3.0, 3.5, 60 * H, rng, FISHING)
    nn = f.name("fishing", "Italy")
    v.identity_changes.append((h(20), v.identity.with_(name=nn)))
    acts.append(Actor(v, p))
    recs.append(_rec("identity_change", v.mmsi, h(20), h(20), f"rename to {nn}"))
    v = new("cargo", "Malta")  # b) new call sign
    p = Plan.start(h(0), *R.TRANSIT_WB[1]).sail(R.TRANSIT_WB[2:], 12.5)
    v.identity_changes.append((h(15), v.identity.with_(callsign=f.callsign("Malta"))))
    acts.append(Actor(v, p))
    recs.append(_rec("identity_change", v.mmsi, h(15), h(15), "new call sign"))
    v = new("tanker", "Liberia")  # c) new IMO
    p = Plan.start(h(0), *R.TRANSIT_EB[3]).sail(R.TRANSIT_EB[4:], 12.0)
    v.identity_changes.append((h(25), v.identity.with_(imo=f.imo())))
    acts.append(Actor(v, p))
    recs.append(_rec("identity_change", v.mmsi, h(25), h(25), "new IMO"))
    v = new("fishing_b", "Tunisia", ais="B")  # d) new ship type (class B, type 24 part B)
    (cla, clo), half = R.GROUNDS["MAMMELLONE"]
    p = Plan.start(h(0), cla, clo).zigzag((cla, clo), half, 2.5, 3.5, 60 * H, rng, FISHING)
    v.identity_changes.append((h(18), v.identity.with_(ship_type=37)))
    acts.append(Actor(v, p))
    recs.append(_rec("identity_change", v.mmsi, h(18), h(18), "ship type 30 (fishing) -> 37 (pleasure)"))
    # e) flag hop: same vessel and IMO, new MMSI and call sign under another flag
    v = new("tanker", "Panama")
    p = Plan.start(h(0), *R.TRANSIT_EB[4]).sail(R.TRANSIT_EB[5:], 11.5)
    p_new = Plan(t=p.t, lat=p.lat, lon=p.lon, status=p.status, moving=p.moving, off=[(h(-1), h(21))])
    p.go_dark(h(20), h(1000))
    hop = Vessel(vid, f.mmsi("Cameroon"), "tanker", "A",
                 v.identity.with_(callsign=f.callsign("Cameroon"), flag="Cameroon"), role="flag_hop_new")
    vid += 1
    acts += [Actor(v, p), Actor(hop, p_new)]
    recs.append(_rec("identity_change", hop.mmsi, h(21), h(21), "flag hop: same IMO under a new MMSI", v.mmsi))
    return acts, recs, vid


def negatives(f: IdentityFactory, rng, t0: float, vid0: int):
    """Look-alikes that must not be detected, as ``negative_<kind>`` records."""
    acts, recs = [], []
    h = lambda x: t0 + x * H  # noqa: E731
    vid = vid0

    def new(vclass, flag, ais="A", role="negative"):
        nonlocal vid
        v = Vessel(vid, f.mmsi(flag), vclass, ais, f.identity(vclass, flag), role=role)
        vid += 1
        return v

    # N1 short silences (< 6 h)
    v = new("cargo", "Greece")
    p = Plan.start(h(0), *R.TRANSIT_WB[2]).sail(R.TRANSIT_WB[3:], 13.0)
    p.go_dark(h(10), h(14.5))
    acts.append(Actor(v, p))
    recs.append(_rec("negative_gap", v.mmsi, h(10), h(14.5), "silent 4.5 h (< 6 h)"))
    v = new("fishing_b", "Italy", ais="B")
    (cla, clo), half = R.GROUNDS["MALTA_SW"]
    p = Plan.start(h(0), cla, clo).zigzag((cla, clo), half, 2.5, 3.4, 60 * H, rng, FISHING)
    p.go_dark(h(5), h(7))
    acts.append(Actor(v, p))
    recs.append(_rec("negative_gap", v.mmsi, h(5), h(7), "silent 2 h"))
    # N2 fast passing: a crossing vessel passes 150 m from a transit at speed
    va = new("cargo", "Marshall Islands")
    pa = Plan.start(h(0), *R.TRANSIT_EB[6]).sail(R.TRANSIT_EB[7:], 14.0)
    T = h(12)
    x = position_at(pa, T)
    brg = float(bearing_deg(*position_at(pa, T - 600), *x))
    vb = new("tanker", "Malta")
    start = offset(*offset(x[0], x[1], brg + 90, 150.0), brg - 90, 25 * 1852.0)
    pb = Plan.start(T - 25 * 1852.0 / (12 * KN), *start)
    pb.sail([offset(x[0], x[1], brg + 90, 150.0), offset(x[0], x[1], brg + 90, 30 * 1852.0)], 12.0)
    acts += [Actor(va, pa), Actor(vb, pb)]
    recs.append(_rec("negative_encounter", va.mmsi, T - 0.5 * H, T + 0.5 * H, "passing at 12-14 kn, 150 m apart", vb.mmsi))
    # N3 slow rendezvous too short: two trawlers stopped side by side for 1 h
    R0 = (34.55, 11.75)
    qa, qb = new("fishing", "Tunisia"), new("fishing", "Tunisia")
    pa = _appear_to_arrive(R0, 8.0, h(22), 250, 15)
    pa.stay(1.0 * H, AT_ANCHOR, drift_kn=0.3, rng=rng, step_s=900)
    t_end = pa.now
    (cla, clo), half = R.GROUNDS["GABES"]
    pa.sail([(cla, clo)], 8.0).zigzag((cla, clo), half, 2.5, 3.5, 30 * H, rng, FISHING)
    pb = _appear_to_arrive(offset(*R0, 0, 200), 8.0, h(22) - 0.05 * H, 20, 12)
    pb.follow(pa, t_end, 200.0, 0.0)
    pb.sail([(34.9, 12.3)], 8.0)
    acts += [Actor(qa, pa), Actor(qb, pb)]
    recs.append(_rec("negative_encounter", qa.mmsi, h(22), t_end, "stopped together only 1 h", qb.mmsi))
    # N4 moored together in port (port visits, not an encounter)
    wa, wb = new("cargo", "Malta"), new("cargo", "Italy")
    berth_a = R.BERTHS["VALLETTA"]
    berth_b = offset(*berth_a, 30, 90.0)
    pa = _appear_to_arrive(berth_a, 11.0, h(6), 45, 30).stay(10 * H, MOORED)
    pa.sail([(36.00, 14.65), (36.4, 15.3)], 11.0)
    pb = _appear_to_arrive(berth_b, 11.0, h(6.3), 50, 32).stay(9.5 * H, MOORED)
    pb.sail([(36.00, 14.65), (36.5, 15.0)], 11.0)
    acts += [Actor(wa, pa), Actor(wb, pb)]
    recs.append(_rec("negative_encounter", wa.mmsi, h(6.3), h(16), "moored together in Valletta (port visits)", wb.mmsi))
    # N5 slow but not long enough: a tanker waiting 2.5 h far at sea
    v = new("tanker", "Greece")
    W = (35.30, 13.50)
    p = _appear_to_arrive(W, 12.0, h(9), 280, 35).stay(2.5 * H, AT_ANCHOR, drift_kn=0.4, rng=rng, step_s=900)
    t_end = p.now
    p.sail([(34.4, 14.2), (33.3, 15.2)], 12.0)
    acts.append(Actor(v, p))
    recs.append(_rec("negative_loitering", v.mmsi, h(9), t_end, "slow 2.5 h (< 4 h)"))
    # N6 fast ferry 25-38 kn (not spoofing); labels per fast run come from the truth
    from .traffic import ferry
    a = ferry(f, rng, t0, t0 + 60 * H, vid, "VALLETTA_POZZALLO")
    a.vessel.role = "negative_fast_ferry"
    vid += 1
    acts.append(a)
    # N7 name padding variants ('@' vs spaces) and identical re-broadcasts (not identity changes)
    v = new("pleasure", "Malta", ais="B")
    from .traffic import anchorage_route
    route = anchorage_route(R.PLEASURE_ROUTES[1], rng)
    p = Plan.start(h(1), *route[0]).sail(route[1:], 9.0).stay(2 * H, AT_ANCHOR).sail(list(reversed(route))[1:], 9.0)
    acts.append(Actor(v, p, name_variants=[v.identity.name, v.identity.name + "   ", v.identity.name + "@@"]))
    recs.append(_rec("negative_identity_change", v.mmsi, h(0), h(48), "name padded with spaces / '@'"))
    v = new("cargo", "Cyprus")
    p = Plan.start(h(0), *R.TRANSIT_WB[4]).sail(R.TRANSIT_WB[5:], 13.5)
    acts.append(Actor(v, p, name_variants=[v.identity.name, v.identity.name + "  "]))
    recs.append(_rec("negative_identity_change", v.mmsi, h(0), h(48), "type 5 name padded with spaces"))
    # N8 ferries berthing in narrow harbours: the Valletta fast ferry above berths in the Grand
    # Harbour, the Lampedusa ferry in Lampedusa's harbour -- both on Natural Earth 1:10m land
    recs.append(_rec("negative_spoofing", a.vessel.mmsi, h(0), h(MIN_HOURS),
                     "fast ferry berthing in Valletta's Grand Harbour (Natural Earth land)"))
    b = ferry(f, rng, t0, t0 + 60 * H, vid, "LAMPEDUSA_EMPEDOCLE")
    b.vessel.role = "negative_harbour_ferry"
    vid += 1
    acts.append(b)
    recs.append(_rec("negative_spoofing", b.vessel.mmsi, h(0), h(MIN_HOURS),
                     "ferry berthing in Lampedusa and Porto Empedocle harbours"))
    # N9 tankers alongside at Libyan terminals and harbours (basins Natural Earth fills)
    for route, dest in ((R.AUGUSTA_MISRATA, "MISURATA"), (R.MALTA_TRIPOLI, "TRIPOLI")):
        v = new("tanker", "Malta")
        v.identity = v.identity.with_(destination=dest)
        total = _route_len_m(route)[-1]
        p0, rest = _along(route, 0.75 * total)
        p = Plan.start(h(0), *p0).sail(rest, 11.0).stay(22 * H, MOORED)
        p.sail(list(reversed(route))[1:4], 11.0)
        acts.append(Actor(v, p))
        recs.append(_rec("negative_spoofing", v.mmsi, h(0), h(MIN_HOURS), f"tanker alongside at {dest.title()}"))
    # N10 a canal transit: Corinth Canal, 6.3 km through the isthmus at 6 kn
    v = new("cargo", "Greece", role="negative_canal_transit")
    v.identity = v.identity.with_(destination="PIRAEUS")
    p = Plan.start(h(2), *R.CORINTH_CANAL[0]).sail(R.CORINTH_CANAL[1:3], 10.0)
    p.sail(R.CORINTH_CANAL[3:6], 6.0).sail(R.CORINTH_CANAL[6:], 10.0).stay(30 * H, AT_ANCHOR)
    acts.append(Actor(v, p))
    recs.append(_rec("negative_spoofing", v.mmsi, h(0), h(MIN_HOURS), "Corinth Canal transit (isthmus on NE land)"))
    # N11 a cruise ship heard only by a satellite receiver whose times are collection times
    # (exactEarth style: each ~20 min of reports stamped with its downlink time 10-90 min later)
    v = new("ferry", "Malta", role="negative_collection_time")
    p = Plan.start(h(0), *R.IONIAN_CRUISE[0]).sail(R.IONIAN_CRUISE[1:], 19.0)
    p.sail(list(reversed(R.IONIAN_CRUISE))[1:], 19.0)
    acts.append(Actor(v, p, collection_time=True))
    recs.append(_rec("negative_spoofing", v.mmsi, h(0), h(MIN_HOURS),
                     "steady 19 kn cruise ship, satellite collection times"))
    recs.append(_rec("negative_gap", v.mmsi, h(0), h(MIN_HOURS), "satellite collection times reorder reports"))
    # N12 a default-MMSI cluster: three small Tunisian trawlers left with the placeholder MMSI
    # 672000000 (MID 672 + zeros), fishing at once 25-40 nm apart
    names = list(dict.fromkeys(f.name("fishing_b", "Tunisia") for _ in range(6)))[:3]
    for k, (cla, clo) in enumerate(R.DEFAULT_MMSI_GROUNDS):
        ident = f.identity("fishing_b", "Tunisia")
        if k < len(names):
            ident = ident.with_(name=names[k])
        dv = Vessel(vid, DEFAULT_MMSI, "fishing_b", "B", ident, role="negative_default_mmsi")
        vid += 1
        p = Plan.start(h(0), cla, clo).zigzag((cla, clo), 5.0, 2.5, 3.6, 60 * H, rng, FISHING)
        acts.append(Actor(dv, p))
    recs.append(_rec("negative_spoofing", DEFAULT_MMSI, h(0), h(MIN_HOURS),
                     "three boats on the placeholder MMSI 672000000 (identity quality, not spoofing)"))
    recs.append(_rec("negative_identity_change", DEFAULT_MMSI, h(0), h(MIN_HOURS),
                     "names of three boats sharing the placeholder MMSI 672000000"))
    return acts, recs, vid
