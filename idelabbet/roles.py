"""The roles a municipality running Idélabbet staffs, as templates.

This is the one readable place for who may do what in Idélabbet. The host site
applies each template per municipality: it creates one group per role, named
from ``group`` with the municipality's name, grants the permissions (page
permissions on the municipality's own tree, collection permissions on its own
collection, site permissions on its own Site only) and hands the groups to
``ideas_index_ensure``. The plugin knows no municipality and no host.

Keys of a template:
- ``key``: the role, shared across practices: two practices' ``moderator``
  templates make one group whose permissions are the union;
- ``group``: the group's name, ``{municipality}`` is the municipality's name;
- ``page_perms``: Wagtail page permission types on the municipality's home page;
- ``collection_perms``: image/document codenames on the municipality's collection;
- ``model_perms``: ``app_label.codename`` permissions of this plugin;
- ``edits_site``: the role looks after the site itself (its settings and the
  accessibility reports), which the host grants on the one Site;
- ``watches_jobs``: the role depends on scheduled jobs and sees that they run;
- ``curates_search``: the role sees what visitors search for and promotes results.

A role with page ``change`` rights may also translate pages (the host adds it).
"""

from django.utils.translation import gettext_lazy as _

IMAGE_PERMS = ("add_image", "change_image", "choose_image")
DOCUMENT_PERMS = ("add_document", "change_document", "choose_document")
# The case board (which cases each coach sees is decided per case by the
# workflow's object permissions, not here), the submitters' private data,
# offers to join, marking Snabb slant applications complete, and the
# directory of organisations to refer to.
COACH_PERMS = (
    "idelabbet.access_caseboard",
    "idelabbet.view_organisation",
    "idelabbet.view_ideasubmission",
    "idelabbet.view_participationoffer",
    "idelabbet.view_snabbslantapplication",
    "idelabbet.change_snabbslantapplication",
)

ROLES = (
    {
        "key": "moderator",
        "group": "{municipality} moderatorer",
        "description": _("Granskar och godkänner inskickade idéer innan de publiceras."),
        "page_perms": ("add", "change", "publish", "lock", "unlock"),
        "collection_perms": IMAGE_PERMS + DOCUMENT_PERMS,
        "model_perms": (
            # The moderation queue; moderators see no personal data.
            "idelabbet.moderate_ideasubmission",
            # The case board, read-only (the workflow gives them "view").
            "idelabbet.access_caseboard",
        ),
        "edits_site": True,
        "curates_search": True,
    },
    {
        "key": "coach",
        "group": "{municipality} coacher",
        "description": _("Coachar idébärare genom ärendeprocessen."),
        "collection_perms": ("choose_image", "choose_document", "add_document"),
        "model_perms": COACH_PERMS,
    },
    {
        "key": "lead",
        "group": "{municipality} processledare",
        "description": _("Leder coacherna och ansvarar för ärendena och personuppgifterna."),
        "page_perms": ("add", "change", "publish"),
        "collection_perms": IMAGE_PERMS + DOCUMENT_PERMS,
        "model_perms": (
            *COACH_PERMS,
            "idelabbet.moderate_ideasubmission",
            # Erasing a citizen's personal data on request.
            "idelabbet.change_ideasubmission",
            "idelabbet.add_organisation",
            "idelabbet.change_organisation",
        ),
        # The reminders they depend on run by the clock: they see that it runs.
        "watches_jobs": True,
    },
)
# The role whose approval publishes the municipality's other pages.
REVIEW_ROLE = "moderator"
