"""SAR geometry: pass direction, satellite heading and the azimuth shift of moving ships.

**Azimuth shift.** A target moving with a velocity component v_r along the radar line of sight
has a Doppler shift that SAR focusing turns into a displacement along the satellite track
(Raney 1971, "Synthetic aperture imaging radar and moving targets", IEEE Trans. AES 7(3)):

    shift_along_track = -(R / V) * v_r

with R the slant range, V the satellite velocity and v_r > 0 for a target moving away from the
radar. For a ship with ground velocity (v_east, v_north) and a right-looking radar whose look
direction is the satellite heading + 90 deg, v_r = v_ground . u_look * sin(incidence). So a ship
moving away from the satellite appears *behind* (against the satellite's direction of travel),
one moving toward it appears ahead; ships moving along the track are not displaced. Sentinel-1
IW: R ~ 850 km, V ~ 7.4 km/s, R/V ~ 115 s, so 10 kn straight toward the radar at 37 deg incidence
shifts a ship ~360 m. GFW applies the same correction to AIS positions before matching
(paper-longline-ais-sar-matching, 01_extrapolate_ais.sql.j2: "doppler offset" = speed
perpendicular to the track x sin(look angle) / satellite speed x distance to the satellite,
subtracted along the satellite course). Optical, VIIRS and coastal-radar detections have no
such shift.

**Satellite heading.** Sentinel-1 and RADARSAT-2 fly sun-synchronous dawn-dusk orbits (ascending
node at 18:00 local solar time), so a scene at 12-24 h local solar time is on an ascending pass,
0-12 h descending. The ground-track heading at latitude phi for inclination i is
asin(cos i / cos phi) from north (ascending; 180 deg minus that descending), corrected for the
Earth's rotation under the satellite.
"""

from __future__ import annotations

import numpy as np

OMEGA_EARTH = 7.2921159e-5       # rad/s
SAT_SPEED_M_S = 7450.0           # orbital speed at ~700 km altitude (ground-track speed ~6.9 km/s)
KN = 1852.0 / 3600.0             # m/s per knot


def local_solar_hours(t_s: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Approximate local (mean) solar time in hours, from epoch seconds and longitude."""
    return np.mod((np.asarray(t_s, float) % 86400.0) / 3600.0 + np.asarray(lon, float) / 15.0, 24.0)


def pass_direction(t_s: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """'ascending' (12-24 h local solar time) or 'descending' for dawn-dusk SAR orbits."""
    lst = local_solar_hours(t_s, lon)
    return np.where(lst >= 12.0, "ascending", "descending").astype(object)


def track_heading_deg(lat: np.ndarray, ascending: np.ndarray, inclination_deg: float = 98.18) -> np.ndarray:
    """Ground-track heading (degrees true) of a sun-synchronous satellite at latitude ``lat``."""
    lat = np.radians(np.asarray(lat, float))
    inc = np.radians(inclination_deg)
    s = np.clip(np.cos(inc) / np.maximum(np.cos(lat), 1e-6), -1.0, 1.0)
    h_inertial = np.arcsin(s)                 # ascending, from north (negative = west of north)
    # velocity relative to the rotating Earth: subtract the surface's eastward speed
    v_n = SAT_SPEED_M_S * np.cos(h_inertial)
    v_e = SAT_SPEED_M_S * np.sin(h_inertial) - OMEGA_EARTH * 6_371_000.0 * np.cos(lat)
    asc = np.degrees(np.arctan2(v_e, v_n))
    desc = np.degrees(np.arctan2(v_e, -v_n))
    return np.mod(np.where(np.asarray(ascending, bool), asc, desc), 360.0)


def azimuth_shift_m(sog_kn: np.ndarray, cog_deg: np.ndarray, sat_heading_deg: np.ndarray,
                    r_over_v_s: float, incidence_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """(east, north) displacement in metres of a moving ship's SAR image relative to its true
    position, for a right-looking radar (Sentinel-1, RADARSAT-2). NaN inputs give 0."""
    sog = np.nan_to_num(np.asarray(sog_kn, float), nan=0.0) * KN
    cog = np.radians(np.nan_to_num(np.asarray(cog_deg, float), nan=0.0))
    hd = np.radians(np.asarray(sat_heading_deg, float))
    ok = np.isfinite(hd)
    hd = np.where(ok, hd, 0.0)
    look = hd + np.pi / 2.0
    v_e, v_n = sog * np.sin(cog), sog * np.cos(cog)
    v_r = (v_e * np.sin(look) + v_n * np.cos(look)) * np.sin(np.radians(incidence_deg))  # > 0: away
    along = -r_over_v_s * v_r
    along = np.where(ok, along, 0.0)
    return along * np.sin(hd), along * np.cos(hd)
