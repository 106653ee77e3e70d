"""Web pages of the API app: the secretariat's API tokens, and the public open data page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hiwar.accounts.models import User
from hiwar.api import opendata, selectors, services
from hiwar.api.forms import ApiTokenForm
from hiwar.api.models import ApiToken


def _officer(request: HttpRequest) -> User:
    if not request.user.has_perm("api.manage_tokens"):
        raise PermissionDenied
    assert isinstance(request.user, User)
    return request.user


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Create a token (its secret is shown once, on this answer only) and list all tokens."""
    officer = _officer(request)
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_api_token(actor=officer, label=form.cleaned_data["label"])
        except services.TokenError as error:
            form.add_error(None, str(error))
        else:
            form = ApiTokenForm()
    return render(
        request,
        "api/token_list.html",
        {"form": form, "created": created, "tokens": selectors.api_tokens()},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    officer = _officer(request)
    token = get_object_or_404(ApiToken, pk=pk)
    services.revoke_api_token(actor=officer, token=token)
    messages.success(request, _("The token “%(label)s” is revoked.") % {"label": token.label})
    return redirect("api_tokens:list")


def open_data(request: HttpRequest) -> HttpResponse:
    """The downloads, for anyone: coverage of each cycle and the good practices."""
    return render(
        request,
        "api/open_data.html",
        {
            "cycles": selectors.cycles(),
            "license_name": opendata.LICENSE_NAME,
            "license_url": opendata.LICENSE_URL,
            "attribution": opendata.ATTRIBUTION,
        },
    )
