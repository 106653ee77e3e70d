"""Participants of a dialogue: people register themselves; the secretariat adds people by hand,
marks attendance by hand or from the attendance list of the meeting platform, and adds the
attendees that list names but nobody registered. Plus the reads of the participant list.

Every write is atomic and raises `DialogueError` with a translated message before storing
anything. The database's unique constraint on (dialogue, lower(email)) catches the duplicate
that a race lets past the checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import Membership, Organization, User
from hiwar.conference.models import Sector
from hiwar.dialogues.attendance_import import (
    AttendanceRow,
    Candidate,
    match_rows,
    name_key,
)
from hiwar.dialogues.models import (
    AgeGroup,
    Dialogue,
    Gender,
    InterpretationLanguage,
    Participant,
)
from hiwar.dialogues.services.errors import DialogueError
from hiwar.framework.models import Country, StakeholderCategory

NAME_MAX = Participant._meta.get_field("full_name").max_length or 200
ORGANIZATION_MAX = Participant._meta.get_field("organization_name").max_length or 200
EMAIL_MAX = Participant._meta.get_field("email").max_length or 254

# --- Checks ----------------------------------------------------------------------------------


def registration_closed_reason(dialogue: Dialogue) -> str | None:
    """Why nobody can register for this dialogue now, or None when registration is open."""
    if dialogue.status != Dialogue.Status.PUBLISHED:
        return _("Registration opens when the dialogue is published.")
    if dialogue.ends_at <= timezone.now():
        return _("This dialogue has ended: registration is closed.")
    return None


def interpretation_choices(dialogue: Dialogue) -> list[tuple[str, str]]:
    """The languages this dialogue is interpreted into, and the floor."""
    offered = set(dialogue.interpretation or [])
    return [
        (value, str(label))
        for value, label in InterpretationLanguage.choices
        if value in offered or value == InterpretationLanguage.FLOOR
    ]


@dataclass(frozen=True)
class Voice:
    """Whom a participant speaks for, and the optional facts of the balance dashboard."""

    sector: str
    category: StakeholderCategory | None = None
    country: Country | None = None
    organization: Organization | None = None
    organization_name: str = ""
    gender: str = ""
    age_group: str = ""
    interpretation: str = ""
    accessibility_needs: str = ""


def _checked(dialogue: Dialogue, voice: Voice) -> dict[str, Any]:
    """The model fields of a voice, checked; the category only for stakeholders."""
    if voice.sector not in Sector.values:
        raise DialogueError(_("Choose whom the participant speaks for."))
    if voice.sector == Sector.STAKEHOLDER and voice.category is None:
        raise DialogueError(_("Choose the stakeholder category (GCM para 44)."))
    if voice.sector == Sector.MEMBER_STATE and voice.country is None:
        raise DialogueError(_("Choose the Member State."))
    if voice.gender and voice.gender not in Gender.values:
        raise DialogueError(_("Choose a gender from the list, or none."))
    if voice.age_group and voice.age_group not in AgeGroup.values:
        raise DialogueError(_("Choose an age group from the list, or none."))
    if voice.interpretation and voice.interpretation not in dict(interpretation_choices(dialogue)):
        raise DialogueError(_("This dialogue is not interpreted into that language."))
    organization_name = " ".join(voice.organization_name.split())
    if len(organization_name) > ORGANIZATION_MAX:
        raise DialogueError(
            _("The organization's name is longer than %(n)d characters.") % {"n": ORGANIZATION_MAX}
        )
    return {
        "sector": voice.sector,
        "category": voice.category if voice.sector == Sector.STAKEHOLDER else None,
        "country": voice.country,
        "organization": voice.organization,
        "organization_name": "" if voice.organization else organization_name,
        "gender": voice.gender,
        "age_group": voice.age_group,
        "interpretation": voice.interpretation,
        "accessibility_needs": voice.accessibility_needs.strip(),
    }


def _duplicate(email: str) -> DialogueError:
    return DialogueError(
        _("%(email)s is already on the participant list of this dialogue.") % {"email": email}
    )


def _create(participant: Participant) -> Participant:
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as error:  # the unique (dialogue, lower(email)) constraint
        raise _duplicate(participant.email) from error
    return participant


def _lock(dialogue: Dialogue) -> Dialogue:
    return Dialogue.objects.select_for_update().get(pk=dialogue.pk)


# --- Registration ----------------------------------------------------------------------------


@transaction.atomic
def register_for_dialogue(*, dialogue: Dialogue, user: User, voice: Voice) -> Participant:
    """Register the signed-in person, with the name and address of their account."""
    dialogue = _lock(dialogue)
    reason = registration_closed_reason(dialogue)
    if reason:
        raise DialogueError(reason)
    if (
        voice.organization is not None
        and not user.memberships.filter(
            organization=voice.organization, status=Membership.Status.ACTIVE
        ).exists()
    ):
        raise DialogueError(_("You can only register with an organization you belong to."))
    fields = _checked(dialogue, voice)
    email = user.email.strip()
    if Participant.objects.filter(
        Q(email__iexact=email) | Q(user=user), dialogue=dialogue
    ).exists():
        raise DialogueError(_("You are already registered for this dialogue."))
    try:
        return _create(
            Participant(
                dialogue=dialogue,
                user=user,
                full_name=(user.full_name or email)[:NAME_MAX],
                email=email,
                source=Participant.Source.REGISTRATION,
                **fields,
            )
        )
    except DialogueError as error:
        raise DialogueError(_("You are already registered for this dialogue.")) from error


@transaction.atomic
def cancel_registration(*, dialogue: Dialogue, user: User) -> None:
    """Delete one's own registration, while the dialogue has not ended and nobody has recorded
    the person as present (the balance of a past dialogue must not change)."""
    participant = (
        Participant.objects.select_for_update()
        .filter(dialogue=dialogue, user=user, source=Participant.Source.REGISTRATION)
        .first()
    )
    if participant is None:
        raise DialogueError(_("You have no registration to cancel."))
    if dialogue.ends_at <= timezone.now() or participant.attended:
        raise DialogueError(
            _("The dialogue has taken place: your attendance is part of its record.")
        )
    participant.delete()


def registration_of(dialogue: Dialogue, user: Any) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Participant.objects.filter(dialogue=dialogue, user=user)
        .select_related("organization", "category", "country")
        .first()
    )


# --- The secretariat's list ------------------------------------------------------------------


@transaction.atomic
def add_participant(
    *,
    dialogue: Dialogue,
    full_name: str,
    email: str = "",
    voice: Voice,
    attended: bool = False,
) -> Participant:
    """A participant the secretariat adds by hand (someone who registered by mail, say)."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DialogueError(_("Give the participant's name."))
    email = email.strip()
    if email and Participant.objects.filter(dialogue=dialogue, email__iexact=email).exists():
        raise _duplicate(email)
    return _create(
        Participant(
            dialogue=dialogue,
            full_name=full_name[:NAME_MAX],
            email=email,
            attended=attended,
            source=Participant.Source.MANUAL,
            **_checked(dialogue, voice),
        )
    )


