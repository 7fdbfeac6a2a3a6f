"""Running a search: which documents match a query, ranked, for each kind of record.

On PostgreSQL every query word becomes a tsquery that accepts any of its light stems in the
``simple`` configuration, or its ``english`` or ``arabic`` snowball stem; all words must
match. People are also found by trigram word similarity of the query to their names, so a
spelling the archive does not list (Pezeshkyan) still finds the person. On SQLite the same
normalised words and stems are matched as substrings of the stored columns.
"""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connections, router, transaction
from django.db.models import F, Lookup, Q, Value

from ..models import CallParticipant, Statement
from ..vocabularies import Status
from .indexing import flush, is_postgresql
from .models import DocumentKind, SearchDocument
from .normalise import query_forms, query_words

# Lexeme weights D, C, B, A: Arabic snowball, English snowball, light stem, exact word.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]
# A query of at most this many words may be a name: calls of people whose names are like it
# (pg_trgm word similarity at its default threshold, 0.6) are found too.
MAX_NAME_WORDS = 4
# At most this many matching calls are ranked and counted (see candidate_ids); statements
# are found among those of the best STATEMENT_CALLS of them.
CALL_CANDIDATES = 1000
STATEMENT_CALLS = 100


class Query:
    """A user's query, normalised once: its words and every form each may take."""

    def __init__(self, text):
        self.text = text
        self.words = query_words(text)
        self.forms = set().union(*(query_forms(word) for word in self.words)) if self.words else set()
        self.ranked_calls = None  # found by ranked_call_ids
        self._tsquery = None

    def __bool__(self):
        return bool(self.words)

    @property
    def normalised(self):
        return " ".join(self.words)

    def alternatives(self):
        """For each word, what may stand for it: each of its forms in the ``simple``
        configuration, and the word in the ``english`` and in the ``arabic`` one, as
        (configuration, text) pairs."""
        return [
            [("simple", form) for form in sorted(query_forms(word))] + [("english", word), ("arabic", word)]
            for word in self.words
        ]

    def tsquery(self):
        """The tsquery: every word must match one of its alternatives. Built once per query
        from the lexemes PostgreSQL makes of each alternative, with repeats left out: a name
        such as Pezeshkian is the same lexeme in all three configurations, and ranking a
        thousand calls against a query that names it three times takes twice as long."""
        if self._tsquery is None:
            self._tsquery = LexemeQuery(tsquery_text(self.alternatives()))
        return self._tsquery

    def substring_filter(self):
        """The SQLite match: each word occurs in the text, or one of its forms is a stem."""
        conditions = []
        for word in self.words:
            alternatives = [Q(surface__contains=word)]
            alternatives += [Q(stems__contains=f" {form} ") for form in query_forms(word)]
            conditions.append(reduce(or_, alternatives))
        return reduce(and_, conditions)


class LexemeQuery(SearchQuery):
    """A tsquery given as its text (``'gaza' & ( 'ceasefir' | 'ceasefire' )``), taken as it
    is: the lexemes were made by PostgreSQL already (``tsquery_text``)."""

    def __init__(self, text):
        super().__init__(text, search_type="raw")
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.text]


def tsquery_text(alternatives):
    """The text of the tsquery matching, for every word, one of its alternatives
    ((configuration, text) pairs): one query asks PostgreSQL for the lexemes of them all
    (``plainto_tsquery``), then repeats and alternatives without a lexeme (stop words) are
    left out. A word without any lexeme is left out, as PostgreSQL leaves it out of an AND."""
    flat = [(n, config, text) for n, word in enumerate(alternatives) for config, text in word]
    if not flat:
        return ""
    database = router.db_for_read(SearchDocument)
    with connections[database].cursor() as cursor:
        cursor.execute(
            "SELECT plainto_tsquery(q.config::regconfig, q.text)::text "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS q(config, text, n) ORDER BY q.n",
            [[config for _n, config, _t in flat], [text for _n, _c, text in flat]],
        )
        lexemes = [row[0] for row in cursor.fetchall()]
    per_word = {}
    for (n, _config, _text), found in zip(flat, lexemes, strict=True):
        if found and found not in per_word.get(n, []):
            per_word.setdefault(n, []).append(found)
    def either(parts):
        return parts[0] if len(parts) == 1 else " | ".join(f"( {part} )" for part in parts)

    words = [either(found) for found in per_word.values()]
    return words[0] if len(words) == 1 else " & ".join(f"( {word} )" for word in words)


def matched(kind, query, name_calls=None):
    """Documents of ``kind`` matching ``query``, unranked. Every alternative is an index
    condition (a GIN index per kind, the trigram index on names, the call index), so the
    planner can combine them in one bitmap. ``name_calls``: at most this many calls of people
    found by name only (the most recent ids)."""
    flush()
    docs = SearchDocument.objects.filter(kind=kind)
    if not query:
        return docs.none()
    if not is_postgresql():
        return docs.filter(query.substring_filter())
    matches = Q(vector=query.tsquery())
    if kind == DocumentKind.PERSON:
        matches |= Q(names__trigram_word_similar=query.normalised)
    if kind == DocumentKind.CALL and len(query.words) <= MAX_NAME_WORDS:
        # The calls of a person found only by a spelling the archive does not list; read
        # first, so that they are a list of ids the call index answers, not a subplan
        # evaluated for every document.
        calls = (
            CallParticipant.objects.filter(participant__in=people_by_name(query, unless_matched=True))
            .order_by("-call_id")
            .values_list("call_id", flat=True)
            .distinct()
        )
        calls = list(calls[:name_calls] if name_calls else calls)
        if calls:
            matches |= Q(any_of("call_id", calls))
    return docs.filter(matches)


