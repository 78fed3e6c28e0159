"""(Session 15) ``loaders.split_alias`` reads a list's aliases in linear time.

The session-14 patterns (``_ORIG_MARK`` = ``\\s*\\(?\\s*original script\\s*\\)?\\s*:?\\s*`` run by ``sub``, and a
lazy head followed by ``\\s*`` before the bracket) took cubic and quadratic time in a run of spaces: an
alias holding 2,000 spaces took 20 s, which would stall the load of a list file. The new patterns give
the same pieces (compared with the old ones here) in linear time."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import least_cpu

from seasentry.screening import loaders
from seasentry.screening.loaders import split_alias

_OLD_MARK = re.compile(r"\s*\(?\s*original script\s*\)?\s*:?\s*", re.I)
_OLD_HEAD = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>.+)\)\s*$", re.S)


def _old_split_alias(alias: str) -> list[str]:
    """split_alias as session 14 wrote it: the reference."""
    m = _OLD_HEAD.match(alias)
    if not m or not m.group("head").strip():
        return [alias]
    pieces = [p.strip() for p in re.split(r";", m.group("inner")) if p.strip()]
    out = [m.group("head").strip()]
    for p in pieces:
        p = _OLD_MARK.sub(" ", p)
        p = " ".join(p.replace("(", " ").replace(")", " ").split()).strip(" ,")
        if p and (len(pieces) > 1 or loaders._NON_LATIN.search(p)):
            out.append(p)
    return [alias] if len(out) == 1 else list(dict.fromkeys(out))


EXAMPLES = ["Abdelali Abou Dher (عبد العالي ابو ذر)", "Hassan Ghul (Hassan Gul; Hasan Gul)",
            "Ali Muhammad (original script: علي محمد)", "Ali Muhammad (علي محمد (original script))",
            "Ali Muhammad ( original script : علي محمد )", "LIFG (an acronym)", "(عبد الله) Abdullah",
            "Kim Jong (김종; original script)", "plain name"]


def test_the_examples_split_as_before():
    for a in EXAMPLES:
        assert split_alias(a) == _old_split_alias(a), a
    assert split_alias("Ali Muhammad (original script: علي محمد)") == ["Ali Muhammad", "علي محمد"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Ali", "علي", " ", "  ", "(", ")", ";", ":", ",", "original script",
                                 "ORIGINAL SCRIPT", "\t", "b"]), max_size=14).map("".join))
def test_split_alias_gives_the_old_pieces(alias):
    assert split_alias(alias) == _old_split_alias(alias)


def test_split_alias_is_linear_in_a_run_of_spaces():
    for fill in (" ", " (", "original script "):
        small = "Ali (a" + fill * (200 // len(fill)) + "علي)"
        big = "Ali (a" + fill * (2_000 // len(fill)) + "علي)"
        t_small, t_big = max(least_cpu(split_alias, small), 2e-4), least_cpu(split_alias, big)
        # ten times the text: about ten times the steps (the old patterns took 20 s on the big text and
        # fail here; sizes kept small so that a regression fails rather than stalls the suite)
        assert t_big < 0.05 or t_big / t_small < 30, (repr(fill), t_small, t_big)
