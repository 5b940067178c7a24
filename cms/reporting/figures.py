"""The plugins' numbers as figures: one table each, drawn as a chart beside it.

A ``Figure`` is the single source of a statistic's presentation: the screen's
SVG chart, its table, its CSV download and the yearly report are all made from
the same rows. ``public=True`` applies the small-numbers rule
(``SMALL_NUMBER_LIMIT``): a count of fewer than three people (and a median or
sum over fewer than three) is shown as "färre än 3", so no public figure can
single anyone out.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from forum.models import ProposalStatus, Sector
from forum.reporting.selectors import ForumStatistics
from idelabbet.models import Theme
from idelabbet.reporting.selectors import (
    UNKNOWN_THEME,
    IdeaStatistics,
    outcome_label,
    theme_label,
)
from idelabbet.workflow import State

SMALL_NUMBER_LIMIT = 3


def small_number_text() -> str:
    return _("färre än 3")


def withheld_text() -> str:
    """A median, sum or other cell withheld because it rests on (or would reveal) few people."""
    return _("redovisas inte")


@dataclass
class Figure:
    key: str
    title: str
    description: str
    # The first column labels the rows; ``series`` says which columns the
    # chart draws (stacked when more than one). The rest are table-only.
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    series: list[int] = field(default_factory=lambda: [1])
    note: str = ""
    # A column holding each row's total (drawn at the end of its bar).
    total_column: int | None = None

    @property
    def has_data(self) -> bool:
        return any(
            isinstance(row[i], int | float) and row[i] for row in self.rows for i in self.series
        )


class Numbers:
    """Formats one figure's values, masking small numbers when public."""

    def __init__(self, *, public: bool):
        self.public = public

    def count(self, value: int):
        if self.public and 0 < value < SMALL_NUMBER_LIMIT:
            return small_number_text()
        return value

    def over(self, value, sample: int):
        """A value computed over ``sample`` people (median, sum): withheld over fewer than 3."""
        if value is None:
            return "–"
        if self.public and 0 < sample < SMALL_NUMBER_LIMIT:
            return withheld_text()
        return value

    def row(self, values: list[int]) -> list:
        """A row of counts whose total is published beside it.

        Each count under three is masked; where that leaves exactly one
        masked count, the smallest other count is withheld too, so the row
        total minus the shown counts cannot give the masked one back.
        """
        cells = [self.count(v) for v in values]
        if not self.public:
            return cells
        masked = [i for i, c in enumerate(cells) if isinstance(c, str)]
        shown = [i for i, c in enumerate(cells) if isinstance(c, int) and c]
        if len(masked) == 1 and shown:
            smallest = min(shown, key=lambda i: values[i])
            cells[smallest] = withheld_text()
        return cells

    def share(self, part: int, whole: int):
        """``part`` of ``whole`` as a percentage: masked when either side singles people out
        (50 % of 4 says "2")."""
        if not whole:
            return "–"
        if self.public and (0 < part < SMALL_NUMBER_LIMIT or 0 < whole - part < SMALL_NUMBER_LIMIT):
            return small_number_text()
        return percent(part / whole)


def days(value) -> str | float:
    return value if not isinstance(value, float) else formats.number_format(value, 1)


def percent(share: float | None) -> str | None:
    return None if share is None else f"{formats.number_format(share * 100, 0)} %"


def kronor(amount: int) -> str:
    return f"{formats.number_format(amount, 0, force_grouping=True)} kr"


def _month(day: datetime.date) -> str:
    return formats.date_format(day, "M Y")