class AnyOf(Lookup):
    """``column = ANY(ids)``: the ids as one array parameter, not a thousand placeholders."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def any_of(column, ids):
    return AnyOf(F(column), ids)


def ranked(docs, query, kind):
    """``docs`` with a ``score``, best first (the rank on PostgreSQL, 1 elsewhere)."""
    if not is_postgresql():
        return docs.annotate(score=Value(1.0)).order_by("id")
    docs = docs.annotate(rank=SearchRank(F("vector"), query.tsquery(), weights=RANK_WEIGHTS, normalization=1))
    if kind == DocumentKind.PERSON:
        similarity = TrigramWordSimilarity(Value(query.normalised), "names")
        docs = docs.annotate(score=F("rank") + similarity)
    else:
        docs = docs.annotate(score=F("rank"))
    return docs.order_by("-score", "id")


def documents(kind, query):
    """Documents of ``kind`` matching ``query``, best first, each with a ``score``: every
    match is ranked (people and topics, a few thousand documents at most)."""
    return ranked(matched(kind, query), query, kind)


def candidate_ids(kind, query, limit):
    """Ids of at most ``limit`` + 1 documents of ``kind`` matching ``query``, as the kind's
    GIN index finds them (not ranked): a common word matches tens of thousands of calls and
    statements, and ranking every match would read every one of them."""
    ids = matched(kind, query, name_calls=limit).order_by().values_list("pk", flat=True)[: limit + 1]
    if not is_postgresql():
        return list(ids)
    # Under a LIMIT the planner takes a sequential or call-ordered scan that tests every
    # document's vector until it has enough, expecting matches to be dense; for most words
    # they are not, and reading each vector is the expensive part. A bitmap scan of the kind's
    # GIN index finds the matches without reading any vector: the other two are turned off for
    # this query's transaction (on the database it reads from: a read replica, if there is one).
    connection = connections[ids.db]
    enclosed = connection.in_atomic_block  # then the settings would outlive this block
    with transaction.atomic(using=ids.db), connection.cursor() as cursor:
        if enclosed:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
            previous = cursor.fetchone()
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
        )
        found = list(ids)
        if enclosed:
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                previous,
            )
        return found


def ranked_public(kind, query, ids):
    """The documents ``ids`` of published calls, best first."""
    docs = SearchDocument.objects.filter(call__status=Status.PUBLISHED)
    docs = docs.filter(any_of("id", ids)) if is_postgresql() else docs.filter(pk__in=ids)
    docs = ranked(docs, query, kind)
    return docs.order_by("-score", "-call__date", "id") if kind == DocumentKind.CALL else docs


class RankedCalls:
    """The ids of the published calls matching a query, best first, for a paginator: at
    most ``CALL_CANDIDATES`` matches are found and ranked, in two queries whatever the page.
    ``capped`` when there were more (the page then shows the count as "1000+")."""

    def __init__(self, query):
        ids = candidate_ids(DocumentKind.CALL, query, CALL_CANDIDATES)
        self.capped = len(ids) > CALL_CANDIDATES
        ids = ids[:CALL_CANDIDATES]
        docs = ranked_public(DocumentKind.CALL, query, ids) if ids else SearchDocument.objects.none()
        self.ids = list(docs.values_list("call_id", flat=True))

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self.ids[index]

    def __iter__(self):
        return iter(self.ids)


def people_by_name(query, unless_matched=False):
    """Ids of people one of whose names is like ``query`` (pg_trgm word similarity); with
    ``unless_matched``, only those whose own document does not match it (the documents of
    their calls hold the same names, so those calls match already)."""
    docs = SearchDocument.objects.filter(
        kind=DocumentKind.PERSON, names__trigram_word_similar=query.normalised
    )
    if unless_matched:
        docs = docs.exclude(vector=query.tsquery())
    return docs.values("participant_id")


def matching_call_ids(query):
    """A subquery of the ids of calls (of any status) whose documents match ``query``."""
    return matched(DocumentKind.CALL, query).values("call_id")


def people(query, limit=10):
    docs = documents(DocumentKind.PERSON, query).select_related("participant")
    return [doc.participant for doc in docs[:limit]]


def topics(query, limit=10):
    docs = documents(DocumentKind.TOPIC, query).select_related("topic__parent")
    return [doc.topic for doc in docs[:limit]]


def statements(query, limit=20):
    """The best ``limit`` statements of the best ``STATEMENT_CALLS`` calls (every statement
    that matches a query belongs to a call that matches it), with what their results show
    (their call, speaker and translations), loaded for those only."""
    calls = ranked_call_ids(query).ids[:STATEMENT_CALLS]
    if not calls:
        return []
    docs = matched(DocumentKind.STATEMENT, query)
    docs = docs.filter(any_of("call_id", calls)) if is_postgresql() else docs.filter(call_id__in=calls)
    best = list(ranked(docs, query, DocumentKind.STATEMENT).values_list("statement_id", flat=True)[:limit])
    found = Statement.objects.filter(pk__in=best).select_related(
        "call", "speaker__participant", "speaker__country"
    )
    by_id = {statement.pk: statement for statement in found.prefetch_related("translations")}
    return [by_id[pk] for pk in best if pk in by_id]


def ranked_call_ids(query):
    """Ids of published calls matching ``query``, best first (a list-like ``RankedCalls``),
    found once per query."""
    if query.ranked_calls is None:
        query.ranked_calls = RankedCalls(query)
    return query.ranked_calls
