"""Background work of the accounts app, run by the task worker (`hiwar db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_invitation_mail(*, invitation_id: int, has_account: bool) -> None:
    """Mail an invitation link, in the language the secretariat chose for the invitation."""
    from hiwar.accounts.models import Invitation

    invitation = Invitation.objects.select_related("country", "organization").get(pk=invitation_id)
    with translation.override(invitation.language):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "accounts:invitation", kwargs={"token": invitation.token}
        )
        context = {"invitation": invitation, "link": link, "has_account": has_account}
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("You are invited to Hiwar")
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
