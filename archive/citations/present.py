"""A snapshot made ready for a template: labels in the reader's language, text directions,
speakers and sources resolved, dates as people write them."""

import datetime

from django.utils.translation import get_language

from ..models.calls import format_partial_date
from ..vocabularies import LANGUAGES, Medium, ParticipantRole, SourceKind, StatementKind, text_direction
from .names import latin_name, native_language, native_name, whole_name

LANGUAGE_NAMES = dict(LANGUAGES)


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def _localised(item):
    if (get_language() or "").startswith("ar") and item.get("name_ar"):
        return item["name_ar"]
    return item["name"]


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def present(snapshot):
    participants = []
    for p in snapshot["participants"]:
        country = p.get("country")
        participants.append(
            {
                **p,
                "whole_name": whole_name(p),
                "latin_name": latin_name(p),
                "native": native_name(p),
                "native_language": native_language(p),
                "native_direction": text_direction(native_language(p)),
                "country_name": _localised(country) if country else "",
                "role_label": _label(ParticipantRole, p["role"]),
            }
        )
    sources = [
        {**s, "kind_label": _label(SourceKind, s["kind"]), "direction": text_direction(s["language"])}
        for s in snapshot["sources"]
    ]
    statements = []
    for s in snapshot["statements"]:
        speaker = participants[s["speaker"]] if s.get("speaker") is not None else None
        statements.append(
            {
                **s,
                "speaker_name": speaker["whole_name"] if speaker else "",
                "kind_label": _label(StatementKind, s["kind"]),
                "direction": text_direction(s["language"]),
                "source_outlet": sources[s["source"]]["outlet"] if s.get("source") is not None else "",
                "topic_names": [_localised(t) for t in s["topics"]],
                "translations": [
                    {
                        **t,
                        "direction": text_direction(t["language"]),
                        "language_name": LANGUAGE_NAMES.get(t["language"], t["language"]),
                    }
                    for t in s["translations"]
                ],
            }
        )
    place_country = snapshot.get("place_country")
    return {
        **snapshot,
        "medium_label": _label(Medium, snapshot["medium"]),
        "date_display": format_partial_date(
            _day(snapshot["date"]), snapshot["date_precision"], _day(snapshot["end_date"])
        ),
        "place_display": ", ".join(
            x for x in [snapshot.get("place", ""), _localised(place_country) if place_country else ""] if x
        ),
        "participants": participants,
        "statements": statements,
        "sources": sources,
        "topic_names": [_localised(t) for t in snapshot["topics"]],
    }
