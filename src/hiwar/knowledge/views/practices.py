"""Good practices: the public list with facets and the detail page, writing and submitting a
practice (members of an organization), and the secretariat's review.

Views only orchestrate: permissions (`hiwar.knowledge.rules`), forms, then one service call.
Someone else's unpublished practice answers 404, so an id reveals nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.knowledge import selectors
from hiwar.knowledge.forms import PracticeFileForm, PracticeForm, ReviewForm
from hiwar.knowledge.models import Practice, PracticeFile
from hiwar.knowledge.services import practices as services
from hiwar.knowledge.services.errors import KnowledgeError
from hiwar.reviews.views.common import require, require_visible, user_of

PAGE_SIZE = 20


def ignored_notice(request: HttpRequest, ignored: list[tuple[str, str]]) -> None:
    for key, value in ignored:
        messages.warning(
            request,
            _("The filter “%(key)s = %(value)s” is not known and was ignored.")
            % {"key": key, "value": value[:40]},
        )


def practice_list(request: HttpRequest) -> HttpResponse:
    """Published practices, filtered by the facets in the URL, with counts per facet value."""
    filters = selectors.parse_practice_filters(request.GET)
    ignored_notice(request, filters.ignored)
    practices = selectors.filter_practices(selectors.published_practices(), filters)
    facets = selectors.practice_facets(practices, filters)
    paginator = Paginator(practices, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/practice_list.html",
        {
            "page": page,
            "facets": facets,
            "filters": filters,
            "params": filters.as_params(),
            "can_submit": request.user.is_authenticated,
        },
    )


def _practice(pk: int) -> Practice:
    return get_object_or_404(
        Practice.objects.select_related(
            "organization", "organization__category", "organization__country", "submitted_by"
        ),
        pk=pk,
    )


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(pk)
    require_visible(request, "knowledge.view_practice", practice)
    return render(
        request,
        "knowledge/practice_detail.html",
        {
            "practice": practice,
            "countries": practice.countries.order_by("name"),
            "objectives": practice.objectives.select_related("cluster").order_by("number"),
            "principles": practice.principles.order_by("letter"),
            "categories": practice.stakeholder_categories.order_by("position"),
            "files": practice.files.all(),
            "similar": selectors.similar_practices(practice) if practice.is_published else [],
            "can_edit": request.user.has_perm("knowledge.edit_practice", practice),
            "can_review": request.user.has_perm("knowledge.review_practice", practice),
            "review_form": ReviewForm(),
        },
    )


def practice_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    practice = _practice(pk)
    require_visible(request, "knowledge.view_practice", practice)
    attached = get_object_or_404(PracticeFile, pk=file_pk, practice=practice)
    response = FileResponse(
        attached.file.open("rb"),
        as_attachment=True,
        filename=attached.original_name,
        content_type=attached.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def my_practices(request: HttpRequest) -> HttpResponse:
    """The practices of the organizations the user is a member of, in every state."""
    return render(
        request,
        "knowledge/my_practices.html",
        {"practices": selectors.practices_of_user(user_of(request))},
    )


def _suggest(request: HttpRequest, practice: Practice | None) -> PracticeForm:
    """The form as posted, with the objectives and principles the analysis engine suggests
    ticked and marked; nothing is saved until the author saves the form."""
    initial = PracticeForm.initial_from(request.POST)
    text = "\n".join(
        str(initial.get(name, "")).strip() for name in ("title", "summary", "description")
    ).strip()
    if not text:
        messages.error(request, _("Write the title and summary first, then ask for suggestions."))
        return PracticeForm(initial=initial, user=request.user, practice=practice)
    objectives, principles = services.suggest_tags(text)
    if objectives or principles:
        messages.info(
            request,
            _(
                "Suggested by the analysis engine: objectives %(objectives)s. They are ticked "
                "below with the suggested principles: untick any that do not fit, then save."
            )
            % {"objectives": ", ".join(str(o.number) for o in objectives) or "-"},
        )
    else:
        messages.info(request, _("The analysis engine suggests no objective for this text."))
    initial["objectives"] = sorted(set(initial["objectives"]) | {str(o.pk) for o in objectives})
    initial["principles"] = sorted(set(initial["principles"]) | {str(p.pk) for p in principles})
    initial["suggested_objectives"] = ",".join(str(o.number) for o in objectives)
    initial["suggested_principles"] = ",".join(p.letter for p in principles)
    return PracticeForm(initial=initial, user=request.user, practice=practice)


def _form_page(request: HttpRequest, practice: Practice | None) -> HttpResponse:
    user = user_of(request)
    form: PracticeForm
    if request.method == "POST" and "suggest" in request.POST:
        form = _suggest(request, practice)
    elif request.method == "POST":
        form = PracticeForm(request.POST, user=user, practice=practice)
        if form.is_valid():
            try:
                if practice is None:
                    organization = form.cleaned_data["organization"]
                    require(request, "knowledge.submit_practice", organization)
                    practice = services.create_practice(
                        actor=user, organization=organization, content=form.content()
                    )
                    messages.success(
                        request,
                        _("The draft is saved. Add documents if you wish, then submit it."),
                    )
                else:
                    services.update_practice(actor=user, practice=practice, content=form.content())
                    messages.success(request, _("The practice is saved."))
                return redirect("knowledge:practice_edit", pk=practice.pk)
            except KnowledgeError as error:
                form.add_error(None, str(error))
    elif practice is None:
        form = PracticeForm(user=user)
    else:
        form = PracticeForm(
            initial=PracticeForm.initial_for(practice), user=user, practice=practice
        )
    return render(
        request,
        "knowledge/practice_form.html",
        {
            "form": form,
            "practice": practice,
            "file_form": PracticeFileForm(),
            "files": practice.files.all() if practice else [],
        },
    )


@login_required
def practice_create(request: HttpRequest) -> HttpResponse:
    if not _is_member(request):
        messages.info(
            request,
            _("Join or register an organization first: practices are submitted by organizations."),
        )
        return redirect("accounts:organization_list")
    return _form_page(request, None)


def _is_member(request: HttpRequest) -> bool:
    from hiwar.accounts.models import Membership

    return Membership.objects.filter(
        user=user_of(request), status=Membership.Status.ACTIVE
    ).exists()


def _editable(request: HttpRequest, pk: int) -> Practice:
    practice = _practice(pk)
    require_visible(request, "knowledge.view_practice", practice)
    require(request, "knowledge.edit_practice", practice)
    return practice


@login_required
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(pk)
    require_visible(request, "knowledge.view_practice", practice)
    if not request.user.has_perm("knowledge.edit_practice", practice):
        if practice.is_editable:
            raise Http404
        messages.info(request, _("This practice can no longer be changed."))
        return redirect("knowledge:practice_detail", pk=practice.pk)
    return _form_page(request, practice)


@login_required
@require_POST
def practice_submit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _editable(request, pk)
    try:
        services.submit_practice(actor=user_of(request), practice=practice)
    except KnowledgeError as error:
        messages.error(request, str(error))
        return redirect("knowledge:practice_edit", pk=practice.pk)
    messages.success(
        request, _("The practice is sent to the secretariat. You will be told of its decision.")
    )
    return redirect("knowledge:practice_detail", pk=practice.pk)


@login_required
@require_POST
def practice_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _editable(request, pk)
    form = PracticeFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a PDF or DOCX file to upload."))
    else:
        try:
            services.attach_practice_file(
                actor=user_of(request), practice=practice, uploaded=form.cleaned_data["file"]
            )
            messages.success(request, _("The document is attached."))
        except KnowledgeError as error:
            messages.error(request, str(error))
    return redirect("knowledge:practice_edit", pk=practice.pk)


@login_required
@require_POST
def practice_file_remove(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    practice = _editable(request, pk)
    attached = get_object_or_404(PracticeFile, pk=file_pk, practice=practice)
    try:
        services.remove_practice_file(actor=user_of(request), practice_file=attached)
        messages.success(request, _("The document is removed."))
    except KnowledgeError as error:
        messages.error(request, str(error))
    return redirect("knowledge:practice_edit", pk=practice.pk)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    require(request, "knowledge.review_practices")
    return render(
        request,
        "knowledge/review_queue.html",
        {"practices": selectors.practices_for_review()},
    )


@login_required
@require_POST
def practice_review(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "knowledge.review_practices")
    practice = _practice(pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("knowledge:practice_detail", pk=practice.pk)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    actor = user_of(request)
    try:
        if decision == "publish":
            services.publish_practice(actor=actor, practice=practice, comment=comment)
            messages.success(request, _("The practice is published."))
        elif decision == "changes":
            services.request_practice_changes(actor=actor, practice=practice, comment=comment)
            messages.success(request, _("The practice is sent back to its author for changes."))
        else:
            services.reject_practice(actor=actor, practice=practice, reason=comment)
            messages.success(request, _("The practice is not accepted; its author is told why."))
    except KnowledgeError as error:
        messages.error(request, str(error))
        return redirect("knowledge:practice_detail", pk=practice.pk)
    return redirect("knowledge:review_queue")


def practice_urls() -> list[Any]:
    from django.urls import path

    return [
        path("practices/", practice_list, name="practice_list"),
        path("practices/new/", practice_create, name="practice_create"),
        path("practices/mine/", my_practices, name="my_practices"),
        path("practices/review/", review_queue, name="review_queue"),
        path("practices/<int:pk>/", practice_detail, name="practice_detail"),
        path("practices/<int:pk>/edit/", practice_edit, name="practice_edit"),
        path("practices/<int:pk>/submit/", practice_submit, name="practice_submit"),
        path("practices/<int:pk>/review/", practice_review, name="practice_review"),
        path("practices/<int:pk>/files/", practice_file_add, name="practice_file_add"),
        path("practices/<int:pk>/files/<int:file_pk>/", practice_file, name="practice_file"),
        path(
            "practices/<int:pk>/files/<int:file_pk>/remove/",
            practice_file_remove,
            name="practice_file_remove",
        ),
    ]
