"""Reads shared by the publications pages and exports.

The public reader sees a published publication in their language. A section is shown in that
language only when its translation is final and made from the current source; otherwise the
source text is shown, in its own language (lang/dir set) and labelled "Translation not
available" — never silently replaced. Draft translations are not shown to the public (they are
seen in the translation editor). Machine translations, once final, keep the label
"Machine translation".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hiwar.publications.citations import cited_passage_ids, missing_markers
from hiwar.publications.drafts import RenderDocument, RenderSection
from hiwar.publications.models import (
    LanguageVersion,
    Publication,
    Section,
    SectionTranslation,
    TranslationStatus,
)
from hiwar.reviews.models import NationalReport, ReviewCycle

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def language_name(code: str) -> str:
    return str(translation.get_language_info(code)["name_translated"]) if code else ""


# --- Workspace ------------------------------------------------------------------------------


@dataclass
class LanguageCell:
    language: str
    status: str
    translator: Any
    stale: int
    is_source: bool = False


@dataclass
class PublicationRow:
    publication: Publication
    sections: int
    open_comments: int
    cells: list[LanguageCell] = field(default_factory=list)


def workspace_publications(
    *, cycle: ReviewCycle, user: Any, only: Publication | None = None
) -> list[PublicationRow]:
    """The cycle's publications with their per-language status (three queries, whatever
    the number of publications). Translators who are neither secretariat nor rapporteurs see
    only the publications they are assigned to."""
    publications = (
        Publication.objects.filter(cycle=cycle)
        .select_related("cluster", "dialogue", "created_by")
        .annotate(
            section_count=Count("sections", distinct=True),
            open_comments=Count(
                "sections__comments",
                filter=Q(sections__comments__resolved_at__isnull=True),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("languages", queryset=LanguageVersion.objects.select_related("translator"))
        )
        .order_by("kind", "-created_at", "-pk")
    )
    if only is not None:
        publications = publications.filter(pk=only.pk)
    if not (user.has_perm("publications.review_publications")):
        publications = publications.filter(languages__translator=user).distinct()
    rows = list(publications)
    stale = defaultdict(int)
    if rows:
        for pub_id, language, count in (
            SectionTranslation.objects.filter(section__publication__in=[p.pk for p in rows])
            .exclude(source_hash=F("section__source_hash"))
            .values_list("section__publication_id", "language")
            .annotate(count=Count("pk"))
            .order_by()
        ):
            stale[(pub_id, language)] = count
    result = []
    for publication in rows:
        versions = {v.language: v for v in publication.languages.all()}
        cells = []
        for code in LANGUAGE_NAMES:
            if code == publication.source_language:
                cells.append(LanguageCell(code, "source", publication.created_by, 0, True))
                continue
            version = versions.get(code)
            cells.append(
                LanguageCell(
                    code,
                    version.status if version else TranslationStatus.MISSING,
                    version.translator if version else None,
                    stale[(publication.pk, code)],
                )
            )
        result.append(
            PublicationRow(
                publication,
                publication.section_count,
                publication.open_comments,
                cells,
            )
        )
    return result


def editor_sections(*, publication: Publication) -> QuerySet[Section]:
    # A GROUP BY query ignores Meta.ordering: the order is explicit.
    return (
        publication.sections.select_related("updated_by")
        .annotate(open_comments=Count("comments", filter=Q(comments__resolved_at__isnull=True)))
        .order_by("order", "pk")
    )


@dataclass
class TranslationPair:
    section: Section
    translation: SectionTranslation | None

    @property
    def is_stale(self) -> bool:
        return self.translation is not None and self.translation.is_stale

    @property
    def missing_markers(self) -> list[str]:
        """Citations and figures of the source that the translation leaves out."""
        if self.translation is None:
            return []
        return missing_markers(self.section.body, self.translation.body)


def translation_pairs(*, publication: Publication, language: str) -> list[TranslationPair]:
    """Each source section beside its translation into ``language`` (two queries)."""
    sections = list(
        publication.sections.prefetch_related(
            Prefetch(
                "translations",
                queryset=SectionTranslation.objects.filter(language=language),
                to_attr="in_language",
            )
        )
    )
    pairs = []
    for section in sections:
        found = section.in_language[0] if section.in_language else None
        if found is not None:
            found.section = section
        pairs.append(TranslationPair(section, found))
    return pairs


#: Earlier revisions of one translation shown in the translation editor.
TRANSLATION_HISTORY = 20


def translation_histories(*, publication: Publication, language: str) -> dict[int, list[Any]]:
    """Earlier revisions of each translation into ``language`` of the publication's sections,
    newest first and one record per revision (saving the same text again writes no new
    revision), keyed by translation id: one query for the whole publication."""
    records = (
        SectionTranslation.history.filter(section__publication=publication, language=language)
        .select_related("history_user")
        .order_by("-history_id")
    )
    histories: dict[int, list[Any]] = {}
    seen: set[tuple[int, int]] = set()
    for record in records[: 50 * TRANSLATION_HISTORY]:
        key = (record.id, record.revision)
        shown = histories.setdefault(record.id, [])
        if key in seen or len(shown) >= TRANSLATION_HISTORY:
            continue
        seen.add(key)
        shown.append(record)
    return histories


# --- Public ---------------------------------------------------------------------------------


def published_publications() -> QuerySet[Publication]:
    return (
        Publication.objects.filter(status=Publication.Status.PUBLISHED)
        .select_related("cycle", "cluster", "dialogue")
        .prefetch_related("languages")
        .order_by("-published_at", "-pk")
    )


def available_languages(publication: Publication) -> list[str]:
    """The source language and every language whose translation is final, in settings order.
    Uses the prefetched ``languages`` when there."""
    final = {v.language for v in publication.languages.all() if v.status == TranslationStatus.FINAL}
    return [c for c in LANGUAGE_NAMES if c == publication.source_language or c in final]


@dataclass
class ShownSection:
    """A section as the reader sees it in the requested language."""

    section: Section
    heading: str
    body: str
    language: str  # the language the text is in
    label: str  # why it is not in the reader's language, or "Machine translation"
    translated: bool


def shown_sections(*, publication: Publication, language: str) -> list[ShownSection]:
    """The publication's sections in ``language`` as the public reads them (two queries)."""
    pairs = translation_pairs(publication=publication, language=language)
    source_name = language_name(publication.source_language)
    shown = []
    for pair in pairs:
        section, found = pair.section, pair.translation
        if language == publication.source_language:
            shown.append(ShownSection(section, section.heading, section.body, language, "", False))
        elif found is not None and found.status == TranslationStatus.FINAL and not found.is_stale:
            label = _("Machine translation") if found.machine else ""
            shown.append(ShownSection(section, found.heading, found.body, language, label, True))
        else:
            label = _("Translation not available: shown in %(language)s") % {
                "language": source_name
            }
            shown.append(
                ShownSection(
                    section,
                    section.heading,
                    section.body,
                    publication.source_language,
                    label,
                    False,
                )
            )
    return shown


