"""The publication workflow through the services: drafts stored as sections, editing with
revisions and conflicts, reordering, history, comments, the workflow, translations and
staleness, machine translation."""

from typing import Any

import pytest

from hiwar.publications import services
from hiwar.publications.models import (
    MAX_BODY,
    Comment,
    LanguageVersion,
    Publication,
    Section,
    SectionTranslation,
)
from hiwar.publications.services import EditConflict, PublicationError
from tests.publications.conftest import EchoBackend, make_draft, make_publication, publish

pytestmark = pytest.mark.django_db


def headings(publication: Publication) -> list[str]:
    return list(publication.sections.values_list("heading", flat=True))


def translate(section: Section, language: str, status: str = "final", actor: Any = None) -> Any:
    existing = section.translations.filter(language=language).first()
    return services.save_translation(
        actor=actor,
        section=section,
        language=language,
        heading=f"{section.heading} ({language})",
        body=f"{section.body} ({language})",
        status=status,
        base_revision=existing.revision if existing else 0,
    )


def test_a_draft_is_stored_as_ordered_sections_with_empty_languages(publication, dialogue):
    assert publication.status == Publication.Status.DRAFT
    assert publication.source_language == "en"
    assert publication.dialogue == dialogue
    assert headings(publication) == ["Part 1", "Part 2", "Part 3"]
    assert list(publication.sections.values_list("order", flat=True)) == [1, 2, 3]
    assert sorted(publication.languages.values_list("language", "status")) == [
        ("ar", "missing"),
        ("fr", "missing"),
    ]


def test_outcome_messages_start_proposed_with_group_and_attribution(outcome):
    section = outcome.sections.first()
    assert (section.adoption_status, section.group, section.attribution) == (
        "proposed",
        "Round table 1",
        "Jordan (Member State)",
    )


def test_regenerating_makes_a_new_publication_and_keeps_the_edited_one(
    publication, cycle, dialogue
):
    section = publication.sections.first()
    services.save_section(
        actor=None, section=section, heading="Edited", body="Mine", base_revision=1
    )
    again = make_publication(cycle, dialogue)
    assert again.pk != publication.pk
    assert headings(publication)[0] == "Edited"
    assert headings(again)[0] == "Part 1"


@pytest.mark.parametrize(
    ("kind", "cluster", "dialogue_ok", "message"),
    [
        ("background_note", False, False, "round table"),
        ("dialogue_summary", False, False, "dialogue"),
        ("nonsense", False, False, "Unknown kind"),
    ],
)
def test_a_draft_without_what_it_belongs_to_is_refused(cycle, kind, cluster, dialogue_ok, message):
    with pytest.raises(PublicationError, match=message):
        services.create_publication_from_draft(actor=None, draft=make_draft(kind), cycle=cycle)
    assert not Publication.objects.exists()


def test_saving_a_section_makes_a_revision_and_keeps_history(publication, secretariat_user):
    section = publication.sections.first()
    services.save_section(
        actor=secretariat_user, section=section, heading="New", body="Body", base_revision=1
    )
    section.refresh_from_db()
    assert (section.revision, section.heading, section.updated_by) == (2, "New", secretariat_user)
    assert [r.heading for r in section.history.order_by("history_id")] == ["Part 1", "New"]


def test_a_stale_save_is_refused_and_nothing_is_overwritten(publication):
    section = publication.sections.first()
    services.save_section(actor=None, section=section, heading="Theirs", body="A", base_revision=1)
    with pytest.raises(EditConflict) as clash:
        services.save_section(
            actor=None, section=section, heading="Mine", body="B", base_revision=1
        )
    assert (clash.value.their_heading, clash.value.their_body, clash.value.their_revision) == (
        "Theirs",
        "A",
        2,
    )
    section.refresh_from_db()
    assert (section.heading, section.body, section.revision) == ("Theirs", "A", 2)


@pytest.mark.parametrize(
    ("heading", "body", "message"),
    [
        ("", "x", "needs a heading"),
        ("h" * 301, "x", "too long"),
        ("H", "x" * (MAX_BODY + 1), "too long"),
    ],
)
def test_bad_section_text_is_refused(publication, heading, body, message):
    section = publication.sections.first()
    with pytest.raises(PublicationError, match=message):
        services.save_section(
            actor=None, section=section, heading=heading, body=body, base_revision=1
        )
    section.refresh_from_db()
    assert (section.heading, section.revision) == ("Part 1", 1)


