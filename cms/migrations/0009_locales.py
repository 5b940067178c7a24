"""A Locale for each language the install ships; existing pages are Swedish, the source."""

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    swedish, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    known = [code for code, _name in settings.LANGUAGES]
    # Pages made before translation existed: every one is Swedish.
    Page.objects.exclude(locale__language_code__in=known).update(locale=swedish)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_language_settings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
