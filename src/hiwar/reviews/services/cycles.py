"""Writes to review cycles. Issue-specific workflows (reports, extensions) extend this module."""

import datetime

from django.db import transaction

from hiwar.accounts.models import User
from hiwar.framework.models import Country, Region
from hiwar.reviews.models import Milestone, ReviewCycle


@transaction.atomic
def open_review_cycle(
    *,
    actor: User | None,
    slug: str,
    region: Region,
    titles: dict[str, str],
    summaries: dict[str, str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    member_states: list[Country],
    make_current: bool = True,
) -> ReviewCycle:
    """Open (or update, by slug) a review cycle for a region; idempotent."""
    cycle = ReviewCycle.objects.filter(slug=slug).first() or ReviewCycle(slug=slug)
    cycle.region = region
    cycle.starts_on = starts_on
    cycle.ends_on = ends_on
    for language, text in titles.items():
        setattr(cycle, f"title_{language}", text)
    for language, text in summaries.items():
        setattr(cycle, f"summary_{language}", text)
    if make_current:
        ReviewCycle.objects.filter(region=region, is_current=True).exclude(pk=cycle.pk).update(
            is_current=False
        )
        cycle.is_current = True
    cycle.save()
    cycle.member_states.set(member_states)
    return cycle


@transaction.atomic
def set_milestone(
    *,
    actor: User | None,
    cycle: ReviewCycle,
    key: str,
    kind: str,
    titles: dict[str, str],
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    month_precision: bool = False,
) -> Milestone:
    milestone = Milestone.objects.filter(cycle=cycle, key=key).first() or Milestone(
        cycle=cycle, key=key
    )
    milestone.kind = kind
    milestone.starts_on = starts_on
    milestone.ends_on = ends_on
    milestone.month_precision = month_precision
    for language, text in titles.items():
        setattr(milestone, f"title_{language}", text)
    milestone.save()
    return milestone
