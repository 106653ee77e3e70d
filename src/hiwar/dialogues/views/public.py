"""Public pages of the dialogues: the list of dialogues and the record of each."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from hiwar.dialogues.models import Dialogue


def dialogue_list(request: HttpRequest) -> HttpResponse:
    """Published dialogues; the secretariat and rapporteurs also see drafts."""
    dialogues = Dialogue.objects.order_by("-starts_at")
    if not request.user.has_perm("dialogues.record_interventions"):
        dialogues = dialogues.filter(status=Dialogue.Status.PUBLISHED)
    return render(request, "dialogues/public/list.html", {"dialogues": dialogues})


urlpatterns: list[URLPattern] = [
    path("", dialogue_list, name="list"),
]
