"""Mails of the knowledge hub, sent by the task worker: decisions on practices to their
authors, and directory messages to organizations' administrators."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from hiwar.reviews.tasks import _mail

SUBJECTS = {
    "published": _("Your good practice is published"),
    "changes_requested": _("Changes requested on your good practice"),
    "rejected": _("Your good practice was not accepted"),
}


@task()
def notify_practice_decision(*, practice_id: int) -> int:
    from hiwar.knowledge.models import Practice

    practice = Practice.objects.select_related("submitted_by", "organization").get(pk=practice_id)
    author = practice.submitted_by
    if author is None or not author.is_active or practice.status not in SUBJECTS:
        return 0
    path = reverse(
        "knowledge:practice_detail" if practice.is_published else "knowledge:practice_edit",
        kwargs={"pk": practice.pk},
    )
    return _mail(
        to=[(author.email, author.preferred_language)],
        subject=SUBJECTS[practice.status],
        template="knowledge/email/practice_decision.txt",
        context={"practice": practice, "path": path},
    )


@task()
def deliver_contact_message(*, message_id: int) -> int:
    """One mail per administrator, in their language, replying to the sender; the mail never
    lists the other administrators' addresses."""
    from hiwar.knowledge.models import ContactMessage
    from hiwar.knowledge.services.directory import admin_recipients

    message = ContactMessage.objects.select_related("sender", "organization").get(pk=message_id)
    sent = 0
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    for email, language in admin_recipients(message.organization):
        with translation.override(language):
            body = render_to_string(
                "knowledge/email/contact_message.txt",
                {
                    "message": message,
                    "site_url": settings.SITE_URL,
                    "path": reverse(
                        "knowledge:organization", kwargs={"pk": message.organization_id}
                    ),
                },
            )
            subject = _("Message through the directory: %(subject)s") % {"subject": message.subject}
            sent += EmailMessage(
                f"{prefix}{subject}", body, None, [email], reply_to=[message.sender.email]
            ).send()
    type(message).objects.filter(pk=message.pk).update(recipients=sent)
    return sent
