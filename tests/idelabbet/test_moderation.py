from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from idelabbet.models import IdeaPage, IdeaSubmission
from tests.factories import UserFactory
from tests.idelabbet.conftest import idea_data, publish, status_token, submit

pytestmark = pytest.mark.django_db


def action_url(idea, action):
    task_state = idea.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(idea.pk, action, task_state.pk))


@pytest.fixture
def moderator(ekero):
    return UserFactory(username="moa", groups=["Ekerö moderatorer"])


def test_submitted_ideas_wait_in_the_ideas_own_workflow(ideas_index):
    submission = submit(ideas_index)
    idea = submission.idea
    assert idea.current_workflow_task.specific.__class__.__name__ == "IdeaModerationTask"
    assert list(idea.current_workflow_task.specific.groups.values_list("name", flat=True)) == [
        "Ekerö moderatorer"
    ]


def test_moderators_hear_of_a_new_idea_from_the_worker_not_during_the_citizens_request(
    client, ideas_index, moderator, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        response = client.post("/idelabbet/skicka-in/", idea_data(title="Cykelkök i Stenhamra"))
    assert response.status_code == 302
    assert mail.outbox == []  # the citizen's request sent nothing
    for callback in after_commit:  # what the commit hands to the worker
        callback()
    (to_moderator,) = [m for m in mail.outbox if m.to == [moderator.email]]
    assert "Cykelkök i Stenhamra" in to_moderator.subject
    assert f"/admin/pages/{IdeaPage.objects.get().pk}/" in to_moderator.body


def test_approving_publishes_and_tells_the_submitter(
    client, ideas_index, moderator, immediate_tasks, django_capture_on_commit_callbacks
):
    submission = submit(ideas_index)
    idea = submission.idea
    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(idea, "approve"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.live
    submission.refresh_from_db()
    assert submission.moderation_state == "publicerad"
    assert [m.subject for m in mail.outbox] == ["Din idé är publicerad: Dragkroksklubben"]
    assert client.get(idea.url).status_code == 200


def test_moderators_can_edit_the_draft_before_approving(client, ideas_index, moderator):
    idea = submit(ideas_index, summary="Ring Hedda på 070-765 43 21.").idea
    client.force_login(moderator)
    edit_url = reverse("wagtailadmin_pages:edit", args=(idea.pk,))
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "title": idea.title,
            "slug": idea.slug,
            "summary": "Kontakta Idélabbet.",
            "theme": "naturvard",
            "help_wanted": ["kontakter"],
            "public_status": "inkommen",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    latest = IdeaPage.objects.get(pk=idea.pk).get_latest_revision_as_object()
    assert latest.summary == "Kontakta Idélabbet."
    client.post(action_url(IdeaPage.objects.get(pk=idea.pk), "approve"))
    idea.refresh_from_db()
    assert idea.live and idea.summary == "Kontakta Idélabbet."
    assert "070-765" not in client.get(idea.url).text


def test_rejecting_requires_a_reason(client, ideas_index, moderator):
    idea = submit(ideas_index).idea
    client.force_login(moderator)
    form = client.get(action_url(idea, "reject"))
    assert form.status_code == 200
    assert "Skäl (skickas till den som skickade in idén)" in form.json()["html"]
    response = client.post(
        action_url(idea, "reject"), {"comment": "  "}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert "Skriv varför idén inte kan publiceras." in response.json()["html"]
    client.post(action_url(idea, "reject"), {"comment": ""})
    idea.refresh_from_db()
    assert idea.workflow_in_progress
    assert IdeaSubmission.objects.get().moderation_state == "granskas"


def test_a_rejection_without_reason_through_the_editor_is_refused(client, ideas_index, moderator):
    idea = submit(ideas_index).idea
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(idea.pk,)),
        {
            "title": idea.title,
            "slug": idea.slug,
            "summary": idea.summary,
            "theme": idea.theme,
            "public_status": "inkommen",
            "action-workflow-action": "true",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": "{}",
        },
    )
    # Wagtail's admin turns the PermissionDenied into a redirect with a message.
    assert response.status_code in (302, 403)
    assert IdeaSubmission.objects.get().moderation_state == "granskas"
    assert IdeaPage.objects.get(pk=idea.pk).current_workflow_task_state.status == "in_progress"


def test_rejecting_emails_the_reason_and_keeps_the_idea_unpublished(
    client, ideas_index, moderator, immediate_tasks, django_capture_on_commit_callbacks
):
    submission = submit(ideas_index)
    idea = submission.idea
    client.force_login(moderator)
    mail.outbox.clear()
    reason = "Idén liknar en annan som redan finns. Kontakta oss så kopplar vi ihop er."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(idea, "reject"), {"comment": reason})
    idea.refresh_from_db()
    assert not idea.live
    submission.refresh_from_db()
    assert submission.moderation_state == "avslagen"
    assert submission.rejection_reason == reason
    (email,) = mail.outbox
    assert email.to == ["hedda.sjoberg@example.se"]
    assert email.subject == "Din idé kan inte publiceras: Dragkroksklubben"
    assert reason in email.body
    client.logout()
    status = client.get(f"/idelabbet/status/{status_token(submission)}/")
    assert "Kan inte publiceras" in status.text
    assert reason in status.text
    assert client.get(idea.url).status_code == 404


