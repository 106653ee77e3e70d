"""The regional review conference: its programme (days, items, people in roles), published
versions of the programme, registration with interpretation, the speakers' list and key messages.

Texts shown to participants are translated with django-modeltranslation (see translation.py).
The public programme is always rendered from a published `ProgrammeVersion` snapshot, never from
the draft the secretariat is editing.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hiwar.accounts.models import Organization
from hiwar.framework.models import Cluster, Country, Objective, StakeholderCategory
from hiwar.reviews.models import ReviewCycle

CONFERENCE_LANGUAGES = ("ar", "en", "fr")


class Sector(models.TextChoices):
    """Whom a person speaks for. Only `stakeholder` (GCM para 44) counts as whole-of-society."""

    MEMBER_STATE = "member_state", _("Member State")
    UN_SYSTEM = "un_system", _("United Nations system")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
    STAKEHOLDER = "stakeholder", _("Stakeholder (GCM para 44)")


class Gender(models.TextChoices):
    """Recorded only when the person gives it; used for the balance checks and indicators."""

    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other or prefers another description")


class Conference(models.Model):
    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.PROTECT, related_name="conferences", verbose_name=_("cycle")
    )
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=60, default="Asia/Beirut")
    languages = models.JSONField(
        _("conference languages"),
        default=list,
        help_text=_("Languages into which every item should be interpreted."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Confirmed participants; later registrations join the waiting list."),
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    blocking_checks = models.JSONField(
        _("warnings that block publication"), default=list, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="conference_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Day(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="days", verbose_name=_("conference")
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("day")
        verbose_name_plural = _("days")
        constraints = [
            models.UniqueConstraint(fields=["conference", "date"], name="day_unique_date")
        ]

    def __str__(self) -> str:
        return self.date.isoformat()


class Item(models.Model):
    """One slot of a day: a session, a break, registration..."""

    class Type(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        OPENING = "opening", _("Opening")
        SCENE_SETTING = "scene_setting", _("Scene setting")
        PLENARY = "plenary", _("Plenary")
        MULTI_STAKEHOLDER_PLENARY = "multi_stakeholder_plenary", _("Multi-stakeholder plenary")
        PANEL = "panel", _("Panel")
        ROUND_TABLE = "round_table", _("Round table")
        BREAK = "break", _("Break")
        SUMMARY = "summary", _("Summary or recap")
        KEY_MESSAGES = "key_messages", _("Key messages")
        CLOSING = "closing", _("Closing")

    day = models.ForeignKey(
        Day, on_delete=models.CASCADE, related_name="items", verbose_name=_("day")
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    type = models.CharField(_("type"), max_length=30, choices=Type)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round-table cluster"),
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("objectives")
    )
    discussion_minutes = models.PositiveSmallIntegerField(
        _("minutes of interactive discussion"), default=0
    )
    interpretation = models.JSONField(_("interpretation into"), default=list, blank=True)
    floor_open = models.BooleanField(_("speakers' list open"), default=False)

    class Meta:
        ordering = ["day__date", "starts_at", "ends_at", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="item_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"

    @property
    def duration_minutes(self) -> int:
        start = self.starts_at.hour * 60 + self.starts_at.minute
        return self.ends_at.hour * 60 + self.ends_at.minute - start

    @property
    def takes_the_floor(self) -> bool:
        """Items with a discussion from the floor have a speakers' list."""
        return self.discussion_minutes > 0


class Person(models.Model):
    """Someone who appears in the programme, or a placeholder such as "Member State A"."""

    Gender = Gender

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="people", verbose_name=_("conference")
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=300, blank=True)
    sector = models.CharField(_("speaks for"), max_length=20, choices=Sector)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Member State"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    organization_name = models.CharField(
        _("organization (if not listed)"), max_length=200, blank=True
    )
    category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder category"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_people",
        verbose_name=_("account"),
    )
    feed_token = models.CharField(max_length=43, unique=True, default="", editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sector="stakeholder") | models.Q(category__isnull=False),
                name="person_stakeholder_has_category",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.feed_token:
            self.feed_token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Role(models.Model):
    """A person in a role on an item; no person means the role is still to be determined."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        SPEAKER = "speaker", _("Speaker")
        PANELLIST = "panellist", _("Panellist")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="roles", verbose_name=_("item")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind)
    minutes = models.PositiveSmallIntegerField(_("allotted minutes"), default=0)
    position = models.PositiveSmallIntegerField(_("protocol order"), default=0)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_('For example "Representative of a Member State, to be determined".'),
    )

    class Meta:
        ordering = ["item", "position", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person or self.note}"


class ProgrammeVersion(models.Model):
    """A published programme, frozen as the JSON of `selectors.programme_data`."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="versions", verbose_name=_("conference")
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["conference", "-number"]
        verbose_name = _("published programme")
        verbose_name_plural = _("published programmes")
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.conference} v{self.number}"


class Registration(models.Model):
    class Role(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")
        SPEAKER = "speaker", _("Speaker")
        MEDIA = "media", _("Media")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")
        FLOOR = "floor", _("Floor (no interpretation)")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("conference"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_registrations",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    sector = models.CharField(_("speaks for"), max_length=20, choices=Sector)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder category"),
    )
    role = models.CharField(_("participates as"), max_length=10, choices=Role)
    interpretation = models.CharField(_("listens in"), max_length=5, choices=Language)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["conference", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint("conference", Lower("email"), name="registration_unique_email"),
            models.CheckConstraint(
                condition=~models.Q(sector="stakeholder") | models.Q(category__isnull=False),
                name="registration_stakeholder_has_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"


class FloorRequest(models.Model):
    """A registered participant asking for the floor during an item's discussion."""

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("request for the floor", "Waiting")
        SPOKE = "spoke", pgettext_lazy("request for the floor", "Spoke")
        WITHDRAWN = "withdrawn", pgettext_lazy("request for the floor", "Withdrawn")

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="floor_requests", verbose_name=_("item")
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="floor_requests"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.WAITING)
    position = models.PositiveIntegerField(_("place in the queue"), default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    spoke_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "position", "requested_at", "pk"]
        verbose_name = _("request for the floor")
        verbose_name_plural = _("requests for the floor")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "registration"],
                condition=models.Q(status="waiting"),
                name="floor_request_one_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.item}"


class KeyMessage(models.Model):
    """A key message voiced in an item, recorded by a rapporteur for the outcome document."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="key_messages", verbose_name=_("item")
    )
    text = models.TextField(_("key message"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    sector = models.CharField(_("voiced by"), max_length=20, choices=Sector)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Member State"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder category"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")

    def __str__(self) -> str:
        return self.text[:60]
