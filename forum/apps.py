from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum Civilsamhälle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from .catalog import register_sources
        from .checks import host_requirements

        register_sources()
        checks.register(host_requirements, checks.Tags.compatibility)
