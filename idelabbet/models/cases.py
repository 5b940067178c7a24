"""The coaches' side: a case per submitted idea, its history, notes and reminders.

Who may see or do what on a case or a note is held in django-guardian object
permission rows (direct foreign keys, never the generic tables), rewritten by
the services from the workflow's permission map (``idelabbet.workflow``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from wagtail.fields import RichTextField

from ..workflow import DeadlineKind, GrantDecision, NoteVisibility, Outcome, State
from .base import ByWhomAndWhen
from .submissions import attachment_path, private_storage

__all__ = ["DeadlineKind", "NoteVisibility"]


class Case(models.Model):
    # The ideas index is the municipality: it names the groups that hold the roles.
    index = models.ForeignKey(
        "idelabbet.IdeaIndexPage",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("idésamling"),
    )
    submission = models.OneToOneField(
        "idelabbet.IdeaSubmission",
        on_delete=models.CASCADE,
        related_name="case",
        verbose_name=_("inskickad idé"),
    )
    state = models.CharField(
        _("läge"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="idelabbet_cases",
        verbose_name=_("coacher"),
    )
    opened_at = models.DateTimeField(_("öppnat"), default=timezone.now)
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    # The nearest deadline, kept by the services so the board sorts and
    # filters on a column instead of computing it per row.
    deadline_at = models.DateTimeField(_("nästa tidsgräns"), null=True, blank=True, db_index=True)
    deadline_kind = models.CharField(
        _("slag av tidsgräns"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    # The grant's outcome, recorded by the "besluta" transition and shown to the citizen.
    grant_decision = models.CharField(
        _("beslut"), max_length=20, choices=GrantDecision.choices, blank=True
    )
    grant_amount_sek = models.PositiveIntegerField(
        _("beviljat belopp i kronor"), null=True, blank=True
    )
    grant_reason = models.TextField(_("skäl till beslutet"), blank=True)
    grant_decided_at = models.DateTimeField(_("beslutat"), null=True, blank=True)
    # Optimistic concurrency: every write checks and bumps it.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["opened_at"]
        permissions = [
            ("note_case", _("Kan skriva anteckningar i ärendet")),
            ("transition_case", _("Kan flytta ärendet")),
            ("access_caseboard", _("Kan använda ärendetavlan")),
        ]

    def __str__(self):
        idea = self.submission.idea if self.submission.idea_id else None
        return self.title_for(self.pk, idea.title if idea else None)

    @staticmethod
    def title_for(pk: int, idea_title: str | None) -> str:
        """A case's name: its idea's title, or its number when it has no idea."""
        return idea_title if idea_title is not None else _("Ärende %(pk)s") % {"pk": pk}


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseTransition(models.Model):
    """The case history: who moved it, when, from where to where, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("övergång"), max_length=30)
    from_state = models.CharField(_("från"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("till"), max_length=20, choices=State.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("av"),
    )
    at = models.DateTimeField(_("när"), default=timezone.now)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("händelse i ärendet")
        verbose_name_plural = _("händelser i ärendet")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skriven av"),
    )
    body = RichTextField(_("anteckning"), features=["bold", "italic", "ol", "ul", "link"])
    visibility = models.CharField(
        _("vem ser anteckningen"),
        max_length=20,
        choices=NoteVisibility.choices,
        default=NoteVisibility.TEAM,
    )
    created_at = models.DateTimeField(_("skriven"), default=timezone.now)
    changed_at = models.DateTimeField(_("ändrad"), default=timezone.now)
    shared_at = models.DateTimeField(_("delad med idébäraren"), null=True, blank=True)

    class Meta:
        verbose_name = _("anteckning")
        verbose_name_plural = _("anteckningar")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return _("Anteckning %(pk)s") % {"pk": self.pk}


class NoteAttachment(models.Model):
    """A file attached to a note: private storage, served only to the note's readers."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek i byte"))

    class Meta:
        verbose_name = _("bilaga till anteckning")
        verbose_name_plural = _("bilagor till anteckningar")

    def __str__(self):
        return self.original_name


class NoteUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Note, on_delete=models.CASCADE)


class NoteGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Note, on_delete=models.CASCADE)


class NoteRevision(ByWhomAndWhen):
    """Every version of a note, the first included: nothing is overwritten."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("anteckning"))
    visibility = models.CharField(_("synlighet"), max_length=20, choices=NoteVisibility.choices)

    class Meta(ByWhomAndWhen.Meta):
        verbose_name = _("version av anteckning")
        verbose_name_plural = _("versioner av anteckningar")

    def __str__(self):
        return f"{self.note} ({timezone.localtime(self.at):%Y-%m-%d %H:%M})"


class CaseDeadline(models.Model):
    """A deadline of a case: started by an event (the case opening, a complete
    Snabb slant application, a coach's follow-up date) and stopped by the
    transitions' effects (``idelabbet.workflow``) or when done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("slag"), max_length=20, choices=DeadlineKind.choices)
    due_at = models.DateTimeField(_("senast"))
    reason = models.CharField(_("varför"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("satt av"),
    )
    created_at = models.DateTimeField(_("satt"), default=timezone.now)
    stopped_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("tidsgräns")
        verbose_name_plural = _("tidsgränser")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["stopped_at", "due_at"], name="idelabbet_deadline_open")]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.due_at):%Y-%m-%d}"


class CaseReminder(models.Model):
    """A reminder that went out. Unique per deadline and step, so a job that
    runs twice (or twice at once) sends each reminder once."""

    class Step(models.TextChoices):
        WEEK = "7-dagar", _("7 dagar kvar")
        TWO_DAYS = "2-dagar", _("2 dagar kvar")
        OVERDUE = "forsenad", _("Försenad")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    deadline_at = models.DateTimeField()
    step = models.CharField(max_length=20, choices=Step.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "deadline_at", "step"], name="idelabbet_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.case_id}: {self.get_kind_display()} {self.get_step_display()}"
