"""Good practices: written by a member of an organization, reviewed by the secretariat.

The workflow: draft → submitted → (changes_requested → submitted)* → published or rejected.
Only drafts and practices sent back for changes can be edited; only submitted ones can be
decided. Each decision is mailed to the author in their language. Objectives and guiding
principles are suggested by the analysis engine from the title, summary and description and
confirmed by the author, who ticks or unticks them before saving. Publication stores an
embedding of the practice, from which "similar practices" are found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import Organization
from hiwar.accounts.rules import is_organization_member
from hiwar.analysis.engine.embedder import embed
from hiwar.analysis.engine.tagger import get_tagger
from hiwar.analysis.ingest import normalize_text
from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory
from hiwar.knowledge.models import Practice, PracticeFile
from hiwar.knowledge.services.errors import KnowledgeError
from hiwar.reviews.uploads import UploadRejected, check_upload

__all__ = [
    "MAX_FILES",
    "MAX_LINKS",
    "PracticeContent",
    "attach_practice_file",
    "create_practice",
    "embedding_text",
    "publish_practice",
    "reject_practice",
    "remove_practice_file",
    "request_practice_changes",
    "submit_practice",
    "suggest_tags",
    "update_practice",
]

MAX_LINKS = 10
MAX_LINK_LENGTH = 500
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
DESCRIPTION_MAX_LENGTH = 20000
TEXT_MAX_LENGTH = 5000
COMMENT_MAX_LENGTH = 3000
FIRST_YEAR = 1990
_http_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class PracticeContent:
    """Everything the author writes about a practice."""

    title: str
    summary: str
    language: str
    start_year: int
    description: str = ""
    end_year: int | None = None
    countries: Sequence[Country] = ()
    objectives: Sequence[Objective] = ()
    principles: Sequence[GuidingPrinciple] = ()
    stakeholder_categories: Sequence[StakeholderCategory] = ()
    stakeholders_text: str = ""
    results: str = ""
    links: Sequence[str] = ()
    contact_name: str = ""
    contact_email: str = ""
    suggested_objectives: Sequence[int] = field(default_factory=tuple)
    suggested_principles: Sequence[str] = field(default_factory=tuple)


def clean_links(links: Sequence[str]) -> list[str]:
    """Web addresses only (http and https): anything else, `javascript:` included, is refused."""
    cleaned: list[str] = []
    for raw in links:
        link = raw.strip()
        if not link:
            continue
        if len(link) > MAX_LINK_LENGTH:
            raise KnowledgeError(_("A link is too long."))
        try:
            _http_url(link)
        except ValidationError as error:
            raise KnowledgeError(
                _("“%(link)s” is not a web address (it must start with http:// or https://).")
                % {"link": link[:80]}
            ) from error
        if link not in cleaned:
            cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise KnowledgeError(_("Give at most %(count)d links.") % {"count": MAX_LINKS})
    return cleaned


def _fields(content: PracticeContent) -> dict[str, Any]:
    title = content.title.strip()
    summary = content.summary.strip()
    if not title:
        raise KnowledgeError(_("Give the practice a title."))
    if len(title) > 200:
        raise KnowledgeError(_("The title is too long."))
    if not summary:
        raise KnowledgeError(_("Write a short summary of the practice."))
    if len(summary) > 1200:
        raise KnowledgeError(_("The summary is too long."))
    if len(content.description) > DESCRIPTION_MAX_LENGTH:
        raise KnowledgeError(_("The description is too long."))
    for text in (content.results, content.stakeholders_text):
        if len(text) > TEXT_MAX_LENGTH:
            raise KnowledgeError(_("A text is too long."))
    if content.language not in dict(settings.LANGUAGES):
        raise KnowledgeError(_("Choose the language the practice is written in."))
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= content.start_year <= this_year + 1:
        raise KnowledgeError(
            _("The first year must be between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": this_year + 1}
        )
    if content.end_year is not None and not (
        content.start_year <= content.end_year <= this_year + 10
    ):
        raise KnowledgeError(_("The last year must come after the first year."))
    return {
        "title": title,
        "summary": summary,
        "description": content.description.strip(),
        "language": content.language,
        "start_year": content.start_year,
        "end_year": content.end_year,
        "stakeholders_text": content.stakeholders_text.strip(),
        "results": content.results.strip(),
        "links": clean_links(content.links),
        "contact_name": content.contact_name.strip()[:200],
        "contact_email": content.contact_email.strip()[:254],
        "suggested_objectives": sorted({int(n) for n in content.suggested_objectives}),
        "suggested_principles": sorted({str(x) for x in content.suggested_principles}),
    }


def _set_relations(practice: Practice, content: PracticeContent) -> None:
    practice.countries.set(content.countries)
    practice.objectives.set(content.objectives)
    practice.principles.set(content.principles)
    practice.stakeholder_categories.set(content.stakeholder_categories)


@transaction.atomic
def create_practice(
    *, actor: Any, organization: Organization, content: PracticeContent
) -> Practice:
    """A new draft, written by a member of the organization (`actor=None` is the platform
    itself, for the demonstration data)."""
    if actor is not None and not is_organization_member(actor, organization):
        raise KnowledgeError(_("Only members of the organization can write its practices."))
    practice = Practice(organization=organization, submitted_by=actor, **_fields(content))
    practice._change_reason = "created"  # type: ignore[attr-defined]
    practice.save()
    _set_relations(practice, content)
    return practice


@transaction.atomic
def update_practice(*, actor: Any, practice: Practice, content: PracticeContent) -> Practice:
    """Change a draft, or a practice the secretariat sent back for changes."""
    practice = _locked(practice)
    if not practice.is_editable:
        raise KnowledgeError(_("This practice can no longer be changed."))
    for name, value in _fields(content).items():
        setattr(practice, name, value)
    practice.updated_at = timezone.now()
    practice.save()
    _set_relations(practice, content)
    return practice


@transaction.atomic
def submit_practice(*, actor: Any, practice: Practice) -> Practice:
    """Send the practice to the secretariat for review."""
    practice = _locked(practice)
    if not practice.is_editable:
        raise KnowledgeError(_("This practice has already been sent for review."))
    if not practice.objectives.exists():
        raise KnowledgeError(_("Choose at least one objective the practice contributes to."))
    if not practice.countries.exists():
        raise KnowledgeError(_("Choose at least one country where the practice takes place."))
    practice.status = Practice.Status.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.updated_at = practice.submitted_at
    practice._change_reason = "submitted"  # type: ignore[attr-defined]
    practice.save()
    return practice


def _decide(practice: Practice, actor: Any, status: str, comment: str) -> Practice:
    practice = _locked(practice)
    if practice.status != Practice.Status.SUBMITTED:
        raise KnowledgeError(_("Only a practice awaiting review can be decided."))
    practice.status = status
    practice.review_comment = comment
    practice.decided_by = actor
    practice.decided_at = timezone.now()
    practice._change_reason = status  # type: ignore[attr-defined]
    if status == Practice.Status.PUBLISHED:
        practice.published_at = practice.decided_at
        practice.embedding = embed([embedding_text(practice)])[0].astype(np.float32).tobytes()
    practice.save()
    from hiwar.knowledge.tasks import notify_practice_decision

    practice_id = practice.pk
    transaction.on_commit(lambda: notify_practice_decision.enqueue(practice_id=practice_id))
    return practice


def _comment(text: str, missing: str) -> str:
    text = text.strip()
    if not text:
        raise KnowledgeError(missing)
    if len(text) > COMMENT_MAX_LENGTH:
        raise KnowledgeError(_("The comment is too long."))
    return text


@transaction.atomic
def publish_practice(*, actor: Any, practice: Practice, comment: str = "") -> Practice:
    """Accept the practice: it becomes public, and can be found among similar practices."""
    return _decide(practice, actor, Practice.Status.PUBLISHED, comment.strip()[:COMMENT_MAX_LENGTH])


@transaction.atomic
def request_practice_changes(*, actor: Any, practice: Practice, comment: str) -> Practice:
    """Send the practice back to its organization, saying what to change."""
    text = _comment(comment, _("Say what should be changed."))
    return _decide(practice, actor, Practice.Status.CHANGES_REQUESTED, text)


@transaction.atomic
def reject_practice(*, actor: Any, practice: Practice, reason: str) -> Practice:
    """Refuse the practice, giving the reason."""
    text = _comment(reason, _("Give the reason for not accepting the practice."))
    return _decide(practice, actor, Practice.Status.REJECTED, text)


@transaction.atomic
def attach_practice_file(*, actor: Any, practice: Practice, uploaded: UploadedFile) -> PracticeFile:
    """Attach a PDF or DOCX document, after the checks of `reviews.uploads`."""
    practice = _locked(practice)
    if not practice.is_editable:
        raise KnowledgeError(_("This practice can no longer be changed."))
    if practice.files.count() >= MAX_FILES:
        raise KnowledgeError(
            _("A practice can have at most %(count)d files.") % {"count": MAX_FILES}
        )
    try:
        checked = check_upload(uploaded, max_bytes=MAX_FILE_BYTES)
    except UploadRejected as error:
        raise KnowledgeError(str(error)) from error
    name = (uploaded.name or "document").rsplit("/", 1)[-1][-150:]
    attached = PracticeFile(
        practice=practice,
        original_name=name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    attached.file.save(f"{checked.sha256[:16]}.{checked.kind}", uploaded, save=False)
    attached.save()
    return attached


@transaction.atomic
def remove_practice_file(*, actor: Any, practice_file: PracticeFile) -> None:
    if not practice_file.practice.is_editable:
        raise KnowledgeError(_("This practice can no longer be changed."))
    practice_file.file.delete(save=False)
    practice_file.delete()


def _locked(practice: Practice) -> Practice:
    """The practice as stored now, locked until the end of the transaction, so two decisions
    or an edit and a decision never overwrite each other."""
    return Practice.objects.select_for_update().select_related("organization").get(pk=practice.pk)


# --- Suggestions -------------------------------------------------------------------------------


def embedding_text(practice: Practice) -> str:
    return "\n".join(
        part for part in (practice.title, practice.summary, practice.description) if part
    )


def suggest_tags(text: str) -> tuple[list[Objective], list[GuidingPrinciple]]:
    """The objectives and guiding principles the analysis engine suggests for a text, most
    likely first; nothing is stored until the author saves the practice."""
    text = normalize_text(text)
    if not text:
        return [], []
    result = get_tagger().tag([text])[0]
    objectives = Objective.objects.in_bulk(result.suggested_objectives, field_name="number")
    principles = GuidingPrinciple.objects.in_bulk(result.suggested_principles, field_name="letter")
    return (
        [objectives[n] for n in result.suggested_objectives if n in objectives],
        [principles[x] for x in result.suggested_principles if x in principles],
    )
