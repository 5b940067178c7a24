"""The municipalities this install serves, and the groups each one needs.

This is data, read in one place: which Wagtail Site each municipality is,
which groups (roles) it has, and what each group may do. Group membership,
not code, decides who may do what: an administrator adds a person to a group
in the admin. ``cms.services.municipalities_setup`` applies this idempotently.

Plugins add their model permissions here as they land (``model_perms`` are
``app_label.codename``); a permission that does not exist yet is skipped, so
the list can name what a later migration creates.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ADMIN_ACCESS = "wagtailadmin.access_admin"
# Idélabbet's coaches: the case board (which cases each one sees is decided per
# case by the workflow's object permissions, not here), the submitters' private
# data, offers to join, marking Snabb slant applications complete, and the
# directory of organisations to refer to.
IDELABBET_COACH_PERMS = (
    "idelabbet.access_caseboard",
    "idelabbet.view_organisation",
    "idelabbet.view_ideasubmission",
    "idelabbet.view_participationoffer",
    "idelabbet.view_snabbslantapplication",
    "idelabbet.change_snabbslantapplication",
)
IMAGE_PERMS = ("add_image", "change_image", "choose_image")
# The municipality's site settings: contact details, footer and look.
SITE_SETTINGS_PERMS = (
    "cms.change_sitecontact",
    "cms.change_siteidentity",
    # Its languages, and the translations of its header and footer texts.
    "cms.change_languagesettings",
    "cms.change_sitetexts",
)
# Page and snippet translation with wagtail-localize, for those who edit pages.
TRANSLATE_PERMS = ("wagtail_localize.submit_translation",)
# Reports of inaccessible content; each user sees those of the sites they edit.
ACCESSIBILITY_FEEDBACK_PERMS = (
    "cms.view_accessibilityfeedback",
    "cms.delete_accessibilityfeedback",
)
DOCUMENT_PERMS = ("add_document", "change_document", "choose_document")
# The search: what visitors search for (report "Söktermer") and the promoted
# results editors pick for a query ("Rekommenderade sökträffar").
SEARCH_EDITOR_PERMS = (
    "search.view_searchterm",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
)
# Forum Civilsamhälle: the snippets the forum pages refer to ...
FORUM_CONTENT_PERMS = tuple(
    f"forum.{action}_{model}"
    for model in ("coordinationmember", "guidingprinciple", "csamorganisation")
    for action in ("add", "change", "delete", "view")
)
# ... and, for organisers, the registrations (personal data) and the feedback mailing.
FORUM_ORGANISER_PERMS = FORUM_CONTENT_PERMS + (
    "forum.view_registration",
    "forum.delete_registration",
    "forum.add_feedbackdispatch",
    "forum.view_feedbackdispatch",
)


@dataclass(frozen=True)
class Role:
    group: str
    description: object  # a lazy translatable string
    # Wagtail page permission types granted on the municipality's home page
    # (and so on its whole tree, and nothing outside it).
    page_perms: tuple[str, ...] = ()
    # Image/document permissions on the municipality's own collection.
    collection_perms: tuple[str, ...] = ()
    model_perms: tuple[str, ...] = (ADMIN_ACCESS,)
    # Permissions on the municipality's own Site only (Wagtail's GroupSitePermission):
    # its site settings, so Ekerö's moderators cannot change Jönköping's footer.
    site_perms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Municipality:
    key: str
    name: str
    site_name: str
    slug: str
    hostname_env: str
    default_hostname: str
    is_default_site: bool
    # The group whose approval publishes a page on this site (a Wagtail workflow).
    review_group: str
    roles: tuple[Role, ...] = field(default_factory=tuple)


SITE_ADMINS = Role(
    group="Webbplatsadministratörer",
    description=_("Administrerar hela installationen: sidor, användare och grupper."),
    page_perms=("add", "change", "publish", "bulk_delete", "lock", "unlock"),
    collection_perms=IMAGE_PERMS + DOCUMENT_PERMS + ("delete_image", "delete_document"),
    model_perms=(
        ADMIN_ACCESS,
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.add_group",
        "auth.change_group",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.view_workflow",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        *SITE_SETTINGS_PERMS,
        *ACCESSIBILITY_FEEDBACK_PERMS,
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        # The "Schemalagda jobb" report and the stale-clock panel.
        "cms.view_jobrun",
        *SEARCH_EDITOR_PERMS,
    ),
)

EKERO = Municipality(
    key="ekero",
    name="Ekerö kommun",
    site_name="Idélabbet Ekerö",
    slug="ekero",
    hostname_env="EKERO_HOSTNAME",
    default_hostname="localhost",
    is_default_site=True,
    review_group="Ekerö moderatorer",
    roles=(
        Role(
            group="Ekerö moderatorer",
            description=_("Granskar och godkänner inskickade idéer innan de publiceras."),
            page_perms=("add", "change", "publish", "lock", "unlock"),
            collection_perms=IMAGE_PERMS + DOCUMENT_PERMS,
            site_perms=SITE_SETTINGS_PERMS,
            model_perms=(
                ADMIN_ACCESS,
                *ACCESSIBILITY_FEEDBACK_PERMS,
                *TRANSLATE_PERMS,
                # The moderation queue; moderators see no personal data.
                "idelabbet.moderate_ideasubmission",
                # The case board, read-only (the workflow gives them "view").
                "idelabbet.access_caseboard",
                *SEARCH_EDITOR_PERMS,
            ),
        ),
        Role(
            group="Ekerö coacher",
            description=_("Coachar idébärare genom ärendeprocessen."),
            collection_perms=("choose_image", "choose_document", "add_document"),
            model_perms=(ADMIN_ACCESS, *IDELABBET_COACH_PERMS),
        ),
        Role(
            group="Ekerö processledare",
            description=_("Leder coacherna och ansvarar för ärendena och personuppgifterna."),
            page_perms=("add", "change", "publish"),
            collection_perms=IMAGE_PERMS + DOCUMENT_PERMS,
            model_perms=(
                ADMIN_ACCESS,
                *IDELABBET_COACH_PERMS,
                *TRANSLATE_PERMS,
                "idelabbet.moderate_ideasubmission",
                # Erasing a citizen's personal data on request.
                "idelabbet.change_ideasubmission",
                "idelabbet.add_organisation",
                "idelabbet.change_organisation",
                # The reminders they depend on run by the clock: they see that it runs.
                "cms.view_jobrun",
            ),
        ),
    ),
)

JONKOPING = Municipality(
    key="jonkoping",
    name="Jönköpings kommun",
    site_name="Forum Civilsamhälle Jönköping",
    slug="jonkoping",
    hostname_env="JONKOPING_HOSTNAME",
    default_hostname="jonkoping.localhost",
    is_default_site=False,
    review_group="Jönköping forumarrangörer",
    roles=(
        Role(
            group="Jönköping forumarrangörer",
            description=_("Dokumenterar stormötena och följer upp förslagen."),
            page_perms=("add", "change", "publish", "lock", "unlock"),
            collection_perms=IMAGE_PERMS + DOCUMENT_PERMS,
            site_perms=SITE_SETTINGS_PERMS,
            model_perms=(
                ADMIN_ACCESS,
                *ACCESSIBILITY_FEEDBACK_PERMS,
                *SEARCH_EDITOR_PERMS,
                *TRANSLATE_PERMS,
            )
            + FORUM_ORGANISER_PERMS,
        ),
        Role(
            group="Jönköping moderatorer",
            description=_("Granskar innehåll på Jönköpings webbplats."),
            page_perms=("change", "publish", "lock", "unlock"),
            collection_perms=IMAGE_PERMS + DOCUMENT_PERMS,
            model_perms=(ADMIN_ACCESS, *SEARCH_EDITOR_PERMS, *TRANSLATE_PERMS)
            + FORUM_CONTENT_PERMS,
        ),
        Role(
            group="Jönköping samordningsgrupp",
            description=_(
                "Samordningsgruppen: får veta när återkopplingen efter ett forum inte har "
                "skickats inom en vecka (forumstartsidans ansvariga för uppföljningen)."
            ),
            model_perms=(ADMIN_ACCESS, "forum.view_feedbackdispatch"),
        ),
    ),
)

MUNICIPALITIES = (EKERO, JONKOPING)
