"""Model instances to the API's JSON shapes (see schemas.py)."""

from typing import Any

from hiwar.accounts.models import Organization
from hiwar.analysis.models import Passage, PassageTag
from hiwar.framework.models import Country

LANGUAGES = ("ar", "en", "fr")


def texts(obj: Any, field: str) -> dict[str, str]:
    """A translated field in the three languages; "" where a language has no text."""
    return {language: getattr(obj, f"{field}_{language}") or "" for language in LANGUAGES}


def country_ref(country: Country) -> dict[str, Any]:
    return {"iso2": country.iso2, "name": texts(country, "name")}


def organization_ref(organization: Organization) -> dict[str, Any]:
    return {
        "id": organization.pk,
        "name": organization.name,
        "acronym": organization.acronym,
        "category": organization.category.code if organization.category else None,
        "country": organization.country.iso2 if organization.country else None,
    }


def tag(item: PassageTag) -> dict[str, Any]:
    return {
        "objective": item.objective.number if item.objective else None,
        "principle": item.principle.letter if item.principle else None,
        "score": item.score,
        "status": item.status,
    }


def passage(item: Passage) -> dict[str, Any]:
    return {
        "id": item.pk,
        "document": item.document_id,
        "position": item.position,
        "text": item.text,
        "page": item.page,
        "section": item.section,
        "language": item.language,
        "kind": item.kind,
        "tags": [tag(t) for t in item.tags.all()],
    }
