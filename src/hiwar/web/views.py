from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hiwar.framework import selectors as framework_selectors
from hiwar.reviews import selectors as review_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "cycle": review_selectors.current_review_cycle(),
            "clusters": framework_selectors.cluster_list(),
        },
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Show the same page in another language.

    Django's own set_language can only translate the address when the language the request
    arrives in matches the prefix of `next`; a visitor reading /fr/ with an English browser
    would stay on /fr/. Here the prefix is simply replaced. Works without JavaScript.
    """
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    if language not in LANGUAGE_CODES:
        return HttpResponseRedirect(target)
    parts = target.split("/", 2)  # "", "fr", "rest..."
    rest = parts[2] if len(parts) > 2 and parts[1] in LANGUAGE_CODES else target.lstrip("/")
    response = HttpResponseRedirect(f"/{language}/{rest}")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response
