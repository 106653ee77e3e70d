"""The secretariat's workspace: the cycle's publications with their language status, the
"Generate draft" buttons, the editor of a publication and of each section (comments, history),
and the workflow. Rapporteurs read and comment; translators see what they are assigned to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.dialogues.models import Dialogue
from hiwar.framework.models import Cluster
from hiwar.publications import selectors, services
from hiwar.publications.forms import (
    AddSectionForm,
    AdoptionForm,
    AssignTranslatorForm,
    CommentForm,
    GenerateForm,
    RenameForm,
    SectionForm,
)
from hiwar.publications.models import Comment, Publication, Section
from hiwar.publications.services import EditConflict, PublicationError
from hiwar.publications.views.common import require_visible, user_of
from hiwar.reviews.models import ReviewCycle


@login_required
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    require_visible(request, "publications.see_workspace")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    can_manage = request.user.has_perm("publications.manage_publications")
    return render(
        request,
        "publications/workspace.html",
        {
            "cycle": cycle,
            "rows": selectors.workspace_publications(cycle=cycle, user=request.user),
            "can_manage": can_manage,
            "can_review": request.user.has_perm("publications.review_publications"),
            "clusters": Cluster.objects.all() if can_manage else [],
            "dialogues": Dialogue.objects.filter(cycle=cycle) if can_manage else [],
        },
    )


@login_required
@require_POST
def generate(request: HttpRequest, slug: str) -> HttpResponse:
    require_visible(request, "publications.manage_publications")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    form = GenerateForm(request.POST, cycle=cycle)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("publications:workspace", slug=cycle.slug)
    data = form.cleaned_data
    try:
        publication = services.generate_publication(
            actor=user_of(request),
            cycle=cycle,
            kind=data["kind"],
            language=data["language"],
            cluster=data["cluster"],
            dialogue=data["dialogue"],
        )
    except PublicationError as error:
        messages.error(request, str(error))
        return redirect("publications:workspace", slug=cycle.slug)
    messages.success(request, _("A new draft was generated. Nothing else was changed."))
    return redirect("publications:editor", pk=publication.pk)


def _publication_for_review(request: HttpRequest, pk: int) -> Publication:
    publication = get_object_or_404(Publication.objects.select_related("cycle"), pk=pk)
    require_visible(request, "publications.review_publications", publication)
    return publication


@login_required
def editor(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication_for_review(request, pk)
    rows = selectors.workspace_publications(
        cycle=publication.cycle, user=request.user, only=publication
    )
    return render(
        request,
        "publications/editor.html",
        {
            "publication": publication,
            "sections": selectors.editor_sections(publication=publication),
            "row": rows[0] if rows else None,
            "can_manage": request.user.has_perm("publications.manage_publications"),
            "editable": publication.status != Publication.Status.PUBLISHED,
            "add_form": AddSectionForm(),
            "rename_form": RenameForm(
                initial={"title": publication.title, "subtitle": publication.subtitle}
            ),
            "assign_form": AssignTranslatorForm(),
            "adoption_choices": Section.Adoption.choices,
        },
    )


@login_required
@require_POST
def workflow(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication_for_review(request, pk)
    require_visible(request, "publications.manage_publications")
    action = request.POST.get("action", "")
    steps = {
        "submit": (services.submit_for_review, _("Submitted for review.")),
        "publish": (services.publish_publication, _("Published: the publication is public.")),
        "draft": (services.return_to_draft, _("Back to draft: the publication is not public.")),
    }
    if action not in steps:
        messages.error(request, _("Unknown action."))
        return redirect("publications:editor", pk=publication.pk)
    step, done = steps[action]
    try:
        step(actor=user_of(request), publication=publication)
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("publications:editor", pk=publication.pk)


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication_for_review(request, pk)
    require_visible(request, "publications.manage_publications")
    form = AddSectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("publications:editor", pk=publication.pk)
    try:
        section = services.add_section(
            actor=user_of(request),
            publication=publication,
            heading=form.cleaned_data["heading"],
            body=form.cleaned_data["body"],
            level=form.cleaned_data["level"],
        )
    except PublicationError as error:
        messages.error(request, str(error))
        return redirect("publications:editor", pk=publication.pk)
    return redirect(
        f"{reverse('publications:editor', kwargs={'pk': publication.pk})}#s{section.pk}"
    )


@login_required
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication_for_review(request, pk)
    require_visible(request, "publications.manage_publications")
    form = RenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A title of at most 300 characters is needed."))
        return redirect("publications:editor", pk=publication.pk)
    try:
        services.rename_publication(
            actor=user_of(request),
            publication=publication,
            title=form.cleaned_data["title"],
            subtitle=form.cleaned_data["subtitle"],
        )
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Title saved."))
    return redirect("publications:editor", pk=publication.pk)


@login_required
@require_POST
def assign_translator(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication_for_review(request, pk)
    require_visible(request, "publications.manage_publications")
    form = AssignTranslatorForm(request.POST)
    if form.is_valid():
        try:
            services.assign_translator(
                actor=user_of(request),
                publication=publication,
                language=form.cleaned_data["language"],
                translator=form.cleaned_data["translator"],
            )
        except PublicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Translator assigned."))
    else:
        messages.error(request, _("Choose a language and a translator."))
    return redirect("publications:editor", pk=publication.pk)


def _section_for_review(request: HttpRequest, pk: int) -> Section:
    section = get_object_or_404(Section.objects.select_related("publication__cycle"), pk=pk)
    require_visible(request, "publications.review_publications", section.publication)
    return section


@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One section: its source text (edited by the secretariat, with conflict detection), the
    reviewers' comments and its history."""
    section = _section_for_review(request, pk)
    publication = section.publication
    can_manage = request.user.has_perm("publications.manage_publications")
    editable = can_manage and publication.status != Publication.Status.PUBLISHED
    key_message = publication.kind == Publication.Kind.OUTCOME
    conflict = None
    status = 200
    if request.method == "POST":
        if not editable:
            raise Http404
        form = SectionForm(request.POST, key_message=key_message)
        if form.is_valid():
            try:
                services.save_section(
                    actor=user_of(request),
                    section=section,
                    heading=form.cleaned_data["heading"],
                    body=form.cleaned_data["body"],
                    base_revision=form.cleaned_data["base_revision"],
                    group=form.cleaned_data.get("group") if key_message else None,
                    attribution=form.cleaned_data.get("attribution") if key_message else None,
                )
            except EditConflict as clash:
                conflict = clash
                form = SectionForm(
                    initial={
                        "heading": clash.your_heading,
                        "body": clash.your_body,
                        "base_revision": clash.their_revision,
                        "group": form.cleaned_data.get("group", ""),
                        "attribution": form.cleaned_data.get("attribution", ""),
                    },
                    key_message=key_message,
                )
                status = 409
            except PublicationError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                messages.success(request, _("Section saved."))
                return redirect("publications:section_edit", pk=section.pk)
        else:
            status = 400
    else:
        form = SectionForm(
            initial={
                "heading": section.heading,
                "body": section.body,
                "base_revision": section.revision,
                "group": section.group,
                "attribution": section.attribution,
            },
            key_message=key_message,
        )
    return render(
        request,
        "publications/section_edit.html",
        {
            "publication": publication,
            "section": section,
            "form": form if editable else None,
            "conflict": conflict,
            "can_manage": can_manage,
            "can_comment": request.user.has_perm("publications.comment")
            and publication.status != Publication.Status.PUBLISHED,
            "comments": section.comments.select_related("author", "resolved_by"),
            "comment_form": CommentForm(),
            "history": _revisions(section),
        },
        status=status,
    )