def test_restoring_a_revision_makes_it_current_as_a_new_revision(publication):
    section = publication.sections.first()
    services.save_section(actor=None, section=section, heading="Second", body="2", base_revision=1)
    first = section.history.order_by("history_id").first()
    services.restore_section_revision(actor=None, section=section, history_id=first.history_id)
    section.refresh_from_db()
    assert (section.heading, section.body, section.revision) == (
        "Part 1",
        "Participants raised point 1.",
        3,
    )


def test_a_revision_of_another_section_cannot_be_restored(publication):
    first, second = publication.sections.all()[:2]
    foreign = second.history.first()
    with pytest.raises(PublicationError):
        services.restore_section_revision(actor=None, section=first, history_id=foreign.history_id)


def test_sections_move_up_and_down_and_stay_at_the_ends(publication):
    first, second, third = publication.sections.all()
    services.move_section(actor=None, section=third, direction="up")
    assert headings(publication) == ["Part 1", "Part 3", "Part 2"]
    services.move_section(actor=None, section=first, direction="down")
    assert headings(publication) == ["Part 3", "Part 1", "Part 2"]
    services.move_section(actor=None, section=third, direction="up")  # already first
    services.move_section(actor=None, section=second, direction="down")  # already last
    assert headings(publication) == ["Part 3", "Part 1", "Part 2"]
    assert list(publication.sections.values_list("order", flat=True)) == [1, 2, 3]


def test_sections_are_added_at_the_end_and_deleted_with_their_history(publication):
    added = services.add_section(actor=None, publication=publication, heading="Annex", level=2)
    assert headings(publication)[-1] == "Annex" and added.order == 4
    middle = publication.sections.get(heading="Part 2")
    middle_pk = middle.pk
    services.delete_section(actor=None, section=middle)
    assert headings(publication) == ["Part 1", "Part 3", "Annex"]
    assert list(publication.sections.values_list("order", flat=True)) == [1, 2, 3]
    assert Section.history.filter(id=middle_pk, history_type="-").exists()


def test_adoption_status_only_for_outcome_messages(outcome, publication):
    message = outcome.sections.first()
    services.set_adoption_status(actor=None, section=message, status="agreed")
    message.refresh_from_db()
    assert message.adoption_status == "agreed"
    with pytest.raises(PublicationError):
        services.set_adoption_status(actor=None, section=message, status="maybe")
    with pytest.raises(PublicationError):
        services.set_adoption_status(
            actor=None, section=publication.sections.first(), status="agreed"
        )


def test_the_workflow_and_its_wrong_transitions(publication):
    with pytest.raises(PublicationError, match="Submit the publication for review"):
        services.publish_publication(actor=None, publication=publication)
    with pytest.raises(PublicationError, match="already a draft"):
        services.return_to_draft(actor=None, publication=publication)
    services.submit_for_review(actor=None, publication=publication)
    with pytest.raises(PublicationError, match="Only a draft"):
        services.submit_for_review(actor=None, publication=publication)
    published = services.publish_publication(actor=None, publication=publication)
    assert published.status == "published" and published.published_at is not None
    section = publication.sections.first()
    with pytest.raises(PublicationError, match="Return it to draft"):
        services.save_section(actor=None, section=section, heading="X", body="", base_revision=1)
    services.return_to_draft(actor=None, publication=publication)
    publication.refresh_from_db()
    assert publication.status == "draft"
    services.save_section(actor=None, section=section, heading="X", body="", base_revision=1)


def test_open_comments_hold_back_publication_until_resolved(
    publication, rapporteur, secretariat_user
):
    comment = services.add_comment(
        actor=rapporteur, section=publication.sections.first(), text="Name the countries."
    )
    services.submit_for_review(actor=None, publication=publication)
    with pytest.raises(PublicationError, match="1 open"):
        services.publish_publication(actor=None, publication=publication)
    services.resolve_comment(actor=secretariat_user, comment=comment)
    comment.refresh_from_db()
    assert comment.resolved_by == secretariat_user
    assert services.publish_publication(actor=None, publication=publication).is_published


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_empty_or_oversized_comments_are_refused(publication, rapporteur, text):
    with pytest.raises(PublicationError):
        services.add_comment(actor=rapporteur, section=publication.sections.first(), text=text)
    assert not Comment.objects.exists()


