"""Coordinate helpers shared by the geo modules (vectorised, NaN-safe)."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius (used for KD-tree chord -> arc conversions)


def as_lat_lon(lat, lon) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
    """Broadcast ``lat``/``lon`` to flat float64 arrays.

    Returns ``(lat, lon, valid, shape)``: ``valid`` is False for NaN/inf, |lat| > 90 or
    |lon| > 180 (AIS uses lat 91 / lon 181 for "not available", so longitudes are never wrapped);
    invalid entries are set to 0 so callers can index safely. ``shape`` is the broadcast input
    shape for reshaping results.
    """
    la, lo = np.broadcast_arrays(np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64))
    shape = la.shape
    la = la.ravel().copy()
    lo = lo.ravel().copy()
    valid = np.isfinite(la) & np.isfinite(lo) & (np.abs(la) <= 90.0) & (np.abs(lo) <= 180.0)
    la[~valid] = 0.0
    lo[~valid] = 0.0
    return la, lo, valid, shape


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(n, 3) unit vectors on the sphere; Euclidean nearest neighbour = great-circle nearest."""
    la, lo = np.radians(lat), np.radians(lon)
    c = np.cos(la)
    return np.column_stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)])


def km_to_chord(km: float) -> float:
    """Great-circle distance in km -> unit-sphere chord length, a hair over (a KD-tree's search
    bound that keeps a point at exactly that distance)."""
    return 2.0 * np.sin(min(float(km) / EARTH_RADIUS_KM, np.pi) / 2.0) + 1e-12


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    """Unit-sphere chord length -> great-circle distance in km (spherical, mean radius)."""
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord) / 2.0, 0.0, 1.0))
