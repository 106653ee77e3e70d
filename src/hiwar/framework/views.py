from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hiwar.framework import selectors


def framework_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "framework/overview.html",
        {
            "clusters": selectors.cluster_list(),
            "principles": selectors.guiding_principle_list(),
            "sdg_targets": selectors.sdg_target_list(),
        },
    )


def objective_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "framework/objective_list.html", {"objectives": selectors.objective_list()}
    )


def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    objective = selectors.objective_detail(number=number)
    return render(request, "framework/objective_detail.html", {"objective": objective})


def guiding_principle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "framework/principle_list.html",
        {"principles": selectors.guiding_principle_list()},
    )


def cluster_list(request: HttpRequest) -> HttpResponse:
    return render(request, "framework/cluster_list.html", {"clusters": selectors.cluster_list()})


def stakeholder_category_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "framework/category_list.html",
        {"categories": selectors.stakeholder_category_list()},
    )
