"""The demo dialogues are the two sessions of the 2020 report (seed 000): agendas, roles, guiding
questions, attendance totals and the interventions of every organization the report names."""

import datetime
import re
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from hiwar.accounts import demo as accounts_demo
from hiwar.accounts.models import Organization
from hiwar.dialogues import demo
from hiwar.dialogues.demo import seed_dialogues
from hiwar.dialogues.models import (
    AgendaItem,
    AgendaRole,
    Dialogue,
    GuidingQuestion,
    Intervention,
    Participant,
)
from hiwar.reviews.models import ReviewCycle

pytestmark = pytest.mark.django_db

FIRST, SECOND = "stakeholder-dialogue-2020-10-27", "stakeholder-dialogue-2020-11-03"
BEIRUT = ZoneInfo("Asia/Beirut")
ARABIC = re.compile(r"[\u0600-\u06FF]")
MODELS = (AgendaItem, AgendaRole, Dialogue, GuidingQuestion, Intervention, Participant)

# Section III of the report: "from 21 different countries, namely: ...".
REPORT_COUNTRIES = {
    "LB", "BE", "EG", "JO", "GB", "FR", "US", "FI", "AE", "KW", "BH",
    "DZ", "TN", "QA", "MA", "LY", "TR", "NL", "IQ", "IT", "CH",
}  # fmt: skip

IFRC = "International Federation of Red Cross and Red Crescent Societies"

# (organization, category code, country the report gives) of each intervention from the floor
# that names its organization, in the report's order.
NAMED_FIRST = [
    ("Tamkeen for Legal Aid and Human Rights", "civil_society", "JO"),
    ("Public Aid Organization", "civil_society", "IQ"),
    (IFRC, "red_cross_red_crescent", None),
    ("National Human Rights Commission, Libya", "nhri", "LY"),
    ("Tunisian General Labour Union", "trade_unions", "TN"),
    ("Adwaa Rights for Democracy and Human", "civil_society", "DZ"),
]
NAMED_SECOND = [
    ("United Cities and Local Governments", "local_authorities", None),
    ("Solidarity Center", "civil_society", "JO"),
    ("International Organization of Employers", "employers", None),
    ("Kuwait Trade Union Federation", "trade_unions", "KW"),
    ("Workers House", "trade_unions", "JO"),
    ("General Federation of Bahrain Trade Unions", "trade_unions", "BH"),
    ("Arab Institute for Human Rights", "civil_society", "TN"),
    (IFRC, "red_cross_red_crescent", None),
    ("International Organization of Employers", "employers", None),
    ("Tunisian General Labour Union", "trade_unions", "TN"),
]
UNHCR = "Office of the United Nations High Commissioner for Refugees (UNHCR)"


@pytest.fixture
def seeded(bare_cycle: ReviewCycle) -> dict[str, Dialogue]:
    accounts_demo.seed_organizations()
    dialogues, created = seed_dialogues(bare_cycle)
    assert created == 2
    return {dialogue.slug: dialogue for dialogue in dialogues}


def floor(dialogue: Dialogue) -> list[Intervention]:
    """Interventions from the floor: the open discussion, without the organizers."""
    return list(
        dialogue.interventions.filter(agenda_item__kind="open_discussion")
        .exclude(organization__acronym__in=["ESCWA", "IOM"])
        .select_related("organization", "category", "country")
        .order_by("created_at")
    )


