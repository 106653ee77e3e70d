"""The record of the first demo dialogue, read in Arabic by the public; the rapporteur looks at
the balance of participation across the cycle's dialogues."""

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_conference import no_horizontal_scroll
from tests.e2e.test_secretariat import sign_in

pytestmark = pytest.mark.browser
SLUG = "stakeholder-dialogue-2020-10-27"


def test_the_dialogue_record_in_arabic_and_the_balance_for_the_rapporteur(live_hiwar, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/ar/dialogues/{SLUG}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".dialogue-agenda__item").count() == 4
    assert "87" in page.locator(".dialogue__attendance").inner_text()
    assert page.locator(".dialogue-questions li").count() == 4
    screenshot(page, "dialogue-record-ar")
    page.set_viewport_size({"width": 360, "height": 800})
    assert no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in(page, live_hiwar.url, "rapporteur@example.org", "hiwar-demo-2021")
    page.goto(f"{live_hiwar.url}/ar/dialogues/cycle/arab-region-2020-2021/balance/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".indicator").count() == 4
    assert page.locator("main svg").count() >= 1
    screenshot(page, "dialogue-balance-ar")
    page.goto(f"{live_hiwar.url}/en/dialogues/cycle/arab-region-2020-2021/balance/")
    screenshot(page, "dialogue-balance-en")
    context.close()
