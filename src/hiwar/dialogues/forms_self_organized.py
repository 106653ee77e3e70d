"""The form to register a self-organized consultation. The organization is chosen among the
user's active memberships (another id is refused as an invalid choice); the service checks
everything again and runs the upload checks on the outcome document."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Membership, Organization, User
from hiwar.dialogues.models import SelfOrganizedConsultation
from hiwar.framework.models import Country, StakeholderCategory

COUNT_PREFIX = "count_"


class SelfOrganizedConsultationForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization that held it")
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=SelfOrganizedConsultation.Scope.choices)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("A town, a venue, or “online”."),
    )
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(), required=False, label=_("Country")
    )
    participants = forms.IntegerField(label=_("Total number of participants"), min_value=1)

    # One optional count per stakeholder category is added in __init__, after this field.
    who_took_part = forms.CharField(
        label=_("Who took part"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Organizations, communities, institutions; no personal names needed."),
    )
    outcome = forms.FileField(
        label=_("Outcome document (PDF or Word)"),
        # An empty file reaches the upload checks, which say so in their own words.
        allow_empty_file=True,
        help_text=_("It is sent to the secretariat as your organization's input to the review."),
    )
    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES)
    publishable = forms.BooleanField(
        label=_("The secretariat may publish the outcome document"), required=False, initial=True
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, forms.ModelChoiceField)
        organization_field.queryset = Organization.objects.filter(
            memberships__user=user, memberships__status=Membership.Status.ACTIVE
        ).order_by("name")
        mine = list(organization_field.queryset[:2])
        if len(mine) == 1:  # most people belong to one organization: choose it for them
            organization_field.initial = mine[0].pk
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ModelChoiceField)
        country_field.queryset = Country.objects.order_by("name")
        self.fields["language"].initial = user.preferred_language
        self.categories = list(StakeholderCategory.objects.order_by("position"))
        # Rebuild the field order so the counts follow the total.
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("participants") + 1
        counts = [
            (
                f"{COUNT_PREFIX}{category.code}",
                forms.IntegerField(
                    label=category.name,
                    required=False,
                    min_value=0,
                    help_text=_("Participants of this category (optional)."),
                ),
            )
            for category in self.categories
        ]
        self.fields = dict(fields[:at] + counts + fields[at:])

    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in three groups for the template: the consultation, the counts by
        category (a fieldset of their own), then the outcome document."""
        names = list(self.fields)
        first_count = names.index("participants") + 1
        after_counts = first_count + len(self.categories)
        return [
            ("facts", [self[name] for name in names[:first_count]]),
            ("counts", [self[name] for name in names[first_count:after_counts]]),
            ("outcome", [self[name] for name in names[after_counts:]]),
        ]

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Register a consultation once it has taken place."))
        return held_on

    def counts_by_category(self) -> dict[str, int | None]:
        return {
            category.code: self.cleaned_data.get(f"{COUNT_PREFIX}{category.code}")
            for category in self.categories
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        total = cleaned.get("participants")
        counted = sum(count or 0 for count in self.counts_by_category().values())
        if total is not None and counted > total:
            self.add_error(
                "participants",
                _(
                    "The participants counted by category (%(counted)s) are more than the total "
                    "number of participants (%(total)s)."
                )
                % {"counted": counted, "total": total},
            )
        return cleaned
