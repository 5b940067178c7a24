from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum Civilsamhälle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .catalog import register_sources

        register_sources()
