"""Public pages of the conference: the list of conferences and the published programme."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from hiwar.conference.models import Conference


def conference_list(request: HttpRequest) -> HttpResponse:
    """Conferences with a published programme; the secretariat also sees drafts."""
    conferences = Conference.objects.order_by("-starts_on")
    if not request.user.has_perm("conference.manage_programme"):
        conferences = conferences.filter(versions__isnull=False).distinct()
    return render(request, "conference/public/list.html", {"conferences": conferences})


urlpatterns: list[URLPattern] = [
    path("", conference_list, name="list"),
]
