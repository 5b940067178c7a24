from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Webbplatsen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .catalog import register_sources
        from .pagecache import connect_signals
        from .signal_handlers import register_signal_handlers

        register_sources()
        register_signal_handlers()
        connect_signals()
