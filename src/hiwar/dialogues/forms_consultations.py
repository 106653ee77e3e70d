"""Forms of the online consultation pages. They validate input; services/consultations.py
checks everything again and writes. Date-times are entered in the platform's time zone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Membership, Organization, User
from hiwar.dialogues.forms_setup import add_translated_fields
from hiwar.dialogues.models import Consultation
from hiwar.dialogues.services.consultations import (
    REASON_MAX_LENGTH,
    RESERVED_SLUGS,
    TEXT_MAX_LENGTH,
)
from hiwar.framework.models import Objective
from hiwar.reviews.models import ReviewCycle

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _ObjectiveField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


def _objectives_field(label: Any, help_text: Any = "") -> _ObjectiveField:
    return _ObjectiveField(
        queryset=Objective.objects.order_by("number"),
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class ConsultationForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Used in the address, e.g. online-consultation-2020."),
    )
    cycle: forms.ModelChoiceField[ReviewCycle] = forms.ModelChoiceField(
        label=_("Review cycle"), queryset=ReviewCycle.objects.all()
    )
    opens_at = forms.DateTimeField(label=_("Opens"), widget=DATETIME_INPUT)
    closes_at = forms.DateTimeField(label=_("Closes"), widget=DATETIME_INPUT)
    objectives = _objectives_field(_("Objectives it is about"), _("Optional."))

    def __init__(self, *args: Any, instance: Consultation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        zone = timezone.get_current_timezone_name()
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = _("Time in %(zone)s.") % {"zone": zone}
        titles = add_translated_fields(
            self, "title", _("Title"), max_length=200, english_required=True, instance=instance
        )
        descriptions = add_translated_fields(
            self, "description", _("Description"), textarea=True, instance=instance
        )
        questions = add_translated_fields(
            self,
            "questions",
            _("Guiding questions, one per line"),
            textarea=True,
            instance=instance,
        )
        if instance is not None:
            self.initial.update(
                {
                    "slug": instance.slug,
                    "cycle": instance.cycle_id,
                    "opens_at": timezone.localtime(instance.opens_at),
                    "closes_at": timezone.localtime(instance.closes_at),
                    "objectives": [objective.pk for objective in instance.objectives.all()],
                }
            )
        self.order_fields(["slug", "cycle", *titles, *descriptions, *questions])

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        taken = Consultation.objects.filter(slug=slug)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another consultation already has this short name."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("A consultation must close after it opens."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [
            "slug",
            "opens_at",
            "closes_at",
            *(
                f"{name}_{code}"
                for name in ("title", "description", "questions")
                for code in ("ar", "en", "fr")
            ),
        ]
        return {name: data[name] for name in names}


def organizations_of(user: Any) -> list[Organization]:
    """The organizations a user may post on behalf of: their active memberships."""
    if not isinstance(user, User):
        return []
    return list(
        Organization.objects.filter(
            memberships__user=user, memberships__status=Membership.Status.ACTIVE
        ).order_by("name")
    )


class ContributionForm(forms.Form):
    """A post, a reply (with `parent`), or an edit of one's own post."""

    text = forms.CharField(
        label=_("Your contribution"),
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        error_messages={
            "required": _("Write your contribution."),
            "max_length": _("A contribution can be at most %(limit_value)s characters long."),
        },
        help_text=_("Plain text. At most 10,000 characters."),
    )
    language = forms.ChoiceField(
        label=_("Language of your contribution"), choices=settings.LANGUAGES
    )
    organization = forms.TypedChoiceField(
        label=_("On behalf of"), required=False, coerce=int, empty_value=None
    )
    objectives = _objectives_field(
        _("Objectives it concerns"),
        _(
            "If you tick none, the analysis engine tags your contribution with the objectives it "
            "recognizes."
        ),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        with_objectives: bool = True,
        **kwargs: Any,
    ) -> None:
        """`organizations`: the author's, from `organizations_of` (read once per page, as a
        page holds one form per thread)."""
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("language", (get_language() or "en")[:2])
        super().__init__(*args, **kwargs)
        self.organizations = {organization.pk: organization for organization in organizations}
        field = self.fields["organization"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Myself")), *((o.pk, o.name) for o in organizations)]
        if not organizations:
            field.widget = forms.HiddenInput()
        if not with_objectives:
            del self.fields["objectives"]

    def clean_organization(self) -> Organization | None:
        pk = self.cleaned_data.get("organization")
        return None if pk is None else self.organizations[pk]

    @staticmethod
    def initial_from(contribution: Any) -> dict[str, Any]:
        return {
            "text": contribution.text,
            "language": contribution.language,
            "organization": contribution.organization_id,
            "objectives": [objective.pk for objective in contribution.objectives.all()],
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={"required": _("Give the reason.")},
    )
