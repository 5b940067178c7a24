"""Pages in the catalog: a rebuild batch trims exactly as one page at a time does."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from search.registry import source_for_model
from search.services import _entries_of

pytestmark = pytest.mark.django_db


def _child(parent, slug):
    return parent.add_child(instance=StandardPage(title=f"Sida {slug}", slug=slug, intro="Text."))


def _restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="hemligt" if kind == "password" else ""
    )
    restriction.groups.set([Group.objects.get(name=name) for name in groups])


@pytest.fixture
def tree(sites):
    ekero, jonkoping = sites["ekero"].root_page, sites["jonkoping"].root_page
    public = _child(ekero, "oppen")
    coaches = _child(ekero, "coacher")
    _restrict(coaches, PageViewRestriction.GROUPS, ["Ekerö coacher", "Ekerö processledare"])
    nested = _child(coaches, "ledning")
    _restrict(nested, PageViewRestriction.GROUPS, ["Ekerö processledare"])
    _child(nested, "djup")
    members = _child(jonkoping, "medlemmar")
    _restrict(members, PageViewRestriction.LOGIN)
    secret = _child(ekero, "losen")
    _restrict(secret, PageViewRestriction.PASSWORD)
    _child(secret, "under-losen")
    alias = coaches.create_alias(parent=jonkoping, update_slug="alias-coacher")
    return {"public": public, "alias": alias}


def test_a_batch_of_pages_gets_the_viewers_one_page_at_a_time_gets(tree, sites):
    source = source_for_model(StandardPage)
    one_by_one = {e.key: e for e in map(source.to_entry, source.get_queryset()) if e}
    with CaptureQueriesContext(connection) as queries:
        batched = {e.key: e for e in _entries_of(source, list(source.get_queryset()))}
    assert batched == one_by_one
    by_slug = {e.url.strip("/").split("/")[-1]: e for e in batched.values()}
    assert by_slug["oppen"].principals == {"anonymous"}
    coach, lead = (Group.objects.get(name=n).pk for n in ("Ekerö coacher", "Ekerö processledare"))
    assert by_slug["coacher"].principals == {f"group:{coach}", f"group:{lead}"}
    assert by_slug["djup"].principals == {f"group:{lead}"}
    assert by_slug["medlemmar"].principals == {"role:authenticated"}
    # The alias answers with its source page's restriction.
    assert by_slug["alias-coacher"].principals == by_slug["coacher"].principals
    assert by_slug["alias-coacher"].site_id == sites["jonkoping"].pk
    assert "losen" not in by_slug and "under-losen" not in by_slug
    # Restrictions and ancestors for the whole batch: a handful of queries, not per page.
    assert len(queries.captured_queries) <= 5
