"""The outbox: updates queued in the writing transaction, delivered after commit."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from search.models import CatalogOutbox, CatalogRecord
from search.registry import CatalogEntry, CatalogSource, register, unregister
from search.selectors import catalog_search
from search.services import catalog_drain, catalog_queue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page(home, title, body_text="", slug=None):
    page = home.add_child(
        instance=StandardPage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            intro=body_text,
            live=False,
        )
    )
    return page


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _keys(query, **kwargs):
    return catalog_search(query=query, per_page=50, **kwargs).keys


def test_a_published_page_is_queued_in_its_transaction_and_found_after_commit(
    ekero, immediate_tasks, django_capture_on_commit_callbacks
):
    page = _page(ekero.root_page, "Vänfamiljnätverket", "Familjer som möter nyanlända.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _publish(page)
    key = f"cms.standardpage:{page.pk}"
    assert CatalogOutbox.objects.filter(key=key).exists()
    assert not CatalogRecord.objects.filter(key=key).exists()
    assert _keys("vänfamiljnätverket") == []
    for callback in callbacks:
        callback()
    assert not CatalogOutbox.objects.exists()
    assert _keys("vänfamiljnätverket") == [key]
    assert _keys("nyanlända", user=None) == [key]


def test_a_rolled_back_publish_queues_nothing(ekero, immediate_tasks):
    page = _page(ekero.root_page, "Öar utan gränser")
    CatalogOutbox.objects.all().delete()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            _publish(page)
            assert CatalogOutbox.objects.exists()
            raise RuntimeError("rollback")
    assert not CatalogOutbox.objects.exists()
    catalog_drain()
    assert _keys("gränser") == []


def test_restricting_a_page_to_a_group_hides_it_from_the_public_after_commit(
    ekero, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _publish(_page(ekero.root_page, "Coachernas rutiner", "Rutiner för coachning."))
    assert _keys("coachning") == [f"cms.standardpage:{page.pk}"]
    coach = UserFactory(groups=["Ekerö coacher"])
    citizen = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.set([Group.objects.get(name="Ekerö coacher")])
    assert _keys("coachning") == []
    assert _keys("coachning", user=citizen) == []
    assert _keys("coachning", user=coach) == [f"cms.standardpage:{page.pk}"]
    # Widening the restriction to another group reaches its members too.
    moderator = UserFactory(groups=["Ekerö moderatorer"])
    with django_capture_on_commit_callbacks(execute=True):
        restriction.groups.add(Group.objects.get(name="Ekerö moderatorer"))
    assert _keys("coachning", user=moderator) == [f"cms.standardpage:{page.pk}"]


def test_login_restricted_pages_are_for_logged_in_users_and_password_pages_for_nobody(
    ekero, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members = _publish(_page(ekero.root_page, "Medlemssida", "Syateljé för medlemmar."))
        secret = _publish(_page(ekero.root_page, "Lösenordssida", "Syateljé med lösenord."))
        PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
        PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
    assert _keys("syateljé") == []
    assert _keys("syateljé", user=UserFactory()) == [f"cms.standardpage:{members.pk}"]
    admin = UserFactory(is_superuser=True)
    assert _keys("syateljé", user=admin) == [f"cms.standardpage:{members.pk}"]


def test_unpublishing_and_deleting_remove_the_entry(
    ekero, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _publish(_page(ekero.root_page, "Språkcafé på biblioteket"))
        second = _publish(_page(ekero.root_page, "Språkcafé i Stallarholmen"))
    assert len(_keys("språkcafé")) == 2
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert _keys("språkcafé") == [f"cms.standardpage:{second.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert _keys("språkcafé") == []
    assert not CatalogRecord.objects.filter(kind="page", title__startswith="Språkcafé").exists()


def test_moving_a_page_under_a_restricted_parent_hides_it(
    ekero, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        parent = _publish(_page(ekero.root_page, "Internt"))
        PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
        child = _publish(_page(ekero.root_page, "Lokalbokning", "Boka lokal i kommunhuset."))
    assert _keys("lokal") == [f"cms.standardpage:{child.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        child.move(parent, pos="last-child")
    assert _keys("lokal") == []
    assert _keys("lokal", user=UserFactory()) == [f"cms.standardpage:{child.pk}"]


def test_drain_is_idempotent_and_keeps_one_entry_per_object(ekero, immediate_tasks):
    page = _publish(_page(ekero.root_page, "Dragkroksklubben"))
    catalog_queue(instances=[page, page])
    catalog_drain()
    catalog_queue(instances=[page])
    catalog_drain()
    catalog_drain()
    assert CatalogRecord.objects.filter(key=f"cms.standardpage:{page.pk}").count() == 1
    assert not CatalogOutbox.objects.exists()


def test_an_unreachable_engine_keeps_updates_and_pages_keep_working(
    ekero, immediate_tasks, settings, client, django_capture_on_commit_callbacks
):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    with django_capture_on_commit_callbacks(execute=True):
        page = _publish(_page(ekero.root_page, "Naturvård på Adelsö", "Vi rensar stränder."))
    assert page.live
    row = CatalogOutbox.objects.get(key=f"cms.standardpage:{page.pk}")
    assert row.attempts == 1
    assert "Elasticsearch" in row.last_error
    assert client.get(page.url, headers={"host": "localhost"}).status_code == 200
    response = client.get("/sok/", {"q": "stränder"}, headers={"host": "localhost"})
    assert response.status_code == 200
    assert "reservsökningen" in response.text
    out = _call("search_status")
    assert "Väntande ändringar i utkorgen: " in out
    assert "Elasticsearch" in out
    # The engine comes back (here: the database engine): the retry delivers it.
    settings.SEARCH_ENGINE = "database"
    CatalogOutbox.objects.update(available_at=row.created_at)
    assert "Levererade: " in _call("search_drain")
    assert not CatalogOutbox.objects.exists()
    assert _keys("stränder") == [f"cms.standardpage:{page.pk}"]


def _call(name, *args):
    import io

    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue()


class PersonSource(CatalogSource):
    """Test-only source: a user's own profile, visible to that user alone."""

    model = get_user_model()
    kind = "person"
    kind_label = "Person"

    def to_entry(self, obj):
        if obj.username == "trasig":
            raise ValueError("cannot describe this person")
        if not obj.is_active:
            return None
        return CatalogEntry(
            key=self.key_for(obj),
            kind=self.kind,
            site_id=None,
            url=f"/personer/{obj.pk}/",
            title=f"Profil {obj.username}",
            body="Profiltext om engagemang i föreningslivet.",
            principals=frozenset({f"user:{obj.pk}"}),
            facets={"status": "aktiv"},
        )


