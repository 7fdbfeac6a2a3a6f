"""What the search page shows for each kind of result: the record and a highlighted snippet
in the text's own language and direction."""

from dataclasses import dataclass

from ..models import Call, CallParticipant, Country, Statement, Topic, Translation
from ..vocabularies import text_direction
from . import query as search_query
from .highlight import has_match, highlight


@dataclass
class Snippet:
    html: str
    language: str = ""
    direction: str = "auto"


def statement_snippets(statement, query):
    """The statement's original text, and the first translation the query matches in."""
    original = Snippet(highlight(statement.text, query.forms), statement.language, statement.direction)
    translation = next((t for t in statement.translations.all() if has_match(t.text, query.forms)), None)
    if translation is None:
        return original, None
    marked = highlight(translation.text, query.forms)
    return original, Snippet(marked, translation.language, translation.direction)


def call_snippet(call, texts, query):
    """From the summary, or else the first of the call's statements and translations
    (``texts``: text and language pairs, in order) the query matches in."""
    texts = [(call.summary, ""), *texts]
    text, language = next(((t, lang) for t, lang in texts if has_match(t, query.forms)), texts[0])
    if not text:
        return None
    return Snippet(highlight(text, query.forms), language, text_direction(language) if language else "auto")


def statement_texts(call_ids):
    """Every statement's text and then its translations', in order, for each of ``call_ids``:
    plain values, two queries, whatever the number of statements."""
    statements = Statement.objects.filter(call__in=call_ids).order_by("call_id", "order")
    statements = list(statements.values_list("call_id", "id", "text", "language"))
    translations = {}
    for statement, text, language in (
        Translation.objects.filter(statement__in=[row[1] for row in statements])
        .order_by("statement_id", "language")
        .values_list("statement_id", "text", "language")
    ):
        translations.setdefault(statement, []).append((text, language))
    texts = {}
    for call, statement, text, language in statements:
        texts.setdefault(call, []).append((text, language))
        texts[call] += translations.get(statement, [])
    return texts


@dataclass
class StatementResult:
    statement: Statement
    original: Snippet
    translation: Snippet | None


@dataclass
class CallResult:
    call: Call
    title: str
    snippet: Snippet | None
    countries: list  # each participant's country, in participant order
    topics: list


def countries_and_topics(call_ids):
    """Each call's participants' countries and its topics, as a list row shows them (links
    and names), in two queries, with one instance per country and topic."""
    countries, topics, country, topic = {}, {}, {}, {}
    roles = CallParticipant.objects.filter(call__in=call_ids, country__isnull=False).order_by(
        "call_id", "order", "id"
    )
    for call, code, name, name_ar in roles.values_list(
        "call_id", "country_id", "country__name", "country__name_ar"
    ):
        if code not in country:
            country[code] = Country(code=code, name=name, name_ar=name_ar)
        countries.setdefault(call, []).append(country[code])
    links = Call.topics.through.objects.filter(call__in=call_ids).order_by(
        "call_id", "topic__name", "topic_id"
    )
    for call, pk, slug, name, name_ar in links.values_list(
        "call_id", "topic_id", "topic__slug", "topic__name", "topic__name_ar"
    ):
        if pk not in topic:
            topic[pk] = Topic(pk=pk, slug=slug, name=name, name_ar=name_ar)
        topics.setdefault(call, []).append(topic[pk])
    return countries, topics


def call_results(call_ids, query):
    """The calls with ids ``call_ids`` (one page), in that order, with their snippets."""
    call_ids = list(call_ids)
    by_id = Call.objects.in_bulk(call_ids)
    texts = statement_texts(call_ids)
    countries, topics = countries_and_topics(call_ids)
    ordered = [by_id[pk] for pk in call_ids if pk in by_id]
    return [
        CallResult(
            call,
            highlight(call.title, query.forms, length=300),
            call_snippet(call, texts.get(call.pk, []), query),
            countries.get(call.pk, []),
            topics.get(call.pk, []),
        )
        for call in ordered
    ]


def statement_results(query, limit=20):
    return [
        StatementResult(statement, *statement_snippets(statement, query))
        for statement in search_query.statements(query, limit)
    ]
