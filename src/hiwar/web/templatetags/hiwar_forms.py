"""Accessible form fields: label, help text and errors tied to the input with ARIA."""

from typing import Any

from django import forms, template

register = template.Library()


@register.inclusion_tag("web/_field.html")
def form_field(field: forms.BoundField) -> dict[str, Any]:
    described_by = []
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    attrs: dict[str, str | bool] = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    widget = field.field.widget
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
        "is_hidden": field.is_hidden,
    }


@register.inclusion_tag("web/_form_fields.html")
def form_fields(form: forms.BaseForm) -> dict[str, Any]:
    return {"form": form}
