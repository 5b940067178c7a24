"""Who registered for a meeting, and the feedback sent to them afterwards.

Personal data: these rows are never rendered on the public site; only
organisers who may edit the meeting see them in the admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


def default_language() -> str:
    """Registrations made before languages were recorded were made in Swedish."""
    return settings.LANGUAGE_CODE


def language_for_reply(code: str) -> str:
    """The language to write to a participant in: theirs while it is offered, else Swedish."""
    offered = {language for language, _name in settings.LANGUAGES}
    return code if code in offered else settings.LANGUAGE_CODE


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civilsamhälle")
    POLITICIAN = "politician", _("Politiker")
    OFFICIAL = "official", _("Tjänsteperson")


class Registration(models.Model):
    meeting = models.ForeignKey(
        "forum.MeetingPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("möte"),
    )
    name = models.CharField(_("namn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    # Stored lower-cased so the same address registers once.
    email = models.EmailField(_("e-post"))
    needs = models.TextField(_("behov"), blank=True)
    # The page's language when the person registered: their emails use it.
    language = models.CharField(_("språk"), max_length=15, default=default_language, editable=False)
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    # When the confirmation email went out (the worker sends it once).
    confirmed_at = models.DateTimeField(_("bekräftelse skickad"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="forum_one_registration")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def language_label(self) -> str:
        try:
            return str(translation.get_language_info(self.language)["name_translated"])
        except KeyError:
            return self.language


class FeedbackDispatch(models.Model):
    """The one feedback mailing of a meeting: requested once, delivered by the worker."""

    meeting = models.OneToOneField(
        "forum.MeetingPage",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("möte"),
    )
    summary = models.TextField(_("sammanfattning"))
    documentation_url = models.URLField(_("länk till dokumentationen"), max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skickad av"),
    )
    requested_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    completed_at = models.DateTimeField(_("klar"), null=True, blank=True)
    # Kept when the registrations are purged, so the record still says how many got it.
    recipient_count = models.PositiveIntegerField(_("antal mottagare"), default=0)
    # Delivery bookkeeping (forum.delivery): when an unfinished mailing is next
    # due, how often it failed and why; ``failed_at`` makes it a dead letter.
    available_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)
    failed_at = models.DateTimeField(_("gav upp"), null=True, blank=True)

    class Meta:
        verbose_name = _("återkoppling")
        verbose_name_plural = _("återkopplingar")

    def __str__(self):
        return str(self.meeting)


class FeedbackDelivery(models.Model):
    """One email sent: the record that makes a retried task skip this person."""

    dispatch = models.ForeignKey(
        FeedbackDispatch, on_delete=models.CASCADE, related_name="deliveries"
    )
    registration = models.ForeignKey(
        Registration, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("e-post"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickat mejl")
        verbose_name_plural = _("skickade mejl")
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "email"], name="forum_feedback_once")
        ]

    def __str__(self):
        return f"{self.email} {self.sent_at:%Y-%m-%d %H:%M}"


class FeedbackReminder(models.Model):
    """A reminder that the meeting's feedback is due (or overdue) went out.

    Unique per meeting and step, so the daily job (or two clocks at once, or a
    late run) sends each one once.
    """

    class Step(models.TextChoices):
        DUE_SOON = "snart", _("Ska skickas inom två dagar")
        MISSED = "missad", _("Inte skickad inom en vecka")

    meeting = models.ForeignKey(
        "forum.MeetingPage",
        on_delete=models.CASCADE,
        related_name="feedback_reminders",
        verbose_name=_("möte"),
    )
    step = models.CharField(_("steg"), max_length=20, choices=Step.choices)
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)
    # Ids, not addresses: who was told, without keeping contact data here.
    recipient_ids = models.JSONField(_("mottagare"), default=list, blank=True)

    class Meta:
        verbose_name = _("påminnelse om återkoppling")
        verbose_name_plural = _("påminnelser om återkoppling")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "step"], name="forum_feedback_reminder_once")
        ]

    def __str__(self):
        return f"{self.meeting_id}: {self.get_step_display()}"
