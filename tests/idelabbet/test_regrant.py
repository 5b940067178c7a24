"""Publishing the ideas index (which names the role groups) re-grants its cases:
by the worker after commit, not inside the editor's publish request."""

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from idelabbet.models import IdeaIndexPage
from tests.factories import UserFactory

from .conftest import make_case

pytestmark = pytest.mark.django_db


def test_a_new_coach_group_on_the_index_reaches_its_cases_once_the_worker_ran(
    client, ideas_index, people, immediate_tasks, django_capture_on_commit_callbacks
):
    case = make_case(ideas_index)
    newcomers = Group.objects.create(name="Ekerö nya coacher")
    newcomers.permissions.set(Group.objects.get(name="Ekerö coacher").permissions.all())
    newcomer = UserFactory(username="ny.coach", groups=["Ekerö nya coacher"])
    case_url = reverse("idelabbet-arenden:case", args=[case.pk])
    client.force_login(newcomer)
    assert client.get(case_url).status_code == 404
    index = IdeaIndexPage.objects.get(pk=ideas_index.pk)
    index.coach_group = newcomers
    revision = index.save_revision()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revision.publish()
    # Inside the publish (before commit) nothing was re-granted yet...
    assert client.get(case_url).status_code == 404
    with TestCase.captureOnCommitCallbacks(execute=True):
        for callback in callbacks:
            callback()
    # ...the worker's task did it: the new group reaches the case, the old one no longer.
    assert client.get(case_url).status_code == 200
    client.force_login(people["coach"])
    assert client.get(case_url).status_code == 404
