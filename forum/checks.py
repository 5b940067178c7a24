"""What the forum needs from its host (README: "Host requirements").

Checked at ``manage.py check`` by the catalog's shared check
(``search.checks.HostRequirements``), registered in ``apps.ready``.
"""

from search.checks import HostRequirements

REQUIREMENTS = HostRequirements(
    app="forum",
    name="The forum",
    needs_search="its meetings and proposals are found through the catalog it registers with",
    # ``forum.tasks`` on "email" (feedback), the host's own work on "default",
    # the catalog it registers with on "search".
    queues=("default", "email", "search"),
    queues_for="feedback email, catalog updates",
)
host_requirements = REQUIREMENTS.as_check()