@transaction.atomic
def set_attendance(*, dialogue: Dialogue, participant_ids: Iterable[int], attended: bool) -> int:
    """Mark these participants of the dialogue as present or absent; returns how many changed.
    An id of another dialogue's participant refuses the whole request."""
    ids = set(participant_ids)
    if not ids:
        raise DialogueError(_("Choose at least one participant."))
    found = Participant.objects.select_for_update().filter(dialogue=dialogue, pk__in=ids)
    if found.count() != len(ids):
        raise DialogueError(_("Some of these participants are not on this dialogue's list."))
    return found.exclude(attended=attended).update(attended=attended)


def participants_for_secretariat(
    dialogue: Dialogue,
    *,
    attended: bool | None = None,
    category: StakeholderCategory | None = None,
    country: Country | None = None,
) -> QuerySet[Participant]:
    """The participant list with the page's filters, in name order (one query)."""
    participants = Participant.objects.filter(dialogue=dialogue).select_related(
        "organization", "category", "country"
    )
    if attended is not None:
        participants = participants.filter(attended=attended)
    if category is not None:
        participants = participants.filter(category=category)
    if country is not None:
        participants = participants.filter(country=country)
    return participants.order_by("full_name", "pk")


@dataclass(frozen=True)
class ParticipantCounts:
    registered: int
    attended: int
    countries: int
    countries_attended: int
    categories: int
    categories_attended: int


def participant_counts(dialogue: Dialogue) -> ParticipantCounts:
    """The numbers at the top of the list, whatever its filters (one query)."""
    present = Q(attended=True)
    counts = Participant.objects.filter(dialogue=dialogue).aggregate(
        n_registered=Count("pk"),
        n_attended=Count("pk", filter=present),
        n_countries=Count("country", distinct=True),
        n_countries_attended=Count("country", filter=present, distinct=True),
        n_categories=Count("category", distinct=True),
        n_categories_attended=Count("category", filter=present, distinct=True),
    )
    return ParticipantCounts(**{name[2:]: value for name, value in counts.items()})


