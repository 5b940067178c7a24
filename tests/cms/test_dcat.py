"""The DCAT-AP-SE catalogue of each municipality.

No published SHACL shapes for DCAT-AP-SE can be installed from PyPI or npm, so
this checks the profile's mandatory classes and properties one by one:

- dcat:Catalog: dcterms:title, dcterms:description, dcterms:publisher, dcat:dataset
  (and, recommended: foaf:homepage, dcterms:language, dcterms:license, dcterms:modified);
- dcat:Dataset: dcterms:title, dcterms:description, dcterms:publisher, dcat:contactPoint
  (recommended: dcat:distribution, dcat:theme, dcat:keyword, dcterms:accrualPeriodicity);
- dcat:Distribution: dcat:accessURL (recommended: dcterms:license, dcterms:format,
  dcat:mediaType, dcat:downloadURL);
- foaf:Agent (publisher): foaf:name (recommended: dcterms:type);
- vcard:Organization (contact point): vcard:fn and vcard:hasEmail.
"""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from cms.api.dcat import CC0, VCARD
from cms.models import SiteContact
from tests.reporting_data import (
    PLANTED_EMAIL,
    PLANTED_NAME,
    PLANTED_PHONE,
    forum_2025,
    forum_index_create,
    ideas_2025,
    ideas_index_create,
)

pytestmark = pytest.mark.django_db

REQUIRED = {
    DCAT.Catalog: [DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset],
    DCAT.Dataset: [
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.publisher,
        DCAT.contactPoint,
        DCAT.distribution,
        DCAT.theme,
        DCAT.keyword,
        DCTERMS.accrualPeriodicity,
    ],
    DCAT.Distribution: [
        DCAT.accessURL,
        DCTERMS.license,
        DCTERMS.format,
        DCAT.mediaType,
    ],
    FOAF.Agent: [FOAF.name, DCTERMS.type],
    VCARD.Organization: [VCARD.fn, VCARD.hasEmail],
}


@pytest.fixture
def ekero_data(ekero):
    index = ideas_index_create(ekero)
    cases = ideas_2025(index)
    cases["A"].submission.idea.get_latest_revision().publish()
    SiteContact.objects.update_or_create(
        site=ekero, defaults={"organisation": "Ekerö kommun", "email": "idelabbet@ekero.se"}
    )
    return cases


def catalogue(client, site, fmt="ttl") -> tuple[Graph, str]:
    response = client.get(f"/dcat/katalog.{fmt}", HTTP_HOST=site.hostname)
    assert response.status_code == 200
    text = response.content.decode()
    return Graph().parse(data=text, format="turtle" if fmt == "ttl" else "xml"), text


def assert_valid(graph: Graph):
    for cls, properties in REQUIRED.items():
        subjects = list(graph.subjects(RDF.type, cls))
        assert subjects, f"no {cls}"
        for subject in subjects:
            for prop in properties:
                assert graph.value(subject, prop) is not None, f"{subject} lacks {prop}"
    catalogue_node = next(graph.subjects(RDF.type, DCAT.Catalog))
    for dataset in graph.objects(catalogue_node, DCAT.dataset):
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert (graph.value(dataset, DCTERMS.publisher), RDF.type, FOAF.Agent) in graph
        assert (graph.value(dataset, DCAT.contactPoint), RDF.type, VCARD.Organization) in graph
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert (distribution, RDF.type, DCAT.Distribution) in graph


def test_ekero_catalogue_is_valid_and_lists_the_ideas(client, ekero, ekero_data):
    graph, text = catalogue(client, ekero)
    assert_valid(graph)
    datasets = {str(graph.value(d, DCTERMS.title)) for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert datasets == {"Idéer från invånarna"}
    publisher = next(graph.subjects(RDF.type, FOAF.Agent))
    assert graph.value(publisher, FOAF.name) == Literal("Ekerö kommun", lang="sv")
    contact = next(graph.subjects(RDF.type, VCARD.Organization))
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:idelabbet@ekero.se")
    licences = set(graph.objects(None, DCTERMS.license))
    assert licences == {URIRef(CC0)}
    for planted in (PLANTED_NAME, PLANTED_EMAIL, PLANTED_PHONE):
        assert planted not in text


def test_distributions_are_the_apis_json_and_csv(client, ekero, ekero_data):
    graph, _ = catalogue(client, ekero)
    urls = sorted(str(u) for u in graph.objects(None, DCAT.accessURL))
    assert urls == [
        f"http://{ekero.hostname}/api/v2/ideer/?format=csv",
        f"http://{ekero.hostname}/api/v2/ideer/?format=json",
    ]
    for url in urls:
        response = client.get(url.split(ekero.hostname, 1)[1], HTTP_HOST=ekero.hostname)
        assert response.status_code == 200
        assert "Bryggdans" in response.content.decode()


def test_jonkoping_catalogue_has_meetings_and_proposals(client, jonkoping):
    forum_2025(forum_index_create(jonkoping))
    graph, _ = catalogue(client, jonkoping)
    assert_valid(graph)
    datasets = {str(graph.value(d, DCTERMS.title)) for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert datasets == {"Forummöten", "Förslag och deras uppföljning"}
    assert len(list(graph.subjects(RDF.type, DCAT.Distribution))) == 4


def test_rdf_xml_says_the_same_as_turtle(client, ekero, ekero_data):
    turtle, _ = catalogue(client, ekero, "ttl")
    xml, _ = catalogue(client, ekero, "rdf")
    assert isomorphic(turtle, xml)


def test_licence_is_configurable(client, ekero, ekero_data, settings):
    settings.OPEN_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
    graph, _ = catalogue(client, ekero)
    assert set(graph.objects(None, DCTERMS.license)) == {
        URIRef("https://creativecommons.org/licenses/by/4.0/")
    }


def test_unknown_format_is_not_found(client, ekero):
    assert client.get("/dcat/katalog.json", HTTP_HOST=ekero.hostname).status_code == 404
