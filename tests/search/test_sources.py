"""Only what is published is indexed and shown, for every source; withdrawing takes effect at
once, even before the index is refreshed."""

from typing import Any

import pytest

from hiwar.dialogues.models import Consultation, Contribution, Dialogue, Intervention
from hiwar.dialogues.services.setup import publish_dialogue, unpublish_dialogue
from hiwar.reviews.models import NationalReport, StakeholderInput
from hiwar.reviews.services import reports as report_services
from hiwar.search.index import refresh_search_index
from hiwar.search.models import SearchDocument
from hiwar.search.query import run_search
from tests.search.conftest import add_passages, make_dialogue, make_input

pytestmark = pytest.mark.django_db


def keys() -> set[str]:
    return set(SearchDocument.objects.values_list("key", flat=True))


def found(query: str) -> list[str]:
    return [result.document.key for result in run_search(query, {}, "1").results]


def test_published_report_and_its_passages_are_found(published_report, submitted_report):
    add_passages(
        report=published_report,
        texts=["Jordan opened labour offices for domestic workers in Amman."],
        objective=6,
    )
    add_passages(report=submitted_report, texts=["Morocco opened labour offices in Rabat."])
    refresh_search_index()
    assert {key.split(":")[0] for key in keys()} == {"report", "passage"}
    passage = SearchDocument.objects.get(kind=SearchDocument.Kind.REPORT_PASSAGE)
    assert passage.gate_kind == "report" and passage.gate_id == published_report.pk
    assert passage.objective_numbers == [6]
    assert not SearchDocument.objects.filter(gate_id=submitted_report.pk).exists()
    assert "Rabat" not in " ".join(SearchDocument.objects.values_list("body", flat=True))
    assert found("labour offices") == [f"passage:{passage.object_id}"]


def test_superseded_and_old_passages_are_left_out(published_report):
    _current, superseded = add_passages(
        report=published_report, texts=["Current text on remittances.", "Old text on visas."]
    )
    superseded.superseded = True
    superseded.save()
    old = add_passages(report=published_report, texts=["An older version on detention."])[0]
    old.document.is_current = False
    old.document.save()
    refresh_search_index()
    bodies = set(SearchDocument.objects.values_list("body", flat=True))
    assert "Current text on remittances." in bodies
    assert "Old text on visas." not in bodies
    assert "An older version on detention." not in bodies


