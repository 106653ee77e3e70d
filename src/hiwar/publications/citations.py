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
