"""Timelines of contacts, drawn on the server as SVG so they read without JavaScript.

``timeline(calls, params)`` counts calls by month (by year when they span more than
``MAX_MONTHS`` months) in one query and lays out the bars; ``includes/_timeline.html`` draws
them, with a title, a description and a table of the same figures for screen readers and
text browsers. Each bar links to the call list narrowed to its period.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .vocabularies import DatePrecision

MAX_MONTHS = 120
WIDTH, HEIGHT = 720, 160
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 32, 22, 8


@dataclass
class Bar:
    start: datetime.date
    end: datetime.date
    label: str
    count: int
    url: str = ""
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Timeline:
    bars: list
    by_year: bool
    total: int
    undated_in_months: int = 0
    ticks: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    title: str = ""
    description: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: int = MARGIN_LEFT

    @property
    def periods(self):
        """The bars that have calls, for the table."""
        return [bar for bar in self.bars if bar.count]


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_month(day):
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _counts(calls):
    """{(first day of month, precision): count} in one query."""
    rows = (
        calls.order_by()
        .filter(date__isnull=False)
        .annotate(month=TruncMonth("date"))
        .values("month", "date_precision")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(row["month"], row["date_precision"]): row["n"] for row in rows}


def _bins(counts):
    """Bars by month when the calls dated to the month span at most ``MAX_MONTHS``, else by
    year; and how many calls known only by their year a monthly chart leaves out."""
    months = sorted({month for month, precision in counts if precision != DatePrecision.YEAR})
    if months:
        first, last = months[0], months[-1]
        span = (last.year - first.year) * 12 + last.month - first.month + 1
    if not months or span > MAX_MONTHS:
        totals = {}
        for (month, _precision), n in counts.items():
            totals[month.year] = totals.get(month.year, 0) + n
        bars = [
            Bar(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year), totals.get(year, 0))
            for year in range(min(totals), max(totals) + 1)
        ]
        return bars, True, 0
    totals, year_only = {}, 0
    for (month, precision), n in counts.items():
        if precision == DatePrecision.YEAR:
            year_only += n
        else:
            totals[month] = totals.get(month, 0) + n
    bars, month = [], first
    while month <= last:
        bars.append(Bar(month, _month_end(month), date_format(month, "F Y"), totals.get(month, 0)))
        month = _add_month(month)
    return bars, False, year_only


def _layout(timeline):
    bars = timeline.bars
    peak = max((bar.count for bar in bars), default=0) or 1
    plot_width = WIDTH - MARGIN_LEFT - 4
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_width / len(bars)
    for index, bar in enumerate(bars):
        bar.width = round(max(step * 0.8, 1), 2)
        bar.x = round(MARGIN_LEFT + index * step + (step - bar.width) / 2, 2)
        bar.height = round(plot_height * bar.count / peak, 2)
        bar.y = round(timeline.baseline - bar.height, 2)
    # Label about eight points along the time axis: every year, or every few years.
    years = sorted({bar.start.year for bar in bars})
    every = max(1, -(-len(years) // 8))
    first_bar = {}
    for bar in bars:
        first_bar.setdefault(bar.start.year, bar)
    timeline.ticks = [
        {"x": first_bar[year].x, "label": str(year)} for year in years if (year - years[0]) % every == 0
    ]
    timeline.y_ticks = [
        {"y": round(timeline.baseline - plot_height * value / peak, 2), "label": value}
        for value in sorted({peak, (peak + 1) // 2})
        if value
    ]


def _describe(timeline):
    periods = timeline.periods
    busiest = max(periods, key=lambda bar: bar.count)
    unit = _("year") if timeline.by_year else _("month")
    text = ngettext(
        "%(n)d contact from %(first)s to %(last)s, counted by %(unit)s.",
        "%(n)d contacts from %(first)s to %(last)s, counted by %(unit)s.",
        timeline.total,
    ) % {"n": timeline.total, "first": periods[0].label, "last": periods[-1].label, "unit": unit}
    text += " " + _("The busiest was %(label)s, with %(n)d.") % {"label": busiest.label, "n": busiest.count}
    return text


def timeline(calls, params=()):
    """The timeline of ``calls``; bars link to /calls/ with ``params`` and the bar's dates."""
    counts = _counts(calls)
    if not counts:
        return None
    bars, by_year, year_only = _bins(counts)
    base = list(params)
    for bar in bars:
        query = [*base, ("date_after", bar.start.isoformat()), ("date_before", bar.end.isoformat())]
        bar.url = reverse("call-list") + "?" + urlencode(query)
    result = Timeline(bars=bars, by_year=by_year, total=sum(counts.values()), undated_in_months=year_only)
    result.total -= year_only
    _layout(result)
    result.title = _("Contacts by year") if by_year else _("Contacts by month")
    result.description = _describe(result)
    return result
