"""The secretariat sets up a dialogue: settings in its own time zone, agenda, people in roles,
guiding questions, publication; through the pages and through the services."""

import datetime
import zoneinfo
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hiwar.accounts.models import Organization
from hiwar.dialogues.models import (
    AgendaItem,
    AgendaRole,
    Dialogue,
    GuidingQuestion,
    Intervention,
    Participant,
)
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import setup as services
from hiwar.framework.models import StakeholderCategory
from tests.dialogues.conftest import BEIRUT
from tests.factories import OrganizationFactory

UTC = datetime.UTC


def url(name: str, dialogue: Dialogue | None = None, language: str = "en", **kwargs: Any) -> str:
    if dialogue is not None:
        kwargs["slug"] = dialogue.slug
    with translation.override(language):
        return reverse(f"dialogues:{name}", kwargs=kwargs)


def page(response: Any) -> str:
    return response.content.decode()


def dialogue_post(cycle: Any, /, **overrides: Any) -> dict[str, Any]:
    data = {
        "slug": "dialogue-2",
        "cycle": cycle.pk,
        "title_en": "Multi-stakeholder dialogue II",
        "title_fr": "Dialogue multipartite II",
        "title_ar": "الحوار المتعدد أصحاب المصلحة الثاني",
        "summary_en": "Open discussion on stakeholder engagement in the regional review.",
        "date": "2020-11-03",
        "starts": "10:00",
        "ends": "12:30",
        "time_zone": "Asia/Beirut",
        "meeting_url": "https://meet.example.org/dialogue-2",
        "languages": ["ar", "en", "fr"],
        "interpretation": ["ar", "en"],
    }
    data.update(overrides)
    return data


def item_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "open_discussion",
        "position": "3",
        "title_en": "Open discussion",
        "title_fr": "Discussion ouverte",
        "title_ar": "نقاش مفتوح",
        "description_en": "Moderated by IOM.",
    }
    data.update(overrides)
    return data


def role_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "moderator",
        "position": "",
        "name": "Mehrinaz Elawady",
        "function_en": "Cluster Leader, Gender Justice, Population and Inclusive Development",
        "organization": "",
        "organization_name": "ESCWA",
        "sector": "un_system",
        "category": "",
        "gender": "female",
    }
    data.update(overrides)
    return data


def snapshot(dialogue: Dialogue) -> tuple[Any, ...]:
    """Everything the editor can change about a dialogue, to check nothing did."""
    dialogue.refresh_from_db()
    return (
        dialogue.slug,
        dialogue.title_en,
        dialogue.starts_at,
        dialogue.ends_at,
        dialogue.time_zone,
        dialogue.languages,
        dialogue.interpretation,
        dialogue.status,
        list(AgendaItem.objects.values_list("pk", "dialogue_id", "title_en", "position")),
        list(AgendaRole.objects.values_list("pk", "item_id", "name")),
        list(GuidingQuestion.objects.values_list("pk", "dialogue_id", "text_en")),
    )


@pytest.fixture
def other_dialogue(cycle: Any) -> Dialogue:
    return Dialogue.objects.create(
        cycle=cycle,
        slug="dialogue-other",
        title_en="Another dialogue",
        starts_at=datetime.datetime(2020, 11, 3, 10, 0, tzinfo=BEIRUT),
        ends_at=datetime.datetime(2020, 11, 3, 12, 0, tzinfo=BEIRUT),
        languages=["en"],
    )


def add_item(dialogue: Dialogue, title: str = "Opening", kind: str = "opening") -> AgendaItem:
    return services.save_agenda_item(
        dialogue=dialogue, fields={"kind": kind, "position": None, "title_en": title}
    )


def add_question(dialogue: Dialogue, text: str = "How can stakeholders take part?") -> Any:
    return services.save_guiding_question(
        dialogue=dialogue, fields={"position": None, "text_en": text}
    )


def record_intervention(dialogue: Dialogue, **fields: Any) -> Intervention:
    # Interventions have their own services (another module); only their existence matters here.
    return Intervention.objects.create(
        dialogue=dialogue, sector="member_state", summary="Said something.", language="en", **fields
    )


# --- Who may --------------------------------------------------------------------------------


