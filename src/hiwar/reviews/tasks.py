"""Background work of the reviews app: notification mails, sent by the task worker."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from django_tasks import task

if TYPE_CHECKING:
    from hiwar.reviews.models import NationalReport


def _mail(*, to: list[tuple[str, str]], subject: StrOrPromise, template: str, context: dict) -> int:
    """Send one mail per recipient, each in the recipient's preferred language."""
    sent = 0
    for email, language in to:
        with translation.override(language):
            body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
            prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            sent += send_mail(f"{prefix}{subject}", body, None, [email])
    return sent


def _recipients(*, country_id: int, include_secretariat: bool) -> list[tuple[str, str]]:
    """The focal points of a country (and the secretariat), as (address, language)."""
    from hiwar.accounts.models import PlatformRole, RoleAssignment

    who = Q(role=PlatformRole.FOCAL_POINT, country_id=country_id)
    if include_secretariat:
        who |= Q(role=PlatformRole.SECRETARIAT)
    people = RoleAssignment.objects.filter(who, user__is_active=True).select_related("user")
    return sorted({(a.user.email, a.user.preferred_language) for a in people})


@task()
def notify_report_submitted(*, report_id: int) -> int:
    from hiwar.reviews.models import NationalReport

    report = NationalReport.objects.select_related("country", "cycle").get(pk=report_id)
    return _mail(
        to=_recipients(country_id=report.country_id, include_secretariat=True),
        subject=_("A national report has been submitted"),
        template="reviews/email/report_submitted.txt",
        context={"report": report, "path": reverse("reviews:report", args=[report.pk])},
    )


@task()
def notify_extension_decision(*, extension_id: int) -> int:
    from hiwar.reviews.models import ExtensionRequest

    extension = ExtensionRequest.objects.select_related("report__country").get(pk=extension_id)
    return _mail(
        to=_recipients(country_id=extension.report.country_id, include_secretariat=False),
        subject=_("Decision on your extension request"),
        template="reviews/email/extension_decision.txt",
        context={
            "extension": extension,
            "path": reverse("reviews:report", args=[extension.report_id]),
        },
    )


SUBJECTS = {"reminder": _("Reminder: the deadline of your national report is near")}


def mail_focal_points(*, report: "NationalReport", subject_key: str, context: dict) -> int:
    """Mail the focal points of a report's country now (used by the reminder job)."""
    return _mail(
        to=_recipients(country_id=report.country_id, include_secretariat=False),
        subject=SUBJECTS[subject_key],
        template=f"reviews/email/{subject_key}.txt",
        context={**context, "report": report, "path": reverse("reviews:report", args=[report.pk])},
    )
