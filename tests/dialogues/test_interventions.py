"""Interventions: rapporteurs and the secretariat record who spoke (a participant of the
dialogue, or whom they speak for typed in), what was said, the guiding question, the objectives
(suggested by the analysis engine, confirmed by saving), speaking time and the organizers'
response; questions raised are tracked until the secretariat answers them. Refused requests
change nothing."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hiwar.dialogues.models import Dialogue, GuidingQuestion, Intervention, Participant
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import interventions as services
from hiwar.dialogues.services.interventions import Content, Speaker
from hiwar.framework.models import Country, Objective, StakeholderCategory
from tests.dialogues.conftest import BEIRUT

pytestmark = pytest.mark.django_db

REMITTANCES = (
    "The diaspora network asked for cheaper and faster transfers of remittances, and for "
    "banks to open accounts for migrant workers so that they can send money home."
)


def record(
    dialogue: Dialogue,
    by: Any,
    *,
    participant: Participant | None = None,
    summary: str = "Called for regular pathways for migrant workers.",
    **fields: Any,
) -> Intervention:
    """Record an intervention through the service, as the page does."""
    speaker = {
        name: fields.pop(name)
        for name in ("sector", "category", "country", "organization_name", "anonymous")
        if name in fields
    }
    if participant is None:
        speaker.setdefault("sector", "member_state")
    return services.record_intervention(
        dialogue=dialogue,
        by=by,
        speaker=Speaker(participant=participant, **speaker),
        content=Content(summary=summary, language=fields.pop("language", "en"), **fields),
    )


@pytest.fixture
def speaker(dialogue: Dialogue, organization: Any) -> Participant:
    """Nour, of the Jordan Migrant Workers Network (civil society, Jordan), who attended."""
    return Participant.objects.create(
        dialogue=dialogue,
        full_name="Nour Haddad",
        email="nour@example.org",
        organization=organization,
        sector="stakeholder",
        category=organization.category,
        country=organization.country,
        gender="female",
        attended=True,
        source=Participant.Source.MANUAL,
    )


@pytest.fixture
def other_dialogue(cycle: Any) -> Dialogue:
    return Dialogue.objects.create(
        cycle=cycle,
        slug="dialogue-2",
        title_en="Multi-stakeholder dialogue II",
        starts_at=datetime.datetime(2020, 11, 3, 10, 0, tzinfo=BEIRUT),
        ends_at=datetime.datetime(2020, 11, 3, 13, 0, tzinfo=BEIRUT),
        languages=["ar", "en", "fr"],
    )


@pytest.fixture
def stranger(other_dialogue: Dialogue) -> Participant:
    """A participant of the other dialogue."""
    return Participant.objects.create(
        dialogue=other_dialogue,
        full_name="Someone Else",
        sector="member_state",
        source=Participant.Source.MANUAL,
    )


def url(name: str, dialogue: Dialogue, language: str = "en", **kwargs: Any) -> str:
    path = reverse(f"dialogues:{name}", kwargs={"slug": dialogue.slug, **kwargs})
    return f"/{language}{path.removeprefix('/en')}"


def stored() -> list[tuple]:
    return list(
        Intervention.objects.order_by("pk").values_list(
            "pk", "dialogue", "participant", "sector", "category", "country", "organization_name",
            "summary", "language", "question", "minutes", "raises_question", "response",
            "answered_at", "published", "anonymous",
        )
    )  # fmt: skip


def objective(number: int) -> Objective:
    return Objective.objects.get(number=number)


# --- Recording ------------------------------------------------------------------------------


def test_a_rapporteur_records_what_a_participant_said(
    client, dialogue, agenda, questions, speaker, rapporteur, organization
):
    client.force_login(rapporteur)
    page = client.get(url("intervention_add", dialogue))
    assert page.status_code == 200
    assert page.context["form"]["language"].value() == "en"
    assert page.context["form"]["published"].value() is True
    assert "Nour Haddad · Jordan Migrant Workers Network" in page.content.decode()
    response = client.post(
        url("intervention_add", dialogue),
        {
            "participant": speaker.pk,
            "sector": "member_state",  # ignored: the participant's registration wins
            "agenda_item": agenda[2].pk,
            "question": questions[1].pk,
            "summary": "  Migrant organizations need funding that lasts more than a year.  ",
            "language": "en",
            "objectives": [objective(23).pk, objective(7).pk],
            "minutes": "4",
            "published": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("interventions", dialogue)
    intervention = Intervention.objects.get()
    assert (
        intervention.participant,
        intervention.sector,
        intervention.category,
        intervention.country,
        intervention.organization,
        intervention.agenda_item,
        intervention.question,
        intervention.summary,
        intervention.minutes,
        intervention.published,
        intervention.anonymous,
        intervention.raises_question,
        intervention.recorded_by,
    ) == (
        speaker,
        "stakeholder",
        organization.category,
        organization.country,
        organization,
        agenda[2],
        questions[1],
        "Migrant organizations need funding that lasts more than a year.",
        4,
        True,
        False,
        False,
        rapporteur,
    )
    assert [o.number for o in intervention.objectives.order_by("number")] == [7, 23]
    content = response.content.decode()
    assert "The intervention is recorded." in content
    assert "Migrant organizations need funding that lasts more than a year." in content
    assert (
        "<bdi>Nour Haddad · Jordan Migrant Workers Network · "
        "Stakeholder (GCM para 44) · Civil society · Jordan</bdi>" in content
    )
    assert "<h2>Open Discussion</h2>" in content


def test_the_language_defaults_to_the_page_language(client, dialogue, rapporteur):
    client.force_login(rapporteur)
    page = client.get(url("intervention_add", dialogue, language="ar"))
    assert page.context["form"]["language"].value() == "ar"
    assert 'dir="rtl"' in page.content.decode()


def test_whom_the_speaker_speaks_for_can_be_typed(client, dialogue, rapporteur, morocco):
    client.force_login(rapporteur)
    client.post(
        url("intervention_add", dialogue),
        {
            "sector": "stakeholder",
            "category": StakeholderCategory.objects.get(code="migrant_diaspora").pk,
            "country": morocco.pk,
            "organization_name": "  Réseau des diasporas  ",
            "summary": "Diaspora investment needs a one-stop shop.",
            "language": "fr",
            "published": "on",
        },
    )
    intervention = Intervention.objects.get()
    assert (
        intervention.participant,
        intervention.sector,
        intervention.category.code,
        intervention.country,
        intervention.organization_name,
        intervention.language,
    ) == (None, "stakeholder", "migrant_diaspora", morocco, "Réseau des diasporas", "fr")


def test_a_member_state_has_no_category(dialogue, rapporteur, jordan):
    intervention = record(
        dialogue,
        rapporteur,
        sector="member_state",
        country=jordan,
        category=StakeholderCategory.objects.get(code="media"),
    )
    assert (intervention.sector, intervention.category, intervention.country) == (
        "member_state",
        None,
        jordan,
    )


def test_an_anonymous_speaker_counts_but_is_never_named_in_public(
    client, dialogue, speaker, rapporteur
):
    intervention = record(
        dialogue, rapporteur, participant=speaker, anonymous=True, summary="Spoke of detention."
    )
    # The who-fields are kept, for the balance.
    assert (intervention.sector, intervention.category, intervention.organization) == (
        "stakeholder",
        speaker.category,
        speaker.organization,
    )
    public = services.public_speaker(intervention)
    assert public == "Anonymous speaker (Stakeholder (GCM para 44) · Civil society · Jordan)"
    assert "Nour" not in public and "Network" not in public
    assert services.internal_speaker(intervention).startswith("Nour Haddad · ")
    client.force_login(rapporteur)
    content = client.get(url("interventions", dialogue)).content.decode()
    assert "Anonymous in the public record" in content


# --- Bad input ------------------------------------------------------------------------------

VALID = {"sector": "un_system", "summary": "A statement.", "language": "en", "published": "on"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"summary": "  \n "}, "summary"),
        ({"summary": "x" * 5001}, "summary"),
        ({"sector": ""}, "sector"),
        ({"sector": "nobody"}, "sector"),
        ({"sector": "stakeholder"}, "category"),
        ({"language": "de"}, "language"),
        ({"minutes": "0"}, "minutes"),
        ({"minutes": "601"}, "minutes"),
        ({"minutes": "ten"}, "minutes"),
        ({"country": "999999"}, "country"),
        ({"objectives": ["999999"]}, "objectives"),
        ({"participant": "999999"}, "participant"),
    ],
)
def test_wrong_form_data_is_refused(client, dialogue, rapporteur, data, field):
    client.force_login(rapporteur)
    response = client.post(url("intervention_add", dialogue), {**VALID, **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Please correct the errors below." in response.content.decode()
    assert stored() == []


def test_an_empty_summary_says_what_to_do(client, dialogue, rapporteur):
    client.force_login(rapporteur)
    response = client.post(url("intervention_add", dialogue), {**VALID, "summary": " "})
    assert response.context["form"].errors["summary"] == ["Write a summary of the intervention."]


def test_another_dialogues_participant_agenda_item_or_question_is_refused(
    client, dialogue, other_dialogue, stranger, rapporteur
):
    item = other_dialogue.agenda.create(kind="opening", title_en="Opening")
    question = GuidingQuestion.objects.create(dialogue=other_dialogue, text_en="Elsewhere?")
    client.force_login(rapporteur)
    for data, field in [
        ({"participant": stranger.pk}, "participant"),
        ({"agenda_item": item.pk}, "agenda_item"),
        ({"question": question.pk}, "question"),
    ]:
        response = client.post(url("intervention_add", dialogue), {**VALID, **data})
        assert response.status_code == 200
        assert field in response.context["form"].errors
    assert stored() == []


def test_the_service_checks_everything_again(dialogue, other_dialogue, stranger, rapporteur):
    item = other_dialogue.agenda.create(kind="opening", title_en="Opening")
    question = GuidingQuestion.objects.create(dialogue=other_dialogue, text_en="Elsewhere?")
    cases = [
        ({"participant": stranger}, "not a participant of this dialogue"),
        ({"summary": "   "}, "Write a summary"),
        ({"agenda_item": item}, "agenda item is not part of this dialogue"),
        ({"question": question}, "not one of this dialogue"),
        ({"sector": "nobody"}, "Choose a participant"),
        ({"sector": "stakeholder"}, "Choose the stakeholder category"),
        ({"language": "de"}, "Choose the language"),
        ({"minutes": 0}, "between 1 and 600"),
    ]
    for fields, message in cases:
        with pytest.raises(DialogueError, match=message):
            record(dialogue, rapporteur, **fields)
    assert stored() == []


# --- Suggested objectives -------------------------------------------------------------------


def test_the_analysis_engine_suggests_objectives_the_rapporteur_confirms(
    client, dialogue, rapporteur
):
    client.force_login(rapporteur)
    posted = {**VALID, "summary": REMITTANCES, "objectives": [objective(6).pk], "suggest": "1"}
    response = client.post(url("intervention_add", dialogue), posted)
    assert response.status_code == 200
    assert stored() == []  # nothing is saved by asking
    form = response.context["form"]
    assert not form.is_bound  # re-rendered without errors
    options = {
        int(str(option.data["value"])): suggested for option, suggested in form.objective_options()
    }
    suggested = {pk for pk, is_suggested in options.items() if is_suggested}
    assert objective(20).pk in suggested
    assert objective(6).pk not in suggested
    checked = {int(pk) for pk in form["objectives"].value()}
    assert checked == suggested | {objective(6).pk}  # the rapporteur's own choice is kept
    content = response.content.decode()
    assert "Suggested by the analysis engine: objectives 20" in content
    assert 'class="badge badge--suggested">suggested</span>' in content
    assert form["summary"].value() == REMITTANCES
    assert form["sector"].value() == "un_system"
    # The rapporteur unchecks nothing and saves: the suggestions are confirmed.
    saved = client.post(
        url("intervention_add", dialogue),
        {**VALID, "summary": REMITTANCES, "objectives": sorted(checked)},
    )
    assert saved.status_code == 302
    numbers = set(Intervention.objects.get().objectives.values_list("number", flat=True))
    assert numbers == {objective.number for objective in Objective.objects.filter(pk__in=checked)}
    assert 20 in numbers


def test_suggestions_need_a_summary(client, dialogue, rapporteur):
    client.force_login(rapporteur)
    response = client.post(
        url("intervention_add", dialogue), {**VALID, "summary": "  ", "suggest": "1"}
    )
    assert response.status_code == 200
    assert "Write the summary first, then ask for suggestions." in response.content.decode()
    assert stored() == []


def test_suggestions_stay_marked_when_the_form_has_errors(client, dialogue, rapporteur):
    client.force_login(rapporteur)
    response = client.post(
        url("intervention_add", dialogue),
        {**VALID, "sector": "", "objectives": [objective(20).pk], "suggested": [objective(20).pk]},
    )
    assert "sector" in response.context["form"].errors
    assert response.context["form"].suggested_ids() == {objective(20).pk}
    assert 'class="badge badge--suggested">suggested</span>' in response.content.decode()


def test_suggested_objectives_for_an_arabic_text():
    suggested = services.suggested_objectives_for(
        "طالب المشاركون بخفض تكاليف تحويل الأموال التي يرسلها المهاجرون إلى أسرهم"
    )
    assert 20 in [objective.number for objective in suggested]
    assert services.suggested_objectives_for("   ") == []


# --- Editing and deleting -------------------------------------------------------------------


def test_editing_an_intervention(client, dialogue, speaker, secretariat_client, jordan):
    intervention = record(dialogue, None, participant=speaker, objectives=(objective(5),))
    page = secretariat_client.get(url("intervention_edit", dialogue, pk=intervention.pk))
    assert page.status_code == 200
    assert page.context["form"]["participant"].value() == speaker.pk
    assert [int(pk) for pk in page.context["form"]["objectives"].value()] == [objective(5).pk]
    response = secretariat_client.post(
        url("intervention_edit", dialogue, pk=intervention.pk),
        {
            "sector": "member_state",
            "country": jordan.pk,
            "summary": "Jordan described its national review.",
            "language": "ar",
            "objectives": [objective(1).pk],
        },
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert (
        intervention.participant,
        intervention.sector,
        intervention.category,
        intervention.organization,
        intervention.country,
        intervention.summary,
        intervention.language,
        intervention.published,
    ) == (
        None,
        "member_state",
        None,
        None,
        jordan,
        "Jordan described its national review.",
        "ar",
        False,
    )
    assert list(intervention.objectives.all()) == [objective(1)]


def test_a_wrong_edit_changes_nothing(client, dialogue, speaker, rapporteur, stranger):
    intervention = record(dialogue, rapporteur, participant=speaker)
    before = stored()
    client.force_login(rapporteur)
    response = client.post(
        url("intervention_edit", dialogue, pk=intervention.pk),
        {**VALID, "participant": stranger.pk, "summary": "Changed"},
    )
    assert "participant" in response.context["form"].errors
    assert stored() == before


def test_deleting_an_intervention(client, dialogue, rapporteur):
    intervention = record(dialogue, rapporteur)
    client.force_login(rapporteur)
    path = url("intervention_delete", dialogue, pk=intervention.pk)
    assert client.get(path).status_code == 405
    response = client.post(path, follow=True)
    assert "The intervention is deleted." in response.content.decode()
    assert stored() == []


def test_another_dialogues_intervention_is_not_found(client, dialogue, other_dialogue, rapporteur):
    elsewhere = record(other_dialogue, rapporteur)
    before = stored()
    client.force_login(rapporteur)
    for name in ("intervention_edit", "intervention_delete", "question_answer"):
        assert client.post(url(name, dialogue, pk=elsewhere.pk), VALID).status_code in (403, 404)
    assert client.get(url("intervention_edit", dialogue, pk=elsewhere.pk)).status_code == 404
    assert client.post(url("intervention_delete", dialogue, pk=elsewhere.pk)).status_code == 404
    assert client.post(url("intervention_delete", dialogue, pk=999999)).status_code == 404
    assert stored() == before


def test_who_may_record_interventions(client, dialogue, user, org_member, focal_point, rapporteur):
    intervention = record(dialogue, rapporteur)
    before = stored()
    pages = [
        url("interventions", dialogue),
        url("intervention_add", dialogue),
        url("intervention_edit", dialogue, pk=intervention.pk),
        url("open_questions", dialogue),
    ]
    for path in pages:
        assert client.get(path).status_code == 302  # to sign in
    for person in (user, org_member, focal_point):
        client.force_login(person)
        for path in pages:
            assert client.get(path).status_code == 403
        assert client.post(url("intervention_add", dialogue), VALID).status_code == 403
        assert (
            client.post(url("intervention_delete", dialogue, pk=intervention.pk)).status_code == 403
        )
    assert stored() == before
    assert client.get(url("interventions", Dialogue(slug="nowhere"))).status_code == 403
    client.force_login(rapporteur)
    assert client.get(url("interventions", Dialogue(slug="nowhere"))).status_code == 404


# --- Questions ------------------------------------------------------------------------------


def test_a_response_in_the_form_answers_the_question(client, dialogue, rapporteur):
    client.force_login(rapporteur)
    client.post(
        url("intervention_add", dialogue),
        {**VALID, "raises_question": "on", "response": "The secretariat will share the dates."},
    )
    intervention = Intervention.objects.get()
    assert intervention.raises_question and intervention.answered_at is not None
    first = intervention.answered_at
    client.post(
        url("intervention_edit", dialogue, pk=intervention.pk),
        {**VALID, "raises_question": "on", "response": "The dates are on the website."},
    )
    intervention.refresh_from_db()
    assert intervention.answered_at == first  # answered when first answered
    client.post(
        url("intervention_edit", dialogue, pk=intervention.pk), {**VALID, "raises_question": "on"}
    )
    intervention.refresh_from_db()
    assert (intervention.response, intervention.answered_at) == ("", None)


def test_questions_are_tracked_until_answered(
    client, dialogue, speaker, rapporteur, secretariat_client, secretariat_user
):
    answered = record(
        dialogue, rapporteur, summary="When is the next dialogue?", raises_question=True
    )
    services.answer_question(intervention=answered, by=None, response="In November.")
    waiting = record(
        dialogue,
        rapporteur,
        participant=speaker,
        summary="Who funds the platform?",
        raises_question=True,
    )
    record(dialogue, rapporteur, summary="A remark, no question.")
    client.force_login(rapporteur)
    page = client.get(url("open_questions", dialogue))
    assert [q.pk for q in page.context["questions"]] == [waiting.pk, answered.pk]  # open first
    content = page.content.decode()
    assert "2 questions raised · 1 awaiting an answer" in content
    assert "A remark, no question." not in content
    assert "Answered on" in content and "Awaiting an answer" in content
    assert "The secretariat records the answers." in content
    assert "<textarea" not in content  # rapporteurs read; the secretariat answers
    assert (
        client.post(
            url("question_answer", dialogue, pk=waiting.pk), {"response": "Member States."}
        ).status_code
        == 403
    )
    waiting.refresh_from_db()
    assert (waiting.response, waiting.answered_at) == ("", None)

    client.force_login(secretariat_user)  # the same client: sign in again as the officer
    response = client.post(
        url("question_answer", dialogue, pk=waiting.pk),
        {"response": "  The platform is funded by the regional network.  "},
        follow=True,
    )
    assert "The answer is recorded." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.response == "The platform is funded by the regional network."
    assert waiting.answered_at is not None
    assert response.context["open_count"] == 0
    assert "Change the answer" in response.content.decode()


def test_a_wrong_answer_changes_nothing(dialogue, rapporteur, secretariat_client):
    question = record(dialogue, rapporteur, raises_question=True)
    remark = record(dialogue, rapporteur)
    before = stored()
    response = secretariat_client.post(
        url("question_answer", dialogue, pk=question.pk), {"response": "   "}
    )
    assert response.status_code == 200
    assert "Write the answer." in response.content.decode()
    assert (
        secretariat_client.get(url("question_answer", dialogue, pk=question.pk)).status_code == 405
    )
    response = secretariat_client.post(
        url("question_answer", dialogue, pk=remark.pk), {"response": "An answer."}
    )
    assert "This intervention raises no question to answer." in response.content.decode()
    assert stored() == before
    with pytest.raises(DialogueError, match="Write the answer"):
        services.answer_question(intervention=question, by=None, response="")


# --- Queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["interventions", "open_questions"])
def test_the_lists_make_a_constant_number_of_queries(
    client, dialogue, agenda, questions, speaker, rapporteur, django_assert_num_queries, page
):
    def add(n: int) -> None:
        intervention = record(
            dialogue,
            rapporteur,
            participant=speaker,
            agenda_item=agenda[n],
            question=questions[n % 2],
            objectives=(objective(n + 1), objective(n + 10)),
            raises_question=True,
            response="Answered." if n else "",
        )
        record(
            dialogue,
            rapporteur,
            sector="stakeholder",
            category=StakeholderCategory.objects.get(code="academia"),
            country=Country.objects.get(iso2="LB"),
            raises_question=True,
        )
        assert intervention.pk

    add(0)
    client.force_login(rapporteur)
    path = url(page, dialogue)
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    add(1)
    add(2)
    with django_assert_num_queries(len(one)):
        response = client.get(path)
    assert len(response.context["questions" if page == "open_questions" else "interventions"]) == 6