def test_only_the_secretariat_sets_up_dialogues(
    client: Any,
    dialogue: Dialogue,
    agenda: list[AgendaItem],
    questions: list[GuidingQuestion],
    focal_point: Any,
    rapporteur: Any,
    org_member: Any,
    user: Any,
    cycle: Any,
) -> None:
    before = snapshot(dialogue)
    item, question = agenda[0], questions[0]
    pages = [
        url("new"),
        url("manage", dialogue),
        url("edit", dialogue),
        url("agenda_item_add", dialogue),
        url("agenda_item_edit", dialogue, pk=item.pk),
        url("question_add", dialogue),
        url("question_edit", dialogue, pk=question.pk),
    ]
    posts = [
        (url("new"), dialogue_post(cycle)),
        (url("edit", dialogue), dialogue_post(cycle, slug=dialogue.slug)),
        (url("publish", dialogue), {}),
        (url("agenda_item_add", dialogue), item_post()),
        (url("agenda_item_edit", dialogue, pk=item.pk), item_post()),
        (url("agenda_item_delete", dialogue, pk=item.pk), {}),
        (url("agenda_role_add", dialogue, pk=item.pk), role_post()),
        (url("question_add", dialogue), {"text_en": "Why?"}),
        (url("question_delete", dialogue, pk=question.pk), {}),
    ]
    for address in pages:
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith("/en/account/login/")
    for someone in (focal_point, rapporteur, org_member, user):
        client.force_login(someone)
        for address in pages:
            assert client.get(address).status_code == 403, address
        for address, data in posts:
            assert client.post(address, data).status_code == 403, address
    assert snapshot(dialogue) == before
    assert Dialogue.objects.count() == 1


# --- The dialogue's settings ----------------------------------------------------------------


def test_the_secretariat_creates_a_dialogue_in_its_time_zone(
    secretariat_client: Any, cycle: Any
) -> None:
    response = secretariat_client.post(url("new"), dialogue_post(cycle))
    dialogue = Dialogue.objects.get(slug="dialogue-2")
    assert response.status_code == 302
    assert response.url == url("manage", dialogue)
    # 10:00 in Beirut (UTC+2 on 3 November 2020) is 08:00 UTC.
    assert dialogue.starts_at == datetime.datetime(2020, 11, 3, 8, 0, tzinfo=UTC)
    assert dialogue.ends_at == datetime.datetime(2020, 11, 3, 10, 30, tzinfo=UTC)
    assert dialogue.time_zone == "Asia/Beirut"
    assert dialogue.status == Dialogue.Status.DRAFT
    assert dialogue.languages == ["ar", "en", "fr"]
    assert dialogue.interpretation == ["ar", "en"]
    assert dialogue.title_ar == "الحوار المتعدد أصحاب المصلحة الثاني"
    assert dialogue.title_fr == "Dialogue multipartite II"
    assert dialogue.meeting_url == "https://meet.example.org/dialogue-2"
    assert dialogue.cycle == cycle

    overview = page(secretariat_client.get(response.url))
    assert "Multi-stakeholder dialogue II" in overview
    assert "3 November 2020" in overview
    assert "10:00\u201312:30" in overview
    assert "UTC+02:00" in overview
    assert "Dialogue created." in overview


