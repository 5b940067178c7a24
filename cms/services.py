"""Writes of the host site: the municipalities' sites and groups, accessibility feedback."""

import os

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import AccessibilityFeedback, AccessibilityStatementPage, HomePage
from .municipalities import MUNICIPALITIES, SITE_ADMINS, Municipality, Role
from .tasks import accessibility_feedback_email


def _permissions(dotted: tuple[str, ...]) -> list[Permission]:
    query = Q()
    for name in dotted:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query)) if dotted else []


def _home_page(municipality: Municipality) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(slug=municipality.slug, depth=2).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title=municipality.site_name,
                slug=municipality.slug,
                intro="",
            )
        )
        home.save_revision().publish()
    return home


def _site(municipality: Municipality, home: HomePage, port: int | None) -> Site:
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        hostname = os.environ.get(municipality.hostname_env, municipality.default_hostname)
        site = Site.objects.create(
            hostname=hostname,
            port=port or 80,
            root_page=home,
            site_name=municipality.site_name,
            is_default_site=municipality.is_default_site,
        )
    elif port and site.port != port:
        # The port the site is really served on (`make run PORT=…`): every
        # absolute link (emails, "view live", the other site) is built from it.
        site.port = port
        site.save(update_fields=["port"])
    return site


def _collection(municipality: Municipality) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=municipality.name).first()
    return existing or root.add_child(name=municipality.name)


def _grant_role(
    role: Role, *, home: Page | None, collection: Collection | None, site: Site | None = None
) -> Group:
    group, _ = Group.objects.get_or_create(name=role.group)
    group.permissions.add(*_permissions(role.model_perms))
    if site is not None:
        # Granted on the one site, never on all: a global grant from before
        # site settings were per site is taken back.
        group.permissions.remove(*_permissions(role.site_perms))
        for permission in _permissions(role.site_perms):
            GroupSitePermission.objects.get_or_create(group=group, site=site, permission=permission)
    if home is not None:
        page_ct = ContentType.objects.get_for_model(Page)
        for perm_type in role.page_perms:
            permission = Permission.objects.get(content_type=page_ct, codename=f"{perm_type}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    if collection is not None:
        for codename in role.collection_perms:
            app_label = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    return group


def _workflow(municipality: Municipality, home: Page) -> Workflow:
    workflow, created = Workflow.objects.get_or_create(name=f"Granskning – {municipality.name}")
    if created:
        task = GroupApprovalTask.objects.create(
            name=f"Godkännande av {municipality.review_group.lower()}"
        )
        task.groups.set([Group.objects.get(name=municipality.review_group)])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def _retire_wagtail_defaults() -> None:
    # Wagtail's fresh install ships "Editors"/"Moderators" groups and a workflow
    # with rights over the whole tree, i.e. over both municipalities. Remove them
    # while nobody uses them; never touch them once someone is a member.
    for name in ("Editors", "Moderators"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    root = Page.get_first_root_node()
    WorkflowPage.objects.filter(page=root, workflow__name="Moderators approval").delete()
    Workflow.objects.filter(name="Moderators approval", active=True).update(active=False)


@transaction.atomic
def municipalities_setup(*, port: int | None = None) -> dict[str, Site]:
    """Create, if missing, each municipality's home page, Site, collection and groups.

    Idempotent: running it again changes nothing, and it never overwrites what an
    administrator changed (host names, titles, extra permissions). Wagtail's
    placeholder welcome page is removed the first time. ``port`` is the port the
    sites are served on (``settings.SITE_PORT``): given, both Sites store it, so
    that absolute URLs built from a Site reach it. Returns the sites by key.
    """
    Page.objects.filter(
        depth=2, slug="home", content_type=ContentType.objects.get_for_model(Page)
    ).delete()
    _retire_wagtail_defaults()
    sites = {}
    for municipality in MUNICIPALITIES:
        home = _home_page(municipality)
        sites[municipality.key] = _site(municipality, home, port)
        collection = _collection(municipality)
        for role in municipality.roles:
            _grant_role(role, home=home, collection=collection, site=sites[municipality.key])
        _workflow(municipality, home)
    _grant_role(
        SITE_ADMINS,
        home=Page.get_first_root_node(),
        collection=Collection.get_first_root_node(),
    )
    return sites


@transaction.atomic
def accessibility_feedback_submit(
    *,
    statement: AccessibilityStatementPage,
    description: str,
    page_address: str = "",
    name: str = "",
    email: str = "",
    language: str | None = None,
) -> AccessibilityFeedback:
    """Record a report of inaccessible content and queue it by email to the site's admins.

    The report is kept in the admin ("Synpunkter på tillgängligheten") whether
    or not the email goes out; the worker sends it after this transaction commits.
    """
    feedback = AccessibilityFeedback.objects.create(
        statement=statement,
        description=description.strip(),
        page_address=page_address.strip(),
        name=name.strip(),
        email=email.strip(),
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: accessibility_feedback_email.enqueue(feedback_id=feedback.pk))
    return feedback
