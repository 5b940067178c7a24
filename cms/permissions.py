"""Who may see the host site's admin screens."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import JobRun

# The scheduled jobs report and the stale-clock panel: ``cms.view_jobrun``.
job_run_policy = ModelPermissionPolicy(JobRun)