def test_a_site_where_nothing_records_rejections_refuses_instead_of_dropping_them(
    client, ideas_index, moderator
):
    # The task model hands the rejection to the services by a signal
    # (``signal_handlers``); without a receiver it must not silently succeed.
    from idelabbet.models.moderation import idea_rejection_requested
    from idelabbet.signal_handlers import _on_idea_rejection

    idea = submit(ideas_index).idea
    client.force_login(moderator)
    idea_rejection_requested.disconnect(dispatch_uid="idelabbet-idea-reject")
    try:
        with pytest.raises(ImproperlyConfigured):
            client.post(action_url(idea, "reject"), {"comment": "Finns redan."})
    finally:
        idea_rejection_requested.connect(_on_idea_rejection, dispatch_uid="idelabbet-idea-reject")
    assert IdeaSubmission.objects.get().moderation_state == "granskas"


def test_the_queue_lists_waiting_ideas_oldest_first_with_their_age(client, ideas_index, moderator):
    with freeze_time(timezone.now() - timedelta(days=3)):
        submit(ideas_index, title="Sycafé i Skå")
    with freeze_time(timezone.now() - timedelta(hours=5)):
        submit(ideas_index, title="Odlingslott vid skolan")
    with freeze_time(timezone.now() - timedelta(days=1)):
        published = submit(ideas_index, title="Redan publicerad")
    publish(published)
    client.force_login(moderator)
    html = client.get("/admin/idelabbet-granskning/").text
    assert html.index("Sycafé i Skå") < html.index("Odlingslott vid skolan")
    assert "Redan publicerad" not in html
    assert "3\xa0dagar" in html
    assert "5\xa0timmar" in html
    assert "Hedda" not in html  # no personal data in the queue


def _queue(client, page=None):
    url = "/admin/idelabbet-granskning/" + (f"?p={page}" if page else "")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def _rows(html):
    """(title, submitted) of each row of the queue, top to bottom."""
    import re

    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        (title, submitted[:10])
        for title, submitted in re.findall(
            r'<a href="[^"]*">([^<]*)</a></td>\s*<td>[^<]*</td>\s*<td>([^<]*)</td>', body
        )
    ]


def test_the_queue_costs_the_same_queries_with_two_or_twelve_waiting_ideas(
    client, ideas_index, moderator
):
    for n in range(2):
        submit(ideas_index, title=f"Väntande idé {n:02d}")
    client.force_login(moderator)
    _queue(client)  # the session and site caches, as on any second visit
    with_two, html = _queue(client)
    assert "Väntande idé 01" in html
    for n in range(2, 12):
        submit(ideas_index, title=f"Väntande idé {n:02d}")
    with_twelve, html = _queue(client)
    assert with_twelve == with_two
    assert all(f"Väntande idé {n:02d}" in html for n in range(12))


