from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import PlatformRole, User
from hiwar.dialogues.models import Dialogue
from hiwar.framework.models import Cluster
from hiwar.publications.models import MAX_BODY, MAX_HEADING, Publication, Section
from hiwar.reviews.models import ReviewCycle

MAX_COMMENT = 5_000


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Publication.Kind.choices)
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    cluster: forms.ModelChoiceField[Cluster] = forms.ModelChoiceField(
        label=_("Round table"), queryset=Cluster.objects.all(), required=False
    )
    dialogue: forms.ModelChoiceField[Dialogue] = forms.ModelChoiceField(
        label=_("Dialogue"), queryset=Dialogue.objects.none(), required=False
    )

    def __init__(self, *args: Any, cycle: ReviewCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dialogue"].queryset = Dialogue.objects.filter(cycle=cycle)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == Publication.Kind.BACKGROUND_NOTE and not data.get("cluster"):
            self.add_error("cluster", _("Choose the round table of the background note."))
        if kind == Publication.Kind.DIALOGUE_SUMMARY and not data.get("dialogue"):
            self.add_error("dialogue", _("Choose the dialogue to summarize."))
        return data


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=MAX_HEADING)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        max_length=MAX_BODY,
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # Outcome documents only (the view removes them elsewhere): a key message's grouping and
    # who voiced it, as the generator wrote them and the secretariat corrects them.
    group = forms.CharField(
        label=_("Round table or theme"),
        max_length=MAX_HEADING,
        required=False,
        help_text=_("Key messages are grouped under this heading."),
    )
    attribution = forms.CharField(
        label=_("Voiced by"),
        max_length=MAX_HEADING,
        required=False,
        help_text=_("For example: Member State: Jordan; trade unions (Amman dialogue)."),
    )

    def __init__(self, *args: Any, key_message: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not key_message:
            del self.fields["group"]
            del self.fields["attribution"]


class AddSectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=MAX_HEADING)
    level = forms.TypedChoiceField(
        label=_("Heading level"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, initial=1
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_BODY,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_COMMENT
    )


class AdoptionForm(forms.Form):
    adoption_status = forms.ChoiceField(
        label=_("Adoption status"), choices=Section.Adoption.choices
    )


class TranslationForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=MAX_HEADING, required=False)
    body = forms.CharField(
        label=_("Translation (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=MAX_BODY,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("draft", _("Draft: still being translated")), ("final", _("Final: ready"))],
        widget=forms.RadioSelect,
        initial="draft",
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if language:  # the fields hold text in the target language, the labels do not
            direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
            for name in ("heading", "body"):
                self.fields[name].widget.attrs.update({"lang": language, "dir": direction})


class RenameForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_HEADING)
    subtitle = forms.CharField(label=_("Subtitle"), max_length=MAX_HEADING, required=False)


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Translated title"), max_length=MAX_HEADING, required=False)


class AssignTranslatorForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    translator = forms.ModelChoiceField(
        label=_("Translator"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["translator"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role_assignments__role=PlatformRole.TRANSLATOR
        ).distinct()
