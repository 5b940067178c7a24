"""Languages: URLs carry the language, municipalities choose theirs, translations stay in sync."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from cms.languages.links import absolute_url, page_absolute_url
from cms.languages.selectors import site_languages
from cms.languages.services import locales_ensure, site_languages_set
from cms.languages.sync import translations_out_of_date
from cms.models import StandardPage

EKERO = {"host": "localhost"}
JONKOPING = {"host": "jonkoping.localhost"}


def _translate(page, code, title, intro=None):
    """Translate ``page`` as an editor does with wagtail-localize, and publish it."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    locale = Locale.objects.get(language_code=code)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translation.save_target(publish=True)
    target = page.get_translation(locale).specific
    target.title = title
    if intro is not None:
        target.intro = intro
    target.save_revision().publish()
    return target


@pytest.fixture
def about(sites):
    home = sites["ekero"].root_page
    page = home.add_child(
        instance=StandardPage(title="Om Idélabbet", slug="om", intro="Vi hjälper idéer att växa.")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def translated(sites, about):
    locales_ensure()
    home = _translate(sites["ekero"].root_page.specific, "en", "Idélabbet Ekerö (English)")
    about_en = _translate(about, "en", "About Idélabbet", "We help ideas grow.")
    return home, about_en


def _switch_links(html):
    return dict(re.findall(r'<a href="([^"]+)" lang="([a-z-]+)" hreflang', html)[::1])


def _links_by_language(html):
    return {
        lang: href
        for href, lang in re.findall(r'<a href="([^"]+)" lang="([a-z-]+)" hreflang', html)
    }


# --- the install's languages and a municipality's choice ---------------------------------


@pytest.mark.django_db
def test_a_municipality_offers_swedish_always_and_the_languages_it_chose(sites):
    ekero = sites["ekero"]
    assert site_languages(ekero) == ["sv", "en"]  # settings.DEFAULT_SITE_LANGUAGES
    assert site_languages_set(site=ekero, codes=["ar"]) == ["sv", "ar"]
    ekero.refresh_from_db()
    assert site_languages(ekero) == ["sv", "ar"]
    with pytest.raises(ValidationError):
        site_languages_set(site=ekero, codes=["xx"])


@pytest.mark.django_db
def test_a_language_the_municipality_does_not_offer_is_a_404(sites, about):
    site_languages_set(site=sites["jonkoping"], codes=["en"])
    client = Client()
    assert client.get("/ar/", headers=JONKOPING).status_code == 404
    assert client.get("/ar/idelabbet/skicka-in/", headers=JONKOPING).status_code == 404
    assert client.get("/en/", headers=JONKOPING).status_code == 200
    site_languages_set(site=sites["ekero"], codes=["en", "ar"])
    assert client.get("/ar/om/", headers=EKERO).status_code == 200
    # Swedish never has a prefix; an unknown code is just a missing page.
    assert client.get("/sv/om/", headers=EKERO).status_code == 404
    assert client.get("/xx/om/", headers=EKERO).status_code == 404


@pytest.mark.django_db
def test_a_first_visit_is_swedish_whatever_the_browser_or_cookie_says(about):
    client = Client()
    client.cookies["sprak"] = "en"
    page = client.get("/om/", headers={**EKERO, "accept-language": "en-GB,en;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="sv"' in page.text
    assert "Hoppa till innehållet" in page.text
    assert page["Content-Language"] == "sv"
    assert "Accept-Language" not in page.get("Vary", "")
    # ... and the admin's login page too (no heuristics outside the prefixed URLs).
    login = client.get("/admin/login/", headers={**EKERO, "accept-language": "en"})
    assert "Logga in" in login.text or 'lang="sv"' in login.text


@pytest.mark.django_db
def test_an_operator_adds_a_language_by_configuration_and_its_content_is_translatable(sites, about):
    languages = [("sv", "Svenska"), ("en", "English"), ("ar", "العربية"), ("so", "Soomaali")]
    with override_settings(LANGUAGES=languages, WAGTAIL_CONTENT_LANGUAGES=languages):
        locales_ensure()
        assert Locale.objects.filter(language_code="so").exists()
        site_languages_set(site=sites["ekero"], codes=["en", "so"])
        somali = _translate(about, "so", "Ku saabsan Idélabbet", "Waxaan ka caawinnaa fikradaha.")
        assert somali.url_path.endswith("/om/")
        page = Client().get("/so/om/", headers=EKERO)
        assert page.status_code == 200
        assert "Ku saabsan Idélabbet" in page.text
        assert '<html lang="so"' in page.text
        assert _links_by_language(Client().get("/om/", headers=EKERO).text)["so"] == "/so/om/"


def test_extra_languages_are_parsed_from_the_environment_value():
    from cms.settings.languages import language_settings, parse_extra_languages

    assert parse_extra_languages("so:Soomaali, fa:فارسی,ti:ትግርኛ:rtl") == [
        ("so", "Soomaali", False),
        ("fa", "فارسی", True),
        ("ti", "ትግርኛ", True),
    ]
    found = language_settings("so:Soomaali,en:Engelska")
    assert [code for code, _name in found["LANGUAGES"]] == ["sv", "en", "ar", "so"]
    assert "fa" in found["LANGUAGES_BIDI"] and "ar" in found["LANGUAGES_BIDI"]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_extra_languages("Somali")


# --- the language switch, hreflang and the sitemap -----------------------------------------


@pytest.mark.django_db
def test_the_switch_goes_to_the_translation_and_back(translated):
    _home, about_en = translated
    swedish = Client().get("/om/", headers=EKERO)
    links = _links_by_language(swedish.text)
    assert links["en"] == "/en/om/"
    english = Client().get(links["en"], headers=EKERO)
    assert "About Idélabbet" in english.text
    assert "We help ideas grow." in english.text
    assert '<html lang="en"' in english.text
    assert _links_by_language(english.text)["sv"] == "/om/"


@pytest.mark.django_db
def test_the_switch_says_a_page_is_not_translated_and_links_to_the_swedish_page(sites, about):
    locales_ensure()
    swedish = Client().get("/om/", headers=EKERO)
    target = _links_by_language(swedish.text)["en"]
    assert target == f"/en/ej-oversatt/{about.pk}/"
    notice = Client().get(target, headers=EKERO)
    assert notice.status_code == 200
    assert "This page has not been translated" in notice.text or "not translated" in notice.text
    assert 'href="/om/"' in notice.text
    assert '<meta name="robots" content="noindex">' in notice.text


@pytest.mark.django_db
def test_the_not_translated_page_refuses_another_sites_page(sites, about):
    assert Client().get(f"/en/ej-oversatt/{about.pk}/", headers=JONKOPING).status_code == 404


@pytest.mark.django_db
def test_hreflang_alternates_name_every_language_the_page_is_in(translated):
    html = Client().get("/om/", headers=EKERO).text
    assert '<link rel="alternate" hreflang="sv" href="http://localhost/om/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://localhost/en/om/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://localhost/om/">' in html
    assert 'hreflang="ar"' not in html.split("</head>")[0]  # not translated into Arabic


@pytest.mark.django_db
def test_the_sitemap_lists_every_language(translated):
    xml = Client().get("/sitemap.xml", headers=EKERO).text
    assert "<loc>http://localhost/om/</loc>" in xml
    assert "<loc>http://localhost/en/om/</loc>" in xml
    assert "<loc>http://localhost/en/</loc>" in xml


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/idelabbet/skicka-in/",
        "/en/sok/?q=kaffe",
        "/en/idelabbet/organisationer/",
    ],
)
def test_forms_and_views_outside_the_page_tree_work_in_english(sites, about, path):
    # The ideas index is the one the municipality's onboarding made.
    page = Client().get(path, headers=EKERO)
    assert page.status_code == 200
    assert '<html lang="en"' in page.text
    assert "Skip to content" in page.text
    swedish = _links_by_language(page.text)["sv"]
    assert swedish == path.removeprefix("/en")


@pytest.mark.django_db
def test_email_links_carry_the_citizens_language(sites, translated):
    ekero = sites["ekero"]
    url = absolute_url(site=ekero, language="en", viewname="idelabbet:status", args=["abc"])
    assert url == f"{ekero.root_url}/en/idelabbet/status/abc/"
    swedish = absolute_url(site=ekero, language="sv", viewname="idelabbet:status", args=["abc"])
    assert swedish == f"{ekero.root_url}/idelabbet/status/abc/"
    # A language the site does not offer gets the Swedish address.
    fallback = absolute_url(site=ekero, language="ar", viewname="idelabbet:status", args=["abc"])
    assert fallback == swedish
    _home, about_en = translated
    about = about_en.get_translation(Locale.get_default())
    assert page_absolute_url(about, "en").endswith("/en/om/")
    assert page_absolute_url(about, "ar").endswith("/om/")


# --- translation sync ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_changed_swedish_page_marks_its_translations_out_of_date(translated):
    _home, about_en = translated
    about = about_en.get_translation(Locale.get_default()).specific
    assert translations_out_of_date(about) == []
    about.intro = "Vi hjälper idéer att växa – nu även på lördagar."
    about.save_revision().publish()
    stale = translations_out_of_date(about)
    assert [page.pk for page in stale] == [about_en.pk]
    assert translations_out_of_date(about_en) == stale
    # "Sync translated pages" reads the Swedish text again: no longer out of date.
    TranslationSource.get_or_create_from_instance(about)[0].update_from_db()
    assert translations_out_of_date(about) == []


@pytest.mark.django_db
def test_a_new_swedish_page_appears_in_the_english_tree_until_it_is_translated(translated, sites):
    home = sites["ekero"].root_page
    news = home.add_child(instance=StandardPage(title="Nyheter", slug="nyheter", intro="Nytt."))
    news.save_revision().publish()
    alias = news.get_translation(Locale.objects.get(language_code="en"))
    assert alias.alias_of_id == news.pk
    english = Client().get("/en/nyheter/", headers=EKERO)
    assert english.status_code == 200
    assert "visas på svenska" in english.text or "shown in Swedish" in english.text
    assert _links_by_language(english.text)["sv"] == "/nyheter/"
    assert 'hreflang="en"' not in english.text.split("</head>")[0]


@pytest.mark.django_db
def test_a_translation_gets_the_workflow_of_its_source(sites, about):
    from wagtail.models import WorkflowPage

    locales_ensure()
    home = sites["ekero"].root_page
    assert WorkflowPage.objects.filter(page=home).exists()
    home_en = _translate(home.specific, "en", "Idélabbet Ekerö")
    assert home_en.get_workflow() == home.get_workflow()
    about_en = _translate(about, "en", "About")
    assert about_en.get_workflow() == about.get_workflow()


# --- snippets ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_footer_texts_follow_the_urls_language(sites, about):
    from cms.models import SiteContact, SiteTexts

    locales_ensure()
    contact = SiteContact.for_site(sites["ekero"])
    contact.opening_hours = "Tisdagar 15–19"
    contact.save()
    swedish = SiteTexts.objects.get(site=sites["ekero"], locale=Locale.get_default())
    assert swedish.opening_hours == "Tisdagar 15–19"
    english = swedish.copy_for_translation(Locale.objects.get(language_code="en"))
    english.opening_hours = "Tuesdays 3–7 pm"
    english.save()
    assert "Tuesdays 3–7 pm" in Client().get("/en/om/", headers=EKERO).text
    sv_page = Client().get("/om/", headers=EKERO).text
    assert "Tisdagar 15–19" in sv_page and "Tuesdays" not in sv_page
    # Jönköping's English footer is untranslated: its Swedish text, never Ekerö's.
    assert "Tuesdays" not in Client().get("/en/", headers=JONKOPING).text


@pytest.mark.django_db
def test_principles_show_their_translation_or_the_swedish_text(sites):
    from django.utils import translation

    from forum.models import GuidingPrinciple
    from forum.selectors import principles_list

    locales_ensure()
    dialog = GuidingPrinciple.objects.create(name="Dialog", definition="Ett samtal.")
    GuidingPrinciple.objects.create(name="Mångfald", definition="Många röster.")
    english = dialog.copy_for_translation(Locale.objects.get(language_code="en"))
    english.name, english.definition = "Dialogue", "A conversation."
    english.save()
    with translation.override("en"):
        assert sorted(p.name for p in principles_list()) == ["Dialogue", "Mångfald"]
    with translation.override("sv"):
        assert sorted(p.name for p in principles_list()) == ["Dialog", "Mångfald"]


# --- the demo ------------------------------------------------------------------------------


def _tree_is_consistent():
    return [
        page.url_path
        for page in Page.objects.all()
        if page.numchild
        != Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
    ]


@pytest.mark.django_db
def test_demo_translations_load_twice_without_changing_anything(sites):
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    counts = {
        "pages": Page.objects.count(),
        "translations": Translation.objects.count(),
        "revisions": Page.objects.filter(locale__language_code="en").count(),
    }
    from wagtail.models import Revision

    revisions = Revision.objects.count()
    assert _tree_is_consistent() == []
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    assert _tree_is_consistent() == []
    assert Revision.objects.count() == revisions
    assert {
        "pages": Page.objects.count(),
        "translations": Translation.objects.count(),
        "revisions": Page.objects.filter(locale__language_code="en").count(),
    } == counts
    client = Client()
    english_home = client.get("/en/", headers=JONKOPING)
    assert "Forum Civilsamhälle Jönköping brings civil society" in english_home.text
    assert "Weekdays 8 am–5 pm" in english_home.text
    assert client.get("/ar/", headers=EKERO).status_code == 200
    assert "مختبر الأفكار" in client.get("/ar/", headers=EKERO).text
    assert client.get("/ar/", headers=JONKOPING).status_code == 404
    for path in ("/en/ideer/", "/en/om/", "/en/snabb-slant/", "/en/kontakt/"):
        assert client.get(path, headers=EKERO).status_code == 200, path
    for path in ("/en/forum/", "/en/forum/hosten-2019/", "/en/forum/varen-2027/"):
        assert client.get(path, headers=JONKOPING).status_code == 200, path


@pytest.mark.django_db
def test_an_untranslated_copy_is_not_found_twice_and_its_translation_is_found_in_english(
    translated, sites
):
    from search.models import CatalogRecord
    from search.services import catalog_drain

    home = sites["ekero"].root_page
    news = home.add_child(
        instance=StandardPage(title="Nyheter om språkcafé", slug="nyheter", intro="Språkcafé.")
    )
    news.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    alias = news.get_translation(english)
    assert alias.alias_of_id == news.pk
    catalog_drain()
    urls = set(
        CatalogRecord.objects.filter(title__contains="språkcafé").values_list("url", flat=True)
    )
    assert urls == {"/nyheter/"}
    html = strip_tags(Client().get("/en/sok/", {"q": "språkcafé"}, headers=EKERO).text)
    assert html.count("Nyheter om språkcafé") == 1
    _translate(news, "en", "News about the language café", "Language café.")
    catalog_drain()
    html = strip_tags(Client().get("/en/sok/", {"q": "language café"}, headers=EKERO).text)
    assert "News about the language café" in html


@pytest.mark.django_db
def test_a_translation_without_its_title_is_not_published_and_the_field_says_why(
    translated, client
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from tests.factories import UserFactory

    _home, about_en = translated
    admin = UserFactory(is_superuser=True)
    admin.save()
    client.force_login(admin)
    data = nested_form_data(
        {
            "title": "",
            "slug": about_en.slug,
            "intro": "We help ideas grow, now faster.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "action-publish"
    # Synchronised with Swedish, the translation is edited in wagtail-localize's
    # editor: a plain edit is sent there, and nothing is published.
    response = client.post(f"/admin/pages/{about_en.pk}/edit/", data)
    assert response.status_code == 302
    assert StandardPage.objects.get(pk=about_en.pk).intro == "We help ideas grow."
    # An editor who stops the synchronisation edits it as any page: the empty
    # title is refused, on the field, and the live page is untouched.
    translation = Translation.objects.get(
        source__object_id=about_en.translation_key, target_locale__language_code="en"
    )
    client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": "/"})
    response = client.post(f"/admin/pages/{about_en.pk}/edit/", data)
    assert response.status_code == 200
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', response.text).group(0)
    assert 'aria-invalid="true"' in title_input
    assert "panel-child-innehall-child-title-errors" in title_input
    assert "Det här fältet är obligatoriskt" in response.text
    live = StandardPage.objects.get(pk=about_en.pk)
    assert (live.title, live.intro) == ("About Idélabbet", "We help ideas grow.")
    assert "now faster" not in Client().get("/en/om/", headers=EKERO).text


@pytest.mark.django_db
def test_the_switch_works_on_every_page_type_of_the_demo(sites):
    """Every kind of page both sites publish has a switch to each offered language.

    Each link leads to a page that answers (the translation, or the notice that
    the page is not translated with a link back), and from the other language
    the switch leads back to the Swedish page.
    """
    from wagtail.models import Site, get_page_models

    from cms.languages.selectors import site_languages

    out = io.StringIO()
    call_command("load_demo", allow_production=True, stdout=out)
    # The demo's translations are complete: every page of both sites in English.
    counts = re.findall(r"engelska (\d+)/(\d+) sidor", out.getvalue())
    assert len(counts) == 2 and all(done == total for done, total in counts), counts
    swedish = Locale.objects.get(language_code="sv")
    seen = set()
    for site in Site.objects.all():
        offered = site_languages(site)
        host = {"host": site.hostname}
        for model in get_page_models():
            if model._meta.abstract or model is Page:
                continue
            page = (
                model.objects.live()
                .public()
                .descendant_of(site.root_page, inclusive=True)
                .filter(locale=swedish, alias_of__isnull=True)
                .first()
            )
            if page is None:
                continue
            seen.add(model.__name__)
            url = page.get_url(current_site=site)
            response = Client().get(url, headers=host)
            assert response.status_code == 200, url
            links = _links_by_language(response.text)
            assert set(links) == set(offered) - {"sv"}, (url, links)
            for href in links.values():
                other = Client().get(href, headers=host)
                assert other.status_code == 200, (url, href)
                # Back to the Swedish page: the switch, or the not-translated notice.
                assert f'href="{url}"' in other.text, (url, href)
    # Both practices' page types and the host's are among them.
    assert {"HomePage", "StandardPage", "IdeaIndexPage", "IdeaPage", "MeetingPage"} <= seen, seen
