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


def make_seed_like_call(**fields):
    """A call like the archive's seed record: Pezeshkian and Tamim by telephone on
    2 December 2024, with Arabic statements, an English translation and a Mehr source."""
    pezeshkian = ParticipantFactory(
        name="Masoud Pezeshkian",
        slug="masoud-pezeshkian",
        native_name="مسعود پزشکیان",
        native_language="fa",
        wikidata="Q5933752",
    )
    tamim = ParticipantFactory(
        name="Tamim bin Hamad Al Thani",
        slug="tamim-bin-hamad-al-thani",
        native_name="تميم بن حمد آل ثاني",
        native_language="ar",
        wikidata="Q1855372",
    )
    gaza = TopicFactory(name="Gaza", slug="gaza", name_ar="غزة")
    defaults = {
        "identifier": "c1be75b92e",
        "title": "Telephone call between Masoud Pezeshkian and Tamim bin Hamad Al Thani",
        "summary": "They discussed Gaza, Lebanon, Syria and bilateral ties.",
        "date": datetime.date(2024, 12, 2),
    }
    call = make_call(people=[pezeshkian, tamim], topics=[gaza], **{**defaults, **fields})
    source = models.Source.objects.create(
        call=call,
        outlet="Mehr News Agency",
        language="ar",
        title="بزشكيان يبحث مع أمير قطر آخر التطورات في غزة ولبنان وسوريا",
        url="https://ar.mehrnews.com/news/example",
        published_on=datetime.date(2024, 12, 2),
        licence="CC BY 4.0",
        attribution="Mehr News Agency",
    )
    speakers = list(call.participants.order_by("order"))
    texts = [
        (speakers[0], "نحن نريد منطقة آمنة مع الحفاظ على حدود وسلامة أراضي الدول الإسلامية"),
        (speakers[1], "نعتبر هذه التوافقات بمثابة بشارة لمستقبل مشرق لعلاقات البلدين"),
    ]
    for order, (speaker, text) in enumerate(texts, start=1):
        statement = models.Statement.objects.create(
            call=call, order=order, speaker=speaker, text=text, language="ar", kind="quote", source=source
        )
        models.Translation.objects.create(
            statement=statement, language="en", text=f"English of statement {order}"
        )
    return call


def make_sample_archive():
    """A small published archive for crawling every public page: two calls with Arabic and
    English statements, people, countries and a topic tree. Returns a dict of the records."""
    topic = TopicFactory(name="Regional security", slug="regional-security")
    child = TopicFactory(name="Maritime security", slug="maritime-security", parent=topic)
    first = ParticipantFactory(name="Masoud Pezeshkian", slug="masoud-pezeshkian")
    second = ParticipantFactory(name="Tamim bin Hamad Al Thani", slug="tamim-bin-hamad-al-thani")
    call = make_call(
        countries=("IR", "QA"),
        people=[first, second],
        topics=[topic, child],
        title="Telephone call between Masoud Pezeshkian and Tamim bin Hamad Al Thani",
        date=datetime.date(2024, 12, 2),
    )
    StatementFactory(
        call=call,
        order=1,
        language="ar",
        text="أَكَّدَ الجانبان على أهمية تعزيز العلاقات الثنائية بين البلدين.",
    )
    StatementFactory(call=call, order=2, language="en", text="Both sides stressed regional stability.")
    other = make_call(
        countries=("IR", "TR"),
        topics=[topic],
        title="Meeting on regional trade",
        date=datetime.date(2023, 5, 9),
    )
    return {
        "call": call,
        "other": other,
        "topic": topic,
        "child": child,
        "person": first,
        "counterpart": second,
    }
