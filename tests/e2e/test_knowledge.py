"""A trade unionist from Amman submits a good practice in French, with the objectives the
analysis engine suggests; the secretariat publishes it; the public finds it in the Arabic list
of practices, whose layout mirrors."""

import pytest

from tests.e2e.conftest import make_officer, screenshot, sign_in_with_totp
from tests.e2e.test_conference import no_horizontal_scroll
from tests.e2e.test_secretariat import sign_in

pytestmark = pytest.mark.browser
SECRET = "KRSXG5CTMVRXEZLU"  # base32 TOTP secret of the officer made below
OFFICER = "knowledge.officer@example.org"
PASSWORD = "Knowledge-officer-2021!"
TITLE = "Permanences syndicales pour les travailleuses domestiques migrantes"


def test_a_practice_in_french_is_suggested_reviewed_and_found_in_arabic(live_hiwar, browser):
    make_officer(
        live_hiwar,
        email=OFFICER,
        password=PASSWORD,
        full_name="Karim Officer",
        language="en",
        secret=SECRET,
    )

    # The member of Workers House writes the practice in French.
    member = browser.new_context(viewport={"width": 1280, "height": 900})
    page = member.new_page()
    sign_in(page, live_hiwar.url, "org.member@example.org", "hiwar-demo-2021")
    page.goto(f"{live_hiwar.url}/fr/knowledge/practices/new/")
    page.select_option("select[name=organization]", label="Workers House")
    page.fill("input[name=title]", TITLE)
    assert page.locator("select[name=language]").input_value() == "fr"
    page.fill(
        "textarea[name=summary]",
        "Chaque vendredi, le syndicat accueille les travailleuses domestiques migrantes pour "
        "les aider à récupérer leurs salaires impayés, à faire respecter leur contrat de travail "
        "et leur jour de repos, et à porter plainte contre les agences de recrutement abusives.",
    )
    page.select_option("select[name=countries]", label="Jordanie")
    page.fill("input[name=start_year]", "2020")
    page.locator("button[name=suggest]").click()
    page.wait_for_load_state()
    suggested = page.locator(".objective-choices__item--suggested input[type=checkbox]")
    assert suggested.count() >= 1
    assert all(suggested.nth(i).is_checked() for i in range(suggested.count()))
    assert page.locator("input[name=title]").input_value() == TITLE  # the form is kept
    screenshot(page, "knowledge-practice-form-fr")
    page.locator("button[name=save]").click()
    page.wait_for_load_state()
    assert "/edit/" in page.url
    page.locator(".practice-submit form button").click()
    page.wait_for_load_state()
    assert page.locator(".practice-status--submitted").count() == 1
    member.close()

    # The secretariat publishes it.
    officer = browser.new_context(viewport={"width": 1280, "height": 900})
    page = officer.new_page()
    sign_in_with_totp(page, live_hiwar.url, OFFICER, PASSWORD, secret=SECRET)
    page.goto(f"{live_hiwar.url}/en/knowledge/practices/review/")
    page.locator(".review-queue a", has_text=TITLE).click()
    page.wait_for_load_state()
    page.locator("input[name=decision][value=publish]").check()
    page.locator(".practice-review button[type=submit]").click()
    page.wait_for_load_state()
    assert "review" in page.url
    officer.close()
    # The member reads the platform in Arabic: "your good practice has been published".
    mail = live_hiwar.wait_for_mail("org.member@example.org", seconds=120)
    assert "نُشرت ممارستك الجيدة" in mail
    assert "/knowledge/practices/" in mail

    # Anyone finds it in the Arabic list; the facets sit on the right, the French title
    # keeps its own direction.
    public = browser.new_context(viewport={"width": 1280, "height": 900})
    page = public.new_page()
    page.goto(f"{live_hiwar.url}/ar/knowledge/practices/?language=fr")
    assert page.locator("html").get_attribute("dir") == "rtl"
    link = page.locator(".practice-card h2 a", has_text=TITLE)
    assert link.count() == 1
    assert link.get_attribute("lang") == "fr"
    assert link.get_attribute("dir") == "ltr"
    facets = page.locator(".facets").bounding_box()
    results = page.locator(".knowledge-results").bounding_box()
    assert facets["x"] > results["x"]  # mirrored: the filters are on the right in Arabic
    screenshot(page, "knowledge-practices-ar")
    page.set_viewport_size({"width": 360, "height": 800})
    assert no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    link.click()
    page.wait_for_load_state()
    assert page.locator("article.practice").get_attribute("dir") == "ltr"
    screenshot(page, "knowledge-practice-detail-ar")
    page.goto(f"{live_hiwar.url}/en/knowledge/practices/")
    facets = page.locator(".facets").bounding_box()
    results = page.locator(".knowledge-results").bounding_box()
    assert facets["x"] < results["x"]
    screenshot(page, "knowledge-practices-en")
    page.goto(f"{live_hiwar.url}/fr/knowledge/directory/?country=JO")
    assert page.locator(".directory-card", has_text="Workers House").count() == 1
    screenshot(page, "knowledge-directory-fr")
    public.close()
