"""Forum Civilsamhälle: meetings, their documentation, proposals and follow-up.

A Wagtail plugin that stands alone (it imports no host-site code). To install it
in a Wagtail site: add ``"forum"`` to ``INSTALLED_APPS`` (with
``wagtail.snippets``, ``wagtail.documents``, ``wagtail.images``, ``django_tasks``),
give ``TASKS`` a queue named ``"email"`` and run a worker for it, migrate, then
create a *forum index page* in the page tree. Creating it in the admin gives it
the four-eyes review workflow automatically (the groups are copied from the
workflow the page would otherwise inherit); ``forum.services.forum_workflow_ensure``
does the same from code. Grant organisers ``forum.view_registration`` and
``forum.add_feedbackdispatch`` for the meeting screen and the feedback mailing,
and the ``forum.*`` snippet permissions for principles, the coordination group
and Csam's organisations.
"""