def test_a_withdrawn_report_disappears_before_and_after_the_refresh(
    published_report, django_capture_on_commit_callbacks
):
    add_passages(report=published_report, texts=["Consular assistance for detained migrants."])
    refresh_search_index()
    assert found("consular assistance")
    # Withdrawn behind the index's back: the query-time check hides it at once.
    NationalReport.objects.filter(pk=published_report.pk).update(
        status=NationalReport.Status.SUBMITTED
    )
    assert found("consular assistance") == []
    # Withdrawn through the service: the refresh queued on commit removes the entries.
    NationalReport.objects.filter(pk=published_report.pk).update(
        status=NationalReport.Status.PUBLISHED
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.withdraw_report(actor=None, report=published_report)
    assert not SearchDocument.objects.filter(gate_kind="report").exists()


def test_only_published_inputs_and_their_passages(cycle, organization):
    published = make_input(
        status=StakeholderInput.Status.PUBLISHED,
        title="Shelters for women migrants",
        text="Our shelters host women migrants who left abusive employers.",
        organization=organization,
    )
    draft = make_input(
        status=StakeholderInput.Status.SUBMITTED,
        title="Unpublished shelters note",
        text="A private note about shelters.",
        organization=organization,
    )
    add_passages(item=published, texts=["Shelters host women migrants in Amman."])
    add_passages(item=draft, texts=["Private shelters passage."])
    refresh_search_index()
    assert {doc.gate_id for doc in SearchDocument.objects.all()} == {published.pk}
    assert set(SearchDocument.objects.values_list("kind", flat=True)) == {
        "input",
        "input_passage",
    }
    assert "Private" not in " ".join(SearchDocument.objects.values_list("body", flat=True))


def test_the_author_is_named_only_when_they_asked(cycle, organization, org_member):
    name = org_member.get_full_name()
    shown = make_input(
        status=StakeholderInput.Status.PUBLISHED,
        title="Named input",
        text="Text.",
        organization=organization,
        author=org_member,
        show_author_name=True,
    )
    hidden = make_input(
        status=StakeholderInput.Status.PUBLISHED,
        title="Anonymous input",
        text="Text.",
        organization=organization,
        author=org_member,
    )
    refresh_search_index()
    names = dict(SearchDocument.objects.values_list("object_id", "organization_name"))
    assert name in names[shown.pk]
    assert name not in names[hidden.pk]
    assert organization.name in names[hidden.pk]


def test_an_unpublishable_input_is_never_indexed(cycle, organization):
    make_input(
        status=StakeholderInput.Status.PUBLISHED,
        title="Not for publication",
        text="Text.",
        organization=organization,
        publishable=False,
    )
    refresh_search_index()
    assert keys() == set()


def test_dialogues_in_each_language_and_only_when_published(
    cycle, django_capture_on_commit_callbacks
):
    published = make_dialogue(
        cycle,
        "d1",
        title_en="Dialogue on labour migration",
        title_fr="Dialogue sur la migration de travail",
        title_ar="حوار حول هجرة العمالة",
        summary_fr="Les participants ont parlé du recrutement équitable.",
    )
    make_dialogue(cycle, "d2", published=False, title_en="Draft dialogue on visas")
    refresh_search_index()
    assert keys() == {f"dialogue:{published.pk}:{code}" for code in ("ar", "en", "fr")}
    assert found("recrutement équitable") == [f"dialogue:{published.pk}:fr"]
    published.agenda.create(kind="opening", title_en="Opening", position=1)
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_dialogue(dialogue=published)
    assert keys() == set()
    with django_capture_on_commit_callbacks(execute=True):
        publish_dialogue(dialogue=published)
    assert len(keys()) == 3


def test_interventions_published_and_never_naming_anonymous_speakers(cycle, organization):
    dialogue = make_dialogue(cycle, "d1", title_en="Dialogue one")
    draft_dialogue = make_dialogue(cycle, "d2", published=False, title_en="Draft")
    common: dict[str, Any] = {"sector": "government", "language": "en"}
    named = Intervention.objects.create(
        dialogue=dialogue, summary="Visa fees are too high.", organization=organization, **common
    )
    anonymous = Intervention.objects.create(
        dialogue=dialogue,
        summary="Employers keep passports.",
        organization=organization,
        organization_name="Hidden union",
        anonymous=True,
        **common,
    )
    Intervention.objects.create(
        dialogue=dialogue, summary="Unpublished remark.", published=False, **common
    )
    Intervention.objects.create(dialogue=draft_dialogue, summary="Draft remark.", **common)
    refresh_search_index()
    entries = {doc.object_id: doc for doc in SearchDocument.objects.filter(kind="intervention")}
    assert set(entries) == {named.pk, anonymous.pk}
    assert entries[named.pk].organization_name == organization.name
    assert entries[anonymous.pk].organization_name == ""
    # Unpublished afterwards: hidden at query time until the refresh.
    Intervention.objects.filter(pk=named.pk).update(published=False)
    assert found("visa fees") == []


def test_hidden_contributions_are_not_found(cycle, org_member, secretariat_user):
    import datetime

    from django.utils import timezone

    from hiwar.dialogues.services.consultations import hide_contribution

    now = timezone.now()
    consultation = Consultation.objects.create(
        cycle=cycle,
        slug="c1",
        title_en="Consultation on returns",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    visible = Contribution.objects.create(
        consultation=consultation,
        author=org_member,
        text="Reintegration grants help.",
        language="en",
    )
    hidden = Contribution.objects.create(
        consultation=consultation, author=org_member, text="Reintegration spam.", language="en"
    )
    hide_contribution(contribution=hidden, by=secretariat_user, reason="Spam.")
    refresh_search_index()
    assert keys() == {f"contribution:{visible.pk}"}
    assert org_member.email not in " ".join(
        SearchDocument.objects.values_list("organization_name", flat=True)
    )
    Contribution.objects.filter(pk=visible.pk).update(hidden_at=now)
    assert found("reintegration") == []


def test_only_published_practices(organization, org_member):
    from hiwar.knowledge.models import Practice
    from tests.knowledge.conftest import make_practice

    published = make_practice(organization, org_member, status=Practice.Status.PUBLISHED)
    make_practice(organization, org_member, status=Practice.Status.SUBMITTED, title="Secret")
    refresh_search_index()
    assert keys() == {f"practice:{published.pk}"}
    assert found("legal clinics") == [f"practice:{published.pk}"]
    Practice.objects.filter(pk=published.pk).update(status=Practice.Status.SUBMITTED)
    assert found("legal clinics") == []


def test_refresh_is_idempotent_and_follows_changes(cycle):
    dialogue = make_dialogue(cycle, "d1", title_en="Dialogue on remittances")
    first = refresh_search_index()
    assert (first.created, first.updated, first.deleted) == (1, 0, 0)
    again = refresh_search_index()
    assert not again.changed and again.unchanged == 1
    Dialogue.objects.filter(pk=dialogue.pk).update(title_en="Dialogue on remittance costs")
    changed = refresh_search_index()
    assert (changed.created, changed.updated, changed.deleted) == (0, 1, 0)
    assert SearchDocument.objects.get().title == "Dialogue on remittance costs"
    Dialogue.objects.filter(pk=dialogue.pk).update(status=Dialogue.Status.DRAFT)
    assert refresh_search_index().deleted == 1


def test_the_reindex_command(cycle, capsys):
    from django.core.management import call_command

    make_dialogue(cycle, "d1", title_en="Dialogue on remittances")
    call_command("search_reindex")
    assert "1 new" in capsys.readouterr().out
    call_command("search_reindex")
    assert "1 unchanged" in capsys.readouterr().out


def test_the_demo_seeding_indexes_what_is_published(cycle):
    from hiwar.search.demo import seed_search_index

    make_dialogue(cycle, "d1", title_en="Dialogue on remittances")
    assert seed_search_index().created == 1
    assert not seed_search_index().changed


def test_the_load_data_command_is_bounded_and_refuses_real_data(published_report):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="between 1 and"):
        call_command("search_loadtest_data", passages=0)
    with pytest.raises(CommandError, match="throwaway database"):
        call_command("search_loadtest_data", passages=10)


def test_only_published_publications_in_the_languages_readers_see(cycle, secretariat_user):
    from hiwar.publications import services as publication_services
    from hiwar.publications.drafts import Draft, DraftSection

    draft = Draft(
        kind="outcome",
        language="en",
        title="Outcome of the regional review",
        sections=[
            DraftSection(
                key="m1",
                heading="Remittance corridors",
                body="Lower the cost of remittance corridors. [[cite:999]]",
                group="Round table 2",
            )
        ],
    )
    publication = publication_services.create_publication_from_draft(
        actor=secretariat_user, draft=draft, cycle=cycle
    )
    refresh_search_index()
    assert not {key for key in keys() if key.startswith("publication:")}
    assert found("remittance corridors") == []

    publication_services.submit_for_review(actor=secretariat_user, publication=publication)
    publication_services.publish_publication(actor=secretariat_user, publication=publication)
    refresh_search_index()
    # Only English exists: no French or Arabic entry pretends to be a translation.
    assert {key for key in keys() if key.startswith("publication:")} == {
        f"publication:{publication.pk}:en"
    }
    assert found("remittance corridors")[0] == f"publication:{publication.pk}:en"
    entry = SearchDocument.objects.get(key=f"publication:{publication.pk}:en")
    assert "[[cite" not in entry.body

    publication_services.return_to_draft(actor=secretariat_user, publication=publication)
    assert found("remittance corridors") == []  # gone before the refresh runs
