"""The search page: results with highlighted, escaped snippets in their language; exact title
first; facets; pages; clear messages for every odd query; a constant number of queries."""

from typing import Any

import pytest
from django.urls import reverse

from hiwar.dialogues.models import Dialogue
from hiwar.search.index import refresh_search_index
from hiwar.search.query import PER_PAGE, fuse, run_search
from tests.search.conftest import make_dialogue

pytestmark = pytest.mark.django_db
URL = "/en/search/"


def page(client: Any, **params: str) -> Any:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def dialogues(cycle: Any, count: int, **extra: str) -> list[Dialogue]:
    made = [
        make_dialogue(
            cycle,
            f"d{n}",
            title_en=f"Dialogue {n} on remittances",
            summary_en="Participants discussed remittance costs and mobile payments.",
            **extra,
        )
        for n in range(count)
    ]
    refresh_search_index()
    return made


def test_the_url_name_and_parameter():
    assert reverse("search:search") == URL


def test_results_show_source_language_and_highlighted_snippet(client, cycle):
    make_dialogue(
        cycle,
        "d1",
        title_en="Dialogue on remittances",
        summary_en="Participants asked to lower remittance costs <script>alert(1)</script>.",
        title_ar="حوار حول التحويلات المالية",
        summary_ar="طالب المشاركون بخفض تكاليف التحويلات المالية للمهاجرين.",
    )
    refresh_search_index()
    html = page(client, q="remittance costs").content.decode()
    assert "<mark>remittance</mark> <mark>costs</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Dialogue record" in html
    assert 'value="remittance costs"' in html  # the query stays in the box
    arabic = page(client, q="والتحويلات").content.decode()
    assert 'lang="ar" dir="rtl"' in arabic
    assert "<mark>التحويلات</mark>" in arabic


def test_an_exact_title_match_ranks_first(cycle):
    for n in range(5):
        make_dialogue(
            cycle,
            f"noise-{n}",
            title_en=f"Consultation round {n}",
            summary_en="Labour migration in the Gulf: labour migration, migration of labour, "
            "Gulf labour markets and labour migration again in the Gulf.",
        )
    exact = make_dialogue(cycle, "exact", title_en="Labour Migration in the Gulf")
    refresh_search_index()
    results = run_search("labour migration in the gulf", {}, "1").results
    assert results[0].document.key == f"dialogue:{exact.pk}:en"
    # Folded the same way: accents, case, Arabic letter variants.
    arabic = make_dialogue(cycle, "arabic", title_ar="الهجرة في المنطقة العربية")
    refresh_search_index()
    assert run_search("الهجره في المنطقه العربيه", {}, "1").results[0].document.key == (
        f"dialogue:{arabic.pk}:ar"
    )


def test_reciprocal_rank_fusion_rewards_agreement():
    assert fuse([1, 2, 3], [3, 4]) == [3, 1, 2, 4]
    assert fuse([], [5, 6]) == [5, 6]


def test_a_french_query_finds_an_arabic_passage_by_meaning(cycle):
    arabic = make_dialogue(
        cycle,
        "ar",
        title_ar="حماية عاملات المنازل",
        summary_ar="تحتاج عاملات المنازل المهاجرات إلى حماية قانونية من الأجور غير المدفوعة.",
    )
    make_dialogue(cycle, "other", title_en="Football results", summary_en="The match ended 2-1.")
    refresh_search_index()
    result = run_search("protection des travailleuses domestiques", {"language": "ar"}, "1")
    assert [r.document.key for r in result.results] == [f"dialogue:{arabic.pk}:ar"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type one or more words to search."),
        ("   ", "Type one or more words to search."),
        ("?!.,;", "no letters or digits"),
        ('"', "no letters or digits"),
        ("*", "no letters or digits"),
        ("NEAR(", ""),
        ("remittances OR", ""),
        ("col:term", ""),
        ('"unbalanced', ""),
        ("-remittances", ""),
        ("remit*", ""),
    ],
)
def test_hostile_and_empty_queries_give_a_page_and_a_message(client, cycle, query, message):
    dialogues(cycle, 1)
    html = page(client, q=query).content.decode()
    assert message in html


def test_a_query_of_ten_thousand_characters_is_shortened(client, cycle):
    dialogues(cycle, 1)
    html = page(client, q="remittances " * 900).content.decode()
    assert "shortened to its first" in html
    assert "Dialogue 0 on" in html


def test_no_parameter_shows_the_empty_form(client):
    html = page(client).content.decode()
    assert 'name="q"' in html and "Type one or more words" not in html


def test_unknown_facet_values_are_ignored_with_a_notice(client, cycle):
    dialogues(cycle, 2)
    html = page(
        client,
        q="remittances",
        kind="secret",
        language="xx",
        country="ZZ",
        objective="99",
        year="abc",
    ).content.decode()
    for value in ("secret", "xx", "ZZ", "99", "abc"):
        assert f"The filter “{value}” is not known and was ignored." in html
    assert "Dialogue 0 on" in html and "Dialogue 1 on" in html


def test_facets_count_and_filter(client, cycle):
    make_dialogue(cycle, "en", title_en="Remittances dialogue")
    make_dialogue(cycle, "fr", title_fr="Dialogue sur les transferts de fonds (remittances)")
    refresh_search_index()
    result = run_search("remittances", {}, "1")
    languages = {value.value: value.count for value in result.facets["language"]}
    assert languages["en"] == 1 and languages["fr"] == 1
    only_french = run_search("remittances", {"language": "fr"}, "1")
    assert {r.document.language for r in only_french.results} == {"fr"}
    html = page(client, q="remittances", language="fr").content.decode()
    assert (
        "language=fr" not in html.split('aria-current="true"')[0][-200:] or "aria-current" in html
    )


def test_pages_out_of_range_and_not_numbers(client, cycle):
    dialogues(cycle, PER_PAGE + 3)
    first = page(client, q="remittances").content.decode()
    assert "Page 1 of 2" in first and "page=2" in first
    last = page(client, q="remittances", page="9999").content.decode()
    assert "There are only 2 pages of results; here is the last one." in last
    assert "Page 2 of 2" in last
    bad = page(client, q="remittances", page="abc").content.decode()
    assert "The page number was not understood" in bad and "Page 1 of 2" in bad
    assert "Page 1 of 2" in page(client, q="remittances", page="-4").content.decode()


def test_nothing_found_says_so(client, cycle):
    dialogues(cycle, 1)
    html = page(client, q="zzzqqq xylophonic").content.decode()
    assert "Nothing published matches your search." in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_results_page_makes_a_constant_number_of_queries(
    client, cycle, count, django_assert_num_queries
):
    dialogues(cycle, count)
    page(client, q="remittances")  # loads the embedding matrix once
    # index tag, full text, page rows, publication check; the layout's current cycle
    with django_assert_num_queries(5):
        html = page(client, q="remittances").content.decode()
    assert html.count('class="search-result"') == count


def test_links_follow_the_reader_language_and_snippets_drop_markdown(client, cycle):
    make_dialogue(
        cycle, "d1", title_en="Remittances", summary_en="We **lowered** remittance costs."
    )
    refresh_search_index()
    html = client.get("/fr/search/", {"q": "remittance costs"}).content.decode()
    assert 'href="/fr/dialogues/d1/"' in html
    assert "We lowered <mark>remittance</mark> <mark>costs</mark>." in html
