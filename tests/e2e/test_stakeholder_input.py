"""A trade-union member in Amman sends a written input in Arabic with a PDF attached; the
organization is shown, the person's name is not."""

import pytest

from tests.e2e.conftest import screenshot
from tests.reviews.conftest import make_pdf

pytestmark = pytest.mark.browser


def test_member_sends_an_input_in_arabic_with_a_file(live_hiwar, browser, tmp_path):
    pdf = tmp_path / "input.pdf"
    pdf.write_bytes(make_pdf(pages=2))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/ar/account/login/")
    page.fill("input[name=login]", "org.member@example.org")
    page.fill("input[name=password]", "hiwar-demo-2021")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_hiwar.url}/ar/review/arab-region-2020-2021/inputs/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=title]", "ملاحظات دار العمال حول الأجور غير المدفوعة")
    page.select_option("select[name=language]", "ar")
    page.fill(
        "textarea[name=section_challenges]",
        "يعاني العمال المهاجرون من تأخر دفع الأجور، ويصعب عليهم تقديم الشكاوى.",
    )
    page.set_input_files("input[name=file]", str(pdf))
    page.uncheck("input[name=show_author_name]")
    screenshot(page, "input-form-ar")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/review/inputs/*/")

    main = page.locator("main").inner_text()
    assert "ملاحظات دار العمال" in main
    assert "Workers House" in main
    assert "Omar Organization Member" not in main  # the name stays hidden
    assert page.locator("main a[href*='/review/files/']").count() == 1
    screenshot(page, "input-sent-ar")

    # A broken file is refused with a clear message, and nothing is sent.
    page.goto(f"{live_hiwar.url}/ar/review/arab-region-2020-2021/inputs/new/")
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"MZ" + b"\0" * 200)
    page.fill("input[name=title]", "ملف غير صالح")
    page.set_input_files("input[name=file]", str(fake))
    page.locator("main form button[type=submit]").click()
    assert "/inputs/new/" in page.url
    assert page.locator(".alert--error").count() >= 1
    context.close()
