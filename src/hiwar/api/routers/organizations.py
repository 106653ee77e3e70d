"""The organization directory: public fields only. Members, e-mail addresses and who created
an organization are never part of the answer (the schema has no field for them)."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from hiwar.accounts.models import Organization
from hiwar.api import selectors
from hiwar.api.pagination import paginate
from hiwar.api.schemas import (
    ERRORS,
    ERRORS_404,
    Id,
    OrganizationFilters,
    OrganizationOut,
    OrganizationPage,
)

router = Router(tags=["organizations"])


def organization_data(organization: Organization) -> dict[str, Any]:
    return {
        "id": organization.pk,
        "name": organization.name,
        "acronym": organization.acronym,
        "kind": organization.kind,
        "category": organization.category.code if organization.category else None,
        "country": organization.country.iso2 if organization.country else None,
        "scope": organization.scope,
        "website": organization.website,
    }


@router.get("/organizations", response={200: OrganizationPage, **ERRORS})
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilters]) -> dict[str, Any]:
    """Organizations, by name; filter by stakeholder category, country or kind."""
    items = selectors.organizations(
        category=filters.category, country=filters.country, kind=filters.kind
    )
    page, meta = paginate(request, items, limit=filters.limit, offset=filters.offset)
    return {**meta, "items": [organization_data(o) for o in page]}


@router.get("/organizations/{organization_id}", response={200: OrganizationOut, **ERRORS_404})
def get_organization(request: HttpRequest, organization_id: Id) -> dict[str, Any]:
    organization = selectors.organizations().filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    return organization_data(organization)
