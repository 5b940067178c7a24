from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Sök")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signals import search_page_replayed
        from .terms import search_term_replayed

        search_page_replayed.connect(search_term_replayed, dispatch_uid="search_term_replayed")
