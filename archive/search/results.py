"""What the search page shows for each kind of result: the record and a highlighted snippet
in the text's own language and direction."""

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import Call, Statement
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


def call_snippet(call, query):
    """From the summary, or else the first statement or translation the query matches in."""
    texts = [(call.summary, "")]
    for statement in call.statements.all():
        texts.append((statement.text, statement.language))
        texts += [(t.text, t.language) for t in statement.translations.all()]
    text, language = next(((t, lang) for t, lang in texts if has_match(t, query.forms)), texts[0])
    if not text:
        return None
    return Snippet(highlight(text, query.forms), language, text_direction(language) if language else "auto")


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


def call_results(call_ids, query):
    """The calls with ids ``call_ids`` (one page), in that order, with their snippets."""
    calls = (
        Call.objects.filter(pk__in=list(call_ids))
        .for_list()
        .prefetch_related(Prefetch("statements", queryset=Statement.objects.prefetch_related("translations")))
    )
    by_id = {call.pk: call for call in calls}
    ordered = [by_id[pk] for pk in call_ids if pk in by_id]
    return [
        CallResult(call, highlight(call.title, query.forms, length=300), call_snippet(call, query))
        for call in ordered
    ]


def statement_results(query, limit=20):
    return [
        StatementResult(statement, *statement_snippets(statement, query))
        for statement in search_query.statements(query, limit)
    ]
