"""Names in citations: whole, never inverted, in their own script next to the Latin form.

"Tamim bin Hamad Al Thani" has no "first name" and "last name" in the Western sense, and
"مسعود پزشکیان" must not be reordered or transliterated away, so citations never invert a
name ("Pezeshkian, Masoud") and name formats that parse names (BibTeX, CSL-JSON, RIS) get
them as literals.
"""

from django.conf import settings

from ..vocabularies import text_direction

DEFAULT_ARCHIVE_NAME = "Diplomatic Communications Archive"


def archive_name():
    """The archive's name as author and publisher of its records (setting ``ARCHIVE_NAME``)."""
    return getattr(settings, "ARCHIVE_NAME", DEFAULT_ARCHIVE_NAME)


def latin_name(participant):
    """The name a participant is best known by in English, from a snapshot's participant."""
    if participant.get("name"):
        return participant["name"]
    written = participant.get("name_as_written", "")
    if written and text_direction(participant.get("name_language")) == "ltr":
        return written
    country = participant.get("country")
    if country and not written:
        return f"Government of {country['name']}"
    return ""


def native_name(participant):
    """The name in the person's own script, if it differs from the Latin form."""
    native = participant.get("native_name") or ""
    if not native and participant.get("name_language") not in ("", "en", None):
        native = participant.get("name_as_written", "")
    if native and native != latin_name(participant):
        return native
    return ""


def native_language(participant):
    if participant.get("native_name"):
        return participant.get("native_language") or "und"
    return participant.get("name_language") or "und"


def whole_name(participant):
    """'Masoud Pezeshkian (مسعود پزشکیان)': the Latin form with the original script beside it."""
    latin, native = latin_name(participant), native_name(participant)
    if latin and native:
        return f"{latin} ({native})"
    return latin or native or "Unnamed participant"


def join_names(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"
