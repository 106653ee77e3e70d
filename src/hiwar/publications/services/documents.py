"""Publications as documents: created from a generated draft, edited section by section with
revisions and conflict detection, reordered, commented on, reviewed and published."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import User
from hiwar.dialogues.models import Dialogue
from hiwar.framework.models import Cluster
from hiwar.publications.drafts import Draft
from hiwar.publications.models import (
    MAX_BODY,
    MAX_HEADING,
    Comment,
    LanguageVersion,
    Publication,
    Section,
    content_hash,
)
from hiwar.publications.services.errors import EditConflict, PublicationError
from hiwar.reviews.models import ReviewCycle
from hiwar.search.services import schedule_search_refresh

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
MAX_COMMENT = 5_000


def check_text(*, heading: str, body: str, heading_required: bool = True) -> tuple[str, str]:
    """Normalized heading and body, or a PublicationError saying what is wrong."""
    heading = heading.strip()
    body = body.replace("\r\n", "\n")
    if heading_required and not heading:
        raise PublicationError(_("A section needs a heading."))
    if len(heading) > MAX_HEADING:
        raise PublicationError(
            _("The heading is too long (at most %(max)d characters).") % {"max": MAX_HEADING}
        )
    if len(body) > MAX_BODY:
        raise PublicationError(
            _("The text is too long (at most %(max)d characters).") % {"max": MAX_BODY}
        )
    return heading, body


def _editable(publication: Publication) -> None:
    if publication.status == Publication.Status.PUBLISHED:
        raise PublicationError(_("This publication is published. Return it to draft to revise it."))


def _touch_languages(publication: Publication) -> None:
    from hiwar.publications.services.translations import refresh_language_statuses

    refresh_language_statuses(publication=publication)


@transaction.atomic
def create_publication_from_draft(
    *,
    actor: User | None,
    draft: Draft,
    cycle: ReviewCycle,
    cluster: Cluster | None = None,
    dialogue: Dialogue | None = None,
) -> Publication:
    """Store a generated draft as a new publication in draft status, with one section per
    draft section (in order) and an empty language version for each other language. Never
    touches an existing publication: regenerating makes a new one."""
    if draft.kind not in Publication.Kind.values:
        raise PublicationError(_("Unknown kind of publication."))
    if draft.language not in LANGUAGE_CODES:
        raise PublicationError(_("Unknown language."))
    if draft.kind == Publication.Kind.BACKGROUND_NOTE and cluster is None:
        raise PublicationError(_("A background note belongs to a round table."))
    if draft.kind == Publication.Kind.DIALOGUE_SUMMARY and dialogue is None:
        raise PublicationError(_("A dialogue summary belongs to a dialogue."))
    if dialogue is not None and dialogue.cycle_id != cycle.pk:
        raise PublicationError(_("This dialogue belongs to another review."))
    publication = Publication.objects.create(
        cycle=cycle,
        kind=draft.kind,
        cluster=cluster if draft.kind == Publication.Kind.BACKGROUND_NOTE else None,
        dialogue=dialogue if draft.kind == Publication.Kind.DIALOGUE_SUMMARY else None,
        title=draft.title[:MAX_HEADING],
        subtitle=draft.subtitle[:MAX_HEADING],
        source_language=draft.language,
        created_by=actor,
    )
    is_outcome = draft.kind == Publication.Kind.OUTCOME
    for order, item in enumerate(draft.sections, start=1):
        heading = item.heading.strip()[:MAX_HEADING] or str(order)
        Section.objects.create(
            publication=publication,
            order=order,
            key=item.key[:100],
            level=min(max(item.level, 1), 3),
            group=item.group[:MAX_HEADING],
            attribution=item.attribution[:MAX_HEADING],
            adoption_status=Section.Adoption.PROPOSED if is_outcome else "",
            heading=heading,
            body=item.body,
            source_hash=content_hash(heading, item.body),
            updated_by=actor,
        )
    LanguageVersion.objects.bulk_create(
        LanguageVersion(publication=publication, language=code)
        for code in LANGUAGE_CODES
        if code != draft.language
    )
    return publication


def generate_publication(
    *,
    actor: User | None,
    cycle: ReviewCycle,
    kind: str,
    language: str,
    cluster: Cluster | None = None,
    dialogue: Dialogue | None = None,
) -> Publication:
    """Run the draft generator of ``kind`` and store its output as a new publication."""
    from hiwar.publications import generators

    draft: Draft
    if kind == Publication.Kind.SYNTHESIS:
        draft = generators.draft_synthesis(cycle=cycle, language=language)
    elif kind == Publication.Kind.OUTCOME:
        draft = generators.draft_outcome_document(cycle=cycle, language=language)
    elif kind == Publication.Kind.BACKGROUND_NOTE:
        if cluster is None:
            raise PublicationError(_("Choose a round table."))
        draft = generators.draft_background_note(cycle=cycle, cluster=cluster, language=language)
    elif kind == Publication.Kind.DIALOGUE_SUMMARY:
        if dialogue is None or dialogue.cycle_id != cycle.pk:
            raise PublicationError(_("Choose a dialogue of this review."))
        draft = generators.draft_dialogue_summary(dialogue=dialogue, language=language)
    else:
        raise PublicationError(_("Unknown kind of publication."))
    return create_publication_from_draft(
        actor=actor, draft=draft, cycle=cycle, cluster=cluster, dialogue=dialogue
    )


@transaction.atomic
def save_section(
    *,
    actor: User | None,
    section: Section,
    heading: str,
    body: str,
    base_revision: int,
    group: str | None = None,
    attribution: str | None = None,
) -> Section:
    """Save the source text of a section as a new revision; refuse with EditConflict if
    someone saved it since ``base_revision``. Changing the text makes its translations stale.
    ``group`` and ``attribution`` (a key message's round table or theme, and who voiced it)
    are changed when given; they are shown as they are in every language, so changing only
    them leaves the translations current."""
    section = Section.objects.select_for_update().select_related("publication").get(pk=section.pk)
    _editable(section.publication)
    heading, body = check_text(heading=heading, body=body)
    group = section.group if group is None else " ".join(group.split())[:MAX_HEADING]
    attribution = (
        section.attribution if attribution is None else " ".join(attribution.split())[:MAX_HEADING]
    )
    if (section.heading, section.body, section.group, section.attribution) == (
        heading,
        body,
        group,
        attribution,
    ):
        return section
    if section.revision != base_revision:
        raise EditConflict(
            their_heading=section.heading,
            their_body=section.body,
            their_revision=section.revision,
            their_author=str(section.updated_by) if section.updated_by else "",
            your_heading=heading,
            your_body=body,
        )
    section.heading = heading
    section.body = body
    section.group = group
    section.attribution = attribution
    section.source_hash = content_hash(heading, body)
    section.revision = section.revision + 1
    section.updated_at = timezone.now()
    section.updated_by = actor
    section._change_reason = "edit"  # type: ignore[attr-defined]
    section.save()
    _touch_languages(section.publication)
    return section


def restore_section_revision(*, actor: User | None, section: Section, history_id: int) -> Section:
    """Make an earlier revision of the section its current text again, as a new revision."""
    record: Any = section.history.filter(history_id=history_id).first()
    if record is None:
        raise PublicationError(_("This revision does not belong to this section."))
    section.refresh_from_db(fields=["revision"])
    return save_section(
        actor=actor,
        section=section,
        heading=record.heading,
        body=record.body,
        base_revision=section.revision,
    )


@transaction.atomic
def move_section(*, actor: User | None, section: Section, direction: str) -> None:
    """Swap the section with its neighbour above ("up") or below ("down")."""
    _editable(section.publication)
    siblings = list(
        Section.objects.select_for_update()
        .filter(publication_id=section.publication_id)
        .order_by("order", "pk")
    )
    index = next(i for i, item in enumerate(siblings) if item.pk == section.pk)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
    if direction not in ("up", "down"):
        raise PublicationError(_("Unknown direction."))
    if not 0 <= target < len(siblings):
        return  # already first or last
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, item in enumerate(siblings, start=1):
        if item.order != order:
            item.order = order
            item._change_reason = "reorder"  # type: ignore[attr-defined]
            item.save(update_fields=["order"])


@transaction.atomic
def add_section(
    *,
    actor: User | None,
    publication: Publication,
    heading: str,
    body: str = "",
    level: int = 1,
    group: str = "",
    attribution: str = "",
) -> Section:
    """Append a new section at the end of the publication."""
    _editable(publication)
    heading, body = check_text(heading=heading, body=body)
    if level not in (1, 2, 3):
        raise PublicationError(_("The heading level is 1, 2 or 3."))
    last = publication.sections.aggregate(last=Max("order"))["last"] or 0
    section = Section.objects.create(
        publication=publication,
        order=last + 1,
        level=level,
        group=group.strip()[:MAX_HEADING],
        attribution=attribution.strip()[:MAX_HEADING],
        adoption_status=(
            Section.Adoption.PROPOSED if publication.kind == Publication.Kind.OUTCOME else ""
        ),
        heading=heading,
        body=body,
        source_hash=content_hash(heading, body),
        updated_by=actor,
    )
    _touch_languages(publication)
    return section


@transaction.atomic
def delete_section(*, actor: User | None, section: Section) -> None:
    """Remove a section; its history keeps every revision and the deletion."""
    publication = section.publication
    _editable(publication)
    section._change_reason = "delete"  # type: ignore[attr-defined]
    section.delete()
    Section.objects.filter(publication=publication, order__gt=section.order).update(
        order=F("order") - 1
    )
    _touch_languages(publication)


@transaction.atomic
def set_adoption_status(*, actor: User | None, section: Section, status: str) -> Section:
    """The adoption status of a key message of the outcome document."""
    if section.publication.kind != Publication.Kind.OUTCOME:
        raise PublicationError(
            _("Only key messages of an outcome document have an adoption status.")
        )
    _editable(section.publication)
    if status not in Section.Adoption.values:
        raise PublicationError(_("Unknown adoption status."))
    section.adoption_status = status
    section._change_reason = "adoption"  # type: ignore[attr-defined]
    section.save(update_fields=["adoption_status"])
    return section


@transaction.atomic
def rename_publication(
    *, actor: User | None, publication: Publication, title: str, subtitle: str = ""
) -> Publication:
    """The title and subtitle in the source language."""
    _editable(publication)
    title, subtitle = title.strip(), subtitle.strip()
    if not title:
        raise PublicationError(_("A publication needs a title."))
    if len(title) > MAX_HEADING or len(subtitle) > MAX_HEADING:
        raise PublicationError(
            _("The title is too long (at most %(max)d characters).") % {"max": MAX_HEADING}
        )
    publication.title, publication.subtitle = title, subtitle
    publication.save(update_fields=["title", "subtitle"])
    return publication


@transaction.atomic
def submit_for_review(*, actor: User | None, publication: Publication) -> Publication:
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if locked.status != Publication.Status.DRAFT:
        raise PublicationError(_("Only a draft can be submitted for review."))
    if not locked.sections.exists():
        raise PublicationError(_("The publication has no sections."))
    locked.status = Publication.Status.IN_REVIEW
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def publish_publication(*, actor: User | None, publication: Publication) -> Publication:
    """Make the publication public. Only a publication in review is published, and only
    when no reviewer comment is left unresolved."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if locked.status != Publication.Status.IN_REVIEW:
        raise PublicationError(_("Submit the publication for review before publishing it."))
    open_comments = Comment.objects.filter(
        section__publication=locked, resolved_at__isnull=True
    ).count()
    if open_comments:
        raise PublicationError(
            _("Resolve the reviewers' comments before publishing (%(count)d open).")
            % {"count": open_comments}
        )
    locked.status = Publication.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    schedule_search_refresh()
    return locked


@transaction.atomic
def return_to_draft(*, actor: User | None, publication: Publication) -> Publication:
    """Take a publication in review or published back to draft, to revise it. A published one
    stops being public until it is published again."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if locked.status == Publication.Status.DRAFT:
        raise PublicationError(_("The publication is already a draft."))
    was_published = locked.status == Publication.Status.PUBLISHED
    locked.status = Publication.Status.DRAFT
    locked.save(update_fields=["status"])
    if was_published:
        schedule_search_refresh()
    return locked


@transaction.atomic
def add_comment(*, actor: User, section: Section, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise PublicationError(_("Write a comment."))
    if len(text) > MAX_COMMENT:
        raise PublicationError(
            _("The comment is too long (at most %(max)d characters).") % {"max": MAX_COMMENT}
        )
    if section.publication.status == Publication.Status.PUBLISHED:
        raise PublicationError(_("This publication is published. Return it to draft to revise it."))
    return Comment.objects.create(section=section, author=actor, text=text)


@transaction.atomic
def resolve_comment(*, actor: User, comment: Comment) -> Comment:
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.resolved_by = actor
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