def test_translation_goes_stale_when_the_source_changes_and_fresh_when_resaved(publication):
    section = publication.sections.first()
    translation = translate(section, "fr")
    assert not translation.is_stale
    services.save_section(
        actor=None, section=section, heading="Part 1", body="Changed.", base_revision=1
    )
    translation.refresh_from_db()
    assert translation.is_stale
    translation = translate(section, "fr")
    assert not translation.is_stale


def test_language_status_missing_draft_final_and_back_to_draft_when_stale(publication):
    version = publication.languages.get(language="fr")
    assert version.status == "missing"
    first, second, third = publication.sections.all()
    translate(first, "fr", status="draft")
    version.refresh_from_db()
    assert version.status == "draft"
    for section in (first, second, third):
        translate(section, "fr", status="final")
    version.refresh_from_db()
    assert version.status == "final"
    assert publication.languages.get(language="ar").status == "missing"
    services.save_section(
        actor=None, section=second, heading="Part 2", body="New.", base_revision=1
    )
    version.refresh_from_db()
    assert version.status == "draft"


def test_a_stale_translation_save_is_refused(publication):
    section = publication.sections.first()
    translate(section, "ar")
    with pytest.raises(EditConflict):
        services.save_translation(
            actor=None,
            section=section,
            language="ar",
            heading="x",
            body="y",
            status="draft",
            base_revision=0,
        )
    assert section.translations.get(language="ar").heading == "Part 1 (ar)"


@pytest.mark.parametrize(
    ("language", "status", "message"),
    [
        ("en", "draft", "written in"),
        ("de", "draft", "Unknown language"),
        ("fr", "done", "draft or final"),
    ],
)
def test_bad_translations_are_refused(publication, language, status, message):
    with pytest.raises(PublicationError, match=message):
        services.save_translation(
            actor=None,
            section=publication.sections.first(),
            language=language,
            heading="x",
            body="y",
            status=status,
            base_revision=0,
        )
    assert not SectionTranslation.objects.exists()


def test_a_final_translation_needs_its_text(publication):
    with pytest.raises(PublicationError, match="final translation"):
        services.save_translation(
            actor=None, section=publication.sections.first(), language="fr",
            heading="Partie 1", body="", status="final", base_revision=0,
        )  # fmt: skip


def test_machine_translation_is_stored_as_a_labelled_draft(publication, translator):
    section = publication.sections.first()
    made = services.machine_translate_section(
        actor=translator, section=section, language="fr", backend=EchoBackend()
    )
    assert (made.machine, made.status, made.heading) == (True, "draft", "[fr] Part 1")
    # Finalized unchanged, it stays labelled as machine output.
    kept = services.save_translation(
        actor=translator, section=section, language="fr", heading=made.heading, body=made.body,
        status="final", base_revision=made.revision,
    )  # fmt: skip
    assert kept.machine
    # Edited by a person, it is no longer machine output.
    edited = services.save_translation(
        actor=translator, section=section, language="fr", heading="Partie 1", body=made.body,
        status="final", base_revision=kept.revision,
    )  # fmt: skip
    assert not edited.machine
    with pytest.raises(PublicationError, match="human translation"):
        services.machine_translate_section(
            actor=translator, section=section, language="fr", backend=EchoBackend()
        )


def test_no_machine_translation_without_a_configured_backend(publication, settings):
    settings.HIWAR_MACHINE_TRANSLATION_BACKEND = None
    with pytest.raises(PublicationError, match="No machine translation"):
        services.machine_translate_section(
            actor=None, section=publication.sections.first(), language="fr"
        )


def test_the_configured_backend_is_used(publication, settings):
    settings.HIWAR_MACHINE_TRANSLATION_BACKEND = "tests.publications.conftest.EchoBackend"
    made = services.machine_translate_section(
        actor=None, section=publication.sections.first(), language="ar"
    )
    assert made.body.startswith("[ar] ") and made.machine


def test_assigning_a_translator_and_a_translated_title(publication, translator):
    services.assign_translator(
        actor=None, publication=publication, language="ar", translator=translator
    )
    services.save_translated_title(actor=None, publication=publication, language="ar", title="ملخص")
    version = LanguageVersion.objects.get(publication=publication, language="ar")
    assert (version.translator, version.title) == (translator, "ملخص")
    with pytest.raises(PublicationError):
        services.assign_translator(
            actor=None, publication=publication, language="en", translator=translator
        )


def test_publish_helper_publishes(publication):
    assert publish(publication).status == "published"
