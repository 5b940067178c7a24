"""A few judged queries of the relevance set, through the public search page.

The full measurement is ``tests/benchmarks/relevance/run.py`` (BENCHMARKS.md);
this keeps a handful of its queries honest in CI: the passage judged most
relevant (grade 3) is among the first three hits a visitor sees.
"""

import re

import pytest

from search.services import catalog_drain
from tests.benchmarks.relevance import corpus

pytestmark = pytest.mark.django_db

EKERO = {"host": "localhost"}
CHECKED = [
    "volontär",
    "hyresrätt",
    "flyktingguiderna",
    "kommunernas flyktingmottagning",
    "MUCF",
    "LÖK",
    "Tylösandsveckan",
]
# Passages no checked query is about, so each query has something to rank against.
DISTRACTORS = 10


@pytest.fixture
def relevance_pages(sites):
    judged = {q["q"]: q for q in corpus.queries()}
    wanted = {pid for q in CHECKED for pid in judged[q]["rel"]}
    items = corpus.passages()
    chosen = [p for p in items if p["id"] in wanted]
    chosen += [p for p in items if p["id"] not in wanted][:DISTRACTORS]
    corpus.load_pages(sites["ekero"].root_page, chosen, revisions=False)
    catalog_drain()
    return judged


def _first_three(html: str) -> list[str]:
    hits = html[html.find('class="card-list search-results"') :]
    return re.findall(r'<h3><a href="/(p\d{3})/">', hits)[:3]


def test_the_most_relevant_passage_is_in_the_first_three_hits(client, relevance_pages):
    missed = []
    for query in CHECKED:
        best = {pid for pid, grade in relevance_pages[query]["rel"].items() if grade == 3}
        response = client.get("/sok/", {"q": query}, headers=EKERO)
        assert response.status_code == 200
        shown = _first_three(response.text)
        if not best & set(shown):
            missed.append(f"{query!r}: first three {shown}, judged best {sorted(best)}")
    assert not missed, "\n".join(missed)
