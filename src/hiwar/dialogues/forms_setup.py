"""Forms of the secretariat's dialogue editor. They validate input; services/setup.py writes.

Texts are asked for in Arabic, English and French side by side; each input carries its
language and direction, so Arabic can be typed in an English page and the reverse.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Organization
from hiwar.conference.models import Sector
from hiwar.dialogues.models import AgendaItem, AgendaRole, Dialogue, Gender
from hiwar.dialogues.services.setup import DIALOGUE_LANGUAGES, RESERVED_SLUGS
from hiwar.framework.models import StakeholderCategory
from hiwar.reviews.models import ReviewCycle

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _language_choices() -> list[tuple[str, Any]]:
    names = settings.LANGUAGE_NAMES_IN_INTERFACE
    return [(code, names[code]) for code in DIALOGUE_LANGUAGES]


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


def add_translated_fields(
    form: forms.BaseForm,
    name: str,
    label: Any,
    *,
    textarea: bool = False,
    max_length: int | None = None,
    english_required: bool = False,
    instance: Any = None,
) -> list[str]:
    """Add `<name>_ar`, `<name>_en` and `<name>_fr` to the form; returns their names."""
    names = []
    for code in DIALOGUE_LANGUAGES:
        attrs = {"lang": code, "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr"}
        widget: forms.Widget = (
            forms.Textarea(attrs={**attrs, "rows": 3}) if textarea else forms.TextInput(attrs)
        )
        field_name = f"{name}_{code}"
        form.fields[field_name] = forms.CharField(
            label=format_lazy(
                _("{field} ({language})"),
                field=label,
                language=settings.LANGUAGE_NAMES_IN_INTERFACE[code],
            ),
            required=english_required and code == "en",
            max_length=max_length,
            widget=widget,
        )
        if instance is not None and instance.pk:
            form.initial.setdefault(field_name, getattr(instance, field_name) or "")
        names.append(field_name)
    return names


class DialogueForm(forms.Form):
    """A dialogue's settings. Its date and times are entered in its own time zone."""

    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Used in the address, e.g. dialogue-2020-10-27."),
    )
    cycle: forms.ModelChoiceField[ReviewCycle] = forms.ModelChoiceField(
        label=_("Review cycle"), queryset=ReviewCycle.objects.all()
    )
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME_INPUT)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME_INPUT)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_time_zone_choices,
        help_text=_("The date and times above are in this time zone."),
    )
    meeting_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to signed-in users until the dialogue ends."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=_language_choices, widget=forms.CheckboxSelectMultiple
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, instance: Dialogue | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        titles = add_translated_fields(
            self, "title", _("Title"), max_length=200, english_required=True, instance=instance
        )
        summaries = add_translated_fields(
            self, "summary", _("Summary"), textarea=True, instance=instance
        )
        if instance is not None:
            zone = zoneinfo.ZoneInfo(instance.time_zone)
            starts_at = instance.starts_at.astimezone(zone)
            self.initial.update(
                {
                    "slug": instance.slug,
                    "cycle": instance.cycle_id,
                    "date": starts_at.date(),
                    "starts": starts_at.time(),
                    "ends": instance.ends_at.astimezone(zone).time(),
                    "time_zone": instance.time_zone,
                    "meeting_url": instance.meeting_url,
                    "languages": list(instance.languages),
                    "interpretation": list(instance.interpretation),
                }
            )
        self.order_fields(["slug", "cycle", *titles, *summaries])

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        taken = Dialogue.objects.filter(slug=slug)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another dialogue already has this short name."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        zone_name = data.get("time_zone")
        if date and starts and ends and zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            data["starts_at"] = datetime.datetime.combine(date, starts, tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(date, ends, tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("A dialogue must end after it starts."))
        languages = set(data.get("languages") or [])
        if languages and not set(data.get("interpretation") or []) <= languages:
            self.add_error(
                "interpretation",
                _("Interpretation can only be into one of the dialogue's languages."),
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [
            "slug",
            *(f"{name}_{code}" for name in ("title", "summary") for code in DIALOGUE_LANGUAGES),
            "starts_at",
            "ends_at",
            "time_zone",
            "meeting_url",
            "languages",
            "interpretation",
        ]
        return {name: data[name] for name in names}


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Leave empty to put the item last."),
    )

    def __init__(self, *args: Any, instance: AgendaItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_translated_fields(
            self, "title", _("Title"), max_length=300, english_required=True, instance=instance
        )
        add_translated_fields(
            self, "description", _("Description"), textarea=True, instance=instance
        )
        if instance is not None:
            self.initial.update({"kind": instance.kind, "position": instance.position})


class RoleForm(forms.Form):
    """A person in a role on an agenda item."""

    kind = forms.ChoiceField(label=_("Role"), choices=AgendaRole.Kind.choices)
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Leave empty to put the person last."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Not in the list"),
    )
    organization_name = forms.CharField(
        label=_("Organization (if not in the list)"), max_length=200, required=False
    )
    sector = forms.ChoiceField(label=_("Speaks for"), choices=Sector.choices)
    category: forms.ModelChoiceField[StakeholderCategory] = forms.ModelChoiceField(
        label=_("Stakeholder category"),
        queryset=StakeholderCategory.objects.order_by("position"),
        required=False,
        help_text=_(
            "Required for stakeholders; left empty, the listed organization's category is used."
        ),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not given")), *Gender.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shown on the agenda item's page beside the item's own form: ids must not clash.
        kwargs.setdefault("auto_id", "id_role_%s")
        super().__init__(*args, **kwargs)
        functions = add_translated_fields(self, "function", _("Function"), max_length=300)
        self.order_fields(["kind", "position", "name", *functions])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organization = data.get("organization")
        if organization is not None and data.get("organization_name"):
            self.add_error(
                "organization_name",
                _("Choose the organization from the list or type its name, not both."),
            )
        if (
            data.get("sector") == Sector.STAKEHOLDER
            and data.get("category") is None
            and (organization is None or organization.category_id is None)
        ):
            self.add_error("category", _("Choose the stakeholder category."))
        return data


class GuidingQuestionForm(forms.Form):
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Leave empty to put the question last."),
    )

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_translated_fields(
            self, "text", _("Question"), textarea=True, english_required=True, instance=instance
        )
        if instance is not None:
            self.initial["position"] = instance.position
