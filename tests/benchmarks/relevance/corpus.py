"""The relevance set: passages of the Swedish reports in ``shared/seeds`` and judged queries.

``passages.json``: 131 passages (60–340 words) cut at the reports' own section
headings from four reports on the civil society and integration (the fifth
seed is an OCR scan whose letters are garbled, so it is left out). Each is
published as a ``StandardPage`` on Ekerö's site through Wagtail's own page
creation and publishing, which queues its catalog entry as any editor's
publish does.

``queries.json``: 52 queries with graded judgments (0–3) written by reading
the passages, in six categories (see its ``_about``).

Import after ``django.setup()`` (it imports the page model).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.apps import apps
from django.utils.html import escape
from wagtail.rich_text import RichText

from cms.models import StandardPage
from search.services import catalog_queue

HERE = Path(__file__).resolve().parent
CATEGORIES = ("plain", "inflection", "compound", "acronym", "no_diacritics", "typo")
K = 10


def passages() -> list[dict]:
    return json.loads((HERE / "passages.json").read_text(encoding="utf-8"))


def queries() -> list[dict]:
    return json.loads((HERE / "queries.json").read_text(encoding="utf-8"))["queries"]


def synonym_lines() -> list[str]:
    lines = (HERE / "synonyms.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def load_synonyms() -> int:
    """Enter ``synonyms.txt`` for every site, where the product has editors' synonyms."""
    try:
        model = apps.get_model("search", "SearchSynonym")
    except LookupError:
        return 0
    # Saved one by one as an editor's are (a translatable snippet gets its locale on save).
    for line in synonym_lines():
        model(site=None, terms=line).save()
    return len(synonym_lines())


def load_pages(parent, items: Iterable[dict], *, revisions: bool = True) -> dict[int, str]:
    """Publish each passage as a page under ``parent``; returns page pk → passage id.

    Without ``revisions`` the pages are created live and queued for the
    catalog directly (the same entry, without Wagtail's revision machinery:
    what a quick test needs).
    """
    made: dict[int, str] = {}
    created = []
    for item in items:
        page = StandardPage(
            title=item["title"][:255],
            slug=item["id"],
            body=[("paragraph", RichText(f"<p>{escape(item['body'])}</p>"))],
            live=not revisions,
        )
        parent.add_child(instance=page)
        if revisions:
            page.save_revision().publish()
        created.append(page)
        made[page.pk] = item["id"]
    if not revisions:
        catalog_queue(instances=created)
    return made


def dcg(grades: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def metrics(ranked: Sequence[str], judged: dict[str, int], k: int = K) -> dict[str, float]:
    """nDCG@k (gain 2^grade − 1), Recall@k and reciprocal rank (relevant: grade ≥ 1)."""
    top = list(ranked)[:k]
    gains = [judged.get(pid, 0) for pid in top]
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    relevant = {pid for pid, g in judged.items() if g > 0}
    first = next((i for i, pid in enumerate(top) if pid in relevant), None)
    return {
        "ndcg": dcg(gains) / ideal if ideal else 0.0,
        "recall": len(relevant & set(top)) / len(relevant) if relevant else 0.0,
        "mrr": 1 / (first + 1) if first is not None else 0.0,
    }


def summarise(per_query: list[dict]) -> dict[str, dict[str, float]]:
    """Mean of each metric overall and per category."""
    groups: dict[str, list[dict]] = {"overall": per_query}
    for row in per_query:
        groups.setdefault(row["category"], []).append(row)
    return {
        name: {m: sum(r[m] for r in rows) / len(rows) for m in ("ndcg", "recall", "mrr")}
        | {"n": len(rows)}
        for name, rows in groups.items()
    }
