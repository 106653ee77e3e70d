"""Forms of the secretariat's cycle settings: the cycle, its milestones, its templates."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hiwar.framework.models import Country, Objective, Region
from hiwar.reviews.models import Milestone

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _per_language(
    form: forms.Form, name: str, label: Any, *, textarea: bool, required_en: bool
) -> None:
    for code, language_name in settings.LANGUAGES:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language_name})",
            required=required_en and code == "en",
            widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
            if textarea
            else forms.TextInput(attrs={"dir": "auto"}),
        )


def per_language_values(data: dict[str, Any], name: str) -> dict[str, str]:
    return {code: data.get(f"{name}_{code}") or "" for code in LANGUAGES}


class CycleForm(forms.Form):
    slug = forms.SlugField(label=_("Short name (used in addresses)"), max_length=60)
    region: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Region.objects.all(), label=_("Region")
    )
    member_states: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Country.objects.order_by("name"),
        label=_("Member states"),
        required=False,
        help_text=_("Leave empty to take every country of the region."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    national_report_deadline = forms.DateField(
        label=_("Deadline for national reports"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stakeholder_input_deadline = forms.DateField(
        label=_("Deadline for stakeholder inputs"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    make_current = forms.BooleanField(
        label=_("This is the current review of the region"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", _("Title"), textarea=False, required_en=True)
        _per_language(self, "summary", _("Summary"), textarea=True, required_en=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The cycle must end after it starts."))
        if cleaned.get("region") and not cleaned.get("member_states"):
            cleaned["member_states"] = list(cleaned["region"].countries.all())
            if not cleaned["member_states"]:
                self.add_error("member_states", _("Choose at least one member state."))
        return cleaned


class NewSectionForm(forms.Form):
    key = forms.SlugField(label=_("Short name"), max_length=60)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)


class MilestoneForm(forms.Form):
    key = forms.SlugField(label=_("Short name"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=Milestone.Kind.choices)
    starts_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Until (for several days)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    month_precision = forms.BooleanField(label=_("Known to the month only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", _("Title"), textarea=False, required_en=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return cleaned


class TemplateSectionForm(forms.Form):
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=99)
    objectives: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Objective.objects.all(),
        required=False,
        label=_("Objectives this section asks about"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", _("Title"), textarea=False, required_en=True)
        _per_language(self, "guidance", _("Guidance"), textarea=True, required_en=False)
        _per_language(
            self,
            "guiding_questions",
            _("Guiding questions, one per line"),
            textarea=True,
            required_en=False,
        )
