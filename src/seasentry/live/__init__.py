"""Live feeds: near-real-time ingest from TCP/UDP sources, journaled, with incremental alerts.

>>> from seasentry.live import LiveStream, LiveDetector, EventBus, parse_source   # doctest: +SKIP
>>> ls = LiveStream(store, [parse_source("tcp", "ais=127.0.0.1:10110")], detector=LiveDetector(cfg))
>>> summary = asyncio.run(ls.run(duration=60))

See docs/live.md for how to run it, the guarantees and the journal format.
"""

from .bus import EventBus, Subscription
from .detector import LiveDetector
from .journal import Checkpoint, Journal, journal_dir_for
from .lines import LineSplitter
from .processor import Chunk, LiveProcessor
from .replay import Replayer, parse_speed
from .stream import LiveStream, SourceSpec, SourceSpecError, parse_source

__all__ = ["EventBus", "Subscription", "LiveDetector", "Checkpoint", "Journal", "journal_dir_for",
           "LineSplitter", "Chunk", "LiveProcessor", "Replayer", "parse_speed", "LiveStream", "SourceSpec",
           "SourceSpecError", "parse_source"]
