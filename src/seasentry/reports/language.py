"""Language of a document: Arabic or English (the two languages of the register), from the script
of its letters.

Measured (benchmarks/bench_reports.py, docs/reports.md): on the labelled reports and the real
Arabic article the script test decides every document correctly, as the lingua language
detector does restricted to Arabic and English, at a fraction of its cost; a library adds
nothing for this two-way choice. A document with almost no letters (a table, an empty page) is
``und`` (undetermined); a document whose Latin letters are not English text is still ``en``
here: the extractors handle Arabic and English only.
"""

from __future__ import annotations

from .textnorm import script_counts

MIN_LETTERS = 20        # fewer letters: undetermined


def detect_language(text: str) -> str:
    """'ar', 'en' or 'und'. Arabic when at least 30 % of the letters are Arabic: Arabic articles
    quote Latin names, URLs and codes, English ones rarely hold Arabic."""
    ar, lat = script_counts(text[:20000])
    total = ar + lat
    if total < MIN_LETTERS:
        return "und"
    return "ar" if ar / total >= 0.30 else "en"
