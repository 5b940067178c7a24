"""What the forum needs from its host, checked at ``manage.py check`` (README: "Host requirements").

A site that installs the plugin without them fails here, not on the first
publish or the first email: the security-trimmed catalog (``search``), the task
queues its background work runs on, and a ``base.html`` with a
``{% block content %}`` for its public pages.
"""

from django.conf import settings
from django.core import checks
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

# The queues of ``forum.tasks`` (feedback email; the default queue for the
# host's own work) and of the catalog it registers with (``search``).
QUEUES = ("default", "email", "search")
BASE_TEMPLATE = "base.html"
BLOCK = "content"


def _blocks(template_name: str, seen: frozenset = frozenset()) -> set[str]:
    """The block names a template defines, through its ``{% extends %}`` chain."""
    template = get_template(template_name).template
    names = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
    for node in template.nodelist.get_nodes_by_type(ExtendsNode):
        parent = node.parent_name.resolve(Context())
        if isinstance(parent, str) and parent not in seen:
            names |= _blocks(parent, seen | {template_name})
    return names


def host_requirements(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    if "search" not in settings.INSTALLED_APPS:
        errors.append(
            checks.Error(
                "The forum needs the 'search' app: its meetings and proposals are found "
                "through the catalog it registers with.",
                hint="Add 'search' to INSTALLED_APPS.",
                id="forum.E001",
            )
        )
    backend = getattr(settings, "TASKS", {}).get("default")
    queues = set(backend.get("QUEUES", ["default"])) if backend else set()
    missing = [q for q in QUEUES if backend is None or (queues and q not in queues)]
    if missing:
        names = ", ".join(missing)
        errors.append(
            checks.Error(
                f"The forum's background work needs the task queues: {names}.",
                hint="Add them to TASKS['default']['QUEUES'] and run a worker for them.",
                id="forum.E002",
            )
        )
    try:
        blocks = _blocks(BASE_TEMPLATE)
    except TemplateDoesNotExist:
        blocks = None
    if blocks is None or BLOCK not in blocks:
        errors.append(
            checks.Error(
                f"The forum's public pages extend '{BASE_TEMPLATE}' and fill its "
                f"{{% block {BLOCK} %}}, which the host does not provide.",
                hint="Provide templates/base.html with {% block content %}{% endblock %}.",
                id="forum.E003",
            )
        )
    return errors
