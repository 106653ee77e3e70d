import pytest
from django.core.management import call_command

from tests.reviews.conftest import arab_region, bare_cycle  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.parametrize(
    ("language", "title", "dialogue"),
    [
        ("en", "First regional review of the GCM in the Arab region", "27 October 2020"),
        ("fr", "Premier examen régional", "27 octobre 2020"),
        ("ar", "الاستعراض الإقليمي الأول", "27 أكتوبر 2020"),
    ],
)
def test_home_presents_the_current_review_and_its_timeline(client, demo, language, title, dialogue):
    html = client.get(f"/{language}/").content.decode()
    assert title in html
    assert dialogue in html
    assert html.count('<time datetime="') == 7


def test_home_without_a_review_cycle_still_explains_the_platform(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Hiwar" in response.content.decode()
    assert "Timeline" not in response.content.decode()


def test_base_layout_is_accessible(client, demo):
    html = client.get("/fr/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'aria-current="true"' in html  # the current language is marked in the switcher
    for code in ("ar", "en", "fr"):
        assert f'hreflang="{code}"' in html or code == "fr"


def test_interface_is_translated(client):
    assert "Objectifs" in client.get("/fr/").content.decode()
    assert "الأهداف" in client.get("/ar/").content.decode()


@pytest.mark.parametrize("browser_language", ["en", "fr", "ar"])
def test_switching_language_keeps_the_page(client, browser_language):
    response = client.post(
        "/language/",
        {"language": "ar", "next": "/fr/framework/objectives/4/?x=1"},
        HTTP_ACCEPT_LANGUAGE=browser_language,
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/framework/objectives/4/?x=1"
    assert client.cookies["django_language"].value == "ar"


@pytest.mark.parametrize(
    ("posted", "location"),
    [
        ({"language": "ar", "next": "https://evil.example/"}, "/ar/"),
        ({"language": "ar", "next": "//evil.example/x"}, "/ar/"),
        ({"language": "xx", "next": "/en/"}, "/en/"),
        ({"language": "fr"}, "/fr/"),
    ],
)
def test_switching_language_with_bad_input_stays_on_the_site(client, posted, location):
    response = client.post("/language/", posted)
    assert response.status_code == 302
    assert response["Location"] == location


def test_switching_language_needs_post(client):
    assert client.get("/language/?language=ar").status_code == 405


@pytest.mark.parametrize(
    ("role", "drafting", "invitations"),
    [
        (None, False, False),
        ("focal_point", False, False),
        ("translator", True, False),
        ("rapporteur", True, False),
        ("secretariat", True, True),
    ],
)
@pytest.mark.usefixtures("bare_cycle")
def test_the_navigation_shows_each_role_its_own_links(client, role, drafting, invitations):
    from hiwar.accounts.models import RoleAssignment
    from hiwar.framework.models import Country
    from hiwar.reviews.models import ReviewCycle
    from tests.factories import UserFactory

    user = UserFactory()
    if role:
        country = Country.objects.get(iso2="JO") if role == "focal_point" else None
        RoleAssignment.objects.create(user=user, role=role, country=country)
    if role == "secretariat":  # the secretariat signs in with a second factor
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    html = client.get("/en/search/").content.decode()
    slug = ReviewCycle.objects.get().slug
    assert (f'href="/en/publications/cycle/{slug}/"' in html) is drafting
    assert ('href="/en/me/invitations/"' in html) is invitations
    assert 'action="/en/search/"' in html  # the search box is on every page
