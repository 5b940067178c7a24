"""Generated forum meetings with proposals and their follow-up."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from forum.models import ForumIndexPage, GuidingPrinciple, MeetingPage, ProposalPage
from forum.models.proposals import ProposalStatusUpdate

from .. import forum as demo_forum
from .bulk import _insert_pages
from .vocabulary import Progress, Summary, Vocabulary, demo_forum_table


def _forum(
    *,
    index: ForumIndexPage,
    meetings: int,
    proposals_per_meeting: int,
    rng: random.Random,
    words: Vocabulary,
    progress: Progress,
    summary: Summary,
) -> None:
    existing = MeetingPage.objects.child_of(index).filter(slug__startswith="forum-gen-").count()
    first_day = date(2010, 3, 18)
    pages = []
    for n in range(existing, existing + meetings):
        day = first_day + timedelta(days=182 * n)
        start = timezone.make_aware(datetime.combine(day, time(13)))
        held = start < timezone.now()
        pages.append(
            MeetingPage(
                title=f"Forum Civilsamhälle {'våren' if day.month <= 6 else 'hösten'} {day.year}"
                f" ({n + 1})",
                slug=f"forum-gen-{n}",
                start=start,
                end_time=time(17),
                theme=words.title(rng),
                status="held" if held else "planned",
                place="Kulturhuset Spira, Jönköping",
                invitation=f"<p>{words.paragraph(rng, 2)}</p>",
                summary=words.paragraph(rng, 3) if held else "",
                documentation=demo_forum.AUTUMN_2019_DOCS if held else [],
                live=True,
                first_published_at=start - timedelta(days=60),
                last_published_at=start - timedelta(days=60),
            )
        )
    with transaction.atomic():
        _insert_pages(index, pages)
    summary.meetings += len(pages)
    principles = list(GuidingPrinciple.objects.all())
    for number, meeting in enumerate(pages, start=1):
        proposals = []
        for k in range(proposals_per_meeting):
            title, description, responsible, _names, _updates = demo_forum.PROPOSALS[
                k % len(demo_forum.PROPOSALS)
            ]
            proposals.append(
                ProposalPage(
                    title=title,
                    slug=f"{slugify(title.translate(demo_forum_table))}-{k}",
                    description=f"{description} {words.paragraph(rng, 1)}",
                    responsible=responsible,
                    status=rng.choice(["new", "preparing", "decided", "in_progress", "done"]),
                    live=True,
                    first_published_at=meeting.start + timedelta(days=7),
                    last_published_at=meeting.start + timedelta(days=7),
                )
            )
        with transaction.atomic():
            _insert_pages(meeting, proposals)
            ProposalStatusUpdate.objects.bulk_create(
                ProposalStatusUpdate(
                    page_id=p.pk,
                    sort_order=0,
                    date=timezone.localtime(meeting.start).date() + timedelta(days=30),
                    status=p.status,
                    note=words.paragraph(rng, 1),
                )
                for p in proposals
                if p.status != "new"
            )
            if principles:
                ProposalPage.principles.through.objects.bulk_create(
                    ProposalPage.principles.through(
                        proposalpage_id=p.pk, guidingprinciple_id=rng.choice(principles).pk
                    )
                    for p in proposals
                )
        summary.proposals += len(proposals)
        progress("forummöten med förslag", number, len(pages))
