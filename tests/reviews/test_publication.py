"""Publication by the secretariat, and what the public then finds: the landing page of the
review with its filters, the Atom feed, and the secretariat's CSV of member states."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from hiwar.framework.models import Country
from hiwar.reviews.models import NationalReport
from hiwar.reviews.services import inputs as input_services
from hiwar.reviews.services import reports as report_services
from tests.factories import OrganizationFactory
from tests.reviews.conftest import SLUG, StakeholderInputFactory, enable_totp, publish, submit

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _state(report):
    report.refresh_from_db()
    return (report.status, report.submitted_at, report.published_at)


@pytest.fixture
def officer(secretariat_user):
    enable_totp(secretariat_user)
    return secretariat_user


def test_the_secretariat_publishes_a_submitted_report(client, report, focal_point, officer):
    submit(report, focal_point)
    client.force_login(officer)

    response = client.post(f"/en/review/reports/{report.pk}/publish/", follow=True)

    assert "The report is now public." in _messages(response)
    report.refresh_from_db()
    assert report.status == NationalReport.Status.PUBLISHED
    assert report.published_at is not None
    client.logout()
    assert client.get(f"/en/review/reports/{report.pk}/").status_code == 200
    landing = client.get(f"/en/review/{SLUG}/").content.decode()
    assert f'<a href="/en/review/reports/{report.pk}/">Jordan</a>' in landing


def test_a_draft_cannot_be_published(client, report, focal_point, officer):
    from tests.reviews.conftest import write

    write(report, focal_point, {"preparation": "Not ready."})
    before = _state(report)
    client.force_login(officer)

    response = client.post(f"/en/review/reports/{report.pk}/publish/", follow=True)

    assert "Only a submitted report can be published." in _messages(response)
    assert _state(report) == before
    client.logout()
    assert client.get(f"/en/review/reports/{report.pk}/").status_code == 404


def test_the_secretariat_withdraws_a_published_report(client, report, focal_point, officer):
    publish(report, focal_point)
    client.force_login(officer)

    response = client.post(f"/en/review/reports/{report.pk}/withdraw/", follow=True)

    assert "The report is no longer public." in _messages(response)
    report.refresh_from_db()
    assert (report.status, report.published_at) == (NationalReport.Status.SUBMITTED, None)
    client.logout()
    assert client.get(f"/en/review/reports/{report.pk}/").status_code == 404
    feed = client.get(f"/en/review/{SLUG}/feed/").content.decode()
    assert f"/en/review/reports/{report.pk}/" not in feed


def test_only_a_published_report_can_be_withdrawn(client, report, focal_point, officer):
    submit(report, focal_point)
    before = _state(report)
    client.force_login(officer)

    response = client.post(f"/en/review/reports/{report.pk}/withdraw/", follow=True)

    assert "Only a published report can be withdrawn." in _messages(response)
    assert _state(report) == before


def test_the_public_reads_only_the_submitted_version(client, report, focal_point, officer):
    publish(report, focal_point, {"preparation": "Submitted text."})
    report_services.reopen_report(actor=officer, report=report)
    report_services.submit_report(actor=focal_point, report=report, notify=False)
    report.refresh_from_db()
    report_services.publish_report(actor=officer, report=report)

    html = client.get(f"/en/review/reports/{report.pk}/").content.decode()

    assert "Submitted text." in html
    assert "version 1" in html and "version 2" in html
    assert "Write this section" not in html
    assert "Start writing the report" not in html


# --- The landing page and its filters --------------------------------------------------------


@pytest.fixture
def publications(cycle, focal_point, morocco_focal_point, officer):
    """Jordan's report published in Arabic, Morocco's in French, Lebanon's only submitted;
    inputs from a Jordanian civil-society network (published, in English), a Moroccan trade
    union (published, in French), one only submitted and one not to be published."""

    def report_of(iso2):
        return report_services.ensure_report(cycle=cycle, country=Country.objects.get(iso2=iso2))

    jordan = report_of("JO")
    # The focal point prefers English, so the empty sections are in English; the text is Arabic.
    report_services.open_version(report=jordan, language="en")
    publish(jordan, focal_point, {"preparation": "قادت وزارة العمل الاستعراض."}, language="ar")
    morocco = report_of("MA")
    publish(morocco, morocco_focal_point, {"preparation": "Le ministère a piloté."}, "fr")
    lebanon = report_of("LB")
    submit(lebanon, focal_point)

    network = OrganizationFactory(
        name="Jordan Migrant Workers Network",
        category=_category("civil_society"),
        country=Country.objects.get(iso2="JO"),
    )
    union = OrganizationFactory(
        name="Moroccan Trade Union Federation",
        category=_category("trade_unions"),
        country=Country.objects.get(iso2="MA"),
    )
    english = StakeholderInputFactory(organization=network, title="Wage protection", language="en")
    french = StakeholderInputFactory(organization=union, title="Travail décent", language="fr")
    for item in (english, french):
        input_services.publish_stakeholder_input(actor=officer, item=item)
    submitted = StakeholderInputFactory(organization=network, title="Still under review")
    private = StakeholderInputFactory(organization=union, title="Internal", publishable=False)
    return {
        "JO": jordan,
        "MA": morocco,
        "LB": lebanon,
        "english": english,
        "french": french,
        "submitted": submitted,
        "private": private,
    }


def _category(code):
    from hiwar.framework.models import StakeholderCategory

    return StakeholderCategory.objects.get(code=code)


def _listed(html):
    """The reports and inputs listed in the publication sections of the landing page."""
    reports_part = html.split("<h2>Published national reports</h2>")[1].split("<h2>")[0]
    inputs_part = html.split("<h2>Published stakeholder inputs</h2>")[1]
    return (
        {int(pk) for pk in re.findall(r'href="/en/review/reports/(\d+)/"', reports_part)},
        {int(pk) for pk in re.findall(r'href="/en/review/inputs/(\d+)/"', inputs_part)},
    )


FILTERS = {
    "": ({"JO", "MA"}, {"english", "french"}),
    "?country=JO": ({"JO"}, {"english"}),
    "?country=ma": ({"MA"}, {"french"}),
    "?country=LB": (set(), set()),
    "?category=trade_unions": ({"JO", "MA"}, {"french"}),
    "?category=civil_society": ({"JO", "MA"}, {"english"}),
    "?language=ar": ({"JO"}, set()),
    "?language=fr": ({"MA"}, {"french"}),
    # Jordan's report was opened in English but written in Arabic: not an English report.
    "?language=en": (set(), {"english"}),
    "?language=xx": ({"JO", "MA"}, {"english", "french"}),
    "?country=MA&language=fr&category=trade_unions": ({"MA"}, {"french"}),
}


def test_the_landing_page_lists_what_is_published_with_its_filters(client, publications):
    listed = {}
    for query in FILTERS:
        response = client.get(f"/en/review/{SLUG}/{query}")
        assert response.status_code == 200
        listed[query] = _listed(response.content.decode())

    assert listed == {
        query: (
            {publications[key].pk for key in reports},
            {publications[key].pk for key in inputs},
        )
        for query, (reports, inputs) in FILTERS.items()
    }


def test_the_landing_page_shows_every_member_state_and_the_timeline(client, publications):
    html = client.get(f"/en/review/{SLUG}/").content.decode()

    assert html.count('<span class="badge status status--') == 22
    assert 'Lebanon <span class="badge status status--submitted">Submitted</span>' in html
    assert "Multi-stakeholder dialogue" in html
    assert f"/en/review/{SLUG}/feed/" in html


def test_the_feed_is_valid_atom_with_the_published_items(client, publications):
    response = client.get(f"/en/review/{SLUG}/feed/")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Regional review in the Arab region: publications"
    entries = {
        entry.findtext(f"{ATOM}title"): entry.find(f"{ATOM}link").get("href")
        for entry in root.findall(f"{ATOM}entry")
    }
    assert entries == {
        "National report: Jordan": f"http://testserver/en/review/reports/{publications['JO'].pk}/",
        "National report: Morocco": f"http://testserver/en/review/reports/{publications['MA'].pk}/",
        "Jordan Migrant Workers Network: Wage protection": (
            f"http://testserver/en/review/inputs/{publications['english'].pk}/"
        ),
        "Moroccan Trade Union Federation: Travail décent": (
            f"http://testserver/en/review/inputs/{publications['french'].pk}/"
        ),
    }


def test_the_feed_of_an_unknown_review_is_404(client, cycle):
    assert client.get("/en/review/no-such-review/feed/").status_code == 404
    assert client.get("/en/review/no-such-review/").status_code == 404


# --- The CSV of member states ----------------------------------------------------------------


def _csv(client, language="en"):
    response = client.get(f"/{language}/review/{SLUG}/dashboard.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # spreadsheets read UTF-8 with a BOM
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_a_header_and_one_row_per_member_state(client, publications, officer):
    client.force_login(officer)

    response, rows = _csv(client)

    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}-member-states.csv"'
    header, *states = rows
    assert header == [
        "Country",
        "ISO code",
        "Status",
        "Started",
        "Submitted",
        "Published",
        "Deadline",
    ]
    assert len(states) == 22
    by_iso = {row[1]: row for row in states}
    today = timezone.localdate().isoformat()
    deadline = publications["JO"].cycle.national_report_deadline.isoformat()
    assert by_iso["JO"] == ["Jordan", "JO", "Published", today, today, today, deadline]
    assert by_iso["LB"] == ["Lebanon", "LB", "Submitted", today, today, "", deadline]
    assert by_iso["SA"] == ["Saudi Arabia", "SA", "Not started", "", "", "", deadline]


def test_the_csv_in_arabic(client, publications, officer):
    client.force_login(officer)

    _response, rows = _csv(client, "ar")

    header, *states = rows
    with translation.override("ar"):
        assert header[:3] == [gettext("Country"), gettext("ISO code"), gettext("Status")]
        published = gettext("Published")
    assert header[0] == "البلد"
    by_iso = {row[1]: row for row in states}
    assert (by_iso["JO"][0], by_iso["JO"][2]) == ("الأردن", published)
    assert by_iso["MA"][0] == "المغرب"
    names = [row[0] for row in states]
    assert names == sorted(names)  # in the order of the Arabic names
