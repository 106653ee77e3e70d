"""Forms of the secretariat's programme editor. They validate input; the services write."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hiwar.conference.checks import CHECKS
from hiwar.conference.models import (
    CONFERENCE_LANGUAGES,
    Conference,
    Day,
    Item,
    Person,
    Role,
    Sector,
)
from hiwar.framework.models import Objective

LANGUAGE_CHOICES = [("ar", _("Arabic")), ("en", _("English")), ("fr", _("French"))]
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def translated(name: str) -> list[str]:
    return [f"{name}_{language}" for language in CONFERENCE_LANGUAGES]


class ConferenceForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Conference languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every item should be interpreted into these languages."),
    )
    blocking_checks = forms.MultipleChoiceField(
        label=_("Warnings that block publication"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Conference
        fields = [
            "slug",
            *translated("title"),
            *translated("venue"),
            "starts_on",
            "ends_on",
            "time_zone",
            "languages",
            "capacity",
            "registration_open",
            "blocking_checks",
        ]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blocking = self.fields["blocking_checks"]
        assert isinstance(blocking, forms.MultipleChoiceField)
        blocking.choices = [(code, description) for code, (_level, description) in CHECKS.items()]
        self.fields["title_en"].required = True

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"]
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Unknown time zone, e.g. Asia/Beirut."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        if start and end and self.instance.pk:
            outside = self.instance.days.exclude(date__range=(start, end))
            if outside.exists():
                self.add_error(
                    None,
                    _(
                        "Some days of the programme would fall outside these dates: "
                        "remove them first."
                    ),
                )
        return data


class DayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)


class ObjectiveChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


class ItemForm(forms.ModelForm):
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives: forms.ModelMultipleChoiceField = ObjectiveChoices(
        label=_("Objectives"),
        queryset=Objective.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a round table, leave empty to review the cluster's objectives."),
    )

    class Meta:
        model = Item
        fields = [
            "day",
            "starts_at",
            "ends_at",
            "type",
            *translated("title"),
            *translated("description"),
            "cluster",
            "objectives",
            "discussion_minutes",
            "interpretation",
        ]
        widgets = {
            "starts_at": TIME_INPUT,
            "ends_at": TIME_INPUT,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in translated("description")},
        }

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        day = self.fields["day"]
        assert isinstance(day, forms.ModelChoiceField)
        day.queryset = Day.objects.filter(conference=conference)
        day.empty_label = None
        self.fields["title_en"].required = True
        if not self.instance.pk:
            self.initial.setdefault("interpretation", list(conference.languages))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("An item must end after it starts."))
        return data

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("day", "objectives")}


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            *translated("name"),
            *translated("function"),
            "sector",
            "country",
            "organization",
            "organization_name",
            "category",
            "gender",
            "email",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_en"].help_text = _(
            "Write the name once in the language it is usually spelled in; other languages "
            "show it as written."
        )
        self.fields["email"].help_text = _("Used to tell this person when their items change.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in translated("name")):
            self.add_error("name_en", _("Give a name in at least one language."))
        if data.get("sector") == Sector.STAKEHOLDER and not data.get("category"):
            self.add_error("category", _("Choose the stakeholder category."))
        return data


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["kind", "person", "minutes", "position", *translated("note")]

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = Person.objects.filter(conference=conference)
        person.empty_label = _("To be determined")
        person.required = False
