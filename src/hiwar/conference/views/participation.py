"""Taking part in a conference: registering and nominating, the secretariat's participant list
and its CSV exports, the speakers' list of an item, and key messages.

Views only orchestrate: permissions (`hiwar.conference.rules`), forms, then one service call;
a refused request shows the service's translated message and changes nothing.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.conference import selectors_participation as selectors
from hiwar.conference.forms_participation import (
    KeyMessageForm,
    NominationForm,
    RegistrationFilterForm,
    RegistrationForm,
    nomination_choices,
)
from hiwar.conference.models import Conference, FloorRequest, Item, KeyMessage, Registration
from hiwar.conference.services import floor as floor_services
from hiwar.conference.services import messages as message_services
from hiwar.conference.services import registration as registration_services
from hiwar.conference.services.errors import ConferenceError
from hiwar.reviews.views.common import require, user_of

# The chair's queue is refreshed this often (htmx polling).
QUEUE_REFRESH_SECONDS = 5


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _conference(slug: str) -> Conference:
    return get_object_or_404(Conference.objects.select_related("cycle"), slug=slug)


def _item(slug: str, pk: int) -> Item:
    return get_object_or_404(
        Item.objects.select_related("day__conference"), pk=pk, day__conference__slug=slug
    )


def _floor_item(slug: str, pk: int) -> Item:
    item = _item(slug, pk)
    if not item.takes_the_floor:
        raise Http404
    return item


# --- Registration ----------------------------------------------------------------------------


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register oneself; see and cancel one's registration."""
    require(request, "conference.register")
    conference = _conference(slug)
    user = user_of(request)
    form = RegistrationForm(user=user)
    if request.method == "POST":
        form = RegistrationForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = registration_services.register_participant(
                    conference=conference,
                    user=user,
                    role=data["role"],
                    interpretation=data["interpretation"],
                    sector=data["sector"],
                    country=data.get("country"),
                    organization=data.get("organization"),
                    category=data.get("category"),
                    accessibility_needs=data["accessibility_needs"],
                )
            except ConferenceError as error:
                messages.error(request, str(error))
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(
                        request, _("You are registered. A confirmation has been sent by mail.")
                    )
                else:
                    messages.warning(
                        request,
                        _("The conference is full: you are on the waiting list, number %(n)d.")
                        % {"n": selectors.waiting_number(registration)},
                    )
                return redirect("conference:register", slug=conference.slug)
    mine = selectors.registration_of(conference, user)
    return render(
        request,
        "conference/participation/register.html",
        {
            "conference": conference,
            "registration": mine,
            "waiting_number": selectors.waiting_number(mine) if mine else None,
            "form": form,
            "can_nominate": bool(nomination_choices(user)),
        },
    )


@login_required
@require_POST
def register_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Cancel one's own registration (there is no id to forge: it is found by account)."""
    conference = _conference(slug)
    registration = selectors.registration_of(conference, user_of(request))
    if registration is None or registration.status == Registration.Status.CANCELLED:
        messages.error(request, _("You have no registration to cancel."))
    else:
        _cancel(request, registration)
    return redirect("conference:register", slug=conference.slug)


def _cancel(request: HttpRequest, registration: Registration) -> None:
    try:
        registration_services.cancel_registration(registration=registration, by=user_of(request))
    except ConferenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The registration is cancelled; its place is free."))


@login_required
def nominate(request: HttpRequest, slug: str) -> HttpResponse:
    """Focal points nominate their country's delegates; organization administrators nominate
    people of their organization."""
    require(request, "conference.nominate")
    conference = _conference(slug)
    user = user_of(request)
    choices = nomination_choices(user)
    if not choices:
        raise PermissionDenied
    form = NominationForm(choices=choices)
    if request.method == "POST":
        form = NominationForm(request.POST, choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = registration_services.nominate_participant(
                    conference=conference,
                    nominator=user,
                    full_name=data["full_name"],
                    email=data["email"],
                    interpretation=data["interpretation"],
                    country=data["country"],
                    organization=data["organization"],
                    role=data["role"],
                    accessibility_needs=data["accessibility_needs"],
                )
            except ConferenceError as error:
                messages.error(request, str(error))
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(
                        request,
                        _("%(name)s is registered and has been told by mail.")
                        % {"name": registration.full_name},
                    )
                else:
                    messages.warning(
                        request,
                        _("The conference is full: %(name)s is on the waiting list, number %(n)d.")
                        % {
                            "name": registration.full_name,
                            "n": selectors.waiting_number(registration),
                        },
                    )
                return redirect("conference:nominate", slug=conference.slug)
    return render(
        request,
        "conference/participation/nominate.html",
        {
            "conference": conference,
            "form": form,
            "nominations": selectors.nominations_by(conference, user),
        },
    )


@login_required
@require_POST
def nomination_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    registration = get_object_or_404(
        Registration, pk=pk, conference=conference, nominated_by=user_of(request)
    )
    _cancel(request, registration)
    return redirect("conference:nominate", slug=conference.slug)


# --- The participant list --------------------------------------------------------------------


def _filtered(request: HttpRequest, conference: Conference) -> tuple[RegistrationFilterForm, Any]:
    form = RegistrationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.registrations_for_secretariat(
        conference,
        status=filters.get("status", ""),
        role=filters.get("role", ""),
        interpretation=filters.get("interpretation", ""),
    )


@login_required
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "conference.manage_registrations")
    conference = _conference(slug)
    form, rows = _filtered(request, conference)
    return render(
        request,
        "conference/participation/registrations.html",
        {
            "conference": conference,
            "filter_form": form,
            "registrations": rows,
            "counts": selectors.registration_counts(conference),
            "query": request.GET.urlencode(),
        },
    )


