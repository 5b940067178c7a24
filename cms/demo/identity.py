"""Each municipality's look in the demo: invented logos (SVG), accent colours, taglines.

The logos are made up for the demo; neither is a municipality's real emblem.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from cms.models import Municipality, SiteIdentity

# Ekerö: green islands on the blue water of Lake Mälaren, in a round badge.
# Jönköping: a shield with a tower on the shore of Lake Vättern.
LOGOS = Path(__file__).resolve().parent / "logos"

IDENTITY = {
    "ekero": {
        "logo": ("Logotyp Idélabbet Ekerö", "ekero-logotyp.svg", "ekero.svg"),
        "accent_colour": "#1d5c4d",
        "tagline": "Ekerö kommun – öarna i Mälaren",
    },
    "jonkoping": {
        "logo": ("Logotyp Forum Civilsamhälle Jönköping", "jonkoping-logotyp.svg", "jonkoping.svg"),
        "accent_colour": "#8c1d40",
        "tagline": "Jönköpings kommun – civilsamhälle, politik och förvaltning",
    },
}


def _logo(title: str, filename: str, source: str, collection: Collection):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    # An SVG has no pixel size of its own; the logos are drawn on 64 × 64.
    image = Image(title=title, collection=collection)
    image.file.save(filename, ContentFile((LOGOS / source).read_bytes()), save=False)
    image.width = image.height = 64
    image.save()
    return image


def load(sites: dict[str, Site]) -> str:
    for key, site in sites.items():
        identity = SiteIdentity.for_site(site)
        if identity.logo_id or key not in IDENTITY:
            continue
        municipality = Municipality.objects.filter(site=site).first()
        collection = municipality.collection if municipality else Collection.get_first_root_node()
        data = IDENTITY[key]
        identity.logo = _logo(*data["logo"], collection)
        identity.accent_colour = data["accent_colour"]
        identity.tagline = data["tagline"]
        identity.full_clean()
        identity.save()
    return "logotyper och profilfärger"
