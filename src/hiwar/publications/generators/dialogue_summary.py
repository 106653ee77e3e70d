"""The summary report of one multi-stakeholder dialogue, drafted from its record.

It follows the dialogue report of October and November 2020 (seed 000): a summary, an
introduction, then per agenda item its opening remarks or presentations (speakers named with
their function), the moderator, the guiding questions of the open discussion, the points raised
by participants (attributed to their organization or category and country, as the report does;
anonymous interventions are attributed to their category only, never to a name, an
organization or a country), the organizers' responses and the closing remarks; finally the
participants by country. Only published interventions of the record are used. Rapporteurs'
summaries written in another language than the report's are quoted in their own language.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiwar.conference.models import Sector
from hiwar.dialogues.models import AgendaItem, AgendaRole, Intervention
from hiwar.dialogues.selectors import dialogue_record
from hiwar.publications.drafts import Draft, DraftSection
from hiwar.publications.generators.text import escape_markdown, join_names, quote, translated

if TYPE_CHECKING:
    from hiwar.dialogues.models import Dialogue

#: Agenda items whose interventions are remarks by the people in roles, not points from the floor.
REMARKS_KINDS = (
    AgendaItem.Kind.OPENING,
    AgendaItem.Kind.SCENE_SETTING,
    AgendaItem.Kind.PRESENTATION,
    AgendaItem.Kind.CLOSING,
)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _said(text: str, text_language: str, language: str) -> str:
    """A rapporteur's summary: plain when in the report's language, else quoted and labelled."""
    if text_language == language:
        return escape_markdown(text)
    return quote(text, text_language)


def _organization(obj: Any) -> str:
    if getattr(obj, "organization", None) is not None:
        return str(obj.organization.name)
    return str(getattr(obj, "organization_name", "") or "")


def _speaker(intervention: Intervention, language: str, *, from_the_floor: bool) -> str:
    """Who spoke, as the report names them. From the floor: "A representative of <org>
    (<country>)" or "A participant (<category>, <country>)"; in remarks, the person's name."""
    category = translated(intervention.category, "name", language) if intervention.category else ""
    if not category:
        category = str(Sector(intervention.sector).label) if intervention.sector else ""
    if intervention.anonymous:
        if category:
            return _("A participant (%(category)s)") % {"category": category}
        return _("A participant")
    country = translated(intervention.country, "name", language) if intervention.country else ""
    organization = _organization(intervention)
    if not from_the_floor and intervention.participant is not None:
        name = intervention.participant.full_name
        if organization:
            return _("%(name)s (%(organization)s)") % {"name": name, "organization": organization}
        return name
    if organization and country:
        return _("A representative of %(organization)s, %(country)s") % {
            "organization": organization,
            "country": country,
        }
    if organization:
        return _("A representative of %(organization)s") % {"organization": organization}
    details = ", ".join(part for part in (category, country) if part)
    if details:
        return _("A participant (%(details)s)") % {"details": details}
    return _("A participant")


def _role_line(role: AgendaRole, language: str) -> str:
    function = translated(role, "function", language)
    organization = _organization(role)
    if organization and organization in function:
        organization = ""  # the function already names it
    details = ", ".join(part for part in (function, organization) if part)
    name = escape_markdown(role.name)
    return f"{name} ({escape_markdown(details)})" if details else name


def _roles_text(item: AgendaItem, language: str) -> list[str]:
    roles = list(item.roles.all()) if item.pk else []
    lines = []
    moderators = [_role_line(r, language) for r in roles if r.kind == AgendaRole.Kind.MODERATOR]
    speakers = [_role_line(r, language) for r in roles if r.kind == AgendaRole.Kind.SPEAKER]
    if moderators:
        lines.append(
            _("The session was moderated by %(names)s.")
            % {"names": join_names(moderators, language)}
        )
    if speakers:
        label = (
            _("Remarks were delivered by %(names)s.")
            if item.kind in REMARKS_KINDS
            else _("Speakers: %(names)s.")
        )
        lines.append(label % {"names": join_names(speakers, language)})
    return lines


