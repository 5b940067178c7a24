"""Writes of the municipalities: onboarding and switching practices on.

A municipality is created by ``municipality_add`` (the ``municipality_add``
command, the admin's "Kommuner" screen and the demo all call it), in one
transaction and idempotently: its Site and home page, its image and document
collection, one group per role of its practices with their permissions, the
review workflows, the practices' index pages and its site settings.
"""

import re

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
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

from ..branding import accent_colour_validator
from ..languages.codes import install_languages
from ..languages.services import site_languages_set
from ..models import (
    HomePage,
    Municipality,
    MunicipalityGroup,
    SiteContact,
    SiteIdentity,
)
from ..municipalities import PRACTICES, SITE_ADMINS, Role, review_role_for, roles_for
from ..selectors import INACTIVE_HOSTS_CACHE_KEY

# One DNS label: letters, digits and hyphens, not at either end (RFC 1123).
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
SWEDISH_LETTERS = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")


def hostname_normalise(hostname: str) -> str:
    """``hostname`` in lower case, å/ä/ö as the DNS spells them (IDNA); or ValidationError."""
    value = (hostname or "").strip().lower().rstrip(".")
    error = ValidationError(
        _("”%(hostname)s” är inget giltigt värdnamn (t.ex. sollentuna.example.se)."),
        code="invalid_hostname",
        params={"hostname": hostname},
    )
    if not value:
        raise ValidationError(_("Ange ett värdnamn."), code="invalid_hostname")
    try:
        ascii_name = value.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise error from exc
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or not all(HOST_LABEL.match(label) for label in labels):
        raise error
    if labels[-1].isdigit():  # an IP address is not a site's name
        raise error
    return ascii_name


def municipality_slug(name: str) -> str:
    return slugify(name.translate(SWEDISH_LETTERS))


