"""Per-site settings: each municipality's contact details and its look.

Footer contact details ("en väg in") and the identity (logo, accent colour)
are Wagtail site settings, so each municipality edits its own; who may edit
which site's settings is granted per site (``cms.municipalities``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from ..branding import DEFAULT_ACCENT, accent_colour_validator


@register_setting(icon="site")
class SiteContact(BaseSiteSetting):
    """The municipality's "en väg in": one way in for every question."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    address = models.TextField(_("besöksadress"), blank=True)
    opening_hours = models.CharField(_("öppettider"), max_length=200, blank=True)
    footer_text = RichTextField(
        _("text i sidfoten"), blank=True, features=["bold", "italic", "link"]
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sida om personuppgifter"),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading=_("En väg in"),
        ),
        FieldPanel("footer_text"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("kontaktuppgifter")


@register_setting(icon="image")
class SiteIdentity(BaseSiteSetting):
    """The municipality's look: logo, accent colour and a line under the name."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logotyp"),
        help_text=_("Visas i sidhuvudet och som ikon i webbläsarens flik. SVG eller PNG."),
    )
    accent_colour = models.CharField(
        _("profilfärg"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[accent_colour_validator],
        help_text=_(
            "Hexadecimal färg, t.ex. #0b5394. Används för länkar, knappar och sidhuvudets "
            "kant, så den måste ha minst 4,5:1 i kontrast mot vitt (WCAG 2.1 AA)."
        ),
    )
    tagline = models.CharField(
        _("undertitel"),
        max_length=120,
        blank=True,
        help_text=_("En kort rad under namnet i sidhuvudet, t.ex. kommunens namn."),
    )

    panels = [FieldPanel("logo"), FieldPanel("accent_colour"), FieldPanel("tagline")]

    class Meta:
        verbose_name = _("utseende")
