"""The balance dashboard: who attended and who spoke, by sector and para 44 category, country,
gender and age group, and the four engagement indicators, on a fixture whose figures are worked
out by hand below; the page (charts with their tables, definitions, right-to-left), the CSV, the
permissions and a constant number of queries."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hiwar.dialogues import indicators
from hiwar.dialogues.models import Dialogue, Participant
from hiwar.dialogues.services import interventions as services
from hiwar.dialogues.views.balance import PAD, WIDTH, bar_chart
from hiwar.framework.models import Country, StakeholderCategory
from tests.dialogues.conftest import BEIRUT
from tests.dialogues.test_interventions import record

pytestmark = pytest.mark.django_db


def add_participant(
    dialogue: Dialogue,
    name: str,
    sector: str = "stakeholder",
    category: str | None = None,
    country: str | None = None,
    gender: str = "",
    age_group: str = "",
    attended: bool = True,
) -> Participant:
    return Participant.objects.create(
        dialogue=dialogue,
        full_name=name,
        sector=sector,
        category=StakeholderCategory.objects.get(code=category) if category else None,
        country=Country.objects.get(iso2=country) if country else None,
        gender=gender,
        age_group=age_group,
        attended=attended,
        source=Participant.Source.MANUAL,
    )


def category(code: str) -> StakeholderCategory:
    return StakeholderCategory.objects.get(code=code)


def country(iso2: str) -> Country:
    return Country.objects.get(iso2=iso2)


@pytest.fixture
def known(dialogue: Dialogue, rapporteur: Any) -> Dialogue:
    """Ten participants, seven attended; six interventions by four speakers.

    Participants (sector or category, country, gender, age group; * = attended):
      * Amal    civil society      JO  woman  25-64
      * Badr    civil society      JO  man    18-24
      * Chadia  migrants           MA  woman  18-24
      * Dina    trade unions       LB  woman  -
      * Elias   Member State       JO  man    25-64
      * Fatima  UN system          -   -      -
      * Ghassan intergovernmental  MA  -      65+
        Hala    academia           EG  woman  25-64   (registered, absent)
        Idris   migrants           MA  man    -       (registered, absent)
        Jamal   Member State       MA  man    -       (registered, absent)

    Interventions (published, minutes, question):
      I1 Amal                                      published  5   question, answered
      I2 Amal                                      published  3   -
      I3 Elias                                     published  10  -
      I4 typed: diaspora org., MA, "Diaspora Network", anonymous
                                                   hidden     -   question, open
      I5 typed: diaspora org., MA, "diaspora network " (the same organization)
                                                   published  2   question, answered
      I6 Dina                                      hidden     -   question, open

    By hand:
      registered 10, attended 7; speakers 4 (Amal, Elias, Dina, the Diaspora Network).
      Transparency: 4 of 6 interventions published = 67 %.
      Inclusivity: categories attended = civil society, migrants, trade unions = 3 of 14;
        spoke = civil society, diaspora, trade unions = 3 of 14.
      Diversity: countries attended = JO, MA, LB = 3 (Fatima has none);
        gender recorded for 5 of 7 (Amal, Badr, Chadia, Dina, Elias), women 3 = 60 %.
      Meaningful participation: stakeholders made I1 I2 I4 I5 I6 = 5 of 6 = 83 %;
        minutes recorded for 4 of 6 (I1 I2 I3 I5) = 20, stakeholders 5 + 3 + 2 = 10 = 50 %;
        stakeholders' questions I1 I4 I5 I6, answered I1 I5 = 2 of 4 = 50 %.
      Attended by sector: Member State 1, UN 1, intergovernmental 1, civil society 2,
        migrants 1, trade unions 1. Spoke: Member State 1, civil society 1, diaspora 1,
        trade unions 1.
      By country: attended JO 3, MA 2, LB 1, not recorded 1; spoke JO 2, MA 1, LB 1.
      By gender: attended woman 3, man 2, not recorded 2; spoke woman 2 (Amal, Dina),
        man 1 (Elias), not recorded 1 (the typed speaker).
      By age: attended 18-24 2, 25-64 2, 65+ 1, not recorded 2; spoke 25-64 2 (Amal, Elias),
        not recorded 2 (Dina, the typed speaker).
    """
    add = add_participant
    p = {
        "amal": add(dialogue, "Amal", "stakeholder", "civil_society", "JO", "female", "25_64"),
        "badr": add(dialogue, "Badr", "stakeholder", "civil_society", "JO", "male", "18_24"),
        "chadia": add(dialogue, "Chadia", "stakeholder", "migrants", "MA", "female", "18_24"),
        "dina": add(dialogue, "Dina", "stakeholder", "trade_unions", "LB", "female"),
        "elias": add(dialogue, "Elias", "member_state", None, "JO", "male", "25_64"),
        "fatima": add(dialogue, "Fatima", "un_system"),
        "ghassan": add(dialogue, "Ghassan", "intergovernmental", None, "MA", "", "65_plus"),
    }  # fmt: skip
    add_participant(dialogue, "Hala", "stakeholder", "academia", "EG", "female", "25_64", False)
    add_participant(dialogue, "Idris", "stakeholder", "migrants", "MA", "male", attended=False)
    add_participant(dialogue, "Jamal", "member_state", None, "MA", "male", attended=False)

    i1 = record(dialogue, rapporteur, participant=p["amal"], minutes=5, raises_question=True)
    services.answer_question(intervention=i1, by=rapporteur, response="Yes, in March.")
    record(dialogue, rapporteur, participant=p["amal"], minutes=3)
    record(dialogue, rapporteur, participant=p["elias"], minutes=10)
    diaspora = {"sector": "stakeholder", "category": category("migrant_diaspora")}
    record(
        dialogue,
        rapporteur,
        **diaspora,
        country=country("MA"),
        organization_name="Diaspora Network",
        anonymous=True,
        published=False,
        raises_question=True,
    )
    record(
        dialogue,
        rapporteur,
        **diaspora,
        country=country("MA"),
        organization_name="diaspora network ",
        minutes=2,
        raises_question=True,
        response="We will write to you.",
    )
    record(dialogue, rapporteur, participant=p["dina"], published=False, raises_question=True)
    return dialogue


@pytest.fixture
def second(cycle: Any, rapporteur: Any) -> Dialogue:
    """3 November 2020: two attendees (Kamila, academia, TN, woman; Lina, civil society, JO,
    woman) and one intervention typed for a Tunisian Member State delegate (published, 4 min).

    With `known`, the cycle has: attended 7 + 2 = 9; speakers 4 + 1 = 5; interventions 7, of
    which 5 published (71 %); categories attended civil society, migrants, trade unions,
    academia = 4, spoke 3; countries JO, MA, LB, TN = 4; women 3 + 2 = 5 of the 7 with their
    gender recorded (71 %); stakeholders' interventions 5 of 7 (71 %); minutes 10 of 24 (42 %).
    """
    dialogue = Dialogue.objects.create(
        cycle=cycle,
        slug="dialogue-2",
        title_en="Multi-stakeholder dialogue II",
        starts_at=datetime.datetime(2020, 11, 3, 10, 0, tzinfo=BEIRUT),
        ends_at=datetime.datetime(2020, 11, 3, 13, 0, tzinfo=BEIRUT),
        languages=["ar", "en", "fr"],
    )
    add_participant(dialogue, "Kamila", "stakeholder", "academia", "TN", "female")
    add_participant(dialogue, "Lina", "stakeholder", "civil_society", "JO", "female")
    record(dialogue, rapporteur, sector="member_state", country=country("TN"), minutes=4)
    return dialogue


def rows(balance: indicators.Balance, key: str) -> dict[str, tuple[int, int]]:
    """The non-empty rows of a breakdown: {row key: (attended, spoke)}."""
    return {
        row.key: (row.attended, row.spoke)
        for row in balance.breakdown(key).rows
        if row.attended or row.spoke
    }


# --- The figures ----------------------------------------------------------------------------


def test_the_indicators_of_a_dialogue(known):
    balance = indicators.balance_of_dialogue(known)
    assert (balance.registered, balance.attended, balance.speakers, balance.interventions) == (
        10,
        7,
        4,
        6,
    )
    assert balance.transparency == indicators.Transparency(published=indicators.Share(4, 6))
    assert balance.transparency.published.percent == 67
    assert balance.inclusivity == indicators.Inclusivity(attended=3, spoke=3, categories=14)
    assert balance.diversity == indicators.Diversity(
        countries=3, women=indicators.Share(3, 5), attended=7
    )
    assert balance.diversity.women.percent == 60
    assert balance.meaningful == indicators.MeaningfulParticipation(
        interventions=indicators.Share(5, 6),
        minutes=indicators.Share(10, 20),
        timed=indicators.Share(4, 6),
        questions_answered=indicators.Share(2, 4),
    )
    assert balance.meaningful.interventions.percent == 83


def test_the_breakdowns_of_a_dialogue(known):
    balance = indicators.balance_of_dialogue(known)
    assert rows(balance, "sector") == {
        "member_state": (1, 1),
        "un_system": (1, 0),
        "intergovernmental": (1, 0),
        "stakeholder:civil_society": (2, 1),
        "stakeholder:migrants": (1, 0),
        "stakeholder:migrant_diaspora": (0, 1),
        "stakeholder:trade_unions": (1, 1),
    }
    assert rows(balance, "country") == {"JO": (3, 2), "MA": (2, 1), "LB": (1, 1), "": (1, 0)}
    assert rows(balance, "gender") == {"female": (3, 2), "male": (2, 1), "": (2, 1)}
    assert rows(balance, "age_group") == {
        "18_24": (2, 0),
        "25_64": (2, 2),
        "65_plus": (1, 0),
        "": (2, 2),
    }
    # Every para 44 category has its row, with nobody or not: the gaps show.
    sector_rows = balance.breakdown("sector").rows
    assert len(sector_rows) == 3 + 14
    assert sector_rows[3].label == "Stakeholders: Migrants"
    assert balance.breakdown("sector").row("stakeholder:media") == indicators.BreakdownRow(
        "stakeholder:media", "Stakeholders: Media", 0, 0
    )
    # Each breakdown adds up to the totals.
    for breakdown in balance.breakdowns:
        assert sum(row.attended for row in breakdown.rows) == 7
        assert sum(row.spoke for row in breakdown.rows) == 4


def test_the_balance_of_a_cycle_adds_up_its_dialogues(known, second, cycle):
    balance = indicators.balance_of_cycle(cycle)
    assert (balance.registered, balance.attended, balance.speakers, balance.interventions) == (
        12,
        9,
        5,
        7,
    )
    assert balance.transparency.published == indicators.Share(5, 7)
    assert balance.inclusivity == indicators.Inclusivity(attended=4, spoke=3, categories=14)
    assert balance.diversity == indicators.Diversity(
        countries=4, women=indicators.Share(5, 7), attended=9
    )
    assert balance.meaningful.interventions == indicators.Share(5, 7)
    assert balance.meaningful.minutes == indicators.Share(10, 24)
    assert balance.meaningful.minutes.percent == 42
    assert rows(balance, "country")["TN"] == (1, 1)
    # One dialogue's balance leaves the other out.
    assert indicators.balance_of_dialogue(second).attended == 2


def test_the_same_speaker_in_two_dialogues_counts_in_each(known, second, cycle, rapporteur):
    """Speakers typed without a participant are told apart by dialogue."""
    record(
        second,
        rapporteur,
        sector="stakeholder",
        category=category("migrant_diaspora"),
        country=country("MA"),
        organization_name="Diaspora Network",
    )
    assert indicators.balance_of_dialogue(second).speakers == 2
    assert indicators.balance_of_cycle(cycle).speakers == 6


def test_a_dialogue_with_nobody_yet(dialogue):
    balance = indicators.balance_of_dialogue(dialogue)
    assert (balance.registered, balance.attended, balance.speakers, balance.interventions) == (
        0,
        0,
        0,
        0,
    )
    assert balance.transparency.published.percent is None
    assert balance.diversity.women.percent is None
    assert balance.meaningful.questions_answered.percent is None
    assert balance.inclusivity == indicators.Inclusivity(attended=0, spoke=0, categories=14)
    assert rows(balance, "gender") == {}


# --- The page -------------------------------------------------------------------------------


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"dialogues:{name}", kwargs=kwargs)


def test_the_dashboard_shows_the_indicators_their_definitions_and_the_tables(
    client, known, rapporteur
):
    client.force_login(rapporteur)
    response = client.get(url("balance", slug=known.slug))
    assert response.status_code == 200
    content = response.content.decode()
    assert "4 of 6 interventions published." in content
    assert '<span class="indicator__figure">67%</span>' in content
    assert "3 of the 14 stakeholder categories took part; 3 of 14 spoke." in content
    assert "3 countries" in content
    assert "3 women of the 5 attendees whose gender is recorded (5 of 7 attendees)." in content
    assert "Stakeholders made 5 of 6 interventions." in content
    assert "(10 of 20 minutes; time recorded for 4 of 6 interventions)" in content
    assert "(2 of 4)" in content
    for definition in ("Transparency", "Inclusivity", "Diversity", "Meaningful participation"):
        assert f"<h3>{definition}</h3>" in content
    assert content.count("Definition: ") == 4
    # Each chart is an inline SVG with a table of the same figures.
    assert content.count("<svg") == 4
    assert content.count('<table class="balance-table">') == 4
    assert "<title>Jordan: 3 attended</title>" in content
    assert (
        '<th scope="row"><bdi>Stakeholders: Civil society</bdi></th><td>2</td><td>1</td>' in content
    )
    assert '<th scope="row"><bdi>Woman</bdi></th><td>3</td><td>2</td>' in content
    # The names of speakers are never on the dashboard.
    assert "Amal" not in content and "Diaspora Network" not in content


def test_the_charts_mirror_in_arabic(client, known, rapporteur):
    client.force_login(rapporteur)
    response = client.get(f"/ar/dialogues/{known.slug}/balance/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert 'direction="rtl"' in content
    with translation.override("ar"):
        chart = bar_chart(indicators.balance_of_dialogue(known).breakdown("country"), rtl=True)
    for row in chart["rows"]:
        assert row.label_x == WIDTH - PAD
        for bar in row.bars:
            assert bar.x + bar.width == WIDTH - PAD  # bars grow from the right
            assert bar.text_x < bar.x  # and the figure follows on their left


def test_bars_are_proportional_and_rows_with_nobody_are_left_to_the_table(known):
    breakdown = indicators.balance_of_dialogue(known).breakdown("country")
    chart = bar_chart(breakdown, rtl=False)
    assert [row.label for row in chart["rows"]] == [
        row.label for row in breakdown.rows if row.attended or row.spoke
    ]
    jordan = chart["rows"][[r.label for r in chart["rows"]].index("Jordan")]
    attended, spoke = jordan.bars
    assert (attended.x, spoke.x) == (PAD, PAD)
    assert attended.width == WIDTH - 2 * PAD - 48  # Jordan's 3 attendees are the longest bar
    assert spoke.width == round(attended.width * 2 / 3)
    assert attended.text_x == PAD + attended.width + 4


def test_the_cycle_dashboard_lists_its_dialogues(client, known, second, cycle, secretariat_client):
    response = secretariat_client.get(url("cycle_balance", cycle_slug=cycle.slug))
    assert response.status_code == 200
    content = response.content.decode()
    assert "5 of 7 interventions published." in content
    assert "4 of the 14 stakeholder categories took part; 3 of 14 spoke." in content
    assert url("balance", slug="dialogue-1") in content
    assert url("balance", slug="dialogue-2") in content
    assert url("cycle_balance_csv", cycle_slug=cycle.slug) in content


def test_an_empty_dashboard_says_there_is_nothing_to_measure(client, dialogue, rapporteur):
    client.force_login(rapporteur)
    content = client.get(url("balance", slug=dialogue.slug)).content.decode()
    assert '<span class="indicator__figure indicator__figure--none">—</span>' in content
    assert "Nobody yet." in content


def test_the_tables_as_csv(client, known, rapporteur):
    client.force_login(rapporteur)
    response = client.get(url("balance_csv", slug=known.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="dialogue-1-balance.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert table[0] == ["Breakdown", "Value", "Attended", "Spoke"]
    assert ["By country", "Jordan", "3", "2"] in table
    assert ["By sector and para 44 category", "Stakeholders: Trade unions", "1", "1"] in table
    assert ["By gender", "Not recorded", "2", "1"] in table
    assert table[-1] == ["Total", "All participants", "7", "4"]
    assert len(table) == 1 + 17 + 4 + 4 + 5 + 1


def test_the_cycle_csv_in_arabic(client, known, second, cycle, rapporteur):
    client.force_login(rapporteur)
    response = client.get(f"/ar/dialogues/cycle/{cycle.slug}/balance.csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8").removeprefix("\ufeff")
    table = list(csv.reader(io.StringIO(body)))
    assert table[-1][2:] == ["9", "5"]
    with translation.override("ar"):
        assert country("JO").name in body


@pytest.mark.parametrize("name", ["balance", "balance_csv"])
def test_who_may_see_the_balance(client, known, cycle, user, org_member, focal_point, name):
    path = url(name, slug=known.slug)
    assert client.get(path).status_code == 302  # to sign in
    for person in (user, org_member, focal_point):
        client.force_login(person)
        assert client.get(path).status_code == 403
    cycle_path = url(f"cycle_{name}", cycle_slug=cycle.slug)
    assert client.get(cycle_path).status_code == 403


def test_unknown_dialogues_and_cycles(client, rapporteur):
    client.force_login(rapporteur)
    assert client.get(url("balance", slug="nowhere")).status_code == 404
    assert client.get(url("cycle_balance", cycle_slug="nowhere")).status_code == 404
    assert client.get(url("cycle_balance_csv", cycle_slug="nowhere")).status_code == 404


@pytest.mark.parametrize("page", ["balance", "cycle_balance"])
def test_the_dashboard_makes_a_constant_number_of_queries(
    client, dialogue, cycle, rapporteur, django_assert_num_queries, page
):
    def add(n: int) -> None:
        person = add_participant(
            dialogue, f"Person {n}", "stakeholder", ["civil_society", "migrants", "academia"][n],
            ["JO", "MA", "TN"][n], "female", "18_24",
        )  # fmt: skip
        record(dialogue, rapporteur, participant=person, minutes=n + 1, raises_question=True)
        record(dialogue, rapporteur, sector="un_system", country=country(["LB", "EG", "IQ"][n]))

    add(0)
    client.force_login(rapporteur)
    path = (
        url("balance", slug=dialogue.slug)
        if page == "balance"
        else url("cycle_balance", cycle_slug=cycle.slug)
    )
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    add(1)
    add(2)
    with django_assert_num_queries(len(one)):
        client.get(path)
    assert indicators.balance_of_dialogue(dialogue).speakers == 6
