"""Host requirements: a site that installs Idélabbet or the forum without what they
need fails at ``manage.py check`` with the plugin's own error."""

import copy
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from forum.checks import host_requirements as forum_requirements
from idelabbet.checks import host_requirements as idelabbet_requirements

PLUGINS = [("idelabbet", idelabbet_requirements), ("forum", forum_requirements)]


def _ids(check) -> set[str]:
    return {error.id for error in check()}


def test_this_site_meets_every_requirement():
    call_command("check")
    assert _ids(idelabbet_requirements) == set() and _ids(forum_requirements) == set()


def _without_search():
    # Patched on the settings object itself: changing INSTALLED_APPS through
    # the settings fixture would reload the app registry under the test.
    apps = [a for a in settings.INSTALLED_APPS if a != "search"]
    return mock.patch.object(settings, "INSTALLED_APPS", apps)


@pytest.mark.parametrize("app,check", PLUGINS)
def test_a_site_without_search_fails_the_check(app, check):
    with _without_search():
        assert f"{app}.E001" in _ids(check)


@pytest.mark.parametrize("app,check", PLUGINS)
def test_a_site_without_the_task_queues_fails_the_check(app, check, settings):
    tasks = copy.deepcopy(settings.TASKS)
    tasks["default"]["QUEUES"] = ["default"]
    settings.TASKS = tasks
    errors = [e for e in check() if e.id == f"{app}.E002"]
    assert errors and "email" in errors[0].msg


@pytest.mark.parametrize("app,check", PLUGINS)
def test_a_base_template_without_the_content_block_fails_the_check(app, check, settings, tmp_path):
    def use(directory):
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["DIRS"] = [directory]
        settings.TEMPLATES = templates

    plain, inherited = tmp_path / "plain", tmp_path / "inherited"
    plain.mkdir(), inherited.mkdir()
    (plain / "base.html").write_text("<main>{% block main %}{% endblock %}</main>")
    use(plain)
    assert f"{app}.E003" in _ids(check)
    # A base that gets the block from its own parent is enough.
    (inherited / "layout.html").write_text("{% block content %}{% endblock %}")
    (inherited / "base.html").write_text('{% extends "layout.html" %}')
    use(inherited)
    assert f"{app}.E003" not in _ids(check)


def test_check_command_refuses_the_site():
    with _without_search(), pytest.raises(SystemCheckError, match="idelabbet.E001"):
        call_command("check")
