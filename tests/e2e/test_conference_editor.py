"""A secretariat officer working in Arabic edits the demo programme, sees the checks react,
publishes a second version, then chairs a discussion: the trade unionist from Amman asks for
the floor from his own browser and the chair records that he spoke."""

import pytest

from tests.e2e.conftest import make_officer, screenshot, sign_in_with_totp

pytestmark = pytest.mark.browser
SLUG = "arab-rrc-2021"
SECRET = "JBSWY3DPEHPK3PXP"  # base32 TOTP secret of the officer made below
CHAIR = "chair.officer@example.org"
PASSWORD = "Chair-officer-2021!"


def test_the_secretariat_edits_publishes_and_chairs_in_arabic(live_hiwar, page, browser):
    make_officer(
        live_hiwar,
        email=CHAIR,
        password=PASSWORD,
        full_name="Nadia Chair",
        language="ar",
        secret=SECRET,
    )
    sign_in_with_totp(page, live_hiwar.url, CHAIR, PASSWORD, secret=SECRET, language="ar")
    assert "/2fa/" not in page.url

    editor = f"{live_hiwar.url}/ar/conference/{SLUG}/manage/"
    page.goto(editor)
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The concept note leaves eight chairs and moderators open: eight notes, nothing else.
    assert page.locator(".findings .finding--low").count() == 8
    assert page.locator(".findings .finding--high, .findings .finding--medium").count() == 0
    screenshot(page, "conference-editor-ar")

    # Round table 1 starts ten minutes earlier: it now overlaps Plenary session 4.
    page.locator(".programme-table tr").filter(has_text="RT1").locator("a").first.click()
    title = page.locator("input[name=title_en]").input_value()
    assert title.startswith("Round Table 1"), title
    page.fill("input[name=starts_at]", "14:40")
    page.locator("#item-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/manage/items/" in page.url  # still on the item's page
    overlap = page.locator(".findings .finding--medium")
    assert overlap.count() == 1
    assert "14:20" in overlap.inner_text()  # Plenary session 4, 14:20-14:50
    screenshot(page, "conference-item-ar")

    page.goto(editor)
    assert page.locator(".change--changed").count() == 1
    page.locator("form[action$='/manage/publish/'] button").click()
    page.wait_for_load_state()
    assert "2" in page.locator(".messages").inner_text()

    # The chair opens the speakers' list of Plenary session 1 (found from the public page).
    page.goto(f"{live_hiwar.url}/ar/conference/{SLUG}/")
    floor = page.locator("a[href*='/floor/']").first.get_attribute("href")
    page.goto(f"{live_hiwar.url}{floor}")
    page.locator("form[action$='/floor/open/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".floor-state--open").count() == 1

    # Omar, a registered trade unionist, asks for the floor from his own browser.
    participant = browser.new_context().new_page()
    sign_in_with_totp(
        participant, live_hiwar.url, "org.member@example.org", "hiwar-demo-2021",
        secret=SECRET, language="ar",
    )  # fmt: skip
    participant.goto(f"{live_hiwar.url}{floor}")
    participant.locator("form[action$='/floor/ask/'] button").click()
    participant.wait_for_load_state()
    assert participant.locator(".floor-participant .alert--success").count() == 1
    screenshot(participant, "conference-floor-participant-ar")

    # The chair sees him in the queue, with his category and country, and records that he spoke.
    page.goto(f"{live_hiwar.url}{floor}")
    queue = page.locator("#floor-queue")
    assert "Omar" in queue.inner_text()
    assert "الأردن" in queue.inner_text()  # Jordan
    screenshot(page, "conference-floor-chair-ar")
    with page.expect_response(lambda response: "/spoke/" in response.url):  # htmx request
        queue.locator("form[action$='/spoke/'] button").first.click()
    participant.reload()
    assert "Omar" in participant.locator("#spoken-heading + *").inner_text()
    participant.context.close()
