"""Forms of the participant pages: registering, the secretariat's list (filters, attendance,
adding someone by hand) and the two steps of the attendance import. The services check
everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Membership, Organization
from hiwar.conference.models import Sector
from hiwar.dialogues.attendance_import import (
    FIELDS,
    MAX_FILE_BYTES,
    AttendanceFileError,
    AttendanceRow,
    AttendanceTable,
    read_attendance_file,
)
from hiwar.dialogues.models import AgeGroup, Dialogue, Gender
from hiwar.dialogues.services.participants import Voice, interpretation_choices
from hiwar.framework.models import Country, StakeholderCategory

NONE = [("", "—")]


def _model_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class _VoiceForm(forms.Form):
    """Whom someone speaks for and the optional facts the balance dashboard counts."""

    organization_name = forms.CharField(
        label=_("Organization"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    sector = forms.ChoiceField(label=_("Speaks for"), choices=Sector.choices)
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StakeholderCategory.objects.none(),
        required=False,
        label=_("Stakeholder category (GCM para 44)"),
        help_text=_("Required for stakeholders."),
    )
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(),
        required=False,
        label=_("Country"),
        help_text=_("Required for Member State delegates."),
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"), choices=NONE + list(Gender.choices), required=False
    )
    age_group = forms.ChoiceField(
        label=_("Age group (optional)"), choices=NONE + list(AgeGroup.choices), required=False
    )
    interpretation = forms.ChoiceField(label=_("Listens in"), required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("For example captions, sign language, a screen reader, large print."),
    )

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_field(self, "category").queryset = StakeholderCategory.objects.order_by("position")
        _model_field(self, "country").queryset = Country.objects.order_by("name")
        _choice_field(self, "interpretation").choices = NONE + interpretation_choices(dialogue)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organization = data.get("organization")
        if organization is not None and data.get("organization_name"):
            self.add_error(
                "organization_name",
                _("Choose your organization from the list or type its name, not both."),
            )
        sector = data.get("sector")
        if sector == Sector.STAKEHOLDER and not data.get("category"):
            if organization is not None and organization.category_id:
                data["category"] = organization.category
            else:
                self.add_error("category", _("Choose the stakeholder category."))
        if sector == Sector.MEMBER_STATE and not data.get("country"):
            self.add_error("country", _("Choose the Member State."))
        return data

    def voice(self) -> Voice:
        data = self.cleaned_data
        return Voice(
            sector=data["sector"],
            category=data.get("category"),
            country=data.get("country"),
            organization=data.get("organization"),
            organization_name=data.get("organization_name", ""),
            gender=data.get("gender", ""),
            age_group=data.get("age_group", ""),
            interpretation=data.get("interpretation", ""),
            accessibility_needs=data.get("accessibility_needs", ""),
        )


SECTOR_OF_KIND: dict[str, str] = {
    Organization.Kind.GOVERNMENT: Sector.MEMBER_STATE,
    Organization.Kind.UN_SYSTEM: Sector.UN_SYSTEM,
    Organization.Kind.INTERGOVERNMENTAL: Sector.INTERGOVERNMENTAL,
}


class RegistrationForm(_VoiceForm):
    """Registering oneself: the organization is one of the person's own, or typed."""

    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("My organization on Hiwar"),
    )
    field_order = ["organization", "organization_name", "sector", "category", "country"]

    def __init__(self, *args: Any, dialogue: Dialogue, user: Any, **kwargs: Any) -> None:
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
                "sector": SECTOR_OF_KIND.get(first.kind, Sector.STAKEHOLDER),
            }
        super().__init__(*args, dialogue=dialogue, **kwargs)
        _model_field(self, "organization").queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        ).order_by("name")
        self.fields["sector"].label = _("I speak for")
        self.fields["interpretation"].label = _("I will listen in")
        self.fields["organization_name"].label = _("Organization (if not in the list)")
        if not organizations:
            del self.fields["organization"]
            self.fields["organization_name"].label = _("Organization (optional)")


