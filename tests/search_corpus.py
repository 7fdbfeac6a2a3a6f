"""Builds the records of tests/search_recall.json: people with aliases, topics, calls with
participants, statements and English translations. Returns a key -> record map."""

import datetime
import json
from pathlib import Path

from archive import models

RECALL_SET = Path(__file__).with_name("search_recall.json")


def load_recall_set():
    return json.loads(RECALL_SET.read_text(encoding="utf-8"))


def build_corpus(data):
    records = {}
    for key, person in data["people"].items():
        record = models.Participant.objects.create(
            slug=key,
            name=person["name"],
            native_name=person["native_name"],
            native_language=person["native_language"],
            description=person["description"],
        )
        for name, language in person["aliases"]:
            record.names.create(name=name, language=language)
        records[f"person:{key}"] = record
    for key, topic in data["topics"].items():
        records[f"topic:{key}"] = models.Topic.objects.create(
            slug=key, name=topic["name"], name_ar=topic["name_ar"]
        )
    for key, spec in data["calls"].items():
        call = models.Call.objects.create(
            title=spec["title"],
            summary=spec["summary"],
            date=datetime.date.fromisoformat(spec["date"]),
            medium=spec["medium"],
            status=spec["status"],
        )
        records[f"call:{key}"] = call
        call.topics.set([records[f"topic:{topic}"] for topic in spec["topics"]])
        roles = {}
        for order, (person, country) in enumerate(spec["participants"]):
            roles[person] = call.participants.create(
                participant=records[f"person:{person}"], country_id=country, order=order
            )
        for order, item in enumerate(spec["statements"], start=1):
            statement = call.statements.create(
                order=order, speaker=roles[item["speaker"]], text=item["text"], language=item["language"]
            )
            if item.get("translation"):
                statement.translations.create(language="en", text=item["translation"])
            records[f"statement:{item['key']}"] = statement
    return records


def relevant_keys(query, data):
    """The query's expected and also-relevant records, and every call one of them belongs to."""
    keys = set(query["expected"]) | set(query.get("also_relevant", ()))
    for call_key, spec in data["calls"].items():
        parts = {f"statement:{s['key']}" for s in spec["statements"]}
        parts |= {f"person:{person}" for person, _ in spec["participants"]}
        parts |= {f"topic:{topic}" for topic in spec["topics"]}
        if parts & keys:
            keys.add(f"call:{call_key}")
    return keys
