"""Reads of Idélabbet: ideas and moderation here, cases in ``cases``."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site, TaskState

from ..models import IdeaIndexPage, IdeaPage, IdeaSubmission, ModerationState, Organisation
from ..models.base import language_label
from ..tokens import hash_token
from ..workflow import State
from .workflow_tasks import group_approval_checks_prefill


def idea_index_for_site(*, site: Site | None) -> IdeaIndexPage | None:
    """The live ideas index of a site, or ``None`` where the site has none (forum only)."""
    if site is None:
        return None
    return IdeaIndexPage.objects.live().descendant_of(site.root_page).order_by("path").first()


def idea_indexes_for_user(*, user) -> QuerySet[IdeaIndexPage]:
    """The ideas indexes (municipalities) ``user`` works in; a superuser works in all.

    A user works in a municipality when they belong to one of the role groups
    its index names (coaches, lead, moderators). Admin lists of the
    municipality's own data (its organisations, its coaches) are trimmed to these.
    """
    if not (user.is_authenticated and user.is_active):
        return IdeaIndexPage.objects.none()
    if user.is_superuser:
        return IdeaIndexPage.objects.all()
    groups = user.groups.all()
    return IdeaIndexPage.objects.filter(
        Q(coach_group__in=groups) | Q(lead_group__in=groups) | Q(moderator_group__in=groups)
    ).distinct()


def organisations_for_user(*, user) -> QuerySet[Organisation]:
    """The directory entries of the municipalities ``user`` works in (all, for a superuser)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(index__in=idea_indexes_for_user(user=user))


def ideas_published(*, site: Site | None) -> QuerySet[IdeaPage]:
    """Published ideas of a site, newest first: all a public list or feed may show."""
    if site is None:
        return IdeaPage.objects.none()
    return (
        IdeaPage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .order_by("-first_published_at", "-pk")
    )


def submission_for_token(*, token: str) -> IdeaSubmission | None:
    """The submission a status link belongs to, or ``None`` if unknown or revoked."""
    if not token or len(token) > 128:
        return None
    return (
        IdeaSubmission.objects.select_related("idea")
        .filter(token_hash=hash_token(token), token_revoked_at__isnull=True)
        .first()
    )


@dataclass(frozen=True)
class CitizenStatus:
    code: str
    label: str
    explanation: str


def citizen_status(*, submission: IdeaSubmission) -> CitizenStatus:
    """What the citizen's status page says: moderation first, then the public status."""
    state = submission.moderation_state
    idea = submission.idea
    if state == ModerationState.WITHDRAWN:
        return CitizenStatus(
            state, str(ModerationState.WITHDRAWN.label), _("Du har återkallat idén.")
        )
    case = getattr(submission, "case", None)
    if case is not None and case.state == State.DECLINED:
        return CitizenStatus(
            "avbojt",
            _("Avböjd"),
            _("Idélabbet kan inte gå vidare med idén. Skälet står nedan."),
        )
    if idea is not None and idea.live:
        return CitizenStatus(
            idea.public_status,
            idea.get_public_status_display(),
            _("Idén är publicerad på webbplatsen."),
        )
    if state == ModerationState.REJECTED:
        return CitizenStatus(
            state,
            str(ModerationState.REJECTED.label),
            _("Idén kan inte publiceras. Skälet står nedan."),
        )
    return CitizenStatus(
        ModerationState.PENDING,
        str(ModerationState.PENDING.label),
        _("Idén granskas innan den publiceras. Vi hör av oss."),
    )


@dataclass(frozen=True)
class WaitingIdea:
    idea: IdeaPage
    task_state: TaskState
    waiting_since: object
    # The title as the moderator will see it in the editor: the latest
    # revision's (Wagtail keeps it on the page as ``draft_title``), which a
    # moderator may already have changed, not the title of the live page.
    title: str
    # The language the citizen wrote in, named ("" for an editor's page).
    language: str = ""

    @property
    def age(self):
        return timezone.now() - self.waiting_since


class WaitingIdeas:
    """The moderation queue as a lazy, sliceable list for Django's ``Paginator``.

    Counting runs one ``COUNT`` query and a slice one query for its ideas and
    one each for their pages and task states, so a page costs the same whatever the length
    of the queue: the filtering and ordering happen in the database.
    """

    def __init__(self, ideas: QuerySet[IdeaPage]):
        self._ideas = ideas

    def count(self) -> int:
        return self._ideas.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        # Sorting narrow rows and loading the few pages shown afterwards keeps
        # the wide page rows out of the sort over the whole queue.
        rows = list(
            self._ideas.values_list(
                "pk", "waiting_task_state_id", "waiting_since", "submission__language"
            )[index]
        )
        ideas = IdeaPage.objects.in_bulk([row[0] for row in rows])
        states = TaskState.objects.select_related("workflow_state").in_bulk(
            [row[1] for row in rows]
        )
        return [
            WaitingIdea(
                idea=ideas[pk],
                task_state=states[state_id],
                waiting_since=since,
                title=ideas[pk].draft_title or ideas[pk].title,
                language=language_label(language) if language else "",
            )
            for pk, state_id, since, language in rows
            # Approved or deleted between the two queries: gone from the queue.
            if pk in ideas and state_id in states
        ]


def ideas_awaiting_moderation(*, user) -> WaitingIdeas:
    """Ideas in moderation that ``user`` may approve or reject, oldest first.

    Only task states the user's groups can act on are listed, so another
    municipality's moderators see none of this one's ideas; ideas the citizen
    withdrew are left out. An idea has waited since the citizen submitted it,
    or, for a page without a submission (written by an editor), since its
    moderation started. All of that is decided in one query that the caller
    pages, so only the rows shown are ever loaded.
    """
    group_approval_checks_prefill(user=user)
    states = TaskState.objects.reviewable_by(user).filter(
        status=TaskState.STATUS_IN_PROGRESS,
        # The id, not a join on the model's name: the planner then expects the
        # thousands of rows it gets and hash-joins them instead of looping.
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
    )
    # Wagtail keeps the page id as text on the workflow state, and allows
    # at most one workflow in progress per page.
    state_of_idea = states.filter(
        workflow_state__object_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    ideas = (
        IdeaPage.objects.filter(
            pk__in=states.values(
                page_id=Cast("workflow_state__object_id", output_field=IntegerField())
            )
        )
        .exclude(submission__moderation_state=ModerationState.WITHDRAWN)
        .annotate(
            waiting_task_state_id=Subquery(state_of_idea.values("pk")[:1]),
            waiting_since=Coalesce(
                "submission__submitted_at", Subquery(state_of_idea.values("started_at")[:1])
            ),
        )
        .order_by("waiting_since", "pk")
    )
    return WaitingIdeas(ideas)


def idea_is_withdrawn(*, idea_id: int) -> bool:
    """Whether the citizen withdrew this idea (it must then not be published again)."""
    return IdeaSubmission.objects.filter(
        idea_id=idea_id, moderation_state=ModerationState.WITHDRAWN
    ).exists()