@pytest.fixture
def person_source():
    register(PersonSource())
    yield
    unregister(get_user_model())


def test_a_registered_source_trims_entries_to_their_own_principals(person_source, db):
    anna, bertil = UserFactory(username="anna"), UserFactory(username="bertil")
    catalog_queue(instances=[anna, bertil])
    catalog_drain()
    assert _keys("profil", user=anna) == [f"auth.user:{anna.pk}"]
    assert _keys("profil", user=bertil) == [f"auth.user:{bertil.pk}"]
    assert _keys("profil") == []
    bertil.is_active = False
    bertil.save()
    catalog_queue(instances=[bertil])
    catalog_drain()
    assert not CatalogRecord.objects.filter(key=f"auth.user:{bertil.pk}").exists()


def test_one_broken_object_does_not_block_the_others(person_source, db):
    broken, fine = UserFactory(username="trasig"), UserFactory(username="hel")
    catalog_queue(instances=[broken, fine])
    report = catalog_drain()
    assert report.delivered == 1 and report.failed == 1
    assert _keys("profil", user=fine) == [f"auth.user:{fine.pk}"]
    row = CatalogOutbox.objects.get()
    assert row.key == f"auth.user:{broken.pk}" and "cannot describe" in row.last_error


def test_entries_of_an_unregistered_source_are_removed(person_source, db):
    user = UserFactory(username="cecilia")
    catalog_queue(instances=[user])
    catalog_drain()
    assert CatalogRecord.objects.filter(kind="person").count() == 1
    catalog_queue(instances=[user])
    unregister(get_user_model())
    catalog_drain()
    assert not CatalogRecord.objects.filter(kind="person").exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_task_worker_delivers_the_outbox(sites):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    CatalogOutbox.objects.all().delete()
    DBTaskResult.objects.all().delete()
    page = _publish(_page(sites["ekero"].root_page, "Världsarv på Björkö"))
    assert DBTaskResult.objects.filter(task_path__endswith="catalog_drain_task").exists()
    assert _keys("världsarv") == []
    Worker(
        queue_names=["search"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    assert _keys("världsarv") == [f"cms.standardpage:{page.pk}"]
    assert not CatalogOutbox.objects.exists()
