"""Drafting a call from a report, in one transaction. Nothing here publishes anything: the
call is a draft, and each guess is stored as an ``IntakeGuess`` for the editor to check."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..models import Call, CallParticipant, IntakeGuess, Participant, Source, Statement, Topic, TopicKeyword
from ..vocabularies import DatePrecision, Medium, SourceKind, Status
from . import parser


@dataclass
class ReportInput:
    text: str
    published_on: object
    language: str
    outlet: str
    url: str = ""
    title: str = ""
    kind: str = SourceKind.NEWS
    licence: str = ""
    attribution: str = ""


def candidate_people():
    return Participant.objects.prefetch_related("names", "offices__country")


def read(report_input):
    """Everything intake guesses from a report, before anything is written."""
    report = parser.Report(report_input.text, report_input.published_on, report_input.language)
    paragraphs = report.paragraphs()
    people = list(candidate_people())
    mentions = parser.find_people(report, people)
    named = []
    for mention in mentions:
        if mention.person not in named:
            named.append(mention.person)
    offices = {p.pk: p.office_on(report.published) for p in named}
    office_titles = {pk: parser.fold(o.title) if o else "" for pk, o in offices.items()}
    by_country = [
        (parser._country_words(o.country), people_by_pk)
        for people_by_pk in named
        if (o := offices.get(people_by_pk.pk)) and o.country_id
    ]
    mentions = sorted(mentions + parser.find_titles(report, by_country, office_titles), key=lambda m: m.start)
    for paragraph in paragraphs:
        end = paragraph.start + len(paragraph.folded)
        paragraph.mentions = [m for m in mentions if paragraph.start <= m.start < end]
    date, date_words, date_how = parser.call_date(report, paragraphs)
    medium, medium_words = parser.medium(report)
    keywords = list(TopicKeyword.objects.select_related("topic"))
    resolve = TopicResolver()
    return {
        "report": report,
        "paragraphs": paragraphs,
        "people": named,
        "first_mention": {p: next(m for m in mentions if m.person == p and m.how == "name") for p in named},
        "offices": offices,
        "date": (date, date_words, date_how),
        "medium": (medium, medium_words),
        "topics": parser.topics(report.text, keywords, resolve),
        "keywords": keywords,
        "resolve": resolve,
        "statements": parser.attribute(paragraphs, named),
        "initiator": parser.initiator(report, mentions),
    }


class TopicResolver:
    """A matched keyword's topic: the one it links to, else the topic with its slug, else a new
    topic made from the lexicon's name for it (and linked to every keyword with that slug)."""

    def __init__(self):
        self.cache, self.created = {}, set()

    def __call__(self, keyword):
        if keyword.topic_id:
            return keyword.topic
        if keyword.topic_slug not in self.cache:
            topic = Topic.objects.filter(slug=keyword.topic_slug).first()
            if topic is None:
                topic = Topic.objects.create(
                    slug=keyword.topic_slug,
                    name=keyword.topic_name or keyword.topic_slug.replace("-", " ").capitalize(),
                    name_ar=keyword.topic_name_ar,
                )
                self.created.add(topic.pk)
            TopicKeyword.objects.filter(topic__isnull=True, topic_slug=keyword.topic_slug).update(topic=topic)
            self.cache[keyword.topic_slug] = topic
        return self.cache[keyword.topic_slug]


def make_title(medium, people):
    label = Medium(medium).label if medium else "Communication"
    names = [p.name for p in people]
    if len(names) >= 2:
        return f"{label} between {', '.join(names[:-1])} and {names[-1]}"
    if names:
        return f"{label}: {names[0]}"
    return f"{label} (drafted from a report)"


@transaction.atomic
def draft_call(report_input, user=None):
    """Create a draft call from ``report_input`` and return it."""
    found = read(report_input)
    guesses = []

    def guess(field, value, evidence=""):
        guesses.append(IntakeGuess(field=field, value=str(value), evidence=evidence, order=len(guesses)))

    date, date_words, date_how = found["date"]
    medium, medium_words = found["medium"]
    leads = [a for a in found["statements"] if a.is_lead and a.kind != "headline"]
    headline = next((a.paragraph.text for a in found["statements"] if a.kind == "headline"), "")
    starter, starter_words = found["initiator"]
    call = Call(
        title=make_title(medium, found["people"])[:300],
        summary=leads[0].paragraph.text if leads else "",
        medium=medium or Medium.TELEPHONE,
        date=date,
        date_precision=DatePrecision.DAY,
        status=Status.DRAFT,
    )
    call._change_reason = "Drafted by report intake"
    if user is not None:
        call._history_user = user
    call.save()
    guess("Date", date.isoformat(), f"“{date_words}”: {date_how}" if date_words else date_how)
    if medium:
        guess("Medium", Medium(medium).label, f"“{medium_words}”")
    else:
        guess("Medium", Medium.TELEPHONE.label, "the report names no medium; telephone assumed")
    guess("Title", call.title, "made from the medium and the participants")
    if leads:
        guess("Summary", "the report's opening paragraph (in its language)", "replace it with a summary")

    source = Source.objects.create(
        call=call,
        outlet=report_input.outlet,
        kind=report_input.kind,
        url=report_input.url,
        title=report_input.title or headline[:500],
        language=report_input.language,
        published_on=report_input.published_on,
        retrieved_on=max(timezone.localdate(), report_input.published_on),
        full_text=report_input.text,
        licence=report_input.licence,
        attribution=report_input.attribution,
    )
    rows = {}
    for order, person in enumerate(found["people"]):
        office = found["offices"].get(person.pk)
        mention = found["first_mention"][person]
        rows[person] = CallParticipant.objects.create(
            call=call,
            participant=person,
            name_as_written=mention.text[:300],
            name_language=report_input.language,
            office_title=office.title if office else "",
            country=office.country if office else None,
            order=order,
            is_initiator=person == starter,
        )
        where = f"; office on that day: {office}" if office else "; no office known on that day"
        guess("Participant", person.name, f"“{mention.text}”{where}")
    if starter is not None:
        guess("Initiated by", starter.name, f"“{starter_words}”")
    if not found["people"]:
        guess("Participants", "none recognised", "add them; no known person's name appears in the report")

    topics = found["topics"]
    call.topics.set(list(topics))
    for topic, words in topics.items():
        new = " (a new topic, from the intake lexicon)" if topic.pk in found["resolve"].created else ""
        guess("Topic", topic.name + new, ", ".join(f"“{w}”" for w in words))

    order = 0
    for attributed in found["statements"]:
        if attributed.kind == "headline":
            guess("Headline", attributed.paragraph.text, "a short first line; kept as the source's title")
            continue
        order += 1
        statement = Statement.objects.create(
            call=call,
            order=order,
            speaker=rows.get(attributed.speaker),
            text=attributed.paragraph.text,
            language=report_input.language,
            kind=attributed.kind,
            source=source,
        )
        statement.topics.set(
            list(parser.topics(attributed.paragraph.text, found["keywords"], found["resolve"]))
        )
        who = attributed.speaker.name if attributed.speaker else "no speaker"
        reason = f"; {attributed.kind_reason}" if attributed.kind_reason else ""
        guess(f"Statement {order}", f"{who}, {attributed.kind}", f"{attributed.evidence}{reason}")

    for item in guesses:
        item.call = call
    IntakeGuess.objects.bulk_create(guesses)
    return call
