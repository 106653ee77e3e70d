"""The balance dashboard of a dialogue, and of all the dialogues of a review cycle: who attended
and who spoke, as tables and inline SVG bar charts (no JavaScript), the four engagement
indicators with their definitions, and the tables as CSV.

The figures come from `hiwar.dialogues.indicators`; this module only lays them out. In a
right-to-left language the bars grow from the right, like the tables beside them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from hiwar.dialogues.indicators import (
    Balance,
    Breakdown,
    balance_of_cycle,
    balance_of_dialogue,
)
from hiwar.dialogues.models import Dialogue
from hiwar.reviews.models import ReviewCycle
from hiwar.reviews.views.common import require

# Geometry of the bar charts, in SVG user units (the chart scales to the page width).
WIDTH = 480
PAD = 4
LABEL = 20  # the label line above each pair of bars
BAR = 14
GAP = 3
ROW_GAP = 10
NUMBER_SPACE = 48  # room for the figure after the longest bar
ROW = LABEL + BAR + GAP + BAR + ROW_GAP
# Two hues far apart in lightness, so the bars differ in grey too; the legend in balance.css
# uses the same colours.
FILLS = {"attended": "#1d4ed8", "spoke": "#f59e0b"}


@dataclass(frozen=True)
class ChartBar:
    kind: str  # "attended" or "spoke"
    value: int
    x: int
    y: int
    width: int
    fill: str
    text_x: int
    text_y: int


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_x: int
    label_y: int
    bars: list[ChartBar]


def bar_chart(breakdown: Breakdown, *, rtl: bool) -> dict[str, Any]:
    """Two bars per row (attended, spoke), the label on its own line above them so that long
    category names fit. Rows where nobody attended or spoke are left to the table."""
    rows = [row for row in breakdown.rows if row.attended or row.spoke]
    maximum = max(breakdown.maximum, 1)
    span = WIDTH - 2 * PAD - NUMBER_SPACE
    chart_rows = []
    for index, row in enumerate(rows):
        top = PAD + index * ROW
        bars = []
        for offset, (kind, value) in enumerate((("attended", row.attended), ("spoke", row.spoke))):
            width = round(span * value / maximum)
            y = top + LABEL + offset * (BAR + GAP)
            x = WIDTH - PAD - width if rtl else PAD
            # The figure follows the bar's end, in the reading direction.
            text_x = x - 4 if rtl else x + width + 4
            bars.append(ChartBar(kind, value, x, y, width, FILLS[kind], text_x, y + BAR - 2))
        label_x = WIDTH - PAD if rtl else PAD
        chart_rows.append(ChartRow(row.label, label_x, top + LABEL - 5, bars))
    return {
        "key": breakdown.key,
        "width": WIDTH,
        "height": PAD * 2 + max(len(rows), 1) * ROW,
        "rows": chart_rows,
        "bar": BAR,
        "direction": "rtl" if rtl else "ltr",
    }


def _page(request: HttpRequest, balance: Balance, context: dict[str, Any]) -> HttpResponse:
    rtl = get_language_bidi()
    sections = [(breakdown, bar_chart(breakdown, rtl=rtl)) for breakdown in balance.breakdowns]
    return render(
        request,
        "dialogues/balance/balance.html",
        {**context, "balance": balance, "sections": sections},
    )


@login_required
def balance(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "dialogues.view_balance")
    dialogue: Dialogue = get_object_or_404(Dialogue.objects.select_related("cycle"), slug=slug)
    return _page(
        request,
        balance_of_dialogue(dialogue),
        {"dialogue": dialogue, "cycle": dialogue.cycle},
    )


@login_required
def cycle_balance(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    require(request, "dialogues.view_balance")
    cycle = get_object_or_404(ReviewCycle, slug=cycle_slug)
    return _page(
        request,
        balance_of_cycle(cycle),
        {
            "cycle": cycle,
            "dialogues": list(Dialogue.objects.filter(cycle=cycle).order_by("starts_at", "pk")),
        },
    )


def _csv(balance: Balance, filename: str) -> HttpResponse:
    """One table: breakdown, value, attended, spoke; labels are ours, never typed by users."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read Arabic names correctly
    writer = csv.writer(response)
    writer.writerow([_("Breakdown"), _("Value"), _("Attended"), _("Spoke")])
    for breakdown in balance.breakdowns:
        for row in breakdown.rows:
            writer.writerow([breakdown.title, row.label, row.attended, row.spoke])
    writer.writerow([_("Total"), _("All participants"), balance.attended, balance.speakers])
    return response


@login_required
def balance_csv(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "dialogues.view_balance")
    dialogue = get_object_or_404(Dialogue, slug=slug)
    return _csv(balance_of_dialogue(dialogue), f"{dialogue.slug}-balance.csv")


@login_required
def cycle_balance_csv(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    require(request, "dialogues.view_balance")
    cycle = get_object_or_404(ReviewCycle, slug=cycle_slug)
    return _csv(balance_of_cycle(cycle), f"{cycle.slug}-dialogues-balance.csv")


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/balance/", balance, name="balance"),
    path("<slug:slug>/balance.csv", balance_csv, name="balance_csv"),
    path("cycle/<slug:cycle_slug>/balance/", cycle_balance, name="cycle_balance"),
    path("cycle/<slug:cycle_slug>/balance.csv", cycle_balance_csv, name="cycle_balance_csv"),
]
