"""The coverage figure of a synthesis: a heatmap frozen when the draft is generated.

A generated overview holds the marker ``[[coverage:JO=3/1,0/0,...;MA=...]]`` on a paragraph of
its own: for each Member State (ISO 3166 alpha-2), one ``confirmed/suggested`` pair of passage
counts per objective, in objective order. The figures stay as they were when the draft was
made, whatever the analysis says later, so the published text and its figure agree; the
renderers draw it as an SVG heatmap with the same figures in a table (web page), in the PDF,
and as a table in the DOCX. A marker that does not parse (edited by hand, say) is replaced by
a short notice, never by an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from hiwar.analysis.heatmap import heatmap
from hiwar.analysis.selectors import CoverageMatrix
from hiwar.framework.models import Country, Objective

_PAIR = r"\d{1,6}/\d{1,6}"
_ROW = rf"[A-Z]{{2}}=(?:{_PAIR}(?:,{_PAIR})*)?"
COVERAGE_RE = re.compile(rf"\[\[coverage:((?:{_ROW})(?:;{_ROW})*)?\]\]")
#: The marker alone on a paragraph of the cleaned HTML: it becomes a figure there.
COVERAGE_HTML_RE = re.compile(rf"<p>\s*\[\[coverage:((?:{_ROW})(?:;{_ROW})*)?\]\]\s*</p>")
#: Any other marker, or a malformed one, is removed from the text.
LEFTOVER_RE = re.compile(r"\[\[coverage:[^\]]{0,20000}\]\]")


@dataclass(frozen=True)
class Coverage:
    """Passages per Member State and objective: iso2 -> one (confirmed, suggested) pair per
    objective, in objective order."""

    rows: dict[str, tuple[tuple[int, int], ...]]


def coverage_marker(rows: dict[str, list[tuple[int, int]]]) -> str:
    """The marker for these counts (rows in ISO code order)."""
    parts = []
    for iso2 in sorted(rows):
        pairs = ",".join(f"{confirmed}/{suggested}" for confirmed, suggested in rows[iso2])
        parts.append(f"{iso2}={pairs}")
    return "[[coverage:" + ";".join(parts) + "]]"


def parse_coverage(payload: str | None) -> Coverage | None:
    """The counts of a marker's payload, or ``None`` when the rows disagree in length."""
    rows: dict[str, tuple[tuple[int, int], ...]] = {}
    width = None
    for part in (payload or "").split(";"):
        if not part:
            continue
        iso2, _sep, pairs = part.partition("=")
        values = tuple(
            (int(c), int(s)) for c, s in (pair.split("/") for pair in pairs.split(",") if pair)
        )
        if width is None:
            width = len(values)
        if len(values) != width or iso2 in rows:
            return None
        rows[iso2] = values
    return Coverage(rows=rows)


def coverage_matrix(coverage: Coverage) -> CoverageMatrix:
    """The frozen counts as the analysis app's matrix (two queries), countries by their name in
    the active language; codes no longer known and objectives past the last one are left out."""
    objectives = list(Objective.objects.order_by("number").select_related("cluster"))
    countries = sorted(
        Country.objects.filter(iso2__in=coverage.rows), key=lambda c: str(c.name).casefold()
    )
    cells: dict[tuple[int, int], dict[str, int]] = {}
    for country in countries:
        values = coverage.rows[country.iso2]
        for objective, (confirmed, suggested) in zip(objectives, values, strict=False):
            if confirmed or suggested:
                cells[(country.pk, objective.number)] = {
                    "confirmed": confirmed,
                    "suggested": suggested,
                }
    return CoverageMatrix(countries=countries, objectives=objectives, cells=cells)


class FigureCounter:
    """Gives each figure of one rendered document its own element ids."""

    def __init__(self) -> None:
        self.count = 0

    def next_id(self) -> str:
        self.count += 1
        return f"figure-coverage-{self.count}"


def coverage_figure_html(
    payload: str | None, *, language: str, counter: FigureCounter, for_print: bool = False
) -> str:
    """The figure for a marker's payload: an SVG heatmap, its caption and the same figures as a
    table (``for_print``: the heatmap as a coloured table); a notice when the marker cannot be
    read."""
    coverage = parse_coverage(payload)
    with translation.override(language):
        if coverage is None or not coverage.rows:
            notice = _("The coverage figure of this section could not be read.")
            return f'<p class="coverage-figure__error">{notice}</p>'
        matrix = coverage_matrix(coverage)
        drawing = heatmap(matrix, cycle_slug=None, rtl=translation.get_language_bidi())
        width = len(matrix.objectives)
        return render_to_string(
            "publications/_coverage_figure.html",
            {
                "figure_id": counter.next_id(),
                "matrix": matrix,
                "heatmap": drawing,
                "rows": [
                    (country, [(o, matrix.cell(country, o)) for o in matrix.objectives])
                    for country in matrix.countries
                ],
                "for_print": for_print,
                # In print the heatmap's cells (row by row, objectives in order) become a table:
                # WeasyPrint draws SVG text left to right piece by piece, which scrambles Arabic
                # names, while a table is shaped and mirrored like the rest of the page.
                "print_rows": [
                    (country, drawing["cells"][row * width : (row + 1) * width])
                    for row, country in enumerate(matrix.countries)
                ],
            },
        )