def test_the_queue_shows_the_title_the_moderator_gave_the_draft(client, ideas_index, moderator):
    idea = submit(ideas_index, title="Hedda Sjöbergs möbelhämtning").idea
    submit(ideas_index, title="Odlingslott vid skolan")
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(idea.pk,)),
        {
            "title": "Möbelhämtning med dragkrok",
            "slug": idea.slug,
            "summary": idea.summary,
            "theme": "naturvard",
            "help_wanted": ["kontakter"],
            "public_status": "inkommen",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    _, html = _queue(client)
    assert "Möbelhämtning med dragkrok" in html
    assert "Hedda Sjöbergs" not in html
    assert "Odlingslott vid skolan" in html


def test_a_long_queue_is_paged_oldest_first(client, ideas_index, moderator, monkeypatch):
    from idelabbet.views.admin import ModerationQueueView

    monkeypatch.setattr(ModerationQueueView, "paginate_by", 3)
    for n in range(4):
        with freeze_time(timezone.now() - timedelta(days=10 - n)):
            submit(ideas_index, title=f"Väntande idé {n:02d}")
    client.force_login(moderator)
    _, first = _queue(client)
    _, second = _queue(client, page=2)
    assert [f"Väntande idé {n:02d}" in first for n in range(4)] == [True, True, True, False]
    assert [f"Väntande idé {n:02d}" in second for n in range(4)] == [False, False, False, True]


@pytest.mark.parametrize("group", ["Jönköping moderatorer", "Jönköping forumarrangörer"])
def test_another_municipality_cannot_moderate_ekeros_ideas(client, ideas_index, group):
    idea = submit(ideas_index).idea
    client.force_login(UserFactory(groups=[group]))
    assert client.get("/admin/idelabbet-granskning/").status_code in (302, 403)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(idea.pk,))).status_code == 302
    client.post(action_url(idea, "approve"))
    client.post(action_url(idea, "reject"), {"comment": "Nej"})
    idea.refresh_from_db()
    assert not idea.live and idea.workflow_in_progress
    assert IdeaSubmission.objects.get().moderation_state == "granskas"


def test_coaches_do_not_moderate(client, ideas_index):
    idea = submit(ideas_index).idea
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    assert client.get("/admin/idelabbet-granskning/").status_code in (302, 403)
    client.post(action_url(idea, "approve"))
    idea.refresh_from_db()
    assert not idea.live


def test_anonymous_visitors_cannot_see_drafts(client, ideas_index):
    idea = submit(ideas_index).idea
    assert client.get(idea.url).status_code == 404
    assert "Dragkroksklubben" not in client.get(ideas_index.url).text


def test_a_rejected_idea_edited_and_approved_later_counts_as_published(
    client, ideas_index, moderator
):
    submission = submit(ideas_index)
    idea = submission.idea
    client.force_login(moderator)
    client.post(action_url(idea, "reject"), {"comment": "Ta bort telefonnumret."})
    assert IdeaSubmission.objects.get().moderation_state == "avslagen"
    publish(submission)
    submission.refresh_from_db()
    assert submission.moderation_state == "publicerad"
    client.logout()
    status = client.get(f"/idelabbet/status/{status_token(submission)}/")
    assert "Idén är publicerad på webbplatsen." in status.text


def test_a_withdrawn_idea_cannot_be_published_again(client, ideas_index, moderator):
    from idelabbet.services.submissions import submission_withdraw

    submission = submit(ideas_index)
    submission_withdraw(submission=submission)
    idea = IdeaPage.objects.get(pk=submission.idea_id)
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(idea.pk,)),
        {
            "title": idea.title,
            "slug": idea.slug,
            "summary": idea.summary,
            "theme": idea.theme,
            "public_status": "inkommen",
            "action-publish": "action-publish",
        },
        follow=True,
    )
    assert "Idén är återkallad av den som skickade in den" in response.text
    idea.refresh_from_db()
    assert not idea.live


def _send_to_moderation_again(idea, user):
    """What an editor does with "Skicka till granskning" on an idea not in moderation."""
    idea = IdeaPage.objects.get(pk=idea.pk)
    if idea.current_workflow_state is not None:
        idea.current_workflow_state.cancel(user=user)
    idea.get_workflow().start(idea, user)


