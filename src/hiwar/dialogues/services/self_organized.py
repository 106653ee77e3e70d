"""Self-organized consultations: a national or thematic consultation an organization held on
its own, registered here with who took part; its outcome document becomes a stakeholder input
of the review cycle, through the reviews services (so it is checked, stored and analysed the
same way as any other input).

The reads of the public list live here too, beside their only user, so that the visibility of
each outcome document is worked out for the whole list in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import Membership, Organization, User
from hiwar.accounts.rules import is_organization_member, is_secretariat
from hiwar.dialogues.models import SelfOrganizedConsultation
from hiwar.dialogues.services.errors import DialogueError
from hiwar.framework.models import Country, StakeholderCategory
from hiwar.reviews.models import ReportTemplate, ReviewCycle, StakeholderInput
from hiwar.reviews.services import ReviewError
from hiwar.reviews.services import inputs as input_services


class OutcomeFileRefused(DialogueError):
    """The outcome document failed the upload checks; the message says why."""


def _clean_counts(
    counts_by_category: dict[str, int | None], *, participants: int
) -> dict[str, int]:
    """The counts worth storing (known categories, more than zero), checked against the total."""
    known = set(StakeholderCategory.objects.values_list("code", flat=True))
    cleaned: dict[str, int] = {}
    for code, count in counts_by_category.items():
        if count is None:
            continue
        if code not in known:
            raise DialogueError(_("Unknown stakeholder category."))
        if count < 0:
            raise DialogueError(_("A number of participants cannot be negative."))
        if count:
            cleaned[code] = count
    if sum(cleaned.values()) > participants:
        raise DialogueError(
            _(
                "The participants counted by category (%(counted)s) are more than the total "
                "number of participants (%(total)s)."
            )
            % {"counted": sum(cleaned.values()), "total": participants}
        )
    return cleaned


@transaction.atomic
def register_self_organized_consultation(
    *,
    actor: User,
    cycle: ReviewCycle,
    organization: Organization,
    title: str,
    scope: str,
    held_on: datetime.date,
    place: str,
    country: Country | None,
    participants: int,
    counts_by_category: dict[str, int | None],
    who_took_part: str,
    outcome: UploadedFile,
    language: str,
    publishable: bool = True,
) -> SelfOrganizedConsultation:
    """Register a consultation an organization held and send its outcome document as the
    organization's stakeholder input to the cycle (submitted, so it is analysed and the
    secretariat may publish it). Everything or nothing is stored: a refused file leaves no
    consultation and no input behind."""
    if not is_organization_member(actor, organization):
        raise DialogueError(_("You can only register consultations of your own organization."))
    title = " ".join(title.split())
    place = " ".join(place.split())
    if not title:
        raise DialogueError(_("Give the consultation a title."))
    if not place:
        raise DialogueError(_("Say where the consultation took place."))
    if scope not in SelfOrganizedConsultation.Scope.values:
        raise DialogueError(_("Choose whether the consultation was national or thematic."))
    if held_on > timezone.localdate():
        raise DialogueError(_("Register a consultation once it has taken place."))
    if participants < 1:
        raise DialogueError(_("A consultation has at least one participant."))
    counts = _clean_counts(counts_by_category, participants=participants)
    try:
        item = input_services.submit_stakeholder_input(
            actor=actor,
            cycle=cycle,
            organization=organization,
            title=title,
            language=language,
            sections={},
            uploaded=outcome,
            publishable=publishable,
        )
    except ReportTemplate.DoesNotExist as error:
        raise DialogueError(_("This review does not accept stakeholder inputs yet.")) from error
    except ReviewError as error:
        # The reviews service checks the file before storing anything; its savepoint is rolled
        # back, and so is this transaction since the error goes on up.
        raise OutcomeFileRefused(str(error)) from error
    return SelfOrganizedConsultation.objects.create(
        cycle=cycle,
        organization=organization,
        title=title,
        scope=scope,
        held_on=held_on,
        place=place,
        country=country,
        participants=participants,
        counts_by_category=counts,
        who_took_part=who_took_part.strip(),
        stakeholder_input=item,
        registered_by=actor,
    )


# --- Reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryCount:
    name: str
    count: int


@dataclass(frozen=True)
class ConsultationRow:
    """One consultation of the public list, with what this user may see of its outcome."""

    consultation: SelfOrganizedConsultation
    categories: list[CategoryCount]
    counted: int  # participants counted by category
    outcome: StakeholderInput | None  # the input, when this user may open it
    outcome_published: bool
    ours: bool  # registered by one of the user's organizations


def active_organization_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
            "organization_id", flat=True
        )
    )


def consultation_rows(
    *, cycle: ReviewCycle, user: Any, organization_ids: set[int]
) -> list[ConsultationRow]:
    """The cycle's consultations, newest first. The outcome input is offered to everyone once
    published, and before that to its organization's members and the secretariat (the rules
    of `reviews.view_input`, applied to the whole list at once). `organization_ids`: those
    of the user's active memberships (`active_organization_ids`)."""
    consultations = list(
        SelfOrganizedConsultation.objects.filter(cycle=cycle).select_related(
            "organization__category", "organization__country", "country", "stakeholder_input"
        )
    )
    if not consultations:
        return []
    # Objects, not values_list: the name is translated, with its fallback language.
    names = {category.code: category.name for category in StakeholderCategory.objects.all()}
    positions = {code: n for n, code in enumerate(names)}
    secretariat = is_secretariat(user)
    rows = []
    for consultation in consultations:
        item = consultation.stakeholder_input
        published = item is not None and item.status == StakeholderInput.Status.PUBLISHED
        ours = consultation.organization_id in organization_ids
        visible = item is not None and (published or ours or secretariat)
        counts = sorted(
            consultation.counts_by_category.items(), key=lambda pair: positions.get(pair[0], 999)
        )
        rows.append(
            ConsultationRow(
                consultation=consultation,
                categories=[CategoryCount(names.get(code, code), count) for code, count in counts],
                counted=sum(count for _code, count in counts),
                outcome=item if visible else None,
                outcome_published=published,
                ours=ours,
            )
        )
    return rows
