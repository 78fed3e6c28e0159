"""Column schemas of satellite / radar detections, their scenes and the matching results.

Times are UTC (``timestamp[us]``, naive, like the rest of the store); positions WGS84 degrees;
lengths metres; speeds knots; headings degrees true; confidence 0-1.
"""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("us")

#: Sensor kinds (they set the position error and whether a SAR azimuth shift applies).
SENSORS = ("sar", "optical", "viirs", "radar", "other")

#: One row per detection read from an input file.
DETECTIONS = pa.schema([
    ("detection_id", pa.string()),   # the input's own id, or a stable one made from the row
    ("scene_id", pa.string()),
    ("ts", TS),                       # image time of the detection
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("length_m", pa.float64()),       # null when the sensor gives none (VIIRS)
    ("width_m", pa.float64()),
    ("heading_deg", pa.float64()),
    ("speed_kn", pa.float64()),
    ("confidence", pa.float64()),     # 0-1, null when the producer gives none
    ("source", pa.string()),          # e.g. sentinel-1, radarsat-2, sentinel-2, viirs, or --source NAME
    ("sensor", pa.string()),          # one of SENSORS
    ("source_id", pa.int32()),        # sources.source_id (ingest log)
    ("line_no", pa.int64()),          # 1-based row of the input (line in CSV, feature/record number otherwise)
    ("attributes", pa.string()),      # other input columns, JSON object
])

#: One row per scene (image): time window and footprint.
SCENES = pa.schema([
    ("scene_id", pa.string()),
    ("source", pa.string()),
    ("sensor", pa.string()),
    ("start", TS),
    ("end", TS),
    ("ts", TS),                       # image time (midpoint of start and end)
    ("footprint", pa.string()),       # WKT polygon, null when unknown
    ("min_lon", pa.float64()),
    ("min_lat", pa.float64()),
    ("max_lon", pa.float64()),
    ("max_lat", pa.float64()),
    ("pass_direction", pa.string()),  # ascending | descending | null
    ("sat_heading_deg", pa.float64()),  # satellite ground-track heading, null when unknown
    ("source_id", pa.int32()),
])

CANDIDATE = pa.struct([
    ("mmsi", pa.int64()),
    ("distance_m", pa.float64()),     # detection to the vessel's expected position at image time
    ("sigma_m", pa.float64()),        # the vessel's position uncertainty there
    ("report_min", pa.float64()),     # minutes from the image time to its nearest AIS report
    ("length_m", pa.float64()),       # AIS length
    ("score", pa.float64()),
    ("why", pa.string()),             # matched, or why rejected
])

#: One row per detection: the outcome of matching (replaced by every detection run).
RESULTS = pa.schema([
    ("detection_id", pa.string()),
    ("status", pa.string()),          # matched | ambiguous | dark | infrastructure | rejected
    ("reason", pa.string()),          # rejected / infrastructure: why
    ("mmsi", pa.int64()),             # matched / ambiguous: the vessel
    ("score", pa.float64()),
    ("distance_m", pa.float64()),
    ("candidates", pa.list_(CANDIDATE)),
    ("target_id", pa.int64()),        # dark: the event's subject id (negative, see context.py)
    ("track_id", pa.string()),        # dark: possible track across scenes
    ("event_id", pa.string()),        # dark_detection / ais_match event
])

#: AIS vessels inside a footprint at image time that no detection matched.
MISSED = pa.schema([
    ("scene_id", pa.string()),
    ("mmsi", pa.int64()),
    ("ts", TS),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("length_m", pa.float64()),
    ("sigma_m", pa.float64()),
    ("report_min", pa.float64()),
    ("reason", pa.string()),
    # the AIS track segment (seasentry.tracks) of the MMSI: boats sharing a default MMSI are
    # separate tracks, so one can be matched in a scene while another is missed
    ("track_id", pa.int32()),
])

STATUSES = ("matched", "ambiguous", "dark", "infrastructure", "rejected")

#: Reasons a detection row is not stored (kept in the ``rejects`` table with the row).
REJECT_REASONS = {
    "no_position": "latitude/longitude missing or not a number",
    "invalid_position": "latitude/longitude outside the valid range",
    "no_time": "no image time (row or scene) could be read",
    "bad_value": "a numeric field (length, confidence, heading ...) is not a number or out of range",
    "bad_record": "the record could not be parsed",
    "duplicate_id": "another detection with this id and different content is already stored",
    "bad_footprint": "the footprint is not a valid WKT/GeoJSON polygon",
}
