"""A submission's attachments and contact data: per case and municipality, and audited.

The model permission ``view_ideasubmission`` alone opens nothing: the reader
must also be allowed to see the submission's case (its municipality's
coaches and lead). Guessing another case's or municipality's ids answers 404.
Every read of a citizen's personal data leaves a Wagtail log entry, shown on
the case's timeline and in Wagtail's audit report.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import ModelLogEntry

from idelabbet.models import IdeaAttachment, IdeaIndexPage
from idelabbet.services.audit import PERSONAL_DATA_READ
from tests.factories import UserFactory
from tests.idelabbet.conftest import submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 budget"


def _with_attachment(index, **fields):
    submission = submit(
        index,
        attachments=[SimpleUploadedFile("budget.pdf", PDF, "application/pdf")],
        **fields,
    )
    return submission, IdeaAttachment.objects.get(submission=submission)


@pytest.fixture
def jonkoping_index(jonkoping):
    """A second municipality running Idélabbet, with its own coach group."""
    coaches = Group.objects.create(name="Jönköping coacher")
    coaches.permissions.set(Group.objects.get(name="Ekerö coacher").permissions.all())
    index = jonkoping.root_page.add_child(
        instance=IdeaIndexPage(title="Idéer i Jönköping", slug="ideer", intro="Idéer.")
    )
    index.coach_group = coaches
    index.save_revision().publish()
    index.refresh_from_db()
    return index


def _refused(client, url) -> bool:
    """404 (as if it did not exist), or Wagtail's permission-denied redirect; nothing shown."""
    response = client.get(url)
    if response.status_code == 302:
        return response.url == "/admin/"
    return response.status_code == 404


def _urls(submission, attachment):
    return {
        "attachment": f"/admin/idelabbet/bilagor/{attachment.pk}/",
        "inspect": f"/admin/idelabbet/inskickade/inspect/{submission.pk}/",
        "edit": f"/admin/idelabbet/inskickade/edit/{submission.pk}/",
        "history": f"/admin/idelabbet/inskickade/history/{submission.pk}/",
    }


def test_a_coach_of_another_municipality_cannot_fetch_attachments_or_contact_data(
    client, ideas_index, jonkoping_index
):
    ekero_submission, ekero_file = _with_attachment(ideas_index)
    jonkoping_coach = UserFactory(groups=["Jönköping coacher"])
    assert jonkoping_coach.has_perm("idelabbet.view_ideasubmission")
    client.force_login(jonkoping_coach)
    for name, url in _urls(ekero_submission, ekero_file).items():
        assert _refused(client, url), name
    listing = client.get("/admin/idelabbet/inskickade/")
    assert listing.status_code == 200
    assert "hedda.sjoberg@example.se" not in listing.text
    case_page = client.get(reverse("idelabbet-arenden:case", args=[ekero_submission.case.pk]))
    assert case_page.status_code == 404
    # Their own municipality's submission opens, file and all.
    own, own_file = _with_attachment(jonkoping_index, email="greta.holm@example.se")
    response = client.get(_urls(own, own_file)["attachment"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "greta.holm@example.se" in client.get("/admin/idelabbet/inskickade/").text
    # ... and an Ekerö coach is just as shut out of Jönköping's.
    client.force_login(UserFactory(groups=["Ekerö coacher"]))
    for name, url in _urls(own, own_file).items():
        assert _refused(client, url), name


def test_the_model_permission_alone_opens_no_submission(client, ideas_index):
    submission, attachment = _with_attachment(ideas_index)
    holder = UserFactory(groups=["Ekerö moderatorer"])
    holder.user_permissions.add(
        Permission.objects.get(codename="view_ideasubmission", content_type__app_label="idelabbet")
    )
    client.force_login(holder)
    # A moderator may view the case, but the workflow gives them no contact details.
    for name, url in _urls(submission, attachment).items():
        assert _refused(client, url), name
    case_page = client.get(reverse("idelabbet-arenden:case", args=[submission.case.pk]))
    assert case_page.status_code == 200
    assert "hedda.sjoberg@example.se" not in case_page.text
    assert not ModelLogEntry.objects.filter(action=PERSONAL_DATA_READ).exists()


def test_guessing_the_next_attachment_id_across_cases_answers_404(client, ideas_index):
    coach = UserFactory(groups=["Ekerö coacher"])
    client.force_login(coach)
    _, first = _with_attachment(ideas_index)
    assert client.get(f"/admin/idelabbet/bilagor/{first.pk}/").status_code == 200
    assert client.get(f"/admin/idelabbet/bilagor/{first.pk + 1}/").status_code == 404


def test_reading_personal_data_is_on_the_case_timeline_and_in_the_audit_report(
    client, ideas_index, people
):
    submission, attachment = _with_attachment(ideas_index)
    coach = people["coach"]
    client.force_login(coach)
    case_url = reverse("idelabbet-arenden:case", args=[submission.case.pk])
    first = client.get(case_url)
    assert "hedda.sjoberg@example.se" in first.text
    client.get(f"/admin/idelabbet/bilagor/{attachment.pk}/")
    client.get(f"/admin/idelabbet/inskickade/inspect/{submission.pk}/")
    entries = ModelLogEntry.objects.filter(action=PERSONAL_DATA_READ).order_by("timestamp")
    assert [(e.user, e.data["what"], e.object_id) for e in entries] == [
        (coach, "contact", str(submission.pk)),
        (coach, "attachment", str(submission.pk)),
        (coach, "submission", str(submission.pk)),
    ]
    # The lead sees on the case who read the citizen's data, and when.
    client.force_login(people["lead"])
    timeline = strip_tags(client.get(case_url).text)
    assert "Personuppgifter lästa: budget.pdf – " + coach.get_full_name() in " ".join(
        timeline.split()
    )
    # Reading the same thing again and again is one line with a count (each
    # case page view reads the contact details), still in Wagtail's log each time.
    for _ in range(2):
        client.force_login(coach)
        client.get(case_url)
    client.force_login(people["lead"])
    timeline = " ".join(strip_tags(client.get(case_url).text).split())
    name = coach.get_full_name()
    assert f"Personuppgifter lästa – {name} (2 gånger sedan" in timeline
    # Reads without a detail: the two new ones as one line, the submission, the first.
    assert timeline.count(f"Personuppgifter lästa – {name}") == 3
    assert ModelLogEntry.objects.filter(action=PERSONAL_DATA_READ, user=coach).count() == 5
    # Wagtail's own audit report lists them too.
    superuser = UserFactory(username="admin", is_superuser=True, is_staff=True, groups=[])
    superuser.save()
    client.force_login(superuser)
    report = client.get("/admin/reports/site-history/")
    assert report.status_code == 200
    assert "Personuppgifter lästa" in report.text
