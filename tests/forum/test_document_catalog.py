"""Wagtail documents in the catalog: found by whom their collection and linking pages allow."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from forum.models import MeetingStatus
from search.models import CatalogOutbox, CatalogRecord, FileText
from search.services import catalog_drain
from tests import filesamples
from tests.factories import UserFactory
from tests.forum.conftest import add_meeting

pytestmark = pytest.mark.django_db

WORD = "Rosenlundsbadet"  # only inside the minutes' PDF


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def work(immediate_tasks, django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            catalog_drain()
        assert not CatalogOutbox.objects.exists()

    return run


def _held(index):
    return add_meeting(index, title="Forum hösten 2019", days=-30, status=MeetingStatus.HELD)


def _collection():
    return Collection.objects.get(name="Jönköpings kommun")


def _document(collection=None, *, data=None, name="protokoll-hosten-2019.pdf"):
    data = data or filesamples.pdf_bytes(
        "Protokoll från Forum Civilsamhälle hösten 2019.",
        f"Förslag 4: sommarträffar vid {WORD} för den som är ensam.",
    )
    return get_document_model().objects.create(
        title="Protokoll hösten 2019",
        file=ContentFile(data, name=name),
        collection=collection or _collection(),
    )


def _link(meeting, document):
    meeting.documentation = [("document", {"document": document, "title": "Protokoll"})]
    meeting.save_revision().publish()


def _public(client, site, query):
    response = client.get("/sok/", {"q": query}, headers={"host": site.hostname})
    assert response.status_code == 200
    return response.text


def _staff(client, user, query):
    client.force_login(user)
    response = client.get("/admin/katalogsok/", {"q": query})
    assert response.status_code == 200
    return response.text


def test_minutes_linked_from_a_public_meeting_are_found_by_everyone_with_their_details(
    client, forum_index, jonkoping, work
):
    meeting = _held(forum_index)
    document = _document()
    _link(meeting, document)
    work()
    page = _public(client, jonkoping, WORD)
    text = strip_tags(page)
    assert "Protokoll hösten 2019" in text
    assert "protokoll-hosten-2019.pdf" in text and "PDF" in text
    assert "Hör till Forum hösten 2019" in text
    assert f"<mark>{WORD}</mark>" in page
    assert f'href="{document.url}"' in page
    # Dated by its meeting, not by the upload: the year facet says when it was held.
    assert (
        CatalogRecord.objects.get(key=f"wagtaildocs.document:{document.pk}").date == meeting.start
    )
    # Swedish analysis as for pages: another form of a word inside the PDF.
    assert "Protokoll hösten 2019" in strip_tags(_public(client, jonkoping, "sommarträff"))


def test_unpublishing_the_only_linking_page_takes_the_document_from_the_public(
    client, forum_index, jonkoping, work
):
    meeting = _held(forum_index)
    _link(meeting, _document())
    work()
    assert "protokoll-hosten-2019.pdf" in _public(client, jonkoping, WORD)
    meeting.unpublish()
    work()
    assert "protokoll-hosten-2019.pdf" not in _public(client, jonkoping, WORD)


def test_an_unlinked_upload_is_found_only_by_those_who_manage_its_collection(
    client, forum_index, jonkoping, work
):
    _document()
    work()
    assert "protokoll-hosten-2019.pdf" not in _public(client, jonkoping, WORD)
    arranger = UserFactory(groups=["Jönköping forumarrangörer"])
    assert "protokoll-hosten-2019.pdf" in _staff(client, arranger, WORD)
    coach = UserFactory(groups=["Ekerö coacher"])
    assert "protokoll-hosten-2019.pdf" not in _staff(client, coach, WORD)


def test_a_restricted_collections_document_is_found_by_its_viewers_alone(
    client, forum_index, jonkoping, work
):
    internal = _collection().add_child(name="Internt")
    restriction = CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Jönköping moderatorer")])
    meeting = _held(forum_index)
    _link(meeting, _document(internal))
    work()
    assert "protokoll-hosten-2019.pdf" not in _public(client, jonkoping, WORD)
    moderator = UserFactory(groups=["Jönköping moderatorer"])
    assert "protokoll-hosten-2019.pdf" in _staff(client, moderator, WORD)
    arranger = UserFactory(groups=["Jönköping forumarrangörer"])
    assert "protokoll-hosten-2019.pdf" not in _staff(client, arranger, WORD)


def test_restricting_the_collection_later_re_queues_its_documents(
    client, forum_index, jonkoping, work
):
    meeting = _held(forum_index)
    _link(meeting, _document())
    work()
    restriction = CollectionViewRestriction.objects.create(
        collection=_collection(), restriction_type=CollectionViewRestriction.LOGIN
    )
    work()
    assert "protokoll-hosten-2019.pdf" not in _public(client, jonkoping, WORD)
    restriction.delete()
    work()
    assert "protokoll-hosten-2019.pdf" in _public(client, jonkoping, WORD)


def test_a_scanned_pdf_is_found_by_its_title_and_the_admin_says_no_text_was_found(
    client, forum_index, jonkoping, work
):
    meeting = _held(forum_index)
    document = _document(data=filesamples.scanned_pdf_bytes(), name="skannad.pdf")
    _link(meeting, document)
    work()
    assert FileText.objects.get(key=f"wagtaildocs.document:{document.pk}").status == "empty"
    assert "skannad.pdf" in _public(client, jonkoping, "protokoll")
    admin = UserFactory(is_superuser=True)
    admin.save()  # the factory sets the password after saving
    client.force_login(admin)
    response = client.get("/admin/katalogsok/filer/")
    assert response.status_code == 200
    report = strip_tags(response.content.decode())
    assert "skannad.pdf" in report
    assert "Ingen text hittades i filen" in report
    arranger = UserFactory(groups=["Jönköping forumarrangörer"])
    client.force_login(arranger)
    # Wagtail answers a refused admin view with the dashboard and a message.
    refused = client.get("/admin/katalogsok/filer/")
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_a_replaced_document_file_updates_and_a_deleted_document_leaves_no_entry(
    client, forum_index, jonkoping, work
):
    meeting = _held(forum_index)
    document = _document()
    _link(meeting, document)
    work()
    document.file.save(
        "protokoll-v2.docx",
        ContentFile(filesamples.docx_bytes("Rättat protokoll: träffar vid Vätterstranden.")),
        save=False,
    )
    document.file_size = None
    document.save()
    work()
    assert "Protokoll hösten 2019" in strip_tags(_public(client, jonkoping, "Vätterstranden"))
    assert "Protokoll hösten 2019" not in strip_tags(_public(client, jonkoping, WORD))
    key = f"wagtaildocs.document:{document.pk}"
    document.delete()
    work()
    assert not CatalogRecord.objects.filter(key=key).exists()
    assert not FileText.objects.filter(key=key).exists()


def test_deleting_the_only_linking_page_takes_the_document_from_the_public(
    client, forum_index, jonkoping, work
):
    meeting = _held(forum_index)
    _link(meeting, _document())
    work()
    assert "protokoll-hosten-2019.pdf" in _public(client, jonkoping, WORD)
    meeting.delete()
    work()
    assert "protokoll-hosten-2019.pdf" not in _public(client, jonkoping, WORD)
    arranger = UserFactory(groups=["Jönköping forumarrangörer"])
    assert "protokoll-hosten-2019.pdf" in _staff(client, arranger, WORD)