def test_times_are_read_in_the_chosen_time_zone_with_its_summer_time(
    secretariat_client: Any, cycle: Any
) -> None:
    secretariat_client.post(
        url("new"),
        dialogue_post(
            cycle, time_zone="Europe/Paris", date="2020-07-01", starts="14:00", ends="15:30"
        ),
    )
    dialogue = Dialogue.objects.get()
    assert dialogue.starts_at == datetime.datetime(2020, 7, 1, 12, 0, tzinfo=UTC)
    assert dialogue.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Paris")).hour == 14
    overview = page(secretariat_client.get(url("manage", dialogue)))
    assert "1 July 2020" in overview
    assert "14:00\u201315:30" in overview
    assert "Europe/Paris" in overview
    assert "UTC+02:00" in overview


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"ends": "09:00"}, "A dialogue must end after it starts."),
        ({"ends": "10:00"}, "A dialogue must end after it starts."),
        ({"starts": "25:00"}, "Enter a valid time."),
        ({"date": "2020-13-40"}, "Enter a valid date."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"languages": []}, "This field is required."),
        ({"languages": ["de"]}, "Select a valid choice."),
        (
            {"languages": ["ar", "en"], "interpretation": ["fr"]},
            "Interpretation can only be into one of the dialogue&#x27;s languages.",
        ),
        ({"slug": "new"}, "This short name is reserved; choose another."),
        ({"slug": "dialogue-1"}, "Another dialogue already has this short name."),
        ({"slug": "not a slug!"}, "Enter a valid"),
        ({"title_en": ""}, "This field is required."),
        ({"meeting_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"cycle": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_dialogue_settings_are_refused_and_nothing_is_stored(
    secretariat_client: Any, dialogue: Dialogue, cycle: Any, overrides: dict, error: str
) -> None:
    before = snapshot(dialogue)
    response = secretariat_client.post(url("new"), dialogue_post(cycle, **overrides))
    assert response.status_code == 200
    assert error in page(response)
    assert 'aria-invalid="true"' in page(response)
    assert Dialogue.objects.count() == 1
    assert snapshot(dialogue) == before


def test_the_settings_page_shows_the_times_in_the_dialogues_zone_and_saves_changes(
    secretariat_client: Any, dialogue: Dialogue, cycle: Any
) -> None:
    form = page(secretariat_client.get(url("edit", dialogue)))
    assert 'value="2020-10-27"' in form
    assert 'value="10:00"' in form
    assert 'value="13:00"' in form
    assert 'lang="ar" dir="rtl"' in form  # Arabic inputs are right-to-left in any page
    response = secretariat_client.post(
        url("edit", dialogue),
        dialogue_post(cycle, slug="dialogue-i", date="2020-10-27", starts="11:00", ends="13:30"),
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.slug == "dialogue-i"
    assert response.url == url("manage", dialogue)
    assert dialogue.starts_at == datetime.datetime(2020, 10, 27, 9, 0, tzinfo=UTC)
    assert dialogue.title_en == "Multi-stakeholder dialogue II"


def test_a_bad_edit_changes_nothing(
    secretariat_client: Any, dialogue: Dialogue, other_dialogue: Dialogue, cycle: Any
) -> None:
    before = snapshot(dialogue)
    for overrides in ({"ends": "08:00"}, {"slug": other_dialogue.slug}, {"title_en": ""}):
        data = {**dialogue_post(cycle, slug=dialogue.slug), **overrides}
        response = secretariat_client.post(url("edit", dialogue), data)
        assert response.status_code == 200
        assert 'class="alert alert--error"' in page(response)
    assert snapshot(dialogue) == before


# --- Publication ----------------------------------------------------------------------------


def test_publication_needs_an_agenda_and_can_be_undone(
    secretariat_client: Any, dialogue: Dialogue
) -> None:
    response = secretariat_client.post(url("publish", dialogue), follow=True)
    assert "Add at least one agenda item before publishing." in page(response)
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.DRAFT

    add_item(dialogue)
    response = secretariat_client.post(url("publish", dialogue), follow=True)
    assert "The dialogue is published" in page(response)
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.PUBLISHED

    response = secretariat_client.post(url("publish", dialogue), follow=True)
    assert "This dialogue is already published." in page(response)

    response = secretariat_client.post(url("unpublish", dialogue), follow=True)
    assert "The dialogue is a draft again" in page(response)
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.DRAFT
    response = secretariat_client.post(url("unpublish", dialogue), follow=True)
    assert "This dialogue is not published." in page(response)


def test_publication_is_a_post(secretariat_client: Any, dialogue: Dialogue) -> None:
    add_item(dialogue)
    assert secretariat_client.get(url("publish", dialogue)).status_code == 405
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.DRAFT


# --- Agenda ---------------------------------------------------------------------------------


def test_the_secretariat_builds_the_agenda(secretariat_client: Any, dialogue: Dialogue) -> None:
    response = secretariat_client.post(url("agenda_item_add", dialogue), item_post())
    item = AgendaItem.objects.get()
    assert response.url == url("agenda_item_edit", dialogue, pk=item.pk)
    assert (item.dialogue, item.kind, item.position) == (dialogue, "open_discussion", 3)
    assert (item.title_en, item.title_fr, item.title_ar) == (
        "Open discussion",
        "Discussion ouverte",
        "نقاش مفتوح",
    )
    # Without an order, an item goes last.
    secretariat_client.post(
        url("agenda_item_add", dialogue),
        item_post(kind="closing", position="", title_en="Closing remarks"),
    )
    assert list(dialogue.agenda.values_list("title_en", "position")) == [
        ("Open discussion", 3),
        ("Closing remarks", 4),
    ]
    response = secretariat_client.post(
        url("agenda_item_edit", dialogue, pk=item.pk),
        item_post(position="1", title_en="Open discussion with stakeholders"),
    )
    assert response.url == url("agenda_item_edit", dialogue, pk=item.pk)
    item.refresh_from_db()
    assert (item.title_en, item.position) == ("Open discussion with stakeholders", 1)

    overview = page(secretariat_client.get(url("manage", dialogue)))
    assert overview.index("Open discussion with stakeholders") < overview.index("Closing remarks")

    response = secretariat_client.post(url("agenda_item_delete", dialogue, pk=item.pk))
    assert response.url == url("manage", dialogue)
    assert list(dialogue.agenda.values_list("title_en", flat=True)) == ["Closing remarks"]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"kind": "cocktail"}, "Select a valid choice."),
        ({"title_en": ""}, "This field is required."),
        ({"position": "-1"}, "greater than or equal to 0"),
        ({"position": "one"}, "Enter a whole number."),
        ({"title_en": "x" * 301}, "at most 300 characters"),
    ],
)
def test_bad_agenda_items_are_refused(
    secretariat_client: Any, dialogue: Dialogue, overrides: dict, error: str
) -> None:
    response = secretariat_client.post(url("agenda_item_add", dialogue), item_post(**overrides))
    assert response.status_code == 200
    assert error in page(response)
    assert not AgendaItem.objects.exists()


