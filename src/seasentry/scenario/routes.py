"""Sea lanes, berths and grounds of the Strait of Sicily and the Libyan coast.

Every waypoint is (lat, lon) in decimal degrees. Lanes were drawn from the general pattern of
traffic in the area (Gibraltar-Suez transit north of Cap Bon, between Pantelleria and Sicily, then
south of Malta towards Crete; ferry lines Tunis-Palermo, Valletta-Pozzallo, Lampedusa-Porto
Empedocle; tanker approaches to the Libyan terminals) and checked against Natural Earth 1:10m land
by ``tests/test_scenario.py::test_routes_stay_at_sea``. Berths are in the water within 3 km of
the port's listed position, so a stop there is a port visit (GFW's 3 km entry radius).
"""

from __future__ import annotations

#: Berths / terminal moorings (in water)
BERTHS: dict[str, tuple[float, float]] = {
    "TUNIS": (36.810, 10.308),          # La Goulette
    "PALERMO": (38.133, 13.379),
    "VALLETTA": (35.906, 14.522),       # Grand Harbour
    "MARSAXLOKK": (35.815, 14.536),
    "POZZALLO": (36.717, 14.841),
    "LAMPEDUSA": (35.488, 12.596),
    "PORTO_EMPEDOCLE": (37.278, 13.524),
    "MAZARA": (37.639, 12.583),
    "AUGUSTA": (37.237, 15.203),
    "ZUWARA": (32.936, 12.116),
    "ZAWIA": (32.803, 12.706),          # Zawia oil terminal moorings
    "MISRATA": (32.360, 15.230),        # Qasr Ahmed
    "RAS_LANUF": (30.499, 18.579),
    "ES_SIDER": (30.640, 18.361),
    "BREGA": (30.414, 19.574),
    "SFAX": (34.736, 10.785),
}

#: Westbound Gibraltar -> Suez transit (eastbound lane is offset south by ~1.5 nm)
TRANSIT_EB = [
    (37.45, 7.05), (37.55, 9.0), (37.42, 10.8), (37.25, 11.35), (36.95, 12.2), (36.45, 13.2),
    (35.55, 14.35), (35.35, 15.2), (34.6, 18.5), (34.05, 21.5), (33.75, 25.95),
]
TRANSIT_WB = [(la + 0.03, lo) for la, lo in reversed(TRANSIT_EB)]

#: Sicily Channel north-south: Augusta / Malta to Tripoli area
AUGUSTA_MISRATA = [BERTHS["AUGUSTA"], (37.215, 15.215), (37.19, 15.26), (37.10, 15.45), (36.6, 15.45), (35.7, 15.1),
                   (33.5, 15.2), (32.6, 15.25), BERTHS["MISRATA"]]
MALTA_ZAWIA = [BERTHS["MARSAXLOKK"], (35.78, 14.60), (35.50, 14.35), (34.3, 13.4), (33.2, 12.8), BERTHS["ZAWIA"]]
LANE_TO_SIRTE = [(34.6, 18.5), (33.2, 18.5), (31.3, 18.5)]

FERRY_TUNIS_PALERMO = [BERTHS["TUNIS"], (36.88, 10.42), (37.20, 10.55), (37.75, 11.3), (38.25, 12.3),
                       (38.25, 13.0), (38.24, 13.40), (38.16, 13.40),
                       BERTHS["PALERMO"]]
FERRY_VALLETTA_POZZALLO = [BERTHS["VALLETTA"], (35.97, 14.58), (36.35, 14.72), (36.66, 14.84),
                           BERTHS["POZZALLO"]]
FERRY_LAMPEDUSA_EMPEDOCLE = [BERTHS["LAMPEDUSA"], (35.48, 12.62), (35.50, 12.68), (35.56, 12.72), (35.80, 12.95), (36.5, 13.25),
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
    [BERTHS["VALLETTA"], (35.95, 14.56), (36.05, 14.45), (36.12, 14.35)],     # north of Gozo
    [BERTHS["MARSAXLOKK"], (35.70, 14.70), (35.95, 14.90), (36.40, 15.05), (36.66, 15.17)],  # to Portopalo
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

ALL_ROUTES = {
    "TRANSIT_EB": TRANSIT_EB, "TRANSIT_WB": TRANSIT_WB, "AUGUSTA_MISRATA": AUGUSTA_MISRATA,
    "MALTA_ZAWIA": MALTA_ZAWIA, "LANE_TO_SIRTE": LANE_TO_SIRTE,
    "FERRY_TUNIS_PALERMO": FERRY_TUNIS_PALERMO, "FERRY_VALLETTA_POZZALLO": FERRY_VALLETTA_POZZALLO,
    "FERRY_LAMPEDUSA_EMPEDOCLE": FERRY_LAMPEDUSA_EMPEDOCLE,
    **{f"PLEASURE_{i}": r for i, r in enumerate(PLEASURE_ROUTES)},
}
