"""Template helpers of the dialogue pages: translated texts with an honest fallback, a
dialogue's date and times in its own time zone, language names."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hiwar.dialogues.models import Dialogue

register = template.Library()

# When a text is missing in the reader's language: English first (the project's convention),
# then whichever language has it, so a title is never empty.
FALLBACK_ORDER = ("en", "fr", "ar")


@dataclass(frozen=True)
class Localized:
    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"


def _reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def localized(obj: Any, field: str, language: str | None = None) -> Localized | None:
    """The translated `field` of `obj` in `language` (the reader's by default), else in English,
    else in any language; None when it is empty in every language."""
    requested = language or _reader_language()
    for candidate in dict.fromkeys((requested, *FALLBACK_ORDER)):
        text = getattr(obj, f"{field}_{candidate}", "") or ""
        if text.strip():
            return Localized(text, candidate, requested)
    return None


def _missing_badge() -> SafeString:
    return format_html(
        '<span class="badge badge--missing">{}</span>', _("Not available in this language")
    )


@register.simple_tag
def translated(obj: Any, field: str, block: bool = False) -> SafeString:
    """A translated text in the reader's language. When it is missing, the English (or another
    language) is shown marked with its own `lang` and `dir`, and a badge says so. `block=True`
    renders paragraphs."""
    text = localized(obj, field) if obj is not None else None
    if text is None:
        return SafeString("")
    if block:
        # linebreaks() escaped the text itself.
        body = SafeString(linebreaks(text.text, autoescape=True))
        if not text.is_fallback:
            return body
        return format_html(
            '<div class="fallback"><p class="fallback__note">{}</p>'
            '<div lang="{}" dir="{}">{}</div></div>',
            _missing_badge(),
            text.language,
            text.direction,
            body,
        )
    if not text.is_fallback:
        return format_html("{}", text.text)
    return format_html(
        '<span lang="{}" dir="{}">{}</span> {}',
        text.language,
        text.direction,
        text.text,
        _missing_badge(),
    )


@register.simple_tag
def plain_translated(obj: Any, field: str) -> str:
    """The same text without markup, for a page title or an attribute."""
    text = localized(obj, field) if obj is not None else None
    return text.text if text else ""


def utc_offset(value: Any) -> str:
    """'UTC+02:00' for an aware datetime."""
    offset = value.strftime("%z")  # e.g. +0200
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


@register.simple_tag
def dialogue_when(dialogue: Dialogue) -> SafeString:
    """'27 October 2020, 10:00-13:00 (Asia/Beirut, UTC+02:00)' in the dialogue's time zone,
    with an en dash between the times."""
    zone = zoneinfo.ZoneInfo(dialogue.time_zone)
    starts_at = dialogue.starts_at.astimezone(zone)
    ends_at = dialogue.ends_at.astimezone(zone)
    return format_html(
        '<time datetime="{}">{}{}<bdi>{}\u2013{}</bdi></time> <span class="dialogue-zone">'
        "(<bdi>{}</bdi>{}<bdi>{}</bdi>)</span>",
        starts_at.isoformat(),
        date_format(starts_at, "j F Y"),
        list_separator(),
        starts_at.strftime("%H:%M"),
        ends_at.strftime("%H:%M"),
        dialogue.time_zone,
        list_separator(),
        utc_offset(starts_at),
    )


@register.filter
def language_names(codes: list[str] | None) -> str:
    """'Arabic, English, French' in the reader's language."""
    names = settings.LANGUAGE_NAMES_IN_INTERFACE
    return list_separator().join(str(names.get(code, code)) for code in codes or [])


@register.simple_tag
def list_separator() -> str:
    """ ", " between the parts of a list; Arabic has its own comma."""
    return "، " if _reader_language() == "ar" else ", "