def _revisions(section: Section) -> list[object]:
    """One history record per text revision (reordering also writes history), newest first."""
    seen: set[int] = set()
    records = []
    for record in section.history.select_related("history_user").order_by("-history_id")[:200]:
        if record.revision not in seen:
            seen.add(record.revision)
            records.append(record)
    return records


@login_required
@require_POST
def section_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    section = _section_for_review(request, pk)
    publication = section.publication
    actor = user_of(request)
    back = redirect("publications:editor", pk=publication.pk)
    try:
        if action == "comment":
            require_visible(request, "publications.comment")
            form = CommentForm(request.POST)
            if not form.is_valid():
                raise PublicationError(_("Write a comment of at most 5,000 characters."))
            services.add_comment(actor=actor, section=section, text=form.cleaned_data["text"])
            messages.success(request, _("Comment added."))
            return redirect("publications:section_edit", pk=section.pk)
        require_visible(request, "publications.manage_publications")
        if action in ("up", "down"):
            services.move_section(actor=actor, section=section, direction=action)
            return redirect(
                f"{reverse('publications:editor', kwargs={'pk': publication.pk})}#s{section.pk}"
            )
        if action == "delete":
            services.delete_section(actor=actor, section=section)
            messages.success(request, _("Section deleted. Its history is kept."))
            return back
        if action == "adoption":
            adoption = AdoptionForm(request.POST)
            if not adoption.is_valid():
                raise PublicationError(_("Unknown adoption status."))
            services.set_adoption_status(
                actor=actor, section=section, status=adoption.cleaned_data["adoption_status"]
            )
            return back
        if action == "restore":
            try:
                history_id = int(request.POST.get("history_id", ""))
            except ValueError:
                raise PublicationError(
                    _("This revision does not belong to this section.")
                ) from None
            services.restore_section_revision(actor=actor, section=section, history_id=history_id)
            messages.success(request, _("The earlier revision is the current text again."))
            return redirect("publications:section_edit", pk=section.pk)
    except PublicationError as error:
        messages.error(request, str(error))
        return back
    except EditConflict:
        messages.error(request, _("Someone saved this section meanwhile. Try again."))
        return back
    raise Http404


@login_required
@require_POST
def resolve_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("section__publication"), pk=pk)
    require_visible(request, "publications.review_publications", comment.section.publication)
    require_visible(request, "publications.comment")
    services.resolve_comment(actor=user_of(request), comment=comment)
    return redirect("publications:section_edit", pk=comment.section_id)


urlpatterns: list[URLPattern] = [
    path("cycle/<slug:slug>/", workspace, name="workspace"),
    path("cycle/<slug:slug>/generate/", generate, name="generate"),
    path("<int:pk>/edit/", editor, name="editor"),
    path("<int:pk>/workflow/", workflow, name="workflow"),
    path("<int:pk>/sections/add/", section_add, name="section_add"),
    path("<int:pk>/rename/", rename, name="rename"),
    path("<int:pk>/translators/", assign_translator, name="assign_translator"),
    path("sections/<int:pk>/", section_edit, name="section_edit"),
    path("sections/<int:pk>/<slug:action>/", section_action, name="section_action"),
    path("comments/<int:pk>/resolve/", resolve_comment, name="resolve_comment"),
]
