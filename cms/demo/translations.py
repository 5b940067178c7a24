"""Demo translations: both sites in English, Ekerö's key pages also in Arabic.

The texts are in ``translations_en`` and ``translations_ar`` (the Arabic is
written for demonstration, see its docstring), keyed by the Swedish they
translate. Each page and snippet goes through wagtail-localize as an editor's
would: its Swedish text is read into segments, each segment gets its
translation, and the translation is published. A page with a segment the texts
do not cover stays untranslated (an alias showing the Swedish page), so a
change in the Swedish demo text shows up as a page left in Swedish, never as
a half-translated one. Idempotent: a second run updates the same translations.
"""

import json
import re

from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.languages.services import locales_ensure, site_languages_set
from cms.models import SiteTexts
from forum.models import CoordinationMember, GuidingPrinciple

from .translations_ar import AR, AR_PAGES
from .translations_en import EN

# Segments that are not prose: a slug stays, a path on the site gets the prefix.
_SLUG = re.compile(r"[a-z0-9-]+")
_PATH = re.compile(r"/[a-z0-9/-]*")
# People's names in the coordination group are not translated.
_KEEP = {"name"}


def _segment_text(segment: StringSegment, language: str, texts: dict[str, str]) -> str | None:
    text = segment.string.data
    if text in texts:
        return texts[text]
    if segment.context.path in _KEEP or _SLUG.fullmatch(text):
        return text
    if _PATH.fullmatch(text):
        return f"/{language}{text}"
    return None


# What a page's stored JSON holds about its place and history, not its content.
_BOOKKEEPING = {
    "numchild",
    "path",
    "depth",
    "url_path",
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "last_published_at",
    "first_published_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
}


def _parsed(value):
    # A StreamField is stored as JSON text inside the page's JSON; PostgreSQL's
    # jsonb hands it back with its keys reordered, so compare it parsed.
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: _parsed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_parsed(item) for item in value]
    return value


def _content(source: TranslationSource) -> dict:
    content = json.loads(source.content_json)
    return {key: _parsed(value) for key, value in content.items() if key not in _BOOKKEEPING}


def translate(instance, locale: Locale, texts: dict[str, str]) -> bool:
    """Translate ``instance`` (a page or snippet) into ``locale`` from ``texts`` and publish.

    Returns False, and changes nothing, when a segment has no translation.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    changed = created
    if not created:
        before = _content(source)
        source.update_from_db()
        changed = _content(source) != before
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    values = [_segment_text(segment, locale.language_code, texts) for segment in segments]
    if any(value is None for value in values):
        return False
    for segment, value in zip(segments, values, strict=True):
        key = {"translation_of": segment.string, "locale": locale, "context": segment.context}
        if StringTranslation.objects.filter(**key, data=value).exists():
            continue
        StringTranslation.objects.update_or_create(**key, defaults={"data": value})
        changed = True
    translation, made = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    target = instance.get_translation_or_none(locale)
    is_alias = getattr(target, "alias_of_id", None) is not None
    if not (made or changed or target is None or is_alias):
        return True  # a second run with the same texts publishes nothing new
    if isinstance(instance, Page):
        # Saved as a draft, then published here and now: wagtail-localize
        # publishes on commit, from a copy of the page that no longer knows
        # the children translated after it in the same transaction.
        source.create_or_update_translation(
            locale, publish=False, fallback=True, copy_parent_pages=True
        )
        instance.get_translation(locale).get_latest_revision().publish()
    else:
        translation.save_target(publish=True)
    return True


def _pages(home: Page, paths: list[str] | None = None) -> list[Page]:
    pages = [home, *home.get_descendants().live().order_by("path")]
    if paths is not None:
        pages = [page for page in pages if page.url_path[len(home.url_path) :] in paths]
    return [page.specific for page in pages]


def _count(done: list[bool]) -> str:
    return f"{sum(done)}/{len(done)}"


def numchild_repair(locales: list[Locale]) -> int:
    """Set each translated page's child count (treebeard's ``numchild``) to its children.

    After the translations above, translated parents were left with
    ``numchild = 0`` although their translated children exist (seen on SQLite
    and PostgreSQL; the cause, somewhere between the aliases cms.languages.sync
    makes and wagtail-localize turning them into translations, is not found
    yet). Treebeard then treats the parent as a leaf and Wagtail's routing
    answers 404 for every page below a translated home. Returns how many rows
    were corrected.
    """
    fixed = 0
    for page in Page.objects.filter(locale__in=locales).only("pk", "path", "depth", "numchild"):
        count = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        if count != page.numchild:
            fixed += Page.objects.filter(pk=page.pk).update(numchild=count)
    return fixed


def load(sites: dict[str, Site]) -> str:
    locales_ensure()
    english = Locale.objects.get(language_code="en")
    arabic = Locale.objects.get(language_code="ar")
    ekero, jonkoping = sites["ekero"], sites["jonkoping"]
    site_languages_set(site=ekero, codes=["sv", "en", "ar"])
    site_languages_set(site=jonkoping, codes=["sv", "en"])
    summary = []
    for key, site in (("ekero", ekero), ("jonkoping", jonkoping)):
        done = [translate(page, english, EN) for page in _pages(site.root_page.specific)]
        summary.append(f"{key} engelska {_count(done)} sidor")
    done = [translate(page, arabic, AR) for page in _pages(ekero.root_page.specific, AR_PAGES)]
    summary.append(f"ekero arabiska {_count(done)} sidor")
    swedish = Locale.get_default()
    snippets = [
        *SiteTexts.objects.filter(locale=swedish),
        *GuidingPrinciple.objects.filter(locale=swedish),
        *CoordinationMember.objects.filter(locale=swedish),
    ]
    done = [translate(snippet, english, EN) for snippet in snippets]
    done += [
        translate(texts, arabic, AR)
        for texts in SiteTexts.objects.filter(locale=swedish, site=ekero)
    ]
    summary.append(f"texter {_count(done)}")
    numchild_repair([english, arabic])
    return ", ".join(summary)
