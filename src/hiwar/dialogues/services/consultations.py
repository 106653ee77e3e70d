"""Online consultations: the secretariat opens guiding questions for a period; signed-in people
post contributions and replies in any of the three languages; moderators hide and restore posts
(every decision logged with its reason) and handle the reports participants send.

Every rule is checked here, whatever the form said: a contribution only while the consultation
is open, plain text of bounded length, on behalf of one of the author's own organizations, a
reply only to a post of the same consultation (threads are one level deep: a reply to a reply
joins the thread of the top post), and no flooding. The flooding limits are counted from the
stored posts, so they hold across server processes. A refused request raises DialogueError with
a translated message and changes nothing.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiwar.accounts.models import Membership, Organization, User
from hiwar.dialogues.models import (
    Consultation,
    Contribution,
    ContributionReport,
    ModerationEntry,
)
from hiwar.dialogues.services.errors import DialogueError
from hiwar.dialogues.services.interventions import suggested_objectives_for
from hiwar.framework.models import Objective
from hiwar.reviews.models import ReviewCycle
from hiwar.search.services import schedule_search_refresh

TEXT_MAX_LENGTH = 10_000
REASON_MAX_LENGTH = 2_000
# At most this many posts (contributions and replies) per user in each window.
RATE_LIMITS: tuple[tuple[datetime.timedelta, int], ...] = (
    (datetime.timedelta(minutes=1), 5),
    (datetime.timedelta(hours=1), 30),
)
RESERVED_SLUGS = frozenset({"new"})
CONSULTATION_FIELDS = frozenset(
    {
        "slug",
        "opens_at",
        "closes_at",
        *(
            f"{name}_{code}"
            for name in ("title", "description", "questions")
            for code in ("ar", "en", "fr")
        ),
    }
)


# --- The consultation ------------------------------------------------------------------------


def is_open(consultation: Consultation, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return consultation.opens_at <= now < consultation.closes_at


@transaction.atomic
def save_consultation(
    *,
    cycle: ReviewCycle,
    fields: Mapping[str, Any],
    objectives: Iterable[Objective] = (),
    consultation: Consultation | None = None,
) -> Consultation:
    """Create a consultation, or change one: texts in three languages, the period, and the
    objectives it is about."""
    unknown = set(fields) - CONSULTATION_FIELDS
    if unknown:
        raise ValueError(f"unknown consultation fields: {sorted(unknown)}")
    slug = fields.get("slug", consultation.slug if consultation else "")
    if not slug or slug in RESERVED_SLUGS:
        raise DialogueError(_("This short name is reserved; choose another."))
    taken = Consultation.objects.filter(slug=slug)
    if consultation is not None:
        taken = taken.exclude(pk=consultation.pk)
    if taken.exists():
        raise DialogueError(_("Another consultation already has this short name."))
    opens_at = fields.get("opens_at", consultation.opens_at if consultation else None)
    closes_at = fields.get("closes_at", consultation.closes_at if consultation else None)
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise DialogueError(_("A consultation must close after it opens."))
    current_title = getattr(consultation, "title_en", "") if consultation else ""
    if not (fields.get("title_en") or current_title):
        raise DialogueError(_("Give the consultation a title in English."))
    if consultation is None:
        consultation = Consultation(cycle=cycle)
    consultation.cycle = cycle
    for name, value in fields.items():
        setattr(consultation, name, value.strip() if isinstance(value, str) else value)
    consultation.save()
    consultation.objectives.set(list(objectives))
    return consultation


# --- Posting ---------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DialogueError(_("Write your contribution."))
    if len(text) > TEXT_MAX_LENGTH:
        raise DialogueError(
            _("A contribution can be at most %(limit)s characters long.")
            % {"limit": f"{TEXT_MAX_LENGTH:,}"}
        )
    return text


def _check_open(consultation: Consultation, now: datetime.datetime) -> None:
    if now < consultation.opens_at:
        raise DialogueError(_("This consultation is not open for contributions yet."))
    if now >= consultation.closes_at:
        raise DialogueError(_("This consultation is closed: no more contributions."))


def _check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise DialogueError(_("Choose the language of your contribution."))


def _check_organization(author: User, organization: Organization | None) -> None:
    if organization is None:
        return
    member = Membership.objects.filter(
        user=author, organization=organization, status=Membership.Status.ACTIVE
    ).exists()
    if not member:
        raise DialogueError(_("You can only post on behalf of an organization you belong to."))


def seconds_until_allowed(author: User, now: datetime.datetime | None = None) -> int:
    """0 when the author may post now; otherwise how long until the oldest post of a full
    window leaves it."""
    now = now or timezone.now()
    wait = 0.0
    for window, limit in RATE_LIMITS:
        recent = list(
            Contribution.objects.filter(author=author, created_at__gt=now - window)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            wait = max(wait, (recent[-1] + window - now).total_seconds())
    return max(1, math.ceil(wait)) if wait > 0 else 0


def _check_rate(author: User, now: datetime.datetime) -> None:
    # Serializes one author's posts on PostgreSQL, so two requests at once cannot both slip
    # under the limit (SQLite serializes writes anyway).
    User.objects.select_for_update().filter(pk=author.pk).first()
    wait = seconds_until_allowed(author, now)
    if wait:
        raise DialogueError(
            ngettext(
                "You are posting too fast; try again in %(seconds)d second.",
                "You are posting too fast; try again in %(seconds)d seconds.",
                wait,
            )
            % {"seconds": wait}
        )


@transaction.atomic
def post_contribution(
    *,
    consultation: Consultation,
    author: User,
    text: str,
    language: str,
    organization: Organization | None = None,
    objectives: Iterable[Objective] = (),
    parent: Contribution | None = None,
    now: datetime.datetime | None = None,
) -> Contribution:
    """A new post, or a reply when `parent` is given. When the author ticks no objective, the
    analysis engine's suggestions are stored, so every post can be counted by objective."""
    now = now or timezone.now()
    _check_open(consultation, now)
    text = _clean_text(text)
    _check_language(language)
    _check_organization(author, organization)
    if parent is not None:
        if parent.consultation_id != consultation.pk:
            raise DialogueError(_("You can only reply to a post of this consultation."))
        if parent.parent_id is not None:  # threads are one level deep
            parent = Contribution.objects.get(pk=parent.parent_id)
    _check_rate(author, now)
    contribution = Contribution.objects.create(
        consultation=consultation,
        parent=parent,
        author=author,
        organization=organization,
        text=text,
        language=language,
        created_at=now,
    )
    chosen = list(objectives)
    contribution.objectives.set(chosen or suggested_objectives_for(text))
    return contribution


