"""Reads of the online consultation pages: the list with its counts, the threads of a
consultation in a constant number of queries, the moderators' queue of reported posts, and the
rows of the export."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from hiwar.dialogues.models import Consultation, Contribution, ContributionReport, ModerationEntry
from hiwar.framework.models import Objective


def consultations_for_list(now: datetime.datetime | None = None) -> list[Consultation]:
    """Open consultations first (closing soonest first), then those to come, then closed ones
    (most recent first); each with its visible posts, contributors and open reports."""
    now = now or timezone.now()
    state = Case(
        When(opens_at__lte=now, closes_at__gt=now, then=Value(0)),
        When(opens_at__gt=now, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        Consultation.objects.annotate(
            state=state,
            post_count=Count(
                "contributions", filter=Q(contributions__hidden_at__isnull=True), distinct=True
            ),
            contributor_count=Count(
                "contributions__author",
                filter=Q(contributions__hidden_at__isnull=True),
                distinct=True,
            ),
            open_report_count=Count(
                "contributions__reports",
                filter=Q(contributions__reports__resolved_at__isnull=True),
                distinct=True,
            ),
        ).order_by("state", "closes_at", "-opens_at", "pk")
    )


def consultation_page(slug: str) -> QuerySet[Consultation]:
    return (
        Consultation.objects.select_related("cycle")
        .prefetch_related(Prefetch("objectives", Objective.objects.order_by("number")))
        .filter(slug=slug)
    )


def _posts(*, moderator: bool) -> QuerySet[Contribution]:
    posts = Contribution.objects.select_related("author", "organization", "hidden_by")
    lookups: list[Any] = [Prefetch("objectives", Objective.objects.order_by("number"))]
    if moderator:
        lookups += [
            Prefetch(
                "moderation_log",
                ModerationEntry.objects.select_related("moderator").order_by("created_at", "pk"),
            ),
        ]
        posts = posts.annotate(
            open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
    return posts.prefetch_related(*lookups)


def threads_of(consultation: Consultation, *, moderator: bool = False) -> list[Contribution]:
    """The top posts, oldest first, each with `replies` (oldest first): the conversation reads
    in the order it happened, and a post keeps its place when others are added. Moderators also
    get each post's moderation log and open reports."""
    replies = _posts(moderator=moderator).order_by("created_at", "pk")
    return list(
        _posts(moderator=moderator)
        .filter(consultation=consultation, parent__isnull=True)
        .prefetch_related(Prefetch("replies", replies))
        .order_by("created_at", "pk")
    )


def reported_posts(consultation: Consultation) -> list[Contribution]:
    """Posts with reports not yet resolved, the most reported first, with those reports."""
    return list(
        Contribution.objects.filter(consultation=consultation, reports__resolved_at__isnull=True)
        .select_related("author", "organization")
        .annotate(open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .prefetch_related(
            Prefetch(
                "reports",
                ContributionReport.objects.filter(resolved_at__isnull=True)
                .select_related("reporter")
                .order_by("created_at", "pk"),
                to_attr="open_reports",
            )
        )
        .distinct()
        .order_by("-open_report_count", "created_at", "pk")
    )


def export_rows(consultation: Consultation) -> list[dict[str, Any]]:
    """Every post of the consultation, hidden ones included (with why), in thread order."""
    posts = list(
        Contribution.objects.filter(consultation=consultation)
        .select_related("author", "organization")
        .prefetch_related(Prefetch("objectives", Objective.objects.order_by("number")))
        .order_by("created_at", "pk")
    )
    rows = []
    for post in posts:
        rows.append(
            {
                "id": post.pk,
                "thread": post.parent_id or post.pk,
                "parent": post.parent_id,
                "author": post.author.full_name,
                "organization": post.organization.name if post.organization else "",
                "language": post.language,
                "text": post.text,
                "objectives": [objective.number for objective in post.objectives.all()],
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
                "hidden": post.hidden_at is not None,
                "hidden_reason": post.hidden_reason,
            }
        )
    rows.sort(key=lambda row: (row["thread"], row["parent"] is not None, row["id"]))
    return rows
