from django.db import models
from django.utils.translation import gettext_lazy as _

from ..workflow import PublicStatus

__all__ = ["HelpWanted", "ModerationState", "PublicStatus", "Theme"]


class Theme(models.TextChoices):
    """The municipality's themes for collaboration (after the first municipality's model)."""

    KULTUR = "kultur", _("Kultur")
    FRITID = "fritid", _("Fritid")
    UTBILDNING = "utbildning", _("Utbildning")
    INTEGRATION = "integration", _("Integration")
    FOLKHALSA = "folkhalsa", _("Folkhälsa")
    ARBETSMARKNAD = "arbetsmarknad", _("Arbetsmarknad")
    NATURVARD = "naturvard", _("Naturvård")
    TRYGGHET = "trygghet", _("Trygghet")
    VARLDSARV = "varldsarv", _("Världsarv")
    GEMENSKAP = "gemenskap", _("Gemenskap")


class HelpWanted(models.TextChoices):
    COACHING = "coachning", _("Coachning")
    PROJECT_PLAN = "projektplan", _("Hjälp med projektplan")
    FUNDING = "ansokan", _("Hjälp med ansökan om pengar")
    PREMISES = "lokaler", _("Lokaler")
    WORKSHOP = "workshop", _("Workshop")
    NETWORKS = "kontakter", _("Kontakter och nätverk")


class ModerationState(models.TextChoices):
    PENDING = "granskas", _("Granskas")
    APPROVED = "publicerad", _("Publicerad")
    REJECTED = "avslagen", _("Kan inte publiceras")
    WITHDRAWN = "aterkallad", _("Återkallad av dig")
