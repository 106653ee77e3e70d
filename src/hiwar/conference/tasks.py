"""Background work of the conference app: mails, sent by the task worker."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from hiwar.reviews.tasks import _mail


@task()
def notify_programme_change(*, version_id: int, person_ids: list[int]) -> int:
    """Tell each affected person with an address what changed in their items."""
    from hiwar.conference.diff import diff
    from hiwar.conference.models import Person, ProgrammeVersion

    version = ProgrammeVersion.objects.select_related("conference").get(pk=version_id)
    previous = (
        ProgrammeVersion.objects.filter(conference=version.conference, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return 0
    changes = diff(previous.snapshot, version.snapshot)
    sent = 0
    people = Person.objects.filter(pk__in=person_ids).select_related("user")
    for person in people:
        email = person.email or (person.user.email if person.user else "")
        if not email:
            continue
        language = person.user.preferred_language if person.user else "en"
        mine = [
            change
            for change in changes.items
            if any(
                role["person"] == person.pk
                for side in (change.before, change.after)
                for role in (side or {}).get("roles", [])
            )
        ]
        with translation.override(language):
            path = reverse("conference:programme", kwargs={"slug": version.conference.slug})
        sent += _mail(
            to=[(email, language)],
            subject=_("The conference programme has changed"),
            template="conference/mail/programme_changed.txt",
            context={
                "person": person,
                "changes": mine,
                "version": version,
                "programme_path": path,
                "language": language,
            },
        )
    return sent


@task()
def send_registration_confirmation(*, registration_id: int) -> int:
    """Confirm a registration (or a place on the waiting list) to the participant."""
    from hiwar.conference.models import Registration

    registration = Registration.objects.select_related("conference", "user").get(pk=registration_id)
    language = registration.user.preferred_language if registration.user else "en"
    return _mail(
        to=[(registration.email, language)],
        subject=_("Your registration for the conference"),
        template="conference/mail/registration.txt",
        context={
            "registration": registration,
            "programme_path": reverse(
                "conference:programme", kwargs={"slug": registration.conference.slug}
            ),
        },
    )
