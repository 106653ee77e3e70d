"""The demo conference is the concept note's programme (seed 003, section C), exactly."""

import datetime
import re
from typing import Any

import pytest
from django.core.management import call_command

from hiwar.accounts import demo as accounts_demo
from hiwar.accounts.models import User
from hiwar.conference import checks, selectors
from hiwar.conference.demo import seed_conference
from hiwar.conference.models import Conference, Day, Item, Person, ProgrammeVersion, Role
from hiwar.framework.models import Cluster
from hiwar.reviews.models import ReviewCycle

pytestmark = pytest.mark.django_db

D1, D2 = "2021-02-24", "2021-02-25"

PROGRAMME = [
    (D1, "09:30", "10:00", "registration", "Registration"),
    (D1, "10:00", "11:00", "opening", "Opening session"),
    (
        D1,
        "11:00",
        "11:15",
        "scene_setting",
        "Scene setting and regional synthesis of the voluntary GCM review reports by Member States",
    ),
    (D1, "11:15", "12:15", "plenary", "Plenary Session 1: Voluntary reporting by Member States"),
    (D1, "12:15", "13:00", "break", "Break"),
    (
        D1,
        "13:00",
        "14:00",
        "plenary",
        "Plenary Session 2: Voluntary reporting by Member States (Cont'd)",
    ),
    (D1, "14:00", "14:10", "break", "Break"),
    (
        D1,
        "14:10",
        "14:20",
        "multi_stakeholder_plenary",
        "Plenary Session 3: Multi-stakeholder inputs to the GCM regional review",
    ),
    (
        D1,
        "14:20",
        "14:50",
        "plenary",
        "Plenary Session 4: Cross-thematic issues in line with the GCM Guiding Principles",
    ),
    (
        D1,
        "14:50",
        "15:55",
        "round_table",
        "Round Table 1: Review of GCM objectives 2, 5, 6, 12 and 18",
    ),
    (D1, "15:55", "16:00", "summary", "Summary of DAY 1"),
    (D2, "10:00", "10:05", "summary", "Recap of DAY 1"),
    (
        D2,
        "10:05",
        "11:20",
        "round_table",
        "Round Table 2: Review of GCM objectives 4, 8, 9, 10, 11, 13 and 21",
    ),
    (D2, "11:20", "11:30", "break", "Break"),
    (
        D2,
        "11:30",
        "12:45",
        "round_table",
        "Round Table 3: Review of GCM objectives 14, 15, 16, 19, 20 and 22",
    ),
    (D2, "12:45", "13:30", "break", "Break"),
    (
        D2,
        "13:30",
        "14:45",
        "round_table",
        "Round Table 4: Review of GCM objectives 1, 3, 7, 17 and 23",
    ),
    (D2, "14:45", "14:55", "break", "Break"),
    (
        D2,
        "14:55",
        "15:35",
        "plenary",
        "Plenary Session 5: Means of Implementation and Capacity Building",
    ),
    (D2, "15:35", "15:45", "key_messages", "Presentation of Key Messages"),
    (D2, "15:45", "16:00", "closing", "Closing session"),
]

# title prefix: (minutes of each role in protocol order, discussion minutes)
MINUTES = {
    "Opening session": ([0, 0, 0, 0, 0, 0], 0),
    "Plenary Session 1": ([5, 5, 5, 5, 5, 5, 0], 30),
    "Plenary Session 2": ([5, 5, 5, 5, 5, 5, 0], 30),
    "Plenary Session 3": ([0], 0),
    "Plenary Session 4": ([5, 5, 0], 20),
    "Round Table 1": ([5, 5, 5, 0], 50),
    "Round Table 2": ([5, 5, 5, 0], 60),
    "Round Table 3": ([5, 5, 5, 0], 60),
    "Round Table 4": ([5, 5, 5, 0], 60),
    "Plenary Session 5": ([5, 5, 5, 0], 25),
    "Presentation of Key Messages": ([], 0),
    "Closing session": ([0, 0, 0], 0),
}

ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture
def demo(cycle: ReviewCycle) -> Conference:
    accounts_demo.seed_organizations()
    conference, created = seed_conference(cycle)
    assert created
    return conference


@pytest.fixture
def data(demo: Conference) -> dict[str, Any]:
    return selectors.programme_data(demo)


def items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for day in data["days"] for item in day["items"]]


def item_titled(data: dict[str, Any], prefix: str) -> dict[str, Any]:
    (item,) = [item for item in items(data) if item["title"]["en"].startswith(prefix)]
    return item


