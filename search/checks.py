"""Host requirements of a plugin that registers with the catalog, as one system check.

A plugin (Idélabbet, the forum) describes what it needs from the site that
installs it in a ``HostRequirements`` and registers its ``as_check()`` in
its ``AppConfig.ready``; a site without them then fails at
``manage.py check`` with the plugin's own error ids, not on the first publish
or the first email. This module knows no plugin: each passes in its own name,
queues and reasons (house rule 11).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode


@dataclass(frozen=True)
class HostRequirements:
    """What one plugin needs: ``search``, task queues and a base template's block.

    ``app`` prefixes the error ids (``<app>.E001`` search missing, ``E002``
    queues missing, ``E003`` base template or block missing); ``name`` starts
    each message ("Idélabbet", "The forum"); ``needs_search`` says why the
    catalog is needed and ``queues_for`` what the queues carry.
    """

    app: str
    name: str
    needs_search: str
    queues: tuple[str, ...]
    queues_for: str
    base_template: str = "base.html"
    block: str = "content"

    def errors(self) -> list[checks.CheckMessage]:
        """What the current settings lack, as system-check errors."""
        return [
            error
            for error in (self._search(), self._queues(), self._base_template())
            if error is not None
        ]

    def as_check(self):
        """A function to pass to ``checks.register`` (it tags what it registers)."""

        def host_requirements(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
            return self.errors()

        return host_requirements

    def _search(self) -> checks.Error | None:
        if "search" in settings.INSTALLED_APPS:
            return None
        return checks.Error(
            f"{self.name} needs the 'search' app: {self.needs_search}.",
            hint="Add 'search' to INSTALLED_APPS.",
            id=f"{self.app}.E001",
        )

    def _queues(self) -> checks.Error | None:
        backend = getattr(settings, "TASKS", {}).get("default")
        # As django-tasks reads it: no QUEUES means "default" only, an empty list any.
        queues = set(backend.get("QUEUES", ["default"])) if backend else set()
        missing = [q for q in self.queues if backend is None or (queues and q not in queues)]
        if not missing:
            return None
        return checks.Error(
            f"{self.name}'s background work ({self.queues_for}) needs the task queues: "
            f"{', '.join(missing)}.",
            hint="Add them to TASKS['default']['QUEUES'] and run a worker for them.",
            id=f"{self.app}.E002",
        )

    def _base_template(self) -> checks.Error | None:
        try:
            blocks = _blocks(self.base_template)
        except TemplateDoesNotExist:
            blocks = set()
        if self.block in blocks:
            return None
        return checks.Error(
            f"{self.name}'s public pages extend '{self.base_template}' and fill its "
            f"{{% block {self.block} %}}, which the host does not provide.",
            hint=(
                f"Provide templates/{self.base_template} with "
                f"{{% block {self.block} %}}{{% endblock %}}."
            ),
            id=f"{self.app}.E003",
        )


def _blocks(template_name: str, seen: frozenset = frozenset()) -> set[str]:
    """The block names a template defines, through its ``{% extends %}`` chain."""
    template = get_template(template_name).template
    names = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
    for node in template.nodelist.get_nodes_by_type(ExtendsNode):
        parent = node.parent_name.resolve(Context())
        if isinstance(parent, str) and parent not in seen:
            names |= _blocks(parent, seen | {template_name})
    return names