def countries_of_participants(dialogue: Dialogue) -> QuerySet[Country]:
    """The countries on the list, for the country filter."""
    return Country.objects.filter(
        pk__in=Participant.objects.filter(dialogue=dialogue, country__isnull=False).values(
            "country"
        )
    ).order_by("name")


# --- The attendance list of the meeting platform ---------------------------------------------


@dataclass
class AttendanceOutcome:
    """What an imported attendance list did; kept in the session for the result page."""

    rows: int = 0
    newly_attended: list[str] = field(default_factory=list)
    already_attended: list[str] = field(default_factory=list)
    duplicates: int = 0
    unmatched: list[tuple[AttendanceRow, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "newly_attended": self.newly_attended,
            "already_attended": self.already_attended,
            "duplicates": self.duplicates,
            "unmatched": [{**row.as_dict(), "reason": reason} for row, reason in self.unmatched],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttendanceOutcome:
        return cls(
            rows=int(data.get("rows", 0)),
            newly_attended=list(data.get("newly_attended", [])),
            already_attended=list(data.get("already_attended", [])),
            duplicates=int(data.get("duplicates", 0)),
            unmatched=[
                (AttendanceRow.from_dict(row), str(row.get("reason", "")))
                for row in data.get("unmatched", [])
            ],
        )


@transaction.atomic
def import_attendance(*, dialogue: Dialogue, rows: Sequence[AttendanceRow]) -> AttendanceOutcome:
    """Mark as present every participant the attendance list names (see `match_rows`): by
    email, else by name. Nobody is marked absent: the list says who came, not who did not."""
    dialogue = _lock(dialogue)
    if not rows:
        raise DialogueError(_("The attendance list names nobody."))
    participants = {
        participant.pk: participant
        for participant in Participant.objects.filter(dialogue=dialogue).only(
            "pk", "full_name", "email", "attended"
        )
    }
    result = match_rows(
        rows,
        [Candidate(pk=p.pk, full_name=p.full_name, email=p.email) for p in participants.values()],
    )
    newly = [pk for pk in result.matched if not participants[pk].attended]
    Participant.objects.filter(pk__in=newly).update(attended=True)
    return AttendanceOutcome(
        rows=len(rows),
        newly_attended=sorted(participants[pk].full_name for pk in newly),
        already_attended=sorted(
            participants[pk].full_name for pk in result.matched if participants[pk].attended
        ),
        duplicates=len(result.duplicates),
        unmatched=result.unmatched,
    )


def _country_index() -> dict[str, Country]:
    """Countries by ISO code and by their name in each language, folded like names."""
    index: dict[str, Country] = {}
    for country in Country.objects.all():
        names = [country.iso2, country.iso3]
        names += [getattr(country, f"name_{code}", "") or "" for code in ("en", "fr", "ar")]
        for name in names:
            if name:
                index.setdefault(name_key(name), country)
    return index


@transaction.atomic
def add_unmatched_attendees(
    *,
    dialogue: Dialogue,
    rows: Sequence[AttendanceRow],
    sector: str,
    category: StakeholderCategory | None = None,
    country: Country | None = None,
) -> list[Participant]:
    """Add attendees the list named but nobody had registered, as present participants from
    the import, all speaking for the sector (and category) chosen for the batch. The country
    comes from the row when the file has one we recognise, else it is `country`."""
    dialogue = _lock(dialogue)
    if not rows:
        raise DialogueError(_("Choose at least one row to add."))
    countries = _country_index() if any(row.country for row in rows) else {}
    emails: set[str] = set()
    new: list[Participant] = []
    for row in rows:
        name = " ".join(row.name.split()) or row.email
        if len(name) > NAME_MAX:
            raise DialogueError(
                _("Line %(line)d: the name is longer than %(n)d characters.")
                % {"line": row.line, "n": NAME_MAX}
            )
        if len(row.email) > EMAIL_MAX:
            raise DialogueError(
                _("Line %(line)d: the email address is too long.") % {"line": row.line}
            )
        if row.email:
            if row.email.casefold() in emails or (
                Participant.objects.filter(dialogue=dialogue, email__iexact=row.email).exists()
            ):
                raise _duplicate(row.email)
            emails.add(row.email.casefold())
        voice = Voice(
            sector=sector,
            category=category,
            country=(countries.get(name_key(row.country)) if row.country else None) or country,
            organization_name=row.organization[:ORGANIZATION_MAX],
        )
        new.append(
            Participant(
                dialogue=dialogue,
                full_name=name,
                email=row.email,
                attended=True,
                source=Participant.Source.IMPORT,
                **_checked(dialogue, voice),
            )
        )
    return [_create(participant) for participant in new]
