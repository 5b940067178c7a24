from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdelabbetConfig(AppConfig):
    name = "idelabbet"
    verbose_name = _("Idélabbet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from . import signal_handlers
        from .catalog import register_sources
        from .catalog_files import register_sources as register_file_sources
        from .checks import host_requirements

        register_sources()
        register_file_sources()
        checks.register(host_requirements, checks.Tags.compatibility)
        signal_handlers.connect()
