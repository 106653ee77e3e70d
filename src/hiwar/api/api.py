"""The public, read-only open data API (django-ninja); OpenAPI 3 at /api/openapi.json, docs at
/api/docs.

Everything here is published material, readable without an account. Each request is counted
against a rate limit (per address, or per token with `Authorization: Bearer`); successful
answers carry an ETag (a digest of the body; `If-None-Match` gives 304) and Cache-Control.
Errors are JSON with a `detail` message: 401 bad token, 404 unknown or unpublished id, 422
invalid parameters (with `message` naming them), 429 too many requests (with Retry-After).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from hiwar.api.auth import RateLimited, identify
from hiwar.api.caching import conditional
from hiwar.api.docs import OfflineSwagger
from hiwar.api.routers import (
    coverage,
    export,
    framework,
    opendata,
    organizations,
    practices,
    programme,
    reports,
)

DESCRIPTION = """Published data of the regional reviews of the Global Compact for Safe,
Orderly and Regular Migration (GCM): the GCM framework, countries, organizations, published
national reports and stakeholder inputs with their analysed passages and tags, the coverage of
the objectives, good practices and conference programmes. Texts written by the organizers come
in Arabic, English and French (`{"ar", "en", "fr"}`; an empty string means no text yet).

Lists are paged with `limit` (at most 200) and `offset`; answers give `count`, `next` and
`previous`. Anonymous clients may make 60 requests a minute; the secretariat's tokens
(`Authorization: Bearer <token>`) more, and give access to the bulk export. Data under
CC BY 4.0: see /api/open-data/README.txt."""


class Utf8JSONRenderer(JSONRenderer):
    """Arabic and French letters as they are, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class HiwarAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)


api = HiwarAPI(
    title="Hiwar open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=identify,
    renderer=Utf8JSONRenderer(),
    docs=OfflineSwagger(),
)

for module in (
    framework,
    organizations,
    reports,
    coverage,
    practices,
    programme,
    opendata,
    export,
):
    api.add_router("/", module.router)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    names = sorted({str(error.get("loc", ["", "?"])[-1]) for error in exc.errors})
    message = ngettext(
        "Invalid parameter: %(names)s.", "Invalid parameters: %(names)s.", len(names)
    ) % {"names": ", ".join(names)}
    return api.create_response(request, {"message": message, "detail": exc.errors}, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    message = ngettext(
        "Too many requests: try again in %(seconds)d second.",
        "Too many requests: try again in %(seconds)d seconds.",
        exc.wait,
    ) % {"seconds": exc.wait}
    response = api.create_response(
        request, {"detail": message, "retry_after": exc.wait}, status=429
    )
    response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)