def test_two_published_online_sessions_of_the_cycle(
    seeded: dict[str, Dialogue], bare_cycle: ReviewCycle
) -> None:
    first, second = seeded[FIRST], seeded[SECOND]
    assert list(Dialogue.objects.values_list("slug", flat=True)) == [FIRST, SECOND]
    for dialogue in (first, second):
        assert dialogue.cycle == bare_cycle
        assert dialogue.status == Dialogue.Status.PUBLISHED
        assert dialogue.time_zone == "Asia/Beirut"
        assert dialogue.languages == ["ar", "en", "fr"]
        assert dialogue.interpretation == ["ar", "en", "fr"]
        assert dialogue.meeting_url == ""
        assert "Kudo" in dialogue.summary_en
    assert first.starts_at == datetime.datetime(2020, 10, 27, 10, 0, tzinfo=BEIRUT)
    assert first.ends_at == datetime.datetime(2020, 10, 27, 13, 0, tzinfo=BEIRUT)
    assert second.starts_at.astimezone(BEIRUT).date() == datetime.date(2020, 11, 3)
    assert first.title_en == (
        "Multi-stakeholder dialogue on the GCM regional review in the Arab region, session I"
    )
    assert "الاستعراض الإقليمي للاتفاق العالمي" in first.title_ar
    assert second.title_ar.endswith("الجلسة الثانية")
    assert second.title_fr.endswith("deuxième session")


def test_agendas_follow_the_report(seeded: dict[str, Dialogue]) -> None:
    first = seeded[FIRST].agenda.all()
    assert [(item.position, item.kind) for item in first] == [
        (1, "opening"),
        (2, "scene_setting"),
        (3, "open_discussion"),
        (4, "closing"),
    ]
    assert [item.kind for item in seeded[SECOND].agenda.all()] == [
        "opening",
        "open_discussion",
        "closing",
    ]
    assert first[2].title_en == (
        "Session 2: Open discussion. Promoting a whole-of-society approach in the voluntary GCM "
        "review in the Arab region at the national level"
    )
    assert seeded[SECOND].agenda.get(kind="closing").title_en == (
        "Concluding remarks and the way forward"
    )


def roles(dialogue: Dialogue, kind: str) -> list[tuple[str, str, str]]:
    found = AgendaRole.objects.filter(item__dialogue=dialogue, item__kind=kind).select_related(
        "organization"
    )
    return [
        (
            role.kind,
            role.name,
            role.organization.acronym if role.organization else role.organization_name,
        )
        for role in found.order_by("position")
    ]


def test_people_in_roles_as_the_report_names_them(seeded: dict[str, Dialogue]) -> None:
    first, second = seeded[FIRST], seeded[SECOND]
    network = "Secretariat of the United Nations Network on Migration"
    assert roles(first, "opening") == [
        ("speaker", "Mehrinaz Elawady", "ESCWA"),
        ("speaker", "Carmela Godeau", "IOM"),
    ]
    assert roles(first, "scene_setting") == [
        ("speaker", "Sara Salman", "ESCWA"),
        ("speaker", "Misato Yuasa", "IOM"),
        ("speaker", "Monami Maulik", network),
    ]
    assert roles(first, "open_discussion") == [
        ("moderator", "Amira Abdelrahman Ahmed Mohamed", "AUC")
    ]
    assert roles(second, "opening") == [
        ("speaker", "Sara Salman", "ESCWA"),
        ("speaker", "Monami Maulik", network),
        ("speaker", "Othman Belbeisi", "IOM"),
    ]
    assert roles(second, "closing") == [
        ("speaker", "Kristina Mejo", "IOM"),
        ("speaker", "Sara Salman", "ESCWA"),
    ]
    elawady = AgendaRole.objects.get(name="Mehrinaz Elawady")
    assert elawady.function_en == (
        "Cluster Leader, Gender Justice, Population and Inclusive Development, ESCWA"
    )
    assert (elawady.sector, elawady.category, elawady.gender) == ("un_system", None, "female")
    moderator = AgendaRole.objects.filter(kind="moderator").first()
    assert moderator is not None
    assert (moderator.sector, moderator.category.code, moderator.gender) == (
        "stakeholder",
        "academia",
        "",
    )
    assert AgendaRole.objects.get(name="Othman Belbeisi").gender == "male"


