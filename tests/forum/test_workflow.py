import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from forum.models import ForumIndexPage, MeetingPage, OtherOrganiserApprovalTask, ProposalPage

from .conftest import add_meeting, add_proposal, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def erik(sites):
    from tests.factories import UserFactory

    return UserFactory(username="erik", groups=["Jönköping forumarrangörer"])


@pytest.fixture
def fatima(sites):
    from tests.factories import UserFactory

    return UserFactory(username="fatima", groups=["Jönköping forumarrangörer"])


def _submit(meeting, user):
    draft = meeting.get_latest_revision_as_object()
    draft.summary = "Ny sammanfattning att granska"
    revision = draft.save_revision(user=user)
    meeting.get_workflow().start(meeting, user)
    return revision


def _approve_url(page):
    task_state = TaskState.objects.get(
        workflow_state__base_content_type__isnull=False,
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__object_id=str(page.pk),
    )
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])


def test_forum_pages_use_the_review_by_another_organiser_workflow(forum_index):
    meeting = add_meeting(forum_index)
    workflow = meeting.get_workflow()
    task = workflow.tasks.specific().get()
    assert isinstance(task, OtherOrganiserApprovalTask)
    assert list(task.groups.all()) == [Group.objects.get(name="Jönköping forumarrangörer")]


def test_organiser_cannot_approve_what_they_submitted(client, forum_index, erik, fatima):
    meeting = add_meeting(forum_index, days=-3, status="held")
    _submit(meeting, erik)
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    task = meeting.current_workflow_task.specific

    assert task.get_actions(meeting, erik) == []
    assert [name for name, *_ in task.get_actions(meeting, fatima)] == [
        "reject",
        "approve",
        "approve",
    ]
    assert not TaskState.objects.reviewable_by(erik).exists()
    assert TaskState.objects.reviewable_by(fatima).exists()

    client.force_login(erik)
    response = client.post(_approve_url(meeting), {})
    assert response.status_code in (302, 403)
    meeting.refresh_from_db()
    assert meeting.summary != "Ny sammanfattning att granska"
    assert meeting.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_another_organiser_approves_and_the_change_is_published(
    client, jclient, forum_index, erik, fatima
):
    meeting = add_meeting(forum_index, days=-3, status="held")
    _submit(meeting, erik)
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    client.force_login(fatima)
    response = client.post(_approve_url(meeting), {})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.summary == "Ny sammanfattning att granska"
    assert "Ny sammanfattning att granska" in jclient.get(path_of(meeting)).text


def test_the_rule_holds_even_if_someone_calls_the_task_directly(forum_index, erik):
    from django.core.exceptions import PermissionDenied

    meeting = add_meeting(forum_index, days=-3, status="held")
    proposal = add_proposal(meeting)
    _submit_proposal = proposal.get_latest_revision_as_object()
    _submit_proposal.save_revision(user=erik)
    proposal.get_workflow().start(proposal, erik)
    proposal = ProposalPage.objects.get(pk=proposal.pk)
    task_state = proposal.current_workflow_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, erik, "approve")


def test_a_draft_in_review_is_not_public(jclient, forum_index, erik):
    meeting = add_meeting(forum_index, days=-3, status="held")
    _submit(meeting, erik)
    assert "Ny sammanfattning att granska" not in jclient.get(path_of(meeting)).text


def test_new_forum_index_created_in_admin_gets_the_workflow(client, jonkoping, erik):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(erik)
    home = jonkoping.root_page
    # Onboarding made the site's forum index (one per site): start from a site without one.
    ForumIndexPage.objects.child_of(home).delete()
    response = client.post(
        f"/admin/pages/add/forum/forumindexpage/{home.pk}/",
        nested_form_data(
            {
                "title": "Forum",
                "slug": "forum2",
                "intro": "",
                "body": rich_text(""),
                "comments": inline_formset([]),
            }
        ),
    )
    assert response.status_code == 302
    index = Page.objects.get(slug="forum2", path__startswith=home.path)
    task = index.get_workflow().tasks.specific().get()
    assert isinstance(task, OtherOrganiserApprovalTask)


