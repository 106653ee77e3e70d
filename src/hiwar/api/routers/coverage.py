"""The coverage matrix of a review cycle: for each member state and GCM objective, how many
passages of its PUBLISHED national report (and, if asked, of published stakeholder inputs from
organizations based there) are tagged with that objective, confirmed by a person or suggested by
the analysis. Submitted but unpublished reports and files uploaded for analysis never count."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from hiwar.analysis.selectors import coverage_by_country_and_objective
from hiwar.api import selectors
from hiwar.api.convert import country_ref
from hiwar.api.schemas import ERRORS_404, CoverageFilters, CoverageOut, SlugPath
from hiwar.reviews.models import ReviewCycle

router = Router(tags=["coverage"])


def coverage_data(
    cycle: ReviewCycle, *, cluster: str | None, include_inputs: bool
) -> dict[str, Any]:
    matrix = coverage_by_country_and_objective(
        cycle, cluster=cluster, include_inputs=include_inputs, published_only=True
    )
    countries = sorted(matrix.countries, key=lambda c: c.iso2)
    return {
        "cycle": cycle.slug,
        "cluster": cluster,
        "include_inputs": include_inputs,
        "countries": [country_ref(c) for c in countries],
        "objectives": [o.number for o in matrix.objectives],
        "cells": [
            {"country": c.iso2, "objective": o.number, **matrix.cell(c, o)}
            for c in countries
            for o in matrix.objectives
        ],
    }


def cycle_or_404(slug: str) -> ReviewCycle:
    cycle = selectors.cycle_by_slug(slug)
    if cycle is None:
        raise Http404
    return cycle


@router.get("/coverage/{cycle}", response={200: CoverageOut, **ERRORS_404})
def get_coverage(
    request: HttpRequest, cycle: SlugPath, filters: Query[CoverageFilters]
) -> dict[str, Any]:
    """One cell per member state and objective (zero counts included), countries by ISO code."""
    return coverage_data(
        cycle_or_404(cycle), cluster=filters.cluster, include_inputs=filters.include_inputs
    )