def test_guiding_questions_are_the_reports(seeded: dict[str, Dialogue]) -> None:
    first = list(seeded[FIRST].questions.all())
    second = list(seeded[SECOND].questions.all())
    assert [question.position for question in first] == [1, 2, 3, 4]
    assert first[0].text_en == (
        "How have the different stakeholders engaged in the voluntary GCM follow-up and review "
        "process at the national level?"
    )
    assert [question.text_en for question in second] == [
        "What are the best ways to ensure stakeholders are fully engaged in the virtual GCM "
        "regional follow-up and review conference?",
        "What are the best ways to ensure the widest representation and participation of "
        "stakeholders in the regional review?",
        "What inputs are envisioned for the regional review conference?",
    ]


def test_every_text_is_in_arabic_english_and_french(seeded: dict[str, Dialogue]) -> None:
    texts: list[tuple[str, str, str]] = []
    for dialogue in seeded.values():
        texts += [(dialogue.title_ar, dialogue.title_en, dialogue.title_fr)]
        texts += [(dialogue.summary_ar, dialogue.summary_en, dialogue.summary_fr)]
        for item in dialogue.agenda.all():
            texts += [(item.title_ar, item.title_en, item.title_fr)]
            texts += [(item.description_ar, item.description_en, item.description_fr)]
        texts += [(q.text_ar, q.text_en, q.text_fr) for q in dialogue.questions.all()]
    texts += [
        (role.function_ar, role.function_en, role.function_fr) for role in AgendaRole.objects.all()
    ]
    assert len(texts) == 2 * 2 + 2 * 7 + 7 + 18
    for arabic, english, french in texts:
        assert arabic and english and french, english
        assert ARABIC.search(arabic), english
        assert not ARABIC.search(english + french), english


def test_attendance_reproduces_the_reports_totals(seeded: dict[str, Dialogue]) -> None:
    assert seeded[FIRST].participants.count() == 87
    assert seeded[SECOND].participants.count() == 76
    participants = Participant.objects.all()
    assert set(participants.values_list("country__iso2", flat=True)) == REPORT_COUNTRIES
    assert not participants.filter(attended=False).exists()
    assert set(participants.values_list("source", flat=True)) == {"import"}
    assert set(participants.values_list("email", flat=True)) == {""}
    assert set(participants.values_list("gender", flat=True)) == {""}
    assert set(participants.values_list("age_group", flat=True)) == {""}
    assert not participants.filter(user__isnull=False).exists()
    # No Member State delegates: the report describes a stakeholder dialogue.
    assert not participants.filter(sector="member_state").exists()


def test_only_people_the_report_names_appear_by_name(seeded: dict[str, Dialogue]) -> None:
    first = seeded[FIRST].participants
    named = set(
        first.exclude(full_name__startswith="Participant ").values_list("full_name", flat=True)
    )
    assert named == {
        "Mehrinaz Elawady",
        "Carmela Godeau",
        "Sara Salman",
        "Misato Yuasa",
        "Monami Maulik",
        "Amira Abdelrahman Ahmed Mohamed",
        "Kristina Mejo",
    }
    synthetic = sorted(
        first.filter(full_name__startswith="Participant ").values_list("full_name", flat=True)
    )
    assert synthetic == [f"Participant {n:03d}" for n in range(1, 81)]
    assert seeded[SECOND].participants.filter(full_name="Participant 070").exists()
    assert not seeded[SECOND].participants.filter(full_name="Participant 071").exists()


def test_attendance_spreads_over_the_para_44_groups(seeded: dict[str, Dialogue]) -> None:
    first = seeded[FIRST].participants
    by_sector = Counter(first.values_list("sector", flat=True))
    assert by_sector == {"stakeholder": 67, "un_system": 20}
    categories = set(first.exclude(category=None).values_list("category__code", flat=True))
    assert len(categories) == 13  # all of paragraph 44's groups but "other"
    assert Participant.objects.filter(category__code="other").count() == 1
    assert first.filter(sector="stakeholder", category=None).count() == 0


