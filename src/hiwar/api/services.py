"""Writes of the API app: making, revoking and recording the use of access tokens."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import User
from hiwar.accounts.rules import is_secretariat
from hiwar.api.models import ApiToken

TOKEN_PREFIX = "hiwar_"  # noqa: S105 - a visible marker, not a secret
#: A token's last use is written at most this often, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class TokenError(Exception):
    """A token request that cannot be granted; the message is shown to the person."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    #: The secret itself, shown once and never stored.
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def create_api_token(*, actor: User, label: str) -> NewToken:
    """A new token for the secretariat officer `actor`; only secretariat officers hold tokens."""
    if not is_secretariat(actor):
        raise TokenError(_("Only the secretariat can hold API tokens."))
    label = label.strip()
    if not label:
        raise TokenError(_("Give the token a label, e.g. what it is used for."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        created_by=actor,
        label=label[:100],
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        token_hash=digest(secret),
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once; requests carrying it are then refused (401). Idempotent."""
    if not is_secretariat(actor):
        raise TokenError(_("Only the secretariat can revoke API tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def record_token_use(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (one UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
