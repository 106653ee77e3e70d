"""Participants of a dialogue: registering oneself; the secretariat's participant list with
attendance by hand, adding someone by hand and the CSV export; and the import of the attendance
list that the meeting platform exports (upload, map the columns, see the result and add the
attendees nobody had registered).

Views only orchestrate: permissions (`hiwar.dialogues.rules`), forms, then one service call; a
refused request shows a translated message and changes nothing.

Between the steps of the import, the uploaded file (at most 2 MB) is kept in the session,
base64-encoded, and read again at the next step, so the file is never written to disk and the
columns can be mapped again after a mistake. The result page's unmatched rows are kept there
too, until they are added or a new list is uploaded. This needs a server-side session store
(Django's database sessions, the default); a signed-cookie session could not hold a list.
"""

from __future__ import annotations

import base64
import binascii
import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hiwar.dialogues.attendance_import import (
    AMBIGUOUS,
    AttendanceFileError,
    AttendanceTable,
    neutralise_formula,
    read_attendance_file,
    rows_of,
)
from hiwar.dialogues.forms_participants import (
    AddUnmatchedForm,
    AttendanceUploadForm,
    BulkAttendanceForm,
    ColumnMappingForm,
    ParticipantFilterForm,
    ParticipantForm,
    RegistrationForm,
)
from hiwar.dialogues.models import Dialogue, Participant
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import participants as services
from hiwar.reviews.views.common import require, require_visible, user_of

PERMISSION = "dialogues.manage_dialogues"
FILTERS = ("attended", "category", "country")


