"""Existing principles and coordination group members are Swedish, each its own translation key."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0007_translatable_snippets_bootstrap"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        BootstrapTranslatableModel("forum.GuidingPrinciple"),
        BootstrapTranslatableModel("forum.CoordinationMember"),
    ]
