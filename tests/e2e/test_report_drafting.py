"""A focal point writes an Arabic section: it autosaves, survives a reload and a lost
connection, and the report is submitted."""

import subprocess

import pytest

from tests.e2e.conftest import BIN, screenshot

pytestmark = pytest.mark.browser

ARABIC = "أنشأت الحكومة لجنة وطنية للهجرة تضم الوزارات المعنية ومنظمات المجتمع المدني."
MORE = " وتعمل اللجنة على تحسين حماية العمال المهاجرين."
MOVE_DEADLINE = (
    "import datetime; from hiwar.reviews.models import ReviewCycle; "
    "ReviewCycle.objects.update(national_report_deadline="
    "datetime.date.today() + datetime.timedelta(days=30))"
)


def test_focal_point_drafts_in_arabic_and_submits(live_hiwar, browser):
    # The demo replays 2020, whose deadline is long past: move it into the future.
    subprocess.run(
        [str(BIN / "hiwar"), "shell", "-c", MOVE_DEADLINE],
        env=live_hiwar.env,
        check=True,
        capture_output=True,
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/ar/account/login/")
    page.fill("input[name=login]", "focalpoint.jo@example.org")
    page.fill("input[name=password]", "hiwar-demo-2021")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_hiwar.url}/ar/review/my-report/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("main a[href*='/review/sections/']").nth(4).click()  # an empty section
    page.wait_for_url("**/ar/review/sections/*/")
    editor_url = page.url
    page.select_option("select[name=language]", "ar")
    page.locator("textarea[name=text]").fill(ARABIC)
    page.locator("#autosave-status [data-revision]").wait_for(timeout=10_000)
    screenshot(page, "section-editor-ar")

    page.reload()
    assert page.locator("textarea[name=text]").input_value() == ARABIC

    # The connection drops while writing: the text stays in the browser and is saved later.
    context.set_offline(True)
    page.locator("textarea[name=text]").press("End")
    page.locator("textarea[name=text]").type(MORE)
    page.wait_for_timeout(2500)  # the autosave attempt fails while offline
    assert "revision" not in page.locator("#autosave-status").inner_text().lower()
    page.close()  # the tab is closed before the connection returns
    context.set_offline(False)
    page = context.new_page()
    page.goto(editor_url)  # later: the text kept in the browser is put back, then saved
    assert page.locator("textarea[name=text]").input_value() == ARABIC + MORE
    page.locator("#autosave-status [data-revision]").wait_for(timeout=10_000)

    # The server has the whole text (read from the report page, not from the browser's copy).
    page.goto(f"{live_hiwar.url}/ar/review/my-report/")
    page.wait_for_function(
        "text => document.querySelector('main').innerText.includes(text)", arg=MORE.strip()
    )
    assert ARABIC in page.locator("main").inner_text()
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    assert page.locator("form[action$='/submit/']").count() == 0  # frozen: nothing to submit
    screenshot(page, "report-submitted-ar")
    context.close()
