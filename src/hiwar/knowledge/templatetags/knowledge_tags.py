"""Links of faceted lists: choosing a facet value keeps the others in the URL and goes back
to the first page; choosing the selected value again removes it."""

from collections.abc import Mapping

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def facet_url(params: Mapping[str, str], key: str, value: str) -> str:
    chosen = dict(params)
    if chosen.get(key) == value:
        del chosen[key]
    else:
        chosen[key] = value
    return f"?{urlencode(sorted(chosen.items()))}" if chosen else "?"


@register.simple_tag
def page_url(params: Mapping[str, str], number: int) -> str:
    return f"?{urlencode(sorted({**params, 'page': str(number)}.items()))}"
