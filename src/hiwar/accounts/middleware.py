"""Secretariat accounts can publish and invite: they must use two-factor authentication."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hiwar.accounts.rules import is_secretariat

# Paths a secretariat member without two-factor may still reach (besides static files).
# The activation page first asks for the password again (allauth's reauthentication), so that
# page must be reachable too, or the two redirect to each other for ever.
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "account_reauthenticate",
    "account_logout",
    "set_language",
)


class RequireSecretariatTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(("/static/", "/media/"))
            and request.path not in {reverse(name) for name in ALLOWED_URL_NAMES}
            and is_secretariat(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _("Secretariat accounts must use two-factor authentication. Set it up now."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
