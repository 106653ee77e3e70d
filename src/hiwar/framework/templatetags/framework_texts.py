"""Show a reference text in the reader's language, saying so when it is missing or unofficial."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str  # the language the text is actually in
    requested: str  # the reader's language
    official: bool

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"


def localize(obj: Any, field: str, language: str | None = None) -> LocalizedText | None:
    """The text of `obj.field` in `language`; the English text, flagged, if it is missing there;
    None if no language has it."""
    requested = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    for candidate in dict.fromkeys([requested, settings.MODELTRANSLATION_DEFAULT_LANGUAGE]):
        value = getattr(obj, f"{field}_{candidate}", None)
        if value:
            official = obj.is_official(candidate) if hasattr(obj, "is_official") else True
            return LocalizedText(value, candidate, requested, official)
    return None


@register.simple_tag
def localized(obj: Any, field: str) -> LocalizedText | None:
    return localize(obj, field)


@register.inclusion_tag("framework/_text.html")
def reference_text(obj: Any, field: str, element: str = "p", badge: bool = True) -> dict[str, Any]:
    """Render a text block; a missing translation is labelled, never silently replaced.
    `badge=False` leaves the "working translation" label to a note above a whole list."""
    return {"localized": localize(obj, field), "element": element, "badge": badge}


@register.simple_tag
def list_language_status(objects: Any, field: str) -> str:
    """For a list of texts in the reader's language: "missing" when none has it (the page says
    so once, not once per item), "working" when any is a working translation, else "official"."""
    texts = [localize(item, field) for item in objects]
    if texts and all(text is None or text.is_fallback for text in texts):
        return "missing"
    if any(text is not None and not text.official for text in texts):
        return "working"
    return "official"
