from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdelabbetConfig(AppConfig):
    name = "idelabbet"
    verbose_name = _("Idélabbet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers
        from .catalog import register_sources
        from .catalog_files import register_sources as register_file_sources

        register_sources()
        register_file_sources()
        signal_handlers.connect()
