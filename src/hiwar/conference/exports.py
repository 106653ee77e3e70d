"""The published programme as readers get it: localized for a page or the PDF, as iCalendar,
as PDF and as JSON open data.

Everything here works on a programme dict of `selectors.programme_data` (usually a published
`ProgrammeVersion.snapshot`), so no export queries the draft and none runs a query per item.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from hiwar.conference.models import CONFERENCE_LANGUAGES, Item, Role, Sector
from hiwar.conference.selectors import person_items, person_name

# When a text is missing in the reader's language: English first (the project's convention),
# then whichever conference language has it, so a title is never empty.
FALLBACK_ORDER = ("en", *CONFERENCE_LANGUAGES)
# WeasyPrint logs every rendering step at INFO; the server log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# Personal data the secretariat records for its checks but does not publish as open data.
PRIVATE_PERSON_FIELDS = ("gender",)


@dataclass(frozen=True)
class Text:
    """A text in the language it is actually written in, which may not be the reader's."""

    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"

    def __str__(self) -> str:
        return self.text


def choose_text(texts: dict[str, str] | None, language: str) -> Text | None:
    """The text in `language`, else in English, else in any conference language; None if none."""
    if not texts:
        return None
    for candidate in dict.fromkeys((language, *FALLBACK_ORDER)):
        if texts.get(candidate):
            return Text(texts[candidate], candidate, language)
    return None


def _name(person: dict[str, Any], language: str) -> Text | None:
    name = person_name(person, language)
    if not name:
        return None
    written_in = next(
        (code for code in (language, *FALLBACK_ORDER) if person["name"].get(code) == name),
        language,
    )
    return Text(name, written_in, language)


@dataclass
class ShownRole:
    kind: str
    kind_label: str
    name: Text | None  # None: still to be determined
    note: Text | None
    function: Text | None
    affiliation: list[Text]
    minutes: int


@dataclass
class ShownItem:
    id: int
    date: datetime.date
    starts_at: str
    ends_at: str
    type: str
    type_label: str
    title: Text
    description: Text | None
    cluster: Text | None
    objectives: list[int]
    discussion_minutes: int
    interpretation: list[str]
    roles: list[ShownRole] = field(default_factory=list)
    # (number, Objective or None), filled in by the page that has the objectives' titles.
    linked_objectives: list[tuple[int, Any]] = field(default_factory=list)


@dataclass
class ShownDay:
    number: int
    date: datetime.date
    items: list[ShownItem]

    @property
    def anchor(self) -> str:
        return f"day-{self.date.isoformat()}"


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a value a later version of the app no longer knows
        return value


def _affiliation(person: dict[str, Any], language: str) -> list[Text]:
    parts: list[Text] = []
    country = choose_text((person.get("country") or {}).get("name"), language)
    if country:
        parts.append(country)
    organization = person.get("organization")
    if organization and organization.get("name"):
        # An organization's name is stored once, as the organization writes it.
        parts.append(Text(organization["name"], language, language))
    category = choose_text((person.get("category") or {}).get("name"), language)
    if category:
        parts.append(category)
    if not parts and person.get("sector") and person["sector"] != Sector.MEMBER_STATE:
        parts.append(Text(_label(Sector, person["sector"]), language, language))
    return parts


def _role(role: dict[str, Any], people: dict[int, dict[str, Any]], language: str) -> ShownRole:
    person = people.get(role["person"]) if role["person"] is not None else None
    return ShownRole(
        kind=role["kind"],
        kind_label=_label(Role.Kind, role["kind"]),
        name=_name(person, language) if person else None,
        note=choose_text(role.get("note"), language),
        function=choose_text(person["function"], language) if person else None,
        affiliation=_affiliation(person, language) if person else [],
        minutes=role["minutes"],
    )


def list_separator(language: str) -> str:
    """ ", " between the parts of a list; Arabic has its own comma."""
    return "، " if language == "ar" else ", "


def interpretation_labels(codes: Iterable[str]) -> list[str]:
    names = settings.LANGUAGE_NAMES_IN_INTERFACE
    return [str(names[code]) if code in names else code for code in codes]


def _item(
    item: dict[str, Any], date: datetime.date, people: dict[int, dict[str, Any]], language: str
) -> ShownItem:
    type_label = _label(Item.Type, item["type"])
    return ShownItem(
        id=item["id"],
        date=date,
        starts_at=item["starts_at"],
        ends_at=item["ends_at"],
        type=item["type"],
        type_label=type_label,
        # Never an empty title: an item titled in no language is called by its type.
        title=choose_text(item["title"], language) or Text(type_label, language, language),
        description=choose_text(item["description"], language),
        cluster=choose_text((item.get("cluster") or {}).get("title"), language),
        objectives=list(item["objectives"]),
        discussion_minutes=item["discussion_minutes"],
        interpretation=interpretation_labels(item["interpretation"]),
        roles=[_role(role, people, language) for role in item["roles"]],
    )