def test_an_item_with_interventions_cannot_be_removed(
    secretariat_client: Any, dialogue: Dialogue, agenda: list[AgendaItem]
) -> None:
    item = agenda[2]
    record_intervention(dialogue, agenda_item=item)
    response = secretariat_client.post(url("agenda_item_delete", dialogue, pk=item.pk), follow=True)
    assert "Interventions are recorded under this agenda item" in page(response)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


# --- People in roles ------------------------------------------------------------------------


def test_people_in_roles_are_added_and_removed(
    secretariat_client: Any, dialogue: Dialogue, agenda: list[AgendaItem], organization: Any
) -> None:
    item = agenda[0]
    address = url("agenda_role_add", dialogue, pk=item.pk)
    response = secretariat_client.post(address, role_post(function_ar="قائدة المجموعة"))
    assert response.url == url("agenda_item_edit", dialogue, pk=item.pk)
    # A stakeholder from a listed organization takes its category when none is chosen.
    secretariat_client.post(
        address,
        role_post(
            kind="speaker",
            name="Layla Nasser",
            function_en="",
            organization=organization.pk,
            organization_name="",
            sector="stakeholder",
            gender="",
        ),
    )
    # A Member State speaker: a category sent anyway is not kept.
    secretariat_client.post(
        address,
        role_post(
            kind="rapporteur",
            name="Omar Saleh",
            organization_name="Ministry of Labour, Jordan",
            sector="member_state",
            category=StakeholderCategory.objects.get(code="academia").pk,
            gender="",
        ),
    )
    roles = list(item.roles.order_by("position"))
    assert [(r.kind, r.name, r.position) for r in roles] == [
        ("moderator", "Mehrinaz Elawady", 1),
        ("speaker", "Layla Nasser", 2),
        ("rapporteur", "Omar Saleh", 3),
    ]
    moderator, speaker, rapporteur = roles
    assert (moderator.organization_name, moderator.gender) == ("ESCWA", "female")
    assert moderator.function_ar == "قائدة المجموعة"
    assert speaker.organization == organization
    assert speaker.category == organization.category
    assert rapporteur.category is None

    item_page = page(secretariat_client.get(url("agenda_item_edit", dialogue, pk=item.pk)))
    assert "Mehrinaz Elawady" in item_page
    assert "Jordan Migrant Workers Network" in item_page

    response = secretariat_client.post(
        url("agenda_role_delete", dialogue, pk=item.pk, role=speaker.pk)
    )
    assert response.url == url("agenda_item_edit", dialogue, pk=item.pk)
    assert list(item.roles.values_list("name", flat=True)) == ["Mehrinaz Elawady", "Omar Saleh"]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"sector": "stakeholder"}, "Choose the stakeholder category."),
        ({"kind": "chair"}, "Select a valid choice."),
        ({"name": ""}, "This field is required."),
        ({"sector": "martian"}, "Select a valid choice."),
        ({"gender": "unknown"}, "Select a valid choice."),
        ({"organization": "999999"}, "Select a valid choice."),
        ({"category": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_roles_are_refused_and_nothing_is_stored(
    secretariat_client: Any,
    dialogue: Dialogue,
    agenda: list[AgendaItem],
    overrides: dict,
    error: str,
) -> None:
    item = agenda[0]
    response = secretariat_client.post(
        url("agenda_role_add", dialogue, pk=item.pk), role_post(**overrides)
    )
    assert response.status_code == 200
    assert error in page(response)
    assert not AgendaRole.objects.exists()


def test_an_organization_is_chosen_or_typed_not_both(
    secretariat_client: Any, dialogue: Dialogue, agenda: list[AgendaItem], organization: Any
) -> None:
    response = secretariat_client.post(
        url("agenda_role_add", dialogue, pk=agenda[0].pk),
        role_post(organization=organization.pk, organization_name="Something else"),
    )
    assert "Choose the organization from the list or type its name, not both." in page(response)
    assert not AgendaRole.objects.exists()


def test_a_stakeholder_from_an_organization_without_category_needs_one(
    secretariat_client: Any, dialogue: Dialogue, agenda: list[AgendaItem]
) -> None:
    uncategorized = OrganizationFactory(kind=Organization.Kind.UN_SYSTEM, category=None)
    response = secretariat_client.post(
        url("agenda_role_add", dialogue, pk=agenda[0].pk),
        role_post(organization=uncategorized.pk, organization_name="", sector="stakeholder"),
    )
    assert "Choose the stakeholder category." in page(response)
    assert not AgendaRole.objects.exists()


# --- Guiding questions ----------------------------------------------------------------------


def test_guiding_questions_are_added_edited_and_removed(
    secretariat_client: Any, dialogue: Dialogue
) -> None:
    response = secretariat_client.post(
        url("question_add", dialogue),
        {
            "position": "",
            "text_en": "How can stakeholders contribute to the regional review?",
            "text_fr": "Comment les parties prenantes peuvent-elles contribuer ?",
            "text_ar": "كيف يمكن لأصحاب المصلحة المساهمة في الاستعراض الإقليمي؟",
        },
    )
    assert response.url == url("manage", dialogue)
    question = GuidingQuestion.objects.get()
    assert (question.dialogue, question.position) == (dialogue, 1)
    assert question.text_ar == "كيف يمكن لأصحاب المصلحة المساهمة في الاستعراض الإقليمي؟"
    secretariat_client.post(url("question_add", dialogue), {"text_en": "What support is needed?"})
    assert list(dialogue.questions.values_list("position", flat=True)) == [1, 2]

    form = page(secretariat_client.get(url("question_edit", dialogue, pk=question.pk)))
    assert "How can stakeholders contribute to the regional review?" in form
    secretariat_client.post(
        url("question_edit", dialogue, pk=question.pk),
        {"position": "5", "text_en": "How can stakeholders contribute?"},
    )
    question.refresh_from_db()
    assert (question.text_en, question.position, question.text_fr) == (
        "How can stakeholders contribute?",
        5,
        "",
    )
    overview = page(secretariat_client.get(url("manage", dialogue)))
    assert overview.index("What support is needed?") < overview.index(
        "How can stakeholders contribute?"
    )

    secretariat_client.post(url("question_delete", dialogue, pk=question.pk))
    assert list(dialogue.questions.values_list("text_en", flat=True)) == ["What support is needed?"]


def test_a_question_without_english_text_is_refused(
    secretariat_client: Any, dialogue: Dialogue
) -> None:
    response = secretariat_client.post(
        url("question_add", dialogue), {"text_fr": "Seulement en français ?"}
    )
    assert response.status_code == 200
    assert "This field is required." in page(response)
    assert not GuidingQuestion.objects.exists()


def test_a_question_that_interventions_answer_cannot_be_removed(
    secretariat_client: Any, dialogue: Dialogue, questions: list[GuidingQuestion]
) -> None:
    question = questions[0]
    record_intervention(dialogue, question=question)
    response = secretariat_client.post(
        url("question_delete", dialogue, pk=question.pk), follow=True
    )
    assert "Interventions answer this guiding question" in page(response)
    assert GuidingQuestion.objects.filter(pk=question.pk).exists()


# --- Another dialogue's ids -----------------------------------------------------------------


def test_another_dialogues_items_roles_and_questions_are_not_found(
    secretariat_client: Any,
    dialogue: Dialogue,
    agenda: list[AgendaItem],
    other_dialogue: Dialogue,
) -> None:
    other_item = add_item(other_dialogue, "Elsewhere")
    other_role = services.add_agenda_role(
        item=other_item,
        fields={"kind": "speaker", "name": "Stranger", "sector": "member_state"},
    )
    other_question = add_question(other_dialogue, "Elsewhere?")
    before = snapshot(dialogue)
    mine = agenda[0]
    requests = [
        ("get", url("agenda_item_edit", dialogue, pk=other_item.pk), None),
        ("post", url("agenda_item_edit", dialogue, pk=other_item.pk), item_post()),
        ("post", url("agenda_item_delete", dialogue, pk=other_item.pk), {}),
        ("post", url("agenda_role_add", dialogue, pk=other_item.pk), role_post()),
        # The role exists, but under another dialogue's item.
        ("post", url("agenda_role_delete", dialogue, pk=mine.pk, role=other_role.pk), {}),
        ("get", url("question_edit", dialogue, pk=other_question.pk), None),
        ("post", url("question_edit", dialogue, pk=other_question.pk), {"text_en": "Mine?"}),
        ("post", url("question_delete", dialogue, pk=other_question.pk), {}),
        ("get", url("manage", language="en", slug="no-such-dialogue"), None),
    ]
    for method, address, data in requests:
        response = getattr(secretariat_client, method)(address, data)
        assert response.status_code == 404, address
    assert snapshot(dialogue) == before


def test_the_services_refuse_another_dialogues_item_or_question(
    dialogue: Dialogue, other_dialogue: Dialogue
) -> None:
    item = add_item(other_dialogue)
    question = add_question(other_dialogue)
    with pytest.raises(DialogueError, match="another dialogue"):
        services.save_agenda_item(
            dialogue=dialogue, fields={"kind": "opening", "title_en": "Mine"}, item=item
        )
    with pytest.raises(DialogueError, match="another dialogue"):
        services.save_guiding_question(
            dialogue=dialogue, fields={"text_en": "Mine?"}, question=question
        )
    item.refresh_from_db()
    question.refresh_from_db()
    assert (item.dialogue, item.title_en) == (other_dialogue, "Opening")
    assert question.dialogue == other_dialogue


# --- The services' invariants ---------------------------------------------------------------


def _fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "slug": "dialogue-3",
        "title_en": "Dialogue III",
        "starts_at": datetime.datetime(2021, 1, 10, 10, 0, tzinfo=BEIRUT),
        "ends_at": datetime.datetime(2021, 1, 10, 12, 0, tzinfo=BEIRUT),
        "time_zone": "Asia/Beirut",
        "languages": ["en", "fr"],
        "interpretation": ["fr"],
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": datetime.datetime(2021, 1, 10, 9, 0, tzinfo=BEIRUT)}, "end after it starts"),
        ({"time_zone": "Nowhere/Land"}, "Unknown time zone"),
        ({"languages": []}, "Choose the dialogue's languages"),
        ({"languages": ["en", "de"]}, "Choose the dialogue's languages"),
        ({"interpretation": ["ar"]}, "Interpretation can only be into"),
        ({"slug": "manage"}, "reserved"),
        ({"slug": "dialogue-1"}, "already has this short name"),
        ({"title_en": ""}, "title in English"),
    ],
)
def test_save_dialogue_refuses_broken_invariants(
    dialogue: Dialogue, cycle: Any, overrides: dict, message: str
) -> None:
    with pytest.raises(DialogueError, match=message):
        services.save_dialogue(cycle=cycle, fields=_fields(**overrides))
    assert Dialogue.objects.count() == 1


