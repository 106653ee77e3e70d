"""The citation marker shared by the draft generators and the renderers.

A drafted sentence cites the analysis passages it rests on with ``[[cite:12]]`` or
``[[cite:12,40]]`` (analysis ``Passage`` ids) placed right after the sentence. Renderers turn
markers into numbered notes (HTML links, PDF and DOCX endnotes); checks read them back with
``cited_passage_ids``.
"""

import re

CITE_RE = re.compile(r"\[\[cite:(\d+(?:,\d+)*)\]\]")


def cited_passage_ids(markdown: str) -> list[int]:
    """Every passage id cited in ``markdown``, in order of first citation, without repeats."""
    seen: dict[int, None] = {}
    for match in CITE_RE.finditer(markdown):
        for part in match.group(1).split(","):
            seen.setdefault(int(part), None)
    return list(seen)


# A quotation kept in its original language, labelled with it by the renderers:
# ``[[quote:ar]]نص الاقتباس[[/quote]]``.
QUOTE_RE = re.compile(r"\[\[quote:(ar|en|fr|other)\]\](.+?)\[\[/quote\]\]", re.DOTALL)


# The coverage figure of a synthesis (``figures.py``); matched loosely here, to compare texts.
_COVERAGE_MARKER_RE = re.compile(r"\[\[coverage:[^\]]*\]\]")


def missing_markers(source: str, translation: str) -> list[str]:
    """The citation markers and the coverage figure of ``source`` that ``translation`` leaves
    out, as the translator would write them back: each cited passage as ``[[cite:12]]``, and
    ``[[coverage:…]]`` when the figure is missing."""
    have = set(cited_passage_ids(translation))
    missing = [f"[[cite:{pk}]]" for pk in cited_passage_ids(source) if pk not in have]
    if _COVERAGE_MARKER_RE.search(source) and not _COVERAGE_MARKER_RE.search(translation):
        missing.append("[[coverage:…]]")
    return missing
