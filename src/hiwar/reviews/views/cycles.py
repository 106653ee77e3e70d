"""The secretariat opens and sets up a review cycle: dates, member states, milestones and the
two templates, in three languages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.reviews.cycle_forms import (
    LANGUAGES,
    CycleForm,
    MilestoneForm,
    NewSectionForm,
    TemplateSectionForm,
    per_language_values,
)
from hiwar.reviews.models import Milestone, ReportTemplate, ReviewCycle, TemplateSection
from hiwar.reviews.outlines import seed_templates
from hiwar.reviews.services import ReviewError
from hiwar.reviews.services import cycles as cycle_services
from hiwar.reviews.views.common import require, user_of


def _translated_initial(obj: Any, *names: str) -> dict[str, str]:
    return {
        f"{name}_{code}": getattr(obj, f"{name}_{code}") or ""
        for name in names
        for code in LANGUAGES
    }


@login_required
def cycle_settings(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Open a new cycle (no slug) or change an existing one."""
    require(request, "reviews.manage_cycle")
    cycle = get_object_or_404(ReviewCycle, slug=slug) if slug else None
    initial: dict[str, Any] = {}
    if cycle is not None:
        initial = {
            "slug": cycle.slug,
            "region": cycle.region,
            "member_states": cycle.member_states.all(),
            "starts_on": cycle.starts_on,
            "ends_on": cycle.ends_on,
            "national_report_deadline": cycle.national_report_deadline,
            "stakeholder_input_deadline": cycle.stakeholder_input_deadline,
            "make_current": cycle.is_current,
            **_translated_initial(cycle, "title", "summary"),
        }
    form = CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if cycle is None and ReviewCycle.objects.filter(slug=data["slug"]).exists():
            form.add_error("slug", _("A review cycle already uses this short name."))
        else:
            try:
                saved = cycle_services.open_review_cycle(
                    actor=user_of(request),
                    slug=cycle.slug if cycle else data["slug"],
                    region=data["region"],
                    titles=per_language_values(data, "title"),
                    summaries=per_language_values(data, "summary"),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    member_states=list(data["member_states"]),
                    make_current=data["make_current"],
                    national_report_deadline=data["national_report_deadline"],
                    stakeholder_input_deadline=data["stakeholder_input_deadline"],
                )
            except ReviewError as error:
                form.add_error(None, str(error))
            else:
                if not saved.templates.exists():
                    seed_templates(saved)  # start from the default outlines, then edit them
                messages.success(request, _("The review cycle has been saved."))
                return redirect("reviews:cycle_setup", slug=saved.slug)
    return render(request, "reviews/cycle_form.html", {"form": form, "cycle": cycle})


@login_required
def cycle_setup(request: HttpRequest, slug: str) -> HttpResponse:
    """Milestones and templates of a cycle; a new milestone can be added here."""
    require(request, "reviews.manage_cycle")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cycle_services.set_milestone(
            actor=user_of(request),
            cycle=cycle,
            key=data["key"],
            kind=data["kind"],
            titles=per_language_values(data, "title"),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            month_precision=data["month_precision"],
        )
        messages.success(request, _("The milestone has been saved."))
        return redirect("reviews:cycle_setup", slug=cycle.slug)
    return render(
        request,
        "reviews/cycle_setup.html",
        {
            "cycle": cycle,
            "milestones": cycle.milestones.all(),
            "templates": cycle.templates.prefetch_related("sections"),
            "form": form,
            "new_section_form": NewSectionForm(),
        },
    )


@login_required
@require_POST
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    milestone: Milestone = get_object_or_404(Milestone.objects.select_related("cycle"), pk=pk)
    slug = milestone.cycle.slug
    cycle_services.delete_milestone(actor=user_of(request), milestone=milestone)
    messages.success(request, _("The milestone has been removed."))
    return redirect("reviews:cycle_setup", slug=slug)


@login_required
def template_section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    section: TemplateSection = get_object_or_404(
        TemplateSection.objects.select_related("template__cycle"), pk=pk
    )
    initial = {
        "position": section.position,
        "objectives": section.objectives.all(),
        **_translated_initial(section, "title", "guidance", "guiding_questions"),
    }
    form = TemplateSectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle_services.update_template_section(
                actor=user_of(request),
                section=section,
                position=data["position"],
                titles=per_language_values(data, "title"),
                guidance=per_language_values(data, "guidance"),
                questions=per_language_values(data, "guiding_questions"),
                objectives=list(data["objectives"]),
            )
        except ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The template section has been saved."))
            return redirect("reviews:cycle_setup", slug=section.template.cycle.slug)
    return render(request, "reviews/template_section_form.html", {"section": section, "form": form})


@login_required
@require_POST
def template_section_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    template: ReportTemplate = get_object_or_404(
        ReportTemplate.objects.select_related("cycle"), pk=pk
    )
    form = NewSectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new section a short name and an English title."))
        return redirect("reviews:cycle_setup", slug=template.cycle.slug)
    try:
        section = cycle_services.add_template_section(
            actor=user_of(request),
            template=template,
            key=form.cleaned_data["key"],
            title_en=form.cleaned_data["title_en"],
        )
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect("reviews:cycle_setup", slug=template.cycle.slug)
    messages.success(request, _("The section has been added. Write its guidance now."))
    return redirect("reviews:template_section", pk=section.pk)


@login_required
@require_POST
def template_section_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    section: TemplateSection = get_object_or_404(
        TemplateSection.objects.select_related("template__cycle"), pk=pk
    )
    slug = section.template.cycle.slug
    try:
        cycle_services.remove_template_section(actor=user_of(request), section=section)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The section has been removed."))
    return redirect("reviews:cycle_setup", slug=slug)