def test_every_named_organization_spoke(seeded: dict[str, Dialogue]) -> None:
    for slug, expected in ((FIRST, NAMED_FIRST), (SECOND, NAMED_SECOND)):
        named = [
            (i.organization.name, i.category.code, i.country.iso2 if i.country else None)
            for i in floor(seeded[slug])
            if i.organization
        ]
        assert named == expected, slug
    # Organizations the demo does not know keep their name as text.
    unhcr = Intervention.objects.get(organization_name=UNHCR)
    assert (unhcr.sector, unhcr.category, unhcr.organization) == ("un_system", None, None)
    # The report leaves three organizations unnamed: recorded by category, not as anonymous.
    unnamed = Intervention.objects.filter(organization=None, organization_name="")
    assert sorted(
        (i.dialogue.slug, i.category.code, i.country and i.country.iso2) for i in unnamed
    ) == [
        (FIRST, "civil_society", None),
        (FIRST, "civil_society", None),
        (SECOND, "civil_society", "MA"),
    ]
    assert not Intervention.objects.filter(anonymous=True).exists()


def test_interventions_follow_the_agenda(seeded: dict[str, Dialogue]) -> None:
    def by_item(dialogue: Dialogue) -> dict[str, int]:
        return dict(Counter(dialogue.interventions.values_list("agenda_item__kind", flat=True)))

    assert by_item(seeded[FIRST]) == {
        "opening": 2,
        "scene_setting": 3,
        "open_discussion": 8,
        "closing": 2,
    }
    assert by_item(seeded[SECOND]) == {"opening": 3, "open_discussion": 12, "closing": 2}
    first = list(seeded[FIRST].interventions.order_by("created_at"))
    assert first[0].participant.full_name == "Mehrinaz Elawady"
    assert first[-1].participant.full_name == "Kristina Mejo"
    for intervention in Intervention.objects.select_related("participant"):
        speaker = intervention.participant
        assert speaker.dialogue_id == intervention.dialogue_id
        assert (speaker.sector, speaker.category_id, speaker.organization_id) == (
            intervention.sector,
            intervention.category_id,
            intervention.organization_id,
        )
        assert intervention.published
        assert intervention.minutes is None


def test_summaries_are_short_and_in_their_language(seeded: dict[str, Dialogue]) -> None:
    languages = Counter(Intervention.objects.values_list("language", flat=True))
    assert languages == {"en": 28, "fr": 2, "ar": 2}
    for intervention in Intervention.objects.all():
        sentences = re.findall(r"[.!?؟](?:\s|$)", intervention.summary)
        assert 1 <= len(sentences) <= 3, intervention.summary
        if intervention.language == "ar":
            assert ARABIC.search(intervention.summary)
        else:
            assert not ARABIC.search(intervention.summary), intervention.summary
    french = Intervention.objects.filter(language="fr")
    assert {i.organization.acronym for i in french} == {"UGTT"}
    arabic = Intervention.objects.filter(language="ar")
    assert {i.organization.acronym for i in arabic if i.organization.acronym} == {"KTUF"}


def test_objectives_and_guiding_questions(seeded: dict[str, Dialogue]) -> None:
    libya = Intervention.objects.get(organization__name="National Human Rights Commission, Libya")
    assert sorted(libya.objectives.values_list("number", flat=True)) == [1, 10, 13, 17]
    assert libya.question.text_en.startswith("What are the main challenges and opportunities")
    kuwait = Intervention.objects.get(organization__acronym="KTUF")
    assert sorted(kuwait.objectives.values_list("number", flat=True)) == [2, 5, 17]
    public_aid = Intervention.objects.get(organization__name="Public Aid Organization")
    assert public_aid.question.position == 4  # the good practice it offers
    for intervention in Intervention.objects.exclude(question=None):
        assert intervention.question.dialogue_id == intervention.dialogue_id
    opening = Intervention.objects.filter(agenda_item__kind="opening")
    assert not opening.filter(objectives__isnull=False).exists()


