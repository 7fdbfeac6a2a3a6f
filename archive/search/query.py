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
from django.db.models import F, Q, Value

from ..models import Call, CallParticipant
from .indexing import flush, is_postgresql
from .models import DocumentKind, SearchDocument
from .normalise import query_forms, query_words

# Lexeme weights D, C, B, A: Arabic snowball, English snowball, light stem, exact word.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]
# A query of at most this many words may be a name: calls of people whose names are like it
# (pg_trgm word similarity at its default threshold, 0.6) are found too.
MAX_NAME_WORDS = 4


class Query:
    """A user's query, normalised once: its words and every form each may take."""

    def __init__(self, text):
        self.text = text
        self.words = query_words(text)
        self.forms = set().union(*(query_forms(word) for word in self.words)) if self.words else set()

    def __bool__(self):
        return bool(self.words)

    @property
    def normalised(self):
        return " ".join(self.words)

    def tsquery(self):
        per_word = []
        for word in self.words:
            alternatives = [SearchQuery(form, config="simple") for form in sorted(query_forms(word))]
            alternatives += [SearchQuery(word, config="english"), SearchQuery(word, config="arabic")]
            per_word.append(reduce(or_, alternatives))
        return reduce(and_, per_word)

    def substring_filter(self):
        """The SQLite match: each word occurs in the text, or one of its forms is a stem."""
        conditions = []
        for word in self.words:
            alternatives = [Q(surface__contains=word)]
            alternatives += [Q(stems__contains=f" {form} ") for form in query_forms(word)]
            conditions.append(reduce(or_, alternatives))
        return reduce(and_, conditions)


def documents(kind, query):
    """Documents of ``kind`` matching ``query``, best first, each with a ``score``."""
    flush()
    docs = SearchDocument.objects.filter(kind=kind)
    if not query:
        return docs.none()
    if not is_postgresql():
        return docs.filter(query.substring_filter()).annotate(score=Value(1.0)).order_by("id")
    tsquery = query.tsquery()
    docs = docs.annotate(rank=SearchRank(F("vector"), tsquery, weights=RANK_WEIGHTS, normalization=1))
    matched = Q(vector=tsquery)
    if kind == DocumentKind.PERSON:
        similarity = TrigramWordSimilarity(Value(query.normalised), "names")
        docs = docs.annotate(score=F("rank") + similarity)
        matched |= Q(names__trigram_word_similar=query.normalised)
    else:
        docs = docs.annotate(score=F("rank"))
    if kind == DocumentKind.CALL and len(query.words) <= MAX_NAME_WORDS:
        # The calls of a person found only by a spelling the archive does not list.
        matched |= Q(
            call_id__in=CallParticipant.objects.filter(participant__in=people_by_name(query)).values(
                "call_id"
            )
        )
    return docs.filter(matched).order_by("-score", "id")


def people_by_name(query):
    """Ids of people one of whose names is like ``query`` (pg_trgm word similarity)."""
    docs = SearchDocument.objects.filter(
        kind=DocumentKind.PERSON, names__trigram_word_similar=query.normalised
    )
    return docs.values("participant_id")


def public_documents(kind, query):
    return documents(kind, query).filter(call__in=Call.objects.published())


def matching_call_ids(query):
    """A subquery of the ids of calls (of any status) whose documents match ``query``."""
    return documents(DocumentKind.CALL, query).values("call_id")


def people(query, limit=10):
    docs = documents(DocumentKind.PERSON, query).select_related("participant")
    return [doc.participant for doc in docs[:limit]]


def topics(query, limit=10):
    docs = documents(DocumentKind.TOPIC, query).select_related("topic__parent")
    return [doc.topic for doc in docs[:limit]]


def statements(query, limit=20):
    docs = (
        public_documents(DocumentKind.STATEMENT, query)
        .select_related("statement__call", "statement__speaker__participant", "statement__speaker__country")
        .prefetch_related("statement__translations")
    )
    return [doc.statement for doc in docs[:limit]]


def ranked_call_ids(query):
    """Ids of published calls matching ``query``, best first (a list-like queryset)."""
    docs = public_documents(DocumentKind.CALL, query)
    return docs.order_by("-score", "-call__date", "id").values_list("call_id", flat=True)
