"""The page a citation links to: one analysis passage with its source, page and tags.

Whoever may read the passage's source may read the passage: anyone once the national report or
the stakeholder input is published; before, the secretariat, the report's country focal points
or the input's organization (the ``reviews.view_report`` and ``reviews.view_input`` rules). A
document uploaded for analysis only is seen by those who may see its analysis. Everyone else
gets a 404, so a passage id reveals nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from hiwar.analysis.models import Passage, PassageTag
from hiwar.publications.render.citations import source_of


def _may_read(request: HttpRequest, passage: Passage) -> bool:
    document = passage.document
    if document.report is not None:
        return request.user.has_perm("reviews.view_report", document.report)
    if document.stakeholder_input is not None:
        return request.user.has_perm("reviews.view_input", document.stakeholder_input)
    return request.user.has_perm("analysis.view_document", document)


def _source_url(passage: Passage) -> str:
    document = passage.document
    if document.report_id is not None:
        return reverse("reviews:report", kwargs={"pk": document.report_id})
    if document.stakeholder_input_id is not None:
        return reverse("reviews:input", kwargs={"pk": document.stakeholder_input_id})
    return ""


def passage(request: HttpRequest, pk: int) -> HttpResponse:
    tags = (
        PassageTag.objects.filter(objective__isnull=False)
        .exclude(status=PassageTag.Status.REJECTED)
        .select_related("objective__cluster")
        .order_by("objective__number")
    )
    found = get_object_or_404(
        Passage.objects.select_related(
            "document__country",
            "document__report",
            "document__stakeholder_input__organization",
            "document__stakeholder_input__author",
        ).prefetch_related(Prefetch("tags", tags, to_attr="objective_tags")),
        pk=pk,
    )
    if not _may_read(request, found):
        raise Http404
    who, title = source_of(found.document)
    stakeholder_input = found.document.stakeholder_input
    author = ""
    if stakeholder_input is not None and stakeholder_input.show_author_name:
        author = stakeholder_input.author.full_name if stakeholder_input.author else ""
    objective_tags = found.objective_tags  # type: ignore[attr-defined]
    return render(
        request,
        "publications/passage.html",
        {
            "passage": found,
            "who": who,
            "source_title": title,
            "author": author,
            "source_url": _source_url(found),
            "direction": "rtl" if found.language in settings.LANGUAGES_BIDI else "ltr",
            "confirmed": [t for t in objective_tags if t.status == PassageTag.Status.CONFIRMED],
            "suggested": [t for t in objective_tags if t.status == PassageTag.Status.SUGGESTED],
            "is_sample": bool(
                (found.document.report and found.document.report.is_sample)
                or (stakeholder_input and stakeholder_input.is_sample)
            ),
        },
    )
