"""The secretariat's dialogue editor: the session's settings, its agenda with people in roles,
its guiding questions, publication, and an overview linking to participants, interventions and
the balance dashboard. Every write goes through services/setup.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.dialogues import selectors
from hiwar.dialogues.forms_setup import (
    AgendaItemForm,
    DialogueForm,
    GuidingQuestionForm,
    RoleForm,
)
from hiwar.dialogues.models import AgendaItem, AgendaRole, Dialogue, GuidingQuestion
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import setup as services
from hiwar.reviews.models import ReviewCycle
from hiwar.reviews.views.common import require

PERMISSION = "dialogues.manage_dialogues"


def _dialogue(request: HttpRequest, slug: str) -> Dialogue:
    require(request, PERMISSION)
    return get_object_or_404(Dialogue.objects.select_related("cycle"), slug=slug)


def _item(request: HttpRequest, slug: str, pk: int) -> AgendaItem:
    """An agenda item of this dialogue; another dialogue's item is not found."""
    dialogue = _dialogue(request, slug)
    return get_object_or_404(
        AgendaItem.objects.select_related("dialogue"), pk=pk, dialogue=dialogue
    )


def _question(request: HttpRequest, slug: str, pk: int) -> GuidingQuestion:
    dialogue = _dialogue(request, slug)
    return get_object_or_404(
        GuidingQuestion.objects.select_related("dialogue"), pk=pk, dialogue=dialogue
    )