def test_organizers_answers_are_recorded(seeded: dict[str, Dialogue]) -> None:
    asked = Intervention.objects.filter(raises_question=True)
    assert asked.count() == 9
    answered = asked.exclude(response="")
    assert answered.count() == 8
    for intervention in answered:
        assert intervention.answered_at == intervention.dialogue.ends_at
    assert not Intervention.objects.filter(raises_question=False).exclude(response="").exists()
    (open_question,) = asked.filter(response="")
    assert (open_question.dialogue.slug, open_question.category.code) == (FIRST, "civil_society")
    assert open_question.answered_at is None
    adwaa = Intervention.objects.get(organization__name="Adwaa Rights for Democracy and Human")
    assert "Indicative Outlines" in adwaa.response
    assert "Misato Yuasa (IOM)" in adwaa.response
    employers = Intervention.objects.filter(organization__acronym="IOE").order_by("created_at")
    assert [bool(i.response) for i in employers] == [True, True]


def test_without_the_demo_organizations_names_are_kept_as_text(bare_cycle: ReviewCycle) -> None:
    seed_dialogues(bare_cycle)
    assert not Organization.objects.exists()
    assert (
        AgendaRole.objects.filter(
            name="Sara Salman",
            organization=None,
            organization_name="United Nations Economic and Social Commission for Western Asia",
        ).count()
        == 5
    )
    assert Intervention.objects.filter(organization_name="Solidarity Center").count() == 1
    assert Participant.objects.count() == 87 + 76
    assert not Intervention.objects.exclude(recorded_by=None).exists()


def test_seeding_twice_duplicates_nothing(
    seeded: dict[str, Dialogue], bare_cycle: ReviewCycle
) -> None:
    before = {model: model.objects.count() for model in MODELS}
    dialogues, created = seed_dialogues(bare_cycle)
    assert (dialogues, created) == ([seeded[FIRST], seeded[SECOND]], 0)
    assert {model: model.objects.count() for model in MODELS} == before


def test_a_missing_dialogue_is_seeded_again_alone(
    seeded: dict[str, Dialogue], bare_cycle: ReviewCycle
) -> None:
    seeded[FIRST].title_en = "Renamed by the secretariat"
    seeded[FIRST].save()
    seeded[SECOND].delete()
    dialogues, created = seed_dialogues(bare_cycle)
    assert created == 1
    assert dialogues[0].title_en == "Renamed by the secretariat"
    assert dialogues[1].participants.count() == 76
    assert Intervention.objects.count() == 15 + 17


def test_a_failure_stores_nothing(bare_cycle: ReviewCycle, monkeypatch: Any) -> None:
    data = demo.load_dialogues()
    data["dialogues"][1]["interventions"][-1]["objectives"] = [24]  # no such objective
    monkeypatch.setattr(demo, "load_dialogues", lambda: data)
    with pytest.raises(KeyError):
        seed_dialogues(bare_cycle)
    assert {model: model.objects.count() for model in MODELS} == dict.fromkeys(MODELS, 0)


def test_seed_demo_loads_the_dialogues_once(capsys: Any) -> None:
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert f"Demo dialogues: {FIRST}, {SECOND} (created this run: 2)" in out
    counts = {model: model.objects.count() for model in MODELS}
    assert counts[Participant] == 87 + 76
    dialogue = Dialogue.objects.get(slug=FIRST)
    assert dialogue.cycle.slug == "arab-region-2020-2021"
    assert set(dialogue.interventions.values_list("recorded_by__email", flat=True)) == {
        "rapporteur@example.org"
    }
    call_command("seed_demo")
    assert "(created this run: 0)" in capsys.readouterr().out
    assert {model: model.objects.count() for model in MODELS} == counts
