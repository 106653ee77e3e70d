"""The demonstration practices and profiles: seeded once, marked as samples, in the three
languages, and shown with the sample notice."""

import pytest

from hiwar.accounts.demo import seed_accounts, seed_organizations
from hiwar.knowledge.demo import seed_practices
from hiwar.knowledge.models import OrganizationProfile, Practice

pytestmark = pytest.mark.django_db


def test_seed_practices_is_idempotent_and_marks_samples(client):
    seed_organizations()
    seed_accounts()
    assert seed_practices(None) == 9
    assert seed_practices(None) == 0
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    assert published.count() == 8
    assert Practice.objects.filter(status=Practice.Status.SUBMITTED).count() == 1
    assert set(published.values_list("language", flat=True)) == {"ar", "en", "fr"}
    assert not Practice.objects.filter(is_sample=False).exists()
    assert all(p.embedding for p in published)
    assert OrganizationProfile.objects.filter(is_sample=True).count() == 4

    practice = published.get(language="ar", organization__name="Workers House")
    assert practice.submitted_by.email == "org.member@example.org"
    html = client.get(f"/en/knowledge/practices/{practice.pk}/").content.decode()
    assert "Sample text for demonstration." in html
    assert '<article class="practice" lang="ar" dir="rtl">' in html
    listing = client.get("/en/knowledge/practices/")
    assert listing.context["page"].paginator.count == 8
