"""Recording interventions (rapporteurs and the secretariat) and tracking the questions raised
until the secretariat answers them.

Views only orchestrate: permissions (`hiwar.dialogues.rules`), forms, then one service call;
a refused request shows a translated message and changes nothing. Ids of another dialogue's
interventions answer 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.dialogues.forms_interventions import AnswerForm, InterventionForm
from hiwar.dialogues.models import Dialogue, Intervention
from hiwar.dialogues.services import interventions as services
from hiwar.dialogues.services.errors import DialogueError
from hiwar.reviews.views.common import require, user_of


def _dialogue(slug: str) -> Dialogue:
    return get_object_or_404(Dialogue.objects.select_related("cycle"), slug=slug)


def _intervention(dialogue: Dialogue, pk: int) -> Intervention:
    return get_object_or_404(
        Intervention.objects.select_related("dialogue"), pk=pk, dialogue=dialogue
    )


def _for_display(recorded: list[Intervention]) -> list[Intervention]:
    for intervention in recorded:
        intervention.speaker = services.internal_speaker(intervention)  # type: ignore[attr-defined]
    return recorded


@login_required
def interventions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every intervention of the dialogue, for the rapporteurs and the secretariat."""
    require(request, "dialogues.record_interventions")
    dialogue = _dialogue(slug)
    recorded = _for_display(services.interventions_of(dialogue))
    return render(
        request,
        "dialogues/interventions/list.html",
        {
            "dialogue": dialogue,
            "interventions": recorded,
            "open_count": sum(1 for i in recorded if i.raises_question and not i.answered_at),
        },
    )


def _suggest(request: HttpRequest, dialogue: Dialogue) -> InterventionForm:
    """The form as posted, with the objectives the analysis engine suggests for its summary
    checked and marked; nothing is saved until the rapporteur saves the form."""
    initial = InterventionForm.initial_from(request.POST)
    summary = str(initial.get("summary", "")).strip()
    if not summary:
        messages.error(request, _("Write the summary first, then ask for suggestions."))
        return InterventionForm(initial=initial, dialogue=dialogue)
    suggested = services.suggested_objectives_for(summary)
    if suggested:
        messages.info(
            request,
            _(
                "Suggested by the analysis engine: objectives %(numbers)s. They are checked "
                "below: uncheck any that do not fit, then save to confirm."
            )
            % {"numbers": ", ".join(str(objective.number) for objective in suggested)},
        )
    else:
        messages.info(request, _("The analysis engine suggests no objective for this summary."))
    checked = {str(value) for value in initial["objectives"]}
    initial["objectives"] = sorted(checked | {str(objective.pk) for objective in suggested})
    initial["suggested"] = [objective.pk for objective in suggested]
    return InterventionForm(initial=initial, dialogue=dialogue)


def _save(
    request: HttpRequest, dialogue: Dialogue, intervention: Intervention | None
) -> tuple[InterventionForm, bool]:
    """Validate the posted form and record (or change) the intervention."""
    form = InterventionForm(request.POST, dialogue=dialogue)
    if not form.is_valid():
        return form, False
    try:
        if intervention is None:
            services.record_intervention(
                dialogue=dialogue,
                by=user_of(request),
                speaker=form.speaker(),
                content=form.content(),
            )
        else:
            services.change_intervention(
                intervention=intervention,
                by=user_of(request),
                speaker=form.speaker(),
                content=form.content(),
            )
    except DialogueError as error:
        form.add_error(None, str(error))
        return form, False
    return form, True


def _form_page(
    request: HttpRequest, dialogue: Dialogue, intervention: Intervention | None
) -> HttpResponse:
    if request.method == "POST" and "suggest" in request.POST:
        form = _suggest(request, dialogue)
    elif request.method == "POST":
        form, saved = _save(request, dialogue, intervention)
        if saved:
            messages.success(
                request,
                _("The intervention is recorded.")
                if intervention is None
                else _("The intervention is saved."),
            )
            return redirect("dialogues:interventions", slug=dialogue.slug)
    elif intervention is None:
        form = InterventionForm(dialogue=dialogue)
    else:
        form = InterventionForm(
            initial=InterventionForm.initial_for(intervention), dialogue=dialogue
        )
    return render(
        request,
        "dialogues/interventions/form.html",
        {"dialogue": dialogue, "intervention": intervention, "form": form},
    )


@login_required
def intervention_add(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "dialogues.record_interventions")
    return _form_page(request, _dialogue(slug), None)


@login_required
def intervention_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    require(request, "dialogues.record_interventions")
    dialogue = _dialogue(slug)
    return _form_page(request, dialogue, _intervention(dialogue, pk))


@login_required
@require_POST
def intervention_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    require(request, "dialogues.record_interventions")
    dialogue = _dialogue(slug)
    intervention = _intervention(dialogue, pk)
    services.delete_intervention(intervention=intervention, by=user_of(request))
    messages.success(request, _("The intervention is deleted."))
    return redirect("dialogues:interventions", slug=dialogue.slug)


def _questions_page(
    request: HttpRequest, dialogue: Dialogue, failed: tuple[int, AnswerForm] | None = None
) -> HttpResponse:
    questions = _for_display(services.questions_of(dialogue))
    may_answer = request.user.has_perm("dialogues.manage_dialogues")
    for question in questions:
        form: Any = None
        if may_answer:
            if failed is not None and failed[0] == question.pk:
                form = failed[1]
            else:
                form = AnswerForm(
                    initial={"response": question.response}, auto_id=f"id_q{question.pk}_%s"
                )
        question.answer_form = form  # type: ignore[attr-defined]
    return render(
        request,
        "dialogues/interventions/questions.html",
        {
            "dialogue": dialogue,
            "questions": questions,
            "open_count": sum(1 for q in questions if q.answered_at is None),
            "may_answer": may_answer,
        },
    )


@login_required
def open_questions(request: HttpRequest, slug: str) -> HttpResponse:
    """Questions raised in the dialogue, unanswered first; the secretariat answers them."""
    require(request, "dialogues.record_interventions")
    return _questions_page(request, _dialogue(slug))


@login_required
@require_POST
def question_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    require(request, "dialogues.manage_dialogues")
    dialogue = _dialogue(slug)
    intervention = _intervention(dialogue, pk)
    form = AnswerForm(request.POST, auto_id=f"id_q{pk}_%s")
    if form.is_valid():
        try:
            services.answer_question(
                intervention=intervention,
                by=user_of(request),
                response=form.cleaned_data["response"],
            )
        except DialogueError as error:
            form.add_error("response", str(error))
            if not intervention.raises_question:  # not on the page: say it at the top
                messages.error(request, str(error))
        else:
            messages.success(request, _("The answer is recorded."))
            return redirect("dialogues:open_questions", slug=dialogue.slug)
    return _questions_page(request, dialogue, failed=(pk, form))


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/interventions/", interventions, name="interventions"),
    path("<slug:slug>/interventions/add/", intervention_add, name="intervention_add"),
    path("<slug:slug>/interventions/<int:pk>/edit/", intervention_edit, name="intervention_edit"),
    path(
        "<slug:slug>/interventions/<int:pk>/delete/",
        intervention_delete,
        name="intervention_delete",
    ),
    path("<slug:slug>/questions/", open_questions, name="open_questions"),
    path("<slug:slug>/questions/<int:pk>/answer/", question_answer, name="question_answer"),
]
