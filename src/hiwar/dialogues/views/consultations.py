"""Online consultations: the list, the consultation page with its threads and the forms to
post and reply, editing one's own post, reporting, moderation and the export.

Views only orchestrate: permissions (`hiwar.dialogues.rules`), forms, one service call; a
refused request shows a translated message and changes nothing. Ids of another consultation's
posts, or of someone else's post to edit, answer 404.
"""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.dialogues import selectors_consultations as selectors
from hiwar.dialogues.forms_consultations import (
    ConsultationForm,
    ContributionForm,
    ReasonForm,
    organizations_of,
)
from hiwar.dialogues.models import Consultation, Contribution
from hiwar.dialogues.services import consultations as services
from hiwar.dialogues.services.errors import DialogueError
from hiwar.dialogues.templatetags.dialogue_tags import localized
from hiwar.reviews.models import ReviewCycle
from hiwar.reviews.views.common import require, user_of

MANAGE = "dialogues.manage_consultations"
MODERATE = "dialogues.moderate"


def _consultation(slug: str) -> Consultation:
    found = selectors.consultation_page(slug).first()
    if found is None:
        raise Http404
    return found


def _post(consultation: Consultation, pk: int) -> Contribution:
    return get_object_or_404(
        Contribution.objects.select_related("author", "organization", "consultation"),
        pk=pk,
        consultation=consultation,
    )


def _anchor(consultation: Consultation, contribution: Contribution) -> str:
    url = reverse("dialogues:consultation", kwargs={"slug": consultation.slug})
    return f"{url}#post-{contribution.pk}"


# --- The secretariat --------------------------------------------------------------------------


def consultations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dialogues/consultations/list.html",
        {"consultations": selectors.consultations_for_list(), "now": timezone.now()},
    )


def _settings_page(
    request: HttpRequest, form: ConsultationForm, consultation: Consultation | None
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_consultation(
                cycle=form.cleaned_data["cycle"],
                fields=form.service_fields(),
                objectives=form.cleaned_data["objectives"],
                consultation=consultation,
            )
        except DialogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The consultation is created.")
                if consultation is None
                else _("The consultation is saved."),
            )
            return redirect("dialogues:consultation", slug=saved.slug)
    return render(
        request,
        "dialogues/consultations/settings.html",
        {"form": form, "consultation": consultation},
    )


@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE)
    current = ReviewCycle.objects.filter(is_current=True).first()
    form = ConsultationForm(
        request.POST or None, initial={"cycle": current.pk if current else None}
    )
    return _settings_page(request, form, None)


@login_required
def consultation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, MANAGE)
    consultation = _consultation(slug)
    form = ConsultationForm(request.POST or None, instance=consultation)
    return _settings_page(request, form, consultation)


# --- The consultation page --------------------------------------------------------------------


