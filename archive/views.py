"""Public pages. Every one starts from ``Call.objects.published()``; staff may preview the
rest at the same permalinks."""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from .charts import timeline
from .citations.snapshots import snapshot_prefetches, snapshot_queryset
from .citations.views import permalink
from .contacts import people_pairs
from .facets import call_facets
from .figures import CACHED_FACETS_FROM, home_figures, keep, kept, list_parts, published_counts, remembered
from .filters import CallFilter
from .models import Call, CallParticipant, Country, Participant, Topic
from .rows import call_rows
from .search import query as search_query
from .search import results as search_results
from .search.forms import SearchForm
from .vocabularies import Status

PER_PAGE = 25


def public_calls():
    return Call.objects.published()


def paginate(request, queryset, per_page=PER_PAGE, count=None):
    """One page of ``queryset``; a page that does not exist is a 404 that says so. ``count``,
    when the caller already knows it, saves counting the rows again."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except PageNotAnInteger as error:
        raise Http404("The page number must be a whole number, such as page=2.") from error
    except EmptyPage as error:
        raise Http404(f"There is no page {number}: this list has {paginator.num_pages} page(s).") from error


def paginate_rows(request, calls, count=None, per_page=PER_PAGE):
    """One page of ``calls`` as list rows (archive/rows.py): the page's ids, then three
    plain queries for what the rows show."""
    page = paginate(request, calls.values_list("pk", flat=True), per_page, count=count)
    page.object_list = call_rows(page.object_list)
    return page


def found_once(calls):
    """``calls`` and how many there are. A short list's ids are read once and the figures
    drawn from them, so that each figure does not filter the whole archive again; a long
    list stays a query (its figures are kept, archive/figures.py)."""
    ids = short_list_ids(calls)
    if ids is not None:
        return Call.objects.filter(pk__in=ids), len(ids)
    return calls, calls.count()


def short_list_ids(calls):
    """The ids of ``calls`` in their order when there are at most ``CACHED_FACETS_FROM`` of
    them (one query, stopping one past the limit); None for a longer list."""
    ids = list(calls.values_list("pk", flat=True)[: CACHED_FACETS_FROM + 1])
    return ids if len(ids) <= CACHED_FACETS_FROM else None


def country_counts(calls, exclude=()):
    """Countries represented in ``calls`` with how many of those calls each took part in."""
    return (
        Country.objects.filter(call_roles__call__in=calls)
        .exclude(code__in=exclude)
        .annotate(n=Count("call_roles__call", distinct=True))
        .order_by("-n", "name")
    )


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        calls = public_calls()
        recent = list(calls.order_by("-created_at", "-id").values_list("pk", flat=True)[:8])
        latest = list(calls.values_list("pk", flat=True)[:8])
        rows = {row.pk: row for row in call_rows(recent + latest)}
        # The counts over the whole archive are kept per process for a few minutes: archive/figures.py.
        return super().get_context_data(
            recent=[rows[pk] for pk in recent if pk in rows],
            latest=[rows[pk] for pk in latest if pk in rows],
            **home_figures(calls),
            **kwargs,
        )


class CallListView(FilterView):
    """All published calls, filterable; the query string is the permalink of the view."""

    filterset_class = CallFilter
    template_name = "archive/call_list.html"
    paginate_by = PER_PAGE

    def get_queryset(self):
        return public_calls()

    def paginate_queryset(self, queryset, page_size):
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.facets = None
            page = Paginator(queryset, page_size).page(1)
        else:
            params, language = self.request.GET, get_language()
            found = kept(list_parts(params, language))
            ids = short_list_ids(queryset) if found is None else None
            if ids is not None:
                # A short list: its ids, found once, give the count, the facets and the page.
                self.facets, total = call_facets(self.filterset, params, ids=ids)
                page = paginate(self.request, ids, page_size)
                # By id: the filters have been applied already. A call deleted or withdrawn
                # since its id was read is left out, not an error.
                page.object_list = call_rows(page.object_list)
            else:
                # A long one: the facets' query also counts it, and what it found is kept a few
                # minutes, like the home page's figures.
                if found is None:
                    found = call_facets(self.filterset, params)
                    keep(list_parts(params, language), found)
                self.facets, total = found
                page = paginate_rows(self.request, queryset, count=total, per_page=page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        if self.facets is not None:
            context["facets"] = self.facets
        return context


def date_archive(request, year, month=None, day=None):
    try:
        start = datetime.date(year, month or 1, day or 1)
    except ValueError as error:
        raise Http404("There is no such date.") from error
    calls = public_calls().filter(date__year=year)
    if month:
        calls = calls.filter(date__month=month).exclude(date_precision="year")
    if day:
        calls = calls.filter(date__day=day, date_precision="day")
    counts = None
    if not month:
        counts = [(datetime.date(year, m, 1), n) for m, n in _month_counts(calls)]
    elif not day:
        counts = [(datetime.date(year, month, d), n) for d, n in _day_counts(calls)]
    context = {
        "year": year,
        "month": month,
        "day": day,
        "start": start,
        "page_obj": paginate_rows(request, calls),
        "counts": counts,
        "month_name": date_format(start, "F") if month else "",
    }
    return render(request, "archive/date_archive.html", context)


def _month_counts(calls):
    months = {}
    for date in calls.exclude(date_precision="year").values_list("date", flat=True):
        months[date.month] = months.get(date.month, 0) + 1
    return sorted(months.items())


def _day_counts(calls):
    days = {}
    for date in calls.filter(date_precision="day").values_list("date", flat=True):
        days[date.day] = days.get(date.day, 0) + 1
    return sorted(days.items())


def visible_calls(request):
    """Published calls for everyone; every status for staff, who preview drafts."""
    if request.user.is_authenticated and request.user.is_staff:
        return Call.objects.all()
    return Call.objects.exclude(status__in=[Status.DRAFT, Status.REVIEW])


@permalink
def call_detail(request, identifier, slug=None):
    # Everything the page and the citation's snapshot show, fetched once (participants with
    # their people and countries, statements with speakers, sources, translations, topics).
    call = getattr(request, "permalink_call", None)
    if call is not None and call.identifier == identifier and call.status == Status.PUBLISHED:
        prefetch_related_objects([call], *snapshot_prefetches())
    else:
        call = get_object_or_404(snapshot_queryset(visible_calls(request)), identifier=identifier)
    call.snapshot_loaded = True
    if call.status == Status.WITHDRAWN and not request.user.is_staff:
        return render(request, "archive/call_withdrawn.html", {"call": call}, status=410)
    if slug is not None and slug != call.slug:
        return redirect(call.get_absolute_url(), permanent=True)
    participants = call.participants.all()
    statements = call.statements.all()
    context = {
        "call": call,
        "participants": participants,
        "statements": statements,
        "sources": call.sources.all(),
        "topics": call.topics.all(),
        "permalink": request.build_absolute_uri(call.get_permalink()),
    }
    return render(request, "archive/call_detail.html", context)


def with_counts(records, kind):
    """``records`` as a list, each with ``n``: its published calls (archive/figures.py)."""
    counts = published_counts()[kind]
    records = list(records)
    for record in records:
        record.n = counts.get(record.pk, 0)
    return records


class CountryListView(ListView):
    template_name = "archive/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        # Counts from the archive-wide figures (archive/figures.py), not one join per request.
        return with_counts(Country.objects.order_by("kind", "name"), "country")


def country_code(code):
    return get_object_or_404(Country, code=code.upper())


def country_detail(request, code):
    if code != code.lower():
        return redirect("country-detail", code.lower(), permanent=True)
    country = country_code(code)
    calls = public_calls().involving_country(country.code)

    def figures():
        found, total = found_once(calls)
        return {
            "total": total,
            "counterparts": list(country_counts(found, exclude=[country.code])[:20]),
            "people": list(
                Participant.objects.filter(call_roles__call__in=found, call_roles__country=country)
                .annotate(n=Count("call_roles", distinct=True))
                .order_by("-n", "name")[:20]
            ),
            "timeline": timeline(found, [("country", country.code)]),
        }

    # A big country's figures are kept a few minutes, like the home page's (archive/figures.py).
    found = remembered(("country", country.code, get_language()), figures)
    context = {
        "country": country,
        "page_obj": paginate_rows(request, calls, count=found["total"]),
        "counterparts": found["counterparts"],
        "people": found["people"],
        "filter_url": reverse("call-list") + "?" + urlencode({"country": country.code}),
        "timeline": found["timeline"],
    }
    return render(request, "archive/country_detail.html", context)


def country_pair(request, code, other):
    if code != code.lower() or other != other.lower():
        return redirect("country-pair", code.lower(), other.lower(), permanent=True)
    country, counterpart = country_code(code), country_code(other)
    if country == counterpart:
        return redirect(country.get_absolute_url())
    calls = public_calls().involving_country(country.code).involving_country(counterpart.code)
    codes = [("country", country.code), ("country", counterpart.code)]

    def figures():
        found, total = found_once(calls)
        return {
            "total": total,
            "timeline": timeline(found, codes),
            "people_pairs": people_pairs(found, country, counterpart),
        }

    found = remembered(("pair", country.code, counterpart.code, get_language()), figures)
    context = {
        "country": country,
        "counterpart": counterpart,
        "page_obj": paginate_rows(request, calls, count=found["total"]),
        "filter_url": reverse("call-list") + "?" + urlencode(codes),
        "timeline": found["timeline"],
        "people_pairs": found["people_pairs"],
    }
    return render(request, "archive/country_pair.html", context)


class ParticipantListView(ListView):
    template_name = "archive/participant_list.html"
    context_object_name = "people"
    paginate_by = 100

    def get_queryset(self):
        # The people with a published call: the keys of the archive-wide counts.
        people = sorted(published_counts()["participant"])
        return Participant.objects.filter(pk__in=people).order_by("name", "pk")

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset, page_size)
        page.object_list = with_counts(page.object_list, "participant")
        return page.paginator, page, page.object_list, page.has_other_pages()


class ParticipantDetailView(DetailView):
    template_name = "archive/participant_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Participant.objects.prefetch_related("names", "offices__country")

    def get_context_data(self, **kwargs):
        person = self.object
        calls = public_calls().filter(
            pk__in=CallParticipant.objects.filter(participant=person).values("call_id")
        )

        def figures():
            found, total = found_once(calls)
            return {
                "total": total,
                "counterparts": list(
                    Participant.objects.filter(call_roles__call__in=found)
                    .exclude(pk=person.pk)
                    .annotate(n=Count("call_roles", distinct=True))
                    .order_by("-n", "name")[:12]
                ),
                "timeline": timeline(found, [("participant", person.slug)]),
            }

        found = remembered(("person", person.pk, get_language()), figures)
        return super().get_context_data(
            page_obj=paginate_rows(self.request, calls, count=found["total"]),
            counterparts=found["counterparts"],
            filter_url=reverse("call-list") + "?" + urlencode({"participant": person.slug}),
            timeline=found["timeline"],
            **kwargs,
        )


class TopicListView(ListView):
    template_name = "archive/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return with_counts(Topic.objects.select_related("parent"), "topic")


class TopicDetailView(DetailView):
    template_name = "archive/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        topic = self.object
        filterset = CallFilter({"topic": topic.slug}, queryset=public_calls())
        return super().get_context_data(
            page_obj=paginate_rows(self.request, filterset.qs),
            children=topic.children.all(),
            filter_url=reverse("call-list") + "?" + urlencode({"topic": topic.slug}),
            **kwargs,
        )


def search(request):
    """Search over people, topics, calls and statements, in any script (see archive.search)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "archive/search.html", {"form": form, "query": ""}, status=400)
    text = form.cleaned_data["q"]
    query = search_query.Query(text)
    context = {"form": form, "query": text, "searched": query}
    if query:
        page = paginate(request, search_query.ranked_call_ids(query))
        page.results = search_results.call_results(page.object_list, query)
        context |= {
            "page_obj": page,
            "people": search_query.people(query),
            "topics": search_query.topics(query),
            "statement_results": search_results.statement_results(query),
        }
    return render(request, "archive/search.html", context)
