"""Taking part in a conference: registering and nominating, and the secretariat's participant
list with its CSV exports. The speakers' list is in floor.py, key messages in key_messages.py.

Views only orchestrate: permissions (`hiwar.conference.rules`), forms, then one service call;
a refused request shows the service's translated message and changes nothing.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from hiwar.conference import selectors_participation as selectors
from hiwar.conference.forms_participation import (
    NominationForm,
    RegistrationFilterForm,
    RegistrationForm,
    nomination_choices,
)
from hiwar.conference.models import Conference, Registration
from hiwar.conference.services import registration as registration_services
from hiwar.conference.services.errors import ConferenceError
from hiwar.conference.views.common import (
    _conference,
)
from hiwar.reviews.views.common import require, user_of

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
    writer.writerow(
        [
            _("Breakdown"),
            _("Value"),
            pgettext("number of registrations", "Confirmed"),
            _("Waiting list"),
            _("Total"),
        ]
    )
    for title, rows in counts.sections():
        for row in rows:
            writer.writerow([title, row.label, row.confirmed, row.waiting, row.total])
    total = counts.total
    writer.writerow([_("Total"), total.label, total.confirmed, total.waiting, total.total])
    return response


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
]
