"""What the search finds: one adapter per source, each yielding the index entries of what is
published now. Adding a source is a function here and a line in ``SOURCES`` (and, for the
query-time check, a line in ``GATES``).

Each entry names a *gate*: the object whose publication it depends on (the report of a passage,
the dialogue of an intervention ...). ``hiwar.search.query`` checks the gates of the results it
shows, so a withdrawal hides its entries even before the index is refreshed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import translation

from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.dialogues.models import Contribution, Dialogue, Intervention
from hiwar.reviews.models import NationalReport, StakeholderInput
from hiwar.search.models import SearchDocument

__all__ = ["GATES", "SOURCES", "Entry", "published_gate_ids"]

LANGUAGES = ("ar", "en", "fr")
BODY_LIMIT = 6000
Kind = SearchDocument.Kind


@dataclass
class Entry:
    key: str
    kind: str
    object_id: int
    gate_kind: str
    gate_id: int
    url: str
    title: str
    body: str
    language: str
    source_date: datetime.date | None = None
    country_id: int | None = None
    organization_name: str = ""
    objectives: list[int] = field(default_factory=list)
    #: Float16 bytes when the source already has an embedding (analysed passages).
    embedding: bytes | None = None


def _date(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.date() if moment else None


def _objective_tags() -> Prefetch[Any]:
    return Prefetch(
        "tags",
        PassageTag.objects.filter(objective__isnull=False)
        .exclude(status=PassageTag.Status.REJECTED)
        .select_related("objective")
        .only("passage_id", "objective__number"),
        to_attr="objective_tags",
    )


def _objective_numbers(passage: Passage) -> list[int]:
    tags: list[PassageTag] = getattr(passage, "objective_tags", [])
    return sorted({tag.objective.number for tag in tags if tag.objective is not None})


def _passages() -> QuerySet[Passage]:
    """Passages of the current, analysed documents, without those a re-run dropped."""
    return (
        Passage.objects.filter(
            superseded=False,
            document__is_current=True,
            document__status=Document.Status.DONE,
        )
        .select_related("document")
        .prefetch_related(_objective_tags())
        .order_by("pk")
    )


# -- national reports ---------------------------------------------------------------------------


def _published_reports() -> QuerySet[NationalReport]:
    return NationalReport.objects.filter(status=NationalReport.Status.PUBLISHED)


def national_reports() -> Iterator[Entry]:
    reports = _published_reports().select_related("country", "cycle")
    for report in reports:
        url = reverse("reviews:report", kwargs={"pk": report.pk})
        for language in LANGUAGES:
            with translation.override(language):
                title = str(
                    translation.gettext("National report: %(country)s")
                    % {"country": report.country.name}
                )
                body = str(report.cycle.title)
            yield Entry(
                key=f"report:{report.pk}:{language}",
                kind=Kind.REPORT,
                object_id=report.pk,
                gate_kind="report",
                gate_id=report.pk,
                url=url,
                title=title,
                body=body,
                language=language,
                source_date=_date(report.published_at),
                country_id=report.country_id,
            )


def report_passages() -> Iterator[Entry]:
    reports = {report.pk: report for report in _published_reports().select_related("country")}
    passages = _passages().filter(document__report_id__in=list(reports))
    for passage in passages.iterator(chunk_size=2000):
        report = reports[passage.document.report_id or 0]
        with translation.override(passage.language or None):
            title = str(report.country.name)
        if passage.section:
            title = f"{title} — {passage.section}"
        yield Entry(
            key=f"passage:{passage.pk}",
            kind=Kind.REPORT_PASSAGE,
            object_id=passage.pk,
            gate_kind="report",
            gate_id=report.pk,
            url=reverse("reviews:report", kwargs={"pk": report.pk}),
            title=title[:300],
            body=passage.text,
            language=passage.language,
            source_date=_date(report.published_at),
            country_id=report.country_id,
            objectives=_objective_numbers(passage),
            embedding=passage.embedding,
        )


# -- stakeholder inputs -------------------------------------------------------------------------


def _published_inputs() -> QuerySet[StakeholderInput]:
    return StakeholderInput.objects.filter(
        status=StakeholderInput.Status.PUBLISHED, publishable=True
    )


def _input_organization(item: StakeholderInput) -> str:
    """The organization, and the author's name only when they asked for it to be shown."""
    name = item.organization.name
    if item.show_author_name and item.author is not None:
        author = item.author.get_full_name() if hasattr(item.author, "get_full_name") else ""
        if author:
            name = f"{name} — {author}"
    return name[:200]


