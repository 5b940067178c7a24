"""What several records of the case pipeline and the citizen's side share."""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


def default_language() -> str:
    """Rows written before languages were recorded were written in Swedish, the source."""
    return settings.LANGUAGE_CODE


def language_written(language: str | None = None) -> str:
    """The language to record for what a citizen sends: given, else the active one."""
    return language or translation.get_language() or settings.LANGUAGE_CODE


def language_for_reply(code: str) -> str:
    """The language to write back in: the citizen's while it is offered, else Swedish."""
    offered = {language for language, _name in settings.LANGUAGES}
    return code if code in offered else settings.LANGUAGE_CODE


def language_label(code: str) -> str:
    """A language in the reader's language with its own name beside it: "arabiska (العربية)"."""
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return code
    translated, local = str(info["name_translated"]), info.get("name_local") or ""
    same = local.casefold() == translated.casefold()
    return f"{translated} ({local})" if local and not same else translated


class WrittenInLanguage(models.Model):
    """A record a citizen wrote: in which language (the page's language when they sent it).

    Emails to the citizen about it go out in that language, and the coaches
    see it beside what was written.
    """

    language = models.CharField(
        _("språk"),
        max_length=15,
        default=default_language,
        editable=False,
        help_text=_("Språket som sidan visades på när det skickades in."),
    )

    class Meta:
        abstract = True

    def get_language_display(self) -> str:
        return language_label(self.language)


class ByWhomAndWhen(models.Model):
    """A record of something someone did: who (kept as an id, the person may
    leave: then empty) and when, oldest first."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("av"),
    )
    at = models.DateTimeField(_("när"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