def _page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    post_form: ContributionForm | None = None,
    failed_reply: tuple[int, ContributionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_moderate = request.user.has_perm(MODERATE)
    open_now = services.is_open(consultation)
    may_post = open_now and request.user.has_perm("dialogues.contribute")
    threads = selectors.threads_of(consultation, moderator=may_moderate)
    if may_post:
        organizations = organizations_of(request.user)
        if post_form is None:
            post_form = ContributionForm(organizations=organizations)
        for thread in threads:
            if failed_reply is not None and failed_reply[0] == thread.pk:
                reply_form = failed_reply[1]
            else:
                reply_form = ContributionForm(
                    organizations=organizations,
                    with_objectives=False,
                    initial={"parent": thread.pk},
                    auto_id=f"id_reply{thread.pk}_%s",
                )
            thread.reply_form = reply_form  # type: ignore[attr-defined]
    questions = localized(consultation, "questions")
    return render(
        request,
        "dialogues/consultations/detail.html",
        {
            "consultation": consultation,
            "questions": questions,
            "question_lines": [
                line.strip() for line in (questions.text if questions else "").splitlines()
            ],
            "threads": threads,
            "post_count": sum(1 + len(t.replies.all()) for t in threads),
            "now": timezone.now(),
            "is_open": open_now,
            "not_yet_open": timezone.now() < consultation.opens_at,
            "may_post": may_post,
            "post_form": post_form if may_post else None,
            "may_moderate": may_moderate,
            "may_manage": request.user.has_perm(MANAGE),
        },
        status=status,
    )


def consultation(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation and its threads, readable by everyone; signed-in people post and reply
    while it is open."""
    return _page(request, _consultation(slug))


@login_required
@require_POST
def contribution_post(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "dialogues.contribute")
    consultation = _consultation(slug)
    organizations = organizations_of(request.user)
    parent_pk = request.POST.get("parent") or ""
    is_reply = parent_pk.isdigit()
    form = ContributionForm(
        request.POST,
        organizations=organizations,
        with_objectives=not is_reply,
        auto_id=f"id_reply{parent_pk}_%s" if is_reply else "id_%s",
    )
    refused = False
    if form.is_valid():
        parent = None
        if is_reply:
            parent = Contribution.objects.filter(pk=int(parent_pk)).first()
        try:
            if is_reply and parent is None:
                raise DialogueError(_("You can only reply to a post of this consultation."))
            contribution = services.post_contribution(
                consultation=consultation,
                author=user_of(request),
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"],
                organization=form.cleaned_data["organization"],
                objectives=form.cleaned_data.get("objectives") or (),
                parent=parent,
            )
        except DialogueError as error:
            form.add_error(None, str(error))
            messages.error(request, str(error))  # the reply form may be far down the page
            refused = True
        else:
            messages.success(
                request,
                _("Your reply is posted.") if is_reply else _("Your contribution is posted."),
            )
            return redirect(_anchor(consultation, contribution))
    failed_reply = None
    post_form = None
    if is_reply:
        failed_reply = (int(parent_pk), form)
    else:
        post_form = form
    if not refused and not services.is_open(consultation):  # the form is not shown then
        messages.error(request, _("This consultation is not open for contributions."))
    return _page(request, consultation, post_form=post_form, failed_reply=failed_reply, status=400)


@login_required
def contribution_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The author edits their own post; anyone else's id answers 404."""
    consultation = _consultation(slug)
    contribution = get_object_or_404(
        Contribution.objects.select_related("consultation"),
        pk=pk,
        consultation=consultation,
        author=user_of(request),
    )
    organizations = organizations_of(request.user)
    is_reply = contribution.parent_id is not None
    if request.method == "POST":
        form = ContributionForm(
            request.POST, organizations=organizations, with_objectives=not is_reply
        )
        if form.is_valid():
            try:
                services.edit_contribution(
                    contribution=contribution,
                    by=user_of(request),
                    text=form.cleaned_data["text"],
                    language=form.cleaned_data["language"],
                    organization=form.cleaned_data["organization"],
                    objectives=None if is_reply else form.cleaned_data["objectives"],
                )
            except DialogueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your post is saved."))
                return redirect(_anchor(consultation, contribution))
    else:
        form = ContributionForm(
            organizations=organizations,
            with_objectives=not is_reply,
            initial=ContributionForm.initial_from(contribution),
        )
    return render(
        request,
        "dialogues/consultations/edit.html",
        {
            "consultation": consultation,
            "contribution": contribution,
            "form": form,
            "is_open": services.is_open(consultation),
        },
    )


@login_required
def contribution_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant tells the moderators about a post, with the reason."""
    require(request, "dialogues.contribute")
    consultation = _consultation(slug)
    contribution = _post(consultation, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_contribution(
                contribution=contribution, by=user_of(request), reason=form.cleaned_data["reason"]
            )
        except DialogueError as error:
            messages.error(request, str(error))
            return redirect(_anchor(consultation, contribution))
        messages.success(request, _("Thank you: the moderators will look at this post."))
        return redirect(_anchor(consultation, contribution))
    return render(
        request,
        "dialogues/consultations/report.html",
        {"consultation": consultation, "contribution": contribution, "form": form},
    )


# --- Moderation -------------------------------------------------------------------------------


@login_required
def contribution_moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One post for the moderators: its text, reports and log; hide it or restore it."""
    require(request, MODERATE)
    consultation = _consultation(slug)
    contribution = _post(consultation, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "hide":
                services.hide_contribution(
                    contribution=contribution,
                    by=user_of(request),
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The post is hidden."))
            elif action == "restore":
                services.restore_contribution(
                    contribution=contribution,
                    by=user_of(request),
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The post is shown again."))
            else:
                raise DialogueError(_("Choose whether to hide or restore the post."))
        except DialogueError as error:
            form.add_error(None, str(error))
            contribution.refresh_from_db()
        else:
            return redirect(_anchor(consultation, contribution))
    return render(
        request,
        "dialogues/consultations/moderate.html",
        {
            "consultation": consultation,
            "contribution": contribution,
            "form": form,
            "log": contribution.moderation_log.select_related("moderator").order_by(
                "created_at", "pk"
            ),
            "reports": contribution.reports.select_related("reporter").order_by("created_at", "pk"),
        },
    )


@login_required
def consultation_reports(request: HttpRequest, slug: str) -> HttpResponse:
    """The moderators' queue: posts with reports not yet resolved."""
    require(request, MODERATE)
    consultation = _consultation(slug)
    return render(
        request,
        "dialogues/consultations/reports.html",
        {"consultation": consultation, "posts": selectors.reported_posts(consultation)},
    )


@login_required
@require_POST
def contribution_resolve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The moderators keep the post as it is: its open reports are resolved."""
    require(request, MODERATE)
    consultation = _consultation(slug)
    contribution = _post(consultation, pk)
    try:
        services.resolve_reports(contribution=contribution, by=user_of(request))
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The reports are resolved; the post stays as it is."))
    return redirect("dialogues:consultation_reports", slug=consultation.slug)


# --- Export -----------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "id",
    "thread",
    "parent",
    "author",
    "organization",
    "language",
    "text",
    "objectives",
    "created_at",
    "edited_at",
    "hidden",
    "hidden_reason",
]


def _cell(value: Any) -> str:
    """Typed text made inert: a spreadsheet would run "=..." as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def consultation_csv(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, MODERATE)
    consultation = _consultation(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}.csv"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read Arabic correctly
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for row in selectors.export_rows(consultation):
        row = {**row, "objectives": " ".join(str(n) for n in row["objectives"])}
        row["hidden"] = "yes" if row["hidden"] else ""
        writer.writerow([_cell(row[column]) for column in EXPORT_COLUMNS])
    return response


@login_required
def consultation_json(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, MODERATE)
    consultation = _consultation(slug)
    data = {
        "consultation": consultation.slug,
        "title": {
            code: getattr(consultation, f"title_{code}") or "" for code in ("ar", "en", "fr")
        },
        "opens_at": consultation.opens_at.isoformat(),
        "closes_at": consultation.closes_at.isoformat(),
        "contributions": selectors.export_rows(consultation),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}.json"'
    return response


urlpatterns: list[URLPattern] = [
    path("consultations/", consultations, name="consultations"),
    path("consultations/new/", consultation_new, name="consultation_new"),
    path("consultations/<slug:slug>/", consultation, name="consultation"),
    path("consultations/<slug:slug>/edit/", consultation_edit, name="consultation_edit"),
    path("consultations/<slug:slug>/post/", contribution_post, name="contribution_post"),
    path(
        "consultations/<slug:slug>/posts/<int:pk>/edit/",
        contribution_edit,
        name="contribution_edit",
    ),
    path(
        "consultations/<slug:slug>/posts/<int:pk>/report/",
        contribution_report,
        name="contribution_report",
    ),
    path(
        "consultations/<slug:slug>/posts/<int:pk>/moderate/",
        contribution_moderate,
        name="contribution_moderate",
    ),
    path(
        "consultations/<slug:slug>/posts/<int:pk>/resolve/",
        contribution_resolve,
        name="contribution_resolve",
    ),
    path("consultations/<slug:slug>/reports/", consultation_reports, name="consultation_reports"),
    path("consultations/<slug:slug>/export.csv", consultation_csv, name="consultation_csv"),
    path("consultations/<slug:slug>/export.json", consultation_json, name="consultation_json"),
]
