"""Self-organized consultations: the public list of those registered for the current review
cycle, and the form with which an organization's member registers one and sends its outcome
document as the organization's stakeholder input.

Views only orchestrate: permissions (`accounts.rules.is_organization_member`, checked by the
form's choices and again by the service), the form, then one service call; a refused request
shows a translated message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from hiwar.dialogues.forms_self_organized import SelfOrganizedConsultationForm
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import self_organized as services
from hiwar.reviews.models import ReviewCycle
from hiwar.reviews.views.common import user_of


def _current_cycle() -> ReviewCycle | None:
    """The cycle marked current, else the latest (as on the home page)."""
    return (
        ReviewCycle.objects.filter(is_current=True).first()
        or ReviewCycle.objects.order_by("-pk").first()
    )


def self_organized_list(request: HttpRequest) -> HttpResponse:
    cycle = _current_cycle()
    mine = services.active_organization_ids(request.user)
    rows = (
        services.consultation_rows(cycle=cycle, user=request.user, organization_ids=mine)
        if cycle
        else []
    )
    return render(
        request,
        "dialogues/self_organized/list.html",
        {
            "cycle": cycle,
            "ours": [row for row in rows if row.ours],
            "others": [row for row in rows if not row.ours],
            "rows": rows,
            "can_register": bool(mine),
        },
    )


@login_required
def self_organized_new(request: HttpRequest) -> HttpResponse:
    cycle = _current_cycle()
    if cycle is None:
        messages.error(request, _("There is no review cycle to send a consultation to yet."))
        return redirect("dialogues:self_organized_list")
    user = user_of(request)
    posted = (request.POST, request.FILES) if request.method == "POST" else ()
    form = SelfOrganizedConsultationForm(*posted, user=user)
    if not form.fields["organization"].queryset.exists():  # type: ignore[attr-defined]
        messages.info(
            request,
            _(
                "Join or create your organization first: consultations are registered by "
                "organizations."
            ),
        )
        return redirect("accounts:organization_list")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register_self_organized_consultation(
                actor=user,
                cycle=cycle,
                organization=data["organization"],
                title=data["title"],
                scope=data["scope"],
                held_on=data["held_on"],
                place=data["place"],
                country=data["country"],
                participants=data["participants"],
                counts_by_category=form.counts_by_category(),
                who_took_part=data["who_took_part"],
                outcome=data["outcome"],
                language=data["language"],
                publishable=data["publishable"],
            )
        except services.OutcomeFileRefused as error:
            form.add_error("outcome", str(error))
        except DialogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you: the consultation is registered and its outcome document has "
                    "been sent to the secretariat."
                ),
            )
            return redirect("dialogues:self_organized_list")
    return render(request, "dialogues/self_organized/form.html", {"cycle": cycle, "form": form})


urlpatterns: list[URLPattern] = [
    path("self-organized/", self_organized_list, name="self_organized_list"),
    path("self-organized/new/", self_organized_new, name="self_organized_new"),
]
