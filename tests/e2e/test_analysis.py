"""A rapporteur reviews the engine's tags on a demo report with the keyboard, and reads the
coverage heatmap, in Arabic, English and French. The task worker analyses the seeded reports."""

import re
import time

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser
CYCLE = "arab-region-2020-2021"


def sign_in(page, url: str, email: str) -> None:
    page.goto(f"{url}/en/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "hiwar-demo-2021")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def wait_for_analysed_documents(page, url: str, *, seconds: float = 240) -> None:
    """The worker analyses the demo's reports in the background: wait, bounded."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page.goto(f"{url}/en/review/analysis/{CYCLE}/")
        pending = page.locator(".analysis-status--queued, .analysis-status--running").count()
        if pending == 0 and page.locator(".analysis-status--done").count() > 0:
            return
        page.wait_for_timeout(2000)
    raise AssertionError("the demo documents were not analysed in time")


def test_rapporteur_confirms_tags_with_the_keyboard_and_reads_coverage(live_hiwar, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_hiwar.url, "rapporteur@example.org")
    wait_for_analysed_documents(page, live_hiwar.url)
    assert page.locator(".analysis-status--failed").count() == 0

    # A report written on the platform, in Arabic where the demo has one.
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    document_path = re.sub(r"^https?://[^/]+/en", "", page.url)
    for language in ("ar", "en", "fr"):
        page.goto(f"{live_hiwar.url}/{language}{document_path}")
        assert page.locator("[data-passage]").count() > 0
        screenshot(page, f"analysis-review-{language}")
    assert page.locator("html").get_attribute("dir") == "ltr"

    page.goto(f"{live_hiwar.url}/ar{document_path}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    confirmed_before = page.locator(".tag--confirmed").count()
    passage = page.locator("[data-passage]:has(.tag--suggested)").first
    passage.focus()
    page.keyboard.press("c")
    page.wait_for_function(
        f"document.querySelectorAll('.tag--confirmed').length > {confirmed_before}",
        timeout=10_000,
    )
    page.reload()
    assert page.locator(".tag--confirmed").count() == confirmed_before + 1

    for language in ("ar", "en", "fr"):
        page.goto(f"{live_hiwar.url}/{language}/review/analysis/{CYCLE}/coverage/")
        assert page.locator("svg.heatmap rect").count() == 22 * 23
        assert page.locator("table.coverage-table tbody tr").count() == 22
        screenshot(page, f"analysis-coverage-{language}")
    page.locator("svg.heatmap a").first.focus()
    context.close()