def test_save_dialogue_wants_aware_times(cycle: Any) -> None:
    with pytest.raises(ValueError, match="aware"):
        services.save_dialogue(
            cycle=cycle,
            fields=_fields(starts_at=datetime.datetime(2021, 1, 10, 10, 0)),
        )
    assert not Dialogue.objects.exists()


def test_a_role_refused_by_the_service(agenda: list[AgendaItem]) -> None:
    with pytest.raises(DialogueError, match="stakeholder category"):
        services.add_agenda_role(
            item=agenda[0], fields={"kind": "speaker", "name": "X", "sector": "stakeholder"}
        )
    with pytest.raises(DialogueError, match="name"):
        services.add_agenda_role(
            item=agenda[0], fields={"kind": "speaker", "name": "  ", "sector": "un_system"}
        )
    assert not AgendaRole.objects.exists()


# --- The overview ---------------------------------------------------------------------------


def test_the_overview_shows_the_whole_dialogue_in_arabic(
    secretariat_client: Any, dialogue: Dialogue, agenda: list[AgendaItem], questions: list
) -> None:
    services.add_agenda_role(
        item=agenda[0],
        fields={"kind": "moderator", "name": "Mehrinaz Elawady", "sector": "un_system"},
    )
    response = secretariat_client.get(url("manage", dialogue, language="ar"))
    html = page(response)
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "الحوار المتعدد أصحاب المصلحة الأول" in html
    # Items written only in English are shown in English, marked as such.
    assert '<span lang="en" dir="ltr">Opening</span>' in html
    assert "badge--missing" in html
    assert "Mehrinaz Elawady" in html
    assert "How can stakeholders take part in the national reviews?" in html
    assert url("participants", dialogue, language="ar") in html
    assert url("interventions", dialogue, language="ar") in html
    assert url("balance", dialogue, language="ar") in html


