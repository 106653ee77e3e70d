from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Organization, User
from hiwar.reviews.models import Milestone, ReviewCycle, TemplateSection


class SectionForm(forms.Form):
    text = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Language of this section"), choices=settings.LANGUAGES)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF or Word)"))
    whole_report = forms.BooleanField(
        label=_("This file is the whole report (instead of the sections)"), required=False
    )


class ExtensionRequestForm(forms.Form):
    requested_until = forms.DateField(
        label=_("New deadline requested"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", _("Grant")), ("decline", _("Decline"))])
    granted_until = forms.DateField(
        label=_("New deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StakeholderInputForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("On behalf of")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    linked_milestone: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        label=_("Linked to a meeting"),
        help_text=_("Inputs are welcome before and after the meetings."),
    )
    file = forms.FileField(label=_("Or attach your input as a file (PDF or Word)"), required=False)
    publishable = forms.BooleanField(
        label=_("The secretariat may publish this input"), required=False, initial=True
    )
    show_author_name = forms.BooleanField(
        label=_("Show my name with the input (otherwise only the organization is shown)"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        cycle: ReviewCycle,
        sections: list[TemplateSection],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, forms.ModelChoiceField)
        organization_field.queryset = Organization.objects.filter(
            memberships__user=user, memberships__status="active"
        )
        mine = list(organization_field.queryset[:2])
        if len(mine) == 1:  # most people belong to one organization: choose it for them
            organization_field.initial = mine[0].pk
        milestone_field = self.fields["linked_milestone"]
        assert isinstance(milestone_field, forms.ModelChoiceField)
        milestone_field.queryset = cycle.milestones.filter(kind__in=["dialogue", "conference"])
        for section in sections:
            self.fields[f"section_{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                help_text=section.guidance,
                widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            )

    def section_texts(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(f"section_{s.key}", "") for s in self.sections}
