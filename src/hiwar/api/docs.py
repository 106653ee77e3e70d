"""The interactive API documentation (Swagger UI) served from the platform itself.

django-ninja loads Swagger UI from a CDN unless "ninja" is an installed app; the platform runs
where the network may be closed and must not send its visitors' addresses to a third party, so
the page uses a copy of ninja's bundled Swagger UI in this app's static files, started by a
script file (no inline script), with the online spec validator turned off.
"""

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OfflineSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,
        }
        return render(
            request,
            "api/swagger.html",
            {"api": api, "swagger_settings": json.dumps(settings)},
        )
