"""The texts of a municipality's header and footer, translatable with wagtail-localize.

The Swedish texts are edited where they always were (Inställningar →
Kontaktuppgifter, Utseende) and copied here on save
(``cms.languages.services.site_texts_sync``); each translation is a row of its
own in another locale, made and kept up to date with wagtail-localize
(Utdrag → Webbplatstexter → Översätt). Public pages read the row of the URL's
language, or the Swedish one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin


class SiteTexts(TranslatableMixin, models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        verbose_name=_("webbplats"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    address = models.TextField(_("besöksadress"), blank=True)
    opening_hours = models.CharField(_("öppettider"), max_length=200, blank=True)
    footer_text = RichTextField(
        _("text i sidfoten"), blank=True, features=["bold", "italic", "link"]
    )
    tagline = models.CharField(_("undertitel"), max_length=120, blank=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("footer_text"),
        FieldPanel("tagline"),
    ]

    # The texts copied from the site settings (the Swedish source).
    COPIED = {
        "SiteContact": ("organisation", "address", "opening_hours", "footer_text"),
        "SiteIdentity": ("tagline",),
    }

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("webbplatstexter")
        verbose_name_plural = _("webbplatstexter")
        constraints = [
            models.UniqueConstraint(fields=["site", "locale"], name="cms_sitetexts_per_language")
        ]

    def __str__(self):
        return f"{self.site.site_name or self.site.hostname} ({self.locale.language_code})"
