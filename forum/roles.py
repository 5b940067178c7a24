"""The roles a municipality running Forum Civilsamhälle staffs, as templates.

The one readable place for who may do what in the forum. The host site applies
each template per municipality (one group per role, permissions scoped to the
municipality's tree, collection and Site) and hands the groups to
``forum_index_ensure``; the plugin knows no municipality. The keys of a
template are described in ``idelabbet/roles.py``'s docstring (the same shape:
the host reads both).
"""

from django.utils.translation import gettext_lazy as _

IMAGE_PERMS = ("add_image", "change_image", "choose_image")
DOCUMENT_PERMS = ("add_document", "change_document", "choose_document")
# The snippets the forum pages refer to ...
CONTENT_PERMS = tuple(
    f"forum.{action}_{model}"
    for model in ("coordinationmember", "guidingprinciple", "csamorganisation")
    for action in ("add", "change", "delete", "view")
)
# ... and, for organisers, the registrations (personal data) and the feedback mailing.
ORGANISER_PERMS = CONTENT_PERMS + (
    "forum.view_registration",
    "forum.delete_registration",
    "forum.add_feedbackdispatch",
    "forum.view_feedbackdispatch",
)

ROLES = (
    {
        "key": "organiser",
        "group": "{municipality} forumarrangörer",
        "description": _("Dokumenterar stormötena och följer upp förslagen."),
        "page_perms": ("add", "change", "publish", "lock", "unlock"),
        "collection_perms": IMAGE_PERMS + DOCUMENT_PERMS,
        "model_perms": ORGANISER_PERMS,
        "edits_site": True,
        "curates_search": True,
    },
    {
        "key": "moderator",
        "group": "{municipality} moderatorer",
        "description": _("Granskar innehåll på kommunens webbplats."),
        "page_perms": ("change", "publish", "lock", "unlock"),
        "collection_perms": IMAGE_PERMS + DOCUMENT_PERMS,
        "model_perms": CONTENT_PERMS,
        "curates_search": True,
    },
    {
        "key": "coordination",
        "group": "{municipality} samordningsgrupp",
        "description": _(
            "Samordningsgruppen: får veta när återkopplingen efter ett forum inte har "
            "skickats inom en vecka (forumstartsidans ansvariga för uppföljningen)."
        ),
        "model_perms": ("forum.view_feedbackdispatch",),
    },
)
# The role whose approval publishes the municipality's other pages.
REVIEW_ROLE = "organiser"
