"""The page a citation links to: one analysis passage with its source, page and tags."""

from django.http import Http404, HttpRequest, HttpResponse


def passage(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404  # written by the generators' engineer: see publications/citations.py