def _balance(interventions: list[Intervention], language: str) -> str:
    """Who took the floor, by category (or sector) and by country, counted."""
    categories: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for intervention in interventions:
        if intervention.category is not None:
            categories[translated(intervention.category, "name", language)] += 1
        else:
            categories[str(Sector(intervention.sector).label)] += 1
        if intervention.country is not None and not intervention.anonymous:
            countries[translated(intervention.country, "name", language)] += 1
    by_category = join_names(
        [f"{name} ({count})" for name, count in sorted(categories.items())], language
    )
    sentence = ngettext(
        "%(count)d participant took the floor: %(categories)s.",
        "%(count)d participants took the floor, by category: %(categories)s.",
        len(interventions),
    ) % {"count": len(interventions), "categories": by_category}
    if countries:
        sentence += " " + _("Countries named: %(countries)s.") % {
            "countries": join_names(
                [f"{name} ({count})" for name, count in sorted(countries.items())], language
            )
        }
    return sentence


def _item_section(
    position: int,
    item: AgendaItem,
    interventions: list[Intervention],
    questions: list[str],
    language: str,
) -> DraftSection:
    lines: list[str] = []
    description = translated(item, "description", language)
    if description:
        lines += [escape_markdown(description), ""]
    roles = _roles_text(item, language)
    if roles:
        lines += [" ".join(roles), ""]
    from_the_floor = item.kind not in REMARKS_KINDS
    if from_the_floor and questions:
        lines += [_("The following guiding questions set the framework for the discussion:"), ""]
        lines += [f"- {escape_markdown(q)}" for q in questions]
        lines.append("")
    if interventions:
        if from_the_floor:
            lines += [_balance(interventions, language), ""]
            lines += [
                _("In the open discussion, the participants raised the following points:"),
                "",
            ]
        for intervention in interventions:
            who = _speaker(intervention, language, from_the_floor=from_the_floor)
            lines.append(
                f"- **{escape_markdown(who)}:** "
                f"{_said(intervention.summary, intervention.language, language)}"
            )
        lines.append("")
        answered = [i for i in interventions if i.response]
        if answered:
            lines += [f"**{_('Responses to questions raised by participants')}**", ""]
            for intervention in answered:
                who = _speaker(intervention, language, from_the_floor=True)
                lines.append(
                    "- "
                    + _("To %(who)s:") % {"who": escape_markdown(who)}
                    + " "
                    + _said(intervention.response, intervention.language, language)
                )
            lines.append("")
    elif not roles and not description:
        lines.append(_("Nothing was recorded for this item."))
    letter = LETTERS[position % len(LETTERS)]
    return DraftSection(
        key=f"item-{item.pk or 'other'}",
        heading=f"{letter}. {translated(item, 'title', language)}",
        body="\n".join(lines).strip(),
        level=2,
    )


def _participants_section(dialogue: Dialogue, language: str) -> DraftSection:
    counts: Counter[int | None] = Counter(
        dialogue.participants.filter(attended=True).values_list("country_id", flat=True)
    )
    from hiwar.framework.models import Country

    countries = {c.pk: c for c in Country.objects.filter(pk__in=[k for k in counts if k])}
    named = sorted(
        ((translated(countries[pk], "name", language), n) for pk, n in counts.items() if pk),
        key=lambda row: (-row[1], row[0]),
    )
    total = sum(counts.values())
    lines = [
        ngettext(
            "%(count)d participant attended the dialogue, from %(countries)d countries.",
            "%(count)d participants attended the dialogue, from %(countries)d countries.",
            total,
        )
        % {"count": total, "countries": len(named)}
    ]
    if named:
        lines += [
            "",
            f"| {_('Country')} | {_('Participants')} |",
            "|---|---:|",
            *[f"| {escape_markdown(name)} | {n} |" for name, n in named],
        ]
        if counts.get(None):
            lines.append(f"| {_('Country not given')} | {counts[None]} |")
    return DraftSection(key="participants", heading=_("Participants"), body="\n".join(lines))


