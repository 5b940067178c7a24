"""Existing installs: the sites the code used to define become Municipality records.

Before municipalities were data, ``cms/municipalities.py`` named two of them
and their groups. Here (and only here, outside the demo) those names are
read once, to link each existing site, collection and group to its record.
Any other site whose root is a home page becomes a municipality too, its
practices and groups read from its index pages.
"""

from django.db import migrations

# The definitions the code held until this migration.
LEGACY = {
    "ekero": {
        "name": "Ekerö",
        "organisation": "Ekerö kommun",
        "practices": ["idelabbet"],
        "groups": {
            "moderator": "Ekerö moderatorer",
            "coach": "Ekerö coacher",
            "lead": "Ekerö processledare",
        },
    },
    "jonkoping": {
        "name": "Jönköping",
        "organisation": "Jönköpings kommun",
        "practices": ["forum"],
        "groups": {
            "organiser": "Jönköping forumarrangörer",
            "moderator": "Jönköping moderatorer",
            "coordination": "Jönköping samordningsgrupp",
        },
    },
}


def forwards(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Collection = apps.get_model("wagtailcore", "Collection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Municipality = apps.get_model("cms", "Municipality")
    MunicipalityGroup = apps.get_model("cms", "MunicipalityGroup")
    IdeaIndexPage = apps.get_model("idelabbet", "IdeaIndexPage")
    ForumIndexPage = apps.get_model("forum", "ForumIndexPage")
    home_type = ContentType.objects.filter(app_label="cms", model="homepage").first()
    if home_type is None:
        return
    for site in Site.objects.select_related("root_page").order_by("pk"):
        home = site.root_page
        if home.content_type_id != home_type.pk or Municipality.objects.filter(site=site).exists():
            continue
        children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        ideas = IdeaIndexPage.objects.filter(pk__in=children.values("pk")).first()
        forum = ForumIndexPage.objects.filter(pk__in=children.values("pk")).first()
        legacy = LEGACY.get(home.slug)
        if legacy is not None:
            name, organisation = legacy["name"], legacy["organisation"]
            practices = list(legacy["practices"])
            groups = {
                role: Group.objects.filter(name=group).first()
                for role, group in legacy["groups"].items()
            }
        else:
            name = site.site_name or site.hostname
            organisation = name
            practices = []
            groups = {}
            if ideas is not None:
                practices.append("idelabbet")
                groups.update(
                    coach=ideas.coach_group, lead=ideas.lead_group, moderator=ideas.moderator_group
                )
            if forum is not None:
                practices.append("forum")
                groups.update(coordination=forum.lead_group)
        if Municipality.objects.filter(name=name).exists() or Municipality.objects.filter(
            slug=home.slug
        ).exists():
            continue
        root = Collection.objects.filter(depth=1).first()
        collection = Collection.objects.filter(depth=2, name=organisation).first() or root
        municipality = Municipality.objects.create(
            name=name,
            slug=home.slug,
            organisation=organisation,
            site=site,
            collection=collection,
            practices=practices,
        )
        for role, group in groups.items():
            if group is not None and not MunicipalityGroup.objects.filter(group=group).exists():
                MunicipalityGroup.objects.create(municipality=municipality, role=role, group=group)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0013_municipalities"),
        ("idelabbet", "0008_workflow_deadlines_grant"),
        ("forum", "0006_registration_confirmed_at"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
