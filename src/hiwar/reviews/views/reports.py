"""Pages of one national report: reading, writing sections, history, files, submission."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.accounts.models import PlatformRole, RoleAssignment
from hiwar.reviews import selectors
from hiwar.reviews.forms import ExtensionRequestForm, SectionForm, UploadForm
from hiwar.reviews.models import Attachment, NationalReport, SectionDraft, SectionRevision
from hiwar.reviews.services import ReviewError
from hiwar.reviews.services import reports as report_services
from hiwar.reviews.views.common import require_visible, user_of
from hiwar.web.markdown import render_markdown


@login_required
def my_report(request: HttpRequest) -> HttpResponse:
    """A focal point's way in: the report of their country in the current cycle."""
    cycle = selectors.current_review_cycle()
    role = (
        RoleAssignment.objects.filter(user=user_of(request), role=PlatformRole.FOCAL_POINT)
        .select_related("country")
        .first()
    )
    if cycle is None or role is None or role.country is None:
        messages.error(
            request, _("Only a Member State focal point has a national report to write.")
        )
        return redirect("accounts:dashboard")
    try:
        report = report_services.ensure_report(cycle=cycle, country=role.country)
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect("accounts:dashboard")
    return redirect("reviews:report", pk=report.pk)


def report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(NationalReport.objects.select_related("country", "cycle"), pk=pk)
    require_visible(request, "reviews.view_report", report)
    can_edit = request.user.has_perm("reviews.edit_report", report)
    can_manage = request.user.has_perm("reviews.manage_cycle")
    versions = list(report.versions.select_related("submitted_by", "report_file"))
    if not (can_edit or can_manage):
        versions = [v for v in versions if v.is_frozen]  # the public reads what was submitted
    chosen = request.GET.get("version")
    version = next(
        (v for v in versions if str(v.number) == chosen), versions[-1] if versions else None
    )
    return render(
        request,
        "reviews/report.html",
        {
            "report": report,
            "version": version,
            "versions": versions,
            "sections": selectors.version_sections(version=version) if version else [],
            "attachments": version.attachments.all() if version else [],
            "extensions": report.extension_requests.select_related("requested_by", "decided_by"),
            "can_edit": can_edit and version is not None and not version.is_frozen,
            "can_start": can_edit and version is None,
            "can_manage": can_manage,
            "deadline_passed": report_services.deadline_passed(report),
            "upload_form": UploadForm(),
            "extension_form": ExtensionRequestForm(),
        },
    )


@login_required
@require_POST
def report_start(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(NationalReport, pk=pk)
    require_visible(request, "reviews.edit_report", report)
    try:
        report_services.open_version(report=report, language=user_of(request).preferred_language)
    except ReviewError as error:
        messages.error(request, str(error))
    return redirect("reviews:report", pk=report.pk)


def _draft_for_editing(request: HttpRequest, pk: int) -> SectionDraft:
    draft = get_object_or_404(
        SectionDraft.objects.select_related(
            "version__report__country", "version__report__cycle", "section"
        ),
        pk=pk,
    )
    require_visible(request, "reviews.edit_report", draft.version.report)
    return draft


@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write one section. Without JavaScript: Save and Preview buttons. With it: autosave."""
    draft = _draft_for_editing(request, pk)
    if draft.version.is_frozen:
        messages.info(request, _("This version has been submitted and can no longer be changed."))
        return redirect("reviews:report", pk=draft.version.report_id)
    conflict = None
    preview = None
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("action") == "preview":
                preview = render_markdown(data["text"])
            else:
                try:
                    report_services.save_section(
                        actor=user_of(request),
                        draft=draft,
                        text=data["text"],
                        language=data["language"],
                        base_revision=data["base_revision"],
                    )
                except report_services.SectionConflict as clash:
                    conflict = clash
                    # The form now builds on their revision; the person's text stays in it.
                    form = SectionForm(
                        initial={
                            "text": data["text"],
                            "language": data["language"],
                            "base_revision": clash.their_revision,
                        }
                    )
                except ReviewError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, _("The section has been saved."))
                    return redirect("reviews:section_edit", pk=draft.pk)
    else:
        form = SectionForm(
            initial={
                "text": draft.text,
                "language": draft.language,
                "base_revision": draft.revision,
            }
        )
    return render(
        request,
        "reviews/section_edit.html",
        {"draft": draft, "form": form, "conflict": conflict, "preview": preview},
    )


@login_required
@require_POST
def section_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save while typing; answers a short status line (or a conflict warning)."""
    draft = _draft_for_editing(request, pk)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reviews/_autosave_status.html",
            {"error": _("Not saved: the form is incomplete.")},
            status=400,
        )
    try:
        draft = report_services.save_section(
            actor=user_of(request),
            draft=draft,
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            base_revision=form.cleaned_data["base_revision"],
            autosave=True,
        )
    except report_services.SectionConflict as clash:
        return render(request, "reviews/_autosave_status.html", {"conflict": clash}, status=409)
    except ReviewError as error:
        return render(request, "reviews/_autosave_status.html", {"error": str(error)}, status=400)
    return render(request, "reviews/_autosave_status.html", {"draft": draft})


