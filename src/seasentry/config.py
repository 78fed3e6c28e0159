"""One typed configuration for every threshold in seasentry.

Every setting has a default, a unit and the source it came from. Settings can be
overridden by a YAML or TOML file (``--config FILE``) and by ``--set section.name=value``
on the command line. ``seasentry config`` prints them all.

Adding a setting: add a field with ``setting(default, unit, source, doc)`` to the
section's dataclass. Nothing else reads thresholds from anywhere else.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ._lazy import lazy

yaml = lazy("yaml")  # only settings files need it


def setting(default: Any, unit: str, source: str, doc: str) -> Any:
    return field(default=default, metadata={"unit": unit, "source": source, "doc": doc})


GFW_EVENTS = "Global Fishing Watch, 'Events' data caveats and pipe-events (github.com/GlobalFishingWatch)"
GFW_GAPS = "Welch et al. 2022, 'Hot spots of unseen fishing vessels', Science Advances 8(44) (GFW AIS gaps)"
GFW_ENC = "Miller et al. 2018, 'Identifying global patterns of transshipment behavior', Front. Mar. Sci. 5:240"
GFW_PORTS = "GFW anchorages and port-visit pipeline (pipe-anchorages, port-visits state machine)"
GFW_SEG = "GFW segmenter (gpsdio-segment): speed/distance based segmentation of AIS tracks"
UNPOE = "UN Panel of Experts on Libya, final reports S/2017/466, S/2018/812, S/2019/914 (fuel smuggling off Malta)"
GFW_PLACEHOLDER = (
    "ITU-R M.585 (an MMSI identifies one ship); GFW excludes MMSIs 100000000, 111111111, 123456789, 222222222, "
    "999999999 and those ending in 000000 as 'likely spoofing' (github.com/GlobalFishingWatch/treniformis, "
    "_assets/GFW/WKV/FISHING/README.md); the rule, seasentry.detect.identity_quality.is_default_mmsi, takes "
    "the nine-digit MMSIs ending in 000000, those of one repeated digit and 123456789, 12345678, 987654321")
ITU = "ITU-R M.1371-5, Technical characteristics for an AIS (not-available values and ranges)"
UNCLOS = "UNCLOS art. 3: territorial sea up to 12 nautical miles from baselines"


@dataclass
class IngestConfig:
    dedup_window_s: float = setting(
        30.0, "s", "GFW ais-tools de-duplication of the same payload heard by several receivers",
        "Identical payloads within this many seconds are one message heard twice.")
    fragment_ttl_lines: int = setting(
        1000, "lines", "seasentry (orphan handling)",
        "A multipart fragment waits this many lines for its siblings, then becomes an orphan reject.")
    fragment_ttl_s: float = setting(
        120.0, "s", "seasentry (orphan handling)",
        "A multipart fragment waits this long (message time) for its siblings.")
    max_line_length: int = setting(
        4096, "bytes", "NMEA 0183 caps sentences at 82 characters; tag blocks and trailers add more",
        "Longer lines are rejected as line_too_long.")
    chunk_lines: int = setting(
        200_000, "lines", "seasentry (memory bound)",
        "Lines decoded and written per batch; bounds memory.")
    keep_raw: bool = setting(
        True, "bool", "chain of custody for case files",
        "Keep the original text of every stored message.")
    archive_flush_messages: int = setting(
        500_000, "messages", "seasentry (memory bound of `ingest --archive`; one worker over a 256 MB input, "
        "peak RSS 664-669 MB at 1M, 556-560 at 500k, 500-507 at 250k, CPU 4.1-4.8 s for all, "
        "docs/benchmarks.md, \"Session 11, the archive path\")",
        "Decoded messages an archive-ingest worker buffers before appending them to the bucket files "
        "(one row group per bucket and flush); bounds each worker's memory.")
    archive_rotate_messages: int = setting(
        50_000_000, "messages", "seasentry (crash recovery of `ingest --archive`)",
        "An archive-ingest worker commits its files after this many messages (at an input-file "
        "boundary); an interrupted ingest reads again only the inputs of uncommitted rotations.")
    archive_rotate_row_groups: int = setting(
        1_024, "row groups", "seasentry (pyarrow ParquetWriter memory, benchmarks/bench_e2e.py --rss-log; one "
        "worker over four 256 MB inputs at 128 buckets: peak RSS 682-690 MB at 4,096, 632 at 2,048, 584-589 at "
        "1,024, CPU within the noise, docs/benchmarks.md, \"Session 11, the archive path\")",
        "An archive-ingest worker also commits its files (at an input-file boundary) once it has "
        "appended this many row groups to them (one per bucket, table and flush): an open "
        "ParquetWriter keeps the metadata of every row group it wrote until it is closed, so this "
        "bounds a worker's memory whatever the bucket count and input size.")


@dataclass
class StoreConfig:
    buckets: int = setting(
        64, "buckets", "seasentry (docs/scale-out.md, \"One engine\": memory of one bucket per worker)",
        "MMSI buckets of a store when its message tables move to Parquet parts (fixed from then on): "
        "detection reads one bucket at a time, ingest writes one file per bucket and worker.")
    bulk_min_mb: float = setting(
        48.0, "MB", "seasentry (benchmarks/bench_e2e.py: below it, worker start-up outweighs the parallel write)",
        "NMEA inputs of at least this many MB in one command (fast decoder) are ingested by worker "
        "processes straight into the Parquet parts; smaller ones into the store's DuckDB tables.")
    split_min_mb: float = setting(
        32.0, "MB", "seasentry (1M messages in one 90 MB file: one worker decoded it while the other core "
        "idled; benchmarks/bench_e2e.py, docs/benchmarks.md \"Issue 19\")",
        "A plain (uncompressed, not an archive member) NMEA input of a bulk ingest of at least this "
        "many MB that is more than a worker's share of the inputs is cut at line starts into byte "
        "ranges that several workers decode at once (the same rows, rejects and counts); smaller "
        "ones too, into ranges of at least this size, while whole they would leave the workers "
        "uneven shares.")
    workers: int = setting(
        0, "processes", "seasentry (2-core reference machine: one per core)",
        "Worker processes for large ingests and detection; 0 = one per core.")
    flush_messages: int = setting(
        250_000, "messages", "seasentry (memory bound of an ingest worker: 1M messages in 2 MB blocks, peak "
        "432 MB at 500,000, 369 MB at 250,000, same CPU; benchmarks/bench_e2e.py --rss-log)",
        "Decoded messages an ingest worker buffers before appending them to its bucket files "
        "(one row group per bucket and flush).")
    sort_messages: int = setting(
        65_536, "messages", "seasentry (one ingest worker in-process over 2M messages: CPU 6.2-6.8 s with "
        "each 2 MB block sorted on its own, 5.8-5.9 s at 65,536; benchmarks/bench_ingest_worker.py, "
        "docs/benchmarks.md 'Session 6: CPU per message')",
        "Decoded messages an ingest worker gathers from its blocks before sorting them by MMSI bucket "
        "(one copy); each row group of a flush is written from one slice per such piece, and the "
        "Parquet writer's CPU grows with the slices (1: every block on its own).")
    generation_flushes: int = setting(
        20, "flushes", "seasentry (an open Parquet writer keeps ~19 KB of metadata per row group: +3.6 MB "
        "of worker RSS per flush of 256 files, +180 MB per worker at 50M messages against 10M; "
        "benchmarks/bench_e2e.py --rss-log, docs/benchmarks.md 'Issue 19')",
        "An ingest worker closes its part files after this many flushes and opens new ones (a "
        "generation: at 50M messages on 2 workers 10 files per bucket and table).")
    reuse_workers_mb: float = setting(
        128.0, "MB", "seasentry (1M messages, 90 MB: two worker start-ups cost ~2 CPU s of a ~10 s run; a "
        "reused worker then peaks ~0.5 GB against ~0.33 GB new, benchmarks/bench_e2e.py --rss-log)",
        "`seasentry run`: when its bulk ingest read less than this, the same worker processes go on to "
        "detection; after a larger one (whose workers hold more memory) new processes are started.")
    tail_max_positions: int = setting(
        400_000, "positions", "seasentry (memory bound of detection)",
        "Detection moves the positions held in the DuckDB tables into the Parquet parts when "
        "there are more than this many (then reads them bucket by bucket).")
    inprocess_positions: int = setting(
        600_000, "positions", "seasentry (benchmarks/bench_e2e.py: worker start-up against parallel speed)",
        "Detection over fewer positions runs in the command's own process; more on the worker pool "
        "(`seasentry run` after a bulk ingest: on its workers, already started, whatever the number).")
    chunk_positions: int = setting(
        150_000, "positions", "seasentry (memory of a detection task: about 0.7 KB per position, benchmarks/bench_e2e.py --rss-log)",
        "A bucket holding more positions is run through the per-vessel detectors in MMSI groups "
        "of about this many (same events; bounded memory).")
    min_task_positions: int = setting(
        100_000, "positions", "seasentry (a detection task has a fixed cost of a few tenths of a second)",
        "Detection reads small buckets together, up to a third of a worker's share of the positions, "
        "at least this many and at most chunk_positions per task.")
    group_positions: int = setting(
        1_200_000, "positions", "seasentry (scratch files of detection: one per stage task and cell group, one "
        "per pair of groups; 3,072 files at 10M messages with 32 groups, whose creation held 8-10 % of detection's "
        "CPU on an ext4 disk with many recent deletions; 50M messages keep 32 groups, ~1.2M positions each, the "
        "memory of an encounter-pairs task; docs/benchmarks.md 'Session 11, the 1M run')",
        "Detection's encounter search splits space-time cells into about one group per this many positions (at "
        "least two per worker, at most one per stage task and 32): the same events with any number of groups.")
    compact_files: int = setting(
        12, "files", "seasentry (DuckDB opens every file a query over the views reads)",
        "Detection rewrites a bucket's part files of one table as one file when there are more.")
    compact_rows: int = setting(
        250_000, "rows", "seasentry (flat memory of the merge tasks: a bucket compacted whole held all its rows "
        "three times, 570-654 MB per task at 50M messages; benchmarks/bench_e2e.py --rss-log, docs/benchmarks.md "
        "'Session 6: flat memory')",
        "A bulk ingest's merge compacts a bucket's table of more rows than this in slices of this many rows "
        "of the sorted result (spilled to temporary files between the read and the write): the same file "
        "content, a task's memory bounded by the slice instead of the bucket.")
    vessels_group_rows: int = setting(
        1_000_000, "static reports", "seasentry (flat memory of the command's process: the vessels table "
        "rebuilt from all statics at once held 725 MB at 50M messages against 445 MB at 10M; "
        "benchmarks/bench_e2e.py --rss-log, docs/benchmarks.md 'Session 6: flat memory')",
        "A store in Parquet parts rebuilds its vessels and vessel_identities tables from groups of MMSI "
        "buckets holding about this many static reports each (the same rows).")
    duckdb_memory_mb: int = setting(
        400, "MB", "seasentry (flat memory: larger sorts and joins spill to disk)",
        "Memory DuckDB may use in a command that writes the store (SET memory_limit).")


@dataclass
class TracksConfig:
    max_implied_speed_kn: float = setting(
        50.0, "kn", GFW_SEG,
        "A position implying more than this speed from the open segment cannot follow it.")
    max_segment_gap_h: float = setting(
        24.0, "h", GFW_SEG,
        "A silence longer than this closes the segment.")
    min_distance_for_speed_nm: float = setting(
        1.0, "nm", GFW_SEG,
        "Below this distance an implied speed is not trusted (GPS jitter, time rounding).")
    time_buffer_min: float = setting(
        5.0, "min", GFW_SEG + " (buffer_hours: padded time sqrt(dt^2 + buffer^2) for timing errors)",
        "Timing uncertainty added (in quadrature) to the time between positions before computing "
        "an implied speed: receive-time stamps (satellite, delayed feeds) can be minutes off.")
    untrusted_time_buffer_min: float = setting(
        120.0, "min", GFW_SEG + " (buffer_hours), widened for reports whose time is not their sending time: "
        "satellite collection times of the shared exactEarth capture put reports 15-60 min out of place",
        "Timing uncertainty used instead of time_buffer_min for a position whose time is untrusted "
        "(its UTC-second field disagrees, or it carries a --base-time placeholder): such jumps do not "
        "split a track.")
    min_segment_positions: int = setting(
        5, "positions", GFW_SEG + " (short segments near a longer one are noise)",
        "A segment with fewer positions (or shorter than min_segment_minutes) that lies within "
        "max_segment_gap_h of a longer segment of the same MMSI is flagged noise.")
    min_segment_minutes: float = setting(
        30.0, "min", GFW_SEG + " (short segments near a longer one are noise)",
        "A segment shorter than this near a longer segment of the same MMSI is flagged noise.")
    zone_min_dwell_min: float = setting(
        10.0, "min", "seasentry (debounce of boundary jitter for zone_entry/zone_exit)",
        "A zone crossing counts only if the vessel stays on the new side at least this long.")


@dataclass
class GapConfig:
    min_hours: float = setting(6.0, "h", GFW_GAPS + "; Skylight dark-activity docs",
                               "No position for at least this long is a gap.")
    max_hours: float = setting(
        720.0, "h", "GFW technical documentation, Gaps.md ('very long AIS gaps (e.g. several months)' come "
        "from port lay-ups and coverage changes, not disabling); 30 days: seasentry",
        "A silence longer than this is no gap event: the positions before and after it are separate "
        "track segments (a vessel laid up, out of coverage, or an MMSI used again years later).")
    lookback_hours: float = setting(12.0, "h", GFW_GAPS,
                                    "Positions kept as context before the gap starts.")
    min_positions_before: int = setting(
        5, "positions", GFW_GAPS, "Positions in the lookback needed to call a gap 'likely intentional'.")
    min_distance_shore_nm: float = setting(
        5.0, "nm", GFW_GAPS, "Gaps starting closer to shore are not flagged 'likely intentional'.")
    min_reception_density: float = setting(
        0.5, "fraction", GFW_GAPS + " (adapted: reception measured from the data, not the 50 nm rule)",
        "A gap is 'likely intentional' only where other vessels were heard during the gap "
        "at least this often relative to normal (cell reception quality).")
    reception_cell_deg: float = setting(
        0.5, "deg", GFW_GAPS, "Cell size of the reception-density grid.")
    max_implied_speed_kn: float = setting(
        50.0, "kn", GFW_SEG + " (a position implying more than this speed cannot follow the same vessel's "
        "track; the same bound as tracks.max_implied_speed_kn)",
        "A silence across which the vessel would have had to sail faster than this (over more than "
        "tracks.min_distance_for_speed_nm) is no gap event: the positions before and after it come from two "
        "transmitters on one MMSI or from two captures joined, not from one ship going dark.")
    report_unheard_silences: bool = setting(
        False, "bool", "GFW technical documentation, Gaps.md (gaps in areas of unreliable reception are excluded "
        "with the satellite reception-quality table; satellite coverage varies over hours, so gaps under 12 h "
        "are not disabling); " + GFW_GAPS,
        "Report silences during which the receiver heard no one at all too (off by default: other vessels "
        "are in the data but nobody was heard anywhere during the silence: two captures of a receiver that "
        "was not listening in between, not a vessel going dark; seasentry.detect.gaps.receiver_silent).")
    default_mmsi_gaps: bool = setting(
        False, "bool", "ITU-R M.585 (an MMSI identifies one ship; MID000000, 123456789 and one repeated digit are "
        "placeholders many transmitters use: seasentry.detect.identity_quality.is_default_mmsi, as for spoofing "
        "and identity_change)",
        "Report gaps of placeholder MMSIs too (off by default: the silence of an MMSI many ships share is not "
        "one ship's).")
    port_gap_max_h: float = setting(
        24.0, "h", GFW_PORTS + " (an in-port silence is a PORT_GAP event of the port visit, "
        "pipe_anchorages create_in_out_events), up to port_visit.max_gap_h; Welch et al. 2022 count "
        "AIS disabling at sea",
        "A silence the port visit counts (n_gaps, max_gap_h) is not a gap event: both ends rows of one "
        "reported port visit and nearest the same port, longer than port_visit.in_port_gap_h, at most this long and at most "
        "port_visit.max_gap_h; 0 = report it as a gap event too.")


@dataclass
class EncounterConfig:
    max_distance_m: float = setting(500.0, "m", GFW_ENC, "Vessels within this distance.")
    min_duration_h: float = setting(2.0, "h", GFW_ENC, "for at least this long.")
    max_median_speed_kn: float = setting(2.0, "kn", GFW_ENC, "Median speed of both below this.")
    min_distance_port_km: float = setting(10.0, "km", GFW_ENC, "Encounters nearer a port are ignored.")
    resample_min: float = setting(10.0, "min", GFW_ENC, "Tracks resampled every this many minutes.")
    max_interp_gap_h: float = setting(1.0, "h", GFW_ENC, "Interpolate only across gaps shorter than this.")
    merge_gap_h: float = setting(4.0, "h", GFW_ENC, "Same pair encounters closer than this are merged.")
    default_mmsi_partner: bool = setting(
        True, "bool", GFW_PLACEHOLDER,
        "Keep an encounter of a vessel with a partner on a placeholder MMSI (flagged in details.default_mmsi: "
        "the vessel met someone whose identity is unknown); an encounter of two placeholder MMSIs is never an "
        "event (no vessel of either side is known).")


@dataclass
class LoiteringConfig:
    max_speed_kn: float = setting(2.0, "kn", GFW_EVENTS, "Speed below this ...")
    min_duration_h: float = setting(4.0, "h", GFW_EVENTS, "... for at least this long.")
    min_distance_shore_nm: float = setting(
        12.0, "nm", UNPOE + " (GFW uses 20 nm; 12 nm = outside territorial waters)",
        "Loitering counts only at least this far from shore.")
    min_distance_port_km: float = setting(10.0, "km", GFW_EVENTS, "and this far from any port.")
    max_gap_h: float = setting(
        6.0, "h", GFW_GAPS + " (a loitering run does not span an AIS gap)",
        "Consecutive slow positions further apart than this end the loitering run.")
    default_mmsi_loitering: bool = setting(
        False, "bool", GFW_PLACEHOLDER,
        "Report loitering of placeholder MMSIs too (off by default: a placeholder MMSI is shared by unrelated "
        "transmitters, so its slow run is no one vessel's; the positions stay in the store and the MMSI is "
        "counted in `seasentry stats` as placeholder_mmsis).")


@dataclass
class PortVisitConfig:
    entry_km: float = setting(3.0, "km", GFW_PORTS, "Entering within this distance of a port.")
    exit_km: float = setting(4.0, "km", GFW_PORTS, "Exiting beyond this distance.")
    stop_speed_kn: float = setting(0.2, "kn", GFW_PORTS, "Below this speed the vessel has stopped.")
    move_speed_kn: float = setting(0.5, "kn", GFW_PORTS, "Above this speed it is moving again.")
    in_port_gap_h: float = setting(4.0, "h", GFW_PORTS, "An in-port gap this long counts as a stop.")
    max_gap_h: float = setting(
        24.0, "h", GFW_PORTS + ": port events are made per track segment (create_in_out_events), and a "
        "segment closes after a silence of max_hours (" + GFW_SEG + "; tracks.max_segment_gap_h)",
        "A silence longer than this ends a visit: the positions before and after it belong to separate "
        "visits (a visit whose inside has no position for days, or months between two captures, is not an "
        "observed visit); 0 = never.")
    min_duration_min: float = setting(
        30.0, "min", "seasentry (issue 14: 'visits' of seconds in captures that last minutes, one-fix visits "
        "when every message carries the same time; a port call lasts longer than this)",
        "Visits shorter than this (last in-port position, or exit, minus first) are not reported.")
    min_level: int = setting(
        2, "level", GFW_PORTS + " (confidence 2 = stop or gap only, 3 = plus entry or exit, "
        "4 = entry + stop/gap + exit; 1 = entry/exit without stop or gap, a pass-by)",
        "Visits below this GFW confidence level are not reported.")
    default_mmsi_visits: bool = setting(
        False, "bool", GFW_PLACEHOLDER,
        "Report port visits of placeholder MMSIs too (off by default: the boats sharing a placeholder MMSI "
        "make one 'visit' of several vessels; counted in `seasentry stats` as placeholder_mmsis).")


@dataclass
class SpoofingConfig:
    max_speed_kn: float = setting(50.0, "kn", GFW_SEG + "; Skylight spoofing docs",
                                  "Implied speed above this is impossible for a surface vessel.")
    type_speed_factor: float = setting(
        1.5, "x", "seasentry", "Implied speed above this factor times the ship type's cap is suspect.")
    min_distance_nm: float = setting(
        2.0, "nm", "seasentry", "Jumps shorter than this are GPS noise, not spoofing.")
    min_land_distance_m: float = setting(
        500.0, "m", "measured: real moored and slow ships of the shared corpora, docs/geography.md "
        "('Land masks compared': with the OSM mask, 1 Suez-queue position of 18,544 lies more than 250 m "
        "inland; harbour moles and jetties are narrower than 500 m)",
        "Inland tolerance: a position is 'on land' only if the high-resolution land mask says land at it "
        "and everywhere within this distance around it.")
    coarse_land_distance_m: float = setting(
        10000.0, "m", "Natural Earth 1:10m/1:50m coast errors: berths 0.3-1.7 nm inside 1:10m land (issue 14), "
        "km-scale at 1:50m, lakes and rivers drawn as land",
        "Inland tolerance used instead when the land mask is 'naturalearth' or the high-resolution mask "
        "cannot be loaded.")
    land_mask: str = setting(
        "osm", "osm|gshhg|naturalearth", "roaring-landmask (PyPI, MIT): OpenStreetMap coastline or GSHHG full "
        "resolution (Wessel and Smith 1996); chosen by measurement, docs/geography.md",
        "High-resolution land mask of the on_land test (loaded once per process, ~1.2 GB, only when a "
        "candidate needs it); 'naturalearth' = the shipped polygons with coarse_land_distance_m.")
    natural_earth_sure_m: float = setting(
        5000.0, "m", "Natural Earth 1:10m fills Central-Med harbours by up to 1.7 nm (3.1 km; issue 14, "
        "docs/geography.md); the shore raster adds its interpolation bound",
        "Inside the 1:10m box a position Natural Earth puts farther inland than this is on land without "
        "loading the high-resolution mask (~1.2 GB, 6-13 s); 0 = always ask the mask.")
    port_area_margin_km: float = setting(
        1.0, "km", "seasentry (berths and moorings at the edge of a port area or terminal)",
        "Positions within a port area or anchorage, or this far beyond its edge, are never 'on land'.")
    stationary_sog_kn: float = setting(
        1.0, "kn", "issue 14 ('a slow ship that stays put is never a teleport'); ITU-R M.1371 moored/at "
        "anchor reports",
        "A position excursion of a ship reporting less than this before and after, back at the same "
        "spot within tracks.min_segment_minutes, is a GPS glitch, not spoofing.")
    min_clock_support: float = setting(
        0.5, "fraction", GFW_SEG + "; GFW satellite timing offsets (a receiver clock offset is constant)",
        "A vessel's most common (timestamp second - UTC-second field) difference counts as a clock "
        "offset only when at least this share of its reports (and 3) have it.")
    course_min_sog_kn: float = setting(
        2.0, "kn", "seasentry (dead reckoning needs a moving ship)",
        "A jump is tested against the reported course only when both ends report at least this SOG.")
    course_max_dsog: float = setting(
        0.25, "fraction", "seasentry (steady speed)",
        "... and the two reported SOG differ by at most this fraction of their mean ...")
    course_max_dcog_deg: float = setting(
        20.0, "deg", "seasentry (steady course)", "... and the two reported COG by at most this ...")
    course_cross_track_nm: float = setting(
        1.0, "nm", "seasentry (GPS and course-change slack); measured on the shared exactEarth capture "
        "exact-earth-augmented-3.txt: the 94 jumps >= 2 nm of ships with steady SOG/COG end a median 0.12 nm, "
        "90th percentile 0.93 nm off the course line",
        "... then a jump ending within this distance (+5 % of the jump) of the course line through "
        "either end is a time error along the ship's own path (satellite collection time, offset "
        "clock), not spoofing ...")
    course_max_shift_h: float = setting(
        6.0, "h", "GFW satellite timing offsets (clock jumps of minutes to days; hours are common)",
        "... provided the jump is at most this many hours of sailing at the reported speed.")
    cap_fishing_kn: float = setting(
        20.0, "kn", "typical maximum service speed, ITU-R M.1371 ship type 30",
        "Speed cap of fishing vessels (times type_speed_factor = suspect).")
    cap_tug_kn: float = setting(
        16.0, "kn", "typical maximum service speed, ITU-R M.1371 ship types 31-33, 52",
        "Speed cap of tugs, towing and dredging vessels.")
    cap_sailing_kn: float = setting(
        20.0, "kn", "typical maximum speed under power/sail, ITU-R M.1371 ship type 36",
        "Speed cap of sailing vessels.")
    cap_passenger_kn: float = setting(
        30.0, "kn", "conventional passenger ships/ro-pax, ITU-R M.1371 types 60-69 "
        "(x1.5 = 45 kn keeps 38 kn fast ferries registered as passenger)",
        "Speed cap of passenger ships.")
    cap_cargo_kn: float = setting(
        26.0, "kn", "fast container ships' service speed, ITU-R M.1371 types 70-79",
        "Speed cap of cargo ships.")
    cap_tanker_kn: float = setting(
        20.0, "kn", "tanker service speeds 12-17 kn, ITU-R M.1371 types 80-89",
        "Speed cap of tankers.")
    type_speed_window_min: float = setting(
        30.0, "min", "seasentry (a sustained speed, robust to timing errors of single reports)",
        "The type speed rule uses the displacement over at least this long.")
    on_track_nm: float = setting(
        1.0, "nm", "seasentry (timing errors put true positions on the vessel's own path)",
        "A 'jump' to within this distance of the vessel's own other track (within on_track_window_h) "
        "is a timestamp error (delayed or store-and-forward reception), not spoofing.")
    on_track_window_h: float = setting(
        2.0, "h", "seasentry", "Time window searched for the vessel's own track in the on-track test.")
    max_time_offset_s: float = setting(
        5.0, "s", ITU + " (UTC second of the position fix, message field 'second')",
        "A position whose timestamp's second differs from its own UTC-second field by more than this "
        "(relative to the vessel's usual offset) has an unreliable time; speed rules ignore it.")
    min_false_positions: int = setting(
        1, "positions", "seasentry",
        "A speed/land anomaly needs at least this many false positions to be an event.")


@dataclass
class IdentityConfig:
    min_reports: int = setting(
        2, "reports", "seasentry", "A new identity must be broadcast at least this often to count.")
    merge_window_min: float = setting(
        30.0, "min", "seasentry (class B sends name and call sign in separate type 24 parts)",
        "Field changes of one MMSI this close in time are one identity_change event.")


@dataclass
class ScreeningConfig:
    review_threshold: float = setting(0.70, "score", "issue 15 targets; scores set on the tuning half of "
                                      "tests/fixtures/screening_eval (docs/screening.md)",
                                      "Matches at or above this are for review.")
    alert_threshold: float = setting(0.90, "score", "issue 15 targets; scores set on the tuning half of "
                                     "tests/fixtures/screening_eval (docs/screening.md)",
                                     "Matches at or above this raise an alert.")
    max_candidates: int = setting(60, "names", "seasentry retrieval benchmark (benchmarks/bench_screening.py)",
                                  "Entries per query scored after retrieval: the best names (best key per "
                                  "query part) until this many distinct entries, at most twice as many names.")
    max_posting: int = setting(2000, "names", "seasentry blocking benchmark",
                               "Blocking keys shared by more names than this are ignored when the query "
                               "has rarer keys (common given names such as Mohammed).")
    result_limit: int = setting(10, "matches", "seasentry", "Matches shown per query by `seasentry screen`.")


LIVE = "seasentry live feeds (docs/live.md)"


@dataclass
class LiveConfig:
    batch_interval_s: float = setting(
        1.0, "s", LIVE + "; near-real-time alerts 'within seconds' (issue 8)",
        "Received lines are committed to the store at least this often.")
    batch_max_lines: int = setting(
        5000, "lines", LIVE + " (one DuckDB transaction per batch; bounds memory and latency)",
        "A batch is committed as soon as it holds this many lines.")
    queue_max_lines: int = setting(
        50_000, "lines", LIVE + " (bounded memory)",
        "Lines waiting per source; a full queue pauses a TCP source (back-pressure) and drops UDP "
        "datagrams (counted).")
    fair_quantum_lines: int = setting(
        1000, "lines", "deficit round robin (Shreedhar and Varghese, SIGCOMM 1995)",
        "Lines taken from one source per scheduling round, so a flooding source cannot starve others.")
    max_lines_per_s_per_source: float = setting(
        0.0, "lines/s", LIVE, "Per-source rate cap (token bucket); 0 = no cap.")
    reconnect_initial_s: float = setting(
        0.5, "s", "exponential back-off with jitter (AWS Architecture Blog, 'Exponential Backoff and Jitter')",
        "First delay before a TCP client reconnects; doubled after each failed attempt.")
    reconnect_max_s: float = setting(30.0, "s", LIVE, "Longest delay between reconnection attempts.")
    idle_timeout_s: float = setting(
        300.0, "s", LIVE + " (a stalled connection is closed and re-opened)",
        "A TCP connection silent this long is closed (a client source reconnects); 0 = never.")
    max_clients_per_listener: int = setting(
        64, "connections", LIVE, "Receivers that may push to one --listen port at once.")
    udp_peer_idle_s: float = setting(
        300.0, "s", LIVE, "A UDP sender silent this long has its unfinished multipart messages closed.")
    journal_segment_bytes: int = setting(
        64 * 1024 * 1024, "bytes", LIVE, "A journal segment is closed and a new one started past this size.")
    journal_segment_s: float = setting(3600.0, "s", LIVE, "... or past this age.")
    journal_fsync: str = setting(
        "batch", "policy", LIVE + " (see docs/live.md, 'Journal')",
        "'batch': fsync the journal before each store commit; 'always': after every received chunk; "
        "'never': leave it to the operating system. The journal is always written to the OS before "
        "processing, so a killed process (kill -9) loses nothing under any policy.")
    journal_retention_h: float = setting(
        0.0, "h", LIVE, "Committed journal segments are kept this long before removal (0 = removed at once).")
    detect_interval_s: float = setting(
        60.0, "s", LIVE, "Whole-store (or rolling-window) detection runs at most this often.")
    detect_scope: str = setting(
        "store", "store|window", LIVE,
        "'store': periodic detection over everything stored (seasentry.engine.detect); 'window': over "
        "the last detect_window_h hours only, events starting earlier are kept as they are.")
    detect_window_h: float = setting(
        72.0, "h", LIVE + " (covers gap 6 h + lookback 12 h, encounters and loitering)",
        "Length of the rolling detection window when detect_scope = 'window'.")
    zone_lookback_h: float = setting(
        6.0, "h", LIVE, "History per vessel loaded with each batch to find zone entries and exits at once.")
    open_gap_max_age_h: float = setting(
        72.0, "h", LIVE,
        "Vessels silent longer than gap.min_hours get an open gap event, unless silent longer than this "
        "(long gone, not going dark now).")
    bus_queue: int = setting(
        10_000, "notifications", LIVE, "Per-subscriber queue; a slow subscriber loses its oldest notifications.")
    webhook_timeout_s: float = setting(5.0, "s", LIVE, "Timeout of one webhook POST.")
    webhook_retries: int = setting(5, "attempts", LIVE, "Retries of a failed webhook POST (exponential back-off).")


ALERTS = "seasentry alerts (docs/alerts.md)"


@dataclass
class AlertsConfig:
    rules_file: str = setting(
        "", "path", ALERTS,
        "YAML rule file used instead of the shipped src/seasentry/alerts/default_rules.yaml "
        "(empty = shipped rules; `--rules FILE` on the command line wins).")
    red_score: float = setting(
        60.0, "points", ALERTS + " (one strong indicator, e.g. a sanctions hit, or several medium ones)",
        "A vessel whose risk score reaches this is red.")
    amber_score: float = setting(
        25.0, "points", ALERTS, "A vessel whose risk score reaches this (and is below red) is amber.")
    min_confidence: float = setting(
        0.0, "0-1", ALERTS, "Events below this confidence raise no alert.")
    reference_time: str = setting(
        "data", "data|now|ISO 8601", ALERTS + " (reproducible: recent-day windows count back from the "
        "latest stored message, not from the wall clock)",
        "'Now' for rules with a recent-days window: 'data' = latest stored message time, 'now' = wall "
        "clock, or an ISO 8601 time.")
    case_raw_lines_per_event: int = setting(
        12, "lines", ALERTS + " (case file size)",
        "Original NMEA lines shown per event in a case file (first, last and evenly spaced between).")
    case_track_max_points: int = setting(
        4000, "points", ALERTS + " (case file size)", "Track points drawn on a case-file map (evenly thinned).")


GFW_SAR = ("Global Fishing Watch SAR-AIS matching: Kroodsma et al. 2022, Sci. Rep. 12:21004 (RADARSAT-2, "
           "github.com/GlobalFishingWatch/paper-longline-ais-sar-matching); Paolo et al. 2024, Nature 625:85-91 "
           "(Sentinel-1, github.com/GlobalFishingWatch/paper-industrial-activity)")
SKYLIGHT = "Skylight (Allen Institute for AI) vessel detection: AIS more than 1,500 m from a detection is disregarded"
RANEY = ("Raney 1971, 'Synthetic aperture imaging radar and moving targets', IEEE Trans. Aerosp. Electron. Syst. "
         "7(3):499-505: azimuth shift = -(R/V) v_r; applied to AIS by GFW (01_extrapolate_ais.sql.j2, 'doppler offset')")
S1_GUIDE = ("ESA Sentinel-1 SAR user guide: IW swath 250 km, incidence 29.1-46.0 deg, altitude 693 km, inclination "
            "98.18 deg, dawn-dusk orbit (ascending node 18:00 local time)")
RS2_FIT = ("seasentry fit on GFW's published RADARSAT-2 matches (shared/data/sar/gfw_ksat_rs2_sar_ais_matches.csv, "
           "407 pairs; benchmarks/sar_length_model.py, docs/detections.md)")


@dataclass
class DetectionsConfig:
    """Satellite / radar detections matched to AIS (seasentry.detections, docs/detections.md)."""
    method: str = setting(
        "model", "model|radius", GFW_SAR + "; " + SKYLIGHT,
        "'model': score every AIS vessel that could be at the detection (position interpolated to the image "
        "time, uncertainty growing with the time to its nearest report and its speed, length agreement); "
        "'radius': Skylight's rule alone (nearest interpolated AIS vessel within radius_m).")
    radius_m: float = setting(
        1500.0, "m", SKYLIGHT,
        "Fast path: candidates are searched within this radius of the detection first (one fixed-radius query); "
        "only vessels whose search radius (gate_sigmas x uncertainty) is larger are searched again.")
    max_ais_gap_h: float = setting(
        12.0, "h", GFW_SAR + " (AIS positions within 12 h before and after the scene)",
        "AIS reports farther than this from the image time are not used.")
    ais_off_h: float = setting(
        6.0, "h", GFW_GAPS + " (the gap.min_hours floor)",
        "A vessel silent this long around the image time (between its reports before and after, or since its "
        "last / until its first report) had its AIS off: not a match candidate; a dark detection it could be "
        "is linked to its gap.")
    sigma_sar_m: float = setting(
        60.0, "m", GFW_SAR + " (250 m rasters; Sentinel-1 IW 20 m pixels)",
        "Position error of a SAR detection (1 sigma).")
    sigma_optical_m: float = setting(30.0, "m", "Sentinel-2 MSI 10 m pixels", "Position error of an optical detection.")
    sigma_viirs_m: float = setting(
        400.0, "m", "VIIRS Day/Night Band 742 m pixels (Elvidge et al. 2015, 'Automatic boat identification "
        "system for VIIRS low light imaging data', Remote Sens. 7:3020)", "Position error of a VIIRS night-light detection.")
    sigma_radar_m: float = setting(150.0, "m", "coastal surveillance radar (range/azimuth resolution at 20-40 km)",
                                   "Position error of a coastal-radar plot.")
    sigma_other_m: float = setting(200.0, "m", "seasentry", "Position error of a detection of unknown sensor.")
    ais_sigma_m: float = setting(30.0, "m", ITU + " (GNSS position, 1/10000 min resolution)",
                                 "Position error of an AIS report.")
    size_sigma_fraction: float = setting(
        0.25, "x length", "AIS antenna vs hull centroid: up to half the length apart (ITU-R M.1371-5 dimensions)",
        "Added position error, as a fraction of the AIS vessel's length.")
    time_sigma_s: float = setting(
        30.0, "s", GFW_SAR + " (the scene midpoint is the detection time; RADARSAT-2 ScanSAR scenes last ~75 s)",
        "Timing error of a detection; times the vessel's speed it adds to the position error.")
    interp_sigma_fraction: float = setting(
        0.10, "x distance", "seasentry approximation of GFW's empirical probability rasters (the area a vessel "
        "can be in grows linearly with the time since its report and with its speed), " + GFW_SAR,
        "Uncertainty of a position interpolated between reports before and after the image, as a fraction of "
        "the distance the vessel runs in the time to its nearest report.")
    extrap_sigma_fraction: float = setting(
        0.25, "x distance", "as interp_sigma_fraction (one side only: course changes are unbounded)",
        "Uncertainty of a position extrapolated from reports on one side of the image time only.")
    drift_kn: float = setting(
        1.0, "kn", "seasentry (a stopped vessel may get under way)",
        "Speed of unknown manoeuvres added to every vessel's spread per unit of time from its nearest report.")
    max_sigma_m: float = setting(
        20000.0, "m", GFW_SAR, "Cap on a vessel's position uncertainty (beyond, its matches carry little weight).")
    gate_sigmas: float = setting(
        4.0, "sigma", "seasentry (chi-square gate: 4 sigma keeps 99.97% of true matches in 2-D)",
        "A detection farther than this many sigmas from the vessel's expected position cannot be it.")
    length_a: float = setting(0.613, "ln m", RS2_FIT, "SAR length model ln(L_sar) = a + b ln(L_ais): a.")
    length_b: float = setting(0.906, "1", RS2_FIT, "SAR length model: b.")
    length_sigma_log: float = setting(
        0.507, "ln", RS2_FIT, "Residual spread of ln(L_sar) around the model (SAR sensors).")
    length_sigma_log_optical: float = setting(
        0.30, "ln", "seasentry assumption (no public optical length errors in shared/data)",
        "Residual spread of ln(length) for optical and other sensors.")
    length_gate_sigmas: float = setting(
        3.0, "sigma", "seasentry", "Lengths further apart than this many sigmas rule a vessel out.")
    dark_density_km2: float = setting(
        0.01, "1/km2", "seasentry assumption (one vessel without AIS or false alarm per 100 km2 off western Libya); "
        "plays the role of the normalisation of GFW's probability rasters, " + GFW_SAR,
        "Density of objects that are not the AIS vessel. A pair's likelihood ratio is LR = N(d; sigma) x "
        "exp(-z_length^2 / 2) / density, its score LR / (1 + LR): a diffuse AIS position (long since its last "
        "report) cannot take a detection far from it.")
    min_score: float = setting(
        0.5, "0-1", "seasentry (the vessel is more likely than an unknown object)",
        "A pair scoring below this is no match.")
    ambiguity_ratio: float = setting(
        0.1, "x likelihood ratio", GFW_SAR + " (GFW marks matches with a close second candidate 'ambiguous')",
        "A match is 'ambiguous' when a free alternative (vessel or detection) has at least this fraction of its "
        "likelihood ratio.")
    max_candidates: int = setting(
        8, "vessels", "seasentry", "Nearest AIS vessels (expected positions) examined and listed per detection.")
    sar_range_over_velocity_s: float = setting(
        115.0, "s", RANEY + "; " + S1_GUIDE + " (slant range ~850 km / velocity ~7.4 km/s)",
        "R/V of the azimuth shift: a ship moving at v_r m/s away from the radar appears (R/V) v_r metres "
        "behind its true position along the satellite track.")
    sar_incidence_deg: float = setting(
        37.0, "deg", S1_GUIDE + " (mid swath)", "Incidence angle: v_r = ground velocity toward the look direction x sin(incidence).")
    sar_orbit_inclination_deg: float = setting(
        98.18, "deg", S1_GUIDE + " (RADARSAT-2: 98.6)", "Orbit inclination used for the satellite's heading.")
    sar_azimuth_sigma_fraction: float = setting(
        0.3, "x shift", "seasentry (incidence varies 29-46 deg across the swath)",
        "Uncertainty of the computed azimuth shift.")
    min_confidence: float = setting(
        0.0, "0-1", "seasentry (docs/detections.md: measured clutter vs small-boat trade-off)",
        "Detections below this confidence are 'rejected' (low_confidence).")
    min_length_m: float = setting(
        0.0, "m", "seasentry (docs/detections.md: measured clutter vs small-boat trade-off)",
        "Detections shorter than this are 'rejected' (too_short).")
    max_length_m: float = setting(
        500.0, "m", "largest ships afloat are ~400 m (ULCCs)", "Detections longer than this are 'rejected' (too_long).")
    land_margin_m: float = setting(
        300.0, "m", "Natural Earth 1:10m land accuracy", "Detections inside land by more than this are 'rejected' (on_land).")
    platforms_file: str = setting(
        "", "path", "data/detections/PROVENANCE.md",
        "CSV of known platforms (name, lat, lon, radius_m, position = surveyed|approximate) used instead of the "
        "shipped data/detections/platforms.csv (empty = shipped list).")
    infra_listed_min_scenes: int = setting(
        2, "scenes", "seasentry (the shipped positions are approximate: one detection there may be a ship loading)",
        "A detection within radius_m of an approximately placed platform is 'infrastructure' when its spot is "
        "detected in at least this many scenes; near a 'surveyed' one, at once.")
    infra_aton_radius_m: float = setting(
        300.0, "m", ITU + " (type 21 aids to navigation mark platforms and buoys)",
        "A detection this close to an AIS aid to navigation or base station is 'infrastructure'.")
    infra_repeat_radius_m: float = setting(
        250.0, "m", GFW_SAR + " (Paolo et al. 2024 tell infrastructure by persistence across images)",
        "Unmatched detections this close to each other in different scenes are the same fixed object ...")
    infra_min_scenes: int = setting(3, "scenes", GFW_SAR, "... when seen in at least this many scenes ...")
    infra_min_span_h: float = setting(24.0, "h", GFW_SAR, "... spanning at least this long.")
    missed_max_report_min: float = setting(
        60.0, "min", GFW_SAR + " (likelihood_in: only vessels surely inside the scene)",
        "An undetected AIS vessel is listed as missed only when its nearest report is this close to the image time.")
    missed_margin_m: float = setting(
        1000.0, "m", GFW_SAR + " (GFW uses footprints shrunk by 5 km)",
        "... and its position is inside the footprint by at least this (plus twice its uncertainty).")
    missed_min_shore_nm: float = setting(
        1.0, "nm", "SAR detectors mask the coast and ports", "... and it is at least this far from shore.")
    small_vessel_m: float = setting(
        25.0, "m", RS2_FIT + " (RADARSAT-2 ScanSAR detects half the AIS vessels of 31.6 m; Sentinel-1 IW smaller ones)",
        "A missed vessel shorter than this is reported as probably too small for the sensor.")
    alongside_max_m: float = setting(
        1000.0, "m", GFW_ENC + " (500 m encounters; a partner standing by)",
        "An AIS vessel this close to a dark detection is reported 'alongside' (possible ship-to-ship partner).")
    gap_link_speed_kn: float = setting(
        15.0, "kn", "tanker service speeds 12-17 kn (ITU-R M.1371 types 80-89)",
        "A vessel in an AIS gap may be a dark detection it could reach at this speed from where it went silent.")
    gap_link_slack_km: float = setting(5.0, "km", "seasentry", "Distance added to that reach.")
    gap_link_length_sigmas: float = setting(
        2.0, "sigma", RS2_FIT, "... and when its AIS length and the detected length agree within this many sigmas.")
    track_max_gap_h: float = setting(
        8.0, "h", "seasentry", "Dark detections in scenes at most this far apart in time may form a possible track ...")
    track_max_speed_kn: float = setting(
        15.0, "kn", "seasentry (small craft 4-12 kn, tankers 12-17 kn)", "... when one could reach the other at this speed")
    track_slack_km: float = setting(2.0, "km", "seasentry", "... plus this distance.")
    northbound_max_deg: float = setting(
        60.0, "deg", "seasentry", "A course within this many degrees of north counts as heading north.")


REPORTS = "seasentry incident register (docs/reports.md)"


@dataclass
class ReportsConfig:
    dedup_days: int = setting(
        1, "days", REPORTS + " (a relative date read a day off, a night-time event reported on two dates)",
        "Mentions of the same type starting at most this many days apart may be one incident.")
    dedup_km: float = setting(
        25.0, "km", REPORTS + " (IOM MMP places an incident 'off the coast of' a town at an estimated point; "
        "the gazetteer places it at the town)",
        "Mentions placed within this distance (same type, same or near day) may be one incident.")
    dedup_text_similarity: float = setting(
        0.55, "0-1", REPORTS + " (rapidfuzz token-set ratio of the supporting sentences)",
        "Close mentions on different days merge only when their sentences are at least this similar.")
    dedup_text_similarity_alone: float = setting(
        0.85, "0-1", REPORTS, "Mentions whose sentences are this similar merge when one of them names no specific place.")
    secondary_incidents: bool = setting(
        True, "bool", REPORTS, "Also register the other dated events an article reports in sentences of their own.")
    min_secondary_score: float = setting(
        1.2, "cue points", REPORTS + " (lexicon weights: one clear verb = 1.6-2.2)",
        "A sentence makes a second incident only when its type cues add up to at least this.")
    casefile_near_km: float = setting(
        30.0, "km", REPORTS + " (about 16 nm: a boat leaving a beach is met within a few hours' steaming)",
        "A case file lists incidents within this distance of one of the vessel's events ...")
    casefile_near_hours: float = setting(
        48.0, "h", REPORTS, "... and within this many hours of it (or incidents that name the vessel).")


ASVS = "OWASP Application Security Verification Standard 4.0.3"
WEB = "seasentry web server (docs/web.md, issue 20)"


@dataclass
class WebConfig:
    max_body_bytes: int = setting(
        8 * 1024 * 1024, "bytes", ASVS + " V13.1 / OWASP API4:2023 (unrestricted resource consumption)",
        "Largest request body (JSON, GeoJSON) the API reads; larger ones, chunked or not, get 413 as soon as "
        "the limit is passed (before parsing and before the token is checked).")
    max_list_upload_bytes: int = setting(
        256 * 1024 * 1024, "bytes", WEB + " (the UN consolidated XML and OFAC SDN files are tens of MB)",
        "Largest sanctions list file POST /api/lists takes (spooled to disk, not held in memory).")
    auth_failures_max: int = setting(
        20, "failures", ASVS + " V2.2.1 (anti-automation: no more than 100 failed attempts per hour)",
        "Failed authentications one client (address) may make within auth_failure_window_s; then its requests "
        "get 429 until the window has passed.")
    auth_failure_window_s: float = setting(
        60.0, "s", ASVS + " V2.2.1", "Window of auth_failures_max.")
    audit_refused_interval_s: float = setting(
        60.0, "s", ASVS + " V7.1/V7.2 (log security events without letting one client flood the log)",
        "A refused write is audited once per client, token, status and route in this interval; the ones in "
        "between are counted into the next row.")
    token_last_used_s: float = setting(
        600.0, "s", WEB + " (every write to the store drops the server's kept answers, seasentry.web.cache: "
        "with 60 s, each token in use dropped them once a minute)",
        "A token's last use (tokens list) is written at its first use, then at most this often.")
    token_recheck_s: float = setting(
        2.0, "s", WEB, "A verified token is looked up again in the store at least this often (revocation by any "
        "route takes effect within this time; through the server it is immediate).")
    stream_auth_check_s: float = setting(
        2.0, "s", WEB, "An open live stream (/api/stream) checks that its token is still valid this often.")
    zones_max_per_upload: int = setting(
        100, "zones", WEB + " (an analyst draws or imports a few areas at a time)",
        "Zones one POST /api/zones may create.")
    zones_max_stored: int = setting(
        500, "zones", WEB + " (the page loads every zone at sign-in; detection tests every position against each)",
        "User zones the store may hold.")
    zone_max_vertices: int = setting(
        20_000, "vertices", WEB + " (the shipped 12 nm territorial seas: 142-4,229 vertices per zone; a 180,000-"
        "vertex polygon made `seasentry run` spend 145 s in the zone stage)",
        "Vertices of one zone (all its rings).")
    zones_max_total_vertices: int = setting(
        200_000, "vertices", WEB, "Vertices of all stored user zones together.")
    zone_name_max_chars: int = setting(100, "characters", WEB, "Length of a zone name.")
    threads: int = setting(
        8, "threads", WEB + " (benchmarks/load_web.py: on 2 cores, more threads only add lock contention)",
        "Worker threads that run requests (each with its own DuckDB cursor).")
    response_cache: bool = setting(
        True, "bool", WEB + " (seasentry.web.cache)",
        "Keep the answers of repeated reads until the store changes (off: every request is computed).")
    response_cache_entries: int = setting(
        4096, "answers", WEB + " (benchmarks/load_web.py: with 512, the panels and tracks of 500 vessels and the "
        "filtered event lists pushed each other out, and most vessel panels were computed again)",
        "Kept answers at most (least recently used dropped first).")
    response_cache_mb: float = setting(
        64.0, "MB", WEB + " (seasentry.web.cache)",
        "Memory of the kept answers at most; an answer larger than an eighth of it is not kept.")
    cli_session_idle_s: float = setting(
        120.0, "s", WEB, "A read-only session of a command run beside the server (seasentry.web.local) is "
        "closed after this long without a query.")


@dataclass
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    tracks: TracksConfig = field(default_factory=TracksConfig)
    gap: GapConfig = field(default_factory=GapConfig)
    encounter: EncounterConfig = field(default_factory=EncounterConfig)
    loitering: LoiteringConfig = field(default_factory=LoiteringConfig)
    port_visit: PortVisitConfig = field(default_factory=PortVisitConfig)
    spoofing: SpoofingConfig = field(default_factory=SpoofingConfig)
    identity: IdentityConfig = field(default_factory=IdentityConfig)
    screening: ScreeningConfig = field(default_factory=ScreeningConfig)
    live: LiveConfig = field(default_factory=LiveConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    detections: DetectionsConfig = field(default_factory=DetectionsConfig)
    reports: ReportsConfig = field(default_factory=ReportsConfig)
    web: WebConfig = field(default_factory=WebConfig)

    # ---- loading -------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, overrides: list[str] | None = None) -> "Config":
        cfg = cls()
        if path:
            p = Path(path)
            kind = "TOML" if p.suffix.lower() == ".toml" else "YAML"
            try:
                text = p.read_text(encoding="utf-8")
                data = tomllib.loads(text) if kind == "TOML" else yaml.safe_load(text) or {}
            except OSError as exc:
                raise ConfigError(f"{p}: cannot read the settings file ({exc.strerror or exc})") from None
            except UnicodeDecodeError:
                raise ConfigError(f"{p}: not a text file (expected {kind} settings, see `seasentry config`)") from None
            except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
                mark = getattr(exc, "problem_mark", None)
                at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
                why = getattr(exc, "problem", None) or str(exc)
                example = "'[gap]' then 'min_hours = 4'" if kind == "TOML" else "'gap:' then '  min_hours: 4'"
                raise ConfigError(f"{p}: not valid {kind}{at}: {why} (expected sections of settings, e.g. "
                                  f"{example}; see `seasentry config`)") from None
            if not isinstance(data, dict):
                raise ConfigError(f"{p}: expected a mapping of sections")
            for sec, values in data.items():
                if not isinstance(values, dict):
                    raise ConfigError(f"{p}: section {sec!r} must be a mapping")
                for k, v in values.items():
                    cfg.set(f"{sec}.{k}", v)
        for item in overrides or []:
            if "=" not in item:
                raise ConfigError(f"--set {item!r}: expected section.name=value")
            key, value = item.split("=", 1)
            cfg.set(key.strip(), yaml.safe_load(value))
        return cfg

    def set(self, dotted: str, value: Any) -> None:
        if "." not in dotted:
            raise ConfigError(f"unknown setting {dotted!r}: expected section.name")
        sec, name = dotted.split(".", 1)
        section = getattr(self, sec, None)
        if section is None or not dataclasses.is_dataclass(section):
            raise ConfigError(f"unknown section {sec!r}; sections: {', '.join(self.sections())}")
        f = {x.name: x for x in fields(section)}.get(name)
        if f is None:
            raise ConfigError(
                f"unknown setting {dotted!r}; {sec} has: {', '.join(x.name for x in fields(section))}")
        default = f.default
        try:
            if isinstance(default, bool):
                if isinstance(value, str):
                    value = value.lower() in ("1", "true", "yes", "on")
                value = bool(value)
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{dotted}: {value!r} is not a valid {type(default).__name__}") from None
        if dotted == "spoofing.land_mask" and value not in ("osm", "gshhg", "naturalearth"):
            raise ConfigError(f"{dotted}: {value!r} is not one of osm, gshhg, naturalearth")
        setattr(section, name, value)

    def copy_with(self, dotted: str, value: Any) -> "Config":
        """A copy of this configuration with one setting changed."""
        import copy

        c = copy.deepcopy(self)
        c.set(dotted, value)
        return c

    @staticmethod
    def sections() -> list[str]:
        return [f.name for f in fields(Config)]

    def describe(self) -> list[dict]:
        """Every setting with its value, default, unit and source (for docs and `seasentry config`)."""
        rows = []
        for sec in fields(self):
            section = getattr(self, sec.name)
            for f in fields(section):
                rows.append({
                    "setting": f"{sec.name}.{f.name}",
                    "value": getattr(section, f.name),
                    "default": f.default,
                    "unit": f.metadata.get("unit", ""),
                    "source": f.metadata.get("source", ""),
                    "doc": f.metadata.get("doc", ""),
                })
        return rows

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def fingerprint(self) -> str:
        import hashlib
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:16]


class ConfigError(ValueError):
    pass
