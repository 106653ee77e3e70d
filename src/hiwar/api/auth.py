"""Who is calling the API, and how often they may.

Every request is anonymous unless it carries `Authorization: Bearer <token>`; a token that is
unknown, revoked, or held by someone who is no longer in the secretariat is refused with 401
(rather than silently served as anonymous, so that a script notices). Requests are counted in
the Django cache, per client IP address for anonymous callers and per token for token holders,
in fixed windows; each counter expires with its window, so the cache stays bounded.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from hiwar.accounts.rules import is_secretariat
from hiwar.api.models import ApiToken
from hiwar.api.services import digest, record_token_use

#: Requests per minute; settings HIWAR_API_RATE_ANONYMOUS / HIWAR_API_RATE_TOKEN override them.
DEFAULT_ANONYMOUS_RATE = "60/min"
DEFAULT_HOLDER_RATE = "600/min"
_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


@dataclass(frozen=True)
class Client:
    """The caller of one request: a token holder, or anonymous (identified by address)."""

    token: ApiToken | None
    address: str

    @property
    def is_anonymous(self) -> bool:
        return self.token is None


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise AuthenticationError(message="Use the header 'Authorization: Bearer <token>'.")
    return credentials.strip()


def token_for(secret: str) -> ApiToken:
    """The active token of a secretariat officer with this secret, else AuthenticationError."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or not is_secretariat(token.user):
        raise AuthenticationError(message="This token is not valid or has been revoked.")
    record_token_use(token=token)
    return token


def client_address(request: HttpRequest) -> str:
    # Behind a proxy, the proxy sets REMOTE_ADDR from X-Forwarded-For (gunicorn
    # --forwarded-allow-ips); the header itself is not trusted, as anyone can send it.
    return request.META.get("REMOTE_ADDR") or "unknown"


def identify(request: HttpRequest) -> Client:
    """Anyone may call the public API; a token, when given, must be valid (the API's `auth`
    callable: it also counts the request against the caller's rate limit)."""
    secret = _bearer(request)
    token = token_for(secret) if secret is not None else None
    client = Client(token=token, address=client_address(request))
    check_rate(client)
    return client


class TokenOnly(HttpBearer):
    """Endpoints for token holders only (the bulk export); documented as bearer auth."""

    def authenticate(self, request: HttpRequest, token: str) -> Client:
        client = Client(token=token_for(token), address=client_address(request))
        check_rate(client)
        return client


def parse_rate(rate: str) -> tuple[int, int]:
    """'60/min' -> (60, 60): requests allowed and the window in seconds."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()]


class RateLimited(Exception):
    """Too many requests from one client in the current window; answered 429."""

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(wait)


def check_rate(client: Client) -> None:
    """Count this request against the client's window; RateLimited when over the limit."""
    if client.token is not None:
        rate = getattr(settings, "HIWAR_API_RATE_TOKEN", DEFAULT_HOLDER_RATE)
        ident = f"token:{client.token.pk}"
    else:
        rate = getattr(settings, "HIWAR_API_RATE_ANONYMOUS", DEFAULT_ANONYMOUS_RATE)
        ident = f"ip:{client.address}"
    allowed, window = parse_rate(rate)
    now = time.time()
    window_start = int(now // window) * window
    key = f"hiwar-api-rate:{ident}:{window}:{window_start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > allowed:
        raise RateLimited(wait=max(1, math.ceil(window_start + window - now)))
