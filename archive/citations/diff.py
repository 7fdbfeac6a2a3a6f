"""Readable differences between two versions of a call: word by word on the text fields and
on each statement (matched by its permanent identifier), as HTML with <del> and <ins>."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .names import whole_name

TOKENS = re.compile(r"\s+|[^\s]+")


def inline_diff(old, new):
    """HTML of ``new`` with words removed since ``old`` in <del> and words added in <ins>."""
    old_tokens, new_tokens = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    out = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = escape("".join(old_tokens[a1:a2])), escape("".join(new_tokens[b1:b2]))
        if op == "equal":
            out.append(added)
            continue
        if removed:
            out.append(f"<del>{removed}</del>")
        if added:
            out.append(f"<ins>{added}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def _date_text(snap):
    parts = [snap.get("date") or "", snap.get("date_precision") or ""]
    if snap.get("end_date"):
        parts.append(f"to {snap['end_date']}")
    if snap.get("time"):
        parts.append(snap["time"])
    return " ".join(p for p in parts if p)


def _place_text(snap):
    country = snap.get("place_country") or {}
    return ", ".join(p for p in [snap.get("place", ""), country.get("name", "")] if p)


def _lines(items):
    return "\n".join(items)


def _participant_line(p):
    country = (p.get("country") or {}).get("name", "")
    bits = [whole_name(p), p.get("office_title", ""), country, p.get("role", "")]
    line = " · ".join(b for b in bits if b)
    return line + (" (initiated)" if p.get("is_initiator") else "")


def _source_line(s):
    return " · ".join(b for b in [s.get("outlet"), s.get("title"), s.get("url"), s.get("published_on")] if b)


FIELDS = [
    ("title", "Title", lambda s: s["title"]),
    ("summary", "Summary", lambda s: s["summary"]),
    ("medium", "Medium", lambda s: s["medium"]),
    ("date", "Date", _date_text),
    ("place", "Place", _place_text),
    ("topics", "Topics", lambda s: ", ".join(t["name"] for t in s["topics"])),
    ("participants", "Participants", lambda s: _lines(_participant_line(p) for p in s["participants"])),
    ("sources", "Sources", lambda s: _lines(_source_line(x) for x in s["sources"])),
]


def _statement_text(statement, snap):
    speaker = ""
    if statement.get("speaker") is not None and statement["speaker"] < len(snap["participants"]):
        speaker = whole_name(snap["participants"][statement["speaker"]])
    lines = [
        f"§{statement['order']} {speaker} ({statement['kind']}, {statement['language']})",
        statement["text"],
    ]
    lines += [f"[{t['language']}] {t['text']}" for t in statement.get("translations", [])]
    return "\n".join(lines)


def compare(old, new):
    """What changed from snapshot ``old`` to snapshot ``new``: a list of
    ``{"label", "kind", "html", "direction"}`` entries, empty when nothing changed."""
    changes = []
    for key, label, text_of in FIELDS:
        before, after = text_of(old), text_of(new)
        if before != after:
            changes.append(
                {"key": key, "label": label, "kind": "changed", "html": inline_diff(before, after)}
            )
    old_statements = {s["identifier"]: s for s in old["statements"]}
    new_statements = {s["identifier"]: s for s in new["statements"]}
    for identifier, statement in new_statements.items():
        label = f"Statement {statement['order']}"
        after = _statement_text(statement, new)
        if identifier not in old_statements:
            changes.append(
                {"key": identifier, "label": label, "kind": "added", "html": inline_diff("", after)}
            )
        else:
            before = _statement_text(old_statements[identifier], old)
            if before != after:
                changes.append(
                    {"key": identifier, "label": label, "kind": "changed", "html": inline_diff(before, after)}
                )
    for identifier, statement in old_statements.items():
        if identifier not in new_statements:
            before = _statement_text(statement, old)
            changes.append(
                {
                    "key": identifier,
                    "label": f"Statement {statement['order']}",
                    "kind": "removed",
                    "html": inline_diff(before, ""),
                }
            )
    return changes


def summary(old, new):
    """In a few words, what changed: 'title, summary, statement 3 added'."""
    if old is None:
        return "first published version"
    parts = []
    for change in compare(old, new):
        if change["key"] in dict((k, 1) for k, _label, _f in FIELDS):
            parts.append(change["label"].lower())
        else:
            parts.append(f"{change['label'].lower()} {change['kind']}")
    return ", ".join(parts) or "no visible change"