def speakers(data: dict[str, Any], prefix: str) -> list[tuple[str, str]]:
    """(kind, English name or note) of an item's roles, in protocol order."""
    people = {person["id"]: person for person in data["people"]}
    return [
        (
            role["kind"],
            people[role["person"]]["name"]["en"] if role["person"] else role["note"]["en"],
        )
        for role in item_titled(data, prefix)["roles"]
    ]


def test_the_conference_is_the_notes(demo: Conference, cycle: ReviewCycle) -> None:
    assert demo.slug == "arab-rrc-2021"
    assert demo.cycle == cycle
    assert demo.title_en == (
        "Regional Review Conference of the Global Compact for Safe, Orderly and Regular "
        "Migration in the Arab Region"
    )
    assert "Pacte mondial pour des migrations sûres, ordonnées et régulières" in demo.title_fr
    assert demo.title_ar == (
        "مؤتمر الاستعراض الإقليمي للاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية "
        "في المنطقة العربية"
    )
    assert demo.venue_en == "Online, with simultaneous interpretation"
    assert demo.venue_fr and demo.venue_ar
    assert (demo.starts_on, demo.ends_on) == (
        datetime.date(2021, 2, 24),
        datetime.date(2021, 2, 25),
    )
    assert demo.time_zone == "Asia/Beirut"
    assert demo.languages == ["ar", "en", "fr"]
    assert demo.capacity == 300
    assert demo.registration_open


def test_every_item_of_both_days_is_the_notes(data: dict[str, Any]) -> None:
    assert [
        (day["date"], item["starts_at"], item["ends_at"], item["type"], item["title"]["en"])
        for day in data["days"]
        for item in day["items"]
    ] == PROGRAMME


def test_descriptions_are_the_notes_paragraphs(data: dict[str, Any]) -> None:
    assert item_titled(data, "Opening session")["description"]["en"] == (
        "Order of speakers to be determined later according to protocol."
    )
    assert item_titled(data, "Plenary Session 1")["description"]["en"].endswith(
        "are encouraged to present the key findings from their review."
    )
    assert item_titled(data, "Plenary Session 2")["description"]["en"].endswith(
        "are encouraged to present the key findings and messages from their review."
    )
    assert item_titled(data, "Round Table 3")["description"]["en"] == (
        "The third roundtable will focus on reviewing the progress in implementing GCM objectives "
        "14, 15, 16, 19, 20 and 22. Participants will reflect on challenges, good practices, "
        "lessons learnt and discuss potential solutions to the obstacles hindering the "
        "achievement of those objectives."
    )
    assert item_titled(data, "Presentation of Key Messages")["description"]["en"].endswith(
        "which will be submitted to the first IMRF held in 2022."
    )
    described = {
        item["title"]["en"].split(":")[0] for item in items(data) if item["description"]["en"]
    }
    assert described == {
        "Opening session",
        "Scene setting and regional synthesis of the voluntary GCM review reports by Member States",
        "Plenary Session 1",
        "Plenary Session 2",
        "Plenary Session 4",
        "Round Table 1",
        "Round Table 2",
        "Round Table 3",
        "Round Table 4",
        "Plenary Session 5",
        "Presentation of Key Messages",
    }


def test_every_text_is_in_arabic_english_and_french(data: dict[str, Any]) -> None:
    texts = [data["conference"]["title"], data["conference"]["venue"]]
    for item in items(data):
        texts.append(item["title"])
        if item["description"]["en"]:
            texts.append(item["description"])
        texts.extend(role["note"] for role in item["roles"] if role["note"]["en"])
    for person in data["people"]:
        texts.append(person["name"])
        if person["function"]["en"]:
            texts.append(person["function"])
    for text in texts:
        assert all(text[language] for language in ("ar", "en", "fr")), text
        assert ARABIC.search(text["ar"]), text
        assert not ARABIC.search(text["en"] + text["fr"]), text
    round_table = item_titled(data, "Round Table 1")["title"]
    assert round_table["ar"] == "المائدة المستديرة 1: استعراض أهداف الاتفاق العالمي 2 و5 و6 و12 و18"
    assert (
        round_table["fr"]
        == "Table ronde 1 : examen des objectifs 2, 5, 6, 12 et 18 du Pacte mondial"
    )


