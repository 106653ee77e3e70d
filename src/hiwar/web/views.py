from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
