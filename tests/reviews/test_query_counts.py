"""The dashboard, its CSV and the public pages make the same number of queries however many
member states have reports."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hiwar.framework.models import Country
from hiwar.reviews.services import inputs as input_services
from hiwar.reviews.services import reports as report_services
from tests.factories import OrganizationFactory
from tests.reviews.conftest import (
    SLUG,
    FocalPointFactory,
    StakeholderInputFactory,
    enable_totp,
    publish,
    write,
)

pytestmark = pytest.mark.django_db

COUNTRIES = ("JO", "MA", "LB")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _report_in_every_state(cycle, index, officer):
    """Member state `index`: a published report, an input, and reports in other states with
    and without extensions, so every branch of the pages is taken."""
    country = Country.objects.get(iso2=COUNTRIES[index])
    author = FocalPointFactory(country=country).user
    report = report_services.ensure_report(cycle=cycle, country=country)
    if index == 1:
        write(report, author, {"preparation": "Drafting."})
        extension = report_services.request_extension(
            actor=author,
            report=report,
            reason="Elections.",
            until=timezone.localdate() + datetime.timedelta(days=60),
        )
        report_services.decide_extension(actor=officer, extension=extension, grant=True)
    else:
        publish(report, author, {"preparation": f"Report {index}."})
    item = StakeholderInputFactory(
        cycle=cycle, organization=OrganizationFactory(country=country), title=f"Input {index}"
    )
    input_services.publish_stakeholder_input(actor=officer, item=item)


@pytest.fixture
def officer(secretariat_user):
    enable_totp(secretariat_user)
    return secretariat_user


@pytest.mark.parametrize(
    "url",
    [
        f"/en/review/{SLUG}/dashboard/",
        f"/en/review/{SLUG}/dashboard.csv",
        f"/en/review/{SLUG}/",
        f"/en/review/{SLUG}/?language=en&country=JO",
        f"/en/review/{SLUG}/feed/",
    ],
)
def test_pages_of_the_review(client, cycle, officer, url):
    client.force_login(officer)
    _report_in_every_state(cycle, 0, officer)
    one = _queries(client, url)
    _report_in_every_state(cycle, 1, officer)
    _report_in_every_state(cycle, 2, officer)
    three = _queries(client, url)

    assert three == one


def test_the_report_page(client, cycle, officer, focal_point, report, media_root):
    from tests.reviews.conftest import pdf_upload

    client.force_login(officer)
    write(report, focal_point, {"preparation": "One section."})
    version = report.versions.get()
    report_services.attach_file(actor=focal_point, version=version, uploaded=pdf_upload())
    one = _queries(client, f"/en/review/reports/{report.pk}/")
    write(report, focal_point, {"policy_environment": "Two.", "next_steps": "Three."})
    report_services.attach_file(actor=focal_point, version=version, uploaded=pdf_upload(pages=2))
    report_services.attach_file(actor=focal_point, version=version, uploaded=pdf_upload(pages=3))
    three = _queries(client, f"/en/review/reports/{report.pk}/")

    assert three == one
