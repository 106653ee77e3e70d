"""The balance of a dialogue, or of every dialogue of a review cycle: who attended and who spoke,
broken down by whom they speak for (sector and GCM para 44 category), country, gender and age
group, and the four engagement principles as indicators.

Definitions (the dashboard shows them next to each figure):

- *Attended*: participants marked as attended. Across a cycle these are attendances: someone
  who attended two dialogues counts twice.
- *Speakers*: each participant who made at least one intervention counts once. An intervention
  recorded without a participant counts as one speaker per organization, category and country
  typed for it (in its dialogue). Anonymous interventions count: only their public display hides
  the name. Gender and age group are known only for speakers who are participants.
- *Transparency*: interventions published, out of all interventions recorded.
- *Inclusivity*: para 44 categories among the attendees, and among the speakers, out of all 14.
- *Diversity*: countries among the attendees; women among the attendees whose gender is
  recorded (and how many that is).
- *Meaningful participation*: the share of interventions, and of the recorded speaking minutes,
  that come from non-state stakeholders (sector "stakeholder"), and the share of the questions
  those stakeholders raised that have been answered.

Every figure comes from two grouped (aggregate) queries, one on participants and one on
interventions, plus one query for the category names and one for the country names: the number
of queries does not depend on the number of people or interventions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Lower, Trim
from django.utils.translation import gettext as _

from hiwar.conference.models import Sector
from hiwar.dialogues.models import AgeGroup, Dialogue, Gender, Intervention, Participant
from hiwar.framework.models import Country, StakeholderCategory
from hiwar.reviews.models import ReviewCycle

__all__ = [
    "Balance",
    "Breakdown",
    "BreakdownRow",
    "Diversity",
    "Inclusivity",
    "MeaningfulParticipation",
    "Share",
    "Transparency",
    "balance_of_cycle",
    "balance_of_dialogue",
    "balance_of_dialogues",
]

NOT_RECORDED = ""


@dataclass(frozen=True)
class Share:
    """`part` out of `whole`; no percentage when the whole is zero (nothing to measure)."""

    part: int
    whole: int

    @property
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else round(100 * ratio)


@dataclass(frozen=True)
class BreakdownRow:
    key: str  # stable: a sector, "stakeholder:<category code>", an ISO code, a choice value
    label: str
    attended: int
    spoke: int


@dataclass(frozen=True)
class Breakdown:
    key: str  # "sector", "country", "gender", "age_group"
    title: str
    rows: list[BreakdownRow]

    @property
    def maximum(self) -> int:
        return max((max(row.attended, row.spoke) for row in self.rows), default=0)

    def row(self, key: str) -> BreakdownRow:
        return next(row for row in self.rows if row.key == key)


@dataclass(frozen=True)
class Transparency:
    published: Share  # interventions published / all interventions


@dataclass(frozen=True)
class Inclusivity:
    attended: int  # para 44 categories among the attendees
    spoke: int  # ... and among the speakers
    categories: int  # all of them: 14


@dataclass(frozen=True)
class Diversity:
    countries: int  # distinct countries among the attendees
    women: Share  # women / attendees whose gender is recorded
    attended: int  # all attendees, to say how many have their gender recorded


@dataclass(frozen=True)
class MeaningfulParticipation:
    interventions: Share  # by stakeholders / all interventions
    minutes: Share  # stakeholders' recorded minutes / all recorded minutes
    timed: Share  # interventions with their minutes recorded / all interventions
    questions_answered: Share  # stakeholders' questions answered / their questions


@dataclass(frozen=True)
class Balance:
    registered: int
    attended: int
    speakers: int
    interventions: int
    breakdowns: list[Breakdown]
    transparency: Transparency
    inclusivity: Inclusivity
    diversity: Diversity
    meaningful: MeaningfulParticipation

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


@dataclass(frozen=True)
class _Who:
    """Whom a person speaks for, and who they are: the dimensions of the breakdowns."""

    sector: str
    category_id: int | None
    country_id: int | None
    gender: str
    age_group: str


def _participant_groups(dialogues: QuerySet[Dialogue]) -> list[dict[str, Any]]:
    return list(
        Participant.objects.filter(dialogue__in=dialogues)
        .order_by()
        .values("sector", "category_id", "country_id", "gender", "age_group")
        .annotate(
            registered=Count("pk"),
            attended=Count("pk", filter=Q(attended=True)),
        )
    )


def _intervention_groups(dialogues: QuerySet[Dialogue]) -> list[dict[str, Any]]:
    answered = Q(raises_question=True, answered_at__isnull=False)
    return list(
        Intervention.objects.filter(dialogue__in=dialogues)
        .order_by()
        .annotate(organization_key=Lower(Trim("organization_name")))
        .values(
            "dialogue_id",
            "participant_id",
            "sector",
            "category_id",
            "country_id",
            "organization_id",
            "organization_key",
            "participant__gender",
            "participant__age_group",
        )
        .annotate(
            count=Count("pk"),
            published=Count("pk", filter=Q(published=True)),
            minutes_total=Sum("minutes", default=0),
            timed=Count("minutes"),
            questions=Count("pk", filter=Q(raises_question=True)),
            answered=Count("pk", filter=answered),
        )
    )


def _speakers(groups: list[dict[str, Any]]) -> list[_Who]:
    """One entry per speaker (see the module docstring for who counts as one)."""
    speakers: dict[tuple[Any, ...], _Who] = {}
    for group in groups:
        if group["participant_id"] is not None:
            key: tuple[Any, ...] = ("participant", group["participant_id"])
        else:
            key = (
                "typed",
                group["dialogue_id"],
                group["sector"],
                group["category_id"],
                group["country_id"],
                group["organization_id"],
                group["organization_key"],
            )
        speakers.setdefault(
            key,
            _Who(
                sector=group["sector"],
                category_id=group["category_id"],
                country_id=group["country_id"],
                gender=group["participant__gender"] or NOT_RECORDED,
                age_group=group["participant__age_group"] or NOT_RECORDED,
            ),
        )
    return list(speakers.values())


def _count_rows(
    attendees: Counter[_Who],
    speakers: list[_Who],
    key_of: Callable[[_Who], str],
    keys_and_labels: list[tuple[str, str]],
) -> list[BreakdownRow]:
    """One row per (key, label), in that order; a "Not recorded" row is added at the end when
    someone has no key and the list does not already have one."""
    attended: Counter[str] = Counter()
    for who, number in attendees.items():
        attended[key_of(who)] += number
    spoke = Counter(key_of(who) for who in speakers)
    rows = [BreakdownRow(key, label, attended[key], spoke[key]) for key, label in keys_and_labels]
    listed = {key for key, _label in keys_and_labels}
    if NOT_RECORDED not in listed and (attended[NOT_RECORDED] or spoke[NOT_RECORDED]):
        rows.append(
            BreakdownRow(
                NOT_RECORDED, _("Not recorded"), attended[NOT_RECORDED], spoke[NOT_RECORDED]
            )
        )
    return rows


def _breakdowns(
    attendees: Counter[_Who], speakers: list[_Who], categories: list[StakeholderCategory]
) -> list[Breakdown]:
    codes = {category.pk: category.code for category in categories}
    seen = {who.country_id for who in [*attendees, *speakers] if who.country_id}
    countries = sorted(Country.objects.filter(pk__in=seen), key=lambda country: country.name)
    iso_of = {country.pk: country.iso2 for country in countries}

    def sector_key(who: _Who) -> str:
        if who.sector == Sector.STAKEHOLDER and who.category_id in codes:
            return f"stakeholder:{codes[who.category_id]}"
        return who.sector

    sectors = [(str(s.value), str(s.label)) for s in Sector if s != Sector.STAKEHOLDER] + [
        (
            f"stakeholder:{category.code}",
            _("Stakeholders: %(category)s") % {"category": category.name},
        )
        for category in categories
    ]
    not_recorded = [(NOT_RECORDED, _("Not recorded"))]
    genders = [(str(g.value), str(g.label)) for g in Gender] + not_recorded
    ages = [(str(a.value), str(a.label)) for a in AgeGroup] + not_recorded

    def rows(
        key_of: Callable[[_Who], str], keys_and_labels: list[tuple[str, str]]
    ) -> list[BreakdownRow]:
        return _count_rows(attendees, speakers, key_of, keys_and_labels)

    return [
        Breakdown("sector", _("By sector and para 44 category"), rows(sector_key, sectors)),
        Breakdown(
            "country",
            _("By country"),
            rows(
                lambda who: iso_of.get(who.country_id or 0, NOT_RECORDED),
                [(country.iso2, country.name) for country in countries],
            ),
        ),
        Breakdown("gender", _("By gender"), rows(lambda who: who.gender, genders)),
        Breakdown("age_group", _("By age group"), rows(lambda who: who.age_group, ages)),
    ]


def balance_of_dialogues(dialogues: QuerySet[Dialogue]) -> Balance:
    """Attendance, speakers and the four engagement indicators of these dialogues together."""
    participant_groups = _participant_groups(dialogues)
    intervention_groups = _intervention_groups(dialogues)
    categories = list(StakeholderCategory.objects.order_by("position"))

    attendees: Counter[_Who] = Counter()
    for group in participant_groups:
        if group["attended"]:
            who = _Who(
                sector=group["sector"],
                category_id=group["category_id"],
                country_id=group["country_id"],
                gender=group["gender"] or NOT_RECORDED,
                age_group=group["age_group"] or NOT_RECORDED,
            )
            attendees[who] += group["attended"]
    speakers = _speakers(intervention_groups)

    def stakeholder_categories(people: Any) -> int:
        return len({who.category_id for who in people if who.sector == Sector.STAKEHOLDER} - {None})

    attended = sum(attendees.values())
    with_gender = sum(n for who, n in attendees.items() if who.gender != NOT_RECORDED)
    women = sum(n for who, n in attendees.items() if who.gender == Gender.FEMALE)

    def total(field: str, *, stakeholders: bool = False) -> int:
        return sum(
            group[field]
            for group in intervention_groups
            if not stakeholders or group["sector"] == Sector.STAKEHOLDER
        )

    interventions = total("count")
    return Balance(
        registered=sum(group["registered"] for group in participant_groups),
        attended=attended,
        speakers=len(speakers),
        interventions=interventions,
        breakdowns=_breakdowns(attendees, speakers, categories),
        transparency=Transparency(published=Share(total("published"), interventions)),
        inclusivity=Inclusivity(
            attended=stakeholder_categories(attendees),
            spoke=stakeholder_categories(speakers),
            categories=len(categories),
        ),
        diversity=Diversity(
            countries=len({who.country_id for who in attendees} - {None}),
            women=Share(women, with_gender),
            attended=attended,
        ),
        meaningful=MeaningfulParticipation(
            interventions=Share(total("count", stakeholders=True), interventions),
            minutes=Share(total("minutes_total", stakeholders=True), total("minutes_total")),
            timed=Share(total("timed"), interventions),
            questions_answered=Share(
                total("answered", stakeholders=True), total("questions", stakeholders=True)
            ),
        ),
    )


def balance_of_dialogue(dialogue: Dialogue) -> Balance:
    return balance_of_dialogues(Dialogue.objects.filter(pk=dialogue.pk))


def balance_of_cycle(cycle: ReviewCycle) -> Balance:
    """Every dialogue of the cycle, drafts included: attendances add up across dialogues."""
    return balance_of_dialogues(Dialogue.objects.filter(cycle=cycle))
