from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hiwar.accounts import services
from hiwar.accounts.models import Invitation, Organization, User
from hiwar.framework.models import Country, StakeholderCategory


def country_field(*, required: bool, help_text: "StrOrPromise" = "") -> forms.ModelChoiceField:
    # modeltranslation rewrites order_by("name") to the reader's language.
    return forms.ModelChoiceField(
        queryset=Country.objects.order_by("name"),
        required=required,
        label=_("Country"),
        help_text=help_text,
    )


class SignupProfileForm(forms.Form):
    """Extra sign-up fields; allauth calls `signup` after creating the user."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="en"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (get_language() or "en")[:2]

    def signup(self, request: HttpRequest, user: User) -> None:
        services.update_profile(
            actor=user,
            full_name=self.cleaned_data["full_name"],
            preferred_language=self.cleaned_data["preferred_language"],
        )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of organization"),
        choices=Organization.Kind.choices,
        initial=Organization.Kind.STAKEHOLDER,
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StakeholderCategory.objects.all(),
        required=False,
        label=_("Stakeholder category (GCM paragraph 44)"),
        help_text=_("Required for stakeholder organizations."),
    )
    country = country_field(
        required=False, help_text=_("Leave empty for a regional or global organization.")
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=Organization.Scope.choices, initial=Organization.Scope.NATIONAL
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, organization: Organization | None = None, **kwargs: Any):
        self.organization = organization
        if organization is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": organization.name,
                    "acronym": organization.acronym,
                    "kind": organization.kind,
                    "category": organization.category,
                    "country": organization.country,
                    "scope": organization.scope,
                    "website": organization.website,
                },
            )
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if services.organization_name_taken(name, exclude=self.organization):
            raise forms.ValidationError(
                _("An organization with this name already exists. Ask to join it.")
            )
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Organization.Kind.STAKEHOLDER and not cleaned.get("category"):
            self.add_error("category", _("Choose the stakeholder category of the organization."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role")), *Invitation.Role.choices]
    )
    country = country_field(required=False, help_text=_("Required for a focal point."))
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.all(),
        required=False,
        label=_("Organization"),
        help_text=_("Required for an organization role."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[
            ("", _("The person's preferred language, or else this page's language")),
            *settings.LANGUAGES,
        ],
        required=False,
        help_text=_("The mail and the invitation page use this language."),
    )
    message = forms.CharField(
        label=_("Personal message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role == Invitation.Role.FOCAL_POINT and not cleaned.get("country"):
            self.add_error("country", _("A focal point invitation needs a country."))
        if role in services.ORGANIZATION_ROLES and not cleaned.get("organization"):
            self.add_error("organization", _("An organization role needs an organization."))
        return cleaned
