"""The public pages: a published publication read in Arabic, English and French (translations
shown only when final and current, otherwise the source labelled with its language), citations
as numbered notes, the outcome document's groups, downloads, query counts, and the exports of
published national reports."""

import io
from typing import Any

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hiwar.analysis.models import Passage
from hiwar.publications import services
from hiwar.publications.models import Publication
from tests.analysis.conftest import analysed
from tests.publications.conftest import make_publication, publish

pytestmark = pytest.mark.django_db


def url(publication: Publication, language: str = "en") -> str:
    return f"/{language}" + reverse("publications:detail", kwargs={"pk": publication.pk})[3:]


def translate(section: Any, language: str, status: str = "final", machine: bool = False) -> Any:
    existing = section.translations.filter(language=language).first()
    return services.save_translation(
        actor=None,
        section=section,
        language=language,
        heading=f"{language.upper()} {section.heading}",
        body=f"{language.upper()} text of {section.heading}.",
        status=status,
        base_revision=existing.revision if existing else 0,
        machine=machine,
    )


def test_the_source_language_page(client, published):
    html = client.get(url(published)).content.decode()
    assert "Part 1" in html and "Participants raised point 3." in html
    assert "Translation not available" not in html
    assert f'href="/en/publications/{published.pk}/download.pdf"' in html
    assert "download.docx" in html


def test_final_translations_are_shown_and_missing_ones_labelled_in_the_source(client, published):
    services.return_to_draft(actor=None, publication=published)
    first, second, _third = published.sections.all()
    translate(first, "fr")
    translate(second, "fr", status="draft")  # drafts are not public
    publish(published)
    html = client.get(url(published, "fr")).content.decode()
    assert "FR Part 1" in html and "FR text of Part 1." in html
    assert "FR Part 2" not in html and "Participants raised point 2." in html
    # The French page labels the two sections it shows in English, in French.
    with translation.override("fr"):
        label = gettext("Translation not available: shown in %(language)s") % {
            "language": "English"
        }
    assert html.count(label.split("English")[0]) == 2
    assert 'lang="en" dir="ltr"' in html