def test_the_overview_runs_the_same_queries_for_one_or_three_items(
    secretariat_client: Any, dialogue: Dialogue, django_assert_num_queries: Any
) -> None:
    def grow(title: str) -> None:
        item = add_item(dialogue, title)
        services.add_agenda_role(
            item=item, fields={"kind": "speaker", "name": f"{title} speaker", "sector": "un_system"}
        )
        add_question(dialogue, f"{title}?")

    grow("First")
    address = url("manage", dialogue)
    secretariat_client.get(address)
    with CaptureQueriesContext(connection) as one:
        secretariat_client.get(address)
    grow("Second")
    grow("Third")
    with django_assert_num_queries(len(one)):
        response = secretariat_client.get(address)
    assert "Third speaker" in page(response)


def test_the_overview_counts_participants_and_interventions(
    secretariat_client: Any, dialogue: Dialogue, jordan: Any, morocco: Any
) -> None:
    for name, country, attended in [
        ("A", jordan, True),
        ("B", morocco, True),
        ("C", jordan, True),
        ("D", None, False),
    ]:
        Participant.objects.create(
            dialogue=dialogue,
            full_name=name,
            sector="member_state",
            country=country,
            attended=attended,
            source=Participant.Source.MANUAL,
        )
    record_intervention(dialogue)
    record_intervention(dialogue, published=False, raises_question=True)
    html = page(secretariat_client.get(url("manage", dialogue)))
    assert "<strong>4</strong> participants registered" in html
    assert "<strong>3</strong> attended" in html
    assert "<strong>2</strong> countries among those who attended" in html
    assert "<strong>2</strong> interventions recorded (1 published)" in html
    assert "<strong>1</strong> question waiting for an answer" in html
