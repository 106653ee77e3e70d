"""Public pages of the dialogues: the list of dialogues and the record of each (agenda, people
in roles, guiding questions, published interventions, attendance)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import timezone

from hiwar.dialogues import selectors
from hiwar.dialogues.models import Dialogue


def dialogue_list(request: HttpRequest) -> HttpResponse:
    """Published dialogues with their attendance; the secretariat and rapporteurs also see
    drafts."""
    dialogues = selectors.dialogues_with_counts(
        include_drafts=request.user.has_perm("dialogues.record_interventions")
    )
    return render(request, "dialogues/public/list.html", {"dialogues": dialogues})


def dialogue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The record of one dialogue. A draft is seen only by those who may view it (the
    secretariat and rapporteurs); for anyone else it does not exist."""
    dialogue = get_object_or_404(Dialogue, slug=slug)
    if not request.user.has_perm("dialogues.view_dialogue", dialogue):
        raise Http404
    record = selectors.dialogue_record(dialogue)
    # The link is for taking part: only signed-in users get it, and only until the end.
    upcoming = timezone.now() < dialogue.ends_at
    return render(
        request,
        "dialogues/public/detail.html",
        {
            "dialogue": dialogue,
            "record": record,
            "upcoming": upcoming,
            "show_meeting_link": bool(
                upcoming and dialogue.meeting_url and request.user.is_authenticated
            ),
            "can_manage": request.user.has_perm("dialogues.manage_dialogues"),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", dialogue_list, name="list"),
    path("<slug:slug>/", dialogue_detail, name="detail"),
]
