"""The secretariat opens a cycle, sets milestones and edits the templates in three languages."""

import pytest

from hiwar.reviews.models import Milestone, ReviewCycle, TemplateSection

pytestmark = pytest.mark.django_db


def _cycle_form(arab_region, **changes):
    data = {
        "slug": "arab-2025",
        "region": arab_region.pk,
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "national_report_deadline": "2025-06-30",
        "stakeholder_input_deadline": "2025-09-30",
        "make_current": "on",
        "title_en": "Second regional review",
        "title_fr": "Deuxième examen régional",
        "title_ar": "الاستعراض الإقليمي الثاني",
        "summary_en": "",
        "summary_fr": "",
        "summary_ar": "",
    }
    data.update(changes)
    return data


def test_the_secretariat_opens_a_cycle_for_the_whole_region(secretariat_client, arab_region):
    response = secretariat_client.post("/en/review/new-cycle/", _cycle_form(arab_region))
    assert response.status_code == 302
    cycle = ReviewCycle.objects.get(slug="arab-2025")
    assert cycle.member_states.count() == 22
    assert cycle.is_current
    assert cycle.title_ar == "الاستعراض الإقليمي الثاني"
    assert cycle.national_report_deadline.isoformat() == "2025-06-30"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2024-12-31"}, "ends_on"),
        ({"title_en": ""}, "title_en"),
        ({"slug": "not a slug!"}, "slug"),
        ({"region": "999999"}, "region"),
    ],
)
def test_bad_cycle_forms_change_nothing(secretariat_client, arab_region, changes, field):
    before = ReviewCycle.objects.count()
    response = secretariat_client.post("/en/review/new-cycle/", _cycle_form(arab_region, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert ReviewCycle.objects.count() == before


def test_a_taken_short_name_is_refused(secretariat_client, arab_region, cycle):
    response = secretariat_client.post(
        "/en/review/new-cycle/", _cycle_form(arab_region, slug=cycle.slug)
    )
    assert "slug" in response.context["form"].errors


def test_milestones_are_added_changed_and_removed(secretariat_client, cycle):
    url = f"/en/review/{cycle.slug}/setup/"
    data = {"key": "consultation", "kind": "consultation", "starts_on": "2025-03-01",
            "title_en": "National consultation", "title_fr": "", "title_ar": ""}  # fmt: skip
    assert secretariat_client.post(url, data).status_code == 302
    assert secretariat_client.post(url, {**data, "title_en": "Consultation"}).status_code == 302
    milestone = Milestone.objects.get(cycle=cycle, key="consultation")
    assert milestone.title_en == "Consultation"
    response = secretariat_client.post(f"/en/review/milestones/{milestone.pk}/delete/")
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_a_template_section_is_edited_in_three_languages(secretariat_client, cycle):
    section = TemplateSection.objects.get(template__cycle=cycle, key="preparation")
    data = {
        "position": 1,
        "title_en": "How the review was prepared",
        "title_fr": "Comment l'examen a été préparé",
        "title_ar": "كيف أُعدّ الاستعراض",
        "guidance_en": "Who took part.",
        "guidance_fr": "",
        "guidance_ar": "",
        "guiding_questions_en": "Who?\nHow?",
        "guiding_questions_fr": "",
        "guiding_questions_ar": "",
    }
    response = secretariat_client.post(f"/en/review/template-sections/{section.pk}/", data)
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title_ar == "كيف أُعدّ الاستعراض"
    assert section.question_list == ["Who?", "How?"]
    assert section.guidance_fr == ""  # left empty: shown as a missing translation


@pytest.mark.parametrize(
    "path",
    ["/en/review/new-cycle/", "/en/review/{slug}/settings/", "/en/review/{slug}/setup/"],
)
def test_only_the_secretariat_sets_up_cycles(client, user, cycle, path):
    client.force_login(user)
    assert client.get(path.format(slug=cycle.slug)).status_code == 403


def test_a_section_is_added_and_open_drafts_gain_it(secretariat_client, cycle, report, focal_point):
    from hiwar.reviews.models import ReportTemplate
    from hiwar.reviews.services import reports as report_services

    version = report_services.open_version(report=report)
    template = ReportTemplate.objects.get(cycle=cycle, kind="member_state")
    response = secretariat_client.post(
        f"/en/review/templates/{template.pk}/add-section/",
        {"key": "covid19", "title_en": "Migrants and the COVID-19 pandemic"},
    )
    assert response.status_code == 302
    section = template.sections.get(key="covid19")
    assert section.position == 9
    assert version.sections.filter(section=section).exists()
    again = secretariat_client.post(
        f"/en/review/templates/{template.pk}/add-section/",
        {"key": "covid19", "title_en": "Again"},
        follow=True,
    )
    assert "already has a section" in again.content.decode()
    assert template.sections.filter(key="covid19").count() == 1


def test_a_section_with_text_cannot_be_removed(secretariat_client, cycle, report, focal_point):
    from tests.reviews.conftest import draft_of, write

    write(report, focal_point, {"next_steps": "Adopt the national action plan."})
    section = draft_of(report, "next_steps").section
    response = secretariat_client.post(
        f"/en/review/template-sections/{section.pk}/remove/", follow=True
    )
    assert "cannot be removed" in response.content.decode()
    assert TemplateSection.objects.filter(pk=section.pk).exists()

    empty = TemplateSection.objects.get(template=section.template, key="means_of_implementation")
    secretariat_client.post(f"/en/review/template-sections/{empty.pk}/remove/")
    assert not TemplateSection.objects.filter(pk=empty.pk).exists()


def test_a_section_is_linked_to_objectives(secretariat_client, cycle):
    from hiwar.framework.models import Objective

    section = TemplateSection.objects.get(template__cycle=cycle, key="policy_environment")
    data = {
        "position": 2,
        "title_en": "Policy",
        "title_fr": "",
        "title_ar": "",
        "guidance_en": "",
        "guidance_fr": "",
        "guidance_ar": "",
        "guiding_questions_en": "",
        "guiding_questions_fr": "",
        "guiding_questions_ar": "",
        "objectives": [Objective.objects.get(number=n).pk for n in (1, 23)],
    }
    secretariat_client.post(f"/en/review/template-sections/{section.pk}/", data)
    assert sorted(section.objectives.values_list("number", flat=True)) == [1, 23]


def test_a_new_cycle_starts_with_the_default_outlines(secretariat_client, arab_region):
    secretariat_client.post("/en/review/new-cycle/", _cycle_form(arab_region))
    cycle = ReviewCycle.objects.get(slug="arab-2025")
    kinds = sorted(cycle.templates.values_list("kind", flat=True))
    assert kinds == ["member_state", "stakeholder"]
    assert TemplateSection.objects.filter(template__cycle=cycle).count() == 13
