"""A secretariat officer generates the summary report of a demo dialogue, edits a section,
submits and publishes it; the public then reads it in English, French and Arabic (the sections
not yet translated are shown in English, labelled, left-to-right inside the mirrored page)."""

import re

import pytest

from tests.e2e.conftest import make_officer, screenshot, sign_in_with_totp

pytestmark = pytest.mark.browser
CYCLE = "arab-region-2020-2021"
SECRET = "KRSXG5CTMVRXEZLUKN2XAZLSKZ2GK4TT"
EDITOR = "publications.officer@example.org"
PASSWORD = "Publications-officer-2021!"


def test_the_secretariat_generates_edits_and_publishes_a_dialogue_summary(live_hiwar, browser):
    make_officer(
        live_hiwar,
        email=EDITOR,
        password=PASSWORD,
        full_name="Omar Editor",
        language="en",
        secret=SECRET,
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_with_totp(page, live_hiwar.url, EDITOR, PASSWORD, secret=SECRET)
    assert "/2fa/" not in page.url

    page.goto(f"{live_hiwar.url}/en/publications/cycle/{CYCLE}/")
    summary_form = page.locator("form.card").filter(has=page.locator("#gen-dialogue"))
    summary_form.locator("#gen-dialogue-lang").select_option("en")
    summary_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert re.search(r"/en/publications/\d+/edit/$", page.url), page.url
    pk = re.search(r"/publications/(\d+)/", page.url).group(1)
    assert page.locator(".pub-section").count() >= 3
    screenshot(page, "publication-editor-en")

    # Edit the first section in the source language.
    page.locator(".pub-section__heading a").first.click()
    page.fill("input[name=heading]", "Introduction and purpose")
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value() + "\n\nThe secretariat thanks every participant.")
    page.locator(".pub-section-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Section saved." in page.locator(".messages").inner_text()
    assert page.locator(".revision-list li").count() == 2  # both revisions kept

    page.goto(f"{live_hiwar.url}/en/publications/{pk}/edit/")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    page.locator("button[name=action][value=publish]").click()
    page.wait_for_load_state()
    assert "Published" in page.locator(".messages").inner_text()
    context.close()

    # The public reads it (a fresh, anonymous browser).
    public = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = public.new_page()
    for language in ("en", "fr", "ar"):
        reader.goto(f"{live_hiwar.url}/{language}/publications/{pk}/")
        heading = reader.locator(
            ".publication__section :is(h2, h3)", has_text=re.compile(r"^Introduction and purpose$")
        )
        assert heading.count() == 1
        assert "The secretariat thanks every participant." in reader.locator("main").inner_text()
        labels = reader.locator(".publication__label").count()
        assert labels == (
            0 if language == "en" else reader.locator(".publication__section").count()
        )
        screenshot(reader, f"publication-dialogue-summary-{language}")
    assert reader.locator("html").get_attribute("dir") == "rtl"
    assert reader.locator(".publication__section").first.get_attribute("dir") == "ltr"
    assert reader.locator(".publication__label").first.get_attribute("dir") == "rtl"
    response = reader.request.get(f"{live_hiwar.url}/ar/publications/{pk}/download.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    reader.goto(f"{live_hiwar.url}/en/publications/")
    assert reader.locator(".pub-card").count() >= 1
    public.close()
