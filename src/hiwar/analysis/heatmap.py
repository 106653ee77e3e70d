"""Geometry of the coverage heatmap, drawn as inline SVG (no JavaScript needed).

Columns are objectives, rows are member states; in a right-to-left language the columns run
from right to left, like the table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from hiwar.analysis.selectors import CoverageMatrix

CELL = 26
LABEL_WIDTH = 170
HEADER = 30
# Sequential scale, light to dark, readable on white; text turns white on the dark steps.
SHADES = ["#f1f5f9", "#dbeafe", "#93c5fd", "#3b82f6", "#1d4ed8", "#1e3a8a"]


@dataclass
class HeatCell:
    x: int
    y: int
    fill: str
    dark: bool
    total: int
    confirmed: int
    suggested: int
    href: str
    title: str


def _shade(total: int, maximum: int) -> int:
    """The index in ``SHADES`` of a cell of ``total`` passages; ``maximum`` is the largest cell."""
    if total == 0 or maximum == 0:
        return 0
    return 1 + min(len(SHADES) - 2, int((len(SHADES) - 1) * total / (maximum + 1)))


def heatmap(matrix: CoverageMatrix, *, cycle_slug: str | None, rtl: bool) -> dict[str, Any]:
    """Cells, labels and sizes for ``analysis/_heatmap_svg.html``; each cell links to its
    passages when ``cycle_slug`` is given (a published document's frozen figure has no links)."""
    columns = len(matrix.objectives)
    width = LABEL_WIDTH + CELL * columns + 4
    height = HEADER + CELL * len(matrix.countries) + 4
    maximum = matrix.maximum()

    def x_of(column: int) -> int:
        if rtl:
            return width - LABEL_WIDTH - CELL * (column + 1)
        return LABEL_WIDTH + CELL * column

    cells, rows, headers = [], [], []
    for column, objective in enumerate(matrix.objectives):
        headers.append({"x": x_of(column) + CELL // 2, "number": objective.number})
    for row, country in enumerate(matrix.countries):
        y = HEADER + CELL * row
        rows.append(
            {
                "y": y + CELL // 2 + 4,
                "x": width - 6 if rtl else LABEL_WIDTH - 6,
                "name": country.name,
            }
        )
        for column, objective in enumerate(matrix.objectives):
            counts = matrix.cell(country, objective)
            total = counts["confirmed"] + counts["suggested"]
            index = _shade(total, maximum)
            cells.append(
                HeatCell(
                    x=x_of(column),
                    y=y,
                    fill=SHADES[index],
                    dark=index >= 3,
                    total=total,
                    confirmed=counts["confirmed"],
                    suggested=counts["suggested"],
                    href=reverse(
                        "analysis:coverage_cell",
                        kwargs={
                            "slug": cycle_slug,
                            "iso2": country.iso2,
                            "number": objective.number,
                        },
                    )
                    if cycle_slug
                    else "",
                    title=f"{country.name} · {objective.number}",
                )
            )
    return {
        "width": width,
        "height": height,
        "cell": CELL,
        "cells": cells,
        "rows": rows,
        "headers": headers,
        # Labels end at x in both directions: the labels carry direction="ltr" so that the anchor
        # means the same in browsers (which inherit the page's direction) and in WeasyPrint's
        # SVG renderer (which ignores it); Arabic names are still shaped right to left.
        "label_anchor": "end",
        "shades": SHADES,
    }
