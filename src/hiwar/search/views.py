"""The search page: /<lang>/search/?q=... with facets (kind, language, country, objective,
year) and pagination, all in the URL, so it works without JavaScript and can be shared."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hiwar.search.query import FACETS, PER_PAGE, run_search

#: The GET parameter of the query (the layout's search box uses it too).
QUERY_PARAMETER = "q"


def _link(query: str, filters: dict[str, str], **changes: str) -> str:
    params = {QUERY_PARAMETER: query, **filters, **changes}
    return "?" + urlencode({key: value for key, value in params.items() if value})


def search(request: HttpRequest) -> HttpResponse:
    raw_query = request.GET.get(QUERY_PARAMETER, "")
    raw_filters = {facet: request.GET.get(facet, "") for facet in FACETS}
    result = run_search(raw_query, raw_filters, request.GET.get("page", "1"))
    query_text = result.query.text if result.query else ""
    url_filters = result.filters
    facets = [
        {
            "name": facet,
            "values": [
                {
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                    "url": _link(
                        query_text,
                        url_filters,
                        **{facet: "" if value.selected else value.value},
                    ),
                }
                for value in values
            ],
        }
        for facet, values in result.facets.items()
        if values
    ]
    context = {
        "q": raw_query[:1000] if result.query is None else query_text,
        "result": result,
        "facets": facets,
        "filters": url_filters,
        "previous_url": _link(query_text, url_filters, page=str(result.page - 1))
        if result.page > 1
        else "",
        "next_url": _link(query_text, url_filters, page=str(result.page + 1))
        if result.page < result.pages
        else "",
        "first_rank": (result.page - 1) * PER_PAGE + 1,
    }
    return render(request, "search/search.html", context)
