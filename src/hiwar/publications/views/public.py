"""Public pages: published publications, each read in the reader's language with its citations
as numbered notes, the languages it exists in, and PDF and DOCX downloads; and the PDF and DOCX
exports of published national reports."""

from itertools import groupby
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.text import slugify

from hiwar.publications import selectors
from hiwar.publications.drafts import RenderDocument, RenderSection
from hiwar.publications.models import Publication
from hiwar.publications.render.markup import NoteNumbering, note_text, render_section_html
from hiwar.publications.views.common import require_visible
from hiwar.reviews.models import NationalReport

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def publication_list(request: HttpRequest) -> HttpResponse:
    publications = list(selectors.published_publications())
    language = translation.get_language() or "en"
    items = [
        (p, selectors.publication_title(p, language)[0], selectors.available_languages(p))
        for p in publications
    ]
    return render(request, "publications/list.html", {"items": items})


def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A publication in the reader's language. Unpublished ones exist only for the secretariat,
    rapporteurs and assigned translators (a preview, marked as such)."""
    publication = get_object_or_404(
        Publication.objects.select_related("cycle", "cluster", "dialogue").prefetch_related(
            "languages"
        ),
        pk=pk,
    )
    require_visible(request, "publications.view_publication", publication)
    language = translation.get_language() or "en"
    shown = selectors.shown_sections(publication=publication, language=language)
    doc = selectors.render_document(publication, language, shown)
    numbering = NoteNumbering(language=language)
    rendered = []
    for item, render_section in zip(shown, doc.sections, strict=True):
        # The body without the outcome details: the page shows them as metadata.
        plain = RenderSection(
            heading=render_section.heading,
            body=item.body,
            level=render_section.level,
            language=render_section.language,
            label=render_section.label,
        )
        rendered.append((item, render_section_html(plain, numbering)))
    title, title_language = selectors.publication_title(publication, language)
    is_outcome = publication.kind == Publication.Kind.OUTCOME
    groups = (
        [(key, list(items)) for key, items in groupby(rendered, key=lambda r: r[0].section.group)]
        if is_outcome
        else [("", rendered)]
    )
    return render(
        request,
        "publications/detail.html",
        {
            "publication": publication,
            "title": title,
            "title_language": title_language,
            "groups": groups,
            "is_outcome": is_outcome,
            "notes": _notes(numbering, doc),
            "available": [
                (code, selectors.language_name(code)) for code in doc.available_languages
            ],
            "language": language,
            "can_review": request.user.has_perm("publications.review_publications", publication),
        },
    )


def _notes(numbering: NoteNumbering, doc: RenderDocument) -> list[tuple[int, list[Any]]]:
    """Numbered notes: each number with (text, url, language) of the passages it cites."""
    return [(number, note_text(ids, doc)) for number, ids in numbering.notes()]


def _file_response(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _render(doc: RenderDocument, fmt: str) -> bytes:
    if fmt == "pdf":
        from hiwar.publications.render.pdf import render_pdf

        return render_pdf(doc)
    from hiwar.publications.render.docx import render_docx

    return render_docx(doc)


def publication_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    publication = get_object_or_404(Publication.objects.prefetch_related("languages"), pk=pk)
    require_visible(request, "publications.view_publication", publication)
    language = translation.get_language() or "en"
    doc = selectors.render_document(publication, language)
    name = slugify(f"{publication.get_kind_display()}-{publication.pk}-{language}") or "publication"
    return _file_response(_render(doc, fmt), fmt, name)


def national_report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A published national report (its last submitted version) as PDF or DOCX."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    report = get_object_or_404(
        NationalReport.objects.select_related("country", "cycle"),
        pk=pk,
        status=NationalReport.Status.PUBLISHED,
    )
    language = translation.get_language() or "en"
    doc = selectors.national_report_document(report, language)
    if doc is None:
        raise Http404
    name = f"national-report-{report.country.iso2.lower()}-{report.cycle.slug}"
    return _file_response(_render(doc, fmt), fmt, name)


urlpatterns: list[URLPattern] = [
    path("", publication_list, name="list"),
    path("<int:pk>/", publication_detail, name="detail"),
    path("<int:pk>/download.<str:fmt>", publication_download, name="download"),
    path(
        "national-reports/<int:pk>/download.<str:fmt>",
        national_report_download,
        name="national_report_download",
    ),
]
