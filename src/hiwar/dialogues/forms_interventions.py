"""Forms of the intervention pages: recording an intervention, and answering a question.
The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hiwar.conference.models import Sector
from hiwar.dialogues.models import (
    AgendaItem,
    Dialogue,
    GuidingQuestion,
    Intervention,
    Participant,
)
from hiwar.dialogues.services.interventions import (
    MAX_MINUTES,
    SUMMARY_MAX_LENGTH,
    Content,
    Speaker,
)
from hiwar.framework.models import Country, Objective, StakeholderCategory


class _ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organization = obj.organization.name if obj.organization else obj.organization_name
        return " · ".join(part for part in (obj.full_name, organization) if part)


class _ObjectiveField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


def _model_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class InterventionForm(forms.Form):
    participant = _ParticipantChoiceField(
        queryset=Participant.objects.none(),
        required=False,
        label=_("Speaker"),
        help_text=_(
            "A participant of this dialogue: whom they speak for is taken from their "
            "registration, and the fields below are ignored."
        ),
    )
    sector = forms.ChoiceField(
        label=_("Or: speaks for"),
        choices=[("", "---------"), *Sector.choices],
        required=False,
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=StakeholderCategory.objects.none(),
        required=False,
        label=_("Stakeholder category (GCM para 44)"),
        help_text=_("Required for stakeholders."),
    )
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(), required=False, label=_("Country")
    )
    organization_name = forms.CharField(
        label=_("Organization"),
        max_length=200,
        required=False,
        widget=forms.TextInput({"dir": "auto"}),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous at the speaker's request"),
        required=False,
        help_text=_(
            "The public record and exports will not show the name or the organization; whom "
            "the speaker speaks for still counts for the balance."
        ),
    )
    agenda_item: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label=_("Agenda item")
    )
    question: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=GuidingQuestion.objects.none(),
        required=False,
        label=_("Guiding question it answers"),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        error_messages={"required": _("Write a summary of the intervention.")},
        help_text=_("In your own words."),
    )
    language = forms.ChoiceField(label=_("Language of the summary"), choices=settings.LANGUAGES)
    objectives = _ObjectiveField(
        queryset=Objective.objects.none(),
        required=False,
        label=_("Objectives it concerns"),
        widget=forms.CheckboxSelectMultiple,
    )
    suggested: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Objective.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    minutes = forms.IntegerField(
        label=_("Speaking time (minutes)"), required=False, min_value=1, max_value=MAX_MINUTES
    )
    raises_question = forms.BooleanField(
        label=_("Raises a question that needs an answer"),
        required=False,
        help_text=_("It will be tracked on the questions page until answered."),
    )
    response = forms.CharField(
        label=_("Response from the organizers"),
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    published = forms.BooleanField(
        label=_("Published"),
        required=False,
        initial=True,
        help_text=_("Shown in the public record of the dialogue."),
    )

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": get_language() or "en", "published": True})
        super().__init__(*args, **kwargs)
        self.dialogue = dialogue
        _model_field(self, "participant").queryset = (
            Participant.objects.filter(dialogue=dialogue)
            .select_related("organization")
            .order_by("full_name", "pk")
        )
        _model_field(self, "category").queryset = StakeholderCategory.objects.order_by("position")
        _model_field(self, "country").queryset = Country.objects.order_by("name")
        _model_field(self, "agenda_item").queryset = dialogue.agenda.order_by("position", "pk")
        _model_field(self, "question").queryset = dialogue.questions.order_by("position", "pk")
        _model_field(self, "objectives").queryset = Objective.objects.order_by("number")
        _model_field(self, "suggested").queryset = Objective.objects.order_by("number")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("participant") is None and "participant" not in self.errors:
            sector = data.get("sector")
            if not sector:
                self.add_error("sector", _("Choose a participant, or whom the speaker speaks for."))
            elif sector == Sector.STAKEHOLDER and data.get("category") is None:
                self.add_error("category", _("Choose the stakeholder category of the speaker."))
        return data

    # --- For the services ------------------------------------------------------------------

    def speaker(self) -> Speaker:
        data = self.cleaned_data
        return Speaker(
            participant=data.get("participant"),
            sector=data.get("sector") or "",
            category=data.get("category"),
            country=data.get("country"),
            organization_name=data.get("organization_name", ""),
            anonymous=data.get("anonymous", False),
        )

    def content(self) -> Content:
        data = self.cleaned_data
        return Content(
            summary=data["summary"],
            language=data["language"],
            agenda_item=data.get("agenda_item"),
            question=data.get("question"),
            objectives=tuple(data.get("objectives") or ()),
            minutes=data.get("minutes"),
            raises_question=data.get("raises_question", False),
            response=data.get("response", ""),
            published=data.get("published", False),
        )

    # --- Suggested objectives --------------------------------------------------------------

    def suggested_ids(self) -> set[int]:
        """Objectives the analysis engine suggested, kept across re-renders in hidden inputs."""
        ids = set()
        for value in self["suggested"].value() or ():
            try:
                ids.add(int(getattr(value, "pk", value)))
            except (TypeError, ValueError):
                continue
        return ids

    def objective_options(self) -> list[tuple[Any, bool]]:
        """Each objective checkbox, and whether the analysis engine suggested it."""
        suggested = self.suggested_ids()
        return [
            (option, int(str(option.data["value"])) in suggested) for option in self["objectives"]
        ]

    @classmethod
    def initial_from(cls, data: Any) -> dict[str, Any]:
        """What a posted form holds, as initial values: a form re-rendered with suggestions is
        not validated yet, so it shows no errors."""
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.ModelMultipleChoiceField):
                initial[name] = data.getlist(name)
            elif isinstance(field, forms.BooleanField):
                initial[name] = name in data
            else:
                initial[name] = data.get(name, "")
        return initial

    @classmethod
    def initial_for(cls, intervention: Intervention) -> dict[str, Any]:
        return {
            "participant": intervention.participant_id,
            "sector": "" if intervention.participant_id else intervention.sector,
            "category": None if intervention.participant_id else intervention.category_id,
            "country": None if intervention.participant_id else intervention.country_id,
            "organization_name": ""
            if intervention.participant_id
            else intervention.organization_name,
            "anonymous": intervention.anonymous,
            "agenda_item": intervention.agenda_item_id,
            "question": intervention.question_id,
            "summary": intervention.summary,
            "language": intervention.language,
            "objectives": [objective.pk for objective in intervention.objectives.all()],
            "minutes": intervention.minutes,
            "raises_question": intervention.raises_question,
            "response": intervention.response,
            "published": intervention.published,
        }


class AnswerForm(forms.Form):
    response = forms.CharField(
        label=_("Answer"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={"required": _("Write the answer.")},
    )
