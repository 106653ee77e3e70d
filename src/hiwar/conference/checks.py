"""Checks on a programme, as graded warnings (after pretalx's schedule warnings).

They read the dict of `selectors.programme_data`, so they run the same way on the draft being
edited and on a published version. Only true invariants (an item ending after it starts, a day
inside the conference dates) are hard errors, and those are refused when saving (forms and
services), not reported here. The secretariat may choose codes that block publication
(`Conference.blocking_checks`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hiwar.conference.models import Item, Role, Sector
from hiwar.conference.selectors import localized, person_name


class Level:
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


LEVEL_LABELS = {
    Level.HIGH: gettext_lazy("Serious"),
    Level.MEDIUM: gettext_lazy("Check"),
    Level.LOW: gettext_lazy("Note"),
}

# code: (level, description shown where the secretariat chooses what blocks publication)
CHECKS: dict[str, tuple[str, Any]] = {
    "person_double_booked": (
        Level.HIGH,
        gettext_lazy("A person has roles in two items at the same time"),
    ),
    "minutes_exceed": (
        Level.HIGH,
        gettext_lazy("Allotted minutes exceed the item's length"),
    ),
    "no_non_state": (
        Level.HIGH,
        gettext_lazy("A round-table panel has no non-state stakeholder (whole-of-society)"),
    ),
    "item_overlap": (Level.MEDIUM, gettext_lazy("Two items overlap")),
    "objective_uncovered": (
        Level.MEDIUM,
        gettext_lazy("An objective is reviewed by no round table"),
    ),
    "objective_twice": (
        Level.MEDIUM,
        gettext_lazy("An objective is reviewed by two round tables"),
    ),
    "panel_no_woman": (
        Level.MEDIUM,
        gettext_lazy("A panel has no woman (where gender is recorded)"),
    ),
    "no_interpretation": (
        Level.MEDIUM,
        gettext_lazy("An item is not interpreted into every conference language"),
    ),
    "day_gap": (Level.LOW, gettext_lazy("A gap between two items of a day")),
    "role_to_be_determined": (Level.LOW, gettext_lazy("A role is still to be determined")),
}

# Items where people speak from a panel: the whole-of-society and gender checks look at these.
PANEL_TYPES = {Item.Type.PANEL, Item.Type.ROUND_TABLE, Item.Type.MULTI_STAKEHOLDER_PLENARY}
PANEL_ROLES = {Role.Kind.PANELLIST, Role.Kind.SPEAKER}


@dataclass
class Finding:
    code: str
    message: str
    items: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)

    @property
    def level(self) -> str:
        return CHECKS[self.code][0]

    @property
    def level_label(self) -> Any:
        return LEVEL_LABELS[self.level]


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Half-open intervals: an item ending at 10:00 does not overlap one starting at 10:00."""
    return minutes(a["starts_at"]) < minutes(b["ends_at"]) and minutes(b["starts_at"]) < minutes(
        a["ends_at"]
    )


def _label(item: dict[str, Any], date: str, language: str) -> str:
    title = localized(item["title"], language) or _("(untitled)")
    # A left-to-right isolate keeps the date and times in order inside Arabic sentences.
    return f"\u2066{date} {item['starts_at']}-{item['ends_at']}\u2069 {title}"


def run_checks(programme: dict[str, Any], language: str) -> list[Finding]:
    """Every warning on the programme, most serious first, worded in `language`."""
    findings: list[Finding] = []
    people = {person["id"]: person for person in programme["people"]}
    conference_languages = set(programme["conference"]["languages"])
    round_tables: list[tuple[str, dict[str, Any]]] = []

    for day in programme["days"]:
        date = day["date"]
        items = sorted(day["items"], key=lambda i: (minutes(i["starts_at"]), minutes(i["ends_at"])))
        for a, b in combinations(items, 2):
            if not overlaps(a, b):
                continue
            findings.append(
                Finding(
                    "item_overlap",
                    _("%(first)s overlaps %(second)s.")
                    % {"first": _label(a, date, language), "second": _label(b, date, language)},
                    items=[a["id"], b["id"]],
                )
            )
            shared = {r["person"] for r in a["roles"] if r["person"]} & {
                r["person"] for r in b["roles"] if r["person"]
            }
            for person_id in sorted(shared):
                findings.append(
                    Finding(
                        "person_double_booked",
                        _("%(person)s has a role in both %(first)s and %(second)s.")
                        % {
                            "person": person_name(people[person_id], language),
                            "first": _label(a, date, language),
                            "second": _label(b, date, language),
                        },
                        items=[a["id"], b["id"]],
                        people=[person_id],
                    )
                )
        latest_end = None
        for item in items:
            if latest_end is not None and minutes(item["starts_at"]) > latest_end:
                gap = minutes(item["starts_at"]) - latest_end
                findings.append(
                    Finding(
                        "day_gap",
                        ngettext(
                            "%(minutes)d minute with nothing scheduled before %(item)s.",
                            "%(minutes)d minutes with nothing scheduled before %(item)s.",
                            gap,
                        )
                        % {"minutes": gap, "item": _label(item, date, language)},
                        items=[item["id"]],
                    )
                )
            end = minutes(item["ends_at"])
            latest_end = end if latest_end is None else max(latest_end, end)
            findings.extend(_item_findings(item, date, language, people, conference_languages))
            if item["type"] == Item.Type.ROUND_TABLE:
                round_tables.append((date, item))

    findings.extend(_cluster_findings(round_tables, language))
    order = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}
    findings.sort(key=lambda f: order[f.level])
    return findings