def publication_title(publication: Publication, language: str) -> tuple[str, str]:
    """The title in ``language`` if translated, else the source title; and its language."""
    if language != publication.source_language:
        for version in publication.languages.all():
            if version.language == language and version.title:
                return version.title, language
    return publication.title, publication.source_language


def render_document(
    publication: Publication, language: str, shown: list[ShownSection] | None = None
) -> RenderDocument:
    """The publication in ``language`` for the renderers: the same sections and labels as the
    public page (``shown``, when the caller has them already), every cited passage resolved."""
    from hiwar.publications.render.citations import resolve_citations

    if shown is None:
        shown = shown_sections(publication=publication, language=language)
    title, _title_language = publication_title(publication, language)
    ids: dict[int, None] = {}
    sections = []
    for item in shown:
        for pk in cited_passage_ids(item.body):
            ids.setdefault(pk, None)
        sections.append(
            RenderSection(
                heading=item.heading,
                body=_with_outcome_details(item),
                level=item.section.level,
                language=item.language if item.language != language else "",
                label=item.label,
            )
        )
    with translation.override(language):
        citations = resolve_citations(list(ids)) if ids else {}
        status_label = "" if publication.is_published else str(publication.get_status_display())
        date_label = (
            date_format(publication.published_at, "DATE_FORMAT") if publication.published_at else ""
        )
    return RenderDocument(
        title=title,
        language=language,
        sections=sections,
        citations=citations,
        subtitle=publication.subtitle,
        status_label=status_label,
        available_languages=available_languages(publication),
        date_label=date_label,
    )


def _with_outcome_details(item: ShownSection) -> str:
    """An outcome key message carries who voiced it and its adoption status into exports."""
    section = item.section
    if not section.attribution and not section.adoption_status:
        return item.body
    details = []
    if section.attribution:
        details.append(_("Voiced by: %(who)s") % {"who": section.attribution})
    if section.adoption_status:
        details.append(_("Status: %(status)s") % {"status": section.get_adoption_status_display()})
    return item.body + "\n\n*" + " · ".join(details) + "*"


# --- National reports -----------------------------------------------------------------------


def national_report_document(report: NationalReport, language: str) -> RenderDocument | None:
    """The current submitted version of a published national report, for the renderers (no
    citations). None when the report has no submitted version."""
    version = report.versions.filter(submitted_at__isnull=False).order_by("-number").first()
    if version is None:
        return None
    with translation.override(language):
        sections = [
            RenderSection(
                heading=draft.section.title,
                body=draft.text,
                level=1,
                language=draft.language if draft.language != language else "",
            )
            for draft in version.sections.select_related("section").order_by("section__position")
            if draft.text.strip()
        ]
        title = _("National report of %(country)s") % {"country": report.country.name}
        date_label = date_format(report.published_at, "DATE_FORMAT") if report.published_at else ""
        subtitle = str(report.cycle.title)
    return RenderDocument(
        title=title,
        language=language,
        sections=sections,
        subtitle=subtitle,
        available_languages=[language],
        date_label=date_label,
    )
