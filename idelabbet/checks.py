"""What Idélabbet needs from its host (README: "Host requirements").

Checked at ``manage.py check`` by the catalog's shared check
(``search.checks.HostRequirements``), registered in ``apps.ready``.
"""

from search.checks import HostRequirements

REQUIREMENTS = HostRequirements(
    app="idelabbet",
    name="Idélabbet",
    needs_search="its cases and notes are found only through the security-trimmed catalog",
    # ``tasks.emails`` on "email"; reminders, anonymisation and re-granting on
    # "default"; the catalog it registers with on "search".
    queues=("default", "email", "search"),
    queues_for="outbox email, reminders, anonymisation, re-granting, catalog updates",
)
host_requirements = REQUIREMENTS.as_check()
