"""The pages a visitor opens first, in the three languages, in a real browser."""

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser

LANGUAGES = ["ar", "en", "fr"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name,path", [("home", ""), ("objectives", "framework/objectives/")])
def test_page_in_each_language(live_hiwar, page, language, name, path):
    response = page.goto(f"{live_hiwar.url}/{language}/{path}")
    assert response.status == 200
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("main#main").count() == 1
    assert page.locator("a.skip-link").get_attribute("href") == "#main"
    screenshot(page, f"{name}-{language}")


def test_objective_detail_arabic(live_hiwar, page):
    page.goto(f"{live_hiwar.url}/ar/framework/objectives/6/")
    # The Arabic commitment is missing: the English text is shown, marked as such and left-to-right.
    fallback = page.locator(".fallback p[lang=en]").first
    assert fallback.get_attribute("dir") == "ltr"
    assert page.locator(".badge--missing").count() >= 1
    screenshot(page, "objective-6-ar")


@pytest.mark.parametrize("language,number_side", [("ar", "right"), ("en", "left")])
def test_layout_mirrors_in_arabic(live_hiwar, page, language, number_side):
    page.goto(f"{live_hiwar.url}/{language}/framework/objectives/")
    item = page.locator(".objective-list li").first
    number = item.locator(".objective-number").bounding_box()
    title = item.locator("a").bounding_box()
    if number_side == "right":
        assert number["x"] > title["x"]
    else:
        assert number["x"] < title["x"]


def test_language_switcher_keeps_the_page_without_javascript(live_hiwar, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/en/framework/objectives/12/")
    page.get_by_role("button", name="العربية").click()
    assert re.search(r"/ar/framework/objectives/12/$", page.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_horizontal_scrolling_at_360_pixels(live_hiwar, browser, language):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    paths = (
        "",
        "framework/objectives/1/",
        "me/organizations/",
        "review/arab-region-2020-2021/",
        "review/reports/1/",
        "account/signup/",
    )
    for path in paths:
        page.goto(f"{live_hiwar.url}/{language}/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 360, path
    screenshot(page, f"organizations-360px-{language}")
    context.close()


def test_keyboard_user_reaches_main_content_first(live_hiwar, page):
    page.goto(f"{live_hiwar.url}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
