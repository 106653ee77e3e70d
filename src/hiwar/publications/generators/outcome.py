"""The outcome document: key messages of the conference and of the dialogues.

Conference: every ``KeyMessage`` a rapporteur recorded (``key_messages_of`` for each conference
of the cycle). Its group is the round-table cluster of the programme item it was voiced in, or
else the item's title (a plenary, a panel: the theme).

Dialogues: what counts as a key message of a dialogue is a *published* intervention of a
*published* dialogue of the cycle that the rapporteur linked to at least one GCM objective and
that was voiced by a Member State or a stakeholder (GCM para 44). Interventions not linked to an
objective are procedural (questions about the process, thanks), and the organizers' own remarks
(United Nations system, intergovernmental organizations) frame the discussion rather than voice
a message. Its group is the cluster most of its objectives belong to (the lowest-numbered
objective breaks ties).

Sections come cluster by cluster (RT1 to RT4), then themes in programme order; conference
messages before dialogue messages inside a group. Anonymous interventions are attributed to
their category and country only, never to a name or an organization. A message is quoted in its
own language when it differs from the document's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hiwar.conference.models import Sector
from hiwar.conference.selectors_participation import key_messages_of
from hiwar.dialogues.models import Dialogue, Intervention
from hiwar.framework.models import Cluster, Objective
from hiwar.publications.drafts import Draft, DraftSection
from hiwar.publications.generators.text import escape_markdown, quote, translated

if TYPE_CHECKING:
    from hiwar.reviews.models import ReviewCycle

#: Who may voice a dialogue key message (see the module docstring).
VOICING_SECTORS = (Sector.MEMBER_STATE, Sector.STAKEHOLDER)


@dataclass
class _Message:
    order: tuple[int, int, int, int]  # group rank, source (0 conference, 1 dialogue), time, pk
    key: str
    group: str
    attribution: str
    text: str
    language: str
    where: str


def _sector_label(sector: str) -> str:
    try:
        return str(Sector(sector).label)
    except ValueError:
        return sector


def attribution(
    *,
    sector: str,
    country: Any,
    category: Any,
    organization: Any,
    organization_name: str = "",
    anonymous: bool = False,
    language: str,
) -> str:
    """Who voiced a message: the sector, the Member State or the stakeholder category and
    country, and the organization unless the speaker asked not to be named."""
    parts = [_sector_label(sector)]
    if category is not None:
        parts.append(translated(category, "name", language))
    if country is not None:
        parts.append(translated(country, "name", language))
    if not anonymous:
        if organization is not None:
            parts.append(str(organization.name))
        elif organization_name:
            parts.append(organization_name)
    return " · ".join(dict.fromkeys(p for p in parts if p))


def _body(text: str, message_language: str, language: str) -> str:
    if message_language == language:
        return escape_markdown(text)
    return quote(text, message_language)


def _cluster_of(objectives: list[Objective]) -> Cluster | None:
    if not objectives:
        return None
    counts = Counter(o.cluster_id for o in objectives)
    lowest = {o.cluster_id: o.number for o in sorted(objectives, key=lambda o: -o.number)}
    best = max(counts, key=lambda c: (counts[c], -lowest[c]))
    return next(o.cluster for o in objectives if o.cluster_id == best)


def _conference_messages(
    cycle: ReviewCycle, language: str, themes: dict[str, int]
) -> list[_Message]:
    messages = []
    for conference in cycle.conferences.order_by("starts_on", "pk"):
        for index, item in enumerate(key_messages_of(conference)):
            cluster = item.cluster
            if cluster is not None:
                group = translated(cluster, "title", language)
                rank = cluster.number
            else:
                group = translated(item, "title", language) or str(item.get_type_display())
                rank = themes.setdefault(group, 100 + len(themes))
            for message in item.recorded_messages:  # type: ignore[attr-defined]
                messages.append(
                    _Message(
                        order=(rank, 0, index, message.pk),
                        key=f"conference-message-{message.pk}",
                        group=group,
                        attribution=attribution(
                            sector=message.sector,
                            country=message.country,
                            category=message.category,
                            organization=message.organization,
                            language=language,
                        ),
                        text=message.text,
                        language=message.language,
                        where=_("%(conference)s, %(item)s, %(date)s")
                        % {
                            "conference": translated(conference, "title", language),
                            "item": translated(item, "title", language),
                            "date": date_format(item.day.date, "DATE_FORMAT"),
                        },
                    )
                )
    return messages


def _dialogue_messages(cycle: ReviewCycle, language: str) -> list[_Message]:
    interventions = (
        Intervention.objects.filter(
            dialogue__cycle=cycle,
            dialogue__status=Dialogue.Status.PUBLISHED,
            published=True,
            sector__in=VOICING_SECTORS,
            objectives__isnull=False,
        )
        .distinct()
        .select_related("dialogue", "country", "category", "organization")
        .prefetch_related(
            Prefetch(
                "objectives",
                Objective.objects.select_related("cluster").order_by("number"),
                to_attr="objective_list",
            )
        )
        .order_by("dialogue__starts_at", "created_at", "pk")
    )
    messages = []
    for index, intervention in enumerate(interventions):
        cluster = _cluster_of(intervention.objective_list)
        if cluster is None:
            continue
        messages.append(
            _Message(
                order=(cluster.number, 1, index, intervention.pk),
                key=f"dialogue-message-{intervention.pk}",
                group=translated(cluster, "title", language),
                attribution=attribution(
                    sector=intervention.sector,
                    country=intervention.country,
                    category=intervention.category,
                    organization=intervention.organization,
                    organization_name=intervention.organization_name,
                    anonymous=intervention.anonymous,
                    language=language,
                ),
                text=intervention.summary,
                language=intervention.language,
                where=_("%(dialogue)s, %(date)s")
                % {
                    "dialogue": translated(intervention.dialogue, "title", language),
                    "date": date_format(intervention.dialogue.starts_at.date(), "DATE_FORMAT"),
                },
            )
        )
    return messages


def draft_outcome_document(*, cycle: ReviewCycle, language: str) -> Draft:
    """Draft the outcome document of ``cycle``: one section per key message (``group`` = its
    cluster or theme, ``attribution`` = who voiced it), grouped by cluster and theme.
    """
    with translation.override(language):
        themes: dict[str, int] = {}
        messages = sorted(
            _conference_messages(cycle, language, themes) + _dialogue_messages(cycle, language),
            key=lambda m: m.order,
        )
        draft = Draft(
            kind="outcome",
            language=language,
            title=_("Outcome document: key messages of the regional review"),
            subtitle=translated(cycle, "title", language),
        )
        for number, message in enumerate(messages, start=1):
            body = "\n\n".join(
                [
                    _body(message.text, message.language, language),
                    # Who voiced it is the section's ``attribution``, shown beside it.
                    "*" + escape_markdown(message.where) + "*",
                ]
            )
            draft.sections.append(
                DraftSection(
                    key=message.key,
                    heading=_("Key message %(number)d") % {"number": number},
                    body=body,
                    level=2,
                    group=message.group,
                    attribution=message.attribution,
                )
            )
        return draft
