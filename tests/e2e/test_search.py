"""The one search, through the header's search box, in the three languages of the demo."""

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_conference import no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_an_arabic_reader_searches_from_the_header_and_a_french_query_finds_arabic(
    live_hiwar, browser
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_hiwar.url}/ar/")
    # Written with harakat and a prefix; the demo practice's title has neither.
    page.fill("#site-search-q", "للعُمّال المهاجرين")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/ar/search/?q=*")
    assert page.locator("html").get_attribute("dir") == "rtl"
    titles = page.locator(".search-result__title").all_inner_texts()
    assert "خط ساخن للعمال المهاجرين بلغاتهم" in titles
    assert page.locator(".search-result__snippet mark").count() >= 1
    assert page.locator("#search-q").input_value() == "للعُمّال المهاجرين"  # the query stays
    screenshot(page, "search-ar")
    page.set_viewport_size({"width": 360, "height": 800})
    assert no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # French words, an English and an Arabic practice: found by meaning across languages.
    page.goto(f"{live_hiwar.url}/fr/search/?q=enregistrement+des+naissances+des+enfants+migrants")
    titles = page.locator(".search-result__title").all_inner_texts()
    assert "تسجيل المواليد من أبناء المهاجرين" in titles[:10]
    screenshot(page, "search-fr")

    # Facets keep the query in the URL; a hostile query gets a message, not an error.
    page.goto(f"{live_hiwar.url}/en/search/?q=migrant+workers&kind=practice")
    assert "q=migrant+workers" in page.url
    assert page.locator(".search-result").count() >= 1
    kinds = page.locator(".search-result__source .badge").first.inner_text()
    assert kinds == "Good practice"
    screenshot(page, "search-en")
    response = page.goto(f"{live_hiwar.url}/en/search/?q=NEAR(%22*%22&page=9999")
    assert response is not None and response.status == 200
    context.close()
