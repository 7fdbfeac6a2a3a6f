"""Both sides' accounts: what each of a call's sources reports, side by side.

Where a call has several sources (each government's readout, news agencies), the call page
shows which topics and statements each source reports, which topics only one of them
mentions, and, for the topics several report, their statements aligned by topic and speaker
so that two wordings of the same point stand next to each other.

Everything is computed from the statements the call page has already loaded (with their
topics, translations, speaker and source), so it costs no further queries.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language


@dataclass
class Account:
    """One source's account of the call."""

    source: object
    statements: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    only_topics: list = field(default_factory=list)
    only_passages: list = field(default_factory=list)
    untagged: list = field(default_factory=list)


@dataclass
class Passage:
    statement: object
    translation: object = None


@dataclass
class Cell:
    source: object
    passages: list = field(default_factory=list)


@dataclass
class Row:
    """One speaker's statements on one topic, a cell of passages per source."""

    speaker: object
    cells: list

    @property
    def sources_reporting(self):
        return sum(1 for cell in self.cells if cell.passages)

    @property
    def compared(self):
        return self.sources_reporting > 1


@dataclass
class Point:
    """A topic several sources report, with the statements aligned by speaker."""

    topic: object
    rows: list
    reported_by: list


@dataclass
class Comparison:
    accounts: list
    shared_topics: list
    points: list

    @property
    def sources(self):
        return [account.source for account in self.accounts]

    @property
    def has_differences(self):
        return any(account.only_topics for account in self.accounts)


def _passage(statement, language):
    translations = list(statement.translations.all())
    chosen = next(
        (t for t in translations if t.language == language and t.language != statement.language), None
    )
    if chosen is None and statement.language != "en":
        chosen = next((t for t in translations if t.language == "en"), None)
    return Passage(statement, chosen)


def compare_sources(statements, sources):
    """The comparison of ``sources`` (two or more) from ``statements``; None for fewer."""
    sources = list(sources)
    if len(sources) < 2:
        return None
    language = (get_language() or "en").split("-")[0]
    accounts = {source.pk: Account(source) for source in sources}
    topic_by_id, reporters = {}, {}
    for statement in statements:
        account = accounts.get(statement.source_id)
        if account is None:
            continue
        account.statements.append(statement)
        topics = list(statement.topics.all())
        if not topics:
            account.untagged.append(_passage(statement, language))
        for topic in topics:
            topic_by_id[topic.pk] = topic
            reporters.setdefault(topic.pk, [])
            if account.source.pk not in reporters[topic.pk]:
                reporters[topic.pk].append(account.source.pk)
                account.topics.append(topic)
    shared = [pk for pk, by in reporters.items() if len(by) > 1]
    for account in accounts.values():
        account.only_topics = [
            topic for topic in account.topics if reporters[topic.pk] == [account.source.pk]
        ]
        account.only_passages = [
            _passage(statement, language)
            for statement in account.statements
            if any(topic in account.only_topics for topic in statement.topics.all())
        ]
    points = [_point(topic_by_id[pk], reporters[pk], sources, statements, language) for pk in shared]
    return Comparison(
        accounts=list(accounts.values()),
        shared_topics=[topic_by_id[pk] for pk in shared],
        points=points,
    )


def _point(topic, reporter_ids, sources, statements, language):
    """Statements on ``topic`` grouped by speaker, one column per source."""
    columns = {source.pk: index for index, source in enumerate(sources)}
    rows = {}
    for statement in statements:
        if statement.source_id not in columns or topic not in statement.topics.all():
            continue
        row = rows.setdefault(
            statement.speaker_id, Row(statement.speaker, [Cell(source) for source in sources])
        )
        row.cells[columns[statement.source_id]].passages.append(_passage(statement, language))
    ordered = sorted(rows.values(), key=lambda row: -row.sources_reporting)
    return Point(topic, ordered, [source for source in sources if source.pk in reporter_ids])
