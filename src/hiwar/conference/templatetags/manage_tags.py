"""Template filters of the programme editor, reading the dicts of `selectors.programme_data`."""

from typing import Any

from django import template
from django.utils.translation import get_language

from hiwar.conference.models import Item, Role, Sector
from hiwar.conference.selectors import person_name

register = template.Library()


@register.filter
def in_language(texts: dict[str, str] | None) -> str:
    """The text in the current language, else the English (the editor must see every item)."""
    if not texts:
        return ""
    return texts.get(get_language() or "en") or texts.get("en") or next(iter(texts.values()), "")


@register.filter
def name_of(person: dict[str, Any] | None) -> str:
    return person_name(person, get_language() or "en") if person else ""


@register.filter
def item_type(code: str) -> str:
    return str(Item.Type(code).label)


@register.filter
def role_kind(code: str) -> str:
    return str(Role.Kind(code).label)


@register.filter
def sector_label(code: str) -> str:
    return str(Sector(code).label)


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