@pytest.mark.parametrize(
    ("number", "objectives"),
    [
        (1, [2, 5, 6, 12, 18]),
        (2, [4, 8, 9, 10, 11, 13, 21]),
        (3, [14, 15, 16, 19, 20, 22]),
        (4, [1, 3, 7, 17, 23]),
    ],
)
def test_each_round_table_reviews_its_cluster(
    data: dict[str, Any], number: int, objectives: list[int]
) -> None:
    item = item_titled(data, f"Round Table {number}")
    assert item["cluster"]["code"] == f"RT{number}"
    assert item["objectives"] == objectives
    cluster = Cluster.objects.get(code=f"RT{number}")
    assert sorted(cluster.objectives.values_list("number", flat=True)) == objectives


def test_only_round_tables_review_objectives(data: dict[str, Any]) -> None:
    assert {
        item["title"]["en"][:13] for item in items(data) if item["objectives"] or item["cluster"]
    } == {"Round Table 1", "Round Table 2", "Round Table 3", "Round Table 4"}


def test_minutes_are_the_notes_and_fit_every_item(data: dict[str, Any]) -> None:
    for prefix, (role_minutes, discussion) in MINUTES.items():
        item = item_titled(data, prefix)
        assert [role["minutes"] for role in item["roles"]] == role_minutes, prefix
        assert item["discussion_minutes"] == discussion, prefix
    for item in items(data):
        length = checks.minutes(item["ends_at"]) - checks.minutes(item["starts_at"])
        allotted = sum(role["minutes"] for role in item["roles"]) + item["discussion_minutes"]
        assert allotted <= length, item["title"]["en"]
    # The note's minutes fill the round tables and Plenary Sessions 1, 2, 4 and 5 exactly.
    for prefix in ["Plenary Session 1", "Plenary Session 4", "Round Table 2", "Plenary Session 5"]:
        item = item_titled(data, prefix)
        length = checks.minutes(item["ends_at"]) - checks.minutes(item["starts_at"])
        assert sum(r["minutes"] for r in item["roles"]) + item["discussion_minutes"] == length


def test_roles_follow_the_notes_order(data: dict[str, Any]) -> None:
    heads = [
        ("speaker", "Director General of the International Organization for Migration"),
        ("speaker", "Executive Secretary of the UN ESCWA"),
        ("speaker", "Secretary General of the League of Arab States"),
    ]
    assert speakers(data, "Opening session") == [
        *heads,
        ("speaker", "Representative of the government/champion country"),
        ("speaker", "Representative of the migrant community"),
        ("speaker", "Representative of civil society"),
    ]
    assert speakers(data, "Closing session") == heads
    chair = ("chair", "Representative of a Member State, to be determined")
    assert speakers(data, "Plenary Session 1") == [
        *[("speaker", f"Representative of Member State {letter}") for letter in "ABCDEF"],
        chair,
    ]
    assert speakers(data, "Plenary Session 2") == [
        *[("speaker", f"Representative of Member State {letter}") for letter in "GHIJKL"],
        chair,
    ]
    assert speakers(data, "Plenary Session 3") == [("speaker", "Representative of civil society")]
    assert speakers(data, "Plenary Session 4") == [
        ("panellist", "UN Special Rapporteur on the human rights of migrants"),
        (
            "panellist",
            "Representative from the thematic pre-consultation on migrant women, children "
            "and youth",
        ),
        ("moderator", ""),
    ]
    assert speakers(data, "Round Table 1") == [
        ("panellist", "Representative of a Member State (Round table 1)"),
        ("panellist", "Representative of Trade Unions"),
        ("panellist", "Representative of the private sector"),
        ("moderator", ""),
    ]
    assert speakers(data, "Plenary Session 5") == [
        ("panellist", "Representative of a Member State (Plenary Session 5)"),
        (
            "panellist",
            "Representative of the UN Network on Migration Secretariat on Capacity Building "
            "Mechanism",
        ),
        ("panellist", "Representative of Academia"),
        ("moderator", ""),
    ]
    for item in items(data):
        assert [role["position"] for role in item["roles"]] == list(
            range(1, len(item["roles"]) + 1)
        )


def test_the_same_heads_open_and_close(demo: Conference) -> None:
    opening = Item.objects.get(day__conference=demo, type=Item.Type.OPENING)
    closing = Item.objects.get(day__conference=demo, type=Item.Type.CLOSING)
    plenary_3 = Item.objects.get(day__conference=demo, type=Item.Type.MULTI_STAKEHOLDER_PLENARY)
    opening_people = [role.person for role in opening.roles.order_by("position")]
    assert [role.person for role in closing.roles.order_by("position")] == opening_people[:3]
    # The civil-society rapporteur opens and presents the consultation's inputs: one person.
    assert plenary_3.roles.get().person == opening_people[5]
    organizations = [
        person.organization and person.organization.acronym for person in opening_people[:3]
    ]
    assert organizations == ["IOM", "ESCWA", "LAS"]


