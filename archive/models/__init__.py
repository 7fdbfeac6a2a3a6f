"""The archive's records: calls, their participants, statements, topics and sources."""

from .calls import Call, CallParticipant, CallQuerySet, Source, Statement, Translation
from .intake import IntakeGuess, TopicKeyword
from .people import Office, Participant, ParticipantName
from .places import Country
from .topics import CallTopicIndex, Topic
from .versions import CallVersion

__all__ = [
    "Call",
    "CallParticipant",
    "CallQuerySet",
    "CallTopicIndex",
    "CallVersion",
    "Country",
    "IntakeGuess",
    "Office",
    "Participant",
    "ParticipantName",
    "Source",
    "Statement",
    "Topic",
    "TopicKeyword",
    "Translation",
]
