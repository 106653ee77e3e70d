"""The analysis pages as their users see them: progress, the review screen, coverage."""

import csv
import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hiwar.analysis import services
from hiwar.analysis.models import Document, PassageTag
from hiwar.framework.models import Objective
from tests.analysis.conftest import analysed


def text_of(html: str) -> str:
    """The page's text without tags (evidence terms are wrapped in <mark>)."""
    return re.sub(r"<[^>]+>", "", html)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rapporteur_client(rapporteur: Any) -> Client:
    return client_for(rapporteur)


def test_review_screen_shows_passages_tags_and_evidence(
    analysed_report: Document, rapporteur_client: Client
) -> None:
    response = rapporteur_client.get(f"/en/review/analysis/documents/{analysed_report.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "sign a standard contract" in text_of(html)
    assert "<mark>" in html  # evidence terms highlighted in the passage
    assert "closest actions:" in html
    action = re.search(r'href="(/en/framework/objectives/\d+/)#(action-[a-z])"', html)
    assert action, "evidence links to the closest actions"
    objective_page = rapporteur_client.get(action.group(1)).content.decode()
    assert f'id="{action.group(2)}"' in objective_page
    assert "Confirm" in html and "Reject" in html
    assert "Review progress: 0 % decided" in html


def test_confirm_reject_and_add_with_htmx_return_the_passage(
    analysed_report: Document, rapporteur_client: Client, rapporteur: Any
) -> None:
    tag = PassageTag.objects.filter(
        passage__document=analysed_report, objective__isnull=False
    ).first()
    url = reverse("analysis:tag_decide", kwargs={"pk": tag.pk, "decision": "confirm"})
    response = rapporteur_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="passage-{tag.passage_id}"' in response.content.decode()
    tag.refresh_from_db()
    assert (tag.status, tag.decided_by) == ("confirmed", rapporteur)

    url = reverse("analysis:tag_decide", kwargs={"pk": tag.pk, "decision": "reject"})
    response = rapporteur_client.post(url)  # without JavaScript: back to the passage
    assert response.status_code == 302
    assert response["Location"].endswith(f"#passage-{tag.passage_id}")
    tag.refresh_from_db()
    assert tag.status == "rejected"

    url = reverse("analysis:tag_add", kwargs={"pk": tag.passage_id})
    rapporteur_client.post(url, {"target": "o14"})
    assert tag.passage.tags.get(objective__number=14).status == "confirmed"
    rapporteur_client.post(url, {"target": "pg"})
    assert tag.passage.tags.get(principle__letter="g").status == "confirmed"


def test_bad_review_input_changes_nothing(
    analysed_report: Document, rapporteur_client: Client
) -> None:
    passage = analysed_report.passages.first()
    before = list(PassageTag.objects.values_list("pk", "status", "objective_id", "principle_id"))
    url = reverse("analysis:tag_add", kwargs={"pk": passage.pk})
    for target in ("o99", "pz", "x", ""):
        response = rapporteur_client.post(url, {"target": target}, follow=True)
        assert "Choose an objective or a guiding principle" in response.content.decode()
    tag = PassageTag.objects.first()
    response = rapporteur_client.post(f"/en/review/analysis/tags/{tag.pk}/delete/")
    assert response.status_code == 404
    response = rapporteur_client.post(
        f"/en/review/analysis/documents/{analysed_report.pk}/bulk-confirm/",
        {"min_score": "7"},
        follow=True,
    )
    assert "Give a score between 0 and 1." in response.content.decode()
    assert rapporteur_client.post("/en/review/analysis/tags/999999/confirm/").status_code == 404
    after = list(PassageTag.objects.values_list("pk", "status", "objective_id", "principle_id"))
    assert after == before


def test_who_may_see_and_decide(
    analysed_report: Document,
    focal_point: Any,
    morocco_focal_point: Any,
    org_member: Any,
) -> None:
    page = f"/en/review/analysis/documents/{analysed_report.pk}/"
    tag = PassageTag.objects.filter(passage__document=analysed_report).first()
    decide = f"/en/review/analysis/tags/{tag.pk}/confirm/"
    # The country's focal point follows the analysis of its own report, without deciding.
    own = client_for(focal_point)
    response = own.get(page)
    assert response.status_code == 200
    assert "Confirm</button>" not in response.content.decode()
    assert own.post(decide).status_code == 403
    # Another country's focal point and an organization member do not see it at all.
    assert client_for(morocco_focal_point).get(page).status_code == 404
    assert client_for(org_member).get(page).status_code == 404
    assert client_for(org_member).post(decide).status_code == 403
    assert Client().get(page).status_code == 302  # to sign in
    coverage = f"/en/review/analysis/{analysed_report.cycle.slug}/coverage/"
    assert own.get(coverage).status_code == 403
    tag.refresh_from_db()
    assert tag.status == "suggested"


def test_progress_block_polls_until_done(
    analysed_report: Document, rapporteur_client: Client
) -> None:
    Document.objects.filter(pk=analysed_report.pk).update(
        status="running", stage="tagging", progress=57
    )
    url = f"/fr/review/analysis/documents/{analysed_report.pk}/status/"
    response = rapporteur_client.get(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'value="57"' in html and 'hx-trigger="every 2s"' in html
    assert "HX-Refresh" not in response
    Document.objects.filter(pk=analysed_report.pk).update(status="done", progress=100)
    response = rapporteur_client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "every 2s" not in response.content.decode()


def test_failed_document_states_the_reason_in_the_users_language_and_can_be_retried(
    analysed_report: Document, rapporteur_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    Document.objects.filter(pk=analysed_report.pk).update(status="failed", error_code="encrypted")
    page = f"/en/review/analysis/documents/{analysed_report.pk}/"
    html = rapporteur_client.get(page).content.decode()
    assert "The analysis failed." in html
    assert "password" in html
    arabic = rapporteur_client.get(page.replace("/en/", "/ar/")).content.decode()
    assert "The analysis failed." not in arabic
    with django_capture_on_commit_callbacks(execute=True):
        response = rapporteur_client.post(
            f"/en/review/analysis/documents/{analysed_report.pk}/retry/"
        )
    assert response.status_code == 302
    analysed_report.refresh_from_db()
    assert analysed_report.status == "done"
    assert analysed_report.attempts == 2


def test_coverage_counts_confirmed_and_suggested_separately(
    analysed_report: Document,
    report: Any,
    rapporteur: Any,
    rapporteur_client: Client,
    morocco: Any,
) -> None:
    cycle = analysed_report.cycle
    six = PassageTag.objects.get(passage__document=analysed_report, objective__number=6)
    services.decide_tag(actor=rapporteur, tag=six, status="confirmed")
    twenty = PassageTag.objects.get(passage__document=analysed_report, objective__number=20)
    services.decide_tag(actor=rapporteur, tag=twenty, status="rejected")
    response = rapporteur_client.get(f"/en/review/analysis/{cycle.slug}/coverage/")
    matrix = response.context["matrix"]
    jordan = report.country
    assert matrix.cell(jordan, Objective.objects.get(number=6))["confirmed"] == 1
    assert matrix.cell(jordan, Objective.objects.get(number=20)) == {
        "confirmed": 0,
        "suggested": 0,
    }
    assert jordan in matrix.reporting[6]
    assert morocco in matrix.silent[6]
    # Gaps are counted among the Member States whose reports were analysed: here, Jordan only.
    assert response.context["analysed_countries"] == 1
    gaps = {objective.number for objective, _count in response.context["gaps"]}
    assert 6 not in gaps
    assert gaps == {n for n in range(1, 24) if not matrix.reporting[n]}
    html = response.content.decode()
    assert "<svg" in html and "<table" in html
    cell = reverse("analysis:coverage_cell", kwargs={"slug": cycle.slug, "iso2": "JO", "number": 6})
    assert cell in html
    assert "sign a standard contract" in text_of(rapporteur_client.get(cell).content.decode())

    filtered = rapporteur_client.get(f"/en/review/analysis/{cycle.slug}/coverage/?cluster=RT3")
    assert {o.cluster.code for o in filtered.context["matrix"].objectives} == {"RT3"}
    bad = rapporteur_client.get(
        f"/en/review/analysis/{cycle.slug}/coverage/?cluster=XX&principle=9"
    )
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()


def test_coverage_exports(analysed_report: Document, rapporteur_client: Client) -> None:
    slug = analysed_report.cycle.slug
    response = rapporteur_client.get(f"/ar/review/analysis/{slug}/coverage.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + analysed_report.cycle.member_states.count() * 23
    jordan_six = next(r for r in rows if r[1] == "JO" and r[2] == "6")
    assert int(jordan_six[4]) + int(jordan_six[5]) == 1
    assert "الأردن" in text
    response = rapporteur_client.get(f"/en/review/analysis/{slug}/coverage.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert "xl/worksheets/sheet2.xml" in book.namelist()
        assert "Jordan" in book.read("xl/sharedStrings.xml").decode()


def test_secretariat_uploads_a_document_and_sees_a_clear_error(
    cycle: Any, secretariat_client: Client, media_root: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = f"/en/review/analysis/{cycle.slug}/"
    junk = SimpleUploadedFile("report.txt", bytes(range(256)) * 40)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(url, {"file": junk, "country": ""})
    document = Document.objects.get()
    assert response["Location"] == document.get_absolute_url()
    assert document.status == "failed"
    assert document.error_code == "binary"
    assert not document.passages.exists()
    html = secretariat_client.get(document.get_absolute_url()).content.decode()
    assert "The analysis failed." in html
    assert "Try again" in html


def test_upload_form_errors_are_shown(cycle: Any, secretariat_client: Client) -> None:
    url = f"/en/review/analysis/{cycle.slug}/"
    response = secretariat_client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert "Upload a PDF, Word (DOCX), text, Markdown or HTML file." in response.content.decode()
    response = secretariat_client.post(url, {"country": "999999"})
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_documents_list_query_count_does_not_grow(
    report: Any, focal_point: Any, rapporteur_client: Client, django_assert_max_num_queries: Any
) -> None:
    document = analysed(report, focal_point)
    url = f"/en/review/analysis/{document.cycle.slug}/"
    with django_assert_max_num_queries(20) as one:
        rapporteur_client.get(url)
    for _ in range(2):
        Document.objects.create(cycle=document.cycle, source="upload", title="x.txt")
    with django_assert_max_num_queries(20) as three:
        rapporteur_client.get(url)
    assert len(three) == len(one)


def test_review_screen_query_count_does_not_grow_with_passages(
    report: Any, focal_point: Any, rapporteur_client: Client, django_assert_max_num_queries: Any
) -> None:
    from tests.analysis.conftest import LABOUR, REMITTANCES, SCHOOLS

    one = analysed(report, focal_point, {"policy_environment": LABOUR})
    url = one.get_absolute_url()
    with django_assert_max_num_queries(40) as first:
        rapporteur_client.get(url)
    services.analyse_document(document_id=one.pk)
    section = one.version.sections.get(section__key="policy_environment")
    section.text = "\n\n".join([LABOUR, REMITTANCES, SCHOOLS])
    section.save()
    services.analyse_document(document_id=one.pk)
    assert one.passages.count() == 3
    with django_assert_max_num_queries(40) as third:
        rapporteur_client.get(url)
    assert len(third) == len(first)


def test_coverage_query_count_does_not_grow_with_documents(
    report: Any,
    focal_point: Any,
    morocco: Any,
    morocco_focal_point: Any,
    rapporteur_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    from hiwar.reviews.services import reports as report_services

    document = analysed(report, focal_point)
    url = f"/en/review/analysis/{document.cycle.slug}/coverage/"
    with django_assert_max_num_queries(30) as first:
        rapporteur_client.get(url)
    other = report_services.ensure_report(cycle=document.cycle, country=morocco)
    analysed(other, morocco_focal_point)
    with django_assert_max_num_queries(30) as second:
        rapporteur_client.get(url)
    assert len(second) == len(first)


def test_report_page_links_to_its_analysis_for_those_who_may_follow_it(
    analysed_report: Document, focal_point: Any, morocco_focal_point: Any
) -> None:
    report_page = f"/en/review/reports/{analysed_report.report_id}/"
    html = client_for(focal_point).get(report_page).content.decode()
    assert "Analysis against the GCM objectives" in html
    assert analysed_report.get_absolute_url() in html
    html = client_for(morocco_focal_point).get(report_page).content.decode()
    assert analysed_report.get_absolute_url() not in html
