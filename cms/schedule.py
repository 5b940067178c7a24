"""Every duty that falls due with time: what runs, when, and the rule it keeps.

This is the one place to read. The clock (``manage.py clock``, ``cms.clock``)
turns each job's cron fields into an APScheduler ``CronTrigger`` in
Europe/Stockholm and, when a job falls due, records one ``JobRun`` and
enqueues ``cms.tasks.scheduled_job_run`` for it: the work itself runs on the
django-tasks worker, each job in its own task, so one failing job never stops
another. ``manage.py schedule_status`` and the admin report "Schemalagda jobb"
show the same list with each job's last run, result and next run.

Each ``func`` is a plain function or a django-task (its function is called,
in the scheduled run's task) returning how much it did: an ``int``, a dict of
counts or a sentence. It must be safe to run late or twice: the reminder
services record each reminder once per case, deadline and step, the purges,
sweeps and the anonymisation skip what is already done.

Daylight saving: times are wall-clock times in Europe/Stockholm. A daily job
at 07:00 runs at 07:00 local time every day, so at 06:00 UTC in winter and
05:00 UTC in summer; the day the clocks change it still runs once. No daily
job may start between 02:00 and 02:59: that hour does not exist on the last
Sunday of March (APScheduler then runs the job at 03:xx) and happens twice on
the last Sunday of October (it would run twice). ``cms.checks`` refuses such
a job. Jobs that run every few minutes simply run through both hours in
October, at distinct moments.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from django.utils.translation import gettext_lazy as _

TIME_ZONE = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class Job:
    name: str
    func: str  # dotted path of the function the worker calls
    # Cron fields as APScheduler takes them (minute, hour, day_of_week, ...).
    cron: dict
    every: object  # how often, in words, for people
    why: object  # the rule from DOMAIN.md (or the promise) it keeps
    result_label: object = _("antal")
    kwargs: dict = field(default_factory=dict)
    # Tries before a run is marked failed (1 and 4 minutes apart).
    max_attempts: int = 3

    def trigger(self) -> CronTrigger:
        return CronTrigger(timezone=TIME_ZONE, **self.cron)


SCHEDULE: tuple[Job, ...] = (
    Job(
        name="arendepaminnelser",
        func="idelabbet.services.reminders.deadline_reminders_send",
        cron={"minute": "*/5"},
        every=_("var 5:e minut"),
        why=_(
            "Idélabbet: en coach tar första kontakt inom kommunens tidsgräns. Ärendets coacher "
            "påminns 7 och 2 dagar före, processledaren får veta när tidsgränsen har passerat."
        ),
        result_label=_("påminnelser skickade"),
    ),
    Job(
        name="snabb-slant-tre-veckor",
        func="idelabbet.services.reminders.snabb_slant_reminders_send",
        cron={"minute": "*/15"},
        every=_("var 15:e minut"),
        why=_(
            "Snabb slant: beslut inom tre veckor efter en fullständig ansökan. Coacherna "
            "varnas 7 och 2 dagar före, processledaren samma dag som löftet bryts, och "
            "missen skrivs in i ärendets tidslinje."
        ),
        result_label=_("varningar skickade"),
    ),
    Job(
        name="forum-aterkoppling",
        func="forum.scheduled.feedback_reminders_send",
        cron={"minute": "0", "hour": "8"},
        every=_("dagligen 08:00"),
        why=_(
            "Forum Civilsamhälle: alla deltagare får återkoppling veckan efter mötet. "
            "Arrangörerna påminns två dagar före den sjunde dagen, den ansvariga gruppen "
            "får veta när den har passerat."
        ),
        result_label=_("påminnelser skickade"),
    ),
    Job(
        name="schemalagd-publicering",
        func="cms.jobs.publish_scheduled",
        cron={"minute": "*/5"},
        every=_("var 5:e minut"),
        why=_(
            "Sidor och innehåll med publiceringstid eller utgångstid går live och tas ned i tid."
        ),
        result_label=_("publicerade/avpublicerade"),
    ),
    Job(
        name="anonymisering",
        func="idelabbet.services.erasure.cases_anonymise_due",
        cron={"minute": "30", "hour": "3"},
        every=_("dagligen 03:30"),
        why=_(
            "Personuppgifter sparas inte längre än nödvändigt: avslutade ärenden anonymiseras "
            "när kommunens tid (månader efter avslut) har gått."
        ),
        result_label=_("ärenden anonymiserade"),
    ),
    Job(
        name="forum-anmalningar-rensas",
        func="forum.scheduled.registrations_purge_due",
        cron={"minute": "45", "hour": "3"},
        every=_("dagligen 03:45"),
        why=_(
            "Personuppgifter sparas inte längre än nödvändigt: anmälningar till forummöten "
            "äldre än tolv månader raderas."
        ),
        result_label=_("anmälningar raderade"),
    ),
    # The outbox sweeps: each re-queues what a crash, a lost task or a failed
    # enqueue left behind (their design: README, "Bakgrundsarbetaren").
    Job(
        name="epost-svep",
        func="idelabbet.tasks.emails.emails_sweep",
        cron={"minute": "*"},
        every=_("varje minut"),
        why=_(
            "Idébäraren får sitt kvitto och sina besked: e-post i utkorgen vars uppgift "
            "försvann (krasch, död arbetare) köas igen."
        ),
    ),
    Job(
        name="forum-utskick-svep",
        func="forum.tasks.mailings_sweep",
        cron={"minute": "*"},
        every=_("varje minut"),
        why=_("Alla forumdeltagare får återkopplingen: utskick vars uppgift försvann köas igen."),
        result_label=_("utskick köade igen"),
    ),
    Job(
        name="sokindex-utkorg",
        func="search.tasks.catalog_sweep",
        cron={"minute": "*"},
        every=_("varje minut"),
        why=_(
            "Sökningen visar det som finns och bara för den som får se det: ändringar som "
            "blev kvar i utkorgen (t.ex. efter en krasch) levereras."
        ),
        result_label=_("levererade"),
    ),
    Job(
        name="uppgifter-atertas",
        func="cms.tasks.tasks_reclaim",
        cron={"minute": "*"},
        every=_("varje minut"),
        why=_(
            "Inget jobb fastnar hos en arbetare som dött: dess uppgifter läggs tillbaka i kön, "
            "och arbetsflödesmejl vars uppgift försvann köas igen."
        ),
    ),
    Job(
        name="sokindex-kontroll",
        func="search.consistency.catalog_check",
        cron={"minute": "15", "hour": "4"},
        every=_("dagligen 04:15"),
        why=_(
            "Sökningen visar det som finns och bara för den som får se det: katalogen "
            "jämförs med databasen, det som saknas, är överflödigt eller har ändrats läggs i kö."
        ),
        result_label=_("avvikelser lagade"),
    ),
    Job(
        name="soktermer-rensas",
        func="search.terms.search_terms_purge",
        cron={"minute": "30", "hour": "4"},
        every=_("dagligen 04:30"),
        why=_("Söktermsrapporten visar de senaste 30 dagarnas sökningar; äldre rader tas bort."),
        result_label=_("rader borttagna"),
    ),
    Job(
        name="jobbhistorik-rensas",
        func="cms.jobs.job_runs_prune",
        cron={"minute": "0", "hour": "5"},
        every=_("dagligen 05:00"),
        why=_("Rapporten visar de senaste två veckornas körningar; äldre rader tas bort."),
        result_label=_("rader borttagna"),
    ),
)

JOBS = {job.name: job for job in SCHEDULE}


def shortest_interval() -> timedelta:
    """The shortest time between two firings of any job (the stale-clock threshold)."""
    start = datetime(2026, 1, 5, 12, 0, tzinfo=TIME_ZONE)
    gaps = []
    for job in SCHEDULE:
        trigger = job.trigger()
        first = trigger.get_next_fire_time(None, start)
        second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
        gaps.append(second - first)
    return min(gaps)
