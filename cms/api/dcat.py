"""Each municipality's DCAT-AP-SE catalogue of its open data (for dataportal.se).

One catalogue per Wagtail Site, at ``/dcat/katalog.ttl`` (Turtle) and
``/dcat/katalog.rdf`` (RDF/XML). Its datasets are the read API's listings
that the site has (ideas where it runs Idélabbet; meetings and proposals
where it runs the forum), each with a JSON and a CSV distribution from the
API, the licence (``OPEN_DATA_LICENSE``, CC0 unless configured), the
municipality as publisher, the site's contact details ("en väg in") as
contact point, and the update frequency (continuous: the API is live).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import timezone
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD
from wagtail.models import Site

from forum.models import ForumIndexPage, MeetingPage, ProposalPage
from idelabbet.models import IdeaIndexPage, IdeaPage

from ..models import Municipality, SiteContact

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
CONTINUOUS = URIRef(EU + "frequency/CONT")
SWEDISH = URIRef(EU + "language/SWE")
MEDIA_TYPES = {
    "json": ("application/json", EU + "file-type/JSON"),
    "csv": ("text/csv", EU + "file-type/CSV"),
}


@dataclass(frozen=True)
class Dataset:
    key: str
    endpoint: str
    title: str
    description: str
    keywords: tuple[str, ...]
    theme: str  # EU data theme
    pages: object  # the queryset whose latest publication is "modified"


def _datasets(site: Site) -> list[Dataset]:
    root = site.root_page
    result = []
    if IdeaIndexPage.objects.live().descendant_of(root).exists():
        result.append(
            Dataset(
                key="ideer",
                endpoint="ideer",
                title="Idéer från invånarna",
                description=(
                    "Publicerade idéer som invånare lämnat till Idélabbet: sammanfattning, tema, "
                    "om idén är av eller för unga, önskad hjälp och status. Inga personuppgifter."
                ),
                keywords=("idéer", "medborgardialog", "civilsamhälle", "unga"),
                theme="SOCI",
                pages=IdeaPage.objects.live().public().descendant_of(root),
            )
        )
    if ForumIndexPage.objects.live().descendant_of(root).exists():
        result += [
            Dataset(
                key="moten",
                endpoint="moten",
                title="Forummöten",
                description=(
                    "Stormöten i Forum Civilsamhälle: datum, tema, plats, tillgänglighet, "
                    "sammanfattning och dokumentation."
                ),
                keywords=("forum", "möten", "civilsamhälle"),
                theme="GOVE",
                pages=MeetingPage.objects.live().public().descendant_of(root),
            ),
            Dataset(
                key="forslag",
                endpoint="forslag",
                title="Förslag och deras uppföljning",
                description=(
                    "Förslag från forummötena med status och en tidslinje över uppföljningen, "
                    "och de vägledande principer de bygger på."
                ),
                keywords=("förslag", "uppföljning", "civilsamhälle"),
                theme="GOVE",
                pages=ProposalPage.objects.live().public().descendant_of(root),
            ),
        ]
    return result


def _municipality_name(site: Site) -> str:
    municipality = Municipality.objects.filter(site=site).first()
    if municipality is not None and municipality.organisation:
        return municipality.organisation
    return site.site_name or site.hostname


def catalogue_graph(*, site: Site) -> Graph:
    """The site's catalogue as an RDF graph (DCAT-AP-SE)."""
    base = site.root_url.rstrip("/")
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF)):
        graph.bind(prefix, namespace)
    graph.bind("vcard", VCARD)
    name = _municipality_name(site)
    contact = SiteContact.for_site(site)
    licence = URIRef(getattr(settings, "OPEN_DATA_LICENSE", "") or CC0)

    catalogue = URIRef(f"{base}/dcat/katalog")
    publisher = URIRef(f"{base}/dcat/utgivare")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(name, lang="sv")))
    graph.add((publisher, DCTERMS.type, LOCAL_AUTHORITY))
    graph.add((publisher, FOAF.homepage, URIRef(f"{base}/")))

    contact_point = URIRef(f"{base}/dcat/kontakt")
    graph.add((contact_point, RDF.type, VCARD.Organization))
    graph.add((contact_point, VCARD.fn, Literal(contact.organisation or name, lang="sv")))
    # DCAT-AP-SE requires a way to reach the publisher: the site's own address,
    # else the configured one, else the address the site sends email from.
    email = (
        contact.email
        or getattr(settings, "OPEN_DATA_CONTACT_EMAIL", "")
        or settings.DEFAULT_FROM_EMAIL
    )
    graph.add((contact_point, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    if contact.phone:
        graph.add(
            (contact_point, VCARD.hasTelephone, URIRef(f"tel:{contact.phone.replace(' ', '')}"))
        )

    now = timezone.now()
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal(f"Öppna data från {site.site_name}", lang="sv")))
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(
                f"{name}s öppna data om samverkan med civilsamhället, "
                "hämtade direkt ur webbplatsens läs-API.",
                lang="sv",
            ),
        )
    )
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, URIRef(f"{base}/")))
    graph.add((catalogue, DCTERMS.language, SWEDISH))
    graph.add((catalogue, DCTERMS.license, licence))
    graph.add((catalogue, DCTERMS.modified, Literal(now.date(), datatype=XSD.date)))

    for dataset in _datasets(site):
        node = URIRef(f"{base}/dcat/katalog#{dataset.key}")
        graph.add((catalogue, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.title, Literal(dataset.title, lang="sv")))
        graph.add((node, DCTERMS.description, Literal(dataset.description, lang="sv")))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact_point))
        graph.add((node, DCTERMS.accrualPeriodicity, CONTINUOUS))
        graph.add((node, DCAT.theme, URIRef(EU + "data-theme/" + dataset.theme)))
        graph.add((node, DCTERMS.language, SWEDISH))
        graph.add((node, DCAT.landingPage, URIRef(f"{base}/")))
        for keyword in dataset.keywords:
            graph.add((node, DCAT.keyword, Literal(keyword, lang="sv")))
        latest = dataset.pages.aggregate(latest=Max("last_published_at"))["latest"]
        if latest:
            graph.add((node, DCTERMS.modified, Literal(latest.date(), datatype=XSD.date)))
        for fmt, (media_type, file_type) in MEDIA_TYPES.items():
            distribution = URIRef(f"{base}/dcat/katalog#{dataset.key}-{fmt}")
            url = URIRef(f"{base}/api/v2/{dataset.endpoint}/?format={fmt}")
            graph.add((node, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add(
                (
                    distribution,
                    DCTERMS.title,
                    Literal(f"{dataset.title} ({fmt.upper()})", lang="sv"),
                )
            )
            graph.add((distribution, DCAT.accessURL, url))
            graph.add((distribution, DCAT.downloadURL, url))
            graph.add(
                (
                    distribution,
                    DCAT.mediaType,
                    URIRef(f"https://www.iana.org/assignments/media-types/{media_type}"),
                )
            )
            graph.add((distribution, DCTERMS.format, URIRef(file_type)))
            graph.add((distribution, DCTERMS.license, licence))
    return graph


FORMATS = {"ttl": ("turtle", "text/turtle"), "rdf": ("xml", "application/rdf+xml")}


def catalogue_view(request, fmt: str):
    """The requesting site's catalogue in Turtle (``ttl``) or RDF/XML (``rdf``)."""
    site = Site.find_for_request(request)
    if site is None or fmt not in FORMATS:
        raise Http404
    serialisation, content_type = FORMATS[fmt]
    body = catalogue_graph(site=site).serialize(format=serialisation)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
