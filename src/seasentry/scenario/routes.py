"""Sea lanes, berths and grounds of the Strait of Sicily and the Libyan coast.

Every waypoint is (lat, lon) in decimal degrees. Lanes were drawn from the general pattern of
traffic in the area (Gibraltar-Suez transit north of Cap Bon, between Pantelleria and Sicily, then
south of Malta towards Crete; ferry lines Tunis-Palermo, Valletta-Pozzallo, Lampedusa-Porto
Empedocle; tanker approaches to the Libyan terminals).

Berths are the shipped port points (``data/geo/ports_world.csv``), which lie on the harbour water
of the high-resolution OpenStreetMap land mask (``seasentry.geo.landmask``): inside Valletta's
Grand Harbour, Tripoli's and Misrata's basins, at the Libyan terminals' moorings -- where Natural
Earth 1:10m draws land. Harbour approaches (``*_IN``) lead from open water to them through the
harbour mouths. ``tests/test_scenario.py::test_routes_stay_at_sea`` checks every lane, approach and
berth against that mask every 40 m.
"""

from __future__ import annotations

#: Berths / terminal moorings: the port points of ports_world.csv (on harbour water)
BERTHS: dict[str, tuple[float, float]] = {
    "TUNIS": (36.8100, 10.3070),        # La Goulette
    "PALERMO": (38.1300, 13.3700),
    "VALLETTA": (35.8930, 14.5160),     # Grand Harbour, Valletta waterfront (ferry berths)
    "MARSAXLOKK": (35.8230, 14.5400),   # Malta Freeport
    "POZZALLO": (36.7170, 14.8380),
    "LAMPEDUSA": (35.4960, 12.6029),
    "PORTO_EMPEDOCLE": (37.2845, 13.5255),
    "MAZARA": (37.6445, 12.5868),
    "AUGUSTA": (37.2200, 15.2100),
    "ZUWARA": (32.9330, 12.1120),
    "ZAWIA": (32.8008, 12.7050),        # Zawia oil terminal moorings
    "MISRATA": (32.3680, 15.2225),      # Qasr Ahmed harbour basin
    "TRIPOLI": (32.9010, 13.1860),      # Tripoli harbour basin
    "RAS_LANUF": (30.5030, 18.5740),
    "ES_SIDER": (30.6450, 18.3600),
    "BREGA": (30.4200, 19.5800),
    "SFAX": (34.7302, 10.7720),
}

#: Harbour approaches: from open water outside the harbour mouth to the berth
HARBOUR_IN: dict[str, list[tuple[float, float]]] = {
    "VALLETTA": [(35.9060, 14.5320), (35.8990, 14.5240), BERTHS["VALLETTA"]],
    "MARSAXLOKK": [(35.8150, 14.5600), (35.8245, 14.5470), BERTHS["MARSAXLOKK"]],
    "MISRATA": [(32.3800, 15.2350), (32.3720, 15.2250), BERTHS["MISRATA"]],
    "TRIPOLI": [(32.9200, 13.2050), (32.9085, 13.2000), (32.9040, 13.1960), BERTHS["TRIPOLI"]],
    "LAMPEDUSA": [(35.4800, 12.6050), (35.4890, 12.6010), (35.4940, 12.6010), BERTHS["LAMPEDUSA"]],
    "PALERMO": [(38.1500, 13.3800), (38.1400, 13.3733), (38.1340, 13.3720), BERTHS["PALERMO"]],
}

#: Westbound Gibraltar -> Suez transit (eastbound lane is offset south by ~1.5 nm)
TRANSIT_EB = [
    (37.45, 7.05), (37.55, 9.0), (37.42, 10.8), (37.25, 11.35), (36.95, 12.2), (36.45, 13.2),
    (35.55, 14.35), (35.35, 15.2), (34.6, 18.5), (34.05, 21.5), (33.75, 25.95),
]
TRANSIT_WB = [(la + 0.03, lo) for la, lo in reversed(TRANSIT_EB)]

#: Sicily Channel north-south: Augusta / Malta to Tripoli area
AUGUSTA_MISRATA = [BERTHS["AUGUSTA"], (37.215, 15.215), (37.19, 15.26), (37.10, 15.45), (36.6, 15.45), (35.7, 15.1),
                   (33.5, 15.2), (32.6, 15.25), *HARBOUR_IN["MISRATA"]]
MALTA_ZAWIA = [*reversed(HARBOUR_IN["MARSAXLOKK"]), (35.78, 14.60), (35.50, 14.35), (34.3, 13.4), (33.2, 12.8),
               BERTHS["ZAWIA"]]
MALTA_TRIPOLI = [*reversed(HARBOUR_IN["MARSAXLOKK"]), (35.70, 14.55), (34.5, 13.8), (33.3, 13.3),
                 *HARBOUR_IN["TRIPOLI"]]
LANE_TO_SIRTE = [(34.6, 18.5), (33.2, 18.5), (31.3, 18.5)]

FERRY_TUNIS_PALERMO = [BERTHS["TUNIS"], (36.88, 10.42), (37.20, 10.55), (37.75, 11.3), (38.25, 12.3),
                       (38.25, 13.0), (38.24, 13.40), (38.16, 13.40), *HARBOUR_IN["PALERMO"]]
