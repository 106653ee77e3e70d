"""What each cited passage's note says: country or organization, source, page, link."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hiwar.analysis.models import Document, Passage
from hiwar.publications.drafts import CitedPassage
from hiwar.publications.generators.text import translated


def source_of(document: Document) -> tuple[str, str]:
    """(who, title) of a passage's document in the active language: the country and its national
    report, or the organization and the title of its input."""
    language = get_language() or "en"
    country = translated(document.country, "name", language) if document.country else ""
    stakeholder_input = document.stakeholder_input
    if stakeholder_input is not None:
        return str(stakeholder_input.organization.name), stakeholder_input.title
    if document.source in (Document.Source.REPORT, Document.Source.REPORT_FILE) or (
        document.report_id is not None
    ):
        title = _("National report of %(country)s") % {"country": country}
        if document.source == Document.Source.REPORT_FILE and document.title:
            title = f"{title} ({document.title})"
        return country, title
    return country or _("Document"), document.title


def resolve_citations(passage_ids: Iterable[int]) -> dict[int, CitedPassage]:
    """The cited passages that exist, by id, in the active language (one query)."""
    ids = list(dict.fromkeys(passage_ids))
    if not ids:
        return {}
    passages = Passage.objects.filter(pk__in=ids).select_related(
        "document__country", "document__stakeholder_input__organization"
    )
    resolved = {}
    for passage in passages:
        who, title = source_of(passage.document)
        resolved[passage.pk] = CitedPassage(
            passage_id=passage.pk,
            country=who,
            source_title=title,
            page=passage.page,
            url=reverse("publications:passage", kwargs={"pk": passage.pk}),
            language=passage.language,
        )
    return resolved
