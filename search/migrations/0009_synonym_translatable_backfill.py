"""Existing synonyms are Swedish, each its own translation key."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_synonym_translatable_bootstrap"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [BootstrapTranslatableModel("search.SearchSynonym")]
