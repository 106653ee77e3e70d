"""The public, read-only open data API (django-ninja); OpenAPI 3 at /api/openapi.json, docs at
/api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Hiwar open data API",
    version="1",
    urls_namespace="api",
)
