"""A generated ``Draft`` as a ``RenderDocument``: for previews, tests and benchmarks (stored
publications are turned into ``RenderDocument``s by the publications selectors)."""

from __future__ import annotations

from django.utils import translation

from hiwar.publications.citations import cited_passage_ids
from hiwar.publications.drafts import Draft, RenderDocument, RenderSection
from hiwar.publications.render.citations import resolve_citations


def document_from_draft(
    draft: Draft, *, status_label: str = "", available_languages: list[str] | None = None
) -> RenderDocument:
    """The draft's sections with every cited passage resolved (one query)."""
    ids: dict[int, None] = {}
    for section in draft.sections:
        for pk in cited_passage_ids(section.body):
            ids.setdefault(pk, None)
    with translation.override(draft.language):
        citations = resolve_citations(ids)
    return RenderDocument(
        title=draft.title,
        language=draft.language,
        sections=[
            RenderSection(heading=s.heading, body=s.body, level=s.level) for s in draft.sections
        ],
        citations=citations,
        subtitle=draft.subtitle,
        status_label=status_label,
        available_languages=available_languages or [draft.language],
    )
