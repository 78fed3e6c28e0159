"""Text from the air or from a list shown safely: characters a reader cannot see, or that reorder
what is shown, written as their codes.

A vessel name or a raw AIS line is whatever was broadcast or typed: it may hold NUL and other
control characters, or Unicode format characters such as the right-to-left override U+202E
that make the rest of a line read backwards. Evidence (case files, their maps) shows such a
character as its code (``\\x00``, ``\\u202e``) instead of letting it act.
"""

from __future__ import annotations

import html
import unicodedata


def unsafe(ch: str) -> bool:
    """C0/C1 controls (except tab and newline), DEL, Unicode format characters (bidirectional
    overrides and isolates, zero-width ...), line and paragraph separators, surrogates,
    private-use and unassigned code points."""
    o = ord(ch)
    if o < 0x20:
        return ch not in "\t\n"
    if 0x7F <= o <= 0x9F:
        return True
    return o > 0x9F and unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def code(ch: str) -> str:
    return ("\\x%02x" % ord(ch)) if ord(ch) < 0x100 else ("\\u%04x" % ord(ch))


def visible(text: str) -> str:
    """``text`` with every unsafe character written as its code (plain text)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(code(c) if unsafe(c) else c for c in text)


def html_visible(text: str, css_class: str | None = "ctl") -> str:
    """HTML-escaped ``text`` with every unsafe character shown as its code (in a
    ``<span class=css_class>`` when a class is given, so that it stands out)."""
    if text.isascii() and text.isprintable():
        return html.escape(text)
    if css_class is None:
        return html.escape(visible(text))
    return "".join(f'<span class="{css_class}">{code(c)}</span>' if unsafe(c) else html.escape(c) for c in text)
