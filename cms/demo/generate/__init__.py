"""Bulk data for load tests and benchmarks: many ideas, cases, notes, coaches and meetings.

Why bulk, and why it is safe: ``add_child`` and the services cost tens of
queries per object, so 100,000 ideas that way take hours. Here pages are
inserted in batches with their treebeard ``path``/``depth``/``numchild``,
``url_path``, locale and translation key computed up front (as ``add_child``
would); the django-guardian rows of each batch's cases and notes are written by
the service every case goes through (``permissions_insert``), from the
workflow's maps.
``tests/cms/test_generate.py`` proves the rows equal what the service writes,
that the tree passes treebeard's checks and that the ideas render.

A small share of ideas ("pending") goes through the real ``idea_submit``
service, so the moderation queue holds real workflow states.

Runs after the demo steps (pages, users, ideas, cases, forum), which it reuses:
the ideas index and its role groups, the forum index, and the demo's Swedish
texts as vocabulary.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.models import Site

from forum.models import ForumIndexPage
from idelabbet.models import IdeaIndexPage

from .forum import _forum
from .ideas import _coaches, _ideas, _pending, demo_password_hash
from .vocabulary import Progress, Summary, Vocabulary

__all__ = ["data_generate", "municipality_data_generate"]


def data_generate(
    *,
    sites: dict[str, Site],
    ideas: int,
    notes_per_case: int = 5,
    coaches: int | None = None,
    pending: int | None = None,
    meetings: int | None = None,
    proposals_per_meeting: int = 10,
    seed: int = 1,
    progress: Progress | None = None,
) -> Summary:
    """Add ``ideas`` published ideas with cases and notes, coaches and forum meetings.

    Needs the demo content (``load_demo``'s steps) in place. ``coaches``
    defaults to one per 500 ideas (each case gets one, round robin), so with
    10,000 ideas and 20 coaches each coach holds 500 cases. ``pending`` ideas
    (default 1 %, at most 300) go through ``idea_submit`` and wait for
    moderation. Nothing is sent to the search catalog: rebuild it afterwards.
    """
    progress = progress or (lambda label, done, total: None)
    rng = random.Random(seed)
    words = Vocabulary.from_demo()
    summary = Summary()
    index = IdeaIndexPage.objects.descendant_of(sites["ekero"].root_page).get()
    coach_count = coaches if coaches is not None else max(2, ideas // 500)
    coach_users = _coaches(coach_count, index.coach_group, progress)
    summary.coaches = len(coach_users)
    _ideas(
        index=index,
        count=ideas,
        notes_per_case=notes_per_case,
        coaches=coach_users,
        rng=rng,
        words=words,
        progress=progress,
        summary=summary,
    )
    pending = pending if pending is not None else min(300, ideas // 100)
    summary.pending = _pending(index=index, count=pending, rng=rng, words=words, progress=progress)
    forum_index = ForumIndexPage.objects.descendant_of(sites["jonkoping"].root_page).get()
    _forum(
        index=forum_index,
        meetings=meetings if meetings is not None else max(2, ideas // 1000),
        proposals_per_meeting=proposals_per_meeting,
        rng=rng,
        words=words,
        progress=progress,
        summary=summary,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summary


def municipality_data_generate(
    *,
    municipality,
    ideas: int,
    notes_per_case: int = 5,
    coaches: int = 2,
    meetings: int = 4,
    proposals_per_meeting: int = 10,
    seed: int = 1,
    words: Vocabulary | None = None,
    progress: Progress | None = None,
) -> Summary:
    """One municipality's bulk data: its staff, ``ideas`` with cases and notes, its forum.

    The municipality comes from ``municipality_add`` (its groups, permissions
    and index pages are the service's); staff join its role groups (found by
    row, not name); case and note permission rows are written by the service
    every case goes through. For benchmarks of many municipalities.
    """
    progress = progress or (lambda label, done, total: None)
    rng = random.Random(seed)
    words = words or Vocabulary.from_demo()
    summary = Summary()
    groups = {link.role: link.group for link in municipality.role_groups.select_related("group")}
    home = municipality.site.root_page
    User = get_user_model()
    for role in ("lead", "moderator", "organiser"):
        if role in groups:
            user, _created = User.objects.get_or_create(
                username=f"{role}.{municipality.slug}",
                defaults={
                    "email": f"{role}.{municipality.slug}@example.se",
                    "password": demo_password_hash(),
                },
            )
            groups[role].user_set.add(user)
    if "idelabbet" in municipality.practices:
        index = IdeaIndexPage.objects.child_of(home).get()
        coach_users = _coaches(
            coaches, groups["coach"], progress, prefix=f"coach.{municipality.slug}."
        )
        summary.coaches = len(coach_users)
        _ideas(
            index=index,
            count=ideas,
            notes_per_case=notes_per_case,
            coaches=coach_users,
            rng=rng,
            words=words,
            progress=progress,
            summary=summary,
        )
    if "forum" in municipality.practices:
        _forum(
            index=ForumIndexPage.objects.child_of(home).get(),
            meetings=meetings,
            proposals_per_meeting=proposals_per_meeting,
            rng=rng,
            words=words,
            progress=progress,
            summary=summary,
        )
    return summary
