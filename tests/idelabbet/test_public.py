from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from idelabbet.models import ParticipationOffer
from tests.factories import UserFactory
from tests.idelabbet.conftest import publish, submit

pytestmark = pytest.mark.django_db

PERSONAL = ("Hedda", "hedda.sjoberg@example.se", "070-765 43 21", "Ivar Holm", "ivar.holm@")


@pytest.fixture
def published(ideas_index):
    return publish(submit(ideas_index))


def assert_no_personal_data(text):
    for value in PERSONAL:
        assert value not in text, value


def test_a_published_idea_page_shows_public_fields_only(client, published):
    response = client.get(published.url)
    assert response.status_code == 200
    html = response.text
    assert "<h1>Dragkroksklubben</h1>" in html
    assert "Frivilliga med dragkrok hämtar möbler" in html
    assert "Naturvård" in html
    assert "Inkommen" in html
    assert "Kontakter och nätverk" in html
    assert "Vill du vara med?" in html
    assert_no_personal_data(html)


def test_the_index_and_the_feed_never_show_personal_data(client, published, ideas_index):
    index = client.get(ideas_index.url)
    assert "Dragkroksklubben" in index.text
    assert_no_personal_data(index.text)
    feed = client.get("/idelabbet/flode/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Dragkroksklubben" in feed.text
    assert_no_personal_data(feed.text)


def test_the_feed_lists_only_published_ideas_and_escapes_html(client, ideas_index):
    publish(submit(ideas_index, title="Synlig", summary="<script>alert(1)</script>"))
    submit(ideas_index, title="Utkastet")
    feed = client.get("/idelabbet/flode/").text
    assert "Synlig" in feed
    assert "Utkastet" not in feed
    assert "<script>" not in feed


def test_jonkoping_has_no_ideas_feed(client, published, jonkoping):
    assert client.get("/idelabbet/flode/", HTTP_HOST="jonkoping.localhost").status_code == 404


def test_html_in_an_idea_is_shown_as_text(client, ideas_index):
    idea = publish(submit(ideas_index, title="<b>Fet</b>", summary="<script>alert('x')</script>"))
    html = client.get(idea.url).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_index_filters_by_theme_and_status(client, ideas_index):
    publish(submit(ideas_index, title="Sycafé", theme="gemenskap"))
    odling = publish(submit(ideas_index, title="Odlingslott", theme="naturvard"))
    odling.public_status = "genomfors"
    odling.save_revision().publish()
    html = client.get(ideas_index.url, {"tema": "gemenskap"}).text
    assert "Sycafé" in html and "Odlingslott" not in html
    html = client.get(ideas_index.url, {"status": "genomfors"}).text
    assert "Odlingslott" in html and "Sycafé" not in html
    html = client.get(ideas_index.url, {"tema": "påhittat", "status": "<x>"}).text
    assert "Odlingslott" in html and "Sycafé" in html


def test_the_index_is_paginated_newest_first(client, ideas_index):
    start = timezone.now() - timedelta(days=20)
    for day in range(14):
        with freeze_time(start + timedelta(days=day)):
            publish(submit(ideas_index, title=f"Idé nummer {day:02d}", theme="naturvard"))
    first = client.get(ideas_index.url)
    assert "Idé nummer 13" in first.text and "Idé nummer 01" not in first.text
    assert "14 idéer" in first.text
    assert "Nyare idéer" not in first.text
    older = first.context["window"].next_after
    second = client.get(ideas_index.url, {"efter": older})
    assert "Idé nummer 01" in second.text and "Idé nummer 13" not in second.text
    assert "Idé nummer 00" in second.text and "Äldre idéer" not in second.text
    back = client.get(ideas_index.url, {"fore": second.context["window"].previous_before})
    assert [i.title for i in back.context["ideas"]] == [i.title for i in first.context["ideas"]]
    # A cursor that names nothing listed starts from the newest.
    assert "Idé nummer 13" in client.get(ideas_index.url, {"efter": "99999"}).text
    assert client.get(ideas_index.url, {"efter": "x<"}).status_code == 200
    filtered = client.get(ideas_index.url, {"tema": "naturvard"}).text
    assert f"tema=naturvard&amp;efter={older}" in filtered


def test_the_index_counts_at_most_its_limit(client, ideas_index, monkeypatch):
    from idelabbet.models import pages

    monkeypatch.setattr(pages, "IDEAS_COUNT_LIMIT", 2)
    for n in range(3):
        publish(submit(ideas_index, title=f"Idé {n}"))
    html = client.get(ideas_index.url).text
    assert "Fler än 2 idéer" in html


def test_the_index_costs_the_same_queries_however_many_ideas(
    client, ideas_index, django_assert_max_num_queries
):
    for n in range(3):
        publish(submit(ideas_index, title=f"Idé {n}"))
    client.get(ideas_index.url)  # warm Wagtail's site cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(ideas_index.url, {"tema": "naturvard"})
    for n in range(30):
        publish(submit(ideas_index, title=f"Fler {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(ideas_index.url, {"tema": "naturvard"})
    assert len(many) == len(few)


def offer_url(idea):
    return reverse("idelabbet:participate", args=[idea.pk])


def test_the_idea_page_leads_to_its_offer_form_and_the_form_to_the_idea(client, published):
    page = client.get(published.url).text
    assert f'href="{offer_url(published)}"' in page
    assert "csrfmiddlewaretoken" not in page
    form = client.get(offer_url(published)).text
    assert "csrfmiddlewaretoken" in form
    assert published.title in form


def test_the_offer_form_of_an_unpublished_idea_or_through_another_site_is_not_found(
    client, published
):
    assert (
        client.get(offer_url(published), headers={"host": "jonkoping.localhost"}).status_code == 404
    )
    published.unpublish()
    assert client.get(offer_url(published)).status_code == 404
    assert client.post(offer_url(published), {"med-name": "Greta"}).status_code == 404
    assert ParticipationOffer.objects.count() == 0


def test_a_visitor_offers_to_join_and_it_is_stored_privately(client, published):
    response = client.post(
        offer_url(published),
        {
            "med-name": "Greta Lund",
            "med-email": "greta.lund@example.se",
            "med-contribution": "Jag har en släpvagn.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == published.url
    assert "Tack! Idélabbet förmedlar ditt erbjudande" in response.text
    offer = ParticipationOffer.objects.get()
    assert (offer.idea_id, offer.name, offer.email) == (
        published.pk,
        "Greta Lund",
        "greta.lund@example.se",
    )
    assert "Greta" not in client.get(published.url).text


def test_an_incomplete_offer_keeps_what_was_typed(client, published):
    response = client.post(
        offer_url(published),
        {"med-name": "Greta Lund", "med-email": "", "med-contribution": "Släp"},
    )
    assert response.status_code == 200
    assert "Fyll i det här fältet." in response.text
    assert 'value="Greta Lund"' in response.text
    assert ParticipationOffer.objects.count() == 0


def test_the_offer_honeypot_stores_nothing(client, published):
    client.post(
        offer_url(published),
        {
            "med-name": "Bot",
            "med-email": "b@example.se",
            "med-contribution": "x",
            "med-webbplats": "y",
        },
    )
    assert ParticipationOffer.objects.count() == 0


def test_coaches_see_offers_in_the_admin_and_others_do_not(client, published):
    ParticipationOffer.objects.create(
        idea=published, name="Greta Lund", email="greta.lund@example.se", contribution="Släp"
    )
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    listing = client.get("/admin/idelabbet/vill-vara-med/")
    assert listing.status_code == 200
    assert "Greta Lund" in listing.text
    client.force_login(UserFactory(groups=["Jönköping forumarrangörer"]))
    assert client.get("/admin/idelabbet/vill-vara-med/").status_code in (302, 403)
    client.force_login(UserFactory(groups=["Ekerö moderatorer"]))
    assert client.get("/admin/idelabbet/vill-vara-med/").status_code in (302, 403)


def test_coaches_see_the_submitters_data_and_moderators_do_not(client, published):
    submission = published.submission
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    inspect = client.get(f"/admin/idelabbet/inskickade/inspect/{submission.pk}/")
    assert inspect.status_code == 200
    assert "hedda.sjoberg@example.se" in inspect.text
    assert "Ivar Holm" in inspect.text
    for group in ("Ekerö moderatorer", "Jönköping moderatorer"):
        client.force_login(UserFactory(groups=[group]))
        response = client.get(f"/admin/idelabbet/inskickade/inspect/{submission.pk}/")
        # 404: not their municipality's coaches, so the submission is not theirs to know of.
        assert response.status_code in (302, 403, 404)
        assert "hedda.sjoberg@example.se" not in response.content.decode()


def test_the_offer_form_has_a_rate_limit_per_address(client, published, settings):
    settings.IDELABBET_RATE_LIMITS = {"participate": (1, 3600)}
    data = {"med-name": "Greta Lund", "med-email": "greta@example.se", "med-contribution": "Släp"}
    assert client.post(offer_url(published), data).status_code == 302
    blocked = client.post(offer_url(published), {**data, "med-name": "Greta Igen"})
    assert blocked.status_code == 429
    assert "Försök igen senare." in blocked.text
    assert 'value="Greta Igen"' in blocked.text
    assert ParticipationOffer.objects.count() == 1
