from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Annual export for the IMRF report”."),
    )
