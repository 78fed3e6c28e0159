"""Prepared shapely geometries that several threads may query.

GEOS prepared geometries are not thread-safe (libgeos/geos#825: their lazily built indexes
and intersector state are shared by every query). Two threads querying one prepared
geometry at once corrupt the heap: ``tests/test_geo_threads.py`` reproduces it here with two
threads calling ``shapely.contains_xy`` on the prepared world land polygons (shapely 2.2 /
GEOS 3.14), warmed up or not. The geography objects are shared by the threads of a threaded
Dask cluster (``LocalCluster(processes=False)``) and of the web server, so the shared prepared
geometries are queried through :func:`contains_xy`, which lets one thread at a time in (the
query itself is vectorised and short; single-threaded processes pay an uncontended lock).
"""

from __future__ import annotations

import threading

import shapely

_LOCK = threading.Lock()


def prepare_shared(geom):
    """``shapely.prepare(geom)``; returns ``geom``. Query it with :func:`contains_xy` only."""
    shapely.prepare(geom)
    return geom


def contains_xy(geom, x, y):
    """``shapely.contains_xy`` on a geometry shared between threads, one thread at a time."""
    with _LOCK:
        return shapely.contains_xy(geom, x, y)


def box_states(geom, x0: float, y0: float, cell: float, nx: int, ny: int, pad: float = 1e-9):
    """(ny, nx) int8 grid of the cells [x0 + i*cell, x0 + (i+1)*cell] x [y0 + j*cell, ...] of a
    geometry shared between threads, each cell grown by ``pad`` on every side: 1 when the
    geometry contains the cell properly (every point of it is inside), 0 when they do not
    intersect (every point is outside), 2 otherwise. One thread at a time, as :func:`contains_xy`."""
    import numpy as np

    xs = x0 + np.arange(nx) * cell
    ys = y0 + np.arange(ny) * cell
    gx, gy = np.meshgrid(xs, ys)
    boxes = shapely.box(gx.ravel() - pad, gy.ravel() - pad, gx.ravel() + cell + pad, gy.ravel() + cell + pad)
    with _LOCK:
        inside = shapely.contains_properly(geom, boxes)
        touch = shapely.intersects(geom, boxes)
    return np.where(inside, 1, np.where(touch, 2, 0)).astype(np.int8).reshape(ny, nx)

