"""The GCM framework: objectives, guiding principles, round-table clusters, stakeholder
categories, countries and review cycles. Reference data, the same for everyone."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from hiwar.api import selectors
from hiwar.api.convert import country_ref, texts
from hiwar.api.schemas import (
    ERRORS,
    CategoryOut,
    ClusterOut,
    CountryOut,
    CycleOut,
    ObjectiveOut,
    PrincipleOut,
)
from hiwar.framework import selectors as framework
from hiwar.framework.models import Country

router = Router(tags=["framework"])


@router.get("/framework/objectives", response={200: list[ObjectiveOut], **ERRORS})
def list_objectives(request: HttpRequest) -> list[dict[str, Any]]:
    """The 23 objectives of the Global Compact for Migration, with their round table."""
    return [
        {"number": o.number, "title": texts(o, "title"), "cluster": o.cluster.code}
        for o in framework.objective_list().order_by("number")
    ]


@router.get("/framework/principles", response={200: list[PrincipleOut], **ERRORS})
def list_principles(request: HttpRequest) -> list[dict[str, Any]]:
    """The ten guiding principles of paragraph 15."""
    return [
        {"letter": p.letter, "name": texts(p, "name")} for p in framework.guiding_principle_list()
    ]


@router.get("/framework/clusters", response={200: list[ClusterOut], **ERRORS})
def list_clusters(request: HttpRequest) -> list[dict[str, Any]]:
    """The four round tables and the objectives each reviews."""
    return [
        {
            "code": c.code,
            "number": c.number,
            "title": texts(c, "title"),
            "objectives": [o.number for o in c.objectives.all()],
        }
        for c in framework.cluster_list()
    ]


@router.get("/framework/categories", response={200: list[CategoryOut], **ERRORS})
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    """The categories of relevant stakeholders of paragraph 44."""
    return [
        {"code": c.code, "position": c.position, "name": texts(c, "name")}
        for c in framework.stakeholder_category_list()
    ]


@router.get("/countries", response={200: list[CountryOut], **ERRORS}, tags=["countries"])
def list_countries(request: HttpRequest) -> list[dict[str, Any]]:
    """Countries by ISO 3166-1 code, with their names in the three languages."""
    return [{**country_ref(c), "iso3": c.iso3} for c in Country.objects.order_by("iso2")]


@router.get("/cycles", response={200: list[CycleOut], **ERRORS}, tags=["reports"])
def list_cycles(request: HttpRequest) -> list[dict[str, Any]]:
    """Review cycles, with their member states; `slug` is the value of the `cycle` filters."""
    return [
        {
            "slug": c.slug,
            "title": texts(c, "title"),
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "is_current": c.is_current,
            "member_states": [country.iso2 for country in c.member_states.all()],
        }
        for c in selectors.cycles()
    ]
