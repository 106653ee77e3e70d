"""The public record of a dialogue and the list of dialogues: who sees what, the date in the
dialogue's time zone, the meeting link, the agenda, questions, interventions by agenda item,
attendance counts, texts missing in a language, and constant query counts."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hiwar.dialogues import selectors
from hiwar.dialogues.models import AgendaItem, Dialogue, GuidingQuestion, Intervention, Participant
from hiwar.dialogues.services import setup as services
from hiwar.framework.models import Country, Objective, StakeholderCategory
from tests.dialogues.conftest import BEIRUT
from tests.factories import UserFactory
from tests.reviews.conftest import enable_totp


def url(name: str, language: str = "en", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(f"dialogues:{name}", kwargs=kwargs)


def detail(dialogue: Dialogue, language: str = "en") -> str:
    return url("detail", language, slug=dialogue.slug)


def page(response: Any) -> str:
    return response.content.decode()


def read(client: Any, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200
    return page(response)


def civil_society() -> StakeholderCategory:
    return StakeholderCategory.objects.get(code="civil_society")


def intervene(dialogue: Dialogue, **fields: Any) -> Intervention:
    """An intervention as a rapporteur records it. (Interventions are written by their own
    services, tested elsewhere; this page only reads them.)"""
    objectives = fields.pop("objectives", [])
    values: dict[str, Any] = {
        "sector": "stakeholder",
        "category": civil_society(),
        "summary": "Stakeholders need a seat at the national review.",
        "language": "en",
    }
    values.update(fields)
    intervention = Intervention.objects.create(dialogue=dialogue, **values)
    intervention.objectives.set(objectives)
    return intervention


def attend(dialogue: Dialogue, name: str, country: Country | None, attended: bool = True) -> None:
    Participant.objects.create(
        dialogue=dialogue,
        full_name=name,
        sector="member_state",
        country=country,
        attended=attended,
        source=Participant.Source.MANUAL,
    )


@pytest.fixture
def published(
    dialogue: Dialogue, agenda: list[AgendaItem], questions: list[GuidingQuestion]
) -> Dialogue:
    """Dialogue I with its agenda, a moderator and a speaker, two questions; published."""
    opening, _scene, discussion, _closing = agenda
    opening.title_fr = "Ouverture"
    opening.title_ar = "الافتتاح"
    opening.description_en = "Welcome by ESCWA and IOM."
    opening.save()
    services.add_agenda_role(
        item=opening,
        fields={
            "kind": "speaker",
            "name": "Mehrinaz Elawady",
            "function_en": "Cluster Leader, ESCWA",
            "function_fr": "Cheffe de groupe, CESAO",
            "organization_name": "ESCWA",
            "sector": "un_system",
        },
    )
    services.add_agenda_role(
        item=discussion,
        fields={"kind": "moderator", "name": "Rania Hamdan", "sector": "intergovernmental"},
    )
    return services.publish_dialogue(dialogue=dialogue)


# --- Who sees a dialogue --------------------------------------------------------------------


def test_a_draft_is_seen_only_by_the_secretariat_and_rapporteurs(
    client: Any,
    dialogue: Dialogue,
    agenda: list[AgendaItem],
    secretariat_user: Any,
    rapporteur: Any,
    focal_point: Any,
    org_member: Any,
    user: Any,
) -> None:
    assert client.get(detail(dialogue)).status_code == 404
    for someone in (focal_point, org_member, user):
        client.force_login(someone)
        assert client.get(detail(dialogue)).status_code == 404
    enable_totp(secretariat_user)
    for someone in (secretariat_user, rapporteur):
        client.force_login(someone)
        response = client.get(detail(dialogue))
        assert response.status_code == 200
        assert "Draft: this record is not public yet." in page(response)
    assert client.get(url("detail", slug="no-such-dialogue")).status_code == 404


def test_anyone_reads_a_published_dialogue(client: Any, published: Dialogue) -> None:
    response = client.get(detail(published))
    html = page(response)
    assert response.status_code == 200
    assert "<h1>Multi-stakeholder dialogue I</h1>" in html
    # Date and times in the dialogue's own time zone, with its offset from UTC.
    assert "27 October 2020" in html
    assert "10:00\u201313:00" in html
    assert "UTC+02:00" in html
    assert "Arabic, English, French" in html
    # The agenda in order, with the people in roles.
    assert html.index("Opening") < html.index("Scene Setting") < html.index("Closing")
    assert "Welcome by ESCWA and IOM." in html
    assert "Mehrinaz Elawady</bdi>, Cluster Leader, ESCWA, <bdi>ESCWA</bdi>" in html
    assert "Rania Hamdan" in html
    assert "How can stakeholders take part in the national reviews?" in html
    assert "No intervention has been published yet." in html
    assert "Draft" not in html
    assert "Edit this dialogue" not in html


# --- The meeting link -----------------------------------------------------------------------


@pytest.fixture
def upcoming(published: Dialogue) -> Dialogue:
    starts_at = timezone.now() + datetime.timedelta(days=2)
    published.starts_at = starts_at
    published.ends_at = starts_at + datetime.timedelta(hours=3)
    published.save()
    return published


def test_the_meeting_link_is_for_signed_in_users_before_the_end(
    client: Any, upcoming: Dialogue, user: Any
) -> None:
    link = "https://meet.example.org/dialogue-1"
    html = page(client.get(detail(upcoming)))
    assert f'href="{url("register", slug=upcoming.slug)}"' in html
    assert link not in html
    assert "Sign in to see the link to the online meeting." in html
    client.force_login(user)
    html = page(client.get(detail(upcoming)))
    assert f'href="{link}"' in html
    assert "Sign in to see" not in html


def test_the_meeting_link_disappears_once_the_dialogue_ended(
    client: Any, upcoming: Dialogue, user: Any
) -> None:
    upcoming.starts_at = timezone.now() - datetime.timedelta(hours=3)
    upcoming.ends_at = timezone.now() - datetime.timedelta(minutes=1)
    upcoming.save()
    client.force_login(user)
    html = page(client.get(detail(upcoming)))
    assert "meet.example.org" not in html
    assert "Online meeting" not in html
    assert "Register to take part" not in html


# --- Interventions --------------------------------------------------------------------------


def test_published_interventions_are_grouped_by_agenda_item(
    client: Any,
    published: Dialogue,
    agenda: list[AgendaItem],
    questions: list[GuidingQuestion],
    organization: Any,
    jordan: Country,
    morocco: Country,
) -> None:
    _opening, scene, discussion, _closing = agenda
    first = intervene(
        published,
        agenda_item=discussion,
        organization=organization,
        country=jordan,
        question=questions[0],
        summary="National consultations should include migrant workers' associations.",
        objectives=list(Objective.objects.filter(number__in=[6, 16])),
        response="ESCWA will share the timeline of the national reviews.",
    )
    anonymous = intervene(
        published,
        agenda_item=discussion,
        anonymous=True,
        organization_name="A small shelter",
        country=morocco,
        summary="Domestic workers cannot join online meetings.",
    )
    intervene(
        published,
        agenda_item=scene,
        sector="member_state",
        category=None,
        country=morocco,
        summary="Morocco presented its national plan.",
    )
    intervene(published, summary="Thanks to the organizers.", agenda_item=None)
    intervene(published, agenda_item=discussion, published=False, summary="Not for the public.")
    arabic = intervene(
        published, agenda_item=discussion, language="ar", summary="نحتاج إلى دعم الترجمة."
    )

    html = page(client.get(detail(published)))
    assert "Not for the public." not in html
    assert "5 interventions, summarized by the rapporteurs." in html
    # Scene setting comes before the open discussion; loose interventions come last.
    scene_at = html.index(f'id="interventions-{scene.pk}"')
    discussion_at = html.index(f'id="interventions-{discussion.pk}"')
    other_at = html.index('id="interventions-other"')
    assert scene_at < html.index("Morocco presented its national plan.") < discussion_at
    assert discussion_at < html.index(first.summary.replace("'", "&#x27;")) < other_at
    assert other_at < html.index("Thanks to the organizers.")
    # Who spoke: organization, category, country; or nobody named at all.
    assert (
        '<bdi class="intervention__organization">Jordan Migrant Workers Network</bdi> · '
        '<span class="intervention__category">Civil society</span> · '
        '<span class="intervention__country">Jordan</span>'
    ) in html
    assert "Member State" in html
    section = html[html.index(f'id="intervention-{anonymous.pk}"') :]
    section = section[: section.index("</li>")]
    assert "Anonymous, at the speaker's request" in section
    assert "A small shelter" not in html
    assert "Morocco" not in section
    # The guiding question, the objectives (linked to the framework) and the response.
    assert "Guiding question:</span> How can stakeholders take part" in html
    assert f'href="{reverse("framework:objective_detail", kwargs={"number": 6})}"' in html
    assert f'href="{reverse("framework:objective_detail", kwargs={"number": 16})}"' in html
    assert "ESCWA will share the timeline of the national reviews." in html
    # A summary keeps the language it was written in.
    assert f'id="intervention-{arabic.pk}"' in html
    assert '<div class="intervention__summary" lang="ar" dir="rtl">' in html


def test_the_record_runs_the_same_queries_for_one_or_three_interventions(
    client: Any,
    published: Dialogue,
    agenda: list[AgendaItem],
    questions: list[GuidingQuestion],
    organization: Any,
    jordan: Country,
    django_assert_num_queries: Any,
) -> None:
    def add(n: int) -> None:
        intervene(
            published,
            agenda_item=agenda[n % len(agenda)],
            organization=organization,
            country=jordan,
            question=questions[n % len(questions)],
            objectives=list(Objective.objects.filter(number__in=[n + 1, n + 2])),
            summary=f"Intervention {n}",
            response="Noted.",
        )
        attend(published, f"Participant {n}", jordan)

    add(0)
    client.get(detail(published))
    with CaptureQueriesContext(connection) as one:
        client.get(detail(published))
    add(1)
    add(2)
    with django_assert_num_queries(len(one)):
        response = client.get(detail(published))
    assert "Intervention 2" in page(response)


# --- Attendance -----------------------------------------------------------------------------


def test_attendance_counts_those_who_attended_and_their_countries(
    client: Any, published: Dialogue, jordan: Country, morocco: Country
) -> None:
    attend(published, "A", jordan)
    attend(published, "B", jordan)
    attend(published, "C", morocco)
    attend(published, "D", None)
    attend(published, "E", Country.objects.get(iso2="LB"), attended=False)
    assert selectors.attendance(published) == selectors.Attendance(
        registered=5, attended=4, countries=2
    )
    html = page(client.get(detail(published)))
    assert "4 participants attended, from 2 countries" in html


# --- Languages ------------------------------------------------------------------------------


def test_a_text_missing_in_french_is_shown_in_english_and_marked(
    client: Any, published: Dialogue, agenda: list[AgendaItem]
) -> None:
    html = page(client.get(detail(published, "fr")))
    assert "<h1>Dialogue multipartite I</h1>" in html
    assert "Ouverture" in html
    # The scene-setting title exists only in English.
    assert '<span lang="en" dir="ltr">Scene Setting</span> <span class="badge badge--missing">' in (
        html
    )
    # The opening's description is missing in French too: a block in English.
    assert '<div lang="en" dir="ltr"><p>Welcome by ESCWA and IOM.</p></div>' in html
    # A function written in French is shown as written.
    assert "Cheffe de groupe, CESAO" in html
    assert "27 octobre 2020" in html


def test_the_record_reads_right_to_left_in_arabic(client: Any, published: Dialogue) -> None:
    html = page(client.get(detail(published, "ar")))
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>الحوار المتعدد أصحاب المصلحة الأول</h1>" in html
    assert "الافتتاح" in html
    assert '<span lang="en" dir="ltr">Closing</span>' in html
    # Arabic has its own comma; the times stay in order inside their isolate.
    assert "2020، <bdi>10:00\u201313:00</bdi>" in html
    assert "<bdi>Asia/Beirut</bdi>، <bdi>UTC+02:00</bdi>" in html


# --- The list -------------------------------------------------------------------------------


def _dialogue(cycle: Any, n: int, *, publish: bool = True) -> Dialogue:
    starts_at = datetime.datetime(2020, 11, n, 10, 0, tzinfo=BEIRUT)
    dialogue = services.save_dialogue(
        cycle=cycle,
        fields={
            "slug": f"dialogue-nov-{n}",
            "title_en": f"November dialogue {n}",
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "time_zone": "Asia/Beirut",
            "languages": ["ar", "en"],
        },
    )
    services.save_agenda_item(dialogue=dialogue, fields={"kind": "opening", "title_en": "Opening"})
    if publish:
        services.publish_dialogue(dialogue=dialogue)
    return dialogue


def test_the_list_shows_published_dialogues_by_date_with_their_counts(
    cycle: Any, secretariat_client: Any, jordan: Country, morocco: Country
) -> None:
    third = _dialogue(cycle, 3)
    tenth = _dialogue(cycle, 10)
    draft = _dialogue(cycle, 20, publish=False)
    attend(third, "A", jordan)
    attend(third, "B", morocco)
    attend(third, "C", morocco)
    attend(third, "D", jordan, attended=False)
    attend(tenth, "E", jordan)

    anonymous = read(Client(), url("list"))
    assert "November dialogue 20" not in anonymous
    assert anonymous.index("November dialogue 10") < anonymous.index("November dialogue 3")
    assert "3 participants attended, from 2 countries" in anonymous
    assert "1 participant attended, from 1 country" in anonymous
    assert f'href="{detail(third)}"' in anonymous
    assert "New dialogue" not in anonymous

    team = page(secretariat_client.get(url("list")))
    assert "November dialogue 20" in team
    assert f'href="{url("manage", slug=draft.slug)}"' in team
    assert f'href="{url("new")}"' in team


def test_the_list_runs_the_same_queries_for_one_or_three_dialogues(
    client: Any, cycle: Any, jordan: Country, django_assert_num_queries: Any
) -> None:
    attend(_dialogue(cycle, 1), "A", jordan)
    client.get(url("list"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("list"))
    attend(_dialogue(cycle, 2), "B", jordan)
    attend(_dialogue(cycle, 3), "C", jordan)
    with django_assert_num_queries(len(one)):
        response = client.get(url("list"))
    assert "November dialogue 3" in page(response)


def test_the_list_is_empty_until_a_dialogue_is_published(
    client: Any, dialogue: Dialogue, user: Any
) -> None:
    client.force_login(user)
    html = page(client.get(url("list")))
    assert "No dialogue has been published yet." in html
    assert "Multi-stakeholder dialogue I" not in html


def test_a_signed_in_reader_makes_no_more_queries_per_dialogue(
    client: Any, cycle: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(UserFactory())
    _dialogue(cycle, 1)
    client.get(url("list"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("list"))
    _dialogue(cycle, 2)
    _dialogue(cycle, 3)
    with django_assert_num_queries(len(one)):
        client.get(url("list"))


def test_the_list_links_rapporteurs_to_the_balance_of_the_current_cycle(
    client: Any, cycle: Any, rapporteur: Any
) -> None:
    cycle.is_current = True
    cycle.save()
    link = f"/en/dialogues/cycle/{cycle.slug}/balance/"
    assert link not in client.get("/en/dialogues/").content.decode()
    client.force_login(rapporteur)
    assert link in client.get("/en/dialogues/").content.decode()


def test_the_list_leads_to_the_consultations(client: Any, cycle: Any) -> None:
    page = client.get("/fr/dialogues/").content.decode()
    assert 'href="/fr/dialogues/consultations/"' in page
    assert 'href="/fr/dialogues/self-organized/"' in page
