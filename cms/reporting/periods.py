"""The period filter shared by every statistics screen and the yearly report."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2016
MAX_CUSTOM_DAYS = 5 * 366


@dataclass(frozen=True)
class Period:
    """From ``start`` (inclusive) to ``end`` (exclusive), aware, in Stockholm time."""

    start: datetime.datetime
    end: datetime.datetime
    label: str

    @property
    def last_day(self) -> datetime.date:
        return timezone.localtime(self.end - datetime.timedelta(microseconds=1)).date()


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def year_period(year: int) -> Period:
    return Period(
        _midnight(datetime.date(year, 1, 1)), _midnight(datetime.date(year + 1, 1, 1)), str(year)
    )


class PeriodForm(forms.Form):
    """Year, half-year or custom dates, from the query string of a statistics screen."""

    KIND_CHOICES = (("ar", _("Helår")), ("halvar", _("Halvår")), ("egen", _("Egen period")))
    HALF_CHOICES = (("1", _("Första halvåret (jan–jun)")), ("2", _("Andra halvåret (jul–dec)")))

    period = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, initial="ar")
    year = forms.IntegerField(label=_("År"), required=False)
    half = forms.ChoiceField(label=_("Halvår"), choices=HALF_CHOICES, required=False)
    start = forms.DateField(
        label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and not any(k in data for k in ("period", "year", "start", "end")):
            data = None  # a first visit: the current year, no errors shown
        super().__init__(data, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is None:
            return None
        top = timezone.localdate().year + 1
        if not FIRST_YEAR <= year <= top:
            raise forms.ValidationError(
                _("Välj ett år mellan %(first)s och %(last)s.") % {"first": FIRST_YEAR, "last": top}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("period")
        if kind in ("ar", "halvar") and cleaned.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Ange ett år, till exempel %(year)s.") % {"year": 2025})
        if kind == "halvar" and not cleaned.get("half"):
            self.add_error("half", _("Välj vilket halvår."))
        if kind == "egen":
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start and "start" not in self.errors:
                self.add_error("start", _("Ange ett datum (ÅÅÅÅ-MM-DD) som perioden börjar."))
            if not end and "end" not in self.errors:
                self.add_error("end", _("Ange ett datum (ÅÅÅÅ-MM-DD) som perioden slutar."))
            if start and end and end < start:
                self.add_error("end", _("Perioden kan inte sluta innan den börjar."))
            elif start and end and (end - start).days > MAX_CUSTOM_DAYS:
                self.add_error("end", _("En period kan vara högst fem år."))
        return cleaned

    def chosen(self) -> Period:
        """The chosen period; the current year while the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return year_period(timezone.localdate().year)
        data = self.cleaned_data
        if data["period"] == "ar":
            return year_period(data["year"])
        if data["period"] == "halvar":
            first = data["half"] == "1"
            year = data["year"]
            start = datetime.date(year, 1 if first else 7, 1)
            end = datetime.date(year, 7, 1) if first else datetime.date(year + 1, 1, 1)
            label = _("%(half)s halvåret %(year)s") % {
                "half": _("första") if first else _("andra"),
                "year": year,
            }
            return Period(_midnight(start), _midnight(end), str(label))
        start, end = data["start"], data["end"]
        return Period(
            _midnight(start),
            _midnight(end + datetime.timedelta(days=1)),
            f"{start.isoformat()} – {end.isoformat()}",
        )

    def query(self) -> str:
        """The period as a query string, for links that keep it (CSV, report)."""
        if not self.is_bound or not self.is_valid():
            return urlencode({"period": "ar", "year": timezone.localdate().year})
        data = self.cleaned_data
        keep = {"period": data["period"]}
        if data["period"] != "egen":
            keep["year"] = data["year"]
        if data["period"] == "halvar":
            keep["half"] = data["half"]
        if data["period"] == "egen":
            keep.update(start=data["start"].isoformat(), end=data["end"].isoformat())
        return urlencode(keep)