def _meeting_edit_data(meeting, **changes):
    from django.utils import timezone
    from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

    data = {
        "title": meeting.title,
        "slug": meeting.slug,
        "start": timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
        "end_time": "",
        "status": meeting.status,
        "theme": meeting.theme,
        "place": "",
        "accessibility": "",
        "invitation": rich_text(""),
        "registration_closes": "",
        "registration_cap": "",
        "summary": "",
        "documentation": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    from wagtail.test.utils.form_data import nested_form_data

    return nested_form_data(data)


def test_organiser_cannot_bypass_review_by_publishing_directly(client, jclient, forum_index, erik):
    meeting = add_meeting(forum_index, days=-3, status="held")
    client.force_login(erik)
    edit = client.get(f"/admin/pages/{meeting.pk}/edit/").text
    assert 'name="action-publish"' not in edit
    assert 'name="action-submit"' in edit

    data = _meeting_edit_data(meeting, summary="Publicerat utan granskning")
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{meeting.pk}/edit/", data, follow=True)
    assert "publiceras när en annan arrangör har granskat dem" in response.text
    assert "Publicerat utan granskning" not in jclient.get(path_of(meeting)).text
    # Nothing typed is lost: the change waits as a draft.
    latest = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision_as_object()
    assert latest.summary == "Publicerat utan granskning"


def test_organiser_submits_for_review_from_the_editor(client, forum_index, erik):
    meeting = add_meeting(forum_index, days=-3, status="held")
    client.force_login(erik)
    data = _meeting_edit_data(meeting, summary="Till granskning")
    data["action-submit"] = "action-submit"
    client.post(f"/admin/pages/{meeting.pk}/edit/", data)
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    state = meeting.current_workflow_state
    assert state is not None and state.requested_by == erik


def test_scheduled_publishing_goes_through_review(client, jclient, forum_index, erik, fatima):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone
    from freezegun import freeze_time
    from wagtail.models import Revision

    meeting = add_meeting(forum_index, days=30)
    draft = meeting.get_latest_revision_as_object()
    draft.summary = "Publiceras senare"
    draft.go_live_at = timezone.now() + datetime.timedelta(days=2)
    draft.save_revision(user=erik)
    meeting.get_workflow().start(meeting, erik)

    client.force_login(fatima)
    client.post(_approve_url(MeetingPage.objects.get(pk=meeting.pk)), {})
    revision = Revision.page_revisions.filter(object_id=str(meeting.pk)).latest("created_at")
    assert revision.approved_go_live_at is not None
    assert "Publiceras senare" not in jclient.get(path_of(meeting)).text

    # The day comes: Wagtail's own scheduler publishes the approved revision.
    with freeze_time(timezone.now() + datetime.timedelta(days=3)):
        call_command("publish_scheduled")
        assert "Publiceras senare" in jclient.get(path_of(meeting)).text


def test_publish_is_hidden_for_new_forum_pages_but_not_elsewhere(client, forum_index, erik):
    from cms.models import StandardPage

    meeting = add_meeting(forum_index, days=10)
    other = forum_index.get_parent().add_child(
        instance=StandardPage(title="Om forumet", slug="om-forumet")
    )
    client.force_login(erik)
    add_proposal_form = client.get(f"/admin/pages/add/forum/proposalpage/{meeting.pk}/").text
    assert 'name="action-publish"' not in add_proposal_form
    assert 'name="action-submit"' in add_proposal_form
    assert 'name="action-publish"' in client.get(f"/admin/pages/{other.pk}/edit/").text


def test_bulk_publish_of_forum_drafts_is_refused(client, jclient, forum_index, erik):
    meeting = add_meeting(forum_index, days=-3, status="held")
    draft = add_proposal(meeting, title="Utkast i mängd", live=False)
    client.force_login(erik)
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}",
        {"include_descendants": ""},
        follow=True,
    )
    assert "publiceras när en annan arrangör har granskat dem" in response.text
    assert not ProposalPage.objects.get(pk=draft.pk).live
    assert jclient.get(path_of(draft)).status_code == 404


def test_organiser_cannot_publish_a_translation_past_review_from_the_translation_editor(
    client, forum_index, erik
):
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    from cms.languages.services import locales_ensure

    locales_ensure()
    english = Locale.objects.get(language_code="en")
    index_source, _ = TranslationSource.get_or_create_from_instance(forum_index)
    Translation.objects.create(
        source=index_source, target_locale=english, enabled=True
    ).save_target(publish=True)
    meeting = add_meeting(forum_index, days=-3, status="held")
    source, _ = TranslationSource.get_or_create_from_instance(meeting)
    Translation.objects.create(source=source, target_locale=english, enabled=True).save_target(
        publish=False
    )
    translated = meeting.get_translation(english)
    published = translated.live_revision_id
    client.force_login(erik)
    # The organisers may work on the translation (their rights follow it)...
    editor = client.get(f"/admin/pages/{translated.pk}/edit/")
    assert editor.status_code == 200
    # ...but not publish it past another organiser's review.
    response = client.post(
        f"/admin/pages/{translated.pk}/edit/", {"action": "publish"}, follow=True
    )
    assert "när en annan arrangör har granskat dem" in response.text
    assert Page.objects.get(pk=translated.pk).live_revision_id == published