def stakeholder_inputs() -> Iterator[Entry]:
    inputs = (
        _published_inputs().select_related("organization", "author").prefetch_related("sections")
    )
    for item in inputs:
        body = "\n\n".join(section.text for section in item.sections.all() if section.text)
        yield Entry(
            key=f"input:{item.pk}",
            kind=Kind.INPUT,
            object_id=item.pk,
            gate_kind="input",
            gate_id=item.pk,
            url=reverse("reviews:input", kwargs={"pk": item.pk}),
            title=item.title,
            body=body[:BODY_LIMIT],
            language=item.language,
            source_date=_date(item.published_at),
            country_id=item.organization.country_id,
            organization_name=_input_organization(item),
        )


def input_passages() -> Iterator[Entry]:
    inputs = {
        item.pk: item for item in _published_inputs().select_related("organization", "author")
    }
    passages = _passages().filter(document__stakeholder_input_id__in=list(inputs))
    for passage in passages.iterator(chunk_size=2000):
        item = inputs[passage.document.stakeholder_input_id or 0]
        yield Entry(
            key=f"passage:{passage.pk}",
            kind=Kind.INPUT_PASSAGE,
            object_id=passage.pk,
            gate_kind="input",
            gate_id=item.pk,
            url=reverse("reviews:input", kwargs={"pk": item.pk}),
            title=item.title,
            body=passage.text,
            language=passage.language,
            source_date=_date(item.published_at),
            country_id=item.organization.country_id,
            organization_name=_input_organization(item),
            objectives=_objective_numbers(passage),
            embedding=passage.embedding,
        )


# -- dialogues and consultations ----------------------------------------------------------------


def _published_dialogues() -> QuerySet[Dialogue]:
    return Dialogue.objects.filter(status=Dialogue.Status.PUBLISHED)


def dialogue_records() -> Iterator[Entry]:
    """One entry per language the organizers wrote the title in."""
    for dialogue in _published_dialogues():
        for language in LANGUAGES:
            title = getattr(dialogue, f"title_{language}", "") or ""
            if not title:
                continue
            yield Entry(
                key=f"dialogue:{dialogue.pk}:{language}",
                kind=Kind.DIALOGUE,
                object_id=dialogue.pk,
                gate_kind="dialogue",
                gate_id=dialogue.pk,
                url=reverse("dialogues:detail", kwargs={"slug": dialogue.slug}),
                title=title,
                body=getattr(dialogue, f"summary_{language}", "") or "",
                language=language,
                source_date=_date(dialogue.starts_at),
            )


def interventions() -> Iterator[Entry]:
    """Published interventions of published dialogues. Nobody is named: an anonymous speaker's
    organization is left out too, since it could name them."""
    items = (
        Intervention.objects.filter(published=True, dialogue__status=Dialogue.Status.PUBLISHED)
        .select_related("dialogue", "organization")
        .prefetch_related("objectives")
        .order_by("pk")
    )
    for item in items:
        title = getattr(item.dialogue, f"title_{item.language}", "") or str(item.dialogue.title)
        organization = ""
        if not item.anonymous:
            organization = item.organization.name if item.organization else item.organization_name
        yield Entry(
            key=f"intervention:{item.pk}",
            kind=Kind.INTERVENTION,
            object_id=item.pk,
            gate_kind="intervention",
            gate_id=item.pk,
            url=reverse("dialogues:detail", kwargs={"slug": item.dialogue.slug}),
            title=title,
            body=item.summary,
            language=item.language,
            source_date=_date(item.dialogue.starts_at),
            country_id=item.country_id,
            organization_name=organization[:200],
            objectives=sorted(objective.number for objective in item.objectives.all()),
        )


def contributions() -> Iterator[Entry]:
    """Contributions to online consultations that the moderators have not hidden; the author is
    not named in the index, only the organization they wrote for."""
    items = (
        Contribution.objects.filter(hidden_at__isnull=True)
        .select_related("consultation", "organization")
        .prefetch_related("objectives")
        .order_by("pk")
    )
    for item in items:
        consultation = item.consultation
        title = getattr(consultation, f"title_{item.language}", "") or str(consultation.title)
        url = reverse("dialogues:consultation", kwargs={"slug": consultation.slug})
        yield Entry(
            key=f"contribution:{item.pk}",
            kind=Kind.CONTRIBUTION,
            object_id=item.pk,
            gate_kind="contribution",
            gate_id=item.pk,
            url=f"{url}#post-{item.pk}",
            title=title,
            body=item.text,
            language=item.language,
            source_date=_date(item.created_at),
            country_id=item.organization.country_id if item.organization else None,
            organization_name=item.organization.name if item.organization else "",
            objectives=sorted(objective.number for objective in item.objectives.all()),
        )


