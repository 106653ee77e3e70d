import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight_terms(text: str, tags: Any) -> SafeString:
    """The passage, escaped, with the evidence terms of its objective tags in <mark>."""
    if hasattr(tags, "evidence"):
        tags = [tags]
    words = sorted(
        {term for tag in tags for term in (tag.evidence or {}).get("terms", []) if term},
        key=len,
        reverse=True,
    )
    escaped = escape(text)
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(escape(w)) for w in words) + r")(?!\w)")
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))  # noqa: S308 - escaped above


@register.filter
def percent(score: float | None) -> str:
    return "" if score is None else f"{round(score * 100)}"


@register.filter
def objective_tags(tags: Iterable[Any]) -> list[Any]:
    return [tag for tag in tags if tag.objective_id]


@register.filter
def principle_tags(tags: Iterable[Any]) -> list[Any]:
    return [tag for tag in tags if tag.principle_id]


@register.simple_tag(takes_context=True)
def report_analyses(context: dict[str, Any], report: Any) -> list[Any]:
    """The current analysed documents of a report that the viewer may follow."""
    from hiwar.analysis.models import Document

    user = context["request"].user
    if not user.is_authenticated:
        return []
    documents = Document.objects.filter(report=report, is_current=True).select_related(
        "country", "report"
    )
    return [d for d in documents if user.has_perm("analysis.view_document", d)]
