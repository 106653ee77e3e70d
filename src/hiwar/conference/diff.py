"""What changed between two programmes (dicts of `selectors.programme_data`).

Items are matched by id. An item's change lists the fields that differ (time, day, type, title,
description, objectives, discussion, interpretation, roles); the people affected are everyone
with a role in a changed, added or removed item, in either version, plus anyone whose own
details changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ITEM_FIELDS = (
    "date",
    "starts_at",
    "ends_at",
    "type",
    "title",
    "description",
    "cluster",
    "objectives",
    "discussion_minutes",
    "interpretation",
    "roles",
)


@dataclass
class ItemChange:
    kind: str  # "added", "removed" or "changed"
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    fields: list[str] = field(default_factory=list)

    @property
    def item(self) -> dict[str, Any]:
        item = self.after or self.before
        assert item is not None
        return item


@dataclass
class ProgrammeDiff:
    items: list[ItemChange]
    people: list[int]  # ids of people whose details changed
    affected_people: list[int]

    def __bool__(self) -> bool:
        return bool(self.items or self.people)


def _items(programme: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {
        item["id"]: {**item, "date": day["date"]}
        for day in programme["days"]
        for item in day["items"]
    }


def _roles(item: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (r["kind"], r["person"], r["minutes"], r["position"], sorted(r["note"].items()))
        for r in item["roles"]
    ]


def _people_in(item: dict[str, Any] | None) -> set[int]:
    return {r["person"] for r in (item or {}).get("roles", []) if r["person"]}


def diff(before: dict[str, Any], after: dict[str, Any]) -> ProgrammeDiff:
    old, new = _items(before), _items(after)
    changes: list[ItemChange] = []
    for item_id, item in new.items():
        if item_id not in old:
            changes.append(ItemChange("added", None, item))
            continue
        previous = old[item_id]
        fields = [
            name
            for name in ITEM_FIELDS
            if (
                _roles(previous) != _roles(item)
                if name == "roles"
                else previous.get(name) != item.get(name)
            )
        ]
        if fields:
            changes.append(ItemChange("changed", previous, item, fields))
    changes.extend(ItemChange("removed", item, None) for i, item in old.items() if i not in new)
    changes.sort(key=lambda c: (c.item["date"], c.item["starts_at"], c.item["id"]))

    old_people = {p["id"]: p for p in before["people"]}
    changed_people = sorted(
        p["id"] for p in after["people"] if p["id"] in old_people and old_people[p["id"]] != p
    )
    affected = set(changed_people)
    for change in changes:
        affected |= _people_in(change.before) | _people_in(change.after)
    return ProgrammeDiff(changes, changed_people, sorted(affected))
