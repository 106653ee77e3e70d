"""The secretariat's pages: the workspace list (with its query count), generating a draft,
the editor, editing a section (conflict, bad input, forged ids), history restore, comments, the
workflow buttons and the side-by-side translation editor."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hiwar.publications import services
from hiwar.publications.citations import missing_markers
from hiwar.publications.models import Publication, SectionTranslation
from tests.publications.conftest import make_publication

pytestmark = pytest.mark.django_db


def test_the_workspace_lists_publications_with_their_language_table(
    secretariat_client, publication, cycle, translator
):
    services.assign_translator(
        actor=None, publication=publication, language="fr", translator=translator
    )
    section = publication.sections.first()
    services.save_translation(
        actor=None,
        section=section,
        language="fr",
        heading="Partie 1",
        body="Texte",
        status="final",
        base_revision=0,
    )
    services.save_section(
        actor=None, section=section, heading="Part 1", body="Changed", base_revision=1
    )
    page = secretariat_client.get(reverse("publications:workspace", kwargs={"slug": cycle.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    assert publication.title in html
    assert "Farid Translator" in html
    assert "1 stale" in html
    assert "Generate draft" in html


def add_publications(cycle: Any, dialogue: Any, count: int) -> None:
    for _n in range(count):
        publication = make_publication(cycle, dialogue)
        services.save_translation(
            actor=None, section=publication.sections.first(), language="ar",
            heading="ع", body="ن", status="draft", base_revision=0,
        )  # fmt: skip


def test_the_workspace_query_count_is_the_same_for_1_and_3_publications(
    secretariat_client, cycle, dialogue, django_assert_num_queries
):
    url = reverse("publications:workspace", kwargs={"slug": cycle.slug})
    add_publications(cycle, dialogue, 1)
    secretariat_client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert secretariat_client.get(url).content.decode().count('class="pub-row') == 1
    add_publications(cycle, dialogue, 2)
    with django_assert_num_queries(len(one)):
        assert secretariat_client.get(url).content.decode().count('class="pub-row') == 3


def test_generating_a_dialogue_summary_makes_a_new_draft_each_time(
    secretariat_client, cycle, dialogue, agenda
):
    url = reverse("publications:generate", kwargs={"slug": cycle.slug})
    data = {"kind": "dialogue_summary", "language": "fr", "dialogue": dialogue.pk}
    response = secretariat_client.post(url, data)
    first = Publication.objects.get()
    assert response["Location"] == reverse("publications:editor", kwargs={"pk": first.pk})
    assert (first.kind, first.source_language, first.dialogue) == (
        "dialogue_summary",
        "fr",
        dialogue,
    )
    assert first.sections.exists()
    secretariat_client.post(url, data)
    assert Publication.objects.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "background_note", "language": "en"},  # no round table
        {"kind": "dialogue_summary", "language": "en"},  # no dialogue
        {"kind": "dialogue_summary", "language": "en", "dialogue": 999999},
        {"kind": "poem", "language": "en"},
        {"kind": "outcome", "language": "xx"},
    ],
)
def test_bad_generate_requests_create_nothing(secretariat_client, cycle, data):
    response = secretariat_client.post(
        reverse("publications:generate", kwargs={"slug": cycle.slug}), data, follow=True
    )
    assert response.status_code == 200
    assert not Publication.objects.exists()
    assert "alert--error" in response.content.decode()


def test_a_dialogue_of_another_cycle_is_refused(secretariat_client, cycle, dialogue, arab_region):
    import datetime

    from hiwar.reviews.models import ReviewCycle

    other = ReviewCycle.objects.create(
        slug="other",
        region=arab_region,
        title="Other",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 1, 1),
    )
    response = secretariat_client.post(
        reverse("publications:generate", kwargs={"slug": other.slug}),
        {"kind": "dialogue_summary", "language": "en", "dialogue": dialogue.pk},
    )
    assert response.status_code == 302
    assert not Publication.objects.exists()


def test_the_editor_shows_sections_in_order_with_actions(secretariat_client, outcome):
    html = secretariat_client.get(
        reverse("publications:editor", kwargs={"pk": outcome.pk})
    ).content.decode()
    assert html.index("Part 1") < html.index("Part 2") < html.index("Part 3")
    assert "Move up" in html and "Adoption status" in html and "Submit for review" in html


def test_moving_a_section_without_javascript(secretariat_client, publication):
    third = publication.sections.get(heading="Part 3")
    response = secretariat_client.post(
        reverse("publications:section_action", kwargs={"pk": third.pk, "action": "up"})
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#s{third.pk}")
    assert list(publication.sections.values_list("heading", flat=True)) == [
        "Part 1",
        "Part 3",
        "Part 2",
    ]


def test_editing_a_section_and_a_stale_save_shows_both_texts(secretariat_client, publication):
    section = publication.sections.first()
    url = reverse("publications:section_edit", kwargs={"pk": section.pk})
    response = secretariat_client.post(
        url, {"heading": "Opening", "body": "Welcome.", "base_revision": 1}
    )
    assert response.status_code == 302
    response = secretariat_client.post(
        url, {"heading": "Mine", "body": "My words.", "base_revision": 1}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this section" in html and "Welcome." in html and "My words." in html
    section.refresh_from_db()
    assert (section.heading, section.revision) == ("Opening", 2)


def test_the_secretariat_corrects_who_voiced_a_key_message_and_its_group(
    secretariat_client, outcome
):
    section = outcome.sections.first()
    services.save_translation(
        actor=None,
        section=section,
        language="fr",
        heading="Partie 1",
        body="Les participants ont soulevé le point 1.",
        status="final",
        base_revision=0,
    )
    url = reverse("publications:section_edit", kwargs={"pk": section.pk})
    page = secretariat_client.get(url).content.decode()
    assert 'name="attribution"' in page and 'value="Jordan (Member State)"' in page
    response = secretariat_client.post(
        url,
        {
            "heading": section.heading,
            "body": section.body,
            "base_revision": 1,
            "group": "  Round table 3  ",
            "attribution": "Trade unions (Amman dialogue)",
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.group, section.attribution, section.revision) == (
        "Round table 3",
        "Trade unions (Amman dialogue)",
        2,
    )
    # Only the metadata changed: the French translation is still current.
    assert not section.translations.get(language="fr").is_stale
    editor = secretariat_client.get(reverse("publications:editor", kwargs={"pk": outcome.pk}))
    assert "Voiced by: Trade unions (Amman dialogue)" in editor.content.decode()
    # An oversized attribution is refused and changes nothing.
    response = secretariat_client.post(
        url,
        {
            "heading": section.heading,
            "body": section.body,
            "base_revision": 2,
            "group": "Round table 3",
            "attribution": "x" * 301,
        },
    )
    assert response.status_code == 400
    section.refresh_from_db()
    assert (section.attribution, section.revision) == ("Trade unions (Amman dialogue)", 2)


def test_only_key_messages_have_group_and_attribution_fields(secretariat_client, publication):
    section = publication.sections.first()
    url = reverse("publications:section_edit", kwargs={"pk": section.pk})
    assert 'name="attribution"' not in secretariat_client.get(url).content.decode()
    # A forged field on a dialogue summary is ignored.
    response = secretariat_client.post(
        url, {"heading": "Part 1", "body": "Changed.", "base_revision": 1, "attribution": "Me"}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.body, section.attribution) == ("Changed.", "")


@pytest.mark.parametrize(
    "data",
    [
        {"heading": "", "body": "x", "base_revision": 1},
        {"heading": "h" * 301, "body": "x", "base_revision": 1},
        {"heading": "H", "body": "x" * 60_001, "base_revision": 1},
        {"heading": "H", "body": "x", "base_revision": "abc"},
    ],
)
def test_bad_section_input_is_refused_with_a_message(secretariat_client, publication, data):
    section = publication.sections.first()
    response = secretariat_client.post(
        reverse("publications:section_edit", kwargs={"pk": section.pk}), data
    )
    assert response.status_code == 400
    section.refresh_from_db()
    assert (section.heading, section.revision) == ("Part 1", 1)


def test_history_is_shown_and_restored(secretariat_client, publication):
    section = publication.sections.first()
    services.save_section(actor=None, section=section, heading="Second", body="2", base_revision=1)
    url = reverse("publications:section_edit", kwargs={"pk": section.pk})
    html = secretariat_client.get(url).content.decode()
    assert "Restore this text" in html
    first = section.history.order_by("history_id").first()
    secretariat_client.post(
        reverse("publications:section_action", kwargs={"pk": section.pk, "action": "restore"}),
        {"history_id": first.history_id},
    )
    section.refresh_from_db()
    assert (section.heading, section.revision) == ("Part 1", 3)


def test_a_forged_revision_id_restores_nothing(secretariat_client, publication):
    first, second = publication.sections.all()[:2]
    for history_id in (second.history.first().history_id, "x"):
        response = secretariat_client.post(
            reverse("publications:section_action", kwargs={"pk": first.pk, "action": "restore"}),
            {"history_id": history_id},
            follow=True,
        )
        assert "does not belong" in response.content.decode()
    first.refresh_from_db()
    assert first.revision == 1


def test_comments_are_added_and_resolved(client, rapporteur, publication):
    client.force_login(rapporteur)
    section = publication.sections.first()
    client.post(
        reverse("publications:section_action", kwargs={"pk": section.pk, "action": "comment"}),
        {"text": "Add the figures."},
    )
    comment = section.comments.get()
    html = client.get(
        reverse("publications:section_edit", kwargs={"pk": section.pk})
    ).content.decode()
    assert "Add the figures." in html and "Mark resolved" in html
    client.post(reverse("publications:resolve_comment", kwargs={"pk": comment.pk}))
    comment.refresh_from_db()
    assert comment.resolved_by == rapporteur


def test_the_workflow_buttons(secretariat_client, publication):
    url = reverse("publications:workflow", kwargs={"pk": publication.pk})
    secretariat_client.post(url, {"action": "submit"})
    secretariat_client.post(url, {"action": "publish"})
    publication.refresh_from_db()
    assert publication.status == "published"
    response = secretariat_client.post(url, {"action": "publish"}, follow=True)
    assert "Submit the publication for review" in response.content.decode()
    response = secretariat_client.post(url, {"action": "explode"}, follow=True)
    assert "Unknown action" in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == "published"


def test_adding_a_section_and_bad_adoption_values(secretariat_client, outcome):
    secretariat_client.post(
        reverse("publications:section_add", kwargs={"pk": outcome.pk}),
        {"heading": "A new message", "level": 2, "body": "Text"},
    )
    assert outcome.sections.last().heading == "A new message"
    message = outcome.sections.first()
    response = secretariat_client.post(
        reverse("publications:section_action", kwargs={"pk": message.pk, "action": "adoption"}),
        {"adoption_status": "perhaps"},
        follow=True,
    )
    assert "Unknown adoption status" in response.content.decode()
    message.refresh_from_db()
    assert message.adoption_status == "proposed"


def test_the_translation_editor_shows_source_beside_translation_and_flags_stale(
    secretariat_client, publication
):
    section = publication.sections.first()
    services.save_translation(
        actor=None,
        section=section,
        language="ar",
        heading="الجزء الأول",
        body="نص",
        status="final",
        base_revision=0,
    )
    services.save_section(
        actor=None, section=section, heading="Part 1", body="Changed", base_revision=1
    )
    url = reverse("publications:translate", kwargs={"pk": publication.pk, "language": "ar"})
    html = secretariat_client.get(url).content.decode()
    assert "Source changed" in html and "الجزء الأول" in html and "Changed" in html
    assert 'lang="ar" dir="rtl"' in html
    assert "Machine-translate" not in html  # no backend configured
    # Saving again makes it current.
    secretariat_client.post(
        reverse(
            "publications:translate_section",
            kwargs={"pk": publication.pk, "language": "ar", "section_pk": section.pk},
        ),
        {
            f"s{section.pk}-heading": "الجزء الأول",
            f"s{section.pk}-body": "نص جديد",
            f"s{section.pk}-status": "final",
            f"s{section.pk}-base_revision": 1,
        },
    )
    html = secretariat_client.get(url).content.decode()
    assert "Source changed" not in html
    # The earlier revision of the translation is listed with its text; the current one is not.
    history = html[html.index('class="pub-translation-history"') :]
    history = history[: history.index("</ol>")]
    assert "1 earlier revision" in history
    assert "Revision 1" in history and ">نص</pre>" in history
    assert "Revision 2" not in history and "نص جديد" not in history


def test_machine_translation_button_and_label(secretariat_client, publication, settings):
    settings.HIWAR_MACHINE_TRANSLATION_BACKEND = "tests.publications.conftest.EchoBackend"
    section = publication.sections.first()
    url = reverse("publications:translate", kwargs={"pk": publication.pk, "language": "fr"})
    assert "Machine-translate" in secretariat_client.get(url).content.decode()
    secretariat_client.post(
        reverse(
            "publications:translate_section",
            kwargs={"pk": publication.pk, "language": "fr", "section_pk": section.pk},
        ),
        {"machine": "1"},
    )
    stored = SectionTranslation.objects.get()
    assert stored.machine and stored.body.startswith("[fr] ")
    assert "Machine translation" in secretariat_client.get(url).content.decode()


def test_a_section_of_another_publication_cannot_be_translated_here(
    secretariat_client, publication, cycle, dialogue
):
    other = make_publication(cycle, dialogue)
    foreign = other.sections.first()
    response = secretariat_client.post(
        reverse(
            "publications:translate_section",
            kwargs={"pk": publication.pk, "language": "fr", "section_pk": foreign.pk},
        ),
        {
            f"s{foreign.pk}-heading": "X",
            f"s{foreign.pk}-body": "Y",
            f"s{foreign.pk}-status": "draft",
            f"s{foreign.pk}-base_revision": 0,
        },
    )
    assert response.status_code == 404
    assert not SectionTranslation.objects.exists()


def test_the_source_language_has_no_translation_editor(secretariat_client, publication):
    for language in ("en", "de"):
        url = reverse("publications:translate", kwargs={"pk": publication.pk, "language": language})
        assert secretariat_client.get(url).status_code == 404


def test_a_stale_translation_save_shows_both_texts(secretariat_client, publication):
    section = publication.sections.first()
    services.save_translation(
        actor=None,
        section=section,
        language="fr",
        heading="Partie 1",
        body="Leur texte",
        status="draft",
        base_revision=0,
    )
    response = secretariat_client.post(
        reverse(
            "publications:translate_section",
            kwargs={"pk": publication.pk, "language": "fr", "section_pk": section.pk},
        ),
        {
            f"s{section.pk}-heading": "Partie",
            f"s{section.pk}-body": "Mon texte",
            f"s{section.pk}-status": "draft",
            f"s{section.pk}-base_revision": 0,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Leur texte" in html and "Mon texte" in html
    assert SectionTranslation.objects.get().body == "Leur texte"


def test_translated_title_is_saved_and_an_oversized_one_refused(secretariat_client, publication):
    url = reverse("publications:translate", kwargs={"pk": publication.pk, "language": "fr"})
    secretariat_client.post(url, {"title": "Résumé du dialogue"})
    assert publication.languages.get(language="fr").title == "Résumé du dialogue"
    response = secretariat_client.post(url, {"title": "x" * 301}, follow=True)
    assert "too long" in response.content.decode()
    assert publication.languages.get(language="fr").title == "Résumé du dialogue"


def test_the_secretariat_renames_a_publication_and_bad_titles_are_refused(
    secretariat_client, publication
):
    url = reverse("publications:rename", kwargs={"pk": publication.pk})
    secretariat_client.post(url, {"title": "Summary report", "subtitle": "27 October 2020"})
    publication.refresh_from_db()
    assert (publication.title, publication.subtitle) == ("Summary report", "27 October 2020")
    for data in ({"title": ""}, {"title": "x" * 301}):
        response = secretariat_client.post(url, data, follow=True)
        assert "A title of at most 300 characters is needed." in response.content.decode()
    publication.refresh_from_db()
    assert publication.title == "Summary report"


def test_a_rapporteur_cannot_rename(client, rapporteur, publication):
    client.force_login(rapporteur)
    response = client.post(
        reverse("publications:rename", kwargs={"pk": publication.pk}), {"title": "Mine"}
    )
    assert response.status_code == 404
    publication.refresh_from_db()
    assert publication.title != "Mine"


@pytest.mark.parametrize("name", ["editor", "translate"])
def test_the_editor_and_translation_editor_query_counts_do_not_grow_with_sections(
    secretariat_client, cycle, dialogue, name, django_assert_num_queries
):
    counts = []
    for sections in (1, 3):
        publication = make_publication(cycle, dialogue, sections=sections)
        for section in publication.sections.all():
            services.add_comment(actor=None, section=section, text="Check.")
            services.save_translation(
                actor=None, section=section, language="fr", heading="P", body="T",
                status="draft", base_revision=0,
            )  # fmt: skip
        kwargs: dict[str, Any] = {"pk": publication.pk}
        if name == "translate":
            kwargs["language"] = "fr"
        url = reverse(f"publications:{name}", kwargs=kwargs)
        secretariat_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert secretariat_client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[1]):
        secretariat_client.get(url)


def test_missing_markers_lists_citations_and_the_figure_the_translation_leaves_out():
    source = "Policy. [[cite:3,4]] Then. [[cite:9]]\n\n[[coverage:JO=1/0]]"
    assert missing_markers(source, "سياسة. [[cite:4]]") == [
        "[[cite:3]]",
        "[[cite:9]]",
        "[[coverage:…]]",
    ]
    assert missing_markers(source, "[[cite:9]] [[cite:3,4]] [[coverage:JO=1/0]]") == []


def test_a_translation_without_the_source_citations_is_saved_with_a_warning(
    secretariat_client, publication
):
    section = publication.sections.first()
    services.save_section(
        actor=None,
        section=section,
        heading="Part 1",
        body="Wages are paid late. [[cite:7]]",
        base_revision=1,
    )
    url = reverse("publications:translate", kwargs={"pk": publication.pk, "language": "fr"})
    response = secretariat_client.post(
        reverse(
            "publications:translate_section",
            kwargs={"pk": publication.pk, "language": "fr", "section_pk": section.pk},
        ),
        {
            f"s{section.pk}-heading": "Partie 1",
            f"s{section.pk}-body": "Les salaires sont payés en retard.",
            f"s{section.pk}-status": "draft",
            f"s{section.pk}-base_revision": 0,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Translation saved." in html
    assert "The translation leaves out markers of the source: [[cite:7]]." in html
    assert section.translations.get(language="fr").body == "Les salaires sont payés en retard."
    page = secretariat_client.get(url).content.decode()
    assert "Markers missing" in page and "[[cite:7]]</span>" in page