def localized_days(snapshot: dict[str, Any], language: str) -> list[ShownDay]:
    """The programme by day, each text in `language` or its marked fallback."""
    people = {person["id"]: person for person in snapshot["people"]}
    days = []
    for number, day in enumerate(snapshot["days"], start=1):
        date = datetime.date.fromisoformat(day["date"])
        items = [_item(item, date, people, language) for item in day["items"]]
        days.append(ShownDay(number=number, date=date, items=items))
    return days


def objective_numbers(snapshot: dict[str, Any]) -> set[int]:
    return {n for day in snapshot["days"] for item in day["items"] for n in item["objectives"]}


def utc_offset(time_zone: str, date: datetime.date) -> str:
    """ "UTC+02:00" for Beirut in February."""
    moment = datetime.datetime.combine(date, datetime.time(12), ZoneInfo(time_zone))
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


# --- iCalendar --------------------------------------------------------------------------------


def item_uid(item_id: int, slug: str) -> str:
    """Stable across versions, so calendar applications update an event instead of adding one."""
    return f"item-{item_id}@{slug}.hiwar"


def _event_description(item: ShownItem, language: str) -> str:
    lines = [item.type_label]
    if item.description:
        lines += ["", item.description.text]
    if item.roles:
        lines.append("")
    for role in item.roles:
        who = (
            role.name.text
            if role.name
            else (role.note.text if role.note else _("to be determined"))
        )
        details = [part.text for part in ([role.function] if role.function else [])]
        details += [part.text for part in role.affiliation]
        line = f"{role.kind_label}: {who}"
        if details:
            line += f" ({list_separator(language).join(details)})"
        lines.append(line)
    if item.discussion_minutes:
        lines += [
            "",
            _("Interactive discussion: %(minutes)d min") % {"minutes": item.discussion_minutes},
        ]
    if item.objectives:
        numbers = list_separator(language).join(str(number) for number in item.objectives)
        lines.append(_("GCM objectives: %(numbers)s") % {"numbers": numbers})
    if item.interpretation:
        languages = list_separator(language).join(item.interpretation)
        lines.append(_("Interpretation: %(languages)s") % {"languages": languages})
    return "\n".join(lines)


def programme_calendar(
    snapshot: dict[str, Any],
    *,
    language: str,
    url: str,
    name: str,
    person_id: int | None = None,
) -> bytes:
    """The programme (or one person's items) as an iCalendar file, times in the conference's
    time zone with its VTIMEZONE. `url` is the programme page; each event links to its item."""
    conference = snapshot["conference"]
    zone = ZoneInfo(conference["time_zone"])
    slug = conference["slug"]
    published = snapshot.get("published_at")
    stamp = (
        datetime.datetime.fromisoformat(published)
        if published
        else datetime.datetime.now(tz=datetime.UTC)
    )
    wanted = (
        None if person_id is None else {item["id"] for item in person_items(snapshot, [person_id])}
    )
    with override(language):
        venue = choose_text(conference["venue"], language)
        calendar = icalendar.Calendar.new(
            prodid="-//Hiwar//Conference programme//EN",
            name=name,
            language=language,
            method="PUBLISH",
            url=url,
            uid=f"programme{'' if person_id is None else f'-{person_id}'}@{slug}.hiwar",
        )
        for day in localized_days(snapshot, language):
            for item in day.items:
                if wanted is not None and item.id not in wanted:
                    continue
                start = datetime.datetime.combine(
                    day.date, datetime.time.fromisoformat(item.starts_at), zone
                )
                end = datetime.datetime.combine(
                    day.date, datetime.time.fromisoformat(item.ends_at), zone
                )
                event = icalendar.Event.new(
                    uid=item_uid(item.id, slug),
                    summary=item.title.text,
                    description=_event_description(item, language),
                    start=start,
                    end=end,
                    stamp=stamp,
                    sequence=snapshot.get("version") or 0,
                    location=venue.text if venue else None,
                    url=f"{url}#item-{item.id}",
                    categories=[item.type_label],
                )
                calendar.add_component(event)
        # The zone's rules around the conference only: a VTIMEZONE from 1970 is 5 kB of noise.
        year = datetime.timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=datetime.date.fromisoformat(conference["starts_on"]) - year,
            last_date=datetime.date.fromisoformat(conference["ends_on"]) + year,
        )
    return calendar.to_ical()


# --- PDF --------------------------------------------------------------------------------------


def programme_pdf(context: dict[str, Any], *, language: str) -> bytes:
    """The programme as an A4 PDF, rendered by WeasyPrint from its own print template."""
    from weasyprint import HTML  # imported here: it is slow to import and only this needs it

    with override(language):
        html = render_to_string("conference/public/programme_pdf.html", context)
    return bytes(HTML(string=html, base_url=settings.SITE_URL).write_pdf())


# --- JSON -------------------------------------------------------------------------------------


def public_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as open data: without the personal details kept only for the checks."""
    people = [
        {key: value for key, value in person.items() if key not in PRIVATE_PERSON_FIELDS}
        for person in snapshot["people"]
    ]
    return {**snapshot, "people": people}


def programme_json(snapshot: dict[str, Any]) -> bytes:
    # Compact: the indenting encoder is pure Python and ten times slower.
    data = json.dumps(public_snapshot(snapshot), ensure_ascii=False, separators=(",", ":"))
    return data.encode("utf-8")