def idea_figures(stats: IdeaStatistics, *, public: bool = False) -> list[Figure]:
    """Idélabbet's figures for one municipality and period."""
    n = Numbers(public=public)
    themes = [t for t in [*Theme.values, UNKNOWN_THEME] if stats.by_theme.get(t)]
    months = Figure(
        key="ideer-per-manad",
        title=_("Idéer per månad och tema"),
        description=_("Antal idéer som kom in varje månad, uppdelat på tema. Totalt %(n)s.")
        % {"n": n.count(stats.received)},
        columns=[_("Månad"), *[theme_label(t) for t in themes], _("Totalt")],
        series=list(range(1, len(themes) + 1)),
        total_column=len(themes) + 1,
    )
    for month, counts in stats.by_month_theme.items():
        months.rows.append(
            [
                _month(month),
                *n.row([counts.get(t, 0) for t in themes]),
                n.count(sum(counts.values())),
            ]
        )

    funnel = Figure(
        key="arendeflode",
        title=_("Ärendeflödet"),
        description=_(
            "Hur många av periodens idéer som nått varje läge, och mediantiden i dagar "
            "från föregående läge."
        ),
        columns=[_("Läge"), _("Antal ärenden"), _("Mediantid från föregående läge (dagar)")],
    )
    labels = dict(State.choices)
    for step in stats.funnel:
        funnel.rows.append(
            [
                str(labels[step.state]),
                n.count(step.reached),
                days(n.over(step.median_days, step.sample)),
            ]
        )

    contact = stats.first_contact
    late = contact.contacted - contact.within_target
    first_contact = Figure(
        key="forsta-kontakt",
        title=_("Tid till första kontakt"),
        description=_("Mediantid till första kontakt: %(days)s dagar. Målet är %(target)s dagar.")
        % {
            "days": days(n.over(contact.median_days, contact.contacted)),
            "target": contact.target_days,
        },
        columns=[_("Första kontakt"), _("Antal ärenden")],
        rows=[
            [_("Inom %(d)s dagar") % {"d": contact.target_days}, n.count(contact.within_target)],
            [_("Senare"), n.count(late)],
            [_("Väntar på kontakt"), n.count(contact.waiting)],
        ],
    )

    grant = stats.snabb_slant
    snabb = Figure(
        key="snabb-slant",
        title=_("Snabb slant"),
        description=_(
            "Ansökningar, hur många som var fullständiga och beslutade, och andelen beslutade "
            "inom tre veckor från fullständig ansökan: %(share)s. Beviljat: %(amount)s."
        )
        % {
            "share": n.share(grant.decided_within, grant.due),
            "amount": n.over(kronor(grant.amount_granted_sek), grant.decided),
        },
        columns=[_("Ansökningar"), _("Antal")],
        rows=[
            [_("Inkomna"), n.count(grant.applications)],
            [_("Fullständiga"), n.count(grant.complete)],
            [_("Beslutade"), n.count(grant.decided)],
            [_("Beslutade inom tre veckor"), n.count(grant.decided_within)],
        ],
        note=_("Beviljat belopp: %(amount)s.")
        % {"amount": n.over(kronor(grant.amount_granted_sek), grant.decided)},
    )

    referrals = Figure(
        key="hanvisningar",
        title=_("Hänvisningar per organisation"),
        description=_("Hur många idéer som hänvisades till varje organisation under perioden."),
        columns=[_("Organisation"), _("Hänvisningar")],
        rows=[[name, n.count(count)] for name, count in stats.referrals],
    )

    young = Figure(
        key="unga",
        title=_("Av eller för unga"),
        description=_(
            "Andel av periodens idéer som kom från eller riktar sig till unga: %(share)s."
        )
        % {"share": n.share(stats.young, stats.received)},
        columns=[_("Idéer"), _("Antal")],
        rows=[
            [_("Av eller för unga"), n.count(stats.young)],
            [_("Övriga"), n.count(stats.received - stats.young)],
        ],
    )

    outcomes = Figure(
        key="utfall",
        title=_("Utfall"),
        description=_("Hur ärenden som avslutades under perioden slutade."),
        columns=[_("Utfall"), _("Antal ärenden")],
        rows=[[outcome_label(key), n.count(count)] for key, count in stats.outcomes.items()],
    )
    return [months, funnel, first_contact, snabb, referrals, young, outcomes]


def forum_figures(stats: ForumStatistics, *, public: bool = False) -> list[Figure]:
    """The forum's figures for one forum and period."""
    n = Numbers(public=public)
    sectors = dict(Sector.choices)
    participants = Figure(
        key="deltagare",
        title=_("Deltagare per möte och grupp"),
        description=_(
            "Anmälda deltagare per möte: civilsamhälle, politiker och tjänstepersoner. "
            "Totalt %(n)s."
        )
        % {"n": n.count(sum(stats.by_sector.values()))},
        columns=[_("Möte"), *[str(sectors[s]) for s in Sector.values], _("Totalt")],
        series=list(range(1, len(Sector.values) + 1)),
        total_column=len(Sector.values) + 1,
    )
    for meeting in stats.participants:
        participants.rows.append(
            [
                f"{meeting.title} ({formats.date_format(meeting.start, 'Y-m-d')})",
                *n.row([meeting.by_sector[s] for s in Sector.values]),
                n.count(meeting.total),
            ]
        )

    statuses = dict(ProposalStatus.choices)
    proposals = Figure(
        key="forslag-status",
        title=_("Förslag efter uppföljningsstatus"),
        description=_("Hur många förslag som stod i varje status vid varje månads slut."),
        columns=[_("Månadens slut"), *[str(statuses[s]) for s in ProposalStatus.values]],
        series=list(range(1, len(ProposalStatus.values) + 1)),
        rows=[
            [day.isoformat(), *[counts[s] for s in ProposalStatus.values]]
            for day, counts in stats.proposals_over_time.items()
        ],
    )

    verdicts = {
        "within": _("Inom sju dagar"),
        "late": _("Senare än sju dagar"),
        "missing": _("Inte skickad"),
    }
    counts = stats.feedback_counts
    feedback = Figure(
        key="aterkoppling",
        title=_("Återkoppling efter mötet"),
        description=_(
            "Om deltagarna fick återkoppling inom sju dagar efter mötet: "
            "%(within)s av %(all)s möten."
        )
        % {"within": counts["within"], "all": len(stats.feedback)},
        columns=[_("Möte"), _("Mötesdag"), _("Senast"), _("Skickad"), _("Bedömning")],
        series=[],
        rows=[
            [
                row.title,
                row.day.isoformat(),
                row.due.isoformat(),
                row.sent_on.isoformat() if row.sent_on else "–",
                str(verdicts[row.verdict]),
            ]
            for row in stats.feedback
        ],
    )
    feedback_chart = Figure(
        key="aterkoppling-antal",
        title=_("Återkoppling inom sju dagar"),
        description=feedback.description,
        columns=[_("Återkoppling"), _("Antal möten")],
        rows=[[str(verdicts[key]), counts[key]] for key in ("within", "late", "missing")],
    )
    return [participants, proposals, feedback_chart, feedback]