@transaction.atomic
def edit_contribution(
    *,
    contribution: Contribution,
    by: User,
    text: str,
    language: str,
    organization: Organization | None = None,
    objectives: Iterable[Objective] | None = None,
    now: datetime.datetime | None = None,
) -> Contribution:
    """The author changes their own post while the consultation is open."""
    now = now or timezone.now()
    if contribution.author_id != by.pk:
        raise DialogueError(_("You can only edit your own posts."))
    if contribution.hidden_at is not None:
        raise DialogueError(_("A post hidden by the moderators cannot be edited."))
    _check_open(contribution.consultation, now)
    text = _clean_text(text)
    _check_language(language)
    _check_organization(by, organization)
    contribution.text = text
    contribution.language = language
    contribution.organization = organization
    contribution.edited_at = now
    contribution.save(update_fields=["text", "language", "organization", "edited_at"])
    if objectives is not None:
        contribution.objectives.set(list(objectives))
    return contribution


# --- Moderation ------------------------------------------------------------------------------


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DialogueError(_("Give the reason."))
    if len(reason) > REASON_MAX_LENGTH:
        raise DialogueError(_("The reason is too long."))
    return reason


@transaction.atomic
def hide_contribution(*, contribution: Contribution, by: User, reason: str) -> Contribution:
    """Hide a post from everyone but its author and the moderators; its open reports are
    resolved by this decision."""
    reason = _clean_reason(reason)
    if contribution.hidden_at is not None:
        raise DialogueError(_("This post is already hidden."))
    now = timezone.now()
    contribution.hidden_at = now
    contribution.hidden_by = by
    contribution.hidden_reason = reason
    contribution.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    ModerationEntry.objects.create(
        contribution=contribution,
        action=ModerationEntry.Action.HIDE,
        reason=reason,
        moderator=by,
        created_at=now,
    )
    contribution.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    schedule_search_refresh()
    return contribution


@transaction.atomic
def restore_contribution(*, contribution: Contribution, by: User, reason: str) -> Contribution:
    reason = _clean_reason(reason)
    if contribution.hidden_at is None:
        raise DialogueError(_("This post is not hidden."))
    contribution.hidden_at = None
    contribution.hidden_by = None
    contribution.hidden_reason = ""
    contribution.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    ModerationEntry.objects.create(
        contribution=contribution,
        action=ModerationEntry.Action.RESTORE,
        reason=reason,
        moderator=by,
    )
    schedule_search_refresh()
    return contribution


def report_contribution(*, contribution: Contribution, by: User, reason: str) -> ContributionReport:
    """A participant asks the moderators to look at a post; once per person and post."""
    reason = _clean_reason(reason)
    if contribution.author_id == by.pk:
        raise DialogueError(_("You cannot report your own post."))
    if ContributionReport.objects.filter(contribution=contribution, reporter=by).exists():
        raise DialogueError(
            _("You have already reported this post; the moderators will look at it.")
        )
    try:
        with transaction.atomic():
            return ContributionReport.objects.create(
                contribution=contribution, reporter=by, reason=reason
            )
    except IntegrityError as error:  # the same report sent twice at once
        raise DialogueError(
            _("You have already reported this post; the moderators will look at it.")
        ) from error


@transaction.atomic
def resolve_reports(*, contribution: Contribution, by: User) -> int:
    """The moderators looked at the post and keep it as it is; returns how many reports."""
    resolved = contribution.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    if not resolved:
        raise DialogueError(_("This post has no open report."))
    return resolved