@login_required
@require_POST
def section_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _draft_for_editing(request, pk)
    return HttpResponse(render_markdown(request.POST.get("text", "")))


def _diff(old: str, new: str) -> SafeString:
    """Word-level differences, as <del>/<ins> marks."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old_words, new_words).get_opcodes():
        if op in {"delete", "replace"}:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped


@login_required
def section_history(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(
        SectionDraft.objects.select_related("version__report__country", "section"), pk=pk
    )
    require_visible(request, "reviews.view_report", draft.version.report)
    if not (
        request.user.has_perm("reviews.edit_report", draft.version.report)
        or request.user.has_perm("reviews.manage_cycle")
    ):
        raise Http404
    revisions = list(draft.revisions.select_related("author"))  # newest first
    rows = [
        (revision, _diff(revisions[i + 1].text if i + 1 < len(revisions) else "", revision.text))
        for i, revision in enumerate(revisions)
    ]
    return render(request, "reviews/section_history.html", {"draft": draft, "rows": rows})


@login_required
@require_POST
def revision_restore(request: HttpRequest, pk: int) -> HttpResponse:
    revision = get_object_or_404(
        SectionRevision.objects.select_related("draft__version__report"), pk=pk
    )
    require_visible(request, "reviews.edit_report", revision.draft.version.report)
    try:
        report_services.restore_revision(actor=user_of(request), revision=revision)
    except report_services.SectionConflict:
        messages.error(
            request, _("Someone saved this section meanwhile. Look at the revisions again.")
        )
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The earlier text has been restored as a new revision."))
    return redirect("reviews:section_edit", pk=revision.draft_id)


@login_required
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(NationalReport, pk=pk)
    require_visible(request, "reviews.edit_report", report)
    form = UploadForm(request.POST, request.FILES)
    version = report.versions.order_by("-number").first()
    if version is None:
        messages.error(request, _("Start the report first."))
    elif not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            report_services.attach_file(
                actor=user_of(request),
                version=version,
                uploaded=form.cleaned_data["file"],
                whole_report=form.cleaned_data["whole_report"],
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The file has been attached."))
    return redirect("reviews:report", pk=report.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(NationalReport, pk=pk)
    require_visible(request, "reviews.edit_report", report)
    try:
        report_services.submit_report(actor=user_of(request), report=report)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report has been submitted. Thank you."))
    return redirect("reviews:report", pk=report.pk)


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(NationalReport, pk=pk)
    require_visible(request, "reviews.request_extension", report)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date and a reason."))
    else:
        try:
            report_services.request_extension(
                actor=user_of(request),
                report=report,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data["requested_until"],
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request has been sent to the secretariat."))
    return redirect("reviews:report", pk=report.pk)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files of published material are public; others only for their authors and the
    secretariat. An unknown or forbidden id is a 404 either way."""
    attachment = get_object_or_404(
        Attachment.objects.select_related(
            "version__report__country", "stakeholder_input__organization"
        ),
        pk=pk,
    )
    if attachment.version is not None:
        require_visible(request, "reviews.view_report", attachment.version.report)
        public = (
            attachment.version.report.status == NationalReport.Status.PUBLISHED
            and attachment.version.is_frozen
        )
        if not public and not (
            request.user.has_perm("reviews.edit_report", attachment.version.report)
            or request.user.has_perm("reviews.manage_cycle")
        ):
            raise Http404
    else:
        assert attachment.stakeholder_input is not None
        require_visible(request, "reviews.view_input", attachment.stakeholder_input)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