def test_people_speak_for_the_notes_sectors_and_categories(demo: Conference) -> None:
    people = Person.objects.filter(conference=demo)
    assert people.count() == 35
    assert not people.exclude(country=None).exists()
    assert not people.exclude(gender="").exists()
    by_sector = {
        sector: people.filter(sector=sector).count()
        for sector in ("member_state", "un_system", "intergovernmental", "stakeholder")
    }
    # Member States A-L, the champion country, one per round table and one in Plenary 5.
    assert by_sector == {
        "member_state": 18,
        "un_system": 4,
        "intergovernmental": 1,
        "stakeholder": 12,
    }
    categories = sorted(
        people.filter(sector="stakeholder").values_list("category__code", flat=True)
    )
    assert categories == sorted(
        [
            "migrants",
            "civil_society",
            "civil_society",
            "trade_unions",
            "private_sector",
            "faith_based",
            "red_cross_red_crescent",
            "local_authorities",
            "migrant_diaspora",
            "nhri",
            "media",
            "academia",
        ]
    )
    assert Person.objects.get(
        conference=demo, name_en="Representative of Member State L"
    ).name_ar == ("ممثل الدولة العضو (ل)")


def test_interpretation_into_the_three_languages_except_in_breaks(data: dict[str, Any]) -> None:
    for item in items(data):
        expected = [] if item["type"] == "break" else ["ar", "en", "fr"]
        assert item["interpretation"] == expected, item["title"]["en"]


def test_checks_report_only_the_chairs_and_moderators_the_note_leaves_open(
    data: dict[str, Any],
) -> None:
    findings = checks.run_checks(data, "en")
    assert {finding.code for finding in findings} == {"role_to_be_determined"}
    assert len(findings) == 8
    titles = {item["id"]: item["title"]["en"].split(":")[0] for item in items(data)}
    assert sorted(titles[finding.items[0]] for finding in findings) == [
        "Plenary Session 1",
        "Plenary Session 2",
        "Plenary Session 4",
        "Plenary Session 5",
        "Round Table 1",
        "Round Table 2",
        "Round Table 3",
        "Round Table 4",
    ]
    assert (
        "the chair is still to be determined (Representative of a Member State, to be determined)"
        in findings[0].message
    )


def test_the_programme_is_published_as_version_1(demo: Conference, data: dict[str, Any]) -> None:
    version = ProgrammeVersion.objects.get(conference=demo)
    assert version.number == 1
    assert version.published_by is None  # no demo accounts in this test
    assert {**version.snapshot, "version": None, "published_at": None} == data


def test_seeding_twice_duplicates_nothing(demo: Conference, cycle: ReviewCycle) -> None:
    models = (Conference, Day, Item, Person, Role, ProgrammeVersion)
    before = {model: model.objects.count() for model in models}
    conference, created = seed_conference(cycle)
    assert (conference, created) == (demo, False)
    assert {model: model.objects.count() for model in models} == before


def test_seed_demo_publishes_the_conference_as_the_demo_secretariat(capsys: Any) -> None:
    call_command("seed_demo")
    assert "Demo conference: arab-rrc-2021" in capsys.readouterr().out
    conference = Conference.objects.get(slug="arab-rrc-2021")
    assert conference.cycle.slug == "arab-region-2020-2021"
    version = conference.versions.get()
    assert version.published_by == User.objects.get(email="secretariat@example.org")
    call_command("seed_demo")
    assert conference.versions.count() == 1
    assert Item.objects.filter(day__conference=conference).count() == len(PROGRAMME)


def test_demo_registrations_are_seeded_once(cycle: Any) -> None:
    from hiwar.conference.demo import seed_registrations

    accounts_demo.seed_organizations()
    accounts_demo.seed_accounts()
    conference, _created = seed_conference(cycle)
    assert seed_registrations(conference) == 4
    assert seed_registrations(conference) == 0
    member = conference.registrations.get(email="org.member@example.org")
    assert member.user is not None and member.category.code == "trade_unions"
    assert (
        conference.registrations.filter(nominated_by__email="focalpoint.jo@example.org").count()
        == 2
    )