def _practices_clean(practices) -> list[str]:
    keys = [p.strip() for p in practices if p and p.strip()]
    unknown = [p for p in keys if p not in PRACTICES]
    if unknown:
        raise ValidationError(
            _("Okänd verksamhet: %(unknown)s. Välj bland: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(PRACTICES)},
            code="unknown_practice",
        )
    if not keys:
        raise ValidationError(_("Välj minst en verksamhet."), code="no_practice")
    return [key for key in PRACTICES if key in keys]


def municipality_validate(
    *,
    name: str,
    hostname: str,
    port: int,
    practices,
    email: str = "",
    accent_colour: str = "",
    languages=(),
    existing: Municipality | None = None,
) -> dict:
    """The cleaned values of a new municipality, or a ValidationError naming each bad field.

    One source for the command and the admin form: a hostname already served
    by another site, an invalid hostname or port, a name (or its address form)
    taken by another municipality or page, an unknown practice, an invalid
    contact address, an accent colour without contrast on white, a language
    the install does not offer. Every bad field is named at once.
    """
    errors: dict[str, list] = {}
    cleaned = {"name": (name or "").strip(), "port": port}
    cleaned.update(_settings_clean(email, accent_colour, languages, errors))
    if not cleaned["name"]:
        errors.setdefault("name", []).append(_("Ange kommunens namn."))
    cleaned["slug"] = municipality_slug(cleaned["name"])
    if cleaned["name"] and not cleaned["slug"]:
        errors.setdefault("name", []).append(_("Namnet måste innehålla bokstäver eller siffror."))
    try:
        cleaned["hostname"] = hostname_normalise(hostname)
    except ValidationError as exc:
        errors.setdefault("hostname", []).extend(exc.messages)
    if not isinstance(port, int) or not 1 <= port <= 65535:
        errors.setdefault("port", []).append(_("Porten måste vara ett tal mellan 1 och 65535."))
    try:
        cleaned["practices"] = _practices_clean(practices)
    except ValidationError as exc:
        errors.setdefault("practices", []).extend(exc.messages)
    others = Municipality.objects.exclude(pk=existing.pk) if existing else Municipality.objects
    if (
        cleaned["name"]
        and others.filter(Q(name__iexact=cleaned["name"]) | Q(slug=cleaned["slug"])).exists()
    ):
        errors.setdefault("name", []).append(
            _("Det finns redan en kommun som heter ”%(name)s”.") % {"name": cleaned["name"]}
        )
    elif existing is None and cleaned["slug"]:
        taken = Page.objects.filter(depth=2, slug=cleaned["slug"]).exists()
        groups = [
            role.group.format(municipality=cleaned["name"])
            for role in roles_for(cleaned.get("practices") or list(PRACTICES)).values()
        ]
        if taken or Group.objects.filter(name__in=groups).exists():
            errors.setdefault("name", []).append(
                _("Namnet ”%(name)s” används redan av en sida eller grupp.")
                % {"name": cleaned["name"]}
            )
    if "hostname" in cleaned:
        sites = Site.objects.filter(hostname=cleaned["hostname"])
        if existing is not None:
            sites = sites.exclude(pk=existing.site_id)
        if sites.exists():
            errors.setdefault("hostname", []).append(
                _("Värdnamnet %(hostname)s används redan av en annan webbplats.")
                % {"hostname": cleaned["hostname"]}
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _settings_clean(email: str, accent_colour: str, languages, errors: dict) -> dict:
    """The site settings' part of ``municipality_validate``: errors are added to ``errors``."""
    cleaned = {
        "email": (email or "").strip(),
        "accent_colour": (accent_colour or "").strip(),
        "languages": [c.strip() for c in languages or () if c and c.strip()],
    }
    if cleaned["email"]:
        try:
            SiteContact._meta.get_field("email").run_validators(cleaned["email"])
        except ValidationError as exc:
            errors.setdefault("email", []).extend(exc.messages)
    if cleaned["accent_colour"]:
        try:
            accent_colour_validator(cleaned["accent_colour"])
        except ValidationError as exc:
            errors.setdefault("accent_colour", []).extend(exc.messages)
    unknown = sorted(set(cleaned["languages"]) - set(install_languages()))
    if unknown:
        errors.setdefault("languages", []).append(
            _("Installationen erbjuder inte språket %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return cleaned


def _permissions(dotted) -> list[Permission]:
    query = Q()
    for name in dotted:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query)) if dotted else []


def _grant_role(role: Role, *, group: Group, home: Page, collection: Collection, site=None):
    """Grant ``role``'s permissions to ``group``, scoped to one tree, collection and Site."""
    group.permissions.add(*_permissions(role.model_perms))
    if site is not None:
        # Granted on the one site, never on all: a global grant is taken back.
        group.permissions.remove(*_permissions(role.site_perms))
        for permission in _permissions(role.site_perms):
            GroupSitePermission.objects.get_or_create(group=group, site=site, permission=permission)
    page_ct = ContentType.objects.get_for_model(Page)
    for perm_type in role.page_perms:
        permission = Permission.objects.get(content_type=page_ct, codename=f"{perm_type}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    for codename in role.collection_perms:
        app_label = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _retire_wagtail_defaults() -> None:
    # Wagtail's fresh install ships a welcome page (and its Site), "Editors"/
    # "Moderators" groups and a workflow with rights over the whole tree, i.e.
    # over every municipality. Remove them while nobody uses them.
    Page.objects.filter(
        depth=2, slug="home", content_type=ContentType.objects.get_for_model(Page)
    ).delete()
    for name in ("Editors", "Moderators"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    root = Page.get_first_root_node()
    WorkflowPage.objects.filter(page=root, workflow__name="Moderators approval").delete()
    Workflow.objects.filter(name="Moderators approval", active=True).update(active=False)


def site_admins_ensure() -> Group:
    """The installation's site administrators: every tree, collection and municipality."""
    group, _created = Group.objects.get_or_create(name=SITE_ADMINS.group)
    _grant_role(
        SITE_ADMINS,
        group=group,
        home=Page.get_first_root_node(),
        collection=Collection.get_first_root_node(),
    )
    return group


def _role_groups(municipality: Municipality) -> dict[str, Group]:
    """One group per role of the municipality's practices, created if missing (by row, not name)."""
    existing = {
        link.role: link.group
        for link in MunicipalityGroup.objects.filter(municipality=municipality).select_related(
            "group"
        )
    }
    for key, role in roles_for(municipality.practices).items():
        if key not in existing:
            group = Group.objects.create(name=role.group.format(municipality=municipality.name))
            MunicipalityGroup.objects.create(municipality=municipality, role=key, group=group)
            existing[key] = group
    return existing


def _home_workflow(municipality: Municipality, home: Page, groups: dict[str, Group]) -> None:
    if WorkflowPage.objects.filter(page=home).exists():
        return
    review = groups[review_role_for(municipality.practices)]
    label = municipality.organisation or municipality.name
    workflow = Workflow.objects.create(name=f"Granskning – {label}")
    task = GroupApprovalTask.objects.create(name=f"Godkännande av {review.name.lower()}")
    task.groups.set([review])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=home, workflow=workflow)


def municipality_apply(*, municipality: Municipality) -> dict[str, Page]:
    """Bring a municipality's groups, permissions, workflows and index pages up to its practices.

    Idempotent, and additive: what an administrator added is kept (extra
    permissions, another group chosen on an index page, a renamed group).
    """
    site = municipality.site
    home = site.root_page
    groups = _role_groups(municipality)
    roles = roles_for(municipality.practices)
    for key, role in roles.items():
        _grant_role(
            role, group=groups[key], home=home, collection=municipality.collection, site=site
        )
    _home_workflow(municipality, home, groups)
    return {key: PRACTICES[key].index_ensure(home, groups) for key in municipality.practices}


# Content of the new home page (the site's language, editable after).
WAYS_IN_HEADING = "Så kan du vara med"


def _home_ways_in(home: Page, indexes: dict[str, Page]) -> None:
    """Link a municipality's home page to its practices' index pages, so a visitor finds the way in.

    Only links the home page does not have yet are added (in a "ways in"
    block of their own), so what an editor wrote or removed before a practice
    was switched on stays as it was.
    """
    home = home.specific
    if not isinstance(home, HomePage):
        return
    linked = {
        link["target"]["page"].pk
        for block in home.body
        if block.block_type == "service_links"
        for link in block.value["links"]
        if link["target"]["page"] is not None
    }
    links = [
        {
            "title": PRACTICES[key].way_in[0],
            "text": PRACTICES[key].way_in[1],
            "target": {"page": index, "path": ""},
        }
        for key, index in indexes.items()
        if index is not None and index.pk not in linked and PRACTICES[key].way_in[0]
    ]
    if not links:
        return
    heading = "" if linked else WAYS_IN_HEADING
    home.body.append(("service_links", {"heading": heading, "links": links}))
    home.save_revision().publish()


def _site_settings(site: Site, *, organisation: str, email: str, accent_colour: str) -> None:
    contact = SiteContact.for_site(site)
    if not contact.organisation and not contact.email:
        contact.organisation = organisation
        contact.email = email
        contact.save()
    identity = SiteIdentity.for_site(site)
    if not identity.tagline:
        identity.tagline = organisation
        if accent_colour:
            identity.accent_colour = accent_colour
        identity.save()


def inactive_hosts_changed() -> None:
    # Now, for this process, and again after commit: a request in between
    # may have cached the set as it was before this transaction.
    cache.delete(INACTIVE_HOSTS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(INACTIVE_HOSTS_CACHE_KEY))


@transaction.atomic
def municipality_add(
    *,
    name: str,
    hostname: str,
    practices,
    port: int = 80,
    site_name: str = "",
    organisation: str = "",
    email: str = "",
    accent_colour: str = "",
    languages=None,
) -> tuple[Municipality, bool]:
    """Create a municipality with everything its site and staff need; idempotent.

    Returns ``(municipality, created)``. The same name and hostname again is
    the same municipality: nothing changes, unless ``practices`` names one it
    does not run yet, which is then switched on. Bad input (a hostname in use,
    an invalid hostname, a name taken, an unknown practice, a colour without
    contrast, a language the install does not offer) raises ValidationError
    and creates nothing. ``languages`` (codes) are offered on the new site
    (``site_languages_set``); Swedish always is.
    """
    existing = Municipality.objects.filter(name__iexact=(name or "").strip()).first()
    if existing is not None:
        try:
            same_host = hostname_normalise(hostname) == existing.site.hostname
        except ValidationError:
            same_host = False
        if same_host:
            return municipality_practices_enable(municipality=existing, practices=practices), False
    # Wagtail's welcome site would hold "localhost"; rolled back with the rest on bad input.
    _retire_wagtail_defaults()
    cleaned = municipality_validate(
        name=name,
        hostname=hostname,
        port=port,
        practices=practices,
        email=email,
        accent_colour=accent_colour,
        languages=languages or (),
    )
    email, accent_colour, languages = (
        cleaned["email"],
        cleaned["accent_colour"],
        cleaned["languages"],
    )
    organisation = (organisation or "").strip() or cleaned["name"]
    site_name = (site_name or "").strip() or cleaned["name"]
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=site_name, slug=cleaned["slug"], intro=""))
    home.save_revision().publish()
    site = Site.objects.create(
        hostname=cleaned["hostname"],
        port=cleaned["port"],
        root_page=home,
        site_name=site_name,
        is_default_site=not Site.objects.filter(is_default_site=True).exists(),
    )
    collection = Collection.get_first_root_node().add_child(name=organisation)
    municipality = Municipality.objects.create(
        name=cleaned["name"],
        slug=cleaned["slug"],
        organisation=organisation,
        site=site,
        collection=collection,
        practices=cleaned["practices"],
    )
    _home_ways_in(home, municipality_apply(municipality=municipality))
    _site_settings(site, organisation=organisation, email=email, accent_colour=accent_colour)
    if languages:
        site_languages_set(site=site, codes=list(languages))
    site_admins_ensure()
    return municipality, True


@transaction.atomic
def municipality_practices_enable(*, municipality: Municipality, practices) -> Municipality:
    """Switch practices on for a municipality (never off: their data stays); idempotent."""
    wanted = _practices_clean([*municipality.practices, *practices])
    if wanted != municipality.practices:
        added = [key for key in wanted if key not in municipality.practices]
        municipality.practices = wanted
        municipality.save(update_fields=["practices"])
        indexes = municipality_apply(municipality=municipality)
        _home_ways_in(municipality.site.root_page, {key: indexes[key] for key in added})
    return municipality


@transaction.atomic
def municipalities_sync() -> int:
    """Apply the practices' current role templates to every municipality (after an upgrade)."""
    municipalities = list(Municipality.objects.select_related("site", "collection"))
    for municipality in municipalities:
        municipality_apply(municipality=municipality)
    site_admins_ensure()
    return len(municipalities)
