"""Snippets with the matching words marked, built from the original text and escaped piece
by piece, so nothing in a record's text can reach the page as markup."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .normalise import tokens, word_forms

# A word as written: letters and digits with any combining marks, tatweel or zero-width
# joiners inside it (which ``normalise`` removes).
_WRITTEN_WORD = re.compile(
    "[^\\W_][\\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u00ad\u200c\u200d]*"
)
ELLIPSIS = "…"


@lru_cache(maxsize=100_000)
def written_forms(word):
    """Every form a word as written is indexed under (a pure function of the word, kept for
    the words seen most recently: a results page tests thousands of words)."""
    return frozenset().union(*(word_forms(token) for token in tokens(word)))


def matches(word, query_forms):
    return not written_forms(word).isdisjoint(query_forms)


def match_spans(text, query_forms):
    """(start, end) of each written word in ``text`` that matches the query."""
    return [m.span() for m in _WRITTEN_WORD.finditer(text) if matches(m.group(), query_forms)]


def _window(text, spans, length):
    if len(text) <= length:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - length // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > (spans[0][1] if spans else start):
            end = space
    return start, end


def highlight(text, query_forms, length=280):
    """``text`` cut to about ``length`` characters around the first match, as safe HTML with
    each matching word in <mark>."""
    text = text or ""
    spans = match_spans(text, query_forms)
    start, end = _window(text, spans, length)
    pieces = [ELLIPSIS] if start else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - every piece is escaped


def has_match(text, query_forms):
    return any(matches(m.group(), query_forms) for m in _WRITTEN_WORD.finditer(text or ""))
