"""The practices a municipality can run, and the host's own roles.

A municipality is a record (``cms.models.Municipality``), created by an
operator with ``manage.py municipality_add`` or in the admin
("Kommuner"). Which roles each practice needs, and what each role may do, is
declared by the practice's plugin in one readable place (``idelabbet/roles.py``,
``forum/roles.py``) as templates; ``cms.services.municipalities`` applies them
per municipality: one group per role, page permissions on the municipality's
own tree, collection permissions on its own collection, site settings on its
own Site. Group membership, not code, decides who may do what.

Permissions that do not exist yet are skipped, so a template can name what a
later migration creates.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

import forum.roles
import idelabbet.roles
from forum.services import forum_index_ensure
from idelabbet.services.moderation import ideas_index_ensure

ADMIN_ACCESS = "wagtailadmin.access_admin"
IMAGE_PERMS = ("add_image", "change_image", "choose_image")
DOCUMENT_PERMS = ("add_document", "change_document", "choose_document")
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
# The search: what visitors search for (report "Söktermer") and the promoted
# results editors pick for a query ("Rekommenderade sökträffar").
SEARCH_EDITOR_PERMS = (
    "search.view_searchterm",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
)
# Reports of inaccessible content; each user sees those of the sites they edit.
ACCESSIBILITY_FEEDBACK_PERMS = (
    "cms.view_accessibilityfeedback",
    "cms.delete_accessibilityfeedback",
)
JOBS_PERMS = ("cms.view_jobrun",)


@dataclass(frozen=True)
class Role:
    key: str
    group: str  # the group's name; "{municipality}" is the municipality's name
    description: object  # a lazy translatable string
    # Wagtail page permission types granted on the municipality's home page
    # (and so on its whole tree, and nothing outside it).
    page_perms: tuple[str, ...] = ()
    # Image/document permissions on the municipality's own collection.
    collection_perms: tuple[str, ...] = ()
    model_perms: tuple[str, ...] = (ADMIN_ACCESS,)
    # Permissions on the municipality's own Site only (Wagtail's GroupSitePermission):
    # its site settings, so one municipality's moderators cannot change another's footer.
    site_perms: tuple[str, ...] = ()

    @classmethod
    def from_template(cls, template: dict) -> "Role":
        """A plugin's role template, with what the host adds: the admin, its own screens.

        Who edits pages may translate them; who looks after the site gets its
        settings (on its Site only) and the accessibility reports; who curates
        the search gets its reports and promoted results.
        """
        model_perms = (ADMIN_ACCESS, *template.get("model_perms", ()))
        if "change" in template.get("page_perms", ()):
            model_perms += TRANSLATE_PERMS
        if template.get("curates_search"):
            model_perms += SEARCH_EDITOR_PERMS
        site_perms = ()
        if template.get("edits_site"):
            model_perms += ACCESSIBILITY_FEEDBACK_PERMS
            site_perms = SITE_SETTINGS_PERMS
        if template.get("watches_jobs"):
            model_perms += JOBS_PERMS
        return cls(
            key=template["key"],
            group=template["group"],
            description=template["description"],
            page_perms=tuple(template.get("page_perms", ())),
            collection_perms=tuple(template.get("collection_perms", ())),
            model_perms=model_perms,
            site_perms=site_perms,
        )

    def merged(self, other: "Role") -> "Role":
        """Two practices' templates of the same role: one group, both sets of rights."""

        def union(a, b):
            return tuple(dict.fromkeys((*a, *b)))

        return Role(
            key=self.key,
            group=self.group,
            description=self.description,
            page_perms=union(self.page_perms, other.page_perms),
            collection_perms=union(self.collection_perms, other.collection_perms),
            model_perms=union(self.model_perms, other.model_perms),
            site_perms=union(self.site_perms, other.site_perms),
        )


@dataclass(frozen=True)
class Practice:
    key: str
    label: object
    roles: tuple[Role, ...]
    # The role whose approval publishes the municipality's other pages.
    review_role: str
    # Creates the practice's index page under the home page, given the groups by role.
    index_ensure: Callable = field(repr=False)
    # The new home page's link to the index (title, text): content in the
    # site's language, not interface, so editors change it like any text.
    way_in: tuple[str, str] = ("", "")


def _ideas_index(home, groups):
    return ideas_index_ensure(
        home=home,
        coach_group=groups["coach"],
        lead_group=groups["lead"],
        moderator_group=groups["moderator"],
    )


def _forum_index(home, groups):
    return forum_index_ensure(
        home=home, organiser_group=groups["organiser"], lead_group=groups["coordination"]
    )


# The plugins this host knows (the host knows its plugins; they never know it).
# The order is the order of precedence for the review role.
PRACTICES = {
    "idelabbet": Practice(
        key="idelabbet",
        label=_("Idélabbet"),
        roles=tuple(Role.from_template(t) for t in idelabbet.roles.ROLES),
        review_role=idelabbet.roles.REVIEW_ROLE,
        index_ensure=_ideas_index,
        way_in=(
            "Idéer – skicka in din eller var med",
            "Har du en idé som gör kommunen bättre att leva i? Skicka in den, så hör en "
            "coach av sig. Du behöver inget konto.",
        ),
    ),
    "forum": Practice(
        key="forum",
        label=_("Forum Civilsamhälle"),
        roles=tuple(Role.from_template(t) for t in forum.roles.ROLES),
        review_role=forum.roles.REVIEW_ROLE,
        index_ensure=_forum_index,
        way_in=(
            "Forum Civilsamhälle",
            "Dokumentationen från de stora mötena, förslagen och hur de följs upp.",
        ),
    ),
}


def practice_choices() -> list[tuple[str, object]]:
    return [(key, practice.label) for key, practice in PRACTICES.items()]


def roles_for(practices: list[str]) -> dict[str, Role]:
    """The roles of a municipality running ``practices``, one per key, merged across practices."""
    roles: dict[str, Role] = {}
    for key in PRACTICES:
        if key not in practices:
            continue
        for role in PRACTICES[key].roles:
            roles[role.key] = roles[role.key].merged(role) if role.key in roles else role
    return roles


def review_role_for(practices: list[str]) -> str | None:
    for key, practice in PRACTICES.items():
        if key in practices:
            return practice.review_role
    return None


# Global: the whole installation, every municipality.
SITE_ADMINS = Role(
    key="site_admin",
    group="Webbplatsadministratörer",
    description=_("Administrerar hela installationen: kommuner, sidor, användare och grupper."),
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
        # Onboarding, switching practices on, deactivating: "Kommuner".
        "cms.add_municipality",
        "cms.change_municipality",
        "cms.view_municipality",
        *SITE_SETTINGS_PERMS,
        *ACCESSIBILITY_FEEDBACK_PERMS,
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        # The "Schemalagda jobb" report and the stale-clock panel.
        *JOBS_PERMS,
        *SEARCH_EDITOR_PERMS,
    ),
)
