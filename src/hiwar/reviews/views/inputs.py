"""Stakeholder organizations' written inputs: the form, and the page of one input."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hiwar.reviews.forms import StakeholderInputForm
from hiwar.reviews.models import ReportTemplate, ReviewCycle, StakeholderInput
from hiwar.reviews.services import ReviewError
from hiwar.reviews.services import inputs as input_services
from hiwar.reviews.views.common import require_visible, user_of


@login_required
def input_new(request: HttpRequest, slug: str) -> HttpResponse:
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    template = get_object_or_404(ReportTemplate, cycle=cycle, kind=ReportTemplate.Kind.STAKEHOLDER)
    sections = list(template.sections.all())
    user = user_of(request)
    form = StakeholderInputForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        cycle=cycle,
        sections=sections,
        initial={"language": user.preferred_language},
    )
    if not form.fields["organization"].queryset.exists():  # type: ignore[attr-defined]
        messages.info(
            request, _("Join or create your organization first: inputs come from organizations.")
        )
        return redirect("accounts:organization_list")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = input_services.submit_stakeholder_input(
                actor=user,
                cycle=cycle,
                organization=data["organization"],
                title=data["title"],
                language=data["language"],
                sections=form.section_texts(),
                uploaded=data["file"],
                linked_milestone=data["linked_milestone"],
                publishable=data["publishable"],
                show_author_name=data["show_author_name"],
            )
        except ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your input has been sent to the secretariat."))
            return redirect("reviews:input", pk=item.pk)
    return render(
        request, "reviews/input_form.html", {"cycle": cycle, "template": template, "form": form}
    )


def input_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        StakeholderInput.objects.select_related(
            "organization__category", "organization__country", "author", "cycle", "linked_milestone"
        ),
        pk=pk,
    )
    require_visible(request, "reviews.view_input", item)
    return render(
        request,
        "reviews/input_detail.html",
        {
            "item": item,
            "sections": item.sections.select_related("section"),
            "attachments": item.attachments.all(),
            "can_manage": request.user.has_perm("reviews.manage_cycle"),
        },
    )
