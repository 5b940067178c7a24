"""Models of the running install: two-factor requirement, workers, workflow emails, the clock."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TwoFactorRequirement(models.Model):
    """Carries the permission that makes two-factor sign-in required (no table).

    A site administrator gives "Måste använda tvåstegsverifiering" to a group
    (e.g. the coaches, who read citizens' personal data) in the group's
    settings; its members must add a TOTP device before using the admin
    (cms/twofactor.py).
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("require_two_factor", _("Måste använda tvåstegsverifiering"))]
        verbose_name = _("tvåstegsverifiering")

    def __str__(self):
        return str(self._meta.verbose_name)


class WorkerHeartbeat(models.Model):
    """A background worker's sign of life, written every few seconds (cms.taskqueue).

    A task row RUNNING under a worker whose heartbeat stopped belongs to a dead
    worker, and ``tasks_reclaim`` puts it back in the queue.
    """

    worker_id = models.CharField(_("arbetar-id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("värd"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True)
    started_at = models.DateTimeField(_("startad"))
    seen_at = models.DateTimeField(_("senast sedd"), db_index=True)

    class Meta:
        verbose_name = _("bakgrundsarbetare")
        verbose_name_plural = _("bakgrundsarbetare")

    def __str__(self):
        return self.worker_id


class WorkflowEmail(models.Model):
    """The outbox row of one of Wagtail's workflow notifications (cms.workflow_emails).

    Written in the transaction that submits, approves or rejects, so a
    notification is lost neither with a failed enqueue nor with a dead worker.
    """

    notification = models.CharField(_("avisering"), max_length=100)
    object_pk = models.BigIntegerField(_("objekt"))
    user_id = models.BigIntegerField(_("användare"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    available_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    claimed_until = models.DateTimeField(_("upptaget till"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gav upp"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        verbose_name = _("arbetsflödesmejl")
        verbose_name_plural = _("arbetsflödesmejl")
        indexes = [
            models.Index(
                fields=["available_at"],
                name="cms_workflow_email_unsent_idx",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.notification} #{self.pk}"


class JobRun(models.Model):
    """One firing of a scheduled job (``cms.schedule``): enqueued, run, its result.

    Unique per job and scheduled moment, so that when several clocks run at
    once the first to insert the row enqueues the work and the others get an
    ``IntegrityError`` and do nothing. The worker fills in the outcome.
    """

    class Status(models.TextChoices):
        QUEUED = "koad", _("I kö")
        RUNNING = "pagar", _("Pågår")
        RETRYING = "forsoker-igen", _("Försöker igen")
        DONE = "klar", _("Klar")
        FAILED = "misslyckad", _("Misslyckad")

    job = models.CharField(_("jobb"), max_length=60)
    scheduled_for = models.DateTimeField(_("planerad tid"))
    enqueued_at = models.DateTimeField(_("köad"), default=timezone.now)
    enqueued_by = models.CharField(_("köad av klockan"), max_length=120, blank=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    status = models.CharField(
        _("läge"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    # What the job did, as counts: {"skickade": 3} – shown in the report.
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        verbose_name = _("körning av schemalagt jobb")
        verbose_name_plural = _("körningar av schemalagda jobb")
        ordering = ["-scheduled_for", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "scheduled_for"], name="cms_jobrun_once")
        ]
        indexes = [models.Index(fields=["job", "-scheduled_for"], name="cms_jobrun_latest")]

    def __str__(self):
        return f"{self.job} {self.scheduled_for:%Y-%m-%d %H:%M}"


class ClockHeartbeat(models.Model):
    """When a clock last ticked: the dashboard warns when nobody has for too long."""

    clock = models.CharField(_("klocka"), max_length=120, unique=True)
    beat_at = models.DateTimeField(_("senaste slag"))

    class Meta:
        verbose_name = _("klockans hjärtslag")
        verbose_name_plural = _("klockans hjärtslag")

    def __str__(self):
        return f"{self.clock} {self.beat_at:%Y-%m-%d %H:%M:%S}"
