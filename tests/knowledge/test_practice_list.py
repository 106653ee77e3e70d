"""The public list of practices with its facets, and the detail page with similar practices."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory
from hiwar.knowledge import selectors
from hiwar.knowledge.models import Practice
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db
PUBLISHED = Practice.Status.PUBLISHED


def countries(*codes: str) -> list[Country]:
    return list(Country.objects.filter(iso2__in=codes))


def objectives(*numbers: int) -> list[Objective]:
    return list(Objective.objects.filter(number__in=numbers))


@pytest.fixture
def three(organization: Any, org_member: Any) -> list[Practice]:
    """Three published practices that differ on every facet."""
    return [
        make_practice(organization, org_member, PUBLISHED, title="Legal clinics"),
        make_practice(
            organization,
            org_member,
            PUBLISHED,
            title="Cours de langue",
            language="fr",
            countries=countries("JO", "MA"),
            objectives=objectives(16),
            principles=list(GuidingPrinciple.objects.filter(letter="g")),
            stakeholder_categories=list(StakeholderCategory.objects.filter(code="academia")),
            start_year=2020,
            end_year=None,
        ),
        make_practice(
            organization,
            org_member,
            PUBLISHED,
            title="تحويلات مالية أرخص",
            language="ar",
            countries=countries("MA"),
            objectives=objectives(20, 6),
            start_year=2015,
            end_year=2016,
        ),
    ]


def facet(facets: list[selectors.Facet], key: str) -> dict[str, int]:
    return {v.value: v.count for v in next(f for f in facets if f.key == key).values}


def titles(response: Any) -> set[str]:
    return {p.title for p in response.context["page"].object_list}


def test_facet_counts(client, three):
    response = client.get("/en/knowledge/practices/")
    facets = response.context["facets"]
    assert facet(facets, "objective") == {"6": 2, "16": 1, "20": 1}
    assert facet(facets, "country") == {"JO": 2, "MA": 2}
    assert facet(facets, "language") == {"en": 1, "fr": 1, "ar": 1}
    assert facet(facets, "principle") == {"a": 2, "g": 1}
    assert facet(facets, "category") == {"civil_society": 2, "academia": 1}
    years = facet(facets, "year")
    assert years["2015"] == 1
    assert "2017" not in years
    assert years["2019"] == 1  # 2018-2020
    assert years["2020"] == 2  # 2018-2020 and 2020-


def test_cluster_counts_count_each_practice_once(client, three):
    clusters = facet(client.get("/en/knowledge/practices/").context["facets"], "cluster")
    expected: dict[str, set[str]] = {}
    for practice in three:
        for objective in practice.objectives.select_related("cluster"):
            expected.setdefault(objective.cluster.code, set()).add(practice.title)
    assert clusters == {code: len(names) for code, names in expected.items()}


def test_facets_combine_and_stay_in_the_url(client, three):
    response = client.get("/en/knowledge/practices/?objective=6&country=MA")
    assert titles(response) == {"تحويلات مالية أرخص"}
    assert response.context["params"] == {"objective": "6", "country": "MA"}
    html = response.content.decode()
    # A link on another facet keeps both chosen values; the chosen value's link removes it.
    assert 'href="?country=MA&amp;language=ar&amp;objective=6"' in html
    assert 'href="?country=MA"' in html
    assert facet(response.context["facets"], "language") == {"ar": 1}

    assert titles(client.get("/en/knowledge/practices/?language=fr")) == {"Cours de langue"}
    assert titles(client.get("/en/knowledge/practices/?year=2016")) == {"تحويلات مالية أرخص"}
    assert titles(client.get("/en/knowledge/practices/?year=2024")) == {"Cours de langue"}
    assert titles(client.get("/en/knowledge/practices/?principle=g")) == {"Cours de langue"}
    assert titles(client.get("/en/knowledge/practices/?category=academia")) == {"Cours de langue"}
    cluster = Objective.objects.get(number=20).cluster.code
    assert "تحويلات مالية أرخص" in titles(client.get(f"/en/knowledge/practices/?cluster={cluster}"))


@pytest.mark.parametrize(
    "query",
    [
        "objective=99",
        "objective=abc",
        "country=ZZ",
        "language=de",
        "year=1066",
        "year=99999999999999999999",
        "principle=<script>",
        "category=nobody",
        "cluster=RT9",
        "page=9999",
        "page=-1",
        "objective=6%00",
    ],
)
def test_unknown_facet_values_are_ignored_with_a_notice(client, three, query):
    response = client.get(f"/en/knowledge/practices/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    if not query.startswith("page="):
        assert "is not known and was ignored" in html
        assert len(titles(response)) == 3
        assert "<script>" not in html.split("<main")[1] if "<main" in html else True
    else:
        assert len(titles(response)) == 3


def test_pagination_keeps_the_filters(client, organization, org_member, settings, monkeypatch):
    from hiwar.knowledge.views import practices as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(3):
        make_practice(organization, org_member, PUBLISHED, title=f"Practice {n}")
    first = client.get("/en/knowledge/practices/?objective=6")
    assert len(first.context["page"].object_list) == 2
    assert 'href="?objective=6&amp;page=2"' in first.content.decode()
    second = client.get("/en/knowledge/practices/?objective=6&page=2")
    assert len(second.context["page"].object_list) == 1


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/en/knowledge/practices/", "/en/knowledge/practices/?country=JO"])
def test_the_list_makes_as_many_queries_for_one_practice_as_for_three(
    client, organization, org_member, django_assert_num_queries, url
):
    make_practice(organization, org_member, PUBLISHED)
    client.get(url)  # warm caches (content types, translations)
    with_one = _queries(client, url)
    make_practice(organization, org_member, PUBLISHED, countries=countries("JO", "MA", "TN"))
    make_practice(organization, org_member, PUBLISHED, objectives=objectives(1, 2, 3))
    with django_assert_num_queries(with_one):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 3


def test_the_review_queue_makes_constant_queries(
    secretariat_client, organization, org_member, django_assert_num_queries
):
    url = "/en/knowledge/practices/review/"
    make_practice(organization, org_member, Practice.Status.SUBMITTED)
    secretariat_client.get(url)
    with_one = _queries(secretariat_client, url)
    make_practice(organization, org_member, Practice.Status.SUBMITTED)
    make_practice(organization, org_member, Practice.Status.SUBMITTED)
    with django_assert_num_queries(with_one):
        response = secretariat_client.get(url)
    assert len(response.context["practices"]) == 3


def test_my_practices_makes_constant_queries(
    client, organization, org_member, django_assert_num_queries
):
    url = "/en/knowledge/practices/mine/"
    make_practice(organization, org_member)
    client.force_login(org_member)
    client.get(url)
    with_one = _queries(client, url)
    make_practice(organization, org_member, Practice.Status.SUBMITTED)
    make_practice(organization, org_member, PUBLISHED)
    with django_assert_num_queries(with_one):
        response = client.get(url)
    assert len(response.context["practices"]) == 3


def test_the_text_carries_its_own_language_and_direction(client, three):
    arabic = three[2]
    html = client.get(f"/fr/knowledge/practices/{arabic.pk}/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert '<article class="practice" lang="ar" dir="rtl">' in html
    listing = client.get("/en/knowledge/practices/").content.decode()
    assert 'lang="ar" dir="rtl">تحويلات مالية أرخص</a>' in listing
    assert 'lang="fr" dir="ltr">Cours de langue</a>' in listing


def test_the_detail_never_shows_the_contact_email(client, published):
    html = client.get(f"/en/knowledge/practices/{published.pk}/").content.decode()
    assert "private-contact@example.jo" not in html
    assert f"/knowledge/directory/{published.organization_id}/contact/" in html


def test_the_description_is_cleaned_markdown(client, organization, org_member):
    practice = make_practice(
        organization,
        org_member,
        PUBLISHED,
        description="**Bold** <script>alert(1)</script> [x](javascript:alert(1))",
    )
    html = client.get(f"/en/knowledge/practices/{practice.pk}/").content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "javascript:alert" not in html


def test_similar_practices_find_the_same_topic_across_languages(organization, org_member):
    legal_en = make_practice(
        organization,
        org_member,
        PUBLISHED,
        title="Free legal aid for migrant workers",
        summary="Lawyers help migrant workers recover unpaid wages and contracts in court.",
        description="",
    )
    legal_fr = make_practice(
        organization,
        org_member,
        PUBLISHED,
        title="Aide juridique gratuite pour les travailleurs migrants",
        summary="Des avocats aident les travailleurs migrants à récupérer leurs salaires impayés.",
        description="",
        language="fr",
    )
    make_practice(
        organization,
        org_member,
        PUBLISHED,
        title="Cheaper remittances",
        summary="A mobile application lowers the cost of sending money home to families.",
        description="",
    )
    draft = make_practice(organization, org_member, title="Legal aid draft")
    similar = selectors.similar_practices(legal_en)
    assert similar[0] == legal_fr
    assert legal_en not in similar
    assert draft not in similar
    assert len(similar) == 2
    assert selectors.similar_practices(draft) == []


def test_the_detail_page_shows_similar_practices(client, three):
    response = client.get(f"/en/knowledge/practices/{three[0].pk}/")
    assert {p.pk for p in response.context["similar"]} == {three[1].pk, three[2].pk}
    assert "Similar practices" in response.content.decode()


def test_the_api_names_are_stable():
    assert callable(selectors.published_practices)
    assert callable(selectors.practice_facets)
    facets = selectors.practice_facets(selectors.published_practices())
    assert [f.key for f in facets] == list(selectors.PRACTICE_FACETS)
