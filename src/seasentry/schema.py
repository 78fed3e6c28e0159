"""Column schemas shared by every stage (ingest -> store -> tracks -> detectors).

All times are UTC. In the store they are DuckDB ``TIMESTAMP`` (microseconds, no zone,
always UTC); in Arrow/Polars frames they are ``timestamp[us]`` and in detector kernels
``int64`` epoch microseconds or ``float64`` epoch seconds (documented per kernel).

Units: latitude/longitude in decimal degrees WGS84, speed over ground in knots, course
and heading in degrees true, rate of turn in degrees/minute, dimensions in metres,
draught in metres. AIS "not available" sentinels are nulls, never numbers.
"""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("us")

#: Position reports: AIS types 1/2/3 (class A), 4 (base station), 9 (SAR aircraft),
#: 18/19 (class B), 21 (aid to navigation), 27 (long range), and decoded CSV rows.
POSITIONS = pa.schema(
    [
        ("mmsi", pa.int64()),
        ("ts", TS),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("sog", pa.float32()),  # knots, null when not available (102.3)
        ("cog", pa.float32()),  # degrees, null when not available (360)
        ("heading", pa.int16()),  # degrees, null when not available (511)
        ("nav_status", pa.int8()),  # 0..15, 15 = not defined
        ("rot", pa.float32()),  # degrees/min from ROT_AIS -126..126; null for -128 and +-127 (see rot_raw)
        ("accuracy", pa.bool_()),
        ("second", pa.int8()),  # UTC second field, null for 60..63
        ("msg_type", pa.int8()),  # AIS message type; 0 for CSV rows
        ("station", pa.string()),  # receiving station (tag block s:), or null
        ("time_source", pa.string()),  # tagblock|trailing|pghp|column|base|arrival|csv
        ("source_id", pa.int32()),  # sources.source_id (ingest log)
        ("line_no", pa.int64()),  # 1-based line of the (first) sentence in the source
        ("msg_key", pa.int64()),  # content hash (signed 64-bit) for de-duplication
        # ROT_AIS as broadcast (ITU-R M.1371-5 Table 48): -126..126 a rate, 127 / -127 turning right /
        # left faster than 5 deg per 30 s without a turn indicator, -128 not available; null for
        # messages without the field. Last column: stores made before it get it by ALTER TABLE.
        ("rot_raw", pa.int8()),
    ]
)

#: Static and voyage reports: types 5, 19 (static part), 21 (AtoN name), 24 A/B, CSV statics.
STATICS = pa.schema(
    [
        ("mmsi", pa.int64()),
        ("ts", TS),
        ("msg_type", pa.int8()),
        ("part", pa.int8()),  # type 24 part number (0 = A, 1 = B), null otherwise
        ("imo", pa.int64()),
        ("callsign", pa.string()),
        ("name", pa.string()),
        ("ship_type", pa.int16()),  # as broadcast, 1..255 (0 = not available -> null); see ship_category
        ("dim_bow", pa.int16()),
        ("dim_stern", pa.int16()),
        ("dim_port", pa.int16()),
        ("dim_starboard", pa.int16()),
        ("draught", pa.float32()),
        ("destination", pa.string()),
        # "MM-DDTHH:MM" as broadcast (no year in AIS); month 00, day 00, hour 24, minute 60 = that
        # part not available (M.1371-5 Table 47); null when every part is not available
        ("eta", pa.string()),
        ("station", pa.string()),
        ("time_source", pa.string()),
        ("source_id", pa.int32()),
        ("line_no", pa.int64()),
        ("msg_key", pa.int64()),
        # ITU-R M.1371-5 Table 53 category of ship_type ("tanker, all ships of this type", "reserved
        # (regional use)", ...; seasentry.ingest.clean.SHIP_CATEGORIES). Last column, as rot_raw.
        ("ship_category", pa.string()),
    ]
)

#: Every other AIS message, kept with its type and raw payload.
OTHER = pa.schema(
    [
        ("mmsi", pa.int64()),
        ("ts", TS),
        ("msg_type", pa.int8()),
        ("payload", pa.string()),
        ("fill_bits", pa.int8()),
        ("station", pa.string()),
        ("time_source", pa.string()),
        ("source_id", pa.int32()),
        ("line_no", pa.int64()),
        ("msg_key", pa.int64()),
    ]
)

#: Original text of every stored message (chain of custody for case files).
RAW = pa.schema(
    [
        ("msg_key", pa.int64()),
        ("ts", TS),
        ("source_id", pa.int32()),
        ("line_no", pa.int64()),
        ("raw", pa.string()),
    ]
)

#: Lines or records that could not be used, kept with the reason.
REJECTS = pa.schema(
    [
        ("source_id", pa.int32()),
        ("line_no", pa.int64()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("raw", pa.string()),
    ]
)

#: Behaviour events (see docs/events/*.md). ``details`` is a JSON object as text.
#: Every event type stored in ``events``: the behaviour detectors' (``seasentry.detect.EVENT_TYPES``),
#: sanctions screening's, and the detection matching's (``seasentry.detections``). One list for the
#: CLI's ``--type`` check, the API filter and the alert rules.
ALL_EVENT_TYPES = ("gap", "encounter", "loitering", "port_visit", "zone_entry", "zone_exit", "spoofing",
                   "identity_change", "sanctions_match", "dark_detection", "ais_match")

EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("type", pa.string()),
        ("mmsi", pa.int64()),
        ("other_mmsi", pa.int64()),
        ("start", TS),
        ("end", TS),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("zone", pa.string()),
        ("details", pa.string()),
        ("confidence", pa.float64()),
    ]
)

#: Every reason a line or record can be rejected for, with its meaning (docs/ingest.md, "Rejects",
#: holds the same table; tests/test_reject_reasons.py checks both against the code).
REJECT_REASONS = {
    "not_ais": "line is not an AIS sentence (other NMEA such as $GPRMC or $BSALR, a comment, or junk)",
    "bad_checksum": "NMEA checksum does not match",
    "bad_format": "sentence fields are malformed (field count, fragment numbers or fill bits)",
    "bad_tagblock": "tag block is malformed: a field cannot be read (a wrong tag-block checksum alone is not a reject: real feeds write dummy ones such as *00)",
    "empty_payload": "sentence has no payload",
    "bad_payload": "payload contains characters outside the AIS 6-bit alphabet",
    "bad_bitcount": "payload is too short for its message type (fewer bits than its fields need)",
    "decode_error": "payload could not be decoded (e.g. type 24 part 2/3)",
    "orphan_fragment": "part of a multipart message whose other parts never arrived",
    "no_timestamp": "no time could be found for the message (pass --base-time)",
    "invalid_mmsi": "MMSI below 1,000,000 (no MID: anonymised ids, test values) or above 999,999,999",
    "invalid_position": "latitude/longitude outside the valid range (91/181, not available, become nulls instead)",
    "bad_record": "CSV record without a readable MMSI or time, or with neither a position nor identity columns, "
                  "or one the csv module cannot read (CSV record not readable (...), e.g. a bare carriage return "
                  "inside an unquoted field; the rest of the input is read; a header it cannot read fails the input)",
    "line_too_long": "line exceeds the maximum length (ingest.max_line_length)",
}
