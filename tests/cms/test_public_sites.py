"""Each municipality's look as site settings, the header and footer, the accessibility
statement with its feedback, favicon and Swedish slugs."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cms.branding import accent_colour_validator
from cms.models import (
    AccessibilityFeedback,
    AccessibilityStatementPage,
    SiteContact,
    SiteIdentity,
    StandardPage,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _settings_url(model: str, site) -> str:
    return f"/admin/settings/cms/{model}/{site.pk}/"


def _statement(site, **fields):
    page = site.root_page.add_child(
        instance=AccessibilityStatementPage(
            title="Tillgänglighetsredogörelse",
            slug="tillganglighet",
            compliance="partial",
            last_reviewed=datetime.date(2026, 10, 15),
            **fields,
        )
    )
    page.save_revision().publish()
    return page


def test_a_colour_that_fails_contrast_is_refused_with_a_clear_message(client, ekero):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    response = client.post(
        _settings_url("siteidentity", ekero),
        {"accent_colour": "#f2b53a", "tagline": "Öarna i Mälaren", "logo": ""},
    )
    assert response.status_code == 200
    assert (
        "Färgen #f2b53a har bara kontrasten 1,8:1 mot vitt. Den behöver minst 4,5:1"
        in response.content.decode()
    )
    # Nothing was saved: the site keeps its readable default.
    assert SiteIdentity.for_site(ekero).accent_colour == "#0b5394"


def test_a_readable_colour_is_saved_and_served_as_the_sites_theme(client, ekero, jonkoping):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    response = client.post(
        _settings_url("siteidentity", ekero),
        {"accent_colour": "#1d5c4d", "tagline": "Öarna i Mälaren", "logo": ""},
    )
    assert response.status_code == 302
    client.logout()
    css = client.get("/tema.css", headers={"host": "localhost"})
    assert css.content.decode().strip() == ":root { --brand: #1d5c4d; }"
    # The other municipality keeps its own.
    other = client.get("/tema.css", headers={"host": "jonkoping.localhost"})
    assert "#0b5394" in other.content.decode()
    home = client.get("/", headers={"host": "localhost"}).content.decode()
    assert 'href="/tema.css?c=1d5c4d"' in home
    assert "Öarna i Mälaren" in home


@pytest.mark.parametrize("value", ["#fff", "blue", "#12345g", "#ffffff"])
def test_the_validator_refuses_bad_formats_and_light_colours(value):
    with pytest.raises(ValidationError):
        accent_colour_validator(value)


def test_a_municipality_cannot_change_the_other_municipalitys_look(client, ekero, jonkoping):
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    assert client.get(_settings_url("siteidentity", ekero)).status_code == 200
    assert client.get(_settings_url("sitecontact", ekero)).status_code == 200
    for model in ("siteidentity", "sitecontact"):
        response = client.post(
            _settings_url(model, jonkoping), {"accent_colour": "#000000", "email": "x@example.se"}
        )
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/admin/" in response["Location"]
    assert SiteIdentity.for_site(jonkoping).accent_colour == "#0b5394"
    assert SiteContact.for_site(jonkoping).email == ""


def test_every_page_has_the_header_search_and_the_statement_in_the_footer(client, ekero):
    _statement(ekero)
    ekero.root_page.add_child(
        instance=StandardPage(title="Om", slug="om")
    ).save_revision().publish()
    for path in ("/", "/om/", "/finns-inte/", "/sok/?q=idé"):
        html = client.get(path, headers={"host": "localhost"}).content.decode()
        assert 'action="/sok/" method="get" role="search"' in html, path
        assert (
            '<label for="sok-sidhuvud" class="visually-hidden">Sök på webbplatsen</label>' in html
        )
        assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in html, path
        assert '<script src="/static/cms/js/site.js" defer></script>' in html
        assert "<script>" not in html and " style=" not in html


def test_header_search_leads_to_the_sites_search(client, ekero):
    response = client.get("/sok/", {"q": "Idélabbet"}, headers={"host": "localhost"})
    assert response.status_code == 200
    assert "Sök på webbplatsen" in response.content.decode()


def test_favicon_is_served(client, ekero):
    response = client.get("/favicon.ico", headers={"host": "localhost"})
    assert response.status_code == 301
    assert response["Location"] == "/static/cms/favicon.svg"


def test_accessibility_statement_states_compliance_review_date_and_digg(client, ekero):
    _statement(ekero, shortcomings="<p>Gamla PDF-filer är inte tillgängliga.</p>")
    html = client.get("/tillganglighet/", headers={"host": "localhost"}).content.decode()
    assert "Webbplatsen är delvis förenlig med lagen om tillgänglighet" in html
    assert '<time datetime="2026-10-15">15 oktober 2026</time>' in html
    assert "Gamla PDF-filer är inte tillgängliga." in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html


def test_feedback_reaches_the_administrators_by_email_and_in_the_admin(
    client, ekero, jonkoping, immediate_tasks, django_capture_on_commit_callbacks
):
    contact = SiteContact.for_site(ekero)
    contact.email = "idelabbet@ekero.example.se"
    contact.save()
    statement = _statement(ekero)
    other = _statement(jonkoping)
    AccessibilityFeedback.objects.create(statement=other, description="Jönköpings synpunkt")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/tillganglighet/{statement.pk}/synpunkt/",
            {
                "description": "Knappen Skicka går inte att nå med tangentbordet.",
                "page_address": "/idelabbet/skicka-in/",
                "name": "Kim",
                "email": "kim@example.se",
            },
            headers={"host": "localhost"},
        )
    assert response.status_code == 302
    assert response["Location"] == "/tillganglighet/#tack"
    [message] = mail.outbox
    assert message.to == ["idelabbet@ekero.example.se"]
    assert message.reply_to == ["kim@example.se"]
    assert "Knappen Skicka går inte att nå med tangentbordet." in message.body
    assert "/admin/tillganglighet/inspect/" in message.body
    page = client.get(response["Location"], headers={"host": "localhost"}).content.decode()
    assert 'id="tack" class="confirmation" role="status"' in page
    assert "Tack! Din synpunkt har skickats" in page.split('id="tack"', 1)[1]

    # In the admin: an Ekerö moderator sees Ekerö's report, never Jönköping's.
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    listing = client.get("/admin/tillganglighet/").content.decode()
    assert "Knappen Skicka går inte att nå" in listing
    assert "Jönköpings synpunkt" not in listing
    theirs = AccessibilityFeedback.objects.get(statement=other)
    assert client.get(f"/admin/tillganglighet/inspect/{theirs.pk}/").status_code == 404


def test_the_statement_links_to_the_feedback_page_and_carries_no_form(client, ekero):
    statement = _statement(ekero)
    html = client.get("/tillganglighet/", headers={"host": "localhost"}).content.decode()
    assert "Rapportera brister i tillgängligheten" in html
    assert (
        f'<a class="button" href="/tillganglighet/{statement.pk}/synpunkt/">Lämna synpunkter</a>'
        in html
    )
    assert "<form" not in html.split("<main", 1)[1]
    assert "csrfmiddlewaretoken" not in html


def test_the_feedback_page_shows_the_form_and_leads_back(client, ekero):
    statement = _statement(ekero)
    response = client.get(
        f"/tillganglighet/{statement.pk}/synpunkt/", headers={"host": "localhost"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Rapportera brister i tillgängligheten</h1>" in html
    assert "Vad fungerar inte?" in html
    assert "csrfmiddlewaretoken" in html
    assert '<a href="/tillganglighet/">Tillbaka till Tillgänglighetsredogörelse</a>' in html


def test_feedback_without_a_description_is_refused_and_keeps_the_text(client, ekero):
    statement = _statement(ekero)
    response = client.post(
        f"/tillganglighet/{statement.pk}/synpunkt/",
        {"description": "", "page_address": "/om/", "name": "Kim", "email": "kim@"},
        headers={"host": "localhost"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in html
    assert "Något behöver rättas" in html
    assert "Det du har skrivit finns kvar." in html
    assert "Beskriv vad som inte fungerar." in html
    assert "Skriv e-postadressen som namn@exempel.se." in html
    assert 'value="/om/"' in html
    assert 'value="Kim"' in html
    assert 'value="kim@"' in html
    assert not AccessibilityFeedback.objects.exists()


def test_many_reports_from_one_address_are_stopped_with_the_text_kept(client, ekero, settings):
    settings.ACCESSIBILITY_FEEDBACK_RATE = "2/h"
    statement = _statement(ekero)
    url = f"/tillganglighet/{statement.pk}/synpunkt/"
    for n in range(2):
        response = client.post(url, {"description": f"Brist {n}"}, headers={"host": "localhost"})
        assert response.status_code == 302
    response = client.post(url, {"description": "Kartan går inte"}, headers={"host": "localhost"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Många synpunkter har skickats härifrån. Försök igen senare." in html
    assert "Kartan går inte</textarea>" in html
    assert AccessibilityFeedback.objects.count() == 2


def test_the_feedback_page_in_english_speaks_english(client, ekero):
    statement = _statement(ekero)
    url = f"/en/tillganglighet/{statement.pk}/synpunkt/"
    statement_html = client.get("/en/tillganglighet/", headers={"host": "localhost"}).text
    assert f'href="{url}">Give feedback</a>' in statement_html
    form = client.get(url, headers={"host": "localhost"}).text
    assert '<html lang="en"' in form
    assert "Report accessibility problems" in form
    wrong = client.post(url, {"description": "", "name": "Kim"}, headers={"host": "localhost"})
    assert wrong.status_code == 400
    assert "Something needs correcting" in wrong.text
    assert "What you wrote is still here." in wrong.text
    assert 'value="Kim"' in wrong.text
    done = client.post(url, {"description": "The map"}, headers={"host": "localhost"})
    assert done.status_code == 302
    assert AccessibilityFeedback.objects.get().language == "en"


def test_a_statement_of_another_site_has_no_feedback_page_here(client, ekero, jonkoping):
    theirs = _statement(jonkoping)
    response = client.get(f"/tillganglighet/{theirs.pk}/synpunkt/", headers={"host": "localhost"})
    assert response.status_code == 404


def test_a_coach_without_the_permission_cannot_read_feedback(client, ekero):
    AccessibilityFeedback.objects.create(statement=_statement(ekero), description="Hemligt")
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    response = client.get("/admin/tillganglighet/")
    assert response.status_code in (302, 403)


def test_a_new_page_gets_a_swedish_ascii_slug_in_the_admin(client, ekero):
    client.force_login(UserFactory(groups=["Webbplatsadministratörer"]))
    home = ekero.root_page
    response = client.post(
        f"/admin/pages/add/cms/standardpage/{home.pk}/",
        {
            "title": "Forum civilsamhälle på Öarna",
            "slug": "forum-civilsamhälle-på-öarna",
            "intro": "",
            "body-count": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(title="Forum civilsamhälle på Öarna")
    assert page.slug == "forum-civilsamhalle-pa-oarna"
