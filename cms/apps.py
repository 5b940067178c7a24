from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Webbplatsen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import interface_language
        from .catalog import register_sources
        from .checks import check_schedule
        from .languages.services import connect_locales
        from .languages.sync import connect_signals as connect_translation_sync
        from .pagecache import connect_signals
        from .signal_handlers import register_signal_handlers

        interface_language.install()
        register_sources()
        register_signal_handlers()
        connect_signals()
        connect_translation_sync()
        connect_locales(self)
        checks.register(check_app_order)
        checks.register(check_schedule)


def check_app_order(app_configs=None, installed=None, **kwargs) -> list[checks.CheckMessage]:
    """Workflow emails leave the request only if cms connects its receivers first.

    ``register_signal_handlers`` takes Wagtail's own dispatch uids; were
    ``wagtail.admin`` before ``cms``, Wagtail's synchronous senders would win
    without a sound.
    """
    from django.conf import settings

    apps = list(settings.INSTALLED_APPS if installed is None else installed)
    if "wagtail.admin" in apps and apps.index("cms") > apps.index("wagtail.admin"):
        return [
            checks.Error(
                "'cms' must come before 'wagtail.admin' in INSTALLED_APPS.",
                hint="Otherwise Wagtail's workflow emails are sent inside the request.",
                id="cms.E001",
            )
        ]
    return []
