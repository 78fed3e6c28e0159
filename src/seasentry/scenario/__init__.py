"""Labelled Central-Mediterranean AIS scenario generator (tests, demo and benchmarks).

No public AIS track set of the Strait of Sicily and the Libyan coast exists, so seasentry makes
its own realistic, labelled traffic: tag-blocked NMEA plus the truth and the labels of every event
it contains. See docs/scenario.md.

    from seasentry.scenario import generate, Scenario, evaluate
    sc = generate(seed=1, hours=48, vessels=60, start="2024-05-01T00:00:00Z", noise=True, story=True)
    sc.write(outdir)
"""

from .core import Scenario, generate, read_labels_jsonl
from .evaluate import evaluate

__all__ = ["generate", "Scenario", "evaluate", "read_labels_jsonl"]
