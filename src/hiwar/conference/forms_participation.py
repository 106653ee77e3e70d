"""Forms of the participation pages: registering, nominating, filtering the participant list,
and recording key messages. The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Membership, Organization, PlatformRole, RoleAssignment
from hiwar.conference.models import KeyMessage, Registration, Sector
from hiwar.conference.services.registration import SECTOR_OF_ORGANIZATION_KIND
from hiwar.framework.models import Country, StakeholderCategory

ALL = [("", _("All"))]


def _model_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class _VoiceMixin(forms.Form):
    """Whom someone speaks for: sector, country, stakeholder category."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sector = data.get("sector")
        if sector == Sector.STAKEHOLDER and not data.get("category"):
            organization = data.get("organization")
            if organization is not None and organization.category_id:
                data["category"] = organization.category
            else:
                self.add_error("category", _("Choose the stakeholder category."))
        if sector and sector != Sector.STAKEHOLDER:
            data["category"] = None
        return data


class RegistrationForm(_VoiceMixin):
    role = forms.ChoiceField(label=_("I take part as"), choices=Registration.Role.choices)
    interpretation = forms.ChoiceField(
        label=_("I will listen in"),
        choices=Registration.Language.choices,
        help_text=_("Interpreters are booked from these numbers."),
    )
    sector = forms.ChoiceField(label=_("I speak for"), choices=Sector.choices)
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(),
        required=False,
        label=_("Country"),
        help_text=_("Required for Member State delegates."),
    )
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Organization"),
        help_text=_("One of the organizations you belong to on Hiwar."),
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StakeholderCategory.objects.none(),
        required=False,
        label=_("Stakeholder category (GCM para 44)"),
        help_text=_("Required for stakeholders."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("For example step-free access, sign language, large print, a companion."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        memberships = Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE
        ).select_related("organization")
        organizations = [membership.organization for membership in memberships]
        if organizations and "initial" not in kwargs:
            first = organizations[0]
            kwargs["initial"] = {
                "organization": first,
                "country": first.country,
                "category": first.category,
                "sector": (
                    Sector.MEMBER_STATE
                    if first.kind == Organization.Kind.GOVERNMENT
                    else SECTOR_OF_ORGANIZATION_KIND.get(first.kind, Sector.STAKEHOLDER)
                ),
                "interpretation": get_language() or "en",
            }
        kwargs.setdefault("initial", {"interpretation": get_language() or "en"})
        super().__init__(*args, **kwargs)
        _model_field(self, "country").queryset = Country.objects.order_by("name")
        _model_field(self, "organization").queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        ).order_by("name")
        _model_field(self, "category").queryset = StakeholderCategory.objects.order_by("position")
        if not organizations:
            del self.fields["organization"]


def nomination_choices(user: Any) -> list[tuple[str, str]]:
    """For whom this account may nominate: its focal-point country and the organizations it
    administers, as ("country-<id>" or "organization-<id>", name)."""
    choices: list[tuple[str, str]] = []
    countries = RoleAssignment.objects.filter(
        user=user, role=PlatformRole.FOCAL_POINT, country__isnull=False
    ).select_related("country")
    choices += [(f"country-{a.country_id}", str(a.country)) for a in countries]
    memberships = Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE
    ).select_related("organization")
    choices += [(f"organization-{m.organization_id}", m.organization.name) for m in memberships]
    return choices


class NominationForm(forms.Form):
    on_behalf_of = forms.ChoiceField(label=_("Nominate for"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Takes part as"),
        choices=Registration.Role.choices,
        initial=Registration.Role.DELEGATE,
        help_text=_("Member State nominees are always delegates."),
    )
    interpretation = forms.ChoiceField(label=_("Listens in"), choices=Registration.Language.choices)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"interpretation": get_language() or "en"})
        super().__init__(*args, **kwargs)
        field = self.fields["on_behalf_of"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        behalf = data.get("on_behalf_of", "")
        kind, _sep, pk = behalf.partition("-")
        data["country"] = Country.objects.get(pk=pk) if kind == "country" else None
        data["organization"] = Organization.objects.get(pk=pk) if kind == "organization" else None
        return data


class RegistrationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ALL + list(Registration.Status.choices), required=False
    )
    role = forms.ChoiceField(
        label=_("Participates as"), choices=ALL + list(Registration.Role.choices), required=False
    )
    interpretation = forms.ChoiceField(
        label=_("Listens in"), choices=ALL + list(Registration.Language.choices), required=False
    )


class KeyMessageForm(_VoiceMixin):
    text = forms.CharField(
        label=_("Key message"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
    language = forms.ChoiceField(label=_("Language of the message"), choices=settings.LANGUAGES)
    sector = forms.ChoiceField(label=_("Voiced by"), choices=Sector.choices)
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(), required=False, label=_("Member State or country")
    )
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label=_("Organization")
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StakeholderCategory.objects.none(),
        required=False,
        label=_("Stakeholder category"),
        help_text=_("For stakeholders; taken from the organization when left empty."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": get_language() or "en"})
        super().__init__(*args, **kwargs)
        _model_field(self, "country").queryset = Country.objects.order_by("name")
        _model_field(self, "organization").queryset = Organization.objects.order_by("name")
        _model_field(self, "category").queryset = StakeholderCategory.objects.order_by("position")

    @classmethod
    def for_message(cls, message: KeyMessage, data: Any = None) -> KeyMessageForm:
        return cls(
            data,
            initial={
                "text": message.text,
                "language": message.language,
                "sector": message.sector,
                "country": message.country_id,
                "organization": message.organization_id,
                "category": message.category_id,
            },
        )
