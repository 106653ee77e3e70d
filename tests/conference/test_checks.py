"""The programme checks, on programmes built through the services."""

import pytest

from hiwar.conference import checks, selectors
from hiwar.conference.models import Conference, Day, Item, Role
from hiwar.framework.models import Cluster, Objective, StakeholderCategory
from tests.conference.conftest import add_item, add_person, add_role, t


def codes(conference: Conference) -> list[str]:
    return [f.code for f in checks.run_checks(selectors.programme_data(conference), "en")]


def findings(conference: Conference, code: str) -> list[checks.Finding]:
    return [
        f for f in checks.run_checks(selectors.programme_data(conference), "en") if f.code == code
    ]


# (first item, second item, overlap?) for every shape of two intervals.
SHAPES = {
    "exact": ((10, 0, 11, 0), (10, 0, 11, 0), True),
    "shared start": ((10, 0, 11, 0), (10, 0, 10, 30), True),
    "shared end": ((10, 0, 11, 0), (10, 30, 11, 0), True),
    "contained": ((10, 0, 12, 0), (10, 30, 11, 0), True),
    "partial before": ((10, 30, 11, 30), (10, 0, 11, 0), True),
    "partial after": ((10, 0, 11, 0), (10, 30, 11, 30), True),
    "adjacent": ((10, 0, 11, 0), (11, 0, 12, 0), False),
    "apart": ((10, 0, 11, 0), (11, 15, 12, 0), False),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_person_booked_in_two_items_is_found_for_every_overlap_shape(
    conference: Conference, day1: Day, shape: str
) -> None:
    (h1, m1, h2, m2), (h3, m3, h4, m4), overlapping = SHAPES[shape]
    first = add_item(day1, t(h1, m1), t(h2, m2), title="First")
    second = add_item(day1, t(h3, m3), t(h4, m4), title="Second")
    minister = add_person(conference, "Minister Amal Haddad")
    add_role(first, minister, Role.Kind.SPEAKER)
    add_role(second, minister, Role.Kind.CHAIR)

    booked = findings(conference, "person_double_booked")
    overlaps = findings(conference, "item_overlap")
    if overlapping:
        assert len(booked) == 1 and len(overlaps) == 1
        assert booked[0].people == [minister.pk]
        assert sorted(booked[0].items) == sorted([first.pk, second.pk])
        assert "Minister Amal Haddad" in booked[0].message
        assert booked[0].level == checks.Level.HIGH
    else:
        assert booked == [] and overlaps == []


def test_the_same_times_on_different_days_do_not_overlap(
    conference: Conference, day1: Day, day2: Day
) -> None:
    person = add_person(conference, "Speaker")
    add_role(add_item(day1, t(10), t(11)), person)
    add_role(add_item(day2, t(10), t(11)), person)
    assert "item_overlap" not in codes(conference)
    assert "person_double_booked" not in codes(conference)


def test_allotted_minutes_beyond_the_item_are_reported(conference: Conference, day1: Day) -> None:
    item = add_item(day1, t(10), t(10, 30), discussion_minutes=20)
    add_role(item, add_person(conference, "A"), minutes=5)
    assert "minutes_exceed" not in codes(conference)  # 25 of 30
    add_role(item, add_person(conference, "B"), minutes=10)
    [finding] = findings(conference, "minutes_exceed")
    assert "35 minutes are allotted in an item of 30 minutes." in finding.message


def test_a_gap_in_a_day_is_reported_with_its_length(conference: Conference, day1: Day) -> None:
    add_item(day1, t(9), t(10))
    add_item(day1, t(10), t(11))
    assert "day_gap" not in codes(conference)
    add_item(day1, t(11, 15), t(12), title="Late start")
    [finding] = findings(conference, "day_gap")
    assert finding.message.startswith("15 minutes")
    assert finding.level == checks.Level.LOW


def test_a_contained_item_does_not_hide_a_later_gap(conference: Conference, day1: Day) -> None:
    add_item(day1, t(9), t(12), title="Long")
    add_item(day1, t(10), t(11), title="Inside")
    add_item(day1, t(12), t(13), title="After")
    assert "day_gap" not in codes(conference)


def test_items_without_interpretation_into_every_conference_language(
    conference: Conference, day1: Day
) -> None:
    add_item(day1, t(10), t(11), interpretation=["ar", "en"], title="No French")
    add_item(day1, t(11), t(11, 15), type=Item.Type.BREAK, interpretation=[], title="Coffee")
    [finding] = findings(conference, "no_interpretation")
    assert "No French" in finding.message and finding.message.endswith("fr.")


def round_tables(day: Day, numbers: list[int]) -> list[Item]:
    made = []
    for hour, number in zip(range(9, 9 + len(numbers)), numbers, strict=True):
        made.append(
            add_item(
                day,
                t(hour),
                t(hour + 1),
                type=Item.Type.ROUND_TABLE,
                title=f"Round table {number}",
                cluster=Cluster.objects.get(number=number),
                objectives=[],
            )
        )
    return made


def test_round_tables_default_to_their_cluster_and_cover_all_objectives(
    conference: Conference, day1: Day
) -> None:
    tables = round_tables(day1, [1, 2, 3, 4])
    assert sorted(tables[0].objectives.values_list("number", flat=True)) == [2, 5, 6, 12, 18]
    assert "objective_uncovered" not in codes(conference)
    assert "objective_twice" not in codes(conference)


def test_round_tables_leaving_objectives_uncovered_or_covered_twice(
    conference: Conference, day1: Day
) -> None:
    tables = round_tables(day1, [1, 2, 3])
    [uncovered] = findings(conference, "objective_uncovered")
    assert uncovered.message == "No round table reviews objectives 1, 3, 7, 17, 23."
    tables[2].objectives.add(Objective.objects.get(number=5))
    [twice] = findings(conference, "objective_twice")
    assert twice.message.startswith("Objective 5 is reviewed by")
    assert sorted(twice.items) == sorted([tables[0].pk, tables[2].pk])


def test_no_round_table_means_no_cluster_warning(conference: Conference, day1: Day) -> None:
    add_item(day1, t(10), t(11))
    assert "objective_uncovered" not in codes(conference)


def test_a_round_table_panel_needs_a_non_state_stakeholder(
    conference: Conference, day1: Day
) -> None:
    [table] = round_tables(day1, [1])
    add_role(table, add_person(conference, "Member State"), Role.Kind.PANELLIST, 5)
    add_role(table, add_person(conference, "UN agency", sector="un_system"), Role.Kind.PANELLIST, 5)
    [finding] = findings(conference, "no_non_state")
    assert finding.items == [table.pk]
    unions = StakeholderCategory.objects.get(code="trade_unions")
    add_role(
        table,
        add_person(conference, "Trade unions", sector="stakeholder", category=unions),
        Role.Kind.PANELLIST,
        5,
    )
    assert "no_non_state" not in codes(conference)


def test_a_panel_without_a_woman_only_when_gender_is_recorded(
    conference: Conference, day1: Day
) -> None:
    panel = add_item(day1, t(10), t(11), type=Item.Type.PANEL)
    add_role(panel, add_person(conference, "Not recorded"), Role.Kind.PANELLIST)
    assert "panel_no_woman" not in codes(conference)
    add_role(panel, add_person(conference, "Karim", gender="male"), Role.Kind.PANELLIST)
    assert "panel_no_woman" in codes(conference)
    add_role(panel, add_person(conference, "Salma", gender="female"), Role.Kind.PANELLIST)
    assert "panel_no_woman" not in codes(conference)


def test_roles_to_be_determined_are_notes(conference: Conference, day1: Day) -> None:
    item = add_item(day1, t(10), t(11))
    add_role(item, None, Role.Kind.MODERATOR)
    [finding] = findings(conference, "role_to_be_determined")
    assert "the moderator is still to be determined" in finding.message
    assert finding.level == checks.Level.LOW


def test_findings_are_sorted_most_serious_first_and_translated(
    conference: Conference, day1: Day
) -> None:
    item = add_item(day1, t(10), t(10, 30), interpretation=["en"])
    add_role(item, None, Role.Kind.CHAIR, minutes=40)
    found = checks.run_checks(selectors.programme_data(conference), "fr")
    assert [f.level for f in found] == ["high", "medium", "low"]
    from django.utils import translation

    with translation.override("ar"):
        arabic = checks.run_checks(selectors.programme_data(conference), "ar")
    assert "(ar)" in arabic[0].message  # the Arabic title is used
