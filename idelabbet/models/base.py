"""What several records of the case pipeline share."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ByWhomAndWhen(models.Model):
    """A record of something someone did: who (kept as an id, the person may
    leave: then empty) and when, oldest first."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("av"),
    )
    at = models.DateTimeField(_("när"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