FERRY_VALLETTA_POZZALLO = [*reversed(HARBOUR_IN["VALLETTA"]), (35.97, 14.58), (36.35, 14.72), (36.66, 14.84),
                           BERTHS["POZZALLO"]]
FERRY_LAMPEDUSA_EMPEDOCLE = [*reversed(HARBOUR_IN["LAMPEDUSA"]), (35.48, 12.62), (35.50, 12.68), (35.56, 12.72), (35.80, 12.95), (36.5, 13.25),
                             (37.20, 13.50), BERTHS["PORTO_EMPEDOCLE"]]

#: Fishing grounds (centre, half-width nm): all more than 12 nm from shore except where noted
GROUNDS: dict[str, tuple[tuple[float, float], float]] = {
    "MAMMELLONE": ((35.85, 12.35), 10.0),     # between Lampedusa and Tunisia
    "ADVENTURE_BANK": ((37.05, 12.55), 8.0),  # Mazara trawlers
    "MALTA_SE": ((35.45, 14.95), 8.0),
    "MALTA_SW": ((35.55, 13.95), 8.0),
    "GABES": ((34.35, 11.45), 7.0),           # Gulf of Gabes (Tunisian)
    "ZUWARA_OFF": ((33.35, 11.85), 8.0),      # off Zuwara (Libyan)
    "TRIPOLI_OFF": ((33.30, 13.60), 8.0),
    "MEDINA_BANK": ((34.90, 14.40), 8.0),
}

#: Pleasure craft hops (all short, near Malta and south-east Sicily)
PLEASURE_ROUTES = [
    [*reversed(HARBOUR_IN["VALLETTA"]), (35.95, 14.56), (36.05, 14.45), (36.12, 14.35)],     # north of Gozo
    [*reversed(HARBOUR_IN["MARSAXLOKK"]), (35.70, 14.70), (35.95, 14.90), (36.40, 15.05), (36.66, 15.17)],
    [(36.70, 14.40), (36.55, 14.30), (36.20, 14.45), (36.02, 14.55)],         # Marina di Ragusa -> Malta
    [(35.95, 14.60), (35.75, 14.65), (35.60, 14.30), (35.75, 14.15)],
]

#: AIS receiving stations (name, lat, lon, range nm). Terrestrial VHF range ~40 nm for a high
#: antenna; beyond every range a message is heard by satellite ("SAT").
STATIONS = [
    ("MT-DINGLI", 35.86, 14.38, 45.0), ("MT-DELIMARA", 35.83, 14.56, 45.0),
    ("IT-LAMPEDUSA", 35.51, 12.57, 40.0), ("IT-PANTELLERIA", 36.80, 11.99, 40.0),
    ("IT-MAZARA", 37.65, 12.59, 40.0), ("IT-POZZALLO", 36.73, 14.85, 40.0),
    ("IT-AUGUSTA", 37.22, 15.22, 40.0), ("IT-PALERMO", 38.13, 13.35, 40.0),
    ("TN-KELIBIA", 36.85, 11.10, 40.0), ("TN-SFAX", 34.74, 10.76, 35.0),
]

#: Base stations sending type 4 (name, MMSI 00MIDXXXX, lat, lon)
BASE_STATIONS = [
    ("MALTA", 2_150_100, 35.86, 14.38),
    ("LAMPEDUSA", 2_470_031, 35.51, 12.57),
    ("POZZALLO", 2_470_046, 36.73, 14.85),
]

#: Canal transit: Gulf of Corinth -> Corinth Canal (6.3 km, 25 m wide) -> Saronic Gulf. Natural Earth
#: 1:10m draws the isthmus as land; the canal is water on the OSM mask and in the shipped waterways
CORINTH_CANAL = [(38.0500, 22.8000), (37.9750, 22.9250), (37.9560, 22.9560), (37.9525, 22.9595),
                 (37.9510, 22.9611), (37.9175, 23.0078), (37.9120, 23.0150), (37.8500, 23.1500)]

#: A cruise ship's open-sea run in the Ionian and Libyan seas, outside every territorial sea and
#: terrestrial receiver: heard only by satellite
IONIAN_CRUISE = [(36.80, 17.20), (35.60, 20.60), (34.40, 24.80)]

#: Where the default-MMSI boats fish (Medina Bank and around, far from ports and territorial seas)
DEFAULT_MMSI_GROUNDS = [(34.90, 14.40), (35.15, 14.05), (34.62, 14.85)]

ALL_ROUTES = {
    "TRANSIT_EB": TRANSIT_EB, "TRANSIT_WB": TRANSIT_WB, "AUGUSTA_MISRATA": AUGUSTA_MISRATA,
    "MALTA_ZAWIA": MALTA_ZAWIA, "MALTA_TRIPOLI": MALTA_TRIPOLI, "LANE_TO_SIRTE": LANE_TO_SIRTE,
    "FERRY_TUNIS_PALERMO": FERRY_TUNIS_PALERMO, "FERRY_VALLETTA_POZZALLO": FERRY_VALLETTA_POZZALLO,
    "FERRY_LAMPEDUSA_EMPEDOCLE": FERRY_LAMPEDUSA_EMPEDOCLE,
    "CORINTH_CANAL": CORINTH_CANAL, "IONIAN_CRUISE": IONIAN_CRUISE,
    **{f"PLEASURE_{i}": r for i, r in enumerate(PLEASURE_ROUTES)},
}