def _posted(request: HttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """The data a form is bound to: the POST (even an empty one), or nothing on GET."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


def _dialogue(slug: str) -> Dialogue:
    return get_object_or_404(Dialogue.objects.select_related("cycle"), slug=slug)


def _managed(request: HttpRequest, slug: str) -> Dialogue:
    require(request, PERMISSION)
    return _dialogue(slug)


# --- Registration ----------------------------------------------------------------------------


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register oneself; see and cancel one's registration."""
    require(request, "dialogues.register")
    dialogue = _dialogue(slug)
    require_visible(request, "dialogues.view_dialogue", dialogue)
    user = user_of(request)
    form = RegistrationForm(*_posted(request), dialogue=dialogue, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_for_dialogue(dialogue=dialogue, user=user, voice=form.voice())
        except DialogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You are registered for this dialogue."))
            return redirect("dialogues:register", slug=dialogue.slug)
    return render(
        request,
        "dialogues/participants/register.html",
        {
            "dialogue": dialogue,
            "registration": services.registration_of(dialogue, user),
            "closed": services.registration_closed_reason(dialogue),
            "form": form,
        },
    )


@login_required
@require_POST
def register_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Cancel one's own registration (found by account: there is no id to forge)."""
    dialogue = _dialogue(slug)
    require_visible(request, "dialogues.view_dialogue", dialogue)
    try:
        services.cancel_registration(dialogue=dialogue, user=user_of(request))
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("dialogues:register", slug=dialogue.slug)


# --- The participant list --------------------------------------------------------------------


def _filter_form(request: HttpRequest, dialogue: Dialogue) -> ParticipantFilterForm:
    return ParticipantFilterForm(
        request.GET or None, countries=services.countries_of_participants(dialogue)
    )


def _filtered_query(query: str) -> str:
    """The list's filters from a query string, and nothing else."""
    given = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in FILTERS:
        if given.get(name):
            kept[name] = given[name]
    return kept.urlencode()


def _back_to_list(request: HttpRequest, dialogue: Dialogue) -> HttpResponseRedirect:
    url = reverse("dialogues:participants", kwargs={"slug": dialogue.slug})
    query = _filtered_query(request.POST.get("query", ""))
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


@login_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = _managed(request, slug)
    filter_form = _filter_form(request, dialogue)
    participants = list(services.participants_for_secretariat(dialogue, **filter_form.filters()))
    return render(
        request,
        "dialogues/participants/list.html",
        {
            "dialogue": dialogue,
            "filter_form": filter_form,
            "participants": participants,
            "counts": services.participant_counts(dialogue),
            "query": _filtered_query(request.GET.urlencode()),
        },
    )


@login_required
@require_POST
def participant_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark one participant as present or absent."""
    dialogue = _managed(request, slug)
    participant = get_object_or_404(Participant, pk=pk, dialogue=dialogue)
    value = request.POST.get("attended")
    if value not in ("0", "1"):
        messages.error(request, _("Choose whether the participant attended."))
        return _back_to_list(request, dialogue)
    services.set_attendance(
        dialogue=dialogue, participant_ids=[participant.pk], attended=value == "1"
    )
    messages.success(
        request,
        (
            _("%(name)s is marked as present.")
            if value == "1"
            else _("%(name)s is marked as absent.")
        )
        % {"name": participant.full_name},
    )
    return _back_to_list(request, dialogue)


@login_required
@require_POST
def participants_bulk_attendance(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark the ticked participants as present or absent."""
    dialogue = _managed(request, slug)
    form = BulkAttendanceForm(
        request.POST,
        participant_ids=list(dialogue.participants.values_list("pk", flat=True)),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back_to_list(request, dialogue)
    try:
        changed = services.set_attendance(
            dialogue=dialogue,
            participant_ids=form.cleaned_data["participants"],
            attended=form.cleaned_data["attended"],
        )
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "Attendance changed for %(n)d of the %(chosen)d participant chosen.",
                "Attendance changed for %(n)d of the %(chosen)d participants chosen.",
                len(form.cleaned_data["participants"]),
            )
            % {"n": changed, "chosen": len(form.cleaned_data["participants"])},
        )
    return _back_to_list(request, dialogue)


@login_required
def participant_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a participant by hand."""
    dialogue = _managed(request, slug)
    form = ParticipantForm(*_posted(request), dialogue=dialogue)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.add_participant(
                dialogue=dialogue,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                voice=form.voice(),
                attended=form.cleaned_data["attended"],
            )
        except DialogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s is on the list.") % {"name": participant.full_name}
            )
            return redirect("dialogues:participants", slug=dialogue.slug)
    return render(request, "dialogues/participants/add.html", {"dialogue": dialogue, "form": form})


@login_required
def participants_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One row per participant, with the page's filters."""
    dialogue = _managed(request, slug)
    filters = _filter_form(request, dialogue).filters()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dialogue.slug}-participants.csv"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read Arabic names correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Attended"),
            _("Source"),
            _("Speaks for"),
            _("Stakeholder category"),
            _("Country"),
            _("Organization"),
            _("Gender"),
            _("Age group"),
            _("Listens in"),
            _("Accessibility needs"),
            _("Added on"),
        ]
    )
    for participant in services.participants_for_secretariat(dialogue, **filters):
        organization = (
            participant.organization.name
            if participant.organization
            else participant.organization_name
        )
        writer.writerow(
            [
                neutralise_formula(participant.full_name),
                neutralise_formula(participant.email),
                _("yes") if participant.attended else _("no"),
                participant.get_source_display(),
                participant.get_sector_display(),
                participant.category.name if participant.category else "",
                participant.country.name if participant.country else "",
                neutralise_formula(organization),
                participant.get_gender_display(),
                participant.get_age_group_display(),
                participant.get_interpretation_display(),
                neutralise_formula(participant.accessibility_needs),
                timezone.localtime(participant.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


# --- The attendance import -------------------------------------------------------------------


def _upload_key(dialogue: Dialogue) -> str:
    return f"dialogues:attendance-file:{dialogue.pk}"


def _result_key(dialogue: Dialogue) -> str:
    return f"dialogues:attendance-result:{dialogue.pk}"


def _stored_table(request: HttpRequest, dialogue: Dialogue) -> tuple[str, AttendanceTable] | None:
    """The file uploaded at step 1, read again; None if there is none (or it went bad)."""
    stored = request.session.get(_upload_key(dialogue))
    if not isinstance(stored, dict):
        return None
    try:
        data = base64.b64decode(stored["data"], validate=True)
        return str(stored.get("name", "")), read_attendance_file(data)
    except (KeyError, TypeError, binascii.Error, AttendanceFileError):
        return None


@login_required
def attendance_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: upload the attendance list."""
    dialogue = _managed(request, slug)
    form = AttendanceUploadForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        request.session[_upload_key(dialogue)] = {
            "name": form.cleaned_data["file"].name,
            "data": base64.b64encode(form.data_bytes).decode("ascii"),
        }
        request.session.pop(_result_key(dialogue), None)
        return redirect("dialogues:attendance_import_map", slug=dialogue.slug)
    return render(
        request,
        "dialogues/participants/import_upload.html",
        {"dialogue": dialogue, "form": form},
    )


@login_required
def attendance_import_map(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 2: check what was read, choose the columns, and mark the attendees."""
    dialogue = _managed(request, slug)
    stored = _stored_table(request, dialogue)
    if stored is None:
        messages.error(request, _("Upload the attendance list first."))
        return redirect("dialogues:attendance_import", slug=dialogue.slug)
    filename, table = stored
    form = ColumnMappingForm(*_posted(request), table=table)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.import_attendance(
                dialogue=dialogue, rows=rows_of(table, form.mapping())
            )
        except (AttendanceFileError, DialogueError) as error:
            messages.error(request, str(error))
        else:
            request.session.pop(_upload_key(dialogue), None)
            request.session[_result_key(dialogue)] = outcome.as_dict()
            return redirect("dialogues:attendance_import_result", slug=dialogue.slug)
    return render(
        request,
        "dialogues/participants/import_map.html",
        {
            "dialogue": dialogue,
            "form": form,
            "filename": filename,
            "table": table,
            "preview": table.rows[:5],
        },
    )


@login_required
def attendance_import_result(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3: who was marked present, which rows matched nobody, and adding those."""
    dialogue = _managed(request, slug)
    stored = request.session.get(_result_key(dialogue))
    if not isinstance(stored, dict):
        messages.error(request, _("Upload the attendance list first."))
        return redirect("dialogues:attendance_import", slug=dialogue.slug)
    outcome = services.AttendanceOutcome.from_dict(stored)
    rows = [row for row, _reason in outcome.unmatched]
    form = AddUnmatchedForm(*_posted(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        chosen = sorted(set(form.cleaned_data["rows"]))
        try:
            added = services.add_unmatched_attendees(
                dialogue=dialogue,
                rows=[rows[index] for index in chosen],
                sector=form.cleaned_data["sector"],
                category=form.cleaned_data.get("category"),
                country=form.cleaned_data.get("country"),
            )
        except DialogueError as error:
            messages.error(request, str(error))
        else:
            outcome.unmatched = [
                item for index, item in enumerate(outcome.unmatched) if index not in chosen
            ]
            request.session[_result_key(dialogue)] = outcome.as_dict()
            messages.success(
                request,
                ngettext(
                    "%(n)d attendee was added to the list as present.",
                    "%(n)d attendees were added to the list as present.",
                    len(added),
                )
                % {"n": len(added)},
            )
            return redirect("dialogues:attendance_import_result", slug=dialogue.slug)
    return render(
        request,
        "dialogues/participants/import_result.html",
        {
            "dialogue": dialogue,
            "outcome": outcome,
            "unmatched": [
                (str(index), row, reason == AMBIGUOUS)
                for index, (row, reason) in enumerate(outcome.unmatched)
            ],
            "form": form,
        },
    )


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/register/", register, name="register"),
    path("<slug:slug>/register/cancel/", register_cancel, name="register_cancel"),
    path("<slug:slug>/participants/", participant_list, name="participants"),
    path("<slug:slug>/participants/add/", participant_add, name="participant_add"),
    path(
        "<slug:slug>/participants/attendance/",
        participants_bulk_attendance,
        name="participants_bulk_attendance",
    ),
    path(
        "<slug:slug>/participants/<int:pk>/attendance/",
        participant_attendance,
        name="participant_attendance",
    ),
    path("<slug:slug>/participants.csv", participants_csv, name="participants_csv"),
    path("<slug:slug>/attendance/import/", attendance_import, name="attendance_import"),
    path(
        "<slug:slug>/attendance/import/columns/",
        attendance_import_map,
        name="attendance_import_map",
    ),
    path(
        "<slug:slug>/attendance/import/result/",
        attendance_import_result,
        name="attendance_import_result",
    ),
]
