"""Pages of the analysis engine: documents and their progress, the rapporteurs' review screen,
and the coverage heatmap with its exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.analysis import selectors, services
from hiwar.analysis.forms import (
    AddTagForm,
    BulkConfirmForm,
    CoverageFilterForm,
    UploadForm,
    target_choices,
)
from hiwar.analysis.heatmap import heatmap
from hiwar.analysis.ingest import ERROR_CODES, IngestError
from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.framework.models import Country, GuidingPrinciple, Objective
from hiwar.reviews.models import ReviewCycle
from hiwar.reviews.services import ReviewError
from hiwar.reviews.views.common import require, user_of

# An objective that at most a third of the Member States with analysed reports cover is a gap.
GAP_SHARE = 1 / 3


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _document_or_404(request: HttpRequest, pk: int) -> Document:
    document = get_object_or_404(
        Document.objects.select_related("cycle", "country", "stakeholder_input__organization"),
        pk=pk,
    )
    if not request.user.has_perm("analysis.view_document", document):
        raise Http404
    return document


def failure_message(document: Document) -> str:
    if not document.error_code:
        return ""
    if document.error_code not in ERROR_CODES:  # "internal": a bug or an outage on our side
        return _(
            "The analysis stopped because of an error on our side. Try again; if it fails "
            "again, tell the secretariat."
        )
    return str(IngestError(document.error_code).message)


@login_required
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "analysis.view_analysis")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    form = UploadForm(cycle=cycle)
    if request.method == "POST":
        require(request, "analysis.upload_document")
        form = UploadForm(request.POST, request.FILES, cycle=cycle)
        if form.is_valid():
            try:
                document = services.upload_document_for_analysis(
                    actor=user_of(request),
                    cycle=cycle,
                    country=form.cleaned_data["country"],
                    uploaded=form.cleaned_data["file"],
                )
            except ReviewError as error:
                form.add_error("file", str(error))
            else:
                return redirect("analysis:document", pk=document.pk)
    return render(
        request,
        "analysis/documents.html",
        {"cycle": cycle, "documents": selectors.documents_of_cycle(cycle), "form": form},
    )


def _document_context(request: HttpRequest, document: Document) -> dict[str, Any]:
    return {
        "document": document,
        "failure": failure_message(document),
        "can_retry": request.user.has_perm("analysis.retry_document", document),
    }


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    context = _document_context(request, document)
    can_review = request.user.has_perm("analysis.review_tags")
    if document.status == Document.Status.DONE:
        context.update(
            passages=selectors.document_passages(document),
            progress=selectors.review_progress(document),
            can_review=can_review,
            target_choices=target_choices() if can_review else None,
            bulk_form=BulkConfirmForm() if can_review else None,
        )
    return render(request, "analysis/document.html", context)


@login_required
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, polled by htmx while the analysis runs."""
    document = _document_or_404(request, pk)
    response = render(
        request, "analysis/_document_status.html", _document_context(request, document)
    )
    if document.status in (Document.Status.DONE, Document.Status.FAILED) and is_htmx(request):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    require(request, "analysis.retry_document", document)
    try:
        services.retry_document(actor=user_of(request), document=document)
    except ReviewError as error:
        messages.error(request, str(error))
    return redirect("analysis:document", pk=document.pk)


@login_required
@require_POST
def bulk_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "analysis.review_tags")
    document = _document_or_404(request, pk)
    form = BulkConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a score between 0 and 1."))
    else:
        count = services.confirm_tags_above(
            actor=user_of(request),
            document=document,
            min_score=float(form.cleaned_data["min_score"]),
        )
        messages.success(request, _("%(count)d tags confirmed.") % {"count": count})
    return redirect("analysis:document", pk=document.pk)


def _passage_response(request: HttpRequest, passage: Passage) -> HttpResponse:
    if is_htmx(request):
        fresh = selectors.document_passages(passage.document).get(pk=passage.pk)
        return render(
            request,
            "analysis/_passage.html",
            {"passage": fresh, "can_review": True, "target_choices": target_choices()},
        )
    return redirect(f"{passage.document.get_absolute_url()}#passage-{passage.pk}")


_DECISIONS = {
    "confirm": PassageTag.Status.CONFIRMED,
    "reject": PassageTag.Status.REJECTED,
    "reset": PassageTag.Status.SUGGESTED,
}


@login_required
@require_POST
def tag_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    require(request, "analysis.review_tags")
    tag = get_object_or_404(PassageTag.objects.select_related("passage__document"), pk=pk)
    if decision not in _DECISIONS:
        raise Http404
    services.decide_tag(actor=user_of(request), tag=tag, status=_DECISIONS[decision])
    return _passage_response(request, tag.passage)


