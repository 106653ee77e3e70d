from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hiwar.framework.models import Cluster, Country, GuidingPrinciple, Objective


class UploadForm(forms.Form):
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Country.objects.none(),
        required=False,
        label=_("Member State"),
        help_text=_("Leave empty for a document that is not a national report."),
    )
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, Word (DOCX), text, Markdown or HTML."),
    )

    def __init__(self, *args: Any, cycle: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = cycle.member_states.order_by("name")


def target_choices() -> list[tuple[str, Any]]:
    objectives = [
        (f"o{o.number}", f"{o.number}. {o.title}") for o in Objective.objects.order_by("number")
    ]
    principles = [(f"p{p.letter}", p.name) for p in GuidingPrinciple.objects.order_by("letter")]
    return [(str(_("Objectives")), objectives), (str(_("Guiding principles")), principles)]


class AddTagForm(forms.Form):
    target = forms.ChoiceField(label=_("Add a tag"), choices=target_choices)


class BulkConfirmForm(forms.Form):
    min_score = forms.DecimalField(
        label=_("Confirm every suggested objective scoring at least"),
        min_value=0,
        max_value=1,
        decimal_places=2,
        initial="0.80",
    )


class CoverageFilterForm(forms.Form):
    cluster: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Cluster.objects.order_by("number"),
        to_field_name="code",
        required=False,
        label=_("Round-table cluster"),
        empty_label=_("All objectives"),
    )
    principle: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=GuidingPrinciple.objects.order_by("letter"),
        to_field_name="letter",
        required=False,
        label=_("Guiding principle"),
        empty_label=_("Any"),
    )
    inputs = forms.BooleanField(required=False, label=_("Count stakeholder inputs too"))