class ParticipantForm(_VoiceForm):
    """A participant the secretariat adds by hand."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label=_("Organization on Hiwar")
    )
    attended = forms.BooleanField(label=_("Attended"), required=False)
    field_order = ["full_name", "email", "organization", "organization_name", "sector"]

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, dialogue=dialogue, **kwargs)
        _model_field(self, "organization").queryset = Organization.objects.order_by("name")
        self.fields["organization_name"].label = _("Organization (if not on Hiwar)")


YES_NO = [("", _("All")), ("yes", _("Attended")), ("no", _("Did not attend"))]


class ParticipantFilterForm(forms.Form):
    attended = forms.ChoiceField(label=_("Attendance"), choices=YES_NO, required=False)
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StakeholderCategory.objects.none(),
        required=False,
        label=_("Stakeholder category"),
        empty_label=_("All"),
    )
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(), required=False, label=_("Country"), empty_label=_("All")
    )

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_field(self, "category").queryset = StakeholderCategory.objects.order_by("position")
        _model_field(self, "country").queryset = countries

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of `participants_for_secretariat`; none if the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "attended": {"yes": True, "no": False}.get(data.get("attended") or ""),
            "category": data.get("category"),
            "country": data.get("country"),
        }


class BulkAttendanceForm(forms.Form):
    participants = forms.TypedMultipleChoiceField(
        label=_("Participants"),
        coerce=int,
        error_messages={"required": _("Choose at least one participant.")},
    )
    attended = forms.TypedChoiceField(
        label=_("Mark the chosen participants as"),
        choices=[("1", _("Attended")), ("0", _("Did not attend"))],
        coerce=lambda value: value == "1",
    )

    def __init__(self, *args: Any, participant_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "participants").choices = [(str(pk), str(pk)) for pk in participant_ids]


# --- The attendance import -------------------------------------------------------------------


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance list (CSV)"),
        help_text=_(
            "The attendance report of Zoom, Teams, Kudo or Webex, or a list saved as CSV from a "
            "spreadsheet; at most 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB: an attendance list is much smaller.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        data = upload.read(MAX_FILE_BYTES + 1)
        try:
            self.table = read_attendance_file(data)
        except AttendanceFileError as error:
            raise forms.ValidationError(str(error)) from error
        self.data_bytes = data
        return upload


class ColumnMappingForm(forms.Form):
    """Which column holds each field; the page proposes the columns whose names it knows."""

    name = forms.ChoiceField(
        label=_("Name"),
        error_messages={"required": _("Choose the column that holds the attendees' names.")},
    )
    email = forms.ChoiceField(label=_("Email address"), required=False)
    organization = forms.ChoiceField(label=_("Organization"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, table: AttendanceTable, **kwargs: Any) -> None:
        proposed = table.proposed_mapping()
        kwargs.setdefault(
            "initial",
            {name: "" if index is None else str(index) for name, index in proposed.items()},
        )
        super().__init__(*args, **kwargs)
        columns = [(str(index), label) for index, label in table.columns]
        for name in FIELDS:
            _choice_field(self, name).choices = [("", _("— not in the file —")), *columns]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        for name in FIELDS:
            column = data.get(name)
            if not column:
                continue
            if column in used:
                self.add_error(
                    name,
                    _("This column is already used for “%(field)s”.")
                    % {"field": self.fields[used[column]].label},
                )
            used[column] = name
        return data

    def mapping(self) -> dict[str, int | None]:
        return {
            name: int(self.cleaned_data[name]) if self.cleaned_data.get(name) else None
            for name in FIELDS
        }


class AddUnmatchedForm(forms.Form):
    """Add some of the rows that matched nobody, all as one kind of participant."""

    rows = forms.TypedMultipleChoiceField(
        label=_("Rows to add"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one row to add.")},
    )
    sector = forms.ChoiceField(
        label=_("They speak for"), choices=Sector.choices, initial=Sector.STAKEHOLDER
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StakeholderCategory.objects.none(),
        required=False,
        label=_("Stakeholder category (GCM para 44)"),
        help_text=_("Required for stakeholders; you can correct each participant later."),
    )
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(),
        required=False,
        label=_("Country"),
        help_text=_("For rows whose country the file does not give or we do not recognise."),
    )

    def __init__(self, *args: Any, rows: list[AttendanceRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "rows").choices = [
            (str(index), row.name or row.email) for index, row in enumerate(rows)
        ]
        _model_field(self, "category").queryset = StakeholderCategory.objects.order_by("position")
        _model_field(self, "country").queryset = Country.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sector") == Sector.STAKEHOLDER and not data.get("category"):
            self.add_error("category", _("Choose the stakeholder category."))
        if data.get("sector") == Sector.MEMBER_STATE and not data.get("country"):
            self.add_error("country", _("Choose the Member State."))
        return data
