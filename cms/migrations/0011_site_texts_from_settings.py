"""Each site's Swedish header and footer texts, copied from its settings (the source)."""

import uuid

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    SiteContact = apps.get_model("cms", "SiteContact")
    SiteIdentity = apps.get_model("cms", "SiteIdentity")
    SiteTexts = apps.get_model("cms", "SiteTexts")
    swedish, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for site in Site.objects.all():
        contact = SiteContact.objects.filter(site=site).first()
        identity = SiteIdentity.objects.filter(site=site).first()
        SiteTexts.objects.get_or_create(
            site=site,
            locale=swedish,
            defaults={
                "translation_key": uuid.uuid4(),
                "organisation": contact.organisation if contact else "",
                "address": contact.address if contact else "",
                "opening_hours": contact.opening_hours if contact else "",
                "footer_text": contact.footer_text if contact else "",
                "tagline": identity.tagline if identity else "",
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0010_site_texts"),
        ("cms", "0009_locales"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