def draft_dialogue_summary(*, dialogue: Dialogue, language: str) -> Draft:
    """Draft the summary report of ``dialogue``: introduction, per agenda item the opening
    remarks, guiding questions, points raised (by category and country; anonymous speakers never
    named), responses and closing remarks, then participants by country.
    """
    with translation.override(language):
        record = dialogue_record(dialogue)
        interventions = [i for s in record.sections for i in s.interventions]
        # The speaker's participant row, for naming people in roles (one query).
        participants = {
            p.pk: p
            for p in dialogue.participants.filter(
                pk__in=[i.participant_id for i in interventions if i.participant_id]
            )
        }
        for intervention in interventions:
            if intervention.participant_id:
                intervention.participant = participants.get(intervention.participant_id)
        title = translated(dialogue, "title", language)
        local = timezone.localtime(dialogue.starts_at)
        date = date_format(local.date(), "DATE_FORMAT")
        questions = [translated(q, "text", language) for q in record.questions]
        draft = Draft(
            kind="dialogue_summary",
            language=language,
            title=_("Report of the multi-stakeholder dialogue"),
            subtitle=f"{title} — {date}",
        )
        summary = translated(dialogue, "summary", language)
        if summary:
            draft.sections.append(
                DraftSection(key="summary", heading=_("Summary"), body=escape_markdown(summary))
            )
        items = join_names(
            [translated(item, "title", language) for item in record.agenda], language
        )
        introduction = [
            _(
                "The dialogue “%(title)s” was held on %(date)s. %(attended)d participants from "
                "%(countries)d countries attended it."
            )
            % {
                "title": title,
                "date": date,
                "attended": record.attendance.attended,
                "countries": record.attendance.countries,
            }
        ]
        if items:
            introduction.append(_("Its agenda: %(items)s.") % {"items": items})
        if dialogue.interpretation:
            names = [
                str(dict(
                    (code, label) for code, label in (
                        ("ar", _("Arabic")), ("en", _("English")), ("fr", _("French"))
                    )
                ).get(code, code))
                for code in dialogue.interpretation
            ]  # fmt: skip
            introduction.append(
                _("Interpretation was provided into %(languages)s.")
                % {"languages": join_names(names, language)}
            )
        draft.sections.append(
            DraftSection(
                key="introduction",
                heading=_("Introduction"),
                body=escape_markdown(" ".join(introduction)),
            )
        )
        by_item = {s.item.pk: s.interventions for s in record.sections if s.item is not None}
        discussion_items = [i for i in record.agenda if i.kind not in REMARKS_KINDS]
        # Guiding questions are the dialogue's; they frame its (first) open discussion.
        question_item = discussion_items[0].pk if discussion_items else None
        draft.sections.append(
            DraftSection(
                key="proceedings",
                heading=_("Proceedings of the dialogue of %(date)s") % {"date": date},
                body="",
                level=1,
            )
        )
        for position, item in enumerate(record.agenda):
            draft.sections.append(
                _item_section(
                    position,
                    item,
                    by_item.get(item.pk, []),
                    questions if item.pk == question_item else [],
                    language,
                )
            )
        if questions and question_item is None:
            draft.sections.append(
                DraftSection(
                    key="questions",
                    heading=_("Guiding questions"),
                    body="\n".join(f"- {escape_markdown(q)}" for q in questions),
                    level=2,
                )
            )
        loose = [i for s in record.sections if s.item is None for i in s.interventions]
        if loose:
            draft.sections.append(
                _item_section(
                    len(record.agenda),
                    AgendaItem(kind=AgendaItem.Kind.OTHER, title=_("Other interventions")),
                    loose,
                    [],
                    language,
                )
            )
        draft.sections.append(_participants_section(dialogue, language))
        return draft
