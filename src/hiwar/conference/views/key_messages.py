"""Key messages voiced in an item, recorded by rapporteurs for the outcome document."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.conference import selectors_participation as selectors
from hiwar.conference.forms_participation import (
    KeyMessageForm,
)
from hiwar.conference.models import KeyMessage
from hiwar.conference.services import messages as message_services
from hiwar.conference.services.errors import ConferenceError
from hiwar.conference.views.common import (
    _conference,
    _item,
)
from hiwar.reviews.views.common import require, user_of


def _voice(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": data["text"],
        "language": data["language"],
        "sector": data["sector"],
        "country": data.get("country"),
        "organization": data.get("organization"),
        "category": data.get("category"),
    }


def _for_display(request: HttpRequest, recorded: list[KeyMessage]) -> list[KeyMessage]:
    """Who voiced each message, and whether this user may change it."""
    may_change = message_services.change_checker(request.user)
    for message in recorded:
        message.voice = selectors.voiced_by(message)  # type: ignore[attr-defined]
        message.can_change = may_change(message)  # type: ignore[attr-defined]
    return recorded


@login_required
def key_messages(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An item's key messages, and the form to record one."""
    require(request, "conference.record_key_messages")
    item = _item(slug, pk)
    form = KeyMessageForm()
    if request.method == "POST":
        form = KeyMessageForm(request.POST)
        if form.is_valid():
            try:
                message_services.record_key_message(
                    item=item, by=user_of(request), **_voice(form.cleaned_data)
                )
            except ConferenceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The key message is recorded."))
                return redirect("conference:key_messages", slug=slug, pk=item.pk)
    recorded = _for_display(request, selectors.key_messages_of_item(item))
    return render(
        request,
        "conference/participation/key_messages.html",
        {
            "conference": item.day.conference,
            "item": item,
            "key_messages": recorded,
            "form": form,
        },
    )


def _message(request: HttpRequest, slug: str, pk: int) -> KeyMessage:
    require(request, "conference.record_key_messages")
    message = get_object_or_404(
        KeyMessage.objects.select_related("item__day__conference"),
        pk=pk,
        item__day__conference__slug=slug,
    )
    if not message_services.may_change_key_message(request.user, message):
        raise PermissionDenied
    return message


@login_required
def key_message_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    message = _message(request, slug, pk)
    form = KeyMessageForm.for_message(message)
    if request.method == "POST":
        form = KeyMessageForm(request.POST)
        if form.is_valid():
            try:
                message_services.change_key_message(
                    message=message, by=user_of(request), **_voice(form.cleaned_data)
                )
            except ConferenceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The key message is saved."))
                return redirect("conference:key_messages", slug=slug, pk=message.item_id)
    return render(
        request,
        "conference/participation/key_message_edit.html",
        {
            "conference": message.item.day.conference,
            "item": message.item,
            "message": message,
            "form": form,
        },
    )


@login_required
@require_POST
def key_message_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    message = _message(request, slug, pk)
    message_services.delete_key_message(message=message, by=user_of(request))
    messages.success(request, _("The key message is deleted."))
    return redirect("conference:key_messages", slug=slug, pk=message.item_id)


@login_required
def all_key_messages(request: HttpRequest, slug: str) -> HttpResponse:
    """Every key message of the conference, by item, as the outcome document will use them."""
    require(request, "conference.record_key_messages")
    conference = _conference(slug)
    items = selectors.items_for_key_messages(conference)
    may_change = message_services.change_checker(request.user)
    for item in items:
        for message in item.recorded_messages:  # type: ignore[attr-defined]
            message.voice = selectors.voiced_by(message)
            message.can_change = may_change(message)
    return render(
        request,
        "conference/participation/all_key_messages.html",
        {"conference": conference, "items": items},
    )


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/items/<int:pk>/key-messages/", key_messages, name="key_messages"),
    path("<slug:slug>/key-messages/", all_key_messages, name="all_key_messages"),
    path("<slug:slug>/key-messages/<int:pk>/edit/", key_message_edit, name="key_message_edit"),
    path(
        "<slug:slug>/key-messages/<int:pk>/delete/", key_message_delete, name="key_message_delete"
    ),
]
