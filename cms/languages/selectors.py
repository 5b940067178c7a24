"""Which languages a municipality's site offers."""

from wagtail.models import Locale, Site

from ..models import SiteTexts
from ..models.languages import LanguageSettings, default_site_languages
from .codes import default_language, install_languages


def site_languages(site: Site | None) -> list[str]:
    """The languages ``site`` offers, Swedish first, in the install's order.

    Swedish always; then those the municipality chose (Inställningar → Språk)
    that the install still offers. A site that never chose offers
    settings.DEFAULT_SITE_LANGUAGES. Cached on the Site object for the request.
    """
    if site is None:
        return [default_language()]
    cached = getattr(site, "_cms_languages", None)
    if cached is not None:
        return cached
    row = LanguageSettings.objects.filter(site=site).only("codes").first()
    chosen = set(row.codes if row is not None else default_site_languages())
    chosen.add(default_language())
    languages = [code for code in install_languages() if code in chosen]
    site._cms_languages = languages
    return languages


def site_texts(site: Site | None) -> SiteTexts:
    """``site``'s header and footer texts in the active language, else in Swedish.

    An unsaved, empty SiteTexts where the site has none.
    """
    if site is None:
        return SiteTexts()
    rows = {
        row.locale.language_code: row
        for row in SiteTexts.objects.filter(site=site).select_related("locale")
    }
    active = Locale.get_active().language_code
    return rows.get(active) or rows.get(default_language()) or SiteTexts(site=site)
