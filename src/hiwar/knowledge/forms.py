"""Forms of the knowledge hub. The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Membership, Organization
from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory
from hiwar.knowledge.models import Practice
from hiwar.knowledge.services.directory import MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH
from hiwar.knowledge.services.practices import (
    DESCRIPTION_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    PracticeContent,
)


class _ObjectiveField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


class _PrincipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _ids(values: Any) -> set[int]:
    found = set()
    for value in values or []:
        try:
            found.add(int(value))
        except (TypeError, ValueError):
            continue
    return found


class PracticeForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Organization"),
        help_text=_("The organization the practice is submitted for (you are a member)."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput({"dir": "auto"})
    )
    language = forms.ChoiceField(label=_("Language the practice is written in"), choices=())
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1200,
        widget=forms.Textarea({"rows": 4, "dir": "auto"}),
        help_text=_("A few sentences: what was done, by whom, for whom."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea({"rows": 10, "dir": "auto"}),
        help_text=_("Markdown: **bold**, *italic*, lists with “-”, links."),
    )
    countries: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Country.objects.none(),
        label=_("Countries"),
        required=False,
        widget=forms.SelectMultiple({"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    start_year = forms.IntegerField(label=_("First year"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(
        label=_("Last year"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_("Leave empty if the practice is ongoing."),
    )
    objectives = _ObjectiveField(
        queryset=Objective.objects.none(),
        label=_("Objectives"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    principles = _PrincipleField(
        queryset=GuidingPrinciple.objects.none(),
        label=_("Guiding principles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stakeholder_categories: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=StakeholderCategory.objects.none(),
        label=_("Stakeholders involved (GCM paragraph 44)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stakeholders_text = forms.CharField(
        label=_("Other partners involved"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3, "dir": "auto"}),
    )
    results = forms.CharField(
        label=_("Results and evidence"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 5, "dir": "auto"}),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=6000,
        widget=forms.Textarea({"rows": 3, "dir": "ltr"}),
        help_text=_("One web address (http:// or https://) per line."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact email"),
        required=False,
        help_text=_("Never shown publicly: people reach you through the organization directory."),
    )
    suggested_objectives = forms.CharField(required=False, widget=forms.HiddenInput)
    suggested_principles = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, practice: Practice | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.practice = practice
        if practice is None:
            organizations = Organization.objects.filter(
                memberships__user=user, memberships__status=Membership.Status.ACTIVE
            ).order_by("name")
            self._model_field("organization").queryset = organizations
        else:
            del self.fields["organization"]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", "---------"), *settings.LANGUAGES]
        if not self.is_bound and not self.initial.get("language"):
            self.initial["language"] = (get_language() or "en")[:2]
        self._model_field("countries").queryset = Country.objects.order_by("name")
        self._model_field("objectives").queryset = Objective.objects.order_by("number")
        self._model_field("principles").queryset = GuidingPrinciple.objects.order_by("letter")
        self._model_field("stakeholder_categories").queryset = StakeholderCategory.objects.order_by(
            "position"
        )

    def _model_field(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", _("The last year must come after the first year."))
        return data

    def suggested(self, name: str) -> set[str]:
        raw = self.data.get(name) if self.is_bound else self.initial.get(name)
        if isinstance(raw, list | tuple | set):
            return {str(v) for v in raw}
        return {v for v in str(raw or "").split(",") if v}

    def objective_options(self) -> list[tuple[Any, bool]]:
        """Each objective checkbox, and whether the analysis engine suggested it."""
        suggested = self.suggested("suggested_objectives")
        numbers = dict(Objective.objects.values_list("pk", "number"))
        return [
            (option, str(numbers.get(int(str(option.data["value"])))) in suggested)
            for option in self["objectives"]
        ]

    def principle_options(self) -> list[tuple[Any, bool]]:
        suggested = self.suggested("suggested_principles")
        letters = dict(GuidingPrinciple.objects.values_list("pk", "letter"))
        return [
            (option, letters.get(int(str(option.data["value"]))) in suggested)
            for option in self["principles"]
        ]

    def content(self) -> PracticeContent:
        data = self.cleaned_data
        return PracticeContent(
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            language=data["language"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            countries=list(data["countries"]),
            objectives=list(data["objectives"]),
            principles=list(data["principles"]),
            stakeholder_categories=list(data["stakeholder_categories"]),
            stakeholders_text=data["stakeholders_text"],
            results=data["results"],
            links=data["links"].splitlines(),
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            suggested_objectives=[
                int(v) for v in self.suggested("suggested_objectives") if v.isdigit()
            ],
            suggested_principles=sorted(
                v for v in self.suggested("suggested_principles") if len(v) == 1
            ),
        )

    @classmethod
    def initial_from(cls, data: Any) -> dict[str, Any]:
        """What a posted form holds, as initial values (a form re-rendered with suggestions is
        not validated yet, so it shows no errors)."""
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.ModelMultipleChoiceField):
                initial[name] = [str(v) for v in _ids(data.getlist(name))]
            else:
                initial[name] = data.get(name, "")
        return initial

    @classmethod
    def initial_for(cls, practice: Practice) -> dict[str, Any]:
        return {
            "title": practice.title,
            "language": practice.language,
            "summary": practice.summary,
            "description": practice.description,
            "countries": [c.pk for c in practice.countries.all()],
            "start_year": practice.start_year,
            "end_year": practice.end_year,
            "objectives": [o.pk for o in practice.objectives.all()],
            "principles": [p.pk for p in practice.principles.all()],
            "stakeholder_categories": [c.pk for c in practice.stakeholder_categories.all()],
            "stakeholders_text": practice.stakeholders_text,
            "results": practice.results,
            "links": "\n".join(practice.links),
            "contact_name": practice.contact_name,
            "contact_email": practice.contact_email,
            "suggested_objectives": ",".join(str(n) for n in practice.suggested_objectives),
            "suggested_principles": ",".join(practice.suggested_principles),
        }


class PracticeFileForm(forms.Form):
    file = forms.FileField(
        label=_("Document (PDF or DOCX)"), help_text=_("At most 10 MB; at most 5 files.")
    )


class ReviewForm(forms.Form):
    DECISIONS = [
        ("publish", _("Publish")),
        ("changes", _("Ask for changes")),
        ("reject", _("Do not accept")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment to the author"),
        required=False,
        max_length=3000,
        widget=forms.Textarea({"rows": 4, "dir": "auto"}),
        help_text=_("Required when you ask for changes or do not accept the practice."),
    )


class ProfileForm(forms.Form):
    description = forms.CharField(
        label=_("About the organization"),
        required=False,
        max_length=3000,
        widget=forms.Textarea({"rows": 6, "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Language of the description"), choices=())
    objectives = _ObjectiveField(
        queryset=Objective.objects.none(),
        label=_("Objectives we work on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Country.objects.none(),
        label=_("Countries we work in"),
        required=False,
        widget=forms.SelectMultiple({"size": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = list(settings.LANGUAGES)
        objectives = self.fields["objectives"]
        countries = self.fields["countries"]
        assert isinstance(objectives, forms.ModelChoiceField)
        assert isinstance(countries, forms.ModelChoiceField)
        objectives.queryset = Objective.objects.order_by("number")
        countries.queryset = Country.objects.order_by("name")


class ContactForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea({"rows": 8, "dir": "auto"}),
        help_text=_("At most 3,000 characters. Your email address is given for replies."),
    )
