"""The catalog's host-requirements check, as a plugin unknown to ``search`` uses it."""

import copy
from unittest import mock

from django.conf import settings as django_settings

from search.checks import HostRequirements

PLUGIN = HostRequirements(
    app="kartan",
    name="Kartan",
    needs_search="its places are found through the catalog",
    queues=("default", "kartor"),
    queues_for="tile rendering",
)


def test_a_site_meeting_the_plugins_needs_passes(settings):
    tasks = copy.deepcopy(settings.TASKS)
    tasks["default"]["QUEUES"] = [*tasks["default"].get("QUEUES", ["default"]), "kartor"]
    settings.TASKS = tasks
    assert PLUGIN.as_check()() == []


def test_each_missing_requirement_is_reported_under_the_plugins_own_id(settings, tmp_path):
    tasks = copy.deepcopy(settings.TASKS)
    tasks["default"]["QUEUES"] = ["default"]
    settings.TASKS = tasks
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path]
    settings.TEMPLATES = templates
    (tmp_path / "base.html").write_text("{% block main %}{% endblock %}")
    apps = [a for a in django_settings.INSTALLED_APPS if a != "search"]
    # On the settings object itself: the fixture would reload the app registry.
    with mock.patch.object(django_settings, "INSTALLED_APPS", apps):
        errors = {e.id: e.msg for e in PLUGIN.as_check()()}
    assert set(errors) == {"kartan.E001", "kartan.E002", "kartan.E003"}
    assert errors["kartan.E001"].startswith("Kartan needs the 'search' app")
    # Only the queue it lacks, and what the queues are for.
    assert "kartor" in errors["kartan.E002"] and "default" not in errors["kartan.E002"]
    assert "tile rendering" in errors["kartan.E002"]
    assert "{% block content %}" in errors["kartan.E003"]


def test_a_backend_with_an_empty_queue_list_accepts_every_queue(settings):
    tasks = copy.deepcopy(settings.TASKS)
    tasks["default"]["QUEUES"] = []
    settings.TASKS = tasks
    assert "kartan.E002" not in {e.id for e in PLUGIN.as_check()()}


def test_search_names_no_plugin():
    source = (django_settings.BASE_DIR / "search" / "checks.py").read_text()
    imports = [line for line in source.splitlines() if line.startswith(("from ", "import "))]
    assert not [line for line in imports if "idelabbet" in line or "forum" in line or "cms" in line]