def test_the_queue_orders_by_submission_and_else_by_when_moderation_started(
    client, ideas_index, moderator, monkeypatch
):
    from idelabbet.views.admin import ModerationQueueView

    monkeypatch.setattr(ModerationQueueView, "paginate_by", 2)
    now = timezone.now()
    with freeze_time(now - timedelta(days=10)):
        resubmitted = submit(ideas_index, title="Inskickad för tio dagar sedan").idea
    with freeze_time(now - timedelta(days=1)):
        # Its moderation restarted yesterday; it has still waited since the citizen sent it.
        _send_to_moderation_again(resubmitted, moderator)
    with freeze_time(now - timedelta(days=2)):
        submit(ideas_index, title="Inskickad för två dagar sedan")
    # An idea an editor wrote has no submission: it waits from when moderation started.
    written = ideas_index.add_child(
        instance=IdeaPage(
            title="Skriven av redaktören",
            slug="skriven-av-redaktoren",
            summary="En idé som kom in per telefon.",
            theme="naturvard",
            live=False,
        )
    )
    written.save_revision()
    with freeze_time(now - timedelta(days=5)):
        _send_to_moderation_again(written, moderator)
    client.force_login(moderator)
    day = lambda days: f"{timezone.localtime(now - timedelta(days=days)):%Y-%m-%d}"  # noqa: E731
    assert _rows(_queue(client)[1]) == [
        ("Inskickad för tio dagar sedan", day(10)),
        ("Skriven av redaktören", day(5)),
    ]
    assert _rows(_queue(client, page=2)[1]) == [("Inskickad för två dagar sedan", day(2))]


def test_withdrawn_ideas_are_left_out_of_every_page_of_the_queue(
    client, ideas_index, moderator, monkeypatch
):
    from idelabbet.services.submissions import submission_withdraw
    from idelabbet.views.admin import ModerationQueueView

    monkeypatch.setattr(ModerationQueueView, "paginate_by", 2)
    now = timezone.now()
    for n, title in enumerate(["Väntar 1", "Återkallad 1", "Väntar 2", "Återkallad 2", "Väntar 3"]):
        with freeze_time(now - timedelta(days=10 - n)):
            submission = submit(ideas_index, title=title)
        if title.startswith("Återkallad"):
            submission_withdraw(submission=submission)
            # Sent to moderation again by an editor: still not the moderators' to approve.
            _send_to_moderation_again(submission.idea, moderator)
    client.force_login(moderator)
    pages = [[title for title, _ in _rows(_queue(client, page=n)[1])] for n in (1, 2, 3)]
    # Two pages, not three; past the end Django shows the last one.
    assert pages == [["Väntar 1", "Väntar 2"], ["Väntar 3"], ["Väntar 3"]]


@pytest.fixture
def jonkoping_ideas(jonkoping):
    """Jönköping with an ideas index of its own and its own moderators."""
    from django.contrib.auth.models import Group, Permission

    from idelabbet.models import IdeaIndexPage
    from idelabbet.services.moderation import ideas_workflow_setup

    group = Group.objects.create(name="Jönköping idémoderatorer")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_ideasubmission"),
    )
    index = jonkoping.root_page.add_child(
        instance=IdeaIndexPage(title="Idéer i Jönköping", slug="ideer", intro="Idéer.")
    )
    index.moderator_group = group
    index.save_revision().publish()
    ideas_workflow_setup(index=index, groups=[group])
    return index


def test_another_municipalitys_moderator_sees_none_of_ekeros_ideas_on_any_page(
    client, ideas_index, jonkoping_ideas, moderator, monkeypatch
):
    from idelabbet.views.admin import ModerationQueueView

    monkeypatch.setattr(ModerationQueueView, "paginate_by", 2)
    for n in range(5):
        submit(ideas_index, title=f"Ekeröidé {n}")
    submit(jonkoping_ideas, title="Jönköpingsidé")
    client.force_login(UserFactory(groups=["Jönköping idémoderatorer"]))
    pages = [[title for title, _ in _rows(_queue(client, page=n)[1])] for n in (1, 2, 3)]
    # One page of their own idea; past the end Django shows the last page.
    assert pages == [["Jönköpingsidé"]] * 3
    client.force_login(moderator)
    pages = [[title for title, _ in _rows(_queue(client, page=n)[1])] for n in (1, 2, 3)]
    assert pages == [["Ekeröidé 0", "Ekeröidé 1"], ["Ekeröidé 2", "Ekeröidé 3"], ["Ekeröidé 4"]]
