"""The two demo municipalities, created through the same service as ``municipality_add``.

Data, not wiring: nothing outside the demo knows these names. ``make migrate``
(``setup_municipalities``) and ``load_demo`` create them; the host names come
from ``EKERO_HOSTNAME``/``JONKOPING_HOSTNAME`` the first time, and the port the
sites are served on (``settings.SITE_PORT``, ``make run PORT=…``) is stored on
both, so that absolute links (emails, "view live", the other site) reach them.
"""

import os

from django.db import transaction
from wagtail.models import Site

from cms.models import Municipality
from cms.services import municipalities_sync, municipality_add

# key: (name, organisation, site name, host name variable, default host name, practices)
DEMO_MUNICIPALITIES = {
    "ekero": (
        "Ekerö",
        "Ekerö kommun",
        "Idélabbet Ekerö",
        "EKERO_HOSTNAME",
        "localhost",
        ["idelabbet"],
    ),
    "jonkoping": (
        "Jönköping",
        "Jönköpings kommun",
        "Forum Civilsamhälle Jönköping",
        "JONKOPING_HOSTNAME",
        "jonkoping.localhost",
        ["forum"],
    ),
}


@transaction.atomic
def municipalities_setup(*, port: int | None = None) -> dict[str, Site]:
    """Create, if missing, the demo municipalities; returns their Sites by key.

    Idempotent: an existing municipality keeps its host name and what an
    administrator changed; only the port follows ``port`` when given. The
    practices' current role templates are applied to every municipality.
    """
    sites = {}
    existed = False
    for key, (
        name,
        organisation,
        site_name,
        env,
        default,
        practices,
    ) in DEMO_MUNICIPALITIES.items():
        municipality = Municipality.objects.filter(slug=key).select_related("site").first()
        existed = existed or municipality is not None
        if municipality is None:
            municipality, _created = municipality_add(
                name=name,
                hostname=os.environ.get(env, default),
                port=port or 80,
                practices=practices,
                site_name=site_name,
                organisation=organisation,
            )
        site = municipality.site
        if port and site.port != port:
            site.port = port
            site.save(update_fields=["port"])
        sites[key] = site
    if existed:
        municipalities_sync()
    return sites