# -- good practices and publications ---------------------------------------------------------


def practices() -> Iterator[Entry]:
    from hiwar.knowledge.selectors import published_practices

    for practice in published_practices():
        yield _practice_entry(practice)


def _practice_entry(practice: Any) -> Entry:
    """A published practice; ``published_practices`` prefetches its objectives, countries and
    organization."""
    country_ids = [country.pk for country in practice.countries.all()]
    body = "\n\n".join(
        text for text in (practice.summary, practice.description, practice.results) if text
    )
    return Entry(
        key=f"practice:{practice.pk}",
        kind=Kind.PRACTICE,
        object_id=practice.pk,
        gate_kind="practice",
        gate_id=practice.pk,
        url=practice.get_absolute_url(),
        title=practice.title[:300],
        body=body[:BODY_LIMIT],
        language=practice.language,
        source_date=_date(practice.published_at or practice.created_at),
        country_id=country_ids[0] if len(country_ids) == 1 else None,
        organization_name=practice.organization.name[:200],
        objectives=sorted(objective.number for objective in practice.objectives.all()),
        embedding=_valid_embedding(practice.embedding),
    )


def publications() -> Iterator[Entry]:
    """One entry per published publication and language it is available in; the text is what
    a reader of that language sees (a section not yet translated is left out)."""
    from hiwar.publications.citations import CITE_RE, QUOTE_RE
    from hiwar.publications.selectors import (
        available_languages,
        publication_title,
        published_publications,
        shown_sections,
    )

    for publication in published_publications():
        for language in available_languages(publication):
            title, _title_language = publication_title(publication, language)
            parts = []
            for shown in shown_sections(publication=publication, language=language):
                if shown.language != language:
                    continue
                body = QUOTE_RE.sub(lambda match: match.group(2), CITE_RE.sub("", shown.body))
                parts.append(f"{shown.heading}\n{body}")
            yield Entry(
                key=f"publication:{publication.pk}:{language}",
                kind=Kind.PUBLICATION,
                object_id=publication.pk,
                gate_kind="publication",
                gate_id=publication.pk,
                url=reverse("publications:detail", kwargs={"pk": publication.pk}),
                title=title[:300],
                body="\n\n".join(parts)[:BODY_LIMIT],
                language=language,
                source_date=_date(publication.published_at),
            )


def _valid_embedding(value: object) -> bytes | None:
    """A stored float16 embedding of the expected size, or None (then the index embeds)."""
    if isinstance(value, bytes | memoryview) and len(value) == 1024:
        return bytes(value)
    return None


SOURCES: list[Callable[[], Iterable[Entry]]] = [
    national_reports,
    report_passages,
    stakeholder_inputs,
    input_passages,
    dialogue_records,
    interventions,
    contributions,
    practices,
    publications,
]


# -- the query-time check -----------------------------------------------------------------------


def _practice_gate() -> QuerySet[Any]:
    from hiwar.knowledge.models import Practice

    return Practice.objects.filter(status=Practice.Status.PUBLISHED)


#: For each gate kind, the queryset of what is published now (None: the source is absent).
GATES: dict[str, Callable[[], QuerySet[Any] | None]] = {
    "report": _published_reports,
    "input": _published_inputs,
    "dialogue": _published_dialogues,
    "intervention": lambda: Intervention.objects.filter(
        published=True, dialogue__status=Dialogue.Status.PUBLISHED
    ),
    "contribution": lambda: Contribution.objects.filter(hidden_at__isnull=True),
    "practice": _practice_gate,
    "publication": lambda: _published_publications(),
}


def _published_publications() -> QuerySet[Any]:
    from hiwar.publications.models import Publication

    return Publication.objects.filter(status=Publication.Status.PUBLISHED)


def published_gate_ids(gates: dict[str, set[int]]) -> set[tuple[str, int]]:
    """Which of the given (kind → ids) gates are published now, in one query."""
    from django.db.models import CharField, Value

    parts = []
    for kind, ids in sorted(gates.items()):
        queryset = GATES[kind]() if kind in GATES else None
        if queryset is None or not ids:
            continue
        parts.append(
            queryset.filter(Q(pk__in=sorted(ids)))
            .annotate(gate=Value(kind, output_field=CharField()))
            .values_list("gate", "pk")
            .order_by()
        )
    if not parts:
        return set()
    first, *rest = parts
    union = first.union(*rest, all=True) if rest else first
    return {(str(kind), int(pk)) for kind, pk in union}
