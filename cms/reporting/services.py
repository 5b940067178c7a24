"""Writes of the follow-up: producing the yearly report as a draft page."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.reporting.selectors import proposals_with_status
from idelabbet.reporting.selectors import ideas_realised, theme_label

from .figures import Numbers, days, kronor, withheld_text
from .models import AnnualReportPage
from .periods import year_period
from .sources import Municipality, sections_for


def _summary(sections, *, year: int) -> str:
    n = Numbers(public=True)
    parts = []
    for section in sections:
        stats = section.stats
        if section.id.startswith("idelabbet-"):
            contact = stats.first_contact
            grant = stats.snabb_slant
            realised = sum(stats.outcomes.get(k, 0) for k in ("genomford", "forening", "kommunen"))
            median = n.over(contact.median_days, contact.contacted)
            amount = n.over(kronor(grant.amount_granted_sek), grant.decided)
            parts.append(
                _(
                    "Under %(year)s kom %(received)s idéer in till Idélabbet, varav %(young)s av "
                    "eller för unga. %(contacted)s fick en första kontakt%(median)s. "
                    "%(realised)s ärenden avslutades med idén genomförd. "
                    "Snabb slant: %(applications)s ansökningar, %(decided)s beslutade, "
                    "%(within)s av dem inom tre veckor%(amount)s."
                )
                % {
                    "year": year,
                    "received": n.count(stats.received),
                    "young": n.count(stats.young),
                    "contacted": n.count(contact.contacted),
                    "median": _(", i median efter %(d)s dagar") % {"d": days(median)}
                    if isinstance(median, float)
                    else "",
                    "realised": n.count(realised),
                    "applications": n.count(grant.applications),
                    "decided": n.count(grant.decided),
                    "within": n.count(grant.decided_within),
                    "amount": _("; beviljat %(a)s") % {"a": amount}
                    if amount != withheld_text()
                    else "",
                }
            )
        else:
            feedback = stats.feedback_counts
            participants = sum(stats.by_sector.values())
            parts.append(
                _(
                    "Under %(year)s hölls %(meetings)s forummöten med sammanlagt %(participants)s "
                    "anmälda deltagare. Efter %(within)s av %(held)s genomförda möten fick "
                    "deltagarna återkoppling inom sju dagar."
                )
                % {
                    "year": year,
                    "meetings": len(stats.participants),
                    "participants": n.count(participants),
                    "within": feedback["within"],
                    "held": len(stats.feedback),
                }
            )
    return "\n\n".join(str(p) for p in parts)


@transaction.atomic
def annual_report_create(*, user, municipality: Municipality, year: int) -> AnnualReportPage:
    """Take the year's snapshot into the municipality's report page, as a draft.

    The page is created below the site's home page (or, for a year that has a
    report already, gets a new draft revision with fresh numbers, keeping its
    foreword). Requires that ``user`` may add pages there; the numbers are
    trimmed to what ``user`` may read and masked for the public.
    """
    home = municipality.site.root_page.specific
    if not home.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    period = year_period(year)
    sections = sections_for(user=user, municipality=municipality, period=period, public=True)
    realised = []
    proposals = []
    for index in municipality.idea_indexes:
        for idea in ideas_realised(index=index, start=period.start, end=period.end):
            realised.append(
                {"title": idea.title, "theme": theme_label(idea.theme), "url": idea.full_url or ""}
            )
    for forum in municipality.forums:
        for row in proposals_with_status(index=forum, end=period.end):
            proposals.append(
                {"title": row.title, "meeting": row.meeting, "status": row.status, "url": row.url}
            )
    snapshot = {
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "figures": [vars(figure).copy() for figure in section.figures],
            }
            for section in sections
        ],
        "realised_ideas": realised,
        "proposals": proposals,
        "generated_at": timezone.now(),
        "summary": _summary(sections, year=year),
    }
    page = AnnualReportPage.objects.child_of(home).filter(year=year).first() if home else None
    if page is None:
        page = AnnualReportPage(
            title=_("Årsrapport %(year)s – %(name)s") % {"year": year, "name": municipality.name},
            slug=AnnualReportPage.slug_for(year),
            year=year,
            live=False,
            **snapshot,
        )
        home.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        for field, value in snapshot.items():
            setattr(page, field, value)
    page.save_revision(user=user, log_action=True)
    return page
