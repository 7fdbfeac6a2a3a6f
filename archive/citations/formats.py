"""Citations of a call record or a statement, rendered here rather than by a CSL processor,
so that names stay whole and in their own script (see ``names``).

Every format is built from one ``Citable``: what is cited (a call record, or one statement
in it), which published version, where it lives, and when the reader accessed it.

Who is the author? A call record is written by the archive (its editors chose the title,
wrote the summary, translated the statements): the archive is its corporate author and
publisher, and the people who took part are what the record is about, named in a
description and as subjects. A statement reports what one participant said: its author is
the speaker, and the call record is its container. docs/citing.md explains this to users.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..vocabularies import Medium, StatementKind
from .names import archive_name, join_names, whole_name

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


@dataclass
class Citable:
    identifier: str
    title: str
    summary: str
    medium: str
    date: datetime.date | None
    date_precision: str
    end_date: datetime.date | None
    participants: list = field(default_factory=list)  # whole names
    topics: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    version: int = 1
    version_date: datetime.datetime | None = None
    first_published: datetime.datetime | None = None
    accessed: datetime.date | None = None
    url: str = ""  # the URL the citation gives: the version's, or the statement's
    permalink: str = ""  # the call's permalink
    version_url: str = ""
    statement: dict | None = None  # identifier, order, speaker, text, language, kind, url

    @property
    def medium_label(self):
        try:
            return str(Medium(self.medium).label)
        except ValueError:
            return self.medium

    @property
    def author(self):
        if self.statement and self.statement.get("speaker"):
            return self.statement["speaker"]
        return archive_name()

    @property
    def key(self):
        key = f"{self.identifier}-v{self.version}"
        if self.statement:
            key = f"{self.identifier}-{self.statement['identifier']}-v{self.version}"
        return key


def citable_from_version(version, *, accessed, absolute, first_published=None, statement=None):
    """``absolute`` turns a path into a full URL (``request.build_absolute_uri``)."""
    snap = version.snapshot
    identifier = snap["identifier"]
    version_url = absolute(f"/calls/{identifier}/versions/{version.number}/")
    citable = Citable(
        identifier=identifier,
        title=snap["title"],
        summary=snap["summary"],
        medium=snap["medium"],
        date=_date(snap["date"]),
        date_precision=snap["date_precision"],
        end_date=_date(snap["end_date"]),
        participants=[whole_name(p) for p in snap["participants"]],
        topics=[t["name"] for t in snap["topics"]],
        languages=sorted({s["language"] for s in snap["statements"]}),
        version=version.number,
        version_date=version.published_at,
        first_published=first_published or version.published_at,
        accessed=accessed,
        url=version_url,
        permalink=absolute(f"/calls/{identifier}/"),
        version_url=version_url,
    )
    if statement is not None:
        speaker = None
        if statement.get("speaker") is not None:
            speaker = whole_name(snap["participants"][statement["speaker"]])
        citable.statement = {
            "identifier": statement["identifier"],
            "order": statement["order"],
            "speaker": speaker,
            "text": statement["text"],
            "language": statement["language"],
            "kind": statement["kind"],
            "url": absolute(f"/calls/{identifier}/statements/{statement['identifier']}/"),
        }
        citable.url = citable.statement["url"]
    return citable


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


# Dates in each style ------------------------------------------------------------------


def chicago_date(date, precision="day"):
    if date is None:
        return "n.d."
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def mla_date(date, precision="day"):
    if date is None:
        return "n.d."
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{MLA_MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MLA_MONTHS[date.month - 1]} {date.year}"


def apa_date(date):
    if date is None:
        return "n.d."
    return f"{date.year}, {MONTHS[date.month - 1]} {date.day}"


def event_date(citable, style=chicago_date):
    text = style(citable.date, citable.date_precision)
    if citable.end_date and citable.end_date != citable.date and citable.date_precision == "day":
        text = f"{text}–{style(citable.end_date)}"
    return text


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def description(citable, style=chicago_date):
    """'telephone call of December 2, 2024, between A (a) and B (b)'."""
    text = f"{citable.medium_label.lower()} of {event_date(citable, style)}"
    if citable.participants:
        text += f", between {join_names(citable.participants)}"
    return text


def _statement_label(citable):
    return f"statement {citable.statement['order']}"


# Formatted citations (HTML-safe strings) ------------------------------------------------


def _sentence(text):
    return text[:1].upper() + text[1:]


def chicago_note(citable):
    archive, title = escape(archive_name()), escape(citable.title)
    version = f"version {citable.version} ({chicago_date(_day(citable.version_date))})"
    accessed = f"accessed {chicago_date(citable.accessed)}"
    if citable.statement:
        author = escape(citable.author)
        parts = [
            f"{author}, {_statement_label(citable)}, in “{title},” {escape(description(citable))}",
            f"{archive}, record {citable.identifier}, {version}",
            accessed,
            _link(citable.url),
        ]
    else:
        parts = [
            f"{archive}, “{title},” {escape(description(citable))}",
            f"record {citable.identifier}, {version}",
            accessed,
            _link(citable.url),
        ]
    return mark_safe(", ".join(parts) + ".")  # noqa: S308 - every part is escaped above


def chicago_bibliography(citable):
    archive, title = escape(archive_name()), escape(citable.title)
    version = f"version {citable.version} ({chicago_date(_day(citable.version_date))})"
    accessed = f"Accessed {chicago_date(citable.accessed)}"
    if citable.statement:
        parts = [
            escape(citable.author),
            f"{_sentence(_statement_label(citable))} in “{title}.” {escape(_sentence(description(citable)))}",
            f"{archive}, record {citable.identifier}, {version}",
        ]
    else:
        parts = [
            archive,
            f"“{title}.” {escape(_sentence(description(citable)))}",
            f"Record {citable.identifier}, {version}",
        ]
    return mark_safe(". ".join([*parts, accessed, _link(citable.url)]) + ".")  # noqa: S308


def apa(citable):
    title = escape(citable.title)
    retrieved = f"Retrieved {chicago_date(citable.accessed)}, from {_link(citable.url)}"
    desc = escape(_sentence(description(citable)))
    if citable.statement:
        kind = escape(str(StatementKind(citable.statement["kind"]).label)).lower()
        text = (
            f"{escape(citable.author)}. ({apa_date(citable.date)}). "
            f"{_sentence(_statement_label(citable))} [{kind}]. In {escape(archive_name())}, "
            f"<i>{title}</i> (Record {citable.identifier}, Version {citable.version}) [{desc}]. {retrieved}"
        )
    else:
        text = (
            f"{escape(archive_name())}. ({apa_date(_day(citable.version_date))}). <i>{title}</i> "
            f"(Record {citable.identifier}, Version {citable.version}) [{desc}]. {retrieved}"
        )
    return mark_safe(text)  # noqa: S308


def mla(citable):
    title = escape(citable.title)
    container = (
        f"<i>{escape(archive_name())}</i>, record {citable.identifier}, version {citable.version}, "
        f"{mla_date(_day(citable.version_date))}, {_link(citable.url)}"
    )
    accessed = f"Accessed {mla_date(citable.accessed)}."
    desc = escape(_sentence(description(citable, mla_date)))
    if citable.statement:
        text = (
            f"{escape(citable.author)}. {_sentence(_statement_label(citable))}. “{title}.” {desc}. "
            f"{container}. {accessed}"
        )
    else:
        text = f"“{title}.” {desc}. {container}. {accessed}"
    return mark_safe(text)  # noqa: S308


def _link(url):
    return format_html('<a href="{}">{}</a>', url, url)


STYLES = [
    ("chicago-note", "Chicago (note)", chicago_note),
    ("chicago-bibliography", "Chicago (bibliography)", chicago_bibliography),
    ("apa", "APA", apa),
    ("mla", "MLA", mla),
]


def formatted(citable):
    return [{"key": key, "label": label, "html": render(citable)} for key, label, render in STYLES]


# Machine-readable formats ---------------------------------------------------------------

BIBTEX_SPECIAL = str.maketrans({c: f"\\{c}" for c in "&%$#_{}"})


def bibtex_escape(text):
    return (text or "").replace("\\", "\\textbackslash{}").translate(BIBTEX_SPECIAL)


def bibtex_name(name):
    """A name BibTeX must not split or invert: the whole name in its own braces."""
    return "{" + bibtex_escape(name) + "}"


def bibtex(citable):
    version_day = _day(citable.version_date)
    fields = [("author", bibtex_name(citable.author))]
    if citable.statement:
        fields += [
            ("title", bibtex_escape(f"{_sentence(_statement_label(citable))} in “{citable.title}”")),
            ("booktitle", bibtex_escape(citable.title)),
            ("date", citable.date.isoformat() if citable.date else ""),
            ("year", str(citable.date.year) if citable.date else ""),
        ]
    else:
        fields += [
            ("title", bibtex_escape(citable.title)),
            ("date", version_day.isoformat()),
            ("year", str(version_day.year)),
            ("month", str(version_day.month)),
        ]
    fields += [
        ("organization", bibtex_escape(archive_name())),
        ("publisher", bibtex_escape(archive_name())),
        ("howpublished", bibtex_escape(f"{archive_name()}, record {citable.identifier}")),
        ("number", citable.identifier),
        ("version", str(citable.version)),
        (
            "note",
            bibtex_escape(
                _sentence(description(citable)) + f"; version {citable.version} of {version_day.isoformat()}"
            ),
        ),
        ("url", citable.url),
        ("urldate", citable.accessed.isoformat()),
        ("keywords", bibtex_escape(", ".join(citable.participants + citable.topics))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{citable.key},\n{body}\n}}\n"


def ris(citable):
    version_day = _day(citable.version_date)
    lines = [("TY", "ELEC"), ("AU", citable.author)]
    if citable.statement:
        lines += [
            ("TI", f"{_sentence(_statement_label(citable))} in “{citable.title}”"),
            ("T2", citable.title),
            ("DA", citable.date.strftime("%Y/%m/%d/") if citable.date else ""),
            ("PY", str(citable.date.year) if citable.date else ""),
            ("AB", citable.statement["text"]),
        ]
    else:
        lines += [
            ("TI", citable.title),
            ("T2", archive_name()),
            ("DA", version_day.strftime("%Y/%m/%d/")),
            ("PY", str(version_day.year)),
            ("AB", citable.summary),
        ]
    lines += [
        ("PB", archive_name()),
        ("DB", archive_name()),
        ("ET", f"Version {citable.version}"),
        ("AN", citable.identifier),
        ("UR", citable.url),
        ("Y2", citable.accessed.strftime("%Y/%m/%d/")),
        ("N1", _sentence(description(citable)) + "."),
    ]
    lines += [("KW", keyword) for keyword in citable.participants + citable.topics]
    lines += [("LA", language) for language in citable.languages]
    text = "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines if value)
    return text + "ER  - \r\n"


def _parts(date):
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_json(citable):
    version_day = _day(citable.version_date)
    item = {
        "id": citable.key,
        "type": "webpage",
        "title": citable.title,
        "author": [{"literal": citable.author}],
        "publisher": archive_name(),
        "container-title": archive_name(),
        "number": citable.identifier,
        "version": str(citable.version),
        "genre": f"Record of a {citable.medium_label.lower()}",
        "issued": _parts(version_day),
        "accessed": _parts(citable.accessed),
        "URL": citable.url,
        "abstract": citable.summary,
        "note": _sentence(description(citable)) + ".",
        "keyword": ", ".join(citable.topics),
        "custom": {"participants": citable.participants, "permalink": citable.permalink},
    }
    if citable.date:
        item["event-date"] = _parts(citable.date)
    if citable.statement:
        item.update(
            {
                "type": "speech",
                "title": f"{_sentence(_statement_label(citable))} in “{citable.title}”",
                "container-title": citable.title,
                "issued": _parts(citable.date) if citable.date else _parts(version_day),
                "abstract": citable.statement["text"],
                "language": citable.statement["language"],
            }
        )
    return [item]


def csl_json_text(citable):
    return json.dumps(csl_json(citable), ensure_ascii=False, indent=2) + "\n"


# Metadata embedded in pages ---------------------------------------------------------------


def _slashed(date):
    return date.strftime("%Y/%m/%d") if date else ""


def meta_tags(citable):
    """Highwire Press ``citation_*`` tags (read by Zotero and Google Scholar) and Dublin Core."""
    version_day = _day(citable.version_date)
    title = citable.title
    if citable.statement:
        title = f"{_sentence(_statement_label(citable))} in “{citable.title}”"
    tags = [("citation_title", title), ("citation_author", citable.author)]
    tags += [
        ("citation_publication_date", _slashed(version_day)),
        ("citation_date", _slashed(version_day)),
        ("citation_online_date", _slashed(_day(citable.first_published))),
        ("citation_publisher", archive_name()),
        ("citation_public_url", citable.permalink if not citable.statement else citable.url),
        ("citation_abstract_html_url", citable.url),
        ("citation_fulltext_html_url", citable.version_url),
        ("citation_technical_report_number", citable.identifier),
        ("citation_keywords", "; ".join(citable.participants + citable.topics)),
        ("DC.title", title),
        ("DC.creator", citable.author),
        ("DC.publisher", archive_name()),
        ("DC.date", version_day.isoformat()),
        ("DC.identifier", citable.permalink if not citable.statement else citable.url),
        ("DC.type", "Text"),
    ]
    if citable.date:
        tags.append(("DC.coverage", citable.date.isoformat()))
    tags += [("DC.subject", name) for name in citable.participants]
    if citable.statement:
        tags.append(("citation_language", citable.statement["language"]))
    tags += [("citation_language", language) for language in citable.languages if not citable.statement]
    return [(name, value) for name, value in tags if value]


def _person(name_whole, participant=None):
    person = {"@type": "Person", "name": name_whole}
    if participant:
        if participant.get("name"):
            person["name"] = participant["name"]
        if participant.get("native_name"):
            person["alternateName"] = participant["native_name"]
        if participant.get("wikidata"):
            person["sameAs"] = f"https://www.wikidata.org/wiki/{participant['wikidata']}"
    return person


def json_ld(citable, snapshot):
    """schema.org: the record is a CreativeWork by the archive about an Event; a statement is
    a Quotation spoken by its speaker, part of the record."""
    archive = {"@type": "Organization", "name": archive_name()}
    event = {
        "@type": "Event",
        "name": snapshot["title"],
        "startDate": snapshot["date"],
        "attendee": [_person(whole_name(p), p) for p in snapshot["participants"]],
    }
    if snapshot.get("end_date"):
        event["endDate"] = snapshot["end_date"]
    if snapshot.get("place"):
        event["location"] = {"@type": "Place", "name": snapshot["place"]}
    record = {
        "@type": "CreativeWork",
        "@id": citable.permalink,
        "url": citable.permalink,
        "identifier": citable.identifier,
        "name": citable.title,
        "description": citable.summary,
        "version": str(citable.version),
        "dateModified": citable.version_date.isoformat(),
        "datePublished": citable.first_published.isoformat(),
        "author": archive,
        "publisher": archive,
        "about": event,
        "keywords": citable.topics,
        "inLanguage": ["en", *[lang for lang in citable.languages if lang != "en"]],
        "workExample": {"@type": "CreativeWork", "url": citable.version_url, "version": str(citable.version)},
        "citation": citable.url,
    }
    if not citable.statement:
        return {"@context": "https://schema.org", **record}
    statement = citable.statement
    speaker = None
    for index, participant in enumerate(snapshot["participants"]):
        if whole_name(participant) == statement["speaker"]:
            speaker = _person(statement["speaker"], snapshot["participants"][index])
    quotation = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": statement["url"],
        "url": statement["url"],
        "identifier": statement["identifier"],
        "text": statement["text"],
        "inLanguage": statement["language"],
        "isPartOf": record,
        "publisher": archive,
    }
    if speaker:
        quotation["spokenByCharacter"] = speaker
        quotation["creator"] = speaker
    return quotation


def json_ld_script(data):
    """JSON for a <script type="application/ld+json"> element, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return mark_safe(text)  # noqa: S308 - the characters that could end the element are escaped