def _item_findings(
    item: dict[str, Any],
    date: str,
    language: str,
    people: dict[int, dict[str, Any]],
    conference_languages: set[str],
) -> list[Finding]:
    found: list[Finding] = []
    label = _label(item, date, language)
    length = minutes(item["ends_at"]) - minutes(item["starts_at"])
    allotted = sum(role["minutes"] for role in item["roles"]) + item["discussion_minutes"]
    if allotted > length:
        found.append(
            Finding(
                "minutes_exceed",
                ngettext(
                    "%(item)s: %(allotted)d minutes are allotted in an item of %(length)d minute.",
                    "%(item)s: %(allotted)d minutes are allotted in an item of %(length)d minutes.",
                    length,
                )
                % {"item": label, "length": length, "allotted": allotted},
                items=[item["id"]],
            )
        )
    missing = sorted(conference_languages - set(item["interpretation"]))
    if missing and item["type"] != Item.Type.BREAK:
        found.append(
            Finding(
                "no_interpretation",
                _("%(item)s has no interpretation into: %(languages)s.")
                % {"item": label, "languages": ", ".join(missing)},
                items=[item["id"]],
            )
        )
    for role in item["roles"]:
        if role["person"] is None:
            note = localized(role["note"], language)
            found.append(
                Finding(
                    "role_to_be_determined",
                    _("%(item)s: the %(role)s is still to be determined%(note)s.")
                    % {
                        "item": label,
                        "role": Role.Kind(role["kind"]).label.lower(),
                        "note": f" ({note})" if note else "",
                    },
                    items=[item["id"]],
                )
            )
    if item["type"] in PANEL_TYPES:
        panel = [
            people[role["person"]]
            for role in item["roles"]
            if role["kind"] in PANEL_ROLES and role["person"] in people
        ]
        if (
            panel
            and item["type"] == Item.Type.ROUND_TABLE
            and not any(person["sector"] == Sector.STAKEHOLDER for person in panel)
        ):
            found.append(
                Finding(
                    "no_non_state",
                    _("%(item)s: no panellist speaks for a non-state stakeholder.")
                    % {"item": label},
                    items=[item["id"]],
                )
            )
        recorded = [person for person in panel if person["gender"]]
        if recorded and not any(person["gender"] == "female" for person in recorded):
            found.append(
                Finding(
                    "panel_no_woman",
                    _("%(item)s: no woman on the panel.") % {"item": label},
                    items=[item["id"]],
                )
            )
    return found


def _cluster_findings(
    round_tables: list[tuple[str, dict[str, Any]]], language: str
) -> list[Finding]:
    if not round_tables:
        return []
    found: list[Finding] = []
    reviewed_by: dict[int, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for date, item in round_tables:
        for number in item["objectives"]:
            reviewed_by[number].append((date, item))
    uncovered = [number for number in range(1, 24) if number not in reviewed_by]
    if uncovered:
        found.append(
            Finding(
                "objective_uncovered",
                ngettext(
                    "No round table reviews objective %(numbers)s.",
                    "No round table reviews objectives %(numbers)s.",
                    len(uncovered),
                )
                % {"numbers": ", ".join(str(n) for n in uncovered)},
            )
        )
    for number, where in sorted(reviewed_by.items()):
        if len(where) > 1:
            found.append(
                Finding(
                    "objective_twice",
                    _("Objective %(number)d is reviewed by %(items)s.")
                    % {
                        "number": number,
                        "items": "; ".join(_label(item, date, language) for date, item in where),
                    },
                    items=[item["id"] for _date, item in where],
                )
            )
    return found


def blocking(findings: list[Finding], blocking_codes: list[str]) -> list[Finding]:
    return [finding for finding in findings if finding.code in blocking_codes]
