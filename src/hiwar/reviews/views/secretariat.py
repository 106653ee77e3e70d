"""The secretariat's pages: the dashboard of member states and inputs, its CSV export,
extension decisions, reopening, publication."""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hiwar.reviews import selectors
from hiwar.reviews.forms import ExtensionDecisionForm
from hiwar.reviews.models import ExtensionRequest, NationalReport, ReviewCycle, StakeholderInput
from hiwar.reviews.services import ReviewError
from hiwar.reviews.services import inputs as input_services
from hiwar.reviews.services import reports as report_services
from hiwar.reviews.views.common import require, user_of


def localdate(moment: datetime.datetime) -> str:
    """The date in the platform's time zone (a report sent at 01:00 in Beirut is dated that day)."""
    return timezone.localdate(moment).isoformat()


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    inputs = selectors.submitted_inputs(cycle=cycle)
    return render(
        request,
        "reviews/dashboard.html",
        {
            "cycle": cycle,
            "rows": selectors.member_state_statuses(cycle=cycle),
            "input_counts": selectors.inputs_by_category(inputs),
            "inputs": inputs,
            "decision_form": ExtensionDecisionForm(),
        },
    )


@login_required
def dashboard_csv(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    cycle = get_object_or_404(ReviewCycle, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-member-states.csv"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read Arabic names correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Country"),
            _("ISO code"),
            _("Status"),
            _("Started"),
            _("Submitted"),
            _("Published"),
            _("Deadline"),
        ]
    )
    for row in selectors.member_state_statuses(cycle=cycle):
        report = row.report
        deadline = report.effective_deadline() if report else cycle.national_report_deadline
        writer.writerow(
            [
                row.country.name,
                row.country.iso2,
                row.status_label,
                localdate(report.started_at) if report and report.started_at else "",
                localdate(report.submitted_at) if report and report.submitted_at else "",
                localdate(report.published_at) if report and report.published_at else "",
                deadline.isoformat() if deadline else "",
            ]
        )
    return response


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    extension = get_object_or_404(ExtensionRequest.objects.select_related("report"), pk=pk)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to grant or decline the request."))
    else:
        try:
            report_services.decide_extension(
                actor=user_of(request),
                extension=extension,
                grant=form.cleaned_data["decision"] == "grant",
                until=form.cleaned_data["granted_until"],
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The decision has been recorded and the focal points told.")
            )
    return redirect("reviews:report", pk=extension.report_id)


REPORT_ACTIONS = {
    "publish": (report_services.publish_report, gettext_lazy("The report is now public.")),
    "withdraw": (report_services.withdraw_report, gettext_lazy("The report is no longer public.")),
    "reopen": (
        report_services.reopen_report,
        gettext_lazy("The report has been reopened in a new version."),
    ),
}


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    report = get_object_or_404(NationalReport, pk=pk)
    if action == "accept_late":
        try:
            report_services.submit_report(actor=user_of(request), report=report, accept_late=True)
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report has been accepted after the deadline."))
        return redirect("reviews:report", pk=report.pk)
    if action not in REPORT_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("reviews:report", pk=report.pk)
    service, done = REPORT_ACTIONS[action]
    try:
        service(actor=user_of(request), report=report)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(done))
    return redirect("reviews:report", pk=report.pk)


@login_required
@require_POST
def input_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(request, "reviews.manage_cycle")
    item = get_object_or_404(StakeholderInput, pk=pk)
    services = {
        "publish": (input_services.publish_stakeholder_input, _("The input is now public.")),
        "withdraw": (
            input_services.withdraw_stakeholder_input,
            _("The input is no longer public."),
        ),
    }
    if action not in services:
        messages.error(request, _("Unknown action."))
    else:
        service, done = services[action]
        try:
            service(actor=user_of(request), item=item)
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, str(done))
    return redirect("reviews:input", pk=item.pk)