@login_required
def dialogue_new(request: HttpRequest) -> HttpResponse:
    require(request, PERMISSION)
    current = ReviewCycle.objects.filter(is_current=True).first()
    form = DialogueForm(
        request.POST or None,
        initial={
            "cycle": current.pk if current else None,
            "languages": ["ar", "en", "fr"],
            "interpretation": ["ar", "en", "fr"],
            "time_zone": "Asia/Beirut",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.save_dialogue(
                cycle=form.cleaned_data["cycle"], fields=form.service_fields()
            )
        except DialogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Dialogue created. Add its agenda and guiding questions."))
            return redirect("dialogues:manage", slug=dialogue.slug)
    return render(request, "dialogues/manage/settings.html", {"form": form, "dialogue": None})


@login_required
def dialogue_edit(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = _dialogue(request, slug)
    form = DialogueForm(request.POST or None, instance=dialogue)
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.save_dialogue(
                cycle=form.cleaned_data["cycle"], fields=form.service_fields(), dialogue=dialogue
            )
        except DialogueError as error:
            form.add_error(None, str(error))
            dialogue.refresh_from_db()
        else:
            messages.success(request, _("Settings saved."))
            return redirect("dialogues:manage", slug=dialogue.slug)
    return render(request, "dialogues/manage/settings.html", {"form": form, "dialogue": dialogue})


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole dialogue as the secretariat edits it, with links to the other pages."""
    dialogue = _dialogue(request, slug)
    return render(
        request,
        "dialogues/manage/overview.html",
        {"dialogue": dialogue, "overview": selectors.dialogue_overview(dialogue)},
    )


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = _dialogue(request, slug)
    try:
        services.publish_dialogue(dialogue=dialogue)
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The dialogue is published: its record is public."))
    return redirect("dialogues:manage", slug=slug)


@login_required
@require_POST
def unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = _dialogue(request, slug)
    try:
        services.unpublish_dialogue(dialogue=dialogue)
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The dialogue is a draft again: only the team sees it."))
    return redirect("dialogues:manage", slug=slug)


def _item_page(
    request: HttpRequest,
    dialogue: Dialogue,
    form: AgendaItemForm,
    item: AgendaItem | None,
    role_form: RoleForm | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {"dialogue": dialogue, "form": form, "item": item}
    if item is not None:
        context["roles"] = item.roles.select_related("organization", "category").order_by(
            "position", "pk"
        )
        context["role_form"] = role_form or RoleForm()
    return render(request, "dialogues/manage/item.html", context)


@login_required
def agenda_item_add(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = _dialogue(request, slug)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.save_agenda_item(dialogue=dialogue, fields=form.cleaned_data)
        except DialogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Agenda item added. Now add its people in roles."))
            return redirect("dialogues:agenda_item_edit", slug=slug, pk=item.pk)
    return _item_page(request, dialogue, form, None)


@login_required
def agenda_item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_agenda_item(dialogue=item.dialogue, fields=form.cleaned_data, item=item)
        except DialogueError as error:
            form.add_error(None, str(error))
            item.refresh_from_db()
        else:
            messages.success(request, _("Agenda item saved."))
            return redirect("dialogues:agenda_item_edit", slug=slug, pk=item.pk)
    return _item_page(request, item.dialogue, form, item)


@login_required
@require_POST
def agenda_item_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    try:
        services.delete_agenda_item(item=item)
    except DialogueError as error:
        messages.error(request, str(error))
        return redirect("dialogues:agenda_item_edit", slug=slug, pk=item.pk)
    messages.success(request, _("Agenda item removed."))
    return redirect("dialogues:manage", slug=slug)


@login_required
@require_POST
def agenda_role_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_role(item=item, fields=form.cleaned_data)
        except DialogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Person added."))
            return redirect("dialogues:agenda_item_edit", slug=slug, pk=item.pk)
    # The item page again, the role form open with its errors beside the fields.
    return _item_page(request, item.dialogue, AgendaItemForm(instance=item), item, form)


@login_required
@require_POST
def agenda_role_delete(request: HttpRequest, slug: str, pk: int, role: int) -> HttpResponse:
    item = _item(request, slug, pk)
    services.delete_agenda_role(role=get_object_or_404(AgendaRole, pk=role, item=item))
    messages.success(request, _("Person removed."))
    return redirect("dialogues:agenda_item_edit", slug=slug, pk=item.pk)


def _question_page(
    request: HttpRequest,
    dialogue: Dialogue,
    form: GuidingQuestionForm,
    question: GuidingQuestion | None,
) -> HttpResponse:
    return render(
        request,
        "dialogues/manage/question.html",
        {"dialogue": dialogue, "form": form, "question": question},
    )


@login_required
def question_add(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = _dialogue(request, slug)
    form = GuidingQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_guiding_question(dialogue=dialogue, fields=form.cleaned_data)
        except DialogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Guiding question added."))
            return redirect("dialogues:manage", slug=slug)
    return _question_page(request, dialogue, form, None)


@login_required
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    question = _question(request, slug, pk)
    form = GuidingQuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_guiding_question(
                dialogue=question.dialogue, fields=form.cleaned_data, question=question
            )
        except DialogueError as error:
            form.add_error(None, str(error))
            question.refresh_from_db()
        else:
            messages.success(request, _("Guiding question saved."))
            return redirect("dialogues:manage", slug=slug)
    return _question_page(request, question.dialogue, form, question)


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    question = _question(request, slug, pk)
    try:
        services.delete_guiding_question(question=question)
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Guiding question removed."))
    return redirect("dialogues:manage", slug=slug)


urlpatterns: list[URLPattern] = [
    path("new/", dialogue_new, name="new"),
    path("<slug:slug>/manage/", overview, name="manage"),
    path("<slug:slug>/manage/settings/", dialogue_edit, name="edit"),
    path("<slug:slug>/manage/publish/", publish, name="publish"),
    path("<slug:slug>/manage/unpublish/", unpublish, name="unpublish"),
    path("<slug:slug>/manage/agenda/new/", agenda_item_add, name="agenda_item_add"),
    path("<slug:slug>/manage/agenda/<int:pk>/", agenda_item_edit, name="agenda_item_edit"),
    path(
        "<slug:slug>/manage/agenda/<int:pk>/delete/",
        agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("<slug:slug>/manage/agenda/<int:pk>/roles/", agenda_role_add, name="agenda_role_add"),
    path(
        "<slug:slug>/manage/agenda/<int:pk>/roles/<int:role>/delete/",
        agenda_role_delete,
        name="agenda_role_delete",
    ),
    path("<slug:slug>/manage/questions/new/", question_add, name="question_add"),
    path("<slug:slug>/manage/questions/<int:pk>/", question_edit, name="question_edit"),
    path("<slug:slug>/manage/questions/<int:pk>/delete/", question_delete, name="question_delete"),
]
