"""Small factories for tests. ``fixtures/`` holds only real shipped data."""

import datetime

import factory

from archive import models
from archive.vocabularies import Medium, Status


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Call

    title = factory.Sequence(lambda n: f"Telephone call number {n}")
    summary = "They discussed bilateral relations."
    medium = Medium.TELEPHONE
    date = datetime.date(2024, 12, 2)
    status = Status.PUBLISHED


class CallParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CallParticipant

    call = factory.SubFactory(CallFactory)
    participant = factory.SubFactory(ParticipantFactory)
    office_title = "President"
    country_id = "IR"


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement

    call = factory.SubFactory(CallFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "We discussed the situation in the region."
    language = "en"


def make_call(countries=("IR", "QA"), people=None, topics=(), **fields):
    """A call between one participant per country, with the given topics."""
    call = CallFactory(**fields)
    people = people or [None] * len(countries)
    for order, (code, person) in enumerate(zip(countries, people, strict=True)):
        CallParticipantFactory(
            call=call,
            participant=person or ParticipantFactory(),
            country_id=code,
            order=order,
            is_initiator=order == 0,
        )
    for topic in topics:
        call.topics.add(topic)
    return call
