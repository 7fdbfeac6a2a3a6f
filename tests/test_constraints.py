"""What must hold is enforced by the database itself, not only by forms."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from archive.models import Call, CallParticipant, Source, Statement
from archive.vocabularies import Status

from .factories import CallFactory, StatementFactory, make_call

pytestmark = pytest.mark.django_db


def violates(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()
        # Deferred foreign keys are checked at commit; force the check inside the block.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_statement_order_is_unique_per_call():
    call = make_call()
    StatementFactory(call=call, order=1)
    violates(lambda: StatementFactory(call=call, order=1))


def test_speaker_must_belong_to_the_same_call():
    call, other = make_call(), make_call()
    outsider = other.participants.first()
    violates(lambda: StatementFactory(call=call, speaker=outsider))


def test_source_must_belong_to_the_same_call():
    call, other = make_call(), make_call()
    source = Source.objects.create(call=other, outlet="Elsewhere")
    violates(lambda: StatementFactory(call=call, source=source))


def test_published_call_needs_a_date():
    violates(lambda: CallFactory(status=Status.PUBLISHED, date=None))


def test_end_date_not_before_date():
    violates(lambda: CallFactory(date=datetime.date(2024, 1, 2), end_date=datetime.date(2024, 1, 1)))


def test_withdrawn_call_needs_a_reason():
    violates(lambda: CallFactory(status=Status.WITHDRAWN, withdrawn_reason=""))


def test_identifier_format_is_enforced():
    violates(lambda: CallFactory(identifier="2024"))


def test_person_listed_once_per_call():
    call = make_call()
    person = call.participants.first().participant
    violates(lambda: CallParticipant.objects.create(call=call, participant=person, country_id="IR"))


def test_every_change_is_kept_as_a_revision():
    call = make_call(title="First title")
    call.title = "Second title"
    call.save()
    titles = list(call.history.order_by("history_id").values_list("title", flat=True))
    assert titles == ["First title", "Second title"]
    assert Call.history.filter(identifier=call.identifier).count() == 2
    statement = StatementFactory(call=call, text="نص")
    statement.delete()
    assert Statement.history.filter(identifier=statement.identifier, history_type="-").exists()
