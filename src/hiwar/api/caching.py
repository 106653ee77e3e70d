"""ETags and Cache-Control for the API's successful GET responses.

The ETag is a digest of the body: cheap next to the queries that made it, always right (no
timestamp to forget), and it saves the bandwidth of unchanged pages. A client that sends it back
in `If-None-Match` gets 304 without a body. Anonymous responses may be cached by anyone for a
minute; responses to a token holder are private.
"""

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

PUBLIC_CACHE_CONTROL = "public, max-age=60"
PRIVATE_CACHE_CONTROL = "private, no-cache"


def _matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): W/"x" matches "x".
    candidates = {part.strip().removeprefix("W/") for part in if_none_match.split(",")}
    return etag in candidates


def conditional(
    request: HttpRequest, response: HttpResponse, *, tagged: bytes | None = None
) -> HttpResponse:
    """Add ETag and Cache-Control to a 200 answer to GET/HEAD; 304 when the client has it.
    `tagged` is what the ETag is a digest of, when not the whole body (a download whose
    `generated_at` changes on every request while its data does not)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    content = response.content if tagged is None else tagged
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    client = getattr(request, "auth", None)
    anonymous = client is None or getattr(client, "token", None) is None
    cache_control = PUBLIC_CACHE_CONTROL if anonymous else PRIVATE_CACHE_CONTROL
    if _matches(request.headers.get("If-None-Match", ""), etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = cache_control
        patch_vary_headers(not_modified, ["Authorization", "Accept-Language"])
        return not_modified
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    patch_vary_headers(response, ["Authorization", "Accept-Language"])
    return response
