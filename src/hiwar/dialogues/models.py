"""Multi-stakeholder dialogues: sessions with their agenda, people in roles and guiding
questions; participants and their attendance; the interventions a rapporteur records.

The record of a dialogue (agenda, speakers, interventions, attendance) is what the publications
issue turns into a summary report, so it is kept complete and structured. Texts shown to
participants are translated with django-modeltranslation (see translation.py). Whom a person
speaks for (Member State, UN system, intergovernmental, stakeholder with its GCM para 44
category) and gender use the conference app's `Sector` and `Gender`.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hiwar.accounts.models import Organization
from hiwar.conference.models import Gender, Sector
from hiwar.framework.models import Country, Objective, StakeholderCategory
from hiwar.reviews.models import ReviewCycle


class AgeGroup(models.TextChoices):
    CHILD = "under_18", _("Under 18")
    YOUTH = "18_24", _("18 to 24")
    ADULT = "25_64", _("25 to 64")
    OLDER = "65_plus", _("65 or older")


class InterpretationLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    FLOOR = "floor", _("Floor (no interpretation)")


class Dialogue(models.Model):
    """One session of a multi-stakeholder dialogue, e.g. 27 October 2020, online."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("cycle")
    )
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=60, default="Asia/Beirut")
    meeting_url = models.URLField(_("online meeting link"), blank=True)
    languages = models.JSONField(_("languages"), default=list)
    interpretation = models.JSONField(_("interpretation into"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="dialogue_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        SCENE_SETTING = "scene_setting", _("Scene setting")
        PRESENTATION = "presentation", _("Presentation")
        OPEN_DISCUSSION = "open_discussion", _("Open discussion")
        CLOSING = "closing", _("Closing remarks")
        OTHER = "other", _("Other")

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("dialogue")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["dialogue", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class AgendaRole(models.Model):
    """A person in a role on an agenda item: moderator, speaker, rapporteur."""

    class Kind(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        SPEAKER = "speaker", _("Speaker")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="roles", verbose_name=_("agenda item")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=300, blank=True)
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
    sector = models.CharField(_("speaks for"), max_length=20, choices=Sector)
    category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder category"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)

    class Meta:
        ordering = ["item", "position", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class GuidingQuestion(models.Model):
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="questions", verbose_name=_("dialogue")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))

    class Meta:
        ordering = ["dialogue", "position", "pk"]
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")

    def __str__(self) -> str:
        return self.text[:80]


class Participant(models.Model):
    """Someone registered for a dialogue, or found in an imported attendance list."""

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("Registered on the platform")
        MANUAL = "manual", _("Added by the secretariat")
        IMPORT = "import", _("Imported attendance list")

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="participants", verbose_name=_("dialogue")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_participations",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
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
    sector = models.CharField(_("speaks for"), max_length=20, choices=Sector)
    category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder category"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    interpretation = models.CharField(
        _("listens in"), max_length=5, choices=InterpretationLanguage, blank=True
    )
    attended = models.BooleanField(_("attended"), default=False)
    source = models.CharField(_("source"), max_length=15, choices=Source)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dialogue", "full_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                "dialogue",
                Lower("email"),
                condition=~models.Q(email=""),
                name="participant_unique_email",
            ),
            models.CheckConstraint(
                condition=~models.Q(sector="stakeholder") | models.Q(category__isnull=False),
                name="participant_stakeholder_has_category",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Intervention(models.Model):
    """What someone said in a dialogue, summarized by a rapporteur."""

    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        related_name="interventions",
        verbose_name=_("dialogue"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("agenda item"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("speaker"),
    )
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("The speaker asked not to be named.")
    )
    # Who spoke, as recorded (kept even when anonymous, so balance can still be measured).
    sector = models.CharField(_("speaks for"), max_length=20, choices=Sector)
    category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder category"),
    )
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
    organization_name = models.CharField(
        _("organization (if not listed)"), max_length=200, blank=True
    )
    summary = models.TextField(_("summary"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    question = models.ForeignKey(
        GuidingQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("guiding question"),
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("objectives")
    )
    minutes = models.PositiveSmallIntegerField(_("speaking time (minutes)"), null=True, blank=True)
    raises_question = models.BooleanField(
        _("raises a question that needs an answer"), default=False
    )
    response = models.TextField(_("response from the organizers"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    published = models.BooleanField(pgettext_lazy("intervention", "published"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dialogue", "created_at", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sector="stakeholder") | models.Q(category__isnull=False),
                name="intervention_stakeholder_has_category",
            )
        ]

    def __str__(self) -> str:
        return self.summary[:60]


class Consultation(models.Model):
    """An online, asynchronous consultation: guiding questions open for contributions between
    two dates, in any of the three languages."""

    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("cycle"),
    )
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    questions = models.TextField(
        _("guiding questions"), blank=True, help_text=_("One question per line.")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("objectives")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("online consultation")
        verbose_name_plural = _("online consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Contribution(models.Model):
    """A post in a consultation; a reply has a parent (threads are one level deep)."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("consultation"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("author"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField(_("contribution"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("objectives")
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(_("why it was hidden"), blank=True)

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return self.text[:60]


class ContributionReport(models.Model):
    """A participant reporting a post to the moderators."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report of a contribution")
        verbose_name_plural = _("reports of contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter"], name="contribution_report_once"
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class ModerationEntry(models.Model):
    """The moderation log: every hide and restore, with its reason."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="moderation_log"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    reason = models.TextField(_("reason"))
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.reason[:40]}"


class SelfOrganizedConsultation(models.Model):
    """A national or thematic consultation an organization held on its own and registers here;
    its outcome document joins the cycle's stakeholder inputs."""

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        THEMATIC = "thematic", _("Thematic")

    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.PROTECT,
        related_name="self_organized_consultations",
        verbose_name=_("cycle"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="self_organized_consultations",
        verbose_name=_("organization"),
    )
    title = models.CharField(_("title"), max_length=200)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    participants = models.PositiveIntegerField(_("number of participants"))
    counts_by_category = models.JSONField(
        _("participants by stakeholder category"), default=dict, blank=True
    )
    who_took_part = models.TextField(_("who took part"), blank=True)
    stakeholder_input = models.OneToOneField(
        "reviews.StakeholderInput",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_organized_consultation",
        verbose_name=_("outcome, as a stakeholder input"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("self-organized consultation")
        verbose_name_plural = _("self-organized consultations")

    def __str__(self) -> str:
        return self.title