@login_required
@require_POST
def tag_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "analysis.review_tags")
    passage = get_object_or_404(Passage.objects.select_related("document"), pk=pk)
    form = AddTagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an objective or a guiding principle from the list."))
        return _passage_response(request, passage)
    target = form.cleaned_data["target"]
    if target.startswith("o"):
        objective = Objective.objects.get(number=int(target[1:]))
        services.add_tag(actor=user_of(request), passage=passage, objective=objective)
    else:
        principle = GuidingPrinciple.objects.get(letter=target[1:])
        services.add_tag(actor=user_of(request), passage=passage, principle=principle)
    return _passage_response(request, passage)


def _coverage_matrix(request: HttpRequest, cycle: ReviewCycle) -> tuple[Any, CoverageFilterForm]:
    form = CoverageFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        cluster = form.cleaned_data["cluster"]
        principle = form.cleaned_data["principle"]
        filters = {
            "cluster": cluster.code if cluster else None,
            "principle": principle.letter if principle else None,
            "include_inputs": form.cleaned_data["inputs"],
        }
    return selectors.coverage_by_country_and_objective(cycle, **filters), form


@login_required
def coverage(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "analysis.view_analysis")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    matrix, form = _coverage_matrix(request, cycle)
    analysed = matrix.reporting_countries()
    at_most = int(analysed * GAP_SHARE)
    return render(
        request,
        "analysis/coverage.html",
        {
            "cycle": cycle,
            "matrix": matrix,
            "form": form,
            "heatmap": heatmap(matrix, cycle_slug=cycle.slug, rtl=get_language_bidi()),
            "rows": [
                (country, [(o, matrix.cell(country, o)) for o in matrix.objectives])
                for country in matrix.countries
            ],
            "per_objective": [
                (o, matrix.reporting[o.number], matrix.silent[o.number]) for o in matrix.objectives
            ],
            "gaps": matrix.gaps(at_most=at_most),
            "gap_limit": at_most,
            "analysed_countries": analysed,
            "query": request.GET.urlencode(),
        },
    )


def _coverage_rows(matrix: Any) -> list[list[Any]]:
    rows = []
    for country in matrix.countries:
        for objective in matrix.objectives:
            cell = matrix.cell(country, objective)
            rows.append(
                [country.name, country.iso2, objective.number, objective.title,
                 cell["confirmed"], cell["suggested"]]
            )  # fmt: skip
    return rows


def _coverage_header() -> list[str]:
    return [
        _("Country"),
        _("ISO code"),
        _("Objective"),
        _("Title"),
        _("Confirmed passages"),
        _("Suggested passages"),
    ]


@login_required
def coverage_csv(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "analysis.view_analysis")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    matrix, _form = _coverage_matrix(request, cycle)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-coverage.csv"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read Arabic names correctly
    writer = csv.writer(response)
    writer.writerow(_coverage_header())
    writer.writerows(_coverage_rows(matrix))
    return response


@login_required
def coverage_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "analysis.view_analysis")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    matrix, _form = _coverage_matrix(request, cycle)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    grid = book.add_worksheet(_("Coverage")[:31])
    if get_language_bidi():
        grid.right_to_left()
    grid.write_row(0, 0, [_("Country"), *[o.number for o in matrix.objectives]], bold)
    for row, country in enumerate(matrix.countries, start=1):
        grid.write(row, 0, country.name)
        for column, objective in enumerate(matrix.objectives, start=1):
            cell = matrix.cell(country, objective)
            grid.write_number(row, column, cell["confirmed"] + cell["suggested"])
    grid.set_column(0, 0, 28)
    if matrix.countries and matrix.objectives:
        grid.conditional_format(
            1, 1, len(matrix.countries), len(matrix.objectives),
            {"type": "2_color_scale", "min_color": "#F1F5F9", "max_color": "#1D4ED8"},
        )  # fmt: skip
    detail = book.add_worksheet(_("Detail")[:31])
    if get_language_bidi():
        detail.right_to_left()
    detail.write_row(0, 0, _coverage_header(), bold)
    for row, values in enumerate(_coverage_rows(matrix), start=1):
        detail.write_row(row, 0, values)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-coverage.xlsx"'
    return response


@login_required
def coverage_cell(request: HttpRequest, slug: str, iso2: str, number: int) -> HttpResponse:
    require(request, "analysis.view_analysis")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    country = get_object_or_404(Country, iso2=iso2.upper())
    objective = get_object_or_404(Objective, number=number)
    return render(
        request,
        "analysis/coverage_cell.html",
        {
            "cycle": cycle,
            "country": country,
            "objective": objective,
            "tags": selectors.objective_passages(cycle=cycle, country=country, objective=objective),
        },
    )