def test_the_arabic_page_mirrors_and_marks_english_fallbacks(client, published):
    services.return_to_draft(actor=None, publication=published)
    translate(published.sections.first(), "ar")
    publish(published)
    html = client.get(url(published, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'lang="ar" dir="rtl"' in html and "AR Part 1" in html
    assert 'lang="en" dir="ltr"' in html  # the untranslated sections keep their language


def test_a_stale_translation_is_not_shown_as_current(client, publication):
    section = publication.sections.first()
    translate(section, "fr")
    services.save_section(
        actor=None, section=section, heading="Part 1", body="Changed.", base_revision=1
    )
    publish(publication)
    html = client.get(url(publication, "fr")).content.decode()
    assert "FR Part 1" not in html and "Changed." in html


def test_machine_translations_stay_labelled(client, publication):
    for section in publication.sections.all():
        translate(section, "fr", machine=True)
    publish(publication)
    html = client.get(url(publication, "fr")).content.decode()
    with translation.override("fr"):
        label = gettext("Machine translation")
    assert label != "Machine translation"  # the reader's language, not English
    assert html.count(label) == 3


def test_available_languages_list_only_complete_translations(client, publication):
    publication.languages.filter(language="fr").update(title="Résumé")
    for section in publication.sections.all():
        translate(section, "fr")
    translate(publication.sections.first(), "ar")
    publish(publication)
    html = client.get(url(publication, "fr")).content.decode()
    start = html.index("publication__languages")
    facts = html[start : html.index("</ul>", start)]
    assert 'lang="en"' in facts and 'lang="fr"' in facts and 'lang="ar"' not in facts
    assert "Résumé" in html


def test_citations_become_numbered_notes_linking_to_the_passage(
    client, cycle, dialogue, report, focal_point
):
    document = analysed(report, focal_point)
    passage = Passage.objects.filter(document=document).first()
    publication = make_publication(cycle, dialogue, sections=2)
    first, second = publication.sections.all()
    services.save_section(
        actor=None,
        section=first,
        heading="Labour",
        body=f"Fees were abolished.[[cite:{passage.pk}]]",
        base_revision=1,
    )
    services.save_section(
        actor=None,
        section=second,
        heading="Gone",
        body="A lost source.[[cite:999999]]",
        base_revision=1,
    )
    publish(publication)
    html = client.get(url(publication)).content.decode()
    assert 'href="#note-1"' in html and 'href="#note-2"' in html
    assert reverse("publications:passage", kwargs={"pk": passage.pk}) in html
    assert "This passage is no longer available." in html


def test_the_outcome_document_groups_messages_with_attribution_and_status(client, cycle, dialogue):
    outcome = make_publication(cycle, dialogue, kind="outcome")
    first, second, third = outcome.sections.all()
    second.group = third.group = "Round table 2"
    second.save()
    third.save()
    services.set_adoption_status(actor=None, section=first, status="agreed")
    publish(outcome)
    html = client.get(url(outcome)).content.decode()
    assert html.count('class="publication__group"') == 2
    assert (
        html.index("Round table 1")
        < html.index("Part 1")
        < html.index("Round table 2")
        < html.index("Part 2")
    )
    assert "Jordan (Member State)" in html
    assert "Agreed" in html and "Proposed" in html


def test_the_public_list_query_count_is_the_same_for_1_and_3(
    client, cycle, dialogue, django_assert_num_queries
):
    make_publication(cycle, dialogue)  # a draft: not listed
    publish(make_publication(cycle, dialogue))
    client.get(reverse("publications:list"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("publications:list")).content.decode().count("pub-card") == 1
    for _n in range(2):
        publish(make_publication(cycle, dialogue))
    with django_assert_num_queries(len(one)):
        assert client.get(reverse("publications:list")).content.decode().count("pub-card") == 3


def test_the_public_page_query_count_is_the_same_for_1_and_3_sections(
    client, cycle, dialogue, django_assert_num_queries
):
    counts = []
    for sections in (1, 3):
        publication = make_publication(cycle, dialogue, sections=sections)
        for section in publication.sections.all():
            translate(section, "fr")
        publish(publication)
        client.get(url(publication, "fr"))
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(url(publication, "fr")).content.decode().count("FR text of") == sections
            )
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(url(publication, "fr"))


def test_pdf_and_docx_downloads_in_the_readers_language(client, published):
    services.return_to_draft(actor=None, publication=published)
    translate(published.sections.first(), "ar")
    publish(published)
    pdf = client.get(f"/ar/publications/{published.pk}/download.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    word = client.get(f"/ar/publications/{published.pk}/download.docx")
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "AR Part 1" in text and "Part 2" in text
    assert client.get(f"/en/publications/{published.pk}/download.odt").status_code == 404


def test_a_published_national_report_exports_as_pdf_and_docx(client, report, focal_point):
    from tests.reviews.conftest import publish as publish_report

    publish_report(report, focal_point, {"preparation": "The Ministry of Labour led the review."})
    base = f"/en/publications/national-reports/{report.pk}/download"
    page = client.get(reverse("reviews:report", kwargs={"pk": report.pk})).content.decode()
    assert f'href="{base}.pdf"' in page and f'href="{base}.docx"' in page
    pdf = client.get(f"{base}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    document = docx.Document(io.BytesIO(client.get(f"{base}.docx").content))
    assert any("The Ministry of Labour led the review." in p.text for p in document.paragraphs)


def test_an_unpublished_national_report_is_not_exported(client, report, focal_point):
    from tests.reviews.conftest import submit

    submit(report, focal_point)
    for fmt in ("pdf", "docx"):
        assert (
            client.get(f"/en/publications/national-reports/{report.pk}/download.{fmt}").status_code
            == 404
        )