def _cell(text: str) -> str:
    """Text typed by participants, made inert: a spreadsheet would run "=..." as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_response(filename: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read Arabic names correctly
    return response, csv.writer(response)


@login_required
def registrations_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One row per registration (with the page's filters), nothing else."""
    require(request, "conference.manage_registrations")
    conference = _conference(slug)
    _form, rows = _filtered(request, conference)
    response, writer = _csv_response(f"{conference.slug}-participants.csv")
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Participates as"),
            _("Status"),
            _("Speaks for"),
            _("Stakeholder category"),
            _("Country"),
            _("Organization"),
            _("Listens in"),
            _("Accessibility needs"),
            _("Nominated by"),
            _("Registered on"),
        ]
    )
    for registration in rows:
        writer.writerow(
            [
                _cell(registration.full_name),
                _cell(registration.email),
                registration.get_role_display(),
                registration.get_status_display(),
                registration.get_sector_display(),
                registration.category.name if registration.category else "",
                registration.country.name if registration.country else "",
                _cell(registration.organization.name) if registration.organization else "",
                registration.get_interpretation_display(),
                _cell(registration.accessibility_needs),
                _cell(str(registration.nominated_by)) if registration.nominated_by else "",
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


@login_required
def registrations_counts_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The counts as one table: breakdown, value, confirmed, waiting, total."""
    require(request, "conference.manage_registrations")
    conference = _conference(slug)
    counts = selectors.registration_counts(conference)
    response, writer = _csv_response(f"{conference.slug}-participant-counts.csv")
    writer.writerow([_("Breakdown"), _("Value"), _("Confirmed"), _("Waiting list"), _("Total")])
    for title, rows in counts.sections():
        for row in rows:
            writer.writerow([title, row.label, row.confirmed, row.waiting, row.total])
    total = counts.total
    writer.writerow([_("Total"), total.label, total.confirmed, total.waiting, total.total])
    return response


# --- The speakers' list ----------------------------------------------------------------------


def _queue_context(request: HttpRequest, item: Item) -> dict[str, Any]:
    return {
        "conference": item.day.conference,
        "item": item,
        "queue": selectors.floor_queue(item),
        "spoken": selectors.floor_spoken(item),
        "refresh_seconds": QUEUE_REFRESH_SECONDS,
        "now": timezone.now(),
    }


@login_required
def floor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The chair runs the list here; a participant asks for (or gives up) the floor."""
    item = _floor_item(slug, pk)
    conference = item.day.conference
    is_chair = request.user.has_perm("conference.run_floor", item)
    registration = selectors.registration_of(conference, request.user)
    my_request = selectors.floor_request_of(item, registration)
    context: dict[str, Any] = {
        "conference": conference,
        "item": item,
        "is_chair": is_chair,
        "registration": registration,
        "my_request": my_request,
        "my_place": selectors.queue_place(my_request) if my_request else None,
    }
    if is_chair:
        context.update(_queue_context(request, item))
    else:
        context["spoken"] = selectors.floor_spoken(item)
    return render(request, "conference/participation/floor.html", context)


def _chair_item(request: HttpRequest, slug: str, pk: int) -> Item:
    item = _floor_item(slug, pk)
    require(request, "conference.run_floor", item)
    return item


@login_required
def floor_queue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The chair's queue alone, polled by htmx."""
    item = _chair_item(request, slug, pk)
    return render(
        request, "conference/participation/_floor_queue.html", _queue_context(request, item)
    )


def _after_chair_action(request: HttpRequest, item: Item, error: str = "") -> HttpResponse:
    if is_htmx(request):
        context = {**_queue_context(request, item), "error": error}
        return render(request, "conference/participation/_floor_queue.html", context)
    if error:
        messages.error(request, error)
    return redirect("conference:floor", slug=item.day.conference.slug, pk=item.pk)


@login_required
@require_POST
def floor_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _chair_item(request, slug, pk)
    action = request.POST.get("action")
    if action not in ("open", "close"):
        messages.error(request, _("Unknown action."))
    else:
        floor_services.set_floor_open(item=item, is_open=action == "open")
        if action == "open":
            messages.success(request, _("The speakers' list is open."))
        else:
            messages.success(request, _("The speakers' list is closed."))
    return redirect("conference:floor", slug=slug, pk=item.pk)


@login_required
@require_POST
def floor_balance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _chair_item(request, slug, pk)
    floor_services.balance_floor_queue(item=item)
    if not is_htmx(request):
        messages.success(request, _("The queue now goes round the categories in turn."))
    return _after_chair_action(request, item)


CHAIR_ACTIONS = ("up", "down", "spoke", "withdraw")


@login_required
@require_POST
def floor_chair_action(
    request: HttpRequest, slug: str, pk: int, request_pk: int, action: str
) -> HttpResponse:
    item = _chair_item(request, slug, pk)
    if action not in CHAIR_ACTIONS:
        raise Http404
    floor_request = get_object_or_404(
        FloorRequest.objects.select_related("item__day__conference"), pk=request_pk, item=item
    )
    try:
        if action in ("up", "down"):
            floor_services.move_floor_request(floor_request=floor_request, up=action == "up")
        elif action == "spoke":
            floor_services.mark_spoken(floor_request=floor_request)
        else:
            floor_services.withdraw_floor_request(floor_request=floor_request)
    except ConferenceError as error:
        return _after_chair_action(request, item, str(error))
    return _after_chair_action(request, item)


@login_required
@require_POST
def floor_ask(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant asks for the floor."""
    item = _floor_item(slug, pk)
    try:
        floor_request = floor_services.request_floor(item=item, user=request.user)
    except ConferenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You are on the speakers' list, number %(n)d.")
            % {"n": selectors.queue_place(floor_request)},
        )
    return redirect("conference:floor", slug=slug, pk=item.pk)


@login_required
@require_POST
def floor_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant takes their own request off the list."""
    item = _floor_item(slug, pk)
    registration = selectors.registration_of(item.day.conference, request.user)
    my_request = selectors.floor_request_of(item, registration)
    if my_request is None:
        messages.error(request, _("You are not on the speakers' list."))
    else:
        try:
            floor_services.withdraw_floor_request(floor_request=my_request)
        except ConferenceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You are no longer on the speakers' list."))
    return redirect("conference:floor", slug=slug, pk=item.pk)


# --- Key messages ----------------------------------------------------------------------------


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
    path("<slug:slug>/register/", register, name="register"),
    path("<slug:slug>/register/cancel/", register_cancel, name="register_cancel"),
    path("<slug:slug>/nominate/", nominate, name="nominate"),
    path("<slug:slug>/nominate/<int:pk>/cancel/", nomination_cancel, name="nomination_cancel"),
    path("<slug:slug>/registrations/", registrations, name="registrations"),
    path("<slug:slug>/registrations.csv", registrations_csv, name="registrations_csv"),
    path(
        "<slug:slug>/registrations-counts.csv",
        registrations_counts_csv,
        name="registrations_counts_csv",
    ),
    path("<slug:slug>/items/<int:pk>/floor/", floor, name="floor"),
    path("<slug:slug>/items/<int:pk>/floor/queue/", floor_queue, name="floor_queue"),
    path("<slug:slug>/items/<int:pk>/floor/open/", floor_open, name="floor_open"),
    path("<slug:slug>/items/<int:pk>/floor/balance/", floor_balance, name="floor_balance"),
    path("<slug:slug>/items/<int:pk>/floor/ask/", floor_ask, name="floor_ask"),
    path("<slug:slug>/items/<int:pk>/floor/withdraw/", floor_withdraw, name="floor_withdraw"),
    path(
        "<slug:slug>/items/<int:pk>/floor/<int:request_pk>/<slug:action>/",
        floor_chair_action,
        name="floor_chair_action",
    ),
    path("<slug:slug>/items/<int:pk>/key-messages/", key_messages, name="key_messages"),
    path("<slug:slug>/key-messages/", all_key_messages, name="all_key_messages"),
    path("<slug:slug>/key-messages/<int:pk>/edit/", key_message_edit, name="key_message_edit"),
    path(
        "<slug:slug>/key-messages/<int:pk>/delete/", key_message_delete, name="key_message_delete"
    ),
]
