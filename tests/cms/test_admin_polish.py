"""The admin as the municipalities' staff meet it: the dashboard, the sidebar
search, Wagtail's strings in Swedish and no stray drafts from "add page"."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_greets_the_person_and_hides_empty_counts(client, ekero):
    coach = UserFactory(username="kim", first_name="Kim", groups=["Ekerö coacher"])
    client.force_login(coach)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hej Kim!" in page
    assert "0 Dokument" not in page and "Kommun och civilsamhälle</h1>" not in page


def test_the_sidebar_search_goes_to_the_catalog(client, ekero):
    from wagtail.admin.search import admin_search_areas

    coach = UserFactory(username="kim", groups=["Ekerö coacher"])
    client.force_login(coach)
    request = client.get(reverse("wagtailadmin_home")).wsgi_request
    first = admin_search_areas.search_items_for_request(request)[0]
    assert first.url == reverse("search_catalog")


def test_the_last_moderation_step_reads_as_swedish(client, ekero):
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("sv"):
        assert gettext("%(label)s and Publish") % {"label": "Godkänn"} == "Godkänn och publicera"
        assert gettext("Autosave is paused") == "Automatisk sparning är pausad"


def test_leaving_add_page_leaves_no_draft_behind(client, ekero, admin_user):
    client.force_login(admin_user)
    home = ekero.root_page
    before = Page.objects.count()
    page = client.get(
        reverse("wagtailadmin_pages:add", args=["cms", "standardpage", home.pk])
    ).content.decode()
    # No autosave controller: nothing is created until the editor saves.
    assert "data-w-autosave-interval-value" not in page
    assert Page.objects.count() == before


def test_the_editors_script_strings_are_swedish_too(client, ekero, admin_user):
    client.force_login(admin_user)
    catalog = client.get(reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="sv")
    text = catalog.content.decode()
    assert "S\\u00f6k bland alternativen" in text or "Sök bland alternativen" in text
