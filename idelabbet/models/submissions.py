"""The private side of an idea: who sent it and what passed between them and us.

Everything here is personal data or tied to it. It is kept apart from the
public ``IdeaPage`` so it never reaches a page, feed, API or search index, and
so it can be erased on request (``submission_personal_data_erase``) while the
anonymous idea remains.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import WrittenInLanguage
from .choices import ModerationState


class PrivateStorage(FileSystemStorage):
    """Attachments live outside MEDIA_ROOT so the web server never serves them.

    The location is read from settings on each use (not frozen at import), so
    a deployment or a test can move it; files have no public URL.
    """

    @property
    def base_location(self):
        configured = getattr(settings, "IDELABBET_PRIVATE_ROOT", None)
        return str(configured or Path(settings.MEDIA_ROOT).parent / "private_media")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Privata bilagor har ingen publik adress.")


def private_storage():
    return PrivateStorage()


def attachment_path(instance, filename: str) -> str:
    # The stored name never carries the citizen's own file name.
    suffix = Path(filename).suffix.lower()[:10]
    return f"idelabbet/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class IdeaSubmission(WrittenInLanguage):
    idea = models.OneToOneField(
        "idelabbet.IdeaPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="submission",
        verbose_name=_("idé"),
    )
    # The idempotency key rendered into the form: a resent form finds this row.
    form_key = models.UUIDField(_("formulärnyckel"), unique=True, editable=False)
    submitted_at = models.DateTimeField(_("inskickad"), default=timezone.now)
    moderation_state = models.CharField(
        _("granskning"),
        max_length=20,
        choices=ModerationState.choices,
        default=ModerationState.PENDING,
    )
    rejection_reason = models.TextField(_("skäl till avslag"), blank=True)
    withdrawn_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    # Personal data: erased by submission_personal_data_erase.
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("samtycke lämnat"))
    personal_data_erased_at = models.DateTimeField(
        _("personuppgifter raderade"), null=True, blank=True
    )

    # The status link: only a hash of the token is stored. The token itself is
    # an HMAC of (pk, nonce) under SECRET_KEY, so the worker can rebuild it for
    # an email without it ever being written to the database or a task row.
    token_nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_revoked_at = models.DateTimeField(_("statuslänk spärrad"), null=True, blank=True)

    class Meta:
        verbose_name = _("inskickad idé")
        verbose_name_plural = _("inskickade idéer")
        ordering = ["submitted_at"]
        permissions = [
            ("moderate_ideasubmission", _("Kan se granskningskön för idéer")),
        ]

    def __str__(self):
        title = self.idea.title if self.idea_id else _("(idésidan borttagen)")
        return f"{title} ({timezone.localtime(self.submitted_at):%Y-%m-%d})"

    @property
    def is_withdrawn(self) -> bool:
        return self.moderation_state == ModerationState.WITHDRAWN


class CoInitiator(models.Model):
    submission = models.ForeignKey(
        IdeaSubmission, on_delete=models.CASCADE, related_name="co_initiators"
    )
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)

    class Meta:
        verbose_name = _("medinitiativtagare")
        verbose_name_plural = _("medinitiativtagare")

    def __str__(self):
        return self.name


class IdeaAttachment(models.Model):
    submission = models.ForeignKey(
        IdeaSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("fil"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek i byte"))
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self):
        return self.original_name


class CitizenAddition(WrittenInLanguage):
    """Information the citizen added later through the status link."""

    submission = models.ForeignKey(
        IdeaSubmission, on_delete=models.CASCADE, related_name="additions"
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        verbose_name = _("komplettering")
        verbose_name_plural = _("kompletteringar")
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]


class ParticipationOffer(WrittenInLanguage):
    """A visitor's "Vill du vara med?" offer to join a published idea."""

    idea = models.ForeignKey(
        "idelabbet.IdeaPage",
        on_delete=models.CASCADE,
        related_name="participation_offers",
        verbose_name=_("idé"),
    )
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    contribution = models.TextField(_("vad kan du bidra med?"))
    created_at = models.DateTimeField(_("skickat"), default=timezone.now)

    class Meta:
        verbose_name = _("erbjudande att vara med")
        verbose_name_plural = _("erbjudanden att vara med")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} – {self.idea}"


class OutgoingEmail(models.Model):
    """The outbox: an email to a submitter, written in the same transaction as
    the change it reports and sent after commit by the worker.

    The body is rendered at send time (the status link is rebuilt then), so no
    token or message text is stored here; a failed send is retried with backoff.
    """

    class Kind(models.TextChoices):
        RECEIPT = "kvitto", _("Bekräftelse med statuslänk")
        REJECTED = "avslag", _("Avslag med skäl")
        PUBLISHED = "publicerad", _("Idén är publicerad")
        NEW_LINK = "ny-lank", _("Ny statuslänk")
        NOTE = "anteckning", _("Anteckning delad med idébäraren")
        DECLINED = "avbojt", _("Avböjt med skäl")
        DECISION = "beslut", _("Beslut om ansökan")

    submission = models.ForeignKey(IdeaSubmission, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    note = models.ForeignKey(
        "idelabbet.Note", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gav upp"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)
    # Delivery bookkeeping (services/delivery.py): when the row is next due, and
    # until when a worker holds it. A row due for a while and not held by a live
    # worker has lost its task, and the sweep queues it again.
    available_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    claimed_until = models.DateTimeField(_("upptaget till"), null=True, blank=True)

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["available_at"],
                name="idelabbet_email_unsent_idx",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
