"""Translation trees kept in sync with the Swedish source, and what is out of date.

- **Trees**: a Swedish page published under a parent that has a translation in
  another language gets an alias there (Wagtail's alias: the Swedish content,
  updated on every publish, marked "not translated" on the page) until an
  editor translates it with wagtail-localize; translating a page gives its
  published Swedish children aliases the same way. So lists of ideas, meetings
  and proposals in English show every item, translated or not.
- **Workflows**: a translation is published through the same moderation and
  review workflow as its source (the source's ``WorkflowPage`` is copied to the
  translation when it is created, so it and everything below it use it).
- **Out of date**: a translation is out of date when its Swedish source was
  published after wagtail-localize last read the source's text
  (``TranslationSource.last_updated_at``); "Synkronisera översatta sidor" on the
  Swedish page reads it again and the changed segments wait for translators.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage
from wagtail.signals import copy_for_translation_done, page_published
from wagtail_localize.models import TranslationSource

from ..models import SiteContact, SiteIdentity
from .codes import default_language
from .services import site_texts_sync


def _aliases_for(page: Page) -> list[Page]:
    """Aliases in every language where ``page``'s parent exists but ``page`` does not."""
    parent = page.get_parent()
    if parent is None or page.alias_of_id is not None:
        return []
    have = set(
        Page.objects.filter(translation_key=page.translation_key).values_list("locale", flat=True)
    )
    created = []
    for parent_translation in (
        Page.objects.filter(translation_key=parent.translation_key)
        .exclude(locale_id__in=have)
        .exclude(locale_id=page.locale_id)
    ):
        created.append(
            page.copy_for_translation(parent_translation.locale, copy_parents=False, alias=True)
        )
    return created


def tree_sync_below(page: Page) -> int:
    """Give ``page``'s published descendants in its source language aliases in its language.

    Called when ``page`` becomes a translation (or an alias) of a Swedish page:
    the Swedish children and their descendants appear below it. Returns how
    many aliases were made.
    """
    source = page.get_translation_or_none(Locale.get_default()) if page.locale_id else None
    if source is None or source.pk == page.pk:
        return 0
    made = 0
    for child in source.get_descendants().live().order_by("path").specific():
        made += len(_aliases_for(child))
    return made


def _on_published(sender, instance, **kwargs) -> None:
    if kwargs.get("alias") or instance.alias_of_id is not None:
        return
    if instance.locale.language_code == default_language():
        _aliases_for(instance)
    elif instance.first_published_at == instance.last_published_at:
        # A translation published for the first time: its Swedish descendants
        # appear below it. (Not when it is created: wagtail-localize saves its
        # copy again afterwards and would undo the tree's child count.)
        tree_sync_below(instance)


def _on_translation_copied(sender, source_obj, target_obj, **kwargs) -> None:
    if not isinstance(source_obj, Page):
        return
    workflow_page = WorkflowPage.objects.filter(page=source_obj).first()
    if workflow_page is not None:
        WorkflowPage.objects.get_or_create(
            page=target_obj, defaults={"workflow_id": workflow_page.workflow_id}
        )
    # Wagtail's page permissions follow the tree, and a translation's tree is
    # another branch: the groups that may edit the Swedish page (its municipality's
    # editors, organisers) may edit its translation and what is below it.
    for group_id, permission_id in GroupPagePermission.objects.filter(page=source_obj).values_list(
        "group_id", "permission_id"
    ):
        GroupPagePermission.objects.get_or_create(
            group_id=group_id, page=target_obj, permission_id=permission_id
        )


def translations_out_of_date(page: Page) -> list[Page]:
    """The translations of ``page`` (in any language) whose Swedish text changed since read.

    A translation is out of date when its source page was published after
    wagtail-localize last extracted the source's segments.
    """
    source = page.get_translation_or_none(Locale.get_default())
    if source is None or source.last_published_at is None:
        return []
    read = TranslationSource.objects.filter(
        object_id=source.translation_key,
        specific_content_type=ContentType.objects.get_for_model(source.specific_class),
        locale=source.locale,
    ).first()
    if read is None or read.last_updated_at >= source.last_published_at:
        return []
    return list(
        Page.objects.filter(translation_key=source.translation_key, alias_of__isnull=True)
        .exclude(pk=source.pk)
        .filter(locale__in=read.translations.values("target_locale"))
    )


def _on_settings_saved(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    site_texts_sync(site=instance.site)


def connect_signals() -> None:
    for model in (SiteContact, SiteIdentity):
        post_save.connect(
            _on_settings_saved, sender=model, dispatch_uid=f"cms.languages.texts.{model.__name__}"
        )
    page_published.connect(_on_published, dispatch_uid="cms.languages.sync.published")
    copy_for_translation_done.connect(
        _on_translation_copied, dispatch_uid="cms.languages.sync.copied"
    )
