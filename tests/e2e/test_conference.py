"""A reader opens the demo conference's public programme (the concept note's two days) in
Arabic, English and French, on a desk screen and on a phone, and prints it."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser
SLUG = "arab-rrc-2021"
ROUND_TABLE = {"ar": "المائدة المستديرة", "en": "Round table", "fr": "Table ronde"}


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_public_programme_in_arabic_reads_right_to_left_and_fits_a_phone(live_hiwar, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/ar/conference/{SLUG}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    headings = page.locator("h2.programme-day__title")
    assert headings.count() == 2
    assert "24" in headings.nth(0).inner_text() and "25" in headings.nth(1).inner_text()
    round_tables = page.locator(".programme-item--round_table")
    assert round_tables.count() == 4
    for index in range(4):
        item = round_tables.nth(index)
        assert item.is_visible()
        assert ROUND_TABLE["ar"] in item.inner_text()
        assert item.locator(".programme-objectives__list a").count() >= 5
    screenshot(page, "conference-programme-ar")
    # The day navigation works without JavaScript: plain anchors.
    page.locator(".programme-days a").nth(1).click()
    assert page.url.endswith("#day-2021-02-25")
    # Mirrored: the time column sits on the right of the item in Arabic.
    first = page.locator(".programme-item").first
    time_box = first.locator(".programme-item__time").bounding_box()
    body_box = first.locator(".programme-item__body").bounding_box()
    assert time_box["x"] > body_box["x"]

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_hiwar.url}/ar/conference/{SLUG}/")
    assert no_horizontal_scroll(page)
    screenshot(page, "conference-programme-ar-360")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".programme-exports").is_hidden()
    assert page.locator(".programme-days").is_hidden()
    assert page.locator(".programme-item--round_table").first.is_visible()
    screenshot(page, "conference-programme-ar-print")
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_public_programme_in_english_and_french(live_hiwar, browser, language):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/{language}/conference/{SLUG}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h2.programme-day__title").count() == 2
    assert page.locator(".programme-item--round_table").count() == 4
    screenshot(page, f"conference-programme-{language}")
    page.set_viewport_size({"width": 360, "height": 780})
    assert no_horizontal_scroll(page)
    if language == "en":
        screenshot(page, "conference-programme-en-360")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.emulate_media(media="print")
        screenshot(page, "conference-programme-en-print")
    context.close()


def test_the_programme_downloads_are_linked_and_served(live_hiwar, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/en/conference/{SLUG}/")
    for suffix, content_type in (
        ("programme.ics", "text/calendar"),
        ("programme.json", "application/json"),
        ("programme.pdf", "application/pdf"),
    ):
        link = page.locator(f'.programme-exports a[href$="{suffix}"]')
        assert link.count() == 1
        # The first PDF of a language takes seconds to lay out; allow for a loaded machine.
        response = page.request.get(
            f"{live_hiwar.url}{link.get_attribute('href')}", timeout=120_000
        )
        assert response.status == 200
        assert response.headers["content-type"].startswith(content_type)
    context.close()
